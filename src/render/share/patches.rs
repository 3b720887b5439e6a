//! Text drawn once per run. The share pictures repeat most of their text,
//! each time at the same place: the institution's band, the site's
//! address, the sample band, and in every report's picture the same
//! tables' labels and units. Filling glyph outlines was half of a
//! picture's drawing (a quarter of a first build's CPU on the 1,200-report
//! archive). A text met often is drawn once more, on its backdrop, into a
//! patch that every later picture with the same text at the same place on
//! the same flat colour takes as it is.
//!
//! A patch is the very pixels drawing the text there gives: the same
//! outlines moved by whole pixels (exact in floating point) over the same
//! colour, so the same coverage and the same blend. Only text at the top
//! of the drawing with no transform, group effect or pattern is patched;
//! anything else, or text over more than one colour, is drawn in place.
//! Tested against resvg drawing the whole picture (`raster::tests`); the
//! 1,200-report archive's 1,208 pictures were byte for byte the same.

use resvg::tiny_skia::{IntRect, Pixmap, PixmapMut, Rect, Transform};
use resvg::usvg;
use rustc_hash::FxHashMap;
use std::hash::Hasher;
use std::sync::{Arc, Mutex, MutexGuard};
use xxhash_rust::xxh3::Xxh3;

/// How many texts a run remembers having seen (a key of 16 bytes and a
/// count each; a picture has about twenty).
const MAX_SEEN: usize = 200_000;
/// How many bytes of patches a run keeps (the 1,200-report archive's
/// repeated texts take 3.7 MB, in 106 patches).
const MAX_BYTES: usize = 32 << 20;

/// The patches of one run, shared by the threads drawing its pictures.
#[derive(Debug, Default)]
pub struct Patches {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Every text seen, by its key ([`patchable`]).
    seen: FxHashMap<u128, Seen>,
    bytes: usize,
}

#[derive(Debug)]
enum Seen {
    /// How many times, before it has a patch.
    Times(u8),
    Patch(Arc<Patch>),
}

/// How many times a text is drawn in place before it gets a patch: a
/// picture's own figures and month are seldom met again, and their
/// patches (a large number is 40 KB) would only take memory. On the
/// 1,200-report archive, a patch at the second sighting kept 510 patches
/// (18 MB), at the fourth 106 (3.7 MB).
const DRAWN_BEFORE_PATCH: u8 = 3;

/// A text drawn on its backdrop: premultiplied RGBA rows of `rect`.
#[derive(Debug)]
struct Patch {
    rect: IntRect,
    pixels: Vec<u8>,
}

/// What to do with a text: the patch to copy, whether to make one (once
/// it was drawn [`DRAWN_BEFORE_PATCH`] times), or neither.
enum Found {
    Copy(Arc<Patch>),
    Make,
    DrawInPlace,
}

impl Patches {
    /// Draws `node`, one of the drawing's top-level nodes, onto `pixmap`:
    /// from a patch when it is a text met often, else as resvg draws it.
    pub fn draw(&self, node: &usvg::Node, pixmap: &mut Pixmap) {
        let Some((rect, backdrop, key)) = patchable(node, pixmap) else {
            return in_place(node, &mut pixmap.as_mut());
        };
        match self.find(key) {
            Found::Copy(patch) => copy(&patch, pixmap),
            Found::DrawInPlace => in_place(node, &mut pixmap.as_mut()),
            Found::Make => match make(node, rect, backdrop) {
                Some(patch) => {
                    let patch = Arc::new(patch);
                    copy(&patch, pixmap);
                    self.keep(key, patch);
                }
                None => in_place(node, &mut pixmap.as_mut()),
            },
        }
    }

    /// The run's state, even after a thread panicked holding it: at worst
    /// a count or a patch is missing, which only costs drawing again.
    fn state(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn find(&self, key: u128) -> Found {
        let mut state = self.state();
        let room = state.bytes < MAX_BYTES;
        let full = state.seen.len() >= MAX_SEEN;
        match state.seen.get_mut(&key) {
            Some(Seen::Patch(patch)) => Found::Copy(patch.clone()),
            Some(Seen::Times(n)) if *n >= DRAWN_BEFORE_PATCH && room => Found::Make,
            Some(Seen::Times(n)) => {
                *n = n.saturating_add(1);
                Found::DrawInPlace
            }
            None => {
                if !full {
                    state.seen.insert(key, Seen::Times(1));
                }
                Found::DrawInPlace
            }
        }
    }

    /// Frees every patch and what was seen.
    pub fn forget(&self) {
        let mut state = self.state();
        *state = State::default();
    }

    /// How many patches the run has made.
    #[cfg(test)]
    pub(super) fn made(&self) -> usize {
        let state = self.state();
        state
            .seen
            .values()
            .filter(|s| matches!(s, Seen::Patch(_)))
            .count()
    }

    fn keep(&self, key: u128, patch: Arc<Patch>) {
        let mut state = self.state();
        state.bytes += patch.pixels.len();
        state.seen.insert(key, Seen::Patch(patch));
    }
}

/// Draws `node` where it is, exactly as `resvg::render` does for a
/// top-level node: `render_node` moves the node by its box's corner, and
/// the transform moves it back (`x + -x` is exactly 0).
fn in_place(node: &usvg::Node, pixmap: &mut PixmapMut<'_>) {
    let Some(bbox) = node.abs_layer_bounding_box() else {
        return;
    };
    resvg::render_node(node, Transform::from_translate(bbox.x(), bbox.y()), pixmap);
}

/// Whether `node` is a text that can be patched on `pixmap` as it is now:
/// the whole pixels it may touch (a pixel of margin around its outlines'
/// points), the one colour they all are, and the text's key.
fn patchable(node: &usvg::Node, pixmap: &Pixmap) -> Option<(IntRect, [u8; 4], u128)> {
    let usvg::Node::Text(text) = node else {
        return None;
    };
    if !text.abs_transform().is_identity() {
        return None;
    }
    let mut outlines = Outlines {
        hash: Xxh3::new(),
        bounds: None,
    };
    outlines.group(text.flattened())?;
    // Every point inside (control points too): moving one by a whole
    // number of pixels is then exact (`make`).
    let bounds = outlines.bounds?;
    let rect = IntRect::from_ltrb(
        bounds.left().floor() as i32 - 1,
        bounds.top().floor() as i32 - 1,
        bounds.right().ceil() as i32 + 1,
        bounds.bottom().ceil() as i32 + 1,
    )?;
    let inside = rect.left() >= 0
        && rect.top() >= 0
        && rect.right() <= pixmap.width() as i32
        && rect.bottom() <= pixmap.height() as i32;
    if !inside {
        return None;
    }
    let backdrop = one_colour(pixmap, rect)?;
    let mut hash = outlines.hash;
    hash.write(&backdrop);
    Some((rect, backdrop, hash.digest128()))
}

/// A text's outlines as a hash of everything drawing them reads, and the
/// bounds of their points.
struct Outlines {
    hash: Xxh3,
    bounds: Option<Rect>,
}

impl Outlines {
    /// Adds `group`; `None` when it holds something a patch does not
    /// reproduce (a transform, an effect, a stroke, a gradient or pattern,
    /// an image).
    fn group(&mut self, group: &usvg::Group) -> Option<()> {
        if !group.transform().is_identity() || group.should_isolate() {
            return None;
        }
        self.hash.write_u8(b'g');
        for child in group.children() {
            match child {
                usvg::Node::Group(g) => self.group(g)?,
                usvg::Node::Path(path) => self.path(path)?,
                usvg::Node::Text(_) | usvg::Node::Image(_) => return None,
            }
        }
        self.hash.write_u8(b'e');
        Some(())
    }

    fn path(&mut self, path: &usvg::Path) -> Option<()> {
        if path.stroke().is_some() {
            return None;
        }
        let hash = &mut self.hash;
        hash.write_u8(b'p');
        hash.write_u8(u8::from(path.is_visible()));
        hash.write_u8(u8::from(path.rendering_mode().use_shape_antialiasing()));
        match path.fill() {
            None => hash.write_u8(0),
            Some(fill) => {
                let usvg::Paint::Color(c) = fill.paint() else {
                    return None;
                };
                hash.write(&[1, c.red, c.green, c.blue, fill.opacity().to_u8()]);
                hash.write_u8(u8::from(fill.rule() == usvg::FillRule::EvenOdd));
            }
        }
        let data = path.data();
        hash.write_usize(data.verbs().len());
        for verb in data.verbs() {
            hash.write_u8(*verb as u8);
        }
        hash.write_usize(data.points().len());
        for p in data.points() {
            hash.write_u32(p.x.to_bits());
            hash.write_u32(p.y.to_bits());
        }
        // A path's bounds are its points' (`Rect::from_points`).
        let b = data.bounds();
        self.bounds = Some(match self.bounds {
            None => b,
            Some(a) => Rect::from_ltrb(
                a.left().min(b.left()),
                a.top().min(b.top()),
                a.right().max(b.right()),
                a.bottom().max(b.bottom()),
            )?,
        });
        Some(())
    }
}

/// The colour every pixel of `rect` has, if they all have one.
fn one_colour(pixmap: &Pixmap, rect: IntRect) -> Option<[u8; 4]> {
    let data = pixmap.data();
    let stride = pixmap.width() as usize * 4;
    let (left, width) = (rect.left() as usize * 4, rect.width() as usize * 4);
    let first = rect.top() as usize * stride + left;
    let colour: [u8; 4] = data.get(first..first + 4)?.try_into().ok()?;
    for y in rect.top() as usize..rect.bottom() as usize {
        let row = data.get(y * stride + left..y * stride + left + width)?;
        if !row.chunks_exact(4).all(|p| p == colour) {
            return None;
        }
    }
    Some(colour)
}

/// `node` drawn on `backdrop` into a pixmap of `rect`'s size: moved by
/// whole pixels, `rect`'s corner to the origin.
fn make(node: &usvg::Node, rect: IntRect, backdrop: [u8; 4]) -> Option<Patch> {
    let bbox = node.abs_layer_bounding_box()?;
    let mut scratch = Pixmap::new(rect.width(), rect.height())?;
    for p in scratch.data_mut().chunks_exact_mut(4) {
        p.copy_from_slice(&backdrop);
    }
    // `render_node` moves the node by -bbox's corner; this moves it on by
    // (bbox's corner - rect's), both exact: the net move is -rect's corner.
    let back =
        Transform::from_translate(bbox.x() - rect.left() as f32, bbox.y() - rect.top() as f32);
    resvg::render_node(node, back, &mut scratch.as_mut())?;
    Some(Patch {
        rect,
        pixels: scratch.take(),
    })
}

/// Copies `patch` into `pixmap` at its place (inside, as [`patchable`]
/// checked).
fn copy(patch: &Patch, pixmap: &mut Pixmap) {
    let stride = pixmap.width() as usize * 4;
    let (left, width) = (
        patch.rect.left() as usize * 4,
        patch.rect.width() as usize * 4,
    );
    let data = pixmap.data_mut();
    for (i, row) in patch.pixels.chunks_exact(width).enumerate() {
        let at = (patch.rect.top() as usize + i) * stride + left;
        if let Some(target) = data.get_mut(at..at + width) {
            target.copy_from_slice(row);
        }
    }
}
