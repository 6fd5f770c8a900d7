//! Finds the archive's source files under content/ and reads them as clean UTF-8 text.
//!
//! The walk honours .gitignore and .ignore files (inside a git repository or not), skips hidden
//! files and editor leftovers, and returns files sorted by path so every later stage sees them
//! in the same order. Byte order marks and CRLF line endings are removed here, once.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::error::{Diagnostic, Location};

pub(crate) const BRIEFINGS_DIR: &str = "content/briefings";
pub(crate) const ACTORS_DIR: &str = "content/actors";

/// One Markdown source file, read and normalized.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path relative to the archive root, as shown in messages.
    pub path: PathBuf,
    /// The text with any byte order mark removed and CRLF turned into LF.
    pub text: Arc<str>,
}

/// The archive's sources: briefings and actors, each sorted by path.
#[derive(Debug, Default)]
pub(crate) struct Sources {
    pub briefings: Vec<SourceFile>,
    pub actors: Vec<SourceFile>,
}

/// Reads every briefing and actor file of the archive at `root`. Problems with single files are
/// returned beside what could be read, so all of them can be reported together.
pub(crate) fn load(root: &Path) -> (Sources, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let briefing_paths = find_markdown(root, BRIEFINGS_DIR, &mut diagnostics);
    let actor_paths = find_markdown(root, ACTORS_DIR, &mut diagnostics);
    if !root.join(BRIEFINGS_DIR).is_dir() {
        diagnostics.push(
            Diagnostic::error(BRIEFINGS_DIR, "the archive has no content/briefings folder")
                .with_hint("put one Markdown file per briefing under content/briefings/"),
        );
    }
    let (briefings, mut problems) = read_all(root, briefing_paths);
    diagnostics.append(&mut problems);
    let (actors, mut problems) = read_all(root, actor_paths);
    diagnostics.append(&mut problems);
    (Sources { briefings, actors }, diagnostics)
}

/// Reads only the actor files of the archive at `root`, for commands that need the registry
/// but not the briefings.
pub(crate) fn load_actors(root: &Path) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let paths = find_markdown(root, ACTORS_DIR, &mut diagnostics);
    let (actors, mut problems) = read_all(root, paths);
    diagnostics.append(&mut problems);
    (actors, diagnostics)
}

/// The Markdown files under `root/dir`, relative to `root`, sorted.
fn find_markdown(root: &Path, dir: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let base = root.join(dir);
    if !base.is_dir() {
        return Vec::new();
    }
    let mut paths = Vec::new();
    let walker = ignore::WalkBuilder::new(&base)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .ignore(true)
        .parents(true)
        .follow_links(false)
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path =
                    error_path(&err).map_or_else(|| PathBuf::from(dir), |p| relative(root, &p));
                diagnostics.push(Diagnostic::error(
                    path,
                    format!("cannot read this part of the archive: {err}"),
                ));
                continue;
            }
        };
        let Some(file_type) = entry.file_type() else {
            continue;
        };
        let path = entry.path();
        if !is_markdown(path) {
            continue;
        }
        if file_type.is_symlink() {
            match linked_file_inside(root, path) {
                Ok(()) => {}
                Err(why) => {
                    diagnostics.push(Diagnostic::warning(
                        relative(root, path),
                        format!("skipped: {why}"),
                    ));
                    continue;
                }
            }
        } else if !file_type.is_file() {
            continue;
        }
        paths.push(relative(root, path));
    }
    paths.sort();
    paths
}

fn error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

/// A symbolic link is read only when it ends at a file inside the archive.
fn linked_file_inside(root: &Path, link: &Path) -> Result<(), String> {
    let target = link
        .canonicalize()
        .map_err(|e| format!("the symbolic link leads nowhere ({e})"))?;
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if !target.starts_with(&root) {
        return Err(format!(
            "the symbolic link points outside the archive, to {}",
            target.display()
        ));
    }
    if !target.is_file() {
        return Err("the symbolic link does not point to a file".to_string());
    }
    Ok(())
}

/// Markdown sources end in `.md`; editor backups and lock files (`#x.md#`, `x.md~`, `.#x.md`) do not count.
fn is_markdown(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.ends_with(".md") && !name.starts_with('#') && !name.starts_with('.') && name.len() > 3
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn read_all(root: &Path, paths: Vec<PathBuf>) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let results: Vec<Result<SourceFile, Diagnostic>> = paths
        .into_par_iter()
        .map(|path| {
            let bytes = std::fs::read(root.join(&path))
                .map_err(|e| Diagnostic::error(&path, format!("cannot read the file: {e}")))?;
            let text = decode(bytes).map_err(|d| Diagnostic {
                path: path.clone(),
                ..d
            })?;
            Ok(SourceFile {
                path,
                text: text.into(),
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
    if text.trim().is_empty() {
        return Err(problem("the file is empty".into())
            .with_hint("a file starts with front matter between two `+++` lines"));
    }
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(decode(b"  \n".to_vec())
            .unwrap_err()
            .message
            .contains("empty"));
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
