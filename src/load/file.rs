//! One file of `content/` read and checked on its own: a report (parsed,
//! or taken from the cache of parsed reports) or a page.

use super::document::split_front_matter;
use super::page::parse_page;
use super::report::{PhotoFile, parse_report};
use super::scan::{photo_file, shown, site_folder};
use super::{Entry, kept};
use crate::load::model::{Page, Period, Report};
use crate::problem;
use crate::support::diag::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};

/// One report or page file read and checked on its own, or its problems.
#[derive(Debug, Clone)]
pub(crate) struct Loaded(pub(super) Result<File, Vec<Diagnostic>>);

impl Loaded {
    /// The report this file holds, if it is a valid report.
    pub(crate) fn report(&self) -> Option<&Report> {
        match &self.0 {
            Ok(File::Report(r)) => Some(&r.report),
            _ => None,
        }
    }
}

/// Reads and checks one file of `root/content` (its path as [`super::scan()`] gives it).
pub(crate) fn read_file(root: &Path, path: &Path) -> Loaded {
    let site = site_folder(root);
    Loaded(
        load_file(root, &site, &root.join("content"), path, None)
            .0
            .map_err(|d| d.0),
    )
}

/// A report and where its period was written (for the duplicate-period message).
#[derive(Debug, Clone)]
pub(super) struct LoadedReport {
    pub(super) report: Report,
    pub(super) source: PathBuf,
    pub(super) period: Period,
    pub(super) period_line: usize,
    pub(super) period_col: usize,
    pub(super) draft: bool,
}

#[derive(Debug, Clone)]
pub(super) enum File {
    Report(Box<LoadedReport>),
    Page(Box<Page>),
}

/// Reads and checks one file; with `kept`, a report is taken from it when
/// its file did not change, and the report's cache entry comes back.
pub(super) fn load_file(
    root: &Path,
    site: &Path,
    content: &Path,
    path: &Path,
    kept: Option<&kept::Kept>,
) -> (Result<File, Diagnostics>, Option<Entry>) {
    let show = shown(root, path);
    let text = match read_text(&show, path) {
        Ok(text) => text,
        Err(e) => return (Err(e), None),
    };
    let rel = path.strip_prefix(content).unwrap_or(path);
    let Some(parts) = rel
        .iter()
        .map(|s| s.to_str())
        .collect::<Option<Vec<&str>>>()
    else {
        return (
            Err(problem!("load-name-not-utf8", &show, 0, 0).into()),
            None,
        );
    };
    match parts.as_slice() {
        ["informes", y, m, "index.md"] if y.len() == 4 && m.len() == 2 => {
            let folder = format!("{y}-{m}");
            let photo = |p: &Path| photo_file(site, p);
            let (report, entry) = match kept {
                Some(kept) => report_kept(kept, &show, path, &text, &folder, &photo),
                None => (report_from_text(&show, path, &text, &folder, &photo), None),
            };
            (report.map(|r| File::Report(Box::new(r))), entry)
        }
        ["informes", ..] => (
            Err(problem!("load-report-misplaced", &show, 0, 0).into()),
            None,
        ),
        _ => {
            let page = split_front_matter(&text)
                .map_err(|(line, msg)| unclosed(&show, line, msg).into())
                .and_then(|doc| parse_page(&show, &parts, &doc));
            (page.map(|p| File::Page(Box::new(p))), None)
        }
    }
}

/// The file's text, or why it cannot be read.
fn read_text(show: &Path, path: &Path) -> Result<String, Diagnostics> {
    let bytes = std::fs::read(path).map_err(|e| {
        problem!(
            "load-cannot-read",
            show,
            0,
            0,
            error = crate::support::i18n::error_text(&e)
        )
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = upto.iter().filter(|b| **b == b'\n').count() + 1;
        problem!("load-not-utf8", show, line, 0).into()
    })
}

/// The report in `text`, from `kept` when the same file was parsed before
/// and what it names beside it is still there; parsed otherwise. Its cache
/// entry with it, when it is a valid report.
fn report_kept(
    kept: &kept::Kept,
    show: &Path,
    path: &Path,
    text: &str,
    folder: &str,
    photo: &dyn Fn(&Path) -> PhotoFile,
) -> (Result<LoadedReport, Diagnostics>, Option<Entry>) {
    let key = kept::key(path, text);
    let found = |p: &Path| matches!(photo(p), PhotoFile::Found);
    let from_cache = kept.json(key).and_then(|json| {
        let doc = split_front_matter(text).ok()?;
        let r = kept::decode(json, show, path, folder, doc.body, doc.body_line)?;
        kept::still_valid(&r.report, &found).then_some(r)
    });
    if let Some(report) = from_cache {
        return (Ok(report), Some((key, None)));
    }
    match report_from_text(show, path, text, folder, photo) {
        Ok(mut report) => {
            let json = kept::encode(&mut report);
            (Ok(report), json.map(|j| (key, Some(j))))
        }
        Err(e) => (Err(e), None),
    }
}

/// Parses and validates the text of one report file, without touching the
/// disk: `shown` is the path named in messages (and recorded as the report's
/// source and, through its parent, its folder), `folder` the `YYYY-MM` its
/// location implies. Photo files are not looked for; `load` does that.
/// Any text gives a report or diagnostics, never a panic.
pub fn parse_report_text(shown: &Path, text: &str, folder: &str) -> Result<Report, Diagnostics> {
    report_from_text(shown, shown, text, folder, &|_| PhotoFile::Found).map(|r| r.report)
}

/// The report in `text`; `photo_file` says what is at a photo's path.
fn report_from_text(
    show: &Path,
    file: &Path,
    text: &str,
    folder: &str,
    photo_file: &dyn Fn(&Path) -> PhotoFile,
) -> Result<LoadedReport, Diagnostics> {
    let doc = split_front_matter(text).map_err(|(line, msg)| unclosed(show, line, msg))?;
    parse_report(show, file, &doc, folder, photo_file)
}

/// The front matter never closed (the one way splitting it fails).
fn unclosed(show: &Path, line: usize, message: String) -> Diagnostic {
    Diagnostic::new(show, line, 1, message).with_code("load-front-matter-unclosed")
}
