//! The photo pipeline end to end on real files: orientation, sizes,
//! transparency, bad photos, the cache and the copies it publishes.

use super::cache::is_entry_name;
use super::decode::jpeg_is_complete;
use super::*;
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use image::{GenericImageView, ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};
use std::io::Cursor;
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
    crate::support::i18n::set_lang(crate::support::i18n::Lang::Es);
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
