"""FollowTheMoney entities (JSON lines) for Aleph and similar tools.

Candidates become ``Person``, committees ``Organization`` (the FEC id as ``registrationNumber``),
a candidate's committees ``UnknownLink`` (role: principal / authorized committee), and money
``Payment``: committee gifts and spending from itpas2 (payer = giving committee, beneficiary =
receiving committee, or the candidate for spending for/against them, with the side in
``purpose``), and 24/48-hour independent-expenditure notices (latest versions only). Every entity
is built and cleaned by the followthemoney package; each Payment keeps its source row in
``recordId`` (``table:load_id:line_no``) and the FEC's SUB_ID or transaction id in ``transactionNumber``.
With ``individuals=True`` the itcont rows come too: each contributor as a ``Person`` (or
``Organization`` for non-individual entity types) keyed by name and ZIP5 — a record as the filer
wrote it, *not* a resolved donor (that is donor resolution's job) — and each row a ``Payment`` to
the committee that received it (for conduit pass-through rows, 24T/24I, the recipient in OTHER_ID,
with the conduit named in the description).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import ibis
from followthemoney import model

from ..model import contributions as mcontrib
from ..model import ies as mies
from ..store.store import Store

DESIGNATIONS = {"P": "principal campaign committee", "A": "authorized committee"}


def _entity(schema: str, key: str, **props):
    e = model.make_entity(schema)
    e.id = key
    for prop, value in props.items():
        if value not in (None, ""):
            e.add(prop, value)
    return e


def cand_key(cand_id: str) -> str:
    return f"fec-cand-{cand_id.lower()}"


def cmte_key(cmte_id: str) -> str:
    return f"fec-cmte-{cmte_id.lower()}"


def entities(store: Store, cycle: int | None = None, individuals: bool = False) -> Iterator:
    from ..model.base import Model

    m = Model(store.con)
    where = "" if cycle is None else f"WHERE cycle = {int(cycle)}"
    for cand_id, name, party, st, office, yr in store.con.execute(
        "SELECT cand_id, any_value(cand_name), any_value(cand_pty_affiliation), any_value(cand_office_st), "
        f"any_value(cand_office), max(cand_election_yr) FROM bulk_cn {where} GROUP BY cand_id"
    ).fetchall():
        yield _entity("Person", cand_key(cand_id), name=name, registrationNumber=cand_id, country="us",
                      political=party, description=f"FEC candidate ({office or '?'}, {st or '?'}, {yr or '?'})")
    for cmte_id, name, city, st, tp, dsgn in store.con.execute(
        "SELECT cmte_id, any_value(cmte_nm), any_value(cmte_city), any_value(cmte_st), any_value(cmte_tp), "
        f"any_value(cmte_dsgn) FROM bulk_cm {where} GROUP BY cmte_id"
    ).fetchall():
        yield _entity("Organization", cmte_key(cmte_id), name=name, registrationNumber=cmte_id, country="us",
                      address=", ".join(x for x in (city, st) if x) or None,
                      classification=f"FEC committee type {tp or '?'}, designation {dsgn or '?'}")
    in_cycle = "" if cycle is None else f"AND cycle = {int(cycle)}"
    for cand_id, cmte_id, dsgn in store.con.execute(
        f"SELECT DISTINCT cand_id, cmte_id, cmte_dsgn FROM bulk_ccl WHERE cmte_dsgn IN ('P', 'A') {in_cycle}"
    ).fetchall():
        yield _entity("UnknownLink", f"fec-link-{cand_id.lower()}-{cmte_id.lower()}", subject=cand_key(cand_id),
                      object=cmte_key(cmte_id), role=DESIGNATIONS[dsgn])
    named: set[str] = set()
    cycles = [cycle] if cycle else [r[0] for r in store.con.execute(
        "SELECT DISTINCT cycle FROM loads WHERE status = 'loaded' AND kind IN ('itpas2', 'ie') ORDER BY 1"
    ).fetchall()]
    for c in cycles:
        t = m.bulk("itpas2", c)
        rows = t.mutate(category=mcontrib.category(t)).select(
            "row_ref", "sub_id", "cmte_id", "other_id", "cand_id", "name", "transaction_dt", "transaction_amt",
            "transaction_tp", "category", "memo_text")
        for r in rows.to_pyarrow().to_pylist():
            spending = r["category"] not in ("contribution", "memo")
            beneficiary = cand_key(r["cand_id"]) if spending and r["cand_id"] else (
                cmte_key(r["other_id"]) if r["other_id"] else None)
            if beneficiary is None:
                beneficiary, entity = _named(r["name"], named)
                if entity:
                    yield entity
            yield _entity("Payment", f"fec-{r['row_ref'].replace(':', '-')}", payer=cmte_key(r["cmte_id"]),
                          beneficiary=beneficiary, amount=str(r["transaction_amt"]), currency="USD",
                          date=r["transaction_dt"].isoformat() if r["transaction_dt"] else None,
                          purpose=f"{mcontrib.CATEGORIES[r['category']]} ({r['transaction_tp']})",
                          summary=r["memo_text"], recordId=r["row_ref"], transactionNumber=str(r["sub_id"]))
        if individuals:
            yield from _individuals(m, c, named)
        n = mies.notices(m, c)
        for r in n.filter(n.current).to_pyarrow().to_pylist():
            day = r["day"]
            beneficiary = cand_key(r["cand_id"]) if r["cand_id"] else None
            if beneficiary is None:
                beneficiary, entity = _named(r["candidate_name"], named)
                if entity:
                    yield entity
            yield _entity("Payment", f"fec-{r['row_ref'].replace(':', '-')}", payer=cmte_key(r["spender_id"]),
                          beneficiary=beneficiary, amount=str(r["amount"]), currency="USD",
                          date=day.isoformat() if day else None,
                          purpose=f"independent expenditure {'for' if r['support_oppose'] == 'support' else 'against'}"
                          f" {r['candidate_name'] or r['cand_id'] or ''}".strip(),
                          summary=r["purpose"], recordId=r["row_ref"], transactionNumber=r["tran_id"])


def _individuals(m, cycle: int, seen: set[str]) -> Iterator:
    t = m.bulk("itcont", cycle)
    cols = ["row_ref", "sub_id", "cmte_id", "other_id", "transaction_tp", "entity_tp", "name", "city", "state",
            "zip_code", "employer", "occupation", "transaction_dt", "transaction_amt", "memo_cd", "memo_text"]
    sql = str(ibis.to_sql(t.select(*cols), dialect="duckdb"))
    for batch in m.con.execute(sql).to_arrow_reader(50_000):  # streamed: itcont can be 70 M rows
        for r in batch.to_pylist():
            zip5 = (r["zip_code"] or "")[:5]
            label = f"{r['name'] or ''}|{zip5}".upper()
            key = "fec-contributor-" + hashlib.sha1(label.encode()).hexdigest()[:16]
            if key not in seen:
                seen.add(key)
                schema = "Person" if (r["entity_tp"] or "IND") in ("IND", "CAN") else "Organization"
                extra = {"position": r["occupation"]} if schema == "Person" else {}
                yield _entity(schema, key, name=r["name"] or "(no name)", country="us",
                              address=", ".join(x for x in (r["city"], r["state"], zip5) if x) or None,
                              description="contributor as written on an FEC filing (not a resolved donor)"
                              + (f"; employer {r['employer']}" if r["employer"] else ""), **extra)
            conduit_row = r["transaction_tp"] in ("24T", "24I") and r["other_id"]
            recipient = r["other_id"] if conduit_row else r["cmte_id"]
            note = f"through conduit {r['cmte_id']}" if conduit_row else (
                f"earmarked through {r['other_id']}" if r["transaction_tp"] == "15E" and r["other_id"] else None)
            yield _entity("Payment", f"fec-{r['row_ref'].replace(':', '-')}", payer=key,
                          beneficiary=cmte_key(recipient), amount=str(r["transaction_amt"]), currency="USD",
                          date=r["transaction_dt"].isoformat() if r["transaction_dt"] else None,
                          purpose=f"contribution ({r['transaction_tp']})" + (" memo" if r["memo_cd"] == "X" else ""),
                          description=note, summary=r["memo_text"], recordId=r["row_ref"],
                          transactionNumber=str(r["sub_id"]))


def _named(name: str | None, seen: set[str]):
    """A beneficiary the FEC row names but does not identify: a LegalEntity keyed by its name."""
    label = (name or "").strip() or "unidentified (no name on the FEC row)"
    key = "fec-named-" + hashlib.sha1(label.upper().encode()).hexdigest()[:16]
    entity = None if key in seen else _entity("LegalEntity", key, name=label, country="us",
                                              description="named on an FEC row without an FEC id")
    seen.add(key)
    return key, entity


def export(store: Store, out: str | Path, cycle: int | None = None, individuals: bool = False) -> dict:
    counts: dict[str, int] = {}
    with open(out, "w", encoding="utf-8") as f:
        for e in entities(store, cycle, individuals):
            f.write(json.dumps(e.to_dict(), sort_keys=True) + "\n")
            counts[e.schema.name] = counts.get(e.schema.name, 0) + 1
    return counts
