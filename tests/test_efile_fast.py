"""Many filings in one batch: the same rows, line numbers and rejects as one filing at a time, checked
against the raw files; and the load path imports no heavy library it does not use."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from moneytrail.sources.bulk import SourceFile
from moneytrail.sources.efile import FS, scan
from moneytrail.sources.files import MAX_LINE
from moneytrail.store.filings import FILING_TABLES
from moneytrail.store.store import Store

SCHEDULE_TABLES = [t for t in FILING_TABLES if t not in ("filings", "filing_other")]


def _real_filings(fec_dir: Path) -> list[Path]:
    return sorted(p for p in fec_dir.rglob("*.fec") if "invalid_version" not in p.parts)


def _rows(store: Store, table: str) -> list[tuple]:
    """A table's rows with the load id replaced by the file it came from (load ids differ between stores)."""
    cols = [c for (c, *_) in store.con.execute(f"DESCRIBE {table}").fetchall() if c != "load_id"]
    return store.con.execute(
        f"SELECT l.path, {', '.join(f't.{c}::VARCHAR' for c in cols)} FROM {table} t "
        "JOIN loads l USING (load_id) ORDER BY ALL"
    ).fetchall()


@pytest.fixture(scope="module")
def stores(tmp_path_factory, fec_dir):
    """Every real filing loaded twice: all in one batch, and one batch per filing."""
    d = tmp_path_factory.mktemp("fast")
    sources = [SourceFile(p, "fec", None) for p in _real_filings(fec_dir)]
    batch, alone = Store(d / "batch.duckdb"), Store(d / "alone.duckdb")
    batch.load_filings(sources, strict=False)
    for s in sources:
        alone.load_filings([s], strict=False)
    yield batch, alone
    batch.close()
    alone.close()


def test_one_batch_equals_one_filing_at_a_time(stores):
    batch, alone = stores
    assert batch.con.execute("SELECT count(DISTINCT load_id) FROM filings").fetchall()[0][0] >= 89
    ledger = ("SELECT path, status, rows_read, rows_loaded, rows_rejected, rows_warned FROM loads ORDER BY path")
    assert batch.con.execute(ledger).fetchall() == alone.con.execute(ledger).fetchall()
    for table in [*FILING_TABLES, "rejects"]:
        got, want = _rows(batch, table), _rows(alone, table)
        assert len(got) == len(want), table
        assert got == want, table


def _strip(v: str) -> str:
    v = v.strip()
    return v[1:-1].strip() if len(v) >= 2 and v[0] == v[-1] == '"' else v


def test_line_numbers_point_at_the_raw_lines(stores):
    """Each stored itemization's line number, in a batch of every filing, is the line of the raw file
    (read here by Python, not by moneytrail) that starts with its record type and carries its transaction id."""
    batch, _ = stores
    checked = 0
    lines_of: dict[str, list[str]] = {}
    for table in SCHEDULE_TABLES:
        for path, line_no, rt, tran_id in batch.con.execute(
            f"SELECT l.path, t.line_no, t.record_type, t.tran_id FROM {table} t JOIN loads l USING (load_id) "
            "WHERE t.record_type <> 'F99'"
        ).fetchall():
            if path not in lines_of:
                lines_of[path] = Path(path).read_bytes().decode("utf-8", errors="replace").split("\n")
            raw = lines_of[path][line_no - 1]
            first = raw.split(FS)[0] if FS in raw else raw.split(",")[0]
            assert _strip(first).upper() == rt, (path, line_no)
            if tran_id:
                assert tran_id in raw, (path, line_no, tran_id)
            checked += 1
    assert checked > 10_000


def test_every_record_line_is_loaded_or_rejected(stores, fec_dir):
    """Per v6+ filing (FS-separated), its non-blank lines after the header, counted by plain SQL over the raw
    file, equal the rows stored plus the lines rejected, per record type."""
    batch, _ = stores
    con = batch.con
    compared = 0
    for path in _real_filings(fec_dir):
        data = path.read_bytes()
        if not data.startswith(b"HDR\x1c") or re.search(rb"\[\s*BEGIN\s*TEXT", data, re.I):
            continue  # comma and legacy versions, and F99 text (lines that are no records): the ledger test
        raw = dict(con.execute(
            "SELECT upper(trim(trim(split_part(line, chr(28), 1)), '\"')), count(*) FROM read_csv(?, "
            "columns={'line': 'VARCHAR'}, delim='\x01', quote='', escape='', header=false, auto_detect=false, "
            "strict_mode=false, encoding='latin-1') WITH ORDINALITY "
            "WHERE ordinality > 1 AND trim(line, ' \r') <> '' GROUP BY ALL", [str(path)]
        ).fetchall())
        (load_id,) = con.execute("SELECT load_id FROM loads WHERE path = ? AND status = 'loaded'",
                                 [str(path)]).fetchone()
        parts = [f"SELECT form_type AS rt FROM filings WHERE load_id = {load_id} AND line_no IS NOT NULL"]
        parts += [f"SELECT record_type FROM {t} WHERE load_id = {load_id} AND record_type <> 'F99'"
                  for t in FILING_TABLES if t != "filings"]
        parts.append("SELECT upper(trim(trim(split_part(raw_line, chr(28), 1)), '\"')) FROM rejects "
                     f"WHERE load_id = {load_id} AND action = 'rejected'")
        ours = dict(con.execute(f"SELECT upper(rt), count(*) FROM ({' UNION ALL '.join(parts)}) GROUP BY ALL")
                    .fetchall())
        assert ours == raw, path
        compared += 1
    assert compared >= 60


def test_scan_finds_over_long_lines_at_any_position(tmp_path):
    """The line-length check jumps LF to LF: a line of MAX_LINE bytes is fine, one byte more is not,
    wherever it sits (first, middle, last, across the 16 MB read blocks)."""
    ok, long = b"a" * MAX_LINE, b"a" * (MAX_LINE + 1)
    cases = {
        "exact": (b"x\n" + ok + b"\ny\n", False), "middle": (b"x\n" + long + b"\ny\n", True),
        "first": (long + b"\ny\n", True), "last": (b"x\n" + long, True), "last exact": (b"x\n" + ok, False),
        "across blocks": (b"x" * ((1 << 24) - 3) + b"\n" + b"y" * 10 + b"\n" + long + b"\n", True),
        "many short": (b"abc\n" * 600_000, False),
    }
    for name, (data, expected) in cases.items():
        p = tmp_path / f"{name}.fec"
        p.write_bytes(data)
        assert ("over-long line" in scan(p).reasons) == expected, name
        assert scan(p).lines == data.count(b"\n") + (not data.endswith(b"\n")), name


def test_loading_filings_imports_no_heavy_library(fec_dir, tmp_path):
    """`moneytrail ingest --no-build` of filings needs neither the model (ibis) nor pyarrow, numpy or pandas."""
    filing = fec_dir / "fech/spec/data/767339.fec"
    code = (
        "import sys\n"
        "from moneytrail.cli import app\n"
        "try:\n"
        f"    app(['ingest', '--no-build', '--db', {str(tmp_path / 'x.duckdb')!r}, {str(filing)!r}])\n"
        "except SystemExit as e:\n"
        "    assert not e.code, e.code\n"
        "print(sorted(m for m in ('ibis', 'sqlglot', 'pyarrow', 'numpy', 'pandas', 'fastapi', 'splink', "
        "'moneytrail.trail', 'moneytrail.model.base') if m in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "[]"
