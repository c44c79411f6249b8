"""Words for the pages: figure labels, "how we count", a figure's status beside it, FEC codes in words.

Why: a page must never show a machine name (``ttl_receipts``, ``cmte_tp``) or a bare number whose file
was not loaded. Templates read everything they say about a figure from model/definitions.py through the
globals and filters registered here, so a page and its JSON twin's ``definitions`` say the same thing.

Each page ends with a "How we count" list of the figures it showed: ``term(key)`` in a template marks a
key as shown (a per-render list, kept per thread because a page renders start to end on one thread), and
base.html lists the marked keys after the page's main block.
"""

from __future__ import annotations

import threading

from ..model import definitions as defs
from ..model.figures import Figure, Status, is_figure_json, show

_shown = threading.local()


def _figure(value) -> Figure | None:
    if isinstance(value, Figure):
        return value
    return Figure.from_json(value) if is_figure_json(value) else None


def value_text(value, unit: str = "usd") -> str:
    """The value alone: "$1,234.56", "12.3%", "not loaded", "n/a", "—" (its status goes beside it)."""
    fig = _figure(value)
    if fig is None:
        return show(value, unit)
    if fig.status is Status.NOT_LOADED:
        return "not loaded"
    if fig.status is Status.PARTIAL and fig.amount is not None:
        return Figure(fig.amount, Status.KNOWN, unit=fig.unit).text()
    return fig.text()


def status_text(value) -> str:
    """What stands beside a figure that is not simply known: "partial: through 2023-03-31",
    the file that would give a figure not loaded ("Independent expenditures …, 2024: independent_expenditure_2024.csv",
    shown after "not loaded"), "n/a: no individual money". Empty for a known figure or a plain amount."""
    fig = _figure(value)
    if fig is None or fig.status is Status.KNOWN:
        return ""
    if fig.status is Status.NOT_LOADED:
        return fig.missing or "the file that would give it is not loaded"
    cov = fig.coverage
    if fig.status is Status.NOT_APPLICABLE:
        return f"n/a: {cov.note}" if cov and cov.note else "does not apply"
    if cov is None:
        return "partial"
    through = cov.through.isoformat() if cov.through else None
    parts = [f"{cov.start.isoformat()} to {through}" if cov.start and through else f"through {through}"
             if through else ""]
    if cov.note and not (through and through in cov.note):
        parts.append(cov.note)
    said = "; ".join(p for p in parts if p)
    return f"partial: {said}" if said else "partial"


def status_class(value) -> str:
    fig = _figure(value)
    return "" if fig is None else fig.status.value.replace("_", "-")


def has_rows(value) -> bool:
    """Whether a figure has a value whose rows can be listed (never link "not loaded" to nothing)."""
    fig = _figure(value)
    return fig is None or fig.has_value


def path_words(path: str) -> str:
    """A figure's path in a page's answer, in words: 'committee_money.0.row_refs' -> 'Committee money #1'."""
    out = []
    for part in str(path).split("."):
        if part in ("row_refs", "refs"):
            continue
        if part.isdigit():
            out[-1:] = [f"{out[-1]} #{int(part) + 1}" if out else f"#{int(part) + 1}"]
        else:
            out.append(defs.label(part[:-5]) if part.endswith("_refs") else defs.label(part))
    return " › ".join(out)


def mark_shown(key: str) -> str:
    """Note that this figure's label is on the page: its definition goes in the page's "How we count"."""
    keys = getattr(_shown, "keys", None)
    if keys is not None and key not in keys and key in defs.FIGURES:
        keys.append(key)
    return ""


def start_page() -> str:
    _shown.keys = []
    return ""


def shown_keys() -> list[str]:
    keys, _shown.keys = getattr(_shown, "keys", None) or [], None
    return keys


def register(templates) -> None:
    """Make the labels available to every template (one call, where the app builds its templates)."""
    env = templates.env
    env.globals.update(
        label=defs.label, short=lambda k: defs.FIGURES[k].column if k in defs.FIGURES else defs.words(k),
        how=defs.how, committee_kind=defs.committee_kind, status_words=defs.STATUS, cover_how=defs.COVER_HOW,
        mark_shown=mark_shown, start_page=start_page, shown_keys=shown_keys, has_rows=has_rows,
    )
    codes = {name: (lambda v, _t=name: defs.code(_t, v)) for name in defs.CODES}  # "DEM" | party -> Democratic
    env.filters.update(value_text=value_text, status_text=status_text, status_class=status_class,
                       path_words=path_words, words=defs.words, source_kind=defs.source_kind,
                       table_words=defs.table_words, **codes)
