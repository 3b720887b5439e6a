//! The command line: what each command accepts, and its help in the
//! editor's language.
//!
//! The arguments are declared with clap's derive; their help texts come from
//! the catalogues (`cli-…` messages), put in by [`command`] so that `--help`
//! speaks Spanish by default. An argument's text is `cli-arg-SUB-ID` when a
//! command needs its own wording, else `cli-arg-ID`; a test checks that every
//! argument has one.
//!
//! `help.rs` puts those texts on the command line, `usage.rs` says a usage
//! error in them, and `run.rs` runs the command parsed.

mod help;
pub mod run;
mod usage;

pub use help::{arg_help_key, command};
pub use usage::report;

use crate::load::model::Period;
use crate::support::i18n::{self, Lang};
use clap::{FromArgMatches, Parser, Subcommand};
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
    if let Some(lang) = usage::lang_in_args(&texts).and_then(Lang::parse) {
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
            let sub = usage::subcommand_in_args(&texts);
            eprint!("{}", usage::usage_error(&message, &[], sub.as_deref()));
            return Err(2);
        }
    }
    Ok(cli)
}
#[cfg(test)]
mod tests {
    use super::usage::lang_in_args;
    use super::*;
    use clap::CommandFactory;

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
