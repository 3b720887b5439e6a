//! Static scan of built files for absolute URLs that a browser would FETCH
//! (images, scripts, stylesheets, icons, fonts, CSS `url()`, SVG `href`s),
//! as opposed to links a reader may follow (`<a href>`, `rel=canonical`,
//! `rel=alternate`), which may point anywhere.
#![allow(dead_code)]

/// A fetched absolute URL found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetch {
    /// Where it was found: `<img src>`, `url()`, `script text`, …
    pub context: String,
    pub url: String,
}

/// Namespace names are identifiers, never fetched.
const NAMESPACES: &[&str] = &[
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/1999/xlink",
    "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/XML/1998/namespace",
];

/// `rel` values of `<link>` that do not make the browser fetch anything.
const NON_FETCHING_RELS: &[&str] = &[
    "canonical",
    "alternate",
    "author",
    "license",
    "help",
    "next",
    "prev",
    "bookmark",
    "me",
];

fn is_absolute(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    u.starts_with("http://") || u.starts_with("https://") || u.starts_with("//")
}

/// Fetched absolute URLs in a file, by its extension (`html`, `css`, `js`, `svg`).
pub fn scan(ext: &str, text: &str) -> Vec<Fetch> {
    match ext {
        "html" | "htm" => scan_html(text),
        "css" => css_urls(text, "url() in CSS"),
        "js" | "mjs" => js_urls(text, "JavaScript"),
        "svg" => scan_svg(text),
        _ => Vec::new(),
    }
}

/// `url(…)` and `@import "…"` targets in CSS that are absolute.
pub fn css_urls(css: &str, context: &str) -> Vec<Fetch> {
    let mut out = Vec::new();
    let lower = css.to_ascii_lowercase();
    for (i, _) in lower.match_indices("url(") {
        let rest = &css[i + 4..];
        let end = rest.find(')').unwrap_or(rest.len());
        let url = rest[..end].trim().trim_matches(['"', '\'']).trim();
        if is_absolute(url) {
            out.push(Fetch {
                context: context.into(),
                url: url.into(),
            });
        }
    }
    for (i, _) in lower.match_indices("@import") {
        let rest = css[i + 7..].trim_start();
        if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let url = rest[1..].split(q).next().unwrap_or("");
            if is_absolute(url) {
                out.push(Fetch {
                    context: format!("@import in {context}"),
                    url: url.into(),
                });
            }
        }
    }
    out
}

/// Any absolute URL in script text: a script could fetch it.
pub fn js_urls(js: &str, context: &str) -> Vec<Fetch> {
    let mut out = Vec::new();
    for scheme in ["http://", "https://"] {
        for (i, _) in js.match_indices(scheme) {
            let url: String = js[i..]
                .chars()
                .take_while(|c| {
                    !c.is_whitespace() && !matches!(c, '"' | '\'' | '`' | ')' | '<' | '>')
                })
                .collect();
            if !NAMESPACES.contains(&url.as_str()) {
                out.push(Fetch {
                    context: context.into(),
                    url,
                });
            }
        }
    }
    out
}

struct Tag<'a> {
    name: String,
    attrs: Vec<(String, String)>,
    /// For `<script>` and `<style>`: the raw text up to the closing tag.
    raw: Option<&'a str>,
}

fn decode_entities(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
}

/// Start tags of an HTML document, with attributes; comments skipped.
fn tags(html: &str) -> Vec<Tag<'_>> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off;
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(b.len(), |e| i + e + 3);
            continue;
        }
        let start = i + 1;
        if start >= b.len() || !b[start].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let mut j = start;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' && b[j] != b'/' {
            j += 1;
        }
        let name = html[start..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                j += 1;
                break;
            }
            let an = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let aname = html[an..j].to_ascii_lowercase();
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                    let q = b[j];
                    let vs = j + 1;
                    j = vs;
                    while j < b.len() && b[j] != q {
                        j += 1;
                    }
                    value = decode_entities(&html[vs..j.min(b.len())]);
                    j += 1;
                } else {
                    let vs = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = decode_entities(&html[vs..j]);
                }
            }
            if !aname.is_empty() {
                attrs.push((aname, value));
            }
        }
        let mut raw = None;
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            let end = html[j.min(b.len())..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(b.len(), |e| j + e);
            raw = Some(&html[j.min(b.len())..end]);
            j = end;
        }
        out.push(Tag { name, attrs, raw });
        i = j.min(b.len());
    }
    out
}

fn srcset_urls(v: &str) -> Vec<String> {
    v.split(',')
        .filter_map(|c| c.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

fn scan_html(html: &str) -> Vec<Fetch> {
    let mut out = Vec::new();
    for t in tags(html) {
        let attr = |n: &str| {
            t.attrs
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.as_str())
        };
        for (k, v) in &t.attrs {
            let ctx = format!("<{} {k}>", t.name);
            let fetched: Vec<String> = match k.as_str() {
                "srcset" | "imagesrcset" => srcset_urls(v),
                "src" | "poster" | "data" | "background" | "manifest" | "ping" | "codebase" => {
                    vec![v.clone()]
                }
                "href" | "xlink:href" => match t.name.as_str() {
                    "a" | "area" | "base" => Vec::new(),
                    "link" => {
                        let rel = attr("rel").unwrap_or("").to_ascii_lowercase();
                        let all_harmless = !rel.trim().is_empty()
                            && rel
                                .split_whitespace()
                                .all(|r| NON_FETCHING_RELS.contains(&r));
                        if all_harmless {
                            Vec::new()
                        } else {
                            vec![v.clone()]
                        }
                    }
                    // SVG <image>, <use>, <feImage>, <script> and anything else.
                    _ => vec![v.clone()],
                },
                "content" if t.name == "meta" => {
                    let refresh =
                        attr("http-equiv").is_some_and(|h| h.eq_ignore_ascii_case("refresh"));
                    if refresh {
                        v.split_once('=')
                            .map(|(_, u)| vec![u.trim().to_string()])
                            .unwrap_or_default()
                    } else {
                        Vec::new()
                    }
                }
                "style" => {
                    out.extend(css_urls(v, &ctx));
                    Vec::new()
                }
                _ => Vec::new(),
            };
            out.extend(
                fetched
                    .into_iter()
                    .filter(|u| is_absolute(u) && !NAMESPACES.contains(&u.as_str()))
                    .map(|url| Fetch {
                        context: ctx.clone(),
                        url,
                    }),
            );
        }
        match (t.name.as_str(), t.raw) {
            ("style", Some(css)) => out.extend(css_urls(css, "<style>")),
            ("script", Some(js)) => out.extend(js_urls(js, "inline <script>")),
            _ => {}
        }
    }
    out
}

fn scan_svg(svg: &str) -> Vec<Fetch> {
    let doc = match roxmltree::Document::parse_with_options(
        svg,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    ) {
        Ok(d) => d,
        // Not well-formed: fall back to the HTML rules, which are stricter.
        Err(_) => return scan_html(svg),
    };
    let mut out = Vec::new();
    for n in doc.descendants().filter(|n| n.is_element()) {
        let name = n.tag_name().name();
        for a in n.attributes() {
            let ctx = format!("<{name} {}> in SVG", a.name());
            if a.name() == "style" {
                out.extend(css_urls(a.value(), &ctx));
            } else if name != "a" && is_absolute(a.value()) && !NAMESPACES.contains(&a.value()) {
                out.push(Fetch {
                    context: ctx,
                    url: a.value().into(),
                });
            } else {
                out.extend(css_urls(a.value(), &ctx));
            }
        }
        if name == "style" {
            out.extend(css_urls(n.text().unwrap_or(""), "<style> in SVG"));
        }
        if name == "script" {
            out.extend(js_urls(n.text().unwrap_or(""), "<script> in SVG"));
        }
    }
    out
}
