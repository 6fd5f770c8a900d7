//! The files copied from the archive: each bundle's attachments into its page's folder, with
//! the web sizes of its large images beside them, and the files of static/ into the site's
//! root. Each is handed on as a copy of its source, so one that would take the place of
//! another file of the site (a page, a theme's static file, another copy) is an error naming
//! both. A file whose digest is the last build's is kept without being read: an attachment or
//! static file by the digest of its bytes, a web size by that, its width and the encoder's
//! settings.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{hand_on, Generator, Outcome, OutputFile, Sink, SiteContext};
use crate::error::{Diagnostic, Error};
use crate::media::{web_size_digest, web_widths};
use crate::model::Attachment;
use crate::routes::{self, web_size_name, Page};

/// How many bytes of copies are read before they are handed on together.
const BYTES_PER_CHUNK: u64 = 64 << 20;

/// Every attachment of the briefings and actors, and the web sizes of their large images.
pub(crate) struct Attachments;

impl Generator for Attachments {
    fn name(&self) -> &'static str {
        "attachments"
    }

    fn generate(&self, site: &SiteContext<'_>, sink: &mut dyn Sink) -> Result<(), Error> {
        let archive = site.archive;
        let briefings = archive
            .briefings
            .iter()
            .flat_map(|b| b.attachments.iter().map(|a| (Page::Briefing(&b.slug), a)));
        let actors = archive.actors().iter().flat_map(|actor| {
            actor
                .attachments
                .iter()
                .map(|a| (Page::Actor(&actor.id), a))
        });
        let jobs: Vec<(Page<'_>, &Attachment)> = briefings.chain(actors).collect();
        for chunk in chunks(&jobs, |(_, a)| a.file.size) {
            let made: Result<Vec<Vec<Outcome>>, Diagnostic> = chunk
                .par_iter()
                .map(|(page, attachment)| files_of(site, page, attachment))
                .collect();
            let made = made
                .map_err(Error::invalid)?
                .into_iter()
                .flatten()
                .collect();
            hand_on(made, sink)?;
        }
        Ok(())
    }
}

/// The files of static/, at the site's root.
pub(crate) struct Statics;

impl Generator for Statics {
    fn name(&self) -> &'static str {
        "static"
    }

    fn generate(&self, site: &SiteContext<'_>, sink: &mut dyn Sink) -> Result<(), Error> {
        for chunk in chunks(&site.media.statics, |(asset, _)| asset.size) {
            let made: Result<Vec<Outcome>, Diagnostic> = chunk
                .par_iter()
                .map(|(asset, digest)| {
                    copy(site, routes::static_path(&asset.name), *digest, &asset.path)
                })
                .collect();
            hand_on(made.map_err(Error::invalid)?, sink)?;
        }
        Ok(())
    }
}

/// An attachment of `page`, and its web sizes.
fn files_of(
    site: &SiteContext<'_>,
    page: &Page<'_>,
    attachment: &Attachment,
) -> Result<Vec<Outcome>, Diagnostic> {
    let routes = site.routes;
    let mut files = vec![copy(
        site,
        routes.attachment_path(page, attachment.name()),
        attachment.digest,
        &attachment.file.path,
    )?];
    let Some(picture) = attachment.image else {
        return Ok(files);
    };
    let extension = picture.resized_as.map_or("", |r| r.extension());
    let mut missing: Vec<(u32, PathBuf, u64)> = Vec::new();
    for width in web_widths(&picture) {
        let name = web_size_name(attachment.name(), width, extension);
        let path = routes.attachment_path(page, &name);
        let digest = web_size_digest(attachment, width);
        if site.previous.unchanged(&path, digest) {
            site.media.still_used(attachment, width);
            files.push(Outcome::Kept(path, digest));
        } else {
            missing.push((width, path, digest));
        }
    }
    if !missing.is_empty() {
        let widths: Vec<u32> = missing.iter().map(|(w, ..)| *w).collect();
        let made = site.media.web_sizes(attachment, &widths)?;
        for ((_, path, digest), bytes) in missing.into_iter().zip(made) {
            files.push(Outcome::Made(
                OutputFile::copied(path, bytes, &attachment.file.path).with_digest(digest),
            ));
        }
    }
    Ok(files)
}

/// The copy at `path` of the file at `origin`, whose bytes have `digest`: kept where the last
/// build left the same, else read.
fn copy(
    site: &SiteContext<'_>,
    path: PathBuf,
    digest: u64,
    origin: &Path,
) -> Result<Outcome, Diagnostic> {
    if site.previous.unchanged(&path, digest) {
        return Ok(Outcome::Kept(path, digest));
    }
    let bytes = site.media.read(origin)?;
    Ok(Outcome::Made(
        OutputFile::copied(path, bytes, origin).with_digest(digest),
    ))
}

/// `items` cut into runs of at most [`BYTES_PER_CHUNK`] bytes by `size` (a larger item alone).
fn chunks<T>(items: &[T], size: impl Fn(&T) -> u64) -> Vec<&[T]> {
    let mut chunks = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, item) in items.iter().enumerate() {
        if i > start && bytes + size(item) > BYTES_PER_CHUNK {
            chunks.push(&items[start..i]);
            (start, bytes) = (i, 0);
        }
        bytes += size(item);
    }
    if start < items.len() {
        chunks.push(&items[start..]);
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_read_a_bounded_run_at_a_time() {
        let sizes = [10, BYTES_PER_CHUNK, 5, 5, BYTES_PER_CHUNK - 10, 1];
        let chunks = chunks(&sizes, |s| *s);
        let lengths: Vec<usize> = chunks.iter().map(|c| c.len()).collect();
        assert_eq!(lengths, vec![1, 1, 3, 1]);
        assert!(super::chunks(&[] as &[u64], |s| *s).is_empty());
    }
}
