//! The one hasher of faro's fingerprints (the render cache's settings,
//! the search index's record): fields, each hashed with its length, so that
//! no two lists hash alike by moving bytes from one field to the next.

use xxhash_rust::xxh3::Xxh3;

/// A hash of fields, in order.
#[derive(Default, Clone)]
pub struct Fields(Xxh3);

impl Fields {
    pub fn new() -> Self {
        Fields::default()
    }

    /// Adds one field: its length, then its bytes.
    pub fn field(&mut self, bytes: &[u8]) {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }

    /// The 64-bit hash of the fields so far.
    pub fn digest(&self) -> u64 {
        self.0.digest()
    }

    /// The 128-bit hash of the fields so far.
    pub fn digest128(&self) -> u128 {
        self.0.digest128()
    }
}

/// The running faro binary's path, size and time: a faro built anew
/// (same version, other code) never trusts another's cache.
pub fn running_faro() -> String {
    let Ok(exe) = std::env::current_exe() else {
        return String::new();
    };
    let meta = std::fs::metadata(&exe).ok();
    let modified = meta
        .as_ref()
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let len = meta.map_or(0, |m| m.len());
    format!("{} {len} {modified}", exe.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_moved_between_fields_change_the_hash() {
        let hash = |fields: &[&[u8]]| {
            let mut h = Fields::new();
            fields.iter().for_each(|f| h.field(f));
            h.digest()
        };
        assert_ne!(hash(&[b"ab", b"c"]), hash(&[b"a", b"bc"]));
        assert_eq!(hash(&[b"ab", b"c"]), hash(&[b"ab", b"c"]));
    }
}
