//! Usage errors: clap's error said in the catalogue's words, with the
//! usage of the command given.

use super::{Cli, help};
use clap::CommandFactory;

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
pub(super) fn usage_error(message: &str, tips: &[String], sub: Option<&str>) -> String {
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
    let mut cmd = help::command();
    cmd.build();
    let cmd = match sub {
        Some(sub) => cmd.find_subcommand_mut(sub)?,
        None => &mut cmd,
    };
    Some(help::usage_line(cmd))
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
pub(super) fn subcommand_in_args(args: &[String]) -> Option<String> {
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
    use clap::error::ContextKind;
    let found = Found(e);
    let mut tips = Vec::new();
    let suggestions: Vec<String> = [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .flat_map(|kind| found.list(kind))
    .collect();
    if !suggestions.is_empty() {
        tips.push(crate::t!(
            "cli-tip-did-you-mean",
            names = quoted(&suggestions),
            count = suggestions.len()
        ));
    }
    let message = message(&found, &mut tips);
    (message, tips)
}

/// The context clap gave with its error, read as text.
struct Found<'a>(&'a clap::Error);

impl Found<'_> {
    fn text(&self, kind: clap::error::ContextKind) -> Option<String> {
        use clap::error::ContextValue;
        match self.0.get(kind)? {
            ContextValue::String(s) => Some(s.clone()),
            ContextValue::Strings(v) => Some(v.join(", ")),
            ContextValue::StyledStr(s) => Some(s.to_string()),
            ContextValue::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    fn list(&self, kind: clap::error::ContextKind) -> Vec<String> {
        use clap::error::ContextValue;
        match self.0.get(kind) {
            Some(ContextValue::String(s)) => vec![s.clone()],
            Some(ContextValue::Strings(v)) => v.clone(),
            _ => Vec::new(),
        }
    }
}

/// Each item quoted as the catalogue quotes, joined by commas.
fn quoted(items: &[String]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|i| crate::t!("cli-quoted", text = i.as_str()))
        .collect();
    quoted.join(", ")
}

/// The message for the kind of error clap found; adds the tips that go
/// with it to `tips`.
fn message(found: &Found, tips: &mut Vec<String>) -> String {
    use crate::t;
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let e = found.0;
    let arg = found.text(ContextKind::InvalidArg).unwrap_or_default();
    let value = found.text(ContextKind::InvalidValue).unwrap_or_default();
    match e.kind() {
        ErrorKind::InvalidSubcommand => t!(
            "cli-error-unknown-subcommand",
            name = found
                .text(ContextKind::InvalidSubcommand)
                .unwrap_or_default()
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
            let missing = found.list(ContextKind::InvalidArg);
            t!(
                "cli-error-missing",
                args = quoted(&missing),
                count = missing.len()
            )
        }
        ErrorKind::MissingSubcommand => {
            let names = found.list(ContextKind::ValidSubcommand);
            t!("cli-error-missing-subcommand", names = quoted(&names))
        }
        ErrorKind::InvalidValue if value.is_empty() => {
            t!("cli-error-missing-value", arg = arg)
        }
        ErrorKind::InvalidValue => {
            let valid = found.list(ContextKind::ValidValue);
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
            other = quoted(&found.list(ContextKind::PriorArg))
        ),
        ErrorKind::NoEquals => t!("cli-error-no-equals", arg = arg),
        ErrorKind::InvalidUtf8 => t!("cli-error-utf8"),
        _ => t!("cli-error-other"),
    }
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
pub(super) fn lang_in_args(args: &[String]) -> Option<&str> {
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
