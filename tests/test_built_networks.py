"""Network answers read from the built model equal the live rule, on the demo and on the real slices.

The built tables (model/networks.py, model/individuals.py) hold every registry network's attribution
rows, candidates, results and small-dollar aggregates; ``moneytrail network`` and ``candidate
--networks`` read them with plain SQL. Each answer is compared whole (figures, rows, record) with the
live rule's answer, and a few figures with plain SQL over the loaded rows.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rawsql import amount

from moneytrail.model import build as mbuild
from moneytrail.model import network_answers as na
from moneytrail.trail import Trail


def live(trail: Trail) -> Trail:
    """The same trail answering from the raw rows (the built tables ignored)."""
    trail._built_networks = lambda reg, cycle, names: (None, [])
    return trail


def sample_candidates(trail: Trail, cycle: int, extra: int = 1) -> list[str]:
    """Every candidate a registry network touched, plus a few it did not (answered with nothing)."""
    con = trail.store.con
    touched = [r[0] for r in con.execute(
        "SELECT DISTINCT cand_id FROM built_network_money WHERE cycle = ? AND cand_id IS NOT NULL ORDER BY 1",
        [cycle]).fetchall()]
    others = [r[0] for r in con.execute(
        "SELECT cand_id FROM bulk_cn WHERE cycle = ? AND NOT list_contains(?, cand_id) ORDER BY cand_id LIMIT ?",
        [cycle, touched or [""], extra]).fetchall()]
    return touched + others


def same_answers(db, cycle: int, networks: list[str] | None = None, cands: list[str] | None = None) -> int:
    """Assert built == live for every network (and the sampled candidates); returns how many were compared."""
    with Trail(db, read_only=True) as built, Trail(db, read_only=True) as raw:
        live(raw)
        keys = networks or list(built.registry().networks)
        n = 0
        for key in keys:
            got, want = built.network(key, cycle), raw.network(key, cycle)
            assert got == want, key
            n += 1
        for cid in cands if cands is not None else sample_candidates(built, cycle):
            got, want = built.candidate_networks(cid, cycle), raw.candidate_networks(cid, cycle)
            assert got == want, cid
            n += 1
        return n


@pytest.fixture(scope="module")
def demo_built(demo_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("netbuilt") / "demo.duckdb"
    shutil.copy(demo_db, db)
    with Trail(db) as trail:
        mbuild.build(trail.model)
    return db


def test_demo_network_answers_are_read_from_the_built_model(demo_built):
    with Trail(demo_built, read_only=True) as trail:
        con = trail.store.con
        reg = trail.registry()
        assert na.built_reason(con, 2024, na.registry_fingerprint(reg), na.NETWORK_TABLES) is None
        rep = trail.network("seaglass", 2024)
        assert rep["notes"] == []  # no "computed from the raw rows" note: the built tables answered
        pac = reg.get("seaglass").ids("conduit")[0]
        conduit_side = con.execute("SELECT sum(transaction_amt) FROM bulk_itcont WHERE cmte_id = ? AND "
                                   "transaction_tp = '24T'", [pac]).fetchall()[0][0]
        direct = con.execute("SELECT sum(transaction_amt) FROM bulk_itpas2 WHERE cmte_id = ? AND "
                             "transaction_tp = '24K'", [pac]).fetchall()[0][0]
        assert amount(rep["totals"]["earmarked"]) == conduit_side and amount(rep["totals"]["direct"]) == direct
        assert rep["record"]["tally"] == "backed 4, 3 won; opposed 1, 1 lost"


def test_built_answers_never_touch_the_model(demo_built):
    """Reading the built tables is plain SQL: the Ibis model is neither used nor needed."""
    with Trail(demo_built, read_only=True) as trail:
        trail.model = None  # any use would fail
        rep = trail.network("seaglass", 2024)
        cand = trail.candidate_networks(rep["candidates"][0]["cand_id"], 2024)
        assert rep["notes"] == [] and cand["notes"] == [] and cand["networks"][0]["network"] == "seaglass"


def test_demo_built_answers_equal_the_live_rule(demo_built):
    """Every registry network (the packaged ones and the demo's), every candidate they touched and a few more."""
    with Trail(demo_built, read_only=True) as trail:
        cands = sample_candidates(trail, 2024)
    assert same_answers(demo_built, 2024, cands=cands[:3] + cands[-1:]) >= 7 + 4


def test_a_registry_given_at_query_time_takes_the_live_rule(demo_built, tmp_path):
    with Trail(demo_built, read_only=True) as trail:
        pac = trail.registry().get("seaglass").ids("conduit")[0]
        extra = tmp_path / "extra.yaml"
        extra.write_text(f"""networks:
  - key: seaglass-direct
    name: Seaglass PAC gifts only (test)
    committees:
      - {{id: {pac}, name: SEAGLASS POLICY COUNCIL PAC, roles: [direct_pac], source: test fixture}}
""")
        rep = trail.network("seaglass-direct", 2024, [extra])
        direct = trail.store.con.execute("SELECT sum(transaction_amt) FROM bulk_itpas2 WHERE cmte_id = ? AND "
                                         "transaction_tp = '24K'", [pac]).fetchall()[0][0]
        assert amount(rep["totals"]["direct"]) == direct
        assert amount(rep["totals"]["earmarked"]) == 0 and rep["totals"]["earmarked"]["status"] == "known"
        assert any("registry given at query time" in n for n in rep["notes"])
        # the packaged networks under the bigger registry: the same figures as the built model's
        built_rep = trail.network("seaglass", 2024)
        with_extra = trail.network("seaglass", 2024, [extra])
        assert {k: v for k, v in with_extra.items() if k != "notes"} == {
            k: v for k, v in built_rep.items() if k != "notes"}
        cand = next(c["cand_id"] for c in built_rep["candidates"])
        assert trail.candidate_networks(cand, 2024, [extra])["networks"][0]["network"] == "seaglass"


def test_a_writable_store_builds_what_is_stale_and_a_read_only_one_answers_live(demo_db, tmp_path):
    db = tmp_path / "store.duckdb"
    shutil.copy(demo_db, db)
    with Trail(db, read_only=True) as trail:
        if na.built_reason(trail.store.con, 2024, na.registry_fingerprint(trail.registry()), na.NETWORK_TABLES):
            rep = trail.network("seaglass", 2024)
            assert any("moneytrail build" in n for n in rep["notes"])
    with Trail(db) as trail:
        rep = trail.network("seaglass", 2024)
        built = {r[0] for r in trail.store.con.execute("SELECT name FROM builds WHERE cycle = 2024").fetchall()}
        assert rep["notes"] == [] and built >= set(na.NETWORK_TABLES)


def test_definitions_are_the_rule_modules_own_words(demo_db):
    """The answers quote each rule's docstring, the one place its definition is written."""
    from moneytrail.model import earmarks, individuals, networks

    with Trail(demo_db, read_only=True) as trail:
        net = trail.network("seaglass", 2024)["definitions"]
        cand = trail.candidate_networks(net_candidate(trail), 2024)["definitions"]
    assert net["networks"] == cand["networks"] == networks.__doc__.strip()
    assert net["earmarks"] == earmarks.__doc__.strip() and cand["individuals"] == individuals.__doc__.strip()


def net_candidate(trail: Trail) -> str:
    return trail.store.con.execute("SELECT min(cand_id) FROM built_network_money WHERE cycle = 2024").fetchall()[0][0]


def test_the_read_path_imports_neither_ibis_nor_pyarrow(demo_db):
    """A cold network answer from the built model, definitions quoted from the rule modules, loads neither."""
    with Trail(demo_db, read_only=True) as trail:
        cand = net_candidate(trail)
    code = ("import sys; from moneytrail.trail import Trail\n"
            f"t = Trail({str(demo_db)!r}, read_only=True)\n"
            f"t.network('seaglass', 2024); t.candidate_networks({cand!r}, 2024)\n"
            "bad = [m for m in ('ibis', 'pyarrow') if m in sys.modules]; print(bad); sys.exit(bool(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_a_store_built_by_one_install_is_current_for_another(tmp_path, monkeypatch):
    """The packaged registry is named by its place in the package, not by where it is installed: its
    fingerprint (which decides whether the built network tables answer) is the same from a copy elsewhere."""
    from moneytrail.model import registry as mreg

    here = mreg.load()
    elsewhere = tmp_path / "site-packages" / "moneytrail" / "data" / "networks.yaml"
    elsewhere.parent.mkdir(parents=True)
    shutil.copy(mreg.default_path(), elsewhere)
    monkeypatch.setattr(mreg, "default_path", lambda: elsewhere)
    there = mreg.load()
    assert na.registry_fingerprint(there) == na.registry_fingerprint(here)
    assert {n.origin for n in there.networks.values()} == {"moneytrail/data/networks.yaml"}
    changed = tmp_path / "edited" / "networks.yaml"  # a change to the registry still changes the fingerprint
    changed.parent.mkdir()
    changed.write_text(elsewhere.read_text().replace("        verified: true", "        verified: false", 1))
    monkeypatch.setattr(mreg, "default_path", lambda: changed)
    assert na.registry_fingerprint(mreg.load()) != na.registry_fingerprint(here)


# -- the real slices --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_built(real_trail, tmp_path_factory):
    db = tmp_path_factory.mktemp("netbuilt-real") / "real.duckdb"
    real_trail.store.con.execute("CHECKPOINT")
    shutil.copy(real_trail.store.path, db)
    with Trail(db) as trail:
        mbuild.build(trail.model)
    return db


def test_real_built_answers_equal_the_live_rule(real_built):
    with Trail(real_built, read_only=True) as trail:
        cands = sample_candidates(trail, 2024)
    assert len(cands) > 5
    assert same_answers(real_built, 2024, cands=cands[:4] + cands[-1:]) >= 6 + 5
    assert same_answers(real_built, 2022, networks=["aipac", "justice-democrats"], cands=[]) == 2


def test_real_aipac_direct_gifts_from_the_built_model(real_built):
    with Trail(real_built, read_only=True) as trail:
        rep = trail.network("aipac", 2024)
        assert rep["notes"] == [n for n in rep["notes"] if "raw rows" not in n]
        pac = "C00797670"
        direct = trail.store.con.execute(
            "SELECT sum(transaction_amt) FROM bulk_itpas2 WHERE cycle = 2024 AND cmte_id = ? AND transaction_tp = "
            "'24K' AND coalesce(memo_cd, '') <> 'X'", [pac]).fetchall()[0][0]
        assert amount(rep["totals"]["direct"]) == direct == 9500


def test_a_registry_file_is_one_registry_by_any_path(tmp_path, monkeypatch):
    """The same user registry given by a relative or an absolute path has one fingerprint (so a store built
    with one answers from its built tables for the other); a different file with the same text does not."""
    from moneytrail.model import registry as mreg

    mine = tmp_path / "regs" / "networks.yaml"
    mine.parent.mkdir()
    shutil.copy(mreg.default_path(), mine)
    monkeypatch.chdir(tmp_path)
    by_relative = mreg.load([Path("regs") / "networks.yaml"], include_default=False)
    by_absolute = mreg.load([mine], include_default=False)
    assert na.registry_fingerprint(by_relative) == na.registry_fingerprint(by_absolute)
    other = tmp_path / "other.yaml"
    shutil.copy(mine, other)
    assert na.registry_fingerprint(mreg.load([other], include_default=False)) != na.registry_fingerprint(by_absolute)
