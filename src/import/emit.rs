//! The Markdown/YAML writer: a recognised report → the text of
//! `index.md`, laid out as editors write reports by hand. Pure. A value
//! that needs review is written empty with a YAML comment on its line
//! saying what the document held, so the draft builds and the editor sees
//! exactly what to check.

use super::doc::Inline;
use super::recognise::{Draft, Item};
use crate::init::scaffold::{draft_opening, push_table_head};
use crate::load::model::Period;
use crate::support::yamlwrite::{push_row_head, quote};

/// What the report records about the imported file.
pub struct Source<'a> {
    /// The file's name.
    pub name: &'a str,
    /// Whether the file is copied beside the report (`--keep-original`):
    /// only then is it its `source_document:` (which the build publishes and
    /// so requires beside `index.md`); otherwise it is recorded in `extra`.
    pub kept: bool,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: &'a str,
}

/// The written text and each place that needs the editor's review: its
/// line in the text (from 1) and what to check.
pub struct Emitted {
    pub text: String,
    pub points: Vec<(usize, String)>,
}

/// The line `out`'s next line will be.
fn next_line(out: &str) -> usize {
    out.matches('\n').count() + 1
}

/// `index.md` for `draft`; `photo_names[i]` is the file name of the i-th
/// photo with an image, in body order. `notes` are the document's points
/// to review that belong to no table (what its reader left out, say):
/// each is written as a `# REVISAR:` line at the top of the front matter,
/// so the file itself lists every point.
pub fn emit(
    period: Period,
    draft: &Draft,
    photo_names: &[String],
    source: &Source,
    notes: &[String],
) -> Emitted {
    let mut points: Vec<(usize, String)> = Vec::new();
    let mut out = draft_opening(period);
    for n in notes {
        points.push((next_line(&out), comment(n)));
        out.push_str(&format!("# REVISAR: {}\n", comment(n)));
    }
    if source.kept {
        out.push_str(&format!("source_document: {}\n", quote(source.name)));
    }
    out.push_str("extra:\n");
    if let Some(intro) = &draft.intro {
        out.push_str(&format!("  intro: {}\n", quote(intro)));
    }
    if !source.kept {
        out.push_str(&format!("  source_file: {}\n", quote(source.name)));
    }
    out.push_str(&format!("  source_sha256: {}\n", quote(source.sha256)));
    out.push_str("tables:\n");
    for t in &draft.tables {
        let head = next_line(&out);
        push_table_head(
            &mut out,
            t.number,
            &t.id,
            &t.title,
            &t.unit,
            t.source.as_deref(),
        );
        if let Some(c) = &t.caption {
            out.push_str(&format!("    caption: {}\n", quote(c)));
        }
        for n in &t.notes {
            points.push((head, comment(n)));
            out.push_str(&format!("    # REVISAR: {}\n", comment(n)));
        }
        if let Some(total) = t.total {
            out.push_str(&format!("    total: {total}\n"));
        } else if let Some(note) = &t.total_note {
            points.push((next_line(&out), comment(note)));
            out.push_str(&format!("    total:   # REVISAR: {}\n", comment(note)));
        }
        out.push_str("    rows:\n");
        for r in &t.rows {
            push_row_head(&mut out, &r.label, &r.id);
            match &r.value {
                Ok(v) => out.push_str(&format!("        value: {v}\n")),
                Err(found) => {
                    let note = crate::t!("import-review-value", found = found.as_str());
                    points.push((next_line(&out), comment(&note)));
                    out.push_str(&format!("        value:   # REVISAR: {}\n", comment(&note)));
                }
            }
        }
    }
    out.push_str("---\n");
    let first = next_line(&out);
    let (body, missing_alt) = body(&draft.body, photo_names);
    for line in missing_alt {
        points.push((first + line, crate::t!("import-review-alt")));
    }
    out.push_str(&body);
    Emitted { text: out, points }
}

/// A YAML comment's text on one line.
fn comment(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The narrative as Markdown, and the lines (from 0) of the photos that
/// had no caption to make an alt text from.
fn body(items: &[Item], photo_names: &[String]) -> (String, Vec<usize>) {
    let mut out = String::new();
    let mut photo = 0;
    let mut missing_alt = Vec::new();
    for item in items {
        if !out.is_empty() {
            out.push('\n');
        }
        match item {
            Item::H2(t) => out.push_str(&format!("## {}\n", escape(t, false))),
            Item::H3(t) => out.push_str(&format!("### {}\n", escape(t, false))),
            Item::Para(inl) => {
                out.push_str(&inlines(inl));
                out.push('\n');
            }
            Item::Photo {
                image: Some(_),
                caption,
            } => {
                let name = photo_names.get(photo).cloned().unwrap_or_default();
                photo += 1;
                let alt = caption.as_deref().map(alt_text).unwrap_or_default();
                let alt = if alt.is_empty() {
                    missing_alt.push(out.matches('\n').count());
                    "Fotografía del informe (REVISAR: describa la foto)".to_string()
                } else {
                    alt
                };
                out.push_str(&format!("![{}]({name}", escape(&alt, true)));
                if let Some(c) = caption {
                    out.push_str(&format!(
                        " \"{}\"",
                        c.replace('\\', "\\\\").replace('"', "\\\"")
                    ));
                }
                out.push_str(")\n");
            }
            Item::Photo {
                image: None,
                caption,
            } => {
                out.push_str(&escape(caption.as_deref().unwrap_or(""), true));
                out.push('\n');
            }
        }
    }
    (out, missing_alt)
}

/// A short alt text from a caption: what the photo shows, which is the
/// caption's last sentence (its first names the department), at most ~120
/// characters cut at a word.
pub fn alt_text(caption: &str) -> String {
    let text = caption
        .trim()
        .strip_prefix("Foto:")
        .unwrap_or(caption)
        .trim();
    let text = text.trim_end_matches('.');
    let what = match text.split_once(". ") {
        Some((_, rest)) if rest.chars().count() >= 12 => rest,
        _ => text,
    };
    let mut alt = String::new();
    for word in what.split_whitespace() {
        if alt.chars().count() + word.chars().count() > 120 {
            alt.push('…');
            break;
        }
        if !alt.is_empty() {
            alt.push(' ');
        }
        alt.push_str(word);
    }
    alt
}

fn inlines(inl: &[Inline]) -> String {
    let mut s = String::new();
    for (i, part) in inl.iter().enumerate() {
        match part {
            Inline::Text(t) => s.push_str(&escape(t, i == 0)),
            Inline::Link { text, url } if text == url => s.push_str(&format!("<{url}>")),
            Inline::Link { text, url } => s.push_str(&format!(
                "[{}](<{}>)",
                escape(text, false),
                url.replace(['<', '>', '\n'], "")
            )),
        }
    }
    s
}

/// Text as Markdown shows it literally: inline markup characters escaped,
/// and, at the start of a block, what would start a list, quote or heading.
pub fn escape(text: &str, block_start: bool) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '`' | '&' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    if block_start {
        if out.starts_with(['#', '-', '+', '=']) {
            out.insert(0, '\\');
        }
        // `2024. Se realizó…` would start an ordered list.
        let digits = out.chars().take_while(|c| c.is_ascii_digit()).count();
        if digits > 0 && matches!(out[digits..].chars().next(), Some('.' | ')')) {
            out.insert(digits, '\\');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alt_from_caption() {
        assert_eq!(
            alt_text("Foto: Departamento de Comunicación Social. Campaña \"#YaEstamosListos\"."),
            "Campaña \"#YaEstamosListos\""
        );
        assert_eq!(alt_text("Foto: Una reunión."), "Una reunión");
    }

    #[test]
    fn escapes_what_markdown_would_read() {
        assert_eq!(
            escape("2024. Se hizo *algo*", true),
            "2024\\. Se hizo \\*algo\\*"
        );
        assert_eq!(escape("- guion", true), "\\- guion");
        assert_eq!(escape("a_b <x>", false), "a\\_b \\<x\\>");
    }
}
