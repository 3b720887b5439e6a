//! DOCX reader: a Word document (a zip of XML parts) → the text model.
//! Paragraphs and real `w:tbl` tables come from `word/document.xml` in
//! order; images and link targets through its relationships. Headers and
//! footers (where a letterhead lives) are not part of the body.

use super::doc::{Block, Document, Image, Inline, with_links};
use super::{Limits, images};
use crate::t;
use quick_xml::events::Event;
use quick_xml::reader::Reader;
use std::collections::HashMap;
use std::io::{Read, Seek};

/// Reads a `.docx` from its bytes.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Document, String> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(t!("import-docx-encrypted"));
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        t!(
            "import-docx-unreadable",
            error = crate::support::i18n::error_text(&e)
        )
    })?;
    let media = (0..zip.len())
        .filter_map(|i| zip.name_for_index(i))
        .filter(|n| n.starts_with("word/media/"))
        .count();
    if media > limits.max_images {
        return Err(t!(
            "import-docx-too-many-images",
            count = media,
            max = limits.max_images
        ));
    }
    let xml = part(&mut zip, "word/document.xml", limits)?
        .ok_or_else(|| t!("import-docx-no-document"))?;
    let rels = match part(&mut zip, "word/_rels/document.xml.rels", limits)? {
        Some(r) => relationships(&r)?,
        None => HashMap::new(),
    };
    // Every image is capped on its own and all of them together, so a
    // small file that unpacks to gigabytes is refused, not read.
    // An image used many times is unpacked and converted once: its second
    // use is a copy (so that both are dropped as a repeated image, like a
    // logo), later ones are only counted.
    let mut unpacked = 0u64;
    let mut used: HashMap<String, (usize, Option<Result<Image, String>>)> = HashMap::new();
    let mut more_uses = 0;
    let mut doc = body(&xml, &rels, &mut |target| {
        let name = format!(
            "word/{}",
            target.trim_start_matches("/word/").trim_start_matches('/')
        );
        if let Some((uses, image)) = used.get_mut(&name) {
            *uses += 1;
            if *uses > 2 && matches!(image, Some(Ok(_))) {
                more_uses += 1;
                return Some(Ok(None));
            }
            return image.clone().map(|r| r.map(Some));
        }
        if unpacked > limits.max_bytes {
            return None;
        }
        let image = part_bytes(&mut zip, &name, limits)
            .ok()
            .flatten()
            .map(|bytes| {
                unpacked += bytes.len() as u64;
                images::publishable(&bytes)
            });
        used.insert(name, (1, image.clone()));
        image.map(|r| r.map(Some))
    })?;
    doc.repeated_images += more_uses;
    if unpacked > limits.max_bytes {
        return Err(t!(
            "import-docx-images-too-large",
            mb = limits.max_bytes / 1_000_000
        ));
    }
    super::doc::drop_repeated_images(&mut doc);
    Ok(doc)
}

/// A zip entry as text, `None` when absent; its size is capped.
fn part<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    limits: &Limits,
) -> Result<Option<String>, String> {
    part_bytes(zip, name, limits)?
        .map(|b| String::from_utf8(b).map_err(|_| t!("import-docx-part-not-utf8", name = name)))
        .transpose()
}

fn part_bytes<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    limits: &Limits,
) -> Result<Option<Vec<u8>>, String> {
    let entry = match zip.by_name(name) {
        Ok(e) => e,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => {
            return Err(t!(
                "import-docx-part-unreadable",
                name = name,
                error = crate::support::i18n::error_text(&e)
            ));
        }
    };
    let mut out = Vec::new();
    // Read one byte past the limit to tell "too big" from "just fits".
    entry
        .take(limits.max_bytes + 1)
        .read_to_end(&mut out)
        .map_err(|e| {
            t!(
                "import-docx-part-corrupt",
                name = name,
                error = crate::support::i18n::error_text(&e)
            )
        })?;
    if out.len() as u64 > limits.max_bytes {
        return Err(t!(
            "import-docx-part-too-large",
            name = name,
            mb = limits.max_bytes / 1_000_000
        ));
    }
    Ok(Some(out))
}

/// `rId7` → target (`media/image1.jpeg`, or a web address for links).
fn relationships(xml: &str) -> Result<HashMap<String, String>, String> {
    let mut map = HashMap::new();
    let mut r = Reader::from_str(xml);
    loop {
        match r.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == b"Relationship" => {
                if let (Some(id), Some(target)) = (attr(&e, b"Id"), attr(&e, b"Target")) {
                    map.insert(id, target);
                }
            }
            Ok(Event::Eof) => return Ok(map),
            Err(e) => {
                return Err(t!(
                    "import-docx-rels-corrupt",
                    error = crate::support::i18n::error_text(&e)
                ));
            }
            _ => {}
        }
    }
}

fn attr(e: &quick_xml::events::BytesStart, local: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local)
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
            .flatten()
    })
}

/// The paragraph, table and image being assembled while reading the body.
#[derive(Default)]
struct State {
    blocks: Vec<Block>,
    para: Vec<Inline>,
    link: Option<(String, String)>,
    in_text: bool,
    /// Open tables (nested ones flatten into their cell): rows of cells.
    tables: Vec<Vec<Vec<String>>>,
    /// Images met inside a table, placed after it.
    table_images: Vec<Image>,
}

impl State {
    fn text(&mut self, s: &str) {
        if let Some((_, t)) = &mut self.link {
            t.push_str(s);
        } else if let Some(Inline::Text(t)) = self.para.last_mut() {
            t.push_str(s);
        } else {
            self.para.push(Inline::Text(s.to_string()));
        }
    }

    /// Ends a paragraph: into the open table's cell, or as a block.
    fn end_para(&mut self) {
        let inl = std::mem::take(&mut self.para);
        let text = super::doc::plain(&inl);
        if let Some(row) = self.tables.last_mut().and_then(|t| t.last_mut()) {
            if let Some(cell) = row.last_mut() {
                if !cell.is_empty() && !text.trim().is_empty() {
                    cell.push(' ');
                }
                cell.push_str(text.trim());
            }
        } else if !text.trim().is_empty() {
            // Bare addresses typed as text become links too.
            let inl: Vec<Inline> = inl
                .into_iter()
                .flat_map(|i| match i {
                    Inline::Text(t) => with_links(&t),
                    link => vec![link],
                })
                .collect();
            self.blocks.push(Block::Para(inl));
        }
    }

    /// A table, row or cell opens.
    fn open_table_part(&mut self, name: &[u8]) {
        match name {
            b"tbl" => {
                self.end_para();
                self.tables.push(Vec::new());
            }
            b"tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.push(Vec::new());
                }
            }
            _ => {
                if let Some(row) = self.tables.last_mut().and_then(|t| t.last_mut()) {
                    row.push(String::new());
                }
            }
        }
    }

    /// A table closes: a block, or (nested) text in the outer cell.
    fn end_table(&mut self) {
        let Some(t) = self.tables.pop() else { return };
        if let Some(outer) = self
            .tables
            .last_mut()
            .and_then(|t| t.last_mut())
            .and_then(|r| r.last_mut())
        {
            let text: Vec<String> = t.into_iter().flatten().collect();
            outer.push_str(&text.join(" "));
        } else {
            self.blocks.push(Block::Table(t));
            let imgs = std::mem::take(&mut self.table_images);
            self.blocks.extend(imgs.into_iter().map(Block::Image));
        }
    }

    /// A hyperlink closes: a link to the web or mail, or (an internal
    /// bookmark) just its text.
    fn end_link(&mut self) {
        let Some((url, text)) = self.link.take() else {
            return;
        };
        if ["http://", "https://", "mailto:"]
            .iter()
            .any(|p| url.starts_with(p))
        {
            self.para.push(Inline::Link { text, url });
        } else {
            self.text(&text);
        }
    }

    fn image(&mut self, img: Image) {
        if self.tables.is_empty() {
            // The text before the image stays before it.
            self.end_para();
            self.blocks.push(Block::Image(img));
        } else {
            self.table_images.push(img);
        }
    }
}

fn body(
    xml: &str,
    rels: &HashMap<String, String>,
    load_image: &mut LoadImage,
) -> Result<Document, String> {
    let mut s = State::default();
    let mut r = Reader::from_str(xml);
    let mut unreadable_images = Vec::new();
    loop {
        let event = r.read_event().map_err(|e| {
            t!(
                "import-docx-xml-corrupt",
                error = crate::support::i18n::error_text(&e)
            )
        })?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                b"t" => s.in_text = true,
                name @ (b"tbl" | b"tr" | b"tc") => s.open_table_part(name),
                b"hyperlink" => {
                    let url = attr(&e, b"id").and_then(|id| rels.get(&id).cloned());
                    s.link = Some((url.unwrap_or_default(), String::new()));
                }
                b"blip" | b"imagedata" => {
                    embed(&e, rels, load_image, &mut s, &mut unreadable_images)
                }
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                b"tab" if !s.in_text => s.text("\t"),
                b"br" | b"cr" => s.text(" "),
                b"blip" | b"imagedata" => {
                    embed(&e, rels, load_image, &mut s, &mut unreadable_images)
                }
                _ => {}
            },
            Event::Text(t) if s.in_text => {
                let text = t.decode().map_err(|e| {
                    t!(
                        "import-docx-xml-corrupt",
                        error = crate::support::i18n::error_text(&e)
                    )
                })?;
                s.text(&text);
            }
            Event::GeneralRef(g) if s.in_text => {
                if let Some(c) = entity(&g) {
                    s.text(c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => s.in_text = false,
                b"p" => s.end_para(),
                b"hyperlink" => s.end_link(),
                b"tbl" => s.end_table(),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    let warnings = unreadable_images
        .into_iter()
        .map(|i| t!("import-docx-image-left-out", image = i))
        .collect();
    Ok(Document {
        blocks: s.blocks,
        repeated_images: 0,
        warnings,
    })
}

/// Loads the image a relationship targets: `None` when it is missing,
/// `Some(Ok(None))` for a use past the second, only counted.
type LoadImage<'a> = dyn FnMut(&str) -> Option<Result<Option<Image>, String>> + 'a;

/// `&amp;` and the other predefined entities, `&#233;` character references.
fn entity(g: &quick_xml::events::BytesRef) -> Option<char> {
    if let Ok(Some(c)) = g.resolve_char_ref() {
        return Some(c);
    }
    match g.decode().ok()?.as_ref() {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// An `a:blip r:embed` (or VML `v:imagedata r:id`) → the image it names.
fn embed(
    e: &quick_xml::events::BytesStart,
    rels: &HashMap<String, String>,
    load_image: &mut LoadImage,
    s: &mut State,
    unreadable: &mut Vec<String>,
) {
    let Some(target) = attr(e, b"embed")
        .or_else(|| attr(e, b"id"))
        .and_then(|id| rels.get(&id).cloned())
    else {
        return;
    };
    match load_image(&target) {
        Some(Ok(Some(img))) => s.image(img),
        // Used more than twice: counted as repeated by the caller.
        Some(Ok(None)) => {}
        Some(Err(why)) => unreadable.push(format!("{target} ({why})")),
        None => unreadable.push(t!("import-docx-image-missing", target = target)),
    }
}
