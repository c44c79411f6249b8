"""The model's handle on the store: Ibis tables with a provenance reference on every row.

Every model query starts from :meth:`Model.table`, which adds ``row_ref`` —
``<table>:<load_id>:<line_no>`` — so any figure can carry the rows behind it, and
:meth:`Model.rows` turns those references back into the source rows with their file.
The model is written in Ibis so the same rules can run on another engine later.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import duckdb

from ..errors import MoneytrailError
from ..lazy import ibis, pa
from ..sources.layouts import LAYOUTS

if TYPE_CHECKING:
    import ibis.expr.types as ir


def records(expr: ir.Table) -> list[dict]:
    return expr.to_pyarrow().to_pylist()


class Model:
    """The store's tables through Ibis: DuckDB by default, or any Ibis backend holding the same
    tables (PySpark over a Parquet export: see model/engines.py). Rules are written once, here
    and in the modules beside it, and run on whichever engine holds the data."""

    def __init__(self, con: duckdb.DuckDBPyConnection | None = None, backend=None):
        self.con = con
        self.ib = backend if backend is not None else ibis.duckdb.from_connection(con)

    def table(self, name: str) -> ir.Table:
        t = self.ib.table(name)
        ref = ibis.literal(f"{name}:") + t.load_id.cast("string") + ibis.literal(":") + t.line_no.cast("string")
        return t.mutate(row_ref=ref)

    def bulk(self, kind: str, cycle: int) -> ir.Table:
        """One kind's rows of one cycle, each SUB_ID once (see :meth:`bulk_all`)."""
        t = self.bulk_all(kind)
        return t.filter(t.cycle == cycle)

    def bulk_all(self, kind: str) -> ir.Table:
        """The single entry to a bulk table: every cycle, each transaction (SUB_ID) once per cycle.

        Overlapping files of one kind (two slices of one itcont, a head and a filtered cut) hold
        some rows twice; the row of the latest load counts, the other is never added. Rows
        without a SUB_ID (summary and master files have none) are all kept.
        """
        t = self.table(LAYOUTS[kind].table)
        if "sub_id" not in t.columns or self._loads_of(kind) < 2:
            return t
        w = ibis.row_number().over(group_by=["cycle", "sub_id"],
                                   order_by=[ibis.desc("load_id"), ibis.desc("line_no")])
        return t.mutate(_first=w).filter(lambda x: x.sub_id.isnull() | (x._first == 0)).drop("_first")

    def _loads_of(self, kind: str) -> int:
        loads = self.ib.table("loads")
        f = loads.filter((loads.status == "loaded") & (loads.kind == kind))
        return int(records(f.aggregate(n=f.count()))[0]["n"])

    def loaded_cycles(self, kind: str) -> list[int]:
        loads = self.ib.table("loads")
        q = loads.filter((loads.status == "loaded") & (loads.kind == kind)).select("cycle").distinct()
        return sorted(int(r["cycle"]) for r in records(q) if r["cycle"] is not None)

    def rows(self, refs: list[str], limit: int = 500) -> dict[str, pa.Table]:
        """The source rows behind a figure, per table, with the file each came from."""
        wanted: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for ref in refs[:limit]:
            try:
                table, load_id, line_no = ref.rsplit(":", 2)
                key = (int(load_id), int(line_no))
            except ValueError as exc:
                raise MoneytrailError(f"{ref!r} is not a row reference (table:load_id:line_no)") from exc
            if not (0 <= key[0] < 2**31 and 0 <= key[1] < 2**63):
                raise MoneytrailError(f"{ref!r}: no such row")
            wanted[table].append(key)
        from ..store.filings import FILING_TABLES

        known = {lay.table for lay in LAYOUTS.values()} | set(FILING_TABLES)
        out = {}
        for table, keys in wanted.items():
            if table not in known:
                raise MoneytrailError(f"unknown table {table!r} in a row reference")
            keys_tbl = ibis.memtable(
                {"load_id": [k[0] for k in keys], "line_no": [k[1] for k in keys]},
                schema={"load_id": "int32", "line_no": "int64"},
            )
            t = self.ib.table(table)
            loads = self.ib.table("loads").select("load_id", source_file="path")
            j = t.join(keys_tbl, ["load_id", "line_no"]).join(loads, "load_id")
            j = j.select("source_file", *t.columns).order_by(["load_id", "line_no"])
            out[table] = j.to_pyarrow()
        return out
