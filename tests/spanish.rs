//! Every word faro says is Spanish by default: clap's usage errors, the
//! operating system's errors and the YAML parser's are all said in the
//! catalogue's words, never in the libraries' English. Counts take the
//! singular or the plural as Spanish does.

mod common;
use common::{Site, report};
use std::path::Path;
use std::process::{Command, Output};

/// Words and phrases of clap, the operating system and the YAML parsers
/// that must never reach a Spanish reader.
const ENGLISH: &[&str] = &[
    "error:",
    "Usage",
    "USAGE",
    "OPTIONS",
    "Options",
    "tip:",
    "For more information",
    "try '--help'",
    "unrecognized",
    "unexpected argument",
    "unexpected value",
    "required arguments",
    "were not provided",
    "invalid value",
    "invalid digit",
    "is not in",
    "possible values",
    "a value is required",
    "but none was supplied",
    "similar",
    "os error",
    "No such file",
    "Permission denied",
    "Is a directory",
    "Not a directory",
    "File exists",
    "did not find expected",
    "found",
    "while parsing",
    "while scanning",
    "expected",
    "mapping values",
    "not allowed",
    "unknown anchor",
    "escape character",
    "cannot start any token",
    "YAML syntax error",
    "invalid type",
];

/// Runs faro in `dir` with no FARO_LANG, as an editor would.
fn faro_default(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_faro"))
        .env_remove("FARO_LANG")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run faro")
}

fn all_text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn assert_no_english(args: &[&str], text: &str) {
    let leaked: Vec<&&str> = ENGLISH.iter().filter(|w| text.contains(**w)).collect();
    assert!(
        leaked.is_empty(),
        "faro {args:?} says {leaked:?} in English:\n{text}"
    );
}

/// Every command, with a typo, a missing argument and a wrong value:
/// each is a usage error (exit 2), said in Spanish with the usage line.
#[test]
fn usage_errors_are_spanish_and_exit_2() {
    let site = Site::basic();
    let cases: &[&[&str]] = &[
        // The top level.
        &["buil"],
        &["--verbose", "build"],
        &[],
        &["--lang", "fr", "build"],
        &["--lang"],
        // build
        &["build", "--rot", "x"],
        &["build", "--root"],
        &["build", "de-mas"],
        &["build", "--drafts=si"],
        // serve
        &["serve", "--prot", "8080"],
        &["serve", "--port"],
        &["serve", "--port", "abc"],
        &["serve", "--port", "70000"],
        &["serve", "--bind", "ninguna"],
        // check
        &["check", "--formt", "json"],
        &["check", "--format"],
        &["check", "--format", "xml"],
        // new
        &["new", "2024-01", "--forse"],
        &["new"],
        &["new", "2024-13"],
        // import
        &["import", "--dryrun", "a.docx"],
        &["import"],
        &["import", "a.docx", "--period", "enero"],
        // publish
        &["publish", "--dryrun", "/tmp/x"],
        &["publish"],
        &["publish", "--print-config", "iis"],
        // init
        &["init", "x", "--institucion", "I"],
        &["init", "x"],
        &["init", "x", "--institution"],
    ];
    for args in cases {
        let out = faro_default(site.root(), args);
        let text = all_text(&out);
        assert_eq!(out.status.code(), Some(2), "faro {args:?}:\n{text}");
        assert_no_english(args, &text);
        assert!(!text.trim().is_empty(), "faro {args:?} says nothing");
        if !args.is_empty() {
            assert!(text.contains("Uso: faro"), "faro {args:?}:\n{text}");
        }
    }
}

/// The typo gets a suggestion, and the message names what was wrong.
#[test]
fn usage_errors_name_the_mistake_and_suggest_the_fix() {
    let site = Site::basic();
    let text = all_text(&faro_default(site.root(), &["buil"]));
    assert!(
        text.contains("«buil»") && text.contains("«build»"),
        "{text}"
    );
    let text = all_text(&faro_default(site.root(), &["build", "--rot", "x"]));
    assert!(
        text.contains("«--rot»") && text.contains("«--root»"),
        "{text}"
    );
    let text = all_text(&faro_default(site.root(), &["check", "--format", "xml"]));
    assert!(text.contains("«xml»") && text.contains("json"), "{text}");
    let text = all_text(&faro_default(site.root(), &["init", "x"]));
    assert!(text.contains("--institution"), "{text}");
    // English on request, in the catalogue's words too.
    let out = site.faro(&["buil"]);
    let text = all_text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(text.contains("Usage: faro"), "{text}");
    assert!(text.contains("'build'"), "{text}");
}

/// Help and version still exit 0, in Spanish.
#[test]
fn help_is_spanish_and_exits_0() {
    let site = Site::basic();
    for args in [
        &["--help"][..],
        &["build", "--help"],
        &["serve", "-h"],
        &["check", "--help"],
        &["new", "--help"],
        &["import", "--help"],
        &["publish", "--help"],
        &["init", "--help"],
    ] {
        let out = faro_default(site.root(), args);
        let text = all_text(&out);
        assert_eq!(out.status.code(), Some(0), "faro {args:?}:\n{text}");
        assert_no_english(args, &text);
        assert!(text.contains("Uso: faro"), "{text}");
        assert!(text.contains("Opciones:"), "{text}");
    }
    let out = faro_default(site.root(), &["--version"]);
    assert_eq!(out.status.code(), Some(0));
}

/// The operating system's errors are said in words, without `(os error N)`.
#[test]
fn operating_system_errors_are_said_in_spanish() {
    let site = Site::basic();
    // A document to import that does not exist, and one that is a folder.
    std::fs::create_dir_all(site.path("carpeta.docx")).expect("mkdir");
    for (args, words) in [
        (&["import", "no-existe.docx"][..], "no existe"),
        (&["import", "carpeta.docx"], "carpeta"),
    ] {
        let out = faro_default(site.root(), args);
        let text = all_text(&out);
        assert_ne!(out.status.code(), Some(0), "{text}");
        assert_no_english(args, &text);
        assert!(text.contains(words), "faro {args:?}:\n{text}");
    }
    // `faro new` where content/informes is a file, not a folder.
    let other = Site::new();
    other.write("content/informes", "no es una carpeta");
    let out = faro_default(other.root(), &["new", "2024-02"]);
    let text = all_text(&out);
    assert_ne!(out.status.code(), Some(0), "{text}");
    assert_no_english(&["new"], &text);
    // A site folder that does not exist.
    let out = faro_default(site.root(), &["build", "--root", "/no/existe/faro"]);
    let text = all_text(&out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert_no_english(&["build", "--root"], &text);
    // A site.yaml that is a folder: it cannot be read.
    let folder = Site::new();
    std::fs::remove_file(folder.path("site.yaml")).expect("rm");
    std::fs::create_dir(folder.path("site.yaml")).expect("mkdir");
    folder.write("site.yaml/x", "");
    let out = faro_default(folder.root(), &["import", "a.docx"]);
    assert_no_english(&["import"], &all_text(&out));
}

/// A YAML syntax error of each kind the parsers report is explained in
/// Spanish, never with the parser's English.
#[test]
fn yaml_syntax_errors_are_spanish() {
    let fronts = [
        "period: 2024-01\ntables: [1, 2\n",
        "period: 2024-01\ntitle: {a: 1\n",
        "period: 2024-01\n  title: x\n",
        "period: 2024-01\ntitle: @x\n",
        "period: 2024-01\ntitle: \"a\\qb\"\n",
        "period: 2024-01\n- a\n",
        "period: 2024-01\ntitle: *x\n",
        "period: [a\n  ]: x\n",
        "period: 2024-01\ntitle: \"abierto\nsummary: x\n",
        "period: 2024-01\n\ttitle: x\n",
        "period: 2024-01\ntitle: a\ntitle: b\n",
        "period: 2024-01\ntitle: |0\n  x\n",
        "period: 2024-01\ntitle: !<x\n",
        "period: 2024-01\n%YAML 1.2\n",
    ];
    for front in fronts {
        let site = Site::new();
        site.write(
            "content/informes/2024/01/index.md",
            &format!("---\n{front}---\nTexto.\n"),
        );
        let out = faro_default(site.root(), &["build"]);
        let text = all_text(&out);
        assert_eq!(out.status.code(), Some(1), "{front}\n{text}");
        assert_no_english(&["build"], &text);
    }
    // site.yaml too, syntax and types.
    for yaml in [
        "title: \"T\ninstitution: I\nbase_url: https://e.org/\n",
        "title: T\ninstitution: I\nbase_url: https://e.org/\n  x: y\n",
        "title: T\ninstitution: I\nbase_url: https://e.org/\nimages: 5\n",
        "title: [T]\ninstitution: I\nbase_url: https://e.org/\n",
        "institution: I\nbase_url: https://e.org/\n",
    ] {
        let site = Site::new();
        site.write("site.yaml", yaml);
        let out = faro_default(site.root(), &["build"]);
        let text = all_text(&out);
        assert_eq!(out.status.code(), Some(1), "{yaml}\n{text}");
        assert_no_english(&["build"], &text);
    }
}

/// `1 informe`, `2 informes`: counts take Spanish plurals.
#[test]
fn counts_take_the_singular_and_the_plural() {
    let one = Site::new();
    one.write(
        "content/informes/2024/01/index.md",
        &report("2024-01", "", "Texto.\n"),
    );
    let out = faro_default(one.root(), &["check"]);
    let text = all_text(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains(" 1 informe,"), "{text}");
    let out = one.faro(&["check"]);
    assert!(all_text(&out).contains(" 1 report,"), "{}", all_text(&out));

    let two = Site::basic();
    let text = all_text(&faro_default(two.root(), &["check"]));
    assert!(text.contains(" 2 informes,"), "{text}");
    let text = all_text(&faro_default(two.root(), &["build"]));
    assert!(text.contains("2 informes,"), "{text}");

    // publish: one file changed is «1 archivo», not «1 archivos».
    let dest = tempfile::tempdir().expect("dest");
    let dest = dest.path().join("sitio");
    std::fs::create_dir(&dest).expect("mkdir");
    let dest = dest.to_str().expect("utf-8 path");
    let out = faro_default(two.root(), &["publish", dest]);
    assert_eq!(out.status.code(), Some(0), "{}", all_text(&out));
    let out = faro_default(two.root(), &["publish", dest]);
    let text = all_text(&out);
    assert_no_english(&["publish"], &text);
    // Nothing changed: the message counts the files, in the plural.
    assert!(text.contains(" archivos)"), "{text}");
}

/// The web server configuration's comments are Spanish by default.
#[test]
fn server_configuration_comments_are_spanish() {
    let site = Site::basic();
    for server in ["nginx", "apache"] {
        let out = faro_default(site.root(), &["publish", "--print-config", server]);
        let text = all_text(&out);
        assert_eq!(out.status.code(), Some(0), "{text}");
        let comments: Vec<&str> = text
            .lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .collect();
        assert!(!comments.is_empty(), "{text}");
        for english in [
            "Written by",
            "Goes inside",
            "copies",
            "record of",
            "Hashed names",
        ] {
            assert!(
                !comments.iter().any(|c| c.contains(english)),
                "{server}: {english}:\n{text}"
            );
        }
    }
}
