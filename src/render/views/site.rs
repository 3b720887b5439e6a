//! What every page reads of the site (`site`), a page's own metadata, and
//! a report as cards and archives list it.

use crate::load::config::Config;
use crate::load::model::{Archive, Period, Report};
use serde::Serialize;
use std::collections::BTreeMap;

/// Site-wide values every template can read as `site`.
#[derive(Serialize)]
pub(in crate::render) struct SiteContext {
    title: String,
    institution: String,
    description: Option<String>,
    base_url: String,
    language: String,
    extra: serde_json::Value,
    pub(in crate::render) years: Vec<YearEntry>,
    has_sample: bool,
    latest_period: Option<Period>,
    pages: Vec<PageLink>,
    license: crate::support::license::License,
    contact: Option<String>,
    /// `mailto:…` or the URL, for links.
    contact_href: Option<String>,
    /// Whether the site has search (`search:` in `site.yaml`).
    pub(in crate::render) search: bool,
}

#[derive(Serialize)]
struct PageLink {
    url: String,
    title: String,
}

#[derive(Serialize)]
pub(in crate::render) struct YearEntry {
    pub(in crate::render) year: i32,
    reports: Vec<ReportCard>,
}

impl SiteContext {
    pub(in crate::render) fn new(config: &Config, archive: &Archive) -> Self {
        let mut years: BTreeMap<i32, Vec<ReportCard>> = BTreeMap::new();
        for r in &archive.reports {
            years
                .entry(r.period.year)
                .or_default()
                .push(ReportCard::from(r));
        }
        SiteContext {
            title: config.title.clone(),
            institution: config.institution.clone(),
            description: config.description.clone(),
            base_url: config.base_url.clone(),
            language: config.language.clone(),
            extra: config.extra.clone(),
            years: years
                .into_iter()
                .rev()
                .map(|(year, reports)| YearEntry { year, reports })
                .collect(),
            has_sample: archive.reports.iter().any(|r| r.sample),
            latest_period: archive.reports.last().map(|r| r.period),
            pages: archive
                .pages
                .iter()
                .map(|p| PageLink {
                    url: p.url_path.clone(),
                    title: p.title.clone(),
                })
                .collect(),
            license: config.license(),
            contact: config.contact.clone(),
            contact_href: config
                .contact
                .as_deref()
                .and_then(crate::support::license::contact_href),
            search: config.search,
        }
    }
}

#[derive(Serialize)]
pub(in crate::render) struct PageMeta {
    url: String,
    title: String,
    description: Option<String>,
}

impl PageMeta {
    pub(in crate::render) fn new(url: &str, title: &str, description: Option<String>) -> Self {
        PageMeta {
            url: url.to_string(),
            title: title.to_string(),
            description,
        }
    }
}

/// A report as listed in cards and archives.
#[derive(Serialize)]
pub(in crate::render) struct ReportCard {
    url: String,
    title: String,
    period: Period,
    summary: Option<String>,
    sample: bool,
    draft: bool,
}

impl From<&Report> for ReportCard {
    fn from(r: &Report) -> Self {
        ReportCard {
            url: r.period.url_path(),
            title: r.title.clone(),
            period: r.period,
            summary: r.summary.clone(),
            sample: r.sample,
            draft: r.draft,
        }
    }
}
