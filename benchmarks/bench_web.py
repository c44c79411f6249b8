"""Load test of the web app on loopback: 50 concurrent clients for 30 s against race and candidate
pages and their JSON twins, on a synthetic store of 10 M individual contributions.

    python benchmarks/bench_web.py --rows 10000000 --clients 50 --seconds 30
    python benchmarks/bench_web.py --rows 1000000 --unknown-every 12 --label after

Builds the store with the demo generator (skipped when --db is given), serves it with
``moneytrail serve`` in a subprocess on 127.0.0.1, and drives it with httpx's async client from
this process (both share the machine's two cores). Results go to the ``## Web`` section of
RESULTS.md: requests/s, p50/p99 latency, errors.

With ``--unknown-every N``, one request in N asks for the networks page of a candidate id that does
not exist (a new id each time, so no cache can answer it): the load a failing URL puts on the
server. When the run ends the server is sent SIGTERM with the last requests still in flight, and the
time until it exits is measured. Runs with a ``--label`` go to the ``## Web with failing URLs`` section, one row
per label (run with ``PYTHONPATH=<an older tree>/src`` to measure that tree as "before").
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import signal
import socket
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
from bench_ingest import HERE, machine, write_section


def build_store(workdir: Path, rows: int) -> tuple[Path, float]:
    from moneytrail.trail import Trail

    db = workdir / "web.duckdb"
    db.unlink(missing_ok=True)
    t0 = time.perf_counter()
    from moneytrail.sources.demo import generate_cycle

    paths = generate_cycle(workdir / "files", rows=rows)
    with Trail(db) as trail:
        trail.store.set_meta("synthetic", "true")
        trail.ingest(paths)
    for p in paths:
        Path(p).unlink(missing_ok=True)
    return db, time.perf_counter() - t0


UNKNOWN = "/networks/H0XX{:05d}/2024.json"  # a candidate id no store holds


async def drive(base: str, urls: list[str], clients: int, seconds: float, unknown_every: int = 0) -> dict:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    unknown = {"sent": 0, "404": 0}
    ids = itertools.count(1)
    stop = time.perf_counter() + seconds

    async def client(i: int) -> None:
        async with httpx.AsyncClient(base_url=base, timeout=10) as c:
            n = i
            while time.perf_counter() < stop:
                failing = unknown_every and n % unknown_every == unknown_every - 1
                url = UNKNOWN.format(next(ids)) if failing else urls[n % len(urls)]
                n += 1
                unknown["sent"] += bool(failing)
                t = time.perf_counter()
                try:
                    r = await c.get(url)
                    if failing:
                        unknown["404"] += r.status_code == 404
                    if r.status_code != (404 if failing else 200):
                        errors[f"HTTP {r.status_code}"] = errors.get(f"HTTP {r.status_code}", 0) + 1
                except httpx.HTTPError as exc:
                    errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                latencies.append(time.perf_counter() - t)

    t0 = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(clients)))
    wall = time.perf_counter() - t0
    latencies.sort()
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [latencies[0]] * 99
    return {"requests": len(latencies), "seconds": wall, "rps": len(latencies) / wall,
            "p50_ms": q[49] * 1000, "p99_ms": q[98] * 1000, "max_ms": latencies[-1] * 1000,
            "errors": sum(errors.values()), "error_kinds": errors, "unknown": unknown}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--db", type=Path, help="serve this store instead of building one")
    ap.add_argument("--workdir", type=Path, default=HERE / "work")
    ap.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    ap.add_argument("--unknown-every", type=int, default=0, help="one request in N asks for an unknown id")
    ap.add_argument("--label", default="", help="this run's row in the failing-URLs table (e.g. before, after)")
    args = ap.parse_args()

    args.workdir.mkdir(parents=True, exist_ok=True)
    build_s = None
    db = args.db
    if db is None:
        db, build_s = build_store(args.workdir, args.rows)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "moneytrail.cli", "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(base + "/index.json", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        race = httpx.get(base + "/race/CA-34/2024.json", timeout=60).json()
        cands = [c["cand_id"] for c in race["candidates"]]
        urls = ["/race/CA-34/2024", "/race/CA-34/2024.json"]
        urls += [u for c in cands for u in (f"/candidate/{c}/2024", f"/candidate/{c}/2024.json")]
        for u in urls:  # first requests compute and cache each view; the load test measures serving
            httpx.get(base + u, timeout=60)
        result = asyncio.run(drive(base, urls, args.clients, args.seconds, args.unknown_every))
    finally:
        server.send_signal(signal.SIGTERM)
        sent = time.perf_counter()
        try:
            server.wait(timeout=120)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        shutdown_s = time.perf_counter() - sent
        if args.db is None:
            db.unlink(missing_ok=True)
    if args.label:
        write_failing(args, urls, result, shutdown_s)
        return
    rows = f"{args.rows:,} itcont rows (synthetic)" if args.db is None else str(args.db)
    m = machine()
    ok = result["p99_ms"] < 200 and result["errors"] == 0
    section = "\n".join([
        f"## Web (load test, {args.clients} clients x {args.seconds:.0f} s)",
        "",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; machine: {m['nproc']} CPUs, {m['ram_gb']:.1f} GB RAM; "
        "server and clients share it.",
        f"- Store: {rows}" + (f", built in {build_s:.0f} s" if build_s else "") + "; one `moneytrail serve` process "
        "(uvicorn, one worker) on 127.0.0.1; the views were computed once before the run (they are cached: the "
        "store is read-only while served).",
        f"- URLs, in rotation: {', '.join(urls)}",
        "",
        "| requests | seconds | requests/s | p50 (ms) | p99 (ms) | max (ms) | errors |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        f"| {result['requests']:,} | {result['seconds']:.1f} | {result['rps']:,.0f} | {result['p50_ms']:.1f} | "
        f"{result['p99_ms']:.1f} | {result['max_ms']:.1f} | {result['errors']} |",
        "",
        f"Target p99 < 200 ms and 0 errors: {'met' if ok else 'not met'}."
        + (f" Errors: {result['error_kinds']}." if result["errors"] else ""),
        "",
    ])
    write_section(args.out, section, heading="## Web")
    print(section)


def write_failing(args, urls: list[str], result: dict, shutdown_s: float) -> None:
    """One row per --label in the ``## Web with failing URLs`` section (rows of other labels kept)."""
    heading = "## Web with failing URLs"
    store = f"{args.rows:,} itcont rows (synthetic)" if args.db is None else args.db.name
    share = f"1 in {args.unknown_every}" if args.unknown_every else "none"
    row = (f"| {args.label} | {store} | {share} | {result['requests']:,} | "
           f"{result['rps']:,.1f} | {result['p50_ms']:.1f} | {result['p99_ms']:.1f} | "
           f"{result['unknown']['404']:,} of {result['unknown']['sent']:,} | {result['errors']:,} | {shutdown_s:.1f} |")
    old = args.out.read_text() if args.out.exists() else ""
    kept = []
    if heading in old:
        part = old[old.index(heading):].split("\n## ")[0]
        kept = [ln for ln in part.splitlines() if ln.startswith("| ") and not ln.startswith("| label")
                and ln.split("|")[1].strip() != args.label]
    m = machine()
    section = "\n".join([
        heading,
        "",
        f"- Last run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; machine: {m['nproc']} CPUs, {m['ram_gb']:.1f} GB RAM, "
        "shared with the other work on it (so compare rows, not machines); server and clients on it too.",
        f"- {args.clients} clients x {args.seconds:.0f} s on 127.0.0.1; where the table says so, one request in N asks "
        f"for `{UNKNOWN.format(1)}` with a new unknown id each time (a 404 no cache can answer); the others rotate "
        f"over {len(urls)} race and candidate pages and their JSON, computed once before the run. Errors: any other "
        "status, or no answer within 10 s. Then SIGTERM with the last requests in flight: seconds until the "
        "server exited (120 is the cap: the server was still running and was killed).",
        "- `before`: the tree before issue 18's server work (PYTHONPATH at it); `after`: this tree; `... only good`: "
        "the same run without failing URLs, for the throughput they should not take away.",
        "",
        "| label | store | unknown ids | requests | requests/s | p50 (ms) | p99 (ms) | 404s | errors "
        "| SIGTERM to exit (s) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        *sorted(kept + [row]),
        "",
    ])
    write_section(args.out, section, heading=heading)
    print(section)


if __name__ == "__main__":
    main()
