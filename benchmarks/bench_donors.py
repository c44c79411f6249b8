"""Donor resolution: accuracy on synthetic identities and on hand labels, time and peak memory at scale.

    python benchmarks/bench_donors.py --rows 1000000 10000000

For each size: a synthetic itcont file with known people (``sources/synthetic_donors.py``) is written
and ingested; then, in a fresh process, ``resolve`` runs (records, training, prediction, clustering,
stable ids) and is timed, with the process's peak RSS; pairwise and B-cubed scores against the truth
are computed after the clock stops. The hand labels (``labels/real_donor_pairs.csv``, SUB_IDs of the
real itcont slices in ../shared/data/fec) are scored once. Results replace the ``## Donor resolution``
section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench_ingest import HERE, machine, peak_rss_mb, write_section

FEC = HERE.parent.parent / "shared" / "data" / "fec"


def _score_rows(trail) -> None:
    from moneytrail.model.base import Model
    from moneytrail.model.donors import donor_rows

    m = Model(trail.store.con)
    trail.store.con.execute("DROP TABLE IF EXISTS _donor_rows")
    m.ib.create_table("_donor_rows", donor_rows(m).select("sub_id", "donor_id"), temp=True)


def child(rows: int, workdir: Path, memory_limit: str | None = None) -> None:
    import pyarrow.parquet as pq

    from moneytrail.model.accuracy import scores_against_truth
    from moneytrail.trail import Trail

    db = workdir / f"donors-{rows}.duckdb"
    t0 = time.perf_counter()
    with Trail(db, memory_limit=memory_limit) as trail:
        out = trail.resolve_donors()
        seconds = time.perf_counter() - t0
        rss = peak_rss_mb()
        trail.store.con.register("truth", pq.read_table(workdir / f"truth-{rows}.parquet"))
        _score_rows(trail)
        scores = scores_against_truth(trail.store.con, "truth")
    print(json.dumps({"seconds": seconds, "peak_rss_mb": rss, "run": out, "scores": scores}, default=str))


def prepare(rows: int, workdir: Path) -> float:
    import pyarrow.parquet as pq

    from moneytrail.sources.synthetic_donors import write_itcont
    from moneytrail.trail import Trail

    path = workdir / f"itcont-{rows}.txt"
    truth = write_itcont(path, rows, seed=11)
    pq.write_table(truth, workdir / f"truth-{rows}.parquet")
    db = workdir / f"donors-{rows}.duckdb"
    db.unlink(missing_ok=True)
    t0 = time.perf_counter()
    with Trail(db) as trail:
        trail.ingest([path], kind="itcont", cycle=2024)
    path.unlink()
    return time.perf_counter() - t0


def labels(workdir: Path) -> dict | None:
    import pyarrow as pa

    from moneytrail.model.accuracy import scores_against_labels
    from moneytrail.trail import Trail

    if not FEC.is_dir():
        return None
    db = workdir / "labels.duckdb"
    db.unlink(missing_ok=True)
    s20 = FEC / "bulk-2020-early-jk3587"
    with Trail(db) as trail:
        trail.ingest([s20 / "itcont_head5000.txt", s20 / "itcont_rare_tx_types.txt"], kind="itcont", cycle=2020)
        trail.ingest([FEC / "bulk-2024-early-sandeepk97" / "itcont24_fragment.txt"], kind="itcont", cycle=2024)
        trail.resolve_donors()
        _score_rows(trail)
        with open(HERE / "labels" / "real_donor_pairs.csv") as f:
            rows = list(csv.DictReader(f))
        trail.store.con.register("labels", pa.table({
            "sub_id_a": [int(r["sub_id_a"]) for r in rows], "sub_id_b": [int(r["sub_id_b"]) for r in rows],
            "same": [r["same"] == "true" for r in rows]}))
        return scores_against_labels(trail.store.con, "labels")


def _f(x) -> str:
    return "—" if x is None else f"{x:.3f}"


def main() -> None:
    from moneytrail.model import resolution

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--workdir", type=Path, default=HERE / "work")
    ap.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    ap.add_argument("--child", type=int, default=0)
    ap.add_argument("--memory-limit", default="3GB", help="DuckDB memory cap for resolution (store and splink)")
    ap.add_argument("--keep", action="store_true", help="reuse an ingested store in --workdir if there is one")
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.child:
        return child(args.child, args.workdir, args.memory_limit or None)
    results = []
    for rows in args.rows:
        db = args.workdir / f"donors-{rows}.duckdb"
        ingest = None if args.keep and db.exists() else prepare(rows, args.workdir)
        if ingest is None:  # a resolved store from an earlier run: start again from its ingested rows
            import duckdb

            with duckdb.connect(str(db)) as con:
                for t in ("donor_links", "donor_merges", "donor_records", "donor_runs"):
                    con.execute(f"DELETE FROM {t}")
        res = subprocess.run([sys.executable, __file__, "--child", str(rows), "--workdir", str(args.workdir),
                              "--memory-limit", args.memory_limit], check=True, capture_output=True, text=True)
        r = json.loads(res.stdout.strip().splitlines()[-1])
        r.update(rows=rows, ingest=ingest)
        results.append(r)
        print(json.dumps(r, default=str), flush=True)
        if not args.keep:
            db.unlink(missing_ok=True)
    lab = labels(args.workdir)
    m = machine()
    lines = [
        "## Donor resolution (splink on DuckDB)",
        "",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; machine: {m.get('nproc')} CPUs, {m.get('ram_gb', 0):.1f} GB "
        "RAM, shared with other work while it ran.",
        "- Input: synthetic contributions with known people (`sources/synthetic_donors.py`, seed 11, about 4 gifts "
        "per person, nicknames, initials, typos, moves, employer changes, many people sharing common names); "
        "resolution timed in a fresh process from the ingested store (records, training on a 300k-record "
        "sample, prediction, clustering, id assignment); scores over contribution rows, after the clock. "
        f"Link threshold {resolution.THRESHOLD} (posterior probability of the same person); DuckDB memory limit "
        f"{args.memory_limit} for the store and splink's connection (it spills beyond; Python and Arrow "
        "tables are on top).",
        "",
        "| contributions | records | donors | people | seconds | peak RSS (MB) | pairwise P | pairwise R | "
        "pairwise F1 | B-cubed P | B-cubed R | B-cubed F1 |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        s = r["scores"]
        lines.append(
            f"| {r['rows']:,} | {r['run']['records_total']:,} | {s['donors']:,} | {s['people']:,} | "
            f"{r['seconds']:.1f} | {r['peak_rss_mb']:,.0f} | {_f(s['pairwise_precision'])} | "
            f"{_f(s['pairwise_recall'])} | {_f(s['pairwise_f1'])} | {_f(s['bcubed_precision'])} | "
            f"{_f(s['bcubed_recall'])} | {_f(s['bcubed_f1'])} |")
    if lab:
        lines += [
            "",
            f"Hand-labelled real pairs (`labels/real_donor_pairs.csv`: {lab['pairs']} pairs of rows from the "
            f"itcont slices, SUB_IDs only, see 'Donor accuracy notes'; {lab['same']} same person, "
            f"{lab['different']} different): precision {_f(lab['precision'])}, recall {_f(lab['recall'])} "
            f"(true positives {lab['true_positive']}, false positives {lab['false_positive']}, "
            f"false negatives {lab['false_negative']}).",
        ]
    write_section(args.out, "\n".join(lines) + "\n", heading="## Donor resolution")


if __name__ == "__main__":
    main()
