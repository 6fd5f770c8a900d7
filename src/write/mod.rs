//! Brings the output folder up to date with a site, replacing and removing only what dossier
//! wrote itself.
//!
//! Only files whose bytes changed are written, each to a temporary file beside its place while
//! the site is still being made; when every file is ready they are renamed into place, so a
//! reader never sees half a file and a failed build changes nothing. Unchanged files keep their
//! modification times, so rsync-style deploys copy only what changed. `ownership` knows which
//! files of the folder are dossier's; `claims` checks, before anything moves, that the new site
//! can take its places.

mod claims;
mod ownership;

use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

pub(crate) use claims::{check_place, Claims};
pub(crate) use ownership::{files_of_site, stamps_of_output, Ownership, MARKER};

use crate::error::Error;
use crate::path_key::{bytes, PathKey};
use crate::site::{OutputFile, Sink, WriteFile};
use ownership::{BUILDING, TEMPORARY};

pub(crate) use crate::cache::{Stamp, Written};

/// What writing did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteReport {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Refuses an output folder that holds someone else's files and was not made by dossier.
pub(crate) fn check_output_folder(output: &Path) -> Result<(), Error> {
    Ownership::read(output).map(|_| ())
}

/// A build's new files, written beside their places as temporary files while the site is
/// still being made, and put in place together by [`Staging::commit`]. Holds the output
/// folder's lock from start to end. Dropped without a commit (a later page failed to render,
/// a write failed, a file would take a place it may not), it removes every temporary file and
/// every folder it made, so the output is as it was.
pub(crate) struct Staging {
    output: PathBuf,
    /// The canonical output folder, which every written file must lie in.
    root: PathBuf,
    _lock: fs::File,
    ownership: Ownership,
    staged: Vec<(tempfile::TempPath, PathBuf)>,
    /// Folders made for staged files (the output folder itself included), outermost first.
    made: Vec<PathBuf>,
    /// Every file of the new site, changed or not.
    claims: Claims,
    /// What of dossier's the new site displaces, removed before anything is put in place.
    displaced_files: BTreeSet<PathBuf>,
    displaced_folders: BTreeSet<PathBuf>,
    /// The digest of what each file was made from, where its generator gave one.
    digests: FxHashMap<PathKey, u64>,
    /// How the files of the last build stood when this one began (see [`Staging::found`]).
    stamps: FxHashMap<PathKey, Stamp>,
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
        match Staging::take(output) {
            Ok(mut staging) => {
                staging.made = made;
                Ok(staging)
            }
            Err(error) => {
                for dir in made.iter().rev() {
                    let _ = fs::remove_dir(dir);
                }
                Err(error)
            }
        }
    }

    fn take(output: &Path) -> Result<Staging, Error> {
        let lock = lock(output)?;
        let ownership = Ownership::read(output)?;
        // Left behind only by a build that is killed before it ends.
        let building = output.join(BUILDING);
        fs::write(&building, b"").map_err(|e| Error::output("write", &building, e))?;
        let root = output
            .canonicalize()
            .map_err(|e| Error::output("open", output, e))?;
        Ok(Staging {
            output: output.to_path_buf(),
            root,
            _lock: lock,
            ownership,
            staged: Vec::new(),
            made: Vec::new(),
            claims: Claims::default(),
            displaced_files: BTreeSet::new(),
            displaced_folders: BTreeSet::new(),
            digests: FxHashMap::default(),
            stamps: FxHashMap::default(),
            report: WriteReport::default(),
        })
    }

    /// Tells the staging how the files of the last build stood when this build compared them
    /// with its record, so that it need not look at the ones it leaves as they were again.
    pub(crate) fn found(&mut self, stamps: FxHashMap<PathKey, Stamp>) {
        self.stamps = stamps;
    }

    /// Writes every file whose bytes differ from the output's to a temporary file beside its
    /// place, replacing nothing yet.
    pub(crate) fn stage(&mut self, files: &[OutputFile]) -> Result<(), Error> {
        for file in files {
            let path = self.claim(&file.path, file.origin.as_deref())?;
            if let Some(digest) = file.digest {
                self.digests
                    .insert(PathKey::from(file.path.as_path()), digest);
            }
            if fs::read(&path).is_ok_and(|existing| existing == file.bytes) {
                self.report.unchanged += 1;
                continue;
            }
            let mut write = |out: &mut dyn crate::site::Output| out.write_all(&file.bytes);
            let temp = self.temporary(&path, &mut write)?;
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
        digest: Option<u64>,
        write: &mut WriteFile<'_>,
    ) -> Result<(), Error> {
        let path = self.claim(relative, None)?;
        if let Some(digest) = digest {
            self.digests.insert(PathKey::from(relative), digest);
        }
        let temp = self.temporary(&path, write)?;
        if same_bytes(&temp, &path) {
            self.report.unchanged += 1;
        } else {
            self.staged.push((temp, path));
            self.report.written += 1;
        }
        Ok(())
    }

    /// Keeps a file of the last build as it is: a file dossier wrote and that nobody touched
    /// since, so its place needs no checking.
    pub(crate) fn keep(&mut self, relative: &Path, digest: u64) -> Result<(), Error> {
        self.claims.claim(relative, None).map_err(Error::invalid)?;
        self.digests.insert(PathKey::from(relative), digest);
        self.report.unchanged += 1;
        Ok(())
    }

    /// A temporary file for `path`, beside it; in the output folder itself where a file of
    /// the old site stands where its folder must go (the folder is made when that file goes).
    fn temporary(
        &mut self,
        path: &Path,
        write: &mut WriteFile<'_>,
    ) -> Result<tempfile::TempPath, Error> {
        let blocked = path.strip_prefix(&self.output).is_ok_and(|relative| {
            relative
                .ancestors()
                .any(|a| self.displaced_files.contains(a))
        });
        if blocked {
            let root = self.root.clone();
            write_temporary_in(&root, &root, path, write, &mut self.made)
        } else {
            write_temporary(&self.root, path, write, &mut self.made)
        }
    }

    /// Notes `relative` as a file of the new site and returns its place in the output folder,
    /// refusing a place that is taken, cannot be a file, or is someone else's.
    fn claim(&mut self, relative: &Path, origin: Option<&Path>) -> Result<PathBuf, Error> {
        self.claims
            .claim(relative, origin)
            .map_err(Error::invalid)?;
        let displaced =
            check_place(&self.output, &self.ownership, relative, origin).map_err(Error::invalid)?;
        self.displaced_files.extend(displaced.files);
        self.displaced_folders.extend(displaced.folders);
        Ok(self.output.join(relative))
    }

    /// Puts every staged file in place and removes the files of dossier's the new site does
    /// not have. Returns what was done, and every file of the site with its stamp and the
    /// digest it was made from.
    pub(crate) fn commit(mut self) -> Result<(WriteReport, FxHashMap<PathKey, Written>), Error> {
        let output = self.output.clone();
        // Until the end, the marker lists every file that may be dossier's whenever the
        // build stops: those it had and those it puts in place.
        let stale: Vec<PathBuf> = self
            .ownership
            .owned
            .iter()
            .map(PathKey::as_path)
            .filter(|p| !self.claims.contains(p))
            .map(Path::to_path_buf)
            .collect();
        let all_owned = self.claims.paths().all(|p| self.ownership.owns(p));
        if !all_owned {
            let owned =
                (self.ownership.owned.iter().map(PathKey::as_path)).chain(self.claims.paths());
            ownership::write_marker(&output, owned, false)?;
        }
        for file in &self.displaced_files {
            remove_file(&output.join(file))?;
        }
        for folder in &self.displaced_folders {
            let path = output.join(folder);
            fs::remove_dir_all(&path).map_err(|e| Error::output("remove", &path, e))?;
        }
        let staged: FxHashSet<PathKey> = self
            .staged
            .iter()
            .filter_map(|(_, path)| path.strip_prefix(&output).ok())
            .map(PathKey::from)
            .collect();
        for (temp, path) in std::mem::take(&mut self.staged) {
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir).map_err(|e| Error::output("create", dir, e))?;
            }
            put_in_place(temp, &path).map_err(|e| Error::output("replace", &path, e))?;
        }
        self.made.clear();
        let mut report = self.report;
        for file in &stale {
            let displaced = self.displaced_files.contains(file)
                || file.ancestors().any(|a| self.displaced_folders.contains(a));
            if displaced {
                report.removed += 1;
            } else if remove_file(&output.join(file))? {
                report.removed += 1;
                prune_empty(&output, file);
            }
        }
        if self.ownership.interrupted {
            ownership::sweep(&output, Path::new(""));
        }
        // A marker that a finished build wrote for the same files is the one this build would
        // write.
        let same_files = self.ownership.finished && all_owned && stale.is_empty();
        if !same_files {
            ownership::write_marker(&output, self.claims.paths(), true)?;
        }
        remove_file(&output.join(BUILDING))?;
        let claims = std::mem::take(&mut self.claims);
        let mut written = FxHashMap::default();
        written.reserve(claims.len());
        for file in claims.into_paths() {
            // A file this build did not put in place stands as the last build's record says.
            let key = bytes(&file);
            let stamp = match self.stamps.get(key) {
                Some(stamp) if !staged.contains(key) => *stamp,
                _ => {
                    let path = output.join(&file);
                    fs::symlink_metadata(&path)
                        .and_then(|metadata| Stamp::of(&metadata))
                        .map_err(|e| Error::output("read", &path, e))?
                }
            };
            let digest = self.digests.get(bytes(&file)).copied();
            written.insert(PathKey::from(file), Written { stamp, digest });
        }
        Ok((report, written))
    }
}

/// A build's sink: every file staged.
impl Sink for Staging {
    fn files(&mut self, files: Vec<OutputFile>) -> Result<(), Error> {
        self.stage(&files)
    }

    fn keep(&mut self, path: &Path, digest: u64) -> Result<(), Error> {
        Staging::keep(self, path, digest)
    }

    fn written(
        &mut self,
        path: &Path,
        digest: Option<u64>,
        write: &mut WriteFile<'_>,
    ) -> Result<(), Error> {
        self.stage_written(path, digest, write)
    }

    /// The file as it stands in the output folder, if it is a file (never through a link).
    fn previous_file(&self, path: &Path) -> Option<fs::File> {
        let path = self.output.join(path);
        let metadata = fs::symlink_metadata(&path).ok()?;
        metadata.is_file().then(|| fs::File::open(&path).ok())?
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // Temporary files first, so the folders made for them are empty. A build that failed
        // has swept up after itself, unless the last one had left things to sweep.
        self.staged.clear();
        if !self.ownership.interrupted {
            let _ = fs::remove_file(self.output.join(BUILDING));
        }
        for dir in self.made.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
    }
}

/// Puts the finished temporary file `temp` at `path`, atomically: a reader finds the old file
/// or the new one, never neither. Where a file is there already, Linux exchanges the two and
/// the old one, now under the temporary name, is removed: renaming over a file makes ext4 first
/// allocate every block of the new one (its guard for programs that replace files without
/// syncing them), tens of milliseconds for the 60 MB of `data/briefings.json`.
fn put_in_place(temp: tempfile::TempPath, path: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        let replaces_file = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file());
        if replaces_file && renameat_with(CWD, &*temp, CWD, path, RenameFlags::EXCHANGE).is_ok() {
            // The new file is in place; the old one, if it cannot go now, stays under its
            // temporary name, as a build cut short leaves one, for a later sweep.
            let _ = temp.close();
            return Ok(());
        }
    }
    temp.persist(path).map(|_| ()).map_err(|e| e.error)
}

/// Removes a file that may already be gone; whether it was there.
fn remove_file(path: &Path) -> Result<bool, Error> {
    match fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Error::output("remove", path, e)),
    }
}

/// Removes the folders of `file` that its removal left empty, up to the output folder.
fn prune_empty(output: &Path, file: &Path) {
    for folder in file
        .ancestors()
        .skip(1)
        .filter(|a| !a.as_os_str().is_empty())
    {
        if fs::remove_dir(output.join(folder)).is_err() {
            break;
        }
    }
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

/// A temporary file being written.
impl crate::site::Output for std::io::BufWriter<&mut fs::File> {
    /// From file to file: on Linux the kernel copies (or shares) the bytes.
    fn copy_from(&mut self, file: &fs::File, start: u64, length: u64) -> std::io::Result<()> {
        self.flush()?;
        crate::site::copy_part(file, start, length, self.get_mut())
    }
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
    write_temporary_in(root, path.parent().unwrap_or(root), path, write, made)
}

/// [`write_temporary`] into the folder `dir`, for a file whose own folder cannot be made yet.
fn write_temporary_in(
    root: &Path,
    dir: &Path,
    path: &Path,
    write: &mut WriteFile<'_>,
    made: &mut Vec<PathBuf>,
) -> Result<tempfile::TempPath, Error> {
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
    builder.prefix(TEMPORARY);
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

    /// Everything an error says, its diagnostics included.
    fn said(error: &Error) -> String {
        match error {
            Error::Invalid(diagnostics) => diagnostics.iter().map(ToString::to_string).collect(),
            other => other.to_string(),
        }
    }

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile::new(PathBuf::from(path), text.as_bytes().to_vec())
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
    fn a_replaced_file_is_whole_for_a_reader_that_had_it_open_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        sync(&out, &[file("data/a.json", "old"), file("index.html", "i")]).unwrap();
        let mut reader = fs::File::open(out.join("data/a.json")).unwrap();
        let report = sync(
            &out,
            &[file("data/a.json", "new!"), file("index.html", "i")],
        )
        .unwrap();
        assert_eq!((report.written, report.unchanged), (1, 1));
        assert_eq!(fs::read_to_string(out.join("data/a.json")).unwrap(), "new!");
        let mut before = String::new();
        std::io::Read::read_to_string(&mut reader, &mut before).unwrap();
        assert_eq!(before, "old");
        let left: Vec<String> = fs::read_dir(out.join("data"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left, ["a.json"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(out.join("data/a.json"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o644);
        }
    }

    #[test]
    fn files_of_others_are_kept_and_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        sync(&out, &[file("index.html", "a"), file("x/index.html", "x")]).unwrap();
        // A gh-pages worktree and a host's files, put there by others.
        fs::create_dir_all(out.join(".git/objects/ab")).unwrap();
        fs::write(out.join(".git/objects/ab/cdef"), "history").unwrap();
        fs::create_dir_all(out.join(".well-known")).unwrap();
        fs::write(out.join(".well-known/security.txt"), "Contact: x").unwrap();
        fs::write(out.join("CNAME"), "example.org").unwrap();
        fs::write(out.join("x/notes.txt"), "mine, not the site's").unwrap();
        let report = sync(&out, &[file("index.html", "b")]).unwrap();
        assert_eq!(report.removed, 1);
        for kept in [
            ".git/objects/ab/cdef",
            ".well-known/security.txt",
            "CNAME",
            "x/notes.txt",
        ] {
            assert!(out.join(kept).exists(), "{kept} was removed");
        }
        assert!(!out.join("x/index.html").exists());
        // A new file where one of theirs stands fails before anything moves.
        let before = snapshot(&out);
        let error = sync(&out, &[file("index.html", "c"), file("CNAME", "mine")]).unwrap_err();
        let error = said(&error);
        assert!(error.contains("did not write"), "{error}");
        assert_eq!(snapshot(&out), before);
    }

    #[test]
    fn a_first_build_cut_short_leaves_a_folder_the_next_build_takes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(out.join("briefings/a")).unwrap();
        fs::write(out.join("briefings/a/.dossier-x1y2z3"), "half a page").unwrap();
        fs::write(out.join(".dossier-q9"), "half").unwrap();
        sync(&out, &[file("index.html", "a")]).unwrap();
        assert!(!out.join("briefings").exists(), "the leftovers are swept");
        assert!(!out.join(".dossier-q9").exists());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "a");
    }

    #[test]
    fn a_file_of_the_old_site_gives_way_to_a_folder_of_the_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        sync(&out, &[file("tags", "a file"), file("old/index.html", "o")]).unwrap();
        let report = sync(
            &out,
            &[file("tags/x/index.html", "x"), file("old", "now a file")],
        )
        .unwrap();
        assert_eq!(report.written, 2);
        assert_eq!(
            fs::read_to_string(out.join("tags/x/index.html")).unwrap(),
            "x"
        );
        assert_eq!(fs::read_to_string(out.join("old")).unwrap(), "now a file");
    }

    #[test]
    fn a_file_written_in_place_is_kept_only_if_its_bytes_changed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let big = |text: &'static str| {
            move |w: &mut dyn crate::site::Output| w.write_all(text.as_bytes())
        };
        let build = |text: &'static str| {
            let mut staging = Staging::open(&out).unwrap();
            staging
                .stage_written(Path::new("data/big.json"), None, &mut big(text))
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
        let mut failing = |w: &mut dyn crate::site::Output| {
            w.write_all(b"[half")?;
            Err(std::io::Error::other("the disk is full"))
        };
        let error = staging
            .stage_written(Path::new("data/big.json"), None, &mut failing)
            .unwrap_err();
        assert!(error.to_string().contains("big.json"), "{error}");
        drop(staging);
        assert_eq!(snapshot(&out), before);
    }

    #[test]
    fn a_file_written_in_place_copies_parts_of_the_old_one_as_they_were() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let build = |write: &mut crate::site::WriteFile<'_>| {
            let mut staging = Staging::open(&out).unwrap();
            let sink: &mut dyn Sink = &mut staging;
            sink.written(Path::new("data/big.json"), None, write)
                .unwrap();
            staging.commit().unwrap().0
        };
        build(&mut |w| w.write_all(b"[one, two, three]"));
        let old = Staging::open(&out)
            .unwrap()
            .previous_file(Path::new("data/big.json"))
            .unwrap();
        build(&mut |w| {
            w.write_all(b"[")?;
            w.copy_from(&old, 6, 5)?;
            w.write_all(b"zero, ")?;
            w.copy_from(&old, 1, 3)
        });
        let path = out.join("data/big.json");
        assert_eq!(fs::read_to_string(&path).unwrap(), "[two, zero, one");
        // Asking for more than the old file holds is an error, and changes nothing.
        let mut staging = Staging::open(&out).unwrap();
        let error = staging
            .stage_written(Path::new("data/big.json"), None, &mut |w| {
                w.copy_from(&old, 10, 100)
            })
            .unwrap_err();
        assert!(error.to_string().contains("shorter"), "{error}");
        drop(staging);
        assert_eq!(fs::read_to_string(&path).unwrap(), "[two, zero, one");
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
        assert!(said(&err).contains("blocker"), "{err}");
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
        let texts: std::collections::HashSet<String> = (0..200)
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
            let error = sync(&out, &[file(path, "x")]).unwrap_err();
            let error = said(&error);
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
        // (The link is not dossier's, so the build will not write through it.)
        let error = sync(&out, &[file("briefings/x/index.html", "x")]).unwrap_err();
        let error = said(&error);
        assert!(
            error.contains("briefings, which dossier did not write"),
            "{error}"
        );
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
