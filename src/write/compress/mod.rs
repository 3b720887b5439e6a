//! Pre-compressed copies of the site's text files: `x.html.br` beside
//! `x.html`.
//!
//! On a slow connection most of a page's time is bytes. A web server can
//! compress each reply itself, but at a low level (it has to be fast) and
//! again for every visitor; compressed once at build time, at the highest
//! levels, the copies are smaller and cost the server nothing: it sends
//! them as they are (see `publish::server` for the configuration that does).
//!
//! Only text is worth it (images, photos and Pagefind's index are
//! compressed already), and only above [`MIN_BYTES`]: below that the
//! saving is a few bytes of a single network packet. Compressing is slow,
//! so each copy is recorded in the manifest with a key made of its source's
//! hash: a file that did not change is not compressed again
//! (`Staging::put_derived`).
//!
//! Copies are also kept outside the output, in the site's
//! `.faro-cache/compressed/` ([`cache`]): a build into an empty output
//! takes them back from there, by the same key, instead of compressing
//! the whole site again.
//!
//! Which copies pay for themselves ([`Encoding::WRITTEN`],
//! [`worth_compressing`]; `docs/output-files.md` has the numbers):
//!
//! - Only brotli. Every browser in use sends `br` over HTTPS; the clients
//!   that send only `gzip` (plain HTTP, old tools) are few, and the printed
//!   server configuration compresses for them on the fly (nginx `gzip on`,
//!   Apache mod_deflate). A `.gz` beside every `.br` doubled the copies and
//!   a third of the compression time for them alone.
//! - No copies of data files under [`MIN_DATA_BYTES`]: each month's and
//!   year's data is fetched rarely, one file at a time.
//! - No copies of standalone `.svg` charts: each is downloaded rarely
//!   (once a month, by whoever wants that one drawing), while its copy was
//!   written at every build; the server compresses it on the fly. They were
//!   62 % of the copies.

mod cache;

pub use cache::{Cache, DIR as CACHE_DIR};

use crate::problem;
use crate::support::diag::Diagnostics;
use crate::write::Staging;
use crate::write::output::OutputPath;
use rayon::prelude::*;
use std::io::Write;

/// Files smaller than this are left alone.
pub const MIN_BYTES: u64 = 1024;
/// Data files (`.csv`, `.json`) smaller than this are left alone too: a
/// report's or a year's own data (1 to 30 KB) is downloaded now and then
/// by someone who wants that month, and the server compresses it on the
/// fly when asked; its copies were 2,500 of the 1,200-report archive's
/// 16,800 files. The site-wide tables in `datos/` (megabytes, which
/// researchers download whole) keep theirs.
pub const MIN_DATA_BYTES: u64 = 64 * 1024;

/// The kinds of file compressed, by extension: pages, styles, scripts
/// and data. Pagefind's `.pf_*` and `.pagefind` files are gzip already;
/// `.svg` drawings (the standalone charts, the favicon) are compressed by
/// the server when asked for.
const TEXT_EXTENSIONS: [&str; 8] = ["html", "css", "js", "mjs", "json", "csv", "xml", "txt"];

/// Brotli's quality for styles and scripts: the highest, slow (tens of
/// milliseconds a file), worth it for the few files every page loads,
/// which browsers then keep for a year (hashed names).
const BROTLI_QUALITY_ASSETS: u32 = 11;
/// Brotli's quality for everything else. On the 1,200-report benchmark
/// archive (125 MB of text to compress; an indicator's page alone is
/// 800 KB and changes with every new report), a first build spent 413 s
/// compressing at quality 11 and 84 s at quality 5 (wall time, on the
/// shared 2-core machine); on a sample of its files quality 5 was within
/// 1 % of quality 9 and 10 % larger than quality 11.
const BROTLI_QUALITY_PAGES: u32 = 5;
/// The largest window a browser must accept (4 MB, RFC 7932's default for
/// the web); smaller for smaller files.
const BROTLI_WINDOW: u32 = 22;
/// The smallest window asked for (128 KB), even for a smaller file. At
/// qualities 5 to 9 and a window of 64 KB or less, C brotli uses a hasher
/// (its H40 to H42) that the Rust encoder lacks: it falls back to one with a
/// 32 MB table, zeroed for every file. That zeroing was 61 % of a first
/// build's time; with 17 bits the encoder takes its hasher for quality 5
/// (1 MB), and on a sample of the benchmark archive's pages the copies came
/// out 0.1 % smaller, 27 times faster.
const BROTLI_MIN_WINDOW: u32 = 17;

/// One way of compressing, with the file name suffix it goes by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
}

impl Encoding {
    pub const ALL: [Encoding; 2] = [Encoding::Brotli, Encoding::Gzip];
    /// The copies a build writes: brotli only (see the module's notes).
    /// A rebuild removes the `.gz` copies of earlier builds, as it removes
    /// everything it did not put this time.
    pub const WRITTEN: [Encoding; 1] = [Encoding::Brotli];

    /// `br` or `gz`: the file's suffix.
    pub fn suffix(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gz",
        }
    }

    /// `bytes` (of the file at `path`) compressed this way.
    pub fn compress(self, path: &str, bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        match self {
            Encoding::Brotli => out = brotli_compress(bytes, brotli_quality(path)),
            Encoding::Gzip => {
                // No file name and a zero time in the header: the same
                // bytes give the same file, build after build.
                let mut gz = flate2::GzBuilder::new()
                    .mtime(0)
                    .write(&mut out, flate2::Compression::best());
                let _ = gz.write_all(bytes).and_then(|()| gz.finish().map(|_| ()));
            }
        }
        out
    }

    /// What the manifest records for a copy made from bytes of hash
    /// `source`: changes with the source, the encoding and its settings.
    fn key(self, path: &str, source: u64) -> u64 {
        // Spelt once: a rebuild asks for the key of some 20,000 copies.
        static HOW: std::sync::LazyLock<[String; 2]> = std::sync::LazyLock::new(|| {
            [BROTLI_QUALITY_ASSETS, BROTLI_QUALITY_PAGES]
                .map(|q| format!("br q{q} w{BROTLI_MIN_WINDOW}-{BROTLI_WINDOW}"))
        });
        let how = match self {
            Encoding::Brotli if brotli_quality(path) == BROTLI_QUALITY_ASSETS => &HOW[0],
            Encoding::Brotli => &HOW[1],
            Encoding::Gzip => "gz best mtime0",
        };
        xxhash_rust::xxh3::xxh3_64_with_seed(how.as_bytes(), source)
    }
}

impl Encoding {
    /// The cache's key for a copy of a source of hash `source` and `len`
    /// bytes: the manifest's key, and the length beside it.
    fn cache_key(self, path: &str, source: u64, len: u64) -> u128 {
        (u128::from(self.key(path, source)) << 64) | u128::from(len)
    }
}

/// Brotli's quality for the file at `path`.
fn brotli_quality(path: &str) -> u32 {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    if ["css", "js", "mjs"].contains(&extension) {
        BROTLI_QUALITY_ASSETS
    } else {
        BROTLI_QUALITY_PAGES
    }
}

/// `bytes` in brotli at `quality`.
///
/// Through the crate's one-shot entry point (its C interface) rather than
/// its generic Rust one: the generic encoder is compiled into faro itself,
/// unoptimised in a debug build, where it took ten times longer; this one
/// is compiled, optimised, in the brotli crate.
fn brotli_compress(bytes: &[u8], quality: u32) -> Vec<u8> {
    use brotli::ffi::compressor::{
        BrotliEncoderCompress, BrotliEncoderMaxCompressedSize, BrotliEncoderMode,
    };
    // A window no larger than the file (but see BROTLI_MIN_WINDOW): the
    // same output, without setting up the tables of a 4 MB window for every
    // small file.
    let window =
        (usize::BITS - bytes.len().leading_zeros()).clamp(BROTLI_MIN_WINDOW, BROTLI_WINDOW);
    let mut out = vec![0u8; BrotliEncoderMaxCompressedSize(bytes.len())];
    let mut written = out.len();
    // SAFETY: the input pointer and length come from one slice, the output
    // pointer and `written` from one buffer of that many bytes, which the
    // encoder writes no further than; both outlive the call.
    let ok = unsafe {
        BrotliEncoderCompress(
            quality as i32,
            window as i32,
            BrotliEncoderMode::BROTLI_MODE_TEXT,
            bytes.len(),
            bytes.as_ptr(),
            &mut written,
            out.as_mut_ptr(),
        )
    };
    if ok == 1 {
        out.truncate(written);
        return out;
    }
    // It fails only when the output does not fit, which the size above
    // rules out; were it to, the generic encoder makes the same stream.
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: quality as i32,
        lgwin: window as i32,
        ..Default::default()
    };
    let _ = brotli::BrotliCompress(&mut &bytes[..], &mut out, &params);
    out
}

/// Whether a file at `path` of `len` bytes gets compressed copies.
pub fn worth_compressing(path: &str, len: u64) -> bool {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    let least = match extension {
        "csv" | "json" => MIN_DATA_BYTES,
        _ => MIN_BYTES,
    };
    len >= least
        && !path.rsplit('/').next().unwrap_or(path).starts_with('.')
        && TEXT_EXTENSIONS.contains(&extension)
}

/// Puts a `.br` beside every file of `paths` worth compressing
/// (all of them put into `staging` by this build), in parallel, taken
/// from `cache` when it has it; returns their paths.
pub fn precompress(
    staging: &Staging,
    paths: &[OutputPath],
    cache: &Cache,
) -> Result<Vec<OutputPath>, Diagnostics> {
    let jobs: Vec<(&OutputPath, u64, u64, Encoding)> = paths
        .iter()
        .zip(staging.put_files(paths))
        .filter_map(|(p, put)| put.map(|(len, hash)| (p, len, hash)))
        .filter(|(p, len, _)| worth_compressing(p.as_str(), *len))
        .flat_map(|(p, len, hash)| Encoding::WRITTEN.map(|e| (p, len, hash, e)))
        .collect();
    let made: Vec<Result<OutputPath, Diagnostics>> = jobs
        .par_iter()
        .map(|(path, len, hash, encoding)| {
            let copy = OutputPath::new(format!("{}.{}", path.as_str(), encoding.suffix()))
                .map_err(|e| Diagnostics::from(e.at(path.to_path().as_path())))?;
            let source = path.join_under(staging.path());
            let cache_key = encoding.cache_key(path.as_str(), *hash, *len);
            cache.note(cache_key);
            staging.put_derived(&copy, encoding.key(path.as_str(), *hash), || {
                if let Some(kept) = cache.get(cache_key) {
                    return Ok(kept);
                }
                let bytes = std::fs::read(&source).map_err(|e| {
                    problem!(
                        "compress-cannot-read",
                        &source,
                        0,
                        0,
                        error = crate::support::i18n::error_text(&e)
                    )
                })?;
                let compressed = encoding.compress(path.as_str(), &bytes);
                cache.put(cache_key, &compressed);
                Ok(compressed)
            })?;
            Ok(copy)
        })
        .collect();
    let mut copies = Vec::with_capacity(made.len());
    let mut diags = Diagnostics::default();
    for m in made {
        match m {
            Ok(copy) => copies.push(copy),
            Err(d) => diags.extend(d),
        }
    }
    diags.into_result(copies)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn each_encoding_gives_back_exactly_its_input() {
        let text = "<p>Visas emitidas: 158</p>\n".repeat(200);
        let br = Encoding::Brotli.compress("a.html", text.as_bytes());
        let mut back = Vec::new();
        brotli::Decompressor::new(br.as_slice(), 4096)
            .read_to_end(&mut back)
            .expect("brotli");
        assert_eq!(back, text.as_bytes());
        let gz = Encoding::Gzip.compress("a.html", text.as_bytes());
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(gz.as_slice())
            .read_to_end(&mut back)
            .expect("gzip");
        assert_eq!(back, text.as_bytes());
        assert!(br.len() < gz.len() && gz.len() < text.len() / 10);
    }

    /// The window size a brotli stream declares in its first bits (RFC 7932,
    /// section 9.1).
    fn window_bits(stream: &[u8]) -> u32 {
        let b = u32::from(stream[0]);
        match (b & 1, (b >> 1) & 7, (b >> 4) & 7) {
            (0, _, _) => 16,
            (_, n, _) if n != 0 => 17 + n,
            (_, _, m) if m != 0 => 8 + m,
            _ => 17,
        }
    }

    #[test]
    fn small_files_get_a_window_with_the_encoders_own_hasher() {
        // At 64 KB or less the encoder would zero a 32 MB table per file.
        let page = "<p>Pasaportes emitidos: 1,204</p>\n".repeat(100);
        let br = Encoding::Brotli.compress("a.html", page.as_bytes());
        assert_eq!(window_bits(&br), BROTLI_MIN_WINDOW);
        let big = "<td>Quetzaltenango</td>\n".repeat(40_000);
        let br = Encoding::Brotli.compress("a.html", big.as_bytes());
        assert_eq!(window_bits(&br), 20);
    }

    #[test]
    fn a_copys_key_names_its_source_encoding_and_settings() {
        // As earlier builds recorded them: a faro that spelt them otherwise
        // would compress every file again once.
        let key = |how: &str| xxhash_rust::xxh3::xxh3_64_with_seed(how.as_bytes(), 7);
        assert_eq!(Encoding::Brotli.key("a.html", 7), key("br q5 w17-22"));
        assert_eq!(Encoding::Brotli.key("css/a.css", 7), key("br q11 w17-22"));
        assert_eq!(Encoding::Gzip.key("a.html", 7), key("gz best mtime0"));
        assert_ne!(Encoding::Gzip.key("a.html", 8), key("gz best mtime0"));
    }

    #[test]
    fn only_text_files_of_a_kilobyte_or_more_are_compressed() {
        assert!(worth_compressing("index.html", 1024));
        assert!(!worth_compressing("index.html", 1023));
        assert!(worth_compressing("datos/informes.csv", 70_000));
        // A month's own data is compressed by the server when asked.
        assert!(!worth_compressing("informes/2024/01/datos.csv", 5000));
        assert!(!worth_compressing("comparar/2024/datos.json", 30_000));
        assert!(!worth_compressing("informes/2024/01/fotos/a.webp", 50_000));
        assert!(!worth_compressing("pagefind/wasm.es.pagefind", 50_000));
        assert!(!worth_compressing("pagefind/index/es_1.pf_index", 50_000));
        assert!(!worth_compressing(".htaccess", 5000));
        assert!(!worth_compressing("index.html.br", 5000));
    }

    #[test]
    fn standalone_drawings_and_gzip_are_left_to_the_server() {
        assert!(!worth_compressing("informes/2024/01/visas.svg", 50_000));
        assert!(!worth_compressing("favicon.svg", 5000));
        assert_eq!(Encoding::WRITTEN, [Encoding::Brotli]);
    }
}
