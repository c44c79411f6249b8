"""Alerts: what a newly loaded filing tells a reporter, as one typed value.

Kinds, one per filing:

- ``ie_notice``: a 24/48-hour independent-expenditure notice (F24, or F5 in notice mode): per
  candidate and side, the dollars its Schedule E rows report (memo rows apart), and who spent.
- ``report``: a periodic report (F3, F3X, F3P, quarterly F5): its headline figures (timeline.HEADLINE)
  for its coverage period, plus any Schedule E rows it holds for the watched candidates.
- ``amendment``: a filing that replaces an earlier version of the same report (model/filings.py);
  each headline figure and each candidate/side IE amount, before → after. When the version it
  replaces is not loaded, "before" is ``not_loaded`` and names the filing that would give it.
- ``filing``: anything else from a followed committee (statement of organization, F99, 48-hour
  contribution notices ...), with its form.

The figures are the timeline's (model/timeline.py): one definition of what a filing added.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..sources.efile_layouts import base_form
from . import filings as mfilings
from .base import Model
from .figures import Figure
from .timeline import HEADLINE, Entry, RaceScope, filing_entries

_LABEL = {"receipts": "receipts", "disbursements": "disbursements", "cash_on_hand_close": "cash on hand"}


@dataclass(frozen=True)
class Change:
    """One figure of an amended report, before and after."""

    what: str  # a HEADLINE key, or "support H4CA90004" / "oppose H4CA90004"
    label: str
    before: Figure
    after: Figure

    @property
    def changed(self) -> bool:
        return self.before.status != self.after.status or self.before.amount != self.after.amount

    def to_json(self) -> dict:
        return {"what": self.what, "label": self.label, "before": self.before.to_json(),
                "after": self.after.to_json(), "changed": self.changed}


@dataclass(frozen=True)
class ScheduleTotal:
    """A ``filing`` alert's schedules: rows and dollars (memo rows apart), e.g. an F6's large contributions."""

    schedule: str
    description: str
    rows: int
    amount: Figure | None

    def to_json(self) -> dict:
        return {"schedule": self.schedule, "description": self.description, "rows": self.rows,
                "amount": self.amount.to_json() if self.amount else None}


@dataclass(frozen=True)
class Alert:
    kind: str  # ie_notice | report | amendment | filing
    entry: Entry
    previous: int | None = None  # the version this one replaces (loaded or not)
    previous_loaded: bool = False
    changes: tuple[Change, ...] = ()
    url: str | None = None
    synthetic: bool = False
    schedules: tuple[ScheduleTotal, ...] = ()

    @property
    def filing_id(self) -> int:
        return self.entry.filing_id

    def _who(self) -> str:
        e = self.entry
        return f"{e.filer_name or 'an unnamed filer'} ({e.filer_id or 'no id'})"

    def headline(self) -> str:
        e = self.entry
        form = e.form_type or "filing"
        if self.kind == "ie_notice":
            hours = f"{e.report_type}-hour " if e.report_type in ("24", "48") else ""
            return f"New {hours}IE notice FEC-{e.filing_id} ({form}) by {self._who()}, filed {_d(e.filed)}"
        period = f", {_d(e.coverage_from)} to {_d(e.coverage_through)}" if e.coverage_through else ""
        code = f" {e.report_code}" if e.report_code else ""
        if self.kind == "amendment":
            of = f" of FEC-{self.previous}" if self.previous else ""
            return f"Amendment FEC-{e.filing_id} ({form}{code}){of} by {self._who()}{period}"
        if self.kind == "report":
            return f"New report FEC-{e.filing_id} ({form}{code}) by {self._who()}{period}"
        return f"New filing FEC-{e.filing_id} ({form}) by {self._who()}, filed {_d(e.filed)}"

    def details(self) -> list[str]:
        """The lines under the headline: figures, IE amounts, and what an amendment changed."""
        out = []
        if self.kind == "amendment":
            if not self.previous_loaded and self.previous:
                out.append(f"the version it replaces (FEC-{self.previous}) is not loaded: "
                           f"moneytrail fetch --filing {self.previous}")
            for c in self.changes:
                mark = "" if c.changed else " (unchanged)"
                out.append(f"{c.label}: {c.before.text()} → {c.after.text()}{mark}")
        else:
            for name, fig in self.entry.figures.items():
                out.append(f"{_LABEL[name]}: {fig.text()}")
            for t in self.schedules:
                money = f", {t.amount.text()}" if t.amount is not None else ""
                out.append(f"{t.description}: {t.rows} row(s){money}")
        if self.kind != "amendment" or not self.changes:
            for x in self.entry.ies:
                side = "supporting" if x.support_oppose == "support" else (
                    "opposing" if x.support_oppose == "oppose" else "for/against (unstated)")
                days = _d(x.first_day) if x.first_day == x.last_day else f"{_d(x.first_day)} to {_d(x.last_day)}"
                out.append(f"{x.amount.text()} {side} {x.candidate_name or 'an unnamed candidate'} "
                           f"({x.cand_id or 'no id'}), {days}")
        return out

    def text(self) -> str:
        return "\n".join([self.headline()] + ["  " + d for d in self.details()])

    def to_json(self) -> dict:
        return {
            "type": "moneytrail.alert", "kind": self.kind, "filing_id": self.filing_id, "url": self.url,
            "synthetic": self.synthetic, "headline": self.headline(), "details": self.details(),
            "previous": self.previous, "previous_loaded": self.previous_loaded,
            "changes": [c.to_json() for c in self.changes], "schedules": [t.to_json() for t in self.schedules],
            "filing": self.entry.to_json(),
        }


def _d(d) -> str:
    return d.isoformat() if d else "?"


def _previous_version(m: Model, filing_id: int, amends: int | None) -> tuple[int | None, bool]:
    """The version a filing replaces: the latest loaded earlier version of its report, else its header's link."""
    earlier = [c["filing_id"] for c in mfilings.chain(m, filing_id) if c["filing_id"] < filing_id]
    if earlier:
        return max(earlier), True
    return amends, False


def _ie_totals(entry: Entry | None) -> dict[tuple[str | None, str], tuple[str, Figure]]:
    out = {}
    for x in entry.ies if entry else ():
        out[(x.cand_id, x.support_oppose)] = (x.candidate_name, x.amount)
    return out


def _changes(before: Entry | None, after: Entry, missing: str | None) -> tuple[Change, ...]:
    out = []
    for name in after.figures:
        b = before.figures.get(name) if before else None
        if b is None:
            b = Figure.not_loaded(missing or "the earlier version", HEADLINE[name])
        out.append(Change(name, _LABEL[name], b, after.figures[name]))
    b_ies, a_ies = _ie_totals(before), _ie_totals(after)
    for key in sorted(set(b_ies) | set(a_ies), key=lambda k: (k[0] or "", k[1])):
        cand, side = key
        name = (a_ies.get(key) or b_ies.get(key))[0]
        label = f"{side} {name or 'an unnamed candidate'} ({cand or 'no id'})"
        definition = "independent expenditures reported in the filing (memo rows apart)"
        if before is None:
            b = Figure.not_loaded(missing or "the earlier version", definition)
        else:
            b = b_ies[key][1] if key in b_ies else Figure.known(0, definition)
        a = a_ies[key][1] if key in a_ies else Figure.known(0, definition)
        out.append(Change(f"{side} {cand}", label, b, a))
    return tuple(out)


def build(m: Model, filing_ids: list[int], scope: RaceScope | None = None, followed: set[str] | None = None,
          urls: dict[int, str] | None = None, synthetic: bool = False) -> list[Alert]:
    """Alerts for loaded filings, oldest first. With a scope, only filings from ``followed`` committees
    or naming the scope's candidates in Schedule E give an alert."""
    followed = followed or set()
    out = []
    for e in filing_entries(m, sorted(filing_ids), scope):
        if scope is not None and not e.ies and (e.filer_id not in followed or e.kind == "ie_notice"):
            continue  # watching a race: a notice must name its candidates
        _form, ind = base_form(e.form_type or "")
        kind = "ie_notice" if e.kind == "ie_notice" else e.kind
        previous, loaded, changes = None, False, ()
        if ind == "A" or e.amends:
            kind = "amendment"
            previous, loaded = _previous_version(m, e.filing_id, e.amends)
            before = filing_entries(m, [previous], scope)[0] if loaded else None
            missing = (f"filing FEC-{previous}, the version this one replaces (moneytrail fetch --filing {previous})"
                       if previous else "the version this one replaces (the amendment does not name it)")
            changes = _changes(before, e, missing)
        schedules = _schedules(m, e.filing_id) if kind == "filing" else ()
        out.append(Alert(kind, e, previous, loaded, changes, (urls or {}).get(e.filing_id), synthetic, schedules))
    return out


def _schedules(m: Model, filing_id: int) -> tuple[ScheduleTotal, ...]:
    out = []
    for t in mfilings.schedule_totals(m, filing_id):
        amount = None
        if t.get("amount") is not None:
            amount = Figure.known(t["amount"], f"{t['description']}: amounts of this filing, memo rows apart",
                                  refs=sorted(t["row_refs"] or []))
        out.append(ScheduleTotal(t["schedule"], t["description"], t["rows"], amount))
    return tuple(out)
