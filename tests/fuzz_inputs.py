"""Mutations of real files for the fuzz suite (tests/test_fuzz.py, and benchmarks/fuzz_long.py for long runs).

A mutation is a small edit a broken export, a bad transfer or a hostile sender could make:
truncate, blank a field, insert a CR / BOM / NUL / long line, flip bytes, add or drop a delimiter.
Loading a mutated file must end in a one-line error or a load whose records all add up.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

from moneytrail.errors import MoneytrailError
from moneytrail.trail import Trail

FEC_FILINGS = [  # real filings of every family: v8 FS, v3/v5 comma, legacy header, paper, F99 text
    "fecfile/test-data/20180616/1238411.fec",
    "fecfile/test-data/20180616/1238373.fec",
    "fec-parse/test/data/34411.fec",
    "fec-parse/test/data/form-99.fec",
    "fech/spec/data/82094.fec",
    "fastfec/cases/legacy_header/src.fec",
    "fec-parse/test/data/paper1.fec",
]
BULK_FILES = [  # (path, kind, cycle)
    ("bulk-2024-early-sandeepk97/itcont24_fragment.txt", "itcont", 2024),
    ("bulk-2024-early-sandeepk97/itoth24_fragment.txt", "itoth", 2024),
    ("bulk-2020-early-jk3587/webl20.txt", "webl", 2020),
    ("bulk-2020-early-jk3587/weball20.txt", "weball", 2020),
]

OPS = ["truncate", "blank_field", "insert_cr", "insert_bom", "insert_nul", "long_line", "flip", "add_delim",
       "drop_delim", "blank_lines", "crlf_to_cr", "dup_line"]


@st.composite
def mutations(draw, n_max: int = 4):
    """A list of (op, position in [0,1), byte) edits."""
    n = draw(st.integers(1, n_max))
    return [(draw(st.sampled_from(OPS)), draw(st.floats(0, 0.999)), draw(st.integers(0, 255))) for _ in range(n)]


def mutate(data: bytes, edits, delim: bytes) -> bytes:
    for op, at, byte in edits:
        i = int(at * len(data)) if data else 0
        line_start = data.rfind(b"\n", 0, i) + 1
        line_end = data.find(b"\n", i)
        line_end = len(data) if line_end < 0 else line_end
        if op == "truncate":
            data = data[:i]
        elif op == "blank_field":
            line = data[line_start:line_end].split(delim)
            line[byte % len(line)] = b""
            data = data[:line_start] + delim.join(line) + data[line_end:]
        elif op == "insert_cr":
            data = data[:i] + b"\r" + data[i:]
        elif op == "insert_bom":
            data = b"\xef\xbb\xbf" + data if byte % 2 else data[:i] + b"\xef\xbb\xbf" + data[i:]
        elif op == "insert_nul":
            data = data[:i] + b"\x00" + data[i:]
        elif op == "long_line":
            data = data[:line_start] + b"L" * ((1 << 20) + 1000 * byte) + b"\n" + data[line_start:]
        elif op == "flip":
            data = data[:i] + bytes([data[i] ^ (byte or 1)]) + data[i + 1:] if data else data
        elif op == "add_delim":
            data = data[:i] + delim + data[i:]
        elif op == "drop_delim":
            j = data.find(delim, i)
            data = data[:j] + data[j + 1:] if j >= 0 else data
        elif op == "blank_lines":
            data = data[:line_start] + b"\n" * (1 + byte * 10) + data[line_start:]
        elif op == "crlf_to_cr":
            data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r")
        elif op == "dup_line":
            data = data[:line_end] + b"\n" + data[line_start:line_end] + data[line_end:]
    return data


def check_load(trail: Trail, path: Path, **kw) -> str:
    """Load a mutated file: a one-line error, or loads whose ledger, tables and rejects agree."""
    try:
        results = trail.ingest([path], **kw)
    except MoneytrailError as exc:
        message = str(exc)
        assert "\n" not in message and len(message) < 3000, message[:500]
        assert "Traceback" not in message
        return "error"
    con = trail.store.con
    for r in results:
        if r.status != "loaded":
            continue
        assert r.rows_read == r.rows_loaded + r.rows_rejected, r
        ledger = con.execute("SELECT rows_read, rows_loaded, rows_rejected FROM loads WHERE load_id = ?",
                             [r.load_id]).fetchall()[0]
        assert ledger == (r.rows_read, r.rows_loaded, r.rows_rejected)
        rejected = con.execute("SELECT count(*) FROM rejects WHERE load_id = ? AND action = 'rejected'",
                               [r.load_id]).fetchall()[0][0]
        assert rejected == r.rows_rejected
        table = con.execute("SELECT table_name FROM loads WHERE load_id = ?", [r.load_id]).fetchall()[0][0]
        if table != "filings":
            stored = con.execute(f"SELECT count(*) FROM {table} WHERE load_id = ?", [r.load_id]).fetchall()[0][0]
            assert stored == r.rows_loaded
    return "loaded"
