//! The checks across files (one report per month, one page per address,
//! one home text) and the archive the valid files make.

use super::file::{File, Loaded, LoadedReport};
use crate::load::model::{Archive, Page, Period, Report};
use crate::problem;
use crate::support::diag::{Diagnostic, Diagnostics};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;

/// The preview's archive from the files it read ([`check_across`] first),
/// drafts kept only when `include_drafts`; each report taken from `reuse`
/// when it hands back one (the preview's last archive holds the same
/// report, already made, for a file not read again since) instead of
/// copying the file's.
pub(crate) fn assemble_reusing<'a>(
    parsed: impl Iterator<Item = &'a Loaded>,
    definitions: std::collections::BTreeMap<String, crate::load::model::Definition>,
    include_drafts: bool,
    diags: Diagnostics,
    reuse: &(dyn Fn(&Report) -> Option<Report> + Sync),
) -> Result<Archive, Diagnostics> {
    let files = check_across(parsed, diags)?;
    // Copied side by side: the preview assembles the archive at each save.
    let kept: Vec<&LoadedReport> = files
        .reports
        .into_iter()
        .filter(|r| in_archive(r.draft, include_drafts))
        .collect();
    let reports: Vec<Report> = kept
        .par_iter()
        .map(|r| reuse(&r.report).unwrap_or_else(|| r.report.clone()))
        .collect();
    let pages: Vec<Page> = files
        .pages
        .into_iter()
        .filter(|p| in_archive(p.draft, include_drafts))
        .cloned()
        .collect();
    Ok(archive(reports, pages, files.home.cloned(), definitions))
}

/// Whether a file goes in the archive: drafts only when `include_drafts`.
/// (The home text is kept whatever its `draft`.)
pub(super) fn in_archive(draft: bool, include_drafts: bool) -> bool {
    include_drafts || !draft
}

/// Whether a page is the home text: the one at the site's root.
pub(super) fn is_home(page: &Page) -> bool {
    page.url_path.is_empty()
}

/// The valid files of the archive by kind; the last home text wins (two
/// are an error).
pub(super) struct Files<'a> {
    reports: Vec<&'a LoadedReport>,
    pages: Vec<&'a Page>,
    home: Option<&'a Page>,
}

/// The files by kind, once the checks across files (one report per month,
/// one page per address, one home text) found nothing wrong in them nor in
/// any file; otherwise every problem, with `diags`, the earlier ones.
pub(super) fn check_across<'a>(
    parsed: impl Iterator<Item = &'a Loaded>,
    mut diags: Diagnostics,
) -> Result<Files<'a>, Diagnostics> {
    let mut files = Files {
        reports: Vec::new(),
        pages: Vec::new(),
        home: None,
    };
    for result in parsed {
        match &result.0 {
            Ok(File::Report(r)) => files.reports.push(r.as_ref()),
            Ok(File::Page(p)) if is_home(p) => {
                if let Some(first) = files.home {
                    diags.push(both_home(first, p));
                }
                files.home = Some(p.as_ref())
            }
            Ok(File::Page(p)) => files.pages.push(p.as_ref()),
            Err(d) => diags.extend(Diagnostics(d.clone())),
        }
    }
    duplicate_periods(&files.reports, &mut diags);
    duplicate_urls(&files.pages, &mut diags);
    if diags.is_empty() {
        Ok(files)
    } else {
        Err(diags.sorted())
    }
}

/// The archive of these reports and pages, each sorted (by period, by address).
pub(super) fn archive(
    mut reports: Vec<Report>,
    mut pages: Vec<Page>,
    home: Option<Page>,
    definitions: std::collections::BTreeMap<String, crate::load::model::Definition>,
) -> Archive {
    reports.sort_by_key(|r| r.period);
    pages.sort_by(|a, b| a.url_path.cmp(&b.url_path));
    Archive {
        reports,
        pages,
        home,
        definitions,
    }
}

/// The same period twice: name both files in both messages.
fn duplicate_periods(reports: &[&LoadedReport], diags: &mut Diagnostics) {
    let mut by_period: HashMap<Period, Vec<&LoadedReport>> = HashMap::new();
    for r in reports {
        by_period.entry(r.period).or_default().push(r);
    }
    for (period, same) in &by_period {
        if same.len() > 1 {
            for r in same {
                let others: Vec<String> = same
                    .iter()
                    .filter(|o| o.source != r.source)
                    .map(|o| o.source.display().to_string())
                    .collect();
                diags.push(problem!(
                    "load-period-twice",
                    &r.source,
                    r.period_line,
                    r.period_col,
                    period = period.to_string(),
                    others = others.join(", "),
                ));
            }
        }
    }
}

/// Two pages at the same address.
fn duplicate_urls(pages: &[&Page], diags: &mut Diagnostics) {
    let mut seen_urls: HashMap<String, PathBuf> = HashMap::new();
    for p in pages {
        if let Some(first) = seen_urls.insert(p.url_path.clone(), p.source.clone()) {
            diags.push(problem!(
                "load-page-same-address",
                &p.source,
                0,
                0,
                other = first.display().to_string(),
                address = &p.url_path,
            ));
        }
    }
}

/// Two files that would both be the home text.
fn both_home(first: &Page, second: &Page) -> Diagnostic {
    problem!(
        "load-home-twice",
        &second.source,
        0,
        0,
        other = first.source.display().to_string()
    )
}
