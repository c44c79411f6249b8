"""People named in an article -> FEC candidates over the whole store, grouped as persons.

Why over the whole store: an article about Ilhan Omar need not name her district, and a race
named in one paragraph must not decide who another paragraph is about. Every loaded candidate
master (cn) and candidate summary (weball/webl) row, of every cycle and office, is one record;
records of one name (surname plus a given name or nickname the FEC writes) in one state are one
person. When a name fits several persons, the sentence and its neighbours decide (a state or
race named near it, "Senate"/"House", a party, the claim's cycle), and the clue that decided is
reported; when none does, the claim cannot be checked and the candidates are listed.
(The figures work, issue 13, builds a person layer in the model; switch to it when it lands.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import ibis

from ..model.base import Model, records
from ..model.keys import STATE_NAMES
from ..sources.layouts import LAYOUTS

SUFFIXES = {"JR", "SR", "II", "III", "IV", "V", "MR", "MRS", "MS", "DR", "HON", "REV", "PHD", "MD", "ESQ"}
OFFICE_CLUES = [
    ("S", re.compile(r"\b(Senate|senator|Sen\.)", re.I)),
    ("H", re.compile(r"\b(House|congress(wo)?man|congressional|Rep\.|representative|district)\b", re.I)),
    ("P", re.compile(r"\b(president|presidential|White House)\b", re.I)),
]
PARTY_CLUES = [("DEM", re.compile(r"\b(Democrat|Democratic|Democrats|D-[A-Z])", re.I)),
               ("REP", re.compile(r"\b(Republican|Republicans|GOP|R-[A-Z])", re.I))]
# short forms journalists use for the given names the FEC writes in full (checked both ways)
NICKNAMES = {"JON": "JONATHAN", "BOB": "ROBERT", "BOBBY": "ROBERT", "BILL": "WILLIAM", "JIM": "JAMES",
             "JIMMY": "JAMES", "MIKE": "MICHAEL", "DAN": "DANIEL", "DANNY": "DANIEL", "TOM": "THOMAS",
             "JOE": "JOSEPH", "CHUCK": "CHARLES", "TED": "EDWARD", "MATT": "MATTHEW", "CHRIS": "CHRISTOPHER",
             "NICK": "NICHOLAS", "STEVE": "STEVEN", "DAVE": "DAVID", "LIZ": "ELIZABETH", "BETH": "ELIZABETH",
             "KATIE": "KATHERINE", "KATE": "KATHERINE", "PAT": "PATRICK", "TONY": "ANTHONY", "ANDY": "ANDREW",
             "RON": "RONALD", "DON": "DONALD", "RICK": "RICHARD", "DICK": "RICHARD", "JEFF": "JEFFREY",
             "GREG": "GREGORY", "SAM": "SAMUEL", "BEN": "BENJAMIN", "ABBY": "ABIGAIL", "MITCH": "ADDISON"}
_STATE_RE = re.compile(r"\b(" + "|".join(sorted((n.title() for n in STATE_NAMES), key=len, reverse=True)) + r")\b")


def split_name(fec_name: str | None) -> tuple[str, set[str]]:
    """'OMAR, ILHAN' -> ('OMAR', {'ILHAN'}); given names, middle names and quoted nicknames all count."""
    name = (fec_name or "").upper().replace(".", " ")
    last, _, given = name.partition(",")
    words = lambda s: [w for w in re.sub(r"[^A-Z' -]", " ", s).replace("'", "").split() if w not in SUFFIXES]  # noqa: E731
    lw = words(last)
    return " ".join(lw), set(words(given))


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
    """Every loaded candidate record, by surname, read once per check."""

    def __init__(self, m: Model):
        self.by_last: dict[str, list[tuple[set[str], Record]]] = {}
        for r in _rows(m):
            last, given = split_name(r.name)
            for key in {last, last.replace(" ", "-")}:
                self.by_last.setdefault(key, []).append((given, r))

    def named(self, first: str | None, last: str) -> list[Person]:
        """Persons whose FEC name has this surname (and this given name or nickname, when one is given)."""
        f = (first or "").upper()
        forms = {f, NICKNAMES.get(f, f)}
        hits = [r for given, r in self.by_last.get(last.upper().replace("’", "").replace("'", ""), [])
                if first is None or forms & given]
        groups: dict[tuple[str, str], list[Record]] = {}
        for r in hits:
            last_name, given = split_name(r.name)
            key = (first.upper() if first else sorted(given)[0] if given else "", r.state)
            groups.setdefault(key, []).append(r)
        out = []
        for recs in groups.values():
            recs.sort(key=lambda r: (r.cycle, r.row_ref.startswith("bulk_cn")), reverse=True)
            out.append(Person(recs[0].cand_id, recs[0].name, sorted({r.cand_id for r in recs}), recs[0].row_ref,
                              recs[0].state, recs))
        return out


def decide(persons: list[Person], context: str, cycle: int | None, race: str | None) -> tuple[list[Person], str]:
    """Narrow same-named persons with clues from the sentence and its neighbours; the clue that decided."""
    if len(persons) <= 1:
        return persons, "the only candidate of that name in the loaded files"
    clues = []
    if race:
        clues.append((f"the race named near it ({race})",
                      lambda p: any(f"{r.state}-{(r.district or '').zfill(2)}" == race for r in p.records)))
    states = {STATE_NAMES[s.upper()] for s in _STATE_RE.findall(context)}
    if states:
        clues.append((f"the state named near it ({', '.join(sorted(states))})", lambda p: p.state in states))
    for office, pat in OFFICE_CLUES:
        if pat.search(context):
            word = pat.search(context).group(0)
            clues.append((f"\"{word}\" near it", lambda p, o=office: any(r.office == o for r in p.records)))
    for party, pat in PARTY_CLUES:
        if pat.search(context):
            word = pat.search(context).group(0)
            clues.append((f"\"{word}\" near it", lambda p, x=party: any(r.party == x for r in p.records)))
    if cycle:
        clues.append((f"a candidate in the {cycle} cycle", lambda p: any(r.cycle == cycle for r in p.records)))
    for why, test in clues:
        kept = [p for p in persons if test(p)]
        if kept:
            persons = kept
        if len(persons) == 1:
            return persons, why
    return persons, ""
