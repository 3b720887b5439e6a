//! Issue 29, item 5: the release calendar. `site.yaml` says when reports
//! come out (`calendar: { day: 10 }` or `calendar: { dates: [...] }`); the
//! home page and each report name the next report's date, computed from the
//! latest report's period (never from the build's date), `/calendario/`
//! lists the next twelve, `/calendario.ics` lets a reader add them, and a
//! report published after its calendar day says so. Also the print-only
//! line of a dated report (item 4).

mod common;

use common::{SITE_YAML, Site, report};

/// Reports for November and December 2023, December's published late.
fn site_with(calendar: &str) -> Site {
    let s = Site::new();
    s.write("site.yaml", &format!("{SITE_YAML}{calendar}"));
    s.write(
        "content/informes/2023/11/index.md",
        &report("2023-11", "date: 2023-12-10\n", "Texto.\n"),
    );
    s.write(
        "content/informes/2023/12/index.md",
        &report("2023-12", "date: 2024-01-15\n", "Texto.\n"),
    );
    s
}

#[test]
fn a_monthly_day_gives_the_next_report_on_home_report_and_calendar_pages() {
    let s = site_with("calendar: { day: 10 }\n");
    s.build();
    // The latest report is December 2023's: January's comes out on 10 February.
    let home = s.read("index.html");
    assert!(
        home.contains(
            "Próximo informe: <time datetime=\"2024-02-10\">10 de febrero de 2024</time>"
        ),
        "{home}"
    );
    let report = s.read("informes/2023/11/index.html");
    assert!(report.contains("10 de febrero de 2024"), "{report}");

    let page = s.read("calendario/index.html");
    let listed = page.matches("<li><time datetime=").count();
    assert_eq!(listed, 12, "{page}");
    assert!(page.contains("10 de febrero de 2024"), "{page}");
    assert!(page.contains("10 de enero de 2025"), "{page}");
    assert!(page.contains("calendario.ics"), "{page}");
}

#[test]
fn the_ics_file_is_rfc_5545_and_the_same_from_one_build_to_the_next() {
    let s = site_with("calendar: { day: 10 }\n");
    s.build();
    let ics = s.read("calendario.ics");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert!(ics.ends_with("END:VCALENDAR\r\n"), "{ics}");
    // Every line ends in CRLF.
    assert!(!ics.replace("\r\n", "").contains('\n'), "{ics:?}");
    assert!(
        ics.contains("VERSION:2.0\r\n") && ics.contains("PRODID:"),
        "{ics}"
    );
    assert_eq!(ics.matches("BEGIN:VEVENT\r\n").count(), 12, "{ics}");
    assert!(ics.contains("DTSTART;VALUE=DATE:20240210\r\n"), "{ics}");
    assert!(ics.contains("UID:informe-2024-01@example.org\r\n"), "{ics}");
    // No line longer than 75 octets (RFC 5545, 3.1).
    assert!(ics.split("\r\n").all(|l| l.len() <= 75), "{ics}");
    // DTSTAMP from the content, not the clock: a second build is identical.
    let stamp: Vec<&str> = ics.lines().filter(|l| l.starts_with("DTSTAMP:")).collect();
    assert_eq!(stamp.len(), 12);
    assert!(
        stamp.iter().all(|l| *l == "DTSTAMP:20240115T000000Z"),
        "{stamp:?}"
    );
    s.build();
    assert_eq!(s.read("calendario.ics"), ics);
}

#[test]
fn a_report_after_its_calendar_day_is_marked_late() {
    let s = site_with("calendar: { day: 10 }\n");
    s.build();
    let late = s.read("informes/2023/12/index.html");
    assert!(late.contains("publicado con retraso"), "{late}");
    let on_time = s.read("informes/2023/11/index.html");
    assert!(!on_time.contains("publicado con retraso"), "{on_time}");
}

#[test]
fn listed_dates_are_used_as_given() {
    let s = site_with("calendar:\n  dates: [2024-01-12, 2024-02-09, 2024-03-08]\n");
    s.build();
    let home = s.read("index.html");
    assert!(home.contains("9 de febrero de 2024"), "{home}");
    let page = s.read("calendario/index.html");
    assert_eq!(page.matches("<li><time datetime=").count(), 2, "{page}");
    // December's report was due on 12 January; it came out on the 15th.
    let late = s.read("informes/2023/12/index.html");
    assert!(late.contains("publicado con retraso"), "{late}");
}

#[test]
fn without_a_calendar_there_is_no_calendar_page_nor_next_date() {
    let s = site_with("");
    s.build();
    assert!(!s.exists("calendario/index.html"));
    assert!(!s.exists("calendario.ics"));
    assert!(!s.read("index.html").contains("Próximo informe"));
}

#[test]
fn an_unknown_calendar_key_is_an_error() {
    let s = site_with("calendar: { dia: 10 }\n");
    let err = s.build_fails();
    assert!(err.contains("dia"), "{err}");
}

#[test]
fn a_dated_report_prints_its_address_and_publication_date() {
    let s = site_with("");
    s.build();
    let page = s.read("informes/2023/12/index.html");
    assert!(
        page.contains("Dirección de este informe: https://example.org/portal/informes/2023/12/ · Publicado el 15 de enero de 2024"),
        "{page}"
    );
}

#[test]
fn a_calendar_without_a_valid_day_or_date_is_an_error() {
    let s = site_with("calendar: { day: 0 }\n");
    let err = s.build_fails();
    assert!(err.contains("calendar.day"), "{err}");
    let s = site_with("calendar: { dates: [2024-02-30] }\n");
    let err = s.build_fails();
    assert!(err.contains("2024-02-30"), "{err}");
}
