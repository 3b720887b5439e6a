//! Text measurement. SVG cannot wrap text, so lines are broken here using a
//! per-character width estimate for Arial-like fonts (charts.css asks for
//! Arial, Liberation Sans, Helvetica), padded by 10% for other sans-serifs.

pub(super) fn char_em(c: char) -> f64 {
    match c {
        ' ' | 'i' | 'l' | 'j' | 'í' | 'ì' | 'ï' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => {
            0.28
        }
        'f' | 't' | 'r' | 'I' | '(' | ')' | '-' | '/' | '[' | ']' => 0.36,
        'm' | 'w' | 'M' | 'W' | '%' | '@' | '—' => 0.92,
        '0'..='9' => 0.56,
        c if c.is_uppercase() => 0.74,
        c if c.is_lowercase() => 0.56,
        c if (c as u32) >= 0x2E80 => 1.0,
        _ => 0.6,
    }
}

/// Estimated width of `s` at `font` units; errs on the wide side.
pub(super) fn text_width(s: &str, font: f64) -> f64 {
    s.chars().map(char_em).sum::<f64>() * font * 1.1
}

/// Greedy word wrap to `max_w`; a word wider than a line is broken by
/// characters so nothing is ever cut off. Empty text gives no lines.
pub(super) fn wrap(text: &str, max_w: f64, font: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        for piece in split_long_word(word, max_w, font) {
            let candidate = if current.is_empty() {
                piece.clone()
            } else {
                format!("{current} {piece}")
            };
            if current.is_empty() || text_width(&candidate, font) <= max_w {
                current = candidate;
            } else {
                lines.push(std::mem::replace(&mut current, piece));
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

pub(super) fn split_long_word(word: &str, max_w: f64, font: f64) -> Vec<String> {
    if text_width(word, font) <= max_w {
        return vec![word.to_string()];
    }
    let mut pieces = Vec::new();
    let mut piece = String::new();
    for c in word.chars() {
        piece.push(c);
        if text_width(&piece, font) > max_w && piece.chars().count() > 1 {
            piece.pop();
            pieces.push(std::mem::take(&mut piece));
            piece.push(c);
        }
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces
}
