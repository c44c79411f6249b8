"""A race: its candidates and money (race), its election results (results), its filings by date (timeline)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from ..model.figures import cell, dollars
from .base import DB, AllRefsOpt, CsvOpt, CycleOpt, DbOpt, ExplainOpt, JsonOpt, command, emit, reader
from .output import banner, columns, console, footnotes, money, notes
from .output import explain as explain_rows

if TYPE_CHECKING:
    from ..trail import Trail


@command
def race(
    key: Annotated[str, typer.Argument(help="Race: CA-34, CA-SEN or PRES.")],
    cycle: CycleOpt = 2024,
    db: DbOpt = DB,
    as_json: JsonOpt = False,
    all_refs: AllRefsOpt = False,
    as_csv: CsvOpt = False,
    explain: ExplainOpt = False,
) -> None:
    """Candidates in a race with their money and the outside spending. Example: moneytrail race CA-34 --cycle 2024"""
    with reader(db) as trail:
        rep = trail.race(key, cycle)
        emit(rep, as_json, as_csv, rows=rep["candidates"], all_refs=all_refs,
             table=lambda: render_race(trail, rep, explain))


def render_race(trail: Trail, rep: dict, explain: bool) -> None:
    banner(trail)
    console.print(f"[bold]{rep['title']} ({rep['race']}), {rep['cycle']} cycle[/bold]")
    amounts = ("receipts", "individuals", "PACs", "disbursed", "cash on hand", "outside for", "outside against")
    t = columns(Table(title="Candidates (summary reports as filed)"), ("candidate", "id", "party", "I/C/O", *amounts),
                right=amounts)
    foot: list[str] = []
    for c in rep["candidates"]:
        s = c["summary"]
        ids = c["cand_id"] + "".join(f"\n+ {o['cand_id']}" for o in c["other_ids"])
        t.add_row(c["name"] or "", ids, c["party"] or "", c["ici"] or "",
                  *[cell(x, foot) for x in (s["ttl_receipts"], s["ttl_indiv_contrib"], s["other_pol_cmte_contrib"],
                                            s["ttl_disb"], s["coh_cop"], c["outside"]["support"],
                                            c["outside"]["oppose"])])
    t.caption = "one row per person: the id of this cycle's run, + the person's other ids"
    console.print(t)
    footnotes(foot)
    for c in rep["candidates"]:
        for n in c["notes"]:
            console.print(f"[yellow]note:[/yellow] {c['name']} ({c['cand_id']}): {n}")
        ic = c.get("itemized_coverage")
        if ic and (Decimal(ic["reported"]["amount"] or 0) or Decimal(ic["itemized"]["amount"] or 0)):
            console.print(f"{c['name']} ({c['cand_id']}): {ic['text']}")
    names = {c["cand_id"]: c["name"] for c in rep["candidates"]}
    if rep["independent_expenditures"]:
        nums = ("reported so far", "periodic only", "notices", "superseded")
        t = columns(Table(title="Independent expenditures by spender, each counted once (notices, periodic reports, "
                                "amendments and the IE file de-duplicated)"),
                    ("candidate", "spender", "for/against", *nums, "dates"), right=nums)
        for r in rep["independent_expenditures"]:
            t.add_row(names.get(r["cand_id"], r["cand_id"]), f"{r['spender_name']} ({r['spe_id']})",
                      r["support_oppose"], money(r["amount"]), money(r["periodic_amount"]), str(r["notices"]),
                      str(r["superseded"]), f"{r['first_date']} – {r['last_date']}")
        console.print(t)
    if rep["committee_money"]:
        t = columns(Table(title="Committee money to candidates (itpas2, by giver)" + coverage_title(rep["candidates"])),
                    ("candidate", "giver", "category", "amount", "rows", "note"), right=("amount", "rows"))
        for r in rep["committee_money"][:60]:
            t.add_row(names.get(r["to_cand_id"], r["to_cand_id"]), f"{r['giver_name'] or '?'} ({r['cmte_id']})",
                      r["category"], money(r["amount"]), str(r["rows"]), "; ".join(r["quirks"] or []))
        if len(rep["committee_money"]) > 60:
            t.caption = f"first 60 of {len(rep['committee_money'])}; --json for all"
        console.print(t)
    if rep.get("results"):
        console.print("[bold]Results[/bold]")
        render_contests(rep["results"], with_money=True)
    notes(rep["notes"])
    if explain:
        for c in rep["candidates"]:
            explain_rows(trail, f"{c['name']}: summary row", [c["summary_ref"]] if c["summary_ref"] else [])
        for r in rep["independent_expenditures"]:
            explain_rows(trail, f"{r['spender_name']} {r['support_oppose']} {names.get(r['cand_id'])}", r["row_refs"])
        for r in rep["committee_money"]:
            explain_rows(trail, f"{r['giver_name']} → {names.get(r['to_cand_id'])} ({r['category']})", r["row_refs"])



def coverage_title(cands: list[dict]) -> str:
    """", partial: through 2023-04-12" when the loaded itpas2 stops short of the cycle."""
    for c in cands:
        fig = c.get("committee_money", {}).get("contribution")
        if fig and fig["status"] == "partial":
            return f" — partial: loaded rows run through {fig['coverage']['through']}"
    return ""


def render_contests(contests: list[dict], with_money: bool = False) -> None:
    for c in contests:
        title = f"{c['year']} {c['stage']}{' (special)' if c['special'] else ''} — {c['source_kind']}"
        if c["total_votes"]:
            title += f", {c['total_votes']:,} votes"
        cols = ["candidate", "party", "votes", "share", "result", "FEC id", "match"]
        if with_money:
            cols += ["receipts", "outside for", "outside against", "$ per vote"]
        t = columns(Table(title=title, caption=c["rule_text"]), cols,
                    right=("votes", "share", "receipts", "$ per vote"))
        foot: list[str] = []
        for r in c["candidates"]:
            shown_votes = f"{r['votes']:,}" if r["votes"] is not None else r["outcome"] or ""
            share = f"{r['share']:.2f}%" if r["share"] is not None else ""
            row = [r["candidate"], r["party"] or "", shown_votes, share, r["result"] or "", r["cand_id"] or "",
                   r["match"]["status"]]
            if with_money:
                out = r.get("outside") or {}
                row += [cell(r.get("receipts"), foot), cell(out.get("support"), foot),
                        cell(out.get("oppose"), foot), cell(r.get("dollars_per_vote"), foot)]
            t.add_row(*row)
        console.print(t)
        footnotes(foot)
        if c["margin"]:
            console.print(f"  margin: {c['margin']['votes']:,} votes, {c['margin']['points']:.2f} points")
        for note in c["notes"] + ([c["district_note"]] if c["district_note"] else []):
            console.print(f"  [yellow]note:[/yellow] {note}")


@command
def results(
    key: Annotated[str, typer.Argument(help="Race: CA-34, CA-SEN.")],
    year: Annotated[int, typer.Option("--year", help="Election year.")] = 2024,
    db: DbOpt = DB,
    as_json: JsonOpt = False,
    all_refs: AllRefsOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Election results of a race, stage by stage. Example: moneytrail results CA-34 --year 2022"""
    with reader(db) as trail:
        rep = trail.results(key, year)

    def table() -> None:
        console.print(f"[bold]{rep['title']} ({rep['race']}), {rep['year']}[/bold]")
        render_contests(rep["contests"])

    emit(rep, as_json, as_csv, all_refs=all_refs,
         rows=[{"stage": c["stage"], **r} for c in rep["contests"] for r in c["candidates"]],
         table=table)


@command
def timeline(
    key: Annotated[str, typer.Argument(help="Race: CA-34, CA-SEN or PRES.")],
    cycle: Annotated[int | None, typer.Option(
        "--cycle", help="Election cycle (default: the latest with candidates loaded).")] = None,
    limit: Annotated[int | None, typer.Option(
        "--limit", min=1, help="Only the newest N entries, newest first (default: every entry, oldest first).")] = None,
    page: Annotated[int, typer.Option("--page", min=1, help="With --limit: the page of N entries to show.")] = 1,
    db: DbOpt = DB,
    as_json: JsonOpt = False,
    all_refs: AllRefsOpt = False,
    explain: ExplainOpt = False,
) -> None:
    """Every report and IE notice of a race, by date filed, with what each added.

    Example: moneytrail timeline CA-34 --cycle 2024 --limit 50
    """
    with reader(db) as trail:
        rep = trail.timeline(key, cycle, limit=limit, page=page, newest_first=limit is not None)
        emit(rep, as_json, all_refs=all_refs, table=lambda: render_timeline(trail, rep, explain))


def figure_text(f: dict) -> str:
    if f["status"] in ("not_loaded", "not_applicable") or f["amount"] is None:
        return "not loaded" if f["status"] == "not_loaded" else "—"
    return dollars(Decimal(f["amount"]))


def render_timeline(trail: Trail, rep: dict, explain: bool) -> None:
    banner(trail)
    console.print(f"[bold]{rep['title']} ({rep['race']}), {rep['cycle']} cycle: timeline[/bold]")
    t = columns(Table(title="Reports and notices by date filed (entries are events: a notice and the report that "
                            "repeats it are the same money)"),
                ("filed", "filing", "filer", "form", "role", "what it added", "standing"), overflow="fold")
    for e in rep["entries"]:
        added = [f"{name.replace('_', ' ')} {figure_text(f)}" for name, f in e["figures"].items()]
        for x in e["ies"]:
            added.append(f"{figure_text(x['amount'])} {x['support_oppose']} {x['candidate_name'] or x['cand_id']}")
        period = f" {e['coverage_from']}–{e['coverage_through']}" if e["coverage_through"] else ""
        standing = "current" if e["current"] else f"superseded by FEC-{e['superseded_by']}"
        ie_standing = sorted({s for x in e["ies"] for s in x["standing"]})
        if ie_standing:
            standing += "; IE rows: " + ", ".join(ie_standing)
        number = (f"local {e['filing_id']} (no FEC number)" if (e["filing_id"] or 0) < 0
                  else f"FEC-{e['filing_id']}" + (" (IE file)" if e["source"] == "ie file" else ""))
        t.add_row(e["filed"] or "?", number,
                  f"{e['filer_name'] or '?'} ({e['filer_id']})", (e["form_type"] or e["kind"]) + period, e["role"],
                  "\n".join(added) or "—", standing)
    console.print(t)
    if len(rep["entries"]) < rep["total_entries"]:
        console.print(f"{len(rep['entries']):,} of {rep['total_entries']:,} entries, newest first "
                      "(--page for more; without --limit, all of them)")
    notes(rep["notes"])
    if explain:
        for e in rep["entries"]:
            explain_rows(trail, f"FEC-{e['filing_id']} {e['filer_name']}", e["row_refs"])

