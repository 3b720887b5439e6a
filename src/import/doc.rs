//! The text model every reader produces and the recogniser reads: a
//! document as a flat list of paragraphs, tables and images, in reading
//! order. Keeping DOCX, PDF and text behind one shape means the rules that
//! find the period, the tables and the photos are written (and tested) once.

//!
//! The types derive serde: a document is read in a worker process
//! (`import::worker`) and crosses to the importing process as JSON.

use serde::{Deserialize, Serialize};

/// A run of a paragraph: plain text, or a link with its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Inline {
    Text(String),
    Link { text: String, url: String },
}

/// An image as found in the document, already in a format faro publishes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Image {
    #[serde(serialize_with = "hex_bytes::serialize")]
    pub bytes: Vec<u8>,
    /// `jpg` or `png`.
    pub ext: &'static str,
}

/// An `Image` as it is read back: its extension checked on the way in.
#[derive(Deserialize)]
struct ImageWire {
    #[serde(deserialize_with = "hex_bytes::deserialize")]
    bytes: Vec<u8>,
    ext: String,
}

impl<'de> Deserialize<'de> for Image {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Image::try_from(ImageWire::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

impl TryFrom<ImageWire> for Image {
    type Error = String;
    fn try_from(w: ImageWire) -> Result<Self, String> {
        let ext = match w.ext.as_str() {
            "jpg" => "jpg",
            "png" => "png",
            other => return Err(format!("unknown image extension {other:?}")),
        };
        Ok(Image {
            bytes: w.bytes,
            ext,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Block {
    Para(Vec<Inline>),
    /// Rows of cells, each cell's text with its lines joined by spaces.
    Table(Vec<Vec<String>>),
    Image(Image),
}

/// What a reader returns.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// Images dropped because they repeat (a logo on every page).
    pub repeated_images: usize,
    /// What the reader left out or could not read, for the editor.
    pub warnings: Vec<String>,
}

/// An image's bytes as a hex string: half as compact as raw bytes, but
/// JSON (an array of numbers would be four times the size).
mod hex_bytes {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = String::with_capacity(bytes.len() * 2);
        for b in bytes {
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
        s.serialize_str(&out)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        let digit = |c: u8| match c {
            b'0'..=b'9' => Ok(c - b'0'),
            b'a'..=b'f' => Ok(c - b'a' + 10),
            _ => Err(D::Error::custom("not a hex digit")),
        };
        let s = s.as_bytes();
        if s.len() % 2 != 0 {
            return Err(D::Error::custom("odd number of hex digits"));
        }
        s.chunks_exact(2)
            .map(|p| Ok(digit(p[0])? << 4 | digit(p[1])?))
            .collect()
    }
}

/// The plain text of a paragraph, links as their text.
pub fn plain(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) => s.push_str(t),
            Inline::Link { text, .. } => s.push_str(text),
        }
    }
    s
}

/// Splits text into plain runs and the web addresses in it (`<https://…>`
/// or bare `https://…`), so links survive the trip to Markdown.
pub fn with_links(text: &str) -> Vec<Inline> {
    scan_links(text, &mut 0)
}

/// `with_links`, counting in `steps` the bytes it examines: the work a
/// test bounds (tests/import_hostile.rs). One pass: the search for the next address starts where
/// the last one ended, never over again from an earlier place.
#[doc(hidden)]
pub fn scan_links(text: &str, steps: &mut u64) -> Vec<Inline> {
    let mut out = Vec::new();
    // `rest` is the text not yet put out; `from`, where in it to look.
    let mut rest = text;
    let mut from = 0;
    while let Some(found) = rest[from..].find("http") {
        *steps += found as u64 + 4;
        let start = from + found;
        let from_start = &rest[start..];
        if !(from_start.starts_with("http://") || from_start.starts_with("https://")) {
            from = start + 4;
            continue;
        }
        let (before, address) = rest.split_at(start);
        let bracketed = before.ends_with('<');
        let end = address
            .find(|c: char| c.is_whitespace() || c == '>' || c == '"')
            .unwrap_or(address.len());
        *steps += end as u64 + 1;
        // A sentence's final period or comma is not part of the address.
        let url = address[..end].trim_end_matches(['.', ',', ';', ')']);
        let before = if bracketed {
            &before[..before.len() - 1]
        } else {
            before
        };
        if !before.is_empty() {
            out.push(Inline::Text(before.to_string()));
        }
        out.push(Inline::Link {
            text: url.to_string(),
            url: url.to_string(),
        });
        let mut after = &address[url.len()..];
        if bracketed {
            after = after.strip_prefix('>').unwrap_or(after);
        }
        rest = after;
        from = 0;
    }
    *steps += (rest.len() - from) as u64;
    if !rest.is_empty() {
        out.push(Inline::Text(rest.to_string()));
    }
    out
}

/// Drops every image whose bytes occur more than once (a logo or a
/// letterhead repeated on each page): a report's photos are each used once.
pub fn drop_repeated_images(doc: &mut Document) {
    use std::collections::HashMap;
    let mut count: HashMap<&[u8], usize> = HashMap::new();
    for b in &doc.blocks {
        if let Block::Image(i) = b {
            *count.entry(&i.bytes).or_default() += 1;
        }
    }
    let repeated: std::collections::HashSet<Vec<u8>> = count
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(b, _)| b.to_vec())
        .collect();
    if repeated.is_empty() {
        return;
    }
    let before = doc.blocks.len();
    doc.blocks
        .retain(|b| !matches!(b, Block::Image(i) if repeated.contains(&i.bytes)));
    doc.repeated_images += before - doc.blocks.len();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_found_in_text() {
        assert_eq!(
            with_links("en la página <https://igm.gob.gt/>."),
            vec![
                Inline::Text("en la página ".into()),
                Inline::Link {
                    text: "https://igm.gob.gt/".into(),
                    url: "https://igm.gob.gt/".into()
                },
                Inline::Text(".".into()),
            ]
        );
        assert_eq!(
            with_links("ver https://a.gt/x."),
            vec![
                Inline::Text("ver ".into()),
                Inline::Link {
                    text: "https://a.gt/x".into(),
                    url: "https://a.gt/x".into()
                },
                Inline::Text(".".into()),
            ]
        );
        assert_eq!(
            with_links("sin enlaces"),
            vec![Inline::Text("sin enlaces".into())]
        );
    }
}
