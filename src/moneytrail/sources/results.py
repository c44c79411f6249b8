"""Election results in five outside formats (and one of our own), read into one canonical shape.

Each format's reader turns its records into rows of ``RESULTS_COLUMNS`` text (the store types
them) and accounts for every record: loaded (one row, or one row per stage for the FEC
workbook) or rejected with a reason (subtotal rows, state offices, rows without votes).
Result files are small (the whole MEDSL House file is 4 MB), so they are read with Python's
csv/json/openpyxl rather than streamed.

Quirks handled here, per format:

- MEDSL: upper-case names; ``stage`` GEN/PRI with a separate ``runoff`` flag; fusion
  candidates appear once per party line (the model sums them).
- OpenElections: year, state and stage come from the file name
  (``20201103__ca__general__county.csv``); county or precinct rows; state offices skipped.
- FEC workbook: one line per candidate with primary, runoff and general votes (one row each);
  ``Unopposed`` for votes; a ``District Votes:`` subtotal row closes each district and gives
  its totals; ``GENERAL VOTES `` has a trailing space; percentages are fractions.
- FiveThirtyEight: quoted votes with thousands commas; ``Primary %`` is the share of the
  candidate's *party* vote, kept as printed in ``source_share``, never used as a ballot share.
- NBC: unofficial live results for one race; ``apiWinner`` marks who advanced or won.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..errors import FileFormatError
from ..lazy import LazyModule
from ..reference.states import STATE_NAMES
from .files import Reject, SourceFile
from .layouts import RESULTS_COLUMNS

pa = LazyModule("pyarrow")  # the readers' batches; recognising a file (identify.py) needs no pyarrow

NAMES = [c.name for c in RESULTS_COLUMNS]
BATCH = 50_000

MEDSL_HEADER = "year,state,state_po,state_fips,state_cen,state_ic,office,district,stage"
OPENELECTIONS_NAME = re.compile(r"^(\d{4})(\d{2})(\d{2})__([a-z]{2})__([a-z_]+?)(?:__|\.)", re.I)
FEC_WORKBOOK_NAME = re.compile(r"federalelections(\d{4})", re.I)
FEDERAL_OFFICES = {
    "US HOUSE": "H", "U.S. HOUSE": "H", "HOUSE": "H", "REPRESENTATIVE": "H", "U.S. REPRESENTATIVE": "H",
    "US SENATE": "S", "U.S. SENATE": "S", "SENATE": "S", "SENATOR": "S",
    "PRESIDENT": "P", "US PRESIDENT": "P",
}


def detect_format(path: Path) -> str | None:
    """Which results format a file is, from its name and first line; None if not a results file."""
    name = path.name.lower()
    if FEC_WORKBOOK_NAME.search(name) and path.suffix.lower() in (".xlsx", ".csv"):
        return "fec_results"
    if OPENELECTIONS_NAME.match(path.name) and path.suffix.lower() == ".csv":
        return "openelections"
    if name in ("dem_candidates.csv", "rep_candidates.csv"):
        return "fte_primary"
    if path.suffix.lower() == ".json":
        return "nbc" if '"electionScope"' in _head(path, 4096) else None
    if path.suffix.lower() in (".csv", ".tab", ".txt"):
        first = _head(path, 2048).lstrip("\ufeff").split("\n", 1)[0].strip().lower()
        if first.startswith(MEDSL_HEADER):
            return "medsl"
        if first.replace(" ", "") == ",".join(NAMES):
            return "results_csv"
    return None


def _head(path: Path, n: int) -> str:
    with open(path, "rb") as f:
        return f.read(n).decode("utf-8", "replace")


def _district(value, office: str) -> str:
    text = str(value or "").strip().upper()
    if office != "H" or text in ("", "AL", "AT-LARGE", "AT LARGE", "0", "00", "S"):
        return "00"
    return text.lstrip("0").zfill(2) if text.isdigit() else text


def _int_text(value) -> str:
    """'45,376' -> '45376'; numbers from a workbook -> digits; anything else as it is."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace(",", "").strip()


def _bool(value) -> str:
    text = str(value or "").strip().upper()
    return {"TRUE": "true", "Y": "true", "YES": "true", "FALSE": "false", "N": "false", "NO": "false"}.get(text, "")


@dataclass
class ResultsReader:
    """Reads one results file; same protocol as BulkReader (batches, rejects, counts)."""

    source: SourceFile
    on_bytes: Callable[[int], None] | None = None
    rejects: list[Reject] = field(default_factory=list)
    rows_yielded: int = 0  # table rows
    lines_loaded: int = 0  # source records that became rows
    rows_read: int = 0  # source records

    @property
    def rows_rejected(self) -> int:
        return sum(1 for r in self.rejects if r.action == "rejected")

    @property
    def rows_warned(self) -> int:
        return len({r.line_no for r in self.rejects if r.action == "kept"})

    def schema(self) -> pa.Schema:
        return pa.schema([(n, pa.string()) for n in NAMES] + [("line_no", pa.int64())])

    def batches(self) -> Iterator[pa.RecordBatch]:
        parse = getattr(self, f"_{self.source.kind}")
        rows: list[tuple[int, dict]] = []
        for line_no, row, reason, raw in parse():
            self.rows_read += 1
            if reason:
                self.rejects.append(Reject(line_no=line_no, reason=reason, raw=raw))
                continue
            outs = row if isinstance(row, list) else [row]
            if not outs:
                self.rejects.append(Reject(line_no=line_no, reason="no votes in any stage", raw=raw))
                continue
            year = str(outs[0].get("year", "") or "").strip()
            if not re.fullmatch(r"(19|20)[0-9]{2}", year):
                self.rejects.append(Reject(line_no=line_no, reason=f"no election year ({year!r})", raw=raw))
                continue
            self.lines_loaded += 1
            rows.extend((line_no, o) for o in outs)
        if self.lines_loaded + self.rows_rejected != self.rows_read:  # the same arithmetic as bulk files
            raise FileFormatError(f"{self.source.display_name}: row accounting failed ({self.rows_read} read, "
                                  f"{self.lines_loaded} loaded, {self.rows_rejected} rejected)")
        if self.on_bytes:
            self.on_bytes(self.source.path.stat().st_size)
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            arrays = [pa.array([str(r.get(n, "") or "") or None for _, r in chunk], pa.string()) for n in NAMES]
            batch = pa.RecordBatch.from_arrays(
                arrays + [pa.array([ln for ln, _ in chunk], pa.int64())], schema=self.schema()
            )
            self.rows_yielded += batch.num_rows
            yield batch

    # -- formats: each yields (line_no, row | [rows], reject reason, raw text) -------------------

    def _csv_rows(self, header_line: int = 1) -> Iterator[tuple[int, dict, str]]:
        with open(self.source.path, encoding="utf-8-sig", errors="replace", newline="") as f:
            reader = csv.reader(f)
            header = [h.strip() for h in next(reader, [])]
            start = reader.line_num + 1
            for values in reader:
                i, start = start, reader.line_num + 1  # the line the record starts on, even after a quoted newline
                raw = ",".join(values)
                if len(values) < len(header):
                    values = values + [""] * (len(header) - len(values))
                yield i, dict(zip(header, values, strict=False)), raw

    def _medsl(self):
        for line_no, r, raw in self._csv_rows():
            office = FEDERAL_OFFICES.get(r.get("office", "").strip().upper())
            if not office:
                yield line_no, None, f"not a federal office ({r.get('office')})", raw
                continue
            stage = {"GEN": "general", "PRI": "primary"}.get(r["stage"].strip().upper(), r["stage"].lower())
            if _bool(r.get("runoff")) == "true":
                stage = "runoff"
            yield line_no, {
                "year": r["year"], "state": r["state_po"], "office": office,
                "district": _district(r["district"], office), "stage": stage, "special": _bool(r["special"]),
                "candidate": r["candidate"], "party": r["party"], "votes": _int_text(r["candidatevotes"]),
                "total_votes": _int_text(r["totalvotes"]), "writein": _bool(r["writein"]),
                "unofficial": _bool(r["unofficial"]),
            }, None, raw

    def _openelections(self):
        m = OPENELECTIONS_NAME.match(self.source.path.name)
        if not m:
            raise FileFormatError(f"{self.source.path.name}: not an OpenElections file name (YYYYMMDD__st__stage__...)")
        year, state, stage = m.group(1), m.group(4).upper(), m.group(5).lower()
        stage = "general" if "general" in stage else "runoff" if "runoff" in stage else "primary"
        special = "true" if "special" in m.group(5).lower() else "false"
        for line_no, r, raw in self._csv_rows():
            office = FEDERAL_OFFICES.get(r.get("office", "").strip().upper())
            if not office:
                yield line_no, None, f"not a federal office ({r.get('office')})", raw
                continue
            yield line_no, {
                "year": year, "state": state, "office": office, "district": _district(r.get("district"), office),
                "stage": stage, "special": special, "candidate": r.get("candidate", "").strip(),
                "party": r.get("party", "").strip(), "votes": _int_text(r.get("votes")),
                "county": r.get("county", "").strip(), "precinct": r.get("precinct", "").strip(),
                "writein": _bool(r.get("write_in")),
            }, None, raw

    def _fte_primary(self):
        party = "Democratic" if self.source.path.name.lower().startswith("dem") else "Republican"
        for line_no, r, raw in self._csv_rows():
            office = FEDERAL_OFFICES.get(r.get("Office", "").strip().upper())
            state = STATE_NAMES.get(r.get("State", "").strip().upper())
            if not office:
                yield line_no, None, f"not a federal office ({r.get('Office')})", raw
                continue
            if not state:
                yield line_no, None, f"unknown state {r.get('State')!r}", raw
                continue
            try:
                year = str(datetime.strptime(r["Primary Date"].strip(), "%m/%d/%y").year)
            except ValueError:
                yield line_no, None, f"bad primary date {r.get('Primary Date')!r}", raw
                continue
            base = {"year": year, "state": state, "office": office, "district": _district(r.get("District"), office),
                    "candidate": r["Candidate"].strip(), "party": party, "special": "false"}
            rows = []
            if _int_text(r.get("Primary Votes")) not in ("", "N/A"):
                rows.append({**base, "stage": "primary", "votes": _int_text(r["Primary Votes"]),
                             "outcome": r.get("Primary Outcome", "").strip(),
                             "source_share": r.get("Primary %", "").strip() + " of party vote"})
            if _int_text(r.get("Runoff Votes")) not in ("", "N/A"):
                rows.append({**base, "stage": "runoff", "votes": _int_text(r["Runoff Votes"]),
                             "outcome": r.get("Runoff Outcome", "").strip(),
                             "source_share": r.get("Runoff %", "").strip() + " of party vote"})
            yield line_no, rows, None, raw

    def _nbc(self):
        try:
            data = json.loads(self.source.path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise FileFormatError(f"{self.source.path.name}: not readable JSON ({exc})") from exc
        office = FEDERAL_OFFICES.get(str(data.get("type", "")).upper().replace("HOUSE OF REPRESENTATIVES", "HOUSE"))
        scope = str(data.get("electionScope", "")).lower()
        stage = "general" if "general" in scope else "runoff" if "runoff" in scope else "primary"
        year = str(data.get("electionDate", ""))[:4]
        district = str(data.get("district", "")).rsplit("-", 1)[-1]
        unofficial = "true" if (data.get("percentReporting") or 0) < 100 or not data.get("certified") else "false"
        for i, c in enumerate(data.get("candidates", []), start=1):
            raw = json.dumps(c)[:500]
            if not office:
                yield i, None, f"not a federal office ({data.get('type')})", raw
                continue
            outcome = ("advanced" if stage == "primary" and "open" in scope else "won") if c.get("apiWinner") else ""
            yield i, {
                "year": year, "state": data.get("state", ""), "office": office,
                "district": _district(district, office), "stage": stage, "special": "false",
                "candidate": c.get("name", ""), "party": c.get("party", ""), "votes": _int_text(c.get("votes")),
                "unofficial": unofficial, "outcome": outcome, "source_share": str(c.get("percent", "")),
            }, None, raw

    def _results_csv(self):
        for line_no, r, raw in self._csv_rows():
            yield line_no, {n: r.get(n, "") for n in NAMES}, None, raw

    def _fec_results(self):
        m = FEC_WORKBOOK_NAME.search(self.source.path.name)
        if not m:
            raise FileFormatError(f"{self.source.path.name}: an FEC results workbook is named federalelectionsYYYY")
        year = m.group(1)
        office = "S" if "senate" in (self.source.member or self.source.path.name).lower() else "H"
        pending: list[tuple[int, list, str]] = []
        for line_no, r, raw in self._fec_rows():
            fec_id = str(r.get("FEC ID#") or "").strip()
            if str(r.get("TOTAL VOTES") or "").strip().lower().startswith("district votes"):
                totals = {"primary": _int_text(r.get("PRIMARY VOTES")), "runoff": _int_text(r.get("RUNOFF VOTES")),
                          "general": _int_text(r.get("GENERAL VOTES"))}
                for ln, rows, rraw in pending:
                    for row in rows:
                        row["total_votes"] = totals.get(row["stage"], "")
                    yield ln, rows, None, rraw
                pending = []
                yield line_no, None, "subtotal row (district totals, used as total_votes)", raw
                continue
            if not r.get("CANDIDATE NAME") and not r.get("CANDIDATE NAME (Last)"):
                yield line_no, None, "no candidate on this line", raw
                continue
            state = str(r.get("STATE ABBREVIATION") or "").strip()
            base = {
                "year": year, "state": state, "office": office,
                "district": _district(r.get("DISTRICT"), office), "special": "false",
                "candidate": re.sub(r"[\s#*]+$", "", str(r.get("CANDIDATE NAME") or "")).strip(),
                "party": str(r.get("PARTY") or "").strip(),
                "fec_cand_id": fec_id if fec_id.lower() != "n/a" else "",
            }
            rows = []
            for stage, col, pct in (("primary", "PRIMARY VOTES", "PRIMARY %"), ("runoff", "RUNOFF VOTES", "RUNOFF %"),
                                    ("general", "GENERAL VOTES", "GENERAL %")):
                votes = r.get(col)
                if votes in (None, ""):
                    continue
                unopposed = str(votes).strip().lower() == "unopposed"
                outcome = "unopposed" if unopposed else ""
                if stage == "general" and str(r.get("GE WINNER INDICATOR") or "").strip().upper() == "W":
                    outcome = "won" + (" unopposed" if unopposed else "")
                rows.append({**base, "stage": stage, "votes": "" if unopposed else _int_text(votes),
                             "outcome": outcome, "source_share": _int_text(r.get(pct))})
            pending.append((line_no, rows, raw))
        for ln, rows, rraw in pending:  # a district without a subtotal row: no totals
            yield ln, rows, None, rraw

    def _fec_rows(self) -> Iterator[tuple[int, dict, str]]:
        """(sheet row number, record, raw) from the workbook sheet or its CSV export."""
        if self.source.path.suffix.lower() == ".csv":
            yield from ((ln, {k.strip(): v for k, v in r.items()}, raw) for ln, r, raw in self._csv_rows())
            return
        try:
            import openpyxl
        except ImportError as exc:  # pragma: no cover - a dependency
            raise FileFormatError("reading .xlsx needs openpyxl (pip install openpyxl)") from exc
        wb = openpyxl.load_workbook(self.source.path, read_only=True, data_only=True)
        try:
            ws = wb[self.source.member]
            rows = ws.iter_rows(values_only=True)
            header = [str(h).strip() if h is not None else "" for h in next(rows)]
            for i, values in enumerate(rows, start=2):
                raw = ",".join("" if v is None else str(v) for v in values).rstrip(",")
                yield i, dict(zip(header, values, strict=False)), raw
        finally:
            wb.close()


def workbook_sheets(path: Path) -> list[str]:
    """The results sheets of an FEC 'Federal Elections' workbook (House and Senate by state)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return [s for s in wb.sheetnames if re.search(r"US (House|Senate) Results by State", s, re.I)]
    finally:
        wb.close()
