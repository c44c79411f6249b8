"""What showing at most 20 row references per list saves (issue 15): JSON size and request time.

    python benchmarks/bench_refs.py --db /tmp/st10/demo.duckdb --before /tmp/base/src --after src

``--before`` and ``--after`` are two ``src`` directories (an export of the previous commit, this
checkout). Each round runs one fresh process per version, alternating (before, after, before, ...);
a process makes ``create_app(db, cache=False)`` (every request computes its answer), sends one
untimed request to warm DuckDB, then each page once, one request at a time, through FastAPI's
TestClient, and reports each page's body size and wall time. The store is opened read-only.
Medians over the rounds are printed as a Markdown table. ``--encode-only``: each JSON answer computed
once by ``--after``'s code, then its encoding timed with every reference and capped (medians of 15).
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
db, urls = sys.argv[1], json.loads(sys.argv[2])
client = TestClient(create_app(db, cache=False))
assert client.get("/index.json").status_code == 200
out = {}
for url in urls:
    t = time.perf_counter()
    r = client.get(url)
    out[url] = {"status": r.status_code, "bytes": len(r.content), "seconds": time.perf_counter() - t}
print(json.dumps(out))
"""


ENCODE = r"""
import json, statistics, sys, time
from fastapi.responses import JSONResponse
from moneytrail.model import reports as R
from moneytrail.trail import Trail
from moneytrail.web import views
db, pages = sys.argv[1], json.loads(sys.argv[2])
t = Trail(db, read_only=True)
def ask(view, *a):
    return view(views.Ctx(t, ask), *a)
out = {}
for name, a, b in pages:
    data = dict(ask(getattr(views, name), a, b))
    link = views.rows_url(name, (a, b))
    full, cut = [], []
    for _ in range(15):
        s = time.perf_counter(); every = JSONResponse(data).body; full.append(time.perf_counter() - s)
        s = time.perf_counter(); shown = JSONResponse(R.capped(data, R.REFS_SHOWN, link)).body
        cut.append(time.perf_counter() - s)
    out[name] = [len(every), statistics.median(full), len(shown), statistics.median(cut)]
print(json.dumps(out))
"""


def pages(cand: str, race: str, network: str, cycle: int) -> list[str]:
    base = [f"/network/{network}/{cycle}", f"/candidate/{cand}/{cycle}", f"/race/{race}/{cycle}"]
    return [p + ".json" for p in base] + base


def run(src: Path, db: str, urls: list[str]) -> dict:
    env = {**os.environ, "PYTHONPATH": str(src.resolve())}
    out = subprocess.run([sys.executable, "-c", CHILD, db, json.dumps(urls)], env=env, capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--before", type=Path, required=True)
    ap.add_argument("--after", type=Path, required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--candidate", default="H4CA90004")
    ap.add_argument("--race", default="CA-34")
    ap.add_argument("--network", default="seaglass")
    ap.add_argument("--cycle", type=int, default=2024)
    ap.add_argument("--encode-only", action="store_true", help="only the encoding of each answer (--after's code)")
    args = ap.parse_args()
    if args.encode_only:
        return encode(args)
    urls = pages(args.candidate, args.race, args.network, args.cycle)
    got: dict[str, list[dict]] = {"before": [], "after": []}
    for i in range(args.rounds):
        for name in ("before", "after"):
            got[name].append(run(getattr(args, name), args.db, urls))
            print(f"round {i + 1} {name}: " + ", ".join(f"{u} {v['bytes']:,} B {v['seconds']:.2f} s"
                                                        for u, v in got[name][-1].items()), file=sys.stderr)
    print("| page | bytes before | bytes after | s before (median) | s after (median) | s each round before / after |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for u in urls:
        b = [r[u] for r in got["before"]]
        a = [r[u] for r in got["after"]]
        assert all(x["status"] == 200 for x in b + a), (u, b, a)
        rounds = "; ".join(f"{x['seconds']:.2f} / {y['seconds']:.2f}" for x, y in zip(b, a, strict=True))
        print(f"| {u} | {b[0]['bytes']:,} | {a[0]['bytes']:,} | {statistics.median(x['seconds'] for x in b):.2f} | "
              f"{statistics.median(x['seconds'] for x in a):.2f} | {rounds} |")


def encode(args) -> None:
    """Each JSON page's answer computed once, then encoded 15 times with every reference and capped (the
    walk of model/reports.py ``capped`` included): the part of a request this change touches."""
    wanted = [("network", args.network.upper(), args.cycle), ("candidate", args.candidate, args.cycle),
              ("race", args.race, args.cycle)]
    env = {**os.environ, "PYTHONPATH": str(args.after.resolve())}
    got = json.loads(subprocess.run([sys.executable, "-c", ENCODE, args.db, json.dumps(wanted)], env=env,
                                    capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])
    print("| answer | every ref: bytes | ms to encode | capped: bytes | ms to cap and encode |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, (b1, t1, b2, t2) in got.items():
        print(f"| {name} | {b1:,} | {t1 * 1000:.1f} | {b2:,} | {t2 * 1000:.1f} |")


if __name__ == "__main__":
    main()
