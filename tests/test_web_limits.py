"""The server under hostile use: the SQL sandbox, the per-request budget, cached refusals, bounded
/check, no server paths, every status declared in OpenAPI (schemathesis), a prompt SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import httpx
import pytest
import schemathesis
from conftest import free_port
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from moneytrail.errors import NotFound
from moneytrail.trail import Trail
from moneytrail.web.app import create_app
from moneytrail.web.budget import Budget, ViewCache
from moneytrail.web.errors import OverBudget

SRC = Path(__file__).resolve().parents[1] / "src"
FOREVER = "SELECT count(*) FROM range(1000000000000000)"  # hours of work if nothing stops it


@pytest.fixture(scope="module")
def sql(demo_db):
    return TestClient(create_app(demo_db, allow_sql=True, sql_seconds=1))


@pytest.mark.parametrize("q", [
    "EXPLAIN ANALYZE SET memory_limit = '1MB'",
    "EXPLAIN ANALYZE PRAGMA show_tables",
    "EXPLAIN ANALYZE CALL pragma_version()",
    "EXPLAIN ANALYZE CREATE TEMP TABLE t AS SELECT 1",
    "EXPLAIN ANALYZE CREATE TEMP MACRO m(a) AS a",
    "EXPLAIN ANALYZE CHECKPOINT",
    "EXPLAIN EXPLAIN SELECT 1",
    "EXPLAIN (FORMAT json) SET threads = 1",
    "SET memory_limit = '1MB'", "RESET memory_limit", "SET lock_configuration = false", "USE memory",
    "PRAGMA show_tables", "PRAGMA memory_limit = '1MB'", "CALL pragma_version()", "CHECKPOINT", "FORCE CHECKPOINT",
    "CREATE TEMP TABLE t AS SELECT 1", "CREATE TEMP MACRO m(a) AS a", "CREATE VIEW v AS SELECT 1",
    "ATTACH '/tmp/other.duckdb' AS o", "DETACH store", "COPY (SELECT 42) TO '/tmp/x.csv'",
    "EXPORT DATABASE '/tmp/x'", "INSTALL httpfs", "LOAD httpfs", "UPDATE EXTENSIONS", "BEGIN", "VACUUM", "ANALYZE",
    "DELETE FROM bulk_cn", "INSERT INTO bulk_cn SELECT * FROM bulk_cn", "DROP TABLE bulk_cn",
    "PIVOT bulk_cn ON cycle", "SELECT 1; SELECT 2", "SELECT 1; SET threads = 1", "",
    "SELECT * FROM read_text('/etc/hostname')", "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_parquet('/tmp/*.parquet')", "SELECT * FROM glob('/*')", "SELECT * FROM '/etc/passwd'",
    "FROM sniff_csv('/etc/passwd')", "SELECT * FROM query('SET threads = 1')",
])
def test_sandbox_refuses(sql, q):
    r = sql.get("/sql", params={"q": q})
    assert r.status_code == 400, (q, r.text[:300])
    assert r.json()["error"] and "Traceback" not in r.text


@pytest.mark.parametrize("q", [
    "SELECT count(*) AS n FROM bulk_cn", "WITH a AS (SELECT 1 AS x) SELECT * FROM a", "FROM bulk_cm LIMIT 3",
    "VALUES (1, 'a')", "DESCRIBE bulk_cn", "SHOW TABLES", "SUMMARIZE SELECT * FROM range(10)",
    "EXPLAIN SELECT count(*) FROM bulk_cn", "explain analyze select count(*) from bulk_cn",
    "SELECT current_setting('memory_limit') AS m",
])
def test_sandbox_answers_the_select_family(sql, q):
    r = sql.get("/sql", params={"q": q})
    assert r.status_code == 200, (q, r.text[:300])
    assert r.json()["columns"] and r.json()["rows"]


def test_sandbox_cannot_change_what_the_pages_see(sql):
    before = sql.get("/race/CA-34/2024.json").json()
    for q in ("EXPLAIN ANALYZE SET memory_limit = '1MB'", "SET lock_configuration = false",
              "SELECT * FROM query('SET memory_limit = ''1MB''')", "EXPLAIN ANALYZE SET enable_external_access = true"):
        assert sql.get("/sql", params={"q": q}).status_code == 400
    settings_now = {r["name"]: r["value"] for r in sql.get("/sql", params={
        "q": "SELECT name, value FROM duckdb_settings() WHERE name IN "
             "('memory_limit', 'enable_external_access', 'lock_configuration', 'threads')"}).json()["rows"]}
    assert settings_now["enable_external_access"] == "false" and settings_now["lock_configuration"] == "true"
    assert settings_now["threads"] == "1" and "MiB" in settings_now["memory_limit"]
    sql.get("/race/CA-34/2024.json")  # the page instance is untouched: its answers are the same
    assert sql.get("/race/CA-34/2024.json").json() == before
    assert sql.get("/candidate/H4CA90004/2024.json").status_code == 200


def test_sandbox_bounds_the_answer(sql):
    r = sql.get("/sql", params={"q": "SELECT repeat('x', 1000000) AS s FROM range(1000)"})  # 1 GB of answer
    assert r.status_code == 400 and "more memory than the SQL sandbox allows" in r.json()["error"]
    r = sql.get("/sql", params={"q": "SELECT repeat('x', 100000) AS s FROM range(1000)"})  # 100 MB
    assert r.status_code == 200 and r.json()["truncated"] is True and "2,000,000 characters" in r.json()["message"]
    assert len(r.content) < 3_000_000 and len(r.json()["rows"]) == 20
    r = sql.get("/sql", params={"q": "SELECT * FROM range(5000)"})
    assert r.json()["truncated"] is True and len(r.json()["rows"]) == 1000 and "1,000 rows" in r.json()["message"]
    r = sql.get("/sql", params={"q": "SELECT list(repeat('x', 1000000)) FROM range(2000)"})
    assert r.status_code == 400 and "more memory" in r.json()["error"]
    r = sql.get("/sql", params={"q": FOREVER})
    assert r.status_code == 400 and "1-second limit" in r.json()["error"]


def test_budget_stops_every_query_of_a_request():
    budget = Budget(0.2)
    con = duckdb.connect()
    started = time.monotonic()
    with pytest.raises(OverBudget, match="budget"):
        with budget.limit(con):
            con.execute(FOREVER).fetchall()
    with pytest.raises(OverBudget):  # many short queries past the deadline: each one is stopped
        with budget.limit(con, seconds=0.1):
            for _ in range(100_000):
                con.execute("SELECT count(*) FROM range(3000000)").fetchall()
    assert time.monotonic() - started < 30  # a hang guard, not a benchmark: unstopped, this runs for hours
    assert con.execute("SELECT 42").fetchall() == [(42,)]  # the cursor is usable again afterwards


def test_over_budget_page_is_a_503_and_is_not_cached(demo_db, monkeypatch):
    calls = []

    def slow_race(self, key, cycle):
        calls.append(key)
        self.store.con.execute(FOREVER).fetchall()

    monkeypatch.setattr(Trail, "race", slow_race)
    client = TestClient(create_app(demo_db, budget_seconds=1.5))
    r = client.get("/race/CA-34/2024.json")
    assert r.status_code == 503 and "budget" in r.json()["error"] and r.headers["retry-after"]
    r = client.get("/race/CA-34/2024")
    assert r.status_code == 503 and r.headers["content-type"].startswith("text/html") and "budget" in r.text
    assert len(calls) == 2  # a stopped view is tried again, not remembered as failed
    assert client.get("/index.json").status_code == 200  # the next request on that thread is unharmed


def test_unknown_ids_cost_one_small_check_once(demo_db, monkeypatch):
    counts = {"candidate": 0, "candidate_networks": 0, "committee": 0}
    for name in counts:
        original = getattr(Trail, name)

        def counted(self, *a, _name=name, _orig=original, **k):
            counts[_name] += 1
            return _orig(self, *a, **k)

        monkeypatch.setattr(Trail, name, counted)
    client = TestClient(create_app(demo_db))
    for _ in range(3):
        r = client.get("/networks/H0XX00001/2024.json")
        assert r.status_code == 404 and "no candidate H0XX00001" in r.json()["error"]
        assert client.get("/networks/H0XX00001/2024").status_code == 404
        assert client.get("/candidate/H0XX00001/2024.json").status_code == 404
        assert client.get("/committee/C99999999/2024.json").status_code == 404
    assert counts == {"candidate": 0, "candidate_networks": 0, "committee": 1}  # candidates: one small query


def test_one_computation_per_view_however_many_ask():
    cache, calls = ViewCache(maxsize=4), []
    gate = threading.Event()

    def compute():
        calls.append(1)
        gate.wait(5)
        return {"answer": 42}

    out = []
    threads = [threading.Thread(target=lambda: out.append(cache.get(("race", "CA-34"), compute, wait=10)))
               for _ in range(8)]
    for t in threads:
        t.start()
    time.sleep(0.2)
    gate.set()
    for t in threads:
        t.join(10)
    assert calls == [1] and out == [{"answer": 42}] * 8

    def missing():
        calls.append(2)
        raise NotFound("no candidate X")

    for _ in range(3):
        with pytest.raises(NotFound, match="no candidate X"):
            cache.get(("candidate", "X"), missing, wait=1)
    assert calls.count(2) == 1
    for i in range(10):  # bounded: old entries leave
        cache.get(("n", i), lambda: 0, wait=1)
    assert len(cache) == 4


def test_check_is_bounded(demo_db, monkeypatch):
    release = threading.Event()

    def stuck(self, text, date=None):  # a check whose own code (not DuckDB) runs long
        release.wait(20)
        return {}

    monkeypatch.setattr(Trail, "check", stuck)
    client = TestClient(create_app(demo_db, budget_seconds=0.3))
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(client.post("/check.json", data={"text": "x"})))
               for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert [r.status_code for r in answers] == [503, 503] and "budget" in answers[0].json()["error"]
    r = client.post("/check.json", data={"text": "Gomez raised $2 million."})  # both checkers still held
    assert r.status_code == 503 and "busy" in r.json()["error"]
    release.set()
    monkeypatch.setattr(Trail, "check", lambda self, text, date=None: {"text": text, "results": []})
    for _ in range(50):
        r = client.post("/check.json", data={"text": "Gomez raised $2 million."})
        if r.status_code == 200:
            break
        time.sleep(0.1)
    assert r.status_code == 200


def test_no_server_paths_in_answers(demo_db, demo_client):
    client = demo_client
    site = str(Path(json.__file__).parent.parent)
    net = client.get("/network/seaglass/2024.json").json()
    i = next(i for i, c in enumerate(net["candidates"]) if c["earmarked_refs"])
    answers = [
        client.get("/index.json"), client.get("/network/seaglass/2024.json"), client.get("/race/CA-34/2024.json"),
        client.get("/rows/network/SEAGLASS/2024.json", params={"path": f"candidates.{i}.earmarked_refs"}),
        client.get("/rows/race/CA-34/2024.json", params={"path": "independent_expenditures.0.row_refs"}),
        client.get("/rows/race/CA-34/2024.csv", params={"path": "independent_expenditures.0.row_refs"}),
    ]
    for r in answers:
        assert r.status_code == 200, r.url
        assert str(demo_db.parent) not in r.text and site not in r.text and "site-packages" not in r.text, r.url
    assert net["registry"] == "networks-demo.yaml"
    rows = answers[3].json()["rows"]
    assert rows and all("/" not in r["source_file"] and r["source_file"].endswith(".txt") for r in rows)
    assert all("path" not in load and load["file_name"] for load in answers[0].json()["loads"])


# -- the OpenAPI schema against the app on loopback ----------------------------------------


@pytest.fixture(scope="module")
def served(demo_db, loopback):
    with loopback(create_app(demo_db, allow_sql=True, sql_seconds=1, budget_seconds=10)) as url:
        yield url


@pytest.fixture(scope="module")
def web_schema(served):
    return schemathesis.openapi.from_url(served + "/openapi.json")


schema = schemathesis.pytest.from_fixture("web_schema")


@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_every_status_a_route_answers_is_declared(case, served):
    case.call_and_validate(base_url=served, checks=[not_a_server_error, status_code_conformance], timeout=30)


def test_sigterm_stops_the_server_promptly(demo_db, tmp_path):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "moneytrail.cli", "serve", "--db", str(demo_db), "--port", str(port),
         "--allow-sql", "--sql-seconds", "600", "--budget", "600"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(base + "/index.json", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)

        def stuck(url, **params):  # a query that would hold a worker for 600 s; the slowest page of the demo
            try:
                httpx.get(base + url, params=params, timeout=120)
            except httpx.HTTPError:
                pass

        for url, params in [("/sql", {"q": FOREVER})] * 2 + [("/networks/H4CA90004/2024.json", {})] * 2:
            threading.Thread(target=stuck, args=(url,), kwargs=params, daemon=True).start()
        time.sleep(1.0)
        proc.send_signal(signal.SIGTERM)
        sent = time.monotonic()
        proc.wait(timeout=60)
        waited = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert waited < 15, waited  # uvicorn's 2-s grace, then every query is stopped (was: until they finished)
    assert b"Traceback" not in proc.stderr.read()
