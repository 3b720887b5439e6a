//! What is searchable: the pages of a build to index, each with what a
//! result shows of it (its kind, and a report's year and month).

use crate::derive::Series;
use crate::load::model::{Archive, Period};

/// What a search result can be; the values are the `kind` filter's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Report,
    Indicator,
    Page,
}

impl Kind {
    /// The filter value, as the search page shows it.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Report => "informe",
            Kind::Indicator => "indicador",
            Kind::Page => "página",
        }
    }
}

/// One page to index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The rendered file, relative to the output root (`informes/2024/03/index.html`).
    pub file: String,
    pub kind: Kind,
    /// Reports only: the `year` filter.
    pub year: Option<i32>,
    /// Reports only: their month, shown beside the result (`marzo de
    /// 2024`) and the key results are sorted by, newest first (`2024-03`).
    pub period: Option<Period>,
}

/// The searchable pages of `archive`, in a stable order (the index's bytes
/// depend on it): published reports, plain pages and every indicator.
pub fn targets(archive: &Archive, series: &[Series]) -> Vec<Target> {
    let reports = archive.reports.iter().filter(|r| !r.draft).map(|r| Target {
        file: format!("{}index.html", r.period.url_path()),
        kind: Kind::Report,
        year: Some(r.period.year),
        period: Some(r.period),
    });
    let pages = archive.pages.iter().filter(|p| !p.draft).map(|p| Target {
        file: format!("{}index.html", p.url_path),
        kind: Kind::Page,
        year: None,
        period: None,
    });
    // Same folder as `render::views::indicator_url`.
    let indicators = series.iter().map(|s| Target {
        file: format!("indicadores/{}/{}/index.html", s.table_id, s.row_id),
        kind: Kind::Indicator,
        year: None,
        period: None,
    });
    let mut all: Vec<Target> = reports.chain(pages).chain(indicators).collect();
    all.sort_by(|a, b| a.file.cmp(&b.file));
    all.dedup_by(|a, b| a.file == b.file);
    all
}

/// The address of the page built at `file`, from the site's root:
/// `/informes/2024/03/`. Without the base path: Pagefind's script adds the
/// folder it was loaded from, so the index works wherever the site is published.
pub(super) fn page_url(file: &str) -> String {
    let folder = file.strip_suffix("index.html").unwrap_or(file);
    format!("/{folder}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_urls_are_folders_from_the_root() {
        assert_eq!(
            page_url("informes/2024/03/index.html"),
            "/informes/2024/03/"
        );
        assert_eq!(page_url("acerca/index.html"), "/acerca/");
    }
}
