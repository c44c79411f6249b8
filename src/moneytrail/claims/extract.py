"""Which sentences make a checkable claim, and of what: value, metric, entities, period.

A claim is anchored on a stated value (``numbers.find_values``). Its **metric** comes from cue words
in the value's clause (money) or the noun the value counts (counts); its **entities** and
**period** are looked for in the clause, then the rest of the sentence, then the article (the
race it is about, the person it calls "the congressman"), and the report says which.
Numbers that count nothing we track (ages, days, terms, ordinals of districts) are not claims.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import asdict, dataclass, field, replace

from ..reference.states import STATE_NAMES
from .entities import find_network
from .numbers import ORDINALS, Value, find_values, too_long, word_number
from .periods import ArticleDate, Period, article_date, assumed, find_periods, nearest
from .text import Article, parse_article

# -- metrics: what a claim is about. The evaluator table in check.py is keyed by these names. ----
METRICS = {
    "spent": "spent in total by a candidate's campaign, a committee or a network",
    "spent_for": "spent supporting a candidate (independent expenditures for)",
    "spent_against": "spent opposing a candidate (independent expenditures against)",
    "received_from": "received by a candidate from a committee or network (direct, earmarked, IE support)",
    "raised": "raised by a candidate's or a committee's committees (receipts)",
    "gave": "given by a committee to candidates and other committees (contributions)",
    "cash_on_hand": "cash on hand of a candidate's or a committee's committees",
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
VOTE_CONTEXT = re.compile(r"\b(vote|votes|margin|won|win|winning|prevail\w*|beat|defeat\w*|lost|ballot|election)\b",
                          re.I)
FILED = re.compile(r"\b(filed|filing|running|in the race|on the ballot|paperwork|declared)\b", re.I)
ENDORSED = re.compile(r"\bendors\w*\b", re.I)
GAVE = re.compile(r"\b(gave|given|contributed|donated)\b", re.I)
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

ORG_WORDS = {"Committee", "PAC", "PACs", "Fund", "Project", "Action", "Victory", "Democrats", "Majority", "Alliance",
             "Network", "Club", "Coalition", "List", "Forward", "Leadership", "Association", "Federation",
             "Council", "Caucus", "Conservatives", "Progressives", "Foundation"}
# a run of capitalised words, "of/for/the/to" allowed between them: a committee's name is one of these
CAP_RUN = re.compile(r"\b[A-Z][\w’'.&-]*(?:(?:\s+(?:of|for|the|to|on))*\s+[A-Z][\w’'.&-]*)*")
GENERIC_ORG = re.compile(r"\b(?:crypto|pro-Israel|allied|super|industry|oil|gun|corporate|dark[- ]money)\s+"
                         r"(?:super\s+)?(?:PACs?|lobby|lobbies|groups?|industry)\b")
NOT_ORG = {"Federal Election Commission", "FEC", "ICE", "COVID", "LAUSD", "U.S", "GHF", "USA"}
PARTY_ORG = re.compile(r"^(The\s+)?(Democrats|Republicans|Democratic|Republican)$")
_NAME = r"(?:Mc|Mac|O['’]|D['’]|De|La|Van)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
PERSON = re.compile(
    r"\b(?:(?:Rep|Reps|Sen|Gov|Mayor|President|Speaker)\.?\s+)?"
    rf"([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+(?:[A-Z]\.\s+)?({_NAME})(?![\w-])"
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
NOT_NAME |= {w.title() for n in STATE_NAMES for w in n.split()} | {"Sen", "Rep", "Gov", "Reps", "Sens", "Democrat"}
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
    window: str = ""  # the sentence and its neighbours: clues to tell namesakes apart
    race_hint: str | None = None  # the article's race, only to place a surname the article never introduced
    subject: str | None = None  # "person" or "org": whichever the clause names first before the value

    def to_dict(self) -> dict:
        d = asdict(self)
        d.pop("window")
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
    notes: list[str] = field(default_factory=list)  # limits that applied

    def to_dict(self) -> dict:
        return {"date": self.date.day.isoformat() if self.date else None,
                "date_basis": self.date.how if self.date else None,
                "date_note": self.date.note if self.date else None,
                "race": self.race, "claims": [c.to_dict() for c in self.claims], "skipped": self.skipped,
                "notes": self.notes,
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
    """Organisations a sentence names: runs of capitalised words holding a committee word ("Fund",
    "PAC", "Action", ...), all-capital acronyms, registry aliases, and generic groups ("crypto lobbies")."""
    out = []
    for m in CAP_RUN.finditer(s):
        run, at = m.group(0), m.start()
        lead = re.match(r"(?:(?:The|the|And|In|On|At|By|For|From|With|But|Meanwhile|Also)\s+)+", run)
        if lead:
            run, at = run[lead.end():], at + lead.end()
        name = re.sub(r"[’']s$", "", run.rstrip(".,"))
        words = name.split()
        if not words or name in NOT_ORG or PARTY_ORG.match(name):
            continue
        if name.endswith("Democrats") and words[0] in ("Democrats", "Progressive", "Democratic"):
            continue
        is_org = (any(w.rstrip(".,’'s") in ORG_WORDS or w in ORG_WORDS for w in words[1:] + words[:1])
                  and len(words) > 1) or (len(words) == 1 and re.fullmatch(r"[A-Z]{3,}", name) is not None)
        if not is_org and find_network(name) is None:
            continue
        out.append((at, name))
    out += [(m.start(), m.group(0)) for m in GENERIC_ORG.finditer(s)]
    return sorted(out)


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
    """Surname -> full name, for people named First Last somewhere in the article ("Minnesota
    Democrat Ilhan Omar": the pair is slid right while the next word is also a name)."""
    people: dict[str, str] = {}
    org_spans = [(p, p + len(o)) for p, o in find_orgs(text)]
    taken = bytearray(len(text) + 1)
    for a, b in org_spans:
        taken[a:b] = b"\x01" * (b - a)
    pos = 0
    while True:
        m = PERSON.search(text, pos)
        if m is None:
            break
        first, last = m.group(1), m.group(2)
        nxt = re.match(rf"\s+({_NAME})(?![\w-])", text[m.end(): m.end() + 40])
        if first in NOT_NAME or last in NOT_NAME or taken[m.start(1)] or (nxt and nxt.group(1) not in NOT_NAME):
            pos = m.start(2)
            continue
        people.setdefault(last, f"{first} {last}")
        pos = m.end()
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


ONE_OF = re.compile(r"\s+of\s+(\w+\s+){0,2}?(\d|one|two|three|four|five|six|seven|eight|nine|ten)\b", re.I)
MAX_CLAIMS = 200  # claims checked per article: each costs queries; the rest are listed as not checked
MAX_VALUES = 2_000  # numbers looked at per article (claims or not): bounds the work on hostile input


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
    notes: list[str] = []
    seen_values = 0
    sents = article.sentences
    for k, sent in enumerate(sents):
        s = sent.norm
        for long in too_long(s):
            skipped.append({"sentence": sent.index, "value": long, "why": "too many digits to be a figure"})
        values = find_values(s)
        if not values:
            continue
        if len(claims) >= MAX_CLAIMS or seen_values >= MAX_VALUES:
            notes.append(_cap_note(len(claims), sent.index))
            break
        window = " ".join(x.norm for x in sents[max(0, k - 1): k + 2])
        periods = find_periods(s, when)
        orgs_s = find_orgs(s)
        races_s = find_races(s, state)
        names_s = _names_in(s, people)
        cl = clauses(s)
        starts = [x for x, _y in cl]
        for v in values:
            seen_values += 1
            if len(claims) >= MAX_CLAIMS or seen_values > MAX_VALUES:
                notes.append(_cap_note(len(claims), sent.index))
                break
            i = bisect.bisect_right(starts, v.start) - 1
            a, b = cl[i] if i >= 0 and cl[i][0] <= v.start < cl[i][1] else (0, len(s))
            clause = s[a:b]
            claim = _classify_near(v, s, a, b)
            if claim is None:
                skipped.append({"sentence": sent.index, "value": v.text, "why": _skip_reason(v, s)})
                continue
            kind, metric, party, stage = claim
            context = []
            c_orgs = [o for p, o in orgs_s if a <= p < b] or [o for _p, o in orgs_s]
            if not c_orgs and metric in ("endorsements", "network_races", "endorsements_by_party") and org_counts:
                c_orgs = [org_counts.most_common(1)[0][0]]
                context.append(f"organisation from the article: {c_orgs[0]}")
            prev_end = max((u.end for u in values if u.end <= v.start), default=0)
            c_people = _people_for(v, s, names_s, a, b, prev_end)
            subject = _subject(v, names_s, orgs_s, a)
            if INCUMBENT.search(clause) and not c_people:
                c_people = ["@incumbent"]
                context.append("\"" + INCUMBENT.search(clause).group(0) + "\" read as the race's incumbent")
            if not c_people:
                c_people = list(dict.fromkeys(n for _p, n in names_s))
            c_race = next((r for p, r in races_s if a <= p < b), None) or (races_s[0][1] if races_s else None)
            hint = None
            if c_race is None and article_race:
                named = [p for p in c_people if p != "@incumbent"]
                if not named and (metric in RACE_METRICS or c_people):
                    c_race = article_race  # no one named: the race the article is about
                    context.append(f"race from the article: {article_race}")
                elif named:
                    hint = article_race  # only to place a surname the article never introduced
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
                not_fec=NOT_FEC.get(metric), context=context, window=window, race_hint=hint, subject=subject,
            ))
        if notes:
            break
    return Extraction(article, when, article_race, claims, skipped, notes)


def _subject(v: Value, names: list[tuple[int, str]], orgs: list[tuple[int, str]], a: int) -> str | None:
    """Who a value's clause is about: the person or organisation named first in it, before the value."""
    first_p = min((p for p, _n in names if a <= p < v.start), default=None)
    first_o = min((p for p, _o in orgs if a <= p < v.start), default=None)
    if first_p is None and first_o is None:
        return None
    if first_o is None or (first_p is not None and first_p < first_o):
        return "person"
    return "org"


def _cap_note(n: int, sentence: int) -> str:
    return (f"only the first {n} claims were checked (limit {MAX_CLAIMS} claims and {MAX_VALUES:,} numbers an "
            f"article); from sentence {sentence + 1} on the text was not read for claims: split the article to "
            "check the rest")


_NAME_TOKEN = re.compile(r"[A-Z][\w’'-]+")


def _names_in(s: str, people: dict[str, str]) -> list[tuple[int, str]]:
    """(position, full name or surname) of each person the sentence names, by surname (linear)."""
    out = []
    for m in _NAME_TOKEN.finditer(s):
        w = re.sub(r"[’']s$", "", m.group(0))
        if w in people:
            out.append((m.start(), people[w]))
    return out


AFTER_OF = re.compile(r"\s+(?:of|by)\b", re.I)  # "the $1.2 million of her opponent, Yesli Vega"


def _people_for(v: Value, s: str, names: list[tuple[int, str]], a: int, b: int, prev_end: int) -> list[str]:
    """The people a value's clause names, the one it belongs to first: named right after it ("the $1.2
    million of her opponent, Yesli Vega"), else the first named since the clause's previous value (the
    subject: "Gay Valimont, who challenged Matt Gaetz, raised ...")."""
    after = [(p, n) for p, n in names if v.end <= p <= v.end + 60 and a <= p < b] if AFTER_OF.match(s, v.end) else []
    since = [(p, n) for p, n in names if max(a, prev_end) <= p < v.start]
    before = [(p, n) for p, n in names if a <= p < v.start]
    first = after[0][1] if after else since[0][1] if since else before[-1][1] if before else None
    rest = [n for p, n in names if a <= p < b]
    ordered = ([first] if first else []) + [n for n in rest if n != first]
    return list(dict.fromkeys(ordered))


def _find(text: str, needle: str) -> int:
    i = text.find(needle)
    return i if i >= 0 else -10**9


def _classify_near(v: Value, s: str, a: int, b: int):
    """``_classify`` on a window around the value: cue words sit near it, and the work per value stays
    bounded however long the sentence (hostile input)."""
    w0, w1 = max(0, v.start - 600), min(len(s), v.end + 600)
    near = replace(v, start=v.start - w0, end=v.end - w0)
    ca, cb = max(a, v.start - 300), min(b, v.end + 300)
    return _classify(near, s[w0:w1], s[ca:cb], ca - w0)


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
        if GAVE.search(clause):
            return "money", "gave", None, None
        if RAISED.search(clause):
            return "money", "raised", None, None
        return "money", "money_other", None, None
    # counts
    noun, _word = _noun_after(s, v.end)
    if v.ordinal and noun != "endorsements":
        return None
    if ONE_OF.match(s, v.end):
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
