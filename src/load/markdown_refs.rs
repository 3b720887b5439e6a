//! What load reads in a report's Markdown body without rendering it: the
//! photos it uses (each with its line) and the images Markdown cannot read.
//! Here, below rendering, so that loading never reaches up into `render`;
//! `render::markdown` parses with the same options.

use crate::load::model::PhotoRef;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The Markdown extensions the portal uses, for every parse of a body.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Every image the body uses, with the line of the file it is on.
pub fn photo_refs(body: &str, body_line: usize) -> Vec<PhotoRef> {
    let lines = LineIndex::new(body);
    let mut out = Vec::new();
    let mut current: Option<PhotoRef> = None;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                current = Some(PhotoRef {
                    src: dest_url.to_string(),
                    alt: String::new(),
                    caption: (!title.is_empty()).then(|| title.to_string()),
                    credit: None,
                    line: body_line + lines.line_of(range.start),
                    in_gallery: false,
                })
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = current.as_mut() {
                    c.alt.push_str(&t);
                }
            }
            Event::End(TagEnd::Image) => out.extend(current.take()),
            _ => {}
        }
    }
    out
}

/// Images written so that Markdown cannot read them, which it then shows as
/// plain text: most often a file name with a space (`![Foto](foto 1.jpg)`).
/// Each as (line in the file, column, the parentheses' text as it should be
/// written: the name between `<` and `>`, then the caption if any).
pub fn unreadable_images(body: &str, body_line: usize) -> Vec<(usize, usize, String)> {
    if !body.contains("![") {
        return Vec::new();
    }
    // Real images, code and raw HTML may well contain `![`.
    let skip: Vec<std::ops::Range<usize>> = Parser::new_ext(body, options())
        .into_offset_iter()
        .filter(|(event, _)| {
            matches!(
                event,
                Event::Start(Tag::CodeBlock(_) | Tag::Image { .. } | Tag::HtmlBlock)
                    | Event::Code(_)
                    | Event::InlineHtml(_)
                    | Event::Html(_)
            )
        })
        .map(|(_, range)| range)
        .collect();
    let lines = LineIndex::new(body);
    let mut out = Vec::new();
    // Everything below moves forward only, so that a line of thousands of
    // `![` costs one pass, not one per `![`.
    let (mut skipped, mut skip_end) = (0, 0);
    // The last column reported: (line, offset, column).
    let mut column: Option<(usize, usize, usize)> = None;
    let (mut newline, mut bracket, mut paren) = (Next::new("\n"), Next::new("]("), Next::new(")"));
    for (at, _) in body.match_indices("![") {
        while skipped < skip.len() && skip[skipped].start <= at {
            skip_end = skip_end.max(skip[skipped].end);
            skipped += 1;
        }
        if at < skip_end || body[..at].ends_with('\\') {
            continue;
        }
        let line_end = newline.after(body, at);
        let open = bracket.after(body, at + 2);
        if open >= line_end {
            continue;
        }
        let close = paren.after(body, open + 2);
        if close >= line_end {
            continue;
        }
        let dest = body[open + 2..close].trim();
        if !dest.is_empty() && !dest.starts_with('<') {
            let line = lines.line_of(at);
            let counted_from = match column {
                Some((l, from, col)) if l == line => (from, col),
                _ => (lines.0[line], 1),
            };
            let col = counted_from.1 + body[counted_from.0..at].chars().count();
            column = Some((line, at, col));
            let fixed = match dest.find(" \"").or_else(|| dest.find(" '")) {
                Some(i) => format!("<{}> {}", dest[..i].trim(), dest[i..].trim()),
                None => format!("<{dest}>"),
            };
            out.push((body_line + line, col, fixed));
        }
    }
    out
}

/// The next occurrence of a pattern, for positions that only grow: each
/// search resumes where the last one ended.
struct Next {
    pattern: &'static str,
    found: Option<usize>,
}

impl Next {
    fn new(pattern: &'static str) -> Self {
        Next {
            pattern,
            found: None,
        }
    }

    /// Where `pattern` next occurs in `text` at or after `from`; `text.len()` if nowhere.
    fn after(&mut self, text: &str, from: usize) -> usize {
        match self.found {
            Some(at) if at >= from => at,
            _ => {
                let at = text
                    .get(from..)
                    .and_then(|rest| rest.find(self.pattern))
                    .map_or(text.len(), |i| from + i);
                self.found = Some(at);
                at
            }
        }
    }
}

/// Byte offset → 0-based line, for error positions.
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> Self {
        LineIndex(
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        )
    }
    fn line_of(&self, offset: usize) -> usize {
        self.0
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }
}
