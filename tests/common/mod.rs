//! Fixture sites for integration tests: written into a temp dir, built with
//! the real `faro` binary, read back from disk.
#![allow(dead_code)]

pub mod chromium;
pub mod harness;
pub mod serve;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Site {
    pub dir: tempfile::TempDir,
}

pub const SITE_YAML: &str = "title: \"Informes de prueba\"\ninstitution: \"Instituto de Prueba\"\nbase_url: \"https://example.org/portal/\"\n";

/// A report's front matter with the given tables and a short body.
pub fn report(period: &str, extra_front: &str, body: &str) -> String {
    format!(
        "---\nperiod: {period}\n{extra_front}tables:\n  - id: visas\n    number: 1\n    title: \"Visas y residencias\"\n    unit: \"Cantidad de documentos\"\n    source: \"Planificación\"\n    rows:\n      - label: \"Visas emitidas\"\n        value: 158\n      - label: \"Registro de extranjería\"\n        value: \"1,350\"\n---\n{body}"
    )
}

/// Writes `count` monthly reports from January of `first_year` on into the
/// site folder `root` ([`report`]'s front matter), each with the body
/// `body(year, month)`: an archive of any size.
pub fn write_monthly_reports(
    root: &Path,
    first_year: i32,
    count: u32,
    body: impl Fn(i32, u32) -> String,
) {
    for i in 0..count {
        let (y, m) = (first_year + (i / 12) as i32, i % 12 + 1);
        let path = root.join(format!("content/informes/{y}/{m:02}/index.md"));
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        let text = report(&format!("{y}-{m:02}"), "", &body(y, m));
        std::fs::write(path, text).expect("write");
    }
}

impl Site {
    pub fn new() -> Site {
        let site = Site {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        site.write("site.yaml", SITE_YAML);
        site.write(
            "content/_index.md",
            "---\ntitle: Inicio\n---\nBienvenida.\n",
        );
        site
    }

    /// A site with two reports, a year apart, and a plain page.
    pub fn basic() -> Site {
        let s = Site::new();
        s.write(
            "content/informes/2023/01/index.md",
            &report("2023-01", "", "## Uno\n\nTexto.\n"),
        );
        s.write(
            "content/informes/2024/01/index.md",
            &report(
                "2024-01",
                "summary: \"Resumen de enero\"\n",
                "## Política\n\nTexto de enero.\n",
            ),
        );
        s.write(
            "content/acerca.md",
            "---\ntitle: Acerca de\n---\nSobre el portal.\n",
        );
        s
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }

    /// Runs faro on this site with messages in English, the language most
    /// tests assert on (`faro_in` for the default, Spanish).
    pub fn faro(&self, args: &[&str]) -> Output {
        self.faro_in("en", args)
    }

    /// Runs faro on this site with `FARO_LANG=lang`.
    pub fn faro_in(&self, lang: &str, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_faro"))
            .env("FARO_LANG", lang)
            .args(args)
            .arg("--root")
            .arg(self.root())
            .output()
            .expect("run faro")
    }

    /// Builds and asserts success.
    pub fn build(&self) -> Output {
        let out = self.faro(&["build"]);
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Builds expecting failure; returns stderr.
    pub fn build_fails(&self) -> String {
        let out = self.faro(&["build"]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "expected exit 1, stdout:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(&format!("public/{rel}")))
            .unwrap_or_else(|e| panic!("public/{rel}: {e}"))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path(&format!("public/{rel}")).exists()
    }
}

/// A run's standard output, as text.
/// 1-based number of the first line of `text` that contains `needle`.
pub fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("`{needle}` not in:\n{text}"))
}

/// That `err` (faro's error output) has a problem at `file:line:` saying `needle`.
pub fn assert_at(err: &str, file: &str, line: usize, needle: &str) {
    let prefix = format!("{file}:{line}:");
    assert!(
        err.lines()
            .any(|l| l.starts_with(&prefix) && l.contains(needle)),
        "expected `{prefix}` … `{needle}` in:\n{err}"
    );
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A run's standard error, as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file under `dir` with its bytes, for before/after comparisons.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().to_path_buf(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    v.sort();
    v
}

/// Makes the site's `.faro-cache` a link to a new, empty folder (returned):
/// faro must never read or write through it.
#[cfg(unix)]
pub fn link_cache(s: &Site) -> tempfile::TempDir {
    let elsewhere = tempfile::tempdir().expect("temp dir");
    std::os::unix::fs::symlink(elsewhere.path(), s.path(".faro-cache")).expect("link");
    elsewhere
}

/// Every file under `dir` by its `/`-separated path relative to `dir`,
/// with its bytes.
pub fn files_by_path(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    snapshot(dir)
        .into_iter()
        .map(|(p, bytes)| {
            let rel = p.strip_prefix(dir).expect("inside").to_string_lossy();
            (rel.replace('\\', "/"), bytes)
        })
        .collect()
}

/// Where process `pid` stands with `flock`s, from /proc/locks: `Holds` for
/// a lock line of its own (`1: FLOCK  ADVISORY  WRITE 1234 …`), `Waits` for
/// one it is blocked on (`1: -> FLOCK  ADVISORY  WRITE 1234 …`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flock {
    Holds,
    Waits,
}

/// Whether process `pid` is in `state` for some `flock` (Linux only; false
/// elsewhere).
pub fn flock(pid: u32, state: Flock) -> bool {
    let pid = pid.to_string();
    std::fs::read_to_string("/proc/locks")
        .unwrap_or_default()
        .lines()
        .any(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            match state {
                Flock::Holds => {
                    words.get(1) == Some(&"FLOCK") && words.get(4) == Some(&pid.as_str())
                }
                Flock::Waits => words.get(1) == Some(&"->") && words.get(5) == Some(&pid.as_str()),
            }
        })
}

/// A valid JPEG of `w`×`h` pixels with a gradient, made with the image crate.
pub fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .expect("encode JPEG");
    out.into_inner()
}

/// Waits until a file written now is stamped later than `t`, so that a
/// file rewritten from here on shows it in its modification time. File
/// systems stamp with a clock that moves in steps of a few milliseconds; this
/// polls that clock (a hang guard bounds it) instead of sleeping a guess.
pub fn until_files_are_stamped_after(t: std::time::SystemTime) {
    let dir = tempfile::tempdir().expect("temp dir");
    let probe = dir.path().join("probe");
    let start = std::time::Instant::now();
    loop {
        std::fs::write(&probe, b"x").expect("write probe");
        let stamped = std::fs::metadata(&probe)
            .and_then(|m| m.modified())
            .expect("probe mtime");
        if stamped > t {
            return;
        }
        assert!(
            start.elapsed() < serve::WAIT,
            "the file system's clock never passed {t:?}"
        );
        std::thread::yield_now();
    }
}

/// The CPU time this thread has used: the work it did, which other
/// processes on a loaded machine do not stretch as they stretch the clock.
#[cfg(unix)]
pub fn thread_cpu_time() -> std::time::Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec, which `ts` is.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    std::time::Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Fails if `run` does superlinear work: the CPU time of `run(4 * n)` may be
/// at most `LINEAR_SLACK` times that of `run(n)` (linear work is about four
/// times; quadratic, sixteen). Each size is run three times and the least
/// taken, as cache misses and the first run's allocations only add. Returns
/// a line saying what was measured.
#[cfg(unix)]
pub fn assert_linear(name: &str, n: usize, run: impl Fn(usize)) -> String {
    const LINEAR_SLACK: f64 = 8.0;
    let least = |size: usize| {
        (0..3)
            .map(|_| {
                let before = thread_cpu_time();
                run(size);
                thread_cpu_time() - before
            })
            .min()
            .expect("three runs")
    };
    let (small, large) = (least(n), least(4 * n));
    // A floor of a millisecond: below it the ratio is the timer's noise.
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(0.001);
    assert!(
        ratio <= LINEAR_SLACK,
        "{name}: four times the input took {ratio:.1} times the work ({small:?} → {large:?}): superlinear"
    );
    format!(
        "{name}: {n} → {}: {small:?} → {large:?} CPU ({ratio:.1}×)",
        4 * n
    )
}

/// `faro build --timings`' search line: `search` when it indexed,
/// `search (index reused)` when it took the published index back.
pub fn search_step(s: &Site) -> String {
    let out = s.faro(&["build", "--timings"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = self::stdout(&out);
    let line = stdout
        .lines()
        .map(str::trim_start)
        .find(|l| l.starts_with("search"))
        .unwrap_or_else(|| panic!("no search step in {stdout}"));
    line[..line.rfind("  ").unwrap_or(line.len())]
        .trim_end()
        .to_string()
}
