"""Ingest benchmark: moneytrail vs raw DuckDB vs pandas + SQLite on one synthetic itcont file.

    python benchmarks/bench_ingest.py --rows 5000000

Generates ``itcontYY.txt`` with the demo generator (synthetic data, the FEC's layout, a few
malformed lines included), then loads the same file in a fresh subprocess per method so each
gets its own peak RSS:

- ``moneytrail``: ``Store(db).load(identify(path))``: typed columns, validated amounts and ids,
  line numbers, load ledger, rejects and warnings, one transaction, sha256 of the file.
- ``raw duckdb``: ``CREATE TABLE t AS SELECT * FROM read_csv(...)``, all 21 columns VARCHAR,
  no validation (``ignore_errors`` so the malformed lines do not stop it).
- ``pandas + sqlite``: chunked ``read_csv(dtype=str)`` + ``to_sql`` into a SQLite file.
- ``moneytrail reader`` (diagnostic): the parsing and validation pass alone, no database,
  to show where moneytrail's time goes.

The results replace the ``## Ingest (itcont, N rows)`` section of ``--out`` (other sections
of the file are kept).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
CYCLE = 2024
METHODS = {
    "moneytrail": "moneytrail `Store.load`: typed, validated, line-numbered, ledger + rejects, one transaction",
    "duckdb": "raw DuckDB `CREATE TABLE AS read_csv(...)`, 21 VARCHAR columns, no checks",
    "pandas": "pandas `read_csv(dtype=str, chunksize=200k)` + `to_sql` into SQLite",
    "reader": "moneytrail reader alone (parse + validate to Arrow, no database): diagnostic",
}
TARGETS = {"duckdb": 0.7, "pandas": 5.0}
RSS_LIMIT_MB = 2048


# -- the methods, each run in its own process ----------------------------------------------------


def _run_moneytrail(path: Path, db: Path) -> dict:
    from moneytrail.sources.bulk import identify
    from moneytrail.store.store import Store

    t0 = time.perf_counter()
    store = Store(db)
    r = store.load(identify(path))
    store.close()
    return {"seconds": time.perf_counter() - t0, "rows_loaded": r.rows_loaded, "rows_rejected": r.rows_rejected,
            "rows_warned": r.rows_warned, "rows_read": r.rows_read}


def _run_reader(path: Path, db: Path) -> dict:
    from moneytrail.sources.bulk import BulkReader, identify

    t0 = time.perf_counter()
    reader = BulkReader(identify(path))
    n = sum(b.num_rows for b in reader.batches())
    return {"seconds": time.perf_counter() - t0, "rows_loaded": n, "rows_rejected": reader.rows_rejected,
            "rows_warned": reader.rows_warned, "rows_read": reader.rows_read}


def _run_duckdb(path: Path, db: Path) -> dict:
    import duckdb

    from moneytrail.sources.layouts import LAYOUTS

    cols = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in LAYOUTS["itcont"].names) + "}"
    t0 = time.perf_counter()
    con = duckdb.connect(str(db))
    con.execute(
        "CREATE TABLE t AS SELECT * FROM read_csv(?, delim='|', quote='', escape='', header=false, "
        f"columns={cols}, auto_detect=false, ignore_errors=true)",
        [str(path)],
    )
    n = con.execute("SELECT count(*) FROM t").fetchone()[0]
    con.close()
    return {"seconds": time.perf_counter() - t0, "rows_loaded": n}


def _run_pandas(path: Path, db: Path) -> dict:
    import sqlite3

    import pandas as pd

    from moneytrail.sources.layouts import LAYOUTS

    t0 = time.perf_counter()
    con = sqlite3.connect(db)
    n = 0
    chunks = pd.read_csv(
        path, sep="|", header=None, names=LAYOUTS["itcont"].names, dtype=str, quoting=csv.QUOTE_NONE,
        chunksize=200_000, on_bad_lines="skip", encoding="utf-8", encoding_errors="replace",
    )
    for chunk in chunks:
        chunk.to_sql("t", con, if_exists="append", index=False)
        n += len(chunk)
    con.commit()
    con.close()
    return {"seconds": time.perf_counter() - t0, "rows_loaded": n}


RUNNERS = {"moneytrail": _run_moneytrail, "duckdb": _run_duckdb, "pandas": _run_pandas, "reader": _run_reader}


def peak_rss_mb() -> float:
    """This process's peak resident set. VmHWM, because ru_maxrss survives exec on Linux and
    would include the parent's memory at fork time."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child(method: str, path: Path, db: Path) -> None:
    out = RUNNERS[method](path, db)
    out["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(out))


# -- the driver --------------------------------------------------------------------------------


def _fresh(db: Path) -> None:
    for p in (db, db.with_name(db.name + ".wal"), db.with_name(db.name + "-journal")):
        if p.exists():
            p.unlink()


def run_method(method: str, path: Path, workdir: Path) -> dict:
    db = workdir / {"pandas": "pandas.sqlite"}.get(method, f"{method}.duckdb")
    _fresh(db)
    proc = subprocess.run(
        [sys.executable, __file__, "--child", method, "--path", str(path), "--db", str(db)],
        capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{method} failed:\n{proc.stderr[-4000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["db_mb"] = db.stat().st_size / 2**20 if db.exists() else 0.0
    _fresh(db)
    return result


def machine() -> dict:
    mem = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) / 2**20
    except OSError:
        pass
    cpu = platform.processor() or platform.machine()
    try:
        m = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
        cpu = m.group(1).strip() if m else cpu
    except OSError:
        pass
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"nproc": cpus, "ram_gb": mem, "cpu": cpu, "os": platform.platform()}


def versions() -> dict:
    import duckdb
    import pyarrow

    out = {"python": platform.python_version(), "duckdb": duckdb.__version__, "pyarrow": pyarrow.__version__}
    try:
        import pandas

        out["pandas"] = pandas.__version__
    except ImportError:
        out["pandas"] = "not installed"
    return out


def render(rows: int, lines: int, size_mb: float, gen_s: float, results: dict, skip_pandas: bool) -> str:
    m, v = machine(), versions()
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    out = [
        f"## Ingest (itcont, {rows:,} rows)",
        "",
        f"- Date: {now}",
        f"- Machine: {m['nproc']} CPUs ({m['cpu']}), {m['ram_gb']:.1f} GB RAM, {m['os']}",
        f"- Versions: Python {v['python']}, duckdb {v['duckdb']}, pyarrow {v['pyarrow']}, pandas {v['pandas']}",
        f"- Input: synthetic `itcont{CYCLE % 100}.txt` from `moneytrail.sources.demo.write_itcont`, {lines:,} lines, "
        f"{size_mb:,.0f} MB (generated in {gen_s:.1f} s, {lines / gen_s:,.0f} rows/s); it includes the demo's "
        "5 malformed lines (3 rejected by moneytrail, 2 loaded with a warning).",
        "- Each method runs in a fresh subprocess into a fresh database file, file already in the page cache. "
        "Seconds are wall time from opening the database to closing it. Rows/s = input lines / seconds.",
        "",
        "| Method | Rows loaded | Seconds | Rows/s | Peak RSS (MB) | DB size (MB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for method, r in results.items():
        label = METHODS[method]
        rate = lines / r["seconds"]
        extra = ""
        if "rows_rejected" in r:
            extra = f" ({r['rows_rejected']} rejected, {r['rows_warned']} warned)"
        db = f"{r['db_mb']:,.0f}" if r.get("db_mb") else "-"
        out.append(f"| {label} | {r['rows_loaded']:,}{extra} | {r['seconds']:.1f} | {rate:,.0f} | "
                   f"{r['peak_rss_mb']:,.0f} | {db} |")
    mt = results["moneytrail"]
    out += ["", "| Target | Measured | Met |", "|---|---:|:-:|"]
    for method, target in TARGETS.items():
        if method not in results:
            out.append(f"| moneytrail >= {target}x {method} rows/s | skipped | - |")
            continue
        ratio = results[method]["seconds"] / mt["seconds"]
        name = {"duckdb": "raw DuckDB", "pandas": "pandas + SQLite"}[method]
        out.append(f"| moneytrail >= {target}x {name} rows/s | {ratio:.2f}x | {'yes' if ratio >= target else 'no'} |")
    out.append(f"| moneytrail peak RSS < {RSS_LIMIT_MB:,} MB | {mt['peak_rss_mb']:,.0f} MB | "
               f"{'yes' if mt['peak_rss_mb'] < RSS_LIMIT_MB else 'no'} |")
    if "reader" in results:
        share = results["reader"]["seconds"] / mt["seconds"]
        out += ["", f"The reader alone (parse + validate, no database) takes {share:.0%} of moneytrail's load time; "
                "the rest is the typed INSERT into DuckDB, the ledger and the commit."]
    if skip_pandas:
        out += ["", "pandas + SQLite was skipped (--skip-pandas)."]
    return "\n".join(out) + "\n"


def write_section(out: Path, section: str) -> None:
    """Replace the '## Ingest (itcont, ...)' section of out, keeping every other section."""
    text = out.read_text() if out.exists() else "# moneytrail benchmarks\n"
    lines = text.splitlines(keepends=True)
    start = next((i for i, ln in enumerate(lines) if ln.startswith("## Ingest (itcont,")), None)
    if start is None:
        body = text if text.endswith("\n") else text + "\n"
        new = body + "\n" + section
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        tail = "".join(lines[end:])
        new = "".join(lines[:start]) + section + ("\n" + tail if tail else "")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(new)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=5_000_000)
    ap.add_argument("--workdir", type=Path, default=HERE / "work")
    ap.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--skip-pandas", action="store_true")
    ap.add_argument("--no-diagnostic", action="store_true", help="skip the reader-only run")
    ap.add_argument("--keep", action="store_true", help="keep the generated file in --workdir")
    ap.add_argument("--child", choices=sorted(RUNNERS), help=argparse.SUPPRESS)
    ap.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child, args.path, args.db)
        return

    from moneytrail.sources.demo import write_itcont

    workdir = args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"itcont{CYCLE % 100}.txt"
    print(f"generating {args.rows:,} rows -> {path}", flush=True)
    t0 = time.perf_counter()
    lines = write_itcont(path, rows=args.rows, seed=args.seed, cycle=CYCLE)
    gen_s = time.perf_counter() - t0
    size_mb = path.stat().st_size / 2**20
    print(f"  {lines:,} lines, {size_mb:,.0f} MB in {gen_s:.1f} s", flush=True)
    with open(path, "rb") as fh:  # warm the page cache so no method pays for the first read
        while fh.read(64 << 20):
            pass

    methods = ["moneytrail", "duckdb"]
    if not args.skip_pandas:
        methods.append("pandas")
    if not args.no_diagnostic:
        methods.append("reader")
    results = {}
    for method in methods:
        print(f"running {method} ...", flush=True)
        r = run_method(method, path, workdir)
        results[method] = r
        print(f"  {r['seconds']:.1f} s, {lines / r['seconds']:,.0f} rows/s, peak RSS {r['peak_rss_mb']:,.0f} MB",
              flush=True)

    section = render(args.rows, lines, size_mb, gen_s, results, args.skip_pandas)
    write_section(args.out, section)
    print(f"\nwrote {args.out}\n")
    print(section)
    if not args.keep:
        path.unlink()
        if not any(workdir.iterdir()):
            shutil.rmtree(workdir)


if __name__ == "__main__":
    main()
