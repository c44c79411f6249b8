"""The race page before and after it read its timeline from the built model (issue 15), interleaved.

    python benchmarks/bench_race_page.py --db STORE --before ../main/src [--after src] [--rounds 3]

Two child processes, one per source tree (``PYTHONPATH``), each holding ``create_app(db, cache=False)``
behind fastapi's TestClient, so every request computes its answer. The first request of each is reported
apart (it imports the model); then, round after round, each child in turn gets ``/race/<race>/<cycle>``
and its ``.json`` twin, one request at a time. The store must be current for both trees (build it with
the newer one first: the older ignores tables it does not know). Prints one Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import json, sys, time
from fastapi.testclient import TestClient
from moneytrail.web.app import create_app
client = TestClient(create_app(sys.argv[1], cache=False))
for line in sys.stdin:
    url = line.strip()
    t0 = time.perf_counter()
    r = client.get(url)
    ms = (time.perf_counter() - t0) * 1000
    print(json.dumps({"url": url, "status": r.status_code, "ms": ms, "bytes": len(r.content)}), flush=True)
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--before", required=True, help="the older src/ folder")
    ap.add_argument("--after", default=str(Path(__file__).resolve().parents[1] / "src"))
    ap.add_argument("--race", default="CA-34/2024")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    urls = [f"/race/{args.race}", f"/race/{args.race}.json"]
    kids = {}
    for name, src in (("before", args.before), ("after", args.after)):
        env = {**os.environ, "PYTHONPATH": str(Path(src).resolve())}
        kids[name] = subprocess.Popen([sys.executable, "-c", CHILD, args.db], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, text=True, env=env)

    def ask(name: str, url: str) -> dict:
        kid = kids[name]
        kid.stdin.write(url + "\n")
        kid.stdin.flush()
        out = json.loads(kid.stdout.readline())
        if out["status"] != 200:
            raise SystemExit(f"{name}: {url} answered {out['status']}")
        return out

    first = {name: ask(name, urls[0]) for name in kids}
    times: dict[tuple[str, str], list[float]] = {}
    sizes: dict[tuple[str, str], int] = {}
    for i in range(args.rounds):
        for name in (("before", "after") if i % 2 == 0 else ("after", "before")):
            for url in urls:
                r = ask(name, url)
                times.setdefault((name, url), []).append(r["ms"])
                sizes[(name, url)] = r["bytes"]
    for kid in kids.values():
        kid.stdin.close()
        kid.wait()
    print(f"| tree | page | first request ms | ms per round ({args.rounds} rounds) | median ms | bytes |")
    print("| --- | --- | ---: | --- | ---: | ---: |")
    for name in kids:
        for url in urls:
            t = times[(name, url)]
            f = f"{first[name]['ms']:.0f}" if url == urls[0] else ""
            print(f"| {name} | {url} | {f} | {', '.join(f'{x:.0f}' for x in t)} | {statistics.median(t):.0f} | "
                  f"{sizes[(name, url)]:,} |")


if __name__ == "__main__":
    main()
