//! A page as Pagefind reads it: a copy with what would only slow it down
//! cut (`cut`), its cells kept apart, and the search labels (kind, year,
//! month) added. The published page is never changed. The pages are read
//! from the built site here too.

use super::cut::cuts;
use super::target::{Target, page_url};
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
pub(super) const PREPARATION: &str = "head but title, site header and footer, change cells, \
     charts, monthly values and year totals cut; a space after cells; \
     labels (sort: date) before </body>";

/// The page as Pagefind reads it: what it would parse only to leave out
/// cut ([`cuts`]: the head but its title, the site's header and footer, a
/// report's change cells and charts, an indicator's monthly values and
/// totals by year), a space after the cells Pagefind would run together
/// ([`push_spaced`]) and its search labels added. Only this copy changes,
/// never the published page.
///
/// What is cut is kept out of the index anyway (`engine`'s exclusions, or
/// Pagefind's own); cut, it costs nothing to parse. On the benchmark
/// archive a report's charts are a third of its bytes, an indicator's
/// monthly values nine tenths of its page and its totals by year (a row a
/// year: a hundred) four fifths of the rest; a report's head, header and
/// change cells are half of what is left, and most of its attributes.
pub(super) fn for_index(html: &str, target: &Target) -> String {
    for_index_cut_by(html, target, cuts)
}

/// [`for_index`], with what `cuts` says cut: its tests compare the index
/// made from pages cut and whole.
pub(super) fn for_index_cut_by(
    html: &str,
    target: &Target,
    cuts: impl Fn(&str) -> Vec<std::ops::Range<usize>>,
) -> String {
    let labels = labels(target);
    // Before the last `</body>`; a page without one gets them at its end,
    // which an HTML parser still reads as part of the body.
    let at = html.rfind("</body>").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + labels.len());
    let body = &html[..at];
    let mut kept_from = 0;
    for cut in cuts(body) {
        push_spaced(&mut out, &body[kept_from..cut.start]);
        kept_from = cut.end;
    }
    push_spaced(&mut out, &body[kept_from..]);
    out.push_str(&labels);
    out.push_str(&html[at..]);
    out
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
    use crate::render::charts::CHART_START;

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
