"""Article text: HTML or scraped plain text -> clean paragraphs -> sentences with offsets.

Why this exists: real articles arrive with navigation junk ("Recent Posts", "Take Action Now",
teaser lists with dates) and sometimes machine-paraphrased ("spun") wording in which
"Democratic Party" became "Democratic Celebration" and "millions of dollars" became
"thousands and thousands of {dollars}". Junk is cut; paraphrase is *normalised for analysis
only* — the text shown to the user and the highlight offsets stay the article's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from ..errors import MoneytrailError

MAX_INPUT_CHARS = 500_000  # an article, not a book: bigger input is refused, never half-read

# Lines that start a trailing block of site navigation: everything from them on is dropped.
NAV_BLOCK_START = re.compile(
    r"^\s*(recent posts|related (posts|articles|stories)|more from|read more|you may also like|"
    r"most popular|trending|latest news|further reading|comments?)\s*:?\s*$",
    re.IGNORECASE,
)
# Single lines that are site furniture wherever they sit.
NAV_LINE = re.compile(
    r"^\s*(take action now\b.*|share( this)?( article)?|subscribe( now)?|sign up.*newsletter.*|advertisement|"
    r"click here.*|follow us.*|donate( now)?|skip to (main )?content|menu|search|"
    r"(january|february|march|april|may|june|july|august|september|october|november|december)"
    r" \d{1,2}, \d{4})\s*$",
    re.IGNORECASE,
)

# Machine paraphrase ("spinning") undone for analysis: each entry is a synonym swap seen in the
# wild, restricted by context so ordinary uses of the word are left alone.
PARAPHRASE = [
    (r"\{dollars\}", "dollars"),
    (r"\bthousands and thousands of\b", "millions of"),
    (r"\b(Democratic|Republican) Celebration\b", r"\1 Party"),
    (r"\bcelebration\b", "party"),
    (r"\bFederal Election Fee\b", "Federal Election Commission"),
    (r"\bone in every of\b", "one of"),
    (r"\bfinal cycle\b", "last cycle"),
    (r"\bfinal 12 months\b", "last year"),
    (r"\b12 months in (\d{4})\b", r"year in \1"),
    (r"\bin help of\b", "in support of"),
    (r"\bpractically\b", "nearly"),
    (r"\binvoice\b", "bill"),
    (r"\bdecision launched\b", "resolution introduced"),
    (r"\bthe Home\b", "the House"),
    (r"\bfoyer\b", "lobby"),
    (r"\bfrequent\b", "common"),
    (r"\bworkers\b", "staffers"),
]
_PARAPHRASE = [(re.compile(p), r) for p, r in PARAPHRASE]

ABBREVIATIONS = {"rep", "reps", "sen", "sens", "gov", "mr", "mrs", "ms", "dr", "st", "jr", "sr", "inc", "co",
                 "corp", "no", "vs", "u.s", "l.a", "d.c", "jan", "feb", "aug", "sept", "oct", "nov", "dec", "gen"}


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int  # offsets into Article.text
    end: int
    text: str  # as in the article
    norm: str  # paraphrase undone, for analysis


@dataclass
class Article:
    text: str  # cleaned article text shown to the user (junk removed)
    sentences: list[Sentence]
    dropped: list[str]  # junk lines removed, so the report can say what was ignored


class _TextOfHtml(HTMLParser):
    """Visible text of an HTML page, one block element a line; script, style and navigation skipped."""

    SKIP = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "svg", "template", "iframe"}
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "tr",
             "blockquote", "figcaption", "pre", "ul", "ol", "table", "main"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def looks_like_html(raw: str) -> bool:
    return bool(re.search(r"<(html|body|p|div|article|br|span|h[1-6])\b[^>]*>", raw[:5000], re.IGNORECASE))


def html_to_text(raw: str) -> str:
    parser = _TextOfHtml()
    parser.feed(raw)
    parser.close()
    text = "".join(parser.parts)
    return "\n".join(re.sub(r"[ \t\r\f\v\xa0]+", " ", line).strip() for line in text.split("\n"))


def normalise(text: str) -> str:
    """Undo known machine paraphrase (for analysis only)."""
    for pat, rep in _PARAPHRASE:
        text = pat.sub(rep, text)
    return text


def clean(raw: str) -> tuple[str, list[str]]:
    """Article text without navigation junk, paragraphs one per line; and the dropped lines."""
    if len(raw) > MAX_INPUT_CHARS:
        raise MoneytrailError(f"the article is {len(raw):,} characters; the limit is {MAX_INPUT_CHARS:,}")
    raw = raw.replace("\x00", " ")
    if looks_like_html(raw):
        raw = html_to_text(raw)
    kept, dropped = [], []
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for i, line in enumerate(lines):
        line = re.sub(r"[ \t\xa0]+", " ", line).strip()
        if NAV_BLOCK_START.match(line):
            dropped.extend(x.strip() for x in lines[i:] if x.strip())
            break
        if not line:
            continue
        if NAV_LINE.match(line) or re.match(r"^by [A-Z][^.]{0,120}$", line, re.IGNORECASE):
            dropped.append(line)  # a byline is not a claim
            continue
        kept.append(line)
    return "\n".join(kept), dropped


_LAST_WORD = re.compile(r"([\w.]+)$")
_BOUNDARY = re.compile(r"([.!?])([\"'”’)]*)(\s+)(?=[\"'“‘(]?[A-Z0-9$])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: paragraphs are lines; inside one, a stop before a capital
    ends a sentence unless the word before it is an abbreviation (Rep., L.A., U.S.)."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        start = pos
        for m in _BOUNDARY.finditer(line):
            word = _LAST_WORD.search(line[max(0, m.start(1) - 40): m.start(1)])  # a window: linear
            w = (word.group(1) if word else "").lower().rstrip(".")
            if w in ABBREVIATIONS or (len(w) == 1 and w.isalpha()):
                continue
            end = pos + m.end(2)
            spans.append((start, end))
            start = pos + m.end(3)
        if pos + len(line) > start:
            spans.append((start, pos + len(line)))
        pos += len(line) + 1
    return [(s, e) for s, e in spans if text[s:e].strip()]


def parse_article(raw: str) -> Article:
    text, dropped = clean(raw)
    sentences = [Sentence(i, s, e, text[s:e], normalise(text[s:e])) for i, (s, e) in enumerate(split_sentences(text))]
    return Article(text=text, sentences=sentences, dropped=dropped)
