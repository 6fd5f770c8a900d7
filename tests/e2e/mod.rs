//! Shared helpers of the end-to-end tests (`validity.rs`, `browser.rs`): build the sample
//! archive at the repository's root and a generated archive with the real binary, and find the
//! outside tools those tests drive (Java with the Nu HTML checker, Node with Playwright, and
//! Chromium). A missing tool fails the test with the command that installs it: these tests never
//! skip.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

use crate::common::{copy_tree, dossier};

/// How many briefings the generated archive has, unless `DOSSIER_E2E_BRIEFINGS` says otherwise.
pub const BRIEFINGS: usize = 300;

/// What to run when a tool is missing.
pub const INSTALL: &str = "run `bash .ci/run` once (it installs chromium and a Java runtime \
     with apt-get, and runs `npm ci --prefix tests/browser --ignore-scripts`), or just that \
     npm command if Java and Chromium are already there";

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/browser/`: the Node side, with its `node_modules/` once installed.
pub fn node_dir() -> PathBuf {
    repo().join("tests/browser")
}

/// The target folder (`target/` unless `CARGO_TARGET_DIR` moves it).
pub fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is inside the target folder")
        .to_path_buf()
}

/// A file installed by `npm ci --prefix tests/browser`, or a failure that says how to get it.
pub fn node_module(relative: &str) -> PathBuf {
    let path = node_dir().join("node_modules").join(relative);
    assert!(path.exists(), "{} is missing: {INSTALL}", path.display());
    path
}

/// Runs `dossier build` on an archive into `output`, which must not exist yet.
pub fn build(root: &Path, output: &Path, offline: bool) {
    let mut command = dossier(repo());
    command
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .arg("--output")
        .arg(output);
    if offline {
        command.arg("--offline");
    }
    let run = command.output().expect("run dossier");
    assert!(
        run.status.success(),
        "building {} failed:\n{}",
        root.display(),
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Builds the sample archive (`content/` and `config.toml` at the repository's root) into
/// `dir/online` or `dir/offline`, and returns that folder. The archive is copied into
/// `dir/sample` first, so that a build leaves nothing in the working tree (not even its cache).
pub fn sample_site(dir: &Path, offline: bool) -> PathBuf {
    let archive = dir.join("sample");
    if !archive.exists() {
        copy_tree(&repo().join("content"), &archive.join("content"));
        std::fs::copy(repo().join("config.toml"), archive.join("config.toml")).unwrap();
    }
    let site = dir.join(if offline { "offline" } else { "online" });
    build(&archive, &site, offline);
    site
}

/// How many briefings the generated archive gets: `DOSSIER_E2E_BRIEFINGS`, or [`BRIEFINGS`].
pub fn briefings() -> usize {
    match std::env::var("DOSSIER_E2E_BRIEFINGS") {
        Ok(n) => n
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("DOSSIER_E2E_BRIEFINGS={n:?} is not a number")),
        Err(_) => BRIEFINGS,
    }
}

/// Writes a synthetic archive of [`briefings()`] briefings (seed 1) into `dir/archive` with
/// `examples/gen_corpus.rs`, builds it into `dir/site`, and returns the site's folder.
pub fn generated_site(dir: &Path, offline: bool) -> PathBuf {
    let archive = dir.join("archive");
    let n = briefings();
    let started = Instant::now();
    let run = Command::new(gen_corpus())
        .args(["--briefings", &n.to_string(), "--seed", "1", "--out"])
        .arg(&archive)
        .output()
        .expect("run gen_corpus");
    assert!(
        run.status.success(),
        "gen_corpus failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let site = dir.join("site");
    build(&archive, &site, offline);
    eprintln!(
        "generated and built an archive of {n} briefings in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    site
}

/// The corpus generator, built in the profile of this test. `cargo test` builds the examples,
/// but `cargo test --test NAME` does not, so it is built here; when it is up to date, that takes
/// a fraction of a second.
pub fn gen_corpus() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let mut cargo = Command::new(env!("CARGO"));
        cargo
            .args(["build", "--quiet", "--example", "gen_corpus"])
            .arg("--message-format=json-render-diagnostics")
            .current_dir(repo());
        // target/<profile>/deps/<test binary>: build the example in the same profile.
        let exe = std::env::current_exe().expect("the test binary's path");
        let profile = exe
            .parent()
            .and_then(Path::parent)
            .and_then(Path::file_name)
            .and_then(|name| name.to_str())
            .unwrap_or("debug");
        if profile != "debug" {
            cargo.args(["--profile", profile]);
        }
        let run = cargo.output().expect("run cargo");
        assert!(
            run.status.success(),
            "cargo build --example gen_corpus failed:\n{}",
            String::from_utf8_lossy(&run.stderr)
        );
        String::from_utf8_lossy(&run.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|message| message["target"]["name"] == "gen_corpus")
            .find_map(|message| message["executable"].as_str().map(PathBuf::from))
            .expect("cargo names the gen_corpus executable")
    })
}

/// Spoils a built page on purpose: puts `insert` before the first `anchor`, so a test can
/// show that a checker notices.
pub fn spoil(page: &Path, anchor: &str, insert: &str) {
    let html = std::fs::read_to_string(page).unwrap();
    assert_contains!(html, anchor);
    let spoiled = html.replacen(anchor, &format!("{insert}{anchor}"), 1);
    std::fs::write(page, spoiled).unwrap();
}

/// Every file under `dir` whose name ends in one of `extensions`, sorted.
pub fn files(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The page budget: no HTML page over this many bytes, at any archive size.
pub const PAGE_BUDGET: u64 = 300 * 1024;

/// The HTML pages of `site` over [`PAGE_BUDGET`], with their sizes, largest first.
pub fn pages_over_budget(site: &Path) -> Vec<(PathBuf, u64)> {
    let mut over: Vec<(PathBuf, u64)> = files(site, &["html"])
        .into_iter()
        .map(|page| {
            let size = std::fs::metadata(&page).unwrap().len();
            (page, size)
        })
        .filter(|(_, size)| *size > PAGE_BUDGET)
        .collect();
    over.sort_by_key(|(_, size)| std::cmp::Reverse(*size));
    over
}
