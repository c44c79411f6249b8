"""Claims -> verdicts with evidence: the metric -> evaluator table and the verdict rules.

Each evaluator computes every plausible definition of a claim's figure as a ``Figure`` (exact
amount, status, definition, the rows behind it), or raises :class:`CannotCheck` with the reason.
A figure *agrees* when it falls inside the range the stated value allows (``numbers.Value.bounds``).
The verdict rules, which keep "inconsistent" precise:

- **consistent** when one figure that is ``known`` for the claim's whole period agrees (or a
  partial one that is a lower bound agrees with an "at least" claim);
- **inconsistent** only when every plausible definition is computed, every one is ``known`` for
  the whole period, and every one disagrees;
- otherwise **cannot check**, naming the file that is missing or partial; counts the FEC does not
  record (endorsements) are never a verdict: the closest FEC figure is shown as context.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model.base import Model
from ..model.figures import Figure, Status
from . import money, votes
from .entities import CannotCheck, Lookup
from .evidence import Ctx, cycle_of, figure
from .extract import METRICS, Claim, Extraction, extract

Evaluator = Callable[[Ctx, Claim], list[Figure]]
CONTEXT_ONLY = {"endorsements_by_party": "endorsements are not filed with the FEC",
                "endorsements": "endorsements are not filed with the FEC"}


def ev_by_party(ctx: Ctx, c: Claim) -> list[Figure]:
    """Candidates a network funded, by party: a figure of its own, and the context for endorsement counts."""
    from ..model import networks as mnet
    from . import entities as ent

    cycle = cycle_of(c)
    kind, net = ent.org(ctx.look, c.orgs, cycle)
    if kind != "network":
        raise CannotCheck("no_evaluator", "candidates funded by party are computed for networks in the registry")
    defn = f"{c.party} candidates who received direct or earmarked money from {net.name}, {cycle}"
    if not (ctx.loaded("itpas2", cycle) or ctx.loaded("itcont", cycle)):
        from .evidence import missing

        return [missing("itpas2", cycle, defn, unit="count")]
    rows = mnet.per_candidate(ctx.m, net, cycle, ent.network_registry().conduits())
    party = mnet.recipients_by_party(rows).get(c.party or "", {"candidates": 0, "cand_ids": []})
    refs = [x for r in rows if r["cand_id"] in party["cand_ids"] for x in r["direct_refs"] + r["earmarked_refs"]]
    return [figure(party["candidates"], defn, refs, unit="count")]


def _no_evaluator(why: str, code: str = "no_evaluator") -> Evaluator:
    def run(ctx: Ctx, c: Claim) -> list[Figure]:
        raise CannotCheck(code, why)

    return run


EVALUATORS: dict[str, Evaluator] = {
    "vote_shares": votes.ev_vote_shares,
    "vote_share": votes.ev_vote_share,
    "margin_votes": votes.ev_margin_votes,
    "margin_points": votes.ev_margin_points,
    "votes": votes.ev_votes,
    "candidates_filed": votes.ev_candidates_filed,
    "raised": money.ev_summary("raised"),
    "cash_on_hand": money.ev_summary("cash_on_hand"),
    "spent": money.ev_summary("spent"),
    "gave": money.ev_summary("gave"),
    "spent_for": money.ev_spent_side("support"),
    "spent_against": money.ev_spent_side("oppose"),
    "received_from": money.ev_received_from,
    "recipients_by_party": ev_by_party,
    "endorsements_by_party": ev_by_party,
    "endorsements": _no_evaluator("endorsements are not filed with the FEC", "not_fec_data"),
    "network_races": _no_evaluator("races a network spent in: no evaluator yet (see the networks pages)"),
    "incumbents_defeated": _no_evaluator("no evaluator for incumbents defeated across races yet"),
    "money_other": _no_evaluator("an amount of money with no recognised metric (spent, raised, received, ...)"),
}


def agrees(c: Claim, f: Figure) -> str | None:
    if not f.has_value:
        return None
    if f.extra.get("verdict"):
        return f.extra["verdict"]
    lo, hi = c.value.bounds()
    return "consistent" if lo <= float(f.amount) <= hi else "inconsistent"


def verdict(c: Claim, figs: list[Figure]) -> tuple[str, str, str]:
    """(verdict, code, reason) by the rules in the module doc."""
    for f in figs:
        f.extra["verdict"] = agrees(c, f)
    good = [f for f in figs if f.extra["verdict"] == "consistent"
            and (f.is_known or (f.extra.get("prefix") and c.value.qualifier == "at least"))]
    if good:
        return "consistent", "consistent", f"consistent under: {good[0].definition}"
    if figs and all(f.is_known for f in figs):
        return "inconsistent", "inconsistent", (f"stated {c.value.text} ({c.value.rule()}); every definition "
                                                "disagrees: " + "; ".join(f"{_fmt(f, c)} ({f.definition})"
                                                                          for f in figs))
    gaps = [_gap(f) for f in figs if not f.is_known]
    code = "partial_data" if any(f.status is Status.PARTIAL for f in figs) else "no_data"
    shown = [f for f in figs if f.has_value]
    reason = "not every definition is known for the claim's whole period: " + "; ".join(gaps)
    if shown:
        reason += " — computed, for context: " + "; ".join(f"{_fmt(f, c)} ({f.definition}, {f.status.value})"
                                                            for f in shown)
    return "cannot check", code, reason


def _gap(f: Figure) -> str:
    if f.status is Status.NOT_LOADED:
        return f"{f.definition}: {f.missing} not loaded"
    if f.status is Status.PARTIAL:
        cov = f.coverage.describe() if f.coverage else ""
        files = ", ".join(f.coverage.files) if f.coverage else ""
        return f"{f.definition}: partial ({files}{': ' + cov if cov else ''})"
    return f"{f.definition}: no value"


def _fmt(f: Figure, c: Claim) -> str:
    if f.amount is None:
        return "—"
    if f.unit == "usd":
        return f"${f.amount:,.0f}"
    shown = f"{f.amount:,f}"
    return shown.rstrip("0").rstrip(".") if "." in shown else shown


def _figure_dict(f: Figure) -> dict:
    out = f.to_json()
    out["value"] = None if f.amount is None else (int(f.amount) if f.amount == f.amount.to_integral_value()
                                                  and f.unit != "percent" else float(f.amount))
    out["row_refs"] = list(f.refs)
    out["detail"] = f.extra.get("detail") or (f"not computed: {f.missing} not loaded" if f.missing else "")
    out["verdict"] = f.extra.get("verdict")
    out.pop("prefix", None)
    return out


def check_claim(ctx: Ctx, c: Claim) -> dict:
    out = c.to_dict()
    if c.not_fec:
        return {**out, "verdict": "cannot check", "code": "not_fec_data", "reason": c.not_fec, "figures": []}
    fn = EVALUATORS.get(c.metric)
    try:
        if fn is None:
            raise CannotCheck("no_evaluator", f"no evaluator for {METRICS.get(c.metric, c.metric)}")
        figs = fn(ctx, c)
    except CannotCheck as exc:
        return {**out, "context": c.context, "verdict": "cannot check", "code": exc.code, "reason": exc.reason,
                "figures": []}
    if c.metric in CONTEXT_ONLY:  # never a verdict: the closest FEC figure, shown as context
        for f in figs:
            f.extra["verdict"] = "context"
        return {**out, "context": c.context, "verdict": "cannot check", "code": "not_fec_data",
                "reason": CONTEXT_ONLY[c.metric] + "; the closest FEC figure is shown for context",
                "figures": [_figure_dict(f) for f in figs]}
    v, code, reason = verdict(c, figs)
    return {**out, "context": c.context, "verdict": v, "code": code, "reason": reason,
            "figures": [_figure_dict(f) for f in figs]}


def check_article(m: Model | None, raw: str, date=None) -> dict:
    """Extract every claim of an article and check each against the store (``m`` None: extract only)."""
    ex: Extraction = extract(raw, date)
    ctx = Ctx(m, Lookup(m)) if m is not None else None
    results = [check_claim(ctx, c) if ctx is not None else
               {**c.to_dict(), "verdict": "not checked", "figures": []} for c in ex.claims]
    counts: dict[str, int] = {}
    for r in results:
        counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
    return {**ex.to_dict(), "text": ex.article.text, "summary": counts, "results": results,
            "rules": "consistent = a figure known for the claim's whole period is inside the range the stated "
                     "value allows; inconsistent = every plausible definition is known and outside it; "
                     "anything else cannot be checked, and the reason names the missing or partial file",
            "evaluators": sorted(EVALUATORS)}
