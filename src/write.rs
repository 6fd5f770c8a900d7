//! Brings the output folder up to date with a rendered site.
//!
//! Only files whose bytes changed are written, each through a temporary file renamed into
//! place, so a reader never sees half a file; files the site no longer has are removed;
//! unchanged files keep their modification times, so rsync-style deploys copy only what
//! changed. A marker file says the folder is dossier's, so a folder of other files is never
//! emptied by mistake.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::site::{OutputFile, Sink, WriteFile};

/// The name of the file that marks a folder as dossier's output.
pub(crate) const MARKER: &str = ".dossier";

/// The size and modification time of one output file, as a build left it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stamp {
    pub size: u64,
    pub modified_ns: u128,
}

impl Stamp {
    pub(crate) fn of(metadata: &fs::Metadata) -> std::io::Result<Stamp> {
        let modified_ns = metadata
            .modified()?
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Ok(Stamp {
            size: metadata.len(),
            modified_ns,
        })
    }
}

/// What writing did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteReport {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Refuses an output folder that exists, holds files, and was not made by dossier.
pub(crate) fn check_output_folder(output: &Path) -> Result<(), Error> {
    let Ok(mut entries) = fs::read_dir(output) else {
        return Ok(());
    };
    if output.join(MARKER).is_file() || entries.next().is_none() {
        return Ok(());
    }
    Err(Error::Output {
        action: "use",
        path: output.to_path_buf(),
        source: std::io::Error::other(format!(
            "the folder holds files that dossier did not write (it has no {MARKER} file); \
             empty it, remove it, or choose another output folder"
        )),
    })
}

/// The stamp of every file of an output folder of dossier's but the marker, by path relative
/// to it; `None` for a folder that is not dossier's or cannot be read. Waits for a build
/// writing into the folder at the time.
pub(crate) fn stamps_of_output(output: &Path) -> Option<BTreeMap<PathBuf, Stamp>> {
    if !output.join(MARKER).is_file() {
        return None;
    }
    let _lock = lock(output).ok()?;
    let mut found: BTreeMap<PathBuf, Stamp> = stamps_below(output, Path::new(""))
        .ok()?
        .into_iter()
        .collect();
    found.remove(Path::new(MARKER));
    Some(found)
}

/// The stamp of every file under `output/relative`. Folders are read in parallel: a site has
/// a folder per page.
fn stamps_below(output: &Path, relative: &Path) -> std::io::Result<Vec<(PathBuf, Stamp)>> {
    let mut found = Vec::new();
    let mut folders = Vec::new();
    for entry in fs::read_dir(output.join(relative))? {
        let entry = entry?;
        let child = relative.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            folders.push(child);
            continue;
        }
        found.push((child, Stamp::of(&entry.metadata()?)?));
    }
    let below: Vec<Vec<(PathBuf, Stamp)>> = folders
        .par_iter()
        .map(|folder| stamps_below(output, folder))
        .collect::<std::io::Result<_>>()?;
    found.extend(below.into_iter().flatten());
    Ok(found)
}

/// A build's new files, written beside their places as temporary files while the site is
/// still being rendered, and put in place together by [`Staging::commit`]. Holds the output
/// folder's lock from start to end. Dropped without a commit (a later page failed to render,
/// a write failed), it removes every temporary file and every folder it made, so the output
/// is as it was.
pub(crate) struct Staging {
    output: PathBuf,
    /// The canonical output folder, which every written file must lie in.
    root: PathBuf,
    _lock: fs::File,
    staged: Vec<(tempfile::TempPath, PathBuf)>,
    /// Folders made for staged files (the output folder itself included), outermost first.
    made: Vec<PathBuf>,
    /// Every file of the new site, changed or not.
    wanted: HashSet<PathBuf>,
    report: WriteReport,
}

impl Staging {
    /// Takes the output folder (making it if needed) for this build, waiting for another
    /// build that holds it.
    pub(crate) fn open(output: &Path) -> Result<Staging, Error> {
        let missing: Vec<PathBuf> = output
            .ancestors()
            .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
            .map(Path::to_path_buf)
            .collect();
        fs::create_dir_all(output).map_err(|e| Error::output("create", output, e))?;
        let made: Vec<PathBuf> = missing.into_iter().rev().collect();
        let mut staging = match Staging::take(output) {
            Ok(staging) => staging,
            Err(error) => {
                for dir in made.iter().rev() {
                    let _ = fs::remove_dir(dir);
                }
                return Err(error);
            }
        };
        staging.made = made;
        let marker = OutputFile {
            path: PathBuf::from(MARKER),
            bytes: b"This folder is written by dossier build; files in it are replaced.\n".to_vec(),
        };
        staging.stage(std::slice::from_ref(&marker))?;
        // The marker is bookkeeping, not a page of the site.
        staging.report = WriteReport::default();
        Ok(staging)
    }

    fn take(output: &Path) -> Result<Staging, Error> {
        let lock = lock(output)?;
        check_output_folder(output)?;
        let root = output
            .canonicalize()
            .map_err(|e| Error::output("open", output, e))?;
        Ok(Staging {
            output: output.to_path_buf(),
            root,
            _lock: lock,
            staged: Vec::new(),
            made: Vec::new(),
            wanted: HashSet::new(),
            report: WriteReport::default(),
        })
    }

    /// Writes every file whose bytes differ from the output's to a temporary file beside its
    /// place, replacing nothing yet.
    pub(crate) fn stage(&mut self, files: &[OutputFile]) -> Result<(), Error> {
        for file in files {
            let path = self.claim(&file.path)?;
            if fs::read(&path).is_ok_and(|existing| existing == file.bytes) {
                self.report.unchanged += 1;
                continue;
            }
            let mut write = |out: &mut dyn Write| out.write_all(&file.bytes);
            let temp = write_temporary(&self.root, &path, &mut write, &mut self.made)?;
            self.staged.push((temp, path));
            self.report.written += 1;
        }
        Ok(())
    }

    /// Stages the file at `relative` that `write` writes, straight into its temporary file,
    /// for a file too large to hold in memory; it is kept only if its bytes differ from the
    /// output's.
    pub(crate) fn stage_written(
        &mut self,
        relative: &Path,
        write: &mut WriteFile<'_>,
    ) -> Result<(), Error> {
        let path = self.claim(relative)?;
        let temp = write_temporary(&self.root, &path, write, &mut self.made)?;
        if same_bytes(&temp, &path) {
            self.report.unchanged += 1;
        } else {
            self.staged.push((temp, path));
            self.report.written += 1;
        }
        Ok(())
    }

    /// Notes `relative` as a file of the new site and returns its place in the output folder,
    /// refusing a path that leads out of it.
    fn claim(&mut self, relative: &Path) -> Result<PathBuf, Error> {
        if !is_plain_relative(relative) {
            return Err(outside(&self.output, relative));
        }
        self.wanted.insert(relative.to_path_buf());
        Ok(self.output.join(relative))
    }

    /// Puts every staged file in place and removes the files the new site does not have.
    /// Returns what was done, and the stamp of every file the folder then holds but the
    /// marker.
    pub(crate) fn commit(mut self) -> Result<(WriteReport, BTreeMap<PathBuf, Stamp>), Error> {
        for (temp, path) in std::mem::take(&mut self.staged) {
            temp.persist(&path)
                .map_err(|e| Error::output("replace", &path, e.error))?;
        }
        self.made.clear();
        let mut report = self.report;
        let mut stamps = BTreeMap::new();
        remove_stale(
            &self.output,
            Path::new(""),
            &self.wanted,
            &mut report,
            &mut stamps,
        )?;
        stamps.remove(Path::new(MARKER));
        Ok((report, stamps))
    }
}

/// A build's sink: every file staged.
impl Sink for Staging {
    fn files(&mut self, files: Vec<OutputFile>) -> Result<(), Error> {
        self.stage(&files)
    }

    fn written(&mut self, path: &Path, write: &mut WriteFile<'_>) -> Result<(), Error> {
        self.stage_written(path, write)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // Temporary files first, so the folders made for them are empty.
        self.staged.clear();
        for dir in self.made.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
    }
}

/// Whether `path` names a place below a folder: only plain names, no root, `.` or `..`.
fn is_plain_relative(path: &Path) -> bool {
    path.components().next().is_some()
        && path.components().all(|c| matches!(c, Component::Normal(_)))
}

fn outside(output: &Path, path: &Path) -> Error {
    Error::output(
        "write",
        path,
        std::io::Error::other(format!(
            "the path leads outside the output folder {} (through '..', an absolute path or a \
             symbolic link); nothing was written. Rename what the path comes from, or remove \
             the link from the output folder",
            output.display()
        )),
    )
}

/// Holds the output folder for one build at a time. The lock is the operating system's
/// (flock on the folder), so a killed build leaves no stale lock behind.
fn lock(output: &Path) -> Result<fs::File, Error> {
    let folder = fs::File::open(output).map_err(|e| Error::output("open", output, e))?;
    match folder.try_lock() {
        Ok(()) => Ok(folder),
        Err(fs::TryLockError::WouldBlock) => {
            eprintln!(
                "waiting for another build into {} to finish",
                output.display()
            );
            folder
                .lock()
                .map_err(|e| Error::output("lock", output, e))?;
            Ok(folder)
        }
        Err(fs::TryLockError::Error(e)) => Err(Error::output("lock", output, e)),
    }
}

/// Writes `bytes` to a new temporary file in the folder of `path`, making the folder (and
/// noting in `made` every folder it made) if needed. The folder, once made, must lie inside
/// `root` (the canonical output folder) when symbolic links are followed.
fn write_temporary(
    root: &Path,
    path: &Path,
    write: &mut WriteFile<'_>,
    made: &mut Vec<PathBuf>,
) -> Result<tempfile::TempPath, Error> {
    let dir = path.parent().unwrap_or(root);
    let missing: Vec<&Path> = dir.ancestors().take_while(|d| !d.exists()).collect();
    // The folders still to make have plain names, so only the nearest existing one can lead
    // elsewhere; it is checked before anything is made.
    let existing = dir.ancestors().nth(missing.len()).unwrap_or(root);
    let canonical = existing
        .canonicalize()
        .map_err(|e| Error::output("open", existing, e))?;
    if !canonical.starts_with(root) {
        return Err(outside(root, path));
    }
    fs::create_dir_all(dir).map_err(|e| Error::output("create", dir, e))?;
    made.extend(missing.into_iter().rev().map(Path::to_path_buf));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".dossier-");
    // Site files are for everyone to read: a web server often runs as another user.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut temp = builder
        .tempfile_in(dir)
        .map_err(|e| Error::output("create a file in", dir, e))?;
    let mut out = std::io::BufWriter::new(temp.as_file_mut());
    write(&mut out)
        .and_then(|()| out.flush())
        .map_err(|e| Error::output("write", path, e))?;
    drop(out);
    Ok(temp.into_temp_path())
}

/// Whether two files hold the same bytes (false if either cannot be read).
fn same_bytes(a: &Path, b: &Path) -> bool {
    use std::io::Read;
    let (Ok(a), Ok(b)) = (fs::File::open(a), fs::File::open(b)) else {
        return false;
    };
    let same_length = match (a.metadata(), b.metadata()) {
        (Ok(x), Ok(y)) => x.len() == y.len(),
        _ => false,
    };
    if !same_length {
        return false;
    }
    let (mut a, mut b) = (std::io::BufReader::new(a), std::io::BufReader::new(b));
    let (mut left, mut right) = (vec![0; 1 << 16], vec![0; 1 << 16]);
    loop {
        let n = match a.read(&mut left) {
            Ok(n) => n,
            Err(_) => return false,
        };
        if n == 0 {
            return b.read(&mut right[..1]).is_ok_and(|m| m == 0);
        }
        if b.read_exact(&mut right[..n]).is_err() || left[..n] != right[..n] {
            return false;
        }
    }
}

/// Removes files under `output/relative` that the site no longer has, and folders left empty,
/// noting in `stamps` the stamp of every file kept. Returns whether the folder is empty
/// afterwards.
fn remove_stale(
    output: &Path,
    relative: &Path,
    wanted: &HashSet<PathBuf>,
    report: &mut WriteReport,
    stamps: &mut BTreeMap<PathBuf, Stamp>,
) -> Result<bool, Error> {
    let dir = output.join(relative);
    let entries = fs::read_dir(&dir).map_err(|e| Error::output("read", &dir, e))?;
    let mut empty = true;
    for entry in entries {
        let entry = entry.map_err(|e| Error::output("read", &dir, e))?;
        let child = relative.join(entry.file_name());
        let file_type = entry
            .file_type()
            .map_err(|e| Error::output("read", &entry.path(), e))?;
        if file_type.is_dir() {
            if remove_stale(output, &child, wanted, report, stamps)? {
                fs::remove_dir(entry.path())
                    .map_err(|e| Error::output("remove", &entry.path(), e))?;
            } else {
                empty = false;
            }
        } else if wanted.contains(&child) {
            let stamp = entry
                .metadata()
                .and_then(|metadata| Stamp::of(&metadata))
                .map_err(|e| Error::output("read", &entry.path(), e))?;
            stamps.insert(child, stamp);
            empty = false;
        } else {
            fs::remove_file(entry.path()).map_err(|e| Error::output("remove", &entry.path(), e))?;
            report.removed += 1;
        }
    }
    Ok(empty)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Makes `out` hold exactly `files` (and the marker), as a build does; returns what it
    /// did, leaving the stamps aside: these tests are about the files.
    fn sync(out: &Path, files: &[OutputFile]) -> Result<WriteReport, Error> {
        let mut staging = Staging::open(out)?;
        staging.stage(files)?;
        staging.commit().map(|(report, _)| report)
    }

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: PathBuf::from(path),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn writes_changes_only_and_removes_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = sync(&out, &[file("index.html", "a"), file("x/index.html", "x")]).unwrap();
        assert_eq!(first.written, 2);
        let second = sync(&out, &[file("index.html", "a"), file("y/index.html", "y")]).unwrap();
        assert_eq!(
            (second.written, second.unchanged, second.removed),
            (1, 1, 1)
        );
        assert!(
            !out.join("x").exists(),
            "the empty folder of a removed page goes too"
        );
        assert_eq!(fs::read_to_string(out.join("y/index.html")).unwrap(), "y");
    }

    #[test]
    fn a_file_written_in_place_is_kept_only_if_its_bytes_changed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let big = |text: &'static str| move |w: &mut dyn Write| w.write_all(text.as_bytes());
        let build = |text: &'static str| {
            let mut staging = Staging::open(&out).unwrap();
            staging
                .stage_written(Path::new("data/big.json"), &mut big(text))
                .unwrap();
            staging.commit().unwrap().0
        };
        assert_eq!(build("[1]").written, 1);
        let path = out.join("data/big.json");
        let stamp = fs::metadata(&path).unwrap().modified().unwrap();
        let again = build("[1]");
        assert_eq!((again.written, again.unchanged), (0, 1));
        assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), stamp);
        assert_eq!(build("[1, 2]").written, 1);
        assert_eq!(fs::read_to_string(&path).unwrap(), "[1, 2]");
        // A writer that fails replaces nothing and leaves no temporary file.
        let before = snapshot(&out);
        let mut staging = Staging::open(&out).unwrap();
        let mut failing = |w: &mut dyn Write| {
            w.write_all(b"[half")?;
            Err(std::io::Error::other("the disk is full"))
        };
        let error = staging
            .stage_written(Path::new("data/big.json"), &mut failing)
            .unwrap_err();
        assert!(error.to_string().contains("big.json"), "{error}");
        drop(staging);
        assert_eq!(snapshot(&out), before);
    }

    #[test]
    fn a_failed_write_leaves_the_output_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        sync(
            &out,
            &[file("index.html", "old"), file("a/index.html", "a")],
        )
        .unwrap();
        // A file where a folder must go makes the new page impossible to write.
        fs::write(out.join("blocker"), "in the way").unwrap();
        let before = snapshot(&out);
        let err = sync(
            &out,
            &[
                file("index.html", "new"),
                file("new/deep/index.html", "n"),
                file("blocker/index.html", "b"),
            ],
        )
        .unwrap_err();
        assert!(err.to_string().contains("blocker"), "{err}");
        assert_eq!(
            snapshot(&out),
            before,
            "no file replaced, no temporary file or folder left"
        );
    }

    #[test]
    fn two_builds_at_once_take_turns() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let site = |tag: &str| -> Vec<OutputFile> {
            (0..200)
                .map(|i| file(&format!("p{i}/index.html"), &format!("{tag}{i}")))
                .collect()
        };
        let (one, two) = (site("one"), site("two"));
        std::thread::scope(|scope| {
            scope.spawn(|| sync(&out, &one).unwrap());
            scope.spawn(|| sync(&out, &two).unwrap());
        });
        let texts: HashSet<String> = (0..200)
            .map(|i| {
                fs::read_to_string(out.join(format!("p{i}/index.html"))).unwrap()[..3].to_string()
            })
            .collect();
        assert_eq!(texts.len(), 1, "one build's pages, not a mix: {texts:?}");
    }

    fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files = Vec::new();
        for entry in ignore::WalkBuilder::new(dir)
            .hidden(false)
            .build()
            .flatten()
        {
            let bytes = if entry.path().is_file() {
                fs::read(entry.path()).unwrap()
            } else {
                Vec::new()
            };
            files.push((entry.path().to_path_buf(), bytes));
        }
        files.sort();
        files
    }

    #[cfg(unix)]
    #[test]
    fn written_files_are_readable_by_all() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        sync(dir.path(), &[file("a/index.html", "a")]).unwrap();
        let mode = fs::metadata(dir.path().join("a/index.html"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644);
    }

    #[test]
    fn never_writes_outside_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        for path in [
            "../escape.html",
            "/tmp/escape.html",
            "a/../../escape.html",
            "",
        ] {
            let error = sync(&out, &[file(path, "x")]).unwrap_err().to_string();
            assert!(
                error.contains("outside the output folder"),
                "{path}: {error}"
            );
        }
        assert!(!dir.path().join("escape.html").exists());
        // A link inside the output folder that leads out of it is not followed.
        let elsewhere = dir.path().join("elsewhere");
        fs::create_dir_all(&elsewhere).unwrap();
        sync(&out, &[file("index.html", "home")]).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("briefings")).unwrap();
        let error = sync(&out, &[file("briefings/x/index.html", "x")])
            .unwrap_err()
            .to_string();
        assert!(error.contains("outside the output folder"), "{error}");
        assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
        assert!(
            out.join("briefings").is_symlink(),
            "the failed build removed nothing"
        );
    }

    #[test]
    fn refuses_a_folder_it_did_not_make() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("thesis.tex"), "precious").unwrap();
        let err = sync(dir.path(), &[file("index.html", "a")]).unwrap_err();
        assert!(err.to_string().contains("did not write"), "{err}");
        assert!(dir.path().join("thesis.tex").exists());
    }
}
