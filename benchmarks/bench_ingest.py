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
import statistics
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
    from moneytrail.sources.identify import identify
    from moneytrail.store.store import Store

    t0 = time.perf_counter()
    store = Store(db)
    r = store.load(identify(path))
    store.close()
    return {"seconds": time.perf_counter() - t0, "rows_loaded": r.rows_loaded, "rows_rejected": r.rows_rejected,
            "rows_warned": r.rows_warned, "rows_read": r.rows_read}


def _run_reader(path: Path, db: Path) -> dict:
    from moneytrail.sources.bulk import BulkReader
    from moneytrail.sources.identify import identify

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


def _busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy (all processes), from /proc/stat."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return 0.0
    ticks = [int(x) for x in fields]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def run_method(method: str, path: Path, workdir: Path) -> dict:
    """One run in a fresh process; also how busy the rest of the machine was meanwhile."""
    db = workdir / {"pandas": "pandas.sqlite"}.get(method, f"{method}.duckdb")
    _fresh(db)
    before_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy0, wall0 = _busy_seconds(), time.perf_counter()
    proc = subprocess.run(
        [sys.executable, __file__, "--child", method, "--path", str(path), "--db", str(db)],
        capture_output=True, text=True, check=False,
    )
    wall = time.perf_counter() - wall0
    after_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{method} failed:\n{proc.stderr[-4000:]}")
    own = (after_children.ru_utime - before_children.ru_utime) + (after_children.ru_stime - before_children.ru_stime)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["db_mb"] = db.stat().st_size / 2**20 if db.exists() else 0.0
    result["cpu_s"] = own
    result["others_cores"] = max(_busy_seconds() - busy0 - own, 0.0) / wall  # other processes, in cores
    _fresh(db)
    return result


def best_of(runs: list[dict]) -> dict:
    best = dict(min(runs, key=lambda r: r["seconds"]))
    best["all_seconds"] = [r["seconds"] for r in runs]
    best["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
    return best


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


def render(rows: int, lines: int, size_mb: float, gen_s: float, results: dict, skip_pandas: bool,
           repeat: int) -> str:
    m, v = machine(), versions()
    all_runs = [x for r in results.values() for x in r["runs"]]
    others = sum(x["others_cores"] * x["seconds"] for x in all_runs) / sum(x["seconds"] for x in all_runs)
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
        f"- Each method runs {repeat}x, interleaved, each run in a fresh subprocess into a fresh database file, "
        "the input already in the page cache. Seconds are wall time from opening the database to closing it "
        "(best run shown, all runs listed); rows/s = input lines / seconds; CPU s = user + system time of "
        "the best run, interpreter start and imports included; peak RSS = the largest VmHWM over the runs.",
        f"- Other processes on the machine used {others:.2f} CPU cores on average during the runs "
        "(0 means the measurements had the machine to themselves).",
        "",
        "| Method | Rows loaded | Seconds (best) | Rows/s (best) | All runs (s) | CPU s | Peak RSS (MB) | DB (MB) |",
        "|---|---:|---:|---:|---|---:|---:|---:|",
    ]
    for method, r in results.items():
        label = METHODS[method]
        rate = lines / r["seconds"]
        extra = ""
        if method == "reader":  # the reader alone sees encoding warnings, not the store's date warnings
            extra = f" ({r['rows_rejected']} rejected)"
        elif "rows_rejected" in r:
            extra = f" ({r['rows_rejected']} rejected, {r['rows_warned']} warned)"
        db = f"{r['db_mb']:,.0f}" if r.get("db_mb") else "-"
        runs = ", ".join(f"{x:.1f}" for x in r["all_seconds"])
        out.append(f"| {label} | {r['rows_loaded']:,}{extra} | {r['seconds']:.1f} | {rate:,.0f} | {runs} | "
                   f"{r['cpu_s']:.1f} | {r['peak_rss_mb']:,.0f} | {db} |")
    mt = results["moneytrail"]
    out += ["", "| Target | Best runs | Median runs | Met (best / median) |", "|---|---:|---:|:-:|"]

    def yes(ok: bool) -> str:
        return "yes" if ok else "no"

    for method, target in TARGETS.items():
        name = {"duckdb": "raw DuckDB", "pandas": "pandas + SQLite"}[method]
        if method not in results:
            out.append(f"| moneytrail >= {target}x {name} rows/s | skipped | skipped | - |")
            continue
        best = results[method]["seconds"] / mt["seconds"]
        median = statistics.median(results[method]["all_seconds"]) / statistics.median(mt["all_seconds"])
        out.append(f"| moneytrail >= {target}x {name} rows/s | {best:.2f}x | {median:.2f}x | "
                   f"{yes(best >= target)} / {yes(median >= target)} |")
    rss = mt["peak_rss_mb"]
    out.append(f"| moneytrail peak RSS < {RSS_LIMIT_MB:,} MB (largest of all runs) | {rss:,.0f} MB | | "
               f"{yes(rss < RSS_LIMIT_MB)} |")
    if "reader" in results:
        r = results["reader"]
        share = r["seconds"] / mt["seconds"]
        out += ["", f"The reader alone (parse + validate to Arrow, no database) needs {r['seconds']:.1f} s, "
                f"{share:.0%} of moneytrail's load time; the rest of moneytrail's wall time is what does not "
                "overlap with reading: the typed INSERT into DuckDB, the ledger, rejects and the commit."]
    if skip_pandas:
        out += ["", "pandas + SQLite was skipped (--skip-pandas)."]
    return "\n".join(out) + "\n"


def write_section(out: Path, section: str, heading: str = "## Ingest (itcont,") -> None:
    """Replace the section of out whose heading starts with ``heading``, keeping every other section."""
    text = out.read_text() if out.exists() else "# moneytrail benchmarks\n"
    lines = text.splitlines(keepends=True)
    start = next((i for i, ln in enumerate(lines) if ln.startswith(heading)), None)
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
    ap.add_argument("--repeat", type=int, default=3, help="runs per method (the best is reported)")
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
    runs: dict[str, list[dict]] = {m: [] for m in methods}
    for i in range(args.repeat):
        for method in methods:
            r = run_method(method, path, workdir)
            runs[method].append(r)
            print(f"  run {i + 1} {method}: {r['seconds']:.1f} s, {lines / r['seconds']:,.0f} rows/s, "
                  f"peak RSS {r['peak_rss_mb']:,.0f} MB, others used {r['others_cores']:.2f} cores", flush=True)
    results = {m: {**best_of(rs), "runs": rs} for m, rs in runs.items()}

    section = render(args.rows, lines, size_mb, gen_s, results, args.skip_pandas, args.repeat)
    write_section(args.out, section)
    print(f"\nwrote {args.out}\n")
    print(section)
    if not args.keep:
        path.unlink()
        if not any(workdir.iterdir()):
            shutil.rmtree(workdir)


if __name__ == "__main__":
    main()
