//! Descriptions in Spanish for `<desc>`: what a chart shows, for screen readers.

use super::*;

pub(super) fn describe_bars(bars: &[Bar<'_>]) -> String {
    let n = bars.len();
    if n == 0 {
        return "Gráfica de barras sin filas: no hay datos para mostrar.".to_string();
    }
    let mut s = format!(
        "Gráfica de barras horizontales con {n} {}.",
        plural(n, "fila", "filas")
    );
    let present: Vec<(&str, u64)> = bars
        .iter()
        .filter_map(|b| b.value.map(|v| (b.label.trim(), v)))
        .collect();
    let first_extreme = |better: fn(u64, u64) -> bool| {
        present
            .iter()
            .copied()
            .reduce(|best, x| if better(x.1, best.1) { x } else { best })
    };
    match (first_extreme(|a, b| a > b), first_extreme(|a, b| a < b)) {
        (Some(only), _) if present.len() == 1 => {
            let _ = write!(s, " Solo «{}» tiene dato: {}.", only.0, thousands(only.1));
        }
        (Some(max), Some(min)) if max.1 == min.1 => {
            let _ = write!(s, " Todas las filas con dato valen {}.", thousands(max.1));
        }
        (Some(max), Some(min)) => {
            let _ = write!(
                s,
                " Mayor: «{}», {}. Menor: «{}», {}.",
                max.0,
                thousands(max.1),
                min.0,
                thousands(min.1)
            );
        }
        _ => s.push_str(" Ninguna fila tiene dato."),
    }
    let missing: Vec<&str> = bars
        .iter()
        .filter(|b| b.value.is_none())
        .map(|b| b.label.trim())
        .collect();
    if !missing.is_empty() && !present.is_empty() {
        let shown: Vec<String> = missing.iter().take(5).map(|l| format!("«{l}»")).collect();
        let _ = write!(s, " Sin dato: {}", shown.join(", "));
        if missing.len() > 5 {
            let _ = write!(s, " y {} más", missing.len() - 5);
        }
        s.push('.');
    }
    s
}

pub(super) fn describe_time_series(series: &[Series<'_>], mark: Mark) -> String {
    let kind = match mark {
        Mark::Columns => "Gráfica de columnas por mes",
        Mark::Line => "Gráfica de línea por mes",
    };
    let Some(first) = series.first() else {
        return format!("{kind}: no hay datos para mostrar.");
    };
    let mut s = String::from(kind);
    if series.len() == 2 {
        let _ = write!(
            s,
            " que compara {} y {}.",
            name_or(series[0].name, "la primera serie"),
            name_or(series[1].name, "la segunda serie")
        );
    } else if let Some(last) = first.values.len().checked_sub(1) {
        let _ = write!(
            s,
            ", de {} a {}.",
            period_name(first.start),
            period_name(add_months(first.start, last))
        );
    } else {
        s.push('.');
    }
    for one in series {
        s.push(' ');
        s.push_str(&describe_series(one, series.len() == 1));
    }
    s
}

/// One sentence about a series: first and last values, the trend between
/// them, the highest and lowest months, and how many months lack data.
pub(super) fn describe_series(series: &Series<'_>, alone: bool) -> String {
    let mut s = if alone || series.name.trim().is_empty() {
        String::new()
    } else {
        format!("{}: ", series.name.trim())
    };
    let present: Vec<(Period, u64)> = series
        .values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (add_months(series.start, i), v)))
        .collect();
    let missing = series.values.len() - present.len();
    let cap = |s: &mut String, text: &str| {
        if s.is_empty() {
            let mut c = text.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push_str(text);
        }
    };
    match present[..] {
        [] => cap(&mut s, "sin datos."),
        [(p, v)] => cap(
            &mut s,
            &format!(
                "un solo mes con dato: {} en {}.",
                thousands(v),
                period_name(p)
            ),
        ),
        [(p1, first), .., (p2, last)] => {
            let trend = if last > first {
                if first > 0 {
                    format!(
                        "aumentó {}",
                        numfmt::percent((last - first) as f64 / first as f64 * 100.0, false)
                    )
                } else {
                    "aumentó".to_string()
                }
            } else if last < first {
                format!(
                    "disminuyó {}",
                    numfmt::percent((first - last) as f64 / first as f64 * 100.0, false)
                )
            } else {
                "no cambió".to_string()
            };
            let hi = present
                .iter()
                .copied()
                .reduce(|a, b| if b.1 > a.1 { b } else { a })
                .unwrap_or((p1, first));
            let lo = present
                .iter()
                .copied()
                .reduce(|a, b| if b.1 < a.1 { b } else { a })
                .unwrap_or((p1, first));
            cap(
                &mut s,
                &format!(
                    "de {} en {} a {} en {}, {trend}; el mes más alto fue {} con {} y el más bajo {} con {}.",
                    thousands(first),
                    period_name(p1),
                    thousands(last),
                    period_name(p2),
                    period_name(hi.0),
                    thousands(hi.1),
                    period_name(lo.0),
                    thousands(lo.1)
                ),
            );
        }
    }
    if missing > 0 && !present.is_empty() {
        let _ = write!(
            s,
            " {missing} {} sin dato.",
            plural(missing, "mes", "meses")
        );
    }
    s
}

pub(super) fn name_or<'a>(name: &'a str, fallback: &'a str) -> &'a str {
    if name.trim().is_empty() {
        fallback
    } else {
        name.trim()
    }
}

pub(super) fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

pub(super) fn thousands(v: u64) -> String {
    numfmt::thousands(i128::from(v))
}

/// `enero de 2024`.
pub(super) fn period_name(p: Period) -> String {
    format!("{} de {}", numfmt::month_name(p.month), p.year)
}

pub(super) fn add_months(p: Period, n: usize) -> Period {
    let index = i64::from(p.year) * 12 + i64::from(p.month.clamp(1, 12)) - 1 + n as i64;
    Period {
        year: index.div_euclid(12) as i32,
        month: index.rem_euclid(12) as u32 + 1,
    }
}
