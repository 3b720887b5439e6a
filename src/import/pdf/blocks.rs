//! A PDF's lines and images → blocks: paragraphs, tables read from their
//! borders or their spacing, and images where they were drawn.

use super::Line;
use super::graphics::{Placed, Rule};
use super::links::{linked, strip_links};
use crate::import::doc::{Block, Image};
use crate::t;

/// Lines and images in reading order → blocks.
pub(super) fn blocks(
    lines: Vec<Line>,
    placed: Vec<Placed>,
    rules: &[Rule],
    warnings: &mut Vec<String>,
) -> Vec<Block> {
    enum Piece {
        Line(Line),
        Image(Result<Image, String>),
    }
    let mut pieces: Vec<(u32, f64, Piece)> = lines
        .into_iter()
        .map(|l| (l.page, l.y, Piece::Line(l)))
        .collect();
    pieces.extend(
        placed
            .into_iter()
            .map(|p| (p.page, p.y, Piece::Image(p.image))),
    );
    pieces.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut out = Vec::new();
    let mut run: Vec<Line> = Vec::new();
    for (_, _, piece) in pieces {
        match piece {
            Piece::Line(l) => run.push(l),
            Piece::Image(img) => {
                out.extend(text_blocks(std::mem::take(&mut run), rules));
                match img {
                    Ok(i) => out.push(Block::Image(i)),
                    Err(why) => warnings.push(t!("import-pdf-image-left-out", why = why)),
                }
            }
        }
    }
    out.extend(text_blocks(run, rules));
    out
}

pub(super) fn is_page_number(t: &str) -> bool {
    let t = t.trim();
    (1..=4).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
}

fn is_caption(t: &str) -> bool {
    t.starts_with("Cuadro ") || t.starts_with("CUADRO ")
}

/// A run of text lines → paragraphs and tables.
pub(super) fn text_blocks(lines: Vec<Line>, rules: &[Rule]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para: Vec<String> = Vec::new();
    let mut prev: Option<&Line> = None;
    let mut i = 0;
    let flush = |para: &mut Vec<String>, out: &mut Vec<Block>| {
        if !para.is_empty() {
            out.push(Block::Para(linked(&para.join(" "))));
            para.clear();
        }
    };
    while i < lines.len() {
        let l = &lines[i];
        let text = l.text();
        let gap_break = prev.is_some_and(|p| {
            if p.page != l.page {
                // A paragraph that runs over a page break goes on.
                p.text().ends_with(['.', ':', ';', '!', '?'])
            } else {
                l.y - p.y > l.size * 1.45
            }
        });
        let starts_block = is_caption(&text)
            || text.starts_with("Fuente:")
            || text.starts_with("Foto:")
            || starts_numbered(&text);
        if gap_break || starts_block {
            flush(&mut para, &mut out);
        }
        para.push(text.clone());
        prev = Some(l);
        i += 1;
        if is_caption(&text) {
            // The caption itself may wrap: its lines follow closely.
            while i < lines.len()
                && lines[i].cells.len() == 1
                && lines[i].y - lines[i - 1].y <= lines[i].size * 1.45
                && !looks_like_header(&lines, i)
            {
                para.push(lines[i].text());
                i += 1;
            }
            flush(&mut para, &mut out);
            let end = table_end(&lines, i);
            if let Some((t, used)) = table(&lines[i..end], rules) {
                out.push(Block::Table(t));
                i += used;
            }
            prev = lines.get(i.wrapping_sub(1));
        }
    }
    flush(&mut para, &mut out);
    out
}

/// A table's header follows a caption: a line with two cells.
fn looks_like_header(lines: &[Line], i: usize) -> bool {
    lines[i].cells.len() > 1
}

/// `01. …` or `01.1 …` at the start of a line: a heading, its own block.
fn starts_numbered(t: &str) -> bool {
    let num = t.split(' ').next().unwrap_or("");
    num.len() >= 2
        && num.len() <= 6
        && num.starts_with(|c: char| c.is_ascii_digit())
        && num.contains('.')
        && num.chars().all(|c| c.is_ascii_digit() || c == '.')
        && t.len() > num.len()
}

/// Where the table after a caption ends: its `Fuente:` line, the next
/// caption or heading, a new page's first line far from the table, or a
/// wide gap before a line with a single cell.
fn table_end(lines: &[Line], start: usize) -> usize {
    let mut i = start;
    while i < lines.len() {
        let t = lines[i].text();
        if t.starts_with("Fuente:")
            || is_caption(&t)
            || starts_numbered(&t)
            || t.starts_with("Foto:")
        {
            return i;
        }
        if i > start {
            let (p, l) = (&lines[i - 1], &lines[i]);
            if p.page == l.page && l.y - p.y > l.size * 3.5 && l.cells.len() == 1 {
                return i;
            }
        }
        i += 1;
    }
    i
}

/// Table lines → rows of cells, and how many of the lines the table takes.
/// A table with borders is read by them: each band between two ruled
/// lines is a row, whatever the number of lines of each of its cells and
/// wherever its number sits; each cell's lines join in reading order. A
/// header repeated on a new page is read once. A table without borders
/// is read by its spacing (`spaced_rows`).
fn table(lines: &[Line], rules: &[Rule]) -> Option<(Vec<Vec<String>>, usize)> {
    if let Some(ruled) = ruled_rows(lines, rules) {
        return Some(ruled);
    }
    spaced_rows(lines).map(|rows| (rows, lines.len()))
}

/// Where the value column starts: the leftmost start of a line's last
/// cell, among lines with more than one cell (a label and its number, or
/// the header's title and unit, however wide the unit is).
fn value_column(lines: &[Line]) -> f64 {
    lines
        .iter()
        .filter(|l| l.cells.len() > 1)
        .filter_map(|l| l.cells.last().map(|c| c.0))
        .fold(f64::INFINITY, f64::min)
}

/// Rules merged: one per line drawn, pieces of one border (each cell's
/// edge drawn apart) joined, a thin box's two edges taken once.
fn merged(mut rules: Vec<Rule>) -> Vec<Rule> {
    rules.sort_by(|a, b| {
        (a.page, a.across)
            .cmp(&(b.page, b.across))
            .then(a.at.total_cmp(&b.at))
            .then(a.from.total_cmp(&b.from))
    });
    let mut out: Vec<Rule> = Vec::new();
    for r in rules {
        match out
            .iter_mut()
            .rev()
            .take_while(|o| o.page == r.page && o.across == r.across && r.at - o.at <= 1.5)
            .find(|o| r.from <= o.to + 3.0 && r.to >= o.from - 3.0)
        {
            Some(o) => {
                o.from = o.from.min(r.from);
                o.to = o.to.max(r.to);
            }
            None => out.push(r),
        }
    }
    out
}

/// A row's band: page, the top and bottom rules' y, their left and right ends.
type Band = (u32, f64, f64, f64, f64);

/// The band of a page's horizontal rules a line sits in.
fn band_of(line: &Line, across: &[Rule]) -> Option<Band> {
    let left = line.cells.first()?.0;
    let right = line.cells.last()?.1;
    // The middle of the glyphs, above the baseline.
    let mid = line.y - line.size * 0.35;
    let spans = |r: &&Rule| r.page == line.page && r.from <= left + 1.0 && r.to >= right - 1.0;
    let above = across
        .iter()
        .filter(spans)
        .filter(|r| r.at < mid)
        .max_by(|a, b| a.at.total_cmp(&b.at))?;
    let below = across
        .iter()
        .filter(spans)
        .filter(|r| r.at > mid)
        .min_by(|a, b| a.at.total_cmp(&b.at))?;
    // A band taller than a dozen lines is not a table's row: the page's
    // text between two tables, say.
    (below.at - above.at < line.size * 12.0).then_some((
        line.page,
        above.at,
        below.at,
        above.from.max(below.from),
        above.to.min(below.to),
    ))
}

/// Rows read from a table's borders; `None` when the table has none.
fn ruled_rows(lines: &[Line], rules: &[Rule]) -> Option<(Vec<Vec<String>>, usize)> {
    let pages: Vec<u32> = lines.iter().map(|l| l.page).collect();
    let near = |r: &&Rule| pages.contains(&r.page);
    let across = merged(
        rules
            .iter()
            .filter(near)
            .filter(|r| r.across)
            .copied()
            .collect(),
    );
    let down: Vec<Rule> = rules
        .iter()
        .filter(near)
        .filter(|r| !r.across)
        .copied()
        .collect();
    // The lines the borders hold, each with its band, up to the first
    // line outside them (the text after a table with no `Fuente:`).
    let mut banded: Vec<(&Line, Band)> = Vec::new();
    for l in lines {
        match band_of(l, &across) {
            Some(b) => banded.push((l, b)),
            None => break,
        }
    }
    if banded.is_empty() {
        return None;
    }
    let used = banded.len();
    let held: Vec<Line> = banded.iter().map(|(l, _)| (*l).clone()).collect();
    let split = value_column(&held);
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut k = 0;
    while k < banded.len() {
        let band = banded[k].1;
        let mut end = k;
        while end < banded.len() && banded[end].1 == band {
            end += 1;
        }
        let band_lines: Vec<&Line> = banded[k..end].iter().map(|(l, _)| *l).collect();
        rows.push(band_cells(&band_lines, band, &down, split));
        k = end;
    }
    // A header repeated at the top of each page is the same row again.
    if let Some(header) = rows.first().cloned() {
        let is_header = header
            .last()
            .is_some_and(|c| crate::import::recognise::parse_count(c).is_err());
        if is_header && rows.len() > 1 {
            let mut first = true;
            rows.retain(|r| std::mem::replace(&mut first, false) || *r != header);
        }
    }
    let rows = rows
        .into_iter()
        .map(|r| r.iter().map(|c| strip_links(c)).collect())
        .collect();
    Some((rows, used))
}

/// The cells of one row: its lines' pieces by column, joined top to
/// bottom. Columns come from the vertical borders inside the band when
/// drawn, else from where the value column starts (`split`).
fn band_cells(lines: &[&Line], band: Band, down: &[Rule], split: f64) -> Vec<String> {
    let (page, top, bottom, left, right) = band;
    // The vertical borders crossing this band, inside the table's edges.
    let mut walls: Vec<f64> = down
        .iter()
        .filter(|r| r.page == page && r.from <= top + 1.0 && r.to >= bottom - 1.0)
        .map(|r| r.at)
        .filter(|x| *x > left + 2.0 && *x < right - 2.0)
        .collect();
    walls.sort_by(f64::total_cmp);
    walls.dedup_by(|a, b| (*a - *b).abs() < 2.0);
    let column = |x0: f64, x1: f64, size: f64| -> usize {
        if walls.is_empty() {
            usize::from(split.is_finite() && x0 >= split - size * 0.5)
        } else {
            let mid = (x0 + x1) / 2.0;
            walls.iter().filter(|w| **w < mid).count()
        }
    };
    let columns = if walls.is_empty() { 2 } else { walls.len() + 1 };
    let mut cells = vec![String::new(); columns];
    for l in lines {
        for c in &l.cells {
            let i = column(c.0, c.1, l.size).min(columns - 1);
            if !cells[i].is_empty() {
                cells[i].push(' ');
            }
            cells[i].push_str(&c.2);
        }
    }
    cells
}

/// A table without borders → rows of cells. The value column starts where
/// the rightmost cells start; a row starts at a line with a value or after
/// a gap wider than a line; lines in between extend the row's cells.
fn spaced_rows(lines: &[Line]) -> Option<Vec<Vec<String>>> {
    if lines.is_empty() {
        return None;
    }
    // No line with a number beside its label: every cell is a label, and
    // the rows are kept for the editor to fill in, never dropped.
    let split = value_column(lines);
    let mut rows: Vec<[String; 2]> = Vec::new();
    let mut row_has_value = false;
    for (k, l) in lines.iter().enumerate() {
        let (mut left, mut right) = (Vec::new(), Vec::new());
        for c in &l.cells {
            if c.0 >= split - l.size * 0.5 {
                right.push(c.2.as_str());
            } else {
                left.push(c.2.as_str());
            }
        }
        let gap = k > 0 && (lines[k - 1].page != l.page || l.y - lines[k - 1].y > l.size * 1.45);
        // The header's unit may wrap too: only a number starts the first row.
        let numeric = right
            .last()
            .is_some_and(|t| crate::import::recognise::parse_count(t).is_ok());
        let new_row = rows.is_empty()
            || gap
            || (!right.is_empty() && row_has_value && (numeric || rows.len() > 1));
        if new_row {
            rows.push([String::new(), String::new()]);
            row_has_value = false;
        }
        if let Some(r) = rows.last_mut() {
            for (cell, parts) in r.iter_mut().zip([left, right]) {
                for p in parts {
                    if !cell.is_empty() {
                        cell.push(' ');
                    }
                    cell.push_str(p);
                }
            }
            row_has_value |= !r[1].is_empty();
        }
    }
    Some(
        rows.into_iter()
            .map(|r| r.iter().map(|c| strip_links(c)).collect())
            .collect(),
    )
}
