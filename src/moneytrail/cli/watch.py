"""Follow the FEC's filing feed."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from ..sources.addresses import FEC_FEED_BASE
from .base import DB, DbOpt, RegistryOpt, command, opened
from .output import console, err


@command
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
    feed_url: Annotated[str, typer.Option(help="The FEC's e-filing RSS feed.")] = FEC_FEED_BASE,
    filing_base: Annotated[str | None, typer.Option(
        help="Fetch filings from BASE/<id>.fec instead of each feed item's link.")] = None,
    dest: Annotated[Path, typer.Option(help="Folder for the downloaded filings.")] = Path("fec-filings"),
    db: DbOpt = DB,
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

    with opened(db) as trail:
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
