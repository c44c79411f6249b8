"""The one JSON encoding of an answer, shared by the library, the web app and the command line.

Cents stay exact: a Decimal is written as its exact string, never a float (no 10382.720000000205).
A typed value that knows its JSON form (a Figure, a timeline entry) gives it; dates are ISO text.
This module imports nothing of moneytrail, so any layer may use it.
"""

from __future__ import annotations

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
