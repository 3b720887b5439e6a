//! SVG text → PNG bytes, with resvg and the fonts bundled in `assets/fonts`
//! (Liberation Sans 2, SIL OFL 1.1): never the machine's fonts, so a
//! picture is the same pixels on every machine that builds it. Pure: no
//! file is read or written here.

use resvg::usvg;
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

/// Draws `svg` at its own size on white and encodes it as an opaque
/// 8-bit RGB PNG at the encoder's balanced level: half the bytes of the
/// fast level (1.73 MB against 3.65 MB for the bundled site's 26
/// pictures) in no measurably longer build; drawing, not encoding, is
/// what a picture costs (docs/output-files.md).
pub fn png(svg: &str) -> Result<Vec<u8>, RasterError> {
    let options = usvg::Options {
        font_family: FAMILY.to_string(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    let tree =
        usvg::Tree::from_str(svg, &options).map_err(|e| RasterError::Parse(e.to_string()))?;
    let size = tree.size().to_int_size();
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(size.width(), size.height()).ok_or(RasterError::Size)?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    // Opaque (white below everything), so premultiplied equals straight RGB.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    encode(&rgb, size.width(), size.height()).map_err(|e| RasterError::Encode(e.to_string()))
}

fn encode(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, ::png::EncodingError> {
    let mut out = Vec::with_capacity(rgb.len() / 8);
    let mut encoder = ::png::Encoder::new(&mut out, width, height);
    encoder.set_color(::png::ColorType::Rgb);
    encoder.set_depth(::png::BitDepth::Eight);
    encoder.set_compression(::png::Compression::Balanced);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(rgb)?;
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
        let (blank, text) = (png(blank).unwrap(), png(text).unwrap());
        assert_eq!(png_size(&text), Some((120, 40)));
        // The text is drawn (from the bundled font, not the system's).
        assert_ne!(blank, text);
        assert_eq!(png_size(&text[..text.len() - 1]), None);
    }
}
