//! Finding and opening the knowledge base and the tone lexicon at the edge, so the analysis
//! crates only ever see opened resources.

use dateline_kb::Kb;
use dateline_pipeline::Resources;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the knowledge base is looked for when `--kb` is not given: `$DATELINE_KB`, then
/// `data/kb/dateline.kb` of the checkout the binary sits in (`target/<profile>/dateline`),
/// then `./data/kb/dateline.kb`.
pub fn default_path() -> PathBuf {
    resource_path("DATELINE_KB", Path::new("data/kb/dateline.kb"))
}

/// Where the tone lexicon is looked for when `--lexicon` is not given: `$DATELINE_LEXICON`,
/// then the checkout's `data/sources/vadersentiment/vader_lexicon.txt`, then the same
/// relative to the working directory.
pub fn default_lexicon_path() -> PathBuf {
    resource_path(
        "DATELINE_LEXICON",
        Path::new(dateline_tone::DEFAULT_LEXICON),
    )
}

/// Where the part-of-speech model is looked for: `$DATELINE_POS_MODEL`, then the
/// checkout's `data/sources/textblob-aptagger/pos-perceptron.bin` (written by
/// `scripts/fetch-syntax.sh`), then the same relative to the working directory.
pub fn default_tagger_path() -> PathBuf {
    resource_path(
        "DATELINE_POS_MODEL",
        Path::new(dateline_syntax::DEFAULT_MODEL),
    )
}

/// The tagger, when its model file can be read. Without it the events layer codes from
/// word patterns only, so a missing model is not an error, but it is said once on stderr.
pub fn tagger() -> Option<Arc<dateline_syntax::Tagger>> {
    let path = default_tagger_path();
    match dateline_syntax::Tagger::load(&path) {
        Ok(t) => Some(Arc::new(t)),
        Err(e) => {
            eprintln!("dateline: note: events are coded without sentence structure: {e}");
            None
        }
    }
}

/// Where the dependency parser's model is looked for: `$DATELINE_DEP_MODEL`, then the
/// checkout's `data/sources/spacy-en-core-web-sm/` (filled by `scripts/fetch-syntax.sh`),
/// then the same relative to the working directory.
pub fn default_parser_path() -> PathBuf {
    resource_path(
        "DATELINE_DEP_MODEL",
        Path::new(dateline_syntax::dep::DEFAULT_DEP_MODEL),
    )
}

/// The dependency parser, when its model can be read. Without it the events layer reads
/// sentence structure from the chunker alone; a missing model is said once on stderr, and
/// `DATELINE_DEP_MODEL=off` leaves it out on purpose, silently.
pub fn parser() -> Option<Arc<dateline_syntax::DepParser>> {
    // `DATELINE_DEP_MODEL=off`: the chunker's reading only, faster on event-dense text.
    if std::env::var_os("DATELINE_DEP_MODEL").is_some_and(|v| v == "off") {
        return None;
    }
    let path = default_parser_path();
    match dateline_syntax::DepParser::load(&path) {
        Ok(p) => Some(Arc::new(p)),
        Err(e) => {
            eprintln!("dateline: note: events are coded without a dependency parse: {e}");
            None
        }
    }
}

fn resource_path(variable: &str, relative: &Path) -> PathBuf {
    if let Some(p) = std::env::var_os(variable) {
        return PathBuf::from(p);
    }
    let relative = relative.to_path_buf();
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

/// The resources for a pipeline: the knowledge base and tone lexicon where they open, else
/// the reason and the way to build them.
pub fn resources(kb: Option<&Path>, lexicon: Option<&Path>) -> Resources {
    let kb_path = kb.map_or_else(default_path, Path::to_path_buf);
    let kb = Kb::open(&kb_path).map(Arc::new).map_err(|e| {
        format!(
            "{}: {e} (build it with scripts/fetch-kb.sh, which scripts/setup.sh runs; or give --kb FILE)",
            kb_path.display()
        )
    });
    let lexicon_path = lexicon.map_or_else(default_lexicon_path, Path::to_path_buf);
    let lexicon = dateline_tone::ToneLexicon::load(&lexicon_path)
        .map(Arc::new)
        .map_err(|e| format!("{e} (or give --lexicon FILE)"));
    Resources {
        kb,
        lexicon,
        tagger: tagger(),
        parser: parser(),
    }
}
