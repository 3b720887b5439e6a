//! The validated archive: what `load` produces and every later step reads.
//! Plain data, no I/O.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

/// A report's month. Ordered chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Period {
    pub year: i32,
    pub month: u32,
}

impl Period {
    /// Parses `YYYY-MM` (month 01–12, year 1900–2999).
    pub fn parse(s: &str) -> Option<Period> {
        let (y, m) = s.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let month: u32 = m.parse().ok()?;
        ((1900..3000).contains(&year) && (1..=12).contains(&month))
            .then_some(Period { year, month })
    }

    pub fn previous_month(self) -> Period {
        if self.month == 1 {
            Period {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Period {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    pub fn next_month(self) -> Period {
        if self.month == 12 {
            Period {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Period {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    pub fn same_month_previous_year(self) -> Period {
        Period {
            year: self.year - 1,
            month: self.month,
        }
    }

    /// `informes/2024/01/`: the report's folder in the output, relative to the site root.
    pub fn url_path(self) -> String {
        format!("informes/{:04}/{:02}/", self.year, self.month)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// A photo referenced by a report, in its body or its `gallery`.
#[derive(Debug, Clone, PartialEq, Hash, Serialize, Deserialize)]
pub struct PhotoRef {
    /// As written by the editor, relative to the report's folder.
    pub src: String,
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    /// Where it was referenced, for error messages.
    pub line: usize,
    /// True when listed under `gallery`, false when placed in the body.
    pub in_gallery: bool,
}

/// The largest count a report may hold: 2^53 − 1, the largest integer
/// JSON readers (JavaScript, spreadsheets) keep exactly. The loader refuses
/// larger values and tables whose rows add up to more, so sums over a
/// year's months (at most 12 × this) cannot overflow a `u64` either.
pub const MAX_COUNT: u64 = (1 << 53) - 1;

#[derive(Debug, Clone, PartialEq, Hash, Serialize, Deserialize)]
pub struct Row {
    /// Stable across months: `table-id/row-id` identifies an indicator.
    pub id: String,
    pub label: String,
    /// `None` only in drafts: a value not typed in yet ("pendiente").
    pub value: Option<u64>,
    /// Line of its `label` in the report file (of its `- ` item without one).
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Hash, Serialize, Deserialize)]
pub struct Table {
    pub number: Option<u32>,
    pub id: String,
    pub title: String,
    /// The table's caption as the source document writes it, number and all
    /// (`Cuadro 3. Emisión de 70,173 documentos migratorios.`); without it a
    /// page composes one from `number`, `title` and the total.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    pub unit: String,
    pub source: Option<String>,
    pub total: Option<u64>,
    pub rows: Vec<Row>,
    /// Line of its `title` in the report file (of its `- ` item without one).
    pub line: usize,
}

impl Table {
    /// Sum of the rows that have a value. The loader refuses tables whose
    /// sum is past [`MAX_COUNT`], so for a loaded archive this is exact.
    pub fn sum(&self) -> u64 {
        self.checked_sum().unwrap_or(u64::MAX)
    }

    /// Sum of the rows that have a value, `None` past `u64::MAX`.
    pub fn checked_sum(&self) -> Option<u64> {
        self.rows
            .iter()
            .filter_map(|r| r.value)
            .try_fold(0u64, u64::checked_add)
    }
}

/// One monthly report, validated. `Deserialize` is for the cache of
/// parsed reports (`load::kept`), which stores the skipped fields apart;
/// `Hash` for what the render fingerprints read (`render::report_hash`).
#[derive(Debug, Clone, Hash, Serialize, Deserialize)]
pub struct Report {
    /// Path relative to the site root, as shown in messages (`content/informes/2024/01/index.md`).
    pub source: PathBuf,
    /// The report's folder on disk, where its photos live.
    pub dir: PathBuf,
    pub period: Period,
    pub title: String,
    pub summary: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    pub draft: bool,
    pub sample: bool,
    pub tables: Vec<Table>,
    /// Photos of the `gallery` list followed by those placed in the body.
    pub photos: Vec<PhotoRef>,
    /// Markdown body (not kept in the cache of parsed reports: it is
    /// taken from the file again).
    #[serde(default)]
    pub body: String,
    /// Line of the file where the body starts (1-based).
    pub body_line: usize,
    pub extra: serde_json::Value,
    /// Corrections made after publication, as listed in front matter.
    pub corrections: Vec<Correction>,
    /// The original document (a PDF) beside `index.md`, offered for download.
    pub source_document: Option<String>,
    /// Where tables, labels and values are written in the file, for
    /// messages about the data (published values, data quality).
    #[serde(skip)]
    pub lines: SourceLines,
}

/// Lines of a report's file (1-based).
#[derive(Debug, Clone, Default, PartialEq, Hash, Serialize, Deserialize)]
pub struct SourceLines {
    /// By table id.
    pub tables: std::collections::BTreeMap<String, usize>,
    /// By indicator id (`table-id/row-id`).
    pub values: std::collections::BTreeMap<String, usize>,
    /// By indicator id.
    pub labels: std::collections::BTreeMap<String, usize>,
}

impl Report {
    /// A report of `period` with nothing in it but its paths: what unit
    /// tests start from, setting only the fields they are about.
    #[cfg(test)]
    pub(crate) fn empty(period: Period) -> Report {
        let dir = format!("content/informes/{:04}/{:02}", period.year, period.month);
        Report {
            source: PathBuf::from(format!("{dir}/index.md")),
            dir: PathBuf::from(dir),
            period,
            title: String::new(),
            summary: None,
            date: None,
            draft: false,
            sample: false,
            tables: Vec::new(),
            photos: Vec::new(),
            body: String::new(),
            body_line: 1,
            extra: serde_json::Value::Null,
            corrections: Vec::new(),
            source_document: None,
            lines: SourceLines::default(),
        }
    }

    /// The date of the latest correction: the report's last update.
    pub fn updated(&self) -> Option<&str> {
        self.corrections.iter().map(|c| c.date.as_str()).max()
    }
}

/// One correction of a published report (`corrections` in front matter).
#[derive(Debug, Clone, PartialEq, Hash, Serialize, Deserialize)]
pub struct Correction {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `table-id/row-id` of the corrected figure, when it is one figure.
    pub indicator: Option<String>,
    /// The value published before the correction.
    pub previous: Option<u64>,
    pub note: String,
    /// Line of the entry in the report's file.
    #[serde(skip)]
    pub line: usize,
}

/// A plain page (`content/acerca.md` → `acerca/`) or the home text (`content/_index.md`).
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub source: PathBuf,
    /// Output folder relative to the site root, with a trailing slash; empty for the home page.
    pub url_path: String,
    pub title: String,
    pub description: Option<String>,
    pub draft: bool,
    pub body: String,
    pub body_line: usize,
    pub extra: serde_json::Value,
}

/// Everything `load` read and validated.
#[derive(Debug, Clone)]
pub struct Archive {
    /// Sorted by period, oldest first. Drafts included only when building with drafts.
    pub reports: Vec<Report>,
    pub pages: Vec<Page>,
    /// `content/_index.md`, if present.
    pub home: Option<Page>,
    /// Definitions from `content/indicadores/`, by `table-id` (a table's)
    /// or `table-id/row-id` (an indicator's).
    pub definitions: std::collections::BTreeMap<String, Definition>,
}

/// What an indicator or a table counts and how, written once by an editor
/// (`content/indicadores/TABLE-ID/ROW-ID.md`, `…/TABLE-ID/_index.md`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Definition {
    pub source_path: PathBuf,
    pub title: Option<String>,
    pub unit: Option<String>,
    /// Where the figures come from.
    pub source: Option<String>,
    /// How often it is measured, e.g. "mensual".
    pub frequency: Option<String>,
    /// Markdown.
    pub body: String,
    pub body_line: usize,
}

impl Definition {
    /// The body as plain text on one line, for data files' descriptions.
    pub fn plain_text(&self) -> String {
        self.body
            .lines()
            .map(|l| l.trim().trim_start_matches('#').trim())
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Where a report's original document is published: in an `original/`
/// folder beside its page (so it cannot take the name of a file faro makes),
/// under a name of safe characters only (`Informe Enero.PDF` → `informe-enero.pdf`).
pub fn document_output(period_url: &str, name: &str) -> String {
    let path = Path::new(name);
    let stem = path
        .file_stem()
        .map(|s| crate::support::slug::slugify(&s.to_string_lossy()))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "documento".into());
    let ext = path
        .extension()
        .map(|e| crate::support::slug::slugify(&e.to_string_lossy()))
        .filter(|e| !e.is_empty());
    match ext {
        Some(ext) => format!("{period_url}original/{stem}.{ext}"),
        None => format!("{period_url}original/{stem}"),
    }
}

#[cfg(test)]
mod document_tests {
    use super::*;

    #[test]
    fn document_names_are_made_safe() {
        assert_eq!(
            document_output("informes/2024/01/", "Informe Enero.PDF"),
            "informes/2024/01/original/informe-enero.pdf"
        );
        assert_eq!(
            document_output("informes/2024/01/", "índice"),
            "informes/2024/01/original/indice"
        );
    }
}
