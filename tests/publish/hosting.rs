//! What `faro build` leaves for the web host: `.br` copies, hashed
//! names for styles and scripts, the `.htaccess`.

use crate::common::{Site, stderr, stdout};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Every file under `dir`, relative, `/`-separated, sorted.
pub fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            e.path()
                .strip_prefix(dir)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        .collect();
    v.sort();
    v
}

pub fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .expect("valid brotli");
    out
}

pub fn ungzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("valid gzip");
    out
}

/// A site with pages well above a kilobyte (every page carries the header
/// and footer) and a report to remove later.
fn site() -> Site {
    Site::basic()
}

pub fn each_compressed_copy_decompresses_to_exactly_its_file() {
    let s = site();
    s.build();
    let public = s.path("public");
    let all = files(&public);
    let mut checked = 0;
    for name in all
        .iter()
        .filter(|f| f.ends_with(".br") || f.ends_with(".gz"))
    {
        let original = std::fs::read(public.join(&name[..name.len() - 3]))
            .unwrap_or_else(|e| panic!("{name} has no original: {e}"));
        let copy = std::fs::read(public.join(name)).expect("copy");
        let back = if name.ends_with(".br") {
            unbrotli(&copy)
        } else {
            ungzip(&copy)
        };
        assert!(back == original, "{name} does not give back its file");
        assert!(copy.len() < original.len(), "{name} is not smaller");
        checked += 1;
    }
    for must in [
        "index.html.br",
        "informes/2024/01/index.html.br",
        "sitemap.xml.br",
    ] {
        assert!(all.iter().any(|f| f == must), "no {must} in {all:?}");
    }
    let css = all
        .iter()
        .find(|f| f.starts_with("css/style.") && f.ends_with(".css.br"));
    assert!(css.is_some(), "the stylesheet has a .br copy: {all:?}");
    assert!(checked > 20, "only {checked} copies");
}

pub fn small_files_and_binary_files_get_no_copies() {
    let s = site();
    s.write_bytes(
        "content/informes/2024/01/foto.jpg",
        &crate::common::jpeg(800, 600),
    );
    s.write(
        "content/informes/2024/01/index.md",
        &crate::common::report("2024-01", "", "## Política\n\n![Una foto](foto.jpg)\n"),
    );
    s.build();
    let public = s.path("public");
    let all = files(&public);
    for name in &all {
        if let Some(original) = name.strip_suffix(".br").or(name.strip_suffix(".gz")) {
            let len = std::fs::metadata(public.join(original))
                .expect("original")
                .len();
            assert!(len >= 1024, "{name}: its file has {len} bytes");
        }
    }
    assert!(s.read("robots.txt").len() < 1024);
    assert!(!all.iter().any(|f| f == "robots.txt.br"));
    assert!(all.iter().any(|f| f.ends_with(".webp")), "{all:?}");
    assert!(
        !all.iter().any(|f| [
            ".webp.br",
            ".jpg.br",
            ".jpg.gz",
            ".pf_fragment.gz",
            ".pagefind.br"
        ]
        .iter()
        .any(|e| f.ends_with(e))),
        "binary or already compressed files got copies: {all:?}"
    );
}

pub fn compress_false_writes_no_copies() {
    let s = site();
    s.write(
        "site.yaml",
        &format!("{}compress: false\n", crate::common::SITE_YAML),
    );
    s.build();
    let all = files(&s.path("public"));
    assert!(
        !all.iter().any(|f| f.ends_with(".br") || f.ends_with(".gz")),
        "{all:?}"
    );
    // Turned back on, they come; turned off again, they go.
    s.write("site.yaml", crate::common::SITE_YAML);
    s.build();
    assert!(s.exists("index.html.br"));
    s.write(
        "site.yaml",
        &format!("{}compress: false\n", crate::common::SITE_YAML),
    );
    s.build();
    assert!(!s.exists("index.html.br") && !s.exists("index.html.gz"));
}

fn stamps(dir: &Path) -> Vec<(PathBuf, SystemTime)> {
    let mut v: Vec<(PathBuf, SystemTime)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            let n = e.file_name().to_string_lossy();
            n.ends_with(".br") || n.ends_with(".gz")
        })
        .map(|e| {
            let m = e.metadata().expect("metadata").modified().expect("mtime");
            (e.into_path(), m)
        })
        .collect();
    v.sort();
    v
}

pub fn unchanged_copies_are_not_rewritten() {
    let s = site();
    s.build();
    let first = stamps(&s.path("public"));
    assert!(!first.is_empty());
    // The second build writes the other staging folder (copying the
    // published copies); the third reuses the first build's folder, where
    // nothing needs writing.
    s.build();
    // A copy the third build rewrote would be stamped later than the first's.
    let newest = first.iter().map(|(_, t)| *t).max().expect("copies");
    crate::common::until_files_are_stamped_after(newest);
    s.build();
    assert_eq!(first, stamps(&s.path("public")));
    // A changed page gets new copies, the others stay as they were.
    s.write(
        "content/acerca.md",
        "---\ntitle: Acerca de\n---\nSobre el portal, con otra frase.\n",
    );
    s.build();
    s.build();
    let after = stamps(&s.path("public"));
    let changed: Vec<&PathBuf> = after
        .iter()
        .zip(&first)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| &a.0)
        .collect();
    assert!(
        changed
            .iter()
            .all(|p| p.to_string_lossy().contains("acerca")
                || p.to_string_lossy().contains("sitemap")
                || p.to_string_lossy().contains("pagefind")),
        "{changed:?}"
    );
    let acerca = s.path("public/acerca/index.html.br");
    let page = std::fs::read(s.path("public/acerca/index.html")).expect("page");
    assert_eq!(unbrotli(&std::fs::read(acerca).expect("br")), page);
}

pub fn a_removed_page_takes_its_copies_with_it() {
    let s = site();
    s.build();
    assert!(s.exists("acerca/index.html.br"));
    std::fs::remove_file(s.path("content/acerca.md")).expect("remove");
    s.build();
    s.build();
    assert!(!s.exists("acerca/index.html"));
    assert!(!s.exists("acerca/index.html.br"), "its .br stayed");
    assert!(!s.exists("acerca/index.html.gz"), "its .gz stayed");
}

pub fn styles_and_scripts_have_hashed_names_that_every_page_links() {
    let s = site();
    s.build();
    let public = s.path("public");
    let all = files(&public);
    let styles: Vec<&String> = all
        .iter()
        .filter(|f| f.starts_with("css/") && f.ends_with(".css"))
        .collect();
    assert!(!styles.is_empty());
    for style in &styles {
        let name = style.trim_start_matches("css/");
        let parts: Vec<&str> = name.split('.').collect();
        assert_eq!(parts.len(), 3, "{style} has no hash");
        assert!(
            parts[1].len() == 8 && parts[1].chars().all(|c| c.is_ascii_hexdigit()),
            "{style}"
        );
    }
    assert!(!all.iter().any(|f| f == "css/style.css"), "{all:?}");
    // Embeds stand alone in other sites' frames, their few rules inline.
    let standalone = |f: &String| f.ends_with("/embed/index.html");
    for page in all
        .iter()
        .filter(|f| f.ends_with(".html") && !standalone(f))
    {
        let html = std::fs::read_to_string(public.join(page)).expect("page");
        let style = styles
            .iter()
            .find(|f| f.starts_with("css/style."))
            .expect("style");
        assert!(
            html.contains(&format!("href=\"/portal/{style}\"")),
            "{page} does not link {style}"
        );
    }
    let search = s.read("buscar/index.html");
    let script = all
        .iter()
        .find(|f| f.starts_with("js/search.") && f.ends_with(".js"))
        .expect("search script");
    assert!(search.contains(&format!("src=\"/portal/{script}\"")));
    // Pages, feeds and data keep their addresses.
    for stable in [
        "index.html",
        "feed.xml",
        "sitemap.xml",
        "datos/informes.csv",
    ] {
        assert!(all.iter().any(|f| f == stable), "{stable}");
    }
    // A changed stylesheet is a new name; the old one goes.
    s.write("static/css/style.css", "body { color: #111; }\n");
    s.build();
    let after = files(&public);
    let new_style = after
        .iter()
        .find(|f| f.starts_with("css/style.") && f.ends_with(".css"))
        .expect("style");
    assert!(!styles.contains(&new_style));
    assert!(s.read("index.html").contains(new_style.as_str()));
    // faro check follows the hashed links.
    let check = s.faro(&["check"]);
    assert!(
        check.status.success(),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
}

pub fn the_htaccess_is_written_for_the_site_path() {
    let s = site();
    s.build();
    let htaccess = s.read(".htaccess");
    assert!(
        htaccess.contains("ErrorDocument 404 /portal/404.html"),
        "{htaccess}"
    );
    assert!(htaccess.contains("RewriteBase /portal/"));
    assert!(htaccess.contains("AddEncoding br .br"));
    assert!(htaccess.contains("AddType text/csv .csv"));
    assert!(htaccess.contains("max-age=31536000, immutable"));
    // The same text as `faro publish --print-config apache` in the site's
    // language (the build writes it so, whoever builds).
    let printed = s.faro_in("es", &["publish", "--print-config", "apache"]);
    assert!(printed.status.success(), "{}", stderr(&printed));
    assert_eq!(stdout(&printed), htaccess);
}

pub fn a_site_under_a_path_is_told_where_robots_txt_works() {
    let s = site();
    let out = s.build();
    let text = stdout(&out);
    assert!(
        text.contains("robots.txt only works at the root of a host")
            && text.contains("https://example.org/robots.txt")
            && text.contains("Sitemap: https://example.org/portal/sitemap.xml"),
        "{text}"
    );
    let es = s.faro_in("es", &["build"]);
    assert!(stdout(&es).contains("robots.txt solo funciona en la raíz"));
    // At the root of its host, its own robots.txt is the one read: no note.
    s.write(
        "site.yaml",
        &crate::common::SITE_YAML.replace("https://example.org/portal/", "https://example.org/"),
    );
    let text = stdout(&s.build());
    assert!(!text.contains("robots.txt"), "{text}");
    assert!(
        s.read("robots.txt")
            .contains("Sitemap: https://example.org/sitemap.xml")
    );
}
