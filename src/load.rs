//! Finds the archive's source files (under content/, and a theme's templates and static files)
//! and reads them as clean UTF-8 text, inside the archive's trust boundary.
//!
//! The trust boundary: every file a build reads lies inside the archive folder once symbolic
//! links are resolved. A link that leads outside (to /etc, to another user's files), that
//! leads nowhere or that makes a loop is an error naming the link and where it leads, and
//! nothing behind it is read, so no message can quote a file from outside. Links that stay
//! inside the archive are followed.
//!
//! The walk honours .gitignore and .ignore files (inside a git repository or not), skips hidden
//! files and editor leftovers, and returns files sorted by path so every later stage sees them
//! in the same order. Byte order marks and CRLF line endings are removed here, once.
//!
//! Bundles: a briefing or actor may be a folder whose `index.md` is its text; every other file
//! under that folder (subfolders included, hidden files and leftovers not) is an attachment of
//! it, published beside its page. Another Markdown file inside a bundle is an error, never a
//! silent attachment: it was most likely meant as a briefing of its own. `static/` at the
//! archive root holds files copied to the site's root as they are, hidden ones included
//! (but never `.git`). Attachments and static files are not read here, only found and
//! stamped (size and modification time); the media stage reads what it must.

use std::collections::{BTreeMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::error::{Diagnostic, Location};
use crate::path_key::{bytes, PathKey};

pub(crate) const BRIEFINGS_DIR: &str = "content/briefings";
pub(crate) const ACTORS_DIR: &str = "content/actors";
/// The folder of files copied to the site's root as they are.
pub(crate) const STATIC_DIR: &str = "static";
/// The text of a bundle, in the bundle's folder.
pub(crate) const BUNDLE_INDEX: &str = "index.md";

/// One Markdown source file, read and normalized.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path relative to the archive root, as shown in messages.
    pub path: PathBuf,
    /// The text with any byte order mark removed and CRLF turned into LF; only its front
    /// matter where the body was left on disk (`unread`).
    pub text: Arc<str>,
    /// Where an earlier build read the file unchanged: its body, left on disk until wanted.
    pub(crate) unread: Option<Arc<UnreadBody>>,
    /// The file's state on disk when it was read.
    pub(crate) stamp: Option<FileStamp>,
    /// The digest of the whole text.
    pub(crate) digest: u64,
}

impl SourceFile {
    /// A source file of this text, as if read from `path`.
    pub fn new(path: impl Into<PathBuf>, text: Arc<str>) -> SourceFile {
        let digest = digest(&text);
        SourceFile {
            path: path.into(),
            text,
            unread: None,
            stamp: None,
            digest,
        }
    }
}

/// The body of a file an earlier build read, as it left it, still on disk: read only when
/// something wants its text.
#[derive(Debug)]
pub(crate) struct UnreadBody {
    /// The file, absolute.
    file: PathBuf,
    /// Where the body starts in the file's normalized text.
    offset: usize,
    /// The digest of the body's text.
    pub digest: u64,
}

impl UnreadBody {
    /// The body of `file` (absolute) from `offset` of its normalized text, whose text has this
    /// digest.
    pub(crate) fn new(file: PathBuf, offset: usize, digest: u64) -> UnreadBody {
        UnreadBody {
            file,
            offset,
            digest,
        }
    }

    /// The body's text, read now; an error if the file changed since the build began.
    pub(crate) fn read(&self, shown: &Path) -> Result<String, Diagnostic> {
        let changed = || {
            Diagnostic::error(shown, "the file changed while the archive was being built")
                .with_hint("build again")
        };
        let bytes = std::fs::read(&self.file)
            .map_err(|e| Diagnostic::error(shown, format!("cannot read the file: {e}")))?;
        let text = decode(bytes).map_err(|_| changed())?;
        let body = text.get(self.offset..).ok_or_else(changed)?;
        if digest(body) != self.digest {
            return Err(changed());
        }
        Ok(body.to_string())
    }
}

/// The digest of a text, as the cache compares them.
pub(crate) fn digest(text: &str) -> u64 {
    crate::digest::of(text)
}

/// What tells whether a file changed since it was read: its length, its modification and
/// change times and its inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub(crate) struct FileStamp {
    len: u64,
    modified_ns: i128,
    changed_ns: i128,
    inode: u64,
}

/// How long after a change a stamp is not trusted: a file system's clock ticks coarsely (a
/// jiffy on ext4, two seconds on FAT), so a file saved twice within one tick with the same
/// length keeps its stamp. A file changed this recently is read again by the next build.
const UNSETTLED_NS: i128 = 2_000_000_000;

impl FileStamp {
    /// Whether the file changed too recently for its stamp to tell a later change apart.
    fn recent(&self) -> bool {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as i128);
        self.modified_ns.max(self.changed_ns) > now - UNSETTLED_NS
    }

    fn of(metadata: &std::fs::Metadata) -> FileStamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            FileStamp {
                len: metadata.len(),
                modified_ns: i128::from(metadata.mtime()) * 1_000_000_000
                    + i128::from(metadata.mtime_nsec()),
                changed_ns: i128::from(metadata.ctime()) * 1_000_000_000
                    + i128::from(metadata.ctime_nsec()),
                inode: metadata.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let modified_ns = metadata
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as i128);
            FileStamp {
                len: metadata.len(),
                modified_ns,
                changed_ns: 0,
                inode: 0,
            }
        }
    }
}

/// What earlier builds read of the archive's briefings: for each file, its stamp, its front
/// matter and the digests of its body and of its whole text. A file whose stamp is the same
/// is not read again; its body stays on disk until something wants it.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Known {
    files: rustc_hash::FxHashMap<PathKey, KnownFile>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct KnownFile {
    stamp: FileStamp,
    /// Shared with the source file read from it, and with the record of the next build.
    front: Arc<str>,
    body_digest: u64,
    digest: u64,
}

impl Known {
    /// Notes what was read of `file`, whose body (at the end of its text) is `body`.
    pub(crate) fn note(&mut self, file: &SourceFile, body: &str) {
        let Some(stamp) = file.stamp.filter(|s| !s.recent()) else {
            return;
        };
        let known = match &file.unread {
            Some(unread) => KnownFile {
                stamp,
                front: Arc::clone(&file.text),
                body_digest: unread.digest,
                digest: file.digest,
            },
            None => KnownFile {
                stamp,
                front: file.text[..file.text.len() - body.len()].into(),
                body_digest: digest(body),
                digest: file.digest,
            },
        };
        self.files.insert(PathKey::from(file.path.as_path()), known);
    }
}

/// The archive's sources: briefings and actors, each sorted by path, the attachments of the
/// bundles among them, and the files of static/.
#[derive(Debug, Default)]
pub(crate) struct Sources {
    pub briefings: Vec<SourceFile>,
    pub actors: Vec<SourceFile>,
    /// The attachments of each bundle, by the path of its `index.md`, sorted by name.
    pub bundles: BTreeMap<PathBuf, Vec<Asset>>,
    /// The files of static/, sorted by name.
    pub statics: Vec<Asset>,
}

impl Sources {
    /// Whether an attachment or static file changed too recently for its stamp to tell a later
    /// change apart.
    pub(crate) fn unsettled(&self) -> bool {
        self.bundles
            .values()
            .flatten()
            .chain(&self.statics)
            .any(|asset| !asset.settled)
    }
}

/// A file published as it is: an attachment of a bundle, or a file of static/. Found and
/// stamped, not read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Asset {
    /// The path relative to the archive root, as shown in messages.
    pub path: PathBuf,
    /// The path below its bundle's folder (or static/), with `/` between folders: the name a
    /// body links it by, and its place below its page's folder (or the site's root).
    pub name: String,
    pub size: u64,
    /// With the path, what tells a later build that the file is unchanged without reading it.
    pub stamp: FileStamp,
    /// Whether the file changed long enough ago for its stamp to be trusted: one changed within
    /// the file system's clock tick is read again by every build until it settles.
    pub settled: bool,
}

/// A file of a theme, read as bytes.
#[derive(Debug, Clone)]
pub(crate) struct ThemeSource {
    /// The path below the theme's `templates/` or `static/` folder.
    pub below: PathBuf,
    /// The path relative to the archive root, as shown in messages.
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// A file of the theme in use, with the path shown in messages: inside the archive, or in the
/// built-in theme.
pub(crate) struct ThemeFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// The files of an archive's own theme.
#[derive(Debug, Default)]
pub(crate) struct ThemeSources {
    pub templates: Vec<ThemeSource>,
    pub statics: Vec<ThemeSource>,
    /// The words of the interface, `i18n/<tag>.toml`.
    pub words: Vec<ThemeSource>,
}

/// Reads every briefing and actor file of the archive at `root`; of a briefing that an earlier
/// build read unchanged (`known`), only the front matter, from what it kept. Problems with
/// single files are returned beside what could be read, so all of them can be reported
/// together.
pub(crate) fn load(root: &Path, known: &Known) -> (Sources, Vec<Diagnostic>) {
    read(root, find(root), known)
}

/// The source files of the archive at `root`, found but not read yet.
pub(crate) struct Found {
    briefings: Vec<PathBuf>,
    actors: Vec<PathBuf>,
    bundles: BTreeMap<PathBuf, Vec<Asset>>,
    statics: Vec<Asset>,
    diagnostics: Vec<Diagnostic>,
}

/// Finds the source files of the archive at `root`: the first half of [`load`], which needs
/// nothing an earlier build read.
pub(crate) fn find(root: &Path) -> Found {
    let mut diagnostics = Vec::new();
    let (briefing_paths, mut bundles) = find_entries(root, BRIEFINGS_DIR, &mut diagnostics);
    let (actor_paths, actor_bundles) = find_entries(root, ACTORS_DIR, &mut diagnostics);
    bundles.extend(actor_bundles);
    let statics = find_statics(root, &mut diagnostics);
    if !root.join(BRIEFINGS_DIR).is_dir()
        && !diagnostics
            .iter()
            .any(|d| d.path == Path::new(BRIEFINGS_DIR))
    {
        diagnostics.push(
            Diagnostic::error(BRIEFINGS_DIR, "the archive has no content/briefings folder")
                .with_hint("put one Markdown file per briefing under content/briefings/"),
        );
    }
    Found {
        briefings: briefing_paths,
        actors: actor_paths,
        bundles,
        statics,
        diagnostics,
    }
}

/// Reads the files `found`, each briefing whose stamp `known` has from what an earlier build
/// read of it: the second half of [`load`].
pub(crate) fn read(root: &Path, found: Found, known: &Known) -> (Sources, Vec<Diagnostic>) {
    let Found {
        briefings,
        actors,
        bundles,
        statics,
        mut diagnostics,
    } = found;
    let (briefings, mut problems) = read_all(root, briefings, known);
    diagnostics.append(&mut problems);
    let (actors, mut problems) = read_all(root, actors, &Known::default());
    diagnostics.append(&mut problems);
    let sources = Sources {
        briefings,
        actors,
        bundles,
        statics,
    };
    (sources, diagnostics)
}

/// Reads only the actor files of the archive at `root`, for commands that need the registry
/// but not the briefings.
pub(crate) fn load_actors(root: &Path) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let (paths, _) = find_entries(root, ACTORS_DIR, &mut diagnostics);
    let (actors, mut problems) = read_all(root, paths, &Known::default());
    diagnostics.append(&mut problems);
    (actors, diagnostics)
}

/// Reads the `templates/`, `static/` and `i18n/` files of the theme folder `dir` (relative to `root`).
pub(crate) fn load_theme(root: &Path, dir: &Path) -> (ThemeSources, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut read_part = |part: &str| -> Vec<ThemeSource> {
        let base = dir.join(part);
        let paths = files_under(root, &base, &mut diagnostics, &|_| true);
        paths
            .into_iter()
            .filter_map(|path| match read_inside(root, &path) {
                Ok(bytes) => Some(ThemeSource {
                    below: path.strip_prefix(&base).unwrap_or(&path).to_path_buf(),
                    path,
                    bytes,
                }),
                Err(d) => {
                    diagnostics.push(d);
                    None
                }
            })
            .collect()
    };
    let templates = read_part("templates");
    let statics = read_part("static");
    let words = read_part("i18n");
    (
        ThemeSources {
            templates,
            statics,
            words,
        },
        diagnostics,
    )
}

/// Where `relative` (a path inside the archive at `root`) really is, once symbolic links are
/// resolved; an error naming the link when it leads outside the archive, nowhere, or round.
/// A path that does not exist (and passes through no link) is returned as it is.
pub(crate) fn inside(root: &Path, relative: &Path) -> Result<PathBuf, Diagnostic> {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut walked = PathBuf::new();
    for component in relative.components() {
        match component {
            Component::Normal(name) => walked.push(name),
            // Archive paths are plain names; anything else leaves the archive by itself.
            _ => {
                return Err(
                    Diagnostic::error(relative, "the path leads outside the archive")
                        .with_hint("name files inside the archive folder"),
                )
            }
        }
        let here = root.join(&walked);
        let Ok(metadata) = std::fs::symlink_metadata(&here) else {
            return Ok(here);
        };
        if !metadata.file_type().is_symlink() {
            continue;
        }
        let target = std::fs::read_link(&here).unwrap_or_default();
        let resolved = here.canonicalize().map_err(|e| {
            let why = if e.raw_os_error() == Some(40) {
                "makes a loop".to_string()
            } else {
                format!("leads nowhere ({})", target.display())
            };
            Diagnostic::error(&walked, format!("the symbolic link {why}"))
                .with_hint("remove the link, or point it at a file or folder inside the archive")
        })?;
        if !resolved.starts_with(&canonical_root) {
            return Err(Diagnostic::error(
                &walked,
                format!(
                    "the symbolic link points outside the archive, to {}; dossier reads only files inside the archive folder",
                    target.display()
                ),
            )
            .with_hint("copy what it points to into the archive instead of linking to it"));
        }
    }
    Ok(root
        .join(relative)
        .canonicalize()
        .unwrap_or_else(|_| root.join(relative)))
}

/// Reads the file at `relative`, inside the archive's trust boundary.
pub(crate) fn read_inside(root: &Path, relative: &Path) -> Result<Vec<u8>, Diagnostic> {
    let path = inside(root, relative)?;
    std::fs::read(&path)
        .map_err(|e| Diagnostic::error(relative, format!("cannot read the file: {e}")))
}

/// The name a source file gives its briefing or actor: the file's name without `.md`, or for
/// the `index.md` of a bundle, the bundle folder's name.
pub(crate) fn entry_name(path: &Path) -> &str {
    let named = if is_bundle(path) {
        path.parent().and_then(Path::file_name)
    } else {
        path.file_stem()
    };
    named.and_then(|s| s.to_str()).unwrap_or_default()
}

/// Whether the source at `path` is the `index.md` of a bundle: one in a folder below
/// content/briefings or content/actors.
pub(crate) fn is_bundle(path: &Path) -> bool {
    path.file_name() == Some(BUNDLE_INDEX.as_ref())
        && path.parent().is_some_and(|folder| {
            folder != Path::new(BRIEFINGS_DIR) && folder != Path::new(ACTORS_DIR)
        })
}

/// The Markdown sources under `root/dir` (relative to `root`, sorted), and the attachments of
/// the bundles among them, by the path of their `index.md`.
fn find_entries(
    root: &Path,
    dir: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<PathBuf>, BTreeMap<PathBuf, Vec<Asset>>) {
    let dir = Path::new(dir);
    let paths = files_under(root, dir, diagnostics, &|path| !is_leftover(path));
    // A folder below `dir` with an index.md is a bundle.
    let folders: HashSet<&Path> = paths
        .iter()
        .filter(|path| path.ends_with(BUNDLE_INDEX))
        .filter_map(|path| path.parent())
        .filter(|folder| *folder != dir)
        .collect();
    let mut markdown = Vec::new();
    let mut bundles: BTreeMap<PathBuf, Vec<Asset>> = BTreeMap::new();
    for path in &paths {
        // The outermost bundle holding the file.
        let bundle = path
            .ancestors()
            .skip(1)
            .take_while(|folder| *folder != dir)
            .filter(|folder| folders.contains(folder))
            .last();
        match bundle {
            None if is_markdown(path) => markdown.push(path.clone()),
            None => {}
            Some(folder) if path.parent() == Some(folder) && path.ends_with(BUNDLE_INDEX) => {
                markdown.push(path.clone());
                bundles.entry(path.clone()).or_default();
            }
            Some(folder) if is_markdown(path) => diagnostics.push(
                Diagnostic::error(
                    path,
                    format!(
                        "this Markdown file lies in the bundle {}, whose text is its {BUNDLE_INDEX}: a bundle holds one briefing or actor",
                        folder.display()
                    ),
                )
                .with_hint(format!(
                    "to make it a briefing or actor of its own, move it out of {}; to attach it as a file, give it another extension (.txt)",
                    folder.display()
                )),
            ),
            Some(folder) => match stamp(root, path, folder) {
                Ok(asset) => bundles
                    .entry(folder.join(BUNDLE_INDEX))
                    .or_default()
                    .push(asset),
                Err(d) => diagnostics.push(d),
            },
        }
    }
    (markdown, bundles)
}

/// The files of static/, hidden ones included but not `.git`, stamped.
fn find_statics(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<Asset> {
    let dir = Path::new(STATIC_DIR);
    let paths = walk(root, dir, diagnostics, &|_| true, true);
    paths
        .iter()
        .filter_map(|path| match stamp(root, path, dir) {
            Ok(asset) => Some(asset),
            Err(d) => {
                diagnostics.push(d);
                None
            }
        })
        .collect()
}

/// The asset at `path` (relative to `root`), named from `folder`, with its size and stamp.
pub(crate) fn stamp(root: &Path, path: &Path, folder: &Path) -> Result<Asset, Diagnostic> {
    // The walk kept only files inside the archive.
    let metadata = std::fs::metadata(root.join(path))
        .map_err(|e| Diagnostic::error(path, format!("cannot read the file: {e}")))?;
    let stamp = FileStamp::of(&metadata);
    let below = path.strip_prefix(folder).unwrap_or(path);
    let name: Vec<String> = below
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect();
    Ok(Asset {
        path: path.to_path_buf(),
        name: name.join("/"),
        size: metadata.len(),
        settled: !stamp.recent(),
        stamp,
    })
}

/// The files under `root/dir` that `keep` accepts, relative to `root`, sorted: ignored, hidden
/// and leftover files skipped, links followed only inside the archive (each one that leads
/// out is an error here).
pub(crate) fn files_under(
    root: &Path,
    dir: &Path,
    diagnostics: &mut Vec<Diagnostic>,
    keep: &dyn Fn(&Path) -> bool,
) -> Vec<PathBuf> {
    walk(root, dir, diagnostics, keep, false)
}

/// [`files_under`], with hidden files and folders too (but never `.git`) when `hidden`.
fn walk(
    root: &Path,
    dir: &Path,
    diagnostics: &mut Vec<Diagnostic>,
    keep: &dyn Fn(&Path) -> bool,
    hidden: bool,
) -> Vec<PathBuf> {
    let base = match inside(root, dir) {
        Ok(base) => base,
        Err(d) => {
            diagnostics.push(d);
            return Vec::new();
        }
    };
    if !base.is_dir() {
        return Vec::new();
    }
    // Links are looked at as the walk meets them: one that leads out is reported and not
    // entered.
    let refused: Arc<Mutex<Vec<Diagnostic>>> = Arc::default();
    let walk_root = root.join(dir);
    let filter = {
        let refused = Arc::clone(&refused);
        let (root, walk_root) = (root.to_path_buf(), walk_root.clone());
        move |entry: &ignore::DirEntry| {
            if entry.file_name() == ".git" {
                return false;
            }
            if !entry.path_is_symlink() || entry.path() == walk_root {
                return true;
            }
            let relative = relative(&root, entry.path());
            match inside(&root, &relative) {
                Ok(_) => true,
                Err(d) => {
                    refused.lock().unwrap_or_else(|e| e.into_inner()).push(d);
                    false
                }
            }
        }
    };
    let walker = ignore::WalkBuilder::new(&walk_root)
        .hidden(!hidden)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .ignore(true)
        .parents(true)
        .follow_links(true)
        .filter_entry(filter)
        .build();
    let mut paths = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path =
                    error_path(&err).map_or_else(|| dir.to_path_buf(), |p| relative(root, &p));
                // A link that leads nowhere fails as it is read: say so, as for any link.
                if let Err(d) = inside(root, &path) {
                    diagnostics.push(d);
                    continue;
                }
                let message = if is_loop(&err) {
                    "the symbolic link makes a loop".to_string()
                } else {
                    format!("cannot read this part of the archive: {err}")
                };
                diagnostics.push(Diagnostic::error(path, message).with_hint(
                    "remove the link, or point it at a file or folder inside the archive",
                ));
                continue;
            }
        };
        // Every link on the way here was checked as the walk met it, so the file lies inside
        // the archive.
        if entry.file_type().is_some_and(|t| t.is_file()) && keep(entry.path()) {
            paths.push(relative(root, entry.path()));
        }
    }
    diagnostics.extend(std::mem::take(
        &mut *refused.lock().unwrap_or_else(|e| e.into_inner()),
    ));
    paths.sort();
    paths
}

fn is_loop(err: &ignore::Error) -> bool {
    match err {
        ignore::Error::Loop { .. } => true,
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => is_loop(err),
        _ => false,
    }
}

fn error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

/// Markdown sources end in `.md`; editor backups and lock files (`#x.md#`, `x.md~`, `.#x.md`) do not count.
fn is_markdown(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.ends_with(".md") && !is_leftover(path) && name.len() > 3
}

/// Editor backups and lock files (`#x#`, `x~`, `.#x`), and hidden files, are never sources.
fn is_leftover(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with('#') || name.starts_with('.') || name.ends_with('~')
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn read_all(root: &Path, paths: Vec<PathBuf>, known: &Known) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let results: Vec<Result<SourceFile, Diagnostic>> = paths
        .into_par_iter()
        .map(|path| {
            // The walk kept only files inside the archive.
            let file = root.join(&path);
            let stamp = std::fs::metadata(&file).ok().map(|m| FileStamp::of(&m));
            let seen = known.files.get(bytes(&path));
            if let Some(seen) = seen.filter(|k| Some(k.stamp) == stamp) {
                return Ok(SourceFile {
                    text: Arc::clone(&seen.front),
                    unread: Some(Arc::new(UnreadBody {
                        file,
                        offset: seen.front.len(),
                        digest: seen.body_digest,
                    })),
                    stamp,
                    digest: seen.digest,
                    path,
                });
            }
            let bytes = std::fs::read(&file)
                .map_err(|e| Diagnostic::error(&path, format!("cannot read the file: {e}")))?;
            let text = decode(bytes).map_err(|d| Diagnostic {
                path: path.clone(),
                ..d
            })?;
            if text.trim().is_empty() {
                return Err(Diagnostic::error(&path, "the file is empty")
                    .with_hint("a file starts with front matter between two `+++` lines"));
            }
            Ok(SourceFile {
                stamp,
                ..SourceFile::new(path, text.into())
            })
        })
        .collect();
    let mut files = Vec::with_capacity(results.len());
    let mut diagnostics = Vec::new();
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(d) => diagnostics.push(d),
        }
    }
    (files, diagnostics)
}

/// Turns a file's bytes into text: UTF-8 only, without a byte order mark, with LF line endings.
/// The diagnostic it returns has an empty path for the caller to fill in.
pub fn decode(bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let problem = |message: String| Diagnostic::error("", message);
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(problem("the file is UTF-16 encoded".into()).with_hint("save it as UTF-8"));
    }
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .map(<[u8]>::to_vec)
        .unwrap_or(bytes);
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(err.as_bytes()).into_owned();
            let line = err.as_bytes()[..valid]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            return Err(
                problem(format!("the file is not valid UTF-8 (byte {valid})"))
                    .at(Location::of_line(&lossy, line))
                    .with_hint("save it as UTF-8"),
            );
        }
    };
    if let Some(nul) = text.find('\0') {
        return Err(problem("the file contains a NUL byte".into())
            .at(Location::of_range(&text, nul..nul + 1))
            .with_hint("is this a binary file? Only Markdown text belongs under content/"));
    }
    Ok(normalize(text))
}

/// Whether UTF-8 text holds a control character other than tab and line feed: a C0 control or
/// DEL, or a C1 control (U+0080 to U+009F, written 0xC2 0x80 to 0xC2 0x9F).
fn has_control(bytes: &[u8]) -> bool {
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'\t' | b'\n' => false,
        0x00..=0x1F | 0x7F => true,
        0xC2 => bytes
            .get(i + 1)
            .is_some_and(|next| (0x80..=0x9F).contains(next)),
        _ => false,
    })
}

/// A value of one line, as names, titles and tags are compared and shown: composed, with
/// every run of white space or control characters (a TOML escape can make one) one space,
/// trimmed.
pub(crate) fn one_line(text: &str) -> String {
    let composed: std::borrow::Cow<'_, str> =
        match unicode_normalization::is_nfc_quick(text.chars()) {
            unicode_normalization::IsNormalized::Yes => text.into(),
            _ => text.nfc().collect::<String>().into(),
        };
    composed
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text as every later stage reads it: composed (NFC), so a name typed with combining accents
/// (as some editors and macOS file names give it) is the name typed with composed ones; every
/// line ending LF, a lone CR included; and no control character but tab and line feed (the
/// others become spaces), so none can reach a page, a feed or a calendar.
pub(crate) fn normalize(text: String) -> String {
    let composed = if text.is_ascii() {
        text
    } else {
        match unicode_normalization::is_nfc_quick(text.chars()) {
            unicode_normalization::IsNormalized::Yes => text,
            _ => text.nfc().collect(),
        }
    };
    if !has_control(composed.as_bytes()) {
        return composed;
    }
    let mut out = String::with_capacity(composed.len());
    let mut chars = composed.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\t' | '\n' => out.push(c),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_within_the_clock_tick_is_read_again() {
        let path = std::env::temp_dir().join(format!("dossier-stamp-{}", std::process::id()));
        std::fs::write(&path, "text").unwrap();
        let fresh = FileStamp::of(&std::fs::metadata(&path).unwrap());
        std::fs::remove_file(&path).unwrap();
        assert!(fresh.recent());
        let settled = FileStamp {
            modified_ns: fresh.modified_ns - 3 * UNSETTLED_NS,
            changed_ns: fresh.changed_ns - 3 * UNSETTLED_NS,
            ..fresh
        };
        assert!(!settled.recent());
        let file = SourceFile {
            stamp: Some(fresh),
            ..SourceFile::new(PathBuf::from("b.md"), Arc::from("+++\n+++\nbody"))
        };
        let mut known = Known::default();
        known.note(&file, "body");
        assert!(known.files.is_empty(), "a fresh stamp is not trusted");
        known.note(
            &SourceFile {
                stamp: Some(settled),
                ..file
            },
            "body",
        );
        assert_eq!(known.files.len(), 1);
    }

    #[test]
    fn composes_text_and_keeps_no_control_character() {
        assert_eq!(
            decode(
                "Jose\u{301} A\u{30a}\r\nb\rc\u{7}d\u{1b}[1m\te"
                    .as_bytes()
                    .to_vec()
            )
            .unwrap(),
            "José Å\nb\nc d [1m\te"
        );
    }

    #[test]
    fn decodes_bom_and_crlf() {
        assert_eq!(
            decode(b"\xEF\xBB\xBF+++\r\na\r\n".to_vec()).unwrap(),
            "+++\na\n"
        );
    }

    #[test]
    fn rejects_bad_encodings_with_a_line() {
        let err = decode(b"+++\ntitle = \"\xFF\"\n".to_vec()).unwrap_err();
        assert_eq!(err.line(), Some(2));
        assert!(decode(b"\xFF\xFEa\x00".to_vec())
            .unwrap_err()
            .message
            .contains("UTF-16"));
        assert_eq!(decode(b"+++\n\n\0".to_vec()).unwrap_err().line(), Some(3));
    }

    #[test]
    fn a_bundle_is_named_by_its_folder() {
        for (path, name, bundle) in [
            ("content/briefings/a/index.md", "a", true),
            ("content/briefings/2023/a/index.md", "a", true),
            ("content/actors/index/index.md", "index", true),
            ("content/briefings/index.md", "index", false),
            ("content/actors/index.md", "index", false),
            ("content/briefings/2023/a.md", "a", false),
        ] {
            assert_eq!(entry_name(Path::new(path)), name, "{path}");
            assert_eq!(is_bundle(Path::new(path)), bundle, "{path}");
        }
    }

    #[test]
    fn skips_editor_leftovers() {
        assert!(is_markdown(Path::new("a/b.md")));
        for name in [
            "#b.md#", ".#b.md", "b.md~", ".b.md", "b.md.swp", "b.txt", ".md",
        ] {
            assert!(!is_markdown(Path::new(name)), "{name}");
        }
    }
}
