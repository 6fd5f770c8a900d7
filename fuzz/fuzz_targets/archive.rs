//! Fuzz target: see `oracles::archive` for what one input must satisfy.
#![no_main]

#[path = "../oracles.rs"]
mod oracles;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| oracles::archive(bytes));
