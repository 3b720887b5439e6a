//! What of a page is cut from the copy Pagefind reads: parts it would
//! parse and then leave out of the index anyway (`engine`'s exclusions,
//! and what Pagefind itself drops: the `<head>` but its title, the footer).
//! Pagefind's parse is a third of indexing, and attributes its costliest
//! part, so a report page's meta tags, site header and change cells
//! (attribute-heavy, and all left out) cost as much as its text.
//!
//! Each cut is found by a marker faro's templates write; a page whose
//! theme writes other markup is simply not cut there. A part that holds a
//! `data-pagefind-` attribute is never cut: it may give the page a filter
//! or a meta, even where its text is left out.

use crate::render::charts::CHART_START;
use std::ops::Range;

/// A kind of element cut: found by `marker`, cut from there (or from the
/// first `from` after it) to the end of the first `to` after that. None
/// holds another element of its own kind.
struct Cut {
    marker: &'static str,
    from: Option<&'static str>,
    to: &'static str,
}

/// Every kind of element cut besides the head's (see [`head`]).
const CUTS: [Cut; 6] = [
    // A chart faro drew, from its start (which nothing else faro writes
    // begins with) to its `</svg>`: a chart's text is its table's.
    Cut {
        marker: CHART_START,
        from: None,
        to: "</svg>",
    },
    // An indicator's derived figures (`themes/igm/templates/indicator.html`):
    // the table after each marker, the element that holds it kept.
    Cut {
        marker: "monthly-values\"",
        from: Some("<table"),
        to: "</table>",
    },
    Cut {
        marker: "year-totals\"",
        from: Some("<table"),
        to: "</table>",
    },
    // A report's changes against earlier months (`td.change`).
    Cut {
        marker: "<td class=\"num change\"",
        from: None,
        to: "</td>",
    },
    // The site's header (`body > header`) and footer.
    Cut {
        marker: "<header class=\"site-header\"",
        from: None,
        to: "</header>",
    },
    Cut {
        marker: "<footer class=\"site-footer\"",
        from: None,
        to: "</footer>",
    },
];

/// What keeps a part from being cut: a Pagefind attribute in it.
const PAGEFIND_ATTRIBUTE: &str = "data-pagefind-";

/// The byte ranges of `html` to cut, in order, never overlapping. One
/// pass: each kind's next marker is found once and looked for again only
/// once passed.
pub(super) fn cuts(html: &str) -> Vec<Range<usize>> {
    let mut out = head(html);
    // Where the text not yet cut begins, and where each kind's marker was
    // found (or `None`: no more).
    let mut kept_from = out.last().map_or(0, |r| r.end);
    let mut next: Vec<Option<usize>> = CUTS
        .iter()
        .map(|c| find_from(html, kept_from, c.marker))
        .collect();
    while let Some((kind, start)) = next
        .iter()
        .enumerate()
        .filter_map(|(kind, at)| at.map(|at| (kind, at)))
        .min_by_key(|(_, at)| *at)
    {
        let cut = &CUTS[kind];
        match range(html, start, cut) {
            Some(r) if !html[r.clone()].contains(PAGEFIND_ATTRIBUTE) => {
                kept_from = r.end;
                out.push(r);
            }
            // Unended, or holding a Pagefind attribute: left, and this
            // kind looked for after it.
            _ => next[kind] = find_from(html, start + cut.marker.len(), cut.marker),
        }
        for (at, cut) in next.iter_mut().zip(&CUTS) {
            if at.is_some_and(|at| at < kept_from) {
                *at = find_from(html, kept_from, cut.marker);
            }
        }
    }
    out
}

/// The part of `cut` whose marker is at `start`, if it ends.
fn range(html: &str, start: usize, cut: &Cut) -> Option<Range<usize>> {
    let begin = match cut.from {
        Some(from) => find_from(html, start, from)?,
        None => start,
    };
    let end = find_from(html, begin, cut.to)? + cut.to.len();
    Some(begin..end)
}

/// The head's content but its `<title>`, as at most two ranges: Pagefind
/// reads only the title there (the page's title when it has no `<h1>`).
/// Nothing when the head cannot be told, or holds a Pagefind attribute.
fn head(html: &str) -> Vec<Range<usize>> {
    let Some(open) = html.find("<head>").map(|at| at + "<head>".len()) else {
        return Vec::new();
    };
    let Some(close) = find_from(html, open, "</head>") else {
        return Vec::new();
    };
    let inside = &html[open..close];
    if inside.contains(PAGEFIND_ATTRIBUTE) || inside.contains("<head") {
        return Vec::new();
    }
    let title = inside.find("<title").and_then(|start| {
        let end = inside[start..].find("</title>")? + start + "</title>".len();
        Some(open + start..open + end)
    });
    let ranges = match title {
        Some(title) => [open..title.start, title.end..close],
        // An empty second range, left out below.
        None => [open..close, close..close],
    };
    ranges.into_iter().filter(|r| !r.is_empty()).collect()
}

/// Where `pattern` is in `html` at or after `from`.
fn find_from(html: &str, from: usize, pattern: &str) -> Option<usize> {
    html.get(from..)?.find(pattern).map(|at| from + at)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `html` with its cuts taken out.
    fn cut(html: &str) -> String {
        let mut out = String::new();
        let mut from = 0;
        for r in cuts(html) {
            assert!(r.start >= from, "overlapping or out of order: {r:?}");
            out.push_str(&html[from..r.start]);
            from = r.end;
        }
        out.push_str(&html[from..]);
        out
    }

    #[test]
    fn the_head_keeps_only_its_title() {
        let page = "<html><head><meta charset=\"utf-8\"><title>Enero</title>\
                    <link rel=\"icon\" href=\"x\"></head><body><h1>A</h1></body></html>";
        assert_eq!(
            cut(page),
            "<html><head><title>Enero</title></head><body><h1>A</h1></body></html>"
        );
        let untitled = "<head><meta name=\"a\"></head><body></body>";
        assert_eq!(cut(untitled), "<head></head><body></body>");
        let marked = "<head><meta data-pagefind-meta=\"image[content]\" content=\"x\"></head>";
        assert_eq!(cut(marked), marked, "a Pagefind attribute is kept");
    }

    #[test]
    fn the_site_s_header_footer_and_change_cells_are_cut() {
        let page = "<body><header class=\"site-header\"><nav>Menú</nav></header>\
                    <table><tr><td class=\"num\">158</td><td class=\"num change\">\
                    <span>+8</span></td><td class=\"num change\">−2</td></tr></table>\
                    <footer class=\"site-footer\"><p>Licencia</p></footer></body>";
        assert_eq!(
            cut(page),
            "<body><table><tr><td class=\"num\">158</td></tr></table></body>"
        );
    }

    #[test]
    fn charts_and_derived_tables_are_cut_their_elements_kept() {
        let page = format!(
            "<p>a</p>{CHART_START}x\"><text>58</text></svg><p>b</p>\
             <div class=\"year-totals\"><table><tr><td>1,880</td></tr></table></div>\
             <div class=\"monthly-values\"><table><tr><td>Enero</td></tr></table></div>"
        );
        assert_eq!(
            cut(&page),
            "<p>a</p><p>b</p><div class=\"year-totals\"></div><div class=\"monthly-values\"></div>"
        );
    }

    #[test]
    fn what_never_ends_or_holds_a_pagefind_attribute_is_kept_and_the_rest_cut() {
        let unended = format!("{CHART_START}x\"><text>a</text><td class=\"num change\">+1</td>");
        assert_eq!(cut(&unended), format!("{CHART_START}x\"><text>a</text>"));
        let marked = "<td class=\"num change\"><span data-pagefind-filter=\"x\">y</span></td>\
                      <td class=\"num change\">+1</td><p>z</p>";
        assert_eq!(
            cut(marked),
            "<td class=\"num change\"><span data-pagefind-filter=\"x\">y</span></td><p>z</p>"
        );
    }

    #[test]
    fn many_cuts_in_one_pass() {
        let cell = "<td class=\"num change\">+1</td><td>k</td>";
        let page = cell.repeat(2_000);
        assert_eq!(cut(&page), "<td>k</td>".repeat(2_000));
    }
}
