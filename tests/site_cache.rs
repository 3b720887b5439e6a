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
    for kept in ["compressed", "search", "informes"] {
        assert!(
            !elsewhere.path().join(kept).exists(),
            "{kept} written there"
        );
    }
}

/// A site whose reports use every part of a report the cache of parsed
/// reports keeps (`src/load/kept.rs`): photos in the gallery and the
/// body, a correction, a caption, `extra`, the original document, a draft
/// with a pending value.
fn rich_site() -> Site {
    let s = Site::basic();
    s.write(
        "content/informes/2024/01/index.md",
        "---\nperiod: 2024-01\ntitle: \"Enero\"\nsummary: \"Resumen\"\ndate: 2024-02-05\n\
         sample: true\nsource_document: original.pdf\nextra:\n  intro: \"Texto\"\n  n: 3\n\
         gallery:\n  - src: extra.jpg\n    alt: \"Personas\"\n    caption: \"Capacitación\"\n    credit: \"Comunicación\"\n\
         corrections:\n  - date: 2024-03-01\n    note: \"Corregido.\"\n    indicator: visas/visas-emitidas\n    previous: 150\n\
         tables:\n  - id: visas\n    number: 1\n    title: \"Visas\"\n    caption: \"Cuadro 1. Visas.\"\n\
         \x20   unit: \"Cantidad de documentos\"\n    source: \"Planificación\"\n    total: 1508\n    rows:\n\
         \x20     - id: visas-emitidas\n        label: \"Visas emitidas\"\n        value: 158\n\
         \x20     - label: \"Registro de extranjería\"\n        value: \"1,350\"\n\
         ---\n## Política\n\n![Reunión](reunion.jpg \"Foto\")\n\nTexto.\n",
    );
    s.write_bytes("content/informes/2024/01/extra.jpg", &common::jpeg(60, 40));
    s.write_bytes(
        "content/informes/2024/01/reunion.jpg",
        &common::jpeg(60, 40),
    );
    s.write_bytes("content/informes/2024/01/original.pdf", b"%PDF-1.4\n");
    s.write(
        "content/informes/2024/02/index.md",
        &report("2024-02", "draft: true\n", "Borrador.\n").replace("value: 158", "value: null"),
    );
    s
}

const KEPT: &str = ".faro-cache/informes/analizados.txt";

#[test]
fn a_report_taken_from_the_cache_is_the_report_parsed() {
    let s = rich_site();
    let parsed = faro::load::load(s.root(), true).expect("load");
    let first = faro::load::load_keeping(s.root(), true).expect("first");
    let kept = std::fs::read_to_string(s.path(KEPT)).expect("the cache written");
    assert_eq!(kept.lines().count(), 1 + 3, "a header and three reports");
    let second = faro::load::load_keeping(s.root(), true).expect("second");
    for got in [&first, &second] {
        assert_eq!(format!("{got:?}"), format!("{parsed:?}"));
    }
    // The second load read the cache: an entry changed (its check made
    // again) is what it gives. A build never writes such an entry.
    let mut entries = kept.lines().map(str::to_string).collect::<Vec<_>>();
    let line = entries
        .iter_mut()
        .find(|l| l.contains("\"title\":\"Enero\""))
        .expect("the report's entry");
    let (key, rest) = line.split_once(' ').expect("key");
    let json = rest
        .split_once(' ')
        .expect("check")
        .1
        .replace("\"Enero\"", "\"Otro\"");
    *line = format!(
        "{key} {:016x} {json}",
        xxhash_rust::xxh3::xxh3_64(json.as_bytes())
    );
    std::fs::write(s.path(KEPT), entries.join("\n") + "\n").expect("write");
    let taken = faro::load::load_keeping(s.root(), true).expect("third");
    assert!(
        taken.reports.iter().any(|r| r.title == "Otro"),
        "the cache was not read"
    );
}

#[test]
fn a_photo_gone_since_the_last_build_is_reported_as_without_a_cache() {
    let s = rich_site();
    s.build();
    assert!(s.path(KEPT).exists(), "nothing kept");
    for gone in ["extra.jpg", "reunion.jpg", "original.pdf"] {
        let path = s.path(&format!("content/informes/2024/01/{gone}"));
        let bytes = std::fs::read(&path).expect("read");
        std::fs::remove_file(&path).expect("remove");
        let err = s.build_fails();
        assert!(
            err.contains("content/informes/2024/01/index.md") && err.contains(gone),
            "{gone}: {err}"
        );
        // The very message a build without the cache gives (the loader's,
        // with the line naming the photo, not a later step's).
        std::fs::remove_dir_all(s.path(".faro-cache/informes")).expect("drop the cache");
        assert_eq!(err, s.build_fails(), "{gone}");
        std::fs::write(&path, bytes).expect("put back");
        s.build();
    }
}

#[test]
fn a_damaged_report_cache_costs_a_parse_never_a_wrong_page() {
    let s = rich_site();
    s.build();
    let first = files_by_path(&s.path("public"));
    let kept = std::fs::read_to_string(s.path(KEPT)).expect("the cache");
    let header = kept.lines().next().expect("header").to_string();
    let damaged = [
        // Every entry's JSON changed, its check not.
        kept.replace("Visas emitidas", "Visas robadas"),
        // Cut in the middle of an entry.
        kept[..kept.len() / 2].to_string(),
        // Lines that are not entries, and JSON that is not a report.
        format!("{header}\nxyz\n{} 0 {{}}\n\n1 2 3 4\n", "f".repeat(32)),
        // Another faro's.
        kept.replacen(&header, "faro-informes-analizados 0 0000000000000000", 1),
    ];
    for (i, text) in damaged.iter().enumerate() {
        std::fs::write(s.path(KEPT), text).expect("damage");
        delete_output(&s);
        s.build();
        assert_eq!(files_by_path(&s.path("public")), first, "damage {i}");
        // And the cache is whole again.
        assert_eq!(
            std::fs::read_to_string(s.path(KEPT)).expect("cache"),
            kept,
            "damage {i}"
        );
    }
}

/// The lines of the cache of parsed reports after its header.
fn kept_lines(s: &Site) -> Vec<String> {
    let text = std::fs::read_to_string(s.path(KEPT)).expect("the cache");
    text.lines().skip(1).map(str::to_string).collect()
}

/// A report changed adds its line to the cache of parsed reports, the
/// others left as they are; a line cut short is ended before the next is
/// added; the cache is written whole again once more than one line in
/// eight is of a report since changed. Loading gives what parsing gives
/// throughout.
#[test]
fn a_changed_report_adds_its_line_and_the_cache_is_written_whole_when_mostly_unused() {
    let s = Site::new();
    common::write_monthly_reports(s.root(), 2021, 36, |_, month| {
        format!("Texto del mes {month}.\n")
    });
    let loads_as_parsed = |why: &str| {
        let parsed = faro::load::load(s.root(), true).expect("load");
        let kept = faro::load::load_keeping(s.root(), true).expect("kept");
        assert_eq!(format!("{kept:?}"), format!("{parsed:?}"), "{why}");
    };
    loads_as_parsed("first");
    let first = kept_lines(&s);
    assert_eq!(first.len(), 36, "one line per report");
    let change = |month: u32| {
        let path = format!("content/informes/2023/{month:02}/index.md");
        let old = std::fs::read_to_string(s.path(&path)).expect("report");
        s.write(&path, &old.replace(".\n", ", cambiado.\n"));
    };

    change(3);
    loads_as_parsed("one report changed");
    let added = kept_lines(&s);
    assert_eq!(added[..36], first[..], "the other lines left as they were");
    assert_eq!(added.len(), 37, "one line added");
    assert!(added[36].contains("2023/03/index.md"), "{}", added[36]);

    // That line cut short, as by a build killed while adding it: March is
    // parsed again, and its line and May's follow the cut one.
    let text = std::fs::read_to_string(s.path(KEPT)).expect("the cache");
    std::fs::write(s.path(KEPT), &text[..text.len() - 40]).expect("cut");
    change(5);
    loads_as_parsed("after a line cut short");
    let ended = kept_lines(&s);
    assert_eq!(ended.len(), 39, "{ended:?}");
    for (line, month) in ended[37..].iter().zip(["03", "05"]) {
        let (key, rest) = line.split_once(' ').expect("key");
        let (check, json) = rest.split_once(' ').expect("check");
        assert_eq!(key.len(), 32, "{line}");
        assert_eq!(
            check,
            format!("{:016x}", xxhash_rust::xxh3::xxh3_64(json.as_bytes())),
            "a whole line"
        );
        assert!(json.contains(&format!("2023/{month}/index.md")), "{line}");
    }

    // Unused: March's first line and the one cut short, May's first; each
    // report changed adds one, until more than one line in eight (36 in
    // use) is unused and the cache is written whole.
    let mut lines = ended.len();
    for month in [7, 9, 11] {
        change(month);
        loads_as_parsed("one more report changed");
        let now = kept_lines(&s).len();
        if now == 36 {
            return;
        }
        assert_eq!(now, lines + 1, "added to");
        lines = now;
    }
    panic!("never written whole: {lines} lines");
}
