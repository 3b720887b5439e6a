//! A Markdown file's front matter: split from the body, parsed as YAML
//! with the position of every value (see `yamlpos`), unknown keys reported.

use crate::load::yamlerror;
use crate::load::yamlpos::{self, Index, KeyCheck};
use crate::support::diag::{Diagnostic, Diagnostics};
use crate::{problem, t};
use serde_yaml::Value;
use std::path::Path;

/// A Markdown file split into its front matter and body, line endings normalised.
pub(crate) struct Document {
    /// YAML text, without the `---` fences.
    pub yaml: String,
    /// Lines before the YAML's first line in the file (the opening fence).
    pub yaml_offset: usize,
    pub body: String,
    pub body_line: usize,
}

pub(crate) fn split_front_matter(text: &str) -> Result<Document, (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let normalized;
    let text = if text.contains('\r') {
        normalized = text.replace("\r\n", "\n").replace('\r', "\n");
        normalized.as_str()
    } else {
        text
    };
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        // No front matter: the whole file is the body.
        return Ok(Document {
            yaml: String::new(),
            yaml_offset: 0,
            body: text.to_string(),
            body_line: 1,
        });
    }
    let mut yaml = String::new();
    for (i, line) in lines.enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let consumed: usize = first.len() + yaml.len() + line.len();
            return Ok(Document {
                yaml,
                yaml_offset: 1,
                body: text[consumed..].to_string(),
                body_line: i + 3,
            });
        }
        yaml.push_str(line);
    }
    Err((1, t!("load-front-matter-unclosed")))
}

/// Parses the YAML of a document, or says where its syntax is wrong.
fn parse_yaml(show: &Path, doc: &Document) -> Result<(serde_yaml::Mapping, Index), Diagnostics> {
    if doc.yaml.trim().is_empty() {
        return Ok((serde_yaml::Mapping::new(), Index::default()));
    }
    // Positions first: this pass also refuses documents too deep or whose
    // aliases expand to too much for serde_yaml to build in memory.
    let (index, built) = match yamlpos::index_and_value(&doc.yaml, doc.yaml_offset) {
        Err(e) if e.limit => return Err(e.at(show).into()),
        Ok((index, value)) => (Ok(index), value),
        Err(e) => (Err(e), None),
    };
    // A syntax error is explained from what is at the place it starts
    // (see `yamlerror`), not in the parser's words.
    let explained = |line_in_file: usize, col: usize, says: &str| {
        let e = yamlerror::explain(&doc.yaml, doc.yaml_offset, line_in_file, col, says);
        Diagnostic::new(show, e.line, e.col, e.message).with_code(yamlpos::SYNTAX_CODE)
    };
    // Built in the indexing pass when it could be; else serde_yaml, whose
    // messages are the ones explained.
    let parsed = || serde_yaml::from_str::<Value>(&doc.yaml);
    let value: Value = built.map_or_else(parsed, Ok).map_err(|e| {
        let (line, col) = e
            .location()
            .map(|l| {
                (
                    libyaml_file_line(&doc.yaml, l.line()) + doc.yaml_offset,
                    l.column(),
                )
            })
            .unwrap_or((0, 0));
        explained(line, col, &e.to_string())
    })?;
    let index = index.map_err(|e| explained(e.line, e.col, &e.message))?;
    match value {
        Value::Mapping(m) => Ok((m, index)),
        Value::Null => Ok((serde_yaml::Mapping::new(), index)),
        _ => Err(problem!(
            "load-front-matter-not-mapping",
            show,
            doc.yaml_offset + 1,
            1
        )
        .into()),
    }
}

/// serde_yaml's parser (libyaml) also ends lines at U+0085, U+2028 and
/// U+2029, which editors show inside a line (U+0085 is what a Windows "…"
/// becomes when mis-converted). Turns its 1-based line in `yaml` into the
/// line as the file counts them, `\n` only.
fn libyaml_file_line(yaml: &str, line: usize) -> usize {
    let (mut yaml_line, mut file_line) = (1, 1);
    for c in yaml.chars() {
        if yaml_line >= line {
            break;
        }
        match c {
            '\n' => {
                yaml_line += 1;
                file_line += 1;
            }
            '\u{85}' | '\u{2028}' | '\u{2029}' => yaml_line += 1,
            _ => {}
        }
    }
    file_line + line.saturating_sub(yaml_line)
}

pub(super) fn extra_json(map: &serde_yaml::Mapping) -> serde_json::Value {
    map.get("extra")
        .and_then(|v| serde_json::to_value(v).ok())
        .unwrap_or(serde_json::Value::Null)
}

/// The front matter's values and positions, with its unknown top-level keys
/// already reported in the returned diagnostics.
pub(crate) fn front_matter(
    show: &Path,
    doc: &Document,
    keys: &[&str],
) -> Result<(serde_yaml::Mapping, Index, Diagnostics), Diagnostics> {
    let (map, index) = parse_yaml(show, doc)?;
    let mut diags = Diagnostics::default();
    let what = t!("load-what-front-matter");
    let check = KeyCheck {
        path: show,
        what: &what,
    };
    index.check_keys(&[], keys, check, &mut diags);
    Ok((map, index, diags))
}
