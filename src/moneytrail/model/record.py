"""A network's record: did the candidates it backed win, and did the ones it opposed lose?

Definitions (each once, here):

- **Backed**: the network gave the candidate money (direct or earmarked through its conduit) or
  spent independently *for* them. **Opposed**: it spent independently *against* them. A candidate
  can be both (then counted in both lines).
- **Result** of a candidate in a cycle, from the loaded election results of their race in the
  cycle's election year (see model/elections.py for which source counts and the state rules):
  ``won`` (elected in the general, or in a runoff after it), ``lost`` (on the general ballot and
  not elected, or out in the primary), ``advanced`` (through a top-two / top-four primary with no
  general loaded), ``nominee`` (won a party primary, no general loaded), ``runoff`` (a runoff is
  due and not loaded). ``no results`` when no results for the race are loaded (the file that would
  answer is named); ``not on the ballot`` when the race's results are loaded but do not list the
  candidate (e.g. withdrew before the primary).
- **Margin** beside the money: the candidate's votes minus the other finalist's (the winner's
  margin over the runner-up, a loser's deficit to the winner, negative) in the contest that decided
  the result, in votes and in percentage points of that contest's total.
- **Tally**: "backed N, W won; opposed M, L lost", with the candidates whose result is unknown
  said apart, never counted as a loss or a win.
- **Files**: direct gifts come from the committee-contributions file (itpas2), earmarked gifts from
  the individual-contributions file (itcont), IEs from the 24/48-hour notices file. A figure whose
  file is not loaded for the cycle is ``not_loaded`` (never $0), and a side that depends only on
  missing files is said to be unknown rather than "none".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import MoneytrailError
from ..sources.layouts import LAYOUTS
from .figures import Coverage, Figure, Status
from .keys import RaceKey

if TYPE_CHECKING:
    from .base import Model

OPEN_WORDS = {"no results": "with no results loaded", "advanced": "advanced", "nominee": "nominated",
              "runoff": "in a runoff", "not on the ballot": "not on the ballot"}
WON, LOST, ADVANCED, NOMINEE, RUNOFF = "won", "lost", "advanced", "nominee", "runoff"
NO_RESULTS, NOT_ON_BALLOT = "no results", "not on the ballot"
DECIDED = (WON, LOST)
FIGURE_FILES = {"direct": "itpas2", "earmarked": "itcont", "ie_support": "ie", "ie_oppose": "ie"}
SIDE_FIGURES = {"backed": ("direct", "earmarked", "ie_support"), "opposed": ("ie_oppose",)}


@dataclass(frozen=True)
class Margin:
    votes: int
    points: float


@dataclass
class RecordEntry:
    """One candidate the network backed or opposed, with the money and the result."""

    cand_id: str
    name: str | None
    party: str | None
    race: str | None
    sides: tuple[str, ...]  # "backed", "opposed"
    money: dict[str, Figure]  # received (direct + earmarked), ie_support, ie_oppose
    result: str
    stage: str | None = None  # the contest that decided the result
    votes: int | None = None
    share: float | None = None
    margin: Margin | None = None
    against: str | None = None  # the other finalist of that contest
    missing: str | None = None  # the file that would give a result
    result_refs: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "cand_id": self.cand_id, "name": self.name, "party": self.party, "race": self.race,
            "sides": list(self.sides), "money": {k: f.to_json() for k, f in self.money.items()},
            "result": self.result, "stage": self.stage, "votes": self.votes, "share": self.share,
            "margin": None if self.margin is None else {"votes": self.margin.votes, "points": self.margin.points},
            "against": self.against, "missing": self.missing, "result_refs": self.result_refs,
        }


@dataclass
class Record:
    entries: list[RecordEntry]
    year: int
    missing: dict[str, str] = field(default_factory=dict)  # figure -> the file that would give it

    def count(self, side: str, result: str | None = None) -> int:
        return sum(1 for e in self.entries if side in e.sides and (result is None or e.result == result))

    def tally(self) -> str:
        """'backed 4, 3 won; opposed 1, 1 lost' (+ how many results are not known yet)."""
        parts = []
        for side, good in (("backed", WON), ("opposed", LOST)):
            n = self.count(side)
            unknown = [self.missing[f] for f in SIDE_FIGURES[side] if f in self.missing]
            if not n and len(unknown) == len(SIDE_FIGURES[side]):
                parts.append(f"{side}: not known ({'; '.join(dict.fromkeys(unknown))} not loaded)")
                continue
            if not n:
                parts.append(f"{side} none")
                continue
            text = f"{side} {n}, {self.count(side, good)} {good}"
            open_ = [e for e in self.entries if side in e.sides and e.result not in DECIDED]
            if open_:
                text += f" ({len(open_)} undecided in the loaded results: " + ", ".join(
                    f"{_count(open_, r)} {OPEN_WORDS.get(r, r)}" for r in dict.fromkeys(e.result for e in open_)) + ")"
            if unknown:  # some of the side's money could not be seen: there may be more candidates
                text += f" — may be incomplete: {'; '.join(dict.fromkeys(unknown))} not loaded"
            parts.append(text)
        return "; ".join(parts)

    def to_json(self) -> dict:
        return {"year": self.year, "tally": self.tally(), "candidates": [e.to_json() for e in self.entries],
                "missing": self.missing, "definition": __doc__.strip()}


def results_file(race: str | None, year: int) -> str:
    """What to load for a race's result: MEDSL's returns cover every House (and Senate) race."""
    which = "Senate" if race and race.endswith("-SEN") else "House" if race and race != "PRES" else "federal"
    return f"election results for {race or 'the race'} in {year} (e.g. MEDSL's {which} returns)"


def _count(entries: list[RecordEntry], result: str) -> int:
    return sum(1 for e in entries if e.result == result)


def missing_files(m: Model, cycle: int) -> dict[str, str]:
    """Per record figure, the file that would give it when that file is not loaded for the cycle."""
    return missing_for({k for k in set(FIGURE_FILES.values()) if cycle in m.loaded_cycles(k)}, cycle)


def missing_for(loaded: set[str], cycle: int) -> dict[str, str]:
    """:func:`missing_files` from the kinds of file loaded for the cycle."""
    return {f: f"{LAYOUTS[k].title} for {cycle}" for f, k in FIGURE_FILES.items() if k not in loaded}


OUTCOME_FIELDS = ("result", "stage", "votes", "share", "margin_votes", "margin_points", "against", "missing",
                  "result_refs")


def outcomes(m: Model, candidates: list[dict], cycle: int) -> dict[str, dict]:
    """Each candidate's result in the cycle's elections (:data:`OUTCOME_FIELDS`), from the contests of
    its race (``race`` of each candidate dict), each race's contests read once."""
    from .elections import contests

    r = m.table("results")
    with_results = {(x["office"], x["state"], x["district"]) for x in r.filter(r.year == cycle).select(
        "office", "state", "district").distinct().to_pyarrow().to_pylist()}
    found: dict[str, list[dict]] = {}
    out = {}
    for c in candidates:
        entry = RecordEntry(c["cand_id"], None, None, c.get("race"), (), {}, NO_RESULTS,
                            missing=results_file(c.get("race"), cycle))
        race = _race(c.get("race"))
        if race is not None:
            if c["race"] not in found:  # a race with no result rows for the year has no contests
                loaded = (race.office, race.state, race.district) in with_results
                found[c["race"]] = contests(m, race, cycle) if loaded else []
            _decide(entry, found[c["race"]])
        out[c["cand_id"]] = {"cand_id": c["cand_id"], **_outcome(entry)}
    return out


def _race(text: str | None) -> RaceKey | None:
    if not text:
        return None
    try:
        return RaceKey.parse(text)
    except MoneytrailError:  # a candidate without a state in any loaded file: no race to look up
        return None


def _outcome(e: RecordEntry) -> dict:
    return {"result": e.result, "stage": e.stage, "votes": e.votes, "share": e.share,
            "margin_votes": e.margin.votes if e.margin else None,
            "margin_points": e.margin.points if e.margin else None,
            "against": e.against, "missing": e.missing, "result_refs": list(e.result_refs)}


def network_record(m: Model | None, candidates: list[dict], cycle: int, missing: dict[str, str] | None = None,
                   decided: dict[str, dict] | None = None, sources: dict | None = None) -> Record:
    """The record of a network's candidates (rows of ``networks.per_candidate``) in the cycle's elections.

    ``decided``: each candidate's :func:`outcomes` (the built model's); without it they are read
    from the model ``m``. ``sources``: per money figure (direct, earmarked, ie_support, ie_oppose) the
    :class:`~moneytrail.model.coverage.Source` it comes from, so a partial file makes the figure partial
    (without them a loaded file's sum counts as known)."""
    missing = missing or {}
    sources = sources or {}
    backed = [(c, sides) for c in candidates
              if (sides := tuple(s for s, on in (("backed", (c["direct"] or 0) + (c["earmarked"] or 0)
                                                  + (c["ie_support"] or 0)), ("opposed", c["ie_oppose"] or 0)) if on))]
    if decided is None:
        decided = outcomes(m, [c for c, _ in backed], cycle) if any(_race(c.get("race")) for c, _ in backed) else {}
    entries = []
    for c, sides in backed:
        money = {
            "received": _received(c, missing, sources),
            "ie_support": _figure(c, "ie_support", "independent expenditures for the candidate", missing, sources),
            "ie_oppose": _figure(c, "ie_oppose", "independent expenditures against the candidate", missing,
                                 sources),
        }
        o = decided.get(c["cand_id"]) or {"result": NO_RESULTS, "missing": results_file(c.get("race"), cycle)}
        margin = Margin(o["margin_votes"], o["margin_points"]) if o.get("margin_votes") is not None else None
        entries.append(RecordEntry(c["cand_id"], c.get("name"), c.get("party"), c.get("race"), sides, money,
                                   o["result"], o.get("stage"), o.get("votes"), o.get("share"), margin,
                                   o.get("against"), o.get("missing"), list(o.get("result_refs") or [])))
    entries.sort(key=lambda e: (e.race or "", e.name or e.cand_id))
    return Record(entries, cycle, missing)


def _figure(c: dict, name: str, definition: str, missing: dict[str, str], sources: dict) -> Figure:
    if name in missing:
        return Figure.not_loaded(missing[name], definition)
    refs = c.get(f"{name}_refs", [])
    if name in sources:  # known or partial, as the file it comes from
        return sources[name].figure(c[name] or 0, definition, refs)
    return Figure.known(c[name] or 0, definition, refs=refs)


RECEIVED = "direct gifts + earmarked gifts through the network's conduit"


def _received(c: dict, missing: dict[str, str], sources: dict) -> Figure:
    """direct + earmarked; with one of the two files missing, the other part only (partial, and says so)."""
    parts = [f for f in ("direct", "earmarked") if f not in missing]
    if not parts:
        return Figure.not_loaded(" and ".join(dict.fromkeys(missing[f] for f in ("direct", "earmarked"))), RECEIVED)
    amount = sum(c[f] or 0 for f in parts)
    refs = [r for f in parts for r in c.get(f"{f}_refs", [])]
    partial = [sources[f] for f in parts if f in sources and sources[f].status is Status.PARTIAL]
    if partial:  # a sum over an early snapshot is a floor, not the total
        return Figure.partial(amount, partial[0].coverage, RECEIVED, refs=refs)
    if len(parts) == 2:
        return Figure.known(amount, RECEIVED, refs=refs)
    gone = next(f for f in ("direct", "earmarked") if f in missing)
    return Figure.partial(amount, Coverage(note=f"{parts[0]} only: {missing[gone]} not loaded"), RECEIVED, refs=refs)


def _decide(entry: RecordEntry, race_contests: list[dict]) -> None:
    """Set the entry's result from the race's contests, last stage first."""
    if not race_contests:
        return
    entry.missing = None
    entry.result = NOT_ON_BALLOT
    for contest in reversed(race_contests):  # general, runoff, primary: the latest stage decides
        cands = contest["candidates"]
        me = next((c for c in cands if c.get("cand_id") == entry.cand_id), None)
        if me is None:
            continue
        mark = me.get("result")
        if mark == "elected":
            entry.result = WON
        elif contest["stage"] == "general":
            entry.result = RUNOFF if mark == "runoff" else LOST
        else:  # a primary, or a runoff (a party's primary runoff names its nominee)
            entry.result = {"advanced": ADVANCED, "nominee": NOMINEE, "runoff": RUNOFF}.get(mark, LOST)
        entry.stage, entry.votes, entry.share = contest["stage"], me.get("votes"), me.get("share")
        entry.result_refs = me.get("row_refs", [])
        _margin(entry, me, contest)
        return



def _margin(entry: RecordEntry, me: dict, contest: dict) -> None:
    """A winner's lead over the best of the rest; a loser's gap to the last one through (same party in a
    party primary)."""
    pool = contest["candidates"]
    if contest["stage"] == "primary" and contest["rule"] in ("party_primary", "primary_runoff"):
        pool = [c for c in pool if (c.get("party") or "").upper() == (me.get("party") or "").upper()]
    through = [c for c in pool if c.get("result")]
    if me in through:
        other = next((c for c in pool if not c.get("result")), None)
    else:
        other = through[-1] if through else None
    if other is None or me.get("votes") is None or other.get("votes") is None:
        return
    entry.against = other["candidate"]
    entry.margin = Margin(me["votes"] - other["votes"], round((me.get("share") or 0) - (other.get("share") or 0), 2))
