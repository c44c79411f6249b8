"""The same race query and IE de-duplication on DuckDB and on Spark (local mode), at two sizes.

    python benchmarks/bench_engines.py --rows 1000000 10000000

For each size: generate the synthetic cycle (the demo generator), ingest it into DuckDB (timed
per file kind), export it to Parquet (timed), then run, on each engine, the CA-34 race report
(candidates, committee money by giver, IE notices with amendments resolved) and the IE notices
of every race; check the figures are identical; record the times in the ``## Engines`` section
of RESULTS.md, with the per-core ingest rate the README's scaling note uses.
"""

from __future__ import annotations

import argparse
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

from bench_ingest import HERE, machine, write_section


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def figures(trail) -> tuple:
    from moneytrail.model import ies as mies
    from moneytrail.model.base import records

    rep = trail.race("CA-34", 2024)
    race = (
        sorted((c["cand_id"], c["summary"]["ttl_receipts"]) for c in rep["candidates"]),
        sorted((g["to_cand_id"], g["cmte_id"], g["category"], g["amount"]) for g in rep["committee_money"]),
        sorted((r["cand_id"], r["spe_id"], r["support_oppose"], r["amount"], r["superseded"])
               for r in rep["independent_expenditures"]),
    )
    every = records(mies.by_spender(trail.model, 2024))
    ies = sorted((r["cand_id"] or "", r["spe_id"] or "", r["support_oppose"], float(r["amount"] or 0)) for r in every)
    return race, ies


def run_size(rows: int, workdir: Path, session) -> dict:
    from moneytrail.sources.demo import generate_cycle
    from moneytrail.trail import Trail

    work = workdir / f"n{rows}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    paths, gen_s = timed(lambda: generate_cycle(work / "files", rows=rows))
    db = work / "store.duckdb"
    per_kind = {}
    with Trail(db) as trail:
        for p in paths:
            (r,), s = timed(lambda p=p: trail.ingest([p]))
            per_kind[r.kind] = (r.rows_read, s)
    with Trail(db, read_only=True) as trail:
        _, export_s = timed(lambda: trail.export_parquet(work / "parquet"))
        duck, duck_s = timed(lambda: figures(trail))
    spark_trail = Trail.on_spark(work / "parquet", session)
    figures(spark_trail)  # the first query starts Spark's executors; time the second
    spark, spark_s = timed(lambda: figures(spark_trail))
    shutil.rmtree(work, ignore_errors=True)
    return {"rows": rows, "gen_s": gen_s, "per_kind": per_kind, "export_s": export_s,
            "duckdb_s": duck_s, "spark_s": spark_s, "equal": duck == spark,
            "ie_notices": len(duck[1])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--workdir", type=Path, default=HERE / "work")
    ap.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = ap.parse_args()
    from moneytrail.model.engines import spark_session

    session = spark_session()
    results = [run_size(n, args.workdir, session) for n in args.rows]
    session.stop()
    m = machine()
    lines = [
        "## Engines (DuckDB and Spark local mode, same model)",
        "",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; machine: {m['nproc']} CPUs, {m['ram_gb']:.1f} GB RAM; "
        "Spark `local[2]`, reading the Parquet export.",
        "- Query: the CA-34 race report (candidates and summaries, committee money by giver, IE notices with "
        "amendments resolved) plus the de-duplicated IE notices of every race; Spark timed on its second run.",
        "",
        "| itcont rows | ingest all files (s) | itcont rows/s | Parquet export (s) | DuckDB query (s) | "
        "Spark query (s) | identical figures |",
        "|---:|---:|---:|---:|---:|---:|:-:|",
    ]
    for r in results:
        n_it, s_it = r["per_kind"]["itcont"]
        total = sum(s for _, s in r["per_kind"].values())
        lines.append(f"| {r['rows']:,} | {total:.1f} | {n_it / s_it:,.0f} | {r['export_s']:.1f} | "
                     f"{r['duckdb_s']:.2f} | {r['spark_s']:.2f} | {'yes' if r['equal'] else 'NO'} |")
    lines += ["", "Ingest time per file kind (rows, seconds) at the largest size: " + ", ".join(
        f"{k} {n:,} in {s:.1f}" for k, (n, s) in results[-1]["per_kind"].items()), ""]
    section = "\n".join(lines)
    write_section(args.out, section, heading="## Engines")
    print(section)


if __name__ == "__main__":
    main()
