//! The release calendar (issue 29, item 5): when the next reports come out,
//! from `site.yaml`'s `calendar` and the latest report's period — never from
//! the build's date, so that a build is reproducible. Gives the templates a
//! `calendar` value (the next date, the coming twelve, the reports published
//! late) and makes `calendario/` and `calendario.ics` (RFC 5545).

use super::Input;
use super::templates::Templates;
use super::views::PageMeta;
use crate::load::config::CalendarSettings;
use crate::load::model::{Period, Report};
use crate::support::diag::Diagnostics;
use crate::support::numfmt::{long_date, month_name};
use crate::write::output::Output;
use minijinja::context;
use serde::Serialize;

/// How many coming dates the page and the .ics list.
const COMING: usize = 12;

type Date = (i32, u32, u32);

/// What the templates read as `calendar` (absent without a calendar).
#[derive(Debug, Clone, Serialize, Hash)]
pub struct CalendarContext {
    /// The next report's release, if the calendar knows one.
    pub next: Option<Release>,
    /// The next releases, in order (at most twelve).
    pub coming: Vec<Release>,
    /// Addresses (`informes/2024/01/`) of reports published after their day.
    pub late: Vec<String>,
    /// Each dated report's calendar day, by address.
    pub due: std::collections::BTreeMap<String, String>,
    /// DTSTAMP of the .ics: the latest report's publication day.
    stamp: String,
}

/// One release: the report of `period` comes out on `date`.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct Release {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `10 de febrero de 2024`.
    pub long: String,
    pub period: Period,
    /// `enero de 2024`.
    pub period_name: String,
}

fn days_in(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn iso((y, m, d): Date) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

fn parse(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.len() != 10 || long_date(s).is_none() {
        return None;
    }
    let y = s.get(0..4)?.parse().ok()?;
    let m = s.get(5..7)?.parse().ok()?;
    let d: u32 = s.get(8..10)?.parse().ok()?;
    (d <= days_in(y, m)).then_some((y, m, d))
}

fn next_day((y, m, d): Date) -> Date {
    if d < days_in(y, m) {
        (y, m, d + 1)
    } else if m < 12 {
        (y, m + 1, 1)
    } else {
        (y + 1, 1, 1)
    }
}

/// The listed dates, valid ones only (config checks them), sorted, unique.
fn listed(cal: &CalendarSettings) -> Vec<Date> {
    let mut v: Vec<Date> = cal.dates.iter().filter_map(|d| parse(d)).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// When the report of `p` is due: day `day` of the month after, or the
/// first listed date after the period's month has ended.
fn due(cal: &CalendarSettings, dates: &[Date], p: Period) -> Option<Date> {
    let after = p.next_month();
    if !cal.dates.is_empty() {
        return dates
            .iter()
            .copied()
            .find(|d| (d.0, d.1) >= (after.year, after.month));
    }
    let day = cal.day?;
    Some((
        after.year,
        after.month,
        day.min(days_in(after.year, after.month)),
    ))
}

fn release(date: Date, period: Period) -> Release {
    Release {
        date: iso(date),
        long: long_date(&iso(date)).unwrap_or_default(),
        period,
        period_name: format!("{} de {}", month_name(period.month), period.year),
    }
}

/// The calendar's value for the templates, or `None` without `calendar:`.
pub fn context(input: &Input<'_>) -> Option<CalendarContext> {
    let cal = input.config.calendar.as_ref()?;
    let dates = listed(cal);
    let reports = &input.archive.reports;
    let latest: Option<&Report> = reports.iter().rev().find(|r| !r.draft);
    let mut coming = Vec::new();
    if let Some(latest) = latest {
        if cal.dates.is_empty() {
            let mut p = latest.period;
            for _ in 0..COMING {
                p = p.next_month();
                coming.extend(due(cal, &dates, p).map(|d| release(d, p)));
            }
        } else {
            let after_latest = due(cal, &dates, latest.period);
            let mut p = latest.period;
            for d in dates
                .iter()
                .copied()
                .filter(|d| after_latest.is_none_or(|a| *d > a))
                .filter(|d| {
                    let n = latest.period.next_month().next_month();
                    (d.0, d.1) >= (n.year, n.month)
                })
                .take(COMING)
            {
                p = p.next_month();
                coming.push(release(d, p));
            }
        }
    }
    let mut late = Vec::new();
    let mut due_map = std::collections::BTreeMap::new();
    for r in reports {
        let (Some(published), Some(day)) = (
            r.date.as_deref().and_then(parse),
            due(cal, &dates, r.period),
        ) else {
            continue;
        };
        due_map.insert(r.period.url_path(), iso(day));
        if published > day {
            late.push(r.period.url_path());
        }
    }
    let stamp = latest
        .and_then(|r| r.date.as_deref().and_then(parse))
        .or_else(|| latest.map(|r| (r.period.next_month().year, r.period.next_month().month, 1)))
        .map(|(y, m, d)| format!("{y:04}{m:02}{d:02}T000000Z"))
        .unwrap_or_else(|| "19700101T000000Z".into());
    Some(CalendarContext {
        next: coming.first().cloned(),
        coming,
        late,
        due: due_map,
        stamp,
    })
}

/// `calendario/` and `calendario.ics`.
pub(super) fn pages(
    templates: &Templates<'_>,
    input: &Input<'_>,
) -> Result<Vec<Output>, Diagnostics> {
    let Some(cal) = context(input) else {
        return Ok(Vec::new());
    };
    let html = templates.page(
        "calendar.html",
        "calendario/",
        context! {
            page => PageMeta::new("calendario/", "Calendario de publicación", Some("Fechas en que se publicarán los próximos informes mensuales.".into())),
        },
    )?;
    Ok(vec![
        Output::new("calendario/index.html", html)?,
        Output::new("calendario.ics", ics(input, &cal))?,
    ])
}

/// RFC 5545 text: `\`, `;`, `,` and line breaks escaped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | ';' | ',' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

/// A content line folded at 75 octets (RFC 5545, 3.1), ended by CRLF.
fn line(out: &mut String, text: &str) {
    let mut width = 0;
    for c in text.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// The host of the site's address, for the events' UIDs.
fn host(base_url: &str) -> &str {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    rest.split(['/', ':']).next().unwrap_or("faro")
}

fn ics(input: &Input<'_>, cal: &CalendarContext) -> String {
    let config = input.config;
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//faro//Calendario de publicación//ES");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(&config.title)));
    let host = host(&config.base_url);
    for r in &cal.coming {
        let Some(d) = parse(&r.date) else { continue };
        let (ey, em, ed) = next_day(d);
        line(&mut out, "BEGIN:VEVENT");
        line(
            &mut out,
            &format!(
                "UID:informe-{:04}-{:02}@{host}",
                r.period.year, r.period.month
            ),
        );
        line(&mut out, &format!("DTSTAMP:{}", cal.stamp));
        line(
            &mut out,
            &format!("DTSTART;VALUE=DATE:{:04}{:02}{:02}", d.0, d.1, d.2),
        );
        line(&mut out, &format!("DTEND;VALUE=DATE:{ey:04}{em:02}{ed:02}"));
        let summary = format!("Informe de {} — {}", r.period_name, config.title);
        line(&mut out, &format!("SUMMARY:{}", escape(&summary)));
        line(&mut out, &format!("URL:{}calendario/", config.base_url));
        line(&mut out, "TRANSP:TRANSPARENT");
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fold_at_75_octets_on_character_boundaries() {
        let mut out = String::new();
        line(&mut out, &"é".repeat(60));
        assert!(out.split("\r\n").all(|l| l.len() <= 75), "{out:?}");
        assert_eq!(out.replace("\r\n ", ""), format!("{}\r\n", "é".repeat(60)));
    }

    #[test]
    fn a_day_past_the_months_end_is_its_last_day() {
        let cal = CalendarSettings {
            day: Some(31),
            dates: vec![],
        };
        let p = Period {
            year: 2024,
            month: 1,
        };
        assert_eq!(due(&cal, &[], p), Some((2024, 2, 29)));
    }
}
