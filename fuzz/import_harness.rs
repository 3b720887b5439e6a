//! What the import fuzz targets (`fuzz/fuzz_targets/import_*.rs`) do with
//! one input: the document's bytes go through the reading step a worker of
//! `faro import` runs (`faro::import::read_document`, bytes → the text
//! model), within the default limits.
//!
//! The invariants: reading ends (the fuzzer's timeout) in a document or a
//! message; a message is not empty; a document survives the trip the
//! worker makes it take (JSON and back, unchanged); every image in it is a
//! JPEG or a PNG. A panic inside a parser crate is, as in the worker, that
//! document's refusal, not a finding: pdf-extract panics on odd fonts.

use std::cell::Cell;

thread_local! {
    /// True while a parser crate runs: its panics are not findings.
    static READING: Cell<bool> = const { Cell::new(false) };
}

pub fn exercise(ext: &str, data: &[u8]) {
    let limits = faro::import::Limits::default();
    READING.with(|r| r.set(true));
    let read = std::panic::catch_unwind(|| faro::import::read_document(ext, data, &limits));
    READING.with(|r| r.set(false));
    let Ok(read) = read else { return };
    match read {
        Err(why) => assert!(!why.trim().is_empty(), "an empty refusal"),
        Ok(doc) => {
            use faro::import::doc::{Block, Document};
            let json = serde_json::to_vec(&doc).expect("a document serialises");
            let back: Document = serde_json::from_slice(&json).expect("and reads back");
            assert_eq!(back.blocks, doc.blocks);
            assert_eq!(back.warnings, doc.warnings);
            assert_eq!(back.repeated_images, doc.repeated_images);
            for b in &doc.blocks {
                if let Block::Image(i) = b {
                    assert!(i.ext == "jpg" || i.ext == "png", "{}", i.ext);
                }
            }
        }
    }
}

/// Panics are expected from parser crates (see above): theirs are not
/// printed, and unwind to `exercise`. Any other panic (a broken invariant)
/// is printed and unwinds to libFuzzer's handler, which records a crash.
pub fn quiet_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            if !READING.with(Cell::get) {
                eprintln!("{info}");
            }
        }))
    });
}
