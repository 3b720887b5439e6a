//! Marks: bars, hatching, lines, dots and the legend that names them.

use super::*;

/// A column or bar. The second series' (`hatch`: the id of its chart's
/// [`hatch_pattern`]) adds an outline (via CSS) and the hatch on top.
pub(super) fn bar_rect(out: &mut String, hatch: Option<&str>, x: f64, y: f64, w: f64, h: f64) {
    let class = if hatch.is_some() {
        "faro-chart-bar faro-chart-bar--b"
    } else {
        "faro-chart-bar"
    };
    let (x, y, w, h) = (num(x), num(y), num(w), num(h));
    let _ = write!(
        out,
        r#"<rect class="{class}" x="{x}" y="{y}" width="{w}" height="{h}"/>"#
    );
    if let Some(id) = hatch {
        let _ = write!(
            out,
            r#"<rect class="faro-chart-hatched" x="{x}" y="{y}" width="{w}" height="{h}" fill="url(#{id})"/>"#
        );
    }
}

/// The id of the hatch pattern in the chart whose id is `chart_id`: unique
/// in a page, as the chart's own id is.
pub(super) fn hatch_id(chart_id: &str) -> String {
    format!("{chart_id}-hatch")
}

/// The hatch the second series' columns are filled with, defined once per
/// chart: diagonal "/" lines 6 units apart, on a grid in the chart's own
/// units (`userSpaceOnUse`), so neighbouring columns line up. The corner
/// pieces finish the lines that cross the tile's edges. Drawn as segments
/// in every column instead, it was 7 % of the output of a 1,200-report
/// archive (docs/output-files.md).
pub(super) fn hatch_pattern(out: &mut String, id: &str) {
    let _ = write!(
        out,
        r#"<defs><pattern id="{id}" width="6" height="6" patternUnits="userSpaceOnUse"><path class="faro-chart-hatch" d="M0 6L6 0M-1 1L1 -1M5 7L7 5"/></pattern></defs>"#
    );
}

/// A line broken at missing values, with markers where a point would
/// otherwise be invisible (isolated between gaps) or, for short spans,
/// on every point. The second series is dashed (CSS) with square markers.
pub(super) fn line_marks(
    out: &mut String,
    values: &[Option<u64>],
    second: bool,
    every_point: bool,
    xy: impl Fn(usize, u64) -> (f64, f64),
) {
    let mut d = String::new();
    let mut dots = String::new();
    for (i, v) in values.iter().enumerate() {
        let Some(v) = *v else { continue };
        let (x, y) = xy(i, v);
        let joined = i > 0 && values[i - 1].is_some();
        let _ = write!(d, "{}{} {}", if joined { 'L' } else { 'M' }, num(x), num(y));
        let isolated = !joined && values.get(i + 1).copied().flatten().is_none();
        if every_point || isolated {
            dot(&mut dots, second, x, y);
        }
    }
    path_el(
        out,
        if second {
            "faro-chart-line faro-chart-line--b"
        } else {
            "faro-chart-line"
        },
        &d,
    );
    out.push_str(&dots);
}

/// A point marker: a circle, or a square for the second series.
pub(super) fn dot(out: &mut String, second: bool, x: f64, y: f64) {
    let _ = if second {
        write!(
            out,
            r#"<rect class="faro-chart-dot faro-chart-dot--b" x="{}" y="{}" width="6" height="6"/>"#,
            num(x - 3.0),
            num(y - 3.0)
        )
    } else {
        write!(
            out,
            r#"<circle class="faro-chart-dot" cx="{}" cy="{}" r="3"/>"#,
            num(x),
            num(y)
        )
    };
}

/// Draws the legend (two series) and the "s/d" note, flowing left to right
/// onto more rows as needed; returns the band's height (0 when empty).
pub(super) fn legend_band(
    out: &mut String,
    series: &[Series<'_>],
    mark: Mark,
    hatch: &str,
    two: bool,
    note: bool,
) -> f64 {
    const SWATCH: f64 = 14.0;
    const ROW: f64 = LEGEND_FONT * 1.6;
    const LINE: f64 = LEGEND_FONT * 1.2;
    // Text sits on this baseline, its top 2 units below the row's top.
    const BASELINE: f64 = LEGEND_FONT + 2.0;
    // (series index or None for the note, text lines, width)
    let mut items: Vec<(Option<usize>, Vec<String>, f64)> = Vec::new();
    if two {
        for (k, s) in series.iter().enumerate() {
            let name = name_or(s.name, if k == 0 { "Serie 1" } else { "Serie 2" });
            let lines = wrap(name, SERIES_VIEW_W - SWATCH - 12.0, LEGEND_FONT);
            let text_w = lines
                .iter()
                .map(|l| text_width(l, LEGEND_FONT))
                .fold(0.0, f64::max);
            items.push((Some(k), lines, SWATCH + 6.0 + text_w));
        }
    }
    if note {
        items.push((
            None,
            vec![MISSING_NOTE.to_string()],
            text_width(MISSING_NOTE, NOTE_FONT),
        ));
    }
    if items.is_empty() {
        return 0.0;
    }
    let (mut x, mut y, mut row_h) = (EDGE, 0.0, ROW);
    for (k, lines, width) in &items {
        if x > EDGE && x + width > SERIES_VIEW_W - EDGE {
            x = EDGE;
            y += row_h;
            row_h = ROW;
        }
        match *k {
            Some(k) => {
                legend_swatch(out, mark, k == 1, hatch, x, y + 4.0, SWATCH);
                text_block_spaced(
                    out,
                    "faro-chart-label",
                    x + SWATCH + 6.0,
                    y + BASELINE,
                    LEGEND_FONT,
                    LINE,
                    "start",
                    lines,
                );
            }
            None => text_block_spaced(
                out,
                "faro-chart-missing",
                x,
                y + BASELINE,
                NOTE_FONT,
                LINE,
                "start",
                lines,
            ),
        }
        row_h = row_h.max(ROW + (lines.len().max(1) - 1) as f64 * LINE);
        x += width + 18.0;
    }
    y + row_h
}

/// A legend key drawn with the same classes and shapes as the series it
/// names (`hatch`: the chart's pattern, for the second series' columns).
pub(super) fn legend_swatch(
    out: &mut String,
    mark: Mark,
    second: bool,
    hatch: &str,
    x: f64,
    y: f64,
    size: f64,
) {
    match mark {
        Mark::Columns => bar_rect(out, second.then_some(hatch), x, y, size, size),
        Mark::Line => {
            let mid = y + size / 2.0;
            // Three points make a short line with the marker in the middle.
            let values = [Some(0u64); 3];
            line_marks(out, &values, second, false, |i, _| {
                (x + i as f64 * size / 2.0, mid)
            });
            dot(out, second, x + size / 2.0, mid);
        }
    }
}
