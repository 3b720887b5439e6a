//! Charts as PNG (issue 29, item 2): with JavaScript, each chart's SVG
//! download has a PNG one beside it, made in the browser from that SVG
//! file; a click gives a real PNG, wide enough to read, with the chart
//! drawn on it. Without JavaScript the page does not offer it.

use super::{REPORT, open};
use crate::site::site;
use crate::webdriver::Driver;
use serde_json::json;

pub fn a_click_on_png_gives_a_legible_png_of_the_chart() {
    let html = std::fs::read_to_string(site().out.join(REPORT).join("index.html")).unwrap();
    assert!(
        !html.contains("(PNG)"),
        "the PNG link exists only when the script runs"
    );
    let driver = Driver::start();
    let s = driver.session(1280, 900);
    open(&s, REPORT);
    let r = s.exec_async(
        "const done = arguments[arguments.length - 1];
         (async () => {
         const svgs = [...document.querySelectorAll('.chart-links a[href*=\".svg\"]')];
         const pngs = [...document.querySelectorAll('.chart-links a.chart-png')];
         if (!pngs.length) return done({error: 'no PNG link', svgs: svgs.length});
         let made = null;
         const create = URL.createObjectURL.bind(URL);
         URL.createObjectURL = b => { if (b.type === 'image/png') made = b; return create(b); };
         const link = pngs[0];
         link.click();
         const svgText = await (await fetch(svgs[0].href)).text();
         const svg = new DOMParser().parseFromString(svgText, 'image/svg+xml').documentElement;
         // Polls until the PNG is made: a bound of tries, not a time.
         for (let i = 0; i < 2000 && !made; i++) await new Promise(r => setTimeout(r, 10));
         if (!made) return done({error: 'no PNG made', text: link.textContent});
         const bytes = new Uint8Array(await made.arrayBuffer());
         const view = new DataView(bytes.buffer);
         const bitmap = await createImageBitmap(made);
         const c = document.createElement('canvas');
         c.width = bitmap.width; c.height = bitmap.height;
         const g = c.getContext('2d');
         g.drawImage(bitmap, 0, 0);
         const px = g.getImageData(0, 0, c.width, c.height).data;
         let dark = 0;
         for (let i = 0; i < px.length; i += 4) if (px[i] + px[i + 1] + px[i + 2] < 300) dark++;
         done({
           svgs: svgs.length, pngs: pngs.length,
           signature: [...bytes.slice(0, 8)],
           ihdr: String.fromCharCode(...bytes.slice(12, 16)),
           width: view.getUint32(16), height: view.getUint32(20),
           svgWidth: parseFloat(svg.getAttribute('width')),
           svgHeight: parseFloat(svg.getAttribute('height')),
           size: bytes.length, dark,
           download: link.getAttribute('download'), href: svgs[0].getAttribute('href'),
         });
         })().catch(e => done({error: String(e)}));",
        json!([]),
    );
    assert!(r.get("error").is_none(), "{r}");
    assert!(r["svgs"].as_u64().unwrap() >= 2, "{r}");
    assert_eq!(
        r["pngs"], r["svgs"],
        "a PNG link beside every SVG link: {r}"
    );
    assert_eq!(
        r["signature"],
        json!([137, 80, 78, 71, 13, 10, 26, 10]),
        "{r}"
    );
    assert_eq!(r["ihdr"], "IHDR");
    let (w, h) = (r["width"].as_f64().unwrap(), r["height"].as_f64().unwrap());
    let (sw, sh) = (
        r["svgWidth"].as_f64().unwrap(),
        r["svgHeight"].as_f64().unwrap(),
    );
    assert!(w >= 1600.0, "wide enough to read in an article: {r}");
    assert!(
        ((w / h) - (sw / sh)).abs() < 0.01,
        "the SVG's proportions: {r}"
    );
    // Text and bars drawn, not an empty white image.
    assert!(r["dark"].as_u64().unwrap() > 2000, "{r}");
    let name = r["href"].as_str().unwrap().split('?').next().unwrap();
    let name = name.rsplit('/').next().unwrap().replace(".svg", ".png");
    assert_eq!(r["download"].as_str(), Some(name.as_str()));
}
