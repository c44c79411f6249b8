"""The foundation's promises, on the real FEC bulk slices in ../shared."""

from __future__ import annotations

import re

import pytest
from rawsql import amount

from moneytrail.sources.identify import identify
from moneytrail.store.store import Store


def real_bulk_files(fec_dir):
    for d in sorted(fec_dir.glob("bulk-*")) + [fec_dir / "ca34-extracts"]:
        for p in sorted(d.glob("*.txt")):
            if "header" not in p.name and not p.name.startswith(("derived", "ref-")):
                yield p


def test_every_real_bulk_file_accounts_for_every_row(fec_dir, tmp_path):
    checked = 0
    for path in real_bulk_files(fec_dir):
        # ca34-extracts/ names its files <source dir>_<original name>
        name = re.sub(r"^(district34_)?bulk-[^_]+_", "", path.name)
        cycle = 2020 if "jk3587" in path.name or "jk3587" in str(path.parent) else None
        try:
            source = identify(path, kind=_kind(name), cycle=cycle or _cycle(name))
        except Exception as exc:  # every real file must be recognisable with at most kind/cycle given
            pytest.fail(f"{path}: {exc}")
        with Store(tmp_path / f"{checked}.duckdb") as store:
            result = store.load(source)
            lines = _count_lines(path)
            assert result.rows_read == lines, path
            assert result.rows_read == result.rows_loaded + result.rows_rejected, path
            stored = store.con.execute(f"SELECT count(*) FROM {source.layout.table}").fetchall()[0][0]
            rejected = store.con.execute("SELECT count(*) FROM rejects WHERE action = 'rejected'").fetchall()[0][0]
            assert (stored, rejected) == (result.rows_loaded, result.rows_rejected), path
        checked += 1
    assert checked >= 40


def _kind(name):
    from moneytrail.sources.layouts import parse_file_name

    return parse_file_name(name)[0]


def _cycle(name):
    from moneytrail.sources.layouts import parse_file_name

    return parse_file_name(name)[1] or 2020


def _count_lines(path):
    data = path.read_bytes()
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def test_gomez_is_h8ca34266_with_principal_committee(real_trail):
    rep = real_trail.candidate("H8CA34266", 2024)
    assert rep["name"] == "GOMEZ, JIMMY"
    assert rep["pcc"] == "C00629659"
    assert rep["race"] == "CA-34"
    assert any(c["cmte_id"] == "C00629659" and c["designation"] == "P" for c in rep["committees"])


def test_weball24_receipts_for_gomez_and_kim(real_trail):
    rep = real_trail.race("CA-34", 2024)
    by_id = {c["cand_id"]: c for c in rep["candidates"]}
    assert amount(by_id["H8CA34266"]["summary"]["ttl_receipts"]) == amount("2245652.60")
    assert amount(by_id["H4CA34083"]["summary"]["ttl_receipts"]) == amount("570467.58")
    # the figure is traceable to its row: the weball line with the latest coverage
    rows = real_trail.rows([by_id["H8CA34266"]["summary_ref"]])
    (row,) = rows["bulk_weball"]
    assert row["cand_id"] == "H8CA34266" and row["cvg_end_dt"] == "2024-12-31"
    assert row["source_file"].endswith("weball24.txt")


def test_webk22_udp_independent_expenditures(real_trail):
    rep = real_trail.committee("C00799031", 2022)
    assert rep["name"].startswith("UNITED DEMOCRACY PROJECT")
    assert amount(rep["summary"]["ind_exp"]) == amount("26118700.49")
    assert rep["type"] == "O"


def test_itpas2_quirks_to_gomez_are_visible_not_dropped(real_trail):
    rep = real_trail.candidate("H8CA34266", 2024)
    gifts = rep["committee_money"]
    refs = [r for g in gifts for r in g["row_refs"]]
    rows = real_trail.rows(refs)["bulk_itpas2"]
    amounts = sorted(amount(r["transaction_amt"]) for r in rows)
    assert amounts[0] == -1000  # the VOID row, counted with its sign
    assert any(r["cand_id"] is None for r in rows)  # empty candidate id, found by committee
    assert any(r["cand_id"] == "H7CA34011" for r in rows)  # Gomez named under another id
    quirks = {q for g in gifts for q in g["quirks"]}
    assert "committee; candidate id blank" in quirks
    assert "committee; row names candidate H7CA34011" in quirks
    # every row to C00629659 in the file is accounted for in exactly one figure
    con = real_trail.store.con
    n, total = con.execute(
        "SELECT count(*), sum(transaction_amt) FROM bulk_itpas2 WHERE other_id = 'C00629659' OR cand_id = 'H8CA34266'"
    ).fetchall()[0]
    assert len(refs) == len(set(refs)) == n
    assert sum(amount(g["amount"]) for g in gifts) == total


def test_aipac_pac_memo_rows_are_shown_but_not_counted(real_trail):
    rep = real_trail.committee("C00797670", 2024)
    memo = [g for g in rep["given_to_candidates"] if g["category"] == "memo"]
    assert memo and all(amount(g["amount"]) > 0 for g in memo)
    assert "memo" in rep["given_totals"]


def test_reloading_an_identical_file_is_a_no_op(real_trail, fec_dir):
    before = real_trail.store.con.execute("SELECT count(*) FROM bulk_weball").fetchall()[0][0]
    (result,) = real_trail.ingest([fec_dir / "bulk-harshavardhan" / "weball24.txt"])
    assert result.status == "unchanged"
    assert real_trail.store.con.execute("SELECT count(*) FROM bulk_weball").fetchall()[0][0] == before


def test_a_different_snapshot_needs_replace_and_swaps_atomically(tmp_path, fec_dir):
    from moneytrail.errors import MoneytrailError
    from moneytrail.trail import Trail

    with Trail(tmp_path / "s.duckdb") as trail:
        trail.ingest([fec_dir / "bulk-harshavardhan" / "weball24.txt"])
        with pytest.raises(MoneytrailError, match="--replace"):
            trail.ingest([fec_dir / "bulk-yennhile0" / "weball24.txt"])
        (r,) = trail.ingest([fec_dir / "bulk-yennhile0" / "weball24.txt"], replace=True)
        assert r.status == "loaded" and r.rows_loaded == 3838
        con = trail.store.con
        assert con.execute("SELECT count(*) FROM bulk_weball").fetchall()[0][0] == 3838
        assert con.execute("SELECT status FROM loads WHERE load_id = 1").fetchall()[0][0] == "replaced"
        # the earlier snapshot ends coverage on 11/25/2024 for CA-34
        kim = [c for c in trail.race("CA-34", 2024)["candidates"] if c["cand_id"] == "H4CA34083"][0]
        assert kim["cvg_end_dt"] == "2024-11-25"


def test_search_and_did_you_mean(real_trail):
    hits = real_trail.search("gomez, jimmy")
    assert hits[0]["id"] == "H8CA34266"
    from moneytrail.errors import NotFound

    with pytest.raises(NotFound, match="H8CA34266"):
        real_trail.candidate("H8CA34267", 2024)
    with pytest.raises(NotFound, match="cycle"):
        real_trail.race("CA-34", 2016)


def test_a_gift_to_one_candidates_committee_never_counts_for_another(real_trail):
    """itpas2 rows naming Nunn's candidate id but paid to Eli Crane's committee count for Crane only."""
    rep = real_trail.candidate("H2IA03119", 2024)
    refs = [r for g in rep["committee_money"] for r in g["row_refs"]]
    rows = real_trail.rows(refs).get("bulk_itpas2", [])
    assert rows and all(r["other_id"] != "C00784934" for r in rows)
