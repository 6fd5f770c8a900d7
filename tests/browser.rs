//! A reader in a real browser: headless Chromium, driven by Playwright
//! (`tests/browser/e2e.mjs`), opens an `--offline` build from `file://`, with no server, and
//! goes home → a briefing → an envoy named in it → the envoy's dossier → the chronology → the
//! tags → a tag, then searches from the header's box (to the envoy's dossier among the
//! results) and on the search page: sorted, filtered, paged, back, and with a letter wrong.
//! Every step clicks a real link and checks where it lands; no page may log a console error (a
//! violation of the pages' Content-Security-Policy is one), throw, or fail to load a file.
//! Screenshots of the home, the envoy's dossier, the chronology and the actors index, at 390
//! and 1280 pixels wide, go to `target/screenshots/` (the sample archive) and
//! `target/screenshots/generated/`. At both widths, no page of the walk, nor any of the three
//! pages with graphics, may be wider than the window. Each briefing with files is opened too,
//! its images loaded and its links to files followed, in the `--offline` build and in a build
//! for a server, served over HTTP.
//!
//! Node, `tests/browser/node_modules` and Chromium are installed by `.ci/run`.

use crate::e2e;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::Value;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// What the walk searches besides its own steps: queries with a title each must find, and a
/// query with more than one page of results, to page through.
#[derive(Default)]
struct Searches {
    expect: Vec<(String, String)>,
    pages: Option<String>,
}

/// Runs the walk over a built site: whether it passed, and everything the script printed.
fn run_walk(site: &Path, screenshots: &Path, searches: &Searches) -> (bool, String) {
    let mut args = Vec::new();
    for (query, title) in &searches.expect {
        args.push("--expect".to_string());
        args.push(format!("{query}=>{title}"));
    }
    if let Some(query) = &searches.pages {
        args.push("--pages".to_string());
        args.push(query.clone());
    }
    run_script(site, screenshots, &args)
}

/// Runs `e2e.mjs` over a built site with `args` after the site and screenshot folders.
fn run_script(site: &Path, screenshots: &Path, args: &[String]) -> (bool, String) {
    run_named("e2e.mjs", site, screenshots, args)
}

/// Runs the script `name` of tests/browser over a built site with `args` after the site and
/// screenshot folders.
fn run_named(name: &str, site: &Path, screenshots: &Path, args: &[String]) -> (bool, String) {
    let script = e2e::node_dir().join(name);
    e2e::node_module("playwright-core/package.json");
    let chromium = std::env::var_os("CHROMIUM").unwrap_or_else(|| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "{} is missing: {}",
        Path::new(&chromium).display(),
        e2e::INSTALL
    );
    let mut command = Command::new("node");
    command.arg(&script).arg(site).arg(screenshots).args(args);
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run node: {e}; {}", e2e::INSTALL));
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), printed)
}

/// Runs the walk over a built site; fails with everything the script printed, and returns it.
fn walk(site: &Path, screenshots: &Path, searches: &Searches) -> String {
    let started = Instant::now();
    let (passed, printed) = run_walk(site, screenshots, searches);
    assert!(
        passed,
        "the browser walk of {} failed:\n{printed}",
        site.display()
    );
    eprintln!(
        "{printed}browser walk of {} took {:.1} s; screenshots in {}",
        site.display(),
        started.elapsed().as_secs_f64(),
        screenshots.display()
    );
    printed
}

fn screenshots() -> PathBuf {
    e2e::target_dir().join("screenshots")
}

/// Lower case without accents, as the search folds text.
fn fold(text: &str) -> String {
    text.nfkd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
}

/// The sample's Arabic and Chinese pages in the browser: right to left in Arabic (the page,
/// its header and its figures), each language's switcher leading to the same page in another
/// language and back, nothing wider than a phone; screenshots in
/// `target/screenshots/languages/`.
#[test]
#[cfg_attr(
    not(feature = "e2e"),
    ignore = "needs Chromium and Node; turn on with --features e2e"
)]
fn the_sample_reads_right_to_left_in_arabic_and_switches_languages() {
    let dir = tempfile::tempdir().unwrap();
    let site = e2e::sample_site(dir.path(), true);
    let pages: Vec<String> = [
        "ar:ar/index.html",
        "ar:ar/chronology/index.html",
        "ar:ar/briefings/2023-10-20-zhai-jun-talks-in-doha/index.html",
        "ar:ar/briefings/2023-10-11-china-egypt-talks-as-gaza-siege-begins/index.html",
        "ar:ar/envoys/zhai-jun/index.html",
        "ar:ar/actors/index.html",
        "ar:ar/search/index.html",
        "zh:zh/briefings/2023-10-10-zhai-jun-call-with-egypt/index.html",
        "zh:zh/chronology/index.html",
        "en:briefings/2023-10-10-zhai-jun-call-with-egypt/index.html",
    ]
    .map(String::from)
    .to_vec();
    let shots = screenshots().join("languages");
    let (passed, printed) = run_named("languages.mjs", &site, &shots, &pages);
    assert!(
        passed,
        "the languages of the sample failed in the browser:\n{printed}"
    );
    assert_contains!(printed, "ok ar/chronology/index.html (desktop) rtl");
    assert_contains!(printed, "⇄ zh");
    assert!(shots.join("ar-envoys-zhai-jun-phone.png").is_file());
}

#[test]
#[cfg_attr(
    not(feature = "e2e"),
    ignore = "needs Chromium and Node; turn on with --features e2e"
)]
fn a_reader_walks_and_searches_the_sample_archive_from_disk() {
    let dir = tempfile::tempdir().unwrap();
    let site = e2e::sample_site(dir.path(), true);
    let doha = "Zhai Jun consults Russian and Qatari officials in Doha".to_string();
    let searches = Searches {
        expect: vec![
            // Case does not count, and every word must be found.
            ("ZHAI doha".to_string(), doha.clone()),
            // A Chinese alias finds the actor's briefings.
            ("翟隽".to_string(), doha.clone()),
            // A word of the text.
            (
                "siege".to_string(),
                "China and Egypt press for a ceasefire as Israel besieges Gaza".to_string(),
            ),
            // A name with a letter wrong.
            ("bogdanof".to_string(), doha),
        ],
        pages: None,
    };
    let printed = walk(&site, &screenshots(), &searches);
    // The bundle of the sample: its map loads, and its links to the map and its PDF lead to
    // files that are there.
    assert_contains!(
        printed,
        "ok bundle briefings/2023-11-06-zhai-jun-middle-east-tour/index.html: 1 images load"
    );
}

#[test]
#[cfg_attr(
    not(feature = "e2e"),
    ignore = "needs Chromium and Node; turn on with --features e2e"
)]
fn a_reader_walks_and_searches_a_generated_archive_from_disk() {
    let dir = tempfile::tempdir().unwrap();
    let site = e2e::generated_site(dir.path(), true);
    let heavy = e2e::pages_over_budget(&site);
    assert!(heavy.is_empty(), "pages over 300 KB: {heavy:?}");
    // The newest briefing whose title has accents, searched without them.
    let data = std::fs::read_to_string(site.join("data/briefings.json")).unwrap();
    let briefings: Value = serde_json::from_str(&data).unwrap();
    let title = briefings
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .filter_map(|b| b["title"].as_str())
        .find(|t| !t.is_ascii())
        .expect("a generated title with accents")
        .to_string();
    // The same title with its longest word's last letter changed.
    let folded = fold(&title);
    let longest = folded
        .split(|c: char| !c.is_alphanumeric())
        .max_by_key(|w| w.chars().count())
        .unwrap();
    let mut typo: Vec<char> = longest.chars().collect();
    let last = typo.len() - 1;
    typo[last] = if typo[last] == 'x' { 'q' } else { 'x' };
    let typo = folded.replacen(longest, &typo.into_iter().collect::<String>(), 1);
    let searches = Searches {
        expect: vec![(folded, title.clone()), (typo, title)],
        // A word of nearly every generated briefing.
        pages: Some("talks".to_string()),
    };
    walk(&site, &screenshots().join("generated"), &searches);
}

/// Walks the sample archive with `insert` put at the end of the chronology's `<main>`: the
/// walk must fail; returns what it printed.
fn failed_walk_of_spoiled_chronology(insert: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let site = e2e::sample_site(dir.path(), true);
    e2e::spoil(&site.join("chronology/index.html"), "</main>", insert);
    let (passed, printed) = run_walk(&site, &dir.path().join("screenshots"), &Searches::default());
    assert!(!passed, "{printed}");
    printed
}

/// The walk really watches the console: an inline script, which the pages'
/// Content-Security-Policy forbids, and a missing image fail it, naming the page.
#[test]
#[cfg_attr(
    not(feature = "e2e"),
    ignore = "needs Chromium and Node; turn on with --features e2e"
)]
fn a_blocked_script_or_a_missing_file_fails_the_walk() {
    let printed = failed_walk_of_spoiled_chronology(
        "<script>document.title = 'x';</script><img src=\"missing.png\" alt=\"\">",
    );
    assert!(
        printed.contains("console error on chronology/index.html")
            && printed.contains("Content Security Policy directive"),
        "{printed}"
    );
    assert_contains!(printed, "missing.png");
}

/// The walk really measures the pages: a line too long for the window, put into the
/// chronology, fails it, naming the page and both widths.
#[test]
#[cfg_attr(
    not(feature = "e2e"),
    ignore = "needs Chromium and Node; turn on with --features e2e"
)]
fn a_page_wider_than_the_window_fails_the_walk() {
    let long_line = format!("<pre>{}</pre>", "wide ".repeat(400));
    let printed = failed_walk_of_spoiled_chronology(&long_line);
    assert!(
        printed.contains("chronology/index.html is ")
            && printed.contains(" px wide in a 390 px window (phone)")
            && printed.contains(" px wide in a 1280 px window (desktop)"),
        "{printed}"
    );
}

/// The sample's bundle built for a server and served over HTTP as a static host serves it:
/// its map loads and its links to the map and its PDF lead to files that are there.
#[test]
#[cfg_attr(
    not(feature = "e2e"),
    ignore = "needs Chromium and Node; turn on with --features e2e"
)]
fn the_sample_bundle_works_on_a_server() {
    let dir = tempfile::tempdir().unwrap();
    let site = e2e::sample_site(dir.path(), false);
    let (passed, printed) = run_script(
        &site,
        &dir.path().join("screenshots"),
        &["--server".to_string()],
    );
    assert!(passed, "{printed}");
    assert_contains!(
        printed,
        "ok bundle briefings/2023-11-06-zhai-jun-middle-east-tour/: 1 images load"
    );
}

/// The walk really opens the bundles: an image of the sample's bundle missing from the site
/// fails it, naming the image and the page.
#[test]
#[cfg_attr(
    not(feature = "e2e"),
    ignore = "needs Chromium and Node; turn on with --features e2e"
)]
fn a_missing_image_of_a_bundle_fails_the_walk() {
    let dir = tempfile::tempdir().unwrap();
    let site = e2e::sample_site(dir.path(), true);
    let bundle = "briefings/2023-11-06-zhai-jun-middle-east-tour";
    std::fs::remove_file(site.join(bundle).join("map.svg")).unwrap();
    let (passed, printed) = run_walk(&site, &dir.path().join("screenshots"), &Searches::default());
    assert!(!passed, "{printed}");
    assert_contains!(
        printed,
        &format!("the image map.svg of {bundle}/index.html does not load")
    );
}

/// The budget check finds a page over 300 KB, so a generated archive that passes it has none.
#[test]
fn the_page_budget_finds_a_heavy_page() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("tags/x")).unwrap();
    std::fs::write(dir.path().join("index.html"), "<p>light</p>").unwrap();
    let heavy = dir.path().join("tags/x/index.html");
    std::fs::write(&heavy, "x".repeat(300 * 1024 + 1)).unwrap();
    assert_eq!(
        e2e::pages_over_budget(dir.path()),
        [(heavy, 300 * 1024 + 1)]
    );
}
