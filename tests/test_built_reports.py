"""The built model answers as the live rules do: every member row, run, committee set, gift, outside
spending row and contest read back with plain SQL equals the Ibis rule computed on the spot, on the
demo and on the real slices across every loaded cycle; a stale store rebuilds, saying why."""

from __future__ import annotations

import random
import shutil

import duckdb
import pytest

from moneytrail.encoding import plain
from moneytrail.errors import MoneytrailError
from moneytrail.model import build as mbuild
from moneytrail.model import candidates as mc
from moneytrail.model import contributions as mcontrib
from moneytrail.model import elections as melections
from moneytrail.model import filings as mfilings
from moneytrail.model import ies as mies
from moneytrail.model import persons as mpersons
from moneytrail.model.base import records
from moneytrail.model.keys import RaceKey
from moneytrail.store import built
from moneytrail.trail import Trail

SAMPLE = 2  # races, persons and committees per cycle on the real slices, beside the named ones


def _sorted_refs(rows: list[dict]) -> list[dict]:
    """Rows with their reference lists in one order (a list aggregate has none), in one row order."""
    out = [{k: sorted(v) if isinstance(v, list) else v for k, v in plain(r).items()} for r in rows]
    return sorted(out, key=lambda r: repr(sorted(r.items())))


def _without_raw(row: dict | None) -> dict | None:
    """A live member row as the built model stores it: its figures, not the raw summary columns."""
    return None if row is None else {k: v for k, v in row.items() if k not in dict(mc.SUMMARY_FIGURES)}


def _races(con, cycle: int) -> list[RaceKey]:
    rows = con.execute("SELECT DISTINCT office, state, district FROM built_members WHERE cycle = ? ORDER BY ALL",
                       [cycle]).fetchall()
    return [RaceKey(*r) for r in rows]


def _sample(items: list, n: int, must: list) -> list:
    rest = [i for i in items if i not in must]
    return [*[i for i in must if i in items], *random.Random(7).sample(rest, min(n, len(rest)))]


def _check_store(trail: Trail, n: int | None, cycles: list[int] | None = None) -> int:
    """Every (or a sample of) race and run of every loaded cycle (or of ``cycles``), built against live;
    returns how many were compared."""
    m, con = trail.model, trail.con
    assert mbuild.stale(m) == [], "ingest builds the model"
    checked = 0
    for cycle in cycles or mbuild.loaded_cycles(m):
        races = _races(con, cycle)
        must = [RaceKey.parse(k) for k in ("CA-34", "CA-SEN", "PRES")]
        for race in races if n is None else _sample(races, n, must):
            members = mc.race_members(m, race, cycle)
            assert plain(mc.read_members(con, race, cycle)) == plain([_without_raw(c) for c in members]), (race, cycle)
            ids = [i for c in members for i in mc._run_ids(c)]
            assert _sorted_refs(mc.read_committees(con, mc.race_group(race), cycle)) == _sorted_refs(
                records(mc.candidate_committees(m, ids, cycle))), (race, cycle)
            live = records(mcontrib.by_giver(m, mcontrib.to_candidates(m, ids, cycle), cycle))
            assert _sorted_refs(mcontrib.read_gifts(con, ids, cycle)) == _sorted_refs(live), (race, cycle)
            assert _sorted_refs(mies.read_by_spender(con, cycle, cand_ids=ids)) == _sorted_refs(
                records(mies.by_spender(m, cycle, cand_ids=ids))), (race, cycle)
            for year in (cycle - 1, cycle):
                assert plain(melections.read_contests(con, race, cycle, [year])) == plain(
                    melections.contests(m, race, year)), (race, year)
            checked += 1
        ids = [r[0] for r in con.execute("SELECT unnest(cand_ids) FROM built_runs WHERE cycle = ? ORDER BY 1",
                                         [cycle]).fetchall()]
        multi = [r[0] for r in con.execute("SELECT cand_ids[1] FROM built_runs WHERE cycle = ? AND len(cand_ids) > 2 "
                                           "ORDER BY 1 LIMIT 2", [cycle]).fetchall()]
        for cand_id in ids if n is None else _sample(ids, n, ["H8CA34266", "H2CA47196", *multi]):
            run, cn_ref = mc.read_run(con, cand_id, cycle)
            assert plain(run) == plain(_without_raw(mc.candidate_member(m, cand_id, cycle))), (cand_id, cycle)
            if run is not None:
                live_cn = records(mc.candidate_row(m, run["cand_id"], cycle))
                assert cn_ref == (live_cn[0]["row_ref"] if live_cn else None)
            assert mpersons.read_person_of(con, cand_id) == mpersons.person_of(m, cand_id)
            if run is not None:
                assert _sorted_refs(mc.read_committees(con, f"run:{run['cand_id']}", cycle)) == _sorted_refs(
                    records(mc.candidate_committees(m, mc._run_ids(run), cycle))), (cand_id, cycle)
            checked += 1
        for (cmte_id,) in con.execute("SELECT DISTINCT cmte_id FROM built_given WHERE cycle = ? ORDER BY 1 LIMIT ?",
                                      [cycle, n or 8]).fetchall():
            assert _sorted_refs(mcontrib.read_given(con, cmte_id, cycle)) == _sorted_refs(
                records(mcontrib.from_committee(m, cmte_id, cycle))), (cmte_id, cycle)
            assert _sorted_refs(mies.read_by_spender(con, cycle, spender=cmte_id)) == _sorted_refs(
                records(mies.by_spender(m, cycle, spender=cmte_id))), (cmte_id, cycle)
        f = mfilings.filings(m)
        for (filer,) in con.execute("SELECT DISTINCT filer_id FROM built_filings WHERE cycle = ?", [cycle]).fetchall():
            live = records(f.filter((f.filer_id == filer) & (f.cycle == cycle)).select(*mfilings.FILING_LIST)
                           .order_by("filing_id"))
            assert plain(mfilings.read_filings_of(con, filer, cycle)) == plain(live)
    assert plain(mpersons.read_index(con).persons) == plain(mpersons.index(m).persons)
    return checked


def test_demo_reads_equal_the_live_rules(demo_db):
    with Trail(demo_db, read_only=True) as trail:
        assert _check_store(trail, None) > 20


def test_real_slices_read_equal_the_live_rules(real_trail):
    """2022 and 2024 (the named races and persons, and a sample)."""
    assert _check_store(real_trail, SAMPLE) >= 12


def test_every_cycle_reads_equal_the_live_rules(every_cycle_trail):
    """2020 (the cycle the other real store lacks), and the person index over every cycle."""
    assert _check_store(every_cycle_trail, SAMPLE, [2020]) >= 4


def test_the_ledger_records_the_loads_each_table_was_built_from(real_trail):
    con = real_trail.con
    ledger = {(r["name"], r["cycle"]): r for r in built.ledger(con)}
    for cycle in built.loaded_cycles(con):
        loads = [r[0] for r in con.execute(
            "SELECT load_id FROM loads WHERE status = 'loaded' AND kind IN ('cn', 'ccl', 'cm', 'weball', 'webl') "
            "AND (cycle = ? OR cycle IS NULL) ORDER BY 1", [cycle]).fetchall()]
        assert ledger[("members", cycle)]["inputs"] == loads
        assert ledger[("members", cycle)]["rows_built"] == con.execute(
            "SELECT count(*) FROM built_members WHERE cycle = ?", [cycle]).fetchall()[0][0]
    everything = [r[0] for r in con.execute(
        "SELECT load_id FROM loads WHERE status = 'loaded' AND kind IN ('cn', 'ccl', 'cm', 'weball', 'webl') "
        "ORDER BY 1").fetchall()]
    assert ledger[("persons", 0)]["inputs"] == everything


@pytest.fixture()
def demo_copy(demo_db, tmp_path):
    db = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, db)
    return db


def test_a_store_of_an_older_version_rebuilds_with_its_message(demo_copy, capsys):
    with duckdb.connect(str(demo_copy)) as con:
        con.execute("UPDATE builds SET version = '0.1' WHERE name = 'members'")
    with Trail(demo_copy, read_only=True) as trail:
        rep = trail.race("CA-34", 2024)
        assert rep["candidates"] and mbuild.stale(trail.con) == []
    err = capsys.readouterr().err
    assert "building the model for 2024: members was built by another version of moneytrail (0.1" in err


def test_a_stale_store_rebuilds_before_it_answers(demo_copy, capsys):
    """itpas2 replaced behind the model's back: the read-only CLI path rebuilds, and the committee money
    then says not loaded (never the old figures, never $0)."""
    with Trail(demo_copy, read_only=True) as trail:
        before = trail.race("CA-34", 2024)["candidates"][0]["committee_money"]["contribution"]
    assert before["status"] in ("known", "partial")
    with duckdb.connect(str(demo_copy)) as con:
        con.execute("UPDATE loads SET status = 'replaced' WHERE kind = 'itpas2'")
    with Trail(demo_copy, read_only=True) as trail:
        after = trail.race("CA-34", 2024)["candidates"][0]["committee_money"]["contribution"]
    assert after["status"] == "not_loaded" and "pas2" in after["missing"]
    assert "files were loaded or replaced since" in capsys.readouterr().err


def test_a_stale_store_that_cannot_be_written_says_how_to_build(demo_copy):
    with duckdb.connect(str(demo_copy)) as con:
        con.execute("UPDATE builds SET version = '0.1' WHERE name = 'gifts'")
    keeper = duckdb.connect(str(demo_copy), read_only=True)  # holds the file read-only in this process
    try:
        with Trail(demo_copy, read_only=True) as trail, pytest.raises(MoneytrailError) as exc:
            trail.race("CA-34", 2024)
        assert "moneytrail build --db" in str(exc.value) and "another version" in str(exc.value)
        assert "\n" not in str(exc.value)
    finally:
        keeper.close()


def test_reports_read_without_ibis(demo_db):
    """A cold report process never imports Ibis: the built model is plain SQL."""
    import subprocess
    import sys

    code = ("import sys; from moneytrail.trail import Trail\n"
            f"t = Trail({str(demo_db)!r}, read_only=True)\n"
            "c = t.race('CA-34', 2024)['candidates'][0]\n"
            "t.candidate(c['cand_id'], 2024); t.career(c['cand_id'])\n"
            "t.committee(c['committees'][0]['cmte_id'], 2024)\n"
            "t.persons(c['name'].split(',')[0])\n"
            "print(sorted(m for m in ('ibis', 'pyarrow') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stderr


def test_build_command_builds_only_what_is_stale(demo_copy):
    import json

    from typer.testing import CliRunner

    from moneytrail.cli import app

    first = CliRunner().invoke(app, ["build", "--db", str(demo_copy)])
    assert first.exit_code == 0 and "the built model is current" in first.stdout
    with duckdb.connect(str(demo_copy)) as con:
        con.execute("UPDATE builds SET version = '0.1' WHERE name = 'gifts'")
    again = CliRunner().invoke(app, ["build", "--db", str(demo_copy), "--cycle", "2024", "--json"])
    assert again.exit_code == 0, again.output
    assert [(o["name"], o["cycle"]) for o in json.loads(again.stdout)] == [("gifts", 2024)]
