"""The CLI as a user runs it: ingest, then every query command in every output format."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import duckdb
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


# -- --csv: flat rows a spreadsheet opens -------------------------------------------------------------

def _figures(value, name=""):
    """(column, figure JSON) for every figure in a JSON record, named as the CSV names it (parent_child)."""
    if isinstance(value, dict) and {"amount", "status", "unit"} <= value.keys():
        yield name, value
    elif isinstance(value, dict):
        for k, v in value.items():
            if not k.endswith("_refs"):
                yield from _figures(v, f"{name}_{k}" if name else k)


def _csv_against_json(db, args, records_of):
    """The command's --csv parsed by csv.reader: rectangular, no JSON in a cell, and every figure of every
    record of the --json answer in its three columns (exact amount, status, coverage)."""
    answer = runner.invoke(app, [*args, "--db", str(db), "--json"])
    assert answer.exit_code == 0, answer.output
    records = records_of(json.loads(answer.stdout))
    out = runner.invoke(app, [*args, "--db", str(db), "--csv"])
    assert out.exit_code == 0, out.output
    table = list(csv.reader(io.StringIO(out.stdout)))
    assert records, f"{args}: nothing to compare"
    header, body = table[0], table[1:]
    assert len(body) == len(records) and all(len(r) == len(header) for r in body)
    assert not [c for r in body for c in r if c.startswith(("{", "["))]
    rows = [dict(zip(header, r, strict=True)) for r in body]
    checked = 0
    for record, row in zip(records, rows, strict=True):
        for column, fig in _figures(record):
            assert row[column] == (fig["amount"] or ""), (column, row[column], fig)
            assert row[f"{column}_status"] == fig["status"]
            if fig["status"] == "not_loaded":
                assert fig["missing"] in row[f"{column}_coverage"]
            checked += 1
    return rows, checked


def test_csv_is_flat_and_exact_on_the_real_slices(db, fec_dir):
    from rawsql import WEBALL_COLUMNS, raw_bulk

    rows, checked = _csv_against_json(db, ["race", "CA-34", "--cycle", "2024"], lambda r: r["candidates"])
    assert checked > 20
    with duckdb.connect() as con:
        raw = raw_bulk(con, fec_dir / "bulk-harshavardhan" / "weball24.txt", WEBALL_COLUMNS)
        expected = raw.filter("cand_id = 'H8CA34266'").select("ttl_receipts").fetchall()[0][0]
    gomez = next(r for r in rows if r["cand_id"] == "H8CA34266")
    assert Decimal(gomez["summary_ttl_receipts"]) == Decimal(expected)
    assert gomez["summary_ttl_receipts_status"] == "known"
    assert gomez["outside_support_status"] == "not_loaded"  # no IE file in the slices: named, never 0
    assert "independent" in gomez["outside_support_coverage"].lower() and gomez["outside_support"] == ""
    _csv_against_json(db, ["candidate", "H8CA34266", "--cycle", "2024"], lambda r: r["committee_money"])
    _csv_against_json(db, ["committee", "C00797670", "--cycle", "2024"], lambda r: r["given_to_candidates"])
    _csv_against_json(db, ["search", "gomez"], lambda r: r)
    rows, _ = _csv_against_json(db, ["loads"], lambda r: r)
    loaded = [r for r in rows if r["status"] == "loaded"]
    assert loaded and all(int(r["rows_read"]) == int(r["rows_loaded"]) + int(r["rows_rejected"]) for r in loaded)


def test_csv_is_flat_and_exact_on_the_demo(demo_db):
    rows, checked = _csv_against_json(demo_db, ["race", "CA-34"], lambda r: r["candidates"])
    assert checked > 50 and any(r["outside_support_status"] == "partial" for r in rows)
    assert all(r["outside_support_coverage"] for r in rows if r["outside_support_status"] == "partial")
    _csv_against_json(demo_db, ["network", "seaglass"], lambda r: r["candidates"])
    _csv_against_json(demo_db, ["candidate", "H4CA90004", "--networks"], lambda r: r["networks"])
    _csv_against_json(demo_db, ["candidate", "H4CA90004", "--career"], lambda r: r["cycles"])
    rows, _ = _csv_against_json(demo_db, ["results", "CA-34", "--year", "2024"],
                                lambda r: [c for x in r["contests"] for c in x["candidates"]])
    assert {r["stage"] for r in rows} >= {"primary", "general"}
    rows, _ = _csv_against_json(demo_db, ["rejects"], lambda r: r)
    assert all(r["reason"] for r in rows)


def test_every_command_says_what_it_does():
    import typer.main

    group = typer.main.get_command(app)
    missing = []
    for name, cmd in group.commands.items():
        subs = getattr(cmd, "commands", None)
        for sub_name, sub in (subs or {name: cmd}).items():
            if not (sub.help or "").strip():
                missing.append(f"{name} {sub_name}" if subs else name)
    assert len(group.commands) >= 20 and missing == []


@pytest.mark.parametrize("stop", ["ctrl-c", "duckdb"])
def test_an_interrupted_command_is_one_line_and_exit_130(db, monkeypatch, stop):
    from moneytrail.trail import Trail

    def interrupted(self, *args, **kwargs):
        raise KeyboardInterrupt if stop == "ctrl-c" else duckdb.InterruptException("INTERRUPT Error: Interrupted!")

    monkeypatch.setattr(Trail, "race", interrupted)
    out = runner.invoke(app, ["race", "CA-34", "--db", db])
    assert out.exit_code == 130
    assert "interrupted" in out.output and "Traceback" not in out.output and len(out.output.strip().splitlines()) == 1
