"""Amendments and independent expenditures counted once: synthetic filings with exact expected totals.

All ids and names are invented (C9000000x spenders, H4ZZ0000x candidates).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from moneytrail.model import ies as mies
from moneytrail.model.base import records
from moneytrail.sources.efile import write_filing
from moneytrail.sources.layouts import LAYOUTS
from moneytrail.trail import Trail

X, Y = "H4ZZ00001", "H4ZZ00002"
A, B, C, D = "C90000001", "C90000002", "C90000003", "C90000004"


def _cover(form_type, filer, **kw):
    base = {"form_type": form_type, "filer_committee_id_number": filer, "committee_name": f"SYNTHETIC PAC {filer[-1]}"}
    return form_type, base | kw


def _f24(form_type, filer, signed, **kw):
    return _cover(form_type, filer, report_type="24", date_signed=signed, **kw)


def _f3x(form_type, filer, code, start, end, **kw):
    return _cover(form_type, filer, report_code=code, coverage_from_date=start, coverage_through_date=end,
                  date_signed=end, **kw)


def _se(filer, tran, amount, so, cand, day, memo=None):
    return "SE", {"form_type": "SE", "filer_committee_id_number": filer, "transaction_id_number": tran,
                  "entity_type": "ORG", "payee_organization_name": "SYNTHETIC MEDIA LLC", "dissemination_date": day,
                  "expenditure_amount": f"{amount:.2f}", "support_oppose_code": so, "candidate_id_number": cand,
                  "candidate_last_name": "CANDIDATE", "candidate_office": "H", "candidate_state": "ZZ",
                  "candidate_district": "01", "memo_code": memo}


@pytest.fixture()
def write(tmp_path):
    def _write(filing_id, records_, **kw):
        return write_filing(tmp_path / f"{filing_id}.fec", records_, **kw)
    return _write


def _totals(trail, cycle=2024):
    rows = records(mies.by_spender(trail.model, cycle))
    out = {}
    for r in rows:
        key = (r["spe_id"], r["cand_id"], r["support_oppose"])
        out[key] = (r["amount"] or Decimal(0), r["periodic_amount"] or Decimal(0))
    return out


def test_notice_repeated_on_periodic_and_periodic_amended_twice(tmp_path, write):
    trail = Trail(tmp_path / "s.duckdb")
    trail.ingest([
        write(900001, [_f24("F24N", A, "20241012"), _se(A, "IE1", 10000, "S", X, "20241010")]),
        write(900010, [_f3x("F3XN", A, "12G", "20241001", "20241016"), _se(A, "IE1", 10000, "S", X, "20241010")]),
        write(900011, [_f24("F24N", A, "20241029"), _se(A, "IE2", 2500, "O", Y, "20241028")]),
    ])
    t = _totals(trail)
    assert t[(A, X, "support")] == (Decimal("10000.00"), Decimal("10000.00"))  # once, not twice
    assert t[(A, Y, "oppose")] == (Decimal("2500.00"), Decimal("0"))  # reported so far, not yet periodic

    trail.ingest([
        write(900020, [_f3x("F3XN", A, "30G", "20241017", "20241125"), _se(A, "IE2", 2500, "O", Y, "20241028"),
                       _se(A, "IE4", 20000, "O", X, "20241101")]),
        write(900021, [_f3x("F3XA", A, "30G", "20241017", "20241125"), _se(A, "IE2", 2500, "O", Y, "20241028"),
                       _se(A, "IE4", 20000, "O", X, "20241101"), _se(A, "IE5", 1000, "S", X, "20241102")],
              amends=900020, amendment_number=1),
        write(900022, [_f3x("F3XA", A, "30G", "20241017", "20241125"), _se(A, "IE2", 2500, "O", Y, "20241028"),
                       _se(A, "IE4", 18000, "O", X, "20241101"), _se(A, "IE5", 1000, "S", X, "20241102"),
                       _se(A, "IE5M", 400, "S", X, "20241102", memo="X")],
              amends=900020, amendment_number=2),
    ])
    t = _totals(trail)
    assert t[(A, X, "support")] == (Decimal("11000.00"), Decimal("11000.00"))
    assert t[(A, X, "oppose")] == (Decimal("18000.00"), Decimal("18000.00"))  # the second amendment's figure
    assert t[(A, Y, "oppose")] == (Decimal("2500.00"), Decimal("2500.00"))  # the notice gave way to the report
    n = records(mies.notices(trail.model, 2024))
    status = {(r["filing_id"], r["tran_id"]): r["status"] for r in n}
    assert status[(900001, "IE1")] == "covered by periodic report FEC-900010"
    assert status[(900011, "IE2")].startswith("covered by periodic report FEC-900022")
    assert status[(900020, "IE4")] == "superseded by amendment FEC-900022"
    assert status[(900022, "IE5M")] == "memo row"
    chain = trail.filing(900021)
    assert [c["filing_id"] for c in chain["chain"]] == [900020, 900021, 900022]
    assert chain["current_filing_id"] == 900022 and chain["amends"] == 900020
    trail.close()


def test_amended_notice_termination_report_and_the_ie_file(tmp_path, write):
    ie_csv = tmp_path / "independent_expenditure_2024.csv"
    cols = [c.name.upper() for c in LAYOUTS["ie"].columns]
    rows = [
        # the IE file's copy of B's amended notice: its filing is loaded, so the filing's own row counts
        [X, "CANDIDATE, X", B, "SYNTHETIC PAC 2", "G", "ZZ", "01", "H", "", "4500", "30-OCT-24", "4500", "S", "ADS",
         "SYNTHETIC MEDIA LLC", "900003", "A", "IE3", "1", "01-NOV-24", "2024", "900002", "30-OCT-24"],
        # a notice whose filing is not loaded: it counts from the file
        [X, "CANDIDATE, X", D, "SYNTHETIC PAC 4", "G", "ZZ", "01", "H", "", "300", "01-NOV-24", "300", "S", "MAIL",
         "SYNTHETIC PRINT INC", "800001", "N", "IE7", "2", "02-NOV-24", "2024", "", "01-NOV-24"],
    ]
    ie_csv.write_text(",".join(cols) + "\n" + "\n".join(",".join(f'"{v}"' for v in r) for r in rows) + "\n")
    trail = Trail(tmp_path / "s.duckdb")
    trail.ingest([
        write(900002, [_f24("F24N", B, "20241031"), _se(B, "IE3", 4000, "S", X, "20241030")]),
        write(900003, [_f24("F24A", B, "20241101"), _se(B, "IE3", 4500, "S", X, "20241030")],
              amends=900002, amendment_number=1),
        write(900031, [_f24("F24N", C, "20241106"), _se(C, "IE6", 700, "S", Y, "20241105")]),
        write(900030, [_f3x("F3XT", C, "TER", "20241101", "20241130"), _se(C, "IE6", 700, "S", Y, "20241105")]),
        ie_csv,
    ])
    t = _totals(trail)
    assert t[(B, X, "support")] == (Decimal("4500.00"), Decimal("0"))  # the amended notice, once
    assert t[(C, Y, "support")] == (Decimal("700.00"), Decimal("700.00"))  # termination report covers the notice
    assert t[(D, X, "support")] == (Decimal("300.00"), Decimal("0"))
    totals = mies.outside_totals([r for r in records(mies.by_spender(trail.model, 2024, cand_ids=[X]))])
    assert totals["support"] == Decimal("4800.00") and totals["periodic"]["support"] == Decimal("0")
    n = {(r["source"], r["tran_id"]): r["status"] for r in records(mies.notices(trail.model, 2024))}
    assert n[("ie file", "IE3")] == "in a loaded filing (its own rows count)"
    trail.close()
