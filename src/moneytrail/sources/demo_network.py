"""A SYNTHETIC sponsor network for the demo cycle: invented committees, ids and figures.

"Seaglass" is made up. It has a PAC that gives to candidates directly and also forwards its
members' earmarked gifts (as some real sponsor PACs do), and a super PAC that spends for and
against candidates in the headline race. Its rows follow the FEC's conventions so the network
model meets every case it has to count once: earmarks on both sides, small gifts only the conduit
itemized, an earmarked gift refunded, committee gifts with the receiver's 18K, and 24/48-hour
notices with an amendment. The registry for it is written beside the files
(``networks-demo.yaml``); it never names a real committee.

Random draws come from its own generator, so adding the network leaves every other demo row as it was.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

REGISTRY_FILE = "networks-demo.yaml"
PAC_NAME = "SEAGLASS POLICY COUNCIL PAC"
SUPER_NAME = "SEAGLASS ACTION FUND"


class DemoNetwork:
    """Committees and rows of the synthetic network; ``flows`` say what the summaries must include."""

    def __init__(self, world, seed: int):
        self.w = world
        self.rnd = random.Random(seed * 7919 + world.cycle)
        n = len(world.cmtes)
        self.pac_id = f"C8{world.yy}{n + 1:05d}"
        self.super_id = f"C8{world.yy}{n + 2:05d}"
        by = world.by_surname
        self.recipients = [by["OKAFOR-LINDQVIST"], by["RAVENSDALE"], by["BRIGHTBILL"], by["CALLOWAY-BIRCH"]]
        self.supported, self.opposed = by["OKAFOR-LINDQVIST"], by["TREVANION"]
        self.seq = 0
        # what the summaries must add, per candidate committee id (whole dollars)
        self.itemized: dict[str, int] = {}  # recipient-side 15E rows
        self.conduit_only: dict[str, int] = {}
        self.refunds: dict[str, int] = {}
        self.pac_in: dict[str, int] = {}
        self.passthrough = 0
        self.given = 0
        self.ie_cents = 0

    # -- rows ------------------------------------------------------------------------------

    def _row(self, filer: str, d: date, tp: str, entity: str, name: str, amt: int, other: str = "",
             memo_cd: str = "", memo: str = "", cand: str | None = None, emp: str = "", occ: str = "",
             file_no: int = 7) -> list:
        self.seq += 1
        w = self.w
        rpt = f"M{d.month + 1}" if d.month < 12 else "YE"
        f = [filer, "N", rpt, f"P{w.cycle}", f"{d.year}{d.month:02d}{d.day:02d}9{self.seq:010d}", tp, entity,
             name, "ALDERO BAY", "CA", "94999", emp, occ, f"{d.month:02d}{d.day:02d}{d.year}", amt, other]
        if cand is not None:
            f.append(cand)
        return f + [f"SGN{self.seq}", 2_400_000 + d.toordinal() % 1000, memo_cd, memo,
                    w.sub_id(file_no, self.seq)]

    def _day(self, lo_month: int = 2, hi_month: int = 9) -> date:
        cy = self.w.cycle
        start, end = date(cy, lo_month, 1), date(cy, hi_month, 28)
        return start + timedelta(days=self.rnd.randrange((end - start).days))

    def itcont(self, extra: int = 0, members: list[tuple[str, str, str]] = ()) -> list[list]:
        """Earmarked gifts through the PAC: both sides, conduit-only small gifts, one refund.

        ``extra`` more earmarked gifts (both sides) from ``members`` (name, employer, occupation), for a scaled cycle.
        """
        r, rows = self.rnd, []
        people = [("MARROWBY, ELSPETH", "HARBORVIEW ANALYTICS INC", "ANALYST"),
                  ("QUILLFEATHER, OSWIN", "RETIRED", "RETIRED"),
                  ("TANSLEY-ORE, MIRELLA", "HARBORVIEW ANALYTICS", "ENGINEER"),
                  ("BRACKENWOLD, IVO", "NORTHWIND AEROSPACE CORPORATION", "MANAGER"),
                  ("FENNIMORE-LUX, ADA", "SELF-EMPLOYED", "CONSULTANT")]
        for cand in self.recipients[:3]:
            pcc = cand.pcc
            memo = f"EARMARKED FOR {pcc.name} ({pcc.id})"
            for name, emp, occ in people:
                amt = r.choice([250, 500, 1000, 2000])
                d = self._day()
                rows.append(self._row(pcc.id, d + timedelta(days=r.randrange(1, 6)), "15E", "IND", name, amt,
                                      self.pac_id, memo="* EARMARKED CONTRIBUTION: SEE BELOW", emp=emp, occ=occ))
                rows.append(self._row(self.pac_id, d, "24T", "IND", name, amt, pcc.id, memo=memo, emp=emp,
                                      occ=occ))
                self.itemized[pcc.id] = self.itemized.get(pcc.id, 0) + amt
                self.passthrough += amt
            for name, emp, occ in people[:3]:  # small gifts the campaign did not itemize
                amt = r.choice([10, 25, 50, 100])
                rows.append(self._row(self.pac_id, self._day(), "24T", "IND", name, amt, pcc.id, memo=memo,
                                      emp=emp, occ=occ))
                self.conduit_only[pcc.id] = self.conduit_only.get(pcc.id, 0) + amt
                self.passthrough += amt
        # a refund of an earmarked gift: the campaign's 22Y naming the conduit, the conduit's negative 24T
        cand = self.recipients[0].pcc
        name, emp, occ = people[0]
        d = date(self.w.cycle, 10, 1)
        rows.append(self._row(cand.id, d, "15E", "IND", name, 700, self.pac_id,
                              memo="* EARMARKED CONTRIBUTION: SEE BELOW", emp=emp, occ=occ))
        rows.append(self._row(self.pac_id, d - timedelta(days=2), "24T", "IND", name, 700, cand.id,
                              memo=f"EARMARKED FOR {cand.name} ({cand.id})", emp=emp, occ=occ))
        rows.append(self._row(cand.id, d + timedelta(days=20), "22Y", "IND", name, -700, self.pac_id,
                              memo="REFUND OF EARMARKED CONTRIBUTION", emp=emp, occ=occ))
        rows.append(self._row(self.pac_id, d + timedelta(days=21), "24T", "IND", name, -700, cand.id,
                              memo="REFUND OF EARMARKED CONTRIBUTION", emp=emp, occ=occ))
        self.itemized[cand.id] = self.itemized.get(cand.id, 0) + 700
        self.refunds[cand.id] = self.refunds.get(cand.id, 0) + 700
        # members' own gifts to the PAC (its receipts)
        for name, emp, occ in people:
            rows.append(self._row(self.pac_id, self._day(1, 3), "15", "IND", name, 5000, emp=emp, occ=occ))
        for k in range(extra):
            pcc = self.recipients[k % 3].pcc
            name, emp, occ = members[r.randrange(len(members))]
            amt = r.choice([25, 50, 100, 250, 500, 1000])
            d = self._day()
            rows.append(self._row(pcc.id, d + timedelta(days=r.randrange(1, 6)), "15E", "IND", name, amt,
                                  self.pac_id, memo="* EARMARKED CONTRIBUTION: SEE BELOW", emp=emp, occ=occ))
            rows.append(self._row(self.pac_id, d, "24T", "IND", name, amt, pcc.id,
                                  memo=f"EARMARKED FOR {pcc.name} ({pcc.id})", emp=emp, occ=occ))
            self.itemized[pcc.id] = self.itemized.get(pcc.id, 0) + amt
            self.passthrough += amt
        return rows

    def committee_gifts(self, extra: int = 0) -> tuple[list[list], list[list]]:
        """itpas2 24K rows (and the same rows plus the receivers' 18K in itoth); ``extra`` more for a scaled cycle."""
        pas2, oth = [], []
        for cand in self.recipients + [self.recipients[k % 4] for k in range(extra)]:
            amt = self.rnd.choice([2500, 5000])
            d = self._day(3, 8)
            row = self._row(self.pac_id, d, "24K", "CCM", cand.pcc.name, amt, cand.pcc.id, cand=cand.id, file_no=8)
            pas2.append(row)
            oth.append(row[:16] + row[17:])
            back = self._row(cand.pcc.id, d + timedelta(days=5), "18K", "PAC", PAC_NAME, amt, self.pac_id,
                             file_no=9)
            oth.append(back)
            self.pac_in[cand.pcc.id] = self.pac_in.get(cand.pcc.id, 0) + amt
            self.given += amt
        return pas2, oth

    def ie_notices(self, extra: int = 0) -> tuple[list[list], list[list]]:
        """24/48-hour notices (one amended) and the periodic 24E/24A rows in itpas2.

        ``extra`` more notices for a scaled cycle, on the same two candidates (every fifth amended once).
        """
        w = self.w
        g = w.general
        plan = [(self.supported, "S", 60_000_00), (self.opposed, "O", 85_000_00), (self.opposed, "O", 40_000_00)]
        plan += [((self.supported, "S") if k % 2 else (self.opposed, "O")) + (self.rnd.randrange(500, 20_000) * 100,)
                 for k in range(extra)]
        notices, pas2 = [], []
        for k, (cand, so, cents) in enumerate(plan):
            if k < 3:
                dissem = g - timedelta(days=10 + 9 * k)
                fn = 9_100_000 + k
            else:  # the scaled cycle's notices: the last 60 days, two file numbers apart
                dissem = g - timedelta(days=1 + k % 60)
                fn = 9_200_000 + 2 * k
            receipt = dissem + timedelta(days=1)
            versions = [(cents, fn, "", "N", receipt)]
            if k == 1 or (k >= 3 and k % 5 == 0):  # amended a week later, higher: only the latest counts
                cents = cents + 5_000_00
                versions.append((cents, fn + (50 if k == 1 else 1), str(fn), "A", receipt + timedelta(days=7)))
            for amount, file_num, prev, amndt, rec in versions:
                ymd = rec.year * 10_000 + rec.month * 100 + rec.day
                notices.append([
                    cand.id, cand.name, self.super_id, SUPER_NAME, "G", cand.state, cand.district, cand.office,
                    {"DEM": "DEMOCRATIC PARTY", "REP": "REPUBLICAN PARTY"}.get(cand.party, cand.party),
                    f"{amount / 100:.2f}", _dmy(dissem), f"{amount / 100:.2f}", so, "DIGITAL ADVERTISING",
                    "SYNTHETIC MEDIA BUYERS LLC", file_num, amndt, f"SGE{k + 1}", f"{ymd}95{file_num % 10**8:08d}",
                    _dmy(rec), w.cycle, prev, _dmy(dissem),
                ])
            self.ie_cents += cents
            pas2.append(self._row(self.super_id, dissem, "24E" if so == "S" else "24A", "ORG",
                                  "SYNTHETIC MEDIA BUYERS LLC", cents // 100, "", cand=cand.id,
                                  memo="DIGITAL ADVERTISING", file_no=8))
        return notices, pas2

    # -- files -----------------------------------------------------------------------------

    def cm_lines(self) -> list[list]:
        return [
            [self.pac_id, PAC_NAME, "SYNTHETIC, TREASURER", "1 SEAGLASS WAY", "", "ALDERO BAY", "CA", "94999",
             "B", "Q", "", "M", "M", "SEAGLASS POLICY COUNCIL", ""],
            [self.super_id, SUPER_NAME, "SYNTHETIC, TREASURER", "1 SEAGLASS WAY", "", "ALDERO BAY", "CA", "94999",
             "U", "O", "", "Q", "", "", ""],
        ]

    def webk_lines(self, cvg: str, money) -> list[list]:
        """Summaries that close (COH_COP = COH_BOP + receipts - disbursements) and match the rows."""
        pac_receipts = 25_000 * 100 + self.passthrough * 100
        pac_disb = (self.given + self.passthrough) * 100 + 3_000_00
        sup_receipts, sup_disb = max(400_000_00, self.ie_cents + 100_000_00), self.ie_cents + 12_000_00
        out = []
        for cid, name, tp, dsgn, freq, rec, disb, contrib, ie in (
            (self.pac_id, PAC_NAME, "Q", "B", "M", pac_receipts, pac_disb, (self.given + self.passthrough) * 100, 0),
            (self.super_id, SUPER_NAME, "O", "U", "Q", sup_receipts, sup_disb, 0, self.ie_cents),
        ):
            bop = 50_000_00
            out.append([cid, name, tp, dsgn, freq, money(rec), money(0), money(rec), money(0), money(0), money(0),
                        money(0), money(disb), money(0), money(0), money(0), money(0), money(0), money(bop),
                        money(bop + rec - disb), money(0), money(0), money(contrib), money(ie), money(0), money(0),
                        cvg])
        return out

    def registry_yaml(self) -> str:
        return (
            "# SYNTHETIC network registry for the moneytrail demo cycle: invented committees and ids.\n"
            "# Use it with: moneytrail network seaglass --db moneytrail-demo.duckdb "
            f"--registry demo-data/{REGISTRY_FILE}\n"
            "networks:\n"
            "  - key: seaglass\n"
            "    name: Seaglass (synthetic)\n"
            "    description: An invented sponsor network of the demo cycle (not a real organization).\n"
            "    aliases: [Seaglass, Seaglass Policy Council]\n"
            "    committees:\n"
            f"      - id: {self.pac_id}\n"
            f"        name: {PAC_NAME}\n"
            "        roles: [direct_pac, conduit]\n"
            "        verified: true\n"
            "        source: the demo generator (moneytrail.sources.demo_network); synthetic\n"
            f"      - id: {self.super_id}\n"
            f"        name: {SUPER_NAME}\n"
            "        roles: [super_pac]\n"
            "        verified: true\n"
            "        source: the demo generator (moneytrail.sources.demo_network); synthetic\n"
        )


def _dmy(d: date) -> str:
    months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    return f"{d.day:02d}-{months[d.month - 1]}-{d.year % 100:02d}"
