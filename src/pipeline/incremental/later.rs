//! The large files an update writes after the browsers are told to reload
//! (the archive-wide data files, some 6 MB at 1,200 reports, rewritten on
//! every change of a value), and the gate that keeps the preview server
//! from answering with their old bytes meanwhile.
//!
//! An update makes and hashes every file before the reload event, as
//! before; only the writing of these few waits. Their names go into the
//! gate before the update returns, so before any request can follow the
//! event, and leave it once written (or once writing failed); a request for
//! one of them waits at the gate ([`wait_until_written`]). The next update,
//! a full rebuild and dropping the preview all wait for the writing first
//! ([`Later::settle`]), so nothing older is ever written over anything newer.

use crate::support::diag::Diagnostics;
use crate::write::output::Output;
use crate::write::{self, InPlace};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Files at least this large, already in the output, are written later in
/// `faro serve` (see `Preview::write_later`).
pub const LARGE_FILE: usize = 512 * 1024;

/// The longest a request waits at the gate: writing a few megabytes takes
/// milliseconds; a disk that hangs must not hang the preview with it.
const LONGEST_WAIT: Duration = Duration::from_secs(10);

/// The output names (`datos/informes.json`) being written later.
static GATE: (Mutex<Option<HashSet<String>>>, Condvar) = (Mutex::new(None), Condvar::new());

/// Waits while the file `name` (relative to the output, `/`-separated) is
/// being written after a reload event: what is served then is its new bytes.
pub fn wait_until_written(name: &str) {
    let (lock, written) = &GATE;
    let start = Instant::now();
    let mut pending = lock.lock().unwrap_or_else(PoisonError::into_inner);
    while pending.as_ref().is_some_and(|p| p.contains(name)) {
        let Some(left) = LONGEST_WAIT.checked_sub(start.elapsed()) else {
            return;
        };
        pending = written
            .wait_timeout(pending, left)
            .unwrap_or_else(PoisonError::into_inner)
            .0;
    }
}

fn close_gate(names: &[String]) {
    let mut pending = GATE.0.lock().unwrap_or_else(PoisonError::into_inner);
    pending
        .get_or_insert_with(HashSet::new)
        .extend(names.iter().cloned());
}

fn open_gate(names: &[String]) {
    let mut pending = GATE.0.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(p) = pending.as_mut() {
        for name in names {
            p.remove(name);
        }
    }
    GATE.1.notify_all();
}

/// The output folder's writer, and the writing in progress, if any.
pub(super) struct Later {
    target: PathBuf,
    written: Arc<Mutex<InPlace>>,
    writing: Mutex<Option<JoinHandle<Result<(), Diagnostics>>>>,
}

impl Later {
    pub(super) fn new(target: PathBuf, written: InPlace) -> Later {
        Later {
            target,
            written: Arc::new(Mutex::new(written)),
            writing: Mutex::new(None),
        }
    }

    /// Waits for the writing in progress; its failure, if it failed.
    pub(super) fn settle(&self) -> Result<(), Diagnostics> {
        let handle = self
            .writing
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        match handle.map(JoinHandle::join) {
            None | Some(Ok(Ok(()))) => Ok(()),
            Some(Ok(Err(diags))) => Err(diags),
            // Writing panicked: what it wrote is unknown.
            Some(Err(_)) => Err(Diagnostics::default()),
        }
    }

    /// Writes `now` (recording it only if there is nothing to write
    /// `later`), under the output's lock; then, on a thread of its own that
    /// holds the lock until it is done, writes `later` and records both.
    /// Call [`Later::settle`] first.
    pub(super) fn apply(
        &self,
        now: &[(Output, u64)],
        remove: &[PathBuf],
        photos: &[PathBuf],
        later: Vec<(Output, u64)>,
    ) -> Result<(), Diagnostics> {
        let lock = write::lock_output(&self.target, || {})?;
        self.written
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .apply(now, remove, photos, later.is_empty())?;
        if later.is_empty() {
            return Ok(());
        }
        let names: Vec<String> = later
            .iter()
            .map(|(o, _)| o.path.as_str().to_string())
            .collect();
        close_gate(&names);
        let written = Arc::clone(&self.written);
        let writing = names.clone();
        let spawned = std::thread::Builder::new()
            .name("faro-write-later".into())
            .spawn(move || {
                let _lock = lock;
                let result = written
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .apply(&later, &[], &[], true);
                open_gate(&writing);
                result
            });
        match spawned {
            Ok(handle) => {
                *self.writing.lock().unwrap_or_else(PoisonError::into_inner) = Some(handle);
                Ok(())
            }
            Err(e) => {
                open_gate(&names);
                Err(crate::problem!(
                    "write-cannot-write",
                    &self.target,
                    0,
                    0,
                    error = crate::support::i18n::error_text(&e)
                )
                .into())
            }
        }
    }

    /// Records photos placed in the folder already (see
    /// `Preview::process_photos`); the caller holds the output's lock.
    pub(super) fn record_photos(&self, placed: &[PathBuf]) -> Result<(), Diagnostics> {
        let mut written = self.written.lock().unwrap_or_else(PoisonError::into_inner);
        written.apply(&[], &[], placed, true)
    }
}

impl Drop for Later {
    fn drop(&mut self) {
        // Nothing may be left writing into an output someone else takes over.
        let _ = self.settle();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};

    #[test]
    fn a_request_waits_at_the_gate_until_the_file_is_written() {
        let name = "datos/gate-test.json".to_string();
        close_gate(std::slice::from_ref(&name));
        let through = Arc::new(AtomicBool::new(false));
        let waiting = {
            let (name, through) = (name.clone(), Arc::clone(&through));
            std::thread::spawn(move || {
                wait_until_written(&name);
                through.store(true, Ordering::SeqCst);
            })
        };
        std::thread::sleep(Duration::from_millis(50));
        assert!(
            !through.load(Ordering::SeqCst),
            "went through a closed gate"
        );
        // Other files are not held up meanwhile.
        wait_until_written("datos/other.json");
        open_gate(&[name]);
        waiting.join().expect("waiting thread");
        assert!(through.load(Ordering::SeqCst));
    }
}
