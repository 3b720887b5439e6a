//! The help: the catalogue's texts on every command, argument and heading.

use super::Cli;
use crate::support::i18n;
use clap::{Arg, ArgAction, CommandFactory};

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
pub(super) fn usage_line(cmd: &mut clap::Command) -> String {
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
