//! Derivation: indicator series and comparisons, from the archive's reports.
//!
//! Pure functions: no I/O, no HTML. Everything here is `Serialize` so templates
//! and data files can use it directly.
//!
//! The rules (docs/content-format.md, "Comparisons"):
//! - An indicator is `table-id/row-id`. A month's value exists only if a
//!   non-draft report of that month lists it; a missing month is *no data*,
//!   never zero.
//! - change = current − previous; percent = change / previous × 100, rounded
//!   to one decimal (half away from zero); no percent when previous is 0.
//! - Sums across months are compared only over the months present in both
//!   years, so a partial year is never compared against a full one.
//!
//! Arithmetic never panics: differences are computed in `i128`, sums are
//! checked. A change that does not fit in an `i64`, or a sum that overflows a
//! `u64`, is treated as "not available" (unreachable with real counts).

mod compare;
pub mod data_quality;
mod months;
pub mod quality;

pub use compare::{
    Comparable, IndicatorComparison, MonthComparison, Totals, YearComparison, YearTotal, latest,
    month_span_name, trend,
};

use crate::load::model::{Period, Report};
use months::Months;
use serde::{Serialize, Serializer};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// One month's value of an indicator.
#[derive(Debug, Clone, PartialEq, Hash, Serialize)]
pub struct Point {
    pub value: u64,
    /// The report is marked `sample: true` (demonstration data).
    pub sample: bool,
    /// The report it comes from (`content/informes/2024/01/index.md`).
    pub source: PathBuf,
}

/// An indicator's whole history across the published (non-draft) reports.
///
/// Descriptive fields (`table_title`, `table_number`, `unit`, `label`) are those
/// of the latest report that lists the indicator.
/// `Hash` covers every field, as `Serialize` does (the preview's
/// fingerprints hash series this way: it is quicker than their JSON).
#[derive(Debug, Clone, PartialEq, Hash, Serialize)]
pub struct Series {
    /// `table-id/row-id`, e.g. `visas-residencias/visas-emitidas`.
    pub id: String,
    pub table_id: String,
    pub row_id: String,
    pub table_title: String,
    pub table_number: Option<u32>,
    pub unit: String,
    pub label: String,
    /// Distinct labels used before the latest one, oldest first (the latest excluded).
    pub former_labels: Vec<String>,
    /// True when any point is sample data.
    pub sample: bool,
    /// Serialized as a chronological list of
    /// `{"period": "2024-01", "year", "month", "value", "sample", "source"}`.
    #[serde(serialize_with = "points_as_list")]
    pub points: BTreeMap<Period, Point>,
}

impl Series {
    /// The series `table_id/row_id` with no point and no description yet.
    fn empty(table_id: &str, row_id: &str) -> Series {
        Series {
            id: format!("{table_id}/{row_id}"),
            table_id: table_id.to_string(),
            row_id: row_id.to_string(),
            table_title: String::new(),
            table_number: None,
            unit: String::new(),
            label: String::new(),
            former_labels: Vec::new(),
            sample: false,
            points: BTreeMap::new(),
        }
    }

    /// The value for `period`, if a published report lists it.
    pub fn value(&self, period: Period) -> Option<u64> {
        self.points.get(&period).map(|p| p.value)
    }

    /// True when `period`'s value exists and is sample data.
    pub fn is_sample(&self, period: Period) -> bool {
        self.points.get(&period).is_some_and(|p| p.sample)
    }

    /// True when any of `year`'s values is sample data.
    pub fn year_points_sample(&self, year: i32) -> bool {
        self.year_points(year).any(|(_, p)| p.sample)
    }

    /// True when the series has at least one value in `year`.
    pub fn has_year(&self, year: i32) -> bool {
        self.year_points(year).next().is_some()
    }

    fn year_points(&self, year: i32) -> impl Iterator<Item = (&Period, &Point)> {
        self.points.range(
            Period { year, month: 0 }..=Period {
                year,
                month: u32::MAX,
            },
        )
    }
}

fn points_as_list<S: Serializer>(
    points: &BTreeMap<Period, Point>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Entry<'a> {
        period: String,
        year: i32,
        month: u32,
        value: u64,
        sample: bool,
        source: &'a Path,
    }
    serializer.collect_seq(points.iter().map(|(period, point)| Entry {
        period: period.to_string(),
        year: period.year,
        month: period.month,
        value: point.value,
        sample: point.sample,
        source: &point.source,
    }))
}

/// Everything derived from an archive's reports, computed once per run
/// (`Derived::of`) and handed to rendering, which derives nothing itself.
#[derive(Debug, Clone, Default)]
pub struct Derived {
    /// One series per indicator, from [`series`].
    pub series: Vec<Series>,
    /// What each series shows besides its points, in the same order.
    pub facts: Vec<SeriesFacts>,
    /// The years with a comparison page ([`comparable_years`]).
    pub comparable_years: Vec<i32>,
    /// The comparison of each of `comparable_years`, in the same order.
    pub comparisons: Vec<YearComparison>,
    /// Each report's rows' changes (by report, in the archive's order, then
    /// by table and row; `None`: a row of no series, e.g. a draft's new row).
    pub report_changes: Vec<ReportChanges>,
    /// Each series' position by id.
    index: HashMap<String, usize>,
}

/// `report`'s rows' changes, each against the series of its table and row
/// (`by_ids`: its position in `values`).
fn changes_of(
    report: &Report,
    by_ids: &HashMap<(&str, &str), usize>,
    values: &[Months],
) -> ReportChanges {
    report
        .tables
        .iter()
        .map(|t| {
            t.rows
                .iter()
                .map(|row| {
                    let series = values.get(*by_ids.get(&(&t.id, &row.id))?)?;
                    Some(row_changes(series, report.period, row.value))
                })
                .collect()
        })
        .collect()
}

/// A report's rows' changes, by table then row (see [`Derived::report_changes`]).
pub type ReportChanges = Vec<Vec<Option<RowChanges>>>;

/// What is derived from one series for its pages.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesFacts {
    /// Its latest value and month ([`latest`]).
    pub latest: Option<(Period, u64)>,
    /// [`trend`].
    pub trend: Option<Delta>,
    /// `compare::yearly_totals`.
    pub yearly_totals: Vec<YearTotal>,
    /// The changes at each of its points, in the points' order (`row_changes`).
    pub point_changes: Vec<RowChanges>,
    /// `compare::year_to_date` for each year it has a value in.
    pub year_to_date: BTreeMap<i32, IndicatorComparison>,
}

impl SeriesFacts {
    fn of(s: &Series, values: &Months) -> Self {
        SeriesFacts {
            latest: latest(s),
            trend: trend(s),
            yearly_totals: compare::yearly_totals(values),
            point_changes: s
                .points
                .iter()
                .map(|(p, point)| row_changes(values, *p, Some(point.value)))
                .collect(),
            year_to_date: values
                .years()
                .filter_map(|y| Some((y, compare::year_to_date(s, values, y)?)))
                .collect(),
        }
    }
}

impl Derived {
    /// Derives everything from `reports` (drafts included: their rows get
    /// changes against the published series, but add no point to it).
    pub fn of(reports: &[Report]) -> Self {
        use rayon::prelude::*;
        let series = series(reports);
        let values: Vec<Months> = series.par_iter().map(Months::of).collect();
        let comparable_years = comparable_years(&series);
        let by_ids: HashMap<(&str, &str), usize> = series
            .iter()
            .enumerate()
            .map(|(i, s)| ((s.table_id.as_str(), s.row_id.as_str()), i))
            .collect();
        // Three independent derivations, side by side.
        let (comparisons, (facts, report_changes)) = rayon::join(
            || {
                comparable_years
                    .par_iter()
                    .filter_map(|y| compare::year_comparison(&series, &values, *y))
                    .collect()
            },
            || {
                rayon::join(
                    || {
                        series
                            .par_iter()
                            .zip(&values)
                            .map(|(s, v)| SeriesFacts::of(s, v))
                            .collect()
                    },
                    || {
                        reports
                            .par_iter()
                            .map(|r| changes_of(r, &by_ids, &values))
                            .collect()
                    },
                )
            },
        );
        let index: HashMap<String, usize> = series
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        Derived {
            series,
            facts,
            comparable_years,
            comparisons,
            report_changes,
            index,
        }
    }

    /// The position of the series `id` (`table-id/row-id`).
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The comparison of `year` with the year before, if it has one.
    pub fn comparison(&self, year: i32) -> Option<&YearComparison> {
        self.comparisons.iter().find(|c| c.year == year)
    }

    /// The series with a value in `year`, each with its year-to-date figures.
    pub fn year_to_date(&self, year: i32) -> impl Iterator<Item = (&Series, &IndicatorComparison)> {
        self.series
            .iter()
            .zip(&self.facts)
            .filter_map(move |(s, f)| Some((s, f.year_to_date.get(&year)?)))
    }
}

/// Builds one series per indicator from the non-draft reports (drafts and
/// empty values are ignored), in order of first appearance: table order, then
/// row order, in the earliest report where an indicator appears; indicators
/// that appear later come after. `reports` need not be sorted.
pub fn series(reports: &[Report]) -> Vec<Series> {
    let mut published: Vec<&Report> = reports.iter().filter(|r| !r.draft).collect();
    published.sort_by_key(|r| r.period);

    let mut out: Vec<Series> = Vec::new();
    // Distinct labels per series, in order of first use.
    let mut labels: Vec<Vec<String>> = Vec::new();
    // By table and row id, borrowed: the id is written once per series,
    // not once per value.
    let mut index: HashMap<(&str, &str), usize> = HashMap::new();

    for report in published {
        for table in &report.tables {
            for row in &table.rows {
                let Some(value) = row.value else { continue };
                let i = *index.entry((&table.id, &row.id)).or_insert_with(|| {
                    out.push(Series::empty(&table.id, &row.id));
                    labels.push(Vec::new());
                    out.len() - 1
                });
                let (Some(s), Some(seen)) = (out.get_mut(i), labels.get_mut(i)) else {
                    continue;
                };
                // Reports come oldest first: the last write is the latest.
                s.table_title.clone_from(&table.title);
                s.table_number = table.number;
                s.unit.clone_from(&table.unit);
                s.label.clone_from(&row.label);
                s.sample |= report.sample;
                if !seen.contains(&row.label) {
                    seen.push(row.label.clone());
                }
                s.points.insert(
                    report.period,
                    Point {
                        value,
                        sample: report.sample,
                        source: report.source.clone(),
                    },
                );
            }
        }
    }

    for (s, seen) in out.iter_mut().zip(labels) {
        s.former_labels = seen.into_iter().filter(|l| *l != s.label).collect();
    }
    out
}

/// A change from a previous value to the current one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Delta {
    pub previous: u64,
    /// current − previous.
    pub change: i64,
    /// change / previous × 100, one decimal; `None` when previous is 0.
    pub percent: Option<f64>,
    /// The previous value is sample data: a real figure compared with a
    /// demonstration one must say so where the change is shown.
    pub previous_sample: bool,
}

/// The change from `previous` to `current`; `None` when either is missing
/// (or, unreachably for real counts, when the change does not fit in `i64`).
pub fn delta(previous: Option<u64>, current: Option<u64>) -> Option<Delta> {
    let (previous, current) = (previous?, current?);
    let change = i128::from(current) - i128::from(previous);
    Some(Delta {
        previous,
        change: i64::try_from(change).ok()?,
        percent: percent(previous, change),
        previous_sample: false,
    })
}

/// `change / previous × 100` rounded to one decimal, half away from zero,
/// computed exactly in integers. Never `-0.0`.
fn percent(previous: u64, change: i128) -> Option<f64> {
    if previous == 0 {
        return None;
    }
    let p = u128::from(previous);
    // |change| < 2^64, so |change| × 2000 + p fits easily in u128.
    let tenths = (change.unsigned_abs() * 2000 + p) / (2 * p);
    let value = tenths as f64 / 10.0;
    Some(if change < 0 && tenths > 0 {
        -value
    } else {
        value
    })
}

/// A report row's changes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RowChanges {
    /// Against the same month of the previous year.
    pub year_over_year: Option<Delta>,
    /// Against the previous month (January against the previous December).
    pub month_over_month: Option<Delta>,
}

/// The changes of `current`, a value at `period`, against a series' values
/// (its own value there, or one not in it, such as a draft's previewed with
/// `--drafts`).
fn row_changes(values: &Months, period: Period, current: Option<u64>) -> RowChanges {
    let against = |p: Period| {
        let previous = values.get(p);
        delta(previous.map(|c| c.value), current).map(|d| Delta {
            previous_sample: previous.is_some_and(|c| c.sample),
            ..d
        })
    };
    RowChanges {
        year_over_year: against(period.same_month_previous_year()),
        month_over_month: against(period.previous_month()),
    }
}

/// Years Y, ascending, where both Y and Y−1 have at least one value in any series:
/// the years that get a `/comparar/Y/` page.
pub fn comparable_years(series: &[Series]) -> Vec<i32> {
    let years: BTreeSet<i32> = series
        .iter()
        .flat_map(|s| s.points.keys().map(|p| p.year))
        .collect();
    years
        .iter()
        .copied()
        .filter(|y| y.checked_sub(1).is_some_and(|prev| years.contains(&prev)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::model::{Row, Table};
    use serde_json::json;

    // The derivations of one series or of all, as `Derived::of` makes them.
    fn year_comparison(series: &[Series], year: i32) -> Option<YearComparison> {
        let values: Vec<Months> = series.iter().map(Months::of).collect();
        compare::year_comparison(series, &values, year)
    }
    fn year_to_date(series: &Series, year: i32) -> Option<IndicatorComparison> {
        compare::year_to_date(series, &Months::of(series), year)
    }
    fn yearly_totals(series: &Series) -> Vec<YearTotal> {
        compare::yearly_totals(&Months::of(series))
    }
    fn row_changes(series: &Series, period: Period) -> RowChanges {
        row_changes_for_value(series, period, series.value(period))
    }
    fn row_changes_for_value(series: &Series, period: Period, current: Option<u64>) -> RowChanges {
        super::row_changes(&Months::of(series), period, current)
    }

    fn period(year: i32, month: u32) -> Period {
        Period { year, month }
    }

    /// `(row_id, label, value)`.
    type RowSpec<'a> = (&'a str, &'a str, Option<u64>);

    /// A report with one table per `(table_id, rows)`.
    fn report(year: i32, month: u32, tables: &[(&str, &[RowSpec])]) -> Report {
        Report {
            tables: tables
                .iter()
                .enumerate()
                .map(|(i, (id, rows))| Table {
                    number: Some(i as u32 + 1),
                    id: id.to_string(),
                    title: format!("Cuadro {id}"),
                    caption: None,
                    unit: "Cantidad de documentos".to_string(),
                    source: None,
                    total: None,
                    rows: rows
                        .iter()
                        .map(|(id, label, value)| Row {
                            id: id.to_string(),
                            label: label.to_string(),
                            value: *value,
                            line: 0,
                        })
                        .collect(),
                    line: 0,
                })
                .collect(),
            ..Report::empty(period(year, month))
        }
    }

    /// One indicator `visas-residencias/visas-emitidas` with the given values.
    fn visas(year: i32, month: u32, value: u64) -> Report {
        report(
            year,
            month,
            &[(
                "visas-residencias",
                &[("visas-emitidas", "Visas emitidas", Some(value))],
            )],
        )
    }

    fn d(previous: u64, change: i64, percent: Option<f64>) -> Option<Delta> {
        Some(Delta {
            previous,
            change,
            percent,
            previous_sample: false,
        })
    }

    #[test]
    fn percent_rounding() {
        assert_eq!(delta(Some(150), Some(158)), d(150, 8, Some(5.3)));
        // 8 / 158 = 5.06…%
        assert_eq!(delta(Some(158), Some(150)), d(158, -8, Some(-5.1)));
        // Exactly half a tenth rounds away from zero: 1 / 2000 = 0.05%.
        assert_eq!(delta(Some(2000), Some(2001)), d(2000, 1, Some(0.1)));
        assert_eq!(delta(Some(2000), Some(1999)), d(2000, -1, Some(-0.1)));
        // A tiny decrease is 0.0, never -0.0.
        let tiny = delta(Some(100_000), Some(99_999)).and_then(|d| d.percent);
        assert!(tiny.is_some_and(|p| p == 0.0 && p.is_sign_positive()));
        assert_eq!(delta(Some(40), Some(40)), d(40, 0, Some(0.0)));
        assert_eq!(delta(Some(1), Some(3)), d(1, 2, Some(200.0)));
    }

    #[test]
    fn previous_zero_has_no_percent() {
        assert_eq!(delta(Some(0), Some(5)), d(0, 5, None));
        assert_eq!(delta(Some(0), Some(0)), d(0, 0, None));
        let s = series(&[visas(2023, 1, 0), visas(2024, 1, 7)]);
        let cmp = year_comparison(&s, 2024).expect("both years have data");
        let jan = cmp.indicators[0].months[0];
        assert_eq!((jan.change, jan.percent), (Some(7), None));
        assert_eq!(cmp.indicators[0].comparable.percent, None);
        assert_eq!(cmp.indicators[0].comparable.change, Some(7));
    }

    #[test]
    fn missing_values_give_no_delta() {
        assert_eq!(delta(None, Some(5)), None);
        assert_eq!(delta(Some(5), None), None);
        assert_eq!(delta(None, None), None);
    }

    #[test]
    fn huge_values_never_panic() {
        assert_eq!(delta(Some(0), Some(u64::MAX)), None);
        let big = delta(Some(u64::MAX), Some(u64::MAX - 1)).expect("fits");
        assert_eq!(big.change, -1);
        assert!(
            big.percent
                .is_some_and(|p| p == 0.0 && p.is_sign_positive())
        );
        let s = series(&[
            visas(2023, 1, u64::MAX),
            visas(2023, 2, u64::MAX),
            visas(2024, 1, 1),
            visas(2024, 2, 1),
        ]);
        let totals = yearly_totals(&s[0]);
        assert_eq!(totals[0].total, u64::MAX);
        assert_eq!(totals[1].change_vs_previous, None);
        let cmp = year_comparison(&s, 2024).expect("both years have data");
        let ind = &cmp.indicators[0];
        assert_eq!(ind.totals.previous, None);
        assert_eq!(ind.totals.previous_months, 2);
        assert_eq!(ind.comparable.previous, None);
        assert_eq!(ind.comparable.months, vec![1, 2]);
        assert_eq!(year_comparison(&s, i32::MIN), None);
        assert_eq!(year_to_date(&s[0], i32::MIN), None);
    }

    #[test]
    fn missing_months_are_no_data() {
        let s = series(&[visas(2023, 1, 10), visas(2023, 3, 30), visas(2024, 3, 33)]);
        let v = &s[0];
        assert_eq!(v.value(period(2023, 2)), None);
        // March against a missing February: no month-over-month change.
        let ch = row_changes(v, period(2023, 3));
        assert_eq!(ch.month_over_month, None);
        assert_eq!(ch.year_over_year, None);
        assert_eq!(
            row_changes(v, period(2024, 3)).year_over_year,
            d(30, 3, Some(10.0))
        );

        let cmp = year_comparison(&s, 2024).expect("both years have data");
        let ind = &cmp.indicators[0];
        assert_eq!(ind.months.len(), 12);
        let jan = ind.months[0];
        assert_eq!(
            (jan.previous, jan.current, jan.change),
            (Some(10), None, None)
        );
        let feb = ind.months[1];
        assert_eq!((feb.previous, feb.current, feb.change), (None, None, None));
        assert_eq!(ind.comparable.months, vec![3]);
        assert_eq!(ind.comparable.name, "marzo");
        assert_eq!(
            (ind.comparable.previous, ind.comparable.current),
            (Some(30), Some(33))
        );
        assert_eq!(ind.totals.previous, Some(40));
        assert_eq!(ind.totals.previous_months, 2);
    }

    #[test]
    fn partial_year_against_full_year() {
        let mut reports: Vec<Report> = (1..=12).map(|m| visas(2023, m, 150)).collect();
        reports.push(visas(2024, 1, 158));
        let s = series(&reports);
        let cmp = year_comparison(&s, 2024).expect("both years have data");
        let ind = &cmp.indicators[0];
        assert_eq!(ind.comparable.months, vec![1]);
        assert_eq!(ind.comparable.previous, Some(150));
        assert_eq!(ind.comparable.current, Some(158));
        assert_eq!(ind.comparable.change, Some(8));
        assert_eq!(ind.comparable.percent, Some(5.3));
        assert_eq!(
            ind.totals,
            Totals {
                previous: Some(1800),
                previous_months: 12,
                current: Some(158),
                current_months: 1
            }
        );

        let years = yearly_totals(&s[0]);
        assert_eq!(years.len(), 2);
        assert_eq!(
            (years[0].year, years[0].total, years[0].months),
            (2023, 1800, 12)
        );
        assert_eq!(years[0].change_vs_previous, None);
        assert!(years[0].comparable_months.is_empty());
        assert_eq!(
            (years[1].year, years[1].total, years[1].months),
            (2024, 158, 1)
        );
        assert_eq!(years[1].comparable_months, vec![1]);
        assert_eq!(years[1].change_vs_previous, d(150, 8, Some(5.3)));

        let ytd = year_to_date(&s[0], 2024).expect("2024 has data");
        assert_eq!(ytd.comparable, ind.comparable);
        assert_eq!(ytd.totals, ind.totals);
        assert_eq!(year_to_date(&s[0], 2025), None);
    }

    #[test]
    fn indicator_only_in_one_year() {
        let s = series(&[
            report(
                2023,
                6,
                &[("t", &[("a", "A", Some(10)), ("gone", "Gone", Some(4))])],
            ),
            report(
                2024,
                6,
                &[("t", &[("a", "A", Some(12)), ("new", "New", Some(9))])],
            ),
        ]);
        let cmp = year_comparison(&s, 2024).expect("both years have data");
        let ids: Vec<&str> = cmp.indicators.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["t/a", "t/gone", "t/new"]);
        for ind in &cmp.indicators[1..] {
            assert!(ind.comparable.months.is_empty());
            assert_eq!(ind.comparable.name, "");
            assert_eq!(ind.comparable.previous, None);
            assert_eq!(ind.comparable.current, None);
            assert_eq!(ind.comparable.change, None);
            assert_eq!(ind.comparable.percent, None);
            assert!(
                ind.months
                    .iter()
                    .all(|m| m.change.is_none() && m.percent.is_none())
            );
        }
        let gone = &cmp.indicators[1].totals;
        assert_eq!((gone.previous, gone.previous_months), (Some(4), 1));
        assert_eq!((gone.current, gone.current_months), (None, 0));
        let new = &cmp.indicators[2].totals;
        assert_eq!((new.previous, new.previous_months), (None, 0));
        assert_eq!((new.current, new.current_months), (Some(9), 1));
        // The year page of 2024 shows only what 2024 has.
        assert_eq!(year_to_date(&s[1], 2024), None);
    }

    #[test]
    fn renamed_label_is_one_series() {
        let s = series(&[
            report(2024, 3, &[("t", &[("v", "Visas otorgadas", Some(3))])]),
            report(2024, 1, &[("t", &[("v", "Visas emitidas", Some(1))])]),
            report(2024, 2, &[("t", &[("v", "Visas (emitidas)", Some(2))])]),
            report(2024, 4, &[("t", &[("v", "Visas emitidas", Some(4))])]),
        ]);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].label, "Visas emitidas");
        assert_eq!(s[0].former_labels, ["Visas (emitidas)", "Visas otorgadas"]);
        assert_eq!(s[0].points.len(), 4);

        let s = series(&[
            report(2024, 1, &[("t", &[("v", "Old", Some(1))])]),
            report(2024, 2, &[("t", &[("v", "New", Some(2))])]),
        ]);
        assert_eq!(
            (s[0].label.as_str(), s[0].former_labels.clone()),
            ("New", vec!["Old".to_string()])
        );
    }

    #[test]
    fn latest_table_metadata_wins() {
        let mut old = visas(2023, 1, 1);
        old.tables[0].title = "Visas".into();
        old.tables[0].number = Some(3);
        old.tables[0].unit = "Documentos".into();
        let s = series(&[visas(2024, 1, 2), old]);
        assert_eq!(s[0].table_title, "Cuadro visas-residencias");
        assert_eq!(s[0].table_number, Some(1));
        assert_eq!(s[0].unit, "Cantidad de documentos");
        assert_eq!(s[0].table_id, "visas-residencias");
        assert_eq!(s[0].row_id, "visas-emitidas");
    }

    #[test]
    fn previous_month_across_year_end() {
        let s = series(&[
            visas(2023, 1, 100),
            visas(2023, 12, 200),
            visas(2024, 1, 150),
        ]);
        let ch = row_changes(&s[0], period(2024, 1));
        assert_eq!(ch.month_over_month, d(200, -50, Some(-25.0)));
        assert_eq!(ch.year_over_year, d(100, 50, Some(50.0)));
    }

    #[test]
    fn drafts_are_ignored() {
        let mut draft = report(
            2024,
            2,
            &[(
                "visas-residencias",
                &[
                    ("visas-emitidas", "Visas renombradas", Some(999)),
                    ("solo-borrador", "Solo en borrador", Some(5)),
                    ("pendiente", "Pendiente", None),
                ],
            )],
        );
        draft.draft = true;
        let s = series(&[visas(2024, 1, 158), draft]);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].value(period(2024, 2)), None);
        assert_eq!(s[0].label, "Visas emitidas");
        assert!(s[0].former_labels.is_empty());
        assert_eq!(latest(&s[0]), Some((period(2024, 1), 158)));
        // A draft's own value can still be previewed against the series.
        let preview = row_changes_for_value(&s[0], period(2024, 2), Some(160));
        assert_eq!(preview.month_over_month, d(158, 2, Some(1.3)));
        // Empty values in a published report are skipped too.
        let s = series(&[report(2024, 1, &[("t", &[("x", "X", None)])])]);
        assert!(s.is_empty());
    }

    #[test]
    fn order_of_first_appearance() {
        let s = series(&[
            report(
                2024,
                2,
                &[
                    ("b", &[("late", "Late", Some(1))]),
                    ("a", &[("y", "Y", Some(1))]),
                ],
            ),
            report(
                2024,
                1,
                &[
                    ("a", &[("y", "Y", Some(1)), ("x", "X", Some(1))]),
                    ("b", &[("z", "Z", Some(1))]),
                ],
            ),
        ]);
        let ids: Vec<&str> = s.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["a/y", "a/x", "b/z", "b/late"]);
    }

    #[test]
    fn years_that_compare() {
        let s = series(&[
            visas(2020, 5, 1),
            report(2021, 1, &[("t", &[("other", "Other", Some(1))])]),
            visas(2023, 1, 1),
            visas(2024, 1, 1),
        ]);
        assert_eq!(comparable_years(&s), [2021, 2024]);
        assert!(year_comparison(&s, 2021).is_some());
        assert!(year_comparison(&s, 2022).is_none());
        assert!(year_comparison(&s, 2023).is_none());
        // 2021 compares, though no single indicator spans both years.
        let cmp = year_comparison(&s, 2021).expect("both years have data");
        assert_eq!(cmp.indicators.len(), 2);
    }

    #[test]
    fn trend_is_year_over_year() {
        let s = series(&[visas(2023, 3, 100), visas(2024, 2, 1), visas(2024, 3, 110)]);
        assert_eq!(trend(&s[0]), d(100, 10, Some(10.0)));
        assert_eq!(latest(&s[0]), Some((period(2024, 3), 110)));
        let s = series(&[visas(2023, 2, 100), visas(2024, 3, 110)]);
        assert_eq!(trend(&s[0]), None);
    }

    #[test]
    fn sample_is_flagged() {
        let mut demo = visas(2023, 1, 150);
        demo.sample = true;
        let s = series(&[demo, visas(2024, 1, 158), visas(2025, 1, 160)]);
        assert!(s[0].sample);
        assert!(s[0].points[&period(2023, 1)].sample);
        assert!(!s[0].points[&period(2024, 1)].sample);
        let c2024 = year_comparison(&s, 2024).expect("both years have data");
        assert!(c2024.sample && c2024.indicators[0].sample);
        let c2025 = year_comparison(&s, 2025).expect("both years have data");
        assert!(!c2025.sample && !c2025.indicators[0].sample);
    }

    #[test]
    fn month_spans() {
        assert_eq!(month_span_name(&[1, 2, 3]), "enero–marzo");
        assert_eq!(month_span_name(&[1]), "enero");
        assert_eq!(month_span_name(&[1, 2, 4]), "enero–febrero y abril");
        assert_eq!(month_span_name(&[]), "");
        assert_eq!(
            month_span_name(&[12, 1, 3, 3, 5, 6, 13]),
            "enero, marzo, mayo–junio y diciembre"
        );
        // The most runs twelve months can make, and none missing.
        assert_eq!(
            month_span_name(&[11, 9, 7, 5, 3, 1, 0]),
            "enero, marzo, mayo, julio, septiembre y noviembre"
        );
        assert_eq!(
            month_span_name(&(1..=12).collect::<Vec<_>>()),
            "enero–diciembre"
        );
    }

    #[test]
    fn series_json_lists_points() {
        let s = series(&[visas(2024, 1, 158)]);
        let v = serde_json::to_value(&s[0]).expect("serializes");
        assert_eq!(
            v["points"],
            json!([{"period": "2024-01", "year": 2024, "month": 1, "value": 158, "sample": false,
                    "source": "content/informes/2024/01/index.md"}])
        );
        assert_eq!(v["former_labels"], json!([]));
    }

    #[test]
    fn year_comparison_json_shape() {
        let mut reports: Vec<Report> = (1..=12).map(|m| visas(2023, m, 150)).collect();
        reports.push(visas(2024, 1, 158));
        let cmp = year_comparison(&series(&reports), 2024).expect("both years have data");
        let month = |m: u32| {
            if m == 1 {
                json!({"month": 1, "previous": 150, "current": 158, "change": 8, "percent": 5.3})
            } else {
                json!({"month": m, "previous": 150, "current": null, "change": null, "percent": null})
            }
        };
        let expected = json!({
            "year": 2024,
            "previous_year": 2023,
            "indicators": [{
                "id": "visas-residencias/visas-emitidas",
                "label": "Visas emitidas",
                "unit": "Cantidad de documentos",
                "months": [month(1), month(2), month(3), month(4), month(5), month(6),
                           month(7), month(8), month(9), month(10), month(11), month(12)],
                "comparable": {"months": [1], "previous": 150, "current": 158, "change": 8, "percent": 5.3},
                "totals": {"previous": 1800, "previous_months": 12, "current": 158, "current_months": 1},
                "sample": false
            }],
            "sample": false
        });
        assert_eq!(serde_json::to_value(&cmp).expect("serializes"), expected);

        // No shared month: empty list and nulls, not zeros.
        let s = series(&[visas(2023, 5, 1), visas(2024, 6, 2)]);
        let cmp = year_comparison(&s, 2024).expect("both years have data");
        let v = serde_json::to_value(&cmp).expect("serializes");
        assert_eq!(
            v["indicators"][0]["comparable"],
            json!({"months": [], "previous": null, "current": null, "change": null, "percent": null})
        );
        let text = serde_json::to_string(&cmp.indicators[0].months[0]).expect("serializes");
        assert_eq!(
            text,
            r#"{"month":1,"previous":null,"current":null,"change":null,"percent":null}"#
        );
    }
}
