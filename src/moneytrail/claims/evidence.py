"""What every evaluator shares: the check's context, figures with a status, and who a claim is about.

Why statuses here: a claim can be ruled *inconsistent* only against figures that are ``known`` for
its whole period (model/figures.py). A figure's period is the cycle the claim speaks of, up to the
article's date while that cycle runs (``Period.end``). Coverage rules, each in one place:

- a **summary row** (weball/webl/webk) is known when its coverage end reaches the period's end and
  does not run past it by more than a month (a year-end total says nothing of what was raised by an
  October article); otherwise partial, with the dates;
- a **transaction file** (itpas2, the IE file) is known when its latest row falls within 90 days of
  the period's end (a complete cycle file runs to its end; early downloads stop months before),
  and no later than a month after it; otherwise partial;
- a file that is not loaded for the cycle gives a ``not_loaded`` figure that names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..model.base import Model, records
from ..model.figures import Coverage, Figure, Status
from ..model.keys import RaceKey
from . import entities as ent
from .entities import CannotCheck
from .extract import Claim
from .people import OFFICE_CLUES

FILE_NAMES = {"weball": "candidate summary file weball{yy}", "webl": "House/Senate summary file webl{yy}",
              "webk": "PAC summary file webk{yy}", "itpas2": "committee-to-candidate file itpas2{yy}",
              "ie": "independent expenditures file independent_expenditure_{cy}.csv",
              "itcont": "individual contributions file itcont{yy}", "cn": "candidate master cn{yy}",
              "results": "election results"}
LATE = timedelta(days=31)
EARLY = timedelta(days=90)
DATE_COLUMN = {"itpas2": "transaction_dt", "ie": "exp_date", "itcont": "transaction_dt", "weball": "cvg_end_dt"}


def file_name(kind: str, cycle: int | None) -> str:
    cy = cycle or 0
    name = FILE_NAMES.get(kind, kind).format(yy=f"{cy % 100:02d}", cy=cy)
    return f"{name} ({cy} cycle)" if cycle and str(cy) not in name else name


@dataclass
class Ctx:
    """One check: the model, names looked up once, and each transaction file's latest row date."""

    m: Model
    look: ent.Lookup
    _through: dict = field(default_factory=dict)

    def loaded(self, kind: str, cycle: int | None) -> bool:
        return cycle is not None and cycle in self.look.loaded_cycles(kind)

    def file_through(self, kind: str, cycle: int) -> date | None:
        if (kind, cycle) not in self._through:
            t = self.m.bulk(kind, cycle)
            col = DATE_COLUMN[kind]
            rows = records(t.aggregate(through=t[col].max()))
            self._through[(kind, cycle)] = rows[0]["through"] if rows else None
        return self._through[(kind, cycle)]


def status_for(through: date | None, c: Claim, early: timedelta, what: str) -> tuple[Status, Coverage, bool]:
    """(status, coverage, is_a_prefix) of data that runs to ``through`` for the claim's period."""
    end = c.period.end
    if through is None or end is None:
        return Status.PARTIAL, Coverage(files=(what,), note="coverage dates unknown"), False
    cov = Coverage(files=(what,), through=through)
    if through < end - early:
        return Status.PARTIAL, Coverage(files=(what,), through=through,
                                        note=f"stops before the claim's period ends ({end.isoformat()})"), True
    if through > end + LATE:
        return Status.PARTIAL, Coverage(files=(what,), through=through,
                                        note=f"runs past the claim's period, which ends {end.isoformat()} "
                                             "(the article's date)"), False
    return Status.KNOWN, cov, False


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
    f.extra.update(detail=f"not computed: no {file_name(kind, cycle)} loaded", prefix=False, verdict=None)
    return f


def summary_figure(row: dict, column: str, definition: str, c: Claim, kind: str) -> Figure:
    through = row.get("cvg_end_dt")
    st, cov, prefix = status_for(through, c, timedelta(0), file_name(kind, c.period.cycle))
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

