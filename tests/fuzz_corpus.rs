//! Replays the committed fuzz corpus (fuzz/corpus/<target>/) through the checks the fuzz targets
//! make, so that every input that once reached new code, or once broke it, keeps passing without
//! a fuzzer installed.

#[path = "../fuzz/oracles.rs"]
mod oracles;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "{}: an empty corpus", dir.display());
    for input in &inputs {
        let bytes = std::fs::read(input).unwrap();
        let outcome = std::panic::catch_unwind(|| check(&bytes));
        assert!(outcome.is_ok(), "{} fails its fuzz check", input.display());
    }
}

#[test]
fn front_matter_corpus() {
    replay("front_matter", oracles::front_matter);
}

#[test]
fn markdown_corpus() {
    replay("markdown", oracles::markdown);
}

#[test]
fn import_corpus() {
    replay("import", oracles::import);
}

#[test]
fn archive_corpus() {
    replay("archive", oracles::archive);
}
