"""Heavy libraries imported on first use, not when the module that names them is imported.

A load of `.fec` filings goes through modules that also hold the bulk reader (pyarrow, numpy);
a process that only loads filings should not pay for importing those.
"""

from __future__ import annotations

import importlib
from types import ModuleType


class LazyModule:
    """Stands for a module: the first attribute looked up imports it (later look-ups are a dict hit)."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr: str):
        module: ModuleType = importlib.import_module(self._name)
        return getattr(module, attr)

    def __repr__(self) -> str:
        return f"<lazy module {self._name}>"
