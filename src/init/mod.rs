//! `faro init DIR --institution "…"`: a new portal for any institution,
//! ready to build: `site.yaml`, a home text, an "Acerca de" page and one
//! example report marked `sample: true`.
//!
//! Everything is written into a hidden folder beside DIR, read back through
//! the real loader, and only then moved into place, so a failed `init`
//! leaves nothing half made, and an existing folder with anything in it is
//! never touched.

pub mod scaffold;

use crate::load;
use crate::load::config::Config;
use crate::load::model::Period;
use crate::support::yamlwrite::quote;
use crate::t;
use std::path::{Path, PathBuf};

/// What the new portal is called and where it will live.
#[derive(Debug, Clone)]
pub struct InitOptions {
    pub dir: PathBuf,
    pub institution: String,
    pub title: Option<String>,
    pub base_url: Option<String>,
}

/// How a Spanish sentence names the institution after "de": with the
/// article its first noun takes, contracted ("del Ministerio de Desarrollo
/// Social", "de la Secretaría de Bienestar Social", "del Organismo Judicial"
/// from "El Organismo Judicial"); `None` when the first word is not a noun
/// faro knows the gender of (a proper name, an acronym). Pure.
pub fn of_institution(name: &str) -> Option<String> {
    let name = name.trim();
    let (first, rest) = name
        .split_once(char::is_whitespace)
        .map_or((name, ""), |(f, r)| (f, r.trim_start()));
    let word = crate::support::slug::slugify(first);
    // A name that starts with its own article keeps the rest as written.
    if !rest.is_empty() {
        let with = |article: &str| Some(format!("{article} {rest}"));
        match word.as_str() {
            "el" => return with("del"),
            "la" => return with("de la"),
            "los" => return with("de los"),
            "las" => return with("de las"),
            _ => {}
        }
    }
    if MASCULINE.contains(&word.as_str()) {
        Some(format!("del {name}"))
    } else if FEMININE.contains(&word.as_str()) {
        Some(format!("de la {name}"))
    } else {
        None
    }
}

/// The title `faro init` gives a portal of `institution` without `--title`:
/// "Informes del Ministerio de Desarrollo Social", or, for a name whose
/// article faro cannot tell ("Acme", "SAT"), "Informes — Acme", which needs
/// none. Pure.
pub fn default_title(institution: &str) -> String {
    let institution = institution.trim();
    match of_institution(institution) {
        Some(of) => format!("Informes {of}"),
        None => format!("Informes — {institution}"),
    }
}

/// "de …" for running text: [`of_institution`], or plain "de NAME" (as
/// proper names take it: "de Acme").
fn of_institution_text(institution: &str) -> String {
    of_institution(institution).unwrap_or_else(|| format!("de {}", institution.trim()))
}

/// First words of institutions' names that take "el" (as slugs: no
/// accents, lowercase).
const MASCULINE: &[&str] = &[
    "ministerio",
    "viceministerio",
    "instituto",
    "registro",
    "consejo",
    "organismo",
    "tribunal",
    "banco",
    "fondo",
    "servicio",
    "departamento",
    "centro",
    "comite",
    "congreso",
    "gobierno",
    "ayuntamiento",
    "despacho",
    "programa",
    "sistema",
    "archivo",
    "hospital",
    "museo",
    "observatorio",
    "ente",
    "patronato",
    "colegio",
    "seguro",
    "credito",
    "organo",
    "poder",
    "juzgado",
    "cuerpo",
    "comando",
    "ejercito",
    "estado",
    "municipio",
    "consulado",
    "distrito",
    "proyecto",
    "gabinete",
    "parlamento",
    "senado",
    "catastro",
];

/// First words of institutions' names that take "la".
const FEMININE: &[&str] = &[
    "secretaria",
    "subsecretaria",
    "superintendencia",
    "intendencia",
    "procuraduria",
    "direccion",
    "subdireccion",
    "contraloria",
    "comision",
    "municipalidad",
    "universidad",
    "oficina",
    "defensoria",
    "fiscalia",
    "corte",
    "junta",
    "agencia",
    "autoridad",
    "coordinadora",
    "coordinacion",
    "asamblea",
    "camara",
    "gobernacion",
    "vicepresidencia",
    "presidencia",
    "policia",
    "escuela",
    "fundacion",
    "asociacion",
    "empresa",
    "unidad",
    "administracion",
    "inspeccion",
    "biblioteca",
    "auditoria",
    "tesoreria",
    "gerencia",
    "division",
    "jefatura",
    "delegacion",
    "federacion",
    "confederacion",
    "mancomunidad",
    "institucion",
    "organizacion",
    "alcaldia",
    "contaduria",
    "sindicatura",
    "veeduria",
    "registraduria",
    "comisaria",
];

/// The files of a new portal, relative to its folder. Pure.
pub fn files(opts: &InitOptions, example: Period) -> Vec<(String, String)> {
    let institution = opts.institution.trim();
    let of = of_institution_text(institution);
    let title = opts
        .title
        .as_deref()
        .map(str::trim)
        .map_or_else(|| default_title(institution), str::to_string);
    let base_url = opts
        .base_url
        .clone()
        .unwrap_or_else(|| crate::load::config::PLACEHOLDER_BASE_URL.to_string());
    let site = format!(
        "# La configuración del portal. Cambie base_url por la dirección donde se publicará:\n\
         # mientras diga example.org, faro build y faro publish lo recordarán con un aviso.\n\
         title: {}\n\
         institution: {}\n\
         base_url: {}\n\
         language: es\n\
         theme: igm\n\
         description: {}\n\
         # Las fotos se publican con un nombre hecho de su contenido (hashed_names), no con el\n\
         # del archivo original, que puede decir más de lo debido (juan-perez-detenido.jpg).\n\
         images: {{ widths: [480, 960, 1600], quality: 80, hashed_names: true }}\n",
        quote(&title),
        quote(institution),
        quote(&base_url),
        quote(&format!(
            "Informes mensuales {of}, con sus cifras como datos abiertos."
        )),
    );
    let home = format!(
        "---\ntitle: Inicio\n---\n\
         Este portal reúne los informes mensuales {of}. Las cifras de cada informe \
         pueden descargarse como datos abiertos y compararse con el mes anterior y con el mismo \
         mes del año previo.\n"
    );
    let about = format!(
        "---\ntitle: Acerca de\n---\n\
         Este portal publica los informes mensuales {of}.\n\n\
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
            crate::support::numfmt::month_name(example.month),
            example.year
        )),
    );
    let report_path = crate::init::scaffold::report_path(example)
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
    if opts.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return Err(t!("init-bad-title"));
    }
    if let Some(url) = &opts.base_url {
        crate::load::config::check_base_url(url).map_err(|_| {
            t!(
                "config-base-url-option",
                url = url.escape_debug().to_string()
            )
        })?;
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
                    error = crate::support::i18n::error_text(&e)
                )
            })?;
        }
        std::fs::rename(&staging, dir).map_err(|e| {
            t!(
                "init-cannot-write",
                path = shown.as_str(),
                error = crate::support::i18n::error_text(&e)
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
                error = crate::support::i18n::error_text(&e)
            )
        })?;
    }
    Ok(())
}

/// The new portal must load with the build's own rules.
fn verify(staging: &Path) -> Result<(), String> {
    Config::load(&staging.join("site.yaml"), Path::new("site.yaml"))
        .map_err(|d| t!("new-internal", detail = d.to_string()))?;
    let archive =
        load::load(staging, false).map_err(|d| t!("new-internal", detail = d.to_string()))?;
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
    let (year, month, _) = crate::pipeline::republish::civil_from_days(days);
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
    fn titles_take_the_article_of_the_institutions_first_noun() {
        for (name, title) in [
            (
                "Ministerio de Desarrollo Social",
                "Informes del Ministerio de Desarrollo Social",
            ),
            (
                "Instituto Guatemalteco de Migración",
                "Informes del Instituto Guatemalteco de Migración",
            ),
            (
                "Registro Nacional de las Personas",
                "Informes del Registro Nacional de las Personas",
            ),
            (
                "Tribunal Supremo Electoral",
                "Informes del Tribunal Supremo Electoral",
            ),
            (
                "Secretaría de Bienestar Social",
                "Informes de la Secretaría de Bienestar Social",
            ),
            (
                "Superintendencia de Administración Tributaria",
                "Informes de la Superintendencia de Administración Tributaria",
            ),
            (
                "Procuraduría de los Derechos Humanos",
                "Informes de la Procuraduría de los Derechos Humanos",
            ),
            (
                "Dirección General de Migración",
                "Informes de la Dirección General de Migración",
            ),
            (
                "Municipalidad de Guatemala",
                "Informes de la Municipalidad de Guatemala",
            ),
            // Without the accent, as typed on some keyboards.
            (
                "Comision Presidencial",
                "Informes de la Comision Presidencial",
            ),
            ("El Organismo Judicial", "Informes del Organismo Judicial"),
            (
                "La Contraloría General",
                "Informes de la Contraloría General",
            ),
            (
                "Los Bomberos Voluntarios",
                "Informes de los Bomberos Voluntarios",
            ),
            (
                "  Consejo Nacional de Áreas Protegidas ",
                "Informes del Consejo Nacional de Áreas Protegidas",
            ),
            // Unknown: no article is guessed.
            ("Acme", "Informes — Acme"),
            ("SAT", "Informes — SAT"),
            ("Banrural S.A.", "Informes — Banrural S.A."),
            ("El", "Informes — El"),
        ] {
            assert_eq!(default_title(name), title, "{name}");
        }
        assert_eq!(of_institution_text("Acme"), "de Acme");
        assert_eq!(
            of_institution_text("Ministerio de Salud"),
            "del Ministerio de Salud"
        );
    }

    #[test]
    fn a_new_site_names_the_institution_with_its_article_and_hashes_photo_names() {
        let opts = InitOptions {
            dir: PathBuf::from("portal"),
            institution: "Ministerio de Desarrollo Social".into(),
            title: None,
            base_url: None,
        };
        let files = files(
            &opts,
            Period {
                year: 2024,
                month: 7,
            },
        );
        let site = &files[0].1;
        assert!(
            site.contains("title: \"Informes del Ministerio de Desarrollo Social\""),
            "{site}"
        );
        assert!(
            site.contains("\"Informes mensuales del Ministerio de Desarrollo Social, con"),
            "{site}"
        );
        let config = Config::parse(site, Path::new("site.yaml")).expect("site.yaml loads");
        assert!(config.images.hashed_names);
        assert!(crate::load::config::is_placeholder_base_url(
            &config.base_url
        ));
        assert!(files[1].1.contains("los informes mensuales del Ministerio"));
    }

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
