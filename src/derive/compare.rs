//! Comparisons of an indicator across months and years: a year against the
//! one before (`/comparar/YYYY/`), year to date (the year pages), yearly
//! totals and the latest trend (the indicator pages). The rules are the
//! module's (`crate::derive`); the values are read from each series'
//! [`Months`].

use super::months::Months;
use super::{Delta, Series, delta};
use crate::load::model::Period;
use crate::support::numfmt::month_name;
use serde::Serialize;

/// A year against the one before, every indicator: `/comparar/YYYY/datos.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearComparison {
    pub year: i32,
    pub previous_year: i32,
    pub indicators: Vec<IndicatorComparison>,
    /// True when any value compared is sample data (an addition to the contract).
    pub sample: bool,
}

/// One indicator, a year against the one before.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorComparison {
    /// `table-id/row-id`.
    pub id: String,
    /// Latest label.
    pub label: String,
    pub unit: String,
    /// All twelve months, January first.
    pub months: Vec<MonthComparison>,
    pub comparable: Comparable,
    pub totals: Totals,
    /// True when any value of either year is sample data (an addition to the contract).
    pub sample: bool,
    #[serde(skip)]
    pub table_id: String,
    #[serde(skip)]
    pub table_title: String,
    #[serde(skip)]
    pub table_number: Option<u32>,
}

/// One month side by side; `None` (null) where a value does not exist.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MonthComparison {
    pub month: u32,
    pub previous: Option<u64>,
    pub current: Option<u64>,
    pub change: Option<i64>,
    pub percent: Option<f64>,
    /// Present (true) only when that side's value is sample data.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub previous_sample: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub current_sample: bool,
}

/// Sums over the months present in both years. When there are none, `months`
/// is empty and everything else is `None`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparable {
    pub months: Vec<u32>,
    pub previous: Option<u64>,
    pub current: Option<u64>,
    pub change: Option<i64>,
    pub percent: Option<f64>,
    /// Present (true) only when a month summed on that side is sample data.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub previous_sample: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub current_sample: bool,
    /// The months named in Spanish, e.g. `"enero–marzo"` (see [`month_span_name`]).
    #[serde(skip)]
    pub name: String,
}

/// Each year's own total and how many months it covers; a total is `None`
/// when its year has no month.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Totals {
    pub previous: Option<u64>,
    pub previous_months: u32,
    pub current: Option<u64>,
    pub current_months: u32,
}

/// `year` against `year − 1` for every indicator present in either year, in
/// series order, given each series' values (`months`, in the same order).
/// `None` when either year has no value at all (see
/// [`super::comparable_years`]).
pub(super) fn year_comparison(
    series: &[Series],
    months: &[Months],
    year: i32,
) -> Option<YearComparison> {
    let previous_year = year.checked_sub(1)?;
    let any = |y: i32| months.iter().any(|m| m.has_year(y));
    if !any(year) || !any(previous_year) {
        return None;
    }
    let indicators: Vec<IndicatorComparison> = series
        .iter()
        .zip(months)
        .filter(|(_, m)| m.has_year(year) || m.has_year(previous_year))
        .map(|(s, m)| compare(s, m, year, previous_year))
        .collect();
    Some(YearComparison {
        year,
        previous_year,
        sample: indicators.iter().any(|i| i.sample),
        indicators,
    })
}

/// Totals so far for `year` against the same months of the year before, for
/// the year pages, given the series' `values`. `None` when the series has
/// no value in `year`.
pub(super) fn year_to_date(
    series: &Series,
    values: &Months,
    year: i32,
) -> Option<IndicatorComparison> {
    let previous_year = year.checked_sub(1)?;
    values
        .has_year(year)
        .then(|| compare(series, values, year, previous_year))
}

/// `series` (its `values`) in `year` against `previous_year`.
fn compare(series: &Series, values: &Months, year: i32, previous_year: i32) -> IndicatorComparison {
    let months = (1..=12)
        .map(|month| {
            let previous = values.value(Period {
                year: previous_year,
                month,
            });
            let current = values.value(Period { year, month });
            let d = delta(previous, current);
            MonthComparison {
                month,
                previous,
                current,
                change: d.map(|d| d.change),
                percent: d.and_then(|d| d.percent),
                previous_sample: values.is_sample(Period {
                    year: previous_year,
                    month,
                }),
                current_sample: values.is_sample(Period { year, month }),
            }
        })
        .collect();
    let (previous, previous_months) = year_total(values, previous_year);
    let (current, current_months) = year_total(values, year);
    IndicatorComparison {
        id: series.id.clone(),
        label: series.label.clone(),
        unit: series.unit.clone(),
        months,
        comparable: comparable(values, year, previous_year),
        totals: Totals {
            previous,
            previous_months,
            current,
            current_months,
        },
        sample: values
            .year(previous_year)
            .chain(values.year(year))
            .any(|c| c.sample),
        table_id: series.table_id.clone(),
        table_title: series.table_title.clone(),
        table_number: series.table_number,
    }
}

/// A year's own total (checked; `None` when it has no month) and its month count.
fn year_total(values: &Months, year: i32) -> (Option<u64>, u32) {
    let mut months = 0;
    let mut total = Some(0u64);
    for cell in values.year(year) {
        months += 1;
        total = total.and_then(|t| t.checked_add(cell.value));
    }
    (if months == 0 { None } else { total }, months)
}

fn comparable(values: &Months, year: i32, previous_year: i32) -> Comparable {
    let mut months = Vec::new();
    let mut previous = Some(0u64);
    let mut current = Some(0u64);
    let (mut previous_sample, mut current_sample) = (false, false);
    for month in 1..=12 {
        let p = values.get(Period {
            year: previous_year,
            month,
        });
        let c = values.get(Period { year, month });
        if let (Some(p), Some(c)) = (p, c) {
            months.push(month);
            previous_sample |= p.sample;
            current_sample |= c.sample;
            previous = previous.and_then(|t| t.checked_add(p.value));
            current = current.and_then(|t| t.checked_add(c.value));
        }
    }
    if months.is_empty() {
        previous = None;
        current = None;
    }
    let d = delta(previous, current);
    Comparable {
        name: month_span_name(&months),
        months,
        previous,
        current,
        change: d.map(|d| d.change),
        percent: d.and_then(|d| d.percent),
        previous_sample,
        current_sample,
    }
}

/// One year of an indicator's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearTotal {
    pub year: i32,
    /// Sum of the year's values (saturating; unreachable with real counts).
    pub total: u64,
    /// How many months have a value.
    pub months: u32,
    /// Against the year before, summed over `comparable_months` only; `None`
    /// when no month is present in both years.
    pub change_vs_previous: Option<Delta>,
    /// Months present in both this year and the one before.
    pub comparable_months: Vec<u32>,
    /// Those months named in Spanish (see [`month_span_name`]).
    #[serde(skip)]
    pub comparable_name: String,
}

/// An indicator's total per year, from its `values`, oldest first, each
/// with its change against the year before over the months both years have.
pub(super) fn yearly_totals(values: &Months) -> Vec<YearTotal> {
    values
        .years()
        .map(|year| {
            let (total, months) = values
                .year(year)
                .fold((0u64, 0u32), |(t, m), c| (t.saturating_add(c.value), m + 1));
            let cmp = match year.checked_sub(1) {
                Some(previous_year) => comparable(values, year, previous_year),
                None => comparable_none(),
            };
            YearTotal {
                year,
                total,
                months,
                change_vs_previous: delta(cmp.previous, cmp.current),
                comparable_name: cmp.name,
                comparable_months: cmp.months,
            }
        })
        .collect()
}

fn comparable_none() -> Comparable {
    Comparable {
        months: Vec::new(),
        previous: None,
        current: None,
        change: None,
        percent: None,
        previous_sample: false,
        current_sample: false,
        name: String::new(),
    }
}

/// The latest value of the series and its month.
pub fn latest(series: &Series) -> Option<(Period, u64)> {
    series
        .points
        .last_key_value()
        .map(|(period, point)| (*period, point.value))
}

/// The indicator's trend for the index: its latest value against the same
/// month one year before. Year over year rather than month over month because
/// the counts are seasonal; `None` when that month has no value (no fallback
/// to another month, so the figure always means the same thing).
pub fn trend(series: &Series) -> Option<Delta> {
    let (period, value) = latest(series)?;
    delta(series.value(period.same_month_previous_year()), Some(value))
}

/// Names months in Spanish, runs joined by en dashes:
/// `[1, 2, 3]` → `"enero–marzo"`, `[1]` → `"enero"`,
/// `[1, 2, 4]` → `"enero–febrero y abril"`, `[]` → `""`.
/// Input order and duplicates do not matter; months outside 1–12 are ignored.
pub fn month_span_name(months: &[u32]) -> String {
    // Called for every indicator and pair of years on each derive (about
    // 1,800 times on the 1,200-report archive, at every save in the
    // preview): a month table and one string, no set or list of parts.
    let mut present = [false; 13];
    for &m in months {
        if (1..=12).contains(&m) {
            present[m as usize] = true;
        }
    }
    // At most six runs: each but the first starts after a missing month.
    let mut runs = [(0u32, 0u32); 6];
    let mut count = 0;
    for m in 1..=12u32 {
        if !present[m as usize] {
            continue;
        }
        if count > 0 && runs[count - 1].1 + 1 == m {
            runs[count - 1].1 = m;
        } else {
            runs[count] = (m, m);
            count += 1;
        }
    }
    let mut name = String::new();
    for (i, &(start, end)) in runs[..count].iter().enumerate() {
        if i > 0 {
            name.push_str(if i + 1 == count { " y " } else { ", " });
        }
        name.push_str(month_name(start));
        if end != start {
            name.push('–');
            name.push_str(month_name(end));
        }
    }
    name
}
