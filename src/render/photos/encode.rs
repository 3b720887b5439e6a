//! Pixels out: the missing outputs of one photo resized (Lanczos3, each
//! from the next larger one) and encoded as lossy WebP (libwebp) and JPEG
//! (flattened on white), with no metadata, into its cache entry.

use super::cache::write_atomic;
use super::plan::{Plan, scaled_height};
use super::problem::Problem;
use fast_image_resize as fir;
use image::DynamicImage;
use std::path::Path;

/// libwebp's speed/size trade-off (0 fastest … 6 smallest; its default is 4).
/// Method 2 encodes about 2.5 times faster than 4 for files about 4% larger
/// at the same quality; 3 and up add rate-distortion passes that cost twice
/// the time for little gain on photographs.
const WEBP_METHOD: i32 = 2;

/// WebP cannot store images wider or taller than this.
const WEBP_MAX_SIDE: u32 = 16383;

/// Encodes every output of `img` that is not yet in the cache entry.
pub(super) fn encode_missing(img: DynamicImage, entry: &Path, plan: &Plan) -> Result<(), Problem> {
    let (w, h) = (img.width(), img.height());
    let variants = plan.variants(w);
    let missing: Vec<u32> = variants
        .all
        .iter()
        .rev()
        .copied()
        .filter(|width| {
            ["webp", "jpg"]
                .iter()
                .any(|ext| !entry.join(plan.file_name(*width, ext)).is_file())
        })
        .collect();
    let Some(&largest) = variants.all.last() else {
        return Ok(());
    };
    if missing.is_empty() {
        return Ok(());
    }
    let mut resizer = fir::Resizer::new();
    // The largest output is resized from the original, each smaller one from
    // the next larger one: the original is dropped early and every resize
    // reads as few pixels as it can. `missing` runs from large to small.
    let mut current = match resize(&mut resizer, &img, largest, scaled_height(w, h, largest))? {
        Some(resized) => resized,
        None => img,
    };
    for width in missing {
        let height = scaled_height(w, h, width);
        if let Some(resized) = resize(&mut resizer, &current, width, height)? {
            current = resized;
        }
        write_atomic(
            &entry.join(plan.file_name(width, "webp")),
            &encode_webp(&current, plan.quality)?,
        )?;
        write_atomic(
            &entry.join(plan.file_name(width, "jpg")),
            &encode_jpeg(&current, plan.quality)?,
        )?;
    }
    Ok(())
}

/// `src` resized to `width`×`height` with Lanczos3, or `None` when it already
/// has that size. Alpha is premultiplied while resizing.
fn resize(
    resizer: &mut fir::Resizer,
    src: &DynamicImage,
    width: u32,
    height: u32,
) -> Result<Option<DynamicImage>, Problem> {
    if src.width() == width && src.height() == height {
        return Ok(None);
    }
    let mut dst = match src {
        DynamicImage::ImageRgba8(_) => DynamicImage::new_rgba8(width, height),
        _ => DynamicImage::new_rgb8(width, height),
    };
    let options = fir::ResizeOptions::new()
        .resize_alg(fir::ResizeAlg::Convolution(fir::FilterType::Lanczos3));
    resizer
        .resize(src, &mut dst, &options)
        .map_err(|e| Problem::Encode(format!("resizing failed: {e}")))?;
    Ok(Some(dst))
}

fn encode_webp(img: &DynamicImage, quality: u8) -> Result<Vec<u8>, Problem> {
    use libwebp_sys as lw;
    let (w, h) = (img.width(), img.height());
    if w > WEBP_MAX_SIDE || h > WEBP_MAX_SIDE {
        return Err(Problem::Encode(format!(
            "a {w}×{h} output exceeds WebP's limit of {WEBP_MAX_SIDE} pixels per side; crop the photo"
        )));
    }
    let (pixels, channels) = match img {
        DynamicImage::ImageRgba8(rgba) => (rgba.as_raw(), 4),
        DynamicImage::ImageRgb8(rgb) => (rgb.as_raw(), 3),
        _ => return Err(Problem::Encode("unexpected pixel layout".into())),
    };
    let failed = |what: &str| Problem::Encode(format!("WebP encoder: {what}"));
    // `w`, `h` ≤ WEBP_MAX_SIDE, so these fit in a C int.
    let stride = (w * channels) as i32;
    if pixels.len() < (stride as usize) * (h as usize) {
        return Err(failed("pixel buffer too small"));
    }

    let mut config = lw::WebPConfig::new().map_err(|()| failed("cannot set up"))?;
    config.lossless = 0;
    config.quality = f32::from(quality);
    config.method = WEBP_METHOD;
    config.alpha_compression = 1;

    /// Owns libwebp's picture and output buffer, freeing both on every path.
    struct Encoding {
        picture: lw::WebPPicture,
        writer: lw::WebPMemoryWriter,
    }
    impl Drop for Encoding {
        fn drop(&mut self) {
            // SAFETY: both were initialised by libwebp and are freed once.
            unsafe {
                lw::WebPPictureFree(&mut self.picture);
                lw::WebPMemoryWriterClear(&mut self.writer);
            }
        }
    }

    // SAFETY: the picture and writer are initialised by libwebp before use;
    // `pixels` holds `stride * h` bytes and outlives the import, which copies
    // them; `custom_ptr` points at `enc.writer`, which stays in place (and
    // alive) until after WebPEncode returns.
    unsafe {
        if lw::WebPValidateConfig(&config) == 0 {
            return Err(failed("invalid settings"));
        }
        let mut writer = std::mem::MaybeUninit::<lw::WebPMemoryWriter>::uninit();
        lw::WebPMemoryWriterInit(writer.as_mut_ptr());
        let mut enc = Encoding {
            picture: lw::WebPPicture::new().map_err(|()| failed("cannot set up"))?,
            writer: writer.assume_init(),
        };
        // YUV straight from RGB(A): libwebp's fast path, with no ARGB copy.
        enc.picture.use_argb = 0;
        enc.picture.width = w as i32;
        enc.picture.height = h as i32;
        let imported = if channels == 4 {
            lw::WebPPictureImportRGBA(&mut enc.picture, pixels.as_ptr(), stride)
        } else {
            lw::WebPPictureImportRGB(&mut enc.picture, pixels.as_ptr(), stride)
        };
        if imported == 0 {
            return Err(failed("out of memory"));
        }
        enc.picture.writer = Some(lw::WebPMemoryWrite);
        enc.picture.custom_ptr = (&raw mut enc.writer).cast();
        if lw::WebPEncode(&config, &mut enc.picture) == 0 {
            return Err(failed(&format!("{:?}", enc.picture.error_code)));
        }
        if enc.writer.mem.is_null() {
            return Err(failed("no output"));
        }
        Ok(std::slice::from_raw_parts(enc.writer.mem, enc.writer.size).to_vec())
    }
}

fn encode_jpeg(img: &DynamicImage, quality: u8) -> Result<Vec<u8>, Problem> {
    let flattened;
    let rgb = match img {
        DynamicImage::ImageRgb8(rgb) => rgb,
        DynamicImage::ImageRgba8(rgba) => {
            flattened = flatten_on_white(rgba);
            &flattened
        }
        _ => return Err(Problem::Encode("unexpected pixel layout".into())),
    };
    let (Ok(w), Ok(h)) = (u16::try_from(rgb.width()), u16::try_from(rgb.height())) else {
        return Err(Problem::Encode(format!(
            "a {}×{} output exceeds JPEG's limit of 65535 pixels per side; crop the photo",
            rgb.width(),
            rgb.height()
        )));
    };
    let mut out = Vec::with_capacity(rgb.as_raw().len() / 8);
    // Baseline, standard Huffman tables, 4:2:0 chroma below quality 90 (4:4:4
    // from 90 up), like libjpeg; AVX2 when the processor has it. Writes only
    // a JFIF header: no metadata.
    let encoder = jpeg_encoder::Encoder::new(&mut out, quality);
    encoder
        .encode(rgb.as_raw(), w, h, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| Problem::Encode(format!("JPEG encoder: {e}")))?;
    Ok(out)
}

fn flatten_on_white(rgba: &image::RgbaImage) -> image::RgbImage {
    image::RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let a = u32::from(a);
        let mix = |c: u8| ((u32::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
        image::Rgb([mix(r), mix(g), mix(b)])
    })
}
