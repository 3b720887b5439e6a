//! The first hour with faro (issue 24 items 6 and 7) and the checks of what
//! an editor types (issue 25 item 9): publishing into a new folder, a new
//! site's title and settings, the placeholder `base_url`, `faro new` in
//! another institution's site, `draft: no`, ids a spreadsheet would run,
//! and the preview's terminal (editors' temporary files, repeated warnings).

mod common;

use common::serve::{REPORT, Server};
use common::{Site, report, stderr, stdout};
use std::path::Path;
use std::process::{Command, Output};

/// `faro ARGS` in `dir` with messages in `lang`.
fn faro_at(dir: &Path, lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_faro"))
        .current_dir(dir)
        .env("FARO_LANG", lang)
        .args(args)
        .output()
        .expect("run faro")
}

/// A new site made by `faro init` with `args` after the folder, in a temp dir.
fn init(args: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut all = vec!["init", "portal"];
    all.extend_from_slice(args);
    let out = faro_at(tmp.path(), "es", &all);
    assert!(out.status.success(), "{}", stderr(&out));
    let site = tmp.path().join("portal");
    (tmp, site)
}

fn site_yaml(site: &Path) -> String {
    std::fs::read_to_string(site.join("site.yaml")).expect("site.yaml")
}

// ---- 1. Publishing into a new folder ----

#[test]
fn publish_creates_a_new_destination_folder_and_the_dry_run_says_so() {
    let site = Site::basic();
    site.build();
    let outer = tempfile::tempdir().expect("temp dir");
    let dest = outer.path().join("www").join("informes");
    let dest_arg = dest.to_str().expect("utf-8 path");

    // The folder it would go in is missing: a typo or a share not mounted.
    // The dry run and the publication say the same, and nothing is made.
    for extra in [&["--dry-run"][..], &[][..]] {
        let mut args = vec!["publish", dest_arg];
        args.extend_from_slice(extra);
        let out = site.faro(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {err}");
        assert!(
            err.contains(&format!(
                "the folder {} does not exist",
                outer.path().join("www").display()
            )),
            "{err}"
        );
        assert!(err.contains("mkdir -p"), "{err}");
        assert!(!outer.path().join("www").exists());
    }

    // Its parent exists: the dry run says it would create it, and does not.
    std::fs::create_dir(outer.path().join("www")).expect("mkdir www");
    let dry = site.faro(&["publish", dest_arg, "--dry-run"]);
    let said = stdout(&dry);
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(
        said.contains(&format!(
            "would create the folder {} (it does not exist yet)",
            dest.display()
        )),
        "{said}"
    );
    assert!(said.contains("+ index.html"), "{said}");
    assert!(!dest.exists(), "a dry run created the folder");

    // The publication creates it and copies every file the dry run listed.
    let out = site.faro(&["publish", dest_arg]);
    let done = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        done.contains(&format!("created the folder {}", dest.display())),
        "{done}"
    );
    let listed = said.lines().filter(|l| l.starts_with("+ ")).count();
    assert!(
        done.contains(&format!("published: {listed} new files")),
        "{done}"
    );
    assert!(dest.join("index.html").is_file());
    assert!(dest.join("informes/2024/01/index.html").is_file());
}

// ---- 2 and 3. A new site's title and settings ----

#[test]
fn init_titles_the_site_with_the_institutions_article() {
    for (institution, title) in [
        (
            "Ministerio de Desarrollo Social",
            "Informes del Ministerio de Desarrollo Social",
        ),
        (
            "Secretaría de Bienestar Social",
            "Informes de la Secretaría de Bienestar Social",
        ),
        ("El Organismo Judicial", "Informes del Organismo Judicial"),
        ("Acme", "Informes — Acme"),
    ] {
        let (_tmp, site) = init(&["--institution", institution]);
        let yaml = site_yaml(&site);
        assert!(yaml.contains(&format!("title: \"{title}\"\n")), "{yaml}");
    }
    let (_tmp, site) = init(&[
        "--institution",
        "Ministerio de Desarrollo Social",
        "--title",
        "Portal de datos del MIDES",
    ]);
    let yaml = site_yaml(&site);
    assert!(
        yaml.contains("title: \"Portal de datos del MIDES\"\n"),
        "{yaml}"
    );
    let home = std::fs::read_to_string(site.join("content/_index.md")).expect("home");
    assert!(
        home.contains("los informes mensuales del Ministerio de Desarrollo Social"),
        "{home}"
    );

    // An empty --title is refused, and nothing is made.
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = faro_at(
        tmp.path(),
        "en",
        &["init", "portal", "--institution", "Acme", "--title", " "],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("the title is empty"),
        "{}",
        stderr(&out)
    );
    assert!(!tmp.path().join("portal").exists());
}

#[test]
fn a_new_site_names_photos_by_their_content() {
    let (_tmp, site) = init(&["--institution", "Instituto Nacional de Estadística"]);
    let yaml = site_yaml(&site);
    assert!(yaml.contains("hashed_names: true"), "{yaml}");
    assert!(
        yaml.contains("# Las fotos se publican con un nombre hecho de su contenido"),
        "{yaml}"
    );
}

// ---- 4. The placeholder base_url ----

#[test]
fn the_placeholder_base_url_is_a_warning_at_build_and_publish() {
    let (tmp, site) = init(&["--institution", "Ministerio de Desarrollo Social"]);
    let yaml = site_yaml(&site);
    let line = common::line_of(&yaml, "base_url:");

    let out = faro_at(&site, "en", &["build"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(&format!(
            "site.yaml:{line}: warning: base_url is still https://example.org/informes/, the example address `faro init` writes"
        )),
        "{err}"
    );
    assert_eq!(err.matches("base_url is still").count(), 1, "{err}");

    // Publishing what was built for the placeholder says so, once.
    let dest = tmp.path().join("www");
    let out = faro_at(&site, "es", &["publish", dest.to_str().expect("utf-8")]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert_eq!(
        err.matches("la dirección de ejemplo que escribe `faro init`")
            .count(),
        1,
        "{err}"
    );

    // Under --strict, nothing is built with it.
    let out = faro_at(&site, "en", &["build", "--strict"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("base_url is still"));

    // Built for the real address (-u), neither warns.
    let out = faro_at(
        &site,
        "en",
        &["build", "-u", "https://www.mides.gob.gt/informes/"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("base_url"), "{}", stderr(&out));
    let out = faro_at(&site, "en", &["publish", dest.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("base_url"), "{}", stderr(&out));

    // A site made with -u has no placeholder.
    let (_tmp, real) = init(&[
        "--institution",
        "Ministerio de Desarrollo Social",
        "-u",
        "https://www.mides.gob.gt/informes/",
    ]);
    let out = faro_at(&real, "en", &["build", "--strict"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

// ---- 5. faro new in another institution's site ----

#[test]
fn faro_new_titles_the_month_like_the_sites_last_report() {
    let (_tmp, site) = init(&["--institution", "Ministerio de Desarrollo Social"]);
    let out = faro_at(&site, "en", &["new", "2031-07"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(site.join("content/informes/2031/07/index.md"))
        .expect("new report");
    assert!(
        text.contains("title: \"Informe mensual — julio 2031\"\n"),
        "{text}"
    );
    assert!(!text.contains("actividades relevantes"), "{text}");

    // A report titled its own way, capitals and all.
    let s = Site::new();
    s.write(
        "content/informes/2024/06/index.md",
        &report(
            "2024-06",
            "title: \"Boletín Estadístico de Junio 2024\"\n",
            "",
        ),
    );
    let out = s.faro(&["new", "2024-07"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text =
        std::fs::read_to_string(s.path("content/informes/2024/07/index.md")).expect("new report");
    assert!(
        text.contains("title: \"Boletín Estadístico de Julio 2024\"\n"),
        "{text}"
    );

    // No report yet: the site's title, in the singular, with the month.
    let s = Site::new();
    let out = s.faro(&["new", "2024-07"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text =
        std::fs::read_to_string(s.path("content/informes/2024/07/index.md")).expect("new report");
    assert!(
        text.contains("title: \"Informe de prueba — julio 2024\"\n"),
        "{text}"
    );
}

// ---- 6. draft: no ----

#[test]
fn draft_and_sample_take_exactly_the_words_the_message_lists() {
    let s = Site::basic();
    let path = "content/informes/2024/01/index.md";
    let with = |front: &str| report("2024-01", front, "## Política\n\nTexto.\n");

    s.write(path, &with("draft: no\nsample: No\n"));
    s.build();
    assert!(s.exists("informes/2024/01/index.html"));

    for word in ["sí", "si", "yes", "true"] {
        s.write(path, &with(&format!("draft: {word}\n")));
        s.build();
        assert!(!s.exists("informes/2024/01/index.html"), "draft: {word}");
    }

    s.write(path, &with("draft: quizás\n"));
    let err = s.build_fails();
    common::assert_at(
        &err,
        path,
        3,
        "`draft` must be true or false (yes, sí and si are also read as true, no as false), not \"quizás\"",
    );
}

// ---- 8. base_url and ids ----

#[test]
fn a_base_url_that_is_not_a_web_address_is_refused() {
    let s = Site::basic();
    s.write(
        "site.yaml",
        "title: \"Informes\"\ninstitution: \"Instituto\"\nbase_url: \"javascript:alert(1)\"\n",
    );
    let out = s.faro_in("es", &["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("site.yaml:3:11: base_url \"javascript:alert(1)\" no es una dirección web"),
        "{err}"
    );
    assert!(!s.exists("index.html"));

    s.write("site.yaml", common::SITE_YAML);
    let out = s.faro_in("es", &["build", "-u", "javascript:alert(1)"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("--base-url: \"javascript:alert(1)\" no es una dirección web"),
        "{err}"
    );
    assert!(!s.exists("index.html"));
    // A path from the host's root is an address.
    let out = s.faro(&["build", "-u", "/informes/"]);
    assert!(out.status.success(), "{}", stderr(&out));

    let tmp = tempfile::tempdir().expect("temp dir");
    let out = faro_at(
        tmp.path(),
        "en",
        &[
            "init",
            "portal",
            "--institution",
            "Acme",
            "-u",
            "javascript:alert(1)",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("\"javascript:alert(1)\" is not a web address"),
        "{}",
        stderr(&out)
    );
    assert!(!tmp.path().join("portal").exists());
}

#[test]
fn an_id_a_spreadsheet_would_read_as_a_formula_is_refused_with_its_fix() {
    let s = Site::basic();
    let path = "content/informes/2024/01/index.md";
    let text = report("2024-01", "", "Texto.\n").replace(
        "      - label: \"Visas emitidas\"\n",
        "      - label: \"Visas emitidas\"\n        id: \"-1-2\"\n",
    );
    s.write(path, &text);
    let err = s.build_fails();
    common::assert_at(
        &err,
        path,
        common::line_of(&text, "id: \"-1-2\""),
        "id `-1-2` does not begin with a letter a-z or a digit",
    );
    assert!(err.contains("write `id: 1-2`"), "{err}");
}

// ---- 7. The preview's terminal ----

#[test]
fn the_preview_ignores_editors_temporary_files_and_prints_each_warning_once() {
    let site = common::serve::fixture();
    let warned = |label: &str| {
        report("2024-01", "", "## Política\n\nTexto de enero.\n")
            .replace("\"Registro de extranjería\"", &format!("\"{label}\""))
    };
    site.write(REPORT, &warned("=Registro"));
    let server = Server::start(&site);
    server.wait_for_stdout("built");
    let formula = "\"=Registro\" starts with `=`";
    let count = |server: &Server| server.stderr().matches(formula).count();
    server.wait_for_stderr(formula);
    assert_eq!(count(&server), 1, "{}", server.stderr());

    // Editors' temporary files, then a real save.
    let dir = "content/informes/2024/01";
    for junk in [
        "sedGBgMWs",
        ".index.md.swp",
        "4913",
        "index.md~",
        "informe.tmp",
        "~$forme.docx",
    ] {
        site.write(&format!("{dir}/{junk}"), "x");
    }
    common::serve::atomic_save(
        &site,
        REPORT,
        &format!("{}\nMás texto.\n", warned("=Registro")),
    );
    server.wait_for_stdout("rebuilt (content/informes/2024/01/index.md)");
    server.wait_for_stderr("1 warning as before, not repeated");
    let changes: Vec<String> = server
        .stdout()
        .lines()
        .filter(|l| l.contains("rebuilt ("))
        .map(str::to_string)
        .collect();
    for junk in ["sedGBgMWs", ".swp", "4913", "md~", "informe.tmp", "~$"] {
        assert!(
            !changes.iter().any(|l| l.contains(junk)),
            "{junk} was taken for a change:\n{changes:#?}"
        );
    }
    assert_eq!(count(&server), 1, "{}", server.stderr());

    // The warning goes away, then comes back: printed again.
    let rebuilt = |server: &Server| server.stdout().matches("rebuilt (").count();
    let wait_until = |what: &str, done: &dyn Fn() -> bool| {
        let start = std::time::Instant::now();
        while !done() {
            assert!(
                start.elapsed() < common::serve::WAIT,
                "{what}:\n{}\n{}",
                server.stdout(),
                server.stderr()
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    };
    let before = rebuilt(&server);
    common::serve::atomic_save(&site, REPORT, &warned("Registro"));
    wait_until("no rebuild after the fix", &|| rebuilt(&server) > before);
    assert_eq!(count(&server), 1, "{}", server.stderr());
    common::serve::atomic_save(&site, REPORT, &warned("=Registro"));
    wait_until("the warning did not come back", &|| count(&server) == 2);
}

/// A document open in Word or LibreOffice beside the site's static files
/// leaves a lock file there (`~$informe.docx`, `.~lock.informe.docx#`): the
/// build neither publishes it nor stops at its name.
#[test]
fn lock_files_of_open_documents_are_not_published() {
    let site = Site::basic();
    site.write("static/informe.docx", "documento");
    site.write("static/~$informe.docx", "bloqueo de Word");
    site.write("static/.~lock.informe.docx#", "bloqueo de LibreOffice");
    site.build();
    assert!(site.path("public/informe.docx").is_file());
    assert!(!site.path("public/~$informe.docx").exists());
    assert!(!site.path("public/.~lock.informe.docx#").exists());
}
