"""The built model's tables in the store, and the ledger of what was built from which loads.

A report is a handful of look-ups, so its inputs are materialised once per cycle: after an
ingest, or on ``moneytrail build``. Each derived table ``built_<name>`` holds the rows of every
built cycle (a ``cycle`` column), and ``builds`` records, per (name, cycle), the model version
and the loads it was built from. A cycle is *stale* when its input loads differ from the ones
recorded (a load added, replaced or failed) or when the version differs (a newer moneytrail
changed a definition): a stale cycle is rebuilt, never read.

This module is plain SQL over DuckDB: reading the built model needs neither Ibis nor the
model's rules, which is what keeps a cold report close to the cost of one query.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import duckdb

MODEL_VERSION = "1"  # bump when a rule changes what a derived table holds: every store rebuilds
PREFIX = "built_"
ALL_CYCLES = 0  # a derived table whose rows span every cycle (e.g. persons) is built under cycle 0


def builds_ddl() -> list[str]:
    return [
        """CREATE TABLE IF NOT EXISTS builds (
  name VARCHAR NOT NULL,          -- the derived table: built_<name>
  cycle SMALLINT NOT NULL,        -- 0: a table over every cycle
  version VARCHAR NOT NULL,       -- the definition's version when built (see model/build.py)
  inputs VARCHAR NOT NULL,        -- JSON list of the load ids it was built from
  rows_built BIGINT NOT NULL,
  seconds DOUBLE,
  built_at TIMESTAMP NOT NULL,
  PRIMARY KEY (name, cycle)
)"""
    ]


def table_name(name: str) -> str:
    return PREFIX + name


@dataclass(frozen=True)
class State:
    """Where one (derived table, cycle) stands: current, stale (and why), or never built."""

    name: str
    cycle: int
    current: bool
    reason: str | None = None  # why it must be (re)built


def input_loads(con: duckdb.DuckDBPyConnection, kinds: Sequence[str], cycle: int) -> list[int]:
    """The loaded files a (name, cycle) is built from: every load of those kinds in the cycle, plus
    loads without a cycle (results files, .fec filings span cycles); every cycle for cycle 0."""
    if not kinds:
        return []
    marks = ", ".join("?" for _ in kinds)
    where = "" if cycle == ALL_CYCLES else "AND (cycle = ? OR cycle IS NULL)"
    params = [*kinds] + ([] if cycle == ALL_CYCLES else [cycle])
    rows = con.execute(
        f"SELECT load_id FROM loads WHERE status = 'loaded' AND kind IN ({marks}) {where} ORDER BY load_id", params
    ).fetchall()
    return [r[0] for r in rows]


def has_ledger(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(_one(con, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'builds' "
                         "AND table_schema = 'main'")[0])


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: Iterable = ()) -> tuple | None:
    """The first row, with the result read to its end (DuckDB keeps an unfinished result open)."""
    rows = con.execute(sql, list(params)).fetchall()
    return rows[0] if rows else None


@dataclass(frozen=True)
class Snapshot:
    """The ledger and the loads, read once (two queries), so many (table, cycle) states cost nothing more."""

    builds: dict[tuple[str, int], tuple[str, list[int], object]]  # (name, cycle) -> (version, inputs, built_at)
    loads: list[tuple[int, str, int | None]]  # (load_id, kind, cycle) of every loaded file
    ledger: bool = True

    def inputs(self, kinds: Sequence[str], cycle: int) -> list[int]:
        """As :func:`input_loads`."""
        if not kinds:
            return []
        return sorted(i for i, k, c in self.loads if k in kinds and (cycle == ALL_CYCLES or c is None or c == cycle))

    def state(self, name: str, cycle: int, version: str, kinds: Sequence[str], after: Sequence[str] = ()) -> State:
        if not self.ledger:
            return State(name, cycle, False, "this store has no built model yet (moneytrail build makes it)")
        row = self.builds.get((name, cycle))
        if row is None:
            return State(name, cycle, False, f"{name} was never built for {cycle or 'all cycles'}")
        if row[0] != version:
            return State(name, cycle, False, f"{name} was built by another version of moneytrail ({row[0]}, now "
                                             f"{version})")
        if row[1] != self.inputs(kinds, cycle):
            return State(name, cycle, False,
                         f"files were loaded or replaced since {name} was built for {cycle or 'all cycles'}")
        for dep in after:
            for key in ((dep, cycle), (dep, ALL_CYCLES)):
                if key in self.builds and self.builds[key][2] > row[2]:
                    return State(name, cycle, False, f"{dep}, which {name} reads, was rebuilt since")
        return State(name, cycle, True)


def snapshot(con: duckdb.DuckDBPyConnection) -> Snapshot:
    if not has_ledger(con):
        return Snapshot({}, [], ledger=False)
    loads = [tuple(r) for r in con.execute(
        "SELECT load_id, kind, cycle FROM loads WHERE status = 'loaded' ORDER BY load_id").fetchall()]
    rows = con.execute("SELECT name, cycle, version, inputs, built_at FROM builds").fetchall()
    return Snapshot({(r[0], r[1]): (r[2], json.loads(r[3]), r[4]) for r in rows}, loads)


def state(con: duckdb.DuckDBPyConnection, name: str, cycle: int, version: str, kinds: Sequence[str],
          after: Sequence[str] = ()) -> State:
    return snapshot(con).state(name, cycle, version, kinds, after)


def replace(con: duckdb.DuckDBPyConnection, name: str, cycle: int, rows, version: str, inputs: list[int],
            seconds: float | None = None) -> int:
    """Swap one cycle's rows of ``built_<name>`` for ``rows`` (a pyarrow table or a DuckDB relation)
    and record the build, in the caller's transaction. The table takes the rows' columns; a
    changed definition (other columns) drops the old table, whose other cycles are then stale."""
    table = table_name(name)
    con.register("_built_rows", rows)
    try:
        cols = list(con.sql("SELECT * FROM _built_rows").columns)
        if "cycle" in cols:
            raise ValueError(f"{name}: a derived table's definition must not have its own cycle column")
        existing = _columns(con, table)
        if existing is not None and existing != ["cycle", *cols]:
            con.execute(f"DROP TABLE {table}")
            con.execute("DELETE FROM builds WHERE name = ?", [name])
            existing = None
        if existing is None:
            con.execute(f"CREATE TABLE {table} AS SELECT CAST(? AS SMALLINT) AS cycle, * FROM _built_rows LIMIT 0",
                        [cycle])
        con.execute(f"DELETE FROM {table} WHERE cycle = ?", [cycle])
        con.execute(f"INSERT INTO {table} SELECT CAST(? AS SMALLINT), * FROM _built_rows", [cycle])
        n = _one(con, f"SELECT count(*) FROM {table} WHERE cycle = ?", [cycle])[0]
    finally:
        con.unregister("_built_rows")
    con.execute(
        "INSERT OR REPLACE INTO builds VALUES (?, ?, ?, ?, ?, ?, current_timestamp)",
        [name, cycle, version, json.dumps(inputs), n, seconds],
    )
    return n


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str] | None:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND table_schema = 'main' "
        "ORDER BY ordinal_position", [table]
    ).fetchall()
    return [r[0] for r in rows] or None


def read(con: duckdb.DuckDBPyConnection, name: str, cycle: int, where: str = "", params: Iterable = (),
         order_by: str = "", columns: str = "*", limit: int | None = None, offset: int = 0) -> list[dict]:
    """Rows of one built table for one cycle, as dicts. ``where`` is extra SQL with ``?`` parameters
    (never values pasted in): ``read(con, "members", 2024, "race = ?", ["CA-34"])``; ``limit`` and
    ``offset`` take one page of them."""
    sql = f"SELECT {columns} FROM {table_name(name)} WHERE cycle = ?"
    if where:
        sql += f" AND ({where})"
    if order_by:
        sql += f" ORDER BY {order_by}"
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    try:
        cur = con.execute(sql, [cycle, *params])
    except duckdb.CatalogException:
        if exists(con, name):
            raise
        return []  # never built: nothing of this kind was ever loaded
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(_one(con, "SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                     [table_name(name)])[0])


def loaded_cycles(con: duckdb.DuckDBPyConnection, kind: str | None = None) -> list[int]:
    """The cycles some loaded file (of ``kind``, when given) belongs to: without a kind, the cycles the
    model is built for."""
    rows = con.execute("SELECT DISTINCT cycle FROM loads WHERE status = 'loaded' AND cycle IS NOT NULL "
                       "AND ($kind IS NULL OR kind = $kind)", {"kind": kind}).fetchall()
    return sorted(int(r[0]) for r in rows)


def ledger(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Every build: name, cycle, version, the loads it read, rows, seconds, when."""
    if not has_ledger(con):
        return []
    cur = con.execute("SELECT * FROM builds ORDER BY cycle, name")
    names = [d[0] for d in cur.description]
    return [{**dict(zip(names, r, strict=True)), "inputs": json.loads(r[names.index("inputs")])}
            for r in cur.fetchall()]


def attach_parquet(con: duckdb.DuckDBPyConnection, root) -> list[str]:
    """Expose a built model written as Parquet (``<root>/built/<name>/<cycle>.parquet``, by Spark) to a
    DuckDB connection under the store's table names, so the same reads serve both engines."""
    from pathlib import Path

    names = []
    for folder in sorted((Path(root) / "built").glob("*/")):
        files = str(folder / "*.parquet").replace("'", "''")
        con.execute(f"CREATE OR REPLACE VIEW {table_name(folder.name)} AS SELECT * FROM read_parquet('{files}')")
        names.append(folder.name)
    return names
