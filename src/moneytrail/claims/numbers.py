"""Stated values: "$2.3 million", "some $100 million", "53-47", "about 3,000 votes", "six candidates",
"millions of dollars" -> a number, its unit, its vagueness, and the range it is consistent with.

Why our own small parser: the values in news copy are digits with scale words plus a few dozen
number words ("six", "a single", "thirty fourth", "half-dozen"); a general number-word library
parses whole strings, not words inside a sentence, and would still need the vagueness rules below.

**Tolerance rules** (``Value.bounds``), each stated in the report:

- bare figure: as rounded — half a unit of its last written digit, but at least the unit of its
  last non-zero digit's rounding capped at 5% ("$2.3 million" = 2.25–2.35 M; "3,000" = ±5%);
- about / around / roughly / some / approximately / an estimated: ±10% (or the rounding, if wider);
- nearly / almost / close to / just under: 90–100% of the figure (plus its rounding);
- more than / over / at least / upwards of / just over: at least the figure;
- less than / under / up to / at most / fewer than: at most the figure;
- "millions of": 1 M to 1 B; "tens of millions": 10 M–1 B; "hundreds of thousands": 100 k–1 M;
  "thousands of": 1 k–1 M;
- counts are exact unless qualified; a share pair "53-47" is each share ±0.5 points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
         "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
         "seventeen": 17, "eighteen": 18, "nineteen": 19, "single": 1, "dozen": 12, "half-dozen": 6}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
            "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
            "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50}
SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "b": 1e9, "bn": 1e9}

QUALIFIERS = {
    "about": "about", "around": "about", "roughly": "about", "some": "about", "approximately": "about",
    "an estimated": "about", "estimated": "about", "nearly": "nearly", "almost": "nearly", "close to": "nearly",
    "just under": "nearly", "more than": "at least", "over": "at least", "at least": "at least",
    "upwards of": "at least", "just over": "at least", "in excess of": "at least", "less than": "at most",
    "under": "at most", "up to": "at most", "at most": "at most", "fewer than": "at most", "only": "exact",
}
RULES = {
    "exact": "as written (rounded to its last digit)",
    "about": "within 10% (\"about\")",
    "nearly": "90-100% of the figure (\"nearly\")",
    "at least": "at least the figure",
    "at most": "at most the figure",
    "order": "the order of magnitude stated",
    "pair": "each share within 0.5 points of the stated whole numbers",
}

_WORD = "|".join(sorted(list(UNITS) + list(TENS) + ["hundred", "a single", "a couple of", "a dozen"],
                        key=len, reverse=True))
_ORD = "|".join(sorted(ORDINALS, key=len, reverse=True))
_QUAL = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))
_ORD_UNITS = "|".join(k for k in ORDINALS if ORDINALS[k] < 10)
NUM_WORDS = (rf"(?:(?:{'|'.join(TENS)})[- ](?:{'|'.join(k for k in UNITS if UNITS[k] < 10)}|{_ORD_UNITS})\b"
             rf"|{_WORD})")

# Each pattern first checks the character it can start on, so masked runs ("###") cost one step a character.
MONEY = re.compile(
    rf"(?=[A-Za-z$])(?:(?P<q>{_QUAL})\s+)?\$\s?(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?:\s*(?P<s>thousand|million|billion|"
    rf"[MmKkBb]n?)\b)?",
    re.IGNORECASE,
)
MONEY_WORDS = re.compile(
    rf"(?=[A-Za-z\d])(?:(?P<q>{_QUAL})\s+)?(?<![\w.,])(?P<n>\d+(?:\.\d+)?|{NUM_WORDS})\s+(?P<s>thousand|million|billion)\s+dollars\b",
    re.IGNORECASE,
)
MONEY_ORDER = re.compile(
    r"\b(?P<o>(?:tens|hundreds) of (?:millions|thousands)|millions|thousands|billions)\s+of\s+dollars\b",
    re.IGNORECASE,
)
SHARE_PAIR = re.compile(r"(?<![\d$.,])(?P<a>\d{1,2}(?:\.\d)?)\s?[-–]\s?(?P<b>\d{1,2}(?:\.\d)?)(?![\d%-]|\s*-?year)")
PERCENT = re.compile(rf"(?=[A-Za-z\d])(?:(?P<q>{_QUAL})\s+)?(?<![\d.,])(?P<n>\d+(?:\.\d+)?)\s*"
                     r"(?P<u>%|percent(?:age points)?|per cent|points)", re.IGNORECASE)
COUNT = re.compile(
    rf"(?=[A-Za-z\d])(?:\b(?P<q>{_QUAL})\s+)?(?<![\w$.,-])(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+|{NUM_WORDS}|{_ORD})(?![\w%.,-]*\d)"
    r"(?=[\s-])",
    re.IGNORECASE,
)


@dataclass
class Value:
    amount: float | None  # None for an order of magnitude ("millions of dollars")
    unit: str  # usd | votes-or-count | percent | pair
    text: str  # as written (normalised text)
    start: int
    end: int
    qualifier: str = "exact"
    step: float = 1.0  # unit of the last written digit
    order: tuple[float, float] | None = None
    second: float | None = None  # the other share of a pair
    ordinal: bool = False
    extra: dict = field(default_factory=dict)

    def bounds(self) -> tuple[float, float]:
        """The range of true figures this stated value is consistent with (rules in the module doc)."""
        if self.order:
            return self.order
        v, half = self.amount, self.step / 2
        rounding = max(half, _lead_rounding(v) / 2 if self.qualifier == "exact" else half)
        if self.qualifier == "exact":
            r = min(rounding, max(half, 0.05 * abs(v)))
            return v - r, v + r
        if self.qualifier == "about":
            r = max(0.10 * abs(v), half)
            return v - r, v + r
        if self.qualifier == "nearly":
            return 0.9 * v - half, v + half
        if self.qualifier == "at least":
            return v, float("inf")
        if self.qualifier == "at most":
            return float("-inf"), v
        return v - half, v + half

    def rule(self) -> str:
        return RULES["order" if self.order else self.qualifier]


def _lead_rounding(v: float) -> float:
    """Unit of the last non-zero digit of an integer-looking figure (3,000 -> 1,000; 2.3 M -> 100 k)."""
    if v == 0:
        return 1.0
    unit = 1.0
    x = abs(v)
    while x >= 10 and round(x) % 10 == 0:
        x /= 10
        unit *= 10
    return unit


def word_number(text: str) -> int | None:
    t = text.lower().replace("a single", "single").replace("a couple of", "two").replace("a dozen", "dozen")
    if t in UNITS:
        return UNITS[t]
    if t in ORDINALS:
        return ORDINALS[t]
    if t == "hundred":
        return 100
    parts = re.split(r"[- ]", t)
    if len(parts) == 2 and parts[0] in TENS and (parts[1] in UNITS or parts[1] in ORDINALS):
        return TENS[parts[0]] + UNITS.get(parts[1], ORDINALS.get(parts[1], 0))
    if t in TENS:
        return TENS[t]
    return None


MAX_DIGITS = 15  # more digits than any FEC figure (cents included) has: not a figure, and no float overflow
LONG_NUMBER = re.compile(rf"\d[\d,.]{{{MAX_DIGITS + 4},}}")


def _digits(n: str) -> tuple[float, float] | None:
    """'2.3' -> (2.3, 0.1); '3,000' -> (3000, 1); None when it has more digits than a figure can."""
    n = n.replace(",", "")
    if sum(ch.isdigit() for ch in n) > MAX_DIGITS:
        return None
    if "." in n:
        return float(n), 10 ** -len(n.split(".")[1])
    return float(n), 1.0


def _qual(q: str | None) -> str:
    return QUALIFIERS.get((q or "").lower(), "exact")


def too_long(s: str) -> list[str]:
    """Digit runs too long to be a figure (shown as skipped, never parsed)."""
    return [m.group(0)[:20] + "…" for m in LONG_NUMBER.finditer(s)]


def find_values(s: str) -> list[Value]:
    """Every stated value in a (normalised) sentence, leftmost first, overlapping matches dropped.

    Linear in the sentence: over-long digit runs are masked before any pattern runs, every
    pattern refuses to start inside a digit run, and overlaps are tested on a character mask."""
    s = LONG_NUMBER.sub(lambda m: "#" * len(m.group(0)), s)
    found: list[Value] = []
    taken = bytearray(len(s) + 1)

    def free(a: int, b: int) -> bool:
        return not any(taken[a:b])

    def add(v: Value) -> None:
        found.append(v)
        taken[v.start:v.end] = b"\x01" * (v.end - v.start)

    for m in MONEY.finditer(s):
        d = _digits(m["n"])
        if d is None:
            continue
        n, step = d
        scale = SCALES.get((m["s"] or "").lower(), 1)
        add(Value(n * scale, "usd", m.group(0), m.start(), m.end(), _qual(m["q"]), step * scale))
    for m in MONEY_WORDS.finditer(s):
        if free(m.start(), m.end()):
            raw = m["n"]
            d = _digits(raw) if raw[0].isdigit() else (float(word_number(raw) or 0), 1.0)
            if d is None:
                continue
            n, step = d
            scale = SCALES[m["s"].lower()]
            add(Value(n * scale, "usd", m.group(0), m.start(), m.end(), _qual(m["q"]), step * scale))
    for m in MONEY_ORDER.finditer(s):
        if free(m.start(), m.end()):
            o = m["o"].lower()
            lo = {"tens of millions": 1e7, "hundreds of millions": 1e8, "tens of thousands": 1e4,
                  "hundreds of thousands": 1e5, "millions": 1e6, "thousands": 1e3, "billions": 1e9}[o]
            hi = {"thousands": 1e6, "tens of thousands": 1e5, "hundreds of thousands": 1e6}.get(o, max(lo * 1000, 1e9))
            add(Value(None, "usd", m.group(0), m.start(), m.end(), "exact", order=(lo, hi)))
    for m in SHARE_PAIR.finditer(s):
        a, b = float(m["a"]), float(m["b"])
        if free(m.start(), m.end()) and 95 <= a + b <= 101 and a >= b:
            add(Value(a, "pair", m.group(0), m.start(), m.end(), "pair", 1.0, second=b))
    for m in PERCENT.finditer(s):
        d = _digits(m["n"])
        if d is not None and free(m.start(), m.end()):
            n, step = d
            add(Value(n, "percent", m.group(0), m.start(), m.end(), _qual(m["q"]), step,
                      extra={"points": "point" in m["u"].lower()}))
    for m in COUNT.finditer(s):
        if not free(m.start(), m.end()):
            continue
        raw = m["n"]
        if raw[0].isdigit():
            d = _digits(raw)
            if d is None:
                continue
            n = d[0]
            if 1900 <= n <= 2100 and "," not in raw:
                continue  # a year, handled by periods
            ordinal = False
        else:
            w = word_number(raw)
            if w is None:
                continue
            n, ordinal = float(w), raw.lower().split()[-1].split("-")[-1] in ORDINALS
        add(Value(n, "count", m.group(0), m.start(), m.end(), _qual(m["q"]), 1.0, ordinal=ordinal))
    return sorted(found, key=lambda v: v.start)
