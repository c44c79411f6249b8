"""Heavy libraries imported on first use, so answering from the built model never pays for them.

A report read from the built model is plain DuckDB SQL; the model modules it takes its rules and
definitions from also hold the Ibis code that builds those tables. Importing Ibis or pyarrow costs
more than the whole read, so those modules name them through :class:`Lazy`: the import happens
when an attribute is first used (a build, a live query), never at module import.
"""

from __future__ import annotations

import importlib


class Lazy:
    """A module (or one attribute of it, e.g. ``ibis._``) imported when an attribute is first read."""

    def __init__(self, module: str, attr: str | None = None):
        self._module, self._attr, self._target = module, attr, None

    def _load(self):
        if self._target is None:
            mod = importlib.import_module(self._module)
            self._target = getattr(mod, self._attr) if self._attr else mod
        return self._target

    def __getattr__(self, name: str):
        return getattr(self._load(), name)


ibis = Lazy("ibis")
deferred = Lazy("ibis", "_")  # ibis._ (the deferred column reference)
pa = Lazy("pyarrow")
pq = Lazy("pyarrow.parquet")
