"""Race keys: ``CA-34`` (House), ``CA-SEN`` (Senate), ``PRES`` (President); ``AK-00`` or ``AK-AL`` at-large."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import MoneytrailError
from ..reference import cycles
from ..reference.states import STATE_NAMES, STATES  # noqa: F401 (STATE_NAMES: re-exported)


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
    if not cycles.is_cycle(cycle):
        raise MoneytrailError(cycles.why_not_a_cycle(cycle))
    return cycle
