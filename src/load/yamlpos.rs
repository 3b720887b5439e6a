//! Where things are in a YAML document, so errors can name a line and column.
//!
//! serde_yaml gives us the values but not their positions; this module walks
//! the same text with yaml-rust2's event parser and remembers where every key
//! and value starts, by dotted path (`tables.0.rows.1.value`).

use crate::support::diag::{Diagnostic, Diagnostics};
use crate::t;
use rustc_hash::FxHashMap as HashMap;
use std::path::Path;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

mod value;

use value::ValueBuilder;

/// Positions of one YAML document. Lines are lines of the file: the document's
/// own lines plus the offset it was given.
#[derive(Debug, Default)]
pub struct Index {
    /// Where each value (scalar, mapping or sequence) starts, by path.
    values: HashMap<String, (usize, usize)>,
    /// The text of each plain (unquoted) scalar value, by path, as written:
    /// serde_yaml reads `0x10` as 16 and `007` as 7, this keeps what the
    /// editor typed.
    plain: HashMap<String, String>,
    /// The keys of each mapping, in order, with where each key is written.
    keys: HashMap<String, Vec<(String, usize, usize)>>,
    /// Position reported for paths that were never seen (the document start).
    start: (usize, usize),
    /// Values in the document once every alias (`*name`) is expanded.
    nodes: u64,
}

/// The most values a front matter may expand to. A report has about a
/// hundred; aliases nested a few levels deep can make a few lines mean
/// billions, which serde_yaml would build in memory ("billion laughs").
pub const MAX_NODES: u64 = 100_000;

/// Deeper than serde_yaml accepts (128): it reports such documents itself.
const MAX_DEPTH: usize = 256;

/// The most `[` and `{` a front matter may leave open at once. YAML
/// parsers look ahead to the end of the text for every open one, so each
/// level multiplies the time: 100,000 `[` took libyaml 48 s. serde_yaml
/// refuses more than 128 levels anyway.
const MAX_OPEN_BRACKETS: usize = 128;

/// A syntax error found while indexing, without the file name yet.
#[derive(Debug)]
pub struct SyntaxError {
    pub line: usize,
    pub col: usize,
    pub message: String,
    /// True when the document is too large or deep to index, not malformed:
    /// it must not be handed to serde_yaml either.
    pub limit: bool,
    /// The stable key of the problem (`check --format json`).
    pub code: &'static str,
}

impl SyntaxError {
    pub fn at(self, path: &Path) -> Diagnostic {
        Diagnostic::new(path, self.line, self.col, self.message).with_code(self.code)
    }
}

/// The stable key of a YAML syntax error, however `yamlerror` words it.
pub const SYNTAX_CODE: &str = "yaml-syntax";

/// What `check_keys` needs to word its message.
pub struct KeyCheck<'a> {
    pub path: &'a Path,
    /// The name of the mapping checked, e.g. "front matter" or "a table".
    pub what: &'a str,
}

/// Indexes `text`, whose first line is line `line_offset + 1` of its file.
/// Fails on a syntax error, and on a document nested deeper than serde_yaml
/// allows or whose aliases expand to more than [`MAX_NODES`] values.
pub fn index(text: &str, line_offset: usize) -> Result<Index, SyntaxError> {
    parse(text, line_offset, None)
}

/// [`index`], and in the same pass the document's value as
/// `serde_yaml::from_str` gives it, when it can be built alike (see
/// [`value`]); `None` leaves it to serde_yaml.
pub fn index_and_value(
    text: &str,
    line_offset: usize,
) -> Result<(Index, Option<serde_yaml::Value>), SyntaxError> {
    let mut values = ValueBuilder::for_text(text);
    let index = parse(text, line_offset, Some(&mut values))?;
    Ok((index, values.finish()))
}

fn parse(
    text: &str,
    line_offset: usize,
    mut values: Option<&mut ValueBuilder>,
) -> Result<Index, SyntaxError> {
    check_open_brackets(text, line_offset)?;
    let mut builder = Builder {
        offset: line_offset,
        stack: Vec::new(),
        sizes: vec![0],
        anchors: HashMap::default(),
        index: Index::default(),
    };
    builder.index.start = (line_offset + 1, 1);
    let mut parser = Parser::new_from_str(text);
    let syntax = |e: yaml_rust2::ScanError| SyntaxError {
        line: e.marker().line() + line_offset,
        col: e.marker().col() + 1,
        message: format!("YAML syntax error: {}", e.info()),
        limit: false,
        code: SYNTAX_CODE,
    };
    // Event by event rather than `Parser::load`, which recurses once per
    // level of nesting with no limit.
    loop {
        let (event, mark) = parser.next_token().map_err(syntax)?;
        if matches!(event, Event::DocumentEnd | Event::StreamEnd) {
            if let Some(values) = values.as_deref_mut() {
                // serde_yaml refuses a second document; say so in its words.
                if event == Event::DocumentEnd
                    && !matches!(parser.next_token(), Ok((Event::StreamEnd, _)))
                {
                    values.give_up();
                }
            }
            break;
        }
        if let Some(values) = values.as_deref_mut() {
            values.on_event(&event);
        }
        builder.on_event(event, mark);
        let (line, col) = builder.pos(mark);
        if builder.stack.len() > MAX_DEPTH {
            return Err(SyntaxError {
                line,
                col,
                message: t!("load-yaml-too-deep", max = MAX_DEPTH),
                limit: true,
                code: "load-yaml-too-deep",
            });
        }
        if builder.sizes.iter().sum::<u64>() > MAX_NODES {
            return Err(SyntaxError {
                line,
                col,
                message: t!("load-yaml-aliases-too-many", max = MAX_NODES),
                limit: true,
                code: "load-yaml-aliases-too-many",
            });
        }
    }
    builder.index.nodes = builder.sizes.iter().sum();
    Ok(builder.index)
}

/// Refuses a text that leaves more than [`MAX_OPEN_BRACKETS`] brackets
/// open at once, before any YAML parser sees it. Brackets are counted
/// everywhere, inside quotes too: never fewer than a parser would nest, so
/// the bound holds; only a text with over a hundred unmatched brackets in
/// its strings could be refused wrongly.
fn check_open_brackets(text: &str, line_offset: usize) -> Result<(), SyntaxError> {
    let (mut open, mut line, mut col) = (0usize, 1, 0);
    for c in text.chars() {
        col += 1;
        match c {
            '\n' => (line, col) = (line + 1, 0),
            '[' | '{' => {
                open += 1;
                if open > MAX_OPEN_BRACKETS {
                    return Err(SyntaxError {
                        line: line + line_offset,
                        col,
                        message: t!("load-yaml-brackets-open", max = MAX_OPEN_BRACKETS),
                        limit: true,
                        code: "load-yaml-brackets-open",
                    });
                }
            }
            ']' | '}' => open = open.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

impl Index {
    /// Line and column where the value at `path` starts; for a path never seen,
    /// its nearest indexed parent, and at worst the document start.
    pub fn position(&self, path: &[&str]) -> (usize, usize) {
        let mut p: Vec<&str> = path.to_vec();
        loop {
            if let Some(pos) = self.values.get(&p.join(".")) {
                return *pos;
            }
            if p.pop().is_none() {
                return self.start;
            }
        }
    }

    /// Where the key of the entry at `dotted` is written: the right place to
    /// point at when its value is empty.
    pub fn key_at(&self, dotted: &str) -> (usize, usize) {
        let (parent, key) = dotted.rsplit_once('.').unwrap_or(("", dotted));
        self.keys
            .get(parent)
            .and_then(|keys| keys.iter().find(|(k, ..)| k == key))
            .map(|(_, l, c)| (*l, *c))
            .unwrap_or_else(|| self.at(dotted))
    }

    /// The text of the value at `dotted` as written, when it is a plain
    /// (unquoted) scalar.
    pub fn plain_text(&self, dotted: &str) -> Option<&str> {
        self.plain.get(dotted).map(String::as_str)
    }

    /// Same as `position` for a dotted path string.
    pub fn at(&self, dotted: &str) -> (usize, usize) {
        let parts: Vec<&str> = if dotted.is_empty() {
            vec![]
        } else {
            dotted.split('.').collect()
        };
        self.position(&parts)
    }

    /// Reports every key of the mapping at `path` that is not in `allowed`,
    /// with a did-you-mean when a known key is close.
    pub fn check_keys(
        &self,
        path: &[&str],
        allowed: &[&str],
        check: KeyCheck<'_>,
        diags: &mut Diagnostics,
    ) {
        let Some(keys) = self.keys.get(&path.join(".")) else {
            return;
        };
        for (key, line, col) in keys {
            if allowed.contains(&key.as_str()) {
                continue;
            }
            let message = match did_you_mean(key, allowed) {
                Some(k) => t!(
                    "load-unknown-key-did-you-mean",
                    key = key,
                    what = check.what,
                    suggestion = k
                ),
                None => t!(
                    "load-unknown-key",
                    key = key,
                    what = check.what,
                    known = allowed.join(", ")
                ),
            };
            diags.push(
                Diagnostic::new(check.path, *line, *col, message).with_code("load-unknown-key"),
            );
        }
    }
}

/// The allowed word closest to `word`, if it is close enough to be a typo.
pub fn did_you_mean<'a>(word: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let lower = word.to_lowercase();
    // Editors write Spanish; the keys are English. Point them across.
    if let Some((_, key)) = SPANISH.iter().find(|(es, _)| *es == lower) {
        if let Some(k) = allowed.iter().find(|k| *k == key) {
            return Some(k);
        }
    }
    allowed
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&lower, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

const SPANISH: &[(&str, &str)] = &[
    ("periodo", "period"),
    ("período", "period"),
    ("titulo", "title"),
    ("título", "title"),
    ("resumen", "summary"),
    ("fecha", "date"),
    ("borrador", "draft"),
    ("ejemplo", "sample"),
    ("muestra", "sample"),
    ("cuadros", "tables"),
    ("tablas", "tables"),
    ("galeria", "gallery"),
    ("galería", "gallery"),
    ("fotos", "gallery"),
    ("numero", "number"),
    ("número", "number"),
    ("unidad", "unit"),
    ("fuente", "source"),
    ("filas", "rows"),
    ("etiqueta", "label"),
    ("nombre", "label"),
    ("valor", "value"),
    ("cantidad", "value"),
    ("archivo", "src"),
    ("texto_alternativo", "alt"),
    ("pie", "caption"),
    ("leyenda", "caption"),
    ("credito", "credit"),
    ("crédito", "credit"),
    ("descripcion", "description"),
    ("descripción", "description"),
];

/// serde_yaml appends " at line X column Y" to its messages; we print our own.
/// Its word for a number too large for 64 bits is obscure; say it plainly.
pub fn clean_serde_message(msg: &str) -> String {
    if msg.contains("as u128") || msg.contains("as i128") {
        return t!("load-yaml-number-too-large", max = u64::MAX.to_string());
    }
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

enum Frame {
    Mapping {
        path: String,
        key: Option<String>,
        anchor: usize,
    },
    Sequence {
        path: String,
        next: usize,
        anchor: usize,
    },
}

struct Builder {
    offset: usize,
    stack: Vec<Frame>,
    /// Values counted so far in each open collection (aliases expanded),
    /// the document's own count first.
    sizes: Vec<u64>,
    /// The expanded size of each anchored value, by yaml-rust2's anchor id.
    anchors: HashMap<usize, u64>,
    index: Index,
}

impl Builder {
    /// Adds a finished value of `size` values to the collection it is in.
    fn count(&mut self, size: u64, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, size);
        }
        if let Some(last) = self.sizes.last_mut() {
            *last = last.saturating_add(size);
        }
    }
}

impl Builder {
    fn pos(&self, mark: Marker) -> (usize, usize) {
        (mark.line() + self.offset, mark.col() + 1)
    }

    /// Path of the value that starts now, or `None` when a scalar is a mapping key.
    fn value_path(&mut self) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Mapping { path, key, .. }) => key.take().map(|k| join(path, &k)),
            Some(Frame::Sequence { path, next, .. }) => {
                let p = join(path, &next.to_string());
                *next += 1;
                Some(p)
            }
        }
    }
}

fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_string()
    } else {
        format!("{parent}.{child}")
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let pos = self.pos(mark);
        match ev {
            Event::Scalar(text, style, anchor, _) => {
                self.count(1, anchor);
                self.scalar(text, style == TScalarStyle::Plain, pos);
            }
            Event::Alias(id) => {
                let size = self.anchors.get(&id).copied().unwrap_or(1);
                self.count(size, 0);
                if let Some(path) = self.value_path() {
                    self.index.values.insert(path, pos);
                }
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                // A mapping used as a key is legal YAML but never ours: give it a
                // name that no check looks for.
                let path = self
                    .value_path()
                    .unwrap_or_else(|| "\u{0}complex-key".to_string());
                self.index.values.entry(path.clone()).or_insert(pos);
                self.stack.push(if matches!(ev, Event::MappingStart(..)) {
                    Frame::Mapping {
                        path,
                        key: None,
                        anchor,
                    }
                } else {
                    Frame::Sequence {
                        path,
                        next: 0,
                        anchor,
                    }
                });
                self.sizes.push(1);
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let anchor = match self.stack.pop() {
                    Some(Frame::Mapping { anchor, .. } | Frame::Sequence { anchor, .. }) => anchor,
                    None => 0,
                };
                if self.sizes.len() > 1 {
                    let size = self.sizes.pop().unwrap_or(1);
                    self.count(size, anchor);
                }
            }
            _ => {}
        }
    }
}

impl Builder {
    fn scalar(&mut self, text: String, plain: bool, pos: (usize, usize)) {
        match self.value_path() {
            Some(path) => {
                if plain {
                    self.index.plain.insert(path.clone(), text);
                }
                self.index.values.insert(path, pos);
            }
            None => {
                if let Some(Frame::Mapping { path, key, .. }) = self.stack.last_mut() {
                    self.index.keys.entry(path.clone()).or_default().push((
                        text.clone(),
                        pos.0,
                        pos.1,
                    ));
                    *key = Some(text);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_of_the_file() {
        let yaml =
            "period: 2024-01\ntables:\n  - id: a\n    rows:\n      - label: X\n        value: 12\n";
        let idx = index(yaml, 1).unwrap();
        assert_eq!(idx.at("period"), (2, 9));
        assert_eq!(idx.at("tables.0.rows.0.value"), (7, 16));
        assert_eq!(idx.at("tables.0.id"), (4, 9));
        // Unknown paths fall back to their parent.
        assert_eq!(idx.at("tables.0.rows.0.nope").0, 6);
    }

    #[test]
    fn syntax_errors_have_file_lines() {
        let err = index("a: 1\nb: [\n", 3).unwrap_err();
        assert!(err.line >= 5, "{err:?}");
    }

    #[test]
    fn too_many_open_brackets_are_refused_before_parsing() {
        let err = index(&format!("a: 1\nextra: {}", "[".repeat(100_000)), 1).unwrap_err();
        assert!(err.limit, "{err:?}");
        assert_eq!(err.line, 3);
        assert!(err.message.contains("128 `[`"), "{}", err.message);
        // Closed brackets do not add up.
        let many = "[1], ".repeat(10_000);
        assert!(index(&format!("a: [{many}]\n"), 0).is_ok());
    }

    #[test]
    fn plain_scalars_are_kept_as_written() {
        let idx = index("a: 0x10\nb: '0x10'\nc:\n  - 007\n", 0).unwrap();
        assert_eq!(idx.plain_text("a"), Some("0x10"));
        assert_eq!(idx.plain_text("b"), None);
        assert_eq!(idx.plain_text("c.0"), Some("007"));
    }

    #[test]
    fn did_you_mean_finds_typos() {
        assert_eq!(did_you_mean("perod", &["period", "title"]), Some("period"));
        assert_eq!(did_you_mean("tabels", &["tables", "title"]), Some("tables"));
        assert_eq!(did_you_mean("zzzzzz", &["period", "title"]), None);
    }
}
