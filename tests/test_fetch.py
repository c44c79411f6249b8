"""`fetch` end to end against a local FEC-like server on loopback: download, then ingest."""

from __future__ import annotations

import functools
import threading
import zipfile
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from moneytrail.cli import app
from moneytrail.trail import Trail

CN = "H4TX90001|SYNTHETIC, CANDIDATE ONE|DEM|2024|TX|H|07|C|C|C80000001|1 MAIN ST||HOUSTON|TX|77001\n"
CM = "C80000001|SYNTHETIC ONE FOR CONGRESS|DOE, JO|1 MAIN ST||HOUSTON|TX|77001|P|H|DEM|Q|||H4TX90001\n"


@pytest.fixture
def fec_server(tmp_path):
    root = tmp_path / "site" / "2024"
    root.mkdir(parents=True)
    for stem, member, text in [("cn24.zip", "cn.txt", CN), ("cm24.zip", "cm.txt", CM)]:
        with zipfile.ZipFile(root / stem, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(member, text)

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(tmp_path / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_fetch_downloads_then_ingests(tmp_path, fec_server):
    with Trail(tmp_path / "f.duckdb") as trail:
        results = trail.fetch(2024, ["cn", "cm"], dest=tmp_path / "dl", base=fec_server)
        assert [(r.kind, r.status, r.rows_loaded) for r in results] == [("cn", "loaded", 1), ("cm", "loaded", 1)]
        assert (tmp_path / "dl" / "2024" / "cn24.zip").exists()
        again = trail.fetch(2024, ["cn"], dest=tmp_path / "dl", base=fec_server)
        assert again[0].status == "unchanged"
        assert trail.candidate("H4TX90001", 2024)["pcc"] == "C80000001"


def test_fetch_cli_reports_missing_files_clearly(tmp_path, fec_server):
    result = CliRunner().invoke(
        app, ["fetch", "--cycle", "2024", "--files", "weball", "--base", fec_server,
              "--dest", str(tmp_path / "dl"), "--db", str(tmp_path / "f.duckdb")]
    )
    assert result.exit_code == 1
    assert "404" in result.output


def test_fetch_filing_by_number_then_show_it(tmp_path, fec_server):
    """`fetch --filing N` downloads N.fec from the filing server, ingests it; `filing N` shows it."""
    from moneytrail.sources.efile import write_filing

    posted = tmp_path / "site" / "posted"
    posted.mkdir()
    write_filing(posted / "900501.fec", [
        ("F24N", {"form_type": "F24N", "filer_committee_id_number": "C90000501", "report_type": "24",
                  "committee_name": "SYNTHETIC PAC", "date_signed": "20241030"}),
        ("SE", {"form_type": "SE", "filer_committee_id_number": "C90000501", "transaction_id_number": "T1",
                "dissemination_date": "20241029", "expenditure_amount": "1234.50", "support_oppose_code": "O",
                "candidate_id_number": "H4ZZ00009"}),
    ])
    runner = CliRunner()
    db = str(tmp_path / "f.duckdb")
    result = runner.invoke(app, ["fetch", "--filing", "900501", "--filing-base", f"{fec_server}/posted",
                                 "--dest", str(tmp_path / "dl"), "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "dl" / "900501.fec").exists()
    shown = runner.invoke(app, ["filing", "FEC-900501", "--db", db, "--json"])
    assert shown.exit_code == 0, shown.output
    import json

    rep = json.loads(shown.output)
    assert rep["filing"]["form_type"] == "F24N" and rep["current_filing_id"] == 900501
    assert [(s["schedule"], s["rows"], s["amount"]) for s in rep["schedules"]] == [("se", 1, "1234.50")]
    missing = runner.invoke(app, ["fetch", "--filing", "900502", "--filing-base", f"{fec_server}/posted",
                                  "--dest", str(tmp_path / "dl"), "--db", db])
    assert missing.exit_code == 1 and "404" in missing.output
