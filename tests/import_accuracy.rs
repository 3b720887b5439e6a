//! How exactly `faro import` reads a year of reports, as Word and as PDF.
//!
//! The corpus is written here: fifteen months (October 2022 to December
//! 2023) of reports whose tables change from month to month as the
//! institute's do: how many tables and in what order, rows added and
//! renamed, numbers with and without thousands separators, labels and
//! headers wrapping over up to three lines with the number at the top,
//! middle or bottom of its cell, photos in some months and not others.
//! The site holds one earlier month with its own ids (not the slugs of
//! the labels), as an archive does. Each month is imported from its Word
//! file into one site and from its PDF (made by LibreOffice) into another,
//! and three figures are computed for each:
//!
//! - values read exactly: rows whose label and number are the document's;
//! - tables found: tables with the document's caption, title, unit and
//!   source, and the same rows in the same order;
//! - ids matched: tables and rows that take the archive's id when the
//!   archive has their title or label, and the same id every month.
//!
//! The aim is 100% for each; the figures are printed (run with
//! `--nocapture`) and recorded in docs/import-accuracy.md.
//!
//! Needs LibreOffice (`soffice`); runs under tests/common/harness.rs.

mod common;
#[path = "import/docx_writer.rs"]
#[allow(dead_code)]
mod docx_writer;
#[path = "import/layout.rs"]
#[allow(dead_code)]
mod layout;

use common::Site;
use common::harness::{self, Test, Tool};
use layout::{Expected, Spec, expected_of, report_at, to_pdf};
use std::collections::HashMap;

fn main() {
    harness::main(&[Test {
        name: "a_year_of_reports_is_read_exactly_from_word_and_from_pdf",
        needs: &[Tool::Soffice],
        run: a_year_of_reports_is_read_exactly_from_word_and_from_pdf,
    }])
}

const MONTHS: [&str; 12] = [
    "ENERO",
    "FEBRERO",
    "MARZO",
    "ABRIL",
    "MAYO",
    "JUNIO",
    "JULIO",
    "AGOSTO",
    "SEPTIEMBRE",
    "OCTUBRE",
    "NOVIEMBRE",
    "DICIEMBRE",
];

/// The archive's month before the corpus, with ids an editor chose.
const ARCHIVE: &str = "---
period: 2022-09
tables:
  - number: 1
    id: visas-residencias
    title: \"Registro, control y emisión de visas y residencias\"
    unit: \"Cantidad de documentos\"
    rows:
      - label: \"Visas emitidas\"
        id: visas-emitidas
        value: 1
      - label: \"Residencias Emitidas\"
        id: residencias
        value: 2
  - number: 2
    id: asistencia-proteccion
    title: \"Asistencia y Protección a las Personas Migrantes\"
    unit: \"Cantidad de Personas\"
    rows:
      - label: \"Migrantes nacionales y extranjeros atendidos para la protección y asistencia de sus derechos\"
        id: migrantes-atendidos
        value: 3
---
";

/// The archive's ids: table title → id, (table id, label) → row id.
fn archive_ids() -> (HashMap<String, String>, HashMap<(String, String), String>) {
    let tables = [
        (
            "Registro, control y emisión de visas y residencias",
            "visas-residencias",
        ),
        (
            "Asistencia y Protección a las Personas Migrantes",
            "asistencia-proteccion",
        ),
    ];
    let rows = [
        ("visas-residencias", "Visas emitidas", "visas-emitidas"),
        ("visas-residencias", "Residencias Emitidas", "residencias"),
        (
            "asistencia-proteccion",
            "Migrantes nacionales y extranjeros atendidos para la protección y asistencia de sus derechos",
            "migrantes-atendidos",
        ),
    ];
    (
        tables
            .iter()
            .map(|(t, i)| (t.to_string(), i.to_string()))
            .collect(),
        rows.iter()
            .map(|(t, l, i)| ((t.to_string(), l.to_string()), i.to_string()))
            .collect(),
    )
}

/// A number printed with or without separators, as months differ.
fn printed(n: u64, separators: bool) -> String {
    if separators {
        faro::support::numfmt::thousands(n as i128)
    } else {
        n.to_string()
    }
}

/// Month `m` (0 = October 2022): its Word document and its tables.
fn month(m: usize) -> (String, u32, Vec<u8>, Vec<Expected>) {
    let (name, year) = (MONTHS[(m + 9) % 12], if m < 3 { 2022 } else { 2023 });
    let seps = m % 2 == 0;
    let v = |base: u64| printed(base * 7 + (m as u64) * 131 + 3, seps);
    let mut tables: Vec<Spec> = Vec::new();
    // Table 1: a row is renamed from month 4 on, one added from month 6.
    let mut rows = vec![
        ("Visas emitidas".to_string(), v(158)),
        ("Residencias Emitidas".to_string(), v(241)),
        (
            if m < 4 {
                "Registro de extranjería".to_string()
            } else {
                "Registro de extranjería y de personas residentes".to_string()
            },
            v(1350),
        ),
    ];
    if m >= 6 {
        rows.push(("Prórrogas de estadía".to_string(), v(12)));
    }
    tables.push(spec(
        1,
        "Registro, control y emisión de visas y residencias",
        "Cantidad de documentos",
        rows,
        m % 3 == 0,
    ));
    // Table 2: the long labels, the number at the top, middle or bottom.
    let mut t = spec(
        2,
        "Asistencia y Protección a las Personas Migrantes",
        "Cantidad de Personas",
        vec![
            (
                "Migrantes nacionales y extranjeros atendidos para la protección y asistencia de sus derechos".into(),
                v(355),
            ),
            (
                "Migrantes atendidos en albergues y centros de retornados".into(),
                v(6347),
            ),
        ],
        false,
    );
    t.widths = vec![3300, 2400];
    t.valign = ["top", "center", "bottom"][m % 3];
    tables.push(t);
    // Table 3 only in some months; table 4 with a year as a row's label.
    if m % 4 != 1 {
        tables.push(spec(
            3,
            "Emisión de documentos migratorios",
            "Cantidad de documentos",
            vec![
                ("Emisión de documentos migratorios".into(), v(66096)),
                ("Prorroga de documentos migratorios".into(), v(4077)),
            ],
            true,
        ));
    }
    let mut t = spec(
        4,
        "Personas retornadas por año",
        "Cantidad de personas retornadas al país durante el mes",
        vec![("2022".into(), v(40)), ("2023".into(), v(52))],
        m % 2 == 1,
    );
    t.widths = vec![4700, 1700];
    tables.push(t);
    // The order of the tables changes every few months.
    let turn = (m / 3) % tables.len();
    tables.rotate_left(turn);
    let photo = (m % 3 != 2).then(|| common::jpeg(32 + m as u32, 24));
    let doc = layout::report_docx(name, year, &tables, photo);
    let expected = tables.iter().map(Spec::expected).collect();
    let period = format!("{year}-{:02}", (m + 9) % 12 + 1);
    (period, m as u32, doc, expected)
}

fn spec(number: u32, title: &str, unit: &str, rows: Vec<(String, String)>, total: bool) -> Spec {
    let refs: Vec<(&str, &str)> = rows.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let mut s = Spec::new(number, title, unit, &refs);
    if total {
        let sum: u64 = rows.iter().filter_map(|(_, v)| layout::count(v)).sum();
        s.total = Some(faro::support::numfmt::thousands(sum as i128));
    }
    s
}

/// Counts of a figure: right out of all.
#[derive(Default, Debug, Clone, Copy)]
struct Score {
    right: usize,
    all: usize,
}

impl Score {
    fn add(&mut self, ok: bool) {
        self.all += 1;
        self.right += usize::from(ok);
    }
    fn percent(self) -> f64 {
        if self.all == 0 {
            100.0
        } else {
            100.0 * self.right as f64 / self.all as f64
        }
    }
}

impl std::fmt::Display for Score {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.1}% ({}/{})", self.percent(), self.right, self.all)
    }
}

fn a_year_of_reports_is_read_exactly_from_word_and_from_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let months: Vec<_> = (0..15).map(month).collect();
    let mut docs = Vec::new();
    for (period, _, doc, _) in &months {
        let name = format!("informe-{period}.docx");
        std::fs::write(dir.path().join(&name), doc).unwrap();
        docs.push(name);
    }
    let names: Vec<&str> = docs.iter().map(String::as_str).collect();
    to_pdf(dir.path(), &names);
    let mut lines = Vec::new();
    let mut failures = Vec::new();
    for ext in ["docx", "pdf"] {
        let site = Site::new();
        site.write("content/informes/2022/09/index.md", ARCHIVE);
        let mut args = vec!["import".to_string()];
        for d in &docs {
            let file = dir.path().join(d).with_extension(ext);
            args.push(file.to_string_lossy().into_owned());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = site.faro(&args);
        let said = format!(
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{ext}: {said}");
        let (values, tables, ids) = score(&site, &months, &mut failures, ext);
        lines.push(format!(
            "{ext}: values read exactly {values}, tables found {tables}, ids matched {ids}"
        ));
        layout::check_drafts(&site, ext);
    }
    for l in &lines {
        println!("{l}");
    }
    assert!(
        failures.is_empty(),
        "{}\n{}",
        lines.join("\n"),
        failures.join("\n")
    );
}

/// The three figures for one site, and each miss described in `failures`.
fn score(
    site: &Site,
    months: &[(String, u32, Vec<u8>, Vec<Expected>)],
    failures: &mut Vec<String>,
    ext: &str,
) -> (Score, Score, Score) {
    let (mut values, mut tables, mut ids) = (Score::default(), Score::default(), Score::default());
    let (archive_tables, archive_rows) = archive_ids();
    // The id each title and label took first, for the months after.
    let mut seen_tables: HashMap<String, String> = archive_tables;
    let mut seen_rows: HashMap<(String, String), String> = archive_rows;
    for (period, _, _, want) in months {
        let r = report_at(site, period);
        for w in want {
            let got = r.tables.iter().find(|t| t.number == w.number);
            let Some(got) = got else {
                tables.add(false);
                failures.push(format!("{ext} {period}: Cuadro {:?} not found", w.number));
                for _ in &w.rows {
                    values.add(false);
                }
                continue;
            };
            let g = expected_of(got);
            let same_table = g.caption == w.caption
                && g.title == w.title
                && g.unit == w.unit
                && g.source == w.source
                && g.total == w.total
                && g.rows.len() == w.rows.len();
            tables.add(same_table);
            if !same_table {
                failures.push(format!("{ext} {period}: {g:?}\n  expected {w:?}"));
            }
            for (i, (label, value)) in w.rows.iter().enumerate() {
                let ok = g.rows.get(i) == Some(&(label.clone(), *value));
                values.add(ok);
                if !ok {
                    failures.push(format!(
                        "{ext} {period}: row {i} {:?}, expected {:?}",
                        g.rows.get(i),
                        (label, value)
                    ));
                }
            }
            let want_id = seen_tables
                .entry(w.title.clone())
                .or_insert_with(|| got.id.clone())
                .clone();
            ids.add(got.id == want_id);
            if got.id != want_id {
                failures.push(format!("{ext} {period}: table id {} ≠ {want_id}", got.id));
            }
            for row in &got.rows {
                let want_row = seen_rows
                    .entry((want_id.clone(), row.label.clone()))
                    .or_insert_with(|| row.id.clone())
                    .clone();
                ids.add(row.id == want_row);
                if row.id != want_row {
                    failures.push(format!("{ext} {period}: row id {} ≠ {want_row}", row.id));
                }
            }
        }
    }
    (values, tables, ids)
}
