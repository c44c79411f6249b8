"""Candidates as people: the FEC ids of one person grouped, each id kept with its offices and cycles.

The FEC gives a candidate a new id for a new office and sometimes for a new run at the same seat
(``KIM, DAVID``: H0CA34131 in 2020, H2CA34079 in 2022, H4CA34083 in 2024), and a House member
running for the Senate reports one committee under both ids (Schiff: H0CA27085 and S4CA00555).

Definitions (each once, here). Two ids are one person when, over every loaded candidate master
(cn), linkage (ccl), committee master (cm) and candidate summary file (weball, webl):

- **same principal committee**: both are linked to one principal or authorized committee (cn
  CAND_PCC, ccl or cm with designation P/A) and their surnames agree;
- **same summary**: one summary file lists both with the same coverage end and the same receipts,
  disbursements and cash on hand (one committee reporting under two ids), surnames agreeing;
- **same name and state**: the same office in the same state under the same name (surname, first
  name, suffix; middle initials must not differ), unless both ids ran for that office in the same
  election for different seats (two people sharing a name).

With one committee's evidence the surnames must agree (first names vary: GORMAN, MEG and GORMAN,
MARY share a committee); a search by name uses model/matching.py ``score`` (80 or more).
Every link is kept with its reason, so a grouping can be inspected. A person is known by the
smallest of its ids (``person_id``); ``Person.id_for`` names the id of one cycle's run.
"""

from __future__ import annotations

import json
import re
import weakref
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..lazy import ibis, pa
from ..store import built
from .base import Model, records
from .build import derived
from .keys import RaceKey
from .matching import parse, score

if TYPE_CHECKING:
    import ibis.expr.types as ir

NAMES_AGREE = 80
SUMMARY_KINDS = ("weball", "webl")


@dataclass(frozen=True)
class Appearance:
    """One id in one loaded file of a cycle: where it ran, and (summary files) whether money moved."""

    cycle: int
    source: str  # cn | weball | webl
    office: str
    state: str
    district: str
    election_yr: int | None = None  # cn CAND_ELECTION_YR
    active: bool = False  # a summary row with receipts or disbursements


@dataclass(frozen=True)
class CandidateId:
    cand_id: str
    name: str  # the name as most recently filed
    appearances: tuple[Appearance, ...]
    committees: tuple[str, ...]  # principal and authorized committees, any cycle

    @property
    def office(self) -> str:
        return self.cand_id[0]

    @property
    def state(self) -> str:
        return self.latest.state

    @property
    def latest(self) -> Appearance:
        return max(self.appearances, key=lambda a: (a.cycle, a.source == "cn"))

    @property
    def cycles(self) -> tuple[int, ...]:
        return tuple(sorted({a.cycle for a in self.appearances}))

    @property
    def election_years(self) -> tuple[int, ...]:
        return tuple(sorted({a.election_yr for a in self.appearances if a.election_yr}))

    def races(self) -> tuple[str, ...]:
        """The seats this id was filed for, as race keys (CA-34, CA-SEN, PRES)."""
        return tuple(sorted({str(_race(a)) for a in self.appearances}))

    def to_json(self) -> dict:
        return {"cand_id": self.cand_id, "name": self.name, "office": self.office, "races": list(self.races()),
                "cycles": list(self.cycles), "election_years": list(self.election_years),
                "committees": list(self.committees)}


@dataclass(frozen=True)
class Link:
    a: str
    b: str
    reason: str


@dataclass(frozen=True)
class Person:
    person_id: str
    name: str
    state: str
    ids: tuple[CandidateId, ...]
    links: tuple[Link, ...]

    @property
    def cand_ids(self) -> tuple[str, ...]:
        return tuple(i.cand_id for i in self.ids)

    @property
    def cycles(self) -> tuple[int, ...]:
        return tuple(sorted({c for i in self.ids for c in i.cycles}))

    @property
    def races(self) -> tuple[str, ...]:
        return tuple(sorted({r for i in self.ids for r in i.races()}))

    def get(self, cand_id: str) -> CandidateId | None:
        return next((i for i in self.ids if i.cand_id == cand_id), None)

    def others(self, cand_id: str) -> tuple[CandidateId, ...]:
        return tuple(i for i in self.ids if i.cand_id != cand_id)

    def id_for(self, cycle: int, race: RaceKey | None = None) -> str | None:
        """The id of this person's run in a cycle (for one race, if given): filed in cn for that
        cycle's election first, then one whose summary shows money moving that cycle, then any id
        listed that cycle; the id of the latest election year breaks a tie."""
        best, best_rank = None, None
        for i in self.ids:
            seen = [a for a in i.appearances if race is None or _race(a) == race]
            if not seen:
                continue
            rank = (
                any(a.source == "cn" and a.election_yr == cycle for a in seen),
                any(a.cycle == cycle and a.active for a in seen),
                any(a.cycle == cycle for a in seen),
                max((a.election_yr or 0) for a in seen),
                i.cand_id[1:2].isdigit() and _id_year(i.cand_id, cycle) == cycle,
            )
            if not rank[2] and race is None:
                continue
            if best_rank is None or rank > best_rank:
                best, best_rank = i.cand_id, rank
        return best

    def to_json(self) -> dict:
        return {"person_id": self.person_id, "name": self.name, "state": self.state,
                "ids": [i.to_json() for i in self.ids], "races": list(self.races), "cycles": list(self.cycles),
                "links": [{"a": k.a, "b": k.b, "reason": k.reason} for k in self.links]}


def _race(a: Appearance) -> RaceKey:
    if a.office == "P":
        return RaceKey("P", "US", "00")
    if a.office == "S":
        return RaceKey("S", a.state, "00")
    return RaceKey("H", a.state, (a.district or "00").zfill(2))


def _id_year(cand_id: str, cycle: int) -> int:
    """The election year an id's second character names (H4... → 2024 near cycle 2024)."""
    d = int(cand_id[1])
    decade = cycle - cycle % 10
    year = decade + d
    return year if year <= cycle + 4 else year - 10


class PersonIndex:
    """Every loaded candidate id grouped into persons."""

    def __init__(self, persons: list[Person]):
        self.persons = persons
        self._by_id = {i.cand_id: p for p in persons for i in p.ids}

    def person_of(self, cand_id: str) -> Person | None:
        return self._by_id.get((cand_id or "").strip().upper())

    def find(self, name: str, state: str | None = None, office: str | None = None) -> list[Person]:
        """Persons one of whose filed names agrees with ``name`` (any order, nicknames, initials)."""
        state = state.upper() if state else None
        hits = []
        for p in self.persons:
            if state and p.state != state and all(i.state != state for i in p.ids):
                continue
            if office and all(i.office != office.upper() for i in p.ids):
                continue
            best = max(_agreement(name, n) for n in {i.name for i in p.ids})
            if best >= NAMES_AGREE:
                hits.append((best, p))
        hits.sort(key=lambda t: (-t[0], t[1].name, t[1].person_id))
        return [p for _s, p in hits]

    def table(self) -> ir.Table:
        """(cand_id, person_id) for joining in Ibis."""
        rows = [(i.cand_id, p.person_id) for p in self.persons for i in p.ids]
        return ibis.memtable(pa.table({"cand_id": [r[0] for r in rows], "person_id": [r[1] for r in rows]},
                                      schema=pa.schema([("cand_id", pa.string()), ("person_id", pa.string())])))


def _agreement(query: str, fec_name: str) -> int:
    """How well a searched name agrees with a filed one; a surname alone matches that surname exactly."""
    q = query.strip()
    if "," not in q and len(q.split()) == 1:
        last = _name_key(fec_name)[0]
        return 85 if q.upper() in (last, *last.split()) else 0
    if _name_key(fec_name)[0].split()[-1:] != _name_key(q)[0].split()[-1:] and q.upper().split()[-1] not in \
            _name_key(fec_name)[0].split():
        return 0  # cheap surname test before the full parser
    return score(q, fec_name)[0]


# -- building the index ----------------------------------------------------------------------

_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _signature(m: Model) -> tuple:
    loads = m.ib.table("loads")
    kinds = ["cn", "ccl", "cm", *SUMMARY_KINDS]
    f = loads.filter((loads.status == "loaded") & loads.kind.isin(kinds))
    r = records(f.aggregate(n=f.count(), top=f.load_id.max()))
    return (r[0]["n"], r[0]["top"]) if r else (0, None)


def index(m: Model) -> PersonIndex:
    """The person index of the store, rebuilt when a candidate, committee or summary file changes."""
    sig = _signature(m)
    cached = _CACHE.get(m)
    if cached and cached[0] == sig:
        return cached[1]
    built = _build(m)
    _CACHE[m] = (sig, built)
    return built


def person_of(m: Model, cand_id: str) -> Person | None:
    """The person an FEC candidate id belongs to (None: the id is in no loaded cn, weball or webl)."""
    return index(m).person_of(cand_id)


def ids_of(m: Model, cand_id: str) -> tuple[str, ...]:
    """All ids of the person behind ``cand_id`` (just itself when unknown or alone)."""
    p = person_of(m, cand_id)
    return p.cand_ids if p else ((cand_id or "").strip().upper(),)


def same_person(m: Model, a: str, b: str) -> bool:
    pa_, pb = person_of(m, a), person_of(m, b)
    return pa_ is not None and pa_ is pb


def find_persons(m: Model, name: str, state: str | None = None, office: str | None = None) -> list[Person]:
    """Persons whose filed name agrees with ``name`` over every loaded cn, weball and webl file."""
    return index(m).find(name, state, office)


def id_for(m: Model, cand_id: str, cycle: int, race: RaceKey | None = None) -> str:
    """The id of cycle ``cycle``'s run of the person behind ``cand_id`` (``cand_id`` itself if none)."""
    p = person_of(m, cand_id)
    return (p.id_for(cycle, race) if p else None) or (cand_id or "").strip().upper()


def _appearances(m: Model) -> list[dict]:
    cn = m.table("bulk_cn")
    parts = [cn.select(
        "cand_id", "cycle", name="cand_name", source=ibis.literal("cn"), office="cand_office",
        state="cand_office_st", district="cand_office_district", election_yr="cand_election_yr",
        active=ibis.literal(False), order=cn.load_id,
    )]
    for kind in SUMMARY_KINDS:
        t = m.table(f"bulk_{kind}")
        parts.append(t.select(
            "cand_id", "cycle", name="cand_name", source=ibis.literal(kind), office=t.cand_id.substr(0, 1),
            state="cand_office_st", district="cand_office_district", election_yr=ibis.null("int64"),
            active=(ibis.coalesce(t.ttl_receipts, 0) != 0) | (ibis.coalesce(t.ttl_disb, 0) != 0),
            order=t.load_id,
        ))
    u = parts[0].union(parts[1]).union(parts[2])
    u = u.filter(u.cand_id.notnull())
    g = u.group_by(["cand_id", "cycle", "source", "office", "state", "district", "election_yr"]).aggregate(
        name=u.name.argmax(u.order), active=u.active.any(), order=u.order.max())
    return records(g)


def _committee_links(m: Model) -> list[dict]:
    cn = m.table("bulk_cn")
    ccl = m.table("bulk_ccl")
    cm = m.table("bulk_cm")
    u = (
        cn.filter(cn.cand_pcc.notnull()).select("cand_id", cmte_id="cand_pcc")
        .union(ccl.filter(ccl.cmte_dsgn.isin(["P", "A"])).select("cand_id", "cmte_id"))
        .union(cm.filter(cm.cmte_dsgn.isin(["P", "A"]) & cm.cand_id.notnull()).select("cand_id", "cmte_id"))
    )
    return records(u.filter(u.cand_id.notnull()).distinct())


def _same_summaries(m: Model) -> list[dict]:
    """Pairs of ids one summary file lists with identical money and coverage (one committee, two ids)."""
    parts = []
    for kind in SUMMARY_KINDS:
        t = m.table(f"bulk_{kind}")
        parts.append(t.select("cand_id", "cycle", "load_id", "cand_office_st", "cvg_end_dt", "ttl_receipts",
                              "ttl_disb", "coh_cop"))
    u = parts[0].union(parts[1])
    u = u.filter(u.cand_id.notnull() & (ibis.coalesce(u.ttl_receipts, 0) != 0))
    r = u.view()
    keys = ["cycle", "load_id", "cand_office_st", "cvg_end_dt", "ttl_receipts", "ttl_disb", "coh_cop"]
    j = u.join(r, [u[k] == r[k] for k in keys] + [u.cand_id < r.cand_id])
    return records(j.select(a=u.cand_id, b=r.cand_id, cycle=u.cycle).distinct())


def _build(m: Model) -> PersonIndex:
    apps: dict[str, list[dict]] = defaultdict(list)
    for r in _appearances(m):
        apps[r["cand_id"]].append(r)
    names = {c: max(rows, key=lambda r: (r["cycle"], r["source"] == "cn", r["order"]))["name"] or ""
             for c, rows in apps.items()}
    all_names = {c: {r["name"] for r in rows if r["name"]} for c, rows in apps.items()}

    parent = {c: c for c in apps}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    links: list[Link] = []

    def agree(a: str, b: str) -> bool:
        """Surnames agree (one committee's evidence is strong; first names vary: MEG / MARY GORMAN)."""
        return any(_surnames_agree(x, y) for x in all_names[a] for y in all_names[b])

    def join(a: str, b: str, reason: str) -> None:
        links.append(Link(a, b, reason))
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    # same principal committee
    by_cmte: dict[str, set[str]] = defaultdict(set)
    for r in _committee_links(m):
        if r["cand_id"] in apps:
            by_cmte[r["cmte_id"]].add(r["cand_id"])
    committees: dict[str, set[str]] = defaultdict(set)
    for cmte, ids in by_cmte.items():
        for c in ids:
            committees[c].add(cmte)
        ordered = sorted(ids)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                if agree(a, b):
                    join(a, b, f"same principal/authorized committee {cmte}")

    # same summary row under two ids
    for r in _same_summaries(m):
        a, b = r["a"], r["b"]
        if a in apps and b in apps and agree(a, b):
            join(a, b, f"identical summary figures in {r['cycle']}")

    # same name and state, same office, never two seats in one election
    groups: dict[tuple, list[str]] = defaultdict(list)
    for c, rows in apps.items():
        last, first, _mi, suffix = _name_key(names[c])
        if not last or not first:
            continue
        state = max(rows, key=lambda r: r["cycle"])["state"] if c[0] != "P" else "US"
        groups[(c[0], state, last, first, suffix)].append(c)
    for ids in groups.values():
        if len(ids) < 2:
            continue
        initials = {c: {_name_key(x)[2] for x in all_names[c]} - {""} for c in ids}
        distinct = set().union(*initials.values())
        ordered = sorted(ids)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                if find(a) == find(b):
                    continue
                ia, ib = initials[a], initials[b]
                if ia and ib and not (ia & ib):
                    continue
                if (not ia or not ib) and len(distinct) > 1:
                    continue  # "J SMITH" beside "A SMITH" and "SMITH": which one is unknowable
                ca = [x for x in ids if find(x) == find(a)]
                cb = [y for y in ids if find(y) == find(b)]
                if any(_two_seats_at_once(apps[x], apps[y]) for x in ca for y in cb):
                    continue  # checked over both groups so far, not just the pair (no chains)
                join(a, b, f"same name ({names[a]}) and state, same office")

    members: dict[str, list[str]] = defaultdict(list)
    for c in apps:
        members[find(c)].append(c)
    by_root_links: dict[str, list[Link]] = defaultdict(list)
    for k in links:
        by_root_links[find(k.a)].append(k)
    persons = []
    for root, ids in members.items():
        cids = []
        for c in sorted(ids):
            cids.append(CandidateId(
                cand_id=c, name=names[c],
                appearances=tuple(sorted(
                    (Appearance(r["cycle"], r["source"], r["office"] or c[0], r["state"] or "",
                                (r["district"] or "00").zfill(2), r["election_yr"], bool(r["active"]))
                     for r in apps[c]),
                    key=lambda a: (a.cycle, a.source, a.office, a.state, a.district, a.election_yr or 0))),
                committees=tuple(sorted(committees.get(c, ()))),
            ))
        latest = max(cids, key=lambda i: (i.latest.cycle, i.cand_id))
        persons.append(Person(person_id=min(ids), name=latest.name, state=latest.state, ids=tuple(cids),
                              links=tuple(by_root_links.get(root, ()))))
    persons.sort(key=lambda p: p.person_id)
    return PersonIndex(persons)


_TITLES = {"MR", "MRS", "MS", "DR", "HON", "REV", "MISS", "SEN", "REP", "GOV", "COUNCILMAN", "JUDGE", "SHERIFF"}
_SUFFIXES = {"JR", "SR", "II", "III", "IV", "V", "MD", "PHD", "ESQ"}


def _name_key(name: str) -> tuple[str, str, str, str]:
    """(surname, first name, middle initial, generational suffix) of an FEC name, 'LAST, FIRST MIDDLE SFX'.

    A fast key for grouping thousands of names; names without a comma go through the full parser.
    """
    text = re.sub(r"[^A-Z, -]", " ", (name or "").upper().replace(".", ""))
    if "," not in text:
        n = parse(name or "")
        return n.last, n.first, n.middle[:1], n.suffix if n.suffix in ("JR", "SR", "II", "III", "IV") else ""
    last, _, rest = text.partition(",")
    words = [w for w in re.split(r"[ ,]+", rest) if w]
    suffix = next((w for w in words if w in _SUFFIXES - {"MD", "PHD", "ESQ"}), "")
    words = [w for w in words if w not in _TITLES and w not in _SUFFIXES]
    last_words = [w for w in last.replace("-", " ").split() if w not in _SUFFIXES and w not in _TITLES]
    return (" ".join(last_words), words[0] if words else "", words[1][:1] if len(words) > 1 else "", suffix)


def _surnames_agree(a: str, b: str) -> bool:
    la, lb = _name_key(a)[0], _name_key(b)[0]
    if not la or not lb:
        return False
    return la == lb or bool(set(la.split()) & set(lb.split()) - {""}) and min(len(la), len(lb)) >= 3


def _two_seats_at_once(a: list[dict], b: list[dict]) -> bool:
    """Both filed (cn) for one election year for different seats: two people, not one."""
    seats_a = {(r["election_yr"], r["district"]) for r in a if r["source"] == "cn" and r["election_yr"]}
    seats_b = {(r["election_yr"], r["district"]) for r in b if r["source"] == "cn" and r["election_yr"]}
    years = {y for y, _d in seats_a} & {y for y, _d in seats_b}
    return any({d for y2, d in seats_a if y2 == y} != {d for y2, d in seats_b if y2 == y} for y in years)


# -- the built model: the person index as a table -----------------------------------------------

@derived("persons", inputs=("cn", "ccl", "cm", *SUMMARY_KINDS), per_cycle=False)
def persons_table(m: Model, cycle: int) -> pa.Table:
    """The person index: one row per person, found by any of its ids (``cand_ids``), the person
    whole as JSON (ids with their appearances, links)."""
    rows = [{"person_id": p.person_id, "cand_ids": list(p.cand_ids), "name": p.name, "state": p.state,
             "person": _person_text(p)} for p in index(m).persons]
    return pa.Table.from_pylist(rows, schema=pa.schema([
        ("person_id", pa.string()), ("cand_ids", pa.list_(pa.string())), ("name", pa.string()),
        ("state", pa.string()), ("person", pa.string())]))


def _person_text(p: Person) -> str:
    """A person whole as JSON text: each appearance as a list of its fields, in their order."""
    return json.dumps({
        "person_id": p.person_id, "name": p.name, "state": p.state,
        "ids": [{"cand_id": i.cand_id, "name": i.name, "committees": i.committees,
                 "appearances": [_fields(a) for a in i.appearances]} for i in p.ids],
        "links": [(k.a, k.b, k.reason) for k in p.links]}, separators=(",", ":"))


def _fields(a: Appearance) -> tuple:
    return (a.cycle, a.source, a.office, a.state, a.district, a.election_yr, a.active)


def _person(text: str) -> Person:
    d = json.loads(text)
    ids = tuple(CandidateId(i["cand_id"], i["name"], tuple(Appearance(*a) for a in i["appearances"]),
                            tuple(i["committees"])) for i in d["ids"])
    return Person(d["person_id"], d["name"], d["state"], ids, tuple(Link(*k) for k in d["links"]))


def read_person_of(con, cand_id: str) -> Person | None:
    """:func:`person_of` from the built model (plain SQL)."""
    rows = built.read(con, "persons", built.ALL_CYCLES, "list_contains(cand_ids, ?)",
                      [(cand_id or "").strip().upper()], columns="person")
    return _person(rows[0]["person"]) if rows else None


def read_index(con) -> PersonIndex:
    """The whole person index from the built model (a search by name reads every person)."""
    return PersonIndex([_person(r["person"]) for r in built.read(con, "persons", built.ALL_CYCLES,
                                                                  order_by="person_id", columns="person")])
