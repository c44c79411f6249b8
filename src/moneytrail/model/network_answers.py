"""Network answers assembled from attribution rows: one assembly for the live rule and the built model.

A network's money reaches a candidate by four routes (model/networks.py says which rows count).
The rules produce *attribution rows* — one per (network, route, candidate, committee[, recipient])
with the amount and the rows behind it — and everything a report shows (per candidate, per
committee, by role, by race, by party) is added up from them here, in plain Python over a few
hundred small rows. The live path gets the rows from the Ibis rules; the built model stores the
same rows for every registry network (``built_network_money`` ...) and this module reads them with
plain SQL, so a report runs no rule and loads no Ibis (the rules' modules, whose docstrings the
answers quote as definitions, import Ibis only when a rule runs: see lazy.py).

The built tables answer for the registry they were built with (the packaged one, plus the demo's
synthetic one on the demo store): :func:`registry_fingerprint` names it, and a registry given at
query time that differs (``--registry extra.yaml``) is answered by the live rule.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from ..store import built
from .registry import Network, Registry

FIGURES = ("direct", "earmarked", "ie_support", "ie_oppose")
ROUTES = ("direct", "direct_memo", "earmarked", "ie_support", "ie_oppose")  # the order by_committee lists them

# the built tables (declared in model/networks.py and model/individuals.py, read here)
MONEY, CANDIDATES, RESULTS, COMMITTEES = "network_money", "network_candidates", "network_results", "network_committees"
REGISTRY, SMALL_DOLLAR, ORGANIZATIONS = "network_registry", "candidate_small_dollar", "candidate_organizations"
GIFT_GROUPS = "candidate_gift_groups"
NETWORK_TABLES = (REGISTRY, MONEY, CANDIDATES, RESULTS, COMMITTEES)
CANDIDATE_TABLES = (REGISTRY, MONEY, SMALL_DOLLAR, ORGANIZATIONS)
VERSION = 1  # of every table above (the declarations use it): bump when their rows change

# the kinds of file each table reads (a load of one makes its cycle stale)
RESULT_KINDS = ("medsl", "openelections", "fec_results", "fte_primary", "nbc", "results_csv")
NETWORK_INPUTS = ("itpas2", "itcont", "itoth", "ie", "fec", "cn", "cm", "ccl", "weball", "webl", "webk",
                  *RESULT_KINDS)
GIFT_INPUTS = ("itcont", "itoth", "cn", "cm", "ccl", "weball", "webl")
INPUTS = {REGISTRY: (), MONEY: NETWORK_INPUTS, CANDIDATES: NETWORK_INPUTS, RESULTS: NETWORK_INPUTS,
          COMMITTEES: NETWORK_INPUTS, GIFT_GROUPS: GIFT_INPUTS, SMALL_DOLLAR: GIFT_INPUTS, ORGANIZATIONS: GIFT_INPUTS}


def registry_fingerprint(reg: Registry) -> str:
    """A digest of everything in the registry that a figure or an answer depends on."""
    doc = [[n.key, n.name, n.description, list(n.aliases), n.origin,
            [[m.id, m.name, list(m.roles), m.source, m.first_cycle, m.verified] for m in n.members]]
           for n in reg.networks.values()]
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()[:16]


# -- attribution rows -> per candidate ---------------------------------------------------------

def _slot(cid: str) -> dict:
    return {"cand_id": cid, **{f: 0 for f in FIGURES}, **{f"{f}_refs": [] for f in FIGURES}, "by_committee": []}


def _order(r: dict) -> tuple:
    return (ROUTES.index(r["route"]), r["cmte_id"] or "", r.get("recipient_id") or "")


def per_candidate(rows: Iterable[dict], cand_ids: list[str] | None = None,
                  other_recipients: list | None = None) -> dict[str, dict]:
    """The four figures per candidate (each with its rows) from one network's attribution rows.

    ``other_recipients``: when a list, earmarked money to committees that are no candidate's
    (parties, PACs) is appended to it, so it is shown rather than dropped."""
    out: dict[str, dict] = {}
    for r in sorted(rows, key=_order):
        route, cid = r["route"], r["cand_id"]
        if route == "earmarked" and cid is None and other_recipients is not None:
            other_recipients.append({"recipient_id": r["recipient_id"], "conduit_id": r["cmte_id"],
                                     "amount": r["amount"], "gifts": r["rows"], "row_refs": sorted(r["row_refs"])})
        if cid is None or (cand_ids and cid not in cand_ids):
            continue
        s = out.setdefault(cid, _slot(cid))
        if route == "direct_memo":
            s["by_committee"].append({"cmte_id": r["cmte_id"], "figure": "direct memo rows (not counted)",
                                      "amount": r["amount"], "rows": r["rows"], "row_refs": sorted(r["row_refs"])})
            continue
        s[route] += r["amount"] or 0
        s[f"{route}_refs"] += r["row_refs"]
        entry = {"cmte_id": r["cmte_id"], "figure": route, "amount": r["amount"], "rows": r["rows"]}
        if route == "earmarked":
            entry |= {k: r[k] for k in ("both_sides", "conduit_only", "refunds")}
        s["by_committee"].append(entry)
    for s in out.values():
        s["received_total"] = s["direct"] + s["earmarked"]
        for f in FIGURES:
            s[f"{f}_refs"].sort()
    return out


def describe(cands: dict[str, dict], info: dict[str, dict]) -> list[dict]:
    """Name, party and race on each candidate (``info`` per cand_id), the biggest totals first."""
    for cid, c in cands.items():
        i = info.get(cid, {})
        c["name"], c["party"], c["race"] = i.get("name"), i.get("party"), i.get("race")
    return sorted(cands.values(), key=lambda s: (-(s["received_total"] + s["ie_support"] + s["ie_oppose"]),
                                                 s["cand_id"]))


# -- the network as a whole ---------------------------------------------------------------------

def spent_by_committee(net: Network, per_cand: list[dict], summary: dict[str, dict]) -> list[dict]:
    """Per member committee: its role, what the rows show (direct, earmarked forwarded, IEs), and its
    PAC summary (webk, ``summary`` per cmte_id) as reported."""
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


def report(net: Network, cycle: int, cands: list[dict], summary: dict[str, dict], others: list[dict]) -> dict:
    """Everything about one network in one cycle (the ``moneytrail network`` answer, before figures)."""
    committees = spent_by_committee(net, cands, summary)
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


def per_network(rows: Iterable[dict], cand_ids: list[str] | None = None) -> dict[str, dict[str, dict]]:
    """:func:`per_candidate` for each network in the attribution rows: network key -> cand_id -> figures."""
    by_net: dict[str, list[dict]] = {}
    for r in rows:
        by_net.setdefault(r["network"], []).append(r)
    return {k: per_candidate(v, cand_ids) for k, v in by_net.items()}


def candidate_networks(reg: Registry, per_network: dict[str, dict[str, dict]], cand_id: str) -> list[dict]:
    """Per registry network that touched the candidate: its four figures (``per_network``: key -> per_candidate)."""
    out = []
    for net in reg.networks.values():
        row = per_network.get(net.key, {}).get(cand_id)
        if row:
            out.append({"network": net.key, "name": net.name, **{k: v for k, v in row.items() if k != "cand_id"}})
    return out


# -- small-dollar estimate -----------------------------------------------------------------------

def small_dollar_row(cid: str, item: dict, summ: dict) -> dict:
    """One candidate's small-dollar estimate (model/individuals.py defines it) from its itemized-gift
    aggregates (``itemized``, ``gifts``, ``rows_200_or_less``, ``earmarked``) and its summary row."""
    total, itemized = summ.get("ttl_indiv_contrib"), item.get("itemized") or 0
    unitemized = max(total - itemized, 0) if total is not None else None
    return {"cand_id": cid, "summary_indiv": total, "summary_ref": summ.get("row_ref"),
            "summary_through": summ.get("cvg_end_dt"), "itemized_rows": itemized, "gifts": item.get("gifts") or 0,
            "earmarked_rows": item.get("earmarked") or 0, "rows_200_or_less": item.get("rows_200_or_less") or 0,
            "unitemized_estimate": unitemized,
            "small_dollar_share": (round(float(unitemized) / float(total), 4)
                                   if total and item.get("gifts") else None)}


def flatten_refs(refs) -> list[str]:
    """Row references from a list that may hold lists (a gift's rows), in order."""
    out: list[str] = []
    for r in refs or []:
        if isinstance(r, list):
            out.extend(x for x in r if x)
        elif r:
            out.append(r)
    return out


def organization_row(r: dict) -> dict:
    """One "top organizations" row as answered: employers in a stable order, refs flattened."""
    return {"organization": r["organization"], "amount": r["amount"], "gifts": r["gifts"],
            "employers": sorted(e for e in r["employers"] if e is not None) + [None] * r["employers"].count(None),
            "row_refs": sorted(flatten_refs(r["row_refs"]))}


# -- reading the built model ----------------------------------------------------------------------

def built_reason(con, cycle: int, fingerprint: str, names: Iterable[str]) -> str | None:
    """Why the built tables ``names`` cannot answer for this cycle and registry (None: they can)."""
    version = f"{built.MODEL_VERSION}.{VERSION}"
    for name in (REGISTRY, *names):
        st = built.state(con, name, cycle, version, INPUTS[name])
        if not st.current:
            return st.reason
    stored = built_fingerprint(con, cycle)
    if stored is None:
        return f"coverage was never built for {cycle}"
    if stored != fingerprint:
        return "the network registry differs from the one the model was built with"
    return None


def built_fingerprint(con, cycle: int) -> str | None:
    """The fingerprint of the registry the cycle's network tables were built for (None: they, or the
    coverage they are read with, were never built)."""
    if not built.has_ledger(con) or con.execute(
            "SELECT count(*) FROM builds WHERE name IN (?, 'coverage') AND cycle = ?", [REGISTRY, cycle]
    ).fetchall()[0][0] != 2:
        return None
    row = built.read(con, REGISTRY, cycle, columns="fingerprint")
    return row[0]["fingerprint"] if row else None


def read_report(con, net: Network, cycle: int) -> dict:
    """The network answer (before figures) from the built tables."""
    others: list[dict] = []
    rows = built.read(con, MONEY, cycle, "network = ?", [net.key])
    cands = per_candidate(rows, other_recipients=others)
    info = {r["cand_id"]: r for r in built.read(con, CANDIDATES, cycle, "list_contains(?, cand_id)",
                                                [list(cands)])} if cands else {}
    summary = {r["cmte_id"]: {k: v for k, v in r.items() if k != "cycle"}
               for r in built.read(con, COMMITTEES, cycle, "list_contains(?, cmte_id)", [net.ids() or [""]])}
    return report(net, cycle, describe(cands, info), summary, others)


def read_outcomes(con, cycle: int, cand_ids: list[str]) -> dict[str, dict]:
    """Each candidate's result in the cycle's elections, as decided at build time (model/record.py)."""
    if not cand_ids:
        return {}
    return {r["cand_id"]: r for r in built.read(con, RESULTS, cycle, "list_contains(?, cand_id)", [cand_ids])}


def read_candidate(con, reg: Registry, cand_id: str, cycle: int) -> tuple[list[dict], dict, list[dict]]:
    """One candidate's networks, small-dollar row and top organizations from the built tables."""
    per_net = per_network(built.read(con, MONEY, cycle, "cand_id = ?", [cand_id]), [cand_id])
    sd = built.read(con, SMALL_DOLLAR, cycle, "cand_id = ?", [cand_id])
    sd = sd[0] if sd else {}
    orgs = built.read(con, ORGANIZATIONS, cycle, "cand_id = ?", [cand_id], order_by="rank")
    return (candidate_networks(reg, per_net, cand_id),
            small_dollar_row(cand_id, {k: sd.get(k) for k in ("itemized", "gifts", "rows_200_or_less", "earmarked")},
                             {k: sd.get(k) for k in ("ttl_indiv_contrib", "row_ref", "cvg_end_dt")}),
            [organization_row(r) for r in orgs])

