//! Report documents with tables laid out in the ways an institute's PDF
//! exports lay them out, and what each table says, for the import tests
//! (tests/import_layout.rs, tests/import_accuracy.rs).

use super::common::Site;
use super::docx_writer::{Part, Tbl, docx, p};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

/// One table to write: its caption, header, rows and layout.
#[derive(Clone)]
pub struct Spec {
    pub number: u32,
    pub caption: String,
    pub header: [String; 2],
    /// Label and the number as printed (`1,350`, `1350`, `s/d`, empty).
    pub rows: Vec<(String, String)>,
    /// The `Total` row's number as printed, if the table has one.
    pub total: Option<String>,
    pub source: String,
    pub widths: Vec<u32>,
    pub valign: &'static str,
    pub row_valign: Vec<(usize, &'static str)>,
    pub repeat_header: bool,
}

impl Spec {
    pub fn new(number: u32, title: &str, unit: &str, rows: &[(&str, &str)]) -> Spec {
        Spec {
            number,
            caption: format!("Cuadro {number}. {title}."),
            header: [title.to_string(), unit.to_string()],
            rows: rows
                .iter()
                .map(|(l, v)| (l.to_string(), v.to_string()))
                .collect(),
            total: None,
            source: format!("Fuente: Subdirección de Planificación, cuadro {number}."),
            widths: vec![3900, 2600],
            valign: "top",
            row_valign: Vec::new(),
            repeat_header: false,
        }
    }

    /// What faro must read from this table.
    pub fn expected(&self) -> Expected {
        let rows: Vec<(String, Option<u64>)> = self
            .rows
            .iter()
            .map(|(l, v)| (l.clone(), count(v)))
            .collect();
        let complete = rows.iter().all(|r| r.1.is_some());
        let sum: u64 = rows.iter().filter_map(|r| r.1).sum();
        let total = self
            .total
            .as_deref()
            .and_then(count)
            .filter(|t| complete && *t == sum);
        Expected {
            number: Some(self.number),
            caption: Some(self.caption.clone()),
            title: self.header[0].clone(),
            unit: self.header[1].clone(),
            source: self.source.strip_prefix("Fuente: ").map(str::to_string),
            total,
            rows,
        }
    }

    fn parts(&self) -> Vec<Part> {
        let mut rows: Vec<Vec<String>> = vec![self.header.to_vec()];
        rows.extend(self.rows.iter().map(|(l, v)| vec![l.clone(), v.clone()]));
        if let Some(t) = &self.total {
            rows.push(vec!["Total".into(), t.clone()]);
        }
        vec![
            p(&self.caption),
            Part::Tbl(Tbl {
                rows,
                widths: self.widths.clone(),
                valign: self.valign,
                row_valign: self.row_valign.clone(),
                repeat_header: self.repeat_header,
                after: 0,
                borders: true,
            }),
            p(&self.source),
        ]
    }
}

/// A number as a person reads it: digits with or without `,` separators.
pub fn count(v: &str) -> Option<u64> {
    let digits: String = v.chars().filter(|c| *c != ',' && *c != ' ').collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// What a table says, as compared between the document and the import.
#[derive(Debug, Clone, PartialEq)]
pub struct Expected {
    pub number: Option<u32>,
    pub caption: Option<String>,
    pub title: String,
    pub unit: String,
    pub source: Option<String>,
    pub total: Option<u64>,
    pub rows: Vec<(String, Option<u64>)>,
}

pub fn expected_of(t: &faro::load::model::Table) -> Expected {
    Expected {
        number: t.number,
        caption: t.caption.clone(),
        title: t.title.clone(),
        unit: t.unit.clone(),
        source: t.source.clone(),
        total: t.total,
        rows: t.rows.iter().map(|r| (r.label.clone(), r.value)).collect(),
    }
}

/// A report's Word document: title block, the tables, a short narrative.
pub fn report_docx(month: &str, year: u32, tables: &[Spec], photo: Option<Vec<u8>>) -> Vec<u8> {
    let mut parts = vec![
        p("INFORME DE ACTIVIDADES RELEVANTES"),
        p(&format!("— {month}, {year} —")),
        p("Información cuantitativa:"),
        p("En el mes el Instituto brindó los siguientes servicios:"),
    ];
    for t in tables {
        parts.extend(t.parts());
    }
    parts.push(p("Información cualitativa:"));
    parts.push(p("01. Política Migratoria"));
    parts.push(p(
        "Se realizó una reunión de planificación con la participación de la OIM.",
    ));
    if let Some(img) = photo {
        parts.push(Part::Image(img, "jpeg"));
        parts.push(p(
            "Foto: Departamento de Estudios. Reunión de planificación.",
        ));
    }
    docx(&parts, None)
}

const LONG_1: &str = "Visas emitidas";
const LONG_2: &str = "Residencias temporales y permanentes emitidas a personas extranjeras";
const LONG_3: &str = "Registro de extranjería de personas que solicitaron su inscripción en el registro nacional durante el mes";

/// Every layout of issue 27 in one document (May 2023).
pub fn layout_document() -> (Vec<u8>, Vec<Expected>) {
    let mut tables = Vec::new();
    // The January 2024 report's Cuadro 2 as its PDF export lays it out:
    // the header's title wraps while its unit does not, and the first
    // label runs over three lines with its number on the first.
    let mut t = Spec::new(
        2,
        "Asistencia y Protección a las Personas Migrantes",
        "Cantidad de Personas",
        &[
            (
                "Migrantes nacionales y extranjeros atendidos para la protección y asistencia de sus derechos",
                "355",
            ),
            (
                "Migrantes atendidos en albergues y centros de retornados",
                "6,347",
            ),
        ],
    );
    t.widths = vec![3300, 2400];
    tables.push(t);
    // One-, two- and three-line labels, the number at the top, middle and
    // bottom of its cell, numbers with and without separators.
    for (n, valign) in [(3, "top"), (4, "center"), (5, "bottom")] {
        let mut t = Spec::new(
            n,
            &format!("Registro de visas ({valign})"),
            "Cantidad de documentos",
            &[
                (LONG_3, "1,350"),
                (LONG_1, "158"),
                (LONG_2, "1241"),
                (LONG_1, "12"),
                (LONG_3, "9"),
            ],
        );
        // Two rows may not share a label: the repeated ones differ.
        t.rows[3].0 = "Visas negadas".into();
        t.rows[4].0 = format!("{LONG_3} anterior");
        t.valign = valign;
        t.total = Some("2,770".into());
        tables.push(t);
    }
    // Every row its own alignment, in one table.
    let mut t = Spec::new(
        6,
        "Documentos migratorios",
        "Cantidad",
        &[(LONG_2, "5"), (LONG_3, "6"), (LONG_2, "7")],
    );
    t.rows[2].0 = format!("{LONG_2} de nuevo");
    t.row_valign = vec![(1, "bottom"), (2, "center"), (3, "top")];
    tables.push(t);
    // A header wider than its column: the unit wraps over three lines
    // beside a one-line title; rows labelled only by a year; a Total row.
    let mut t = Spec::new(
        7,
        "Personas por año",
        "Cantidad de personas atendidas por el Instituto en el mes",
        &[("2022", "1 204"), ("2023", "1,318"), ("2024", "977")],
    );
    t.widths = vec![4700, 1700];
    t.total = Some("3,499".into());
    tables.push(t);
    // A long table across a page break, its header repeated on the new page.
    let rows: Vec<(String, String)> = (1..=48)
        .map(|i| {
            let label = if i % 7 == 0 {
                format!("Delegación migratoria número {i} del puesto fronterizo terrestre")
            } else {
                format!("Delegación {i}")
            };
            (label, format!("{}", i * 37))
        })
        .collect();
    let refs: Vec<(&str, &str)> = rows.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let mut t = Spec::new(
        8,
        "Registros por delegación",
        "Cantidad de registros",
        &refs,
    );
    t.repeat_header = true;
    t.valign = "center";
    tables.push(t);
    let expected = tables.iter().map(Spec::expected).collect();
    (report_docx("MAYO", 2023, &tables, None), expected)
}

/// A table whose numbers cannot be read between two good ones, and one
/// whose title and label are too long for an id (June 2023).
pub fn unreadable_document() -> (Vec<u8>, Vec<Expected>) {
    let mut tables = vec![
        Spec::new(
            1,
            "Visas",
            "Cantidad",
            &[("Emitidas", "10"), ("Negadas", "2")],
        ),
        Spec::new(
            2,
            "Residencias",
            "Cantidad",
            &[
                ("Temporales", "s/d"),
                ("Permanentes", ""),
                ("Renovadas", "—"),
            ],
        ),
        Spec::new(3, "Pasaportes", "Cantidad", &[("Emitidos", "1,500")]),
        // A title and a label longer than any id may be (150 characters).
        Spec::new(
            4,
            "Control, registro y verificación de personas nacionales y extranjeras con registro de ingreso, permanencia y egreso del país por los puestos fronterizos terrestres",
            "Cantidad de Personas",
            &[(
                "Personas nacionales y extranjeras con registro de ingreso, permanencia y egreso del país por los puestos fronterizos terrestres, aéreos y marítimos del territorio nacional",
                "1,025,875",
            )],
        ),
    ];
    tables[0].source = "Fuente: Primera fuente.".into();
    tables[1].source = "Fuente: Segunda fuente.".into();
    tables[2].source = "Fuente: Tercera fuente.".into();
    tables[3].source = "Fuente: Cuarta fuente.".into();
    let expected = tables.iter().map(Spec::expected).collect();
    (report_docx("JUNIO", 2023, &tables, None), expected)
}

/// The documents of the layout tests, written and converted to PDF once
/// (LibreOffice is slow to start): `layout`, `unreadable`.
pub fn converted() -> &'static tempfile::TempDir {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("layout.docx"), layout_document().0).unwrap();
        std::fs::write(dir.path().join("unreadable.docx"), unreadable_document().0).unwrap();
        to_pdf(dir.path(), &["layout.docx", "unreadable.docx"]);
        dir
    })
}

/// `soffice`; the harness has checked it is installed.
pub fn soffice() -> PathBuf {
    super::common::chromium::which("soffice").unwrap_or_else(|| {
        super::common::chromium::missing("LibreOffice", "apt-get install libreoffice-writer-nogui")
    })
}

/// Converts the `.docx` files in `dir` to PDF in one soffice run, with a
/// private profile so parallel tests do not collide.
pub fn to_pdf(dir: &Path, docs: &[&str]) {
    let profile = dir.join("lo-profile");
    let out = std::process::Command::new(soffice())
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .args(docs.iter().map(|d| dir.join(d)))
        .output()
        .expect("run soffice");
    let _ = std::fs::remove_dir_all(&profile);
    for d in docs {
        let pdf = dir.join(d).with_extension("pdf");
        assert!(
            pdf.is_file(),
            "soffice made no {}:\n{}\n{}",
            pdf.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Imports `file` into `site` and asserts it was imported.
pub fn import_ok(site: &Site, file: &Path) -> Output {
    let out = site.faro(&["import", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}: {}\n{}",
        file.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The report of `period` (`YYYY-MM`) in `site`, as the build reads it.
pub fn report_at(site: &Site, period: &str) -> faro::load::model::Report {
    let rel = format!(
        "content/informes/{}/{}/index.md",
        &period[..4],
        &period[5..]
    );
    let text = std::fs::read_to_string(site.path(&rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    faro::load::parse_report_text(Path::new(&rel), &text, period).unwrap_or_else(|d| panic!("{d}"))
}

/// `faro build --drafts` and `faro check -D` on `site`: both must pass on
/// the imported drafts as they are.
pub fn check_drafts(site: &Site, what: &str) {
    let build = site.faro(&["build", "--drafts"]);
    assert!(
        build.status.success(),
        "{what}: faro build --drafts:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );
    // A draft's rows link only to indicator pages that exist, so the
    // imported draft passes the whole check unedited.
    let check = site.faro(&["check", "-D"]);
    assert!(
        check.status.success(),
        "{what}: faro check -D:\n{}",
        String::from_utf8_lossy(&check.stderr)
    );
}
