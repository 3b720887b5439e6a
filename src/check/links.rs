//! Internal links and anchors of a rendered site, checked in memory.
//!
//! Pure: takes the outputs a build would write and says which `href`, `src`
//! and `srcset` references point to a file or an `id` that is not there.
//! External references (any scheme, `//host/…`) and root-relative URLs
//! outside the site's base path are not the site's to check and are skipped.

use crate::t;
use crate::write::output::Output;
use lol_html::{HtmlRewriter, Settings, element};
use std::collections::{HashMap, HashSet};

/// A reference in a rendered page that does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The page holding the reference, relative to the site root (`informes/2024/01/index.html`).
    pub page: String,
    /// Line and column of the reference's attribute in that page's HTML (1-based).
    pub line: usize,
    pub col: usize,
    /// The element (`a`, `img`, `link`, …), lowercase.
    pub tag: String,
    /// The URL as written, HTML entities decoded.
    pub href: String,
    /// The file it resolves to, relative to the site root.
    pub target: String,
    /// `Some(id)` when the file exists but has no element with that id.
    pub missing_anchor: Option<String>,
}

impl BrokenLink {
    /// True for things a page loads (images, stylesheets, scripts), false for links a reader follows.
    pub fn is_resource(&self) -> bool {
        !matches!(self.tag.as_str(), "a" | "area")
    }

    /// The catalogue id of this problem, its stable `code` for tools.
    pub fn code(&self) -> &'static str {
        match &self.missing_anchor {
            Some(_) if self.href.starts_with('#') => "check-link-anchor-not-on-page",
            Some(_) => "check-link-anchor-missing",
            None if self.is_resource() => "check-file-missing",
            None => "check-link-page-missing",
        }
    }

    /// What is wrong, in the editor's language.
    pub fn message(&self) -> String {
        let (href, target) = (self.href.as_str(), self.target.as_str());
        match &self.missing_anchor {
            Some(id) if self.href.starts_with('#') => {
                t!("check-link-anchor-not-on-page", href = href, id = id)
            }
            Some(id) => t!(
                "check-link-anchor-missing",
                href = href,
                target = target,
                id = id
            ),
            None if self.is_resource() => t!("check-file-missing", href = href, target = target),
            None => t!("check-link-page-missing", href = href, target = target),
        }
    }
}

/// Every internal reference in the HTML outputs that does not resolve to an
/// output file (or, with a `#fragment`, to an `id` in that file). `base_path`
/// is the path part of the site's base URL (`/portal/`); pages are served
/// with pretty URLs, so `x/` means `x/index.html`.
pub fn broken_links(outputs: &[Output], base_path: &str) -> Vec<BrokenLink> {
    let base = normalize_base(base_path);
    let files: HashSet<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
    let pages: Vec<(&str, Scan)> = outputs
        .iter()
        .filter(|o| o.path.ends_with(".html"))
        .map(|o| (o.path.as_str(), scan(&String::from_utf8_lossy(&o.bytes))))
        .collect();
    let ids: HashMap<&str, &HashSet<String>> = pages.iter().map(|(p, s)| (*p, &s.ids)).collect();

    let mut broken = Vec::new();
    for (page, s) in &pages {
        for r in &s.refs {
            let Some((target, fragment)) = resolve(&r.url, page, &base) else {
                continue;
            };
            let target = if files.contains(target.as_str()) {
                target
            } else if !target.ends_with(".html")
                && files.contains(format!("{target}/index.html").as_str())
            {
                // `/base/x` where only `x/index.html` exists: servers redirect to `x/`.
                format!("{target}/index.html")
            } else {
                broken.push(r.broken(page, target, None));
                continue;
            };
            let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
                continue;
            };
            // Only HTML pages are checked for ids; `#top` scrolls to the top
            // in every browser even without such an element.
            if let Some(page_ids) = ids.get(target.as_str()) {
                if !page_ids.contains(&fragment) && !fragment.eq_ignore_ascii_case("top") {
                    broken.push(r.broken(page, target, Some(fragment)));
                }
            }
        }
    }
    broken
}

/// `"/portal"` or `"portal/"` → `"/portal/"`.
fn normalize_base(base: &str) -> String {
    let trimmed = base.trim_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}/")
    }
}

/// Resolves `url`, found in the output `page`, to a file relative to the site
/// root and a decoded fragment. `None` when it is not the site's to check.
fn resolve(url: &str, page: &str, base: &str) -> Option<(String, Option<String>)> {
    let url = url.trim();
    if has_scheme(url) || url.starts_with("//") {
        return None;
    }
    let (rest, fragment) = match url.split_once('#') {
        Some((r, f)) => (r, Some(percent_decode(f)?)),
        None => (url, None),
    };
    let path = rest.split('?').next().unwrap_or("");
    let page_dir = match page.rfind('/') {
        Some(i) => &page[..=i],
        None => "",
    };
    let absolute = if path.is_empty() {
        // `#x` or `?q`: the page itself.
        format!("{base}{page}")
    } else if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{base}{page_dir}{path}")
    };
    let absolute = percent_decode(&normalize_dots(&absolute))?;
    let inside = absolute.strip_prefix(base).or_else(|| {
        // The site root itself, written without its trailing slash.
        (absolute == base.trim_end_matches('/')).then_some("")
    })?;
    let target = if inside.is_empty() || inside.ends_with('/') {
        format!("{inside}index.html")
    } else {
        inside.to_string()
    };
    Some((target, fragment))
}

/// `scheme:` per RFC 3986 (`https:`, `mailto:`, `data:`, `tel:` …).
fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(i) if i > 0 => {
            let s = &url[..i];
            s.starts_with(|c: char| c.is_ascii_alphabetic())
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        _ => false,
    }
}

/// Removes `.` and `..` segments of an absolute path (`..` never climbs above `/`).
fn normalize_dots(path: &str) -> String {
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    let mut segs: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segs.pop();
            }
            s => segs.push(s),
        }
    }
    let mut out = format!("/{}", segs.join("/"));
    if trailing && !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// `%C3%B3` → `ó`. `None` when the bytes are not UTF-8 (no file can match).
/// A `%` not followed by two hex digits is kept as is, as browsers do.
pub fn percent_decode(s: &str) -> Option<String> {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(|decoded| decoded.into_owned())
}

/// What one HTML page refers to and which anchors it offers.
#[derive(Debug, Default)]
struct Scan {
    refs: Vec<Ref>,
    ids: HashSet<String>,
}

#[derive(Debug)]
struct Ref {
    tag: String,
    url: String,
    line: usize,
    col: usize,
}

impl Ref {
    fn broken(&self, page: &str, target: String, missing_anchor: Option<String>) -> BrokenLink {
        BrokenLink {
            page: page.to_string(),
            line: self.line,
            col: self.col,
            tag: self.tag.clone(),
            href: self.url.clone(),
            target,
            missing_anchor,
        }
    }
}

/// The attributes that name an anchor or refer to a file.
const READ: [&str; 8] = [
    "id",
    "name",
    "href",
    "src",
    "xlink:href",
    "poster",
    "srcset",
    "imagesrcset",
];

/// The elements that have one of them: lol_html's selector matching skips
/// the others (a chart's shapes, a table's cells) without calling the
/// handler, which costs less than looking at their attributes in it.
const WITH_READ_ATTRIBUTES: &str =
    "[id], a[name], [href], [src], [xlink\\:href], [poster], [srcset], [imagesrcset]";

/// Reads one page with lol_html's HTML tokenizer (quoted and unquoted
/// values, comments, raw text elements such as `<script>` whose content is
/// not markup) and collects every reference and anchor, each reference at
/// the line and column of its attribute's name.
fn scan(html: &str) -> Scan {
    let lines = LineStarts::new(html);
    let mut scan = Scan::default();
    let read = element!(WITH_READ_ATTRIBUTES, |el| {
        let tag = el.tag_name();
        for attr in el.attributes() {
            let name = attr.name();
            if !READ.contains(&name.as_str()) {
                continue;
            }
            let at = attr
                .name_source_location()
                .unwrap_or_else(|| el.source_location())
                .bytes()
                .start;
            read_attribute(&mut scan, &tag, &name, &attr.value(), || lines.position(at));
        }
        Ok(())
    });
    // Not strict: strict mode refuses the rare markup whose parsing depends
    // on a tree builder; here a page is only read, and lenient is right.
    let settings = Settings::new()
        .append_element_content_handler(read)
        .with_strict(false);
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    // The handler never fails and memory is not limited, so the rewriter has
    // no error to return; were it to stop early, the page's references read
    // so far are still checked.
    let _ = rewriter
        .write(html.as_bytes())
        .and_then(|()| rewriter.end());
    scan
}

/// Adds what one attribute of a `tag` element refers to or names to `scan`;
/// `position` says where the attribute is.
fn read_attribute(
    scan: &mut Scan,
    tag: &str,
    name: &str,
    raw: &str,
    position: impl Fn() -> (usize, usize),
) {
    match name {
        "id" => {
            scan.ids.insert(decode_entities(raw));
        }
        // Old-style anchors: <a name="x">.
        "name" if tag == "a" => {
            scan.ids.insert(decode_entities(raw));
        }
        "href" | "src" | "xlink:href" | "poster" => {
            let (line, col) = position();
            scan.refs.push(Ref {
                tag: tag.to_string(),
                url: decode_entities(raw),
                line,
                col,
            });
        }
        "srcset" | "imagesrcset" => {
            let (line, col) = position();
            for url in srcset_urls(&decode_entities(raw)) {
                scan.refs.push(Ref {
                    tag: tag.to_string(),
                    url,
                    line,
                    col,
                });
            }
        }
        _ => {}
    }
}

/// The URLs of a `srcset`: comma-separated candidates, each a URL followed by
/// an optional width or density descriptor.
fn srcset_urls(srcset: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = srcset;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',');
        if rest.is_empty() {
            return out;
        }
        let end = rest
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let word = &rest[..end];
        rest = &rest[end..];
        // A URL may contain commas; only trailing ones end the candidate.
        let url = word.trim_end_matches(',');
        out.push(url.to_string());
        if url.len() == word.len() {
            // Skip the descriptor (`480w`, `2x`) up to the next comma.
            rest = rest.find(',').map_or("", |c| &rest[c + 1..]);
        }
    }
}

/// An attribute's value with its character references decoded (lol_html
/// hands values over as written).
fn decode_entities(s: &str) -> String {
    html_escape::decode_html_entities(s).into_owned()
}

/// Byte offset → 1-based line and column (in characters).
struct LineStarts<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineStarts<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineStarts { text, starts }
    }
    fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let col = self
            .text
            .get(start..offset)
            .map_or(1, |t| t.chars().count() + 1);
        (line, col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(path: &str, html: &str) -> Output {
        Output::new(path, html).unwrap()
    }

    #[test]
    fn resolves_pretty_relative_and_encoded_urls() {
        let site = [
            out(
                "index.html",
                "<a href=\"/portal/informes/2024/01/\">a</a><a href=\"/portal/\">b</a><a href=\"/portal\">c</a>",
            ),
            out(
                "informes/2024/01/index.html",
                "<h2 id=\"política\">x</h2>\
                 <a href=\"#pol%C3%ADtica\">ok</a><a href='../02/'>missing</a>\
                 <a href=datos.csv?x=1&amp;y=2>ok</a><img src=\"foto.jpg\" alt=\"\">\
                 <a href=\"/portal/informes/2024#x\">no slash: served as informes/2024/</a>\
                 <a href=\"https://example.org/\">ext</a><a href=\"mailto:a@b\">m</a>\
                 <img src=\"data:image/png;base64,AAA\"><a href=\"/otro-sitio/\">outside</a>\
                 <a href=\"#top\">top</a><a href=\"#\">top</a><a href=\"#nada\">bad</a>",
            ),
            out("informes/2024/01/datos.csv", "a"),
            out("informes/2024/index.html", "<p id=\"x\"></p>"),
        ];
        let broken = broken_links(&site, "/portal/");
        let got: Vec<(&str, Option<&str>)> = broken
            .iter()
            .map(|b| (b.href.as_str(), b.missing_anchor.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("../02/", None),
                ("foto.jpg", None),
                ("#nada", Some("nada"))
            ]
        );
        assert_eq!(broken[0].target, "informes/2024/02/index.html");
        assert!(broken[1].is_resource() && !broken[0].is_resource());
    }

    #[test]
    fn the_scanner_skips_comments_scripts_and_reads_srcset() {
        let html = "<!-- <a href=\"/x/\"> -->\n<script>if (a<b) { x = '<a href=\"/y/\">'; }</script>\n\
                    <picture><source srcset=\"/a-480.webp 480w, /a-960.webp 960w\" type=image/webp>\
                    <img src=/a.jpg srcset=\"/a,b.jpg 2x,/c.jpg\"></picture>\n<SPAN ID=\"Up\">";
        let s = scan(html);
        let urls: Vec<&str> = s.refs.iter().map(|r| r.url.as_str()).collect();
        assert_eq!(
            urls,
            ["/a-480.webp", "/a-960.webp", "/a.jpg", "/a,b.jpg", "/c.jpg"]
        );
        assert_eq!((s.refs[0].line, s.refs[0].col), (3, 18));
        assert!(s.ids.contains("Up"));
    }

    #[test]
    fn the_scanner_follows_the_html_syntax() {
        // `<!-->` and `<!--->` are complete (empty) comments in HTML: the link
        // after them is markup, not commented out.
        let html = "<!--><a href=\"/a/\">a</a><!---><a href=\"/b/\">b</a>\n\
                    <IMG\n   SRC=\"/c&nbsp;d.jpg\"><svg><use xlink:href=\"#e\"/></svg>";
        let s = scan(html);
        let urls: Vec<&str> = s.refs.iter().map(|r| r.url.as_str()).collect();
        assert_eq!(urls, ["/a/", "/b/", "/c\u{a0}d.jpg", "#e"]);
        assert_eq!((s.refs[2].line, s.refs[2].col), (3, 4));
        assert_eq!(s.refs[2].tag, "img");
    }

    #[test]
    fn helpers() {
        assert_eq!(percent_decode("a%20b%zz%").as_deref(), Some("a b%zz%"));
        assert_eq!(percent_decode("%FF"), None);
        assert_eq!(normalize_dots("/p/a/../../../b/./c/"), "/b/c/");
        assert_eq!(
            decode_entities("a&amp;b&#39;&#x41;&nbsp;&nope;"),
            "a&b'A\u{a0}&nope;"
        );
        assert!(has_scheme("HTTPS://x") && !has_scheme("a/b:c") && !has_scheme("/x:y"));
    }
}
