//! The files an import reads: each file named, and the text, Markdown, HTML and JSON files in
//! each folder named and its subfolders, sorted by name, without hidden files and editor
//! leftovers. Other files in folders are skipped and counted; a named file that is missing or
//! of another kind is an error that names it.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::Diagnostic;

/// A file to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Input {
    /// The path as given (or as found under a folder given).
    pub path: PathBuf,
    pub format: Format,
}

/// What a file holds, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    /// Plain text (.txt), or a JSON document (.json).
    Text,
    /// Markdown (.md).
    Markdown,
    /// A saved web page (.html, .htm).
    Html,
}

/// What the named paths hold.
#[derive(Debug, Default)]
pub(super) struct Inputs {
    pub files: Vec<Input>,
    /// Files in folders of other kinds.
    pub skipped: usize,
    pub diagnostics: Vec<Diagnostic>,
}

/// The files to import from the paths named on the command line, each once.
pub(super) fn collect(paths: &[PathBuf]) -> Inputs {
    let mut inputs = Inputs::default();
    for path in paths {
        match fs::metadata(path) {
            Err(e) => inputs.diagnostics.push(Diagnostic::error(
                path,
                format!("cannot read the file: {e}"),
            )),
            Ok(meta) if meta.is_dir() => {
                let before = inputs.files.len();
                walk(path, &mut inputs);
                if inputs.files.len() == before {
                    inputs.diagnostics.push(Diagnostic::warning(
                        path,
                        "the folder holds no .txt, .md, .html or .json files to import",
                    ));
                }
            }
            Ok(_) => match format(path) {
                Some(format) => inputs.files.push(Input {
                    path: path.clone(),
                    format,
                }),
                None => inputs.diagnostics.push(
                    Diagnostic::error(
                        path,
                        "only .txt, .md, .html and .json files can be imported",
                    )
                    .with_hint("if it is plain text, rename it to end in .txt"),
                ),
            },
        }
    }
    let mut seen = Vec::new();
    inputs.files.retain(|input| {
        let key = input
            .path
            .canonicalize()
            .unwrap_or_else(|_| input.path.clone());
        let new = !seen.contains(&key);
        seen.push(key);
        new
    });
    inputs
}

/// Adds the importable files of `dir` and its subfolders, in name order.
fn walk(dir: &Path, inputs: &mut Inputs) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            inputs.diagnostics.push(Diagnostic::error(
                dir,
                format!("cannot read the folder: {e}"),
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with(['.', '#']) || name.ends_with('~') {
            continue;
        }
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk(&path, inputs);
        } else if path.is_file() {
            match format(&path) {
                Some(format) => inputs.files.push(Input { path, format }),
                None => inputs.skipped += 1,
            }
        }
    }
}

/// The format a file's name says, `None` for files import does not read.
fn format(path: &Path) -> Option<Format> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "md" | "markdown" => Some(Format::Markdown),
        "txt" | "text" | "json" => Some(Format::Text),
        "html" | "htm" | "xhtml" => Some(Format::Html),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_give_their_text_files_in_order() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "b.txt",
            "a.md",
            "c.jpg",
            "f.html",
            ".hidden.txt",
            "d.txt~",
            "sub/e.TXT",
        ] {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "text").unwrap();
        }
        let named = dir.path().join("b.txt");
        let inputs = collect(&[dir.path().to_path_buf(), named]);
        let names: Vec<_> = inputs
            .files
            .iter()
            .map(|i| i.path.strip_prefix(dir.path()).unwrap().to_path_buf())
            .collect();
        assert_eq!(
            names,
            vec![
                PathBuf::from("a.md"),
                PathBuf::from("b.txt"),
                PathBuf::from("f.html"),
                PathBuf::from("sub/e.TXT")
            ]
        );
        let formats: Vec<Format> = inputs.files.iter().map(|i| i.format).collect();
        assert_eq!(
            formats,
            vec![Format::Markdown, Format::Text, Format::Html, Format::Text]
        );
        assert_eq!(inputs.skipped, 1);
        assert!(inputs.diagnostics.is_empty());
    }

    #[test]
    fn named_files_must_exist_and_be_text() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("page.pdf");
        fs::write(&page, "%PDF").unwrap();
        let missing = dir.path().join("missing.txt");
        let inputs = collect(&[page.clone(), missing.clone()]);
        assert!(inputs.files.is_empty());
        let paths: Vec<_> = inputs.diagnostics.iter().map(|d| d.path.clone()).collect();
        assert_eq!(paths, vec![page, missing]);
        assert!(inputs.diagnostics.iter().all(Diagnostic::is_error));
    }
}
