"""The CLI as a user runs it: ingest, then every query command in every output format."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from moneytrail.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory, fec_dir):
    path = tmp_path_factory.mktemp("cli") / "cli.duckdb"
    slices = fec_dir / "bulk-2024-early-sandeepk97"
    result = runner.invoke(
        app,
        ["ingest", str(slices / "cn24_early.txt"), str(slices / "cm24_early.txt"), str(slices / "ccl24_early.txt"),
         str(slices / "itpas2_24_early.txt"), str(fec_dir / "bulk-harshavardhan" / "weball24.txt"),
         "--db", str(path)],
    )
    assert result.exit_code == 0, result.output
    assert "itpas2" in result.output
    return str(path)


def test_race_table_json_csv_and_explain(db):
    out = runner.invoke(app, ["race", "CA-34", "--cycle", "2024", "--db", db])
    assert out.exit_code == 0, out.output
    assert "GOMEZ, JIMMY" in out.output and "$2,245,652.60" in out.output
    data = json.loads(runner.invoke(app, ["race", "CA-34", "--db", db, "--json"]).output)
    assert data["candidates"][0]["cand_id"] == "H8CA34266"
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["race", "CA-34", "--db", db, "--csv"]).output)))
    assert {r["cand_id"] for r in rows} >= {"H8CA34266", "H4CA34083"}
    explained = runner.invoke(app, ["race", "CA-34", "--db", db, "--explain"])
    assert explained.exit_code == 0
    assert "4032020231736665523" in explained.output  # a SUB_ID behind a committee gift to Gomez


def test_candidate_committee_search(db):
    out = runner.invoke(app, ["candidate", "H8CA34266", "--db", db])
    assert out.exit_code == 0 and "C00629659" in out.output
    out = runner.invoke(app, ["committee", "C00797670", "--db", db, "--json"])
    assert json.loads(out.output)["name"].startswith("AMERICAN ISRAEL PUBLIC AFFAIRS COMMITTEE")
    out = runner.invoke(app, ["search", "gomez", "--db", db, "--json"])
    assert any(h["id"] == "H8CA34266" for h in json.loads(out.output))


def test_unknown_ids_say_did_you_mean(db):
    out = runner.invoke(app, ["candidate", "H8CA34267", "--db", db])
    assert out.exit_code == 1 and "did you mean" in out.output and "H8CA34266" in out.output
    out = runner.invoke(app, ["race", "CA-340", "--db", db])
    assert out.exit_code == 1 and "not a race" in out.output
    out = runner.invoke(app, ["race", "CA-34", "--db", "/nonexistent/x.duckdb"])
    assert out.exit_code == 1 and "ingest" in out.output


def test_loads_and_rejects(db, tmp_path):
    out = runner.invoke(app, ["loads", "--db", db, "--json"])
    loads = json.loads(out.output)
    assert all(x["rows_read"] == x["rows_loaded"] + x["rows_rejected"] for x in loads)
    bad = tmp_path / "webk24.txt"
    row = "C80000001|X|Q|U|M|{}|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|12/31/2024\n"
    bad.write_text(row.format("100") + row.format("1O0"))
    out = runner.invoke(app, ["ingest", str(bad), "--db", db])
    assert out.exit_code == 0 and "moneytrail rejects" in out.output
    only_bad = tmp_path / "webk22.txt"  # a file of nothing but rejects is an error, not a quiet empty load
    only_bad.write_text(row.format("1O0"))
    out = runner.invoke(app, ["ingest", str(only_bad), "--db", db])
    assert out.exit_code == 1 and "rejected" in out.output
    out = runner.invoke(app, ["rejects", "--db", db, "--json"])
    assert json.loads(out.output)[0]["reason"] == "bad amount in ttl_receipts: '1O0'"


def test_rows_of_a_missing_reference_say_so(db):
    out = runner.invoke(app, ["rows", "bulk_cn:3:999999", "--db", db])
    assert out.exit_code == 0 and "no such row" in out.output
    out = runner.invoke(app, ["rows", "bulk_cn:3:99999999999999999999", "--db", db])
    assert out.exit_code == 1 and "no such row" in out.output
