"""A SYNTHETIC FEC cycle: every bulk file, with invented names and ids, for demos, tests and benchmarks.

``generate_cycle(out_dir)`` writes the eleven FEC files of one cycle (and a results CSV), named as the FEC names
them (``cn24.txt`` ... ``independent_expenditure_2024.csv``) and shaped exactly as
:mod:`moneytrail.sources.layouts` describes, so ``identify`` and ``Store.load`` take them
as they would take real downloads. Nothing here is real: candidates, committees, donors,
employers and vendors are invented, committee ids are ``C8`` + 7 digits and candidate ids
end in ``9xxxx`` so they cannot collide with the FEC's.

What the data are built to show (all of it follows FEC conventions, see
``shared/spec/fec-formats.md``):

- seven races (six House races in CA, NY, TX and GA, and a Texas Senate race) with
  incumbents, challengers and open seats; principal, authorized and joint fundraising
  committees linked in ``ccl``; a candidate named under an older id;
- individual gifts (15), earmarked gifts through two conduits (the recipient's 15E with
  OTHER_ID = conduit, and the conduit's 24T with OTHER_ID = recipient; small earmarked
  gifts often only on the conduit side), refunds (22Y, negative), memo rows, super PAC
  checks (10), JFC gifts (15) and the participants' 15J memo shares in itoth;
- committee gifts (24K and the receiver's 18K), in-kind (24Z/15Z), party coordinated
  spending (24C), a voided check, a blank CAND_ID;
- a super PAC that supports one candidate and opposes another in the headline race
  (CA-34), and a second spender on the other side, in both the 24/48-hour notice CSV
  (with amended notices: the same spender + transaction id more than once) and as
  24E/24A rows in itpas2;
- operating expenditures with ~30% memo sub-items pointing at their parent payment;
- summary files whose totals agree with the itemized rows (receipts include an
  unitemized share; cash on hand closes: COH_COP = COH_BOP + receipts - disbursements);
- invented election results for each House and Senate race (:mod:`.demo_results`), so pages
  show money beside votes and a network's record;
- a few malformed lines, counted in the manifest (:data:`MALFORMED`), so a loader's
  arithmetic can be checked exactly: rows read = loaded + rejected.

The big file (itcont) is generated column-wise with numpy and pyarrow and streamed to
disk in chunks, so ``rows=5_000_000`` takes seconds and little memory.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .demo_network import REGISTRY_FILE, DemoNetwork
from .demo_results import DemoOutcome, results_file_name, write_results
from .layouts import LAYOUTS

DEFAULT_ITCONT_ROWS = 30_000
MIN_ROWS = 1_000  # an explicit ``rows`` below this cannot hold the hand-built and network rows
# Beyond the default size, one extra row of each kind per this many itcont rows, so the committee and
# network answers have work at scale too (a 2M-row cycle: ~4,000 PAC gifts, ~2,000 earmarked pairs
# through the network's conduit, ~400 network gifts, ~1,000 of its 24/48-hour notices).
EXTRA_PER = {"pac_gift": 500, "net_earmark": 1_000, "net_gift": 5_000, "net_notice": 2_000}
CHUNK_EVENTS = 200_000
HEADLINE_RACE = "CA-34"

# Lines each file holds that the loader must reject, or load with a repair ("warned"):
# itcont: a missing field, an extra field, an amount with a letter O (rejected);
# an impossible date and a cp1252-encoded name (loaded, warned). oppexp: one blank line.
MALFORMED: dict[str, dict[str, int]] = {
    "itcont": {"rejected": 3, "warned": 2},
    "oppexp": {"rejected": 1, "warned": 0},
}

KINDS = ("cn", "cm", "ccl", "itcont", "itpas2", "itoth", "oppexp", "weball", "webl", "webk", "ie", "results_csv")


# -- the manifest -----------------------------------------------------------------------


@dataclass(frozen=True)
class FileExpectation:
    """What a loader should find in one generated file."""

    kind: str
    path: Path
    lines: int  # data lines (the IE CSV's header not counted)
    rejected: int  # lines that must be rejected
    warned: int  # lines loaded with a repair (a date kept as text, a cp1252 value)

    @property
    def loaded(self) -> int:
        return self.lines - self.rejected


@dataclass
class DemoManifest:
    cycle: int
    seed: int
    files: dict[str, FileExpectation]
    headline_race: str = HEADLINE_RACE
    super_pac_id: str = ""
    second_spender_id: str = ""
    conduit_ids: tuple[str, ...] = ()
    network_registry: Path | None = None  # the synthetic network's registry file (networks-demo.yaml)
    network_ids: tuple[str, ...] = ()
    candidate_ids: dict[str, list[str]] = field(default_factory=dict)  # "CA-34" -> [cand_id, ...]
    outcomes: dict[str, DemoOutcome] = field(default_factory=dict)  # "CA-34" -> the synthetic results' winner

    def expected(self, kind: str) -> FileExpectation:
        return self.files[kind]


class DemoCycle(list):
    """The generated paths (a ``list[Path]``), with the :class:`DemoManifest` as ``.manifest``."""

    manifest: DemoManifest


# -- name pools (invented or generic; no real candidate, committee or company) ------------

SURNAMES = """
SMITH JOHNSON WILLIAMS BROWN JONES GARCIA MILLER DAVIS RODRIGUEZ MARTINEZ HERNANDEZ LOPEZ GONZALEZ
WILSON ANDERSON THOMAS TAYLOR MOORE JACKSON MARTIN LEE PEREZ THOMPSON WHITE HARRIS SANCHEZ CLARK
RAMIREZ LEWIS ROBINSON WALKER YOUNG ALLEN KING WRIGHT SCOTT TORRES NGUYEN HILL FLORES GREEN ADAMS
NELSON BAKER HALL RIVERA CAMPBELL MITCHELL CARTER ROBERTS GOMEZ PHILLIPS EVANS TURNER DIAZ PARKER
CRUZ EDWARDS COLLINS REYES STEWART MORRIS MORALES MURPHY COOK ROGERS GUTIERREZ ORTIZ MORGAN COOPER
PETERSON BAILEY REED KELLY HOWARD RAMOS KIM COX WARD RICHARDSON WATSON BROOKS CHAVEZ WOOD JAMES
BENNETT GRAY MENDOZA RUIZ HUGHES PRICE ALVAREZ CASTILLO SANDERS PATEL MYERS LONG ROSS FOSTER JIMENEZ
POWELL JENKINS PERRY RUSSELL SULLIVAN BELL COLEMAN BUTLER HENDERSON BARNES GONZALES FISHER VASQUEZ
SIMMONS ROMERO JORDAN PATTERSON ALEXANDER HAMILTON GRAHAM REYNOLDS GRIFFIN WALLACE MORENO WEST COLE
HAYES BRYANT HERRERA GIBSON ELLIS TRAN MEDINA AGUILAR STEVENS MURRAY FORD CASTRO MARSHALL OWENS
HARRISON FERNANDEZ MCDONALD WOODS WASHINGTON KENNEDY WELLS VARGAS HENRY CHEN FREEMAN WEBB TUCKER
GUZMAN BURNS CRAWFORD OLSON SIMPSON PORTER HUNTER GORDON MENDEZ SILVA SHAW SNYDER MASON DIXON MUNOZ
HUNT HICKS HOLMES PALMER WAGNER BLACK ROBERTSON BOYD ROSE STONE SALAZAR FOX WARREN MILLS MEYER RICE
SCHMIDT GARZA DANIELS FERGUSON NICHOLS STEPHENS SOTO WEAVER RYAN GARDNER PAYNE GRANT DUNN KELLEY
SPENCER HAWKINS ARNOLD PIERCE VAZQUEZ HANSEN PETERS SANTOS HART BRADLEY KNIGHT ELLIOTT CUNNINGHAM
DUNCAN ARMSTRONG HUDSON CARROLL LANE RILEY ANDREWS ALVARADO RAY DELGADO BERRY PERKINS HOFFMAN
JOHNSTON MATTHEWS PENA RICHARDS CONTRERAS WILLIS CARPENTER LAWRENCE SANDOVAL GUERRERO GEORGE
CHAPMAN RIOS ESTRADA ORTEGA WATKINS GREENE NUNEZ WHEELER VALDEZ HARPER BURKE LARSON SANTIAGO
MALDONADO MORRISON FRANKLIN CARLSON AUSTIN DOMINGUEZ CARR LAWSON JACOBS OBRIEN LYNCH SINGH VEGA
BISHOP MONTGOMERY OLIVER JENSEN HARVEY WILLIAMSON GILBERT DEAN SIMS ESPINOZA HOWELL LI WONG REID
HANSON LE MCCOY GARRETT BURTON FULLER WANG WEBER WELCH ROJAS LUCAS MARQUEZ FIELDS PARK YANG
LITTLE BANKS PADILLA DAY WALSH BOWMAN SCHULTZ LUNA FOWLER MEJIA DAVIDSON ACOSTA BREWER MAY HOLLAND
JUAREZ NEWMAN PEARSON CURTIS CORTEZ DOUGLAS SCHNEIDER JOSEPH BARRETT NAVARRO FIGUEROA KELLER AVILA
WADE MOLINA STANLEY HOPKINS CAMPOS BARNETT BATES CHAMBERS CALDWELL BECK LAMBERT MIRANDA BYRD CRAIG
AYALA LOWE FRAZIER POWERS NEAL LEONARD GREGORY CARRILLO SUTTON FLEMING RHODES SHELTON SCHWARTZ
NORRIS JENNINGS WATTS DURAN WALTERS COHEN MCDANIEL MORAN PARKS STEELE VAUGHN BECKER HOLT DELEON
""".split()

FIRST_NAMES = """
JAMES MARY ROBERT PATRICIA JOHN JENNIFER MICHAEL LINDA DAVID ELIZABETH WILLIAM BARBARA RICHARD SUSAN
JOSEPH JESSICA THOMAS SARAH CHARLES KAREN CHRISTOPHER LISA DANIEL NANCY MATTHEW BETTY ANTHONY SANDRA
MARK MARGARET DONALD ASHLEY STEVEN KIMBERLY ANDREW EMILY PAUL DONNA JOSHUA MICHELLE KENNETH CAROL
KEVIN AMANDA BRIAN MELISSA GEORGE DEBORAH TIMOTHY STEPHANIE RONALD DOROTHY JASON REBECCA EDWARD
SHARON JEFFREY LAURA RYAN CYNTHIA JACOB AMY GARY KATHLEEN NICHOLAS ANGELA ERIC SHIRLEY JONATHAN
BRENDA STEPHEN EMMA LARRY ANNA JUSTIN PAMELA SCOTT NICOLE BRANDON SAMANTHA BENJAMIN KATHERINE SAMUEL
CHRISTINE GREGORY HELEN ALEXANDER DEBRA FRANK RACHEL PATRICK CAROLYN RAYMOND JANET JACK MARIA DENNIS
OLIVIA JERRY HEATHER TYLER DIANE AARON JULIE JOSE JOYCE ADAM VICTORIA NATHAN RUTH HENRY VIRGINIA
ZACHARY LAUREN DOUGLAS KELLY PETER CHRISTINA KYLE JOAN NOAH EVELYN ETHAN JUDITH JEREMY ANDREA
WALTER HANNAH CHRISTIAN MEGAN KEITH CHERYL ROGER JACQUELINE TERRY MARTHA AUSTIN GLORIA SEAN TERESA
GERALD ANN CARL SARA HAROLD MADISON DYLAN FRANCES ARTHUR KATHRYN LAWRENCE JANICE JORDAN JEAN JESSE
ALICE BRYAN ABIGAIL BILLY SOPHIA BRUCE JUDY GABRIEL GRACE JOE DENISE LOGAN AMBER ALBERT DORIS WILLIE
MARILYN ALAN DANIELLE EUGENE BEVERLY RUSSELL ISABELLA VINCENT THERESA PHILIP DIANA BOBBY NATALIE
JOHNNY BRITTANY BRADLEY CHARLOTTE ROY MARIE RALPH KAYLA LUIS ALEXIS CARLOS LORI WEI PRIYA HIROSHI
""".split()

MIDDLES = [""] * 9 + list("ABCDEFGHJKLMNPRSTW") + ["ANN", "MARIE", "LEE", "JR", "III"]

# state -> [(city, zip5)]; the race states first
CITIES: dict[str, list[tuple[str, str]]] = {
    "CA": [("SAN FRANCISCO", "94110"), ("OAKLAND", "94607"), ("LOS ANGELES", "90012"),
           ("LOS ANGELES", "90026"), ("PASADENA", "91101"), ("SAN DIEGO", "92101"),
           ("SACRAMENTO", "95814"), ("BERKELEY", "94704"), ("SANTA MONICA", "90401"),
           ("FRESNO", "93721"), ("LONG BEACH", "90802"), ("GLENDALE", "91205")],
    "NY": [("NEW YORK", "10001"), ("NEW YORK", "10014"), ("NEW YORK", "10025"), ("BROOKLYN", "11201"),
           ("BROOKLYN", "11215"), ("ALBANY", "12207"), ("BUFFALO", "14202"), ("YONKERS", "10701"),
           ("ROCHESTER", "14604"), ("NEW CITY", "10956")],
    "TX": [("HOUSTON", "77002"), ("HOUSTON", "77024"), ("AUSTIN", "78701"), ("DALLAS", "75201"),
           ("SAN ANTONIO", "78205"), ("EL PASO", "79901"), ("PLANO", "75024"), ("BELLAIRE", "77401"),
           ("SUGAR LAND", "77479")],
    "GA": [("ATLANTA", "30303"), ("ATLANTA", "30309"), ("DECATUR", "30030"), ("SAVANNAH", "31401"),
           ("MARIETTA", "30060"), ("ATHENS", "30601")],
    "FL": [("MIAMI", "33131"), ("TAMPA", "33602"), ("ORLANDO", "32801")],
    "IL": [("CHICAGO", "60601"), ("EVANSTON", "60201")],
    "MA": [("BOSTON", "02108"), ("CAMBRIDGE", "02138")],
    "WA": [("SEATTLE", "98101"), ("BELLEVUE", "98004")],
    "DC": [("WASHINGTON", "20001"), ("WASHINGTON", "20016")],
    "MD": [("BETHESDA", "20814"), ("BALTIMORE", "21201")],
    "VA": [("ARLINGTON", "22201"), ("ALEXANDRIA", "22314")],
    "CO": [("DENVER", "80202")],
    "AZ": [("PHOENIX", "85004"), ("SCOTTSDALE", "85251")],
    "PA": [("PHILADELPHIA", "19103"), ("PITTSBURGH", "15222")],
    "OH": [("COLUMBUS", "43215")],
    "NJ": [("NEWARK", "07102"), ("PRINCETON", "08540")],
    "NC": [("RALEIGH", "27601")],
}
STATES = list(CITIES)
STATE_WEIGHTS = {"CA": 18, "NY": 14, "TX": 12, "GA": 6, "FL": 6, "IL": 4, "MA": 4, "WA": 3, "DC": 3,
                 "MD": 3, "VA": 3, "CO": 2, "AZ": 2, "PA": 3, "OH": 2, "NJ": 3, "NC": 2}

PLACEHOLDER_EMPLOYERS = ["RETIRED", "NOT EMPLOYED", "SELF-EMPLOYED", "INFORMATION REQUESTED", "NONE",
                         "SELF"]
PLACEHOLDER_OCCUPATION = {"RETIRED": "RETIRED", "NOT EMPLOYED": "NOT EMPLOYED",
                          "INFORMATION REQUESTED": "INFORMATION REQUESTED", "NONE": "HOMEMAKER"}
EMPLOYERS = PLACEHOLDER_EMPLOYERS + """
BRIGHTLINE ANALYTICS LLC|CEDARWOOD LAW GROUP LLP|NORTHWIND AEROSPACE CORPORATION|PELICAN BAY HOSPITAL|
HALVERSON AND TRUE LLP|BLUE MESA SOFTWARE INC|GRANITE STATE UNIVERSITY|ORCHARD HILL SCHOOL DISTRICT|
QUARRYSTONE CAPITAL PARTNERS|SILVERLAKE MEDICAL GROUP|TIDEWATER LOGISTICS INC|LANTERN BIOSCIENCES|
COPPERFIELD ENGINEERING|MERIDIAN COUNTY|STATE OF CALIFORNIA|CITY OF HOUSTON|RIVERBEND CONSULTING|
ASHCROFT REALTY GROUP|BLUEBONNET ENERGY PARTNERS|WILLOWBROOK ELEMENTARY|KESTREL HOLDINGS LLC|
FOXGLOVE PHARMACEUTICALS|HARBORVIEW DENTAL|IRONWOOD CONSTRUCTION CO|STARLING MEDIA INC|
ALDER AND BIRCH ARCHITECTS|SUMMIT RIDGE BANK|OPEN FIELD FOUNDATION|MAPLEWOOD PEDIATRICS|
PRAIRIE GRAIN COOPERATIVE|UNITED TELEGRAPH AND CABLE WORKERS|CLEARWATER UTILITIES|
SANDPIPER HOTELS INC|BRAMBLE AND FINCH LLP|GOLDEN GATE TRANSIT AGENCY|LAKESHORE HEALTH SYSTEM
""".replace("\n", "").split("|")
OCCUPATIONS = """
ATTORNEY|PHYSICIAN|TEACHER|SOFTWARE ENGINEER|CONSULTANT|EXECUTIVE|NURSE|PROFESSOR|REAL ESTATE DEVELOPER|
ACCOUNTANT|ENGINEER|WRITER|ARCHITECT|SALES|MANAGER|CEO|PRESIDENT|DENTIST|FARMER|INVESTOR|PHARMACIST|
CONTRACTOR|ELECTRICIAN|ARTIST|PSYCHOLOGIST|BANKER|SOCIAL WORKER|LIBRARIAN|PRODUCT MANAGER|ANALYST|
FINANCIAL ADVISOR|PROGRAM DIRECTOR|RESEARCHER|PILOT|CHEF|OWNER|VETERINARIAN|EDUCATOR|ADMINISTRATOR
""".replace("\n", "").split("|")
CORP_OCCUPATIONS = ["MANAGER", "ENGINEER", "EXECUTIVE", "ANALYST", "SALES", "DIRECTOR", "VICE PRESIDENT",
                    "TECHNICIAN", "ACCOUNTANT", "ATTORNEY"]
ORG_DONORS = ["KESTREL HOLDINGS LLC", "QUARRYSTONE CAPITAL PARTNERS", "IRONWOOD CONSTRUCTION CO",
              "SEVEN OAKS FAMILY TRUST", "TIDEWATER LOGISTICS INC", "BLUE MESA SOFTWARE INC",
              "HARBOR LIGHT INVESTMENTS LP", "SANDPIPER HOTELS INC"]
STREETS = ["MAIN ST", "OAK AVE", "LARCH ST", "HARBOR BLVD", "MISSION ST", "ELM ST", "PARK AVE",
           "WILLOW WAY", "CEDAR LN", "BAYVIEW DR", "RIVER RD", "LAKE ST", "SUMMIT AVE", "MARKET ST"]

CATEGORIES = {
    "001": "Administrative/Salary/Overhead Expenses", "002": "Travel Expenses",
    "003": "Solicitation and Fundraising Expenses", "004": "Advertising Expenses",
    "005": "Polling Expenses", "006": "Campaign Materials", "007": "Campaign Event Expenses",
}
# (purpose, category, vendor names)
SPENDING = [
    ("PAYROLL", "001", ["GUSTAVO PAYROLL SERVICES INC", "LEDGERLY HR LLC"]),
    ("RENT", "001", ["ASHCROFT REALTY GROUP", "BAYSIDE OFFICE SUITES LLC"]),
    ("SOFTWARE SUBSCRIPTION", "001", ["CANVASSWARE INC", "LISTKEEPER DATA CO"]),
    ("BANK FEES", "001", ["SUMMIT RIDGE BANK"]),
    ("TRAVEL: AIRFARE", "002", ["SKYLARK AIRWAYS", "PACIFIC CREST AIR"]),
    ("LODGING", "002", ["SANDPIPER HOTELS INC", "THE HARBOR INN"]),
    ("FUNDRAISING CONSULTING", "003", ["TALLOW AND WICK STRATEGIES", "NORTHSTAR FINANCE GROUP LLC"]),
    ("ONLINE ADVERTISING", "004", ["BLUE HERON DIGITAL LLC", "PIXELFIELD MEDIA"]),
    ("TV PRODUCTION", "004", ["LANTERN CREEK PRODUCTIONS"]),
    ("POLLING", "005", ["QUILL AND COMPASS RESEARCH", "FAIRWEATHER OPINION LLC"]),
    ("PRINTING: YARD SIGNS", "006", ["IRONLEAF PRINTING CO"]),
    ("POSTAGE", "006", ["MERIDIAN MAIL HOUSE"]),
    ("EVENT CATERING", "007", ["HONEYCOMB CATERING", "FIG AND OLIVE EVENTS"]),
    ("CONSULTING: FIELD", "", ["DOORBELL FIELD PARTNERS"]),
    ("LEGAL SERVICES", "", ["BRAMBLE AND FINCH LLP"]),
]
IE_VENDORS = [("TV AD BUY", "LANTERN CREEK PRODUCTIONS"), ("DIGITAL ADVERTISING", "BLUE HERON DIGITAL LLC"),
              ("MAILER: PRINTING, POSTAGE", "MERIDIAN MAIL HOUSE"), ("CANVASSING", "DOORBELL FIELD PARTNERS"),
              ("RADIO AD", "PIXELFIELD MEDIA")]
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
PARTY_NAMES = {"DEM": "DEMOCRATIC PARTY", "REP": "REPUBLICAN PARTY", "GRE": "GREEN PARTY",
               "LIB": "LIBERTARIAN PARTY", "IND": "INDEPENDENT"}
PRIMARY_MONTH = {"CA": 3, "TX": 3, "GA": 5, "NY": 6, "US": 3}

# The races: (office, state, district, [(surname, first names, party, ici, weight)])
# The headline race is CA-34. The Texas Senate challenger ran for the House before (older id).
RACES = [
    ("H", "CA", "12", [
        ("HOLLOWAY-REESE", "DANA M", "DEM", "I", 3.0),
        ("KETTERMAN", "BRIGGS", "REP", "C", 0.8),
        ("SOLANO-FEI", "MARISOL", "GRE", "C", 0.5),
    ]),
    ("H", "CA", "34", [
        ("OKAFOR-LINDQVIST", "MIRIAM", "DEM", "I", 5.0),
        ("TREVANION", "CALEB J", "DEM", "C", 4.0),
        ("ASHGROVE", "DELIA", "REP", "C", 1.0),
        ("VOSSBERG", 'HAL "BUD"', "IND", "C", 0.2),
    ]),
    ("H", "NY", "10", [
        ("PEMBERTON-QUAID", "ELEANOR", "DEM", "O", 4.0),
        ("MARLOWE-KENT", "JASPER", "DEM", "O", 2.5),
        ("CASTELLANE-BRIGHT", "VINCENT R", "REP", "O", 0.8),
    ]),
    ("H", "NY", "17", [
        ("BRIGHTBILL", "CONRAD", "REP", "I", 3.0),
        ("FENWRIGHT", "ADAEZE", "DEM", "C", 3.0),
        ("DUNMORE-VESEY", "PAUL", "DEM", "C", 0.7),
    ]),
    ("H", "TX", "07", [
        ("RAVENSDALE", "LUCINDA", "REP", "I", 2.5),
        ("QUENNEVILLE-PARK", "THEO", "DEM", "C", 2.0),
        ("KILBRIDE-OCAMPO", "RUTH", "LIB", "C", 0.2),
    ]),
    ("H", "GA", "05", [
        ("CALLOWAY-BIRCH", "NATHANIEL", "DEM", "I", 3.0),
        ("WEXLEY-STROUD", "GRETCHEN", "REP", "C", 0.6),
    ]),
    ("S", "TX", "00", [
        ("MIRABEAU", "HOLLIS", "REP", "I", 6.0),
        ("TINDALL-MOREAU", "SOPHIA", "DEM", "C", 5.0),
        ("OYELARAN-HALE", "DEREK", "LIB", "C", 0.3),
    ]),
    ("P", "US", "00", [
        ("LARKSPUR", "ZEBEDIAH Q", "IND", "C", 0.15),
    ]),
]


# -- small helpers ----------------------------------------------------------------------


def _money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    cents = abs(int(cents))
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def _mmddyyyy(d: date) -> str:
    return f"{d.month:02d}{d.day:02d}{d.year:04d}"


def _slash(d: date) -> str:
    return f"{d.month:02d}/{d.day:02d}/{d.year:04d}"


def _dmy(d: date) -> str:
    return f"{d.day:02d}-{MONTHS[d.month - 1]}-{d.year % 100:02d}"


def _general_day(year: int) -> date:
    """Election day: the Tuesday after the first Monday in November."""
    d = date(year, 11, 2)
    while d.weekday() != 1:
        d += timedelta(days=1)
    return d


def _first_tuesday(year: int, month: int) -> date:
    d = date(year, month, 2)
    while d.weekday() != 1:
        d += timedelta(days=1)
    return d


def _line(fields: list) -> str:
    return "|".join("" if f is None else str(f) for f in fields) + "\n"


@dataclass
class _Cmte:
    f: int  # index
    id: str
    name: str
    tp: str
    dsgn: str
    party: str
    freq: str  # Q / M / T
    kind: str  # cand pac lead party conduit super spender jfc
    state: str
    city: str
    zip: str
    street: str
    treasurer: str
    org_tp: str = ""
    connected: str = ""
    cand_id: str = ""
    weight: float = 0.0  # share of bulk itcont receipts
    conduit: int = -1  # conduit committee used by its donors
    earmark_p: float = 0.0
    primary: date | None = None
    schedule: int = 0
    terminated: date | None = None
    bop: int = 0  # cash on hand at the start of the cycle, cents
    lean: str = ""  # PACs: whom they give to (DEM, REP, both)
    sponsor: _Cand | None = None  # leadership PACs
    participants: list = field(default_factory=list)  # JFCs


@dataclass
class _Cand:
    id: str
    name: str
    party: str
    office: str
    state: str
    district: str
    ici: str
    race: str
    pcc: _Cmte | None = None
    auth: list = field(default_factory=list)
    old_id: str = ""
    loans: int = 0  # cents


_Period = tuple[date, date, str, date]  # first day, last day, RPT_TP, due date


class _World:
    """The hand-built structure of a cycle: candidates, committees, report calendars."""

    def __init__(self, cycle: int, seed: int):
        if cycle % 2 or not 2004 <= cycle <= 2098:
            raise ValueError(f"{cycle} is not an election cycle the demo can build (an even year, 2004-2098)")
        self.cycle, self.seed = cycle, seed
        self.rnd = random.Random(seed)
        self.yy = f"{cycle % 100:02d}"
        self.start = date(cycle - 1, 1, 1)
        self.end = date(cycle, 12, 31)
        self.n_days = (self.end - self.start).days + 1
        self.general = _general_day(cycle)
        self.cmtes: list[_Cmte] = []
        self.cands: list[_Cand] = []
        self._build()
        self._calendars()

    # -- people and places ----------------------------------------------------------------

    def person(self, state: str | None = None) -> tuple[str, str, str, str, str, str]:
        r = self.rnd
        st = state or r.choices(STATES, weights=[STATE_WEIGHTS[s] for s in STATES])[0]
        city, z = r.choice(CITIES[st])
        mid = r.choice(MIDDLES)
        name = f"{r.choice(SURNAMES)}, {r.choice(FIRST_NAMES)}" + (f" {mid}" if mid else "")
        if r.random() < 0.5:
            z += f"{r.randrange(10000):04d}"
        emp = r.choice(EMPLOYERS)
        occ = PLACEHOLDER_OCCUPATION.get(emp) or r.choice(OCCUPATIONS)
        return name, city, st, z, emp, occ

    def address(self, state: str) -> tuple[str, str, str]:
        city, z = self.rnd.choice(CITIES[state])
        return f"{self.rnd.randrange(100, 9900)} {self.rnd.choice(STREETS)}", city, z

    def day(self, d: date) -> int:
        return (d - self.start).days

    def date_of(self, day: int) -> date:
        return self.start + timedelta(days=int(day))

    # -- committees and candidates ---------------------------------------------------------

    def _cmte(self, name, tp, dsgn, party, freq, kind, state, **kw) -> _Cmte:
        street, city, z = self.address(state)
        c = _Cmte(
            f=len(self.cmtes), id=f"C8{self.yy}{len(self.cmtes) + 1:05d}", name=name, tp=tp, dsgn=dsgn,
            party=party, freq=freq, kind=kind, state=state, city=city, zip=z, street=street,
            treasurer=self.person(state)[0], **kw,
        )
        self.cmtes.append(c)
        return c

    def _build(self) -> None:
        r, cy = self.rnd, self.cycle
        d = cy % 10
        serial: dict[str, int] = defaultdict(int)

        def cand_id(office: str, state: str, digit: int) -> str:
            if office == "P":
                serial["P"] += 1
                return f"P9{digit}0{90000 + serial['P']:05d}"
            serial[state] += 1
            return f"{office}{digit}{state}{90000 + serial[state]:05d}"

        # conduits first: candidates' donors route through them
        self.actfund = self._cmte("ACTFUND", "V", "U", "", "M", "conduit", "MA", org_tp="")
        self.rallypoint = self._cmte("RALLYPOINT", "W", "U", "", "M", "conduit", "VA", org_tp="")
        self.conduits = [self.actfund, self.rallypoint]
        conduit_of = {"DEM": self.actfund.f, "REP": self.rallypoint.f}
        earmark_p = {"DEM": 0.55, "REP": 0.4}

        for office, st, dist, people in RACES:
            race = "PRES" if office == "P" else f"{st}-{dist}" if office == "H" else f"{st}-SEN"
            primary = _first_tuesday(cy, PRIMARY_MONTH[st])
            for surname, first, party, ici, weight in people:
                cand = _Cand(
                    id=cand_id(office, st, d), name=f"{surname}, {first}", party=party, office=office,
                    state=st, district=dist, ici=ici, race=race,
                )
                short = surname.title()
                label = {"H": "FOR CONGRESS", "S": "FOR SENATE", "P": "FOR PRESIDENT"}[office]
                name = f"{surname} {label}"
                if r.random() >= 0.6:
                    name = f"FRIENDS OF {first.split()[0]} {surname}"
                if surname == "VOSSBERG":
                    name = 'COMMITTEE TO ELECT HAL "BUD" VOSSBERG'  # a literal quote, as real cm rows have
                home = "DC" if office == "P" else st
                cand.pcc = self._cmte(
                    name.upper(), office, "P", party, "Q", "cand", home, cand_id=cand.id, weight=weight,
                    conduit=conduit_of.get(party, -1), earmark_p=earmark_p.get(party, 0.0), primary=primary,
                    bop=(r.randrange(150_000, 900_000) * 100 if ici == "I" else r.randrange(0, 20_000) * 100),
                )
                if surname == "SOLANO-FEI":  # drops out after the primary: a termination report
                    cand.pcc.freq = "T"
                    cand.pcc.terminated = primary + timedelta(days=100)
                if surname in ("OKAFOR-LINDQVIST", "MIRABEAU"):
                    a = self._cmte(
                        f"{short.upper()} FOR TEXAS" if office == "S" else f"{surname} GRASSROOTS COMMITTEE",
                        office, "A", party, "Q", "cand", st, cand_id=cand.id, weight=weight * 0.08,
                        primary=primary,
                    )
                    cand.auth.append(a)
                if surname == "TINDALL-MOREAU":
                    cand.old_id = f"H{(cy - 4) % 10}{st}{90000 + 50 + serial[st]:05d}"
                    self.old_cmte = self._cmte(
                        "TINDALL-MOREAU FOR CONGRESS", "H", "P", party, "T", "old", st, cand_id=cand.old_id,
                        primary=primary,
                    )
                if surname == "TREVANION":
                    cand.loans = 150_000_00
                self.cands.append(cand)

        by_name = {c.name.split(",")[0]: c for c in self.cands}
        self.by_surname = by_name
        self.headline = [c for c in self.cands if c.race == HEADLINE_RACE]

        # PACs: corporate, trade, labor, membership, cooperative (cmte_tp, dsgn, org_tp, connected org)
        pac_specs = [
            ("NORTHWIND AEROSPACE CORPORATION PAC", "Q", "B", "C", "NORTHWIND AEROSPACE CORPORATION", "WA",
             "both"),
            ("ALLIED WIDGET MANUFACTURERS ASSOCIATION PAC", "Q", "B", "T",
             "ALLIED WIDGET MANUFACTURERS ASSOCIATION", "VA", "both"),
            ("COASTAL DENTAL SOCIETY PAC", "Q", "U", "M", "COASTAL DENTAL SOCIETY", "CA", "both"),
            ("UNITED TELEGRAPH AND CABLE WORKERS POLITICAL FUND", "Q", "B", "L",
             "UNITED TELEGRAPH AND CABLE WORKERS", "DC", "DEM"),
            ("PRAIRIE GRAIN COOPERATIVE PAC", "N", "U", "V", "PRAIRIE GRAIN COOPERATIVE", "OH", "REP"),
            ("BLUEBONNET ENERGY PARTNERS PAC", "Q", "B", "C", "BLUEBONNET ENERGY PARTNERS", "TX", "REP"),
        ]
        self.pacs = []
        for name, tp, dsgn, org, conn, st, lean in pac_specs:
            c = self._cmte(name, tp, dsgn, "", "M" if tp == "Q" else "Q", "pac", st, org_tp=org,
                           connected=conn, weight=0.5, bop=r.randrange(50_000, 600_000) * 100)
            c.lean = lean
            self.pacs.append(c)
        self.leadership = [
            self._cmte("LONE STAR LANTERN PAC", "Q", "D", "", "Q", "lead", "TX", weight=0.25,
                       bop=r.randrange(20_000, 200_000) * 100),
            self._cmte("PEACHTREE FORWARD PAC", "N", "D", "", "Q", "lead", "GA", weight=0.2,
                       bop=r.randrange(20_000, 200_000) * 100),
        ]
        self.leadership[0].sponsor, self.leadership[0].lean = by_name["RAVENSDALE"], "REP"
        self.leadership[1].sponsor, self.leadership[1].lean = by_name["CALLOWAY-BIRCH"], "DEM"
        self.parties = {
            "DEM": self._cmte("DEMOCRATIC HOUSE CAMPAIGN TRUST", "Y", "U", "DEM", "M", "party", "DC",
                              weight=1.2, bop=r.randrange(1_000_000, 5_000_000) * 100),
            "REP": self._cmte("REPUBLICAN CONGRESSIONAL FORWARD COMMITTEE", "Y", "U", "REP", "M", "party",
                              "DC", weight=1.0, bop=r.randrange(1_000_000, 5_000_000) * 100),
        }
        self.county_party = self._cmte("SAN ALDERO COUNTY DEMOCRATIC COMMITTEE", "X", "U", "DEM", "Q",
                                       "party", "CA", weight=0.1, bop=r.randrange(5_000, 60_000) * 100)
        self.super_pac = self._cmte("COASTAL FUTURE ALLIANCE", "O", "U", "", "Q", "super", "CA", weight=0.2,
                                    bop=r.randrange(100_000, 400_000) * 100)
        self.spender = self._cmte("HARBOR NEIGHBORS ACTION FUND", "N", "U", "", "Q", "spender", "CA",
                                  weight=0.15, bop=r.randrange(50_000, 300_000) * 100)
        pq = by_name["PEMBERTON-QUAID"]
        self.jfc = self._cmte("PEMBERTON-QUAID VICTORY FUND", "N", "J", "", "Q", "jfc", "NY")
        self.jfc.participants = [pq.pcc, self.parties["DEM"]]
        self.jfc_cand = pq
        for c in self.cmtes:
            if c.primary is None:
                c.primary = _first_tuesday(cy, 3)

    # -- report calendars -------------------------------------------------------------------

    def _periods(self, freq: str, primary: date, terminated: date | None) -> list[_Period]:
        cy, g = self.cycle, self.general
        out: list[_Period] = []
        for y in (cy - 1, cy):
            if freq == "M":
                last_month = 11 if y < cy else 9
                for m in range(1, last_month + 1):
                    end = date(y, m + 1, 1) - timedelta(days=1)
                    out.append((date(y, m, 1), end, f"M{m + 1}", date(y, m + 1, 20)))
            else:
                quarters = 4 if y < cy else 3
                for q in range(quarters):
                    s = date(y, 3 * q + 1, 1)
                    e = (date(y, 3 * q + 4, 1) if q < 3 else date(y + 1, 1, 1)) - timedelta(days=1)
                    code = "YE" if q == 3 else f"Q{q + 1}"
                    due = date(y + 1, 1, 31) if q == 3 else date(y, 3 * q + 4, 15)
                    out.append((s, e, code, due))
            if y < cy:
                if freq == "M":
                    out.append((date(y, 12, 1), date(y, 12, 31), "YE", date(y + 1, 1, 31)))
            else:
                out.append((date(y, 10, 1), g - timedelta(days=20), "12G", g - timedelta(days=12)))
                out.append((g - timedelta(days=19), g + timedelta(days=20), "30G", g + timedelta(days=30)))
                out.append((g + timedelta(days=21), date(y, 12, 31), "YE", date(y + 1, 1, 31)))
        if freq != "M":  # the pre-primary report splits the quarter it falls in
            close = primary - timedelta(days=20)
            for i, (s, e, code, due) in enumerate(out):
                if s <= close < e and s.year == cy:
                    out[i: i + 1] = [(s, close, "12P", primary - timedelta(days=12)),
                                     (close + timedelta(days=1), e, code, due)]
                    break
        if terminated:
            for i, (s, e, _code, _due) in enumerate(out):
                if s <= terminated <= e:
                    out = out[:i] + [(s, terminated, "TER", terminated + timedelta(days=10))]
                    break
        return out

    def _calendars(self) -> None:
        """Per committee: day -> report; per (committee, report): amendment, file number, image base."""
        r = self.rnd
        keys: dict[tuple, int] = {}
        self.periods: list[list[_Period]] = []
        for c in self.cmtes:
            key = (c.freq if c.freq != "T" else "Q", c.primary, c.terminated)
            if key not in keys:
                keys[key] = len(self.periods)
                self.periods.append(self._periods(key[0], c.primary, c.terminated))
            c.schedule = keys[key]
        self.reports: list[tuple[int, str, date]] = []  # global id -> (schedule, code, due)
        table = np.zeros((len(self.periods), self.n_days), dtype=np.int32)
        for s, periods in enumerate(self.periods):
            for start, end, code, due in periods:
                g = len(self.reports)
                self.reports.append((s, code, due))
                a, b = max(self.day(start), 0), min(self.day(end), self.n_days - 1)
                table[s, a: b + 1] = g
            last_end = self.day(periods[-1][1])
            if last_end < self.n_days - 1:  # after a termination: the final report
                table[s, last_end + 1:] = table[s, last_end]
        self.day_to_report = table
        n_f, n_g = len(self.cmtes), len(self.reports)
        fn_base = 1_000_000 + (self.cycle - 2000) * 31_000
        self.file_num = np.zeros((n_f, n_g), dtype=np.int64)
        self.amndt = np.zeros((n_f, n_g), dtype=np.int8)  # 0 N, 1 A, 2 T
        self.image_base = np.zeros((n_f, n_g), dtype=np.int64)
        for c in self.cmtes:
            ss = 90 + r.randrange(2, 10)
            for g, (s, code, due) in enumerate(self.reports):
                if s != c.schedule:
                    continue
                filed = due - timedelta(days=r.randrange(0, 6))
                if code == "TER":
                    self.amndt[c.f, g] = 2
                elif r.random() < 0.03:
                    self.amndt[c.f, g] = 1
                    filed = due + timedelta(days=r.randrange(20, 150))
                self.file_num[c.f, g] = fn_base + (filed - self.start).days * 211 + c.f
                ymd = filed.year * 10_000 + filed.month * 100 + filed.day
                self.image_base[c.f, g] = ymd * 10**10 + ss * 10**8 + r.randrange(1, 9) * 10**7
        self.amndt_codes = np.array(["N", "A", "T"])

    def report(self, c: _Cmte, d: date) -> tuple[str, str, int, int]:
        """(RPT_TP, AMNDT_IND, FILE_NUM, IMAGE_NUM base) of the report that carries a row dated d."""
        g = int(self.day_to_report[c.schedule, min(max(self.day(d), 0), self.n_days - 1)])
        return (self.reports[g][1], str(self.amndt_codes[self.amndt[c.f, g]]), int(self.file_num[c.f, g]),
                int(self.image_base[c.f, g]))

    def pgi(self, c: _Cmte, d: date) -> str:
        return f"{'P' if d <= c.primary else 'G'}{self.cycle}"

    def sub_id(self, file_no: int, seq: int) -> int:
        return 4 * 10**18 + (self.cycle % 100) * 10**16 + file_no * 10**15 + seq


# -- itcont: the bulk, column-wise ------------------------------------------------------------


@dataclass
class _ItcontStats:
    rows: int = 0
    itemized: np.ndarray | None = None  # per committee, whole dollars: 15/15E/10 rows (memo included)
    refunds: np.ndarray | None = None  # 22Y, as positive dollars
    conduit_only: np.ndarray | None = None  # earmarked gifts the recipient did not itemize
    passthrough: np.ndarray | None = None  # per conduit: 24T rows
    special: list = field(default_factory=list)  # hand-built rows: (kind, committee f, dollars)


class _Bulk:
    """Vectorized itcont rows: one numpy draw per column per chunk, joined by pyarrow."""

    AMOUNTS = [
        # candidate, direct (15)
        ([50, 100, 200, 250, 300, 500, 1000, 1500, 2000, 2500, 3300, 6600],
         [4, 10, 6, 14, 4, 16, 14, 4, 6, 5, 12, 1]),
        # candidate, earmarked (15E / 24T)
        ([5, 10, 15, 19, 20, 25, 27, 35, 50, 75, 100, 150, 250, 500, 1000, 2800],
         [6, 12, 5, 3, 8, 14, 3, 4, 12, 3, 10, 3, 6, 4, 3, 1]),
        # employees to their company PAC, members to their association
        ([10, 20, 25, 41, 50, 83, 100, 125, 208, 250, 500, 1000, 5000],
         [4, 8, 10, 6, 12, 6, 12, 5, 8, 8, 6, 4, 1]),
        # party and leadership PACs
        ([100, 250, 500, 1000, 2500, 5000, 10000, 25000, 41300],
         [10, 15, 20, 20, 12, 10, 6, 3, 1]),
        # super PAC and the second spender (type 10)
        ([1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000],
         [14, 14, 18, 16, 12, 10, 8, 5, 2, 1]),
    ]
    TYPES = ["15", "15E", "24T", "22Y", "10"]
    PREFIXES = ["SA11AI.", "SA11AI_", "AFE", "RPX", "SB28A."]

    def __init__(self, world: _World, donors: int, rng: np.random.Generator):
        self.w, self.rng = world, rng
        cm = world.cmtes
        n_c = len(cm)
        self.n_c = n_c
        self.cmte_ids = pa.array([c.id for c in cm] + [""])
        self.earmark_memo = pa.array([f"EARMARKED FOR {c.name} ({c.id})" for c in cm] + [""])
        self.state_idx = {s: i for i, s in enumerate(STATES)}
        # recipients of individual money in the bulk
        rec = [c for c in cm if c.weight > 0 and c.kind not in ("conduit", "jfc", "old")]
        self.r_f = np.array([c.f for c in rec])
        w = np.array([c.weight for c in rec])
        self.r_p = w / w.sum()
        kind_code = {"cand": 0, "pac": 2, "lead": 3, "party": 3, "super": 4, "spender": 4}
        self.r_cat = np.array([kind_code[c.kind] for c in rec])
        self.r_state = np.array([self.state_idx[c.state] for c in rec])
        self.r_conduit = np.array([c.conduit for c in rec])
        self.r_earmark = np.array([c.earmark_p for c in rec])
        self.employer_pool = pa.array(EMPLOYERS + [c.connected for c in cm if c.connected] + [""])
        self.n_emp = len(EMPLOYERS)
        conn = {c.f: i for i, c in enumerate([c for c in cm if c.connected])}
        self.r_employer = np.array([self.n_emp + conn[c.f] if c.f in conn else -1 for c in rec])
        self.r_primary = np.array([world.day(c.primary) for c in rec])
        self.term_f = [c.f for c in cm if c.terminated]
        self.term_day = {c.f: world.day(c.terminated) for c in cm if c.terminated}
        # tran id prefix per filer
        pref = []
        for c in cm:
            kind = 2 if c is world.actfund else 3 if c is world.rallypoint else 0 if c.kind == "cand" else 1
            pref.append(kind)
        self.prefix_of = np.array(pref)
        self.sched_of = np.array([c.schedule for c in cm])
        self.prefix_pool = pa.array(self.PREFIXES)
        # amounts
        width = max(len(a) for a, _ in self.AMOUNTS)
        self.amt_tbl = np.zeros((len(self.AMOUNTS), width), dtype=np.int64)
        self.cum_tbl = np.full((len(self.AMOUNTS), width), 2.0)
        for k, (amounts, weights) in enumerate(self.AMOUNTS):
            p = np.cumsum(weights) / sum(weights)
            self.amt_tbl[k, : len(amounts)] = amounts
            self.cum_tbl[k, : len(amounts)] = p
            self.cum_tbl[k, len(amounts) - 1] = 1.0
        # dates, report codes
        self.dates = pa.array([_mmddyyyy(world.date_of(i)) for i in range(world.n_days)])
        self.rpt_pool = pa.array([code for _s, code, _d in world.reports])
        self.pgi_pool = pa.array([f"P{world.cycle}", f"G{world.cycle}", "P", ""])
        self.memo_pool = pa.array(
            ["", "* EARMARKED CONTRIBUTION: SEE BELOW", "REFUND", "* PARTNERSHIP ATTRIBUTION"]
        )
        self.amndt_pool = pa.array(["N", "A", "T"])
        self.type_pool = pa.array(self.TYPES)
        self.entity_pool = pa.array(["IND", "ORG"])
        self.memo_cd_pool = pa.array(["", "X"])
        self.org_pool = pa.array(ORG_DONORS)
        self._donors(donors)

    def _donors(self, n: int) -> None:
        rng = self.rng
        p = np.array([STATE_WEIGHTS[s] for s in STATES], dtype=float)
        counts = rng.multinomial(n, p / p.sum())
        counts = np.maximum(counts, 1)
        self.d_start = np.concatenate([[0], np.cumsum(counts)[:-1]])
        self.d_count = counts
        n = int(counts.sum())
        st = np.repeat(np.arange(len(STATES)), counts)
        cities, c_start, c_count = [], [], []
        for s in STATES:
            c_start.append(len(cities))
            c_count.append(len(CITIES[s]))
            cities.extend(CITIES[s])
        self.city_pool = pa.array([c for c, _z in cities])
        self.zip_pool = pa.array([z for _c, z in cities])
        self.state_pool = pa.array([STATES[i] for i, (s, cs) in enumerate(CITIES.items()) for _ in cs])
        c_start, c_count = np.array(c_start), np.array(c_count)
        self.d_city = (c_start[st] + (rng.random(n) * c_count[st]).astype(np.int64)).astype(np.int32)
        self.sur_pool = pa.array(SURNAMES)
        fm = [f"{f} {m}" if m else f for f in FIRST_NAMES for m in MIDDLES]
        self.fm_pool = pa.array(fm)
        self.d_sur = rng.integers(0, len(SURNAMES), n, dtype=np.int32)
        self.d_fm = rng.integers(0, len(fm), n, dtype=np.int32)
        self.d_zip4 = np.where(rng.random(n) < 0.55, rng.integers(0, 10000, n), -1).astype(np.int32)
        emp_w = np.array([14, 6, 7, 4, 2, 1] + [1.2] * (len(EMPLOYERS) - len(PLACEHOLDER_EMPLOYERS)))
        self.d_emp = rng.choice(len(EMPLOYERS), n, p=emp_w / emp_w.sum()).astype(np.int32)
        occ_pool = OCCUPATIONS + ["RETIRED", "NOT EMPLOYED", "INFORMATION REQUESTED", "HOMEMAKER"]
        occ_pool += CORP_OCCUPATIONS
        self.occ_pool = pa.array(occ_pool + [""])
        placeholder_occ = np.full(len(EMPLOYERS), -1)
        for i, e in enumerate(EMPLOYERS):
            if e in PLACEHOLDER_OCCUPATION:
                placeholder_occ[i] = occ_pool.index(PLACEHOLDER_OCCUPATION[e])
        occ = rng.integers(0, len(OCCUPATIONS), n)
        fixed = placeholder_occ[self.d_emp]
        self.d_occ = np.where(fixed >= 0, fixed, occ).astype(np.int32)
        self.corp_occ0 = len(OCCUPATIONS) + 4
        self.n_occ = len(occ_pool)

    def chunk(self, n_events: int, seq0: int, rows_left: int) -> tuple[pa.Array, dict]:
        """Rows for n_events gifts (at most rows_left rows) as one string array of lines."""
        rng, w = self.rng, self.w
        E = n_events
        r = rng.choice(len(self.r_f), E, p=self.r_p)
        cmte = self.r_f[r]
        cat = self.r_cat[r]
        day = (w.n_days * rng.random(E) ** 0.55).astype(np.int64)
        for f in self.term_f:
            day = np.where(cmte == f, day * (self.term_day[f] + 1) // w.n_days, day)
        # donors: in the recipient's state or anywhere; low ranks give again and again
        instate = rng.random(E) < 0.62
        any_state = rng.choice(len(STATES), E, p=self.d_count / self.d_count.sum())
        ds = np.where(instate, self.r_state[r], any_state)
        donor = self.d_start[ds] + (self.d_count[ds] * rng.random(E) ** 2.5).astype(np.int64)
        em = (self.r_conduit[r] >= 0) & (rng.random(E) < self.r_earmark[r])
        acat = np.where(em, 1, cat)
        amt = self.amt_tbl[acat, (rng.random(E)[:, None] >= self.cum_tbl[acat]).sum(axis=1)]
        u = rng.random(E)
        refund = (cat <= 3) & ~em & (u < 0.006)
        memo_x = (cat == 0) & ~em & (u > 0.988)
        org = (cat == 4) & (rng.random(E) < 0.3)
        rec_row = ~em | (amt > 200) | (rng.random(E) < 0.3)
        lag = rng.integers(0, 8, E)

        ev = np.concatenate([np.flatnonzero(rec_row), np.flatnonzero(em)])
        side = np.concatenate([np.zeros(int(rec_row.sum()), np.int8), np.ones(int(em.sum()), np.int8)])
        if len(ev) > rows_left:
            ev, side = ev[:rows_left], side[:rows_left]
        n = len(ev)
        conduit_side = side == 1
        r_ev, em_ev = r[ev], em[ev]
        filer = np.where(conduit_side, self.r_conduit[r_ev], cmte[ev])
        other = np.where(conduit_side, cmte[ev], np.where(em_ev, self.r_conduit[r_ev], self.n_c))
        rday = np.where(em_ev & ~conduit_side, np.minimum(day[ev] + lag[ev], w.n_days - 1), day[ev])
        rf = refund[ev]
        ttype = np.select([conduit_side, em_ev, rf, cat[ev] == 4], [2, 1, 3, 4], 0)  # index into TYPES
        amount = np.where(rf & ~conduit_side, -amt[ev], amt[ev])
        memo_cd = (memo_x[ev] & ~conduit_side).astype(np.int8)
        memo_txt = np.select([conduit_side, em_ev, rf, memo_cd == 1], [0, 1, 2, 3], 0)  # conduit: see below
        is_org = org[ev]
        don = donor[ev]

        g = w.day_to_report[self.sched_of[filer], rday]
        seq = np.arange(seq0, seq0 + n, dtype=np.int64)
        take = pc.take

        surname, first = take(self.sur_pool, self.d_sur[don]), take(self.fm_pool, self.d_fm[don])
        name = pc.binary_join_element_wise(surname, first, ", ")
        name = pc.if_else(pa.array(is_org), take(self.org_pool, don % len(ORG_DONORS)), name)
        city_i = self.d_city[don]
        zip5 = take(self.zip_pool, city_i)
        z4 = self.d_zip4[don]
        plus4 = pc.utf8_lpad(pc.cast(pa.array(np.maximum(z4, 0)), pa.string()), 4, "0")
        zip9 = pc.binary_join_element_wise(zip5, plus4, "")
        zipc = pc.if_else(pa.array(z4 >= 0), zip9, zip5)
        emp = np.where(self.r_employer[r_ev] >= 0, self.r_employer[r_ev], self.d_emp[don])
        emp = np.where(is_org, len(self.employer_pool) - 1, emp)
        corp = self.r_employer[r_ev] >= 0
        occ = np.where(corp, self.corp_occ0 + don % len(CORP_OCCUPATIONS), self.d_occ[don])
        occ = np.where(is_org, self.n_occ, occ)
        pgi = np.where(rday <= self.r_primary[r_ev], 0, 1)
        pgi = np.where((seq % 97) == 0, 2, pgi)
        pgi = np.where(cat[ev] >= 2, np.where((seq % 5) == 0, 3, pgi), pgi)
        earmark_text = take(self.earmark_memo, cmte[ev])
        memo_text = pc.if_else(pa.array(conduit_side), earmark_text, take(self.memo_pool, memo_txt))
        prefix = np.where(ttype == 3, 4, self.prefix_of[filer])

        cols = [
            take(self.cmte_ids, filer),
            take(self.amndt_pool, w.amndt[filer, g]),
            take(self.rpt_pool, g),
            take(self.pgi_pool, pgi),
            pc.cast(pa.array(w.image_base[filer, g] + seq % 9_000_000), pa.string()),
            take(self.type_pool, ttype),
            take(self.entity_pool, is_org.astype(np.int8)),
            name,
            take(self.city_pool, city_i),
            take(self.state_pool, city_i),
            zipc,
            take(self.employer_pool, emp),
            take(self.occ_pool, occ),
            take(self.dates, rday),
            pc.cast(pa.array(amount), pa.string()),
            take(self.cmte_ids, other),
            pc.binary_join_element_wise(take(self.prefix_pool, prefix), pc.cast(pa.array(seq), pa.string()),
                                        ""),
            pc.cast(pa.array(w.file_num[filer, g]), pa.string()),
            take(self.memo_cd_pool, memo_cd),
            memo_text,
            pc.cast(pa.array(w.sub_id(1, 0) + seq), pa.string()),
        ]
        lines = pc.binary_join_element_wise(pc.binary_join_element_wise(*cols, "|"), "", "\n")

        rec_side = ~conduit_side
        n_c = self.n_c
        amount_f = amount.astype(np.float64)
        stats = {
            "rows": n,
            "itemized": np.bincount(filer[rec_side & (ttype != 3)], amount_f[rec_side & (ttype != 3)], n_c),
            "refunds": np.bincount(filer[ttype == 3], -amount_f[ttype == 3], n_c),
            "conduit_only": np.bincount(cmte[ev][conduit_side & ~rec_row[ev]],
                                        amount_f[conduit_side & ~rec_row[ev]], n_c),
            "passthrough": np.bincount(filer[conduit_side], amount_f[conduit_side], n_c),
        }
        return lines, stats


def _buffer(lines: pa.Array, start: int = 0, stop: int | None = None) -> memoryview:
    """The bytes of lines[start:stop] (a string array without nulls is one contiguous buffer)."""
    stop = len(lines) if stop is None else stop
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32, count=len(lines) + 1 + lines.offset)
    offsets = offsets[lines.offset:]
    return memoryview(lines.buffers()[2])[offsets[start]: offsets[stop]]


def _special_itcont(world: _World, seq0: int) -> tuple[list[bytes], list]:
    """Hand-built itcont rows: JFC gifts, candidates' own money, and the malformed lines."""
    r = world.rnd
    out: list[bytes] = []
    special = []  # (what, committee f, dollars, extra)
    seq = seq0

    def row(c: _Cmte, d: date, tp, name, city, st, z, emp, occ, amt, other="", memo_cd="", memo="",
            entity="IND"):
        nonlocal seq
        rpt, am, fn, img = world.report(c, d)
        seq += 1
        return [c.id, am, rpt, world.pgi(c, d), img + seq % 1000, tp, entity, name, city, st, z, emp, occ,
                _mmddyyyy(d), amt, other, f"SA11AI.{seq}", fn, memo_cd, memo, world.sub_id(1, seq)]

    jfc = world.jfc
    lo, hi = world.day(date(world.cycle - 1, 3, 1)), world.day(world.general) - 30
    for _ in range(40):
        name, city, st, z, emp, occ = world.person("NY" if r.random() < 0.6 else None)
        d = world.date_of(r.randrange(lo, hi))
        amt = r.choice([5000, 6600, 10000, 15000, 25000, 50000])
        out.append(_line(row(jfc, d, "15", name, city, st, z, emp, occ, amt)).encode())
        special.append(("jfc", jfc.f, amt, (name, city, st, z, emp, occ, d)))
    for cand in world.cands:  # a few candidates give to their own campaign
        if cand.ici != "C" or r.random() < 0.5 or cand.office == "P":
            continue
        street, city, z = world.address(cand.state)
        for _ in range(r.randrange(1, 3)):
            d = world.date_of(r.randrange(world.day(date(world.cycle - 1, 6, 1)), world.day(world.general)))
            amt = r.choice([1000, 2500, 5000, 10000, 25000])
            out.append(_line(row(cand.pcc, d, "15C", cand.name, city, cand.state, z, "SELF-EMPLOYED",
                                 "CANDIDATE", amt, entity="CAN")).encode())
            special.append(("self", cand.pcc.f, amt, None))

    # the malformed lines (MALFORMED): realistic ways a bulk line goes wrong
    pq = world.by_surname["PEMBERTON-QUAID"].pcc
    ca = world.by_surname["HOLLOWAY-REESE"].pcc
    d = date(world.cycle, 4, 2)
    good = row(pq, d, "15", *world.person("NY"), 250)
    missing = good[:15] + good[16:]  # OTHER_ID dropped: 20 fields
    out.append(_line(missing).encode())
    extra = row(ca, d, "15", *world.person("CA"), 500)
    extra[11] = "HARTLEY|PINE BOOKSELLERS"  # a pipe inside a value: 22 fields
    out.append(_line(extra).encode())
    bad_amount = row(ca, d, "15", *world.person("CA"), "12O0")  # letter O for zero
    out.append(_line(bad_amount).encode())
    bad_date = row(pq, d, "15", *world.person("NY"), 100)
    bad_date[13] = f"1345{world.cycle}"  # month 13: loaded, date kept as text
    out.append(_line(bad_date).encode())
    special.append(("indiv", pq.f, 100, None))
    p = world.person("CA")
    cp = row(ca, d, "15", "PEÑA, ROSA", p[1], "CA", p[3], p[4], p[5], 250)  # cp1252, not UTF-8
    out.append(_line(cp).encode("cp1252"))
    special.append(("indiv", ca.f, 250, None))
    return out, special


def _write_itcont(world: _World, path: Path, rows: int, seed: int, malformed: bool = True) -> _ItcontStats:
    """Exactly ``rows`` lines (hand-built and malformed ones included), when rows exceeds the hand-built ones."""
    rng = np.random.default_rng([seed, world.cycle])
    bulk = _Bulk(world, donors=max(4_000, min(rows // 3, 4_000_000)), rng=rng)
    special_lines, special = _special_itcont(world, seq0=2 * 10**14)
    if not malformed:
        special_lines, special = special_lines[:-5], special[:-2]
    target = max(rows - len(special_lines), 1)
    n_c = len(world.cmtes)
    stats = _ItcontStats(
        itemized=np.zeros(n_c), refunds=np.zeros(n_c), conduit_only=np.zeros(n_c), passthrough=np.zeros(n_c),
        special=special,
    )
    written, ratio, first = 0, 1.4, True
    with open(path, "wb") as fh:
        while written < target:
            left = target - written
            n_events = int(min(CHUNK_EVENTS, left / ratio + 16))
            lines, st = bulk.chunk(n_events, written + 1, left)
            ratio = max(st["rows"] / n_events, 1.0)
            if first:  # the hand-built rows (and the malformed ones) sit inside the first chunk
                cut = len(lines) * 2 // 3
                fh.write(_buffer(lines, 0, cut))
                fh.writelines(special_lines)
                fh.write(_buffer(lines, cut))
                first = False
            else:
                fh.write(_buffer(lines))
            written += st["rows"]
            for k in ("itemized", "refunds", "conduit_only", "passthrough"):
                getattr(stats, k).__iadd__(st[k])
    stats.rows = written + len(special_lines)
    return stats


def write_itcont(path: str | Path, rows: int = DEFAULT_ITCONT_ROWS, seed: int = 7, cycle: int = 2024,
                 malformed: bool = True) -> int:
    """Write only the synthetic itcont file (about ``rows`` lines); returns the number of lines.

    The same generator :func:`generate_cycle` uses, for benchmarks. With ``malformed`` the
    file carries the lines counted in :data:`MALFORMED` ``["itcont"]``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return _write_itcont(_World(cycle, seed), path, rows, seed, malformed).rows


# -- committee transactions: itpas2 and itoth ---------------------------------------------------


class _Txns:
    """itpas2 rows (22 fields) and itoth rows (21 fields, the same rows without CAND_ID, plus more)."""

    def __init__(self, world: _World):
        self.w = world
        self.pas2: list[list] = []
        self.oth: list[list] = []
        self.seq = 0
        # per committee, cents: money in and out by kind
        self.flows: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))

    def _row(self, filer: _Cmte, d: date, tp, entity, name, city, st, z, amt, other="", cand="", memo_cd="",
             memo="", emp="", occ="", prefix="SB23.", file_no=2):
        w = self.w
        rpt, am, fn, img = w.report(filer, d)
        self.seq += 1
        pgi = w.pgi(filer, d) if filer.kind != "jfc" else ""
        return [filer.id, am, rpt, pgi, img + self.seq, tp, entity, name, city, st, z, emp, occ, _mmddyyyy(d),
                amt, other, cand, f"{prefix}{self.seq}", fn, memo_cd, memo, w.sub_id(file_no, self.seq)]

    def pas2_row(self, filer: _Cmte, d: date, tp, to: _Cmte | None, cand_id: str, amt: int, memo="",
                 payee: tuple | None = None, entity="CCM") -> list:
        if payee:
            name, city, st, z = payee
        else:
            name, city, st, z = to.name, to.city, to.state, to.zip
        row = self._row(filer, d, tp, entity, name, city, st, z, amt, to.id if to else "", cand_id, memo=memo)
        self.pas2.append(row)
        self.oth.append(row[:16] + row[17:])  # every pas2 row is also in oth
        return row

    def oth_row(self, filer: _Cmte, d: date, tp, entity, name, city, st, z, amt, other="", memo_cd="",
                memo="", emp="", occ="", prefix="SA11C.") -> list:
        row = self._row(filer, d, tp, entity, name, city, st, z, amt, other, memo_cd=memo_cd, memo=memo,
                        emp=emp, occ=occ, prefix=prefix, file_no=3)
        row = row[:16] + row[17:]
        self.oth.append(row)
        return row

    def gift(self, giver: _Cmte, to: _Cmte, cand: _Cand, d: date, amt: int, cand_id: str | None = None,
             tp="24K", memo="") -> None:
        """A committee's gift to a candidate committee: the giver's 24K and the receiver's 18K."""
        self.pas2_row(giver, d, tp, to, cand.id if cand_id is None else cand_id, amt, memo=memo)
        rd = min(d + timedelta(days=self.w.rnd.randrange(1, 12)), self.w.end)
        back = {"24K": "18K", "24Z": "15Z"}[tp]
        entity = "PTY" if giver.kind == "party" else "PAC"
        self.oth_row(to, rd, back, entity, giver.name, giver.city, giver.state, giver.zip, amt, giver.id,
                     memo=memo)
        self.flows["given"][giver.f] += amt * 100
        self.flows["party_in" if giver.kind == "party" else "pac_in"][to.f] += amt * 100


def _committee_money(world: _World, itc: _ItcontStats, extra_gifts: int = 0) -> _Txns:
    """Committee gifts, transfers and JFC shares; ``extra_gifts`` more PAC gifts for a scaled cycle."""
    w, r = world, world.rnd
    t = _Txns(world)
    cy = w.cycle
    lo = w.day(date(cy - 1, 2, 1))
    hi = w.day(w.general) - 3

    def when(a: int = lo, b: int = hi) -> date:
        return w.date_of(int(a + (b - a) * r.random() ** 0.7))

    cands = [c for c in w.cands if c.office in "HS"]
    # PACs give mostly to incumbents, and to challengers of their side
    for pac in w.pacs:
        pool = [c for c in cands if (c.ici == "I" or c.party == pac.lean) and c.party in ("DEM", "REP")
                and (pac.lean == "both" or c.party == pac.lean)]
        for cand in r.sample(pool, k=min(len(pool), r.randrange(4, 8))):
            for _ in range(r.randrange(1, 3)):
                t.gift(pac, cand.pcc, cand, when(), r.choice([1000, 1000, 2500, 2500, 5000]))
    for lp in w.leadership:
        pool = [c for c in cands if c.party == lp.lean and c is not lp.sponsor]
        for cand in r.sample(pool, k=min(len(pool), 4)):
            t.gift(lp, cand.pcc, cand, when(), r.choice([2500, 5000]))
    for party, pc_ in w.parties.items():
        for cand in [c for c in cands if c.party == party]:
            if cand.ici in ("I", "O") or cand.race in (HEADLINE_RACE, "TX-SEN", "NY-17"):
                t.gift(pc_, cand.pcc, cand, when(w.day(date(cy, 3, 1))), 5000)
    # in-kind: 24Z from the giver, 15Z for the receiver
    ok, fen = w.by_surname["OKAFOR-LINDQVIST"], w.by_surname["FENWRIGHT"]
    t.gift(w.pacs[3], ok.pcc, ok, when(), 3150, tp="24Z", memo="IN-KIND: POLLING SERVICES")
    t.gift(w.pacs[0], w.by_surname["BRIGHTBILL"].pcc, w.by_surname["BRIGHTBILL"], when(), 1800, tp="24Z",
           memo="IN-KIND: EVENT CATERING")
    # quirks real files have: a blank CAND_ID, and a candidate named under an older id
    t.gift(w.pacs[3], fen.pcc, fen, when(), 2500, cand_id="")
    tm = w.by_surname["TINDALL-MOREAU"]
    t.gift(w.pacs[3], tm.pcc, tm, when(), 5000, cand_id=tm.old_id)
    # a check never cashed, then voided: the 24K and its negative twin, no 18K
    ash = w.by_surname["ASHGROVE"]
    d0 = when(w.day(date(cy, 1, 10)), w.day(date(cy, 6, 1)))
    t.pas2_row(w.pacs[1], d0, "24K", ash.pcc, ash.id, 2500)
    t.pas2_row(w.pacs[1], d0 + timedelta(days=75), "24K", ash.pcc, ash.id, -2500,
               memo="VOID: CHECK NOT CASHED")
    # a refund: the candidate returns a PAC's gift (22Z in oth), the PAC books it back negative in pas2
    rav = w.by_surname["RAVENSDALE"]
    d1 = when(w.day(date(cy, 2, 1)), w.day(date(cy, 8, 1)))
    t.gift(w.pacs[4], rav.pcc, rav, d1, 1000)
    t.oth_row(rav.pcc, d1 + timedelta(days=30), "22Z", "PAC", w.pacs[4].name, w.pacs[4].city, w.pacs[4].state,
              w.pacs[4].zip, 1000, w.pacs[4].id, memo="REFUND OF CONTRIBUTION", prefix="SB20B.")
    t.pas2_row(w.pacs[4], d1 + timedelta(days=30), "24K", rav.pcc, rav.id, -1000, memo="REFUND RECEIVED")
    t.flows["given"][w.pacs[4].f] -= 1000_00
    t.flows["cmte_refunds"][rav.pcc.f] += 1000_00
    # party coordinated spending (24C): paid to a vendor on a candidate's behalf
    for party, cand in (("REP", w.by_surname["MIRABEAU"]), ("DEM", tm), ("DEM", ok), ("REP", rav)):
        for _ in range(r.randrange(1, 3)):
            purpose, vendor = r.choice(IE_VENDORS)
            amt = r.randrange(20, 400) * 500
            t.pas2_row(w.parties[party], when(w.day(date(cy, 8, 1))), "24C", cand.pcc, cand.id, amt,
                       memo=purpose, payee=(vendor, "WASHINGTON", "DC", "20001"), entity="ORG")
            t.flows["coordinated"][w.parties[party].f] += amt * 100
    # transfers: authorized committees to their principal (18G)
    for cand in w.cands:
        for a in cand.auth:
            total = int(itc.itemized[a.f] * r.uniform(0.5, 0.8))
            for _ in range(2):
                amt = total // 2
                if amt <= 0:
                    continue
                t.oth_row(cand.pcc, when(w.day(date(cy, 1, 1))), "18G", "CCM", a.name, a.city, a.state, a.zip,
                          amt, a.id, memo="TRANSFER FROM AUTHORIZED COMMITTEE", prefix="SA12.")
                t.flows["from_auth"][cand.pcc.f] += amt * 100
                t.flows["to_auth"][a.f] += amt * 100
    # the JFC: each gift split between the participants (15J memo rows) and sent on as 18G transfers
    jfc, (pq_pcc, party) = w.jfc, w.jfc.participants
    quarters: dict[tuple, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for what, _f, amt, info in itc.special:
        if what != "jfc":
            continue
        name, city, st, z, emp, occ, d = info
        cand_share = min(amt, 6600)
        shares = [(pq_pcc, cand_share), (party, amt - cand_share)]
        transfer_day = min(date(d.year, ((d.month - 1) // 3) * 3 + 3, 28) + timedelta(days=7), w.end)
        for part, share in shares:
            if share <= 0:
                continue
            t.oth_row(part, transfer_day, "15J", "IND", name, city, st, z, share, jfc.id, memo_cd="X",
                      memo=f"* {jfc.name}", emp=emp, occ=occ, prefix="SA11AI.J")
            quarters[(part.f, transfer_day)][0] += share
    for (pf, d), v in sorted(quarters.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        part = w.cmtes[pf]
        t.oth_row(part, d, "18G", "COM", jfc.name, jfc.city, jfc.state, jfc.zip, v[0], jfc.id,
                  memo="JFC TRANSFER", prefix="SA12.")
        t.flows["from_auth" if part.kind == "cand" else "from_aff"][pf] += v[0] * 100
        t.flows["to_aff"][jfc.f] += v[0] * 100
    # a scaled cycle: more PAC gifts of the same kinds, to candidates of the PAC's side
    pools = {pac.f: [c for c in cands if c.party in ("DEM", "REP") and pac.lean in ("both", c.party)]
             for pac in w.pacs}
    for _ in range(extra_gifts):
        pac = r.choice(w.pacs)
        cand = r.choice(pools[pac.f] or cands)
        t.gift(pac, cand.pcc, cand, when(), r.choice([500, 1000, 1000, 2500, 5000]))
    return t


# -- independent expenditures -------------------------------------------------------------------


def _independent_expenditures(world: _World, t: _Txns) -> list[list]:
    """24/48-hour notices (with amendments) and the matching 24E/24A rows in itpas2."""
    w, r = world, world.rnd
    g = w.general
    ok, tr = w.by_surname["OKAFOR-LINDQVIST"], w.by_surname["TREVANION"]
    pq, qp = w.by_surname["PEMBERTON-QUAID"], w.by_surname["QUENNEVILLE-PARK"]
    plans = [
        (w.super_pac, [(tr, "S")] * 6 + [(ok, "O")] * 5, (25_000, 450_000)),
        (w.spender, [(ok, "S")] * 3 + [(tr, "O")] * 3 + [(pq, "S")] * 2 + [(qp, "S")], (10_000, 160_000)),
    ]
    rows: list[list] = []
    k = 0
    for spender, targets, (lo, hi) in plans:
        ies = []
        for cand, so in targets:
            dissem = g - timedelta(days=r.randrange(1, 60))
            cents = r.randrange(lo, hi) * 100 + r.choice([0, 0, 50, 25, 99])
            purpose, vendor = r.choice(IE_VENDORS)
            paid = dissem - timedelta(days=r.randrange(0, 4))
            ies.append([dissem, cand, so, cents, purpose, vendor, paid])
        ies.sort(key=lambda x: x[0])
        # notices: 1-2 IEs per filing, filed within a day (24-hour) or two (48-hour) of dissemination
        filings: list[list] = []
        i = 0
        while i < len(ies):
            n = min(r.choice([1, 1, 2]), len(ies) - i)
            filings.append(ies[i: i + n])
            i += n
        versions = []  # (file_num, prev_file_num, amndt, receipt, [(tran_id, ie, cents)])
        base = 1_000_000 + (w.cycle - 2000) * 31_000 + w.day(g) * 211
        for j, filing in enumerate(filings):
            last = max(x[0] for x in filing)
            inside_20 = (g - last).days <= 20
            receipt = last + timedelta(days=1 if inside_20 else r.choice([1, 2]))
            items = []
            for ie in filing:
                k += 1
                items.append((f"E{k:05d}", ie, ie[3]))
            fn = base - (g - receipt).days * 211 + spender.f + 7 * j
            versions.append((fn, "", "N", receipt, items))
        # amend some notices: same tran ids, a later filing, a changed amount; one is amended twice
        to_amend = r.sample(range(len(versions)), k=3 if spender is w.super_pac else 1)
        for a_i, vi in enumerate(to_amend):
            prev = versions[vi]
            for times in range(2 if a_i == 0 and spender is w.super_pac else 1):
                receipt = prev[3] + timedelta(days=r.randrange(3, 12))
                items = []
                for n_item, (tid, ie, cents) in enumerate(prev[4]):
                    if n_item == 0:
                        cents = int(cents * r.uniform(1.03, 1.25))
                        ie[3] = cents  # the latest version is the one that counts
                    items.append((tid, ie, cents))
                fn = prev[0] + 211 * (receipt - prev[3]).days + 3 + times
                new = (fn, str(prev[0]), "A", receipt, items)
                versions.append(new)
                prev = new
        versions.sort(key=lambda v: (v[3], v[0]))
        running: dict[tuple, int] = defaultdict(int)
        latest: dict[str, int] = {}
        for fn, prev_fn, amndt, receipt, items in versions:
            for tid, ie, cents in items:
                dissem, cand, so, _final, purpose, vendor, paid = ie
                key = (cand.id, so)
                running[key] += cents - latest.get(tid, 0)
                latest[tid] = cents
                cand_id = cand.id
                if cand is qp:  # real notices sometimes leave the candidate id blank
                    cand_id = ""
                ymd = receipt.year * 10_000 + receipt.month * 100 + receipt.day
                rows.append([
                    cand_id, cand.name, spender.id, spender.name + (" " if spender is w.spender else ""),
                    "G", cand.state, cand.district, cand.office, PARTY_NAMES.get(cand.party, cand.party),
                    _money(cents), _dmy(paid), _money(running[key]), so, purpose, vendor, fn, amndt, tid,
                    f"{ymd}{95}{fn % 10**8:08d}", _dmy(receipt), w.cycle, prev_fn, _dmy(dissem),
                ])
        # the periodic report's Schedule E: one 24E/24A per IE, at its final amount, in itpas2
        for dissem, cand, so, cents, purpose, vendor, _paid in ies:
            city, z = CITIES[cand.state][0]
            t.pas2_row(spender, dissem, "24E" if so == "S" else "24A", None, cand.id, cents // 100,
                       memo=purpose, payee=(vendor, city, cand.state, z), entity="ORG")
            t.flows["ie"][spender.f] += cents  # the notices' current total (itpas2 drops the cents)
    rows.sort(key=lambda x: (x[19][-2:], MONTHS.index(x[19][3:6]), x[19][:2], x[15]))
    return rows


# -- operating expenditures ---------------------------------------------------------------------


def _oppexp(world: _World, budgets: dict[int, int]) -> tuple[list[str], dict[int, int]]:
    """Operating expenditures per committee, with memo sub-items (credit card, reimbursements)."""
    w, r = world, world.rnd
    lines: list[str] = []
    spent: dict[int, int] = defaultdict(int)
    seq = 0
    for c in w.cmtes:
        budget = budgets.get(c.f, 0)
        if budget <= 0:
            continue
        n = int(min(max(12, budget / 2_500_00), 110))
        weights = [r.lognormvariate(0, 1) for _ in range(n)]
        total_w = sum(weights)
        lo = w.day(date(w.cycle - 1, 1, 15))
        hi = w.day(c.terminated) if c.terminated else w.n_days - 1
        form, line_no = ("F3", "17") if c.kind == "cand" else ("F3X", "21B")
        for wt in weights:
            cents = max(int(budget * wt / total_w), 500)
            d = w.date_of(int(lo + (hi - lo) * r.random() ** 0.8))
            rpt, am, fn, img = w.report(c, d)
            seq += 1
            tran = f"SB{line_no}.{seq}"
            kind = r.random()
            if kind < 0.10:  # a card statement paid in one payment, itemized below as memo rows
                payee, purpose, cat = "FIRST EXAMPLE BANK CARD SERVICES", "CREDIT CARD PAYMENT", ""
            elif kind < 0.14:
                payee, purpose, cat = w.person(c.state)[0], "REIMBURSEMENT: TRAVEL AND SUPPLIES", ""
            else:
                purpose, cat, vendors = r.choice(SPENDING)
                payee = r.choice(vendors)
            entity = "IND" if 0.10 <= kind < 0.14 else "ORG"
            pst = r.choice(list(CITIES)) if entity == "ORG" else c.state
            city, z = r.choice(CITIES[pst])
            desc = CATEGORIES.get(cat, "")
            if desc and r.random() < 0.3:
                desc += " "  # trailing space, as in real files
            sub = w.sub_id(4, seq)
            pgi = w.pgi(c, d) if c.kind == "cand" and r.random() < 0.7 else ""
            lines.append(_line([
                c.id, am, d.year, rpt, img + seq, line_no, form, "SB", payee, city, pst, z, _slash(d),
                _money(cents), pgi, purpose, cat, desc, "", "", entity, sub, fn, tran, "", "",
            ]))
            spent[c.f] += cents
            if kind < 0.14:  # memo sub-items that add up to the parent
                k = r.randrange(2, 5)
                cuts = sorted(r.sample(range(1, max(cents, k + 1)), k - 1))
                parts = [b - a for a, b in zip([0, *cuts], [*cuts, cents], strict=True)]
                for part in parts:
                    if part <= 0:
                        continue
                    purpose2, cat2, vendors2 = r.choice(SPENDING)
                    seq += 1
                    pst2 = r.choice(list(CITIES))
                    city2, z2 = r.choice(CITIES[pst2])
                    memo = "CREDIT CARD PURCHASE" if kind < 0.10 else "REIMBURSED EXPENSE"
                    lines.append(_line([c.id, am, d.year, rpt, img + seq, line_no, form, "SB",
                                        r.choice(vendors2),
                                        city2, pst2, z2, _slash(d - timedelta(days=r.randrange(1, 25))),
                                        _money(part), pgi, purpose2, cat2, CATEGORIES.get(cat2,
                                                                                          ""), "X", memo,
                                        "ORG", w.sub_id(4, seq), fn, f"SB{line_no}.{seq}", tran, ""]))
    return lines, spent


# -- the cycle ----------------------------------------------------------------------------------


def _names(cycle: int) -> dict[str, str]:
    yy = f"{cycle % 100:02d}"
    return {
        "cn": f"cn{yy}.txt", "cm": f"cm{yy}.txt", "ccl": f"ccl{yy}.txt", "itcont": f"itcont{yy}.txt",
        "itpas2": f"itpas2{yy}.txt", "itoth": f"itoth{yy}.txt", "oppexp": f"oppexp{yy}.txt",
        "weball": f"weball{yy}.txt", "webl": f"webl{yy}.txt", "webk": f"webk{yy}.txt",
        "ie": f"independent_expenditure_{cycle}.csv", "results_csv": results_file_name(cycle),
    }


def _member_names() -> list[tuple[str, str, str]]:
    """Invented (name, employer, occupation) for the network's extra members in a scaled cycle."""
    return [(f"{s}, {f}", EMPLOYERS[(i + j) % len(EMPLOYERS)], OCCUPATIONS[(i * 7 + j) % len(OCCUPATIONS)])
            for i, s in enumerate(SURNAMES[:80]) for j, f in enumerate(FIRST_NAMES[:50])]


def _write_lines(path: Path, lines: list[str]) -> int:
    with open(path, "w", encoding="ascii", newline="\n") as fh:
        fh.writelines(lines)
    return len(lines)


def generate_cycle(out_dir: Path, cycle: int = 2024, seed: int = 7, rows: int | None = None) -> DemoCycle:
    """Write one SYNTHETIC FEC cycle into ``out_dir``; returns the paths (``.manifest`` says what to expect).

    ``rows`` scales the cycle: the individual-contributions file then loads exactly ``rows`` rows
    (its malformed lines come on top, rejected), donors grow with it, and beyond the default size
    committee gifts, the network's earmarks, gifts and notices grow in proportion (:data:`EXTRA_PER`).
    Without ``rows``: the default cycle (~30,000 itcont lines). The same seed, cycle and rows give
    the same bytes.
    """
    if rows is not None and rows < MIN_ROWS:
        raise ValueError(f"the demo needs at least {MIN_ROWS:,} itcont rows (asked for {rows:,})")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    w = _World(cycle, seed)
    net = DemoNetwork(w, seed)  # the synthetic sponsor network (its own random draws)
    names = _names(cycle)
    paths = {k: out_dir / v for k, v in names.items()}
    counts: dict[str, int] = {}
    cy = cycle

    # cn, cm, ccl
    cn = []
    for c in w.cands:
        street, city, z = w.address(c.state if c.state != "US" else "DC")
        status = "C"
        cn.append(_line([c.id, c.name, c.party, cy, c.state, c.office, c.district, c.ici, status, c.pcc.id,
                         street, "", city, c.state if c.state != "US" else "DC", z]))
        if c.old_id:
            cn.append(_line([c.old_id, c.name, c.party, cy - 2, c.state, "H", "22", "C", "P", w.old_cmte.id,
                             street, "", city, c.state, z]))
    counts["cn"] = _write_lines(paths["cn"], cn)
    cm = []
    for c in w.cmtes:
        connected = c.connected or ("NONE" if c.kind == "pac" else "")
        cm.append(_line([c.id, c.name, c.treasurer, c.street, "", c.city, c.state, c.zip, c.dsgn, c.tp,
                         c.party, c.freq, c.org_tp, connected, c.cand_id]))
    cm += [_line(x) for x in net.cm_lines()]
    counts["cm"] = _write_lines(paths["cm"], cm)
    ccl, link = [], 240_000 + (cy % 100) * 10_000
    for c in w.cands:
        for cmte in [c.pcc, *c.auth]:
            link += 1
            ccl.append(_line([c.id, cy, cy, cmte.id, cmte.tp, cmte.dsgn, link]))
        if c is w.jfc_cand:
            link += 1
            ccl.append(_line([c.id, cy, cy, w.jfc.id, w.jfc.tp, w.jfc.dsgn, link]))
        if c.old_id:
            link += 1
            ccl.append(_line([c.old_id, cy - 2, cy, w.old_cmte.id, "H", "P", link]))
    counts["ccl"] = _write_lines(paths["ccl"], ccl)

    # itcont (bulk), then committee money and IEs
    extra = {k: max(0, (rows or 0) - DEFAULT_ITCONT_ROWS) // per for k, per in EXTRA_PER.items()}
    net_rows = net.itcont(extra["net_earmark"], _member_names())  # the network draws from its own generator
    bulk_rows = DEFAULT_ITCONT_ROWS
    if rows is not None:  # exactly `rows` loaded: the rejected lines on top, the network's rows inside
        bulk_rows = rows + MALFORMED["itcont"]["rejected"] - len(net_rows)
    itc = _write_itcont(w, paths["itcont"], bulk_rows, seed)
    with open(paths["itcont"], "ab") as fh:
        fh.writelines(_line(x).encode() for x in net_rows)
    itc.rows += len(net_rows)
    f_of = {c.id: c.f for c in w.cmtes}
    for stat, per in ((itc.itemized, net.itemized), (itc.conduit_only, net.conduit_only), (itc.refunds, net.refunds)):
        for cid, amt in per.items():
            stat[f_of[cid]] += amt
    counts["itcont"] = itc.rows
    t = _committee_money(w, itc, extra["pac_gift"])
    ie_rows = _independent_expenditures(w, t)
    net_pas2, net_oth = net.committee_gifts(extra["net_gift"])
    notices, ie_pas2 = net.ie_notices(extra["net_notice"])
    t.pas2 += net_pas2 + ie_pas2
    t.oth += net_oth + [r[:16] + r[17:] for r in ie_pas2]
    for cid, amt in net.pac_in.items():
        t.flows["pac_in"][f_of[cid]] += amt * 100
    ie_rows += notices

    # money per committee (cents), for oppexp budgets and the summaries
    n_c = len(w.cmtes)
    indiv = [int(round(itc.itemized[f])) * 100 for f in range(n_c)]
    refunds = [int(round(itc.refunds[f])) * 100 for f in range(n_c)]
    conduit_only = [int(round(itc.conduit_only[f])) * 100 for f in range(n_c)]
    passthrough = [int(round(itc.passthrough[f])) * 100 for f in range(n_c)]
    self_money: dict[int, int] = defaultdict(int)
    for what, f, amt, _info in itc.special:
        if what in ("jfc", "indiv"):
            indiv[f] += amt * 100
        elif what == "self":
            self_money[f] += amt * 100
    unitemized = [int(conduit_only[f] + indiv[f] * w.rnd.uniform(0.12,
                                                                 0.35)) // 100 * 100 for f in range(n_c)]
    fl = t.flows
    receipts_est = {
        c.f: indiv[c.f] + unitemized[c.f] + fl["pac_in"][c.f] + fl["party_in"][c.f] + self_money[c.f]
        + fl["from_auth"][c.f] + fl["from_aff"][c.f] + passthrough[c.f] for c in w.cmtes
    }
    budgets = {}
    for c in w.cmtes:
        if c.kind == "cand":
            budgets[c.f] = int((receipts_est[c.f] + c.bop * 0.4) * w.rnd.uniform(0.45, 0.8))
        elif c.kind in ("pac", "lead", "party", "super", "spender"):
            budgets[c.f] = int(receipts_est[c.f] * w.rnd.uniform(0.03, 0.1)) + w.rnd.randrange(5_000,
                                                                                               40_000) * 100
        elif c.kind in ("conduit", "jfc"):
            budgets[c.f] = w.rnd.randrange(20_000, 90_000) * 100
        if c.kind == "cand" and c.weight < 0.1 and c.f in budgets:
            budgets[c.f] = min(budgets[c.f], receipts_est[c.f] // 2)
    opp_lines, spent = _oppexp(w, budgets)
    blank_at = len(opp_lines) // 2
    opp_lines = opp_lines[:blank_at] + ["\n"] + opp_lines[blank_at:]  # one blank line (MALFORMED)
    counts["oppexp"] = _write_lines(paths["oppexp"], opp_lines)
    counts["itpas2"] = _write_lines(paths["itpas2"], [_line(x) for x in t.pas2])
    counts["itoth"] = _write_lines(paths["itoth"], [_line(x) for x in t.oth])

    # summaries: weball / webl per candidate (all authorized committees together), webk per PAC/party
    cvg = _slash(date(cy, 12, 31))
    weball, webl = [], []
    for cand in w.cands:
        cms = [cand.pcc, *cand.auth]
        fs = [c.f for c in cms]
        ttl_indiv = sum(indiv[f] + unitemized[f] for f in fs)
        other_pol = sum(fl["pac_in"][f] for f in fs)
        pty = sum(fl["party_in"][f] for f in fs)
        cand_contrib = sum(self_money[f] for f in fs)
        from_auth = sum(fl["from_auth"][f] for f in fs)
        to_auth = sum(fl["to_auth"][f] for f in fs)
        indiv_ref = sum(refunds[f] for f in fs)
        cmte_ref = sum(fl["cmte_refunds"][f] for f in fs)
        loans = cand.loans
        loan_repay = loans // 3
        other_receipts = w.rnd.randrange(0, 50_000)  # interest, offsets
        bop = sum(c.bop for c in cms)
        receipts = ttl_indiv + other_pol + pty + cand_contrib + loans + from_auth + other_receipts
        disb = sum(spent[f] for f in fs) + indiv_ref + cmte_ref + to_auth + loan_repay
        if bop + receipts - disb < 0:  # keep cash on hand >= 0: the rest came in unitemized
            extra = (disb - bop - receipts) // 100 * 100 + 100_000
            ttl_indiv += extra
            receipts += extra
        coh = bop + receipts - disb
        pty_cd = {"DEM": 1, "REP": 2}.get(cand.party, 3)
        m = _money
        row = _line([
            cand.id, cand.name, cand.ici, pty_cd, cand.party, m(receipts), m(from_auth), m(disb), m(to_auth),
            m(bop), m(coh), m(cand_contrib), m(loans), m(0), m(loan_repay), m(0), m(loans - loan_repay),
            m(ttl_indiv), cand.state, cand.district, "", "", "", "", "", m(other_pol), m(pty), cvg,
            m(indiv_ref), m(cmte_ref),
        ])
        weball.append(row)
        if cand.office in "HS":
            webl.append(row)
    counts["weball"] = _write_lines(paths["weball"], weball)
    counts["webl"] = _write_lines(paths["webl"], webl)
    webk = []
    for c in w.cmtes:
        if c.kind not in ("pac", "lead", "party", "super", "spender", "conduit", "jfc"):
            continue
        f = c.f
        indv = indiv[f] + unitemized[f] + passthrough[f]
        from_aff = fl["from_aff"][f]
        other_pol = fl["pac_in"][f]
        receipts = indv + from_aff + other_pol
        contrib = fl["given"][f] + (passthrough[f] if c.kind == "conduit" else 0)
        ind_exp, coord = fl["ie"][f], fl["coordinated"][f]
        to_aff = fl["to_aff"][f]
        disb = spent[f] + refunds[f] + contrib + ind_exp + coord + to_aff
        if c.bop + receipts - disb < 0:
            extra = (disb - c.bop - receipts) // 100 * 100 + w.rnd.randrange(10_000, 200_000) * 100
            indv += extra
            receipts += extra
        coh = c.bop + receipts - disb
        m = _money
        webk.append(_line([
            c.id, c.name, c.tp, c.dsgn, c.freq, m(receipts), m(from_aff), m(indv), m(other_pol), m(0), m(0),
            m(0), m(disb), m(to_aff), m(refunds[f]), m(0), m(0), m(0), m(c.bop), m(coh), m(0), m(0),
            m(contrib), m(ind_exp), m(coord), m(0), cvg,
        ]))
    webk += [_line(x) for x in net.webk_lines(cvg, _money)]
    counts["webk"] = _write_lines(paths["webk"], webk)

    with open(paths["ie"], "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(LAYOUTS["ie"].names)
        writer.writerows(ie_rows)
    counts["ie"] = len(ie_rows)
    counts["results_csv"], outcomes = write_results(w, paths["results_csv"], seed)

    (out_dir / "README.txt").write_text(
        "SYNTHETIC DATA - NOT REAL FEC DATA\n\n"
        f"These files imitate one FEC bulk-data cycle ({cy}) in the FEC's own formats and file names,\n"
        "but every candidate, committee, donor, employer, vendor and id in them is INVENTED.\n"
        "Committee ids are C8 + 7 digits and candidate ids end in 9xxxx so they cannot collide\n"
        "with real FEC ids. Any resemblance to real people or organizations is coincidental.\n"
        f"{results_file_name(cy)} holds INVENTED election results (primaries and generals) for its races.\n\n"
        f"Generated by moneytrail's demo generator (moneytrail.sources.demo.generate_cycle)\n"
        f"with cycle={cy}, seed={seed}, rows={rows if rows is not None else 'default'}.\n"
        "The same cycle, seed and rows give the same bytes.\n",
        encoding="ascii",
    )

    (out_dir / REGISTRY_FILE).write_text(net.registry_yaml(), encoding="ascii")
    files = {}
    for kind in KINDS:
        bad = MALFORMED.get(kind, {})
        files[kind] = FileExpectation(kind, paths[kind], counts[kind], bad.get("rejected", 0),
                                      bad.get("warned", 0))
    races: dict[str, list[str]] = defaultdict(list)
    for c in w.cands:
        races[c.race].append(c.id)
    out = DemoCycle(paths[k] for k in KINDS)
    out.manifest = DemoManifest(
        cycle=cy, seed=seed, files=files, super_pac_id=w.super_pac.id, second_spender_id=w.spender.id,
        conduit_ids=(*(c.id for c in w.conduits), net.pac_id), candidate_ids=dict(races),
        network_registry=out_dir / REGISTRY_FILE, network_ids=(net.pac_id, net.super_id), outcomes=outcomes,
    )
    return out

