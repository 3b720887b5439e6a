//! The command line: what each command accepts, and its help in the
//! editor's language.
//!
//! The arguments are declared with clap's derive; their help texts come from
//! the catalogues (`cli-…` messages), put in by [`command`] so that `--help`
//! speaks Spanish by default. An argument's text is `cli-arg-SUB-ID` when a
//! command needs its own wording, else `cli-arg-ID`; a test checks that every
//! argument has one.

use crate::i18n::{self, Lang};
use crate::model::Period;
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
        #[arg(value_name = "YYYY-MM", value_parser = crate::scaffold::parse_period_arg)]
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
        #[arg(long, value_name = "YYYY-MM", value_parser = crate::scaffold::parse_period_arg)]
        period: Option<Period>,
        #[arg(long)]
        force: bool,
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        keep_original: bool,
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
/// then `FARO_LANG`), so that help and errors come out in it.
pub fn parse() -> Result<Cli, clap::Error> {
    let args: Vec<String> = std::env::args().collect();
    if let Some(lang) = lang_in_args(&args).and_then(Lang::parse) {
        i18n::set_lang(lang);
    }
    let matches = command().try_get_matches_from(&args)?;
    let cli = Cli::from_arg_matches(&matches)?;
    if let Some(text) = &cli.lang {
        if Lang::parse(text).is_none() {
            return Err(command().error(
                clap::error::ErrorKind::InvalidValue,
                crate::t!("usage-bad-lang", lang = text.as_str()),
            ));
        }
    }
    Ok(cli)
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
        .subcommand_value_name(crate::t!("cli-commands-heading").to_uppercase())
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
    names.iter().fold(cmd, |cmd, name| {
        cmd.mut_subcommand(name, |sub| {
            let about = i18n::message(&format!("cli-{name}-about"), &[]);
            let examples = i18n::message(&format!("cli-{name}-examples"), &[]);
            localize(sub, Some(name)).about(about).after_help(examples)
        })
    })
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
        cmd.mut_arg(&id, |a| {
            // Defaults are said in the catalogue's own words.
            let takes_value = a.get_action().takes_values();
            a.help(help)
                .help_heading(heading)
                .hide_default_value(takes_value)
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
