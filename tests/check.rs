//! `faro check`: the build's validation plus internal links and anchors,
//! reported at the Markdown line that wrote them, and nothing written.

mod common;
use common::{Site, line_of, report, stderr, stdout};

const JAN: &str = "content/informes/2024/01/index.md";

fn assert_nothing_written(s: &Site) {
    assert!(!s.path("public").exists(), "faro check wrote public/");
    let stray: Vec<_> = std::fs::read_dir(s.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public") || n == "public")
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

/// Runs check expecting exit 1; returns stderr.
fn check_fails(s: &Site) -> String {
    let out = s.faro(&["check"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "expected exit 1\nstdout:\n{}\nstderr:\n{}",
        stdout(&out),
        stderr(&out)
    );
    assert_nothing_written(s);
    stderr(&out)
}

#[test]
fn a_clean_site_passes_and_nothing_is_written() {
    let s = Site::basic();
    let out = s.faro(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("faro check: OK") && text.lines().count() == 1,
        "{text}"
    );
    assert!(text.contains("2 reports"), "{text}");
    assert_nothing_written(&s);
}

#[test]
fn a_body_link_to_a_missing_report_names_the_markdown_line() {
    let s = Site::basic();
    let body = "## Política\n\nTexto de enero.\n\nVea también [el informe de marzo](/portal/informes/2024/13/) y [el de 2023](/portal/informes/2023/01/).\n";
    let text = report("2024-01", "", body);
    s.write(JAN, &text);
    let err = check_fails(&s);
    let line = line_of(&text, "informes/2024/13/");
    let src_line = text.lines().nth(line - 1).unwrap();
    // Columns count characters, as editors' editors do ("también" is one column per letter).
    let col = src_line[..src_line.find("/portal/informes/2024/13/").unwrap()]
        .chars()
        .count()
        + 1;
    let want = format!(
        "{JAN}:{line}:{col}: link `/portal/informes/2024/13/` points to a page that does not exist"
    );
    assert!(err.contains(&want), "expected `{want}` in:\n{err}");
    assert!(
        !err.contains("informes/2023/01/`"),
        "an existing report is not a problem:\n{err}"
    );
    assert!(err.contains("1 problem found"), "{err}");
}

#[test]
fn missing_anchors_on_the_same_page_and_another_page() {
    let s = Site::basic();
    let body = "## Política\n\nIr a [la sección](#no-existe), a [política](#politica), a [las cifras](#cifras),\n\
                a [2023](/portal/informes/2023/01/#uno) y a [otra](/portal/informes/2023/01/#nada).\n\nRelativos: [datos](datos.csv), [febrero](../02/).\n";
    let text = report("2024-01", "", body);
    s.write(JAN, &text);
    let err = check_fails(&s);
    let same = line_of(&text, "#no-existe");
    assert!(
        err.contains(&format!("{JAN}:{same}:"))
            && err.contains("`#no-existe` points to an anchor that is not on this page"),
        "{err}"
    );
    assert!(err.contains("`/portal/informes/2023/01/#nada` points to an anchor that informes/2023/01/index.html does not have"), "{err}");
    assert!(
        err.contains("`../02/` points to a page that does not exist (informes/2024/02/index.html)"),
        "{err}"
    );
    assert!(
        err.contains("3 problems found"),
        "#politica, #cifras, #uno and datos.csv resolve:\n{err}"
    );
}

#[test]
fn a_link_from_a_template_is_reported_once_at_a_rendered_page() {
    let s = Site::basic();
    let base = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/igm/templates/base.html"
    ))
    .unwrap();
    s.write(
        "templates/base.html",
        &base.replace(
            "</footer>",
            "<a href=\"{{ url('no-existe/') }}\">x</a></footer>",
        ),
    );
    let err = check_fails(&s);
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("no-existe")).collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(lines[0].starts_with("index.html:"), "{err}");
    assert!(
        lines[0].contains("from the theme's templates; also on"),
        "{err}"
    );
}

#[test]
fn a_bad_value_is_reported_with_path_and_line() {
    let s = Site::basic();
    let text = report("2024-01", "", "Texto.\n").replace("value: 158", "value: doce");
    s.write(JAN, &text);
    let err = check_fails(&s);
    let line = line_of(&text, "value: doce");
    assert!(
        err.contains(&format!("{JAN}:{line}:")) && err.contains("is not a count"),
        "{err}"
    );
}

#[test]
fn json_output_lists_problems_for_tools() {
    let s = Site::basic();
    let text = report("2024-01", "", "Ver [nada](#nada).\n").replace("value: 158", "value: -3");
    s.write(
        "content/informes/2023/01/index.md",
        &report("2023-01", "", "Ver [nada](#nada).\n"),
    );
    s.write(JAN, &text);
    let out = s.faro(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(v["ok"], false);
    let problems = v["problems"].as_array().unwrap();
    // Content errors stop the render, so the link is not checked yet.
    assert_eq!(problems.len(), 1, "{v}");
    assert_eq!(problems[0]["path"], JAN);
    assert_eq!(problems[0]["line"], line_of(&text, "value: -3"));
    assert!(problems[0]["column"].as_u64().unwrap() > 0);
    assert!(
        problems[0]["message"]
            .as_str()
            .unwrap()
            .contains("negative")
    );
    assert_eq!(v["summary"]["problems"], 1);

    // Fixed: now the link problems show, with the source file.
    s.write(JAN, &report("2024-01", "", "Ver [nada](#nada).\n"));
    let out = s.faro(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    let paths: Vec<&str> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["content/informes/2023/01/index.md", JAN]);

    s.write(JAN, &report("2024-01", "", "Bien.\n"));
    s.write(
        "content/informes/2023/01/index.md",
        &report("2023-01", "", "Bien.\n"),
    );
    let out = s.faro(&["check", "--format", "json"]);
    assert!(out.status.success(), "{}", stdout(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(v["ok"], true);
    assert_eq!(v["problems"].as_array().unwrap().len(), 0);
    assert_eq!(v["summary"]["reports"], 2);
    assert!(v["summary"]["pages"].as_u64().unwrap() >= 8);
    assert_nothing_written(&s);
}

#[test]
fn photos_drafts_and_plain_pages() {
    let s = Site::basic();
    let body = "## Uno\n\n![Una reunión](foto.jpg \"Foto: reunión\")\n";
    s.write(JAN, &report("2024-01", "", body));
    s.write_bytes("content/informes/2024/01/foto.jpg", &common::jpeg(64, 48));
    s.write(
        "content/informes/2024/02/index.md",
        "---\nperiod: 2024-02\ndraft: true\ntables:\n  - title: Visas\n    rows:\n      - label: Visas emitidas\n        value:\n---\n[roto](#roto)\n",
    );
    s.write("content/acerca.md", "---\ntitle: Acerca de\n---\nLea [enero](/portal/informes/2024/01/#uno).\n\nY [esto](/portal/acerca/#falta).\n");
    // The draft is validated but not rendered: its broken link is not checked.
    let err = check_fails(&s);
    assert!(
        err.contains("content/acerca.md:6:") && err.contains("#falta"),
        "{err}"
    );
    assert!(
        err.contains("1 problem found"),
        "the photo is not a broken link:\n{err}"
    );
    // With --drafts the draft's link is checked too.
    let out = s.faro(&["check", "--drafts"]);
    let err = stderr(&out);
    assert!(
        err.contains("content/informes/2024/02/index.md:10:") && err.contains("#roto"),
        "{err}"
    );
    assert_nothing_written(&s);
}

#[test]
fn broken_links_is_reusable_on_a_rendered_site() {
    let s = Site::basic();
    let scratch = s.path("photos-scratch");
    let site = faro::pipeline::build::render_site(
        &faro::pipeline::build::Options::new(s.root()),
        &scratch,
    )
    .expect("renders");
    let base = site.config.base_path();
    assert_eq!(faro::check::broken_links(&site.outputs, &base), []);
    let mut outputs = site.outputs;
    outputs.retain(|o| o.path != "acerca/index.html");
    let broken = faro::check::broken_links(&outputs, &base);
    assert!(
        !broken.is_empty() && broken.iter().all(|b| b.target == "acerca/index.html"),
        "{broken:?}"
    );
}

/// A draft that brings a new table: its rows name indicators that no
/// published report has, so they have no page; with `--drafts` nothing links
/// to one (the check passes), and without it nothing of the draft is built.
#[test]
fn a_drafts_new_table_links_to_no_missing_indicator_page() {
    let s = Site::basic();
    let draft = "---\nperiod: 2024-02\ndraft: true\ntables:\n  - id: visas\n    number: 1\n    title: \"Visas y residencias\"\n    unit: \"Cantidad de documentos\"\n    rows:\n      - label: \"Visas emitidas\"\n        value: 160\n  - id: tabla-nueva\n    number: 2\n    title: \"Una tabla nueva\"\n    unit: \"Personas\"\n    rows:\n      - label: \"Fila nueva\"\n        value: 7\n---\n## Febrero\n\nTexto del borrador.\n";
    s.write("content/informes/2024/02/index.md", draft);
    let out = s.faro(&["check", "--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_nothing_written(&s);

    let with_drafts = s.path("con-borradores");
    let out = s.faro(&["build", "--drafts", "-o", &with_drafts.to_string_lossy()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = std::fs::read_to_string(with_drafts.join("informes/2024/02/index.html"))
        .expect("the draft's page");
    assert!(page.contains("Fila nueva"), "the draft's row is shown");
    assert!(!page.contains("indicadores/tabla-nueva/"), "{page}");
    assert!(
        page.contains("indicadores/visas/"),
        "a known indicator keeps its link"
    );

    s.build();
    let mut built = String::new();
    for (path, bytes) in common::snapshot(&s.path("public")) {
        built.push_str(&path.to_string_lossy());
        built.push_str(&String::from_utf8_lossy(&bytes));
    }
    for trace in ["2024/02", "tabla-nueva", "Fila nueva", "Texto del borrador"] {
        assert!(
            !built.contains(trace),
            "a build without --drafts has {trace}"
        );
    }
}
