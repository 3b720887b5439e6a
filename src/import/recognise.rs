//! The report recogniser: a document's blocks (from any reader) → the parts
//! of a faro report: its period, its tables with caption numbers, totals and
//! sources, the introductory sentence, and the narrative with its headings
//! and photos. Pure: no I/O, so every rule is unit-tested on small inputs.
//!
//! Numbers are data a citizen will trust: a value that cannot be read with
//! certainty is never guessed, it is kept as `Err(what was found)`.

use super::doc::{Block, Image, Inline, plain};
use crate::load::model::Period;
use crate::t;

/// A table as recognised, before ids are assigned.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftTable {
    pub number: Option<u32>,
    /// The caption as the document writes it (`Cuadro 1. Visas (1,749).`).
    pub caption: Option<String>,
    pub title: String,
    pub unit: String,
    pub source: Option<String>,
    pub total: Option<u64>,
    /// Why the total was left out, for a comment at the table (needs review).
    pub total_note: Option<String>,
    /// What to check in this table (a missing header, a caption's number
    /// that the rows do not add up to…), each a point to review.
    pub notes: Vec<String>,
    pub rows: Vec<DraftRow>,
    pub id: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DraftRow {
    pub label: String,
    /// The count, or what the cell held when it is not one.
    pub value: Result<u64, String>,
    pub id: String,
}

/// One piece of the narrative, in document order.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    H2(String),
    H3(String),
    Para(Vec<Inline>),
    /// An image with the `Foto: …` caption that followed it; a text file
    /// has captions without images.
    Photo {
        image: Option<Image>,
        caption: Option<String>,
    },
}

#[derive(Debug, Default, PartialEq)]
pub struct Draft {
    pub period: Option<Period>,
    pub intro: Option<String>,
    pub tables: Vec<DraftTable>,
    pub body: Vec<Item>,
    /// Things the editor should check (also counted as needing review).
    pub warnings: Vec<String>,
    /// Images in the title block (a letterhead), left out of the body.
    pub letterhead_images: usize,
}

use crate::support::numfmt::MONTHS;

/// Recognises the report in `blocks`.
pub fn recognise(blocks: &[Block]) -> Draft {
    let mut d = Draft::default();
    // Paragraphs before the first table or heading: the title block and
    // the introductory sentence.
    let mut front: Vec<(String, Vec<Inline>)> = Vec::new();
    let mut caption: Option<(Option<u32>, String)> = None;
    let mut started = false;
    // The table just read: a `Fuente:` line right after it is its source,
    // and no other table's.
    let mut last_table: Option<usize> = None;
    let last_para = blocks.iter().rposition(|b| matches!(b, Block::Para(_)));
    for (i, block) in blocks.iter().enumerate() {
        let just_read = last_table.take();
        match block {
            Block::Table(cells) => {
                started = true;
                add_table(&mut d, caption.take(), cells);
                last_table = Some(d.tables.len() - 1);
            }
            Block::Image(img) if !started => {
                let _ = img;
                d.letterhead_images += 1;
            }
            Block::Image(img) => d.body.push(Item::Photo {
                image: Some(img.clone()),
                caption: None,
            }),
            Block::Para(inl) => {
                let text = squeeze(&plain(inl));
                if let Some(c) = caption_of(&text) {
                    started = true;
                    if let Some((n, old)) = caption.replace(c) {
                        d.warnings.push(match n {
                            Some(n) => {
                                t!("import-caption-alone-numbered", caption = old, number = n)
                            }
                            None => t!("import-caption-alone", caption = old),
                        });
                    }
                } else if let Some((src, t)) = text
                    .strip_prefix("Fuente:")
                    .zip(just_read.and_then(|k| d.tables.get_mut(k)))
                {
                    t.source = Some(src.trim().to_string());
                } else if !started && heading_level(&text).is_none() {
                    front.push((text, inl.clone()));
                } else if is_section_label(&text)
                    || Some(i) == last_para && closing_period(&text).is_some()
                {
                    // "Información cualitativa:" and the closing line are
                    // the printed layout, not content.
                } else {
                    started = true;
                    narrative(&mut d.body, inl, &text);
                }
            }
        }
    }
    if let Some((_, text)) = caption {
        d.warnings.push(t!("import-caption-alone", caption = text));
    }
    let closing = last_para.and_then(|i| match &blocks[i] {
        Block::Para(inl) => closing_period(&squeeze(&plain(inl))),
        _ => None,
    });
    front_matter(&mut d, &front, closing);
    d
}

/// The table after a caption. One whose rows cannot be read is kept all
/// the same, with its caption, title and source, and one empty row to
/// review: a table is never dropped.
fn add_table(d: &mut Draft, caption: Option<(Option<u32>, String)>, cells: &[Vec<String>]) {
    let (number, text) = caption.clone().unwrap_or((None, String::new()));
    let mut notes = Vec::new();
    let mut t = table(number, &text, cells, &mut notes);
    t.notes = notes;
    t.caption = caption.map(|(_, c)| c);
    if t.rows.is_empty() {
        let name = match number {
            Some(n) => t!("import-table-numbered", number = n),
            None => t!("import-table-titled", title = t.title.as_str()),
        };
        t.rows.push(DraftRow {
            label: "(sin filas)".to_string(),
            value: Err(t!("import-table-no-rows-found")),
            id: String::new(),
        });
        t.notes.push(t!("import-table-no-rows", table = name));
    }
    d.tables.push(t);
}

/// The period (title block first, else the closing line) and the intro
/// from the paragraphs before the tables.
fn front_matter(d: &mut Draft, front: &[(String, Vec<Inline>)], closing: Option<Period>) {
    d.period = front.iter().find_map(|(t, _)| title_period(t)).or(closing);
    // Title lines are capitals; the sentence before the tables is the intro;
    // any other text there is kept at the start of the body, never lost.
    // The title block runs down to the period line (`— ENERO, 2024 —`):
    // its lines are the report's title, which the site prints, never body.
    let after_title = front
        .iter()
        .position(|(t, _)| title_period(t).is_some())
        .map_or(0, |i| i + 1);
    let mut text: Vec<&(String, Vec<Inline>)> = front[after_title..]
        .iter()
        .filter(|(t, _)| {
            title_period(t).is_none() && !is_section_label(t) && t.chars().any(|c| c.is_lowercase())
        })
        .collect();
    d.intro = text.pop().map(|(t, _)| t.clone());
    let kept: Vec<Item> = text
        .into_iter()
        .map(|(_, inl)| Item::Para(inl.clone()))
        .collect();
    d.body.splice(0..0, kept);
}

/// One paragraph of the narrative: a heading, a photo caption or text.
fn narrative(body: &mut Vec<Item>, inl: &[Inline], text: &str) {
    if let Some(caption) = text.strip_prefix("Foto:").map(|_| text.to_string()) {
        if let Some(Item::Photo {
            caption: c @ None, ..
        }) = body.last_mut()
        {
            *c = Some(caption);
        } else {
            body.push(Item::Photo {
                image: None,
                caption: Some(caption),
            });
        }
    } else {
        match heading_level(text) {
            Some(2) => body.push(Item::H2(text.to_string())),
            Some(_) => body.push(Item::H3(text.to_string())),
            None => body.push(Item::Para(inl.to_vec())),
        }
    }
}

/// `01. Política Migratoria` → 2, `01.1 Departamento…` → 3. A heading is
/// short and starts with its number; a paragraph starting with a year or
/// a count (`2024. Se realizó…`) is longer than a heading line.
fn heading_level(text: &str) -> Option<u8> {
    let (num, rest) = text.split_once(' ')?;
    let num = num.strip_suffix('.').unwrap_or(num);
    let parts: Vec<&str> = num.split('.').collect();
    let numeric = parts
        .iter()
        .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    if !numeric || rest.trim().is_empty() || text.chars().count() > 160 {
        return None;
    }
    match parts.len() {
        1 if text[..text.find(' ')?].ends_with('.') => Some(2),
        2 => Some(3),
        _ => None,
    }
}

fn is_section_label(text: &str) -> bool {
    let t = fold(text);
    let t = t.trim_end_matches(':').trim();
    t == "informacion cuantitativa" || t == "informacion cualitativa"
}

/// `Cuadro 3. Emisión de 70,173 documentos migratorios.` → (3, the text).
fn caption_of(text: &str) -> Option<(Option<u32>, String)> {
    let rest = text
        .strip_prefix("Cuadro ")
        .or_else(|| text.strip_prefix("CUADRO "))?;
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    let number = digits.parse().ok();
    Some((number, text.to_string()))
}

/// Whitespace runs (tabs, non-breaking spaces) as one space, trimmed.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lowercase with the accents Spanish uses folded.
fn fold(s: &str) -> String {
    crate::support::slug::slugify(s).replace('-', " ")
}

/// The title block's period line: `— ENERO, 2024 —` (nothing else on it).
pub fn title_period(text: &str) -> Option<Period> {
    let words: Vec<String> = fold(text).split(' ').map(str::to_string).collect();
    let words: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| !w.is_empty() && *w != "de" && *w != "del")
        .collect();
    match words.as_slice() {
        [m, y] => month_year(m, y),
        _ => None,
    }
}

/// The closing line's period: `…IGM, enero 2024.` (month and year at its end).
pub fn closing_period(text: &str) -> Option<Period> {
    let folded = fold(text);
    let words: Vec<&str> = folded
        .split(' ')
        .filter(|w| !w.is_empty() && *w != "de" && *w != "del")
        .collect();
    match words.as_slice() {
        [.., m, y] => month_year(m, y),
        _ => None,
    }
}

fn month_year(m: &str, y: &str) -> Option<Period> {
    let month = MONTHS
        .iter()
        .position(|n| *n == m || (m == "setiembre" && *n == "septiembre"))?;
    if y.len() != 4 {
        return None;
    }
    Period::parse(&format!("{y}-{:02}", month + 1))
}

/// A count as reports print it: `1,350`, `1350` or `1 350` (thousands
/// grouped by three). Anything else is kept as found, never guessed.
pub fn parse_count(cell: &str) -> Result<u64, String> {
    let t = cell.trim();
    let spaced: Vec<&str> = t
        .split([' ', '\u{a0}', '\u{202f}', '\u{2009}'])
        .filter(|s| !s.is_empty())
        .collect();
    let joined =
        if spaced.len() > 1 && spaced[0].len() <= 3 && spaced[1..].iter().all(|g| g.len() == 3) {
            spaced.concat()
        } else {
            t.to_string()
        };
    crate::support::numfmt::parse_count(&joined).ok_or_else(|| {
        if t.is_empty() {
            t!("import-empty-cell")
        } else {
            format!("\"{t}\"")
        }
    })
}

/// The numbers written in a caption, without the table's own number.
fn caption_numbers(caption: &str) -> Vec<u64> {
    let after = caption
        .strip_prefix("Cuadro ")
        .or_else(|| caption.strip_prefix("CUADRO "))
        .map(|r| r.trim_start_matches(|c: char| c.is_ascii_digit()))
        .unwrap_or(caption);
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in after.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || (c == ',' && !cur.is_empty()) {
            cur.push(c);
        } else if !cur.is_empty() {
            let n = cur.trim_end_matches(',');
            if let Some(v) = crate::support::numfmt::parse_count(n) {
                out.push(v);
            }
            cur.clear();
        }
    }
    out
}

/// A table from its cells: header → title and unit, rows → label and value,
/// a `Total` row → total, the caption's number → total when it adds up.
fn table(
    number: Option<u32>,
    caption: &str,
    cells: &[Vec<String>],
    warnings: &mut Vec<String>,
) -> DraftTable {
    let name = match number {
        Some(n) => t!("import-table-numbered", number = n),
        None => t!("import-table-unnamed"),
    };
    let rows: Vec<Vec<String>> = cells
        .iter()
        .map(|r| r.iter().map(|c| squeeze(c)).collect::<Vec<_>>())
        .filter(|r| r.iter().any(|c| !c.is_empty()))
        .collect();
    let header_is_data = rows
        .first()
        .is_some_and(|h| h.len() > 1 && parse_count(&h[h.len() - 1]).is_ok());
    let (title, unit, data) = match rows.split_first() {
        Some((h, rest)) if !header_is_data => (
            h.first().cloned().unwrap_or_default(),
            h.get(1..).map(|u| u.join(" ")).unwrap_or_default(),
            rest,
        ),
        _ => (String::new(), String::new(), rows.as_slice()),
    };
    let title = if title.is_empty() {
        let from_caption = caption
            .split_once('.')
            .map(|(_, t)| t.trim().trim_end_matches('.').to_string())
            .unwrap_or_default();
        warnings.push(t!("import-table-no-header", table = name.as_str()));
        if from_caption.is_empty() {
            name.clone()
        } else {
            from_caption
        }
    } else {
        title
    };
    let mut t = DraftTable {
        number,
        caption: None,
        title,
        unit: if unit.is_empty() {
            "Cantidad".into()
        } else {
            unit.trim().to_string()
        },
        source: None,
        total: None,
        total_note: None,
        notes: Vec::new(),
        rows: Vec::new(),
        id: String::new(),
    };
    let mut total_row: Option<Result<u64, String>> = None;
    for r in data {
        let label = match r.first() {
            Some(l) if !l.is_empty() => l.clone(),
            _ => {
                warnings.push(t!("import-row-no-label", table = name.as_str()));
                "(sin etiqueta)".to_string()
            }
        };
        let value = if r.len() < 2 {
            Err(t!("import-no-number"))
        } else {
            parse_count(&r[r.len() - 1])
        };
        if label.trim().eq_ignore_ascii_case("total") {
            total_row = Some(value);
        } else {
            t.rows.push(DraftRow {
                label,
                value,
                id: String::new(),
            });
        }
    }
    set_total(&mut t, caption, total_row, &name, warnings);
    t
}

/// Decides `total`: the `Total` row, else the caption number equal to the sum.
fn set_total(
    t: &mut DraftTable,
    caption: &str,
    total_row: Option<Result<u64, String>>,
    name: &str,
    warnings: &mut Vec<String>,
) {
    let complete = t.rows.iter().all(|r| r.value.is_ok());
    let sum: u64 = t.rows.iter().filter_map(|r| r.value.as_ref().ok()).sum();
    let shown = |n: u64| crate::support::numfmt::thousands(n as i128);
    match total_row {
        Some(Ok(v)) if !complete || v == sum => t.total = Some(v),
        Some(Ok(v)) => {
            t.total_note = Some(t!(
                "import-total-differs",
                total = shown(v),
                sum = shown(sum)
            ));
        }
        Some(Err(found)) => t.total_note = Some(t!("import-total-not-a-number", found = found)),
        None => {}
    }
    let numbers = caption_numbers(caption);
    if t.total.is_none() && t.total_note.is_none() && complete && numbers.contains(&sum) {
        t.total = Some(sum);
    } else if !numbers.is_empty() && complete && t.total.is_none_or(|v| !numbers.contains(&v)) {
        let said: Vec<String> = numbers.iter().map(|n| shown(*n)).collect();
        warnings.push(t!(
            "import-caption-sum-differs",
            table = name,
            said = said.join(", "),
            sum = shown(sum)
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::doc::with_links;

    fn para(s: &str) -> Block {
        Block::Para(with_links(s))
    }

    fn cells(rows: &[&[&str]]) -> Block {
        Block::Table(
            rows.iter()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect(),
        )
    }

    #[test]
    fn counts_are_read_only_when_certain() {
        assert_eq!(parse_count("1,350"), Ok(1350));
        assert_eq!(parse_count("1350"), Ok(1350));
        assert_eq!(parse_count("1 350"), Ok(1350));
        assert_eq!(parse_count("1\u{a0}025\u{a0}875"), Ok(1025875));
        assert_eq!(parse_count("1.350"), Err("\"1.350\"".into()));
        assert_eq!(parse_count("15O"), Err("\"15O\"".into()));
        assert_eq!(parse_count("13 50"), Err("\"13 50\"".into()));
        assert_eq!(parse_count(""), Err(t!("import-empty-cell")));
    }

    #[test]
    fn periods_from_title_block_and_closing_line() {
        let p = |y, m| Some(Period { year: y, month: m });
        assert_eq!(title_period("— ENERO, 2024 —"), p(2024, 1));
        assert_eq!(title_period("Septiembre de 2023"), p(2023, 9));
        assert_eq!(title_period("En enero de 2024 se hizo"), None);
        assert_eq!(
            closing_period("Informe de actividades relevantes IGM, enero 2024."),
            p(2024, 1)
        );
        assert_eq!(closing_period("Se hizo en enero."), None);
    }

    #[test]
    fn headings_by_their_numbers() {
        assert_eq!(heading_level("01. Política Migratoria"), Some(2));
        assert_eq!(heading_level("01.1 Departamento de Estudios."), Some(3));
        assert_eq!(heading_level("2024 fue un año"), None);
        assert_eq!(heading_level("68 personas atendidas"), None);
    }

    #[test]
    fn total_row_and_caption_totals() {
        let d = recognise(&[
            para("— MARZO, 2024 —"),
            para("Cuadro 1. Algo (30)."),
            cells(&[
                &["Título", "Cantidad"],
                &["a", "10"],
                &["b", "1 000"],
                &["TOTAL", "1010"],
            ]),
            para("Fuente: Planificación."),
            para("Cuadro 2. Otra cosa (99)."),
            cells(&[&["Otro", "Personas"], &["x", "15O"], &["y", "3"]]),
        ]);
        assert_eq!(
            d.period,
            Some(Period {
                year: 2024,
                month: 3
            })
        );
        let t = &d.tables[0];
        assert_eq!((t.total, t.rows.len()), (Some(1010), 2));
        assert_eq!(t.source.as_deref(), Some("Planificación."));
        assert!(t.notes.iter().any(|w| w.contains(" 30,")), "{:?}", t.notes);
        assert_eq!(d.tables[1].rows[0].value, Err("\"15O\"".into()));
        assert_eq!(d.tables[1].total, None);
    }

    #[test]
    fn text_before_the_tables_is_never_lost() {
        let d = recognise(&[
            para("INFORME"),
            para("Una nota previa."),
            para("El mes en cifras:"),
            para("Cuadro 1. Vacío."),
            cells(&[&["T", "U"]]),
            para("01. Sección"),
            para("Texto."),
            para("Cuadro 2. A."),
            cells(&[&["T", "U"], &["", "4"]]),
        ]);
        assert_eq!(d.intro.as_deref(), Some("El mes en cifras:"));
        assert_eq!(d.body[0], Item::Para(with_links("Una nota previa.")));
        assert_eq!(d.body[1], Item::H2("01. Sección".into()));
        assert_eq!(d.tables.len(), 2, "a table without rows is kept");
        assert_eq!(d.tables[0].caption.as_deref(), Some("Cuadro 1. Vacío."));
        assert_eq!(d.tables[0].rows[0].label, "(sin filas)");
        assert!(d.tables[0].rows[0].value.is_err());
        assert_eq!(d.tables[1].rows[0].label, "(sin etiqueta)");
        assert_eq!(d.tables[0].notes.len(), 1, "{:?}", d.tables[0].notes);
        assert_eq!(d.tables[1].notes.len(), 1, "{:?}", d.tables[1].notes);
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    }

    #[test]
    fn photos_take_the_caption_that_follows() {
        let img = Image {
            bytes: vec![1],
            ext: "jpg",
        };
        let d = recognise(&[
            para("Cuadro 1. A."),
            cells(&[&["T", "U"], &["a", "1"]]),
            para("01. Sección"),
            Block::Image(img.clone()),
            para("Foto: Una reunión."),
            para("Foto: Sin imagen."),
        ]);
        assert_eq!(
            d.body,
            vec![
                Item::H2("01. Sección".into()),
                Item::Photo {
                    image: Some(img),
                    caption: Some("Foto: Una reunión.".into())
                },
                Item::Photo {
                    image: None,
                    caption: Some("Foto: Sin imagen.".into())
                },
            ]
        );
    }
}
