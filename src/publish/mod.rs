//! Getting a built site onto its web host.
//!
//! Two halves. At build time, `crate::write::host::prepare` makes the output ready
//! to be served fast: the server configuration (`server`) and compressed
//! copies of the text files (`crate::write::compress`). After the build,
//! `faro publish DEST` (`command`) copies the output to the host in an
//! order that never shows a visitor a page whose styles are gone.

mod folder;
pub mod plan;
mod report;
mod rsync;
pub use crate::write::host::server;

use crate::load::config::Config;
use crate::problem;
use crate::support::diag::Diagnostics;
use crate::write::output::OutputPath;
use plan::Change;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The note for the build summary when the site is not at the root of
/// its host (`base_url` has a path): crawlers read only the host's own
/// `/robots.txt`, so the site's is never read; the note gives the line
/// for the host's file that points them at the site's sitemap.
pub fn robots_note(config: &Config) -> Option<String> {
    let path = config.base_path();
    if path == "/" {
        return None;
    }
    let origin = config
        .base_url
        .strip_suffix(&path)
        .unwrap_or(&config.base_url);
    Some(crate::t!(
        "publish-robots-note",
        path = path.as_str(),
        robots = format!("{origin}/robots.txt"),
        sitemap = format!("{}sitemap.xml", config.base_url)
    ))
}

/// [`robots_note`] for the site at `root` built with `base_url`, as
/// `faro build` reads its configuration.
pub fn robots_note_for(root: &Path, base_url: Option<&str>) -> Option<String> {
    let opts = Options {
        root: root.to_path_buf(),
        output: None,
        base_url: base_url.map(str::to_string),
        dest: None,
        rsync: false,
        dry_run: false,
        print_config: None,
    };
    site_config(&opts).ok().and_then(|c| robots_note(&c))
}

/// What `faro publish` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    /// The built site; defaults to `<root>/public`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    /// Where to publish: a folder, or `[user@]host:path` for rsync.
    pub dest: Option<String>,
    /// Copy with rsync even when `dest` is a folder of this machine.
    pub rsync: bool,
    pub dry_run: bool,
    /// Print this server's configuration instead of publishing.
    pub print_config: Option<server::Server>,
}

/// A place `faro publish` copies the site to.
trait Destination {
    /// What faro published there before (its manifest; empty if none).
    fn published(&self) -> Result<BTreeSet<String>, Diagnostics>;
    /// How each of `files` (relative to `source`) stands there.
    fn compare(
        &self,
        source: &Path,
        files: &[String],
    ) -> Result<BTreeMap<String, Change>, Diagnostics>;
    /// Copies `files` from `source`, each replacing its old version at once.
    fn copy(&self, source: &Path, files: &[&str]) -> Result<(), Diagnostics>;
    fn remove(&self, files: &[String]) -> Result<(), Diagnostics>;
    fn write_manifest(&self, text: &str) -> Result<(), Diagnostics>;
}

/// `faro publish`: prints a server configuration, or publishes. Returns the
/// exit code: 0 done, 1 the publication failed, 2 the command cannot be
/// carried out as given (nothing was copied).
pub fn run(opts: &Options) -> u8 {
    if let Some(which) = opts.print_config {
        return match site_config(opts) {
            Ok(config) => {
                print!("{}", server::config_text(which, &config));
                0
            }
            Err(d) => {
                eprint!("{d}");
                2
            }
        };
    }
    let Some(dest) = &opts.dest else {
        eprintln!("faro: {}", crate::t!("publish-no-dest"));
        return 2;
    };
    let (output, destination, missing) = match open(opts, dest) {
        Ok(found) => found,
        Err(d) => {
            eprint!("{d}");
            return 2;
        }
    };
    // A build swaps the output by renames: publishing takes the output's
    // lock, so that it copies one whole build, never half of two.
    let _lock = match crate::write::lock_output(&output, || {
        eprintln!(
            "{}",
            crate::t!(
                "build-waiting-for-lock",
                output = output.display().to_string()
            )
        );
    }) {
        Ok(lock) => lock,
        Err(d) => {
            eprint!("{d}");
            return 1;
        }
    };
    if let Some(url) = built_for_placeholder(&output) {
        eprintln!(
            "{}",
            crate::t!("publish-placeholder-base-url", url = url.as_str())
        );
    }
    // A folder that does not exist yet is made here, before anything is
    // compared or copied; a dry run says that it would be.
    if let Some(folder) = &missing {
        let shown = folder.display().to_string();
        if opts.dry_run {
            println!("{}", crate::t!("publish-would-create-folder", dest = shown));
        } else if let Err(e) = std::fs::create_dir(folder) {
            eprint!(
                "{}",
                Diagnostics::from(problem!(
                    "publish-cannot-create-folder",
                    folder,
                    0,
                    0,
                    error = crate::support::i18n::error_text(&e)
                ))
            );
            return 1;
        } else {
            println!("{}", crate::t!("publish-created-folder", dest = shown));
        }
    }
    match publish(&output, destination.as_ref(), opts.dry_run) {
        Ok(code) => code,
        Err(d) => {
            eprint!("{d}");
            eprintln!("{}", crate::t!("publish-failed", dest = dest.as_str()));
            1
        }
    }
}

/// `site.yaml` with `--base-url` applied, as the build reads it.
fn site_config(opts: &Options) -> Result<Config, Diagnostics> {
    let mut config = Config::load(&opts.root.join("site.yaml"), Path::new("site.yaml"))?;
    if let Some(url) = &opts.base_url {
        crate::load::config::check_base_url_option(url)?;
        config.base_url = format!("{}/", url.trim_end_matches('/'));
    }
    Ok(config)
}

/// The address the site in `output` was built for, when it is still the
/// example `faro init` writes ([`crate::load::config::PLACEHOLDER_BASE_URL`]):
/// read from the first `<loc>` of its sitemap, which holds what the build
/// really used (site.yaml's or `-u`'s).
fn built_for_placeholder(output: &Path) -> Option<String> {
    use std::io::Read;
    let mut head = String::new();
    std::fs::File::open(output.join("sitemap.xml"))
        .ok()?
        .take(4096)
        .read_to_string(&mut head)
        .ok()?;
    placeholder_in_sitemap(&head)
}

/// The first address of a sitemap's text when it lies under the
/// placeholder `base_url`. Pure.
fn placeholder_in_sitemap(text: &str) -> Option<String> {
    let start = text.find("<loc>")? + "<loc>".len();
    let url = &text[start..];
    let url = &url[..url.find("</loc>")?];
    let placeholder = crate::load::config::PLACEHOLDER_BASE_URL;
    url.to_ascii_lowercase()
        .starts_with(placeholder)
        .then(|| placeholder.to_string())
}

/// Whether `dest` names a place on another machine, as rsync and scp
/// write it: a `:` before any `/` (`host:path`, `user@host:/path`).
pub fn is_remote(dest: &str) -> bool {
    match (dest.find(':'), dest.find('/')) {
        (Some(colon), Some(slash)) => colon < slash,
        (Some(_), None) => true,
        _ => false,
    }
}

/// The built output and the destination, each checked: the output must be
/// a finished build; a folder destination must not be the site, its
/// sources, or hold or lie inside the output. The third part is the
/// destination folder when it does not exist yet (its parent does: see
/// [`missing_folder`]), for the caller to create.
type Opened = (PathBuf, Box<dyn Destination>, Option<PathBuf>);

fn open(opts: &Options, dest: &str) -> Result<Opened, Diagnostics> {
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.root.join("public"));
    let output = crate::write::check_output(&opts.root, &output)?;
    if !crate::write::is_built(&output) {
        return Err(problem!(
            "publish-no-build",
            &output,
            0,
            0,
            root = opts.root.display().to_string()
        )
        .into());
    }
    if dest.starts_with('-') {
        return Err(problem!("publish-dest-refused", dest, 0, 0, path = dest).into());
    }
    if is_remote(dest) {
        return Ok((
            output,
            Box::new(rsync::Rsync {
                dest: dest.to_string(),
            }),
            None,
        ));
    }
    // The build's own rules for an output: never the site or its sources.
    let folder = crate::write::check_output(&opts.root, Path::new(dest)).map_err(|d| {
        let reasons = d.0.iter().map(|p| p.message.as_str()).collect::<Vec<_>>();
        Diagnostics::from(problem!(
            "publish-dest-unsafe",
            dest,
            0,
            0,
            reason = reasons.join("; ")
        ))
    })?;
    if folder.starts_with(&output) || output.starts_with(&folder) {
        return Err(problem!(
            "publish-dest-overlaps-output",
            dest,
            0,
            0,
            output = output.display().to_string()
        )
        .into());
    }
    let missing = missing_folder(&folder, dest)?;
    let destination: Box<dyn Destination> = if opts.rsync {
        Box::new(rsync::Rsync {
            dest: folder.display().to_string(),
        })
    } else {
        Box::new(folder::Folder { dir: folder })
    };
    Ok((output, destination, missing))
}

/// The destination folder `folder` (resolved from `dest`, as typed) when it
/// does not exist yet: `faro publish` makes it, as `mkdir` would, but only
/// when the folder it goes in exists. A missing parent is more often a
/// typo or a share that is not mounted (`/media/usb/informes`) than a wish
/// for a new tree of folders, and publishing there would fill the wrong
/// disk; the editor is told to make it by hand if it is meant.
fn missing_folder(folder: &Path, dest: &str) -> Result<Option<PathBuf>, Diagnostics> {
    if std::fs::symlink_metadata(folder).is_ok() {
        return Ok(None);
    }
    match folder.parent() {
        Some(parent) if parent.is_dir() => Ok(Some(folder.to_path_buf())),
        parent => {
            let parent = parent.unwrap_or(folder).display().to_string();
            Err(problem!(
                "publish-dest-parent-missing",
                dest,
                0,
                0,
                parent = parent.as_str(),
                dest = folder.display().to_string()
            )
            .into())
        }
    }
}

/// Every file of the built site, relative, `/`-separated, checked as
/// output paths (so none can lead outside the destination).
fn site_files(output: &Path) -> Result<Vec<String>, Diagnostics> {
    let mut files = Vec::new();
    let mut diags = Diagnostics::default();
    for entry in walkdir::WalkDir::new(output)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let Ok(rel) = entry.path().strip_prefix(output) else {
            continue;
        };
        let text = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        match OutputPath::new(text) {
            Ok(p) if p.as_str() != plan::MANIFEST => files.push(p.as_str().to_string()),
            Ok(_) => {}
            Err(e) => diags.push(e.at(entry.path())),
        }
    }
    files.sort();
    diags.into_result(files)
}

/// Publishes the site in `output` to `dest` (or, for a dry run, says what
/// that would do). Returns the exit code.
fn publish(output: &Path, dest: &dyn Destination, dry_run: bool) -> Result<u8, Diagnostics> {
    let files = site_files(output)?;
    let published = dest.published()?;
    let plan = plan::plan(&dest.compare(output, &files)?, &published);
    if !plan.foreign.is_empty() {
        let mut d = Diagnostics::default();
        for path in &plan.foreign {
            d.push(problem!("publish-foreign-file", path, 0, 0));
        }
        return Err(d);
    }
    if dry_run {
        print!("{}", report::dry_run(&plan));
        return Ok(0);
    }
    // Listed before anything is copied, so that an interrupted publication
    // still knows every file it may have put there; trimmed at the end.
    let every: BTreeSet<&str> = published
        .iter()
        .map(String::as_str)
        .chain(files.iter().map(String::as_str))
        .collect();
    dest.write_manifest(&plan::manifest_text(every))?;
    let assets: Vec<&str> = plan.assets.iter().map(|(p, _)| p.as_str()).collect();
    dest.copy(output, &assets)?;
    let pages: Vec<&str> = plan.pages.iter().map(|(p, _)| p.as_str()).collect();
    dest.copy(output, &pages)?;
    dest.remove(&plan.remove)?;
    dest.write_manifest(&plan::manifest_text(files.iter().map(String::as_str)))?;
    println!("{}", report::done(&plan));
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_robots_note_names_the_hosts_file_and_the_sites_sitemap() {
        let config = |url: &str| {
            Config::parse(
                &format!("title: T\nbase_url: {url}\n"),
                Path::new("site.yaml"),
            )
            .expect("config")
        };
        assert_eq!(robots_note(&config("https://example.org/")), None);
        let note = robots_note(&config("https://example.org/informes")).expect("a note");
        assert!(note.contains("https://example.org/robots.txt"), "{note}");
        assert!(
            note.contains("Sitemap: https://example.org/informes/sitemap.xml"),
            "{note}"
        );
    }

    #[test]
    fn a_sitemap_under_the_placeholder_address_is_found() {
        let sitemap = |url: &str| {
            format!("<?xml version=\"1.0\"?>\n<urlset>\n  <url><loc>{url}</loc></url>\n</urlset>\n")
        };
        assert_eq!(
            placeholder_in_sitemap(&sitemap("https://example.org/informes/")).as_deref(),
            Some("https://example.org/informes/")
        );
        assert!(placeholder_in_sitemap(&sitemap("https://example.org/informes/acerca/")).is_some());
        assert_eq!(
            placeholder_in_sitemap(&sitemap("https://www.igm.gob.gt/informes/")),
            None
        );
        assert_eq!(
            placeholder_in_sitemap(&sitemap("https://example.org/portal/")),
            None
        );
        assert_eq!(placeholder_in_sitemap("<urlset></urlset>"), None);
        assert_eq!(placeholder_in_sitemap("<loc>https://example.org/inf"), None);
    }

    #[test]
    fn a_destination_is_remote_as_rsync_and_scp_read_it() {
        assert!(is_remote("editor@servidor:/var/www/informes"));
        assert!(is_remote("servidor:informes"));
        assert!(!is_remote("/var/www/informes"));
        assert!(!is_remote("./copia:vieja"));
        assert!(!is_remote("informes"));
    }
}
