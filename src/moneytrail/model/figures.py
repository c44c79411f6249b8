"""A figure is a value with a status: the one typed number every report, page, JSON twin and claim reads.

Why: a bare number cannot say that its file was never loaded, or that its rows stop in March. A
``Figure`` carries the exact amount (``Decimal``), its status, what it means, what it covers and the
rows behind it, so interfaces render "not loaded" instead of $0 and the claim checker never rules
"inconsistent" against a figure that is not ``known`` for the claim's whole period.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum

CENT = Decimal("0.01")


class Status(StrEnum):
    KNOWN = "known"                    # the loaded sources cover the figure's whole period
    PARTIAL = "partial"                # the source covers only part of the period (coverage says which dates)
    NOT_LOADED = "not_loaded"          # the file that would give it is not in the store (``missing`` names it)
    NOT_APPLICABLE = "not_applicable"  # the question does not apply (a committee with no candidate, say)


@dataclass(frozen=True)
class Coverage:
    """What a figure was computed from: the files (ledger paths or kinds) and the dates their rows span."""

    files: tuple[str, ...] = ()
    start: date | None = None
    through: date | None = None
    note: str | None = None

    def describe(self) -> str:
        parts = []
        if self.start and self.through:
            parts.append(f"{self.start.isoformat()} to {self.through.isoformat()}")
        elif self.through:
            parts.append(f"through {self.through.isoformat()}")
        if self.note:
            parts.append(self.note)
        return "; ".join(parts)


def dollars(amount: Decimal, places: int = 2) -> str:
    """Dollars with the sign before the symbol: "-$4,203.05", never "$-4,203.05"."""
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.{places}f}"


def money(value) -> Decimal | None:
    """An exact amount in cents (None stays None): floats go through their shortest repr, never binary."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value.quantize(CENT)
    if isinstance(value, float):
        return Decimal(repr(value)).quantize(CENT)
    return Decimal(value).quantize(CENT)


@dataclass(frozen=True)
class Figure:
    """One number a report shows.

    ``amount`` is None unless the status is known or partial. ``missing`` names the file (kind and
    cycle, e.g. ``independent expenditures file (independent_expenditure_2024.csv)``) that would give
    a ``not_loaded`` figure. ``refs`` are row references (``table:load_id:line_no``).
    """

    amount: Decimal | None
    status: Status
    definition: str = ""
    coverage: Coverage | None = None
    refs: tuple[str, ...] = ()
    missing: str | None = None
    unit: str = "usd"  # "usd", "count", "votes", "share"
    extra: dict = field(default_factory=dict, compare=False)

    # -- constructors -------------------------------------------------------------------
    @classmethod
    def known(cls, amount, definition: str = "", coverage: Coverage | None = None,
              refs: Iterable[str] = (), unit: str = "usd") -> Figure:
        return cls(cls._amount(amount, unit), Status.KNOWN, definition, coverage, tuple(refs), unit=unit)

    @classmethod
    def partial(cls, amount, coverage: Coverage, definition: str = "", refs: Iterable[str] = (),
                unit: str = "usd") -> Figure:
        return cls(cls._amount(amount, unit), Status.PARTIAL, definition, coverage, tuple(refs), unit=unit)

    @classmethod
    def not_loaded(cls, missing: str, definition: str = "", unit: str = "usd") -> Figure:
        return cls(None, Status.NOT_LOADED, definition, None, (), missing, unit=unit)

    @classmethod
    def not_applicable(cls, definition: str = "", reason: str | None = None, unit: str = "usd") -> Figure:
        return cls(None, Status.NOT_APPLICABLE, definition, Coverage(note=reason) if reason else None, unit=unit)

    @staticmethod
    def _amount(amount, unit: str) -> Decimal | None:
        if amount is None:
            return None
        if unit == "usd":
            return money(amount)
        return amount if isinstance(amount, Decimal) else Decimal(str(amount))

    # -- reading ------------------------------------------------------------------------
    @property
    def has_value(self) -> bool:
        return self.amount is not None and self.status in (Status.KNOWN, Status.PARTIAL)

    @property
    def is_known(self) -> bool:
        return self.status is Status.KNOWN and self.amount is not None

    def with_status(self, status: Status, coverage: Coverage | None = None) -> Figure:
        return replace(self, status=status, coverage=coverage if coverage is not None else self.coverage)

    def text(self) -> str:
        """How a page or terminal shows it: "$1,234.50", "$1,234.50 (partial: through 2023-03-31)", "not loaded"."""
        if self.status is Status.NOT_LOADED:
            return f"not loaded ({self.missing})" if self.missing else "not loaded"
        if self.status is Status.NOT_APPLICABLE or self.amount is None:
            return "n/a" if self.status is Status.NOT_APPLICABLE else "—"
        if self.unit == "usd":
            shown = dollars(self.amount)
        elif self.unit == "share":
            shown = f"{self.amount * 100:.1f}%"
        else:
            shown = f"{self.amount:,}"
        if self.status is Status.PARTIAL:
            cov = self.coverage.describe() if self.coverage else ""
            shown += f" (partial{': ' + cov if cov else ''})"
        return shown

    @classmethod
    def from_json(cls, d: dict) -> Figure:
        """The inverse of :meth:`to_json` (what a renderer holding JSON-ready answers needs)."""
        cov = d.get("coverage")
        coverage = None
        if cov is not None:
            coverage = Coverage(tuple(cov.get("files") or ()),
                                date.fromisoformat(cov["start"]) if cov.get("start") else None,
                                date.fromisoformat(cov["through"]) if cov.get("through") else None, cov.get("note"))
        amount = d.get("amount")
        known = {"amount", "status", "unit", "definition", "coverage", "missing", "row_refs"}
        return cls(None if amount is None else Decimal(str(amount)), Status(d["status"]), d.get("definition", ""),
                   coverage, tuple(d.get("row_refs") or ()), d.get("missing"), d.get("unit", "usd"),
                   {k: v for k, v in d.items() if k not in known})

    def short(self) -> str:
        """For a table cell: "not loaded", "n/a", "$1,234.50", or "$1,234.50 (partial)"; the file to load
        and the coverage dates go in a footnote (:meth:`footnote`)."""
        if self.status is Status.NOT_LOADED:
            return "not loaded"
        if self.status is Status.PARTIAL and self.amount is not None:
            return replace(self, status=Status.KNOWN).text() + " (partial)"
        return self.text()

    def footnote(self) -> str | None:
        if self.status is Status.NOT_LOADED:
            return f"not loaded: {self.missing}" if self.missing else "not loaded"
        if self.status is Status.PARTIAL:
            cov = self.coverage.describe() if self.coverage else ""
            files = ", ".join(self.coverage.files) if self.coverage and self.coverage.files else ""
            return f"partial ({files}): {cov}" if files else f"partial: {cov}"
        if self.status is Status.NOT_APPLICABLE and self.coverage and self.coverage.note:
            return f"n/a: {self.coverage.note}"
        return None

    def to_json(self) -> dict:
        """One JSON encoding: the amount as a string with exactly its cents (never a float artefact)."""
        out = {
            "amount": None if self.amount is None else format(self.amount, "f"),
            "status": self.status.value,
            "unit": self.unit,
        }
        if self.definition:
            out["definition"] = self.definition
        if self.coverage is not None:
            out["coverage"] = {
                "files": list(self.coverage.files),
                "start": self.coverage.start.isoformat() if self.coverage.start else None,
                "through": self.coverage.through.isoformat() if self.coverage.through else None,
                "note": self.coverage.note,
            }
        if self.missing:
            out["missing"] = self.missing
        if self.refs:
            out["row_refs"] = sorted(self.refs)  # one order on every engine and run
        out.update(self.extra)
        return out


def is_figure_json(value) -> bool:
    return isinstance(value, dict) and "status" in value and "amount" in value and "unit" in value


def show(value, unit: str = "usd") -> str:
    """How any money value is shown, in the terminal and on pages alike: a Figure (or its JSON) by
    :meth:`Figure.text`; an exact amount (Decimal, its exact string, int) with its cents; None as "—"."""
    if isinstance(value, Figure):
        return value.text()
    if is_figure_json(value):
        return Figure.from_json(value).text()
    if value is None or value == "":
        return "—"
    if isinstance(value, float):  # only ever a ratio or a foreign number: shown by its shortest repr
        value = Decimal(repr(value))
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except ArithmeticError:
        return str(value)
    if unit == "usd":
        return dollars(amount.quantize(CENT)) if amount != amount.to_integral_value() or "." in str(value) \
            else dollars(amount, 0)
    return f"{amount:,}"


def cell(value, notes: list[str] | None = None) -> str:
    """:func:`show` for a table cell: a figure's short form, its footnote appended to ``notes`` once."""
    fig = value if isinstance(value, Figure) else Figure.from_json(value) if is_figure_json(value) else None
    if fig is None:
        return show(value)
    note = fig.footnote()
    if note and notes is not None and note not in notes:
        notes.append(note)
    return fig.short()
