//! A page as Pagefind reads it: a copy with what would only slow it down
//! cut (charts, an indicator's monthly values), its cells kept apart, and
//! the search labels (kind, year, month) added. The published page is
//! never changed. The pages are read from the built site here too.

use super::target::{Target, page_url};
use crate::render::charts::CHART_START;
use crate::support::diag::Diagnostics;
use crate::support::numfmt::month_name;
use rayon::prelude::*;
use std::path::Path;

/// A page as Pagefind reads it: its address and its HTML, labels added.
#[derive(Debug, Clone)]
pub(super) struct Page {
    /// The built file, relative to the output root, for messages.
    pub(super) file: String,
    pub(super) url: String,
    pub(super) html: String,
}

/// The built page at `file` under `dir`.
pub(super) fn read_page(dir: &Path, file: &str) -> Result<String, Diagnostics> {
    let path = dir.join(file);
    std::fs::read_to_string(&path).map_err(|e| {
        crate::problem!(
            "search-cannot-read-page",
            &path,
            0,
            0,
            error = crate::support::i18n::error_text(&e)
        )
        .into()
    })
}

/// How many pages are read and prepared at once (in parallel): Pagefind
/// keeps its own record of every page it has read, so the pages' HTML is
/// read a batch at a time rather than all held beside it (40 MB on the
/// 1,200-report archive).
const BATCH: usize = 64;

/// Each target read from `dir` and labelled, in the targets' order, a
/// batch at a time.
pub(super) fn pages<'a>(
    dir: &'a Path,
    targets: &'a [Target],
) -> impl Iterator<Item = Result<Vec<Page>, Diagnostics>> + 'a {
    targets.chunks(BATCH).map(move |batch| {
        batch
            .par_iter()
            .map(|target| {
                let html = read_page(dir, &target.file)?;
                Ok(Page {
                    file: target.file.clone(),
                    url: page_url(&target.file),
                    html: for_index(&html, target),
                })
            })
            .collect()
    })
}

/// How a page is prepared for Pagefind ([`for_index`]), as text for the
/// fingerprint: another preparation may index other words.
pub(super) const PREPARATION: &str = "charts, monthly values and year totals cut; \
     a space after cells; labels (sort: date) before </body>";

/// The page as Pagefind reads it: its charts and an indicator's tables of
/// monthly values and totals by year cut out, a space after the cells Pagefind would run
/// together ([`push_spaced`]) and its search labels added. Only this copy
/// changes, never the published page.
///
/// What is cut is kept out of the index anyway (`.chart-figure`,
/// `.monthly-values` and `.year-totals` in `engine`'s exclusions: a chart's
/// text is its table's, a month's value is on its report, a year's total
/// is a sum of them); but Pagefind would still parse every element of it.
/// Cut, it costs nothing: on the benchmark archive a report's charts are a
/// third of its bytes (Pagefind reads 33 MB instead of 43 MB, in about a
/// tenth less time), an indicator's monthly values nine tenths of its page
/// and its totals by year (a row a year: a hundred) four fifths of the rest.
pub(super) fn for_index(html: &str, target: &Target) -> String {
    let labels = labels(target);
    // Before the last `</body>`; a page without one gets them at its end,
    // which an HTML parser still reads as part of the body.
    let at = html.rfind("</body>").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + labels.len());
    let mut rest = &html[..at];
    while let Some((start, end)) = next_cut(rest) {
        push_spaced(&mut out, &rest[..start]);
        rest = &rest[end..];
    }
    push_spaced(&mut out, rest);
    out.push_str(&labels);
    out.push_str(&html[at..]);
    out
}

/// Where an indicator's derived figures are (`themes/igm/templates/indicator.html`):
/// its monthly values and its totals by year. The table after each is cut,
/// its element kept.
const DERIVED_TABLES: [&str; 2] = ["monthly-values\"", "year-totals\""];

/// The first part of `html` to cut, as a byte range: a chart faro drew,
/// from its start ([`CHART_START`], which nothing else faro writes begins
/// with) to the end of its `</svg>` (a chart holds no other drawing), or
/// the `<table>…</table>` after one of [`DERIVED_TABLES`] (which hold no
/// other table). One that never ends is not cut.
fn next_cut(html: &str) -> Option<(usize, usize)> {
    let chart = html.find(CHART_START).and_then(|start| {
        let length = html[start..].find("</svg>")?;
        Some((start, start + length + "</svg>".len()))
    });
    let tables = DERIVED_TABLES.iter().filter_map(|marker| {
        let at = html.find(marker)?;
        let start = at + html[at..].find("<table")?;
        let length = html[start..].find("</table>")?;
        Some((start, start + length + "</table>".len()))
    });
    chart.into_iter().chain(tables).min_by_key(|cut| cut.0)
}

/// The elements whose text Pagefind runs into what follows: it keeps apart
/// only its own list of blocks (`p`, `td`, `li`, headings…), so a table's
/// caption and header cells read "residenciasCantidad de documentosFrente
/// al mes anterior" in the index and the excerpts.
const RUN_TOGETHER: &[&str] = &[
    "th",
    "caption",
    "figcaption",
    "dt",
    "dd",
    "tr",
    "table",
    "dl",
    "ol",
    "figure",
    "blockquote",
    "pre",
    "summary",
    "legend",
    "address",
];

/// Appends `html` with a space after each end tag of [`RUN_TOGETHER`]
/// (`</th>` → `</th> `): text between cells, which the page never shows.
fn push_spaced(out: &mut String, mut html: &str) {
    while let Some(at) = html.find("</") {
        let after = &html[at + 2..];
        let name = after
            .find(|c: char| !c.is_ascii_alphanumeric())
            .map_or(after, |end| &after[..end]);
        let closed = after.as_bytes().get(name.len()) == Some(&b'>');
        if closed && RUN_TOGETHER.iter().any(|t| t.eq_ignore_ascii_case(name)) {
            let end = at + 2 + name.len() + 1;
            out.push_str(&html[..end]);
            out.push(' ');
            html = &html[end..];
        } else {
            out.push_str(&html[..at + 2]);
            html = after;
        }
    }
    out.push_str(html);
}

/// The search labels of `target`, where Pagefind reads them: filters and
/// meta in an element it does not index as text.
pub(super) fn labels(target: &Target) -> String {
    let mut labels = String::from("<div data-pagefind-ignore hidden>");
    let mut label = |attr: &str, name: &str, value: &str| {
        labels.push_str(&format!(
            "<span {attr}=\"{name}\">{}</span>",
            escape_text(value)
        ));
    };
    label("data-pagefind-filter", "kind", target.kind.label());
    if let Some(year) = target.year {
        label("data-pagefind-filter", "year", &year.to_string());
    }
    if let Some(p) = target.period {
        label(
            "data-pagefind-meta",
            "period",
            &format!("{} de {}", month_name(p.month), p.year),
        );
        // The search page's "newest first" (`themes/igm/static/js/search.js`).
        label("data-pagefind-sort", "date", &p.to_string());
    }
    label("data-pagefind-meta", "kind", target.kind.label());
    labels.push_str("</div>");
    labels
}

/// Text made safe as an element's content (`&`, `<`, `>`).
fn escape_text(s: &str) -> String {
    html_escape::encode_text(s).into_owned()
}

#[cfg(test)]
mod tests {
    use super::super::Kind;
    use super::*;
    use crate::load::model::Period;

    fn report() -> Target {
        Target {
            file: "informes/2024/03/index.html".into(),
            kind: Kind::Report,
            year: Some(2024),
            period: Some(Period {
                year: 2024,
                month: 3,
            }),
        }
    }

    #[test]
    fn labels_go_inside_the_body() {
        let html = for_index("<html><body><h1>x</h1></body></html>", &report());
        assert!(html.starts_with("<html><body><h1>x</h1><div data-pagefind-ignore hidden>"));
        assert!(html.contains(r#"<span data-pagefind-filter="year">2024</span>"#));
        assert!(html.contains(r#"<span data-pagefind-meta="period">marzo de 2024</span>"#));
        assert!(html.ends_with("</div></body></html>"));
    }

    #[test]
    fn charts_are_cut_and_everything_else_kept() {
        let chart = |n: u32| {
            format!(
                "{CHART_START}faro-chart--bars\"><title>Cuadro {n}</title><text>58</text></svg>"
            )
        };
        let html = format!(
            "<html><body><p>antes</p><figure class=\"chart-figure\">{}<p>enlace</p></figure>\
             <svg class=\"icono\"><text>propio</text></svg>{}<p>después</p></body></html>",
            chart(1),
            chart(2)
        );
        let cut = for_index(&html, &report());
        assert!(!cut.contains("Cuadro") && !cut.contains("58"), "{cut}");
        for kept in [
            "antes",
            "<figure class=\"chart-figure\"><p>enlace</p></figure>",
            "propio",
            "después",
        ] {
            assert!(cut.contains(kept), "{kept} lost: {cut}");
        }
        // A chart that never ends is left as it is.
        let unfinished = format!("<body><p>a</p>{CHART_START}x\"><text>b</text></body>");
        assert!(for_index(&unfinished, &report()).contains("<text>b</text>"));
    }

    #[test]
    fn an_indicator_s_derived_tables_are_cut_and_their_elements_kept() {
        let totals = "<div class=\"table-scroll year-totals\" tabindex=\"0\">\
                      <table class=\"stack\"><tr><td>2023</td><td>1,880</td></tr></table></div>";
        let values = "<div class=\"table-scroll monthly-values\" tabindex=\"0\">\
                      <table class=\"stack\"><tr><td>Enero de 2023</td></tr></table></div>";
        let html = format!(
            "<body><table><tr><td>Otra</td></tr></table>{totals}<h2>Valores</h2>{values}\
             <p>después</p></body>"
        );
        let cut = for_index(&html, &report());
        assert!(!cut.contains("Enero") && !cut.contains("1,880"), "{cut}");
        assert!(
            cut.starts_with(
                "<body><table><tr><td>Otra</td></tr> </table> \
                 <div class=\"table-scroll year-totals\" tabindex=\"0\"></div><h2>Valores</h2>\
                 <div class=\"table-scroll monthly-values\" tabindex=\"0\"></div><p>después</p>"
            ),
            "{cut}"
        );
        // A table that never ends is left as it is.
        let unfinished = "<body><div class=\"monthly-values\"><table><tr><td>Enero</td></body>";
        assert!(for_index(unfinished, &report()).contains("Enero"));
    }

    #[test]
    fn cells_and_captions_are_kept_apart_and_nothing_else_changes() {
        let html = "<body><table><caption>Cuadro 1. Visas</caption><thead><tr>\
                    <th>Cantidad</th><TH>Frente al mes anterior</TH></tr></thead>\
                    <tbody><tr><th scope=\"row\">Visas</th><td>58</td></tr></tbody></table>\
                    <dl><dt>Unidad</dt><dd>Documentos</dd></dl>\
                    <p>un <a href=\"/x/\">enlace</a></p><thx>x</thx></body>";
        let prepared = for_index(html, &report());
        for spaced in [
            "</caption> <thead>",
            "<th>Cantidad</th> <TH>Frente al mes anterior</TH> </tr> </thead>",
            "</th> <td>58</td></tr> </tbody></table> ",
            "<dt>Unidad</dt> <dd>Documentos</dd> </dl> ",
            // Inline and unknown elements are left as they are.
            "un <a href=\"/x/\">enlace</a></p><thx>x</thx><div",
        ] {
            assert!(prepared.contains(spaced), "{spaced} not in {prepared}");
        }
        // An end tag cut short at the end of the page is kept as it is.
        assert!(for_index("<p>a</th", &report()).starts_with("<p>a</th<div"));
    }

    #[test]
    fn reports_are_sorted_by_their_month() {
        let html = for_index("<body></body>", &report());
        assert!(
            html.contains(r#"<span data-pagefind-sort="date">2024-03</span>"#),
            "{html}"
        );
        let page = Target {
            kind: Kind::Page,
            year: None,
            period: None,
            ..report()
        };
        assert!(!for_index("<body></body>", &page).contains("data-pagefind-sort"));
    }
}
