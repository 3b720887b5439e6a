//! The incremental preview is never stale: a long random sequence of edits
//! goes through `Preview::update`, and after each the preview's output is
//! compared, file by file and byte by byte, with a full build of the same
//! content into another folder.
//!
//! Edits: values, labels, row ids, titles and summaries, body text, new and
//! deleted reports, drafts on and off, sample marks, renamed folders, photos
//! added and removed, original documents, corrections, pages added, edited
//! and removed, and a broken save then its fix. A failure prints the seed and
//! the step; `FARO_SEED=<seed>` replays it, `FARO_STEPS=<n>` runs longer.

mod common;

use faro::pipeline::build::{self, Options};
use faro::pipeline::incremental::Preview;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const ROWS: [&str; 4] = ["visas", "residencias", "prorrogas", "retornos"];

/// A report as the test writes it.
#[derive(Clone, Debug)]
struct Report {
    title: String,
    summary: Option<String>,
    draft: bool,
    sample: bool,
    /// Row id → (label, value).
    rows: Vec<(String, String, Option<u64>)>,
    body: String,
    photos: Vec<String>,
    document: bool,
    corrections: Vec<(String, Option<String>)>,
}

/// The site's content as the test knows it: reports by (year, month), pages by name.
struct Content {
    reports: BTreeMap<(i32, u32), Report>,
    pages: BTreeMap<String, String>,
    /// A report whose file was saved broken: the next step fixes it.
    broken: Option<(i32, u32)>,
}

fn folder(p: (i32, u32)) -> String {
    format!("content/informes/{}/{:02}", p.0, p.1)
}

fn report_text(p: (i32, u32), r: &Report) -> String {
    let mut s = format!("---\nperiod: {}-{:02}\ntitle: \"{}\"\n", p.0, p.1, r.title);
    if let Some(summary) = &r.summary {
        s += &format!("summary: \"{summary}\"\n");
    }
    if r.draft {
        s += "draft: true\n";
    }
    if r.sample {
        s += "sample: true\n";
    }
    if r.document {
        s += "source_document: original.pdf\n";
    }
    if !r.photos.is_empty() {
        s += "gallery:\n";
        for photo in &r.photos {
            s += &format!("  - src: {photo}.jpg\n    alt: \"Foto {photo}\"\n");
        }
    }
    if !r.corrections.is_empty() {
        s += "corrections:\n";
        for (date, indicator) in &r.corrections {
            s += &format!("  - date: {date}\n    note: \"Corregido.\"\n");
            if let Some(i) = indicator {
                s += &format!("    indicator: {i}\n");
            }
        }
    }
    s += "tables:\n  - id: cuadro\n    number: 1\n    title: \"Cuadro\"\n    unit: \"Personas\"\n    rows:\n";
    for (id, label, value) in &r.rows {
        let value = value.map_or("null".to_string(), |v| v.to_string());
        s += &format!("      - id: {id}\n        label: \"{label}\"\n        value: {value}\n");
    }
    s += &format!("---\n{}\n", r.body);
    s
}

struct Run {
    rng: fastrand::Rng,
    site: common::Site,
    content: Content,
    step: usize,
    seed: u64,
}

impl Run {
    fn write(&self, rel: &str, bytes: &[u8]) {
        self.site.write_bytes(rel, bytes);
    }

    fn save_report(&self, p: (i32, u32)) -> Vec<PathBuf> {
        let r = &self.content.reports[&p];
        let dir = folder(p);
        let mut changed = vec![PathBuf::from(format!("{dir}/index.md"))];
        for photo in &r.photos {
            let rel = format!("{dir}/{photo}.jpg");
            if !self.site.path(&rel).exists() {
                let side = 24 + (photo.len() as u32 % 7) * 8;
                self.write(&rel, &common::jpeg(side, side / 2 + 4));
                changed.push(rel.into());
            }
        }
        if r.document && !self.site.path(&format!("{dir}/original.pdf")).exists() {
            self.write(&format!("{dir}/original.pdf"), b"%PDF-1.4 original\n");
            changed.push(format!("{dir}/original.pdf").into());
        }
        self.write(&format!("{dir}/index.md"), report_text(p, r).as_bytes());
        changed
    }

    fn free_period(&mut self) -> (i32, u32) {
        loop {
            let p = (self.rng.i32(2020..=2024), self.rng.u32(1..=12));
            if !self.content.reports.contains_key(&p) {
                return p;
            }
        }
    }

    fn any_report(&mut self) -> Option<(i32, u32)> {
        let keys: Vec<_> = self.content.reports.keys().copied().collect();
        (!keys.is_empty()).then(|| keys[self.rng.usize(..keys.len())])
    }

    fn new_report(&mut self) -> Report {
        let n = self.rng.usize(1..=ROWS.len());
        Report {
            title: format!("Informe {}", self.rng.u32(..1000)),
            summary: self.rng.bool().then(|| "Resumen".to_string()),
            draft: self.rng.u8(..10) == 0,
            sample: self.rng.u8(..8) == 0,
            rows: ROWS[..n]
                .iter()
                .map(|id| {
                    (
                        id.to_string(),
                        format!("Fila {id}"),
                        Some(self.rng.u64(..5000)),
                    )
                })
                .collect(),
            body: "## Texto\n\nUn párrafo.".to_string(),
            photos: Vec::new(),
            document: false,
            corrections: Vec::new(),
        }
    }

    /// One random edit; returns the paths it touched and what it did.
    fn edit(&mut self) -> (Vec<PathBuf>, String) {
        if let Some(p) = self.content.broken.take() {
            return (self.save_report(p), format!("fix {p:?}"));
        }
        let Some(p) = self.any_report() else {
            let p = self.free_period();
            let r = self.new_report();
            self.content.reports.insert(p, r);
            return (self.save_report(p), format!("add {p:?}"));
        };
        let what = self.rng.u8(..20);
        let rng = &mut self.rng;
        let r = self.content.reports.get_mut(&p).expect("report");
        let done = match what {
            0..=3 => {
                let i = rng.usize(..r.rows.len());
                // An empty value is valid in a draft only.
                let empty = r.draft && rng.u8(..4) == 0;
                r.rows[i].2 = (!empty).then(|| rng.u64(..5000));
                "value"
            }
            4 => {
                let i = rng.usize(..r.rows.len());
                r.rows[i].1 = format!("Etiqueta {}", rng.u8(..4));
                "label"
            }
            5 => {
                let i = rng.usize(..r.rows.len());
                let id = ROWS[rng.usize(..ROWS.len())].to_string();
                if r.rows.iter().any(|(x, _, _)| *x == id) {
                    "nothing"
                } else {
                    // Corrections follow the indicator they name.
                    let old = format!("cuadro/{}", r.rows[i].0);
                    for (_, indicator) in &mut r.corrections {
                        if indicator.as_deref() == Some(old.as_str()) {
                            *indicator = Some(format!("cuadro/{id}"));
                        }
                    }
                    r.rows[i].0 = id;
                    "row id"
                }
            }
            6 => {
                r.draft = !r.draft;
                for row in r.rows.iter_mut().filter(|row| row.2.is_none()) {
                    row.2 = Some(rng.u64(..5000));
                }
                "draft"
            }
            7 => {
                r.sample = !r.sample;
                "sample"
            }
            8 => {
                r.title = format!("Informe {}", rng.u32(..1000));
                r.summary = rng.bool().then(|| format!("Resumen {}", rng.u8(..9)));
                "title"
            }
            9 => {
                r.body = format!("## Texto\n\nPárrafo {}.", rng.u32(..1000));
                "body"
            }
            10 => {
                let name = format!("foto{}", rng.u8(..4));
                if !r.photos.contains(&name) {
                    r.photos.push(name);
                }
                "photo added"
            }
            11 => {
                if let Some(name) = r.photos.pop() {
                    let rel = format!("{}/{name}.jpg", folder(p));
                    let _ = std::fs::remove_file(self.site.path(&rel));
                    let mut changed = self.save_report(p);
                    changed.push(rel.into());
                    return (changed, format!("photo removed {p:?}"));
                }
                "nothing"
            }
            12 => {
                let indicator = rng.bool().then(|| format!("cuadro/{}", r.rows[0].0));
                r.corrections.push((
                    format!("2025-0{}-1{}", rng.u8(1..10), rng.u8(..10)),
                    indicator,
                ));
                "correction"
            }
            13 => {
                r.document = !r.document;
                if !r.document {
                    let rel = format!("{}/original.pdf", folder(p));
                    let _ = std::fs::remove_file(self.site.path(&rel));
                    let mut changed = self.save_report(p);
                    changed.push(rel.into());
                    return (changed, format!("document removed {p:?}"));
                }
                "document"
            }
            14 => return self.remove_report(p),
            15 => return self.move_report(p),
            16 => {
                let p = self.free_period();
                let r = self.new_report();
                self.content.reports.insert(p, r);
                return (self.save_report(p), format!("add {p:?}"));
            }
            17 => {
                let rel = format!("{}/index.md", folder(p));
                self.write(&rel, b"---\nperiod: [roto\ntables: 3\n---\n");
                self.content.broken = Some(p);
                return (vec![rel.into()], format!("broken save {p:?}"));
            }
            _ => return self.edit_page(),
        };
        (self.save_report(p), format!("{done} {p:?}"))
    }

    fn remove_report(&mut self, p: (i32, u32)) -> (Vec<PathBuf>, String) {
        self.content.reports.remove(&p);
        std::fs::remove_dir_all(self.site.path(&folder(p))).expect("remove report");
        (vec![folder(p).into()], format!("removed {p:?}"))
    }

    fn move_report(&mut self, p: (i32, u32)) -> (Vec<PathBuf>, String) {
        let to = self.free_period();
        let r = self.content.reports.remove(&p).expect("report");
        self.content.reports.insert(to, r);
        let target = self.site.path(&folder(to));
        std::fs::create_dir_all(target.parent().expect("year")).expect("year folder");
        std::fs::rename(self.site.path(&folder(p)), &target).expect("rename");
        let mut changed = vec![PathBuf::from(folder(p)), folder(to).into()];
        changed.extend(self.save_report(to));
        (changed, format!("moved {p:?} to {to:?}"))
    }

    fn edit_page(&mut self) -> (Vec<PathBuf>, String) {
        // `_index` is the home page's text.
        let name =
            ["pagina0", "pagina1", "acerca/equipo", "_index"][self.rng.usize(..4)].to_string();
        let rel = format!("content/{name}.md");
        if self.content.pages.contains_key(&name) && self.rng.u8(..3) == 0 {
            self.content.pages.remove(&name);
            std::fs::remove_file(self.site.path(&rel)).expect("remove page");
            return (vec![rel.into()], format!("page removed {name}"));
        }
        let draft = if self.rng.u8(..4) == 0 {
            "draft: true\n"
        } else {
            ""
        };
        let text = format!(
            "---\ntitle: \"Página {}\"\n{draft}---\nTexto {}.\n",
            self.rng.u8(..5),
            self.rng.u32(..100)
        );
        self.write(&rel, text.as_bytes());
        self.content.pages.insert(name.clone(), text);
        (vec![rel.into()], format!("page {name}"))
    }
}

/// The preview's files as its server answers them right after an update
/// returns (when `faro serve` sends the reload event): each read once the
/// gate lets it through, as a request waits for a file still being written
/// (`Preview::write_later`). The temporary files of that writing, never
/// served by their names, are left out.
fn served(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| !e.file_name().to_string_lossy().ends_with(".faro-tmp"))
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("inside");
            let rel = rel.to_string_lossy().replace('\\', "/");
            faro::pipeline::incremental::wait_until_written(&rel);
            let bytes = std::fs::read(e.path()).unwrap_or_default();
            (rel, bytes)
        })
        .collect()
}

/// The first difference between the preview's files and a full build's
/// (in `full`), if any.
fn difference(a: &BTreeMap<String, Vec<u8>>, full: &Path) -> Option<String> {
    let b = common::files_by_path(full);
    for (path, bytes) in &b {
        match a.get(path) {
            None => return Some(format!("{path} is missing from the preview")),
            Some(x) if x != bytes => return Some(format!("{path} differs")),
            _ => {}
        }
    }
    let extra: Vec<&String> = a.keys().filter(|p| !b.contains_key(*p)).collect();
    (!extra.is_empty()).then(|| format!("{extra:?} are in the preview but not in a full build"))
}

fn options(root: &Path, output: &Path, drafts: bool) -> Options {
    Options {
        output: Some(output.to_path_buf()),
        base_url: Some("http://127.0.0.1:1111/".into()),
        drafts,
        search: false,
        check_published: false,
        // As `faro serve` builds: no compressed copies, no hashed names.
        for_host: false,
        ..Options::new(root)
    }
}

/// Runs `steps` random edits from `seed`, comparing after each; with
/// `write_later`, every file the output holds already is written after the
/// update returns (as `faro serve` writes its large files).
fn never_stale(seed: u64, steps: usize, drafts: bool, write_later: bool) {
    let site = common::Site::new();
    let outputs = tempfile::tempdir().expect("temp dir");
    let (preview_dir, full_dir) = (outputs.path().join("preview"), outputs.path().join("full"));
    let mut run = Run {
        rng: fastrand::Rng::with_seed(seed),
        site,
        content: Content {
            reports: BTreeMap::new(),
            pages: BTreeMap::new(),
            broken: None,
        },
        step: 0,
        seed,
    };
    for _ in 0..8 {
        let p = run.free_period();
        let r = run.new_report();
        run.content.reports.insert(p, r);
        run.save_report(p);
    }
    let root = run.site.root().to_path_buf();
    let preview_opts = options(&root, &preview_dir, drafts);
    let full_opts = options(&root, &full_dir, drafts);
    let (mut preview, _) = Preview::build(&preview_opts, None).expect("first build");
    if write_later {
        preview.write_later(0);
    }
    let mut good = 0;
    for step in 1..=steps {
        run.step = step;
        let (changed, what) = run.edit();
        let updated = preview.update(&changed);
        let seen = served(&preview_dir);
        let full = build::build(&full_opts);
        let at = format!("seed {} step {} ({what})", run.seed, run.step);
        match (&updated, &full) {
            (Ok(Some(_)), Ok(_)) => good += 1,
            (Err(_), Err(_)) => {}
            (Ok(None), _) => panic!("{at}: a content change asked for a full rebuild"),
            _ => panic!(
                "{at}: the preview {} but a full build {}",
                if updated.is_ok() {
                    "succeeded"
                } else {
                    "failed"
                },
                if full.is_ok() { "succeeded" } else { "failed" }
            ),
        }
        // Until a full build succeeds there is nothing to compare with.
        if !full_dir.exists() {
            continue;
        }
        if let Some(d) = difference(&seen, &full_dir) {
            panic!("{at}: {d}");
        }
        let foreign = faro::write::foreign_files(&preview_dir, false).expect("manifest");
        assert!(
            foreign.is_empty(),
            "{at}: files the manifest does not list: {foreign:?}"
        );
    }
    eprintln!("{good} of {steps} edits left a valid site");
    assert!(good * 2 > steps, "too few valid steps to test much");
    // A full build over the preview's output finds every file its own.
    build::build(&preview_opts).expect("full build over the preview");
    let kept = outputs.path().join(".preview.faro-kept");
    assert!(!kept.exists(), "seed {seed}: a full build kept files aside");
    if let Some(d) = difference(&common::files_by_path(&preview_dir), &full_dir) {
        panic!("seed {seed}, full build over the preview: {d}");
    }
}

fn seed_and_steps(default_seed: u64, default_steps: usize) -> (u64, usize) {
    let seed = std::env::var("FARO_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default_seed);
    let steps = std::env::var("FARO_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default_steps);
    (seed, steps)
}

#[test]
fn preview_with_drafts_is_never_stale() {
    let (seed, steps) = seed_and_steps(20261201, 250);
    eprintln!("seed {seed}, {steps} steps (FARO_SEED, FARO_STEPS to change)");
    never_stale(seed, steps, true, true);
}

#[test]
fn preview_without_drafts_is_never_stale() {
    let (seed, steps) = seed_and_steps(7, 80);
    eprintln!("seed {seed}, {steps} steps (FARO_SEED, FARO_STEPS to change)");
    never_stale(seed, steps, false, false);
}

/// A file's identity and time: a rewrite (or a new site swapped in) changes them.
fn stamp(path: &Path) -> (u64, std::time::SystemTime) {
    let meta = std::fs::metadata(path).expect("built file");
    (
        std::os::unix::fs::MetadataExt::ino(&meta),
        meta.modified().expect("time"),
    )
}

#[test]
fn a_save_in_faro_serve_rewrites_only_the_files_it_changes() {
    let site = common::Site::basic();
    let server = common::serve::Server::start(&site);
    let out = site.path(".faro-cache/serve/public");
    let untouched = [
        "acerca/index.html",
        "informes/2023/01/index.html",
        "404.html",
    ];
    let before: Vec<_> = untouched.iter().map(|f| stamp(&out.join(f))).collect();
    let report =
        std::fs::read_to_string(site.path("content/informes/2024/01/index.md")).expect("report");
    site.write(
        "content/informes/2024/01/index.md",
        &report.replace("value: 158", "value: 4321"),
    );
    server.wait_for_stdout("rebuilt (content/informes/2024/01/index.md)");
    let page = std::fs::read_to_string(out.join("informes/2024/01/index.html")).expect("page");
    assert!(page.contains("4,321"), "the saved value is shown");
    for (file, before) in untouched.iter().zip(before) {
        assert_eq!(stamp(&out.join(file)), before, "{file} was rewritten");
    }
}
