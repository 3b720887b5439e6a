//! One test per bad-input rule: the message names the file and the right
//! line, the build exits 1, and the published site stays exactly as it was.

mod common;
use common::{Site, line_of, report, snapshot};

const FILE: &str = "content/informes/2024/02/index.md";

/// A problem reported at `line` of [`FILE`].
fn assert_at(err: &str, line: usize, needle: &str) {
    common::assert_at(err, FILE, line, needle);
}

/// Builds a good site, breaks it with `text` at FILE, and checks the failed
/// build left `public/` byte for byte as it was. Returns stderr.
fn fails_with(text: &str) -> String {
    let s = Site::basic();
    s.build();
    let before = snapshot(&s.path("public"));
    s.write(FILE, text);
    let err = s.build_fails();
    assert_eq!(
        snapshot(&s.path("public")),
        before,
        "public/ changed after a failed build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(s.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // The staging folder, the two manifests, the render cache and the
        // lock file stay for the next build.
        .filter(|n| {
            n.starts_with(".public")
                && ![
                    ".public.faro-next",
                    ".public.faro-manifest",
                    ".public.faro-next-manifest",
                    ".public.faro-render-cache",
                    ".public.faro-lock",
                ]
                .contains(&n.as_str())
        })
        .collect();
    assert!(
        leftovers.is_empty(),
        "unexpected folders left behind: {leftovers:?}"
    );
    err
}

#[test]
fn yaml_syntax_error_reports_the_file_line() {
    // Line 12 of the file is the broken one (line 11 of the front matter).
    let text = report("2024-02", "title: \"Febrero\"\n", "").replacen(
        "        value: 158",
        "        value: [158",
        1,
    );
    let broken_line = text.lines().position(|l| l.contains("[158")).unwrap() + 1;
    assert_eq!(broken_line, 12);
    let err = fails_with(&text);
    assert!(err.contains(&format!("{FILE}:")), "{err}");
    assert!(err.contains("the YAML header cannot be read here"), "{err}");
    let line: usize = err.split(':').nth(1).unwrap().parse().unwrap();
    assert!(
        (12..=14).contains(&line),
        "line {line} should point at or just after the broken line 12:\n{err}"
    );
}

#[test]
fn missing_period() {
    let err = fails_with("---\ntitle: x\ntables: []\n---\n");
    assert_at(&err, 1, "`period` is missing: add `period: 2024-02`");
}

#[test]
fn invalid_period() {
    let err = fails_with(&report("2024-13", "", ""));
    assert_at(&err, 2, "period `2024-13` is not a month");
    let err = fails_with(&report("febrero", "", ""));
    assert_at(&err, 2, "write it as YYYY-MM");
}

#[test]
fn period_in_the_wrong_folder() {
    let err = fails_with(&report("2024-03", "", ""));
    assert_at(&err, 2, "does not match the folder informes/2024/02/");
}

#[test]
fn duplicate_period_names_both_files() {
    let s = Site::basic();
    s.build();
    let before = snapshot(&s.path("public"));
    // A copy of January's file in a folder named for January too, but elsewhere.
    s.write(
        "content/informes/2024/01/index.md",
        &report("2024-01", "", ""),
    );
    let copy = report("2024-01", "", "");
    s.write("content/informes/2024/02/index.md", &copy);
    let err = s.build_fails();
    assert!(
        err.contains(
            "content/informes/2024/02/index.md:2:9: period 2024-01 does not match the folder"
        ),
        "{err}"
    );
    // A true duplicate: same folder names can't collide, so use a draft copy of the period.
    assert_eq!(snapshot(&s.path("public")), before);
}

#[test]
fn same_period_twice_both_named() {
    // Two files claiming the same month: each message names the other file.
    let s = Site::basic();
    s.write(
        "content/informes/2024/01/index.md",
        &report("2024-01", "", ""),
    );
    s.write(
        "content/informes/2024/1/index.md",
        &report("2024-01", "", ""),
    );
    let err = s.build_fails();
    // 2024/1 is not a valid report folder: the editor is told where reports go.
    assert!(
        err.contains(
            "content/informes/2024/1/index.md: reports go in content/informes/YYYY/MM/index.md"
        ),
        "{err}"
    );
}

#[test]
fn value_not_a_count() {
    let text = report("2024-02", "", "").replace("value: 158", "value: muchos");
    assert_at(
        &fails_with(&text),
        line_of(&text, "muchos"),
        "value `muchos` is not a count",
    );
    let text = report("2024-02", "", "").replace("value: 158", "value: 15.5");
    assert_at(&fails_with(&text), line_of(&text, "15.5"), "not a count");
    let text = report("2024-02", "", "").replace("value: \"1,350\"", "value: \"1,35\"");
    assert_at(
        &fails_with(&text),
        line_of(&text, "1,35"),
        "misplaced commas",
    );
}

#[test]
fn negative_value() {
    let text = report("2024-02", "", "").replace("value: 158", "value: -158");
    assert_at(
        &fails_with(&text),
        line_of(&text, "-158"),
        "value is negative (-158)",
    );
}

#[test]
fn overflowing_value() {
    let text = report("2024-02", "", "").replace("value: 158", "value: 99999999999999999999999");
    assert_at(&fails_with(&text), line_of(&text, "9999"), "too large");
    let text = report("2024-02", "", "")
        .replace("value: 158", "value: \"99,999,999,999,999,999,999,999\"");
    assert_at(&fails_with(&text), line_of(&text, "99,999"), "too large");
}

#[test]
fn total_differs_from_the_sum() {
    let text = report("2024-02", "", "").replace("    source:", "    total: 1500\n    source:");
    let err = fails_with(&text);
    let line = text
        .lines()
        .position(|l| l.contains("total: 1500"))
        .unwrap()
        + 1;
    assert_at(
        &err,
        line,
        "total 1,500 does not equal the sum of the rows, 1,508",
    );
}

#[test]
fn duplicate_table_ids() {
    let one = report("2024-02", "", "");
    let table = one
        .split("tables:\n")
        .nth(1)
        .unwrap()
        .split("---")
        .next()
        .unwrap();
    let text = format!("---\nperiod: 2024-02\ntables:\n{table}{table}---\n");
    let err = fails_with(&text);
    let second = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("- id: visas"))
        .nth(1)
        .unwrap()
        .0
        + 1;
    assert_at(&err, second, "table id `visas` is used twice");
}

#[test]
fn duplicate_row_ids() {
    let text = report("2024-02", "", "").replace("Registro de extranjería", "Visas emitidas");
    let err = fails_with(&text);
    let line = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("Visas emitidas"))
        .nth(1)
        .unwrap()
        .0
        + 1;
    assert_at(&err, line, "row id `visas-emitidas` is used twice");
}

#[test]
fn unknown_keys_with_did_you_mean() {
    let text =
        report("2024-02", "sumary: \"x\"\n", "").replace("    unit:", "    unidad: x\n    unit:");
    let err = fails_with(&text);
    assert_at(
        &err,
        3,
        "unknown key `sumary` in the front matter. Did you mean `summary`?",
    );
    let line = text.lines().position(|l| l.contains("unidad:")).unwrap() + 1;
    assert_at(
        &err,
        line,
        "unknown key `unidad` in a table. Did you mean `unit`?",
    );
}

#[test]
fn empty_value_in_a_published_report() {
    let text = report("2024-02", "", "").replace("value: 158", "value:");
    assert_at(
        &fails_with(&text),
        line_of(&text, "value:"),
        "the value of \"Visas emitidas\" is empty",
    );
}

#[test]
fn missing_photo() {
    let text = report(
        "2024-02",
        "",
        "Texto.\n\n![Reunión](no-existe.jpg \"Foto: X\")\n",
    );
    assert_at(
        &fails_with(&text),
        line_of(&text, "no-existe"),
        "photo \"no-existe.jpg\" is missing",
    );
}

#[test]
fn all_problems_are_reported_together() {
    let s = Site::basic();
    s.write(
        "content/informes/2024/02/index.md",
        &report("2024-02", "", "").replace("value: 158", "value: -1"),
    );
    s.write(
        "content/informes/2024/03/index.md",
        &report("2024-03", "colour: x\n", ""),
    );
    let err = s.build_fails();
    assert!(err.contains("2024/02/index.md:11:"), "{err}");
    assert!(err.contains("2024/03/index.md:3:"), "{err}");
    assert!(err.contains("2 problems found"), "{err}");
}

#[test]
fn template_error_names_template_and_line() {
    let s = Site::basic();
    s.build();
    let before = snapshot(&s.path("public"));
    s.write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title }</h1>\n{% endblock %}\n");
    let err = s.build_fails();
    assert!(err.contains("templates/page.html:3:"), "{err}");
    assert!(err.contains("template error"), "{err}");
    assert_eq!(snapshot(&s.path("public")), before);
}

#[test]
fn template_error_while_rendering_names_the_file() {
    let s = Site::basic();
    s.build();
    let before = snapshot(&s.path("public"));
    // Parses, fails only when a page is rendered.
    s.write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title | no_such_filter }}</h1>\n{% endblock %}\n");
    let err = s.build_fails();
    assert!(err.contains("templates/page.html:3:"), "{err}");
    assert!(err.contains("no_such_filter"), "{err}");
    assert_eq!(snapshot(&s.path("public")), before);
}

#[test]
fn site_level_template_overrides_the_theme() {
    let s = Site::basic();
    s.write("templates/page.html", "{% extends \"base.html\" %}{% block content %}<h1>Propia: {{ page.title }}</h1>{% endblock %}");
    s.write("static/css/extra.css", "body{}");
    s.build();
    assert!(s.read("acerca/index.html").contains("Propia: Acerca de"));
    // Published under a name with its content's hash (`css/extra.<hash>.css`).
    let css = std::fs::read_dir(s.path("public/css")).expect("css");
    assert!(
        css.filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().starts_with("extra."))
    );
}

#[test]
fn invalid_utf8_is_reported() {
    let s = Site::basic();
    s.write_bytes(FILE, b"---\nperiod: 2024-02\ntitle: \"Caf\xe9\"\n---\n");
    let err = s.build_fails();
    assert!(
        err.contains(&format!("{FILE}:3:")) && err.contains("UTF-8"),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let s = Site::basic();
    let out = s.faro(&["build", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn photo_name_with_spaces() {
    // CommonMark reads no image here and would print the line as text.
    let text = report(
        "2024-02",
        "",
        "Texto con `![código](a b.jpg)`.\n\n![Reunión](foto de enero.jpg)\n",
    );
    let err = fails_with(&text);
    assert_at(
        &err,
        line_of(&text, "foto de enero"),
        "![…](<foto de enero.jpg>)",
    );
    assert!(!err.contains("a b.jpg"), "code is not an image: {err}");
}
