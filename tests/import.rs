//! `faro import`: the seed's text, Word documents written by the test and
//! PDFs made from them by LibreOffice become draft reports that
//! `faro build --drafts` accepts; refusals write nothing.
//!
//! The PDF tests need LibreOffice (`soffice`, apt: libreoffice-writer-nogui,
//! installed by `.ci/run`). They run under the harness of the browser tests
//! (`tests/common/harness.rs`): without LibreOffice they are reported as
//! ignored, with the reason, and with CI=true they fail.

mod common;
#[path = "import/docx_writer.rs"]
#[allow(dead_code)]
mod docx_writer;
// Its `to_pdf` (LibreOffice, a private profile) is shared with the layout tests.
#[path = "import/layout.rs"]
#[allow(dead_code)]
mod layout;

use common::Site;
use common::harness::{self, Test, Tool};
use docx_writer::{Part, docx, p, table};
use std::path::{Path, PathBuf};
use std::process::Output;

fn main() {
    let test = |name, needs, run| Test { name, needs, run };
    harness::main(&[
        test(
            "the_seed_text_becomes_a_report_that_builds",
            &[],
            the_seed_text_becomes_a_report_that_builds,
        ),
        test(
            "uncertain_values_are_left_empty_with_a_comment",
            &[],
            uncertain_values_are_left_empty_with_a_comment,
        ),
        test(
            "a_word_document_imports_with_its_photos_and_links",
            &[],
            a_word_document_imports_with_its_photos_and_links,
        ),
        test(
            "a_second_month_reuses_the_archives_ids",
            &[],
            a_second_month_reuses_the_archives_ids,
        ),
        test(
            "an_existing_month_is_refused_unless_forced",
            &[],
            an_existing_month_is_refused_unless_forced,
        ),
        test(
            "refusals_write_nothing_and_one_bad_file_does_not_stop_the_others",
            &[],
            refusals_write_nothing_and_one_bad_file_does_not_stop_the_others,
        ),
        test(
            "period_given_on_the_command_line",
            &[],
            period_given_on_the_command_line,
        ),
        test(
            "the_command_refuses_over_200_mb_and_over_10000_images",
            &[],
            the_command_refuses_over_200_mb_and_over_10000_images,
        ),
        test(
            "two_files_of_one_month_in_one_run",
            &[],
            two_files_of_one_month_in_one_run,
        ),
        test(
            "size_and_image_limits_refuse_a_document",
            &[],
            size_and_image_limits_refuse_a_document,
        ),
        test(
            "a_panic_in_a_pdf_parser_is_that_files_error",
            &[],
            a_panic_in_a_pdf_parser_is_that_files_error,
        ),
        test(
            "a_pdf_link_keeps_its_address",
            &[],
            a_pdf_link_keeps_its_address,
        ),
        test("dry_run_writes_nothing", &[], dry_run_writes_nothing),
        test(
            "the_summary_lists_every_point_to_review_and_the_title_stays_out_of_the_body",
            &[],
            the_summary_lists_every_point_to_review_and_the_title_stays_out_of_the_body,
        ),
        test(
            "never_writes_through_a_symlink_out_of_the_site",
            &[],
            never_writes_through_a_symlink_out_of_the_site,
        ),
        test(
            "a_pdf_and_its_word_document_give_the_same_front_matter",
            &[Tool::Soffice],
            a_pdf_and_its_word_document_give_the_same_front_matter,
        ),
    ])
}

/// The January 2024 report as plain text, laid out as the institute's
/// exports are, from the facts of `content/informes/2024/01/index.md`.
fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/informe-enero-2024.txt")
}

fn import(site: &Site, args: &[&str]) -> Output {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    site.faro(&all)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn read(site: &Site, rel: &str) -> String {
    std::fs::read_to_string(site.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The front matter of a report file, without the lines naming the source.
fn front_matter(text: &str) -> String {
    let end = text[4..].find("\n---\n").expect("front matter") + 4;
    text[..end]
        .lines()
        .filter(|l| {
            !l.starts_with("source_document:")
                && !l.contains("source_sha256")
                && !l.contains("source_file:")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn report(site: &Site, period: &str) -> faro::load::model::Report {
    let rel = format!(
        "content/informes/{}/{}/index.md",
        &period[..4],
        &period[5..]
    );
    faro::load::parse_report_text(Path::new(&rel), &read(site, &rel), period)
        .unwrap_or_else(|d| panic!("{d}"))
}

fn build_drafts(site: &Site) {
    let out = site.faro(&["build", "--drafts"]);
    assert!(
        out.status.success(),
        "build --drafts failed:\n{}",
        stderr(&out)
    );
}

fn the_seed_text_becomes_a_report_that_builds() {
    let site = Site::new();
    let out = import(&site, &[seed().to_str().unwrap()]);
    assert!(out.status.success(), "{}\n{}", stdout(&out), stderr(&out));
    let r = report(&site, "2024-01");
    assert!(r.draft);
    let numbers: Vec<Option<u32>> = r.tables.iter().map(|t| t.number).collect();
    assert_eq!(numbers, [Some(1), Some(3), Some(2), Some(4)]);
    // `(1,749)` and `Emisión de 70,173 documentos` are both caption totals.
    let totals: Vec<Option<u64>> = r.tables.iter().map(|t| t.total).collect();
    assert_eq!(totals, [Some(1749), Some(70173), Some(6702), Some(1025875)]);
    let t1 = &r.tables[0];
    assert_eq!(
        t1.title,
        "Registro, control y emisión de visas y residencias"
    );
    assert_eq!(t1.unit, "Cantidad de documentos");
    assert_eq!(
        t1.source.as_deref(),
        Some("Ejecución mensual de metas físicas, Subdirección de Planificación.")
    );
    assert_eq!(t1.rows[2].label, "Registro de extranjería");
    assert_eq!(t1.rows[2].value, Some(1350));
    assert_eq!(r.tables[3].rows[0].value, Some(1025875));
    let intro = r.extra["intro"].as_str().unwrap_or_default();
    assert!(intro.starts_with("En enero el Instituto"), "{intro}");
    let body = &r.body;
    assert!(body.contains("## 01. Política Migratoria\n"), "{body}");
    assert!(body.contains("### 01.1 Departamento de Estudios y Políticas Migratorias.\n"));
    assert!(body.contains("<https://igm.gob.gt/>"));
    assert_eq!(body.matches("\nFoto: ").count(), 10, "{body}");
    assert!(!body.contains("Información cualitativa"));
    assert!(!body.contains("Informe de actividades relevantes IGM"));
    assert!(
        stdout(&out).contains("10 photo captions have no image"),
        "{}",
        stdout(&out)
    );
    build_drafts(&site);
}

fn uncertain_values_are_left_empty_with_a_comment() {
    let site = Site::new();
    site.write(
        "in/informe.txt",
        "— MARZO, 2024 —\n\nCuadro 1. Visas (12).\n\nVisas\tCantidad\nEmitidas\t15O\nNegadas\t\nRenovadas\t12\n\nFuente: Planificación.\n\n01. Uno\n\nTexto.\n",
    );
    let out = import(&site, &[site.path("in/informe.txt").to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = read(&site, "content/informes/2024/03/index.md");
    assert!(
        text.contains("value:   # REVISAR: the document has \"15O\" here"),
        "{text}"
    );
    assert!(
        text.contains("value:   # REVISAR: the document has an empty cell here"),
        "{text}"
    );
    assert!(
        stdout(&out).contains("2 places need review"),
        "{}",
        stdout(&out)
    );
    let r = report(&site, "2024-03");
    assert_eq!(
        r.tables[0].rows.iter().map(|r| r.value).collect::<Vec<_>>(),
        [None, None, Some(12)]
    );
    // The caption's 12 equals no complete sum: never a guessed total.
    assert_eq!(r.tables[0].total, None);
    build_drafts(&site);
}

/// The report every Word and PDF test uses: two tables, one with a `Total`
/// row and numbers without separators, one with a label that wraps over
/// three lines; two photos with captions, a logo in the page header.
fn word_report(month: &str, photos: bool) -> Vec<u8> {
    let mut parts = vec![
        p("INFORME DE ACTIVIDADES RELEVANTES"),
        p(&format!("— {month}, 2024 —")),
        p("Información cuantitativa:"),
        p("En el mes el Instituto brindó los siguientes servicios:"),
        p("Cuadro 1. Registro de visas."),
        table(&[
            &["Registro de visas", "Cantidad de documentos"],
            &["Visas emitidas", "158"],
            &["Residencias emitidas", "1241"],
            &["TOTAL", "1399"],
        ]),
        p("Fuente: Subdirección de Planificación."),
        p("Cuadro 2. Asistencia a 6,702 personas."),
        table(&[
            &["Asistencia a migrantes", "Cantidad de personas"],
            &[
                "Migrantes nacionales y extranjeros atendidos para la protección de sus derechos",
                "355",
            ],
            &["Migrantes en albergues", "6,347"],
        ]),
        p("Fuente: Subdirección de Planificación."),
        p("Información cualitativa:"),
        p("01. Política Migratoria"),
        p("01.1 Departamento de Estudios."),
        p("Se realizó una reunión de planificación con la participación de la OIM."),
    ];
    if photos {
        parts.push(Part::Image(common::jpeg(64, 48), "jpeg"));
        parts.push(p(
            "Foto: Departamento de Estudios. Reunión de planificación con la OIM.",
        ));
    }
    parts.push(Part::Link(
        "Los formularios están en ".into(),
        "la página del Instituto".into(),
        "https://igm.gob.gt/".into(),
    ));
    if photos {
        parts.push(Part::Image(png(40, 30), "png"));
        parts.push(p(
            "Foto: Subdirección de Extranjería. Mesa técnica de formularios.",
        ));
    }
    parts.push(p("02. Control Migratorio"));
    parts.push(p("Se atendió a 68 personas migrantes."));
    docx(&parts, photos.then(|| png(16, 16)).as_deref())
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img =
        image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x * 5) as u8, (y * 7) as u8, 200]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}

fn check_word_report(site: &Site, period: &str) {
    let r = report(site, period);
    assert_eq!(r.tables.len(), 2);
    let t1 = &r.tables[0];
    assert_eq!((t1.number, t1.total), (Some(1), Some(1399)));
    assert_eq!(
        t1.rows.iter().map(|r| r.value).collect::<Vec<_>>(),
        [Some(158), Some(1241)]
    );
    assert_eq!(t1.source.as_deref(), Some("Subdirección de Planificación."));
    let t2 = &r.tables[1];
    assert_eq!(
        t2.rows[0].label,
        "Migrantes nacionales y extranjeros atendidos para la protección de sus derechos"
    );
    assert_eq!(t2.total, Some(6702));
    assert_eq!(t2.unit, "Cantidad de personas");
    assert!(
        r.body.contains("### 01.1 Departamento de Estudios.\n"),
        "{}",
        r.body
    );
    assert!(r.body.contains("## 02. Control Migratorio\n"));
}

fn a_word_document_imports_with_its_photos_and_links() {
    let site = Site::new();
    site.write_bytes("in/Informe Febrero.docx", &word_report("FEBRERO", true));
    let out = import(
        &site,
        &[
            site.path("in/Informe Febrero.docx").to_str().unwrap(),
            "--keep-original",
        ],
    );
    assert!(out.status.success(), "{}\n{}", stdout(&out), stderr(&out));
    check_word_report(&site, "2024-02");
    let text = read(&site, "content/informes/2024/02/index.md");
    assert!(
        text.contains("source_document: \"informe-febrero.docx\""),
        "{text}"
    );
    assert!(
        site.path("content/informes/2024/02/informe-febrero.docx")
            .is_file()
    );
    assert!(
        text.contains("[la página del Instituto](<https://igm.gob.gt/>)"),
        "{text}"
    );
    assert!(text.contains(
        "![Reunión de planificación con la OIM](foto-01.jpg \"Foto: Departamento de Estudios. Reunión de planificación con la OIM.\")"
    ), "{text}");
    assert!(
        text.contains("](foto-02.png \"Foto: Subdirección de Extranjería."),
        "{text}"
    );
    assert_eq!(
        std::fs::read(site.path("content/informes/2024/02/foto-01.jpg")).unwrap(),
        common::jpeg(64, 48)
    );
    build_drafts(&site);
}

fn a_second_month_reuses_the_archives_ids() {
    let site = Site::new();
    site.write(
        "content/informes/2024/01/index.md",
        "---\nperiod: 2024-01\ntables:\n  - id: visas\n    title: \"Registro de Visas\"\n    unit: u\n    rows:\n      - label: \"Visas Emitidas\"\n        id: emitidas\n        value: 1\n  - id: asistencia\n    title: \"Asistencia a migrantes\"\n    unit: u\n    rows:\n      - label: \"Migrantes en albergues\"\n        id: albergues\n        value: 2\n---\n",
    );
    site.write_bytes("in/febrero.docx", &word_report("FEBRERO", false));
    let out = import(&site, &[site.path("in/febrero.docx").to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let r = report(&site, "2024-02");
    assert_eq!(r.tables[0].id, "visas");
    assert_eq!(r.tables[0].rows[0].id, "emitidas");
    assert_eq!(r.tables[1].id, "asistencia");
    assert_eq!(r.tables[1].rows[1].id, "albergues");
    let said = stdout(&out);
    assert!(said.contains("new ids"), "{said}");
    assert!(said.contains("visas/residencias-emitidas"), "{said}");
    assert!(!said.contains("visas/emitidas"), "{said}");
    build_drafts(&site);
}

fn an_existing_month_is_refused_unless_forced() {
    let site = Site::new();
    site.write(
        "content/informes/2024/01/index.md",
        &common::report("2024-01", "", "Mano.\n"),
    );
    let before = common::snapshot(&site.path("content"));
    let out = import(&site, &[seed().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("already exists: use --force"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        common::snapshot(&site.path("content")),
        before,
        "nothing may change"
    );
    let out = import(&site, &[seed().to_str().unwrap(), "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        read(&site, "content/informes/2024/01/index.md.bak"),
        common::report("2024-01", "", "Mano.\n")
    );
    assert_eq!(report(&site, "2024-01").tables.len(), 4);
    build_drafts(&site);
}

fn refusals_write_nothing_and_one_bad_file_does_not_stop_the_others() {
    let site = Site::new();
    let bad = [
        (
            "no-tables.txt",
            b"\xe2\x80\x94 ENERO, 2024 \xe2\x80\x94\n\nSolo texto.\n".to_vec(),
            "no tables",
        ),
        (
            "no-period.txt",
            b"Cuadro 1. A.\n\nA\tB\nc\t1\n".to_vec(),
            "month was not found",
        ),
        (
            "corrupt.pdf",
            b"%PDF-1.4\nnot really".to_vec(),
            "not a readable PDF",
        ),
        (
            "corrupt.docx",
            b"PK\x03\x04broken".to_vec(),
            "not a readable .docx",
        ),
        (
            "locked.docx",
            [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0].to_vec(),
            "password-protected",
        ),
        (
            "encrypted.pdf",
            b"%PDF-1.4\ntrailer\n<< /Root 1 0 R /Encrypt 5 0 R >>\n%%EOF\n".to_vec(),
            "encrypted",
        ),
        ("notes.odt", b"x".to_vec(), "imports .docx, .pdf and .txt"),
    ];
    let mut args = vec![seed().to_str().unwrap().to_string()];
    for (name, bytes, _) in &bad {
        site.write_bytes(&format!("in/{name}"), bytes);
        args.push(
            site.path(&format!("in/{name}"))
                .to_str()
                .unwrap()
                .to_string(),
        );
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = import(&site, &args);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for (name, _, why) in &bad {
        let line = err
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not named:\n{err}"));
        assert!(line.contains(why), "{name}: {line}");
    }
    assert!(
        stdout(&out).contains("1 imported, 7 not imported"),
        "{}",
        stdout(&out)
    );
    let written: Vec<_> = walkdir::WalkDir::new(site.path("content/informes"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect();
    assert_eq!(written, [site.path("content/informes/2024/01/index.md")]);
}

fn period_given_on_the_command_line() {
    let site = Site::new();
    site.write(
        "in/sin-mes.txt",
        "Cuadro 1. Visas.\n\nVisas\tCantidad\nEmitidas\t5\n",
    );
    let file = site.path("in/sin-mes.txt");
    let out = import(&site, &[file.to_str().unwrap(), "--period", "2023-07"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(report(&site, "2023-07").tables[0].rows[0].value, Some(5));
    let out = import(&site, &[file.to_str().unwrap(), "--period", "2023-7"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a bad --period is a usage error"
    );
}

fn the_command_refuses_over_200_mb_and_over_10000_images() {
    let site = Site::new();
    // A sparse file: 200 MB and one byte that take no room on disk.
    let big = site.path("in/grande.pdf");
    std::fs::create_dir_all(big.parent().unwrap()).unwrap();
    std::fs::File::create(&big)
        .unwrap()
        .set_len(200_000_001)
        .unwrap();
    let many = site.path("in/muchas.docx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&many).unwrap());
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..10_001 {
        zip.start_file(format!("word/media/image{i}.png"), opts)
            .unwrap();
    }
    zip.finish().unwrap();
    let out = import(&site, &[big.to_str().unwrap(), many.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(
            "grande.pdf was not imported: the file weighs 200,000,001 bytes, more than the 200 MB"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "muchas.docx was not imported: the document has 10001 images, more than the 10000"
        ),
        "{err}"
    );
    assert!(!site.path("content/informes").exists());
}

fn two_files_of_one_month_in_one_run() {
    let site = Site::new();
    let copy = site.path("in/copia.txt");
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    std::fs::copy(seed(), &copy).unwrap();
    let out = import(&site, &[seed().to_str().unwrap(), copy.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("copia.txt was not imported: 2024-01 is also imported from"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("1 imported, 1 not imported"));
}

fn size_and_image_limits_refuse_a_document() {
    // Called in this process, not through the binary, where the language
    // is whichever the first test to print chose: the assertions below hold
    // in both (the numbers are what matters).
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("grande.docx");
    std::fs::write(&file, word_report("ENERO", true)).unwrap();
    // The document is read in a worker: the faro binary.
    let exe = Path::new(env!("CARGO_BIN_EXE_faro"));
    let small = faro::import::Limits {
        max_bytes: 1000,
        ..Default::default()
    };
    let err = faro::import::convert(&file, None, &small, exe)
        .err()
        .expect("refused");
    assert!(err.contains(" 0 MB"), "{err}");
    let few = faro::import::Limits {
        max_images: 2,
        ..Default::default()
    };
    let err = faro::import::convert(&file, None, &few, exe)
        .err()
        .expect("refused");
    assert!(err.contains(" 3 ") && err.contains(" 2"), "{err}");
    assert!(faro::import::convert(&file, None, &faro::import::Limits::default(), exe).is_ok());
}

fn a_panic_in_a_pdf_parser_is_that_files_error() {
    // A font with an encoding pdf-extract does not know makes it panic.
    let site = Site::new();
    site.write_bytes("in/raro.pdf", &odd_font_pdf());
    let out = import(&site, &[site.path("in/raro.pdf").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.contains("raro.pdf was not imported: the PDF reader failed"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

/// A one-page PDF whose font names an encoding that does not exist.
fn odd_font_pdf() -> Vec<u8> {
    one_page_pdf(
        "/NoSuchEncoding",
        "BT /F1 12 Tf 20 100 Td (Enero) Tj ET",
        "",
    )
}

/// A one-page PDF in Helvetica: `content` draws, `annots` lists annotations.
fn one_page_pdf(encoding: &str, content: &str, annots: &str) -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R /Annots [{annots}] >>"
        ),
        format!("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding {encoding} >>"),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len() + 1
        ),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

fn a_pdf_link_keeps_its_address() {
    // "Ver " is about 21 points wide in 12-point Helvetica: the link's
    // area covers "la pagina" after it.
    let annot = "<< /Type /Annot /Subtype /Link /Rect [42 95 90 115] /A << /S /URI /URI (https://igm.gob.gt/) >> >>";
    let pdf = one_page_pdf(
        "/WinAnsiEncoding",
        "BT /F1 12 Tf 20 100 Td (Ver la pagina.) Tj ET",
        annot,
    );
    let doc = faro::import::pdf::read(&pdf, &faro::import::Limits::default()).expect("reads");
    use faro::import::doc::{Block, Inline};
    let [Block::Para(inl)] = doc.blocks.as_slice() else {
        panic!("{:?}", doc.blocks)
    };
    assert_eq!(
        inl,
        &[
            Inline::Text("Ver ".into()),
            Inline::Link {
                text: "la pagina".into(),
                url: "https://igm.gob.gt/".into()
            },
            Inline::Text(".".into()),
        ]
    );
}

fn dry_run_writes_nothing() {
    let site = Site::new();
    let before = common::snapshot(site.root());
    let out = import(&site, &[seed().to_str().unwrap(), "--dry-run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("would write content/informes/2024/01/index.md"),
        "{}",
        stdout(&out)
    );
    assert_eq!(common::snapshot(site.root()), before);
}

#[cfg(unix)]
fn never_writes_through_a_symlink_out_of_the_site() {
    let site = Site::new();
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path("content")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path("content/informes")).unwrap();
    let out = import(&site, &[seed().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    // Refused either by the loader (a link out of the site) or by the
    // writer (a symbolic link on the way): nothing is written through it.
    let err = stderr(&out);
    assert!(
        err.contains("symbolic link") || err.contains("outside the site"),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
}

fn a_pdf_and_its_word_document_give_the_same_front_matter() {
    let work = tempfile::tempdir().unwrap();
    std::fs::write(work.path().join("abril.docx"), word_report("ABRIL", true)).unwrap();
    std::fs::write(work.path().join("seed.docx"), seed_as_word()).unwrap();
    layout::to_pdf(work.path(), &["abril.docx", "seed.docx"]);
    // The seed's whole layout, through Word and PDF, gives the seed's tables.
    for doc in ["seed.docx", "seed.pdf"] {
        let site = Site::new();
        let out = import(&site, &[work.path().join(doc).to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{doc}: {}\n{}",
            stdout(&out),
            stderr(&out)
        );
        let (from_txt, got) = (seed_tables(), report(&site, "2024-01").tables);
        assert_eq!(got, from_txt, "{doc}");
    }

    let (from_docx, from_pdf) = (Site::new(), Site::new());
    let out = import(
        &from_docx,
        &[work.path().join("abril.docx").to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = import(
        &from_pdf,
        &[work.path().join("abril.pdf").to_str().unwrap()],
    );
    assert!(out.status.success(), "{}\n{}", stdout(&out), stderr(&out));
    let rel = "content/informes/2024/04/index.md";
    assert_eq!(
        front_matter(&read(&from_pdf, rel)),
        front_matter(&read(&from_docx, rel))
    );
    // The label wrapped over three lines in the PDF joins into one.
    check_word_report(&from_pdf, "2024-04");
    let body = report(&from_pdf, "2024-04").body;
    assert!(
        body.contains("](foto-01.jpg \"Foto: Departamento de Estudios."),
        "{body}"
    );
    assert!(
        body.contains("\"Foto: Subdirección de Extranjería."),
        "{body}"
    );
    assert!(
        !from_pdf
            .path("content/informes/2024/04/foto-03.png")
            .exists(),
        "the header logo is dropped"
    );
    assert!(stdout(&out).contains("repeated images"), "{}", stdout(&out));
    build_drafts(&from_pdf);
}

/// The seed's text as a Word document: one paragraph a line, tab-separated
/// lines as a table.
fn seed_as_word() -> Vec<u8> {
    let text = std::fs::read_to_string(seed()).unwrap();
    let mut parts = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for line in text.lines() {
        if line.contains('\t') {
            rows.push(line.split('\t').map(str::to_string).collect());
            continue;
        }
        if !rows.is_empty() {
            parts.push(Part::Table(std::mem::take(&mut rows)));
        }
        if !line.trim().is_empty() {
            parts.push(p(line.trim()));
        }
    }
    docx(&parts, None)
}

/// The seed's tables as the text import reads them.
fn seed_tables() -> Vec<faro::load::model::Table> {
    let site = Site::new();
    let out = import(&site, &[seed().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    report(&site, "2024-01").tables
}

fn the_summary_lists_every_point_to_review_and_the_title_stays_out_of_the_body() {
    let site = Site::new();
    site.write(
        "in/informe.txt",
        "Informe de Actividades Relevantes\n\nInstituto Guatemalteco de Migración\n\n— MARZO, 2024 —\n\nEn marzo el Instituto brindó:\n\nCuadro 1. Visas emitidas (12).\n\nVisas\tCantidad\nEmitidas\t15O\nNegadas\t\nRenovadas\t12\n\nFuente: Planificación.\n\n01. Uno\n\nTexto.\n",
    );
    // Spanish by default.
    let out = site.faro_in(
        "es",
        &["import", site.path("in/informe.txt").to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let rel = "content/informes/2024/03/index.md";
    let text = read(&site, rel);
    let said = stdout(&out);
    let points: Vec<&str> = said
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with(&format!("{rel}:")))
        .collect();
    assert_eq!(points.len(), 2, "{said}");
    assert!(said.contains("2 puntos por revisar"), "{said}");
    for p in &points {
        let line: usize = p[rel.len() + 1..]
            .split(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let at = text.lines().nth(line - 1).unwrap();
        assert!(at.contains("# REVISAR"), "{p} → line {line}: {at}");
        let what = p.split_once(": ").map(|(_, w)| w).unwrap_or_default();
        assert!(at.contains(what), "{p} → {at}");
    }
    assert!(points[0].contains("el documento tiene \"15O\""), "{said}");
    let r = report(&site, "2024-03");
    assert_eq!(
        r.tables[0].caption.as_deref(),
        Some("Cuadro 1. Visas emitidas (12).")
    );
    assert!(!r.body.contains("Informe de Actividades"), "{}", r.body);
    assert!(!r.body.contains("Instituto Guatemalteco"), "{}", r.body);
    assert!(r.body.starts_with("## 01. Uno"), "{}", r.body);
}
