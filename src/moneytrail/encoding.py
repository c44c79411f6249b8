"""The one JSON encoding of an answer, shared by the library, the web app and the command line.

Cents stay exact: a Decimal is written as its exact string, never a float (no 10382.720000000205).
A typed value that knows its JSON form (a Figure, a timeline entry) gives it; dates are ISO text.
This module imports nothing of moneytrail, so any layer may use it.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal


def plain(value):
    """``value`` made JSON-ready, recursively (dicts, lists and tuples are walked)."""
    to_json = getattr(value, "to_json", None)
    if callable(to_json) and not isinstance(value, type):
        return plain(to_json())
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def _scalar(value):
    """:func:`plain` for what JSON cannot hold as it is (the encoder walks containers itself)."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    to_json = getattr(value, "to_json", None)  # a Figure
    if to_json is not None:
        return to_json()
    raise TypeError(f"{type(value).__name__} is not JSON-ready")


def dumps(value) -> str:
    """:func:`plain`, as JSON text."""
    return json.dumps(value, default=_scalar, separators=(",", ":"))
