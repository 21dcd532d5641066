//! `dateline`: the command-line edge of the engine. It parses arguments, opens inputs,
//! runs the pipeline on all cores and writes results; all analysis lives in the library
//! crates.

mod analyze;
mod bench;
mod corpus;
mod kb;
mod output;
mod progress;
mod render;

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
    /// Analyze documents and write tables: CSV, GDELT 2.0 Events and GKG 2.1 rows.
    Export(ExportArgs),
    /// Measure throughput (documents/s, MB/s per core, peak memory) of reading and
    /// analysis on a generated corpus and on given files.
    Bench(BenchArgs),
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
}

#[derive(clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub analyze: AnalyzeArgs,
    /// The folder to write the tables into (created if needed).
    #[arg(long, value_name = "DIR")]
    pub to: PathBuf,
    /// Tables to write, comma-separated: csv (documents, actors, quotes, events),
    /// gdelt-events (GDELT 2.0 Events TSV), gkg (GDELT GKG 2.1 TSV).
    #[arg(long, value_delimiter = ',', default_value = "csv,gdelt-events,gkg")]
    pub formats: Vec<String>,
}

#[derive(clap::Args)]
pub struct BenchArgs {
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
        Command::Export(args) => analyze::export(args),
        Command::Bench(args) => bench::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("dateline: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
