"""Vote and field claims -> figures: shares (of all votes and of the two leading candidates),
votes, margins in votes and points, and how many candidates filed for a seat.

The race is the one named in the claim's own sentence, else the House seat the named person ran
for that year, else (when the claim names no one) the race the article is about: a race named
for one person never binds a claim about another. Fusion lines are summed by the elections
model; a primary claim needs primary results, never a general's.
"""

from __future__ import annotations

from ..model import candidates as mc
from ..model import elections as melections
from ..model.base import records
from ..model.figures import Coverage, Figure, Status
from ..model.keys import RaceKey
from .entities import CannotCheck
from .evidence import Ctx, figure, missing, subject, surname
from .extract import Claim


def race_of(ctx: Ctx, c: Claim) -> RaceKey:
    if c.race:
        return RaceKey.parse(c.race)
    named = [p for p in c.people if p != "@incumbent"]
    if named and c.period.year:
        p = subject(ctx, c, c.period.cycle)
        seat = p.house_seat(c.period.cycle)
        if seat:
            c.context.append(f"race from {p.display}'s {c.period.cycle} candidacy: {seat}")
            return RaceKey.parse(seat)
        raise CannotCheck("ambiguous_entity", f"no House race of {p.display} in {c.period.cycle} in the loaded "
                          "candidate files, and the sentence names none")
    raise CannotCheck("ambiguous_entity", "the claim names no race and no candidate, and the article names no race")


def _year(c: Claim) -> int:
    y = c.period.year
    if y is None:
        raise CannotCheck("no_period", f"no year for this claim ({c.period.text})")
    if y % 2:
        raise CannotCheck("no_period", f"{y} holds no regular federal election; say which one is meant")
    return y


def _contest(ctx: Ctx, c: Claim) -> dict:
    race, year = race_of(ctx, c), _year(c)
    stage = c.stage or "general"
    found = melections.contests(ctx.m, race, year)
    contests = [x for x in found if x["stage"] == stage and not x["special"]]
    if not contests:
        have = sorted({x["stage"] for x in found})
        raise CannotCheck("no_data", f"no {stage} results loaded for {race} in {year}"
                          + (f" (only {', '.join(have)})" if have else "") + ": load the results file of that "
                          "stage (e.g. MEDSL's for the general, a state's or FiveThirtyEight's for primaries)")
    return contests[0]


def _named(contest: dict, c: Claim) -> list[dict]:
    """The contest's candidates the claim names, in the order the sentence names them (by surname)."""
    out = []
    for p in c.people:
        if p == "@incumbent":
            continue
        s = surname(p).upper()
        hits = [x for x in contest["candidates"] if s in x["candidate"].upper().replace(",", " ").split()
                or s in x["candidate"].upper()]
        if len(hits) == 1 and hits[0] not in out:
            out.append(hits[0])
    return out


def _source(contest: dict) -> str:
    return f"{contest['year']} {contest['stage']}, source {contest['source_kind']}"


def _share(x: dict, total) -> float:
    return round(100 * x["votes"] / total, 2)


def ev_vote_shares(ctx: Ctx, c: Claim) -> list[Figure]:
    """ "won 53-47": both shares of all votes, and of the two candidates' votes."""
    contest = _contest(ctx, c)
    cands = contest["candidates"]
    named = _named(contest, c)
    a, b = sorted(named[:2], key=lambda x: -(x["votes"] or 0)) if len(named) >= 2 else (cands + [None, None])[:2]
    if a is None or b is None:
        raise CannotCheck("no_data", "the contest has fewer than two candidates")
    refs = a["row_refs"] + b["row_refs"]
    lo_a, hi_a = c.value.amount - 0.5, c.value.amount + 0.5
    lo_b, hi_b = c.value.second - 0.5, c.value.second + 0.5

    def fig(defn, sa, sb):
        ok = lo_a <= sa <= hi_a and lo_b <= sb <= hi_b
        return figure(round(sa, 2), defn, refs, unit="percent",
                      detail=f"{a['candidate']} {sa:.2f}%, {b['candidate']} {sb:.2f}%",
                      verdict="consistent" if ok else "inconsistent")

    out = [fig(f"share of all votes in the contest ({_source(contest)})", a["share"], b["share"])]
    if len(cands) > 2 and a["votes"] and b["votes"]:
        two = a["votes"] + b["votes"]
        out.append(fig("share of the two candidates' votes", 100 * a["votes"] / two, 100 * b["votes"] / two))
    return out


def ev_vote_share(ctx: Ctx, c: Claim) -> list[Figure]:
    contest = _contest(ctx, c)
    cands = contest["candidates"]
    named = _named(contest, c) or ([] if c.people else cands[:1])
    if not named:
        raise CannotCheck("unknown_entity", f"{', '.join(c.people)} not among the candidates of the "
                          f"{_source(contest)} results")
    x = named[0]
    out = [figure(x["share"], f"{x['candidate']}'s share of all votes ({_source(contest)})", x["row_refs"],
                  unit="percent")]
    top = [y for y in cands[:2] if y["votes"]]
    if len(cands) > 2 and len(top) == 2 and x in top:
        out.append(figure(_share(x, top[0]["votes"] + top[1]["votes"]),
                          f"{x['candidate']}'s share of the two leading candidates' votes", x["row_refs"],
                          unit="percent"))
    return out


def ev_votes(ctx: Ctx, c: Claim) -> list[Figure]:
    contest = _contest(ctx, c)
    named = _named(contest, c) or ([] if c.people else contest["candidates"][:1])
    if not named:
        raise CannotCheck("unknown_entity", f"{', '.join(c.people)} not among the candidates of the "
                          f"{_source(contest)} results")
    x = named[0]
    return [figure(x["votes"], f"{x['candidate']}'s votes ({_source(contest)}; fusion lines summed)",
                   x["row_refs"], unit="votes")]


def _pair(contest: dict, c: Claim) -> tuple[dict, dict]:
    named = _named(contest, c)
    if len(named) >= 2:
        a, b = sorted(named[:2], key=lambda x: -(x["votes"] or 0))
        return a, b
    if len(contest["candidates"]) < 2:
        raise CannotCheck("no_data", "the contest has fewer than two candidates")
    return contest["candidates"][0], contest["candidates"][1]


def ev_margin_votes(ctx: Ctx, c: Claim) -> list[Figure]:
    contest = _contest(ctx, c)
    a, b = _pair(contest, c)
    return [figure(a["votes"] - b["votes"], f"votes of the winner minus the runner-up ({_source(contest)})",
                   a["row_refs"] + b["row_refs"], unit="votes",
                   detail=f"{a['candidate']} {a['votes']:,} - {b['candidate']} {b['votes']:,}")]


def ev_margin_points(ctx: Ctx, c: Claim) -> list[Figure]:
    contest = _contest(ctx, c)
    a, b = _pair(contest, c)
    out = [figure(round(a["share"] - b["share"], 2), f"share of the winner minus the runner-up, in points of all "
                  f"votes ({_source(contest)})", a["row_refs"] + b["row_refs"], unit="percent")]
    if len(contest["candidates"]) > 2:
        two = a["votes"] + b["votes"]
        out.append(figure(round(100 * (a["votes"] - b["votes"]) / two, 2), "the same, in points of the two "
                          "candidates' votes", a["row_refs"] + b["row_refs"], unit="percent"))
    return out


def ev_candidates_filed(ctx: Ctx, c: Claim) -> list[Figure]:
    if not c.race:
        raise CannotCheck("ambiguous_entity", "the claim names no race")
    race = RaceKey.parse(c.race)
    cycle = c.period.cycle
    if cycle is None:
        raise CannotCheck("no_period", f"no cycle for this claim ({c.period.text})")
    defn = f"candidates in the {cycle} candidate master for {race} whose election year is {cycle}"
    if not ctx.loaded("cn", cycle):
        return [missing("cn", cycle, defn, unit="count")]
    cn = mc.candidate_master(ctx.m, cycle)
    seat = (cn.cand_office == race.office) & (cn.cand_office_st == race.state) & (cn.cand_election_yr == cycle)
    if race.office == "H":
        seat &= cn.cand_office_district.lpad(2, "0") == race.district
    rows = records(cn.filter(seat).select("cand_id", "cand_name", "row_ref"))
    wide = records(mc.race_candidates(ctx.m, race, cycle))
    # a candidate master has no dates: it is complete when it holds everyone the cycle's summaries list
    absent = [r["name"] or r["cand_id"] for r in wide if r["cn_ref"] is None]
    cn_file = f"cn{cycle % 100:02d}"
    if not ctx.loaded("weball", cycle):
        st, cov = Status.PARTIAL, Coverage(files=(cn_file,), note=f"no weball{cycle % 100:02d} to tell whether "
                                           "the candidate master is complete")
    elif absent:
        st, cov = Status.PARTIAL, Coverage(files=(cn_file,), note=f"an early candidate master: {len(absent)} "
                                           f"candidate(s) of the seat's summaries are missing from it")
    else:
        st, cov = Status.KNOWN, Coverage(files=(cn_file, f"weball{cycle % 100:02d}"))
    figs = [figure(len(rows), defn, [r["row_ref"] for r in rows], unit="count", status=st, coverage=cov,
                   prefix=True, detail=", ".join(sorted(r["cand_name"] for r in rows)))]
    if len(wide) != len(rows):
        figs.append(figure(len(wide), "candidates in the race: the candidate master plus anyone with money in the "
                           "cycle's summaries for the seat",
                           [r["cn_ref"] or r["summary_ref"] for r in wide if r["cn_ref"] or r["summary_ref"]],
                           unit="count", status=st, coverage=cov, prefix=True,
                           detail=", ".join(sorted(r["name"] or r["cand_id"] for r in wide))))
    return figs
