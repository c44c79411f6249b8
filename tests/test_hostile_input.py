"""Hostile input (issue 18): every record in is loaded or rejected, bad files give one line, nothing hangs.

Each case starts from a real file in ../shared and is checked against counts taken from that
file independently (plain line counting or DuckDB's CSV reader), not from moneytrail's own reader.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from moneytrail.cli import app
from moneytrail.errors import FileFormatError, MoneytrailError
from moneytrail.sources.files import MAX_FIELD, MAX_LINE
from moneytrail.trail import Trail

FS = b"\x1c"
DAY = "fecfile/test-data/20180616"
SA_FILING = "fecfile/test-data/20180616/1238411.fec"  # an F3XN with 34 Schedule A lines
COMMA_FILING = "fec-parse/test/data/34411.fec"  # version 3: comma-separated, quoted


def _records(data: bytes, header_lines: int = 1) -> int:
    """Non-blank lines after the header: what the filing holds, counted without moneytrail."""
    return sum(1 for line in data.split(b"\n")[header_lines:] if line.strip(b" \r\t"))


def _check_ledger(trail: Trail, load_id: int) -> tuple[int, int, int]:
    """The ledger row agrees with the rows stored and rejected for the load; returns (read, loaded, rejected)."""
    con = trail.store.con
    read, loaded, rejected = con.execute(
        "SELECT rows_read, rows_loaded, rows_rejected FROM loads WHERE load_id = ?", [load_id]).fetchall()[0]
    assert read == loaded + rejected
    assert con.execute("SELECT count(*) FROM rejects WHERE load_id = ? AND action = 'rejected'",
                       [load_id]).fetchall()[0][0] == rejected
    return read, loaded, rejected


@pytest.fixture()
def sa_filing(fec_dir) -> bytes:
    return (fec_dir / SA_FILING).read_bytes()


def _sa_lines(data: bytes) -> list[int]:
    return [i for i, line in enumerate(data.split(b"\n")) if line.startswith(b"SA")]


def test_blank_record_type_is_a_counted_reject(tmp_path, sa_filing):
    lines = sa_filing.split(b"\n")
    i = _sa_lines(sa_filing)[0]
    lines[i] = FS + lines[i].split(FS, 1)[1]  # the record-type field blanked
    path = tmp_path / "1238411.fec"
    path.write_bytes(b"\n".join(lines))
    with Trail(tmp_path / "s.duckdb") as trail:
        r = trail.ingest([path])[0]
        assert r.rows_read == _records(sa_filing)  # the same records as the original: none lost
        assert _check_ledger(trail, r.load_id)[2] == 1
        reason, line_no = trail.store.con.execute("SELECT reason, line_no FROM rejects WHERE action = 'rejected'"
                                                  ).fetchall()[0]
        assert "record type" in reason and line_no == i + 1


@pytest.mark.parametrize("size", [3 << 20, 40 << 20])
def test_over_long_line_inside_a_real_filing_is_rejected_with_an_excerpt(tmp_path, sa_filing, size):
    lines = sa_filing.split(b"\n")
    i = _sa_lines(sa_filing)[1]
    parts = lines[i].split(FS)
    parts[-1] = parts[-1] + b"X" * size  # one Schedule A line of megabytes
    lines[i] = FS.join(parts)
    path = tmp_path / "1238411.fec"
    path.write_bytes(b"\n".join(lines))
    with Trail(tmp_path / "s.duckdb") as trail:
        r = trail.ingest([path])[0]
        assert r.status == "loaded" and r.rows_read == _records(sa_filing)
        assert _check_ledger(trail, r.load_id)[2] == 1
        line_no, reason, raw = trail.store.con.execute(
            "SELECT line_no, reason, raw_line FROM rejects WHERE action = 'rejected'").fetchall()[0]
        assert line_no == i + 1 and "limit" in reason and len(raw) < 1000
        # every other Schedule A line is there
        n_sa = trail.store.con.execute("SELECT count(*) FROM filing_sa").fetchall()[0][0]
        assert n_sa == len(_sa_lines(sa_filing)) - 1 - _rejected_sa(trail)


def _rejected_sa(trail: Trail) -> int:
    return trail.store.con.execute(
        "SELECT count(*) FROM rejects WHERE action = 'rejected' AND reason LIKE '%amount%'").fetchall()[0][0]


def test_a_filing_of_one_forty_megabyte_line_is_not_silently_loaded(tmp_path, sa_filing):
    head = sa_filing.split(b"\n")[0]
    path = tmp_path / "999000001.fec"
    path.write_bytes(head + b"\n" + b"SA11AI" + FS + b"C00000001" + FS + b"Y" * (40 << 20) + b"\n")
    with Trail(tmp_path / "s.duckdb") as trail:
        r = trail.ingest([path])[0]
        assert (r.rows_read, r.rows_loaded, r.rows_rejected) == (1, 0, 1)


def test_over_long_field_in_a_comma_version_is_rejected(tmp_path, fec_dir):
    data = (fec_dir / COMMA_FILING).read_bytes()
    lines = data.split(b"\n")
    i = next(k for k, line in enumerate(lines) if k > 1 and line.strip())
    lines[i] = lines[i].rstrip(b"\r") + b',"' + b"Z" * (MAX_FIELD + 10) + b'"'
    path = tmp_path / "34411.fec"
    path.write_bytes(b"\n".join(lines))
    with Trail(tmp_path / "s.duckdb") as trail:
        r = trail.ingest([path])[0]
        assert r.rows_read == _records(data)
        assert _check_ledger(trail, r.load_id)[2] >= 1
        reason, raw = trail.store.con.execute(
            "SELECT reason, raw_line FROM rejects WHERE line_no = ? AND action = 'rejected'", [i + 1]).fetchall()[0]
        assert "cannot split" in reason and len(raw) < 1000


def test_cr_line_endings_in_a_comma_version_load_like_the_original(tmp_path, fec_dir):
    data = (fec_dir / COMMA_FILING).read_bytes()
    with Trail(tmp_path / "a.duckdb") as trail:
        want = trail.ingest([fec_dir / COMMA_FILING])[0]
    path = tmp_path / "34411.fec"
    path.write_bytes(data.replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    with Trail(tmp_path / "b.duckdb") as trail:
        got = trail.ingest([path])[0]
    assert (got.rows_read, got.rows_loaded, got.rows_rejected) == (want.rows_read, want.rows_loaded,
                                                                   want.rows_rejected)


def test_stray_cr_inside_a_comma_line_is_repaired(tmp_path, fec_dir):
    data = (fec_dir / COMMA_FILING).read_bytes().replace(b"\r\n", b"\n")
    lines = data.split(b"\n")
    i = next(k for k, line in enumerate(lines) if k > 1 and b'","' in line)
    lines[i] = lines[i].replace(b'","', b'"\r,"', 1)
    path = tmp_path / "34411.fec"
    path.write_bytes(b"\n".join(lines))
    with Trail(tmp_path / "s.duckdb") as trail:
        r = trail.ingest([path])[0]
        assert r.rows_read == _records(data)
        _check_ledger(trail, r.load_id)
        assert trail.store.con.execute("SELECT count(*) FROM rejects WHERE line_no = ? AND reason LIKE "
                                       "'%carriage return%'", [i + 1]).fetchall()[0][0] == 1


def test_a_bom_before_hdr_is_accepted(tmp_path, fec_dir, sa_filing):
    path = tmp_path / "1238411.fec"
    path.write_bytes(b"\xef\xbb\xbf" + sa_filing)
    with Trail(tmp_path / "a.duckdb") as trail:
        want = trail.ingest([fec_dir / SA_FILING])[0]
    with Trail(tmp_path / "b.duckdb") as trail:
        got = trail.ingest([path])[0]
    assert got.status == "loaded"
    assert (got.rows_read, got.rows_loaded, got.rows_rejected) == (want.rows_read, want.rows_loaded,
                                                                   want.rows_rejected)


@pytest.mark.parametrize("content", [
    b'"HDR","FEC","' + b"9" * (MAX_FIELD + 100) + b'"\n"F3XN","C00000001"\n',  # a header line over 128 KB
    b"HDR" + b"x" * (MAX_LINE * 2),  # one line and no end
    bytes(range(256)) * 4000,  # random-looking bytes
    b"\x00" * 5000 + b"\n" + b"\r" * 300,
    b"",
])
def test_files_that_are_no_filing_give_one_line(tmp_path, content):
    path = tmp_path / "123.fec"
    path.write_bytes(content)
    with Trail(tmp_path / "s.duckdb") as trail, pytest.raises(MoneytrailError) as err:
        trail.ingest([path])
    message = str(err.value)
    assert "\n" not in message and len(message) < 600 and "123.fec" in message


def test_random_bytes_named_fec_in_the_cli_are_one_line(tmp_path):
    path = tmp_path / "5.fec"
    path.write_bytes(os.urandom(300_000))
    out = CliRunner().invoke(app, ["ingest", "--db", str(tmp_path / "s.duckdb"), str(path)])
    assert out.exit_code == 1 and isinstance(out.exception, SystemExit)
    assert "Traceback" not in out.output and "not a .fec filing" in " ".join(out.output.split())


def test_a_shortfall_fails_the_batch_and_loads_nothing(tmp_path, fec_dir, monkeypatch):
    from moneytrail.store import filings

    real = filings.BatchLoader._insert_texts

    def lose_one(self):  # a bug that drops a stored record
        real(self)
        self.con.execute("DELETE FROM filing_sa WHERE rowid = (SELECT min(rowid) FROM filing_sa)")

    monkeypatch.setattr(filings.BatchLoader, "_insert_texts", lose_one)
    with Trail(tmp_path / "s.duckdb") as trail:
        with pytest.raises(MoneytrailError, match="records read but"):
            trail.ingest([fec_dir / DAY])
        con = trail.store.con
        assert con.execute("SELECT count(*) FROM filings").fetchall()[0][0] == 0
        assert con.execute("SELECT count(*) FROM loads WHERE status = 'loaded'").fetchall()[0][0] == 0
        assert con.execute("SELECT count(*) FROM loads WHERE status = 'failed'").fetchall()[0][0] > 0


def test_a_day_of_filings_loads_in_one_batch_and_adds_up(tmp_path, fec_dir):
    files = sorted((fec_dir / DAY).glob("*.fec"))
    z = tmp_path / "20180616.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in files:
            zf.write(f, f.name)
    with Trail(tmp_path / "s.duckdb") as trail:
        results = trail.ingest([z])
        assert [r.status for r in results] == ["loaded"] * len(files)
        for f, r in zip(files, results, strict=True):
            assert r.rows_read == _records(f.read_bytes()), f.name
            _check_ledger(trail, r.load_id)
        assert [r.status for r in trail.ingest([z])] == ["unchanged"] * len(files)
        # one load per filing, and one read of the batch: the loads of a batch share their start
        assert trail.store.con.execute("SELECT count(DISTINCT started) FROM loads").fetchall()[0][0] == 1


def test_one_over_long_line_in_a_bulk_file_is_a_counted_reject(tmp_path, fec_dir):
    src = fec_dir / "bulk-2024-early-sandeepk97/itcont24_fragment.txt"
    lines = src.read_bytes().split(b"\n")
    lines[2] = lines[2] + b"Q" * (MAX_LINE * 3)
    path = tmp_path / "itcont24_fragment.txt"
    path.write_bytes(b"\n".join(lines))
    want = duckdb.sql(f"SELECT count(*) FROM read_csv('{src}', delim='\\x01', header=false, "
                      "columns={'l': 'VARCHAR'}, quote='', escape='')").fetchall()[0][0]
    with Trail(tmp_path / "s.duckdb") as trail:
        r = trail.ingest([path], kind="itcont", cycle=2024)[0]
        assert r.status == "loaded" and r.rows_read == want
        _check_ledger(trail, r.load_id)
        line_no, reason, raw = trail.store.con.execute(
            "SELECT line_no, reason, raw_line FROM rejects WHERE action = 'rejected' AND reason LIKE '%limit%'"
        ).fetchall()[0]
        assert line_no == 3 and len(raw) < 1000


def test_blank_lines_stream_through_counted(tmp_path, fec_dir):
    src = fec_dir / "bulk-2024-early-sandeepk97/itcont24_fragment.txt"
    good = src.read_bytes().rstrip(b"\n").split(b"\n")
    path = tmp_path / "itcont24_fragment.txt"
    path.write_bytes(b"\n".join(good[:5]) + b"\n" + b"\n" * 300_000 + b"\n".join(good[5:]) + b"\n")
    with Trail(tmp_path / "s.duckdb") as trail:
        r = trail.ingest([path], kind="itcont", cycle=2024)[0]
        assert (r.rows_read, r.rows_rejected) == (len(good) + 300_000, 300_000 + _bad(trail, r.load_id))
        _check_ledger(trail, r.load_id)
        # the good rows keep their true line numbers across the blank ones
        assert trail.store.con.execute("SELECT max(line_no) FROM bulk_itcont").fetchall()[0][0] == len(good) + 300_000


def _bad(trail: Trail, load_id: int) -> int:
    return trail.store.con.execute("SELECT count(*) FROM rejects WHERE load_id = ? AND action = 'rejected' "
                                   "AND reason <> 'blank line'", [load_id]).fetchall()[0][0]


def _zip_bomb(path: Path, member: str, mb: int) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf, zf.open(member, "w") as fh:
        for _ in range(mb):
            fh.write(b"\n" * (1 << 20))
    return path


@pytest.mark.parametrize("member", ["itcont.txt", "1238411.fec"])
def test_zip_bombs_are_refused(tmp_path, member):
    z = _zip_bomb(tmp_path / "indiv24.zip", member, 300)
    with Trail(tmp_path / "s.duckdb") as trail, pytest.raises(FileFormatError, match="zip bomb"):
        trail.ingest([z], kind="fec" if member.endswith(".fec") else None)


def _run_ingest(tmp_path: Path, target: Path) -> subprocess.CompletedProcess:
    """The CLI in a child process with a time limit: a hang fails the test instead of blocking it."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src"), "COLUMNS": "300"}
    return subprocess.run([sys.executable, "-m", "moneytrail.cli", "ingest", "--db", str(tmp_path / "s.duckdb"),
                           str(target)], capture_output=True, text=True, timeout=120, env=env)


@pytest.mark.parametrize("make", ["fifo", "dev_zero_link", "dev_null"])
def test_special_files_are_refused_with_one_line(tmp_path, make):
    if make == "fifo":
        target = tmp_path / "itcont24.txt"
        os.mkfifo(target)
    elif make == "dev_zero_link":
        target = tmp_path / "1238411.fec"
        target.symlink_to("/dev/zero")
    else:
        target = Path("/dev/null")
    out = _run_ingest(tmp_path, target)
    assert out.returncode == 1
    assert "regular file" in out.stderr and "Traceback" not in out.stderr
    assert out.stderr.strip().count("\n") <= 1


def test_ctrl_c_during_ingest_is_one_line_and_leaves_the_store_consistent(tmp_path, fec_dir, monkeypatch):
    from moneytrail.store import filings

    def interrupted(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(filings.BatchLoader, "_insert_records", interrupted)
    db = tmp_path / "s.duckdb"
    out = CliRunner().invoke(app, ["ingest", "--db", str(db), str(fec_dir / SA_FILING)])
    assert out.exit_code == 130
    assert "interrupted" in out.output and "Traceback" not in out.output
    monkeypatch.undo()
    with Trail(db) as trail:
        assert trail.store.con.execute("SELECT count(*) FROM filings").fetchall()[0][0] == 0
        r = trail.ingest([fec_dir / SA_FILING])[0]  # and it loads cleanly afterwards
        assert r.status == "loaded"
        _check_ledger(trail, r.load_id)
