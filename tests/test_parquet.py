"""Parquet out and back in: every table, every type, every provenance column, without loss."""

from __future__ import annotations

import pytest

from moneytrail.errors import MoneytrailError
from moneytrail.store.parquet import tables
from moneytrail.trail import Trail


def test_round_trip_is_lossless(demo_db, tmp_path, fec_dir):
    out = tmp_path / "pq"
    with Trail(demo_db, read_only=True) as src:
        manifest = src.export_parquet(out)
        names = tables(src.store.con)
        assert (out / "bulk_itcont").is_dir() and any((out / "bulk_itcont").glob("cycle=2024/*.parquet"))
    with Trail(tmp_path / "copy.duckdb") as dst:
        (r,) = dst.ingest([out])
        assert r.status == "imported" and r.rows_loaded == sum(manifest["tables"].values())
        dst.store.con.execute(f"ATTACH '{demo_db}' AS src (READ_ONLY)")
        for t in names:
            a = dst.store.con.execute(f"DESCRIBE {t}").fetchall()
            b = dst.store.con.execute(f"DESCRIBE src.{t}").fetchall()
            assert a == b, t
            for left, right in ((t, f"src.{t}"), (f"src.{t}", t)):
                diff = dst.store.con.execute(f"SELECT count(*) FROM (FROM {left} EXCEPT ALL FROM {right})").fetchall()
                assert diff[0][0] == 0, (t, left)
        dst.store.con.execute("DETACH src")
        assert dst.synthetic
        rep = dst.race("CA-34", 2024)
        assert rep["candidates"] and dst.rows(rep["independent_expenditures"][0]["row_refs"])
        # a later real load gets a fresh load id, and a second import shifts ids past the first
        (more,) = dst.ingest([fec_dir / "bulk-2024-early-sandeepk97" / "webk24_fragment.txt"])
        assert more.load_id > max(x["load_id"] for x in dst.loads() if x["kind"] != "webk")
        (again,) = dst.ingest([out])
        assert "shifted by" in again.message
        ids = [x[0] for x in dst.store.con.execute("SELECT load_id FROM loads").fetchall()]
        assert len(ids) == len(set(ids))


def test_export_refuses_a_non_empty_folder(demo_db, tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("mine")
    with Trail(demo_db, read_only=True) as src, pytest.raises(MoneytrailError, match="not empty"):
        src.export_parquet(tmp_path / "x")
