"""The built model: the model's derived tables, defined once in Ibis and materialised per cycle.

A derived table is declared beside the rule it materialises, with :func:`derived`::

    @derived("members", inputs=("cn", "ccl", "weball", "webl"))
    def members(m: Model, cycle: int) -> ir.Table: ...

``inputs`` are the kinds of loaded file it reads: a load of one of them in the cycle (or a
replaced one) makes that cycle stale. ``after`` names derived tables it reads (``built_<name>``),
which are built first; rebuilding one rebuilds its dependants. :func:`build` refreshes only what
is stale and records each build in the store's ``builds`` ledger (store/built.py); reports read
the tables with plain SQL. On Spark the same definitions run on the Spark backend and are
written as Parquet (:func:`build_parquet`).
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ..lazy import pa, pq
from ..store import built
from .base import Model

MODEL_VERSION = built.MODEL_VERSION  # bump it there: reads check it without importing the model

# the modules that declare derived tables (imported when the registry is first needed)
DEFINITION_MODULES: tuple[str, ...] = ("moneytrail.model.coverage", "moneytrail.model.persons",
                                       "moneytrail.model.candidates", "moneytrail.model.contributions",
                                       "moneytrail.model.ies", "moneytrail.model.elections", "moneytrail.model.filings",
                                       "moneytrail.model.networks", "moneytrail.model.individuals",
                                       "moneytrail.model.timeline")


@dataclass(frozen=True)
class Derived:
    name: str
    inputs: tuple[str, ...]
    define: Callable[[Model, int], object]  # an Ibis table expression or a pyarrow table
    per_cycle: bool = True  # False: one table over every cycle, built under cycle 0
    after: tuple[str, ...] = ()
    version: int = 1
    doc: str = ""

    @property
    def full_version(self) -> str:
        return f"{MODEL_VERSION}.{self.version}"

    def cycles(self, loaded: Iterable[int]) -> list[int]:
        return sorted(set(loaded)) if self.per_cycle else [built.ALL_CYCLES]


_REGISTRY: dict[str, Derived] = {}


def derived(name: str, inputs: Iterable[str], per_cycle: bool = True, after: Iterable[str] = (), version: int = 1):
    """Declare a derived table (see the module docstring)."""

    def register(fn: Callable[[Model, int], object]):
        if name in _REGISTRY and _REGISTRY[name].define is not fn:
            raise ValueError(f"derived table {name} is declared twice")
        _REGISTRY[name] = Derived(name, tuple(inputs), fn, per_cycle, tuple(after), version,
                                  (fn.__doc__ or "").strip().split("\n\n")[0])
        return fn

    return register


def definitions() -> dict[str, Derived]:
    """Every declared derived table, dependencies first."""
    for module in DEFINITION_MODULES:
        importlib.import_module(module)
    ordered: dict[str, Derived] = {}

    def visit(d: Derived, path: tuple[str, ...]) -> None:
        if d.name in ordered:
            return
        if d.name in path:
            raise ValueError(f"derived tables depend on each other in a circle: {' -> '.join((*path, d.name))}")
        for dep in d.after:
            visit(_REGISTRY[dep], (*path, d.name))
        ordered[d.name] = d

    for d in _REGISTRY.values():
        visit(d, ())
    return ordered


def shared(m: Model, key: tuple, compute: Callable[[], object]):
    """A value several definitions of one build need (one cycle's summary rows, say), computed once
    per build; outside a build it is computed each time."""
    cache = getattr(m, "_build_cache", None)
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def loaded_cycles(m: Model) -> list[int]:
    return built.loaded_cycles(m.con)


@dataclass(frozen=True)
class Outcome:
    name: str
    cycle: int
    rows: int
    seconds: float
    reason: str


def _arrow(result) -> pa.Table:
    return result if isinstance(result, pa.Table) else result.to_pyarrow()


def stale(m: Model | duckdb.DuckDBPyConnection, cycles: Iterable[int] | None = None) -> list[built.State]:
    """Every (derived table, cycle) that is not current, with why: plain SQL (two queries), so a
    report can check before it reads. ``m`` is a Model or a DuckDB connection."""
    con = m if isinstance(m, duckdb.DuckDBPyConnection) else m.con
    loaded = list(cycles) if cycles is not None else built.loaded_cycles(con)
    snap = built.snapshot(con)
    return [s for d in definitions().values() for c in d.cycles(loaded)
            if not (s := snap.state(d.name, c, d.full_version, d.inputs, d.after)).current]


def build(m: Model, cycles: Iterable[int] | None = None, names: Iterable[str] | None = None, force: bool = False,
          progress: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Build what is stale (or everything asked, with ``force``), dependencies first; one transaction
    per (table, cycle), so an interrupted build leaves every finished table current."""
    loaded = list(cycles) if cycles is not None else loaded_cycles(m)
    wanted = set(names) if names is not None else None
    outcomes = []
    m._build_cache = {}
    try:
        for d in definitions().values():
            if wanted is None or d.name in wanted:
                outcomes += _build_one(m, d, loaded, force, progress)
    finally:
        del m._build_cache
    return outcomes


def _build_one(m: Model, d: Derived, loaded: list[int], force: bool,
               progress: Callable[[Outcome], None] | None) -> list[Outcome]:
    con = m.con
    outcomes = []
    for c in d.cycles(loaded):
        st = built.state(con, d.name, c, d.full_version, d.inputs, d.after)
        if st.current and not force:
            continue
        reason = "asked" if st.current else st.reason
        t0 = time.perf_counter()
        inputs = built.input_loads(con, d.inputs, c)
        rows = _arrow(d.define(m, c))
        con.execute("BEGIN TRANSACTION")
        try:
            n = built.replace(con, d.name, c, rows, d.full_version, inputs, time.perf_counter() - t0)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        out = Outcome(d.name, c, n, time.perf_counter() - t0, reason)
        outcomes.append(out)
        if progress is not None:
            progress(out)
    return outcomes


def build_parquet(m: Model, out: str | Path, cycles: Iterable[int]) -> list[Outcome]:
    """The same definitions on another engine (Spark over a Parquet export): each (table, cycle)
    written to ``<out>/built/<name>/<cycle>.parquet`` with its ``cycle`` column, which
    :func:`moneytrail.store.built.attach_parquet` exposes to DuckDB under the store's names."""
    root = Path(out) / "built"
    outcomes = []
    m._build_cache = {}
    for d in definitions().values():
        for c in d.cycles(cycles):
            t0 = time.perf_counter()
            rows = _arrow(d.define(m, c))
            rows = rows.add_column(0, "cycle", pa.array([c] * rows.num_rows, pa.int16()))
            (root / d.name).mkdir(parents=True, exist_ok=True)
            pq.write_table(rows, root / d.name / f"{c}.parquet")
            outcomes.append(Outcome(d.name, c, rows.num_rows, time.perf_counter() - t0, "parquet"))
        # a later definition reads this one under its store name, from what was just written
        m.ib.read_parquet(str(root / d.name / "*.parquet"), table_name=built.table_name(d.name))
    del m._build_cache
    return outcomes
