//! Brings the output folder up to date with a rendered site.
//!
//! Only files whose bytes changed are written, each through a temporary file renamed into
//! place, so a reader never sees half a file; files the site no longer has are removed;
//! unchanged files keep their modification times, so rsync-style deploys copy only what
//! changed. A marker file says the folder is dossier's, so a folder of other files is never
//! emptied by mistake.

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// The name of the file that marks a folder as dossier's output.
pub const MARKER: &str = ".dossier";

/// One file of the site, with its path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// What writing did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteReport {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Refuses an output folder that exists, holds files, and was not made by dossier.
pub fn check_output_folder(output: &Path) -> Result<(), Error> {
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

/// Makes `output` hold exactly `files` (and the marker).
pub fn sync(output: &Path, files: &[OutputFile]) -> Result<WriteReport, Error> {
    check_output_folder(output)?;
    fs::create_dir_all(output).map_err(|e| Error::output("create", output, e))?;
    let mut report = WriteReport::default();
    write_if_changed(
        output,
        Path::new(MARKER),
        b"This folder is written by dossier build; files in it are replaced.\n",
        &mut WriteReport::default(),
    )?;

    let mut wanted: HashSet<PathBuf> = HashSet::with_capacity(files.len() + 1);
    wanted.insert(PathBuf::from(MARKER));
    for file in files {
        write_if_changed(output, &file.path, &file.bytes, &mut report)?;
        wanted.insert(file.path.clone());
    }
    remove_stale(output, Path::new(""), &wanted, &mut report)?;
    Ok(report)
}

fn write_if_changed(
    output: &Path,
    relative: &Path,
    bytes: &[u8],
    report: &mut WriteReport,
) -> Result<(), Error> {
    let path = output.join(relative);
    if let Ok(existing) = fs::read(&path) {
        if existing == bytes {
            report.unchanged += 1;
            return Ok(());
        }
    }
    let dir = path.parent().unwrap_or(output);
    fs::create_dir_all(dir).map_err(|e| Error::output("create", dir, e))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".dossier-");
    // Site files are for everyone to read: a web server often runs as another user.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut temp = builder
        .tempfile_in(dir)
        .map_err(|e| Error::output("create a file in", dir, e))?;
    temp.write_all(bytes)
        .map_err(|e| Error::output("write", &path, e))?;
    temp.persist(&path)
        .map_err(|e| Error::output("replace", &path, e.error))?;
    report.written += 1;
    Ok(())
}

/// Removes files under `output/relative` that the site no longer has, and folders left empty.
/// Returns whether the folder is empty afterwards.
fn remove_stale(
    output: &Path,
    relative: &Path,
    wanted: &HashSet<PathBuf>,
    report: &mut WriteReport,
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
            if remove_stale(output, &child, wanted, report)? {
                fs::remove_dir(entry.path())
                    .map_err(|e| Error::output("remove", &entry.path(), e))?;
            } else {
                empty = false;
            }
        } else if wanted.contains(&child) {
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
    fn refuses_a_folder_it_did_not_make() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("thesis.tex"), "precious").unwrap();
        let err = sync(dir.path(), &[file("index.html", "a")]).unwrap_err();
        assert!(err.to_string().contains("did not write"), "{err}");
        assert!(dir.path().join("thesis.tex").exists());
    }
}
