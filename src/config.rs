//! `site.yaml`: the site's configuration.

use crate::diag::{Diagnostic, Diagnostics};
use crate::problem;
use crate::yamlpos::{self, KeyCheck};
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub institution: String,
    /// Where `public/` is served; always ends with `/`.
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub images: ImageSettings,
    #[serde(default)]
    pub markdown: MarkdownSettings,
    #[serde(default)]
    pub extra: serde_json::Value,
    /// The open data's licence (default CC-BY-4.0); see `license::resolve`.
    #[serde(default)]
    pub license: crate::license::LicenseSetting,
    /// An email or web address for questions about the figures.
    #[serde(default)]
    pub contact: Option<String>,
    /// Write `.br` and `.gz` copies of the text files (`src/compress.rs`);
    /// on unless `compress: false`.
    #[serde(default = "default_compress")]
    pub compress: bool,
    /// Full-text search (`src/search/`): the index, the search page and the
    /// header's search box; on unless `search: false` (for a host whose
    /// Content-Security-Policy cannot allow WebAssembly).
    #[serde(default = "default_search")]
    pub search: bool,
    /// When reports come out (`src/render/calendar.rs`); none when absent.
    #[serde(default)]
    pub calendar: Option<CalendarSettings>,
}

// ---- calendar (issue 29, item 5) ----------------------------------------

/// `calendar: { day: 10 }`: the report for month M comes out on day 10 of
/// month M+1 (the month's last day if it has fewer); or `calendar: { dates:
/// [2024-02-10, …] }`: the dates themselves. `dates` wins when both are given.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarSettings {
    #[serde(default)]
    pub day: Option<u32>,
    #[serde(default)]
    pub dates: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageSettings {
    #[serde(default = "default_widths")]
    pub widths: Vec<u32>,
    #[serde(default = "default_quality")]
    pub quality: u8,
    /// Width of the gallery thumbnails.
    #[serde(default = "default_thumbnail")]
    pub thumbnail: u32,
    /// Photos with more pixels than this are refused (decompression bombs, scans).
    #[serde(default = "default_max_megapixels")]
    pub max_megapixels: u32,
    /// Name published photos by a hash of their content instead of the
    /// original's file name, which may say more than the photo should
    /// (`juan-perez-detenido.jpg`). Off when absent, so that an existing
    /// site's photo URLs do not change; `faro`'s own site.yaml and new
    /// sites turn it on.
    #[serde(default)]
    pub hashed_names: bool,
}

impl Default for ImageSettings {
    fn default() -> Self {
        ImageSettings {
            widths: default_widths(),
            quality: default_quality(),
            thumbnail: default_thumbnail(),
            max_megapixels: default_max_megapixels(),
            hashed_names: false,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownSettings {
    #[serde(default)]
    pub unsafe_html: bool,
}

fn default_compress() -> bool {
    true
}
fn default_search() -> bool {
    true
}
fn default_language() -> String {
    "es".into()
}
fn default_theme() -> String {
    "igm".into()
}
fn default_widths() -> Vec<u32> {
    vec![480, 960, 1600]
}
fn default_quality() -> u8 {
    80
}
fn default_thumbnail() -> u32 {
    320
}
fn default_max_megapixels() -> u32 {
    100
}

const KEYS: &[&str] = &[
    "title",
    "institution",
    "base_url",
    "language",
    "theme",
    "description",
    "images",
    "markdown",
    "extra",
    "license",
    "contact",
    "compress",
    "search",
    "calendar",
];

impl Config {
    /// Reads and validates `site.yaml` at `path` (shown in messages as `shown`).
    pub fn load(path: &Path, shown: &Path) -> Result<Config, Diagnostics> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| problem!("config-cannot-read", shown, 0, 0, error = e.to_string()))?;
        Self::parse(&text, shown)
    }

    pub fn parse(text: &str, shown: &Path) -> Result<Config, Diagnostics> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let index = yamlpos::index(text, 0).map_err(|e| {
            if e.limit {
                return e.at(shown);
            }
            let plain = crate::yamlerror::explain(text, 0, e.line, e.col, &e.message);
            Diagnostic::new(shown, plain.line, plain.col, plain.message)
                .with_code(yamlpos::SYNTAX_CODE)
        })?;
        let mut diags = Diagnostics::default();
        index.check_keys(
            &[],
            KEYS,
            KeyCheck {
                path: shown,
                what: "site.yaml",
            },
            &mut diags,
        );
        index.check_keys(
            &["images"],
            &[
                "widths",
                "quality",
                "thumbnail",
                "max_megapixels",
                "hashed_names",
            ],
            KeyCheck {
                path: shown,
                what: "images",
            },
            &mut diags,
        );
        index.check_keys(
            &["calendar"],
            &["day", "dates"],
            KeyCheck {
                path: shown,
                what: "calendar",
            },
            &mut diags,
        );
        index.check_keys(
            &["markdown"],
            &["unsafe_html"],
            KeyCheck {
                path: shown,
                what: "markdown",
            },
            &mut diags,
        );
        if !diags.is_empty() {
            return Err(diags.sorted());
        }
        let mut config: Config = serde_yaml::from_str(text).map_err(|e| {
            let (line, col) = e
                .location()
                .map(|l| (l.line(), l.column()))
                .unwrap_or((0, 0));
            problem!(
                "config-invalid",
                shown,
                line,
                col,
                detail = yamlpos::clean_serde_message(&e.to_string())
            )
        })?;
        if !config.base_url.ends_with('/') {
            config.base_url.push('/');
        }
        let q = config.images.quality;
        if !(1..=100).contains(&q) {
            let (l, c) = index.position(&["images", "quality"]);
            diags.push(problem!(
                "config-image-quality",
                shown,
                l,
                c,
                quality = q.to_string()
            ));
        }
        if config.images.widths.is_empty()
            || config.images.widths.iter().any(|w| *w == 0 || *w > 10_000)
        {
            let (l, c) = index.position(&["images", "widths"]);
            diags.push(problem!("config-image-widths", shown, l, c));
        }
        if let Some(cal) = &config.calendar {
            check_calendar(cal, &index, shown, &mut diags);
        }
        if let Err(message) = config.license.resolve() {
            let (l, c) = index.position(&["license"]);
            diags.push(Diagnostic::new(shown, l, c, message));
        }
        if let Some(contact) = &config.contact {
            if crate::license::contact_href(contact).is_none() {
                let (l, c) = index.position(&["contact"]);
                diags.push(Diagnostic::new(
                    shown,
                    l,
                    c,
                    crate::t!("license-contact-invalid", contact = contact.as_str()),
                ));
            }
        }
        diags.into_result(config)
    }

    /// The open data's licence; the default when `license` does not resolve
    /// (which `parse` refuses, so only a hand-made `Config` gets there).
    pub fn license(&self) -> crate::license::License {
        self.license
            .resolve()
            .or_else(|_| crate::license::LicenseSetting::default().resolve())
            .unwrap_or_else(|_| crate::license::License {
                name: String::new(),
                title: String::new(),
                path: String::new(),
            })
    }

    /// The path part of `base_url`: `/portal/` for `https://example.org/portal/`.
    pub fn base_path(&self) -> String {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map(|(_, r)| r)
            .unwrap_or(&self.base_url);
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_string(),
            None => "/".to_string(),
        }
    }
}

/// A calendar day is 1–31 and each listed date a real `YYYY-MM-DD`.
fn check_calendar(
    cal: &CalendarSettings,
    index: &yamlpos::Index,
    shown: &Path,
    diags: &mut Diagnostics,
) {
    if cal.day.is_some_and(|d| !(1..=31).contains(&d))
        || (cal.day.is_none() && cal.dates.is_empty())
    {
        let (l, c) = index.position(&["calendar"]);
        diags.push(problem!("config-calendar-day", shown, l, c));
    }
    for d in &cal.dates {
        if !is_date(d) {
            let (l, c) = index.position(&["calendar", "dates"]);
            diags.push(problem!(
                "config-calendar-date",
                shown,
                l,
                c,
                date = d.as_str()
            ));
        }
    }
}

/// `YYYY-MM-DD`, a day that exists (no 30 February).
fn is_date(d: &str) -> bool {
    let d = d.trim();
    let part = |r: std::ops::Range<usize>| d.get(r).and_then(|p| p.parse::<u32>().ok());
    let (Some(y), Some(m), Some(day)) = (part(0..4), part(5..7), part(8..10)) else {
        return false;
    };
    let last = match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => 0,
    };
    d.len() == 10
        && d.get(4..5) == Some("-")
        && d.get(7..8) == Some("-")
        && (1..=last).contains(&day)
}
