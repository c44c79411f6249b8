"""Malformed .fec input: a counted, inspectable reject or warning for each problem, never a crash or a silent drop."""

from __future__ import annotations

import zipfile

import pytest

from moneytrail.errors import FileFormatError
from moneytrail.sources.efile import FS, record_line
from moneytrail.trail import Trail


def _sa(tran, amount, date="20240105", **kw):
    return record_line("SA11AI", "8.3", {"form_type": "SA11AI", "filer_committee_id_number": "C90000601",
                                         "transaction_id": tran, "entity_type": "IND", "contributor_last_name": "DOE",
                                         "contributor_first_name": "SYNTHETIC", "contribution_date": date,
                                         "contribution_amount": amount, **kw})


def _filing(tmp_path, name, body_lines: list[bytes]) -> object:
    hdr = record_line("HDR", "8.3", {"record_type": "HDR", "ef_type": "FEC", "fec_version": "8.3",
                                     "soft_name": "synthetic"}).encode()
    cover = record_line("F3XN", "8.3", {"form_type": "F3XN", "filer_committee_id_number": "C90000601",
                                        "report_code": "Q1", "coverage_from_date": "20240101",
                                        "coverage_through_date": "20240331"}).encode()
    path = tmp_path / name
    path.write_bytes(b"\r\n".join([hdr, cover, *body_lines]) + b"\r\n")
    return path


def test_each_problem_is_counted(tmp_path):
    lines = [
        _sa("A1", "100.00").encode(),
        _sa("A2", "12,00").encode(),                       # not an amount: rejected
        _sa("A3", "").encode(),                            # no amount: rejected
        _sa("A4", "50.00", date="2024-13-45").encode(),    # garbage date: kept, raw text kept, warning
        (_sa("A5", "25.00") + FS + "EXTRA").encode(),      # too many fields: kept, warning
        _sa("A6", "10.00", contributor_city="Pe\xf1a").encode("cp1252"),  # not UTF-8: decoded, warning
        _sa("A7", "5.00", contributor_city="A\rB").encode(),  # a CR inside the line: repaired, warning
        b"",                                               # a blank line: not a record
        b"ZZTOP" + FS.encode() + b"C90000601",             # no layout: kept by position, warning
    ]
    path = _filing(tmp_path, "900601.fec", lines)
    with Trail(tmp_path / "b.duckdb") as trail:
        r = trail.ingest([path])[0]
        assert (r.rows_read, r.rows_loaded, r.rows_rejected) == (9, 7, 2)  # cover + 8 records; 2 rejected
        con = trail.store.con
        sa = con.execute("SELECT tran_id, amount, date, date_raw, city FROM filing_sa ORDER BY line_no").fetchall()
        assert [x[0] for x in sa] == ["A1", "A4", "A5", "A6", "A7"]
        assert sa[1][2] is None and sa[1][3] == "2024-13-45"
        assert sa[3][4] == "Peña" and sa[4][4] == "A B"
        rejects = {(x[0], x[1]) for x in con.execute("SELECT line_no, action FROM rejects").fetchall()}
        assert {(4, "rejected"), (5, "rejected"), (6, "kept"), (7, "kept"), (8, "kept"), (9, "kept"),
                (11, "kept")} <= rejects
        assert con.execute("SELECT record_type FROM filing_other").fetchall() == [("ZZTOP",)]


def test_not_a_filing_and_truncated_zip_are_clear_errors(tmp_path):
    junk = tmp_path / "1.fec"
    junk.write_text("<html>not found</html>\n")
    with Trail(tmp_path / "b.duckdb") as trail:
        with pytest.raises(FileFormatError, match="line 1: expected an HDR record"):
            trail.ingest([junk])
        good = _filing(tmp_path, "900602.fec", [_sa("B1", "1.00").encode()])
        z = tmp_path / "day.zip"
        with zipfile.ZipFile(z, "w") as zf:
            zf.write(good, "900602.fec")
            zf.writestr("900603.fec", good.read_bytes())
        assert [r.status for r in trail.ingest([z])] == ["loaded", "loaded"]
        truncated = tmp_path / "cut.zip"
        truncated.write_bytes(z.read_bytes()[: z.stat().st_size // 2])
        with pytest.raises(FileFormatError):
            trail.ingest([truncated], kind="fec")
