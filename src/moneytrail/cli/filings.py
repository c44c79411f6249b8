"""One electronic filing: its cover, its amendment chain, its schedules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from ..errors import MoneytrailError
from ..model.figures import cell
from .base import DB, AllRefsOpt, DbOpt, ExplainOpt, JsonOpt, command, emit, reader
from .output import banner, columns, console, footnotes, money
from .output import explain as explain_rows

if TYPE_CHECKING:
    from ..trail import Trail


def filing_number(text: str) -> int:
    """``1238405`` or ``FEC-1238405``."""
    try:
        return int(text.upper().removeprefix("FEC-"))
    except ValueError:
        raise MoneytrailError(f"{text!r} is not a filing number") from None


@command
def filing(
    filing_id: Annotated[str, typer.Argument(help="FEC filing number, e.g. 1238405 or FEC-1238405.")],
    db: DbOpt = DB,
    as_json: JsonOpt = False,
    all_refs: AllRefsOpt = False,
    explain: ExplainOpt = False,
) -> None:
    """One electronic filing: its cover, its amendment chain and its schedules (rows and totals)."""
    number = filing_number(filing_id)
    with reader(db) as trail:
        rep = trail.filing(number)
        emit(rep, as_json, all_refs=all_refs, table=lambda: render_filing(trail, rep, number, explain))


def render_filing(trail: Trail, rep: dict, number: int, explain: bool) -> None:
    banner(trail)
    f = rep["filing"]
    current = rep["current_filing_id"]
    status = "current" if current == number else f"superseded by FEC-{current}"
    console.print(f"[bold]FEC-{number}[/bold] {f['form_type']} by {f['filer_name'] or '?'} ({f['filer_id']}), "
                  f"version {f['version']}, {status}")
    period = (f"{f['coverage_from']} to {f['coverage_through']}" if f["coverage_through"] else "no period")
    console.print(f"report {f['report_code'] or f['report_type'] or '-'}, {period}, signed {f['date_signed']}, "
                  f"cycle {f['cycle']}")
    console.print("the FEC's copy: " + " · ".join(rep["links"].values()))
    if rep["figures"]:  # the model's headline cover lines (model/filings.py), a line the form lacks as n/a
        t = Table(title="Cover figures (this period)")
        t.add_column("figure")
        t.add_column("amount", justify="right")
        foot: list[str] = []
        for fig in rep["figures"]:
            t.add_row(fig["label"], cell(fig, foot))
        console.print(t)
        footnotes(foot)
    t = columns(Table(title="Amendment chain (the latest filing of a report counts)"),
                ("filing", "form", "amends", "no.", "signed", "counts"))
    for c in rep["chain"]:
        t.add_row(f"FEC-{c['filing_id']}", c["form_type"] or "", str(c["amends_filing_id"] or ""),
                  str(c["amendment_number"] or ""), str(c["date_signed"] or ""), "yes" if c["current"] else "no")
    console.print(t)
    t = columns(Table(title="Schedules"), ("schedule", "rows", "amount", "memo rows", "what"),
                right=("rows", "amount", "memo rows"))
    for r in rep["schedules"]:
        t.add_row(r["schedule"], f"{r['rows']:,}", money(r.get("amount")), str(r.get("memo_rows") or ""),
                  r["description"])
    console.print(t)
    if explain:
        for r in rep["schedules"]:
            explain_rows(trail, f"{r['schedule']} rows", r["row_refs"])
