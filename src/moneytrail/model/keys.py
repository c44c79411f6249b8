"""Race keys: ``CA-34`` (House), ``CA-SEN`` (Senate), ``PRES`` (President); ``AK-00`` or ``AK-AL`` at-large."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import MoneytrailError

STATES = set(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH "
    "OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC AS GU MP PR VI".split()
)

STATE_NAMES = {
    name.upper(): code
    for code, name in [
        ("AL", "Alabama"), ("AK", "Alaska"), ("AZ", "Arizona"), ("AR", "Arkansas"), ("CA", "California"),
        ("CO", "Colorado"), ("CT", "Connecticut"), ("DE", "Delaware"), ("FL", "Florida"), ("GA", "Georgia"),
        ("HI", "Hawaii"), ("ID", "Idaho"), ("IL", "Illinois"), ("IN", "Indiana"), ("IA", "Iowa"),
        ("KS", "Kansas"), ("KY", "Kentucky"), ("LA", "Louisiana"), ("ME", "Maine"), ("MD", "Maryland"),
        ("MA", "Massachusetts"), ("MI", "Michigan"), ("MN", "Minnesota"), ("MS", "Mississippi"),
        ("MO", "Missouri"), ("MT", "Montana"), ("NE", "Nebraska"), ("NV", "Nevada"), ("NH", "New Hampshire"),
        ("NJ", "New Jersey"), ("NM", "New Mexico"), ("NY", "New York"), ("NC", "North Carolina"),
        ("ND", "North Dakota"), ("OH", "Ohio"), ("OK", "Oklahoma"), ("OR", "Oregon"), ("PA", "Pennsylvania"),
        ("RI", "Rhode Island"), ("SC", "South Carolina"), ("SD", "South Dakota"), ("TN", "Tennessee"),
        ("TX", "Texas"), ("UT", "Utah"), ("VT", "Vermont"), ("VA", "Virginia"), ("WA", "Washington"),
        ("WV", "West Virginia"), ("WI", "Wisconsin"), ("WY", "Wyoming"), ("DC", "District of Columbia"),
        ("AS", "American Samoa"), ("GU", "Guam"), ("MP", "Northern Mariana Islands"), ("PR", "Puerto Rico"),
        ("VI", "Virgin Islands"),
    ]
}


@dataclass(frozen=True)
class RaceKey:
    office: str  # H, S or P
    state: str  # two letters; US for President
    district: str  # two digits for House; 00 otherwise

    @classmethod
    def parse(cls, text: str) -> RaceKey:
        t = text.strip().upper().replace(" ", "")
        if t in ("PRES", "P", "US-PRES", "PRESIDENT"):
            return cls("P", "US", "00")
        m = re.fullmatch(r"([A-Z]{2})-?(SEN|S|AL|\d{1,2})", t)
        if not m or m.group(1) not in STATES:
            raise MoneytrailError(
                f"{text!r} is not a race; write it like CA-34 (House), CA-SEN (Senate), AK-AL or PRES"
            )
        state, rest = m.groups()
        if rest in ("SEN", "S"):
            return cls("S", state, "00")
        return cls("H", state, "00" if rest == "AL" else rest.zfill(2))

    def __str__(self) -> str:
        if self.office == "P":
            return "PRES"
        if self.office == "S":
            return f"{self.state}-SEN"
        return f"{self.state}-{self.district}"

    @property
    def title(self) -> str:
        if self.office == "P":
            return "President"
        if self.office == "S":
            return f"{self.state} Senate"
        return f"{self.state} House district {self.district}" + (" (at-large)" if self.district == "00" else "")


def check_cycle(cycle: int) -> int:
    if cycle % 2 or not 1976 <= cycle <= 2100:
        raise MoneytrailError(f"{cycle} is not an election cycle; cycles are named by their even year, e.g. 2024")
    return cycle
