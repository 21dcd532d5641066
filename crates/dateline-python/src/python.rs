//! The extension module `dateline._dateline`: thin PyO3 bindings over [`crate::engine`] and
//! [`crate::batch`]. The public Python API (`dateline.analyze`, `dateline.analyze_batch`,
//! `dateline.spark`, `dateline.ray`) is written in Python on top of these functions, in
//! `python/dateline/`.
//!
//! Record batches cross the boundary through the Arrow C data interface, as PyCapsules
//! (the `__arrow_c_array__` protocol that pyarrow 14 and later speaks): no copy on the way
//! in, none on the way out, and no dependency on pyarrow's own C++ ABI. Every analysis runs
//! detached from the interpreter (`Python::detach`), so other Python threads go on while a
//! batch is analysed on all cores.

use crate::batch::{self, BatchError, BatchOptions};
use crate::engine::{self, DEFAULT_MAX_DOC_BYTES, Settings, Shared};
use crate::input::InputError;
use crate::schema;
use arrow_array::ffi::{FFI_ArrowArray, FFI_ArrowSchema, from_ffi, to_ffi};
use arrow_array::{Array, RecordBatch, StructArray};
use arrow_schema::{DataType, Schema};
use dateline_doc::Published;
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyCapsuleMethods, PyDict, PyTuple};
use std::ffi::CStr;
use std::path::PathBuf;
use std::sync::Arc;

create_exception!(
    dateline,
    DatelineError,
    PyException,
    "dateline could not analyse: a document it refuses (empty, too large; the message names it and says why, as the CLI does) or resources it cannot open (the knowledge base, the tone lexicon)."
);

const ARRAY: &CStr = c"arrow_array";
const SCHEMA: &CStr = c"arrow_schema";

/// The process's engine, opened on first use (detached: opening the knowledge base and
/// building the pipeline take a moment).
fn ready(py: Python<'_>) -> PyResult<Arc<Shared>> {
    let shared = py.detach(engine::shared).map_err(DatelineError::new_err)?;
    if let Err(why) = &shared.engine {
        return Err(DatelineError::new_err(why.clone()));
    }
    Ok(shared)
}

fn parse_published(published: Option<&str>) -> PyResult<Option<Published>> {
    published
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| Published::parse(p).map_err(|e| PyValueError::new_err(format!("published: {e}"))))
        .transpose()
}

/// Opens the knowledge base and the tone lexicon (the given paths, else `$DATELINE_KB` /
/// `$DATELINE_LEXICON`, else `data/...` under the working directory or the build checkout)
/// and sets the number of worker threads (else `$DATELINE_THREADS`, else one per core) for
/// every later call in this process. Raises DatelineError when a resource cannot be opened.
#[pyfunction]
#[pyo3(signature = (kb=None, lexicon=None, threads=None))]
fn init(
    py: Python<'_>,
    kb: Option<PathBuf>,
    lexicon: Option<PathBuf>,
    threads: Option<usize>,
) -> PyResult<()> {
    let settings = Settings {
        kb,
        lexicon,
        threads,
    };
    let shared = py
        .detach(|| engine::configure(&settings))
        .map_err(DatelineError::new_err)?;
    match &shared.engine {
        Ok(_) => Ok(()),
        Err(why) => Err(DatelineError::new_err(why.clone())),
    }
}

/// What the process uses: the resource paths, the worker threads, and whether analysis is
/// available (else `error` says why). Opens the resources if nothing has yet.
#[pyfunction]
fn info(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let shared = py.detach(engine::shared).map_err(DatelineError::new_err)?;
    let d = PyDict::new(py);
    d.set_item("kb", shared.kb_path.display().to_string())?;
    d.set_item("lexicon", shared.lexicon_path.display().to_string())?;
    d.set_item("threads", shared.pool.current_num_threads())?;
    d.set_item("ready", shared.engine.is_ok())?;
    d.set_item("error", shared.engine.as_ref().err())?;
    d.set_item("version", env!("CARGO_PKG_VERSION"))?;
    Ok(d)
}

/// One document as the JSON line `dateline analyze --format jsonl` writes for it (without
/// the newline).
#[pyfunction]
#[pyo3(signature = (text, published=None, id=None, max_doc_bytes=DEFAULT_MAX_DOC_BYTES))]
fn analyze_json(
    py: Python<'_>,
    text: String,
    published: Option<&str>,
    id: Option<String>,
    max_doc_bytes: u64,
) -> PyResult<String> {
    let published = parse_published(published)?;
    let shared = ready(py)?;
    let Ok(engine) = &shared.engine else {
        unreachable!("ready() checked the engine")
    };
    let record = engine::text_record(text, id, published);
    let analysed = py
        .detach(|| engine.analyze(record, None, max_doc_bytes))
        .map_err(DatelineError::new_err)?;
    String::from_utf8(analysed.json).map_err(|e| DatelineError::new_err(e.to_string()))
}

/// A record batch to hand back to pyarrow through `__arrow_c_array__`.
#[pyclass(frozen, module = "dateline._dateline")]
struct ArrowBatch {
    batch: RecordBatch,
}

#[pymethods]
impl ArrowBatch {
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        // The schema is fixed; a consumer that asks for another one casts afterwards.
        let _ = requested_schema;
        let data = StructArray::from(self.batch.clone()).into_data();
        let (array, schema) = to_ffi(&data)
            .map_err(|e| DatelineError::new_err(format!("cannot export the batch: {e}")))?;
        let schema = PyCapsule::new_with_value(py, schema, SCHEMA)?;
        let array = PyCapsule::new_with_value(py, array, ARRAY)?;
        PyTuple::new(py, [schema.into_any(), array.into_any()])
    }

    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }
}

/// The output schema, handed to pyarrow through `__arrow_c_schema__`.
#[pyclass(frozen, module = "dateline._dateline")]
struct ArrowSchema {
    schema: Schema,
}

#[pymethods]
impl ArrowSchema {
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        let ffi = FFI_ArrowSchema::try_from(&self.schema)
            .map_err(|e| DatelineError::new_err(format!("cannot export the schema: {e}")))?;
        PyCapsule::new_with_value(py, ffi, SCHEMA)
    }
}

/// Reads a record batch from any object with `__arrow_c_array__` (a pyarrow RecordBatch).
fn import_batch(batch: &Bound<'_, PyAny>) -> PyResult<RecordBatch> {
    if !batch.hasattr("__arrow_c_array__")? {
        return Err(PyTypeError::new_err(format!(
            "expected a pyarrow RecordBatch or Table (an object with __arrow_c_array__), got {}",
            batch.get_type().name()?
        )));
    }
    let pair = batch.call_method0("__arrow_c_array__")?;
    let (schema, array): (Bound<'_, PyCapsule>, Bound<'_, PyCapsule>) = pair.extract()?;
    let schema = schema
        .pointer_checked(Some(SCHEMA))?
        .cast::<FFI_ArrowSchema>();
    let array = array.pointer_checked(Some(ARRAY))?.cast::<FFI_ArrowArray>();
    // SAFETY: the capsules hold an ArrowSchema and an ArrowArray under the names the
    // PyCapsule interface gives them, valid while the capsules live (they do, above).
    // `from_raw` moves the array out and leaves a released one behind, so the producer's
    // capsule destructor does not release it again; the schema is only borrowed.
    let data = unsafe {
        let array = FFI_ArrowArray::from_raw(array.as_ptr());
        from_ffi(array, schema.as_ref())
    }
    .map_err(|e| PyValueError::new_err(format!("cannot read the batch: {e}")))?;
    if !matches!(data.data_type(), DataType::Struct(_)) {
        return Err(PyTypeError::new_err(format!(
            "expected a record batch (a struct array), got an array of {}",
            data.data_type()
        )));
    }
    let array = StructArray::from(data);
    if array.null_count() > 0 {
        return Err(PyValueError::new_err(
            "a record batch cannot have null rows (a struct array with nulls was given)",
        ));
    }
    Ok(RecordBatch::from(array))
}

/// Analyses every row of a record batch on all cores; returns the output batch (one row
/// per input row; a bad row has its message in `error`).
#[pyfunction]
#[pyo3(signature = (batch, published=None, max_doc_bytes=DEFAULT_MAX_DOC_BYTES))]
fn analyze_batch(
    py: Python<'_>,
    batch: &Bound<'_, PyAny>,
    published: Option<&str>,
    max_doc_bytes: u64,
) -> PyResult<ArrowBatch> {
    let options = BatchOptions {
        published: parse_published(published)?,
        max_doc_bytes,
    };
    let input = import_batch(batch)?;
    let shared = ready(py)?;
    let Ok(engine) = &shared.engine else {
        unreachable!("ready() checked the engine")
    };
    let output = py
        .detach(|| batch::analyze_batch(engine, &shared.pool, &input, options))
        .map_err(|e| match e {
            BatchError::Input(InputError::Type { .. }) => PyTypeError::new_err(e.to_string()),
            BatchError::Input(_) => PyValueError::new_err(e.to_string()),
            BatchError::Column(_) => DatelineError::new_err(e.to_string()),
        })?;
    Ok(ArrowBatch { batch: output })
}

/// The schema of `analyze_batch`'s output (an object with `__arrow_c_schema__`).
#[pyfunction]
fn output_schema() -> ArrowSchema {
    ArrowSchema {
        schema: schema::output_schema(),
    }
}

/// The output schema as a Spark DDL string, for `DataFrame.mapInArrow`.
#[pyfunction]
fn spark_ddl() -> String {
    schema::spark_ddl()
}

/// dateline's analysis engine, compiled: use the `dateline` package, which wraps it.
#[pymodule(name = "_dateline")]
mod dateline_module {
    #[pymodule_export]
    use super::{
        ArrowBatch, ArrowSchema, DatelineError, analyze_batch, analyze_json, info, init,
        output_schema, spark_ddl,
    };

    #[pymodule_init]
    fn init_module(m: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        use pyo3::types::PyModuleMethods;
        m.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}
