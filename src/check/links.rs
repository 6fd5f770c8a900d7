//! The internal link check of `dossier check`: every relative link and anchor of the rendered
//! pages must lead to a file of the site, and to an element with that id where it names one.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use html5gum::{Token, Tokenizer};
use serde::{Deserialize, Serialize};

use crate::error::Diagnostic;

/// Pages whose links are written from the site root on purpose: the 404 page is served at any address.
const ROOT_RELATIVE_PAGES: [&str; 1] = ["404.html"];

/// Checks the links of the scanned pages (of those in `only`, where given): each must lead to
/// one of the `existing` files, and to an element with the id it names.
pub(super) fn check_links(
    pages: &HashMap<PathBuf, Scan>,
    only: Option<&HashSet<&Path>>,
    existing: &HashSet<&Path>,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut sorted: Vec<(&PathBuf, &Scan)> = pages
        .iter()
        .filter(|(path, _)| only.is_none_or(|only| only.contains(path.as_path())))
        .collect();
    sorted.sort_by_key(|(path, _)| *path);
    for (page, found) in sorted {
        if ROOT_RELATIVE_PAGES.iter().any(|p| page == Path::new(p)) {
            continue;
        }
        for link in &found.links {
            if let Some(problem) = check_link(page, link, existing, pages) {
                diagnostics.push(problem);
            }
        }
    }
    diagnostics
}

/// Whether a file is a page whose links are checked.
pub(super) fn is_page(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "html")
}

/// The links and ids of one page: each link once, in the order met.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub(super) struct Scan {
    links: Vec<String>,
    pub(super) ids: HashSet<String>,
}

/// Reads the links and ids of a page.
pub(super) fn scan(html: &[u8]) -> Scan {
    let mut found = Scan::default();
    let mut seen = HashSet::new();
    for token in Tokenizer::new(html).flatten() {
        if let Token::StartTag(tag) = token {
            for (name, value) in &tag.attributes {
                let value = String::from_utf8_lossy(value).into_owned();
                match name.as_slice() {
                    b"href" | b"src" if seen.insert(value.clone()) => found.links.push(value),
                    b"id" => {
                        found.ids.insert(value);
                    }
                    _ => {}
                }
            }
        }
    }
    found
}

fn check_link(
    page: &Path,
    link: &str,
    existing: &HashSet<&Path>,
    pages: &HashMap<PathBuf, Scan>,
) -> Option<Diagnostic> {
    if link.contains(':') && !link.starts_with('.') && !link.starts_with('#') {
        return None; // another scheme: https:, mailto:
    }
    let broken = |why: &str| {
        Some(Diagnostic::error(
            page,
            format!("broken link '{link}': {why}"),
        ))
    };
    if link.starts_with('/') {
        return Some(Diagnostic::warning(
            page,
            format!("the link '{link}' starts at the domain root: it breaks under a sub-path and offline"),
        ));
    }
    let (target, fragment) = match link.split_once('#') {
        Some((target, fragment)) => (target, Some(fragment)),
        None => (link, None),
    };
    let target = target.split('?').next().unwrap_or_default();
    let file = if target.is_empty() {
        page.to_path_buf()
    } else {
        let Some(joined) = join(page.parent().unwrap_or(Path::new("")), target) else {
            return broken("it leads out of the site");
        };
        if target.ends_with('/') || joined.as_os_str().is_empty() {
            joined.join("index.html")
        } else {
            joined
        }
    };
    if !existing.contains(file.as_path()) {
        return broken(&format!("the site has no {}", file.display()));
    }
    match (fragment, pages.get(file.as_path())) {
        (Some(id), Some(scan)) if !id.is_empty() && !scan.ids.contains(id) => {
            broken(&format!("{} has no element with id '{id}'", file.display()))
        }
        _ => None,
    }
}

/// Joins a relative link to a folder of the site; `None` if it climbs above the site root.
fn join(folder: &Path, link: &str) -> Option<PathBuf> {
    let mut parts: Vec<String> = folder
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            name => parts.push(name.to_string()),
        }
    }
    Some(parts.iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::OutputFile;

    fn check_files(files: &[OutputFile]) -> Vec<Diagnostic> {
        let pages = files
            .iter()
            .filter(|f| is_page(&f.path))
            .map(|f| (f.path.clone(), scan(&f.bytes)))
            .collect();
        let existing = files.iter().map(|f| f.path.as_path()).collect();
        check_links(&pages, None, &existing)
    }

    fn page(path: &str, html: &str) -> OutputFile {
        OutputFile::new(PathBuf::from(path), html.as_bytes().to_vec())
    }

    #[test]
    fn finds_broken_links_and_anchors() {
        let files = [
            page(
                "index.html",
                r#"<a href="a/">a</a><a href="b/">b</a><a href="a/#x">x</a><a href="a/#y">y</a><a href="https://e.org">e</a>"#,
            ),
            page(
                "a/index.html",
                r#"<h2 id="x">X</h2><a href="../">home</a><a href="../../up">up</a><link href="../style.css">"#,
            ),
            page("style.css", ""),
        ];
        let problems: Vec<String> = check_files(&files)
            .iter()
            .map(|d| d.message.clone())
            .collect();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("'../../up'"), "{problems:?}");
        assert!(problems[1].contains("'b/'"), "{problems:?}");
        assert!(problems[2].contains("id 'y'"), "{problems:?}");
    }

    #[test]
    fn offline_links_to_files_are_followed() {
        let files = [
            page("index.html", r#"<a href="a/index.html">a</a>"#),
            page("a/index.html", r#"<a href="../index.html">h</a>"#),
        ];
        assert!(check_files(&files).is_empty());
    }
}
