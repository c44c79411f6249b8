"""Article claims: extraction from the two real articles (hand-written expected lists), verdicts on the
real slices, and a synthetic cycle whose every figure is known, including inconsistent claims."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rawsql import amount
from typer.testing import CliRunner

from moneytrail.claims import numbers, text
from moneytrail.claims.check import EVALUATORS
from moneytrail.claims.extract import METRICS, extract
from moneytrail.cli import app
from moneytrail.sources.layouts import LAYOUTS, RESULTS_COLUMNS
from moneytrail.trail import Trail

PROSPECT = "prospect-ca34-aipac-2024.txt"
SPUN = "ca34-justice-democrats-2025-spun.txt"

# Every money, count and vote claim of each article, written by hand: (stated value, metric).
EXPECTED = {
    PROSPECT: [
        ("some $100 million", "spent"),  # AIPAC and its allied super PAC, this year
        ("233", "endorsements_by_party"),  # AIPAC endorsed 233 Republicans
        ("152", "endorsements_by_party"),  # ... and 152 Democrats
        ("a single", "network_races"),  # involved directly in a single race (the general)
        ("53-47", "vote_shares"),  # Gomez over Kim in 2020
        ("about 3,000", "margin_votes"),  # 2022
    ],
    SPUN: [
        ("millions of dollars", "spent_for"),  # "thousands and thousands of {dollars}" AIPAC spent for Gomez
        ("two", "incumbents_defeated"),  # two Justice Democrats-backed incumbents unseated in 2024
        ("$2.3 million", "received_from"),  # the incumbent accepting $2.3 million from AIPAC
        ("one", "bill_support"),  # the one bill calling for a ceasefire
        ("nearly 20", "bill_support"),  # "practically 20 Democrats" supported it
        ("$500,000", "received_from"),  # from crypto lobbies
        ("10", "staff"),  # "10 workers"
        ("9", "members"),  # 9 Justice Democrats-affiliated members in Congress
        ("Two", "incumbents_defeated"),  # Bowman and Cori Bush unseated last year
        ("second", "endorsements"),  # their second endorsement of the 2026 cycle
        ("six", "candidates_filed"),  # one of six candidates who filed in the 34th District
    ],
}


@pytest.fixture(scope="session")
def articles(fec_dir):
    d = fec_dir.parent.parent / "articles"
    if not d.is_dir():
        pytest.skip(f"the real articles are not at {d} (../shared sits beside the repo in CI)")
    return {name: (d / name).read_text(encoding="utf-8") for name in EXPECTED}


# -- extraction ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(EXPECTED))
def test_every_claim_of_the_real_articles_is_found(articles, name):
    ex = extract(articles[name])
    assert [(c.value.text, c.metric) for c in ex.claims] == EXPECTED[name]
    assert ex.race == "CA-34"


def test_prospect_entities_periods_and_junk(articles):
    ex = extract(articles[PROSPECT])
    by = {c.value.text: c for c in ex.claims}
    assert ex.date.day.year == 2024 and ex.date.how == "inferred"
    assert by["some $100 million"].orgs[0] == "AIPAC" and by["some $100 million"].period.year == 2024
    assert by["some $100 million"].value.qualifier == "about"
    assert by["233"].party == "REP" and by["152"].party == "DEM" and by["233"].period.cycle == 2024
    assert by["53-47"].period.year == 2020 and set(by["53-47"].people) == {"Jimmy Gomez", "David Kim"}
    assert by["about 3,000"].period.year == 2022  # "in 2022" of the clause before
    # the "Recent Posts" teasers ("gave $30M to GHF", July 2025 dates) are junk, not claims
    assert "Recent Posts" in ex.article.dropped and "$30M" not in ex.article.text
    assert not any("30M" in c.value.text for c in ex.claims)


def test_spun_article_paraphrase_is_undone_for_analysis(articles):
    ex = extract(articles[SPUN])
    by = {c.value.text: c for c in ex.claims}
    assert ex.date.day.year == 2025  # names the 2026 cycle, dated events end in 2024
    aipac = by["millions of dollars"]
    assert aipac.value.order == (1e6, 1e9) and aipac.people == ["Jimmy Gomez"]
    assert aipac.orgs == ["American Israel Public Affairs Committee"] and aipac.period.cycle == 2024  # "final cycle"
    assert "{dollars}" in aipac.quote  # the article's own words are what is shown
    assert by["$2.3 million"].people == ["@incumbent"] and by["$2.3 million"].orgs == ["AIPAC"]
    assert by["$500,000"].orgs == ["crypto lobbies"]
    six = by["six"]
    assert six.race == "CA-34" and six.period.cycle == 2026  # "thirty fourth District", the article's cycle
    assert by["Two"].period.year == 2024  # "final 12 months" = last year
    # the co-sponsoring of a bill is never a money claim
    for c in ex.claims:
        if "co-sponsor" in c.quote and c.kind == "money":
            assert "co-sponsor" not in c.quote[c.hl_start - c.start - 60: c.hl_end - c.start]
    bill = [c for c in ex.claims if c.metric == "bill_support"]
    assert {c.value.text for c in bill} == {"one", "nearly 20"} and all(c.kind == "count" for c in bill)
    assert not any("thirty" in c.value.text or "fourth" == c.value.text for c in ex.claims)


def test_values_and_their_vagueness():
    def one(s):
        (v,) = numbers.find_values(s)
        return v

    assert one("raised $2.3 million").bounds() == pytest.approx((2.25e6, 2.35e6))
    assert one("spent some $100 million").bounds() == pytest.approx((9e7, 1.1e8))
    assert one("nearly 20 members").bounds() == pytest.approx((17.5, 20.5))
    lo, hi = one("more than $400,000").bounds()
    assert lo == 4e5 and hi == float("inf")
    assert one("$30M").amount == 3e7 and one("$1.5 billion").amount == 1.5e9
    assert one("won 53-47").second == 47 and one("six candidates").amount == 6
    assert one("the thirty fourth District").amount == 34 and one("the thirty fourth District").ordinal
    assert one("five million dollars").amount == 5e6
    assert one("3,000 votes").bounds() == pytest.approx((2850, 3150))  # a bare round figure: within 5%


def test_html_input_is_parsed_not_trusted():
    raw = ("<html><head><script>var x='$9 million raised';</script></head><body><nav>Recent $5 million</nav>"
           "<p>Gomez prevailed 53-47 over Kim in 2020 in California&rsquo;s 34th District.</p></body></html>")
    ex = extract(raw)
    assert [c.value.text for c in ex.claims] == ["53-47"] and ex.race == "CA-34"
    with pytest.raises(Exception, match="limit"):
        text.clean("x" * (text.MAX_INPUT_CHARS + 1))


def test_every_metric_has_an_evaluator_or_a_reason():
    from moneytrail.claims.extract import NOT_FEC

    assert set(METRICS) <= set(EVALUATORS) | set(NOT_FEC)


# -- the real slices ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def claims_trail(tmp_path_factory, fec_dir):
    elections = fec_dir.parent / "elections" / "medsl-house"
    if not elections.is_dir():
        pytest.skip(f"MEDSL results not found at {elections}")
    db = tmp_path_factory.mktemp("claims") / "real.duckdb"
    trail = Trail(db)
    trail.ingest([elections, fec_dir / "bulk-irworkshop" / "cn20.txt", fec_dir / "bulk-irworkshop" / "cn22.txt",
                  fec_dir / "bulk-irworkshop" / "cm22.txt", fec_dir / "bulk-2024-early-sandeepk97" / "cn24_early.txt",
                  fec_dir / "bulk-harshavardhan" / "weball24.txt"])
    yield trail
    trail.close()


def test_real_articles_verdicts(claims_trail, articles):
    rep = claims_trail.check(articles[PROSPECT])
    by = {r["value"]["text"]: r for r in rep["results"]}
    shares = by["53-47"]
    assert shares["verdict"] == "consistent"
    (fig,) = shares["figures"]
    assert fig["value"] == 52.98 and "medsl" in fig["definition"] and len(fig["row_refs"]) >= 2
    assert claims_trail.rows(fig["row_refs"])["results"]
    margin = by["about 3,000"]
    assert margin["verdict"] == "consistent" and margin["figures"][0]["value"] == 3021
    aipac = by["some $100 million"]  # a network (registry) claim; no 2024 transaction files in this store
    assert aipac["verdict"] == "cannot check" and aipac["code"] == "no_data"
    assert aipac["figures"] and all(f["status"] == "not_loaded" and f["value"] is None for f in aipac["figures"])
    assert "independent_expenditure_2024.csv not loaded" in aipac["reason"]

    spun = {r["value"]["text"]: r for r in claims_trail.check(articles[SPUN])["results"]}
    ceasefire = [r for r in spun.values() if r["metric"] == "bill_support"]
    assert ceasefire and all(r["code"] == "not_fec_data" and r["kind"] != "money" for r in ceasefire)
    six = spun["six"]
    assert six["verdict"] == "cannot check" and six["code"] == "no_data"
    assert "Candidate master, 2026: cn26.zip not loaded" in six["reason"]
    incumbent = spun["$2.3 million"]  # "our present Congress member": one incumbent, not a dormant I flag too
    assert incumbent["code"] != "ambiguous_entity" and incumbent["verdict"] == "cannot check", incumbent
    support = spun["millions of dollars"]  # AIPAC for Gomez last cycle: nothing of 2024 to compute it from
    assert support["verdict"] == "cannot check" and support["code"] == "no_data"


# -- a synthetic cycle where every figure is known ------------------------------------------------

SYN_CYCLE = 2028
Q, B, OV = "H8OR09001", "H8OR09002", "H8OR09003"  # invented candidates of an invented OR-09 race
QC, BC, OC, HARBOR, TIDE = "C90000001", "C90000002", "C90000003", "C90000010", "C90000011"

ARTICLE = """In Oregon's 9th District, Rep. Marisol Quillfeather raised $2.3 million this cycle.
Her challenger Tobias Brandywine raised about $600,000 this cycle.
Harborlight Action Fund spent $1 million in support of Quillfeather this cycle.
Harborlight Action Fund also spent more than $400,000 against Brandywine this cycle.
Quillfeather accepted $10,000 from Tidewater Teachers PAC this cycle.
Quillfeather won 55-45 over Brandywine in 2028, winning by about 20,000 votes.
In a rival count, Quillfeather beat Brandywine 60-40 in 2028.
Quillfeather is one of three candidates who filed paperwork with the Federal Election Commission in the 9th District.
Brandywine says he is one of five candidates who filed in the 9th District this cycle.
Brandywine raised $50,000 in the 2026 cycle.
Quartzline Voters Alliance spent $5 million this cycle.
Quillfeather declined to co-sponsor the resolution, which nearly 20 Democrats supported.
"""
# (stated value, verdict, code) for each claim above, in order
TRUTH = [
    ("$2.3 million", "consistent", "consistent"),  # receipts 2,340,000
    ("about $600,000", "inconsistent", "inconsistent"),  # receipts 410,250
    ("$1 million", "consistent", "consistent"),  # current notices 1,000,000 (a superseded 350,000 not counted)
    ("more than $400,000", "inconsistent", "inconsistent"),  # 250,000 against
    ("$10,000", "consistent", "consistent"),  # two 5,000 gifts; a memo row of 2,000 not counted
    ("55-45", "consistent", "consistent"),  # 54.55 / 45.45
    ("about 20,000", "consistent", "consistent"),  # 120,000 - 100,000
    ("60-40", "inconsistent", "inconsistent"),
    ("three", "consistent", "consistent"),  # three candidates filed for 2028
    ("five", "inconsistent", "inconsistent"),
    ("$50,000", "cannot check", "no_data"),  # 2026: nothing loaded
    ("$5 million", "cannot check", "unknown_entity"),  # neither a registry network nor a loaded committee
    ("nearly 20", "cannot check", "not_fec_data"),
]


def _pipe(kind: str, **vals) -> str:
    return "|".join(str(vals.get(n, "")) for n in LAYOUTS[kind].names)


@pytest.fixture(scope="session")
def synthetic_db(tmp_path_factory):
    """Invented files of one cycle (2028, OR-09), ingested; returns the store's path (opened read-only by tests)."""
    d = tmp_path_factory.mktemp("syncycle")
    y = SYN_CYCLE
    cands = [(Q, "QUILLFEATHER, MARISOL", "DEM", "I", QC), (B, "BRANDYWINE, TOBIAS", "DEM", "C", BC),
             (OV, "OKONKWO-VALE, PRIYA", "REP", "O", OC)]
    (d / "cn28.txt").write_text("\n".join(
        _pipe("cn", cand_id=i, cand_name=n, cand_pty_affiliation=p, cand_election_yr=y, cand_office_st="OR",
              cand_office="H", cand_office_district="09", cand_ici=ici, cand_status="C", cand_pcc=pcc)
        for i, n, p, ici, pcc in cands) + "\n")
    cms = [(QC, "QUILLFEATHER FOR CONGRESS", "P", "H", Q), (BC, "BRANDYWINE FOR OREGON", "P", "H", B),
           (OC, "OKONKWO-VALE FOR CONGRESS", "P", "H", OV), (HARBOR, "HARBORLIGHT ACTION FUND", "U", "O", ""),
           (TIDE, "TIDEWATER TEACHERS PAC", "B", "Q", "")]
    (d / "cm28.txt").write_text("\n".join(
        _pipe("cm", cmte_id=i, cmte_nm=n, cmte_dsgn=dsg, cmte_tp=tp, cand_id=c) for i, n, dsg, tp, c in cms) + "\n")
    (d / "ccl28.txt").write_text("\n".join(
        _pipe("ccl", cand_id=i, cand_election_yr=y, fec_election_yr=y, cmte_id=pcc, cmte_tp="H", cmte_dsgn="P",
              linkage_id=k) for k, (i, _n, _p, _c, pcc) in enumerate(cands, 1)) + "\n")
    money = {Q: (2340000, 1800000), B: (410250, 300000), OV: (15000, 15000)}
    (d / "weball28.txt").write_text("\n".join(
        _pipe("weball", cand_id=i, cand_name=n, cand_ici=ici, cand_pty_affiliation=p, ttl_receipts=money[i][0],
              ttl_disb=1000, coh_cop=500, ttl_indiv_contrib=money[i][1], cand_office_st="OR",
              cand_office_district="09", cvg_end_dt="12/31/2028")
        for i, n, p, ici, _pcc in cands) + "\n")
    gifts = [("24K", 5000, "", 1), ("24K", 5000, "", 2), ("24K", 2000, "X", 3)]
    pas2 = [_pipe("itpas2", cmte_id=TIDE, amndt_ind="N", rpt_tp="Q3", transaction_tp=tp, entity_tp="CCM",
                  name="QUILLFEATHER FOR CONGRESS", transaction_dt="12032028", transaction_amt=amt, other_id=QC,
                  cand_id=Q, tran_id=f"T{k}", memo_cd=memo, sub_id=900 + k) for tp, amt, memo, k in gifts]
    pas2 += [_pipe("itpas2", cmte_id=HARBOR, amndt_ind="N", rpt_tp="Q3", transaction_tp=tp, entity_tp="ORG",
                   name="LANTERN CREEK PRODUCTIONS", transaction_dt="12012028", transaction_amt=amt, cand_id=c,
                   tran_id=f"E{k}", sub_id=950 + k)
             for tp, amt, c, k in [("24E", 600000, Q, 1), ("24E", 400000, Q, 2), ("24A", 250000, B, 3)]]
    (d / "itpas228.txt").write_text("\n".join(pas2) + "\n")
    (d / "webk28.txt").write_text(_pipe("webk", cmte_id=HARBOR, cmte_nm="HARBORLIGHT ACTION FUND", cmte_tp="O",
                                        ttl_receipts=1400000, ttl_disb=1300000, ind_exp=1250000,
                                        cvg_end_dt="12/31/2028") + "\n")
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([n.upper() for n in LAYOUTS["ie"].names])
    notices = [(Q, "SUP", 600000, "A1", "12/01/2028"), (Q, "SUP", 350000, "A2", "12/05/2028"),
               (Q, "SUP", 400000, "A2", "12/09/2028"), (B, "OPP", 250000, "A3", "12/02/2028")]
    for k, (cand, side, amt, tran, received) in enumerate(notices):
        row = {"cand_id": cand, "cand_name": "X", "spe_id": HARBOR, "spe_nam": "HARBORLIGHT ACTION FUND",
               "ele_type": "G", "can_office_state": "OR", "can_office_dis": "09", "can_office": "H",
               "exp_amo": amt, "exp_date": received, "sup_opp": side, "file_num": 7000 + k, "tran_id": tran,
               "receipt_dat": received, "fec_election_yr": y, "dissem_dt": received}
        w.writerow([row.get(n, "") for n in LAYOUTS["ie"].names])
    (d / f"independent_expenditure_{y}.csv").write_text(buf.getvalue())
    results = [",".join(c.name for c in RESULTS_COLUMNS)]
    for name, party, votes in [("Marisol Quillfeather", "DEM", 120000), ("Tobias Brandywine", "DEM", 100000)]:
        results.append(f"{y},OR,H,09,general,false,{name},{party},{votes},220000,,,false,false,,,")
    (d / "results_or09.csv").write_text("\n".join(results) + "\n")
    db = d / "syn.duckdb"
    with Trail(db) as trail:
        loads = trail.ingest([d / f for f in ("cn28.txt", "cm28.txt", "ccl28.txt", "weball28.txt", "itpas228.txt",
                                          "webk28.txt", f"independent_expenditure_{y}.csv", "results_or09.csv")])
    assert all(r.rows_rejected == 0 for r in loads), [(r.path, r.rows_rejected) for r in loads]
    return db


@pytest.fixture
def synthetic_trail(synthetic_db):
    with Trail(synthetic_db, read_only=True) as trail:
        yield trail


def test_synthetic_cycle_every_verdict_known(synthetic_trail):
    rep = synthetic_trail.check(ARTICLE, date="2028-12-31")
    got = [(r["value"]["text"], r["verdict"], r["code"]) for r in rep["results"]]
    assert got == TRUTH
    by = {r["value"]["text"]: r for r in rep["results"]}
    raised = by["$2.3 million"]["figures"]
    assert [f["value"] for f in raised] == [2340000, 1800000]
    assert [f["verdict"] for f in raised] == ["consistent", "inconsistent"]
    support = by["$1 million"]["figures"]
    assert [f["value"] for f in support] == [1000000, 1000000] and len(support[0]["row_refs"]) == 2
    rows = synthetic_trail.rows(support[0]["row_refs"])["bulk_ie"]
    assert sorted(amount(r["exp_amo"]) for r in rows) == [400000, 600000]  # the superseded 350,000 is not behind it
    gift = by["$10,000"]["figures"]
    assert [f["value"] for f in gift] == [10000, 0]  # direct gifts; IEs for her (a PAC, not a conduit: no earmarks)
    assert all(f["status"] == "known" for f in gift) and gift[0]["amount"] == "10000.00"
    assert by["55-45"]["figures"][0]["detail"].startswith("Marisol Quillfeather 54.55%")
    assert by["60-40"]["figures"][0]["verdict"] == "inconsistent"
    filed = by["three"]["figures"][0]
    assert filed["value"] == 3 and len(filed["row_refs"]) == 3
    assert "2026" in by["$50,000"]["reason"]
    for r in rep["results"]:  # every verdict carries its evidence or its reason
        assert r["reason"]
        for f in r["figures"]:
            assert f["definition"]
            assert f["row_refs"] or f["value"] in (None, 0)


def test_cli_check_terminal_json_and_stdin(synthetic_db, tmp_path):
    f = tmp_path / "story.html"
    f.write_text("<p>" + ARTICLE.replace("\n", "</p><p>") + "</p>")
    db = str(synthetic_db)
    runner = CliRunner()
    res = runner.invoke(app, ["check", str(f), "--db", db, "--date", "2028-12-31"])
    assert res.exit_code == 0, res.output
    assert "INCONSISTENT" in res.output and "CONSISTENT" in res.output and "CANNOT CHECK" in res.output
    assert "total receipts" in res.output and "Quartzline" in res.output
    res = runner.invoke(app, ["check", "-", "--db", db, "--json", "--date", "2028-12-31"], input=ARTICLE)
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert [(r["value"]["text"], r["verdict"], r["code"]) for r in data["results"]] == TRUTH
    res = runner.invoke(app, ["check", str(tmp_path / "missing.txt"), "--db", db])
    assert res.exit_code == 1 and "no such file" in " ".join(res.output.split())


def test_web_check_page_highlights_and_escapes(synthetic_db):
    from fastapi.testclient import TestClient

    from moneytrail.web.app import create_app

    db = synthetic_db
    client = TestClient(create_app(db))
    assert client.get("/check").status_code == 200
    page = client.post("/check", data={"text": ARTICLE, "date": "2028-12-31"})
    assert page.status_code == 200
    assert page.text.count("<mark") == len(TRUTH)
    assert '<mark class="inconsistent"><a href="#c2">about $600,000</a></mark>' in page.text
    data = client.post("/check.json", files={"file": ("a.txt", ARTICLE.encode())},
                       data={"date": "2028-12-31"}).json()
    assert [(r["value"]["text"], r["verdict"]) for r in data["results"]] == [(a, b) for a, b, _c in TRUTH]
    hostile = "Quillfeather won 55-45 over Brandywine<img src=x onerror=alert(1)> in 2028 in Oregon's 9th District."
    page = client.post("/check", data={"text": hostile, "date": "2028-12-31"})
    assert page.status_code == 200 and "<img src=x" not in page.text and "&lt;img src=x" in page.text
    assert client.post("/check", data={"text": "  "}).status_code == 400
    assert client.post("/check.json", data={"text": "x", "date": "not a date"}).status_code == 400


def test_real_articles_never_inconsistent_without_known_figures(claims_trail, articles):
    for name in EXPECTED:
        rep = claims_trail.check(articles[name])
        for r in rep["results"]:
            if r["verdict"] == "inconsistent":
                assert r["figures"] and all(f["status"] == "known" for f in r["figures"]), r
            if r["metric"] in ("endorsements", "endorsements_by_party", "bill_support", "staff", "members"):
                assert r["verdict"] == "cannot check" and r["code"] == "not_fec_data", r


# -- hostile input (issue 18): linear number parsing, a cap on claims ------------------------------


def test_huge_numbers_are_skipped_not_overflowed():
    ex = extract("The committee raised $" + "9" * 400 + " in 2024. It raised $" + "1" * 400_000 + " too.")
    assert ex.claims == [] and sum("too many digits" in s["why"] for s in ex.skipped) == 2
    (v,) = numbers.find_values("Smith raised $" + "7" * 309 + " million, or $2.5 million.")[:1]
    assert v.amount == 2.5e6  # the 309-digit figure is not a value; no "cannot convert float infinity"


def test_repeated_number_words_and_many_claims_are_capped():
    from moneytrail.claims.extract import MAX_CLAIMS, MAX_VALUES

    ex = extract(" ".join(["one"] * 20_000) + " candidates filed.")
    assert len(ex.claims) <= MAX_CLAIMS and len(ex.skipped) <= MAX_VALUES + 1 and "limit" in ex.notes[0]
    many = " ".join(f"Ann Lee raised ${i % 9 + 1} million." for i in range(15_000))  # under the size limit
    ex = extract(many)
    assert len(ex.claims) == MAX_CLAIMS and ex.notes and "limit" in ex.notes[0]


def test_check_of_15000_sentences_is_bounded_by_the_cap(synthetic_trail):
    from moneytrail.claims.extract import MAX_CLAIMS

    many = " ".join(f"Ann Lee raised ${i % 9 + 1} million." for i in range(15_000))
    rep = synthetic_trail.check(many, date="2028-12-31")
    assert len(rep["results"]) == MAX_CLAIMS and "limit" in rep["notes"][0]
    assert {r["verdict"] for r in rep["results"]} == {"cannot check"}
