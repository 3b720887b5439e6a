//! A whole archive at once: `faro import archivo/` takes every `.docx`,
//! `.pdf` and `.txt` under a folder (recursively), and, when one month is
//! found twice (the Word file and the PDF exported from it), imports it
//! once, from the Word file, naming the other. What happened to each file
//! is summed up in one table and, with `--report FILE.json`, in a file a
//! person can work through.

use crate::load::model::Period;
use crate::t;
use std::path::{Path, PathBuf};

/// The kinds `faro import` reads, best first: when a month comes twice,
/// the Word file wins (its tables are cells, not positions on a page).
const KINDS: [&str; 3] = ["docx", "pdf", "txt"];

fn kind_rank(file: &Path) -> usize {
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    KINDS.iter().position(|k| *k == ext).unwrap_or(KINDS.len())
}

/// The files to import: each file given as it is, each folder's `.docx`,
/// `.pdf` and `.txt` files at any depth (hidden ones and Word's `~$` lock
/// files left out), in name order. Symbolic links are not followed.
pub fn expand(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for input in inputs {
        if !input.is_dir() {
            out.push(input.clone());
            continue;
        }
        let mut found: Vec<PathBuf> = walkdir::WalkDir::new(input)
            .follow_links(false)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !hidden(e.file_name()))
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .filter(|p| {
                kind_rank(p) < KINDS.len()
                    && !p
                        .file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("~$"))
            })
            .collect();
        found.sort();
        if found.is_empty() {
            // Named as it is, so the import refuses it as a folder with
            // nothing to import rather than saying nothing.
            out.push(input.clone());
        }
        out.extend(found);
    }
    out
}

fn hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// What to do with each read file, given the month each holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    Import,
    /// The same month from a better kind of file (its index): not imported,
    /// and not an error.
    SameAs(usize),
    /// The same month from another file of the same kind: refused.
    Twice(usize),
    /// Not read (the reading's error is reported instead).
    Unread,
}

/// For each file (its path and its month, `None` when it was not read),
/// whether it is imported. A month found in several files is imported from
/// the best kind (Word, then PDF, then text), the first of them in `files`.
pub fn choose(files: &[(&Path, Option<Period>)]) -> Vec<Choice> {
    let mut best: std::collections::HashMap<Period, usize> = Default::default();
    for (i, (file, period)) in files.iter().enumerate() {
        if let Some(p) = period {
            let e = best.entry(*p).or_insert(i);
            if kind_rank(file) < kind_rank(files[*e].0) {
                *e = i;
            }
        }
    }
    files
        .iter()
        .enumerate()
        .map(|(i, (file, period))| match period {
            None => Choice::Unread,
            Some(p) => match best.get(p) {
                Some(&b) if b == i => Choice::Import,
                Some(&b) if kind_rank(files[b].0) < kind_rank(file) => Choice::SameAs(b),
                Some(&b) => Choice::Twice(b),
                None => Choice::Import,
            },
        })
        .collect()
}

/// What became of one file, as the JSON report names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Imported,
    Refused,
    /// Not read: another file of the same month was imported instead.
    SameMonth,
}

/// One file's outcome, for the closing table and the JSON report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Outcome {
    pub file: String,
    pub result: Verdict,
    /// The report written (or that would be), when imported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<String>,
    /// Why it was refused, or which file its month was imported from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// Each place to review, as `file:line: what`.
    pub review: Vec<String>,
}

/// The closing table: one line per file with its result and how many
/// places to review, columns aligned.
pub fn table(outcomes: &[Outcome]) -> String {
    let head = [
        t!("import-table-head-file"),
        t!("import-table-head-result"),
        t!("import-table-head-review"),
    ];
    let rows: Vec<[String; 3]> = outcomes
        .iter()
        .map(|o| {
            let why = o.why.as_deref().unwrap_or_default();
            let result = match o.result {
                Verdict::Imported => t!("import-result-imported"),
                Verdict::SameMonth => t!("import-result-same-month", other = why),
                Verdict::Refused => t!("import-result-refused", why = why),
            };
            [o.file.clone(), result, o.review.len().to_string()]
        })
        .collect();
    let width = |k: usize| {
        rows.iter()
            .map(|r| r[k].chars().count())
            .chain(std::iter::once(head[k].chars().count()))
            .max()
            .unwrap_or(0)
    };
    let (w0, w1) = (width(0), width(1));
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w - s.chars().count()));
    let mut out = format!(
        "{}  {}  {}\n",
        pad(&head[0], w0),
        pad(&head[1], w1),
        head[2]
    );
    for r in &rows {
        out.push_str(&format!(
            "{}  {}  {}\n",
            pad(&r[0], w0),
            pad(&r[1], w1),
            r[2]
        ));
    }
    out
}

/// How many of `outcomes` came to `verdict`.
pub fn count(outcomes: &[Outcome], verdict: Verdict) -> usize {
    outcomes.iter().filter(|o| o.result == verdict).count()
}

/// The JSON report: every file's outcome, in the order given.
pub fn json(outcomes: &[Outcome]) -> String {
    let imported = count(outcomes, Verdict::Imported);
    let refused = count(outcomes, Verdict::Refused);
    let review: usize = outcomes.iter().map(|o| o.review.len()).sum();
    let value = serde_json::json!({
        "imported": imported,
        "refused": refused,
        "review": review,
        "files": outcomes,
    });
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(y: i32, m: u32) -> Option<Period> {
        Period::parse(&format!("{y}-{m:02}"))
    }

    #[test]
    fn a_month_twice_is_imported_from_the_word_file() {
        let a = PathBuf::from("a/enero.pdf");
        let b = PathBuf::from("b/enero.docx");
        let c = PathBuf::from("c/febrero.txt");
        let d = PathBuf::from("d/febrero-copia.txt");
        let e = PathBuf::from("e/roto.pdf");
        let files = [
            (a.as_path(), p(2024, 1)),
            (b.as_path(), p(2024, 1)),
            (c.as_path(), p(2024, 2)),
            (d.as_path(), p(2024, 2)),
            (e.as_path(), None),
        ];
        assert_eq!(
            choose(&files),
            [
                Choice::SameAs(1),
                Choice::Import,
                Choice::Import,
                Choice::Twice(2),
                Choice::Unread
            ]
        );
    }

    #[test]
    fn folders_are_read_recursively_for_the_kinds_faro_imports() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "2023/enero.docx",
            "2023/enero.PDF",
            "2023/sub/marzo.txt",
            "2023/~$enero.docx",
            "2023/notas.odt",
            ".oculta/x.pdf",
        ] {
            let path = root.join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, b"x").unwrap();
        }
        let got = expand(&[root.to_path_buf(), PathBuf::from("suelto.docx")]);
        let want: Vec<PathBuf> = ["2023/enero.PDF", "2023/enero.docx", "2023/sub/marzo.txt"]
            .iter()
            .map(|f| root.join(f))
            .chain(std::iter::once(PathBuf::from("suelto.docx")))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn the_json_report_names_each_verdict_and_counts_them() {
        let outcome = |file: &str, result| Outcome {
            file: file.into(),
            result,
            report: None,
            why: None,
            review: vec!["a.md:3: revisar".into()],
        };
        let outcomes = [
            outcome("a.docx", Verdict::Imported),
            outcome("b.pdf", Verdict::SameMonth),
            outcome("c.pdf", Verdict::Refused),
            outcome("d.txt", Verdict::Imported),
        ];
        let report: serde_json::Value = serde_json::from_str(&json(&outcomes)).unwrap();
        assert_eq!(report["imported"], 2);
        assert_eq!(report["refused"], 1);
        assert_eq!(report["review"], 4);
        let results: Vec<&str> = report["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["result"].as_str().unwrap())
            .collect();
        assert_eq!(results, ["imported", "same-month", "refused", "imported"]);
    }
}
