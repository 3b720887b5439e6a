//! Share pictures (issue 29): a 1200×630 PNG for every published report
//! and indicator, named by its page's `og:image` and `twitter:image`, so a
//! link passed along on WhatsApp, Facebook or X shows the month's figures
//! or the indicator's chart, with the institution's name (docs/sharing.md).
//!
//! - [`draw`]: the picture as SVG text, from the report's or the series'
//!   values (pure);
//! - [`raster`]: SVG → PNG with resvg and the bundled fonts (pure);
//! - [`cache`]: [`Pictures`], which draws a picture only when its SVG
//!   changed (`.faro-cache/share/`), the one place that touches files.
//!
//! Each picture is made in its page's render job (`crate::render`), so it
//! is made in parallel with the pages, again only when the page is, and
//! `faro check` draws it too. The preview has none
//! (`pipeline::Options::share_pictures`). Drafts get none: they are not
//! published.

mod cache;
pub mod draw;
mod patches;
pub mod raster;

pub use cache::{Pictures, RENDERER_VERSION};

use super::Input;
use super::views::{indicator_url, monthly_values};
use crate::load::model::Report;
use crate::render::charts;
use crate::support::diag::Diagnostics;
use crate::support::numfmt::{month_name, thousands};
use crate::write::output::Output;
use draw::{Figure, Frame};
use std::collections::HashMap;

/// The picture's file name, beside its page's `index.html`.
pub const FILE: &str = "compartir.png";
/// How many months of an indicator its picture's chart shows.
const CHART_MONTHS: usize = 24;

/// What a page's `<head>` says of its picture.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Meta {
    /// Its address: absolute when the site's `base_url` is.
    pub url: String,
    pub alt: String,
    pub width: u32,
    pub height: u32,
}

/// The frame every picture of the site shares.
fn frame<'a>(input: &'a Input<'_>, sample: bool) -> Frame<'a> {
    let address = input.config.base_url.trim_end_matches('/');
    let address = address
        .strip_prefix("https://")
        .or_else(|| address.strip_prefix("http://"))
        .unwrap_or(address);
    Frame {
        institution: &input.config.institution,
        site_title: &input.config.title,
        address,
        sample,
    }
}

/// A report's headline figures: the total of each of its first tables.
fn figures(r: &Report) -> Vec<Figure<'_>> {
    r.tables
        .iter()
        .take(3)
        .map(|t| Figure {
            value: t.total.or_else(|| t.checked_sum()),
            label: &t.title,
            unit: &t.unit,
        })
        .collect()
}

fn month_of(p: crate::load::model::Period) -> String {
    format!("{} de {}", month_name(p.month), p.year)
}

fn sample_note(sample: bool) -> &'static str {
    if sample { " (datos de ejemplo)" } else { "" }
}

/// The description of report `r`'s picture, for readers who cannot see it.
fn report_alt(r: &Report) -> String {
    let figures: Vec<String> = figures(r)
        .iter()
        .map(|f| {
            let value = f
                .value
                .map_or_else(|| "sin dato".into(), |v| thousands(v.into()));
            format!("{}: {value} {}", f.label, f.unit)
        })
        .collect();
    format!(
        "{}, {}{}. {}",
        r.title,
        month_of(r.period),
        sample_note(r.sample),
        figures.join("; ")
    )
}

/// The description of series `i`'s picture.
fn indicator_alt(input: &Input<'_>, i: usize) -> Option<String> {
    let s = &input.series()[i];
    let (last, value) = input.derived.facts.get(i)?.latest?;
    Some(format!(
        "Gráfico de «{}» ({}), últimos meses; último dato, {}: {}{}.",
        s.label,
        s.unit,
        month_of(last),
        thousands(value.into()),
        sample_note(s.sample)
    ))
}

/// Every page with a picture, by its address (`informes/2024/03/`): what
/// the `share_picture` template function answers.
///
/// The picture's address carries a version (`compartir.png?v=…`, from the
/// hash of what is drawn), so a corrected report gets a new address and a
/// chat or a network that kept the old picture shows the new one.
pub fn metas(input: &Input<'_>, pictures: &Pictures) -> HashMap<String, Meta> {
    let mut metas = HashMap::new();
    if !pictures.enabled() {
        return metas;
    }
    let base = &input.config.base_url;
    let meta = |url: &str, version: &str, alt: String| Meta {
        url: format!("{base}{url}{FILE}?v={version}"),
        alt,
        width: draw::WIDTH,
        height: draw::HEIGHT,
    };
    // A report's version hashes what its picture is drawn from, not the
    // drawing: these are made whenever templates are, even to render one
    // page again, and drawing every report's SVG each time cost tens of
    // milliseconds on the 1,200-report archive.
    for r in input.archive.reports.iter().filter(|r| !r.draft) {
        let url = r.period.url_path();
        let version = cache::version_of(&report_picture(input, r));
        metas.insert(url.clone(), meta(&url, &version, report_alt(r)));
    }
    let css = super::chart_css(input);
    for (i, s) in input.series().iter().enumerate() {
        if let (Some(alt), Some(svg)) = (indicator_alt(input, i), indicator_svg(input, i, &css)) {
            let url = indicator_url(s);
            metas.insert(url.clone(), meta(&url, &cache::version(&svg), alt));
        }
    }
    metas
}

/// Report `i`'s picture, `None` for a draft or a run without pictures.
pub fn report(input: &Input<'_>, i: usize) -> Result<Option<Output>, Diagnostics> {
    let r = &input.archive.reports[i];
    if r.draft || !input.share.enabled() {
        return Ok(None);
    }
    let svg = report_svg(input, r);
    picture(input, &r.period.url_path(), &svg, &r.source)
}

/// Everything a report's picture is drawn from: what [`draw::report`]
/// draws, and what its address's version hashes.
#[derive(Hash)]
struct ReportPicture<'a> {
    frame: Frame<'a>,
    title: String,
    month: String,
    figures: Vec<Figure<'a>>,
}

/// What report `r`'s picture shows. The month is drawn on its own line, so
/// a title that already names it ("… — enero 2024") is drawn without it.
fn report_picture<'a>(input: &'a Input<'_>, r: &'a Report) -> ReportPicture<'a> {
    let title = title_without_month(&r.title, r.period);
    ReportPicture {
        frame: frame(input, r.sample),
        title: if title.is_empty() {
            "Informe".to_string()
        } else {
            title
        },
        month: capitalised(&month_of(r.period)),
        figures: figures(r),
    }
}

/// Report `r`'s picture as SVG.
fn report_svg(input: &Input<'_>, r: &Report) -> String {
    let p = report_picture(input, r);
    draw::report(&p.frame, &p.title, &p.month, &p.figures)
}

/// `title` without the month it names ("enero 2024", "Enero de 2024"), and
/// without the dash or comma that joined it; unchanged if it names none.
fn title_without_month(title: &str, period: crate::load::model::Period) -> String {
    let lower = title.to_lowercase();
    // Byte offsets of `lower` are `title`'s only if lowering kept lengths.
    if lower.len() != title.len() {
        return title.trim().to_string();
    }
    let name = month_name(period.month);
    let year = period.year.to_string();
    let forms = [
        format!("{name} de {year}"),
        format!("{name} del {year}"),
        format!("{name} {year}"),
        format!("{name}, {year}"),
    ];
    let Some((at, len)) = forms
        .iter()
        .find_map(|f| lower.find(f.as_str()).map(|at| (at, f.len())))
    else {
        return title.trim().to_string();
    };
    let separators: &[char] = &[' ', '—', '–', '-', ',', ':', '|', '·'];
    let before = title[..at].trim_end_matches(separators);
    let after = title[at + len..].trim_start_matches(separators);
    match (before.is_empty(), after.is_empty()) {
        (_, true) => before.to_string(),
        (true, false) => after.to_string(),
        (false, false) if after.starts_with('(') => format!("{before} {after}"),
        (false, false) => format!("{before} — {after}"),
    }
}

/// Series `i`'s picture: its last months as a chart, `None` without a value.
pub fn indicator(input: &Input<'_>, i: usize, css: &str) -> Result<Option<Output>, Diagnostics> {
    if !input.share.enabled() {
        return Ok(None);
    }
    let Some(svg) = indicator_svg(input, i, css) else {
        return Ok(None);
    };
    let url = indicator_url(&input.series()[i]);
    picture(input, &url, &svg, std::path::Path::new(&url))
}

/// Series `i`'s picture as SVG, `None` without a value.
fn indicator_svg(input: &Input<'_>, i: usize, css: &str) -> Option<String> {
    let s = &input.series()[i];
    let (last, value) = input.derived.facts.get(i).and_then(|f| f.latest)?;
    let first = *s.points.keys().next().unwrap_or(&last);
    let mut start = (1..CHART_MONTHS).fold(last, |p, _| p.previous_month());
    if start < first {
        start = first;
    }
    let count = ((last.year - start.year) * 12 + last.month as i32 - start.month as i32 + 1).max(1)
        as usize;
    let values = monthly_values(s, start, count);
    let line = charts::Series {
        name: "",
        start,
        values: &values,
    };
    let mark = if count <= 12 {
        charts::Mark::Columns
    } else {
        charts::Mark::Line
    };
    let chart = charts::time_series(
        "compartir",
        &format!("{} ({}), por mes", s.table_title, s.unit),
        &[line],
        mark,
    );
    let when = format!("Último dato: {}", month_of(last));
    let latest = draw::Latest {
        when: &when,
        value,
        unit: &s.unit,
    };
    Some(draw::indicator(
        &frame(input, s.sample),
        &s.label,
        &latest,
        &chart,
        css,
    ))
}

/// The picture's file, drawn (or taken from the cache) from `svg`.
fn picture(
    input: &Input<'_>,
    url: &str,
    svg: &str,
    source: &std::path::Path,
) -> Result<Option<Output>, Diagnostics> {
    let png = input.share.png(svg).map_err(|e| {
        Diagnostics::from(crate::problem!(
            "share-picture-failed",
            source,
            0,
            0,
            error = e.to_string()
        ))
    })?;
    Ok(Some(
        Output::new(format!("{url}{FILE}"), png).map_err(|e| Diagnostics::from(e.at(source)))?,
    ))
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::model::Period;

    #[test]
    fn a_title_that_names_its_month_is_drawn_without_it() {
        let january = Period {
            year: 2024,
            month: 1,
        };
        let cases = [
            (
                "Informe de actividades relevantes — enero 2024",
                "Informe de actividades relevantes",
            ),
            (
                "Informe de actividades relevantes — Enero de 2024 (datos de ejemplo)",
                "Informe de actividades relevantes (datos de ejemplo)",
            ),
            ("Enero de 2024: informe mensual", "informe mensual"),
            (
                "Informe, enero 2024, segunda edición",
                "Informe — segunda edición",
            ),
            // Another month, or the month without its year, is left alone.
            ("Informe de febrero 2024", "Informe de febrero 2024"),
            ("Informe de enero", "Informe de enero"),
            ("enero 2024", ""),
        ];
        for (title, drawn) in cases {
            assert_eq!(title_without_month(title, january), drawn, "{title}");
        }
    }
}
