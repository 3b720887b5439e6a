//! Web links in a PDF's text: the page's link annotations become marks
//! around the glyphs they cover, and the marks become a paragraph's links.

use super::Glyph;
use crate::import::doc::with_links;
use lopdf::{Object, ObjectId};

/// Marks in a link's text, so a paragraph keeps its links: `LINK_START`
/// text `LINK_URL` address `LINK_END`. Private-use characters, which no
/// report's text contains.
pub(super) const LINK_START: char = '\u{E000}';
pub(super) const LINK_URL: char = '\u{E001}';
pub(super) const LINK_END: char = '\u{E002}';

/// A web link on a page: its area (top-down) and address.
pub(super) struct PageLink {
    x: (f64, f64),
    y: (f64, f64),
    url: String,
}

/// The page's `/Link` annotations that open a web or mail address.
pub(super) fn page_links(doc: &lopdf::Document, page_id: ObjectId, top: f64) -> Vec<PageLink> {
    let deref = |o: &Object| -> Option<Object> {
        match o {
            Object::Reference(id) => doc.get_object(*id).ok().cloned(),
            other => Some(other.clone()),
        }
    };
    let Some(Object::Array(annots)) = doc
        .get_dictionary(page_id)
        .ok()
        .and_then(|d| d.get(b"Annots").ok())
        .and_then(deref)
    else {
        return Vec::new();
    };
    annots
        .iter()
        .filter_map(|a| {
            let Object::Dictionary(a) = deref(a)? else {
                return None;
            };
            let Object::Dictionary(action) = deref(a.get(b"A").ok()?)? else {
                return None;
            };
            let Object::String(url, _) = action.get(b"URI").ok()? else {
                return None;
            };
            let url = String::from_utf8_lossy(url).into_owned();
            if !["http://", "https://", "mailto:"]
                .iter()
                .any(|p| url.starts_with(p))
            {
                return None;
            }
            let r: Vec<f64> = a
                .get(b"Rect")
                .ok()?
                .as_array()
                .ok()?
                .iter()
                .filter_map(|v| v.as_float().ok().map(f64::from))
                .collect();
            let [x1, y1, x2, y2] = r[..] else { return None };
            Some(PageLink {
                x: (x1.min(x2), x1.max(x2)),
                y: (top - y1.max(y2), top - y1.min(y2)),
                url,
            })
        })
        .collect()
}

/// Wraps the glyphs inside each link's area in the link marks.
pub(super) fn mark_links(glyphs: &mut [Glyph], links: &[PageLink]) {
    for link in links {
        let inside: Vec<usize> = (0..glyphs.len())
            .filter(|&i| {
                let g = &glyphs[i];
                let mid = (g.x + g.end) / 2.0;
                mid >= link.x.0
                    && mid <= link.x.1
                    && g.y >= link.y.0
                    && g.y <= link.y.1 + g.size * 0.3
            })
            .collect();
        let first = inside
            .iter()
            .copied()
            .min_by(|&a, &b| order(&glyphs[a], &glyphs[b]));
        let last = inside
            .iter()
            .copied()
            .max_by(|&a, &b| order(&glyphs[a], &glyphs[b]));
        if let (Some(first), Some(last)) = (first, last) {
            glyphs[first].text.insert(0, LINK_START);
            let end = format!(
                "{LINK_URL}{}{LINK_END}",
                link.url.replace([LINK_START, LINK_URL, LINK_END], "")
            );
            glyphs[last].text.push_str(&end);
        }
    }
}

/// Reading order: top to bottom, then left to right.
fn order(a: &Glyph, b: &Glyph) -> std::cmp::Ordering {
    a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x))
}

/// A paragraph's text with its link marks → runs and links.
pub(super) fn linked(text: &str) -> Vec<crate::import::doc::Inline> {
    use crate::import::doc::Inline;
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(LINK_START) {
        let Some(mid) = rest[start..].find(LINK_URL).map(|m| start + m) else {
            break;
        };
        let Some(end) = rest[mid..].find(LINK_END).map(|e| mid + e) else {
            break;
        };
        let text = &rest[start + LINK_START.len_utf8()..mid];
        let url = rest[mid + LINK_URL.len_utf8()..end].to_string();
        // A link area drawn a little wide takes a space: it stays outside.
        let before = format!(
            "{}{}",
            &rest[..start],
            &text[..text.len() - text.trim_start().len()]
        );
        out.extend(with_links(&before));
        out.push(Inline::Link {
            text: text.trim().to_string(),
            url,
        });
        if text.trim_end().len() < text.len() {
            out.push(Inline::Text(" ".into()));
        }
        rest = &rest[end + LINK_END.len_utf8()..];
    }
    out.extend(with_links(&strip_links(rest)));
    out.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    out
}

/// Text without link marks (and without the addresses they carry).
pub(super) fn strip_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_url = false;
    for c in text.chars() {
        match c {
            LINK_START => {}
            LINK_URL => in_url = true,
            LINK_END => in_url = false,
            c if !in_url => out.push(c),
            _ => {}
        }
    }
    out
}
