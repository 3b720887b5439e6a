//! A plain page (`content/acerca.md`) or the home text (`content/_index.md`).

use super::RESERVED;
use super::document::{Document, extra_json, front_matter};
use super::fields::{Fields, MAX_ID_LEN};
use crate::load::model::Page;
use crate::support::diag::{Diagnostic, Diagnostics};
use crate::support::slug::slugify;
use crate::{problem, t};
use std::path::Path;

const PAGE_KEYS: &[&str] = &["title", "description", "draft", "extra"];

pub(super) fn parse_page(show: &Path, parts: &[&str], doc: &Document) -> Result<Page, Diagnostics> {
    let (map, index, mut diags) = front_matter(show, doc, PAGE_KEYS)?;
    let mut f = Fields {
        show,
        index: &index,
        diags: &mut diags,
    };
    let url_path = match page_url(parts) {
        Ok(url) => url,
        Err((code, message)) => {
            f.diags
                .push(Diagnostic::file(show, message).with_code(code));
            String::from("?")
        }
    };
    if let Some(first) = url_path.split('/').next() {
        if RESERVED.contains(&first) {
            f.diags
                .push(problem!("load-page-reserved", show, 0, 0, section = first));
        }
    }
    let stem = parts
        .last()
        .and_then(|p| p.strip_suffix(".md"))
        .unwrap_or("");
    let title = f
        .string(&map, "title", "")
        .unwrap_or_else(|| first_heading(&doc.body).unwrap_or_else(|| stem.replace('-', " ")));
    let description = f.string(&map, "description", "");
    let draft = f.boolean(&map, "draft", "");
    let extra = extra_json(&map);
    diags.into_result(Page {
        source: show.to_path_buf(),
        url_path,
        title,
        description,
        draft,
        body: doc.body.clone(),
        body_line: doc.body_line,
        extra,
    })
}

/// `_index.md` → `""` (home), `acerca.md` → `acerca/`, `a/index.md` → `a/`,
/// `a/b.md` → `a/b/`. A name with no letter a-z or digit (`日本.md`), or
/// one too long for a web address, is refused with the message to show.
/// The page's web address, or the code and words of what is wrong with its name.
fn page_url(parts: &[&str]) -> Result<String, (&'static str, String)> {
    let mut names: Vec<&str> = parts.to_vec();
    if let Some(last) = names.pop() {
        let stem = last.strip_suffix(".md").unwrap_or(last);
        if stem != "index" && stem != "_index" {
            names.push(stem);
        }
    }
    let mut segs = Vec::with_capacity(names.len());
    for name in names {
        let slug = slugify(name);
        if slug.is_empty() {
            let code = "load-page-name-no-letters";
            return Err((code, t!("load-page-name-no-letters", name = name)));
        }
        if slug.len() > MAX_ID_LEN {
            let message = t!(
                "load-page-name-too-long",
                name = name,
                length = slug.len(),
                max = MAX_ID_LEN
            );
            return Err(("load-page-name-too-long", message));
        }
        segs.push(slug);
    }
    Ok(if segs.is_empty() {
        String::new()
    } else {
        format!("{}/", segs.join("/"))
    })
}

fn first_heading(body: &str) -> Option<String> {
    body.lines()
        .find_map(|l| l.strip_prefix("# "))
        .map(|t| t.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::page_url;

    #[test]
    fn page_urls() {
        assert_eq!(page_url(&["_index.md"]).as_deref(), Ok(""));
        assert_eq!(page_url(&["acerca.md"]).as_deref(), Ok("acerca/"));
        assert_eq!(
            page_url(&["Sobre Nosotros", "index.md"]).as_deref(),
            Ok("sobre-nosotros/")
        );
        assert_eq!(page_url(&["a", "b.md"]).as_deref(), Ok("a/b/"));
    }

    #[test]
    fn a_name_without_a_slug_is_refused_not_taken_for_the_home_page() {
        let (_, err) = page_url(&["日本.md"]).unwrap_err();
        assert!(err.contains("`日本`"), "{err}");
        assert!(page_url(&["日本", "acerca.md"]).is_err());
        assert!(page_url(&[&format!("{}.md", "a".repeat(super::MAX_ID_LEN + 1))]).is_err());
    }
}
