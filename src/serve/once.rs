//! The preview's warnings, each printed once until it changes.
//!
//! Every save rebuilds and the build reports every warning of the site
//! again: printed each time, the same three warnings scroll past on every
//! keystroke-and-save and hide what the save did. The terminal gets a
//! file's warnings only when they differ from those it printed for that
//! file last time; a warning that goes away and comes back is printed
//! again. The browser's overlay still shows them all (`reload::Hub`).

use crate::support::diag::Diagnostic;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// What a warning is, apart from where: the same warning one line lower
/// (a line added above it) is not new.
type Key = (&'static str, String);

/// The warnings last printed, by file.
#[derive(Debug, Default)]
pub struct Printed {
    last: BTreeMap<PathBuf, BTreeSet<Key>>,
}

impl Printed {
    /// The warnings of this build worth printing: those not printed for
    /// their file last time. Remembers this build's as the last ones (a
    /// file with none forgets its own). Returns them and how many were
    /// left out as already shown. Pure but for `self`.
    pub fn fresh(&mut self, warnings: &[Diagnostic]) -> (Vec<Diagnostic>, usize) {
        let mut now: BTreeMap<PathBuf, BTreeSet<Key>> = BTreeMap::new();
        let mut fresh = Vec::new();
        let mut repeated = 0;
        for w in warnings {
            let key = (w.code, w.message.clone());
            let before = self.last.get(&w.path).is_some_and(|k| k.contains(&key));
            if before {
                repeated += 1;
            } else {
                fresh.push(w.clone());
            }
            now.entry(w.path.clone()).or_default().insert(key);
        }
        self.last = now;
        (fresh, repeated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warning(path: &str, line: usize, message: &str) -> Diagnostic {
        Diagnostic::warning(path, line, 0, message).with_code("quality-formula-cell")
    }

    #[test]
    fn a_warning_is_printed_once_until_it_changes() {
        let mut printed = Printed::default();
        let a = warning("content/a.md", 3, "uno");
        let b = warning("content/a.md", 5, "dos");
        let c = warning("content/b.md", 7, "tres");
        let first = vec![a.clone(), b.clone(), c.clone()];
        assert_eq!(printed.fresh(&first), (first.clone(), 0));
        // The same save again: nothing new.
        assert_eq!(printed.fresh(&first), (vec![], 3));
        // One line lower is the same warning.
        let lower = warning("content/a.md", 4, "uno");
        assert_eq!(
            printed.fresh(&[lower.clone(), b.clone(), c.clone()]),
            (vec![], 3)
        );
        // A new one is printed, the others are not.
        let d = warning("content/a.md", 9, "cuatro");
        assert_eq!(
            printed.fresh(&[lower.clone(), b.clone(), d.clone(), c.clone()]),
            (vec![d.clone()], 3)
        );
        // `b` goes away, then comes back: printed again.
        assert_eq!(printed.fresh(&[lower.clone(), c.clone()]), (vec![], 2));
        assert_eq!(
            printed.fresh(&[lower.clone(), b.clone(), c.clone()]),
            (vec![b.clone()], 2)
        );
        // The same message in another file is that file's own.
        let elsewhere = warning("content/c.md", 3, "uno");
        assert_eq!(
            printed.fresh(std::slice::from_ref(&elsewhere)),
            (vec![elsewhere.clone()], 0)
        );
    }
}
