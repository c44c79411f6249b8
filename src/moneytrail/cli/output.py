"""How answers reach the terminal: JSON as the library gives it, CSV a spreadsheet opens, rich tables.

The CSV rule is written once here (:func:`flat_row`): a figure becomes its exact amount, its status and
its coverage in three columns; a nested dict becomes ``parent_child`` columns; a list of plain values is
one cell joined with ``"; "``; a list of records is never a cell, nor are the row references behind a
figure (keys ending in ``_refs``): both are in ``--json``.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from ..model.figures import Figure, Status, cell, is_figure_json

if TYPE_CHECKING:
    from ..trail import Trail

console = Console()
err = Console(stderr=True)

LIST_SEPARATOR = "; "


def print_json(data) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


def _text(value) -> str:
    return "" if value is None else str(value)


def figure_coverage(value: dict) -> str:
    """A figure's coverage as words: the file that is not loaded, the dates its rows span, why n/a."""
    fig = Figure.from_json(value)
    if fig.status is Status.NOT_LOADED:
        return f"not loaded: {fig.missing}" if fig.missing else "not loaded"
    return fig.coverage.describe() if fig.coverage else ""


def flat_row(record: dict) -> dict[str, str]:
    """One record of an answer as flat CSV cells (see the module docstring for the rule)."""
    out: dict[str, str] = {}

    def put(name: str, value) -> None:
        if is_figure_json(value):
            out[name] = _text(value["amount"])
            out[f"{name}_status"] = value["status"]
            out[f"{name}_coverage"] = figure_coverage(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                if not str(k).endswith("_refs"):
                    put(f"{name}_{k}" if name else str(k), v)
        elif isinstance(value, list | tuple):
            if not any(isinstance(v, dict | list | tuple) for v in value):
                out[name] = LIST_SEPARATOR.join(_text(v) for v in value)
        else:
            out[name] = _text(value)

    put("", record)
    return out


def print_csv(rows: list[dict]) -> None:
    """Records as CSV, the header the union of every row's columns in the order they first appear."""
    flat = [flat_row(r) for r in rows]
    if not flat:
        return
    header = list(dict.fromkeys(k for r in flat for k in r))
    w = csv.DictWriter(sys.stdout, fieldnames=header, restval="")
    w.writeheader()
    w.writerows(flat)


# -- tables -----------------------------------------------------------------------------------------

_FOOT: list[str] = []


def money(v) -> str:
    """A figure or an amount in a table cell: "not loaded" or "(partial)", with the file to load or the
    dates covered printed once under the report (by :func:`notes`); never $0 for what is not loaded."""
    return cell(v, _FOOT)


def footnotes(lines: list[str]) -> None:
    """What a table's "not loaded" and "(partial)" cells mean: the file to load, the dates covered."""
    for n in lines:
        console.print(f"  [dim]{n}[/dim]", highlight=False)


def notes(lines: list[str]) -> None:
    """The footnotes gathered by :func:`money`, then the answer's own notes."""
    footnotes(_FOOT)
    _FOOT.clear()
    for n in lines:
        console.print(f"[yellow]note:[/yellow] {n}")


def banner(trail: Trail) -> None:
    if trail.synthetic:
        console.print("[bold yellow]SYNTHETIC DEMO DATA — invented names, ids and figures[/bold yellow]")


def columns(table: Table, names: tuple[str, ...] | list[str], right: tuple[str, ...] = (), **kw) -> Table:
    """Add columns, the ``right`` ones (amounts, counts) right-aligned."""
    for name in names:
        table.add_column(name, justify="right" if name in right else "left", **kw)
    return table


def explain(trail: Trail, label: str, refs: list[str], limit: int = 20) -> None:
    """The source rows behind a figure, one table per source table (``--explain``)."""
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


def print_loads(results, as_json: bool) -> None:
    """Each file's outcome: rows read, loaded, rejected, warned and already held, and the rate."""
    if as_json:
        print_json([r.to_dict() for r in results])
        return
    t = Table(title="Loads")
    nums = ("read", "loaded", "rejected", "warned", "already held", "rows/s")
    columns(t, ("load", "file", "kind", "cycle", "status", *nums), right=nums)
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
