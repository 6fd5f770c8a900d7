//! The integration tests, in one binary: a module per feature, each running the real `dossier`
//! binary on small fixture archives (`tests/fixtures/`) or on archives it writes, and reading
//! what it printed and built. `common` holds what they share.
//!
//! The end-to-end modules need tools a newcomer may lack: `browser` (Chromium and Node with
//! Playwright), `validity` (Java with the Nu HTML checker) and the search client's tests in
//! `search` (Node). Without the `e2e` feature those tests are ignored, saying why; `.ci/run`
//! installs the tools and runs `cargo test --features e2e`, so CI never skips them.

#[macro_use]
mod common;
mod e2e;

mod attachments;
mod authoring;
mod browser;
mod build;
mod crossref;
mod fuzz_corpus;
mod graphics;
mod hooks;
mod import;
mod incremental;
mod invalid;
mod languages;
mod publish;
mod reading;
mod reliability;
mod safety;
mod search;
mod security;
mod serve;
mod validity;
