"""What the server says no with, beyond the library's own errors: each maps to one status code."""

from __future__ import annotations

from ..errors import MoneytrailError


class BadRequest(MoneytrailError):
    """A request the server will not answer as asked (400)."""


class OverBudget(MoneytrailError):
    """A request whose work ran past the per-request time budget and was stopped (503)."""
