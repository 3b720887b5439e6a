//! `site.yaml`: the site's configuration.

use crate::load::yamlpos::{self, KeyCheck};
use crate::problem;
use crate::support::diag::{Diagnostic, Diagnostics};
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
    pub license: crate::support::license::LicenseSetting,
    /// An email or web address for questions about the figures.
    #[serde(default)]
    pub contact: Option<String>,
    /// Write `.br` copies of the text files that pay for one
    /// (`write::compress`, docs/output-files.md); on unless `compress: false`.
    #[serde(default = "default_compress")]
    pub compress: bool,
    /// Full-text search (`src/search/`): the index, the search page and the
    /// header's search box; on unless `search: false` (for a host whose
    /// Content-Security-Policy cannot allow WebAssembly).
    #[serde(default = "default_search")]
    pub search: bool,
    /// The line of `base_url` in site.yaml, for warnings about it (0 when
    /// unknown: a `Config` not read from a file).
    #[serde(skip)]
    pub base_url_line: usize,
    /// When reports come out (`src/render/calendar.rs`); none when absent.
    #[serde(default)]
    pub calendar: Option<CalendarSettings>,
}

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

/// The `base_url` `faro init` writes when it is not given one (`-u`):
/// reserved for examples (RFC 2606), never a real portal's address.
pub const PLACEHOLDER_BASE_URL: &str = "https://example.org/informes/";

/// Whether `url` is still [`PLACEHOLDER_BASE_URL`] (with or without its
/// final `/`, in any case). Only that address: other `example.org`
/// addresses are taken as chosen on purpose (tests, demonstrations).
pub fn is_placeholder_base_url(url: &str) -> bool {
    url.trim_end_matches('/')
        .eq_ignore_ascii_case(PLACEHOLDER_BASE_URL.trim_end_matches('/'))
}

/// What is wrong with a `base_url`, from site.yaml or the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaseUrlProblem {
    /// Neither `http://`/`https://` with a host nor a path from `/`:
    /// `javascript:…`, `ftp://…`, `www.example.org` (the text as given).
    NotWeb(String),
    /// Spaces, quotes, angle brackets or control characters, which do not
    /// belong in an address and would be written into every link.
    BadCharacters(String),
}

impl BaseUrlProblem {
    /// Its catalogue id.
    pub fn code(&self) -> &'static str {
        match self {
            BaseUrlProblem::NotWeb(_) => "config-base-url-not-web",
            BaseUrlProblem::BadCharacters(_) => "config-base-url-characters",
        }
    }

    /// What is wrong and what to write instead, in the editor's language.
    pub fn message(&self) -> String {
        match self {
            BaseUrlProblem::NotWeb(url) => {
                crate::t!(
                    "config-base-url-not-web",
                    url = url.escape_debug().to_string()
                )
            }
            BaseUrlProblem::BadCharacters(url) => {
                crate::t!(
                    "config-base-url-characters",
                    url = url.escape_debug().to_string()
                )
            }
        }
    }
}

/// Checks that `url` can be the site's address in every link it writes:
/// `http://` or `https://` and a host, or a path starting with a single `/`
/// (a site served from wherever its pages are; `//host` is another host).
/// Pure.
pub fn check_base_url(url: &str) -> Result<(), BaseUrlProblem> {
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '`'))
    {
        return Err(BaseUrlProblem::BadCharacters(url.to_string()));
    }
    let lower = url.to_ascii_lowercase();
    let host_after = |scheme: &str| {
        lower
            .strip_prefix(scheme)
            .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or(""))
    };
    let web = match host_after("https://").or_else(|| host_after("http://")) {
        // A host: not empty, not only a port.
        Some(host) => !host.is_empty() && !host.starts_with(':'),
        None => url.starts_with('/') && !url.starts_with("//"),
    };
    if web {
        Ok(())
    } else {
        Err(BaseUrlProblem::NotWeb(url.to_string()))
    }
}

/// [`check_base_url`] for an address given on the command line
/// (`-u`/`--base-url` of `build` and `init`): the problem, named after the
/// option since no file holds it.
pub fn check_base_url_option(url: &str) -> Result<(), Diagnostic> {
    check_base_url(url).map_err(|_| {
        crate::problem!(
            "config-base-url-option",
            "--base-url",
            0,
            0,
            url = url.escape_debug().to_string()
        )
    })
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
        let text = std::fs::read_to_string(path).map_err(|e| {
            problem!(
                "config-cannot-read",
                shown,
                0,
                0,
                error = crate::support::i18n::error_text(&e)
            )
        })?;
        Self::parse(&text, shown)
    }

    pub fn parse(text: &str, shown: &Path) -> Result<Config, Diagnostics> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let index = yamlpos::index(text, 0).map_err(|e| {
            if e.limit {
                return e.at(shown);
            }
            let plain = crate::load::yamlerror::explain(text, 0, e.line, e.col, &e.message);
            Diagnostic::new(shown, plain.line, plain.col, plain.message)
                .with_code(yamlpos::SYNTAX_CODE)
        })?;
        let mut diags = Diagnostics::default();
        check_known_keys(&index, shown, &mut diags);
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
                detail = crate::load::yamlerror::value_words(&e.to_string())
            )
        })?;
        let (l, c) = index.position(&["base_url"]);
        config.base_url_line = l;
        if let Err(problem) = check_base_url(&config.base_url) {
            diags.push(Diagnostic::new(shown, l, c, problem.message()).with_code(problem.code()));
        }
        if !config.base_url.ends_with('/') {
            config.base_url.push('/');
        }
        check_values(&config, &index, shown, &mut diags);
        diags.into_result(config)
    }

    /// The open data's licence; the default when `license` does not resolve
    /// (which `parse` refuses, so only a hand-made `Config` gets there).
    pub fn license(&self) -> crate::support::license::License {
        self.license
            .resolve()
            .or_else(|_| crate::support::license::LicenseSetting::default().resolve())
            .unwrap_or_else(|_| crate::support::license::License {
                name: String::new(),
                title: String::new(),
                path: String::new(),
            })
    }

    /// The warning for a `base_url` still at [`PLACEHOLDER_BASE_URL`], the
    /// example `faro init` writes, at its line of site.yaml (`shown`). A
    /// build with it works, but its sitemap, feed and shared links point at
    /// a site that is not the portal: `faro build` warns (an error under
    /// `--strict`), as does `faro publish`. Pure.
    pub fn placeholder_warning(&self, shown: &Path) -> Option<Diagnostic> {
        is_placeholder_base_url(&self.base_url).then(|| {
            Diagnostic::warning(
                shown,
                self.base_url_line,
                0,
                crate::t!("config-base-url-placeholder", url = self.base_url.as_str()),
            )
            .with_code("config-base-url-placeholder")
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

/// Every key of `site.yaml`, and of its sections, is one faro knows.
fn check_known_keys(index: &yamlpos::Index, shown: &Path, diags: &mut Diagnostics) {
    index.check_keys(
        &[],
        KEYS,
        KeyCheck {
            path: shown,
            what: "site.yaml",
        },
        diags,
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
        diags,
    );
    index.check_keys(
        &["calendar"],
        &["day", "dates"],
        KeyCheck {
            path: shown,
            what: "calendar",
        },
        diags,
    );
    index.check_keys(
        &["markdown"],
        &["unsafe_html"],
        KeyCheck {
            path: shown,
            what: "markdown",
        },
        diags,
    );
}

/// The values serde cannot check: image settings, the calendar, the
/// licence and the contact.
fn check_values(config: &Config, index: &yamlpos::Index, shown: &Path, diags: &mut Diagnostics) {
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
        check_calendar(cal, index, shown, diags);
    }
    if let Err(message) = config.license.resolve() {
        let (l, c) = index.position(&["license"]);
        diags.push(Diagnostic::new(shown, l, c, message));
    }
    if let Some(contact) = &config.contact {
        if crate::support::license::contact_href(contact).is_none() {
            let (l, c) = index.position(&["contact"]);
            diags.push(Diagnostic::new(
                shown,
                l,
                c,
                crate::t!("license-contact-invalid", contact = contact.as_str()),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_url_is_a_web_address_or_a_path() {
        for good in [
            "https://igm.gob.gt/informes/",
            "http://localhost:8080/",
            "HTTPS://EXAMPLE.ORG",
            "/informes/",
            "/",
        ] {
            assert_eq!(check_base_url(good), Ok(()), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)//https://x.org/",
            "data:text/html,hola",
            "ftp://x.org/",
            "www.igm.gob.gt/informes/",
            "informes/",
            "//evil.example/",
            "https://",
            "https:///informes/",
            "https://:8080/",
            "",
        ] {
            assert!(
                matches!(check_base_url(bad), Err(BaseUrlProblem::NotWeb(_))),
                "{bad}"
            );
        }
        for bad in [
            "https://x.org/\"><script>",
            "https://x.org/a b/",
            "https://x.org/\n",
            "https://x.org/'",
        ] {
            assert!(
                matches!(check_base_url(bad), Err(BaseUrlProblem::BadCharacters(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn site_yaml_refuses_a_base_url_at_its_line() {
        let err = Config::parse(
            "title: T\n\nbase_url: \"javascript:alert(1)\"\n",
            Path::new("site.yaml"),
        )
        .expect_err("refused");
        let [d] = err.0.as_slice() else {
            panic!("{err}")
        };
        assert_eq!((d.line, d.code), (3, "config-base-url-not-web"), "{d}");
    }

    #[test]
    fn only_the_placeholder_init_writes_is_warned_about() {
        let config = |url: &str| {
            Config::parse(
                &format!("title: T\nlanguage: es\nbase_url: {url}\n"),
                Path::new("site.yaml"),
            )
            .expect("config")
        };
        let w = config("https://example.org/informes/")
            .placeholder_warning(Path::new("site.yaml"))
            .expect("a warning");
        assert!(w.is_warning() && w.line == 3, "{w}");
        assert!(
            config("https://example.org/informes")
                .placeholder_warning(Path::new("site.yaml"))
                .is_some()
        );
        for real in [
            "https://example.org/portal/",
            "https://igm.gob.gt/informes/",
        ] {
            assert!(
                config(real)
                    .placeholder_warning(Path::new("site.yaml"))
                    .is_none(),
                "{real}"
            );
        }
    }
}
