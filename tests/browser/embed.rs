//! An indicator's chart embedded elsewhere (issue 29, item 3), in Chromium:
//! the code the indicator's page offers, pasted into a page, shows the
//! chart under the site's sub-path within a phone's width, and a link in it
//! opens in the whole window, not inside the frame.

use super::{open, settle};
use crate::site::site;
use crate::webdriver::Driver;
use serde_json::json;

const INDICATOR: &str = "indicadores/visas-residencias/visas-emitidas/";

pub fn the_copied_code_shows_the_chart_and_its_links_open_in_the_whole_window() {
    let driver = Driver::start();
    let s = driver.session(390, 844);
    open(&s, INDICATOR);
    // The copy button is there once its script ran, and says what it did.
    let copied = s.exec_async(
        "const done = arguments[arguments.length - 1];
         const button = document.querySelector('button[data-copy]');
         if (!button || button.hidden) return done('no visible button');
         button.click();
         const t0 = Date.now();
         (function tick() {
           const status = document.querySelector('.embed-copy-status').textContent;
           if (status || Date.now() - t0 > 20000) return done(status);
           setTimeout(tick, 50);
         })();",
        json!([]),
    );
    let copied = copied.as_str().unwrap_or_default();
    assert!(
        copied == "Código copiado." || copied.starts_with("No se pudo copiar"),
        "{copied}"
    );
    // The page becomes a newspaper's page holding only the pasted code.
    let shown = s.exec_async(
        "const done = arguments[arguments.length - 1];
         document.body.innerHTML = '<p>Artículo</p>' + document.getElementById('embed-code-text').value;
         const frame = document.querySelector('iframe');
         const t0 = Date.now();
         (function tick() {
           const d = frame.contentDocument;
           const svg = d && d.querySelector('svg.faro-chart');
           if ((svg && d.readyState === 'complete') || Date.now() - t0 > 40000) {
             return done(svg ? {
               src: frame.src,
               title: frame.title,
               width: frame.getBoundingClientRect().width,
               chart: svg.getBoundingClientRect().width,
               scroll: d.documentElement.scrollWidth - d.documentElement.clientWidth,
               rows: d.querySelectorAll('tbody tr').length,
               scripts: d.scripts.length,
             } : null);
           }
           setTimeout(tick, 50);
         })();",
        json!([]),
    );
    assert!(!shown.is_null(), "the embed did not show a chart in 40 s");
    assert_eq!(shown["src"], site().url(&format!("{INDICATOR}embed/")));
    assert!(
        shown["title"]
            .as_str()
            .unwrap_or("")
            .starts_with("Visas emitidas — "),
        "{shown}"
    );
    let frame_w = shown["width"].as_f64().unwrap_or(0.0);
    assert!(frame_w > 300.0, "the frame takes the page's width: {shown}");
    assert!(
        shown["chart"].as_f64().unwrap_or(f64::MAX) <= frame_w,
        "{shown}"
    );
    assert_eq!(shown["scroll"], 0, "nothing scrolls sideways: {shown}");
    assert_eq!(shown["scripts"], 0, "{shown}");
    assert!(shown["rows"].as_u64().unwrap_or(0) >= 12, "{shown}");
    // Its link back leads the whole window to the indicator's page.
    s.exec(
        "document.querySelector('iframe').contentDocument.querySelector('.back a').click(); return 1;",
        json!([]),
    );
    let want = site().url(INDICATOR);
    // Polled: the navigation starts after the click returns.
    for _ in 0..800 {
        if s.current_url() == want {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    settle(&s);
    assert_eq!(
        s.current_url(),
        want,
        "the whole window goes to the indicator"
    );
}
