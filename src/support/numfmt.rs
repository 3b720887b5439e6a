//! Numbers as Guatemala writes them: `1,025,875`, `12.5%`, `enero de 2024`.
//!
//! Text for readers, never for machines: a negative number takes the true
//! minus sign (U+2212, `−45`), which reads as wide as `+` and is not broken
//! from its digits; data files write plain numbers of their own.

/// The minus sign readers see: U+2212, not the hyphen-minus of data files.
pub const MINUS: char = '\u{2212}';

/// Spanish month names, lowercase as they are written mid-sentence.
pub const MONTHS: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

/// `month_name(1)` → `"enero"`; out of range gives `""`.
pub fn month_name(month: u32) -> &'static str {
    month
        .checked_sub(1)
        .and_then(|i| MONTHS.get(i as usize))
        .copied()
        .unwrap_or("")
}

/// A `YYYY-MM-DD` date as Guatemala writes it: `2024-03-10` → `10 de marzo de 2024`.
pub fn long_date(d: &str) -> Option<String> {
    let mut parts = d.trim().splitn(3, '-');
    let year: u32 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    let name = month_name(month);
    (!name.is_empty() && (1..=31).contains(&day)).then(|| format!("{day} de {name} de {year}"))
}

/// Thousands with commas: `1025875` → `"1,025,875"`, `-1200` → `"−1,200"`.
pub fn thousands(n: i128) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 3);
    if n < 0 {
        out.push(MINUS);
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A signed change, with an explicit `+` for growth: `"+8"`, `"−1,200"`, `"0"`.
pub fn signed(n: i128) -> String {
    if n > 0 {
        format!("+{}", thousands(n))
    } else {
        thousands(n)
    }
}

/// One decimal and a percent sign: `12.5` → `"12.5%"`; `signed` adds `+` to growth.
pub fn percent(p: f64, signed: bool) -> String {
    let rounded = (p * 10.0).round() / 10.0;
    // Avoid "-0.0%".
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    let sign = if signed && rounded > 0.0 { "+" } else { "" };
    let whole = rounded.trunc() as i128;
    let tenth = ((rounded.abs() * 10.0).round() as i128) % 10;
    // `thousands` signs the whole part; a value above −1 has a whole part of 0.
    let minus = if rounded < 0.0 && whole == 0 {
        "\u{2212}"
    } else {
        ""
    };
    format!("{sign}{minus}{}.{tenth}%", thousands(whole))
}

/// Parses a count as an editor types it: `1350` or `"1,350"` (commas must group
/// thousands). Returns `None` for anything else, including negatives and overflow.
pub fn parse_count(text: &str) -> Option<u64> {
    let t = text.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return None;
    }
    if !commas_group_thousands(t) {
        return None;
    }
    t.replace(',', "").parse().ok()
}

/// True when every comma in `t` separates groups of three digits (or there is none).
pub fn commas_group_thousands(t: &str) -> bool {
    let mut groups = t.trim().split(',');
    let first = groups.next().unwrap_or("");
    !t.contains(',') || (!first.is_empty() && first.len() <= 3 && groups.all(|g| g.len() == 3))
}

/// The labels of one chart axis, all in one unit chosen by its largest tick,
/// so an axis never reads "400 mil, 800 mil, 1.2 M": `[0, 4e5, 8e5, 1.2e6]`
/// → `["0", "0.4 M", "0.8 M", "1.2 M"]`, `[0, 25000, 50000]` → `["0",
/// "25 mil", "50 mil"]`, below 10,000 plain (`"5,000"`). One decimal at most:
/// see [`axis_is_exact`] for the ticks these labels show without rounding.
pub fn axis_labels(ticks: &[f64]) -> Vec<String> {
    let (scale, suffix) = axis_unit(ticks);
    ticks
        .iter()
        .map(|&t| {
            if t == 0.0 {
                return "0".to_string();
            }
            if scale == 1.0 {
                return thousands(t.round() as i128);
            }
            let s = format!("{:.1}", t.abs() / scale);
            let s = s.strip_suffix(".0").unwrap_or(&s);
            let minus = if t < 0.0 { "\u{2212}" } else { "" };
            format!("{minus}{s}{suffix}")
        })
        .collect()
}

/// Whether every label of [`axis_labels`] shows its tick exactly.
pub fn axis_is_exact(ticks: &[f64]) -> bool {
    let (scale, _) = axis_unit(ticks);
    let step = if scale == 1.0 { 1.0 } else { scale / 10.0 };
    ticks.iter().all(|t| (t / step).fract() == 0.0)
}

/// The scale and suffix of an axis, from its largest tick.
fn axis_unit(ticks: &[f64]) -> (f64, &'static str) {
    let top = ticks.iter().map(|t| t.abs()).fold(0.0, f64::max);
    if top >= 1e6 {
        (1e6, " M")
    } else if top >= 1e4 {
        (1e3, " mil")
    } else {
        (1.0, "")
    }
}

/// Abbreviated the Guatemalan way: `1200000` → `"1.2 M"`, `45000` → `"45
/// mil"`, `950` → `"950"`. A lone number; an axis uses [`axis_labels`].
pub fn abbreviated(n: f64) -> String {
    let a = n.abs();
    let (scaled, suffix) = if a >= 1e6 {
        (n / 1e6, " M")
    } else if a >= 1e4 {
        (n / 1e3, " mil")
    } else {
        return thousands(n.round() as i128);
    };
    let s = format!("{:.1}", scaled);
    let s = s.strip_suffix(".0").unwrap_or(&s).to_string();
    format!("{s}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_by_three() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(158), "158");
        assert_eq!(thousands(1350), "1,350");
        assert_eq!(thousands(1025875), "1,025,875");
        assert_eq!(thousands(-1200), "\u{2212}1,200");
        assert_eq!(signed(8), "+8");
        assert_eq!(signed(-8), "\u{2212}8");
        assert_eq!(signed(-45), "−45");
        assert_eq!(signed(0), "0");
    }

    #[test]
    fn percent_has_one_decimal() {
        assert_eq!(percent(12.5, false), "12.5%");
        assert_eq!(percent(5.333, true), "+5.3%");
        assert_eq!(percent(-0.04, true), "0.0%");
        assert_eq!(percent(-0.5, true), "\u{2212}0.5%");
        assert_eq!(percent(-12.25, false), "\u{2212}12.3%");
        assert!(!percent(-43.0, true).contains('-'));
        assert_eq!(percent(1234.0, false), "1,234.0%");
    }

    #[test]
    fn parse_count_accepts_grouped_thousands() {
        assert_eq!(parse_count("1350"), Some(1350));
        assert_eq!(parse_count("1,350"), Some(1350));
        assert_eq!(parse_count(" 1,025,875 "), Some(1_025_875));
        assert_eq!(parse_count("1,35"), None);
        assert_eq!(parse_count("1350,"), None);
        assert_eq!(parse_count(",350"), None);
        assert_eq!(parse_count("-5"), None);
        assert_eq!(parse_count("1.5"), None);
        assert_eq!(parse_count(""), None);
        assert_eq!(parse_count("99999999999999999999999"), None);
    }

    #[test]
    fn month_names_in_spanish() {
        assert_eq!(month_name(1), "enero");
        assert_eq!(month_name(12), "diciembre");
        assert_eq!(month_name(0), "");
        assert_eq!(month_name(13), "");
    }

    #[test]
    fn abbreviations_for_axes() {
        assert_eq!(abbreviated(1_200_000.0), "1.2 M");
        assert_eq!(abbreviated(1_000_000.0), "1 M");
        assert_eq!(abbreviated(45_000.0), "45 mil");
        assert_eq!(abbreviated(950.0), "950");
        assert_eq!(abbreviated(5000.0), "5,000");
    }

    #[test]
    fn an_axis_has_one_unit() {
        let labels = axis_labels(&[0.0, 400_000.0, 800_000.0, 1_200_000.0]);
        assert_eq!(labels, ["0", "0.4 M", "0.8 M", "1.2 M"]);
        let labels = axis_labels(&[0.0, 500_000.0, 1_000_000.0]);
        assert_eq!(labels, ["0", "0.5 M", "1 M"]);
        let labels = axis_labels(&[0.0, 5_000.0, 10_000.0, 15_000.0]);
        assert_eq!(labels, ["0", "5 mil", "10 mil", "15 mil"]);
        let labels = axis_labels(&[0.0, 2_000.0, 4_000.0]);
        assert_eq!(labels, ["0", "2,000", "4,000"]);
        assert_eq!(axis_labels(&[]), Vec::<String>::new());
    }

    #[test]
    fn an_axis_is_exact_only_when_one_decimal_suffices() {
        assert!(axis_is_exact(&[0.0, 400_000.0, 800_000.0, 1_200_000.0]));
        assert!(!axis_is_exact(&[0.0, 250_000.0, 500_000.0, 1_000_000.0]));
        assert!(axis_is_exact(&[0.0, 2_500.0, 5_000.0, 7_500.0]));
        assert!(!axis_is_exact(&[0.0, 12_250.0, 24_500.0]));
    }
}
