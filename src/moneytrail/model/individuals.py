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
from . import network_answers as na
from .base import Model, records
from .build import derived
from .candidates import committee_links, summaries
from .organizations import TOP_ORGANIZATIONS, organization_column, rank_organizations

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pyarrow as pa

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


def candidate_gifts(m: Model, cycle: int, cand_ids: list[str] | None, conduits: list[str],
                    rows: ir.Table | None = None) -> ir.Table:
    """Counted individual gifts to these candidates' committees (``None``: every candidate's), with ``cand_id``.

    Each candidate counts every committee linked to it (candidates.committee_links), as it does when
    asked alone, so a committee shared by two ids of one person counts for either id."""
    g = earmarks.gifts(m, cycle, conduits, rows)
    g = g.filter(g.counted & g.kind.isin(earmarks.INDIVIDUAL_KINDS))
    own = committee_links(m, cand_ids, cycle).select("cand_id", "cmte_id").distinct()
    return g.join(own, g.recipient_id == own.cmte_id)


def gift_groups(m: Model, cycle: int, cand_ids: list[str] | None, conduits: list[str],
                rows: ir.Table | None = None) -> ir.Table:
    """Counted individual gifts per (candidate, organization of the donor's employer; NULL for none):
    what the small-dollar estimate and the top organizations add up, so the gifts are paired once for both.
    Row references are kept for organizations only (a non-organization is never listed)."""
    g = organization_column(candidate_gifts(m, cycle, cand_ids, conduits, rows), "employer")
    return g.group_by(["cand_id", "organization"]).aggregate(
        amount=_.amount.sum(), gifts=_.count(),
        rows_200_or_less=_.amount.sum(where=(_.amount > 0) & (_.amount <= 200)),
        earmarked=_.amount.sum(where=_.conduit_id.notnull()),
        employers=_.employer.collect().unique(), row_refs=_.row_refs.collect(where=_.organization.notnull()))


def _itemized(groups: ir.Table) -> ir.Table:
    return groups.group_by("cand_id").aggregate(
        itemized=_.amount.sum(), gifts=_.gifts.sum(), rows_200_or_less=_.rows_200_or_less.sum(),
        earmarked=_.earmarked.sum())


def _top(groups: ir.Table) -> ir.Table:
    g = groups.filter(groups.organization.notnull())
    return rank_organizations(g, ["cand_id"]).select(
        "cand_id", "organization", "amount", "gifts", "employers", "row_refs", "rank")


def _summary(m: Model, cycle: int) -> ir.Table:
    return summaries(m, cycle).select("cand_id", "ttl_indiv_contrib", "cvg_end_dt", "row_ref")


def small_dollar(m: Model, cycle: int, cand_ids: list[str], conduits: list[str],
                 rows: ir.Table | None = None) -> list[dict]:
    """Per candidate: summary individual total, itemized rows, unitemized estimate and share
    (network_answers.small_dollar_row).

    No share without itemized rows: a partial itcont (or none) would make every dollar "unitemized".
    """
    item = {r["cand_id"]: r for r in records(_itemized(gift_groups(m, cycle, cand_ids, conduits, rows)))}
    s = _summary(m, cycle)
    summ = {r["cand_id"]: r for r in records(s.filter(s.cand_id.isin(cand_ids)))}
    return [na.small_dollar_row(cid, item.get(cid, {}), summ.get(cid, {})) for cid in cand_ids]


def top_organizations(m: Model, cycle: int, cand_id: str, conduits: list[str], limit: int = TOP_ORGANIZATIONS,
                      rows: ir.Table | None = None) -> list[dict]:
    """The organizations whose employees gave most to the candidate (itemized gifts, net of refunds)."""
    q = _top(gift_groups(m, cycle, [cand_id], conduits, rows))
    return [na.organization_row(r) for r in records(q.filter(q.rank < limit).order_by("rank"))]


# -- the built model ----------------------------------------------------------------------------

@derived(na.GIFT_GROUPS, inputs=na.INPUTS[na.GIFT_GROUPS], version=na.VERSION, after=(na.REGISTRY,))
def gift_groups_table(m: Model, cycle: int) -> ir.Table | pa.Table:
    """:func:`gift_groups` for every candidate (the registry's conduits decide the earmark sides)."""
    from .networks import build_registry

    groups = gift_groups(m, cycle, None, build_registry(m).conduits())
    if not any(cycle in m.loaded_cycles(k) for k in ("itcont", "itoth")):  # no gifts: skip compiling the pairing
        return groups.schema().to_pyarrow().empty_table()
    return groups


@derived(na.SMALL_DOLLAR, inputs=na.INPUTS[na.SMALL_DOLLAR], version=na.VERSION, after=(na.GIFT_GROUPS,))
def small_dollar_table(m: Model, cycle: int) -> ir.Table:
    """Per candidate with itemized gifts or a summary row: the aggregates :func:`small_dollar` reads."""
    from .networks import built_table

    item = _itemized(built_table(m, na.GIFT_GROUPS, cycle))
    s = _summary(m, cycle)
    j = item.outer_join(s, item.cand_id == s.cand_id)
    return j.select(cand_id=ibis.coalesce(j.cand_id, j.cand_id_right), itemized=j.itemized, gifts=j.gifts,
                    rows_200_or_less=j.rows_200_or_less, earmarked=j.earmarked,
                    ttl_indiv_contrib=j.ttl_indiv_contrib, cvg_end_dt=j.cvg_end_dt, row_ref=j.row_ref)


@derived(na.ORGANIZATIONS, inputs=na.INPUTS[na.ORGANIZATIONS], version=na.VERSION, after=(na.GIFT_GROUPS,))
def organizations_table(m: Model, cycle: int) -> ir.Table:
    """Per candidate, the ten organizations whose employees gave most (:func:`top_organizations`), ranked."""
    from .networks import built_table

    q = _top(built_table(m, na.GIFT_GROUPS, cycle))
    return q.filter(q.rank < TOP_ORGANIZATIONS)
