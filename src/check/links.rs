//! The internal link check of `dossier check`: every relative link and anchor of the rendered
//! pages must lead to a file of the site, and to an element with that id where it names one.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use html5gum::{Token, Tokenizer};

use crate::error::Diagnostic;
use crate::site::OutputFile;

/// Pages whose links are written from the site root on purpose: the 404 page is served at any address.
const ROOT_RELATIVE_PAGES: [&str; 1] = ["404.html"];

/// Checks the links of every HTML file among `files`.
pub(super) fn check_links(files: &[OutputFile]) -> Vec<Diagnostic> {
    let pages: HashMap<&Path, Scan> = files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "html"))
        .map(|f| (f.path.as_path(), scan(&f.bytes)))
        .collect();
    let existing: HashSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    let mut diagnostics = Vec::new();
    let mut sorted: Vec<(&&Path, &Scan)> = pages.iter().collect();
    sorted.sort_by_key(|(path, _)| **path);
    for (page, found) in sorted {
        if ROOT_RELATIVE_PAGES.iter().any(|p| page == &Path::new(p)) {
            continue;
        }
        for link in &found.links {
            if let Some(problem) = check_link(page, link, &existing, &pages) {
                diagnostics.push(problem);
            }
        }
    }
    diagnostics
}

/// The links and ids of one page.
#[derive(Default)]
struct Scan {
    links: Vec<String>,
    ids: HashSet<String>,
}

fn scan(html: &[u8]) -> Scan {
    let mut found = Scan::default();
    for token in Tokenizer::new(html).flatten() {
        if let Token::StartTag(tag) = token {
            for (name, value) in &tag.attributes {
                let value = String::from_utf8_lossy(value).into_owned();
                match name.as_slice() {
                    b"href" | b"src" => found.links.push(value),
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
    pages: &HashMap<&Path, Scan>,
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
        let problems: Vec<String> = check_links(&files)
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
        assert!(check_links(&files).is_empty());
    }
}
