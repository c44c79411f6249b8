"""Committees named in prose -> committee ids, through every loaded committee master and PAC summary.

Journalists write "the Senate Leadership Fund", "Democratic Majority for Israel's PAC", "the
Club for Growth political action committee" or "HALLPAC"; the FEC writes "SENATE LEADERSHIP
FUND", "DEMOCRATIC MAJORITY FOR ISRAEL PAC", "HALLMARK CARDS, INC. PAC (HALLPAC)". Both sides
are reduced to one key (case, punctuation, possessives, "the", "Inc." and the common
abbreviations undone), with a looser key that drops "PAC"/"political action committee" and
aliases from the FEC's own parentheses. A name must lead to exactly one committee (a tie is
broken only by which one has a summary for the claim's cycle); otherwise it is ambiguous.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.base import Model, records
from ..sources.layouts import LAYOUTS

ABBREVIATIONS = {"CMTE": "COMMITTEE", "COMM": "COMMITTEE", "COMMITEE": "COMMITTEE", "ASSN": "ASSOCIATION",
                 "ASSOC": "ASSOCIATION", "NATL": "NATIONAL", "INTL": "INTERNATIONAL", "AMER": "AMERICAN",
                 "DEM": "DEMOCRATIC", "GOVT": "GOVERNMENT", "FED": "FEDERAL", "CTTE": "COMMITTEE"}
DROP = {"THE", "INC", "LLC", "CORP", "CO", "INCORPORATED"}
PAC_WORDS = re.compile(r"\b(SUPER PAC|FEDERAL PAC|PAC)\b")


def key(name: str) -> str:
    """The comparison form of a committee name (see the module doc)."""
    s = (name or "").upper().replace("&", " AND ").replace("’", "'")
    s = re.sub(r"\([^)]*\)", " ", s)
    s = re.sub(r"'S\b", "", s)
    s = re.sub(r"[^A-Z0-9 ]", " ", s)
    words = [ABBREVIATIONS.get(w, w) for w in s.split() if w not in DROP]
    return " ".join(words).replace("POLITICAL ACTION COMMITTEE", "PAC")


def loose(k: str) -> str:
    return " ".join(PAC_WORDS.sub(" ", k).split())


@dataclass
class Committee:
    cmte_id: str
    name: str
    row_ref: str | None = None
    clue: str | None = None


class Committees:
    """Every loaded committee name (cm and webk, all cycles), by key, loose key and alias."""

    def __init__(self, m: Model):
        self.names: dict[str, tuple[str, str]] = {}
        self.index: dict[str, set[str]] = {}
        self.summarised: dict[int, set[str]] = {}
        cm, wk = m.table(LAYOUTS["cm"].table), m.table(LAYOUTS["webk"].table)
        rows = records(cm.select("cmte_id", "cmte_nm", "cycle", "row_ref").union(
            wk.select("cmte_id", "cmte_nm", "cycle", "row_ref")))
        for r in rows:
            cid, nm = r["cmte_id"], r["cmte_nm"] or ""
            if not cid:
                continue
            self.names.setdefault(cid, (nm, r["row_ref"]))
            k = key(nm)
            keys = {("full", k), ("loose", loose(k))}
            keys |= {("alias", key(a)) for a in re.findall(r"\(([^)]{3,})\)", nm.upper())}
            if " DBA " in f" {k} ":  # "AMERICANS FOR PROSPERITY ACTION DBA CVA ACTION": the name before it
                keys.add(("full", f" {k} ".split(" DBA ")[0].strip()))
            for kk in keys:
                if kk[1]:
                    self.index.setdefault(f"{kk[0]}:{kk[1]}", set()).add(cid)
        for r in records(wk.filter(wk.ttl_receipts.notnull()).select("cmte_id", "cycle").distinct()):
            self.summarised.setdefault(int(r["cycle"]), set()).add(r["cmte_id"])

    def find(self, name: str, cycle: int | None) -> tuple[list[Committee], str]:
        """Committees a prose name can mean, and how it matched; [] when none."""
        if re.fullmatch(r"C\d{8}", name.strip().upper()):
            ids, how = {name.strip().upper()} & set(self.names), "its FEC id"
        else:
            k = key(name)
            words = k.split()
            ids, how = set(), ""
            for drop in range(0, max(1, len(words) - 1)):  # "McConnell's Senate Leadership Fund": try tails
                kk = " ".join(words[drop:])
                for kind, probe in (("full", kk), ("loose", loose(kk)), ("alias", kk)):
                    ids = self.index.get(f"{kind}:{probe}", set()) if probe else set()
                    if ids:
                        how = {"full": "its name", "loose": "its name without \"PAC\"",
                               "alias": "the abbreviation in its FEC name"}[kind]
                        break
                if ids or len(words) - drop <= 2:
                    break
        if len(ids) > 1 and cycle in self.summarised:
            live = ids & self.summarised[cycle]
            if len(live) == 1:
                ids, how = live, how + f", the only one with a {cycle} PAC summary"
        return [Committee(i, *self.names[i]) for i in sorted(ids)], how
