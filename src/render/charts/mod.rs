//! Charts drawn at build time as SVG markup (docs/content-format.md, "Charts").
//!
//! Three kinds, each a pure function returning a [`Chart`] (an inline
//! `<svg>` and the parts it was drawn from):
//! [`bar_chart`] (one bar per row of a report table), [`time_series`]
//! (months as columns or a line, one or two series side by side) and
//! [`sparkline`] (the last twelve months, tiny). [`standalone`] turns any of
//! them into a self-contained `.svg` file for download or embedding.
//!
//! Rules every chart follows, and why:
//! - `role="img"` and `aria-labelledby` naming its `<title>` and `<desc>`: the
//!   shapes mean nothing to a screen reader, so the `<desc>` says in Spanish
//!   what the chart shows (extremes, trend, months without data).
//! - Classes only, never colours (`chart-bar`, `chart-axis`, …): a site
//!   restyles charts with CSS alone (`themes/igm/static/css/charts.css`).
//!   Font sizes *are* attributes, because label wrapping is computed from them.
//! - A `viewBox` and no pixel size: the chart scales with its container,
//!   down to a 320px phone. Text is horizontal.
//! - A missing value (`None`) is a gap or "sin dato", never a zero.
//! - Nothing depends on hover: numbers are drawn or written in the `<desc>`,
//!   and the page shows the same numbers in a table.
//!
//! How the files fit: `bars`, `series` and `sparkline` each draw one kind of
//! chart from the shared pieces below them: `axes` (ticks and month labels),
//! `marks` (bars, lines, dots, legend), `svg` (elements and numbers) and
//! `text` (width estimates and wrapping). `describe` writes each chart's
//! `<desc>`, `chart` holds a drawn chart and its parts, and `standalone`
//! turns those parts into a file.
//! - The second series differs by pattern (outline + hatch, dashed line,
//!   square markers) as well as colour, so it survives grey-scale printing
//!   and colour blindness. The hatch is one `<pattern>` per chart (its id
//!   made from the chart's, so unique in a page), which each column lays
//!   over itself with `fill="url(#…)"`: drawn as line segments in every
//!   column, hatches were half of a comparison page's bytes.

use crate::load::model::Period;
use crate::render::markdown::escape;
use crate::support::numfmt;
use std::fmt::Write as _;

/// One row of a [`bar_chart`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bar<'a> {
    /// The row's label, any length: it wraps onto several lines.
    pub label: &'a str,
    /// `None` when there is no data: drawn as "sin dato", never as a zero bar.
    pub value: Option<u64>,
}

/// Consecutive monthly values of one indicator, for [`time_series`] and [`sparkline`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Series<'a> {
    /// Legend and description name, e.g. `"2024"`; may be empty for a lone series.
    pub name: &'a str,
    /// The month of `values[0]`; each further value is the next month.
    pub start: Period,
    /// `None` is a month without data: a gap, never a zero.
    pub values: &'a [Option<u64>],
}

/// How a [`time_series`] draws its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// A column per month (grouped when there are two series): a year's months.
    Columns,
    /// A line per series, broken at missing months: long histories.
    Line,
}

/// What a missing bar says.
const MISSING: &str = "sin dato";
/// What a missing column says where "sin dato" does not fit; explained by a note.
const MISSING_SHORT: &str = "s/d";
const MISSING_NOTE: &str = "s/d = sin dato";
const MONTH_ABBR: [&str; 12] = [
    "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic",
];

/// The narrowest box a chart is drawn in, in CSS px: a 320px phone less the
/// page's side margins (1rem each).
const NARROWEST_PX: f64 = 288.0;
/// No chart text renders smaller than this, in CSS px, even in that box.
const MIN_TEXT_PX: f64 = 11.0;

/// The smallest font, in viewBox units, that renders at [`MIN_TEXT_PX`] when a
/// chart `view_w` units wide is scaled down to [`NARROWEST_PX`] (3% to spare
/// for rounding).
const fn min_font(view_w: f64) -> f64 {
    MIN_TEXT_PX * view_w / NARROWEST_PX * 1.03
}

// Bar chart geometry, in viewBox units. Every font is at least `min_font`, so
// labels still render at 11px on a 320px phone.
const BAR_VIEW_W: f64 = 400.0;
const BAR_LABEL_FONT: f64 = min_font(BAR_VIEW_W);
const BAR_LABEL_LINE: f64 = BAR_LABEL_FONT * 1.2;
const BAR_VALUE_FONT: f64 = min_font(BAR_VIEW_W);
const BAR_H: f64 = 18.0;
/// Non-zero values never shrink below this, so a huge outlier cannot hide them.
const MIN_VISIBLE: f64 = 2.0;
const EDGE: f64 = 2.0;

// Time series geometry.
const SERIES_VIEW_W: f64 = 420.0;
const SERIES_PLOT_H: f64 = 190.0;
const LEGEND_FONT: f64 = min_font(SERIES_VIEW_W);
/// Axis labels of both kinds: sized for the wider viewBox, so they fit both.
const TICK_FONT: f64 = min_font(SERIES_VIEW_W);
const TICK_LINE: f64 = TICK_FONT * 1.15;
const NOTE_FONT: f64 = min_font(SERIES_VIEW_W);

// Sparkline geometry: text-free, sized by CSS to a few ems.
const SPARK_W: f64 = 120.0;
const SPARK_H: f64 = 32.0;
const SPARK_PAD: f64 = 3.0;
/// A sparkline shows at most this many months, the most recent ones.
const SPARK_MONTHS: usize = 12;

mod axes;
mod bars;
mod chart;
mod describe;
mod marks;
mod series;
mod sparkline;
mod standalone;
mod svg;
#[cfg(test)]
mod tests;
mod text;

use axes::*;
pub use bars::bar_chart;
pub use chart::{Chart, START as CHART_START};
use describe::*;
use marks::*;
pub use series::time_series;
pub use sparkline::sparkline;
pub use standalone::{standalone, standalone_size};
use svg::*;
use text::*;
