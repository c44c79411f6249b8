"""No data lost by following the tool's advice; overlapping files count each SUB_ID once (real slices)."""

from __future__ import annotations

import duckdb
import pytest
from rawsql import raw_bulk
from typer.testing import CliRunner

from moneytrail.cli import app
from moneytrail.errors import FileFormatError, IngestError, MoneytrailError
from moneytrail.trail import Trail

EARLY = "bulk-2020-early-jk3587"


def _header(fec_dir, name):
    return (fec_dir / EARLY / name).read_text().strip().lower().split(",")


@pytest.fixture(scope="module")
def overlap(tmp_path_factory, fec_dir):
    """The 2020 itcont and itoth slices, which share rows (a head slice and filtered cuts of one file)."""
    trail = Trail(tmp_path_factory.mktemp("overlap") / "o.duckdb")
    d = fec_dir / EARLY
    results = trail.ingest([d / "itcont_head5000.txt", d / "itcont_rare_tx_types.txt"], kind="itcont", cycle=2020)
    results += trail.ingest([d / "itoth_head3000.txt", d / "itoth_rare_tx_types.txt", d / "itoth_ca34_related.txt"],
                            kind="itoth", cycle=2020)
    yield trail, results
    trail.close()


def _raw_union(fec_dir, names, header):
    con = duckdb.connect()
    parts = []
    for i, n in enumerate(names):
        raw_bulk(con, fec_dir / EARLY / n, _header(fec_dir, header)).create_view(f"r{i}")
        parts.append(f"SELECT * FROM r{i}")
    con.sql(" UNION ALL ".join(parts)).create_view("u")
    return con


def test_each_sub_id_counts_once_across_overlapping_itcont_files(overlap, fec_dir):
    trail, results = overlap
    con = _raw_union(fec_dir, ["itcont_head5000.txt", "itcont_rare_tx_types.txt"], "indiv_header_file.csv")
    distinct, total = con.sql("SELECT count(*), sum(CAST(transaction_amt AS DECIMAL(14,2))) FROM "
                              "(SELECT DISTINCT ON (sub_id) * FROM u)").fetchall()[0]
    t = trail.model.bulk("itcont", 2020)
    got = t.aggregate(n=t.count(), s=t.transaction_amt.sum()).to_pyarrow().to_pylist()[0]
    assert (got["n"], got["s"]) == (distinct, total)
    # the ledger says how many rows the second file shared with the first (plain SQL: rows whose SUB_ID the
    # head slice holds)
    shared = con.sql("SELECT count(*) FROM r1 WHERE sub_id IN (SELECT sub_id FROM r0)").fetchall()[0][0]
    assert shared > 0
    assert results[1].rows_already_loaded == shared
    assert "already held" in results[1].message
    ledger = {r["load_id"]: r for r in trail.loads()}
    assert ledger[results[1].load_id]["rows_already_loaded"] == shared


def test_chouake_and_norpac_to_engel_are_not_doubled(overlap, fec_dir):
    trail, _ = overlap
    from moneytrail.model import individuals

    t = individuals.individual_contributions(trail.model, 2020)
    chouake = t.filter(t.name == "CHOUAKE, BEN").transaction_amt.sum().to_pyarrow().as_py()
    assert chouake == 6400
    it = trail.model.bulk("itcont", 2020)
    norpac = it.filter((it.cmte_id == "C00247403") & (it.other_id == "C00236513")).transaction_amt.sum()
    assert norpac.to_pyarrow().as_py() == 20450
    con = _raw_union(fec_dir, ["itcont_head5000.txt", "itcont_rare_tx_types.txt"], "indiv_header_file.csv")
    assert con.sql("SELECT sum(CAST(transaction_amt AS INT)) FROM (SELECT DISTINCT ON (sub_id) * FROM u) "
                   "WHERE cmte_id = 'C00247403' AND other_id = 'C00236513'").fetchall()[0][0] == 20450


def test_itoth_overlaps_counted_once(overlap, fec_dir):
    trail, results = overlap
    names = ["itoth_head3000.txt", "itoth_rare_tx_types.txt", "itoth_ca34_related.txt"]
    con = _raw_union(fec_dir, names, "oth_header_file.csv")
    dup, distinct = con.sql("SELECT count(*) - count(DISTINCT sub_id), count(DISTINCT sub_id) FROM u").fetchall()[0]
    assert dup == 639
    t = trail.model.bulk("itoth", 2020)
    assert t.count().to_pyarrow().as_py() == distinct
    assert sum(r.rows_already_loaded for r in results[2:]) > 0


def test_replace_refuses_an_older_snapshot_and_keeps_the_loaded_rows(tmp_path, fec_dir):
    full = fec_dir / "bulk-harshavardhan" / "weball20.txt"
    early = fec_dir / EARLY / "weball20.txt"
    with Trail(tmp_path / "r.duckdb") as trail:
        trail.ingest([full])
        with pytest.raises(MoneytrailError, match="--replace") as exc:
            trail.ingest([early])
        assert "--force" in str(exc.value)
        with pytest.raises(MoneytrailError, match=r"3,980 rows for 141.*--force"):
            trail.ingest([early], replace=True)  # the advice, followed, loses nothing
        con = trail.store.con
        assert con.execute("SELECT count(*) FROM bulk_weball").fetchall()[0][0] == 3980
        assert trail.race("CA-34", 2020)["candidates"]
        (r,) = trail.ingest([early], replace=True, force=True)
        assert r.status == "loaded" and con.execute("SELECT count(*) FROM bulk_weball").fetchall()[0][0] == 141


def test_replace_with_a_later_snapshot_still_swaps(tmp_path, fec_dir):
    with Trail(tmp_path / "r.duckdb") as trail:
        trail.ingest([fec_dir / EARLY / "weball20.txt"])
        (r,) = trail.ingest([fec_dir / "bulk-harshavardhan" / "weball20.txt"], replace=True)
        assert r.status == "loaded" and r.rows_loaded == 3980


def test_a_file_whose_every_row_is_rejected_is_an_error_naming_the_kind(tmp_path, fec_dir):
    with Trail(tmp_path / "a.duckdb") as trail:
        with pytest.raises(FileFormatError, match=r"all 8,621 rows were rejected as itcont.*cn or cm"):
            trail.ingest([fec_dir / "bulk-irworkshop" / "cn22.txt"], kind="itcont", cycle=2022)
        assert trail.store.con.execute("SELECT count(*) FROM bulk_itcont").fetchall()[0][0] == 0
        assert trail.store.con.execute("SELECT status FROM loads").fetchall() == [("failed",)]
    res = CliRunner().invoke(app, ["ingest", "--db", str(tmp_path / "b.duckdb"), "--kind", "itcont", "--cycle",
                                   "2022", str(fec_dir / "bulk-irworkshop" / "cn22.txt")])
    assert res.exit_code == 1
    assert "rejected" in res.output


def test_a_folder_ingest_reports_every_file_even_when_one_fails(tmp_path, fec_dir):
    with Trail(tmp_path / "f.duckdb") as trail:
        trail.ingest([fec_dir / "bulk-harshavardhan" / "weball20.txt"])
        with pytest.raises(IngestError) as exc:
            trail.ingest([fec_dir / EARLY], cycle=2020)
        results = exc.value.results
        by_name = {r.path.rsplit("/", 1)[-1]: r for r in results}
        assert by_name["weball20.txt"].status == "failed"
        loaded = [r for r in results if r.status == "loaded"]
        assert len(loaded) >= 10  # cn, cm, ccl, itcont x2, itoth x3, itpas2, oppexp, webk, webl
        assert trail.store.con.execute("SELECT count(*) FROM loads WHERE status = 'loaded'").fetchall()[0][0] \
            == len(loaded) + 1
    res = CliRunner().invoke(app, ["ingest", "--db", str(tmp_path / "g.duckdb"), "--cycle", "2020",
                                   str(fec_dir / "bulk-harshavardhan" / "weball20.txt"), str(fec_dir / EARLY)])
    assert res.exit_code == 1
    assert "loaded" in res.output and "failed" in res.output
