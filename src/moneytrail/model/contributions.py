"""Committee money to candidates, from the itpas2 bulk file (one side of each gift: the giver's).

Definitions:

- A row is **to a candidate** when its recipient committee (OTHER_ID) is one of the
  candidate's committees, or, failing that, its CAND_ID is the candidate. The
  committee wins: money lands where it is deposited. Rows whose CAND_ID is blank or
  names another candidate id are kept and labelled (``match``), never dropped.
- **Category** by transaction type: 24E/24A are independent expenditures for/against
  (spending, not gifts); 24F/24N communication costs for/against; 24C coordinated
  party spending; every other type (24K, 24Z in-kind, ...) a contribution.
  Memo rows (MEMO_CD X) only explain money counted elsewhere: category ``memo``,
  shown but in no total.
- Amounts are summed with their sign: refunds and voids arrive as negative rows.
- itpas2 is a subset of itoth; the model reads itpas2 only, so loading both never
  double counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import deferred as _
from ..lazy import ibis
from ..store import built
from .base import Model
from .build import derived
from .candidates import candidate_committees, committee_master

if TYPE_CHECKING:
    import ibis.expr.types as ir

CATEGORIES = {
    "contribution": "Contributions",
    "ie_support": "Independent expenditures for",
    "ie_oppose": "Independent expenditures against",
    "comm_support": "Communication costs for",
    "comm_oppose": "Communication costs against",
    "coordinated": "Coordinated party expenditures",
    "memo": "Memo rows (not counted)",
}


def category(t: ir.Table) -> ir.StringValue:
    tp = t.transaction_tp.upper()
    return (
        ibis.cases(
            (t.memo_cd.upper() == "X", "memo"),
            (tp == "24E", "ie_support"),
            (tp == "24A", "ie_oppose"),
            (tp == "24F", "comm_support"),
            (tp == "24N", "comm_oppose"),
            (tp == "24C", "coordinated"),
            else_="contribution",
        )
    )


def to_candidates(m: Model, cand_ids: list[str] | None, cycle: int) -> ir.Table:
    """itpas2 rows to these candidates (``None``: to any candidate), with the candidate they count for and why.

    Ownership is decided over every candidate's committees, not just these: a row whose
    recipient committee belongs to someone else counts for that someone, whatever its CAND_ID.
    """
    t = m.bulk("itpas2", cycle)
    everyone = cand_ids is None
    owners = candidate_committees(m, None, cycle).select(owner_cand_id="cand_id", owner_cmte_id="cmte_id")
    j = t.left_join(owners, t.other_id == owners.owner_cmte_id)
    j = j.filter(j.owner_cand_id.notnull() | (j.cand_id.notnull() if everyone else j.cand_id.isin(cand_ids)))
    to_cand = ibis.coalesce(j.owner_cand_id, j.cand_id)
    match = ibis.cases(
        (j.owner_cand_id.isnull(), "candidate id only"),
        (j.cand_id.isnull(), "committee; candidate id blank"),
        (j.cand_id != j.owner_cand_id, ibis.literal("committee; row names candidate ") + j.cand_id),
        else_="committee and candidate id",
    )
    out = j.mutate(to_cand_id=to_cand, match=match, category=category(j))
    return out if everyone else out.filter(out.to_cand_id.isin(cand_ids))


def by_giver(m: Model, rows: ir.Table, cycle: int) -> ir.Table:
    """Sum per (candidate, giving committee, category), with the rows behind each sum."""
    g = rows.group_by(["to_cand_id", "cmte_id", "category"]).aggregate(
        amount=_.transaction_amt.sum(),
        rows=_.count(),
        first_date=_.transaction_dt.min(),
        last_date=_.transaction_dt.max(),
        quirks=ibis.coalesce(
            # spending rows name a candidate, not a recipient: matching them by id is the norm
            _.match.collect(
                where=(_.match != "committee and candidate id")
                & ((_.match != "candidate id only") | (_.category == "contribution"))
            ).unique(),
            ibis.literal([], type="array<string>"),
        ),
        row_refs=_.row_ref.collect(),
    )
    cm = committee_master(m, cycle).select(giver_id="cmte_id", giver_name="cmte_nm", giver_type="cmte_tp")
    j = g.left_join(cm, g.cmte_id == cm.giver_id)
    return j.select(
        "to_cand_id", "cmte_id", "giver_name", "giver_type", "category", "amount", "rows",
        "first_date", "last_date", "quirks", "row_refs",
    ).order_by(["to_cand_id", "category", ibis.desc("amount")])


def from_committee(m: Model, cmte_id: str, cycle: int) -> ir.Table:
    """What one committee gave or spent on candidates (itpas2 rows it filed), by candidate."""
    t = m.bulk("itpas2", cycle)
    rows = t.filter(t.cmte_id == cmte_id).mutate(category=category(t))
    return (
        rows.group_by(["cand_id", "other_id", "category"])
        .aggregate(
            recipient_name=_.name.max(),
            amount=_.transaction_amt.sum(),
            rows=_.count(),
            row_refs=_.row_ref.collect(),
        )
        .order_by(["category", ibis.desc("amount")])
    )


def category_totals(by_giver_rows: list[dict]) -> dict:
    """Totals per category of :func:`by_giver` / :func:`from_committee` rows (memo rows stay apart)."""
    out: dict[str, object] = {}
    for g in by_giver_rows:
        out[g["category"]] = out.get(g["category"], 0) + (g["amount"] or 0)
    return out


# -- the built model ----------------------------------------------------------------------------

GIFT_COLUMNS = ("to_cand_id, cmte_id, giver_name, giver_type, category, amount, rows, first_date, last_date, quirks, "
                "row_refs")
GIVEN_COLUMNS = "cand_id, other_id, category, recipient_name, amount, rows, row_refs"


@derived("gifts", inputs=("itpas2", "cn", "ccl", "cm"))
def gifts_table(m: Model, cycle: int) -> ir.Table:
    """:func:`by_giver` over every candidate of the cycle (a race's or a candidate's rows are a filter)."""
    return by_giver(m, to_candidates(m, None, cycle), cycle)


@derived("given", inputs=("itpas2",))
def given_table(m: Model, cycle: int) -> ir.Table:
    """:func:`from_committee` for every giving committee (``cmte_id``)."""
    t = m.bulk("itpas2", cycle)
    rows = t.mutate(category=category(t))
    return rows.group_by(["cmte_id", "cand_id", "other_id", "category"]).aggregate(
        recipient_name=_.name.max(), amount=_.transaction_amt.sum(), rows=_.count(), row_refs=_.row_ref.collect())


def read_gifts(con, cand_ids: list[str], cycle: int) -> list[dict]:
    """:func:`by_giver` rows to these candidates, from the built model (plain SQL)."""
    return built.read(con, "gifts", cycle, "list_contains(?, to_cand_id)", [list(cand_ids)],
                      order_by="to_cand_id, category, amount DESC", columns=GIFT_COLUMNS)


def read_given(con, cmte_id: str, cycle: int) -> list[dict]:
    """:func:`from_committee` from the built model (plain SQL)."""
    return built.read(con, "given", cycle, "cmte_id = ?", [cmte_id], order_by="category, amount DESC",
                      columns=GIVEN_COLUMNS)
