//! A drawn chart as data: its markup and what it was drawn from (kind, ids,
//! size, title), and where its parts start, recorded while drawing. Pages
//! show the markup; [`standalone`](super::standalone) builds a file from the
//! parts without reading the markup back.

use super::*;
use serde::{Serialize, Serializer};
use std::ops::Deref;

/// One chart, drawn: reads as its inline `<svg>` markup (`&chart` is a `&str`).
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// The chart's kind as its class says it: `bars`, `series`, `spark`.
    kind: &'static str,
    /// The sanitised id that prefixes its `<title>` and `<desc>` ids.
    id: String,
    /// The viewBox's size (the height at least 1).
    width: f64,
    height: f64,
    /// The title as given, trimmed and unescaped.
    title: String,
    /// `<svg …><title>…</title><desc>…</desc>` + drawing + `</svg>`.
    markup: String,
    /// Where `<title>` starts in `markup` (the end of the `<svg>` start tag).
    head_start: usize,
    /// Where the drawing starts in `markup` (the end of `</desc>`).
    drawing_start: usize,
}

impl Chart {
    /// Starts a chart: its `<svg>` element with the title and description.
    /// Draw into [`Chart::drawing`], then [`Chart::close`] it.
    pub(super) fn open(
        kind: &'static str,
        id: &str,
        width: f64,
        height: f64,
        title: &str,
        desc: &str,
    ) -> Chart {
        let height = height.max(1.0);
        let mut markup = String::with_capacity(4096);
        write_start_tag(&mut markup, kind, "", id, width, height, None);
        let head_start = markup.len();
        let _ = write!(
            markup,
            r#"<title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
            escape(title.trim()),
            escape(desc)
        );
        let drawing_start = markup.len();
        Chart {
            kind,
            id: id.to_string(),
            width,
            height,
            title: title.trim().to_string(),
            markup,
            head_start,
            drawing_start,
        }
    }

    /// Where the chart's shapes and text are written.
    pub(super) fn drawing(&mut self) -> &mut String {
        &mut self.markup
    }

    /// Ends the `<svg>` element: the chart is complete.
    pub(super) fn close(mut self) -> Chart {
        self.markup.push_str("</svg>");
        self
    }

    /// The chart's title, as given: pages show it above the chart.
    pub fn title(&self) -> &str {
        &self.title
    }

    pub(super) fn kind(&self) -> &'static str {
        self.kind
    }

    pub(super) fn id(&self) -> &str {
        &self.id
    }

    /// The viewBox's width and height.
    pub(super) fn size(&self) -> (f64, f64) {
        (self.width, self.height)
    }

    /// `<title>` and `<desc>`, as drawn inline.
    pub(super) fn head(&self) -> &str {
        &self.markup[self.head_start..self.drawing_start]
    }

    /// The shapes and text after `<desc>`, without the closing `</svg>`.
    pub(super) fn shapes(&self) -> &str {
        let end = self.markup.len() - "</svg>".len();
        &self.markup[self.drawing_start..end.max(self.drawing_start)]
    }
}

/// How every chart's markup begins, and nothing else faro writes: search
/// finds the charts in a page by it (`search::prepare::for_index`).
pub const START: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" class="faro-chart "#;

/// The `<svg>` start tag every chart shares: namespace, classes (`extra`
/// before the kind's), viewBox, role and the ids naming its title and
/// description; `size` adds `width` and `height` (standalone files).
pub(super) fn write_start_tag(
    out: &mut String,
    kind: &str,
    extra: &str,
    id: &str,
    width: f64,
    height: f64,
    size: Option<(f64, f64)>,
) {
    out.push_str(START);
    let _ = write!(
        out,
        r#"{extra}faro-chart--{kind}" viewBox="0 0 {} {}" role="img" aria-labelledby="{id}-title {id}-desc""#,
        num(width),
        num(height),
    );
    if let Some((w, h)) = size {
        let _ = write!(out, r#" width="{}" height="{}""#, num(w), num(h));
    }
    out.push('>');
}

impl Deref for Chart {
    type Target = str;
    fn deref(&self) -> &str {
        &self.markup
    }
}

impl std::fmt::Display for Chart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.markup)
    }
}

impl From<Chart> for String {
    fn from(chart: Chart) -> String {
        chart.markup
    }
}

/// Templates get the chart's markup.
impl Serialize for Chart {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.markup)
    }
}
