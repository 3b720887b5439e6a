//! Reading fixes (issue 29, item 6), measured in Chromium on the bundled
//! site: a report's tables fit a 1280px screen with their labels on whole
//! lines, and the comparison page shows a year per indicator in a screen or
//! so of a 320px phone, each notice once.

use super::{REPORT, open};
use crate::webdriver::Driver;
use serde_json::json;

/// Every report table fits its box at 1280px (nothing to scroll sideways, no
/// cell past the box's edge), and no row label is squeezed to a word or two
/// per line while the numbers beside it have room.
pub fn at_1280px_report_tables_fit_without_scrolling_and_labels_keep_their_words() {
    let driver = Driver::start();
    let s = driver.session(1280, 900);
    open(&s, REPORT);
    let r = s.exec(
        "const out = [];
         const lines = el => {
           const range = document.createRange();
           range.selectNodeContents(el);
           return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
         };
         const boxes = [...document.querySelectorAll('.data-table .table-scroll')];
         for (const [i, box] of boxes.entries()) {
           const b = box.getBoundingClientRect();
           if (box.scrollWidth > box.clientWidth + 1)
             out.push(`table ${i + 1} scrolls sideways: ${box.scrollWidth} > ${box.clientWidth}`);
           for (const c of box.querySelectorAll('th, td')) {
             const r = c.getBoundingClientRect();
             if (c.textContent.trim() && r.right > b.right + 0.5)
               out.push(`table ${i + 1}: «${c.textContent.trim().slice(0, 40)}» ends at ${Math.round(r.right)}, past ${Math.round(b.right)}`);
           }
           for (const th of box.querySelectorAll('tbody th')) {
             const words = th.textContent.trim().split(/\\s+/).length, n = lines(th);
             if (n > 1 && words / n < 3)
               out.push(`table ${i + 1}: «${th.textContent.trim()}» takes ${n} lines for ${words} words`);
           }
         }
         return {tables: boxes.length, out};",
        json!([]),
    );
    assert!(r["tables"].as_u64().unwrap_or(0) >= 2, "tables: {r}");
    let bad: Vec<&str> = r["out"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(bad.is_empty(), "at 1280px:\n  {}", bad.join("\n  "));
}

/// At 320px each indicator of the comparison page shows its year (chart, the
/// comparable total, the twelve months and the year's total) in at most
/// 800px under its name, and says «Incluye datos de ejemplo» once.
pub fn at_320px_the_comparison_shows_a_year_per_indicator_in_800px_each_notice_once() {
    let driver = Driver::start();
    let s = driver.session(320, 568);
    open(&s, "comparar/2024/");
    let r = s.exec(
        "const out = [];
         const items = [...document.querySelectorAll('.indicator-compare')];
         for (const it of items) {
           const name = it.querySelector('h3').textContent.trim();
           // The year shown: from under the indicator's name (as long as
           // the name is) to the end of its table.
           const h = it.getBoundingClientRect().bottom - it.querySelector('h3').getBoundingClientRect().bottom;
           if (h > 800) out.push(`«${name}» shows its year in ${Math.round(h)}px: ` +
             [...it.children].map(c => `${c.tagName.toLowerCase()}.${c.className} ${Math.round(c.getBoundingClientRect().height)}`).join(', '));
           const months = it.querySelectorAll('tbody tr').length;
           if (months !== 12) out.push(`«${name}» shows ${months} months`);
           const seen = [...it.querySelectorAll('p, span')]
             .filter(e => e.children.length === 0 && e.textContent.trim() === 'Incluye datos de ejemplo'
               && e.getBoundingClientRect().height > 0).length;
           if (seen > 1) out.push(`«${name}» says «Incluye datos de ejemplo» ${seen} times`);
         }
         return {items: items.length, out};",
        json!([]),
    );
    assert!(r["items"].as_u64().unwrap_or(0) >= 4, "indicators: {r}");
    let bad: Vec<&str> = r["out"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(
        bad.is_empty(),
        "comparison at 320px:\n  {}",
        bad.join("\n  ")
    );
}
