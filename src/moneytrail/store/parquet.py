"""Every table of a store as Parquet, partitioned by cycle, and back again without loss.

``export`` writes ``DIR/<table>/cycle=YYYY/*.parquet`` (the ledger, rejects and donor resolution
unpartitioned) plus ``manifest.json`` (schema version, row counts). ``import_into`` reads such a
folder into a store in one transaction; load ids are shifted past the store's own so provenance
stays unique, and the counts in the manifest are checked after the copy. Donor resolution (runs,
records, links, merges) comes along into a store without donors of its own, its donor ids kept;
a store that has resolved donors already keeps them, and the import says so.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from ..errors import FileFormatError, MoneytrailError
from ..sources.identify import MANIFEST, is_export  # noqa: F401 (is_export: re-exported)
from .schema import MIGRATIONS
from .store import Store

UNPARTITIONED = ("loads", "rejects", "meta", "donor_runs", "donor_records", "donor_links", "donor_merges")
DONOR_TABLES = ("donor_runs", "donor_records", "donor_links", "donor_merges")


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
        "AND (table_name LIKE 'bulk_%' OR table_name LIKE 'filing%' OR table_name LIKE 'donor_%' "
        "OR table_name IN ('results', 'loads', 'rejects', 'meta')) ORDER BY 1"
    ).fetchall()
    return [r[0] for r in rows]


def export(store: Store, out: str | Path) -> dict:
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise MoneytrailError(f"{out} is not empty; export into a new folder")
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for table in tables(store.con):
        n = store.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
        counts[table] = n
        target = str(out / table).replace("'", "''")
        # an empty table still carries its schema; a filing's cycle may be unknown, so no partitions there
        if table in UNPARTITIONED or table.startswith("filing") or not n:
            (out / table).mkdir()
            store.con.execute(f"COPY {table} TO '{target}/data.parquet' (FORMAT parquet)")
        else:
            store.con.execute(f"COPY {table} TO '{target}' (FORMAT parquet, PARTITION_BY (cycle))")
    manifest = {"format": "moneytrail-parquet", "schema_version": store.schema_version, "tables": counts}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return manifest


def import_into(store: Store, folder: str | Path) -> dict:
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise FileFormatError(f"{folder}: not a moneytrail Parquet export ({exc})") from exc
    if manifest.get("format") != "moneytrail-parquet":
        raise FileFormatError(f"{folder}: {MANIFEST} is not a moneytrail Parquet export")
    if manifest.get("schema_version", 0) > MIGRATIONS[-1][0]:
        raise MoneytrailError(f"{folder} was written by a newer moneytrail (schema {manifest['schema_version']})")
    con = store.con
    offset = con.execute("SELECT coalesce(max(load_id), 0) FROM loads").fetchall()[0][0]
    has_donors = con.execute("SELECT count(*) FROM donor_records").fetchall()[0][0] > 0
    skipped = []
    con.begin()
    try:
        for table, expected in manifest["tables"].items():
            if table in DONOR_TABLES and has_donors:
                skipped.append(table)
                continue
            files = sorted((folder / table).rglob("*.parquet")) if (folder / table).is_dir() else []
            if not files:
                if expected:
                    raise FileFormatError(f"{folder}: {table} has no Parquet files but the manifest counts {expected}")
                continue
            where = str(folder / table).replace("'", "''")
            src = f"read_parquet('{where}/**/*.parquet', hive_partitioning = true)"
            cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
            exprs = []
            for c in cols:
                if c in ("load_id", "replaced_by"):
                    exprs.append(f"{c} + {offset} AS {c}")
                elif c == "cycle" and table not in UNPARTITIONED:
                    exprs.append("CAST(cycle AS SMALLINT) AS cycle")
                else:
                    exprs.append(c)
            if table == "meta":
                con.execute(f"INSERT OR REPLACE INTO meta SELECT {', '.join(exprs)} FROM {src}")
                continue
            before = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
            con.execute(f"INSERT INTO {table} BY NAME SELECT {', '.join(exprs)} FROM {src}")
            got = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] - before
            if got != expected:
                raise FileFormatError(f"{folder}: {table} has {got} rows, the manifest says {expected}")
        _advance(con, "load_id_seq", "SELECT coalesce(max(load_id), 0) FROM loads")
        _advance(con, "donor_id_seq", "SELECT greatest((SELECT coalesce(max(donor_id), 0) FROM donor_records), "
                                      "(SELECT coalesce(max(old_donor_id), 0) FROM donor_merges))")
        con.commit()
    except BaseException:
        con.rollback()
        raise
    notes = ([f"donor resolution not imported ({', '.join(skipped)}): this store has resolved donors of its own; "
              "run moneytrail donors resolve to add the imported rows"] if skipped else [])
    return {"tables": manifest["tables"], "load_id_offset": offset, "notes": notes}


def _advance(con: duckdb.DuckDBPyConnection, sequence: str, top_sql: str) -> None:
    """Move a sequence past the ids just imported, so the next id is new."""
    top = con.execute(top_sql).fetchall()[0][0]
    current = con.execute(f"SELECT nextval('{sequence}')").fetchall()[0][0]
    for _ in range(max(0, top - current + 1)):
        con.execute(f"SELECT nextval('{sequence}')").fetchall()
