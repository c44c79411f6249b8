"""Figures a journalist can publish (issue 13), on the real slices: every figure right, or visibly unknown.

Expected values come from the issue and from plain SQL over the raw files (tests/rawsql.py).
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

import duckdb
import pytest
from rawsql import WEBALL_COLUMNS, raw_bulk
from typer.testing import CliRunner

from moneytrail.cli import app
from moneytrail.model.figures import Coverage, Figure, Status, show
from moneytrail.model.keys import RaceKey
from moneytrail.trail import Trail

FLOAT_ARTEFACT = re.compile(r"\d\.\d*0000000\d|\d\.\d*9999999\d")


@pytest.fixture(scope="module")
def trail(every_cycle_trail, fec_dir):
    """Every cycle's masters and summaries, plus the MEDSL House results."""
    elections = fec_dir.parent / "elections" / "medsl-house"
    if not elections.is_dir():
        pytest.skip(f"election results not found at {elections}")
    if not every_cycle_trail.model.ib.table("results").count().to_pyarrow().as_py():
        every_cycle_trail.ingest([elections])
    return every_cycle_trail


@pytest.fixture(scope="module")
def db_copy(trail, tmp_path_factory):
    """A copy of the store for the CLI (the fixture holds the store open for writing)."""
    trail.store.con.execute("CHECKPOINT")
    db = tmp_path_factory.mktemp("figcli") / "copy.duckdb"
    db.write_bytes(trail.store.path.read_bytes())
    return db


def member(rep, cand_id):
    (c,) = [c for c in rep["candidates"] if c["cand_id"] == cand_id or
            any(o["cand_id"] == cand_id and o["in_race"] for o in c["other_ids"])]
    return c


# -- the typed figure -------------------------------------------------------------------------------

def test_figure_json_is_exact_and_round_trips():
    f = Figure.known(Decimal("10382.72"), "receipts", Coverage(("weball24.txt",), None, date(2024, 12, 31)),
                     ["bulk_weball:7:1"])
    assert f.to_json()["amount"] == "10382.72"
    assert Figure.from_json(json.loads(json.dumps(f.to_json()))) == f
    assert Figure.known(0.1 + 0.2).amount == Decimal("0.30")  # a float goes through its repr, then cents


def test_statuses_render_as_what_they_are():
    assert show(Figure.not_loaded("Independent expenditures, 2024: independent_expenditure_2024.csv")) == \
        "not loaded (Independent expenditures, 2024: independent_expenditure_2024.csv)"
    part = Figure.partial(42500, Coverage(("itpas2_24_early.txt",), None, date(2023, 3, 31)))
    assert show(part) == "$42,500.00 (partial: through 2023-03-31)"
    assert part.short() == "$42,500.00 (partial)" and "itpas2_24_early.txt" in part.footnote()
    assert show(Figure.not_applicable("x", "counted under S4CA00555")) == "n/a"
    assert show(None) == "—" and show("6400.00") == "$6,400.00"


# -- money dropped from race reports ------------------------------------------------------------------

@pytest.mark.parametrize("race,cycle,cand_id,receipts", [
    ("NV-03", 2020, "H6NV04020", "4797552.81"),   # Susie Lee: cm names H8NV03200, which has no summary
    ("OH-04", 2022, "H2OH04164", "170439.40"),
    ("WA-05", 2022, "H2WA05097", "191226.38"),
    ("AZ-04", 2024, "H6AZ09010", "191173.80"),
])
def test_a_race_members_summary_money_shows(trail, race, cycle, cand_id, receipts):
    c = member(trail.race(race, cycle), cand_id)
    fig = c["summary"]["ttl_receipts"]
    assert fig["status"] == "known" and fig["amount"] == receipts
    assert fig["row_refs"] and trail.rows(fig["row_refs"])["bulk_weball"][0]["ttl_receipts"] == receipts


def test_no_race_member_loses_its_summary_to_another_id_without_one(trail, fec_dir):
    """Plain SQL over every loaded weball file: every House candidate with receipts in the seats of a
    few states; each one's money shows in its race as known, or is n/a because the same figures are
    counted under another id of the person that has them."""
    con = duckdb.connect()
    expected = []
    for yy, cycle in (("20", 2020), ("22", 2022), ("24", 2024)):
        raw_bulk(con, fec_dir / "bulk-harshavardhan" / f"weball{yy}.txt", WEBALL_COLUMNS).create_view("w")
        expected += [(cycle, *r) for r in con.sql("""
            SELECT cand_office_st, lpad(cand_office_district, 2, '0'), cand_id, CAST(ttl_receipts AS DECIMAL(14,2))
            FROM w WHERE cand_id LIKE 'H%' AND cand_office_st IN ('NV', 'AZ')
              AND CAST(ttl_receipts AS DECIMAL(14,2)) > 0""").fetchall()]
    assert len(expected) > 60
    from moneytrail.model.candidates import race_members

    races: dict = {}
    blanked = []
    for cycle, st, dist, cand_id, receipts in expected:
        key = (f"{st}-{dist}", cycle)
        if key not in races:
            races[key] = race_members(trail.model, RaceKey.parse(key[0]), cycle)
        rows = [c for c in races[key] if c["cand_id"] == cand_id]
        shown = {c["summary"]["ttl_receipts"].amount for c in races[key]}
        if rows and rows[0]["summary"]["ttl_receipts"].status is Status.NOT_APPLICABLE:
            twin = rows[0]["counted_under"]
            assert any(o["cand_id"] == twin and o["identical"] for o in rows[0]["other_ids"])
            continue
        if receipts not in shown and not _newer_for_same_person(races[key], cand_id):
            blanked.append((key, cand_id, receipts))
    assert blanked == []


def _newer_for_same_person(members, cand_id):
    """An older summary row of a person whose row shows a later one of the same committee."""
    return any(o["cand_id"] == cand_id and o["in_race"] for c in members for o in c["other_ids"])


def test_schiff_house_id_in_2024_points_to_the_senate_committee(trail):
    c = member(trail.race("CA-30", 2024), "H0CA27085")
    assert c["summary"]["ttl_receipts"]["status"] == "not_applicable"
    assert c["counted_under"] == "S4CA00555" and "S4CA00555" in c["notes"][0]
    sen = member(trail.race("CA-SEN", 2024), "S4CA00555")
    assert sen["summary"]["ttl_receipts"]["amount"] == "48145896.78"


# -- one person, several ids ----------------------------------------------------------------------------

def test_kim_2024_votes_sit_beside_h4ca34083_and_his_money(trail):
    rep = trail.race("CA-34", 2024)
    (general,) = [c for c in rep["results"] if c["year"] == 2024 and c["stage"] == "general"]
    (kim,) = [r for r in general["candidates"] if "KIM" in r["candidate"].upper()]
    assert kim["votes"] == 84020 and kim["cand_id"] == "H4CA34083"
    assert kim["receipts"]["amount"] == "570467.58"
    assert kim["dollars_per_vote"]["amount"] == str((Decimal("570467.58") / 84020).quantize(Decimal("0.01")))
    row = member(rep, "H4CA34083")
    assert {o["cand_id"] for o in row["other_ids"]} == {"H0CA34131", "H2CA34079"}
    assert len([c for c in rep["candidates"] if c["person_id"] == row["person_id"]]) == 1  # one row per person


@pytest.mark.parametrize("year,cand_id", [(2020, "H0CA34131"), (2022, "H2CA34079"), (2024, "H4CA34083")])
def test_kim_is_matched_to_the_id_of_each_cycle(trail, year, cand_id):
    (general,) = [c for c in trail.results("CA-34", year)["contests"] if c["stage"] == "general"]
    (kim,) = [r for r in general["candidates"] if "KIM" in r["candidate"].upper()]
    assert kim["cand_id"] == cand_id


def test_balekian_gets_his_id_from_weball(trail):
    (general,) = [c for c in trail.results("CA-30", 2024)["contests"] if c["stage"] == "general"]
    (b,) = [r for r in general["candidates"] if "BALEKIAN" in r["candidate"].upper()]
    assert b["cand_id"] == "H4CA30230"


def test_receipts_beside_2024_results_are_the_persons_full_cycle_summary(trail, fec_dir):
    """CA House generals of 2024: beside each matched candidate, the receipts of the person's row in the
    full weball24 for that seat (plain SQL), whichever of the person's ids the FEC filed it under
    (BAUGH, SCOTT: matched to H2CA47196 of cn24, his money under H6CA48245 in weball24)."""
    con = duckdb.connect()
    raw_bulk(con, fec_dir / "bulk-harshavardhan" / "weball24.txt", WEBALL_COLUMNS).create_view("w")
    full = {(r[0], r[1]): r[2] for r in con.sql(
        "SELECT cand_id, lpad(cand_office_district, 2, '0'), CAST(ttl_receipts AS DECIMAL(14,2)) FROM w "
        "WHERE cand_office_st = 'CA' AND cand_id LIKE 'H%' AND cvg_end_dt = '12/31/2024'").fetchall()}
    from moneytrail.model import persons

    checked = 0
    for d in ("30", "34", "47", "45", "27", "22"):
        rep = trail.race(f"CA-{d}", 2024)
        for contest in rep["results"]:
            if contest["stage"] != "general":
                continue
            for r in contest["candidates"]:
                p = persons.person_of(trail.model, r["cand_id"]) if r["cand_id"] else None
                mine = [full[(i, d)] for i in (p.cand_ids if p else ()) if (i, d) in full]
                if len(mine) == 1:
                    assert r["receipts"]["amount"] == format(mine[0], "f"), (d, r["candidate"])
                    checked += 1
    assert checked >= 10


def test_identical_figures_under_two_ids_are_never_added_twice(trail):
    for other in ("H0CA27085", "S4MO00250"):
        career = trail.career(other)
        (y24,) = [r for r in career["cycles"] if r["cycle"] == 2024]
        one = trail.race(career["cycles"][-1]["race"], 2024)
        assert y24["receipts"]["amount"] == member(one, y24["cand_id"])["summary"]["ttl_receipts"]["amount"]
        assert len([r for r in career["cycles"] if r["cycle"] == 2024]) == 1


def test_candidate_accepts_any_of_a_persons_ids_and_shows_the_others(trail, db_copy):
    for asked in ("H0CA34131", "H2CA34079", "H4CA34083"):
        rep = trail.candidate(asked, 2024)
        assert rep["cand_id"] == "H4CA34083" and rep["summary"]["ttl_receipts"]["amount"] == "570467.58"
        assert {o["cand_id"] for o in rep["other_ids"]} == {"H0CA34131", "H2CA34079", "H4CA34083"} - {"H4CA34083"}
    res = CliRunner().invoke(app, ["candidate", "H2CA34079", "--cycle", "2024", "--db", str(db_copy)])
    assert res.exit_code == 0, res.output
    assert "H0CA34131" in res.output and "$570,467.58" in res.output


def test_career_in_one_call(trail):
    c = trail.career("H2CA34079")
    assert [(r["cycle"], r["cand_id"], r["receipts"]["amount"]) for r in c["cycles"]] == [
        (2020, "H0CA34131", "187704.76"), (2022, "H2CA34079", "264511.59"), (2024, "H4CA34083", "570467.58")]
    assert [x["votes"] for r in c["cycles"] for x in r["results"] if x["stage"] == "general"] == [96554, 59223, 84020]
    assert c["races"] == ["CA-34"]


# -- $0 where nothing is loaded, partial slices -------------------------------------------------------

def test_outside_spending_without_an_ie_file_is_not_loaded(trail, db_copy):
    c = member(trail.race("CA-34", 2024), "H8CA34266")
    for side in ("support", "oppose"):
        assert c["outside"][side]["status"] == "not_loaded" and c["outside"][side]["amount"] is None
        assert "independent_expenditure_2024.csv" in c["outside"][side]["missing"]
    res = CliRunner().invoke(app, ["race", "CA-34", "--cycle", "2024", "--db", str(db_copy)])
    assert res.exit_code == 0 and "not loaded" in res.output and "independent_expenditure_2024.csv" in res.output


def test_network_without_its_files_is_not_loaded_not_zero(trail, db_copy):
    rep = trail.network("aipac", 2022)
    for f in ("direct", "earmarked", "ie_support", "ie_oppose"):
        assert rep["totals"][f]["status"] == "not_loaded", f
    res = CliRunner().invoke(app, ["network", "aipac", "--cycle", "2022", "--db", str(db_copy)])
    assert res.exit_code == 0
    # both committees' direct, earmarked and IE cells; webk's own reported $0.00 IEs stay a real zero
    assert res.output.count("not loaded") >= 8 and "pas222.zip" in res.output and "indiv22.zip" in res.output


def test_partial_itpas2_says_its_coverage_beside_the_summary(trail, fec_dir):
    con = duckdb.connect()
    through = con.sql(
        f"SELECT max(strptime(column13, '%m%d%Y'))::DATE FROM read_csv('{fec_dir}/bulk-2024-early-sandeepk97/"
        "itpas2_24_early.txt', delim='|', header=false, quote='', all_varchar=true) "
        "WHERE strptime(column13, '%m%d%Y') <= DATE '2024-12-31'").fetchall()[0][0]
    rep = trail.candidate("H8CA34266", 2024)
    money = rep["committee_money_totals"]["contribution"]
    assert money["amount"] == "42500.00" and money["status"] == "partial"
    assert money["coverage"]["through"] == through.isoformat()
    ic = rep["itemized_coverage"]
    assert ic["text"] == (f"itemized rows loaded: $42,500.00 of $946,153.34 reported (PACs and parties), "
                          f"through {through.isoformat()}")
    assert rep["summary"]["other_pol_cmte_contrib"]["amount"] == "946153.34"


# -- money as exact decimals ----------------------------------------------------------------------------

def test_no_report_carries_a_float(trail):
    for rep in (trail.race("CA-34", 2024), trail.race("NV-03", 2020), trail.candidate("H8CA34266", 2024),
                trail.career("H4CA34083"), trail.network("aipac", 2022)):
        text = json.dumps(rep)
        assert not FLOAT_ARTEFACT.search(text)
        _no_floats(rep)


def _no_floats(node, path="$"):
    if isinstance(node, dict):
        for k, v in node.items():
            if k not in ("share", "score", "points", "source_share", "match_probability"):
                _no_floats(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _no_floats(v, f"{path}[{i}]")
    else:
        assert not isinstance(node, float), path


def test_small_dollar_share_needs_complete_itemized_rows(tmp_path, fec_dir):
    """H8NY01155 2020: itemized rows from a partial itcont make no unitemized estimate and no share."""
    d = fec_dir / "bulk-2020-early-jk3587"
    with Trail(tmp_path / "sd.duckdb") as t:
        t.ingest([fec_dir / "bulk-harshavardhan" / "weball20.txt", fec_dir / "bulk-irworkshop" / "cn20.txt",
                  fec_dir / "bulk-irworkshop" / "cm20.txt"])
        t.ingest([d / "ccl.txt"], kind="ccl", cycle=2020)
        t.ingest([d / "itcont_head5000.txt", d / "itcont_rare_tx_types.txt"], kind="itcont", cycle=2020)
        sd = t.candidate_networks("H8NY01155", 2020)["small_dollar"]
        assert sd["small_dollar_share"]["status"] == "not_applicable"
        assert sd["unitemized_estimate"]["status"] == "not_applicable"
        assert sd["itemized_amount"]["status"] == "partial"
        assert "small_dollar_share" in sd and "itemized_rows" not in sd


def test_race_key_parse_still_strict():
    assert str(RaceKey.parse("nv-3")) == "NV-03"


def test_itemized_against_summary_never_counts_a_missing_summary_line_as_zero():
    """A summary row without its party line: the reported PAC + party total is the PAC line alone, partial
    and saying so — not a known total with $0 for the party."""
    from moneytrail.model.coverage import Source
    from moneytrail.model.figures import Figure, Status
    from moneytrail.trail import itemized_against_summary

    src = Source("itpas2", 2024, ("pas224.zip",), date(2024, 12, 31), Status.KNOWN)
    summary = {"other_pol_cmte_contrib": Figure.known("946153.34", "From PACs and other committees", refs=["w:1:1"]),
               "pol_pty_contrib": Figure.not_applicable("From party committees", reason="not in the row")}
    out = itemized_against_summary({"contribution": src.figure("42500.00", "itemized")}, summary, src)
    rep = out["reported"]
    assert rep.status is Status.PARTIAL and str(rep.amount) == "946153.34"
    assert "only" in rep.coverage.note and "From party committees" in rep.coverage.note
