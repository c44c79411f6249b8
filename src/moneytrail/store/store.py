"""The DuckDB store: one file, transactional loads, and the ledger that makes them idempotent."""

from __future__ import annotations

import os
import queue
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from ..errors import FileFormatError, MoneytrailError
from ..lazy import pa
from ..sources.bulk import BulkReader, SourceFile, make_reader
from ..sources.efile import FecBody, filing_id_from_name, inspect_filing, make_readable
from ..sources.files import RejectLog, require_regular, sha256_of
from ..sources.layouts import Column, Layout
from .filings import FILING_TABLES, BatchLoader, Part, temp_table
from .schema import MIGRATIONS

DEFAULT_DB = "moneytrail.duckdb"


@dataclass
class LoadResult:
    load_id: int | None
    path: str
    kind: str
    cycle: int
    status: str  # loaded | unchanged | failed
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_warned: int = 0
    rows_already_loaded: int = 0  # rows (by SUB_ID) another load of this kind and cycle already held
    message: str = ""
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


class _Hasher(threading.Thread):
    """Hashes a file beside the load, on the core the parser leaves idle."""

    def __init__(self, path: Path):
        super().__init__(daemon=True)
        self.path = path
        self.digest: str | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.digest = sha256_of(self.path)
        except BaseException as exc:  # reported by the caller
            self.error = exc


def _parsed(col: Column) -> str | None:
    """The one parse of an int or date column (computed once per row, used twice)."""
    n = f'"{col.name}"'
    if col.base_type == "int":
        return f"TRY_CAST(NULLIF(trim({n}), '') AS BIGINT)"
    if col.base_type == "bool":
        return f"TRY_CAST(NULLIF(trim({n}), '') AS BOOLEAN)"
    if col.base_type == "date":
        fmts = ", ".join(f"'{f}'" for f in col.date_formats)
        return f"TRY_STRPTIME(NULLIF(trim({n}), ''), [{fmts}])::DATE"
    return None


def _typed_expr(col: Column, cycle: int) -> list[str]:
    """SQL that turns a validated text column into its stored column(s)."""
    n = f'"{col.name}"'
    t = col.base_type
    if t == "text":
        return [n]  # empty fields arrive as NULL already
    if t == "id":
        return [f"NULLIF(upper(trim({n})), '')"]
    if t == "amount":
        return [f"CAST(NULLIF({n}, '') AS DECIMAL(14,2))"]  # '' only if it was all blanks
    if t == "key":
        return [f"CAST(NULLIF({n}, '') AS BIGINT)"]
    p = f'"_p_{col.name}"'
    if t in ("int", "bool"):
        parsed = p
    else:  # date: plausible dates only, so a typo like 01012204 does not pass as real
        parsed = f"(CASE WHEN {p} BETWEEN DATE '1970-01-01' AND DATE '{cycle + 4}-12-31' THEN {p} END)"
    return [parsed, f"CASE WHEN trim({n}) <> '' AND {parsed} IS NULL THEN {n} END"]


def insert_sql(layout: Layout, cycle: int, load_id: int, source: str) -> tuple[str, list[str]]:
    """The one INSERT ... SELECT that types a stream of text batches into a bulk table."""
    if layout.cycle_from:  # each row's own year places it (an odd year belongs to the next cycle)
        year = _typed_expr(layout.column(layout.cycle_from), 0)[0]
        cycle_sql = f"CAST({year} + {year} % 2 AS SMALLINT)"
    else:
        cycle_sql = str(cycle)
    names, exprs = ["cycle", "load_id", "line_no"], [cycle_sql, str(load_id), "line_no"]
    raw_names, raw_exprs, parses = [], [], []
    for c in layout.columns:
        if c.name in layout.ignore_columns:
            continue
        e = _typed_expr(c, cycle)
        names.append(c.name)
        exprs.append(e[0])
        if c.keeps_raw:
            raw_names.append(f"{c.name}_raw")
            raw_exprs.append(e[1])
            parses.append(f'{_parsed(c)} AS "_p_{c.name}"')
    cols = names + raw_names
    inner = f"(SELECT *{''.join(', ' + p for p in parses)} FROM {source})"
    sql = f"INSERT INTO {layout.table} ({', '.join(cols)}) SELECT {', '.join(exprs + raw_exprs)} FROM {inner}"
    return sql, raw_names


def _prefetch(items: Iterator, failure: list[BaseException], depth: int = 4) -> Iterator:
    """Run an iterator on a thread, one item ahead: the parser works while DuckDB inserts.

    An exception in the thread (a bad file, a Ctrl-C test double) is raised here, in order.
    """
    q: queue.Queue = queue.Queue(maxsize=depth)
    done = object()
    stop = threading.Event()

    def work() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        q.put(("item", item), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            q.put(("end", done))
        except BaseException as exc:  # handed to the consumer
            q.put(("error", exc))

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    try:
        while True:
            tag, value = q.get()
            if tag == "end":
                return
            if tag == "error":
                failure.append(value)
                raise value
            yield value
    finally:
        stop.set()
        thread.join(timeout=5)


class Store:
    """One DuckDB file. Writers migrate it on open; readers open it read-only."""

    def __init__(self, path: str | os.PathLike = DEFAULT_DB, read_only: bool = False,
                 memory_limit: str | None = None):
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise MoneytrailError(f"no database at {self.path}; ingest some files first (moneytrail ingest)")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:  # locked by another process, not a DuckDB file, ...
            raise MoneytrailError(f"cannot open {self.path}: {exc}") from exc
        self.con.execute("SET enable_progress_bar = false")
        if memory_limit:  # DuckDB spills beyond it; the reader itself streams in fixed-size blocks
            self.con.execute("SET memory_limit = ?", [memory_limit])
        if not read_only:
            self.migrate()
        elif self.schema_version < MIGRATIONS[-1][0]:
            version = self.schema_version
            self.con.close()
            raise MoneytrailError(
                f"{self.path} was made by an older moneytrail (schema {version}, now {MIGRATIONS[-1][0]}); "
                f"upgrade it with: moneytrail migrate --db {self.path}"
            )

    @classmethod
    def over(cls, con: duckdb.DuckDBPyConnection, path: str | os.PathLike) -> Store:
        """A store over a connection someone else opened (a cursor per web request, say)."""
        store = cls.__new__(cls)
        store.path, store.con = Path(path), con
        return store

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- schema ---------------------------------------------------------------------

    def migrate(self) -> None:
        self.con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER, applied TIMESTAMP)")
        done = {r[0] for r in self.con.execute("SELECT version FROM schema_version").fetchall()}
        for version, _title, statements in MIGRATIONS:
            if version in done:
                continue
            self.con.begin()
            try:
                for stmt in statements():
                    self.con.execute(stmt)
                self.con.execute("INSERT INTO schema_version VALUES (?, now())", [version])
                self.con.commit()
            except BaseException:
                self.con.rollback()
                raise

    @property
    def schema_version(self) -> int:
        try:
            return self.con.execute("SELECT max(version) FROM schema_version").fetchall()[0][0] or 0
        except duckdb.CatalogException:  # not a moneytrail store (yet)
            return 0

    # -- loading --------------------------------------------------------------------

    def load(
        self,
        source: SourceFile,
        replace: bool = False,
        progress: Callable[[int, int, int], None] | None = None,
        force: bool = False,
    ) -> LoadResult:
        """Load one file in one transaction: all its rows and rejects, or nothing.

        An identical file already loaded (same sha256, kind and cycle) is a no-op. A
        different file with the same name, kind and cycle needs ``replace=True``, which
        swaps the old rows for the new ones atomically, unless the new file's coverage ends
        earlier than the loaded one's (``force=True`` swaps anyway). A file whose every row
        is rejected is an error: nothing is loaded.
        """
        if source.kind == "fec":
            return self.load_filings([source], replace=replace)[0]
        started = datetime.now()
        path = source.path
        require_regular(path)
        stat = path.stat()
        file_name = f"{path.name}!{source.member}" if source.member else path.name
        base = dict(path=str(path), kind=source.kind, cycle=source.cycle)

        same_size = self.con.execute(
            "SELECT count(*) FROM loads WHERE status = 'loaded' AND size = ? AND kind = ? "
            "AND cycle IS NOT DISTINCT FROM ?",
            [stat.st_size, source.kind, source.cycle],
        ).fetchall()[0][0]
        digest = None
        hasher = None
        if same_size:
            digest = sha256_of(path)
            prior = self._identical(digest, source)
            if prior:
                return LoadResult(load_id=prior, status="unchanged",
                                  message=f"identical to load {prior}; nothing to do", **base)
        else:
            hasher = _Hasher(path)
            hasher.start()

        previous = [
            r[0]
            for r in self.con.execute(
                "SELECT load_id FROM loads WHERE status = 'loaded' AND kind = ? "
                "AND cycle IS NOT DISTINCT FROM ? AND file_name = ?",
                [source.kind, source.cycle, file_name],
            ).fetchall()
        ]
        if previous and not replace:
            if hasher:
                hasher.join()
            raise MoneytrailError(
                f"{file_name} ({source.kind} {source.cycle}) is already loaded (load "
                f"{', '.join(map(str, previous))}) with different contents; pass --replace to swap it "
                "(a file whose coverage ends earlier than the loaded one's is refused unless --force)"
            )

        load_id = self.con.execute("SELECT nextval('load_id_seq')").fetchall()[0][0]
        layout = source.layout
        total = stat.st_size
        reader = make_reader(source)
        if progress:
            reader.on_bytes = lambda n: progress(n, total, reader.rows_yielded)
        self.con.begin()
        try:
            self._insert_ledger(load_id, source, file_name, stat, started)
            sql, raw_names = insert_sql(layout, source.cycle, load_id, "_incoming")
            failure: list[BaseException] = []
            stream = pa.RecordBatchReader.from_batches(reader.schema(), _prefetch(reader.batches(), failure))
            self.con.register("_incoming", stream)
            # rows carry their line numbers, so DuckDB need not keep the stream's order
            self.con.execute("SET preserve_insertion_order = false")
            try:
                self.con.execute(sql)
            except duckdb.Error as exc:
                if failure:  # the reader's own error, not DuckDB's wrapping of it
                    raise failure[0] from None
                raise FileFormatError(f"{source.display_name}: {exc}") from exc
            finally:
                try:
                    self.con.execute("RESET preserve_insertion_order")
                    self.con.unregister("_incoming")
                except duckdb.Error:
                    pass  # an aborted transaction refuses; the rollback below clears it
            loaded = self.con.execute(
                f"SELECT count(*) FROM {layout.table} WHERE load_id = ?", [load_id]
            ).fetchall()[0][0]
            if loaded != reader.rows_yielded:
                raise MoneytrailError(
                    f"{source.display_name}: {reader.rows_yielded} rows read but {loaded} stored"
                )
            self._write_rejects(load_id, source, reader)
            if reader.rows_read and not reader.lines_loaded:
                raise FileFormatError(self._all_rejected(source, reader, load_id))
            self._write_parse_warnings(load_id, source, layout, raw_names)
            if previous and not force:
                self._refuse_older(source, layout, load_id, previous)
            already = self._count_already_loaded(layout, load_id, previous)
            prior, warned = self._settle(load_id, source, digest, hasher, previous, [layout.table],
                                         (reader.rows_read, reader.lines_loaded, reader.rows_rejected), None)
            if already is not None:
                self.con.execute("UPDATE loads SET rows_already_loaded = ? WHERE load_id = ?", [already, load_id])
            if prior:
                return LoadResult(load_id=prior, status="unchanged",
                                  message=f"identical to load {prior}; nothing to do", **base)
        except BaseException as exc:
            self.con.rollback()
            self.con.execute("RESET preserve_insertion_order")
            try:
                self.con.unregister("_incoming")
            except duckdb.Error:
                pass
            if hasher:
                hasher.join()
            self._record_failure(load_id, source, file_name, stat, started, exc)
            raise
        notes = (["replaced load " + ", ".join(map(str, previous))] if previous else []) + (
            [f"{already:,} row(s) already held by another load of {source.kind} {source.cycle} (same SUB_ID): "
             "counted once"] if already else [])
        return LoadResult(
            load_id=load_id,
            status="loaded",
            rows_read=reader.rows_read,
            rows_loaded=reader.lines_loaded,
            rows_rejected=reader.rows_rejected,
            rows_warned=warned,
            rows_already_loaded=already or 0,
            message="; ".join(notes),
            seconds=(datetime.now() - started).total_seconds(),
            **base,
        )

    def load_filings(self, sources: list[SourceFile], replace: bool = False,
                     batch_bytes: int = 256 << 20, batch_files: int = 2000, strict: bool = True) -> list[LoadResult]:
        """Load many .fec filings in few transactions: one per batch of up to ``batch_files`` filings
        (or ``batch_bytes`` bytes), each filing its own ledger row, all read and inserted together.

        A filing that cannot be read is recorded as failed and the others load; the error is raised
        afterwards, naming it (``strict=False``: returned as a failed result instead). A batch whose
        accounting does not add up loads nothing.
        """
        results: list[LoadResult] = []
        failures: list[str] = []
        batch: list[SourceFile] = []
        names: set[str] = set()  # a filing twice goes in the next batch, after the first is settled
        size = 0
        for source in sources:
            name = self._filing_name(source)
            try:
                nbytes = source.path.stat().st_size
            except OSError:
                nbytes = 0
            if batch and (size + nbytes > batch_bytes or len(batch) >= batch_files or name in names):
                results += self._load_batch(batch, replace, failures)
                batch, size, names = [], 0, set()
            batch.append(source)
            names.add(name)
            size += nbytes
        if batch:
            results += self._load_batch(batch, replace, failures)
        if failures and strict:
            loaded = sum(r.status == "loaded" for r in results)
            head = failures[0] if len(failures) == 1 else (
                f"{len(failures)} filings were not loaded; the first: {failures[0]}")
            raise FileFormatError(head + (f" ({loaded} other filing(s) loaded)" if loaded else ""))
        return results

    @staticmethod
    def _filing_name(source: SourceFile) -> str:
        """A filing is known in the ledger by its FEC number; without one, by its full path."""
        filing_id = filing_id_from_name(source)
        return f"FEC-{filing_id}" if filing_id is not None else source.display_name

    def _load_batch(self, sources: list[SourceFile], replace: bool, failures: list[str]) -> list[LoadResult]:
        started = datetime.now()
        results: dict[int, LoadResult] = {}
        log = RejectLog()
        with tempfile.TemporaryDirectory(prefix="moneytrail-fec-") as tmp:
            ready: dict[int, tuple[SourceFile, os.stat_result, str, FecBody | None]] = {}
            zip_digests: dict[Path, str] = {}

            def fail(i: int, source: SourceFile, stat, exc: MoneytrailError) -> None:
                if stat is not None:
                    load_id = self.con.execute("SELECT nextval('load_id_seq')").fetchall()[0][0]
                    self._record_failure(load_id, source, self._filing_name(source), stat, started, exc)
                failures.append(str(exc))
                results[i] = LoadResult(load_id=None, path=str(source.path), kind="fec", cycle=None,
                                        status="failed", message=str(exc))

            for i, source in enumerate(sources):  # hash each: a member by its zip's, a file by its own
                stat = None
                try:
                    require_regular(source.path)
                    stat = source.path.stat()
                    if source.member:
                        if source.path not in zip_digests:
                            zip_digests[source.path] = sha256_of(source.path)
                        ready[i] = (source, stat, zip_digests[source.path], None)
                    else:
                        body = inspect_filing(source, Path(tmp), i)
                        ready[i] = (source, stat, body.digest, body)
                except MoneytrailError as exc:
                    fail(i, source, stat, exc)
            prior, previous = self._ledger_of(
                {i: (self._filing_name(src), digest, src.member or "") for i, (src, _, digest, _) in ready.items()})
            parts: list[Part] = []
            plans: dict[int, tuple] = {}
            for i, (source, stat, digest, body) in ready.items():
                if i in prior:
                    results[i] = LoadResult(load_id=prior[i], path=str(source.path), kind="fec", cycle=None,
                                            status="unchanged", message=f"identical to load {prior[i]}; nothing to do")
                    continue
                try:
                    if previous.get(i) and not replace:
                        raise MoneytrailError(
                            f"{self._filing_name(source)} (fec) is already loaded (load "
                            f"{', '.join(map(str, previous[i]))}) with different contents; pass --replace to swap it")
                    body = make_readable(body or inspect_filing(source, Path(tmp), i), log, i)
                except MoneytrailError as exc:
                    fail(i, source, stat, exc)
                    continue
                parts.append(Part(0, source, body, i))
                plans[i] = (source, stat, digest, previous.get(i, []))
            if parts:
                first = self.con.execute(
                    f"SELECT nextval('load_id_seq') FROM range({len(parts)})").fetchall()
                for p, (load_id,) in zip(parts, first, strict=True):
                    p.load_id = load_id
                try:
                    results.update(self._commit_batch(parts, plans, log, started))
                finally:
                    log.close()
        return [results[i] for i in sorted(results)]

    def _ledger_of(self, wanted: dict[int, tuple[str, str, str]]) -> tuple[dict[int, int], dict[int, list[int]]]:
        """For many filings at once (index -> file name, sha256, member): the load each is identical to
        (the rule of :meth:`_identical`), and the loads of the same filing it would replace."""
        if not wanted:
            return {}, {}
        idx = list(wanted)
        temp_table(self.con, "_wanted", {"i": ("INTEGER", idx),
                                         "file_name": ("VARCHAR", [wanted[i][0] for i in idx]),
                                         "sha256": ("VARCHAR", [wanted[i][1] for i in idx]),
                                         "member": ("VARCHAR", [wanted[i][2] for i in idx])})
        try:
            prior = dict(self.con.execute(
                "SELECT w.i, min(l.load_id) FROM _wanted w JOIN loads l ON l.status = 'loaded' AND l.kind = 'fec' "
                "AND l.cycle IS NULL AND l.sha256 = w.sha256 AND coalesce(l.member, '') = w.member GROUP BY w.i"
            ).fetchall())
            previous = dict(self.con.execute(
                "SELECT w.i, list(l.load_id ORDER BY l.load_id) FROM _wanted w JOIN loads l ON l.status = 'loaded' "
                "AND l.kind = 'fec' AND l.cycle IS NULL AND l.file_name = w.file_name GROUP BY w.i"
            ).fetchall())
        finally:
            self.con.execute("DROP TABLE IF EXISTS _wanted")
        return prior, previous

    # -- the rules that keep data: coverage on replace, overlapping rows, files that are all rejects ------

    def _coverage_end(self, layout: Layout, where: str, params: list):
        """The latest date a load's rows cover: CVG_END_DT for summary files, the latest transaction
        date (within the cycle) for transaction files; None for files without dates."""
        names = layout.names
        col = "cvg_end_dt" if "cvg_end_dt" in names else "transaction_dt" if "transaction_dt" in names else None
        if col is None:
            return None
        return self.con.execute(
            f"SELECT max({col}) FROM {layout.table} WHERE {where} AND {col} <= make_date(cycle, 12, 31)", params
        ).fetchall()[0][0]

    def _refuse_older(self, source: SourceFile, layout: Layout, load_id: int, previous: list[int]) -> None:
        """--replace must not swap a full file for an older snapshot: that would silently lose rows."""
        marks = ", ".join("?" * len(previous))
        old_end = self._coverage_end(layout, f"load_id IN ({marks})", previous)
        new_end = self._coverage_end(layout, "load_id = ?", [load_id])
        if old_end is None or (new_end is not None and new_end >= old_end):
            return
        old_rows = self.con.execute(f"SELECT count(*) FROM {layout.table} WHERE load_id IN ({marks})",
                                    previous).fetchall()[0][0]
        new_rows = self.con.execute(f"SELECT count(*) FROM {layout.table} WHERE load_id = ?",
                                    [load_id]).fetchall()[0][0]
        raise MoneytrailError(
            f"{source.display_name} covers through {new_end or 'no date'} but the loaded file (load "
            f"{', '.join(map(str, previous))}) covers through {old_end}: replacing would swap {old_rows:,} rows "
            f"for {new_rows:,} and lose the later coverage; the loaded file is kept (pass --force to replace anyway)"
        )

    def _count_already_loaded(self, layout: Layout, load_id: int, replaced: list[int]) -> int | None:
        """Rows of this load whose SUB_ID another current load of the kind and cycle holds (counted once)."""
        if "sub_id" not in layout.names:
            return None
        skip = [load_id, *replaced]
        marks = ", ".join("?" * len(skip))
        return self.con.execute(
            f"SELECT count(*) FROM {layout.table} n WHERE n.load_id = ? AND n.sub_id IS NOT NULL AND EXISTS ("
            f"SELECT 1 FROM {layout.table} o JOIN loads l ON l.load_id = o.load_id AND l.status = 'loaded' "
            f"WHERE o.sub_id = n.sub_id AND o.cycle = n.cycle AND o.load_id NOT IN ({marks}))",
            [load_id, *skip],
        ).fetchall()[0][0]

    def _all_rejected(self, source: SourceFile, reader: BulkReader, load_id: int) -> str:
        """Every row rejected: almost always the wrong kind. Name the kinds whose field count fits
        (the commonest field count of the rejected lines, read back from the rejects just written)."""
        from ..sources.layouts import LAYOUTS

        found = self.con.execute(
            "SELECT len(string_split(raw_line, '|')) AS n FROM rejects WHERE load_id = ? AND action = 'rejected' "
            "AND raw_line IS NOT NULL AND raw_line <> '' GROUP BY n ORDER BY count(*) DESC, n LIMIT 1", [load_id]
        ).fetchall()
        guess = ""
        if found:
            fields = found[0][0]
            kinds = [k for k, lay in LAYOUTS.items() if lay.table.startswith("bulk_") and lay.delimiter == "|"
                     and lay.field_count == fields]
            if kinds:
                guess = f"; its rows have {fields} fields, like a {' or '.join(kinds)} file (pass --kind {kinds[0]})"
            else:
                guess = f"; its rows have {fields} fields, which no FEC bulk file has"
        return (f"{source.display_name}: all {reader.rows_read:,} rows were rejected as {source.kind} "
                f"({source.layout.title}){guess}; nothing was loaded")

    def _commit_batch(self, parts: list[Part], plans: dict, log: RejectLog, started: datetime) -> dict[int, LoadResult]:
        """The batch's one transaction: ledger rows, every filing's rows and rejects, the accounting, commit."""
        self.con.begin()
        try:
            temp_table(self.con, "_ledger", {
                "load_id": ("INTEGER", [p.load_id for p in parts]),
                "path": ("VARCHAR", [str(p.source.path) for p in parts]),
                "member": ("VARCHAR", [p.source.member for p in parts]),
                "file_name": ("VARCHAR", [self._filing_name(p.source) for p in parts]),
                "size": ("BIGINT", [plans[p.part][1].st_size for p in parts]),
                "mtime": ("DOUBLE", [plans[p.part][1].st_mtime for p in parts]),
            })
            self.con.execute(
                "INSERT INTO loads (load_id, path, member, file_name, size, mtime, kind, cycle, table_name, started, "
                "status) SELECT load_id, path, member, file_name, size, mtime, 'fec', NULL, 'filings', ?, 'loading' "
                "FROM _ledger", [started])
            counts = BatchLoader(self.con, parts, log).load()
            ids = ", ".join(str(p.load_id) for p in parts)
            warned = dict(self.con.execute(
                f"SELECT load_id, count(DISTINCT line_no) FROM rejects WHERE load_id IN ({ids}) AND action = 'kept' "
                "GROUP BY load_id").fetchall())
            out = {}
            for p in parts:
                previous = plans[p.part][3]
                if previous:
                    self._retire(previous, p.load_id, FILING_TABLES)
                c = counts[p.load_id]
                notes = c.notes + (["replaced load " + ", ".join(map(str, previous))] if previous else [])
                out[p.part] = (c, "; ".join(notes), warned.get(p.load_id, 0))
            temp_table(self.con, "_ledger", {
                "load_id": ("INTEGER", [p.load_id for p in parts]),
                "sha256": ("VARCHAR", [plans[p.part][2] for p in parts]),
                "rows_read": ("BIGINT", [out[p.part][0].records for p in parts]),
                "rows_loaded": ("BIGINT", [out[p.part][0].loaded for p in parts]),
                "rows_rejected": ("BIGINT", [out[p.part][0].rejected for p in parts]),
                "rows_warned": ("BIGINT", [out[p.part][2] for p in parts]),
                "message": ("VARCHAR", [out[p.part][1] or None for p in parts]),
            })
            self.con.execute(
                "UPDATE loads SET sha256 = l.sha256, rows_read = l.rows_read, rows_loaded = l.rows_loaded, "
                "rows_rejected = l.rows_rejected, rows_warned = l.rows_warned, finished = now(), "
                "status = 'loaded', message = l.message FROM _ledger l WHERE loads.load_id = l.load_id")
            self.con.execute("DROP TABLE _ledger")
            self.con.commit()
        except BaseException as exc:
            self.con.rollback()
            for p in parts:
                source, stat = plans[p.part][:2]
                self._record_failure(p.load_id, source, self._filing_name(source), stat, started, exc)
            raise
        seconds = (datetime.now() - started).total_seconds()
        return {
            p.part: LoadResult(load_id=p.load_id, path=str(p.source.path), kind="fec", cycle=c.cycle,
                               status="loaded", rows_read=c.records, rows_loaded=c.loaded,
                               rows_rejected=c.rejected, rows_warned=w, message=m, seconds=seconds)
            for p in parts for c, m, w in [out[p.part]]
        }

    def _settle(self, load_id: int, source: SourceFile, digest: str | None, hasher: _Hasher | None,
                previous: list[int], tables: list[str], counts: tuple[int, int, int],
                message: str | None) -> tuple[int | None, int]:
        """The end every load shares, inside its transaction: wait for the file's hash; if an identical
        file is already loaded, roll back and return its load id; else retire the loads this one
        replaces, complete the ledger row and commit. Returns (identical load or None, rows warned)."""
        warned = self.con.execute(
            "SELECT count(DISTINCT line_no) FROM rejects WHERE load_id = ? AND action = 'kept'", [load_id]
        ).fetchall()[0][0]
        if hasher:
            hasher.join()
            if hasher.error:
                raise hasher.error
            digest = hasher.digest
        prior = self._identical(digest, source)
        if prior:
            self.con.rollback()
            return prior, warned
        if previous:
            self._retire(previous, load_id, tables)
        self.con.execute(
            "UPDATE loads SET sha256 = ?, rows_read = ?, rows_loaded = ?, rows_rejected = ?, rows_warned = ?, "
            "finished = now(), status = 'loaded', message = ? WHERE load_id = ?",
            [digest, *counts, warned, message, load_id],
        )
        self.con.commit()
        return None, warned

    def _identical(self, digest: str | None, source: SourceFile) -> int | None:
        if digest is None:
            return None
        row = self.con.execute(
            "SELECT load_id FROM loads WHERE status = 'loaded' AND sha256 = ? AND kind = ? "
            "AND cycle IS NOT DISTINCT FROM ? AND coalesce(member, '') = ?",
            [digest, source.kind, source.cycle, source.member or ""],
        ).fetchall()
        return row[0][0] if row else None

    def _insert_ledger(self, load_id, source: SourceFile, file_name, stat, started, status="loading",
                       message=None) -> None:
        self.con.execute(
            "INSERT INTO loads (load_id, path, member, file_name, size, mtime, kind, cycle, table_name, "
            "started, status, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [load_id, str(source.path), source.member, file_name, stat.st_size, stat.st_mtime,
             source.kind, source.cycle, "filings" if source.kind == "fec" else source.layout.table, started,
             status, message],
        )

    def _record_failure(self, load_id, source, file_name, stat, started, exc) -> None:
        message = str(exc) or type(exc).__name__
        try:
            self._insert_ledger(load_id, source, file_name, stat, started, status="failed",
                                message=message[:2000])
            self.con.execute("UPDATE loads SET finished = now() WHERE load_id = ?", [load_id])
        except duckdb.Error:
            pass  # the store is unusable (e.g. interrupted twice); the original error matters more

    def _retire(self, previous: list[int], load_id: int, tables: list[str]) -> None:
        placeholders = ", ".join("?" * len(previous))
        for table in tables:
            self.con.execute(f"DELETE FROM {table} WHERE load_id IN ({placeholders})", previous)
        self.con.execute(f"DELETE FROM rejects WHERE load_id IN ({placeholders})", previous)
        self.con.execute(
            f"UPDATE loads SET status = 'replaced', replaced_by = ? WHERE load_id IN ({placeholders})",
            [load_id, *previous],
        )

    def _write_rejects(self, load_id: int, source: SourceFile, reader: BulkReader) -> None:
        """The reader's rejects and warnings, streamed from its spool; a repair noted on a line that was
        then rejected is dropped (the line was not loaded, so nothing was kept)."""
        log = reader.rejects
        if not isinstance(log, RejectLog):  # a whole-file reader's list (election results)
            log = RejectLog()
            for r in reader.rejects:
                log.append(r)
        spool = log.spool()
        if spool is None:
            return
        try:
            self.con.execute(
                "INSERT INTO rejects SELECT ?, ?, line_no, action, reason, column_name, value, raw_line "
                f"FROM {spool}", [load_id, source.display_name])
        finally:
            log.close()
        self.con.execute(
            "DELETE FROM rejects WHERE load_id = ? AND action = 'kept' AND line_no IN "
            "(SELECT line_no FROM rejects WHERE load_id = ? AND action = 'rejected')", [load_id, load_id])

    def _write_parse_warnings(self, load_id, source: SourceFile, layout: Layout, raw_names) -> None:
        """Values kept as raw text because they did not parse (dates, integers) become warnings."""
        for raw in raw_names:
            col = raw[: -len("_raw")]
            kind = layout.column(col).base_type
            self.con.execute(
                f"INSERT INTO rejects SELECT load_id, ?, line_no, 'kept', ?, ?, {raw}, NULL "
                f"FROM {layout.table} WHERE load_id = ? AND {raw} IS NOT NULL",
                [source.display_name, f"unparseable {kind} kept as text in {raw}", col, load_id],
            )

    def set_meta(self, key: str, value: str) -> None:
        self.con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])

    def meta(self, key: str) -> str | None:
        row = self.con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchall()
        return row[0][0] if row else None

    # -- reading the ledger -----------------------------------------------------------

    def loads(self, include_replaced: bool = False) -> pa.Table:
        where = "" if include_replaced else "WHERE status <> 'replaced'"
        return self.con.sql(
            "SELECT load_id, kind, cycle, file_name, rows_read, rows_loaded, rows_rejected, rows_warned, "
            f"rows_already_loaded, status, started, finished, sha256, path, message FROM loads {where} ORDER BY load_id"
        ).to_arrow_table()

    def rejects(self, load_id: int | None = None, limit: int = 100, action: str | None = None) -> pa.Table:
        where, params = [], []
        if load_id is not None:
            where.append("load_id = ?")
            params.append(load_id)
        if action:
            where.append("action = ?")
            params.append(action)
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        return self.con.sql(
            f"SELECT load_id, file, line_no, action, reason, column_name, value, raw_line FROM rejects "
            f"{clause} ORDER BY load_id, line_no LIMIT {int(limit)}",
            params=params,
        ).to_arrow_table()
