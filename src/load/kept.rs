//! The reports a build parsed, kept for the next one
//! (`.faro-cache/informes/analizados.txt` in the site folder): reading the
//! YAML of 1,200 front matters was a third of a one-word rebuild's CPU.
//!
//! An entry is found by a hash of the file's path and its whole text, so
//! an edited, moved or renamed file is parsed again; the file's header
//! names the faro that wrote it, so another faro (other parsing rules)
//! starts afresh. What a report depends on besides its text, its photos
//! and original document being there, is looked for again at each use
//! ([`still_valid`]): a report whose photo is gone is parsed again and
//! gets its message. Only reports parsed without a problem are kept.
//!
//! One line per report: `KEY CHECK JSON`, the key and the hash of the JSON
//! in hex. A line whose JSON does not match its check, or does not read
//! back, is ignored, so a damaged cache costs a parse, never a wrong
//! report. The body is not stored: it is the rest of the file. A build
//! adds the lines of the reports it parsed ([`append`]) and writes the
//! file whole ([`write`]) only when many of its lines are no longer used.

use super::LoadedReport;
use super::model::{Period, Report, SourceLines};
use crate::support::fingerprint::Fields;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The cache's folder under the site.
pub const DIR: &str = ".faro-cache/informes";
const FILE: &str = "analizados.txt";
/// Bump when an entry's form changes.
const FORMAT: &str = "faro-informes-analizados 1";

/// The entries a build found, by key; empty when there were none, or none
/// this faro wrote.
#[derive(Default)]
pub(super) struct Kept {
    /// The cache's file, resolved once for reading and writing; `None`
    /// when it cannot be kept (a link on the way).
    file: Option<PathBuf>,
    /// The file's text; `entries` are ranges of it.
    text: String,
    entries: HashMap<u128, (u64, std::ops::Range<usize>)>,
}

/// An entry's key: the file's path as given and its text.
pub(super) fn key(path: &Path, text: &str) -> u128 {
    let mut h = Fields::new();
    h.field(path.as_os_str().as_encoded_bytes());
    h.field(text.as_bytes());
    h.digest128()
}

/// The first line: which faro wrote the entries.
fn header() -> String {
    let mut h = Fields::new();
    h.field(FORMAT.as_bytes());
    h.field(env!("CARGO_PKG_VERSION").as_bytes());
    h.field(crate::support::fingerprint::running_faro().as_bytes());
    format!("{FORMAT} {:016x}", h.digest())
}

fn check(json: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(json.as_bytes())
}

/// The cache's file, its folder made if missing; `None` when a part of
/// the way is a link or cannot be made: then nothing is kept.
fn file(root: &Path) -> Option<PathBuf> {
    crate::support::real_folder::under(root, DIR)
        .ok()
        .map(|dir| dir.join(FILE))
}

impl Kept {
    /// The entries under the site at `root`, if this faro wrote them.
    pub(super) fn read(root: &Path) -> Kept {
        let file = file(root);
        let none = || Kept {
            file: file.clone(),
            ..Kept::default()
        };
        let Some(text) = file.as_ref().and_then(|f| std::fs::read_to_string(f).ok()) else {
            return none();
        };
        let Some((first, _)) = text.split_once('\n') else {
            return none();
        };
        if first != header() {
            return none();
        }
        let mut entries = HashMap::new();
        let mut at = first.len() + 1;
        for line in text[at..].split_inclusive('\n') {
            let start = at;
            at += line.len();
            let mut parts = line.trim_end_matches('\n').splitn(3, ' ');
            let (Some(key_hex), Some(sum_hex), Some(json)) =
                (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let (Ok(key), Ok(sum)) = (
                u128::from_str_radix(key_hex, 16),
                u64::from_str_radix(sum_hex, 16),
            ) else {
                continue;
            };
            let json_start = start + key_hex.len() + 1 + sum_hex.len() + 1;
            entries.insert(key, (sum, json_start..json_start + json.len()));
        }
        Kept {
            file,
            text,
            entries,
        }
    }

    /// The JSON of the entry under `key`, if whole.
    pub(super) fn json(&self, key: u128) -> Option<&str> {
        let (sum, range) = self.entries.get(&key)?;
        let json = self.text.get(range.clone())?;
        (check(json) == *sum).then_some(json)
    }

    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }
}

/// An entry: the report without its body, and what the report's own
/// serialisation leaves out (lines, for messages). Written from borrowed
/// parts (`Entry<&Report, &SourceLines>`), read back as owned ones.
#[derive(Serialize, Deserialize)]
struct Entry<R, L> {
    report: R,
    lines: L,
    correction_lines: Vec<usize>,
    period_line: usize,
    period_col: usize,
}

/// The entry for `loaded`, its body left out; `None` if it cannot be
/// written (a path that is not UTF-8).
pub(super) fn encode(loaded: &mut LoadedReport) -> Option<String> {
    let body = std::mem::take(&mut loaded.report.body);
    let entry = Entry {
        report: &loaded.report,
        lines: &loaded.report.lines,
        correction_lines: loaded.report.corrections.iter().map(|c| c.line).collect(),
        period_line: loaded.period_line,
        period_col: loaded.period_col,
    };
    let json = serde_json::to_string(&entry).ok();
    loaded.report.body = body;
    json
}

/// The report of an entry, with the file's `body` and `body_line`, if the
/// entry reads back as a report of `folder` (`YYYY-MM`), named `source`
/// and read from `file`.
pub(super) fn decode(
    json: &str,
    source: &Path,
    file: &Path,
    folder: &str,
    body: String,
    body_line: usize,
) -> Option<LoadedReport> {
    let entry: Entry<Report, SourceLines> = serde_json::from_str(json).ok()?;
    let mut report = entry.report;
    // The key holds the path and the text, so these agree unless the file
    // was damaged in a way its check did not see: then parse again. The
    // folder matters most: its photos are read from there.
    let period_ok = Period::parse(folder) == Some(report.period);
    if !period_ok
        || report.source != source
        || Some(report.dir.as_path()) != file.parent()
        || entry.correction_lines.len() != report.corrections.len()
    {
        return None;
    }
    for (c, line) in report.corrections.iter_mut().zip(entry.correction_lines) {
        c.line = line;
    }
    report.lines = entry.lines;
    report.body = body;
    report.body_line = body_line;
    Some(LoadedReport {
        source: report.source.clone(),
        period: report.period,
        period_line: entry.period_line,
        period_col: entry.period_col,
        draft: report.draft,
        report,
    })
}

/// Whether what `report` names beside its file is still there: each local
/// photo and the original document, as `found` says.
pub(super) fn still_valid(report: &Report, found: &dyn Fn(&Path) -> bool) -> bool {
    let photos = report
        .photos
        .iter()
        .filter(|p| !p.src.is_empty())
        .all(|p| found(&report.dir.join(&p.src)));
    let document = report
        .source_document
        .as_ref()
        .is_none_or(|name| found(&report.dir.join(name)));
    photos && document
}

/// Writes `entries` (key, JSON) as the cache, whole, best effort: a cache
/// that cannot be written costs the next build a parse, nothing else.
pub(super) fn write(kept: &Kept, entries: &[(u128, &str)]) {
    let Some(path) = &kept.file else {
        return;
    };
    let mut text = header();
    text.push('\n');
    push_lines(&mut text, entries);
    let _ = crate::support::atomic::write(path, text.as_bytes());
    if let Some(dir) = path.parent() {
        crate::support::atomic::remove_left_overs(dir);
    }
}

/// Adds `entries` (key, JSON) at the end of the cache `kept` was read
/// from, which this faro wrote; whether they were added. A one-word
/// rebuild parses one report: adding its line is a few kilobytes, where
/// writing the cache whole was 4 MB on the benchmark archive. A later
/// line wins over an earlier one with its key ([`Kept::read`]); a line cut
/// short (a build killed while adding it) fails its check and is ended
/// here, so the next line is whole.
pub(super) fn append(kept: &Kept, entries: &[(u128, &str)]) -> bool {
    use std::io::{Read as _, Write as _};
    let Some(path) = kept.file.as_ref().filter(|_| !kept.text.is_empty()) else {
        return false;
    };
    let mut text = String::new();
    if !kept.text.ends_with('\n') {
        text.push('\n');
    }
    push_lines(&mut text, entries);
    let mut options = std::fs::OpenOptions::new();
    options.read(true).append(true);
    // The cache's own file, never through a link put in its place.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    let Ok(mut file) = options.open(path) else {
        return false;
    };
    // Still this faro's, as it began when read (with this faro's header):
    // another may have written it whole since, and would take these lines
    // as its own. The check and the write are on one open file, so a file
    // renamed over it meanwhile gets nothing.
    let first = kept.text.split_inclusive('\n').next().unwrap_or_default();
    let mut start = vec![0; first.len()];
    file.metadata().is_ok_and(|m| m.is_file())
        && file.read_exact(&mut start).is_ok()
        && start == first.as_bytes()
        // One write: builds of two outputs of one site may add at once.
        && file.write_all(text.as_bytes()).is_ok()
}

/// Each entry as a line of the cache: `KEY CHECK JSON`.
fn push_lines(text: &mut String, entries: &[(u128, &str)]) {
    use std::fmt::Write as _;
    for (key, json) in entries {
        let _ = writeln!(text, "{key:032x} {:016x} {json}", check(json));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_added_only_to_this_faro_s_cache() {
        let root = tempfile::tempdir().expect("temp dir");
        let empty = Kept::read(root.path());
        assert!(!append(&empty, &[(1, "{}")]), "no cache to add to");
        write(&empty, &[(1, "{\"a\":1}")]);
        let kept = Kept::read(root.path());
        assert_eq!(kept.json(1), Some("{\"a\":1}"));
        assert!(append(&kept, &[(2, "{\"b\":2}")]));
        let again = Kept::read(root.path());
        assert_eq!(
            (again.json(1), again.json(2)),
            (Some("{\"a\":1}"), Some("{\"b\":2}"))
        );
        // Written whole by another faro since it was read: left alone.
        let path = again.file.clone().expect("file");
        let other = "faro-informes-analizados 1 0000000000000000\n";
        std::fs::write(&path, other).expect("write");
        assert!(!append(&again, &[(3, "{}")]));
        assert_eq!(std::fs::read_to_string(&path).expect("read"), other);
    }

    #[cfg(unix)]
    #[test]
    fn lines_are_never_added_through_a_link() {
        let root = tempfile::tempdir().expect("temp dir");
        write(&Kept::read(root.path()), &[(1, "{}")]);
        let kept = Kept::read(root.path());
        let path = kept.file.clone().expect("file");
        // The cache's file replaced by a link to a copy of it elsewhere.
        let elsewhere = root.path().join("elsewhere.txt");
        std::fs::rename(&path, &elsewhere).expect("move");
        std::os::unix::fs::symlink(&elsewhere, &path).expect("link");
        let before = std::fs::read_to_string(&elsewhere).expect("read");
        assert!(!append(&kept, &[(2, "{}")]));
        assert_eq!(std::fs::read_to_string(&elsewhere).expect("read"), before);
    }
}
