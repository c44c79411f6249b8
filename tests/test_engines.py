"""The same model on DuckDB and on Spark (over a Parquet export) gives the same figures.

One set of tests, parametrised over the engines; Spark runs in local mode on small data.
"""

from __future__ import annotations

import shutil

import pytest
from rawsql import amount

from moneytrail.trail import Trail

ENGINES = ["duckdb", "spark"]


@pytest.fixture(scope="session")
def spark_session():
    pytest.importorskip("pyspark", reason="pyspark is not installed (it is in the test extras)")
    if not shutil.which("java"):
        pytest.skip("Java is not installed (./run test installs openjdk-17-jre-headless)")
    from moneytrail.model.engines import spark_session as make

    session = make()
    yield session
    session.stop()


@pytest.fixture(scope="session")
def real_db(tmp_path_factory, fec_dir):
    db = tmp_path_factory.mktemp("engines") / "real.duckdb"
    s = fec_dir / "bulk-2024-early-sandeepk97"
    with Trail(db) as trail:
        trail.ingest([s / "cn24_early.txt", s / "cm24_early.txt", s / "ccl24_early.txt", s / "itpas2_24_early.txt",
                      fec_dir / "bulk-harshavardhan" / "weball24.txt"])
    return db


def _open(engine: str, db, tmp_path_factory, request):
    if engine == "duckdb":
        return Trail(db, read_only=True)
    session = request.getfixturevalue("spark_session")
    out = tmp_path_factory.mktemp("pq") / "export"
    with Trail(db, read_only=True) as src:
        src.export_parquet(out)
    return Trail.on_spark(out, session)


@pytest.fixture(scope="session", params=ENGINES)
def demo_engine(request, demo_db, tmp_path_factory):
    trail = _open(request.param, demo_db, tmp_path_factory, request)
    yield trail
    trail.close()


@pytest.fixture(scope="session", params=ENGINES)
def real_engine(request, real_db, tmp_path_factory):
    trail = _open(request.param, real_db, tmp_path_factory, request)
    yield trail
    trail.close()


def figures(rep: dict) -> dict:
    """A race report reduced to its figures and the rows behind them, order-free."""
    return {
        "candidates": {c["cand_id"]: (c["summary"], c["outside"], c["summary_ref"]) for c in rep["candidates"]},
        "committee_money": sorted(
            (g["to_cand_id"], g["cmte_id"], g["category"], g["amount"], g["rows"], tuple(sorted(g["row_refs"])))
            for g in rep["committee_money"]),
        "ies": sorted(
            (r["cand_id"], r["spe_id"], r["support_oppose"], r["amount"], r["notices"], r["superseded"],
             r["superseded_amount"], tuple(sorted(r["row_refs"])))
            for r in rep["independent_expenditures"]),
    }


@pytest.fixture(scope="session")
def demo_reference(demo_db):
    with Trail(demo_db, read_only=True) as trail:
        return figures(trail.race("CA-34", 2024))


def test_demo_race_figures_are_identical(demo_engine, demo_reference):
    rep = demo_engine.race("CA-34", 2024)
    assert figures(rep) == demo_reference
    assert rep["synthetic"] is True


def test_ie_notices_agree_with_the_spenders_summary(demo_engine):
    """Amendments resolved, a spender's current notices add up to its webk independent expenditures."""
    rep = demo_engine.race("CA-34", 2024)
    spender = rep["independent_expenditures"][0]["spe_id"]
    com = demo_engine.committee(spender, 2024)
    assert sum(amount(r["amount"]) for r in com["independent_expenditures"]) == amount(com["summary"]["ind_exp"])
    assert sum(r["superseded"] for r in com["independent_expenditures"]) >= 1


def test_real_candidate_figures(real_engine):
    rep = real_engine.candidate("H8CA34266", 2024)
    assert amount(rep["summary"]["ttl_receipts"]) == amount("2245652.60")
    assert rep["pcc"] == "C00629659"
    amounts = sorted(amount(g["amount"]) for g in rep["committee_money"])
    assert sum(amounts) == 42500 and any("H7CA34011" in q for g in rep["committee_money"] for q in g["quirks"])
    rows = real_engine.rows(rep["committee_money"][0]["row_refs"])
    assert rows["bulk_itpas2"][0]["other_id"] == "C00629659"


def _edits(a: str, b: str) -> int:
    """Levenshtein distance, written out here so the expected suggestions do not come from DuckDB's."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]


def test_unknown_ids_say_did_you_mean_on_both_engines(real_engine, real_db):
    """One rule for "did you mean" (Trail._id_suggestions, plain SQL): the ids within two edits, nearest
    first, at most five; an id filed in other cycles says which. Expected: every id of the raw files,
    its distance computed in Python."""
    import duckdb

    from moneytrail.errors import NotFound

    con = duckdb.connect(str(real_db), read_only=True)
    cands = {r[0] for r in con.execute("SELECT DISTINCT cand_id FROM bulk_cn").fetchall()}
    cmte_cycles = con.execute("SELECT list_sort(list_distinct(list(cycle))) FROM bulk_cm "
                              "WHERE cmte_id = 'C00629659'").fetchall()[0][0]
    cmtes = {r[0] for r in con.execute("SELECT DISTINCT cmte_id FROM bulk_cm").fetchall()}
    con.close()

    def near(asked: str, ids: set[str]) -> list[str]:
        return sorted((i for i in ids if _edits(i, asked) <= 2), key=lambda i: (_edits(i, asked), i))[:5]

    asked = "H8CA34267"
    expected = near(asked, cands)
    assert "H8CA34266" in expected
    for ask in (lambda: real_engine.candidate(asked, 2024), lambda: real_engine.require_candidate(asked, 2024)):
        with pytest.raises(NotFound) as exc:
            ask()
        assert exc.value.suggestions == expected
    with pytest.raises(NotFound) as exc:  # a committee of 2024 asked for in 2022
        real_engine.committee("C00629659", 2022)
    assert cmte_cycles == [2024]
    assert exc.value.suggestions == ["C00629659 in cycle 2024", *near("C00629659", cmtes - {"C00629659"})][:5]


def test_network_figures_agree(demo_engine, demo_db):
    """Earmark pairing, direct gifts and IEs of the synthetic network: the same figures and rows on both engines."""
    rep = demo_engine.network("seaglass", 2024)
    with Trail(demo_db, read_only=True) as ref:
        expected = ref.network("seaglass", 2024)
    def key(r):
        return {c["cand_id"]: (c["direct"], c["earmarked"], c["ie_support"], c["ie_oppose"],
                               sorted(c["earmarked_refs"]), sorted(c["direct_refs"])) for c in r["candidates"]}
    assert key(rep) == key(expected) and rep["totals"] == expected["totals"]
    assert amount(rep["totals"]["earmarked"]) > 0


def test_demo_timeline_and_outside_by_day_are_identical(demo_engine, demo_db):
    """The built timeline tables (model/timeline.py) and outside spending per day, computed by each engine."""
    rep = demo_engine.timeline("CA-34", 2024)
    ids = [c["cand_id"] for c in rep["candidates"]]
    with Trail(demo_db, read_only=True) as ref:
        expected = ref.timeline("CA-34", 2024)
        days = ref.outside_by_day(2024, ids)
    assert rep["total_entries"] == expected["total_entries"] > 0
    assert rep["entries"] == expected["entries"] and rep["committees"] == expected["committees"]

    def by_day(rows):
        return sorted((r["day"], r["cand_id"], r["support_oppose"], r["amount"], r["notices"], sorted(r["row_refs"]))
                      for r in rows)

    assert by_day(demo_engine.outside_by_day(2024, ids)) == by_day(days)
