//! What each fuzz target checks for one input. The fuzz targets call these on generated input;
//! `tests/fuzz_corpus.rs` replays the committed corpus through the same functions on every test
//! run, so an input that once found a fault stays fixed.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use dossier::steps::{self, decode, SourceFile};
use html5gum::{Token, Tokenizer};

/// Arbitrary bytes as a briefing file and as an actor file: decoding, front matter, TOML and
/// resolution answer with a diagnostic or a record, never panic.
pub fn front_matter(bytes: &[u8]) {
    let Ok(text) = decode(bytes.to_vec()) else {
        return;
    };
    let text: std::sync::Arc<str> = text.into();
    let briefing = SourceFile::new(PathBuf::from("content/briefings/fuzz.md"), text.clone());
    let actor = SourceFile::new(PathBuf::from("content/actors/fuzz.md"), text);
    let actors: Vec<_> = steps::parse_actor(&actor).into_iter().collect();
    let briefings: Vec<_> = steps::parse_briefing(&briefing).into_iter().collect();
    let (archive, diagnostics) = steps::resolve(&actors, &[], &briefings, true);
    for d in &diagnostics {
        let _ = d.to_string();
    }
    let _ = archive.briefings.len();
}

/// Arbitrary text as a Markdown body: rendering and sanitizing never panic, and the HTML that
/// comes out holds no script element, no event handler attribute and no `javascript:`, `vbscript:`
/// or `data:` address.
/// (The words "javascript:" in running text are harmless and allowed.)
pub fn markdown(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let html = steps::to_html(text, false);
    for token in Tokenizer::new(html.as_str()).flatten() {
        let Token::StartTag(tag) = token else {
            continue;
        };
        let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
        assert!(
            !matches!(name.as_str(), "script" | "iframe" | "object" | "embed"),
            "a <{name}> survived the sanitizer: {html}"
        );
        for (attribute, value) in &tag.attributes {
            let attribute = String::from_utf8_lossy(attribute).to_ascii_lowercase();
            assert!(
                !attribute.starts_with("on"),
                "an event handler '{attribute}' survived: {html}"
            );
            let value = String::from_utf8_lossy(value);
            assert!(
                !steps::is_script_address(&value),
                "a script address survived in {attribute}: {html}"
            );
        }
    }
}

/// An archive with a few actors for the import target, made once per process.
fn import_archive() -> &'static Path {
    static ARCHIVE: OnceLock<tempfile::TempDir> = OnceLock::new();
    ARCHIVE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            std::fs::create_dir_all(dir.path().join("content/briefings")).unwrap();
            std::fs::create_dir_all(dir.path().join("content/actors")).unwrap();
            std::fs::write(dir.path().join("config.toml"), "title = \"Fuzz\"\n").unwrap();
            for (id, name, aliases) in [
                ("zhai-jun", "Zhai Jun", "[\"Zhai\", \"翟隽\"]"),
                ("usama", "Usama", "[\"Osama\"]"),
                ("united-nations", "United Nations", "[\"UN\"]"),
            ] {
                let text = format!("+++\nname = \"{name}\"\naliases = {aliases}\n+++\n");
                std::fs::write(dir.path().join(format!("content/actors/{id}.md")), text).unwrap();
            }
            dir
        })
        .path()
}

/// Arbitrary bytes as an article to import (dry run): date, title and actor detection answer
/// with a briefing or a diagnostic, never panic.
pub fn import(bytes: &[u8]) {
    let article = tempfile::Builder::new().suffix(".txt").tempfile().unwrap();
    std::fs::write(article.path(), bytes).unwrap();
    let options = dossier::commands::import::ImportOptions {
        root: import_archive().to_path_buf(),
        paths: vec![article.path().to_path_buf()],
        dry_run: true,
        date: None,
    };
    let _ = dossier::commands::import::import(&options).map(|report| report.to_string());
}

/// Arbitrary bytes as a whole small archive: the input is cut at "\n%%\n" into config.toml,
/// one actor and up to eight briefings, and built. A build succeeds or reports errors; it never
/// panics; what it writes stays in the output folder and holds no control character but tab
/// and line feed (and the CRLF line ends of iCalendar files).
pub fn archive(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let mut parts = text.split("\n%%\n");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("content/briefings")).unwrap();
    std::fs::create_dir_all(root.join("content/actors")).unwrap();
    std::fs::write(root.join("config.toml"), parts.next().unwrap_or_default()).unwrap();
    if let Some(actor) = parts.next() {
        std::fs::write(root.join("content/actors/someone.md"), actor).unwrap();
    }
    for (i, briefing) in parts.take(8).enumerate() {
        std::fs::write(root.join(format!("content/briefings/b{i}.md")), briefing).unwrap();
    }
    let options = dossier::Options {
        root: root.to_path_buf(),
        output: Some(root.join("out")),
        ..Default::default()
    };
    match dossier::build(&options) {
        Ok(_) => check_output(&root.join("out"), &root.join("out")),
        Err(error) => {
            let _ = error.to_string();
        }
    }
    for entry in std::fs::read_dir(root).unwrap() {
        let name = entry.unwrap().file_name();
        assert!(
            ["config.toml", "content", "out", ".dossier-cache"]
                .contains(&name.to_str().unwrap_or("")),
            "the build wrote {name:?} beside the output"
        );
    }
}

/// Every file under `dir`: no control character but tab and line feed, and CR only before LF in
/// calendars.
fn check_output(out: &Path, dir: &Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            check_output(out, &path);
            continue;
        }
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let calendar = path.extension().is_some_and(|e| e == "ics");
        let text = if calendar {
            text.replace("\r\n", "\n")
        } else {
            text
        };
        if let Some(c) = text
            .chars()
            .find(|c| c.is_control() && !matches!(c, '\t' | '\n'))
        {
            panic!(
                "{} holds the control character U+{:04X}",
                path.strip_prefix(out).unwrap_or(&path).display(),
                c as u32
            );
        }
    }
}
