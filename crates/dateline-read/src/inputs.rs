//! The reading step: walks the inputs in order and dispatches each file to its reader.
//!
//! Files in a folder are visited in sorted order (walkdir, by file name) so that runs are
//! deterministic; hidden files and folders (`.git`, `.DS_Store`) are skipped. Symbolic
//! links are followed, so a dangling link is reported as an error like any unreadable
//! file. Inside a folder, anything but a regular file (a FIFO, which would block the batch
//! forever, a socket, a device) is reported and skipped; named on the command line, it is
//! read (`<(zcat x.gz)` is a pipe).

use std::any::Any;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use dateline_doc::Metadata;
use flate2::read::MultiGzDecoder;
use walkdir::{DirEntry, WalkDir};

use crate::detect::{by_extension, is_gzip, sniff};
use crate::lines::{Failed, read_all, read_prefix};
use crate::transcode::{Utf16Reader, utf16_bom};
use crate::{
    FeedReader, InputKind, JsonlReader, MAX_RECORD_BYTES, Payload, ReadError, ReadErrorKind,
    Record, SkipCounts, WarcReader,
};

/// Bytes looked at to sniff a format.
const SNIFF_BYTES: usize = 4096;
const READ_BUFFER: usize = 64 * 1024;

/// The name stdin gets in messages (its plain-text document's id is `-`).
pub const STDIN_NAME: &str = "stdin";

/// One input as given on the command line: a file, a folder, or `-` for stdin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputSpec {
    pub path: PathBuf,
    /// `Auto` detects the format of each file; anything else forces it for every file
    /// (including every file of a folder).
    pub kind: InputKind,
}

impl InputSpec {
    /// An input with format detection; the path `-` means stdin.
    pub fn new(path: impl Into<PathBuf>) -> InputSpec {
        InputSpec {
            path: path.into(),
            kind: InputKind::Auto,
        }
    }

    pub fn stdin() -> InputSpec {
        InputSpec::new("-")
    }

    pub fn with_kind(mut self, kind: InputKind) -> InputSpec {
        self.kind = kind;
        self
    }

    pub fn is_stdin(&self) -> bool {
        self.path.as_os_str() == "-"
    }
}

type DynRead = Box<dyn BufRead + Send>;

enum Pending {
    Spec(InputSpec),
    Reader {
        name: String,
        kind: InputKind,
        reader: DynRead,
    },
}

/// A reader that is producing several records from one input.
enum Stream {
    Jsonl(JsonlReader<DynRead>),
    Feed(Box<FeedReader<DynRead>>),
    Warc(WarcReader<DynRead>),
}

type Walk = walkdir::FilterEntry<walkdir::IntoIter, fn(&DirEntry) -> bool>;

/// The records of all inputs, in order. See [`open`].
pub struct Inputs {
    pending: VecDeque<Pending>,
    walk: Option<(Walk, InputKind)>,
    /// The multi-record reader in use, and its input's name.
    current: Option<(String, Stream)>,
    skipped: SkipCounts,
    files: u64,
}

/// Starts reading `inputs` in order. Nothing is opened before the first call to `next`.
pub fn open(inputs: &[InputSpec]) -> Inputs {
    Inputs::with_pending(inputs.iter().cloned().map(Pending::Spec).collect())
}

impl Inputs {
    fn with_pending(pending: VecDeque<Pending>) -> Inputs {
        Inputs {
            pending,
            walk: None,
            current: None,
            skipped: SkipCounts::new(),
            files: 0,
        }
    }

    /// Reads one already open stream (stdin, a socket, a test buffer) named `name`, with
    /// the same detection and readers as files (gzip is decompressed, `Auto` sniffs).
    pub fn from_reader(
        name: impl Into<String>,
        kind: InputKind,
        reader: impl BufRead + Send + 'static,
    ) -> Inputs {
        Inputs::with_pending(VecDeque::from([Pending::Reader {
            name: name.into(),
            kind,
            reader: Box::new(reader),
        }]))
    }

    /// Records read but not turned into documents so far, by reason.
    pub fn skipped(&self) -> &SkipCounts {
        &self.skipped
    }

    /// Files and streams opened so far.
    pub fn files(&self) -> u64 {
        self.files
    }

    fn merge_skipped(&mut self, counts: SkipCounts) {
        for (k, v) in counts {
            *self.skipped.entry(k).or_default() += v;
        }
    }

    fn open_file(&mut self, path: &Path, kind: InputKind) -> Option<Result<Record, ReadError>> {
        let name = path.display().to_string();
        match File::open(path) {
            Ok(f) => {
                let reader = Box::new(BufReader::with_capacity(READ_BUFFER, f));
                self.open_guarded(name, kind, reader, Some(path))
            }
            Err(e) => Some(Err(ReadError::new(name, ReadErrorKind::Io(e)))),
        }
    }

    /// [`Inputs::open_stream`], with a panic (a bug) turned into this input's error.
    fn open_guarded(
        &mut self,
        name: String,
        kind: InputKind,
        reader: DynRead,
        path: Option<&Path>,
    ) -> Option<Result<Record, ReadError>> {
        let opened = catch_unwind(AssertUnwindSafe(|| {
            self.open_stream(name.clone(), kind, reader, path)
        }));
        opened.unwrap_or_else(|panic| {
            self.current = None;
            Some(Err(ReadError::new(name, internal(panic))))
        })
    }

    /// Detects the format and either returns the input's only record or installs a
    /// multi-record reader as `current` (and returns `None`).
    fn open_stream(
        &mut self,
        name: String,
        kind: InputKind,
        mut reader: DynRead,
        path: Option<&Path>,
    ) -> Option<Result<Record, ReadError>> {
        self.files += 1;
        let io_err =
            |name: &str, e: io::Error| Some(Err(ReadError::new(name, ReadErrorKind::Io(e))));
        let (mut prefix, mut failed) = read_prefix(&mut reader, SNIFF_BYTES);
        if is_gzip(&prefix) {
            let raw: DynRead = Box::new(Cursor::new(prefix).chain(rest(failed, reader)));
            reader = Box::new(BufReader::with_capacity(
                READ_BUFFER,
                MultiGzDecoder::new(raw),
            ));
            (prefix, failed) = read_prefix(&mut reader, SNIFF_BYTES);
        }
        if prefix.is_empty()
            && let Some(e) = failed
        {
            return io_err(&name, e);
        }
        let utf16 = utf16_bom(&prefix);
        let kind = match kind {
            InputKind::Auto => path.and_then(by_extension).unwrap_or_else(|| match utf16 {
                Some(enc) => sniff(enc.decode_with_bom_removal(&prefix).0.as_bytes()),
                None => sniff(&prefix),
            }),
            k => k,
        };
        let mut reader: DynRead = Box::new(Cursor::new(prefix).chain(rest(failed, reader)));
        if let Some(enc) = utf16
            && matches!(kind, InputKind::Jsonl | InputKind::Feed)
        {
            // Text and HTML decode their own byte-order marks (and record the encoding);
            // WARC is bytes, never UTF-16.
            reader = Box::new(BufReader::with_capacity(
                READ_BUFFER,
                Utf16Reader::new(reader, enc),
            ));
        }
        match kind {
            InputKind::Text | InputKind::Html | InputKind::Auto => {
                let bytes = match read_all(reader, MAX_RECORD_BYTES) {
                    Ok(Some(b)) => b,
                    Ok(None) => {
                        return Some(Err(ReadError::new(
                            name,
                            ReadErrorKind::TooLarge {
                                limit: MAX_RECORD_BYTES,
                            },
                        )));
                    }
                    Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                        // A truncated gzip member: flate2 reports it this way.
                        return Some(Err(ReadError::new(
                            name,
                            ReadErrorKind::Truncated(format!("the input ends early ({e})")),
                        )));
                    }
                    Err(e) => return io_err(&name, e),
                };
                let is_stdin = path.is_none() && name == STDIN_NAME;
                let meta = Metadata::with_id(if is_stdin { "-" } else { name.as_str() });
                let payload = if kind == InputKind::Html {
                    Payload::Html {
                        bytes,
                        charset: None,
                    }
                } else {
                    Payload::Bytes(bytes)
                };
                Some(Ok(Record {
                    name,
                    meta,
                    payload,
                    id_given: !is_stdin,
                }))
            }
            InputKind::Jsonl => {
                let stream = Stream::Jsonl(JsonlReader::new(name.clone(), reader));
                self.current = Some((name, stream));
                None
            }
            InputKind::Feed => {
                let stream = Stream::Feed(Box::new(FeedReader::new(name.clone(), reader)));
                self.current = Some((name, stream));
                None
            }
            InputKind::Warc => {
                let stream = Stream::Warc(WarcReader::new(name.clone(), reader));
                self.current = Some((name, stream));
                None
            }
        }
    }
}

/// What follows a sniffed prefix: the rest of the stream, or the error that ended it.
fn rest(failed: Option<io::Error>, reader: DynRead) -> DynRead {
    match failed {
        Some(e) => Box::new(Failed(Some(e))),
        None => reader,
    }
}

/// The error for a reader that panicked (a bug in dateline): its message, so the report
/// says what went wrong, while the batch goes on with the next input.
fn internal(panic: Box<dyn Any + Send>) -> ReadErrorKind {
    let why = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    ReadErrorKind::Internal(why)
}

fn not_hidden(e: &DirEntry) -> bool {
    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
}

impl Iterator for Inputs {
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((name, stream)) = &mut self.current {
                let next = catch_unwind(AssertUnwindSafe(|| match stream {
                    Stream::Jsonl(r) => (r.next(), SkipCounts::new()),
                    Stream::Feed(r) => (r.next(), r.take_skipped()),
                    Stream::Warc(r) => (r.next(), r.take_skipped()),
                }));
                let (item, skipped) = match next {
                    Ok(next) => next,
                    Err(panic) => {
                        let error = ReadError::new(name.clone(), internal(panic));
                        self.current = None;
                        return Some(Err(error));
                    }
                };
                self.merge_skipped(skipped);
                match item {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
                continue;
            }
            if let Some((walk, kind)) = &mut self.walk {
                let kind = *kind;
                match walk.next() {
                    None => self.walk = None,
                    Some(Err(e)) => {
                        let name = e
                            .path()
                            .map(|p| p.display().to_string())
                            .unwrap_or_else(|| "(folder)".into());
                        return Some(Err(ReadError::new(
                            name,
                            ReadErrorKind::Io(io::Error::from(e)),
                        )));
                    }
                    Some(Ok(entry)) => {
                        let file_type = entry.file_type();
                        if file_type.is_dir() {
                            continue;
                        }
                        if !file_type.is_file() {
                            // Opening a FIFO would wait for a writer forever, and a device
                            // never ends: inside a folder they are not documents.
                            let name = entry.path().display().to_string();
                            let why = io::Error::other(
                                "not a regular file (a FIFO, socket or device); skipped",
                            );
                            return Some(Err(ReadError::new(name, ReadErrorKind::Io(why))));
                        }
                        if let Some(item) = self.open_file(entry.path(), kind) {
                            return Some(item);
                        }
                    }
                }
                continue;
            }
            match self.pending.pop_front()? {
                Pending::Reader { name, kind, reader } => {
                    if let Some(item) = self.open_guarded(name, kind, reader, None) {
                        return Some(item);
                    }
                }
                Pending::Spec(spec) if spec.is_stdin() => {
                    let stdin: DynRead =
                        Box::new(BufReader::with_capacity(READ_BUFFER, io::stdin()));
                    if let Some(item) = self.open_guarded(STDIN_NAME.into(), spec.kind, stdin, None)
                    {
                        return Some(item);
                    }
                }
                Pending::Spec(spec) => match std::fs::metadata(&spec.path) {
                    Err(e) => {
                        let name = spec.path.display().to_string();
                        return Some(Err(ReadError::new(name, ReadErrorKind::Io(e))));
                    }
                    Ok(m) if m.is_dir() => {
                        let walk = WalkDir::new(&spec.path)
                            .follow_links(true)
                            .sort_by_file_name()
                            .into_iter()
                            .filter_entry(not_hidden as fn(&DirEntry) -> bool);
                        self.walk = Some((walk, spec.kind));
                    }
                    Ok(_) => {
                        if let Some(item) = self.open_file(&spec.path, spec.kind) {
                            return Some(item);
                        }
                    }
                },
            }
        }
    }
}
