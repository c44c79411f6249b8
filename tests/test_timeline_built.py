"""The race timeline and the outside spending per day read from the built model answer as the live rules do.

The live answer is the Ibis rule computed on the spot (model/timeline.py ``timeline`` over ``race_scope``,
model/ies.py ``timeline``); the built answer is what ``Trail.timeline`` / ``Trail.outside_by_day`` read
with plain SQL. They are compared entry by entry, on the demo store with invented .fec filings beside
real ones, and on real bulk files with a real amended report. The bounded race page and the paginated
timeline are checked against the raw IE file.
"""

from __future__ import annotations

import csv
import json
import random
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from moneytrail.encoding import plain
from moneytrail.errors import NotFound
from moneytrail.model import build as mbuild
from moneytrail.model import ies as mies
from moneytrail.model import timeline as mt
from moneytrail.model.base import records
from moneytrail.model.keys import RaceKey
from moneytrail.trail import Trail
from moneytrail.web.app import create_app

REAL_F24 = ["fecfile/test-data/20180616/1238405.fec", "fecfile/test-data/20180616/1238403.fec",
            "fech/spec/data/752356.fec"]


def _by_day(rows: list[dict]) -> list[dict]:
    out = [{**plain(r), "row_refs": sorted(r["row_refs"])} for r in rows]
    return sorted(out, key=lambda r: (r["day"] or "9999", r["cand_id"] or "", r["support_oppose"]))


def _races(trail: Trail, cycle: int) -> list[RaceKey]:
    sql = "SELECT DISTINCT office, state, district FROM built_race_scopes WHERE cycle = ? ORDER BY ALL"
    return [RaceKey(*r) for r in trail.con.execute(sql, [cycle]).fetchall()]


def _compare(trail: Trail, races: list[RaceKey], cycle: int) -> int:
    """Each race's built timeline and outside-per-day against the live rules; returns entries compared."""
    m = trail.model
    assert mbuild.stale(m) == [], "ingest builds the model"
    seen = 0
    for race in races:
        scope = mt.race_scope(m, race, cycle)
        live = [e.to_json() for e in mt.timeline(m, scope)]
        rep = trail.timeline(str(race), cycle)
        assert [(c["cand_id"], c["name"]) for c in rep["candidates"]] == [(c.cand_id, c.name)
                                                                         for c in scope.candidates], race
        assert rep["committees"] == list(scope.committees), race
        assert rep["total_entries"] == len(live) == len(rep["entries"]), race
        for got, want in zip(rep["entries"], plain(live), strict=True):
            assert got == want, (race, want["filing_id"])
        # one page, newest first, is the same entries from the other end
        if len(live) > 3:
            page = trail.timeline(str(race), cycle, limit=3, page=2, newest_first=True)
            assert page["entries"] == plain(live[::-1][3:6]) and page["total_entries"] == len(live)
        elif live:  # a page past the end is an error, as on the web
            with pytest.raises(NotFound):
                trail.timeline(str(race), cycle, limit=3, page=2, newest_first=True)
        ids = scope.cand_ids
        assert _by_day(trail.outside_by_day(cycle, ids)) == _by_day(records(mies.timeline(m, cycle, ids))), race
        seen += len(live)
    return seen


@pytest.fixture(scope="module")
def demo_with_filings(demo_db, tmp_path_factory, fec_dir):
    """The demo cycle plus invented .fec filings for CA-34 (test_watch.py: a report and its amendment, 24-hour
    notices naming a candidate by id and by name only, one about another race) and real F24 notices."""
    from conftest import copy_store
    from test_watch import _synthetic_race_filings

    d = tmp_path_factory.mktemp("tl-built")
    db = copy_store(demo_db, d / "demo.duckdb")
    with Trail(db) as t:
        files = _synthetic_race_filings(d / "synthetic", t)
        t.ingest([*files.values(), *(fec_dir / p for p in REAL_F24)])
    return db


def test_built_timeline_equals_the_live_rule_on_every_demo_race(demo_with_filings):
    with Trail(demo_with_filings, read_only=True) as trail:
        races = _races(trail, 2024)
        assert RaceKey.parse("CA-34") in races and len(races) >= 5
        assert _compare(trail, races, 2024) > 20
        efile = [e for e in trail.timeline("CA-34", 2024)["entries"] if e["source"] == "efile"]
    # the invented filings as the live rule lists them (test_watch.py checks them against their text)
    assert {e["filing_id"] for e in efile} == {990001, 990002, 990003, 990005}


def test_built_timeline_equals_the_live_rule_on_real_filings(fl21_db):
    """FL-21 (2022, real bulk files and a real amended F3) and a sample of the cycle's other races."""
    db, _filing = fl21_db
    with Trail(db, read_only=True) as trail:
        races = _races(trail, 2022)
        sample = [RaceKey.parse("FL-21"), *random.Random(7).sample([r for r in races if str(r) != "FL-21"], 2)]
        assert _compare(trail, sample, 2022) >= 1
        assert trail.timeline("FL-21", 2022)["entries"][0]["filing_id"] == 9100001


def test_race_page_shows_the_newest_entries_and_links_to_every_page(demo_with_filings, demo_db, monkeypatch):
    """On the demo's IE file (independently: one notice per filing number naming a CA-34 candidate); pages
    of 10 here, so the small demo has several."""
    from moneytrail.web import views

    monkeypatch.setattr(views, "PAGE_SIZE", 10)
    monkeypatch.setattr(views, "RACE_TIMELINE", 10)
    client = TestClient(create_app(demo_with_filings, cache=False))
    rep = client.get("/race/CA-34/2024.json").json()
    cands = {c["cand_id"] for c in rep["candidates"]}
    (ie,) = (demo_db.parent / "files").glob("independent_expenditure_*.csv")
    with open(ie, newline="") as f:
        from_ie_file = {int(r["file_num"]) for r in csv.DictReader(f) if r["cand_id"] in cands}
    expected = {("ie file", n) for n in from_ie_file} | {("efile", n) for n in (990001, 990002, 990003, 990005)}
    rn = rep["reports_and_notices"]
    assert rn["total"] == len(expected) and rn["all_path"] == "/timeline/CA-34/2024"
    shown = rn["entries"]
    assert len(expected) > 20 and len(shown) == 10
    assert [e["filed"] for e in shown] == sorted((e["filed"] for e in shown), reverse=True)
    html = client.get("/race/CA-34/2024").text
    assert (f"{len(shown)} of {len(expected):,}, newest first — all: "
            f'<a href="/timeline/CA-34/2024">/timeline/CA-34/2024</a>') in html
    # every page of the full list, each entry once
    first = client.get("/timeline/CA-34/2024.json").json()
    assert first["total_entries"] == len(expected) and first["page"] == 1 and first["pages"] == -(-len(expected) // 10)
    pages = [first] + [client.get(f"/timeline/CA-34/2024.json?page={n}").json() for n in range(2, first["pages"] + 1)]
    listed = [(e["source"], e["filing_id"]) for p in pages for e in p["entries"]]
    assert len(listed) == len(expected) and set(listed) == expected
    assert [(e["source"], e["filing_id"]) for e in shown] == listed[:len(shown)]
    assert client.get(f"/timeline/CA-34/2024.json?page={first['pages'] + 1}").status_code == 404
    page = client.get("/timeline/CA-34/2024?page=1")
    assert page.status_code == 200 and f"page 1 of {first['pages']}" in page.text and "?page=2" in page.text


def test_timeline_and_outside_by_day_read_without_ibis(demo_db):
    code = ("import sys, json; from moneytrail.trail import Trail\n"
            f"t = Trail({str(demo_db)!r}, read_only=True)\n"
            "r = t.timeline('CA-34', 2024, limit=50, newest_first=True)\n"
            "d = t.outside_by_day(2024, [c['cand_id'] for c in r['candidates']])\n"
            "heavy = sorted(m for m in ('ibis', 'pyarrow') if m in sys.modules)\n"
            "print(json.dumps([r['total_entries'], len(d), heavy]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    total, days, heavy = json.loads(out.stdout)
    assert total > 0 and days > 0 and heavy == [], out.stderr


def test_timeline_cli_limit_and_page(demo_db):
    from typer.testing import CliRunner

    from moneytrail.cli import app

    runner = CliRunner()
    every = json.loads(runner.invoke(app, ["timeline", "CA-34", "--cycle", "2024", "--db", str(demo_db),
                                           "--json"]).stdout)
    r = runner.invoke(app, ["timeline", "CA-34", "--cycle", "2024", "--db", str(demo_db), "--json", "--limit", "5",
                            "--page", "2"])
    assert r.exit_code == 0, r.output
    page = json.loads(r.stdout)
    assert len(every["entries"]) == every["total_entries"] == page["total_entries"] > 10
    assert page["entries"] == every["entries"][::-1][5:10]
    table = runner.invoke(app, ["timeline", "CA-34", "--cycle", "2024", "--db", str(demo_db), "--limit", "5"])
    assert table.exit_code == 0 and f"5 of {every['total_entries']:,} entries, newest first" in table.stdout


def test_timeline_pages_past_the_end_are_one_line_errors(demo_db):
    """A page past the end (however large the number), or --page without --limit, is one error line (CLI exit 1,
    web 404/400), never a traceback or a silently ignored option."""
    from typer.testing import CliRunner

    from moneytrail.cli import app

    runner = CliRunner()
    base = ["timeline", "CA-34", "--cycle", "2024", "--db", str(demo_db)]
    total = json.loads(runner.invoke(app, [*base, "--json"]).stdout)["total_entries"]
    past = str(-(-total // 5) + 1)
    for extra in (["--limit", "5", "--page", past], ["--limit", "50", "--page", "999999999999999999"],
                  ["--limit", "99999999999999999999", "--page", "2"], ["--page", "3"]):
        r = runner.invoke(app, [*base, *extra])
        assert r.exit_code == 1 and "Traceback" not in r.output, (extra, r.output)
        assert len(r.output.strip().splitlines()) <= 2, r.output
    # a limit larger than the timeline is the whole timeline, newest first
    r = runner.invoke(app, [*base, "--json", "--limit", "99999999999999999999"])
    assert r.exit_code == 0 and json.loads(r.stdout)["total_entries"] == total
    client = TestClient(create_app(demo_db, cache=False))
    assert client.get("/timeline/CA-34/2024.json?page=999999999999999999").status_code == 404


def test_a_cut_timeline_chart_speaks_only_of_the_entries_it_shows():
    """The race page's chart gets the newest entries only: its summary must not say what the whole timeline
    holds (no report 'loaded' when the reports are simply older than the newest notices)."""
    from moneytrail.web import charts

    notice = {"filed": "2024-10-01", "form": "F24", "form_type": "F24N", "filer_name": "X", "filer_id": "C1",
              "filing_id": 1, "current": True, "superseded_by": None, "role": "outside spender", "figures": {},
              "ies": [], "source": "efile", "kind": "24-hour notice"}
    whole = charts.reports_and_notices([notice])
    cut = charts.reports_and_notices([notice], total=40)
    assert "no periodic report loaded" in whole.summary
    assert "no periodic report loaded" not in cut.summary and "not the whole timeline" in cut.summary
