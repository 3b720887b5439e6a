//! Indicator definitions: `content/indicadores/TABLE-ID/ROW-ID.md` says what
//! an indicator counts and how, `content/indicadores/TABLE-ID/_index.md` the
//! same for a table. Loaded here, apart from reports and pages; shown on
//! indicator pages and carried into `datapackage.json`. An indicator without
//! one is a warning of `faro check` (`crate::check::definitions`).

use crate::load::model::Definition;
use crate::support::diag::{Diagnostic, Diagnostics};
use crate::t;
use serde_yaml::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const DEFINITION_KEYS: &[&str] = &["title", "unit", "source", "frequency"];

/// True for a Markdown file under `content/indicadores/`: a definition, not a page.
pub fn is_definition(content: &Path, path: &Path) -> bool {
    path.strip_prefix(content)
        .ok()
        .and_then(|rel| rel.iter().next())
        .is_some_and(|first| first == "indicadores")
}

/// The definitions in `files` (Markdown files under `content/indicadores/`,
/// found by `load`'s walk of `content/`), by id; problems into `diags`.
pub fn load(
    root: &Path,
    content: &Path,
    files: &[PathBuf],
    diags: &mut Diagnostics,
) -> BTreeMap<String, Definition> {
    let dir = content.join("indicadores");
    let mut out = BTreeMap::new();
    for path in files {
        let path = path.as_path();
        let show = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        let Some(id) = definition_id(path.strip_prefix(&dir).unwrap_or(path)) else {
            diags.push(Diagnostic::file(&show, t!("definitions-bad-place")));
            continue;
        };
        match std::fs::read_to_string(path) {
            Ok(text) => {
                if let Some(d) = parse(&show, &text, diags) {
                    out.insert(id, d);
                }
            }
            Err(e) => diags.push(crate::problem!(
                "load-cannot-read",
                &show,
                0,
                0,
                error = crate::support::i18n::error_text(&e)
            )),
        }
    }
    out
}

/// `visas/_index.md` → `visas`; `visas/visas-emitidas.md` → `visas/visas-emitidas`;
/// anything else (deeper, not slugs) → `None`.
fn definition_id(rel: &Path) -> Option<String> {
    let parts: Vec<&str> = rel.iter().map(|p| p.to_str()).collect::<Option<_>>()?;
    let [table, file] = parts[..] else {
        return None;
    };
    let stem = file.strip_suffix(".md")?;
    let is_slug = |s: &str| !s.is_empty() && crate::support::slug::slugify(s) == s;
    if !is_slug(table) {
        return None;
    }
    match stem {
        "_index" => Some(table.to_string()),
        row if is_slug(row) => Some(format!("{table}/{row}")),
        _ => None,
    }
}

/// One definition file's text: optional front matter, Markdown body.
pub fn parse(show: &Path, text: &str, diags: &mut Diagnostics) -> Option<Definition> {
    let doc = match super::document::split_front_matter(text) {
        Ok(d) => d,
        Err((line, msg)) => {
            diags.push(Diagnostic::new(show, line, 1, msg));
            return None;
        }
    };
    let (map, _index, found) = match super::document::front_matter(show, &doc, DEFINITION_KEYS) {
        Ok(x) => x,
        Err(d) => {
            diags.extend(d);
            return None;
        }
    };
    diags.extend(found);
    let text = |key: &str| match map.get(key) {
        Some(Value::String(s)) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    Some(Definition {
        source_path: show.to_path_buf(),
        title: text("title"),
        unit: text("unit"),
        source: text("source"),
        frequency: text("frequency"),
        body: doc.body.clone(),
        body_line: doc.body_line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_the_place_of_the_file() {
        assert_eq!(
            definition_id(Path::new("visas/_index.md")).as_deref(),
            Some("visas")
        );
        assert_eq!(
            definition_id(Path::new("visas/visas-emitidas.md")).as_deref(),
            Some("visas/visas-emitidas")
        );
        assert_eq!(definition_id(Path::new("visas.md")), None);
        assert_eq!(definition_id(Path::new("a/b/c.md")), None);
        assert_eq!(definition_id(Path::new("Visas/x.md")), None);
    }
}
