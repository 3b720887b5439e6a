//! A report as its page shows it: tables with each row's changes,
//! corrections, downloads.

use crate::derive;
use crate::load::model::{Correction, Period, Report};
use serde::Serialize;

#[derive(Serialize)]
pub(in crate::render) struct ReportContext {
    url: String,
    title: String,
    period: Period,
    summary: Option<String>,
    date: Option<String>,
    draft: bool,
    sample: bool,
    tables: Vec<TableContext>,
    extra: serde_json::Value,
    /// Newest first.
    corrections: Vec<Correction>,
    /// The latest correction's date.
    updated: Option<String>,
    /// Where the original document is published, relative to the site root.
    source_document: Option<String>,
}

#[derive(Serialize)]
struct TableContext {
    number: Option<u32>,
    id: String,
    title: String,
    caption: Option<String>,
    unit: String,
    source: Option<String>,
    total: u64,
    complete: bool,
    rows: Vec<RowContext>,
}

#[derive(Serialize)]
struct RowContext {
    id: String,
    indicator: String,
    /// The indicator's page; `None` when it has none (a draft's new row:
    /// indicators are derived from published reports only).
    indicator_url: Option<String>,
    label: String,
    value: Option<u64>,
    changes: Option<derive::RowChanges>,
    /// Corrections of this figure, newest first.
    corrections: Vec<Correction>,
}

impl ReportContext {
    /// The report with, when `changes` (its rows', by table and row:
    /// `Derived::report_changes`) are given, each row's change against last
    /// month and the same month of last year.
    pub(in crate::render) fn full(r: &Report, changes: Option<&derive::ReportChanges>) -> Self {
        let changes =
            |t: usize, row: usize| -> Option<derive::RowChanges> { *changes?.get(t)?.get(row)? };
        ReportContext {
            url: r.period.url_path(),
            title: r.title.clone(),
            period: r.period,
            summary: r.summary.clone(),
            date: r.date.clone(),
            draft: r.draft,
            sample: r.sample,
            tables: r
                .tables
                .iter()
                .enumerate()
                .map(|(ti, t)| TableContext {
                    number: t.number,
                    id: t.id.clone(),
                    title: t.title.clone(),
                    caption: t.caption.clone(),
                    unit: t.unit.clone(),
                    source: t.source.clone(),
                    total: t.total.unwrap_or_else(|| t.sum()),
                    complete: t.rows.iter().all(|r| r.value.is_some()),
                    rows: t
                        .rows
                        .iter()
                        .enumerate()
                        .map(|(ri, row)| {
                            let indicator = format!("{}/{}", t.id, row.id);
                            let changes = changes(ti, ri);
                            RowContext {
                                id: row.id.clone(),
                                indicator_url: changes
                                    .is_some()
                                    .then(|| format!("indicadores/{}/{}/", t.id, row.id)),
                                changes,
                                corrections: newest_first(
                                    r.corrections
                                        .iter()
                                        .filter(|c| c.indicator.as_deref() == Some(&indicator)),
                                ),
                                indicator,
                                label: row.label.clone(),
                                value: row.value,
                            }
                        })
                        .collect(),
                })
                .collect(),
            extra: r.extra.clone(),
            corrections: newest_first(r.corrections.iter()),
            updated: r.updated().map(str::to_string),
            source_document: r
                .source_document
                .as_deref()
                .map(|d| crate::load::model::document_output(&r.period.url_path(), d)),
        }
    }
}

/// Corrections sorted newest first (by date; the order written breaks ties).
fn newest_first<'a>(list: impl Iterator<Item = &'a Correction>) -> Vec<Correction> {
    let mut v: Vec<Correction> = list.cloned().collect();
    v.sort_by(|a, b| b.date.cmp(&a.date));
    v
}
