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

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..lazy import deferred as _
from ..lazy import ibis, lazy_module, pa
from ..store import built
from . import earmarks
from . import ies as mies
from . import network_answers as na
from . import record as mrecord
from . import registry as mreg
from .base import Model, records
from .build import derived
from .candidates import candidate_committees, candidate_master, committee_master, latest_summary, summaries
from .contributions import category
from .registry import GIVING_ROLES, Network, Registry

if TYPE_CHECKING:
    import ibis.expr.types as ir

fuzz = lazy_module("rapidfuzz.fuzz")  # on first use: reading the built model matches no name
FIGURES = na.FIGURES


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


def _members(nets: Iterable[Network], *roles: str) -> ir.Table:
    """(network, member_id) for the networks' committees with any of these roles (all when none)."""
    pairs = [(n.key, i) for n in nets for i in n.ids(*roles)] or [("", "")]
    return ibis.memtable({"network": [p[0] for p in pairs], "member_id": [p[1] for p in pairs]},
                         schema={"network": "string", "member_id": "string"})


def _networks(nets: Network | Iterable[Network]) -> list[Network]:
    return [nets] if isinstance(nets, Network) else list(nets)


def direct_contributions(m: Model, nets: Network | Iterable[Network], cycle: int) -> ir.Table:
    """Per (network, candidate, giving committee, category): the networks' contributions from itpas2.

    ``category`` is ``contribution`` (counted) or ``memo`` (memo rows of gifts: listed, not counted).
    """
    givers = _members(_networks(nets), *GIVING_ROLES)
    t = m.bulk("itpas2", cycle)
    t = t.filter(t.cmte_id.isin(givers.member_id))
    t = t.mutate(category=category(t))
    t = t.filter(t.category.isin(["contribution", "memo"]) & ~t.transaction_tp.isin(["24E", "24A", "24C"]))
    t = t.join(givers, t.cmte_id == givers.member_id)
    o = _owners(m, cycle)
    j = t.left_join(o, t.other_id == o.owner_cmte_id)
    j = j.mutate(to_cand_id=ibis.coalesce(j.owner_cand_id, j.cand_id))
    return j.group_by(["network", "to_cand_id", "cmte_id", "category"]).aggregate(
        amount=_.transaction_amt.sum(), rows=_.count(), row_refs=_.row_ref.collect())


def earmarked_contributions(m: Model, nets: Network | Iterable[Network], cycle: int, conduits: list[str],
                            rows: ir.Table | None = None) -> ir.Table | None:
    """Per (network, recipient committee, conduit): counted earmarked gifts through the network's conduits.

    ``to_cand_id`` is the owner of the recipient committee (NULL when it is not a candidate's).
    ``conduits`` is every conduit the registry knows (it decides which side of an earmark a row is).
    None when no network has a conduit. Each network pairs its own rows: every row of a gift through
    its conduits names one of them (as filer or as OTHER_ID), so attributing only those rows gives
    the same pairs without reading the rest of itcont again.
    """
    rows = earmarks.receipt_rows(m, cycle) if rows is None else rows
    nets = _networks(nets)
    every = sorted({i for n in nets for i in n.ids("conduit")})
    if not every:
        return None
    # the conduits named by any row: a network none of whose conduits is named has no earmarked gifts
    named = rows.filter(rows.filer_id.isin(every) | rows.other_id.isin(every))
    named = named.select(id=named.filer_id).union(named.select(id=named.other_id))
    present = {r["id"] for r in records(named.filter(named.id.isin(every)).distinct())}
    o = _owners(m, cycle)
    parts = []
    for net in nets:
        mine = net.ids("conduit")
        if not set(mine) & present:
            continue
        g = earmarks.gifts(m, cycle, conduits, rows.filter(rows.filer_id.isin(mine) | rows.other_id.isin(mine)))
        g = g.filter(g.counted & g.conduit_id.isin(mine))
        j = g.left_join(o, g.recipient_id == o.owner_cmte_id)
        parts.append(j.group_by(["recipient_id", "conduit_id"]).aggregate(
            to_cand_id=j.owner_cand_id.max(),
            amount=j.amount.sum(),
            gifts=j.count(),
            both_sides=(j.basis == "both sides").sum(),
            conduit_only=(j.basis == "conduit row only").sum(),
            refunds=(j.kind == "refund").sum(),
            row_refs=j.row_refs.collect(),
        ).mutate(network=ibis.literal(net.key)))
    if not parts:
        return None
    return ibis.union(*parts) if len(parts) > 1 else parts[0]


def independent_expenditures(m: Model, nets: Network | Iterable[Network], cycle: int) -> ir.Table:
    """The networks' IE notices per (network, candidate, spender, side), through model/ies.py."""
    ids = _members(_networks(nets))
    t = mies.by_spender(m, cycle)
    return t.join(ids, t.spe_id == ids.member_id).drop("member_id")


def attribution_rows(m: Model, nets: Network | Iterable[Network], cycle: int, conduits: list[str],
                     rows: ir.Table | None = None) -> list[dict]:
    """The networks' money as attribution rows (model/network_answers.py adds them up): one per
    (network, route, candidate, committee[, recipient]) with its amount, counts and the rows behind it.

    ``rows``: receipt rows (earmarks.RECEIPT_COLUMNS) to attribute instead of the whole cycle's.
    Direct gifts and IEs that reach no candidate are left out; earmarked gifts to committees that
    are no candidate's keep ``cand_id`` NULL (shown apart)."""
    nets = _networks(nets)
    out = []

    def row(network, route, cand_id, cmte_id, amount, n, refs, recipient_id=None, **counts):
        out.append({"network": network, "route": route, "cand_id": cand_id, "cmte_id": cmte_id,
                    "recipient_id": recipient_id, "amount": amount, "rows": n,
                    "both_sides": counts.get("both_sides"), "conduit_only": counts.get("conduit_only"),
                    "refunds": counts.get("refunds"), "row_refs": list(refs or [])})

    loaded = {k for k in ("itpas2", "itcont", "itoth", "ie") if cycle in m.loaded_cycles(k)}
    if records(m.ib.table("filings").limit(1).select("filing_id")):
        loaded.add("fec")  # e-filed IE notices count beside the IE file
    # a query over files not loaded has no rows: it is not run (compiling it costs more than the answer)
    for r in records(direct_contributions(m, nets, cycle)) if "itpas2" in loaded else []:
        if r["to_cand_id"] is not None:
            route = "direct_memo" if r["category"] == "memo" else "direct"
            row(r["network"], route, r["to_cand_id"], r["cmte_id"], r["amount"], r["rows"], r["row_refs"])
    earmarked = earmarked_contributions(m, nets, cycle, conduits, rows) if loaded & {"itcont", "itoth"} else None
    for r in records(earmarked) if earmarked is not None else []:
        row(r["network"], "earmarked", r["to_cand_id"], r["conduit_id"], r["amount"], r["gifts"],
            na.flatten_refs(r["row_refs"]), r["recipient_id"], both_sides=r["both_sides"],
            conduit_only=r["conduit_only"], refunds=r["refunds"])
    for r in records(independent_expenditures(m, nets, cycle)) if loaded & {"ie", "fec"} else []:
        if r["cand_id"] and r["support_oppose"] in ("support", "oppose"):
            route = "ie_support" if r["support_oppose"] == "support" else "ie_oppose"
            row(r["network"], route, r["cand_id"], r["spe_id"], r["amount"], r["notices"], r["row_refs"])
    return out


def per_candidate(m: Model, net: Network, cycle: int, conduits: list[str],
                  cand_ids: list[str] | None = None, rows: ir.Table | None = None,
                  other_recipients: list | None = None) -> list[dict]:
    """One dict per candidate touched by the network: the four figures, each with its rows, and the
    candidate's name, party and race (see :func:`network_answers.per_candidate`)."""
    cands = na.per_candidate(attribution_rows(m, net, cycle, conduits, rows), cand_ids, other_recipients)
    return na.describe(cands, describe(m, cycle, list(cands)))


def describe(m: Model, cycle: int, ids: list[str]) -> dict[str, dict]:
    """Name, party and race of each candidate: cn first, the summary files when cn lacks them."""
    if not ids:
        return {}
    cn = candidate_master(m, cycle)
    info = {r["cand_id"]: r for r in records(cn.filter(cn.cand_id.isin(ids)).select(
        "cand_id", name="cand_name", party="cand_pty_affiliation", office="cand_office",
        state="cand_office_st", district="cand_office_district"))}
    s = summaries(m, cycle)
    summ = {r["cand_id"]: r for r in records(s.filter(s.cand_id.isin(ids)).select(
        "cand_id", name="cand_name", party="cand_pty_affiliation", state="cand_office_st",
        district="cand_office_district"))}
    out = {}
    for cid in ids:
        a, b = info.get(cid, {}), summ.get(cid, {})
        office = a.get("office") or cid[0]
        state = a.get("state") or b.get("state") or ""
        dist = (a.get("district") or b.get("district") or "00").zfill(2)
        out[cid] = {"name": a.get("name") or b.get("name"), "party": a.get("party") or b.get("party"),
                    "race": "PRES" if office == "P" else f"{state}-SEN" if office == "S" else f"{state}-{dist}"}
    return out


# -- the network as a whole ---------------------------------------------------------------------

SUMMARY_COLUMNS = ("cmte_id", "cmte_nm", "ttl_receipts", "indv_contrib", "ttl_disb", "contrib_to_other_cmte",
                   "ind_exp", "cvg_end_dt", "row_ref")


def committee_summaries(m: Model, cycle: int, ids: list[str] | None) -> ir.Table:
    """Each committee's PAC summary (webk) as reported: its latest summary row (``None``: every committee)."""
    webk = latest_summary(m.bulk("webk", cycle), "cmte_id")
    if ids is not None:
        webk = webk.filter(webk.cmte_id.isin(ids or [""]))
    return webk.select(*SUMMARY_COLUMNS)


def spent_by_committee(m: Model, net: Network, cycle: int, per_cand: list[dict]) -> list[dict]:
    """Per member committee: its role, what the rows show (direct, earmarked forwarded, IEs), and its
    PAC summary (webk) as reported: receipts, disbursements, contributions to other committees, IEs."""
    summary = {r["cmte_id"]: r for r in records(committee_summaries(m, cycle, net.ids()))}
    return na.spent_by_committee(net, per_cand, summary)


recipients_by_party = na.recipients_by_party
by_race = na.by_race


def report(m: Model, reg: Registry, name: str, cycle: int) -> dict:
    """Everything about one network in one cycle (the ``moneytrail network`` answer)."""
    net = reg.get(name)
    others: list[dict] = []
    cands = per_candidate(m, net, cycle, reg.conduits(), other_recipients=others)
    summary = {r["cmte_id"]: r for r in records(committee_summaries(m, cycle, net.ids()))}
    return na.report(net, cycle, cands, summary, others)


def receipts_touching(m: Model, cand_id: str, cycle: int) -> ir.Table:
    """The cycle's receipt rows filed by or naming one of the candidate's committees: all that pairing
    earmarks for this candidate needs, so a candidate question does not attribute the whole cycle."""
    own = candidate_committees(m, [cand_id], cycle).select("cmte_id")
    r = earmarks.receipt_rows(m, cycle)
    return r.filter(r.filer_id.isin(own.cmte_id) | r.other_id.isin(own.cmte_id))


def candidate_networks(m: Model, reg: Registry, cand_id: str, cycle: int) -> list[dict]:
    """The four figures for one candidate from every network in the registry (networks with nothing left out)."""
    rows = attribution_rows(m, reg.networks.values(), cycle, reg.conduits(), receipts_touching(m, cand_id, cycle))
    return na.candidate_networks(reg, na.per_network(rows, [cand_id]), cand_id)


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


# -- the built model: every registry network's answers, materialised per cycle -------------------
# (read back with plain SQL by model/network_answers.py; a registry that differs takes the live path)

def money_schema() -> pa.Schema:
    """The columns of ``network_money`` (a function: pyarrow is imported only when a build runs)."""
    return pa.schema([
        ("network", pa.string()), ("route", pa.string()), ("cand_id", pa.string()), ("cmte_id", pa.string()),
        ("recipient_id", pa.string()), ("amount", pa.decimal128(38, 2)), ("rows", pa.int64()),
        ("both_sides", pa.int64()), ("conduit_only", pa.int64()), ("refunds", pa.int64()),
        ("row_refs", pa.list_(pa.string())),
    ])


def build_registry(m: Model) -> Registry:
    """The registry the built model answers for: the packaged one plus what the store brings (the demo's)."""
    meta = {r["key"]: r["value"] for r in records(m.ib.table("meta").select("key", "value"))}
    return mreg.load(mreg.store_files(meta))


def built_table(m: Model, name: str, cycle: int) -> ir.Table:
    """One cycle's rows of a built table (built earlier in the same build), without its cycle column."""
    t = m.ib.table(built.table_name(name))
    return t.filter(t.cycle == cycle).drop("cycle")


@derived(na.REGISTRY, inputs=na.INPUTS[na.REGISTRY], version=na.VERSION)
def registry_table(m: Model, cycle: int) -> pa.Table:
    """The fingerprint of the registry the network tables were built for (network_answers.registry_fingerprint)."""
    return pa.table({"fingerprint": [na.registry_fingerprint(build_registry(m))]})


@derived(na.MONEY, inputs=na.INPUTS[na.MONEY], version=na.VERSION, after=(na.REGISTRY,))
def money_table(m: Model, cycle: int) -> pa.Table:
    """Every registry network's attribution rows (:func:`attribution_rows`) over the whole cycle."""
    reg = build_registry(m)
    return pa.Table.from_pylist(attribution_rows(m, reg.networks.values(), cycle, reg.conduits()),
                                schema=money_schema())


@derived(na.CANDIDATES, inputs=na.INPUTS[na.CANDIDATES], version=na.VERSION, after=(na.MONEY,))
def candidates_table(m: Model, cycle: int) -> pa.Table:
    """Name, party and race (:func:`describe`) of every candidate a registry network touched."""
    t = built_table(m, na.MONEY, cycle)
    ids = sorted(r["cand_id"] for r in records(t.filter(t.cand_id.notnull()).select("cand_id").distinct()))
    info = describe(m, cycle, ids)
    return pa.Table.from_pylist([{"cand_id": c, **info[c]} for c in ids], schema=pa.schema(
        [("cand_id", pa.string()), ("name", pa.string()), ("party", pa.string()), ("race", pa.string())]))


@derived(na.RESULTS, inputs=na.INPUTS[na.RESULTS], version=na.VERSION, after=(na.CANDIDATES,))
def results_table(m: Model, cycle: int) -> pa.Table:
    """Each such candidate's result in the cycle's elections (model/record.py's rule, decided at build time)."""
    cands = records(built_table(m, na.CANDIDATES, cycle).select("cand_id", "race"))
    rows = list(mrecord.outcomes(m, cands, cycle).values()) if cands else []
    return pa.Table.from_pylist(rows, schema=pa.schema([
        ("cand_id", pa.string()), ("result", pa.string()), ("stage", pa.string()), ("votes", pa.int64()),
        ("share", pa.float64()), ("margin_votes", pa.int64()), ("margin_points", pa.float64()),
        ("against", pa.string()), ("missing", pa.string()), ("result_refs", pa.list_(pa.string()))]))


@derived(na.COMMITTEES, inputs=na.INPUTS[na.COMMITTEES], version=na.VERSION)
def committees_table(m: Model, cycle: int) -> ir.Table:
    """The PAC summary (webk) of every registry committee (:func:`committee_summaries`)."""
    reg = build_registry(m)
    return committee_summaries(m, cycle, sorted({i for n in reg.networks.values() for i in n.ids()}))
