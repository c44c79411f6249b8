"""Serve the web app and JSON API."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import MoneytrailError
from .base import command, opened
from .output import console

DEMO_DB = Path("moneytrail-demo.duckdb")


@command
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
    from ..web.app import create_app
    from ..web.app import serve as run_server

    if db is None:
        db = DEMO_DB
        with opened(db) as trail:
            if not trail.synthetic:
                if trail.loads():
                    raise MoneytrailError(f"{db} holds real data; pass --db to serve it")
                trail.load_demo()
    app = create_app(db, allow_sql=allow_sql, budget_seconds=budget, sql_seconds=sql_seconds)
    console.print(f"Serving {db} at http://{host}:{port}/ (Ctrl-C to stop)")
    run_server(app, host, port)
