//! Content that could name a file outside the output, or that faro used to
//! read wrongly without a word (issue 11, cases 1, 11 and 12): each is an
//! error at its file and line, from `faro build` and `faro check` alike, and
//! a failed build writes nothing.

mod common;
use common::{Site, line_of, report, snapshot};
use std::path::Path;

const FILE: &str = "content/informes/2024/02/index.md";

/// A problem reported at `line` of [`FILE`].
fn assert_at(err: &str, line: usize, needle: &str) {
    common::assert_at(err, FILE, line, needle);
}

/// Builds a good site, writes `text` at FILE, and checks that the build
/// fails without changing `public/` or writing anything beside it, and that
/// `faro check` finds the same problems. Returns the build's stderr.
fn fails_with(text: &str) -> String {
    let s = Site::basic();
    s.build();
    let before = snapshot(&s.path("public"));
    let names_before = names_in(s.root());
    s.write(FILE, text);
    let err = s.build_fails();
    assert_eq!(snapshot(&s.path("public")), before, "public/ changed");
    assert_eq!(
        names_in(s.root()),
        names_before,
        "files appeared beside the site"
    );
    let check = s.faro(&["check"]);
    assert_eq!(check.status.code(), Some(1), "faro check passed");
    let check_err = String::from_utf8_lossy(&check.stdout).into_owned()
        + &String::from_utf8_lossy(&check.stderr);
    for line in err.lines().filter(|l| l.starts_with(FILE)) {
        assert!(
            check_err.contains(line),
            "check lacks `{line}`:\n{check_err}"
        );
    }
    err
}

/// Runs `faro check`, expects it to fail and to say `needle`.
fn check_says(s: &Site, needle: &str) {
    let out = s.faro(&["check"]);
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "faro check passed:\n{text}");
    assert!(
        text.contains(needle),
        "faro check lacks `{needle}`:\n{text}"
    );
}

/// Names directly in `dir`, but the staging folder and its manifests.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with(".public.faro-"))
        .collect();
    names.sort();
    names
}

/// The fixture report with `from` replaced by `to` (which must be there).
fn report_with(from: &str, to: &str) -> String {
    let text = report("2024-02", "", "");
    assert!(text.contains(from), "`{from}` not in the fixture");
    text.replacen(from, to, 1)
}

#[test]
fn a_table_id_that_climbs_out_is_refused_at_its_line() {
    let text = report_with("  - id: visas", "  - id: \"../../x\"");
    let err = fails_with(&text);
    assert_at(&err, line_of(&text, "../../x"), "is not a slug");
    assert_at(&err, line_of(&text, "../../x"), "write `id: x`");
}

#[test]
fn row_ids_must_be_slugs_too() {
    for (id, fix) in [
        ("\"a/b\"", "write `id: a-b`"),
        ("\"\"", "is empty"),
        ("Visas", "write `id: visas`"),
        ("\"visas emitidas\"", "write `id: visas-emitidas`"),
    ] {
        let text = report_with(
            "      - label: \"Visas emitidas\"",
            &format!("      - label: \"Visas emitidas\"\n        id: {id}"),
        );
        assert_at(
            &fails_with(&text),
            line_of(&text, &format!("        id: {id}")),
            fix,
        );
    }
}

#[test]
fn a_label_too_long_for_a_file_name_asks_for_an_id() {
    let label = "Solicitudes de prórroga de permanencia ".repeat(4);
    let text = report_with("Registro de extranjería", &label);
    let err = fails_with(&text);
    assert_at(&err, line_of(&text, "Solicitudes"), "add a short `id:`");
    assert_at(
        &err,
        line_of(&text, "Solicitudes"),
        "id: solicitudes-de-prorroga-de-permanencia",
    );
}

#[test]
fn a_label_with_nothing_to_slug_asks_for_an_id() {
    let text = report_with("Registro de extranjería", "日本");
    assert_at(
        &fails_with(&text),
        line_of(&text, "日本"),
        "add an `id:` line",
    );
}

#[test]
fn an_impossible_date_is_refused() {
    for date in ["2024-02-30", "2023-02-29", "2024-04-31"] {
        let text = report("2024-02", &format!("date: {date}\n"), "");
        assert_at(
            &fails_with(&text),
            3,
            &format!("date `{date}` is not a date"),
        );
    }
}

#[test]
fn thousands_separated_by_spaces_are_a_form_problem() {
    for spaced in ["1 350", "1\u{a0}350"] {
        let text = report_with("\"1,350\"", &format!("\"{spaced}\""));
        let err = fails_with(&text);
        assert_at(&err, line_of(&text, spaced), "write 1350 or 1,350");
        assert!(!err.contains("too large"), "{err}");
    }
}

#[test]
fn counts_are_written_in_decimal() {
    for form in ["0x10", "0o17", "1e3", "+5", "1_000"] {
        let text = report_with("value: 158", &format!("value: {form}"));
        assert_at(
            &fails_with(&text),
            line_of(&text, form),
            &format!("value `{form}` is not a count: a count is written in decimal digits"),
        );
    }
}

#[test]
fn a_count_or_a_sum_past_the_largest_count_is_reported() {
    let text = report_with("value: 158", "value: 9007199254740992");
    assert_at(&fails_with(&text), line_of(&text, "9007"), "too large");
    // Each value fits, their sum does not.
    let text = report_with("value: 158", "value: 9007199254740991")
        .replace("\"1,350\"", "9007199254740991");
    assert_at(
        &fails_with(&text),
        line_of(&text, "title: \"Visas"),
        "add up to more than 9,007,199,254,740,991",
    );
}

#[test]
fn a_page_whose_name_has_no_slug_does_not_replace_the_home_page() {
    let s = Site::basic();
    s.write("content/日本.md", "---\ntitle: Japón\n---\nOtra cosa.\n");
    let err = s.build_fails();
    assert!(
        err.contains("content/日本.md: the name `日本` has no letter a-z or digit"),
        "{err}"
    );
    check_says(&s, "content/日本.md: the name `日本`");
}

#[test]
fn decomposed_accents_give_the_same_ids() {
    let s = Site::basic();
    // "i" followed by U+0301 COMBINING ACUTE ACCENT, as macOS writes it.
    s.write(
        FILE,
        &report("2024-02", "", "").replace("extranjería", "extranjeri\u{301}a"),
    );
    s.build();
    assert!(s.exists("indicadores/visas/registro-de-extranjeria/index.html"));
    assert!(!s.exists("indicadores/visas/registro-de-extranjeri-a/index.html"));
}

#[cfg(unix)]
#[test]
fn a_linked_report_inside_the_site_is_followed() {
    let s = Site::basic();
    s.write(
        "borradores/febrero/index.md",
        &report("2024-02", "", "Febrero.\n"),
    );
    std::os::unix::fs::symlink(
        s.path("borradores/febrero"),
        s.path("content/informes/2024/02"),
    )
    .unwrap();
    s.write(
        "borradores/acerca.md",
        "---\ntitle: Enlazada\n---\nTexto.\n",
    );
    std::os::unix::fs::symlink(
        s.path("borradores/acerca.md"),
        s.path("content/enlazada.md"),
    )
    .unwrap();
    s.build();
    assert!(s.read("informes/2024/02/index.html").contains("Febrero."));
    assert!(s.read("enlazada/index.html").contains("Enlazada"));
}

#[cfg(unix)]
#[test]
fn a_link_leading_outside_the_site_is_reported_not_skipped() {
    let s = Site::basic();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("fuera.md"), "---\ntitle: Fuera\n---\n").unwrap();
    std::os::unix::fs::symlink(outside.path().join("fuera.md"), s.path("content/fuera.md"))
        .unwrap();
    std::os::unix::fs::symlink(outside.path(), s.path("content/carpeta")).unwrap();
    let err = s.build_fails();
    for link in ["content/fuera.md", "content/carpeta"] {
        assert!(
            err.lines()
                .any(|l| l.starts_with(&format!("{link}: this link leads to"))
                    && l.contains("outside the site folder")),
            "{link}:\n{err}"
        );
        check_says(&s, &format!("{link}: this link leads to"));
    }
}

#[test]
fn a_static_file_whose_name_is_not_a_web_address_is_refused() {
    let s = Site::basic();
    s.build();
    let before = snapshot(&s.path("public"));
    s.write("static/informe anual.css", "body{}");
    let err = s.build_fails();
    assert!(
        err.contains(
            "static/informe anual.css: the output path `informe anual.css` contains a space"
        ),
        "{err}"
    );
    assert_eq!(snapshot(&s.path("public")), before);
    check_says(&s, "static/informe anual.css: the output path");
}

#[test]
fn a_hundred_thousand_open_brackets_fail_fast() {
    // This took 48 s. Bounded by the work, not the clock: refusing four
    // times the brackets may take no more than linear work.
    let brackets = |n: usize| report("2024-02", &format!("extra: {}\n", "[".repeat(n)), "");
    let measured = common::assert_linear("open brackets", 25_000, |n| {
        let text = brackets(n);
        assert!(faro::load::parse_report_text(Path::new(FILE), &text, "2024-02").is_err());
    });
    eprintln!("{measured}");
    let text = brackets(100_000);
    let err = fails_with(&text);
    assert_at(&err, line_of(&text, "extra:"), "more than 128 `[` or `{`");
}

#[test]
fn rows_and_tables_know_their_lines() {
    let text = report("2024-02", "", "");
    let r = faro::load::parse_report_text(Path::new(FILE), &text, "2024-02").unwrap();
    assert_eq!(r.tables[0].line, line_of(&text, "title: \"Visas"));
    assert_eq!(r.tables[0].rows[0].line, line_of(&text, "Visas emitidas"));
    assert_eq!(r.tables[0].rows[1].line, line_of(&text, "Registro"));
}

#[cfg(unix)]
#[test]
fn a_photo_linked_from_outside_the_site_is_not_published() {
    let s = Site::basic();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("privada.jpg"), common::jpeg(40, 30)).unwrap();
    s.write(FILE, &report("2024-02", "", "![Una foto](foto.jpg)\n"));
    std::os::unix::fs::symlink(
        outside.path().join("privada.jpg"),
        s.path("content/informes/2024/02/foto.jpg"),
    )
    .unwrap();
    let err = s.build_fails();
    assert!(
        err.contains("photo \"foto.jpg\" is a link to") && err.contains("outside the site folder"),
        "{err}"
    );
    check_says(&s, "photo \"foto.jpg\" is a link to");
}

#[test]
fn a_table_number_past_u32_is_reported_not_clamped() {
    let text = report_with("number: 1", "number: 4294967296");
    assert_at(
        &fails_with(&text),
        line_of(&text, "4294967296"),
        "table number 4294967296 is too large",
    );
}

#[cfg(unix)]
#[test]
fn a_link_to_nowhere_is_reported_unless_it_is_an_editor_lock() {
    let s = Site::basic();
    std::os::unix::fs::symlink("no-existe.md", s.path("content/roto.md")).unwrap();
    // Emacs's lock file: a link to nowhere, never content.
    std::os::unix::fs::symlink("editor@host.1:1", s.path("content/.#acerca.md")).unwrap();
    let err = s.build_fails();
    assert!(
        err.contains("content/roto.md: this link leads nowhere"),
        "{err}"
    );
    assert!(!err.contains(".#acerca.md"), "{err}");
    check_says(&s, "content/roto.md: this link leads nowhere");
}
