//! Which files of an output folder are dossier's. The marker file `.dossier` lists every file
//! the last build wrote; those, and only those, a build may replace or remove. Everything else
//! in the folder (a `.git` of a gh-pages worktree, `CNAME`, `.well-known/`, files a person put
//! there) belongs to someone else and is left alone.
//!
//! The marker also says whether the build that wrote it finished. A build that is cut short
//! (killed, out of disk) leaves a marker that lists every file it might have put in place, and
//! may leave temporary files `.dossier-*`, which are always dossier's: the next build sweeps
//! them and goes on.
//!
//! A folder without a marker is accepted when it holds nothing of anyone's that a site could
//! be confused with: hidden entries (`.git`, `.well-known`, `.nojekyll`), the files hosts read
//! (`CNAME`, `_headers`, `_redirects`), and what a first build cut short left. Any other file
//! means the folder is someone else's, and a build into it is refused.

use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::Stamp;
use crate::error::Error;
use crate::path_key::{bytes, PathKey};

/// The name of the file that marks a folder as dossier's output and lists what it wrote.
pub(crate) const MARKER: &str = ".dossier";
/// The start of the name of every temporary file a build writes.
pub(super) const TEMPORARY: &str = ".dossier-";
/// The file that says a build is under way: one that finds it was cut short, and the next
/// build sweeps what it left.
pub(super) const BUILDING: &str = ".dossier-building";
/// Files static hosts read from a site's folder, which people put there by hand.
const HOSTING_FILES: [&str; 3] = ["CNAME", "_headers", "_redirects"];
/// What the marker says to a person who opens it.
const ABOUT: &str = "This folder is written by dossier build. It replaces and removes only the \
                     files listed here; every other file is left as it is.";

/// The marker's contents.
#[derive(Debug, Serialize, Deserialize)]
struct Marker {
    about: String,
    /// Whether the build that wrote it finished.
    complete: bool,
    /// Every file of the folder dossier wrote, by path relative to it.
    files: BTreeSet<String>,
}

/// What an output folder holds before a build.
#[derive(Debug, Default)]
pub(crate) struct Ownership {
    /// The files dossier wrote, by path relative to the folder.
    pub owned: FxHashSet<PathKey>,
    /// Whether the last build here was cut short, so its temporary files may be left.
    pub interrupted: bool,
    /// Whether the marker is one a finished build wrote, listing `owned`.
    pub finished: bool,
}

impl Ownership {
    /// Reads what dossier owns in `output` (nothing, if the folder does not exist), refusing a
    /// folder that holds someone else's files and no marker.
    pub(crate) fn read(output: &Path) -> Result<Ownership, Error> {
        let mut ownership = match fs::read(output.join(MARKER)) {
            Ok(bytes) => parse(output, &bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => unmarked(output)?,
            Err(e) => return Err(Error::output("read", &output.join(MARKER), e)),
        };
        ownership.interrupted |= output.join(BUILDING).exists();
        Ok(ownership)
    }

    pub(crate) fn owns(&self, path: &Path) -> bool {
        self.owned.contains(bytes(path))
    }
}

/// The ownership a marker records. A marker of an older dossier, which listed nothing, owns
/// every visible file of the folder but the hosting files.
fn parse(output: &Path, bytes: &[u8]) -> Ownership {
    match serde_json::from_slice::<Marker>(bytes) {
        Ok(marker) => Ownership {
            owned: marker
                .files
                .into_iter()
                .map(|file| PathKey::from(PathBuf::from(file)))
                .collect(),
            interrupted: !marker.complete,
            finished: marker.complete,
        },
        Err(_) => {
            let mut owned = FxHashSet::default();
            visible_files(output, Path::new(""), &mut owned);
            Ownership {
                owned,
                interrupted: true,
                finished: false,
            }
        }
    }
}

/// Every file under `output/relative` but hidden ones and hosting files.
fn visible_files(output: &Path, relative: &Path, found: &mut FxHashSet<PathKey>) {
    let Ok(entries) = fs::read_dir(output.join(relative)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if is_hidden(&name) || (relative.as_os_str().is_empty() && is_hosting_file(&name)) {
            continue;
        }
        let child = relative.join(&name);
        match entry.file_type() {
            Ok(t) if t.is_dir() => visible_files(output, &child, found),
            Ok(_) => {
                found.insert(PathKey::from(child));
            }
            Err(_) => {}
        }
    }
}

/// A folder without a marker: accepted empty, or with nothing but hidden entries, hosting
/// files and the leftovers of a build cut short.
fn unmarked(output: &Path) -> Result<Ownership, Error> {
    let Ok(entries) = fs::read_dir(output) else {
        return Ok(Ownership::default());
    };
    let mut foreign = Vec::new();
    let mut leftovers = false;
    for entry in entries.flatten() {
        let name = entry.file_name();
        if is_temporary(&name) {
            leftovers = true;
        } else if is_hidden(&name) || is_hosting_file(&name) {
            continue;
        } else if entry.file_type().is_ok_and(|t| t.is_dir()) && only_leftovers(&entry.path()) {
            leftovers = true;
        } else {
            foreign.push(name.to_string_lossy().into_owned());
        }
    }
    if foreign.is_empty() {
        return Ok(Ownership {
            interrupted: leftovers,
            ..Ownership::default()
        });
    }
    foreign.sort();
    let shown: Vec<String> = foreign.iter().take(5).cloned().collect();
    let more = if foreign.len() > 5 {
        format!(" and {} more", foreign.len() - 5)
    } else {
        String::new()
    };
    Err(Error::Output {
        action: "use",
        path: output.to_path_buf(),
        source: std::io::Error::other(format!(
            "the folder holds files that dossier did not write ({}{more}) and no {MARKER} file; \
             dossier builds into a folder of its own (hidden files, CNAME, _headers and \
             _redirects may stay in it): empty it, or choose another output folder",
            shown.join(", ")
        )),
    })
}

/// Whether the folder holds nothing but temporary files of dossier's and folders of them.
fn only_leftovers(dir: &Path) -> bool {
    let Ok(entries) = fs::read_dir(dir) else {
        return false;
    };
    entries.flatten().all(|entry| {
        is_temporary(&entry.file_name())
            || (entry.file_type().is_ok_and(|t| t.is_dir()) && only_leftovers(&entry.path()))
    })
}

pub(super) fn is_temporary(name: &OsStr) -> bool {
    name.to_string_lossy().starts_with(TEMPORARY)
}

fn is_hidden(name: &OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn is_hosting_file(name: &OsStr) -> bool {
    HOSTING_FILES.iter().any(|h| OsStr::new(h) == name)
}

/// Writes the marker: `files` are dossier's, and whether the build finished. Atomic: the
/// marker is whole, old or new, whenever the build stops.
pub(super) fn write_marker<'a>(
    output: &Path,
    files: impl Iterator<Item = &'a Path>,
    complete: bool,
) -> Result<(), Error> {
    let marker = Marker {
        about: ABOUT.to_string(),
        complete,
        files: files.map(|p| p.to_string_lossy().into_owned()).collect(),
    };
    let path = output.join(MARKER);
    let mut bytes = serde_json::to_vec_pretty(&marker)
        .map_err(std::io::Error::from)
        .map_err(|e| Error::output("write", &path, e))?;
    bytes.push(b'\n');
    // An unchanged marker keeps its modification time, as every unchanged file does.
    if fs::read(&path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMPORARY);
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut temp = builder
        .tempfile_in(output)
        .map_err(|e| Error::output("create a file in", output, e))?;
    temp.write_all(&bytes)
        .map_err(|e| Error::output("write", &path, e))?;
    temp.persist(&path)
        .map_err(|e| Error::output("replace", &path, e.error))?;
    Ok(())
}

/// Sweeps the temporary files a build cut short left under `output`, outside hidden folders;
/// whether it found any.
pub(super) fn sweep(output: &Path, relative: &Path) -> bool {
    let Ok(entries) = fs::read_dir(output.join(relative)) else {
        return false;
    };
    let mut found = false;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let child = relative.join(&name);
        if name == BUILDING {
            // It goes last, once the build is whole: a sweep cut short is taken up again.
            continue;
        } else if is_temporary(&name) {
            found |= fs::remove_file(entry.path()).is_ok();
        } else if !is_hidden(&name)
            && entry.file_type().is_ok_and(|t| t.is_dir())
            && sweep(output, &child)
        {
            found = true;
            // A folder that only leftovers filled goes with them.
            let _ = fs::remove_dir(entry.path());
        }
    }
    found
}

/// The stamp of every file the last finished build wrote into `output` that is still there;
/// `None` when the folder is not dossier's or its last build did not finish.
pub(crate) fn stamps_of_output(output: &Path) -> Option<FxHashMap<PathKey, Stamp>> {
    let _lock = super::lock(output).ok()?;
    let marker: Marker = serde_json::from_slice(&fs::read(output.join(MARKER)).ok()?).ok()?;
    if !marker.complete || output.join(BUILDING).exists() {
        return None;
    }
    let files: Vec<String> = marker.files.into_iter().collect();
    Some(
        files
            .par_iter()
            .filter_map(|path| {
                let metadata = fs::symlink_metadata(output.join(path)).ok()?;
                Some((
                    PathKey::from(PathBuf::from(path)),
                    Stamp::of(&metadata).ok()?,
                ))
            })
            .collect(),
    )
}

/// Every file of the site a finished build left in `output`, the marker included, by path
/// relative to it: what a copy of the site must hold. Refuses a folder whose last build did not
/// finish.
pub(crate) fn files_of_site(output: &Path) -> Result<Vec<PathBuf>, Error> {
    let path = output.join(MARKER);
    let bytes = fs::read(&path).map_err(|e| Error::output("read", &path, e))?;
    let marker: Marker = serde_json::from_slice(&bytes)
        .map_err(|e| Error::output("read", &path, std::io::Error::other(e)))?;
    if !marker.complete || output.join(BUILDING).exists() {
        return Err(Error::output(
            "copy",
            output,
            std::io::Error::other("its last build did not finish"),
        ));
    }
    let mut files: Vec<PathBuf> = marker.files.into_iter().map(PathBuf::from).collect();
    files.push(PathBuf::from(MARKER));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_of_hidden_and_hosting_files_or_leftovers_is_accepted() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        fs::create_dir_all(out.join(".git/objects")).unwrap();
        fs::create_dir_all(out.join(".well-known")).unwrap();
        fs::write(out.join("CNAME"), "example.org").unwrap();
        fs::create_dir_all(out.join("briefings/x")).unwrap();
        fs::write(out.join("briefings/x/.dossier-a1b2"), "half").unwrap();
        let ownership = Ownership::read(out).unwrap();
        assert!(ownership.owned.is_empty() && ownership.interrupted);
        fs::write(out.join("thesis.tex"), "precious").unwrap();
        let error = Ownership::read(out).unwrap_err().to_string();
        assert!(error.contains("thesis.tex"), "{error}");
    }

    #[test]
    fn the_marker_lists_what_is_owned_and_an_old_marker_owns_the_visible_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let files = [PathBuf::from("index.html"), PathBuf::from("a/index.html")];
        write_marker(out, files.iter().map(PathBuf::as_path), false).unwrap();
        let ownership = Ownership::read(out).unwrap();
        assert!(ownership.owns(Path::new("a/index.html")) && ownership.interrupted);
        fs::write(
            out.join(MARKER),
            "This folder is written by dossier build.\n",
        )
        .unwrap();
        fs::write(out.join("index.html"), "x").unwrap();
        fs::write(out.join("CNAME"), "x").unwrap();
        let old = Ownership::read(out).unwrap();
        assert_eq!(
            old.owned
                .into_iter()
                .map(PathKey::into_path_buf)
                .collect::<Vec<_>>(),
            [PathBuf::from("index.html")]
        );
    }
}
