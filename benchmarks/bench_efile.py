""".fec parsing and loading: moneytrail against libfec, on real filings, in one run.

    python benchmarks/bench_efile.py                       # a day of real filings, 1,005 filings, 150 MB F3X
    python benchmarks/bench_efile.py --repeat 1 --f3x-mb 50
    python benchmarks/bench_efile.py --synthetic-mb 520    # also the large synthetic conduit F3X

Cases, each parser in its own process under ``/usr/bin/time`` (wall seconds, peak RSS), interleaved:

- **a day of filings**: every real filing in ../shared that both parsers read (libfec reads versions
  8.0-8.5 only; 67 of them: the 42 of 2018-06-16 from fecfile's test data and the other suites' v8
  filings), one command for the folder: ``moneytrail ingest DIR`` into a fresh store against
  ``libfec export FILES -o out.db``;
- **many filings**: the same filings copied 15 times under new filing numbers (1,005 filings), so the
  per-filing cost shows;
- **one 150 MB F3X**: the header, cover and Schedule A lines of a real F3X (FastFEC's case 1544132,
  v8.3, 2,598 SA lines) repeated to 150 MB.

moneytrail runs from this checkout (``python -m moneytrail.cli``, the worktree's ``src`` first).
Results go to the ``## .fec filings`` section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench_ingest import HERE, machine, write_section

FIRST = ["MARIA", "JAMES", "LINDA", "ROBERT", "PAT", "CHRIS", "ALEX", "SAM", "JORDAN", "TAYLOR", "MORGAN", "LEE"]
LAST = ["ALVAREZ", "BROOKS", "CHEN", "DUNN", "ELLIS", "FOSTER", "GARCIA", "HAYES", "IBARRA", "JONES", "KIM",
        "LOPEZ", "MOORE", "NGUYEN", "ORTIZ", "PARK", "QUINN", "REED", "SHAH", "TRAN"]
CITIES = [("SPRINGFIELD", "ZZ", "00001"), ("RIVERTON", "ZZ", "00002"), ("LAKEVIEW", "ZY", "00003"),
          ("HILLCREST", "ZY", "00004"), ("FAIRVIEW", "ZX", "00005")]
JOBS = [("RETIRED", "RETIRED"), ("SELF-EMPLOYED", "WRITER"), ("SYNTHETIC CORP", "ENGINEER"),
        ("NOT EMPLOYED", "NOT EMPLOYED"), ("SYNTHETIC HOSPITAL", "NURSE")]


def write_big_f3x(path: Path, megabytes: int, seed: int = 3) -> tuple[int, int]:
    """A synthetic conduit F3X of at least ``megabytes`` MB; returns (bytes, records)."""
    from moneytrail.sources.efile import FS, record_line

    rnd = random.Random(seed)
    filer = "C99999901"
    version = "8.3"
    lines = [record_line("HDR", version, {"record_type": "HDR", "ef_type": "FEC", "fec_version": version,
                                          "soft_name": "moneytrail-bench", "soft_ver": "1"}),
             record_line("F3XN", version, {"form_type": "F3XN", "filer_committee_id_number": filer,
                                           "committee_name": "SYNTHETIC CONDUIT (BENCHMARK)", "report_code": "M10",
                                           "coverage_from_date": "20240901", "coverage_through_date": "20240930",
                                           "date_signed": "20241020"})]
    template_sa = record_line("SA11AI", version, {"form_type": "SA11AI", "filer_committee_id_number": filer,
                                                  "transaction_id": "\0T", "entity_type": "IND",
                                                  "contributor_last_name": "\0L", "contributor_first_name": "\0F",
                                                  "contributor_street_1": "\0S", "contributor_city": "\0C",
                                                  "contributor_state": "\0ST", "contributor_zip_code": "\0Z",
                                                  "election_code": "P2024", "contribution_date": "\0D",
                                                  "contribution_amount": "\0A", "contribution_aggregate": "\0G",
                                                  "contribution_purpose_descrip": "Earmarked for SYNTHETIC (C99999902)",
                                                  "contributor_employer": "\0E", "contributor_occupation": "\0O",
                                                  "donor_committee_fec_id": "C99999902", "memo_code": "\0M"})
    parts = template_sa.split(FS)
    slots = {p: i for i, p in enumerate(parts) if p.startswith("\0")}
    size = sum(len(x) + 1 for x in lines)
    records = 1
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(lines) + "\n")
        target = megabytes * 1_000_000
        n = 0
        buf = []
        while size < target:
            n += 1
            city, st, z = rnd.choice(CITIES)
            emp, occ = rnd.choice(JOBS)
            amount = rnd.choice([5, 10, 18, 25, 27, 50, 100, 250, 500, 1000, 2900])
            row = list(parts)
            for key, value in (("\0T", f"SA{n:09d}"), ("\0L", rnd.choice(LAST)), ("\0F", rnd.choice(FIRST)),
                               ("\0S", f"{rnd.randrange(1, 9999)} SYNTHETIC ST"), ("\0C", city), ("\0ST", st),
                               ("\0Z", z + f"{rnd.randrange(10000):04d}"), ("\0D", f"202409{rnd.randrange(1, 31):02d}"),
                               ("\0A", f"{amount}.00"), ("\0G", f"{amount * rnd.randrange(1, 9)}.00"),
                               ("\0E", emp), ("\0O", occ), ("\0M", "X" if n % 2 else "")):
                row[slots[key]] = value
            line = FS.join(row)
            buf.append(line)
            size += len(line) + 1
            records += 1
            if len(buf) >= 50_000:
                fh.write("\n".join(buf) + "\n")
                buf = []
        if buf:
            fh.write("\n".join(buf) + "\n")
    return path.stat().st_size, records


def timed_run(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system) of a child process, from GNU time.

    CPU seconds are reported beside wall time because the machine is shared: under load, wall
    time measures the neighbours as much as the parser."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M %U %S", *cmd], cwd=cwd, capture_output=True, text=True,
                         env=env)
    if out.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed: {out.stderr[-2000:]}")
    wall, kb, user, system = out.stderr.strip().splitlines()[-1].split()
    return float(wall), int(kb) / 1024, float(user) + float(system)


SHARED = HERE.parent.parent / "shared" / "data" / "fec"
SRC = HERE.parent / "src"
F3X_SOURCE = "fastfec/cases/1544132/src.fec"


def libfec_readable(fec_dir: Path, work: Path) -> list[Path]:
    """The real filings libfec exports without error (it stops at the first it cannot read)."""
    out = []
    for p in sorted(fec_dir.rglob("*.fec")):
        if "invalid_version" in p.parts:
            continue
        r = subprocess.run(["libfec", "export", str(p), "-o", str(work / "probe.db")], capture_output=True)
        (work / "probe.db").unlink(missing_ok=True)
        if r.returncode == 0:
            out.append(p)
    return out


def write_day(files: list[Path], folder: Path, copies: int = 1) -> tuple[int, int]:
    """The filings under distinct FEC-style names (<number>.fec), ``copies`` times; returns (files, bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    n = size = 0
    for c in range(copies):
        for i, p in enumerate(files):
            data = p.read_bytes()
            (folder / f"{900_000_000 + c * 10_000 + i}.fec").write_bytes(data)
            n += 1
            size += len(data)
    return n, size


def write_repeated_f3x(src: Path, dest: Path, megabytes: int) -> tuple[int, int]:
    """Header, cover and the Schedule A lines of a real filing, the SA lines repeated to ``megabytes`` MB."""
    lines = src.read_bytes().replace(b"\r\n", b"\n").split(b"\n")
    head, sa = lines[:2], [ln for ln in lines[2:] if ln.startswith(b"SA")]
    block = b"\n".join(sa) + b"\n"
    records = 1
    with open(dest, "wb") as fh:
        fh.write(b"\n".join(head) + b"\n")
        while fh.tell() < megabytes * 1_000_000:
            fh.write(block)
            records += len(sa)
    return dest.stat().st_size, records


FLOORS = {  # what a process costs before it reads a byte: the interpreter, DuckDB, the ingest command's imports
    "`python -c 'import duckdb'`": "import duckdb",
    "`python -c 'import moneytrail.cli'`": "import moneytrail.cli",
}


def moneytrail_cmd(target: Path, work: Path) -> list[str]:
    return [sys.executable, "-m", "moneytrail.cli", "ingest", "--db", str(work / "mt.duckdb"), str(target)]


def libfec_cmd(target: Path, work: Path) -> list[str]:
    files = sorted(str(p) for p in target.glob("*.fec")) if target.is_dir() else [str(target)]
    return ["libfec", "export", *files, "-o", str(work / "libfec.db")]


def child_env(work: Path) -> dict[str, str]:
    """moneytrail from this checkout, with its bytecode cached as an installed package's is (in the work
    folder, not the repo): without it, a process that may not write bytecode compiles every module each run."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPATH": str(SRC), "PYTHONPYCACHEPREFIX": str(work / "pycache")}


def run_case(name: str, target: Path, work: Path, repeat: int) -> dict[str, list[tuple[float, float]]]:
    env = child_env(work)
    runs: dict[str, list[tuple[float, float, float]]] = {"moneytrail": [], "libfec": []}
    for _ in range(repeat):
        for parser, cmd in (("moneytrail", moneytrail_cmd), ("libfec", libfec_cmd)):
            for leftover in ("mt.duckdb", "libfec.db", "mt.duckdb.wal"):
                (work / leftover).unlink(missing_ok=True)
            wall, rss, cpu = timed_run(cmd(target, work), work, env)
            runs[parser].append((wall, rss, cpu))
            print(f"{name} / {parser}: {wall:.2f} s, {rss:,.0f} MB, {cpu:.2f} CPU s", flush=True)
    return runs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--f3x-mb", type=int, default=150)
    ap.add_argument("--copies", type=int, default=15, help="copies of the day for the many-filings case")
    ap.add_argument("--synthetic-mb", type=int, default=0, help="also the synthetic conduit F3X of this size")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-efile-"))
    load_before = os.getloadavg()[0]
    cases = []
    try:
        real = libfec_readable(SHARED, work)
        n, size = write_day(real, work / "day")
        cases.append((f"a day: {n} real filings ({size / 1e6:.1f} MB), one command", work / "day", n, size))
        n2, size2 = write_day(real, work / "many", args.copies)
        cases.append((f"many: {n2:,} filings ({size2 / 1e6:.0f} MB; the day {args.copies} times, new numbers)",
                      work / "many", n2, size2))
        f3x = work / "900000001.fec"
        nbytes, nrec = write_repeated_f3x(SHARED / F3X_SOURCE, f3x, args.f3x_mb)
        cases.append((f"one F3X of {nbytes / 1e6:.0f} MB ({nrec:,} records: SA lines of a real filing, repeated)",
                      f3x, 1, nbytes))
        if args.synthetic_mb:
            big = work / "999999901.fec"
            sb, sr = write_big_f3x(big, args.synthetic_mb)
            cases.append((f"one synthetic conduit F3X of {sb / 1e6:.0f} MB ({sr:,} records)", big, 1, sb))
        timed_run([sys.executable, "-c", "import moneytrail.cli, moneytrail.store.ingest"], work, child_env(work))
        results = [(label, nfiles, nbytes, run_case(label, target, work, args.repeat))
                   for label, target, nfiles, nbytes in cases]
        floors = {name: min(timed_run([sys.executable, "-c", code], work, child_env(work)) for _ in range(args.repeat))
                  for name, code in FLOORS.items()}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    m = machine()
    load_after = os.getloadavg()[0]
    lines = [
        "## .fec filings (moneytrail ingest vs libfec export)",
        "",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; machine: {m['nproc']} CPUs, {m['ram_gb']:.1f} GB RAM, "
        f"shared with other work while it ran (load average {load_before:.1f} at the start, {load_after:.1f} at the "
        "end: wall times are inflated; compare CPU seconds).",
        f"- Each parser in its own process under GNU time, {args.repeat} interleaved runs; best wall time and the "
        "peak RSS of that run; interpreter start included (moneytrail's bytecode cached, as when installed). "
        "moneytrail: `moneytrail ingest` into a fresh DuckDB "
        "store (split, typed, validated, line-numbered, ledger + rejects; filings batched into one "
        "transaction). libfec: `libfec export FILES -o out.db` (Rust, SQLite, one table per form).",
        "- Real filings from ../shared (`benchmarks/bench_efile.py` says which).",
        "",
        "| case | moneytrail s | libfec s | libfec / moneytrail (wall) | moneytrail CPU s | libfec CPU s "
        "| libfec / moneytrail (CPU) | moneytrail peak RSS (MB) | libfec peak RSS (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, _, _, runs in results:
        mt, lf = min(runs["moneytrail"]), min(runs["libfec"])
        mt_cpu, lf_cpu = min(r[2] for r in runs["moneytrail"]), min(r[2] for r in runs["libfec"])
        lines.append(f"| {label} | {mt[0]:.2f} | {lf[0]:.2f} | {lf[0] / mt[0]:.2f}x | {mt_cpu:.2f} | {lf_cpu:.2f} | "
                     f"{lf_cpu / max(mt_cpu, 1e-9):.2f}x | {mt[1]:,.0f} | {lf[1]:,.0f} |")
    lines += ["", "The floor of any Python process (best of the runs, wall s / peak MB / CPU s): " + "; ".join(
        f"{name} {w:.2f} / {r:,.0f} / {c:.2f}" for name, (w, r, c) in floors.items()) + "."]
    lines += ["", "All runs (wall s / peak MB / CPU s): " + "; ".join(
        f"{label.split(':')[0].split(' (')[0]} — " + ", ".join(
            f"{p} " + " ".join(f"{w:.2f}/{r:,.0f}/{c:.2f}" for w, r, c in v) for p, v in runs.items())
        for label, _, _, runs in results), ""]
    section = "\n".join(lines)
    write_section(args.out, section, heading="## .fec filings")
    print(section)


if __name__ == "__main__":
    main()
