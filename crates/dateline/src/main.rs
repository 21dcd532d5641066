//! `dateline`: the command-line edge of the engine. It parses arguments, opens inputs,
//! runs the pipeline on all cores and writes results; all analysis lives in the library
//! crates.

mod analyze;
mod bench;
mod bench_ingest;
mod bench_scaling;
mod bench_syntax;
mod corpus;
mod export_parquet;
mod ingest;
mod kb;
mod output;
mod progress;
mod query;
mod queue;
mod render;
mod serve;
mod store_export;
mod watch;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// Turn news into structured, evidenced knowledge.
#[derive(Parser)]
#[command(name = "dateline", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyze news documents: plain text, folders, stdin (-), JSONL, HTML, RSS/Atom, WARC.
    Analyze(AnalyzeArgs),
    /// Analyze documents and keep them, with every layer, in a corpus store (one SQLite
    /// file: dateline.db in the working directory unless --db says otherwise).
    Ingest(IngestArgs),
    /// Ask the corpus store: docs, quotes, actors, events, timeline, cooccur, places, stats.
    Query(QueryArgs),
    /// Write tables (CSV, GDELT 2.0 Events, GKG 2.1; with --format parquet, Parquet) from
    /// documents analysed now, or from a corpus store (--db); with --db and --format jsonl,
    /// the stored documents themselves.
    Export(ExportArgs),
    /// Measure throughput (documents/s, MB/s per core, peak memory) of reading and
    /// analysis on a generated corpus and on given files; `bench ingest` measures the corpus
    /// store, `bench scaling` how the cost of one document grows with its length.
    Bench(BenchArgs),
    /// Serve the corpus store over HTTP: a JSON API under /api, described by an OpenAPI 3
    /// document at /api/openapi.json.
    Serve(ServeArgs),
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable summary per document (the default on a terminal).
    Text,
    /// A JSON array of documents, pretty-printed.
    Json,
    /// One JSON document per line, as in shared/eval/FORMAT.md (the default otherwise).
    Jsonl,
    /// `dateline export` only: documents, quotes, actors, events and places as Parquet
    /// files in --to DIR.
    Parquet,
}

#[derive(clap::Args)]
pub struct AnalyzeArgs {
    /// Files, folders (read recursively) or - for standard input.
    pub paths: Vec<PathBuf>,
    /// Output format [default: text on a terminal, jsonl otherwise].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,
    /// Publication date for documents that carry none (e.g. 2025-08-16).
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Layers to build and write, comma-separated (tokens, sentences, paragraphs …)
    /// [default: every available layer except tokens].
    #[arg(long, value_delimiter = ',', value_name = "LAYERS")]
    pub layers: Option<Vec<String>>,
    /// Worker threads [default: one per core].
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Read every input as this format instead of detecting it.
    #[arg(long, value_name = "KIND", value_parser = ["auto", "text", "jsonl", "html", "feed", "rss", "atom", "warc"], default_value = "auto")]
    pub input_format: String,
    /// Write output to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// No progress bar and no summary on standard error (errors are still reported).
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// The knowledge base file [default: $DATELINE_KB, else data/kb/dateline.kb beside the
    /// checkout the binary was built in, else ./data/kb/dateline.kb].
    #[arg(long, value_name = "FILE")]
    pub kb: Option<PathBuf>,
    /// The tone lexicon (VADER format) [default: $DATELINE_LEXICON, else
    /// data/sources/vadersentiment/vader_lexicon.txt beside the checkout, else the same
    /// under the working directory].
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
    /// Largest document to analyse, in bytes as read (text, or the HTML page); K, M, G
    /// suffixes are decimal (20M = 20,000,000). A larger one is reported as an error and
    /// skipped, and the batch goes on; 0 = no limit.
    #[arg(long, value_name = "BYTES", default_value = "20M", value_parser = parse_bytes)]
    pub max_doc_bytes: u64,
}

/// A byte count with an optional decimal suffix: "20M", "500K", "1G", "0".
fn parse_bytes(s: &str) -> Result<u64, String> {
    let bad = || format!("{s:?}: a number of bytes, optionally with K, M or G");
    let t = s.trim();
    let (digits, scale) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let scale = match c.to_ascii_uppercase() {
                'K' => 1_000,
                'M' => 1_000_000,
                'G' => 1_000_000_000,
                _ => return Err(bad()),
            };
            (&t[..i], scale)
        }
        _ => (t, 1),
    };
    digits
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .ok_or_else(bad)
}

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files, folders (read recursively) or - for standard input.
    pub paths: Vec<PathBuf>,
    /// The store file, created if needed [default: dateline.db in the working directory].
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Publication date for documents that carry none (e.g. 2025-08-16).
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Worker threads [default: one per core].
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Read every input as this format instead of detecting it.
    #[arg(long, value_name = "KIND", value_parser = ["auto", "text", "jsonl", "html", "feed", "rss", "atom", "warc"], default_value = "auto")]
    pub input_format: String,
    /// No progress bar and no summary on standard error (errors are still reported).
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Keep running: ingest the files that appear or change in FOLDER (Ctrl-C stops).
    #[arg(long, value_name = "FOLDER")]
    pub watch: Option<PathBuf>,
    /// The knowledge base file (as for analyze).
    #[arg(long, value_name = "FILE")]
    pub kb: Option<PathBuf>,
    /// The tone lexicon file (as for analyze).
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
    /// Largest document to analyse (as for analyze): a larger one is reported and skipped;
    /// 0 = no limit.
    #[arg(long, value_name = "BYTES", default_value = "20M", value_parser = parse_bytes)]
    pub max_doc_bytes: u64,
    /// Documents per transaction at most (for tests: a small value makes commits frequent).
    #[arg(long, hide = true, value_name = "N", default_value_t = ingest::COMMIT_DOCS)]
    pub commit_docs: u64,
}

/// Output formats of `dateline query`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum QueryFormat {
    /// An aligned table (the default on a terminal).
    Text,
    /// One JSON object per row (the default otherwise).
    Jsonl,
    /// RFC 4180 CSV with a header row.
    Csv,
}

#[derive(clap::Args)]
pub struct QueryArgs {
    /// The store file [default: dateline.db in the working directory].
    #[arg(long, value_name = "FILE", global = true)]
    pub db: Option<PathBuf>,
    /// Output format [default: text on a terminal, jsonl otherwise].
    #[arg(long, short = 'f', value_enum, global = true)]
    pub format: Option<QueryFormat>,
    /// Rows at most.
    #[arg(long, default_value_t = 100, global = true)]
    pub limit: usize,
    /// Count every copy of a syndicated story (by default a story counts once).
    #[arg(long, global = true)]
    pub all_copies: bool,
    #[command(subcommand)]
    pub view: QueryView,
}

#[derive(Subcommand)]
pub enum QueryView {
    /// Documents: full text (BM25) and dates; without filters the newest.
    Docs {
        /// Full-text search (words must all occur; "a phrase", word*, OR).
        #[arg(long)]
        q: Option<String>,
        /// First publication day (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Last publication day (a month or year counts whole).
        #[arg(long)]
        to: Option<String>,
    },
    /// Quotations with their speakers, newest first.
    Quotes {
        /// A speaker's name, any variant, case-insensitive ("Putin", "Vladimir Putin").
        #[arg(long)]
        speaker: Option<String>,
        /// Words to find in the quote or its sentence.
        #[arg(long)]
        about: Option<String>,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
    },
    /// Corpus-level actors, most mentioned first.
    Actors {
        /// A name or variant.
        #[arg(long)]
        q: Option<String>,
        /// person, org, place or group.
        #[arg(long = "type", value_name = "TYPE")]
        kind: Option<String>,
        /// ISO 3166-1 alpha-3 country code.
        #[arg(long)]
        country: Option<String>,
    },
    /// Coded events (CAMEO), newest first.
    Events {
        /// Source: a CAMEO code (USA matches USA, USAGOV, USAMIL …) or an actor name.
        #[arg(long)]
        source: Option<String>,
        /// Target: a CAMEO code or an actor name.
        #[arg(long)]
        target: Option<String>,
        /// CAMEO root code, two digits (e.g. 04 consult, 19 fight).
        #[arg(long)]
        root: Option<String>,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
    },
    /// Attention over time: the share of documents matching TEXT per bucket, with tone.
    Timeline {
        /// Full-text search.
        text: String,
        /// Bucket size: day, week or month.
        #[arg(long, default_value = "month")]
        by: String,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
    },
    /// Actors that appear in the same documents as NAME (counted over the latest 5,000
    /// documents that mention NAME).
    Cooccur {
        name: String,
        /// How many actors.
        #[arg(long, default_value_t = 20)]
        top: usize,
    },
    /// Places on the map, most mentioned first.
    Places {
        /// A place name (or ISO country / subdivision code).
        #[arg(long)]
        q: Option<String>,
        /// ISO 3166-1 alpha-2 country code.
        #[arg(long)]
        country: Option<String>,
    },
    /// What the store holds.
    Stats,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub analyze: AnalyzeArgs,
    /// Read the documents from this corpus store instead of analysing inputs.
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// With --db: every copy of a syndicated story (by default each story once).
    #[arg(long)]
    pub all_copies: bool,
    /// The folder to write the tables into (created if needed).
    #[arg(long, value_name = "DIR")]
    pub to: Option<PathBuf>,
    /// Tables to write, comma-separated: csv (documents, actors, quotes, events),
    /// gdelt-events (GDELT 2.0 Events TSV), gkg (GDELT GKG 2.1 TSV). With --format parquet,
    /// the five Parquet tables instead.
    #[arg(long, value_delimiter = ',', default_value = "csv,gdelt-events,gkg")]
    pub formats: Vec<String>,
}

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BenchArgs {
    #[command(subcommand)]
    pub what: Option<BenchWhat>,
    /// Size of the generated corpus in MB.
    #[arg(long, default_value_t = 100)]
    pub size_mb: usize,
    /// Also measure on these files (JSONL, HTML, WARC …), one run each.
    pub files: Vec<PathBuf>,
    /// Thread counts to measure, comma-separated [default: 1 and all cores].
    #[arg(long, value_delimiter = ',')]
    pub threads: Option<Vec<usize>>,
    /// Where to write the generated corpus [default: a temporary folder, removed after].
    #[arg(long, value_name = "DIR")]
    pub keep_corpus: Option<PathBuf>,
    /// The knowledge base file (as for analyze); without one, only text layers are timed.
    #[arg(long, value_name = "FILE")]
    pub kb: Option<PathBuf>,
    /// The tone lexicon file (as for analyze).
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum BenchWhat {
    /// The corpus store: ingest throughput against analyze, peak memory, store size, and
    /// query latency, on a generated corpus of distinct articles.
    Ingest(BenchIngestArgs),
    /// Length scaling: one text repeated 1×, 2×, 4×, … (up to --max-mb) as a single
    /// document, each size analysed (all layers, one thread) in its own process: CPU
    /// seconds, s/MB, MB/s and peak memory per size, per-layer s/MB and memory, and the
    /// ratio of the largest size's s/MB to the smallest's (1.00 = linear cost).
    Scaling(BenchScalingArgs),
    /// The syntax layer alone, one thread, in words per second: the part-of-speech
    /// perceptron with the chunker, and the dependency parser with the verb frames, over
    /// every sentence of a generated corpus (or the files given).
    Syntax(BenchSyntaxArgs),
}

#[derive(clap::Args)]
pub struct BenchSyntaxArgs {
    /// Measure on these files (JSONL, HTML, text …) instead of a generated corpus.
    pub files: Vec<PathBuf>,
    /// Size of the generated corpus in MB.
    #[arg(long, default_value_t = 2.0)]
    pub size_mb: f64,
    /// Rounds per stage; the fastest counts.
    #[arg(long, default_value_t = 3)]
    pub rounds: usize,
}

#[derive(clap::Args)]
pub struct BenchScalingArgs {
    /// Size of the base text in KB: generated news articles cut at a paragraph break.
    #[arg(long, default_value_t = 10)]
    pub base_kb: usize,
    /// Use this UTF-8 text file as the base text instead of generated articles.
    #[arg(long, value_name = "FILE")]
    pub text: Option<PathBuf>,
    /// The largest document in MB: the base text is doubled while it fits.
    #[arg(long, default_value_t = 10.0)]
    pub max_mb: f64,
    /// Seconds to spend at least on each size (each size is analysed at least four times
    /// and the fastest run taken).
    #[arg(long, default_value_t = 1.0)]
    pub min_secs: f64,
    /// The knowledge base file (as for analyze).
    #[arg(long, value_name = "FILE")]
    pub kb: Option<PathBuf>,
    /// The tone lexicon file (as for analyze).
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
    /// Internal: measure the base text repeated this many times in this process and print
    /// the result as one JSON line (the parent runs one child per size).
    #[arg(long, hide = true, value_name = "N")]
    pub child: Option<usize>,
}

#[derive(clap::Args)]
pub struct BenchIngestArgs {
    /// Articles in the generated corpus.
    #[arg(long, default_value_t = 100_000)]
    pub docs: u64,
    /// Worker threads [default: one per core].
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Runs per query view (p50/p95 are over these).
    #[arg(long, default_value_t = 20)]
    pub queries: usize,
    /// Keep the corpus and the store in this folder (and reuse a corpus found there)
    /// [default: a temporary folder, removed after].
    #[arg(long, value_name = "DIR")]
    pub keep: Option<PathBuf>,
    /// The knowledge base file (as for analyze).
    #[arg(long, value_name = "FILE")]
    pub kb: Option<PathBuf>,
    /// The tone lexicon file (as for analyze).
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The store file [default: dateline.db in the working directory].
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Where to listen (HOST:PORT; port 0 picks a free one). An address other than loopback
    /// needs --token or --no-auth.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Require `Authorization: Bearer TOKEN` on every /api request [default: $DATELINE_TOKEN].
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Serve a non-loopback address without a token, on purpose.
    #[arg(long)]
    pub no_auth: bool,
    /// Do not keep whole answers in memory (by default up to 512 recent answers are
    /// served again while the store's files are unchanged).
    #[arg(long)]
    pub no_cache: bool,
    /// The knowledge base file, for POST /api/analyze (as for analyze).
    #[arg(long, value_name = "FILE")]
    pub kb: Option<PathBuf>,
    /// The tone lexicon file, for POST /api/analyze (as for analyze).
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
}

fn main() -> ExitCode {
    // A panic inside a worker is caught and reported as that document's error (with its
    // name); the default hook would also print a backtrace per document.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let worker = std::thread::current()
            .name()
            .is_some_and(|n| n.starts_with("dateline-worker"));
        if !worker {
            default_hook(info);
        }
    }));
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(args, None),
        Command::Ingest(args) => ingest::run(args),
        Command::Query(args) => query::run(args),
        Command::Export(args) if args.analyze.format == Some(Format::Parquet) => {
            export_parquet::run(args)
        }
        Command::Export(args) => analyze::export(args),
        Command::Bench(BenchArgs {
            what: Some(BenchWhat::Ingest(args)),
            ..
        }) => bench_ingest::run(args),
        Command::Bench(BenchArgs {
            what: Some(BenchWhat::Scaling(args)),
            ..
        }) => bench_scaling::run(args),
        Command::Bench(BenchArgs {
            what: Some(BenchWhat::Syntax(args)),
            ..
        }) => bench_syntax::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Serve(args) => serve::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("dateline: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
