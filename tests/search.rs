//! Full-text search: what `faro build` indexes, where the index goes, and the
//! search box and page around it. Real queries run in a browser, in
//! tests/browser/search.rs; here the index is read back from its fragments
//! (one gzipped JSON record per indexed page, as Pagefind writes them).

mod common;

use common::search_step;
use common::serve::Server;
use common::{Site, report};
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::Read;

/// Every indexed page's record: `url`, `content`, `filters`, `meta`, from
/// both parts of the index (the recent one and `archivo/`).
fn fragments(s: &Site) -> Vec<Value> {
    fragments_in(&s.path("public/pagefind"))
}

/// The records of the index files under `dir`.
fn fragments_in(dir: &std::path::Path) -> Vec<Value> {
    let mut out = Vec::new();
    let files = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "pf_fragment"));
    for entry in files {
        let bytes = std::fs::read(entry.path()).expect("read fragment");
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .expect("gzipped UTF-8");
        // Each record is prefixed with a marker that tells the client it decompressed well.
        for record in text.split("pagefind_dcd").filter(|r| !r.is_empty()) {
            out.push(serde_json::from_str(record).expect("a JSON record"));
        }
    }
    out
}

fn urls(records: &[Value]) -> BTreeSet<String> {
    records
        .iter()
        .map(|r| r["url"].as_str().expect("url").to_string())
        .collect()
}

/// The basic site plus a draft report whose words must never be found.
fn site_with_draft() -> Site {
    let s = Site::basic();
    s.write(
        "content/informes/2024/02/index.md",
        &report(
            "2024-02",
            "draft: true\n",
            "Borrador con la palabra zarzamora.\n",
        ),
    );
    s
}

#[test]
fn reports_pages_and_indicators_are_indexed_and_drafts_never() {
    let s = site_with_draft();
    // Even when drafts are built, to preview them, they are not indexed.
    let out = s.faro(&["build", "--drafts"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        s.exists("informes/2024/02/index.html"),
        "the draft is built"
    );
    let records = fragments(&s);
    assert_eq!(
        urls(&records),
        BTreeSet::from(
            [
                "/acerca/",
                "/informes/2023/01/",
                "/informes/2024/01/",
                "/indicadores/visas/registro-de-extranjeria/",
                "/indicadores/visas/visas-emitidas/",
            ]
            .map(String::from)
        )
    );
    for r in &records {
        let content = r["content"].as_str().expect("content");
        assert!(!content.contains("zarzamora"), "draft words indexed: {r}");
        // The header (brand, menu, search box) is on every page, so not content.
        assert!(!content.contains("Saltar al contenido"), "{r}");
        assert!(
            !content.contains("Instituto de Prueba Informes de prueba"),
            "{r}"
        );
    }
}

#[test]
fn results_carry_their_kind_year_and_month() {
    let s = Site::basic();
    s.build();
    let records = fragments(&s);
    let by_url = |url: &str| {
        records
            .iter()
            .find(|r| r["url"] == url)
            .unwrap_or_else(|| panic!("{url} not indexed"))
            .clone()
    };
    let report = by_url("/informes/2024/01/");
    assert_eq!(report["filters"]["kind"][0], "informe");
    assert_eq!(report["filters"]["year"][0], "2024");
    assert_eq!(report["meta"]["period"], "enero de 2024");
    assert!(
        report["content"]
            .as_str()
            .is_some_and(|c| c.contains("Texto de enero") && c.contains("Visas emitidas")),
        "{report}"
    );
    // The table's heading is an anchor, so a result can point at the table.
    assert!(
        report["anchors"]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x["text"]
                .as_str()
                .is_some_and(|t| t.contains("Visas y residencias")))),
        "{report}"
    );
    let page = by_url("/acerca/");
    assert_eq!(page["filters"]["kind"][0], "página");
    assert!(page["filters"].get("year").is_none());
    let indicator = by_url("/indicadores/visas/visas-emitidas/");
    assert_eq!(indicator["filters"]["kind"][0], "indicador");
    assert_eq!(indicator["meta"]["title"], "Visas emitidas");
}

/// What repeats a figure found elsewhere is not indexed: a report's changes
/// against earlier months, its charts, an indicator's month-by-month values
/// and its totals by year (sums of them); their headings are.
#[test]
fn figures_repeated_from_elsewhere_are_not_indexed() {
    let s = Site::new();
    s.write(
        "content/informes/2023/01/index.md",
        &report("2023-01", "", "Texto de dos mil veintitrés.\n")
            .replace("value: 158", "value: 100"),
    );
    s.write(
        "content/informes/2024/01/index.md",
        &report("2024-01", "", "Texto de enero.\n"),
    );
    s.build();
    let page = s.read("informes/2024/01/index.html");
    // The page shows the change (158 against 100 a year before) and a chart.
    assert!(page.contains("+58"), "{page}");
    assert!(page.contains("Descargar el gráfico"), "{page}");
    let records = fragments(&s);
    let content = |url: &str| {
        records
            .iter()
            .find(|r| r["url"] == url)
            .unwrap_or_else(|| panic!("{url} not indexed"))["content"]
            .as_str()
            .expect("content")
            .to_string()
    };
    let report = content("/informes/2024/01/");
    for found in ["Visas emitidas", "158", "1,350", "Texto de enero"] {
        assert!(report.contains(found), "{found:?} not indexed: {report}");
    }
    for left_out in ["+58", "Descargar el gráfico"] {
        assert!(!report.contains(left_out), "{left_out:?} indexed: {report}");
    }
    let indicator = content("/indicadores/visas/visas-emitidas/");
    assert!(indicator.contains("Visas emitidas"), "{indicator}");
    assert!(indicator.contains("Totales por año"), "{indicator}");
    assert!(indicator.contains("Valores mensuales"), "{indicator}");
    // A month's row, and the totals' header and change (2024 against 2023).
    for left_out in ["Enero de 2023", "Meses comparados", "+58"] {
        assert!(
            !indicator.contains(left_out),
            "{left_out:?} indexed: {indicator}"
        );
    }
}

/// `search: false` in site.yaml: no index, no search page, no search box;
/// turned off after a build, the next build removes what the last one made.
#[test]
fn search_false_leaves_out_the_index_the_page_and_the_box() {
    let s = Site::basic();
    s.build();
    assert!(s.exists("pagefind/pagefind-entry.json"));
    assert!(s.exists("buscar/index.html"));
    let yaml = std::fs::read_to_string(s.path("site.yaml")).expect("site.yaml");
    s.write("site.yaml", &format!("{yaml}search: false\n"));
    s.build();
    let left: Vec<_> = walkdir::WalkDir::new(s.path("public/pagefind"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().display().to_string())
        .collect();
    assert!(left.is_empty(), "{left:?}");
    assert!(!s.exists("buscar/index.html"));
    for page in [
        "index.html",
        "informes/2024/01/index.html",
        "acerca/index.html",
    ] {
        let html = s.read(page);
        assert!(!html.contains("role=\"search\""), "{page}: {html}");
        assert!(!html.contains("search."), "{page}: {html}");
    }
}

#[test]
fn the_index_is_spanish_and_ships_only_what_the_page_uses() {
    let s = Site::basic();
    s.build();
    for file in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-worker.js",
        "pagefind/pagefind-entry.json",
        "pagefind/wasm.es.pagefind",
    ] {
        assert!(s.exists(file), "missing {file}");
    }
    let entry: Value = serde_json::from_str(&s.read("pagefind/pagefind-entry.json")).expect("json");
    assert!(entry["languages"].get("es").is_some(), "{entry}");
    // Pagefind's ready-made interfaces are not used by the search page.
    for file in [
        "pagefind/pagefind-ui.js",
        "pagefind/pagefind-component-ui.js",
        "pagefind/pagefind-highlight.js",
    ] {
        assert!(!s.exists(file), "{file} published");
    }
}

#[test]
fn every_page_has_a_search_box_that_leads_to_the_search_page() {
    let s = Site::basic();
    s.build();
    for page in [
        "index.html",
        "informes/2024/01/index.html",
        "acerca/index.html",
        "404.html",
    ] {
        let html = s.read(page);
        let form = &html[html
            .find("<form class=\"site-search\"")
            .unwrap_or_else(|| panic!("{page}: no search form"))..];
        let form = &form[..form.find("</form>").expect("form end")];
        assert!(form.contains("role=\"search\""), "{page}: {form}");
        assert!(
            form.contains("action=\"/portal/buscar/\" method=\"get\""),
            "{page}: {form}"
        );
        assert!(
            form.contains("<label class=\"site-search-label\" for=\"site-search-q\">"),
            "{page}: {form}"
        );
        assert!(
            form.contains("type=\"search\" id=\"site-search-q\" name=\"q\""),
            "{page}: {form}"
        );
    }
}

#[test]
fn the_search_page_without_javascript_links_to_the_archive_and_indicators() {
    let s = Site::basic();
    s.build();
    let html = s.read("buscar/index.html");
    assert!(html.contains("La búsqueda necesita JavaScript"), "{html}");
    for link in [
        "/portal/informes/",
        "/portal/informes/2023/",
        "/portal/informes/2024/",
        "/portal/indicadores/",
    ] {
        assert!(
            html.contains(&format!("href=\"{link}\"")),
            "no link to {link}"
        );
    }
    // Its script and the index load from the site's own base path.
    assert!(html.contains("data-bundle=\"/portal/pagefind/\""), "{html}");
    assert!(html.contains("src=\"/portal/js/search."), "{html}");
    assert!(
        html.contains("name=\"tipo\"") && html.contains("<option value=\"2023\">2023</option>")
    );
}

#[test]
fn timings_show_the_search_step() {
    let s = Site::basic();
    let out = s.faro(&["build", "--timings"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout
            .lines()
            .any(|l| l.trim_start().starts_with("search") && l.ends_with(" ms")),
        "{stdout}"
    );
}

#[test]
fn an_unchanged_index_is_not_rewritten() {
    let s = Site::basic();
    s.build();
    let stamps = || -> Vec<(std::path::PathBuf, std::time::SystemTime)> {
        walkdir::WalkDir::new(s.path("public/pagefind"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let m = e.metadata().expect("metadata").modified().expect("mtime");
                (e.into_path(), m)
            })
            .collect()
    };
    let first = stamps();
    // The second build writes the other staging folder; the third one
    // reuses the first build's folder, where nothing should need writing.
    s.build();
    // A file the third build rewrote would be stamped later than the first's.
    let newest = first.iter().map(|(_, t)| *t).max().expect("index files");
    common::until_files_are_stamped_after(newest);
    s.build();
    let mut third = stamps();
    let mut first = first;
    first.sort();
    third.sort();
    assert_eq!(first, third);
}

/// `faro serve` keeps save→reload fast: its builds do not index; the first
/// visit to the search page after a build does.
#[test]
fn serve_indexes_when_the_search_page_is_visited() {
    let s = Site::basic();
    let serve = Server::start(&s);
    let out = s.path(".faro-cache/serve/public");
    let entry = out.join("pagefind/pagefind-entry.json");
    assert!(out.join("buscar/index.html").is_file());
    assert!(!entry.exists(), "the preview's build indexed");
    assert_eq!(serve.get("/").status, 200);
    assert!(!entry.exists(), "another page indexed");
    assert_eq!(serve.get("/buscar/").status, 200);
    assert!(entry.exists(), "the search page did not index");
    assert_eq!(serve.get("/pagefind/pagefind.js").status, 200);
    // A save rebuilds without the index; the next visit makes it again.
    s.write(
        "content/acerca.md",
        "---\ntitle: Acerca de\n---\nOtro texto.\n",
    );
    serve.wait_for_stdout("rebuilt");
    assert!(!entry.exists(), "a rebuild kept an outdated index");
    assert_eq!(serve.get("/buscar/").status, 200);
    assert!(entry.exists());
}

/// With `search: false`, the preview has no search page and never indexes,
/// whatever is asked of it.
#[test]
fn serve_without_search_never_indexes() {
    let s = Site::basic();
    let yaml = std::fs::read_to_string(s.path("site.yaml")).expect("site.yaml");
    s.write("site.yaml", &format!("{yaml}search: false\n"));
    let serve = Server::start(&s);
    let out = s.path(".faro-cache/serve/public");
    assert_eq!(serve.get("/").status, 200);
    assert!(
        serve.get("/buscar/").status >= 400,
        "a search page is served"
    );
    assert!(!out.join("pagefind").exists(), "the preview indexed");
}

#[test]
fn an_unchanged_site_reuses_its_index_and_a_changed_one_is_indexed_again() {
    let s = Site::basic();
    assert_eq!(search_step(&s), "search");
    let first = common::snapshot(&s.path("public/pagefind"));
    assert_eq!(search_step(&s), "search (index reused)");
    assert_eq!(common::snapshot(&s.path("public/pagefind")), first);
    // One report's words change: its part of the index is made again,
    // with them.
    s.write(
        "content/informes/2024/01/index.md",
        &report(
            "2024-01",
            "",
            "## Política\n\nTexto de enero con zarzamora.\n",
        ),
    );
    assert_eq!(search_step(&s), "search (recent part only)");
    let records = fragments(&s);
    let january = records
        .iter()
        .find(|r| r["url"] == "/informes/2024/01/")
        .expect("January indexed");
    assert!(
        january["content"]
            .as_str()
            .is_some_and(|c| c.contains("zarzamora")),
        "{january}"
    );
    assert_eq!(search_step(&s), "search (index reused)");
    let sorted = |r: Vec<Value>| {
        let mut v: Vec<String> = r.iter().map(Value::to_string).collect();
        v.sort();
        v
    };
    assert_eq!(sorted(fragments(&s)), sorted(records));
}

#[test]
fn a_hand_edited_or_missing_index_file_is_made_again() {
    let s = Site::basic();
    s.build();
    let made = common::snapshot(&s.path("public/pagefind"));
    // A file of the recent part, or of the archive part (`archivo/`).
    let file = |archive: bool, ext: &str| {
        made.iter()
            .map(|(p, _)| p.clone())
            .find(|p| {
                p.extension().is_some_and(|e| e == ext)
                    && p.components().any(|c| c.as_os_str() == "archivo") == archive
            })
            .unwrap_or_else(|| panic!("no {ext} (archive: {archive})"))
    };
    let fragment = file(false, "pf_fragment");
    let chunk = file(false, "pf_index");
    std::fs::write(&fragment, "edited by hand").expect("edit");
    std::fs::remove_file(&chunk).expect("remove");
    // Taken back whole from the copy the site keeps (src/search/cache.rs)…
    assert_eq!(search_step(&s), "search (index reused)");
    assert_eq!(common::snapshot(&s.path("public/pagefind")), made);
    std::fs::write(&fragment, "edited by hand").expect("edit");
    std::fs::remove_dir_all(s.path(".faro-cache/search")).expect("remove");
    // …or, without it, made again: only the part the file is in.
    assert_eq!(search_step(&s), "search (recent part only)");
    assert_eq!(common::snapshot(&s.path("public/pagefind")), made);
    std::fs::write(file(true, "pf_fragment"), "edited by hand").expect("edit");
    std::fs::remove_dir_all(s.path(".faro-cache/search")).expect("remove");
    assert_eq!(search_step(&s), "search (archive part only)");
    assert_eq!(common::snapshot(&s.path("public/pagefind")), made);
    // The record itself, edited, is not trusted either.
    std::fs::remove_dir_all(s.path(".faro-cache/search")).expect("remove");
    let record = s.path("public/pagefind/faro-index.txt");
    let text = std::fs::read_to_string(&record).expect("the record");
    std::fs::write(&record, text.replacen('0', "1", 1)).expect("edit");
    assert_eq!(search_step(&s), "search (recent part only)");
    assert_eq!(common::snapshot(&s.path("public/pagefind")), made);
    assert_eq!(search_step(&s), "search (index reused)");
}

/// The index is made beside the compressing of the rendered files, and its
/// own scripts are compressed once it is there: in a first build and in one
/// that reuses the index, each gets its copies, and nothing else is missed.
#[test]
fn the_index_scripts_get_their_compressed_copies() {
    let s = Site::basic();
    for _ in 0..2 {
        s.build();
        let dir = s.path("public/pagefind");
        let mut scripts = 0;
        for entry in walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
        {
            let path = entry.path();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            let len = entry.metadata().expect("metadata").len();
            if !["js", "json", "txt"].contains(&ext) || len < 1024 {
                continue;
            }
            scripts += 1;
            let plain = std::fs::read(path).expect("read");
            let br = std::fs::read(format!("{}.br", path.display()))
                .unwrap_or_else(|e| panic!("{}.br: {e}", path.display()));
            let mut back = Vec::new();
            brotli::Decompressor::new(&br[..], 4096)
                .read_to_end(&mut back)
                .expect("brotli");
            assert_eq!(back, plain, "{}.br", path.display());
        }
        // pagefind.js and its worker at least (on a small site the entry
        // file and faro's record are under a kilobyte).
        assert!(scripts >= 2, "only {scripts} index files worth compressing");
        assert!(dir.join("pagefind.js.br").is_file());
    }
}

/// The index is in two parts (src/search/parts.rs): the newest year's
/// reports with the indicators and pages, and the archive of the years
/// before, merged by the search page. A change to a page indexes only its
/// own part; either way the new word is found and the old one is not, and
/// the index is the one a first build makes.
#[test]
fn a_change_indexes_only_the_part_its_page_is_in() {
    let s = Site::basic();
    assert_eq!(search_step(&s), "search");
    let parts: Value = serde_json::from_str(&s.read("pagefind/faro-partes.json")).expect("json");
    assert_eq!(
        parts,
        serde_json::json!({"reciente": "2024", "archivo": [{"carpeta": "archivo/", "anios": ["2023"]}]})
    );
    // The archive part is searched with the recent part's script.
    assert!(s.exists("pagefind/archivo/pagefind-entry.json"));
    for file in ["pagefind.js", "pagefind-worker.js", "wasm.es.pagefind"] {
        assert!(!s.exists(&format!("pagefind/archivo/{file}")), "{file}");
    }
    let found = |word: &str| {
        let records = fragments(&s);
        let urls: BTreeSet<String> = records
            .iter()
            .filter(|r| r["content"].as_str().unwrap_or_default().contains(word))
            .map(|r| r["url"].as_str().expect("url").to_string())
            .collect();
        urls
    };
    let archived = urls(&fragments_in(&s.path("public/pagefind/archivo")));
    assert!(archived.contains("/informes/2023/01/"), "{archived:?}");
    assert!(!archived.contains("/informes/2024/01/"), "{archived:?}");

    let edit = |file: &str, old: &str, new: &str| {
        let text = std::fs::read_to_string(s.path(file)).expect("read");
        assert!(text.contains(old), "{file}");
        s.write(file, &text.replace(old, new));
    };
    edit(
        "content/informes/2024/01/index.md",
        "Texto de enero.",
        "Texto de zorzales.",
    );
    assert_eq!(search_step(&s), "search (recent part only)");
    assert_eq!(
        found("zorzales"),
        BTreeSet::from(["/informes/2024/01/".to_string()])
    );
    assert!(found("Texto de enero").is_empty());

    edit(
        "content/informes/2023/01/index.md",
        "Texto.",
        "Texto de quetzales.",
    );
    assert_eq!(search_step(&s), "search (archive part only)");
    assert_eq!(
        found("quetzales"),
        BTreeSet::from(["/informes/2023/01/".to_string()])
    );
    assert_eq!(found("zorzales").len(), 1);

    // A first build of the same pages, with no output and no cache, makes
    // the very same index.
    let rebuilt = common::snapshot(&s.path("public/pagefind"));
    std::fs::remove_dir_all(s.path("public")).expect("rm public");
    std::fs::remove_dir_all(s.path(".faro-cache")).expect("rm cache");
    assert_eq!(search_step(&s), "search");
    assert_eq!(common::snapshot(&s.path("public/pagefind")), rebuilt);
}

/// An archive of more reports than one part holds (600,
/// `src/search/parts.rs`) is indexed in parts of whole years, about equal;
/// a change to an old report indexes only the part its year is in.
#[test]
fn a_large_archive_is_indexed_in_parts_of_whole_years() {
    let s = Site::new();
    // 1970 to 2024: 660 monthly reports, 648 of them in the archive.
    common::write_monthly_reports(s.root(), 1970, 660, |y, _| {
        format!("## Uno\n\nTexto {y}.\n")
    });
    assert_eq!(search_step(&s), "search");
    let parts: Value = serde_json::from_str(&s.read("pagefind/faro-partes.json")).expect("json");
    let years = |from: i32, to: i32| -> Value { (from..=to).map(|y| y.to_string()).collect() };
    assert_eq!(
        parts,
        serde_json::json!({"reciente": "2024", "archivo": [
            {"carpeta": "archivo-2/", "anios": years(1997, 2023)},
            {"carpeta": "archivo/", "anios": years(1970, 1996)},
        ]})
    );
    for part in ["archivo", "archivo-2"] {
        assert!(s.exists(&format!("pagefind/{part}/pagefind-entry.json")));
        assert!(!s.exists(&format!("pagefind/{part}/pagefind.js")));
    }
    let oldest = urls(&fragments_in(&s.path("public/pagefind/archivo")));
    let newer = urls(&fragments_in(&s.path("public/pagefind/archivo-2")));
    assert_eq!((oldest.len(), newer.len()), (324, 324));
    assert!(oldest.contains("/informes/1970/01/") && oldest.contains("/informes/1996/12/"));
    assert!(newer.contains("/informes/1997/01/") && newer.contains("/informes/2023/12/"));

    // A word changed in 1970 makes that part again, and only that one (the
    // cache keeps each part made anew).
    let kept = |part: &str| {
        std::fs::metadata(s.path(&format!(".faro-cache/search/{part}.zip")))
            .and_then(|m| m.modified())
            .expect("kept part")
    };
    let before = (kept("archivo"), kept("archivo-2"), kept("reciente"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    let file = "content/informes/1970/01/index.md";
    let text = std::fs::read_to_string(s.path(file)).expect("read");
    s.write(file, &text.replace("Texto 1970.", "Texto de quetzales."));
    assert_eq!(search_step(&s), "search (archive part only)");
    assert_ne!(kept("archivo"), before.0, "the oldest part is made again");
    assert_eq!(kept("archivo-2"), before.1, "the newer part is not");
    assert_eq!(kept("reciente"), before.2, "the recent part is not");
    let found: Vec<Value> = fragments_in(&s.path("public/pagefind/archivo"))
        .into_iter()
        .filter(|r| {
            r["content"]
                .as_str()
                .unwrap_or_default()
                .contains("quetzales")
        })
        .collect();
    assert_eq!(
        urls(&found),
        BTreeSet::from(["/informes/1970/01/".to_string()])
    );
}
