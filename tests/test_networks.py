"""Networks and earmarks: the registry, each dollar once, and the per-candidate figures.

Synthetic scenarios (invented ids C8…, H4…9xxxx) with exact expected sums; real-data checks on
the shared FEC slices (skipped without them).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from rawsql import amount
from typer.testing import CliRunner

from moneytrail.cli import app
from moneytrail.errors import MoneytrailError
from moneytrail.model import earmarks, registry
from moneytrail.model import networks as mnet
from moneytrail.model.base import records
from moneytrail.model.organizations import organization_of
from moneytrail.sources.layouts import LAYOUTS
from moneytrail.trail import Trail

CAND_A, PCC_A = "H4CA90001", "C80000001"  # DEM, CA-34
CAND_B, PCC_B = "H4TX90002", "C80000002"  # REP, TX-07
NET_PAC, NET_SUPER, MISSING = "C80000010", "C80000011", "C80000099"
WINRED_LIKE, JFC, PARTY = "C80000020", "C80000030", "C80000040"

REGISTRY = f"""
networks:
  - key: synthnet
    name: Synthetic Network
    aliases: [SYNTH]
    committees:
      - {{id: {NET_PAC}, name: SYNTHETIC NETWORK PAC, roles: [direct_pac, conduit], source: test fixture}}
      - {{id: {NET_SUPER}, name: SYNTHETIC NETWORK ACTION FUND, roles: [super_pac], source: test fixture}}
      - {{id: {MISSING}, name: SYNTHETIC GHOST PAC, roles: [direct_pac], source: a wrong id on purpose}}
  - key: redroute
    name: Synthetic red conduit
    committees:
      - {{id: {WINRED_LIKE}, name: SYNTHETIC RED ROUTE, roles: [conduit], source: test fixture}}
"""

_sub = iter(range(4_000_000_000_000_000_001, 4_000_000_000_000_100_000))


def _tx(filer, tp, name, amt, other="", memo_cd="", memo="", entity="IND", day="03012024", cand=None,
        employer="ACME CORP", zip_code="90012"):
    f = [filer, "N", "Q1", "P2024", "202404159000000001", tp, entity, name, "LOS ANGELES", "CA", zip_code,
         employer, "ENGINEER", day, str(amt), other]
    if cand is not None:
        f.append(cand)
    f += [f"T{next(_sub) % 10**6}", "1700001", memo_cd, memo, str(next(_sub))]
    return "|".join(f)


def _write(folder: Path, name: str, lines: list[str]) -> Path:
    p = folder / name
    p.write_text("\n".join(lines) + "\n")
    return p


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    d = tmp_path_factory.mktemp("netscn")
    files = [
        _write(d, "cn24.txt", [
            f"{CAND_A}|ALPHA, ANA|DEM|2024|CA|H|34|I|C|{PCC_A}|1 MAIN ST||LOS ANGELES|CA|90012",
            f"{CAND_B}|BRAVO, BEN|REP|2024|TX|H|07|C|C|{PCC_B}|1 MAIN ST||HOUSTON|TX|77001",
        ]),
        _write(d, "cm24.txt", [
            f"{PCC_A}|ALPHA FOR CONGRESS|T|1 MAIN ST||LOS ANGELES|CA|90012|P|H|DEM|Q|||{CAND_A}",
            f"{PCC_B}|BRAVO FOR CONGRESS|T|1 MAIN ST||HOUSTON|TX|77001|P|H|REP|Q|||{CAND_B}",
            f"{NET_PAC}|SYNTHETIC NETWORK PAC|T|1 K ST||WASHINGTON|DC|20001|B|Q||M|M||",
            f"{NET_SUPER}|SYNTHETIC NETWORK ACTION FUND|T|1 K ST||WASHINGTON|DC|20001|U|O||Q|||",
            f"{WINRED_LIKE}|SYNTHETIC RED ROUTE|T|1 K ST||ARLINGTON|VA|22219|U|V||Q|||",
            f"{JFC}|ALPHA VICTORY FUND|T|1 K ST||LOS ANGELES|CA|90012|J|N||Q|||",
            f"{PARTY}|SYNTHETIC PARTY COMMITTEE|T|1 K ST||WASHINGTON|DC|20001|U|Y|DEM|M|||",
        ]),
        _write(d, "ccl24.txt", [f"{CAND_A}|2024|2024|{PCC_A}|H|P|1", f"{CAND_B}|2024|2024|{PCC_B}|H|P|2",
                                f"{CAND_A}|2024|2024|{JFC}|N|J|3"]),
        _write(d, "itcont24.txt", [
            # 1. an earmark seen on both sides: counted once (500)
            _tx(PCC_A, "15E", "DOE, JANE", 500, NET_PAC, memo="* EARMARKED CONTRIBUTION: SEE BELOW"),
            _tx(NET_PAC, "24T", "DOE, JANE", 500, PCC_A, memo=f"EARMARKED FOR ALPHA FOR CONGRESS ({PCC_A})",
                day="02272024"),
            # the recipient's conduit memo child: listed, never counted
            _tx(PCC_A, "15E", "SYNTHETIC NETWORK PAC", 500, NET_PAC, memo_cd="X", entity="PAC",
                memo="NOTE: ABOVE CONTRIBUTION EARMARKED THROUGH THIS ORGANIZATION."),
            # 2. a small gift only the conduit itemized (50)
            _tx(NET_PAC, "24T", "ROE, RICHARD", 50, PCC_A, memo=f"EARMARKED FOR ALPHA FOR CONGRESS ({PCC_A})"),
            # 3. an earmarked gift, then its refund (seen on both sides too): nets to 0
            _tx(PCC_A, "15E", "POE, ANN", 1000, NET_PAC),
            _tx(NET_PAC, "24T", "POE, ANN", 1000, PCC_A),
            _tx(PCC_A, "22Y", "POE, ANN", 1000, NET_PAC, memo="REFUND OF EARMARKED CONTRIBUTION", day="04012024"),
            _tx(NET_PAC, "24T", "POE, ANN", -1000, PCC_A, memo="REFUND OF EARMARKED CONTRIBUTION", day="04022024"),
            # 4. WinRed-style: the conduit's own rows are 15E too (250 paired, 25 conduit only)
            _tx(WINRED_LIKE, "15E", "SMITH, AL", 250, PCC_B, memo=f"EARMARKED FOR BRAVO FOR CONGRESS ({PCC_B})"),
            _tx(PCC_B, "15E", "SMITH, AL", 250, WINRED_LIKE),
            _tx(WINRED_LIKE, "15E", "LEE, BO", 25, PCC_B),
            # 5. plain gifts, one of them by an employee of an organization spelled two ways
            _tx(PCC_A, "15", "KIM, DAVID", 1000, employer="ACME CORP."),
            _tx(PCC_A, "15", "PARK, SU", 150, employer="Acme Corporation"),
            _tx(PCC_A, "15", "OH, MAY", 2000, employer="RETIRED"),
            # 6. a JFC: the JFC's own row of the whole gift (listed only)
            _tx(JFC, "15", "RICH, ROSE", 10000),
            # the candidate's own money
            _tx(PCC_A, "15C", "ALPHA, ANA", 5000, entity="CAN"),
        ]),
        _write(d, "itoth24.txt", [
            # 6. ... the participants' shares (15J memo rows) and the transfer (18G, not individual money)
            _tx(PCC_A, "15J", "RICH, ROSE", 3300, JFC, memo_cd="X", memo="* ALPHA VICTORY FUND"),
            _tx(PARTY, "15J", "RICH, ROSE", 6700, JFC, memo_cd="X", memo="* ALPHA VICTORY FUND"),
            _tx(PCC_A, "18G", "ALPHA VICTORY FUND", 3300, JFC, entity="COM", memo="JFC TRANSFER"),
        ]),
        _write(d, "itpas224.txt", [
            _tx(NET_PAC, "24K", "ALPHA FOR CONGRESS", 2000, PCC_A, entity="CCM", cand=CAND_A),
            _tx(NET_PAC, "24K", "BRAVO FOR CONGRESS", 1000, PCC_B, entity="CCM", cand=CAND_B),
            _tx(NET_PAC, "24K", "BRAVO FOR CONGRESS", 1000, PCC_B, entity="CCM", cand=CAND_B, memo_cd="X",
                memo="MEMO: ATTRIBUTION"),
        ]),
    ]
    ie = d / "independent_expenditure_2024.csv"
    ie.write_text(",".join(LAYOUTS["ie"].names) + "\n" + "\n".join([
        f"{CAND_A},\"ALPHA, ANA\",{NET_SUPER},SYNTHETIC NETWORK ACTION FUND,P,CA,34,H,DEM,5000.00,01-FEB-24,"
        "5000.00,S,TV,VENDOR,900001,N,E1,1,02-FEB-24,2024,,01-FEB-24",
        f"{CAND_B},\"BRAVO, BEN\",{NET_SUPER},SYNTHETIC NETWORK ACTION FUND,P,TX,07,H,REP,3000.00,01-FEB-24,"
        "3000.00,O,TV,VENDOR,900002,N,E2,1,02-FEB-24,2024,,01-FEB-24",
    ]) + "\n")
    files.append(ie)
    reg_file = _write(d, "synth.yaml", [REGISTRY])
    db = d / "scn.duckdb"
    with Trail(db) as trail:
        trail.ingest(files)
    reg = registry.load([reg_file])
    with Trail(db, read_only=True) as trail:
        yield trail, reg, reg_file, db


def _gifts(trail, reg):
    return records(earmarks.gifts(trail.model, 2024, reg.conduits()))


def test_an_earmark_seen_on_both_sides_counts_once(scenario):
    trail, reg, *_ = scenario
    g = [x for x in _gifts(trail, reg) if x["donor_name"] == "DOE, JANE" and x["counted"]]
    assert len(g) == 1 and g[0]["amount"] == 500 and g[0]["basis"] == "both sides"
    assert g[0]["conduit_id"] == NET_PAC and g[0]["recipient_id"] == PCC_A and len(g[0]["row_refs"]) == 2
    memo = [x for x in _gifts(trail, reg) if x["kind"] == "earmark_memo"]
    assert len(memo) == 1 and not memo[0]["counted"]


def test_refund_of_an_earmarked_gift_nets_out(scenario):
    trail, reg, *_ = scenario
    ann = [x for x in _gifts(trail, reg) if x["donor_name"] == "POE, ANN" and x["counted"]]
    assert sorted(x["amount"] for x in ann) == [-1000, 1000]
    assert {x["basis"] for x in ann} == {"both sides"}


def test_winred_style_15e_rows_are_the_conduit_side(scenario):
    trail, reg, *_ = scenario
    red = [x for x in _gifts(trail, reg) if x["conduit_id"] == WINRED_LIKE and x["counted"]]
    assert sorted((x["amount"], x["basis"]) for x in red) == [(25, "conduit row only"), (250, "both sides")]
    assert {x["recipient_id"] for x in red} == {PCC_B}
    # the trap: counting every 15E row would give 250 + 250 + 25
    raw = trail.store.con.execute("SELECT sum(transaction_amt) FROM bulk_itcont WHERE transaction_tp = '15E' "
                                  f"AND '{WINRED_LIKE}' IN (cmte_id, other_id)").fetchall()[0][0]
    assert raw == 525


def test_jfc_shares_count_for_the_participant_not_the_jfc_row_or_the_transfer(scenario):
    trail, reg, *_ = scenario
    g = _gifts(trail, reg)
    rose = [x for x in g if x["donor_name"] == "RICH, ROSE"]
    counted = sorted((x["recipient_id"], x["amount"]) for x in rose if x["counted"])
    assert counted == [(PCC_A, 3300), (PARTY, 6700)]
    assert [x["kind"] for x in rose if not x["counted"]] == ["jfc_gross"]
    # the candidate's individual money: 1000 + 150 + 2000 direct, 500 + 50 + 1000 - 1000 earmarked, 3300 JFC
    total = sum(x["amount"] for x in g if x["recipient_id"] == PCC_A and x["counted"]
                and x["kind"] in earmarks.INDIVIDUAL_KINDS)
    assert total == 3150 + 550 + 3300


def test_network_figures_per_candidate(scenario):
    trail, reg, *_ = scenario
    rows = {c["cand_id"]: c for c in mnet.per_candidate(trail.model, reg.get("synthnet"), 2024, reg.conduits())}
    a, b = rows[CAND_A], rows[CAND_B]
    assert (a["direct"], a["earmarked"], a["ie_support"], a["ie_oppose"], a["received_total"]) == (
        2000, 550, 5000, 0, 2550)
    assert (b["direct"], b["earmarked"], b["ie_support"], b["ie_oppose"], b["received_total"]) == (
        1000, 0, 0, 3000, 1000)  # the memo 24K row is not counted
    assert len(a["direct_refs"]) == 1 and len(a["earmarked_refs"]) == 7 and len(a["ie_support_refs"]) == 1
    rows_behind = trail.rows(a["earmarked_refs"])["bulk_itcont"]
    assert {r["name"] for r in rows_behind} == {"DOE, JANE", "ROE, RICHARD", "POE, ANN"}


def test_network_report_by_role_party_and_race(scenario):
    trail, reg, *_ = scenario
    rep = mnet.report(trail.model, reg, "SYNTH", 2024)
    assert rep["network"] == "synthnet"
    assert rep["totals"] == {"direct": 3000, "earmarked": 550, "ie_support": 5000, "ie_oppose": 3000}
    assert rep["by_role"]["conduit"]["earmarked"] == 550 and rep["by_role"]["super_pac"]["ie_oppose"] == 3000
    assert {p: v["candidates"] for p, v in rep["recipients_by_party"].items()} == {"DEM": 1, "REP": 1}
    races = {r["race"]: r for r in rep["races"]}
    assert races["TX-07"]["opposed"] == [CAND_B] and races["CA-34"]["supported"] == [CAND_A]


def test_registry_check_flags_an_id_missing_from_the_committee_master(scenario):
    trail, reg, *_ = scenario
    status = {(r["network"], r["cmte_id"]): r["status"] for r in mnet.check(trail.model, reg)}
    assert status[("synthnet", MISSING)] == "missing"
    assert status[("synthnet", NET_PAC)] == status[("redroute", WINRED_LIKE)] == "ok"
    # the packaged registry's real ids are all missing from this synthetic committee master
    real = registry.load()
    assert {r["status"] for r in mnet.check(trail.model, real)} <= {"missing", "not yet", "not a committee"}


def test_registry_rejects_bad_entries(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("networks:\n  - key: x\n    committees:\n      - {id: C123, roles: [direct_pac], source: s}\n")
    with pytest.raises(MoneytrailError, match="not a committee id"):
        registry.load([bad], include_default=False)
    bad.write_text("networks:\n  - key: x\n    committees:\n      - {id: C00000001, roles: [donor], source: s}\n")
    with pytest.raises(MoneytrailError, match="roles must be"):
        registry.load([bad], include_default=False)
    bad.write_text("networks:\n  - key: x\n    committees:\n      - {id: C00000001, roles: [conduit]}\n")
    with pytest.raises(MoneytrailError, match="source"):
        registry.load([bad], include_default=False)


def test_packaged_registry_has_the_issue_networks_with_sources():
    reg = registry.load()
    assert reg.get("aipac").ids("conduit") == ["C00797670"]
    assert reg.get("AIPAC").ids("super_pac") == ["C00799031"]
    assert set(reg.get("crypto lobbies").ids("super_pac")) >= {"C00835959", "C00836221"}
    assert reg.get("justice democrats").ids() == ["C00630665"]
    assert {"C00401224", "C00694323", "C00797670"} <= set(reg.conduits())
    assert all(m.source for n in reg.networks.values() for m in n.members)


def test_organization_of_normalises_employer_names():
    assert organization_of("ACME CORP.") == organization_of("Acme Corporation") == "ACME"
    assert organization_of("RETIRED") is None and organization_of("self-employed") is None
    assert organization_of("Information Requested Per Best Efforts") is None


def test_cli_network_and_candidate_networks(scenario):
    _trail, _reg, reg_file, db = scenario
    runner = CliRunner()
    out = runner.invoke(app, ["network", "synthnet", "--cycle", "2024", "--db", str(db), "--registry",
                              str(reg_file), "--json"])
    assert out.exit_code == 0, out.output
    assert amount(json.loads(out.output)["totals"]["earmarked"]) == 550
    out = runner.invoke(app, ["candidate", CAND_A, "--cycle", "2024", "--db", str(db), "--networks",
                              "--registry", str(reg_file)])
    assert out.exit_code == 0, out.output
    assert "Synthetic Network" in out.output and "$2,550" in out.output
    out = runner.invoke(app, ["networks", "check", "--db", str(db), "--registry", str(reg_file)])
    assert out.exit_code == 0 and MISSING in out.output and "missing" in out.output


# -- real data ------------------------------------------------------------------------------


def test_webk22_totals_of_the_network_committees(real_trail):
    rep = real_trail.network("aipac", 2022)
    pac = next(c for c in rep["committees"] if c["cmte_id"] == "C00797670")
    assert amount(pac["summary"]["ttl_receipts"]) == amount("18566318.64")
    assert amount(pac["summary"]["contrib_to_other_cmte"]) == amount("17141582.67")
    udp = next(c for c in rep["committees"] if c["cmte_id"] == "C00799031")
    assert amount(udp["summary"]["ttl_receipts"]) == amount("35943280.96")
    assert amount(udp["summary"]["ind_exp"]) == amount("26118700.49")
    jd = real_trail.network("justice democrats", 2022)["committees"][0]
    assert amount(jd["summary"]["ttl_receipts"]) == amount("6474081.75")
    assert amount(jd["summary"]["ttl_disb"]) == amount("6858394.38")
    (row,) = real_trail.rows([jd["summary_ref"]])["bulk_webk"]
    assert row["cmte_id"] == "C00630665" and row["source_file"].endswith("webk22.txt")


def test_aipac_pac_rows_in_the_early_2024_itpas2(real_trail):
    reg = registry.load()
    rows = records(mnet.direct_contributions(real_trail.model, reg.get("aipac"), 2024))
    # five AIPAC PAC rows in the slice: three 24K gifts (9,500) count; two 24Z in-kind rows are memo X
    # (2,500 each to Jeffries and McCarthy): listed, not counted. None of them went to Gomez.
    counted = [r for r in rows if r["category"] == "contribution"]
    memo = [r for r in rows if r["category"] == "memo"]
    assert sum(r["rows"] for r in counted) == 3 and sum(r["amount"] for r in counted) == 9500
    assert sorted(r["to_cand_id"] for r in memo) == ["H2NY10092", "H6CA22125"]
    assert "H8CA34266" not in {r["to_cand_id"] for r in rows}
    rep = real_trail.network("aipac", 2024)
    assert amount(rep["totals"]["direct"]) == 9500 and rep["recipients_by_party"]["REP"]["candidates"] == 2
    assert rep["totals"]["direct"]["status"] == "partial"  # the early 2024 itpas2 slice
    assert {c["cand_id"] for c in rep["candidates"]} >= {"S2TX00312", "H2CA37023", "S6MT00162"}
    gomez = real_trail.candidate("H8CA34266", 2024)
    assert sum(g["rows"] for g in gomez["committee_money"] if g["category"] == "contribution") == 26


def test_registry_check_on_the_real_committee_masters(real_trail):
    rows = mnet.check(real_trail.model, registry.load())
    status = {(r["cmte_id"], r["cycle"]): r["status"] for r in rows}
    assert status[("C00797670", 2022)] == status[("C00799031", 2024)] == "ok"
    assert status[("C00835959", 2024)] == "ok"
    assert status[("C00848440", 2024)] == "missing"  # not in the early 2024 slice: shown, not silently empty
    assert status[("C00835959", 2022)] == "not yet"


# -- the synthetic demo cycle ------------------------------------------------------------------


def test_demo_network_answers_and_counts_each_earmark_once(demo_db):
    with Trail(demo_db, read_only=True) as trail:
        reg = trail.registry()
        net = reg.get("seaglass")
        pac, sup = net.ids("conduit")[0], net.ids("super_pac")[0]
        rep = trail.network("seaglass", 2024)
        con = trail.store.con
        # every earmarked gift has a conduit row (the refund as a negative one): their sum is the figure
        conduit_side = dict(con.execute(
            "SELECT other_id, sum(transaction_amt) FROM bulk_itcont WHERE cmte_id = ? AND transaction_tp = '24T' "
            "GROUP BY 1", [pac]).fetchall())
        direct = con.execute("SELECT sum(transaction_amt) FROM bulk_itpas2 WHERE cmte_id = ? AND transaction_tp = "
                             "'24K'", [pac]).fetchall()[0][0]
        assert amount(rep["totals"]["earmarked"]) == sum(conduit_side.values())
        assert amount(rep["totals"]["direct"]) == direct
        assert amount(rep["totals"]["ie_support"]) == 60_000  # amendment resolved
        assert amount(rep["totals"]["ie_oppose"]) == 130_000
        assert {p: v["candidates"] for p, v in rep["recipients_by_party"].items()} == {"REP": 2, "DEM": 2}
        ca34 = next(r for r in rep["races"] if r["race"] == "CA-34")
        assert ca34["opposed"] and ca34["supported"]
        sup_row = next(c for c in rep["committees"] if c["cmte_id"] == sup)
        assert amount(sup_row["summary"]["ind_exp"]) == 190_000  # webk agrees with the current notices
        first = max(rep["candidates"], key=lambda c: amount(c["earmarked"]))
        both = sum(1 for r in trail.rows(first["earmarked_refs"])["bulk_itcont"] if r["transaction_tp"] == "15E")
        assert both > 0
        assert amount(first["received_total"]) == amount(first["direct"]) + amount(first["earmarked"])
        cand = trail.candidate_networks(first["cand_id"], 2024)
        seaglass = next(n for n in cand["networks"] if n["network"] == "seaglass")
        assert seaglass["earmarked"] == first["earmarked"]
        sd = cand["small_dollar"]
        assert amount(sd["summary_indiv"]) >= amount(sd["itemized_amount"]) > 0
        assert cand["top_organizations"] and all(o["organization"] != "RETIRED" for o in cand["top_organizations"])
        # the packaged (real) registry's ids are missing from the synthetic committee master, as they should be
        real = [r for r in trail.networks_check()["checks"] if r["network"] == "aipac"]
        assert {r["status"] for r in real} == {"missing"}


def test_web_network_and_candidate_networks_pages(demo_client):
    client = demo_client
    html = client.get("/network/seaglass/2024")
    data = client.get("/network/seaglass/2024.json").json()
    assert html.status_code == 200 and "Seaglass" in html.text and data["network"] == "seaglass"
    i = next(i for i, c in enumerate(data["candidates"]) if amount(c["earmarked"]))
    rows = client.get("/rows/network/SEAGLASS/2024.json", params={"path": f"candidates.{i}.earmarked_refs"}).json()
    shown = data["candidates"][i]
    assert rows["total_rows"] == shown.get("earmarked_refs_total", len(shown["earmarked_refs"])) > 0
    cand = data["candidates"][i]["cand_id"]
    page = client.get(f"/networks/{cand}/2024")
    assert page.status_code == 200 and "Seaglass" in page.text
    assert client.get(f"/networks/{cand}/2024.json").json()["networks"][0]["earmarked"] is not None
    assert f"/networks/{cand}/2024" in client.get(f"/candidate/{cand}/2024").text
    assert client.get("/network/nosuch/2024.json").status_code == 400


def test_stable_entry_points_for_claim_checking(scenario):
    trail, reg, *_ = scenario
    got = mnet.received_by_candidate(trail.model, reg, "synthnet", CAND_A, 2024)
    assert (got["direct"], got["earmarked"], got["ie_support"], got["received_total"]) == (2000, 550, 5000, 2550)
    none = mnet.received_by_candidate(trail.model, reg, "redroute", CAND_A, 2024)
    assert none["received_total"] == 0 and none["earmarked_refs"] == []
    spent = mnet.network_spent(trail.model, reg, "synthnet", 2024)
    assert spent["totals"]["direct"] == 3000 and spent["by_role"]["super_pac"]["ie_support"] == 5000


def test_record_money_carries_the_status_of_its_files(demo_db):
    """A record's money is partial when the files behind it end before December 1 of the election year,
    as the same money is elsewhere on the page (the ends read with plain SQL over the loaded rows)."""
    import duckdb

    with duckdb.connect(str(demo_db), read_only=True) as con:
        def ends_early(table: str, column: str) -> bool:
            (end,) = con.execute(f"SELECT max({column}) FROM {table} WHERE cycle = 2024 "
                                 f"AND {column} <= DATE '2024-12-31'").fetchall()[0]
            return end is None or end < date(2024, 12, 1)

        direct, earmarked = ends_early("bulk_itpas2", "transaction_dt"), ends_early("bulk_itcont", "transaction_dt")
        ie = ends_early("bulk_ie", "dissem_dt")
    with Trail(demo_db, read_only=True) as trail:
        rep = trail.network("seaglass", 2024)
    entries = rep["record"]["candidates"]
    assert entries
    for e in entries:
        money = e["money"]
        assert money["received"]["status"] == ("partial" if direct or earmarked else "known"), e["cand_id"]
        for side in ("ie_support", "ie_oppose"):
            assert money[side]["status"] == ("partial" if ie else "known"), (e["cand_id"], side)
