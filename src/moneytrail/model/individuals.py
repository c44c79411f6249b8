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
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from .base import Model

COLUMNS = [
    "row_ref", "source", "cycle", "cmte_id", "name", "city", "state", "zip_code", "employer", "occupation",
    "transaction_dt", "transaction_amt", "transaction_tp", "memo_cd", "other_id", "sub_id",
]


def individual_contributions(m: Model, cycle: int | None = None) -> ir.Table:
    """Gifts from individuals of one cycle (``None``: every loaded cycle), in the columns above."""
    t = m.table("bulk_itcont")
    if cycle is not None:
        t = t.filter(t.cycle == cycle)
    t = t.filter(t.entity_tp.isnull() | (t.entity_tp.upper() == "IND"))
    return t.mutate(source=ibis.literal("bulk_itcont")).select(*COLUMNS)


def counted(t: ir.Table) -> ir.Table:
    """The rows that enter a total: memo rows explain money counted elsewhere."""
    return t.filter(t.memo_cd.isnull() | (t.memo_cd.upper() != "X"))
