"""A file larger than the database's memory: moneytrail ingest under a DuckDB memory cap.

    python benchmarks/bench_large.py --rows 25000000 --memory-limit 1GB

Generates a synthetic itcont file several times the cap (the demo generator), loads it in a
fresh process with ``Store(db, memory_limit=...)``, and records time, rows/s and peak RSS in
the ``## Large file`` section of RESULTS.md. The reader streams in fixed-size blocks and DuckDB
spills beyond its cap, so peak memory should stay flat as the file grows.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench_ingest import HERE, machine, peak_rss_mb, write_section


def child(path: Path, db: Path, memory_limit: str) -> None:
    from moneytrail.sources.identify import identify
    from moneytrail.store.store import Store

    t0 = time.perf_counter()
    with Store(db, memory_limit=memory_limit) as store:
        r = store.load(identify(path))
    print(json.dumps({"seconds": time.perf_counter() - t0, "read": r.rows_read, "loaded": r.rows_loaded,
                      "rejected": r.rows_rejected, "peak_rss_mb": peak_rss_mb()}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=25_000_000)
    ap.add_argument("--memory-limit", default="1GB")
    ap.add_argument("--workdir", type=Path, default=HERE / "work")
    ap.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(Path(args.child[0]), Path(args.child[1]), args.child[2])

    from moneytrail.sources.demo import write_itcont

    args.workdir.mkdir(parents=True, exist_ok=True)
    path, db = args.workdir / "itcont24.txt", args.workdir / "large.duckdb"
    lines = write_itcont(path, rows=args.rows)
    db.unlink(missing_ok=True)
    out = subprocess.run([sys.executable, __file__, "--child", str(path), str(db), args.memory_limit],
                         check=True, capture_output=True, text=True)
    r = json.loads(out.stdout.strip().splitlines()[-1])
    size_mb = path.stat().st_size / 2**20
    m = machine()
    section = "\n".join([
        f"## Large file ({lines:,} itcont lines under a {args.memory_limit} DuckDB memory cap)",
        "",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; machine: {m['nproc']} CPUs, {m['ram_gb']:.1f} GB RAM",
        f"- Input: synthetic `itcont24.txt`, {size_mb:,.0f} MB; the load runs in a fresh process with "
        f"DuckDB's `memory_limit` set to {args.memory_limit}.",
        "",
        "| rows read | loaded | rejected | seconds | rows/s | peak RSS (MB) |",
        "|---:|---:|---:|---:|---:|---:|",
        f"| {r['read']:,} | {r['loaded']:,} | {r['rejected']:,} | {r['seconds']:.1f} | "
        f"{r['read'] / r['seconds']:,.0f} | {r['peak_rss_mb']:,.0f} |",
        "",
    ])
    write_section(args.out, section, heading="## Large file")
    print(section)
    path.unlink()
    db.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
