//! What a PDF's pages draw besides text, read from lopdf's content
//! streams: images with their place on the page, and ruled lines.

use crate::import::doc::Image;
use crate::import::{Limits, images};
use crate::t;
use lopdf::content::Content;
use lopdf::{Object, ObjectId};

/// An image drawn on a page, with the top of where it was drawn.
pub(super) struct Placed {
    id: ObjectId,
    pub(super) page: u32,
    pub(super) y: f64,
    pub(super) image: Result<Image, String>,
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
pub(super) struct Graphics {
    pub(super) placed: Vec<Placed>,
    pub(super) rules: Vec<Rule>,
    /// Draws of images drawn more than once (each decoded once, then left out).
    pub(super) drawn_again: usize,
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
pub(super) fn page_graphics(doc: &lopdf::Document, limits: &Limits) -> Result<Graphics, String> {
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

/// The top edge of a page's media box in PDF units (y counts up from the
/// bottom), A4's 842 when the page does not say.
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

/// Leaves out the images drawn more than once (a logo on every page);
/// how many were left out.
pub(super) fn drop_repeated(placed: &mut Vec<Placed>) -> usize {
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
