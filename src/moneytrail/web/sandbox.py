"""User SQL for ``serve --allow-sql``: one read-only query, in a DuckDB process of its own.

What a query may be is decided by DuckDB's own parser, not by how the text starts: exactly one
statement, of the SELECT family (SELECT, WITH, FROM-first, VALUES, DESCRIBE, SHOW, SUMMARIZE), or an
EXPLAIN / EXPLAIN ANALYZE of one. Everything else (SET, PRAGMA, CALL, CHECKPOINT, CREATE, ATTACH,
COPY, INSTALL/LOAD, ...) is refused before it runs.

Where it runs is the second wall: a worker process (``python -m moneytrail.web.sandbox``) with an
in-memory DuckDB instance that attaches the store file read-only, cannot touch any other file (so
``read_csv``, ``glob``, ``FROM '/etc/passwd'`` fail), has one thread and a memory limit, and whose
configuration is locked, so no query can lift those limits; nothing it does reaches the instance
that serves the pages. A process, not just a second instance, because DuckDB's memory limit does
not count the strings a query builds (``SELECT repeat('x', 1000000) FROM range(1000)`` holds 1 GB
whatever the limit): the worker's address space is capped by the operating system, and a query
that outgrows it fails there. The answer is bounded three ways: a time limit (the query is
interrupted; a worker that does not answer in time is killed and replaced), :data:`MAX_ROWS` rows
and :data:`MAX_BYTES` of cell text; past a bound the answer is cut and says so.
"""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from .errors import BadRequest, OverBudget

SECONDS = 5
MEMORY_LIMIT = "256MB"  # DuckDB's own limit inside the worker
HEADROOM = 768 * 2**20  # address space the worker may add to what it holds once started
MAX_ROWS = 1000
MAX_BYTES = 2_000_000  # characters of cell text in one answer
FETCH = 32  # rows per fetch
GRACE = 3  # seconds past the time limit before a silent worker is killed
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
        return asdict(self)


def check(q: str) -> str:
    """The query itself when it is one statement of the SELECT family (or EXPLAIN of one), else BadRequest."""
    try:
        kinds = [s.type for s in duckdb.connect().extract_statements(q)]
    except (duckdb.Error, ValueError) as exc:  # ValueError: a statement type the Python client cannot name
        raise BadRequest(f"{ALLOWED}: {_first_line(exc)}") from None
    if len(kinds) != 1:
        raise BadRequest(f"{ALLOWED}; got {len(kinds)} statements")
    if kinds[0] == duckdb.StatementType.EXPLAIN:
        inner = _EXPLAIN.sub("", q, count=1)
        if inner == q:
            raise BadRequest(f"{ALLOWED}: EXPLAIN takes no options here")
        check(inner)
        if duckdb.connect().extract_statements(inner)[0].type != duckdb.StatementType.SELECT:  # EXPLAIN EXPLAIN
            raise BadRequest(f"{ALLOWED}: EXPLAIN only of a SELECT")
        return q
    if kinds[0] != duckdb.StatementType.SELECT:
        raise BadRequest(f"{ALLOWED}; {kinds[0].name} is not allowed")
    return q


class Sandbox:
    """The server's handle on the worker: one query at a time, each checked, timed and bounded."""

    def __init__(self, db: Path, seconds: float = SECONDS, memory_limit: str = MEMORY_LIMIT,
                 max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES):
        self.seconds = seconds
        self.config = {"db": str(Path(db).resolve()), "seconds": seconds, "memory_limit": memory_limit,
                       "max_rows": max_rows, "max_bytes": max_bytes}
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._closed = False
        with self._lock:
            self._worker()  # fail at start, not on the first query, when the store cannot be opened

    def _worker(self) -> subprocess.Popen:
        if self._proc is not None and self._proc.poll() is None:
            return self._proc
        package_root = str(Path(__file__).resolve().parents[2])  # the worker runs this very code
        env = {**os.environ, "PYTHONPATH": package_root + os.pathsep + os.environ.get("PYTHONPATH", "")}
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "moneytrail.web.sandbox", json.dumps(self.config)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
        ready = self._reply(self._proc, 60)
        if not ready or "ready" not in ready:
            self._kill()
            raise BadRequest("the SQL sandbox could not start" + (f": {ready['error']}" if ready else ""))
        return self._proc

    def _reply(self, proc: subprocess.Popen, timeout: float) -> dict | None:
        """The worker's next line, or None when it said nothing in time or died."""
        readable, _, _ = select.select([proc.stdout], [], [], timeout)
        line = proc.stdout.readline() if readable else ""
        return json.loads(line) if line else None

    def _kill(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
            self._proc = None

    def run(self, q: str) -> Answer:
        """Run one checked query in the worker; a busy sandbox answers 503 rather than queueing for long."""
        check(q)
        if not self._lock.acquire(timeout=self.seconds):
            raise OverBudget("the SQL sandbox is busy with other queries; try again shortly")
        try:
            if self._closed:
                raise OverBudget("the server is shutting down")
            proc = self._worker()
            proc.stdin.write(json.dumps({"q": q}) + "\n")
            proc.stdin.flush()
            reply = self._reply(proc, self.seconds + GRACE)
            if reply is None:
                died = proc.poll() is not None
                self._kill()
                if self._closed:
                    raise OverBudget("the server is shutting down")
                if died:
                    raise BadRequest("query refused: it needed more memory than the SQL sandbox allows")
                raise BadRequest(f"query stopped after the {self.seconds:g}-second limit")
            if "error" in reply:
                raise BadRequest(reply["error"])
            return Answer(**reply["answer"])
        finally:
            self._lock.release()

    def close(self) -> None:
        """Stop the worker (shutdown): a query in flight ends at once."""
        self._closed = True
        proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.kill()  # no lock: a query holding it is woken by the worker's end


# -- the worker process ------------------------------------------------------------------


def _open(db: str, memory_limit: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:", config={"threads": 1, "memory_limit": memory_limit})
    con.execute("SET temp_directory = ''")  # no spilling to disk: the limit is the limit
    con.execute("ATTACH ? AS store (READ_ONLY)", [db])
    con.execute("USE store")
    for setting in ("enable_external_access", "autoinstall_known_extensions", "autoload_known_extensions"):
        con.execute(f"SET {setting} = false")
    con.execute("SET lock_configuration = true")
    return con


def _cap_address_space() -> None:
    """The OS bound on what a query can build: what the worker holds now plus HEADROOM."""
    try:
        import resource

        status = Path("/proc/self/status").read_text()
        held = int(re.search(r"VmSize:\s+(\d+) kB", status).group(1)) * 1024
        resource.setrlimit(resource.RLIMIT_AS, (held + HEADROOM, held + HEADROOM))
    except (ImportError, OSError, AttributeError, ValueError):  # not Linux: DuckDB's own limit only
        pass


def answer(con: duckdb.DuckDBPyConnection, q: str, seconds: float, memory_limit: str, max_rows: int,
           max_bytes: int) -> Answer:
    """One checked query's answer, cut at ``max_rows`` rows or ``max_bytes`` of cell text."""
    check(q)
    timer = threading.Timer(seconds, con.interrupt)
    timer.start()
    limits = {"seconds": seconds, "rows": max_rows, "bytes": max_bytes, "memory": memory_limit}
    try:
        con.execute(q)
        cols = [d[0] for d in con.description or []]
        rows, size, cut = [], 0, ""
        while not cut:
            chunk = con.fetchmany(FETCH)
            if not chunk:
                break
            for r in chunk:
                if len(rows) == max_rows:
                    cut = f"cut at {max_rows:,} rows"
                    break
                row = {c: json_safe(v) for c, v in zip(cols, r, strict=False)}
                size += sum(len(str(v)) for v in row.values())
                if size > max_bytes:
                    cut = f"cut at {max_bytes:,} characters of cell text"
                    break
                rows.append(row)
    except duckdb.InterruptException:
        raise BadRequest(f"query stopped after the {seconds:g}-second limit") from None
    except duckdb.PermissionException:
        raise BadRequest("query refused: it reads files, and user SQL reads the store only") from None
    except (duckdb.OutOfMemoryException, MemoryError):
        raise BadRequest("query refused: it needed more memory than the SQL sandbox allows") from None
    except duckdb.Error as exc:
        raise BadRequest(f"query failed: {_first_line(exc)}") from None
    finally:
        timer.cancel()
    message = f"answer {cut}; add a LIMIT or aggregate" if cut else ""
    return Answer(cols, rows, truncated=bool(cut), message=message, limits=limits)


def _serve(config: dict) -> None:
    try:
        con = _open(config["db"], config["memory_limit"])
    except duckdb.Error as exc:
        print(json.dumps({"error": _first_line(exc)}), flush=True)
        return
    _cap_address_space()
    print(json.dumps({"ready": True}), flush=True)
    limits = {k: config[k] for k in ("seconds", "memory_limit", "max_rows", "max_bytes")}
    for line in sys.stdin:
        try:
            reply = {"answer": asdict(answer(con, json.loads(line)["q"], **limits))}
        except BadRequest as exc:
            reply = {"error": str(exc)}
        except MemoryError:
            reply = {"error": "query refused: it needed more memory than the SQL sandbox allows"}
        print(json.dumps(reply), flush=True)


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


if __name__ == "__main__":
    _serve(json.loads(sys.argv[1]))
