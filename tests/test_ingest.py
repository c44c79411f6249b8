"""Ingest on hand-written bad input: every line is loaded, rejected or warned about, never lost."""

from __future__ import annotations

import zipfile

import pytest

from moneytrail.errors import FileFormatError
from moneytrail.sources import bulk
from moneytrail.sources.identify import identify
from moneytrail.store.store import Store

GOOD = (
    "C80000001|N|Q1|P2024|202401019000000001|15|IND|DOE, JANE|AUSTIN|TX|78701|ACME|ENGINEER|"
    "01152024|250||SA11AI.1|9000001|||4000000000000000001"
)


def row(sub_id: int, **changes) -> str:
    fields = GOOD.split("|")
    names = ["cmte_id", "amndt_ind", "rpt_tp", "pgi", "image", "tp", "entity", "name", "city", "state", "zip",
             "employer", "occupation", "date", "amount", "other_id", "tran_id", "file_num", "memo_cd",
             "memo_text", "sub_id"]
    values = dict(zip(names, fields, strict=True))
    values["sub_id"] = str(4000000000000000000 + sub_id)
    values.update(changes)
    return "|".join(values[n] for n in names)


def write(tmp_path, name, lines: list[bytes | str], end=b"\n") -> object:
    p = tmp_path / name
    p.write_bytes(b"\n".join(x.encode() if isinstance(x, str) else x for x in lines) + end)
    return p


def test_malformed_lines_are_counted_and_inspectable(tmp_path):
    lines = [
        row(1),
        row(2, amount="12O0"),  # letter O: not an amount -> rejected
        row(3, date="13452024"),  # no such date -> kept, NULL date, raw text kept, warning
        row(4)[: row(4).rfind("|")],  # one field short -> rejected
        row(5) + "|extra",  # one field too many -> rejected
        "",  # blank line -> rejected
        row(7, name="PE\xd1A, JOSE").encode("cp1252"),  # cp1252 byte -> kept, decoded, warning
        row(8, amount="-1,000.50"),  # thousands separator and sign are fine
        row(9, amount="1.005"),  # three decimals -> rejected rather than rounded
        row(10, name="DOE,\rJOHN"),  # a carriage return inside a field -> kept, a space, warning
        row(11) + "\r",  # a CRLF ending is just an ending
        row(12, name="NUL\x00NAME, A"),  # a NUL byte -> kept, a space, warning
    ]
    path = write(tmp_path, "itcont24.txt", lines, end=b"")  # no final newline, as FEC fragments
    with Store(tmp_path / "s.duckdb") as store:
        r = store.load(identify(path))
        assert (r.rows_read, r.rows_loaded, r.rows_rejected, r.rows_warned) == (12, 7, 5, 4)
        rejects = {x["line_no"]: x for x in store.rejects().to_pylist()}
        assert rejects[2]["reason"].startswith("bad amount") and "12O0" in rejects[2]["raw_line"]
        assert rejects[4]["reason"] == "wrong field count: expected 21, found 20"
        assert rejects[5]["reason"] == "wrong field count: expected 21, found 22"
        assert rejects[6]["reason"] == "blank line"
        assert rejects[9]["action"] == "rejected"
        assert rejects[3]["action"] == "kept" and rejects[3]["value"] == "13452024"
        assert rejects[7]["action"] == "kept" and "cp1252" in rejects[7]["reason"]
        got = store.con.execute(
            "SELECT line_no, name, transaction_dt, transaction_dt_raw, transaction_amt FROM bulk_itcont ORDER BY 1"
        ).fetchall()
        assert [g[0] for g in got] == [1, 3, 7, 8, 10, 11, 12]  # line numbers survive the rejected lines between
        assert got[6][1] == "NUL NAME, A" and rejects[12]["reason"] == "NUL byte replaced by a space"
        assert got[4][1] == "DOE, JOHN" and rejects[10]["reason"] == "carriage return inside the line"
        assert got[1][2] is None and got[1][3] == "13452024"
        assert got[2][1] == "PE\u00d1A, JOSE"
        assert float(got[3][4]) == -1000.50


def test_zip_input_and_by_date_members_are_ignored(tmp_path):
    txt = "\n".join(row(i) for i in range(1, 6)) + "\n"
    z = tmp_path / "indiv24.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("itcont.txt", txt)
        zf.writestr("by_date/itcont_2024_20240101_20240630.txt", txt)  # same rows again: must not count
    source = identify(z)
    assert (source.kind, source.cycle, source.member) == ("itcont", 2024, "itcont.txt")
    with Store(tmp_path / "s.duckdb") as store:
        r = store.load(source)
        assert (r.rows_read, r.rows_loaded) == (5, 5)


def test_truncated_zip_is_a_clear_error_and_leaves_store_unchanged(tmp_path):
    txt = "\n".join(row(i) for i in range(1, 20000)) + "\n"
    z = tmp_path / "indiv24.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("itcont.txt", txt)
    data = z.read_bytes()
    bad = tmp_path / "pas224.zip"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(FileFormatError, match="zip"):
        identify(bad)


def test_crash_mid_load_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    path = write(tmp_path, "itcont24.txt", [row(i) for i in range(1, 50)])
    with Store(tmp_path / "s.duckdb") as store:
        original = bulk.BulkReader._clean
        calls = {"n": 0}

        def boom(self, batch):
            calls["n"] += 1
            original(self, batch)
            raise KeyboardInterrupt  # as a Ctrl-C between batches would

        monkeypatch.setattr(bulk.BulkReader, "_clean", boom)
        with pytest.raises(KeyboardInterrupt):
            store.load(identify(path))
        monkeypatch.setattr(bulk.BulkReader, "_clean", original)
        assert calls["n"] == 1
        assert store.con.execute("SELECT count(*) FROM bulk_itcont").fetchall()[0][0] == 0
        assert store.con.execute("SELECT count(*) FROM rejects").fetchall()[0][0] == 0
        status = store.con.execute("SELECT status FROM loads").fetchall()
        assert status == [("failed",)]
        r = store.load(identify(path))  # and it loads cleanly afterwards
        assert r.rows_loaded == 49


def test_kind_and_cycle_come_from_the_name_or_must_be_given(tmp_path):
    path = write(tmp_path, "contributions.txt", [row(1)])
    with pytest.raises(FileFormatError, match="--kind"):
        identify(path)
    with pytest.raises(FileFormatError, match="--cycle"):
        identify(path, kind="itcont")
    with pytest.raises(FileFormatError, match="even year"):
        identify(path, kind="itcont", cycle=2023)
    assert identify(path, kind="itcont", cycle=2024).kind == "itcont"
    header = write(tmp_path, "cm_header_file.csv", ["CMTE_ID,CMTE_NM"])
    with pytest.raises(FileFormatError, match="header"):
        identify(header)


def test_ie_csv_header_is_checked(tmp_path):
    path = write(tmp_path, "independent_expenditure_2024.csv", ["cand_id,cand_name", "H1,X"])
    with Store(tmp_path / "s.duckdb") as store, pytest.raises(FileFormatError, match="header"):
        store.load(identify(path))


def test_amounts_commas_only_in_thousands_and_required_amounts(tmp_path):
    lines = [
        row(1, amount="1,000.50"),  # thousands separator: fine
        row(2, amount="12,00"),  # not a thousands group: rejected, never read as 1200
        row(3, amount=""),  # a contribution without an amount: rejected
        row(4, amount="$250"),
    ]
    path = write(tmp_path, "itcont24.txt", lines)
    with Store(tmp_path / "s.duckdb") as store:
        r = store.load(identify(path))
        assert (r.rows_loaded, r.rows_rejected) == (2, 2)
        reasons = {x["line_no"]: x["reason"] for x in store.rejects().to_pylist()}
        assert reasons == {2: "bad amount in transaction_amt: '12,00'", 3: "missing transaction_amt"}
        amounts = [float(a) for (a,) in store.con.execute(
            "SELECT transaction_amt FROM bulk_itcont ORDER BY line_no").fetchall()]
        assert amounts == [1000.50, 250.0]


def test_ie_csv_with_an_unbalanced_quote_still_loads(tmp_path):
    header = ("cand_id,cand_name,spe_id,spe_nam,ele_type,can_office_state,can_office_dis,can_office,cand_pty_aff,"
              "exp_amo,exp_date,agg_amo,sup_opp,pur,pay,file_num,amndt_ind,tran_id,image_num,receipt_dat,"
              "fec_election_yr,prev_file_num,dissem_dt")
    good = "H4TX90001,ONE,C80000009,SPENDER,G,TX,07,H,DEM,{amt},01-OCT-24,500.00,S,ADS,V,1,N,{tran},1,02-OCT-24,2024,,"
    path = write(tmp_path, "independent_expenditure_2024.csv", [
        header, good.format(amt="500.00", tran="A1"),
        'H4TX90001,ONE,C80000009,JUNK "SPENDER,G,TX,07,H,DEM,9.00,01-OCT-24,9.00,S,ADS,V,1,N,A2,1,02-OCT-24,2024,,',
        good.format(amt="700.00", tran="A3"),
    ])
    with Store(tmp_path / "s.duckdb") as store:
        r = store.load(identify(path))
        assert r.rows_read == 3 and r.rows_read == r.rows_loaded + r.rows_rejected
        assert r.rows_loaded >= 2  # the lines after the stray quote are not swallowed
