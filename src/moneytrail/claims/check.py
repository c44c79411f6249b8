"""Claims -> verdicts with evidence: the metric -> evaluator table and the verdict rules.

Each evaluator computes one or more **figures** for a claim, each with its definition and the
rows behind it (``row_refs``), or raises :class:`CannotCheck` with the reason. A figure is
*consistent* when it falls inside the range the stated value allows (``numbers.Value.bounds``,
rules in the README), else *inconsistent*. With several plausible definitions ("from AIPAC":
direct, earmarked, IE support) each is shown; the claim is consistent when any one is, and
the verdict names it. No figure is ever invented: missing data is "cannot check" with why.
Network metrics plug in here once the networks registry exists (see ``entities.network_registry``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import candidates as mc
from ..model import contributions as mcontrib
from ..model import elections as melections
from ..model import ies as mies
from ..model.base import Model, records
from ..model.keys import RaceKey
from . import entities as ent
from .entities import CannotCheck
from .extract import METRICS, Claim, Extraction, extract


@dataclass
class Figure:
    definition: str
    value: float | None
    row_refs: list[str] = field(default_factory=list)
    detail: str = ""
    verdict: str | None = None  # set by the evaluator when it is not a plain range test (share pairs)


Evaluator = Callable[[Model, Claim], list[Figure]]


def _plain(x):
    return float(x) if x is not None else None


def _race(c: Claim) -> RaceKey:
    if not c.race:
        raise CannotCheck("ambiguous_entity", "the claim names no race and the article names none")
    return RaceKey.parse(c.race)


def _year(c: Claim) -> int:
    if c.period.year is None:
        raise CannotCheck("no_period", f"no year for this claim ({c.period.text})")
    return c.period.year


def _cycle(m: Model, c: Claim, kinds: list[str]) -> int:
    if c.period.cycle is None:
        raise CannotCheck("no_period", f"no cycle for this claim ({c.period.text})")
    cy = c.period.cycle
    missing = [k for k in kinds if cy not in m.loaded_cycles(k)]
    if len(missing) == len(kinds):
        loaded = sorted({x for k in kinds for x in m.loaded_cycles(k)})
        raise CannotCheck("no_data", f"no data loaded for the {cy} cycle ({' or '.join(kinds)} files); "
                          f"cycles loaded: {', '.join(map(str, loaded)) or 'none'}")
    return cy


def _contest(m: Model, c: Claim) -> dict:
    race, year = _race(c), _year(c)
    stage = c.stage or "general"
    contests = [x for x in melections.contests(m, race, year) if x["stage"] == stage and not x["special"]]
    if not contests:
        raise CannotCheck("no_data", f"no {stage} results loaded for {race} in {year}")
    return contests[0]


def _named(contest: dict, c: Claim) -> list[dict]:
    """The contest's candidates the claim names, in the order the sentence names them."""
    order = sorted(c.people, key=lambda p: c.quote.find(p) if p in c.quote else 10**6)
    out = []
    for p in order:
        hits = [x for x in contest["candidates"] if p.upper() in x["candidate"].upper()]
        if len(hits) == 1 and hits[0] not in out:
            out.append(hits[0])
    return out


def _pair(contest: dict, c: Claim) -> tuple[dict, dict]:
    named = _named(contest, c)
    if len(named) >= 2:
        a, b = sorted(named[:2], key=lambda x: -(x["votes"] or 0))
        return a, b
    if len(contest["candidates"]) < 2:
        raise CannotCheck("no_data", "the contest has fewer than two candidates")
    return contest["candidates"][0], contest["candidates"][1]


def _source(contest: dict) -> str:
    return f"{contest['year']} {contest['stage']}, source {contest['source_kind']}"


def ev_vote_shares(m: Model, c: Claim) -> list[Figure]:
    contest = _contest(m, c)
    a, b = _pair(contest, c)
    refs = a["row_refs"] + b["row_refs"]
    out = []
    lo_a, hi_a = c.value.amount - 0.5, c.value.amount + 0.5
    lo_b, hi_b = c.value.second - 0.5, c.value.second + 0.5

    def fig(defn, sa, sb):
        ok = lo_a <= sa <= hi_a and lo_b <= sb <= hi_b
        return Figure(defn, round(sa, 2), refs, f"{a['candidate']} {sa:.2f}%, {b['candidate']} {sb:.2f}%",
                      "consistent" if ok else "inconsistent")

    out.append(fig(f"share of all votes in the contest ({_source(contest)})", a["share"], b["share"]))
    if len(contest["candidates"]) > 2 and a["votes"] and b["votes"]:
        two = a["votes"] + b["votes"]
        out.append(fig("share of the two candidates' votes", 100 * a["votes"] / two, 100 * b["votes"] / two))
    return out


def ev_margin_votes(m: Model, c: Claim) -> list[Figure]:
    contest = _contest(m, c)
    a, b = _pair(contest, c)
    return [Figure(f"votes of the winner minus the runner-up ({_source(contest)})", a["votes"] - b["votes"],
                   a["row_refs"] + b["row_refs"], f"{a['candidate']} {a['votes']:,} - {b['candidate']} {b['votes']:,}")]


def ev_margin_points(m: Model, c: Claim) -> list[Figure]:
    contest = _contest(m, c)
    a, b = _pair(contest, c)
    return [Figure(f"share of the winner minus the runner-up, in points ({_source(contest)})",
                   round(a["share"] - b["share"], 2), a["row_refs"] + b["row_refs"])]


def ev_vote_share(m: Model, c: Claim) -> list[Figure]:
    contest = _contest(m, c)
    named = _named(contest, c) or contest["candidates"][:1]
    x = named[0]
    return [Figure(f"{x['candidate']}'s share of all votes ({_source(contest)})", x["share"], x["row_refs"])]


def ev_votes(m: Model, c: Claim) -> list[Figure]:
    contest = _contest(m, c)
    named = _named(contest, c) or contest["candidates"][:1]
    x = named[0]
    return [Figure(f"{x['candidate']}'s votes ({_source(contest)})", x["votes"], x["row_refs"])]


def ev_candidates_filed(m: Model, c: Claim) -> list[Figure]:
    race = _race(c)
    cycle = _cycle(m, c, ["cn"])
    cn = mc.candidate_master(m, cycle)
    seat = (cn.cand_office == race.office) & (cn.cand_office_st == race.state) & (cn.cand_election_yr == cycle)
    if race.office == "H":
        seat &= cn.cand_office_district.lpad(2, "0") == race.district
    rows = records(cn.filter(seat).select("cand_id", "cand_name", "row_ref"))
    figs = [Figure(f"candidates in the {cycle} candidate master for {race} whose election year is {cycle}",
                   len(rows), [r["row_ref"] for r in rows], ", ".join(sorted(r["cand_name"] for r in rows)))]
    wide = records(mc.race_candidates(m, race, cycle))
    if len(wide) != len(rows):
        figs.append(Figure("candidates in the race: the candidate master plus anyone with money in the cycle's "
                           "summaries for the seat", len(wide), [r["cn_ref"] or r["summary_ref"] for r in wide
                                                                 if r["cn_ref"] or r["summary_ref"]],
                           ", ".join(sorted(r["name"] or r["cand_id"] for r in wide))))
    return figs


def _one_person(m: Model, c: Claim, year: int | None) -> ent.Person:
    race = _race(c)
    people = [p for p in c.people]
    if not people:
        raise CannotCheck("unknown_entity", "the claim names no candidate")
    return ent.person(m, people[0], race, year)


def ev_raised(m: Model, c: Claim) -> list[Figure]:
    cycle = _cycle(m, c, ["weball", "webl"])
    p = _one_person(m, c, cycle)
    ids = ent.cycle_ids(m, p, cycle)
    s = mc.summaries(m, cycle)
    rows = records(s.filter(s.cand_id.isin(ids)))
    if not rows:
        raise CannotCheck("no_data", f"no {cycle} summary row for {p.name} ({', '.join(ids)})")
    refs = [r["row_ref"] for r in rows]
    return [
        Figure(f"total receipts of {p.name}'s committees, {cycle} summary ({rows[0]['source_kind']}, "
               f"through {rows[0]['cvg_end_dt']})", _plain(sum(r["ttl_receipts"] or 0 for r in rows)), refs),
        Figure("individual contributions only (itemized + unitemized)",
               _plain(sum(r["ttl_indiv_contrib"] or 0 for r in rows)), refs),
    ]


def ev_cash(m: Model, c: Claim) -> list[Figure]:
    cycle = _cycle(m, c, ["weball", "webl"])
    p = _one_person(m, c, cycle)
    s = mc.summaries(m, cycle)
    rows = records(s.filter(s.cand_id.isin(ent.cycle_ids(m, p, cycle))))
    if not rows:
        raise CannotCheck("no_data", f"no {cycle} summary row for {p.name}")
    cash = _plain(sum(r["coh_cop"] or 0 for r in rows))
    return [Figure(f"cash on hand at the end of the period, {cycle} summary", cash, [r["row_ref"] for r in rows])]


def _spender(m: Model, c: Claim):
    kind, who = ent.org(m, c.orgs)
    if kind == "network":
        raise _Network(who)
    return who


class _Network(Exception):
    def __init__(self, net):
        self.net = net


def _net_figures(m: Model, c: Claim, net, want: list[tuple[str, str]], cand: bool = True) -> list[Figure]:
    """Figures of a network (model/networks.py per_candidate), for the claim's candidate or summed over all."""
    from ..model import networks as mnet

    need = {"direct": "itpas2", "earmarked": "itcont", "ie_support": "ie", "ie_oppose": "ie"}
    if c.period.cycle:
        cycles = [_cycle(m, c, ["itpas2", "ie", "itcont"])]
    else:
        cycles = sorted({x for k in ("itpas2", "ie", "itcont") for x in m.loaded_cycles(k)})
        if not cycles:
            raise CannotCheck("no_data", "no itpas2, itcont or IE files loaded")
    ids = _one_person(m, c, cycles[-1]).ids if cand else None
    rows = {cy: mnet.per_candidate(m, net, cy, ent.network_registry().conduits(), cand_ids=ids) for cy in cycles}
    out = []
    label_cycles = ", ".join(map(str, cycles))
    for field_, label in want:
        have = [cy for cy in cycles if cy in m.loaded_cycles(need[field_])]
        defn = f"{label} — network {net.name} ({len(net.members)} committees in the registry), {label_cycles}"
        if not have:
            out.append(Figure(defn, None, [], f"not computed: no {need[field_]} file loaded for {label_cycles}"))
            continue
        total = sum(float(r[field_] or 0) for cy in have for r in rows[cy])
        refs = [x for cy in have for r in rows[cy] for x in r.get(f"{field_}_refs", [])]
        out.append(Figure(defn, total, refs, "" if len(have) == len(cycles) else
                          f"only {', '.join(map(str, have))} have a {need[field_]} file"))
    return out


def ev_spent_side(side: str) -> Evaluator:
    def run(m: Model, c: Claim) -> list[Figure]:
        try:
            spender = _spender(m, c)
        except _Network as n:
            f = "ie_support" if side == "support" else "ie_oppose"
            word = "for" if side == "support" else "against"
            return _net_figures(m, c, n.net, [(f, f"independent expenditures {word} the candidate by its committees")])
        cycle = _cycle(m, c, ["ie", "itpas2"])
        p = _one_person(m, c, cycle)
        ids = p.ids
        figs = []
        if cycle in m.loaded_cycles("ie"):
            rows = [r for r in records(mies.by_spender(m, cycle, cand_ids=ids, spender=spender.cmte_id))
                    if r["support_oppose"] == side]
            figs.append(Figure(f"independent expenditures {'for' if side == 'support' else 'against'} {p.name} by "
                               f"{spender.name}, current 24/48-hour notices ({cycle})",
                               _plain(sum(r["amount"] or 0 for r in rows)), [x for r in rows for x in r["row_refs"]]))
        if cycle in m.loaded_cycles("itpas2"):
            cat = "ie_support" if side == "support" else "ie_oppose"
            rows = [g for g in records(mcontrib.by_giver(m, mcontrib.to_candidates(m, ids, cycle), cycle))
                    if g["cmte_id"] == spender.cmte_id and g["category"] == cat]
            tp = "24E" if side == "support" else "24A"
            figs.append(Figure(f"the spender's own reports (itpas2 {tp} rows, {cycle})",
                               _plain(sum(r["amount"] or 0 for r in rows)), [x for r in rows for x in r["row_refs"]]))
        return figs

    return run


def ev_spent(m: Model, c: Claim) -> list[Figure]:
    try:
        spender = _spender(m, c)
    except _Network as n:
        figs = _net_figures(m, c, n.net, [("ie_support", "independent expenditures supporting candidates"),
                                           ("ie_oppose", "independent expenditures opposing candidates"),
                                           ("direct", "direct contributions to candidates")], cand=False)
        done = [f for f in figs if f.value is not None]
        if len(done) == len(figs):
            figs.insert(0, Figure("all of these together: " + ", ".join(f.definition.split(" — ")[0] for f in figs),
                                  sum(f.value for f in figs), [x for f in figs for x in f.row_refs]))
        return figs
    cycle = _cycle(m, c, ["ie", "webk"])
    figs = []
    if cycle in m.loaded_cycles("ie"):
        rows = records(mies.by_spender(m, cycle, spender=spender.cmte_id))
        figs.append(Figure(f"independent expenditures by {spender.name}, current 24/48-hour notices ({cycle})",
                           _plain(sum(r["amount"] or 0 for r in rows)), [x for r in rows for x in r["row_refs"]]))
    if cycle in m.loaded_cycles("webk"):
        w = m.bulk("webk", cycle)
        w = w.filter(w.cmte_id == spender.cmte_id)
        rows = records(w.order_by([w.cvg_end_dt.desc(), w.load_id.desc()]).limit(1))
        if rows:
            r = rows[0]
            figs.append(Figure(f"total disbursements, {cycle} PAC summary (webk, through {r['cvg_end_dt']})",
                               _plain(r["ttl_disb"]), [r["row_ref"]]))
            figs.append(Figure("independent expenditures, same summary row", _plain(r["ind_exp"]), [r["row_ref"]]))
    return figs


def ev_received_from(m: Model, c: Claim) -> list[Figure]:
    kind, giver = ent.org(m, c.orgs)
    if kind == "network":
        return _net_figures(m, c, giver, [("direct", "direct contributions from the network's committees"),
                                          ("earmarked", "earmarked contributions through its conduits"),
                                          ("ie_support", "independent expenditures supporting the candidate")])
    _race(c)
    cycles = [c.period.cycle] if c.period.cycle else sorted(set(m.loaded_cycles("itpas2")) | set(m.loaded_cycles("ie")))
    if c.period.cycle:
        _cycle(m, c, ["itpas2", "ie"])
    if not cycles:
        raise CannotCheck("no_data", "no committee-to-candidate (itpas2) or IE files loaded")
    p = _one_person(m, c, cycles[-1])
    label = ", ".join(map(str, cycles))
    direct, direct_refs, ies, ie_refs = 0.0, [], 0.0, []
    for cy in cycles:
        if cy in m.loaded_cycles("itpas2"):
            for g in records(mcontrib.by_giver(m, mcontrib.to_candidates(m, p.ids, cy), cy)):
                if g["cmte_id"] == giver.cmte_id and g["category"] == "contribution":
                    direct += float(g["amount"] or 0)
                    direct_refs += g["row_refs"]
        if cy in m.loaded_cycles("ie"):
            for r in records(mies.by_spender(m, cy, cand_ids=p.ids, spender=giver.cmte_id)):
                if r["support_oppose"] == "support":
                    ies += float(r["amount"] or 0)
                    ie_refs += r["row_refs"]
    return [
        Figure(f"direct contributions from {giver.name} to {p.name}'s committees (itpas2, cycles {label})",
               direct, direct_refs),
        Figure(f"independent expenditures supporting {p.name} by {giver.name} (notices, cycles {label})", ies, ie_refs),
        Figure("earmarked contributions through the committee as a conduit", None, [],
               "not computed: earmark attribution is part of the networks work (issue 4)"),
    ]


def ev_by_party(m: Model, c: Claim) -> list[Figure]:
    """Endorsements are not FEC data: the closest FEC figure is candidates funded, by party."""
    from ..model import networks as mnet

    kind, net = ent.org(m, c.orgs)
    if kind != "network":
        raise CannotCheck("not_fec_data", "endorsements are not filed with the FEC")
    cycle = _cycle(m, c, ["itpas2", "itcont"])
    rows = mnet.per_candidate(m, net, cycle, ent.network_registry().conduits())
    party = mnet.recipients_by_party(rows).get(c.party or "", {"candidates": 0, "cand_ids": []})
    refs = [x for r in rows if r["cand_id"] in party["cand_ids"] for x in r["direct_refs"] + r["earmarked_refs"]]
    note = "" if c.metric == "recipients_by_party" else " (endorsements are not FEC data; this is the closest figure)"
    return [Figure(f"{c.party} candidates who received direct or earmarked money from {net.name}, {cycle}{note}",
                   party["candidates"], refs)]


def _network_only(what: str) -> Evaluator:
    def run(m: Model, c: Claim) -> list[Figure]:
        kind, _who = ent.org(m, c.orgs)
        if kind == "committee" and what == "endorsements":
            raise CannotCheck("not_fec_data", "endorsements are not filed with the FEC")
        raise CannotCheck("no_evaluator", f"{what} are computed from the networks registry (issue 4)")

    return run


def _no_evaluator(why: str) -> Evaluator:
    def run(m: Model, c: Claim) -> list[Figure]:
        raise CannotCheck("no_evaluator", why)

    return run


# The metric -> evaluator table. Network metrics: replace these entries when model/networks.py lands.
EVALUATORS: dict[str, Evaluator] = {
    "vote_shares": ev_vote_shares,
    "vote_share": ev_vote_share,
    "margin_votes": ev_margin_votes,
    "margin_points": ev_margin_points,
    "votes": ev_votes,
    "candidates_filed": ev_candidates_filed,
    "raised": ev_raised,
    "cash_on_hand": ev_cash,
    "spent_for": ev_spent_side("support"),
    "spent_against": ev_spent_side("oppose"),
    "spent": ev_spent,
    "received_from": ev_received_from,
    "endorsements_by_party": ev_by_party,
    "recipients_by_party": ev_by_party,
    "network_races": _network_only("races a network spent in"),
    "endorsements": _network_only("endorsements"),
    "incumbents_defeated": _no_evaluator("no evaluator for incumbents defeated across races yet"),
    "money_other": _no_evaluator("an amount of money with no recognised metric (spent, raised, received, ...)"),
}


def in_bounds(c: Claim, x: float | None) -> str | None:
    if x is None:
        return None
    lo, hi = c.value.bounds()
    return "consistent" if lo <= x <= hi else "inconsistent"


def check_claim(m: Model, c: Claim) -> dict:
    out = c.to_dict()
    if c.not_fec:
        return {**out, "verdict": "cannot check", "code": "not_fec_data", "reason": c.not_fec, "figures": []}
    fn = EVALUATORS.get(c.metric)
    try:
        if fn is None:
            raise CannotCheck("no_evaluator", f"no evaluator for {METRICS.get(c.metric, c.metric)}")
        figs = fn(m, c)
    except CannotCheck as exc:
        return {**out, "verdict": "cannot check", "code": exc.code, "reason": exc.reason, "figures": []}
    for f in figs:
        if f.verdict is None:
            f.verdict = in_bounds(c, f.value)
    decided = [f for f in figs if f.verdict]
    if not decided:
        why = "; ".join(f.detail for f in figs if f.detail) or "no figure could be computed"
        return {**out, "verdict": "cannot check", "code": "no_data", "reason": why,
                "figures": [vars(f) for f in figs]}
    good = [f for f in decided if f.verdict == "consistent"]
    verdict = "consistent" if good else "inconsistent"
    reason = (f"consistent under: {good[0].definition}" if good else
              f"stated {c.value.text} ({c.value.rule()}); computed "
              + "; ".join(f"{_fmt(f.value, c)} ({f.definition})" for f in decided))
    return {**out, "verdict": verdict, "code": verdict, "reason": reason, "figures": [vars(f) for f in figs]}


def _fmt(x, c: Claim) -> str:
    if x is None:
        return "—"
    if c.value.unit == "usd":
        return f"${x:,.0f}"
    return f"{x:,.2f}".rstrip("0").rstrip(".") if isinstance(x, float) else f"{x:,}"


def check_article(m: Model | None, raw: str, date=None) -> dict:
    """Extract every claim of an article and check each against the store (``m`` None: extract only)."""
    ex: Extraction = extract(raw, date)
    results = [check_claim(m, c) if m is not None else {**c.to_dict(), "verdict": "not checked", "figures": []}
               for c in ex.claims]
    counts: dict[str, int] = {}
    for r in results:
        counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
    return {**ex.to_dict(), "text": ex.article.text, "summary": counts, "results": results,
            "rules": "consistent = the computed figure is inside the range the stated value allows; "
                     "see each value's rule", "evaluators": sorted(EVALUATORS)}
