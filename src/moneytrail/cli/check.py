"""Check an article's claims against the store."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import MoneytrailError
from .base import DB, AllRefsOpt, DbOpt, ExplainOpt, JsonOpt, command, emit, opened
from .output import banner, console, money, notes
from .output import explain as explain_rows

if TYPE_CHECKING:
    from ..trail import Trail

VERDICT_STYLE = {"consistent": "green", "inconsistent": "red", "cannot check": "yellow"}


@command(also=(ValueError, OverflowError))
def check(
    article: Annotated[str, typer.Argument(help="Article file (plain text or HTML), or - for standard input.")],
    db: DbOpt = DB,
    as_json: JsonOpt = False,
    all_refs: AllRefsOpt = False,
    date: Annotated[str | None, typer.Option("--date", help="Publication date, when the text does not give it "
                                             "(e.g. 2024-10-15); relative periods such as 'this year' use it.")] = None,
    explain: ExplainOpt = False,
) -> None:
    """Check an article's money and vote claims against the store, with evidence.

    Example: moneytrail check story.html --db moneytrail.duckdb --date 2024-10-15
    """
    raw = sys.stdin.read() if article == "-" else read_article(Path(article))
    with opened(db, read_only=True) as trail:
        rep = trail.check(raw, date=date)
        emit(rep, as_json, all_refs=all_refs, table=lambda: render_check(trail, rep, explain))


def read_article(path: Path) -> str:
    """The article's text, read no further than the checker would look (undecodable bytes replaced)."""
    from ..claims.text import MAX_INPUT_CHARS

    if not path.is_file():
        raise MoneytrailError(f"{path}: no such file")
    data = path.read_bytes()[: MAX_INPUT_CHARS * 4 + 1]
    return data.decode("utf-8", errors="replace")


def render_check(trail: Trail, rep: dict, explain: bool) -> None:
    from rich.markup import escape

    banner(trail)
    when = f"{rep['date']} ({rep['date_basis']})" if rep["date"] else "unknown"
    console.print(f"[bold]{len(rep['results'])} claim(s)[/bold] · article date {when} · race {rep['race'] or '—'} · "
                  + ", ".join(f"{k}: {v}" for k, v in sorted(rep["summary"].items())))
    if rep.get("date_note"):
        notes([rep["date_note"]])
    notes(rep.get("notes") or [])  # limits that applied (claims per article)
    for r in rep["results"]:
        style = VERDICT_STYLE.get(r["verdict"], "white")
        text, a, b = r["quote"], r["hl_start"] - r["start"], r["hl_end"] - r["start"]
        quote = escape(text[:a]) + f"[bold reverse]{escape(text[a:b])}[/bold reverse]" + escape(text[b:])
        console.print()
        console.print(f"[bold]{r['id']}[/bold] [{style}]{r['verdict'].upper()}[/{style}]  {quote}")
        v = r["value"]
        who = ", ".join(x for x in r["people"] + r["orgs"] if x) or "—"
        console.print(f"  metric: {escape(r['metric_text'])} · entities: {escape(who)} · race: {r['race'] or '—'} · "
                      f"period: {escape(r['period']['text'])}")
        console.print(f"  stated: {escape(v['text'])} → {escape(v['rule'])}")
        for note in r["context"]:
            console.print(f"  [dim]context: {escape(note)}[/dim]")
        for f in r["figures"]:
            fv = "—" if f["value"] is None else (money(f["value"]) if v["unit"] == "usd" else f"{f['value']:,}")
            fs = VERDICT_STYLE.get(f["verdict"] or "", "dim")
            refs = f["row_refs"]
            shown = (": " + ", ".join(refs[:3]) + ("…" if len(refs) > 3 else "")) if refs else ""
            status = "" if f.get("status", "known") == "known" else f" [dim]({f['status'].replace('_', ' ')})[/dim]"
            console.print(f"  • {escape(f['definition'])}: [bold]{fv}[/bold]{status} [{fs}]{f['verdict'] or ''}[/{fs}]"
                          + (f" — {escape(f['detail'])}" if f["detail"] else "")
                          + f" [dim]({len(refs)} row(s){shown})[/dim]")
            if explain:
                explain_rows(trail, f["definition"][:60], f["row_refs"])
        console.print(f"  [{style}]{escape(r['reason'])}[/{style}]")
