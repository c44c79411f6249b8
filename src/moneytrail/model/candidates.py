"""Who runs in a race, with which committees, and what their summary reports say.

Definitions (each once, here):

- **In the race**: a candidate of the cycle's candidate master (cn) for the office,
  state and district whose election year is the cycle; plus anyone in the cycle's
  summary files (weball/webl) for that seat with money in or out, whatever their
  election year (old committees still spending, candidates missing from an early cn), unless
  they file for a later election. One person's ids make one row (model/persons.py).
- **A candidate's committees**: the principal campaign committee (cn CAND_PCC) and the
  principal/authorized committees linked in ccl or named in cm; never JFCs or
  leadership PACs.
- **Summary figures**: from the summary row with the latest coverage end date across
  the loaded weball and webl files of the cycle (later load on a tie), as reported
  by the committee. Totals include transfers between the candidate's own committees.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import encoding
from ..lazy import deferred as _
from ..lazy import ibis, pa
from ..store import built
from . import coverage, definitions, persons
from .base import Model, records
from .build import derived, shared
from .figures import Coverage, Figure, Status, money
from .keys import RaceKey

if TYPE_CHECKING:
    import ibis.expr.types as ir

SUMMARY_FIGURES = [(f, definitions.label(f)) for f in (  # labels and meanings: model/definitions.py
    "ttl_receipts", "ttl_indiv_contrib", "other_pol_cmte_contrib", "pol_pty_contrib", "cand_contrib", "cand_loans",
    "trans_from_auth", "ttl_disb", "coh_cop", "debts_owed_by", "indiv_refunds")]


def latest(t: ir.Table, key: str) -> ir.Table:
    """One row per key: the one from the latest load (and last line within it)."""
    w = ibis.row_number().over(group_by=key, order_by=[ibis.desc("load_id"), ibis.desc("line_no")])
    return t.mutate(_rn=w).filter(_._rn == 0).drop("_rn")


def candidate_master(m: Model, cycle: int) -> ir.Table:
    return latest(m.bulk("cn", cycle), "cand_id")


def committee_master(m: Model, cycle: int) -> ir.Table:
    return latest(m.bulk("cm", cycle), "cmte_id")


def summaries(m: Model, cycle: int) -> ir.Table:
    """One summary row per candidate (weball and webl share their 30 columns)."""
    parts = [m.bulk(kind, cycle).mutate(source_kind=ibis.literal(kind)) for kind in ("weball", "webl")]
    return latest_summary(parts[0].union(parts[1]), "cand_id")


def latest_summary(t: ir.Table, key: str) -> ir.Table:
    """One summary row per key: the latest coverage end, then (as :func:`latest`) the latest load and line."""
    w = ibis.row_number().over(group_by=key, order_by=[ibis.desc("cvg_end_dt"), ibis.desc("load_id"),
                                                       ibis.desc("line_no")])
    return t.mutate(_rn=w).filter(_._rn == 0).drop("_rn")


def _district(col: ir.StringValue) -> ir.StringValue:
    return col.lpad(2, "0")


def seats(m: Model, cycle: int) -> ir.Table:
    """(office, state, district, cand_id) for every race of the cycle at once: who is in which race,
    by the rule in the module docstring (a House district as two digits, a Senate or the
    presidential race as 00; the presidential race's state is US)."""
    cn = candidate_master(m, cycle)
    running = cn.filter(cn.cand_election_yr == cycle).select(
        "cand_id", office=cn.cand_office, state=cn.cand_office_st,
        district=ibis.cases((cn.cand_office == "H", _district(cn.cand_office_district)), else_=ibis.literal("00")),
    )
    s = summaries(m, cycle)
    office = s.cand_id.substr(0, 1)
    active = (s.ttl_receipts != 0) | (s.ttl_disb != 0) | (s.coh_cop != 0)
    spending = s.filter(active).select(
        "cand_id", office=office, state=ibis.cases((office == "P", ibis.literal("US")), else_=s.cand_office_st),
        district=ibis.cases((office == "H", _district(s.cand_office_district)), else_=ibis.literal("00")),
    )
    # Summary-only candidates stay out when they run in a later election (a state's other Senate
    # seat). One whose committee belongs to another of their ids stays in: race_members shows the
    # person once, and a figure counted under the other id as not_applicable there (never dropped).
    known = cn.select(known_id="cand_id", yr="cand_election_yr")
    spending = spending.left_join(known, spending.cand_id == known.known_id)
    spending = spending.filter(spending.yr.isnull() | (spending.yr <= cycle)).select(
        "cand_id", "office", "state", "district")
    return running.union(spending, distinct=True)


def race_candidates(m: Model, race: RaceKey, cycle: int) -> ir.Table:
    st = seats(m, cycle)
    ids = st.filter((st.office == race.office) & (st.state == race.state) & (st.district == race.district))
    return _rows_for(m, ids.select("cand_id").distinct(), cycle)


def rows_for_ids(m: Model, cand_ids: list[str], cycle: int) -> ir.Table:
    """The columns :func:`race_candidates` gives, for these ids (those with a cn or summary row this cycle)."""
    cn, s = candidate_master(m, cycle), summaries(m, cycle)
    ids = cn.filter(cn.cand_id.isin(cand_ids)).select("cand_id").union(
        s.filter(s.cand_id.isin(cand_ids)).select("cand_id"), distinct=True)
    return _rows_for(m, ids, cycle)


def _rows_for(m: Model, ids: ir.Table, cycle: int) -> ir.Table:
    cn, s = candidate_master(m, cycle), summaries(m, cycle)
    cn_cols = cn.select(
        "cand_id",
        cn_name="cand_name",
        party="cand_pty_affiliation",
        ici="cand_ici",
        status="cand_status",
        election_yr="cand_election_yr",
        pcc="cand_pcc",
        cn_ref="row_ref",
        cn_state="cand_office_st",
        cn_district="cand_office_district",
    )
    s_cols = s.select(
        "cand_id",
        s_name="cand_name",
        s_party="cand_pty_affiliation",
        s_ici="cand_ici",
        s_state="cand_office_st",
        s_district="cand_office_district",
        cvg_end_dt="cvg_end_dt",
        summary_kind="source_kind",
        summary_ref="row_ref",
        **{f: f for f, _label in SUMMARY_FIGURES},
    )
    j = ids.left_join(cn_cols, "cand_id").left_join(s_cols, "cand_id")
    return j.select(
        "cand_id",
        name=ibis.coalesce(j.cn_name, j.s_name),
        party=ibis.coalesce(j.party, j.s_party),
        ici=ibis.coalesce(j.ici, j.s_ici),
        status=j.status,
        election_yr=j.election_yr,
        pcc=j.pcc,
        cn_ref=j.cn_ref,
        state=ibis.coalesce(j.cn_state, j.s_state),
        district=ibis.coalesce(j.cn_district, j.s_district),
        cvg_end_dt=j.cvg_end_dt,
        summary_kind=j.summary_kind,
        summary_ref=j.summary_ref,
        **{f: j[f] for f, _label in SUMMARY_FIGURES},
    ).order_by([ibis.desc(ibis.coalesce(_.ttl_receipts, 0)), "cand_id"])


def committee_links(m: Model, cand_ids: list[str] | None, cycle: int) -> ir.Table:
    """Every (cand_id, cmte_id) link with its designation, basis and rank, before one owner is chosen."""
    cn = candidate_master(m, cycle)
    ccl = m.bulk("ccl", cycle)
    cm = committee_master(m, cycle)
    if cand_ids is not None:
        cn, ccl, cm = (t.filter(t.cand_id.isin(cand_ids)) for t in (cn, ccl, cm))
    # rank: the committee's own registration (cm CAND_ID) first, then a link for this cycle's election
    pcc = cn.filter(cn.cand_pcc.notnull()).select(
        "cand_id", cmte_id="cand_pcc", designation=ibis.literal("P"), basis=ibis.literal("cn CAND_PCC"),
        rank=ibis.cases((cn.cand_election_yr == cycle, 1), else_=2),
    )
    linked = ccl.filter(ccl.cmte_dsgn.isin(["P", "A"])).select(
        "cand_id", "cmte_id", designation="cmte_dsgn", basis=ibis.literal("ccl linkage"),
        rank=ibis.cases((ccl.cand_election_yr == cycle, 1), else_=2),
    )
    named = cm.filter(cm.cmte_dsgn.isin(["P", "A"]) & cm.cand_id.notnull()).select(
        "cand_id", "cmte_id", designation="cmte_dsgn", basis=ibis.literal("cm CAND_ID"), rank=ibis.literal(0),
    )
    return pcc.union(linked).union(named)


def _one_owner(u: ir.Table, by: list[str]) -> ir.Table:
    principal_first = ibis.cases((u.designation == "P", 0), else_=1)
    w = ibis.row_number().over(group_by=by, order_by=[principal_first, "rank", "basis", "cand_id"])
    return u.mutate(_rn=w).filter(_._rn == 0).drop("_rn", "rank")


def candidate_committees(m: Model, cand_ids: list[str] | None, cycle: int) -> ir.Table:
    """(cand_id, cmte_id, designation, basis), one owner per committee; ``None`` = every candidate.

    A committee has one owner in a cycle: principal beats authorized, and among several ids
    of one person the id running in this cycle's election wins, so its money counts once.
    """
    return _one_owner(committee_links(m, cand_ids, cycle), ["cmte_id"])


def grouped_committees(m: Model, groups: ir.Table, cycle: int) -> ir.Table:
    """:func:`candidate_committees` for many id sets at once: ``groups`` is (grp, cand_id), and each
    group's committees are those ``candidate_committees(m, <its ids>, cycle)`` gives."""
    u = committee_links(m, None, cycle)
    u = u.join(groups, "cand_id")
    return _one_owner(u, ["grp", "cmte_id"]).select("grp", "cand_id", "cmte_id", "designation", "basis")


def candidate_row(m: Model, cand_id: str, cycle: int) -> ir.Table:
    cn = candidate_master(m, cycle)
    return cn.filter(cn.cand_id == cand_id)


def summary_row(m: Model, cand_id: str, cycle: int) -> ir.Table:
    s = summaries(m, cycle)
    return s.filter(s.cand_id == cand_id)


def summary_figures(m: Model, row: dict, cycle: int, sources: dict | None = None) -> dict[str, Figure]:
    """A candidate's summary row as figures: known (or partial, when the summary file is an early
    snapshot), through the row's coverage end; not loaded when no summary file of the cycle is."""
    sources = sources or {k: coverage.source(m, k, cycle) for k in ("weball", "webl")}
    if row.get("summary_ref"):
        src = sources[row["summary_kind"]]
        cov = Coverage(src.files, None, row["cvg_end_dt"], src.coverage.note if src.coverage else None)
        return {f: Figure(money(row[f]) if row[f] is not None else None,
                          src.status if row[f] is not None else Status.NOT_APPLICABLE, label, cov,
                          (row["summary_ref"],)) for f, label in SUMMARY_FIGURES}
    loaded = [s for s in sources.values() if s.status is not Status.NOT_LOADED]
    if not loaded:
        missing = coverage.describe_missing("weball", cycle)
    else:
        missing = (f"no summary row for {row['cand_id']} in {', '.join(f for s in loaded for f in s.files)} "
                   "(it had reported no money by then)")
    return {f: Figure.not_loaded(missing, label) for f, label in SUMMARY_FIGURES}


@dataclass
class _Cycle:
    """What member rows of one cycle are made from: the person index, the summary files' sources, the
    summary row of each id and each committee's owner (one query each for a whole cycle when built)."""

    m: Model
    cycle: int
    index: persons.PersonIndex
    sources: dict
    summary_rows: Callable[[list[str]], dict[str, dict]]
    owner_of: Callable[[str], str | None]

    @classmethod
    def live(cls, m: Model, cycle: int) -> _Cycle:
        def owner_of(cmte_id: str) -> str | None:
            owned = candidate_committees(m, None, cycle)
            found = records(owned.filter(owned.cmte_id == cmte_id).select("cand_id"))
            return found[0]["cand_id"] if found else None

        return cls(m, cycle, persons.index(m), {k: coverage.source(m, k, cycle) for k in ("weball", "webl")},
                   lambda ids: _summary_rows(m, ids, cycle), owner_of)

    @classmethod
    def whole(cls, m: Model, cycle: int) -> _Cycle:
        """Every summary row and committee owner of the cycle, read once (building the model)."""

        def compute() -> _Cycle:
            every = {r["cand_id"]: r for r in records(summaries(m, cycle))}
            owners = {r["cmte_id"]: r["cand_id"] for r in records(candidate_committees(m, None, cycle))}
            return cls(m, cycle, persons.index(m), {k: coverage.source(m, k, cycle) for k in ("weball", "webl")},
                       lambda ids: every, owners.get)

        return shared(m, ("members", cycle), compute)


def race_members(m: Model, race: RaceKey, cycle: int) -> list[dict]:
    """One row per person in the race, each summary figure counted once.

    A person's ids in one race (a new id per run: KIM, DAVID) make one row, under the id their
    latest-covering summary row is filed under (else the id filed for this election,
    persons.Person.id_for); the other ids are listed with their own summary rows, never added. A
    summary reported identically under another id of the person whose committee it is this cycle
    (a House member running for the Senate) is shown there and is ``not_applicable`` here; an id
    with no summary row of its own never loses its figures to one.
    """
    ids = records(race_candidates(m, race, cycle))
    if not ids:
        return []
    return _race_members(_Cycle.live(m, cycle), race, ids)


def _race_members(ctx: _Cycle, race: RaceKey, ids: list[dict]) -> list[dict]:
    index = ctx.index
    groups: dict[str, list[dict]] = {}
    for r in ids:
        p = index.person_of(r["cand_id"])
        groups.setdefault(p.person_id if p else r["cand_id"], []).append(r)
    others = [i.cand_id for rows in groups.values() for p in [index.person_of(rows[0]["cand_id"])] if p
              for i in p.ids]
    every = ctx.summary_rows(others)
    out = [_member(ctx, index.person_of(rows[0]["cand_id"]), person_id, rows, race, every)
           for person_id, rows in groups.items()]
    out.sort(key=lambda r: (-(r["summary"]["ttl_receipts"].amount or 0), r["cand_id"]))
    return out


def candidate_member(m: Model, cand_id: str, cycle: int) -> dict | None:
    """A candidate as :func:`race_members` shows them, from any of the person's ids: the row of the
    person's run in this cycle (the id asked for when the person has no other run that cycle)."""
    ctx = _Cycle.live(m, cycle)
    p = ctx.index.person_of(cand_id)
    ids = [i.cand_id for i in p.ids] if p else [cand_id]
    row = _run_member(ctx, p, cand_id, records(rows_for_ids(m, ids, cycle)))
    if row is not None:
        asked_note(row, cand_id, cycle)
    return row


def asked_note(row: dict, asked: str, cycle: int) -> None:
    """The note a candidate row carries when it was asked for by another id of the person."""
    if row["cand_id"] != asked:
        row["notes"].insert(0, f"{asked} is another id of this person; {row['cand_id']} is the id of the "
                               f"{cycle} run")


def _run_member(ctx: _Cycle, p, cand_id: str, rows: list[dict]) -> dict | None:
    if not rows:
        return None
    cycle = ctx.cycle
    run = (p.id_for(cycle) if p else None) or cand_id
    ids = [i.cand_id for i in p.ids] if p else [cand_id]
    mine = [r for r in rows if r["cand_id"] == run] or [r for r in rows if r["cand_id"] == cand_id] or rows
    race = _race_of(mine[0])
    same_race = [r for r in rows if _race_of(r) == race]
    row = _member(ctx, p, p.person_id if p else cand_id, same_race, race, ctx.summary_rows(ids),
                  prefer=mine[0]["cand_id"])
    row["race"] = str(race) if race else None
    return row


def _receipts_order(r: dict) -> tuple:
    """The order :func:`_rows_for` gives (most receipts first, then id)."""
    return (-(r["ttl_receipts"] or 0), r["cand_id"])


def _every_row(m: Model, cycle: int) -> list[dict]:
    """:func:`rows_for_ids` for every id with a cn or summary row in the cycle, in its order."""

    def compute() -> list[dict]:
        cn, s = candidate_master(m, cycle), summaries(m, cycle)
        ids = cn.select("cand_id").union(s.select("cand_id"), distinct=True)
        return sorted(records(_rows_for(m, ids, cycle)), key=_receipts_order)

    return shared(m, ("rows", cycle), compute)


def every_race_member(m: Model, cycle: int) -> Iterator[tuple[RaceKey, int, dict]]:
    """(race, position, member row) for every race of the cycle, as :func:`race_members` gives them."""
    rows = {r["cand_id"]: r for r in _every_row(m, cycle)}
    by_race: dict[tuple, list[dict]] = {}
    for r in records(seats(m, cycle)):
        by_race.setdefault((r["office"], r["state"], r["district"]), []).append(rows[r["cand_id"]])
    ctx = _Cycle.whole(m, cycle)
    for key, ids in by_race.items():
        if None in key:
            continue  # no state or district filed: no race key reaches it
        race = RaceKey(*key)
        for i, row in enumerate(_race_members(ctx, race, sorted(ids, key=_receipts_order))):
            yield race, i, row


def every_run(m: Model, cycle: int) -> Iterator[tuple[persons.Person | None, dict]]:
    """(person, row) for every person with a run in the cycle, as :func:`candidate_member` gives it
    (without the note for an id asked that is not the run's: :func:`asked_note`)."""
    ctx = _Cycle.whole(m, cycle)
    rows = _every_row(m, cycle)
    by_person: dict[str, list[dict]] = {}
    for r in rows:
        p = ctx.index.person_of(r["cand_id"])
        by_person.setdefault(p.person_id if p else r["cand_id"], []).append(r)
    for key, mine in by_person.items():
        p = ctx.index.person_of(mine[0]["cand_id"])
        run = (p.id_for(cycle) if p else None) or key
        row = _run_member(ctx, p, run, mine)
        if row is not None:
            yield p, row


def _race_of(r: dict) -> RaceKey | None:
    office = r["cand_id"][:1]
    if office == "P":
        return RaceKey("P", "US", "00")
    if not r.get("state"):
        return None
    return RaceKey(office, r["state"], (r["district"] or "00").zfill(2) if office == "H" else "00")


def _summary_rows(m: Model, cand_ids: list[str], cycle: int) -> dict[str, dict]:
    """The summary row of each id (one query for a whole race)."""
    if not cand_ids:
        return {}
    s = summaries(m, cycle)
    return {r["cand_id"]: r for r in records(s.filter(s.cand_id.isin(sorted(set(cand_ids)))))}


def _member(ctx: _Cycle, p, person_id: str, rows: list[dict], race: RaceKey | None, every: dict[str, dict],
            prefer: str | None = None) -> dict:
    """One person's row: the run's id, the summary counted once, the other ids with their own rows."""
    m, cycle, sources = ctx.m, ctx.cycle, ctx.sources
    run = prefer or (p.id_for(cycle, race) if p else None)
    primary = next((r for r in rows if r["cand_id"] == run), None) or max(rows, key=_runs_here(cycle))
    latest = _latest_of_person(p, primary, rows)
    row = dict(latest)
    row["person_id"] = person_id
    row["notes"] = []
    if latest is not primary:  # the row goes under the id the money is filed under; the run's id is listed
        for k in ("name", "party", "ici", "status", "election_yr", "pcc", "cn_ref"):
            row[k] = latest[k] if latest[k] is not None else primary[k]
        row["notes"].append(f"the latest summary of this person in the race is filed under {latest['cand_id']} "
                            f"(through {latest['cvg_end_dt']}); {primary['cand_id']} is the id filed for this "
                            "election, listed with its own figures")
    other_ids = [i for i in (p.ids if p else ()) if i.cand_id != row["cand_id"]]
    by_id = every
    row["summary"] = summary_figures(m, row, cycle, sources)
    row["other_ids"] = []
    for i in other_ids:
        other = by_id.get(i.cand_id)
        in_race = any(r["cand_id"] == i.cand_id for r in rows)
        entry = {**i.to_json(), "in_race": in_race, "summary": None}
        if other is not None:
            o = {**other, "summary_kind": other["source_kind"], "summary_ref": other["row_ref"]}
            entry["summary"] = summary_figures(m, o, cycle, sources)
            entry["identical"] = _same_money(other, row)
        row["other_ids"].append(entry)
    _count_once(ctx, row)
    return row


def _latest_of_person(p, primary: dict, rows: list[dict]) -> dict:
    """Of a person's ids in the race, the summary row with the latest coverage: the FEC files a run's
    money under one id, and an early snapshot may list it under another (BAUGH, SCOTT: H2CA47196 in
    the March 2023 webl, H6CA48245 in the full weball24); the others stay listed with their rows."""
    if p is None:
        return primary
    dated = [r for r in rows if r["summary_ref"] is not None]
    if not dated:
        return primary
    best = max(dated, key=lambda r: (r["cvg_end_dt"], r is primary))
    return primary if primary["summary_ref"] is not None and primary["cvg_end_dt"] == best["cvg_end_dt"] else best


def _runs_here(cycle: int):
    def rank(r: dict) -> tuple:
        return (r["election_yr"] == cycle, r["summary_ref"] is not None and bool(r["ttl_receipts"]),
                r["election_yr"] or 0, r["cand_id"])
    return rank


def _same_money(a: dict, b: dict) -> bool:
    keys = ("ttl_receipts", "ttl_disb", "coh_cop", "cvg_end_dt")
    return b.get("summary_ref") is not None and all(a.get(k) == b.get(k) for k in keys)


def _count_once(ctx: _Cycle, row: dict) -> None:
    """A summary reported identically under another id of the person: counted where its committee
    belongs this cycle; elsewhere ``not_applicable`` pointing there (or, owner unknown, a note)."""
    twins = [o for o in row["other_ids"] if o.get("identical") and not o["in_race"]]
    if not twins:
        return
    owner = ctx.owner_of(row["pcc"]) if row.get("pcc") else None
    twin = next((o for o in twins if o["cand_id"] == owner), None)
    if twin is not None:
        where = ", ".join(twin["races"])
        reason = (f"reported identically under {twin['cand_id']} ({where}), whose committee {row['pcc']} it is "
                  f"this cycle: counted there")
        row["summary"] = {f: Figure.not_applicable(label, reason) for f, label in SUMMARY_FIGURES}
        row["notes"].append(reason)
        row["counted_under"] = twin["cand_id"]
    else:
        names = ", ".join(f"{o['cand_id']} ({', '.join(o['races'])})" for o in twins)
        row["notes"].append(f"the same summary figures are reported under {names}: one committee's money, "
                            "count it once")


# -- the built model: members of every race, every person's run, committee ownership ----------------

MEMBER_INPUTS = ("cn", "ccl", "cm", "weball", "webl")


def _stored(row: dict) -> str:
    """A member row as stored: its JSON, without the raw summary columns (its figures carry them)."""
    return encoding.dumps({k: v for k, v in row.items() if k not in _RAW})


_RAW = {f for f, _label in SUMMARY_FIGURES}


def _run_ids(row: dict) -> list[str]:
    """The ids a row's money is counted under: its own and the person's other ids filed in that race."""
    return [row["cand_id"], *(o["cand_id"] for o in row["other_ids"] if o["in_race"])]


@derived("members", inputs=MEMBER_INPUTS, after=("persons",))
def members_table(m: Model, cycle: int) -> pa.Table:
    """Every race's members as :func:`race_members` gives them (in ``position`` order), each row as
    its JSON, with the ids its money is counted under (``in_race``)."""
    rows = [{"office": race.office, "state": race.state, "district": race.district, "position": i,
             "cand_id": row["cand_id"], "in_race": _run_ids(row), "member": _stored(row)}
            for race, i, row in every_race_member(m, cycle)]
    return pa.Table.from_pylist(rows, schema=pa.schema([
        ("office", pa.string()), ("state", pa.string()), ("district", pa.string()), ("position", pa.int32()),
        ("cand_id", pa.string()), ("in_race", pa.list_(pa.string())), ("member", pa.string())]))


@derived("runs", inputs=MEMBER_INPUTS, after=("persons",))
def runs_table(m: Model, cycle: int) -> pa.Table:
    """Every person's run in the cycle as :func:`candidate_member` gives it, found by any of the
    person's ids (``cand_ids``), with ``cn_ref``: the run's id's own candidate-master row."""
    cn_refs = {r["cand_id"]: r["cn_ref"] for r in _every_row(m, cycle)}
    rows = [{"person_id": row["person_id"], "cand_ids": list(p.cand_ids) if p else [row["cand_id"]],
             "cand_id": row["cand_id"], "run_ids": _run_ids(row), "cn_ref": cn_refs.get(row["cand_id"]),
             "run": _stored(row)}
            for p, row in every_run(m, cycle)]
    return pa.Table.from_pylist(rows, schema=pa.schema([
        ("person_id", pa.string()), ("cand_ids", pa.list_(pa.string())), ("cand_id", pa.string()),
        ("run_ids", pa.list_(pa.string())), ("cn_ref", pa.string()), ("run", pa.string())]))


def race_group(race: RaceKey) -> str:
    return f"race:{race.office}|{race.state}|{race.district}"


@derived("committees", inputs=MEMBER_INPUTS, after=("members", "runs"))
def committees_table(m: Model, cycle: int) -> ir.Table:
    """Each race's and each run's committees (:func:`candidate_committees` of the race's or the run's
    ids), under ``grp``: ``race:H|CA|34`` or ``run:<cand_id>``."""
    mem = m.ib.table(built.table_name("members"))
    mem = mem.filter(mem.cycle == cycle)
    races = mem.select(grp=ibis.literal("race:") + mem.office + "|" + mem.state + "|" + mem.district,
                       cand_id=mem.in_race.unnest())
    runs = m.ib.table(built.table_name("runs"))
    runs = runs.filter(runs.cycle == cycle)
    runs = runs.select(grp=ibis.literal("run:") + runs.cand_id, cand_id=runs.run_ids.unnest())
    return grouped_committees(m, races.union(runs, distinct=True), cycle)


def committee_summary(m: Model, cycle: int) -> ir.Table:
    """Each committee's latest summary row (webk): the latest coverage end, then the latest load."""
    t = m.bulk("webk", cycle)
    w = ibis.row_number().over(group_by="cmte_id",
                               order_by=[ibis.desc("cvg_end_dt"), ibis.desc("load_id"), ibis.desc("line_no")])
    return t.mutate(_rn=w).filter(_._rn == 0).drop("_rn")


@derived("committee_masters", inputs=("cm",))
def committee_masters_table(m: Model, cycle: int) -> ir.Table:
    """Each committee's latest committee-master (cm) row."""
    return committee_master(m, cycle).drop("cycle")


@derived("committee_summaries", inputs=("webk",))
def committee_summaries_table(m: Model, cycle: int) -> ir.Table:
    """Each committee's latest summary row (:func:`committee_summary`), its raw text columns left out."""
    t = committee_summary(m, cycle)
    return t.drop("cycle", *[c for c in t.columns if c.endswith("_raw")])


def _figures_of(row: dict) -> dict:
    """A member row read back: its summary as Figures again (the report computes with them)."""
    row["summary"] = {k: Figure.from_json(v) for k, v in row["summary"].items()}
    return row


def read_members(con, race: RaceKey, cycle: int) -> list[dict]:
    """:func:`race_members` from the built model (plain SQL), without the raw summary columns."""
    rows = built.read(con, "members", cycle, "office = ? AND state = ? AND district = ?",
                      [race.office, race.state, race.district], order_by="position", columns="member")
    return [_figures_of(json.loads(r["member"])) for r in rows]


def read_run(con, cand_id: str, cycle: int) -> tuple[dict | None, str | None]:
    """:func:`candidate_member` from the built model (plain SQL), without the raw summary columns, and
    the row reference of the run's own candidate-master (cn) row."""
    rows = built.read(con, "runs", cycle, "list_contains(cand_ids, ?)", [cand_id], columns="run, cn_ref")
    if not rows:
        return None, None
    row = _figures_of(json.loads(rows[0]["run"]))
    asked_note(row, cand_id, cycle)
    return row, rows[0]["cn_ref"]


def read_committees(con, grp: str, cycle: int) -> list[dict]:
    """A race's or a run's committees (:func:`race_group`, ``run:<cand_id>``) from the built model."""
    return built.read(con, "committees", cycle, "grp = ?", [grp], order_by="cand_id, cmte_id",
                      columns="cand_id, cmte_id, designation, basis")
