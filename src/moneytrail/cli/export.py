"""Export the store: Parquet (every table), FollowTheMoney entities."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .base import DB, DbOpt, command, opened
from .output import console

app = typer.Typer(help="Export the store.", no_args_is_help=True)


@app.command("parquet")
@command
def export_parquet(
    out: Annotated[Path, typer.Argument(help="A new folder for the Parquet files.")],
    db: DbOpt = DB,
) -> None:
    """Every table as Parquet, partitioned by cycle; `moneytrail ingest OUT` reads it back."""
    with opened(db, read_only=True) as trail:
        manifest = trail.export_parquet(out)
    console.print(f"{out}: {sum(manifest['tables'].values()):,} rows in {len(manifest['tables'])} tables")


@app.command("ftm")
@command
def export_ftm(
    out: Annotated[Path, typer.Argument(help="The JSON-lines file to write.")],
    cycle: Annotated[int | None, typer.Option(help="Only this cycle.")] = None,
    individuals: Annotated[bool, typer.Option(help="Also each itcont row and its contributor (as written).")] = False,
    db: DbOpt = DB,
) -> None:
    """Candidates, committees, their links and the money between them as FollowTheMoney entities."""
    from ..export import ftm

    with opened(db, read_only=True) as trail:
        counts = ftm.export(trail.store, out, cycle, individuals)
    console.print(f"{out}: " + ", ".join(f"{n:,} {schema}" for schema, n in sorted(counts.items())))
