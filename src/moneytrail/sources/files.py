"""Small facts about files that several stages need, and the bounds every reader keeps.

Input is hostile until read: only regular files are opened (a named pipe blocks forever, a
device such as ``/dev/zero`` never ends), zip members are limited in decompressed size and
ratio, no line is held longer than :data:`MAX_LINE` bytes, and a reject keeps an excerpt of
its line, never a whole megabyte of it. Rejects stream to a spool file instead of piling up
in memory, so five million blank lines cost disk, not gigabytes of Python objects.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import FileFormatError
from .layouts import LAYOUTS, Layout

MAX_LINE = 1 << 20  # bytes; FEC records are a few KB, the widest real ones well under 100 KB
MAX_FIELD = 128 << 10  # bytes in one comma-separated field (the csv module's own default limit)
EXCERPT = 200  # characters of a rejected over-long line kept in `rejects.raw_line`
MAX_RAW = 2000  # characters of any raw line kept in `rejects.raw_line`
MAX_MEMBER_BYTES = 64 << 30  # decompressed bytes of one zip member (the real 2024 itcont is ~11 GB)
MAX_MEMBER_RATIO = 200  # decompressed / compressed; FEC text compresses ~5-20x, a zip bomb ~1000x


def sha256_of(path: str | Path) -> str:
    """The file's sha256, read in 8 MiB chunks (the load ledger and download checks both use it)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(8 << 20):
            h.update(chunk)
    return h.hexdigest()


def require_regular(path: str | Path) -> None:
    """Refuse anything but a regular file (after symlinks), before opening it: pipes block, devices never end."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise FileFormatError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if stat.S_ISREG(st.st_mode):
        return
    what = ("a directory" if stat.S_ISDIR(st.st_mode) else "a named pipe" if stat.S_ISFIFO(st.st_mode)
            else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
            else "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
    link = f" (a link to {os.path.realpath(path)})" if os.path.islink(path) else ""
    raise FileFormatError(f"{path}{link}: is {what}; moneytrail reads only regular files")


def check_member(info: zipfile.ZipInfo, display: str) -> None:
    """Refuse a zip member whose declared size or compression ratio no real FEC file has (a zip bomb)."""
    if info.file_size > MAX_MEMBER_BYTES:
        raise FileFormatError(f"{display}: {info.file_size:,} bytes uncompressed, over the "
                              f"{MAX_MEMBER_BYTES:,}-byte limit for one zip member")
    if info.file_size > (1 << 20) and info.file_size > MAX_MEMBER_RATIO * max(info.compress_size, 1):
        raise FileFormatError(f"{display}: compressed {info.file_size / max(info.compress_size, 1):,.0f} to 1 "
                              f"(limit {MAX_MEMBER_RATIO} to 1); no real FEC file does that, refused as a zip bomb")


def excerpt(text: str | bytes | None, limit: int = MAX_RAW) -> str | None:
    """A raw line as kept in `rejects`: whole when short, else its start and its full length."""
    if text is None:
        return None
    if isinstance(text, bytes):
        n = len(text)
        text = text[: limit * 4].decode("utf-8", "replace")
    else:
        n = len(text)
    if len(text) <= limit and n <= limit * 4:
        return text
    return f"{text[:limit]}… [{n:,} in all]"


@dataclass
class Reject:
    """A line that was not loaded (action 'rejected') or loaded with a repair ('kept')."""

    line_no: int | None
    reason: str
    raw: str | None = None
    action: str = "rejected"
    column: str | None = None
    value: str | None = None


REJECT_COLUMNS = {"line_no": "BIGINT", "action": "VARCHAR", "reason": "VARCHAR", "column_name": "VARCHAR",
                  "value": "VARCHAR", "raw_line": "VARCHAR", "part": "INTEGER", "lines": "BIGINT"}


class RejectLog:
    """Rejects and warnings of one read, streamed to a JSON-lines spool file as they come.

    Nothing is held but counts: five million rejected lines cost a file on disk, not gigabytes
    of Python objects. The store reads the spool back once, with DuckDB (:meth:`spool`).
    ``part`` tells the store which file of a batch a row belongs to.
    """

    def __init__(self):
        self._fh = None
        self._buffer: list[str] = []
        self.rejected = 0
        self.kept = 0

    def add(self, line_no: int | None, reason: str, raw: str | bytes | None = None, action: str = "rejected",
            column: str | None = None, value: str | None = None, part: int = 0, lines: int = 1) -> None:
        """One line's reject or repair; with ``lines``, the same for that many lines from ``line_no`` on
        (a run of blank lines: one spool row, a reject row per line in the store)."""
        self._buffer.append(json.dumps([line_no, action, reason, column, excerpt(value), excerpt(raw), part, lines],
                                       ensure_ascii=False))
        if action == "rejected":
            self.rejected += lines
        else:
            self.kept += lines
        if len(self._buffer) >= 10_000:
            self._flush()

    def append(self, r: Reject, part: int = 0) -> None:
        self.add(r.line_no, r.reason, r.raw, r.action, r.column, r.value, part)

    def __len__(self) -> int:
        return self.rejected + self.kept

    def _flush(self) -> None:
        if self._fh is None:
            self._fh = tempfile.NamedTemporaryFile("w", encoding="utf-8", prefix="moneytrail-rejects-",
                                                   suffix=".jsonl", delete=False)
        if self._buffer:
            self._fh.write("\n".join(self._buffer) + "\n")
            self._buffer = []

    def spool(self) -> str | None:
        """A DuckDB table expression over every row logged (None when there are none)."""
        if not len(self):
            return None
        self._flush()
        self._fh.flush()
        path = self._fh.name.replace("'", "''")
        # each line is a JSON array; read as one VARCHAR[] column, then typed by position
        typed = ", ".join(f"TRY_CAST(a[{i + 1}] AS {t}) AS {c}" for i, (c, t) in enumerate(REJECT_COLUMNS.items()))
        rest = ", ".join(c for c in REJECT_COLUMNS if c not in ("line_no", "lines"))
        return (f"(SELECT line_no + unnest(range(coalesce(lines, 1))) AS line_no, {rest} FROM (SELECT {typed} "
                f"FROM (SELECT CAST(json AS JSON)::VARCHAR[] AS a FROM read_json('{path}', "
                "format='newline_delimited', records=false, columns={'json': 'JSON'}))))")

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            Path(self._fh.name).unlink(missing_ok=True)
            self._fh = None

    def __del__(self):
        self.close()

    def rows(self) -> list[Reject]:
        """The rows as Reject objects (for tests and small reads)."""
        self._flush()
        if self._fh is None:
            return []
        self._fh.flush()
        out = []
        with open(self._fh.name, encoding="utf-8") as fh:
            for line in fh:
                n, action, reason, column, value, raw, _, lines = json.loads(line)
                out += [Reject(n + k, reason, raw, action, column, value) for k in range(lines)]
        return out


@dataclass
class SourceFile:
    """What to read: a path on disk, and which member if it is a zip."""

    path: Path
    kind: str
    cycle: int | None  # None for files whose rows span cycles (election results)
    member: str | None = None  # the member of a zip, or the sheet of a workbook, to read

    @property
    def layout(self) -> Layout:
        return LAYOUTS[self.kind]

    @property
    def display_name(self) -> str:
        return f"{self.path}!{self.member}" if self.member else str(self.path)
