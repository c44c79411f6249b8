"""SYNTHETIC donors with known identities, to measure donor resolution (all names invented).

``write_itcont(path, rows)`` writes an itcont file (the FEC's 21 pipe-separated columns) in which
every row's true person is known; ``truth`` maps SUB_ID → person. People are drawn so that the hard
cases of real data occur at realistic rates:

- surnames from a Zipf-like pool of invented names, and first names from a small pool, so many
  *different* people share ``LAST, FIRST`` (some in the same state and city);
- per row: nickname instead of the given name, middle initial dropped, first name as an initial,
  one-letter typos in the surname or first name, employer written with or without legal form
  and punctuation, blank employer/occupation;
- per person: a move (a second city and ZIP, sometimes in another state) and a new employer for
  part of their rows.

Generated column-wise with numpy, so millions of rows take seconds.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..reference.nicknames import NICKNAMES

_SYL_A = ["BR", "K", "T", "M", "V", "D", "S", "GR", "L", "P", "H", "R", "N", "ST", "W", "Z", "CH", "F"]
_SYL_B = ["A", "E", "O", "I", "U", "AI", "OU", "EE"]
_SYL_C = ["VIK", "LMAN", "RDEN", "SK", "NTON", "LLIS", "RVEY", "DWELL", "NSON", "MBER", "RST", "ZEK", "LOW",
          "TTERLY", "NDRO", "GAN", "PLE", "RRICK"]
_STATES = ["CA", "NY", "TX", "FL", "GA", "IL", "PA", "OH", "WA", "AZ", "MA", "NC", "VA", "MI", "CO", "NJ"]
_ORG_WORDS = ["QUELL", "ARBOR", "NIMBLE", "CORVID", "LUMEN", "OSTRA", "PELLAR", "TANDEM", "VERITY", "HALCYON",
              "BRISK", "CINDER", "MARROW", "ZEPHYR", "KESTREL", "ORRIN", "SABLE", "TALLOW"]
_ORG_KINDS = ["SYSTEMS", "HEALTH", "CAPITAL", "LABS", "FOODS", "LOGISTICS", "PARTNERS", "ENERGY", "MEDIA"]
_FORMS = ["", " INC", " INC.", ", INC.", " LLC", " CORP", " CORPORATION", " CO."]
_OCCUPATIONS = ["ENGINEER", "ATTORNEY", "PHYSICIAN", "TEACHER", "CONSULTANT", "MANAGER", "NURSE", "ANALYST",
                "EXECUTIVE", "SALES", "ACCOUNTANT", "PROFESSOR", "REAL ESTATE", "WRITER", "PHARMACIST"]
_NON_ORG = ["RETIRED", "SELF-EMPLOYED", "NOT EMPLOYED", "INFORMATION REQUESTED"]


def _pool_names(rng: np.random.Generator, n: int, long: bool = False) -> np.ndarray:
    a = rng.choice(_SYL_A, n)
    b = rng.choice(_SYL_B, n)
    c = rng.choice(_SYL_C, n)
    if long:  # a middle syllable on most names: hundreds of thousands of distinct surnames
        mid = np.where(rng.random(n) < 0.8, np.char.add(rng.choice(_SYL_A, n), rng.choice(_SYL_B, n)), "")
        b = np.char.add(b, mid)
    return np.unique(np.char.add(np.char.add(a, b), c))


def _typo(rng: np.random.Generator, s: np.ndarray) -> np.ndarray:
    """One edit per string: a letter dropped or doubled, or two neighbours swapped."""
    out = s.copy()
    for i, w in enumerate(s):
        if len(w) < 4:
            continue
        k = int(rng.integers(1, len(w) - 1))
        kind = rng.integers(0, 3)
        out[i] = w[:k] + w[k + 1:] if kind == 0 else w[:k] + w[k] + w[k:] if kind == 1 else \
            w[:k - 1] + w[k] + w[k - 1] + w[k + 1:]
    return out


def people(n: int, seed: int = 11) -> dict[str, np.ndarray]:
    """``n`` invented people, each with a home, a second home (for those who move) and employers."""
    rng = np.random.default_rng(seed)
    # surnames as in a real population: a long tail, a few very common (the commonest ~1-2% of people)
    surnames = rng.permutation(_pool_names(rng, max(4000, n // 2), long=True))
    zipf = 1.0 / np.arange(1, len(surnames) + 1) ** 0.75
    last = surnames[rng.choice(len(surnames), n, p=zipf / zipf.sum())]
    given = np.array(sorted({max(g, key=lambda s: (len(s), s)) for g in NICKNAMES}))
    gw = 1.0 / np.arange(1, len(given) + 1) ** 0.7
    first = given[rng.choice(len(given), n, p=gw / gw.sum())]
    middle = np.where(rng.random(n) < 0.7, rng.choice(list("ABCDEFGHJKLMNPRSTW"), n), "")
    cities = _pool_names(np.random.default_rng(seed + 1), max(900, n // 200), long=True)
    city_state = np.array(_STATES)[np.arange(len(cities)) % len(_STATES)]
    city_zip = 10000 + (np.arange(len(cities)) * 97) % 89000
    home = rng.integers(0, len(cities), n)
    away = np.where(rng.random(n) < 0.5, (home + rng.integers(1, 40, n)) % len(cities), home)
    orgs = np.char.add(np.char.add(rng.choice(_ORG_WORDS, 600), " "), rng.choice(_ORG_KINDS, 600))
    orgs = np.unique(orgs)
    emp = np.where(rng.random(n) < 0.2, rng.choice(_NON_ORG, n), orgs[rng.integers(0, len(orgs), n)])
    emp2 = orgs[rng.integers(0, len(orgs), n)]
    occ = rng.choice(_OCCUPATIONS, n)
    return dict(last=last, first=first, middle=middle, home=home, away=away, emp=emp, emp2=emp2, occ=occ,
                moves=rng.random(n) < 0.08, changes=rng.random(n) < 0.08, cities=cities,
                city_state=city_state, city_zip=city_zip, zip_extra=rng.integers(0, 40, n))


def contributions(rows: int, seed: int = 11, per_person: float = 4.0, population: int | None = None,
                  draw: int = 0) -> pa.Table:
    """``rows`` contributions with the variations listed above; column ``person`` is the truth.

    The same ``seed`` and ``population`` give the same people; ``draw`` picks another set of their gifts
    (a later file of the same donors).
    """
    rng = np.random.default_rng([seed + 2, draw])
    n = population or max(1, int(rows / per_person))
    p = people(n, seed)
    who = np.sort(rng.integers(0, n, rows))
    late = rng.random(rows) < 0.5  # the second half of a person's gifts: after a move / a job change
    moved = p["moves"][who] & late
    place = np.where(moved, p["away"][who], p["home"][who])
    city = p["cities"][place]
    state = p["city_state"][place]
    zip5 = (p["city_zip"][place] + np.where(moved, 0, p["zip_extra"][who] % 3)).astype(str)
    emp = np.where(p["changes"][who] & late, p["emp2"][who], p["emp"][who])

    first = p["first"][who].astype(object)
    nick_of = {max(g, key=lambda s: (len(s), s)): sorted(g - {max(g, key=lambda s: (len(s), s))}) for g in NICKNAMES}
    r = rng.random(rows)
    use_nick = r < 0.10
    for i in np.flatnonzero(use_nick):
        options = nick_of.get(first[i])
        if options:
            first[i] = options[int(rng.integers(0, len(options)))]
    initial = (r >= 0.10) & (r < 0.14)
    first = np.where(initial, np.array([f[0] for f in first], dtype=object), first)
    typo_first = (r >= 0.14) & (r < 0.17)
    first[typo_first] = _typo(rng, first[typo_first].astype(str))
    last = p["last"][who].astype(object)
    typo_last = rng.random(rows) < 0.03
    last[typo_last] = _typo(rng, last[typo_last].astype(str))
    middle = np.where(rng.random(rows) < 0.15, "", p["middle"][who])
    name = np.char.add(np.char.add(last.astype(str), ", "), first.astype(str))
    name = np.where(middle != "", np.char.add(np.char.add(name, " "), middle.astype(str)), name)

    is_org = ~np.isin(emp, _NON_ORG)
    form = np.array(_FORMS)[rng.integers(0, len(_FORMS), rows)]
    emp = np.where(is_org & (rng.random(rows) < 0.3), np.char.add(emp.astype(str), form), emp)
    emp = np.where(rng.random(rows) < 0.03, "", emp)
    occ = np.where(emp == "RETIRED", "RETIRED", p["occ"][who])
    occ = np.where(rng.random(rows) < 0.03, "", occ)
    amt = np.round(rng.lognormal(4.5, 1.1, rows)).astype(np.int64) + 1
    days = rng.integers(0, 700, rows)
    dt = np.datetime64("2023-01-01") + days.astype("timedelta64[D]")
    cmte = np.char.add("C8", np.char.zfill((9000000 + rng.integers(0, 400, rows)).astype(str), 7))
    return pa.table({
        "person": pa.array(who), "cmte_id": cmte, "name": name, "city": city, "state": state, "zip5": zip5,
        "employer": emp, "occupation": occ, "amount": amt, "date": dt,
    })


def write_itcont(path: str | Path, rows: int, seed: int = 11, cycle: int = 2024, population: int | None = None,
                 draw: int = 0) -> pa.Table:
    """Write ``rows`` synthetic contributions as an itcont file; return the truth (sub_id, person)."""
    t = contributions(rows, seed, population=population, draw=draw)
    n = t.num_rows
    sub_id = pa.array(np.arange(n, dtype=np.int64) + 10**12 * (cycle % 100 + 100 * draw))
    blank = pa.array([""] * n)
    dt = pc.strftime(t["date"], format="%m%d%Y")
    cols = [t["cmte_id"], pa.array(["N"] * n), pa.array(["Q3"] * n), pa.array(["P"] * n), blank,
            pa.array(["15"] * n), pa.array(["IND"] * n), t["name"], t["city"], t["state"], t["zip5"],
            t["employer"], t["occupation"], dt, pc.cast(t["amount"], pa.string()), blank,
            pc.cast(sub_id, pa.string()), blank, blank, blank, pc.cast(sub_id, pa.string())]
    out = pa.table(cols, names=[f"c{i}" for i in range(len(cols))])
    pacsv.write_csv(out, str(path), pacsv.WriteOptions(include_header=False, delimiter="|", quoting_style="none"))
    return pa.table({"sub_id": sub_id, "person": t["person"]})
