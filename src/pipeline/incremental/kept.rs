//! What the preview keeps per report between saves, beside its pages: its
//! share of the archive-wide data files (`data::ReportPart`) and its
//! warnings. Each is keyed by a hash of everything it is made from, so an
//! entry is reused only when those inputs are the same; the entries no
//! report uses any more are dropped at each update.

use crate::load::model::Report;
use crate::render::data::ReportPart;
use crate::support::diag::Diagnostic;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;
use xxhash_rust::xxh3::Xxh3;

/// Values made per report, by the hash of their inputs.
struct ByInputs<T>(HashMap<u64, Arc<T>>);

impl<T: Send + Sync> ByInputs<T> {
    /// The value for each key, made with `make(i)` for the keys not kept;
    /// afterwards only these keys are kept.
    fn get_all(&mut self, keys: &[u64], make: impl Fn(usize) -> T + Sync) -> Vec<Arc<T>> {
        let kept = &self.0;
        let values: Vec<Arc<T>> = keys
            .par_iter()
            .enumerate()
            .map(|(i, key)| match kept.get(key) {
                Some(v) => Arc::clone(v),
                None => Arc::new(make(i)),
            })
            .collect();
        self.0 = keys.iter().copied().zip(values.iter().cloned()).collect();
        values
    }
}

impl<T> Default for ByInputs<T> {
    fn default() -> Self {
        ByInputs(HashMap::new())
    }
}

/// Each report's data-file part, by the report's hash: a part reads the
/// report only (`render::report_hash` covers every field it shows).
#[derive(Default)]
pub(super) struct Parts(ByInputs<ReportPart>);

impl Parts {
    /// The part of each of `reports`, whose hashes are `hashes`.
    pub(super) fn of(&mut self, reports: &[Report], hashes: &[u64]) -> Vec<Arc<ReportPart>> {
        self.0.get_all(hashes, |i| ReportPart::of(&reports[i]))
    }
}

/// Each report's warnings, by the hash of the report, of the lines where
/// its tables, labels and values are (not in the report's hash) and of its
/// window: the periods and hashes of the reports it is compared with.
#[derive(Default)]
pub(super) struct Warnings(ByInputs<Vec<Diagnostic>>);

impl Warnings {
    /// Every warning of `reports` (whose hashes are `hashes`), as
    /// `quality::warnings` gives them.
    pub(super) fn of(&mut self, reports: &[Report], hashes: &[u64]) -> Vec<Diagnostic> {
        let windows = crate::derive::data_quality::windows(reports);
        let keys: Vec<u64> = reports
            .par_iter()
            .zip(&windows)
            .enumerate()
            .map(|(i, (r, window))| warnings_key(r, hashes[i], window, reports, hashes))
            .collect();
        let each = self.0.get_all(&keys, |i| {
            let window: Vec<&Report> = windows[i].iter().map(|w| &reports[*w]).collect();
            crate::derive::quality::report_warnings(&reports[i], &window)
        });
        crate::derive::quality::merge(each.iter().map(|w| w.as_slice()))
    }
}

fn warnings_key(
    r: &Report,
    hash: u64,
    window: &[usize],
    reports: &[Report],
    hashes: &[u64],
) -> u64 {
    let mut key = Xxh3::new();
    key.update(&hash.to_le_bytes());
    for lines in [&r.lines.tables, &r.lines.values, &r.lines.labels] {
        for (id, line) in lines {
            key.update(id.as_bytes());
            key.update(&[0]);
            key.update(&(*line as u64).to_le_bytes());
        }
        key.update(&[1]);
    }
    for w in window {
        let period = reports[*w].period;
        key.update(&period.year.to_le_bytes());
        key.update(&period.month.to_le_bytes());
        key.update(&hashes[*w].to_le_bytes());
    }
    key.digest()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::model::{Period, Row, Table};
    use fastrand::Rng;

    const LABELS: [&str; 5] = [
        "Visas emitidas",
        "Visas otorgadas",
        "=Visas",
        "Visa\u{301}s",
        "Otras",
    ];
    const ROWS: [&str; 4] = ["emitidas", "otorgadas", "negadas", "nuevas"];

    fn table(rng: &mut Rng) -> Table {
        let rows = (0..1 + rng.u64(..3))
            .map(|i| Row {
                id: ROWS[(i as usize + rng.u64(..2) as usize) % ROWS.len()].into(),
                label: LABELS[rng.u64(..LABELS.len() as u64) as usize].into(),
                value: match rng.u64(..10) {
                    0 => None,
                    1 => Some(10_000 + rng.u64(..100)),
                    _ => Some(100 + rng.u64(..20)),
                },
                line: 5 + i as usize,
            })
            .collect();
        Table {
            number: Some(1),
            id: "visas".into(),
            title: "Visas".into(),
            caption: None,
            unit: "Visas".into(),
            source: None,
            total: None,
            rows,
            line: 4,
        }
    }

    fn report(rng: &mut Rng, period: Period) -> Report {
        let table = table(rng);
        let mut lines = crate::load::model::SourceLines::default();
        lines
            .tables
            .insert("visas".into(), 4 + rng.u64(..3) as usize);
        for row in &table.rows {
            let id = format!("visas/{}", row.id);
            lines.values.insert(id.clone(), 10 + rng.u64(..3) as usize);
            lines.labels.insert(id, 20 + rng.u64(..3) as usize);
        }
        Report {
            draft: rng.u64(..8) == 0,
            tables: vec![table],
            lines,
            ..Report::empty(period)
        }
    }

    /// After each random edit (a new version of a report, its lines only
    /// moved, a draft turned on or off, a report added or removed), the
    /// kept warnings are those of the whole archive.
    #[test]
    fn kept_warnings_are_the_archives_after_random_edits() {
        let mut rng = Rng::with_seed(0x9E37_79B9_7F4A_7C15);
        let period = |i: u64| Period {
            year: 2020 + (i / 12) as i32,
            month: (i % 12) as u32 + 1,
        };
        let mut reports: Vec<Report> = (0..40).map(|i| report(&mut rng, period(i))).collect();
        let mut kept = Warnings::default();
        let mut seen_warnings = 0;
        for step in 0..300 {
            let at = rng.u64(..reports.len() as u64) as usize;
            match rng.u64(..5) {
                0 => reports[at] = report(&mut rng, reports[at].period),
                1 => {
                    let lines = &mut reports[at].lines;
                    for line in lines.values.values_mut().chain(lines.labels.values_mut()) {
                        *line += 1;
                    }
                }
                2 => reports[at].draft = !reports[at].draft,
                3 if reports.len() > 5 => {
                    reports.remove(at);
                }
                _ => {
                    let free = (0..60)
                        .map(period)
                        .find(|p| reports.iter().all(|r| r.period != *p));
                    if let Some(p) = free {
                        reports.push(report(&mut rng, p));
                        reports.sort_by_key(|r| r.period);
                    }
                }
            }
            let hashes: Vec<u64> = reports.iter().map(crate::render::report_hash).collect();
            let archive = crate::load::model::Archive {
                reports: reports.clone(),
                pages: Vec::new(),
                home: None,
                definitions: Default::default(),
            };
            let whole = crate::derive::quality::warnings(&archive);
            assert_eq!(kept.of(&reports, &hashes), whole, "step {step}");
            seen_warnings += whole.len();
        }
        // The edits do make warnings of every kind this depends on.
        assert!(seen_warnings > 300, "{seen_warnings}");
    }
}
