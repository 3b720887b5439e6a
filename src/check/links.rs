//! Internal links and anchors of a rendered site, checked in memory.
//!
//! Pure: takes the outputs a build would write and says which `href`, `src`
//! and `srcset` references point to a file or an `id` that is not there.
//! External references (any scheme, `//host/…`) and root-relative URLs
//! outside the site's base path are not the site's to check and are skipped.

use crate::output::Output;
use crate::t;
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
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).ok()
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

/// A small HTML tokenizer: enough of the HTML syntax to find every start
/// tag's attributes correctly (quoted and unquoted values, comments, raw
/// text elements such as `<script>` whose content is not markup).
fn scan(html: &str) -> Scan {
    let mut scan = Scan::default();
    let b = html.as_bytes();
    let lines = LineStarts::new(html);
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off;
        let rest = &html[i..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            i = comment.find("-->").map_or(b.len(), |e| i + 4 + e + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</") {
            i = rest.find('>').map_or(b.len(), |e| i + e + 1);
            continue;
        }
        if !rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            i += 1;
            continue;
        }
        let (tag, attrs, end) = start_tag(html, i + 1);
        for (name, value, at) in &attrs {
            match name.as_str() {
                "id" => {
                    scan.ids.insert(decode_entities(value));
                }
                // Old-style anchors: <a name="x">.
                "name" if tag == "a" => {
                    scan.ids.insert(decode_entities(value));
                }
                "href" | "src" | "xlink:href" | "poster" => {
                    let (line, col) = lines.position(*at);
                    scan.refs.push(Ref {
                        tag: tag.clone(),
                        url: decode_entities(value),
                        line,
                        col,
                    });
                }
                "srcset" | "imagesrcset" => {
                    let (line, col) = lines.position(*at);
                    for url in srcset_urls(&decode_entities(value)) {
                        scan.refs.push(Ref {
                            tag: tag.clone(),
                            url,
                            line,
                            col,
                        });
                    }
                }
                _ => {}
            }
        }
        i = end;
        // Raw text elements: their content is not markup, skip to the end tag.
        if matches!(tag.as_str(), "script" | "style" | "textarea" | "title") {
            let close = format!("</{tag}");
            i = find_ascii_ci(&html[i..], &close).map_or(b.len(), |e| i + e);
        }
    }
    scan
}

/// Parses the start tag whose name begins at `start`: its lowercase name,
/// its attributes (lowercase name, raw value, byte offset of the name), and
/// the offset just past its `>`.
fn start_tag(html: &str, start: usize) -> (String, Vec<(String, String, usize)>, usize) {
    let b = html.as_bytes();
    let mut i = start;
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    let tag = html[start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return (tag, attrs, b.len());
        }
        if b[i] == b'>' {
            return (tag, attrs, i + 1);
        }
        let name_start = i;
        // An attribute name may start with `=` (odd but legal), never contain it later.
        i += 1;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        let mut j = i;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if j < b.len() && b[j] == b'=' {
            j += 1;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let value = if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                let q = b[j] as char;
                let vstart = j + 1;
                let vend = html[vstart..].find(q).map_or(b.len(), |e| vstart + e);
                j = (vend + 1).min(b.len());
                &html[vstart..vend]
            } else {
                let vstart = j;
                while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                    j += 1;
                }
                &html[vstart..j]
            };
            attrs.push((name, value.to_string(), name_start));
            i = j;
        } else {
            attrs.push((name, String::new(), name_start));
        }
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

/// The character references HTML writers emit: the five named ones and numeric ones.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let decoded = rest.find(';').filter(|&e| e <= 10).and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                n if n.starts_with("#x") || n.starts_with("#X") => u32::from_str_radix(&n[2..], 16)
                    .ok()
                    .and_then(char::from_u32),
                n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    hay.as_bytes()
        .windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
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
    fn helpers() {
        assert_eq!(percent_decode("a%20b%zz%").as_deref(), Some("a b%zz%"));
        assert_eq!(percent_decode("%FF"), None);
        assert_eq!(normalize_dots("/p/a/../../../b/./c/"), "/b/c/");
        assert_eq!(decode_entities("a&amp;b&#39;&#x41;&nbsp;"), "a&b'A&nbsp;");
        assert!(has_scheme("HTTPS://x") && !has_scheme("a/b:c") && !has_scheme("/x:y"));
    }
}
