"""Who runs in a race, with which committees, and what their summary reports say.

Definitions (each once, here):

- **In the race**: a candidate of the cycle's candidate master (cn) for the office,
  state and district whose election year is the cycle; plus anyone in the cycle's
  summary files (weball/webl) for that seat with money in or out, whatever their
  election year (old committees still spending, candidates missing from an early cn).
- **A candidate's committees**: the principal campaign committee (cn CAND_PCC) and the
  principal/authorized committees linked in ccl or named in cm; never JFCs or
  leadership PACs.
- **Summary figures**: from the summary row with the latest coverage end date across
  the loaded weball and webl files of the cycle (later load on a tie), as reported
  by the committee. Totals include transfers between the candidate's own committees.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
from ibis import _

from .base import Model
from .keys import RaceKey

SUMMARY_FIGURES = [
    ("ttl_receipts", "Total receipts"),
    ("ttl_indiv_contrib", "Individual contributions (itemized + unitemized)"),
    ("other_pol_cmte_contrib", "From PACs and other committees"),
    ("pol_pty_contrib", "From party committees"),
    ("cand_contrib", "From the candidate"),
    ("cand_loans", "Loans from the candidate"),
    ("trans_from_auth", "Transfers from own committees"),
    ("ttl_disb", "Total disbursements"),
    ("coh_cop", "Cash on hand at end of period"),
    ("debts_owed_by", "Debts owed by the campaign"),
    ("indiv_refunds", "Refunds to individuals"),
]


def latest(t: ir.Table, key: str) -> ir.Table:
    """One row per key: the one from the latest load (and last line within it)."""
    w = ibis.row_number().over(group_by=key, order_by=[ibis.desc("load_id"), ibis.desc("line_no")])
    return t.mutate(_rn=w).filter(_._rn == 0).drop("_rn")


def candidate_master(m: Model, cycle: int) -> ir.Table:
    return latest(m.bulk("cn", cycle), "cand_id")


def committee_master(m: Model, cycle: int) -> ir.Table:
    return latest(m.bulk("cm", cycle), "cmte_id")


def summaries(m: Model, cycle: int) -> ir.Table:
    """One summary row per candidate (weball and webl share their 30 columns)."""
    parts = [m.bulk(kind, cycle).mutate(source_kind=ibis.literal(kind)) for kind in ("weball", "webl")]
    u = parts[0].union(parts[1])
    w = ibis.row_number().over(
        group_by="cand_id", order_by=[ibis.desc("cvg_end_dt"), ibis.desc("load_id"), ibis.desc("line_no")]
    )
    return u.mutate(_rn=w).filter(_._rn == 0).drop("_rn")


def _district(col: ir.StringValue) -> ir.StringValue:
    return col.lpad(2, "0")


def race_candidates(m: Model, race: RaceKey, cycle: int) -> ir.Table:
    cn = candidate_master(m, cycle)
    seat = (cn.cand_office == race.office) & (cn.cand_office_st == race.state)
    if race.office == "H":
        seat &= _district(cn.cand_office_district) == race.district
    running = cn.filter(seat & (cn.cand_election_yr == cycle)).select("cand_id")

    s = summaries(m, cycle)
    s_seat = s.cand_id.startswith(race.office)
    if race.office != "P":
        s_seat &= s.cand_office_st == race.state
    if race.office == "H":
        s_seat &= _district(s.cand_office_district) == race.district
    active = (s.ttl_receipts != 0) | (s.ttl_disb != 0) | (s.coh_cop != 0)
    spending = s.filter(s_seat & active).select("cand_id")
    # Summary-only candidates stay out when they run in a later election (a state's other Senate
    # seat) or when their committee belongs to another of their ids this cycle (a House member
    # running for Senate reports one committee under both ids: its money counts once, there).
    known = cn.select("cand_id", yr="cand_election_yr", own_pcc="cand_pcc")
    owners = candidate_committees(m, None, cycle).select(owner="cand_id", owned="cmte_id")
    spending = spending.left_join(known, "cand_id")
    spending = spending.left_join(owners, spending.own_pcc == owners.owned)
    spending = spending.filter(
        (spending.yr.isnull() | (spending.yr <= cycle))
        & (spending.owner.isnull() | (spending.owner == spending.cand_id))
    ).select("cand_id")

    ids = running.union(spending, distinct=True)
    cn_cols = cn.select(
        "cand_id",
        cn_name="cand_name",
        party="cand_pty_affiliation",
        ici="cand_ici",
        status="cand_status",
        election_yr="cand_election_yr",
        pcc="cand_pcc",
        cn_ref="row_ref",
    )
    s_cols = s.select(
        "cand_id",
        s_name="cand_name",
        s_party="cand_pty_affiliation",
        s_ici="cand_ici",
        cvg_end_dt="cvg_end_dt",
        summary_kind="source_kind",
        summary_ref="row_ref",
        **{f: f for f, _label in SUMMARY_FIGURES},
    )
    j = ids.left_join(cn_cols, "cand_id").left_join(s_cols, "cand_id")
    return j.select(
        "cand_id",
        name=ibis.coalesce(j.cn_name, j.s_name),
        party=ibis.coalesce(j.party, j.s_party),
        ici=ibis.coalesce(j.ici, j.s_ici),
        status=j.status,
        election_yr=j.election_yr,
        pcc=j.pcc,
        cn_ref=j.cn_ref,
        cvg_end_dt=j.cvg_end_dt,
        summary_kind=j.summary_kind,
        summary_ref=j.summary_ref,
        **{f: j[f] for f, _label in SUMMARY_FIGURES},
    ).order_by([ibis.desc(ibis.coalesce(_.ttl_receipts, 0)), "cand_id"])


def candidate_committees(m: Model, cand_ids: list[str] | None, cycle: int) -> ir.Table:
    """(cand_id, cmte_id, designation, basis), one owner per committee; ``None`` = every candidate.

    A committee has one owner in a cycle: principal beats authorized, and among several ids
    of one person the id running in this cycle's election wins, so its money counts once.
    """
    cn = candidate_master(m, cycle)
    ccl = m.bulk("ccl", cycle)
    cm = committee_master(m, cycle)
    if cand_ids is not None:
        cn, ccl, cm = (t.filter(t.cand_id.isin(cand_ids)) for t in (cn, ccl, cm))
    # rank: the committee's own registration (cm CAND_ID) first, then a link for this cycle's election
    pcc = cn.filter(cn.cand_pcc.notnull()).select(
        "cand_id", cmte_id="cand_pcc", designation=ibis.literal("P"), basis=ibis.literal("cn CAND_PCC"),
        rank=ibis.cases((cn.cand_election_yr == cycle, 1), else_=2),
    )
    linked = ccl.filter(ccl.cmte_dsgn.isin(["P", "A"])).select(
        "cand_id", "cmte_id", designation="cmte_dsgn", basis=ibis.literal("ccl linkage"),
        rank=ibis.cases((ccl.cand_election_yr == cycle, 1), else_=2),
    )
    named = cm.filter(cm.cmte_dsgn.isin(["P", "A"]) & cm.cand_id.notnull()).select(
        "cand_id", "cmte_id", designation="cmte_dsgn", basis=ibis.literal("cm CAND_ID"), rank=ibis.literal(0),
    )
    u = pcc.union(linked).union(named)
    principal_first = ibis.cases((u.designation == "P", 0), else_=1)
    w = ibis.row_number().over(group_by="cmte_id", order_by=[principal_first, "rank", "basis", "cand_id"])
    return u.mutate(_rn=w).filter(_._rn == 0).drop("_rn", "rank")


def candidate_row(m: Model, cand_id: str, cycle: int) -> ir.Table:
    cn = candidate_master(m, cycle)
    return cn.filter(cn.cand_id == cand_id)


def summary_row(m: Model, cand_id: str, cycle: int) -> ir.Table:
    s = summaries(m, cycle)
    return s.filter(s.cand_id == cand_id)


def credit_shared_committees(m: Model, cands: list[dict], cycle: int) -> None:
    """A committee's summary counts once: a candidate id whose principal committee belongs to another
    of the person's ids this cycle (a House member running for Senate) shows no money of its own."""
    from .base import records

    pccs = [c["pcc"] for c in cands if c["pcc"]]
    if not pccs:
        return
    owned = candidate_committees(m, None, cycle)
    owner = {r["cmte_id"]: r["cand_id"] for r in records(owned.filter(owned.cmte_id.isin(pccs)))}
    for c in cands:
        other = owner.get(c["pcc"])
        if other and other != c["cand_id"]:
            c["summary_owner"] = other
            c["notes"] = [f"committee {c['pcc']} reports for {other} this cycle; its money is shown there"]
            for f, _label in SUMMARY_FIGURES:
                c[f] = None
