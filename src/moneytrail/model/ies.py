"""Independent expenditures from the FEC's 24/48-hour notice file (independent_expenditure_YYYY.csv).

Definitions:

- The file keeps originals and amendments side by side. A notice is identified by
  spender + transaction id (SPE_ID, TRAN_ID); the **current** version is the one
  received last (RECEIPT_DAT, then FILE_NUM, then position). Earlier versions are
  *superseded*: counted in no total, but listed. A notice without a spender id or a
  transaction id cannot be matched and counts as its own.
- Support/oppose is the first letter of SUP_OPP (S / O); anything else is "unknown".
- These notices are not added to the itpas2 24E/24A rows: the two describe the same
  spending from different reports (de-duplication across them is the e-filing work).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
from ibis import _

from .base import Model


def notices(m: Model, cycle: int) -> ir.Table:
    """Every notice row, with ``current`` true for the version that counts."""
    t = m.bulk("ie", cycle)
    matchable = t.spe_id.notnull() & t.tran_id.notnull() & (t.tran_id.strip() != "")
    key = ibis.cases((matchable, t.spe_id + ibis.literal("|") + t.tran_id.strip()), else_=t.row_ref)
    t = t.mutate(notice_key=key)
    w = ibis.row_number().over(
        group_by="notice_key",
        order_by=[
            ibis.desc("receipt_dat"),
            ibis.desc("file_num"),
            ibis.desc("load_id"),
            ibis.desc("line_no"),
        ],
    )
    side = t.sup_opp.strip().upper().substr(0, 1)
    return t.mutate(
        current=w == 0,
        support_oppose=ibis.cases((side == "S", "support"), (side == "O", "oppose"), else_="unknown"),
    )


def by_spender(m: Model, cycle: int, cand_ids: list[str] | None = None, spender: str | None = None) -> ir.Table:
    """Current notices summed per (candidate, spender, support/oppose), with superseded counts."""
    n = notices(m, cycle)
    if cand_ids is not None:
        n = n.filter(n.cand_id.isin(cand_ids))
    if spender is not None:
        n = n.filter(n.spe_id == spender)
    return (
        n.group_by(["cand_id", "spe_id", "support_oppose"])
        .aggregate(
            spender_name=_.spe_nam.strip().max(),
            candidate_name=_.cand_name.max(),
            amount=_.exp_amo.sum(where=_.current),
            notices=_.current.sum(),
            superseded=(~_.current).sum(),
            superseded_amount=_.exp_amo.sum(where=~_.current),
            first_date=ibis.coalesce(_.dissem_dt, _.exp_date).min(),
            last_date=ibis.coalesce(_.dissem_dt, _.exp_date).max(),
            row_refs=_.row_ref.collect(where=_.current),
            superseded_refs=_.row_ref.collect(where=~_.current),
        )
        .order_by(["cand_id", "support_oppose", ibis.desc("amount")])
    )


def timeline(m: Model, cycle: int, cand_ids: list[str]) -> ir.Table:
    """Current notices per dissemination date (expenditure date when missing), candidate and side."""
    n = notices(m, cycle)
    n = n.filter(n.current & n.cand_id.isin(cand_ids))
    day = ibis.coalesce(n.dissem_dt, n.exp_date)
    return (
        n.mutate(day=day)
        .group_by(["day", "cand_id", "support_oppose"])
        .aggregate(amount=_.exp_amo.sum(), notices=_.count(), row_refs=_.row_ref.collect())
        .order_by(["day", "cand_id"])
    )


def outside_totals(by_spender_rows: list[dict]) -> dict:
    """Support / oppose / unknown totals of :func:`by_spender` rows (current notices only)."""
    out = {"support": 0, "oppose": 0, "unknown": 0}
    for r in by_spender_rows:
        out[r["support_oppose"]] += r["amount"] or 0
    return out
