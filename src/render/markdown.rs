//! Markdown → HTML with the rules the portal needs: heading anchors and a
//! table of contents, figures for captioned photos, raw HTML only when the
//! site allows it (and then only what the sanitiser lets through), and never
//! a `javascript:` URL.

use crate::load::markdown_refs::options;
use crate::support::slug::slugify;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// An entry of the table of contents.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
}

/// How images in the body become HTML: given the photo's `src` and `alt`,
/// the markup of the responsive image (`<picture>…`), or `None` to fall back
/// to a plain `<img>`.
pub type ImageHtml<'a> = &'a dyn Fn(&str, &str) -> Option<String>;

/// Renders a Markdown body to HTML.
pub fn render(body: &str, unsafe_html: bool, image_html: ImageHtml<'_>) -> Rendered {
    let events: Vec<Event> = Parser::new_ext(body, options()).collect();
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut toc = Vec::new();
    let mut anchors = Anchors::default();
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                let end = find_end(&events, i);
                let inner = &events[i + 1..end];
                let text = plain_text(inner);
                let base = id
                    .as_ref()
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| slugify(&text));
                let anchor = anchors.unique(if base.is_empty() {
                    "seccion".into()
                } else {
                    base
                });
                let level_n = heading_number(*level);
                if level_n <= 3 {
                    toc.push(TocEntry {
                        level: level_n,
                        id: anchor.clone(),
                        text: text.clone(),
                    });
                }
                let class_attr = if classes.is_empty() {
                    String::new()
                } else {
                    format!(" class=\"{}\"", escape(&classes.join(" ")))
                };
                out.push(Event::Html(
                    format!("<h{level_n} id=\"{}\"{class_attr}>", escape(&anchor)).into(),
                ));
                out.extend(inner.iter().cloned().map(|e| safe(e, unsafe_html)));
                out.push(Event::Html(format!("</h{level_n}>\n").into()));
                i = end + 1;
                continue;
            }
            Event::Start(Tag::Paragraph) => {
                // A paragraph holding only an image becomes a figure.
                if let Some((figure, end)) = lone_image(&events, i, image_html) {
                    out.push(Event::Html(figure.into()));
                    i = end + 1;
                    continue;
                }
                out.push(events[i].clone());
            }
            Event::Start(Tag::Image { .. }) => {
                let end = find_end(&events, i);
                out.push(Event::Html(
                    image_markup(&events[i], &events[i + 1..end], image_html, false).into(),
                ));
                i = end + 1;
                continue;
            }
            Event::Start(Tag::Table(_)) => {
                out.push(Event::Html("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Tabla\">".into()));
                out.push(events[i].clone());
            }
            Event::End(TagEnd::Table) => {
                out.push(events[i].clone());
                out.push(Event::Html("</div>\n".into()));
            }
            e => out.push(safe(e.clone(), unsafe_html)),
        }
        i += 1;
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    // Without raw HTML every tag is faro's own: nothing to sanitise.
    let raw = events
        .iter()
        .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    if unsafe_html && raw {
        if nesting_depth(&html) > MAX_SANITIZED_DEPTH {
            return render(body, false, image_html);
        }
        html = sanitize(&html);
    }
    Rendered { html, toc }
}

/// How deep elements may nest in a body whose raw HTML is sanitised. An
/// HTML parser's work grows with the square of the depth (tens of seconds
/// for 40,000 levels); a deeper body has its raw HTML left out instead,
/// as if `unsafe_html` were off. Real pages nest a few dozen levels at most.
const MAX_SANITIZED_DEPTH: usize = 512;

/// The deepest nesting of elements in `html`, counted from its tags
/// (an estimate: enough to tell a page from a pathological one).
fn nesting_depth(html: &str) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    let (mut depth, mut deepest) = (0usize, 0usize);
    for (at, _) in html.match_indices('<') {
        let rest = &html[at + 1..];
        if rest.starts_with('/') {
            depth = depth.saturating_sub(1);
            continue;
        }
        let name_len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let name = rest[..name_len].to_ascii_lowercase();
        if name.is_empty()
            || !name.as_bytes()[0].is_ascii_alphabetic()
            || VOID.contains(&name.as_str())
        {
            continue;
        }
        depth += 1;
        deepest = deepest.max(depth);
    }
    deepest
}

/// The sanitiser for bodies with raw HTML (`markdown.unsafe_html: true`).
///
/// It runs on the whole rendered body, not on each raw piece: pieces are
/// fragments of tags (`<a href="java` on one line, `script:…">` on the
/// next), which only a real HTML parser sees whole. The allow-list is
/// ammonia's (formatting, lists, tables, links, images, figures, details)
/// plus what faro itself writes (responsive `<picture>`, heading `id`s,
/// `class`es, the scrollable table region); everything else is removed:
/// `<script>`, `<style>`, `<iframe>`, `<object>`, forms, `on…` handlers,
/// `style` (but for table alignment) and any URL whose scheme is not
/// http, https, mailto or tel. Documented in the README; change both together.
fn sanitize(html: &str) -> String {
    static SANITIZER: std::sync::LazyLock<ammonia::Builder<'static>> =
        std::sync::LazyLock::new(|| {
            let mut b = ammonia::Builder::default();
            b.add_tags(["picture", "source"])
                .add_generic_attributes(["id", "class", "dir"])
                .add_tag_attributes("img", ["srcset", "sizes", "loading", "decoding"])
                .add_tag_attributes("source", ["type", "srcset", "sizes"])
                .add_tag_attributes("div", ["tabindex", "role", "aria-label"])
                .add_tag_attributes("th", ["style"])
                .add_tag_attributes("td", ["style"])
                .filter_style_properties(["text-align"].into())
                .url_schemes(["http", "https", "mailto", "tel"].into())
                // Links keep the `rel` their author gave them (none): faro
                // allows no `target`, so there is no opener to protect.
                .link_rel(None);
            b
        });
    SANITIZER.clean(html).to_string()
}

/// Drops raw HTML (unless allowed: then `sanitize` cleans the whole body)
/// and neutralises dangerous link targets.
fn safe(event: Event<'_>, unsafe_html: bool) -> Event<'_> {
    match event {
        Event::Html(h) | Event::InlineHtml(h) if !unsafe_html => {
            let _ = h;
            Event::Text(CowStr::Borrowed(""))
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: defused(dest_url),
            title,
            id,
        }),
        // Images are written by `image_markup`, except inside a heading.
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: defused(dest_url),
            title,
            id,
        }),
        e => e,
    }
}

/// `#` in place of a URL that would run code, the URL itself otherwise.
fn defused(url: CowStr<'_>) -> CowStr<'_> {
    if is_dangerous_url(&url) {
        "#".into()
    } else {
        url
    }
}

/// True for URLs that run code when followed: `javascript:`, `vbscript:`,
/// and `data:` other than images, however they are spelt.
pub fn is_dangerous_url(url: &str) -> bool {
    let squeezed: String = decode_entities(url)
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    squeezed.starts_with("javascript:")
        || squeezed.starts_with("vbscript:")
        || (squeezed.starts_with("data:") && !squeezed.starts_with("data:image/"))
}

/// Decodes the numeric and named character references browsers would decode in
/// an attribute, enough to see through `&#106;avascript&colon;`.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp + 1..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .unwrap_or(tail.len());
        let name = &tail[..end];
        let decoded = if let Some(num) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
        {
            u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
        } else if let Some(num) = name.strip_prefix('#') {
            num.parse::<u32>().ok().and_then(char::from_u32)
        } else {
            match name.to_ascii_lowercase().as_str() {
                "colon" => Some(':'),
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                let skip = end + usize::from(tail[end..].starts_with(';'));
                rest = &tail[skip..];
            }
            None => {
                out.push('&');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// If the paragraph starting at `start` holds exactly one image, its figure
/// markup and the index of the paragraph's end.
fn lone_image(
    events: &[Event],
    start: usize,
    image_html: ImageHtml<'_>,
) -> Option<(String, usize)> {
    let end = find_end(events, start);
    let inner: Vec<(usize, &Event)> = events[start + 1..end]
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            !matches!(e, Event::SoftBreak) && !matches!(e, Event::Text(t) if t.trim().is_empty())
        })
        .collect();
    let (first_rel, first) = *inner.first()?;
    if !matches!(first, Event::Start(Tag::Image { .. })) {
        return None;
    }
    let img_start = start + 1 + first_rel;
    let img_end = find_end(events, img_start);
    // Only the image and its own content inside the paragraph.
    if inner.iter().any(|(rel, _)| start + 1 + rel > img_end) {
        return None;
    }
    Some((
        image_markup(
            &events[img_start],
            &events[img_start + 1..img_end],
            image_html,
            true,
        ),
        end,
    ))
}

fn image_markup(
    start: &Event,
    alt_events: &[Event],
    image_html: ImageHtml<'_>,
    block: bool,
) -> String {
    let Event::Start(Tag::Image {
        dest_url, title, ..
    }) = start
    else {
        return String::new();
    };
    let alt = plain_text(alt_events);
    let img = image_html(dest_url, &alt).unwrap_or_else(|| {
        let src = if is_dangerous_url(dest_url) {
            "#"
        } else {
            dest_url.as_ref()
        };
        format!(
            "<img src=\"{}\" alt=\"{}\" loading=\"lazy\">",
            escape(src),
            escape(&alt)
        )
    });
    if block && !title.is_empty() {
        format!(
            "<figure class=\"photo\">{img}<figcaption>{}</figcaption></figure>\n",
            escape(title)
        )
    } else if block {
        format!("<p>{img}</p>\n")
    } else {
        img
    }
}

/// Index of the `End` matching the `Start` at `start`.
fn find_end(events: &[Event], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, e) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

fn plain_text(events: &[Event]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
}

/// Heading anchors given so far, and per base the next suffix worth trying:
/// `base`, then `base-1`, `base-2`, … . Remembering where each base got to
/// keeps n headings with the same text linear (retrying from `-1` each time
/// made 40,000 of them take over a quarter of an hour).
#[derive(Default)]
struct Anchors {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Anchors {
    fn unique(&mut self, base: String) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        // Every `base-k` below `n` was taken when last tried, and stays taken.
        let n = self.next.entry(base.clone()).or_insert(1);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Escapes text for HTML and SVG content and attribute values (quoted
/// either way): `html_escape`'s, which writes `&amp;`, `&lt;`, `&gt;`,
/// `&quot;` and `&#x27;`. First drops the control characters HTML and XML
/// 1.0 forbid, so that any label yields valid markup (a standalone SVG with
/// one would not even parse).
pub fn escape(s: &str) -> String {
    html_escape::encode_quoted_attribute(&without_forbidden(s)).into_owned()
}

/// [`escape`], written straight into `out`.
pub fn escape_into(out: &mut impl std::fmt::Write, s: &str) -> std::fmt::Result {
    out.write_str(&html_escape::encode_quoted_attribute(&without_forbidden(s)))
}

/// `s` without the characters no markup may hold: C0 controls other than
/// tab, line feed and carriage return, and the noncharacters U+FFFE and
/// U+FFFF. Borrowed when there are none, as nearly always.
fn without_forbidden(s: &str) -> std::borrow::Cow<'_, str> {
    let forbidden = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if s.contains(forbidden) {
        std::borrow::Cow::Owned(s.chars().filter(|&c| !forbidden(c)).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::markdown_refs::{photo_refs, unreadable_images};

    fn md(s: &str) -> Rendered {
        render(s, false, &|_, _| None)
    }

    #[test]
    fn escape_makes_any_text_safe_markup() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>\u{1}\u{FFFF}\tfin\n"),
            "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;\tfin\n"
        );
        // Multi-byte text around what is escaped or dropped stays whole.
        assert_eq!(
            escape("año\u{FFFE}ñ\u{FFFD}\u{EFFF}&€\u{1F}"),
            "añoñ\u{FFFD}\u{EFFF}&amp;€"
        );
        assert_eq!(escape(""), "");
        assert_eq!(escape("sin cambios"), "sin cambios");
    }

    #[test]
    fn images_markdown_cannot_read_are_found_with_their_position() {
        let body = "Texto.\n\nUna ![Foto](foto 1.jpg) (de enero).\n";
        assert_eq!(
            unreadable_images(body, 10),
            [(12, 5, "<foto 1.jpg>".to_string())]
        );
        assert_eq!(
            unreadable_images("![Foto](foto 1.jpg \"Foto: X\")", 1),
            [(1, 1, "<foto 1.jpg> \"Foto: X\"".to_string())]
        );
        for fine in [
            "![Foto](foto.jpg \"Foto: título con espacios\")",
            "![Foto](<foto 1.jpg>)",
            "\\![no es imagen](a b)",
            "`![código](a b)`",
            "```\n![código](a b)\n```",
            "![sin cerrar](a b",
        ] {
            assert_eq!(unreadable_images(fine, 1), [], "{fine}");
        }
    }

    #[test]
    fn headings_get_unique_anchors_and_toc() {
        let r = md(
            "## 01. Política Migratoria\n\ntext\n\n## Política migratoria\n\n### Sub {#custom}\n",
        );
        assert!(
            r.html.contains("<h2 id=\"01-politica-migratoria\">"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"politica-migratoria\">"));
        assert!(r.html.contains("<h3 id=\"custom\">"));
        assert_eq!(r.toc.len(), 3);
        let r = md("## A\n\n## A\n");
        assert!(r.html.contains("id=\"a-1\""));
    }

    #[test]
    fn captioned_lone_image_becomes_figure() {
        let r = md("![Reunión](foto.jpg \"Foto: Reunión de planificación\")\n");
        assert!(
            r.html
                .contains("<figure class=\"photo\"><img src=\"foto.jpg\" alt=\"Reunión\""),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<figcaption>Foto: Reunión de planificación</figcaption></figure>")
        );
        assert!(!r.html.contains("<p><figure"));
    }

    #[test]
    fn raw_html_is_omitted_unless_allowed() {
        let r = md("hola <b>x</b>\n\n<div onclick=\"x()\">bloque</div>\n");
        assert!(
            !r.html.contains("<b>") && !r.html.contains("<div"),
            "{}",
            r.html
        );
        let r = render("<div class=\"ok\">bloque</div>\n", true, &|_, _| None);
        assert!(r.html.contains("<div class=\"ok\">"));
    }

    #[test]
    fn javascript_urls_never_reach_the_output() {
        for src in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](&#106;avascript:alert(1))",
            "[x]( javascript&colon;alert(1))",
            "<javascript:alert(1)>",
            "![x](javascript:alert(1))",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
        ] {
            let r = md(src);
            let lower = r.html.to_lowercase();
            assert!(
                !lower.contains("=\"javascript") && !lower.contains("=\"&#"),
                "{src} → {}",
                r.html
            );
            assert!(!r.html.contains("data:text"), "{src} → {}", r.html);
        }
        let r = render(
            "<a href=\"&#x6A;avascript:alert(1)\">x</a>\n\n<a href=\"/ok\">ok</a>\n",
            true,
            &|_, _| None,
        );
        assert!(!r.html.contains("avascript"), "{}", r.html);
        assert!(r.html.contains("/ok"));
    }

    #[test]
    fn allowed_raw_html_is_sanitised_as_a_whole() {
        let raw = |s: &str| render(s, true, &|_, _| None).html;
        // A script URL split over two lines of an HTML block.
        let r = raw("<div>\n<a href=\"java\nscript:alert(1)\">x</a>\n</div>\n");
        assert!(!r.contains("script:") && r.contains(">x</a>"), "{r}");
        for bad in [
            "<img src=\"a.png\" onerror=\"alert(1)\">\n",
            "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>\n",
            "<script>alert(1)</script>\n",
            "Texto <span onmouseover=\"alert(1)\">x</span>.\n",
            "<a href=\"data:text/html,alert(1)\">x</a>\n",
            "<p style=\"background:url(x)\">texto</p>\n",
        ] {
            let r = raw(bad);
            assert!(
                !r.contains("alert(1)\"") && !r.contains("alert(1)<") && !r.contains("data:"),
                "{bad} → {r}"
            );
            assert!(
                !r.contains("<script") && !r.contains("<iframe") && !r.contains("style="),
                "{bad} → {r}"
            );
        }
        // Nesting too deep to parse quickly: the raw HTML is left out.
        let deep = format!("{}x{}\n", "<div>".repeat(20_000), "</div>".repeat(20_000));
        let start = std::time::Instant::now();
        let r = raw(&deep);
        assert!(!r.contains("<div>"), "{}", &r[..r.len().min(200)]);
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
        let shallow = format!("{}x{}\n", "<div>".repeat(100), "</div>".repeat(100));
        assert_eq!(raw(&shallow).matches("<div>").count(), 100);
        // faro's own markup survives the sanitiser.
        let picture = |_: &str, _: &str| {
            Some("<picture><source type=\"image/webp\" srcset=\"a-480.webp 480w\" sizes=\"100vw\"><img src=\"a-480.jpg\" srcset=\"a-480.jpg 480w\" sizes=\"100vw\" width=\"480\" height=\"320\" alt=\"A\" loading=\"lazy\" decoding=\"async\"></picture>".to_string())
        };
        let body = "## Título {.destacado}\n\n![A](a.jpg \"Foto: A\")\n\n| a | b |\n|:-:|---|\n| 1 | 2 |\n\nNota[^1].\n\n[^1]: Fuente.\n";
        let kept = render(body, true, &picture).html;
        let plain = render(body, false, &picture).html;
        for part in [
            "<h2 id=\"titulo\" class=\"destacado\">",
            "<figure class=\"photo\"><picture><source type=\"image/webp\" srcset=\"a-480.webp 480w\" sizes=\"100vw\">",
            "loading=\"lazy\" decoding=\"async\">",
            "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Tabla\">",
            "text-align",
            "footnote-definition",
        ] {
            assert!(kept.contains(part), "{part} lost:\n{kept}");
            assert!(plain.contains(part), "{part} not made:\n{plain}");
        }
    }

    #[test]
    fn tables_and_footnotes() {
        let r = md("| a | b |\n|---|---|\n| 1 | 2 |\n\nNota[^1].\n\n[^1]: Fuente.\n");
        assert!(
            r.html.contains("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Tabla\"><table>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("footnote-definition"));
    }

    #[test]
    fn photo_refs_carry_file_lines() {
        let refs = photo_refs("texto\n\n![Alt *x*](a.jpg \"Foto: A\")\n", 10);
        assert_eq!(refs.len(), 1);
        assert_eq!(refs[0].src, "a.jpg");
        assert_eq!(refs[0].alt, "Alt x");
        assert_eq!(refs[0].caption.as_deref(), Some("Foto: A"));
        assert_eq!(refs[0].line, 12);
    }
}
