"""The ``moneytrail`` command: a thin layer over :class:`moneytrail.trail.Trail`.

Every command takes ``--db``; every query command prints a rich table, or ``--json`` / ``--csv``;
``--explain`` lists the source rows behind each figure. Options, output and errors are written once in
``base.py`` and ``output.py``; the commands live in modules by theme and are listed here, in the order
``moneytrail --help`` shows them. Nothing heavy (ibis, pyarrow, fastapi, splink) is imported until a
command runs, so ``--help`` is quick.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import check, donors, export, filings, load, networks, people, race, serve, watch
from .base import choose_engine
from .output import console, err  # noqa: F401 (the terminal every command prints to; tests widen it)

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Follow the money in US federal elections: FEC data in, sourced answers out.",
)


@app.callback()
def engine_options(
    engine: Annotated[str, typer.Option(help="duckdb (the store file) or spark (a Parquet export).")] = "duckdb",
    parquet: Annotated[Path | None, typer.Option(help="The Parquet export the spark engine reads.")] = None,
) -> None:
    """Follow the money in US federal elections: FEC data in, sourced answers out."""
    choose_engine(engine, parquet)


COMMANDS = [
    load.ingest, load.build, load.fetch, load.demo,
    race.race, race.results,
    people.candidate, networks.network, filings.filing, people.committee, people.search,
    load.rejects, serve.serve, donors.donor, load.migrate, load.loads, load.rows,
    check.check, watch.watch, race.timeline,
]
for fn in COMMANDS:
    app.command()(fn)
app.add_typer(networks.app, name="networks")
app.add_typer(donors.app, name="donors")
app.add_typer(export.app, name="export")


def main() -> None:
    app()
