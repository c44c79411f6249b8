"""The race timeline: every report and notice, by date filed, with what each added.

Expected values come from the raw files (DuckDB's CSV reader), not from moneytrail.
"""

from __future__ import annotations

import json
from decimal import Decimal

import duckdb
import pytest
from typer.testing import CliRunner

from moneytrail.cli import app
from moneytrail.trail import Trail


def test_demo_timeline_ie_file_notices_match_the_raw_file(demo_db):
    with Trail(demo_db, read_only=True) as trail:
        rep = trail.timeline("CA-34", 2024)
        ie_path = trail.store.con.execute(
            "SELECT path FROM loads WHERE kind = 'ie' AND status = 'loaded'").fetchall()[0][0]
    ids = [c["cand_id"] for c in rep["candidates"]]
    assert rep["synthetic"] is True and ids
    raw = duckdb.connect().execute(
        "SELECT file_num, cand_id, sup_opp, sum(exp_amo::DECIMAL(14,2)), min(strptime(receipt_dat, '%d-%b-%y'))::DATE "
        "FROM read_csv(?, all_varchar=true, header=true) WHERE cand_id IN (SELECT unnest(?)) "
        "GROUP BY ALL", [ie_path, ids]).fetchall()
    expected = {(int(f), c, {"S": "support", "O": "oppose"}[s.strip()]): a for f, c, s, a, _d in raw}
    filed = {int(f): d for f, _c, _s, _a, d in raw}
    got = {}
    for e in rep["entries"]:
        assert e["source"] == "ie file" and e["kind"] == "ie_notice" and e["role"] == "outside spender"
        assert e["filed"] == filed[e["filing_id"]].isoformat()
        for x in e["ies"]:
            got[(e["filing_id"], x["cand_id"], x["support_oppose"])] = Decimal(x["amount"]["amount"])
            assert x["amount"]["status"] == "known" and x["amount"]["row_refs"]
    assert got == expected
    assert [e["filed"] for e in rep["entries"]] == sorted(e["filed"] for e in rep["entries"])
    assert any("no .fec filing" in n for n in rep["notes"])


def test_timeline_cli_json_and_table(demo_copy):
    db = demo_copy
    runner = CliRunner()
    r = runner.invoke(app, ["timeline", "CA-34", "--cycle", "2024", "--db", str(db), "--json"])
    assert r.exit_code == 0, r.output
    rep = json.loads(r.output)
    assert rep["race"] == "CA-34" and rep["entries"]
    r = runner.invoke(app, ["timeline", "CA-34", "--db", str(db)])  # the latest loaded cycle: 2024
    assert r.exit_code == 0, r.output
    assert "SYNTHETIC" in r.output and "timeline" in r.output and "outside spender" in r.output
    r = runner.invoke(app, ["timeline", "CA-34", "--cycle", "2023", "--db", str(db)])
    assert r.exit_code == 1 and "2023" in r.output
    r = runner.invoke(app, ["timeline", "WY-99", "--cycle", "2024", "--db", str(db)])
    assert r.exit_code == 1 and "error" in r.output


@pytest.fixture(scope="module")
def fl21(fl21_db):
    """FL-21 in 2022 from real bulk files, plus a real amended F3 of a candidate's committee (conftest's
    ``fl21_db``: FastFEC's ``slash_form`` case, loaded under the local number 9100001), read-only."""
    db, filing = fl21_db
    trail = Trail(db, read_only=True)
    yield trail, filing
    trail.close()


def test_real_race_timeline_report_figures_are_the_cover(fl21):
    trail, filing = fl21
    rep = trail.timeline("FL-21", 2022)
    assert "C00772335" in rep["committees"]
    fields = duckdb.connect().execute(
        "SELECT string_split(line, chr(28)) FROM read_csv(?, columns={'line': 'VARCHAR'}, delim=chr(2), quote='', "
        "escape='', header=false, auto_detect=false) WHERE starts_with(line, 'F3')", [str(filing)]).fetchall()[0][0]
    # v8.3 F3 cover (fecfile field map): 30 cash on hand at close, 46 total receipts, 57 total disbursements
    cash, receipts, disbursements = (Decimal(fields[i]) for i in (29, 45, 56))
    mine = [e for e in rep["entries"] if e["filing_id"] == 9100001]
    assert len(mine) == 1
    e = mine[0]
    assert (e["kind"], e["role"], e["form_type"], e["amends"], e["current"]) == (
        "report", "candidate committee", "F3A", 1542500, True)
    assert e["coverage_from"] == "2021-07-01" and e["coverage_through"] == "2021-09-30" and e["filed"] == "2021-11-27"
    figs = {k: Decimal(v["amount"]) for k, v in e["figures"].items()}
    assert figs == {"receipts": receipts, "disbursements": disbursements, "cash_on_hand_close": cash}
    assert all(v["row_refs"] == [e["row_refs"][0]] for v in e["figures"].values())
    assert trail.rows(e["row_refs"][:1])["filings"][0]["filing_id"] == 9100001
    assert any("no ie file loaded" in n for n in rep["notes"])
