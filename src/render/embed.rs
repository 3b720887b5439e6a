//! An indicator's embeddable page (issue 29, item 3):
//! `indicadores/TABLE/ROW/embed/`, for a newspaper or another portal to
//! show in an `<iframe>`. It is made by the indicator's own job, from the
//! same series (drafts are never in a series) and the same chart as the
//! indicator's page: the chart, its numbers as a table, the source, the
//! licence and a link back. It stands alone: its CSS inline (the charts'
//! and a few rules of its own, not the site's stylesheet), no script, every
//! link opening in the whole window (`<base target="_top">`). Its canonical
//! link names the indicator's page, which search engines then list in its
//! place (a duplicate's canonical, not `noindex`: the two together send
//! engines opposite signals, and Lighthouse counts `noindex` against the
//! page), and it is in neither the sitemap nor the search index.
//!
//! A theme without `embed.html` has no embeds: its indicator pages then
//! offer no code to copy either.

use super::Input;
use super::templates::Templates;
use super::views::{ChartOut, HistoryPoint, IndicatorSummary, PageMeta, indicator_url};
use crate::derive::{Series, SeriesFacts};
use crate::load::config::Config;
use crate::render::markdown::escape;
use crate::support::diag::Diagnostics;
use crate::write::output::Output;
use minijinja::context;
use serde::Serialize;

/// The theme's template for embeds.
const TEMPLATE: &str = "embed.html";

/// The height the copied `<iframe>` asks for, in CSS px: the title, the
/// chart at a phone's width and the start of the table; the rest scrolls.
pub(super) const HEIGHT: u32 = 560;

/// The folder of `s`'s embed, from the site's root.
pub(super) fn url(s: &Series) -> String {
    format!("{}embed/", indicator_url(s))
}

/// Whether the page at folder `page` (`indicadores/T/R/embed/`) is an
/// embed: the sitemap leaves embeds out.
pub(super) fn is_embed(page: &str) -> bool {
    let parts: Vec<&str> = page.split('/').collect();
    matches!(parts.as_slice(), ["indicadores", _, _, "embed", ""])
}

/// Whether the theme makes embeds.
pub(super) fn available(input: &Input<'_>) -> bool {
    input.theme.templates.contains_key(TEMPLATE)
}

/// What the indicator's page offers to copy.
#[derive(Debug, Serialize)]
pub(super) struct EmbedCode {
    /// The embed's address: absolute when `base_url` is, else from the
    /// server's root (`/portal/indicadores/…/embed/`).
    url: String,
    /// The `<iframe>` to paste.
    html: String,
}

/// The code that embeds `s`'s chart, from `config`'s `base_url`.
pub(super) fn code(config: &Config, s: &Series) -> EmbedCode {
    let url = format!("{}{}", config.base_url, url(s));
    let title = format!("{} — {}", s.label, config.title);
    let html = format!(
        "<iframe src=\"{}\" title=\"{}\" style=\"width:100%;height:{HEIGHT}px;border:0\" loading=\"lazy\"></iframe>",
        escape(&url),
        escape(&title)
    );
    EmbedCode { url, html }
}

/// The embed page of series `s` (its facts, history and chart as the
/// indicator's page has them), or nothing when the theme has no embeds.
pub(super) fn page(
    templates: &Templates<'_>,
    input: &Input<'_>,
    (s, facts): (&Series, &SeriesFacts),
    history: &[HistoryPoint],
    chart: Option<&ChartOut>,
    chart_css: &str,
) -> Result<Option<Output>, Diagnostics> {
    if !available(input) {
        return Ok(None);
    }
    let url = url(s);
    let html = templates.page(
        TEMPLATE,
        &url,
        context! {
            page => PageMeta::new(&url, &s.label, Some(format!("Gráfico y cifras del indicador «{}», para insertar en otro sitio.", s.label))),
            indicator => IndicatorSummary::new(s, facts),
            chart, history, chart_css,
            first => history.first().map(|p| p.period),
            latest => history.last(),
        },
    )?;
    Ok(Some(Output::new(format!("{url}index.html"), html)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series() -> Series {
        Series {
            id: "visas/emitidas".into(),
            table_id: "visas".into(),
            row_id: "emitidas".into(),
            table_title: "Visas".into(),
            table_number: Some(1),
            unit: "Cantidad".into(),
            label: "Visas \"emitidas\" <hoy>".into(),
            former_labels: vec![],
            sample: false,
            points: Default::default(),
        }
    }

    #[test]
    fn embeds_are_told_by_their_folder() {
        assert!(is_embed("indicadores/visas/emitidas/embed/"));
        for other in [
            "indicadores/visas/emitidas/",
            "indicadores/visas/embed/",
            "embed/",
            "indicadores/a/b/embed/c/",
        ] {
            assert!(!is_embed(other), "{other}");
        }
    }

    #[test]
    fn the_code_is_absolute_when_the_base_url_is_and_escaped() {
        let mut config: Config =
            serde_yaml::from_str("title: Portal & co\nbase_url: https://igm.gob.gt/informes/\n")
                .expect("config");
        let c = code(&config, &series());
        assert_eq!(
            c.url,
            "https://igm.gob.gt/informes/indicadores/visas/emitidas/embed/"
        );
        assert!(c.html.starts_with(
            "<iframe src=\"https://igm.gob.gt/informes/indicadores/visas/emitidas/embed/\""
        ));
        assert!(
            c.html
                .contains("title=\"Visas &quot;emitidas&quot; &lt;hoy&gt; — Portal &amp; co\""),
            "{}",
            c.html
        );
        config.base_url = "/portal/".into();
        assert_eq!(
            code(&config, &series()).url,
            "/portal/indicadores/visas/emitidas/embed/"
        );
    }
}
