//! Every input the fuzzer (`fuzz/`, see bench/fuzz.sh) ever crashed on,
//! replayed through the fuzz target's own checks (`fuzz/harness.rs`): each
//! must now give a report or diagnostics, never a panic.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::Path;

#[test]
fn every_saved_fuzz_input_loads_without_panicking() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_none_or(|x| x != "txt"))
        .collect();
    inputs.sort();
    let mut failed = Vec::new();
    for path in &inputs {
        let bytes = std::fs::read(path).unwrap();
        if let Err(panic) = std::panic::catch_unwind(|| harness::exercise(&bytes)) {
            let msg = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failed.push(format!("{}: {msg}", path.display()));
        }
    }
    assert!(
        failed.is_empty(),
        "inputs that still panic:\n{}",
        failed.join("\n")
    );
}

/// The seeds of the fuzz corpus (the real reports) pass the harness too.
#[test]
fn the_real_reports_pass_the_fuzz_checks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    for e in walkdir::WalkDir::new(root.join("content/informes")) {
        let e = e.unwrap();
        if e.file_name() == "index.md" {
            harness::exercise(&std::fs::read(e.path()).unwrap());
            n += 1;
        }
    }
    for e in std::fs::read_dir(root.join("fuzz/seeds")).unwrap() {
        harness::exercise(&std::fs::read(e.unwrap().path()).unwrap());
        n += 1;
    }
    assert!(n >= 10, "{n} seeds");
}
