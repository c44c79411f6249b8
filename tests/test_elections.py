"""Election results: every source format, the top-two and runoff rules, matching to FEC ids, results beside money."""

from __future__ import annotations

import json
import shutil

import pytest
from rawsql import amount
from typer.testing import CliRunner

from moneytrail.cli import app
from moneytrail.model import elections as me
from moneytrail.trail import Trail

HEADER = (
    "year,state,office,district,stage,special,candidate,party,votes,total_votes,county,precinct,writein,"
    "unofficial,fec_cand_id,outcome,source_share"
)


@pytest.fixture(scope="session")
def elections_dir(fec_dir):
    d = fec_dir.parent / "elections"
    if not d.is_dir():
        pytest.skip(f"real election results not found at {d}")
    return d


@pytest.fixture(scope="session")
def results_trail(tmp_path_factory, elections_dir, fec_dir):
    db = tmp_path_factory.mktemp("elections") / "e.duckdb"
    trail = Trail(db)
    loads = trail.ingest([
        elections_dir / "medsl-house",
        elections_dir / "openelections-ca",
        elections_dir / "fec-federalelections",  # the workbook and its CSV export: the same counts, once
        elections_dir / "fivethirtyeight-primary-2022",
        elections_dir / "nbc-2026-primary",
        fec_dir / "bulk-irworkshop" / "cn20.txt",
        fec_dir / "bulk-irworkshop" / "cn22.txt",
        fec_dir / "bulk-2024-early-sandeepk97" / "cn24_early.txt",
        fec_dir / "bulk-harshavardhan" / "weball22.txt",
    ])
    trail.loaded = loads
    yield trail
    trail.close()


def contest(trail, year, stage, key="CA-34"):
    (c,) = [c for c in trail.results(key, year)["contests"] if c["stage"] == stage]
    return c


def votes(c):
    return {r["cand_id"] or r["candidate"]: r["votes"] for r in c["candidates"]}


def test_every_results_file_accounts_for_every_record(results_trail):
    for r in results_trail.loaded:
        assert r.rows_read == r.rows_loaded + r.rows_rejected, r.path
    kinds = {r.kind for r in results_trail.loaded}
    assert {"medsl", "openelections", "fec_results", "fte_primary", "nbc"} <= kinds


def test_ca34_2020_general_from_medsl_and_openelections_agree(results_trail):
    c = contest(results_trail, 2020, "general")
    assert c["source_kind"] == "medsl"
    gomez, kim = c["candidates"][:2]
    assert (gomez["votes"], gomez["share"], kim["votes"]) == (108792, 52.98, 96554)
    assert gomez["cand_id"] == "H8CA34266" and gomez["result"] == "elected"
    assert kim["cand_id"] == "H0CA34131"  # the 2020 David Kim, not his 2022 or 2024 id
    assert c["margin"] == {"votes": 12238, "points": 5.96}
    (other,) = c["other_sources"]
    assert other["source_kind"] == "openelections" and other["agrees"] and other["total"] == 205346


def test_ca34_2022_and_2024_generals(results_trail):
    c22 = contest(results_trail, 2022, "general")
    assert votes(c22) == {"H8CA34266": 62244, "H2CA34079": 59223}
    assert c22["margin"]["votes"] == 3021
    assert c22["district_note"] == "new district lines after the 2020 census"
    c24 = contest(results_trail, 2024, "general")
    assert [r["votes"] for r in c24["candidates"]] == [105394, 84020]


def test_ca34_2018_top_two_primary_from_the_fec_workbook(results_trail):
    c = contest(results_trail, 2018, "primary")
    assert c["source_kind"] == "fec_results" and c["rule"] == "top_two"
    assert votes(c) == {"H8CA34266": 54661, "H6CA34237": 8987, "H8CA34324": 5804}
    assert [r["cand_id"] for r in c["candidates"] if r["result"] == "advanced"] == ["H8CA34266", "H6CA34237"]
    assert c["total_votes"] == 69452  # from the district subtotal row
    assert len(c["load_ids"]) == 1  # workbook and CSV export: one counted


def test_ca34_2026_unofficial_primary_advances_gomez_and_gonzales_torres(results_trail):
    c = contest(results_trail, 2026, "primary")
    advanced = [r["candidate"] for r in c["candidates"] if r["result"] == "advanced"]
    assert advanced == ["Jimmy Gomez", "Angela Gonzales-Torres"]
    assert "unofficial results" in c["notes"]
    assert c["district_note"].startswith("new district lines under Proposition 50")


def test_fivethirtyeight_primary_combines_party_files_and_keeps_its_call(results_trail):
    c = contest(results_trail, 2022, "primary")
    assert c["source_kind"] == "fte_primary" and len(c["load_ids"]) == 2
    assert [(r["candidate"], r["result"]) for r in c["candidates"]] == [
        ("Jimmy Gomez", "advanced"), ("David Kim", "advanced"), ("Clifton Rio Torrado VonBuck", None)]


def test_matching_accuracy_against_the_workbook_ids(results_trail):
    acc = me.matching_accuracy(results_trail.model, 2018)
    printed = acc["variants"]["as printed"]
    assert printed["rows"] > 2000
    assert printed["precision"] >= 0.98
    assert printed["recall"] >= 0.85
    assert acc["variants"]["FIRST LAST"]["precision"] >= 0.98


def _own_csv(tmp_path, name, rows):
    p = tmp_path / name
    p.write_text(HEADER + "\n" + "\n".join(rows) + "\n")
    return p


def test_top_two_ties_and_same_party_finalists(tmp_path):
    p = _own_csv(tmp_path, "ca12.csv", [
        "2024,CA,H,12,primary,false,ANNA ONE,DEM,500,,,,false,false,,,",
        "2024,CA,H,12,primary,false,BEN TWO,DEM,300,,,,false,false,,,",
        "2024,CA,H,12,primary,false,CARA THREE,REP,300,,,,false,false,,,",  # tied for second: both advance
        "2024,CA,H,12,primary,false,DAN FOUR,REP,100,,,,false,false,,,",
        "2024,WA,H,09,primary,false,ED FIVE,DEM,700,,,,false,false,,,",
        "2024,WA,H,09,primary,false,FAY SIX,DEM,600,,,,false,false,,,",  # two Democrats meet in November
        "2024,WA,H,09,primary,false,GUS SEVEN,REP,500,,,,false,false,,,",
    ])
    with Trail(tmp_path / "t.duckdb") as trail:
        (r,) = trail.ingest([p])
        assert r.kind == "results_csv" and r.rows_loaded == 7
        ca = contest(trail, 2024, "primary", "CA-12")
        assert [x["candidate"] for x in ca["candidates"] if x["result"] == "advanced"] == [
            "ANNA ONE", "BEN TWO", "CARA THREE"]
        wa = contest(trail, 2024, "primary", "WA-09")
        finalists = [x for x in wa["candidates"] if x["result"] == "advanced"]
        assert [x["party"] for x in finalists] == ["DEM", "DEM"]


def test_runoff_rules(tmp_path):
    p = _own_csv(tmp_path, "runoffs.csv", [
        "2022,GA,S,00,general,false,PAT ALPHA,DEM,490,1000,,,false,false,,,",
        "2022,GA,S,00,general,false,LEE BETA,REP,480,1000,,,false,false,,,",
        "2022,GA,S,00,general,false,KIM GAMMA,LIB,30,1000,,,false,false,,,",
        "2022,TX,H,28,primary,false,ONE A,DEM,45,,,,false,false,,,",
        "2022,TX,H,28,primary,false,TWO B,DEM,40,,,,false,false,,,",
        "2022,TX,H,28,primary,false,THREE C,DEM,15,,,,false,false,,,",
        "2022,TX,H,28,primary,false,SOLO R,REP,80,,,,false,false,,,",
        "2022,NY,H,10,primary,false,X ONE,DEM,40,,,,false,false,,,",
        "2022,NY,H,10,primary,false,Y TWO,DEM,35,,,,false,false,,,",
    ])
    with Trail(tmp_path / "t.duckdb") as trail:
        trail.ingest([p])
        ga = contest(trail, 2022, "general", "GA-SEN")
        assert ga["rule"] == "majority"
        assert [x["result"] for x in ga["candidates"]] == ["runoff", "runoff", None]
        tx = contest(trail, 2022, "primary", "TX-28")
        assert {x["candidate"]: x["result"] for x in tx["candidates"]} == {
            "ONE A": "runoff", "TWO B": "runoff", "THREE C": None, "SOLO R": "nominee"}
        ny = contest(trail, 2022, "primary", "NY-10")
        assert ny["rule"] == "party_primary" and ny["candidates"][0]["result"] == "nominee"


def test_bad_results_lines_are_counted(tmp_path):
    p = _own_csv(tmp_path, "bad.csv", [
        "2024,CA,H,12,general,false,ANNA ONE,DEM,five hundred,,,,false,false,,,",  # kept, raw votes, warning
        "20X4,CA,H,12,general,false,BEN TWO,DEM,300,,,,false,false,,,",  # no year: rejected
        "2024,CA,H,12,general,false,CARA THREE,REP,300,,,,maybe,false,,,",  # bad flag: kept, warning
    ])
    with Trail(tmp_path / "t.duckdb") as trail:
        (r,) = trail.ingest([p])
        assert (r.rows_read, r.rows_loaded, r.rows_rejected, r.rows_warned) == (3, 2, 1, 2)


def test_results_cli_and_race_report(results_trail, tmp_path):
    results_trail.store.con.execute("CHECKPOINT")
    db = tmp_path / "copy.duckdb"  # the CLI opens its own read-only connection: a copy avoids the writer's lock
    shutil.copy(results_trail.store.path, db)
    runner = CliRunner()
    out = runner.invoke(app, ["results", "CA-34", "--year", "2022", "--db", str(db), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["contests"][-1]["margin"]["votes"] == 3021
    out = runner.invoke(app, ["results", "CA-34", "--year", "1990", "--db", str(db)])
    assert out.exit_code == 0 and "ESTEBAN EDWARD TORRES" in out.output
    out = runner.invoke(app, ["results", "CA-34", "--year", "2023", "--db", str(db)])
    assert out.exit_code == 1 and "years with results" in out.output
    rep = results_trail.race("CA-34", 2022)
    gen = [c for c in rep["results"] if c["stage"] == "general"][0]
    gomez = gen["candidates"][0]
    assert gomez["cand_id"] == "H8CA34266"
    assert gomez["receipts"]["status"] == "known"
    assert amount(gomez["dollars_per_vote"]) == (amount(gomez["receipts"]) / 62244).quantize(amount("0.01"))


def test_review_cases_party_primaries_footnotes_blanks_and_runoffs(results_trail):
    ny24 = contest(results_trail, 2018, "primary", "NY-24")
    nominees = {(r["candidate"], r["party"]) for r in ny24["candidates"] if r["result"] == "nominee"}
    assert ("Balter, Dana", "D") in nominees and not any(n.startswith("Williams") for n, _ in nominees)
    ny01 = contest(results_trail, 2018, "general", "NY-01")
    assert ny01["margin"]["votes"] == 11036  # 'Gershon, Perry  #' is the same person
    ma01 = contest(results_trail, 2020, "general", "MA-01")
    assert all(r["candidate"] not in ("UNDERVOTES", "WRITEIN") for r in ma01["candidates"])
    assert any("UNDERVOTES" in n for n in ma01["notes"])
    ga07 = contest(results_trail, 2018, "runoff", "GA-07")
    assert ga07["candidates"][0]["result"] == "nominee"
