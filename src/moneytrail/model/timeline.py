"""A race's timeline: every report and notice of its candidates and outside spenders, by date filed.

What each entry **added**:

- a **report** (F3, F3X, F3P, a quarterly F5) shows the headline figures of its own cover, for
  its own coverage period: total receipts, total disbursements, cash on hand at the close
  (``col_a`` of the summary page). A figure the form leaves blank is shown as blank, never $0.
- an **independent-expenditure notice** (F24, a 24/48-hour F5, or a row of the FEC's IE file
  whose filing is not loaded) shows, per candidate of the race and side, the dollars its
  Schedule E rows report (memo rows apart), with each row's standing under the IE rules of
  model/ies.py ("counts", "covered by periodic report FEC-…", "superseded by amendment FEC-…").
  A periodic report's own Schedule E rows naming the race's candidates are listed with it.
- every entry says whether its filing is the **current version** of its report or was
  superseded by an amendment (model/filings.py).

An IE row names a race candidate by candidate id, or — when the filer left the id blank, as
real notices do — by last name, state and (for the House) district.
Entries are not to be summed: a notice and the periodic report that repeats it are two
entries for the same money (the totals of model/ies.py count it once).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import ibis
import ibis.expr.types as ir
from ibis import _

from ..sources.efile_layouts import SUMMARY_FORMS
from . import candidates as mc
from . import filings as mfilings
from . import ies as mies
from .base import Model, records
from .figures import Coverage, Figure, Status
from .keys import RaceKey

#: The headline figures of a report, each read from its cover (summary page, column A).
HEADLINE = {
    "receipts": "total receipts this period (cover, column A)",
    "disbursements": "total disbursements this period (cover, column A)",
    "cash_on_hand_close": "cash on hand at the close of the period (cover, column A)",
}


@dataclass(frozen=True)
class RaceCandidate:
    cand_id: str
    name: str | None

    @property
    def last_name(self) -> str | None:
        return self.name.split(",")[0].strip().upper() if self.name else None


@dataclass(frozen=True)
class RaceScope:
    """Who a race is: its candidates and their committees in one cycle."""

    race: RaceKey
    cycle: int
    candidates: tuple[RaceCandidate, ...]
    committees: tuple[str, ...]

    @property
    def cand_ids(self) -> list[str]:
        return [c.cand_id for c in self.candidates]


def race_scope(m: Model, race: RaceKey, cycle: int) -> RaceScope:
    cands = records(mc.race_candidates(m, race, cycle).select("cand_id", "name"))
    ids = [c["cand_id"] for c in cands]
    cmtes = [r["cmte_id"] for r in records(mc.candidate_committees(m, ids, cycle).select("cmte_id"))] if ids else []
    return RaceScope(race, cycle, tuple(RaceCandidate(c["cand_id"], c["name"]) for c in cands),
                     tuple(sorted(set(cmtes))))


def se_naming(m: Model, scope: RaceScope | None) -> ir.Table:
    """Schedule E rows (``row_ref``) with the race candidate each names (``named``): by id, else by name."""
    se = m.table("filing_se")
    if scope is None:
        return se.select("row_ref", named=se.cand_id)
    by_id = se.filter(se.cand_id.isin(scope.cand_ids or [""])).select("row_ref", named=se.cand_id)
    lasts = [(c.cand_id, c.last_name) for c in scope.candidates if c.last_name]
    if not lasts:
        return by_id
    people = ibis.memtable({"p_cand_id": [x[0] for x in lasts], "p_last": [x[1] for x in lasts]})
    blank = se.cand_id.isnull() | (se.cand_id.strip() == "")
    seat = se.cand_state.upper() == scope.race.state
    if scope.race.office == "H":
        seat &= se.cand_district.strip().lpad(2, "0") == scope.race.district
    anon = se.filter(blank & seat)
    by_name = anon.join(people, anon.cand_last_name.strip().upper() == people.p_last).select(
        "row_ref", named=_.p_cand_id)
    return by_id.union(by_name)


@dataclass(frozen=True)
class IeLine:
    """What one filing (or IE-file notice) reports for one candidate and side."""

    cand_id: str | None
    candidate_name: str | None
    support_oppose: str
    amount: Figure
    first_day: date | None
    last_day: date | None
    standing: tuple[str, ...]  # the rows' statuses under model/ies.py

    def to_json(self) -> dict:
        return {"cand_id": self.cand_id, "candidate_name": self.candidate_name,
                "support_oppose": self.support_oppose, "amount": self.amount.to_json(),
                "first_day": _iso(self.first_day), "last_day": _iso(self.last_day),
                "standing": list(self.standing)}


@dataclass(frozen=True)
class Entry:
    """One report or notice on the timeline, with what it added."""

    filed: date | None
    kind: str  # report | ie_notice | filing
    filing_id: int | None
    source: str  # efile | ie file
    form_type: str | None
    filer_id: str | None
    filer_name: str | None
    role: str  # candidate committee | outside spender | committee
    coverage_from: date | None = None
    coverage_through: date | None = None
    report_code: str | None = None
    report_type: str | None = None  # F24: 24 or 48 (hours)
    amends: int | None = None
    current: bool = True
    superseded_by: int | None = None
    figures: dict[str, Figure] = field(default_factory=dict)
    ies: tuple[IeLine, ...] = ()
    refs: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {
            "filed": _iso(self.filed), "kind": self.kind, "filing_id": self.filing_id, "source": self.source,
            "form_type": self.form_type, "filer_id": self.filer_id, "filer_name": self.filer_name, "role": self.role,
            "coverage_from": _iso(self.coverage_from), "coverage_through": _iso(self.coverage_through),
            "report_code": self.report_code, "report_type": self.report_type, "amends": self.amends,
            "current": self.current, "superseded_by": self.superseded_by,
            "figures": {k: f.to_json() for k, f in self.figures.items()},
            "ies": [x.to_json() for x in self.ies], "row_refs": list(self.refs),
        }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _kind(form: str | None, report_code: str | None) -> str:
    if form in SUMMARY_FORMS or (form == "F5" and report_code):
        return "report"
    if form in ("F24", "F5"):
        return "ie_notice"
    return "filing"


def _figures(row: dict, kind: str) -> dict[str, Figure]:
    if kind != "report":
        return {}
    cov = Coverage(files=(f"FEC-{row['filing_id']}",), start=row["coverage_from"], through=row["coverage_through"])
    out = {}
    for name, definition in HEADLINE.items():
        value = row[name]
        if value is None:
            out[name] = Figure(None, Status.NOT_APPLICABLE, definition, Coverage(note="left blank on the cover"))
        else:
            out[name] = Figure.known(value, definition, cov, (row["row_ref"],))
    return out


def _ie_lines(m: Model, filing_ids: list[int], scope: RaceScope | None) -> dict[int, list[IeLine]]:
    """Per filing: its IE rows naming the scope's candidates (any candidate without a scope), per side."""
    if not filing_ids:
        return {}
    f = mfilings.filings(m)
    cycles = [r["cycle"] for r in records(f.filter(f.filing_id.isin(filing_ids)).select("cycle").distinct())
              if r["cycle"] is not None]
    out: dict[int, list[IeLine]] = {}
    for cycle in cycles:
        n = mies.notices(m, cycle)
        n = n.filter(n.filing_id.isin(filing_ids) & (n.source == "efile"))
        named = se_naming(m, scope)
        n = n.join(named, "row_ref")
        for line in _group_lines(n):
            out.setdefault(line.pop("filing_id"), []).append(_line(line))
    return out


def _group_lines(n: ir.Table) -> list[dict]:
    counted = n.status != "memo row"
    return records(
        n.group_by(["filing_id", "named", "support_oppose"])
        .aggregate(candidate_name=n.candidate_name.max(), amount=n.amount.sum(where=counted),
                   rows=counted.sum(), first_day=n.day.min(where=counted), last_day=n.day.max(where=counted),
                   standing=n.status.collect(where=counted).unique(), refs=n.row_ref.collect(where=counted))
        .filter(_.rows > 0)
        .order_by(["filing_id", "named", "support_oppose"])
    )


def _line(r: dict) -> IeLine:
    definition = (f"independent expenditures {'for' if r['support_oppose'] == 'support' else 'against'} the "
                  "candidate reported in this filing (memo rows apart)")
    refs = tuple(sorted(r["refs"] or []))
    return IeLine(r["named"], r["candidate_name"], r["support_oppose"],
                  Figure.known(r["amount"] or 0, definition, Coverage(start=r["first_day"], through=r["last_day"]),
                               refs),
                  r["first_day"], r["last_day"], tuple(sorted(r["standing"] or [])))


def filing_entries(m: Model, filing_ids: list[int], scope: RaceScope | None = None,
                   spenders: set[str] | None = None) -> list[Entry]:
    """Timeline entries for loaded filings (cover figures, IE lines naming the scope's candidates)."""
    if not filing_ids:
        return []
    f = mfilings.filings(m)
    rows = records(f.filter(f.filing_id.isin(filing_ids)).select(
        "filing_id", "form_type", "form", "filer_id", "filer_name", "coverage_from", "coverage_through",
        "report_code", "report_type", "date_signed", "received_date", "amends_filing_id", "current",
        "superseded_by", "cycle", "row_ref", *HEADLINE).order_by("filing_id"))
    lines = _ie_lines(m, [r["filing_id"] for r in rows], scope)
    committees = set(scope.committees) if scope else set()
    out = []
    for r in rows:
        kind = _kind(r["form"], r["report_code"])
        ies = tuple(lines.get(r["filing_id"], ()))
        role = ("candidate committee" if r["filer_id"] in committees
                else "outside spender" if ies or r["filer_id"] in (spenders or set()) else "committee")
        out.append(Entry(
            filed=r["date_signed"] or r["received_date"], kind=kind, filing_id=r["filing_id"], source="efile",
            form_type=r["form_type"], filer_id=r["filer_id"], filer_name=r["filer_name"], role=role,
            coverage_from=r["coverage_from"], coverage_through=r["coverage_through"], report_code=r["report_code"],
            report_type=r["report_type"], amends=r["amends_filing_id"], current=bool(r["current"]),
            superseded_by=r["superseded_by"],
            figures=_figures(r, kind), ies=ies,
            refs=(r["row_ref"],) + tuple(ref for x in ies for ref in x.amount.refs),
        ))
    return out


def _ie_file_entries(m: Model, scope: RaceScope) -> list[Entry]:
    """Notices known only from the FEC's IE file (their filing is not loaded), one entry per filing number."""
    n = mies.notices(m, scope.cycle)
    n = n.filter((n.source == "ie file") & n.cand_id.isin(scope.cand_ids or [""])
                 & (n.status != "in a loaded filing (its own rows count)")).mutate(named=_.cand_id)
    heads = records(n.group_by("filing_id").aggregate(
        filed=n.received.min(), spender_id=n.spender_id.max(), spender_name=n.spender_name.max()))
    lines: dict[int, list[IeLine]] = {}
    for r in _group_lines(n):
        lines.setdefault(r.pop("filing_id"), []).append(_line(r))
    return [Entry(filed=h["filed"], kind="ie_notice", filing_id=h["filing_id"], source="ie file", form_type=None,
                  filer_id=h["spender_id"], filer_name=h["spender_name"], role="outside spender",
                  ies=tuple(lines.get(h["filing_id"], ())),
                  refs=tuple(ref for x in lines.get(h["filing_id"], ()) for ref in x.amount.refs))
            for h in heads]


def timeline(m: Model, scope: RaceScope) -> list[Entry]:
    """Every report and notice of the race's candidate committees and of whoever spent on its candidates."""
    n = mies.notices(m, scope.cycle)
    named = se_naming(m, scope)
    spent = n.left_join(named, "row_ref")
    spenders = {r["spender_id"] for r in records(
        spent.filter(spent.cand_id.isin(scope.cand_ids or [""]) | spent.named.notnull())
        .select("spender_id").distinct()) if r["spender_id"]}
    f = mfilings.filings(m)
    mine = f.filter(f.filer_id.isin(sorted(set(scope.committees) | spenders) or [""]) & (f.cycle == scope.cycle))
    ids = [r["filing_id"] for r in records(mine.select("filing_id"))]
    # notices from spenders' filings that name the race, whatever the filer id says
    via_rows = m.table("filing_se").join(named, "row_ref").select("filing_id").distinct()
    ids = sorted(set(ids) | {r["filing_id"] for r in records(via_rows)})
    entries = [e for e in filing_entries(m, ids, scope, spenders)
               if e.role != "committee" and (e.filed is None or _cycle_of(e) == scope.cycle)]
    entries += _ie_file_entries(m, scope)
    return sorted(entries, key=lambda e: (e.filed or date.max, e.filing_id or 0, e.source))


def _cycle_of(e: Entry) -> int:
    d = e.coverage_through or e.filed
    return d.year + d.year % 2
