"""People named in an article -> FEC candidates over the whole store, grouped as persons.

Why over the whole store: an article about Ilhan Omar need not name her district, and a race
named in one paragraph must not decide who another paragraph is about. Every loaded candidate
master (cn) and candidate summary (weball/webl) row, of every cycle and office, is one record of a
person. When a name fits several persons, the sentence and its neighbours decide (a state or
race named near it, "Senate"/"House", a party, the claim's cycle), and the clue that decided is
reported; when none does, the claim cannot be checked and the candidates are listed.
Grouping ids into persons and matching names is the model's (model/persons.py); this module
adds what a sentence needs on top: the clues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import ibis

from ..model import persons as mpersons
from ..model.base import Model, records
from ..reference.states import STATE_NAMES
from ..sources.layouts import LAYOUTS

OFFICE_CLUES = [
    ("S", re.compile(r"\b(Senate|senator|Sen\.)", re.I)),
    ("H", re.compile(r"\b(House|congress(wo)?man|congressional|Rep\.|representative|district)\b", re.I)),
    ("P", re.compile(r"\b(president|presidential|White House)\b", re.I)),
]
PARTY_CLUES = [("DEM", re.compile(r"\b(Democrat|Democratic|Democrats|D-[A-Z])", re.I)),
               ("REP", re.compile(r"\b(Republican|Republicans|GOP|R-[A-Z])", re.I))]
# short forms journalists use for given names the FEC files in full
NICKNAMES = {"JON": "JONATHAN", "BOB": "ROBERT", "BILL": "WILLIAM", "JIM": "JAMES", "MIKE": "MICHAEL",
             "DAN": "DANIEL", "TOM": "THOMAS", "JOE": "JOSEPH", "CHUCK": "CHARLES", "TED": "EDWARD",
             "MATT": "MATTHEW", "CHRIS": "CHRISTOPHER", "STEVE": "STEVEN", "DAVE": "DAVID", "LIZ": "ELIZABETH",
             "KATIE": "KATHERINE", "PAT": "PATRICK", "TONY": "ANTHONY", "ANDY": "ANDREW", "RON": "RONALD",
             "DON": "DONALD", "RICK": "RICHARD", "JEFF": "JEFFREY", "GREG": "GREGORY", "BEN": "BENJAMIN"}
_STATE_RE = re.compile(r"\b(" + "|".join(sorted((n.title() for n in STATE_NAMES), key=len, reverse=True)) + r")\b")


@dataclass(frozen=True)
class Record:
    cand_id: str
    name: str
    office: str
    state: str
    district: str | None
    party: str | None
    election_yr: int | None
    ici: str | None
    cycle: int
    row_ref: str


@dataclass
class Person:
    cand_id: str  # the id the claim's figures start from
    name: str
    ids: list[str]  # every FEC id of this person
    row_ref: str | None = None
    state: str | None = None
    records: list[Record] = field(default_factory=list, repr=False)
    clue: str | None = None  # what decided between persons of the same name

    @property
    def display(self) -> str:
        """'OMAR, ILHAN' -> 'Ilhan Omar' (as a reader writes it)."""
        last, _, given = self.name.partition(",")
        return " ".join(w.title() for w in f"{given} {last}".split()) or self.cand_id

    def house_seat(self, cycle: int) -> str | None:
        """The House race this person ran in that cycle (cn first), e.g. 'MN-05'."""
        seats = {f"{r.state}-{int(r.district):02d}" for r in self.records
                 if r.office == "H" and r.cycle == cycle and r.district and r.district.isdigit()}
        return seats.pop() if len(seats) == 1 else None

    def ids_for(self, office: str | None) -> list[str]:
        return sorted({r.cand_id for r in self.records if office is None or r.office == office}) or self.ids


def _rows(m: Model) -> list[Record]:
    cols = ["cand_id", "cand_name", "cand_office_st", "cand_office_district", "cand_pty_affiliation", "cand_ici",
            "cycle", "row_ref"]
    cn = m.table(LAYOUTS["cn"].table)
    parts = [cn.select(*cols, office=cn.cand_office, election_yr=cn.cand_election_yr.cast("int64"))]
    for kind in ("weball", "webl"):
        t = m.table(LAYOUTS[kind].table)
        parts.append(t.select(*cols, office=t.cand_id.substr(0, 1), election_yr=ibis.null().cast("int64")))
    u = parts[0].union(parts[1]).union(parts[2])
    return [Record(r["cand_id"], r["cand_name"] or "", r["office"] or "", r["cand_office_st"] or "",
                   r["cand_office_district"], r["cand_pty_affiliation"], r["election_yr"], r["cand_ici"],
                   int(r["cycle"]), r["row_ref"]) for r in records(u) if r["cand_id"]]


class People:
    """Persons by name from the model's person layer (model/persons.py), with every loaded candidate
    record of their ids (party, seat, cycle) for telling namesakes apart."""

    def __init__(self, m: Model):
        index = mpersons.index(m)
        self.by_id: dict[str, list[Record]] = {}
        for r in _rows(m):
            self.by_id.setdefault(r.cand_id, []).append(r)
        self.by_surname: dict[str, list] = {}  # a cheap first cut: the model's name score runs on these only
        for p in index.persons:
            for key in {w for i in p.ids for w in _surname_keys(i.name)}:
                self.by_surname.setdefault(key, []).append(p)

    def named(self, first: str | None, last: str) -> list[Person]:
        """Persons whose filed name agrees with "First Last" (or the surname alone); a short form of
        the given name ("Jon") is tried in full ("Jonathan") when the short form finds no one."""
        pool = mpersons.PersonIndex(self.by_surname.get(_plain(last), []))
        found = pool.find(f"{first} {last}" if first else last)
        if not found and first and first.upper() in NICKNAMES:
            found = pool.find(f"{NICKNAMES[first.upper()].title()} {last}")
        out = []
        for p in found:
            recs = sorted((r for i in p.cand_ids for r in self.by_id.get(i, [])),
                          key=lambda r: (r.cycle, r.row_ref.startswith("bulk_cn")), reverse=True)
            out.append(Person(recs[0].cand_id if recs else p.cand_ids[0], p.name, sorted(p.cand_ids),
                              recs[0].row_ref if recs else None, p.state, recs))
        return out


def _plain(word: str) -> str:
    return re.sub(r"[’'.]", "", word.upper())


def _surname_keys(fec_name: str) -> set[str]:
    last = _plain((fec_name or "").split(",")[0])
    return {last, *last.split(), *last.replace("-", " ").split()}


def decide(persons: list[Person], sentence: str, window: str, cycle: int | None,
           race: str | None) -> tuple[list[Person], str]:
    """Narrow same-named persons with clues, the sentence's own before its neighbours'; the clue that decided."""
    if len(persons) <= 1:
        return persons, "the only candidate of that name in the loaded files"
    clues = []
    if race:
        clues.append((f"the race named near it ({race})",
                      lambda p: any(f"{r.state}-{(r.district or '').zfill(2)}" == race for r in p.records)))
    for text, where in ((sentence, "in the sentence"), (window, "in the sentences around it")):
        states = {STATE_NAMES[s.upper()] for s in _STATE_RE.findall(text)}
        if states:
            clues.append((f"the state named {where} ({', '.join(sorted(states))})",
                          lambda p, st=states: p.state in st))
        for office, pat in OFFICE_CLUES:
            hit = pat.search(text)
            if hit:
                clues.append((f"\"{hit.group(0)}\" {where}",
                              lambda p, o=office: any(r.office == o for r in p.records)))
        for party, pat in PARTY_CLUES:
            hit = pat.search(text)
            if hit:
                clues.append((f"\"{hit.group(0)}\" {where}",
                              lambda p, x=party: any(r.party == x for r in p.records)))
    if cycle:
        clues.append((f"a candidate in the {cycle} cycle", lambda p: any(r.cycle == cycle for r in p.records)))
        clues.append((f"the only one with a {cycle} campaign summary",
                      lambda p: any(r.cycle == cycle and not r.row_ref.startswith("bulk_cn") for r in p.records)))
    for why, test in clues:
        kept = [p for p in persons if test(p)]
        if kept:
            persons = kept
        if len(persons) == 1:
            return persons, why
    return persons, ""
