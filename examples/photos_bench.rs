//! Times the photo pipeline over a folder of JPEGs, cold (empty cache) and
//! warm (everything cached): wall time, and on Linux the process's CPU time
//! (user + system), which is the steadier figure on a busy machine.
//!
//! ```text
//! cargo run --release --example photos_bench -- DIR [--progress]
//! ```

use faro::config::ImageSettings;
use faro::photos::{self, PhotoJob};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: photos_bench DIR [--progress]");
        return ExitCode::from(2);
    };
    let progress = args.any(|a| a == "--progress");
    let dir = match std::fs::canonicalize(&dir) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{dir}: {e}");
            return ExitCode::from(2);
        }
    };
    let mut sources: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.extension().is_some_and(|e| {
                    e.eq_ignore_ascii_case("jpg") || e.eq_ignore_ascii_case("jpeg")
                })
            })
            .collect(),
        Err(e) => {
            eprintln!("{}: {e}", dir.display());
            return ExitCode::from(2);
        }
    };
    sources.sort();
    let bytes: u64 = sources
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let jobs: Vec<PhotoJob> = sources
        .iter()
        .enumerate()
        .map(|(i, source)| PhotoJob {
            report: PathBuf::from("bench/index.md"),
            line: i + 1,
            source: source.clone(),
            output: format!("fotos/{}", stem(source)),
        })
        .collect();

    let work = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("temp dir: {e}");
            return ExitCode::FAILURE;
        }
    };
    let settings = ImageSettings::default();
    let cache = work.path().join("cache");
    println!(
        "{} photos, {:.1} MB, widths {:?} + thumbnail {}, quality {}, {} threads",
        jobs.len(),
        bytes as f64 / 1e6,
        settings.widths,
        settings.thumbnail,
        settings.quality,
        rayon::current_num_threads()
    );
    for (run, label) in ["cold", "warm"].iter().enumerate() {
        let out = work.path().join(format!("out{run}"));
        let start = Instant::now();
        let cpu_start = cpu_seconds();
        match photos::process(&jobs, &settings, &cache, &out, progress) {
            Ok((processed, stats)) => {
                let secs = start.elapsed().as_secs_f64();
                let cpu = cpu_seconds().zip(cpu_start).map(|(end, start)| end - start);
                let written: u64 = processed
                    .values()
                    .flat_map(|p| p.sizes.iter().chain([&p.thumbnail]))
                    .flat_map(|i| [&i.webp, &i.jpeg])
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .filter_map(|f| std::fs::metadata(out.join(f)).ok())
                    .map(|m| m.len())
                    .sum();
                let per_photo = |s: f64| s * 1000.0 / jobs.len().max(1) as f64;
                let cpu = cpu.map_or_else(String::new, |c| {
                    format!(", cpu {:.0} ms ({:.1} ms/photo)", c * 1000.0, per_photo(c))
                });
                println!(
                    "{label}: {:.0} ms ({:.1} ms/photo){cpu}, processed {}, cached {}, output {:.1} MB",
                    secs * 1000.0,
                    per_photo(secs),
                    stats.processed,
                    stats.cached,
                    written as f64 / 1e6
                );
            }
            Err(diags) => {
                eprint!("{diags}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

/// User + system CPU seconds of this process so far (all threads).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn cpu_seconds() -> Option<f64> {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage = std::mem::zeroed::<libc::rusage>();
        (libc::getrusage(libc::RUSAGE_SELF, &mut usage) == 0).then_some(usage)
    }?;
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Some(secs(usage.ru_utime) + secs(usage.ru_stime))
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn cpu_seconds() -> Option<f64> {
    None
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}
