"""The built model's machinery: build what is stale, record it, read it back with plain SQL."""

from __future__ import annotations

import shutil

import ibis
import pytest

from moneytrail.model import build as mbuild
from moneytrail.store import built
from moneytrail.trail import Trail


@pytest.fixture()
def toy(monkeypatch):
    """A registry holding two toy derived tables (the second reads the first), instead of the real ones."""
    monkeypatch.setattr(mbuild, "_REGISTRY", {})
    monkeypatch.setattr(mbuild, "DEFINITION_MODULES", ())

    @mbuild.derived("toy_gifts", inputs=("itpas2",))
    def toy_gifts(m, cycle):
        t = m.bulk("itpas2", cycle)
        return t.group_by("cmte_id").agg(amount=t.transaction_amt.sum(), n=t.count())

    @mbuild.derived("toy_top", inputs=("itpas2",), after=("toy_gifts",))
    def toy_top(m, cycle):
        t = m.ib.table("built_toy_gifts")
        return t.filter(t.cycle == cycle).order_by(ibis.desc("amount")).limit(3).drop("cycle")

    return mbuild


def test_build_records_reads_and_refreshes_only_what_is_stale(toy, demo_db, tmp_path):
    db = tmp_path / "store.duckdb"
    shutil.copy(demo_db, db)
    with Trail(db) as trail:
        m = trail.model
        assert {s.name for s in toy.stale(m)} == {"toy_gifts", "toy_top"}
        first = toy.build(m)
        assert [(o.name, o.cycle) for o in first] == [("toy_gifts", 2024), ("toy_top", 2024)]
        expected = dict(m.con.execute(
            "SELECT cmte_id, sum(transaction_amt) FROM bulk_itpas2 WHERE cycle = 2024 GROUP BY 1").fetchall())
        rows = built.read(m.con, "toy_gifts", 2024)
        assert {r["cmte_id"]: r["amount"] for r in rows} == expected
        assert [r["amount"] for r in built.read(m.con, "toy_top", 2024, order_by="amount DESC")] == sorted(
            expected.values(), reverse=True)[:3]
        ledger = {r["name"]: r for r in built.ledger(m.con)}
        loads = [r[0] for r in m.con.execute(
            "SELECT load_id FROM loads WHERE kind = 'itpas2' AND status = 'loaded'").fetchall()]
        assert ledger["toy_gifts"]["inputs"] == loads and ledger["toy_gifts"]["rows_built"] == len(expected)
        assert toy.build(m) == [] and toy.stale(m) == []  # nothing changed: nothing rebuilt

        # a new definition version makes the table and its dependant stale, with the reason
        old = toy._REGISTRY["toy_gifts"]
        toy._REGISTRY["toy_gifts"] = mbuild.Derived(**{**old.__dict__, "version": 2})
        (why,) = [s.reason for s in toy.stale(m) if s.name == "toy_gifts"]
        assert "another version" in why
        assert [o.name for o in toy.build(m)] == ["toy_gifts", "toy_top"]

        # a load of an input kind makes the cycle stale
        m.con.execute("UPDATE loads SET status = 'replaced' WHERE kind = 'itpas2'")
        assert {s.name for s in toy.stale(m)} == {"toy_gifts", "toy_top"}
        assert "loaded or replaced" in toy.stale(m)[0].reason


def test_a_store_without_the_ledger_says_how_to_build(tmp_path):
    import duckdb

    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    st = built.state(con, "members", 2024, "1.1", ("cn",))
    assert not st.current and "moneytrail build" in st.reason


def test_spark_style_parquet_reads_through_the_same_names(toy, demo_db, tmp_path):
    import duckdb

    with Trail(demo_db, read_only=True) as trail:
        outs = toy.build_parquet(trail.model, tmp_path, [2024])
        assert [o.name for o in outs] == ["toy_gifts", "toy_top"]
        expected = sorted(r[0] for r in trail.model.con.execute(
            "SELECT sum(transaction_amt) FROM bulk_itpas2 WHERE cycle = 2024 GROUP BY cmte_id").fetchall())
    con = duckdb.connect()
    assert built.attach_parquet(con, tmp_path) == ["toy_gifts", "toy_top"]
    assert sorted(r["amount"] for r in built.read(con, "toy_gifts", 2024)) == expected
    assert [r["amount"] for r in built.read(con, "toy_top", 2024, order_by="amount DESC")] == expected[::-1][:3]


def test_coverage_from_the_built_model_equals_the_live_rule(real_trail):
    """Every kind's status, files and end date, read with plain SQL, as the model computes them live."""
    from moneytrail.model import coverage as mcov

    m = real_trail.model
    mbuild.build(m, names=["coverage"])
    for cycle in mbuild.loaded_cycles(m):
        read = mcov.read_sources(m.con, cycle)
        for kind in mcov.KINDS:
            assert read[kind] == mcov.source(m, kind, cycle), (kind, cycle)
        assert read["ie"] == mcov.ie_source(m, cycle)
