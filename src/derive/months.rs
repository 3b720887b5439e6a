//! An indicator's values laid out by year and month.
//!
//! The comparisons ask for a month's value a hundred times per series and
//! year; a series keeps its points in an ordered map, where each question is
//! a search. Laid out once per series, each is an index instead: on the
//! 1,200-report archive, deriving took about a third of a preview update.

use super::Series;
use crate::load::model::Period;

/// One month's value and whether it is sample data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    pub value: u64,
    pub sample: bool,
}

/// A series' values by year (from its first to its last) and month.
#[derive(Debug, Clone, Default)]
pub struct Months {
    first_year: i32,
    years: Vec<[Option<Cell>; 12]>,
}

impl Months {
    pub fn of(series: &Series) -> Months {
        let (Some(first), Some(last)) = (
            series.points.keys().next(),
            series.points.keys().next_back(),
        ) else {
            return Months::default();
        };
        // Years are 1900–2999 (`Period::parse`): at most 1,100 of them.
        let span = usize::try_from(last.year - first.year).map_or(0, |s| s + 1);
        let mut months = Months {
            first_year: first.year,
            years: vec![[None; 12]; span],
        };
        for (period, point) in &series.points {
            if let Some(cell) = months.cell_mut(*period) {
                *cell = Some(Cell {
                    value: point.value,
                    sample: point.sample,
                });
            }
        }
        months
    }

    /// The value of `period`, with whether it is sample data.
    pub fn get(&self, period: Period) -> Option<Cell> {
        let year = self.year_cells(period.year)?;
        *year.get(usize::try_from(period.month).ok()?.checked_sub(1)?)?
    }

    pub fn value(&self, period: Period) -> Option<u64> {
        self.get(period).map(|c| c.value)
    }

    pub fn is_sample(&self, period: Period) -> bool {
        self.get(period).is_some_and(|c| c.sample)
    }

    /// `year`'s values, January first, the months without one left out.
    pub fn year(&self, year: i32) -> impl Iterator<Item = Cell> + '_ {
        self.year_cells(year)
            .into_iter()
            .flatten()
            .flatten()
            .copied()
    }

    pub fn has_year(&self, year: i32) -> bool {
        self.year(year).next().is_some()
    }

    /// The years with at least one value, oldest first.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        (self.first_year..)
            .zip(&self.years)
            .filter(|(_, months)| months.iter().any(Option::is_some))
            .map(|(year, _)| year)
    }

    fn year_cells(&self, year: i32) -> Option<&[Option<Cell>; 12]> {
        self.years
            .get(usize::try_from(year.checked_sub(self.first_year)?).ok()?)
    }

    fn cell_mut(&mut self, period: Period) -> Option<&mut Option<Cell>> {
        let year = usize::try_from(period.year.checked_sub(self.first_year)?).ok()?;
        let month = usize::try_from(period.month).ok()?.checked_sub(1)?;
        self.years.get_mut(year)?.get_mut(month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derive::Point;
    use std::collections::BTreeMap;

    fn series(points: &[(i32, u32, u64, bool)]) -> Series {
        let points: BTreeMap<Period, Point> = points
            .iter()
            .map(|&(year, month, value, sample)| {
                (
                    Period { year, month },
                    Point {
                        value,
                        sample,
                        source: "x.md".into(),
                    },
                )
            })
            .collect();
        Series {
            points,
            ..Series::empty("t", "r")
        }
    }

    #[test]
    fn every_value_is_where_the_series_has_it_and_nothing_else() {
        let s = series(&[
            (2022, 12, 5, false),
            (2024, 1, 7, true),
            (2024, 12, 9, false),
        ]);
        let m = Months::of(&s);
        for year in 2020..2027 {
            for month in 0..=13 {
                let p = Period { year, month };
                assert_eq!(m.value(p), s.value(p), "{p:?}");
                assert_eq!(m.is_sample(p), s.is_sample(p), "{p:?}");
            }
            assert_eq!(m.has_year(year), s.has_year(year), "{year}");
        }
        assert_eq!(m.years().collect::<Vec<_>>(), [2022, 2024]);
        let values: Vec<u64> = m.year(2024).map(|c| c.value).collect();
        assert_eq!(values, [7, 9]);
        assert_eq!(m.year(2023).count(), 0);
    }

    #[test]
    fn an_empty_series_has_nothing() {
        let m = Months::of(&series(&[]));
        assert_eq!(
            m.get(Period {
                year: 2024,
                month: 1
            }),
            None
        );
        assert_eq!(m.years().count(), 0);
    }
}
