//! Warnings about the archive's content: things that are valid, so the site
//! is built, but that an editor should look at before publishing.
//!
//! One pure function over the loaded [`Archive`], called by both `faro check`
//! and `faro build`, so that both report exactly the same warnings. Each
//! check is a small function returning diagnostics made with
//! [`Diagnostic::warning`]; later data-quality checks are added the same way.

use crate::diag::Diagnostic;
use crate::model::{Archive, Report};
use crate::t;

/// Every warning about the archive, in file order.
pub fn warnings(archive: &Archive) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = archive.reports.iter().flat_map(formula_cells).collect();
    out.extend(crate::data_quality::warnings(&archive.reports));
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
