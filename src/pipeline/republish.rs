//! Publishing over an existing output: the values about to be published
//! against those already published (faro's own `datos/informes.csv` in the
//! output). A published figure that changes without a `corrections` entry
//! is a warning with the YAML to paste, so no number changes silently.

use crate::load::model::Report;
use crate::support::diag::Diagnostic;
use crate::t;
use std::path::Path;

/// One value of an earlier `informes.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    pub period: String,
    pub indicator: String,
    pub value: u64,
    pub sample: bool,
}

/// The values of the `datos/informes.csv` in `output`, if faro wrote one there.
/// Unreadable or foreign files give nothing: there is then nothing to compare.
pub fn read_published(output: &Path) -> Vec<Published> {
    match std::fs::read(output.join("datos").join("informes.csv")) {
        Ok(bytes) => parse_published(&bytes),
        Err(_) => Vec::new(),
    }
}

/// Parses faro's tidy CSV by its header names; rows that do not parse are skipped.
pub fn parse_published(bytes: &[u8]) -> Vec<Published> {
    let mut reader = csv::Reader::from_reader(bytes);
    let Ok(header) = reader.headers().cloned() else {
        return Vec::new();
    };
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(p), Some(i), Some(v)) = (col("period"), col("indicator_id"), col("value")) else {
        return Vec::new();
    };
    let s = col("sample");
    reader
        .records()
        .filter_map(Result::ok)
        .filter_map(|r| {
            Some(Published {
                period: r.get(p)?.to_string(),
                indicator: r.get(i)?.to_string(),
                value: r.get(v)?.parse().ok()?,
                sample: s.and_then(|s| r.get(s)) == Some("true"),
            })
        })
        .collect()
}

/// A warning for every official (non-sample) published value that `reports`
/// would change without a correction naming its indicator (whose `previous`,
/// when given, is the published value). `today` (`YYYY-MM-DD`) goes in the
/// YAML suggested.
pub fn unrecorded_changes(
    published: &[Published],
    reports: &[Report],
    today: &str,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for old in published.iter().filter(|p| !p.sample) {
        let Some(r) = reports
            .iter()
            .find(|r| !r.draft && !r.sample && r.period.to_string() == old.period)
        else {
            continue;
        };
        let Some((table, row)) = old.indicator.split_once('/') else {
            continue;
        };
        let new = r
            .tables
            .iter()
            .filter(|t| t.id == table)
            .flat_map(|t| t.rows.iter())
            .find(|x| x.id == row)
            .and_then(|x| x.value);
        let Some(new) = new.filter(|n| *n != old.value) else {
            continue;
        };
        let recorded = r.corrections.iter().any(|c| {
            c.indicator.as_deref() == Some(old.indicator.as_str())
                && c.previous.is_none_or(|p| p == old.value)
        });
        if recorded {
            continue;
        }
        let line = r.lines.values.get(&old.indicator).copied().unwrap_or(0);
        out.push(Diagnostic::warning(
            &r.source,
            line,
            0,
            t!(
                "corrections-unrecorded",
                indicator = old.indicator.as_str(),
                old = crate::support::numfmt::thousands(i128::from(old.value)),
                new = crate::support::numfmt::thousands(i128::from(new)),
                yaml = suggested_yaml(&old.indicator, old.value, today)
            ),
        ));
    }
    out
}

/// The `corrections` entry to paste into the front matter.
fn suggested_yaml(indicator: &str, previous: u64, today: &str) -> String {
    format!(
        "corrections:\n  - date: {today}\n    indicator: {indicator}\n    previous: {previous}\n    note: \"…\""
    )
}

/// Today's date (UTC) as `YYYY-MM-DD`, from the system clock.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (year, month, day) = civil_from_days((secs / 86_400) as i64);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Days since 1970-01-01 → year, month, day (Howard Hinnant's
/// `civil_from_days`, proleptic Gregorian calendar).
pub fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year as i32, month as u32, day as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_792), (2024, 3, 10));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn parses_faro_csv_and_ignores_foreign_files() {
        let csv = b"period,table_id,table_title,indicator_id,label,unit,value,sample\r\n2024-01,v,V,v/a,A,u,185,false\r\n2023-12,v,V,v/a,A,u,12,true\r\n";
        let got = parse_published(csv);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].value, 185);
        assert!(!got[0].sample && got[1].sample);
        assert!(parse_published(b"a,b\n1,2\n").is_empty());
        assert!(parse_published(b"\xff\xfe").is_empty());
    }
}
