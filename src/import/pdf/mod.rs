//! PDF reader: a published report → the text model. A PDF has no
//! paragraphs or tables, only glyphs at positions, so they are rebuilt from
//! the layout: glyphs on one baseline make a line, wide gaps split a line
//! into cells; a table runs from its `Cuadro N.` caption to its `Fuente:`
//! line, a row is a label with a number aligned to the right (a label
//! wrapped over several lines joins), paragraphs are lines spaced as one.
//!
//! Text comes from pdf-extract (fonts and encodings are the hard part of
//! PDF and it handles them); images and their place on the page from
//! lopdf's content streams. pdf-extract panics on some odd fonts: the
//! caller contains that (see `import::convert`).

mod blocks;
mod graphics;
mod links;
#[cfg(test)]
mod tests;

pub use graphics::Rule;

use super::Limits;
use super::doc::Document;
use crate::t;
use blocks::{blocks, is_page_number};
use graphics::{Graphics, drop_repeated, page_graphics};
use links::{mark_links, page_links};
use lopdf::ObjectId;

/// One glyph: where it starts and ends on the baseline, top-down `y`.
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    end: f64,
    y: f64,
    size: f64,
    text: String,
}

/// A line of text: cells separated by wide gaps.
#[derive(Debug, Clone)]
pub struct Line {
    pub page: u32,
    pub y: f64,
    pub size: f64,
    /// (start x, end x, text) of each cell, left to right.
    pub cells: Vec<(f64, f64, String)>,
}

impl Line {
    fn text(&self) -> String {
        self.cells
            .iter()
            .map(|c| c.2.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// pdf-extract's callback: collects the glyphs of each page.
#[derive(Default)]
struct Collector {
    pages: Vec<(f64, Vec<Glyph>)>,
}

impl pdf_extract::OutputDev for Collector {
    fn begin_page(
        &mut self,
        _n: u32,
        media: &pdf_extract::MediaBox,
        _art: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), pdf_extract::OutputError> {
        self.pages.push((media.ury, Vec::new()));
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &pdf_extract::Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        ch: &str,
    ) -> Result<(), pdf_extract::OutputError> {
        let vx = font_size * (trm.m11 + trm.m21);
        let vy = font_size * (trm.m12 + trm.m22);
        let size = (vx * vy).abs().sqrt();
        if let Some((top, glyphs)) = self.pages.last_mut() {
            glyphs.push(Glyph {
                x: trm.m31,
                end: trm.m31 + width * size,
                y: *top - trm.m32,
                size,
                text: ch.to_string(),
            });
        }
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
}

/// Reads a PDF from its bytes.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Document, String> {
    let mut doc = lopdf::Document::load_mem(bytes).map_err(|e| {
        // A damaged encrypted file fails to load before it can say so.
        if bytes.windows(8).any(|w| w == b"/Encrypt") {
            t!("import-pdf-encrypted")
        } else {
            t!(
                "import-pdf-unreadable",
                error = crate::support::i18n::error_text(&e)
            )
        }
    })?;
    if doc.is_encrypted() || doc.trailer.get(b"Encrypt").is_ok() {
        return Err(t!("import-pdf-encrypted"));
    }
    // Pages, stream sizes and form nesting within bounds before drawing.
    super::pdf_fence::check(&doc)?;
    let Graphics {
        mut placed,
        rules,
        drawn_again,
    } = page_graphics(&doc, limits)?;
    // pdf-extract runs an image's pixels as content, at every draw.
    super::pdf_fence::empty_images(&mut doc);
    // A logo or letterhead drawn on every page is left out before the
    // text is cut at images, so a table across a page break stays one.
    let repeated = drawn_again + drop_repeated(&mut placed);
    let mut collector = Collector::default();
    pdf_extract::output_doc(&doc, &mut collector)
        .map_err(|e| t!("import-pdf-text-unreadable", error = format!("{e:?}")))?;
    let mut lines = Vec::new();
    let page_ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
    for (i, (top, mut glyphs)) in collector.pages.into_iter().enumerate() {
        if let Some(id) = page_ids.get(i) {
            mark_links(&mut glyphs, &page_links(&doc, *id, top));
        }
        let mut page = page_lines(i as u32 + 1, glyphs);
        // A page number alone on the page's last line is not content.
        if page.last().is_some_and(|l| is_page_number(&l.text())) {
            page.pop();
        }
        lines.extend(page);
    }
    let mut warnings = Vec::new();
    let mut doc = Document {
        blocks: blocks(lines, placed, &rules, &mut warnings),
        repeated_images: repeated,
        warnings,
    };
    super::doc::drop_repeated_images(&mut doc);
    Ok(doc)
}

/// Glyphs → lines (same baseline) → cells (split at gaps wider than two
/// spaces), top to bottom.
fn page_lines(page: u32, mut glyphs: Vec<Glyph>) -> Vec<Line> {
    glyphs.retain(|g| g.size > 0.0 && g.x.is_finite() && g.y.is_finite());
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs {
        match rows.last_mut() {
            Some(r) if (r[0].y - g.y).abs() < r[0].size * 0.4 => r.push(g),
            _ => rows.push(vec![g]),
        }
    }
    rows.into_iter()
        .filter_map(|mut r| {
            r.sort_by(|a, b| a.x.total_cmp(&b.x));
            let size = r.iter().map(|g| g.size).fold(0.0, f64::max);
            let mut cells: Vec<(f64, f64, String)> = Vec::new();
            for g in &r {
                match cells.last_mut() {
                    Some(c) if g.x - c.1 < size * 1.2 => {
                        if g.x - c.1 > size * 0.15 && !c.2.ends_with(' ') && g.text != " " {
                            c.2.push(' ');
                        }
                        c.2.push_str(&g.text);
                        c.1 = c.1.max(g.end);
                    }
                    _ if g.text.trim().is_empty() => {}
                    _ => cells.push((g.x, g.end, g.text.clone())),
                }
            }
            for c in &mut cells {
                c.2 = c.2.split_whitespace().collect::<Vec<_>>().join(" ");
            }
            cells.retain(|c| !c.2.is_empty());
            (!cells.is_empty()).then(|| Line {
                page,
                y: r[0].y,
                size,
                cells,
            })
        })
        .collect()
}
