//! What keeps the archive's record honest on its pages: `/correcciones/`,
//! every correction of the archive, newest first; and the indicator
//! definitions as indicator pages show them.

use super::feeds::corrections_newest_first;
use super::templates::Templates;
use super::views::PageMeta;
use super::{Input, Output};
use crate::support::diag::Diagnostics;
use minijinja::context;
use serde::Serialize;

/// A correction as `/correcciones/` lists it.
#[derive(Serialize)]
struct CorrectionEntry<'a> {
    date: &'a str,
    note: &'a str,
    indicator: Option<&'a str>,
    indicator_url: Option<String>,
    previous: Option<u64>,
    /// The value published now, when the correction names an indicator.
    current: Option<u64>,
    report_url: String,
    report_title: &'a str,
    period: crate::load::model::Period,
}

/// `correcciones/index.html`.
pub(super) fn corrections(
    templates: &Templates<'_>,
    input: &Input<'_>,
) -> Result<Vec<Output>, Diagnostics> {
    let entries: Vec<CorrectionEntry> = corrections_newest_first(&input.archive.reports)
        .into_iter()
        .map(|(r, _, c)| {
            let current = c.indicator.as_deref().and_then(|id| {
                let (table, row) = id.split_once('/')?;
                r.tables
                    .iter()
                    .find(|t| t.id == table)?
                    .rows
                    .iter()
                    .find(|x| x.id == row)?
                    .value
            });
            CorrectionEntry {
                date: &c.date,
                note: &c.note,
                indicator: c.indicator.as_deref(),
                indicator_url: c.indicator.as_deref().map(|i| format!("indicadores/{i}/")),
                previous: c.previous,
                current,
                report_url: r.period.url_path(),
                report_title: &r.title,
                period: r.period,
            }
        })
        .collect();
    let html = templates.page(
        "corrections.html",
        "correcciones/",
        context! {
            page => PageMeta::new("correcciones/", "Correcciones", Some("Cada corrección hecha a las cifras publicadas, la más reciente primero.".into())),
            corrections => entries,
        },
    )?;
    Ok(vec![Output::new("correcciones/index.html", html)?])
}

/// A definition as a page shows it: its facts and its Markdown as HTML.
#[derive(Serialize)]
pub(super) struct DefinitionView<'a> {
    title: Option<&'a str>,
    unit: Option<&'a str>,
    source: Option<&'a str>,
    frequency: Option<&'a str>,
    html: String,
}

/// The definition with `id` (`table-id/row-id` or `table-id`), if written.
pub(super) fn definition<'a>(input: &Input<'a>, id: &str) -> Option<DefinitionView<'a>> {
    let d = input.archive.definitions.get(id)?;
    let html =
        crate::render::markdown::render(&d.body, input.config.markdown.unsafe_html, &|_, _| None)
            .html;
    Some(DefinitionView {
        title: d.title.as_deref(),
        unit: d.unit.as_deref(),
        source: d.source.as_deref(),
        frequency: d.frequency.as_deref(),
        html,
    })
}
