"""Getting data in and seeing what came in: ingest, fetch, demo, migrate, loads, rejects, rows."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..sources.addresses import FEC_BULK_BASE, FEC_FILING_BASE
from .base import DB, LOAD_INTERRUPTED, CsvOpt, CycleOpt, DbOpt, JsonOpt, command, emit, opened
from .output import columns, console, err, explain, print_loads
from .race import render_race


def progress_bars() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TextColumn("{task.fields[rows]:,} rows · {task.fields[rate]:,.0f} rows/s"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


def load_bars(progress: Progress, label: str = ""):
    """A progress callback for loads: one bar per file, with rows and rows/s."""
    tasks: dict[Path, tuple[int, float]] = {}

    def update(path: Path, done: int, total: int, rows: int) -> None:
        if path not in tasks:
            tasks[path] = (progress.add_task(label + path.name, total=total, rows=0, rate=0.0), time.monotonic())
        task, started = tasks[path]
        progress.update(task, completed=done, rows=rows, rate=rows / max(time.monotonic() - started, 1e-6))

    return update


@command(interrupted=LOAD_INTERRUPTED)
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="FEC bulk files (.zip or .txt/.csv) or folders.")],
    kind: Annotated[str | None, typer.Option(help="File kind when the name does not say (e.g. itcont).")] = None,
    cycle: Annotated[int | None, typer.Option(help="Cycle when the name does not say.")] = None,
    replace: Annotated[bool, typer.Option(help="Swap the rows of an earlier version of the same file.")] = False,
    force: Annotated[bool, typer.Option(help="With --replace: swap even for a file whose coverage ends earlier "
                                        "than the loaded one's (its later rows are lost).")] = False,
    memory_limit: Annotated[str | None, typer.Option(help="Cap DuckDB's memory, e.g. 4GB (it spills).")] = None,
    build: Annotated[bool, typer.Option(help="Refresh the built model of the cycles loaded (--no-build: leave it "
                                        "to moneytrail build or the first question).")] = True,
    db: DbOpt = DB,
    as_json: JsonOpt = False,
) -> None:
    """Load FEC bulk files into the store. Example: moneytrail ingest indiv24.zip weball24.zip

    Every file is tried; each one's outcome is listed, and the exit status is 1 if any failed. Then the
    built model (the tables answers read) of the cycles the files touched is refreshed."""
    # the store alone: loading files never needs the model (Ibis), so a load starts quickly
    from ..errors import IngestError
    from ..store import ingest as store_ingest
    from ..store.store import Store

    failure = None
    with Store(db, memory_limit=memory_limit) as store, progress_bars() as progress:
        try:
            results = store_ingest.ingest(store, paths, kind=kind, cycle=cycle, replace=replace, force=force,
                                          progress=load_bars(progress))
        except IngestError as exc:
            failure, results = exc, exc.results
    if build:
        with opened(db, memory_limit=memory_limit) as trail:
            trail.build_after(results, progress=None if as_json else say_built)
    if failure is not None:
        raise failure
    print_loads(results, as_json)


def say_built(o) -> None:
    """One line on stderr per table built."""
    from rich.markup import escape

    err.print(f"built {o.name} {o.cycle or 'all cycles'}: {o.rows:,} rows in {o.seconds:.2f} s ({escape(o.reason)})",
              highlight=False)


@command
def build(
    cycle: Annotated[int | None, typer.Option("--cycle", help="Build this cycle only (default: every loaded one).")]
    = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild even what is current.")] = False,
    db: DbOpt = DB,
    as_json: JsonOpt = False,
) -> None:
    """Materialise the built model (the tables answers read) where it is stale. Ingest does it too.

    Example: moneytrail build --cycle 2024"""
    from ..model.keys import check_cycle

    with opened(db) as trail:
        done = trail.build([check_cycle(cycle)] if cycle is not None else None, force=force,
                           progress=None if as_json else say_built)
    emit([vars(o) for o in done], as_json=as_json,
         table=lambda: console.print(f"{db}: {len(done)} table(s) built" if done else
                                     f"{db}: the built model is current"))


@command(interrupted=LOAD_INTERRUPTED)
def fetch(
    cycle: CycleOpt = 2024,
    files: Annotated[str | None, typer.Option(help="Comma-separated kinds, e.g. cn,cm,weball (default: all).")] = None,
    dest: Annotated[Path, typer.Option(help="Folder for the downloads (a subfolder per cycle).")] = Path("fec-bulk"),
    base: Annotated[str, typer.Option(help="Bulk-download base URL.")] = FEC_BULK_BASE,
    force: Annotated[bool, typer.Option(help="Download again even when a complete file is there.")] = False,
    filing: Annotated[list[int] | None, typer.Option(
        "--filing", help="An electronic filing number to fetch instead of bulk files (repeatable).")] = None,
    filing_base: Annotated[str, typer.Option(help="Where .fec filings are served.")] = FEC_FILING_BASE,
    db: DbOpt = DB,
    as_json: JsonOpt = False,
) -> None:
    """Download a cycle's bulk files, or electronic filings, from the FEC (resuming, checked) and ingest them.

    Examples: moneytrail fetch --cycle 2024 --files cn,cm,ccl,weball,webk
              moneytrail fetch --filing 1238405 --filing 1238403
    """
    kinds = [k.strip() for k in files.split(",")] if files else None
    with opened(db) as trail, progress_bars() as progress:
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
                                  ingest_progress=load_bars(progress, "ingest "))
    print_loads(results, as_json)


@command(interrupted=LOAD_INTERRUPTED)
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
    with opened(db) as trail:
        with progress_bars() as progress:
            results = trail.load_demo(out_dir, cycle=cycle, seed=seed, progress=load_bars(progress), rows=rows)
        print_loads(results, False)
        console.print()
        render_race(trail, trail.race(key, cycle), explain=False)
        console.print(f"\nStore: {db}. Try: moneytrail race {key} --cycle {cycle} --db {db} --explain")
        console.print(f"The synthetic network: moneytrail network seaglass --cycle {cycle} --db {db}")


@command
def migrate(db: DbOpt = DB) -> None:
    """Bring a store made by an older moneytrail up to the current schema."""
    with opened(db) as trail:
        console.print(f"{db}: schema version {trail.store.schema_version}")


@command
def loads(db: DbOpt = DB, as_json: JsonOpt = False, as_csv: CsvOpt = False) -> None:
    """The load ledger: every file loaded, with its row accounting."""
    with opened(db, read_only=True) as trail:
        rows = trail.loads()

    def table() -> None:
        t = columns(Table(title="Loads"), ("load", "kind", "cycle", "file", "read", "loaded", "rejected", "warned",
                                          "status"))
        for r in rows:
            t.add_row(str(r["load_id"]), r["kind"], str(r["cycle"]), r["file_name"], f"{r['rows_read'] or 0:,}",
                      f"{r['rows_loaded'] or 0:,}", f"{r['rows_rejected'] or 0:,}", f"{r['rows_warned'] or 0:,}",
                      r["status"])
        console.print(t)

    emit(rows, as_json, as_csv, table=table)


@command
def rejects(
    load: Annotated[int | None, typer.Option("--load", help="Only this load id.")] = None,
    action: Annotated[str | None, typer.Option(help="rejected or kept.")] = None,
    limit: int = 100,
    db: DbOpt = DB,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Lines that were not loaded (or loaded with a repair), and why."""
    with opened(db, read_only=True) as trail:
        rows = trail.rejects(load_id=load, limit=limit, action=action)

    def table() -> None:
        t = columns(Table(title="Rejects and warnings"), ("load", "file", "line", "action", "reason",
                                                          "raw line / value"), overflow="fold")
        for r in rows:
            t.add_row(str(r["load_id"]), Path(r["file"]).name, str(r["line_no"]), r["action"], r["reason"],
                      (r["raw_line"] or r["value"] or "")[:200])
        console.print(t)

    emit(rows, as_json, as_csv, table=table)


@command
def rows(
    refs: Annotated[list[str], typer.Argument(help="Row references (table:load_id:line_no) from --json output.")],
    db: DbOpt = DB,
    as_json: JsonOpt = False,
) -> None:
    """Show source rows by reference."""
    with opened(db, read_only=True) as trail:
        if as_json:
            return emit(trail.rows(refs), as_json)
        explain(trail, "rows", refs, limit=len(refs))
