//! What a response carries: a text made in memory, a file read from disk a chunk at a time (so
//! an 8 MB data file costs one chunk per reader, not 8 MB), or an event stream that stays open
//! and sends a message each time the rebuilding thread has one.

use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::Bytes;
use http_body::{Frame, SizeHint};
use tokio::io::{AsyncRead, ReadBuf};
use tokio::sync::mpsc;

/// How much of a file is read into memory at a time for one response.
const CHUNK: usize = 64 * 1024;

/// The body of a response.
pub(super) enum Body {
    /// Made in memory; `None` once sent.
    Text(Option<Bytes>),
    /// Read from an open file; `left` is how much of it is still to send.
    File {
        file: tokio::fs::File,
        left: u64,
        buffer: Box<[u8]>,
    },
    /// Server-sent events, open until the server drops the sending side.
    Events(mpsc::Receiver<Bytes>),
}

impl Body {
    pub(super) fn text(bytes: impl Into<Bytes>) -> Body {
        Body::Text(Some(bytes.into()))
    }

    /// The first `len` bytes of `file`, its length when it was opened.
    pub(super) fn file(file: tokio::fs::File, len: u64) -> Body {
        Body::File {
            file,
            left: len,
            buffer: vec![0; CHUNK].into_boxed_slice(),
        }
    }
}

impl http_body::Body for Body {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        match self.get_mut() {
            Body::Text(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Body::File { left: 0, .. } => Poll::Ready(None),
            Body::File { file, left, buffer } => {
                let wanted = usize::try_from(*left).map_or(buffer.len(), |n| n.min(buffer.len()));
                let mut read = ReadBuf::new(&mut buffer[..wanted]);
                ready!(Pin::new(file).poll_read(cx, &mut read))?;
                let chunk = read.filled();
                if chunk.is_empty() {
                    return Poll::Ready(Some(Err(io::ErrorKind::UnexpectedEof.into())));
                }
                *left -= chunk.len() as u64;
                Poll::Ready(Some(Ok(Frame::data(Bytes::copy_from_slice(chunk)))))
            }
            Body::Events(messages) => messages
                .poll_recv(cx)
                .map(|message| message.map(|m| Ok(Frame::data(m)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Body::Text(None) | Body::File { left: 0, .. })
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Body::Text(bytes) => SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64)),
            Body::File { left, .. } => SizeHint::with_exact(*left),
            Body::Events(_) => SizeHint::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body::Body as _;

    /// Collects a body's frames on a runtime of its own.
    fn collect(mut body: Body) -> io::Result<Vec<u8>> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            let mut all = Vec::new();
            while let Some(frame) =
                std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await
            {
                all.extend_from_slice(frame?.data_ref().unwrap());
            }
            Ok(all)
        })
    }

    #[test]
    fn a_file_is_sent_in_chunks_up_to_its_length() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        let bytes: Vec<u8> = (0..CHUNK * 3 + 5).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        let open = || tokio::fs::File::from_std(std::fs::File::open(&path).unwrap());
        let body = Body::file(open(), bytes.len() as u64);
        assert_eq!(body.size_hint().exact(), Some(bytes.len() as u64));
        assert_eq!(collect(body).unwrap(), bytes);
        // A file that shrank after it was opened fails rather than sending less than it said.
        assert!(collect(Body::file(open(), bytes.len() as u64 + 1)).is_err());
    }

    #[test]
    fn a_text_is_sent_once() {
        let body = Body::text("hello");
        assert_eq!(body.size_hint().exact(), Some(5));
        assert_eq!(collect(body).unwrap(), b"hello");
    }
}
