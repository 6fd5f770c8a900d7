//! What the server knows between requests: where the built site is, whether the last build
//! failed (and why), and the pages listening for reloads, as server-sent event streams. Also
//! what is added to pages while serving: the reload script and the error banner.

use std::path::PathBuf;
use std::sync::Mutex;

use bytes::Bytes;
use tokio::sync::mpsc;

use crate::site::pages::escape_html as escape;

/// The path of the reload script, and the tag that loads it in every served page.
pub(super) const SCRIPT_PATH: &str = "/__dossier/reload.js";
/// The path of the event stream the script listens to.
pub(super) const EVENTS_PATH: &str = "/__dossier/events";

/// Opens the event stream and reloads the page on a `reload` message. The browser reconnects
/// by itself when the stream breaks.
pub(super) const RELOAD_JS: &str = r#"// Added by dossier serve: reloads the page when the site is rebuilt.
(() => {
  const events = new EventSource("/__dossier/events");
  events.onmessage = (event) => {
    if (event.data === "reload") {
      location.reload();
    }
  };
})();
"#;

/// How many messages wait for a page that is not reading its stream before the stream is
/// closed (the browser opens a new one by itself).
const BACKLOG: usize = 8;

/// The state shared by the request loop and the rebuilding thread.
pub(super) struct Live {
    /// The folder the site is built into and served from.
    pub site: PathBuf,
    /// The errors of the last build, as plain text, when it failed.
    failure: Mutex<Option<String>>,
    /// The open event streams: each response's body receives what is sent here.
    clients: Mutex<Vec<mpsc::Sender<Bytes>>>,
}

impl Live {
    pub(super) fn new(site: PathBuf) -> Live {
        Live {
            site,
            failure: Mutex::new(None),
            clients: Mutex::new(Vec::new()),
        }
    }

    /// Records the outcome of a build: `None` when it worked, else its errors as text.
    pub(super) fn set_failure(&self, failure: Option<String>) {
        *lock(&self.failure) = failure;
    }

    /// The errors of the last build, when it failed.
    pub(super) fn failure(&self) -> Option<String> {
        lock(&self.failure).clone()
    }

    /// Opens an event stream: what the returned receiver gets is the body of the response. It
    /// starts by telling the browser to reconnect a second after the stream breaks.
    pub(super) fn listen(&self) -> mpsc::Receiver<Bytes> {
        let (sender, receiver) = mpsc::channel(BACKLOG);
        let _ = sender.try_send(Bytes::from_static(b"retry: 1000\n\n"));
        lock(&self.clients).push(sender);
        receiver
    }

    /// Tells every open page to reload.
    pub(super) fn reload(&self) {
        self.send("data: reload\n\n");
    }

    /// A comment line that keeps streams open and lets closed ones be dropped.
    pub(super) fn ping(&self) {
        self.send(": ping\n\n");
    }

    /// Queues `message` on every stream, dropping those that are closed or not read.
    fn send(&self, message: &'static str) {
        lock(&self.clients).retain(|client| {
            client
                .try_send(Bytes::from_static(message.as_bytes()))
                .is_ok()
        });
    }

    /// How many pages are listening.
    #[cfg(test)]
    pub(super) fn listeners(&self) -> usize {
        lock(&self.clients).len()
    }
}

/// Locks a mutex, going on with the data if a thread panicked while holding it.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Adds the reload script, and the error banner when the last build failed, before `</body>`.
pub(super) fn inject(html: &str, failure: Option<&str>) -> String {
    let mut extra = String::new();
    if let Some(text) = failure {
        extra.push_str(&banner(text));
    }
    extra.push_str(&format!("<script src=\"{SCRIPT_PATH}\"></script>\n"));
    let at = html
        .to_ascii_lowercase()
        .rfind("</body>")
        .unwrap_or(html.len());
    let mut page = String::with_capacity(html.len() + extra.len());
    page.push_str(&html[..at]);
    page.push_str(&extra);
    page.push_str(&html[at..]);
    page
}

/// A banner pinned to the bottom of the page with the errors of the last build.
fn banner(text: &str) -> String {
    format!(
        "<div id=\"dossier-error\" role=\"alert\" style=\"position:fixed;left:0;right:0;bottom:0;\
         z-index:2147483647;max-height:60vh;overflow:auto;margin:0;padding:1em 1.5em;\
         background:#2b0b0b;color:#ffe9e9;border-top:4px solid #e5484d;\
         font:14px/1.45 ui-monospace,monospace;text-align:left\">\
         <strong>dossier: the last change does not build. This is the last good version of \
         the site.</strong>\
         <pre style=\"white-space:pre-wrap;margin:.75em 0 0;font:inherit;color:inherit;\
         background:none\">{}</pre></div>\n",
        escape(text)
    )
}

/// A page for an address the site has no file for, when it has no 404.html of its own (as
/// when the first build failed).
pub(super) fn not_found_page(path: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Not found</title></head>\n<body><h1>Not found</h1>\
         <p>The site has no page at <code>{}</code>.</p>\n</body></html>\n",
        escape(path)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_the_script_before_the_end_of_the_body() {
        let page = inject("<html><body><p>x</p></BODY></html>", None);
        assert_eq!(
            page,
            "<html><body><p>x</p><script src=\"/__dossier/reload.js\"></script>\n</BODY></html>"
        );
        assert!(inject("<p>no body</p>", None).ends_with("</script>\n"));
    }

    #[test]
    fn the_banner_escapes_the_error_text() {
        let page = inject(
            "<body></body>",
            Some("error: <script>alert(1)</script> & co"),
        );
        assert!(page.contains("id=\"dossier-error\""));
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
        assert!(!page.contains("<script>alert"));
    }

    #[test]
    fn closed_and_unread_streams_are_dropped() {
        let live = Live::new(PathBuf::from("/nowhere"));
        let mut open = live.listen();
        let closed = live.listen();
        let _unread = live.listen();
        drop(closed);
        assert_eq!(live.listeners(), 3);
        live.reload();
        assert_eq!(live.listeners(), 2);
        assert_eq!(open.try_recv().unwrap(), "retry: 1000\n\n");
        assert_eq!(open.try_recv().unwrap(), "data: reload\n\n");
        for _ in 0..BACKLOG {
            live.ping();
            while open.try_recv().is_ok() {}
        }
        assert_eq!(live.listeners(), 1, "the stream nobody reads is closed");
    }
}
