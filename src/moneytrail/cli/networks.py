"""Networks: what one gave, forwarded and spent (network), the registry (networks list / check), and a
candidate's money from networks (rendered for ``candidate --networks``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

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
from .output import banner, columns, console, money, notes
from .output import explain as explain_rows

if TYPE_CHECKING:
    from ..trail import Trail

FIGURE_LABELS = {"direct": "direct", "earmarked": "earmarked", "ie_support": "IE for", "ie_oppose": "IE against"}


def render_candidate_networks(trail: Trail, rep: dict, explain: bool) -> None:
    banner(trail)
    console.print(f"[bold]{rep['cand_id']}[/bold], {rep['cycle']} cycle: money from or through networks")
    amounts = ("direct", "earmarked", "received", "IE for", "IE against")
    t = columns(Table(title="By network (direct + earmarked = received; IEs are spending about the candidate, "
                            "not added)"), ("network", *amounts), right=amounts)
    for n in rep["networks"]:
        t.add_row(n["name"], money(n["direct"]), money(n["earmarked"]), money(n["received_total"]),
                  money(n["ie_support"]), money(n["ie_oppose"]))
    if not rep["networks"]:
        gaps = [f"{f} {v['status'].replace('_', ' ')}" for f, v in rep.get("sources", {}).items()
                if v["status"] != "known"]
        t.caption = ("no registry network gave, forwarded or spent money for or against this candidate"
                     + (f" in the rows loaded ({', '.join(gaps)})" if gaps else ""))
    console.print(t)
    sd = rep["small_dollar"]
    console.print(f"Individual money: {money(sd['summary_indiv'])} reported (summary), "
                  f"{money(sd['itemized_amount'])} in itemized rows ({sd['gifts']:,} gifts, "
                  f"{money(sd['earmarked_rows'])} earmarked); unitemized estimate {money(sd['unitemized_estimate'])}, "
                  f"small-dollar share {money(sd['small_dollar_share'])}", highlight=False)
    if rep["top_organizations"]:
        t = columns(Table(title="Top organizations by donors' employer (itemized gifts)"),
                    ("organization", "amount", "gifts", "employer as written"), right=("amount", "gifts"))
        for o in rep["top_organizations"]:
            t.add_row(o["organization"], money(o["amount"]), str(o["gifts"]), "; ".join(o["employers"][:3]))
        console.print(t)
    notes(rep["notes"])
    if explain:
        for n in rep["networks"]:
            for f, label in FIGURE_LABELS.items():
                explain_rows(trail, f"{n['name']}: {label}", n[f"{f}_refs"])


@command
def network(
    name: Annotated[str, typer.Argument(help="Network key, name or alias: aipac, crypto, justice-democrats.")],
    cycle: CycleOpt = 2024,
    db: DbOpt = DB,
    registry: RegistryOpt = None,
    as_json: JsonOpt = False,
    all_refs: AllRefsOpt = False,
    as_csv: CsvOpt = False,
    explain: ExplainOpt = False,
    top: Annotated[int, typer.Option(help="Races and candidates to show.")] = 15,
) -> None:
    """What a network gave, forwarded and spent: by role, by race, by party. Example: moneytrail network aipac"""
    with reader(db) as trail:
        rep = trail.network(name, cycle, registry)
        emit(rep, as_json, as_csv, rows=rep["candidates"], all_refs=all_refs,
             table=lambda: render_network(trail, rep, explain, top))


def render_network(trail: Trail, rep: dict, explain: bool, top: int) -> None:
    banner(trail)
    console.print(f"[bold]{rep['name']}[/bold] ({rep['network']}), {rep['cycle']} cycle — {rep['description']}")
    amounts = ("direct", "earmarked", "IE for", "IE against", "webk receipts", "webk to committees", "webk IEs")
    t = columns(Table(title="Committees (rows: itpas2, itcont, IE notices; summary: webk as reported)"),
                ("committee", "roles", *amounts), right=amounts)
    for c in rep["committees"]:
        s = c["summary"] or {}
        t.add_row(f"{c['name']} ({c['cmte_id']})", ", ".join(c["roles"]), money(c["direct"]),
                  money(c["earmarked"]), money(c["ie_support"]), money(c["ie_oppose"]),
                  money(s.get("ttl_receipts")), money(s.get("contrib_to_other_cmte")), money(s.get("ind_exp")))
    console.print(t)
    parties = ", ".join(f"{v['candidates']} {p}" for p, v in rep["recipients_by_party"].items())
    console.print(f"Candidates who received direct or earmarked money: {parties or 'none'}")
    t = columns(Table(title="Top races"), ("race", "direct", "earmarked", "IE for", "IE against", "supported",
                                           "opposed"), right=("direct", "earmarked", "IE for", "IE against"))
    for r in rep["races"][:top]:
        t.add_row(r["race"], money(r["direct"]), money(r["earmarked"]), money(r["ie_support"]),
                  money(r["ie_oppose"]), ", ".join(r["supported"][:4]), ", ".join(r["opposed"][:4]))
    console.print(t)
    amounts = ("direct", "earmarked", "received", "IE for", "IE against")
    t = columns(Table(title="Candidates"), ("candidate", "party", "race", *amounts), right=amounts)
    for c in rep["candidates"][:top]:
        t.add_row(f"{c['name'] or '?'} ({c['cand_id']})", c["party"] or "", c["race"], money(c["direct"]),
                  money(c["earmarked"]), money(c["received_total"]), money(c["ie_support"]),
                  money(c["ie_oppose"]))
    if len(rep["candidates"]) > top:
        t.caption = f"first {top} of {len(rep['candidates'])}; --json for all"
    console.print(t)
    rec = rep["record"]
    t = columns(Table(title=f"Record in {rec['year']}: {rec['tally']}"),
                ("candidate", "race", "side", "result", "votes", "margin"), right=("votes", "margin"))
    for e in rec["candidates"][:top]:
        margin = f"{e['margin']['votes']:+,} ({e['margin']['points']:+.1f} pts)" if e["margin"] else ""
        t.add_row(e["name"] or e["cand_id"], e["race"] or "", ", ".join(e["sides"]),
                  e["result"] + (f" ({e['stage']})" if e["stage"] else ""),
                  f"{e['votes']:,}" if e["votes"] is not None else "", margin)
    if rec["candidates"]:
        console.print(t)
    else:
        console.print(f"Record in {rec['year']}: {rec['tally']}")
    notes(rep["notes"])
    if explain:
        for c in rep["candidates"][:top]:
            for f, label in FIGURE_LABELS.items():
                explain_rows(trail, f"{c['name']}: {label}", c[f"{f}_refs"])


app = typer.Typer(no_args_is_help=True, help="The network registry: list it, check its ids.")


@app.command("list")
@command
def networks_list(registry: RegistryOpt = None, as_json: JsonOpt = False) -> None:
    """Networks, their committees, roles and sources. Example: moneytrail networks list"""
    with opened(":memory:") as trail:
        rows = trail.networks_list(registry)

    def table() -> None:
        t = columns(Table(title="Network registry"), ("network", "committee", "roles", "verified", "source"),
                    overflow="fold")
        for n in rows:
            for c in n["committees"]:
                t.add_row(f"{n['name']} ({n['network']})", f"{c['name']} ({c['cmte_id']})", ", ".join(c["roles"]),
                          "yes" if c["verified"] else "no", c["source"])
        console.print(t)

    emit(rows, as_json, table=table)


STATUS_STYLE = {"ok": "green", "missing": "red", "name differs": "red", "not yet": "dim", "not a committee": "dim"}


@app.command("check")
@command
def networks_check(
    db: DbOpt = DB,
    registry: RegistryOpt = None,
    cycle: Annotated[list[int] | None, typer.Option("--cycle", help="Cycles to check (default: all loaded).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Every registry committee id against each loaded cycle's committee master; wrong ids show up here.

    Example: moneytrail networks check --db moneytrail.duckdb
    """
    with reader(db) as trail:
        rep = trail.networks_check(registry, cycle)
        if not as_json:
            banner(trail)

    def table() -> None:
        t = columns(Table(title="Registry ids against the committee master (cm) of each loaded cycle"),
                    ("network", "committee", "cycle", "status", "name in cm", "type"), overflow="fold")
        for r in rep["checks"]:
            t.add_row(r["network"], f"{r['registry_name']} ({r['cmte_id']})", str(r["cycle"]),
                      f"[{STATUS_STYLE[r['status']]}]{r['status']}[/]", r["cm_name"] or "", r["cm_type"] or "")
        console.print(t)
        console.print(f"{rep['flagged']} flagged (missing, or the id names another committee)")
        notes(rep["notes"])

    emit(rep, as_json, table=table)

