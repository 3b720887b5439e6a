//! The open data's licence (`license` in `site.yaml`) and the contact for
//! questions about the figures (`contact`). A licence is named by its SPDX
//! id (`CC-BY-4.0`, the default) or written out with its name and URL;
//! pages, `datapackage.json` and every data file's metadata carry it.

use serde::{Deserialize, Serialize};

/// `license:` as written in `site.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum LicenseSetting {
    /// An SPDX id faro knows, e.g. `CC-BY-4.0`.
    Id(String),
    /// Any other licence: `{ name: ID, title: "…", path: "https://…" }`.
    Custom {
        name: String,
        title: String,
        path: String,
    },
}

impl Default for LicenseSetting {
    fn default() -> Self {
        LicenseSetting::Id("CC-BY-4.0".into())
    }
}

/// A licence as the site shows it; field names as Frictionless `licenses` has them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct License {
    /// The SPDX id.
    pub name: String,
    pub title: String,
    /// Its URL.
    pub path: String,
}

/// The open-data licences faro knows by id.
const KNOWN: &[(&str, &str, &str)] = &[
    (
        "CC-BY-4.0",
        "Creative Commons Atribución 4.0 Internacional",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    (
        "CC-BY-SA-4.0",
        "Creative Commons Atribución-CompartirIgual 4.0 Internacional",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    (
        "CC0-1.0",
        "Creative Commons CC0 1.0 Universal (dominio público)",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    (
        "ODC-BY-1.0",
        "Open Data Commons Attribution License 1.0",
        "https://opendatacommons.org/licenses/by/1-0/",
    ),
    (
        "ODbL-1.0",
        "Open Data Commons Open Database License 1.0",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
    (
        "PDDL-1.0",
        "Open Data Commons Public Domain Dedication and License 1.0",
        "https://opendatacommons.org/licenses/pddl/1-0/",
    ),
];

impl LicenseSetting {
    /// The licence, or the message that says what to write instead.
    pub fn resolve(&self) -> Result<License, String> {
        match self {
            LicenseSetting::Id(id) => KNOWN
                .iter()
                .find(|(k, ..)| k.eq_ignore_ascii_case(id.trim()))
                .map(|(name, title, path)| License {
                    name: name.to_string(),
                    title: title.to_string(),
                    path: path.to_string(),
                })
                .ok_or_else(|| {
                    let ids: Vec<&str> = KNOWN.iter().map(|(k, ..)| *k).collect();
                    crate::t!("license-unknown", id = id.as_str(), known = ids.join(", "))
                }),
            LicenseSetting::Custom { name, title, path } => {
                if !is_web_url(path) || title.trim().is_empty() || name.trim().is_empty() {
                    return Err(crate::t!("license-custom-invalid"));
                }
                Ok(License {
                    name: name.trim().to_string(),
                    title: title.trim().to_string(),
                    path: path.trim().to_string(),
                })
            }
        }
    }
}

/// A contact as a link: `mailto:` for an email, the URL itself for a web
/// address; `None` when it is neither (`site.yaml` refuses it).
pub fn contact_href(contact: &str) -> Option<String> {
    let c = contact.trim();
    if is_web_url(c) {
        return Some(c.to_string());
    }
    let (user, domain) = c.split_once('@')?;
    let plain = |s: &str| {
        !s.is_empty()
            && !s
                .chars()
                .any(|ch| ch.is_whitespace() || "<>\"'@".contains(ch))
    };
    (plain(user) && plain(domain) && domain.contains('.')).then(|| format!("mailto:{c}"))
}

fn is_web_url(s: &str) -> bool {
    let s = s.trim();
    (s.starts_with("https://") || s.starts_with("http://"))
        && s.len() > "https://".len()
        && !s.chars().any(|c| c.is_whitespace() || "<>\"'".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_ids_resolve_and_unknown_ones_are_refused() {
        let l = LicenseSetting::default().resolve();
        assert_eq!(
            l.map(|l| l.path).ok().as_deref(),
            Some("https://creativecommons.org/licenses/by/4.0/")
        );
        assert!(LicenseSetting::Id("cc0-1.0".into()).resolve().is_ok());
        assert!(LicenseSetting::Id("GPL".into()).resolve().is_err());
        let custom = LicenseSetting::Custom {
            name: "X".into(),
            title: "X".into(),
            path: "javascript:alert(1)".into(),
        };
        assert!(custom.resolve().is_err());
    }

    #[test]
    fn contacts_are_emails_or_web_addresses() {
        assert_eq!(
            contact_href("transparencia@igm.gob.gt").as_deref(),
            Some("mailto:transparencia@igm.gob.gt")
        );
        assert_eq!(
            contact_href("https://igm.gob.gt/contacto").as_deref(),
            Some("https://igm.gob.gt/contacto")
        );
        assert_eq!(contact_href("llame al 1234"), None);
        assert_eq!(contact_href("javascript:alert(1)"), None);
        assert_eq!(contact_href("a@b"), None);
    }
}
