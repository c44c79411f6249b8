"""One exception hierarchy for everything moneytrail says no to."""


class MoneytrailError(Exception):
    """Base class: the message is meant for the user, as is."""


class FileFormatError(MoneytrailError):
    """A source file that cannot be read as the kind it claims to be."""


class NotFound(MoneytrailError):
    """An unknown race, candidate, committee or load; carries suggestions."""

    def __init__(self, message: str, suggestions: list[str] | None = None):
        self.suggestions = suggestions or []
        if self.suggestions:
            message += " — did you mean " + ", ".join(self.suggestions) + "?"
        super().__init__(message)


class DownloadError(MoneytrailError):
    """A fetch that failed or returned something other than what was asked for."""


class IngestError(MoneytrailError):
    """Some files of an ingest failed: ``results`` holds every file's outcome, loaded or not."""

    def __init__(self, message: str, results: list):
        self.results = results
        super().__init__(message)
