"""Election cycles: which numbers name one. The FEC files money by two-year cycle, named by its even
year (2024 = 2023-01-01 to 2024-12-31); moneytrail knows cycles from 1976 (the first FEC bulk data and
MEDSL House results) to 2100. One rule, here: every reader, the model and the claim checker ask it."""

from __future__ import annotations

FIRST = 1976
LAST = 2100


def plausible_year(year: int) -> bool:
    """A year an election-money question can be about (a year mentioned in an article, a results row)."""
    return FIRST <= year <= LAST


def is_cycle(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value % 2 == 0 and plausible_year(value)


def why_not_a_cycle(value) -> str:
    """One line saying why ``value`` names no cycle (for the error each layer raises)."""
    if isinstance(value, int) and not isinstance(value, bool) and value % 2 and plausible_year(value):
        return (f"{value} is not a cycle: cycles are named by their even year "
                f"({value + 1} covers {value}-01-01 to {value + 1}-12-31)")
    return f"{value!r} is not an election cycle: an even year from {FIRST} to {LAST}, such as 2024"
