"""Donors: one resolved donor (donor), and resolution, top donors and overlap (donors ...)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ..errors import MoneytrailError
from .base import DB, AllRefsOpt, CycleOpt, DbOpt, JsonOpt, command, emit, opened
from .output import columns, console, money, notes


@command
def donor(
    name: Annotated[str, typer.Argument(help='The donor as the FEC writes names, e.g. "SMITH, JOHN".')],
    state: Annotated[str | None, typer.Option(help="Only donors with a record in this state.")] = None,
    db: DbOpt = DB,
    as_json: JsonOpt = False,
    all_refs: AllRefsOpt = False,
    limit: Annotated[int, typer.Option(help="Contributions shown per donor.")] = 50,
) -> None:
    """A resolved donor's contributions across committees, the name variants merged, and why.

    Example: moneytrail donor "SMITH, JOHN" --state CA
    """
    with opened(db, read_only=True) as trail:
        rep = trail.donor(name, state, limit=limit)
    emit(rep, as_json, all_refs=all_refs, table=lambda: render_donor(rep))


def render_donor(rep: dict) -> None:
    for d in rep["donors"]:
        console.print(f"[bold]donor {d['donor_id']}[/bold]: {money(d.get('amount'))} in {d.get('gifts', 0)} gifts "
                      f"to {d.get('committees', 0)} committees", highlight=False)
        console.print("  written as: " + "; ".join(sorted(d.get("names") or [])), highlight=False)
        console.print("  employers: " + "; ".join(sorted(e for e in d.get("employers") or [] if e)), highlight=False)
        t = columns(Table(title=f"Contributions of donor {d['donor_id']}"),
                    ("date", "committee", "amount", "name", "place", "employer", "row"), right=("amount",))
        for g in d["contributions"]:
            t.add_row(str(g["transaction_dt"]), g["cmte_id"], money(g["transaction_amt"]) + (
                " (memo)" if (g["memo_cd"] or "").upper() == "X" else ""), g["name"],
                f"{g['city']} {g['state']} {g['zip_code'] or ''}", g["employer"] or "", g["row_ref"])
        console.print(t)
        if d["why_merged"]:
            t = columns(Table(title="Why these records are one donor (match weight per field; + agrees, - disagrees)"),
                        ("record", "record", "probability", "fields"))
            for w in d["why_merged"]:
                t.add_row(w["name_l"], w["name_r"], f"{w['match_probability']:.3f}", w["agreements"])
            console.print(t)


app = typer.Typer(help="Donor resolution: resolve, top donors, overlap.", no_args_is_help=True)


@app.command("resolve")
@command
def donors_resolve(
    cycle: Annotated[int | None, typer.Option(help="Only this cycle (default: every loaded cycle).")] = None,
    retrain: Annotated[bool, typer.Option(help="Train the model again instead of reusing the saved one.")] = False,
    memory_limit: Annotated[str | None, typer.Option(help="Cap DuckDB's memory (store and splink), e.g. 3GB.")] = None,
    db: DbOpt = DB,
    as_json: JsonOpt = False,
) -> None:
    """Resolve individual contributions into donors; new rows join existing donors, ids stay.

    Example: moneytrail donors resolve --db moneytrail.duckdb --memory-limit 3GB
    """
    with opened(db, memory_limit=memory_limit) as trail:
        out = trail.resolve_donors(cycle=cycle, retrain=retrain)
    emit(out, as_json, table=lambda: console.print(", ".join(f"{k} {v}" for k, v in out.items()), highlight=False))


def committee_ids(ids: str | None) -> list[str] | None:
    """``C001,C002`` or ``C001 C002`` as a list (None when empty)."""
    return [x for x in (ids or "").replace(" ", ",").split(",") if x] or None


@app.command("top")
@command
def donors_top(
    cycle: CycleOpt = 2024,
    candidate: Annotated[str | None, typer.Option(help="A candidate id.")] = None,
    race: Annotated[str | None, typer.Option(help="A race, e.g. CA-34.")] = None,
    committees: Annotated[str | None, typer.Option(help="Committee ids, comma-separated (a network).")] = None,
    limit: int = 10,
    db: DbOpt = DB,
    as_json: JsonOpt = False,
    all_refs: AllRefsOpt = False,
) -> None:
    """Top resolved donors and organizations for a candidate, race or committee set.

    Example: moneytrail donors top --race CA-34 --cycle 2024
    """
    if not (candidate or race or committees):
        raise MoneytrailError("name a --candidate, a --race or --committees")
    with opened(db, read_only=True) as trail:
        rep = trail.top_donors(cycle, cand_id=candidate, race=race, committees=committee_ids(committees),
                               limit=limit)
    emit(rep, as_json, all_refs=all_refs, table=lambda: render_top(rep))


def render_top(rep: dict) -> None:
    t = columns(Table(title="Top donors (resolved)"), ("donor", "written as", "amount", "gifts"),
                right=("amount", "gifts"))
    for d in rep["donors"]:
        t.add_row(str(d["donor_id"]), "; ".join(sorted(d["names"])[:3]), money(d["amount"]), str(d["gifts"]))
    console.print(t)
    t = columns(Table(title="Top organizations (donors' employers)"), ("organization", "amount", "donors",
                                                                         "written as"), right=("amount", "donors"))
    for o in rep["organizations"]:
        variants = "; ".join(sorted(o["employer_variants"])[:3])
        t.add_row(o["organization"], money(o["amount"]), str(o["donors"]), variants)
    console.print(t)
    notes(rep.get("notes") or [])


@app.command("overlap")
@command
def donors_overlap(
    a: Annotated[str, typer.Option("--a", help="First committee set, comma-separated ids.")],
    b: Annotated[str, typer.Option("--b", help="Second committee set, comma-separated ids.")],
    cycle: Annotated[int | None, typer.Option(help="Only this cycle.")] = None,
    limit: int = 20,
    db: DbOpt = DB,
    as_json: JsonOpt = False,
    all_refs: AllRefsOpt = False,
) -> None:
    """Resolved donors who gave to both committee sets, and how much to each.

    Example: moneytrail donors overlap --a C00797670 --b C00799031 --cycle 2024
    """
    with opened(db, read_only=True) as trail:
        rep = trail.donor_overlap(committee_ids(a) or [], committee_ids(b) or [], cycle, limit=limit)
    emit(rep, as_json, all_refs=all_refs, table=lambda: render_overlap(rep))


def render_overlap(rep: dict) -> None:
    console.print(f"{rep['donors'] or 0} donors gave to both: {money(rep['to_a'])} to A, {money(rep['to_b'])} to B",
                  highlight=False)
    t = columns(Table(title="Donors giving to both"), ("donor", "name", "state", "to A", "to B"))
    for d in rep["top"]:
        t.add_row(str(d["donor_id"]), d["name"], d["state"] or "", money(d["to_a"]), money(d["to_b"]))
    console.print(t)
