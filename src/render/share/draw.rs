//! The share picture of a report or an indicator, drawn as SVG text
//! (1200×630, what WhatsApp, Facebook and X show above a shared link):
//! the institution's band on top, the subject's title and month, its
//! headline figures or its chart, the site's address at the foot, and a
//! red band saying "Datos de ejemplo" when it shows sample data. Pure:
//! values in, text out.

use crate::render::charts::{self, Chart};
use crate::render::markdown::escape;
use crate::support::numfmt::thousands;
use std::fmt::Write as _;

/// The picture's size in pixels: the one every network shows whole.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

const MARGIN: f64 = 56.0;
const BAND: f64 = 104.0;
const NAVY: &str = "#12355b";
const INK: &str = "#1a1a1a";
const GREY: &str = "#4d4d4d";
const SAMPLE_RED: &str = "#a4161a";
/// What a picture of sample data says, on a band across it.
pub const SAMPLE_TEXT: &str = "DATOS DE EJEMPLO · no son cifras oficiales";

/// What every picture carries around its subject.
#[derive(Hash)]
pub struct Frame<'a> {
    pub institution: &'a str,
    pub site_title: &'a str,
    /// The site's address as shown at the foot (`migracion.gob.gt/…`).
    pub address: &'a str,
    pub sample: bool,
}

/// One headline figure of a report: a table's total.
#[derive(Hash)]
pub struct Figure<'a> {
    pub value: Option<u64>,
    pub label: &'a str,
    pub unit: &'a str,
}

/// A report's picture: its title, its month and up to three figures.
pub fn report(frame: &Frame<'_>, title: &str, month: &str, figures: &[Figure<'_>]) -> String {
    let mut out = open(frame);
    let mut y = BAND + 78.0;
    for line in wrap(title, WIDTH as f64 - 2.0 * MARGIN, 46.0, true, 2) {
        text(&mut out, MARGIN, y, 46.0, true, INK, "start", &line);
        y += 56.0;
    }
    text(&mut out, MARGIN, y, 28.0, false, GREY, "start", month);
    let shown = &figures[..figures.len().min(3)];
    let column = (WIDTH as f64 - 2.0 * MARGIN) / shown.len().max(1) as f64;
    let top = y + 100.0;
    for (i, f) in shown.iter().enumerate() {
        let x = MARGIN + i as f64 * column;
        let value = f
            .value
            .map_or_else(|| "sin dato".to_string(), |v| thousands(v.into()));
        let size = if shown.len() == 1 { 84.0 } else { 64.0 };
        text(&mut out, x, top, size, true, NAVY, "start", &value);
        let mut ly = top + 40.0;
        for line in wrap(f.label, column - 24.0, 24.0, false, 2) {
            text(&mut out, x, ly, 24.0, false, INK, "start", &line);
            ly += 29.0;
        }
        text(&mut out, x, ly, 20.0, false, GREY, "start", f.unit);
    }
    close(out, frame)
}

/// An indicator's latest figure, as its picture shows it beside the chart.
pub struct Latest<'a> {
    /// `Último dato: junio de 2024`.
    pub when: &'a str,
    pub value: u64,
    pub unit: &'a str,
}

/// An indicator's picture: its name and latest figure on the left, its
/// chart (drawn as the page draws it, scaled to fit) on the right.
pub fn indicator(
    frame: &Frame<'_>,
    title: &str,
    latest: &Latest<'_>,
    chart: &Chart,
    css: &str,
) -> String {
    let mut out = open(frame);
    let column = 500.0;
    let mut y = BAND + 70.0;
    for line in wrap(title, column, 40.0, true, 3) {
        text(&mut out, MARGIN, y, 40.0, true, INK, "start", &line);
        y += 48.0;
    }
    y += 20.0;
    text(&mut out, MARGIN, y, 24.0, false, GREY, "start", latest.when);
    y += 78.0;
    let value = thousands(latest.value.into());
    text(&mut out, MARGIN, y, 76.0, true, NAVY, "start", &value);
    y += 36.0;
    for line in wrap(latest.unit, column, 24.0, false, 2) {
        text(&mut out, MARGIN, y, 24.0, false, INK, "start", &line);
        y += 29.0;
    }
    let (left, top) = (MARGIN + column + 40.0, BAND + 30.0);
    let bottom = HEIGHT as f64 - if frame.sample { 100.0 } else { 62.0 };
    let svg = charts::standalone(chart, css);
    let (w, h) = charts::standalone_size(chart);
    let body = svg
        .split_once("?>")
        .map_or(svg.as_str(), |(_, rest)| rest)
        .trim();
    let _ = write!(
        out,
        r#"<svg x="{left:.1}" y="{top:.1}" width="{:.1}" height="{:.1}" viewBox="0 0 {w:.2} {h:.2}" preserveAspectRatio="xMidYMid meet">{body}</svg>"#,
        WIDTH as f64 - MARGIN - left,
        (bottom - top).max(10.0),
    );
    close(out, frame)
}

/// The picture's start: its size, white ground and the institution's band.
fn open(frame: &Frame<'_>) -> String {
    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}"><rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/><rect width="{WIDTH}" height="{BAND}" fill="{NAVY}"/>"##
    );
    let width = WIDTH as f64 - 2.0 * MARGIN;
    if let Some(line) = wrap(frame.institution, width, 32.0, true, 1).first() {
        text(&mut out, MARGIN, 48.0, 32.0, true, "#ffffff", "start", line);
    }
    if let Some(line) = wrap(frame.site_title, width, 22.0, false, 1).first() {
        text(
            &mut out, MARGIN, 84.0, 22.0, false, "#dce6f2", "start", line,
        );
    }
    out
}

/// The picture's end: the site's address, the sample band, the closing tag.
fn close(mut out: String, frame: &Frame<'_>) -> String {
    let foot = HEIGHT as f64 - if frame.sample { 62.0 } else { 24.0 };
    let _ = write!(
        out,
        r#"<rect x="0" y="{:.1}" width="{WIDTH}" height="6" fill="{NAVY}"/>"#,
        foot - 34.0
    );
    if let Some(line) = wrap(frame.address, WIDTH as f64 - 2.0 * MARGIN, 22.0, false, 1).first() {
        text(&mut out, MARGIN, foot, 22.0, false, GREY, "start", line);
    }
    if frame.sample {
        let y = HEIGHT as f64 - 48.0;
        let _ = write!(
            out,
            r#"<rect x="0" y="{y}" width="{WIDTH}" height="48" fill="{SAMPLE_RED}"/>"#
        );
        let mid = WIDTH as f64 / 2.0;
        text(
            &mut out,
            mid,
            y + 33.0,
            26.0,
            true,
            "#ffffff",
            "middle",
            SAMPLE_TEXT,
        );
    }
    out.push_str("</svg>\n");
    out
}

#[allow(clippy::too_many_arguments)]
fn text(
    out: &mut String,
    x: f64,
    y: f64,
    size: f64,
    bold: bool,
    fill: &str,
    anchor: &str,
    s: &str,
) {
    let weight = if bold { "bold" } else { "normal" };
    let _ = write!(
        out,
        r#"<text x="{x:.1}" y="{y:.1}" font-family="Liberation Sans" font-size="{size}" font-weight="{weight}" fill="{fill}" text-anchor="{anchor}">{}</text>"#,
        escape(s)
    );
}

/// `s` in lines no wider than `width` (Liberation Sans' average letter is
/// about half its size, a little more in bold), at most `max` of them, the
/// last ending in "…" when text is left over. Words longer than a line are cut.
fn wrap(s: &str, width: f64, size: f64, bold: bool, max: usize) -> Vec<String> {
    let per_char = size * if bold { 0.58 } else { 0.53 };
    let fits = ((width / per_char).floor() as usize).max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if needed <= fits {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut rest: Vec<char> = word.chars().collect();
        while rest.len() > fits {
            lines.push(rest.drain(..fits).collect());
        }
        line = rest.into_iter().collect();
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            let keep = last.chars().count().min(fits.saturating_sub(1));
            *last = last
                .chars()
                .take(keep)
                .collect::<String>()
                .trim_end()
                .to_string()
                + "…";
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_wraps_and_is_cut_with_an_ellipsis() {
        let lines = wrap("uno dos tres cuatro cinco seis", 60.0, 20.0, false, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'), "{lines:?}");
        assert_eq!(wrap("corto", 600.0, 20.0, false, 2), vec!["corto"]);
    }

    #[test]
    fn sample_pictures_say_so_and_others_do_not() {
        let mut frame = Frame {
            institution: "IGM",
            site_title: "Portal",
            address: "ejemplo.gt",
            sample: true,
        };
        let figures = [Figure {
            value: Some(1234),
            label: "Visas <emitidas>",
            unit: "visas",
        }];
        let sample = report(&frame, "Informe", "marzo de 2024", &figures);
        assert!(sample.contains("DATOS DE EJEMPLO") && sample.contains("1,234"));
        assert!(sample.contains("Visas &lt;emitidas&gt;"));
        frame.sample = false;
        assert!(!report(&frame, "Informe", "marzo de 2024", &figures).contains("EJEMPLO"));
    }
}
