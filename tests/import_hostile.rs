//! `faro import` and hostile documents (issue 25): a document made to
//! crash, hang or exhaust the reader is refused on its own, with its
//! reason, and the rest of the batch is imported; only regular files are
//! read; an interrupted `--force` never loses the month.
//!
//! The hostile PDFs are written here, a few hundred bytes each. The tests
//! bound the work they allow with the command's own limits
//! (`--max-memory`, `--max-seconds`), never with a clock of their own.

mod common;
#[path = "../fuzz/import_harness.rs"]
mod import_harness;

use common::Site;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The January 2024 report as plain text: the good file of each batch.
fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/informe-enero-2024.txt")
}

/// `faro import ARGS` on the site. `FARO_HOSTILE_BIN` runs another faro
/// instead (an older one, to see these tests fail without the fence); the
/// limits, which it does not know, are left out.
fn import(site: &Site, args: &[&str]) -> Output {
    let Some(bin) = std::env::var_os("FARO_HOSTILE_BIN") else {
        let mut all = vec!["import"];
        all.extend_from_slice(args);
        return site.faro(&all);
    };
    let mut kept = Vec::new();
    let mut args = args.iter();
    while let Some(a) = args.next() {
        if a.starts_with("--max-") {
            args.next();
        } else {
            kept.push(*a);
        }
    }
    std::process::Command::new(bin)
        .env("FARO_LANG", "en")
        .arg("import")
        .args(kept)
        .arg("--root")
        .arg(site.root())
        .output()
        .expect("run faro")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A PDF from its objects (numbered from 1; object 1 is the catalog),
/// with a correct cross-reference table.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn obj(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

/// A stream object: `dict` (without its /Length) and its bytes.
fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut o = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    o.extend_from_slice(data);
    o.extend_from_slice(b"\nendstream");
    o
}

const CATALOG: &str = "<< /Type /Catalog /Pages 2 0 R >>";
const PAGES: &str = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
const FONT: &str =
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";

/// One page (object 3) whose resources name the font 4 and the XObjects
/// `xobjects` (`/X1 6 0 R`…), drawing content stream 5.
fn page(xobjects: &str) -> Vec<u8> {
    obj(&format!(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /Font << /F1 4 0 R >> /XObject << {xobjects} >> >> /Contents 5 0 R >>"
    ))
}

/// A Form XObject that draws itself: a reader that follows forms without
/// a depth limit recurses until its stack overflows.
fn self_drawing_form() -> Vec<u8> {
    pdf(&[
        obj(CATALOG),
        obj(PAGES),
        page("/X1 6 0 R"),
        obj(FONT),
        stream("", b"BT /F1 12 Tf 20 100 Td (Enero) Tj ET /X1 Do"),
        stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 200 200] /Resources << /XObject << /X1 6 0 R >> >>",
            b"/X1 Do",
        ),
    ])
}

/// Forms nested ten deep, each drawing the next ten times: 10^10 draws of
/// a line of text from a file of a thousand bytes.
fn nested_forms() -> Vec<u8> {
    let mut objects = vec![
        obj(CATALOG),
        obj(PAGES),
        page("/X1 6 0 R"),
        obj(FONT),
        stream("", b"/X1 Do"),
    ];
    for level in 1..=10 {
        let id = 5 + level;
        if level < 10 {
            let draws = "/X1 Do ".repeat(10);
            objects.push(stream(
                &format!(
                    "/Type /XObject /Subtype /Form /BBox [0 0 200 200] /Resources << /XObject << /X1 {} 0 R >> >>",
                    id + 1
                ),
                draws.as_bytes(),
            ));
        } else {
            objects.push(stream(
                "/Type /XObject /Subtype /Form /BBox [0 0 200 200] /Resources << /Font << /F1 4 0 R >> >>",
                b"BT /F1 12 Tf 20 100 Td (Enero de muchas veces) Tj ET",
            ));
        }
    }
    pdf(&objects)
}

/// A page that is its own parent: walking up for inherited resources
/// never ends.
fn self_parent_page() -> Vec<u8> {
    pdf(&[
        obj(CATALOG),
        obj(PAGES),
        obj("<< /Type /Page /Parent 3 0 R /MediaBox [0 0 200 200] /Contents 5 0 R >>"),
        obj(FONT),
        stream("", b"BT /F1 12 Tf 20 100 Td (Enero) Tj ET"),
    ])
}

/// A content stream of a few hundred kilobytes that inflates to `mb`
/// megabytes of spaces.
fn inflating_stream(mb: usize) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..mb {
        z.write_all(&chunk).expect("deflate");
    }
    let data = z.finish().expect("deflate");
    pdf(&[
        obj(CATALOG),
        obj(PAGES),
        page(""),
        obj(FONT),
        stream("/Filter /FlateDecode", &data),
    ])
}

/// Imports the good seed and `bad` (name, bytes) in one batch, with the
/// given limits; checks the seed is imported, every bad file refused with
/// its line naming `why`, and the summary counts them.
fn batch(bad: &[(&str, Vec<u8>, &[&str])], limits: &[&str]) {
    let site = Site::new();
    let mut args = vec![seed().to_str().unwrap().to_string()];
    for (name, bytes, _) in bad {
        site.write_bytes(&format!("in/{name}"), bytes);
        args.push(site.path(&format!("in/{name}")).display().to_string());
    }
    args.extend(limits.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = import(&site, &args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{}\n{err}", stdout(&out));
    for (name, _, why) in bad {
        let line = err
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not named:\n{err}"));
        assert!(line.contains("was not imported"), "{name}: {line}");
        assert!(why.iter().any(|w| line.contains(w)), "{name}: {line}");
    }
    assert!(
        stdout(&out).contains(&format!("1 imported, {} not imported", bad.len())),
        "{}\n{err}",
        stdout(&out)
    );
    assert!(site.path("content/informes/2024/01/index.md").is_file());
}

#[test]
fn a_self_drawing_form_is_refused_and_the_batch_goes_on() {
    batch(
        &[("propio.pdf", self_drawing_form(), &["draws itself"])],
        &["--max-memory", "512", "--max-seconds", "20"],
    );
}

#[test]
fn nested_forms_and_a_self_parent_page_are_refused() {
    batch(
        &[
            ("anidado.pdf", nested_forms(), &["draw more than 64 MiB"]),
            ("padre.pdf", self_parent_page(), &["its own parent"]),
        ],
        &["--max-memory", "256", "--max-seconds", "5"],
    );
}

#[test]
fn an_inflating_stream_is_refused() {
    batch(
        &[(
            "inflado.pdf",
            inflating_stream(400),
            &["inflates to more than 32 MiB"],
        )],
        &["--max-memory", "256", "--max-seconds", "20"],
    );
}

#[cfg(unix)]
#[test]
fn only_regular_files_are_read() {
    let site = Site::new();
    let dir = site.path("in");
    std::fs::create_dir_all(&dir).unwrap();
    // A link to a device that never ends, a FIFO nobody writes to, a socket.
    std::os::unix::fs::symlink("/dev/zero", dir.join("cero.docx")).unwrap();
    let fifo = dir.join("tubo.docx");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let socket = dir.join("enchufe.pdf");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    // (A folder is not refused: `faro import` reads the documents in it,
    // src/import/batch.rs.)
    let files = ["cero.docx", "tubo.docx", "enchufe.pdf"];
    let mut args = vec![seed().display().to_string()];
    args.extend(files.iter().map(|f| dir.join(f).display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = import(&site, &args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for (file, why) in files
        .iter()
        .zip(["is a device", "named pipe", "is a socket"])
    {
        let line = err
            .lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("{file} not named:\n{err}"));
        assert!(line.contains(why), "{file}: {line}");
    }
    assert!(stdout(&out).contains("1 imported, 3 not imported"));
}

#[cfg(unix)]
#[test]
fn a_link_to_a_regular_file_is_followed() {
    let site = Site::new();
    std::fs::create_dir_all(site.path("in")).unwrap();
    std::os::unix::fs::symlink(seed(), site.path("in/enlace.txt")).unwrap();
    let out = import(&site, &[site.path("in/enlace.txt").to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
}

fn read(site: &Site, rel: &str) -> String {
    std::fs::read_to_string(site.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Everything under the report's folder: name → bytes.
fn folder(site: &Site) -> Vec<(String, Vec<u8>)> {
    let dir = site.path("content/informes/2024/01");
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| {
                    let bytes = std::fs::read(e.path()).unwrap_or_default();
                    (e.file_name().to_string_lossy().into_owned(), bytes)
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn an_interrupted_force_keeps_the_old_report_or_the_new_one() {
    let old = common::report("2024-01", "", "Mano.\n");
    // The new report, as an uninterrupted run writes it.
    let reference = Site::new();
    reference.write("content/informes/2024/01/index.md", &old);
    let out = import(&reference, &[seed().to_str().unwrap(), "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let new = read(&reference, "content/informes/2024/01/index.md");
    assert_ne!(new, old);
    let clean = folder(&reference);
    // Stopped at its first write, its second… until a run is not stopped.
    let mut stopped = 0;
    for at in 1.. {
        assert!(at < 100, "the write has no end");
        let site = Site::new();
        site.write("content/informes/2024/01/index.md", &old);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_faro"))
            .args(["import", seed().to_str().unwrap(), "--force"])
            .current_dir(site.root())
            .env("FARO_LANG", "en")
            .env("FARO_TEST_FAIL_AT", at.to_string())
            .output()
            .expect("faro runs");
        if out.status.code() != Some(86) {
            assert!(out.status.success(), "{}", stderr(&out));
            break;
        }
        stopped += 1;
        let index = std::fs::read_to_string(site.path("content/informes/2024/01/index.md"))
            .unwrap_or_else(|e| panic!("stopped at {at}: no index.md ({e})"));
        assert!(index == old || index == new, "stopped at {at}: {index}");
        // The next run clears what was left and imports.
        let out = import(&site, &[seed().to_str().unwrap(), "--force"]);
        assert!(
            out.status.success(),
            "after a stop at {at}: {}",
            stderr(&out)
        );
        assert_eq!(read(&site, "content/informes/2024/01/index.md"), new);
        let after = folder(&site);
        let names: Vec<&str> = after.iter().map(|(n, _)| n.as_str()).collect();
        assert!(
            !names.iter().any(|n| n.contains("faro-import")),
            "stopped at {at}: {names:?}"
        );
        // The old report is kept in a backup.
        assert!(
            after
                .iter()
                .any(|(n, b)| n.ends_with(".bak") && b == old.as_bytes()),
            "stopped at {at}: {names:?}"
        );
        if index == old {
            // Stopped before the new report was in place: the next run
            // ends as an uninterrupted one.
            assert_eq!(after, clean, "stopped at {at}");
        }
    }
    assert!(stopped >= 5, "only {stopped} points were tried");
}

/// Every way a worker can end badly, from the worker's test hook (debug
/// builds): each is its file's refusal with its reason; the batch goes on.
#[test]
fn every_failing_worker_is_one_refusal() {
    let site = Site::new();
    let endings = [
        ("spin", "did not finish in 3 s"),
        ("sleep", "did not finish in 3 s"),
        ("memory", "memory limit of 128 MiB"),
        ("stack", "ran out of stack"),
        ("abort", "reader stopped on this file (signal 6)"),
        ("garble", "answer could not be read"),
    ];
    let mut args = vec![seed().display().to_string()];
    for (how, _) in endings {
        site.write(
            &format!("in/{how}.txt"),
            &format!("FARO-TEST-WORKER {how}\n"),
        );
        args.push(site.path(&format!("in/{how}.txt")).display().to_string());
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_faro"))
        .arg("import")
        .args(&args)
        .args(["--max-memory", "128", "--max-seconds", "3", "--root"])
        .arg(site.root())
        .env("FARO_LANG", "en")
        .env("FARO_TEST_WORKER", "1")
        .output()
        .expect("faro runs");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for (how, why) in endings {
        let line = err
            .lines()
            .find(|l| l.contains(&format!("{how}.txt")))
            .unwrap_or_else(|| panic!("{how} not named:\n{err}"));
        assert!(line.contains(why), "{how}: {line}");
    }
    assert!(
        stdout(&out).contains("1 imported, 6 not imported"),
        "{}",
        stdout(&out)
    );
    assert!(site.path("content/informes/2024/01/index.md").is_file());
}

/// Finding links takes work in proportion to the text: four times the
/// text, about four times the bytes examined (a scan that starts over
/// after each link takes sixteen).
#[test]
fn finding_links_takes_linear_work() {
    for sample in [
        "ver http://a.gt/x y ",
        "ver https://a.gt/x y ",
        "http http:/ <https://b.gt/>. ",
    ] {
        let steps = |n: usize| {
            let mut steps = 0;
            let text = sample.repeat(n);
            let found = faro::import::doc::scan_links(&text, &mut steps);
            assert_eq!(
                faro::import::doc::plain(&found),
                text.replace(['<', '>'], "")
            );
            assert!(steps >= text.len() as u64 / 2, "{sample}: {steps}");
            steps
        };
        let (small, big) = (steps(2_000), steps(8_000));
        assert!(big <= small * 5, "{sample}: {small} → {big} steps");
    }
}

/// A four-megapixel image drawn a thousand times: decoded once (a
/// thousand decodes and PNG encodes would run past the time limit), and
/// left out as a repeated image, like a logo on every page.
#[test]
fn an_image_drawn_a_thousand_times_is_decoded_once() {
    let (w, h) = (2000, 2000);
    let pixels: Vec<u8> = (0..w * h * 3).map(|i| (i % 251) as u8).collect();
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(&pixels).expect("deflate");
    let image = z.finish().expect("deflate");
    let draws = "q 40 0 0 30 10 10 cm /Im1 Do Q\n".repeat(1000);
    let doc = pdf(&[
        obj(CATALOG),
        obj(PAGES),
        page("/Im1 6 0 R"),
        obj(FONT),
        stream("", draws.as_bytes()),
        stream(
            &format!(
                "/Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode"
            ),
            &image,
        ),
    ]);
    // Read to the end: refused only because a page of images has no table.
    batch(
        &[("logo.pdf", doc, &["no tables"])],
        &["--max-memory", "1024", "--max-seconds", "20"],
    );
}

/// The import fuzz targets' seeds (fuzz/import-seeds/) go through the
/// targets' own checks (fuzz/import_harness.rs): the harness builds and
/// holds on its corpus without a fuzzer.
#[test]
fn the_import_fuzz_seeds_pass_the_fuzz_checks() {
    import_harness::quiet_panics();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/import-seeds");
    let mut seen = 0;
    for ext in ["docx", "pdf", "txt"] {
        for entry in std::fs::read_dir(root.join(ext)).expect("seeds") {
            let bytes = std::fs::read(entry.expect("seed").path()).expect("seed");
            import_harness::exercise(ext, &bytes);
            seen += 1;
        }
    }
    assert!(seen >= 7, "{seen} seeds");
}

/// A Word document that uses one photo of a megabyte a thousand times:
/// unpacked once (a thousand unpackings would be a gigabyte, over the
/// 200 MB limit), and left out as a repeated image.
#[test]
fn a_word_image_used_a_thousand_times_is_unpacked_once() {
    let img = image::RgbImage::from_fn(600, 600, |x, y| {
        let v = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)) as u8;
        image::Rgb([v, v.wrapping_mul(7), v.wrapping_mul(13)])
    });
    let mut png = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut png, image::ImageFormat::Png)
        .expect("png");
    let png = png.into_inner();
    assert!(png.len() > 500_000, "{}", png.len());
    let blip = r#"<w:p><w:r><w:drawing><a:blip xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" r:embed="rId5"/></w:drawing></w:r></w:p>"#;
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body><w:p><w:r><w:t>Fotos</w:t></w:r></w:p>{}</w:body></w:document>"#,
        blip.repeat(1000)
    );
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/></Relationships>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in [
        ("word/document.xml", document.as_bytes()),
        ("word/_rels/document.xml.rels", rels.as_bytes()),
        ("word/media/image1.png", &png[..]),
    ] {
        zip.start_file(name, opts).expect("zip");
        zip.write_all(bytes).expect("zip");
    }
    let docx = zip.finish().expect("zip").into_inner();
    // Read to the end: refused only because it has no table.
    batch(
        &[("fotos.docx", docx, &["no tables"])],
        &["--max-memory", "1024", "--max-seconds", "30"],
    );
}
