"""What every command shares, written once: the option types, which store or engine a command reads,
the output path (``--json``, ``--csv`` or tables) and the error path.

A command body is a call into :class:`moneytrail.trail.Trail` and a call to :func:`emit`; the
:func:`command` decorator turns what the library says no to into one red line and an exit status.
Nothing here imports the library at start-up, so ``moneytrail --help`` stays quick.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import IngestError, MoneytrailError
from ..store.paths import DEFAULT_DB
from .output import err, print_csv, print_json, print_loads

if TYPE_CHECKING:
    from ..trail import Trail

DbOpt = Annotated[Path, typer.Option("--db", help="The DuckDB store file.")]
JsonOpt = Annotated[bool, typer.Option("--json", help=(
    "Print JSON. A longer list of row references X shows its first 20 and X_total, how many (where the "
    "command has --all-refs, it prints every one; moneytrail rows REF... lists rows)."))]
AllRefsOpt = Annotated[bool, typer.Option("--all-refs", help="With --json: every row reference, not the first 20.")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Print the main table as CSV.")]
ExplainOpt = Annotated[bool, typer.Option("--explain", help="Show the source rows behind each figure.")]
CycleOpt = Annotated[int, typer.Option("--cycle", help="Election cycle (even year).")]
RegistryOpt = Annotated[list[Path] | None, typer.Option(
    "--registry", help="A YAML file of your own networks (repeatable); added to the packaged registry.")]
DB = Path(DEFAULT_DB)

ENGINE: dict = {"name": "duckdb", "parquet": None}


def choose_engine(engine: str, parquet: Path | None) -> None:
    """The engine query commands read through: the DuckDB store, or Spark over a Parquet export."""
    if engine not in ("duckdb", "spark"):
        raise typer.BadParameter("engine is duckdb or spark")
    if engine == "spark" and parquet is None:
        raise typer.BadParameter("--engine spark needs --parquet DIR (write one with: moneytrail export parquet DIR)")
    ENGINE.update(name=engine, parquet=parquet)


def reader(db: Path) -> Trail:
    """The Trail a query command reads from: the DuckDB store read-only, or Spark over a Parquet export."""
    from ..trail import Trail

    if ENGINE["name"] == "spark":
        return Trail.on_spark(ENGINE["parquet"])
    return Trail(db, read_only=True)


def opened(db: str | Path, read_only: bool = False, memory_limit: str | None = None) -> Trail:
    """The DuckDB store itself (loads, the ledger, donors and search are DuckDB-only)."""
    from ..trail import Trail

    return Trail(db, read_only=read_only, memory_limit=memory_limit)


def emit(data, as_json: bool = False, as_csv: bool = False, rows: list[dict] | None = None,
         table: Callable[[], None] | None = None, all_refs: bool = False) -> None:
    """The one output path: the answer as JSON, its main table (``rows``) as flat CSV, or ``table()``.
    The JSON shows row references as the web's ``.json`` does (model/reports.py ``capped``: at most 20
    of each list, and a ``_total`` for a list it cut; ``all_refs``: every one); CSV never lists them."""
    if as_json:
        from ..model.reports import REFS_SHOWN, capped

        print_json(capped(data, None if all_refs else REFS_SHOWN))
    elif as_csv:
        print_csv(data if rows is None else rows)
    elif table is not None:
        table()


def fail(message) -> None:
    """One red line on stderr, exit status 1."""
    err.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(1)


LOAD_INTERRUPTED = ("the file being loaded was rolled back; files finished before it stay loaded "
                    "(see moneytrail loads)")


def _interrupted(message: str) -> None:
    err.print(f"[yellow]interrupted:[/yellow] {message}", highlight=False)
    raise typer.Exit(130)


def _is_interrupt(exc: BaseException) -> bool:
    """Ctrl-C, or DuckDB stopping a query because of it (duckdb is only looked up when it is loaded)."""
    duckdb = sys.modules.get("duckdb")
    return isinstance(exc, KeyboardInterrupt) or (duckdb is not None and isinstance(exc, duckdb.InterruptException))


def command(fn: Callable | None = None, *, interrupted: str = "stopped before it finished",
            also: tuple[type[Exception], ...] = ()) -> Callable:
    """The one error path of a command: a :class:`MoneytrailError` (and any of ``also``) is one red line
    and exit status 1 — "did you mean" included, as :class:`NotFound` words it; an ingest with failed files
    lists every file's outcome, then each failure; Ctrl-C is one line and exit status 130. Never a traceback
    for what the user can fix."""
    if fn is None:
        return functools.partial(command, interrupted=interrupted, also=also)

    @functools.wraps(fn)
    def run(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except IngestError as exc:
            print_loads(exc.results, kwargs.get("as_json", False))
            for r in exc.results:
                if r.status == "failed":
                    err.print(f"[red]error:[/red] {r.message}", highlight=False)
            raise typer.Exit(1) from None
        except (MoneytrailError, *also) as exc:
            fail(exc)
        except BaseException as exc:
            if _is_interrupt(exc):
                _interrupted(interrupted)
            raise

    return run
