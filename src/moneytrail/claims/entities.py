"""Names in an article -> what the store knows: candidates (FEC ids), committees, networks, races.

Why strict: a wrong match makes a confident wrong verdict. A surname must name exactly one person
among the seat's FEC candidates (several ids of one person are one person); a committee must be
named exactly as the committee master writes it (or by its id); anything looser is reported as
ambiguous or unknown, never guessed. Networks ("AIPAC", "crypto lobbies") are looked up through
:func:`network_registry` only, which reads the networks registry (issue 4) when it is installed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import MoneytrailError
from ..model import candidates as mc
from ..model import elections as melections
from ..model.base import Model, records
from ..model.keys import RaceKey


class CannotCheck(Exception):
    """A claim the store cannot answer, with the reason shown to the user."""

    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code, self.reason = code, reason


@dataclass
class Person:
    cand_id: str
    name: str
    ids: list[str]  # every FEC id of this person for the seat
    row_ref: str | None = None


@dataclass
class Committee:
    cmte_id: str
    name: str
    row_ref: str | None = None


_REGISTRY: list = []


def network_registry():
    """The networks registry (issue 4: data/networks.yaml), or None when it cannot be read.

    The one place network aliases are read; without it every network claim is
    "cannot check: networks registry not loaded"."""
    if not _REGISTRY:
        try:
            from ..model import registry

            _REGISTRY.append(registry.load())
        except (ImportError, OSError, MoneytrailError):
            _REGISTRY.append(None)
    return _REGISTRY[0]


def find_network(name: str):
    reg = network_registry()
    if reg is None:
        return None
    try:
        return reg.get(name)
    except MoneytrailError:
        return None


def _norm_name(s: str) -> str:
    s = re.sub(r"[^A-Z0-9 ]", " ", s.upper().replace("&", " AND "))
    s = re.sub(r"\b(INC|THE|LLC)\b", " ", s)
    return " ".join(s.split())


def committee(m: Model, name: str) -> Committee | None:
    """A committee named exactly as in a loaded committee master (or by its id); None otherwise."""
    cm = m.table("bulk_cm")
    if re.fullmatch(r"C\d{8}", name.strip().upper()):
        rows = records(cm.filter(cm.cmte_id == name.strip().upper()).select("cmte_id", "cmte_nm", "row_ref"))
    else:
        target = _norm_name(name)
        if not target:
            return None
        first = target.split()[0]
        rows = records(cm.filter(cm.cmte_nm.upper().contains(first)).select("cmte_id", "cmte_nm", "row_ref"))
        rows = [r for r in rows if _norm_name(r["cmte_nm"] or "") == target]
    ids = sorted({r["cmte_id"] for r in rows})
    if not ids:
        return None
    if len(ids) > 1:
        raise CannotCheck("ambiguous_entity", f"{name!r} names several committees: {', '.join(ids)}")
    r = rows[-1]
    return Committee(r["cmte_id"], r["cmte_nm"], r["row_ref"])


def org(m: Model, names: list[str]) -> tuple[str, object]:
    """('network', n) or ('committee', Committee) for the first organisation the claim names."""
    if not names:
        raise CannotCheck("unknown_entity", "the claim names no committee or network")
    for name in names:
        net = find_network(name)
        if net is not None:
            return "network", net
        c = committee(m, name)
        if c is not None:
            return "committee", c
    if network_registry() is None:
        raise CannotCheck(
            "no_registry",
            f"networks registry not loaded: {names[0]!r} names no committee in the loaded committee masters, "
            "and telling which committees a network such as this covers needs the networks registry (issue 4)",
        )
    raise CannotCheck("unknown_entity", f"{names[0]!r} is neither a network in the registry nor a loaded committee")


def person(m: Model, surname: str, race: RaceKey, year: int | None) -> Person:
    """The one FEC candidate for the seat with this surname (all loaded cycles); year breaks id ties."""
    if surname == "@incumbent":
        return incumbent(m, race, year)
    pool = melections.seat_pool(m, race, year or 0)
    s = surname.upper()
    hits = [(cid, name, prio) for cid, name, prio in pool
            if re.match(rf"{re.escape(s)}\b", (name or "").upper()) or (name or "").upper().startswith(s + ",")]
    if not hits:
        raise CannotCheck("unknown_entity",
                          f"no FEC candidate named {surname} for {race} in the loaded candidate masters")
    firsts = {_first(name) for _c, name, _p in hits}
    if len(firsts) > 1:
        raise CannotCheck("ambiguous_entity", f"{surname} could be several candidates for {race}: "
                          + "; ".join(sorted({f'{n} ({c})' for c, n, _p in hits})))
    hits.sort(key=lambda h: (-h[2], h[0]))
    return Person(hits[0][0], hits[0][1], sorted({h[0] for h in hits}))


def _first(name: str | None) -> str:
    """'GOMEZ, JIMMY' -> 'JIMMY' (one person under several ids has one first name)."""
    name = (name or "").upper()
    rest = name.split(",", 1)[1] if "," in name else name
    return (rest.split() or [""])[0]


def incumbent(m: Model, race: RaceKey, year: int | None) -> Person:
    cn = m.table("bulk_cn")
    seat = (cn.cand_office == race.office) & (cn.cand_office_st == race.state) & (cn.cand_ici == "I")
    if race.office == "H":
        seat &= cn.cand_office_district.lpad(2, "0") == race.district
    rows = records(cn.filter(seat).select("cand_id", "cand_name", "cycle", "row_ref").order_by("cycle"))
    if not rows:
        raise CannotCheck("unknown_entity", f"no incumbent of {race} in the loaded candidate masters")
    rows = [r for r in rows if r["cycle"] == rows[-1]["cycle"]]  # the latest loaded cycle's incumbent
    ids = sorted({r["cand_id"] for r in rows})
    if len(ids) > 1 and len({r["cand_name"] for r in rows}) > 1:
        raise CannotCheck("ambiguous_entity", f"several incumbents of {race} over the loaded cycles: {', '.join(ids)}")
    r = rows[-1]
    return Person(r["cand_id"], r["cand_name"], ids, r["row_ref"])


def cycle_ids(m: Model, p: Person, cycle: int) -> list[str]:
    """Of a person's ids, those with a summary or a candidate-master row in the cycle (else all)."""
    s = mc.summaries(m, cycle)
    have = {r["cand_id"] for r in records(s.filter(s.cand_id.isin(p.ids)).select("cand_id"))}
    return sorted(have) or p.ids
