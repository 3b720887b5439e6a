//! SVG text → PNG bytes, with resvg and the fonts bundled in `assets/fonts`
//! (Liberation Sans 2, SIL OFL 1.1): never the machine's fonts, so a
//! picture is the same pixels on every machine that builds it. Pure: no
//! file is read or written here.

use super::patches::Patches;
use resvg::tiny_skia::Pixmap;
use resvg::usvg;
use rustc_hash::FxHashMap;
use std::sync::{Arc, OnceLock};

/// Liberation Sans, regular and bold, inside the binary.
const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Bold.ttf");
/// The family every text falls back to (the only one there is).
pub const FAMILY: &str = "Liberation Sans";

/// The bundled fonts, loaded once per run and shared by every worker.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_font_data(REGULAR.to_vec());
            db.load_font_data(BOLD.to_vec());
            db.set_sans_serif_family(FAMILY);
            db.set_serif_family(FAMILY);
            db.set_monospace_family(FAMILY);
            db.set_cursive_family(FAMILY);
            db.set_fantasy_family(FAMILY);
            Arc::new(db)
        })
        .clone()
}

/// Why an SVG could not become a PNG (faro's own SVG: a bug, not the
/// editor's mistake, but said as a value rather than a panic).
#[derive(Debug)]
pub enum RasterError {
    Parse(String),
    Size,
    Encode(String),
}

impl std::fmt::Display for RasterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RasterError::Parse(e) => write!(f, "SVG: {e}"),
            RasterError::Size => write!(f, "SVG: size"),
            RasterError::Encode(e) => write!(f, "PNG: {e}"),
        }
    }
}

/// Draws `svg` at its own size on white and encodes it as a 256-colour
/// PNG, unfiltered. A picture is a few flat colours and their anti-aliased
/// edges, which a palette of 256 keeps to the eye; on the bundled site the
/// 26 pictures are 816 KB instead of 1,735 KB as 8-bit RGB (PNG's row
/// filters only get in the way of a palette: 1,040 KB with them). That
/// matters on the 1,200-report archive and to a reader whose chat fetches
/// the picture on a slow connection (docs/output-files.md).
pub fn png(svg: &str, patches: &Patches) -> Result<Vec<u8>, RasterError> {
    let pixmap = drawn(&tree(svg)?, patches)?;
    // Opaque (white below everything), so premultiplied equals straight.
    let (palette, indices) = quantised(pixmap.data());
    encode(&palette, &indices, pixmap.width(), pixmap.height())
        .map_err(|e| RasterError::Encode(e.to_string()))
}

/// `svg` parsed, its text laid out in the bundled fonts.
fn tree(svg: &str) -> Result<usvg::Tree, RasterError> {
    let options = usvg::Options {
        font_family: FAMILY.to_string(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| RasterError::Parse(e.to_string()))
}

/// `tree` drawn at its own size on white: what `resvg::render` does, node
/// by node, with text seen before copied rather than drawn again (the
/// same pixels, `patches`).
fn drawn(tree: &usvg::Tree, patches: &Patches) -> Result<Pixmap, RasterError> {
    let mut pixmap = white(tree)?;
    for node in tree.root().children() {
        patches.draw(node, &mut pixmap);
    }
    Ok(pixmap)
}

/// A white canvas of `tree`'s size.
fn white(tree: &usvg::Tree) -> Result<Pixmap, RasterError> {
    let size = tree.size().to_int_size();
    let mut pixmap = Pixmap::new(size.width(), size.height()).ok_or(RasterError::Size)?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    Ok(pixmap)
}

/// `rgba`'s palette (RGB, at most 256 colours) and each pixel's index in it.
///
/// A picture has some thousands of distinct colours among its 756,000
/// pixels: a few flat ones, and their blends along the edges of text and
/// lines. Up to 256 the palette is exact. Beyond, NeuQuant learns one from
/// the distinct colours alone, each given once per doubling of its count
/// (white, in half a million pixels, 20 times; an edge's blend once), not
/// from the pixels: a hundredth of the work (trained on the pixels, it was
/// two thirds of a picture's time), and a flat colour still gets an entry
/// of its own.
fn quantised(rgba: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let runs = runs(rgba);
    let mut counts: FxHashMap<u32, u32> = FxHashMap::default();
    for &(colour, length) in &runs {
        *counts.entry(colour).or_default() += length;
    }
    let mut colours: Vec<(u32, u32)> = counts.into_iter().collect();
    // In a fixed order, so that the same picture gives the same bytes.
    colours.sort_unstable();
    let (palette, index): (Vec<u8>, FxHashMap<u32, u8>) = if colours.len() <= 256 {
        let palette = colours
            .iter()
            .flat_map(|(c, _)| c.to_le_bytes().into_iter().take(3))
            .collect();
        let index = colours
            .iter()
            .enumerate()
            .map(|(i, (c, _))| (*c, i as u8))
            .collect();
        (palette, index)
    } else {
        let training: Vec<u8> = colours
            .iter()
            .flat_map(|(c, n)| std::iter::repeat_n(c.to_le_bytes(), 1 + n.ilog2() as usize))
            .flatten()
            .collect();
        let quantiser = color_quant::NeuQuant::new(1, 256, &training);
        let index = colours
            .iter()
            .map(|(c, _)| (*c, quantiser.index_of(&c.to_le_bytes()) as u8))
            .collect();
        (quantiser.color_map_rgb(), index)
    };
    let mut indices = Vec::with_capacity(rgba.len() / 4);
    for (colour, length) in runs {
        let i = index.get(&colour).copied().unwrap_or(0);
        indices.resize(indices.len() + length as usize, i);
    }
    (palette, indices)
}

/// `rgba`'s pixels as runs of one colour, in order: (colour as an opaque
/// RGBA word, how many pixels). A picture's rows are mostly long runs of
/// one flat colour, so the work after this pass is per run, not per pixel:
/// this pass was a fifth of a picture's time when the pixels were first
/// gathered into a vector and then split into runs, twice.
fn runs(rgba: &[u8]) -> Vec<(u32, u32)> {
    let mut runs = Vec::new();
    let mut pixels = rgba
        .chunks_exact(4)
        .map(|p| u32::from_le_bytes([p[0], p[1], p[2], 255]));
    let Some(mut colour) = pixels.next() else {
        return runs;
    };
    let mut length = 1;
    for next in pixels {
        if next == colour {
            length += 1;
        } else {
            runs.push((colour, length));
            (colour, length) = (next, 1);
        }
    }
    runs.push((colour, length));
    runs
}

/// The zlib level of a picture's PNG (see [`encode`]).
const DEFLATE_LEVEL: u8 = 5;

fn encode(
    palette: &[u8],
    indices: &[u8],
    width: u32,
    height: u32,
) -> Result<Vec<u8>, ::png::EncodingError> {
    let mut out = Vec::with_capacity(indices.len() / 16);
    let mut encoder = ::png::Encoder::new(&mut out, width, height);
    encoder.set_color(::png::ColorType::Indexed);
    encoder.set_depth(::png::BitDepth::Eight);
    encoder.set_palette(palette.to_vec());
    // zlib level 5, not the default 6: on 150 of the 1,200-report
    // archive's pictures, deflate took 1.7 ms a picture instead of 2.3 for
    // 0.3 % more bytes (level 4: 1.4 ms, 5.6 % more; 9: 12 ms, 4 % fewer).
    encoder.set_deflate_compression(::png::DeflateCompression::Level(DEFLATE_LEVEL));
    encoder.set_filter(::png::Filter::NoFilter);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(indices)?;
    writer.finish()?;
    Ok(out)
}

/// The width and height a PNG's header states, if `bytes` starts as a PNG
/// does and ends with its closing chunk (a whole file, not a cut one).
pub fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    const IEND: &[u8] = b"\0\0\0\0IEND\xae\x42\x60\x82";
    if !bytes.starts_with(SIGNATURE) || !bytes.ends_with(IEND) || &bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    let word = |at: usize| Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?));
    Some((word(16)?, word(20)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_svg_becomes_a_png_of_its_size_with_text_drawn() {
        let blank = r#"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"></svg>"#;
        let text = r#"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="4" y="30" font-size="28" font-family="Arial">Año</text></svg>"#;
        let (blank, text) = (
            png(blank, &Patches::default()).unwrap(),
            png(text, &Patches::default()).unwrap(),
        );
        assert_eq!(png_size(&text), Some((120, 40)));
        // The text is drawn (from the bundled font, not the system's).
        assert_ne!(blank, text);
        assert_eq!(png_size(&text[..text.len() - 1]), None);
    }

    /// `tree` drawn by `resvg::render`, all at once: what drawing it node
    /// by node with patches must give.
    fn drawn_whole(tree: &usvg::Tree) -> Pixmap {
        let mut pixmap = white(tree).unwrap();
        resvg::render(
            tree,
            resvg::tiny_skia::Transform::default(),
            &mut pixmap.as_mut(),
        );
        pixmap
    }

    #[test]
    fn text_from_a_patch_is_the_pixels_drawing_it_gives() {
        // Text at fractional places on bands of colour; drawn in place:
        // one across two colours, one turned, one outlined, one running
        // off the picture's right edge.
        let svg = |figure: &str| {
            format!(
                r##"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200"><rect width="400" height="60" fill="#12355b"/><rect y="160" width="400" height="40" fill="#a4161a"/><text x="10.3" y="40.7" font-size="27.5" font-weight="bold" fill="#ffffff">Instituto Guatemalteco</text><text x="13.71" y="110.2" font-size="46" fill="#1a1a1a">{figure}</text><text x="200.5" y="71.25" font-size="24" fill="#4d4d4d">Cruza la banda</text><text x="300" y="120" font-size="20" transform="rotate(-20 300 120)">Girado</text><text x="250.4" y="150" font-size="30" fill="none" stroke="#000">Borde</text><text x="20.25" y="185.6" font-size="22" font-weight="bold" fill="#ffffff">DATOS DE EJEMPLO</text><text x="330.5" y="140" font-size="24">Más allá del borde</text></svg>"##
            )
        };
        let patches = Patches::default();
        for figure in [
            "1,735", "5,156", "1,735", "1,735", "1,735", "1,735", "70,770",
        ] {
            let tree = tree(&svg(figure)).unwrap();
            let patched = drawn(&tree, &patches).unwrap();
            assert!(
                patched.data() == drawn_whole(&tree).data(),
                "{figure}: not the pixels resvg draws"
            );
        }
        // The band's text, the sample band's and "1,735", each met four times.
        assert_eq!(patches.made(), 3);
    }

    #[test]
    fn report_pictures_from_patches_are_the_pictures_drawn_whole() {
        use super::super::draw::{self, Figure, Frame};
        let frame = Frame {
            institution: "Instituto Guatemalteco de Migración",
            site_title: "Informes de actividades relevantes",
            address: "migracion.gob.gt/informes",
            sample: true,
        };
        let patches = Patches::default();
        for (month, value) in [("Enero", 158), ("Febrero", 1_204), ("Marzo", 98_431)]
            .iter()
            .cycle()
            .take(7)
        {
            let figures = [
                Figure {
                    value: Some(*value),
                    label: "Visas emitidas",
                    unit: "Cantidad de documentos",
                },
                Figure {
                    value: None,
                    label: "Migrantes atendidos en albergues y centros",
                    unit: "Cantidad de personas",
                },
            ];
            let svg = draw::report(
                &frame,
                "Informe de actividades relevantes",
                &format!("{month} de 2024"),
                &figures,
            );
            let tree = tree(&svg).unwrap();
            assert!(
                drawn(&tree, &patches).unwrap().data() == drawn_whole(&tree).data(),
                "{month}"
            );
        }
        assert!(patches.made() > 5, "{} patches", patches.made());
    }

    #[test]
    fn pixels_become_runs_of_one_colour_in_order() {
        let (a, b) = ([1, 2, 3, 255], [9, 9, 9, 255]);
        // The alpha byte is not the colour's: the picture is opaque.
        let a_translucent = [1, 2, 3, 7];
        let rgba: Vec<u8> = [a, a, b, a_translucent, a, b].concat();
        let word = |p: [u8; 4]| u32::from_le_bytes([p[0], p[1], p[2], 255]);
        assert_eq!(
            runs(&rgba),
            vec![(word(a), 2), (word(b), 1), (word(a), 2), (word(b), 1)]
        );
        assert_eq!(runs(&a), vec![(word(a), 1)]);
        assert_eq!(runs(&[]), vec![]);
    }

    #[test]
    fn few_colours_are_kept_exactly() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="20" height="20" fill="#123456"/></svg>"##;
        let img = image::load_from_memory(&png(svg, &Patches::default()).unwrap())
            .unwrap()
            .to_rgb8();
        assert_eq!(img.get_pixel(5, 5).0, [0x12, 0x34, 0x56]);
        assert_eq!(img.get_pixel(30, 5).0, [255, 255, 255]);
    }

    #[test]
    fn a_picture_is_a_palette_png_whose_colours_stay_close() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><rect width="300" height="40" fill="#1b365d"/><rect y="90" width="300" height="10" fill="#a4161a"/><text x="10" y="80" font-size="30">Enero 2024: 1.508</text></svg>"##;
        let bytes = png(svg, &Patches::default()).unwrap();
        // IHDR's colour type: 3 is indexed (a palette).
        assert_eq!(bytes[25], 3, "a palette PNG");
        let img = image::load_from_memory(&bytes).unwrap().to_rgb8();
        let near = |x: u32, y: u32, want: [u8; 3]| {
            let p = img.get_pixel(x, y).0;
            assert!(
                p.iter().zip(want).all(|(a, b)| a.abs_diff(b) <= 6),
                "({x}, {y}): {p:?}, not {want:?}"
            );
        };
        near(5, 5, [0x1b, 0x36, 0x5d]);
        near(150, 95, [0xa4, 0x16, 0x1a]);
        near(290, 60, [255, 255, 255]);
    }
}
