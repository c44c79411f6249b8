"""Money from or through a network (AIPAC, crypto, Justice Democrats ...), per candidate and race.

A network is a list of committees with roles (model/registry.py, ``data/networks.yaml``). What a
candidate got "from AIPAC" is four figures, kept apart because they are different things:

- **direct**: contributions the network's giving committees (roles direct_pac, party,
  leadership_pac) made to the candidate's committees: their itpas2 rows of category
  ``contribution`` (24K, 24Z in-kind; memo rows, IEs and coordinated spending excluded), signed,
  so refunds and voids net out. One side of each gift only (the giver's; see contributions.py).
- **earmarked**: individuals' gifts to the candidate's committees that passed through one of the
  network's conduits, counted once per gift by model/earmarks.py (recipient's 15E and conduit's
  24T/24I/15E paired; refunds subtracted). This is the donors' money, not the network's: the
  network chose nothing but the route.
- **ie_support / ie_oppose**: the network's independent expenditures for and against the
  candidate (model/ies.py: current 24/48-hour notices, amendments resolved). Spending *about* a
  candidate, never money the candidate received.
- **received_total** = direct + earmarked: the only sum that is meaningful (both landed in the
  candidate's accounts). IEs are never added to it.

Candidates are found through committee ownership (candidates.candidate_committees): money counts
for the candidate whose committee received it. "Recipients by party" counts candidates with a
positive direct or earmarked total, by the party in the candidate master (summary file when cn
does not have them).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
from ibis import _
from rapidfuzz import fuzz

from . import earmarks
from . import ies as mies
from .base import Model, records
from .candidates import candidate_committees, candidate_master, committee_master, summaries
from .contributions import category
from .registry import GIVING_ROLES, Network, Registry

FIGURES = ("direct", "earmarked", "ie_support", "ie_oppose")


# -- the registry against the committee master ------------------------------------------------

def check(m: Model, reg: Registry, cycles: list[int] | None = None) -> list[dict]:
    """Every registry committee against the committee master of every loaded cycle.

    ``status``: ok; ``name differs`` (the id is there under a name that does not resemble the
    registry's: a likely wrong id); ``missing`` (not in that cycle's cm: wrong id, or the slice
    is partial); ``not yet`` (missing before the member's first_cycle: expected); ``not a committee``
    (a C9 id: an IE filer that is not a committee, never in cm).
    """
    cycles = cycles or m.loaded_cycles("cm")
    members = [(n.key, mem) for n in reg.networks.values() for mem in n.members]
    out = []
    for cycle in cycles:
        ids = [mem.id for _k, mem in members]
        cm = committee_master(m, cycle)
        found = {r["cmte_id"]: r for r in records(
            cm.filter(cm.cmte_id.isin(ids)).select("cmte_id", "cmte_nm", "cmte_tp", "cmte_dsgn", "row_ref"))}
        for key, mem in members:
            row = found.get(mem.id)
            aliases = [mem.name, *reg.networks[key].aliases]
            if row is None and mem.id.startswith("C9"):
                status = "not a committee"  # IE filers that are persons or groups have C9 ids, outside cm
            elif row is None:
                status = "not yet" if mem.first_cycle and cycle < mem.first_cycle else "missing"
            elif _resembles(row["cmte_nm"] or "", aliases):
                status = "ok"
            else:
                status = "name differs"
            out.append({
                "network": key, "cmte_id": mem.id, "registry_name": mem.name, "roles": list(mem.roles),
                "cycle": cycle, "status": status, "cm_name": row and row["cmte_nm"],
                "cm_type": row and row["cmte_tp"], "cm_designation": row and row["cmte_dsgn"],
                "cm_ref": row and row["row_ref"], "verified": mem.verified, "source": mem.source,
            })
    return out


def _resembles(name: str, candidates: list[str]) -> bool:
    name = name.upper()
    return any(c and fuzz.token_set_ratio(name, c.upper()) >= 80 for c in candidates)


# -- the four figures per candidate -------------------------------------------------------------

def _owners(m: Model, cycle: int) -> ir.Table:
    return candidate_committees(m, None, cycle).select(owner_cand_id="cand_id", owner_cmte_id="cmte_id")


def direct_contributions(m: Model, net: Network, cycle: int) -> ir.Table:
    """Per (candidate, giving committee, category): the network's contributions from itpas2.

    ``category`` is ``contribution`` (counted) or ``memo`` (memo rows of gifts: listed, not counted).
    """
    givers = net.ids(*GIVING_ROLES) or [""]
    t = m.bulk("itpas2", cycle)
    t = t.filter(t.cmte_id.isin(givers))
    t = t.mutate(category=category(t))
    t = t.filter(t.category.isin(["contribution", "memo"]) & ~t.transaction_tp.isin(["24E", "24A", "24C"]))
    o = _owners(m, cycle)
    j = t.left_join(o, t.other_id == o.owner_cmte_id)
    j = j.mutate(to_cand_id=ibis.coalesce(j.owner_cand_id, j.cand_id))
    return j.group_by(["to_cand_id", "cmte_id", "category"]).aggregate(
        amount=_.transaction_amt.sum(), rows=_.count(), row_refs=_.row_ref.collect())


def earmarked_contributions(m: Model, net: Network, cycle: int, conduits: list[str],
                            rows: ir.Table | None = None) -> ir.Table:
    """Per (recipient committee, conduit): counted earmarked gifts through the network's conduits.

    ``to_cand_id`` is the owner of the recipient committee (NULL when it is not a candidate's).
    ``conduits`` is every conduit the registry knows (it decides which side of an earmark a row is).
    """
    mine = net.ids("conduit") or [""]
    # every row of a gift through these conduits names one of them (as filer or as OTHER_ID):
    # attributing only those rows gives the same pairs without reading the rest of itcont twice
    rows = earmarks.receipt_rows(m, cycle) if rows is None else rows
    rows = rows.filter(rows.filer_id.isin(mine) | rows.other_id.isin(mine))
    g = earmarks.gifts(m, cycle, conduits, rows)
    g = g.filter(g.counted & g.conduit_id.isin(mine))
    o = _owners(m, cycle)
    j = g.left_join(o, g.recipient_id == o.owner_cmte_id)
    return j.group_by(["recipient_id", "conduit_id"]).aggregate(
        to_cand_id=j.owner_cand_id.max(),
        amount=j.amount.sum(),
        gifts=j.count(),
        both_sides=(j.basis == "both sides").sum(),
        conduit_only=(j.basis == "conduit row only").sum(),
        refunds=(j.kind == "refund").sum(),
        row_refs=j.row_refs.collect(),
    )


def independent_expenditures(m: Model, net: Network, cycle: int) -> ir.Table:
    """The network's IE notices per (candidate, spender, side), through model/ies.py."""
    ids = net.ids() or [""]
    t = mies.by_spender(m, cycle)
    return t.filter(t.spe_id.isin(ids))


def _flatten(refs) -> list[str]:
    out: list[str] = []
    for r in refs or []:
        if isinstance(r, list):
            out.extend(x for x in r if x)
        elif r:
            out.append(r)
    return out


def per_candidate(m: Model, net: Network, cycle: int, conduits: list[str],
                  cand_ids: list[str] | None = None, rows: ir.Table | None = None,
                  other_recipients: list | None = None) -> list[dict]:
    """One dict per candidate touched by the network: the four figures, each with its rows.

    ``rows``: receipt rows (earmarks.RECEIPT_COLUMNS) to attribute instead of the whole cycle's.
    ``other_recipients``: when a list, earmarked money to committees that are no candidate's
    (parties, PACs) is appended to it, so it is shown rather than dropped.
    """
    out: dict[str, dict] = {}

    def slot(cid: str) -> dict:
        if cid not in out:
            out[cid] = {"cand_id": cid, **{f: 0 for f in FIGURES}, **{f"{f}_refs": [] for f in FIGURES},
                        "by_committee": []}
        return out[cid]

    for r in records(direct_contributions(m, net, cycle)):
        if r["to_cand_id"] is None or (cand_ids and r["to_cand_id"] not in cand_ids):
            continue
        s = slot(r["to_cand_id"])
        if r["category"] == "memo":
            s["by_committee"].append({"cmte_id": r["cmte_id"], "figure": "direct memo rows (not counted)",
                                      "amount": r["amount"], "rows": r["rows"], "row_refs": r["row_refs"]})
            continue
        s["direct"] += r["amount"] or 0
        s["direct_refs"] += r["row_refs"]
        s["by_committee"].append({"cmte_id": r["cmte_id"], "figure": "direct", "amount": r["amount"],
                                  "rows": r["rows"]})
    for r in records(earmarked_contributions(m, net, cycle, conduits, rows)):
        if r["to_cand_id"] is None and other_recipients is not None:
            other_recipients.append({k: r[k] for k in ("recipient_id", "conduit_id", "amount", "gifts")}
                                    | {"row_refs": _flatten(r["row_refs"])})
        if r["to_cand_id"] is None or (cand_ids and r["to_cand_id"] not in cand_ids):
            continue
        s = slot(r["to_cand_id"])
        s["earmarked"] += r["amount"] or 0
        s["earmarked_refs"] += _flatten(r["row_refs"])
        s["by_committee"].append({"cmte_id": r["conduit_id"], "figure": "earmarked", "amount": r["amount"],
                                  "rows": r["gifts"], "both_sides": r["both_sides"],
                                  "conduit_only": r["conduit_only"], "refunds": r["refunds"]})
    for r in records(independent_expenditures(m, net, cycle)):
        if not r["cand_id"] or r["support_oppose"] == "unknown" or (cand_ids and r["cand_id"] not in cand_ids):
            continue
        s = slot(r["cand_id"])
        f = "ie_support" if r["support_oppose"] == "support" else "ie_oppose"
        s[f] += r["amount"] or 0
        s[f"{f}_refs"] += r["row_refs"]
        s["by_committee"].append({"cmte_id": r["spe_id"], "figure": f, "amount": r["amount"],
                                  "rows": r["notices"]})
    for s in out.values():
        s["received_total"] = s["direct"] + s["earmarked"]
    _describe(m, cycle, out)
    return sorted(out.values(), key=lambda s: (-(s["received_total"] + s["ie_support"] + s["ie_oppose"]),
                                              s["cand_id"]))


def _describe(m: Model, cycle: int, cands: dict[str, dict]) -> None:
    """Name, party and race of each candidate: cn first, the summary files when cn lacks them."""
    if not cands:
        return
    ids = list(cands)
    cn = candidate_master(m, cycle)
    info = {r["cand_id"]: r for r in records(cn.filter(cn.cand_id.isin(ids)).select(
        "cand_id", name="cand_name", party="cand_pty_affiliation", office="cand_office",
        state="cand_office_st", district="cand_office_district"))}
    s = summaries(m, cycle)
    summ = {r["cand_id"]: r for r in records(s.filter(s.cand_id.isin(ids)).select(
        "cand_id", name="cand_name", party="cand_pty_affiliation", state="cand_office_st",
        district="cand_office_district"))}
    for cid, c in cands.items():
        a, b = info.get(cid, {}), summ.get(cid, {})
        c["name"] = a.get("name") or b.get("name")
        c["party"] = a.get("party") or b.get("party")
        office = a.get("office") or cid[0]
        state = a.get("state") or b.get("state") or ""
        dist = (a.get("district") or b.get("district") or "00").zfill(2)
        c["race"] = "PRES" if office == "P" else f"{state}-SEN" if office == "S" else f"{state}-{dist}"


# -- the network as a whole ---------------------------------------------------------------------

def spent_by_committee(m: Model, net: Network, cycle: int, per_cand: list[dict]) -> list[dict]:
    """Per member committee: its role, what the rows show (direct, earmarked forwarded, IEs), and its
    PAC summary (webk) as reported: receipts, disbursements, contributions to other committees, IEs."""
    webk = m.bulk("webk", cycle)
    w = ibis.row_number().over(group_by="cmte_id", order_by=[ibis.desc("cvg_end_dt"), ibis.desc("load_id")])
    webk = webk.mutate(_rn=w).filter(_._rn == 0)
    summary = {r["cmte_id"]: r for r in records(webk.filter(webk.cmte_id.isin(net.ids() or [""])).select(
        "cmte_id", "cmte_nm", "ttl_receipts", "indv_contrib", "ttl_disb", "contrib_to_other_cmte", "ind_exp",
        "cvg_end_dt", "row_ref"))}
    out = []
    for mem in net.members:
        rows = [b for c in per_cand for b in c["by_committee"] if b["cmte_id"] == mem.id]
        figs = {f: sum((b["amount"] or 0) for b in rows if b["figure"] == f) for f in FIGURES}
        s = summary.get(mem.id)
        out.append({"cmte_id": mem.id, "name": mem.name, "roles": list(mem.roles), **figs,
                    "summary": {k: v for k, v in s.items() if k not in ("cmte_id", "row_ref")} if s else None,
                    "summary_ref": s["row_ref"] if s else None})
    return out


def recipients_by_party(per_cand: list[dict]) -> dict:
    """Candidates with a positive direct or earmarked total, counted by party (the articles' "233 R, 152 D")."""
    out: dict[str, dict] = {}
    for c in per_cand:
        if c["direct"] > 0 or c["earmarked"] > 0:
            p = out.setdefault(c["party"] or "unknown", {"candidates": 0, "received_total": 0, "cand_ids": []})
            p["candidates"] += 1
            p["received_total"] += c["received_total"]
            p["cand_ids"].append(c["cand_id"])
    return dict(sorted(out.items(), key=lambda kv: -kv[1]["candidates"]))


def by_race(per_cand: list[dict]) -> list[dict]:
    """Per race: the four figures summed over its candidates, with who was supported and opposed."""
    races: dict[str, dict] = {}
    for c in per_cand:
        r = races.setdefault(c["race"], {"race": c["race"], **{f: 0 for f in FIGURES}, "received_total": 0,
                                         "supported": [], "opposed": []})
        for f in (*FIGURES, "received_total"):
            r[f] += c[f]
        if c["ie_support"] > 0 or c["received_total"] > 0:
            r["supported"].append(c["cand_id"])
        if c["ie_oppose"] > 0:
            r["opposed"].append(c["cand_id"])
    return sorted(races.values(), key=lambda r: -(r["received_total"] + r["ie_support"] + r["ie_oppose"]))


def report(m: Model, reg: Registry, name: str, cycle: int) -> dict:
    """Everything about one network in one cycle (the ``moneytrail network`` answer)."""
    net = reg.get(name)
    others: list[dict] = []
    cands = per_candidate(m, net, cycle, reg.conduits(), other_recipients=others)
    committees = spent_by_committee(m, net, cycle, cands)
    totals = {f: sum(c[f] for c in cands) for f in FIGURES}
    by_role: dict[str, dict] = {}
    for c in committees:
        for role in c["roles"]:
            r = by_role.setdefault(role, {f: 0 for f in FIGURES})
            for f in FIGURES:
                r[f] += c[f]
    return {
        "network": net.key, "name": net.name, "description": net.description, "aliases": list(net.aliases),
        "cycle": cycle, "registry": net.origin,
        "committees": committees, "by_role": by_role, "totals": totals,
        "recipients_by_party": recipients_by_party(cands), "races": by_race(cands), "candidates": cands,
        "earmarked_to_other_committees": sorted(others, key=lambda r: -(r["amount"] or 0)),
    }


def receipts_touching(m: Model, cand_id: str, cycle: int) -> ir.Table:
    """The cycle's receipt rows filed by or naming one of the candidate's committees: all that pairing
    earmarks for this candidate needs, so a candidate question does not attribute the whole cycle."""
    own = candidate_committees(m, [cand_id], cycle).select("cmte_id")
    r = earmarks.receipt_rows(m, cycle)
    return r.filter(r.filer_id.isin(own.cmte_id) | r.other_id.isin(own.cmte_id))


def candidate_networks(m: Model, reg: Registry, cand_id: str, cycle: int) -> list[dict]:
    """The four figures for one candidate from every network in the registry (networks with nothing left out)."""
    out = []
    touching = receipts_touching(m, cand_id, cycle)
    for net in reg.networks.values():
        rows = per_candidate(m, net, cycle, reg.conduits(), cand_ids=[cand_id], rows=touching)
        if rows:
            out.append({"network": net.key, "name": net.name, **{k: v for k, v in rows[0].items()
                                                                 if k not in ("cand_id", "name", "party", "race")}})
    return out


# -- stable entry points for other modules (claim checking) --------------------------------------

def received_by_candidate(m: Model, reg: Registry, network: str, cand_id: str, cycle: int) -> dict:
    """What one candidate got from or through one network: ``direct``, ``earmarked``, ``ie_support``,
    ``ie_oppose``, ``received_total`` (= direct + earmarked), each figure with ``<figure>_refs``.
    All zero (and no refs) when the network touched the candidate in no way."""
    net = reg.get(network)
    rows = per_candidate(m, net, cycle, reg.conduits(), cand_ids=[cand_id], rows=receipts_touching(m, cand_id, cycle))
    if rows:
        return rows[0]
    return {"cand_id": cand_id, **{f: 0 for f in FIGURES}, **{f"{f}_refs": [] for f in FIGURES},
            "received_total": 0, "by_committee": []}


def network_spent(m: Model, reg: Registry, network: str, cycle: int) -> dict:
    """What a network gave, forwarded and spent in a cycle: ``totals`` (the four figures over all
    candidates), ``by_role``, and per committee with its webk summary (``committees``)."""
    rep = report(m, reg, network, cycle)
    return {k: rep[k] for k in ("network", "cycle", "totals", "by_role", "committees")}
