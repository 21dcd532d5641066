//! A corpus store keeps documents as JSON and rebuilds them to write tables: invented news
//! articles analysed by the full default pipeline (fixture knowledge base, a hand-written
//! tone lexicon), written as JSON, read back with `dateline_doc::from_json`, must give the
//! same JSON bytes and the same CSV, GDELT and GKG rows as the documents they came from.
//! The store's packed form (`dateline_doc::pack`) must give back the very same documents.

use dateline_doc::{Doc, Layer, Metadata, Published, from_json, json, pack};
use dateline_export::{ExportFormat, Exporter, render};
use dateline_kb::Kb;
use dateline_pipeline::{Pipeline, Resources};
use dateline_tone::ToneLexicon;
use std::str::FromStr;
use std::sync::Arc;

const LEXICON: &str = "good\t1.9\nreal\t0.8\nready\t1.3\nagreement\t1.6\npeace\t2.5\n\
    war\t-2.9\nthreat\t-2.4\nprovocative\t-1.7\nconsequences\t-0.9\nrejected\t-1.9\n\
    charity\t1.4\nsecurity\t1.0\ncrisis\t-3.1\nhelp\t1.7\nkilled\t-3.5\n";

/// (id, published, url, text).
const ARTICLES: [(&str, &str, &str, &str); 3] = [
    (
        "kyiv-talks",
        "2025-08-16T03:10:00Z",
        "https://news.example.com/world/kyiv-talks",
        "KYIV, Ukraine — Ukrainian President Volodymyr Petrenko said on Friday that Kyiv would \
not give up any territory, a day before Russia and Ukraine hold talks in Anchorage, Alaska.\n\n\
“We will not trade our land for a pause,” Petrenko told reporters. “Peace must be real.”\n\n\
Russia’s foreign minister, Sergei Orlov, said Moscow was ready to meet in Berlin next week. \
The European Union pledged €1.5 billion in aid, and about 3,000 refugees crossed into Poland \
on Thursday, officials said.",
    ),
    (
        "aid-package",
        "2025-09-02",
        "https://news.example.com/us/aid-package",
        "WASHINGTON — The United States will send $200 million in military aid to Ukraine, \
Secretary Mary Collins announced Tuesday.\n\n\
Collins said the package, the third this year, would include air-defence systems. “This is \
not charity; it is security,” she said, adding that Washington expected “concrete steps” from \
Moscow by September.\n\n\
The Kremlin rejected the plan. A spokesman called it “provocative” and warned of \
consequences. Moscow attacked Kyiv overnight; at least 12 people were killed, Ukrainian \
officials said.",
    ),
    (
        "paris-spending",
        "Mon, 13 Oct 2025 18:45:00 +0200",
        "https://news.example.com/europe/paris-spending",
        // A no-break space between sentences, a soft hyphen inside a name and an ellipsis:
        // characters the normalizer changes.
        "PARIS — France and Germany agreed on Monday to raise defence spending by 2.5 per cent \
by 2030…\u{a0}Angela Weber, Germany’s finance minister, said the agreement was “good news for \
Europe.”\n\n\
She met John Har\u{ad}ris of Britain in London on Wednesday; the two did not sign any \
deal, and Harris said he would “not rush” a crisis fund of £300 million.",
    ),
];

fn pipeline() -> Pipeline {
    let lexicon = ToneLexicon::from_str(LEXICON).unwrap();
    let resources = Resources::with_kb(Arc::new(Kb::fixture())).with_lexicon(Arc::new(lexicon));
    Pipeline::full(&resources)
}

fn analysed() -> Vec<Doc> {
    let pipeline = pipeline();
    ARTICLES
        .iter()
        .map(|&(id, published, url, text)| {
            let mut meta = Metadata::with_id(id);
            meta.published = Some(Published::parse(published).unwrap());
            meta.url = Some(url.into());
            meta.title = Some(format!("{id}: “news” & <more>"));
            meta.source = Some("Example News".into());
            meta.language = Some("en".into());
            meta.extra.insert(
                "section".into(),
                serde_json::json!({"name": "world", "rank": 2}),
            );
            let mut doc = Doc::new(meta, text.to_string()).unwrap();
            pipeline.run(&mut doc);
            doc
        })
        .collect()
}

fn to_json(doc: &Doc) -> String {
    let mut out = Vec::new();
    json::to_writer(&mut out, doc, &Layer::ALL, false).unwrap();
    String::from_utf8(out).unwrap()
}

/// Every export format of `docs`, rendered with `render` and written in order, as the
/// bytes of each file.
fn exported(docs: &[Doc]) -> Vec<(&'static str, Vec<u8>)> {
    let dir = tempfile::tempdir().unwrap();
    let mut ex = Exporter::create(dir.path(), &ExportFormat::ALL).unwrap();
    for doc in docs {
        ex.write_rendered(&render(doc, &ExportFormat::ALL)).unwrap();
    }
    ex.finish().unwrap();
    ExportFormat::ALL
        .iter()
        .flat_map(|f| f.files().iter())
        .map(|&name| (name, std::fs::read(dir.path().join(name)).unwrap()))
        .collect()
}

/// The layers read back exactly (every layer but tokens, tone and substance, whose
/// comparison differs between the JSON and the packed form).
fn same_spans_and_annotations(doc: &Doc, back: &Doc) {
    let id = &doc.meta.id;
    assert_eq!(back.sentences, doc.sentences, "{id}");
    assert_eq!(back.paragraphs, doc.paragraphs, "{id}");
    assert_eq!(back.entities, doc.entities, "{id}");
    assert_eq!(back.actors, doc.actors, "{id}");
    assert_eq!(back.quotes, doc.quotes, "{id}");
    assert_eq!(back.times, doc.times, "{id}");
    assert_eq!(back.places, doc.places, "{id}");
    assert_eq!(back.amounts, doc.amounts, "{id}");
    assert_eq!(back.events, doc.events, "{id}");
}

#[test]
fn analysed_documents_round_trip_through_json() {
    let docs = analysed();
    let mut restored = Vec::new();
    for doc in &docs {
        let id = &doc.meta.id;
        // The pipeline built every layer, with something in the ones that matter here.
        assert_eq!(doc.layers().count(), Layer::ALL.len(), "{id}");
        assert!(!doc.text().is_ascii());
        for (layer, empty) in [
            ("actors", doc.actors.is_empty()),
            ("quotes", doc.quotes.is_empty()),
            ("times", doc.times.is_empty()),
            ("places", doc.places.is_empty()),
            ("amounts", doc.amounts.is_empty()),
        ] {
            assert!(!empty, "{id}: no {layer}");
        }
        assert!(
            doc.tone.as_ref().is_some_and(|t| !t.words.is_empty()),
            "{id}"
        );

        let json = to_json(doc);
        let back = from_json(&json).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(to_json(&back), json, "{id}: JSON differs");

        // What the JSON carries comes back as it was; tokens' flags and sentences' token
        // ranges are recomputed and equal too.
        assert_eq!(back.meta, doc.meta);
        assert_eq!(back.tokens.len(), doc.tokens.len());
        for (a, b) in doc.tokens.iter().zip(&back.tokens) {
            assert_eq!(
                (a.span, a.kind, a.flags, doc.token_norm(a)),
                (b.span, b.kind, b.flags, back.token_norm(b)),
                "{id}"
            );
        }
        same_spans_and_annotations(doc, &back);
        // Tone scores and the substance ratio are written with four decimals: those come
        // back rounded (the JSON and the exports are the same, checked above and below).
        assert_eq!(
            back.substance.as_ref().map(|s| &s.statements),
            doc.substance.as_ref().map(|s| &s.statements),
            "{id}"
        );
        assert_eq!(
            back.layers().collect::<Vec<_>>(),
            doc.layers().collect::<Vec<_>>()
        );
        restored.push(back);
    }
    assert!(
        docs.iter().any(|d| !d.events.is_empty()),
        "no events coded in any article"
    );
    // The articles without characters normalized between tokens get their normalized view
    // and tokens back exactly; in the third, the no-break space the normalizer turned into
    // a space is not redone, so its tokens' normalized offsets move (their text does not).
    for i in 0..2 {
        assert_eq!(restored[i].tokens, docs[i].tokens);
        assert_eq!(restored[i].normalized(), docs[i].normalized());
    }
    assert_ne!(restored[2].normalized_text(), docs[2].normalized_text());

    for ((name, a), (_, b)) in exported(&docs).iter().zip(exported(&restored).iter()) {
        assert!(
            a == b,
            "{name} differs:\n{}\n---\n{}",
            String::from_utf8_lossy(a),
            String::from_utf8_lossy(b)
        );
    }
}

#[test]
fn analysed_documents_round_trip_through_the_packed_form() {
    let docs = analysed();
    for doc in &docs {
        let id = &doc.meta.id;
        // Every layer, tokens and the normalized view included: everything comes back.
        let mut bytes = Vec::new();
        pack::encode(doc, &Layer::ALL, &mut bytes);
        let back =
            pack::decode(&bytes, doc.text().to_string()).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(to_json(&back), to_json(doc), "{id}: JSON differs");
        assert_eq!(back.meta, doc.meta, "{id}");
        assert_eq!(back.normalized(), doc.normalized(), "{id}");
        assert_eq!(back.tokens, doc.tokens, "{id}");
        same_spans_and_annotations(doc, &back);
        assert_eq!(back.tone, doc.tone, "{id}");
        assert_eq!(back.substance, doc.substance, "{id}");
        assert_eq!(back.layer_provenance(), doc.layer_provenance(), "{id}");

        // The store's layers (all but tokens): the same JSON for those layers, and sentences
        // without token ranges to point into.
        let layers: Vec<Layer> = Layer::ALL[1..].to_vec();
        let mut bytes = Vec::new();
        pack::encode(doc, &layers, &mut bytes);
        let back = pack::decode(&bytes, doc.text().to_string()).unwrap();
        let json = |d: &Doc| {
            let mut out = Vec::new();
            json::to_writer(&mut out, d, &layers, false).unwrap();
            out
        };
        assert_eq!(json(&back), json(doc), "{id}");
        assert!(back.tokens.is_empty() && !back.has_layer(Layer::Tokens));
        assert!(back.sentences.iter().all(|s| s.tokens.is_empty()), "{id}");
    }
}

#[test]
fn documents_read_on_threads_are_the_same() {
    // A store reads documents on many threads at once; names are shared between them.
    let jsons: Vec<String> = analysed().iter().map(to_json).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    for _ in 0..5 {
                        for json in &jsons {
                            assert_eq!(&to_json(&from_json(json).unwrap()), json);
                        }
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
    });
}
