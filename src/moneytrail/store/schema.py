"""The store's schema and its migrations, in one place.

Every table moneytrail writes is created here. Bulk tables are generated from the
declarative layouts, so the reader and the DDL cannot disagree. Each migration runs
once, in order, inside a transaction; ``schema_version`` records how far a file is.
"""

from __future__ import annotations

from ..sources.layouts import LAYOUTS, Layout

PROVENANCE_COLUMNS = [
    ("cycle", "SMALLINT NOT NULL"),
    ("load_id", "INTEGER NOT NULL"),
    ("line_no", "BIGINT NOT NULL"),
]


def bulk_table_ddl(layout: Layout) -> str:
    cols = [f"{n} {t}" for n, t in PROVENANCE_COLUMNS]
    for c in layout.columns:
        if c.name in layout.ignore_columns:
            continue
        cols.append(f"{c.name} {c.sql_type}")
    for c in layout.columns:
        if c.keeps_raw:
            cols.append(f"{c.name}_raw VARCHAR")
    return f"CREATE TABLE IF NOT EXISTS {layout.table} (\n  " + ",\n  ".join(cols) + "\n)"


_CORE = """
CREATE SEQUENCE IF NOT EXISTS load_id_seq START 1;
CREATE TABLE IF NOT EXISTS loads (
  load_id INTEGER PRIMARY KEY,
  path VARCHAR NOT NULL,          -- as given to ingest
  member VARCHAR,                 -- the member read, when path is a zip
  file_name VARCHAR NOT NULL,     -- identity of the file within (kind, cycle)
  size BIGINT NOT NULL,
  mtime DOUBLE,
  sha256 VARCHAR,
  kind VARCHAR NOT NULL,
  cycle SMALLINT NOT NULL,
  table_name VARCHAR NOT NULL,
  rows_read BIGINT,
  rows_loaded BIGINT,
  rows_rejected BIGINT,
  rows_warned BIGINT,             -- rows loaded with a repair (encoding, unparseable date)
  started TIMESTAMP NOT NULL,
  finished TIMESTAMP,
  status VARCHAR NOT NULL,        -- loaded | failed | replaced
  message VARCHAR,
  replaced_by INTEGER
);
CREATE TABLE IF NOT EXISTS meta (
  key VARCHAR PRIMARY KEY,        -- e.g. synthetic = true for the demo store
  value VARCHAR
);
CREATE TABLE IF NOT EXISTS rejects (
  load_id INTEGER NOT NULL,
  file VARCHAR NOT NULL,
  line_no BIGINT,
  action VARCHAR NOT NULL,        -- rejected (not loaded) | kept (loaded, value repaired or nulled)
  reason VARCHAR NOT NULL,
  column_name VARCHAR,
  value VARCHAR,
  raw_line VARCHAR
);
"""


def _migration_1() -> list[str]:
    stmts = [s.strip() for s in _CORE.split(";") if s.strip()]
    stmts += [bulk_table_ddl(layout) for layout in LAYOUTS.values() if layout.table.startswith("bulk_")]
    return stmts


def _migration_2() -> list[str]:
    return [
        "ALTER TABLE loads ALTER COLUMN cycle DROP NOT NULL",  # a results file spans many cycles
        bulk_table_ddl(LAYOUTS["results_csv"]),
    ]


def _migration_3() -> list[str]:
    from .filings import filings_ddl

    return filings_ddl()


def _migration_4() -> list[str]:
    """Donor resolution: records (distinct donor descriptions) → stable donor ids, and why."""
    return [
        "CREATE SEQUENCE IF NOT EXISTS donor_id_seq START 1",
        """CREATE TABLE IF NOT EXISTS donor_runs (
  run_id INTEGER PRIMARY KEY,
  started TIMESTAMP NOT NULL,
  finished TIMESTAMP,
  backend VARCHAR,                -- duckdb | spark
  records_total BIGINT,           -- distinct donor records after the run
  records_new BIGINT,             -- records first seen in this run
  donors_new BIGINT,
  merges BIGINT,                  -- existing donors merged into another by new evidence
  threshold DOUBLE,               -- match probability at or above which two records link
  trained BOOLEAN,                -- false: the model of an earlier run was reused
  model_json VARCHAR              -- the splink model (settings + m/u parameters) used
)""",
        """CREATE TABLE IF NOT EXISTS donor_records (
  record_key VARCHAR PRIMARY KEY, -- md5 of the normalised name, address, employer, occupation
  donor_id BIGINT NOT NULL,
  run_id INTEGER NOT NULL,        -- the run that first saw it
  name VARCHAR, last_name VARCHAR, first_name VARCHAR, middle_initial VARCHAR, suffix VARCHAR,
  city VARCHAR, state VARCHAR, zip5 VARCHAR, employer_key VARCHAR, occupation VARCHAR
)""",
        """CREATE TABLE IF NOT EXISTS donor_links (
  record_key_l VARCHAR NOT NULL,
  record_key_r VARCHAR NOT NULL,
  match_probability DOUBLE,
  match_weight DOUBLE,
  agreements VARCHAR,             -- per field: how the two records compared
  run_id INTEGER NOT NULL
)""",
        """CREATE TABLE IF NOT EXISTS donor_merges (
  old_donor_id BIGINT NOT NULL,   -- retired id: look-ups of it redirect to donor_id
  donor_id BIGINT NOT NULL,
  run_id INTEGER NOT NULL
)""",
    ]


def _migration_5() -> list[str]:
    """Overlapping bulk files: how many of a load's rows (by SUB_ID) another load of the kind already held."""
    return ["ALTER TABLE loads ADD COLUMN IF NOT EXISTS rows_already_loaded BIGINT"]


def _migration_6() -> list[str]:
    from .watch import watch_ddl

    return watch_ddl()


def _migration_7() -> list[str]:
    from .built import builds_ddl

    return builds_ddl()


MIGRATIONS: list[tuple[int, str, callable]] = [
    (1, "ledger, rejects and the FEC bulk tables", _migration_1),
    (2, "election results", _migration_2),
    (3, ".fec electronic filings", _migration_3),
    (4, "donor resolution", _migration_4),
    (5, "rows another load already held", _migration_5),
    (6, "watch: feeds polled, filings seen, alerts sent", _migration_6),
    (7, "the built model's ledger: derived tables per cycle and the loads they were built from", _migration_7),
]
