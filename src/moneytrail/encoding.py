"""The one JSON encoding of an answer: exact amounts as strings, dates as ISO text.

It lives below the model so the built model can store answers' parts in the same encoding the
reports print (store/built.py keeps them as JSON text).
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal


def plain(value):
    """JSON-ready: a Figure as its JSON (amount an exact string), any other Decimal as its exact string
    (never a float: no 10382.720000000205), dates as ISO text. A leaf module: it knows a Figure only
    by its ``to_json``, so the model can use it too."""
    if hasattr(value, "to_json"):
        return value.to_json()
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
