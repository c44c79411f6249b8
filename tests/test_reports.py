"""Typed reports (model/reports.py): every answer Trail gives is a validated model whose JSON is exactly
the JSON its method built, on the demo store and the real slices; a wrong shape fails loudly; typed
values are the exact amounts of the raw files."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError
from rawsql import WEBALL_COLUMNS, raw_bulk

from moneytrail.model import reports as R
from moneytrail.trail import Trail

ARTICLE = Path(__file__).resolve().parents[1].parent / "shared" / "articles" / "prospect-ca34-aipac-2024.txt"


class Recorder:
    """Every answer typed while it is on, beside the JSON-ready dict the method's body built: that dict
    is the answer as it was before it was typed (today's JSON), recorded in the same run."""

    def __init__(self, monkeypatch):
        self.seen: list[tuple[type, object, object]] = []
        typed, typed_rows = R.typed, R.typed_rows

        def spy(model, data):
            before = json.loads(json.dumps(data))  # fails on anything not JSON-ready (a Decimal, a date)
            out = typed(model, data)
            self.seen.append((model, before, out))
            return out

        def spy_rows(model, rows):
            before = json.loads(json.dumps(rows))
            out = typed_rows(model, rows)
            self.seen.append((model, before, out))
            return out

        monkeypatch.setattr(R, "typed", spy)
        monkeypatch.setattr(R, "typed_rows", spy_rows)

    def check(self) -> set[type]:
        """Each answer's typed JSON equals the body's dict, and reads the same through the bridge."""
        assert self.seen
        for model, before, out in self.seen:
            if isinstance(out, list):
                assert [r.to_json() for r in out] == before, model.__name__
                assert all(isinstance(r.report, model) for r in out)
                assert json.loads(json.dumps(out)) == before
            else:
                assert isinstance(out.report, model)
                assert out.to_json() == before, model.__name__
                assert R.to_json(out.report) == before
                assert json.loads(json.dumps(out)) == before  # the mapping is the JSON, for json.dumps callers
        return {model for model, _, _ in self.seen}


@pytest.fixture
def recorder(monkeypatch):
    return Recorder(monkeypatch)


def test_demo_answers_are_typed_and_unchanged(demo_db, recorder):
    with Trail(demo_db, read_only=True) as t:
        race = t.race("CA-34", 2024)
        t.race("NY-17", 2024)
        cand = race["candidates"][0]["cand_id"]
        t.candidate(cand, 2024)
        t.career(cand)
        t.committee(race["independent_expenditures"][0]["spe_id"], 2024)
        t.committee(race["candidates"][0]["committees"][0]["cmte_id"], 2024)
        t.network("seaglass", 2024)
        t.candidate_networks(cand, 2024)
        t.networks_list()
        t.networks_check()
        t.results("CA-34", 2024)
        t.search(race["candidates"][0]["name"].split(",")[0])
        t.timeline("CA-34", 2024)
        t.loads()
        t.rejects()
        t.check("Okafor-Lindqvist raised $2 million for the 2024 race in CA-34.")
        t.persons(race["candidates"][0]["name"])
    models = recorder.check()
    assert models >= {R.RaceReport, R.CandidateReport, R.CareerReport, R.CommitteeReport, R.NetworkReport,
                      R.CandidateNetworksReport, R.NetworkListing, R.NetworksCheckReport, R.ResultsReport,
                      R.SearchHit, R.TimelineReport, R.LoadRow, R.RejectRow, R.CheckReport, R.TopDonorsReport,
                      R.PersonReport}


def test_real_answers_are_typed_and_unchanged(real_trail, recorder):
    t = real_trail
    t.race("CA-34", 2024)
    t.race("CA-34", 2022)
    t.race("CA-SEN", 2024)
    t.candidate("H8CA34266", 2024)
    t.candidate("H2CA34079", 2022)
    t.career("H2CA34079")
    t.committee("C00799031", 2022)
    t.network("aipac", 2024)
    t.network("aipac", 2022)
    t.candidate_networks("H8CA34266", 2024)
    t.networks_check()
    t.search("gomez")
    t.loads()
    t.rejects()
    if ARTICLE.is_file():
        t.check(ARTICLE.read_text())
    t.timeline("CA-34", 2024)
    recorder.check()


@pytest.fixture(scope="module")
def filings_and_results(tmp_path_factory, fec_dir):
    """Electronic filings (FECH's samples, FastFEC's slash-form case for FL-21's timeline) beside the 2022
    masters, summaries and MEDSL's House returns."""
    medsl = fec_dir.parent / "elections" / "medsl-house"
    if not medsl.is_dir():
        pytest.skip(f"election results not found at {medsl}")
    d = tmp_path_factory.mktemp("filings")
    filing = d / "slash_form.fec"
    shutil.copy(fec_dir / "fastfec/cases/slash_form/src.fec", filing)
    # two SYNTHETIC itcont lines (invented names) carrying filing 767339's number, so the filing lists bulk rows
    itcont = d / "itcont_synthetic.txt"
    itcont.write_text("".join(
        f"C00441451|A|12S|P2010|2010101234{i}|15|IND|SYNTHETIC, DONOR {i}|HONOLULU|HI|96813|INVENTED CO|"
        f"ENGINEER|0415201{i}|{250 * (i + 1)}||SA11AI.{i}|767339|||99000000{i}\n" for i in range(2)))
    db = d / "f.duckdb"
    with Trail(db) as t:
        t.ingest([fec_dir / "bulk-irworkshop/cn22.txt", fec_dir / "bulk-irworkshop/cm22.txt",
                  fec_dir / "bulk-harshavardhan/ccl22.txt", fec_dir / "bulk-harshavardhan/weball22.txt", filing,
                  *sorted((fec_dir / "fech/spec/data").glob("*.fec")), medsl])
        t.ingest([itcont], kind="itcont", cycle=2010)
    return db


def test_filings_results_and_timeline_are_typed_and_unchanged(filings_and_results, recorder):
    with Trail(filings_and_results, read_only=True) as t:
        numbers = [r[0] for r in t.store.con.execute("SELECT DISTINCT filing_id FROM filings ORDER BY 1").fetchall()]
        assert len(numbers) >= 10
        for n in numbers:
            t.filing(n)
        t.filing_rows(767339, "filing_sa")
        t.filing_rows(767339, "filing_sa", page=2, sort="amount", desc=True)
        t.filing_rows(767339, "filing_sa", size=None)
        assert t.filing(767339).bulk_rows[0].rows == 2
        assert t.filing_rows(767339, "bulk_itcont").rows[0].image_url.endswith("20101012340")
        t.results("CA-34", 2022)
        t.race("FL-21", 2022)
        t.timeline("FL-21", 2022)
    models = recorder.check()
    assert {R.FilingReport, R.FilingRowsPage, R.ResultsReport, R.TimelineReport} <= models


def test_donor_answers_are_typed_and_unchanged(demo_db, tmp_path, recorder):
    db = tmp_path / "donors.duckdb"
    shutil.copy(demo_db, db)
    with Trail(db) as t:
        t.resolve_donors()
        top = t.top_donors(2024, race="CA-34")
        assert top.donors and top.organizations
        t.donor(top["donors"][0]["names"][0])
        a, b = (r[0] for r in t.store.con.execute(
            "SELECT cmte_id FROM bulk_itcont GROUP BY 1 ORDER BY count(*) DESC LIMIT 2").fetchall())
        overlap = t.donor_overlap([a], [b])
    models = recorder.check()
    assert {R.TopDonorsReport, R.DonorReport, R.OverlapReport} <= models
    assert isinstance(overlap.donors, int)


def test_typed_values_are_the_raw_files_exact_amounts(real_trail, fec_dir):
    """Attributes are typed: a summary figure's amount is the Decimal of weball24's TTL_RECEIPTS as the raw
    file writes it; through the mapping it is the same amount as exact text."""
    rep = real_trail.race("CA-34", 2024)
    raw = raw_bulk(real_trail.store.con, fec_dir / "bulk-harshavardhan" / "weball24.txt", WEBALL_COLUMNS)
    expected = {cid: Decimal(v) for cid, v in raw.filter("cand_office_st = 'CA' AND cand_office_district = '34'")
                .select("cand_id, ttl_receipts").fetchall()}
    checked = 0
    for i, c in enumerate(rep.candidates):
        fig = c.summary.ttl_receipts
        if c.cand_id in expected and fig.status == "known":
            assert isinstance(fig.amount, Decimal) and fig.amount == expected[c.cand_id]
            assert rep["candidates"][i]["summary"]["ttl_receipts"]["amount"] == format(fig.amount, "f")
            checked += 1
    assert checked >= 2


# -- wrong shapes fail loudly -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def race_json(demo_db) -> dict:
    with Trail(demo_db, read_only=True) as t:
        return t.race("CA-34", 2024).to_json()


def _fails(model, data, match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        R.typed(model, data)


def test_wrong_shapes_fail(race_json):
    bad = json.loads(json.dumps(race_json))
    bad["candidates"][0]["summary"]["ttl_receipts"]["amount"] = 1234.5  # a float: binary artefacts
    _fails(R.RaceReport, bad, "exact decimal text")

    bad = json.loads(json.dumps(race_json))
    bad["candidates"][0]["summary"]["ttl_receipts"] = {"amount": "0.00", "status": "not_loaded", "unit": "usd",
                                                       "missing": "weball24.zip"}  # "unknown" printed as 0
    _fails(R.RaceReport, bad, "not_loaded figure has no amount")

    bad = json.loads(json.dumps(race_json))
    bad["candidates"][0]["outside"]["support"]["status"] = "probably"
    _fails(R.RaceReport, bad, "status")

    bad = json.loads(json.dumps(race_json))
    del bad["candidates"][0]["committees"]
    _fails(R.RaceReport, bad, "committees")

    bad = json.loads(json.dumps(race_json))
    bad["candidate"] = bad.pop("candidates")  # a renamed key: unknown, and the real one missing
    _fails(R.RaceReport, bad, "candidate")

    bad = json.loads(json.dumps(race_json))
    bad["independent_expenditures"][0]["amount"] = "12,000.00"
    _fails(R.RaceReport, bad, "independent_expenditures.0.amount")

    with pytest.raises(ValidationError):
        R.typed_rows(R.SearchHit, [{"type": "person", "id": "X", "name": None, "cycles": [], "detail": None,
                                    "party": None, "score": 1.0}])


def test_the_bridge_reads_both_ways(race_json):
    rep = R.typed(R.RaceReport, race_json)
    assert rep == race_json and rep["race"] == rep.race == "CA-34"
    first = rep.candidates[0]
    assert isinstance(first, R.RaceCandidate) and rep["candidates"][0]["cand_id"] == first.cand_id
    assert isinstance(first.summary.ttl_receipts.amount, Decimal)
    assert json.loads(json.dumps(rep)) == race_json


def test_models_made_on_first_use_agree_across_threads(race_json, tmp_path):
    """The models are made on first use (defer_build), and pydantic's rebuild is not thread-safe: in a fresh
    process, 16 threads typing the same answers at the same moment all get them back unchanged; a server
    makes every model before it serves (complete_all)."""
    import subprocess
    import sys

    answer = tmp_path / "race.json"
    answer.write_text(json.dumps(race_json))
    code = f"""
import json, threading
from concurrent.futures import ThreadPoolExecutor
from moneytrail.model import reports as R
data = json.loads(open({str(answer)!r}).read())
assert not R.RaceReport.__pydantic_complete__, "made at import: nothing here is tested"
start = threading.Barrier(16)
def first_use(i):
    start.wait()
    if i % 2:
        return R.typed(R.RaceReport, data).to_json()
    return R.typed_rows(R.Contest, data["results"])[0].to_json()
with ThreadPoolExecutor(16) as pool:
    out = list(pool.map(first_use, range(16)))
assert all(o == data for o in out[1::2]) and all(o == data["results"][0] for o in out[0::2])
assert R.complete_all() > 0 and R.complete_all() == 0
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr[-3000:]
