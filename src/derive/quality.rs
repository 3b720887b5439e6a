//! Warnings about the archive's content: things that are valid, so the site
//! is built, but that an editor should look at before publishing.
//!
//! One pure function over the loaded [`Archive`], called by both `faro check`
//! and `faro build`, so that both report exactly the same warnings. A
//! report's warnings depend only on it and the reports of the 12 months
//! before it ([`report_warnings`]): the preview keeps them between saves. Each
//! check is a small function returning diagnostics made with
//! [`Diagnostic::warning`]; later data-quality checks are added the same way.

use crate::load::model::{Archive, Report};
use crate::support::diag::Diagnostic;
use crate::t;
use rayon::prelude::*;

/// Every warning about the archive, in file order: each report's (made
/// side by side) merged.
pub fn warnings(archive: &Archive) -> Vec<Diagnostic> {
    let reports = &archive.reports;
    let each: Vec<Vec<Diagnostic>> = crate::derive::data_quality::windows(reports)
        .par_iter()
        .zip(reports)
        .map(|(window, r)| {
            let window: Vec<&Report> = window.iter().map(|i| &reports[*i]).collect();
            report_warnings(r, &window)
        })
        .collect();
    merge(each)
}

/// Every warning about `report`, compared with `window` (its
/// `data_quality::windows` entry): they depend on nothing else.
pub fn report_warnings(report: &Report, window: &[&Report]) -> Vec<Diagnostic> {
    let mut out = formula_cells(report);
    out.extend(crate::derive::data_quality::report_warnings(report, window));
    out
}

/// The reports' warnings as one list, in file order, each once.
pub fn merge<I>(each: I) -> Vec<Diagnostic>
where
    I: IntoIterator,
    I::Item: AsRef<[Diagnostic]>,
{
    let mut out: Vec<Diagnostic> = Vec::new();
    for warnings in each {
        out.extend_from_slice(warnings.as_ref());
    }
    out.sort();
    out.dedup();
    out
}

/// The characters that make a spreadsheet read a cell as a formula (or, for
/// tab and carriage return, that some tools strip to reveal one).
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// The first character of `text`, if a spreadsheet would read it as the
/// start of a formula.
fn formula_start(text: &str) -> Option<char> {
    text.chars().next().filter(|c| FORMULA_STARTS.contains(c))
}

/// What a cell is, in words, looked up when needed.
type Words = fn() -> String;

/// Text cells of the published CSV files (a table's title and unit, a row's
/// label) that a spreadsheet would run as a formula. Values are published
/// as entered (the open-data convention): this only tells the editor.
fn formula_cells(report: &Report) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for table in &report.tables {
        // The words are looked up only for a cell to warn about: formatting
        // them for every table of a large archive costs more than the check.
        let cells: [(Words, &String, usize); 2] = [
            (|| t!("quality-what-table-title"), &table.title, table.line),
            (|| t!("quality-what-table-unit"), &table.unit, table.line),
        ];
        for (what, text, line) in cells {
            if let Some(c) = formula_start(text) {
                out.push(formula_warning(report, line, &what(), text, c));
            }
        }
        for row in &table.rows {
            if let Some(c) = formula_start(&row.label) {
                let what = t!("quality-what-row-label");
                out.push(formula_warning(report, row.line, &what, &row.label, c));
            }
        }
    }
    out
}

fn formula_warning(
    report: &Report,
    line: usize,
    what: &str,
    text: &str,
    first: char,
) -> Diagnostic {
    let shown = match first {
        '\t' => t!("quality-formula-tab"),
        '\r' => t!("quality-formula-carriage-return"),
        c => format!("`{c}`"),
    };
    let message = t!(
        "quality-formula-cell",
        what = what,
        text = text.trim(),
        first = shown
    );
    Diagnostic::warning(&report.source, line, 0, message).with_code("quality-formula-cell")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_the_spreadsheet_ones() {
        for text in ["=1+1", "+502", "-3", "@SUM(A1)", "\tx", "\rx"] {
            assert!(formula_start(text).is_some(), "{text:?}");
        }
        for text in ["Visas", "3 visas", "", " =x", "Menores (-18)", "«=»"] {
            assert_eq!(formula_start(text), None, "{text:?}");
        }
    }
}
