"""The relation donor resolution reads: contributions from individuals, one row per gift.

Today it comes from the bulk itcont file. Schedule A rows from ``.fec`` filings and earmarks
re-attributed from conduits belong here too (union them in with the same columns); everything
downstream — records, resolution, donor totals, overlap — reads only this relation.

Columns (every source must provide them; NULL where unknown):

====================  =====================================================================
row_ref               ``table:load_id:line_no`` of the source row (provenance)
source                ``bulk_itcont`` (later: ``filing_sa``, ``earmark``)
cycle                 the election cycle
cmte_id               the committee that received the gift (for an earmark: the recipient)
name                  the donor as written (``LAST, FIRST MIDDLE``)
city, state, zip_code the donor's address as written
employer, occupation  as written
transaction_dt        DATE
transaction_amt       DECIMAL, with its sign (refunds are negative)
transaction_tp        FEC transaction type (15, 15E, 22Y, ...)
memo_cd               ``X`` on memo rows: shown, never in a total
other_id              the conduit (earmarks) or other committee named on the row
sub_id                the FEC's row id
====================  =====================================================================

Only individuals (entity type IND, or blank, which older filings leave empty) are donors here;
candidate, organisation and committee rows are other money.

Per candidate (networks issue):

Definitions:

- **Individual contributions (summary)**: ``TTL_INDIV_CONTRIB`` of the candidate's summary row
  (weball/webl, candidates.summaries): itemized and unitemized together, as the campaign reported.
- **Itemized (rows)**: the candidate's counted individual gifts from model/earmarks.py (direct,
  earmarked, JFC shares, minus refunds), each once, to any of the candidate's committees.
  Conduit-only rows are included: they are itemized by the conduit even when the campaign did not.
- **Unitemized** = summary minus itemized rows (not below zero); **small-dollar share** =
  unitemized / summary, given only when the candidate has itemized rows loaded. An estimate:
  the bulk files carry no unitemized line, the summary and the rows can cover different dates,
  and conduit-only rows make the itemized side larger than the campaign's own.
  ``rows_200_or_less`` shows how much small money is itemized anyway.
- **Top organizations**: itemized gifts grouped by the donor's employer through
  model/organizations.py (placeholders such as RETIRED are no organization and are left out).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import deferred as _
from ..lazy import ibis
from . import earmarks
from .base import Model, records
from .candidates import candidate_committees, summaries
from .organizations import with_organization

if TYPE_CHECKING:
    import ibis.expr.types as ir

COLUMNS = [
    "row_ref", "source", "cycle", "cmte_id", "name", "city", "state", "zip_code", "employer", "occupation",
    "transaction_dt", "transaction_amt", "transaction_tp", "memo_cd", "other_id", "sub_id",
]


def individual_contributions(m: Model, cycle: int | None = None) -> ir.Table:
    """Gifts from individuals of one cycle (``None``: every loaded cycle), in the columns above."""
    t = m.bulk_all("itcont")
    if cycle is not None:
        t = t.filter(t.cycle == cycle)
    t = t.filter(t.entity_tp.isnull() | (t.entity_tp.upper() == "IND"))
    return t.mutate(source=ibis.literal("bulk_itcont")).select(*COLUMNS)


def counted(t: ir.Table) -> ir.Table:
    """The rows that enter a total: memo rows explain money counted elsewhere."""
    return t.filter(t.memo_cd.isnull() | (t.memo_cd.upper() != "X"))


def candidate_gifts(m: Model, cycle: int, cand_ids: list[str], conduits: list[str],
                    rows: ir.Table | None = None) -> ir.Table:
    """Counted individual gifts to these candidates' committees, with ``cand_id``."""
    g = earmarks.gifts(m, cycle, conduits, rows)
    g = g.filter(g.counted & g.kind.isin(earmarks.INDIVIDUAL_KINDS))
    own = candidate_committees(m, cand_ids, cycle).select("cand_id", "cmte_id")
    return g.join(own, g.recipient_id == own.cmte_id)


def small_dollar(m: Model, cycle: int, cand_ids: list[str], conduits: list[str],
                 rows: ir.Table | None = None) -> list[dict]:
    """Per candidate: summary individual total, itemized rows, unitemized estimate and share.

    No share without itemized rows: a partial itcont (or none) would make every dollar "unitemized".
    """
    g = candidate_gifts(m, cycle, cand_ids, conduits, rows)
    item = {r["cand_id"]: r for r in records(g.group_by("cand_id").aggregate(
        itemized=_.amount.sum(), gifts=_.count(),
        rows_200_or_less=_.amount.sum(where=(_.amount > 0) & (_.amount <= 200)),
        earmarked=_.amount.sum(where=_.conduit_id.notnull())))}
    s = summaries(m, cycle)
    summ = {r["cand_id"]: r for r in records(s.filter(s.cand_id.isin(cand_ids)).select(
        "cand_id", "ttl_indiv_contrib", "cvg_end_dt", "row_ref"))}
    out = []
    for cid in cand_ids:
        i, sm = item.get(cid, {}), summ.get(cid, {})
        total, itemized = sm.get("ttl_indiv_contrib"), i.get("itemized") or 0
        unitemized = max(total - itemized, 0) if total is not None else None
        out.append({"cand_id": cid, "summary_indiv": total, "summary_ref": sm.get("row_ref"),
                    "summary_through": sm.get("cvg_end_dt"), "itemized_rows": itemized, "gifts": i.get("gifts", 0),
                    "earmarked_rows": i.get("earmarked") or 0, "rows_200_or_less": i.get("rows_200_or_less") or 0,
                    "unitemized_estimate": unitemized,
                    "small_dollar_share": (round(float(unitemized) / float(total), 4)
                                           if total and i.get("gifts") else None)})
    return out


def top_organizations(m: Model, cycle: int, cand_id: str, conduits: list[str], limit: int = 10,
                      rows: ir.Table | None = None) -> list[dict]:
    """The organizations whose employees gave most to the candidate (itemized gifts, net of refunds)."""
    g = candidate_gifts(m, cycle, [cand_id], conduits, rows)
    g = with_organization(g, "employer")
    g = g.filter(g.organization.notnull())
    q = g.group_by("organization").aggregate(
        amount=_.amount.sum(), gifts=_.count(), employers=_.employer.collect().unique(),
        row_refs=_.row_refs.collect())
    rows = records(q.order_by([ibis.desc("amount"), "organization"]).limit(limit))
    for r in rows:
        r["row_refs"] = [x for refs in r["row_refs"] for x in refs]
    return rows
