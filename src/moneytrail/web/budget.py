"""Bounded work per request: a time budget that stops the DuckDB work behind a request, and a view
cache that keeps refusals as well as answers and computes each view once however many ask at once.

A request's queries run on its thread's own cursor. :class:`Budget` watches every request in flight
from one thread; once a request is past its deadline, every query it starts or is running is
interrupted (``DuckDBPyConnection.interrupt``) until it leaves, so the work stops within a query's
first few milliseconds instead of running on after the client was told 503. At shutdown every
request in flight is treated as over budget, so a SIGTERM is not held up by a long view.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from dataclasses import dataclass, field

import duckdb

from ..errors import MoneytrailError
from .errors import OverBudget

SECONDS = 60.0  # per request: a page that takes longer is of no use to anyone waiting for it
TICK = 0.02  # how often an over-budget request's queries are interrupted


@dataclass(eq=False)
class _Request:
    deadline: float
    cons: list[duckdb.DuckDBPyConnection] = field(default_factory=list)
    expired: bool = False


class Budget:
    """Per-request deadlines, enforced by interrupting the request's DuckDB cursors."""

    def __init__(self, seconds: float = SECONDS):
        self.seconds = seconds
        self._active: set[_Request] = set()
        self._lock = threading.Lock()
        self._closing = False
        self._wake = threading.Event()
        threading.Thread(target=self._watch, name="moneytrail-budget", daemon=True).start()

    def _watch(self) -> None:
        while True:
            with self._lock:
                now = time.monotonic()
                busy = False
                for req in self._active:
                    if self._closing or now >= req.deadline:
                        req.expired = True
                        for con in req.cons:
                            con.interrupt()
                    busy = busy or req.expired
            self._wake.wait(TICK if busy else 0.25)
            self._wake.clear()

    @contextmanager
    def limit(self, con: duckdb.DuckDBPyConnection, seconds: float | None = None,
              what: str = "this page") -> Iterator[_Request]:
        """Run the body within the budget; past it, its queries are stopped and OverBudget is raised."""
        if self._closing:
            raise OverBudget("the server is shutting down")
        seconds = self.seconds if seconds is None else seconds
        req = _Request(time.monotonic() + seconds, [con])
        with self._lock:
            self._active.add(req)
        try:
            yield req
        except MoneytrailError as exc:
            if req.expired and not isinstance(exc, OverBudget):
                raise self._over(what, seconds) from None
            raise
        except Exception:  # an interrupted query surfaces as whatever the layer above DuckDB raises
            if req.expired:
                raise self._over(what, seconds) from None
            raise
        finally:
            with self._lock:
                self._active.discard(req)

    def remaining(self, req: _Request) -> float:
        return max(0.0, req.deadline - time.monotonic())

    def _over(self, what: str, seconds: float) -> OverBudget:
        if self._closing:
            return OverBudget("the server is shutting down")
        return OverBudget(f"{what} took longer than the server's {seconds:g}-second budget per request and was "
                          "stopped; try again later, or ask the operator to raise `serve --budget`")

    def close(self) -> None:
        """Stop the work of every request in flight (shutdown) and refuse new ones."""
        self._closing = True
        self._wake.set()


class ViewCache:
    """Answers and refusals (a library error: unknown id, bad key) of views, each computed once.

    The store cannot change under a running server, so both stay true; keeping refusals means an
    unknown id costs its one check once, not on every request. Requests for a view being computed
    wait for that computation (within their own budget) rather than starting another. A computation
    stopped by the budget is not kept: it may fit another time. LRU-bounded.
    """

    def __init__(self, maxsize: int = 2048):
        self.maxsize = maxsize
        self._done: OrderedDict[Hashable, tuple[bool, object]] = OrderedDict()
        self._running: dict[Hashable, Future] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], object], wait: float) -> object:
        with self._lock:
            if key in self._done:
                self._done.move_to_end(key)
                return _outcome(self._done[key])
            fut = self._running.get(key)
            owner = fut is None
            if owner:
                fut = self._running[key] = Future()
        if not owner:
            try:
                return _outcome(fut.result(timeout=wait))
            except FutureTimeout:
                raise OverBudget("this page is still being computed for another request; try again shortly") from None
        try:
            outcome = (True, compute())
        except OverBudget as exc:
            fut.set_exception(exc)
            raise
        except MoneytrailError as exc:
            outcome = (False, exc)
        except BaseException as exc:
            fut.set_exception(exc)
            raise
        finally:
            with self._lock:
                self._running.pop(key, None)
        with self._lock:
            self._done[key] = outcome
            if len(self._done) > self.maxsize:
                self._done.popitem(last=False)
        fut.set_result(outcome)
        return _outcome(outcome)

    def __len__(self) -> int:
        return len(self._done)


def _outcome(outcome: tuple[bool, object]):
    ok, value = outcome
    if ok:
        return value
    raise value.with_traceback(None)  # type: ignore[union-attr]
