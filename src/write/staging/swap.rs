//! The swap: the staging folder becomes the output, and the previous site
//! the next build's staging folder, each with its manifest.

use super::Staging;
use crate::problem;
use crate::support::diag::Diagnostics;

impl Staging {
    /// Swaps the staging folder in as the target; the previous site becomes
    /// the staging folder of the next build, and the manifests swap with them.
    pub fn publish(mut self) -> Result<(), Diagnostics> {
        let names = &self.names;
        let had_target = self.target.exists();
        if had_target {
            std::fs::rename(&self.target, &names.prev).map_err(|e| {
                Diagnostics::from(problem!(
                    "write-move-previous",
                    &self.target,
                    0,
                    0,
                    error = crate::support::i18n::error_text(&e)
                ))
            })?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_target {
                let _ = std::fs::rename(&names.prev, &self.target);
            }
            return Err(Diagnostics::from(problem!(
                "write-move-new",
                &self.target,
                0,
                0,
                error = crate::support::i18n::error_text(&e)
            )));
        }
        if had_target {
            let _ = std::fs::rename(&names.prev, &self.dir);
        }
        // A kill in here leaves a manifest beside the wrong folder; its
        // entries then fail to match (inodes differ) and cost only speed.
        let _ = std::fs::rename(&names.manifest, &names.prev_manifest);
        let _ = std::fs::rename(&names.next_manifest, &names.manifest);
        let _ = std::fs::rename(&names.prev_manifest, &names.next_manifest);
        self.is_published = true;
        Ok(())
    }
}
