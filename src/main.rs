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
    match faro::cli::parse() {
        Ok(cli) => faro::cli::run::run(cli),
        // A usage error, help or version, already printed.
        Err(code) => ExitCode::from(code),
    }
}
