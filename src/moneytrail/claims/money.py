"""Money claims -> figures: what a candidate or a committee raised, spent, had, gave; what a
committee or network spent for or against a candidate; what a candidate took from one.

Every plausible definition of the stated figure is computed (or named as not loaded), each with
its status, so the verdict rules in ``check`` can require all of them before saying
"inconsistent". Candidates' figures come from the summaries (weball/webl), committees' from the
PAC summary (webk), gifts and IEs from itpas2 and the IE file, networks from the registry.
"""

from __future__ import annotations

from ..model import contributions as mcontrib
from ..model import ies as mies
from ..model.base import records
from ..model.figures import Coverage, Figure, Status
from . import entities as ent
from .entities import CannotCheck
from .evidence import (
    Ctx,
    cycle_of,
    figure,
    file_status,
    missing,
    office_of,
    subject,
    summary_figure,
    summary_rows,
    webk_row,
)
from .extract import Claim

# (summary column, definition) per metric, for a candidate (weball/webl) and a committee (webk)
CANDIDATE = {
    "raised": [("ttl_receipts", "total receipts of {who}'s campaign committees"),
               ("ttl_indiv_contrib", "individual contributions only (itemized + unitemized)")],
    "spent": [("ttl_disb", "total disbursements of {who}'s campaign committees")],
    "cash_on_hand": [("coh_cop", "cash on hand of {who}'s campaign committees at the end of the period")],
}
COMMITTEE = {
    "raised": [("ttl_receipts", "total receipts of {who}"), ("indv_contrib", "contributions from individuals")],
    "spent": [("ttl_disb", "total disbursements of {who}"), ("ind_exp", "independent expenditures of {who}")],
    "cash_on_hand": [("coh_cop", "cash on hand of {who} at the end of the period")],
    "gave": [("contrib_to_other_cmte", "contributions by {who} to candidates and other committees")],
}
NETWORK_SUM = {"direct": "itpas2", "earmarked": "itcont", "ie_support": "ie", "ie_oppose": "ie"}


def _org_or_none(ctx: Ctx, c: Claim, cycle: int | None):
    return ent.org(ctx.look, c.orgs, cycle) if c.orgs else None


def ev_summary(metric: str):
    """raised / spent / cash on hand / gave: a candidate's summary, or a committee's, or a network's."""

    def run(ctx: Ctx, c: Claim) -> list[Figure]:
        cycle = cycle_of(c)
        person = c.subject == "person" or (c.subject is None and c.people and not c.orgs)
        if person or (c.people and not c.orgs):
            if metric not in CANDIDATE:
                raise CannotCheck("no_evaluator", "a candidate's contributions to others are not in the summaries")
            return _candidate(ctx, c, cycle, metric)
        found = _org_or_none(ctx, c, cycle)
        if found is None:
            raise CannotCheck("unknown_entity", "the claim names no candidate, committee or network")
        kind, who = found
        if kind == "network":
            return _network_total(ctx, c, who, metric)
        return _committee(ctx, c, who, cycle, metric)

    return run


def _candidate(ctx: Ctx, c: Claim, cycle: int, metric: str) -> list[Figure]:
    p = subject(ctx, c, cycle)
    defs = [(col, d.format(who=p.display)) for col, d in CANDIDATE[metric]]
    if not (ctx.loaded("weball", cycle) or ctx.loaded("webl", cycle)):
        return [missing("weball", cycle, d) for _col, d in defs]
    ids = ent.cycle_ids(ctx.m, p, cycle, office_of(c))
    rows = summary_rows(ctx, ids, cycle)
    if not rows:
        raise CannotCheck("no_data", f"no {cycle} summary row for {p.display} ({', '.join(ids)}): not a candidate "
                          "with a committee that cycle in the loaded summaries")
    distinct: dict[tuple, dict] = {}
    for r in rows:  # one committee reporting for two ids (House and Senate runs) is one campaign
        distinct.setdefault((r["ttl_receipts"], r["ttl_disb"], r["coh_cop"]), r)
    rows = list(distinct.values())
    if len(rows) == 1:
        return [summary_figure(rows[0], col, d, c, rows[0]["source_kind"]) for col, d in defs]
    c.context.append(f"{p.display} has {len(rows)} {cycle} campaigns ({', '.join(r['cand_id'] for r in rows)}): "
                     "each is a definition, and so is their sum")
    return [f for col, d in defs for f in
            [summary_figure(r, col, f"{d}, {r['cand_id']} only", c, r["source_kind"]) for r in rows]
            + [_summed(rows, col, f"{d}, all {len(rows)} campaigns", c)]]


def _summed(rows: list[dict], col: str, definition: str, c: Claim) -> Figure:
    figs = [summary_figure(r, col, definition, c, r["source_kind"]) for r in rows]
    if len(figs) == 1:
        return figs[0]
    worst = next((f for f in figs if not f.is_known), figs[0])
    return figure(sum((f.amount or 0) for f in figs), figs[0].definition, [x for f in figs for x in f.refs],
                  status=worst.status, coverage=worst.coverage, prefix=bool(worst.extra.get("prefix")))


def _committee(ctx: Ctx, c: Claim, who: ent.Committee, cycle: int, metric: str) -> list[Figure]:
    if who.clue:
        c.context.append(f"{c.orgs[0]} is {who.name} ({who.cmte_id}), {who.clue}")
    defs = [(col, d.format(who=who.name)) for col, d in COMMITTEE.get(metric, [])]
    if not defs:
        raise CannotCheck("no_evaluator", f"no committee figure for {metric}")
    figs: list[Figure] = []
    if not ctx.loaded("webk", cycle):
        figs += [missing("webk", cycle, d) for _col, d in defs]
    else:
        row = webk_row(ctx, who.cmte_id, cycle)
        if row is None:
            raise CannotCheck("no_data", f"{who.name} ({who.cmte_id}) has no {cycle} row with totals in the PAC "
                              "summary (webk): it may file no such report")
        figs += [summary_figure(row, col, d, c, "webk") for col, d in defs]
    if metric == "spent" and ctx.loaded("ie", cycle):
        rows = records(mies.by_spender(ctx.m, cycle, spender=who.cmte_id))
        st, cov, prefix = file_status(ctx, "ie", cycle, c)
        figs.append(figure(sum((r["amount"] or 0) for r in rows), f"independent expenditures by {who.name}, "
                           f"current notices and reports ({cycle})", [x for r in rows for x in r["row_refs"]],
                           status=st, coverage=cov, prefix=prefix))
    if metric == "gave" and ctx.loaded("itpas2", cycle):
        rows = [r for r in records(mcontrib.from_committee(ctx.m, who.cmte_id, cycle))
                if r["category"] == "contribution"]
        st, cov, prefix = file_status(ctx, "itpas2", cycle, c)
        figs.append(figure(sum((r["amount"] or 0) for r in rows), f"contributions to candidates' committees "
                           f"itemised by {who.name} (itpas2 24K rows, {cycle})",
                           [x for r in rows for x in r["row_refs"]], status=st, coverage=cov, prefix=prefix))
    return figs


def _network_total(ctx: Ctx, c: Claim, net, metric: str) -> list[Figure]:
    want = {"spent": [("ie_support", "independent expenditures supporting candidates"),
                      ("ie_oppose", "independent expenditures opposing candidates"),
                      ("direct", "direct contributions to candidates")],
            "gave": [("direct", "direct contributions to candidates"),
                     ("earmarked", "earmarked contributions through its conduits")]}.get(metric)
    if want is None:
        raise CannotCheck("no_evaluator", f"a network's {metric.replace('_', ' ')} is not one summary figure: "
                          "check its committees one by one")
    figs = net_figures(ctx, c, net, want, cand=False)
    if metric == "spent" and all(f.is_known for f in figs):
        figs.insert(0, figure(sum(f.amount for f in figs), "all of these together: "
                              + ", ".join(f.definition.split(" — ")[0] for f in figs),
                              [x for f in figs for x in f.refs]))
    return figs


def net_figures(ctx: Ctx, c: Claim, net, want: list[tuple[str, str]], cand: bool = True) -> list[Figure]:
    """Figures of a network (model/networks.py per_candidate), for the claim's candidate or summed over all."""
    from ..model import networks as mnet

    kinds = ("itpas2", "ie", "itcont")
    if c.period.cycle:
        cycles = [c.period.cycle]
    else:
        cycles = sorted({x for k in kinds for x in ctx.look.loaded_cycles(k)})
        if not cycles:
            return [missing(NETWORK_SUM[f], None, label) for f, label in want]
    ids = subject(ctx, c, cycles[-1]).ids if cand else None
    rows = {cy: mnet.per_candidate(ctx.m, net, cy, ent.network_registry().conduits(), cand_ids=ids)
            for cy in cycles if any(ctx.loaded(k, cy) for k in kinds)}
    out = []
    label_cycles = ", ".join(map(str, cycles))
    for field_, label in want:
        kind = NETWORK_SUM[field_]
        defn = f"{label} — network {net.name} ({len(net.members)} committees in the registry), {label_cycles}"
        lacking = [cy for cy in cycles if not ctx.loaded(kind, cy)]
        if lacking:
            out.append(missing(kind, lacking[0], defn))
            continue
        total = sum(r[field_] or 0 for cy in cycles for r in rows[cy])
        refs = [x for cy in cycles for r in rows[cy] for x in r.get(f"{field_}_refs", [])]
        st, cov, prefix = file_status(ctx, kind, cycles[-1], c)
        out.append(figure(total, defn, refs, status=st, coverage=cov, prefix=prefix))
    return out


def ev_spent_side(side: str):
    """Spent for / against a candidate by a committee or network: IE notices and the spender's 24E/24A rows."""
    word = "for" if side == "support" else "against"

    def run(ctx: Ctx, c: Claim) -> list[Figure]:
        cycle = cycle_of(c)
        kind, spender = ent.org(ctx.look, c.orgs, cycle)
        if kind == "network":
            f = "ie_support" if side == "support" else "ie_oppose"
            return net_figures(ctx, c, spender, [(f, f"independent expenditures {word} the candidate by its "
                                                     "committees")])
        p = subject(ctx, c, cycle)
        figs = []
        if ctx.loaded("ie", cycle):
            rows = [r for r in records(mies.by_spender(ctx.m, cycle, cand_ids=p.ids, spender=spender.cmte_id))
                    if r["support_oppose"] == side]
            st, cov, prefix = file_status(ctx, "ie", cycle, c)
            figs.append(figure(sum((r["amount"] or 0) for r in rows), f"independent expenditures {word} {p.display} by "
                               f"{spender.name}, current 24/48-hour notices ({cycle})",
                               [x for r in rows for x in r["row_refs"]], status=st, coverage=cov, prefix=prefix))
        if ctx.loaded("itpas2", cycle):
            cat = "ie_support" if side == "support" else "ie_oppose"
            rows = [g for g in records(mcontrib.by_giver(ctx.m, mcontrib.to_candidates(ctx.m, p.ids, cycle), cycle))
                    if g["cmte_id"] == spender.cmte_id and g["category"] == cat]
            st, cov, prefix = file_status(ctx, "itpas2", cycle, c)
            tp = "24E" if side == "support" else "24A"
            figs.append(figure(sum((r["amount"] or 0) for r in rows), f"the spender's own reports (itpas2 {tp} rows, "
                               f"{cycle})", [x for r in rows for x in r["row_refs"]], status=st, coverage=cov,
                               prefix=prefix))
        return figs or [missing("ie", cycle, f"independent expenditures {word} {p.display} by {spender.name}"),
                        missing("itpas2", cycle, "the spender's own 24E/24A rows")]

    return run


def ev_received_from(ctx: Ctx, c: Claim) -> list[Figure]:
    """A candidate's money from a committee or network: direct gifts, IEs for them, earmarks through a conduit."""
    kind, giver = ent.org(ctx.look, c.orgs, c.period.cycle)
    if kind == "network":
        return net_figures(ctx, c, giver, [("direct", "direct contributions from the network's committees"),
                                           ("earmarked", "earmarked contributions through its conduits"),
                                           ("ie_support", "independent expenditures supporting the candidate")])
    cycles = [c.period.cycle] if c.period.cycle else sorted(
        set(ctx.look.loaded_cycles("itpas2")) | set(ctx.look.loaded_cycles("ie")))
    if not cycles:
        return [missing("itpas2", None, "direct contributions"), missing("ie", None, "independent expenditures")]
    p = subject(ctx, c, cycles[-1])
    label = ", ".join(map(str, cycles))
    figs = []
    for kind_, cat, defn in (("itpas2", "contribution", f"direct contributions from {giver.name} to {p.display}'s "
                                                         f"committees (itpas2, {label})"),
                             ("ie", "support", f"independent expenditures supporting {p.display} by {giver.name} "
                                               f"(notices, {label})")):
        lacking = [cy for cy in cycles if not ctx.loaded(kind_, cy)]
        if lacking:
            figs.append(missing(kind_, lacking[0], defn))
            continue
        total, refs = 0, []
        for cy in cycles:
            if kind_ == "itpas2":
                got = [g for g in records(mcontrib.by_giver(ctx.m, mcontrib.to_candidates(ctx.m, p.ids, cy), cy))
                       if g["cmte_id"] == giver.cmte_id and g["category"] == cat]
            else:
                got = [r for r in records(mies.by_spender(ctx.m, cy, cand_ids=p.ids, spender=giver.cmte_id))
                       if r["support_oppose"] == cat]
            total += sum((g["amount"] or 0) for g in got)
            refs += [x for g in got for x in g["row_refs"]]
        if c.period.end is None:  # no period stated: the loaded cycles give a lower bound, no more
            st, cov, prefix = Status.PARTIAL, Coverage(files=(kind_,), note=f"no period stated: only the loaded "
                                                       f"cycles ({label}), a lower bound"), True
        else:
            st, cov, prefix = file_status(ctx, kind_, cycles[-1], c)
        figs.append(figure(total, defn, refs, status=st, coverage=cov, prefix=prefix))
    if giver.cmte_id in (ent.network_registry().conduits() if ent.network_registry() else []):
        figs.append(missing("itcont", cycles[-1], f"earmarked contributions through {giver.name} as a conduit"))
    return figs
