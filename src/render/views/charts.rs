//! Charts as pages hold them (inline, and the standalone file beside the
//! page), and a series' monthly values as charts read them.

use crate::derive::{Series, SeriesFacts};
use crate::load::model::Period;
use crate::render::charts::{self, Chart};
use crate::write::output::{Output, PathError};
use serde::Serialize;

/// A chart drawn for a page: inline SVG, plus the standalone file written
/// next to the page for download or embedding.
#[derive(Serialize, Clone)]
pub(in crate::render) struct ChartOut {
    svg: Chart,
    file: String,
    /// Draws at least one sample value: the page marks it at the chart.
    sample: bool,
    /// The chart's `<title>`, which pages show visibly above it: a chart
    /// under a table heading still needs its own name (which indicator,
    /// which months, which unit).
    title: String,
}

impl ChartOut {
    pub(in crate::render) fn new(file: String, svg: Chart) -> Self {
        let title = svg.title().to_string();
        ChartOut {
            svg,
            file,
            title,
            sample: false,
        }
    }
    /// Marks the chart as drawing sample values (see [`sample_title`]).
    pub(in crate::render) fn with_sample(self, sample: bool) -> Self {
        ChartOut { sample, ..self }
    }
    pub(in crate::render) fn file(self, css: &str) -> Result<Output, PathError> {
        Output::new(self.file, charts::standalone(&self.svg, css))
    }
}

/// A chart's title, marked when it draws sample values: the standalone SVG
/// draws its title, so a downloaded chart carries the mark too.
pub(in crate::render) fn sample_title(title: String, sample: bool) -> String {
    if sample {
        format!("{title} — incluye datos de ejemplo")
    } else {
        title
    }
}

/// `count` consecutive months of a series from `start`; `None` where a month has no value.
pub(in crate::render) fn monthly_values(
    s: &Series,
    start: Period,
    count: usize,
) -> Vec<Option<u64>> {
    std::iter::successors(Some(start), |p| Some(p.next_month()))
        .take(count)
        .map(|p| s.value(p))
        .collect()
}

/// The last twelve months up to the series' latest value, as a sparkline.
pub(in crate::render) fn sparkline_of(
    s: &Series,
    facts: &SeriesFacts,
    prefix: &str,
) -> Option<String> {
    let (last, _) = facts.latest?;
    let start = (0..11).fold(last, |p, _| p.previous_month());
    let values = monthly_values(s, start, 12);
    let line = charts::Series {
        name: "",
        start,
        values: &values,
    };
    Some(
        charts::sparkline(
            &format!("{prefix}-{}-{}", s.table_id, s.row_id),
            &format!("{}: últimos 12 meses", s.label),
            &line,
        )
        .into(),
    )
}
