//! Photos: every photo a report uses is decoded once, turned upright (EXIF
//! orientation), resized to the configured widths (never upscaled) and written
//! as lossy WebP and JPEG with no metadata at all, plus a gallery thumbnail.
//!
//! Work runs on all cores (one decoded original per worker at a time) and is
//! cached by content hash in `cache_dir`, so an unchanged photo is never
//! decoded twice. Cache layout:
//!
//! ```text
//! <cache_dir>/<xxh3-128 of the original's bytes, seeded with ENCODER_VERSION, 32 hex>/
//!     meta                 "faro-photo 1\n<upright width> <upright height>\n"
//!     <width>-q<quality>.webp
//!     <width>-q<quality>.jpg
//! ```
//!
//! An output's file depends only on the original, its own width, the quality
//! and the encoder version, so changing `widths`, `thumbnail` or `quality`
//! encodes exactly the files that are missing. Cache files are written to a
//! temporary name and renamed, so an entry is never half-written. Outputs are
//! copied from the cache into `out_dir`, never hard-linked (see [`place`]).
//! After a successful run, cache entries no job of the run used are removed.
//!
//! One run at a time uses a cache: `faro serve` and `faro build` on the same
//! site take turns through a lock file (`<cache_dir>/.lock`), so neither
//! prunes or rewrites an entry the other is reading.

use crate::config::ImageSettings;
use crate::diag::{Diagnostic, Diagnostics};
use crate::{problem, t};
use fast_image_resize as fir;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs;
use std::io::{self, Cursor};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Bump whenever the pixels or bytes this module writes change (filter,
/// encoder options, colour handling): it is part of every cache key.
pub const ENCODER_VERSION: u64 = 2;

/// libwebp's speed/size trade-off (0 fastest … 6 smallest; its default is 4).
/// Method 2 encodes about 2.5 times faster than 4 for files about 4% larger
/// at the same quality; 3 and up add rate-distortion passes that cost twice
/// the time for little gain on photographs.
const WEBP_METHOD: i32 = 2;

/// WebP cannot store images wider or taller than this.
const WEBP_MAX_SIDE: u32 = 16383;

/// One use of a photo by a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoJob {
    /// The report file as shown in messages, e.g. `content/informes/2024/01/index.md`.
    pub report: PathBuf,
    /// The line of the report where the photo is referenced (1-based; 0 if unknown).
    pub line: usize,
    /// Absolute path of the original.
    pub source: PathBuf,
    /// Output base path relative to the site root, `/`-separated, without
    /// extension, e.g. `informes/2024/01/fotos/planificacion`. Files are written
    /// as `<output>-<width>.webp` and `<output>-<width>.jpg`.
    pub output: String,
}

/// One size of a photo, in both formats. Paths are relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Image {
    pub width: u32,
    pub height: u32,
    pub webp: String,
    pub jpeg: String,
}

/// Everything a page needs to show a photo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Processed {
    /// Upright size of the largest output.
    pub width: u32,
    pub height: u32,
    /// Ascending widths, deduplicated (widths above the original collapse into
    /// one output at the original's width).
    pub sizes: Vec<Image>,
    /// Gallery thumbnail: `settings.thumbnail` wide (never upscaled), same
    /// aspect ratio as the photo (not cropped).
    pub thumbnail: Image,
}

/// How many distinct photos were encoded and how many came whole from the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub processed: usize,
    pub cached: usize,
}

/// Processes every photo of a run: see the module documentation.
///
/// Returns the processed photos keyed by `PhotoJob::output`, or every problem
/// found (each naming the report, its line and the photo). On error the cache
/// is left as it was apart from complete new entries; `out_dir` may hold some
/// outputs, so the caller should build into a staging directory.
///
/// The cache is pruned to what this run used, so pass every photo of the site
/// in one call.
pub fn process(
    jobs: &[PhotoJob],
    settings: &ImageSettings,
    cache_dir: &Path,
    out_dir: &Path,
    progress: bool,
) -> Result<(HashMap<String, Processed>, Stats), Diagnostics> {
    let mut diags = Diagnostics::default();
    let plan = Plan::new(settings);

    // One unit per distinct original; the same output from two different
    // originals is a conflict.
    let mut units: BTreeMap<&Path, Vec<&PhotoJob>> = BTreeMap::new();
    let mut owner: HashMap<&str, &PhotoJob> = HashMap::new();
    for job in jobs {
        if let Some(first) = owner.get(job.output.as_str()) {
            if first.source != job.source {
                let message = t!(
                    "photo-same-output",
                    name = shown_name(job),
                    other = first.source.display().to_string(),
                    output = &job.output
                );
                diags.push(job_diag(job, message).with_code("photo-same-output"));
            }
            continue;
        }
        owner.insert(&job.output, job);
        units.entry(&job.source).or_default().push(job);
    }
    let units: Vec<(&Path, Vec<&PhotoJob>)> = units.into_iter().collect();

    if let Err(e) = fs::create_dir_all(cache_dir) {
        diags.push(problem!(
            "photo-cache-create",
            cache_dir,
            0,
            0,
            error = e.to_string()
        ));
        return Err(diags.sorted());
    }
    let _lock = lock_cache(cache_dir).map_err(|e| {
        Diagnostics::from(problem!(
            "photo-cache-lock",
            cache_dir,
            0,
            0,
            error = e.to_string()
        ))
    })?;

    let bar = if progress {
        let bar =
            ProgressBar::with_draw_target(Some(units.len() as u64), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(&format!(
                "{} {{bar:30}} {{pos}}/{{len}} {{wide_msg}}",
                t!("photo-progress")
            ))
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };

    // Published bases already being written: two originals with the same
    // bytes get the same hashed name, and only one of them may write it.
    let claimed = std::sync::Mutex::new(HashSet::new());
    let results: Vec<Result<Done, Problem>> = units
        .par_iter()
        .map(|(source, jobs)| {
            let result = process_unit(source, jobs, &plan, cache_dir, out_dir, &claimed);
            bar.inc(1);
            result
        })
        .collect();
    bar.finish_and_clear();

    let mut out = HashMap::new();
    let mut stats = Stats::default();
    let mut used: HashSet<PathBuf> = HashSet::new();
    for ((_, jobs), result) in units.iter().zip(results) {
        match result {
            Ok(done) => {
                if done.cached {
                    stats.cached += 1;
                } else {
                    stats.processed += 1;
                }
                used.extend(done.cache_files);
                out.extend(done.outputs);
            }
            Err(problem) => {
                for job in jobs {
                    let message = problem.message(&shown_name(job));
                    diags.push(job_diag(job, message).with_code(problem.code()));
                }
            }
        }
    }
    if !diags.is_empty() {
        return Err(diags.sorted());
    }
    prune_cache(cache_dir, &used);
    Ok((out, stats))
}

/// Takes the cache's lock, waiting (and saying so) while another run of
/// faro holds it; released when the returned file is dropped.
fn lock_cache(cache_dir: &Path) -> io::Result<fs::File> {
    crate::write::lock_file(&cache_dir.join(".lock"), || {
        eprintln!("{}", t!("photo-cache-waiting"));
    })
}

/// The settings that shape outputs, normalised.
struct Plan {
    widths: BTreeSet<u32>,
    thumbnail: u32,
    quality: u8,
    max_pixels: u64,
    hashed_names: bool,
}

/// The outputs of one photo, given its upright size.
struct Variants {
    /// Widths of `Processed::sizes`, ascending.
    sizes: Vec<u32>,
    thumbnail: u32,
    /// Every width to write: sizes and thumbnail.
    all: BTreeSet<u32>,
}

impl Plan {
    fn new(s: &ImageSettings) -> Plan {
        let mut widths: BTreeSet<u32> = s.widths.iter().copied().filter(|w| *w > 0).collect();
        if widths.is_empty() {
            widths.insert(1600);
        }
        Plan {
            widths,
            thumbnail: s.thumbnail.max(1),
            quality: s.quality.clamp(1, 100),
            max_pixels: u64::from(s.max_megapixels) * 1_000_000,
            hashed_names: s.hashed_names,
        }
    }

    fn variants(&self, width: u32) -> Variants {
        let sizes: BTreeSet<u32> = self.widths.iter().map(|w| (*w).min(width)).collect();
        let thumbnail = self.thumbnail.min(width);
        let mut all = sizes.clone();
        all.insert(thumbnail);
        Variants {
            sizes: sizes.into_iter().collect(),
            thumbnail,
            all,
        }
    }

    fn file_name(&self, width: u32, ext: &str) -> String {
        format!("{width}-q{}.{ext}", self.quality)
    }
}

/// Height of a `width`-wide output of a `w`×`h` photo.
fn scaled_height(w: u32, h: u32, width: u32) -> u32 {
    if width >= w {
        return h;
    }
    let scaled = (u64::from(h) * u64::from(width) + u64::from(w) / 2) / u64::from(w);
    u32::try_from(scaled).unwrap_or(u32::MAX).max(1)
}

/// What went wrong with one original.
#[derive(Debug)]
enum Problem {
    Missing(PathBuf),
    Unreadable(io::Error),
    Unsupported(String),
    TooLarge { width: u32, height: u32, limit: u64 },
    Corrupt(String),
    Encode(String),
    Write(PathBuf, io::Error),
}

impl Problem {
    /// The catalogue id of the problem, its stable `code` for tools.
    fn code(&self) -> &'static str {
        match self {
            Problem::Missing(_) => "photo-missing",
            Problem::Unreadable(_) => "photo-unreadable",
            Problem::Unsupported(_) => "photo-unsupported",
            Problem::TooLarge { .. } => "photo-too-large",
            Problem::Corrupt(_) => "photo-corrupt",
            Problem::Encode(_) => "photo-encode",
            Problem::Write(..) => "photo-write",
        }
    }

    fn message(&self, name: &str) -> String {
        match self {
            Problem::Missing(path) => t!(
                "photo-missing",
                name = name,
                path = path.display().to_string()
            ),
            Problem::Unreadable(e) => t!("photo-unreadable", name = name, error = e.to_string()),
            Problem::Unsupported(what) => t!("photo-unsupported", name = name, what = what),
            Problem::TooLarge {
                width,
                height,
                limit,
            } => {
                let mp = u64::from(*width) * u64::from(*height);
                t!(
                    "photo-too-large",
                    name = name,
                    width = width.to_string(),
                    height = height.to_string(),
                    megapixels = format!("{:.1}", mp as f64 / 1e6),
                    limit = (limit / 1_000_000).to_string()
                )
            }
            Problem::Corrupt(why) => t!("photo-corrupt", name = name, why = why),
            Problem::Encode(why) => t!("photo-encode", name = name, why = why),
            Problem::Write(path, e) => t!(
                "photo-write",
                name = name,
                path = path.display().to_string(),
                error = e.to_string()
            ),
        }
    }
}

fn job_diag(job: &PhotoJob, message: String) -> Diagnostic {
    let col = if job.line > 0 { 1 } else { 0 };
    Diagnostic::new(&job.report, job.line, col, message)
}

/// The photo's path as the editor wrote it: relative to the report's folder
/// when the original lies under it, the full path otherwise.
fn shown_name(job: &PhotoJob) -> String {
    if let Some(dir) = job.report.parent().filter(|d| !d.as_os_str().is_empty()) {
        for ancestor in job.source.ancestors().skip(1) {
            if ancestor.ends_with(dir) {
                if let Ok(rest) = job.source.strip_prefix(ancestor) {
                    return rest.to_string_lossy().replace('\\', "/");
                }
            }
        }
    }
    job.source.display().to_string()
}

/// A photo that went through: its outputs and the cache files they came from.
struct Done {
    cached: bool,
    outputs: Vec<(String, Processed)>,
    cache_files: Vec<PathBuf>,
}

fn process_unit(
    source: &Path,
    jobs: &[&PhotoJob],
    plan: &Plan,
    cache_dir: &Path,
    out_dir: &Path,
    claimed: &std::sync::Mutex<HashSet<String>>,
) -> Result<Done, Problem> {
    let bytes = fs::read(source).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => Problem::Missing(source.to_path_buf()),
        _ => Problem::Unreadable(e),
    })?;
    let key = xxhash_rust::xxh3::xxh3_128_with_seed(&bytes, ENCODER_VERSION);
    let content = plan
        .hashed_names
        .then(|| xxhash_rust::xxh3::xxh3_64(&bytes));
    let entry = cache_dir.join(format!("{key:032x}"));
    let meta_path = entry.join("meta");

    let mut cached = false;
    let size = match read_meta(&meta_path) {
        Some((w, h)) if all_present(&entry, plan, &plan.variants(w)) => {
            cached = true;
            (w, h)
        }
        _ => {
            keep_freed_memory();
            let img = decode(&bytes, plan.max_pixels)?;
            drop(bytes);
            let size = (img.width(), img.height());
            fs::create_dir_all(&entry).map_err(|e| Problem::Write(entry.clone(), e))?;
            write_atomic(
                &meta_path,
                format!("faro-photo 1\n{} {}\n", size.0, size.1).as_bytes(),
            )?;
            encode_missing(img, &entry, plan)?;
            size
        }
    };

    let (w, h) = size;
    let variants = plan.variants(w);
    let mut cache_files = vec![meta_path];
    for width in &variants.all {
        for ext in ["webp", "jpg"] {
            cache_files.push(entry.join(plan.file_name(*width, ext)));
        }
    }

    let mut outputs = Vec::with_capacity(jobs.len());
    for job in jobs {
        let base = published_base(&job.output, content);
        let image = |width: u32| Image {
            width,
            height: scaled_height(w, h, width),
            webp: format!("{base}-{width}.webp"),
            jpeg: format!("{base}-{width}.jpg"),
        };
        let first = claimed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(base.clone());
        for width in variants.all.iter().filter(|_| first) {
            let img = image(*width);
            place(
                &entry.join(plan.file_name(*width, "webp")),
                &out_dir.join(&img.webp),
            )?;
            place(
                &entry.join(plan.file_name(*width, "jpg")),
                &out_dir.join(&img.jpeg),
            )?;
        }
        let sizes: Vec<Image> = variants.sizes.iter().map(|w| image(*w)).collect();
        let largest = sizes.last().map(|i| (i.width, i.height)).unwrap_or((w, h));
        outputs.push((
            job.output.clone(),
            Processed {
                width: largest.0,
                height: largest.1,
                sizes,
                thumbnail: image(variants.thumbnail),
            },
        ));
    }
    Ok(Done {
        cached,
        outputs,
        cache_files,
    })
}

/// Where a photo's files are published: `output` as given, or, with
/// `images.hashed_names`, its folder and the hash of the original's bytes
/// (`informes/2024/01/fotos/0123456789abcdef`), which says nothing of the
/// original's name and stays the same from build to build.
pub fn published_base(output: &str, content_hash: Option<u64>) -> String {
    match content_hash {
        None => output.to_string(),
        Some(hash) => match output.rsplit_once('/') {
            Some((dir, _)) => format!("{dir}/{hash:016x}"),
            None => format!("{hash:016x}"),
        },
    }
}

/// Every photo allocates and frees a few buffers of several megabytes (the
/// binary's own through mimalloc, the C encoders' through glibc). glibc's
/// defaults give each back to the kernel (mmap/munmap, heap trim)
/// and fault its pages in again on the next photo, which cost about a tenth
/// of a cold build's CPU time; keep them in the allocator for reuse instead.
/// Peak memory stays the same: the next photo reuses what the last one freed.
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        // SAFETY: mallopt only changes allocator thresholds; it is safe to
        // call at any time, from any thread.
        ONCE.call_once(|| unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
            libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
        });
    }
}

fn read_meta(path: &Path) -> Option<(u32, u32)> {
    let text = fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    if lines.next()? != "faro-photo 1" {
        return None;
    }
    let (w, h) = lines.next()?.split_once(' ')?;
    let (w, h) = (w.parse().ok()?, h.parse().ok()?);
    (w > 0 && h > 0).then_some((w, h))
}

fn all_present(entry: &Path, plan: &Plan, variants: &Variants) -> bool {
    variants.all.iter().all(|w| {
        ["webp", "jpg"]
            .iter()
            .all(|ext| entry.join(plan.file_name(*w, ext)).is_file())
    })
}

/// Decodes an original, checking its size from the header first, and returns
/// it upright as RGB8, or RGBA8 when it has any transparency.
fn decode(bytes: &[u8], max_pixels: u64) -> Result<DynamicImage, Problem> {
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
fn jpeg_is_complete(b: &[u8]) -> bool {
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

/// Encodes every output of `img` that is not yet in the cache entry.
fn encode_missing(img: DynamicImage, entry: &Path, plan: &Plan) -> Result<(), Problem> {
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

static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `bytes` to `path` through a temporary file in the same folder, so
/// readers (and later runs) never see a half-written file.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Problem> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let n = TMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = path.with_file_name(format!(".{name}.{}-{n}.tmp", std::process::id()));
    let result = fs::write(&tmp, bytes).and_then(|()| fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(Problem::Write(path.to_path_buf(), e));
    }
    Ok(())
}

/// Puts a copy of a cache file at `dest`. Never a hard link: a published
/// photo edited in place would change the cache, and the change would be
/// published by every later build. The copy takes the cache file's
/// modification time, so an unchanged copy costs two `stat`s on the next
/// build, and a copy edited since (its time changes) is copied again. On
/// file systems that offer it, the kernel shares the blocks (reflink).
fn place(cached: &Path, dest: &Path) -> Result<(), Problem> {
    let write = |e| Problem::Write(dest.to_path_buf(), e);
    let source = fs::metadata(cached).map_err(|e| Problem::Write(cached.to_path_buf(), e))?;
    if let Ok(found) = fs::symlink_metadata(dest) {
        if found.is_file() && is_intact_copy(&source, &found) {
            return Ok(());
        }
        // A link (hard or symbolic) or an edited copy: replaced, never
        // written through.
        if found.is_dir() {
            fs::remove_dir_all(dest).map_err(write)?;
        } else {
            fs::remove_file(dest).map_err(write)?;
        }
    } else if let Some(parent) = dest.parent() {
        fs::create_dir_all(parent).map_err(|e| Problem::Write(parent.to_path_buf(), e))?;
    }
    let copied = fs::copy(cached, dest).and_then(|_| {
        let modified = source.modified()?;
        fs::File::options()
            .write(true)
            .open(dest)?
            .set_modified(modified)
    });
    if let Err(e) = copied {
        // Never leave a torn photo behind.
        let _ = fs::remove_file(dest);
        return Err(write(e));
    }
    Ok(())
}

/// True when `found` is a copy of the cache file `source` that nobody has
/// written since: same length and time, and not the cache file itself.
fn is_intact_copy(source: &fs::Metadata, found: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if found.nlink() > 1 || (found.dev(), found.ino()) == (source.dev(), source.ino()) {
            return false;
        }
    }
    found.len() == source.len()
        && matches!((found.modified(), source.modified()), (Ok(a), Ok(b)) if a == b)
}

fn is_entry_name(name: &str) -> bool {
    name.len() == 32 && name.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Removes cache entries and files this run did not use, and leftover
/// temporary files. Only touches names this module creates; best effort.
fn prune_cache(cache_dir: &Path, used: &HashSet<PathBuf>) {
    let used_dirs: HashSet<&Path> = used.iter().filter_map(|p| p.parent()).collect();
    let Ok(entries) = fs::read_dir(cache_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if !is_entry_name(&name.to_string_lossy()) || !path.is_dir() {
            continue;
        }
        if !used_dirs.contains(path.as_path()) {
            let _ = fs::remove_dir_all(&path);
            continue;
        }
        let Ok(files) = fs::read_dir(&path) else {
            continue;
        };
        for file in files.flatten() {
            let file = file.path();
            if !used.contains(&file) && file.is_file() {
                let _ = fs::remove_file(&file);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::codecs::jpeg::JpegEncoder;
    use image::{GenericImageView, ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};
    use std::path::Path;

    const REPORT: &str = "content/informes/2024/01/index.md";

    fn settings(widths: &[u32], quality: u8, thumbnail: u32) -> ImageSettings {
        ImageSettings {
            widths: widths.to_vec(),
            quality,
            thumbnail,
            max_megapixels: 100,
            hashed_names: false,
        }
    }

    /// A site root in a temp dir; photos go beside the report.
    struct Site {
        dir: tempfile::TempDir,
    }

    impl Site {
        fn new() -> Site {
            let dir = tempfile::tempdir().expect("temp dir");
            fs::create_dir_all(dir.path().join("content/informes/2024/01")).expect("mkdir");
            Site { dir }
        }
        fn photo(&self, name: &str) -> PathBuf {
            self.dir.path().join("content/informes/2024/01").join(name)
        }
        fn put(&self, name: &str, bytes: &[u8]) -> PathBuf {
            let path = self.photo(name);
            fs::write(&path, bytes).expect("write photo");
            path
        }
        fn job(&self, name: &str, line: usize) -> PhotoJob {
            let stem = name.split('.').next().unwrap_or(name);
            PhotoJob {
                report: PathBuf::from(REPORT),
                line,
                source: self.photo(name),
                output: format!("informes/2024/01/fotos/{stem}"),
            }
        }
        fn cache(&self) -> PathBuf {
            self.dir.path().join(".faro-cache/photos")
        }
        fn out(&self, name: &str) -> PathBuf {
            self.dir.path().join(name)
        }
        fn run(
            &self,
            jobs: &[PhotoJob],
            s: &ImageSettings,
            out: &str,
        ) -> Result<(HashMap<String, Processed>, Stats), Diagnostics> {
            process(jobs, s, &self.cache(), &self.out(out), false)
        }
    }

    fn jpeg(img: &RgbImage, quality: u8) -> Vec<u8> {
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, quality)
            .write_image(
                img.as_raw(),
                img.width(),
                img.height(),
                image::ExtendedColorType::Rgb8,
            )
            .expect("encode jpeg");
        out
    }

    fn png(img: &DynamicImage) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png)
            .expect("encode png");
        out.into_inner()
    }

    /// Deterministic noise, so JPEGs have real entropy-coded data.
    fn noise(w: u32, h: u32) -> RgbImage {
        let mut state = 0x2545_f491_u32;
        RgbImage::from_fn(w, h, |_, _| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let [a, b, c, _] = state.to_le_bytes();
            Rgb([a, b, c])
        })
    }

    /// The IFD0 entry pointing at the GPS IFD, as written by `with_exif`.
    const GPS_ENTRY: [u8; 12] = [0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0x26];

    /// Inserts an APP1 Exif segment (big-endian TIFF) right after SOI, with
    /// IFD0 = {Orientation, GPSInfo pointer} and a GPS IFD holding
    /// GPSLatitudeRef = "N".
    fn with_exif(jpeg: &[u8], orientation: u16) -> Vec<u8> {
        let mut tiff = vec![b'M', b'M', 0, 0x2A, 0, 0, 0, 8];
        tiff.extend([0, 2]); // IFD0: two entries
        tiff.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1]);
        tiff.extend(orientation.to_be_bytes());
        tiff.extend([0, 0]);
        tiff.extend(GPS_ENTRY); // GPS IFD at 8 + 2 + 2*12 + 4 = 38
        tiff.extend([0, 0, 0, 0]); // no next IFD
        assert_eq!(tiff.len(), 0x26);
        tiff.extend([0, 1]); // GPS IFD: one entry
        tiff.extend([0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
        tiff.extend([0, 0, 0, 0]);
        let mut payload = b"Exif\0\0".to_vec();
        payload.extend(tiff);
        let len = u16::try_from(payload.len() + 2).expect("short segment");
        let mut out = jpeg[..2].to_vec();
        out.extend([0xFF, 0xE1]);
        out.extend(len.to_be_bytes());
        out.extend(payload);
        out.extend(&jpeg[2..]);
        out
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    fn decode_file(path: &Path) -> DynamicImage {
        image::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn files_under(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).expect("read dir").flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p)
                } else {
                    out.push(p)
                }
            }
        }
        out.sort();
        out
    }

    fn near(a: [u8; 3], b: [u8; 3], tolerance: u8) -> bool {
        a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= tolerance)
    }

    #[test]
    fn orientation_6_comes_out_upright_and_without_metadata() {
        let site = Site::new();
        // 200×100, red block top-left, blue elsewhere.
        let img = RgbImage::from_fn(200, 100, |x, y| {
            if x < 30 && y < 30 {
                Rgb([255, 0, 0])
            } else {
                Rgb([0, 0, 255])
            }
        });
        let bytes = with_exif(&jpeg(&img, 95), 6);
        site.put("foto.jpg", &bytes);
        // The fixture itself carries the metadata we must strip.
        assert!(contains(&bytes, b"Exif") && contains(&bytes, &GPS_ENTRY));

        let (out, stats) = site
            .run(
                &[site.job("foto.jpg", 7)],
                &settings(&[480, 960], 90, 50),
                "public",
            )
            .expect("processed");
        assert_eq!(
            stats,
            Stats {
                processed: 1,
                cached: 0
            }
        );
        let p = &out["informes/2024/01/fotos/foto"];
        assert_eq!((p.width, p.height), (100, 200));
        assert_eq!(p.sizes.len(), 1);
        assert_eq!(
            p.thumbnail,
            Image {
                width: 50,
                height: 100,
                webp: "informes/2024/01/fotos/foto-50.webp".into(),
                jpeg: "informes/2024/01/fotos/foto-50.jpg".into(),
            }
        );

        for img in [&p.sizes[0], &p.thumbnail] {
            for file in [&img.webp, &img.jpeg] {
                let decoded = decode_file(&site.out("public").join(file)).to_rgb8();
                assert_eq!(decoded.dimensions(), (img.width, img.height), "{file}");
                let (w, h) = decoded.dimensions();
                // Rotated 90° clockwise: the red corner is now top-right.
                let at = |x: u32, y: u32| decoded.get_pixel(x, y).0;
                assert!(
                    near(at(w - 1 - w / 20, h / 40), [255, 0, 0], 60),
                    "{file}: {:?}",
                    at(w - 3, 2)
                );
                assert!(near(at(w / 20, h / 40), [0, 0, 255], 60), "{file}");
                assert!(
                    near(at(w - 1 - w / 20, h - 1 - h / 40), [0, 0, 255], 60),
                    "{file}"
                );
            }
        }

        let outputs = files_under(&site.out("public"));
        assert_eq!(outputs.len(), 4, "{outputs:?}"); // 100 and 50 wide, two formats: no original
        for path in &outputs {
            let bytes = fs::read(path).expect("read output");
            assert!(!contains(&bytes, b"Exif"), "{}", path.display());
            assert!(!contains(&bytes, &GPS_ENTRY), "{}", path.display());
            assert!(!contains(&bytes, b"ICC_PROFILE"), "{}", path.display());
            assert!(!contains(&bytes, b"XMP"), "{}", path.display());
            assert_ne!(bytes, fs::read(site.photo("foto.jpg")).expect("original"));
            let mut decoder = ImageReader::new(Cursor::new(&bytes))
                .with_guessed_format()
                .expect("guess")
                .into_decoder()
                .expect("decoder");
            assert_eq!(decoder.exif_metadata().ok().flatten(), None);
            assert_eq!(decoder.icc_profile().ok().flatten(), None);
        }
    }

    #[test]
    fn all_eight_orientations() {
        let site = Site::new();
        let img = RgbImage::from_fn(40, 20, |x, y| {
            if x < 8 && y < 8 {
                Rgb([255, 0, 0])
            } else {
                Rgb([0, 0, 255])
            }
        });
        let base = jpeg(&img, 95);
        // Where the red top-left corner of the stored image ends up.
        let expect = [
            (1, false, false),
            (2, true, false),
            (3, true, true),
            (4, false, true),
            (5, false, false),
            (6, true, false),
            (7, true, true),
            (8, false, true),
        ];
        let mut jobs = Vec::new();
        for (o, _, _) in expect {
            site.put(&format!("o{o}.jpg"), &with_exif(&base, o));
            jobs.push(site.job(&format!("o{o}.jpg"), o.into()));
        }
        let (out, _) = site
            .run(&jobs, &settings(&[1000], 90, 10), "public")
            .expect("processed");
        for (o, right, bottom) in expect {
            let p = &out[&format!("informes/2024/01/fotos/o{o}")];
            let transposed = o >= 5;
            assert_eq!(
                (p.width, p.height),
                if transposed { (20, 40) } else { (40, 20) },
                "orientation {o}"
            );
            let img = decode_file(&site.out("public").join(&p.sizes[0].jpeg)).to_rgb8();
            let (w, h) = img.dimensions();
            let x = if right { w - 2 } else { 1 };
            let y = if bottom { h - 2 } else { 1 };
            assert!(
                near(img.get_pixel(x, y).0, [255, 0, 0], 70),
                "orientation {o}: {:?}",
                img.get_pixel(x, y)
            );
        }
    }

    #[test]
    fn never_upscales_and_dedupes_widths() {
        let site = Site::new();
        site.put("ancha.png", &png(&DynamicImage::ImageRgb8(noise(600, 300))));
        let (out, _) = site
            .run(
                &[site.job("ancha.png", 3)],
                &settings(&[1600, 480, 960, 480], 80, 320),
                "public",
            )
            .expect("processed");
        let p = &out["informes/2024/01/fotos/ancha"];
        let widths: Vec<(u32, u32)> = p.sizes.iter().map(|i| (i.width, i.height)).collect();
        assert_eq!(widths, [(480, 240), (600, 300)]);
        assert_eq!((p.width, p.height), (600, 300));
        assert_eq!((p.thumbnail.width, p.thumbnail.height), (320, 160));
        for img in p.sizes.iter().chain([&p.thumbnail]) {
            for file in [&img.webp, &img.jpeg] {
                assert_eq!(
                    decode_file(&site.out("public").join(file)).dimensions(),
                    (img.width, img.height)
                );
            }
        }
        let names: Vec<String> = files_under(&site.out("public"))
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        assert_eq!(names.len(), 6, "{names:?}");
        assert!(
            names
                .iter()
                .all(|n| !n.contains("960") && !n.contains("1600") && !n.ends_with(".png"))
        );

        // A thumbnail wider than the photo is the photo's width too.
        site.put("chica.png", &png(&DynamicImage::ImageRgb8(noise(100, 80))));
        let (out, _) = site
            .run(
                &[site.job("chica.png", 3)],
                &settings(&[480], 80, 320),
                "public2",
            )
            .expect("processed");
        let p = &out["informes/2024/01/fotos/chica"];
        assert_eq!(p.sizes.len(), 1);
        assert_eq!(p.thumbnail, p.sizes[0]);
        assert_eq!((p.width, p.height), (100, 80));
    }

    #[test]
    fn transparency_kept_in_webp_and_flattened_on_white_in_jpeg() {
        let site = Site::new();
        let img = RgbaImage::from_fn(64, 32, |x, _| {
            if x < 32 {
                Rgba([255, 0, 0, 0])
            } else {
                Rgba([0, 200, 0, 255])
            }
        });
        site.put("logo.png", &png(&DynamicImage::ImageRgba8(img)));
        let (out, _) = site
            .run(
                &[site.job("logo.png", 5)],
                &settings(&[64, 32], 80, 32),
                "public",
            )
            .expect("processed");
        let p = &out["informes/2024/01/fotos/logo"];
        for img in &p.sizes {
            let webp = decode_file(&site.out("public").join(&img.webp));
            assert!(webp.color().has_alpha(), "{}", img.webp);
            let webp = webp.to_rgba8();
            let (w, h) = webp.dimensions();
            assert!(webp.get_pixel(2, h / 2).0[3] < 16, "{}", img.webp);
            assert!(webp.get_pixel(w - 3, h / 2).0[3] > 240, "{}", img.webp);

            let jpeg = decode_file(&site.out("public").join(&img.jpeg)).to_rgb8();
            assert!(
                near(jpeg.get_pixel(2, h / 2).0, [255, 255, 255], 12),
                "{:?}",
                jpeg.get_pixel(2, h / 2)
            );
            assert!(
                near(jpeg.get_pixel(w - 3, h / 2).0, [0, 200, 0], 40),
                "{:?}",
                jpeg.get_pixel(w - 3, h / 2)
            );
        }
    }

    #[test]
    fn grayscale_and_cmyk_jpegs() {
        let site = Site::new();
        let gray =
            image::GrayImage::from_fn(50, 40, |x, _| image::Luma([if x < 25 { 30 } else { 220 }]));
        let mut bytes = Vec::new();
        JpegEncoder::new_with_quality(&mut bytes, 90)
            .write_image(gray.as_raw(), 50, 40, image::ExtendedColorType::L8)
            .expect("encode gray");
        site.put("gris.jpg", &bytes);
        // 32×16 CMYK JPEG (Adobe APP14) written by Pillow: red left, blue right.
        let cmyk =
            fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/photos/cmyk.jpg"))
                .expect("fixture");
        site.put("cmyk.jpg", &cmyk);
        let jobs = [site.job("gris.jpg", 1), site.job("cmyk.jpg", 2)];
        let (out, _) = site
            .run(&jobs, &settings(&[480], 90, 320), "public")
            .expect("processed");

        let g = decode_file(
            &site
                .out("public")
                .join(&out["informes/2024/01/fotos/gris"].sizes[0].jpeg),
        )
        .to_rgb8();
        assert!(near(g.get_pixel(5, 20).0, [30, 30, 30], 12));
        assert!(near(g.get_pixel(45, 20).0, [220, 220, 220], 12));

        let c = &out["informes/2024/01/fotos/cmyk"].sizes[0];
        assert_eq!((c.width, c.height), (32, 16));
        for file in [&c.jpeg, &c.webp] {
            let c = decode_file(&site.out("public").join(file)).to_rgb8();
            assert!(
                near(c.get_pixel(4, 8).0, [220, 20, 20], 50),
                "{file}: {:?}",
                c.get_pixel(4, 8)
            );
            assert!(
                near(c.get_pixel(28, 8).0, [20, 20, 220], 50),
                "{file}: {:?}",
                c.get_pixel(28, 8)
            );
        }
    }

    #[test]
    fn every_bad_photo_is_reported_with_report_line_and_file() {
        let site = Site::new();
        let good = jpeg(&noise(300, 200), 85);
        site.put("buena.jpg", &good);
        site.put("cortada.jpg", &good[..good.len() * 6 / 10]);
        let mut garbage = vec![0xFF, 0xD8, 0xFF, 0xE0];
        garbage.extend(noise(40, 40).as_raw());
        site.put("basura.jpg", &garbage);
        site.put("texto.jpg", b"esto no es una foto\n");
        let mut bmp = b"BM".to_vec();
        bmp.extend([0; 60]);
        site.put("mapa.bmp", &bmp);
        let big = png(&DynamicImage::ImageRgb8(RgbImage::new(2000, 1000)));
        site.put("grande.png", &big);
        // Only the header of a 2000×1000 PNG: refused by size, never decoded.
        site.put("bomba.png", &big[..64]);

        let jobs = [
            site.job("buena.jpg", 9),
            site.job("falta.jpg", 10),
            site.job("cortada.jpg", 11),
            site.job("basura.jpg", 12),
            site.job("texto.jpg", 13),
            site.job("mapa.bmp", 14),
            site.job("grande.png", 15),
            site.job("bomba.png", 16),
            PhotoJob {
                line: 30,
                output: "informes/2024/01/fotos/falta-otra".into(),
                ..site.job("falta.jpg", 0)
            },
        ];
        let s = ImageSettings {
            max_megapixels: 1,
            ..settings(&[480, 960], 80, 320)
        };
        // Library tests speak the default language, Spanish (as yamlerror's do).
        crate::i18n::set_lang(crate::i18n::Lang::Es);
        let err = site.run(&jobs, &s, "public").expect_err("bad photos");
        let lines: Vec<String> = err.0.iter().map(|d| d.to_string()).collect();
        assert_eq!(err.len(), 8, "{lines:#?}");
        let expect = [
            (10, "photo-missing", "no se encuentra la foto «falta.jpg»"),
            (
                11,
                "photo-corrupt",
                "«cortada.jpg» está dañada o incompleta",
            ),
            (12, "photo-corrupt", "«basura.jpg» está dañada o incompleta"),
            (
                13,
                "photo-unsupported",
                "«texto.jpg»: es un archivo que no es una imagen de un formato conocido",
            ),
            (
                14,
                "photo-unsupported",
                "«mapa.bmp»: es una imagen BMP. Use JPEG, PNG o WebP",
            ),
            (
                15,
                "photo-too-large",
                "«grande.png» mide 2000×1000 píxeles (2.0 megapíxeles), más que el límite de 1 megapíxeles",
            ),
            (16, "photo-too-large", "«bomba.png» mide 2000×1000 píxeles"),
            (30, "photo-missing", "no se encuentra la foto «falta.jpg»"),
        ];
        for ((line, code, text), d) in expect.iter().zip(&err.0) {
            assert_eq!(d.path, Path::new(REPORT));
            assert_eq!(d.line, *line, "{d}");
            assert_eq!(d.code, *code, "{d}");
            assert!(d.message.contains(text), "{d}");
            assert!(
                d.to_string().starts_with(&format!("{REPORT}:{line}:1: ")),
                "{d}"
            );
        }
        assert!(lines[1].ends_with(": reemplace el archivo"), "{}", lines[1]);
        // No half-written cache files.
        for path in files_under(&site.cache()) {
            assert!(
                !path.to_string_lossy().ends_with(".tmp"),
                "{}",
                path.display()
            );
        }
    }

    #[test]
    fn cache_hits_and_reprocesses_exactly_what_changed() {
        let site = Site::new();
        site.put("a.jpg", &jpeg(&noise(1000, 500), 90));
        site.put("b.png", &png(&DynamicImage::ImageRgb8(noise(700, 700))));
        let jobs = [site.job("a.jpg", 1), site.job("b.png", 2)];
        let s = settings(&[480], 80, 320);

        let (first, stats) = site.run(&jobs, &s, "p1").expect("cold");
        assert_eq!(
            stats,
            Stats {
                processed: 2,
                cached: 0
            }
        );
        let (second, stats) = site.run(&jobs, &s, "p2").expect("warm");
        assert_eq!(
            stats,
            Stats {
                processed: 0,
                cached: 2
            }
        );
        assert_eq!(first, second);
        let p1 = files_under(&site.out("p1"));
        assert_eq!(p1.len(), 8);
        for path in &p1 {
            let rel = path.strip_prefix(site.out("p1")).expect("under p1");
            assert_eq!(
                fs::read(path).ok(),
                fs::read(site.out("p2").join(rel)).ok(),
                "{}",
                rel.display()
            );
        }
        // Rebuilding into the same folder replaces the files.
        let (_, stats) = site.run(&jobs, &s, "p2").expect("warm again");
        assert_eq!(stats.cached, 2);

        let a_bytes = fs::read(site.photo("a.jpg")).expect("a.jpg");
        let a_entry = site.cache().join(format!(
            "{:032x}",
            xxhash_rust::xxh3::xxh3_128_with_seed(&a_bytes, ENCODER_VERSION)
        ));
        let a480 = |q: u8| a_entry.join(format!("480-q{q}.jpg"));
        #[cfg(unix)]
        let inode =
            |p: &Path| std::os::unix::fs::MetadataExt::ino(&fs::metadata(p).expect("cached file"));

        // A new width: both photos are decoded again, but existing outputs stay.
        let wider = settings(&[480, 960], 80, 320);
        #[cfg(unix)]
        let before = inode(&a480(80));
        let (out, stats) = site.run(&jobs, &wider, "p3").expect("new width");
        assert_eq!(
            stats,
            Stats {
                processed: 2,
                cached: 0
            }
        );
        #[cfg(unix)]
        assert_eq!(inode(&a480(80)), before, "480 output was re-encoded");
        let b: Vec<u32> = out["informes/2024/01/fotos/b"]
            .sizes
            .iter()
            .map(|i| i.width)
            .collect();
        assert_eq!(b, [480, 700]);
        let (_, stats) = site.run(&jobs, &wider, "p4").expect("warm");
        assert_eq!(
            stats,
            Stats {
                processed: 0,
                cached: 2
            }
        );

        // A new quality reprocesses everything, and the old files are pruned.
        let (_, stats) = site
            .run(&jobs, &settings(&[480, 960], 60, 320), "p5")
            .expect("new quality");
        assert_eq!(
            stats,
            Stats {
                processed: 2,
                cached: 0
            }
        );
        let cached = files_under(&site.cache());
        assert!(
            cached
                .iter()
                .all(|p| !p.to_string_lossy().contains("-q80.")),
            "{cached:?}"
        );
        assert!(a480(60).exists());
        let q60 = fs::metadata(site.out("p5").join("informes/2024/01/fotos/a-960.jpg"))
            .expect("q60")
            .len();
        let q80 = fs::metadata(site.out("p4").join("informes/2024/01/fotos/a-960.jpg"))
            .expect("q80")
            .len();
        assert!(q60 < q80, "{q60} vs {q80}");

        // A photo no longer used leaves the cache.
        let (_, stats) = site
            .run(&jobs[..1], &settings(&[480, 960], 60, 320), "p6")
            .expect("one photo");
        assert_eq!(
            stats,
            Stats {
                processed: 0,
                cached: 1
            }
        );
        let entries = fs::read_dir(site.cache())
            .expect("cache")
            .flatten()
            .filter(|e| is_entry_name(&e.file_name().to_string_lossy()))
            .count();
        assert_eq!(entries, 1);
    }

    #[test]
    fn outputs_are_copies_restored_when_edited_and_never_write_into_the_cache() {
        let site = Site::new();
        site.put("a.jpg", &jpeg(&noise(600, 300), 90));
        let jobs = [site.job("a.jpg", 1)];
        let s = settings(&[480], 80, 320);
        site.run(&jobs, &s, "p").expect("first");
        let cache = files_under(&site.cache())
            .into_iter()
            .map(|p| {
                let bytes = fs::read(&p).expect("cache file");
                (p, bytes)
            })
            .collect::<Vec<_>>();
        let out = site.out("p").join("informes/2024/01/fotos/a-480.jpg");
        let published = fs::read(&out).expect("output");
        // Edited in place: same length, new bytes.
        let mut edited = published.clone();
        edited[200..208].copy_from_slice(b"tampered");
        fs::write(&out, &edited).expect("edit");
        for (path, bytes) in &cache {
            assert_eq!(&fs::read(path).expect("cache file"), bytes, "{path:?}");
        }
        site.run(&jobs, &s, "p").expect("second");
        assert!(fs::read(&out).expect("output") == published, "not restored");
        // A hard link into the cache (as older versions left) is replaced.
        #[cfg(unix)]
        {
            let cached = cache
                .iter()
                .find(|(p, _)| p.ends_with("480-q80.jpg"))
                .map(|(p, _)| p.clone())
                .expect("480 in cache");
            fs::remove_file(&out).expect("rm");
            fs::hard_link(&cached, &out).expect("link");
            site.run(&jobs, &s, "p").expect("third");
            use std::os::unix::fs::MetadataExt;
            assert_eq!(fs::metadata(&cached).expect("cached").nlink(), 1);
        }
    }

    #[test]
    fn a_failed_run_keeps_the_cache() {
        let site = Site::new();
        site.put("a.jpg", &jpeg(&noise(100, 50), 90));
        let s = settings(&[480], 80, 320);
        site.run(&[site.job("a.jpg", 1)], &s, "p1").expect("cold");
        let before = files_under(&site.cache());
        site.run(&[site.job("falta.jpg", 2)], &s, "p2")
            .expect_err("missing");
        assert_eq!(files_under(&site.cache()), before);
    }

    #[test]
    fn jpeg_completeness() {
        let good = jpeg(&noise(64, 64), 80);
        assert!(jpeg_is_complete(&good));
        assert!(!jpeg_is_complete(&good[..good.len() - 2]));
        assert!(!jpeg_is_complete(&good[..good.len() / 2]));
        assert!(!jpeg_is_complete(&good[..3]));
        let mut padded = good[..2].to_vec();
        padded.extend([0, 0]);
        padded.extend(&good[2..]);
        assert!(jpeg_is_complete(&padded));
        let mut trailing = good.clone();
        trailing.extend(b"trailing bytes after EOI");
        assert!(jpeg_is_complete(&trailing));
        assert!(jpeg_is_complete(&with_exif(&good, 3)));
    }
}
