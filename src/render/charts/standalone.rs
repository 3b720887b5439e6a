//! Standalone `.svg` files: a chart with its CSS, background and visible title.
//!
//! Each file must stand alone (downloaded and opened by itself, it has no
//! page's stylesheet to lean on), so each carries its CSS; but only what
//! that chart can use ([`css_for`]): the theme's charts.css is 4.7 KB with
//! its comments, a third of a typical chart file, and the same in every one.

use super::chart::write_start_tag;
use super::*;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// A chart as a standalone `.svg` file: an XML prolog, `width`/`height`
/// from its viewBox (so `<img>` and viewers get a size), `css` (the theme's
/// charts.css) embedded in a `<style>` element, a background, and the title
/// drawn visibly on top, since no page heading explains a downloaded file.
/// Made from the chart's parts, never by reading its markup back (only its
/// class names are gathered, to leave out the rules it has no use for).
pub fn standalone(chart: &Chart, css: &str) -> String {
    const PROLOG: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    let (w, h) = chart.size();
    let (title_font, lines, title_h) = title_layout(chart);
    let total_h = h + title_h;
    let mut out = String::with_capacity(chart.len() + css.len() + 512);
    out.push_str(PROLOG);
    write_start_tag(
        &mut out,
        chart.kind(),
        "faro-chart--standalone ",
        chart.id(),
        w,
        total_h,
        Some((w, total_h)),
    );
    // The title and desc stay first, so aria-labelledby still resolves.
    out.push_str(chart.head());
    // The style goes here, once the rest tells which classes it needs.
    let style_at = out.len();
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
    out.push_str(chart.shapes());
    out.push_str("</g></svg>\n");
    let css = css_for_cached(css, &classes(&out));
    // CDATA keeps CSS selectors like `a > b` intact; a literal "]]>" in the
    // CSS is split across two sections.
    let style = format!(
        "<style><![CDATA[\n{}\n]]></style>",
        css.replace("]]>", "]]]]><![CDATA[>")
    );
    out.insert_str(style_at, &style);
    out
}

/// The size of [`standalone`]'s file, its title included: the viewBox a
/// picture that embeds it scales (`crate::render::share`).
pub fn standalone_size(chart: &Chart) -> (f64, f64) {
    let (w, h) = chart.size();
    (w, h + title_layout(chart).2)
}

/// The standalone title's font size, lines and height.
fn title_layout(chart: &Chart) -> (f64, Vec<String>, f64) {
    let (w, _) = chart.size();
    let title_font = (w * 0.04).clamp(6.0, 16.0);
    let lines = wrap(chart.title(), w - 8.0, title_font);
    let title_h = if lines.is_empty() {
        0.0
    } else {
        lines.len() as f64 * title_font * 1.25 + title_font * 0.6
    };
    (title_font, lines, title_h)
}

/// The class names of the `class="…"` attributes of `markup` (faro's own
/// markup: attributes in double quotes, no `class="` inside text, which is
/// escaped).
fn classes(markup: &str) -> HashSet<&str> {
    markup
        .split(" class=\"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"'))
        .flat_map(|(names, _)| names.split_ascii_whitespace())
        .collect()
}

/// [`css_for`], remembered per thread: a site's thousands of standalone
/// charts use a handful of sets of classes, and reading the stylesheet
/// again for each was a twentieth of a first build's CPU.
fn css_for_cached(css: &str, used: &HashSet<&str>) -> String {
    /// Past this many sets (a theme with endless class combinations), the
    /// remembered ones are dropped rather than kept growing.
    const MAX: usize = 256;
    thread_local! {
        static MEMO: RefCell<HashMap<(u64, Vec<String>), String>> = RefCell::new(HashMap::new());
    }
    let mut names: Vec<String> = used.iter().map(|c| c.to_string()).collect();
    names.sort_unstable();
    let key = (xxhash_rust::xxh3::xxh3_64(css.as_bytes()), names);
    MEMO.with_borrow_mut(|memo| {
        if let Some(known) = memo.get(&key) {
            return known.clone();
        }
        if memo.len() >= MAX {
            memo.clear();
        }
        let made = css_for(css, used);
        memo.insert(key, made.clone());
        made
    })
}

/// The prefix of every class faro's charts use: a rule naming such a class
/// that a chart lacks cannot apply to it. Other classes (a site's own) are
/// never a reason to leave a rule out.
const OWN_CLASSES: &str = "faro-chart";

/// `css` for a chart whose elements have the classes `used`: without
/// comments and needless spaces, and without the selectors that name a
/// `faro-chart…` class the chart does not have (a rule left with no
/// selector goes, an `@media` left with no rule too). What it cannot read
/// with certainty (unbalanced braces, an unfinished string or comment) it
/// keeps whole, only minified, or, failing that, as given.
pub fn css_for(css: &str, used: &HashSet<&str>) -> String {
    let Some(min) = minify(css) else {
        return css.to_string();
    };
    let mut out = String::with_capacity(min.len());
    match prune(&min, used, &mut out) {
        Some("") => out,
        _ => min,
    }
}

/// `css` without comments, with runs of white space made one space and
/// none around `{`, `}`, `;` and `,` nor before `}` the last `;`; strings
/// kept as they are. `None` for an unfinished string or comment.
fn minify(css: &str) -> Option<String> {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                loop {
                    let c = chars.next()?;
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                space = true;
            }
            c if c.is_whitespace() => space = true,
            c => {
                let tight = |c: char| matches!(c, '{' | '}' | ';' | ',');
                if space && !out.is_empty() && !tight(c) && !out.ends_with(tight) {
                    out.push(' ');
                }
                space = false;
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
                if c == '"' || c == '\'' {
                    loop {
                        let s = chars.next()?;
                        out.push(s);
                        if s == '\\' {
                            out.push(chars.next()?);
                        } else if s == c {
                            break;
                        }
                    }
                }
            }
        }
    }
    Some(out)
}

/// Copies the rules of minified `css` that can apply into `out`, up to the
/// `}` that closes the block they are in (not copied); returns what follows
/// it, or `None` when a rule cannot be read.
fn prune<'a>(mut css: &'a str, used: &HashSet<&str>, out: &mut String) -> Option<&'a str> {
    loop {
        if css.is_empty() || css.starts_with('}') {
            return Some(css);
        }
        let open = block_start(css)?;
        let prelude = &css[..open];
        if prelude.starts_with("@media") || prelude.starts_with("@supports") {
            let mut inner = String::new();
            let rest = prune(&css[open + 1..], used, &mut inner)?;
            css = rest.strip_prefix('}')?;
            if !inner.is_empty() {
                out.push_str(prelude);
                out.push('{');
                out.push_str(&inner);
                out.push('}');
            }
            continue;
        }
        if prelude.contains(';') || prelude.starts_with('@') {
            // `@import …;`, `@font-face {…}`, `@keyframes {…}`: kept whole.
            let end = prelude.find(';').filter(|&s| s < open);
            let end = match end {
                Some(semicolon) => semicolon + 1,
                None => block_end(css, open)? + 1,
            };
            out.push_str(&css[..end]);
            css = &css[end..];
            continue;
        }
        let end = block_end(css, open)?;
        let kept: Vec<&str> = prelude
            .split(',')
            .filter(|selector| applies(selector, used))
            .collect();
        if !kept.is_empty() {
            out.push_str(&kept.join(","));
            out.push_str(&css[open..=end]);
        }
        css = &css[end + 1..];
    }
}

/// Whether `selector` may apply to a chart with classes `used`: unless it
/// names one of faro's classes the chart lacks. Selectors with parentheses
/// (`:not(…)`), brackets, escapes or strings are kept: a class in them may
/// mean its absence.
fn applies(selector: &str, used: &HashSet<&str>) -> bool {
    if selector.contains(['(', '[', '\\', '"', '\'']) {
        return true;
    }
    selector.split('.').skip(1).all(|rest| {
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        let class = &rest[..end];
        !class.starts_with(OWN_CLASSES) || used.contains(class)
    })
}

/// Where the first `{` of minified `css` is, outside strings.
fn block_start(css: &str) -> Option<usize> {
    let mut quote = None;
    let mut escaped = false;
    for (i, c) in css.char_indices() {
        match (quote, c) {
            (Some(_), _) if escaped => escaped = false,
            (Some(_), '\\') => escaped = true,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '{') => return Some(i),
            (None, '}') => return None,
            (None, _) => {}
        }
    }
    None
}

/// Where the `}` that closes the block opened at `open` is, outside strings.
fn block_end(css: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote = None;
    let mut escaped = false;
    for (i, c) in css.char_indices().skip_while(|(i, _)| *i < open) {
        match (quote, c) {
            (Some(_), _) if escaped => escaped = false,
            (Some(_), '\\') => escaped = true,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '{') => depth += 1,
            (None, '}') => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            (None, _) => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn used<'a>(names: &[&'a str]) -> HashSet<&'a str> {
        names.iter().copied().collect()
    }

    #[test]
    fn the_css_loses_comments_spaces_and_the_rules_of_other_charts() {
        let css = "/* a comment */\n.faro-chart {\n  stroke: none;\n}\n\
                   .faro-chart-bar { fill: #1f5aa6; }\n\
                   .faro-chart-line, .faro-chart-dot { stroke: red; }\n\
                   path.faro-chart-missing { fill: none; }\n\
                   @media print {\n  .faro-chart-line { stroke: #000; }\n  .faro-chart-bar { fill: #404040; }\n}\n\
                   @media (prefers-color-scheme: dark) { .faro-chart-line { stroke: #fff; } }\n";
        let out = css_for(
            css,
            &used(&["faro-chart", "faro-chart-bar", "faro-chart-dot"]),
        );
        assert_eq!(
            out,
            ".faro-chart{stroke: none}.faro-chart-bar{fill: #1f5aa6}\
             .faro-chart-dot{stroke: red}@media print{.faro-chart-bar{fill: #404040}}"
        );
    }

    #[test]
    fn the_remembered_css_is_that_of_its_own_stylesheet_and_classes() {
        let a = ".faro-chart-bar{fill:red}.faro-chart-axis{stroke:blue}";
        let b = ".faro-chart-bar{fill:green}";
        let bars = used(&["faro-chart-bar"]);
        let axes = used(&["faro-chart-axis"]);
        for _ in 0..2 {
            assert_eq!(css_for_cached(a, &bars), css_for(a, &bars));
            assert_eq!(css_for_cached(a, &axes), css_for(a, &axes));
            assert_eq!(css_for_cached(b, &bars), css_for(b, &bars));
        }
        assert_ne!(css_for_cached(a, &bars), css_for_cached(a, &axes));
        assert_ne!(css_for_cached(a, &bars), css_for_cached(b, &bars));
    }

    #[test]
    fn what_may_apply_or_cannot_be_read_is_kept() {
        let all = used(&["faro-chart"]);
        // A site's own classes, :not(), strings and other at-rules stay.
        for rule in [
            ".chart-bar{fill: #7a0019}",
            ".faro-chart :not(.faro-chart-bar){fill: red}",
            ".faro-chart text{font-family: \"A, {b}\"}",
            "@font-face{font-family: X;src: local(X)}",
            "@import \"x.css\";",
            "text{fill: #000}",
        ] {
            assert_eq!(css_for(rule, &all), rule);
        }
        // Unbalanced: only minified; an unfinished comment: as given.
        assert_eq!(
            css_for(".faro-chart-bar { fill: red;", &all),
            ".faro-chart-bar{fill: red;"
        );
        assert_eq!(css_for("a {} /* open", &all), "a {} /* open");
        assert_eq!(css_for("a > b { x: ']]>' }", &all), "a > b{x: ']]>'}");
    }
}
