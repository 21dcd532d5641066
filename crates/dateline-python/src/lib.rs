//! dateline for Python, and through it for the engines that already run on clusters:
//! PySpark (`DataFrame.mapInArrow`) and Ray Data (`map_batches`).
//!
//! A month of CC-NEWS outgrows one machine, and the people who process it have Spark or
//! Ray already; rather than bring a cluster of its own, dateline runs inside theirs as a
//! Python package. That package (`python/dateline/`, built into one abi3 wheel by
//! `scripts/build-python.sh`) wraps this crate's extension module, `dateline._dateline`:
//!
//! * `analyze(text, published, id)`: one document, the JSON `dateline analyze --format
//!   jsonl` writes for it, by the same library calls ([`engine`]).
//! * `analyze_batch(batch)`: an Arrow record batch in (`id`, `text`, optional `published`,
//!   `url`, `html`, read as the CLI reads JSONL: [`input`]), one output row per input row
//!   out, with the layers as nested columns ([`schema`], [`columns`]) read from the
//!   document JSON the CLI writes ([`scan`]), and that JSON, analysed on all cores with the
//!   interpreter released ([`batch`]). Arrow crosses the boundary through the C data
//!   interface without a copy.
//!
//! The knowledge base and the tone lexicon are opened once per process and shared by every
//! call, as the CLI shares them across its workers.
//!
//! Build notes:
//!
//! * Only arrow-rs's `arrow-array`/`-buffer`/`-data`/`-schema` (the version of the
//!   workspace's `parquet`), not the umbrella `arrow` crate: nothing here needs its compute
//!   kernels, casts or IPC, and they would add minutes to a release build on 2 cores. The
//!   nested columns are built from plain vectors ([`columns`]), which also joins the
//!   chunks the workers build without `arrow-select`.
//! * PyO3 with `abi3-py39` (one wheel for CPython 3.9 and later) and `extension-module`,
//!   so that no build links libpython: `cargo test` and `cargo clippy --workspace` work on a
//!   machine without Python development files (with abi3, PyO3 even builds without a
//!   Python interpreter, after a warning). The bindings (the private `python` module) are
//!   left out of the unit-test build, whose executable could not link without libpython;
//!   everything they call is plain Rust and tested here, and `scripts/python-test.sh`
//!   tests the wheel from Python.

pub mod batch;
pub mod columns;
pub mod engine;
pub mod input;
pub mod scan;
pub mod schema;

#[cfg(not(test))]
mod python;
