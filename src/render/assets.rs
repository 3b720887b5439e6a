//! The theme's files (`static/`) as a build publishes them.
//!
//! Styles, scripts and fonts are published under a name that carries a
//! hash of their content (`css/style.3f9a1c0b.css`): a new version is a new
//! address, so a web host can let browsers keep them for a year without
//! asking again (the server configuration in `publish::server` does), and
//! a visitor never mixes an old stylesheet with a new page. Pages, feeds and
//! data files keep their addresses; so do images and the favicon, which
//! pages link with a `?v=` fingerprint instead. The preview (`faro serve`)
//! keeps every name as it is: its stylesheet swap reloads the same address.
//!
//! A stylesheet that loads a font (`url(../fonts/x.woff2)`) is published
//! with the font's hashed name written in, so it is hashed after its fonts.

use std::collections::BTreeMap;

/// Extensions of the files published under a hashed name.
const FONTS: [&str; 4] = ["woff2", "woff", "ttf", "otf"];
const STYLES_AND_SCRIPTS: [&str; 3] = ["css", "js", "mjs"];

/// One theme file as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Where it is published, relative to the site root.
    pub path: String,
    pub bytes: Vec<u8>,
    /// Whether `path` carries a hash of the content.
    pub hashed: bool,
}

/// Every theme file by its path in `static/`, as published; hashed names
/// only when `hashed` (`faro build`, not the preview).
pub fn publish(static_files: &BTreeMap<String, Vec<u8>>, hashed: bool) -> BTreeMap<String, Asset> {
    let plain = |path: &String, bytes: &Vec<u8>| Asset {
        path: path.clone(),
        bytes: bytes.clone(),
        hashed: false,
    };
    if !hashed {
        return static_files
            .iter()
            .map(|(p, b)| (p.clone(), plain(p, b)))
            .collect();
    }
    let fonts: BTreeMap<String, Asset> = static_files
        .iter()
        .filter(|(p, _)| FONTS.contains(&extension(p)))
        .map(|(p, b)| (p.clone(), hashed_asset(p, b.clone())))
        .collect();
    static_files
        .iter()
        .map(|(p, b)| {
            let asset = match extension(p) {
                _ if fonts.contains_key(p) => fonts[p].clone(),
                "css" => hashed_asset(p, with_font_names(p, b, &fonts)),
                e if STYLES_AND_SCRIPTS.contains(&e) => hashed_asset(p, b.clone()),
                _ => plain(p, b),
            };
            (p.clone(), asset)
        })
        .collect()
}

/// A short hash of `bytes`: eight hexadecimal digits, the form the server
/// configuration recognises as a hashed name.
pub fn fingerprint(bytes: &[u8]) -> String {
    format!("{:08x}", xxhash_rust::xxh3::xxh3_64(bytes) & 0xffff_ffff)
}

fn hashed_asset(path: &str, bytes: Vec<u8>) -> Asset {
    let hash = fingerprint(&bytes);
    let path = match path.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with('/') && !stem.is_empty() => {
            format!("{stem}.{hash}.{ext}")
        }
        _ => format!("{path}.{hash}"),
    };
    Asset {
        path,
        bytes,
        hashed: true,
    }
}

fn extension(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').map_or("", |(_, e)| e)
}

/// The stylesheet at `css_path` with each `url(…)` that names one of
/// `fonts` renamed to the font's published name (the rest of the address,
/// its quotes and any `?…`/`#…` kept as written).
fn with_font_names(css_path: &str, css: &[u8], fonts: &BTreeMap<String, Asset>) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(css) else {
        return css.to_vec();
    };
    if fonts.is_empty() {
        return css.to_vec();
    }
    let folder = css_path.rsplit_once('/').map_or("", |(f, _)| f);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("url(") {
        let (before, from_url) = rest.split_at(start + 4);
        out.push_str(before);
        let Some(end) = from_url.find(')') else {
            rest = from_url;
            break;
        };
        let inner = &from_url[..end];
        let address = inner.trim().trim_matches(|c| c == '"' || c == '\'');
        let file = address.split(['?', '#']).next().unwrap_or(address);
        match resolve(folder, file).and_then(|p| fonts.get(&p)) {
            Some(font) => {
                let old_name = file.rsplit('/').next().unwrap_or(file);
                let new_name = font.path.rsplit('/').next().unwrap_or(&font.path);
                let at = inner.find(file).unwrap_or(0) + file.len() - old_name.len();
                out.push_str(&inner[..at]);
                out.push_str(new_name);
                out.push_str(&inner[at + old_name.len()..]);
            }
            None => out.push_str(inner),
        }
        rest = &from_url[end..];
    }
    out.push_str(rest);
    out.into_bytes()
}

/// `relative` (an address in a stylesheet in `folder`) as a path from the
/// site root; `None` for addresses that leave the site or name another host.
fn resolve(folder: &str, relative: &str) -> Option<String> {
    if relative.contains(':') || relative.starts_with('/') || relative.is_empty() {
        return None;
    }
    let mut parts: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        list.iter()
            .map(|(p, b)| (p.to_string(), b.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn styles_scripts_and_fonts_get_hashed_names_the_rest_keeps_its_own() {
        let published = publish(
            &files(&[
                ("css/style.css", "body{}"),
                ("js/search.js", "let a;"),
                ("fonts/sans.woff2", "wOF2"),
                ("favicon.svg", "<svg/>"),
                ("robots-extra.txt", "x"),
            ]),
            true,
        );
        let css = &published["css/style.css"];
        assert_eq!(
            css.path,
            format!("css/style.{}.css", fingerprint(b"body{}"))
        );
        assert!(css.hashed);
        assert!(published["js/search.js"].path.starts_with("js/search."));
        assert!(published["fonts/sans.woff2"].path.ends_with(".woff2"));
        assert_ne!(published["fonts/sans.woff2"].path, "fonts/sans.woff2");
        assert_eq!(published["favicon.svg"].path, "favicon.svg");
        assert!(!published["favicon.svg"].hashed);
        let plain = publish(&files(&[("css/style.css", "body{}")]), false);
        assert_eq!(plain["css/style.css"].path, "css/style.css");
    }

    #[test]
    fn a_stylesheet_names_its_fonts_by_their_hashed_names() {
        let published = publish(
            &files(&[
                ("fonts/sans.woff2", "wOF2"),
                (
                    "css/style.css",
                    "@font-face{src:url(\"../fonts/sans.woff2?v=1#x\") format(\"woff2\"),url(other.woff2)}",
                ),
            ]),
            true,
        );
        let font = &published["fonts/sans.woff2"].path;
        let name = font.rsplit('/').next().unwrap_or_default();
        let css = String::from_utf8(published["css/style.css"].bytes.clone()).expect("utf-8");
        assert_eq!(
            css,
            format!(
                "@font-face{{src:url(\"../fonts/{name}?v=1#x\") format(\"woff2\"),url(other.woff2)}}"
            )
        );
        // The stylesheet's own hash is of what is published.
        assert!(
            published["css/style.css"]
                .path
                .contains(&fingerprint(css.as_bytes()))
        );
    }
}
