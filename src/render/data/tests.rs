//! The archive files assembled from parts are byte for byte those made
//! from the whole archive at once (the way they were first written).

use super::*;
use crate::load::model::{Correction, Period, Row, Table};

fn config(contact: Option<&str>) -> Config {
    serde_json::from_value(json!({
        "title": "Informes \"mensuales\"\n  \"reports\": null",
        "institution": "Dirección «General» \\ de Migración",
        "base_url": "https://example.org/",
        "contact": contact,
    }))
    .expect("a valid config")
}

fn row(id: &str, label: &str, value: Option<u64>) -> Row {
    Row {
        id: id.into(),
        label: label.into(),
        value,
        line: 3,
    }
}

fn table(id: &str, title: &str, rows: Vec<Row>) -> Table {
    Table {
        number: Some(1),
        id: id.into(),
        title: title.into(),
        caption: None,
        unit: "Personas, \"total\"".into(),
        source: Some("Registro\r\nde «entradas»".into()),
        total: None,
        rows,
        line: 2,
    }
}

fn report(year: i32, month: u32, title: &str, tables: Vec<Table>) -> Report {
    Report {
        title: title.into(),
        date: Some(format!("{year}-{month:02}-05")),
        tables,
        ..Report::empty(Period { year, month })
    }
}

/// Reports with what JSON and CSV quote or escape, empty tables and rows,
/// drafts' pending values, corrections, labels that change over time.
fn archive() -> Vec<Report> {
    let mut first = report(
        2023,
        11,
        "Informe de «noviembre»",
        vec![table(
            "visas",
            "Visas, emitidas",
            vec![
                row("emitidas", "Visas emitidas", Some(1200)),
                row("negadas", "=Negadas \"todas\"", Some(0)),
            ],
        )],
    );
    first.corrections.push(Correction {
        date: "2024-01-02".into(),
        indicator: Some("visas/emitidas".into()),
        previous: Some(1100),
        note: "Línea\nnueva y \\ barra".into(),
        line: 9,
    });
    first.source_document = Some("original.pdf".into());
    first.sample = true;
    let empty = report(2023, 12, "", vec![table("vacio", "Sin filas", Vec::new())]);
    let mut draft = report(
        2024,
        1,
        "Borrador\t\u{1F600}",
        vec![
            table(
                "visas",
                "Visas",
                vec![
                    row("emitidas", "Visas otorgadas", None),
                    row("nuevas", "Nuevas", Some(7)),
                ],
            ),
            table("otro", "Otro", vec![row("a", "A\u{301}", Some(3))]),
        ],
    );
    draft.draft = true;
    let bare = report(2024, 2, "Sin cuadros", Vec::new());
    vec![first, empty, draft, bare]
}

/// `informes.json` and `informes.csv` as first written: the whole archive
/// serialised at once.
fn whole(config: &Config, reports: &[Report]) -> (Vec<u8>, Vec<u8>) {
    let json = pretty(&json!({
        "title": config.title,
        "institution": config.institution,
        "license": config.license(),
        "contact": config.contact,
        "reports": reports.iter().map(parts::report_json).collect::<Vec<_>>(),
    }));
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record([
        "period",
        "table_id",
        "table_title",
        "indicator_id",
        "label",
        "unit",
        "value",
        "sample",
    ])
    .expect("in memory");
    for r in reports {
        for t in &r.tables {
            for row in &t.rows {
                let Some(value) = row.value else { continue };
                w.write_record([
                    r.period.to_string().as_str(),
                    &t.id,
                    &t.title,
                    &format!("{}/{}", t.id, row.id),
                    &row.label,
                    &t.unit,
                    &value.to_string(),
                    if r.sample { "true" } else { "false" },
                ])
                .expect("in memory");
            }
        }
    }
    (json, w.into_inner().expect("in memory"))
}

fn file<'a>(files: &'a [Output], path: &str) -> &'a [u8] {
    &files
        .iter()
        .find(|o| o.path.as_str() == path)
        .expect("the file is made")
        .bytes
}

#[test]
fn archive_files_from_parts_are_those_of_the_whole_archive() {
    let reports = archive();
    let definitions = BTreeMap::new();
    for contact in [None, Some("datos@example.org")] {
        let config = config(contact);
        for n in 0..=reports.len() {
            let reports = &reports[..n];
            let files = archive_files(&config, reports, &definitions).expect("valid paths");
            let (json, csv) = whole(&config, reports);
            assert_eq!(
                String::from_utf8_lossy(file(&files, "datos/informes.json")),
                String::from_utf8_lossy(&json),
                "{n} reports"
            );
            assert_eq!(file(&files, "datos/informes.csv"), csv, "{n} reports");
        }
    }
}

#[test]
fn a_report_files_csv_is_its_part_of_the_archive_one() {
    let config = config(None);
    for r in archive() {
        let files = report_files(&config, &r).expect("valid paths");
        let (_, csv) = whole(&config, std::slice::from_ref(&r));
        assert_eq!(
            file(&files, &format!("{}datos.csv", r.period.url_path())),
            csv
        );
    }
}

#[test]
fn the_package_lists_each_indicator_once_by_id_with_its_latest_label() {
    let config = config(None);
    let files = archive_files(&config, &archive(), &BTreeMap::new()).expect("valid paths");
    let package: serde_json::Value =
        serde_json::from_slice(file(&files, "datos/datapackage.json")).expect("JSON");
    let ids: Vec<(&str, &str)> = package["indicators"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|i| {
            (
                i["id"].as_str().unwrap_or(""),
                i["title"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        ids,
        [
            ("otro/a", "A\u{301}"),
            ("visas/emitidas", "Visas otorgadas"),
            ("visas/negadas", "=Negadas \"todas\""),
            ("visas/nuevas", "Nuevas"),
        ]
    );
}
