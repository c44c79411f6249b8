"""What every evaluator shares: the check's context, figures with a status, and who a claim is about.

Why statuses here: a claim can be ruled *inconsistent* only against figures that are ``known`` for
its whole period (model/figures.py). A figure's period is the cycle the claim speaks of, up to the
article's date while that cycle runs (``Period.end``). What a file covers is the model's
(model/coverage.py: a file is complete from December 1 of the cycle's election year); on top of it,
one rule for claims (``period_status``): data are known for a claim when they reach its period's end
(or the cycle's completeness date, whichever is first) and, for a claim dated inside the cycle, do not
run past the article's date by more than a month (a year-end total says nothing of what an October
article says was raised so far). It applies to a file (its latest date) and to one summary row (its
coverage end: a candidate whose reports stop in November is partial in a complete file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..model import coverage
from ..model.base import Model, records
from ..model.figures import Coverage, Figure, Status
from ..model.keys import RaceKey
from . import entities as ent
from .entities import CannotCheck
from .extract import Claim
from .people import OFFICE_CLUES

LATE = timedelta(days=31)


def file_name(kind: str, cycle: int | None) -> str:
    return coverage.describe_missing(kind, cycle) if cycle else coverage.expected_file(kind, 0).replace("00", "YY")


@dataclass
class Ctx:
    """One check: the model, names looked up once, and what each loaded file covers."""

    m: Model
    look: ent.Lookup
    _sources: dict = field(default_factory=dict)

    def loaded(self, kind: str, cycle: int | None) -> bool:
        return cycle is not None and cycle in self.look.loaded_cycles(kind)

    def source(self, kind: str, cycle: int) -> coverage.Source:
        if (kind, cycle) not in self._sources:
            self._sources[(kind, cycle)] = (coverage.ie_source(self.m, cycle) if kind == "ie"
                                            else coverage.source(self.m, kind, cycle))
        return self._sources[(kind, cycle)]


def period_status(through: date | None, c: Claim, cycle: int, files: tuple[str, ...]) -> tuple[Status, Coverage, bool]:
    """(status, coverage, is_a_lower_bound) of data that run to ``through``, for the claim's period."""
    end = c.period.end
    if through is None or end is None:
        return Status.PARTIAL, Coverage(files=files, note="coverage dates unknown"), False
    need = min(end, coverage.complete_from(cycle))
    if through < need:
        return Status.PARTIAL, Coverage(files=files, through=through,
                                        note=f"stops before the claim's period ends ({end.isoformat()})"), True
    if end < coverage.complete_from(cycle) and through > end + LATE:
        return Status.PARTIAL, Coverage(files=files, through=through,
                                        note=f"runs past the claim's period, which ends {end.isoformat()} "
                                             "(the article's date)"), False
    return Status.KNOWN, Coverage(files=files, through=through), False


def file_status(ctx: Ctx, kind: str, cycle: int, c: Claim) -> tuple[Status, Coverage, bool]:
    src = ctx.source(kind, cycle)
    return period_status(src.through, c, cycle, src.files or (kind,))


def figure(value, definition: str, refs=(), unit: str = "usd", status: Status = Status.KNOWN,
           coverage: Coverage | None = None, detail: str = "", prefix: bool = False,
           verdict: str | None = None) -> Figure:
    """A figure for a claim: the shared ``Figure`` plus the claim's own notes in ``extra``."""
    if status is Status.PARTIAL:
        f = Figure.partial(value, coverage or Coverage(), definition, refs, unit=unit)
    else:
        f = Figure.known(value, definition, coverage, refs, unit=unit)
    f.extra.update(detail=detail, prefix=prefix, verdict=verdict)
    return f


def missing(kind: str, cycle: int | None, definition: str, unit: str = "usd") -> Figure:
    f = Figure.not_loaded(file_name(kind, cycle), definition, unit=unit)
    f.extra.update(detail=f"not computed: {file_name(kind, cycle)} not loaded", prefix=False, verdict=None)
    return f


def summary_figure(row: dict, column: str, definition: str, c: Claim, kind: str) -> Figure:
    through = row.get("cvg_end_dt")
    st, cov, prefix = period_status(through, c, c.period.cycle, (f"{kind}{c.period.cycle % 100:02d}",))
    return figure(row.get(column), f"{definition} ({kind}, through {through})", [row["row_ref"]], status=st,
                  coverage=cov, prefix=prefix)


def cycle_of(c: Claim) -> int:
    if c.period.cycle is None:
        raise CannotCheck("no_period", f"no cycle for this claim ({c.period.text}): pass --date")
    return c.period.cycle


def office_of(c: Claim) -> str | None:
    """H, S or P when the sentence says which campaign ("Senate campaign", "House race")."""
    hits = [(m.start(), o) for o, pat in OFFICE_CLUES for m in [pat.search(c.quote)] if m]
    return min(hits)[1] if hits else None


def subject(ctx: Ctx, c: Claim, cycle: int | None) -> ent.Person:
    """The person a claim is about (its first person), found over the whole store."""
    named = [p for p in c.people]
    if not named:
        raise CannotCheck("unknown_entity", "the claim names no candidate")
    race = _race_or_none(c.race) or (_race_or_none(c.race_hint) if " " not in named[0] else None)
    p = ent.person(ctx.look, named[0], race, c.period.year, c.quote, cycle, c.window)
    if p.clue and p.clue != "the only candidate of that name in the loaded files":
        c.context.append(f"{named[0]} is {p.display} ({', '.join(p.ids)}): decided by {p.clue}")
    return p


def _race_or_none(code: str | None) -> RaceKey | None:
    return RaceKey.parse(code) if code else None


def surname(name: str) -> str:
    return re.split(r"\s+", name.strip())[-1]


def summary_rows(ctx: Ctx, ids: list[str], cycle: int) -> list[dict]:
    from ..model import candidates as mc

    s = mc.summaries(ctx.m, cycle)
    return records(s.filter(s.cand_id.isin(ids)))


def webk_row(ctx: Ctx, cmte_id: str, cycle: int) -> dict | None:
    w = ctx.m.bulk("webk", cycle)
    w = w.filter((w.cmte_id == cmte_id) & w.ttl_receipts.notnull())
    rows = records(w.order_by([w.cvg_end_dt.desc(), w.load_id.desc()]).limit(1))
    return rows[0] if rows else None

