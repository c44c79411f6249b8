"""The network registry: which committees make up a network, in which role, on whose word.

The registry is data (``data/networks.yaml`` in the package, versioned with it), not code,
so a corrected id is a one-line change with its source beside it. Users add their own
networks in YAML files of the same shape (``--registry FILE``); a user network with the
key of a packaged one replaces it whole, so nobody's list is silently merged into another's.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..errors import MoneytrailError
from ..lazy import lazy_module

yaml = lazy_module("yaml")  # on first use: a report that reads no registry parses no YAML

ROLES = {
    "direct_pac": "gives to candidates (itpas2 24K/24Z rows it files)",
    "super_pac": "independent expenditures only",
    "conduit": "forwards individuals' earmarked gifts (24T/24I/15E rows it files; 15E rows naming it)",
    "party": "party committee",
    "leadership_pac": "a politician's leadership PAC",
    "ie_filer": "files independent-expenditure notices (often a C9 id, not a committee)",
}
GIVING_ROLES = ("direct_pac", "party", "leadership_pac")
CMTE_ID = re.compile(r"^C[0-9]{8}$")
KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    roles: tuple[str, ...]
    source: str
    first_cycle: int | None = None
    verified: bool = False


@dataclass(frozen=True)
class Network:
    key: str
    name: str
    members: tuple[Member, ...]
    aliases: tuple[str, ...] = ()
    description: str = ""
    origin: str = ""  # the file it came from

    def ids(self, *roles: str) -> list[str]:
        """Committee ids with any of these roles (all members when none is given)."""
        return [m.id for m in self.members if not roles or set(roles) & set(m.roles)]

    def role_of(self, cmte_id: str) -> tuple[str, ...]:
        return next((m.roles for m in self.members if m.id == cmte_id), ())


@dataclass
class Registry:
    networks: dict[str, Network] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def get(self, name: str) -> Network:
        """A network by key, name or alias (case-insensitive)."""
        want = name.strip().lower()
        for n in self.networks.values():
            if want in (n.key, n.name.lower(), *[a.lower() for a in n.aliases]):
                return n
        known = ", ".join(sorted(self.networks))
        raise MoneytrailError(f"no network {name!r} in the registry; known: {known} "
                              "(add your own with --registry FILE)")

    def conduits(self) -> list[str]:
        """Every committee any network lists as a conduit: they decide which side of an earmark a row is."""
        return sorted({i for n in self.networks.values() for i in n.ids("conduit")})


# The packaged registry's origin as answers show it and as the built model's registry fingerprint counts it:
# the same text wherever the package is installed, so a store built by one install answers from its built
# tables under another (a second checkout, a new virtualenv) instead of falling back to the live rule.
PACKAGED = "moneytrail/data/networks.yaml"


def default_path() -> Path:
    return Path(str(resources.files("moneytrail") / "data" / "networks.yaml"))


def _member(raw: dict, where: str) -> Member:
    if not isinstance(raw, dict):
        raise MoneytrailError(f"{where}: each committee is a mapping with id, name, roles and source")
    cid = str(raw.get("id", "")).strip().upper()
    if not CMTE_ID.match(cid) and not re.match(r"^C9[0-9]{7}$", cid):
        raise MoneytrailError(f"{where}: {cid!r} is not a committee id (C followed by 8 digits)")
    roles = raw.get("roles") or []
    if isinstance(roles, str):
        roles = [roles]
    bad = [r for r in roles if r not in ROLES]
    if not roles or bad:
        raise MoneytrailError(f"{where} {cid}: roles must be some of {', '.join(ROLES)}; got {roles}")
    source = str(raw.get("source") or "").strip()
    if not source:
        raise MoneytrailError(f"{where} {cid}: every membership needs a source (where the id comes from)")
    first = raw.get("first_cycle")
    return Member(id=cid, name=str(raw.get("name") or "").strip().upper(), roles=tuple(roles), source=source,
                  first_cycle=int(first) if first is not None else None, verified=bool(raw.get("verified", False)))


def parse(text: str, origin: str) -> list[Network]:
    """Networks from one registry file's YAML text; errors name the file and the entry."""
    try:
        doc = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise MoneytrailError(f"{origin}: not valid YAML ({exc})") from exc
    entries = doc.get("networks") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        raise MoneytrailError(f"{origin}: expected a top-level 'networks:' list")
    out = []
    for i, raw in enumerate(entries):
        where = f"{origin}: network {i + 1}"
        if not isinstance(raw, dict) or not KEY.match(str(raw.get("key", ""))):
            raise MoneytrailError(f"{where}: needs a 'key' of lower-case letters, digits, - or _")
        members = tuple(_member(c, f"{where} ({raw['key']})") for c in raw.get("committees") or [])
        if not members:
            raise MoneytrailError(f"{where} ({raw['key']}): lists no committees")
        out.append(Network(key=raw["key"], name=str(raw.get("name") or raw["key"]), members=members,
                           aliases=tuple(str(a) for a in raw.get("aliases") or []),
                           description=" ".join(str(raw.get("description") or "").split()), origin=origin))
    return out


def store_files(meta: dict[str, str]) -> list[str]:
    """The registry files a store brings with it: the demo's synthetic registry on the synthetic demo store
    (its ``meta`` rows say so), when the file is still there."""
    demo = meta.get("demo_registry")
    return [demo] if demo and meta.get("synthetic") == "true" and Path(demo).is_file() else []


def load(extra: list[str | os.PathLike] | None = None, include_default: bool = True) -> Registry:
    """The packaged registry plus the user's files, in order (a later key replaces an earlier one)."""
    reg = Registry()
    # a user's file is named by its absolute path: given relative or absolute, it is one registry (its
    # origin is in the fingerprint that decides whether the built network tables answer)
    paths = ([(default_path(), PACKAGED)] if include_default else []) + [(Path(p), str(Path(p).resolve()))
                                                                          for p in extra or []]
    for p, origin in paths:
        if not p.is_file():
            raise MoneytrailError(f"{p}: no such registry file")
        for n in parse(p.read_text(encoding="utf-8"), origin):
            reg.networks[n.key] = n
        reg.files.append(str(p))
    return reg
