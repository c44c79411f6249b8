"""The candidate page as a person and the race's reports-and-notices timeline (issue 16, items 1 and 3).

Expected money and votes come from the raw files (DuckDB's CSV reader over weball and MEDSL, tests/rawsql.py),
and the demo's from its own generated files, never from moneytrail's model.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal

import duckdb
import pytest
from fastapi.testclient import TestClient
from rawsql import WEBALL_COLUMNS, amount, raw_bulk

from moneytrail.model import persons as mp
from moneytrail.model.figures import dollars
from moneytrail.trail import Trail
from moneytrail.web.app import create_app

KIM = ("H0CA34131", "H2CA34079", "H4CA34083")


@pytest.fixture(scope="module")
def demo(demo_client):
    return demo_client


@pytest.fixture(scope="module")
def real(every_cycle_trail, fec_dir, tmp_path_factory):
    """Every cycle's masters and summaries plus MEDSL's House returns, served from a copy of the store."""
    medsl = fec_dir.parent / "elections" / "medsl-house"
    if not medsl.is_dir():
        pytest.skip(f"election results not found at {medsl}")
    t = every_cycle_trail
    if not t.model.ib.table("results").count().to_pyarrow().as_py():
        t.ingest([medsl])
    t.store.con.execute("CHECKPOINT")
    db = tmp_path_factory.mktemp("person") / "copy.duckdb"
    db.write_bytes(t.store.path.read_bytes())
    return t, TestClient(create_app(db))


@pytest.fixture(scope="module")
def raw_weball(fec_dir):
    """(cycle, cand_id) -> (receipts, cash on hand, office state, district) from the raw weball files."""
    con = duckdb.connect()
    out = {}
    for cycle in (2020, 2022, 2024):
        rel = raw_bulk(con, fec_dir / "bulk-harshavardhan" / f"weball{cycle % 100}.txt", WEBALL_COLUMNS)
        for cand_id, rec, coh, st, d in rel.select("cand_id, ttl_receipts, coh_cop, cand_office_st, "
                                                   "cand_office_district").fetchall():
            out[(cycle, cand_id)] = (Decimal(rec or 0), Decimal(coh or 0), st, d)
    return out


@pytest.fixture(scope="module")
def raw_medsl(fec_dir):
    """(state, district, year) -> every candidate's general-election vote total, from MEDSL's raw file."""
    path = fec_dir.parent / "elections" / "medsl-house" / "1976-2024-house.tab"
    rows = duckdb.sql(f"SELECT state_po, lpad(CAST(CAST(district AS INT) AS VARCHAR), 2, '0'), year, "
                      f"sum(candidatevotes) FROM read_csv('{path}', header=true) WHERE stage = 'GEN' AND year >= 2020 "
                      f"AND NOT special GROUP BY state_po, district, year, candidate").fetchall()
    out: dict[tuple, set[int]] = {}
    for st, d, year, votes in rows:
        out.setdefault((st, d, year), set()).add(int(votes))
    return out


def _sample(t) -> list[str]:
    """David Kim, and every 90th person the loaded files give two or more ids."""
    persons = [p for p in mp.index(t.model).persons if len(p.ids) > 1]
    return ["H4CA34083", *(p.ids[-1].cand_id for p in persons[::90])]


def test_kim_page_shows_the_person_and_money_per_cycle_from_the_raw_weball(real, raw_weball, raw_medsl):
    _t, client = real
    for asked in KIM:
        rep = client.get(f"/candidate/{asked}/2024.json").json()
        career = rep["career"]
        assert [i["cand_id"] for i in career["ids"]] == list(KIM)
        assert [(r["cycle"], r["cand_id"]) for r in career["cycles"]] == [
            (2020, "H0CA34131"), (2022, "H2CA34079"), (2024, "H4CA34083")]
        for r in career["cycles"]:
            receipts, coh, _st, _d = raw_weball[(r["cycle"], r["cand_id"])]
            assert amount(r["receipts"]) == receipts and amount(r["cash_on_hand"]) == coh
            (general,) = [x for x in r["results"] if x["stage"] == "general"]
            assert general["votes"] in raw_medsl[("CA", "34", r["cycle"])]
            assert general["votes"] == max(raw_medsl[("CA", "34", r["cycle"])]) or general["result"] is None
    html = client.get("/candidate/H2CA34079/2024").text
    for cycle, cand_id in zip((2020, 2022, 2024), KIM, strict=True):
        assert f'href="/candidate/{cand_id}/{cycle}"' in html  # each id links to its own run
    assert "$187,704.76" in html and "$264,511.59" in html and "$570,467.58" in html
    assert "96,554 votes" in html and "59,223 votes" in html and "84,020 votes" in html
    assert "84,020 votes</a> (44.36%), not elected" in html  # MEDSL: 84,020 of 84,020 + 105,394
    assert "Money per cycle" in html and "Results per election" in html and "House" in html


def test_outside_money_without_an_ie_file_is_not_loaded_on_the_page_never_zero(real):
    _t, client = real
    rep = client.get("/candidate/H4CA34083/2024.json").json()
    for r in rep["career"]["cycles"]:
        for side in ("outside_support", "outside_oppose"):
            assert r[side]["status"] == "not_loaded" and r[side]["amount"] is None
            assert f"independent_expenditure_{r['cycle']}.csv" in r[side]["missing"]
    html = client.get("/candidate/H4CA34083/2024").text
    person = html.split('id="person-h"')[1].split("</section>")[0]
    assert "not loaded" in person and "$0.00" not in person
    caption = re.search(r'id="Money-per-cycle-cap">([^<]*)<', html).group(1)
    assert "Not drawn: outside spending for and outside spending against in 2020 (not loaded" in caption
    assert "independent_expenditure_2024.csv" in caption and "$0" not in caption


def test_many_persons_pages_agree_with_the_raw_weball_and_medsl(real, raw_weball, raw_medsl):
    t, client = real
    checked_money = checked_votes = 0
    for cand_id in _sample(t):
        p = mp.person_of(t.model, cand_id)
        cycle = max(c for i in p.ids for c in i.cycles)
        rep = client.get(f"/candidate/{cand_id}/{cycle}.json")
        if rep.status_code == 404:
            continue  # the person's latest id has no run in a loaded candidate file of that cycle
        career = rep.json()["career"]
        assert {i["cand_id"] for i in career["ids"]} == set(p.cand_ids)
        html = client.get(f"/candidate/{cand_id}/{cycle}").text
        for i in career["ids"]:
            assert f'href="/candidate/{i["cand_id"]}/' in html
        for r in career["cycles"]:
            mine = {raw_weball[(r["cycle"], i)] for i in p.cand_ids if (r["cycle"], i) in raw_weball}
            if r["counted_under"]:  # one committee's money under two ids: shown once, under the other id
                assert r["receipts"]["status"] == "not_applicable" and r["receipts"]["amount"] is None
                assert r["counted_under"] in r["receipts"]["coverage"]["note"]
            elif (r["cycle"], r["cand_id"]) in raw_weball and len({(x[0], x[1]) for x in mine}) == 1:
                receipts, coh, _st, _d = raw_weball[(r["cycle"], r["cand_id"])]
                assert (amount(r["receipts"]), amount(r["cash_on_hand"])) == (receipts, coh), (cand_id, r["cycle"])
                checked_money += 1
            elif not mine and r["cycle"] != 2024:  # 2024 has the early webl as well
                assert r["receipts"]["status"] != "known", (cand_id, r["cycle"])  # no summary row: never $0
            for x in r["results"]:
                if x["stage"] == "general" and x["votes"] is not None and r["race"][3:] != "SEN":
                    assert x["votes"] in raw_medsl[(r["race"][:2], r["race"][3:], x["year"])], (cand_id, x)
                    checked_votes += 1
    assert checked_money >= 8 and checked_votes >= 3


def test_demo_candidate_page_as_a_person(demo, demo_db):
    rep = demo.get("/candidate/H4CA90004/2024.json").json()
    (run,) = rep["career"]["cycles"]
    files = demo_db.parent / "files"
    (webl,) = files.glob("webl*.txt")
    with open(webl, newline="") as f:
        rows = {r[0]: r for r in csv.reader(f, delimiter="|")}
    assert amount(run["receipts"]) == Decimal(rows["H4CA90004"][5])
    assert amount(run["cash_on_hand"]) == Decimal(rows["H4CA90004"][10])
    assert {x["stage"]: x["result"] for x in run["results"]} == {"primary": "advanced", "general": "elected"}
    html = demo.get("/candidate/H4CA90004/2024").text
    assert 'href="/candidate/H4CA90004/2024"' in html and 'href="/race/CA-34/2024"' in html
    assert html.count("<svg") >= 3 and "Data behind this chart" in html
    assert re.search(r'id="Results-per-election-cap">2 election\(s\) — 2024 primary \(CA-34\): [\d,]+ votes, '
                     r"[\d.]+%, advanced; 2024 general \(CA-34\): [\d,]+ votes, [\d.]+%, elected\.", html)
    link = re.search(r'href="(/rows/candidate/H4CA90004/2024\?path=career\.cycles\.0\.outside_oppose\.row_refs)"',
                     html)
    assert link, "outside money per cycle leads to its rows"
    rows_json = demo.get(link.group(1).replace("/2024?", "/2024.json?")).json()
    assert rows_json["total_rows"] >= 1 and all(r["table"] == "bulk_ie" for r in rows_json["rows"])


def test_demo_race_page_has_the_reports_and_notices_timeline(demo, demo_db):
    rep = demo.get("/race/CA-34/2024.json").json()
    entries = rep["reports_and_notices"]["entries"]
    html = demo.get("/race/CA-34/2024").text
    fig = html.split('id="Reports-and-notices-over-time-cap"')
    assert len(fig) == 2, "the timeline chart is on the race page"
    caption = fig[1].split("</figcaption>")[0]
    # independent count: the demo's IE file, one notice per filing naming a CA-34 candidate
    (ie,) = (demo_db.parent / "files").glob("independent_expenditure_*.csv")
    cands = {c["cand_id"] for c in rep["candidates"]}
    with open(ie, newline="") as f:
        filings = {r["file_num"] for r in csv.DictReader(f) if r["cand_id"] in cands}
    assert sorted(str(e["filing_id"]) for e in entries) == sorted(filings)
    assert f"{len(entries)} filings between" in caption and "no periodic report loaded" in caption
    table = fig[1].split("</figure>")[0]
    assert table.count("<tr>") == len(entries) + 1  # header and one row per filing
    assert "Reports and notices: no .fec filing" in html


@pytest.fixture(scope="module")
def fl21(fl21_db):
    """FL-21 in 2022 from the real bulk files, plus a real amended F3 of a candidate's committee (conftest's
    ``fl21_db``, built once per session and shared with test_timeline.py)."""
    db, filing = fl21_db
    return TestClient(create_app(db)), filing


def test_real_race_timeline_chart_shows_a_report_with_its_cover_figures(fl21):
    client, filing = fl21
    fields = duckdb.connect().execute(
        "SELECT string_split(line, chr(28)) FROM read_csv(?, columns={'line': 'VARCHAR'}, delim=chr(2), quote='', "
        "escape='', header=false, auto_detect=false) WHERE starts_with(line, 'F3')", [str(filing)]).fetchall()[0][0]
    cash, receipts = Decimal(fields[29]), Decimal(fields[45])  # v8.3 F3 cover: 30 cash at close, 46 receipts
    html = client.get("/race/FL-21/2022").text
    fig = html.split('id="Reports-and-notices-over-time-cap"')[1].split("</figure>")[0]
    assert fig.startswith(">1 filing between 2021-11-27 and 2021-11-27: 1 report.")
    (row,) = re.findall(r"<tr><td>2021-11-27</td>.*?</tr>", fig)
    assert "<td>Report</td>" in row and "<td>9100001</td>" in row and "<td>current</td>" in row
    assert f"receipts this period {dollars(receipts)}" in row and f"cash on hand at close {dollars(cash)}" in row
    assert "Reports and notices: no ie file loaded for 2022" in html


def test_demo_race_timeline_with_reports_amendments_and_24_hour_notices(demo_copy, tmp_path):
    """The demo's CA-34 plus invented .fec filings (test_watch.py): a report and its amendment, two 24-hour
    notices about the race and one about another race."""
    from test_watch import _synthetic_race_filings

    db = demo_copy
    with Trail(db) as t:
        files = _synthetic_race_filings(tmp_path / "synthetic", t)
        t.ingest(list(files.values()))
    html = TestClient(create_app(db)).get("/race/CA-34/2024").text
    fig = html.split('id="Reports-and-notices-over-time-cap"')[1].split("</figure>")[0]
    caption = fig.split("</figcaption>")[0]
    assert ": 2 reports, 2 24-hour notices, 22 24/48-hour notices." in caption  # 990004 is about TX-07
    assert "1 was later superseded by an amendment." in caption
    rows = re.findall(r"<tr><td>(\d{4}-\d\d-\d\d)</td><td>([^<]*)</td><td>[^<]*</td><td>(\d*)</td><td>([^<]*)</td>"
                      r"<td>([^<]*)</td></tr>", fig)
    by_filing = {int(f): (kind, version, added) for _d, kind, f, version, added in rows if f}
    assert by_filing[990001][:2] == ("Report", "superseded by 990005")
    assert by_filing[990005][0] == "Report" and "receipts this period $210,000.00" in by_filing[990005][2]
    assert by_filing[990002][0] == "24-hour notice" and "against" in by_filing[990002][2]
    assert "$45,000.00" in by_filing[990002][2] and "$999" not in by_filing[990002][2]  # the memo row apart
    assert by_filing[990003][0] == "24-hour notice" and "for " in by_filing[990003][2]
    assert 990004 not in by_filing
