//! The manifest kept beside each folder a build writes: every file's stamp
//! and hash, so that an unchanged file costs a `stat`, not a read.

use rustc_hash::FxHashMap;
use std::fs::Metadata;
use std::path::Path;

/// What a file looked like right after a build wrote (or kept) it. If it
/// still looks the same, nobody has written to it since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    pub(super) len: u64,
    pub(super) modified_ns: i128,
    pub(super) inode: u64,
}

impl Stamp {
    #[cfg(unix)]
    pub(super) fn of(meta: &Metadata) -> Stamp {
        use std::os::unix::fs::MetadataExt;
        Stamp {
            len: meta.len(),
            modified_ns: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
            inode: meta.ino(),
        }
    }

    #[cfg(not(unix))]
    pub(super) fn of(meta: &Metadata) -> Stamp {
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i128);
        Stamp {
            len: meta.len(),
            modified_ns,
            inode: 0,
        }
    }
}

/// The first line of a manifest that lists every file faro wrote (photos
/// included), so that any other file in the folder is someone else's.
pub(super) const MANIFEST_HEADER: &str = "faro-manifest 2";

/// A folder's files as a build left them: path → (stamp, hash of the bytes).
/// A file whose stamp still matches holds the bytes of that hash, so an
/// unchanged output costs a `stat` instead of reading the file back. A file
/// changed since, or a manifest that belongs to another folder after an
/// interrupted swap, fails to match and is compared byte by byte.
#[derive(Default)]
pub(super) struct Manifest {
    /// The entries whose stamps can be trusted.
    pub(super) entries: FxHashMap<String, (Stamp, u64)>,
    /// Every path listed, the files faro wrote, with their entries,
    /// trusted or not.
    pub(super) owned: FxHashMap<String, (Stamp, u64)>,
    pub(super) exists: bool,
    pub(super) lists_every_file: bool,
}

impl Manifest {
    /// An empty manifest with room for `files` entries.
    pub(super) fn with_capacity(files: usize) -> Manifest {
        Manifest {
            entries: FxHashMap::with_capacity_and_hasher(files, Default::default()),
            ..Manifest::default()
        }
    }

    /// Reads a manifest; a missing or damaged one is (partly) empty.
    pub(super) fn read(path: &Path) -> Manifest {
        let Ok(written) = std::fs::metadata(path).map(|m| Stamp::of(&m).modified_ns) else {
            return Manifest::default();
        };
        let text = std::fs::read_to_string(path).unwrap_or_default();
        // Sized once from the text (lines run about 90 bytes) rather than
        // grown and rehashed along the way.
        let mut manifest = Manifest {
            exists: true,
            lists_every_file: text.lines().next() == Some(MANIFEST_HEADER),
            owned: FxHashMap::with_capacity_and_hasher(text.len() / 80, Default::default()),
            ..Manifest::with_capacity(text.len() / 80)
        };
        for (path, (stamp, hash)) in text.lines().filter_map(parse_entry) {
            manifest.owned.insert(path.clone(), (stamp, hash));
            // A file modified in the same clock tick as the manifest was
            // written could have changed again unseen (timestamps are
            // coarse): such entries are not trusted, as git does. `write`
            // dates the manifest after its newest file, so this catches
            // files changed after the manifest was written.
            if stamp.modified_ns < written {
                manifest.entries.insert(path, (stamp, hash));
            }
        }
        manifest
    }

    /// A header, then one line per file: `hash len modified_ns inode path`.
    pub(super) fn write(&self, path: &Path) -> std::io::Result<()> {
        use std::fmt::Write;
        let mut text = String::with_capacity(self.entries.len() * 96);
        text.push_str(MANIFEST_HEADER);
        text.push('\n');
        for (p, (s, hash)) in &self.entries {
            let _ = writeln!(
                text,
                "{hash:016x} {} {} {} {p}",
                s.len, s.modified_ns, s.inode
            );
        }
        // A manifest's name is faro's own: a link there is replaced.
        let mut file = super::nofollow::create_file(path, super::nofollow::OnLink::Replace)?;
        std::io::Write::write_all(&mut file, text.as_bytes())?;
        // Entries are trusted only when older than the manifest (see
        // `read`). File times move in clock ticks of a few ms, so the files
        // written last often share the manifest's tick and would be made
        // again next time: date it after the newest one instead.
        let newest = self.entries.values().map(|(s, _)| s.modified_ns).max();
        for _ in 0..20 {
            let now = std::time::SystemTime::now();
            let now_ns = now
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i128::try_from(d.as_nanos()).unwrap_or(i128::MAX));
            if newest.is_none_or(|n| now_ns > n) {
                return file.set_modified(now);
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        Ok(())
    }
}

fn parse_entry(line: &str) -> Option<(String, (Stamp, u64))> {
    let mut f = line.splitn(5, ' ');
    let hash = u64::from_str_radix(f.next()?, 16).ok()?;
    let len = f.next()?.parse().ok()?;
    let modified_ns = f.next()?.parse().ok()?;
    let inode = f.next()?.parse().ok()?;
    let path = f.next()?.to_string();
    let stamp = Stamp {
        len,
        modified_ns,
        inode,
    };
    Some((path, (stamp, hash)))
}
