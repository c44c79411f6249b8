"""User SQL for ``serve --allow-sql``: one read-only query, on a DuckDB instance of its own.

What a query may be is decided by DuckDB's own parser, not by how the text starts: exactly one
statement, of the SELECT family (SELECT, WITH, FROM-first, VALUES, DESCRIBE, SHOW, SUMMARIZE), or an
EXPLAIN / EXPLAIN ANALYZE of one. Everything else (SET, PRAGMA, CALL, CHECKPOINT, CREATE, ATTACH,
COPY, INSTALL/LOAD, ...) is refused before it runs.

Where it runs is the second wall: an in-memory DuckDB instance, separate from the one serving the
pages, that attaches the store file read-only, cannot touch any other file (so ``read_csv``,
``glob``, ``FROM '/etc/passwd'`` fail), has a memory cap and one thread, and whose configuration is
locked, so no query can lift those limits or change what the pages see. The answer is bounded three
ways: a time limit (the query is interrupted), :data:`MAX_ROWS` rows and :data:`MAX_BYTES` of cell
text; past a bound the answer is cut and says so.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from .errors import BadRequest

SECONDS = 5
MEMORY_LIMIT = "256MB"
MAX_ROWS = 1000
MAX_BYTES = 2_000_000  # characters of cell text in one answer
FETCH = 32  # rows per fetch: bounds what is held in Python beyond MAX_BYTES
ALLOWED = "one read-only query (SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE, or EXPLAIN of one)"
_EXPLAIN = re.compile(r"^\s*EXPLAIN(\s+ANALY[SZ]E)?\s+", re.IGNORECASE)


@dataclass
class Answer:
    columns: list[str]
    rows: list[dict]
    truncated: bool = False
    message: str = ""
    limits: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"columns": self.columns, "rows": self.rows, "truncated": self.truncated,
                "message": self.message, "limits": self.limits}


def check(con: duckdb.DuckDBPyConnection, q: str) -> str:
    """The query itself when it is one statement of the SELECT family (or EXPLAIN of one), else BadRequest."""
    try:
        statements = con.extract_statements(q)
    except (duckdb.Error, ValueError) as exc:  # ValueError: a statement type the Python client cannot name
        raise BadRequest(f"{ALLOWED}: {_first_line(exc)}") from None
    if len(statements) != 1:
        raise BadRequest(f"{ALLOWED}; got {len(statements)} statements")
    kind = statements[0].type
    if kind == duckdb.StatementType.EXPLAIN:
        inner = _EXPLAIN.sub("", q, count=1)
        if inner == q:
            raise BadRequest(f"{ALLOWED}: EXPLAIN takes no options here")
        check(con, inner)
        if con.extract_statements(inner)[0].type != duckdb.StatementType.SELECT:  # no EXPLAIN EXPLAIN
            raise BadRequest(f"{ALLOWED}: EXPLAIN only of a SELECT")
        return q
    if kind != duckdb.StatementType.SELECT:
        raise BadRequest(f"{ALLOWED}; {kind.name} is not allowed")
    return q


class Sandbox:
    """A DuckDB instance for user queries over the store file (read-only), limits locked."""

    def __init__(self, db: Path, seconds: float = SECONDS, memory_limit: str = MEMORY_LIMIT,
                 max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES):
        self.seconds, self.max_rows, self.max_bytes = seconds, max_rows, max_bytes
        self.memory_limit = memory_limit
        self.con = duckdb.connect(":memory:", config={"threads": 1, "memory_limit": memory_limit})
        self.con.execute("SET temp_directory = ''")  # no spilling to disk: the cap is the cap
        self.con.execute("ATTACH ? AS store (READ_ONLY)", [str(db)])
        self.con.execute("SET enable_external_access = false")
        self.con.execute("SET autoinstall_known_extensions = false")
        self.con.execute("SET autoload_known_extensions = false")
        self.con.execute("SET lock_configuration = true")

    def close(self) -> None:
        self.con.close()

    def run(self, q: str) -> Answer:
        """Run one checked query on a cursor of its own; interrupted after ``seconds``."""
        check(self.con, q)
        cur = self.con.cursor()
        cur.execute("USE store")
        timer = threading.Timer(self.seconds, cur.interrupt)
        timer.start()
        limits = {"seconds": self.seconds, "rows": self.max_rows, "bytes": self.max_bytes,
                  "memory": self.memory_limit}
        try:
            cur.execute(q)
            cols = [d[0] for d in cur.description or []]
            rows, size, cut = [], 0, ""
            while not cut:
                chunk = cur.fetchmany(FETCH)
                if not chunk:
                    break
                for r in chunk:
                    if len(rows) == self.max_rows:
                        cut = f"cut at {self.max_rows:,} rows"
                        break
                    row = {c: json_safe(v) for c, v in zip(cols, r, strict=False)}
                    size += sum(len(str(v)) for v in row.values())
                    if size > self.max_bytes:
                        cut = f"cut at {self.max_bytes:,} characters of cell text"
                        break
                    rows.append(row)
        except duckdb.InterruptException:
            raise BadRequest(f"query stopped after the {self.seconds:g}-second limit") from None
        except duckdb.PermissionException:
            raise BadRequest("query refused: it reads files, and user SQL reads the store only") from None
        except duckdb.OutOfMemoryException:
            raise BadRequest(f"query refused: it needs more than the {self.memory_limit} memory limit") from None
        except duckdb.Error as exc:
            raise BadRequest(f"query failed: {_first_line(exc)}") from None
        finally:
            timer.cancel()
            cur.close()
        message = f"answer {cut}; add a LIMIT or aggregate" if cut else ""
        return Answer(cols, rows, truncated=bool(cut), message=message, limits=limits)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__


def json_safe(v):
    """Any DuckDB value as something JSON can carry (NaN and infinities as strings, bytes as hex)."""
    if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
        return str(v)
    if isinstance(v, bytes | bytearray | memoryview):
        return bytes(v).hex()
    if isinstance(v, list | tuple):
        return [json_safe(x) for x in v]
    if isinstance(v, dict):
        return {str(k): json_safe(x) for k, x in v.items()}
    if v is None or isinstance(v, bool | int | float | str):
        return v
    return str(v)
