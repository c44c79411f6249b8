"""Heavy libraries imported on first use, not when the module that names them is imported.

A load of `.fec` filings goes through modules that also hold the bulk reader (pyarrow, numpy);
a process that only loads filings should not pay for importing those.
"""

from __future__ import annotations

import importlib
from types import ModuleType


class LazyModule:
    """Stands for a module: the first attribute looked up imports it (later look-ups go straight to it)."""

    def __init__(self, name: str):
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str):
        if self._module is None:
            self._module = importlib.import_module(self._name)
        return getattr(self._module, attr)

    def __repr__(self) -> str:
        return f"<lazy module {self._name}>"
