//! Localisation: every message an editor reads comes from a Fluent
//! catalogue, one per language (`locales/es/`, `locales/en/`), built into
//! the binary. Each language's catalogue is a few files, one per area of
//! the program (the command line, content, build, preview, import,
//! data quality), so that the messages of one area read together.
//!
//! Spanish is the default, because the institute's editors read Spanish;
//! `--lang en` or `FARO_LANG=en` switches to English. A message id missing
//! from a catalogue (a bug the tests catch) shows as the id itself rather
//! than failing: a message is never worth a crash.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::OnceLock;

/// A language faro speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Es,
    En,
}

impl Lang {
    /// `es`, `en`, or a locale such as `es_GT.UTF-8` / `en-US`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Lang> {
        let primary = text
            .trim()
            .split(['-', '_', '.'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "es" => Some(Lang::Es),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The catalogue's files, in a fixed order.
    fn sources(self) -> [&'static str; 8] {
        macro_rules! catalogue {
            ($lang:literal) => {
                [
                    include_str!(concat!("../../locales/", $lang, "/main.ftl")),
                    include_str!(concat!("../../locales/", $lang, "/content.ftl")),
                    include_str!(concat!("../../locales/", $lang, "/build.ftl")),
                    include_str!(concat!("../../locales/", $lang, "/serve.ftl")),
                    include_str!(concat!("../../locales/", $lang, "/import.ftl")),
                    include_str!(concat!("../../locales/", $lang, "/quality.ftl")),
                    include_str!(concat!("../../locales/", $lang, "/publish.ftl")),
                    include_str!(concat!("../../locales/", $lang, "/errors.ftl")),
                ]
            };
        }
        match self {
            Lang::Es => catalogue!("es"),
            Lang::En => catalogue!("en"),
        }
    }

    fn tag(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }
}

static CHOSEN: OnceLock<Lang> = OnceLock::new();

/// Sets the language for the rest of the process; the first call wins
/// (`main` makes it, from `--lang`, before anything is printed).
pub fn set_lang(lang: Lang) {
    let _ = CHOSEN.set(lang);
}

/// The language in use: the one set by [`set_lang`], else `FARO_LANG`, else Spanish.
pub fn lang() -> Lang {
    *CHOSEN.get_or_init(|| {
        std::env::var("FARO_LANG")
            .ok()
            .and_then(|v| Lang::parse(&v))
            .unwrap_or_default()
    })
}

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static ES: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    static EN: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    let cell = match lang {
        Lang::Es => &ES,
        Lang::En => &EN,
    };
    cell.get_or_init(|| make_bundle(lang))
}

fn make_bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let id = lang
        .tag()
        .parse()
        .unwrap_or_else(|_| unic_langid::LanguageIdentifier::default());
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Isolation marks (U+2068/U+2069) around arguments are for
    // right-to-left text in GUIs; in a terminal they are noise.
    bundle.set_use_isolating(false);
    // A catalogue that fails to parse keeps the entries it could read; the
    // test suite makes sure that never happens (nor an id defined twice).
    for source in lang.sources() {
        let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(r, _)| r);
        let _ = bundle.add_resource(resource);
    }
    bundle
}

/// An argument for a message: text or a number (numbers choose plural forms).
pub enum Arg<'a> {
    Text(&'a str),
    Owned(String),
    Number(f64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(s)
    }
}
impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Text(s)
    }
}
impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Owned(s)
    }
}
macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Arg::Number(n as f64)
            }
        }
    )*};
}
number_args!(usize, u64, u32, u16, u8, i64, i32);

/// The message `id` in the current language, with `args` filled in.
pub fn message(id: &str, args: &[(&str, Arg<'_>)]) -> String {
    message_in(lang(), id, args)
}

/// The message `id` in `lang`; the id itself when the catalogue lacks it.
pub fn message_in(lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let bundle = bundle(lang);
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        return id.to_string();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        let value = match value {
            Arg::Text(s) => FluentValue::from(*s),
            Arg::Owned(s) => FluentValue::from(s.as_str()),
            Arg::Number(n) => FluentValue::from(*n),
        };
        fluent_args.set(*name, value);
    }
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, Some(&fluent_args), &mut errors)
        .into_owned()
}

/// Whether the catalogue of `lang` has the message `id`.
pub fn has_message(lang: Lang, id: &str) -> bool {
    bundle(lang).has_message(id)
}

/// The ids of every message in `lang`'s catalogue, in file order.
pub fn message_ids(lang: Lang) -> Vec<String> {
    let mut ids = Vec::new();
    for source in lang.sources() {
        let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(r, _)| r);
        ids.extend(resource.entries().filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        }));
    }
    ids
}

/// Parse errors of `lang`'s catalogue, as text (empty when it is well formed).
pub fn catalogue_errors(lang: Lang) -> Vec<String> {
    lang.sources()
        .iter()
        .filter_map(|source| FluentResource::try_new(source.to_string()).err())
        .flat_map(|(_, errors)| errors.into_iter().map(|e| format!("{e:?}")))
        .collect()
}

/// An operating-system error in the editor's words: what happened ("no
/// existe", "sin permiso", "el disco está lleno"), never the system's English
/// text nor its `(os error 2)`. Every message that shows an `io::Error` to
/// an editor words it with this. An error that carries its own text (made
/// by faro, already in the catalogue's words) keeps that text.
pub fn io_error(e: &std::io::Error) -> String {
    io_error_in(lang(), e)
}

/// [`io_error`] in `lang`.
pub fn io_error_in(lang: Lang, e: &std::io::Error) -> String {
    if e.raw_os_error().is_none() {
        if let Some(inner) = e.get_ref() {
            return inner.to_string();
        }
    }
    let id = e
        .raw_os_error()
        .and_then(errno_message)
        .or_else(|| kind_message(e.kind()));
    match (id, lang) {
        (Some(id), _) => message_in(lang, id, &[]),
        // Under --lang en the system's own words are English already.
        (None, Lang::En) => e.to_string(),
        (None, Lang::Es) => match e.raw_os_error() {
            Some(code) => message_in(
                lang,
                "io-other-code",
                &[("code", Arg::Number(f64::from(code)))],
            ),
            None => message_in(lang, "io-other", &[]),
        },
    }
}

/// An error of any kind, for a message: an operating-system error found
/// in it (or in what caused it) is said with [`io_error`]; any other error
/// keeps its own text.
pub fn error_text<E: std::error::Error + 'static>(e: &E) -> String {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cause {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            return io_error(io);
        }
        if let Some(walk) = err.downcast_ref::<walkdir::Error>() {
            if let Some(io) = walk.io_error() {
                return io_error(io);
            }
        }
        if let Some(notify::Error {
            kind: notify::ErrorKind::Io(io),
            ..
        }) = err.downcast_ref::<notify::Error>()
        {
            return io_error(io);
        }
        cause = err.source();
    }
    e.to_string()
}

/// Errors the standard library has no kind for, by their number.
fn errno_message(code: i32) -> Option<&'static str> {
    #[cfg(unix)]
    {
        let id = match code {
            libc::ENOSPC => "io-storage-full",
            libc::EDQUOT => "io-quota",
            libc::EROFS => "io-read-only",
            libc::ELOOP => "io-loop",
            libc::ENAMETOOLONG => "io-name-too-long",
            libc::EMFILE | libc::ENFILE => "io-too-many-open",
            libc::EXDEV => "io-crosses-devices",
            libc::EBUSY | libc::ETXTBSY => "io-busy",
            libc::EIO => "io-device",
            _ => return None,
        };
        Some(id)
    }
    #[cfg(not(unix))]
    {
        let _ = code;
        None
    }
}

fn kind_message(kind: std::io::ErrorKind) -> Option<&'static str> {
    use std::io::ErrorKind as K;
    Some(match kind {
        K::NotFound => "io-not-found",
        K::PermissionDenied => "io-permission-denied",
        K::AlreadyExists => "io-already-exists",
        K::IsADirectory => "io-is-a-directory",
        K::NotADirectory => "io-not-a-directory",
        K::DirectoryNotEmpty => "io-directory-not-empty",
        K::StorageFull => "io-storage-full",
        K::QuotaExceeded => "io-quota",
        K::ReadOnlyFilesystem => "io-read-only",
        K::FileTooLarge => "io-file-too-large",
        K::InvalidFilename => "io-name-too-long",
        K::TooManyLinks => "io-too-many-links",
        K::CrossesDevices => "io-crosses-devices",
        K::ResourceBusy | K::ExecutableFileBusy => "io-busy",
        K::InvalidData => "io-invalid-data",
        K::InvalidInput => "io-invalid-input",
        K::UnexpectedEof => "io-unexpected-eof",
        K::WriteZero => "io-write-zero",
        K::TimedOut => "io-timed-out",
        K::Interrupted => "io-interrupted",
        K::OutOfMemory => "io-out-of-memory",
        K::Unsupported => "io-unsupported",
        K::AddrInUse => "io-addr-in-use",
        K::AddrNotAvailable => "io-addr-not-available",
        K::ConnectionRefused => "io-connection-refused",
        K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe | K::NotConnected => {
            "io-connection-closed"
        }
        K::HostUnreachable | K::NetworkUnreachable | K::NetworkDown => "io-network",
        K::WouldBlock => "io-would-block",
        K::StaleNetworkFileHandle => "io-stale-network",
        _ => return None,
    })
}

/// `t!("id")` or `t!("id", name = value, …)`: a message in the current language.
#[macro_export]
macro_rules! t {
    ($id:literal) => {
        $crate::support::i18n::message($id, &[])
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::support::i18n::message($id, &[$((stringify!($name), $crate::support::i18n::Arg::from($value))),+])
    };
}

/// `t_in!(lang, "id", …)`: [`t!`] in a given language, for files whose
/// words must not depend on who runs faro (the `.htaccess` a build writes).
#[macro_export]
macro_rules! t_in {
    ($lang:expr, $id:literal) => {
        $crate::support::i18n::message_in($lang, $id, &[])
    };
    ($lang:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::support::i18n::message_in($lang, $id, &[$((stringify!($name), $crate::support::i18n::Arg::from($value))),+])
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogues_parse_and_have_the_same_messages() {
        for lang in [Lang::Es, Lang::En] {
            assert!(
                catalogue_errors(lang).is_empty(),
                "{lang:?}: {:?}",
                catalogue_errors(lang)
            );
        }
        let es = message_ids(Lang::Es);
        let en = message_ids(Lang::En);
        for ids in [&es, &en] {
            let mut seen = std::collections::HashSet::new();
            let twice: Vec<_> = ids.iter().filter(|id| !seen.insert(*id)).collect();
            assert!(twice.is_empty(), "defined twice: {twice:?}");
        }
        let missing_en: Vec<_> = es.iter().filter(|id| !en.contains(id)).collect();
        let missing_es: Vec<_> = en.iter().filter(|id| !es.contains(id)).collect();
        assert!(missing_en.is_empty(), "not in en.ftl: {missing_en:?}");
        assert!(missing_es.is_empty(), "not in es.ftl: {missing_es:?}");
        assert!(es.len() > 10);
    }

    /// Every `t!("…")` in the sources names a message both catalogues have.
    #[test]
    fn every_message_used_in_the_code_exists() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut used = Vec::new();
        for entry in walkdir::WalkDir::new(&src)
            .into_iter()
            .filter_map(Result::ok)
        {
            if entry.path().extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                let uses = text
                    .match_indices("t!(\"")
                    .chain(text.match_indices("problem!(\""));
                for (i, m) in uses {
                    // `t!(` itself, not the end of `format!(` or `print!(`.
                    let before = text[..i].chars().next_back();
                    let line_start = text[..i].rfind('\n').map_or(0, |n| n + 1);
                    let in_comment = text[line_start..i].trim_start().starts_with("//");
                    if in_comment || before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    let rest = &text[i + m.len()..];
                    if let Some(end) = rest.find('"') {
                        used.push((entry.path().display().to_string(), rest[..end].to_string()));
                    }
                }
            }
        }
        assert!(!used.is_empty());
        for (file, id) in used {
            for lang in [Lang::Es, Lang::En] {
                assert!(has_message(lang, &id), "{file}: `{id}` missing in {lang:?}");
            }
        }
    }

    #[test]
    fn arguments_and_plurals() {
        let one = message_in(
            Lang::Es,
            "build-failed",
            &[("count", 1usize.into()), ("output", "public".into())],
        );
        let two = message_in(
            Lang::Es,
            "build-failed",
            &[("count", 2usize.into()), ("output", "public".into())],
        );
        assert!(one.contains("1 problema;"), "{one}");
        assert!(two.contains("2 problemas"), "{two}");
        let en = message_in(
            Lang::En,
            "build-failed",
            &[("count", 2usize.into()), ("output", "public".into())],
        );
        assert!(en.contains("2 problems"), "{en}");
        assert_eq!(
            message_in(Lang::Es, "no-such-message", &[]),
            "no-such-message"
        );
    }

    /// The operating system's errors are said in words, without its English
    /// text or `(os error N)`.
    #[test]
    fn os_errors_are_said_in_words() {
        use std::io::{Error, ErrorKind};
        let es = |e: Error| io_error_in(Lang::Es, &e);
        assert_eq!(es(Error::from(ErrorKind::NotFound)), "no existe");
        assert!(es(Error::from(ErrorKind::PermissionDenied)).starts_with("sin permiso"));
        assert_eq!(es(Error::from_raw_os_error(2)), "no existe");
        assert!(es(Error::from_raw_os_error(13)).starts_with("sin permiso"));
        assert_eq!(
            es(Error::from_raw_os_error(21)),
            "es una carpeta, no un archivo"
        );
        #[cfg(unix)]
        {
            assert!(es(Error::from_raw_os_error(libc::ENOSPC)).contains("disco está lleno"));
            assert!(es(Error::from_raw_os_error(libc::EROFS)).contains("solo lectura"));
            assert!(es(Error::from_raw_os_error(libc::ELOOP)).contains("enlaces"));
            assert!(es(Error::from_raw_os_error(libc::ENAMETOOLONG)).contains("demasiado largo"));
            assert!(es(Error::from_raw_os_error(libc::EMFILE)).contains("demasiados archivos"));
        }
        // A number the catalogue has no words for: its number, in Spanish.
        let odd = es(Error::from_raw_os_error(4095));
        assert!(odd.starts_with("error del sistema"), "{odd}");
        for code in 1..134 {
            let text = es(Error::from_raw_os_error(code));
            assert!(!text.contains("os error"), "{code}: {text}");
        }
        // An error faro made keeps its own words.
        assert_eq!(es(Error::other("dicho por faro")), "dicho por faro");
        assert_eq!(
            io_error_in(Lang::En, &Error::from(ErrorKind::NotFound)),
            "it does not exist"
        );
        // Inside another error (walkdir's, a zip's), still in words.
        let walk = walkdir::WalkDir::new("/no/such/folder/for/faro")
            .into_iter()
            .find_map(Result::err)
            .expect("an error");
        let text = error_text(&walk);
        assert!(!text.contains("os error"), "{text}");
    }

    /// The ids chosen by table (operating-system errors, YAML parser
    /// messages, value names) are in both catalogues.
    #[test]
    fn every_message_chosen_by_table_exists() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut ids = Vec::new();
        for file in ["support/i18n.rs", "load/yamlerror.rs"] {
            let text = std::fs::read_to_string(src.join(file)).unwrap_or_default();
            for prefix in ["\"io-", "\"yaml-why-"] {
                for (i, _) in text.match_indices(prefix) {
                    let rest = &text[i + 1..];
                    match rest.find('"') {
                        // The prefixes themselves, in this test.
                        Some(end) if !rest[..end].ends_with('-') => {
                            ids.push(rest[..end].to_string())
                        }
                        _ => {}
                    }
                }
            }
        }
        assert!(ids.len() > 40, "{ids:?}");
        for id in ids {
            for lang in [Lang::Es, Lang::En] {
                assert!(has_message(lang, &id), "`{id}` missing in {lang:?}");
            }
        }
    }

    /// Every message that shows a count takes the singular for one.
    #[test]
    fn counts_take_the_singular() {
        let one = |id: &str, names: &[&str]| {
            let args: Vec<(&str, Arg<'_>)> = names
                .iter()
                .map(|n| (*n, Arg::Number(1.0)))
                .chain([("warned", Arg::Text("")), ("output", Arg::Text("public"))])
                .collect();
            (
                message_in(Lang::Es, id, &args),
                message_in(Lang::En, id, &args),
            )
        };
        let (es, en) = one("check-ok", &["reports", "pages", "files", "ms"]);
        assert!(es.contains("1 informe, 1 página, 1 archivo;"), "{es}");
        assert!(en.contains("1 report, 1 page, 1 file;"), "{en}");
        let (es, en) = one("publish-done", &["new", "changed", "removed", "unchanged"]);
        assert!(
            es.contains("1 archivo nuevo, 1 cambiado, 1 borrado"),
            "{es}"
        );
        assert!(en.contains("1 new file,"), "{en}");
        let (es, en) = one("publish-nothing-to-do", &["unchanged"]);
        assert!(
            es.contains("(1 archivo)") && en.contains("(1 file)"),
            "{es} {en}"
        );
        let (es, _) = one(
            "publish-dry-run-summary",
            &["new", "changed", "removed", "unchanged"],
        );
        assert!(es.contains("se copiaría 1 archivo nuevo"), "{es}");
        let (_, en) = one("import-summary", &["ok", "refused", "review"]);
        assert!(en.contains("1 place needs review"), "{en}");
    }

    #[test]
    fn languages_parse_from_locales() {
        assert_eq!(Lang::parse("es_GT.UTF-8"), Some(Lang::Es));
        assert_eq!(Lang::parse("en-US"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }
}
