"""The watcher's memory, in the store: feeds polled, filings seen, alerts made and posted.

Why in the store: a cron job (``watch --once``) is a new process each time, and the same store
holds the filings; keeping both in one file means "fetched", "loaded" and "alerted" cannot drift
apart. Every change is one small transaction, so Ctrl-C or a crash leaves a state that the next
run simply continues (a filing is ``new`` or ``failed`` until it is loaded; an alert is stored
before it is shown, and ``posted`` only once the POST succeeded).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from ..sources.feed import FeedItem


def watch_ddl() -> list[str]:
    return [
        """CREATE TABLE IF NOT EXISTS watch_feeds (
  url VARCHAR PRIMARY KEY,
  etag VARCHAR,                   -- validators for the next conditional request
  last_modified VARCHAR,
  polled TIMESTAMP,
  status INTEGER,                 -- HTTP status of the last poll (304: not modified)
  items INTEGER,                  -- items in the last 200 answer
  failures INTEGER NOT NULL DEFAULT 0,  -- in a row; drives the backoff
  next_poll TIMESTAMP,            -- not before (backoff, Retry-After)
  message VARCHAR
)""",
        """CREATE TABLE IF NOT EXISTS watch_items (
  filing_id BIGINT PRIMARY KEY,
  link VARCHAR NOT NULL,          -- where the .fec is fetched from
  committee_id VARCHAR,
  committee_name VARCHAR,
  form_type VARCHAR,
  coverage_from DATE,
  coverage_through DATE,
  report_type VARCHAR,
  published TIMESTAMP,
  feed_url VARCHAR,
  first_seen TIMESTAMP NOT NULL,
  status VARCHAR NOT NULL,        -- new | failed | loaded (alert not yet decided) | done
  attempts INTEGER NOT NULL DEFAULT 0,
  next_try TIMESTAMP,             -- a failed fetch or load is tried again from then
  message VARCHAR,                -- why it failed
  path VARCHAR,                   -- the downloaded file
  load_id INTEGER,                -- the ledger row of its load
  finished TIMESTAMP
)""",
        "CREATE SEQUENCE IF NOT EXISTS watch_alert_seq START 1",
        """CREATE TABLE IF NOT EXISTS watch_alerts (
  alert_id BIGINT PRIMARY KEY,
  filing_id BIGINT NOT NULL UNIQUE,  -- one alert per filing, ever
  kind VARCHAR NOT NULL,          -- ie_notice | report | amendment | filing
  created TIMESTAMP NOT NULL,
  payload VARCHAR NOT NULL,       -- the alert as JSON
  post_url VARCHAR,
  posted TIMESTAMP,               -- the POST succeeded
  post_attempts INTEGER NOT NULL DEFAULT 0,
  post_error VARCHAR
)""",
    ]


#: After the n-th failure in a row, wait this long before trying again (the last step repeats).
BACKOFF = [timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1), timedelta(hours=6)]


def backoff(failures: int) -> timedelta:
    return BACKOFF[min(max(failures, 1), len(BACKOFF)) - 1]


@dataclass(frozen=True)
class FeedState:
    url: str
    etag: str | None
    last_modified: str | None
    failures: int
    next_poll: datetime | None


@dataclass(frozen=True)
class PendingFiling:
    filing_id: int
    link: str
    form_type: str | None
    committee_id: str | None
    attempts: int


class WatchState:
    """Reads and writes the three watch tables on one connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    # -- feeds ------------------------------------------------------------------------

    def feed(self, url: str) -> FeedState:
        row = self.con.execute("SELECT etag, last_modified, failures, next_poll FROM watch_feeds WHERE url = ?",
                               [url]).fetchall()
        if not row:
            return FeedState(url, None, None, 0, None)
        etag, lm, failures, next_poll = row[0]
        return FeedState(url, etag, lm, failures, next_poll)

    def feed_polled(self, url: str, status: int, items: int | None, etag: str | None, last_modified: str | None,
                    now: datetime) -> None:
        self.con.execute(
            "INSERT INTO watch_feeds (url, etag, last_modified, polled, status, items, failures, next_poll, message) "
            "VALUES (?, ?, ?, ?, ?, ?, 0, NULL, NULL) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
            "last_modified = excluded.last_modified, polled = excluded.polled, status = excluded.status, "
            "items = coalesce(excluded.items, watch_feeds.items), failures = 0, next_poll = NULL, message = NULL",
            [url, etag, last_modified, now, status, items],
        )

    def feed_failed(self, url: str, status: int | None, message: str, now: datetime,
                    retry_after: float | None) -> datetime:
        failures = self.feed(url).failures + 1
        wait = backoff(failures)
        if retry_after is not None:
            wait = max(wait, timedelta(seconds=retry_after))
        next_poll = now + wait
        self.con.execute(
            "INSERT INTO watch_feeds (url, polled, status, failures, next_poll, message) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (url) DO UPDATE SET polled = excluded.polled, status = excluded.status, "
            "failures = excluded.failures, next_poll = excluded.next_poll, message = excluded.message",
            [url, now, status, failures, next_poll, message[:2000]],
        )
        return next_poll

    # -- filings ----------------------------------------------------------------------

    def add_items(self, items: list[FeedItem], feed_url: str, now: datetime) -> int:
        """Record feed items not seen before; returns how many were new (a repeated item is ignored)."""
        if not items:
            return 0
        before = self.con.execute("SELECT count(*) FROM watch_items").fetchall()[0][0]
        self.con.executemany(
            "INSERT INTO watch_items (filing_id, link, committee_id, committee_name, form_type, coverage_from, "
            "coverage_through, report_type, published, feed_url, first_seen, status) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'new') ON CONFLICT (filing_id) DO NOTHING",
            [[i.filing_id, i.link, i.committee_id, i.committee_name, i.form_type, i.coverage_from,
              i.coverage_through, i.report_type, i.published, feed_url, now] for i in items],
        )
        return self.con.execute("SELECT count(*) FROM watch_items").fetchall()[0][0] - before

    def pending(self, now: datetime) -> list[PendingFiling]:
        """Filings to fetch now: new ones, and failed ones whose wait is over; originals before amendments."""
        rows = self.con.execute(
            "SELECT filing_id, link, form_type, committee_id, attempts FROM watch_items "
            "WHERE status = 'new' OR (status = 'failed' AND (next_try IS NULL OR next_try <= ?)) "
            "ORDER BY filing_id", [now]).fetchall()
        return [PendingFiling(*r) for r in rows]

    def loaded(self, filing_id: int, path: str, load_id: int | None, now: datetime) -> None:
        self.con.execute(
            "UPDATE watch_items SET status = 'loaded', attempts = attempts + 1, path = ?, load_id = ?, "
            "finished = ?, message = NULL, next_try = NULL WHERE filing_id = ?", [path, load_id, now, filing_id])

    def failed(self, filing_id: int, message: str, now: datetime) -> datetime:
        attempts = self.con.execute("SELECT attempts FROM watch_items WHERE filing_id = ?",
                                    [filing_id]).fetchall()[0][0] + 1
        next_try = now + backoff(attempts)
        self.con.execute(
            "UPDATE watch_items SET status = 'failed', attempts = ?, message = ?, next_try = ? WHERE filing_id = ?",
            [attempts, message[:2000], next_try, filing_id])
        return next_try

    def checked(self, filing_ids: list[int]) -> None:
        """Loaded filings whose alert (or the decision that they need none) is stored."""
        if filing_ids:
            self.con.execute("UPDATE watch_items SET status = 'done' WHERE status = 'loaded' AND filing_id IN "
                             "(SELECT unnest(?::BIGINT[]))", [filing_ids])

    def items(self, status: str | None = None) -> list[dict]:
        where = "WHERE status = ?" if status else ""
        cur = self.con.execute(f"SELECT * FROM watch_items {where} ORDER BY filing_id", [status] if status else [])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

    # -- alerts -----------------------------------------------------------------------

    def alerted(self, filing_id: int) -> bool:
        return bool(self.con.execute("SELECT count(*) FROM watch_alerts WHERE filing_id = ?",
                                     [filing_id]).fetchall()[0][0])

    def add_alert(self, filing_id: int, kind: str, payload: dict, post_url: str | None, now: datetime) -> int | None:
        """Store an alert once per filing; None when the filing was alerted before."""
        row = self.con.execute(
            "INSERT INTO watch_alerts (alert_id, filing_id, kind, created, payload, post_url) "
            "VALUES (nextval('watch_alert_seq'), ?, ?, ?, ?, ?) ON CONFLICT (filing_id) DO NOTHING "
            "RETURNING alert_id", [filing_id, kind, now, json.dumps(payload), post_url]).fetchall()
        return row[0][0] if row else None

    def unposted(self) -> list[tuple[int, str, dict]]:
        rows = self.con.execute("SELECT alert_id, post_url, payload FROM watch_alerts "
                                "WHERE post_url IS NOT NULL AND posted IS NULL ORDER BY alert_id").fetchall()
        return [(a, u, json.loads(p)) for a, u, p in rows]

    def posted(self, alert_id: int, now: datetime, error: str | None = None) -> None:
        if error is None:
            self.con.execute("UPDATE watch_alerts SET posted = ?, post_attempts = post_attempts + 1, "
                             "post_error = NULL WHERE alert_id = ?", [now, alert_id])
        else:
            self.con.execute("UPDATE watch_alerts SET post_attempts = post_attempts + 1, post_error = ? "
                             "WHERE alert_id = ?", [error[:2000], alert_id])

    def alerts(self, limit: int = 100) -> list[dict]:
        rows = self.con.execute("SELECT alert_id, filing_id, kind, created, payload, posted, post_error "
                                "FROM watch_alerts ORDER BY alert_id DESC LIMIT ?", [limit]).fetchall()
        return [{"alert_id": a, "filing_id": f, "kind": k, "created": c, "alert": json.loads(p), "posted": po,
                 "post_error": e} for a, f, k, c, p, po, e in rows]
