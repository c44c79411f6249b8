"""Where a store lives when none is named.

Apart from ``store.py`` so that the command line can show the default without loading DuckDB and pyarrow.
"""

DEFAULT_DB = "moneytrail.duckdb"
