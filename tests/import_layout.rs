//! `faro import` of PDFs laid out as an institute's exports are: Word
//! documents written here (tests/import/docx_writer.rs) with tables whose
//! labels and headers wrap over one, two or three lines, numbers at the
//! top, middle or bottom of their cells, a header wider than its column, a
//! table across a page break with its header repeated, a row labelled only
//! by a year, a `Total` row, and a table whose numbers cannot be read
//! between two good ones. LibreOffice turns them into PDFs (one run for
//! all of them); each PDF must give exactly the tables its Word document
//! gives, and every imported draft must pass `faro check -D` unedited.
//!
//! Needs LibreOffice (`soffice`); runs under tests/common/harness.rs.

mod common;
#[path = "import/docx_writer.rs"]
#[allow(dead_code)]
mod docx_writer;
#[path = "import/layout.rs"]
#[allow(dead_code)]
mod layout;

use common::Site;
use common::harness::{self, Test, Tool};
use layout::{Expected, converted, expected_of, import_ok, report_at};

fn main() {
    let test = |name, needs, run| Test { name, needs, run };
    harness::main(&[
        test(
            "pdf_tables_are_read_as_a_person_reads_them",
            &[Tool::Soffice],
            pdf_tables_are_read_as_a_person_reads_them,
        ),
        test(
            "an_unreadable_table_is_kept_and_each_source_stays_with_its_table",
            &[Tool::Soffice],
            an_unreadable_table_is_kept_and_each_source_stays_with_its_table,
        ),
        test(
            "a_folder_imports_each_month_once_from_its_word_file",
            &[Tool::Soffice],
            a_folder_imports_each_month_once_from_its_word_file,
        ),
        test(
            "every_imported_test_document_passes_check_unedited",
            &[Tool::Soffice],
            every_imported_test_document_passes_check_unedited,
        ),
    ])
}

fn compare(got: &[faro::load::model::Table], want: &[Expected], what: &str) {
    let got: Vec<Expected> = got.iter().map(expected_of).collect();
    assert_eq!(got.len(), want.len(), "{what}: {got:#?}");
    for (g, w) in got.iter().zip(want) {
        assert_eq!(g, w, "{what}");
    }
}

fn pdf_tables_are_read_as_a_person_reads_them() {
    let docs = converted();
    let (_, want) = layout::layout_document();
    for name in ["layout.docx", "layout.pdf"] {
        let site = Site::new();
        import_ok(&site, &docs.path().join(name));
        let r = report_at(&site, "2023-05");
        compare(&r.tables, &want, name);
    }
}

fn an_unreadable_table_is_kept_and_each_source_stays_with_its_table() {
    let docs = converted();
    let (_, want) = layout::unreadable_document();
    for name in ["unreadable.docx", "unreadable.pdf"] {
        let site = Site::new();
        let out = import_ok(&site, &docs.path().join(name));
        let r = report_at(&site, "2023-06");
        compare(&r.tables, &want, name);
        let text = std::fs::read_to_string(site.path("content/informes/2023/06/index.md")).unwrap();
        assert_eq!(text.matches("value:   # REVISAR").count(), 3, "{text}");
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(!said.contains("was left out"), "{said}");
    }
}

fn every_imported_test_document_passes_check_unedited() {
    let docs = converted();
    let mut all: Vec<std::path::PathBuf> = std::fs::read_dir(docs.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx" || e == "pdf"))
        .collect();
    all.sort();
    // Word files and their PDFs hold the same months: one site each.
    for ext in ["docx", "pdf"] {
        let site = Site::new();
        // The January 2024 report's text layout too (tests/fixtures/import/).
        let seed = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/import/informe-enero-2024.txt"
        );
        let mut args = vec!["import".to_string(), seed.to_string()];
        for p in all
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == ext))
        {
            args.push(p.to_string_lossy().into_owned());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = site.faro(&args);
        assert!(
            out.status.success(),
            "{ext}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        layout::check_drafts(&site, ext);
    }
}

fn a_folder_imports_each_month_once_from_its_word_file() {
    let docs = converted();
    let site = Site::new();
    let archive = site.path("archivo");
    for (from, to) in [
        ("layout.pdf", "2023/mayo.pdf"),
        ("layout.docx", "2023/mayo.docx"),
        ("unreadable.pdf", "2023/junio/junio.pdf"),
        ("unreadable.docx", "otra/junio.docx"),
    ] {
        let to = archive.join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(docs.path().join(from), to).unwrap();
    }
    site.write("archivo/2023/roto.pdf", "%PDF-1.4 no");
    site.write("archivo/2023/notas.odt", "no");
    let json = site.path("revision.json");
    let out = site.faro(&[
        "import",
        archive.to_str().unwrap(),
        "--report",
        json.to_str().unwrap(),
    ]);
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{said}\n{err}");
    assert!(err.contains("roto.pdf was not imported"), "{err}");
    assert!(!said.contains("notas.odt") && !err.contains("notas.odt"));
    for (pdf, docx) in [
        ("2023/mayo.pdf", "2023/mayo.docx"),
        ("2023/junio/junio.pdf", "otra/junio.docx"),
    ] {
        let line = format!(
            "{} was not imported: its month was imported from {}",
            archive.join(pdf).display(),
            archive.join(docx).display()
        );
        assert!(said.contains(&line), "{said}");
    }
    assert!(said.contains("2 imported, 1 not imported"), "{said}");
    // The closing table: one line a file, with its result.
    let table: Vec<&str> = said
        .lines()
        .skip_while(|l| !l.starts_with("file "))
        .take_while(|l| !l.starts_with("faro import:"))
        .collect();
    assert_eq!(table.len(), 6, "{said}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["imported"], 2);
    assert_eq!(report["refused"], 1);
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 5);
    let june = files
        .iter()
        .find(|f| f["file"].as_str().unwrap().ends_with("otra/junio.docx"))
        .unwrap();
    assert_eq!(june["result"], "imported");
    let review = june["review"].as_array().unwrap();
    assert_eq!(review.len(), 3, "{review:?}");
    assert!(
        review[0]
            .as_str()
            .unwrap()
            .starts_with("content/informes/2023/06/index.md:"),
        "{review:?}"
    );
    // The drafts came from the Word files.
    let may = std::fs::read_to_string(site.path("content/informes/2023/05/index.md")).unwrap();
    assert!(may.contains("source_file: \"mayo.docx\""), "{may}");
}
