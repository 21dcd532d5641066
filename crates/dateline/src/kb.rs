//! Finding and opening the knowledge base at the edge, so the analysis crates only ever see
//! an opened [`Kb`].

use dateline_kb::Kb;
use dateline_pipeline::Resources;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the knowledge base is looked for when `--kb` is not given: `$DATELINE_KB`, then
/// `data/kb/dateline.kb` of the checkout the binary sits in (`target/<profile>/dateline`),
/// then `./data/kb/dateline.kb`.
pub fn default_path() -> PathBuf {
    if let Some(p) = std::env::var_os("DATELINE_KB") {
        return PathBuf::from(p);
    }
    let relative = Path::new("data").join("kb").join("dateline.kb");
    if let Ok(exe) = std::env::current_exe()
        && let Some(checkout) = exe.parent().and_then(Path::parent).and_then(Path::parent)
    {
        let candidate = checkout.join(&relative);
        if candidate.exists() {
            return candidate;
        }
    }
    relative
}

/// The resources for a pipeline: the knowledge base if it opens, else the reason and the
/// way to build it.
pub fn resources(path: Option<&Path>) -> Resources {
    let path = path.map_or_else(default_path, Path::to_path_buf);
    match Kb::open(&path) {
        Ok(kb) => Resources::with_kb(Arc::new(kb)),
        Err(e) => Resources {
            kb: Err(format!(
                "{}: {e} (build it with scripts/fetch-kb.sh, which scripts/setup.sh runs; or give --kb FILE)",
                path.display()
            )),
        },
    }
}
