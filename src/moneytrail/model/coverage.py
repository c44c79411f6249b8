"""What the loaded files cover, and so which status a figure computed from them has.

Definitions (each once, here):

- A kind of file is **not loaded** for a cycle when no load of that kind and cycle is in the
  ledger: a figure from it is ``not_loaded`` and names the file that would give it (the FEC's
  name for it, e.g. ``pas224.zip``) — never $0.
- A loaded file **covers through** its latest date within the cycle: ``CVG_END_DT`` for summary
  files (weball, webl, webk), the latest ``TRANSACTION_DT`` for transaction files (itcont,
  itpas2, itoth, oppexp), the latest dissemination date for the IE file.
- A file is **complete** when it covers through December 1 of the cycle's election year or later
  (the cycle's last reports run to December 31); an earlier end (a snapshot, a slice) makes
  every figure from it ``partial``, shown with its coverage dates. Masters (cn, cm, ccl) have no
  dates: loaded means known.
- A sum over a loaded file with no matching rows is a true $0 for what the file covers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..lazy import ibis, pa
from ..sources.layouts import LAYOUTS
from ..store import built
from .base import Model, records
from .build import derived
from .figures import Coverage, Figure, Status

DATE_COLUMN = {"cvg_end_dt": "summary", "transaction_dt": "transactions", "dissem_dt": "IE file"}


def complete_from(cycle: int) -> date:
    return date(cycle, 12, 1)


def expected_file(kind: str, cycle: int) -> str:
    """The FEC's name for the file of a kind and cycle (what to fetch or ingest)."""
    lay = LAYOUTS[kind]
    if kind == "ie":
        return f"independent_expenditure_{cycle}.csv"
    if lay.zip_stem:
        return f"{lay.zip_stem}{cycle % 100:02d}.zip"
    return f"{(lay.stems or (kind,))[0]} file"


def describe_missing(kind: str, cycle: int) -> str:
    return f"{LAYOUTS[kind].title}, {cycle}: {expected_file(kind, cycle)}"


@dataclass(frozen=True)
class Source:
    """The loads of one kind and cycle: which files, through which date, and the status that gives."""

    kind: str
    cycle: int
    files: tuple[str, ...]
    through: date | None
    status: Status
    note: str | None = None

    @property
    def missing(self) -> str | None:
        return describe_missing(self.kind, self.cycle) if self.status is Status.NOT_LOADED else None

    @property
    def coverage(self) -> Coverage | None:
        if self.status is Status.NOT_LOADED:
            return None
        note = self.note
        if self.status is Status.PARTIAL and note is None:
            note = (f"the loaded {self.kind} file(s) end {self.through.isoformat()}" if self.through
                    else f"the loaded {self.kind} file(s) hold no dated rows")
        return Coverage(self.files, None, self.through, note)

    def figure(self, amount, definition: str = "", refs=(), unit: str = "usd") -> Figure:
        """A figure computed from these files: not loaded, partial or known, with its coverage."""
        if self.status is Status.NOT_LOADED:
            return Figure.not_loaded(self.missing, definition, unit=unit)
        return Figure(Figure._amount(amount if amount is not None else 0, unit), self.status, definition,
                      self.coverage, tuple(refs), unit=unit)


def _loads(m: Model, cycle: int, kind: str | None = None) -> list[dict]:
    loads = m.ib.table("loads")
    keep = (loads.status == "loaded") & (loads.cycle == cycle)
    if kind is not None:
        keep &= loads.kind == kind
    return records(loads.filter(keep).select("load_id", "kind", "file_name").order_by("load_id"))


def source(m: Model, kind: str, cycle: int, loads: list[dict] | None = None) -> Source:
    """The :class:`Source` of a kind in a cycle (``loads``: the cycle's loaded files, if already read)."""
    rows = [r for r in (loads if loads is not None else _loads(m, cycle, kind)) if r["kind"] == kind]
    if not rows:
        return Source(kind, cycle, (), None, Status.NOT_LOADED)
    through = _through(m, kind, cycle, rows)
    return _source(kind, cycle, rows, None if through is None else records(through)[0]["through"])


def _through(m: Model, kind: str, cycle: int, rows: list[dict]):
    """The latest date within the cycle of these loads' rows (a one-row table: kind, through), or None
    for a kind whose rows carry no date."""
    col = _through_column(kind)
    if col is None:
        return None
    t = m.table(LAYOUTS[kind].table)
    t = t.filter((t.cycle == cycle) & t.load_id.isin([r["load_id"] for r in rows]) & (t[col] <= date(cycle, 12, 31)))
    return t.aggregate(through=t[col].max()).mutate(kind=ibis.literal(kind))


def _source(kind: str, cycle: int, rows: list[dict], through: date | None) -> Source:
    files = tuple(r["file_name"] for r in rows)
    if _through_column(kind) is None:
        return Source(kind, cycle, files, None, Status.KNOWN)
    status = Status.KNOWN if through is not None and through >= complete_from(cycle) else Status.PARTIAL
    return Source(kind, cycle, files, through, status)


def _through_column(kind: str) -> str | None:
    return next((c for c in DATE_COLUMN if c in LAYOUTS[kind].names), None)


def ie_source(m: Model, cycle: int) -> Source:
    """Outside spending comes from the IE file and from loaded .fec filings (notices, periodic reports).

    Without either it is not loaded; with filings only it is partial (the filings loaded are not all)."""
    bulk = source(m, "ie", cycle)
    if bulk.status is not Status.NOT_LOADED:
        return bulk
    f = m.ib.table("filings")
    n = f.filter(f.cycle == cycle).count().to_pyarrow().as_py()
    return _from_filings(cycle, n) if n else bulk


def _from_filings(cycle: int, n: int) -> Source:
    return Source("ie", cycle, (f"{n} electronic filing(s)",), None, Status.PARTIAL,
                  f"from {n} loaded electronic filing(s) only; {describe_missing('ie', cycle)} is not loaded")


# the kinds a figure can come from: every bulk kind filed per cycle (results carry their own years)
KINDS = tuple(k for k, lay in LAYOUTS.items() if lay.table.startswith("bulk_") and k != "results_csv")


@derived("coverage", inputs=(*KINDS, "fec"))
def coverage_table(m: Model, cycle: int) -> pa.Table:
    """Per kind of file, what the loads of the cycle cover (the :class:`Source` of each kind), so a
    report reads its figures' statuses with one look-up; ``ie_filings`` counts the loaded filings
    that can stand in for a missing IE file."""
    rows = []
    loads = _loads(m, cycle)
    mine = {k: [r for r in loads if r["kind"] == k] for k in KINDS}
    ends = [e for k in KINDS if mine[k] and (e := _through(m, k, cycle, mine[k])) is not None]
    through = {r["kind"]: r["through"] for r in records(ibis.union(*ends))} if ends else {}
    for kind in KINDS:
        s = (_source(kind, cycle, mine[kind], through.get(kind)) if mine[kind]
             else Source(kind, cycle, (), None, Status.NOT_LOADED))
        rows.append({"kind": kind, "files": list(s.files), "through": s.through, "status": s.status.value,
                     "note": s.note})
    f = m.ib.table("filings")
    n = f.filter(f.cycle == cycle).count().to_pyarrow().as_py()
    rows.append({"kind": "ie_filings", "files": [], "through": None, "status": "", "note": str(n)})
    schema = pa.schema([("kind", pa.string()), ("files", pa.list_(pa.string())), ("through", pa.date32()),
                        ("status", pa.string()), ("note", pa.string())])
    return pa.Table.from_pylist(rows, schema=schema)


def read_sources(con, cycle: int) -> dict[str, Source]:
    """Every kind's :class:`Source` for a cycle from the built model (plain SQL), with ``"ie"`` the
    outside-spending source of :func:`ie_source` (the IE file, or loaded filings standing in)."""
    rows = {r["kind"]: r for r in built.read(con, "coverage", cycle)}
    out = {k: Source(k, cycle, tuple(r["files"]), r["through"], Status(r["status"]), r["note"])
           for k, r in rows.items() if k != "ie_filings"}
    n = int(rows["ie_filings"]["note"]) if "ie_filings" in rows else 0
    bulk = out.get("ie") or Source("ie", cycle, (), None, Status.NOT_LOADED)
    if bulk.status is Status.NOT_LOADED and n:
        bulk = _from_filings(cycle, n)
    out["ie"] = bulk
    return out
