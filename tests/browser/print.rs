//! A report printed from the browser (issue 29, item 4): Chromium prints the
//! January 2024 report to PDF through WebDriver's `POST /session/{id}/print`
//! on A4 and on Letter paper, and the PDF's own text is read back with
//! `pdf-extract`: the report's title, the print-only line with the page's
//! address and its publication date, each table's caption and figures, and
//! none of the site's chrome (menu, search box, footer, download links).

use super::{REPORT, open};
use crate::site::site;
use crate::webdriver::Driver;
use serde_json::{Value, json};

/// Paper sizes in centimetres, as WebDriver's print command takes them, and
/// the same in PDF points (1/72 in) as the PDF's MediaBox gives them.
const PAPERS: &[(&str, f64, f64, f64, f64)] = &[
    ("A4", 21.0, 29.7, 595.0, 842.0),
    ("Letter", 21.59, 27.94, 612.0, 792.0),
];

/// Standard base64 (RFC 4648, with padding), as WebDriver returns the PDF.
fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let digits: Vec<u32> = s.bytes().filter_map(val).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, d)| acc | d << (18 - 6 * i));
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len().saturating_sub(1)]);
    }
    out
}

/// The text without any white space: a PDF's text comes out laid out in
/// lines, with spaces where the glyphs' positions suggest them («2 0 2 4»,
/// «infor mes»), so text is compared with its spacing taken out.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

pub fn a_report_prints_on_a4_and_letter_as_the_institutes_document() {
    let driver = Driver::start();
    let s = driver.session(1280, 900);
    open(&s, REPORT);
    // What the screen shows, to find again on paper.
    let page = s.exec(
        "return {
           title: document.querySelector('h1').textContent,
           printLine: document.querySelector('.print-line')?.textContent ?? '',
           published: document.querySelector('.report-header time')?.textContent ?? null,
           tables: [...document.querySelectorAll('.data-table')].map(t => ({
             caption: t.querySelector('h3').textContent,
             labels: [...t.querySelectorAll('tbody th')].map(c => c.textContent),
             values: [...t.querySelectorAll('tbody td:first-of-type')].map(c => c.textContent),
           })),
         };",
        json!([]),
    );
    let title = squeeze(page["title"].as_str().unwrap_or_default());
    let tables = page["tables"].as_array().cloned().unwrap_or_default();
    assert!(!title.is_empty() && tables.len() >= 2, "page read: {page}");
    let address = site().url(REPORT);
    let print_line = squeeze(page["printLine"].as_str().unwrap_or_default());
    // The bundled reports carry no `date:`; the line then names the period
    // (tests/calendar.rs checks the date in the line of a dated report).
    let when = match page["published"].as_str() {
        Some(d) => squeeze(&format!("Publicado el {d}")),
        None => squeeze("Informe de enero de 2024"),
    };
    assert!(
        print_line.contains(&address) && print_line.contains(&when),
        "the print-only line «{print_line}» lacks the address {address} or «{when}»"
    );

    for &(paper, w_cm, h_cm, w_pt, h_pt) in PAPERS {
        let b64 = s.cmd(
            "POST",
            "/print",
            Some(json!({"page": {"width": w_cm, "height": h_cm}, "background": false})),
        );
        let pdf = base64_decode(b64.as_str().unwrap_or_default());
        assert!(pdf.starts_with(b"%PDF"), "{paper}: not a PDF");
        let doc = lopdf::Document::load_mem(&pdf).expect("the PDF parses");
        let pages = doc.get_pages();
        // The media box of the first page is the paper asked for.
        let first = pages.values().next().copied().expect("a page");
        let media = doc
            .get_dictionary(first)
            .and_then(|d| d.get(b"MediaBox"))
            .and_then(|m| m.as_array())
            .map(|a| {
                a.iter()
                    .map(|n| n.as_float().unwrap_or(0.0) as f64)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        assert!(
            media.len() == 4 && (media[2] - w_pt).abs() < 2.0 && (media[3] - h_pt).abs() < 2.0,
            "{paper}: page box {media:?}"
        );
        let by_page: Vec<String> = pdf_extract::extract_text_from_mem_by_pages(&pdf)
            .expect("the PDF's text")
            .iter()
            .map(|t| squeeze(t))
            .collect();
        let text = by_page.join(" ");
        eprintln!(
            "{paper}: {} pages, {} chars of text",
            pages.len(),
            text.len()
        );
        assert!(
            (2..=40).contains(&pages.len()),
            "{paper}: {} pages",
            pages.len()
        );

        let mut bad = Vec::new();
        if !by_page[0].contains(&title) {
            bad.push(format!("the title «{title}» is not on the first page"));
        }
        if !by_page[0].contains(&print_line) {
            bad.push(format!("the line «{print_line}» is not on the first page"));
        }
        for t in &tables {
            let caption = squeeze(t["caption"].as_str().unwrap_or_default());
            // A table is not split: its caption and all its rows on one page.
            let Some(p) = by_page.iter().position(|p| p.contains(&caption)) else {
                bad.push(format!("caption «{caption}» absent"));
                continue;
            };
            let cells = [&t["labels"], &t["values"]];
            for cell in cells
                .iter()
                .flat_map(|c| c.as_array().into_iter().flatten())
            {
                let cell = squeeze(cell.as_str().unwrap_or_default());
                if !by_page[p].contains(&cell) {
                    bad.push(format!(
                        "«{cell}» of «{caption}» is not on its page ({})",
                        p + 1
                    ));
                }
            }
        }
        for chrome in [
            "Saltar al contenido",
            "Buscar en el sitio",
            "Menú",
            "Ruta de navegación",
            "Mapa del sitio",
            "Suscripción (Atom)",
            "Descargar el gráfico",
            "Descargar los datos",
            "Seleccione una foto",
        ] {
            if text.contains(&squeeze(chrome)) {
                bad.push(format!("«{chrome}» is printed"));
            }
        }
        assert!(
            bad.is_empty(),
            "{paper}:\n  {}\nfirst page: {}",
            bad.join("\n  "),
            by_page[0]
        );
    }
}

/// The PDF checks above read text only; the photos and charts must also fit
/// the paper: no image or chart wider than the printed page's text block,
/// none taller than two fifths of it (a photo leaves room for its caption
/// and the text around it).
pub fn printed_photos_and_charts_fit_the_page() {
    let driver = Driver::start();
    let s = driver.session(1280, 900);
    open(&s, REPORT);
    s.cdp("Emulation.setEmulatedMedia", json!({"media": "print"}));
    // A4 less Chromium's default 1 cm margins: 19 cm = 718 CSS px wide,
    // 27.7 cm = 1047 CSS px tall.
    s.set_viewport(718, 1047);
    let r: Value = s.exec(
        "const out = [];
         const imgs = [...document.querySelectorAll('main img, main svg.faro-chart:not(.faro-chart--spark)')];
         for (const el of imgs) {
           const b = el.getBoundingClientRect();
           if (b.width === 0) continue;
           if (b.width > 718.5) out.push(`${el.tagName} ${el.getAttribute('src') || ''} is ${Math.round(b.width)}px wide`);
           if (b.height > 1047 * 0.4) out.push(`${el.tagName} ${el.getAttribute('src') || ''} is ${Math.round(b.height)}px tall`);
         }
         return {n: imgs.length, out};",
        json!([]),
    );
    let n = r["n"].as_u64().unwrap_or(0);
    assert!(n >= 5, "too few images and charts measured: {r}");
    let bad: Vec<&str> = r["out"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(bad.is_empty(), "printed:\n  {}", bad.join("\n  "));
}
