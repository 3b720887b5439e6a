//! Share pictures (issue 29, item 1): every published report and indicator
//! page names a 1200×630 PNG in `og:image` and `twitter:image`, the file is
//! there, sample data is marked on it, drafts have none, the address
//! follows `base_url`, and a picture is drawn again only when it changes.

mod common;
use common::{Site, report};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

const BASE: &str = "https://example.org/portal/";

/// Two reports, a sample one and a draft.
fn fixture() -> Site {
    let s = Site::basic();
    s.write(
        "content/informes/2024/02/index.md",
        &report("2024-02", "sample: true\n", "Texto.\n"),
    );
    s.write(
        "content/informes/2024/03/index.md",
        &report("2024-03", "draft: true\n", "Borrador.\n"),
    );
    s
}

/// The `content` of `<meta property|name="key" content="…">`, if any.
fn meta(html: &str, key: &str) -> Option<String> {
    let at = html
        .find(&format!("property=\"{key}\" content=\""))
        .or_else(|| html.find(&format!("name=\"{key}\" content=\"")))?;
    let rest = &html[at..];
    let start = rest.find("content=\"")? + 9;
    let end = rest[start..].find('"')?;
    Some(rest[start..start + end].to_string())
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert_eq!(&bytes[12..16], b"IHDR");
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (word(16), word(20))
}

/// Every page of `kind` (`informes`, `indicadores`) under `public/`.
fn pages(s: &Site, kind: &str) -> Vec<PathBuf> {
    walkdir::WalkDir::new(s.path("public").join(kind))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.ends_with("index.html"))
        .collect()
}

fn rel(s: &Site, p: &Path) -> String {
    p.strip_prefix(s.path("public"))
        .unwrap()
        .parent()
        .unwrap()
        .to_string_lossy()
        .into_owned()
        + "/"
}

#[test]
fn every_published_report_and_indicator_names_its_1200x630_picture() {
    let s = fixture();
    let out = s.faro(&["build", "--drafts"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let mut seen = 0;
    for kind in ["informes", "indicadores"] {
        // Report and indicator pages are two folders down (`informes/2024/01/`).
        for page in pages(&s, kind) {
            let url = rel(&s, &page);
            if url.matches('/').count() != 3 {
                continue;
            }
            let html = std::fs::read_to_string(&page).unwrap();
            if url == "informes/2024/03/" {
                assert_eq!(meta(&html, "og:image"), None, "a draft has no picture");
                assert!(!s.exists("informes/2024/03/compartir.png"));
                continue;
            }
            let image = meta(&html, "og:image").unwrap_or_else(|| panic!("{url}: no og:image"));
            let (file_url, version) = image.split_once("?v=").expect("a versioned address");
            assert_eq!(file_url, format!("{BASE}{url}compartir.png"), "{url}");
            assert!(
                version.len() == 10 && version.bytes().all(|b| b.is_ascii_hexdigit()),
                "{url}: version {version}"
            );
            assert_eq!(meta(&html, "twitter:image"), Some(image.clone()));
            assert_eq!(
                meta(&html, "twitter:card").as_deref(),
                Some("summary_large_image")
            );
            assert_eq!(meta(&html, "og:image:width").as_deref(), Some("1200"));
            assert_eq!(meta(&html, "og:image:height").as_deref(), Some("630"));
            for alt in ["og:image:alt", "twitter:image:alt"] {
                assert!(
                    meta(&html, alt).is_some_and(|a| a.len() > 10),
                    "{url}: {alt}"
                );
            }
            assert_eq!(meta(&html, "og:url"), Some(format!("{BASE}{url}")));
            assert_eq!(meta(&html, "og:locale").as_deref(), Some("es_GT"));
            assert!(meta(&html, "og:title").is_some() && meta(&html, "og:type").is_some());
            let file = s.path("public").join(format!("{url}compartir.png"));
            let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{url}: {e}"));
            assert_eq!(png_size(&bytes), (1200, 630), "{url}");
            seen += 1;
        }
    }
    // Three published reports and each report's two indicators.
    assert_eq!(seen, 5, "pages with a picture");
    let sample = std::fs::read_to_string(s.path("public/informes/2024/02/index.html")).unwrap();
    assert!(
        meta(&sample, "og:image:alt")
            .unwrap()
            .contains("datos de ejemplo")
    );
    // Other pages say what they are, with the site's description card.
    let home = s.read("index.html");
    assert_eq!(meta(&home, "og:type").as_deref(), Some("website"));
    assert_eq!(meta(&home, "twitter:card").as_deref(), Some("summary"));
    assert_eq!(meta(&home, "og:image"), None);
}

/// The red band across the foot of a picture of sample data.
fn has_sample_band(png: &[u8]) -> bool {
    let img = image::load_from_memory(png).unwrap().to_rgb8();
    let red = |x: u32| {
        let p = img.get_pixel(x, 630 - 8);
        p[0] > 140 && p[1] < 60 && p[2] < 60
    };
    [20, 300, 1180].into_iter().all(red)
}

#[test]
fn a_picture_of_sample_data_is_marked_on_the_image() {
    let s = fixture();
    s.build();
    let sample = std::fs::read(s.path("public/informes/2024/02/compartir.png")).unwrap();
    let real = std::fs::read(s.path("public/informes/2024/01/compartir.png")).unwrap();
    assert!(
        has_sample_band(&sample),
        "the sample report's picture is marked"
    );
    assert!(!has_sample_band(&real), "a real report's picture is not");
    // The indicators draw the sample month: marked too.
    let indicator =
        std::fs::read(s.path("public/indicadores/visas/visas-emitidas/compartir.png")).unwrap();
    assert!(has_sample_band(&indicator));
}

/// Every cache entry with its modification time.
fn entries(s: &Site) -> BTreeMap<String, SystemTime> {
    std::fs::read_dir(s.path(".faro-cache/share"))
        .map(|d| {
            d.flatten()
                .map(|e| {
                    let time = e.metadata().unwrap().modified().unwrap();
                    (e.file_name().to_string_lossy().into_owned(), time)
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_picture_is_drawn_again_only_when_it_changes() {
    let s = fixture();
    s.build();
    let first = entries(&s);
    let image = |month: &str| {
        meta(&s.read(&format!("informes/{month}/index.html")), "og:image").expect("og:image")
    };
    let (first_2023, first_2024) = (image("2023/01"), image("2024/01"));
    // Three reports and two indicators.
    assert_eq!(first.len(), 5, "{first:?}");
    let published = std::fs::read(s.path("public/informes/2024/01/compartir.png")).unwrap();
    assert!(
        first
            .keys()
            .any(|k| std::fs::read(s.path(".faro-cache/share").join(k)).unwrap() == published),
        "the published picture is the cached one"
    );
    // A build into an empty output draws nothing: every picture is copied.
    std::fs::remove_dir_all(s.path("public")).unwrap();
    s.build();
    assert_eq!(entries(&s), first, "no entry written again");
    assert!(s.exists("informes/2024/01/compartir.png"));
    // A value changes: that report's picture and its indicator's are drawn
    // again, the others are not; the stale entries are removed.
    s.write(
        "content/informes/2023/01/index.md",
        &report("2023-01", "", "## Uno\n\nTexto.\n").replace("value: 158", "value: 159"),
    );
    std::fs::remove_dir_all(s.path("public")).unwrap();
    s.build();
    let second = entries(&s);
    assert_eq!(second.len(), 5, "{second:?}");
    let kept = second
        .iter()
        .filter(|(k, t)| first.get(*k) == Some(t))
        .count();
    assert_eq!(kept, 3, "three pictures unchanged, two drawn again");
    // The changed picture has a new address, so networks fetch it again.
    assert_ne!(image("2023/01"), first_2023, "a changed picture's address");
    assert_eq!(
        image("2024/01"),
        first_2024,
        "an unchanged picture's address"
    );
}

#[test]
fn under_a_sub_path_the_picture_follows_base_url() {
    let s = fixture();
    let out = s.faro(&["build", "--base-url", "/sub/"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let html = s.read("informes/2024/01/index.html");
    assert_eq!(
        meta(&html, "og:image").and_then(|a| a.split_once("?v=").map(|(f, _)| f.to_string())),
        Some("/sub/informes/2024/01/compartir.png".to_string())
    );
    assert!(s.exists("informes/2024/01/compartir.png"));
}
