//! Runs the command parsed: one function per subcommand, each giving the
//! process's exit code. What each prints is its module's; here only what
//! `faro build` says at its end.

use super::{Cli, Command};
use crate::pipeline::build::{self, Options};
use crate::t;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Runs `cli`'s command.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            timings,
            force,
            strict,
        } => build(
            Options {
                output,
                base_url,
                drafts,
                progress: std::io::stderr().is_terminal(),
                force,
                strict,
                ..Options::new(root)
            },
            timings,
        ),
        Command::Check {
            root,
            format,
            drafts,
            strict,
        } => check(root, format, drafts, strict),
        Command::New { period, root } => ExitCode::from(crate::init::scaffold::run(&root, period)),
        Command::Import {
            files,
            root,
            period,
            force,
            dry_run,
            keep_original,
            report,
            max_memory,
            max_seconds,
        } => ExitCode::from(crate::import::run(&crate::import::Options {
            files,
            root,
            period,
            force,
            dry_run,
            keep_original,
            progress: std::io::stderr().is_terminal(),
            report,
            limits: crate::import::Limits {
                max_memory: max_memory << 20,
                max_seconds,
                ..crate::import::Limits::default()
            },
        })),
        Command::Serve {
            root,
            bind,
            port,
            open,
            no_drafts,
            full,
            drafts: _,
        } => serve(crate::serve::ServeOptions {
            root,
            bind,
            port,
            drafts: !no_drafts,
            open,
            full,
        }),
        Command::Publish {
            dest,
            root,
            output,
            base_url,
            dry_run,
            rsync,
            print_config,
        } => publish(crate::publish::Options {
            root,
            output,
            base_url,
            dest,
            rsync,
            dry_run,
            print_config,
        }),
        Command::Init {
            dir,
            institution,
            title,
            base_url,
        } => ExitCode::from(crate::init::run(&crate::init::InitOptions {
            dir,
            institution,
            title,
            base_url,
        })),
    }
}

/// `faro build`: the site into its output (searchable, for a host, compared
/// with what was published: `Options::new`'s), then what happened.
fn build(opts: Options, timings: bool) -> ExitCode {
    if let Err(code) = require_site(&opts.root) {
        return code;
    }
    if let Err(diags) = build::check_output(&opts) {
        eprint!("{diags}");
        eprintln!(
            "{}",
            t!(
                "build-refused-output",
                output = opts.output_dir().display().to_string()
            )
        );
        return ExitCode::from(2);
    }
    let color = crate::support::excerpt::stderr_wants_color();
    match build::build(&opts) {
        Ok(summary) => {
            // Each warning with its source line, as errors are shown.
            let warnings = crate::support::diag::Diagnostics(summary.warnings.clone());
            eprint!(
                "{}",
                crate::support::excerpt::render_all(&warnings, &opts.root, color)
            );
            if let n @ 1.. = summary.warnings.len() {
                eprintln!("{}", t!("build-warnings-summary", count = n));
            }
            println!(
                "{}",
                t!(
                    "build-done",
                    root = opts.root.display().to_string(),
                    output = opts.output_dir().display().to_string(),
                    summary = summary.to_string()
                )
            );
            if let Some(note) =
                crate::publish::robots_note_for(&opts.root, opts.base_url.as_deref())
            {
                println!("{note}");
            }
            if timings {
                print!("{}", summary.timings());
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            eprint!(
                "{}",
                crate::support::excerpt::render_all(&diags, &opts.root, color)
            );
            eprintln!(
                "{}",
                t!(
                    "build-failed",
                    count = diags.len(),
                    output = opts.output_dir().display().to_string()
                )
            );
            ExitCode::from(1)
        }
    }
}

/// `faro check`: the site built in memory, its links followed.
fn check(root: PathBuf, format: crate::check::Format, drafts: bool, strict: bool) -> ExitCode {
    if let Err(code) = require_site(&root) {
        return code;
    }
    let opts = Options {
        drafts,
        strict,
        ..Options::new(root)
    };
    ExitCode::from(crate::check::run(&opts, format))
}

/// `faro serve`: the preview, until it stops.
fn serve(opts: crate::serve::ServeOptions) -> ExitCode {
    if let Err(code) = require_site(&opts.root) {
        return code;
    }
    match crate::serve::serve(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("faro: {e}");
            ExitCode::from(1)
        }
    }
}

/// `faro publish`: a finished output copied to its destination.
fn publish(opts: crate::publish::Options) -> ExitCode {
    if let Err(code) = require_site(&opts.root) {
        return code;
    }
    ExitCode::from(crate::publish::run(&opts))
}

/// `faro build` (check, serve) run outside a site: a usage error that says
/// how to point at one or make one.
fn require_site(root: &Path) -> Result<(), ExitCode> {
    if root.join("site.yaml").is_file() {
        return Ok(());
    }
    eprintln!(
        "faro: {}",
        t!("build-no-site", root = root.display().to_string())
    );
    Err(ExitCode::from(2))
}
