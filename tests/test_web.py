"""The web app in-process: every page and its JSON twin, rows behind figures, errors, escaping, no 5xx."""

from __future__ import annotations

import csv
import io
import re

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rawsql import amount

from moneytrail.model.figures import show
from moneytrail.trail import Trail
from moneytrail.web.app import create_app


@pytest.fixture(scope="session")
def demo(demo_client):
    return demo_client


@pytest.fixture(scope="session")
def real(tmp_path_factory, fec_dir):
    db = tmp_path_factory.mktemp("webreal") / "real.duckdb"
    with Trail(db) as trail:
        trail.ingest([fec_dir / "bulk-2024-early-sandeepk97", fec_dir / "bulk-harshavardhan" / "weball24.txt",
                      fec_dir / "bulk-harshavardhan" / "webk22.txt", fec_dir / "bulk-irworkshop" / "cm22.txt"])
        elections = fec_dir.parent / "elections" / "medsl-house"
        if elections.is_dir():
            trail.ingest([elections])
    return TestClient(create_app(db))


def twin(client, path, **params):
    html = client.get(path, params=params)
    data = client.get(path + ".json" if "?" not in path else path, params=params)
    assert html.status_code == 200, (path, html.text[:300])
    assert html.headers["content-type"].startswith("text/html")
    return html.text, data


def test_demo_pages_and_their_json_twins(demo):
    page, data = twin(demo, "/race/CA-34/2024")
    rep = data.json()
    assert rep["race"] == "CA-34" and rep["synthetic"] is True
    assert "SYNTHETIC DEMO DATA" in page
    first = rep["candidates"][0]
    assert first["name"] in page and show(first["summary"]["ttl_receipts"]) in page
    assert page.count("<svg") >= 3 and "<figcaption" in page and 'role="img"' in page
    cand = first["cand_id"]
    page, data = twin(demo, f"/candidate/{cand}/2024")
    assert data.json()["cand_id"] == cand and data.json()["name"] in page
    spender = rep["independent_expenditures"][0]["spe_id"]
    page, data = twin(demo, f"/committee/{spender}/2024")
    assert data.json()["independent_expenditures"] and data.json()["name"] in page
    page = demo.get("/search", params={"q": first["name"].split(",")[0]}).text
    assert cand in page
    assert any(h["id"] == cand for h in demo.get("/search.json", params={"q": first["name"]}).json()["hits"])
    assert demo.get("/").status_code == 200 and demo.get("/index.json").json()["loads"]


def test_every_figure_links_to_its_rows(demo):
    rep = demo.get("/race/CA-34/2024.json").json()
    page = demo.get("/race/CA-34/2024").text
    links = set(re.findall(r'href="(/rows/race/CA-34/2024\?path=[^"]+)"', page))
    assert len(links) > 10
    ie = rep["independent_expenditures"][0]
    rows = demo.get("/rows/race/CA-34/2024.json", params={"path": "independent_expenditures.0.row_refs"}).json()
    assert rows["total_rows"] == ie["notices"] == ie.get("row_refs_total", len(ie["row_refs"]))
    assert sum(amount(r["exp_amo"]) for r in rows["rows"]) == amount(ie["amount"])
    assert all(r["table"] == "bulk_ie" and r["source_file"].endswith(".csv") for r in rows["rows"])
    text = demo.get("/rows/race/CA-34/2024.csv", params={"path": "independent_expenditures.0.row_refs"}).text
    assert len(list(csv.DictReader(io.StringIO(text)))) == ie["notices"]
    sorted_rows = demo.get("/rows/race/CA-34/2024.json", params={
        "path": "committee_money.0.row_refs", "sort": "transaction_amt", "desc": "true"}).json()["rows"]
    amounts = [amount(r["transaction_amt"]) for r in sorted_rows]
    assert amounts == sorted(amounts, reverse=True)
    html = demo.get("/rows/race/CA-34/2024", params={"path": "committee_money.0.row_refs"}).text
    assert "Download CSV" in html and "<table" in html


def test_rows_are_paginated(demo):
    rep = demo.get("/race/CA-34/2024.json").json()
    idx = max(range(len(rep["candidates"])), key=lambda i: 0)
    data = demo.get("/rows/race/CA-34/2024.json", params={"path": f"results.{idx}"})
    assert data.status_code == 404  # not a list of references: a clear error, not a crash
    path = "committee_money.0.row_refs"
    one = demo.get("/rows/race/CA-34/2024.json", params={"path": path, "page": 1}).json()
    assert one["page"] == 1 and one["pages"] >= 1 and len(one["rows"]) <= 50


def test_errors_are_json_with_status(demo):
    r = demo.get("/race/CA-99/2024.json")
    assert r.status_code == 404 and "did you mean" in r.json()["error"]
    r = demo.get("/race/CA-34/20x4.json")
    assert r.status_code == 400 and "cycle" in r.json()["error"]
    assert demo.get("/race/CA-34/%C2%B2.json").status_code == 400  # a superscript two is not a digit here
    r = demo.get("/race/XX-1/2024.json")
    assert r.status_code == 400 and "not a race" in r.json()["error"]
    r = demo.get("/candidate/H0XX00000/2024")
    assert r.status_code == 404 and "no candidate" in r.text
    assert demo.get("/sql", params={"q": "select 1"}).status_code == 404  # SQL is off by default
    schema = demo.get("/openapi.json").json()
    assert {"/race/{key}/{cycle}", "/candidate/{cand_id}/{cycle}", "/rows/{view_name}/{a}/{b}"} <= set(schema["paths"])


def _resolve(spec: dict, schema: dict) -> dict:
    """A schema with its $ref followed and an optional (anyOf with null) reduced to the value's schema."""
    while True:
        if "$ref" in schema:
            schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        elif "anyOf" in schema:
            schema = next(s for s in schema["anyOf"] if s.get("type") != "null")
        else:
            return schema


def test_openapi_documents_every_answer(demo):
    """Every JSON route declares its answer: an object schema with the answer's fields, down to the figures."""
    spec = demo.get("/openapi.json").json()
    json_routes = {(path, method): op for path, ops in spec["paths"].items() for method, op in ops.items()
                   if path.endswith(".json") or path == "/sql"}
    assert len(json_routes) >= 15
    for (path, method), op in json_routes.items():
        schema = _resolve(spec, op["responses"]["200"]["content"]["application/json"]["schema"])
        assert schema.get("type") == "object" and schema["properties"], (path, method)
    race = _resolve(spec, json_routes["/race/{key}/{cycle}.json", "get"]["responses"]["200"]["content"]
                    ["application/json"]["schema"])
    cand = _resolve(spec, _resolve(spec, race["properties"]["candidates"])["items"])
    fig = _resolve(spec, _resolve(spec, cand["properties"]["summary"])["properties"]["ttl_receipts"])
    assert {"amount", "status", "row_refs", "missing", "coverage"} <= set(fig["properties"])
    assert _resolve(spec, fig["properties"]["amount"])["type"] == "string"  # exact text, never a number
    assert "not_loaded" in _resolve(spec, fig["properties"]["status"])["enum"]
    # each live answer has exactly the documented fields: none undocumented, every required one present
    first = demo.get("/race/CA-34/2024.json").json()
    cand_id = first["candidates"][0]["cand_id"]
    spender = first["independent_expenditures"][0]["spe_id"]
    for url, path in [("/index.json", "/index.json"), ("/search.json?q=lee", "/search.json"),
                      ("/race/CA-34/2024.json", "/race/{key}/{cycle}.json"),
                      (f"/candidate/{cand_id}/2024.json", "/candidate/{cand_id}/{cycle}.json"),
                      (f"/career/{cand_id}.json", "/career/{cand_id}.json"),
                      (f"/committee/{spender}/2024.json", "/committee/{cmte_id}/{cycle}.json"),
                      ("/network/seaglass/2024.json", "/network/{name}/{cycle}.json"),
                      ("/results/CA-34/2024.json", "/results/{key}/{year}.json"),
                      ("/rows/race/CA-34/2024.json?path=candidates.0.summary.ttl_receipts.row_refs",
                       "/rows/{view_name}/{a}/{b}.json")]:
        body = demo.get(url).json()
        schema = _resolve(spec, json_routes[path, "get"]["responses"]["200"]["content"]["application/json"]["schema"])
        assert set(body) <= set(schema["properties"]), (url, set(body) - set(schema["properties"]))
        assert set(schema.get("required", [])) <= set(body), url
    for path, ops in spec["paths"].items():  # and every page is declared as HTML
        if not path.endswith((".json", ".csv")) and path not in ("/sql", "/check") and "get" in ops:
            assert "text/html" in ops["get"]["responses"]["200"]["content"], path


def test_no_page_cache_computes_every_request(demo_db, monkeypatch):
    calls = []
    race = Trail.race

    def counted(self, *a, **k):
        calls.append(a)
        return race(self, *a, **k)

    monkeypatch.setattr(Trail, "race", counted)
    for cache, expected in ((True, 1), (False, 3)):
        calls.clear()
        client = TestClient(create_app(demo_db, cache=cache))
        pages = [client.get(p) for p in ("/race/CA-34/2024.json", "/race/CA-34/2024.json", "/race/CA-34/2024")]
        assert [r.status_code for r in pages] == [200, 200, 200]
        assert pages[0].json()["candidates"][0]["cand_id"] == pages[1].json()["candidates"][0]["cand_id"]
        assert len(calls) == expected, cache


def test_routes_and_views_ask_trail_not_the_model():
    """The route table and the views reach the data through Trail only: no model, store or source import
    (the typed answers and the one rendering of a figure are all they take from model/)."""
    import ast
    from pathlib import Path

    import moneytrail.web

    web = Path(moneytrail.web.__file__).parent
    for name in ("app.py", "routes.py", "views.py"):
        for node in ast.walk(ast.parse((web / name).read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 2:
                module = node.module or ""
                names = {a.name for a in node.names}
                assert module not in ("store", "sources") and not module.startswith(("store.", "sources.")), name
                if module == "model":
                    assert names <= {"reports"}, (name, names)
                elif module.startswith("model."):
                    assert module in ("model.reports", "model.figures") and names <= {"show"} | (
                        names if module == "model.reports" else set()), (name, module, names)


def test_sql_only_when_allowed_and_read_only(demo_db):
    client = TestClient(create_app(demo_db, allow_sql=True))
    r = client.get("/sql", params={"q": "select count(*) as n from bulk_cn"})
    assert r.status_code == 200 and r.json()["rows"][0]["n"] > 0 and r.json()["truncated"] is False
    for q in ("delete from bulk_cn", "SET threads = 1", "select 1; drop table bulk_cn"):
        r = client.get("/sql", params={"q": q})
        assert r.status_code == 400 and "read-only" in r.json()["error"], q
    for q in ("COPY (SELECT 42) TO '/tmp/x.csv'", "SELECT * FROM read_text('/etc/hostname')"):
        assert client.get("/sql", params={"q": q}).status_code == 400, q
    r = client.get("/sql", params={"q": "select 'nan'::double as x, 'abc'::blob as b, interval 1 day as i"})
    assert r.status_code == 200 and r.json()["rows"][0]["x"] == "nan"


def test_real_slices(real):
    page, data = twin(real, "/race/CA-34/2024")
    rep = data.json()
    gomez = [c for c in rep["candidates"] if c["cand_id"] == "H8CA34266"][0]
    assert amount(gomez["summary"]["ttl_receipts"]) == amount("2245652.60") and "$2,245,652.60" in page
    page, data = twin(real, "/committee/C00799031/2022")
    assert amount(data.json()["summary"]["ind_exp"]) == amount("26118700.49") and "$26,118,700.49" in page
    page, data = twin(real, "/candidate/H8CA34266/2024")
    assert "C00629659" in page


def test_names_are_escaped(tmp_path):
    evil = "<script>alert(1)</script> PAC"
    (tmp_path / "cn24.txt").write_text(
        "H4TX90001|SYNTHETIC, ONE|DEM|2024|TX|H|07|C|C|C80000001|1 MAIN ST||HOUSTON|TX|77001\n")
    (tmp_path / "cm24.txt").write_text(
        f"C80000009|{evil}|DOE, JO|1 MAIN ST||HOUSTON|TX|77001|U|Q||Q|||\n"
        "C80000001|SYNTHETIC ONE FOR CONGRESS|DOE, JO|1 MAIN ST||HOUSTON|TX|77001|P|H|DEM|Q|||H4TX90001\n")
    (tmp_path / "itpas224.txt").write_text(
        "C80000009|N|Q1|P2024|202401019000000001|24K|CCM|SYNTHETIC ONE FOR CONGRESS|HOUSTON|TX|77001|||"
        "01152024|1000|C80000001|H4TX90001|T1|9000001|||4000000000000000001\n")
    (tmp_path / "independent_expenditure_2024.csv").write_text(
        "cand_id,cand_name,spe_id,spe_nam,ele_type,can_office_state,can_office_dis,can_office,cand_pty_aff,"
        "exp_amo,exp_date,agg_amo,sup_opp,pur,pay,file_num,amndt_ind,tran_id,image_num,receipt_dat,"
        "fec_election_yr,prev_file_num,dissem_dt\n"
        f'H4TX90001,"SYNTHETIC, ONE",C80000009,"{evil}",G,TX,07,H,DEM,500.00,01-OCT-24,500.00,S,ADS,'
        "VENDOR,9000002,N,IE1,1,02-OCT-24,2024,,01-OCT-24\n")
    with Trail(tmp_path / "x.duckdb") as trail:
        trail.ingest([tmp_path])
    client = TestClient(create_app(tmp_path / "x.duckdb"))
    for path in ("/race/TX-07/2024", "/committee/C80000009/2024", "/candidate/H4TX90001/2024"):
        page = client.get(path).text
        assert "<script>alert" not in page, path
        assert "&lt;script&gt;" in page, path


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    view=st.sampled_from(["race", "candidate", "committee", "results", "rows", "search"]),
    a=st.text(min_size=1, max_size=12),
    b=st.one_of(st.integers(min_value=-5, max_value=3000).map(str), st.text(max_size=8)),
    suffix=st.sampled_from(["", ".json"]),
)
def test_no_server_errors_for_any_path(demo, view, a, b, suffix):
    from urllib.parse import quote

    if view == "rows":
        url = f"/rows/race/{quote(a, safe='')}/{quote(b, safe='')}{suffix}"
        r = demo.get(url, params={"path": a})
    elif view == "search":
        r = demo.get(f"/search{suffix}", params={"q": a})
    else:
        r = demo.get(f"/{view}/{quote(a, safe='')}/{quote(b, safe='')}{suffix}")
    assert r.status_code < 500, (r.request.url, r.text[:300])
