//! Search in a real browser, on the bundled site's real text: queries with
//! and without accents, Spanish plurals, the result links, the live region
//! that announces the count, the filters, the indicator ranking, the order
//! (newest first, or by relevance), excerpts with their table cells apart,
//! keyboard use, a search that cannot load, and axe-core with results
//! showing at 320 px and 1280 px.

use super::{axe_violations, node_module, settle};
use crate::site::{Built, large_archive, site, without};
use crate::webdriver::{Driver, Session};
use serde_json::{Value, json};

/// One result as the page shows it.
#[derive(Debug)]
struct Hit {
    href: String,
    title: String,
    meta: String,
    excerpt: String,
}

/// Opens `/buscar/?<query>` and waits until the results are shown; returns
/// the live region's text and the results.
fn search(s: &Session, query: &str) -> (String, Vec<Hit>) {
    search_in(site(), s, query)
}

/// [`search`] on the site `built`.
fn search_in(built: &Built, s: &Session, query: &str) -> (String, Vec<Hit>) {
    s.goto(&built.url(&format!("buscar/?{query}")));
    settle(s);
    let r = s.exec_async(
        "const done = arguments[arguments.length - 1];
         const t0 = Date.now();
         (function tick() {
           const status = document.getElementById('search-page-status');
           const text = status ? status.textContent : '';
           // Generous: the first query starts Pagefind's worker and WebAssembly,
           // slow when the machine runs many browsers at once.
           if ((text && text !== 'Buscando…') || Date.now() - t0 > 40000) {
             return done({
               status: text,
               role: status && status.getAttribute('role'),
               live: status && status.getAttribute('aria-live'),
               hits: [...document.querySelectorAll('#search-page-results > li')].map(li => ({
                 href: li.querySelector('h2 a').href,
                 title: li.querySelector('h2 a').textContent,
                 meta: li.querySelector('.search-result-meta').textContent,
                 excerpt: li.querySelector('.search-result-excerpt').innerHTML,
               })),
             });
           }
           setTimeout(tick, 50);
         })();",
        json!([]),
    );
    let status = str_of(&r["status"]);
    assert!(
        !status.is_empty() && status != "Buscando…",
        "no answer to {query} in 40 s: {status:?}"
    );
    assert_eq!(r["role"], "status", "the count is in a live region");
    assert_eq!(r["live"], "polite");
    let hits = r["hits"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|h| Hit {
            href: str_of(&h["href"]),
            title: str_of(&h["title"]),
            meta: str_of(&h["meta"]),
            excerpt: str_of(&h["excerpt"]),
        })
        .collect();
    (status, hits)
}

fn str_of(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

fn urls(hits: &[Hit]) -> Vec<&str> {
    hits.iter().map(|h| h.href.as_str()).collect()
}

pub fn queries_find_reports_with_or_without_accents_and_in_plural() {
    let driver = Driver::start();
    let s = driver.session(390, 844);
    let report = site().url("informes/2024/01/");
    // The seed's January 2024 report speaks of "procedimientos de evacuación"
    // and of "pasaportes en Quetzaltenango".
    for q in [
        "evacuación",
        "evacuacion",
        "EVACUACION",
        "evacuaciones",
        "pasaporte",
        "quetzaltenango",
    ] {
        let (status, hits) = search(&s, &format!("q={q}"));
        assert!(
            status.contains("resultado") && status.contains(&format!("«{q}»")),
            "{q}: live region says {status:?}"
        );
        assert!(
            hits.iter().any(|h| h.href == report),
            "{q}: {report} not among {:?}",
            urls(&hits)
        );
        let hit = hits.iter().find(|h| h.href == report).expect("hit");
        assert_eq!(hit.meta, "Informe · enero de 2024", "{q}");
        assert!(
            hit.excerpt.contains("<mark>"),
            "{q}: no highlight in {}",
            hit.excerpt
        );
    }
    // Exact accents rank higher: "Migración" is everywhere, so compare the
    // counts instead: the accent-less query finds at least as many pages.
    let (with, with_hits) = search(&s, "q=migración");
    let (without, without_hits) = search(&s, "q=migracion");
    assert!(!with_hits.is_empty(), "{with}");
    assert_eq!(
        with_hits.len().min(10),
        without_hits.len().min(10),
        "{with} / {without}"
    );
    // Nonsense finds nothing, and says so.
    let (status, hits) = search(&s, "q=zxqwvk");
    assert!(hits.is_empty());
    assert!(status.starts_with("No se encontró nada"), "{status}");
}

pub fn result_links_lead_to_pages_that_exist() {
    let driver = Driver::start();
    let s = driver.session(1280, 900);
    let (_, hits) = search(&s, "q=visas");
    assert!(hits.len() >= 5, "{hits:?}");
    for h in &hits {
        assert!(
            h.href.starts_with(&site().base),
            "{} leaves the site",
            h.href
        );
        let rel = h.href[site().base.len()..].split('#').next().unwrap_or("");
        let file = site().out.join(format!("{rel}index.html"));
        assert!(file.is_file(), "{} → missing {}", h.href, file.display());
        assert!(!h.title.is_empty(), "{h:?}");
    }
    // Following the first link lands on its page.
    let first = s.find("#search-page-results h2 a");
    s.click(&first);
    settle(&s);
    assert_eq!(s.current_url(), hits[0].href);
}

pub fn indicator_pages_rank_first_and_filters_narrow_the_results() {
    let driver = Driver::start();
    let s = driver.session(1280, 900);
    let (_, hits) = search(&s, "q=visas+emitidas&orden=relevancia");
    assert_eq!(
        hits.first().map(|h| h.href.as_str()),
        Some(
            site()
                .url("indicadores/visas-residencias/visas-emitidas/")
                .as_str()
        ),
        "{:?}",
        urls(&hits)
    );
    let (_, hits) = search(&s, "q=visas&tipo=informe&anio=2023");
    assert!(!hits.is_empty());
    for h in &hits {
        assert!(
            h.meta.starts_with("Informe · ") && h.meta.ends_with(" de 2023"),
            "{h:?}"
        );
    }
    let (_, hits) = search(&s, "q=visas&tipo=indicador");
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.meta == "Indicador"), "{hits:?}");
    // The filters show what the address asked for.
    let kind = s.exec(
        "return document.getElementById('search-page-kind').value;",
        json!([]),
    );
    assert_eq!(kind, "indicador");
}

/// The address of each report result (`informes/2024/06/`), in order.
fn report_months(hits: &[Hit]) -> Vec<String> {
    hits.iter()
        .filter_map(|h| h.href.strip_prefix(&site().base))
        .filter(|rel| rel.starts_with("informes/"))
        .map(str::to_string)
        .collect()
}

pub fn results_come_newest_first_or_by_relevance_as_chosen() {
    let driver = Driver::start();
    let s = driver.session(1280, 900);
    let indicator = site().url("indicadores/visas-residencias/visas-emitidas/");
    // Every report of 2023 and 2024 speaks of visas: newest month first.
    let (_, hits) = search(&s, "q=visas+emitidas");
    let months = report_months(&hits);
    assert_eq!(months.len(), hits.len(), "reports first: {:?}", urls(&hits));
    assert_eq!(
        months.first().map(String::as_str),
        Some("informes/2024/06/")
    );
    let mut sorted = months.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(months, sorted, "newest first");
    assert_eq!(
        s.exec(
            "return document.getElementById('search-page-order').value;",
            json!([])
        ),
        "",
        "newest first is the default"
    );
    // Within a year too.
    let (_, hits) = search(&s, "q=visas&tipo=informe&anio=2023");
    assert_eq!(
        report_months(&hits).first().map(String::as_str),
        Some("informes/2023/12/")
    );
    // What has no month (indicators) is not lost: it follows, by relevance.
    let (_, hits) = search(&s, "q=visas+emitidas&tipo=indicador");
    assert_eq!(
        hits.first().map(|h| h.href.as_str()),
        Some(indicator.as_str())
    );

    // Choosing "Más relevantes" lists the results again, by relevance, and
    // says so in the address.
    search(&s, "q=visas+emitidas");
    s.exec(
        "const order = document.getElementById('search-page-order');
         document.getElementById('search-page-status').textContent = '';
         order.value = 'relevancia';
         order.dispatchEvent(new Event('change'));
         return 1;",
        json!([]),
    );
    let first = s.exec_async(
        "const done = arguments[arguments.length - 1];
         const t0 = Date.now();
         (function tick() {
           const text = document.getElementById('search-page-status').textContent;
           const a = document.querySelector('#search-page-results > li h2 a');
           if ((text && text !== 'Buscando…' && a) || Date.now() - t0 > 40000)
             return done(a ? a.href : '');
           setTimeout(tick, 50);
         })();",
        json!([]),
    );
    assert_eq!(
        first,
        indicator.as_str(),
        "by relevance, the indicator first"
    );
    assert_eq!(
        s.current_url(),
        site().url("buscar/?q=visas+emitidas&orden=relevancia")
    );
}

/// On an archive indexed in several parts (`src/search/parts.rs`), newest
/// first still holds across them: each part's years are asked for in turn.
/// The word is found in five reports, more often in older ones
/// (`site::large_archive`): by score, the oldest would come first, and two
/// archive parts asked in one search come mixed (Pagefind sorts each part's
/// answer, then merges the parts' by score).
pub fn newest_first_holds_across_the_parts_of_a_large_archive() {
    let built = large_archive();
    let driver = Driver::start();
    let s = driver.session(1280, 900);
    let (status, hits) = search_in(built, &s, "q=quetzal");
    let months: Vec<&str> = hits
        .iter()
        .filter_map(|h| h.href.strip_prefix(&built.base))
        .collect();
    assert_eq!(
        months,
        [
            "informes/2024/03/",
            "informes/2010/05/",
            "informes/2005/02/",
            "informes/1980/01/",
            "informes/1975/08/"
        ],
        "{status}"
    );
    // By relevance, Pagefind's own ranking over the merged parts.
    let (_, hits) = search_in(built, &s, "q=quetzal&orden=relevancia");
    assert_eq!(hits.len(), 5);
    assert!(hits[0].href.ends_with("/1975/08/") || hits[0].href.ends_with("/1980/01/"));
    // A year of the oldest part, chosen: only it.
    let (_, hits) = search_in(built, &s, "q=quetzal&anio=1975");
    assert_eq!(urls(&hits), [built.url("informes/1975/08/")]);
}

/// Pagefind used to run a table's caption and header cells together
/// ("residenciasCantidad de documentosFrente al mes anterior").
pub fn excerpts_keep_table_cells_apart() {
    let driver = Driver::start();
    let s = driver.session(1280, 900);
    let (_, hits) = search(&s, "q=cantidad+de+documentos&tipo=informe");
    assert!(!hits.is_empty());
    for h in &hits {
        let text = h.excerpt.replace("<mark>", "").replace("</mark>", "");
        for glued in ["residenciasCantidad", "documentosFrente", "anteriorFrente"] {
            assert!(!text.contains(glued), "{glued} in {text}");
        }
    }
}

pub fn the_header_box_searches_from_any_page_with_the_keyboard() {
    let driver = Driver::start();
    let s = driver.session(320, 700);
    s.goto(&site().url("informes/2024/01/"));
    settle(&s);
    let input = s.find("#site-search-q");
    s.click(&input);
    for key in "pasaportes\u{E007}".chars() {
        s.press(&key.to_string());
    }
    settle(&s);
    let (status, hits) = {
        // The address carries the query, so the search is a link to share.
        assert_eq!(s.current_url(), site().url("buscar/?q=pasaportes"));
        search(&s, "q=pasaportes")
    };
    assert!(status.contains("resultado"), "{status}");
    assert!(!hits.is_empty());
    // The box fits a 320 px screen: no horizontal scrolling.
    let overflow = s.exec(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
        json!([]),
    );
    assert_eq!(overflow, 0, "the page scrolls sideways at 320 px");
}

/// Lighthouse counted the search page's help for browsers without scripts,
/// drawn and then hidden once the search loaded, as a layout shift (the
/// footer moved up): with scripts it is never drawn, so the page does not
/// move while it loads.
pub fn the_search_page_does_not_move_while_it_loads() {
    let driver = Driver::start();
    for width in [320, 1280] {
        let s = driver.session(width, 800);
        s.goto(&site().url("buscar/"));
        let r = s.exec_async(
            "const done = arguments[arguments.length - 1];
             const help = document.getElementById('search-page-nojs');
             const t0 = Date.now();
             (function tick() {
               // Hidden by js/search.js once Pagefind has loaded.
               if (!help.hidden && Date.now() - t0 < 40000) return setTimeout(tick, 50);
               // Shifts so far come to the observer as a buffered batch.
               let shift = 0;
               new PerformanceObserver((list) => {
                 for (const e of list.getEntries()) shift += e.value;
               }).observe({ type: 'layout-shift', buffered: true });
               setTimeout(() => done({
                 loaded: help.hidden, shift, display: getComputedStyle(help).display,
               }), 500);
             })();",
            json!([]),
        );
        assert_eq!(
            r["loaded"], true,
            "{width}px: the search did not load in 40 s"
        );
        assert_eq!(
            r["display"], "none",
            "{width}px: the help for no scripts shows"
        );
        let shift = r["shift"].as_f64().unwrap_or(f64::MAX);
        assert!(
            shift < 0.01,
            "{width}px: layout shift {shift} while loading"
        );
    }
}

/// When Pagefind's script cannot load (a host that did not upload
/// `pagefind/`, a filter on the visitor's network), the page says so in its
/// live region and shows again the links to browse by year, by indicator
/// and the open data, instead of a search that never answers.
pub fn when_the_search_cannot_load_the_page_offers_the_links_instead() {
    let driver = Driver::start();
    // Blocked on the visitor's network: Pagefind's script, or the archive
    // part of the index (src/search/parts.rs).
    for blocked in [
        "*/pagefind/pagefind.js*",
        "*/pagefind/archivo/pagefind-entry.json*",
    ] {
        offers_the_links(&driver, site(), Some(blocked));
    }
    // Not uploaded (the host answers 404: Pagefind 1.6 then fails on the
    // first query, search.js already at its entry check): the archive
    // part, and any one part of a larger archive's index, not only the first.
    offers_the_links(&driver, &without(site(), "pagefind/archivo/"), None);
    offers_the_links(
        &driver,
        &without(large_archive(), "pagefind/archivo-2/"),
        None,
    );
}

fn offers_the_links(driver: &Driver, built: &Built, blocked: Option<&str>) {
    let s = driver.session(320, 800);
    if let Some(blocked) = blocked {
        s.cdp("Network.enable", json!({}));
        s.cdp("Network.setBlockedURLs", json!({ "urls": [blocked] }));
    }
    let blocked = blocked.unwrap_or("a folder answered 404");
    s.goto(&built.url("buscar/?q=visas"));
    let r = s.exec_async(
        "const done = arguments[arguments.length - 1];
         const status = document.getElementById('search-page-status');
         const help = document.getElementById('search-page-nojs');
         const t0 = Date.now();
         (function tick() {
           if (!/no está disponible/.test(status.textContent) && Date.now() - t0 < 20000)
             return setTimeout(tick, 50);
           const box = help.getBoundingClientRect();
           done({
             status: status.textContent,
             hidden: help.hidden,
             display: getComputedStyle(help).display,
             height: box.height,
             links: [...help.querySelectorAll('a')].map((a) => a.getAttribute('href')),
             results: document.querySelectorAll('#search-page-results li').length,
           });
         })();",
        json!([]),
    );
    let status = r["status"].as_str().unwrap_or_default();
    assert!(
        status.contains("no está disponible"),
        "{blocked}: the live region does not say the search failed: {status:?}"
    );
    assert_eq!(r["hidden"], false, "the links stay hidden: {r}");
    assert_ne!(r["display"], "none", "the links are not shown: {r}");
    assert!(r["height"].as_f64().unwrap_or(0.0) > 0.0, "{r}");
    let links: Vec<&str> = r["links"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    for wanted in ["/informes/", "/indicadores/", "/datos/"] {
        assert!(
            links.iter().any(|l| l.ends_with(wanted)),
            "no link to {wanted} among {links:?}"
        );
    }
    assert_eq!(r["results"], 0, "{r}");
}

pub fn axe_finds_no_violation_on_the_results_page() {
    let axe = node_module("axe-core/axe.min.js");
    let axe_src = std::fs::read_to_string(axe).expect("read axe.min.js");
    let driver = Driver::start();
    let mut failures = Vec::new();
    for width in [320, 1280] {
        let s = driver.session(width, 800);
        let (_, hits) = search(&s, "q=migracion");
        assert!(!hits.is_empty(), "results must show while axe runs");
        for scheme in ["light", "dark"] {
            s.color_scheme(scheme);
            for v in axe_violations(&s, &axe_src) {
                failures.push(format!("/buscar/ ({width}px, {scheme}): {v}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "axe-core found:\n  {}",
        failures.join("\n  ")
    );
}
