"""Who: a candidate (a cycle's run, the person's career, money from networks), a committee, a search."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from ..model.figures import cell
from .base import (
    DB,
    AllRefsOpt,
    CsvOpt,
    CycleOpt,
    DbOpt,
    ExplainOpt,
    JsonOpt,
    RegistryOpt,
    command,
    emit,
    opened,
    reader,
)
from .networks import render_candidate_networks
from .output import banner, columns, console, footnotes, money, notes
from .output import explain as explain_rows
from .race import coverage_title

if TYPE_CHECKING:
    from ..trail import Trail


@command
def candidate(
    cand_id: Annotated[str, typer.Argument(help="FEC candidate id, e.g. H8CA34266.")],
    cycle: CycleOpt = 2024,
    db: DbOpt = DB,
    as_json: JsonOpt = False,
    all_refs: AllRefsOpt = False,
    as_csv: CsvOpt = False,
    explain: ExplainOpt = False,
    networks: Annotated[bool, typer.Option("--networks", help="Money from or through each registry network, "
                                           "small-dollar share and donors' organizations.")] = False,
    registry: RegistryOpt = None,
    career: Annotated[bool, typer.Option("--career", help="The person's whole career: every id, office, "
                                         "cycle's receipts and result.")] = False,
) -> None:
    """One candidate's committees, summary figures, committee money and outside spending.

    Any of a person's FEC ids works: the id of the cycle's run is shown, with the others.
    Example: moneytrail candidate H8CA34266 --cycle 2024 --networks
    """
    with reader(db) as trail:
        if career:
            rep = trail.career(cand_id)
            return emit(rep, as_json, as_csv, rows=rep["cycles"], all_refs=all_refs,
                        table=lambda: render_career(trail, rep, explain))
        if networks:
            rep = trail.candidate_networks(cand_id, cycle, registry)
            return emit(rep, as_json, as_csv, all_refs=all_refs, rows=rep["networks"],
                        table=lambda: render_candidate_networks(trail, rep, explain))
        rep = trail.candidate(cand_id, cycle)
        emit(rep, as_json, as_csv, rows=rep["committee_money"], all_refs=all_refs,
             table=lambda: render_candidate(trail, rep, explain))


def render_candidate(trail: Trail, rep: dict, explain: bool) -> None:
    from ..model.candidates import SUMMARY_FIGURES

    banner(trail)
    console.print(f"[bold]{rep['name']}[/bold] ({rep['cand_id']}), {rep['party']}, {rep['race']}, "
                  f"{rep['cycle']} cycle")
    if rep["other_ids"]:
        console.print("Same person: " + ", ".join(
            f"{o['cand_id']} ({', '.join(o['races'])}; {', '.join(map(str, o['cycles']))})"
            for o in rep["other_ids"]) + f"  (moneytrail candidate {rep['cand_id']} --career)")
    console.print("Committees: " + ", ".join(
        f"{c['cmte_id']} ({c['designation']}, from {c['basis']})" for c in rep["committees"]))
    t = Table(title="Summary (as reported)" + (
        f", through {rep['summary_source']['cvg_end_dt']} from {rep['summary_source']['kind']}"
        if rep["summary_source"] else ""))
    t.add_column("figure")
    t.add_column("amount", justify="right")
    foot: list[str] = []
    for f, label in SUMMARY_FIGURES:
        t.add_row(label, cell(rep["summary"].get(f), foot))
    console.print(t)
    footnotes(foot)
    if rep["itemized_coverage"]:
        console.print(rep["itemized_coverage"]["text"])
    t = columns(Table(title="Committee money (itpas2)" + coverage_title([rep | {
        "committee_money": rep["committee_money_totals"]}])), ("giver", "category", "amount", "rows", "note"),
        right=("amount", "rows"))
    for r in rep["committee_money"]:
        t.add_row(f"{r['giver_name'] or '?'} ({r['cmte_id']})", r["category"], money(r["amount"]),
                  str(r["rows"]), "; ".join(r["quirks"] or []))
    console.print(t)
    t = columns(Table(title="Outside spending (24/48-hour notices)"), ("spender", "for/against", "amount", "notices"))
    for r in rep["independent_expenditures"]:
        t.add_row(f"{r['spender_name']} ({r['spe_id']})", r["support_oppose"], money(r["amount"]),
                  str(r["notices"]))
    foot = []
    t.caption = (f"total for: {cell(rep['outside']['support'], foot)}; "
                 f"against: {cell(rep['outside']['oppose'], foot)}")
    console.print(t)
    footnotes(foot)
    notes(rep["notes"])
    if explain:
        if rep["summary_source"]:
            explain_rows(trail, "summary row", [rep["summary_source"]["row_ref"]])
        for r in rep["committee_money"]:
            explain_rows(trail, f"{r['giver_name']} ({r['category']})", r["row_refs"])
        for r in rep["independent_expenditures"]:
            explain_rows(trail, f"{r['spender_name']} ({r['support_oppose']})", r["row_refs"])


def render_career(trail: Trail, rep: dict, explain: bool) -> None:
    banner(trail)
    console.print(f"[bold]{rep['name']}[/bold] ({rep['state']}): " + ", ".join(
        f"{i['cand_id']} ({', '.join(i['races'])})" for i in rep["ids"]))
    amounts = ("receipts", "disbursed", "cash on hand")
    t = columns(Table(title="Career: one row per loaded cycle (receipts from the summary files, counted once)"),
                ("cycle", "id", "race", "party", *amounts, "results"), right=amounts)
    foot: list[str] = []
    for r in rep["cycles"]:
        res = "; ".join(f"{x['year']} {x['stage']}: {x['votes']:,} votes" + (f" ({x['share']:.2f}%)" if x["share"]
                        else "") + (f", {x['result']}" if x["result"] else "")
                        for x in r["results"] if x["votes"] is not None) or "no results loaded"
        t.add_row(str(r["cycle"]), r["cand_id"], r["race"] or "", r["party"] or "", cell(r["receipts"], foot),
                  cell(r["disbursements"], foot), cell(r["cash_on_hand"], foot), res)
    console.print(t)
    footnotes(foot)
    for link in rep["links"]:
        console.print(f"  [dim]{link['a']} = {link['b']}: {link['reason']}[/dim]", highlight=False)
    notes(rep["notes"])
    if explain:
        for r in rep["cycles"]:
            explain_rows(trail, f"{r['cycle']} receipts", r["receipts"].get("row_refs", []))


@command
def committee(
    cmte_id: Annotated[str, typer.Argument(help="FEC committee id, e.g. C00799031.")],
    cycle: CycleOpt = 2024,
    db: DbOpt = DB,
    as_json: JsonOpt = False,
    all_refs: AllRefsOpt = False,
    as_csv: CsvOpt = False,
    explain: ExplainOpt = False,
) -> None:
    """One committee: its summary (webk), what it gave to candidates and its independent expenditures."""
    with reader(db) as trail:
        rep = trail.committee(cmte_id, cycle)
        emit(rep, as_json, as_csv, all_refs=all_refs, rows=rep["given_to_candidates"],
             table=lambda: render_committee(trail, rep, explain))


def render_committee(trail: Trail, rep: dict, explain: bool) -> None:
    banner(trail)
    console.print(f"[bold]{rep['name']}[/bold] ({rep['cmte_id']}), type {rep['type']}, "
                  f"designation {rep['designation']}, {rep['cycle']} cycle")
    if rep["summary"]:
        t = Table(title=f"Summary (webk, through {rep['summary'].get('cvg_end_dt')})")
        t.add_column("figure")
        t.add_column("amount", justify="right")
        for k, v in rep["summary"].items():
            if isinstance(v, int | float):
                t.add_row(k, money(v))
        console.print(t)
    t = columns(Table(title="Given to or spent on candidates (itpas2)"),
                ("candidate", "recipient", "category", "amount", "rows"))
    for r in rep["given_to_candidates"][:60]:
        t.add_row(r["cand_id"] or "", f"{r['recipient_name']} ({r['other_id']})", r["category"],
                  money(r["amount"]), str(r["rows"]))
    console.print(t)
    if rep["independent_expenditures"]:
        t = columns(Table(title="Independent expenditures (24/48-hour notices)"),
                    ("candidate", "for/against", "amount", "notices"))
        for r in rep["independent_expenditures"]:
            t.add_row(f"{r['candidate_name']} ({r['cand_id']})", r["support_oppose"], money(r["amount"]),
                      str(r["notices"]))
        console.print(t)
    notes(rep["notes"])
    if explain:
        explain_rows(trail, "summary row", [rep["summary_ref"]] if rep["summary_ref"] else [])
        for r in rep["given_to_candidates"]:
            explain_rows(trail, f"to {r['recipient_name']} ({r['category']})", r["row_refs"])


@command
def search(
    text: Annotated[str, typer.Argument(help="A name or id, e.g. gomez or C00799031.")],
    limit: int = 20,
    db: DbOpt = DB,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Find candidates and committees by name or id. Example: moneytrail search gomez"""
    with opened(db, read_only=True) as trail:
        hits = trail.search(text, limit=limit)

    def table() -> None:
        t = columns(Table(title=f"Search: {text}"), ("type", "id", "name", "where / type", "party", "cycles"))
        for h in hits:
            t.add_row(h["type"], h["id"], h["name"] or "", h["detail"] or "", h["party"] or "",
                      ", ".join(map(str, h["cycles"])))
        console.print(t)

    emit(hits, as_json, as_csv, table=table)
