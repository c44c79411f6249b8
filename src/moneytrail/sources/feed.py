"""The FEC's electronic-filing RSS feed: which filings arrived, asked for politely.

The FEC lists every electronic filing of the last seven days, minutes after it is received, at
``https://efilingapps.fec.gov/rss/generate``: ``?preDefinedFilingType=ALL`` for everything,
``?cids=C00123456,C00234567`` for some committees, ``?forms=F24`` for one form. An item's
``link`` (and ``guid``) is the raw filing (``https://docquery.fec.gov/dcdev/posted/<id>.fec``);
its description ends in a machine-readable block::

    <p>The X PAC successfully filed their F3XN ...</p>*********CommitteeId: C00123456 | FilingId:
    1234567 | FormType: F3XN | CoverageFrom: 07/01/2025 | CoverageThrough: 12/31/2025 |
    ReportType: OCTOBER QUARTERLY*********

The form type carries the amendment marker (``F3XA``, ``F24A``; ``N`` new, ``T`` termination).
Polling is polite: conditional requests (``If-None-Match`` / ``If-Modified-Since``), a
descriptive User-Agent, and errors that say when to try again (``Retry-After`` on 429/503).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlencode

import httpx

from ..errors import DownloadError, FileFormatError
from .addresses import FEC_FEED_BASE

USER_AGENT = "moneytrail-watch (follows FEC electronic filings; https://github.com/moneytrail/moneytrail)"
CIDS_PER_URL = 25  # committee ids per feed request: the query string stays short
_META = re.compile(r"\*{5,}(.*?)\*{5,}", re.S)
_FILING_IN_LINK = re.compile(r"(\d+)\.fec\b", re.I)
_AMENDMENT = {"N": "new", "A": "amendment", "T": "termination"}


@dataclass(frozen=True)
class FeedItem:
    """One filing announced by the feed."""

    filing_id: int
    link: str
    guid: str
    title: str
    committee_id: str | None
    committee_name: str | None
    form_type: str | None  # as filed: F3XN, F24A ...
    coverage_from: date | None
    coverage_through: date | None
    report_type: str | None
    published: datetime | None

    @property
    def amendment(self) -> str | None:
        """'new', 'amendment' or 'termination' from the form type's last letter (None: the form has none)."""
        ft = self.form_type or ""
        return _AMENDMENT.get(ft[-1:]) if re.fullmatch(r"F\d+[A-Z]?[NAT]", ft) else None

    @property
    def form(self) -> str | None:
        """The form without its amendment marker (F3XA -> F3X)."""
        ft = self.form_type
        return ft[:-1] if ft and self.amendment else ft


def feed_urls(base: str = FEC_FEED_BASE, committees: list[str] | None = None,
              forms: list[str] | None = None) -> list[str]:
    """The feed addresses to poll: committee ids in groups, then one per form; everything when neither."""
    urls = []
    ids = sorted({c.strip().upper() for c in committees or [] if c.strip()})
    for i in range(0, len(ids), CIDS_PER_URL):
        urls.append(f"{base}?{urlencode({'cids': ','.join(ids[i:i + CIDS_PER_URL])}, safe=',')}")
    for form in sorted({f.strip().upper() for f in forms or [] if f.strip()}):
        urls.append(f"{base}?{urlencode({'forms': form})}")
    if not urls:
        urls.append(f"{base}?preDefinedFilingType=ALL")
    return urls


def _date(text: str | None) -> date | None:
    if not text:
        return None
    for fmt in ("%m/%d/%Y", "%Y-%m-%d", "%Y%m%d"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _published(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        when = parsedate_to_datetime(text.strip())
    except (TypeError, ValueError):
        return None
    return when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo else when


def _meta(description: str) -> dict[str, str]:
    m = _META.search(description or "")
    out: dict[str, str] = {}
    for part in (m.group(1).split("|") if m else []):
        key, sep, value = part.partition(":")
        if sep and value.strip():
            out[key.strip().lower()] = value.strip()
    return out


def parse_feed(xml: bytes | str, source: str = "feed") -> list[FeedItem]:
    """The feed's items in feed order; an item naming no filing number is left out (it cannot be fetched).

    Raises :class:`FileFormatError` with one line when the body is not an RSS document.
    """
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise FileFormatError(f"{source}: not an RSS feed ({exc})") from None
    if root.tag != "rss" and root.find("channel") is None:
        raise FileFormatError(f"{source}: not an RSS feed (the document is <{root.tag}>)")
    items = []
    for node in root.iter("item"):
        link, guid, title, desc, pub = ((node.findtext(t) or "").strip()
                                        for t in ("link", "guid", "title", "description", "pubDate"))
        meta = _meta(desc)
        number = meta.get("filingid") or ""
        if not number.isdigit():
            m = _FILING_IN_LINK.search(link) or _FILING_IN_LINK.search(guid)
            number = m.group(1) if m else ""
        if not number.isdigit():
            continue
        name = title.removeprefix("New filing by ").strip() or None
        items.append(FeedItem(
            filing_id=int(number), link=link, guid=guid or link, title=title,
            committee_id=(meta.get("committeeid") or "").upper() or None, committee_name=name,
            form_type=(meta.get("formtype") or "").upper() or None,
            coverage_from=_date(meta.get("coveragefrom")), coverage_through=_date(meta.get("coveragethrough")),
            report_type=meta.get("reporttype"), published=_published(pub),
        ))
    return items


@dataclass(frozen=True)
class FeedResponse:
    """One poll: 200 with items, or 304 (nothing new); the validators to send next time."""

    url: str
    status: int
    items: tuple[FeedItem, ...]
    etag: str | None
    last_modified: str | None


class FeedUnavailable(DownloadError):
    """The feed could not be read now; ``retry_after`` (seconds) when the server said how long to wait."""

    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(message)
        self.status, self.retry_after = status, retry_after


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    when = _published(value)
    return max(0.0, (when - datetime.now(UTC).replace(tzinfo=None)).total_seconds()) if when else None


def poll(client: httpx.Client, url: str, etag: str | None = None,
         last_modified: str | None = None) -> FeedResponse:
    """One conditional GET of a feed. Raises :class:`FeedUnavailable` on 429, 5xx, other errors, bad XML."""
    headers = {"User-Agent": USER_AGENT, "Accept": "application/rss+xml, application/xml;q=0.9, */*;q=0.1"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        r = client.get(url, headers=headers, follow_redirects=True)
    except httpx.HTTPError as exc:
        raise FeedUnavailable(f"could not read the feed {url}: {type(exc).__name__}: {exc}") from None
    if r.status_code == 304:
        return FeedResponse(url, 304, (), etag, last_modified)
    if r.status_code != 200:
        wait = _retry_after(r.headers.get("retry-after"))
        raise FeedUnavailable(f"the feed {url} answered HTTP {r.status_code} {r.reason_phrase}",
                              status=r.status_code, retry_after=wait)
    try:
        items = parse_feed(r.content, url)
    except FileFormatError as exc:
        raise FeedUnavailable(str(exc), status=200) from None
    return FeedResponse(url, 200, tuple(items), r.headers.get("etag"), r.headers.get("last-modified"))
