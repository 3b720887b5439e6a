//! Standalone `.svg` files: a chart with its CSS, background and visible title.

use super::*;

/// The text of a chart's `<title>`, unescaped: what a page shows above the
/// chart as its visible title, and what a standalone file draws on top.
pub fn title_of(svg: &str) -> Option<String> {
    let i = svg.find("<title")?;
    let start = i + svg[i..].find('>')? + 1;
    let end = start + svg[start..].find("</title>")?;
    Some(unescape(&svg[start..end]))
}

/// Wraps a chart from this module as a standalone `.svg` file: an XML
/// prolog, `width`/`height` from its viewBox (so `<img>` and viewers get a
/// size), `css` (the theme's charts.css) embedded in a `<style>` element, a
/// background, and the title drawn visibly on top, since no page heading
/// explains a downloaded file. Markup not made by this module is returned
/// after the prolog, unchanged.
pub fn standalone(svg: &str, css: &str) -> String {
    const PROLOG: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    let svg = svg.trim();
    let parts = (|| {
        let open_end = svg.find('>')?;
        let open = &svg[..open_end];
        if !open.starts_with("<svg") || open.ends_with('/') {
            return None;
        }
        let view = attr(open, "viewBox")?;
        let nums: Vec<f64> = view
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        let [_, _, w, h] = nums[..] else { return None };
        let head_end = svg
            .find("</desc>")
            .map(|i| i + "</desc>".len())
            .unwrap_or(open_end + 1);
        let body_end = svg.rfind("</svg>")?;
        let title = title_of(svg);
        Some((
            open_end,
            view,
            w,
            h,
            head_end,
            body_end,
            title.unwrap_or_default(),
        ))
    })();
    let Some((open_end, view, w, h, head_end, body_end, title)) = parts else {
        return format!("{PROLOG}{svg}");
    };
    let title_font = (w * 0.04).clamp(6.0, 16.0);
    let lines = wrap(&title, w - 8.0, title_font);
    let title_h = if lines.is_empty() {
        0.0
    } else {
        lines.len() as f64 * title_font * 1.25 + title_font * 0.6
    };
    let total_h = h + title_h;
    let open = svg[..open_end]
        .replacen(
            &format!("viewBox=\"{view}\""),
            &format!("viewBox=\"0 0 {} {}\"", num(w), num(total_h)),
            1,
        )
        .replacen(
            "class=\"faro-chart ",
            "class=\"faro-chart faro-chart--standalone ",
            1,
        );
    let mut out = String::with_capacity(svg.len() + css.len() + 512);
    out.push_str(PROLOG);
    let _ = write!(
        out,
        r#"{open} width="{}" height="{}">"#,
        num(w),
        num(total_h)
    );
    out.push_str(&svg[open_end + 1..head_end]);
    // CDATA keeps CSS selectors like `a > b` intact; a literal "]]>" in the
    // CSS is split across two sections.
    let _ = write!(
        out,
        "<style><![CDATA[\n{}\n]]></style>",
        css.replace("]]>", "]]]]><![CDATA[>")
    );
    let _ = write!(
        out,
        r#"<rect class="faro-chart-bg" width="{}" height="{}"/>"#,
        num(w),
        num(total_h)
    );
    if !lines.is_empty() {
        out.push_str(r#"<g aria-hidden="true">"#);
        text_block_spaced(
            &mut out,
            "faro-chart-title",
            4.0,
            title_font * 1.1,
            title_font,
            title_font * 1.25,
            "start",
            &lines,
        );
        out.push_str("</g>");
    }
    let _ = write!(out, r#"<g transform="translate(0 {})">"#, num(title_h));
    out.push_str(&svg[head_end..body_end]);
    out.push_str("</g></svg>\n");
    out
}

pub(super) fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The value of attribute `name` in a start tag written by this module.
pub(super) fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}
