//! `faro init DIR --institution "…"`: a new portal that builds at once, and
//! the command line's language (Spanish by default, English on request).

mod common;
use std::process::{Command, Output};

fn faro(dir: &std::path::Path, env_lang: Option<&str>, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_faro"));
    c.current_dir(dir).args(args).env_remove("FARO_LANG");
    if let Some(l) = env_lang {
        c.env("FARO_LANG", l);
    }
    c.output().expect("run faro")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn init_then_build() {
    let tmp = tempfile::tempdir().unwrap();
    let out = faro(
        tmp.path(),
        None,
        &[
            "init",
            "portal",
            "--institution",
            "Instituto Nacional de Estadística",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("portal creado en portal"), "{said}");
    assert!(said.contains("faro serve"), "{said}");
    let site = tmp.path().join("portal");
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    assert!(
        yaml.contains("institution: \"Instituto Nacional de Estadística\""),
        "{yaml}"
    );
    assert!(site.join("content/_index.md").is_file());
    assert!(site.join("content/acerca.md").is_file());
    // No staging folder is left beside it.
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left.len(), 1, "{left:?}");

    let built = faro(&site, None, &["build"]);
    assert!(built.status.success(), "{}", text(&built.stderr));
    assert!(
        text(&built.stdout).contains("sitio construido"),
        "{}",
        text(&built.stdout)
    );
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains("Instituto Nacional de Estadística"), "{home}");
    // The example report is sample data, and says so.
    let report = walkdir::WalkDir::new(site.join("public/informes"))
        .into_iter()
        .flatten()
        .find(|e| {
            e.path().ends_with("index.html")
                && e.path().components().count() > site.components().count() + 4
        })
        .expect("a report page");
    let page = std::fs::read_to_string(report.path()).unwrap();
    assert!(page.contains("ejemplo"), "{page}");
}

#[test]
fn init_never_touches_a_folder_with_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("existente");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("notas.txt"), "mío").unwrap();
    let out = faro(
        tmp.path(),
        None,
        &["init", "existente", "--institution", "X"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("no está vacía"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("notas.txt")).unwrap(),
        "mío"
    );
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    // An empty folder is fine.
    std::fs::create_dir(tmp.path().join("vacia")).unwrap();
    let out = faro(tmp.path(), None, &["init", "vacia", "--institution", "X"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(tmp.path().join("vacia/site.yaml").is_file());
}

#[test]
fn build_outside_a_site_says_to_use_root_or_init() {
    let tmp = tempfile::tempdir().unwrap();
    let out = faro(tmp.path(), None, &["build"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("--root") && err.contains("faro init"), "{err}");
    assert!(err.contains("falta site.yaml"), "{err}");
    let en = faro(tmp.path(), Some("en"), &["build"]);
    assert!(
        text(&en.stderr).contains("it has no site.yaml"),
        "{}",
        text(&en.stderr)
    );
    // Nothing was created.
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn help_is_spanish_by_default_with_examples_and_english_on_request() {
    let tmp = tempfile::tempdir().unwrap();
    let es = text(&faro(tmp.path(), None, &["build", "--help"]).stdout);
    assert!(es.contains("Construye el sitio"), "{es}");
    assert!(es.contains("Ejemplos:"), "{es}");
    assert!(
        es.contains("-r, --root") && es.contains("-o, --output"),
        "{es}"
    );
    assert!(
        es.contains("-u, --base-url") && es.contains("-D, --drafts"),
        "{es}"
    );
    let serve = text(&faro(tmp.path(), None, &["serve", "--help"]).stdout);
    assert!(
        serve.contains("-p, --port") && serve.contains("--open"),
        "{serve}"
    );
    let en = text(&faro(tmp.path(), None, &["--lang", "en", "build", "--help"]).stdout);
    assert!(
        en.contains("Build the site") && en.contains("Examples:"),
        "{en}"
    );
    let env_en = text(&faro(tmp.path(), Some("en"), &["--help"]).stdout);
    assert!(env_en.contains("Commands:"), "{env_en}");
    let bad = faro(tmp.path(), None, &["--lang", "fr", "build"]);
    assert_eq!(bad.status.code(), Some(2));
}
