""".fec parsing and loading: moneytrail against libfec and FastFEC on one large synthetic F3X.

    python benchmarks/bench_efile.py                 # a >= 500 MB filing, 2 runs per parser
    python benchmarks/bench_efile.py --mb 50 --repeat 1

The filing is a conduit-style F3X (v8.3) written by ``moneytrail.sources.efile.write_filing``:
millions of Schedule A earmark rows (every other one a memo), with invented donors and ids.
Each parser runs in its own subprocess under
``/usr/bin/time`` (wall seconds, peak RSS), interleaved:

- moneytrail: ``moneytrail ingest`` into a fresh DuckDB store (split, type, validate, line numbers,
  ledger, rejects, one transaction);
- libfec: ``libfec export FILE -o out.db`` (Rust, into SQLite);
- FastFEC: the ``fastfec`` Python package (C library) ``parse_as_files`` into per-form CSVs.

Results go to the ``## .fec filings`` section of RESULTS.md.
"""

from __future__ import annotations

import argparse
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


def timed_run(cmd: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds and peak RSS (MB) of a child process, from GNU time."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M", *cmd], cwd=cwd, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed: {out.stderr[-2000:]}")
    wall, kb = out.stderr.strip().splitlines()[-1].split()
    return float(wall), int(kb) / 1024, out.stdout


PARSERS = {
    "moneytrail (DuckDB store)": lambda f, w: [shutil.which("moneytrail") or "moneytrail", "ingest", "--db",
                                               str(w / "mt.duckdb"), str(f)],
    "libfec export (SQLite)": lambda f, w: ["libfec", "export", str(f), "-o", str(w / "libfec.db")],
    "FastFEC library (CSV files)": lambda f, w: [
        sys.executable, "-c",
        "import sys; from fastfec import FastFEC\n"
        f"with FastFEC() as ff, open({str(f)!r}, 'rb') as fh: sys.exit(0 if ff.parse_as_files(fh, {str(w / 'ff')!r}) "
        "else 1)"],
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=int, default=520)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-efile-", dir=HERE if (HERE / "work").exists() else None))
    try:
        fec = work / "999999901.fec"
        nbytes, nrecords = write_big_f3x(fec, args.mb)
        mb = nbytes / 1e6
        print(f"wrote {fec} ({mb:,.0f} MB, {nrecords:,} records)", flush=True)
        runs: dict[str, list[tuple[float, float]]] = {k: [] for k in PARSERS}
        for _ in range(args.repeat):
            for name, cmd in PARSERS.items():
                for leftover in ("mt.duckdb", "libfec.db", "ff"):
                    p = work / leftover
                    shutil.rmtree(p) if p.is_dir() else p.unlink(missing_ok=True)
                wall, rss, _ = timed_run(cmd(fec, work), work)
                runs[name].append((wall, rss))
                print(f"{name}: {wall:.1f} s, {rss:,.0f} MB", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    m = machine()
    best = {k: min(v) for k, v in runs.items()}
    lib = best["libfec export (SQLite)"][0]
    lines = [
        "## .fec filings (one synthetic F3X, parse + load)",
        "",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; machine: {m['nproc']} CPUs, {m['ram_gb']:.1f} GB RAM.",
        f"- File: {mb:,.0f} MB, {nrecords:,} records (v8.3 F3XN; SA11AI earmark rows, half memo), written by "
        "`benchmarks/bench_efile.py` with invented names and ids.",
        f"- Each parser in its own process under GNU time, {args.repeat} interleaved runs; best wall time, "
        "peak RSS of that run; interpreter start included.",
        "",
        "| parser | output | seconds | MB/s | peak RSS (MB) | throughput vs libfec |",
        "|---|---|---:|---:|---:|---:|",
    ]
    outputs = {"moneytrail (DuckDB store)": "typed canonical tables + ledger + rejects",
               "libfec export (SQLite)": "SQLite, one table per form", "FastFEC library (CSV files)": "CSV per form"}
    for name, (wall, rss) in best.items():
        lines.append(f"| {name} | {outputs[name]} | {wall:.1f} | {mb / wall:,.1f} | {rss:,.0f} | "
                     f"{lib / wall:.2f}x |")
    lines += ["", "All runs (s, MB): " + "; ".join(f"{k}: " + ", ".join(f"{w:.1f}/{r:,.0f}" for w, r in v)
                                                 for k, v in runs.items()), ""]
    section = "\n".join(lines)
    write_section(args.out, section, heading="## .fec filings")
    print(section)


if __name__ == "__main__":
    main()
