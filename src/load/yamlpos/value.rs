//! The document's values built from the same events `yamlpos` indexes, so
//! that a front matter is parsed once, not twice (once more by serde_yaml
//! for the values): that second parse was most of loading an archive.
//!
//! The values must be exactly those `serde_yaml::from_str` gives, error
//! messages included. So this builds only what is plain to build the same
//! way: untagged scalars, mappings with scalar keys, sequences. Whenever a
//! document holds anything else (a tag, an anchor or alias, a duplicate or
//! complex key, a number too large for 64 bits, deep nesting, a second
//! document, a character the two parsers read differently), the builder
//! gives up and the caller asks serde_yaml, as before.

use serde_yaml::{Mapping, Number, Value};
use yaml_rust2::parser::Event;
use yaml_rust2::scanner::TScalarStyle;

/// Nesting beyond this is left to serde_yaml (it refuses 128 levels).
const MAX_DEPTH: usize = 100;

/// A collection still open, with what it holds so far.
enum Open {
    /// A mapping and, between a key and its value, the key.
    Mapping(Mapping, Option<Value>),
    Sequence(Vec<Value>),
}

/// Builds the values of one document from its parser events.
pub(super) struct ValueBuilder {
    stack: Vec<Open>,
    root: Option<Value>,
    given_up: bool,
}

impl ValueBuilder {
    /// A builder for `text`, given up already when the text holds a
    /// character libyaml and yaml-rust2 may read differently: tabs, line
    /// ends other than `\n` (libyaml also ends lines at U+0085, U+2028 and
    /// U+2029), control and other non-printable characters.
    pub(super) fn for_text(text: &str) -> ValueBuilder {
        ValueBuilder {
            stack: Vec::new(),
            root: None,
            given_up: !text.chars().all(plain_char),
        }
    }

    /// Stops building: serde_yaml decides.
    pub(super) fn give_up(&mut self) {
        self.given_up = true;
    }

    pub(super) fn on_event(&mut self, event: &Event) {
        if self.given_up {
            return;
        }
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                if *anchor != 0 || tag.is_some() {
                    return self.give_up();
                }
                let value = if *style == TScalarStyle::Plain {
                    match untagged(text) {
                        Some(value) => value,
                        None => return self.give_up(),
                    }
                } else {
                    Value::String(text.clone())
                };
                self.add(value);
            }
            Event::MappingStart(anchor, tag) | Event::SequenceStart(anchor, tag) => {
                let is_key = matches!(self.stack.last(), Some(Open::Mapping(_, None)));
                if *anchor != 0 || tag.is_some() || is_key || self.stack.len() >= MAX_DEPTH {
                    return self.give_up();
                }
                self.stack
                    .push(if matches!(event, Event::MappingStart(..)) {
                        Open::Mapping(Mapping::new(), None)
                    } else {
                        Open::Sequence(Vec::new())
                    });
            }
            Event::MappingEnd | Event::SequenceEnd => match self.stack.pop() {
                Some(Open::Mapping(m, None)) => self.add(Value::Mapping(m)),
                Some(Open::Sequence(s)) => self.add(Value::Sequence(s)),
                _ => self.give_up(),
            },
            Event::Alias(_) => self.give_up(),
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => {}
        }
    }

    /// Puts a finished value where it belongs: the root, a key, a key's
    /// value or the next item.
    fn add(&mut self, value: Value) {
        // An empty key (`: 12`, its key deleted) is an error to libyaml
        // but not to yaml-rust2, which reads it as `~`, a null key.
        if value.is_null() && self.awaits_key() {
            return self.give_up();
        }
        match self.stack.last_mut() {
            None if self.root.is_none() => self.root = Some(value),
            None => self.give_up(),
            Some(Open::Mapping(_, key @ None)) => *key = Some(value),
            Some(Open::Mapping(mapping, key)) => {
                let Some(key) = key.take() else {
                    return self.give_up();
                };
                // serde_yaml refuses a key twice, in its own words.
                if mapping.contains_key(&key) {
                    return self.give_up();
                }
                mapping.insert(key, value);
            }
            Some(Open::Sequence(items)) => items.push(value),
        }
    }

    fn awaits_key(&self) -> bool {
        matches!(self.stack.last(), Some(Open::Mapping(_, None)))
    }

    /// The document's value (null when it is empty), or `None` when
    /// serde_yaml must build it.
    pub(super) fn finish(self) -> Option<Value> {
        if self.given_up || !self.stack.is_empty() {
            return None;
        }
        Some(self.root.unwrap_or(Value::Null))
    }
}

/// Characters both parsers read alike.
fn plain_char(c: char) -> bool {
    c == '\n'
        || (c >= ' '
            && !('\u{7f}'..='\u{9f}').contains(&c)
            && !matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            ))
}

/// What serde_yaml makes of an untagged plain scalar: null, a boolean, an
/// integer, a float or else the text. `None` for an integer beyond 64 bits,
/// which serde_yaml refuses with its own message.
fn untagged(text: &str) -> Option<Value> {
    if text.is_empty() || matches!(text, "~" | "null" | "Null" | "NULL") {
        return Some(Value::Null);
    }
    match text {
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    if let Some(n) = unsigned(text, u64::from_str_radix) {
        return Some(Value::Number(Number::from(n)));
    }
    if let Some(n) = negative(text, i64::from_str_radix) {
        return Some(Value::Number(Number::from(n)));
    }
    if unsigned(text, u128::from_str_radix).is_some()
        || negative(text, i128::from_str_radix).is_some()
    {
        return None;
    }
    if !leading_zero_digits(text) {
        if let Some(f) = float(text) {
            return Some(Value::Number(Number::from(f)));
        }
    }
    Some(Value::String(text.to_string()))
}

type Radix<T> = fn(&str, u32) -> Result<T, std::num::ParseIntError>;

/// A non-negative integer, decimal or with a `0x`, `0o` or `0b` prefix, an
/// optional `+` first.
fn unsigned<T>(text: &str, parse: Radix<T>) -> Option<T> {
    let digits = text.strip_prefix('+').unwrap_or(text);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = digits.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(n) = parse(rest, radix) {
                return Some(n);
            }
        }
    }
    if digits.starts_with(['+', '-']) || leading_zero_digits(text) {
        return None;
    }
    parse(digits, 10).ok()
}

/// A negative integer, decimal or with a `-0x`, `-0o` or `-0b` prefix.
fn negative<T>(text: &str, parse: Radix<T>) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = text.strip_prefix(prefix) {
            if let Ok(n) = parse(&format!("-{rest}"), radix) {
                return Some(n);
            }
        }
    }
    if leading_zero_digits(text) {
        return None;
    }
    parse(text, 10).ok()
}

/// A float as YAML writes it (`.inf`, `.nan` too); finite ones as Rust
/// reads them.
fn float(text: &str) -> Option<f64> {
    let unsigned = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return Some(f64::INFINITY);
    }
    if matches!(text, "-.inf" | "-.Inf" | "-.INF") {
        return Some(f64::NEG_INFINITY);
    }
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Some(f64::NAN);
    }
    unsigned.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Digits after a leading zero (`007`): text, not a number, in YAML 1.2.
fn leading_zero_digits(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    digits.len() > 1 && digits.starts_with('0') && digits[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::super::index_and_value;

    /// The value built in the indexing pass, checked against serde_yaml's.
    fn built(yaml: &str) -> Option<serde_yaml::Value> {
        let (_, value) = index_and_value(yaml, 0).ok()?;
        if let Some(value) = &value {
            let serde: serde_yaml::Value = serde_yaml::from_str(yaml)
                .unwrap_or_else(|e| panic!("serde_yaml refuses {yaml:?}: {e}"));
            assert_eq!(value, &serde, "for {yaml:?}");
        }
        value
    }

    #[test]
    fn scalars_resolve_as_serde_yaml_resolves_them() {
        let scalars = [
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "nULL",
            "true",
            "True",
            "TRUE",
            "tRUE",
            "yes",
            "no",
            "on",
            "off",
            "false",
            "False",
            "0",
            "-0",
            "+0",
            "007",
            "-007",
            "+007",
            "08",
            "0.5",
            "00.5",
            "1e3",
            "1E3",
            "-1.5e-3",
            "+1.5",
            "++1",
            "+-1",
            "-+1",
            ".5",
            "5.",
            "1_000",
            "1,000",
            "0x10",
            "0x1F",
            "0xg",
            "-0x10",
            "+0x10",
            "0x-1",
            "0o17",
            "-0o17",
            "0o8",
            "0b101",
            "-0b101",
            "0b2",
            "0x",
            "18446744073709551615",
            "-9223372036854775808",
            ".inf",
            ".Inf",
            "-.inf",
            "+.inf",
            ".nan",
            ".NaN",
            "nan",
            "inf",
            "infinity",
            "1e400",
            "-1e400",
            "2024-01",
            "2024-01-15",
            "12:30",
            "1:20:30",
            "3.14.15",
            "Visas emitidas",
            "Año 2024",
            "0.0",
            "-0.0",
            "1.",
            "+.5",
        ];
        for s in scalars {
            let yaml = format!("a: {s}\nb: [{s}]\nc: {{d: {s}}}\nk{s}: c\n");
            assert!(built(&yaml).is_some(), "not built: {yaml:?}");
        }
    }

    #[test]
    fn documents_build_as_serde_yaml_builds_them() {
        let documents = [
            "",
            "# only a comment\n",
            "a: 1\n",
            "period: 2024-01\ntitle: 'Enero'\ntables:\n  - id: a\n    rows:\n      - label: X\n        value: 12\n      - {label: Y, value: -3.5}\n",
            "text: |\n  line one\n  line two\n\nfolded: >\n  a\n  b\n\n  c\nkeep: |+\n  x\n\nstrip: >-\n  y\n",
            "q: \"tab\\there \\u00e9 \\x41 \\\\ \\\" \"\ns: 'it''s'\n",
            "multi: a plain\n  scalar over\n\n  lines\n",
            "- 1\n- [2, 3]\n- {a: b}\n- - nested\n  - list\n",
            "empty:\nalso: \nlist: []\nmap: {}\n",
            "? complexless\n: value\n",
            "1: one\n2.5: two\ntrue: three\n0x10: four\n",
            "a: b # comment\n# c\nd: 'e' # f\n",
            "---\na: 1\n",
            "a: 1\n...\n",
            "url: http://example.org/a#b\nk: a:b\n",
            "s: ñandú — «comillas» 😀\n",
        ];
        for yaml in documents {
            assert!(built(yaml).is_some(), "not built: {yaml:?}");
        }
    }

    #[test]
    fn what_serde_yaml_must_decide_is_left_to_it() {
        let documents = [
            "a: 1\na: 2\n",
            "a: &x 1\nb: *x\n",
            "a: !tag 1\n",
            "a: !!str 1\n",
            "a: 340282366920938463463374607431768211455\n",
            "a: 18446744073709551616\n",
            "a: -9223372036854775809000\n",
            "[a, b]: c\n",
            "{a: 1}: c\n",
            "a: 1\n---\nb: 2\n",
            "a:\tb\n",
            "a: b\u{85}c\n",
            "a: b\u{2028}c\n",
            "a: \u{7}\n",
            "~: a\n",
            ": a\n",
            "a: 1\n: 2\n",
        ];
        for yaml in documents {
            assert_eq!(built(yaml), None, "built: {yaml:?}");
        }
        let deep = format!("a: {}1{}\n", "[".repeat(101), "]".repeat(101));
        assert_eq!(built(&deep), None);
    }
}
