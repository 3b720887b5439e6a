//! The pipeline's steps, and which of them each command takes.

use super::Options;

/// One step of the pipeline, in the order a run takes them. A new step is
/// added here, named in [`Step::name`], and run in [`super::Run`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// `site.yaml`, the content and the theme → the validated archive.
    Load,
    /// Each report's photos, resized (from the cache) into the output.
    Photos,
    /// The series, comparisons and changes (`crate::derive::Derived`).
    Derive,
    /// Pages, charts, data files, original documents and site-wide files.
    Render,
    /// Each published report's and indicator's share picture (a PNG,
    /// `crate::render::share`): made in its page's render job, from the
    /// cache in `.faro-cache/share` when its picture did not change.
    Share,
    /// Pagefind's index of the rendered pages.
    Search,
    /// The web host's configuration and compressed copies (`crate::write::host`).
    Compress,
    /// The files into the output folder.
    Write,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 8] = [
        Step::Load,
        Step::Photos,
        Step::Derive,
        Step::Render,
        Step::Share,
        Step::Search,
        Step::Compress,
        Step::Write,
    ];

    /// The step's name in `--timings` (see `Summary`).
    pub fn name(self) -> &'static str {
        match self {
            Step::Load => "load",
            Step::Photos => "photos",
            Step::Derive => "derive",
            Step::Render => "render",
            Step::Share => "share",
            Step::Search => "search",
            Step::Compress => "compress",
            Step::Write => "publish",
        }
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// The steps a run takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Steps(u8);

impl Steps {
    /// `faro check`: everything `faro build` validates, nothing written
    /// (photos go into a scratch folder).
    pub const CHECK: Steps = Steps::of(&[
        Step::Load,
        Step::Photos,
        Step::Derive,
        Step::Render,
        Step::Share,
    ]);
    /// The preview's incremental update: no index (made on demand), no
    /// host preparation.
    pub const PREVIEW_UPDATE: Steps = Steps::of(&[
        Step::Load,
        Step::Photos,
        Step::Derive,
        Step::Render,
        Step::Share,
        Step::Write,
    ]);
    /// `faro serve`'s search page: the index of the pages already written.
    pub const SEARCH_ON_DEMAND: Steps =
        Steps::of(&[Step::Load, Step::Derive, Step::Search, Step::Write]);

    /// These steps.
    pub const fn of(steps: &[Step]) -> Steps {
        let mut bits = 0;
        let mut i = 0;
        while i < steps.len() {
            bits |= 1 << steps[i] as u8;
            i += 1;
        }
        Steps(bits)
    }

    /// `faro build` (and the preview's full build): every step, the index
    /// and the host preparation as `opts` ask.
    pub fn build(opts: &Options) -> Steps {
        let mut steps = Steps::of(&Step::ALL);
        if !opts.search {
            steps = steps.without(Step::Search);
        }
        if !opts.for_host {
            steps = steps.without(Step::Compress);
        }
        if !opts.share_pictures {
            steps = steps.without(Step::Share);
        }
        steps
    }

    /// Whether `step` is taken.
    pub fn has(self, step: Step) -> bool {
        self.0 & step.bit() != 0
    }

    /// These steps but `step`.
    pub fn without(self, step: Step) -> Steps {
        Steps(self.0 & !step.bit())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_command_takes_its_steps() {
        let mut opts = Options::new("sitio");
        assert!(Step::ALL.iter().all(|s| Steps::build(&opts).has(*s)));
        opts.search = false;
        opts.for_host = false;
        let preview = Steps::build(&opts);
        assert!(!preview.has(Step::Search) && !preview.has(Step::Compress));
        assert!(preview.has(Step::Write));
        assert!(!Steps::CHECK.has(Step::Write));
        assert!(!Steps::SEARCH_ON_DEMAND.has(Step::Render));
        assert!(!Steps::PREVIEW_UPDATE.has(Step::Search));
    }
}
