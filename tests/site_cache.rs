//! What `faro build` keeps outside its output, in the site's `.faro-cache/`
//! (the compressed copies, the last search index): a build into an empty
//! output takes them back, publishes the very bytes a build without them
//! does, and trusts nothing in them that does not match its hash.

mod common;

use common::search_step;
use common::{Site, files_by_path, report};

/// Deletes the output and everything faro keeps beside it (staging folder,
/// manifests, render cache): the next build is a first build.
fn delete_output(s: &Site) {
    for entry in std::fs::read_dir(s.root()).expect("site").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "public" || name.starts_with(".public.") {
            let path = entry.path();
            if path.is_dir() {
                std::fs::remove_dir_all(&path).expect("remove");
            } else {
                std::fs::remove_file(&path).expect("remove");
            }
        }
    }
}

/// The entries of the compressed copies' cache.
fn cache_entries(s: &Site) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(s.path(".faro-cache/compressed"))
        .expect("the cache")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.len() == 32)
        })
        .collect()
}

/// A site whose pages are long enough to get compressed copies.
fn site() -> Site {
    let s = Site::basic();
    s.write(
        "content/informes/2024/01/index.md",
        &report(
            "2024-01",
            "",
            &format!("## Política\n\n{}\n", "Texto de enero. ".repeat(200)),
        ),
    );
    s
}

#[test]
fn a_first_build_into_an_empty_output_takes_back_what_the_site_kept() {
    let s = site();
    assert_eq!(search_step(&s), "search");
    let first = files_by_path(&s.path("public"));
    assert!(first.keys().any(|p| p.ends_with(".html.br")), "no copies");
    delete_output(&s);
    // The index comes back from the site's cache, not made again.
    assert_eq!(search_step(&s), "search (index reused)");
    assert_eq!(files_by_path(&s.path("public")), first);
    // And it is what a build that never had a cache publishes.
    let copy = tempfile::tempdir().expect("temp dir");
    for (rel, bytes) in files_by_path(s.root()) {
        // Only the sources: not the output, what faro keeps beside it
        // (`.public.…`) or the site's caches.
        if rel.starts_with(".faro-cache/")
            || rel.starts_with("public/")
            || rel.starts_with(".public")
        {
            continue;
        }
        let path = copy.path().join(&rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("copy");
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_faro"))
        .env("FARO_LANG", "en")
        .args(["build", "--root"])
        .arg(copy.path())
        .output()
        .expect("run faro");
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert_eq!(files_by_path(&copy.path().join("public")), first);
}

#[test]
fn a_damaged_cache_is_not_trusted() {
    let s = site();
    s.build();
    let first = files_by_path(&s.path("public"));
    let entries = cache_entries(&s);
    assert!(!entries.is_empty(), "nothing kept");
    for entry in &entries {
        let mut bytes = std::fs::read(entry).expect("entry");
        let last = bytes.len() - 1;
        bytes[last] ^= 0x55;
        std::fs::write(entry, bytes).expect("damage");
    }
    // Each part of the index (src/search/parts.rs) is kept in a file, its
    // entries stored as they are: one byte of each part's entry file is
    // changed where the kept copy holds it.
    for (kept, published) in [("reciente", "pagefind/"), ("archivo", "pagefind/archivo/")] {
        let index = s.path(&format!(".faro-cache/search/{kept}.zip"));
        let mut bytes = std::fs::read(&index).expect("the kept index");
        let entry = std::fs::read(s.path(&format!("public/{published}pagefind-entry.json")))
            .expect("the entry file");
        let at = bytes
            .windows(entry.len())
            .position(|w| w == entry.as_slice())
            .expect("the entry file kept as it is");
        bytes[at + entry.len() / 2] ^= 0x55;
        std::fs::write(&index, bytes).expect("damage");
    }
    delete_output(&s);
    assert_eq!(search_step(&s), "search", "a damaged index taken back");
    assert_eq!(files_by_path(&s.path("public")), first);
}

#[test]
fn the_cache_keeps_only_the_copies_of_the_last_build() {
    let s = site();
    s.build();
    let copies = files_by_path(&s.path("public"))
        .keys()
        .filter(|p| p.ends_with(".br"))
        .count();
    // One entry per copy (fewer if two files have the same bytes).
    let kept = cache_entries(&s).len();
    assert!(
        kept > 0 && kept <= copies,
        "{kept} entries, {copies} copies"
    );
    // A changed page changes its copies: each old entry goes with it.
    s.write(
        "content/informes/2024/01/index.md",
        &report(
            "2024-01",
            "",
            &format!("## Política\n\n{}\n", "Otro texto de enero. ".repeat(200)),
        ),
    );
    s.build();
    assert_eq!(cache_entries(&s).len(), kept);
}

#[cfg(unix)]
#[test]
fn a_cache_reached_through_a_link_is_not_used() {
    let s = site();
    let elsewhere = common::link_cache(&s);
    s.build();
    assert!(s.exists("informes/2024/01/index.html.br"));
    for kept in ["compressed", "search"] {
        assert!(
            !elsewhere.path().join(kept).exists(),
            "{kept} written there"
        );
    }
}
