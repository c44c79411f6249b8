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

import ibis
import ibis.expr.types as ir
from ibis import _

from . import coverage, definitions, persons
from .base import Model, records
from .figures import Coverage, Figure, Status, money
from .keys import RaceKey

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


def race_candidates(m: Model, race: RaceKey, cycle: int) -> ir.Table:
    cn = candidate_master(m, cycle)
    seat = (cn.cand_office == race.office) & (cn.cand_office_st == race.state)
    if race.office == "H":
        seat &= _district(cn.cand_office_district) == race.district
    running = cn.filter(seat & (cn.cand_election_yr == cycle)).select("cand_id")

    s = summaries(m, cycle)
    s_seat = s.cand_id.startswith(race.office)
    if race.office != "P":
        s_seat &= s.cand_office_st == race.state
    if race.office == "H":
        s_seat &= _district(s.cand_office_district) == race.district
    active = (s.ttl_receipts != 0) | (s.ttl_disb != 0) | (s.coh_cop != 0)
    spending = s.filter(s_seat & active).select("cand_id")
    # Summary-only candidates stay out when they run in a later election (a state's other Senate
    # seat). One whose committee belongs to another of their ids stays in: race_members shows the
    # person once, and a figure counted under the other id as not_applicable there (never dropped).
    known = cn.select("cand_id", yr="cand_election_yr")
    spending = spending.left_join(known, "cand_id")
    spending = spending.filter(spending.yr.isnull() | (spending.yr <= cycle)).select("cand_id")

    return _rows_for(m, running.union(spending, distinct=True), cycle)


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


def candidate_committees(m: Model, cand_ids: list[str] | None, cycle: int) -> ir.Table:
    """(cand_id, cmte_id, designation, basis), one owner per committee; ``None`` = every candidate.

    A committee has one owner in a cycle: principal beats authorized, and among several ids
    of one person the id running in this cycle's election wins, so its money counts once.
    """
    u = committee_links(m, cand_ids, cycle)
    principal_first = ibis.cases((u.designation == "P", 0), else_=1)
    w = ibis.row_number().over(group_by="cmte_id", order_by=[principal_first, "rank", "basis", "cand_id"])
    return u.mutate(_rn=w).filter(_._rn == 0).drop("_rn", "rank")


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
    index = persons.index(m)
    sources = {k: coverage.source(m, k, cycle) for k in ("weball", "webl")}
    groups: dict[str, list[dict]] = {}
    for r in ids:
        p = index.person_of(r["cand_id"])
        groups.setdefault(p.person_id if p else r["cand_id"], []).append(r)
    others = [i.cand_id for rows in groups.values() for p in [index.person_of(rows[0]["cand_id"])] if p
              for i in p.ids]
    every = _summary_rows(m, others, cycle)
    out = [_member(m, index.person_of(rows[0]["cand_id"]), person_id, rows, cycle, race, sources, every)
           for person_id, rows in groups.items()]
    out.sort(key=lambda r: (-(r["summary"]["ttl_receipts"].amount or 0), r["cand_id"]))
    return out


def candidate_member(m: Model, cand_id: str, cycle: int) -> dict | None:
    """A candidate as :func:`race_members` shows them, from any of the person's ids: the row of the
    person's run in this cycle (the id asked for when the person has no other run that cycle)."""
    p = persons.person_of(m, cand_id)
    run = (p.id_for(cycle) if p else None) or cand_id
    ids = [i.cand_id for i in p.ids] if p else [cand_id]
    rows = records(rows_for_ids(m, ids, cycle))
    if not rows:
        return None
    mine = [r for r in rows if r["cand_id"] == run] or [r for r in rows if r["cand_id"] == cand_id] or rows
    race = _race_of(mine[0])
    same_race = [r for r in rows if _race_of(r) == race]
    sources = {k: coverage.source(m, k, cycle) for k in ("weball", "webl")}
    row = _member(m, p, p.person_id if p else cand_id, same_race, cycle, race, sources,
                  _summary_rows(m, ids, cycle), prefer=mine[0]["cand_id"])
    row["race"] = str(race) if race else None
    if row["cand_id"] != cand_id:
        row["notes"].insert(0, f"{cand_id} is another id of this person; {row['cand_id']} is the id of the "
                               f"{cycle} run")
    return row


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


def _member(m: Model, p, person_id: str, rows: list[dict], cycle: int, race: RaceKey | None, sources: dict,
            every: dict[str, dict], prefer: str | None = None) -> dict:
    """One person's row: the run's id, the summary counted once, the other ids with their own rows."""
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
    _count_once(m, row, cycle, race)
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


def _count_once(m: Model, row: dict, cycle: int, race: RaceKey) -> None:
    """A summary reported identically under another id of the person: counted where its committee
    belongs this cycle; elsewhere ``not_applicable`` pointing there (or, owner unknown, a note)."""
    twins = [o for o in row["other_ids"] if o.get("identical") and not o["in_race"]]
    if not twins:
        return
    owner = None
    if row.get("pcc"):
        owned = candidate_committees(m, None, cycle)
        found = records(owned.filter(owned.cmte_id == row["pcc"]).select("cand_id"))
        owner = found[0]["cand_id"] if found else None
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
