"""The ``moneytrail`` command: a thin layer over :class:`moneytrail.Trail`.

Every command takes ``--db``; every query command prints a rich table, or ``--json`` /
``--csv``; ``--explain`` lists the source rows behind each figure.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import duckdb
import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .errors import IngestError, MoneytrailError
from .model.figures import cell
from .sources import download
from .store.store import DEFAULT_DB
from .trail import Trail

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Follow the money in US federal elections: FEC data in, sourced answers out.",
)
console = Console()
err = Console(stderr=True)

DbOpt = Annotated[Path, typer.Option("--db", help="The DuckDB store file.")]
ENGINE = {"name": "duckdb", "parquet": None}


@app.callback()
def engine_options(
    engine: Annotated[str, typer.Option(help="duckdb (the store file) or spark (a Parquet export).")] = "duckdb",
    parquet: Annotated[Path | None, typer.Option(help="The Parquet export the spark engine reads.")] = None,
) -> None:
    """Follow the money in US federal elections: FEC data in, sourced answers out."""
    if engine not in ("duckdb", "spark"):
        raise typer.BadParameter("engine is duckdb or spark")
    if engine == "spark" and parquet is None:
        raise typer.BadParameter("--engine spark needs --parquet DIR (write one with: moneytrail export parquet DIR)")
    ENGINE.update(name=engine, parquet=parquet)


def _reader(db: Path) -> Trail:
    """The Trail a query command reads from: the DuckDB store, or Spark over a Parquet export."""
    if ENGINE["name"] == "spark":
        return Trail.on_spark(ENGINE["parquet"])
    return Trail(db, read_only=True)
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Print the main table as CSV.")]
ExplainOpt = Annotated[bool, typer.Option("--explain", help="Show the source rows behind each figure.")]
CycleOpt = Annotated[int, typer.Option("--cycle", help="Election cycle (even year).")]
RegistryOpt = Annotated[list[Path] | None, typer.Option(
    "--registry", help="A YAML file of your own networks (repeatable); added to the packaged registry.")]


_FOOT: list[str] = []


def money(v) -> str:
    """A figure or an amount in a table cell: "not loaded" or "(partial)", with the file to load or the
    dates covered printed once under the report (by :func:`_notes`); never $0 for what is not loaded."""
    return cell(v, _FOOT)


def _fail(exc: Exception) -> None:
    err.print(f"[red]error:[/red] {exc}", highlight=False)
    raise typer.Exit(1)


def _interrupted() -> None:
    """Ctrl-C during a load: one line, not a traceback (the file being loaded was rolled back)."""
    err.print("[yellow]interrupted:[/yellow] the file being loaded was rolled back; files finished before it "
              "stay loaded (see moneytrail loads)", highlight=False)
    raise typer.Exit(130)


def _print_json(data) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


def _print_csv(rows: list[dict]) -> None:
    if not rows:
        return
    flat = [{k: (json.dumps(v) if isinstance(v, list | dict) else v) for k, v in r.items()} for r in rows]
    w = csv.DictWriter(sys.stdout, fieldnames=list(flat[0]))
    w.writeheader()
    w.writerows(flat)


def _explain(trail: Trail, label: str, refs: list[str], limit: int = 20) -> None:
    if not refs:
        return
    console.print(f"[bold]{label}[/bold] — {len(refs)} row(s)" + (f", first {limit}" if len(refs) > limit else ""))
    found = trail.rows(refs[:limit])
    if not any(found.values()):
        console.print("  [yellow]no such row[/yellow] (the load may have been replaced; see moneytrail loads)")
        return
    for table, rows in found.items():
        if not rows:
            continue
        t = Table(show_header=True, header_style="dim", box=None)
        first = ["source_file", "line_no", "filing_id", "sub_id", "file_num", "tran_id", "image_num"]
        rest = [k for k in rows[0] if k not in first and k not in ("cycle", "load_id") and not k.endswith("_raw")]
        keys = ([k for k in first if k in rows[0]] + rest)[:16]
        for r in rows:
            r["source_file"] = Path(r["source_file"]).name
        for k in keys:
            t.add_column(k, overflow="fold")
        for r in rows:
            t.add_row(*[str(r[k]) if r[k] is not None else "" for k in keys])
        console.print(f"  [dim]{table}[/dim]")
        console.print(t)


def _banner(trail: Trail) -> None:
    if trail.synthetic:
        console.print("[bold yellow]SYNTHETIC DEMO DATA — invented names, ids and figures[/bold yellow]")


def _footnotes(notes: list[str]) -> None:
    """What a table's "not loaded" and "(partial)" cells mean: the file to load, the dates covered."""
    for n in notes:
        console.print(f"  [dim]{n}[/dim]", highlight=False)


def _notes(notes: list[str]) -> None:
    _footnotes(_FOOT)
    _FOOT.clear()
    for n in notes:
        console.print(f"[yellow]note:[/yellow] {n}")


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="FEC bulk files (.zip or .txt/.csv) or folders.")],
    kind: Annotated[str | None, typer.Option(help="File kind when the name does not say (e.g. itcont).")] = None,
    cycle: Annotated[int | None, typer.Option(help="Cycle when the name does not say.")] = None,
    replace: Annotated[bool, typer.Option(help="Swap the rows of an earlier version of the same file.")] = False,
    force: Annotated[bool, typer.Option(help="With --replace: swap even for a file whose coverage ends earlier "
                                        "than the loaded one's (its later rows are lost).")] = False,
    memory_limit: Annotated[str | None, typer.Option(help="Cap DuckDB's memory, e.g. 4GB (it spills).")] = None,
    db: DbOpt = Path(DEFAULT_DB),
    as_json: JsonOpt = False,
) -> None:
    """Load FEC bulk files into the store. Example: moneytrail ingest indiv24.zip weball24.zip

    Every file is tried; each one's outcome is listed, and the exit status is 1 if any failed."""
    try:
        with Trail(db, memory_limit=memory_limit) as trail, _progress() as progress:
            results = trail.ingest(paths, kind=kind, cycle=cycle, replace=replace, force=force,
                                   progress=_load_bars(progress))
    except IngestError as exc:
        _print_loads(exc.results, as_json)
        for r in exc.results:
            if r.status == "failed":
                err.print(f"[red]error:[/red] {r.message}", highlight=False)
        raise typer.Exit(1) from None
    except MoneytrailError as exc:
        _fail(exc)
    except (KeyboardInterrupt, duckdb.InterruptException):
        _interrupted()
    _print_loads(results, as_json)


@app.command()
def fetch(
    cycle: CycleOpt = 2024,
    files: Annotated[str | None, typer.Option(help="Comma-separated kinds, e.g. cn,cm,weball (default: all).")] = None,
    dest: Annotated[Path, typer.Option(help="Folder for the downloads (a subfolder per cycle).")] = Path("fec-bulk"),
    base: Annotated[str, typer.Option(help="Bulk-download base URL.")] = "https://www.fec.gov/files/bulk-downloads",
    force: Annotated[bool, typer.Option(help="Download again even when a complete file is there.")] = False,
    filing: Annotated[list[int] | None, typer.Option(
        "--filing", help="An electronic filing number to fetch instead of bulk files (repeatable).")] = None,
    filing_base: Annotated[str, typer.Option(help="Where .fec filings are served.")] = download.FEC_FILING_BASE,
    db: DbOpt = Path(DEFAULT_DB),
    as_json: JsonOpt = False,
) -> None:
    """Download a cycle's bulk files, or electronic filings, from the FEC (resuming, checked) and ingest them.

    Examples: moneytrail fetch --cycle 2024 --files cn,cm,ccl,weball,webk
              moneytrail fetch --filing 1238405 --filing 1238403
    """
    kinds = [k.strip() for k in files.split(",")] if files else None
    try:
        with Trail(db) as trail, _progress() as progress:
            tasks: dict[Path, int] = {}

            def on_download(path: Path, done: int, total: int | None) -> None:
                if path not in tasks:
                    tasks[path] = progress.add_task(f"download {path.name}", total=total, rows=0, rate=0.0)
                progress.update(tasks[path], completed=done, total=total)

            if filing:
                results = trail.fetch_filing(filing, dest=dest if dest != Path("fec-bulk") else Path("fec-filings"),
                                             base=filing_base, force=force, progress=on_download)
            else:
                results = trail.fetch(cycle, kinds, dest=dest, base=base, force=force, progress=on_download,
                                      ingest_progress=_load_bars(progress, "ingest "))
    except MoneytrailError as exc:
        _fail(exc)
    except (KeyboardInterrupt, duckdb.InterruptException):
        _interrupted()
    _print_loads(results, as_json)


def _print_loads(results, as_json: bool) -> None:
    if as_json:
        _print_json([r.to_dict() for r in results])
        return
    t = Table(title="Loads")
    nums = ("read", "loaded", "rejected", "warned", "already held", "rows/s")
    for col in ("load", "file", "kind", "cycle", "status", *nums):
        t.add_column(col, justify="right" if col in nums else "left")
    for r in results:
        rate = f"{r.rows_read / r.seconds:,.0f}" if r.seconds else ""
        t.add_row(str(r.load_id or ""), Path(r.path).name, r.kind, str(r.cycle or ""), r.status, f"{r.rows_read:,}",
                  f"{r.rows_loaded:,}", f"{r.rows_rejected:,}", f"{r.rows_warned:,}",
                  f"{r.rows_already_loaded:,}", rate)
    console.print(t)
    if any(r.rows_already_loaded for r in results):
        console.print("already held: rows (by SUB_ID) another loaded file of the same kind and cycle holds; "
                      "every figure counts them once")
    if any(r.rows_rejected or r.rows_warned for r in results):
        console.print("See why with: moneytrail rejects")


def _load_bars(progress: Progress, label: str = ""):
    """A progress callback for loads: one bar per file, with rows and rows/s."""
    tasks: dict[Path, tuple[int, float]] = {}

    def update(path: Path, done: int, total: int, rows: int) -> None:
        if path not in tasks:
            tasks[path] = (progress.add_task(label + path.name, total=total, rows=0, rate=0.0), time.monotonic())
        task, started = tasks[path]
        progress.update(task, completed=done, rows=rows, rate=rows / max(time.monotonic() - started, 1e-6))

    return update


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TextColumn("{task.fields[rows]:,} rows · {task.fields[rate]:,.0f} rows/s"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


@app.command()
def demo(
    db: Annotated[Path, typer.Option("--db", help="The demo store (kept apart from real data).")] = Path(
        "moneytrail-demo.duckdb"
    ),
    out_dir: Annotated[Path, typer.Option("--dir", "--out", help="Where the synthetic FEC files are written.")] = Path(
        "demo-data"
    ),
    seed: int = 7,
    key: Annotated[str, typer.Option("--race", help="The race to report on.")] = "CA-34",
    cycle: CycleOpt = 2024,
    rows: Annotated[int | None, typer.Option(
        "--rows", min=1_000, help="Scale the cycle: exactly N contributions (itcont rows) loaded; default ~30,000.",
    )] = None,
) -> None:
    """Generate a synthetic FEC cycle (invented names and ids), ingest it, and print a race report."""
    try:
        with Trail(db) as trail:
            with _progress() as progress:
                results = trail.load_demo(out_dir, cycle=cycle, seed=seed, progress=_load_bars(progress), rows=rows)
            _print_loads(results, False)
            console.print()
            _render_race(trail, trail.race(key, cycle), explain=False)
            console.print(f"\nStore: {db}. Try: moneytrail race {key} --cycle {cycle} --db {db} --explain")
            console.print(f"The synthetic network: moneytrail network seaglass --cycle {cycle} --db {db}")
    except MoneytrailError as exc:
        _fail(exc)


@app.command()
def race(
    key: Annotated[str, typer.Argument(help="Race: CA-34, CA-SEN or PRES.")],
    cycle: CycleOpt = 2024,
    db: DbOpt = Path(DEFAULT_DB),
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
    explain: ExplainOpt = False,
) -> None:
    """Candidates in a race with their money and the outside spending. Example: moneytrail race CA-34 --cycle 2024"""
    try:
        with _reader(db) as trail:
            rep = trail.race(key, cycle)
            if as_json:
                return _print_json(rep)
            if as_csv:
                return _print_csv([{k: v for k, v in c.items() if k != "committees"} for c in rep["candidates"]])
            _render_race(trail, rep, explain)
    except MoneytrailError as exc:
        _fail(exc)


def _render_race(trail: Trail, rep: dict, explain: bool) -> None:
    _banner(trail)
    console.print(f"[bold]{rep['title']} ({rep['race']}), {rep['cycle']} cycle[/bold]")
    t = Table(title="Candidates (summary reports as filed)")
    for col in ("candidate", "id", "party", "I/C/O", "receipts", "individuals", "PACs", "disbursed",
                "cash on hand", "outside for", "outside against"):
        t.add_column(col, justify="right" if col not in ("candidate", "id", "party", "I/C/O") else "left")
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
    _footnotes(foot)
    for c in rep["candidates"]:
        for n in c["notes"]:
            console.print(f"[yellow]note:[/yellow] {c['name']} ({c['cand_id']}): {n}")
        ic = c.get("itemized_coverage")
        if ic and (Decimal(ic["reported"]["amount"] or 0) or Decimal(ic["itemized"]["amount"] or 0)):
            console.print(f"{c['name']} ({c['cand_id']}): {ic['text']}")
    names = {c["cand_id"]: c["name"] for c in rep["candidates"]}
    if rep["independent_expenditures"]:
        t = Table(title="Independent expenditures by spender, each counted once (notices, periodic reports, "
                        "amendments and the IE file de-duplicated)")
        for col in ("candidate", "spender", "for/against", "reported so far", "periodic only", "notices",
                    "superseded", "dates"):
            t.add_column(col, justify="right" if col in ("reported so far", "periodic only", "notices", "superseded")
                         else "left")
        for r in rep["independent_expenditures"]:
            t.add_row(names.get(r["cand_id"], r["cand_id"]), f"{r['spender_name']} ({r['spe_id']})",
                      r["support_oppose"], money(r["amount"]), money(r["periodic_amount"]), str(r["notices"]),
                      str(r["superseded"]), f"{r['first_date']} – {r['last_date']}")
        console.print(t)
    if rep["committee_money"]:
        t = Table(title="Committee money to candidates (itpas2, by giver)" + _coverage_title(rep["candidates"]))
        for col in ("candidate", "giver", "category", "amount", "rows", "note"):
            t.add_column(col, justify="right" if col in ("amount", "rows") else "left")
        for r in rep["committee_money"][:60]:
            t.add_row(names.get(r["to_cand_id"], r["to_cand_id"]), f"{r['giver_name'] or '?'} ({r['cmte_id']})",
                      r["category"], money(r["amount"]), str(r["rows"]), "; ".join(r["quirks"] or []))
        if len(rep["committee_money"]) > 60:
            t.caption = f"first 60 of {len(rep['committee_money'])}; --json for all"
        console.print(t)
    if rep.get("results"):
        console.print("[bold]Results[/bold]")
        _render_contests(rep["results"], with_money=True)
    _notes(rep["notes"])
    if explain:
        for c in rep["candidates"]:
            _explain(trail, f"{c['name']}: summary row", [c["summary_ref"]] if c["summary_ref"] else [])
        for r in rep["independent_expenditures"]:
            _explain(trail, f"{r['spender_name']} {r['support_oppose']} {names.get(r['cand_id'])}", r["row_refs"])
        for r in rep["committee_money"]:
            _explain(trail, f"{r['giver_name']} → {names.get(r['to_cand_id'])} ({r['category']})", r["row_refs"])


def _coverage_title(cands: list[dict]) -> str:
    """", partial: through 2023-04-12" when the loaded itpas2 stops short of the cycle."""
    for c in cands:
        fig = c.get("committee_money", {}).get("contribution")
        if fig and fig["status"] == "partial":
            return f" — partial: loaded rows run through {fig['coverage']['through']}"
    return ""


def _render_contests(contests: list[dict], with_money: bool = False) -> None:
    for c in contests:
        title = f"{c['year']} {c['stage']}{' (special)' if c['special'] else ''} — {c['source_kind']}"
        if c["total_votes"]:
            title += f", {c['total_votes']:,} votes"
        t = Table(title=title, caption=c["rule_text"])
        cols = ["candidate", "party", "votes", "share", "result", "FEC id", "match"]
        if with_money:
            cols += ["receipts", "outside for", "outside against", "$ per vote"]
        for col in cols:
            t.add_column(col, justify="right" if col in ("votes", "share", "receipts", "$ per vote") else "left")
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
        _footnotes(foot)
        if c["margin"]:
            console.print(f"  margin: {c['margin']['votes']:,} votes, {c['margin']['points']:.2f} points")
        for note in c["notes"] + ([c["district_note"]] if c["district_note"] else []):
            console.print(f"  [yellow]note:[/yellow] {note}")


@app.command()
def results(
    key: Annotated[str, typer.Argument(help="Race: CA-34, CA-SEN.")],
    year: Annotated[int, typer.Option("--year", help="Election year.")] = 2024,
    db: DbOpt = Path(DEFAULT_DB),
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Election results of a race, stage by stage. Example: moneytrail results CA-34 --year 2022"""
    try:
        with _reader(db) as trail:
            rep = trail.results(key, year)
    except MoneytrailError as exc:
        _fail(exc)
    if as_json:
        return _print_json(rep)
    if as_csv:
        return _print_csv([{"stage": c["stage"], **{k: v for k, v in r.items() if k != "row_refs"}}
                           for c in rep["contests"] for r in c["candidates"]])
    console.print(f"[bold]{rep['title']} ({rep['race']}), {rep['year']}[/bold]")
    _render_contests(rep["contests"])


@app.command()
def candidate(
    cand_id: Annotated[str, typer.Argument(help="FEC candidate id, e.g. H8CA34266.")],
    cycle: CycleOpt = 2024,
    db: DbOpt = Path(DEFAULT_DB),
    as_json: JsonOpt = False,
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
    try:
        with _reader(db) as trail:
            if career:
                rep = trail.career(cand_id)
                if as_json:
                    return _print_json(rep)
                return _render_career(trail, rep, explain)
            if networks:
                rep = trail.candidate_networks(cand_id, cycle, registry)
                if as_json:
                    return _print_json(rep)
                return _render_candidate_networks(trail, rep, explain)
            rep = trail.candidate(cand_id, cycle)
            if as_json:
                return _print_json(rep)
            if as_csv:
                return _print_csv(rep["committee_money"])
            _banner(trail)
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
            from .model.candidates import SUMMARY_FIGURES

            foot: list[str] = []
            for f, label in SUMMARY_FIGURES:
                t.add_row(label, cell(rep["summary"].get(f), foot))
            console.print(t)
            _footnotes(foot)
            if rep["itemized_coverage"]:
                console.print(rep["itemized_coverage"]["text"])
            t = Table(title="Committee money (itpas2)" + _coverage_title([rep | {
                "committee_money": rep["committee_money_totals"]}]))
            for col in ("giver", "category", "amount", "rows", "note"):
                t.add_column(col, justify="right" if col in ("amount", "rows") else "left")
            for r in rep["committee_money"]:
                t.add_row(f"{r['giver_name'] or '?'} ({r['cmte_id']})", r["category"], money(r["amount"]),
                          str(r["rows"]), "; ".join(r["quirks"] or []))
            console.print(t)
            t = Table(title="Outside spending (24/48-hour notices)")
            for col in ("spender", "for/against", "amount", "notices"):
                t.add_column(col)
            for r in rep["independent_expenditures"]:
                t.add_row(f"{r['spender_name']} ({r['spe_id']})", r["support_oppose"], money(r["amount"]),
                          str(r["notices"]))
            foot = []
            t.caption = (f"total for: {cell(rep['outside']['support'], foot)}; "
                         f"against: {cell(rep['outside']['oppose'], foot)}")
            console.print(t)
            _footnotes(foot)
            _notes(rep["notes"])
            if explain:
                if rep["summary_source"]:
                    _explain(trail, "summary row", [rep["summary_source"]["row_ref"]])
                for r in rep["committee_money"]:
                    _explain(trail, f"{r['giver_name']} ({r['category']})", r["row_refs"])
                for r in rep["independent_expenditures"]:
                    _explain(trail, f"{r['spender_name']} ({r['support_oppose']})", r["row_refs"])
    except MoneytrailError as exc:
        _fail(exc)


def _render_career(trail: Trail, rep: dict, explain: bool) -> None:
    _banner(trail)
    console.print(f"[bold]{rep['name']}[/bold] ({rep['state']}): " + ", ".join(
        f"{i['cand_id']} ({', '.join(i['races'])})" for i in rep["ids"]))
    t = Table(title="Career: one row per loaded cycle (receipts from the summary files, counted once)")
    for col in ("cycle", "id", "race", "party", "receipts", "disbursed", "cash on hand", "results"):
        t.add_column(col, justify="right" if col in ("receipts", "disbursed", "cash on hand") else "left")
    foot: list[str] = []
    for r in rep["cycles"]:
        res = "; ".join(f"{x['year']} {x['stage']}: {x['votes']:,} votes" + (f" ({x['share']:.2f}%)" if x["share"]
                        else "") + (f", {x['result']}" if x["result"] else "")
                        for x in r["results"] if x["votes"] is not None) or "no results loaded"
        t.add_row(str(r["cycle"]), r["cand_id"], r["race"] or "", r["party"] or "", cell(r["receipts"], foot),
                  cell(r["disbursements"], foot), cell(r["cash_on_hand"], foot), res)
    console.print(t)
    _footnotes(foot)
    for link in rep["links"]:
        console.print(f"  [dim]{link['a']} = {link['b']}: {link['reason']}[/dim]", highlight=False)
    _notes(rep["notes"])
    if explain:
        for r in rep["cycles"]:
            _explain(trail, f"{r['cycle']} receipts", r["receipts"].get("row_refs", []))


FIGURE_LABELS = {"direct": "direct", "earmarked": "earmarked", "ie_support": "IE for", "ie_oppose": "IE against"}


def _render_candidate_networks(trail: Trail, rep: dict, explain: bool) -> None:
    _banner(trail)
    console.print(f"[bold]{rep['cand_id']}[/bold], {rep['cycle']} cycle: money from or through networks")
    t = Table(title="By network (direct + earmarked = received; IEs are spending about the candidate, not added)")
    for col in ("network", "direct", "earmarked", "received", "IE for", "IE against"):
        t.add_column(col, justify="left" if col == "network" else "right")
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
        t = Table(title="Top organizations by donors' employer (itemized gifts)")
        for col in ("organization", "amount", "gifts", "employer as written"):
            t.add_column(col, justify="right" if col in ("amount", "gifts") else "left")
        for o in rep["top_organizations"]:
            t.add_row(o["organization"], money(o["amount"]), str(o["gifts"]), "; ".join(o["employers"][:3]))
        console.print(t)
    _notes(rep["notes"])
    if explain:
        for n in rep["networks"]:
            for f, label in FIGURE_LABELS.items():
                _explain(trail, f"{n['name']}: {label}", n[f"{f}_refs"])


@app.command()
def network(
    name: Annotated[str, typer.Argument(help="Network key, name or alias: aipac, crypto, justice-democrats.")],
    cycle: CycleOpt = 2024,
    db: DbOpt = Path(DEFAULT_DB),
    registry: RegistryOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
    explain: ExplainOpt = False,
    top: Annotated[int, typer.Option(help="Races and candidates to show.")] = 15,
) -> None:
    """What a network gave, forwarded and spent: by role, by race, by party. Example: moneytrail network aipac"""
    try:
        with _reader(db) as trail:
            rep = trail.network(name, cycle, registry)
            if as_json:
                return _print_json(rep)
            if as_csv:
                return _print_csv([{k: v for k, v in c.items() if not k.endswith("_refs") and k != "by_committee"}
                                   for c in rep["candidates"]])
            _banner(trail)
            console.print(f"[bold]{rep['name']}[/bold] ({rep['network']}), {rep['cycle']} cycle — {rep['description']}")
            t = Table(title="Committees (rows: itpas2, itcont, IE notices; summary: webk as reported)")
            for col in ("committee", "roles", "direct", "earmarked", "IE for", "IE against", "webk receipts",
                        "webk to committees", "webk IEs"):
                t.add_column(col, justify="left" if col in ("committee", "roles") else "right")
            for c in rep["committees"]:
                s = c["summary"] or {}
                t.add_row(f"{c['name']} ({c['cmte_id']})", ", ".join(c["roles"]), money(c["direct"]),
                          money(c["earmarked"]), money(c["ie_support"]), money(c["ie_oppose"]),
                          money(s.get("ttl_receipts")), money(s.get("contrib_to_other_cmte")), money(s.get("ind_exp")))
            console.print(t)
            parties = ", ".join(f"{v['candidates']} {p}" for p, v in rep["recipients_by_party"].items())
            console.print(f"Candidates who received direct or earmarked money: {parties or 'none'}")
            t = Table(title="Top races")
            for col in ("race", "direct", "earmarked", "IE for", "IE against", "supported", "opposed"):
                t.add_column(col, justify="left" if col in ("race", "supported", "opposed") else "right")
            for r in rep["races"][:top]:
                t.add_row(r["race"], money(r["direct"]), money(r["earmarked"]), money(r["ie_support"]),
                          money(r["ie_oppose"]), ", ".join(r["supported"][:4]), ", ".join(r["opposed"][:4]))
            console.print(t)
            t = Table(title="Candidates")
            for col in ("candidate", "party", "race", "direct", "earmarked", "received", "IE for", "IE against"):
                t.add_column(col, justify="left" if col in ("candidate", "party", "race") else "right")
            for c in rep["candidates"][:top]:
                t.add_row(f"{c['name'] or '?'} ({c['cand_id']})", c["party"] or "", c["race"], money(c["direct"]),
                          money(c["earmarked"]), money(c["received_total"]), money(c["ie_support"]),
                          money(c["ie_oppose"]))
            if len(rep["candidates"]) > top:
                t.caption = f"first {top} of {len(rep['candidates'])}; --json for all"
            console.print(t)
            rec = rep["record"]
            t = Table(title=f"Record in {rec['year']}: {rec['tally']}")
            for col in ("candidate", "race", "side", "result", "votes", "margin"):
                t.add_column(col, justify="right" if col in ("votes", "margin") else "left")
            for e in rec["candidates"][:top]:
                margin = f"{e['margin']['votes']:+,} ({e['margin']['points']:+.1f} pts)" if e["margin"] else ""
                t.add_row(e["name"] or e["cand_id"], e["race"] or "", ", ".join(e["sides"]),
                          e["result"] + (f" ({e['stage']})" if e["stage"] else ""),
                          f"{e['votes']:,}" if e["votes"] is not None else "", margin)
            if rec["candidates"]:
                console.print(t)
            else:
                console.print(f"Record in {rec['year']}: {rec['tally']}")
            _notes(rep["notes"])
            if explain:
                for c in rep["candidates"][:top]:
                    for f, label in FIGURE_LABELS.items():
                        _explain(trail, f"{c['name']}: {label}", c[f"{f}_refs"])
    except MoneytrailError as exc:
        _fail(exc)


networks_app = typer.Typer(no_args_is_help=True, help="The network registry: list it, check its ids.")
app.add_typer(networks_app, name="networks")


@networks_app.command("list")
def networks_list(registry: RegistryOpt = None, as_json: JsonOpt = False) -> None:
    """Networks, their committees, roles and sources. Example: moneytrail networks list"""
    try:
        with Trail(":memory:") as trail:
            rows = trail.networks_list(registry)
    except MoneytrailError as exc:
        _fail(exc)
    if as_json:
        return _print_json(rows)
    t = Table(title="Network registry")
    for col in ("network", "committee", "roles", "verified", "source"):
        t.add_column(col, overflow="fold")
    for n in rows:
        for c in n["committees"]:
            t.add_row(f"{n['name']} ({n['network']})", f"{c['name']} ({c['cmte_id']})", ", ".join(c["roles"]),
                      "yes" if c["verified"] else "no", c["source"])
    console.print(t)


@networks_app.command("check")
def networks_check(
    db: DbOpt = Path(DEFAULT_DB),
    registry: RegistryOpt = None,
    cycle: Annotated[list[int] | None, typer.Option("--cycle", help="Cycles to check (default: all loaded).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Every registry committee id against each loaded cycle's committee master; wrong ids show up here.

    Example: moneytrail networks check --db moneytrail.duckdb
    """
    try:
        with _reader(db) as trail:
            rep = trail.networks_check(registry, cycle)
            if as_json:
                return _print_json(rep)
            _banner(trail)
    except MoneytrailError as exc:
        _fail(exc)
    t = Table(title="Registry ids against the committee master (cm) of each loaded cycle")
    for col in ("network", "committee", "cycle", "status", "name in cm", "type"):
        t.add_column(col, overflow="fold")
    style = {"ok": "green", "missing": "red", "name differs": "red", "not yet": "dim", "not a committee": "dim"}
    for r in rep["checks"]:
        t.add_row(r["network"], f"{r['registry_name']} ({r['cmte_id']})", str(r["cycle"]),
                  f"[{style[r['status']]}]{r['status']}[/]", r["cm_name"] or "", r["cm_type"] or "")
    console.print(t)
    console.print(f"{rep['flagged']} flagged (missing, or the id names another committee)")
    _notes(rep["notes"])


@app.command()
def filing(
    filing_id: Annotated[str, typer.Argument(help="FEC filing number, e.g. 1238405 or FEC-1238405.")],
    db: DbOpt = Path(DEFAULT_DB),
    as_json: JsonOpt = False,
    explain: ExplainOpt = False,
) -> None:
    """One electronic filing: its cover, its amendment chain and its schedules (rows and totals)."""
    try:
        number = int(filing_id.upper().removeprefix("FEC-"))
    except ValueError:
        _fail(MoneytrailError(f"{filing_id!r} is not a filing number"))
    try:
        with _reader(db) as trail:
            rep = trail.filing(number)
            if as_json:
                return _print_json(rep)
            _banner(trail)
            f = rep["filing"]
            current = rep["current_filing_id"]
            status = "current" if current == number else f"superseded by FEC-{current}"
            console.print(f"[bold]FEC-{number}[/bold] {f['form_type']} by {f['filer_name'] or '?'} ({f['filer_id']}), "
                          f"version {f['version']}, {status}")
            period = (f"{f['coverage_from']} to {f['coverage_through']}" if f["coverage_through"] else "no period")
            console.print(f"report {f['report_code'] or f['report_type'] or '-'}, {period}, signed {f['date_signed']}, "
                          f"cycle {f['cycle']}")
            console.print("the FEC's copy: " + " · ".join(rep["links"].values()))
            figures = [(k, f[k]) for k in ("receipts", "disbursements", "cash_on_hand_close", "indiv_itemized",
                                            "indiv_unitemized", "independent_expenditures") if f.get(k) is not None]
            if figures:
                t = Table(title="Cover figures (this period)")
                t.add_column("figure")
                t.add_column("amount", justify="right")
                for k, v in figures:
                    t.add_row(k.replace("_", " "), money(v))
                console.print(t)
            t = Table(title="Amendment chain (the latest filing of a report counts)")
            for col in ("filing", "form", "amends", "no.", "signed", "counts"):
                t.add_column(col)
            for c in rep["chain"]:
                t.add_row(f"FEC-{c['filing_id']}", c["form_type"] or "", str(c["amends_filing_id"] or ""),
                          str(c["amendment_number"] or ""), str(c["date_signed"] or ""),
                          "yes" if c["current"] else "no")
            console.print(t)
            t = Table(title="Schedules")
            for col in ("schedule", "rows", "amount", "memo rows", "what"):
                t.add_column(col, justify="right" if col in ("rows", "amount", "memo rows") else "left")
            for r in rep["schedules"]:
                t.add_row(r["schedule"], f"{r['rows']:,}", money(r.get("amount")), str(r.get("memo_rows") or ""),
                          r["description"])
            console.print(t)
            if explain:
                for r in rep["schedules"]:
                    _explain(trail, f"{r['schedule']} rows", r["row_refs"])
    except MoneytrailError as exc:
        _fail(exc)


@app.command()
def committee(
    cmte_id: Annotated[str, typer.Argument(help="FEC committee id, e.g. C00799031.")],
    cycle: CycleOpt = 2024,
    db: DbOpt = Path(DEFAULT_DB),
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
    explain: ExplainOpt = False,
) -> None:
    """One committee: its summary (webk), what it gave to candidates and its independent expenditures."""
    try:
        with _reader(db) as trail:
            rep = trail.committee(cmte_id, cycle)
            if as_json:
                return _print_json(rep)
            if as_csv:
                return _print_csv(rep["given_to_candidates"])
            _banner(trail)
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
            t = Table(title="Given to or spent on candidates (itpas2)")
            for col in ("candidate", "recipient", "category", "amount", "rows"):
                t.add_column(col)
            for r in rep["given_to_candidates"][:60]:
                t.add_row(r["cand_id"] or "", f"{r['recipient_name']} ({r['other_id']})", r["category"],
                          money(r["amount"]), str(r["rows"]))
            console.print(t)
            if rep["independent_expenditures"]:
                t = Table(title="Independent expenditures (24/48-hour notices)")
                for col in ("candidate", "for/against", "amount", "notices"):
                    t.add_column(col)
                for r in rep["independent_expenditures"]:
                    t.add_row(f"{r['candidate_name']} ({r['cand_id']})", r["support_oppose"], money(r["amount"]),
                              str(r["notices"]))
                console.print(t)
            _notes(rep["notes"])
            if explain:
                _explain(trail, "summary row", [rep["summary_ref"]] if rep["summary_ref"] else [])
                for r in rep["given_to_candidates"]:
                    _explain(trail, f"to {r['recipient_name']} ({r['category']})", r["row_refs"])
    except MoneytrailError as exc:
        _fail(exc)


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="A name or id, e.g. gomez or C00799031.")],
    limit: int = 20,
    db: DbOpt = Path(DEFAULT_DB),
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Find candidates and committees by name or id. Example: moneytrail search gomez"""
    try:
        with Trail(db, read_only=True) as trail:
            hits = trail.search(text, limit=limit)
    except MoneytrailError as exc:
        _fail(exc)
    if as_json:
        return _print_json(hits)
    if as_csv:
        return _print_csv(hits)
    t = Table(title=f"Search: {text}")
    for col in ("type", "id", "name", "where / type", "party", "cycles"):
        t.add_column(col)
    for h in hits:
        t.add_row(h["type"], h["id"], h["name"] or "", h["detail"] or "", h["party"] or "",
                  ", ".join(map(str, h["cycles"])))
    console.print(t)


@app.command()
def rejects(
    load: Annotated[int | None, typer.Option("--load", help="Only this load id.")] = None,
    action: Annotated[str | None, typer.Option(help="rejected or kept.")] = None,
    limit: int = 100,
    db: DbOpt = Path(DEFAULT_DB),
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Lines that were not loaded (or loaded with a repair), and why."""
    try:
        with Trail(db, read_only=True) as trail:
            rows = trail.rejects(load_id=load, limit=limit, action=action)
    except MoneytrailError as exc:
        _fail(exc)
    if as_json:
        return _print_json(rows)
    if as_csv:
        return _print_csv(rows)
    t = Table(title="Rejects and warnings")
    for col in ("load", "file", "line", "action", "reason", "raw line / value"):
        t.add_column(col, overflow="fold")
    for r in rows:
        t.add_row(str(r["load_id"]), Path(r["file"]).name, str(r["line_no"]), r["action"], r["reason"],
                  (r["raw_line"] or r["value"] or "")[:200])
    console.print(t)


@app.command()
def serve(
    db: Annotated[Path | None, typer.Option("--db", help="The store to serve (default: the demo store).")] = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    allow_sql: Annotated[bool, typer.Option(
        help="Allow read-only SQL at /sql, in a sandbox (one SELECT, time, memory and size limits).")] = False,
    budget: Annotated[float, typer.Option(
        min=0.1, help="Seconds of work one request may take; past it the request is stopped with a 503.")] = 60.0,
    sql_seconds: Annotated[float, typer.Option(min=0.1, help="Time limit of one --allow-sql query.")] = 5.0,
) -> None:
    """Serve the web app and JSON API over a store (read-only). Example: moneytrail serve --db moneytrail.duckdb"""
    from .web.app import create_app
    from .web.app import serve as run_server

    try:
        if db is None:
            db = Path("moneytrail-demo.duckdb")
            with Trail(db) as trail:
                if not trail.synthetic:
                    if trail.loads():
                        raise MoneytrailError(f"{db} holds real data; pass --db to serve it")
                    trail.load_demo()
        app_ = create_app(db, allow_sql=allow_sql, budget_seconds=budget, sql_seconds=sql_seconds)
    except MoneytrailError as exc:
        _fail(exc)
    console.print(f"Serving {db} at http://{host}:{port}/ (Ctrl-C to stop)")
    run_server(app_, host, port)


@app.command()
def donor(
    name: Annotated[str, typer.Argument(help='The donor as the FEC writes names, e.g. "SMITH, JOHN".')],
    state: Annotated[str | None, typer.Option(help="Only donors with a record in this state.")] = None,
    db: DbOpt = Path(DEFAULT_DB),
    as_json: JsonOpt = False,
    limit: Annotated[int, typer.Option(help="Contributions shown per donor.")] = 50,
) -> None:
    """A resolved donor's contributions across committees, the name variants merged, and why.

    Example: moneytrail donor "SMITH, JOHN" --state CA
    """
    try:
        with Trail(db, read_only=True) as trail:
            rep = trail.donor(name, state, limit=limit)
    except MoneytrailError as exc:
        _fail(exc)
    if as_json:
        return _print_json(rep)
    for d in rep["donors"]:
        console.print(f"[bold]donor {d['donor_id']}[/bold]: {money(d.get('amount'))} in {d.get('gifts', 0)} gifts "
                      f"to {d.get('committees', 0)} committees", highlight=False)
        console.print("  written as: " + "; ".join(sorted(d.get("names") or [])), highlight=False)
        console.print("  employers: " + "; ".join(sorted(e for e in d.get("employers") or [] if e)), highlight=False)
        t = Table(title=f"Contributions of donor {d['donor_id']}")
        for col in ("date", "committee", "amount", "name", "place", "employer", "row"):
            t.add_column(col, justify="right" if col == "amount" else "left")
        for g in d["contributions"]:
            t.add_row(str(g["transaction_dt"]), g["cmte_id"], money(g["transaction_amt"]) + (
                " (memo)" if (g["memo_cd"] or "").upper() == "X" else ""), g["name"],
                f"{g['city']} {g['state']} {g['zip_code'] or ''}", g["employer"] or "", g["row_ref"])
        console.print(t)
        if d["why_merged"]:
            t = Table(title="Why these records are one donor (match weight per field; + agrees, - disagrees)")
            for col in ("record", "record", "probability", "fields"):
                t.add_column(col)
            for w in d["why_merged"]:
                t.add_row(w["name_l"], w["name_r"], f"{w['match_probability']:.3f}", w["agreements"])
            console.print(t)


donors_app = typer.Typer(help="Donor resolution: resolve, top donors, overlap.", no_args_is_help=True)
app.add_typer(donors_app, name="donors")


@donors_app.command("resolve")
def donors_resolve(
    cycle: Annotated[int | None, typer.Option(help="Only this cycle (default: every loaded cycle).")] = None,
    retrain: Annotated[bool, typer.Option(help="Train the model again instead of reusing the saved one.")] = False,
    memory_limit: Annotated[str | None, typer.Option(help="Cap DuckDB's memory (store and splink), e.g. 3GB.")] = None,
    db: DbOpt = Path(DEFAULT_DB),
    as_json: JsonOpt = False,
) -> None:
    """Resolve individual contributions into donors; new rows join existing donors, ids stay.

    Example: moneytrail donors resolve --db moneytrail.duckdb --memory-limit 3GB
    """
    try:
        with Trail(db, memory_limit=memory_limit) as trail:
            out = trail.resolve_donors(cycle=cycle, retrain=retrain)
    except MoneytrailError as exc:
        _fail(exc)
    if as_json:
        return _print_json(out)
    console.print(", ".join(f"{k} {v}" for k, v in out.items()), highlight=False)


def _split(ids: str | None) -> list[str] | None:
    return [x for x in (ids or "").replace(" ", ",").split(",") if x] or None


@donors_app.command("top")
def donors_top(
    cycle: CycleOpt = 2024,
    candidate: Annotated[str | None, typer.Option(help="A candidate id.")] = None,
    race: Annotated[str | None, typer.Option(help="A race, e.g. CA-34.")] = None,
    committees: Annotated[str | None, typer.Option(help="Committee ids, comma-separated (a network).")] = None,
    limit: int = 10,
    db: DbOpt = Path(DEFAULT_DB),
    as_json: JsonOpt = False,
) -> None:
    """Top resolved donors and organizations for a candidate, race or committee set.

    Example: moneytrail donors top --race CA-34 --cycle 2024
    """
    if not (candidate or race or committees):
        _fail(MoneytrailError("name a --candidate, a --race or --committees"))
    try:
        with Trail(db, read_only=True) as trail:
            rep = trail.top_donors(cycle, cand_id=candidate, race=race, committees=_split(committees), limit=limit)
    except MoneytrailError as exc:
        _fail(exc)
    if as_json:
        return _print_json(rep)
    _render_top(rep)


def _render_top(rep: dict) -> None:
    t = Table(title="Top donors (resolved)")
    for col in ("donor", "written as", "amount", "gifts"):
        t.add_column(col, justify="right" if col in ("amount", "gifts") else "left")
    for d in rep["donors"]:
        t.add_row(str(d["donor_id"]), "; ".join(sorted(d["names"])[:3]), money(d["amount"]), str(d["gifts"]))
    console.print(t)
    t = Table(title="Top organizations (donors' employers)")
    for col in ("organization", "amount", "donors", "written as"):
        t.add_column(col, justify="right" if col in ("amount", "donors") else "left")
    for o in rep["organizations"]:
        variants = "; ".join(sorted(o["employer_variants"])[:3])
        t.add_row(o["organization"], money(o["amount"]), str(o["donors"]), variants)
    console.print(t)
    _notes(rep.get("notes") or [])


@donors_app.command("overlap")
def donors_overlap(
    a: Annotated[str, typer.Option("--a", help="First committee set, comma-separated ids.")],
    b: Annotated[str, typer.Option("--b", help="Second committee set, comma-separated ids.")],
    cycle: Annotated[int | None, typer.Option(help="Only this cycle.")] = None,
    limit: int = 20,
    db: DbOpt = Path(DEFAULT_DB),
    as_json: JsonOpt = False,
) -> None:
    """Resolved donors who gave to both committee sets, and how much to each.

    Example: moneytrail donors overlap --a C00797670 --b C00799031 --cycle 2024
    """
    try:
        with Trail(db, read_only=True) as trail:
            rep = trail.donor_overlap(_split(a) or [], _split(b) or [], cycle, limit=limit)
    except MoneytrailError as exc:
        _fail(exc)
    if as_json:
        return _print_json(rep)
    console.print(f"{rep['donors'] or 0} donors gave to both: {money(rep['to_a'])} to A, {money(rep['to_b'])} to B",
                  highlight=False)
    t = Table(title="Donors giving to both")
    for col in ("donor", "name", "state", "to A", "to B"):
        t.add_column(col)
    for d in rep["top"]:
        t.add_row(str(d["donor_id"]), d["name"], d["state"] or "", money(d["to_a"]), money(d["to_b"]))
    console.print(t)


export_app = typer.Typer(help="Export the store.", no_args_is_help=True)
app.add_typer(export_app, name="export")


@export_app.command("parquet")
def export_parquet(
    out: Annotated[Path, typer.Argument(help="A new folder for the Parquet files.")],
    db: DbOpt = Path(DEFAULT_DB),
) -> None:
    """Every table as Parquet, partitioned by cycle; `moneytrail ingest OUT` reads it back."""
    try:
        with Trail(db, read_only=True) as trail:
            manifest = trail.export_parquet(out)
    except MoneytrailError as exc:
        _fail(exc)
    console.print(f"{out}: {sum(manifest['tables'].values()):,} rows in {len(manifest['tables'])} tables")


@export_app.command("ftm")
def export_ftm(
    out: Annotated[Path, typer.Argument(help="The JSON-lines file to write.")],
    cycle: Annotated[int | None, typer.Option(help="Only this cycle.")] = None,
    individuals: Annotated[bool, typer.Option(help="Also each itcont row and its contributor (as written).")] = False,
    db: DbOpt = Path(DEFAULT_DB),
) -> None:
    """Candidates, committees, their links and the money between them as FollowTheMoney entities."""
    from .export import ftm

    try:
        with Trail(db, read_only=True) as trail:
            counts = ftm.export(trail.store, out, cycle, individuals)
    except MoneytrailError as exc:
        _fail(exc)
    console.print(f"{out}: " + ", ".join(f"{n:,} {schema}" for schema, n in sorted(counts.items())))


@app.command()
def migrate(db: DbOpt = Path(DEFAULT_DB)) -> None:
    """Bring a store made by an older moneytrail up to the current schema."""
    try:
        with Trail(db) as trail:
            console.print(f"{db}: schema version {trail.store.schema_version}")
    except MoneytrailError as exc:
        _fail(exc)


@app.command()
def loads(db: DbOpt = Path(DEFAULT_DB), as_json: JsonOpt = False, as_csv: CsvOpt = False) -> None:
    """The load ledger: every file loaded, with its row accounting."""
    try:
        with Trail(db, read_only=True) as trail:
            rows = trail.loads()
    except MoneytrailError as exc:
        _fail(exc)
    if as_json:
        return _print_json(rows)
    if as_csv:
        return _print_csv(rows)
    t = Table(title="Loads")
    for col in ("load", "kind", "cycle", "file", "read", "loaded", "rejected", "warned", "status"):
        t.add_column(col)
    for r in rows:
        t.add_row(str(r["load_id"]), r["kind"], str(r["cycle"]), r["file_name"], f"{r['rows_read'] or 0:,}",
                  f"{r['rows_loaded'] or 0:,}", f"{r['rows_rejected'] or 0:,}", f"{r['rows_warned'] or 0:,}",
                  r["status"])
    console.print(t)


@app.command()
def rows(
    refs: Annotated[list[str], typer.Argument(help="Row references (table:load_id:line_no) from --json output.")],
    db: DbOpt = Path(DEFAULT_DB),
    as_json: JsonOpt = False,
) -> None:
    """Show source rows by reference."""
    try:
        with Trail(db, read_only=True) as trail:
            if as_json:
                return _print_json(trail.rows(refs))
            _explain(trail, "rows", refs, limit=len(refs))
    except MoneytrailError as exc:
        _fail(exc)


VERDICT_STYLE = {"consistent": "green", "inconsistent": "red", "cannot check": "yellow"}


@app.command()
def check(
    article: Annotated[str, typer.Argument(help="Article file (plain text or HTML), or - for standard input.")],
    db: DbOpt = Path(DEFAULT_DB),
    as_json: JsonOpt = False,
    date: Annotated[str | None, typer.Option("--date", help="Publication date, when the text does not give it "
                                             "(e.g. 2024-10-15); relative periods such as 'this year' use it.")] = None,
    explain: ExplainOpt = False,
) -> None:
    """Check an article's money and vote claims against the store, with evidence.

    Example: moneytrail check story.html --db moneytrail.duckdb --date 2024-10-15
    """
    try:
        raw = sys.stdin.read() if article == "-" else _read_article(Path(article))
        with Trail(db, read_only=True) as trail:
            rep = trail.check(raw, date=date)
            if as_json:
                return _print_json(rep)
            _render_check(trail, rep, explain)
    except (MoneytrailError, ValueError, OverflowError) as exc:
        _fail(exc)


def _read_article(path: Path) -> str:
    from .claims.text import MAX_INPUT_CHARS

    if not path.is_file():
        raise MoneytrailError(f"{path}: no such file")
    data = path.read_bytes()[: MAX_INPUT_CHARS * 4 + 1]
    return data.decode("utf-8", errors="replace")


def _render_check(trail: Trail, rep: dict, explain: bool) -> None:
    from rich.markup import escape

    _banner(trail)
    when = f"{rep['date']} ({rep['date_basis']})" if rep["date"] else "unknown"
    console.print(f"[bold]{len(rep['results'])} claim(s)[/bold] · article date {when} · race {rep['race'] or '—'} · "
                  + ", ".join(f"{k}: {v}" for k, v in sorted(rep["summary"].items())))
    if rep.get("date_note"):
        _notes([rep["date_note"]])
    _notes(rep.get("notes") or [])  # limits that applied (claims per article)
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
                _explain(trail, f["definition"][:60], f["row_refs"])
        console.print(f"  [{style}]{escape(r['reason'])}[/{style}]")


FEC_FEED = "https://efilingapps.fec.gov/rss/generate"  # = sources.feed.FEC_FEED_BASE (kept light to import)


@app.command()
def watch(
    race: Annotated[str | None, typer.Argument(help="A race to follow: CA-34, CA-SEN or PRES.")] = None,
    cycle: Annotated[int | None, typer.Option(
        "--cycle", help="The race's cycle (default: the latest with candidates loaded).")] = None,
    committee: Annotated[list[str] | None, typer.Option(
        "--committee", help="A committee id to follow (repeatable).")] = None,
    networks: Annotated[bool, typer.Option(
        "--networks", help="Follow every committee of the networks registry.")] = False,
    follow_networks: Annotated[bool, typer.Option(
        help="With a race: follow the registry's network committees too.")] = True,
    registry: RegistryOpt = None,
    once: Annotated[bool, typer.Option("--once", help="One pass, then exit (for cron).")] = False,
    interval: Annotated[float, typer.Option(help="Seconds between passes when not --once.")] = 300.0,
    post: Annotated[str | None, typer.Option("--post", help="POST each alert as JSON to this URL.")] = None,
    feed_url: Annotated[str, typer.Option(help="The FEC's e-filing RSS feed.")] = FEC_FEED,
    filing_base: Annotated[str | None, typer.Option(
        help="Fetch filings from BASE/<id>.fec instead of each feed item's link.")] = None,
    dest: Annotated[Path, typer.Option(help="Folder for the downloaded filings.")] = Path("fec-filings"),
    db: DbOpt = Path(DEFAULT_DB),
    as_json: Annotated[bool, typer.Option("--json", help="Print each alert as one JSON line.")] = False,
) -> None:
    """Follow the FEC's filing feed: fetch and load new filings, print an alert for each that matters.

    Examples: moneytrail watch CA-34 --cycle 2026 --once
              moneytrail watch --committee C00401224 --interval 600 --post https://example.org/hook
              moneytrail watch --networks --json
    """
    from rich.markup import escape

    def show(alert) -> None:
        if as_json:
            sys.stdout.write(json.dumps(alert.to_json()) + "\n")
            sys.stdout.flush()
            return
        tag = "[bold yellow]SYNTHETIC[/bold yellow] " if alert.synthetic else ""
        console.print(f"{tag}[bold]{escape(alert.headline())}[/bold]", highlight=False)
        for line in alert.details():
            console.print(f"  {escape(line)}", highlight=False)

    def report(p) -> None:
        if as_json:  # alerts on stdout, the pass as one JSON line on stderr (for cron logs)
            sys.stderr.write(json.dumps({"type": "moneytrail.watch_pass", **p.to_json()}) + "\n")
            return
        for msg in p.feed_errors + [f"FEC-{f}: {m}" for f, m in p.failed] + p.post_errors:
            err.print(f"[yellow]warning:[/yellow] {escape(msg)}", highlight=False)
        err.print(f"[dim]{escape(time.strftime('%H:%M:%S'))} {escape(p.summary())}[/dim]", highlight=False)

    try:
        with Trail(db) as trail:
            watcher = trail.watcher(race, cycle, committee, networks, registry, follow_networks, dest=dest,
                                    feed_base=feed_url, filing_base=filing_base, post_url=post, on_alert=show)
            err.print(f"[dim]watching {escape(watcher.target.label)}: {len(watcher.feed_urls())} feed address(es)"
                      "[/dim]", highlight=False)
            try:
                if once:
                    report(watcher.run_once())
                else:
                    watcher.run(interval, on_pass=report)
            except KeyboardInterrupt:
                err.print("[dim]stopped; everything fetched so far is stored[/dim]")
            finally:
                watcher.close()
    except MoneytrailError as exc:
        _fail(exc)


@app.command()
def timeline(
    key: Annotated[str, typer.Argument(help="Race: CA-34, CA-SEN or PRES.")],
    cycle: Annotated[int | None, typer.Option(
        "--cycle", help="Election cycle (default: the latest with candidates loaded).")] = None,
    db: DbOpt = Path(DEFAULT_DB),
    as_json: JsonOpt = False,
    explain: ExplainOpt = False,
) -> None:
    """Every report and IE notice of a race, by date filed, with what each added.

    Example: moneytrail timeline CA-34 --cycle 2024
    """
    try:
        with _reader(db) as trail:
            rep = trail.timeline(key, cycle)
            if as_json:
                return _print_json(rep)
            _render_timeline(trail, rep, explain)
    except MoneytrailError as exc:
        _fail(exc)


def _figure_text(f: dict) -> str:
    from decimal import Decimal

    if f["status"] in ("not_loaded", "not_applicable") or f["amount"] is None:
        return "not loaded" if f["status"] == "not_loaded" else "—"
    from .model.figures import dollars

    return dollars(Decimal(f["amount"]))


def _render_timeline(trail: Trail, rep: dict, explain: bool) -> None:
    _banner(trail)
    console.print(f"[bold]{rep['title']} ({rep['race']}), {rep['cycle']} cycle: timeline[/bold]")
    t = Table(title="Reports and notices by date filed (entries are events: a notice and the report that repeats "
                    "it are the same money)")
    for col in ("filed", "filing", "filer", "form", "role", "what it added", "standing"):
        t.add_column(col, overflow="fold")
    for e in rep["entries"]:
        added = []
        for name, f in e["figures"].items():
            added.append(f"{name.replace('_', ' ')} {_figure_text(f)}")
        for x in e["ies"]:
            added.append(f"{_figure_text(x['amount'])} {x['support_oppose']} {x['candidate_name'] or x['cand_id']}")
        period = f" {e['coverage_from']}–{e['coverage_through']}" if e["coverage_through"] else ""
        standing = "current" if e["current"] else f"superseded by FEC-{e['superseded_by']}"
        ie_standing = sorted({s for x in e["ies"] for s in x["standing"]})
        if ie_standing:
            standing += "; IE rows: " + ", ".join(ie_standing)
        t.add_row(e["filed"] or "?", f"FEC-{e['filing_id']}" + (" (IE file)" if e["source"] == "ie file" else ""),
                  f"{e['filer_name'] or '?'} ({e['filer_id']})", (e["form_type"] or e["kind"]) + period, e["role"],
                  "\n".join(added) or "—", standing)
    console.print(t)
    _notes(rep["notes"])
    if explain:
        for e in rep["entries"]:
            _explain(trail, f"FEC-{e['filing_id']} {e['filer_name']}", e["row_refs"])


def main() -> None:
    app()


if __name__ == "__main__":
    main()
