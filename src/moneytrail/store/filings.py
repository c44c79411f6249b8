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
from ..sources.efile import FecBody, filing_id_from_name
from ..sources.efile_layouts import (
    _SUFFIXED_FORMS,
    CANDIDATE_FORMS,
    COVER_FIELDS,
    COVER_PATTERN,
    FILER_PERSON,
    SCHEDULES,
    Field,
    Schedule,
    locate,
    raw_fields,
    schedule_for,
)
from ..sources.files import MAX_LINE, MAX_RAW, RejectLog, SourceFile, excerpt
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


# a record's fields, each cleaned once (the macro inlined once per statement, not once per field:
# planning a statement with fec_val written out per field took 0.2 s, most of a small filing's load)
_FIELDS = f"list_transform(string_split(x.line, chr(28)), lambda v: {_VAL}(v))"


def _value_sql(f: Field, g: str = "x", one: bool = False) -> str:
    """A canonical field of record ``x``, wherever its layout puts it: the layout row ``g`` gives its
    position (``i_<name>``) and, for names split on the header's delimiter, its part (``p_<name>``).
    From the cleaned fields ``f``, or with ``one``, by cleaning just that field of the raw line."""
    i, p = f"{g}.i_{f.name}", f"{g}.p_{f.name}"
    v = f"{_VAL}(split_part(x.line, chr(28), {i}))" if one else f"f[{i}]"
    return f"(CASE WHEN {p} IS NULL THEN {v} ELSE NULLIF(trim(string_split({v}, x.name_delim)[{p}]), '') END)"


def _typed(v: str, f: Field, cycle_hi: str) -> str:
    """A raw value as its column's type; dates outside 1975 .. the end of ``cycle_hi`` (SQL) are no date."""
    if f.type == "id":
        return f"upper({v})"
    if f.type == "amount":
        return f"CASE WHEN regexp_full_match({v}, {_q(AMOUNT_PATTERN)}) THEN CAST({v} AS DECIMAL(14,2)) END"
    if f.type == "date":
        fmts = ", ".join(_q(x) for x in DATE_FORMATS)
        parsed = f"TRY_STRPTIME({v}, [{fmts}])::DATE"
        return f"(CASE WHEN {parsed} BETWEEN DATE '1975-01-01' AND make_date({cycle_hi}, 12, 31) THEN {parsed} END)"
    return v


def temp_table(con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, tuple[str, list]]) -> None:
    """A temp table from Python lists, column by column (no Arrow: building Arrow arrays imports pandas)."""
    cols = ", ".join(f"unnest(?::{t}[]) AS {c}" for c, (t, _) in columns.items())
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {cols}", [v for _, v in columns.values()])


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


@dataclass
class Part:
    """One filing of a batch: its ledger id, where it came from, and its readable body."""

    load_id: int
    source: SourceFile
    body: FecBody
    part: int  # its index in the batch's reject log

    @property
    def filing_id(self) -> int:
        fid = filing_id_from_name(self.source)
        return fid if fid is not None else -self.load_id


_TEMP = ("_fec", "_parts", "_layouts", "_texts_in", "_cov")


class BatchLoader:
    """Loads many filings at once, inside the caller's transaction.

    All bodies are read by one ``read_csv`` into one staging table keyed by load id and
    line number. A small table of layouts says, per (version, record type), where each
    canonical field sits; so one ``INSERT ... SELECT`` per destination table places every
    record of every filing and version of the batch. Per filing there is no statement at
    all: a day of a thousand small filings costs about what one large one does. The
    accounting is counted back from the tables: records = rows stored + rows rejected, per
    filing, or the batch fails.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, parts: list[Part], log: RejectLog):
        self.con, self.parts, self.log = con, parts, log
        self.ids = ", ".join(str(p.load_id) for p in parts)

    def load(self) -> dict[int, FilingCounts]:
        for m in _MACROS:
            self.con.execute(m)
        try:
            self._stage()
            counts = self._load()
        finally:
            for t in _TEMP:
                try:
                    self.con.execute(f"DROP TABLE IF EXISTS {t}")
                except duckdb.Error:
                    pass  # an aborted transaction: the rollback drops them
        return counts

    # -- staging ----------------------------------------------------------------------

    def _stage(self) -> None:
        offsets, rows = [], 0
        for p in self.parts:
            offsets.append(rows)
            rows += p.body.lines
        hdrs = [p.body.header for p in self.parts]
        temp_table(self.con, "_parts", {
            "part": ("INTEGER", [p.part for p in self.parts]),
            "load_id": ("INTEGER", [p.load_id for p in self.parts]),
            "filing_id": ("BIGINT", [p.filing_id for p in self.parts]),
            "display": ("VARCHAR", [p.source.display_name for p in self.parts]),
            "path": ("VARCHAR", [str(p.body.path) for p in self.parts]),
            "first_row": ("BIGINT", offsets),
            "lines": ("BIGINT", [p.body.lines for p in self.parts]),
            "header_lines": ("BIGINT", [h.header_lines for h in hdrs]),
            "body_rejected": ("BIGINT", [p.body.rejected for p in self.parts]),
            "version": ("VARCHAR", [h.version for h in hdrs]),
            "name_delim": ("VARCHAR", [h.name_delim for h in hdrs]),
            "amends_filing_id": ("BIGINT", [h.amends_filing_id for h in hdrs]),
            "amendment_number": ("INTEGER", [h.amendment_number for h in hdrs]),
            "software": ("VARCHAR", [" ".join(x for x in (h.fields.get("soft_name"), h.fields.get("soft_ver"))
                                              if x) or None for h in hdrs]),
            "received": ("VARCHAR", [h.fields.get("received_date") or "" for h in hdrs]),
            "header_keys": ("VARCHAR[]", [list(h.fields) for h in hdrs]),
            "header_values": ("VARCHAR[]", [list(h.fields.values()) for h in hdrs]),
            "cover_line": ("BIGINT", [None] * len(hdrs)),
            "cover_rt": ("VARCHAR", [None] * len(hdrs)),
            "cycle": ("SMALLINT", [None] * len(hdrs)),
            "cycle_hi": ("INTEGER", [2104] * len(hdrs)),
        })
        paths = _list([str(p.body.path) for p in self.parts])
        read = (f"read_csv({paths}, columns={{'line': 'VARCHAR'}}, delim={_q(_LINE_DELIM)}, quote='', escape='', "
                f"header=false, auto_detect=false, strict_mode=false, filename=true, max_line_size={2 * MAX_LINE})")
        # one filing: no join to find whose line it is
        whose = ("(SELECT *, 0::BIGINT AS first_row FROM _parts) p ON true" if len(self.parts) == 1
                 else "_parts p ON p.path = r.filename")
        try:
            self.con.execute(
                "CREATE OR REPLACE TEMP TABLE _fec AS SELECT load_id, line_no, rt, rt IS NOT NULL OR "
                "(line_no > header_lines AND NULLIF(trim(line), '') IS NOT NULL) AS rec, "
                "CASE WHEN rt IS NOT NULL THEN r_n END AS nf, "
                "line FROM (SELECT p.load_id, p.header_lines, r.g - p.first_row AS line_no, r.line, r.n AS r_n, "
                "CASE WHEN r.g - p.first_row > p.header_lines THEN upper(fec_val(r.s[1])) END AS rt "
                # each line split once, outside the CASE (inside it, each use in the macro would split again)
                "FROM (SELECT filename, g, line, s, len(s) AS n FROM (SELECT filename, ordinality::BIGINT AS g, "
                f"line, string_split(line, chr(28)) AS s FROM {read} WITH ORDINALITY)) r JOIN {whose})"
            )
        except duckdb.Error as exc:
            names = ", ".join(p.source.display_name for p in self.parts[:3])
            raise FileFormatError(f"{names}{' ...' if len(self.parts) > 3 else ''}: "
                                  f"{excerpt(str(exc).splitlines()[0], 300)}") from None
        # the staging must hold each file's lines, in place (numbered by ORDINALITY, each once): else a line
        # is lost or misplaced
        bad = self.con.execute(
            "SELECT p.display, p.lines, count(f.line_no) FROM _parts p LEFT JOIN _fec f USING (load_id) "
            "GROUP BY ALL HAVING count(f.line_no) <> p.lines OR min(f.line_no) <> 1 OR max(f.line_no) <> p.lines"
        ).fetchall()
        if bad:
            d, want, got = bad[0]
            raise MoneytrailError(f"{d}: {want} lines in the file but {got} read; nothing from this batch was loaded")

    # -- loading ----------------------------------------------------------------------

    def _load(self) -> dict[int, FilingCounts]:
        counts = {p.load_id: FilingCounts(filing_id=p.filing_id, lines=p.body.lines) for p in self.parts}
        for p in self.parts:
            if filing_id_from_name(p.source) is None:
                counts[p.load_id].notes.append(
                    f"the file name carries no FEC filing id; a local id {p.filing_id} was given "
                    "(name files <filing id>.fec)")
        self._write_log()
        if self._covers(counts):
            self.con.execute(
                f"INSERT INTO rejects SELECT f.load_id, p.display, f.line_no, 'rejected', "
                f"'no record type (the first field is blank)', NULL, NULL, {_raw('f.line')} "
                "FROM _fec f JOIN _parts p USING (load_id) WHERE f.rec AND f.rt IS NULL"
            )
        self._layouts()
        self._insert_filings()
        for load_id, cycle in self.con.execute(
            f"SELECT load_id, cycle FROM filings WHERE load_id IN ({self.ids})"
        ).fetchall():
            counts[load_id].cycle = cycle
        self._insert_records()
        self._insert_texts()
        self._account(counts)
        return counts

    def _write_log(self) -> None:
        """Repairs and rejects found while reading the files (encoding, CR, unsplittable lines)."""
        spool = self.log.spool()
        if spool is None:
            return
        self.con.execute(
            "INSERT INTO rejects SELECT p.load_id, p.display, l.line_no, l.action, l.reason, l.column_name, "
            f"l.value, l.raw_line FROM {spool} l JOIN _parts p ON p.part = l.part"
        )

    def _covers(self, counts: dict[int, FilingCounts]) -> int:
        """Each filing's cover: its first record, if that is a form (F3XN, F24A, F99 ...). Returns how
        many records of the batch have no record type."""
        first, untyped = {}, 0
        for lid, line, rt, blank in self.con.execute(
            "SELECT load_id, min(line_no) FILTER (rt IS NOT NULL), arg_min(rt, line_no) FILTER (rt IS NOT NULL), "
            "count(*) FILTER (rec AND rt IS NULL) FROM _fec WHERE rec GROUP BY load_id"
        ).fetchall():
            untyped += blank
            if line is not None:
                first[lid] = (line, rt)
        known = []
        for lid, c in counts.items():
            line, rt = first.get(lid, (None, None))
            if rt is not None and re.match(COVER_PATTERN, rt):
                known.append((lid, line, rt))
                c.form_type = rt
            else:
                c.notes.append("no cover record after the header")
        if known:
            temp_table(self.con, "_cov", {"load_id": ("INTEGER", [k[0] for k in known]),
                                          "line": ("BIGINT", [k[1] for k in known]),
                                          "rt": ("VARCHAR", [k[2] for k in known])})
            self.con.execute("UPDATE _parts SET cover_line = c.line, cover_rt = c.rt FROM _cov c "
                             "WHERE _parts.load_id = c.load_id")
        return untyped

    def _layouts(self) -> None:
        """One row per (version, record type) in the batch: its table, field count, and where each
        canonical field sits (position ``i_<name>``, name part ``p_<name>``); one column set per table."""
        census = self.con.execute(
            "SELECT p.version, x.rt, x.line_no IS NOT DISTINCT FROM p.cover_line AS cover, x.nf, count(*) "
            "FROM _fec x JOIN _parts p USING (load_id) WHERE x.rt IS NOT NULL GROUP BY ALL"
        ).fetchall()
        pairs = sorted({(v, rt, cover) for v, rt, cover, _, _ in census})
        self.records: dict[tuple[str, str], int] = {}  # (version, type) -> records that are not covers
        self.off_count = False  # some record's field count differs from its layout's
        for version, rt, cover, nf, n in census:
            if not cover:
                self.records[version, rt] = self.records.get((version, rt), 0) + n
                names = raw_fields(rt, version)
                self.off_count = self.off_count or (names is not None and nf != len(names))
        fields = ({f.name: f for s in SCHEDULES.values() for f in s.fields}
                  | {f.name: f for f in COVER_FIELDS + FILER_PERSON})
        cols: dict[str, tuple[str, list]] = {
            "version": ("VARCHAR", []), "rt": ("VARCHAR", []), "cover": ("BOOLEAN", []), "tbl": ("VARCHAR", []),
            "nfields": ("INTEGER", []), "keys": ("VARCHAR[]", []), "shape": ("INTEGER", [])}
        self.shapes: dict[tuple, int] = {}  # (table, where each of its fields sits) -> shape number
        self.expected: dict[int, int] = {}  # shape -> its records in the batch
        for name in fields:
            cols[f"i_{name}"] = ("INTEGER", [])
            cols[f"p_{name}"] = ("INTEGER", [])
        for version, rt, cover in pairs:
            names = raw_fields(rt, version)
            s = schedule_for(rt)
            tbl = "filings" if cover else ("filing_other" if s is None or names is None else s.table)
            # each name located by its own table's field (an SA amount is not an SB amount)
            mine = {f.name: f for f in (COVER_FIELDS + FILER_PERSON if cover
                                        else s.fields if tbl == getattr(s, "table", "") else ())}
            row = {"version": version, "rt": rt, "cover": cover, "tbl": tbl,
                   "nfields": len(names) if names else None, "keys": _unique(names) if names else None}
            for name in fields:
                where = locate(names, mine[name]) if names and name in mine else None
                row[f"i_{name}"], row[f"p_{name}"] = where if where else (None, None)
            if not cover and tbl not in ("filings", "filing_other"):
                key = (tbl, tuple((row[f"i_{n}"], row[f"p_{n}"]) for n in mine))
                row["shape"] = self.shapes.setdefault(key, len(self.shapes))
                self.expected[row["shape"]] = self.expected.get(row["shape"], 0) + self.records[version, rt]
            else:
                row["shape"] = None
            for c, (_, values) in cols.items():
                values.append(row[c])
        temp_table(self.con, "_layouts", cols)

    def _insert_filings(self) -> None:
        """One row per filing, in one INSERT; then each filing's cycle."""
        exprs = [_typed(_value_sql(f, "g"), f, "2100") for f in COVER_FIELDS]
        full, last, first = (_value_sql(f, "g") for f in FILER_PERSON)
        person = f"coalesce({full}, NULLIF(concat_ws(', ', {last}, {first}), ''))"
        named = [i for i, f in enumerate(COVER_FIELDS) if f.name == "filer_name"][0]
        form = f"CASE WHEN regexp_full_match(x.cover_rt, {_q(_SUFFIXED)}) THEN left(x.cover_rt, -1) ELSE x.cover_rt END"
        exprs[named] = (f"CASE WHEN {form} IN ({', '.join(map(_q, CANDIDATE_FORMS))}) THEN {person} "
                        f"ELSE coalesce({exprs[named]}, {person}) END")
        ind = f"CASE WHEN regexp_full_match(x.cover_rt, {_q(_SUFFIXED)}) THEN x.cover_rt[-1:] END"
        cover_map = ("CASE WHEN g.keys IS NOT NULL THEN map_from_entries(list_transform(range(1, least(len(f), "
                     "len(g.keys)) + 1), lambda i: {'k': g.keys[i], 'v': f[i]})) END")
        src = ("(SELECT p.*, c.line_no AS c_line, c.line FROM _parts p LEFT JOIN _fec c ON c.load_id = p.load_id "
               "AND c.line_no = p.cover_line) x")
        self.con.execute(
            f"INSERT INTO filings (filing_id, load_id, line_no, form_type, form, amendment_ind, amends_filing_id, "
            f"amendment_number, version, software, received_date, source, "
            f"{', '.join(f.name for f in COVER_FIELDS)}, cover, header) "
            f"SELECT x.filing_id, x.load_id, x.c_line, x.cover_rt, {form}, {ind}, x.amends_filing_id, "
            f"x.amendment_number, x.version, x.software, TRY_STRPTIME(x.received, '%Y%m%d')::DATE, x.display, "
            f"{', '.join(exprs)}, {cover_map}, map(x.header_keys, x.header_values) "
            f"FROM (SELECT x.*, {_FIELDS} AS f FROM {src}) x "
            "LEFT JOIN _layouts g ON g.cover AND g.version = x.version AND g.rt = x.cover_rt"
        )
        year = "year(coalesce(coverage_through, date_signed, received_date))"
        self.con.execute(f"UPDATE filings SET cycle = CAST({year} + {year} % 2 AS SMALLINT) "
                         f"WHERE load_id IN ({self.ids})")
        self.con.execute("UPDATE _parts SET cycle = f.cycle, cycle_hi = coalesce(f.cycle, 2100) + 4 FROM filings f "
                         "WHERE f.load_id = _parts.load_id")

    def _insert_records(self) -> None:
        """Every record but the covers: one INSERT per destination table for the whole batch."""
        tables = {r[0] for r in self.con.execute("SELECT DISTINCT tbl FROM _layouts WHERE NOT cover").fetchall()}
        for s in SCHEDULES.values():
            if s.table in tables:
                self._insert_schedule(s)
        if "filing_other" in tables:
            self._insert_other()
        if not self.off_count:
            return
        self.con.execute(
            f"INSERT INTO rejects SELECT x.load_id, x.display, x.line_no, 'kept', "
            f"CASE WHEN x.nf < x.nfields THEN 'too few fields (' || x.nf || ' of ' || x.nfields || "
            "'); missing ones are empty' ELSE 'too many fields (' || "
            f"x.nf || ' of ' || x.nfields || '); the extra ones are not loaded' END, NULL, NULL, {_raw('x.line')} "
            f"FROM {_rows(split=False)} WHERE x.nfields IS NOT NULL AND x.nf <> x.nfields"
        )

    def _insert_schedule(self, s: Schedule) -> None:
        """One INSERT per shape of the table in the batch (a shape: where each field sits; the versions
        of a record type mostly share one), with the positions written in as constants."""
        for (table, where), shape in self.shapes.items():
            if table == s.table:
                self._insert_shape(s, dict(zip((f.name for f in s.fields), where, strict=True)), shape)
        for raw in (_raw_name(f) for f in s.fields if f.type == "date"):
            self.con.execute(
                f"INSERT INTO rejects SELECT t.load_id, p.display, t.line_no, 'kept', ?, ?, t.{raw}, NULL "
                f"FROM {s.table} t JOIN _parts p USING (load_id) WHERE t.load_id IN ({self.ids}) "
                f"AND t.{raw} IS NOT NULL",
                [f"unparseable date kept as text in {raw}", raw[: -len("_raw")]],
            )

    def _insert_shape(self, s: Schedule, at: dict[str, tuple[int | None, int | None]], shape: int) -> None:
        used = {i for i, _ in at.values() if i is not None} or {1}
        cols, exprs, raw_cols, raw_exprs = [], [], [], []
        values: dict[str, str] = {}
        hi = "x.cycle_hi"
        for f in s.fields:
            v = _at(*at[f.name])
            values[f.name] = v
            cols.append(f.name)
            exprs.append(_typed(v, f, hi))
            if f.type == "date":
                raw_cols.append(_raw_name(f))
                raw_exprs.append(f"CASE WHEN {v} IS NOT NULL AND {_typed(v, f, hi)} IS NULL THEN {v} END")
        if s.name_parts:
            org, *person = [values.get(p, "NULL") for p in s.name_parts]
            last, *rest = person
            given = f"NULLIF(concat_ws(' ', {', '.join(rest)}), '')"
            cols.append("name")
            exprs.append(f"upper(coalesce({org}, CASE WHEN {last} IS NOT NULL AND {given} IS NOT NULL "
                         f"THEN {last} || ', ' || {given} ELSE coalesce({last}, {given}) END))")
        keep = f"coalesce(regexp_full_match({values[s.amount]}, {_q(AMOUNT_PATTERN)}), false)" if s.amount else "true"
        (inserted,) = self.con.execute(
            f"INSERT INTO {s.table} (cycle, load_id, line_no, filing_id, record_type, "
            f"{', '.join(cols + raw_cols)}) SELECT x.cycle, x.load_id, x.line_no, x.filing_id, x.rt, "
            f"{', '.join(exprs + raw_exprs)} FROM {_rows(shape=shape, only=used)} WHERE {keep}"
        ).fetchone()
        if s.amount and inserted < self.expected[shape]:  # the rows left out, each rejected with its reason
            # the reject scan cleans one field per line, not the whole split record
            amount = _at(*at[s.amount], one=True)
            reason = (f"CASE WHEN {amount} IS NULL THEN 'no {s.amount}' "
                      "ELSE 'amount is not a number with at most two decimals' END")
            # a raw field that already is a plain amount needs no cleaning: only the others are looked at
            i, part = at[s.amount]
            raw = f"split_part(x.line, chr(28), {i})" if i is not None and part is None else "NULL"
            self.con.execute(
                f"INSERT INTO rejects SELECT x.load_id, x.display, x.line_no, 'rejected', {reason}, "
                f"{_q(s.amount)}, {amount}, {_raw('x.line')} FROM {_rows(shape=shape, split=False)} "
                f"WHERE NOT coalesce(regexp_full_match({raw}, {_q(AMOUNT_PATTERN)}), false) "
                f"AND NOT coalesce(regexp_full_match({amount}, {_q(AMOUNT_PATTERN)}), false)"
            )

    def _insert_other(self) -> None:
        """Records of no known table, or of no layout in their version, with their fields by name."""
        self.con.execute(
            f"INSERT INTO rejects SELECT x.load_id, x.display, x.line_no, 'kept', "
            f"'no layout for this record type in version ' || x.version || '; fields kept by position', "
            f"NULL, NULL, {_raw('x.line')} FROM {_rows('filing_other', split=False)} WHERE x.keys IS NULL"
        )
        fields = ("map_from_entries(list_transform(range(1, len(f) + 1), "
                  "lambda i: {'k': coalesce(x.keys[i], 'field_' || i), 'v': f[i]}))")
        self.con.execute(
            f"INSERT INTO filing_other SELECT x.cycle, x.load_id, x.line_no, x.filing_id, x.rt, {fields} "
            f"FROM {_rows('filing_other')}"
        )

    def _insert_texts(self) -> None:
        texts = [(p.load_id, line, t) for p in self.parts for line, t in p.body.texts]
        if not texts:
            return
        temp_table(self.con, "_texts_in", {"load_id": ("INTEGER", [t[0] for t in texts]),
                                           "line_no": ("BIGINT", [t[1] for t in texts]),
                                           "text": ("VARCHAR", [t[2] for t in texts])})
        self.con.execute(
            "INSERT INTO filing_text (cycle, load_id, line_no, filing_id, record_type, back_ref_form, text) "
            "SELECT p.cycle, t.load_id, t.line_no, p.filing_id, 'F99', 'F99', t.text "
            "FROM _texts_in t JOIN _parts p USING (load_id)"
        )

    def _account(self, counts: dict[int, FilingCounts]) -> None:
        """Records read = rows stored + rows rejected, per filing, counted back from the tables."""
        ids = self.ids
        stored = " UNION ALL ".join(
            [f"SELECT load_id FROM filings WHERE load_id IN ({ids}) AND line_no IS NOT NULL"]
            + [f"SELECT load_id FROM {s.table} WHERE load_id IN ({ids})"
               + (" AND record_type <> 'F99'" if s.table == "filing_text" else "") for s in SCHEDULES.values()]
            + [f"SELECT load_id FROM filing_other WHERE load_id IN ({ids})"])
        rows = self.con.execute(
            "SELECT p.load_id, coalesce(r.n, 0) + p.body_rejected, coalesce(s.n, 0), coalesce(j.n, 0) FROM _parts p "
            "LEFT JOIN (SELECT load_id, count(*) n FROM _fec WHERE rec GROUP BY load_id) r USING (load_id) "
            f"LEFT JOIN (SELECT load_id, count(*) n FROM ({stored}) GROUP BY load_id) s USING (load_id) "
            f"LEFT JOIN (SELECT load_id, count(*) n FROM rejects WHERE load_id IN ({ids}) AND action = 'rejected' "
            "GROUP BY load_id) j USING (load_id)"
        ).fetchall()
        by_id = {p.load_id: p for p in self.parts}
        short = []
        for load_id, records, loaded, rejected in rows:
            c = counts[load_id]
            c.records, c.loaded, c.rejected = records, loaded, rejected
            c.texts = len(by_id[load_id].body.texts)
            if loaded + rejected != records:
                short.append(f"{by_id[load_id].source.display_name}: {records} records read but {loaded} loaded "
                             f"and {rejected} rejected")
        if short:
            raise MoneytrailError("; ".join(short[:3]) + (f" (and {len(short) - 3} more)" if len(short) > 3 else "")
                                  + "; nothing from this batch was loaded")


_SUFFIXED = "(" + "|".join(sorted(_SUFFIXED_FORMS, key=len, reverse=True)) + ")[NAT]"


def _rows(table: str | None = None, shape: int | None = None, split: bool = True,
          only: set[int] | None = None) -> str:
    """The staged records (not covers) bound for one table, or of one shape (neither: all), each with its
    filing's facts, its layout's field count and names, and, when ``split``, its cleaned fields: all of
    them as the list ``f``, or with ``only``, just those positions, as columns ``c<i>`` (cleaning only
    what a table takes costs a third less on a large filing)."""
    if only:
        f = ", " + ", ".join(f"{_VAL}(s_[{i}]) AS c{i}" for i in sorted(only))
        inner = _rows(table, shape, split=False).replace(" x.line,", " x.line, string_split(x.line, chr(28)) AS s_,", 1)
        return f"(SELECT x.*{f} FROM {inner}) x"
    f = f", {_FIELDS} AS f" if split else ""
    which = (f"AND g.tbl = {_q(table)}" if table else "") + (f" AND g.shape = {shape}" if shape is not None else "")
    return (f"(SELECT x.load_id, x.line_no, x.rt, x.nf, x.line, p.filing_id, p.cycle, p.cycle_hi, p.display, "
            f"p.version, p.name_delim, g.nfields, g.keys{f} FROM _fec x JOIN _parts p USING (load_id) JOIN _layouts g "
            f"ON g.version = p.version AND g.rt = x.rt AND NOT g.cover "
            f"WHERE x.line_no IS DISTINCT FROM p.cover_line {which}) x")


def _at(i: int | None, part: int | None, one: bool = False) -> str:
    """A field at a known position of record ``x`` (its cleaned column ``c<i>``, or with ``one`` by
    cleaning just that field of the raw line); a name part split on the filing's delimiter."""
    if i is None:
        return "NULL"
    v = f"{_VAL}(split_part(x.line, chr(28), {i}))" if one else f"x.c{i}"
    return v if part is None else f"NULLIF(trim(string_split({v}, x.name_delim)[{part}]), '')"


def _raw(col: str) -> str:
    """A raw line as `rejects` keeps it: whole when short, else its start and its length (files.excerpt)."""
    return (f"CASE WHEN length({col}) <= {MAX_RAW} THEN {col} "
            f"ELSE left({col}, {MAX_RAW}) || '… [' || length({col}) || ' in all]' END")


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
            loader = BatchLoader(con, [Part(0, source, body, 0)], RejectLog())
            for m in _MACROS:
                con.execute(m)
            loader._stage()
            rows = con.execute(
                f"SELECT line_no, rt, list_transform(string_split(line, chr(28)), lambda x: {_VAL}(x)) FROM _fec "
                "WHERE rt IS NOT NULL ORDER BY line_no"
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
