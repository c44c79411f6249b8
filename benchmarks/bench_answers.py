"""How long an answer takes (issue 15): cold CLI calls against the floor, and the web app without a cache.

    python benchmarks/bench_answers.py                      # demo --rows 2000000 and 10000000 stores
    python benchmarks/bench_answers.py --rows 2000000       # one size
    python benchmarks/bench_answers.py --quick              # 200,000 rows, one run each, 10 s of web
    python benchmarks/bench_answers.py --skip-web           # CLI only

Per store size: the synthetic demo store (``Trail.load_demo(rows=N)``: exactly N itcont rows), built in
a fresh process whose generation + ingest time and peak RSS are recorded, and kept under
``build/bench-answers/`` for the next run (rebuilt when ``src/`` changes: the key is git's tree id of
``src``, so a store is never measured by code that did not build it). Then, in the same run:

- cold CLI calls, each a fresh process (``moneytrail`` of this checkout, its bytecode written by one
  untimed call of each first), median of ``--repeat``:
  ``--help``, ``race CA-34``, ``network seaglass``, ``candidate <the CA-34 incumbent> --networks``;
- the floor: a fresh Python process that opens the store read-only with DuckDB and runs one
  GROUP BY over ``bulk_itcont``; every answer is also shown as a multiple of it;
- the web app (``create_app(db, cache=False)``: no view or page kept, so every request computes its
  answer; no warm-up request) served by uvicorn in a subprocess on 127.0.0.1, driven by
  ``--clients`` concurrent httpx clients for ``--seconds`` over race, candidate, committee and network
  pages and their ``.json`` twins: p50 / p99 / max latency over every request, and every non-200.

The machine may be shared: each phase says how many CPU cores other processes used meanwhile
(from /proc/stat, minus this benchmark's own processes). Results replace the ``## Answers``
section of ``--out`` (default RESULTS.md).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench_ingest import HERE, machine, versions, write_section

REPO = HERE.parent
SRC = REPO / "src"
CACHE = REPO / "build" / "bench-answers"
CYCLE = 2024
RACE = "CA-34"
NETWORK = "seaglass"
HEADING = "## Answers (issue 15"
FLOOR_SQL = "SELECT cmte_id, count(*), sum(transaction_amt) FROM bulk_itcont GROUP BY cmte_id"
TARGETS = {"race": 3.0, "network": 5.0, "candidate_networks": 5.0}  # x floor
HELP_TARGET_S = 0.5
WEB_P99_TARGET_MS = 200.0


PYCACHE = REPO / "build" / "pycache"


def child_env() -> dict:
    """This checkout's package first, whatever is installed; its bytecode kept under build/pycache, as an
    installed package keeps its .pyc files (with PYTHONDONTWRITEBYTECODE, set on some machines, every cold
    call would compile moneytrail from source again: 0.1-0.2 s more, which no user pays)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(SRC) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    env.setdefault("COLUMNS", "200")
    return env


def moneytrail_cmd() -> list[str]:
    """The console script, as a user runs it (it honours PYTHONPATH); ``python -m`` when it is not installed."""
    exe = shutil.which("moneytrail")
    return [exe] if exe else [sys.executable, "-c", "from moneytrail.cli import main; main()"]


def _busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy (all processes), from /proc/stat."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    ticks = [int(x) for x in fields]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _own_cpu() -> float:
    """CPU seconds of this process and its waited-for children."""
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


class Others:
    """Cores other processes kept busy during a phase: machine busy time minus ours, over wall time.

    Only waited-for children count as ours, so a phase must wait for every process it starts."""

    def __enter__(self):
        self.t, self.busy, self.own = time.perf_counter(), _busy_seconds(), _own_cpu()
        return self

    def __exit__(self, *exc):
        wall = time.perf_counter() - self.t
        self.cores = max(_busy_seconds() - self.busy - (_own_cpu() - self.own), 0.0) / max(wall, 1e-9)
        self.load = os.getloadavg()[0]
        return False


# -- the store -----------------------------------------------------------------------------------


def src_key() -> str:
    try:
        out = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD:src"], capture_output=True, text=True,
                             check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "src"], capture_output=True,
                               text=True, check=True).stdout.strip()
        return out[:12] + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "nogit"


def build_child(rows: int, db: Path, files: Path) -> None:
    """In a fresh process: generate and ingest the demo at ``rows``; print times and peak RSS as JSON."""
    from moneytrail.trail import Trail

    t0 = time.perf_counter()
    first: list[float] = []

    def progress(*_args) -> None:  # the first ingest callback marks the end of generation
        if not first:
            first.append(time.perf_counter())

    with Trail(db) as trail:
        results = trail.load_demo(files, cycle=CYCLE, rows=rows, progress=progress)
    total = time.perf_counter() - t0
    itcont = next(r for r in results if r.kind == "itcont")
    hwm = next(int(ln.split()[1]) for ln in Path("/proc/self/status").read_text().splitlines()
               if ln.startswith("VmHWM:"))
    gen = (first[0] - t0) if first else None
    print(json.dumps({
        "rows": rows, "total_s": total, "generate_s": gen, "ingest_s": total - gen if gen else None,
        "peak_rss_mb": hwm / 1024, "itcont_read": itcont.rows_read, "itcont_loaded": itcont.rows_loaded,
        "itcont_rejected": itcont.rows_rejected, "input_mb": sum(p.stat().st_size for p in files.iterdir()) / 2**20,
    }))


def ensure_store(rows: int, rebuild: bool) -> tuple[Path, dict]:
    """The cached store for ``rows`` built by this ``src``, building it (in a fresh process) when missing."""
    key = src_key()
    home = CACHE / f"rows{rows}-{key}"
    db, meta_path = home / "demo.duckdb", home / "build.json"
    if meta_path.exists() and db.exists() and not rebuild and not key.endswith("-dirty"):
        meta = json.loads(meta_path.read_text())
        meta["reused"] = True
        return db, meta
    for old in CACHE.glob(f"rows{rows}-*"):  # stores of other code: never measured again
        shutil.rmtree(old, ignore_errors=True)
    home.mkdir(parents=True)
    files = home / "files"
    print(f"building the demo store with {rows:,} itcont rows in {home} ...", flush=True)
    with Others() as others:
        proc = subprocess.run([sys.executable, __file__, "--build-child", str(rows), str(db), str(files)],
                              env=child_env(), capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"building the {rows:,}-row store failed:\n{proc.stderr[-3000:]}")
    meta = json.loads(proc.stdout.strip().splitlines()[-1])
    meta.update({"src": key, "built": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                 "others_cores": others.cores, "load": others.load, "db_mb": db.stat().st_size / 2**20})
    for p in files.iterdir():  # the network registry stays: the store points at it
        if p.suffix != ".yaml":
            p.unlink()
    meta_path.write_text(json.dumps(meta, indent=1))
    meta["reused"] = False
    return db, meta


def store_ids(db: Path) -> dict:
    """The ids the runs ask about, read from the store: the race's candidates and committees."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        state, district = RACE.split("-")
        race = con.execute(
            "SELECT cand_id, cand_pcc, cand_ici FROM bulk_cn WHERE cand_election_yr = ? AND cand_office_st = ? "
            "AND cand_office_district = ? ORDER BY cand_ici = 'I' DESC, cand_id", [CYCLE, state, district]
        ).fetchall()
        others = con.execute(
            "SELECT cand_id, cand_pcc FROM bulk_cn WHERE cand_election_yr = ? AND cand_office IN ('H', 'S') "
            "AND cand_ici = 'I' ORDER BY cand_id", [CYCLE]
        ).fetchall()
    finally:
        con.close()
    if not race:
        raise SystemExit(f"{db}: no {RACE} candidates in {CYCLE}")
    return {"incumbent": race[0][0], "race_cands": [r[0] for r in race],
            "committees": [r[1] for r in race] + [r[1] for r in others[:2]]}


# -- cold CLI --------------------------------------------------------------------------------------


def timed(cmd: list[str]) -> tuple[float, int, str]:
    t = time.perf_counter()
    p = subprocess.run(cmd, env=child_env(), capture_output=True, text=True)
    return time.perf_counter() - t, p.returncode, (p.stderr or p.stdout).strip()[-300:]


def cli_runs(db: Path, ids: dict, repeat: int) -> dict:
    mt = moneytrail_cmd()
    d = ["--db", str(db)]
    cases = {
        "help": mt + ["--help"],
        "race": mt + ["race", RACE, "--cycle", str(CYCLE)] + d,
        "network": mt + ["network", NETWORK, "--cycle", str(CYCLE)] + d,
        "candidate_networks": mt + ["candidate", ids["incumbent"], "--cycle", str(CYCLE), "--networks"] + d,
        "floor": [sys.executable, "-c",
                  "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True); "
                  f"con.execute({FLOOR_SQL!r}).fetchall()", str(db)],
    }
    runs: dict[str, list[float]] = {k: [] for k in cases}
    failed: dict[str, str] = {}
    for cmd in cases.values():  # untimed: writes the bytecode (see child_env), as installing the package does
        timed(cmd)
    with Others() as others:
        for i in range(repeat):  # interleaved, so a burst of load elsewhere hits every case alike
            for name, cmd in cases.items():
                s, rc, tail = timed(cmd)
                if rc:
                    failed[name] = f"exit {rc}: {tail}"
                runs[name].append(s)
                print(f"  run {i + 1} {name}: {s:.2f} s" + (f" (FAILED, {failed[name]})" if rc else ""), flush=True)
    out = {k: {"median": statistics.median(v), "runs": v} for k, v in runs.items()}
    return {"cases": out, "failed": failed, "others_cores": others.cores, "load": others.load,
            "commands": {k: " ".join(Path(c).name if j == 0 else c for j, c in enumerate(v))
                         for k, v in cases.items()}}


# -- web -------------------------------------------------------------------------------------------

SERVER = """
import sys
from moneytrail.web.app import create_app, serve
serve(create_app(sys.argv[1], cache=False), "127.0.0.1", int(sys.argv[2]))
"""


# The web floor: the same stack (FastAPI, uvicorn, one worker, a DuckDB cursor per thread) answering one small
# GROUP BY over a built table per request, and nothing else: what any page costs at best on this machine.
FLOOR_SERVER = """
import sys, threading, duckdb, uvicorn
from fastapi import FastAPI
con = duckdb.connect(sys.argv[1], read_only=True)
local = threading.local()
app = FastAPI()
@app.get("/floor/{n}")
def floor(n: int):
    cur = getattr(local, "cur", None)
    if cur is None:
        cur = local.cur = con.cursor()
    sql = "SELECT category, count(*), sum(amount)::VARCHAR FROM built_given GROUP BY 1 ORDER BY 1"
    rows = cur.execute(sql).fetchall()
    return {"n": n, "rows": rows}
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def web_urls(ids: dict) -> list[str]:
    pages = [f"/race/{RACE}/{CYCLE}", f"/race/NY-17/{CYCLE}", f"/network/{NETWORK}/{CYCLE}"]
    pages += [f"/candidate/{c}/{CYCLE}" for c in ids["race_cands"][:3]]
    pages += [f"/committee/{c}/{CYCLE}" for c in ids["committees"][:3]]
    return [u for p in pages for u in (p, p + ".json")]


async def drive(base: str, urls: list[str], clients: int, seconds: float, timeout: float) -> dict:
    import httpx

    latencies: list[float] = []
    statuses: dict[str, int] = {}
    # the clients exist before the clock starts: making 50 of them takes a while on a busy machine
    pool = [httpx.AsyncClient(base_url=base, timeout=timeout) for _ in range(clients)]
    stop = time.perf_counter() + seconds

    async def client(i: int, c: httpx.AsyncClient) -> None:
        n = i
        while time.perf_counter() < stop:
            url = urls[n % len(urls)]
            n += 1
            t = time.perf_counter()
            try:
                r = await c.get(url)
                if r.status_code != 200:
                    statuses[f"HTTP {r.status_code}"] = statuses.get(f"HTTP {r.status_code}", 0) + 1
            except httpx.HTTPError as exc:
                statuses[type(exc).__name__] = statuses.get(type(exc).__name__, 0) + 1
            latencies.append(time.perf_counter() - t)

    t0 = time.perf_counter()
    try:
        await asyncio.gather(*(client(i, c) for i, c in enumerate(pool)))
    finally:
        for c in pool:
            await c.aclose()
    wall = time.perf_counter() - t0
    latencies.sort()
    q = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else latencies * 99
    return {"requests": len(latencies), "seconds": wall, "rps": len(latencies) / wall, "p50_ms": q[49] * 1000,
            "p99_ms": q[98] * 1000, "max_ms": latencies[-1] * 1000, "errors": sum(statuses.values()),
            "error_kinds": statuses}


def web_run(db: Path, ids: dict, clients: int, seconds: float, timeout: float, floor: bool = False) -> dict:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    urls = [f"/floor/{n}" for n in range(18)] if floor else web_urls(ids)
    log = db.parent / "server.log"  # a file, not a pipe: a chatty server must never block on a full pipe
    with Others() as others, open(log, "w") as log_fh:
        script = FLOOR_SERVER if floor else SERVER
        server = subprocess.Popen([sys.executable, "-c", script, str(db), str(port)], env=child_env(),
                                  stdout=subprocess.DEVNULL, stderr=log_fh)
        try:
            t0 = time.perf_counter()
            while True:  # wait for the port to accept, without a request: no warm-up
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if server.poll() is not None or time.perf_counter() - t0 > 120:
                        raise SystemExit(f"the server did not start: {log.read_text()[-2000:]}") from None
                    time.sleep(0.05)
            print(f"  web: server up in {time.perf_counter() - t0:.1f} s; {clients} clients x {seconds:.0f} s "
                  f"over {len(urls)} URLs", flush=True)
            result = asyncio.run(drive(f"http://127.0.0.1:{port}", urls, clients, seconds, timeout))
        finally:
            server.terminate()
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    result.update(urls=urls, others_cores=others.cores, load=others.load)
    what = "web floor" if floor else "web"
    print(f"  {what}: {result['requests']:,} requests, p50 {result['p50_ms']:.0f} ms, p99 {result['p99_ms']:.0f} ms, "
          f"errors {result['error_kinds'] or 0}", flush=True)
    return result


# -- report ----------------------------------------------------------------------------------------


def render(sizes: list[dict], args) -> str:
    m, v = machine(), versions()
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    first = sizes[0]
    out = [
        f"{HEADING}: cold CLI against the floor, web without a cache)",
        "",
        f"- Date: {now}; machine: {m['nproc']} CPUs ({m['cpu']}), {m['ram_gb']:.1f} GB RAM, {m['os']}; "
        f"Python {v['python']}, duckdb {v['duckdb']}; code: git tree `{first['build']['src']}` of `src/`.",
        "- Command: `" + " ".join(["python benchmarks/bench_answers.py", *args.argv]) + "`",
        "- Stores: the synthetic demo cycle at N itcont rows (`moneytrail demo --rows N`: invented names and "
        "ids), built in a fresh process (generation + ingest; peak RSS = that process's VmHWM).",
        f"- CLI: each call a fresh process (`moneytrail` of this checkout), median of {args.repeat}, the cases "
        "interleaved; the OS page cache is warm (the store was just built or read), and so is the bytecode "
        "(one untimed call of each case first writes it to build/pycache, as installing a package compiles "
        "it). Floor: a fresh Python "
        "process opening the store read-only with DuckDB and running "
        f"`{FLOOR_SQL}`; answers are shown as a multiple of it.",
        f"- Web: `create_app(db, cache=False)` (no view or page kept: every request computes its answer; "
        "not even between identical requests in flight at the same moment), uvicorn, one worker, "
        f"on 127.0.0.1; no warm-up request; {args.clients} concurrent clients for {args.seconds:.0f} s "
        f"(client timeout {args.timeout:.0f} s), rotating over race, candidate, committee and network pages "
        "and their JSON twins; latencies over every request (errors included); server and clients share the "
        "machine.",
        "- Other load: 'others' = CPU cores used by other processes during the phase (from /proc/stat minus "
        "this benchmark's processes), and the 1-minute load average at its end. The machine has "
        f"{m['nproc']} cores; anything above ~0.2 means the figures are inflated by other work.",
        "",
        "| store | build: generate + ingest (s) | peak RSS (MB) | store (MB) | `--help` (s) | floor (s) | "
        "`race` (s, x floor) | `network` (s, x floor) | `candidate --networks` (s, x floor) | "
        "others (cores), load |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for sz in sizes:
        b, c = sz["build"], sz["cli"]
        if c is None:
            continue
        cs = c["cases"]
        floor = cs["floor"]["median"]

        def cell(name: str, c=c) -> str:
            if name in c["failed"]:
                return "failed"
            s = c["cases"][name]["median"]
            return f"{s:.2f} ({s / c['cases']['floor']['median']:.2f}x)"

        gen = f"{b['generate_s']:.0f} + {b['ingest_s']:.0f}" if b.get("generate_s") else f"{b['total_s']:.0f}"
        out.append(
            f"| {sz['rows']:,} | {gen} | {b['peak_rss_mb']:,.0f} | {b['db_mb']:,.0f} | "
            f"{'failed' if 'help' in c['failed'] else format(cs['help']['median'], '.2f')} | {floor:.2f} | "
            f"{cell('race')} | {cell('network')} | {cell('candidate_networks')} | "
            f"{c['others_cores']:.2f}, {c['load']:.1f} |"
        )
    webs = [sz for sz in sizes if sz.get("web")]
    if webs:
        out += ["", "| store | server | requests | requests/s | p50 (ms) | p99 (ms) | max (ms) | non-200 "
                "| others (cores), load |", "|---|---|---:|---:|---:|---:|---:|---|---|"]
        for sz in webs:
            for what, w in (("moneytrail pages", sz["web"]), ("web floor", sz.get("web_floor"))):
                if not w:
                    continue
                errs = ", ".join(f"{k}: {n}" for k, n in w["error_kinds"].items()) or "0"
                out.append(f"| {sz['rows']:,} | {what} | {w['requests']:,} | {w['rps']:.1f} | {w['p50_ms']:,.0f} | "
                           f"{w['p99_ms']:,.0f} | {w['max_ms']:,.0f} | {errs} | {w['others_cores']:.2f}, "
                           f"{w['load']:.1f} |")
        pages = [u for u in webs[0]["web"]["urls"] if not u.endswith(".json")]
        out += ["", f"Web URLs (each with its `.json` twin): {', '.join(pages)}. Web floor: the same stack "
                "(FastAPI, uvicorn, one worker, a DuckDB cursor per thread) with one route that runs one small "
                "`GROUP BY` over a built table (`built_given`) and returns its rows as JSON, the same clients "
                "and duration: the best any page can do on this machine at this concurrency."]
    out += ["", "Targets (issue 15): `race` <= 3x floor, `network` and `candidate --networks` <= 5x floor, "
            f"`--help` <= {HELP_TARGET_S} s, web p99 < {WEB_P99_TARGET_MS:.0f} ms at 10,000,000 rows.", ""]
    for sz in sizes:
        verdicts = []
        c = sz["cli"]
        if c:
            cs = c["cases"]
            floor = cs["floor"]["median"]
            for name, limit in TARGETS.items():
                ratio = cs[name]["median"] / floor
                ok = name not in c["failed"] and ratio <= limit
                verdicts.append(f"{name} {ratio:.2f}x ({'met' if ok else 'not met'})")
            h = cs["help"]["median"]
            verdicts.append(f"--help {h:.2f} s ({'met' if h <= HELP_TARGET_S else 'not met'})")
        if sz.get("web"):
            w = sz["web"]
            ok = w["p99_ms"] < WEB_P99_TARGET_MS and not w["errors"]
            verdicts.append(f"web p99 {w['p99_ms']:,.0f} ms ({'met' if ok else 'not met'})")
        out.append(f"- {sz['rows']:,} rows: " + "; ".join(verdicts) + ".")
    out.append("")
    out.append("All runs (s): " + "; ".join(
        f"{sz['rows']:,} rows: " + ", ".join(f"{k} " + "/".join(f"{x:.2f}" for x in v["runs"])
                                              for k, v in sz["cli"]["cases"].items())
        for sz in sizes if sz["cli"]) + ".")
    builds = [sz for sz in sizes if sz["build"].get("reused")]
    if builds:
        out.append("Reused stores (built earlier by the same `src/`): " + ", ".join(
            f"{sz['rows']:,} rows built {sz['build']['built']} (others {sz['build']['others_cores']:.2f} cores "
            "while building)" for sz in builds) + ".")
    return "\n".join(out) + "\n"


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--build-child":
        build_child(int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, action="append", help="store size in itcont rows (repeatable; "
                    "default 2,000,000 and 10,000,000; --quick: 200,000)")
    ap.add_argument("--quick", action="store_true", help="200,000 rows, one run per CLI case, 10 s of web")
    ap.add_argument("--skip-web", action="store_true")
    ap.add_argument("--repeat", type=int, help="cold runs per CLI case (median); default 3, --quick 1")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, help="web load duration; default 30, --quick 10")
    ap.add_argument("--timeout", type=float, default=120.0, help="client timeout per web request, seconds")
    ap.add_argument("--rebuild", action="store_true", help="build the stores even when cached")
    ap.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = ap.parse_args()
    args.argv = sys.argv[1:]
    rows = args.rows or ([200_000] if args.quick else [2_000_000, 10_000_000])
    args.repeat = args.repeat or (1 if args.quick else 3)
    args.seconds = args.seconds or (10.0 if args.quick else 30.0)

    sizes = []
    for n in rows:
        db, build = ensure_store(n, args.rebuild)
        print(f"store {db}: {n:,} rows; build {build.get('total_s', 0):.0f} s, peak RSS "
              f"{build['peak_rss_mb']:,.0f} MB{' (reused)' if build.get('reused') else ''}", flush=True)
        ids = store_ids(db)
        cli = cli_runs(db, ids, args.repeat)
        web = None if args.skip_web else web_run(db, ids, args.clients, args.seconds, args.timeout)
        web_floor = None if args.skip_web else web_run(db, ids, args.clients, args.seconds, args.timeout, floor=True)
        sizes.append({"rows": n, "build": build, "cli": cli, "web": web, "web_floor": web_floor})
        (CACHE / f"last-rows{n}.json").write_text(json.dumps(sizes[-1], indent=1, default=str))
    section = render(sizes, args)
    write_section(args.out, section, heading=HEADING)
    print(f"\nwrote {args.out}\n\n{section}")


if __name__ == "__main__":
    main()
