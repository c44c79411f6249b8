"""A module imported on first use, so that a command pays only for the libraries it needs.

``trail.py`` names every model module it asks questions of; loading files needs none of them, and
importing them costs Ibis and sqlglot (about a second on a busy 2-core machine). ``lazy_module("x")``
stands in for ``import x`` until an attribute is first read; the import then happens through
:func:`importlib.import_module`, which holds the import lock, so threads (the web app's) are safe.
``tests/test_imports.py`` reads these calls as imports: the import graph sees them.
"""

from __future__ import annotations

import importlib
import threading
from types import ModuleType


class LazyModule:
    # Stands in for a module; the first attribute read imports it. (No docstring: ``__doc__`` is the
    # module's, below, as reports quote their model modules' docstrings as definitions.)

    def __init__(self, name: str):
        self._name = name
        self._module: ModuleType | None = None
        self._lock = threading.Lock()

    def _load(self) -> ModuleType:
        with self._lock:
            if self._module is None:
                self._module = importlib.import_module(self._name)
        return self._module

    @property
    def __doc__(self) -> str | None:  # the class attribute would otherwise answer instead of the module's
        return self._load().__doc__

    def __getattr__(self, attr: str):
        return getattr(self._module if self._module is not None else self._load(), attr)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}{' (imported)' if self._module is not None else ''}>"


def lazy_module(name: str) -> LazyModule:
    """``name`` is absolute (``"moneytrail.model.candidates"``), as the import-graph test reads it."""
    return LazyModule(name)


class LazyAttribute:
    """One attribute of a module (``ibis._``, the deferred column reference), imported on first use."""

    def __init__(self, module: str, attr: str):
        self._module, self._attr, self._target = LazyModule(module), attr, None

    def __getattr__(self, name: str):
        if self._target is None:
            self._target = getattr(self._module, self._attr)
        return getattr(self._target, name)


# the heavy libraries the model's rules use; a report read from the built model imports none of them
ibis = LazyModule("ibis")
deferred = LazyAttribute("ibis", "_")
pa = LazyModule("pyarrow")
pq = LazyModule("pyarrow.parquet")
