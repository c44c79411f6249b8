"""Loading one `.fec` filing: DuckDB splits the records, the layout tables name the fields.

The body (sources/efile.py) is read by DuckDB's CSV reader as one column of lines, in
file order, so ``row_number()`` is the true line number. Each record type present is
matched to its raw layout (per version) and its schedule's canonical columns, and goes in
with one ``INSERT ... SELECT`` per layout: no Python loop over rows. Every record lands in
exactly one place — the cover in ``filings``, itemizations in ``filing_sa`` ... ``filing_text``,
anything else in ``filing_other`` — or in ``rejects``; the loader checks that they add up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import duckdb

from ..errors import FileFormatError, MoneytrailError
from ..sources.bulk import SourceFile
from ..sources.efile import FecBody, filing_id_from_name
from ..sources.efile_layouts import (
    COVER_FIELDS,
    COVER_PATTERN,
    SCHEDULES,
    Field,
    Schedule,
    base_form,
    locate,
    raw_fields,
    schedule_for,
)
from ..sources.layouts import AMOUNT_PATTERN

FILING_TABLES = [s.table for s in SCHEDULES.values()] + ["filing_other", "filings"]
_LINE_DELIM = "\x01\x02\x03"  # never in a filing: DuckDB hands us whole lines
DATE_FORMATS = ["%Y%m%d", "%m/%d/%Y", "%Y-%m-%d"]
_PROV = [("cycle", "SMALLINT"), ("load_id", "INTEGER NOT NULL"), ("line_no", "BIGINT NOT NULL"),
         ("filing_id", "BIGINT NOT NULL"), ("record_type", "VARCHAR NOT NULL")]


def _raw_name(f: Field) -> str:
    return f"{f.name}_raw"


def schedule_ddl(s: Schedule) -> str:
    cols = [f"{n} {t}" for n, t in _PROV] + [f"{f.name} {f.sql_type}" for f in s.fields]
    if s.name_parts:
        cols.append("name VARCHAR")
    cols += [f"{_raw_name(f)} VARCHAR" for f in s.fields if f.type == "date"]
    return f"CREATE TABLE IF NOT EXISTS {s.table} (\n  " + ",\n  ".join(cols) + "\n)"


def filings_ddl() -> list[str]:
    cover = ",\n  ".join(f"{f.name} {f.sql_type}" for f in COVER_FIELDS)
    return [
        f"""CREATE TABLE IF NOT EXISTS filings (
  filing_id BIGINT NOT NULL,      -- the FEC's filing number (file name); negative = unknown, local
  load_id INTEGER NOT NULL,
  cycle SMALLINT,                 -- of the report's coverage end (or date signed)
  line_no BIGINT,                 -- of the cover record
  form_type VARCHAR,              -- as filed: F3XN, F3XA, F24N ...
  form VARCHAR,                   -- without the N/A/T suffix: F3X, F24 ...
  amendment_ind VARCHAR,          -- N new, A amendment, T termination
  amends_filing_id BIGINT,        -- from the header's report_id (FEC-467627)
  amendment_number INTEGER,       -- the header's report_number
  version VARCHAR,
  software VARCHAR,
  received_date DATE,             -- paper filings' header only
  source VARCHAR,                 -- file (or zip!member) it was read from
  {cover},
  cover MAP(VARCHAR, VARCHAR),    -- every cover field by its layout name
  header MAP(VARCHAR, VARCHAR)
)""",
        """CREATE TABLE IF NOT EXISTS filing_other (
  cycle SMALLINT, load_id INTEGER NOT NULL, line_no BIGINT NOT NULL, filing_id BIGINT NOT NULL,
  record_type VARCHAR NOT NULL,
  fields MAP(VARCHAR, VARCHAR)    -- by layout name, or field_N where no layout is known
)""",
    ] + [schedule_ddl(s) for s in SCHEDULES.values()]


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_VAL = "fec_val"
_MACROS = [
    # a value in quotes (some FS software quotes values) loses them, and "" inside is one quote; blanks are NULL
    f"CREATE OR REPLACE TEMP MACRO {_VAL}(x) AS NULLIF(trim(CASE WHEN starts_with(x, '\"') AND "
    "ends_with(x, '\"') AND length(x) >= 2 THEN replace(x[2:-2], '\"\"', '\"') ELSE x END), '')",
]


def _value_sql(names: tuple[str, ...], f: Field, delim: str) -> str | None:
    where = locate(names, f)
    if where is None:
        return None
    i, part = where
    v = f"{_VAL}(f[{i}])"
    if part is not None:
        v = f"NULLIF(trim(string_split({v}, {_q(delim)})[{part}]), '')"
    return v


def _typed(v: str, f: Field, cycle_hi: int) -> str:
    if f.type == "id":
        return f"upper({v})"
    if f.type == "amount":
        return f"CASE WHEN regexp_full_match({v}, {_q(AMOUNT_PATTERN)}) THEN CAST({v} AS DECIMAL(14,2)) END"
    if f.type == "date":
        fmts = ", ".join(_q(x) for x in DATE_FORMATS)
        parsed = f"TRY_STRPTIME({v}, [{fmts}])::DATE"
        return f"(CASE WHEN {parsed} BETWEEN DATE '1975-01-01' AND DATE '{cycle_hi}-12-31' THEN {parsed} END)"
    return v


@dataclass
class FilingCounts:
    filing_id: int
    lines: int = 0
    records: int = 0
    loaded: int = 0
    rejected: int = 0
    texts: int = 0
    form_type: str | None = None
    cycle: int | None = None
    notes: list[str] = field(default_factory=list)


class FilingLoader:
    """Loads one filing's body into the filing tables, inside the caller's transaction."""

    def __init__(self, con: duckdb.DuckDBPyConnection, source: SourceFile, load_id: int):
        self.con, self.source, self.load_id = con, source, load_id
        self.display = source.display_name

    def load(self, body: FecBody) -> FilingCounts:
        for m in _MACROS:
            self.con.execute(m)
        body = self._read_lines(body)
        counts = self._load(body)
        self.con.execute("DROP TABLE IF EXISTS _fec")  # on failure the rollback drops it
        return counts

    def _read_lines(self, body: FecBody) -> FecBody:
        try:
            self.con.execute(
                "CREATE OR REPLACE TEMP TABLE _fec AS SELECT line_no, "
                "upper(fec_val(split_part(line, chr(28), 1))) AS rt, line FROM ("
                "SELECT (row_number() OVER ())::BIGINT AS line_no, line FROM read_csv("
                f"{_q(str(body.path))}, columns={{'line': 'VARCHAR'}}, delim={_q(_LINE_DELIM)}, quote='', "
                "escape='', header=false, auto_detect=false, strict_mode=false))"
            )
        except duckdb.InvalidInputException as exc:
            raise FileFormatError(f"{self.display}: {exc}") from exc
        return body

    def _load(self, body: FecBody) -> FilingCounts:
        hdr = body.header
        hl = hdr.header_lines
        lines, records = self.con.execute(
            f"SELECT count(*), count(*) FILTER (WHERE line_no > {hl} AND rt IS NOT NULL) FROM _fec"
        ).fetchall()[0]
        filing_id = filing_id_from_name(self.source)
        counts = FilingCounts(filing_id=filing_id if filing_id is not None else -self.load_id,
                              lines=lines, records=records)
        if filing_id is None:
            counts.notes.append("the file name carries no FEC filing id; a local id "
                                f"{counts.filing_id} was given (name files <filing id>.fec)")
        self._write_warnings(body)

        types = [r[0] for r in self.con.execute(
            f"SELECT rt FROM _fec WHERE line_no > {hl} AND rt IS NOT NULL GROUP BY rt ORDER BY min(line_no)"
        ).fetchall()]
        first = self.con.execute(
            f"SELECT line_no, rt FROM _fec WHERE line_no > {hl} AND rt IS NOT NULL ORDER BY line_no LIMIT 1"
        ).fetchall()
        cover_line, cover_rt = first[0] if first else (None, None)
        has_cover = cover_rt is not None and re.match(COVER_PATTERN, cover_rt) is not None
        counts.form_type = cover_rt if has_cover else None
        counts.cycle = self._insert_filing(body, counts, cover_line if has_cover else None, cover_rt)
        if has_cover:
            counts.loaded += 1
        else:
            counts.notes.append("no cover record after the header")

        cycle_sql = str(counts.cycle) if counts.cycle else "NULL"
        cycle_hi = (counts.cycle or 2100) + 4
        groups: dict[tuple[str, tuple[str, ...] | None], list[str]] = {}
        for rt in types:
            s = schedule_for(rt)
            key = "other" if s is None else s.key
            names = raw_fields(rt, hdr.version)
            if s is not None and names is None:
                key = "other"
            groups.setdefault((key, names), []).append(rt)
        for (key, names), rts in groups.items():
            where = f"line_no > {hl} AND rt IN ({', '.join(map(_q, rts))})"
            if has_cover:
                where += f" AND line_no <> {cover_line}"
            if key == "other":
                counts.loaded += self._insert_other(counts.filing_id, cycle_sql, where, names, rts, hdr.version)
            else:
                loaded, rejected = self._insert_schedule(SCHEDULES[key], counts.filing_id, cycle_sql, cycle_hi,
                                                         where, names, hdr.name_delim)
                counts.loaded += loaded
                counts.rejected += rejected
            if names is not None:
                self._field_count_warnings(where, len(names))
        counts.texts = self._insert_texts(body, counts.filing_id, cycle_sql)
        if counts.loaded + counts.rejected != counts.records:
            raise MoneytrailError(f"{self.display}: {counts.records} records read but {counts.loaded} loaded "
                                  f"and {counts.rejected} rejected")
        return counts

    # -- the pieces -------------------------------------------------------------------

    def _reject_sql(self, action: str, reason_sql: str, where: str, column: str = "NULL",
                    value: str = "NULL") -> str:
        return (f"INSERT INTO rejects SELECT {self.load_id}, {_q(self.display)}, line_no, {_q(action)}, "
                f"{reason_sql}, {column}, {value}, line FROM _fec WHERE {where}")

    def _write_warnings(self, body: FecBody) -> None:
        for w in body.warnings:
            self.con.execute(
                "INSERT INTO rejects VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [self.load_id, self.display, w.line_no, w.action, w.reason, w.column, w.value, w.raw],
            )

    def _field_count_warnings(self, where: str, expected: int) -> None:
        n = "(length(line) - length(replace(line, chr(28), '')) + 1)"
        self.con.execute(self._reject_sql(
            "kept",
            f"CASE WHEN {n} < {expected} THEN 'too few fields (' || {n} || ' of {expected}); missing ones are empty' "
            f"ELSE 'too many fields (' || {n} || ' of {expected}); the extra ones are not loaded' END",
            f"{where} AND {n} <> {expected}",
        ))

    def _insert_filing(self, body: FecBody, counts: FilingCounts, cover_line: int | None,
                       cover_rt: str | None) -> int | None:
        hdr = body.header
        names = raw_fields(cover_rt, hdr.version) if cover_line is not None else None
        exprs = {}
        for f in COVER_FIELDS:
            v = _value_sql(names, f, hdr.name_delim) if names else None
            exprs[f.name] = _typed(v, f, 2100) if v else "NULL"
        if names:
            keys = _unique(names)
            cover_map = (f"map_from_entries(list_transform(range(1, least(len(f), {len(keys)}) + 1), "
                         f"lambda i: {{'k': {_list(keys)}[i], 'v': {_VAL}(f[i])}}))")
        else:
            cover_map = "NULL"
        form, ind = base_form(cover_rt) if cover_line is not None else (None, None)
        header_map = "map_from_entries([" + ", ".join(
            f"{{'k': {_q(k)}, 'v': {_q(v)}}}" for k, v in hdr.fields.items()) + "])"
        received = "TRY_STRPTIME(" + _q(hdr.fields.get("received_date") or "") + ", '%Y%m%d')::DATE"
        src = (f"(SELECT line_no, string_split(line, chr(28)) AS f FROM _fec WHERE line_no = {cover_line})"
               if cover_line is not None else "(SELECT NULL::BIGINT AS line_no, []::VARCHAR[] AS f)")
        cover_cols = ", ".join(f.name for f in COVER_FIELDS)
        cover_vals = ", ".join(exprs[f.name] for f in COVER_FIELDS)
        self.con.execute(
            f"INSERT INTO filings (filing_id, load_id, line_no, form_type, form, amendment_ind, amends_filing_id, "
            f"amendment_number, version, software, received_date, source, {cover_cols}, cover, header) "
            f"SELECT ?, ?, line_no, ?, ?, ?, ?, ?, ?, ?, {received}, ?, {cover_vals}, {cover_map}, {header_map} "
            f"FROM {src}",
            [counts.filing_id, self.load_id, cover_rt if cover_line is not None else None, form, ind,
             hdr.amends_filing_id, hdr.amendment_number, hdr.version,
             " ".join(x for x in (hdr.fields.get("soft_name"), hdr.fields.get("soft_ver")) if x) or None,
             self.display],
        )
        year = self.con.execute(
            "SELECT year(coalesce(coverage_through, date_signed, received_date)) FROM filings "
            "WHERE load_id = ?", [self.load_id]
        ).fetchall()[0][0]
        cycle = year + year % 2 if year else None
        self.con.execute("UPDATE filings SET cycle = ? WHERE load_id = ?", [cycle, self.load_id])
        return cycle

    def _insert_schedule(self, s: Schedule, filing_id: int, cycle_sql: str, cycle_hi: int, where: str,
                         names: tuple[str, ...], delim: str) -> tuple[int, int]:
        cols, exprs, raw_cols, raw_exprs = [], [], [], []
        values: dict[str, str] = {}
        for f in s.fields:
            v = _value_sql(names, f, delim)
            values[f.name] = v or "NULL"
            cols.append(f.name)
            exprs.append(_typed(v, f, cycle_hi) if v else "NULL")
            if f.type == "date":
                raw_cols.append(_raw_name(f))
                raw_exprs.append(f"CASE WHEN {v} IS NOT NULL AND {_typed(v, f, cycle_hi)} IS NULL THEN {v} END"
                                 if v else "NULL")
        if s.name_parts:
            org, *person = [values.get(p, "NULL") for p in s.name_parts]
            last, *rest = person
            given = f"NULLIF(concat_ws(' ', {', '.join(rest)}), '')"
            cols.append("name")
            exprs.append(f"upper(coalesce({org}, CASE WHEN {last} IS NOT NULL AND {given} IS NOT NULL "
                         f"THEN {last} || ', ' || {given} ELSE coalesce({last}, {given}) END))")
        rejected = 0
        keep = "true"
        if s.amount:
            amount = values[s.amount]
            keep = (f"coalesce(regexp_full_match({amount}, {_q(AMOUNT_PATTERN)}), false)"
                    if amount != "NULL" else "false")
            # the reject scan reads one field per line, not the whole split record
            one = re.sub(r"f\[(\d+)\]", r"split_part(line, chr(28), \1)", amount)
            one_ok = re.sub(r"f\[(\d+)\]", r"split_part(line, chr(28), \1)", keep)
            reason = (f"CASE WHEN {one} IS NULL THEN 'no {s.amount}' "
                      "ELSE 'amount is not a number with at most two decimals' END")
            rejected = self.con.execute(
                f"INSERT INTO rejects SELECT {self.load_id}, {_q(self.display)}, line_no, 'rejected', {reason}, "
                f"{_q(s.amount)}, {one}, line FROM _fec WHERE {where} AND NOT {one_ok}"
            ).fetchall()[0][0]
        sql = (f"INSERT INTO {s.table} (cycle, load_id, line_no, filing_id, record_type, {', '.join(cols + raw_cols)}) "
               f"SELECT {cycle_sql}, {self.load_id}, line_no, {filing_id}, rt, {', '.join(exprs + raw_exprs)} "
               f"FROM {_group(where)} WHERE {keep}")
        loaded = self.con.execute(sql).fetchall()[0][0]
        for raw in raw_cols:
            self.con.execute(
                f"INSERT INTO rejects SELECT load_id, ?, line_no, 'kept', ?, ?, {raw}, NULL FROM {s.table} "
                f"WHERE load_id = ? AND {raw} IS NOT NULL",
                [self.display, f"unparseable date kept as text in {raw}", raw[: -len('_raw')], self.load_id],
            )
        return loaded, rejected

    def _insert_other(self, filing_id: int, cycle_sql: str, where: str, names: tuple[str, ...] | None,
                      rts: list[str], version: str) -> int:
        if names:
            keys = _unique(names)
            key = f"coalesce({_list(keys)}[i], 'field_' || i)"
        else:
            key = "'field_' || i"
            self.con.execute(self._reject_sql(
                "kept", _q(f"no layout for this record type in version {version}; fields kept by position"), where))
        fields = (f"map_from_entries(list_transform(range(1, len(f) + 1), "
                  f"lambda i: {{'k': {key}, 'v': {_VAL}(f[i])}}))")
        return self.con.execute(
            f"INSERT INTO filing_other SELECT {cycle_sql}, {self.load_id}, line_no, {filing_id}, rt, {fields} "
            f"FROM {_group(where)}"
        ).fetchall()[0][0]

    def _insert_texts(self, body: FecBody, filing_id: int, cycle_sql: str) -> int:
        for line_no, text in body.texts:
            self.con.execute(
                f"INSERT INTO filing_text (cycle, load_id, line_no, filing_id, record_type, back_ref_form, text) "
                f"VALUES ({cycle_sql}, ?, ?, ?, 'F99', 'F99', ?)",
                [self.load_id, line_no, filing_id, text],
            )
        return len(body.texts)


def _group(where: str) -> str:
    """The records of one layout group, split into fields ``f`` (1-based)."""
    return f"(SELECT line_no, rt, line, string_split(line, chr(28)) AS f FROM _fec WHERE {where})"


def _unique(names: tuple[str, ...]) -> list[str]:
    """Layout names made unique (F3X repeats some col_a names): the second becomes name_2."""
    seen: dict[str, int] = {}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n}_{seen[n]}")
    return out


def _list(items: list[str]) -> str:
    return "[" + ", ".join(_q(x) for x in items) + "]"


def raw_records(source: SourceFile) -> tuple[dict[str, str], list[tuple[int, str, dict[str, str | None]]]]:
    """A filing's header and records by their layout's own field names, read exactly as for loading.

    For checks against other parsers and for looking at fields the canonical tables leave out.
    Fields past a layout's end are named ``field_N``; blank values are None.
    """
    from ..sources.efile import open_filing

    con = duckdb.connect()
    try:
        with open_filing(source) as body:
            loader = FilingLoader(con, source, 0)
            for m in _MACROS:
                con.execute(m)
            loader._read_lines(body)
            rows = con.execute(
                f"SELECT line_no, rt, list_transform(string_split(line, chr(28)), lambda x: {_VAL}(x)) FROM _fec "
                f"WHERE line_no > {body.header.header_lines} AND rt IS NOT NULL ORDER BY line_no"
            ).fetchall()
            version, header = body.header.version, body.header.fields
    finally:
        con.close()
    out = []
    for line_no, rt, values in rows:
        names = _unique(raw_fields(rt, version) or ())
        out.append((line_no, rt, {(names[i] if i < len(names) else f"field_{i + 1}"): v
                                  for i, v in enumerate(values)}))
    return header, out
