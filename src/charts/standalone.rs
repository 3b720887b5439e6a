//! Standalone `.svg` files: a chart with its CSS, background and visible title.

use super::chart::write_start_tag;
use super::*;

/// A chart as a standalone `.svg` file: an XML prolog, `width`/`height`
/// from its viewBox (so `<img>` and viewers get a size), `css` (the theme's
/// charts.css) embedded in a `<style>` element, a background, and the title
/// drawn visibly on top, since no page heading explains a downloaded file.
/// Made from the chart's parts, never by reading its markup back.
pub fn standalone(chart: &Chart, css: &str) -> String {
    const PROLOG: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    let (w, h) = chart.size();
    let title_font = (w * 0.04).clamp(6.0, 16.0);
    let lines = wrap(chart.title(), w - 8.0, title_font);
    let title_h = if lines.is_empty() {
        0.0
    } else {
        lines.len() as f64 * title_font * 1.25 + title_font * 0.6
    };
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
    out.push_str(chart.shapes());
    out.push_str("</g></svg>\n");
    out
}
