"""moneytrail: follow the money in US federal elections.

The library is the product; the ``moneytrail`` command is a thin layer over it::

    from moneytrail import Trail
    trail = Trail("moneytrail.duckdb")
    trail.ingest(["indiv24.zip", "weball24.zip"])
    report = trail.race("CA-34", cycle=2024)

``Trail`` is imported on first use, so ``import moneytrail`` (and ``moneytrail --help``) stays light.
"""

from .errors import DownloadError, FileFormatError, MoneytrailError, NotFound

__all__ = ["DownloadError", "FileFormatError", "MoneytrailError", "NotFound", "Trail"]


def __getattr__(name: str):
    if name == "Trail":
        from .trail import Trail

        return Trail
    raise AttributeError(f"module 'moneytrail' has no attribute {name!r}")
