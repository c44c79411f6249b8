"""Election results per race: one source per stage, the election rules, and who advanced or won.

Definitions (each once, here):

- **Which source counts.** Several files can report the same contest. Per (race, year, stage)
  the model uses one load, preferring the FEC's certified workbook, then MEDSL, OpenElections,
  our own CSV, NBC's live feed, and FiveThirtyEight (whose percentages are party shares); the
  later load wins a tie. The others are listed with their totals, and a disagreement is noted.
- **Votes** of a candidate are summed over the chosen source's rows (counties, precincts, fusion
  party lines). **Share** is votes over the contest total: the source's own total when it gives
  one, otherwise the sum of the candidates' votes.
- **Margin**: first minus second, in votes and in percentage points of the total.
- **Rules** (``RULES``): California (since 2012) and Washington (since 2008) hold top-two
  primaries: the two leading candidates advance whatever their party, and everyone tied for
  second advances too. Alaska (since 2022): top four, ranked-choice general (first-round counts
  only here). Louisiana (through 2024) and Georgia's general: a majority is needed, otherwise the
  top two go to a runoff. Primary runoffs where no one passes the state's threshold: AL, AR, GA,
  MS, OK, TX (50%), SD (35%), NC (30%). Elsewhere a party primary's plurality winner is the
  nominee, and the general's plurality winner is elected.
- **District lines**: results of different redistricting periods are not the same geography;
  ``district_note`` says so when a cycle follows a census or a known mid-decade redraw.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from .. import encoding
from ..lazy import deferred as _
from ..lazy import ibis, pa
from ..store import built
from . import persons
from .base import Model, records
from .build import derived
from .keys import RaceKey
from .matching import Match, match_names

if TYPE_CHECKING:
    import ibis.expr.types as ir

# Rows that are not a candidate: ballots without a vote (out of the total), and pooled votes for
# no one in particular (in the total, but neither ranked nor a margin).
NOT_A_VOTE = re.compile(r"(UNDER|OVER) ?VOTES?|BLANKS?|BLANK (VOTES?|BALLOTS?)|VOID|SPOILED( BALLOTS?)?|NO VOTE")
POOLED = re.compile(r"SCATTERING|WRITE-?INS?|ALL OTHERS|OTHERS?|UNRESOLVED WRITE-?INS?|MISCELLANEOUS")
SOURCE_PREFERENCE = ["fec_results", "medsl", "openelections", "results_csv", "nbc", "fte_primary"]
RESULT_KINDS = tuple(SOURCE_PREFERENCE)  # the kinds of loaded file results come from

TOP_TWO = {"CA": 2012, "WA": 2008}
TOP_FOUR = {"AK": 2022}
PRIMARY_RUNOFF = {"AL": 50, "AR": 50, "GA": 50, "MS": 50, "OK": 50, "TX": 50, "SD": 35, "NC": 30}
GENERAL_MAJORITY = {"GA": None, "LA": 2024}  # state -> last year the rule applied (None: still does)
REDRAWS = {
    2012: "new district lines after the 2010 census",
    2022: "new district lines after the 2020 census",
    ("CA", 2026): "new district lines under Proposition 50 (approved November 2025)",
}

RULES = {
    "top_two": "top-two primary: the two leading candidates advance, whatever their party (ties for second advance)",
    "top_four": "top-four primary: the four leading candidates advance",
    "party_primary": "party primary: the leading candidate of each party is its nominee",
    "primary_runoff": "party primary with a runoff when no one reaches {t}% (the top two of the party meet again)",
    "plurality": "general election: the leading candidate is elected",
    "majority": "majority needed: without one, the top two meet in a runoff",
    "runoff": "runoff: the leading candidate wins",
}


def dollars_per_vote(receipts, votes) -> float | None:
    """A candidate's total receipts for the cycle (summary files) over their votes in one contest."""
    return round(float(receipts) / votes, 2) if receipts and votes else None


def district_note(state: str, year: int) -> str | None:
    cycle = year + year % 2
    return REDRAWS.get((state, cycle)) or REDRAWS.get(cycle)


SEAT = ("year", "office", "state", "district")


def _contest_table(m: Model, years: list[int], race: RaceKey | None = None) -> ir.Table:
    """Per (seat, year, stage, load, candidate): summed votes, with the source's kind and the rows behind it."""
    r = m.table("results")
    loads = m.ib.table("loads")
    # the file's name, not where it sits on the server: answers are served to the public
    loads = loads.select("load_id", source_kind="kind", source_file=loads.path.re_extract(r"([^/\\]+)$", 1))
    keep = r.year.isin(years)
    if race is not None:
        keep &= (r.state == race.state) & (r.office == race.office) & (r.district == race.district)
    r = r.filter(keep).join(loads, "load_id")
    # a candidate's votes in two party primaries are two contests; in a general, fusion lines add up
    r = r.mutate(party_key=ibis.cases((r.stage == "general", ibis.literal("")), else_=ibis.coalesce(r.party, "")))
    g = r.group_by([*SEAT, "stage", "special", "load_id", "source_kind", "candidate", "party_key"]).aggregate(
        source_file=_.source_file.max(),
        party=_.party.max(),
        votes=_.votes.sum(),
        total_votes=_.total_votes.max(),
        fec_cand_id=_.fec_cand_id.max(),
        outcome=_.outcome.max(),
        writein=_.writein.max(),
        unofficial=_.unofficial.max(),
        source_share=_.source_share.max(),
        row_refs=_.row_ref.collect(),
    )
    return g.order_by([*SEAT, "stage", "load_id", ibis.desc("votes")])


def _by_seat(rows: list[dict]) -> dict[tuple, list[dict]]:
    out: dict[tuple, list[dict]] = {}
    for r in rows:
        out.setdefault(tuple(r.pop(k) for k in SEAT), []).append(r)
    return out


def contest_rows(m: Model, race: RaceKey, year: int) -> list[dict]:
    """Per (stage, load, candidate): summed votes, with the source's kind and the rows behind it."""
    return next(iter(_by_seat(records(_contest_table(m, [year], race))).values()), [])


def _pool_table(m: Model, year: int) -> ir.Table:
    """(office, state, district) of each seat with its candidates: see :func:`seat_pool`."""
    cycle = year + year % 2
    cn = m.table("bulk_cn")
    prio = ibis.cases((cn.cand_election_yr == year, 2), (cn.cycle == cycle, 1), else_=0)
    parts = [cn.select(
        "cand_id", "cand_name", priority=prio, office=cn.cand_office, state=cn.cand_office_st,
        district=ibis.cases((cn.cand_office == "H", cn.cand_office_district.lpad(2, "0")), else_=ibis.literal("00")))]
    for kind in ("weball", "webl"):
        t = m.table(f"bulk_{kind}")
        office = t.cand_id.substr(0, 1)
        parts.append(t.select(
            "cand_id", "cand_name", priority=ibis.cases((t.cycle == cycle, 1), else_=0), office=office,
            state=ibis.cases((office == "P", ibis.literal("US")), else_=t.cand_office_st),
            district=ibis.cases((office == "H", t.cand_office_district.lpad(2, "0")), else_=ibis.literal("00"))))
    return parts[0].union(parts[1]).union(parts[2]).distinct()


def _pools(rows: list[dict]) -> dict[tuple, list[tuple[str, str, int]]]:
    out: dict[tuple, set] = {}
    for r in rows:
        out.setdefault((r["office"], r["state"], r["district"]), set()).add(
            (r["cand_id"], r["cand_name"], r["priority"]))
    return {k: sorted(v, key=lambda t: (t[0] or "", t[1] or "", t[2])) for k, v in out.items()}


def seat_pool(m: Model, race: RaceKey, year: int) -> list[tuple[str, str, int]]:
    """FEC candidates for the seat in any loaded candidate master (cn) or summary file (weball, webl):
    (cand_id, name, priority for this year). An early cn predates later candidates; the summary
    files of the year's cycle list everyone who raised or spent money for the seat."""
    t = _pool_table(m, year)
    t = t.filter((t.office == race.office) & (t.state == race.state) & (t.district == race.district))
    return _pools(records(t)).get((race.office, race.state, race.district), [])


def _id_of_cycle(run_id: Callable[[str, int], str], year: int, cand_id: str, match: dict) -> str:
    """A matched id moved to the person's id of the election's cycle (one person, one id per run)."""
    run = run_id(cand_id, year + year % 2)
    if run != cand_id:
        match["reason"] += f"; {run} is the same person's id for {year + year % 2} ({cand_id} is another run's)"
    return run


def contests(m: Model, race: RaceKey, year: int) -> list[dict]:
    """Each stage of the race in a year: chosen source, candidates with shares, rule, who advanced."""
    return _contests(race, year, contest_rows(m, race, year), seat_pool(m, race, year),
                     lambda cand_id, cycle: persons.id_for(m, cand_id, cycle, race))


def _contests(race: RaceKey, year: int, rows: list[dict], pool: list[tuple[str, str, int]],
              run_id: Callable[[str, int], str]) -> list[dict]:
    out = []
    for (stage, special) in sorted({(r["stage"], r["special"]) for r in rows}, key=_stage_order):
        stage_rows = [r for r in rows if r["stage"] == stage and r["special"] == special]
        by_kind: dict[str, list[dict]] = {}
        for r in stage_rows:
            by_kind.setdefault(r["source_kind"], []).append(r)
        kinds = sorted(by_kind, key=_preference)
        combined = {k: _combine(by_kind[k]) for k in kinds}
        chosen_kind = kinds[0]
        cands, total, load_ids = combined[chosen_kind]
        blanks = [c for c in cands if NOT_A_VOTE.fullmatch(c["candidate"].strip().upper())]
        pooled = [c for c in cands if POOLED.fullmatch(c["candidate"].strip().upper())]
        given_total = total
        if blanks or pooled:
            cands = [c for c in cands if c not in blanks and c not in pooled]
            total = sum(c["votes"] or 0 for c in cands + pooled) or None

        matches = match_names([c["candidate"] for c in cands], pool)
        for i, c in enumerate(cands):
            c["rank"] = i + 1
            c["share"] = round(100 * c["votes"] / total, 2) if total and c["votes"] is not None else None
            if c["fec_cand_id"]:
                c["cand_id"], c["match"] = c["fec_cand_id"], {"status": "fec id", "reason": "given by the source"}
            else:
                mt = matches[c["candidate"]]
                if mt.status == "ambiguous" and len({run_id(i, year + year % 2)
                                                     for i in mt.candidates}) == 1:
                    # the tie is between ids of one person (one id per run): no ambiguity about who
                    mt = Match(mt.name, mt.candidates[0], "matched", mt.score,
                               "ids of one person match equally (model/persons.py)", mt.candidates)
                c["match"] = {"status": mt.status, "reason": mt.reason, "score": mt.score, "candidates": mt.candidates}
                c["cand_id"] = _id_of_cycle(run_id, year, mt.cand_id, c["match"]) if mt.cand_id else None
        rule, rule_text = _apply_rule(race, year, stage, cands, total)
        if chosen_kind == "fte_primary":  # a partial field: the source's own call is the better word
            for c in cands:
                c["result"] = {"made runoff": "advanced", "won": "nominee"}.get((c["outcome"] or "").lower())
        margin = None
        if len(cands) >= 2 and cands[0]["votes"] is not None and cands[1]["votes"] is not None:
            margin = {"votes": cands[0]["votes"] - cands[1]["votes"],
                      "points": round((cands[0]["share"] or 0) - (cands[1]["share"] or 0), 2)}
        others = [
            {"source_kind": k, "load_ids": combined[k][2], "total": combined[k][1],
             "agrees": _same_counts(combined[k][0], cands)}
            for k in kinds[1:]
        ]
        notes = []
        if any(not o["agrees"] for o in others):
            notes.append("sources disagree: " + ", ".join(
                f"{o['source_kind']} total {o['total'] or 0:,}" for o in others if not o["agrees"]))
        if chosen_kind == "fte_primary":
            notes.append("FiveThirtyEight lists Democrats and Republicans only: shares are of their votes, "
                         "and who advanced is FiveThirtyEight's own call")
        if any(c["unofficial"] for c in cands):
            notes.append("unofficial results")
        if blanks:
            notes.append("ballots without a vote, left out of the total: " + ", ".join(
                f"{c['candidate']} {c['votes'] or 0:,}" for c in blanks)
                + (f" (the source's total {given_total:,} counted them)" if given_total else ""))
        if pooled:
            notes.append("votes for no one candidate, in the total but not ranked: " + ", ".join(
                f"{c['candidate']} {c['votes'] or 0:,}" for c in pooled))
        out.append({
            "year": year, "stage": stage, "special": bool(special),
            "source_kind": chosen_kind, "source_files": sorted({c["source_file"] for c in cands}), "load_ids": load_ids,
            "total_votes": total, "rule": rule, "rule_text": rule_text, "margin": margin,
            "candidates": cands, "other_sources": others, "notes": notes,
            "district_note": district_note(race.state, year),
        })
    return out


def _stage_order(key) -> tuple[int, bool]:
    stage, special = key
    return ({"primary": 0, "runoff": 1, "general": 2}.get(stage, 3), bool(special))


def _preference(kind: str) -> int:
    return SOURCE_PREFERENCE.index(kind) if kind in SOURCE_PREFERENCE else len(SOURCE_PREFERENCE)


def _total(rows: list[dict]) -> int | None:
    given = [r["total_votes"] for r in rows if r["total_votes"]]
    summed = sum(r["votes"] or 0 for r in rows)
    return max(given) if given else (summed or None)


def _combine(rows: list[dict]) -> tuple[list[dict], int | None, list[int]]:
    """One source kind's rows for a contest, over its loads: a file loaded twice (a workbook and its
    CSV export) counts once; files that split a contest (by party, by county) add up."""
    by_load: dict[int, list[dict]] = {}
    for r in rows:
        by_load.setdefault(r["load_id"], []).append(r)
    kept: list[int] = []
    for lid in sorted(by_load, reverse=True):  # the later load of two identical ones is kept
        if not any(_same_counts(by_load[lid], by_load[k]) and _same_names(by_load[lid], by_load[k]) for k in kept):
            kept.append(lid)
    cands: dict[tuple, dict] = {}
    for lid in kept:
        for r in by_load[lid]:
            who = r["fec_cand_id"] or r["candidate"].upper()  # one person even if footnotes differ
            c = cands.setdefault((who, r["party_key"]), {**r, "votes": None, "row_refs": []})
            if r["votes"] is not None:
                c["votes"] = (c["votes"] or 0) + r["votes"]
            c["row_refs"] = c["row_refs"] + r["row_refs"]
    total = sum(_total(by_load[lid]) or 0 for lid in kept) or None
    ordered = sorted(cands.values(), key=lambda c: (-(c["votes"] if c["votes"] is not None else -1), c["candidate"]))
    for c in ordered:
        c.pop("total_votes", None)
        c.pop("load_id", None)
    return ordered, total, sorted(kept)


def _same_names(a: list[dict], b: list[dict]) -> bool:
    return sorted(r["candidate"].upper() for r in a) == sorted(r["candidate"].upper() for r in b)


def _same_counts(a: list[dict], b: list[dict]) -> bool:
    def key(rows):
        return sorted(r["votes"] or 0 for r in rows if (r["votes"] or 0) > 0)

    return key(a) == key(b)


def _apply_rule(race: RaceKey, year: int, stage: str, cands: list[dict], total: int | None) -> tuple[str, str]:
    """Mark each candidate's ``advanced`` / ``elected`` / ``nominee`` / ``runoff`` from the state's rule."""
    st = race.state
    for c in cands:
        c["result"] = None
    voted = [c for c in cands if c["votes"] is not None]
    if stage == "primary" and race.office in "HS" and (year >= TOP_TWO.get(st, 9999) or year >= TOP_FOUR.get(st, 9999)):
        n = 4 if year >= TOP_FOUR.get(st, 9999) else 2
        if not voted:
            return ("top_four" if n == 4 else "top_two"), RULES["top_four" if n == 4 else "top_two"]
        cutoff = voted[min(n, len(voted)) - 1]["votes"]
        for c in voted:
            if c["votes"] >= cutoff:
                c["result"] = "advanced"
        for c in cands:  # an unopposed candidate (no count) advances too
            if c["votes"] is None and (c.get("outcome") or "").startswith("unopposed"):
                c["result"] = "advanced"
        return ("top_four" if n == 4 else "top_two"), RULES["top_four" if n == 4 else "top_two"]
    if stage == "primary":
        threshold = PRIMARY_RUNOFF.get(st)
        by_party: dict[str, list[dict]] = {}
        for c in cands:
            by_party.setdefault((c["party"] or "").upper(), []).append(c)
        for group in by_party.values():
            group = [c for c in group if c["votes"] is not None] or group
            lead = group[0]
            party_total = sum(c["votes"] or 0 for c in group)
            if threshold and party_total and len(group) > 1 and 100 * (lead["votes"] or 0) / party_total < threshold:
                for c in group[:2]:
                    c["result"] = "runoff"
            else:
                lead["result"] = "nominee"
        if threshold:
            return "primary_runoff", RULES["primary_runoff"].format(t=threshold)
        return "party_primary", RULES["party_primary"]
    if stage == "general":
        last = GENERAL_MAJORITY.get(st, 0)
        if st in GENERAL_MAJORITY and (last is None or year <= last) and voted and total:
            if 100 * voted[0]["votes"] / total > 50:
                voted[0]["result"] = "elected"
            else:
                for c in voted[:2]:
                    c["result"] = "runoff"
            return "majority", RULES["majority"]
        if voted:
            voted[0]["result"] = "elected"
        elif len(cands) == 1:
            cands[0]["result"] = "elected"
        return "plurality", RULES["plurality"]
    parties = {(c["party"] or "").upper() for c in cands}
    if len(parties) == 1 and len(cands) > 1:  # one party's runoff: a primary runoff picks its nominee
        if voted:
            voted[0]["result"] = "nominee"
        return "runoff", RULES["runoff"] + " (a party's primary runoff: the nominee)"
    if voted:
        voted[0]["result"] = "elected"
    return "runoff", RULES["runoff"]


def matching_accuracy(m: Model, year: int, office: str = "H") -> dict:
    """Score the name matcher against the FEC ids a source prints (the FEC workbook).

    For every result row of that year with an FEC id, match its printed name — and the same
    name written 'FIRST LAST' in capitals, as MEDSL prints it — against the seat's FEC
    candidates, ignoring the printed id. Counts what was right, wrong, ambiguous, unmatched,
    and how many true ids are not in the loaded candidate masters at all (unmatchable).
    """
    r = m.table("results")
    rows = records(
        r.filter((r.year == year) & (r.office == office) & r.fec_cand_id.notnull())
        .select("state", "district", "candidate", "fec_cand_id")
        .distinct()
    )
    pools: dict[tuple[str, str], list] = {}
    known = {r["cand_id"] for r in records(m.table("bulk_cn").select("cand_id").distinct())}
    tally = {"rows": 0, "correct": 0, "wrong": 0, "ambiguous": 0, "unmatched": 0, "not_in_cn": 0}
    variants = {"as printed": dict(tally), "FIRST LAST": dict(tally)}
    wrong_examples = []
    for row in rows:
        key = (row["state"], row["district"])
        if key not in pools:
            pools[key] = seat_pool(m, RaceKey(office, row["state"], row["district"]), year)
        for label, name in (("as printed", row["candidate"]), ("FIRST LAST", _first_last(row["candidate"]))):
            t = variants[label]
            t["rows"] += 1
            if row["fec_cand_id"] not in known:
                t["not_in_cn"] += 1
                continue
            mt = match_names([name], pools[key])[name]
            if mt.status == "matched":
                ok = mt.cand_id == row["fec_cand_id"]
                t["correct" if ok else "wrong"] += 1
                if not ok and len(wrong_examples) < 10:
                    wrong_examples.append({"name": name, "matched": mt.cand_id, "true": row["fec_cand_id"]})
            else:
                t[mt.status] += 1
    for t in variants.values():
        decided = t["correct"] + t["wrong"]
        matchable = t["rows"] - t["not_in_cn"]
        t["precision"] = round(t["correct"] / decided, 4) if decided else None
        t["recall"] = round(t["correct"] / matchable, 4) if matchable else None
    return {"year": year, "office": office, "variants": variants, "wrong_examples": wrong_examples}


def _first_last(name: str) -> str:
    """'Gomez, Jimmy' -> 'JIMMY GOMEZ' (MEDSL's style)."""
    if "," in name:
        last, _, rest = name.partition(",")
        return f"{rest.strip()} {last.strip()}".upper()
    return name.upper()


# -- the built model ----------------------------------------------------------------------------

def every_contest(m: Model, years: list[int]) -> Iterator[tuple[RaceKey, int, list[dict]]]:
    """(race, year, :func:`contests`) for every seat with results in these years, one query per kind."""
    index = persons.index(m)
    pools = {y: _pools(records(_pool_table(m, y))) for y in years}
    for (year, office, state, district), rows in _by_seat(records(_contest_table(m, years))).items():
        if None in (office, state, district):
            continue
        race = RaceKey(office, state, district)

        def run_id(cand_id: str, cycle: int, race: RaceKey = race) -> str:
            p = index.person_of(cand_id)
            return (p.id_for(cycle, race) if p else None) or (cand_id or "").strip().upper()

        yield race, year, _contests(race, year, rows, pools[year].get((office, state, district), []), run_id)


@derived("contests", inputs=(*RESULT_KINDS, "cn", "ccl", "cm", "weball", "webl"), after=("persons",))
def contests_table(m: Model, cycle: int) -> pa.Table:
    """Every seat's :func:`contests` in the cycle's two years (the odd year's specials, the even
    year's elections), as JSON."""
    rows = [{"office": race.office, "state": race.state, "district": race.district, "year": year,
             "contests": encoding.dumps(found)}
            for race, year, found in every_contest(m, [cycle - 1, cycle]) if found]
    return pa.Table.from_pylist(rows, schema=pa.schema([
        ("office", pa.string()), ("state", pa.string()), ("district", pa.string()), ("year", pa.int32()),
        ("contests", pa.string())]))


def read_contests(con, race: RaceKey, cycle: int, years: list[int]) -> list[dict]:
    """:func:`contests` of these years (of the cycle) from the built model (plain SQL), in year order."""
    rows = built.read(con, "contests", cycle, "office = ? AND state = ? AND district = ? AND list_contains(?, year)",
                      [race.office, race.state, race.district, list(years)], order_by="year", columns="contests")
    return [c for r in rows for c in json.loads(r["contests"])]
