//! The render cache: which files each render job made, so that `faro build`
//! over an existing output renders only the jobs whose input changed.
//!
//! Rendering every page of a large archive is most of a rebuild's time,
//! although an edit changes few of them. Each render job has a fingerprint
//! of the model data it reads (`render::fingerprints`); everything else a
//! page reads (templates, theme, `site.yaml`, definitions, faro itself,
//! `--drafts`, hashed asset names) goes into one "settings" hash. A job made
//! under the same settings from the same fingerprint makes the same bytes,
//! so the cache is a memo, true whichever folder holds the files: job →
//! (fingerprint, each file's path and hash). A rebuild keeps a job's files
//! when the staging folder holds exactly them by its manifest (a `stat`
//! each), and renders the job otherwise.
//!
//! The cache is faro's own file beside the output's manifest
//! (`.public.faro-render-cache`), written whole to a temporary name and
//! renamed. It is never trusted beyond what it can check: a cache whose
//! checksum, header or settings do not match is empty, and a file it lists
//! counts only if the staging folder's manifest lists the same hash and the
//! file is untouched since.

use crate::render::{Input, JobKey};
use crate::write::output::OutputPath;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use xxhash_rust::xxh3::xxh3_64;

/// The first line; another one is another format, never read.
const HEADER: &str = "faro-render-cache 1";

/// One job's files: path and hash of the bytes.
pub type Files = Vec<(OutputPath, u64)>;

/// What the last build recorded, by job key (its JSON).
#[derive(Default)]
pub struct RenderCache {
    jobs: HashMap<String, (u64, Files)>,
}

/// The text by which a job is known in the cache.
pub fn key_text(key: &JobKey) -> String {
    serde_json::to_string(key).unwrap_or_default()
}

impl RenderCache {
    /// Reads the cache at `path`; empty when missing, damaged or made under
    /// other `settings`.
    pub fn read(path: &Path, settings: u64) -> RenderCache {
        std::fs::read_to_string(path)
            .ok()
            .and_then(|text| parse(&text, settings))
            .unwrap_or_default()
    }

    /// The files job `key` made from `fingerprint`, if recorded.
    pub fn files(&self, key: &str, fingerprint: u64) -> Option<&Files> {
        self.jobs
            .get(key)
            .filter(|(f, _)| *f == fingerprint)
            .map(|(_, files)| files)
    }
}

/// The cache's text: header, settings, a checksum of the rest, then each
/// job (`fingerprint key`) followed by its files (` hash path`).
pub fn text<'a>(settings: u64, jobs: impl Iterator<Item = (String, u64, &'a Files)>) -> String {
    let mut body = String::new();
    for (key, fingerprint, files) in jobs {
        let _ = writeln!(body, "{fingerprint:016x} {key}");
        for (path, hash) in files {
            let _ = writeln!(body, " {hash:016x} {}", path.as_str());
        }
    }
    format!(
        "{HEADER}\n{settings:016x}\n{:016x}\n{body}",
        xxh3_64(body.as_bytes())
    )
}

/// The cache in `text`, if it is whole and made under `settings`.
fn parse(text: &str, settings: u64) -> Option<RenderCache> {
    let mut parts = text.splitn(4, '\n');
    if parts.next()? != HEADER || parts.next()? != format!("{settings:016x}") {
        return None;
    }
    let checksum = parts.next()?;
    let body = parts.next()?;
    if checksum != format!("{:016x}", xxh3_64(body.as_bytes())) {
        return None;
    }
    let mut cache = RenderCache::default();
    let mut job: Option<(String, u64, Files)> = None;
    for line in body.lines() {
        if let Some(file) = line.strip_prefix(' ') {
            let (hash, path) = file.split_once(' ')?;
            let hash = u64::from_str_radix(hash, 16).ok()?;
            job.as_mut()?.2.push((OutputPath::new(path).ok()?, hash));
        } else {
            let (fingerprint, key) = line.split_once(' ')?;
            let fingerprint = u64::from_str_radix(fingerprint, 16).ok()?;
            if let Some((k, f, files)) = job.replace((key.to_string(), fingerprint, Vec::new())) {
                cache.jobs.insert(k, (f, files));
            }
        }
    }
    if let Some((k, f, files)) = job {
        cache.jobs.insert(k, (f, files));
    }
    Some(cache)
}

/// Writes `text` at `path` through a temporary file renamed over it; on
/// failure nothing is left but, at worst, the old cache (which is still
/// true: it is a memo).
pub fn write(path: &Path, text: &str) -> std::io::Result<()> {
    let temp = path.with_extension("faro-tmp");
    let written = std::fs::write(&temp, text).and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// Everything besides the model data of the fingerprints that rendered
/// bytes depend on, as one hash: faro itself, `site.yaml` (base URL
/// included), the theme's templates and static files, the definitions,
/// drafts and hashed asset names.
pub fn settings(input: &Input<'_>, drafts: bool) -> u64 {
    let mut h = crate::support::fingerprint::Fields::new();
    let mut field = |bytes: &[u8]| h.field(bytes);
    field(HEADER.as_bytes());
    field(env!("CARGO_PKG_VERSION").as_bytes());
    field(crate::support::fingerprint::running_faro().as_bytes());
    field(&serde_json::to_vec(input.config).unwrap_or_default());
    field(&serde_json::to_vec(&input.archive.definitions).unwrap_or_default());
    for (name, template) in &input.theme.templates {
        field(name.as_bytes());
        field(template.source.as_bytes());
        field(template.origin.to_string_lossy().as_bytes());
    }
    for (name, bytes) in &input.theme.static_files {
        field(name.as_bytes());
        field(bytes);
    }
    field(&[u8::from(drafts), u8::from(input.hashed_assets)]);
    h.digest()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, u64)]) -> Files {
        list.iter()
            .map(|(p, h)| (OutputPath::new(*p).expect("path"), *h))
            .collect()
    }

    #[test]
    fn a_cache_reads_back_only_under_its_settings_and_whole() {
        let home = files(&[("index.html", 1), ("index.json", 2)]);
        let year = files(&[("informes/2024/index.html", 3)]);
        let jobs = [
            (String::from("\"Home\""), 10, &home),
            (String::from("{\"Year\":2024}"), 20, &year),
        ];
        let text = text(7, jobs.into_iter());
        let cache = parse(&text, 7).expect("read back");
        assert_eq!(cache.files("\"Home\"", 10), Some(&home));
        assert_eq!(cache.files("{\"Year\":2024}", 20), Some(&year));
        assert_eq!(cache.files("\"Home\"", 11), None, "another fingerprint");
        assert_eq!(cache.files("\"Archive\"", 10), None);
        assert!(parse(&text, 8).is_none(), "other settings");
        let damaged = text.replace("index.json", "index.jsom");
        assert!(parse(&damaged, 7).is_none(), "a damaged cache");
        let cut = &text[..text.len() - 5];
        assert!(parse(cut, 7).is_none(), "a cut cache");
    }

    #[test]
    fn a_cache_naming_a_path_outside_the_output_is_refused() {
        let body = "000000000000000a \"Home\"\n 0000000000000001 ../x.html\n";
        let text = format!(
            "{HEADER}\n{:016x}\n{:016x}\n{body}",
            7,
            xxh3_64(body.as_bytes())
        );
        assert!(parse(&text, 7).is_none());
    }
}
