"""Which sentences make a checkable claim, and of what: value, metric, entities, period.

A claim is anchored on a stated value (``numbers.find_values``). Its **metric** comes from cue words
in the value's clause (money) or the noun the value counts (counts); its **entities** and
**period** are looked for in the clause, then the rest of the sentence, then the article (the
race it is about, the person it calls "the congressman"), and the report says which.
Numbers that count nothing we track (ages, days, terms, ordinals of districts) are not claims.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field

from ..model.keys import STATE_NAMES
from .numbers import ORDINALS, Value, find_values, word_number
from .periods import ArticleDate, Period, article_date, assumed, find_periods, nearest
from .text import Article, parse_article

# -- metrics: what a claim is about. The evaluator table in check.py is keyed by these names. ----
METRICS = {
    "spent": "spent in total by a committee or network (independent expenditures and other spending)",
    "spent_for": "spent supporting a candidate (independent expenditures for)",
    "spent_against": "spent opposing a candidate (independent expenditures against)",
    "received_from": "received by a candidate from a committee or network (direct, earmarked, IE support)",
    "raised": "raised by a candidate's committees (receipts)",
    "cash_on_hand": "cash on hand of a candidate's committees",
    "candidates_filed": "candidates who filed with the FEC for a seat",
    "vote_shares": "vote shares of two candidates in one contest",
    "vote_share": "one candidate's share of the vote",
    "margin_votes": "winning margin in votes",
    "margin_points": "winning margin in percentage points",
    "votes": "a candidate's votes",
    "endorsements_by_party": "candidates endorsed by a network, by party",
    "recipients_by_party": "candidates funded by a network, by party",
    "network_races": "races in which a network spent",
    "endorsements": "candidates endorsed by a network",
    "incumbents_defeated": "incumbents defeated",
    "bill_support": "members supporting or co-sponsoring a bill",
    "staff": "staff of an organisation",
    "members": "members of Congress affiliated with a group",
    "money_other": "an amount of money with no recognised metric",
}
RACE_METRICS = {"vote_shares", "vote_share", "margin_votes", "margin_points", "votes", "candidates_filed"}
NOT_FEC = {
    "bill_support": "not a money claim in FEC data: co-sponsoring or supporting a bill is a legislative record",
    "staff": "not in FEC data: an organisation's staff",
    "members": "not in FEC data: who is affiliated with a group",
}

SPENT = re.compile(r"\b(spent|spend|spends|spending|pour(ed|ing)?|invest(ed|ing)?|unleash(ed|ing)?|dropp?ed|"
                   r"put|funnel(l)?ed|plow(ed)?)\b", re.I)
SUPPORT = re.compile(r"\b(in support of|supporting|to support|backing|to help|to boost|on behalf of|for)\b", re.I)
OPPOSE = re.compile(r"\b(against|attack(ing|ed)?|oppos(e|ing|ed)|to defeat|to oust|to unseat|targeting|to beat)\b",
                    re.I)
RECEIVED = re.compile(r"\b(accept(ed|ing|s)?|t(ook|aking|akes|ake)|receiv(ed|ing|es)?|got|gotten|getting|"
                      r"donations?|contributions?|money|cash|raised)\b[^.;]{0,60}?\bfrom\b", re.I)
RAISED = re.compile(r"\b(raised|raising|raise|hauled|brought in|collected|fundrais\w*)\b", re.I)
CASH = re.compile(r"\bcash on hand\b|\bin the bank\b", re.I)
MARGIN = re.compile(r"\b(by|margin of|winning by|won by|lost by|edged)\b", re.I)
VOTE_CONTEXT = re.compile(r"\b(vote|votes|won|win|winning|prevail\w*|beat|defeat\w*|lost|ballot|election)\b", re.I)
FILED = re.compile(r"\b(filed|filing|running|in the race|on the ballot|paperwork|declared)\b", re.I)
ENDORSED = re.compile(r"\bendors\w*\b", re.I)
FUNDED = re.compile(r"\b(gave|give|giving|donat\w*|contribut\w*|fund(ed|ing)?|financ\w*)\b", re.I)
BILL = re.compile(r"\b(bill|resolution|legislation|co-?sponsor\w*|measure)\b", re.I)
UNSEATED = re.compile(r"\b(unseat\w*|oust\w*|defeat\w*|lost|toppl\w*)\b", re.I)

PARTY_NOUNS = {"republicans": "REP", "democrats": "DEM", "independents": "IND", "republican": "REP",
               "democrat": "DEM"}
COUNT_NOUNS = {
    "candidates": "candidates", "candidate": "candidates", "votes": "votes", "vote": "votes",
    "races": "races", "race": "races", "contests": "races", "contest": "races",
    "incumbents": "incumbents", "members": "members", "lawmakers": "members", "representatives": "members",
    "endorsement": "endorsements", "endorsements": "endorsements", "staffers": "staff", "employees": "staff",
    "staff": "staff", "workers": "staff", "bill": "bill", "bills": "bill", "resolution": "bill",
    **{k: "party" for k in PARTY_NOUNS},
}
STOP = {"of", "in", "to", "the", "a", "an", "who", "and", "or", "that", "with", "for", "from", "by", "on", "at",
        "as", "is", "are", "was", "were", "had", "have", "has", "after", "before", "over", "than", "since", "last",
        "days", "years", "year", "times", "time", "weeks", "months", "term"}

CLAUSE_BREAK = re.compile(r"\s*[;:—–]\s*|,\s*(?=(then|but|whereas|while|referencing|winning|which|after|with)\b)"
                          r"|,?[”\"]\s*|\s+-\s+")

ORG = re.compile(
    r"\b(?:(?:[A-Z][A-Za-z’'.&]+|of|for|and|the)\s+){0,6}?[A-Z][A-Za-z’'.&]*\s+"
    r"(?:Committee|PAC|Fund|Project|Action|Victory|Democrats|Majority|Alliance|Network|Club|Coalition)"
    r"(?:\s+(?:Committee|PAC|Fund|Project|Action|Victory|Majority|Alliance|Network|Club|Coalition))*\b"
    r"|\b[A-Z]{3,}(?:\s+PAC)?\b"
    r"|\b(?:crypto|pro-Israel|allied|super|industry|oil|gun|corporate|dark[- ]money)\s+(?:super\s+)?"
    r"(?:PACs?|lobby|lobbies|groups?|industry)\b"
)
NOT_ORG = {"Federal Election Commission", "FEC", "ICE", "COVID", "LAUSD", "U.S", "GHF", "USA"}
PARTY_ORG = re.compile(r"^(The\s+)?(Democrats|Republicans|Democratic|Republican)$")
PERSON = re.compile(
    r"\b(?:(?:Rep|Reps|Sen|Gov|Mayor|President|Speaker)\.?\s+)?"
    r"([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+(?:[A-Z]\.\s+)?([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b"
)
NOT_NAME = {"California", "Congress", "Democrats", "Democratic", "Republican", "Republicans", "District", "Party",
            "Justice", "American", "Israel", "Public", "Affairs", "Committee", "Federal", "Election", "Commission",
            "New", "York", "Los", "Angeles", "Highland", "Park", "Eagle", "Rock", "House", "Senate", "The", "In",
            "And", "But", "When", "Now", "Both", "Thanks", "However", "Recent", "Posts", "Take", "Action", "Prime",
            "Minister", "Historic", "Neighborhood", "Council", "Metro", "Boyle", "Heights", "Korean", "East",
            "Pico", "Union", "Green", "Deal", "Medicare", "Big", "Beautiful", "Bill", "City", "Hall", "Gaza",
            "Lebanon", "Washington", "Palestine", "Thursday", "Monday", "Tuesday", "Wednesday", "Friday",
            "Congressional", "Vermont", "Minnesota", "Massachusetts", "Michigan", "Queens", "Bronx",
            "Squad", "Home", "Pasadena"}
INCUMBENT = re.compile(r"\b(our|the|their) (present |current |sitting )?(congress ?(member|man|woman)|incumbent|"
                       r"representative)\b", re.I)
_STATES = "|".join(sorted((n.title() for n in STATE_NAMES), key=len, reverse=True))
_ORD_WORDS = "|".join(sorted(ORDINALS, key=len, reverse=True))
RACE = re.compile(
    rf"(?:\b(?P<state>{_STATES})(?:[’']s)?\s+)?(?:the\s+)?\b(?P<d>\d{{1,2}}(?:st|nd|rd|th)|(?:(?:twenty|thirty|forty|"
    rf"fifty)[- ])?(?:{_ORD_WORDS}))\s+(?:Congressional\s+)?District\b"
    r"|\b(?P<code>[A-Z]{2})-(?P<num>\d{2}|AL)\b"
)


@dataclass
class Claim:
    id: str
    sentence: int
    start: int  # sentence offsets in the cleaned article text
    end: int
    hl_start: int  # the stated value's offsets in the article text (highlight)
    hl_end: int
    quote: str
    kind: str  # money | count | vote
    metric: str
    value: Value
    period: Period
    people: list[str] = field(default_factory=list)  # surnames, or "@incumbent"
    orgs: list[str] = field(default_factory=list)
    race: str | None = None
    party: str | None = None
    stage: str | None = None
    not_fec: str | None = None
    context: list[str] = field(default_factory=list)  # where entities/period came from when not in the clause

    def to_dict(self) -> dict:
        d = asdict(self)
        v = self.value
        lo, hi = v.bounds()
        d["value"] = {"text": v.text, "amount": v.amount, "unit": v.unit, "qualifier": v.qualifier,
                      "second": v.second, "ordinal": v.ordinal, "low": _finite(lo), "high": _finite(hi),
                      "rule": v.rule()}
        d["period"] = {"year": self.period.year, "cycle": self.period.cycle, "text": self.period.text,
                       "basis": self.period.basis}
        d["metric_text"] = METRICS.get(self.metric, self.metric)
        return d


def _finite(x: float) -> float | None:
    return None if x in (float("inf"), float("-inf")) else x


@dataclass
class Extraction:
    article: Article
    date: ArticleDate | None
    race: str | None
    claims: list[Claim]
    skipped: list[dict]  # numbers that are not claims, and why

    def to_dict(self) -> dict:
        return {"date": self.date.day.isoformat() if self.date else None,
                "date_basis": self.date.how if self.date else None,
                "date_note": self.date.note if self.date else None,
                "race": self.race, "claims": [c.to_dict() for c in self.claims], "skipped": self.skipped,
                "dropped_lines": len(self.article.dropped)}


def clauses(s: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in CLAUSE_BREAK.finditer(s):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(s):
        out.append((pos, len(s)))
    return out or [(0, len(s))]


def find_orgs(s: str) -> list[tuple[int, str]]:
    out = []
    for m in ORG.finditer(s):
        name = re.sub(r"^(?:(?:the|The|and|of)\s+)+", "", m.group(0)).strip()
        if name.split()[0].lower() in ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "one"):
            name = name.split(" ", 1)[1] if " " in name else ""
        name = re.sub(r"[’']s$", "", name)
        if name in NOT_ORG or PARTY_ORG.match(name) or len(name) < 3:
            continue
        if name.endswith("Democrats") and name.split()[0] in ("Democrats", "Progressive", "Democratic"):
            continue
        out.append((m.start(), name))
    return out


def find_races(s: str, state: str | None) -> list[tuple[int, str]]:
    out = []
    for m in RACE.finditer(s):
        if m["code"]:
            if m["code"] in {v for v in STATE_NAMES.values()}:
                out.append((m.start(), f"{m['code']}-{m['num']}"))
            continue
        st = STATE_NAMES.get((m["state"] or "").upper()) or state
        d = m["d"].lower()
        n = int(re.match(r"\d+", d).group(0)) if d[0].isdigit() else word_number(d.replace(" ", "-"))
        if st and n:
            out.append((m.start(), f"{st}-{n:02d}"))
    return out


def introduced_people(text: str) -> dict[str, str]:
    """Surname -> full name, for people named First Last somewhere in the article."""
    people: dict[str, str] = {}
    org_names = " | ".join(o for _p, o in find_orgs(text))
    for m in PERSON.finditer(text):
        first, last = m.group(1), m.group(2)
        if first in NOT_NAME or last in NOT_NAME or first.isupper() or f"{first} {last}" in org_names:
            continue
        people.setdefault(last, f"{first} {last}")
    return people


def _noun_after(s: str, end: int) -> tuple[str | None, str | None]:
    """The counted noun after a number: skip adjectives, stop at a function word."""
    for tok in re.finditer(r"[A-Za-z]+(?:-[A-Za-z]+)*", s[end:end + 80]):
        w = tok.group(0)
        lw = w.lower()
        if lw in COUNT_NOUNS:
            return COUNT_NOUNS[lw], lw
        if lw in STOP or "-" not in w and lw.endswith(("ly",)):
            return None, lw
        if lw == "district":
            return None, lw
    return None, None


def extract(raw: str, date=None) -> Extraction:
    article = parse_article(raw)
    when = article_date(article.text, date)
    text_norm = "\n".join(s.norm for s in article.sentences)
    people = introduced_people(text_norm)
    race_hits = [r for s in article.sentences for _p, r in find_races(s.norm, None)]
    article_race = Counter(race_hits).most_common(1)[0][0] if race_hits else None
    state = article_race.split("-")[0] if article_race else None
    org_counts = Counter(o for s in article.sentences for _p, o in find_orgs(s.norm))
    claims: list[Claim] = []
    skipped: list[dict] = []
    for sent in article.sentences:
        s = sent.norm
        values = find_values(s)
        if not values:
            continue
        periods = find_periods(s, when)
        orgs_s = find_orgs(s)
        races_s = find_races(s, state)
        cl = clauses(s)
        for v in values:
            a, b = next(((x, y) for x, y in cl if x <= v.start < y), (0, len(s)))
            clause = s[a:b]
            claim = _classify(v, s, clause, a)
            if claim is None:
                skipped.append({"sentence": sent.index, "value": v.text, "why": _skip_reason(v, s)})
                continue
            kind, metric, party, stage = claim
            context = []
            c_orgs = [o for p, o in orgs_s if a <= p < b] or [o for _p, o in orgs_s]
            if not c_orgs and metric in ("endorsements", "network_races", "endorsements_by_party", "spent") \
                    and org_counts:
                c_orgs = [org_counts.most_common(1)[0][0]]
                context.append(f"organisation from the article: {c_orgs[0]}")
            c_people = [last for last in people if re.search(rf"\b{re.escape(last)}\b", clause)]
            if INCUMBENT.search(clause) and not c_people:
                c_people = ["@incumbent"]
                context.append("\"" + INCUMBENT.search(clause).group(0) + "\" read as the race's incumbent")
            if not c_people:
                c_people = [last for last in people if re.search(rf"\b{re.escape(last)}\b", s)]
            c_race = next((r for p, r in races_s if a <= p < b), None) or (races_s[0][1] if races_s else None)
            if c_race is None and article_race and (metric in RACE_METRICS or c_people):
                c_race = article_race
                if kind in ("vote", "count") or c_people:
                    context.append(f"race from the article: {article_race}")
            in_clause = [p for p in periods if a <= p.start < b]
            before = [p for p in periods if p.start < a]
            period = nearest(in_clause, v.start) or (before[-1] if before else None)
            if period is None:
                period = assumed(when, every_cycle=metric == "received_from")
            elif not in_clause:
                context.append(f"period from the sentence: {period.text}")
            if period.basis == "relative" and when and when.how == "inferred":
                context.append(when.note)
            start = sent.start + _find(sent.text, v.text)
            hl = (start, start + len(v.text)) if start >= sent.start else (sent.start, sent.end)
            claims.append(Claim(
                id=f"c{len(claims) + 1}", sentence=sent.index, start=sent.start, end=sent.end,
                hl_start=hl[0], hl_end=hl[1], quote=sent.text, kind=kind, metric=metric, value=v, period=period,
                people=c_people, orgs=c_orgs, race=c_race, party=party, stage=stage,
                not_fec=NOT_FEC.get(metric), context=context,
            ))
    return Extraction(article, when, article_race, claims, skipped)


def _find(text: str, needle: str) -> int:
    i = text.find(needle)
    return i if i >= 0 else -10**9


def _skip_reason(v: Value, s: str) -> str:
    if v.unit == "count":
        noun, word = _noun_after(s, v.end)
        return f"counts {word!r}, nothing the data tracks" if word else "no counted noun"
    return "no metric recognised"


def _classify(v: Value, s: str, clause: str, offset: int) -> tuple[str, str, str | None, str | None] | None:
    """(kind, metric, party, stage) of a value, or None when it is not a checkable claim."""
    stage = "primary" if re.search(r"\bprimar(y|ies)\b", clause, re.I) else None
    if v.unit == "pair":
        return ("vote", "vote_shares", None, stage) if VOTE_CONTEXT.search(s) else None
    if v.unit == "percent":
        if VOTE_CONTEXT.search(clause):
            return "vote", ("margin_points" if v.extra.get("points") else "vote_share"), None, stage
        return None
    if v.unit == "usd":
        before = clause[: v.start - offset] if v.start >= offset else ""
        after = clause[v.end - offset:] if v.end - offset <= len(clause) else ""
        if CASH.search(clause):
            return "money", "cash_on_hand", None, None
        if RECEIVED.search(clause) or re.match(r"\s*(in \w+ )?from\b", after):
            return "money", "received_from", None, None
        if SPENT.search(clause):
            if OPPOSE.search(after) or OPPOSE.search(before):
                return "money", "spent_against", None, None
            if re.search(r"\b(in support of|supporting|to support|backing|to help|to boost|on behalf of)\b", clause,
                         re.I):
                return "money", "spent_for", None, None
            return "money", "spent", None, None
        if RAISED.search(clause):
            return "money", "raised", None, None
        return "money", "money_other", None, None
    # counts
    noun, _word = _noun_after(s, v.end)
    if v.ordinal and noun != "endorsements":
        return None
    if re.match(r"\s+of\s+(\w+\s+){0,2}?(\d|one|two|three|four|five|six|seven|eight|nine|ten)\b", s[v.end:], re.I):
        return None  # "one of six candidates": the six is the claim
    if noun == "votes":
        if MARGIN.search(clause[: max(0, v.start - offset)]) or re.search(r"\bmargin\b", clause, re.I):
            return "vote", "margin_votes", None, stage
        return "vote", "votes", None, stage
    if noun == "candidates":
        return ("count", "candidates_filed", None, None) if FILED.search(s) else None
    if noun == "bill":
        return "count", "bill_support", None, None
    if noun == "staff":
        return "count", "staff", None, None
    if noun == "endorsements":
        return "count", "endorsements", None, None
    if noun in ("incumbents", "members"):
        if UNSEATED.search(s):
            return "count", "incumbents_defeated", None, None
        return "count", "members", None, None
    if noun == "party":
        word = _noun_after(s, v.end)[1]
        party = PARTY_NOUNS.get(word)
        if BILL.search(s):
            return "count", "bill_support", party, None
        if ENDORSED.search(clause):
            return "count", "endorsements_by_party", party, None
        if FUNDED.search(clause):
            return "count", "recipients_by_party", party, None
        if UNSEATED.search(s):
            return "count", "incumbents_defeated", party, None
        return None
    if noun == "races":
        return ("count", "network_races", None, "general" if "general" in s.lower() else None) \
            if find_orgs(s) else None
    return None
