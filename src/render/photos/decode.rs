//! Pixels in: an original's bytes checked (format, size from the header,
//! JPEG completeness) and decoded upright, as RGB8 or RGBA8.

use super::problem::Problem;
use crate::t;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};
use std::io::{self, Cursor};

/// Decodes an original, checking its size from the header first, and returns
/// it upright as RGB8, or RGBA8 when it has any transparency.
pub(super) fn decode(bytes: &[u8], max_pixels: u64) -> Result<DynamicImage, Problem> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(Problem::Unreadable)?;
    let format = match reader.format() {
        None => {
            return Err(Problem::Unsupported(t!("photo-kind-unknown")));
        }
        Some(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        Some(f) => {
            let name = f
                .extensions_str()
                .first()
                .map_or_else(|| format!("{f:?}"), |e| e.to_uppercase());
            return Err(Problem::Unsupported(t!("photo-kind-format", format = name)));
        }
    };
    let mut limits = Limits::default();
    // Generous for what the header check lets through (16-bit RGBA), yet a
    // bound on what a lying file can make the decoder allocate.
    limits.max_alloc = Some(max_pixels.saturating_mul(8).saturating_add(64 << 20));
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(from_image_error)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > max_pixels {
        return Err(Problem::TooLarge {
            width,
            height,
            limit: max_pixels,
        });
    }
    if width == 0 || height == 0 {
        return Err(Problem::Corrupt(t!("photo-why-no-pixels")));
    }
    if format == ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err(Problem::Corrupt(t!("photo-why-jpeg-truncated")));
    }
    // A damaged EXIF block should not cost the photo: keep it as stored.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(from_image_error)?;
    img.apply_orientation(orientation);
    Ok(if img.color().has_alpha() {
        let rgba = img.into_rgba8();
        if rgba.pixels().all(|p| p.0[3] == 255) {
            DynamicImage::ImageRgb8(DynamicImage::ImageRgba8(rgba).into_rgb8())
        } else {
            DynamicImage::ImageRgba8(rgba)
        }
    } else {
        DynamicImage::ImageRgb8(img.into_rgb8())
    })
}

fn from_image_error(e: ImageError) -> Problem {
    match e {
        ImageError::Unsupported(u) => {
            Problem::Unsupported(t!("photo-kind-variant", detail = u.to_string()))
        }
        ImageError::Limits(l) => Problem::Corrupt(t!("photo-why-memory", detail = l.to_string())),
        ImageError::IoError(io) if io.kind() != io::ErrorKind::UnexpectedEof => {
            Problem::Unreadable(io)
        }
        other => Problem::Corrupt(other.to_string()),
    }
}

/// Whether a JPEG's markers run to an end-of-image marker. zune-jpeg (lenient
/// mode) fills a truncated scan with grey instead of failing, so this catches
/// files cut short by an interrupted copy or upload.
pub(super) fn jpeg_is_complete(b: &[u8]) -> bool {
    if b.len() < 4 || b[0] != 0xFF || b[1] != 0xD8 {
        return false;
    }
    let mut i = 2;
    while i + 1 < b.len() {
        if b[i] != 0xFF {
            // Stray bytes between segments: tolerated, as libjpeg does.
            i += 1;
            continue;
        }
        let marker = b[i + 1];
        match marker {
            0xFF => i += 1, // fill byte
            0xD9 => return true,
            0x01 | 0xD0..=0xD7 => i += 2,
            _ => {
                if i + 3 >= b.len() {
                    return false;
                }
                let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
                i += 2 + len;
                if marker == 0xDA {
                    // Entropy-coded data: runs to the next marker that is neither
                    // a stuffed 0xFF00 nor a restart marker.
                    while i + 1 < b.len() {
                        if b[i] == 0xFF && b[i + 1] != 0x00 && !(0xD0..=0xD7).contains(&b[i + 1]) {
                            break;
                        }
                        i += 1;
                    }
                }
            }
        }
    }
    false
}
