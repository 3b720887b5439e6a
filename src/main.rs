use faro::cli::Command;
use faro::pipeline::build::{self, Options};
use faro::t;
use std::io::IsTerminal;
use std::process::ExitCode;

// Rendering makes and frees millions of small strings; mimalloc takes about
// a fifth off a large build's CPU time compared with glibc's allocator.
// Wrapped to bound what one template render may take (`theme::memory`).
#[global_allocator]
static ALLOCATOR: faro::render::theme::memory::Allocator = faro::render::theme::memory::Allocator;

fn main() -> ExitCode {
    // `faro import` reads each document in a child faro (src/import/worker.rs).
    if let Some(code) = faro::import::worker::main_if_worker() {
        return ExitCode::from(code);
    }
    let cli = match faro::cli::parse() {
        Ok(c) => c,
        // A usage error, help or version, already printed.
        Err(code) => return ExitCode::from(code),
    };
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            timings,
            force,
            strict,
        } => {
            if let Err(code) = require_site(&root) {
                return code;
            }
            let opts = Options {
                root,
                output,
                base_url,
                drafts,
                progress: std::io::stderr().is_terminal(),
                force,
                strict,
                search: true,
                check_published: true,
                for_host: true,
                rerender: false,
            };
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
            match build::build(&opts) {
                Ok(summary) => {
                    // Each warning with its source line, as errors are shown.
                    let color = faro::support::excerpt::stderr_wants_color();
                    let warnings = faro::support::diag::Diagnostics(summary.warnings.clone());
                    eprint!(
                        "{}",
                        faro::support::excerpt::render_all(&warnings, &opts.root, color)
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
                        faro::publish::robots_note_for(&opts.root, opts.base_url.as_deref())
                    {
                        println!("{note}");
                    }
                    if timings {
                        print!("{}", summary.timings());
                    }
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    let color = faro::support::excerpt::stderr_wants_color();
                    eprint!(
                        "{}",
                        faro::support::excerpt::render_all(&diags, &opts.root, color)
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
        Command::Check {
            root,
            format,
            drafts,
            strict,
        } => {
            if let Err(code) = require_site(&root) {
                return code;
            }
            let opts = Options {
                drafts,
                strict,
                ..Options::new(root)
            };
            ExitCode::from(faro::check::run(&opts, format))
        }
        Command::New { period, root } => ExitCode::from(faro::init::scaffold::run(&root, period)),
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
        } => ExitCode::from(faro::import::run(&faro::import::Options {
            files,
            root,
            period,
            force,
            dry_run,
            keep_original,
            progress: std::io::stderr().is_terminal(),
            report,
            limits: faro::import::Limits {
                max_memory: max_memory << 20,
                max_seconds,
                ..faro::import::Limits::default()
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
        } => {
            if let Err(code) = require_site(&root) {
                return code;
            }
            let opts = faro::serve::ServeOptions {
                root,
                bind,
                port,
                drafts: !no_drafts,
                open,
                full,
            };
            match faro::serve::serve(opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("faro: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Publish {
            dest,
            root,
            output,
            base_url,
            dry_run,
            rsync,
            print_config,
        } => {
            if let Err(code) = require_site(&root) {
                return code;
            }
            ExitCode::from(faro::publish::run(&faro::publish::Options {
                root,
                output,
                base_url,
                dest,
                rsync,
                dry_run,
                print_config,
            }))
        }
        Command::Init {
            dir,
            institution,
            title,
            base_url,
        } => ExitCode::from(faro::init::run(&faro::init::InitOptions {
            dir,
            institution,
            title,
            base_url,
        })),
    }
}

/// `faro build` (check, serve) run outside a site: a usage error that says
/// how to point at one or make one.
fn require_site(root: &std::path::Path) -> Result<(), ExitCode> {
    if root.join("site.yaml").is_file() {
        return Ok(());
    }
    eprintln!(
        "faro: {}",
        t!("build-no-site", root = root.display().to_string())
    );
    Err(ExitCode::from(2))
}
