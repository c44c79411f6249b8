"""Names on a ballot ↔ FEC candidate ids.

Results print names as ``JIMMY GOMEZ``, ``Gomez, Jimmy`` or ``Robert Lucero Jr.``; the FEC as
``GOMEZ, JIMMY`` or ``LUCERO, ROBERT GEORGE JR``. A name matches a candidate of the same seat
when the surnames agree (exactly, as one part of a compound surname, or within a typo) and the
first names agree (exactly, as a known nickname, as an initial, or within a typo). The best
unique score wins; two candidates with the best score are *ambiguous*; none is *unmatched*.
Nothing is guessed silently: every result row carries its status and reason.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..lazy import lazy_module
from ..reference.nicknames import NICKNAMES

# imported on first use: a report read from the built model imports this module (the staleness check
# imports every derived table's module) but never parses a name
nameparser = lazy_module("nameparser")
fuzz = lazy_module("rapidfuzz.fuzz")

_NICK: dict[str, set[str]] = {}
for group in NICKNAMES:
    for n in group:
        _NICK.setdefault(n, set()).update(group)

SUFFIXES = {"JR", "SR", "II", "III", "IV", "V", "MD", "PHD", "ESQ"}
TITLES = {"MR", "MRS", "MS", "DR", "HON", "REV"}


@dataclass(frozen=True)
class Name:
    first: str
    middle: str
    last: str
    suffix: str
    nick: str

    @property
    def surnames(self) -> set[str]:
        return {self.last, *self.last.split()}


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z ,'\"-]", " ", text.upper())


@lru_cache(maxsize=100_000)
def parse(name: str) -> Name:
    """'GOMEZ, JIMMY', 'Jimmy Gomez', 'LUCERO, ROBERT GEORGE JR', 'HAL "BUD" VOSS' -> parts."""
    text = _clean(name or "")
    nick = ""
    m = re.search(r"[\"']([A-Z .-]+)[\"']", text)
    if m:
        nick = m.group(1).strip()
        text = text.replace(m.group(0), " ")
    h = nameparser.HumanName(text.replace("-", "~"))
    parts = [p.replace("~", "-").strip(" .'-") for p in (h.first, h.middle, h.last, h.suffix)]
    first, middle, last, suffix = parts
    words = [w for w in re.split(r"[ ,]+", last) if w and w not in SUFFIXES and w not in TITLES]
    last = " ".join(words).replace("-", " ")
    if first in TITLES:
        first, middle = (middle.split() + [""])[0], " ".join(middle.split()[1:])
    return Name(first=first, middle=middle, last=last, suffix=suffix.replace(".", ""), nick=h.nickname.upper() or nick)


def _first_ok(a: Name, b: Name) -> tuple[int, str]:
    fa, fb = {a.first, a.nick} - {""}, {b.first, b.nick} - {""}
    if not fa or not fb:
        return 60, "no first name to compare"
    if fa & fb:
        return 100, "first name"
    if any(_NICK.get(x, set()) & fb for x in fa):
        return 95, "nickname"
    if {x[0] for x in fa} & {x for x in fb if len(x) == 1} or {x[0] for x in fb} & {x for x in fa if len(x) == 1}:
        return 85, "initial"
    if any(len(x) >= 2 and len(y) >= 2 and (x.startswith(y) or y.startswith(x)) for x in fa for y in fb):
        return 85, "short form of the first name"  # RO / ROHIT, GIL / GILBERT
    # a middle name used as the first ('J. DANFORTH QUAYLE')
    if fa & set(b.middle.split()) or fb & set(a.middle.split()):
        return 85, "middle name used as first"
    if max(fuzz.ratio(x, y) for x in fa for y in fb) >= 85:
        return 80, "first name, near spelling"
    return 0, "first names differ"


def score(a: str, b: str) -> tuple[int, str]:
    """0-100 agreement of two names of candidates for the same seat, and why."""
    na, nb = parse(a), parse(b)
    if not na.last or not nb.last:
        return 0, "no surname"
    if na.last == nb.last:
        last, why = 100, "surname"
    elif na.surnames & nb.surnames - {""} and min(len(na.last), len(nb.last)) >= 3:
        last, why = 90, "part of a compound surname"
    elif fuzz.ratio(na.last, nb.last) >= 88:
        last, why = 85, "surname, near spelling"
    else:
        return 0, "surnames differ"
    first, fwhy = _first_ok(na, nb)
    if first == 0:
        return 0, fwhy
    return min(last, first), f"{why} + {fwhy}"


@dataclass
class Match:
    name: str
    cand_id: str | None
    status: str  # fec id | matched | ambiguous | unmatched
    score: int
    reason: str
    candidates: list[str]


def match_names(names: list[str], pool: list[tuple[str, str, int]], threshold: int = 80) -> dict[str, Match]:
    """Match ballot names to (cand_id, FEC name, priority) of the same seat.

    Priority breaks a tie between equal names: the same person often has one FEC id per
    run (``KIM, DAVID`` H0CA34131 in 2020, H2CA34079 in 2022), and the id filed for the
    election's own year is the one meant. Equal score and equal priority stay ambiguous.
    """
    by_id: dict[str, tuple[list[str], int]] = {}
    for cand_id, fec_name, priority in pool:
        names_, prio = by_id.get(cand_id, ([], priority))
        by_id[cand_id] = ([*names_, fec_name], max(prio, priority))
    out = {}
    for name in names:
        scored = []
        for cand_id, (fec_names, prio) in by_id.items():
            best = max((score(name, n) for n in fec_names), key=lambda t: t[0])
            if best[0] >= threshold:
                scored.append((best[0], prio, cand_id, best[1]))
        scored.sort(reverse=True)
        if not scored:
            # the surname alone, when exactly one candidate of the seat has it (J. PATRICK MALLOY)
            last = parse(name).last
            same = [c for c, (fec_names, _p) in by_id.items() if last and any(parse(n).last == last for n in fec_names)]
            if len(same) == 1:
                out[name] = Match(name, same[0], "matched", 75,
                                  "only candidate of this seat with this surname (first names differ)", same)
                continue
            out[name] = Match(name, None, "unmatched", 0, "no candidate of this seat has this name", [])
        elif len(scored) > 1 and scored[1][:2] == scored[0][:2]:
            tied = [c for s, p, c, _ in scored if (s, p) == scored[0][:2]]
            out[name] = Match(name, None, "ambiguous", scored[0][0], "several candidates match equally", tied)
        else:
            s, _prio, cand_id, why = scored[0]
            if len(scored) > 1 and scored[1][0] == s:
                why += "; filed for this election (others with this name filed for other years)"
            out[name] = Match(name, cand_id, "matched", s, why, [c for _, _, c, _ in scored])
    return out
