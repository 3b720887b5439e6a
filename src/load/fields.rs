//! Typed fields read out of a YAML mapping, each problem reported at the
//! line and column of the value: text, flags, lists, counts, dates, ids.

use crate::load::model::MAX_COUNT;
use crate::load::yamlpos::Index;
use crate::support::diag::{Diagnostic, Diagnostics};
use crate::support::numfmt;
use crate::support::slug::slugify;
use crate::t;
use serde_yaml::Value;
use std::path::Path;

/// Reads typed fields out of a YAML mapping, reporting each problem at its position.
pub(super) struct Fields<'a> {
    pub show: &'a Path,
    pub index: &'a Index,
    pub diags: &'a mut Diagnostics,
}

impl Fields<'_> {
    /// Reports the problem `code` (its catalogue id), worded as `message`, at `path`.
    pub(super) fn error(&mut self, path: &str, code: &'static str, message: String) {
        let (line, col) = self.index.at(path);
        self.diags
            .push(Diagnostic::new(self.show, line, col, message).with_code(code));
    }

    pub(super) fn string(
        &mut self,
        map: &serde_yaml::Mapping,
        key: &str,
        path: &str,
    ) -> Option<String> {
        match map.get(key)? {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            // As typed: `id: 007` is "007", not "7".
            v @ (Value::Number(_) | Value::Bool(_)) => Some(
                self.index
                    .plain_text(&join(path, key))
                    .map(str::to_string)
                    .unwrap_or_else(|| match v {
                        Value::Number(n) => n.to_string(),
                        _ => format!("{}", v.as_bool().unwrap_or_default()),
                    }),
            ),
            _ => {
                self.error(
                    &join(path, key),
                    "load-not-text",
                    t!("load-not-text", key = key),
                );
                None
            }
        }
    }

    /// A flag (`draft:`, `sample:`): YAML's `true`/`false`, or one of the
    /// words editors write for them ([`flag_word`]), which YAML reads as
    /// text. Exactly these; the message lists them.
    pub(super) fn boolean(&mut self, map: &serde_yaml::Mapping, key: &str, path: &str) -> bool {
        match map.get(key) {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) if flag_word(s).is_some() => flag_word(s) == Some(true),
            Some(other) => {
                let value = match other {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    _ => String::new(),
                };
                let message = if value.is_empty() {
                    t!("load-not-boolean", key = key)
                } else {
                    t!(
                        "load-not-boolean-words",
                        key = key,
                        value = value.escape_debug().to_string()
                    )
                };
                self.error(&join(path, key), "load-not-boolean", message);
                false
            }
        }
    }

    pub(super) fn list<'v>(
        &mut self,
        map: &'v serde_yaml::Mapping,
        key: &str,
        path: &str,
    ) -> &'v [Value] {
        match map.get(key) {
            None | Some(Value::Null) => &[],
            Some(Value::Sequence(s)) => s,
            Some(_) => {
                self.error(
                    &join(path, key),
                    "load-not-list",
                    t!("load-not-list", key = key),
                );
                &[]
            }
        }
    }

    /// A count at `path`: decimal digits, optionally grouped by commas
    /// (`1350`, `"1,350"`), at most [`MAX_COUNT`].
    pub(super) fn count(&mut self, value: &Value, path: &str, what: &str) -> Result<u64, ()> {
        let text = match value {
            // As typed: serde_yaml has already turned `0x10` into 16.
            Value::Number(n) => self
                .index
                .plain_text(path)
                .map_or_else(|| n.to_string(), str::to_string),
            Value::String(s) => s.clone(),
            Value::Bool(b) => b.to_string(),
            _ => t!("load-count-list-or-mapping"),
        };
        count_of(&text).map_err(|problem| {
            self.error(path, problem.code(), problem.message(what, text.trim()));
        })
    }

    /// A date `YYYY-MM-DD` that exists in the calendar.
    pub(super) fn date(&mut self, map: &serde_yaml::Mapping, key: &str) -> Option<String> {
        let d = self.string(map, key, "")?;
        if !valid_date(&d) {
            self.error(key, "load-date-invalid", t!("load-date-invalid", date = &d));
        }
        Some(d)
    }

    /// The id of a table or row at `path`: its `id:` if given, checked to be a
    /// slug, or else the slug of `name` (its title or label, read from the
    /// key `name_key`), checked not to be empty or too long.
    pub(super) fn id(
        &mut self,
        map: &serde_yaml::Mapping,
        path: &str,
        name: &str,
        name_key: &str,
    ) -> String {
        if let Some(id) = self.string(map, "id", path) {
            if let Some(problem) = id_problem(&id) {
                let fix = match slugify(&id) {
                    s if s.is_empty() => slugify(name),
                    s => s,
                };
                let fix = shorten(&fix);
                let hint = if fix.is_empty() {
                    t!("load-id-hint-example")
                } else {
                    t!("load-id-hint-write", id = fix)
                };
                let id = id.escape_debug().to_string();
                self.error(
                    &join(path, "id"),
                    "load-id-not-slug",
                    t!("load-id-not-slug", id = id, problem = problem, hint = hint),
                );
            }
            return id;
        }
        let slug = slugify(name);
        if name.trim().is_empty() {
            // Already reported: the title or label is missing.
        } else if slug.is_empty() {
            self.error(
                &join(path, name_key),
                "load-id-no-letters",
                t!("load-id-no-letters", key = name_key, name = name),
            );
        } else if slug.len() > MAX_ID_LEN {
            self.error(
                &join(path, name_key),
                "load-id-name-too-long",
                t!(
                    "load-id-name-too-long",
                    key = name_key,
                    length = slug.len(),
                    max = MAX_ID_LEN,
                    id = shorten(&slug)
                ),
            );
        }
        slug
    }
}

/// The words a flag may be written with besides YAML's `true` and `false`,
/// in any case: `yes`, `sí`, `si` (true) and `no` (false), as
/// `load-not-boolean-words` lists them, and `"true"`/`"false"` in quotes.
/// `None` for anything else. Pure.
pub(crate) fn flag_word(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "true" | "yes" | "sí" | "si" => Some(true),
        "false" | "no" => Some(false),
        _ => None,
    }
}

/// The longest id: ids name folders and files of the site, which must stay
/// well inside file-name limits (255 bytes) with their prefixes and
/// suffixes (`cuadro-…-1600.svg`). Long enough for the slug of the longest
/// labels of the institute's reports (about 90 characters), so that an
/// editor never needs an `id:` line only because a label is long.
pub const MAX_ID_LEN: usize = 150;

/// Why `id` cannot be an id, if it cannot.
fn id_problem(id: &str) -> Option<String> {
    if id.is_empty() {
        Some(t!("load-id-problem-empty"))
    } else if !id
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        Some(t!("load-id-problem-not-slug"))
    } else if !id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit()) {
        Some(t!("load-id-problem-first"))
    } else if id.len() > MAX_ID_LEN {
        Some(t!(
            "load-id-problem-too-long",
            length = id.len(),
            max = MAX_ID_LEN
        ))
    } else {
        None
    }
}

/// The first words of `slug`, short enough to suggest as an id.
fn shorten(slug: &str) -> String {
    const SUGGESTED: usize = 40;
    if slug.len() <= SUGGESTED {
        return slug.to_string();
    }
    let cut = slug[..=SUGGESTED]
        .rfind('-')
        .filter(|&i| i > 0)
        .unwrap_or(SUGGESTED);
    slug[..cut].trim_end_matches('-').to_string()
}

/// What is wrong with the way a count is written.
#[derive(Debug, PartialEq, Eq)]
enum CountProblem {
    Negative,
    /// Thousands separated by a space or a non-breaking space.
    Spaced,
    MisplacedCommas,
    TooLarge,
    /// Anything not decimal digits: `0x10`, `1e3`, `+5`, `1_000`, `15.5`, words.
    NotDecimal,
}

impl CountProblem {
    /// The stable key of the problem (its catalogue id).
    fn code(&self) -> &'static str {
        match self {
            CountProblem::Negative => "load-count-negative",
            CountProblem::Spaced => "load-count-spaced",
            CountProblem::MisplacedCommas => "load-count-misplaced-commas",
            CountProblem::TooLarge => "load-count-too-large",
            CountProblem::NotDecimal => "load-count-not-decimal",
        }
    }

    fn message(&self, what: &str, text: &str) -> String {
        match self {
            CountProblem::Negative => t!("load-count-negative", what = what, text = text),
            CountProblem::Spaced => t!(
                "load-count-spaced",
                what = what,
                text = text,
                digits = digits_of(text),
                grouped = numfmt::thousands(digits_of(text).parse::<i128>().unwrap_or(0))
            ),
            CountProblem::MisplacedCommas => {
                t!("load-count-misplaced-commas", what = what, text = text)
            }
            CountProblem::TooLarge => t!(
                "load-count-too-large",
                what = what,
                text = text,
                max = numfmt::thousands(MAX_COUNT as i128)
            ),
            CountProblem::NotDecimal => t!("load-count-not-decimal", what = what, text = text),
        }
    }
}

fn digits_of(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// The count `text` writes, or what is wrong with its form.
fn count_of(text: &str) -> Result<u64, CountProblem> {
    let t = text.trim();
    let digits_and = |extra: &dyn Fn(char) -> bool| {
        t.chars().any(|c| c.is_ascii_digit()) && t.chars().all(|c| c.is_ascii_digit() || extra(c))
    };
    if let Some(rest) = t.strip_prefix('-') {
        if !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        {
            return Err(CountProblem::Negative);
        }
    }
    if !digits_and(&|c| c == ',') {
        return Err(if digits_and(&|c| c == ',' || c.is_whitespace()) {
            CountProblem::Spaced
        } else {
            CountProblem::NotDecimal
        });
    }
    if !numfmt::commas_group_thousands(t) {
        return Err(CountProblem::MisplacedCommas);
    }
    match digits_of(t).parse::<u64>() {
        Ok(n) if n <= MAX_COUNT => Ok(n),
        _ => Err(CountProblem::TooLarge),
    }
}

pub(super) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// `YYYY-MM-DD`, a day that exists: 2024-02-29 does, 2023-02-29 does not.
pub(crate) fn valid_date(d: &str) -> bool {
    let b = d.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| {
        d.get(r)
            .filter(|s| s.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|s| s.parse::<u32>().ok())
    };
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist() {
        assert!(valid_date("2024-02-29"));
        assert!(valid_date("2000-02-29"));
        assert!(valid_date("2024-12-31"));
        for bad in [
            "2024-02-30",
            "2023-02-29",
            "1900-02-29",
            "2024-04-31",
            "2024-13-01",
            "2024-00-10",
            "2024-01-00",
            "2024-1-01",
            "+024-01-01",
            "2024-01-+1",
            "2024-01-01x",
        ] {
            assert!(!valid_date(bad), "{bad}");
        }
    }

    #[test]
    fn counts_are_decimal_digits() {
        assert_eq!(count_of("1350"), Ok(1350));
        assert_eq!(count_of(" 1,350 "), Ok(1350));
        assert_eq!(count_of("007"), Ok(7));
        assert_eq!(count_of("9007199254740991"), Ok(MAX_COUNT));
        assert_eq!(count_of("9007199254740992"), Err(CountProblem::TooLarge));
        assert_eq!(
            count_of("99,999,999,999,999,999,999,999"),
            Err(CountProblem::TooLarge)
        );
        for spaced in ["1 350", "1\u{a0}350", "1\u{202f}350", "1 025 875"] {
            assert_eq!(count_of(spaced), Err(CountProblem::Spaced), "{spaced:?}");
        }
        for bad in [
            "0x10", "0o17", "0b11", "1e3", "+5", "1_000", "15.5", ".5", "muchos", "", "true",
            "1,350.00",
        ] {
            assert_eq!(count_of(bad), Err(CountProblem::NotDecimal), "{bad:?}");
        }
        assert_eq!(count_of("-158"), Err(CountProblem::Negative));
        assert_eq!(count_of("1,35"), Err(CountProblem::MisplacedCommas));
    }

    #[test]
    fn a_spaced_count_suggests_both_forms() {
        let m = CountProblem::Spaced.message("value", "1 350");
        assert!(m.contains("1350") && m.contains("1,350"), "{m}");
    }

    #[test]
    fn flags_take_the_words_the_message_lists() {
        for yes in ["true", "yes", "sí", "si", "Sí", "SI", " yes "] {
            assert_eq!(flag_word(yes), Some(true), "{yes:?}");
        }
        for no in ["false", "no", "No", "NO"] {
            assert_eq!(flag_word(no), Some(false), "{no:?}");
        }
        for other in ["", "quizás", "1", "0", "y", "n", "on", "off", "borrador"] {
            assert_eq!(flag_word(other), None, "{other:?}");
        }
    }

    #[test]
    fn ids_are_slugs_of_bounded_length() {
        assert_eq!(id_problem("visas-emitidas"), None);
        assert_eq!(id_problem(&"a".repeat(MAX_ID_LEN)), None);
        for bad in [
            "",
            "../../x",
            "a/b",
            "Visas",
            "visas emitidas",
            "año",
            "a_b",
            "a.b",
        ] {
            assert!(id_problem(bad).is_some(), "{bad:?}");
        }
        assert!(id_problem(&"a".repeat(MAX_ID_LEN + 1)).is_some());
        // A spreadsheet reads a cell starting with `-` as a formula.
        for formula in ["-1-2", "-visas", "-"] {
            assert_eq!(
                id_problem(formula),
                Some(t!("load-id-problem-first")),
                "{formula:?}"
            );
        }
        assert_eq!(id_problem("1-2"), None);
        assert_eq!(shorten("uno-dos"), "uno-dos");
        let long = shorten(&"palabra-".repeat(20));
        assert!(long.len() <= 40 && !long.ends_with('-'), "{long}");
    }
}
