"""moneytrail: follow the money in US federal elections.

The library is the product; the ``moneytrail`` command is a thin layer over it::

    from moneytrail import Trail
    trail = Trail("moneytrail.duckdb")
    trail.ingest(["indiv24.zip", "weball24.zip"])
    report = trail.race("CA-34", cycle=2024)
"""

from .errors import DownloadError, FileFormatError, MoneytrailError, NotFound

__all__ = ["DownloadError", "FileFormatError", "MoneytrailError", "NotFound"]
