//! `faro build` over an existing output renders only what changed (the
//! render cache), and what it publishes is byte for byte what a first
//! build of the same content publishes.

mod common;
use common::{Site, files_by_path, report};
use faro::pipeline::build::{Options, Summary, build};
use std::path::Path;

fn options(s: &Site, output: &Path) -> Options {
    let mut opts = Options::new(s.root());
    opts.output = Some(output.to_path_buf());
    opts
}

fn rebuild(s: &Site) -> Summary {
    build(&options(s, &s.path("public"))).unwrap_or_else(|e| panic!("rebuild: {e}"))
}

/// That the output holds exactly what a first build into a new folder
/// makes, else the first file that differs.
fn assert_as_fresh(s: &Site, after: &str) {
    let fresh = tempfile::tempdir().expect("temp dir");
    let out = fresh.path().join("public");
    build(&options(s, &out)).unwrap_or_else(|e| panic!("fresh build: {e}"));
    let (got, want) = (files_by_path(&s.path("public")), files_by_path(&out));
    for (path, bytes) in &want {
        match got.get(path) {
            None => panic!("after {after}: {path} missing"),
            Some(b) if b != bytes => panic!("after {after}: {path} differs from a fresh build"),
            _ => {}
        }
    }
    if let Some(extra) = got.keys().find(|p| !want.contains_key(*p)) {
        panic!("after {after}: {extra} should not be there");
    }
}

fn with_photo(s: &Site) {
    s.write(
        "content/informes/2024/01/index.md",
        &report(
            "2024-01",
            "summary: \"Resumen de enero\"\n",
            "## Política\n\n![Reunión](reunion.jpg \"Foto\")\n",
        ),
    );
    s.write_bytes(
        "content/informes/2024/01/reunion.jpg",
        &common::jpeg(300, 200),
    );
}

/// One change to the site's sources.
type Edit = Box<dyn Fn(&Site)>;

#[test]
fn a_rebuild_after_each_edit_publishes_what_a_first_build_does() {
    let s = Site::basic();
    with_photo(&s);
    for _ in 0..3 {
        rebuild(&s);
    }
    let unchanged = rebuild(&s);
    assert!(
        unchanged.jobs_reused > 0 && unchanged.jobs_rendered == 0,
        "an unchanged rebuild renders nothing: {} rendered, {} reused",
        unchanged.jobs_rendered,
        unchanged.jobs_reused
    );
    assert_as_fresh(&s, "no edit");
    let report_2024 = "content/informes/2024/01/index.md";
    let edits: Vec<(&str, Edit)> = vec![
        (
            "a value",
            Box::new(|s: &Site| {
                let text = std::fs::read_to_string(s.path(report_2024)).expect("read");
                s.write(report_2024, &text.replace("value: 158", "value: 161"));
            }),
        ),
        (
            "a title",
            Box::new(|s: &Site| {
                let text = std::fs::read_to_string(s.path(report_2024)).expect("read");
                s.write(
                    report_2024,
                    &text.replace("Visas y residencias", "Visas otorgadas"),
                );
            }),
        ),
        (
            "a new report",
            Box::new(|s: &Site| {
                s.write(
                    "content/informes/2024/02/index.md",
                    &report("2024-02", "", "## Febrero\n\nTexto.\n"),
                );
            }),
        ),
        (
            "a draft flag",
            Box::new(|s: &Site| {
                s.write(
                    "content/informes/2024/02/index.md",
                    &report("2024-02", "draft: true\n", "## Febrero\n\nTexto.\n"),
                );
            }),
        ),
        (
            "a deleted report",
            Box::new(|s: &Site| {
                std::fs::remove_dir_all(s.path("content/informes/2024/02")).expect("rm");
            }),
        ),
        (
            "a photo replaced",
            Box::new(|s: &Site| {
                s.write_bytes(
                    "content/informes/2024/01/reunion.jpg",
                    &common::jpeg(200, 300),
                );
            }),
        ),
        (
            "site.yaml",
            Box::new(|s: &Site| {
                s.write(
                    "site.yaml",
                    &common::SITE_YAML.replace("Informes de prueba", "Informes mensuales"),
                );
            }),
        ),
        (
            "a template",
            Box::new(|s: &Site| {
                let base = std::fs::read_to_string(
                    Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/igm/templates/base.html"),
                )
                .expect("base.html");
                s.write(
                    "templates/base.html",
                    &base.replace("<footer", "<p>Nuevo pie</p><footer"),
                );
            }),
        ),
        (
            "the site's template again",
            Box::new(|s: &Site| {
                let base = std::fs::read_to_string(s.path("templates/base.html")).expect("read");
                s.write(
                    "templates/base.html",
                    &base.replace("Nuevo pie", "Otro pie"),
                );
            }),
        ),
        (
            "a static file",
            Box::new(|s: &Site| s.write("static/css/extra.css", "p { color: red }\n")),
        ),
        (
            "the value back",
            Box::new(|s: &Site| {
                let text = std::fs::read_to_string(s.path(report_2024)).expect("read");
                s.write(report_2024, &text.replace("value: 161", "value: 158"));
            }),
        ),
    ];
    for (what, edit) in &edits {
        edit(&s);
        // Twice: the second finds in its staging folder the site from
        // before the edit.
        rebuild(&s);
        assert_as_fresh(&s, what);
        let again = rebuild(&s);
        assert_eq!(
            again.jobs_rendered, 0,
            "after {what}, the pages made by the last build are copied, not rendered"
        );
        assert_as_fresh(&s, what);
    }
}

#[test]
fn a_cached_file_edited_or_deleted_by_hand_is_made_again() {
    let s = Site::basic();
    for _ in 0..3 {
        rebuild(&s);
    }
    // The staging folder now holds the report's page from before this
    // edit: the next build would copy the published one.
    let january = "content/informes/2024/01/index.md";
    let text = std::fs::read_to_string(s.path(january)).expect("read");
    s.write(january, &text.replace("value: 158", "value: 159"));
    rebuild(&s);
    let staging = s.path(".public.faro-next");
    // A hand edit's time is set apart from any build's, not waited for.
    let by_hand = |path: std::path::PathBuf| {
        std::fs::write(&path, "hand").expect("edit");
        let day_one = std::time::UNIX_EPOCH + std::time::Duration::from_secs(86_400);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(day_one))
            .expect("set the time");
    };
    by_hand(s.path("public/informes/2024/01/index.html"));
    std::fs::remove_file(s.path("public/acerca/index.html")).expect("rm");
    by_hand(staging.join("informes/2023/index.html"));
    std::fs::remove_file(staging.join("datos/informes.csv")).expect("rm");
    for n in 0..3 {
        let summary = rebuild(&s);
        assert!(summary.jobs_reused > 0, "build {n} reused nothing");
        assert_as_fresh(&s, &format!("hand edits, build {n}"));
    }
}

#[test]
fn a_damaged_render_cache_is_not_trusted() {
    let s = Site::basic();
    for _ in 0..3 {
        rebuild(&s);
    }
    let cache = s.path(".public.faro-render-cache");
    let text = std::fs::read_to_string(&cache).expect("a render cache beside the output");
    assert!(text.contains("informes/2024/01/index.html"), "{text}");
    std::fs::write(&cache, text.replace("acerca", "acerco")).expect("damage");
    let summary = rebuild(&s);
    assert_eq!(summary.jobs_reused, 0, "a damaged cache was read");
    assert_as_fresh(&s, "a damaged cache");
    assert!(
        rebuild(&s).jobs_reused > 0,
        "the cache was not written again"
    );
}

/// A word changed in an earlier report's text makes again only the pages
/// that show that text: the report's own and the gallery (which reads each
/// report whole). Never the archive-wide data files, which hold none of it
/// (the one-word rebuild of `bench/speed.sh` made them every time).
#[test]
fn a_word_in_a_report_s_text_does_not_make_the_data_files_again() {
    let s = Site::basic();
    for _ in 0..2 {
        rebuild(&s);
    }
    let earlier = "content/informes/2023/01/index.md";
    let text = std::fs::read_to_string(s.path(earlier)).expect("read");
    s.write(earlier, &text.replace("Texto.", "Texto cambiado."));
    let changed = rebuild(&s);
    assert_eq!(
        changed.jobs_rendered, 2,
        "a word in the text renders the report's page and the gallery only"
    );
    assert_as_fresh(&s, "a word in the text");
    // A value is in the data files: they are made again.
    s.write(earlier, &text.replace("value: 158", "value: 157"));
    let value = rebuild(&s);
    assert!(
        value.jobs_rendered > changed.jobs_rendered,
        "a value renders more than a word: {} jobs",
        value.jobs_rendered
    );
    assert_as_fresh(&s, "a value");
}
