//! Text reader: a report's text as the seed file holds it, one paragraph a
//! line, table rows as tab-separated cells on consecutive lines. A text
//! file has no images; its `Foto:` captions stay in the body as captions.

use super::doc::{Block, Document, with_links};

/// Reads the document's text. A byte-order mark and CRLF are normal input.
pub fn read(text: &str) -> Document {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut blocks = Vec::new();
    let mut table: Vec<Vec<String>> = Vec::new();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.contains('\t') {
            table.push(line.split('\t').map(|c| c.trim().to_string()).collect());
            continue;
        }
        if !table.is_empty() {
            blocks.push(Block::Table(std::mem::take(&mut table)));
        }
        let line = line.trim();
        if !line.is_empty() {
            blocks.push(Block::Para(with_links(line)));
        }
    }
    if !table.is_empty() {
        blocks.push(Block::Table(table));
    }
    Document {
        blocks,
        repeated_images: 0,
        warnings: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_lines_make_one_table() {
        let d = read("Título\r\n\r\nA\tB\r\nc\t1,350\r\n\r\nFuente: X.\r\n");
        assert_eq!(d.blocks.len(), 3);
        assert_eq!(
            d.blocks[1],
            Block::Table(vec![
                vec!["A".into(), "B".into()],
                vec!["c".into(), "1,350".into()]
            ])
        );
    }
}
