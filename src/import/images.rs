//! Images as faro publishes them: a JPEG stream is kept as it is (no
//! recompression, no quality lost), PNG too; anything else the image crate
//! can decode becomes PNG.

use super::doc::Image;

/// The image in `bytes`, as a JPEG or PNG file's bytes.
pub fn publishable(bytes: &[u8]) -> Result<Image, String> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Image {
            bytes: bytes.to_vec(),
            ext: "jpg",
        });
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(Image {
            bytes: bytes.to_vec(),
            ext: "png",
        });
    }
    let img = image::load_from_memory(bytes).map_err(|e| {
        crate::t!(
            "import-image-unsupported",
            error = crate::support::i18n::error_text(&e)
        )
    })?;
    to_png(&img)
}

/// Encodes decoded pixels as PNG.
pub fn to_png(img: &image::DynamicImage) -> Result<Image, String> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .map_err(|e| {
            crate::t!(
                "import-image-png-failed",
                error = crate::support::i18n::error_text(&e)
            )
        })?;
    Ok(Image {
        bytes: out.into_inner(),
        ext: "png",
    })
}
