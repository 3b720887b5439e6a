//! What `faro publish` tells the editor: the plan of a dry run, one line a
//! file in the order the files would be copied or removed, and the summary
//! of a publication.

use super::plan::{Change, Plan};
use crate::t;

/// `+ path` (new), `~ path` (changed), `- path` (removed), in order, then
/// the summary line.
pub fn dry_run(plan: &Plan) -> String {
    let mut out = String::new();
    for (path, change) in plan.assets.iter().chain(&plan.pages) {
        let mark = if *change == Change::New { '+' } else { '~' };
        out.push_str(&format!("{mark} {path}\n"));
    }
    for path in &plan.remove {
        out.push_str(&format!("- {path}\n"));
    }
    out.push_str(&t!(
        "publish-dry-run-summary",
        new = count(plan, Change::New),
        changed = count(plan, Change::Changed),
        removed = plan.remove.len(),
        unchanged = plan.unchanged
    ));
    out.push('\n');
    out
}

/// The line a publication ends with.
pub fn done(plan: &Plan) -> String {
    if plan.is_empty() {
        return t!("publish-nothing-to-do", unchanged = plan.unchanged);
    }
    t!(
        "publish-done",
        new = count(plan, Change::New),
        changed = count(plan, Change::Changed),
        removed = plan.remove.len(),
        unchanged = plan.unchanged
    )
}

fn count(plan: &Plan, change: Change) -> usize {
    plan.assets
        .iter()
        .chain(&plan.pages)
        .filter(|(_, c)| *c == change)
        .count()
}
