//! A citizen on a 320px phone (issue 15, items 6–9), measured in Chromium on
//! the bundled site: every table and every chart text of every page type,
//! the first screen of a report, and the report's fidelity to its source
//! document (captions, headings, photos, signs, colours).
//!
//! Measured, not assumed: a table is "too wide" when any of its cells reaches
//! past the viewport's right edge (a scroll box hides them as surely as
//! `overflow: hidden`), and a chart text's size is its font size times the
//! scale its SVG is drawn at, as the browser computes it (`getScreenCTM`).

use super::{PAGES, REPORT, open};
use crate::site::site;
use crate::webdriver::{Driver, Session};
use serde_json::{Value, json};

/// The narrowest phone the site is made for, in CSS px.
const PHONE_W: u32 = 320;
/// The first screen of that phone (iPhone SE, first generation).
const PHONE_H: u32 = 568;

/// Every table cell that reaches past the viewport, or is hidden while it
/// holds text, on the current page.
fn table_problems(s: &Session) -> Value {
    s.exec(
        "const vw = document.documentElement.clientWidth, out = [];
         const tables = [...document.querySelectorAll('main table')];
         for (const [i, t] of tables.entries()) {
           const r = t.getBoundingClientRect();
           if (r.right > vw + 0.5) out.push(`table ${i + 1} is ${Math.round(r.width)}px wide, right edge at ${Math.round(r.right)}`);
           for (const c of t.querySelectorAll('tbody td, tbody th, tfoot td, tfoot th')) {
             const text = c.textContent.trim();
             if (!text) continue;
             const b = c.getBoundingClientRect(), cs = getComputedStyle(c);
             if (cs.display === 'none' || cs.visibility === 'hidden' || b.width === 0)
               out.push(`table ${i + 1}: «${text.slice(0, 40)}» is hidden`);
             else if (b.right > vw + 0.5 || b.left < -0.5)
               out.push(`table ${i + 1}: «${text.slice(0, 40)}» spans x ${Math.round(b.left)}..${Math.round(b.right)}`);
           }
         }
         return {tables: tables.length, scroll: document.documentElement.scrollWidth, vw, out};",
        json!([]),
    )
}

pub fn at_320px_no_table_is_wider_than_the_viewport_and_every_value_shows() {
    let driver = Driver::start();
    let s = driver.session(PHONE_W, PHONE_H);
    let (mut bad, mut tables) = (Vec::new(), 0);
    for (name, path) in PAGES {
        open(&s, path);
        let r = table_problems(&s);
        tables += r["tables"].as_u64().unwrap_or(0);
        if r["scroll"].as_u64() > r["vw"].as_u64() {
            bad.push(format!(
                "{name} /{path}: the page scrolls sideways ({} > {})",
                r["scroll"], r["vw"]
            ));
        }
        for p in r["out"].as_array().into_iter().flatten() {
            bad.push(format!("{name} /{path}: {}", p.as_str().unwrap_or("?")));
        }
    }
    eprintln!("measured {tables} tables at {PHONE_W}px");
    assert!(tables >= 8, "too few tables measured: {tables}");
    assert!(
        bad.is_empty(),
        "tables at {PHONE_W}px:\n  {}",
        bad.join("\n  ")
    );
}

pub fn at_320px_chart_text_is_at_least_11px_never_outlined_and_every_chart_is_named() {
    let driver = Driver::start();
    let s = driver.session(PHONE_W, PHONE_H);
    let (mut bad, mut texts, mut charts) = (Vec::new(), 0, 0);
    for (name, path) in PAGES {
        open(&s, path);
        let r = s.exec(
            "const out = [];
             const texts = [...document.querySelectorAll('svg.faro-chart text')]
               .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0);
             for (const t of texts) {
               const cs = getComputedStyle(t);
               const px = parseFloat(cs.fontSize) * t.getScreenCTM().a;
               const what = `«${t.textContent.trim()}»`;
               if (px < 11 - 0.01) out.push(`${what} renders at ${px.toFixed(1)}px`);
               if (cs.stroke !== 'none') out.push(`${what} has stroke ${cs.stroke}`);
             }
             const figures = [...document.querySelectorAll('svg.faro-chart:not(.faro-chart--spark)')];
             for (const svg of figures) {
               const cap = svg.closest('figure')?.querySelector('figcaption');
               const b = cap ? cap.getBoundingClientRect() : {height: 0};
               if (!cap || !cap.textContent.trim() || b.height === 0)
                 out.push(`chart ${svg.querySelector('title')?.textContent} has no visible title`);
             }
             return {texts: texts.length, charts: figures.length, out};",
            json!([]),
        );
        texts += r["texts"].as_u64().unwrap_or(0);
        charts += r["charts"].as_u64().unwrap_or(0);
        for p in r["out"].as_array().into_iter().flatten() {
            bad.push(format!("{name} /{path}: {}", p.as_str().unwrap_or("?")));
        }
    }
    eprintln!("measured {texts} chart texts in {charts} charts at {PHONE_W}px");
    assert!(
        texts > 200 && charts >= 10,
        "too few measured: {texts} texts, {charts} charts"
    );
    assert!(
        bad.is_empty(),
        "chart text at {PHONE_W}px:\n  {}",
        bad.join("\n  ")
    );
}

pub fn the_first_screen_of_a_report_shows_its_title_and_first_figures() {
    let driver = Driver::start();
    let s = driver.session(PHONE_W, PHONE_H);
    open(&s, REPORT);
    let geometry = "const box = sel => { const e = document.querySelector(sel); if (!e) return null;
                       const b = e.getBoundingClientRect(); return {top: b.top, bottom: b.bottom, height: b.height}; };
                     const navs = [...document.querySelectorAll('.site-header nav')].filter(n => n.checkVisibility());
                     return {header: box('.site-header'), search: box('.site-header search, .site-header [role=search]'), h1: box('main h1'), lead: box('.report .lead'),
                             inner: innerHeight, navs: navs.length,
                             navShown: navs.some(n => [...n.querySelectorAll('a')].some(a => a.checkVisibility()))};";
    let r = s.exec(geometry, json!([]));
    eprintln!("report at {PHONE_W}x{PHONE_H}: {r}");
    let at = |k: &str, edge: &str| r[k][edge].as_f64().unwrap_or(f64::MAX);
    // A short header with room for one more row, a one-line search box
    // (the search form, `<search>` or `role=search`, is not counted).
    let search = r["search"]["height"].as_f64().unwrap_or(0.0);
    assert!(
        at("header", "height") - search <= 110.0 && search <= 48.0,
        "the header takes {}px of the first screen (search box: {search}px)",
        at("header", "height")
    );
    assert!(
        at("h1", "bottom") <= f64::from(PHONE_H),
        "the report's title ends below the first screen: {r}"
    );
    // The summary gives the month's figures in words: it starts on the first
    // screen, its first lines visible.
    assert!(
        at("lead", "top") + 60.0 <= f64::from(PHONE_H),
        "the first figures (the summary) are not on the first screen: {r}"
    );
    assert_eq!(r["navShown"], false, "the menu is folded on a phone");
    // Without script, the menu opens from its button.
    let summary = s.find(".nav-menu > summary");
    s.click(&summary);
    let r = s.exec(geometry, json!([]));
    assert_eq!(r["navShown"], true, "the menu did not open");
    assert_eq!(r["navs"], 1, "one menu is displayed, not two");

    // Room for a one-line search box: with one in the header's bar (as a
    // theme may add), the title still ends on the first screen.
    s.click(&summary);
    let r = s.exec(
        &format!(
            "if (!document.querySelector('.site-header search'))
               document.querySelector('.site-header-bar').insertAdjacentHTML('beforeend',
                 '<search><form><input type=search aria-label=Buscar style=\"width:100%;font:inherit\"></form></search>');
             {geometry}"
        ),
        json!([]),
    );
    eprintln!("with a search box: {r}");
    let at = |k: &str, edge: &str| r[k][edge].as_f64().unwrap_or(f64::MAX);
    assert!(
        at("search", "height") <= 48.0 && at("h1", "bottom") <= f64::from(PHONE_H),
        "a search box does not fit on one line, or pushes the title off the first screen: {r}"
    );

    // A wide screen shows the menu at once.
    let wide = driver.session(1280, 800);
    open(&wide, REPORT);
    let r = wide.exec(geometry, json!([]));
    assert_eq!(r["navShown"], true, "the menu is folded on a wide screen");
    assert_eq!(r["navs"], 1, "one menu is displayed, not two");
}

pub fn the_report_follows_its_source_document() {
    let driver = Driver::start();
    let s = driver.session(PHONE_W, PHONE_H);
    open(&s, REPORT);
    let r = s.exec(
        "const visible = e => !!e && e.getBoundingClientRect().height > 0 && getComputedStyle(e).visibility !== 'hidden';
         const h2 = [...document.querySelectorAll('main h2')].find(h => h.textContent.trim() === 'Información cualitativa');
         const inText = [...document.querySelectorAll('.narrative img')].map(i => i.getAttribute('src').split('/').pop().replace(/-\\w+\\.\\w+$/, ''));
         const atEnd = [...document.querySelectorAll('.photos [data-gallery] img')].map(i => i.getAttribute('src').split('/').pop().replace(/-\\w+\\.\\w+$/, ''));
         const colour = sel => { const e = document.querySelector(sel); return e ? getComputedStyle(e).color : null; };
         return {
           captions: [...document.querySelectorAll('.data-table > h3')].map(h => h.textContent.trim()),
           qualitative: visible(h2),
           inText, atEnd,
           changes: [...document.querySelectorAll('.change-down')].map(e => e.textContent.trim()),
           up: colour('.change-up'), down: colour('.change-down'), ink: colour('.data-table td'),
         };",
        json!([]),
    );
    eprintln!("{r:#}");
    let captions: Vec<&str> = r["captions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        captions,
        [
            "Cuadro 1. Registro, control y emisión de visas y residencias (1,749).",
            "Cuadro 3. Emisión de 70,173 documentos migratorios.",
            "Cuadro 2. Asistencia y protección a 6,702 personas.",
            "Cuadro 4. Control, registro de nacionales y extranjeros en el territorio nacional, (1,025,875).",
        ],
        "captions as the source document writes them"
    );
    assert_eq!(
        r["qualitative"], true,
        "the heading «Información cualitativa» is visible"
    );
    let in_text = r["inText"].as_array().cloned().unwrap_or_default();
    assert!(!in_text.is_empty(), "the report shows photos in its text");
    let repeated: Vec<&Value> = r["atEnd"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| in_text.contains(p))
        .collect();
    assert!(
        repeated.is_empty(),
        "the end gallery repeats photos of the text: {repeated:?}"
    );
    // A report with a `gallery:` list still ends with those photos.
    open(&s, "informes/2024/02/");
    let listed = s.exec(
        "return document.querySelectorAll('.photos [data-gallery] img').length;",
        json!([]),
    );
    assert_eq!(listed, 2, "February's two `gallery:` photos are shown");
    let changes = r["changes"].as_array().cloned().unwrap_or_default();
    assert!(!changes.is_empty(), "the report has falls to show");
    for c in &changes {
        let c = c.as_str().unwrap_or("");
        assert!(
            c.starts_with('\u{2212}') && !c.contains('-'),
            "a fall is written with the minus sign U+2212: {c:?}"
        );
    }
    assert!(
        r["up"] == r["ink"] && r["down"] == r["ink"],
        "changes are not coloured as good or bad: rise {}, fall {}, text {}",
        r["up"],
        r["down"],
        r["ink"]
    );
}

/// The built pages themselves, without a browser: no hyphen-minus before a
/// number in a change, and every axis of every chart in one unit.
pub fn built_pages_write_true_minus_signs_and_one_unit_per_axis() {
    let out = &site().out;
    let mut bad = Vec::new();
    let mut axes = 0;
    for path in crate::site::files_with(out, &["html"]) {
        let html = std::fs::read_to_string(&path).unwrap_or_default();
        let rel = path
            .strip_prefix(out)
            .unwrap_or(&path)
            .display()
            .to_string();
        for cls in ["change-down", "change-up", "change-flat"] {
            for piece in html.split(&format!("class=\"{cls}\">")).skip(1) {
                let text = &piece[..piece.find("</span>").unwrap_or(0)];
                if text.contains('-') {
                    bad.push(format!("{rel}: change {text:?} has a hyphen-minus"));
                }
            }
        }
        for svg in html.split("<svg").skip(1) {
            let svg = &svg[..svg.find("</svg>").unwrap_or(svg.len())];
            let ticks: Vec<&str> = svg
                .split("class=\"faro-chart-tick\"")
                .skip(1)
                .filter_map(|t| Some(&t[t.find('>')? + 1..t.find("</text>")?]))
                .filter(|t| t.chars().next().is_some_and(|c| c.is_ascii_digit()))
                .collect();
            // Month and year labels of an x axis are plain: only a mix of
            // "mil" and "M" is a mixed value axis.
            let mil = ticks.iter().any(|t| t.ends_with(" mil"));
            let millions = ticks.iter().any(|t| t.ends_with(" M"));
            if !ticks.is_empty() {
                axes += 1;
            }
            if mil && millions {
                bad.push(format!("{rel}: one axis mixes units: {ticks:?}"));
            }
        }
    }
    assert!(axes > 20, "too few axes read: {axes}");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
