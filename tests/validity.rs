//! Validity: every page the build writes passes the W3C Nu HTML checker (vnu) without an
//! error: the sample archive built for a server and with `--offline`, and a generated archive
//! (`examples/gen_corpus.rs`, 300 briefings, or `DOSSIER_E2E_BRIEFINGS`). The checker also reads
//! the stylesheet and any standalone SVG file; the SVG graphics inside the pages are checked as
//! part of the HTML.
//!
//! vnu comes from npm (`vnu-jar` in tests/browser/package.json) and runs on the machine's Java;
//! `.ci/run` installs both.
//!
//! ```sh
//! DOSSIER_E2E_BRIEFINGS=10000 cargo test --release --test validity -- --nocapture generated
//! ```

use crate::e2e;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::Value;

/// Errors of the checker, not of the pages: (file name, part of the message).
/// vnu's CSS checker does not know `paint-order` (CSS Fill and Stroke, SVG 2), which every
/// current browser supports; the theme uses it for the halo behind the graphics' labels.
const CHECKER_GAPS: &[(&str, &str)] = &[("style.css", "“paint-order”: Property “paint-order”")];

/// How many errors a failure lists one by one (all of them are counted by message).
const LISTED: usize = 200;

/// One error of the checker.
struct Problem {
    file: String,
    line: u64,
    column: u64,
    message: String,
    extract: String,
}

/// Runs vnu over every `.html` page, `.svg` image and `.css` stylesheet in `sites`, and
/// returns how many files it read and what it found.
fn vnu(sites: &[&Path]) -> (usize, Vec<Problem>) {
    let jar = e2e::node_module("vnu-jar/build/dist/vnu.jar");
    let checked: usize = sites
        .iter()
        .map(|site| e2e::files(site, &["html", "svg", "css"]).len())
        .sum();
    let started = Instant::now();
    let output = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args([
            "--errors-only",
            "--skip-non-html",
            "--also-check-svg",
            "--also-check-css",
            "--format",
            "json",
            "--stdout",
        ])
        .args(sites)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run java (the Nu HTML checker needs it): {e}; {}",
                e2e::INSTALL
            )
        });
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "vnu did not print a JSON report ({e}):\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    eprintln!(
        "vnu checked {checked} files in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let problems = report["messages"]
        .as_array()
        .expect("the report lists messages")
        .iter()
        .map(|m| Problem {
            file: relative(sites, m["url"].as_str().unwrap_or("(no file)")),
            line: m["lastLine"].as_u64().unwrap_or(0),
            column: m["firstColumn"].as_u64().unwrap_or(0),
            message: m["message"].as_str().unwrap_or("").to_string(),
            extract: m["extract"].as_str().unwrap_or("").replace('\n', "⏎"),
        })
        .filter(|p| {
            !CHECKER_GAPS
                .iter()
                .any(|(file, text)| p.file.ends_with(file) && p.message.contains(text))
        })
        .collect();
    (checked, problems)
}

/// A checked file's path from the folder holding the sites: "online/tags/gaza/index.html".
fn relative(sites: &[&Path], url: &str) -> String {
    let path = PathBuf::from(url.strip_prefix("file:").unwrap_or(url));
    sites
        .iter()
        .filter_map(|site| site.parent())
        .find_map(|parent| path.strip_prefix(parent).ok())
        .unwrap_or(&path)
        .display()
        .to_string()
}

/// Fails with every error: a count per message, then each error with its file and line.
fn assert_valid(what: &str, checked: usize, problems: &[Problem]) {
    if problems.is_empty() {
        return;
    }
    let mut by_message: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
    for p in problems {
        by_message.entry(&p.message).or_insert((0, &p.file)).0 += 1;
    }
    let mut report = format!(
        "{} vnu error(s) in {what} ({checked} files checked)\n\nBy message:\n",
        problems.len()
    );
    for (message, (count, first)) in &by_message {
        report.push_str(&format!("  {count} × {message} (first in {first})\n"));
    }
    report.push_str("\nEach error:\n");
    for p in problems.iter().take(LISTED) {
        report.push_str(&format!(
            "  {}:{}:{}: {}\n      {}\n",
            p.file, p.line, p.column, p.message, p.extract
        ));
    }
    if problems.len() > LISTED {
        report.push_str(&format!("  ... and {} more\n", problems.len() - LISTED));
    }
    panic!("{report}");
}

#[test]
#[cfg_attr(
    not(feature = "e2e"),
    ignore = "needs Java and the Nu HTML checker; turn on with --features e2e"
)]
fn every_page_of_the_sample_archive_is_valid_online_and_offline() {
    let dir = tempfile::tempdir().unwrap();
    let online = e2e::sample_site(dir.path(), false);
    let offline = e2e::sample_site(dir.path(), true);
    let pages = e2e::files(&online, &["html"]).len();
    assert!(pages > 40, "the sample archive has only {pages} pages");
    let (checked, problems) = vnu(&[&online, &offline]);
    assert_valid("the sample archive", checked, &problems);
}

#[test]
#[cfg_attr(
    not(feature = "e2e"),
    ignore = "needs Java and the Nu HTML checker; turn on with --features e2e"
)]
fn every_page_of_a_generated_archive_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let site = e2e::generated_site(dir.path(), false);
    let (checked, problems) = vnu(&[&site]);
    assert!(checked > e2e::briefings(), "only {checked} files checked");
    assert_valid(
        &format!("a generated archive of {} briefings", e2e::briefings()),
        checked,
        &problems,
    );
}

/// The checker really reads the pages: a broken page fails. Without this, a checker that read
/// nothing (a wrong flag, an empty folder) would pass every archive.
#[test]
#[cfg_attr(
    not(feature = "e2e"),
    ignore = "needs Java and the Nu HTML checker; turn on with --features e2e"
)]
fn the_checker_reports_a_broken_page() {
    let dir = tempfile::tempdir().unwrap();
    let site = e2e::sample_site(dir.path(), true);
    e2e::spoil(&site.join("index.html"), "</main>", "<ul><p>x</p></ul>");
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><blink/></svg>";
    std::fs::write(site.join("broken.svg"), svg).unwrap();
    let (_, problems) = vnu(&[&site]);
    let files: Vec<&str> = problems.iter().map(|p| p.file.as_str()).collect();
    assert!(files.contains(&"offline/index.html"), "{files:?}");
    assert!(files.contains(&"offline/broken.svg"), "{files:?}");
    // (vnu counts the lines of SVG files from 0 when it is given a folder, so only the
    // pages' lines are checked.)
    let page = problems
        .iter()
        .find(|p| p.file == "offline/index.html")
        .unwrap();
    assert!(page.line > 1, "{}: {}", page.line, page.message);
    assert_contains!(page.message, "“p” not allowed as child of element “ul”");
}
