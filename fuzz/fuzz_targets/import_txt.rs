//! Fuzz target: a .txt document's bytes → faro import's reading step (what
//! its worker runs). The checks are in `import_harness.rs`.
#![no_main]

#[path = "../import_harness.rs"]
mod import_harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    import_harness::quiet_panics();
    import_harness::exercise("txt", data)
});
