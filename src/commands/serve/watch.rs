//! Rebuilding: the [`Builder`] runs a build into the private output folder, says how it went in
//! the terminal and on the pages, and tells open pages to reload; the watcher thread waits for
//! changes to content/, themes/, static/, config.toml and the ignore files that decide what the build
//! reads (`.gitignore` and `.ignore`, in those folders and beside config.toml), lets a burst of
//! them settle, and rebuilds once.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::live::Live;
use crate::config::CONFIG_FILE;
use crate::error::{Diagnostic, Error};
use crate::report::Report;
use crate::Options;

/// How long changes must stop before a rebuild starts.
const SETTLE: Duration = Duration::from_millis(50);
/// How often open event streams are pinged, which also drops the closed ones.
const PING: Duration = Duration::from_secs(15);

/// Builds the site and publishes the outcome.
pub(super) struct Builder {
    options: Options,
    live: Arc<Live>,
    quiet: bool,
    /// Whether to say how long each stage took.
    pub verbose: bool,
    report: Report,
    /// The warnings last printed, so an unchanged list is not printed again.
    warnings: Vec<Diagnostic>,
    /// Whether a build has worked yet, so there is a site to fall back on.
    built: bool,
    /// What the builds keep in memory from one to the next.
    resident: crate::Resident,
}

impl Builder {
    pub(super) fn new(options: Options, live: Arc<Live>, quiet: bool, colour: bool) -> Builder {
        Builder {
            options,
            live,
            quiet,
            verbose: false,
            report: Report::new(colour),
            warnings: Vec::new(),
            built: false,
            resident: crate::Resident::private(),
        }
    }

    /// Builds; `cause` names the changed file that asked for it. A failed build writes nothing,
    /// so the folder keeps the last good site.
    pub(super) fn build(&mut self, cause: Option<&Path>) {
        match crate::build_in(&mut self.resident, &self.options, &|_| {}) {
            Ok(report) => {
                if report.warnings != self.warnings {
                    for warning in &report.warnings {
                        eprintln!("{}\n", self.report.diagnostic(warning));
                    }
                    self.warnings = report.warnings.clone();
                }
                if !self.quiet {
                    match cause {
                        Some(path) => println!("{} changed. {report}", path.display()),
                        None => println!("{report}"),
                    }
                    if self.verbose {
                        println!("{}", report.timings());
                    }
                }
                self.built = true;
                self.live.set_failure(None);
            }
            Err(error) => {
                eprintln!("{}", self.report.error(&error));
                eprintln!(
                    "{}; the pages show these errors until a change builds.\n",
                    if self.built {
                        "The last site that built is still served"
                    } else {
                        "There is no site to serve yet"
                    }
                );
                self.live
                    .set_failure(Some(Report::new(false).error(&error)));
            }
        }
        self.live.reload();
    }
}

/// The sources a rebuild follows, as absolute paths.
struct Sources {
    root: PathBuf,
    content: PathBuf,
    themes: PathBuf,
    /// static/, whose hidden files are published too.
    statics: PathBuf,
    config: PathBuf,
    /// The private output folder: changes there are the build's own.
    output: PathBuf,
}

impl Sources {
    /// The folders watched recursively.
    fn followed(&self) -> [&Path; 3] {
        [&self.content, &self.themes, &self.statics]
    }

    /// Whether a change to `path` can change the site.
    fn matter(&self, path: &Path) -> bool {
        if path.starts_with(&self.output) {
            return false;
        }
        if let Ok(below) = path.strip_prefix(&self.statics) {
            return !below.iter().any(|part| part == ".git");
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let inside = path.starts_with(&self.content) || path.starts_with(&self.themes);
        if IGNORE_FILES.contains(&name.as_ref()) {
            return inside || path.parent() == Some(self.root.as_path());
        }
        path == self.config || (inside && ordinary(&name))
    }
}

/// The files that take sources out of the build (the walks in `load` and the theme read them
/// in every folder, and in the folders above).
const IGNORE_FILES: [&str; 2] = [".gitignore", ".ignore"];

/// Other hidden files and editor leftovers (`.x.swp`, `#x.md#`, `x.md~`) are never sources.
fn ordinary(name: &str) -> bool {
    !(name.starts_with('.') || name.starts_with('#') || name.ends_with('~'))
}

/// Starts the thread that watches the archive and rebuilds with `builder`.
pub(super) fn start(builder: Builder, root: &Path, output: &Path) -> Result<(), Error> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let sources = Sources {
        content: root.join("content"),
        themes: root.join("themes"),
        statics: root.join(crate::load::STATIC_DIR),
        config: root.join(CONFIG_FILE),
        output: output
            .canonicalize()
            .unwrap_or_else(|_| output.to_path_buf()),
        root,
    };
    let (sender, events) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(sender)
        .map_err(|e| Error::Failed(format!("cannot watch the archive: {e}")))?;
    watcher
        .watch(&sources.root, RecursiveMode::NonRecursive)
        .map_err(|e| Error::Failed(format!("cannot watch {}: {e}", sources.root.display())))?;
    let mut watching = [false; 3];
    follow_folders(&mut watcher, &sources, &mut watching);
    std::thread::spawn(move || {
        let mut builder = builder;
        while let Some(cause) = next_change(&events, &sources, &builder.live, &mut watching) {
            follow_folders(&mut watcher, &sources, &mut watching);
            builder.build(Some(cause.strip_prefix(&sources.root).unwrap_or(&cause)));
        }
    });
    Ok(())
}

/// Watches content/, themes/ and static/ once each exists, recursively (the watcher follows new
/// subfolders itself); `watching` says which of the three are watched. A folder is watched once:
/// watching it again walks every file in it, which in a large archive takes longer than the
/// rebuild's own reading.
fn follow_folders(watcher: &mut RecommendedWatcher, sources: &Sources, watching: &mut [bool; 3]) {
    for (folder, watched) in sources.followed().into_iter().zip(watching) {
        if !*watched && folder.is_dir() {
            match watcher.watch(folder, RecursiveMode::Recursive) {
                Ok(()) => *watched = true,
                Err(e) => eprintln!("warning: cannot watch {}: {e}", folder.display()),
            }
        }
    }
}

/// Waits for a change that matters and for the changes after it to settle; returns the last
/// changed path (an editor's temporary file is often first, the file it saves last), or `None`
/// when the watcher is gone. A followed folder that is itself made, moved or removed is marked
/// in `watching` as no longer watched, to be watched anew.
fn next_change(
    events: &Receiver<notify::Result<notify::Event>>,
    sources: &Sources,
    live: &Live,
    watching: &mut [bool; 3],
) -> Option<PathBuf> {
    let mut last: Option<PathBuf> = None;
    loop {
        let wait = if last.is_some() { SETTLE } else { PING };
        match events.recv_timeout(wait) {
            Ok(Ok(event)) => {
                renewed(&event, sources, watching);
                last = changed_path(&event, sources).or(last);
            }
            Ok(Err(e)) => eprintln!("warning: watching the archive: {e}"),
            Err(RecvTimeoutError::Timeout) if last.is_some() => return last,
            Err(RecvTimeoutError::Timeout) => live.ping(),
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
}

/// Marks a followed folder as no longer watched when `event` is about the folder itself: it
/// was made, moved or removed, and a watch on what was there before sees nothing of it.
fn renewed(event: &notify::Event, sources: &Sources, watching: &mut [bool; 3]) {
    if matches!(event.kind, EventKind::Access(_)) {
        return;
    }
    for (folder, watched) in sources.followed().into_iter().zip(watching) {
        if event.paths.iter().any(|p| p == folder) {
            *watched = false;
        }
    }
}

/// The last path of `event` that matters, unless the event only reads files.
fn changed_path(event: &notify::Event, sources: &Sources) -> Option<PathBuf> {
    if matches!(event.kind, EventKind::Access(_)) {
        return None;
    }
    event
        .paths
        .iter()
        .rev()
        .find(|p| sources.matter(p))
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources() -> Sources {
        Sources {
            root: PathBuf::from("/a"),
            content: PathBuf::from("/a/content"),
            themes: PathBuf::from("/a/themes"),
            statics: PathBuf::from("/a/static"),
            config: PathBuf::from("/a/config.toml"),
            output: PathBuf::from("/tmp/out"),
        }
    }

    #[test]
    fn only_sources_matter() {
        let s = sources();
        assert!(s.matter(Path::new("/a/content/briefings/x.md")));
        assert!(s.matter(Path::new("/a/themes/mine/templates/base.html")));
        assert!(s.matter(Path::new("/a/config.toml")));
        assert!(s.matter(Path::new("/a/static/.well-known/security.txt")));
        assert!(!s.matter(Path::new("/a/static/.git/index")));
        assert!(!s.matter(Path::new("/a/public/index.html")));
        assert!(!s.matter(Path::new("/a/README.md")));
        assert!(!s.matter(Path::new("/tmp/out/index.html")));
        assert!(!s.matter(Path::new("/a/content/briefings/.x.md.swp")));
        assert!(!s.matter(Path::new("/a/content/briefings/x.md~")));
        assert!(!s.matter(Path::new("/a/content/briefings/#x.md#")));
    }

    #[test]
    fn ignore_files_matter() {
        let s = sources();
        assert!(s.matter(Path::new("/a/content/.gitignore")));
        assert!(s.matter(Path::new("/a/content/briefings/.gitignore")));
        assert!(s.matter(Path::new("/a/content/actors/.ignore")));
        assert!(s.matter(Path::new("/a/themes/mine/static/.gitignore")));
        assert!(s.matter(Path::new("/a/.gitignore")));
        assert!(s.matter(Path::new("/a/.ignore")));
        assert!(!s.matter(Path::new("/a/public/.gitignore")));
        assert!(!s.matter(Path::new("/tmp/out/.gitignore")));
        assert!(!s.matter(Path::new("/a/content/briefings/.gitignore.swp")));
    }

    #[test]
    fn reading_a_file_is_no_change() {
        let s = sources();
        let read = notify::Event::new(EventKind::Access(notify::event::AccessKind::Any))
            .add_path(PathBuf::from("/a/content/x.md"));
        assert_eq!(changed_path(&read, &s), None);
        let write = notify::Event::new(EventKind::Modify(notify::event::ModifyKind::Any))
            .add_path(PathBuf::from("/a/content/x.md"));
        assert_eq!(
            changed_path(&write, &s),
            Some(PathBuf::from("/a/content/x.md"))
        );
    }
}
