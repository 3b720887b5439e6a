//! Indicators as the indicator, comparison and year pages show them,
//! grouped under their tables, and a year page's table of monthly values.

use super::charts::{ChartOut, monthly_values};
use crate::derive::{self, Series, SeriesFacts};
use crate::load::model::Period;
use serde::Serialize;

pub(in crate::render) fn indicator_url(s: &Series) -> String {
    format!("indicadores/{}/{}/", s.table_id, s.row_id)
}

/// Something shown under its table's heading on indicator and comparison pages.
pub(in crate::render) trait InTable {
    fn table_key(&self) -> (Option<u32>, String, String);
}

#[derive(Serialize)]
pub(in crate::render) struct TableGroup<T> {
    id: String,
    number: Option<u32>,
    title: String,
    items: Vec<T>,
}

/// Groups items by table, keeping the order in which tables first appear.
pub(in crate::render) fn group_by_table<T: InTable>(items: Vec<T>) -> Vec<TableGroup<T>> {
    let mut groups: Vec<TableGroup<T>> = Vec::new();
    for item in items {
        let (number, id, title) = item.table_key();
        match groups.iter_mut().find(|g| g.id == id) {
            Some(g) => g.items.push(item),
            None => groups.push(TableGroup {
                id,
                number,
                title,
                items: vec![item],
            }),
        }
    }
    groups
}

/// An indicator's comparison of two years, with what templates need to show it.
#[derive(Serialize)]
pub(in crate::render) struct IndicatorView {
    url: String,
    pub(in crate::render) table_id: String,
    table_number: Option<u32>,
    table_title: String,
    former_labels: Vec<String>,
    comparable_name: String,
    pub(in crate::render) chart: Option<ChartOut>,
    #[serde(flatten)]
    pub(in crate::render) comparison: derive::IndicatorComparison,
}

impl IndicatorView {
    pub(in crate::render) fn new(s: &Series, comparison: derive::IndicatorComparison) -> Self {
        IndicatorView {
            url: indicator_url(s),
            table_id: s.table_id.clone(),
            table_number: s.table_number,
            table_title: s.table_title.clone(),
            former_labels: s.former_labels.clone(),
            comparable_name: comparison.comparable.name.clone(),
            chart: None,
            comparison,
        }
    }
}

impl IndicatorView {
    pub(in crate::render) fn row_id(&self) -> &str {
        self.comparison.id.rsplit('/').next().unwrap_or("")
    }
}

impl InTable for IndicatorView {
    fn table_key(&self) -> (Option<u32>, String, String) {
        (
            self.table_number,
            self.table_id.clone(),
            self.table_title.clone(),
        )
    }
}

/// An indicator as listed in `/indicadores/`.
#[derive(Serialize)]
pub(in crate::render) struct IndicatorSummary {
    id: String,
    url: String,
    label: String,
    former_labels: Vec<String>,
    unit: String,
    table_id: String,
    table_number: Option<u32>,
    table_title: String,
    sample: bool,
    latest: Option<(Period, u64)>,
    trend: Option<derive::Delta>,
    first: Option<Period>,
    months: usize,
    pub(in crate::render) spark: Option<String>,
}

impl IndicatorSummary {
    pub(in crate::render) fn new(s: &Series, facts: &SeriesFacts) -> Self {
        IndicatorSummary {
            id: s.id.clone(),
            url: indicator_url(s),
            label: s.label.clone(),
            former_labels: s.former_labels.clone(),
            unit: s.unit.clone(),
            table_id: s.table_id.clone(),
            table_number: s.table_number,
            table_title: s.table_title.clone(),
            sample: s.sample,
            latest: facts.latest,
            trend: facts.trend,
            first: s.points.keys().next().copied(),
            months: s.points.len(),
            spark: None,
        }
    }
}

impl InTable for IndicatorSummary {
    fn table_key(&self) -> (Option<u32>, String, String) {
        (
            self.table_number,
            self.table_id.clone(),
            self.table_title.clone(),
        )
    }
}

#[derive(Serialize)]
pub(in crate::render) struct HistoryPoint {
    pub(in crate::render) period: Period,
    pub(in crate::render) value: u64,
    pub(in crate::render) sample: bool,
    pub(in crate::render) report: String,
    pub(in crate::render) changes: derive::RowChanges,
}

#[derive(Serialize)]
pub(in crate::render) struct YearTotalView {
    comparable_name: String,
    #[serde(flatten)]
    total: derive::YearTotal,
}

impl From<&derive::YearTotal> for YearTotalView {
    fn from(total: &derive::YearTotal) -> Self {
        YearTotalView {
            comparable_name: total.comparable_name.clone(),
            total: total.clone(),
        }
    }
}

/// One indicator's twelve values of a year, a column of the year page's table.
pub(in crate::render) struct MonthlyColumn {
    label: String,
    values: Vec<Option<u64>>,
    table: (Option<u32>, String, String),
}

impl MonthlyColumn {
    pub(in crate::render) fn of(v: &IndicatorView, series: &[Series], year: i32) -> Self {
        let values = series
            .iter()
            .find(|s| s.id == v.comparison.id)
            .map(|s| monthly_values(s, Period { year, month: 1 }, 12))
            .unwrap_or_default();
        MonthlyColumn {
            label: v.comparison.label.clone(),
            values,
            table: v.table_key(),
        }
    }
}

impl InTable for MonthlyColumn {
    fn table_key(&self) -> (Option<u32>, String, String) {
        self.table.clone()
    }
}

/// A table's indicators month by month: the numbers behind the year's charts.
#[derive(Serialize)]
pub(in crate::render) struct MonthlyTable {
    id: String,
    number: Option<u32>,
    title: String,
    labels: Vec<String>,
    /// One row per month with data: the month and a value per indicator.
    rows: Vec<(u32, Vec<Option<u64>>)>,
}

impl From<TableGroup<MonthlyColumn>> for MonthlyTable {
    fn from(g: TableGroup<MonthlyColumn>) -> Self {
        let rows = (0..12usize)
            .map(|m| {
                (
                    m as u32 + 1,
                    g.items
                        .iter()
                        .map(|c| c.values.get(m).copied().flatten())
                        .collect::<Vec<_>>(),
                )
            })
            .filter(|(_, vals)| vals.iter().any(Option::is_some))
            .collect();
        MonthlyTable {
            id: g.id,
            number: g.number,
            title: g.title,
            labels: g.items.iter().map(|c| c.label.clone()).collect(),
            rows,
        }
    }
}
