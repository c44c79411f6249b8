"""Names in an article -> what the store knows: persons (FEC ids), committees, networks, races.

Why strict: a wrong match makes a confident wrong verdict. A full name is looked up over every
loaded candidate file (``people``); a bare surname only within the race named beside it; a
committee through its name's key (``committees``); a network ("AIPAC", "crypto lobbies")
through the networks registry (issue 4). Anything that still fits several is reported as
ambiguous with the candidates, never guessed.
"""

from __future__ import annotations

import re

from ..errors import MoneytrailError
from ..model import candidates as mc
from ..model.base import Model, records
from ..model.keys import RaceKey
from .committees import Committee, Committees
from .people import People, Person, decide


class CannotCheck(Exception):
    """A claim the store cannot answer, with the reason shown to the user."""

    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code, self.reason = code, reason


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
    """A network by its name or an alias, in the forms journalists use ("the", possessive, "PAC")."""
    reg = network_registry()
    if reg is None:
        return None
    base = re.sub(r"^the\s+", "", name.strip(), flags=re.I)
    base = re.sub(r"[’']s\b", "", base)
    for form in dict.fromkeys([name, base, re.sub(r"\s+(PAC|political action committee)$", "", base, flags=re.I)]):
        try:
            return reg.get(form)
        except MoneytrailError:
            continue
    return None


class Lookup:
    """The store's people and committees for one check: read once, used by every claim."""

    def __init__(self, m: Model):
        self.m = m
        self._people: People | None = None
        self._committees: Committees | None = None
        self._loaded: dict[str, list[int]] = {}

    @property
    def people(self) -> People:
        if self._people is None:
            self._people = People(self.m)
        return self._people

    @property
    def committees(self) -> Committees:
        if self._committees is None:
            self._committees = Committees(self.m)
        return self._committees

    def loaded_cycles(self, kind: str) -> list[int]:
        if kind not in self._loaded:
            self._loaded[kind] = self.m.loaded_cycles(kind)
        return self._loaded[kind]


def committee(look: Lookup, name: str, cycle: int | None) -> Committee | None:
    """The one loaded committee a prose name means; None when none; several raise ambiguous."""
    found, how = look.committees.find(name, cycle)
    if not found:
        return None
    if len(found) > 1:
        raise CannotCheck("ambiguous_entity", f"{name!r} names several committees: "
                          + "; ".join(f"{c.name} ({c.cmte_id})" for c in found[:8]))
    found[0].clue = f"matched by {how}"
    return found[0]


def org(look: Lookup, names: list[str], cycle: int | None = None) -> tuple[str, object]:
    """('network', n) or ('committee', Committee) for the first organisation the claim names."""
    if not names:
        raise CannotCheck("unknown_entity", "the claim names no committee or network")
    for name in names:
        net = find_network(name)
        own_name = net is not None and name.strip().lower() in (net.key, net.name.lower())
        c = None if own_name else committee(look, name, cycle)
        if c is not None:  # "United Democracy Project": one committee, though a network lists it as an alias
            return "committee", c
        if net is not None:
            return "network", net
    if network_registry() is None:
        raise CannotCheck(
            "no_registry",
            f"networks registry not loaded: {names[0]!r} names no committee in the loaded committee masters, "
            "and telling which committees a network such as this covers needs the networks registry (issue 4)",
        )
    raise CannotCheck("unknown_entity", f"{names[0]!r} is neither a network in the registry nor a committee in "
                      "the loaded committee masters (cm) or PAC summaries (webk)")


def person(look: Lookup, name: str, race: RaceKey | None, year: int | None, sentence: str = "",
           cycle: int | None = None, window: str = "") -> Person:
    """The one person a name means: a full name over the whole store, or a surname the article never
    introduced within the race named beside it; the clue that decided between namesakes is kept."""
    if name == "@incumbent":
        if race is None:
            raise CannotCheck("ambiguous_entity", "\"the incumbent\": the article names no race")
        return incumbent(look.m, race, year)
    first, _, last = name.rpartition(" ")
    if first:
        found = look.people.named(first.split()[-1], last)
        if not found:
            raise CannotCheck("unknown_entity", f"no FEC candidate named {name} in the loaded candidate masters "
                              "(cn) or summaries (weball/webl)")
    elif race is not None:
        found = [p for p in look.people.named(None, last) if _ran_for(p, race)]
        if not found:
            raise CannotCheck("unknown_entity", f"no FEC candidate named {last} for {race} in the loaded files")
    else:
        raise CannotCheck("ambiguous_entity", f"only a surname, {last}, with no full name earlier in the article "
                          "and no race beside it")
    kept, why = decide(found, sentence, window or sentence, cycle, str(race) if race is not None and first else None)
    if len(kept) > 1:
        raise CannotCheck("ambiguous_entity", f"{name} could be several persons: "
                          + "; ".join(f"{p.name} ({p.state}: {', '.join(p.ids)})" for p in kept[:6])
                          + " — nothing near the name tells them apart")
    p = kept[0]
    p.clue = why or None
    return p


def _ran_for(p: Person, race: RaceKey) -> bool:
    return any(r.office == race.office and r.state == race.state
               and (race.office != "H" or (r.district or "").zfill(2) == race.district) for r in p.records)


def incumbent(m: Model, race: RaceKey, year: int | None) -> Person:
    """The seat's incumbent in the latest loaded candidate master: flagged I *and* running that cycle
    (a dormant committee of a former member keeps its I flag and is not the incumbent)."""
    cn = m.table("bulk_cn")
    seat = (cn.cand_office == race.office) & (cn.cand_office_st == race.state) & (cn.cand_ici == "I")
    if race.office == "H":
        seat &= cn.cand_office_district.lpad(2, "0") == race.district
    rows = records(cn.filter(seat).select("cand_id", "cand_name", "cycle", "cand_election_yr", "row_ref")
                   .order_by("cycle"))
    if not rows:
        raise CannotCheck("unknown_entity", f"no incumbent of {race} in the loaded candidate masters")
    rows = [r for r in rows if r["cycle"] == rows[-1]["cycle"]]  # the latest loaded cycle's incumbent
    running = [r for r in rows if r["cand_election_yr"] is not None and int(r["cand_election_yr"]) >= r["cycle"]]
    rows = running or rows
    ids = sorted({r["cand_id"] for r in rows})
    if len(ids) > 1 and len({r["cand_name"] for r in rows}) > 1:
        raise CannotCheck("ambiguous_entity", f"several incumbents of {race} in the {rows[-1]['cycle']} candidate "
                          f"master: {', '.join(ids)}")
    r = rows[-1]
    return Person(r["cand_id"], r["cand_name"], ids, r["row_ref"])


def cycle_ids(m: Model, p: Person, cycle: int, office: str | None = None) -> list[str]:
    """Of a person's ids (of one office, when the claim says which), those with a summary row in the cycle."""
    pool = p.ids_for(office) if p.records else p.ids
    s = mc.summaries(m, cycle)
    have = {r["cand_id"] for r in records(s.filter(s.cand_id.isin(pool)).select("cand_id"))}
    return sorted(have) or pool
