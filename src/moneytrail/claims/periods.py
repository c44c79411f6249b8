"""When a claim is about: "in 2020", "the 2024 election cycle", "this year", "last cycle" ->
an election year and an FEC cycle, relative to the article's date.

The article's date comes from ``--date``, else a dateline ("July 3, 2025") near the top, else it
is *inferred* as the latest year the article mentions (said so in every verdict that uses it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dateutil import parser as dateparser

from ..reference.cycles import plausible_year

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATELINE = re.compile(rf"\b(?:{MONTHS})\.? \d{{1,2}}, (?:19|20)\d\d\b")
YEAR = re.compile(r"(?<![\d$,.-])((?:19|20)\d\d)(?!\d|,\d|-year)")
CYCLE = re.compile(r"\b((?:19|20)\d\d)(?: election)? cycle\b", re.IGNORECASE)
RELATIVE = [
    (re.compile(r"\bthis (election )?cycle\b", re.I), "cycle", 0),
    (re.compile(r"\b(last|previous|prior|final) (election )?cycle\b", re.I), "cycle", -2),
    (re.compile(r"\bnext (election )?cycle\b", re.I), "cycle", 2),
    (re.compile(r"\bthis year\b", re.I), "year", 0),
    (re.compile(r"\blast year\b", re.I), "year", -1),
    (re.compile(r"\bnext year\b", re.I), "year", 1),
]


def cycle_of(year: int) -> int:
    return year + year % 2


@dataclass
class ArticleDate:
    day: date
    how: str  # given | dateline | inferred

    @property
    def note(self) -> str | None:
        if self.how == "inferred":
            return (f"the article's date is not given; taken as {self.day.year} (the latest year it "
                    "mentions; the year before a cycle it names two years ahead of everything else); "
                    "pass --date to fix it")
        return None


def article_date(text: str, given: str | date | None = None) -> ArticleDate | None:
    if given:
        d = given if isinstance(given, date) else dateparser.parse(str(given)).date()
        return ArticleDate(d, "given")
    head = text[:600]
    m = DATELINE.search(head)
    if m:
        return ArticleDate(dateparser.parse(m.group(0)).date(), "dateline")
    cycles = {m.start(1) for m in CYCLE.finditer(text)}
    years = [int(m.group(1)) for m in YEAR.finditer(text)
             if plausible_year(int(m.group(1))) and m.start(1) not in cycles]
    named = [int(m.group(1)) for m in CYCLE.finditer(text)]
    if years or named:
        latest = max(years + named)
        if years and named and max(named) >= max(years) + 2:  # a cycle named ahead of every dated event:
            latest = max(named) - 1  # written in that cycle's first year
        return ArticleDate(date(latest, 7, 1), "inferred")
    return None


@dataclass
class Period:
    year: int | None  # the calendar/election year meant ("in 2020")
    cycle: int | None  # the FEC cycle that holds it
    text: str  # the words that said so, or why it was assumed
    basis: str  # stated | relative | assumed
    start: int = -1  # position in the sentence (for nearest-wins)
    end: date | None = None  # the last day the claim can speak of: the cycle's end, or the article's date in it

    def __post_init__(self):
        if self.end is None and self.cycle is not None:
            self.end = date(self.cycle, 12, 31)


def find_periods(s: str, when: ArticleDate | None) -> list[Period]:
    """Every period phrase in a sentence, with its position."""
    out: list[Period] = []
    taken: list[tuple[int, int]] = []
    for m in CYCLE.finditer(s):
        y = int(m.group(1))
        out.append(Period(y, cycle_of(y), m.group(0), "stated", m.start()))
        taken.append(m.span())
    for pat, kind, delta in RELATIVE:
        for m in pat.finditer(s):
            if when is None:
                out.append(Period(None, None, m.group(0), "relative", m.start()))
                continue
            base = when.day.year
            if kind == "cycle":
                c = cycle_of(base) + delta
                out.append(Period(c, c, f"{m.group(0)} ({c} cycle)", "relative", m.start(), _upto(c, when)))
            else:
                y = base + delta
                out.append(Period(y, cycle_of(y), f"{m.group(0)} ({y})", "relative", m.start(),
                                  _upto(cycle_of(y), when)))
            taken.append(m.span())
    for m in YEAR.finditer(s):
        if any(a <= m.start() < b for a, b in taken):
            continue
        y = int(m.group(1))
        if plausible_year(y):
            out.append(Period(y, cycle_of(y), f"in {y}", "stated", m.start()))
    return sorted(out, key=lambda p: p.start)


def nearest(periods: list[Period], pos: int, prefer_before: bool = False) -> Period | None:
    """The period phrase nearest a value (ties and ``prefer_before``: the one before it)."""
    if not periods:
        return None
    if prefer_before:
        before = [p for p in periods if p.start <= pos]
        if before:
            return before[-1]
    return min(periods, key=lambda p: (abs(p.start - pos), p.start > pos))


def assumed(when: ArticleDate | None, every_cycle: bool = False) -> Period:
    if every_cycle:
        return Period(None, None, "not stated: every loaded cycle", "all")
    if when is None:
        return Period(None, None, "no period stated and no article date", "assumed")
    c = cycle_of(when.day.year)
    return Period(when.day.year, c, f"not stated: the article's cycle ({c})", "assumed", end=_upto(c, when))


def _upto(cycle: int, when: ArticleDate) -> date:
    """A cycle as the article can speak of it: to its end, or to the article's date while it runs."""
    return min(date(cycle, 12, 31), when.day)
