"""SYNTHETIC election results for the demo cycle, in moneytrail's own results CSV.

Why: the demo's race and network pages should show money beside votes and a network's record
(who it backed won or lost) without any real data. Every name, id and vote count here is
invented (the store is marked synthetic, as for the rest of the demo).

What the results are built to show (each House and Senate race of the demo world):

- California's top-two primaries (CA-12, CA-34): every candidate on one ballot, the two leaders
  advance whatever their party (CA-34 sends two Democrats to November);
- party primaries elsewhere, contested in NY-10 and NY-17 (Democrats);
- a general election per race, won by the first candidate the world lists (the incumbent or the
  favourite) except in the upsets of :data:`UPSETS`, where the incumbent loses;
- vote totals per contest, so shares and margins come out of the model as for real files.

The outcome of each race is fixed by design, the vote counts are drawn from their own seeded
generator (so the rest of the demo's draws are untouched) and the same seed gives the same bytes.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

from .layouts import RESULTS_COLUMNS

TOP_TWO_STATES = ("CA",)
UPSETS = {"NY-17": "FENWRIGHT"}  # race -> the surname of the challenger who beats the incumbent


@dataclass(frozen=True)
class DemoOutcome:
    """What the generated results say about one race: who won the general, who took part in it."""

    race: str
    winner: str  # cand_id
    finalists: tuple[str, ...]  # cand_ids on the general ballot


def results_file_name(cycle: int) -> str:
    return f"demo_results_{cycle}.csv"


def write_results(world, path: Path, seed: int) -> tuple[int, dict[str, DemoOutcome]]:
    """Write the demo cycle's primaries and generals to ``path``; returns (rows, outcome per race)."""
    rnd = random.Random(seed * 104_729 + world.cycle)
    by_race: dict[str, list] = {}
    for c in world.cands:
        if c.office in "HS":
            by_race.setdefault(c.race, []).append(c)
    rows: list[dict] = []
    outcomes: dict[str, DemoOutcome] = {}
    primary_year = general_year = world.cycle
    for race, cands in by_race.items():
        state = cands[0].state
        upset = UPSETS.get(race)
        ordered = sorted(cands, key=lambda c: 0 if c.name.startswith(f"{upset},") else 1) if upset else list(cands)
        size = 9_000_000 if cands[0].office == "S" else 300_000
        if state in TOP_TWO_STATES:
            finalists = ordered[:2]
            rows += _contest(rnd, "primary", ordered, int(size * rnd.uniform(0.45, 0.6)), year=primary_year)
        else:
            finalists = []
            for party in dict.fromkeys(c.party for c in ordered):
                field = [c for c in ordered if c.party == party]
                finalists.append(field[0])
                # no contest total: the parties' primaries together are one stage, shares are of all its votes
                rows += _contest(rnd, "primary", field, int(size * rnd.uniform(0.08, 0.2)), year=primary_year,
                                 with_total=False)
        rows += _contest(rnd, "general", finalists, int(size * rnd.uniform(0.85, 1.1)), year=general_year)
        outcomes[race] = DemoOutcome(race, finalists[0].id, tuple(c.id for c in finalists))
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=[c.name for c in RESULTS_COLUMNS], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows), outcomes


def _contest(rnd: random.Random, stage: str, field: list, total: int, year: int,
             with_total: bool = True) -> list[dict]:
    """One contest's rows, the field in finishing order: the leader clears 50% of a two-way race,
    and every share is below the one before (no ties, so the design's order is the result)."""
    if len(field) == 1:
        shares = [1.0]
    else:
        general = stage == "general"  # two main candidates and minor parties; primaries are more open
        lead = rnd.uniform(0.51, 0.6) if general or len(field) == 2 else rnd.uniform(0.36, 0.46)
        rest = 1 - lead
        shares = [lead]
        for i in range(1, len(field)):
            left = len(field) - i
            cut = rnd.uniform(0.85, 0.95) if general else rnd.uniform(0.55, 0.8)
            s = rest if left == 1 else min(rest * cut, shares[-1] * 0.95)
            shares.append(s)
            rest -= s
    votes = [max(1, int(total * s)) for s in shares]
    votes = sorted(votes, reverse=True)
    return [{
        "year": year, "state": c.state, "office": c.office, "district": c.district if c.office == "H" else "00",
        "stage": stage, "special": "false", "candidate": _ballot_name(c.name), "party": c.party, "votes": v,
        "total_votes": sum(votes) if with_total else "", "county": "", "precinct": "", "writein": "false",
        "unofficial": "false", "fec_cand_id": c.id, "outcome": "", "source_share": "",
    } for c, v in zip(field, votes, strict=True)]


def _ballot_name(fec_name: str) -> str:
    """'OKAFOR-LINDQVIST, MIRIAM' -> 'Miriam Okafor-Lindqvist', as a ballot prints it."""
    last, _, first = fec_name.partition(",")
    return f"{first.strip()} {last.strip()}".title()

