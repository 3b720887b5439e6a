//! `faro new YYYY-MM`: a draft with the latest report's tables, values empty,
//! that faro itself accepts.

mod common;
use common::{Site, report, stderr, stdout};

const MARCH: &str = "content/informes/2024/03/index.md";

/// A site whose latest report is a draft (2024-02) with its own tables.
fn site_with_latest_draft() -> Site {
    let s = Site::basic();
    s.write(
        "content/informes/2024/02/index.md",
        "---\nperiod: 2024-02\ndraft: true\ntables:\n  - number: 7\n    id: pasaportes\n    title: \"Pasaportes: emisión \\\"urgente\\\" y # normal\"\n    unit: \"Cantidad de pasaportes\"\n    source: 'C:\\ruta\\planificación'\n    total: 10\n    rows:\n      - label: \"Emitidos\"\n        id: emitidos\n        value: 10\n      - label: \"yes\"\n        id: \"no\"\n        value:\n  - title: Sin número\n    rows:\n      - label: \"Fila: única\"\n        value: 0\n---\nIntro.\n\n## 01. Política *Migratoria*\n\nTexto.\n\n```\n## no es un título\n```\n\n## 02. Atención {#atencion}\n\n### Sub\n",
    );
    s
}

#[test]
fn creates_a_draft_with_the_latest_reports_tables_and_empty_values() {
    let s = site_with_latest_draft();
    let out = s.faro(&["new", "2024-03"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(said.contains(MARCH), "{said}");
    assert!(said.contains("Next steps:"), "{said}");
    assert!(said.contains("faro serve"), "{said}");
    assert!(
        said.contains("2024-02"),
        "names the report it copied:\n{said}"
    );

    let text = std::fs::read_to_string(s.path(MARCH)).unwrap();
    assert!(text.starts_with("---\nperiod: 2024-03\n"), "{text}");
    assert!(
        text.contains("title: \"Informe de actividades relevantes — marzo 2024\"\n"),
        "{text}"
    );
    assert!(text.contains("draft: true\n"), "{text}");
    assert!(
        text.contains("  - number: 7\n    id: pasaportes\n"),
        "{text}"
    );
    assert!(
        text.contains(r#"title: "Pasaportes: emisión \"urgente\" y # normal""#),
        "{text}"
    );
    assert!(
        text.contains(r#"source: "C:\\ruta\\planificación""#),
        "{text}"
    );
    assert!(
        text.contains("id: \"no\""),
        "ids YAML would misread stay text:\n{text}"
    );
    assert!(
        text.contains("id: sin-numero") && text.contains("id: fila-unica"),
        "default ids written out:\n{text}"
    );
    assert!(!text.contains("total:"), "{text}");
    assert!(
        !text.contains("visas"),
        "tables come from the latest report, the draft:\n{text}"
    );
    let values: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with("value:"))
        .collect();
    assert_eq!(values.len(), 3);
    assert!(values.iter().all(|l| l.trim() == "value:"), "{values:?}");
    let body = text.rsplit("---\n").next().unwrap();
    assert_eq!(
        body,
        "## 01. Política *Migratoria*\n\n## 02. Atención {#atencion}\n"
    );
}

#[test]
fn the_draft_builds_with_drafts_shows_pending_and_is_skipped_without() {
    let s = Site::basic();
    let out = s.faro(&["new", "2024-02"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(s.path("content/informes/2024/02/index.md")).unwrap();
    assert!(
        text.contains("id: visas") && text.contains("label: \"Registro de extranjería\""),
        "{text}"
    );
    assert!(text.ends_with("---\n## Política\n"), "{text}");

    s.build();
    assert!(
        !s.exists("informes/2024/02/index.html"),
        "plain build skips the draft"
    );
    let out = s.faro(&["build", "--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = s.read("informes/2024/02/index.html");
    assert!(html.contains("pendiente") && html.contains("Borrador"));
    assert!(html.contains("Registro de extranjería"));
}

#[test]
fn an_empty_archive_gets_an_example_table() {
    let s = Site::new();
    let out = s.faro(&["new", "2024-01"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(s.path("content/informes/2024/01/index.md")).unwrap();
    assert!(text.contains("tables:\n  - number: 1\n"), "{text}");
    assert!(text.contains("value:\n"), "{text}");
    let out = s.faro(&["build", "--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(s.read("informes/2024/01/index.html").contains("pendiente"));
}

#[test]
fn refuses_to_overwrite_an_existing_report() {
    let s = Site::basic();
    let file = "content/informes/2024/01/index.md";
    let before = std::fs::read(s.path(file)).unwrap();
    let out = s.faro(&["new", "2024-01"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(file) && err.contains("already exists"),
        "{err}"
    );
    assert_eq!(std::fs::read(s.path(file)).unwrap(), before);
}

#[test]
fn an_invalid_period_is_a_usage_error_with_an_example() {
    let s = Site::basic();
    for bad in ["2024-13", "24-01", "2024-1", "enero"] {
        let out = s.faro(&["new", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = stderr(&out);
        assert!(
            err.contains("YYYY-MM") && err.contains("faro new 2024-02"),
            "{err}"
        );
    }
    assert!(!s.path("content/informes/2024/13").exists());
    assert!(!s.path("content/informes/24").exists());
}

#[test]
fn a_broken_archive_is_reported_not_copied() {
    let s = Site::basic();
    s.write(
        "content/informes/2024/01/index.md",
        &report("2024-01", "", "").replace("value: 158", "value: x"),
    );
    let out = s.faro(&["new", "2024-02"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("content/informes/2024/01/index.md:"),
        "{}",
        stderr(&out)
    );
    assert!(!s.path("content/informes/2024/02").exists());
}

#[test]
fn says_what_to_do_next_in_spanish_by_default() {
    let s = Site::basic();
    let out = s.faro_in("es", &["new", "2024-03"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(said.contains(&format!("faro: creado {MARCH}")), "{said}");
    assert!(said.contains("Siguientes pasos:"), "{said}");
    assert!(said.contains("borre la línea «draft: true»"), "{said}");
    let again = s.faro_in("es", &["new", "2024-03"]);
    assert!(stderr(&again).contains("ya existe"), "{}", stderr(&again));
}

/// The headings come from the latest real report, each once: a sample
/// report's notice ("Aviso") is not the institute's outline.
#[test]
fn takes_headings_from_the_latest_real_report_without_sample_ones() {
    let s = Site::basic();
    s.write(
        "content/informes/2024/02/index.md",
        &report(
            "2024-02",
            "sample: true\n",
            "## Aviso\n\nDatos de ejemplo.\n\n## Información cualitativa\n\nA.\n\n## Información cualitativa\n\nB.\n",
        ),
    );
    let out = s.faro(&["new", "2024-03"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(s.path(MARCH)).unwrap();
    let body = text.rsplit("---\n").next().unwrap_or_default();
    assert_eq!(body, "## Política\n", "{text}");
    assert!(text.contains("period: 2024-03"), "{text}");
}
