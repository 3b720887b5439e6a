//! Markup helpers: the `<svg>` element, paths, text, numbers and ids.

use super::*;

/// A chart with nothing to draw still says so, visibly and in its desc.
pub(super) fn empty_chart(kind: &'static str, id: &str, w: f64, title: &str, desc: &str) -> Chart {
    let mut chart = Chart::open(kind, id, w, 40.0, title, desc);
    text_el(
        chart.drawing(),
        "faro-chart-missing",
        EDGE,
        25.0,
        BAR_VALUE_FONT,
        "start",
        "Sin datos para mostrar",
    );
    chart.close()
}

pub(super) fn path_el(out: &mut String, class: &str, d: &str) {
    if !d.is_empty() {
        let _ = write!(out, r#"<path class="{class}" d="{d}"/>"#);
    }
}

pub(super) fn text_el(
    out: &mut String,
    class: &str,
    x: f64,
    y: f64,
    font: f64,
    anchor: &str,
    text: &str,
) {
    let _ = write!(
        out,
        r#"<text class="{class}" x="{}" y="{}" font-size="{}"{}>{}</text>"#,
        num(x),
        num(y),
        num(font),
        Anchor(anchor),
        escape(text)
    );
}

/// ` text-anchor="…"`, or nothing for `start`: SVG's default, and a third of
/// the anchors a large archive's charts carry.
struct Anchor<'a>(&'a str);

impl std::fmt::Display for Anchor<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            "start" => Ok(()),
            anchor => write!(f, r#" text-anchor="{anchor}""#),
        }
    }
}

/// Lines of one label as `<tspan>`s, each placed absolutely.
pub(super) fn text_block(
    out: &mut String,
    class: &str,
    x: f64,
    y: f64,
    font: f64,
    anchor: &str,
    lines: &[String],
) {
    text_block_spaced(out, class, x, y, font, BAR_LABEL_LINE, anchor, lines);
}

#[allow(clippy::too_many_arguments)]
pub(super) fn text_block_spaced(
    out: &mut String,
    class: &str,
    x: f64,
    y: f64,
    font: f64,
    line_h: f64,
    anchor: &str,
    lines: &[String],
) {
    let _ = write!(
        out,
        r#"<text class="{class}" font-size="{}"{}>"#,
        num(font),
        Anchor(anchor)
    );
    for (i, line) in lines.iter().enumerate() {
        let _ = write!(
            out,
            r#"<tspan x="{}" y="{}">{}</tspan>"#,
            num(x),
            num(y + i as f64 * line_h),
            escape(line)
        );
    }
    out.push_str("</text>");
}

/// A number for an attribute: at most two decimals, no trailing zeros, no `-0`.
pub(super) fn num(v: f64) -> Num {
    Num(v)
}

/// [`num`]'s result, formatted straight into the chart being written: charts
/// write thousands of coordinates, and a `String` for each cost more than
/// the drawing.
#[derive(Debug, Clone, Copy)]
pub(super) struct Num(f64);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let v = self.0;
        if !v.is_finite() {
            return f.write_str("0");
        }
        // Integer arithmetic: float formatting is several times slower.
        let hundredths = (v * 100.0).round();
        if hundredths.abs() >= 9.0e15 {
            return write!(f, "{}", v.round());
        }
        let hundredths = hundredths as i64;
        let (whole, frac) = (
            hundredths.unsigned_abs() / 100,
            hundredths.unsigned_abs() % 100,
        );
        let sign = if hundredths < 0 { "-" } else { "" };
        match frac {
            0 => write!(f, "{sign}{whole}"),
            d if d % 10 == 0 => write!(f, "{sign}{whole}.{}", d / 10),
            d => write!(f, "{sign}{whole}.{d:02}"),
        }
    }
}

/// Element ids must be unique and valid: keep `[A-Za-z0-9_-]`, start with a letter.
pub(super) fn sanitize_id(id: &str) -> String {
    let mut s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        s.insert_str(0, "chart-");
    }
    s
}
