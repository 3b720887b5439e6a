//! Every input the fuzzer (`fuzz/`, see bench/fuzz.sh) ever crashed on,
//! replayed through the fuzz target's own checks (`fuzz/harness.rs`): each
//! must now give a report or diagnostics, never a panic.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::Path;

#[test]
fn every_saved_fuzz_input_loads_without_panicking() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    let notes = entries
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .count();
    let mut inputs: Vec<_> = entries
        .iter()
        .filter(|p| p.extension().is_none_or(|x| x != "txt"))
        .collect();
    inputs.sort();
    // A corpus that went missing (or a folder dropped in it) must not pass as
    // "nothing panicked": every entry is a note or an input that is replayed.
    assert!(
        !inputs.is_empty(),
        "no fuzz inputs in {}: the corpus is missing",
        dir.display()
    );
    let mut failed = Vec::new();
    let mut replayed = 0;
    for path in &inputs {
        assert!(path.is_file(), "{} is not a file", path.display());
        let bytes = std::fs::read(path).unwrap();
        replayed += 1;
        if let Err(panic) = std::panic::catch_unwind(|| harness::exercise(&bytes)) {
            let msg = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failed.push(format!("{}: {msg}", path.display()));
        }
    }
    assert_eq!(
        replayed + notes,
        entries.len(),
        "every file in {} is replayed",
        dir.display()
    );
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

#[path = "../fuzz/import_harness.rs"]
mod import_harness;

/// The import targets' committed seeds (`fuzz/import-seeds/EXT/`) and every
/// import input the fuzzer crashed on (`tests/fixtures/fuzz-import/EXT/`)
/// pass the import harness: a document or a refusal, never a broken model.
#[test]
fn import_seeds_and_findings_pass_the_import_fuzz_checks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    import_harness::quiet_panics();
    let mut replayed = std::collections::BTreeMap::new();
    for folder in ["fuzz/import-seeds", "tests/fixtures/fuzz-import"] {
        for ext in ["docx", "pdf", "txt"] {
            let dir = root.join(folder).join(ext);
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries {
                let path = e.unwrap().path();
                let bytes = std::fs::read(&path).unwrap();
                let outcome = std::panic::catch_unwind(|| import_harness::exercise(ext, &bytes));
                assert!(
                    outcome.is_ok(),
                    "{} breaks the import checks",
                    path.display()
                );
                *replayed.entry(ext).or_insert(0) += 1;
            }
        }
    }
    // A seed folder that went missing must not pass as "nothing broke".
    for ext in ["docx", "pdf", "txt"] {
        assert!(
            replayed.get(ext).copied().unwrap_or(0) >= 2,
            "fewer than two {ext} inputs replayed: {replayed:?}"
        );
    }
}
