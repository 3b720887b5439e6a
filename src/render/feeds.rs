//! The sitemap and the Atom feed.

use crate::load::config::Config;
use crate::load::model::{Correction, Period, Report};
use crate::render::markdown::escape;
use crate::write::output::OutputPath;

/// Every page but the embeds (their canonical, the indicator's page, is listed).
pub(super) fn sitemap(config: &Config, paths: &[OutputPath]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut pages: Vec<&str> = paths
        .iter()
        .filter_map(|p| p.strip_suffix("index.html"))
        .filter(|p| !super::embed::is_embed(p))
        .collect();
    pages.sort_unstable();
    for p in pages {
        s.push_str(&format!(
            "  <url><loc>{}{}</loc></url>\n",
            escape(&config.base_url),
            escape(p)
        ));
    }
    s.push_str("</urlset>\n");
    s
}

/// Atom feed of the latest reports.
pub(super) fn feed(config: &Config, reports: &[Report]) -> String {
    let updated_of = |r: &Report| -> String {
        match &r.date {
            Some(d) => format!("{d}T00:00:00Z"),
            None => {
                let next = if r.period.month == 12 {
                    Period {
                        year: r.period.year + 1,
                        month: 1,
                    }
                } else {
                    Period {
                        year: r.period.year,
                        month: r.period.month + 1,
                    }
                };
                format!("{next}-01T00:00:00Z")
            }
        }
    };
    let published: Vec<&Report> = reports.iter().rev().filter(|r| !r.draft).take(20).collect();
    let updated = published
        .iter()
        .map(|r| updated_of(r))
        .chain(
            reports
                .iter()
                .filter(|r| !r.draft)
                .filter_map(|r| r.updated().map(|d| format!("{d}T00:00:00Z"))),
        )
        .max()
        .unwrap_or_else(|| "2000-01-01T00:00:00Z".into());
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <id>{}</id>\n  <link rel=\"alternate\" href=\"{}\"/>\n  <link rel=\"self\" href=\"{}feed.xml\"/>\n  <updated>{updated}</updated>\n  <author><name>{}</name></author>\n",
        escape(&config.language),
        escape(&config.title),
        escape(&config.base_url),
        escape(&config.base_url),
        escape(&config.base_url),
        escape(if config.institution.is_empty() {
            &config.title
        } else {
            &config.institution
        }),
    );
    for r in published {
        let url = format!("{}{}", config.base_url, r.period.url_path());
        let mut summary = r.summary.clone().unwrap_or_default();
        if r.sample {
            summary = format!("[Datos de ejemplo] {summary}");
        }
        s.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link rel=\"alternate\" href=\"{}\"/>\n    <updated>{}</updated>\n    <summary>{}</summary>\n  </entry>\n",
            escape(&r.title),
            escape(&url),
            escape(&url),
            updated_of(r),
            escape(summary.trim()),
        ));
    }
    for (r, n, c) in corrections_newest_first(reports).into_iter().take(20) {
        let url = format!("{}{}", config.base_url, r.period.url_path());
        let what = c
            .indicator
            .as_deref()
            .map(|i| format!(" ({i})"))
            .unwrap_or_default();
        s.push_str(&format!(
            "  <entry>\n    <title>Corrección: {}{}</title>\n    <id>{}#correccion-{n}</id>\n    <link rel=\"alternate\" href=\"{}#correcciones\"/>\n    <updated>{}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            escape(&r.title),
            escape(&what),
            escape(&url),
            escape(&url),
            escape(&c.date),
            escape(&c.note),
        ));
    }
    s.push_str("</feed>\n");
    s
}

/// Every correction of the published reports with its report and its
/// position in that report's list (a stable id), newest first.
pub(super) fn corrections_newest_first(reports: &[Report]) -> Vec<(&Report, usize, &Correction)> {
    let mut all: Vec<(&Report, usize, &Correction)> = reports
        .iter()
        .filter(|r| !r.draft)
        .flat_map(|r| {
            r.corrections
                .iter()
                .enumerate()
                .map(move |(n, c)| (r, n + 1, c))
        })
        .collect();
    all.sort_by(|a, b| b.2.date.cmp(&a.2.date).then(b.0.period.cmp(&a.0.period)));
    all
}
