"""Filing pages, the network's flow picture and record, and the offline API docs (issue 16, items 2, 4, 6, 7).

Expected values come from the raw files (DuckDB's CSV reader over the .fec and the demo's results CSV),
never from moneytrail's own model.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import duckdb
import pytest
from fastapi.testclient import TestClient

from moneytrail.trail import Trail
from moneytrail.web.app import create_app

FECH = "fech/spec/data"
V8 = ["767339", "747058", "752356", "753533", "764901", "765310", "748730"]  # version 8.0: SA amount is field 21
SCHEDULE_TYPES = {"sa": r"^(SA(?!3L)|F65$|F56$)", "sb": r"^SB", "se": r"^(SE|F57$)"}


@pytest.fixture(scope="module")
def filings(tmp_path_factory, fec_dir):
    db = tmp_path_factory.mktemp("filings") / "f.duckdb"
    with Trail(db) as t:
        t.ingest(sorted((fec_dir / FECH).glob("*.fec")))
    return db, TestClient(create_app(db))


@pytest.fixture(scope="module")
def demo(demo_client):
    return demo_client


def _raw(path) -> list[list[str]]:
    """Every record of a .fec file as its fields (FS-separated), read by DuckDB's CSV reader."""
    rel = duckdb.sql(f"SELECT column0 FROM read_csv('{path}', delim='\\n', header=false, all_varchar=true, "
                     "quote='', escape='', strict_mode=false)")
    return [line[0].split("\x1c") for line in rel.fetchall() if line[0] is not None]


@pytest.mark.parametrize("filing_id", V8)
def test_schedule_rows_and_totals_match_the_raw_filing(filings, fec_dir, filing_id):
    _db, client = filings
    page = client.get(f"/filing/{filing_id}.json").json()
    raw = _raw(fec_dir / FECH / f"{filing_id}.fec")
    by_key = {s["schedule"]: s for s in page["schedules"]}
    for key, pattern in SCHEDULE_TYPES.items():
        lines = [r for r in raw if re.match(pattern, r[0].strip('"').upper())]
        assert (by_key[key]["rows"] if key in by_key else 0) == len(lines), (filing_id, key)
    sa = [r for r in raw if re.match(SCHEDULE_TYPES["sa"], r[0].upper()) and r[0].upper().startswith("SA")]
    if sa:  # every SA amount is either in the total or among the memo rows
        raw_total = sum(Decimal(r[20] or "0") for r in sa)
        s = by_key["sa"]
        assert Decimal(str(s["amount"] or 0)) + Decimal(str(s["memo_amount"] or 0)) == raw_total
    html = client.get(f"/filing/{filing_id}")
    assert html.status_code == 200 and f"Filing {filing_id}" in html.text
    assert f"https://docquery.fec.gov/dcdev/posted/{filing_id}.fec" in html.text


def test_amendment_chain_links_both_ways(filings, fec_dir):
    _db, client = filings
    new, old = client.get("/filing/767339.json").json(), client.get("/filing/467627.json").json()
    raw_hdr = _raw(fec_dir / FECH / "767339.fec")[0]
    assert raw_hdr[5] == "FEC-467627"  # the header names the original
    assert [c["filing_id"] for c in new["chain"]] == [467627, 767339] == [c["filing_id"] for c in old["chain"]]
    assert new["current_filing_id"] == old["current_filing_id"] == 767339 and new["amends"] == 467627
    assert old["amended_by"] == [767339]
    page = client.get("/filing/467627").text
    assert "Superseded" in page and 'href="/filing/767339"' in page
    assert "https://docquery.fec.gov/cgi-bin/forms/C00441451/767339/" in client.get("/filing/767339").text
    cover = _raw(fec_dir / FECH / "767339.fec")[1]
    receipts = next(f for f in new["figures"] if f["field"] == "receipts")
    assert receipts["amount"] == "543394.49" and receipts["amount"] in cover and receipts["status"] == "known"
    labels = [c["label"] for c in new["cover_lines"]]
    assert "Total receipts (this period)" in labels and not any("col_a" in x for x in labels)


def test_filing_rows_page_sort_and_csv(filings, fec_dir):
    _db, client = filings
    raw = [r for r in _raw(fec_dir / FECH / "767339.fec") if r[0].upper().startswith("SA")]
    amounts = sorted((Decimal(r[20]) for r in raw), reverse=True)
    first = client.get("/filing/767339/rows/filing_sa.json?sort=amount&desc=true").json()
    assert first["total_rows"] == len(raw) and first["pages"] == -(-len(raw) // 50)
    assert [Decimal(str(r["amount"])) for r in first["rows"]] == amounts[:50]
    second = client.get("/filing/767339/rows/filing_sa.json?sort=amount&desc=true&page=2").json()
    assert [Decimal(str(r["amount"])) for r in second["rows"]] == amounts[50:100]
    body = client.get("/filing/767339/rows/filing_sa.csv").text
    assert len(list(csv.DictReader(io.StringIO(body)))) == len(raw)
    assert client.get("/filing/767339/rows/filing_sa?sort=nope").status_code == 400
    assert client.get("/filing/767339/rows/loads").status_code == 404
    assert client.get("/filing/99999999").status_code == 404
    assert client.get("/filing/12ab").status_code == 400


def test_network_record_on_the_demo_cycle(demo, demo_db):
    """Seaglass backed four candidates and opposed one; the winners come from the demo's results file."""
    rep = demo.get("/network/seaglass/2024.json").json()
    rec = rep["record"]
    results = str(demo_db.parent / "files" / "demo_results_2024.csv")
    general = duckdb.sql(
        f"SELECT fec_cand_id, votes, max(votes) OVER (PARTITION BY state, district, office) AS top, "
        f"votes - max(votes) FILTER (WHERE true) OVER (PARTITION BY state, district, office "
        f"ORDER BY votes DESC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS gap, "
        f"nth_value(votes, 2) OVER (PARTITION BY state, district, office ORDER BY votes DESC "
        f"ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS second "
        f"FROM read_csv('{results}', header=true, all_varchar=false) WHERE stage = 'general'").fetchall()
    won = {cid: votes == top for cid, votes, top, _gap, _second in general}
    margin = {cid: (votes - second if votes == top else votes - top) for cid, votes, top, _g, second in general}
    assert {e["cand_id"] for e in rec["candidates"]} == {c["cand_id"] for c in rep["candidates"]}
    backed = [e for e in rec["candidates"] if "backed" in e["sides"]]
    opposed = [e for e in rec["candidates"] if "opposed" in e["sides"]]
    for e in rec["candidates"]:
        assert e["result"] == ("won" if won[e["cand_id"]] else "lost"), e
        assert e["margin"]["votes"] == margin[e["cand_id"]], e
    n_won = sum(won[e["cand_id"]] for e in backed)
    n_lost = sum(not won[e["cand_id"]] for e in opposed)
    assert rec["tally"] == f"backed {len(backed)}, {n_won} won; opposed {len(opposed)}, {n_lost} lost"
    assert rec["tally"] == "backed 4, 3 won; opposed 1, 1 lost"  # the demo's design: one backed incumbent loses
    html = demo.get("/network/seaglass/2024").text
    assert "backed 4, 3 won; opposed 1, 1 lost" in html and "Money flow" in html and "<svg" in html


def test_record_says_when_no_results_are_loaded(tmp_path):
    from moneytrail.model.record import NO_RESULTS, Record, RecordEntry

    entry = RecordEntry("H4XX00001", "A", "DEM", "CA-01", ("backed",), {}, NO_RESULTS, missing="results")
    assert Record([entry], 2024).tally() == (
        "backed 1, 0 won (1 undecided in the loaded results: 1 with no results loaded); opposed none")


def test_record_figures_from_files_not_loaded_are_not_zero():
    from moneytrail.model.record import network_record

    cand = {"cand_id": "H4XX00001", "name": "A", "party": "DEM", "race": None, "direct": 2500, "earmarked": 0,
            "ie_support": 0, "ie_oppose": 0, "direct_refs": ["bulk_itpas2:1:2"]}
    missing = {"earmarked": "Contributions by individuals for 2024", "ie_support": "IE notices for 2024",
               "ie_oppose": "IE notices for 2024"}
    rec = network_record(None, [cand], 2024, missing)
    money = rec.entries[0].money
    assert money["received"].status == "partial" and str(money["received"].amount) == "2500.00"
    assert "Contributions by individuals for 2024 not loaded" in money["received"].text()
    assert money["ie_oppose"].status == "not_loaded" and money["ie_oppose"].amount is None
    assert rec.tally() == ("backed 1, 0 won (1 undecided in the loaded results: 1 with no results loaded) — may be "
                           "incomplete: Contributions by individuals for 2024; IE notices for 2024 not loaded; "
                           "opposed: not known (IE notices for 2024 not loaded)")
    assert "e.g. MEDSL" in rec.entries[0].missing


@pytest.fixture(scope="module")
def real_2024(tmp_path_factory, fec_dir):
    elections = fec_dir.parent / "elections" / "medsl-house" / "1976-2024-house.tab"
    if not elections.is_file():
        pytest.skip(f"MEDSL House returns not found at {elections}")
    d = fec_dir / "bulk-2024-early-sandeepk97"
    db = tmp_path_factory.mktemp("real24") / "r.duckdb"
    with Trail(db) as t:
        t.ingest([d / "cn24_early.txt", d / "ccl24_early.txt", d / "cm24_early.txt", d / "itpas2_24_early.txt",
                  elections])
    return db, elections


def test_network_record_on_real_slices_matches_medsl(real_2024):
    """Each decided result and margin of a registry network's record, against MEDSL's raw 2024 general."""
    db, medsl = real_2024
    client = TestClient(create_app(db))
    general = duckdb.sql(
        f"SELECT state_po, lpad(CAST(CAST(district AS INT) AS VARCHAR), 2, '0') AS d, candidate, "
        f"sum(candidatevotes) AS votes FROM read_csv('{medsl}', header=true) "
        f"WHERE year = 2024 AND stage = 'GEN' AND NOT special GROUP BY ALL").fetchall()
    by_race: dict[str, list[int]] = {}
    for st, d, _name, votes in general:
        by_race.setdefault(f"{st}-{d}", []).append(int(votes))  # at-large seats are district 00 on both sides
    checked = 0
    for net in ("aipac", "crypto", "dmfi", "justice-democrats"):
        rep = client.get(f"/network/{net}/2024.json").json()
        assert "opposed: not known" in rep["record"]["tally"]  # no IE file loaded: never "opposed none"
        for e in rep["record"]["candidates"]:
            assert e["money"]["ie_support"]["status"] == "not_loaded"
            if e["race"].endswith("-SEN"):
                assert e["result"] == "no results" and "Senate" in e["missing"]  # only House returns loaded
                continue
            votes = sorted(by_race[e["race"]], reverse=True)
            if e["stage"] == "general":
                assert e["votes"] in votes
                assert e["result"] == ("won" if e["votes"] == votes[0] else "lost")
                other = votes[1] if e["votes"] == votes[0] else votes[0]
                assert e["margin"]["votes"] == e["votes"] - other
                checked += 1
    assert checked >= 1


def test_api_docs_are_served_from_the_package(demo):
    page = demo.get("/docs").text
    assert "/static/swagger-ui/swagger-ui-bundle.js" in page and "/static/swagger-ui/swagger-ui.css" in page
    assert "cdn." not in page and "fastapi.tiangolo.com" not in page
    js = demo.get("/static/swagger-ui/swagger-ui-bundle.js")
    assert js.status_code == 200 and len(js.content) > 1_000_000
    assert demo.get("/redoc").status_code == 404  # ReDoc would load from a CDN: not offered
    assert "/filing/{filing_id}" in demo.get("/openapi.json").json()["paths"]


def test_cli_network_prints_the_record(demo_db):
    from typer.testing import CliRunner

    from moneytrail.cli import app

    out = CliRunner().invoke(app, ["network", "seaglass", "--cycle", "2024", "--db", str(demo_db)])
    assert out.exit_code == 0, out.output
    assert "Record in 2024: backed 4, 3 won; opposed 1, 1 lost" in out.output
    assert "won (general)" in out.output and "lost (general)" in out.output
