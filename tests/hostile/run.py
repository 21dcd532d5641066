#!/usr/bin/env python3
"""The hostile-input test (see README.md beside this file): runs every case through
`dateline analyze` alone, then all of them as one `analyze` batch and one `ingest` batch, and
checks outcomes, exit statuses, panics, time, memory and what reached the store.

    run.py --bin target/release/dateline --cases tests/hostile/cases --generated DIR --work DIR

Started by scripts/hostile-test.sh, which builds nothing and generates the large cases.
"""

import argparse
import collections
import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
MUSTS = ("output", "error", "output + errors", "output or error")
ERROR_LINE = re.compile(r"^dateline: error: (.+?): (.+)$")
PANIC_MARKS = ("panicked", "RUST_BACKTRACE")
# Lines longer than this are not parsed whole (a 50 MB document's JSON would take gigabytes
# of Python objects); their id is read from the start of the line.
BIG_LINE = 16 << 20
ID_AT_START = re.compile(rb'^\{"id":("(?:[^"\\]|\\.)*")')

# Time limits in seconds: one file alone, one batch (the whole test: HOSTILE_BUDGET).
LIMIT_FILE = float(os.environ.get("HOSTILE_FILE_LIMIT", "120"))
LIMIT_BATCH = float(os.environ.get("HOSTILE_BATCH_LIMIT", "300"))


class Failures:
    def __init__(self):
        self.items = []

    def add(self, where, what):
        self.items.append(f"{where}: {what}")


# --- expectations -----------------------------------------------------------------------


def read_tables(readme):
    """The rows of the README's case tables: file → (must, [ids]), and which are generated."""
    rows = {}
    generated = set()
    section = None
    row = re.compile(r"^\|\s*`([^`]+)`\s*\|(.*)\|\s*([^|]+?)\s*\|(.*)\|\s*$")
    with open(readme, encoding="utf-8") as f:
        for line in f:
            if line.startswith("## "):
                section = line[3:].strip().lower()
                continue
            m = row.match(line)
            if not m:
                continue
            name, _what, must, docs = m.groups()
            if must not in MUSTS:
                raise SystemExit(f"{readme}: {name}: unknown 'must' value {must!r}")
            ids = re.findall(r"`([^`]+)`", docs)
            rows[name] = (must, ids)
            if section and section.startswith("generated"):
                generated.add(name)
    return rows, generated


# --- running ----------------------------------------------------------------------------


class Run:
    """One finished command: exit status, stderr lines, seconds, peak RSS in MB."""

    def __init__(self, rc, stderr, secs, rss_mb, timed_out):
        self.rc = rc
        self.stderr = stderr
        self.secs = secs
        self.rss_mb = rss_mb
        self.timed_out = timed_out


def run(cmd, limit, stdout_path, time_tool):
    """Runs `cmd` under `timeout` (and `/usr/bin/time -v` when present) with stdout to a
    file; a timeout is reported, never waited out."""
    with tempfile.NamedTemporaryFile("r", suffix=".time", delete=False) as t:
        time_file = t.name
    wrapped = ["timeout", "-k", "5", str(max(1, int(limit))), *cmd]
    if time_tool:
        wrapped = [time_tool, "-v", "-o", time_file, *wrapped]
    started = time.monotonic()
    with open(stdout_path, "wb") as out, tempfile.TemporaryFile() as err:
        p = subprocess.Popen(wrapped, stdout=out, stderr=err)
        # wait4 gives the peak RSS of this command alone (a fallback without /usr/bin/time).
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        secs = time.monotonic() - started
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    rss_kb = usage.ru_maxrss
    rc = p.returncode
    if time_tool:
        with open(time_file, encoding="utf-8", errors="replace") as t:
            report = t.read()
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
        if m:
            rss_kb = int(m.group(1))
        # GNU time prints "Command exited with non-zero status N" into -o, nothing to stderr.
    os.unlink(time_file)
    timed_out = rc in (124, 137) or (rc < 0)
    return Run(rc, stderr.splitlines(), secs, rss_kb / 1024, timed_out)


def output_docs(path):
    """(id, raw line, parsed document or None for huge lines) for each line of a JSONL file."""
    docs = []
    with open(path, "rb") as f:
        for raw in f:
            raw = raw.rstrip(b"\n")
            if not raw:
                continue
            if len(raw) > BIG_LINE:
                m = ID_AT_START.match(raw[:65536])
                doc_id = json.loads(m.group(1)) if m else None
                docs.append((doc_id, None, None))
                continue
            doc = json.loads(raw)
            docs.append((doc.get("id"), raw, doc))
    return docs


def check_spans(doc, where, failures):
    """Every {start, end} in the document lies inside its text (character offsets)."""
    n = len(doc.get("text", ""))
    bad = []

    def walk(v, path):
        if isinstance(v, dict):
            s, e = v.get("start"), v.get("end")
            if isinstance(s, int) and isinstance(e, int) and not (0 <= s <= e <= n):
                bad.append(f"{path}: {s}..{e} outside 0..{n}")
            for k, x in v.items():
                if k != "text":
                    walk(x, f"{path}.{k}")
        elif isinstance(v, list):
            for i, x in enumerate(v):
                walk(x, f"{path}[{i}]")

    walk(doc, "")
    if bad:
        failures.add(where, f"{len(bad)} spans out of bounds, e.g. {bad[0]}")


def owner(name, files):
    """The case file an error line's NAME (`path`, `path:LINE`, `path#item-N`) is about."""
    for f in files:
        if name == f or name.startswith((f + ":", f + "#", f + "/")):
            return f
    return None


def check_common(run_, where, failures, max_rss):
    """No panic, no signal, no hang, memory under the limit, only error lines on stderr."""
    text = "\n".join(run_.stderr)
    for mark in PANIC_MARKS:
        if mark in text:
            line = next(l for l in run_.stderr if mark in l)
            failures.add(where, f"panic on stderr: {line[:200]}")
            break
    if run_.timed_out:
        failures.add(where, f"timed out or killed (exit {run_.rc}) after {run_.secs:.0f} s")
    elif run_.rc == 101:
        failures.add(where, "exit status 101 (a panic)")
    elif run_.rc > 128:
        failures.add(where, f"killed by signal {run_.rc - 128}")
    elif run_.rc not in (0, 1):
        failures.add(where, f"exit status {run_.rc}")
    if run_.rss_mb > max_rss:
        failures.add(where, f"peak memory {run_.rss_mb:.0f} MB over {max_rss} MB")


def error_lines(run_, where, failures, summary_ok=False):
    """The `dateline: error:` lines as (name, reason); anything else on stderr is reported."""
    out = []
    for line in run_.stderr:
        m = ERROR_LINE.match(line)
        if m:
            out.append((m.group(1), m.group(2)))
        elif summary_ok and line.startswith("dateline: "):
            continue
        elif line.strip() and not any(mark in line for mark in PANIC_MARKS):
            failures.add(where, f"unexpected stderr line: {line[:200]}")
    return out


# --- the test ---------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--cases", required=True)
    ap.add_argument("--generated", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    started = time.monotonic()
    budget = float(os.environ.get("HOSTILE_BUDGET", "600"))
    max_rss = float(os.environ.get("HOSTILE_MAX_RSS_MB", "1024"))
    time_tool = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
    failures = Failures()

    def left(limit):
        remaining = budget - (time.monotonic() - started)
        if remaining < 5:
            print("hostile: out of time budget", file=sys.stderr)
            failures.add("test", f"the whole test ran over its budget of {budget:.0f} s")
            report(failures)
        return min(limit, remaining)

    expect, generated_names = read_tables(os.path.join(HERE, "README.md"))
    files = {}
    for folder, generated in ((args.cases, False), (args.generated, True)):
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            files[path] = name
            if name not in expect:
                failures.add(name, "not listed in tests/hostile/README.md")
            elif (name in generated_names) != generated:
                failures.add(name, "listed in the wrong table of README.md")
    present = set(files.values())
    for name in expect:
        if name not in present:
            failures.add(name, "listed in README.md but missing")
    paths = sorted(files, key=lambda p: (p.startswith(args.generated), p))
    is_good = {p: files[p].startswith("good-") for p in paths}
    bin_ = args.bin

    def analyze_cmd(*inputs, out):
        return [bin_, "analyze", "--quiet", "--format", "jsonl", "-o", out, *inputs]

    # 1. Each file alone.
    single = {}
    special = [p for p in paths if not regular(p)]
    print(f"hostile: {len(paths)} files; each alone through analyze", file=sys.stderr)
    for path in paths:
        if path in special:
            continue
        name = files[path]
        out = os.path.join(args.work, "single.jsonl")
        r = run(analyze_cmd(path, out=out), left(LIMIT_FILE), os.devnull, time_tool)
        where = f"{name} (alone)"
        check_common(r, where, failures, max_rss)
        errors = error_lines(r, where, failures)
        for err_name, reason in errors:
            if owner(err_name, [path]) is None:
                failures.add(where, f"an error line names something else: {err_name}")
            if not reason.strip() or "internal error" in reason:
                failures.add(where, f"unclear error: {reason}")
        docs = output_docs(out) if os.path.exists(out) else []
        os.unlink(out) if os.path.exists(out) else None
        for doc_id, _, doc in docs:
            if doc is not None:
                check_spans(doc, f"{where} {doc_id}", failures)
        ids = [d[0] for d in docs]
        if (r.rc == 1) != bool(errors) and not r.timed_out:
            failures.add(where, f"exit status {r.rc} with {len(errors)} error lines")
        check_outcome(expect.get(name), path, ids, errors, where, failures)
        single[path] = {"run": r, "ids": ids, "errors": errors}

    # 2. The good files alone, then everything as one batch.
    good_out = os.path.join(args.work, "good.jsonl")
    good_paths = [p for p in paths if is_good[p]]
    good_run = run(analyze_cmd(*good_paths, out=good_out), left(LIMIT_BATCH), os.devnull,
                   time_tool)
    check_common(good_run, "good files", failures, max_rss)
    if good_run.rc != 0 or error_lines(good_run, "good files", failures):
        failures.add("good files", f"analyze over the good files alone: exit {good_run.rc}")
    reference = {}
    for doc_id, raw, _ in output_docs(good_out):
        reference[doc_id] = raw

    print("hostile: one analyze batch over both folders", file=sys.stderr)
    batch_out = os.path.join(args.work, "batch.jsonl")
    batch = run(analyze_cmd(args.cases, args.generated, out=batch_out), left(LIMIT_BATCH),
                os.devnull, time_tool)
    check_common(batch, "analyze batch", failures, max_rss)
    batch_errors = error_lines(batch, "analyze batch", failures)
    if batch.rc != 1:
        failures.add("analyze batch", f"exit status {batch.rc}, expected 1 (some files fail)")
    batch_docs = output_docs(batch_out) if os.path.exists(batch_out) else []
    batch_ids = collections.Counter(d[0] for d in batch_docs)
    want_ids = collections.Counter()
    want_errors = collections.Counter()
    for s in single.values():
        want_ids.update(s["ids"])
        want_errors.update(s["errors"])
    lost = want_ids - batch_ids
    added = batch_ids - want_ids
    if lost:
        failures.add("analyze batch", f"documents lost: {sorted(lost)[:10]}")
    if added:
        failures.add("analyze batch", f"documents not in the single runs: {sorted(added)[:10]}")
    # What is not a regular file was not run alone: its outcome comes from the batch.
    for path in special:
        errors = [e for e in batch_errors if owner(e[0], [path])]
        check_outcome(expect.get(files[path]), path, [], errors, f"{files[path]} (batch)",
                      failures)
        want_errors.update(errors)
        single[path] = {"run": None, "ids": [], "errors": errors}
    got_errors = collections.Counter(batch_errors)
    if got_errors != want_errors:
        diff = list((want_errors - got_errors) + (got_errors - want_errors))
        failures.add("analyze batch", f"error lines differ from the single runs: {diff[:5]}")
    analyzed = {}
    for doc_id, raw, doc in batch_docs:
        if raw is not None:
            analyzed.setdefault(doc_id, raw)
            check_spans(doc, f"analyze batch {doc_id}", failures)
    for doc_id, raw in reference.items():
        if analyzed.get(doc_id) != raw:
            failures.add("analyze batch", f"good document {doc_id} differs from the good-only run")
    passwd = first_passwd_line()
    if passwd and any(passwd.encode() in (raw or b"") for _, raw, _ in batch_docs):
        failures.add("analyze batch", "the output contains /etc/passwd (an external entity)")

    # 3. The store.
    print("hostile: one ingest batch over both folders", file=sys.stderr)
    db = os.path.join(args.work, "h.db")
    ingest = run([bin_, "ingest", "--db", db, args.cases, args.generated], left(LIMIT_BATCH),
                 os.devnull, time_tool)
    check_common(ingest, "ingest batch", failures, max_rss)
    ingest_errors = error_lines(ingest, "ingest batch", failures, summary_ok=True)
    if ingest.rc != 1:
        failures.add("ingest batch", f"exit status {ingest.rc}, expected 1 (some files fail)")
    if collections.Counter(ingest_errors) != want_errors:
        diff = list((want_errors - collections.Counter(ingest_errors))
                    + (collections.Counter(ingest_errors) - want_errors))
        failures.add("ingest batch", f"error lines differ from analyze's: {diff[:5]}")
    stored = {}
    if os.path.exists(db):
        export_out = os.path.join(args.work, "export.jsonl")
        ex = run([bin_, "export", "--db", db, "--format", "jsonl", "--all-copies"],
                 left(LIMIT_BATCH), export_out, time_tool)
        check_common(ex, "export", failures, max_rss)
        if ex.rc != 0:
            failures.add("export", f"exit status {ex.rc}")
        for doc_id, raw, _ in output_docs(export_out):
            stored.setdefault(doc_id, raw)
        for doc_id in batch_ids:
            if doc_id not in stored:
                failures.add("store", f"document {doc_id} missing")
        for doc_id, raw in reference.items():
            if doc_id in stored and stored[doc_id] != raw:
                failures.add("store", f"good document {doc_id} differs from analyze's output")
        if passwd and any(passwd.encode() in (raw or b"") for raw in stored.values()):
            failures.add("store", "the store holds /etc/passwd (an external entity)")
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
            check = c.execute("PRAGMA integrity_check").fetchall()
        if check != [("ok",)]:
            failures.add("store", f"PRAGMA integrity_check: {check[:3]}")
    else:
        failures.add("store", "no store was written")

    # The table.
    ingest_by_file = collections.defaultdict(list)
    for name, reason in ingest_errors:
        ingest_by_file[owner(name, paths)].append(reason)
    rows = []
    for path in paths:
        s = single[path]
        in_store = sum(1 for i in set(s["ids"]) if i in stored)
        n_err = len(ingest_by_file.get(path, []))
        rows.append((
            files[path] + (" *" if is_good[path] else ""),
            outcome(len(s["ids"]), len(s["errors"]), s["errors"]),
            outcome(in_store, n_err, [(None, e) for e in ingest_by_file.get(path, [])]),
            f"{s['run'].secs:.2f}" if s["run"] else "-",
            f"{s['run'].rss_mb:.0f}" if s["run"] else "-",
        ))
    header = ("file (* good)", "analyze", "ingest", "s", "MB")
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    widths[1] = min(widths[1], 60)
    widths[2] = min(widths[2], 40)
    line = "  ".join
    print(line(h.ljust(w) for h, w in zip(header, widths)))
    for r in rows:
        print(line(c[:w].ljust(w) if i < 3 else c.rjust(w) for i, (c, w) in
                   enumerate(zip(r, widths))))
    print()
    for label, r_ in (("analyze, good files", good_run), ("analyze, batch", batch),
                      ("ingest, batch", ingest)):
        print(f"{label}: exit {r_.rc}, {r_.secs:.1f} s, peak {r_.rss_mb:.0f} MB")
    print(f"documents: {sum(batch_ids.values())} from analyze ({len(batch_ids)} distinct ids), "
          f"{len(stored)} in the store; error lines: {len(batch_errors)}")
    for l in ingest.stderr:
        if l.startswith("dateline: ") and not ERROR_LINE.match(l):
            print(l[:300])
    report(failures, time.monotonic() - started)


def regular(path):
    """A regular file (after following links), as opposed to a FIFO or a broken link."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def check_outcome(expected, path, ids, errors, where, failures):
    """The file gave what its README row says it must, and the documents listed there."""
    must, want = expected or ("output or error", [])
    kind = ("output + errors" if ids and errors else "output" if ids
            else "error" if len(errors) == 1 else f"{len(errors)} errors, no output")
    allowed = {"output or error": ("output", "error")}.get(must, (must,))
    if kind not in allowed:
        failures.add(where, f"must give {must}, gave {kind}")
    counts = collections.Counter(ids)
    for w in want:
        w = path if w == "(path)" else w
        if counts[w] < 1:
            failures.add(where, f"document {w} missing")


def outcome(docs, errors, error_list):
    parts = []
    if docs:
        parts.append(f"{docs} doc{'s' if docs != 1 else ''}")
    if errors == 1 and not docs:
        reason = error_list[0][1]
        parts.append(f"error: {reason}")
    elif errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    return " + ".join(parts) or "nothing"


def first_passwd_line():
    try:
        with open("/etc/passwd", encoding="utf-8", errors="replace") as f:
            line = f.readline().strip()
        return line if len(line) > 8 else None
    except OSError:
        return None


def report(failures, secs=None):
    if secs is not None:
        print(f"hostile: {secs:.0f} s")
    if failures.items:
        print(f"hostile: FAILED ({len(failures.items)}):")
        for f in failures.items:
            print(f"  - {f}")
        sys.exit(1)
    print("hostile: ok")
    sys.exit(0)


if __name__ == "__main__":
    main()
