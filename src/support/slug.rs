//! Slugs: lowercase ASCII, accents folded, runs of anything else become `-`.
//!
//! Text is NFC-normalised first, so an accent typed as a separate combining
//! mark (as macOS file names and some copy-pastes have it) slugs the same
//! as the precomposed letter.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// `"Registro de extranjería"` → `"registro-de-extranjeria"`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    // A mark NFC could not combine (on a letter with no precomposed form)
    // is dropped, not taken for a separator.
    for c in text.nfc().filter(|c| !is_combining_mark(*c)).map(fold) {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    out
}

/// Folds the accented Latin letters Spanish uses to ASCII; other characters pass through.
fn fold(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => 'u',
        'ñ' | 'Ñ' => 'n',
        'ç' | 'Ç' => 'c',
        'ý' | 'ÿ' | 'Ý' => 'y',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn folds_accents_and_collapses_separators() {
        assert_eq!(
            slugify("Registro de extranjería"),
            "registro-de-extranjeria"
        );
        assert_eq!(slugify("Año  Niño—Ñandú"), "ano-nino-nandu");
        assert_eq!(slugify("  Visas emitidas!  "), "visas-emitidas");
        assert_eq!(
            slugify("Prórroga de documentos migratorios"),
            "prorroga-de-documentos-migratorios"
        );
        assert_eq!(slugify("01.1 Departamento"), "01-1-departamento");
        assert_eq!(slugify("¿Qué?"), "que");
        assert_eq!(slugify("日本"), "");
        assert_eq!(slugify(""), "");
    }

    #[test]
    fn a_slug_never_starts_or_ends_with_a_dash() {
        // An id slugged from a label must not look like a formula (`-1-2`).
        for text in [
            "-1-2",
            "- Visas",
            "—Menores",
            "(-18) años",
            "¿-?x",
            "x -",
            "--",
        ] {
            let slug = slugify(text);
            assert!(
                !slug.starts_with('-') && !slug.ends_with('-'),
                "{text:?} → {slug:?}"
            );
        }
        assert_eq!(slugify("-1-2"), "1-2");
        assert_eq!(slugify("(-18) años"), "18-anos");
    }

    #[test]
    fn decomposed_accents_slug_like_precomposed_ones() {
        // "i" + U+0301 COMBINING ACUTE ACCENT, "n" + U+0303 COMBINING TILDE.
        assert_eq!(slugify("extranjeri\u{301}a"), "extranjeria");
        assert_eq!(slugify("A\u{303}no nin\u{303}o"), "ano-nino");
        // No precomposed letter: the mark is dropped, not a separator.
        assert_eq!(slugify("q\u{301}ueso"), "queso");
    }
}
