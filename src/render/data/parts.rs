//! Each report's share of the archive-wide data files, made once per
//! version of the report: its element of `informes.json`'s `reports` array
//! (pretty JSON, indented for its place), its rows of `informes.csv` and its
//! indicators. The archive files are these parts concatenated, so that the
//! preview, after a save, serialises only the report that changed (it keeps
//! the parts between saves by the report's hash, `render::report_hash`).

use crate::load::model::Report;
use serde_json::json;

/// Column order of every CSV, as docs/open-data.md fixes it.
const CSV_HEADER: [&str; 8] = [
    "period",
    "table_id",
    "table_title",
    "indicator_id",
    "label",
    "unit",
    "value",
    "sample",
];

/// The indentation of a report in `informes.json`: an element of the
/// `reports` array, itself a field of the top-level object (two levels of
/// serde_json's two spaces).
const ELEMENT_INDENT: &[u8] = b"    ";

/// One indicator of a report: `(table-id/row-id, label, table id)`.
pub type Indicator = (String, String, String);

/// A report's share of the archive-wide data files.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportPart {
    /// Its element of `informes.json`'s `reports` array, indent included.
    pub json: Vec<u8>,
    /// Its rows of `informes.csv`, without the header.
    pub csv: Vec<u8>,
    /// Its indicators, in the report's order.
    pub indicators: Vec<Indicator>,
}

impl ReportPart {
    pub fn of(r: &Report) -> ReportPart {
        ReportPart {
            json: indented(&super::pretty_bare(&report_json(r)), ELEMENT_INDENT),
            csv: csv_rows(r),
            indicators: indicators(r),
        }
    }
}

/// `json` (pretty, as at the top level) indented by `by` on every line, as
/// serde_json's pretty printer writes it nested: the first line's indent
/// included (a JSON string holds no raw newline, so every newline is between
/// tokens).
fn indented(json: &[u8], by: &[u8]) -> Vec<u8> {
    let lines = json.iter().filter(|b| **b == b'\n').count() + 1;
    let mut out = Vec::with_capacity(json.len() + lines * by.len());
    for (i, line) in json.split(|b| *b == b'\n').enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        out.extend_from_slice(by);
        out.extend_from_slice(line);
    }
    out
}

/// The `reports` array of `informes.json`, as serde_json's pretty printer
/// writes it in its place: `[]` when empty.
pub fn json_array(parts: &[&ReportPart]) -> Vec<u8> {
    if parts.is_empty() {
        return b"[]".to_vec();
    }
    let size: usize = parts.iter().map(|p| p.json.len() + 2).sum();
    let mut out = Vec::with_capacity(size + 8);
    out.extend_from_slice(b"[\n");
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b",\n");
        }
        out.extend_from_slice(&part.json);
    }
    out.extend_from_slice(b"\n  ]");
    out
}

/// Tidy CSV of the reports whose parts these are: the header, then each
/// report's rows.
pub fn csv_file(parts: &[&ReportPart]) -> Vec<u8> {
    let mut out = csv_header();
    out.reserve(parts.iter().map(|p| p.csv.len()).sum());
    for part in parts {
        out.extend_from_slice(&part.csv);
    }
    out
}

fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

fn csv_header() -> Vec<u8> {
    let mut w = csv_writer();
    // Writing to a Vec cannot fail on I/O; only a bug could make this empty.
    if w.write_record(CSV_HEADER).is_err() {
        return Vec::new();
    }
    w.into_inner().unwrap_or_default()
}

/// A report's CSV rows: one per value, RFC 4180 quoting, bare numbers.
/// Pending draft values have no row: a missing number is not a zero.
fn csv_rows(r: &Report) -> Vec<u8> {
    let mut w = csv_writer();
    let write = |w: &mut csv::Writer<Vec<u8>>| -> csv::Result<()> {
        let period = r.period.to_string();
        for t in &r.tables {
            for row in &t.rows {
                let Some(value) = row.value else { continue };
                w.write_record([
                    period.as_str(),
                    &t.id,
                    &t.title,
                    &format!("{}/{}", t.id, row.id),
                    &row.label,
                    &t.unit,
                    &value.to_string(),
                    if r.sample { "true" } else { "false" },
                ])?;
            }
        }
        Ok(())
    };
    // Writing to a Vec cannot fail on I/O; only a bug could make this empty.
    if write(&mut w).is_err() {
        return Vec::new();
    }
    w.into_inner().unwrap_or_default()
}

fn indicators(r: &Report) -> Vec<Indicator> {
    r.tables
        .iter()
        .flat_map(|t| {
            t.rows.iter().map(|row| {
                (
                    format!("{}/{}", t.id, row.id),
                    row.label.clone(),
                    t.id.clone(),
                )
            })
        })
        .collect()
}

pub(super) fn report_json(r: &Report) -> serde_json::Value {
    json!({
        "period": r.period.to_string(),
        "title": r.title,
        "date": r.date,
        "sample": r.sample,
        "draft": r.draft,
        "url": r.period.url_path(),
        "updated": r.updated(),
        "corrections": r.corrections,
        "source_document": r.source_document.as_deref().map(|d| crate::load::model::document_output(&r.period.url_path(), d)),
        "tables": r.tables.iter().map(|t| json!({
            "id": t.id,
            "number": t.number,
            "title": t.title,
            "unit": t.unit,
            "source": t.source,
            "total": t.total.unwrap_or_else(|| t.sum()),
            "rows": t.rows.iter().map(|row| json!({
                "id": row.id,
                "indicator_id": format!("{}/{}", t.id, row.id),
                "label": row.label,
                "value": row.value,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}
