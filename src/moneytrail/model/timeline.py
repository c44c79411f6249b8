"""A race's timeline: every report and notice of its candidates and outside spenders, by date filed.

What each entry **added**:

- a **report** (F3, F3X, F3P, a quarterly F5) shows the headline figures of its own cover, for
  its own coverage period: total receipts, total disbursements, cash on hand at the close
  (``col_a`` of the summary page). A figure the form leaves blank is shown as blank, never $0.
- an **independent-expenditure notice** (F24, a 24/48-hour F5, or a row of the FEC's IE file
  whose filing is not loaded) shows, per candidate of the race and side, the dollars its
  Schedule E rows report (memo rows apart), with each row's standing under the IE rules of
  model/ies.py ("counts", "covered by periodic report FEC-…", "superseded by amendment FEC-…").
  A periodic report's own Schedule E rows naming the race's candidates are listed with it.
- every entry says whether its filing is the **current version** of its report or was
  superseded by an amendment (model/filings.py).

An IE row names a race candidate by candidate id, or — when the filer left the id blank, as
real notices do — by last name, state and (for the House) district.
Entries are not to be summed: a notice and the periodic report that repeats it are two
entries for the same money (the totals of model/ies.py count it once).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from ..lazy import deferred as _
from ..lazy import ibis, pa
from ..sources.efile_layouts import SUMMARY_FORMS
from ..store import built
from . import candidates as mc
from . import filings as mfilings
from . import ies as mies
from .base import Model, records
from .build import derived
from .figures import Coverage, Figure, Status
from .keys import RaceKey

if TYPE_CHECKING:
    import ibis.expr.types as ir

#: The headline figures of a report, each read from its cover (summary page, column A).
HEADLINE = {
    "receipts": "total receipts this period (cover, column A)",
    "disbursements": "total disbursements this period (cover, column A)",
    "cash_on_hand_close": "cash on hand at the close of the period (cover, column A)",
}


@dataclass(frozen=True)
class RaceCandidate:
    cand_id: str
    name: str | None

    @property
    def last_name(self) -> str | None:
        return self.name.split(",")[0].strip().upper() if self.name else None


@dataclass(frozen=True)
class RaceScope:
    """Who a race is: its candidates and their committees in one cycle."""

    race: RaceKey
    cycle: int
    candidates: tuple[RaceCandidate, ...]
    committees: tuple[str, ...]

    @property
    def cand_ids(self) -> list[str]:
        return [c.cand_id for c in self.candidates]


def race_scope(m: Model, race: RaceKey, cycle: int) -> RaceScope:
    cands = records(mc.race_candidates(m, race, cycle).select("cand_id", "name"))
    ids = [c["cand_id"] for c in cands]
    cmtes = [r["cmte_id"] for r in records(mc.candidate_committees(m, ids, cycle).select("cmte_id"))] if ids else []
    return RaceScope(race, cycle, tuple(RaceCandidate(c["cand_id"], c["name"]) for c in cands),
                     tuple(sorted(set(cmtes))))


def se_naming(m: Model, scope: RaceScope | None) -> ir.Table:
    """Schedule E rows (``row_ref``) with the race candidate each names (``named``): by id, else by name."""
    se = m.table("filing_se")
    if scope is None:
        return se.select("row_ref", named=se.cand_id)
    by_id = se.filter(se.cand_id.isin(scope.cand_ids or [""])).select("row_ref", named=se.cand_id)
    lasts = [(c.cand_id, c.last_name) for c in scope.candidates if c.last_name]
    if not lasts:
        return by_id
    people = ibis.memtable({"p_cand_id": [x[0] for x in lasts], "p_last": [x[1] for x in lasts]})
    blank = se.cand_id.isnull() | (se.cand_id.strip() == "")
    seat = se.cand_state.upper() == scope.race.state
    if scope.race.office == "H":
        seat &= se.cand_district.strip().lpad(2, "0") == scope.race.district
    anon = se.filter(blank & seat)
    by_name = anon.join(people, anon.cand_last_name.strip().upper() == people.p_last).select(
        "row_ref", named=_.p_cand_id)
    return by_id.union(by_name)


@dataclass(frozen=True)
class IeLine:
    """What one filing (or IE-file notice) reports for one candidate and side."""

    cand_id: str | None
    candidate_name: str | None
    support_oppose: str
    amount: Figure
    first_day: date | None
    last_day: date | None
    standing: tuple[str, ...]  # the rows' statuses under model/ies.py

    def to_json(self) -> dict:
        return {"cand_id": self.cand_id, "candidate_name": self.candidate_name,
                "support_oppose": self.support_oppose, "amount": self.amount.to_json(),
                "first_day": _iso(self.first_day), "last_day": _iso(self.last_day),
                "standing": list(self.standing)}


@dataclass(frozen=True)
class Entry:
    """One report or notice on the timeline, with what it added."""

    filed: date | None
    kind: str  # report | ie_notice | filing
    filing_id: int | None
    source: str  # efile | ie file
    form_type: str | None
    filer_id: str | None
    filer_name: str | None
    role: str  # candidate committee | outside spender | committee
    coverage_from: date | None = None
    coverage_through: date | None = None
    report_code: str | None = None
    report_type: str | None = None  # F24: 24 or 48 (hours)
    amends: int | None = None
    current: bool = True
    superseded_by: int | None = None
    figures: dict[str, Figure] = field(default_factory=dict)
    ies: tuple[IeLine, ...] = ()
    refs: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {
            "filed": _iso(self.filed), "kind": self.kind, "filing_id": self.filing_id, "source": self.source,
            "form_type": self.form_type, "filer_id": self.filer_id, "filer_name": self.filer_name, "role": self.role,
            "coverage_from": _iso(self.coverage_from), "coverage_through": _iso(self.coverage_through),
            "report_code": self.report_code, "report_type": self.report_type, "amends": self.amends,
            "current": self.current, "superseded_by": self.superseded_by,
            "figures": {k: f.to_json() for k, f in self.figures.items()},
            "ies": [x.to_json() for x in self.ies], "row_refs": list(self.refs),
        }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _kind(form: str | None, report_code: str | None) -> str:
    if form in SUMMARY_FORMS or (form == "F5" and report_code):
        return "report"
    if form in ("F24", "F5"):
        return "ie_notice"
    return "filing"


def _figures(row: dict, kind: str) -> dict[str, Figure]:
    if kind != "report":
        return {}
    cov = Coverage(files=(f"FEC-{row['filing_id']}",), start=row["coverage_from"], through=row["coverage_through"])
    out = {}
    for name, definition in HEADLINE.items():
        value = row[name]
        if value is None:
            out[name] = Figure(None, Status.NOT_APPLICABLE, definition, Coverage(note="left blank on the cover"))
        else:
            out[name] = Figure.known(value, definition, cov, (row["row_ref"],))
    return out


def _ie_lines(m: Model, filing_ids: list[int], scope: RaceScope | None) -> dict[int, list[IeLine]]:
    """Per filing: its IE rows naming the scope's candidates (any candidate without a scope), per side."""
    if not filing_ids:
        return {}
    f = mfilings.filings(m)
    cycles = [r["cycle"] for r in records(f.filter(f.filing_id.isin(filing_ids)).select("cycle").distinct())
              if r["cycle"] is not None]
    out: dict[int, list[IeLine]] = {}
    for cycle in cycles:
        n = mies.notices(m, cycle)
        n = n.filter(n.filing_id.isin(filing_ids) & (n.source == "efile"))
        named = se_naming(m, scope)
        n = n.join(named, "row_ref")
        for line in _group_lines(n):
            out.setdefault(line.pop("filing_id"), []).append(_line(line))
    return out


def _group_lines(n: ir.Table) -> list[dict]:
    return records(_lines(n).order_by(["filing_id", "named", "support_oppose"]))


def _lines(n: ir.Table, by: tuple[str, ...] = ()) -> ir.Table:
    """IE rows (with the candidate each names, ``named``) per filing, candidate and side: what a line shows."""
    counted = n.status != "memo row"
    return (
        n.group_by([*by, "filing_id", "named", "support_oppose"])
        .aggregate(candidate_name=n.candidate_name.max(), amount=n.amount.sum(where=counted),
                   rows=counted.sum(), first_day=n.day.min(where=counted), last_day=n.day.max(where=counted),
                   standing=n.status.collect(where=counted).unique(), refs=n.row_ref.collect(where=counted))
        .filter(_.rows > 0)
    )


def _line(r: dict) -> IeLine:
    definition = (f"independent expenditures {'for' if r['support_oppose'] == 'support' else 'against'} the "
                  "candidate reported in this filing (memo rows apart)")
    refs = tuple(sorted(r["refs"] or []))
    return IeLine(r["named"], r["candidate_name"], r["support_oppose"],
                  Figure.known(r["amount"] or 0, definition, Coverage(start=r["first_day"], through=r["last_day"]),
                               refs),
                  r["first_day"], r["last_day"], tuple(sorted(r["standing"] or [])))


def filing_entries(m: Model, filing_ids: list[int], scope: RaceScope | None = None,
                   spenders: set[str] | None = None) -> list[Entry]:
    """Timeline entries for loaded filings (cover figures, IE lines naming the scope's candidates)."""
    if not filing_ids:
        return []
    f = mfilings.filings(m)
    rows = records(f.filter(f.filing_id.isin(filing_ids)).select(
        "filing_id", "form_type", "form", "filer_id", "filer_name", "coverage_from", "coverage_through",
        "report_code", "report_type", "date_signed", "received_date", "amends_filing_id", "current",
        "superseded_by", "cycle", "row_ref", *HEADLINE).order_by("filing_id"))
    lines = _ie_lines(m, [r["filing_id"] for r in rows], scope)
    committees = set(scope.committees) if scope else set()
    out = []
    for r in rows:
        kind = _kind(r["form"], r["report_code"])
        ies = tuple(lines.get(r["filing_id"], ()))
        role = ("candidate committee" if r["filer_id"] in committees
                else "outside spender" if ies or r["filer_id"] in (spenders or set()) else "committee")
        out.append(Entry(
            filed=r["date_signed"] or r["received_date"], kind=kind, filing_id=r["filing_id"], source="efile",
            form_type=r["form_type"], filer_id=r["filer_id"], filer_name=r["filer_name"], role=role,
            coverage_from=r["coverage_from"], coverage_through=r["coverage_through"], report_code=r["report_code"],
            report_type=r["report_type"], amends=r["amends_filing_id"], current=bool(r["current"]),
            superseded_by=r["superseded_by"],
            figures=_figures(r, kind), ies=ies,
            refs=(r["row_ref"],) + tuple(ref for x in ies for ref in x.amount.refs),
        ))
    return out


def _ie_file_entries(m: Model, scope: RaceScope) -> list[Entry]:
    """Notices known only from the FEC's IE file (their filing is not loaded), one entry per filing number."""
    n = mies.notices(m, scope.cycle)
    n = n.filter((n.source == "ie file") & n.cand_id.isin(scope.cand_ids or [""])
                 & (n.status != "in a loaded filing (its own rows count)")).mutate(named=_.cand_id)
    heads = records(n.group_by("filing_id").aggregate(
        filed=n.received.min(), spender_id=n.spender_id.max(), spender_name=n.spender_name.max()))
    lines: dict[int, list[IeLine]] = {}
    for r in _group_lines(n):
        lines.setdefault(r.pop("filing_id"), []).append(_line(r))
    return [Entry(filed=h["filed"], kind="ie_notice", filing_id=h["filing_id"], source="ie file", form_type=None,
                  filer_id=h["spender_id"], filer_name=h["spender_name"], role="outside spender",
                  ies=tuple(lines.get(h["filing_id"], ())),
                  refs=tuple(ref for x in lines.get(h["filing_id"], ()) for ref in x.amount.refs))
            for h in heads]


def timeline(m: Model, scope: RaceScope) -> list[Entry]:
    """Every report and notice of the race's candidate committees and of whoever spent on its candidates."""
    n = mies.notices(m, scope.cycle)
    named = se_naming(m, scope)
    spent = n.left_join(named, "row_ref")
    spenders = {r["spender_id"] for r in records(
        spent.filter(spent.cand_id.isin(scope.cand_ids or [""]) | spent.named.notnull())
        .select("spender_id").distinct()) if r["spender_id"]}
    f = mfilings.filings(m)
    mine = f.filter(f.filer_id.isin(sorted(set(scope.committees) | spenders) or [""]) & (f.cycle == scope.cycle))
    ids = [r["filing_id"] for r in records(mine.select("filing_id"))]
    # notices from spenders' filings that name the race, whatever the filer id says
    via_rows = m.table("filing_se").join(named, "row_ref").select("filing_id").distinct()
    ids = sorted(set(ids) | {r["filing_id"] for r in records(via_rows)})
    entries = [e for e in filing_entries(m, ids, scope, spenders)
               if e.role != "committee" and (e.filed is None or _cycle_of(e) == scope.cycle)]
    entries += _ie_file_entries(m, scope)
    return sorted(entries, key=lambda e: (e.filed or date.max, e.filing_id or 0, e.source))


def _cycle_of(e: Entry) -> int:
    d = e.coverage_through or e.filed
    return d.year + d.year % 2


# -- the built model: every race's timeline at once ------------------------------------------------
#
# The same rules as above, for every race of a cycle in one pass: race_scopes holds what
# race_scope gives per race; timeline one row per (race, entry) and timeline_ies one row per
# (race, entry, candidate, side) line. A race's timeline is then two look-ups (read_timeline).

RACE = ("office", "state", "district")
_IN = {k: f"race_{k}" for k in RACE}  # a race's columns inside a query (filing_se has its own ``state``)
ENTRY_INPUTS = ("ie", "fec")


@derived("race_scopes", inputs=mc.MEMBER_INPUTS)
def race_scopes_table(m: Model, cycle: int) -> pa.Table:
    """Every race's :func:`race_scope`: its candidates in the order race_candidates gives them (role
    ``candidate``, with the last name a notice without an id is matched by) and their committees (role
    ``committee``)."""
    st = mc.seats(m, cycle)
    st = st.filter(st.office.notnull() & st.state.notnull() & st.district.notnull()).select(
        *RACE, "cand_id").distinct()
    names = mc._rows_for(m, st.select("cand_id").distinct(), cycle).select("cand_id", "name", receipts="ttl_receipts")
    races: dict[tuple, list[dict]] = {}
    for r in records(st.join(names, "cand_id")):
        races.setdefault((r["office"], r["state"], r["district"]), []).append(r)
    rows = []
    for (office, state, district), cands in sorted(races.items()):
        cands.sort(key=lambda r: (-(r["receipts"] or 0), r["cand_id"]))  # race_candidates' order
        for i, r in enumerate(cands):
            c = RaceCandidate(r["cand_id"], r["name"])
            rows.append({"office": office, "state": state, "district": district, "role": "candidate", "position": i,
                         "id": c.cand_id, "name": c.name, "last_name": c.last_name or None})
    groups = st.select(grp=st.office + "|" + st.state + "|" + st.district, cand_id=st.cand_id)
    for r in records(mc.grouped_committees(m, groups, cycle).select("grp", "cmte_id").distinct()):
        office, state, district = r["grp"].split("|")
        rows.append({"office": office, "state": state, "district": district, "role": "committee", "position": None,
                     "id": r["cmte_id"], "name": None, "last_name": None})
    return pa.Table.from_pylist(rows, schema=pa.schema([
        ("office", pa.string()), ("state", pa.string()), ("district", pa.string()), ("role", pa.string()),
        ("position", pa.int32()), ("id", pa.string()), ("name", pa.string()), ("last_name", pa.string())]))


def _scopes(m: Model, cycle: int, role: str) -> ir.Table:
    t = m.ib.table(built.table_name("race_scopes"))
    t = t.filter((t.cycle == cycle) & (t.role == role))
    return t.select(**{_IN[k]: t[k] for k in RACE}, p_id=t.id, p_last=t.last_name)


def every_naming(m: Model, cycle: int) -> ir.Table:
    """:func:`se_naming` for every race of the cycle at once: (race, ``row_ref``, ``named``, ``filing_id``)."""
    race = list(_IN.values())
    people = _scopes(m, cycle, "candidate")
    se = m.table("filing_se")
    by_id = se.join(people, se.cand_id == people.p_id).select(*race, "row_ref", "filing_id", named=people.p_id)
    anon = se.filter(se.cand_id.isnull() | (se.cand_id.strip() == ""))
    named = people.filter(people.p_last.notnull())
    seat = ((anon.cand_state.upper() == named.race_state)
            & ((named.race_office != "H") | (anon.cand_district.strip().lpad(2, "0") == named.race_district))
            & (anon.cand_last_name.strip().upper() == named.p_last))
    by_name = anon.join(named, seat).select(*race, "row_ref", "filing_id", named=named.p_id)
    return by_id.union(by_name)


def _every_entry(m: Model, cycle: int) -> tuple[ir.Table, ir.Table]:
    """(entries, lines) of every race's timeline, as :func:`timeline` gives each race's."""
    race = list(_IN.values())
    people = _scopes(m, cycle, "candidate")
    cmtes = _scopes(m, cycle, "committee").select(*race, filer_id=_.p_id)
    named = every_naming(m, cycle)
    n = mies.notices(m, cycle)
    # whoever spent on a race's candidates: by the candidate id of any IE row, or by a row naming them
    by_cand = n.join(people, n.cand_id == people.p_id).select(*race, "spender_id")
    by_row = n.join(named.select(*race, "row_ref"), "row_ref").select(*race, "spender_id")
    spenders = by_cand.union(by_row, distinct=True)
    spenders = spenders.filter(spenders.spender_id.notnull() & (spenders.spender_id != "")).select(
        *race, filer_id=_.spender_id)
    f = mfilings.filings(m)
    filers = cmtes.union(spenders, distinct=True)
    mine = f.filter(f.cycle == cycle).select("filing_id", "filer_id").join(filers, "filer_id").select(
        *race, "filing_id")
    ids = mine.union(named.select(*race, "filing_id"), distinct=True)
    cover = f.select("filing_id", "form_type", "form", "filer_id", "filer_name", "coverage_from", "coverage_through",
                     "report_code", "report_type", "amends_filing_id", "current", "superseded_by", "cycle", "row_ref",
                     *HEADLINE, filed=ibis.coalesce(f.date_signed, f.received_date))
    e = ids.join(cover, "filing_id")
    year = ibis.coalesce(e.coverage_through, e.filed).year()
    e = e.filter(e.filed.isnull() | (year + year % 2 == cycle))
    # an entry's IE lines come from the notices of its filing's cycle: this one, or (a filing without a
    # date filed is kept whatever its cycle) another
    undated = f.filter(f.date_signed.isnull() & f.received_date.isnull() & f.cycle.notnull() & (f.cycle != cycle))
    rows = n
    for r in records(undated.select("cycle").distinct()):
        rows = rows.union(mies.notices(m, int(r["cycle"])))
    rows = rows.filter(rows.source == "efile").join(named.select(*race, "row_ref", "named"), "row_ref")
    rows = rows.join(e.select(*race, "filing_id"), [*race, "filing_id"])
    lines = _lines(rows, tuple(race))
    has_lines = lines.select(*race, "filing_id").distinct().mutate(has_ies=ibis.literal(True))
    e = (e.left_join(cmtes.mutate(is_cmte=ibis.literal(True)), [*race, "filer_id"]).drop(*_right(race, "filer_id"))
         .left_join(spenders.mutate(is_spender=ibis.literal(True)), [*race, "filer_id"]).drop(*_right(race, "filer_id"))
         .left_join(has_lines, [*race, "filing_id"]).drop(*_right(race, "filing_id")))
    role = ibis.cases((e.is_cmte.notnull(), "candidate committee"),
                      (e.has_ies.notnull() | e.is_spender.notnull(), "outside spender"), else_="committee")
    e = e.mutate(role=role).filter(_.role != "committee")
    efile = e.select(*race, "filed", source=ibis.literal("efile"), filing_id="filing_id", form="form",
                     form_type="form_type", filer_id="filer_id", filer_name="filer_name", role="role",
                     coverage_from="coverage_from", coverage_through="coverage_through", report_code="report_code",
                     report_type="report_type", amends="amends_filing_id", current="current",
                     superseded_by="superseded_by", **{k: k for k in HEADLINE}, cover_ref="row_ref")
    # notices known only from the IE file: the race's candidates by id
    b = n.filter((n.source == "ie file") & (n.status != "in a loaded filing (its own rows count)"))
    b = b.join(people, b.cand_id == people.p_id).mutate(named=_.cand_id)
    heads = b.group_by([*race, "filing_id"]).aggregate(filed=b.received.min(), filer_id=b.spender_id.max(),
                                                       filer_name=b.spender_name.max())
    null = ibis.null
    ie_file = heads.select(
        *race, filed=heads.filed, source=ibis.literal("ie file"), filing_id=heads.filing_id,
        form=null("string"), form_type=null("string"), filer_id=heads.filer_id, filer_name=heads.filer_name,
        role=ibis.literal("outside spender"), coverage_from=null("date"), coverage_through=null("date"),
        report_code=null("string"), report_type=null("string"), amends=null("int64"), current=ibis.literal(True),
        superseded_by=null("int64"), **{k: null(efile[k].type()) for k in HEADLINE}, cover_ref=null("string"))
    entries = efile.union(ie_file.cast(efile.schema()))
    lines = lines.mutate(source=ibis.literal("efile")).union(
        _lines(b, tuple(race)).mutate(source=ibis.literal("ie file")))
    return _as_race(entries), _as_race(lines)


def _right(race: list[str], *more: str) -> list[str]:
    return [f"{c}_right" for c in (*race, *more)]


def _as_race(t: ir.Table) -> ir.Table:
    return t.rename({k: v for k, v in _IN.items()})


@derived("timeline", inputs=ENTRY_INPUTS, after=("race_scopes",))
def timeline_table(m: Model, cycle: int) -> ir.Table:
    """Every race's timeline entries (:func:`timeline`), one row per (race, report or notice), with the
    cover columns an entry shows; its IE lines are in ``timeline_ies``."""
    return _every_entry(m, cycle)[0]


@derived("timeline_ies", inputs=ENTRY_INPUTS, after=("race_scopes",))
def timeline_ies_table(m: Model, cycle: int) -> ir.Table:
    """Every race's timeline IE lines: per (race, entry, candidate, side), what the entry reports."""
    return _every_entry(m, cycle)[1]


# -- reading it (plain SQL) --------------------------------------------------------------------------

ENTRY_ORDER = "filed NULLS LAST, coalesce(filing_id, 0), source"  # timeline()'s sort
NEWEST_FIRST = "filed DESC NULLS FIRST, coalesce(filing_id, 0) DESC, source DESC"


def _race_where(race: RaceKey) -> tuple[str, list]:
    return "office = ? AND state = ? AND district = ?", [race.office, race.state, race.district]


def read_scope(con, race: RaceKey, cycle: int) -> RaceScope:
    """:func:`race_scope` from the built model."""
    where, params = _race_where(race)
    rows = built.read(con, "race_scopes", cycle, where, params, order_by="role, position, id",
                      columns="role, id, name")
    return RaceScope(race, cycle, tuple(RaceCandidate(r["id"], r["name"]) for r in rows if r["role"] == "candidate"),
                     tuple(r["id"] for r in rows if r["role"] == "committee"))


@dataclass(frozen=True)
class TimelinePage:
    entries: list[Entry]
    total: int  # entries in the whole timeline
    efile: int  # of which from loaded .fec filings


def read_timeline(con, race: RaceKey, cycle: int, limit: int | None = None, offset: int = 0,
                  newest_first: bool = False) -> TimelinePage:
    """:func:`timeline` from the built model: every entry (``limit`` None), or one page of them, oldest
    first as timeline() sorts them or ``newest_first``."""
    where, params = _race_where(race)
    counts = built.read(con, "timeline", cycle, where, params,
                        columns="count(*) AS total, count(*) FILTER (WHERE source = 'efile') AS efile")
    total, efile = (counts[0]["total"], counts[0]["efile"]) if counts else (0, 0)
    if limit is not None and offset >= max(total, 1):  # past the end (never a number DuckDB cannot hold)
        return TimelinePage([], total, efile)
    if limit is not None:
        limit = min(limit, max(total, 1))
    heads = built.read(con, "timeline", cycle, where, params, order_by=NEWEST_FIRST if newest_first else ENTRY_ORDER,
                       limit=limit, offset=offset)
    line_where, line_params = where, list(params)
    if limit is not None:
        line_where += " AND list_contains(?, coalesce(filing_id, -1))"
        line_params.append(sorted({h["filing_id"] if h["filing_id"] is not None else -1 for h in heads}))
    lines: dict[tuple, list[IeLine]] = {}
    for r in built.read(con, "timeline_ies", cycle, line_where, line_params,
                        order_by="source, filing_id, named, support_oppose"):
        lines.setdefault((r["source"], r["filing_id"]), []).append(_line(r))
    return TimelinePage([_entry(h, tuple(lines.get((h["source"], h["filing_id"]), ()))) for h in heads], total, efile)


def _entry(h: dict, ies: tuple[IeLine, ...]) -> Entry:
    refs = tuple(ref for x in ies for ref in x.amount.refs)
    if h["source"] == "ie file":
        return Entry(filed=h["filed"], kind="ie_notice", filing_id=h["filing_id"], source="ie file", form_type=None,
                     filer_id=h["filer_id"], filer_name=h["filer_name"], role="outside spender", ies=ies, refs=refs)
    kind = _kind(h["form"], h["report_code"])
    return Entry(
        filed=h["filed"], kind=kind, filing_id=h["filing_id"], source="efile", form_type=h["form_type"],
        filer_id=h["filer_id"], filer_name=h["filer_name"], role=h["role"], coverage_from=h["coverage_from"],
        coverage_through=h["coverage_through"], report_code=h["report_code"], report_type=h["report_type"],
        amends=h["amends"], current=bool(h["current"]), superseded_by=h["superseded_by"],
        figures=_figures({**h, "row_ref": h["cover_ref"]}, kind), ies=ies, refs=(h["cover_ref"], *refs))
