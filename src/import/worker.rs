//! The fence around reading a document: every file `faro import` reads is
//! parsed in a child process (faro itself, `faro __import-worker`), one
//! per document, with the kernel's limits on its memory and CPU time and a
//! wall-clock limit kept by the importing process, which kills it.
//!
//! The importing process opens the file (only a regular file, see
//! [`read_regular`]) and hands its bytes to the worker on standard input;
//! the worker runs the reader (`import::read_document`: bytes → the text
//! model) and answers on standard output with the `Document` as JSON after
//! a fixed first line. The importing process never parses a byte of the
//! document: it only reads the worker's answer, up to a size cap. A worker
//! that crashes, aborts, overflows its stack, runs out of memory or time
//! is that one file's refusal; the other files go on.

use super::Limits;
use super::doc::Document;
use crate::t;
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The hidden first argument that makes faro a worker.
pub const ARG: &str = "__import-worker";

/// The first line of a worker's answer.
const MAGIC: &[u8] = b"faro-import-worker 1\n";

/// What the worker's standard error may hold: enough for the runtime's
/// last words ("memory allocation of … failed", "has overflowed its stack").
const STDERR_CAP: u64 = 64 * 1024;

/// The worker's answer.
#[derive(Serialize, Deserialize)]
enum Reply {
    Read(Document),
    Refused(String),
}

/// What the worker is told on its command line.
#[derive(Serialize, Deserialize)]
struct Task {
    ext: String,
    limits: Limits,
}

/// When this process was started as a worker, does the worker's job and
/// returns its exit code; `None` otherwise. `main` calls it first.
pub fn main_if_worker() -> Option<u8> {
    let mut args = std::env::args_os().skip(1);
    if args.next().as_deref() != Some(std::ffi::OsStr::new(ARG)) {
        return None;
    }
    let task = args
        .next()
        .and_then(|a| serde_json::from_str::<Task>(&a.to_string_lossy()).ok());
    Some(match task {
        Some(task) => serve(&task),
        None => 2,
    })
}

/// The worker: the document's bytes from standard input, the reply to
/// standard output.
fn serve(task: &Task) -> u8 {
    let mut bytes = Vec::new();
    if std::io::stdin()
        .lock()
        .take(task.limits.max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .is_err()
    {
        return 3;
    }
    #[cfg(debug_assertions)]
    misbehave(&bytes);
    // A parser's panic is this document's refusal, said once in the reply.
    std::panic::set_hook(Box::new(|_| {}));
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        super::read_document(&task.ext, &bytes, &task.limits)
    }));
    drop(bytes);
    let reply = match read {
        Ok(Ok(doc)) => Reply::Read(doc),
        Ok(Err(why)) => Reply::Refused(why),
        Err(panic) => {
            let why = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| t!("import-no-detail"));
            Reply::Refused(t!(
                "import-reader-failed",
                kind = task.ext.to_uppercase(),
                why = why
            ))
        }
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = out
        .write_all(MAGIC)
        .map_err(serde_json::Error::io)
        .and_then(|()| serde_json::to_writer(&mut out, &reply))
        .and_then(|()| out.flush().map_err(serde_json::Error::io));
    if written.is_ok() { 0 } else { 4 }
}

/// Test hook (debug builds only, with `FARO_TEST_WORKER=1`): a document
/// that starts `FARO-TEST-WORKER how` makes the worker fail in that way,
/// the way a reader could: `spin` (CPU for ever), `sleep` (for ever),
/// `memory` (until none is left), `stack` (recursion without end),
/// `abort`, `garble` (an answer that is not one). The tests of every
/// ending use it; a release build has no such path.
#[cfg(debug_assertions)]
fn misbehave(bytes: &[u8]) {
    if std::env::var_os("FARO_TEST_WORKER").is_none() {
        return;
    }
    let Some(how) = bytes.strip_prefix(b"FARO-TEST-WORKER ") else {
        return;
    };
    let how = how.split(|b| b.is_ascii_whitespace()).next().unwrap_or(b"");
    match how {
        b"spin" => {
            let mut n = 0u64;
            loop {
                n = std::hint::black_box(n.wrapping_add(1));
            }
        }
        b"sleep" => loop {
            std::thread::sleep(Duration::from_secs(3600));
        },
        b"memory" => {
            let mut held: Vec<Vec<u8>> = Vec::new();
            loop {
                held.push(vec![1u8; 16 << 20]);
                std::hint::black_box(&held);
            }
        }
        b"stack" => {
            #[allow(unconditional_recursion)]
            fn deeper(n: u64) -> u64 {
                let pad = std::hint::black_box([n; 64]);
                deeper(n + 1) + pad[0]
            }
            std::hint::black_box(deeper(0));
        }
        b"abort" => std::process::abort(),
        b"garble" => {
            let _ = std::io::stdout().write_all(MAGIC);
            let _ = std::io::stdout().write_all(b"{not json");
            std::process::exit(0);
        }
        _ => {}
    }
}

/// Reads `bytes` (a document of kind `ext`) in a worker started from
/// `exe`, within `limits`. Every way the worker can fail is a message.
pub fn read_fenced(
    exe: &Path,
    ext: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Document, String> {
    let child = spawn(exe, ext, limits)?;
    let reply_cap = reply_cap(limits);
    let (ending, reply, status, said) = converse(child, bytes, limits, reply_cap)?;
    let said = String::from_utf8_lossy(&said);
    match ending {
        Ending::TimedOut => return Err(time_limit(limits)),
        Ending::TooLarge => {
            return Err(t!("import-worker-reply-too-large", limit = size(reply_cap)));
        }
        Ending::Exited => {}
    }
    let success = status.is_some_and(|s| s.success());
    if !success {
        return Err(failure(ext, status, &said, limits));
    }
    let json = reply
        .strip_prefix(MAGIC)
        .ok_or_else(|| t!("import-worker-no-reply", error = "no answer"))?;
    match serde_json::from_slice::<Reply>(json) {
        Ok(Reply::Read(doc)) => Ok(doc),
        Ok(Reply::Refused(why)) => Err(why),
        Err(e) => Err(t!("import-worker-no-reply", error = e.to_string())),
    }
}

/// The worker for a document of kind `ext`, started inside its fence.
fn spawn(exe: &Path, ext: &str, limits: &Limits) -> Result<std::process::Child, String> {
    let task = serde_json::to_string(&Task {
        ext: ext.to_string(),
        limits: *limits,
    })
    .map_err(|e| {
        t!(
            "import-worker-start-failed",
            error = crate::support::i18n::error_text(&e)
        )
    })?;
    let lang = match crate::support::i18n::lang() {
        crate::support::i18n::Lang::Es => "es",
        crate::support::i18n::Lang::En => "en",
    };
    let mut cmd = Command::new(exe);
    cmd.arg(ARG)
        .arg(task)
        .env("FARO_LANG", lang)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    fence(&mut cmd, limits);
    cmd.spawn().map_err(|e| {
        t!(
            "import-worker-start-failed",
            error = crate::support::i18n::error_text(&e)
        )
    })
}

/// What one conversation with a worker gave: how it ended, its reply (at
/// most `reply_cap` bytes), its exit status and what it said on stderr.
type Conversation = (Ending, Vec<u8>, Option<std::process::ExitStatus>, Vec<u8>);

/// Hands `bytes` to `child` and reads its reply and its stderr, each on a
/// thread of its own, until it exits or the time limit; a worker still
/// running then, or replying too much, is stopped.
fn converse(
    mut child: std::process::Child,
    bytes: &[u8],
    limits: &Limits,
    reply_cap: u64,
) -> Result<Conversation, String> {
    let (Some(mut stdin), Some(stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(t!("import-worker-start-failed", error = "no pipes"));
    };
    let deadline = Instant::now() + Duration::from_secs(limits.max_seconds);
    Ok(std::thread::scope(|s| {
        // A worker that dies early closes its end: the write fails, no more.
        s.spawn(move || {
            let _ = stdin.write_all(bytes);
        });
        let said = s.spawn(move || read_capped(stderr, STDERR_CAP).0);
        let (tx, rx) = std::sync::mpsc::channel();
        s.spawn(move || {
            let _ = tx.send(read_capped(stdout, reply_cap));
        });
        let left = deadline.saturating_duration_since(Instant::now());
        let (reply, mut ending) = match rx.recv_timeout(left) {
            Ok((reply, false)) => (reply, Ending::Exited),
            Ok((_, true)) => (Vec::new(), Ending::TooLarge),
            Err(_) => (Vec::new(), Ending::TimedOut),
        };
        // The answer is complete (or refused): the worker should be gone
        // by the deadline; if it is not, it is stopped.
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if matches!(ending, Ending::Exited) && Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                _ => {
                    let _ = child.kill();
                    if matches!(ending, Ending::Exited) {
                        ending = Ending::TimedOut;
                    }
                    break child.wait().ok();
                }
            }
        };
        let said = said.join().unwrap_or_default();
        (ending, reply, status, said)
    }))
}

enum Ending {
    Exited,
    TimedOut,
    TooLarge,
}

/// How much of the worker's answer is read: images travel as hex, twice
/// their size, and the worker holds at most its memory limit.
fn reply_cap(limits: &Limits) -> u64 {
    limits.max_memory.saturating_mul(2).saturating_add(1 << 20)
}

/// Up to `cap` bytes of `from`; true when there was more.
fn read_capped(from: impl Read, cap: u64) -> (Vec<u8>, bool) {
    let mut out = Vec::new();
    let mut from = from.take(cap.saturating_add(1));
    let _ = from.read_to_end(&mut out);
    let over = out.len() as u64 > cap;
    out.truncate(usize::try_from(cap).unwrap_or(usize::MAX));
    (out, over)
}

/// Why a worker that did not answer failed, from how it ended and its
/// runtime's last words on standard error.
fn failure(
    ext: &str,
    status: Option<std::process::ExitStatus>,
    said: &str,
    limits: &Limits,
) -> String {
    #[cfg(unix)]
    let signal = {
        use std::os::unix::process::ExitStatusExt;
        status.and_then(|s| s.signal())
    };
    #[cfg(not(unix))]
    let signal: Option<i32> = None;
    if said.contains("memory allocation of") || said.contains("out of memory") {
        return t!("import-worker-memory", limit = size(limits.max_memory));
    }
    if said.contains("overflowed its stack") {
        return t!("import-worker-too-deep");
    }
    #[cfg(unix)]
    if signal == Some(libc::SIGXCPU) || signal == Some(libc::SIGKILL) {
        // SIGKILL: the hard CPU limit, a second after the soft one.
        return time_limit(limits);
    }
    let why = match (signal, status.and_then(|s| s.code())) {
        (Some(sig), _) => t!("import-worker-signal", signal = sig),
        (None, Some(code)) => t!("import-worker-exit-code", code = code),
        (None, None) => t!("import-no-detail"),
    };
    t!(
        "import-worker-crashed",
        kind = ext.to_uppercase(),
        why = why
    )
}

fn time_limit(limits: &Limits) -> String {
    t!("import-worker-time", seconds = limits.max_seconds)
}

/// `1 GiB`, `512 MiB`: a limit as the options take it.
pub fn size(bytes: u64) -> String {
    const MIB: u64 = 1 << 20;
    const GIB: u64 = 1 << 30;
    if bytes >= GIB && bytes % GIB == 0 {
        format!("{} GiB", bytes / GIB)
    } else {
        format!("{} MiB", bytes.div_ceil(MIB))
    }
}

/// The kernel's limits for the worker, set in the child between fork and
/// exec: address space, CPU seconds (SIGXCPU, then SIGKILL a second
/// later), no core dump, no file written.
#[cfg(unix)]
fn fence(cmd: &mut Command, limits: &Limits) {
    use std::os::unix::process::CommandExt;
    let memory = limits.max_memory as libc::rlim_t;
    let cpu = limits.max_seconds as libc::rlim_t;
    let set = move |what, soft: libc::rlim_t, hard: libc::rlim_t| {
        let l = libc::rlimit {
            rlim_cur: soft,
            rlim_max: hard,
        };
        // SAFETY: setrlimit only reads `l`; it is async-signal-safe, as
        // code between fork and exec must be.
        if unsafe { libc::setrlimit(what, &l) } == 0 {
            Ok(())
        } else {
            Err(std::io::Error::last_os_error())
        }
    };
    // SAFETY: the closure calls only setrlimit (async-signal-safe) and
    // allocates nothing.
    unsafe {
        cmd.pre_exec(move || {
            set(libc::RLIMIT_AS, memory, memory)?;
            set(libc::RLIMIT_CPU, cpu, cpu.saturating_add(1))?;
            set(libc::RLIMIT_CORE, 0, 0)?;
            set(libc::RLIMIT_FSIZE, 0, 0)?;
            Ok(())
        });
    }
}

#[cfg(not(unix))]
fn fence(_cmd: &mut Command, _limits: &Limits) {}

/// The file's bytes, if it is a regular file (a symbolic link to one is
/// followed) of at most `max_bytes`. A folder, a device, a FIFO or a
/// socket is refused before it is opened; the opened file is checked
/// again (it must be the file that was looked at), and it is opened
/// without blocking, so a FIFO swapped in meanwhile cannot hang the import.
pub fn read_regular(file: &Path, max_bytes: u64) -> Result<Vec<u8>, String> {
    let unreadable = |e: std::io::Error| {
        t!(
            "import-unreadable",
            error = crate::support::i18n::error_text(&e)
        )
    };
    let meta = std::fs::metadata(file).map_err(unreadable)?;
    not_regular(&meta)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let f = options.open(file).map_err(unreadable)?;
    let opened = f.metadata().map_err(unreadable)?;
    not_regular(&opened)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if (opened.dev(), opened.ino()) != (meta.dev(), meta.ino()) {
            return Err(t!("import-file-changed"));
        }
    }
    let size = opened.len();
    if size > max_bytes {
        return Err(too_large(size, max_bytes));
    }
    let mut bytes = Vec::new();
    f.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(bytes.len() as u64, max_bytes));
    }
    Ok(bytes)
}

fn too_large(size: u64, max_bytes: u64) -> String {
    t!(
        "import-file-too-large",
        bytes = crate::support::numfmt::thousands(size as i128),
        mb = max_bytes / 1_000_000
    )
}

/// A refusal naming what the path is when it is not a regular file.
fn not_regular(meta: &std::fs::Metadata) -> Result<(), String> {
    if meta.is_file() {
        return Ok(());
    }
    let t = meta.file_type();
    let kind = if t.is_dir() {
        "folder"
    } else {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_block_device() || t.is_char_device() {
                "device"
            } else if t.is_fifo() {
                "fifo"
            } else if t.is_socket() {
                "socket"
            } else {
                "other"
            }
        }
        #[cfg(not(unix))]
        "other"
    };
    Err(t!("import-not-a-file", kind = kind))
}
