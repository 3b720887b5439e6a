//! The bundled site (site.yaml + content/ at the repository's top), built
//! once per test binary with the real `faro` binary and served under the
//! sub-path `/sub/` by `server::serve` on a free loopback port.
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

pub const PREFIX: &str = "/sub/";

pub struct Built {
    /// The build output, served at `base`.
    pub out: PathBuf,
    /// `http://127.0.0.1:PORT`
    pub origin: String,
    /// `http://127.0.0.1:PORT/sub/`: the site's base URL.
    pub base: String,
}

impl Built {
    /// The absolute URL of a site path (`informes/2024/01/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Builds and serves the bundled site, once per process.
pub fn site() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| build_and_serve(repo(), "browser-site"))
}

/// A site of 660 monthly reports, 1970 to 2024, built and served once per
/// process: its archive is indexed in two parts (`src/search/parts.rs`).
/// One word, "quetzal", is in five reports, more often in older ones:
/// once in March 2024, twice in May 2010 and February 2005 (the newer
/// archive part), five times in January 1980 and August 1975 (the oldest).
pub fn large_archive() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-large-archive");
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("mkdir");
        std::fs::write(root.join("site.yaml"), crate::common::SITE_YAML).expect("site.yaml");
        crate::common::write_monthly_reports(&root, 1970, 660, |y, m| {
            let times = match (y, m) {
                (2024, 3) => 1,
                (2010, 5) | (2005, 2) => 2,
                (1980, 1) | (1975, 8) => 5,
                _ => 0,
            };
            format!("## Uno\n\nTexto del mes.{}\n", " El quetzal.".repeat(times))
        });
        build_and_serve(&root, "browser-large-archive-out")
    })
}

/// `built`'s output served again on another port, with the folder
/// `missing` answered 404: a host it was not uploaded to. (Its pages'
/// absolute addresses still name `built`'s port; the site's own links and
/// scripts use the sub-path only.)
pub fn without(built: &Built, missing: &'static str) -> Built {
    let (listener, origin, base) = free_port();
    crate::server::serve_without(listener, built.out.clone(), PREFIX, Some(missing));
    Built {
        out: built.out.clone(),
        origin,
        base,
    }
}

/// A loopback port to serve on, its origin and the site's base URL there.
fn free_port() -> (TcpListener, String, String) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let port = listener.local_addr().expect("local addr").port();
    let origin = format!("http://127.0.0.1:{port}");
    let base = format!("{origin}{PREFIX}");
    (listener, origin, base)
}

/// Builds the site at `root` into the test target's `out` folder with the
/// real `faro` binary, and serves it under [`PREFIX`] on a free port.
fn build_and_serve(root: &Path, out: &str) -> Built {
    let (listener, origin, base) = free_port();
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(out);
    let run = Command::new(env!("CARGO_BIN_EXE_faro"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(&out)
        .arg("--base-url")
        .arg(&base)
        .output()
        .expect("run faro build");
    assert!(
        run.status.success(),
        "faro build of {} failed:\n{}",
        root.display(),
        String::from_utf8_lossy(&run.stderr)
    );
    crate::server::serve(listener, out.clone(), PREFIX);
    Built { out, origin, base }
}

/// Every built file with one of the extensions, sorted.
pub fn files_with(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| exts.contains(&e))
        })
        .collect();
    v.sort();
    v
}
