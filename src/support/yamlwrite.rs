//! Scalars faro writes into YAML (drafts from `faro new` and `faro import`,
//! `faro init`'s `site.yaml`, the fixes messages suggest): text that any YAML
//! reader reads back as the same text. Below `scaffold`, `init`, `import`
//! and `yamlerror`, which all write such scalars.

/// An id as editors write them, bare (`visas-emitidas`) when it is a plain
/// slug YAML cannot read as anything but text, quoted otherwise (`"1e3"`
/// would be a number, `"no"` a boolean to YAML 1.1 tools).
pub fn id_scalar(id: &str) -> String {
    let plain = id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !matches!(
            id,
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain { id.to_string() } else { quote(id) }
}

/// A YAML double-quoted scalar. Everything is quoted so that text such as
/// `yes`, `1,350`, `#3` or `: ` stays text; escapes cover `"`, `\` and
/// control characters (YAML would otherwise fold or reject them).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // YAML forbids these raw (C0/C1 controls, DEL) and treats the
            // Unicode line separators as line breaks.
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' || c == '\u{feff}' => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A table's first lines in front matter, up to its `source` (`faro new`
/// and `faro import`): what identifies and describes it, not its rows.
pub fn push_table_head(
    out: &mut String,
    number: Option<u32>,
    id: &str,
    title: &str,
    unit: &str,
    source: Option<&str>,
) {
    match number {
        Some(n) => out.push_str(&format!("  - number: {n}\n    id: {}\n", id_scalar(id))),
        None => out.push_str(&format!("  - id: {}\n", id_scalar(id))),
    }
    out.push_str(&format!("    title: {}\n", quote(title)));
    out.push_str(&format!("    unit: {}\n", quote(unit)));
    if let Some(s) = source {
        out.push_str(&format!("    source: {}\n", quote(s)));
    }
}

/// A table row's first lines in front matter, before its `value`.
pub fn push_row_head(out: &mut String, label: &str, id: &str) {
    out.push_str(&format!(
        "      - label: {}\n        id: {}\n",
        quote(label),
        id_scalar(id)
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_what_yaml_would_misread() {
        assert_eq!(quote("a \"b\" \\c"), r#""a \"b\" \\c""#);
        assert_eq!(quote("línea\nnueva\t"), r#""línea\nnueva\t""#);
        assert_eq!(quote("\u{7}"), r#""\u0007""#);
        assert_eq!(id_scalar("visas-emitidas"), "visas-emitidas");
        assert_eq!(id_scalar("no"), "\"no\"");
        assert_eq!(id_scalar("1e3"), "\"1e3\"");
    }
}
