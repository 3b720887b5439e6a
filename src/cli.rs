//! The command line: what each command accepts, and its help in the
//! editor's language.
//!
//! The arguments are declared with clap's derive; their help texts come from
//! the catalogues (`cli-…` messages), put in by [`command`] so that `--help`
//! speaks Spanish by default. An argument's text is `cli-arg-SUB-ID` when a
//! command needs its own wording, else `cli-arg-ID`; a test checks that every
//! argument has one.

use crate::load::model::Period;
use crate::support::i18n::{self, Lang};
use clap::{Arg, ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "faro", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Language of messages (es, en).
    #[arg(long, global = true, value_name = "es|en")]
    pub lang: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site.
    Build {
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[arg(short = 'u', long)]
        base_url: Option<String>,
        #[arg(short = 'D', long)]
        drafts: bool,
        #[arg(long)]
        timings: bool,
        #[arg(long)]
        force: bool,
        #[arg(long)]
        strict: bool,
    },
    /// Validate the site.
    Check {
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value_t = crate::check::Format::Text, hide_possible_values = true)]
        format: crate::check::Format,
        #[arg(short = 'D', long)]
        drafts: bool,
        #[arg(long)]
        strict: bool,
    },
    /// A new draft report.
    New {
        #[arg(value_name = "YYYY-MM", value_parser = crate::init::scaffold::parse_period_arg)]
        period: Period,
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
    },
    /// Import Word, PDF or text reports.
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_name = "YYYY-MM", value_parser = crate::init::scaffold::parse_period_arg)]
        period: Option<Period>,
        #[arg(long)]
        force: bool,
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        keep_original: bool,
        #[arg(long, value_name = "FILE.json")]
        report: Option<PathBuf>,
        #[arg(long, value_name = "MiB", default_value_t = 1024,
              value_parser = clap::value_parser!(u64).range(16..=1 << 24))]
        max_memory: u64,
        #[arg(long, value_name = "SECONDS", default_value_t = 60,
              value_parser = clap::value_parser!(u64).range(1..=86_400))]
        max_seconds: u64,
    },
    /// The live preview.
    Serve {
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
        #[arg(short, long, default_value = "127.0.0.1", value_parser = crate::serve::parse_bind)]
        bind: std::net::IpAddr,
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        #[arg(long)]
        open: bool,
        #[arg(long)]
        no_drafts: bool,
        #[arg(long)]
        full: bool,
        /// Kept so that older scripts still run: drafts are shown by default.
        #[arg(short = 'D', long, hide = true)]
        drafts: bool,
    },
    /// Publish the built site to the web host.
    Publish {
        #[arg(value_name = "DEST", required_unless_present = "print_config")]
        dest: Option<String>,
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[arg(short = 'u', long)]
        base_url: Option<String>,
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        rsync: bool,
        #[arg(
            long,
            value_enum,
            value_name = "apache|nginx",
            hide_possible_values = true
        )]
        print_config: Option<crate::publish::server::Server>,
    },
    /// A new portal.
    Init {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        #[arg(long)]
        institution: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(short = 'u', long)]
        base_url: Option<String>,
    },
}

/// Parses the process's arguments. The language is read first (`--lang`,
/// then `FARO_LANG`), so that help and errors come out in it. On a usage
/// error (or `--help`, `--version`) prints what there is to print and gives
/// the exit code: 2 for a usage error, 0 for help and version.
pub fn parse() -> Result<Cli, u8> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let texts: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    if let Some(lang) = lang_in_args(&texts).and_then(Lang::parse) {
        i18n::set_lang(lang);
    }
    let parsed = command()
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => return Err(report(&e, &texts)),
    };
    if let Some(text) = &cli.lang {
        if Lang::parse(text).is_none() {
            let message = crate::t!("usage-bad-lang", lang = text.as_str());
            let sub = subcommand_in_args(&texts);
            eprint!("{}", usage_error(&message, &[], sub.as_deref()));
            return Err(2);
        }
    }
    Ok(cli)
}

/// Prints clap's error `e` (for the command line `args`) in the
/// catalogue's words and gives the exit code. Help and version are clap's
/// own output: their texts are the catalogue's already.
pub fn report(e: &clap::Error, args: &[String]) -> u8 {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            0
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            2
        }
        _ => {
            let (message, tips) = explain(e);
            // The command whose usage clap gives (the top level for an
            // unknown option before the subcommand), else the one named.
            let sub = match e.get(clap::error::ContextKind::Usage) {
                Some(usage) => subcommand_in_usage(&usage.to_string()),
                None => subcommand_in_args(args),
            };
            eprint!("{}", usage_error(&message, &tips, sub.as_deref()));
            2
        }
    }
}

/// A usage error as printed: the message, its tips, the usage of the
/// command given and where to read more.
fn usage_error(message: &str, tips: &[String], sub: Option<&str>) -> String {
    let name = match sub {
        Some(sub) => format!("faro {sub}"),
        None => "faro".to_string(),
    };
    let mut out = format!("faro: {message}\n");
    for tip in tips {
        out.push_str(&format!("\n  {tip}\n"));
    }
    if let Some(usage) = usage_of(sub) {
        out.push_str(&format!("\n{}: {usage}\n", crate::t!("cli-usage-heading")));
    }
    out.push_str(&format!(
        "\n{}\n",
        crate::t!("cli-more-info", command = name)
    ));
    out
}

/// The usage line of `sub` (the top level when `None`), as `--help` shows it.
fn usage_of(sub: Option<&str>) -> Option<String> {
    let mut cmd = command();
    cmd.build();
    let cmd = match sub {
        Some(sub) => cmd.find_subcommand_mut(sub)?,
        None => &mut cmd,
    };
    Some(usage_line(cmd))
}

/// `word` if it names one of faro's subcommands.
fn subcommand_named(word: &str) -> Option<String> {
    Cli::command()
        .get_subcommands()
        .any(|s| s.get_name() == word)
        .then(|| word.to_string())
}

/// The subcommand of a usage line clap wrote (`… faro build [OPCIONES]`).
fn subcommand_in_usage(usage: &str) -> Option<String> {
    let after = &usage[usage.find("faro ")? + "faro ".len()..];
    subcommand_named(after.split_whitespace().next()?)
}

/// The subcommand named on the command line, if any: the first word that
/// is not an option (nor `--lang`'s value).
fn subcommand_in_args(args: &[String]) -> Option<String> {
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        if a == "--lang" {
            it.next();
            continue;
        }
        if a.starts_with('-') {
            continue;
        }
        return subcommand_named(a);
    }
    None
}

/// What clap found wrong, in the catalogue's words: the message and its
/// tips (a suggestion, the values allowed).
fn explain(e: &clap::Error) -> (String, Vec<String>) {
    use crate::t;
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let text = |kind: ContextKind| -> Option<String> {
        match e.get(kind)? {
            ContextValue::String(s) => Some(s.clone()),
            ContextValue::Strings(v) => Some(v.join(", ")),
            ContextValue::StyledStr(s) => Some(s.to_string()),
            ContextValue::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let list = |kind: ContextKind| -> Vec<String> {
        match e.get(kind) {
            Some(ContextValue::String(s)) => vec![s.clone()],
            Some(ContextValue::Strings(v)) => v.clone(),
            _ => Vec::new(),
        }
    };
    let quoted = |items: &[String]| -> String {
        let quoted: Vec<String> = items
            .iter()
            .map(|i| t!("cli-quoted", text = i.as_str()))
            .collect();
        quoted.join(", ")
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let mut tips = Vec::new();
    let suggestions: Vec<String> = [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .flat_map(list)
    .collect();
    if !suggestions.is_empty() {
        tips.push(t!(
            "cli-tip-did-you-mean",
            names = quoted(&suggestions),
            count = suggestions.len()
        ));
    }
    let message = match e.kind() {
        ErrorKind::InvalidSubcommand => t!(
            "cli-error-unknown-subcommand",
            name = text(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::UnknownArgument => {
            if matches!(
                e.get(ContextKind::TrailingArg),
                Some(ContextValue::Bool(true))
            ) {
                tips.push(t!("cli-tip-dash-dash", arg = arg.as_str()));
            }
            if arg.starts_with('-') {
                t!("cli-error-unknown-option", arg = arg)
            } else {
                t!("cli-error-extra-argument", arg = arg)
            }
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = list(ContextKind::InvalidArg);
            t!(
                "cli-error-missing",
                args = quoted(&missing),
                count = missing.len()
            )
        }
        ErrorKind::MissingSubcommand => {
            let names = list(ContextKind::ValidSubcommand);
            t!("cli-error-missing-subcommand", names = quoted(&names))
        }
        ErrorKind::InvalidValue if value.is_empty() => {
            t!("cli-error-missing-value", arg = arg)
        }
        ErrorKind::InvalidValue => {
            let valid = list(ContextKind::ValidValue);
            if !valid.is_empty() {
                tips.push(t!("cli-tip-valid-values", values = quoted(&valid)));
            }
            t!("cli-error-invalid-value", value = value, arg = arg)
        }
        ErrorKind::ValueValidation => {
            let why = validation_reason(e);
            t!(
                "cli-error-value-refused",
                value = value,
                arg = arg,
                why = why
            )
        }
        ErrorKind::TooManyValues => t!("cli-error-too-many-values", value = value, arg = arg),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            t!("cli-error-too-few-values", arg = arg)
        }
        ErrorKind::ArgumentConflict => t!(
            "cli-error-conflict",
            arg = arg,
            other = quoted(&list(ContextKind::PriorArg))
        ),
        ErrorKind::NoEquals => t!("cli-error-no-equals", arg = arg),
        ErrorKind::InvalidUtf8 => t!("cli-error-utf8"),
        _ => t!("cli-error-other"),
    };
    (message, tips)
}

/// Why a value parser refused a value: faro's own parsers say it in the
/// catalogue's words; a number that does not read is said here.
fn validation_reason(e: &clap::Error) -> String {
    use std::error::Error;
    use std::num::IntErrorKind;
    let Some(source) = e.source() else {
        return crate::t!("cli-error-not-accepted");
    };
    if let Some(number) = source.downcast_ref::<std::num::ParseIntError>() {
        return match number.kind() {
            IntErrorKind::PosOverflow | IntErrorKind::NegOverflow => {
                crate::t!("cli-error-number-too-large")
            }
            _ => crate::t!("cli-error-not-a-number"),
        };
    }
    // clap's own range check: `70000 is not in 0..=65535`.
    let text = source.to_string();
    if let Some((_, range)) = text.split_once(" is not in ") {
        return match range.split_once("..=") {
            Some((min, max)) => {
                crate::t!("cli-error-out-of-range", min = min.trim(), max = max.trim())
            }
            None => crate::t!("cli-error-not-accepted"),
        };
    }
    text
}

/// The value of `--lang X` or `--lang=X`, if given.
fn lang_in_args(args: &[String]) -> Option<&str> {
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if a == "--lang" {
            return it.next().map(String::as_str);
        }
        if let Some(v) = a.strip_prefix("--lang=") {
            return Some(v);
        }
    }
    None
}

/// The whole command line, with help in the current language.
pub fn command() -> clap::Command {
    let cmd = localize(Cli::command(), None)
        .about(crate::t!("cli-about"))
        .subcommand_help_heading(crate::t!("cli-commands-heading"))
        .subcommand_value_name(crate::t!("cli-command-value"))
        .disable_help_subcommand(true)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(crate::t!("cli-version"))
                .help_heading(crate::t!("cli-options-heading")),
        );
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let cmd = names.iter().fold(cmd, |cmd, name| {
        cmd.mut_subcommand(name, |sub| {
            let about = i18n::message(&format!("cli-{name}-about"), &[]);
            let examples = i18n::message(&format!("cli-{name}-examples"), &[]);
            localize(sub, Some(name)).about(about).after_help(examples)
        })
    });
    // clap's usage lines say `[OPTIONS]`: each command's, worked out by
    // clap on a built copy, is given back in the catalogue's words.
    let mut built = cmd.clone();
    built.build();
    let top = usage_line(&mut built);
    let cmd = names.iter().fold(cmd, |cmd, name| {
        match built.find_subcommand_mut(name).map(usage_line) {
            Some(usage) => cmd.mut_subcommand(name, |sub| sub.override_usage(usage)),
            None => cmd,
        }
    });
    cmd.override_usage(top)
}

/// `cmd`'s usage as clap writes it, without its `Usage:` and with
/// `[OPTIONS]` in the current language.
fn usage_line(cmd: &mut clap::Command) -> String {
    let rendered = cmd.render_usage().to_string();
    let line = rendered
        .find("faro")
        .map_or(rendered.as_str(), |i| &rendered[i..]);
    line.trim()
        .replace("[OPTIONS]", &crate::t!("cli-usage-options"))
}

/// Puts the catalogue's texts on `cmd`'s arguments and headings; `sub` is
/// the subcommand's name (`None` for the top level).
fn localize(cmd: clap::Command, sub: Option<&str>) -> clap::Command {
    let template = format!(
        "{{about-with-newline}}\n{}: {{usage}}\n\n{{all-args}}{{after-help}}",
        crate::t!("cli-usage-heading")
    );
    let ids: Vec<(String, bool)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().to_string(), a.is_positional()))
        .collect();
    let cmd = cmd.help_template(template).disable_help_flag(true).arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help(crate::t!("cli-help"))
            .help_heading(crate::t!("cli-options-heading")),
    );
    ids.into_iter().fold(cmd, |cmd, (id, positional)| {
        let heading = if positional {
            crate::t!("cli-arguments-heading")
        } else {
            crate::t!("cli-options-heading")
        };
        let help = arg_help(sub, &id);
        let value_name = value_name(sub, &id);
        cmd.mut_arg(&id, |a| {
            // Defaults are said in the catalogue's own words.
            let takes_value = a.get_action().takes_values();
            let a = a
                .help(help)
                .help_heading(heading)
                .hide_default_value(takes_value);
            match value_name {
                Some(name) if takes_value => a.value_name(name),
                _ => a,
            }
        })
    })
}

/// The catalogue key of an argument's help: `cli-arg-SUB-ID` if the
/// catalogue has it, else `cli-arg-ID`.
pub fn arg_help_key(sub: Option<&str>, id: &str) -> String {
    let id = id.replace('_', "-");
    if let Some(sub) = sub {
        let specific = format!("cli-arg-{sub}-{id}");
        if i18n::has_message(i18n::lang(), &specific) {
            return specific;
        }
    }
    format!("cli-arg-{id}")
}

/// The name of an argument's value in help and usage (`<RAÍZ>`): the
/// catalogue's `cli-value-SUB-ID` or `cli-value-ID`, if it has one.
fn value_name(sub: Option<&str>, id: &str) -> Option<String> {
    let id = id.replace('_', "-");
    let specific = sub.map(|sub| format!("cli-value-{sub}-{id}"));
    let general = format!("cli-value-{id}");
    specific
        .into_iter()
        .chain([general])
        .find(|key| i18n::has_message(i18n::lang(), key))
        .map(|key| i18n::message(&key, &[]))
}

fn arg_help(sub: Option<&str>, id: &str) -> String {
    i18n::message(&arg_help_key(sub, id), &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and argument has its help text in both catalogues.
    #[test]
    fn every_argument_has_help_in_both_languages() {
        let cmd = Cli::command();
        let mut missing = Vec::new();
        for sub in cmd.get_subcommands() {
            let name = sub.get_name();
            for key in [format!("cli-{name}-about"), format!("cli-{name}-examples")] {
                for lang in [Lang::Es, Lang::En] {
                    if !i18n::has_message(lang, &key) {
                        missing.push(format!("{lang:?} {key}"));
                    }
                }
            }
            for arg in sub.get_arguments() {
                let id = arg.get_id().as_str();
                if id == "lang" || arg.is_hide_set() {
                    continue;
                }
                let key = arg_help_key(Some(name), id);
                for lang in [Lang::Es, Lang::En] {
                    if !i18n::has_message(lang, &key) {
                        missing.push(format!("{lang:?} {key}"));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "missing: {missing:?}");
    }

    #[test]
    fn the_command_line_is_well_formed() {
        command().debug_assert();
    }

    #[test]
    fn lang_is_found_before_parsing() {
        let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            lang_in_args(&args(&["faro", "build", "--lang", "en"])),
            Some("en")
        );
        assert_eq!(
            lang_in_args(&args(&["faro", "--lang=es", "check"])),
            Some("es")
        );
        assert_eq!(lang_in_args(&args(&["faro", "new", "--", "--lang"])), None);
    }
}
