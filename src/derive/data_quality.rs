//! Data-quality warnings: numbers and labels that are probably wrong,
//! caught before they are published. Pure functions over the loaded
//! reports; each finding is a [`Diagnostic`] at the file and line to fix.
//! They are warnings: the build goes on (unless `--strict`).
//!
//! What is flagged, and why these thresholds (the README repeats this):
//! - a value more than [`FAR_FACTOR`] times, or under 1/[`FAR_FACTOR`] of,
//!   the median of the same indicator's values in the 12 months before it
//!   (at least [`MIN_HISTORY`] of them), and at least [`MIN_GAP`] away from
//!   that median. Real series swing by 60–70% in a year (a ratio of 0.4 or
//!   1.7): far from 5, so only an extra or a missing digit trips it; the gap
//!   keeps small counts (2 → 11) quiet.
//! - an indicator of the previous month's report missing from this one;
//!   when a new indicator of the same table has a close label, both are
//!   named with the id to keep (a renamed row would split the series);
//! - a table whose values (two rows or more) are all identical to the
//!   previous month's (a copied table not updated);
//! - a label or table title with decomposed accents or invisible
//!   characters (text pasted from PDFs). (Cells that start like a
//!   spreadsheet formula are `quality::formula_cells`'.)

use crate::load::model::{Period, Report, Table};
use crate::support::diag::Diagnostic;
use crate::support::numfmt::thousands;
use crate::t;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// How far from its median a value must be to be flagged: more than this
/// many times it, or under its 1/this.
pub const FAR_FACTOR: f64 = 5.0;
/// Months of history, in the 12 before, needed to judge a value.
pub const MIN_HISTORY: usize = 3;
/// The least difference from the median worth a warning.
pub const MIN_GAP: f64 = 50.0;
/// Labels at least this similar (0–1, normalised Levenshtein) are "close".
const CLOSE_LABEL: f64 = 0.7;

/// For each of `reports`, the positions of the reports its warnings
/// compare it with: the non-draft reports of the 12 months before it, by
/// period (the previous month's among them). A report's warnings depend on
/// nothing else, so a caller may keep them while these stay the same.
pub fn windows(reports: &[Report]) -> Vec<Vec<usize>> {
    let published: BTreeMap<Period, usize> = reports
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.draft)
        .map(|(i, r)| (r.period, i))
        .collect();
    reports
        .iter()
        .map(|r| {
            let start = (0..12).fold(r.period, |p, _| p.previous_month());
            published.range(start..r.period).map(|(_, i)| *i).collect()
        })
        .collect()
}

/// Every data-quality warning of `report`, compared with `window` (its
/// [`windows`] entry: drafts are checked but never count as history), sorted.
pub fn report_warnings(r: &Report, window: &[&Report]) -> Vec<Diagnostic> {
    let mut out = far_off_values(r, &history(window));
    if let Some(previous) = window
        .iter()
        .rev()
        .find(|w| w.period == r.period.previous_month())
    {
        out.extend(missing_or_renamed(r, previous));
        out.extend(copied_tables(r, previous));
    }
    out.extend(suspicious_labels(r));
    out.sort();
    out
}

/// An indicator's id as its table's and its row's.
type IdParts<'a> = (&'a str, &'a str);

/// Each indicator's values in the reports of `window`, one a month (a
/// window has one report a month, a report one row an id). Built for each
/// of 1,200 reports at every build: a hash map of small lists, not of
/// ordered maps, as only the values' median is read.
fn history<'a>(window: &[&'a Report]) -> FxHashMap<IdParts<'a>, Vec<u64>> {
    let mut h: FxHashMap<IdParts<'a>, Vec<u64>> = FxHashMap::default();
    for r in window {
        for (id, value) in values(r) {
            h.entry(id).or_default().push(value);
        }
    }
    h
}

/// `((table-id, row-id), value)` of every row with a value.
fn values(r: &Report) -> impl Iterator<Item = (IdParts<'_>, u64)> + '_ {
    r.tables.iter().flat_map(|t| {
        t.rows
            .iter()
            .filter_map(move |row| Some(((t.id.as_str(), row.id.as_str()), row.value?)))
    })
}

/// The median of `values` (the mean of the middle two for an even count).
pub fn median(values: &mut [u64]) -> Option<f64> {
    values.sort_unstable();
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2] as f64),
        _ => Some((values[n / 2 - 1] as f64 + values[n / 2] as f64) / 2.0),
    }
}

/// True when `value` is far off `median` by the rule above.
pub fn is_far_off(value: u64, median: f64) -> bool {
    let v = value as f64;
    (v - median).abs() >= MIN_GAP && (v > median * FAR_FACTOR || v * FAR_FACTOR < median)
}

/// The values far off their median in `history` (the window's only).
fn far_off_values(r: &Report, history: &FxHashMap<IdParts<'_>, Vec<u64>>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (parts, value) in values(r) {
        let Some(series) = history.get(&parts) else {
            continue;
        };
        let mut window = series.clone();
        if window.len() < MIN_HISTORY {
            continue;
        }
        let months = window.len();
        let Some(m) = median(&mut window) else {
            continue;
        };
        if !is_far_off(value, m) {
            continue;
        }
        let id = format!("{}/{}", parts.0, parts.1);
        let id_ref = id.as_str();
        let message = if value as f64 > m {
            t!(
                "quality-far-above",
                id = id_ref,
                value = thousands(value.into()),
                median = format_median(m),
                months = months
            )
        } else {
            t!(
                "quality-far-below",
                id = id_ref,
                value = thousands(value.into()),
                median = format_median(m),
                months = months
            )
        };
        out.push(Diagnostic::warning(
            &r.source,
            line(&r.lines.values, &id),
            0,
            message,
        ));
    }
    out
}

/// `158` or `158.5`, with thousands separators.
fn format_median(m: f64) -> String {
    let whole = thousands(m.trunc() as i128);
    if m.fract() == 0.0 {
        whole
    } else {
        format!("{whole}.5")
    }
}

fn line(lines: &BTreeMap<String, usize>, key: &str) -> usize {
    lines.get(key).copied().unwrap_or(0)
}

/// `(table id, row id)` of every row, in order.
fn row_ids(r: &Report) -> impl Iterator<Item = (&str, &str)> {
    r.tables.iter().flat_map(|t| {
        t.rows
            .iter()
            .map(move |row| (t.id.as_str(), row.id.as_str()))
    })
}

/// `(id, label, table id)` of every row.
fn rows(r: &Report) -> Vec<(String, &str, &str)> {
    r.tables
        .iter()
        .flat_map(|t| {
            t.rows.iter().map(move |row| {
                (
                    format!("{}/{}", t.id, row.id),
                    row.label.as_str(),
                    t.id.as_str(),
                )
            })
        })
        .collect()
}

fn similarity(a: &str, b: &str) -> f64 {
    strsim::normalized_levenshtein(&a.to_lowercase(), &b.to_lowercase())
}

fn missing_or_renamed(r: &Report, previous: &Report) -> Vec<Diagnostic> {
    // Nearly every month lists the rows of the month before: then nothing
    // is missing, and nothing is formatted.
    if row_ids(r).eq(row_ids(previous)) {
        return Vec::new();
    }
    let now = rows(r);
    let before = rows(previous);
    let missing: Vec<&(String, &str, &str)> = before
        .iter()
        .filter(|b| !now.iter().any(|n| n.0 == b.0))
        .collect();
    let new: Vec<&(String, &str, &str)> = now
        .iter()
        .filter(|n| !before.iter().any(|b| b.0 == n.0))
        .collect();
    let mut out = Vec::new();
    let mut explained = Vec::new();
    for n in &new {
        let closest = missing
            .iter()
            .filter(|m| m.2 == n.2)
            .map(|m| (similarity(m.1, n.1), m))
            .filter(|(s, _)| *s >= CLOSE_LABEL)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, m)) = closest {
            explained.push(m.0.clone());
            let row_id = m.0.rsplit('/').next().unwrap_or_default();
            out.push(Diagnostic::warning(
                &r.source,
                line(&r.lines.labels, &n.0),
                0,
                t!(
                    "quality-renamed",
                    label = n.1,
                    id = n.0.as_str(),
                    old_label = m.1,
                    old_id = m.0.as_str(),
                    period = previous.period.to_string(),
                    row_id = row_id
                ),
            ));
        }
    }
    for m in missing.iter().filter(|m| !explained.contains(&m.0)) {
        let at = r.lines.tables.get(m.2).copied().unwrap_or(0);
        out.push(Diagnostic::warning(
            &r.source,
            at,
            0,
            t!(
                "quality-missing",
                id = m.0.as_str(),
                label = m.1,
                period = previous.period.to_string()
            ),
        ));
    }
    out
}

fn copied_tables(r: &Report, previous: &Report) -> Vec<Diagnostic> {
    let same = |a: &Table, b: &Table| {
        a.rows.len() >= 2
            && a.rows.len() == b.rows.len()
            && a.rows.iter().any(|x| x.value.is_some_and(|v| v > 0))
            && a.rows
                .iter()
                .zip(&b.rows)
                .all(|(x, y)| x.id == y.id && x.value.is_some() && x.value == y.value)
    };
    r.tables
        .iter()
        .filter(|t| previous.tables.iter().any(|p| p.id == t.id && same(t, p)))
        .map(|t| {
            Diagnostic::warning(
                &r.source,
                line(&r.lines.tables, &t.id),
                0,
                t!(
                    "quality-copied-table",
                    title = t.title.as_str(),
                    period = previous.period.to_string()
                ),
            )
        })
        .collect()
}

/// Characters that show as nothing (or nothing useful) but split words and ids.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{00AD}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{202A}'..='\u{202E}')
        || (c.is_control() && c != '\t')
}

/// Problems of one label or title: decomposed accents, invisible characters.
pub fn label_problems(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Every label of every report is checked at each build: the quick
    // check answers for nearly all of them without normalising.
    let maybe_decomposed = !text.is_ascii() && is_nfc_quick(text.chars()) != IsNormalized::Yes;
    if maybe_decomposed && text.nfc().ne(text.chars()) {
        let fixed: String = text.nfc().collect();
        out.push(t!("quality-decomposed", text = text, fixed = fixed));
    }
    if let Some(c) = text.chars().find(|c| invisible(*c)) {
        out.push(t!(
            "quality-invisible",
            text = text.chars().filter(|c| !invisible(*c)).collect::<String>(),
            code = format!("U+{:04X}", c as u32)
        ));
    }
    out
}

fn suspicious_labels(r: &Report) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for t in &r.tables {
        for message in label_problems(&t.title) {
            out.push(Diagnostic::warning(
                &r.source,
                line(&r.lines.tables, &t.id),
                0,
                message,
            ));
        }
        for row in &t.rows {
            for message in label_problems(&row.label) {
                let id = format!("{}/{}", t.id, row.id);
                out.push(Diagnostic::warning(
                    &r.source,
                    line(&r.lines.labels, &id),
                    0,
                    message,
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_swings_are_not_far_off_but_a_digit_is() {
        // Returnees fell 60% in a year and rose 70%: no alarm.
        assert!(!is_far_off(400, 1000.0));
        assert!(!is_far_off(1700, 1000.0));
        // An extra zero, a missing digit.
        assert!(is_far_off(15_800, 158.0));
        assert!(is_far_off(15, 158.0));
        // Small counts swing without meaning.
        assert!(!is_far_off(11, 2.0));
        assert!(!is_far_off(0, 40.0));
    }

    #[test]
    fn medians() {
        assert_eq!(median(&mut [3, 1, 2]), Some(2.0));
        assert_eq!(median(&mut [4, 1, 2, 3]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn labels_pasted_from_pdfs_and_formulas() {
        assert!(label_problems("Registro de extranjería").is_empty());
        assert_eq!(label_problems("Registro de extranjeri\u{301}a").len(), 1);
        assert_eq!(label_problems("Visas\u{200B} emitidas").len(), 1);
    }
}
