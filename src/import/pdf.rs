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

use super::doc::{Block, Document, Image, with_links};
use super::{Limits, images};
use crate::t;
use lopdf::content::Content;
use lopdf::{Object, ObjectId};

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

/// Marks in a link's text, so a paragraph keeps its links: `LINK_START`
/// text `LINK_URL` address `LINK_END`. Private-use characters, which no
/// report's text contains.
const LINK_START: char = '\u{E000}';
const LINK_URL: char = '\u{E001}';
const LINK_END: char = '\u{E002}';

/// A web link on a page: its area (top-down) and address.
struct PageLink {
    x: (f64, f64),
    y: (f64, f64),
    url: String,
}

/// The page's `/Link` annotations that open a web or mail address.
fn page_links(doc: &lopdf::Document, page_id: ObjectId, top: f64) -> Vec<PageLink> {
    let deref = |o: &Object| -> Option<Object> {
        match o {
            Object::Reference(id) => doc.get_object(*id).ok().cloned(),
            other => Some(other.clone()),
        }
    };
    let Some(Object::Array(annots)) = doc
        .get_dictionary(page_id)
        .ok()
        .and_then(|d| d.get(b"Annots").ok())
        .and_then(deref)
    else {
        return Vec::new();
    };
    annots
        .iter()
        .filter_map(|a| {
            let Object::Dictionary(a) = deref(a)? else {
                return None;
            };
            let Object::Dictionary(action) = deref(a.get(b"A").ok()?)? else {
                return None;
            };
            let Object::String(url, _) = action.get(b"URI").ok()? else {
                return None;
            };
            let url = String::from_utf8_lossy(url).into_owned();
            if !["http://", "https://", "mailto:"]
                .iter()
                .any(|p| url.starts_with(p))
            {
                return None;
            }
            let r: Vec<f64> = a
                .get(b"Rect")
                .ok()?
                .as_array()
                .ok()?
                .iter()
                .filter_map(|v| v.as_float().ok().map(f64::from))
                .collect();
            let [x1, y1, x2, y2] = r[..] else { return None };
            Some(PageLink {
                x: (x1.min(x2), x1.max(x2)),
                y: (top - y1.max(y2), top - y1.min(y2)),
                url,
            })
        })
        .collect()
}

/// Wraps the glyphs inside each link's area in the link marks.
fn mark_links(glyphs: &mut [Glyph], links: &[PageLink]) {
    for link in links {
        let inside: Vec<usize> = (0..glyphs.len())
            .filter(|&i| {
                let g = &glyphs[i];
                let mid = (g.x + g.end) / 2.0;
                mid >= link.x.0
                    && mid <= link.x.1
                    && g.y >= link.y.0
                    && g.y <= link.y.1 + g.size * 0.3
            })
            .collect();
        let first = inside
            .iter()
            .copied()
            .min_by(|&a, &b| order(&glyphs[a], &glyphs[b]));
        let last = inside
            .iter()
            .copied()
            .max_by(|&a, &b| order(&glyphs[a], &glyphs[b]));
        if let (Some(first), Some(last)) = (first, last) {
            glyphs[first].text.insert(0, LINK_START);
            let end = format!(
                "{LINK_URL}{}{LINK_END}",
                link.url.replace([LINK_START, LINK_URL, LINK_END], "")
            );
            glyphs[last].text.push_str(&end);
        }
    }
}

/// Reading order: top to bottom, then left to right.
fn order(a: &Glyph, b: &Glyph) -> std::cmp::Ordering {
    a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x))
}

/// A paragraph's text with its link marks → runs and links.
fn linked(text: &str) -> Vec<super::doc::Inline> {
    use super::doc::Inline;
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(LINK_START) {
        let Some(mid) = rest[start..].find(LINK_URL).map(|m| start + m) else {
            break;
        };
        let Some(end) = rest[mid..].find(LINK_END).map(|e| mid + e) else {
            break;
        };
        let text = &rest[start + LINK_START.len_utf8()..mid];
        let url = rest[mid + LINK_URL.len_utf8()..end].to_string();
        // A link area drawn a little wide takes a space: it stays outside.
        let before = format!(
            "{}{}",
            &rest[..start],
            &text[..text.len() - text.trim_start().len()]
        );
        out.extend(with_links(&before));
        out.push(Inline::Link {
            text: text.trim().to_string(),
            url,
        });
        if text.trim_end().len() < text.len() {
            out.push(Inline::Text(" ".into()));
        }
        rest = &rest[end + LINK_END.len_utf8()..];
    }
    out.extend(with_links(&strip_links(rest)));
    out.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    out
}

/// Text without link marks (and without the addresses they carry).
fn strip_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_url = false;
    for c in text.chars() {
        match c {
            LINK_START => {}
            LINK_URL => in_url = true,
            LINK_END => in_url = false,
            c if !in_url => out.push(c),
            _ => {}
        }
    }
    out
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

/// An image drawn on a page, with the top of where it was drawn.
struct Placed {
    id: ObjectId,
    page: u32,
    y: f64,
    image: Result<Image, String>,
}

/// A ruled line a page draws (a table's border), top-down: horizontal
/// (`across` true) at `at` = y from `from` to `to` in x, or vertical at
/// `at` = x from `from` to `to` in y.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub page: u32,
    pub across: bool,
    pub at: f64,
    pub from: f64,
    pub to: f64,
}

/// What the pages draw besides text: images and ruled lines.
#[derive(Default)]
struct Graphics {
    placed: Vec<Placed>,
    rules: Vec<Rule>,
    /// Draws of images drawn more than once (each decoded once, then left out).
    drawn_again: usize,
}

/// The segments of a path being built, in page space (bottom-up).
#[derive(Default)]
struct Path {
    segments: Vec<((f64, f64), (f64, f64))>,
    start: Option<(f64, f64)>,
    current: Option<(f64, f64)>,
}

impl Path {
    /// Applies a path-building operator (`m`, `l`, a curve, `h`, `re`) in
    /// the space `ctm`; any other operator changes nothing.
    fn build(&mut self, ctm: &[f64; 6], op: &lopdf::content::Operation) {
        match op.operator.as_str() {
            "m" if op.operands.len() == 2 => {
                let p = apply(ctm, operand(op, 0), operand(op, 1));
                self.start = Some(p);
                self.current = Some(p);
            }
            "l" if op.operands.len() == 2 => {
                let p = apply(ctm, operand(op, 0), operand(op, 1));
                if let Some(c) = self.current {
                    self.segments.push((c, p));
                }
                self.current = Some(p);
            }
            "c" | "v" | "y" => {
                // Curves are not rules; the path goes on from their end.
                let k = op.operands.len();
                if k >= 2 {
                    self.current = Some(apply(ctm, operand(op, k - 2), operand(op, k - 1)));
                }
            }
            "h" => {
                if let (Some(c), Some(s)) = (self.current, self.start) {
                    self.segments.push((c, s));
                    self.current = Some(s);
                }
            }
            "re" if op.operands.len() == 4 => {
                let (x, y, w, h) = (
                    operand(op, 0),
                    operand(op, 1),
                    operand(op, 2),
                    operand(op, 3),
                );
                let corners = [
                    apply(ctm, x, y),
                    apply(ctm, x + w, y),
                    apply(ctm, x + w, y + h),
                    apply(ctm, x, y + h),
                ];
                let (dx, dy) = (
                    (corners[1].0 - corners[0].0).abs(),
                    (corners[3].1 - corners[0].1).abs(),
                );
                if dy <= 2.5 && dx > 2.0 {
                    // A thin box drawn as a horizontal border.
                    let mid = (corners[0].1 + corners[3].1) / 2.0;
                    self.segments
                        .push(((corners[0].0, mid), (corners[1].0, mid)));
                } else if dx <= 2.5 && dy > 2.0 {
                    let mid = (corners[0].0 + corners[1].0) / 2.0;
                    self.segments
                        .push(((mid, corners[0].1), (mid, corners[3].1)));
                } else {
                    for k in 0..4 {
                        self.segments.push((corners[k], corners[(k + 1) % 4]));
                    }
                }
                self.start = Some(corners[0]);
                self.current = Some(corners[0]);
            }
            _ => {}
        }
    }
}

/// The number operand `i` of `op` (0 when missing or not a number).
fn operand(op: &lopdf::content::Operation, i: usize) -> f64 {
    op.operands
        .get(i)
        .and_then(|o| o.as_float().ok())
        .map(f64::from)
        .unwrap_or(0.0)
}

/// The matrix `m` (`cm`'s operands) concatenated with the current `c`.
fn concat(m: &[f64], c: &[f64; 6]) -> [f64; 6] {
    [
        m[0] * c[0] + m[1] * c[2],
        m[0] * c[1] + m[1] * c[3],
        m[2] * c[0] + m[3] * c[2],
        m[2] * c[1] + m[3] * c[3],
        m[4] * c[0] + m[5] * c[2] + c[4],
        m[4] * c[1] + m[5] * c[3] + c[5],
    ]
}

/// A point through the transformation matrix.
fn apply(m: &[f64; 6], x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// A painted path's straight horizontal and vertical pieces as rules (a
/// thin box, how some writers draw a border, was made one piece by `re`).
fn path_rules(path: &Path, page: u32, top: f64, out: &mut Vec<Rule>) {
    for &((x0, y0), (x1, y1)) in &path.segments {
        let (dx, dy) = ((x1 - x0).abs(), (y1 - y0).abs());
        if !(dx.is_finite() && dy.is_finite()) {
            continue;
        }
        if dy < 0.5 && dx > 2.0 {
            out.push(Rule {
                page,
                across: true,
                at: top - (y0 + y1) / 2.0,
                from: x0.min(x1),
                to: x0.max(x1),
            });
        } else if dx < 0.5 && dy > 2.0 {
            out.push(Rule {
                page,
                across: false,
                at: (x0 + x1) / 2.0,
                from: top - y0.max(y1),
                to: top - y0.min(y1),
            });
        }
    }
}

/// The images each page draws (`Do` of an image XObject), with their
/// position from the content stream's transformation matrix, and the
/// ruled lines it strokes or fills (a table's borders).
fn page_graphics(doc: &lopdf::Document, limits: &Limits) -> Result<Graphics, String> {
    let mut out = Graphics::default();
    // An image drawn more than once (a logo on every page) is decoded once.
    let mut draws: std::collections::HashMap<ObjectId, usize> = Default::default();
    let mut total_draws = 0;
    for (n, page_id) in doc.get_pages() {
        let top = page_top(doc, page_id);
        let Ok(content) = doc.get_page_content(page_id) else {
            continue;
        };
        let Ok(content) = Content::decode(&content) else {
            continue;
        };
        let xobjects = page_xobjects(doc, page_id);
        let mut stack = vec![[1.0, 0.0, 0.0, 1.0, 0.0, 0.0f64]];
        let mut path = Path::default();
        for op in &content.operations {
            let ctm = *stack.last().unwrap_or(&[1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
            match op.operator.as_str() {
                "q" => stack.push(ctm),
                "Q" if stack.len() > 1 => {
                    stack.pop();
                }
                "cm" if op.operands.len() == 6 => {
                    let m: Vec<f64> = (0..6).map(|i| operand(op, i)).collect();
                    if let Some(last) = stack.last_mut() {
                        *last = concat(&m, &ctm);
                    }
                }
                "m" | "l" | "c" | "v" | "y" | "h" | "re" => path.build(&ctm, op),
                "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" => {
                    path_rules(&path, n, top, &mut out.rules);
                    path = Path::default();
                }
                "n" => path = Path::default(),
                "Do" => {
                    let Some(name) = op.operands.first().and_then(|o| o.as_name().ok()) else {
                        continue;
                    };
                    let Some(id) = xobjects.iter().find(|(k, _)| k == name).map(|(_, id)| *id)
                    else {
                        continue;
                    };
                    if let Some(seen) = draws.get_mut(&id) {
                        *seen += 1;
                        total_draws += 1;
                        continue;
                    }
                    if let Some(image) = xobject_image(doc, id) {
                        if total_draws >= limits.max_images {
                            return Err(t!("import-pdf-too-many-images", max = limits.max_images));
                        }
                        draws.insert(id, 1);
                        total_draws += 1;
                        // The image's top edge: the unit square's y = 1.
                        out.placed.push(Placed {
                            id,
                            page: n,
                            y: top - (ctm[5] + ctm[3].max(0.0)),
                            image,
                        });
                    }
                }
                _ => {}
            }
        }
    }
    out.drawn_again = draws.values().filter(|&&n| n > 1).sum();
    out.placed.retain(|p| draws.get(&p.id) == Some(&1));
    Ok(out)
}

fn page_top(doc: &lopdf::Document, page_id: ObjectId) -> f64 {
    doc.get_dictionary(page_id)
        .ok()
        .and_then(|d| d.get(b"MediaBox").ok())
        .and_then(|m| m.as_array().ok())
        .and_then(|a| a.get(3))
        .and_then(|v| v.as_float().ok())
        .map(f64::from)
        .unwrap_or(842.0)
}

/// The page's XObject names and the objects they refer to.
fn page_xobjects(doc: &lopdf::Document, page_id: ObjectId) -> Vec<(Vec<u8>, ObjectId)> {
    let mut out = Vec::new();
    let Ok((own, inherited)) = doc.get_page_resources(page_id) else {
        return out;
    };
    let dicts = own.into_iter().chain(
        inherited
            .iter()
            .filter_map(|id| doc.get_dictionary(*id).ok()),
    );
    for res in dicts {
        let Ok(x) = res.get(b"XObject") else { continue };
        let x = match x {
            Object::Reference(id) => doc.get_dictionary(*id).ok(),
            Object::Dictionary(d) => Some(d),
            _ => None,
        };
        for (k, v) in x.into_iter().flat_map(|d| d.iter()) {
            if let Ok(id) = v.as_reference() {
                out.push((k.clone(), id));
            }
        }
    }
    out
}

/// An image XObject as a publishable file: a DCT (JPEG) stream as is,
/// 8-bit RGB or grey pixels as PNG. `None` when the object is not an image.
fn xobject_image(doc: &lopdf::Document, id: ObjectId) -> Option<Result<Image, String>> {
    let stream = doc.get_object(id).ok()?.as_stream().ok()?;
    let d = &stream.dict;
    if d.get(b"Subtype").ok()?.as_name().ok()? != b"Image" {
        return None;
    }
    let filters = stream.filters().unwrap_or_default();
    if filters.last() == Some(&&b"DCTDecode"[..]) && filters.len() == 1 {
        return Some(images::publishable(&stream.content));
    }
    let width = d.get(b"Width").ok()?.as_i64().ok()? as u32;
    let height = d.get(b"Height").ok()?.as_i64().ok()? as u32;
    let bpc = d
        .get(b"BitsPerComponent")
        .and_then(Object::as_i64)
        .unwrap_or(8);
    let components = match d.get(b"ColorSpace") {
        Ok(Object::Name(n)) if n == b"DeviceRGB" => 3,
        Ok(Object::Name(n)) if n == b"DeviceGray" => 1,
        Ok(Object::Reference(r)) => icc_components(doc, *r),
        Ok(Object::Array(a)) => a
            .get(1)
            .and_then(|o| o.as_reference().ok())
            .map(|r| icc_components(doc, r))
            .unwrap_or(0),
        _ => 0,
    };
    Some((|| {
        if bpc != 8 || !(components == 1 || components == 3) {
            return Err(t!("import-pdf-image-encoding"));
        }
        // Checked before inflating: a tiny stream can claim gigapixels.
        if u64::from(width) * u64::from(height) > 100_000_000 {
            return Err(t!(
                "import-pdf-image-too-large",
                width = width,
                height = height
            ));
        }
        let pixels = stream.decompressed_content().map_err(|e| {
            t!(
                "import-pdf-image-damaged",
                error = crate::support::i18n::error_text(&e)
            )
        })?;
        let img = if components == 3 {
            image::RgbImage::from_raw(width, height, pixels).map(image::DynamicImage::ImageRgb8)
        } else {
            image::GrayImage::from_raw(width, height, pixels).map(image::DynamicImage::ImageLuma8)
        };
        images::to_png(&img.ok_or_else(|| t!("import-pdf-image-size-mismatch"))?)
    })())
}

/// Colour components of an `[/ICCBased ref]` colour space (its `/N`).
fn icc_components(doc: &lopdf::Document, id: ObjectId) -> i64 {
    doc.get_object(id)
        .ok()
        .and_then(|o| o.as_stream().ok())
        .and_then(|s| s.dict.get(b"N").ok())
        .and_then(|n| n.as_i64().ok())
        .unwrap_or(0)
}

/// Lines and images in reading order → blocks.
/// Leaves out the images drawn more than once (a logo on every page);
/// how many were left out.
fn drop_repeated(placed: &mut Vec<Placed>) -> usize {
    use std::collections::HashMap;
    let mut count: HashMap<Vec<u8>, usize> = HashMap::new();
    for p in placed.iter() {
        if let Ok(i) = &p.image {
            *count.entry(i.bytes.clone()).or_default() += 1;
        }
    }
    let before = placed.len();
    placed.retain(|p| match &p.image {
        Ok(i) => count.get(&i.bytes).is_none_or(|n| *n < 2),
        Err(_) => true,
    });
    before - placed.len()
}

fn blocks(
    lines: Vec<Line>,
    placed: Vec<Placed>,
    rules: &[Rule],
    warnings: &mut Vec<String>,
) -> Vec<Block> {
    enum Piece {
        Line(Line),
        Image(Result<Image, String>),
    }
    let mut pieces: Vec<(u32, f64, Piece)> = lines
        .into_iter()
        .map(|l| (l.page, l.y, Piece::Line(l)))
        .collect();
    pieces.extend(
        placed
            .into_iter()
            .map(|p| (p.page, p.y, Piece::Image(p.image))),
    );
    pieces.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut out = Vec::new();
    let mut run: Vec<Line> = Vec::new();
    for (_, _, piece) in pieces {
        match piece {
            Piece::Line(l) => run.push(l),
            Piece::Image(img) => {
                out.extend(text_blocks(std::mem::take(&mut run), rules));
                match img {
                    Ok(i) => out.push(Block::Image(i)),
                    Err(why) => warnings.push(t!("import-pdf-image-left-out", why = why)),
                }
            }
        }
    }
    out.extend(text_blocks(run, rules));
    out
}

fn is_page_number(t: &str) -> bool {
    let t = t.trim();
    (1..=4).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
}

fn is_caption(t: &str) -> bool {
    t.starts_with("Cuadro ") || t.starts_with("CUADRO ")
}

/// A run of text lines → paragraphs and tables.
fn text_blocks(lines: Vec<Line>, rules: &[Rule]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para: Vec<String> = Vec::new();
    let mut prev: Option<&Line> = None;
    let mut i = 0;
    let flush = |para: &mut Vec<String>, out: &mut Vec<Block>| {
        if !para.is_empty() {
            out.push(Block::Para(linked(&para.join(" "))));
            para.clear();
        }
    };
    while i < lines.len() {
        let l = &lines[i];
        let text = l.text();
        let gap_break = prev.is_some_and(|p| {
            if p.page != l.page {
                // A paragraph that runs over a page break goes on.
                p.text().ends_with(['.', ':', ';', '!', '?'])
            } else {
                l.y - p.y > l.size * 1.45
            }
        });
        let starts_block = is_caption(&text)
            || text.starts_with("Fuente:")
            || text.starts_with("Foto:")
            || starts_numbered(&text);
        if gap_break || starts_block {
            flush(&mut para, &mut out);
        }
        para.push(text.clone());
        prev = Some(l);
        i += 1;
        if is_caption(&text) {
            // The caption itself may wrap: its lines follow closely.
            while i < lines.len()
                && lines[i].cells.len() == 1
                && lines[i].y - lines[i - 1].y <= lines[i].size * 1.45
                && !looks_like_header(&lines, i)
            {
                para.push(lines[i].text());
                i += 1;
            }
            flush(&mut para, &mut out);
            let end = table_end(&lines, i);
            if let Some((t, used)) = table(&lines[i..end], rules) {
                out.push(Block::Table(t));
                i += used;
            }
            prev = lines.get(i.wrapping_sub(1));
        }
    }
    flush(&mut para, &mut out);
    out
}

/// A table's header follows a caption: a line with two cells.
fn looks_like_header(lines: &[Line], i: usize) -> bool {
    lines[i].cells.len() > 1
}

/// `01. …` or `01.1 …` at the start of a line: a heading, its own block.
fn starts_numbered(t: &str) -> bool {
    let num = t.split(' ').next().unwrap_or("");
    num.len() >= 2
        && num.len() <= 6
        && num.starts_with(|c: char| c.is_ascii_digit())
        && num.contains('.')
        && num.chars().all(|c| c.is_ascii_digit() || c == '.')
        && t.len() > num.len()
}

/// Where the table after a caption ends: its `Fuente:` line, the next
/// caption or heading, a new page's first line far from the table, or a
/// wide gap before a line with a single cell.
fn table_end(lines: &[Line], start: usize) -> usize {
    let mut i = start;
    while i < lines.len() {
        let t = lines[i].text();
        if t.starts_with("Fuente:")
            || is_caption(&t)
            || starts_numbered(&t)
            || t.starts_with("Foto:")
        {
            return i;
        }
        if i > start {
            let (p, l) = (&lines[i - 1], &lines[i]);
            if p.page == l.page && l.y - p.y > l.size * 3.5 && l.cells.len() == 1 {
                return i;
            }
        }
        i += 1;
    }
    i
}

/// Table lines → rows of cells, and how many of the lines the table takes.
/// A table with borders is read by them: each band between two ruled
/// lines is a row, whatever the number of lines of each of its cells and
/// wherever its number sits; each cell's lines join in reading order. A
/// header repeated on a new page is read once. A table without borders
/// is read by its spacing (`spaced_rows`).
fn table(lines: &[Line], rules: &[Rule]) -> Option<(Vec<Vec<String>>, usize)> {
    if let Some(ruled) = ruled_rows(lines, rules) {
        return Some(ruled);
    }
    spaced_rows(lines).map(|rows| (rows, lines.len()))
}

/// Where the value column starts: the leftmost start of a line's last
/// cell, among lines with more than one cell (a label and its number, or
/// the header's title and unit, however wide the unit is).
fn value_column(lines: &[Line]) -> f64 {
    lines
        .iter()
        .filter(|l| l.cells.len() > 1)
        .filter_map(|l| l.cells.last().map(|c| c.0))
        .fold(f64::INFINITY, f64::min)
}

/// Rules merged: one per line drawn, pieces of one border (each cell's
/// edge drawn apart) joined, a thin box's two edges taken once.
fn merged(mut rules: Vec<Rule>) -> Vec<Rule> {
    rules.sort_by(|a, b| {
        (a.page, a.across)
            .cmp(&(b.page, b.across))
            .then(a.at.total_cmp(&b.at))
            .then(a.from.total_cmp(&b.from))
    });
    let mut out: Vec<Rule> = Vec::new();
    for r in rules {
        match out
            .iter_mut()
            .rev()
            .take_while(|o| o.page == r.page && o.across == r.across && r.at - o.at <= 1.5)
            .find(|o| r.from <= o.to + 3.0 && r.to >= o.from - 3.0)
        {
            Some(o) => {
                o.from = o.from.min(r.from);
                o.to = o.to.max(r.to);
            }
            None => out.push(r),
        }
    }
    out
}

/// A row's band: page, the top and bottom rules' y, their left and right ends.
type Band = (u32, f64, f64, f64, f64);

/// The band of a page's horizontal rules a line sits in.
fn band_of(line: &Line, across: &[Rule]) -> Option<Band> {
    let left = line.cells.first()?.0;
    let right = line.cells.last()?.1;
    // The middle of the glyphs, above the baseline.
    let mid = line.y - line.size * 0.35;
    let spans = |r: &&Rule| r.page == line.page && r.from <= left + 1.0 && r.to >= right - 1.0;
    let above = across
        .iter()
        .filter(spans)
        .filter(|r| r.at < mid)
        .max_by(|a, b| a.at.total_cmp(&b.at))?;
    let below = across
        .iter()
        .filter(spans)
        .filter(|r| r.at > mid)
        .min_by(|a, b| a.at.total_cmp(&b.at))?;
    // A band taller than a dozen lines is not a table's row: the page's
    // text between two tables, say.
    (below.at - above.at < line.size * 12.0).then_some((
        line.page,
        above.at,
        below.at,
        above.from.max(below.from),
        above.to.min(below.to),
    ))
}

/// Rows read from a table's borders; `None` when the table has none.
fn ruled_rows(lines: &[Line], rules: &[Rule]) -> Option<(Vec<Vec<String>>, usize)> {
    let pages: Vec<u32> = lines.iter().map(|l| l.page).collect();
    let near = |r: &&Rule| pages.contains(&r.page);
    let across = merged(
        rules
            .iter()
            .filter(near)
            .filter(|r| r.across)
            .copied()
            .collect(),
    );
    let down: Vec<Rule> = rules
        .iter()
        .filter(near)
        .filter(|r| !r.across)
        .copied()
        .collect();
    // The lines the borders hold, each with its band, up to the first
    // line outside them (the text after a table with no `Fuente:`).
    let mut banded: Vec<(&Line, Band)> = Vec::new();
    for l in lines {
        match band_of(l, &across) {
            Some(b) => banded.push((l, b)),
            None => break,
        }
    }
    if banded.is_empty() {
        return None;
    }
    let used = banded.len();
    let held: Vec<Line> = banded.iter().map(|(l, _)| (*l).clone()).collect();
    let split = value_column(&held);
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut k = 0;
    while k < banded.len() {
        let band = banded[k].1;
        let mut end = k;
        while end < banded.len() && banded[end].1 == band {
            end += 1;
        }
        let band_lines: Vec<&Line> = banded[k..end].iter().map(|(l, _)| *l).collect();
        rows.push(band_cells(&band_lines, band, &down, split));
        k = end;
    }
    // A header repeated at the top of each page is the same row again.
    if let Some(header) = rows.first().cloned() {
        let is_header = header
            .last()
            .is_some_and(|c| super::recognise::parse_count(c).is_err());
        if is_header && rows.len() > 1 {
            let mut first = true;
            rows.retain(|r| std::mem::replace(&mut first, false) || *r != header);
        }
    }
    let rows = rows
        .into_iter()
        .map(|r| r.iter().map(|c| strip_links(c)).collect())
        .collect();
    Some((rows, used))
}

/// The cells of one row: its lines' pieces by column, joined top to
/// bottom. Columns come from the vertical borders inside the band when
/// drawn, else from where the value column starts (`split`).
fn band_cells(lines: &[&Line], band: Band, down: &[Rule], split: f64) -> Vec<String> {
    let (page, top, bottom, left, right) = band;
    // The vertical borders crossing this band, inside the table's edges.
    let mut walls: Vec<f64> = down
        .iter()
        .filter(|r| r.page == page && r.from <= top + 1.0 && r.to >= bottom - 1.0)
        .map(|r| r.at)
        .filter(|x| *x > left + 2.0 && *x < right - 2.0)
        .collect();
    walls.sort_by(f64::total_cmp);
    walls.dedup_by(|a, b| (*a - *b).abs() < 2.0);
    let column = |x0: f64, x1: f64, size: f64| -> usize {
        if walls.is_empty() {
            usize::from(split.is_finite() && x0 >= split - size * 0.5)
        } else {
            let mid = (x0 + x1) / 2.0;
            walls.iter().filter(|w| **w < mid).count()
        }
    };
    let columns = if walls.is_empty() { 2 } else { walls.len() + 1 };
    let mut cells = vec![String::new(); columns];
    for l in lines {
        for c in &l.cells {
            let i = column(c.0, c.1, l.size).min(columns - 1);
            if !cells[i].is_empty() {
                cells[i].push(' ');
            }
            cells[i].push_str(&c.2);
        }
    }
    cells
}

/// A table without borders → rows of cells. The value column starts where
/// the rightmost cells start; a row starts at a line with a value or after
/// a gap wider than a line; lines in between extend the row's cells.
fn spaced_rows(lines: &[Line]) -> Option<Vec<Vec<String>>> {
    if lines.is_empty() {
        return None;
    }
    // No line with a number beside its label: every cell is a label, and
    // the rows are kept for the editor to fill in, never dropped.
    let split = value_column(lines);
    let mut rows: Vec<[String; 2]> = Vec::new();
    let mut row_has_value = false;
    for (k, l) in lines.iter().enumerate() {
        let (mut left, mut right) = (Vec::new(), Vec::new());
        for c in &l.cells {
            if c.0 >= split - l.size * 0.5 {
                right.push(c.2.as_str());
            } else {
                left.push(c.2.as_str());
            }
        }
        let gap = k > 0 && (lines[k - 1].page != l.page || l.y - lines[k - 1].y > l.size * 1.45);
        // The header's unit may wrap too: only a number starts the first row.
        let numeric = right
            .last()
            .is_some_and(|t| super::recognise::parse_count(t).is_ok());
        let new_row = rows.is_empty()
            || gap
            || (!right.is_empty() && row_has_value && (numeric || rows.len() > 1));
        if new_row {
            rows.push([String::new(), String::new()]);
            row_has_value = false;
        }
        if let Some(r) = rows.last_mut() {
            for (cell, parts) in r.iter_mut().zip([left, right]) {
                for p in parts {
                    if !cell.is_empty() {
                        cell.push(' ');
                    }
                    cell.push_str(p);
                }
            }
            row_has_value |= !r[1].is_empty();
        }
    }
    Some(
        rows.into_iter()
            .map(|r| r.iter().map(|c| strip_links(c)).collect())
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(page: u32, y: f64, cells: &[(f64, &str)]) -> Line {
        Line {
            page,
            y,
            size: 11.0,
            cells: cells
                .iter()
                .map(|(x, t)| (*x, *x + 10.0, t.to_string()))
                .collect(),
        }
    }

    fn texts(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Para(i) => super::super::doc::plain(i),
                Block::Table(t) => format!("{t:?}"),
                Block::Image(_) => "image".into(),
            })
            .collect()
    }

    #[test]
    fn paragraphs_join_lines_and_page_breaks_mid_sentence() {
        let blocks = text_blocks(
            vec![
                line(1, 100.0, &[(72.0, "Se realizó una reunión")]),
                line(1, 113.0, &[(72.0, "de planificación")]),
                line(2, 72.0, &[(72.0, "con la OIM.")]),
                line(2, 100.0, &[(72.0, "Otro párrafo.")]),
            ],
            &[],
        );
        assert_eq!(
            texts(&blocks),
            [
                "Se realizó una reunión de planificación con la OIM.",
                "Otro párrafo."
            ]
        );
    }

    #[test]
    fn link_marks_become_links() {
        use crate::import::doc::Inline;
        let text =
            format!("Ver {LINK_START}la página{LINK_URL}https://a.gt/{LINK_END} y https://b.gt.");
        assert_eq!(
            linked(&text),
            vec![
                Inline::Text("Ver ".into()),
                Inline::Link {
                    text: "la página".into(),
                    url: "https://a.gt/".into()
                },
                Inline::Text(" y ".into()),
                Inline::Link {
                    text: "https://b.gt".into(),
                    url: "https://b.gt".into()
                },
                Inline::Text(".".into()),
            ]
        );
        assert_eq!(strip_links(&text), "Ver la página y https://b.gt.");
    }

    #[test]
    fn table_rows_from_layout() {
        let blocks = text_blocks(
            vec![
                line(1, 100.0, &[(72.0, "Cuadro 1. Visas.")]),
                line(1, 130.0, &[(72.0, "Visas"), (300.0, "Cantidad de")]),
                line(1, 143.0, &[(300.0, "documentos")]),
                line(1, 165.0, &[(72.0, "Visas emitidas a"), (380.0, "1,350")]),
                line(1, 178.0, &[(72.0, "personas de otros")]),
                line(1, 191.0, &[(72.0, "países")]),
                line(1, 213.0, &[(72.0, "Negadas")]),
                line(1, 235.0, &[(72.0, "Total"), (380.0, "1350")]),
                line(1, 260.0, &[(72.0, "Fuente: Planificación.")]),
            ],
            &[],
        );
        let rows = |r: &[[&str; 2]]| -> Vec<Vec<String>> {
            r.iter()
                .map(|c| c.iter().map(|s| s.to_string()).collect())
                .collect()
        };
        assert_eq!(
            blocks[1],
            Block::Table(rows(&[
                ["Visas", "Cantidad de documentos"],
                ["Visas emitidas a personas de otros países", "1,350"],
                ["Negadas", ""],
                ["Total", "1350"],
            ]))
        );
        assert_eq!(texts(&blocks[2..]), ["Fuente: Planificación."]);
    }
}
