//! The output side: every generator of the site's files, each with the same shape.
//!
//! A [`Generator`] gets one [`SiteContext`] (the archive, its rendered texts, the settings, the
//! routes and the theme) and hands the files it makes to a [`Sink`] as they are ready; it
//! writes nothing itself. The build hands them on to the staging of the output folder,
//! `check` keeps them to check their links. The generators, in the order a build runs them:
//!
//! - `export`: the data export under `data/` (reads the Markdown, so it runs before the
//!   Markdown stage renders it: [`BEFORE_MARKDOWN`]);
//! - `pages::ThemeStatics`: the theme's static files; `files`: static/, the attachments of
//!   bundles and their images' web sizes (the files users name, one after another:
//!   [`AFTER_MARKDOWN`]);
//! - side by side ([`SIDE_BY_SIDE`]): `pages`, every HTML page, with the theme's templates;
//!   `calendar`, the archive's and each envoy's iCalendar file; `feeds`, the Atom feeds of
//!   the archive, actors, envoys and tags; `search`, the search index; `sitemap`,
//!   sitemap.xml and robots.txt.
//!
//! `graphics` draws the SVG figures the pages show. To add a kind of output, write a unit
//! struct that implements [`Generator`] and list it in [`SIDE_BY_SIDE`] (or in
//! [`AFTER_MARKDOWN`], for files named by users).

pub(crate) mod calendar;
pub(crate) mod export;
pub(crate) mod feeds;
pub(crate) mod files;
pub(crate) mod graphics;
pub(crate) mod pages;
pub(crate) mod search;
pub(crate) mod sitemap;
pub(crate) mod speech;

use std::path::{Path, PathBuf};

use crate::cache::Store;
use crate::config::Config;
use crate::error::{Diagnostic, Error};
use crate::markdown::{Html, Texts};
use crate::media::Media;
use crate::model::{Archive, BriefingIx};
use crate::routes::Routes;

pub(crate) use crate::cache::{digest, Memo, Previous};
pub(crate) use pages::Theme;

/// One file of the site, with its path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    /// The file it is a copy of (a theme's static file, an attachment), for messages about it;
    /// `None` for a file the build makes.
    pub origin: Option<PathBuf>,
    /// The digest of what it was made from, where its generator knows one: a later build
    /// that finds the same digest keeps the file without making it again.
    pub digest: Option<u64>,
}

impl OutputFile {
    /// A file the build makes.
    pub(crate) fn new(path: impl Into<PathBuf>, bytes: Vec<u8>) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes,
            origin: None,
            digest: None,
        }
    }

    /// The same file, noting the digest of what it was made from.
    pub(crate) fn with_digest(self, digest: u64) -> OutputFile {
        OutputFile {
            digest: Some(digest),
            ..self
        }
    }

    /// A copy of the file at `origin`.
    pub(crate) fn copied(path: impl Into<PathBuf>, bytes: Vec<u8>, origin: &Path) -> OutputFile {
        OutputFile {
            origin: Some(origin.to_path_buf()),
            ..OutputFile::new(path, bytes)
        }
    }
}

/// A file of the site as messages name it.
pub(crate) fn describe(path: &Path, origin: Option<&Path>) -> String {
    match origin {
        Some(origin) => format!("{} (copied to {})", origin.display(), path.display()),
        None => format!("the file {} that the build makes", path.display()),
    }
}

/// Writes a file's bytes, for a file too large to make in memory first.
pub(crate) type WriteFile<'a> = dyn FnMut(&mut dyn Output) -> std::io::Result<()> + 'a;

/// Where a file too large to make in memory first is written.
pub(crate) trait Output: std::io::Write {
    /// Appends `length` bytes of `file` from `start`. Where the output is a file too, the
    /// operating system copies them without handing them through the program.
    fn copy_from(&mut self, file: &std::fs::File, start: u64, length: u64) -> std::io::Result<()>;
}

impl Output for Vec<u8> {
    fn copy_from(&mut self, file: &std::fs::File, start: u64, length: u64) -> std::io::Result<()> {
        copy_part(file, start, length, self)
    }
}

/// Where what is not kept is written (`check` writes there the large files it does not read).
impl Output for std::io::Sink {
    fn copy_from(&mut self, _: &std::fs::File, _: u64, _: u64) -> std::io::Result<()> {
        Ok(())
    }
}

/// Copies `length` bytes of `file` from `start` to `out`; an error where the file is shorter.
pub(crate) fn copy_part(
    mut file: &std::fs::File,
    start: u64,
    length: u64,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    use std::io::{Read, Seek};
    file.seek(std::io::SeekFrom::Start(start))?;
    let copied = std::io::copy(&mut file.take(length), out)?;
    if copied == length {
        Ok(())
    } else {
        Err(std::io::Error::other(
            "the file to copy from was shorter than it was when it was written",
        ))
    }
}

/// Where generators hand the files they make, as they are ready.
pub(crate) trait Sink: Send {
    fn files(&mut self, files: Vec<OutputFile>) -> Result<(), Error>;

    /// Keeps the file at `path` as the last build left it: [`Previous::unchanged`] said it is
    /// what the generator would make again.
    fn keep(&mut self, path: &Path, digest: u64) -> Result<(), Error>;

    /// Takes the file at `path` that `write` writes, for a file too large to make in memory,
    /// made from inputs of `digest` where the generator knows it.
    fn written(
        &mut self,
        path: &Path,
        digest: Option<u64>,
        write: &mut WriteFile<'_>,
    ) -> Result<(), Error>;

    /// The file at `path` as the last build left it, for a generator to copy the parts of it
    /// that stay the same; none where the sink has no files of an earlier build. Ask only for
    /// a file that [`Previous::digest`] says still stands as it was made.
    fn previous_file(&self, _path: &Path) -> Option<std::fs::File> {
        None
    }
}

/// A sink that keeps every file in memory (for tests of the generators, and for `check`,
/// which reads what it makes).
impl Sink for Vec<OutputFile> {
    fn files(&mut self, files: Vec<OutputFile>) -> Result<(), Error> {
        self.extend(files);
        Ok(())
    }

    fn keep(&mut self, path: &Path, _digest: u64) -> Result<(), Error> {
        unreachable!(
            "a sink in memory is given no previous build, so it keeps none: {}",
            path.display()
        )
    }

    fn written(
        &mut self,
        path: &Path,
        digest: Option<u64>,
        write: &mut WriteFile<'_>,
    ) -> Result<(), Error> {
        let mut bytes = Vec::new();
        write(&mut bytes).map_err(|e| Error::output("write", path, e))?;
        self.push(OutputFile {
            digest,
            ..OutputFile::new(path, bytes)
        });
        Ok(())
    }
}

/// A sink that puts what it is handed in a folder of another's: the pages of a language
/// other than the default are made as a site of their own and go in its folder.
pub(crate) struct InFolder<'s> {
    pub inner: &'s mut dyn Sink,
    pub folder: PathBuf,
}

impl Sink for InFolder<'_> {
    fn files(&mut self, files: Vec<OutputFile>) -> Result<(), Error> {
        let folder = &self.folder;
        self.inner.files(
            files
                .into_iter()
                .map(|file| OutputFile {
                    path: folder.join(&file.path),
                    ..file
                })
                .collect(),
        )
    }

    fn keep(&mut self, path: &Path, digest: u64) -> Result<(), Error> {
        self.inner.keep(&self.folder.join(path), digest)
    }

    fn written(
        &mut self,
        path: &Path,
        digest: Option<u64>,
        write: &mut WriteFile<'_>,
    ) -> Result<(), Error> {
        self.inner.written(&self.folder.join(path), digest, write)
    }

    fn previous_file(&self, path: &Path) -> Option<std::fs::File> {
        self.inner.previous_file(&self.folder.join(path))
    }
}

/// A file of the site: made now, or kept as the last build made it.
pub(crate) enum Outcome {
    Made(OutputFile),
    Kept(PathBuf, u64),
}

impl Outcome {
    /// The file at `path` made from inputs of this `digest`: kept where the last build made it
    /// from the same, else made by `make`.
    pub(crate) fn of<E>(
        site: &SiteContext<'_>,
        path: impl Into<PathBuf>,
        digest: u64,
        make: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<Outcome, E> {
        let path = path.into();
        if site.previous.unchanged(&path, digest) {
            return Ok(Outcome::Kept(path, digest));
        }
        Ok(Outcome::Made(
            OutputFile::new(path, make()?).with_digest(digest),
        ))
    }
}

/// Hands files made and kept to the sink.
pub(crate) fn hand_on(outcomes: Vec<Outcome>, sink: &mut dyn Sink) -> Result<(), Error> {
    let mut files = Vec::with_capacity(outcomes.len());
    for outcome in outcomes {
        match outcome {
            Outcome::Made(file) => files.push(file),
            Outcome::Kept(path, digest) => sink.keep(&path, digest)?,
        }
    }
    sink.files(files)
}

impl Memo {
    /// The memo of a site.
    pub(crate) fn of(
        archive: &Archive,
        texts: &Texts,
        config: &Config,
        routes: &Routes,
        theme: &Theme,
        speech: &speech::Speech,
    ) -> Memo {
        let structure = digest(&(
            archive.structure(),
            format!("{config:?}"),
            routes.offline,
            theme.templates_digest,
            speech.digest,
        ));
        let slugs = |list: &[usize]| -> Vec<&str> {
            list.iter()
                .map(|&ix| archive.briefings[ix].slug.as_str())
                .collect()
        };
        let briefings = archive
            .briefings
            .iter()
            .enumerate()
            .map(|(ix, b)| {
                let files: Vec<_> = b
                    .attachments
                    .iter()
                    .map(|a| (a.name(), a.file.size, a.image))
                    .collect();
                // Its language and the languages it is written in show in its page's
                // language switcher.
                let text = (
                    texts.body_digest(ix),
                    slugs(&texts.referenced_by[ix]),
                    files,
                    (&b.language, &b.versions),
                );
                (b.slug.clone(), digest(&text))
            })
            .collect();
        let actors = archive
            .actors()
            .iter()
            .enumerate()
            .map(|(ix, a)| {
                let text = (
                    texts.biography_html(ix).digest,
                    slugs(&texts.also_mentioned_in[ix]),
                );
                (a.id.clone(), digest(&text))
            })
            .collect();
        Memo {
            structure,
            briefings,
            actors,
            languages: std::collections::BTreeMap::new(),
        }
    }
}

/// Everything a generator reads: the same for all of them.
#[derive(Clone, Copy)]
pub(crate) struct SiteContext<'a> {
    pub archive: &'a Archive,
    /// The briefings' bodies: Markdown for the generators before the Markdown stage, HTML for
    /// those after it.
    pub texts: &'a Texts,
    pub config: &'a Config,
    pub routes: &'a Routes,
    pub theme: &'a Theme,
    /// The interface's words and dates in the language of the pages.
    pub speech: &'a speech::Speech,
    /// What the last build made, to keep what is unchanged.
    pub previous: &'a Previous,
    /// The files published as they are, measured.
    pub media: &'a Media<'a>,
    /// What earlier builds made from single briefings, to use again.
    pub store: &'a Store,
    /// What this build's pages are made from, in brief.
    pub memo: &'a Memo,
}

impl<'a> SiteContext<'a> {
    /// A briefing's body as HTML (see [`Texts::body_html`]).
    pub(crate) fn body_html(&self, ix: BriefingIx) -> Result<Html<'a>, Diagnostic> {
        self.texts
            .body_html(ix, self.archive, self.config, self.routes, self.store)
    }
}

/// A maker of some of the site's files.
pub(crate) trait Generator: Sync {
    /// What it makes, in a word: the name of its stage in timings and the progress display.
    fn name(&self) -> &'static str;

    /// Makes its files and hands them to `sink`, a batch at a time. An error in the input
    /// (a template that fails, a file that cannot be encoded) is an [`Error::Invalid`], and
    /// nothing more is handed on after it.
    fn generate(&self, site: &SiteContext<'_>, sink: &mut dyn Sink) -> Result<(), Error>;
}

/// The generators that read the briefings' Markdown, run before the Markdown stage.
pub(crate) const BEFORE_MARKDOWN: &[&dyn Generator] = &[&export::Data];

/// The generators that read the rendered texts and run one after another, before
/// [`SIDE_BY_SIDE`]: those that copy the files a user names (the theme's static files,
/// static/, the files of bundles). Each of them takes its place first, so that a page, feed or
/// index named like one of them is the one that finds the place taken, whatever the order in
/// which the generators after them hand on their files.
pub(crate) const AFTER_MARKDOWN: &[&dyn Generator] =
    &[&pages::ThemeStatics, &files::Statics, &files::Attachments];

/// The generators that read the rendered texts and run side by side once [`AFTER_MARKDOWN`]'s
/// have ([`side_by_side`]). No two of them make a file of the same name.
pub(crate) const SIDE_BY_SIDE: &[&dyn Generator] = &[
    &pages::Pages,
    &calendar::Calendars,
    &feeds::Feeds,
    &search::Search,
    &sitemap::Sitemap,
];

/// Runs `generators` side by side, each on a thread of its own, handing their files to `sink`
/// one batch at a time. Returns how long each took. Where some fail, the error of the first
/// of them in `generators`' order, with the problems of every other that failed on the
/// archive's inputs too.
pub(crate) fn side_by_side(
    generators: &[&dyn Generator],
    site: &SiteContext<'_>,
    sink: &mut dyn Sink,
) -> Result<Vec<(&'static str, std::time::Duration)>, Error> {
    let shared = std::sync::Mutex::new(sink);
    let ran: Vec<(Result<(), Error>, std::time::Duration)> = std::thread::scope(|scope| {
        let running: Vec<_> = generators
            .iter()
            .map(|generator| {
                let mut sink = Shared { sink: &shared };
                scope.spawn(move || {
                    let started = std::time::Instant::now();
                    let result = generator.generate(site, &mut sink);
                    (result, started.elapsed())
                })
            })
            .collect();
        running
            .into_iter()
            .map(|thread| {
                thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut timings = Vec::with_capacity(generators.len());
    let mut failed: Option<Error> = None;
    for (generator, (result, time)) in generators.iter().zip(ran) {
        timings.push((generator.name(), time));
        match (result, &mut failed) {
            (Ok(()), _) => {}
            (Err(error), None) => failed = Some(error),
            (Err(Error::Invalid(more)), Some(Error::Invalid(problems))) => {
                for problem in more {
                    if !problems.contains(&problem) {
                        problems.push(problem);
                    }
                }
            }
            (Err(_), Some(_)) => {}
        }
    }
    failed.map_or(Ok(timings), Err)
}

/// A sink that generators running side by side hand their files to, one at a time.
struct Shared<'s, 'a> {
    sink: &'s std::sync::Mutex<&'a mut dyn Sink>,
}

impl<'s, 'a> Shared<'s, 'a> {
    fn lock(&self) -> std::sync::MutexGuard<'s, &'a mut dyn Sink> {
        // A generator that panicked took the build down with it: the lock is not used again.
        self.sink
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Sink for Shared<'_, '_> {
    fn files(&mut self, files: Vec<OutputFile>) -> Result<(), Error> {
        self.lock().files(files)
    }

    fn keep(&mut self, path: &Path, digest: u64) -> Result<(), Error> {
        self.lock().keep(path, digest)
    }

    fn written(
        &mut self,
        path: &Path,
        digest: Option<u64>,
        write: &mut WriteFile<'_>,
    ) -> Result<(), Error> {
        self.lock().written(path, digest, write)
    }

    fn previous_file(&self, path: &Path) -> Option<std::fs::File> {
        self.lock().previous_file(path)
    }
}
