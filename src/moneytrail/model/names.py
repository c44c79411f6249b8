"""Donor names as the FEC prints them (``LAST, FIRST MIDDLE SUFFIX``) → parts, in Ibis.

Why a second parser beside :mod:`matching`: that one is Python for a few hundred ballot names; this
one runs where tens of millions of contribution rows live (DuckDB now, Spark later), so it is an
expression, not a loop. Rules: the surname is everything before the first comma (a name without a
comma is all surname, first name unknown); titles (MR, DR, ...) are dropped; a generational or
professional suffix (JR, III, MD, ...) is taken from either side of the comma; the first token
after the comma is the first name, the next token's initial is the middle initial. Nicknames share a
*nickname key* (JACK and JOHN → {JOHN}; PAT → {PATRICIA, PATRICK}) from the list in :mod:`matching`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import ibis
from ..reference.nicknames import NICKNAMES

if TYPE_CHECKING:
    import ibis.expr.types as ir

TITLES = r"\b(MR|MRS|MS|MISS|DR|HON|REV|PROF|SIR)\b"
SUFFIXES = r"\b(JR|SR|II|III|IV|V|MD|DDS|DO|PHD|ESQ|CPA|RN)\b"


def nickname_table() -> ir.Table:
    """name -> the canonical names of every nickname group it belongs to (the longest name = canonical)."""
    keys: dict[str, set[str]] = {}
    for group in NICKNAMES:
        canonical = sorted(group, key=lambda s: (-len(s), s))[0]  # the full form, deterministically
        for name in group:
            keys.setdefault(name, set()).add(canonical)
    names = sorted(keys)
    return ibis.memtable(
        {"_nick_name": names, "_nick_keys": [sorted(keys[n]) for n in names]},
        schema={"_nick_name": "string", "_nick_keys": "array<string>"},
    )


def parse(t: ir.Table, column: str = "name") -> ir.Table:
    """``t`` plus last_name, first_name, middle_initial, suffix, first_initial and nick_keys."""
    n = t[column].upper().re_replace(r"[.]", "").re_replace(r"[^A-Z, '-]", " ").re_replace(r"\s+", " ").strip()
    last_raw = n.re_extract(r"^([^,]*)", 1).strip()
    rest_raw = n.re_extract(r",(.*)$", 1).fill_null("").replace(",", " ")
    suffix = ibis.coalesce(rest_raw.re_extract(SUFFIXES, 1).nullif(""), last_raw.re_extract(SUFFIXES, 1).nullif(""))
    last = last_raw.re_replace(SUFFIXES, "").re_replace(r"\s+", " ").strip()
    rest = rest_raw.re_replace(TITLES, " ").re_replace(SUFFIXES, " ").re_replace(r"\s+", " ").strip()
    first = rest.re_extract(r"^(\S+)", 1).nullif("")
    middle = rest.re_extract(r"^\S+ (\S)", 1).nullif("")
    t = t.mutate(
        last_name=last.nullif(""), first_name=first, middle_initial=middle, suffix=suffix,
        first_initial=first.substr(0, 1),
    )
    nick = nickname_table()
    j = t.left_join(nick, t.first_name == nick._nick_name)
    keys = ibis.cases(
        (j._nick_keys.notnull(), j._nick_keys),
        (j.first_name.notnull(), ibis.array([j.first_name])),
        else_=ibis.null("array<string>"),
    )
    return j.mutate(nick_keys=keys).drop("_nick_name", "_nick_keys")
