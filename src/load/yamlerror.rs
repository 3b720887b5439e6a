//! YAML syntax errors in plain words, at the place the mistake starts.
//!
//! The parsers say what confused them ("did not find expected key") and
//! where they noticed, often a line or two after the mistake. Editors need
//! the mistake itself: the quote left open, the tab, the missing space. So
//! when a parser fails, this looks at the text around where it stopped for
//! the mistakes editors make, and words the message from what is actually
//! there. When none fits, the parser's own position is kept with a general
//! hint. Pure: text in, message out.

use crate::t;

/// A syntax problem explained: 1-based line and column within the text
/// given, and the message for the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// Explains a failed parse of `yaml`, whose first line is line
/// `offset + 1` of its file. `at_line` (a line of the file) is where the
/// parser stopped, 0 when unknown; `parser_says` its message. Lines in the
/// result and in its message are lines of the file.
pub fn explain(
    yaml: &str,
    offset: usize,
    at_line: usize,
    at_col: usize,
    parser_says: &str,
) -> Explained {
    let lines: Vec<&str> = yaml.lines().map(|l| l.trim_end_matches('\r')).collect();
    let last = match at_line.checked_sub(offset) {
        Some(l) if l > 0 => l.min(lines.len()),
        _ => lines.len(),
    };
    // The mistake is at or before the line where the parser stopped.
    let upto = &lines[..last];
    let found = tab(upto, offset)
        .or_else(|| duplicate_key(&lines, offset, parser_says))
        .or_else(|| unclosed_quote(upto, offset))
        .or_else(|| missing_space(upto, offset))
        .or_else(|| colon_in_value(upto, offset))
        .or_else(|| misindented_item(upto, offset));
    found.unwrap_or_else(|| Explained {
        line: at_line.max(offset + 1),
        col: at_col.max(1),
        message: t!("yaml-general", why = parser_words(parser_says)),
    })
}

/// What a parser's message says, in the catalogue's words: the problem
/// libyaml (serde_yaml) or yaml-rust2 reported, never its English text.
/// The first rule whose words the message contains gives the wording.
pub fn parser_words(parser_says: &str) -> String {
    // serde_yaml's word for a number beyond 64 bits.
    if parser_says.contains("as u128") || parser_says.contains("as i128") {
        return crate::load::yamlpos::clean_serde_message(parser_says);
    }
    let says = parser_says.to_ascii_lowercase();
    let id = PARSER_WORDS
        .iter()
        .find(|(words, _)| words.iter().any(|w| says.contains(w)))
        .map_or("yaml-why-unknown", |(_, id)| id);
    crate::support::i18n::message(id, &[])
}

/// The parsers' phrases (lowercase), most specific first, and the message
/// each stands for. Together they cover every message of libyaml's scanner
/// and parser, of yaml-rust2's and of serde_yaml's own.
const PARSER_WORDS: &[(&[&str], &str)] = &[
    (&["tab"], "yaml-why-tab"),
    (
        &[
            "escape character",
            "unicode character escape",
            "hexadecimal number",
            "escaped octet",
        ],
        "yaml-why-escape",
    ),
    (
        &[
            "quoted scalar, found unexpected end",
            "quoted scalar, found unexpected document",
            "unexpected end of stream",
            "invalid indentation in quoted scalar",
        ],
        "yaml-why-quote",
    ),
    (
        &[
            "trailing content after double-quoted",
            "content after document end",
        ],
        "yaml-why-after-quote",
    ),
    (&["did not find expected key"], "yaml-why-key"),
    (&["expected '-' indicator"], "yaml-why-item"),
    (&["',' or ']'"], "yaml-why-bracket"),
    (&["',' or '}'"], "yaml-why-brace"),
    (
        &[
            "mapping values are not allowed",
            "mapping keys are not allowed",
            "illegal placement of ':'",
            "found unexpected ':'",
        ],
        "yaml-why-colon",
    ),
    (&["block sequence entries"], "yaml-why-dash"),
    (
        &["could not find expected ':'", "simple key expect"],
        "yaml-why-no-colon",
    ),
    (
        &[
            "cannot start any token",
            "unexpected character",
            "plain scalar cannot start",
            "next token",
        ],
        "yaml-why-start-char",
    ),
    (
        &["must be followed by", "expected whitespace"],
        "yaml-why-space",
    ),
    (&["comments must be separated"], "yaml-why-comment"),
    (&["unknown anchor", "undefined alias"], "yaml-why-alias"),
    (&["duplicated anchor"], "yaml-why-anchor"),
    (&["alphabetic or numeric"], "yaml-why-anchor-name"),
    (
        &[
            "block scalar",
            "indentation indicator",
            "comment or line break",
        ],
        "yaml-why-block",
    ),
    (
        &["tag", "handle", "expected '!'", "expected '>'"],
        "yaml-why-tag",
    ),
    (
        &[
            "directive",
            "document",
            "version",
            "stream-start",
            "digit or '.'",
            "non-alphabetical",
        ],
        "yaml-why-document",
    ),
    (&["node content"], "yaml-why-no-value"),
    (&["indentation"], "yaml-why-indent"),
    (
        &[
            "control characters",
            "utf-8",
            "utf-16",
            "surrogate",
            "invalid unicode",
            "octet",
        ],
        "yaml-why-encoding",
    ),
    (
        &["recursion limit", "repetition limit"],
        "yaml-why-too-deep",
    ),
    (&["eof", "end of stream"], "yaml-why-incomplete"),
];

/// A serde_yaml message about `site.yaml`'s values (a key missing, a value
/// of the wrong form) in the catalogue's words; a syntax error's message
/// otherwise.
pub fn value_words(serde_says: &str) -> String {
    let cleaned = crate::load::yamlpos::clean_serde_message(serde_says);
    if serde_says.contains("as u128") || serde_says.contains("as i128") {
        return cleaned;
    }
    let serde_says = cleaned.as_str();
    // serde_yaml puts the key's path first: `images.widths: invalid type …`.
    let (key, says) = match serde_says.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') => (path, rest),
        _ => ("", serde_says),
    };
    let ticked = |text: &str| -> Vec<String> {
        text.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    if let Some(rest) = says.strip_prefix("missing field ") {
        let missing = ticked(rest).into_iter().next().unwrap_or_default();
        let missing = if key.is_empty() {
            missing
        } else {
            format!("{key}.{missing}")
        };
        return t!("config-missing-key", key = missing);
    }
    if let Some(rest) = says.strip_prefix("unknown variant ") {
        let names = ticked(rest);
        let (value, allowed) = names
            .split_first()
            .map_or((String::new(), &[][..]), |(v, a)| (v.clone(), a));
        return t!(
            "config-unknown-variant",
            value = value,
            key = key,
            values = allowed.join(", ")
        );
    }
    if says.starts_with("invalid type") || says.starts_with("invalid length") {
        if key.is_empty() {
            return t!("config-wrong-type-top");
        }
        return t!("config-wrong-type", key = key);
    }
    if says.starts_with("invalid value") {
        return t!("config-wrong-value", key = key);
    }
    t!("yaml-general", why = parser_words(says))
}

/// A tab in a line's indentation: YAML allows only spaces there.
fn tab(lines: &[&str], offset: usize) -> Option<Explained> {
    lines.iter().enumerate().find_map(|(i, l)| {
        let indent = &l[..l.len() - l.trim_start().len()];
        let col = indent.find('\t')?;
        Some(Explained {
            line: i + 1 + offset,
            col: col + 1,
            message: t!("yaml-tab", line = i + 1 + offset),
        })
    })
}

/// The start of a line's value: after `key: ` or `- `, with its column (0-based, bytes).
fn value_of(line: &str) -> Option<(usize, &str)> {
    let body = line.trim_start();
    let mut start = line.len() - body.len();
    let mut rest = body;
    while let Some(r) = rest.strip_prefix("- ") {
        start += 2;
        rest = r.trim_start();
        start += r.len() - rest.len();
    }
    if rest.starts_with(['"', '\'']) {
        return Some((start, rest));
    }
    let colon = key_colon(rest)?;
    let after = &rest[colon + 1..];
    let value = after.trim_start();
    Some((start + colon + 1 + (after.len() - value.len()), value))
}

/// Where a plain `key:` ends in `text` (the colon's byte index), for keys
/// as editors write them: letters, digits, `_` and `-`.
fn key_colon(text: &str) -> Option<usize> {
    let end = text.find(':')?;
    let key = &text[..end];
    let is_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    is_key.then_some(end)
}

/// A quoted value whose closing quote is missing on its line.
fn unclosed_quote(lines: &[&str], offset: usize) -> Option<Explained> {
    lines.iter().enumerate().find_map(|(i, l)| {
        let (col, value) = value_of(l)?;
        let quote = value.chars().next().filter(|c| matches!(c, '"' | '\''))?;
        if closes(&value[1..], quote) {
            return None;
        }
        Some(Explained {
            line: i + 1 + offset,
            col: l[..col].chars().count() + 1,
            message: t!(
                "yaml-unclosed-quote",
                line = i + 1 + offset,
                quote = quote.to_string()
            ),
        })
    })
}

/// Whether `rest` (after an opening quote) closes it: `\"` escapes in
/// double quotes, `''` in single ones.
fn closes(rest: &str, quote: char) -> bool {
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            ('"', '\\') => {
                chars.next();
            }
            ('\'', '\'') if chars.peek() == Some(&'\'') => {
                chars.next();
            }
            (q, c) if c == q => return true,
            _ => {}
        }
    }
    false
}

/// `key:value` with no space after the colon.
fn missing_space(lines: &[&str], offset: usize) -> Option<Explained> {
    lines.iter().enumerate().find_map(|(i, l)| {
        let body = l.trim_start().trim_start_matches("- ").trim_start();
        let indent = l.len() - body.len();
        let colon = key_colon(body)?;
        let next = body[colon + 1..].chars().next()?;
        if next.is_whitespace() || next == ':' || body[colon + 1..].starts_with("//") {
            return None;
        }
        let key = &body[..colon];
        let value = &body[colon + 1..];
        Some(Explained {
            line: i + 1 + offset,
            col: l[..indent + colon].chars().count() + 1,
            message: t!("yaml-missing-space", key = key, value = value),
        })
    })
}

/// `key: text: more` where the value holds `: ` and is not quoted.
fn colon_in_value(lines: &[&str], offset: usize) -> Option<Explained> {
    lines.iter().enumerate().find_map(|(i, l)| {
        let (col, value) = value_of(l)?;
        if value.starts_with(['"', '\'', '{', '[', '|', '>', '#']) {
            return None;
        }
        let value = value.split(" #").next().unwrap_or(value).trim_end();
        if !(value.contains(": ") || value.ends_with(':')) {
            return None;
        }
        let key = l.trim_start().trim_start_matches("- ");
        let key = &key[..key_colon(key)?];
        Some(Explained {
            line: i + 1 + offset,
            col: l[..col].chars().count() + 1,
            message: t!(
                "yaml-colon-in-value",
                key = key,
                value = value,
                quoted = crate::support::yamlwrite::quote(value)
            ),
        })
    })
}

/// A `- ` list item whose indentation differs from the item before it in
/// the same list (the nearest earlier item not nested deeper).
fn misindented_item(lines: &[&str], offset: usize) -> Option<Explained> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let (i, line) = lines
        .iter()
        .enumerate()
        .rev()
        .find(|(_, l)| l.trim_start().starts_with("- "))?;
    let mine = indent(line);
    let (_, sibling) = lines[..i].iter().enumerate().rev().find(|(_, l)| {
        l.trim_start().starts_with("- ") && indent(l).abs_diff(mine) <= 2 && indent(l) != mine
    })?;
    Some(Explained {
        line: i + 1 + offset,
        col: mine + 1,
        message: t!(
            "yaml-misindented-item",
            line = i + 1 + offset,
            expected = indent(sibling),
            found = mine
        ),
    })
}

/// The same key twice in one mapping: serde_yaml names the key, the text
/// tells where both are.
fn duplicate_key(lines: &[&str], offset: usize, parser_says: &str) -> Option<Explained> {
    let key = parser_says
        .split("duplicate entry with key \"")
        .nth(1)?
        .split('"')
        .next()?;
    let indent = |l: &str| l.len() - l.trim_start().len();
    let is_key = |l: &str| {
        let body = l.trim_start().trim_start_matches("- ");
        body.strip_prefix(key).is_some_and(|r| r.starts_with(':'))
    };
    let mut seen: Vec<(usize, usize)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if !is_key(l) {
            continue;
        }
        let level = l.len() - l.trim_start().trim_start_matches("- ").len();
        // A shallower line, or a new `- ` item of the same list, between
        // two occurrences starts another mapping.
        let new_mapping = |m: &&str| {
            let shallower =
                !m.trim().is_empty() && indent(m) < level && !m.trim_start().starts_with('#');
            shallower || (m.trim_start().starts_with("- ") && indent(m) + 2 == level)
        };
        if let Some(&(first, _)) = seen
            .iter()
            .rev()
            .find(|(j, lv)| *lv == level && !lines[j + 1..=i].iter().any(new_mapping))
        {
            return Some(Explained {
                line: i + 1 + offset,
                col: level + 1,
                message: t!(
                    "yaml-duplicate-key",
                    key = key,
                    first = first + 1 + offset,
                    line = i + 1 + offset
                ),
            });
        }
        seen.push((i, level));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_error(yaml: &str) -> (usize, usize, String) {
        match serde_yaml::from_str::<serde_yaml::Value>(yaml) {
            Ok(v) => panic!("parsed: {v:?}"),
            Err(e) => {
                let (l, c) = e
                    .location()
                    .map(|l| (l.line(), l.column()))
                    .unwrap_or((0, 0));
                (l, c, e.to_string())
            }
        }
    }

    fn explained(yaml: &str) -> Explained {
        let (l, c, m) = first_error(yaml);
        crate::support::i18n::set_lang(crate::support::i18n::Lang::Es);
        explain(yaml, 0, l, c, &m)
    }

    #[test]
    fn an_unclosed_quote_is_named_at_its_line() {
        let e = explained("period: 2024-01\ntitle: \"Informe de enero\nsummary: x\ndraft: false\n");
        assert_eq!((e.line, e.col), (2, 8), "{e:?}");
        assert!(
            e.message
                .contains("las comillas abiertas en la línea 2 no se cierran"),
            "{e:?}"
        );
    }

    #[test]
    fn a_tab_is_named() {
        let e = explained("tables:\n  - title: a\n\t rows: []\n");
        assert_eq!((e.line, e.col), (3, 1), "{e:?}");
        assert!(e.message.contains("tabulador"), "{e:?}");
        assert!(e.message.contains("espacios"), "{e:?}");
    }

    #[test]
    fn a_missing_space_after_the_colon() {
        let e = explain(
            "period:2024-01\ntitle: x\n",
            0,
            0,
            0,
            "invalid type: string",
        );
        assert_eq!(e.line, 1, "{e:?}");
        assert!(e.message.contains("period: 2024-01"), "{e:?}");
        // URLs are not keys.
        assert_eq!(missing_space(&["base_url: https://x.org/"], 0), None);
    }

    #[test]
    fn a_colon_in_an_unquoted_value() {
        let e = explained("period: 2024-01\ntitle: Informe: enero\n");
        assert_eq!((e.line, e.col), (2, 8), "{e:?}");
        assert!(e.message.contains("title: \"Informe: enero\""), "{e:?}");
    }

    #[test]
    fn a_misindented_list_item() {
        let yaml = "tables:\n  - title: a\n    rows:\n      - label: x\n        value: 1\n       - label: y\n        value: 2\n";
        let e = explained(yaml);
        assert_eq!(e.line, 6, "{e:?}");
        assert!(e.message.contains("sangría"), "{e:?}");
        assert!(e.message.contains('6'), "{e:?}");
    }

    #[test]
    fn a_duplicated_key_names_both_lines() {
        let yaml = "period: 2024-01\ntitle: a\nsummary: b\ntitle: c\n";
        let e = explained(yaml);
        assert_eq!(e.line, 4, "{e:?}");
        assert!(
            e.message.contains("«title»") && e.message.contains('2'),
            "{e:?}"
        );
        // The same key in two rows is not a duplicate.
        let rows = "rows:\n  - label: a\n    value: 1\n  - label: b\n    value: 2\n";
        assert!(serde_yaml::from_str::<serde_yaml::Value>(rows).is_ok());
        assert_eq!(
            duplicate_key(
                &rows.lines().collect::<Vec<_>>(),
                0,
                "duplicate entry with key \"label\""
            ),
            None
        );
    }

    #[test]
    fn anything_else_keeps_the_parsers_place_in_plain_words() {
        crate::support::i18n::set_lang(crate::support::i18n::Lang::Es);
        let e = explain("a: [1, 2\n", 0, 1, 5, "did not find expected ',' or ']'");
        assert_eq!((e.line, e.col), (1, 5));
        assert!(!e.message.contains("did not find expected"), "{e:?}");
        assert!(e.message.contains("«[»"), "{e:?}");
    }

    /// Every message libyaml and yaml-rust2 can give has its own words; none
    /// falls to the catch-all.
    #[test]
    fn every_parser_message_has_words() {
        let libyaml = [
            "block sequence entries are not allowed in this context",
            "control characters are not allowed",
            "could not find expected ':'",
            "could not find expected directive name",
            "did not find URI escaped octet",
            "did not find expected '!'",
            "did not find expected ',' or ']'",
            "did not find expected ',' or '}'",
            "did not find expected '-' indicator",
            "did not find expected <document start>",
            "did not find expected <stream-start>",
            "did not find expected alphabetic or numeric character",
            "did not find expected comment or line break",
            "did not find expected digit or '.' character",
            "did not find expected hexadecimal number",
            "did not find expected key",
            "did not find expected node content",
            "did not find expected tag URI",
            "did not find expected version number",
            "did not find expected whitespace or line break",
            "did not find the expected '>'",
            "found a tab character that violates indentation",
            "found a tab character where an indentation space is expected",
            "found an incorrect leading UTF-8 octet",
            "found an indentation indicator equal to 0",
            "found character that cannot start any token",
            "found duplicate %TAG directive",
            "found duplicate %YAML directive",
            "found extremely long version number",
            "found incompatible YAML document",
            "found invalid Unicode character escape code",
            "found undefined tag handle",
            "found unexpected ':'",
            "found unexpected end of stream",
            "found unexpected non-alphabetical character",
            "found unknown directive name",
            "found unknown escape character",
            "incomplete UTF-8 octet sequence",
            "invalid Unicode character",
            "invalid leading UTF-8 octet",
            "mapping keys are not allowed in this context",
            "mapping values are not allowed in this context",
            "unknown anchor",
            "recursion limit exceeded",
            "deserializing from YAML containing more than one document is not supported",
            "EOF while parsing a value",
        ];
        let rust2 = [
            "'-' must be followed by a valid YAML whitespace",
            "a block scalar content cannot start with a tab",
            "comments must be separated from other tokens by whitespace",
            "did not find expected <document start>",
            "did not find expected next token",
            "duplicate version directive",
            "expected whitespace",
            "illegal placement of ':' indicator",
            "invalid content after document end marker",
            "invalid indentation",
            "invalid indentation in flow construct",
            "invalid trailing content after double-quoted scalar",
            "mapping values are not allowed in this context",
            "plain scalar cannot start with '-' followed by ,[]{}",
            "simple key expect ':'",
            "tabs disallowed within this context (block indentation)",
            "unexpected character: `@'",
            "unexpected eof",
            "while parsing a block mapping, did not find expected key",
            "while parsing a flow sequence, expected ',' or ']'",
            "while parsing anchor, found duplicated anchor",
            "while parsing node, found unknown anchor",
            "while scanning a quoted scalar, found unexpected end of stream",
            "wrongly indented line in block scalar",
        ];
        let unknown = crate::support::i18n::message_in(
            crate::support::i18n::Lang::Es,
            "yaml-why-unknown",
            &[],
        );
        for says in libyaml.iter().chain(rust2.iter()) {
            for prefix in ["", "YAML syntax error: "] {
                let words = parser_words(&format!("{prefix}{says}"));
                assert_ne!(words, unknown, "no words for {says:?}");
            }
        }
    }

    #[test]
    fn site_yaml_values_are_said_in_words() {
        crate::support::i18n::set_lang(crate::support::i18n::Lang::Es);
        let m = value_words("missing field `title`");
        assert!(m.contains("«title»") && !m.contains("missing"), "{m}");
        let m = value_words("images.widths: invalid type: string \"x\", expected a sequence");
        assert!(
            m.contains("«images.widths»") && !m.contains("invalid"),
            "{m}"
        );
        let m = value_words("search: unknown variant `si`, expected `true` or `false`");
        assert!(m.contains("«si»") && m.contains("«search»"), "{m}");
        let m = value_words("mapping values are not allowed in this context");
        assert!(m.contains("«:»"), "{m}");
    }
}
