//! The PDF reader's tests: paragraphs, links and tables from laid-out lines.

use super::blocks::text_blocks;
use super::links::{LINK_END, LINK_START, LINK_URL, linked, strip_links};
use super::*;
use crate::import::doc::Block;

fn line(page: u32, y: f64, cells: &[(f64, &str)]) -> Line {
    Line {
        page,
        y,
        size: 11.0,
        cells: cells
            .iter()
            .map(|(x, t)| (*x, *x + 10.0, t.to_string()))
            .collect(),
    }
}

fn texts(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .map(|b| match b {
            Block::Para(i) => super::super::doc::plain(i),
            Block::Table(t) => format!("{t:?}"),
            Block::Image(_) => "image".into(),
        })
        .collect()
}

#[test]
fn paragraphs_join_lines_and_page_breaks_mid_sentence() {
    let blocks = text_blocks(
        vec![
            line(1, 100.0, &[(72.0, "Se realizó una reunión")]),
            line(1, 113.0, &[(72.0, "de planificación")]),
            line(2, 72.0, &[(72.0, "con la OIM.")]),
            line(2, 100.0, &[(72.0, "Otro párrafo.")]),
        ],
        &[],
    );
    assert_eq!(
        texts(&blocks),
        [
            "Se realizó una reunión de planificación con la OIM.",
            "Otro párrafo."
        ]
    );
}

#[test]
fn link_marks_become_links() {
    use crate::import::doc::Inline;
    let text =
        format!("Ver {LINK_START}la página{LINK_URL}https://a.gt/{LINK_END} y https://b.gt.");
    assert_eq!(
        linked(&text),
        vec![
            Inline::Text("Ver ".into()),
            Inline::Link {
                text: "la página".into(),
                url: "https://a.gt/".into()
            },
            Inline::Text(" y ".into()),
            Inline::Link {
                text: "https://b.gt".into(),
                url: "https://b.gt".into()
            },
            Inline::Text(".".into()),
        ]
    );
    assert_eq!(strip_links(&text), "Ver la página y https://b.gt.");
}

#[test]
fn table_rows_from_layout() {
    let blocks = text_blocks(
        vec![
            line(1, 100.0, &[(72.0, "Cuadro 1. Visas.")]),
            line(1, 130.0, &[(72.0, "Visas"), (300.0, "Cantidad de")]),
            line(1, 143.0, &[(300.0, "documentos")]),
            line(1, 165.0, &[(72.0, "Visas emitidas a"), (380.0, "1,350")]),
            line(1, 178.0, &[(72.0, "personas de otros")]),
            line(1, 191.0, &[(72.0, "países")]),
            line(1, 213.0, &[(72.0, "Negadas")]),
            line(1, 235.0, &[(72.0, "Total"), (380.0, "1350")]),
            line(1, 260.0, &[(72.0, "Fuente: Planificación.")]),
        ],
        &[],
    );
    let rows = |r: &[[&str; 2]]| -> Vec<Vec<String>> {
        r.iter()
            .map(|c| c.iter().map(|s| s.to_string()).collect())
            .collect()
    };
    assert_eq!(
        blocks[1],
        Block::Table(rows(&[
            ["Visas", "Cantidad de documentos"],
            ["Visas emitidas a personas de otros países", "1,350"],
            ["Negadas", ""],
            ["Total", "1350"],
        ]))
    );
    assert_eq!(texts(&blocks[2..]), ["Fuente: Planificación."]);
}
