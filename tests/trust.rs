//! Issue 14, numbers a journalist can trust: sample marks at every figure
//! that uses a sample value, corrections on the record, definitions,
//! licence and contact, and data-quality warnings. Each through the public
//! surface: a fixture site built by the real binary.

mod common;

use common::{Site, line_of, report};
use serde_json::Value;

fn json(site: &Site, rel: &str) -> Value {
    serde_json::from_str(&site.read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A real January 2024 against a sample December 2023 and January 2023.
fn real_after_sample() -> Site {
    let s = Site::new();
    for period in ["2023-01", "2023-12"] {
        let (y, m) = period.split_at(4);
        s.write(
            &format!("content/informes/{y}/{}/index.md", &m[1..]),
            &report(period, "sample: true\n", "Texto.\n"),
        );
    }
    s.write(
        "content/informes/2024/01/index.md",
        &report("2024-01", "", "Texto.\n"),
    );
    s
}

#[test]
fn a_change_against_a_sample_month_is_marked_at_the_figure() {
    let s = real_after_sample();
    s.build();
    let page = s.read("informes/2024/01/index.html");
    // The real report has no sample notice of its own…
    assert!(!page.contains("notice-sample"), "{page}");
    // …but each change computed from a sample month says so where it is shown:
    // two rows, each compared with last month and last year.
    assert_eq!(
        page.matches("frente a un dato de ejemplo").count(),
        4,
        "{page}"
    );

    // The indicator page marks the same changes in its history.
    let ind = s.read("indicadores/visas/visas-emitidas/index.html");
    assert!(ind.contains("frente a un dato de ejemplo"), "{ind}");
}

#[test]
fn a_change_between_real_months_carries_no_mark() {
    let s = Site::basic();
    s.build();
    let page = s.read("informes/2024/01/index.html");
    assert!(!page.contains("dato de ejemplo"), "{page}");
    assert!(!page.contains("datos de ejemplo"), "{page}");
}

#[test]
fn charts_and_comparison_data_say_which_side_is_sample() {
    let s = real_after_sample();
    s.build();
    // The standalone chart of 2024 against 2023 draws its (visible) title with the mark.
    let svg = s.read("comparar/2024/visas-visas-emitidas.svg");
    assert!(svg.contains("incluye datos de ejemplo"), "{svg}");
    let page = s.read("comparar/2024/index.html");
    assert!(page.contains("Incluye datos de ejemplo"), "{page}");
    // The indicator's history chart, inline and standalone.
    let svg = s.read("indicadores/visas/visas-emitidas/grafico.svg");
    assert!(svg.contains("incluye datos de ejemplo"), "{svg}");

    let cmp = json(&s, "comparar/2024/datos.json");
    let january = &cmp["indicators"][0]["months"][0];
    assert_eq!(january["previous_sample"], true, "{january}");
    assert!(january.get("current_sample").is_none(), "{january}");
    let comparable = &cmp["indicators"][0]["comparable"];
    assert_eq!(comparable["previous_sample"], true, "{comparable}");

    // A year of only real values: no mark on its chart.
    let svg = s.read("informes/2024/grafico-visas-visas-emitidas.svg");
    assert!(!svg.contains("ejemplo"), "{svg}");
}

/// January 2024 with two corrections, one of them of a figure.
fn corrected() -> Site {
    let s = Site::basic();
    s.write(
        "content/informes/2024/01/index.md",
        &report(
            "2024-01",
            "date: 2024-02-05\ncorrections:\n  - date: 2024-03-10\n    indicator: visas/visas-emitidas\n    previous: 185\n    note: \"Error de digitación en el Cuadro 1.\"\n  - date: 2024-02-20\n    note: \"Se aclaró la fuente.\"\n",
            "Texto.\n",
        ),
    );
    s
}

#[test]
fn corrections_are_on_the_record_everywhere() {
    let s = corrected();
    s.build();
    let page = s.read("informes/2024/01/index.html");
    // Next to the figure, and in the list, with the dates written out.
    assert!(
        page.contains("Corregido el 10 de marzo de 2024</a>; antes 185"),
        "{page}"
    );
    assert!(
        page.contains("Error de digitación en el Cuadro 1."),
        "{page}"
    );
    assert!(page.contains("Se aclaró la fuente."), "{page}");
    assert!(
        page.contains("publicado el <time datetime=\"2024-02-05\">5 de febrero de 2024</time>"),
        "{page}"
    );
    assert!(
        page.contains("actualizado el <time datetime=\"2024-03-10\">10 de marzo de 2024</time>"),
        "{page}"
    );

    let data = json(&s, "informes/2024/01/datos.json");
    assert_eq!(data["updated"], "2024-03-10");
    assert_eq!(data["corrections"][0]["indicator"], "visas/visas-emitidas");
    assert_eq!(data["corrections"][0]["previous"], 185);
    let all = json(&s, "datos/informes.json");
    assert_eq!(
        all["reports"][1]["corrections"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(
        all["reports"][0]["corrections"].as_array().map(Vec::len),
        Some(0)
    );

    // /correcciones/: every correction, newest first.
    let log = s.read("correcciones/index.html");
    let (newer, older) = (log.find("Error de digitación"), log.find("Se aclaró"));
    assert!(newer.is_some() && newer < older, "{log}");
    assert!(log.contains("publicado antes 185, ahora 158"), "{log}");

    let feed = s.read("feed.xml");
    assert_eq!(feed.matches("<title>Corrección: ").count(), 2, "{feed}");
    assert!(
        feed.contains("<updated>2024-03-10T00:00:00Z</updated>"),
        "{feed}"
    );
}

#[test]
fn a_report_without_date_shows_none() {
    let s = Site::basic();
    s.build();
    let page = s.read("informes/2024/01/index.html");
    assert!(!page.contains("publicado el"), "{page}");
    assert!(!page.contains("actualizado el"), "{page}");
    assert!(
        s.read("correcciones/index.html")
            .contains("No se ha corregido")
    );
}

#[test]
fn a_correction_of_an_unknown_indicator_is_an_error_at_its_line() {
    let s = Site::basic();
    s.write(
        "content/informes/2024/01/index.md",
        &report(
            "2024-01",
            "corrections:\n  - date: 2024-03-10\n    indicator: visas/visa-emitidas\n    note: \"x\"\n  - date: 2024-13-01\n",
            "",
        ),
    );
    let err = s.build_fails();
    assert!(err.contains("content/informes/2024/01/index.md:5:16: this report has no indicator `visas/visa-emitidas`"), "{err}");
    assert!(
        err.contains("Did you mean `visas/visas-emitidas`?"),
        "{err}"
    );
    assert!(
        err.contains(":7:11: date `2024-13-01` is not a date"),
        "{err}"
    );
    assert!(
        err.contains("index.md:7:9: this correction has no `note`"),
        "{err}"
    );
}

#[test]
fn the_original_document_is_offered_for_download() {
    let s = Site::basic();
    s.write(
        "content/informes/2024/01/index.md",
        &report("2024-01", "source_document: Informe Enero.pdf\n", ""),
    );
    s.write_bytes(
        "content/informes/2024/01/Informe Enero.pdf",
        b"%PDF-1.4 test",
    );
    s.build();
    let page = s.read("informes/2024/01/index.html");
    assert!(page.contains("href=\"/portal/informes/2024/01/original/informe-enero.pdf\" download>Documento original"), "{page}");
    assert_eq!(
        std::fs::read(s.path("public/informes/2024/01/original/informe-enero.pdf")).ok(),
        Some(b"%PDF-1.4 test".to_vec())
    );

    for bad in ["../secreto.pdf", "https://example.org/a.pdf", "falta.pdf"] {
        s.write(
            "content/informes/2024/01/index.md",
            &report("2024-01", &format!("source_document: \"{bad}\"\n"), ""),
        );
        let err = s.build_fails();
        assert!(
            err.contains("index.md:3:18: the original document"),
            "{bad}: {err}"
        );
    }
}

/// `old` in the published output, then `new` in the report, built again with `args`.
fn republish(new_front: &str, args: &[&str]) -> (Site, std::process::Output) {
    let s = Site::basic();
    s.build();
    let text = report("2024-01", new_front, "").replace("value: 158", "value: 185");
    s.write("content/informes/2024/01/index.md", &text);
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let out = s.faro(&all);
    (s, out)
}

#[test]
fn a_published_value_changed_without_a_correction_is_a_warning_with_the_yaml() {
    let (s, out) = republish("", &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("content/informes/2024/01/index.md:11: warning: the published value of visas/visas-emitidas changes from 158 to 185 with no correction on record"),
        "{err}"
    );
    assert!(err.contains("corrections:\n  - date: 20"), "{err}");
    assert!(
        err.contains("    indicator: visas/visas-emitidas\n    previous: 158\n"),
        "{err}"
    );
    // Only the changed value: the other row and the 2023 report are the same.
    assert_eq!(err.matches("the published value").count(), 1, "{err}");
    assert!(s.read("informes/2024/01/index.html").contains("185"));
}

#[test]
fn strict_refuses_to_publish_an_unrecorded_change() {
    let (s, out) = republish("", &["--strict"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("changes from 158 to 185"), "{err}");
    // The published site is as it was.
    let csv = s.read("datos/informes.csv");
    assert!(
        csv.contains(",158,false") && !csv.contains(",185,"),
        "{csv}"
    );
}

#[test]
fn a_recorded_correction_silences_the_warning() {
    let front = "corrections:\n  - date: 2024-03-10\n    indicator: visas/visas-emitidas\n    previous: 158\n    note: \"Corrección.\"\n";
    let (_s, out) = republish(front, &["--strict"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("published value"), "{err}");
}

#[test]
fn definitions_show_on_indicator_pages_and_in_the_data_package() {
    let s = Site::basic();
    s.write(
        "content/indicadores/visas/visas-emitidas.md",
        "---\ntitle: Visas emitidas\nunit: visas\nsource: Subdirección de Planificación\nfrequency: mensual\n---\nCuenta las **visas** entregadas en el mes.\n",
    );
    s.write(
        "content/indicadores/visas/_index.md",
        "Documentos de visas y residencias.\n",
    );
    s.build();
    let page = s.read("indicadores/visas/visas-emitidas/index.html");
    assert!(page.contains("Definición y metodología"), "{page}");
    assert!(
        page.contains("Cuenta las <strong>visas</strong> entregadas en el mes."),
        "{page}"
    );
    assert!(
        page.contains("<dt>Frecuencia</dt><dd>mensual</dd>"),
        "{page}"
    );
    assert!(
        page.contains("Documentos de visas y residencias."),
        "{page}"
    );
    // Not a plain page.
    assert!(!s.exists("indicadores/visas/visas-emitidas/visas-emitidas/index.html"));

    let pkg = json(&s, "datos/datapackage.json");
    let inds = pkg["indicators"].as_array().cloned().unwrap_or_default();
    let emitidas = inds
        .iter()
        .find(|i| i["id"] == "visas/visas-emitidas")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        emitidas["description"],
        "Cuenta las **visas** entregadas en el mes."
    );
    assert_eq!(emitidas["frequency"], "mensual");
    assert_eq!(
        emitidas["table_description"],
        "Documentos de visas y residencias."
    );
    let other = inds
        .iter()
        .find(|i| i["id"] == "visas/registro-de-extranjeria")
        .cloned()
        .unwrap_or_default();
    assert!(other["description"].is_null(), "{other}");
    let fields = &pkg["resources"][0]["schema"]["fields"];
    assert_eq!(
        fields[3]["categories"][0]["value"],
        "visas/registro-de-extranjeria"
    );
}

#[test]
fn check_warns_of_indicators_without_definition() {
    let s = Site::basic();
    s.write(
        "content/indicadores/visas/visas-emitidas.md",
        "Cuenta visas.\n",
    );
    s.write(
        "content/indicadores/visas/visa-emitida.md",
        "Un error de nombre.\n",
    );
    let out = s.faro(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("content/informes/2023/01/index.md: warning: indicator visas/registro-de-extranjeria (\"Registro de extranjería\") has no definition: write what it counts and how in content/indicadores/visas/registro-de-extranjeria.md"), "{err}");
    assert!(!err.contains("indicator visas/visas-emitidas"), "{err}");
    assert!(err.contains("content/indicadores/visas/visa-emitida.md: warning: no report has the indicator or table \"visas/visa-emitida\""), "{err}");

    let out = s.faro(&["check", "--format", "json"]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["ok"], true);
    let warnings: Vec<&Value> = v["problems"].as_array().into_iter().flatten().collect();
    assert_eq!(warnings.len(), 2, "{v}");
    assert!(warnings.iter().all(|w| w["severity"] == "warning"), "{v}");

    s.write("content/indicadores/visas.md", "x\n");
    let err = s.build_fails();
    assert!(
        err.contains(
            "content/indicadores/visas.md: a definition goes in content/indicadores/TABLE/ROW.md"
        ),
        "{err}"
    );
}

#[test]
fn licence_and_contact_are_published() {
    let s = Site::basic();
    s.write(
        "site.yaml",
        &format!("{}contact: transparencia@example.org\n", common::SITE_YAML),
    );
    s.build();
    let data = s.read("datos/index.html");
    assert!(
        data.contains("rel=\"license\" href=\"https://creativecommons.org/licenses/by/4.0/\""),
        "{data}"
    );
    let about = s.read("acerca/index.html");
    assert!(
        about.contains("<h2 id=\"contacto\">Contacto</h2>"),
        "{about}"
    );
    assert!(
        about.contains("href=\"mailto:transparencia@example.org\""),
        "{about}"
    );
    let home = s.read("index.html");
    assert!(
        home.contains("Creative Commons Atribución 4.0 Internacional (CC-BY-4.0)"),
        "{home}"
    );
    assert!(home.contains("mailto:transparencia@example.org"), "{home}");

    let pkg = json(&s, "datos/datapackage.json");
    assert_eq!(pkg["licenses"][0]["name"], "CC-BY-4.0");
    assert_eq!(pkg["contributors"][0]["email"], "transparencia@example.org");
    assert_eq!(
        json(&s, "datos/informes.json")["license"]["name"],
        "CC-BY-4.0"
    );
    assert_eq!(
        json(&s, "informes/2024/01/datos.json")["license"]["path"],
        "https://creativecommons.org/licenses/by/4.0/"
    );

    s.write(
        "site.yaml",
        &format!("{}license: CC0-1.0\n", common::SITE_YAML),
    );
    s.build();
    assert_eq!(
        json(&s, "datos/datapackage.json")["licenses"][0]["name"],
        "CC0-1.0"
    );
    assert!(!s.read("index.html").contains("Contacto:"));

    s.write(
        "site.yaml",
        &format!(
            "{}license: GPL\ncontact: \"llame al 1234\"\n",
            common::SITE_YAML
        ),
    );
    let err = s.build_fails();
    assert!(
        err.contains("site.yaml:4:10: unknown licence \"GPL\": use one of CC-BY-4.0"),
        "{err}"
    );
    assert!(
        err.contains(
            "site.yaml:5:10: contact \"llame al 1234\" is neither an email nor a web address"
        ),
        "{err}"
    );
}

/// A report with three tables: visas (two rows), returnees (two rows) and
/// passports (two rows), values given in that order; `labels` override the
/// returnees' and visas' second labels.
fn quality_report(period: &str, v: [u64; 6], returnee_label: &str, visa_label: &str) -> String {
    format!(
        "---\nperiod: {period}\ntables:\n  - id: visas\n    title: Visas\n    rows:\n      - label: Visas emitidas\n        value: {}\n      - label: \"{visa_label}\"\n        value: {}\n  - id: retornados\n    title: Retornados\n    rows:\n      - label: Retornados por vía terrestre\n        value: {}\n      - label: \"{returnee_label}\"\n        value: {}\n  - id: pasaportes\n    title: Pasaportes\n    rows:\n      - label: Pasaportes emitidos\n        value: {}\n      - label: Pasaportes entregados\n        value: {}\n---\n",
        v[0], v[1], v[2], v[3], v[4], v[5]
    )
}

/// Fourteen months, 2023-01 to 2024-02, with real-looking swings: returnees
/// fall 60% from one January to the next and rise 70% within the year.
fn quality_archive() -> (Site, Vec<[u64; 6]>) {
    let s = Site::new();
    let mut months = Vec::new();
    for i in 0..14u64 {
        let returnees = match i {
            0 => 1000,
            12 => 400, // −60% against January 2023
            13 => 680, // +70% within a year
            _ => 800 + i * 30,
        };
        months.push([
            150 + i * 3,
            1300 + i * 11,
            returnees,
            200 + i * 7,
            900 + i,
            880 + i * 2,
        ]);
    }
    for (i, v) in months.iter().enumerate() {
        let (y, m) = (2023 + i / 12, i % 12 + 1);
        s.write(
            &format!("content/informes/{y}/{m:02}/index.md"),
            &quality_report(
                &format!("{y}-{m:02}"),
                *v,
                "Retornados por vía aérea",
                "Registro de extranjería",
            ),
        );
    }
    (s, months)
}

#[test]
fn a_clean_archive_with_real_swings_raises_no_data_quality_warning() {
    let (s, _) = quality_archive();
    let out = s.faro(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    // Only the (expected) missing definitions: no data-quality warning.
    let quality: Vec<&str> = err
        .lines()
        .filter(|l| l.contains(": warning: ") && !l.contains("has no definition"))
        .collect();
    assert!(quality.is_empty(), "{quality:#?}");
    let out = s.faro(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && !err.contains("warning"), "{err}");
}

#[test]
fn seeded_errors_are_each_reported_at_their_line() {
    let (s, months) = quality_archive();
    let mut feb = months[13];
    feb[0] *= 10; // an extra zero
    feb[4] = months[12][4]; // passports copied from January…
    feb[5] = months[12][5];
    let text = quality_report(
        "2024-02",
        feb,
        "Retornados via aerea",
        "Registro de extranjeri\u{301}a",
    );
    s.write("content/informes/2024/02/index.md", &text);
    let file = "content/informes/2024/02/index.md";

    let out = s.faro(&["check", "--format", "json"]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["ok"], true, "warnings never fail a check: {v}");
    let warnings: Vec<(String, u64, String)> = v["problems"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|w| {
            w["severity"] == "warning"
                && !w["message"]
                    .as_str()
                    .unwrap_or("")
                    .contains("no definition")
        })
        .map(|w| {
            (
                w["path"].as_str().unwrap_or("").to_string(),
                w["line"].as_u64().unwrap_or(0),
                w["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let at = |line: usize, needle: &str| {
        warnings
            .iter()
            .any(|(p, l, m)| p == file && *l == line as u64 && m.contains(needle))
    };
    let extra_zero = format!("value: {}", feb[0]);
    assert!(
        at(
            line_of(&text, &extra_zero),
            "more than 5 times the median of its last 12 months (169.5, over 12 months)"
        ),
        "{warnings:#?}"
    );
    assert!(
        at(
            line_of(&text, "Retornados via aerea"),
            "add `id: retornados-por-via-aerea`"
        ),
        "{warnings:#?}"
    );
    assert!(
        at(
            line_of(&text, "id: pasaportes"),
            "every value of table \"Pasaportes\" equals 2024-01's"
        ),
        "{warnings:#?}"
    );
    assert!(
        at(line_of(&text, "extranjeri\u{301}a"), "decomposed accents"),
        "{warnings:#?}"
    );
    // The decomposed accent no longer splits the indicator: same id, no "missing" row.
    assert!(
        !warnings
            .iter()
            .any(|w| w.2.contains("registro-de-extranjeri-a")
                || w.2.contains("is not in this report")),
        "{warnings:#?}"
    );
    assert_eq!(warnings.len(), 4, "{warnings:#?}");

    // A build warns in the terminal and publishes; --strict refuses.
    let out = s.faro(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(
        err.matches("content/informes/2024/02/index.md:").count(),
        4,
        "{err}"
    );
    let out = s.faro(&["build", "--strict"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn formula_and_invisible_characters_in_labels_are_warned() {
    let (s, months) = quality_archive();
    let text = quality_report(
        "2024-02",
        months[13],
        "=SUM(A1)",
        "Registro\u{200B} de extranjería",
    );
    s.write("content/informes/2024/02/index.md", &text);
    let out = s.faro(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    let line = line_of(&text, "SUM(A1)");
    assert!(
        err.contains(&format!(
            "index.md:{line}: warning: label \"=SUM(A1)\" starts with `=`"
        )),
        "{err}"
    );
    let line = line_of(&text, "Registro\u{200B}");
    assert!(
        err.contains(&format!(
            "index.md:{line}: warning: \"Registro de extranjería\" contains an invisible character (U+200B)"
        )),
        "{err}"
    );
}

#[test]
fn a_site_without_any_definition_gets_no_definition_warnings() {
    let s = Site::basic();
    let out = s.faro(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("has no definition"), "{err}");
}
