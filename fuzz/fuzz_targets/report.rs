//! Fuzz target: one report file's text → front matter, validation, Markdown.
//! The checks live in `harness.rs`, shared with tests/fuzz_regressions.rs.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::exercise(data));
