//! `faro init DIR --institution "…"`: a new portal for any institution,
//! ready to build: `site.yaml`, a home text, an "Acerca de" page and one
//! example report marked `sample: true`.
//!
//! Everything is written into a hidden folder beside DIR, read back through
//! the real loader, and only then moved into place, so a failed `init`
//! leaves nothing half made, and an existing folder with anything in it is
//! never touched.

use crate::config::Config;
use crate::load;
use crate::model::Period;
use crate::t;
use crate::yamlwrite::quote;
use std::path::{Path, PathBuf};

/// What the new portal is called and where it will live.
#[derive(Debug, Clone)]
pub struct InitOptions {
    pub dir: PathBuf,
    pub institution: String,
    pub title: Option<String>,
    pub base_url: Option<String>,
}

/// The files of a new portal, relative to its folder. Pure.
pub fn files(opts: &InitOptions, example: Period) -> Vec<(String, String)> {
    let institution = opts.institution.trim();
    let title = opts
        .title
        .clone()
        .unwrap_or_else(|| format!("Informes de {institution}"));
    let base_url = opts
        .base_url
        .clone()
        .unwrap_or_else(|| "https://example.org/informes/".to_string());
    let site = format!(
        "# La configuración del portal. Cambie base_url por la dirección donde se publicará.\n\
         title: {}\n\
         institution: {}\n\
         base_url: {}\n\
         language: es\n\
         theme: igm\n\
         description: {}\n\
         images: {{ widths: [480, 960, 1600], quality: 80 }}\n",
        quote(&title),
        quote(institution),
        quote(&base_url),
        quote(&format!(
            "Informes mensuales de {institution}, con sus cifras como datos abiertos."
        )),
    );
    let home = format!(
        "---\ntitle: Inicio\n---\n\
         Este portal reúne los informes mensuales de {institution}. Las cifras de cada informe \
         pueden descargarse como datos abiertos y compararse con el mes anterior y con el mismo \
         mes del año previo.\n"
    );
    let about = format!(
        "---\ntitle: Acerca de\n---\n\
         Este portal publica los informes mensuales de {institution}.\n\n\
         Los informes marcados como «datos de ejemplo» contienen datos de demostración; \
         no son cifras oficiales.\n"
    );
    let report = format!(
        "---\n\
         # Un informe de ejemplo: reemplácelo por uno real (faro new AAAA-MM o faro import).\n\
         period: {example}\n\
         title: {}\n\
         sample: true\n\
         tables:\n  \
         - number: 1\n    \
         id: tramites\n    \
         title: \"Trámites atendidos\"\n    \
         unit: \"Cantidad de trámites\"\n    \
         source: \"Datos de ejemplo.\"\n    \
         rows:\n      \
         - {{ id: solicitudes-recibidas, label: \"Solicitudes recibidas\", value: 120 }}\n      \
         - {{ id: solicitudes-resueltas, label: \"Solicitudes resueltas\", value: 95 }}\n\
         ---\n\
         ## 01. Actividades del mes\n\n\
         Aquí va la narración del mes. Este informe contiene datos de ejemplo.\n",
        quote(&format!(
            "Informe mensual — {} {}",
            crate::numfmt::month_name(example.month),
            example.year
        )),
    );
    let report_path = crate::scaffold::report_path(example)
        .to_string_lossy()
        .into_owned();
    vec![
        ("site.yaml".into(), site),
        ("content/_index.md".into(), home),
        ("content/acerca.md".into(), about),
        (report_path, report),
        (".gitignore".into(), "public/\n.faro-cache/\n".into()),
    ]
}

/// Creates the portal. Returns the message to show on failure.
pub fn init(opts: &InitOptions, example: Period) -> Result<(), String> {
    if opts.institution.trim().is_empty() {
        return Err(t!("init-bad-institution"));
    }
    let dir = &opts.dir;
    let shown = dir.display().to_string();
    if let Ok(mut entries) = std::fs::read_dir(dir) {
        if entries.next().is_some() {
            return Err(t!("init-not-empty", dir = shown));
        }
    } else if dir.exists() || dir.is_symlink() {
        // A file, or a link: nothing faro should write into.
        return Err(t!("init-not-empty", dir = shown));
    }
    let staging = staging_dir(dir);
    let _ = std::fs::remove_dir_all(&staging);
    let result = write_all(&staging, opts, example).and_then(|()| verify(&staging));
    let result = result.and_then(|()| {
        // An empty DIR is removed only now, and only if still empty.
        if dir.exists() {
            std::fs::remove_dir(dir).map_err(|e| {
                t!(
                    "init-cannot-write",
                    path = shown.as_str(),
                    error = crate::i18n::error_text(&e)
                )
            })?;
        }
        std::fs::rename(&staging, dir).map_err(|e| {
            t!(
                "init-cannot-write",
                path = shown.as_str(),
                error = crate::i18n::error_text(&e)
            )
        })
    });
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// `.DIR.faro-init` beside DIR: on the same file system, so the final rename is atomic.
fn staging_dir(dir: &Path) -> PathBuf {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "portal".into());
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(format!(".{name}.faro-init"))
}

fn write_all(staging: &Path, opts: &InitOptions, example: Period) -> Result<(), String> {
    for (rel, text) in files(opts, example) {
        let path = staging.join(&rel);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, text));
        written.map_err(|e| {
            t!(
                "init-cannot-write",
                path = rel.as_str(),
                error = crate::i18n::error_text(&e)
            )
        })?;
    }
    Ok(())
}

/// The new portal must load with the build's own rules.
fn verify(staging: &Path) -> Result<(), String> {
    let config = Config::load(&staging.join("site.yaml"), Path::new("site.yaml"))
        .map_err(|d| t!("new-internal", detail = d.to_string()))?;
    let archive = load::load(staging, &config, false)
        .map_err(|d| t!("new-internal", detail = d.to_string()))?;
    if archive.reports.len() != 1 {
        return Err(t!(
            "new-internal",
            detail = "the example report was not read back"
        ));
    }
    Ok(())
}

/// The month before today's (UTC): a plausible month for the example report.
pub fn last_month() -> Period {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0) as i64;
    let (year, month, _) = crate::republish::civil_from_days(days);
    Period { year, month }.previous_month()
}

/// `faro init` as the command line runs it: prints what happened, returns the exit code.
pub fn run(opts: &InitOptions) -> u8 {
    match init(opts, last_month()) {
        Ok(()) => {
            let dir = opts.dir.display().to_string();
            println!("{}", t!("init-created", dir = dir.as_str()));
            println!("{}", t!("init-next", dir = dir.as_str()));
            0
        }
        Err(message) => {
            eprintln!("faro: {message}");
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_is_a_hidden_sibling() {
        assert_eq!(
            staging_dir(Path::new("a/portal")),
            Path::new("a/.portal.faro-init")
        );
        assert_eq!(
            staging_dir(Path::new("portal")),
            Path::new("./.portal.faro-init")
        );
    }
}
