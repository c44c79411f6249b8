"""Answers of a bounded size (issue 15): the JSON shows at most REFS_SHOWN row references per list, and
for a list it cut, how many there are and where to get every one; inside (the library, /rows,
Trail.rows) every one stays.

The demo's lists are short (at most 18 references), so these tests lower the cap to 5: the rule is the
same at any N. Expected counts come from the raw demo files read line by line, never from moneytrail.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
import yaml
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from moneytrail.cli import app as cli
from moneytrail.model import reports as R
from moneytrail.trail import Trail
from moneytrail.web import views
from moneytrail.web.app import create_app

CAP = 5
runner = CliRunner()


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(R, "REFS_SHOWN", CAP)
    monkeypatch.setattr(views, "PAGE_SIZE", 4)  # several pages of rows for one short list


@pytest.fixture(scope="module")
def client(demo_db):
    return TestClient(create_app(demo_db, cache=False))  # no page kept: each test's cap is the one in force


def _raw_earmarked_rows(files, pcc: str, conduits: set[str]) -> int:
    """Every itcont line (21 fields) between the candidate's committee and one of the network's conduits,
    either side: the recipient's row, the conduit's memo row, and the refunds of either."""
    n = 0
    with open(files / "itcont24.txt", encoding="latin-1") as f:
        for line in f:
            x = line.rstrip("\n").split("|")
            if len(x) == 21 and ((x[0] == pcc and x[15] in conduits) or (x[0] in conduits and x[15] == pcc)):
                n += 1
    return n


def _pcc(files, cand_id: str) -> str:
    with open(files / "cn24.txt", encoding="latin-1") as f:
        return next(x[9] for x in (line.rstrip("\n").split("|") for line in f) if x[0] == cand_id)


def _conduits(files, network: str) -> set[str]:
    reg = yaml.safe_load((files / "networks-demo.yaml").read_text())
    net = next(n for n in reg["networks"] if n["key"] == network)
    return {c["id"] for c in net["committees"] if "conduit" in c["roles"]}


def _without_urls(data):
    if isinstance(data, dict):
        return {k: _without_urls(v) for k, v in data.items() if not (k.endswith("_url") and R.is_refs(k[:-4]))}
    if isinstance(data, list):
        return [_without_urls(v) for v in data]
    return data


def test_capped_is_one_rule_and_leaves_the_answer_alone():
    refs = [f"bulk_itcont:1:{i}" for i in range(30)]
    data = {"a": {"row_refs": refs, "summary_ref": "bulk_cn:1:1"}, "b": [{"earmarked_refs": refs[:3]}]}
    out = R.capped(data, 20, link=lambda p: "/rows/x?path=" + p)
    assert out == {"a": {"row_refs": refs[:20], "row_refs_total": 30, "row_refs_url": "/rows/x?path=a.row_refs",
                         "summary_ref": "bulk_cn:1:1"},
                   "b": [{"earmarked_refs": refs[:3]}]}  # a short list is left as it is
    assert out["b"] is data["b"]  # and shared, not copied
    assert len(data["a"]["row_refs"]) == 30 and "row_refs_total" not in data["a"]  # the answer is not changed
    assert R.capped(data, None) == data and R.capped(data, 30) == data


def test_web_json_shows_n_refs_and_the_rows_page_lists_every_row(demo_db, client, small_cap):
    files = demo_db.parent / "files"
    page = client.get("/network/seaglass/2024.json").json()
    i, cand = max(enumerate(page["candidates"]), key=lambda ic: ic[1].get("earmarked_refs_total", 0))
    expected = _raw_earmarked_rows(files, _pcc(files, cand["cand_id"]), _conduits(files, "seaglass"))
    assert expected > CAP
    for refs_of in (cand, cand["earmarked"]):  # both lists of the figure: the same rule
        key = "earmarked_refs" if refs_of is cand else "row_refs"
        assert len(refs_of[key]) == CAP and refs_of[f"{key}_total"] == expected
    url = cand["earmarked_refs_url"]
    assert url == f"/rows/network/SEAGLASS/2024?path=candidates.{i}.earmarked_refs"
    # the rows page: every row of the figure, page after page to the last one
    json_url = url.replace("?", ".json?", 1)
    first = client.get(json_url).json()
    assert first["total_rows"] == expected and first["pages"] == -(-expected // 4)
    seen = []
    for number in range(1, first["pages"] + 1):
        rows = client.get(f"{json_url}&page={number}").json()["rows"]
        seen += [f"{r['table']}:{r['load_id']}:{r['line_no']}" for r in rows]
    assert len(rows) == expected - 4 * (first["pages"] - 1) > 0  # the last page holds the last row
    assert len(set(seen)) == len(seen) == expected
    everything = client.get("/network/seaglass/2024.json", params={"refs": "all"}).json()["candidates"][i]
    assert sorted(everything["earmarked_refs"]) == sorted(seen)
    assert "earmarked_refs_total" not in everything and "earmarked_refs_url" not in everything  # nothing cut
    assert everything["earmarked_refs"][:CAP] == cand["earmarked_refs"]  # the first N, in the answer's order
    html = client.get(url).text  # the HTML twin of the rows page says the same
    assert f"<p>{expected:,} row(s)." in html and f"page 1 of {first['pages']}" in html
    # inside, nothing is cut: the library's answer and the claim checker's figures keep every reference
    with Trail(demo_db, read_only=True) as t:
        assert len(t.network("seaglass", 2024)["candidates"][i]["earmarked_refs"]) == expected


def test_a_capped_answer_is_its_model_and_openapi_documents_the_counts(client, small_cap):
    body = client.get("/network/seaglass/2024.json").json()
    rep = R.NetworkReport.model_validate(body)
    assert any((c.earmarked_refs_total or 0) > len(c.earmarked_refs) == R.REFS_SHOWN for c in rep.candidates)
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert {"row_refs", "row_refs_total", "row_refs_url"} <= set(schemas["FigureJSON"]["properties"])
    assert {"earmarked_refs_total", "earmarked_refs_url"} <= set(schemas["NetworkCandidate"]["properties"])
    assert "row_refs_total" not in schemas["FigureJSON"].get("required", [])
    params = {p["name"] for p in spec["paths"]["/network/{name}/{cycle}.json"]["get"]["parameters"]}
    assert "refs" in params


def test_cli_json_agrees_with_the_web_and_csv_is_unchanged(demo_db, client, small_cap):
    web = _without_urls(client.get("/network/seaglass/2024.json").json())
    out = runner.invoke(cli, ["network", "seaglass", "--db", str(demo_db), "--json"])
    assert out.exit_code == 0, out.output
    got = json.loads(out.stdout)
    assert got["candidates"] == web["candidates"] and got["totals"] == web["totals"]
    assert got["record"] == web["record"]
    assert any(len(c["earmarked_refs"]) == CAP < c["earmarked_refs_total"] for c in got["candidates"])
    every = json.loads(runner.invoke(cli, ["network", "seaglass", "--db", str(demo_db), "--json", "--all-refs"]).stdout)
    with Trail(demo_db, read_only=True) as t:
        lib = t.network("seaglass", 2024)
    assert [c["earmarked_refs"] for c in every["candidates"]] == [c["earmarked_refs"] for c in lib["candidates"]]
    assert not any("earmarked_refs_total" in c for c in every["candidates"])  # nothing cut, nothing to count
    # --csv lists no references and no counts of them, whatever the cap
    text = runner.invoke(cli, ["network", "seaglass", "--db", str(demo_db), "--csv"]).stdout
    header = next(csv.reader(io.StringIO(text)))
    assert header and not [h for h in header if re.search(r"_refs(_total|_url)?$", h)]
