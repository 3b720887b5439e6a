//! Which files a build writes (`docs/output-files.md`): a `.br` copy for
//! the pages, styles and scripts of a kilobyte or more, and data files of
//! 64 KB or more (a month's own data is not copied); no `.gz`
//! copies (the server compresses for gzip-only browsers) and no copies of
//! the standalone chart drawings (downloaded rarely, compressed by the
//! server); standalone drawings that carry only the chart CSS they use.

use super::hosting::files;
use crate::common::Site;
use std::collections::BTreeSet;

/// A standalone chart of the basic site, well above a kilobyte.
const CHART: &str = "informes/2024/01/cuadro-visas.svg";

/// The theme's chart stylesheet, which every standalone drawing embedded whole.
const CHARTS_CSS: &str = include_str!("../../themes/igm/static/css/charts.css");

pub fn pages_and_data_get_a_brotli_copy_drawings_and_gzip_none() {
    let s = Site::basic();
    s.build();
    let public = s.path("public");
    let all = files(&public);
    let set: BTreeSet<&str> = all.iter().map(String::as_str).collect();
    assert!(
        std::fs::metadata(public.join(CHART)).expect("chart").len() >= 1024,
        "{CHART} is too small to say anything"
    );
    let gz: Vec<&String> = all.iter().filter(|f| f.ends_with(".gz")).collect();
    assert!(gz.is_empty(), "gzip copies: {gz:?}");
    let svg_copies: Vec<&String> = all.iter().filter(|f| f.ends_with(".svg.br")).collect();
    assert!(svg_copies.is_empty(), "copies of drawings: {svg_copies:?}");
    // Every page, style and script of a kilobyte or more has its .br, and
    // every data file of 64 KB or more (Pagefind's own files are compressed
    // already); smaller data files have none.
    let (mut with_copy, mut small_data) = (0, 0);
    for name in &all {
        let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
        let len = std::fs::metadata(public.join(name)).expect("file").len();
        let least = if ["json", "csv"].contains(&ext) {
            65_536
        } else {
            1024
        };
        if !["html", "css", "js", "json", "csv", "xml"].contains(&ext)
            || name.rsplit('/').next().unwrap_or(name).starts_with('.')
        {
            continue;
        }
        let copied = set.contains(format!("{name}.br").as_str());
        if len >= least {
            assert!(copied, "no {name}.br");
            with_copy += 1;
        } else if ["json", "csv"].contains(&ext) && len >= 1024 {
            assert!(!copied, "{name} ({len} bytes) has a .br");
            small_data += 1;
        }
    }
    assert!(with_copy > 10, "only {with_copy} files with a copy");
    assert!(small_data > 2, "only {small_data} small data files seen");
}

pub fn a_rebuild_removes_the_copies_no_longer_wanted() {
    // Copies as an earlier faro wrote them: a .gz beside each .br, a .br
    // and a .gz beside each drawing.
    let s = Site::basic();
    s.build();
    let stale = [
        "index.html.gz".to_string(),
        format!("{CHART}.br"),
        format!("{CHART}.gz"),
    ];
    // Written by faro, as its manifest says: the build's own files, which
    // it removes once it no longer makes them (a file it did not write is
    // someone else's and stays).
    let manifest = s.path(".public.faro-manifest");
    let mut listed = std::fs::read_to_string(&manifest).expect("manifest");
    for name in &stale {
        std::fs::write(s.path("public").join(name), b"stale").expect("plant");
        listed.push_str(&format!("0000000000000000 5 0 0 {name}\n"));
    }
    std::fs::write(&manifest, listed).expect("manifest");
    // The second build writes the other staging folder, the third reuses
    // the first one's (see hosting::unchanged_copies_are_not_rewritten).
    s.build();
    s.build();
    let all = files(&s.path("public"));
    for name in &stale {
        assert!(!all.contains(name), "{name} stayed");
    }
    assert!(all.iter().any(|f| f == "index.html.br"));
}

pub fn a_standalone_chart_carries_only_the_css_it_uses() {
    let s = Site::basic();
    s.build();
    let svg = s.read(CHART);
    let start = svg.find("<style><![CDATA[").expect("a style of its own") + 16;
    let css = &svg[start..start + svg[start..].find("]]></style>").expect("end")];
    // Self-contained: nothing fetched from elsewhere.
    assert!(!css.contains("@import") && !css.contains("url("), "{css}");
    assert!(!css.contains("/*"), "comments: {css}");
    assert!(
        css.len() * 2 < CHARTS_CSS.len(),
        "{} bytes of {}: {css}",
        css.len(),
        CHARTS_CSS.len()
    );
    // What a bar chart draws is styled, in every scheme; the series' lines not.
    for rule in [
        ".faro-chart text{fill: #1a1a1a",
        ".faro-chart-bar{fill: #1f5aa6}",
        ".faro-chart--standalone .faro-chart-bg{fill: #ffffff}",
        "@media (prefers-color-scheme: dark){",
        ".faro-chart-bar{fill: #79a8f0}",
        "@media print{",
    ] {
        assert!(css.contains(rule), "no {rule} in {css}");
    }
    assert!(!css.contains("faro-chart-line"), "{css}");
    assert!(!css.contains("faro-chart--spark"), "{css}");
}
