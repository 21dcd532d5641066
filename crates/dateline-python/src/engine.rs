//! The analysis engine of the Python module: the resources opened once per process, and
//! one document analysed exactly as `dateline analyze` analyses it.
//!
//! A Python process (a notebook, a Spark executor's Python worker, a Ray actor) calls
//! `analyze` or `analyze_batch` many times; opening the knowledge base (a memory map) and
//! building the pipeline's automata each time would cost more than analysing a document.
//! So they are opened on first use, kept in a process-wide [`Shared`], and shared read-only
//! by every call and every worker thread, as the CLI shares them across its workers.
//! `dateline.init(kb=, lexicon=, threads=)` replaces them on purpose.
//!
//! Resources are looked up as the CLI looks them up, with the Python module's ways of
//! naming them: the path given to `init`, then `$DATELINE_KB` / `$DATELINE_LEXICON`, then
//! `data/kb/dateline.kb` / `data/sources/vadersentiment/vader_lexicon.txt` under the working
//! directory, then the same files in the checkout the module was built from (the CLI looks
//! beside its binary; an installed wheel has no checkout, so on a cluster give the paths).
//!
//! Per document, the steps and their messages are those of the CLI's `analyze`: the size
//! limit, `dateline_read::decode` (HTML extraction, empty text), the default publication
//! date for a document without one, `Doc::new`, the pipeline, and the JSON writer of
//! `dateline-doc` (the bytes `analyze --format jsonl` writes, without the newline). A panic
//! in a step is a dateline bug; it becomes that document's error instead of unwinding into
//! Python or taking a whole batch down.

use dateline_doc::{Doc, Layer, Published, json};
use dateline_kb::Kb;
use dateline_pipeline::{DEFAULT_LAYERS, Pipeline, Resources, no_panic};
use dateline_read::{Payload, Record};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The CLI's default `--max-doc-bytes` (20M): a larger document is an error, not analysed.
pub const DEFAULT_MAX_DOC_BYTES: u64 = 20_000_000;

/// What `dateline.init` (or the environment) chose.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub kb: Option<PathBuf>,
    pub lexicon: Option<PathBuf>,
    /// Worker threads for `analyze_batch`; `None` or 0: `$DATELINE_THREADS`, else one per
    /// core.
    pub threads: Option<usize>,
}

/// A pipeline with the CLI's default layers, and those layers (what the JSON carries).
pub struct Engine {
    pipeline: Pipeline,
    layers: Vec<Layer>,
}

/// A document analysed: the `Doc` and its JSON.
pub struct Analysed {
    pub doc: Doc,
    pub json: Vec<u8>,
}

impl Engine {
    /// The pipeline of `dateline analyze` without `--layers`, or the CLI's message of why
    /// it cannot be built (which names the missing file and how to make it).
    pub fn new(resources: &Resources) -> Result<Engine, String> {
        let pipeline = Pipeline::for_layers(&DEFAULT_LAYERS, resources).map_err(|e| {
            format!("the default layers need the knowledge base and the tone lexicon: {e}")
        })?;
        Ok(Engine {
            pipeline,
            layers: DEFAULT_LAYERS.to_vec(),
        })
    }

    /// Analyses one record as `dateline analyze` does; the error is the CLI's message for
    /// that document (it starts with the record's name).
    pub fn analyze(
        &self,
        record: Record,
        default_published: Option<Published>,
        max_doc_bytes: u64,
    ) -> Result<Analysed, String> {
        let mut json = Vec::new();
        let doc = self.analyze_into(record, default_published, max_doc_bytes, &mut json)?;
        Ok(Analysed { doc, json })
    }

    /// [`Engine::analyze`], writing the JSON at the end of `out` (a column's buffer; left
    /// as it was on error).
    pub fn analyze_into(
        &self,
        record: Record,
        default_published: Option<Published>,
        max_doc_bytes: u64,
        out: &mut Vec<u8>,
    ) -> Result<Doc, String> {
        check_size(&record, max_doc_bytes)?;
        let name = record.name.clone();
        let start = out.len();
        let result = no_panic(&name, || {
            let mut doc = dateline_read::decode(record)
                .map_err(|e| e.to_string())?
                .into_doc(default_published)?;
            self.pipeline.run(&mut doc);
            json::to_writer(&mut *out, &doc, &self.layers, false)
                .map_err(|e| format!("{name}: cannot write the document's JSON: {e}"))?;
            Ok(doc)
        });
        if result.is_err() {
            out.truncate(start);
        }
        result
    }
}

/// A text given directly (`dateline.analyze(text, published, id)`): the record a JSONL line
/// `{"id": id, "text": text}` becomes; without an id, `-`, as for standard input.
pub fn text_record(text: String, id: Option<String>, published: Option<Published>) -> Record {
    let id_given = id.is_some();
    let id = id.unwrap_or_else(|| "-".to_string());
    let mut meta = dateline_doc::Metadata::with_id(id.clone());
    meta.published = published;
    Record {
        name: id,
        meta,
        payload: Payload::Text(text),
        id_given,
    }
}

/// A document larger than `max_doc_bytes` (0 = no limit) is not analysed; the CLI's
/// message, naming this module's parameter instead of the flag.
fn check_size(record: &Record, max_doc_bytes: u64) -> Result<(), String> {
    record.check_size(max_doc_bytes, "max_doc_bytes")
}

/// Everything a call needs, opened once: the engine (or why there is none), the worker
/// pool, and where the resources were looked for.
pub struct Shared {
    pub engine: Result<Engine, String>,
    pub pool: rayon::ThreadPool,
    pub kb_path: PathBuf,
    pub lexicon_path: PathBuf,
}

static SHARED: Mutex<Option<Arc<Shared>>> = Mutex::new(None);

/// The process's resources, opened with the default settings on first use.
pub fn shared() -> Result<Arc<Shared>, String> {
    let mut slot = SHARED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(shared) = slot.as_ref() {
        return Ok(shared.clone());
    }
    let shared = Arc::new(open(&Settings::default())?);
    *slot = Some(shared.clone());
    Ok(shared)
}

/// Opens the resources `settings` name and makes them the process's; calls already running
/// finish with the previous ones.
pub fn configure(settings: &Settings) -> Result<Arc<Shared>, String> {
    let mut slot = SHARED.lock().unwrap_or_else(|e| e.into_inner());
    let shared = Arc::new(open(settings)?);
    *slot = Some(shared.clone());
    Ok(shared)
}

fn open(settings: &Settings) -> Result<Shared, String> {
    let kb_path = settings.kb.clone().unwrap_or_else(|| {
        resource_path(
            "DATELINE_KB",
            Path::new("data/kb/dateline.kb"),
            Path::new(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../data/kb/dateline.kb"
            )),
        )
    });
    let lexicon_path = settings.lexicon.clone().unwrap_or_else(|| {
        resource_path(
            "DATELINE_LEXICON",
            Path::new(dateline_tone::DEFAULT_LEXICON),
            &Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
                .join(dateline_tone::DEFAULT_LEXICON),
        )
    });
    let threads = settings
        .threads
        .filter(|&n| n > 0)
        .or_else(|| {
            std::env::var("DATELINE_THREADS")
                .ok()
                .and_then(|v| v.trim().parse().ok())
        })
        .unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("dateline-worker-{i}"))
        .build()
        .map_err(|e| format!("cannot start worker threads: {e}"))?;
    let engine = Engine::new(&resources(&kb_path, &lexicon_path));
    Ok(Shared {
        engine,
        pool,
        kb_path,
        lexicon_path,
    })
}

/// The resources at these paths, or for each the CLI's reason and the way to make it.
pub fn resources(kb_path: &Path, lexicon_path: &Path) -> Resources {
    let kb = Kb::open(kb_path).map(Arc::new).map_err(|e| {
        format!(
            "{}: {e} (build it with scripts/fetch-kb.sh, which scripts/setup.sh runs; or give dateline.init(kb=FILE) or $DATELINE_KB)",
            kb_path.display()
        )
    });
    let lexicon = dateline_tone::ToneLexicon::load(lexicon_path)
        .map(Arc::new)
        .map_err(|e| format!("{e} (or give dateline.init(lexicon=FILE) or $DATELINE_LEXICON)"));
    // The tagger is optional (events then come from word patterns only), as in the CLI.
    let tagger = dateline_syntax::Tagger::load(&resource_path(
        "DATELINE_POS_MODEL",
        Path::new(dateline_syntax::DEFAULT_MODEL),
        &Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
            .join(dateline_syntax::DEFAULT_MODEL),
    ))
    .ok()
    .map(Arc::new);
    // So is the dependency parser (structure then comes from the chunker alone;
    // `DATELINE_DEP_MODEL=off` leaves it out on purpose).
    let off = std::env::var_os("DATELINE_DEP_MODEL").is_some_and(|v| v == "off");
    let parser = (!off)
        .then(|| {
            dateline_syntax::DepParser::load(&resource_path(
                "DATELINE_DEP_MODEL",
                Path::new(dateline_syntax::dep::DEFAULT_DEP_MODEL),
                &Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
                    .join(dateline_syntax::dep::DEFAULT_DEP_MODEL),
            ))
            .ok()
        })
        .flatten()
        .map(Arc::new);
    Resources {
        kb,
        lexicon,
        tagger,
        parser,
    }
}

/// `$VARIABLE`, else `relative` under the working directory if it exists, else the build
/// checkout's copy if that exists, else `relative` (whose error then names it).
fn resource_path(variable: &str, relative: &Path, checkout: &Path) -> PathBuf {
    if let Some(p) = std::env::var_os(variable).filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    if relative.exists() {
        return relative.to_path_buf();
    }
    if checkout.exists() {
        return checkout.to_path_buf();
    }
    relative.to_path_buf()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use dateline_tone::ToneLexicon;

    /// A few VADER-format entries, enough for the tone layer to score something.
    const LEXICON: &str =
        "agree\t1.5\t0.5\t[1, 2]\nfail\t-2.0\t0.5\t[-2, -2]\nthreat\t-2.4\t0.5\t[-2, -3]\n";

    /// The engine on the knowledge-base fixture and a tiny lexicon (no download needed).
    pub(crate) fn fixture_engine() -> Engine {
        let lexicon = ToneLexicon::parse(LEXICON).unwrap();
        let resources = Resources::with_kb(Arc::new(Kb::fixture())).with_lexicon(Arc::new(lexicon));
        Engine::new(&resources).unwrap()
    }

    pub(crate) const ARTICLE: &str = "ISTANBUL — Turkish President Recep Tayyip Erdogan hosted Russian Foreign Minister Sergei Lavrov on Thursday. \"We have agreed on the principle,\" Erdogan told reporters. Talks will resume on Monday, officials said, and 1,200 tonnes of grain worth $3 million will move.";

    #[test]
    fn a_text_is_analysed_into_the_cli_json_shape() {
        let engine = fixture_engine();
        let published = Published::parse("2025-09-26").ok();
        let out = engine
            .analyze(
                text_record(ARTICLE.into(), Some("doc-1".into()), published),
                None,
                DEFAULT_MAX_DOC_BYTES,
            )
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.json).unwrap();
        assert_eq!(v["id"], "doc-1");
        assert_eq!(v["published"], "2025-09-26");
        assert_eq!(v["text"], ARTICLE);
        for key in [
            "sentences",
            "entities",
            "actors",
            "quotes",
            "times",
            "places",
        ] {
            assert!(v[key].is_array(), "{key} missing in {v}");
        }
        assert!(!v["quotes"].as_array().unwrap().is_empty());
        assert!(!v.as_object().unwrap().contains_key("tokens"));
    }

    #[test]
    fn errors_name_the_document_as_the_cli_does() {
        let engine = fixture_engine();
        let empty = engine.analyze(text_record(" \n".into(), Some("d7".into()), None), None, 0);
        assert_eq!(empty.err().unwrap(), "d7: empty document");
        let big = engine.analyze(text_record("x".repeat(2_000), None, None), None, 1_000);
        assert_eq!(
            big.err().unwrap(),
            "-: document is 2 KB, over max_doc_bytes 1 KB; raise the limit to analyse it"
        );
    }

    #[test]
    fn a_default_date_applies_only_without_one() {
        let engine = fixture_engine();
        let default = Published::parse("2024-01-02").ok();
        let own = Published::parse("2025-09-26").ok();
        let with_own = engine
            .analyze(text_record(ARTICLE.into(), None, own), default, 0)
            .unwrap();
        assert_eq!(with_own.doc.meta.published, own);
        let without = engine
            .analyze(text_record(ARTICLE.into(), None, None), default, 0)
            .unwrap();
        assert_eq!(without.doc.meta.published, default);
    }

    #[test]
    fn missing_resources_say_how_to_make_them() {
        let dir = std::env::temp_dir().join("dateline-python-no-such-dir");
        let r = resources(&dir.join("missing.kb"), &dir.join("missing.txt"));
        let why = Engine::new(&r).err().unwrap();
        assert!(why.contains("missing.kb"), "{why}");
        assert!(why.contains("scripts/fetch-kb.sh"), "{why}");
        assert!(why.contains("dateline.init(kb=FILE)"), "{why}");
    }
}
