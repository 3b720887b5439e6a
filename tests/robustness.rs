//! Robustness: a large archive builds with the right counts, and a build
//! killed at any moment never leaves a broken or half-new `public/`.

mod common;
use common::{Site, snapshot};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const MONTHS: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

/// The four tables of the January 2024 report: id, number, title, unit, rows
/// (id, label, starting level). Same shape as bench/gen-corpus.py.
type TableSpec = (
    &'static str,
    u32,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str, u64)],
);
const TABLES: [TableSpec; 4] = [
    (
        "visas-residencias",
        1,
        "Registro, control y emisión de visas y residencias",
        "Cantidad de documentos",
        &[
            ("visas-emitidas", "Visas emitidas", 158),
            ("residencias-emitidas", "Residencias emitidas", 241),
            ("registro-extranjeria", "Registro de extranjería", 1350),
        ],
    ),
    (
        "asistencia-proteccion",
        2,
        "Asistencia y protección a personas migrantes",
        "Cantidad de personas",
        &[
            (
                "migrantes-atendidos",
                "Migrantes nacionales y extranjeros atendidos para la protección y asistencia de sus derechos",
                355,
            ),
            (
                "albergues-retornados",
                "Migrantes atendidos en albergues y centros de retornados",
                6347,
            ),
        ],
    ),
    (
        "documentos-migratorios",
        3,
        "Emisión de documentos migratorios",
        "Cantidad de documentos",
        &[
            ("emision", "Emisión de documentos migratorios", 66096),
            ("prorroga", "Prórroga de documentos migratorios", 4077),
        ],
    ),
    (
        "control-migratorio",
        4,
        "Control, registro de nacionales y extranjeros en el territorio nacional",
        "Cantidad de personas",
        &[(
            "ingresos-egresos",
            "Personas nacionales y extranjeras con registro de ingreso, permanencia y egreso del país",
            1025875,
        )],
    ),
];
const INDICATORS: usize = 8;

const WORDS: &[&str] = &[
    "se",
    "realizó",
    "la",
    "reunión",
    "de",
    "planificación",
    "con",
    "el",
    "objetivo",
    "beneficiar",
    "a",
    "población",
    "migrante",
    "participación",
    "instituciones",
    "del",
    "sector",
    "fortalecer",
    "atención",
    "usuarios",
    "puestos",
    "fronterizos",
    "jornadas",
    "móviles",
];

/// A small deterministic generator (xorshift), so the archive is the same every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// Uniform in `lo..=hi` thousandths.
    fn factor(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
    fn sentence(&mut self, n: usize) -> String {
        let words: Vec<&str> = (0..n)
            .map(|_| WORDS[(self.next() % WORDS.len() as u64) as usize])
            .collect();
        let mut s = words.join(" ");
        if let Some(first) = s.get(..1) {
            s = first.to_uppercase() + &s[1..];
        }
        s + "."
    }
}

/// Writes `count` monthly reports from January `start_year` on, four tables
/// each, no photos; a random walk of values like gen-corpus.py.
fn write_archive(site: &Site, start_year: i32, count: usize, seed: u64) {
    let mut rng = Rng(seed.max(1));
    let mut level: BTreeMap<(&str, &str), u64> = TABLES
        .iter()
        .flat_map(|t| t.4.iter().map(move |r| ((t.0, r.0), r.2)))
        .collect();
    for i in 0..count {
        let year = start_year + (i / 12) as i32;
        let month = i % 12 + 1;
        let mut fm = vec![
            "---".to_string(),
            format!(
                "title: \"Informe de actividades relevantes — {} {year}\"",
                MONTHS[month - 1]
            ),
            format!("period: {year:04}-{month:02}"),
            format!("date: {year:04}-{month:02}-01"),
            "sample: true".into(),
            format!("summary: \"{}\"", rng.sentence(18)),
            "tables:".into(),
        ];
        for (tid, num, title, unit, rows) in TABLES {
            let mut values = Vec::new();
            for (rid, _, _) in rows {
                let l = level[&(tid, *rid)];
                let v = l * rng.factor(850, 1180) / 1000;
                level.insert((tid, *rid), ((l * 7 + v * 3) / 10).max(1));
                values.push(v);
            }
            fm.push(format!("  - id: {tid}"));
            fm.push(format!("    number: {num}"));
            fm.push(format!("    title: \"{title}\""));
            fm.push(format!("    unit: \"{unit}\""));
            fm.push(
                "    source: \"Ejecución mensual de metas físicas, Subdirección de Planificación.\""
                    .into(),
            );
            fm.push(format!("    total: {}", values.iter().sum::<u64>()));
            fm.push("    rows:".into());
            for ((rid, label, _), v) in rows.iter().zip(&values) {
                fm.push(format!("      - id: {rid}"));
                fm.push(format!("        label: \"{label}\""));
                fm.push(format!("        value: {v}"));
            }
        }
        fm.push("---".into());
        let mut body = vec!["## Información cualitativa".to_string(), String::new()];
        for s in 1..=6 {
            body.push(format!("### {s:02}. Sección {s}"));
            body.push(String::new());
            for _ in 0..2 {
                let n = 12 + (rng.next() % 19) as usize;
                body.push(format!(
                    "{} {} {}",
                    rng.sentence(n),
                    rng.sentence(n),
                    rng.sentence(n)
                ));
                body.push(String::new());
            }
        }
        site.write(
            &format!("content/informes/{year:04}/{month:02}/index.md"),
            &format!("{}\n\n{}", fm.join("\n"), body.join("\n")),
        );
    }
}

/// Files under `dir`, relative, as strings with `/`.
fn files_under(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    v.sort();
    v
}

#[test]
fn an_archive_of_1200_reports_builds_with_every_page_and_row() {
    const YEARS: usize = 100;
    const START: i32 = 2014;
    let site = Site::new();
    let t = Instant::now();
    write_archive(&site, START, YEARS * 12, 1);
    let generated = t.elapsed();
    let t = Instant::now();
    let out = site.build();
    let built = t.elapsed();
    eprintln!("1,200 reports: generated in {generated:?}, built (debug faro) in {built:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("1200 reports"), "{stdout}");

    let public = site.path("public");
    let files = files_under(&public);
    let html: Vec<&String> = files.iter().filter(|f| f.ends_with(".html")).collect();
    let count = |pred: &dyn Fn(&[&str]) -> bool| {
        html.iter()
            .filter(|f| pred(&f.split('/').collect::<Vec<_>>()))
            .count()
    };
    let is_year = |s: &str| s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit());
    let reports =
        count(&|p| matches!(p, ["informes", y, m, "index.html"] if is_year(y) && m.len() == 2));
    let years = count(&|p| matches!(p, ["informes", y, "index.html"] if is_year(y)));
    let compare = count(&|p| matches!(p, ["comparar", y, "index.html"] if is_year(y)));
    let indicators = count(&|p| matches!(p, ["indicadores", _, _, "index.html"]));
    assert_eq!(reports, 1200, "report pages");
    assert_eq!(years, YEARS, "year pages");
    assert_eq!(
        compare,
        YEARS - 1,
        "comparison pages: every year but the first"
    );
    assert_eq!(indicators, INDICATORS, "indicator pages");
    let embeds = count(&|p| matches!(p, ["indicadores", _, _, "embed", "index.html"]));
    assert_eq!(embeds, INDICATORS, "an embed for each indicator");
    for y in [START, START + 50, START + YEARS as i32 - 1] {
        for m in 1..=12 {
            for f in ["index.html", "datos.csv", "datos.json"] {
                let rel = format!("informes/{y}/{m:02}/{f}");
                assert!(site.exists(&rel), "missing {rel}");
            }
        }
    }
    assert!(!site.exists(&format!("comparar/{START}/index.html")));
    // Everything else is one page each: home, archive, data, gallery, the
    // comparison and indicator indexes, search, corrections, 404.
    let singles = [
        "index.html",
        "buscar/index.html",
        "informes/index.html",
        "datos/index.html",
        "galeria/index.html",
        "comparar/index.html",
        "indicadores/index.html",
        "correcciones/index.html",
        "404.html",
    ];
    for s in singles {
        assert!(files.iter().any(|f| f == s), "missing {s}");
    }
    assert_eq!(
        html.len(),
        reports + years + compare + indicators + embeds + singles.len(),
        "no other HTML pages: {:?}",
        html.iter()
            .filter(|f| f.split('/').count() == 1)
            .collect::<Vec<_>>()
    );

    // Open data: one CSV row per value, 8 per report, plus the header.
    let mut csv = csv::Reader::from_path(public.join("datos/informes.csv")).unwrap();
    let header: Vec<String> = csv.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "period",
            "table_id",
            "table_title",
            "indicator_id",
            "label",
            "unit",
            "value",
            "sample"
        ]
    );
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    assert_eq!(1 + rows.len(), 1 + 1200 * INDICATORS, "informes.csv rows");
    assert!(rows.iter().all(|r| r.len() == 8 && &r[7] == "true"));
    assert_eq!(&rows[0][0], "2014-01");
    assert_eq!(&rows[rows.len() - 1][0], "2113-12");
    let text = site.read("datos/informes.csv");
    assert_eq!(
        text.matches("\r\n").count(),
        1 + 1200 * INDICATORS,
        "physical CSV lines"
    );

    let json: serde_json::Value = serde_json::from_str(&site.read("datos/informes.json")).unwrap();
    let list = json["reports"].as_array().unwrap();
    assert_eq!(list.len(), 1200, "informes.json reports");

    // The sitemap lists every HTML page but the 404 and the embeds (whose
    // canonical, their indicator's page, is listed), each once.
    let sitemap = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(locs.len(), html.len() - 1 - embeds, "sitemap entries");
    assert!(!sitemap.contains("/embed/"), "no embed in the sitemap");
    let unique: std::collections::HashSet<&&str> = locs.iter().collect();
    assert_eq!(unique.len(), locs.len(), "sitemap entries are unique");
    assert!(!sitemap.contains("404"));
}

/// A site whose `public/` has been built once; returns it and the snapshot.
fn built_site() -> (Site, Vec<(PathBuf, Vec<u8>)>) {
    let site = Site::new();
    write_archive(&site, 2020, 24, 7);
    site.build();
    let snap = snapshot(&site.path("public"));
    assert!(snap.len() > 50);
    (site, snap)
}

/// Starts `faro build` on the site and kills it (SIGKILL) as soon as
/// `kill_now(pid)` says so: at a step of the build seen from outside (the
/// lock taken, files in the staging folder), never at a moment on a clock.
/// Returns true when the build finished first.
fn build_and_kill(site: &Site, kill_now: &dyn Fn(u32) -> bool) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_faro"))
        .arg("build")
        .arg("--root")
        .arg(site.root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start faro");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(status.success(), "build failed on its own");
            return true;
        }
        if kill_now(child.id()) {
            child.kill().expect("kill"); // SIGKILL on Unix
            child.wait().expect("reap");
            return false;
        }
        // A hang guard, not a speed limit.
        assert!(started.elapsed() < common::serve::WAIT, "build hangs");
        std::thread::sleep(Duration::from_micros(500));
    }
}

/// Which folder `path` is now (device and inode), or None when nothing is
/// there: a publish replaces the folder, so its identity changes.
fn folder_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// Whether process `pid` holds a `flock` (the output's lock, which a build
/// takes before it reads anything).
fn holds_a_lock(pid: u32) -> bool {
    common::flock(pid, common::Flock::Holds)
}

/// What is published now: the old site, the new one, or (only in the instant
/// between the two renames of the swap) nothing, with the old site kept aside
/// in `.public.faro-prev` for the next build to put back.
#[derive(Debug, PartialEq)]
enum Published {
    Old,
    New,
    OldAside,
}

fn published(site: &Site, old: &[(PathBuf, Vec<u8>)], new: &[(PathBuf, Vec<u8>)]) -> Published {
    let public = site.path("public");
    let rebase = |snap: &[(PathBuf, Vec<u8>)], from: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        snap.iter()
            .map(|(p, b)| (p.strip_prefix(from).unwrap().to_path_buf(), b.clone()))
            .collect()
    };
    let old_rel = rebase(old, &public);
    if public.exists() {
        let now = rebase(&snapshot(&public), &public);
        if now == old_rel {
            return Published::Old;
        }
        if !new.is_empty() && now == rebase(new, &public) {
            return Published::New;
        }
        let differ: Vec<String> = now
            .iter()
            .map(|(p, _)| p.display().to_string())
            .filter(|p| !old_rel.iter().any(|(q, _)| q.display().to_string() == *p))
            .take(5)
            .collect();
        panic!(
            "public/ is neither the old site nor the new one ({} files, {} before; new paths e.g. {differ:?})",
            now.len(),
            old_rel.len()
        );
    }
    let prev = site.path(".public.faro-prev");
    assert!(
        prev.is_dir(),
        "public/ is gone and there is no .public.faro-prev to restore"
    );
    assert_eq!(
        rebase(&snapshot(&prev), &prev),
        old_rel,
        "the site kept aside is the old one"
    );
    Published::OldAside
}

#[test]
fn a_killed_build_leaves_the_published_site_whole() {
    let (site, old) = built_site();
    // Real work for the next build: four times the reports, and every old
    // report changed.
    write_archive(&site, 2020, 96, 99);

    // The complete new site, built elsewhere from the same content, to
    // recognise it if a build gets to publish before it is killed (and how
    // long a whole build took, for the note it prints: nothing is timed).
    let reference = tempfile::tempdir().unwrap();
    let t = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_faro"))
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--output")
        .arg(reference.path().join("public"))
        .output()
        .unwrap();
    let whole = t.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let new: Vec<(PathBuf, Vec<u8>)> = snapshot(&reference.path().join("public"))
        .into_iter()
        .map(|(p, b)| {
            (
                site.path("public")
                    .join(p.strip_prefix(reference.path().join("public")).unwrap()),
                b,
            )
        })
        .collect();
    assert_ne!(old.len(), new.len());

    // Kills at steps early on (at once, at start-up; once it holds the
    // output's lock, while loading), then while the new site is being
    // written to the staging folder: each time a few more files are there
    // than at the last kill, until a build gets to finish. The staging
    // folder is reused, so later builds resume from what the killed ones
    // wrote.
    let staging = site.path(".public.faro-next");
    let step = new.len() / 6;
    let mut kills = Vec::new();
    let mut mid_write = 0;
    let mut record = |site: &Site, what: String| -> bool {
        let staged = files_under(&site.path(".public.faro-next")).len();
        match published(site, &old, &new) {
            Published::New => true,
            state => {
                if staged > 0 && staged < new.len() {
                    mid_write += 1;
                }
                let aside = if state == Published::OldAside {
                    " (aside)"
                } else {
                    ""
                };
                kills.push(format!("{what}:{staged}{aside}"));
                false
            }
        }
    };
    let early: [(&str, &dyn Fn(u32) -> bool); 2] =
        [("at-once", &|_| true), ("locked", &holds_a_lock)];
    for (what, when) in early {
        let finished = build_and_kill(&site, when);
        assert!(!finished, "the build finished before it was killed {what}");
        assert!(!record(&site, what.to_string()), "killed, yet published");
    }
    let mut at_least = 1;
    loop {
        // Kill only while the old site is still the published folder: once a
        // build has swapped, the old site becomes the staging folder, and a
        // kill in the instant before it exits would find a finished site.
        let public_before = folder_id(&site.path("public"));
        let finished = build_and_kill(&site, &|_| {
            files_under(&staging).len() >= at_least
                && folder_id(&site.path("public")) == public_before
        });
        let is_new = record(&site, format!(">={at_least}"));
        if finished {
            assert!(
                is_new,
                "the build finished, yet the new site is not published"
            );
        }
        // A kill that lands between the check above and the signal, after
        // the swap, leaves the new site whole: that is as good as finished.
        if is_new {
            break;
        }
        at_least = files_under(&staging).len() + step;
    }
    eprintln!(
        "a whole build takes {whole:?}; {} kills (when: files staged of {}): {}",
        kills.len(),
        new.len(),
        kills.join(" ")
    );
    assert!(mid_write >= 2, "too few kills while writing: {kills:?}");

    // And from whatever a killed build left, a normal build publishes the new site.
    let (site2, old2) = built_site();
    write_archive(&site2, 2020, 96, 99);
    let staging2 = site2.path(".public.faro-next");
    let half_written = files_under(&staging2).len() + step;
    assert!(!build_and_kill(&site2, &|_| {
        files_under(&staging2).len() >= half_written
    }));
    assert_eq!(published(&site2, &old2, &[]), Published::Old);
    site2.build();
    let rebuilt: Vec<(PathBuf, Vec<u8>)> = snapshot(&site2.path("public"))
        .into_iter()
        .map(|(p, b)| (p.strip_prefix(site2.root()).unwrap().to_path_buf(), b))
        .collect();
    let expected: Vec<(PathBuf, Vec<u8>)> = new
        .into_iter()
        .map(|(p, b)| (p.strip_prefix(site.root()).unwrap().to_path_buf(), b))
        .collect();
    let differ: Vec<String> = {
        let got: std::collections::BTreeMap<_, _> = rebuilt.iter().cloned().collect();
        let want: std::collections::BTreeMap<_, _> = expected.iter().cloned().collect();
        let mut d: Vec<String> = want
            .iter()
            .filter(|(p, b)| got.get(*p) != Some(*b))
            .map(|(p, _)| format!("missing or different: {}", p.display()))
            .collect();
        d.extend(
            got.keys()
                .filter(|p| !want.contains_key(*p))
                .map(|p| format!("extra: {}", p.display())),
        );
        d
    };
    assert!(
        differ.is_empty(),
        "the build after a kill is the complete new site: {:?}",
        &differ[..differ.len().min(20)]
    );
}

#[test]
fn a_build_killed_between_the_two_renames_is_recovered() {
    let (site, old) = built_site();
    let public = site.path("public");
    let prev = site.path(".public.faro-prev");
    // Exactly what `publish` leaves when killed after moving the old site
    // aside and before moving the new one in.
    std::fs::rename(&public, &prev).unwrap();
    assert!(!public.exists());

    // A build that fails still puts the old site back, and keeps it.
    site.write(
        "content/informes/2020/01/index.md",
        "---\nperiod: 2020-13\n---\n",
    );
    let err = site.build_fails();
    assert!(err.contains("2020-13"), "{err}");
    assert!(!prev.exists());
    assert_eq!(published(&site, &old, &[]), Published::Old);

    // And after another interruption at the same point, a good build
    // publishes the new site with no trace of the kept-aside one.
    std::fs::rename(&public, &prev).unwrap();
    write_archive(&site, 2020, 36, 3);
    site.build();
    assert!(!prev.exists(), ".public.faro-prev is cleaned up");
    assert!(site.exists("informes/2022/12/index.html"));
    assert!(site.exists("comparar/2022/index.html"));
    let csv = site.read("datos/informes.csv");
    assert_eq!(csv.matches("\r\n").count(), 1 + 36 * INDICATORS);
    // Nothing stale: the staging folder of the next build is not published.
    for f in files_under(&public) {
        assert!(!f.starts_with(".public"), "{f}");
    }
}

/// A report body built to be slow at size `n`: deep nesting, long runs of
/// openers, thousands of the same heading.
fn pathological_body(name: &str, n: usize) -> String {
    match name {
        "same heading" => "## Igual\n\n".repeat(n),
        "empty headings" => "#\n".repeat(n),
        "custom ids" => "## A {#a}\n## A\n".repeat(n / 2),
        "open brackets" => "[".repeat(n * 4),
        "open images" => "![".repeat(n * 2),
        "nested images" => format!("{}x{}", "![".repeat(n / 4), "](a.jpg)".repeat(n / 4)),
        "blockquotes" => format!("{}a\n", "> ".repeat(n)),
        // Each level indented one more: the text grows with the square of
        // the depth, so the depth grows with the root of n.
        "nested lists" => (0..(n * 100).isqrt())
            .map(|i| format!("{}- a\n", "  ".repeat(i)))
            .collect(),
        "emphasis" => "*a **b ".repeat(n),
        "backticks" => "`a ``b ".repeat(n),
        "entities" => "&#106;&colon;".repeat(n),
        "links" => "[a](javascript:x) ".repeat(n),
        "raw html" => "<div><b>".repeat(n),
        "table" => format!(
            "{}\n{}\n{}",
            "|a".repeat(n / 10),
            "|-".repeat(n / 10),
            "|1".repeat(n / 10)
        ),
        "footnotes" => (0..n / 4).map(|i| format!("[^{i}] [^{i}]: x\n")).collect(),
        // Unreadable images: refused, in a few lines.
        "unreadable images" => "![a](b c.jpg) ".repeat(n),
        other => panic!("no body {other}"),
    }
}

/// Front matter built to be slow at size `n`: thousands of rows, of unknown
/// keys, deep nesting, a long key.
fn pathological_front(name: &str, n: usize) -> String {
    match name {
        "rows" => format!(
            "---\nperiod: 2024-01\ntables:\n  - title: T\n    rows:\n{}---\n",
            (0..n / 10)
                .map(|i| format!("      - {{ label: \"Fila\", value: {i} }}\n"))
                .collect::<String>()
        ),
        "unknown keys" => format!(
            "---\nperiod: 2024-01\n{}---\n",
            (0..n / 10)
                .map(|i| format!("clave{i}: x\n"))
                .collect::<String>()
        ),
        "deep" => format!(
            "---\nperiod: 2024-01\nextra: {}{}\n---\n",
            "[".repeat(n),
            "]".repeat(n)
        ),
        "long key" => format!("---\n{}: 1\nperiod: 2024-01\n---\n", "k".repeat(n * 4)),
        other => panic!("no front matter {other}"),
    }
}

/// Inputs built to be slow: each must load and render in linear-ish work.
/// Not timed by the clock: four times the input may take at most eight
/// times the CPU time (`common::assert_linear`), so a loaded machine
/// cannot fail it and quadratic work (sixteen times) cannot pass.
#[test]
fn pathological_reports_load_and_render_in_linear_work() {
    let n = 5_000;
    let front = "---\nperiod: 2024-01\ntables:\n  - title: T\n    rows:\n      - { label: A, value: 1 }\n---\n";
    let mut measured = Vec::new();
    for name in [
        "same heading",
        "empty headings",
        "custom ids",
        "open brackets",
        "open images",
        "nested images",
        "blockquotes",
        "nested lists",
        "emphasis",
        "backticks",
        "entities",
        "links",
        "raw html",
        "table",
        "footnotes",
    ] {
        eprintln!("{name}…");
        measured.push(common::assert_linear(name, n, |size| {
            let text = format!("{front}{}", pathological_body(name, size));
            let report =
                faro::load::parse_report_text(Path::new("index.md"), &text, "2024-01").unwrap();
            let _ = faro::load::markdown_refs::photo_refs(&report.body, report.body_line);
            let html = faro::render::markdown::render(&report.body, false, &|_, _| None);
            let _ = faro::render::markdown::render(&report.body, true, &|_, _| None);
            assert!(!html.html.to_ascii_lowercase().contains("href=\"javascript"));
        }));
    }
    // Unreadable images: refused in a few lines, however many.
    measured.push(common::assert_linear("unreadable images", n, |size| {
        let text = format!("{front}{}", pathological_body("unreadable images", size));
        let Err(problems) = faro::load::parse_report_text(Path::new("index.md"), &text, "2024-01")
        else {
            panic!("unreadable images were accepted");
        };
        assert!(problems.len() <= 11, "{} problems", problems.len());
        // By its code: this runs in the process, in the default language.
        assert!(
            problems
                .0
                .iter()
                .any(|d| d.code == "load-image-as-text-more"),
            "{problems}"
        );
    }));
    for name in ["rows", "unknown keys", "deep", "long key"] {
        eprintln!("{name}…");
        measured.push(common::assert_linear(name, n, |size| {
            let text = pathological_front(name, size);
            let result = faro::load::parse_report_text(Path::new("index.md"), &text, "2024-01");
            if let Err(d) = &result {
                assert!(!d.is_empty());
            }
            if name == "deep" {
                assert!(result.is_err(), "{name} accepted");
            }
        }));
    }
    // Aliases: the expansion is bounded by a count, whatever the input.
    let aliases = format!(
        "---\nperiod: 2024-01\nextra:\n  a: &a [{}]\n  b: &b [{}]\n  c: [{}]\n---\n",
        "x, ".repeat(1000),
        "*a, ".repeat(1000),
        "*b, ".repeat(1000)
    );
    let Err(d) = faro::load::parse_report_text(Path::new("index.md"), &aliases, "2024-01") else {
        panic!("aliases accepted");
    };
    // By its code and number: this runs in the default language.
    assert!(
        d.0.iter().any(|d| d.code == "load-yaml-aliases-too-many")
            && d.to_string().contains("100000"),
        "{d}"
    );
    eprintln!("{}", measured.join("\n"));
}

/// The anchor numbering did not change when it was made linear: the first
/// free `base-N`, counting from 1, whatever ids the editor gave.
#[test]
fn heading_anchors_are_numbered_as_before() {
    let ids = |md: &str| -> Vec<String> {
        faro::render::markdown::render(md, false, &|_, _| None)
            .toc
            .into_iter()
            .map(|t| t.id)
            .collect()
    };
    assert_eq!(ids("## A\n## A\n## A\n"), ["a", "a-1", "a-2"]);
    assert_eq!(
        ids("## A\n## B {#a-1}\n## A\n## A\n"),
        ["a", "a-1", "a-2", "a-3"]
    );
    assert_eq!(
        ids("## A-1\n## A\n## A\n## A\n"),
        ["a-1", "a", "a-2", "a-3"]
    );
    assert_eq!(ids("## A\n## A\n## A-1\n"), ["a", "a-1", "a-1-1"]);
    assert_eq!(
        ids("#\n## ¿?\n### \n"),
        ["seccion", "seccion-1", "seccion-2"]
    );
}

/// Found by the fuzzer: an image inside a heading kept a `javascript:` source.
#[test]
fn images_in_headings_never_keep_a_script_url() {
    for md in [
        "# ![x](javascript:alert(1))\n",
        "![x](&#106;avascript&colon;x)-\n---\n",
        "## a ![x](JaVaScRiPt:x) {#id}\n",
    ] {
        for unsafe_html in [false, true] {
            let html = faro::render::markdown::render(md, unsafe_html, &|_, _| None).html;
            assert!(
                !html.to_ascii_lowercase().contains("javascript:"),
                "{md:?} → {html}"
            );
        }
    }
}

/// Found by the fuzzer: libyaml ends lines at U+0085 (what a mis-converted
/// Windows "…" becomes), editors do not; messages must use the file's lines.
#[test]
fn yaml_errors_after_a_next_line_character_name_the_file_line() {
    let text = "---\nsummary: \"uno\u{85}dos\u{2028}tres\"\nperiod: 2024-01\nbad: [\n---\ncuerpo\n";
    let err = faro::load::parse_report_text(Path::new("index.md"), text, "2024-01").unwrap_err();
    let lines: Vec<usize> = err.0.iter().map(|d| d.line).collect();
    assert!(
        lines.iter().all(|l| (4..=5).contains(l)),
        "{lines:?}: {err}"
    );
}
