//! Axes: round ticks that fit, scaled positions, month labels on the x axis.

use super::*;

/// Round ticks from 0 to at least `max`, with at most `intervals` steps of
/// 1, 2, 2.5 or 5 × 10ⁿ. Steps are whole numbers (the values are counts) and
/// are rejected when `numfmt::axis_labels` would round a tick's label (one
/// unit per axis, one decimal: 0.25 M would read "0.3 M").
pub(super) fn nice_ticks(max: f64, intervals: usize) -> Vec<f64> {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let raw = (max / intervals.max(1) as f64).max(1.0);
    let first_exp = raw.log10().floor() as i32;
    for exp in first_exp..=first_exp + 1 {
        for m in [1.0, 2.0, 2.5, 5.0] {
            let step = m * 10f64.powi(exp);
            if step < raw * (1.0 - 1e-12) {
                continue;
            }
            let n = (max / step - 1e-9).ceil().max(1.0) as usize;
            let ticks: Vec<f64> = (0..=n).map(|i| i as f64 * step).collect();
            if numfmt::axis_is_exact(&ticks) {
                return ticks;
            }
        }
    }
    vec![0.0, max]
}

/// Axis ticks, of which every `label_every`-th carries a label.
pub(super) struct Axis {
    pub(super) ticks: Vec<f64>,
    pub(super) label_every: usize,
}

impl Axis {
    pub(super) fn top(&self) -> f64 {
        self.ticks.last().copied().unwrap_or(1.0)
    }
}

/// Ticks for an axis `length` units long whose labels do not collide:
/// `horizontal` axes need room for label widths, vertical ones for line
/// heights. Of the tick sets that fit (up to 6 intervals, labelling every
/// tick or every other one), the one with the lowest top wins, so bars use
/// the most room: 1,025,875 gets a grid every 200 mil up to 1.2 M, labelled
/// every 400 mil on a narrow axis, rather than 0, 500 mil … 1.5 M.
pub(super) fn fitted_ticks(max: f64, length: f64, horizontal: bool) -> Axis {
    let mut best: Option<(Axis, (f64, usize, usize))> = None;
    for intervals in 1..=6 {
        let ticks = nice_ticks(max, intervals);
        let spacing = length / (ticks.len().max(2) - 1) as f64;
        let need = if horizontal {
            numfmt::axis_labels(&ticks)
                .iter()
                .map(|l| text_width(l, TICK_FONT))
                .fold(0.0, f64::max)
                + 8.0
        } else {
            TICK_FONT * 2.2
        };
        for label_every in [1, 2] {
            if spacing * (label_every as f64) < need {
                continue;
            }
            let top = ticks.last().copied().unwrap_or(1.0);
            // Lowest top, then labels on every tick, then more grid lines.
            let key = (top, label_every, usize::MAX - ticks.len());
            if best.as_ref().is_none_or(|(_, k)| key < *k) {
                best = Some((
                    Axis {
                        ticks: ticks.clone(),
                        label_every,
                    },
                    key,
                ));
            }
        }
    }
    best.map(|(axis, _)| axis).unwrap_or_else(|| Axis {
        ticks: nice_ticks(max, 1),
        label_every: 1,
    })
}

/// Length for `v` on a scale where `top` spans `length`: non-zero values get
/// at least [`MIN_VISIBLE`] so they never vanish next to an outlier.
pub(super) fn scaled(v: u64, top: f64, length: f64) -> f64 {
    if v == 0 || top <= 0.0 {
        return 0.0;
    }
    (v as f64 / top * length).clamp(MIN_VISIBLE, length)
}

pub(super) struct XLabel {
    pub(super) slot: usize,
    pub(super) lines: Vec<String>,
    /// Years mark where the year starts (the slot's left edge); months centre on their slot.
    pub(super) at_edge: bool,
}

/// Which slots get an x label. Spans up to two years (or any span compared
/// month by month) get month names, every k-th month as room allows, with
/// the year under the first label and under each January; longer single
/// histories get years, every k-th year as room allows.
pub(super) fn x_labels(start: Period, slots: usize, slot_w: f64, months_only: bool) -> Vec<XLabel> {
    let month_index = |i: usize| {
        let p = add_months(start, i);
        (p, i64::from(p.year) * 12 + i64::from(p.month) - 1)
    };
    if months_only || slots <= 24 {
        let need = MONTH_ABBR
            .iter()
            .map(|m| text_width(m, TICK_FONT))
            .fold(0.0, f64::max)
            + 6.0;
        let every = [1, 2, 3, 4, 6, 12, 24, 60, 120, 240, 600, 1200]
            .into_iter()
            .find(|&k| k as f64 * slot_w >= need)
            .unwrap_or(1200);
        let mut out = Vec::new();
        for i in 0..slots {
            let (p, index) = month_index(i);
            if index.rem_euclid(every) != 0 {
                continue;
            }
            let mut lines = vec![MONTH_ABBR[(p.month.clamp(1, 12) - 1) as usize].to_string()];
            if !months_only && (out.is_empty() || p.month == 1) {
                lines.push(p.year.to_string());
            }
            out.push(XLabel {
                slot: i,
                lines,
                at_edge: false,
            });
        }
        return out;
    }
    let need = text_width("0000", TICK_FONT) + 8.0;
    let every = [1, 2, 5, 10, 20, 50, 100, 200, 500]
        .into_iter()
        .find(|&k| (k * 12) as f64 * slot_w >= need)
        .unwrap_or(1000);
    let mut out: Vec<XLabel> = Vec::new();
    for i in 0..slots {
        let (p, _) = month_index(i);
        if p.month == 1 && p.year.rem_euclid(every) == 0 {
            out.push(XLabel {
                slot: i,
                lines: vec![p.year.to_string()],
                at_edge: true,
            });
        }
    }
    // Name the starting year too when it does not crowd the next label.
    let first_far = out.first().is_none_or(|l| l.slot as f64 * slot_w >= need);
    if start.month != 1 && first_far {
        out.insert(
            0,
            XLabel {
                slot: 0,
                lines: vec![start.year.to_string()],
                at_edge: true,
            },
        );
    }
    out
}
