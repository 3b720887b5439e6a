//! A small DOCX writer for the import tests: paragraphs, real `w:tbl`
//! tables, inline images and a header with a logo, enough for Word,
//! LibreOffice and `faro import` to read the same document.

use std::io::Write;

pub enum Part {
    /// A paragraph (spacing after it, so a PDF shows paragraph gaps).
    P(String),
    /// A paragraph with a link: text before, link text, address.
    Link(String, String, String),
    /// A table: rows of cells; the value column is right-aligned.
    Table(Vec<Vec<String>>),
    /// An image: bytes and extension (`jpeg` or `png`).
    Image(Vec<u8>, &'static str),
    /// A table laid out as given (`Tbl`).
    Tbl(Tbl),
}

/// A table with its layout: columns' widths, where the numbers sit in
/// their cells, whether the header repeats on each page, spacing.
#[derive(Clone)]
pub struct Tbl {
    pub rows: Vec<Vec<String>>,
    /// Each column's width in twentieths of a point.
    pub widths: Vec<u32>,
    /// The number cells' vertical alignment: `top`, `center` or `bottom`.
    pub valign: &'static str,
    /// Each row's own alignment, when it differs (index, alignment).
    pub row_valign: Vec<(usize, &'static str)>,
    /// The first row repeats at the top of each page the table runs on.
    pub repeat_header: bool,
    /// Space after each cell's paragraph, in twentieths of a point.
    pub after: u32,
    /// Whether the borders are drawn.
    pub borders: bool,
}

impl Tbl {
    pub fn new(rows: &[&[&str]]) -> Tbl {
        Tbl {
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect(),
            widths: vec![3900, 2600],
            valign: "top",
            row_valign: Vec::new(),
            repeat_header: false,
            after: 0,
            borders: true,
        }
    }
}

/// A table's XML.
fn tbl_xml(t: &Tbl) -> String {
    let total: u32 = t.widths.iter().sum();
    let borders = if t.borders {
        r#"<w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders>"#
    } else {
        ""
    };
    let mut x = format!(
        r#"<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/>{borders}<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>"#
    );
    for w in &t.widths {
        x.push_str(&format!(r#"<w:gridCol w:w="{w}"/>"#));
    }
    x.push_str("</w:tblGrid>");
    for (ri, r) in t.rows.iter().enumerate() {
        x.push_str("<w:tr>");
        if ri == 0 && t.repeat_header {
            x.push_str("<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
        } else {
            x.push_str("<w:trPr><w:cantSplit/></w:trPr>");
        }
        let valign = t
            .row_valign
            .iter()
            .find(|(i, _)| *i == ri)
            .map(|(_, v)| *v)
            .unwrap_or(t.valign);
        for (ci, c) in r.iter().enumerate() {
            let w = t.widths.get(ci).copied().unwrap_or(2000);
            let (jc, va) = if ci == 0 {
                ("left", "top")
            } else {
                ("right", valign)
            };
            x.push_str(&format!(
                r#"<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:vAlign w:val="{va}"/></w:tcPr><w:p><w:pPr><w:spacing w:before="0" w:after="{}"/><w:jc w:val="{jc}"/></w:pPr>{}</w:p></w:tc>"#,
                t.after,
                run(c)
            ));
        }
        x.push_str("</w:tr>");
    }
    x.push_str("</w:tbl>");
    x
}

pub fn p(s: &str) -> Part {
    Part::P(s.to_string())
}

pub fn table(rows: &[&[&str]]) -> Part {
    Part::Table(
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect(),
    )
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn run(s: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>", esc(s))
}

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture""#;

fn drawing(rid: &str, n: usize) -> String {
    let (cx, cy) = (1_828_800, 1_371_600);
    format!(
        r#"<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{n}" name="Imagen {n}"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="{n}" name="imagen{n}"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#
    )
}

/// The `.docx` bytes for `parts`; `logo`, when given, is drawn in the
/// page header (so a PDF repeats it on every page).
pub fn docx(parts: &[Part], logo: Option<&[u8]>) -> Vec<u8> {
    let mut body = String::new();
    let mut rels = String::new();
    let mut media: Vec<(String, Vec<u8>)> = Vec::new();
    let para =
        |inner: &str| format!(r#"<w:p><w:pPr><w:spacing w:after="240"/></w:pPr>{inner}</w:p>"#);
    for (i, part) in parts.iter().enumerate() {
        match part {
            Part::P(s) => body.push_str(&para(&run(s))),
            Part::Link(before, text, url) => {
                let rid = format!("rIdL{i}");
                rels.push_str(&format!(r#"<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="{}" TargetMode="External"/>"#, esc(url)));
                body.push_str(&para(&format!(
                    "{}<w:hyperlink r:id=\"{rid}\">{}</w:hyperlink>",
                    run(before),
                    run(text)
                )));
            }
            Part::Image(bytes, ext) => {
                let rid = format!("rIdI{i}");
                let name = format!("image{i}.{ext}");
                rels.push_str(&format!(r#"<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/{name}"/>"#));
                media.push((name, bytes.clone()));
                body.push_str(&para(&drawing(&rid, i + 1)));
            }
            Part::Table(rows) => {
                body.push_str(r#"<w:tbl><w:tblPr><w:tblW w:w="6500" w:type="dxa"/><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders></w:tblPr><w:tblGrid><w:gridCol w:w="3900"/><w:gridCol w:w="2600"/></w:tblGrid>"#);
                for r in rows {
                    body.push_str("<w:tr>");
                    for (ci, c) in r.iter().enumerate() {
                        let (w, jc) = if ci == 0 {
                            (3900, "left")
                        } else {
                            (2600, "right")
                        };
                        body.push_str(&format!(
                            r#"<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:spacing w:after="120"/><w:jc w:val="{jc}"/></w:pPr>{}</w:p></w:tc>"#,
                            run(c)
                        ));
                    }
                    body.push_str("</w:tr>");
                }
                body.push_str("</w:tbl>");
                body.push_str(&para(""));
            }
            Part::Tbl(t) => {
                body.push_str(&tbl_xml(t));
                body.push_str(&para(""));
            }
        }
    }
    let mut header_ref = String::new();
    let mut header = None;
    if let Some(bytes) = logo {
        rels.push_str(r#"<Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>"#);
        header_ref = r#"<w:headerReference w:type="default" r:id="rIdH"/>"#.into();
        header = Some(format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {NS}><w:p>{}</w:p></w:hdr>"#,
            drawing("rIdLogo", 900)
        ));
        media.push(("logo.png".into(), bytes.to_vec()));
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}<w:sectPr>{header_ref}<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut add = |name: &str, bytes: &[u8]| {
        zip.start_file(name, opts).expect("zip entry");
        zip.write_all(bytes).expect("zip write");
    };
    add("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="jpeg" ContentType="image/jpeg"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>"#);
    add("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#);
    add("word/document.xml", document.as_bytes());
    add(
        "word/_rels/document.xml.rels",
        format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#).as_bytes(),
    );
    if let Some(h) = header {
        add("word/header1.xml", h.as_bytes());
        add(
            "word/_rels/header1.xml.rels",
            br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdLogo" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/logo.png"/></Relationships>"#,
        );
    }
    for (name, bytes) in &media {
        add(&format!("word/media/{name}"), bytes);
    }
    zip.finish().expect("zip finish").into_inner()
}
