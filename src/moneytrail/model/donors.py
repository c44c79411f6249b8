"""Questions about resolved donors: who gave, how much, to whom, and who gives to both sides.

Definitions:

- A row's **donor** is the ``donor_id`` of its record (see :mod:`resolution`); rows of records not
  yet resolved have none and are left out of donor figures (run ``moneytrail donors resolve``).
- **Given** by a donor or an organization: the sum of its rows' amounts, with their sign (refunds
  are negative), memo rows excluded (they explain money counted elsewhere).
- An **organization**'s money is what donors who name it as employer gave (see :mod:`organizations`):
  employees' gifts, not the company's own (corporations cannot give to candidates).
- **Overlap** of two committee sets: donors with counted money to at least one committee of each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import deferred as _
from ..lazy import ibis
from .base import Model
from .individuals import counted, individual_contributions
from .organizations import rank_organizations
from .resolution import records

if TYPE_CHECKING:
    import ibis.expr.types as ir


def donor_rows(m: Model, cycle: int | None = None, cmte_ids: list[str] | None = None) -> ir.Table:
    """Individual contributions (to these committees) with record_key, donor_id and organization."""
    rows = individual_contributions(m, cycle)
    if cmte_ids is not None:
        rows = rows.filter(rows.cmte_id.isin(cmte_ids))
    r = records(rows)
    dr = m.ib.table("donor_records").select("record_key", "donor_id")
    j = r.left_join(dr, "record_key")
    return j.drop([c for c in j.columns if c.endswith("_right")])


def resolve_id(m: Model, donor_id: int) -> int:
    """A donor id after merges (an id merged away redirects to the one that survived)."""
    merges = m.ib.table("donor_merges")
    seen = {donor_id}
    while True:
        nxt = merges.filter(merges.old_donor_id == donor_id).select("donor_id").to_pyarrow().column(0).to_pylist()
        if not nxt or nxt[0] in seen:
            return donor_id
        donor_id = nxt[0]
        seen.add(donor_id)


def find(m: Model, name: str, state: str | None = None) -> ir.Table:
    """Donors with a record whose parsed surname and first name (or its nickname group) match ``name``."""
    from .names import parse

    q = parse(ibis.memtable({"name": [name]}, schema={"name": "string"}))
    dr = m.ib.table("donor_records")
    qv = q.select(q_last="last_name", q_first="first_name", q_keys="nick_keys")
    j = dr.cross_join(qv)
    cond = j.last_name == j.q_last
    cond &= j.q_first.isnull() | (j.first_name == j.q_first) | j.first_name.startswith(j.q_first)
    if state:
        cond &= j.state == state.upper()
    return j.filter(cond).select("donor_id").distinct()


def contributions_of(m: Model, donor_ids: list[int]) -> ir.Table:
    """Every contribution row of these donors, across committees and cycles, oldest first."""
    dr = m.ib.table("donor_records")
    keys = dr.filter(dr.donor_id.isin(donor_ids))
    # only rows whose surname matches can hold these records: filter before the per-row parse
    lasts = [x for x in keys.select("last_name").distinct().to_pyarrow().column(0).to_pylist() if x]
    rows = individual_contributions(m)
    if lasts:
        name = rows.name.upper()
        rows = rows.filter(ibis.or_(*[name.startswith(last) for last in lasts]))
    r = records(rows)
    j = r.join(keys.select("record_key", "donor_id"), "record_key")
    return j.order_by(["donor_id", "transaction_dt", "row_ref"])


def summary(rows: ir.Table) -> ir.Table:
    """Per donor: counted total, gifts, committees, and the variants of their name and employer."""
    c = counted(rows)
    return c.group_by("donor_id").aggregate(
        amount=_.transaction_amt.sum(), gifts=_.count(), committees=_.cmte_id.nunique(),
        names=_.name.collect().unique(), states=_.state.collect().unique(),
        employers=_.employer.collect().unique(), organizations=_.organization.collect().unique(),
        first_date=_.transaction_dt.min(), last_date=_.transaction_dt.max(), row_refs=_.row_ref.collect(),
    )


def top_donors(m: Model, cmte_ids: list[str], cycle: int, limit: int = 10) -> ir.Table:
    """The donors who gave most to these committees this cycle (counted rows), with their rows."""
    rows = donor_rows(m, cycle, cmte_ids)
    rows = rows.filter(rows.donor_id.notnull())
    s = summary(rows)
    return s.order_by([ibis.desc("amount"), "donor_id"]).limit(limit)


def top_organizations(m: Model, cmte_ids: list[str], cycle: int, limit: int = 10) -> ir.Table:
    """Employers whose people gave most to these committees (organizations.rank_organizations over the
    resolved donors' counted rows as filed)."""
    rows = counted(donor_rows(m, cycle, cmte_ids))
    rows = rows.filter(rows.organization.notnull())
    g = rows.group_by("organization").aggregate(
        amount=_.transaction_amt.sum(), gifts=_.count(), donors=_.donor_id.nunique(),
        employer_variants=_.employer.collect().unique(), row_refs=_.row_ref.collect(),
    )
    g = rank_organizations(g, [])
    return g.filter(g.rank < limit).order_by("rank").drop("rank")


def overlap(m: Model, cmte_a: list[str], cmte_b: list[str], cycle: int | None) -> ir.Table:
    """Donors who gave counted money to both committee sets: what each gave to A and to B."""
    rows = counted(donor_rows(m, cycle, list(cmte_a) + list(cmte_b)))
    rows = rows.filter(rows.donor_id.notnull())
    g = rows.group_by("donor_id").aggregate(
        to_a=_.transaction_amt.sum(where=_.cmte_id.isin(cmte_a)),
        to_b=_.transaction_amt.sum(where=_.cmte_id.isin(cmte_b)),
        gifts_a=_.count(where=_.cmte_id.isin(cmte_a)), gifts_b=_.count(where=_.cmte_id.isin(cmte_b)),
        name=_.name.mode(), state=_.state.mode(), row_refs=_.row_ref.collect(),
    )
    return g.filter((g.gifts_a > 0) & (g.gifts_b > 0)).order_by([ibis.desc(g.to_a + g.to_b), "donor_id"])


def links(m: Model, donor_id: int) -> ir.Table:
    """Why a donor's records were merged: the scored pairs between them, strongest first."""
    dr = m.ib.table("donor_records")
    keys = dr.filter(dr.donor_id == donor_id).select("record_key", "name")
    lk = m.ib.table("donor_links")
    a = keys.rename(record_key_l="record_key", name_l="name")
    b = keys.rename(record_key_r="record_key", name_r="name")
    j = lk.join(a, "record_key_l").join(b, "record_key_r")
    return j.select("name_l", "name_r", "match_probability", "match_weight", "agreements", "run_id",
                    "record_key_l", "record_key_r").order_by(ibis.desc("match_weight"))
