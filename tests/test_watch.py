"""`moneytrail watch` end to end against an FEC-like server on loopback (127.0.0.1 only).

The server serves an RSS feed in the FEC's item format (built here from the filings' own covers)
and real `.fec` filings copied at test time from ../shared/data/fec; it can repeat items, answer
304 Not Modified, 404 a filing, cut a download short, refuse the feed with 503, and take POSTs.
Expected figures are read from the raw files with DuckDB's CSV reader and the fecfile field map,
not by moneytrail.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse
from xml.sax.saxutils import escape

import duckdb
import pytest
from typer.testing import CliRunner

from moneytrail.cli import app
from moneytrail.model import build as mbuild
from moneytrail.sources import feed as sfeed
from moneytrail.sources.efile import write_filing
from moneytrail.trail import Trail

DAY = "fecfile/test-data/20180616"
REAL = {  # filing id -> path under ../shared/data/fec
    1238419: f"{DAY}/1238419.fec",   # F3N, Sakima for Congress
    1238417: f"{DAY}/1238417.fec",   # F3A of FEC-1201443 (not available)
    1238418: f"{DAY}/1238418.fec",   # F3A of FEC-1222311 (not available)
    1238405: f"{DAY}/1238405.fec",   # F24N, America First Action: one SE row with a candidate id
    1238403: f"{DAY}/1238403.fec",   # F24N, Congressional Leadership Fund: two SE rows, no candidate ids
    1238401: f"{DAY}/1238401.fec",   # F3XA of a committee nobody follows
    467627: "fech/spec/data/467627.fec",  # F3N, Djou for Hawaii
    767339: "fech/spec/data/767339.fec",  # F3A amending FEC-467627
    1238364: f"{DAY}/1238364.fec",   # F6N: 48-hour notice of contributions received (F65 lines)
    1238377: f"{DAY}/1238377.fec",   # F6N
}
FOLLOWED = ["C00587782", "C00637512", "C00504530", "C00441451"]


# -- reading the raw files, independently ------------------------------------------------------


def raw_records(path: Path) -> list[list[str]]:
    """Every line of a v6+ .fec file split on FS, through DuckDB's CSV reader (one column per line)."""
    con = duckdb.connect()
    rows = con.execute(
        "SELECT string_split(line, chr(28)) FROM read_csv(?, columns={'line': 'VARCHAR'}, delim=chr(2), quote='', "
        "escape='', header=false, auto_detect=false) WHERE line IS NOT NULL", [str(path)]).fetchall()
    return [[v.strip().strip('"') for v in r[0]] for r in rows]


def field_names(record_type: str, version: str) -> list[str]:
    mappings = json.loads((Path(__file__).resolve().parents[2] / "shared/data/fec/fecfile/reference/mappings.json")
                          .read_text())
    for form, versions in mappings.items():
        if re.match(form, record_type, re.I):
            for v, names in versions.items():
                if re.match(v, version, re.I):
                    return names
    raise KeyError(record_type)


def raw_cover(path: Path) -> dict[str, str]:
    rows = raw_records(path)
    version = rows[0][2]
    return dict(zip(field_names(rows[1][0], version), rows[1], strict=False))


def raw_se(path: Path) -> list[dict[str, str]]:
    rows = raw_records(path)
    version = rows[0][2]
    return [dict(zip(field_names("SE", version), r, strict=False)) for r in rows[2:] if r[0] == "SE"]


def money(text: str) -> Decimal:
    return Decimal(text).quantize(Decimal("0.01"))


# -- the loopback FEC ---------------------------------------------------------------------------


def feed_item(path: Path, filing_id: int, base: str) -> str:
    """One RSS item in the FEC's format, from the filing's own cover."""
    c = raw_cover(path)
    name = c.get("committee_name") or c.get("organization_name") or ""

    def mdy(v):
        return f"{v[4:6]}/{v[6:8]}/{v[:4]}" if v and len(v) == 8 else ""

    meta = (f"CommitteeId: {c['filer_committee_id_number']} | FilingId: {filing_id} | FormType: {c['form_type']} | "
            f"CoverageFrom: {mdy(c.get('coverage_from_date', ''))} | "
            f"CoverageThrough: {mdy(c.get('coverage_through_date', ''))} | ReportType: {c.get('report_code', '')}")
    desc = f"<p>The {name} successfully filed their {c['form_type']}</p>*********{meta}*********"
    link = f"{base}/posted/{filing_id}.fec"
    return (f"<item><title>{escape('New filing by ' + name)}</title><link>{link}</link>"
            f"<description>{escape(desc)}</description>"
            f"<pubDate>{format_datetime(datetime(2018, 6, 16, 12, 0, 0, tzinfo=UTC), usegmt=True)}</pubDate>"
            f"<guid>{link}</guid></item>")


class Site:
    def __init__(self, root: Path):
        self.root = root
        self.files: dict[int, Path] = {}
        self.items: list[str] = []
        self.missing: set[int] = set()      # 404
        self.truncate: set[int] = set()     # announce the full length, send half, close
        self.feed_status: int | None = None  # e.g. 503
        self.posts: list[dict] = []
        self.post_status = 200
        self.feed_requests: list[str] = []
        self.base = ""

    def feed(self) -> bytes:
        body = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                "<title>FEC Electronic Filing RSS Feed</title><link>http://docquery.fec.gov//rss</link>"
                "<description>New filings within the last 7 days</description>"
                + "".join(self.items) + "</channel></rss>")
        return body.encode()

    def add(self, filing_id: int, path: Path, times: int = 1) -> None:
        self.files[filing_id] = path
        self.items.extend([feed_item(path, filing_id, self.base)] * times)


@pytest.fixture
def site(tmp_path):
    s = Site(tmp_path / "site")
    s.root.mkdir()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, status, body=b"", headers=None, head=False):
            self.send_response(status)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head and status != 304:
                self.wfile.write(body)

        def _get(self, head=False):
            url = urlparse(self.path)
            if url.path == "/rss/generate":
                s.feed_requests.append(url.query)
                assert "User-Agent" in self.headers and "moneytrail" in self.headers["User-Agent"]
                if s.feed_status:
                    return self._send(s.feed_status, b"busy", {"Retry-After": "120"}, head)
                body = s.feed()
                tag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == tag:
                    return self._send(304, headers={"ETag": tag}, head=head)
                return self._send(200, body, {"ETag": tag, "Content-Type": "application/rss+xml"}, head)
            m = re.fullmatch(r"/posted/(\d+)\.fec", url.path)
            if not m or int(m.group(1)) in s.missing or int(m.group(1)) not in s.files:
                return self._send(404, b"not found", head=head)
            fid = int(m.group(1))
            body = s.files[fid].read_bytes()
            if fid in s.truncate and not head:
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            return self._send(200, body, head=head)

        def do_GET(self):
            self._get()

        def do_HEAD(self):
            self._get(head=True)

        def do_POST(self):
            n = int(self.headers.get("Content-Length") or 0)
            s.posts.append(json.loads(self.rfile.read(n)))
            self._send(s.post_status, b"ok")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    s.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield s
    server.shutdown()
    server.server_close()


def copy_real(fec_dir: Path, tmp: Path, filing_id: int) -> Path:
    """A real filing copied into the test's own folder (never into the repo)."""
    dest = tmp / "real" / f"{filing_id}.fec"
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(fec_dir / REAL[filing_id], dest)
    return dest


class Clock:
    def __init__(self):
        self.now = datetime(2026, 10, 20, 12, 0, 0)

    def __call__(self):
        return self.now


# -- committees: real filings --------------------------------------------------------------------


def test_watch_committees_real_filings(tmp_path, site, fec_dir):
    paths = {fid: copy_real(fec_dir, tmp_path, fid) for fid in REAL}
    for fid in (1238419, 1238405, 1238403, 467627, 1238401):
        site.add(fid, paths[fid])
    site.add(1238417, paths[1238417], times=2)  # the feed repeats an item
    site.add(1238418, paths[1238418])
    site.missing.add(1238418)                    # ... announces a filing it does not serve yet
    site.truncate.add(1238417)                   # ... and cuts another short
    clock = Clock()
    seen = []
    with Trail(tmp_path / "w.duckdb") as trail:
        w = trail.watcher(committees=FOLLOWED, dest=tmp_path / "dl", feed_base=f"{site.base}/rss/generate",
                          post_url=f"{site.base}/hook", on_alert=seen.append, clock=clock)
        assert all("cids=" in u for u in w.feed_urls())
        p = w.run_once()
        assert p.new_items == 6  # 1238401's committee is not followed; the repeated item counts once
        assert sorted(p.loaded) == [467627, 1238403, 1238405, 1238419]
        assert sorted(f for f, _m in p.failed) == [1238417, 1238418]
        why = dict(p.failed)
        assert "404" in why[1238418]
        assert "lost after" in why[1238417] or "size mismatch" in why[1238417]
        # nothing of a failed filing is in the store
        loaded = {r[0] for r in trail.store.con.execute("SELECT filing_id FROM filings").fetchall()}
        assert loaded == {467627, 1238403, 1238405, 1238419}
        by_id = {a.filing_id: a for a in p.alerts}
        assert set(by_id) == {467627, 1238403, 1238405, 1238419} and [a.filing_id for a in seen] == [
            a.filing_id for a in p.alerts]

        # a report: its headline figures are its cover's
        for fid in (1238419, 467627):
            a, cover = by_id[fid], raw_cover(paths[fid])
            assert a.kind == "report"
            assert a.entry.figures["receipts"].amount == money(cover["col_a_total_receipts"])
            assert a.entry.figures["disbursements"].amount == money(cover["col_a_total_disbursements"])
            assert a.entry.figures["cash_on_hand_close"].amount == money(cover["col_a_cash_on_hand_close_of_period"])
            assert a.entry.filer_id == cover["filer_committee_id_number"]
        # IE notices: $ for / against whom, by whom, as the Schedule E rows say
        for fid in (1238405, 1238403):
            a = by_id[fid]
            assert a.kind == "ie_notice" and a.entry.report_type in ("24", "48")
            expected: dict[tuple, Decimal] = {}
            for r in raw_se(paths[fid]):
                if r.get("memo_code") != "X":
                    key = (r["candidate_id_number"] or None, {"S": "support", "O": "oppose"}[r["support_oppose_code"]])
                    expected[key] = expected.get(key, Decimal(0)) + money(r["expenditure_amount"])
            got = {(x.cand_id, x.support_oppose): x.amount.amount for x in a.entry.ies}
            assert got == expected
            assert a.entry.filer_id == raw_cover(paths[fid])["filer_committee_id_number"]
        assert "supporting DONOVAN, DAN (H6NY11174)" in by_id[1238405].text()
        assert "$18,579.85" in by_id[1238405].text()
        # posted, once each
        assert sorted(x["filing_id"] for x in site.posts) == sorted(by_id)
        assert all(x["type"] == "moneytrail.alert" for x in site.posts)

        # the same feed again: 304, nothing fetched, nothing alerted; the failed ones wait their turn
        p2 = w.run_once()
        assert p2.not_modified == p2.feeds and p2.new_items == 0 and not p2.loaded and not p2.failed
        assert not p2.alerts and len(site.posts) == 4

        # later: the server has both, and an amendment of a loaded report arrives
        site.missing.clear()
        site.truncate.clear()
        site.add(767339, paths[767339])
        clock.now += timedelta(hours=1)
        p3 = w.run_once()
        assert sorted(p3.loaded) == [767339, 1238417, 1238418] and not p3.failed
        by_id = {a.filing_id: a for a in p3.alerts}
        amend = by_id[767339]
        assert amend.kind == "amendment" and amend.previous == 467627 and amend.previous_loaded
        before, after = raw_cover(paths[467627]), raw_cover(paths[767339])
        changes = {c.what: c for c in amend.changes}
        for name, raw in (("receipts", "col_a_total_receipts"), ("disbursements", "col_a_total_disbursements"),
                          ("cash_on_hand_close", "col_a_cash_on_hand_close_of_period")):
            assert changes[name].before.amount == money(before[raw])
            assert changes[name].after.amount == money(after[raw])
            assert changes[name].changed == (money(before[raw]) != money(after[raw]))
        assert "→" in amend.text()
        # an amendment whose original is not loaded says so, and which filing would answer
        for fid, original in ((1238417, 1201443), (1238418, 1222311)):
            a = by_id[fid]
            assert a.kind == "amendment" and a.previous == original and not a.previous_loaded
            assert all(c.before.status == "not_loaded" and f"FEC-{original}" in c.before.missing for c in a.changes)
            assert a.changes[0].after.amount == money(raw_cover(paths[fid])["col_a_total_receipts"])
        # the store's version chain agrees: the amendment is the current version
        assert trail.filing(767339)["current_filing_id"] == 767339

        p4 = w.run_once()
        assert not p4.alerts and not p4.loaded and not p4.failed
        assert len(trail.watch_alerts()) == 7
        w.close()


def test_feed_errors_back_off_and_posts_retry(tmp_path, site, fec_dir):
    path = copy_real(fec_dir, tmp_path, 1238405)
    site.add(1238405, path)
    site.feed_status = 503
    clock = Clock()
    with Trail(tmp_path / "w.duckdb") as trail:
        w = trail.watcher(committees=["C00637512"], dest=tmp_path / "dl", feed_base=f"{site.base}/rss/generate",
                          post_url=f"{site.base}/hook", clock=clock)
        p = w.run_once()
        assert p.feed_errors and "503" in p.feed_errors[0] and not p.alerts
        clock.now += timedelta(seconds=60)  # within Retry-After (120 s) and the first backoff step
        asked = len(site.feed_requests)
        p = w.run_once()
        assert p.backing_off and p.feeds == 0 and len(site.feed_requests) == asked
        site.feed_status = None
        site.post_status = 500
        clock.now += timedelta(minutes=10)
        p = w.run_once()
        assert p.loaded == [1238405] and len(p.alerts) == 1 and p.post_errors
        site.post_status = 200
        p = w.run_once()
        assert not p.alerts and p.posted == 1  # the stored alert is posted, not made again
        assert [x["filing_id"] for x in site.posts] == [1238405, 1238405]  # the failed POST, then the retry
        w.close()


def test_watch_loop_is_bounded_and_interval_checked(tmp_path, site, fec_dir):
    site.add(1238405, copy_real(fec_dir, tmp_path, 1238405))
    naps = []
    with Trail(tmp_path / "w.duckdb") as trail:
        w = trail.watcher(committees=["C00637512", "C00504530"], dest=tmp_path / "dl",
                          feed_base=f"{site.base}/rss/generate")
        passes = []
        assert w.run(30, passes=3, on_pass=passes.append, sleep=naps.append) == 3
        assert naps == [30, 30] and [len(p.alerts) for p in passes] == [1, 0, 0]
        from moneytrail.errors import MoneytrailError

        with pytest.raises(MoneytrailError):
            w.run(0, passes=1)

        def ctrl_c(_seconds):
            raise KeyboardInterrupt

        site.add(1238403, copy_real(fec_dir, tmp_path, 1238403))
        with pytest.raises(KeyboardInterrupt):  # the CLI catches it and says "stopped"
            w.run(30, on_pass=passes.append, sleep=ctrl_c)
        assert [a.filing_id for a in passes[-1].alerts] == [1238403]  # the pass before Ctrl-C is stored
        assert [r["filing_id"] for r in trail.watch_alerts()] == [1238403, 1238405]
        w.close()


def test_other_forms_alert_with_their_schedules(tmp_path, site, fec_dir):
    """An F6 (48-hour notice of large contributions) from a followed committee: rows and dollars as filed."""
    paths = {fid: copy_real(fec_dir, tmp_path, fid) for fid in (1238364, 1238377)}
    for fid, path in paths.items():
        site.add(fid, path)
    committees = [raw_cover(p)["filer_committee_id_number"] for p in paths.values()]
    with Trail(tmp_path / "w.duckdb") as trail:
        w = trail.watcher(committees=committees, dest=tmp_path / "dl", feed_base=f"{site.base}/rss/generate")
        p = w.run_once()
        assert sorted(a.filing_id for a in p.alerts) == sorted(paths)
        for a in p.alerts:
            rows = raw_records(paths[a.filing_id])
            names = field_names("F65", rows[0][2])
            f65 = [dict(zip(names, r, strict=False)) for r in rows[2:] if r[0] == "F65"]
            assert a.kind == "filing" and a.entry.form_type == "F6N"
            sa = next(t for t in a.schedules if t.schedule == "sa")
            assert sa.rows == len(f65)
            assert sa.amount.amount == sum(money(r["contribution_amount"]) for r in f65)
            assert f"{len(f65)} row(s)" in a.text()
        w.close()


# -- a race: the demo's CA-34, with synthetic filings ------------------------------------------


def _synthetic_race_filings(folder: Path, trail: Trail) -> dict[int, Path]:
    """Invented filings for the demo's CA-34: a candidate committee's report and its amendment,
    outside spenders' 24-hour notices (one naming a candidate by name only), and a notice elsewhere."""
    rep = trail.race("CA-34", 2024)
    cand = rep["candidates"][0]
    other = rep["candidates"][1]
    cmte = cand["committees"][0]["cmte_id"]
    last = other["name"].split(",")[0]
    folder.mkdir(parents=True, exist_ok=True)

    def f3(form_type, receipts, amends=None):
        return [(form_type, {"form_type": form_type, "filer_committee_id_number": cmte,
                             "committee_name": "SYNTHETIC CAMPAIGN COMMITTEE", "report_code": "12G",
                             "coverage_from_date": "20241001", "coverage_through_date": "20241016",
                             "date_signed": "20241024", "col_a_total_receipts": receipts,
                             "col_a_total_disbursements": "50000.00",
                             "col_a_cash_on_hand_close_of_period": "125000.00"})]

    def f24(filer, rows, signed="20241025"):
        recs = [("F24N", {"form_type": "F24N", "filer_committee_id_number": filer, "report_type": "24",
                          "committee_name": f"SYNTHETIC SPENDER {filer[-2:]}", "date_signed": signed})]
        for i, (cand_id, name, so, amount, memo) in enumerate(rows):
            recs.append(("SE", {"form_type": "SE", "filer_committee_id_number": filer,
                                "transaction_id_number": f"T{i}", "entity_type": "ORG",
                                "payee_organization_name": "SYNTHETIC MEDIA LLC", "dissemination_date": "20241024",
                                "expenditure_amount": amount, "support_oppose_code": so,
                                "candidate_id_number": cand_id, "candidate_last_name": name,
                                "candidate_office": "H", "candidate_state": "CA" if name != "ELSEWHERE" else "TX",
                                "candidate_district": "34" if name != "ELSEWHERE" else "07", "memo_code": memo}))
        return recs

    out = {
        990001: write_filing(folder / "990001.fec", f3("F3N", "200000.00")),
        990002: write_filing(folder / "990002.fec", f24("C99000002", [
            (cand["cand_id"], cand["name"].split(",")[0], "O", "45000.00", None),
            (cand["cand_id"], cand["name"].split(",")[0], "O", "999.00", "X")])),
        990003: write_filing(folder / "990003.fec", f24("C99000003", [(None, last, "S", "12500.50", None)])),
        990004: write_filing(folder / "990004.fec", f24("C99000004", [("H4TX99999", "ELSEWHERE", "S", "7000", None)])),
        990005: write_filing(folder / "990005.fec", f3("F3A", "210000.00"), amends=990001, amendment_number=1),
    }
    return out


def test_watch_race_cli_once_then_nothing(tmp_path, site, demo_copy):
    db = demo_copy
    with Trail(db) as trail:
        files = _synthetic_race_filings(tmp_path / "synthetic", trail)
        race = trail.race("CA-34", 2024)
    for fid in (990001, 990002, 990003, 990004):
        site.add(fid, files[fid])
    runner = CliRunner()
    args = ["watch", "CA-34", "--once", "--db", str(db), "--feed-url", f"{site.base}/rss/generate",
            "--filing-base", f"{site.base}/posted", "--dest", str(tmp_path / "dl")]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    out = first.output
    cand, other = race["candidates"][0], race["candidates"][1]
    assert "SYNTHETIC" in out
    assert "New report FEC-990001" in out and "$200,000.00" in out
    # the candidate as the notice names it, with the race's id; the memo row is not added
    assert f"$45,000.00 opposing {cand['name'].split(',')[0]} ({cand['cand_id']})" in out
    # a notice without a candidate id, matched to the race by last name, state and district
    assert f"$12,500.50 supporting {other['name'].split(',')[0]} ({other['cand_id']})" in out
    assert "FEC-990004" not in out  # a notice about another race: loaded, not alerted
    queries = " ".join(site.feed_requests)
    assert "cids=" in queries and "forms=F24" in queries and "forms=F5" in queries

    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert "FEC-99" not in second.output and "0 alert(s)" in second.output

    site.add(990005, files[990005])
    third = runner.invoke(app, args + ["--json"])
    assert third.exit_code == 0, third.output
    lines = [json.loads(x) for x in third.stdout.splitlines() if x.startswith("{")]
    assert [x["filing_id"] for x in lines] == [990005]
    passes = [json.loads(x) for x in third.stderr.splitlines() if x.startswith("{")]
    assert passes[0]["type"] == "moneytrail.watch_pass" and passes[0]["loaded"] == [990005]
    a = lines[0]
    assert a["kind"] == "amendment" and a["previous"] == 990001 and a["synthetic"] is True
    receipts = next(c for c in a["changes"] if c["what"] == "receipts")
    assert (receipts["before"]["amount"], receipts["after"]["amount"]) == ("200000.00", "210000.00")
    with Trail(db) as trail:
        loaded = {r[0] for r in trail.store.con.execute("SELECT filing_id FROM filings").fetchall()}
        assert loaded == {990001, 990002, 990003, 990004, 990005}
        assert mbuild.stale(trail.store.con) == []  # each pass left the built model (the timeline) current
        tl = trail.timeline("CA-34", 2024)
    filed = [e for e in tl["entries"] if e["source"] == "efile"]
    assert [e["filing_id"] for e in filed] == [990001, 990005, 990002, 990003]
    assert not filed[0]["current"] and filed[0]["superseded_by"] == 990005


def test_watch_needs_a_target_and_a_known_race(tmp_path, demo_copy):
    db = demo_copy
    runner = CliRunner()
    r = runner.invoke(app, ["watch", "--once", "--db", str(db)])
    assert r.exit_code == 1 and "watch what?" in r.output
    r = runner.invoke(app, ["watch", "ZZ-99", "--once", "--db", str(db)])
    assert r.exit_code == 1 and "not a race" in r.output
    r = runner.invoke(app, ["watch", "CA-34", "--cycle", "2026", "--once", "--db", str(db)])
    assert r.exit_code == 1 and "no candidates for CA-34 in 2026" in r.output
    r = runner.invoke(app, ["watch", "--committee", "X123", "--once", "--db", str(db)])
    assert r.exit_code == 1 and "not an FEC committee id" in r.output


# -- the feed format ---------------------------------------------------------------------------


def test_parse_feed_items_and_bad_xml():
    xml = """<?xml version="1.0"?><rss version="2.0"><channel><title>FEC</title>
    <item><title>New filing by SMITH &amp; JONES PAC</title>
      <link>https://docquery.fec.gov/dcdev/posted/1876543.fec</link>
      <description>&lt;p&gt;The SMITH &amp;amp; JONES PAC successfully filed their F24A&lt;/p&gt;*********CommitteeId:
      C00999999 | FilingId: 1876543 | FormType: F24A | CoverageFrom:  | CoverageThrough:  | ReportType: *********
      </description><pubDate>Fri, 23 Oct 2026 17:46:22 GMT</pubDate>
      <guid>https://docquery.fec.gov/dcdev/posted/1876543.fec</guid></item>
    <item><title>New filing by X</title><link>https://docquery.fec.gov/dcdev/posted/1876544.fec</link>
      <description>no metadata block</description></item>
    <item><title>No link at all</title><description>nothing</description></item>
    </channel></rss>"""
    items = sfeed.parse_feed(xml)
    assert [i.filing_id for i in items] == [1876543, 1876544]
    a = items[0]
    assert (a.committee_id, a.committee_name, a.form_type, a.form, a.amendment) == (
        "C00999999", "SMITH & JONES PAC", "F24A", "F24", "amendment")
    assert a.coverage_from is None and a.published == datetime(2026, 10, 23, 17, 46, 22)
    assert items[1].committee_id is None and items[1].form_type is None
    from moneytrail.errors import FileFormatError

    with pytest.raises(FileFormatError, match="not an RSS feed"):
        sfeed.parse_feed("<html><body>Service unavailable</body></html>")
    with pytest.raises(FileFormatError, match="not an RSS feed"):
        sfeed.parse_feed("<rss><channel><title>x</ti")


def test_feed_urls_group_committees_and_forms():
    ids = [f"C{n:08d}" for n in range(60)]
    urls = sfeed.feed_urls("https://example.gov/rss/generate", ids + [ids[0].lower()], ["F5", "f24"])
    cid_urls = [u for u in urls if "cids=" in u]
    assert len(cid_urls) == 3 and sum(u.count("C000") for u in cid_urls) == 60
    assert urls[-2:] == ["https://example.gov/rss/generate?forms=F24", "https://example.gov/rss/generate?forms=F5"]
    assert sfeed.feed_urls("https://example.gov/rss/generate") == [
        "https://example.gov/rss/generate?preDefinedFilingType=ALL"]
