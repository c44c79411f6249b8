"""Every number explained where it stands (issue 16, item 5): no raw FEC column name on any page, each figure's
status beside it, its definition one hover or click away.

The forbidden names come from the bulk layouts (sources/layouts.py), not from the templates. Expected statuses
come from the raw files: the latest transaction date of the itpas2 slice by DuckDB's CSV reader (tests/rawsql.py),
and the FEC's own name for the IE file that is not loaded.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient
from rawsql import raw_bulk

from moneytrail.model import definitions as defs
from moneytrail.sources.layouts import LAYOUTS
from moneytrail.trail import Trail
from moneytrail.web.app import create_app

SHOWN_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")  # attribute text a reader sees or hears
NOT_WORDS = {"pur", "writein"}  # layout columns without an underscore that are not English words either
CODE_PHRASES = [re.compile(r"\btype [A-Z?], designation [A-Z?]\b", re.I), re.compile(r"\bI/C/O\b")]
COLUMNS = sorted({c.name for lay in LAYOUTS.values() for c in lay.columns if "_" in c.name} | NOT_WORDS)
RAW_NAME = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(map(re.escape, COLUMNS)) + r")(?![A-Za-z0-9_])", re.I)
ITPAS2_COLUMNS = [c.name for c in LAYOUTS["itpas2"].columns]


class _Shown(HTMLParser):
    """The text of a page as a reader meets it: text nodes plus the attributes a browser shows or reads out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        self.parts.extend(v for k, v in attrs if k in SHOWN_ATTRIBUTES and v)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def shown(html: str) -> str:
    p = _Shown()
    p.feed(html)
    return re.sub(r"\s+", " ", " ".join(p.parts))


def raw_names(html: str) -> list[str]:
    text = shown(html)
    found = sorted({m.group(0) for m in RAW_NAME.finditer(text)})
    return found + [m.group(0) for rx in CODE_PHRASES for m in rx.finditer(text)]


def test_the_forbidden_list_is_read_from_the_layouts():
    assert {"ttl_receipts", "coh_bop", "coh_cop", "tranf_to_aff", "cand_pty_affiliation", "cmte_dsgn", "cmte_tp",
            "ttl_disb", "other_pol_cmte_contrib", "exp_amo", "sup_opp"} <= set(COLUMNS)
    assert NOT_WORDS <= {c.name for lay in LAYOUTS.values() for c in lay.columns}
    assert raw_names('<p title="cmte_tp">Type O, designation U: TTL_RECEIPTS</p>') == [
        "TTL_RECEIPTS", "cmte_tp", "Type O, designation U"]
    assert raw_names("<p>independent_expenditure_2024.csv, Total receipts</p>") == []  # a file name is no column


def anchors_resolve(html: str) -> list[str]:
    """Every "how we count" link of the page points at an entry the page has (never a dead link)."""
    return [k for k in set(re.findall(r'href="#how-([a-z0-9_]+)"', html)) if f'id="how-{k}"' not in html]


def check_page(client: TestClient, path: str, **kw) -> str:
    r = client.post(path, **kw) if kw else client.get(path)
    assert r.status_code == 200, (path, r.status_code, r.text[:300])
    assert not raw_names(r.text), (path, raw_names(r.text))
    assert not anchors_resolve(r.text), (path, anchors_resolve(r.text))
    return r.text


@pytest.fixture(scope="module")
def demo(demo_db):
    return TestClient(create_app(demo_db))


def test_no_raw_column_name_on_any_demo_page(demo):
    race = demo.get("/race/CA-34/2024.json").json()
    spender = race["independent_expenditures"][0]["spe_id"]
    cand = race["candidates"][0]["cand_id"]
    pcc = demo.get(f"/candidate/{cand}/2024.json").json()["committees"][0]["cmte_id"]
    pages = ["/", "/search?q=seaglass", "/search?q=okafor", "/race/CA-34/2024", f"/candidate/{cand}/2024",
             f"/career/{cand}", f"/committee/{spender}/2024", f"/committee/{pcc}/2024", "/committee/C82400042/2024",
             "/network/seaglass/2024", f"/networks/{cand}/2024", "/results/CA-34/2024", "/check",
             "/rows/race/CA-34/2024?path=independent_expenditures.0.row_refs",
             "/rows/race/CA-34/2024?path=candidates.0.summary_ref",
             "/rows/race/CA-34/2024?path=committee_money.0.row_refs",
             "/rows/network/SEAGLASS/2024?path=committees.0.summary_ref"]
    for path in pages:
        check_page(demo, path)
    name = race["candidates"][0]["name"].split(",")[0].title()
    check_page(demo, "/check", data={"text": f"{name} raised $1.9 million this cycle.", "date": "2024-12-31"})


def test_no_raw_column_name_on_the_donor_page(tmp_path):
    from moneytrail.sources.synthetic_donors import write_itcont

    write_itcont(tmp_path / "itcont_a.txt", 1500, seed=3)
    with Trail(tmp_path / "d.duckdb") as t:
        t.ingest([tmp_path / "itcont_a.txt"], kind="itcont", cycle=2024)
        t.resolve_donors()
    client = TestClient(create_app(tmp_path / "d.duckdb"))
    name = duckdb.sql(f"SELECT column07 FROM read_csv('{tmp_path / 'itcont_a.txt'}', delim='|', header=false, "
                      "quote='', all_varchar=true) LIMIT 1").fetchall()[0][0].split(",")[0]
    page = check_page(client, f"/donor?name={name}")
    assert "Given" in shown(page) and "How we count" in page


@pytest.fixture(scope="module")
def real(tmp_path_factory, fec_dir):
    """The real 2022 and 2024 slices (the 2024 ones end early in the cycle, and no IE file is loaded)."""
    db = tmp_path_factory.mktemp("labels") / "real.duckdb"
    h = fec_dir / "bulk-harshavardhan"
    with Trail(db) as trail:
        trail.ingest([fec_dir / "bulk-2024-early-sandeepk97", h / "weball24.txt", h / "weball22.txt",
                      h / "webk22.txt", h / "ccl22.txt", fec_dir / "bulk-irworkshop" / "cm22.txt",
                      fec_dir / "bulk-irworkshop" / "cn22.txt"])
    return TestClient(create_app(db))


def _latest_itpas2(fec_dir):
    """The last transaction date of the 2024 itpas2 slice, read from the raw file."""
    rel = raw_bulk(duckdb.connect(), fec_dir / "bulk-2024-early-sandeepk97" / "itpas2_24_early.txt", ITPAS2_COLUMNS)
    return rel.aggregate("max(strptime(transaction_dt, '%m%d%Y'))::DATE").fetchall()[0][0]


def _row(html: str, marker: str) -> str:
    """The table row of the page that holds ``marker`` (a candidate id, a committee id)."""
    return next(r.split("</tr>")[0] for r in html.split("<tr") if marker in r.split("</tr>")[0])


def test_real_race_page_says_beside_each_figure_what_is_missing_or_partial(real, fec_dir):
    rep = real.get("/race/CA-34/2024.json").json()
    html = check_page(real, "/race/CA-34/2024")
    ie_file = "independent_expenditure_2024.csv"  # the FEC's name for the cycle's IE file, not loaded here
    latest = _latest_itpas2(fec_dir)
    for c in rep["candidates"]:
        row = shown(_row(html, c["cand_id"]))
        for side in ("support", "oppose"):
            assert c["outside"][side]["status"] == "not_loaded"
        assert row.count(f"not loaded · Independent expenditures (24- and 48-hour notices), 2024: {ie_file}") == 2
        assert "$0" not in row.split("not loaded")[-1]
        for f in ("ttl_receipts", "ttl_disb", "coh_cop"):
            fig = c["summary"][f]
            if fig["status"] == "partial":
                assert f"partial: through {fig['coverage']['through']}" in row
    caption = shown(html.split("to candidates (committee-to-candidate file")[1].split("</caption>")[0])
    assert f"partial: through {latest.isoformat()}" in caption  # the itpas2 slice ends before the cycle does
    for key in ("ttl_receipts", "ttl_indiv_contrib", "other_pol_cmte_contrib", "ttl_disb", "coh_cop",
                "outside_support", "outside_oppose", "committee_money"):
        d = defs.FIGURES[key]
        assert f'id="how-{key}">{d.label}</dt><dd>' in html and d.how.replace("'", "&#39;") in html, key
        assert f'href="#how-{key}"' in html


def test_real_candidate_committee_and_network_pages_explain_their_figures(real, fec_dir):
    latest = _latest_itpas2(fec_dir)
    html = check_page(real, "/candidate/H8CA34266/2024")
    text = shown(html)
    assert f"contributions $42,500.00 · partial: through {latest.isoformat()}" in text
    assert "for not loaded · Independent expenditures (24- and 48-hour notices), 2024" in text
    for key in ("ttl_receipts", "coh_cop", "outside_support", "committee_money"):
        assert defs.FIGURES[key].how.replace("'", "&#39;") in html and f'href="#how-{key}"' in html
    html = check_page(real, "/committee/C00799031/2022")
    text = shown(html)
    assert "Total receipts" in text and "Cash on hand at end of period" in text
    assert defs.FIGURES["tranf_to_aff"].how.replace("'", "&#39;") in html
    net = real.get("/network/aipac/2024.json").json()
    html = check_page(real, "/network/aipac/2024")
    assert any(c["ie_support"]["status"] == "not_loaded" for c in net["candidates"])
    row = shown(_row(html.split('aria-label="Candidates"')[1], net["candidates"][0]["cand_id"]))
    assert "not loaded · Independent expenditures (24- and 48-hour notices), 2024" in row
    assert f"partial: through {latest.isoformat()}" in row  # direct gifts: the itpas2 slice
    for key in ("direct", "earmarked", "ie_support", "ie_oppose", "received_total"):
        assert defs.FIGURES[key].how.replace("'", "&#39;") in html
    check_page(real, "/networks/H8CA34266/2024")
    check_page(real, "/career/H8CA34266")
    check_page(real, "/search?q=gomez")
    check_page(real, "/")


def test_filing_pages_label_their_figures(fec_dir, tmp_path):
    db = tmp_path / "filings.duckdb"
    with Trail(db) as t:
        t.ingest([fec_dir / "fech/spec/data/467627.fec", fec_dir / "fech/spec/data/767339.fec"])
    client = TestClient(create_app(db))
    html = check_page(client, "/filing/767339")
    assert defs.COVER_HOW["receipts"].replace("'", "&#39;") in html and 'href="#how-cover_receipts"' in html
    check_page(client, "/filing/767339/rows/filing_sa?sort=amount&desc=true")
    check_page(client, "/filing/467627")


def test_codes_in_words():
    assert defs.committee_kind("O", "U") == "Super PAC (independent-expenditure-only), unauthorized"
    assert defs.committee_kind("Q", "B") == "PAC (qualified), lobbyist/registrant PAC"
    assert defs.committee_kind(None, None) == "type not on file"
    assert defs.code("party", "DEM") == "Democratic" and defs.code("party", "GOP") == "GOP"  # unknown: as filed
    assert defs.code("report_type", "12G") == "pre-general" and defs.code("ici", "") == ""
    assert defs.words("exp_amo") == "Expenditure amount" and "_" not in defs.words("some_new_column")


def test_json_twins_carry_the_definitions_table(demo):
    """The JSON keeps its machine keys and gains the same label and definition the page shows."""
    rep = demo.get("/race/CA-34/2024.json").json()
    assert "ttl_receipts" in rep["candidates"][0]["summary"]
    assert rep["definitions"]["figures"]["ttl_receipts"] == defs.FIGURES["ttl_receipts"].to_json()
    net = demo.get("/network/seaglass/2024.json").json()
    assert net["definitions"]["figures"]["direct"]["how"] == defs.FIGURES["direct"].how
    assert net["candidates"][0]["direct"]["definition"] == defs.FIGURES["direct"].label


def test_every_figure_key_of_the_pages_has_a_definition():
    templates = Path(__file__).resolve().parents[1] / "src" / "moneytrail" / "web" / "templates"
    keys = set()
    for t in templates.glob("*.html"):
        keys |= set(re.findall(r'(?:term|th)\("([a-z0-9_]+)"[,)]', t.read_text()))
    assert keys and keys <= set(defs.FIGURES), keys - set(defs.FIGURES)
    for d in defs.FIGURES.values():
        assert d.label and d.how and not RAW_NAME.search(d.label + " " + d.how), d.key
