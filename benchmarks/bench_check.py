"""`check` on hostile articles: the cap on claims and linear number parsing, measured.

Usage: python benchmarks/bench_check.py --db STORE [--out benchmarks/RESULTS.md]

Each case runs once in this process against the given store (the indexes of names are built by a
first, ordinary check, so the cases measure the claims' own work). Wall time, claims checked,
whether the cap's note was given, and the process's peak RSS are written as a Markdown section.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import time
from datetime import UTC, datetime
from pathlib import Path

from moneytrail.claims.extract import MAX_CLAIMS, MAX_VALUES
from moneytrail.trail import Trail

CASES = {
    "15,000 short \"Ann Lee raised $N million.\" sentences": lambda: " ".join(
        f"Ann Lee raised ${i % 9 + 1} million." for i in range(15_000)),
    "20,000 repeated number words": lambda: " ".join(["one"] * 20_000) + " candidates filed.",
    "a 400,000-digit number": lambda: "It raised $" + "1" * 400_000 + " in 2024.",
    "a $ with 309 digits": lambda: "Smith raised $" + "7" * 309 + " in 2024.",
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    rows = []
    with Trail(args.db, read_only=True) as t:
        t.check("Ilhan Omar raised $8.3 million in the 2024 cycle.", date="2025-03-01")
        for name, make in CASES.items():
            text = make()
            t0 = time.perf_counter()
            rep = t.check(text, date="2025-03-01")
            rows.append((name, len(text), len(rep["results"]), bool(rep["notes"]), time.perf_counter() - t0))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    load = os.getloadavg()[0]
    lines = [
        "## Claim checking on hostile articles (issue 18)", "",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; machine: {os.cpu_count()} CPUs, "
        f"{platform.platform()}; store: `{args.db.name}`",
        f"- Limits: {MAX_CLAIMS} claims and {MAX_VALUES:,} numbers an article; input over 500,000 characters "
        "refused. One run each, after one ordinary check (name indexes built).", "",
        "| Input | Characters | Claims checked | Cap's note | Seconds |", "|---|---:|---:|:-:|---:|",
        *[f"| {n} | {c:,} | {k} | {'yes' if note else 'no'} | {s:.1f} |" for n, c, k, note, s in rows],
        "", f"Peak RSS of the process: {rss} MB. Load average (1 min) at the end: {load:.1f} on "
        f"{os.cpu_count()} CPUs (other work on the machine slows every row alike).", "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.out:
        with args.out.open("a") as f:
            f.write("\n" + text)


if __name__ == "__main__":
    main()
