//! The pipeline: components that each add annotation layers to a [`Doc`], run in a
//! declared order, and a runner that applies them to a stream of documents on all cores.
//!
//! Like spaCy's, a pipeline is a sequence of components over one shared document. Each
//! [`Component`] declares the layers it needs and the layers it adds; [`Pipeline::for_layers`]
//! picks the components that a request needs (transitively) and checks that every need is
//! met by an earlier component, so a misordered pipeline fails at construction, not with a
//! silently empty layer.
//!
//! Components hold only read-only resources (lexicons, automata) built once; one
//! `Pipeline` is shared by every worker thread.

mod components;
mod runner;

pub use components::{
    Amounts, Entities, Events, Places, Quotes, Sentencizer, Substance, Times, Tokenizer, Tone,
};
pub use runner::{OrderedRunner, RunnerConfig};

use dateline_doc::{Doc, Layer};
use dateline_kb::Kb;
use dateline_syntax::{DepParser, Tagger};
use dateline_tone::ToneLexicon;
use std::sync::Arc;

/// One stage of analysis.
pub trait Component: Send + Sync {
    /// The name recorded in provenance and shown in messages.
    fn name(&self) -> &'static str;
    /// Layers that must exist before this component runs.
    fn needs(&self) -> &'static [Layer];
    /// Layers this component adds.
    fn adds(&self) -> &'static [Layer];
    /// Adds this component's layers to `doc`. Pure: no I/O, no panics on any text.
    fn run(&self, doc: &mut Doc);
}

/// Why a pipeline could not be built.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PipelineError {
    #[error("layer `{}` is not available in this version of dateline (available: {available})", .layer.name())]
    Unavailable { layer: Layer, available: String },
    #[error("layer `{}` needs the knowledge base, which could not be opened: {reason}", .layer.name())]
    NeedsKb { layer: Layer, reason: String },
    #[error("layer `{}` needs the tone lexicon, which could not be loaded: {reason}", .layer.name())]
    NeedsLexicon { layer: Layer, reason: String },
    #[error("component `{component}` needs layer `{}`, which no earlier component adds", .layer.name())]
    UnmetNeed {
        component: &'static str,
        layer: Layer,
    },
}

/// An ordered list of components.
#[derive(Clone)]
pub struct Pipeline {
    components: Vec<Arc<dyn Component>>,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.components.iter().map(|c| c.name()))
            .finish()
    }
}

/// Read-only resources that components are built from, loaded once per process.
#[derive(Clone)]
pub struct Resources {
    /// The knowledge base, or why it could not be opened (the message says how to build it).
    pub kb: Result<Arc<Kb>, String>,
    /// The tone lexicon, or why it could not be loaded (the message says how to fetch it).
    pub lexicon: Result<Arc<ToneLexicon>, String>,
    /// The part-of-speech tagger; with it the events layer also codes from sentence
    /// structure (`dateline_events::structure`), without it only from word patterns.
    pub tagger: Option<Arc<Tagger>>,
    /// The dependency parser; with it the structural coder reads verb frames from a parse
    /// instead of the chunker's positions.
    pub parser: Option<Arc<DepParser>>,
}

impl Resources {
    /// Resources without a knowledge base or lexicon: only the text layers are available.
    pub fn text_only() -> Resources {
        Resources {
            kb: Err("no knowledge base was given".into()),
            lexicon: Err("no tone lexicon was given".into()),
            tagger: None,
            parser: None,
        }
    }

    pub fn with_kb(kb: Arc<Kb>) -> Resources {
        Resources {
            kb: Ok(kb),
            ..Resources::text_only()
        }
    }

    pub fn with_lexicon(self, lexicon: Arc<ToneLexicon>) -> Resources {
        Resources {
            lexicon: Ok(lexicon),
            ..self
        }
    }

    pub fn with_tagger(self, tagger: Option<Arc<Tagger>>) -> Resources {
        Resources { tagger, ..self }
    }

    pub fn with_parser(self, parser: Option<Arc<DepParser>>) -> Resources {
        Resources { parser, ..self }
    }
}

/// Every layer a full analysis builds and writes: what `dateline analyze` gives without
/// `--layers`, and what `ingest` stores and the server's `/api/analyze` answers. Tokens are
/// left out (millions of them, asked for by name).
pub const DEFAULT_LAYERS: [Layer; 11] = [
    Layer::Sentences,
    Layer::Paragraphs,
    Layer::Entities,
    Layer::Actors,
    Layer::Quotes,
    Layer::Times,
    Layer::Places,
    Layer::Amounts,
    Layer::Events,
    Layer::Tone,
    Layer::Substance,
];

/// Layers that need the knowledge base (directly, or through the entities they build on).
const KB_LAYERS: [Layer; 7] = [
    Layer::Entities,
    Layer::Actors,
    Layer::Quotes,
    Layer::Places,
    Layer::Events,
    Layer::Tone,
    Layer::Substance,
];

/// Runs one document's step so that a panic in it (a bug in dateline, never the
/// document's fault) becomes that document's error instead of taking the batch down; the
/// message names the document (`name`). Shared by the CLI and the Python module so both
/// report the same words.
pub fn no_panic<T>(name: &str, step: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(step)).unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(format!(
            "{name}: internal error (a dateline bug; please report it): {why}"
        ))
    })
}

/// Every component the resources allow, in the order they run.
pub fn all_components(resources: &Resources) -> Vec<Arc<dyn Component>> {
    let mut components: Vec<Arc<dyn Component>> = vec![
        Arc::new(Tokenizer),
        Arc::new(Sentencizer),
        Arc::new(Times::default()),
        Arc::new(Amounts::default()),
    ];
    if let Ok(kb) = &resources.kb {
        components.push(Arc::new(Entities::new(kb.clone())));
        components.push(Arc::new(Quotes::default()));
        components.push(Arc::new(Places::new(kb.clone())));
        components.push(Arc::new(Events::with_syntax(
            resources.tagger.clone(),
            resources.parser.clone(),
        )));
        components.push(Arc::new(Substance::default()));
        if let Ok(lexicon) = &resources.lexicon {
            components.push(Arc::new(Tone::new(lexicon.clone())));
        }
    }
    components
}

impl Pipeline {
    /// A pipeline of exactly these components, in this order, after checking that each
    /// component's needs are added by an earlier one.
    pub fn new(components: Vec<Arc<dyn Component>>) -> Result<Pipeline, PipelineError> {
        let mut have: Vec<Layer> = Vec::new();
        for c in &components {
            if let Some(&layer) = c.needs().iter().find(|l| !have.contains(l)) {
                return Err(PipelineError::UnmetNeed {
                    component: c.name(),
                    layer,
                });
            }
            have.extend_from_slice(c.adds());
        }
        Ok(Pipeline { components })
    }

    /// Every component the resources allow.
    pub fn full(resources: &Resources) -> Pipeline {
        Pipeline::new(all_components(resources))
            .expect("the built-in components are in a valid order")
    }

    /// The components (from `available`, in their order) needed to build `layers`.
    pub fn for_layers_from(
        available: Vec<Arc<dyn Component>>,
        layers: &[Layer],
    ) -> Result<Pipeline, PipelineError> {
        let mut wanted: Vec<Layer> = layers.to_vec();
        let mut chosen = vec![false; available.len()];
        // Walk backwards so that a chosen component's needs pull in earlier components.
        for (i, c) in available.iter().enumerate().rev() {
            if c.adds().iter().any(|l| wanted.contains(l)) {
                chosen[i] = true;
                wanted.extend_from_slice(c.needs());
            }
        }
        let provided: Vec<Layer> = available
            .iter()
            .flat_map(|c| c.adds().iter().copied())
            .collect();
        if let Some(&layer) = layers.iter().find(|l| !provided.contains(l)) {
            let mut names: Vec<&str> = provided.iter().map(|l| l.name()).collect();
            names.dedup();
            return Err(PipelineError::Unavailable {
                layer,
                available: names.join(", "),
            });
        }
        let components = available
            .into_iter()
            .zip(chosen)
            .filter_map(|(c, keep)| keep.then_some(c))
            .collect();
        Pipeline::new(components)
    }

    /// The built-in components needed to build `layers`.
    pub fn for_layers(layers: &[Layer], resources: &Resources) -> Result<Pipeline, PipelineError> {
        if let Err(reason) = &resources.kb
            && let Some(&layer) = layers.iter().find(|l| KB_LAYERS.contains(l))
        {
            return Err(PipelineError::NeedsKb {
                layer,
                reason: reason.clone(),
            });
        }
        if let Err(reason) = &resources.lexicon
            && layers.contains(&Layer::Tone)
        {
            return Err(PipelineError::NeedsLexicon {
                layer: Layer::Tone,
                reason: reason.clone(),
            });
        }
        Pipeline::for_layers_from(all_components(resources), layers)
    }

    /// The layers this pipeline adds, in [`Layer`] order.
    pub fn layers(&self) -> Vec<Layer> {
        Layer::ALL
            .into_iter()
            .filter(|l| self.components.iter().any(|c| c.adds().contains(l)))
            .collect()
    }

    pub fn component_names(&self) -> Vec<&'static str> {
        self.components.iter().map(|c| c.name()).collect()
    }

    /// Runs every component on `doc`, in order.
    pub fn run(&self, doc: &mut Doc) {
        for c in &self.components {
            c.run(doc);
        }
    }

    /// Runs every component on `doc`, in order, calling `after` with each one's name and
    /// running time when it is done (for benchmarks: which layer a document's cost comes
    /// from).
    pub fn run_timed(
        &self,
        doc: &mut Doc,
        mut after: impl FnMut(&'static str, std::time::Duration),
    ) {
        for c in &self.components {
            let started = std::time::Instant::now();
            c.run(doc);
            after(c.name(), started.elapsed());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_doc::Metadata;

    #[test]
    fn selects_components_for_requested_layers() {
        let text = Resources::text_only();
        let p = Pipeline::for_layers(&[Layer::Tokens], &text).unwrap();
        assert_eq!(p.component_names(), ["tokenizer"]);
        let p = Pipeline::for_layers(&[Layer::Sentences], &text).unwrap();
        assert_eq!(p.component_names(), ["tokenizer", "sentencizer"]);
        assert_eq!(
            p.layers(),
            [Layer::Tokens, Layer::Sentences, Layer::Paragraphs]
        );
    }

    #[test]
    fn refuses_layers_nobody_builds_and_misordered_components() {
        let err = Pipeline::for_layers(&[Layer::Tone], &Resources::text_only()).unwrap_err();
        assert!(
            err.to_string().contains("needs the knowledge base"),
            "{err}"
        );
        let err = Pipeline::for_layers(&[Layer::Entities], &Resources::text_only()).unwrap_err();
        assert!(
            err.to_string().contains("needs the knowledge base"),
            "{err}"
        );
        let kb = Resources::with_kb(Arc::new(Kb::fixture()));
        let p = Pipeline::for_layers(&[Layer::Actors], &kb).unwrap();
        assert_eq!(
            p.component_names(),
            ["tokenizer", "sentencizer", "entities"]
        );
        let err = Pipeline::new(vec![Arc::new(Sentencizer), Arc::new(Tokenizer)]).unwrap_err();
        assert_eq!(
            err,
            PipelineError::UnmetNeed {
                component: "sentencizer",
                layer: Layer::Tokens
            }
        );
    }

    #[test]
    fn runs_components_in_order() {
        let mut doc = Doc::new(Metadata::with_id("t"), "One. Two.".into()).unwrap();
        Pipeline::full(&Resources::text_only()).run(&mut doc);
        assert!(doc.has_layer(Layer::Tokens) && doc.has_layer(Layer::Sentences));
        assert_eq!(doc.sentences.len(), 2);
    }
}
