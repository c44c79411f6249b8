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
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .base import Model
from .elections import contests
from .figures import Figure
from .keys import RaceKey

RESULTS_FILE = "election results for the race (e.g. the MEDSL House/Senate returns, 1976-2024-house.tab)"
WON, LOST, ADVANCED, NOMINEE, RUNOFF = "won", "lost", "advanced", "nominee", "runoff"
NO_RESULTS, NOT_ON_BALLOT = "no results", "not on the ballot"
DECIDED = (WON, LOST)


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

    def count(self, side: str, result: str | None = None) -> int:
        return sum(1 for e in self.entries if side in e.sides and (result is None or e.result == result))

    def tally(self) -> str:
        """'backed 4, 3 won; opposed 1, 1 lost' (+ how many results are not known yet)."""
        parts = []
        for side, good in (("backed", WON), ("opposed", LOST)):
            n = self.count(side)
            if not n:
                parts.append(f"{side} none")
                continue
            text = f"{side} {n}, {self.count(side, good)} {good}"
            open_ = [e for e in self.entries if side in e.sides and e.result not in DECIDED]
            if open_:
                text += f" ({len(open_)} without a final result: " + ", ".join(
                    f"{_count(open_, r)} {r}" for r in dict.fromkeys(e.result for e in open_)) + ")"
            parts.append(text)
        return "; ".join(parts)

    def to_json(self) -> dict:
        return {"year": self.year, "tally": self.tally(), "candidates": [e.to_json() for e in self.entries],
                "definition": __doc__.strip()}


def _count(entries: list[RecordEntry], result: str) -> int:
    return sum(1 for e in entries if e.result == result)


def network_record(m: Model, candidates: list[dict], cycle: int) -> Record:
    """The record of a network's candidates (rows of ``networks.per_candidate``) in the cycle's elections."""
    found: dict[str, list[dict]] = {}
    entries = []
    for c in candidates:
        sides = tuple(s for s, on in (("backed", (c["direct"] or 0) + (c["earmarked"] or 0) + (c["ie_support"] or 0)),
                                      ("opposed", c["ie_oppose"] or 0)) if on)
        if not sides:
            continue
        money = {
            "received": Figure.known((c["direct"] or 0) + (c["earmarked"] or 0),
                                     "direct gifts + earmarked gifts through the network's conduit",
                                     refs=c.get("direct_refs", []) + c.get("earmarked_refs", [])),
            "ie_support": Figure.known(c["ie_support"] or 0, "independent expenditures for the candidate",
                                       refs=c.get("ie_support_refs", [])),
            "ie_oppose": Figure.known(c["ie_oppose"] or 0, "independent expenditures against the candidate",
                                      refs=c.get("ie_oppose_refs", [])),
        }
        entry = RecordEntry(c["cand_id"], c.get("name"), c.get("party"), c.get("race"), sides, money, NO_RESULTS,
                            missing=RESULTS_FILE)
        if c.get("race"):
            race = RaceKey.parse(c["race"])
            if c["race"] not in found:
                found[c["race"]] = contests(m, race, cycle)
            _decide(entry, found[c["race"]])
        entries.append(entry)
    entries.sort(key=lambda e: (e.race or "", e.name or e.cand_id))
    return Record(entries, cycle)


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
