"""``moneytrail watch``: follow the FEC's filing feed for a race, committees or the networks registry.

One pass (``--once``, for cron) does, in order:

1. **poll** each feed address (committee ids in groups; for a race also every F24 and F5
   notice, since an outside spender is not known in advance), conditionally (ETag /
   If-Modified-Since) and not before a feed's backoff has passed;
2. **record** the items not seen before (a repeated item is ignored: the filing number is the key);
3. **fetch** each new filing, and each failed one whose wait is over (download.py: atomic,
   size-checked, resumable), then **ingest** it through :meth:`Trail.ingest`, one filing per
   transaction, and refresh the built model once, after the pass's last filing; a 404, a truncated
   download or a file that will not load is recorded as failed with its reason, gives no alert, and
   is tried again later (5 min, 15 min, 1 h, 6 h);
4. **alert** on each loaded filing that concerns the target (model/alerts.py), stored once per
   filing before it is shown, then POSTed when asked (a failed POST is retried next pass).

Everything it remembers lives in the store (store/watch.py), so a second pass over the same
feed fetches nothing and alerts nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

from .errors import DownloadError, MoneytrailError, NotFound
from .model import alerts as malerts
from .model.alerts import Alert
from .model.keys import RaceKey, check_cycle
from .model.timeline import RaceScope, race_scope
from .sources import download
from .sources import feed as sfeed
from .store.watch import WatchState

log = logging.getLogger("moneytrail.watch")

NOTICE_FORMS = ("F24", "F5")  # 24/48-hour IE notices: polled for every filer when watching a race


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Target:
    """What to follow: committees (by feed filter), forms from every filer, and a race to judge notices by."""

    label: str
    committees: tuple[str, ...]
    forms: tuple[str, ...] = ()
    scope: RaceScope | None = None

    def wants(self, item: sfeed.FeedItem) -> bool:
        """Whether a feed item is for this target (a server that ignores the filter is filtered here)."""
        if item.committee_id is None:
            return True
        return item.committee_id in self.committees or (item.form or "") in self.forms


def race_target(trail, key: str, cycle: int, registry: list | None = None, networks: bool = True) -> Target:
    """A race: its candidates' committees, the registry's network committees, and every IE notice."""
    race = RaceKey.parse(key)
    check_cycle(cycle)
    scope = race_scope(trail.model, race, cycle)
    if not scope.candidates:
        raise NotFound(f"no candidates for {race} in {cycle} in this store (load the cycle's cn, ccl and "
                       "weball files, or follow committees with --committee C00...)")
    cmtes = set(scope.committees)
    if networks:
        cmtes |= {m.id for n in trail.registry(registry).networks.values() for m in n.members}
    return Target(f"{race} {cycle}", tuple(sorted(cmtes)), NOTICE_FORMS, scope)


def committees_target(ids: list[str]) -> Target:
    clean = sorted({i.strip().upper() for i in ids if i.strip()})
    bad = [i for i in clean if not (len(i) == 9 and i[0] in "CHSP" and i[1:].isdigit())]
    if bad:
        raise MoneytrailError(f"not an FEC committee id: {', '.join(bad)} (they look like C00123456)")
    return Target("committees " + ", ".join(clean), tuple(clean))


def networks_target(trail, registry: list | None = None) -> Target:
    reg = trail.registry(registry)
    ids = sorted({m.id for n in reg.networks.values() for m in n.members})
    if not ids:
        raise MoneytrailError("the network registry lists no committees")
    return Target(f"networks ({', '.join(sorted(reg.networks))})", tuple(ids))


@dataclass
class Pass:
    """What one pass did, for the terminal and the tests."""

    feeds: int = 0
    not_modified: int = 0
    backing_off: list[str] = field(default_factory=list)
    feed_errors: list[str] = field(default_factory=list)
    new_items: int = 0
    loaded: list[int] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    posted: int = 0
    post_errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.feeds} feed(s) polled ({self.not_modified} not modified)", f"{self.new_items} new filing(s)",
                 f"{len(self.loaded)} loaded", f"{len(self.failed)} failed", f"{len(self.alerts)} alert(s)"]
        if self.backing_off:
            parts.append(f"{len(self.backing_off)} feed(s) backing off")
        if self.posted or self.post_errors:
            parts.append(f"{self.posted} posted, {len(self.post_errors)} post error(s)")
        return "; ".join(parts)

    def to_json(self) -> dict:
        return {"feeds": self.feeds, "not_modified": self.not_modified, "backing_off": self.backing_off,
                "feed_errors": self.feed_errors, "new_items": self.new_items, "loaded": self.loaded,
                "failed": [{"filing_id": f, "message": m} for f, m in self.failed],
                "alerts": len(self.alerts), "posted": self.posted, "post_errors": self.post_errors}


class Watcher:
    """Follows one target into one store. ``on_alert`` sees each new alert as it is made."""

    def __init__(self, trail, target: Target, dest: str | Path = "fec-filings",
                 feed_base: str = sfeed.FEC_FEED_BASE, filing_base: str | None = None,
                 post_url: str | None = None, on_alert: Callable[[Alert], None] | None = None,
                 clock: Callable[[], datetime] = utcnow, client: httpx.Client | None = None):
        self.trail, self.target, self.dest = trail, target, Path(dest)
        self.feed_base, self.filing_base, self.post_url = feed_base, filing_base, post_url
        self.on_alert, self.clock = on_alert, clock
        self.state = WatchState(trail.store.con)
        self.client = client or httpx.Client(timeout=download.DEFAULT_TIMEOUT, follow_redirects=True,
                                             headers={"User-Agent": sfeed.USER_AGENT})

    def close(self) -> None:
        self.client.close()

    def feed_urls(self) -> list[str]:
        return sfeed.feed_urls(self.feed_base, list(self.target.committees), list(self.target.forms))

    # -- one pass ---------------------------------------------------------------------

    def run_once(self) -> Pass:
        p = Pass()
        self._poll(p)
        self._fetch_and_load(p)
        self._alert(p)
        self._post(p)
        return p

    def _poll(self, p: Pass) -> None:
        for url in self.feed_urls():
            now = self.clock()
            st = self.state.feed(url)
            if st.next_poll is not None and st.next_poll > now:
                p.backing_off.append(f"{url}: not before {st.next_poll:%Y-%m-%d %H:%M} UTC "
                                     f"({st.failures} failure(s) in a row)")
                continue
            p.feeds += 1
            try:
                r = sfeed.poll(self.client, url, st.etag, st.last_modified)
            except sfeed.FeedUnavailable as exc:
                until = self.state.feed_failed(url, exc.status, str(exc), now, exc.retry_after)
                p.feed_errors.append(f"{exc}; next try after {until:%Y-%m-%d %H:%M} UTC")
                log.warning("%s", p.feed_errors[-1])
                continue
            if r.status == 304:
                p.not_modified += 1
            wanted = [i for i in r.items if self.target.wants(i)]
            self.state.feed_polled(url, r.status, len(r.items) if r.status == 200 else None, r.etag,
                                   r.last_modified, now)
            p.new_items += self.state.add_items(wanted, url, now)

    def _url(self, filing_id: int, link: str) -> str:
        return download.filing_url(filing_id, self.filing_base) if self.filing_base else link

    def _fetch_and_load(self, p: Pass) -> None:
        loaded: list = []
        self._fetch_each(p, loaded)
        # the built model (the race's timeline among it) is refreshed once for the pass's filings, before
        # anything reads it; an interrupted pass leaves it stale, and the next read rebuilds it first
        self.trail.build_after(loaded)

    def _fetch_each(self, p: Pass, loaded: list) -> None:
        for item in self.state.pending(self.clock()):
            target = self.dest / f"{item.filing_id}.fec"
            try:
                download.download(self._url(item.filing_id, item.link), target, client=self.client)
                results = self.trail.ingest([target], kind="fec", build=False)
            except Exception as exc:  # DownloadError, FileFormatError, a failed load: one filing, retried later
                if not isinstance(exc, DownloadError):
                    target.unlink(missing_ok=True)  # fetch it afresh next time
                if not isinstance(exc, MoneytrailError):
                    exc = MoneytrailError(f"unexpected {type(exc).__name__} while loading: {exc}")
                until = self.state.failed(item.filing_id, str(exc), self.clock())
                p.failed.append((item.filing_id, f"{exc} (next try after {until:%Y-%m-%d %H:%M} UTC)"))
                log.warning("FEC-%s: %s", item.filing_id, exc)
                continue
            loaded += results
            load_id = results[0].load_id if results else None
            self.state.loaded(item.filing_id, str(target), load_id, self.clock())
            p.loaded.append(item.filing_id)

    def _alert(self, p: Pass) -> None:
        waiting = [r["filing_id"] for r in self.state.items("loaded")]
        if not waiting:
            return
        links = {r["filing_id"]: r["link"] for r in self.state.items("loaded")}
        made = malerts.build(self.trail.model, waiting, self.target.scope, set(self.target.committees), links,
                             self.trail.synthetic)
        now = self.clock()
        for alert in made:
            if self.state.add_alert(alert.filing_id, alert.kind, alert.to_json(), self.post_url, now) is None:
                continue
            p.alerts.append(alert)
            if self.on_alert:
                self.on_alert(alert)
        self.state.checked(waiting)

    def _post(self, p: Pass) -> None:
        for alert_id, url, payload in self.state.unposted():
            try:
                r = self.client.post(url, json=payload, headers={"User-Agent": sfeed.USER_AGENT}, timeout=15.0)
                error = None if 200 <= r.status_code < 300 else f"HTTP {r.status_code} from {url}"
            except httpx.HTTPError as exc:
                error = f"could not POST to {url}: {type(exc).__name__}: {exc}"
            self.state.posted(alert_id, self.clock(), error)
            if error:
                p.post_errors.append(f"alert {alert_id}: {error} (tried again next pass)")
                log.warning("%s", p.post_errors[-1])
            else:
                p.posted += 1

    # -- the loop ---------------------------------------------------------------------

    def run(self, interval: float, passes: int | None = None, on_pass: Callable[[Pass], None] | None = None,
            sleep: Callable[[float], None] = time.sleep) -> int:
        """Pass after pass, ``interval`` seconds apart (``passes`` bounds it); returns the passes made.

        Ctrl-C (KeyboardInterrupt) propagates to the caller; every step before it is already stored.
        """
        if interval <= 0:
            raise MoneytrailError("--interval must be a positive number of seconds")
        done = 0
        while passes is None or done < passes:
            result = self.run_once()
            done += 1
            if on_pass:
                on_pass(result)
            if passes is not None and done >= passes:
                break
            sleep(interval)
        return done
