"""Fetch the FEC's bulk files, safely enough to leave running overnight.

The big files (``indiv24.zip`` is several GB) come from S3 behind a redirect, and
connections drop. So a download:

- streams into ``<dest>.part`` and renames it to ``dest`` only once it is complete
  and checked, so a file named ``dest`` is never half written;
- resumes an existing ``.part`` with an HTTP ``Range`` request, guarded by
  ``If-Range`` (the ETag or Last-Modified seen when the ``.part`` was started) because
  the FEC rebuilds its files every week and a stale half must not be glued to a new
  half; a server that answers the range with a plain 200 is followed from byte zero;
- checks the size against what the server announced, optionally a SHA-256, and that
  a ``.zip`` really is a zip (an HTML error page served with status 200 is not);
- skips the transfer when ``dest`` already exists and a HEAD request reports the same
  size (and the checksum matches, when one is given).
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from ..errors import DownloadError
from ..reference import cycles
from .addresses import FEC_BULK_BASE, FEC_FILING_BASE  # noqa: F401 (re-exported)
from .files import sha256_of
from .layouts import LAYOUTS, Layout

#: Connect within 10 s; then no single read (or write) may stall for more than 60 s.
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)

CHUNK_SIZE = 1 << 20  # for hashing

# Ask for the bytes as stored: with a compressed transfer, Content-Length and byte
# ranges would count compressed bytes and neither the size check nor resume would work.
_HEADERS = {"Accept-Encoding": "identity", "User-Agent": "moneytrail (FEC bulk download)"}

_CONTENT_RANGE = re.compile(r"^\s*bytes\s+(?:(\d+)-(\d+)|\*)/(\d+|\*)\s*$", re.IGNORECASE)

Progress = Callable[[int, int | None], None]


# --------------------------------------------------------------------------- URLs


def _downloadable(layout: Layout) -> bool:
    return bool(layout.zip_stem) or layout.kind == "ie"


def _resolve_kind(name: str) -> str | None:
    """A kind from its name or one of its file stems ('indiv' -> 'itcont')."""
    low = name.strip().lower()
    if low in LAYOUTS:
        return low
    for layout in LAYOUTS.values():
        if low == layout.zip_stem or low in layout.stems:
            return layout.kind
    return None


def _check_cycle(cycle: int) -> None:
    if not cycles.is_cycle(cycle):
        raise DownloadError(cycles.why_not_a_cycle(cycle))


def bulk_file_name(kind: str, cycle: int) -> str:
    """The FEC's file name for one kind and cycle ('itcont', 2024 -> 'indiv24.zip')."""
    _check_cycle(cycle)
    resolved = _resolve_kind(kind)
    if resolved not in _valid_kinds():
        raise DownloadError(f"unknown kind {kind!r}; valid kinds: {', '.join(_valid_kinds())}")
    layout = LAYOUTS[resolved]
    if layout.zip_stem:
        return f"{layout.zip_stem}{cycle % 100:02d}.zip"
    return f"independent_expenditure_{cycle}.csv"  # the IE file is a plain CSV, not zipped


def _valid_kinds() -> list[str]:
    return [k for k, layout in LAYOUTS.items() if _downloadable(layout)]


def bulk_urls(cycle: int, kinds: list[str] | None = None, base: str = FEC_BULK_BASE) -> dict[str, str]:
    """Kind -> URL of the FEC bulk file for ``cycle``, for every kind or the ones asked.

    A kind may be given by name ('itcont') or by file stem ('indiv'); the keys are
    always kind names. Everything is validated before anything is fetched, so a typo
    fails at once rather than after an hour of downloading.
    """
    _check_cycle(cycle)
    wanted = _valid_kinds() if kinds is None else list(kinds)
    valid = set(_valid_kinds())
    unknown = [k for k in wanted if _resolve_kind(k) not in valid]
    if unknown:
        raise DownloadError(
            f"unknown kind{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
            f"valid kinds: {', '.join(_valid_kinds())}"
        )
    root = base.rstrip("/")
    out: dict[str, str] = {}
    for k in wanted:
        kind = _resolve_kind(k) or k
        out.setdefault(kind, f"{root}/{cycle}/{bulk_file_name(kind, cycle)}")
    return out


# ----------------------------------------------------------------------- download


def filing_url(filing_id: int | str, base: str = FEC_FILING_BASE) -> str:
    """The address of one electronic filing's .fec file (``1238405`` or ``FEC-1238405``)."""
    text = str(filing_id).upper().removeprefix("FEC-")
    if not text.isdigit():
        raise DownloadError(f"{filing_id!r} is not an FEC filing number")
    return f"{base.rstrip('/')}/{int(text)}.fec"


def part_path(dest: Path) -> Path:
    """Where an unfinished download of ``dest`` lives (``indiv24.zip.part``)."""
    return dest.with_suffix(dest.suffix + ".part")


def _validator_path(dest: Path) -> Path:
    """Sidecar holding the ETag / Last-Modified the ``.part`` was started from."""
    return dest.with_suffix(dest.suffix + ".part.validator")


@contextmanager
def _client_scope(client: httpx.Client | None, timeout: httpx.Timeout | float) -> Iterator[httpx.Client]:
    """The caller's client (left open), or a private one closed afterwards."""
    if client is not None:
        yield client
        return
    with httpx.Client(timeout=timeout, follow_redirects=True) as own:
        yield own


def _unlink(*paths: Path) -> None:
    for p in paths:
        p.unlink(missing_ok=True)


def _int_header(response: httpx.Response, name: str) -> int | None:
    value = response.headers.get(name, "").strip()
    return int(value) if value.isdigit() else None


def _where(url: str, response: httpx.Response) -> str:
    final = str(response.url)
    return url if final == url else f"{url} (redirected to {final})"


def _server_size(client: httpx.Client, url: str) -> int | None:
    """The size the server reports for ``url`` on a HEAD request, or None if it won't say."""
    try:
        r = client.head(url, headers=_HEADERS, follow_redirects=True)
    except httpx.HTTPError:
        return None  # the GET that follows reports the real problem
    if r.status_code != 200 or r.headers.get("content-encoding", "identity").lower() != "identity":
        return None
    return _int_header(r, "content-length")


def _already_complete(client: httpx.Client, url: str, dest: Path, expected_sha256: str | None) -> bool:
    """Whether an existing ``dest`` can stand: same size as the server's (and same hash).

    A server that does not answer HEAD with a size gets the benefit of no doubt: the
    file is fetched again. Same size is the test because the FEC's files carry no
    published checksums; a weekly rebuild that happens to keep the size is not noticed
    (delete the file, or pass ``force=True``, to refresh).
    """
    size = _server_size(client, url)
    if size is None or size != dest.stat().st_size:
        return False
    return expected_sha256 is None or sha256_of(dest) == expected_sha256


def _http_error(url: str, response: httpx.Response) -> DownloadError:
    hint = ""
    if response.status_code in (403, 404):
        hint = " — the file may not exist (not published for this cycle, or a wrong URL)"
    return DownloadError(
        f"HTTP {response.status_code} {response.reason_phrase} for {_where(url, response)}{hint}"
    )


def _fetch_into_part(
    client: httpx.Client, url: str, part: Path, validator: Path, progress: Progress | None
) -> int | None:
    """Bring ``part`` up to the whole file, resuming if it exists; return the announced size."""
    for _ in range(2):  # a second round only after a 416 that called for a fresh start
        offset = part.stat().st_size if part.exists() else 0
        headers = dict(_HEADERS)
        if offset:
            headers["Range"] = f"bytes={offset}-"
            if validator.exists():
                headers["If-Range"] = validator.read_text().strip()
        try:
            with client.stream("GET", url, headers=headers, follow_redirects=True) as r:
                status = r.status_code
                if status == 416 and offset:
                    m = _CONTENT_RANGE.match(r.headers.get("content-range", ""))
                    total = int(m.group(3)) if m and m.group(3) != "*" else None
                    if total == offset:
                        return total  # the .part was already whole; only the rename was missing
                    _unlink(part, validator)  # longer than the file: a different file, start over
                    continue
                if status not in (200, 206):
                    raise _http_error(url, r)
                encoding = r.headers.get("content-encoding", "identity").lower()
                if encoding != "identity":
                    raise DownloadError(
                        f"{_where(url, r)} was sent compressed (Content-Encoding: {encoding}) although an "
                        "uncompressed transfer was asked for; its size and byte ranges cannot be checked"
                    )
                if status == 206:
                    m = _CONTENT_RANGE.match(r.headers.get("content-range", ""))
                    if not m or m.group(1) is None:
                        raise DownloadError(
                            f"{_where(url, r)} answered a range request with an unreadable "
                            f"Content-Range {r.headers.get('content-range')!r}"
                        )
                    start = int(m.group(1))
                    if start != offset:
                        raise DownloadError(
                            f"{_where(url, r)} was asked to resume at byte {offset} but sent bytes from "
                            f"{start}; {part} is kept"
                        )
                    total = int(m.group(3)) if m.group(3) != "*" else None
                    if total is None and (length := _int_header(r, "content-length")) is not None:
                        total = offset + length
                    mode = "ab"
                else:
                    # A whole file: either the first attempt, or the server ignored the range
                    # (or If-Range said the file changed). Start from byte zero either way.
                    offset, total, mode = 0, _int_header(r, "content-length"), "wb"
                    tag = r.headers.get("etag", "")
                    stamp = tag if tag and not tag.startswith("W/") else r.headers.get("last-modified", "")
                    if stamp:
                        validator.write_text(stamp + "\n")
                    else:
                        _unlink(validator)
                done = offset
                with part.open(mode) as fh:
                    try:
                        # No chunk_size: httpx would buffer up to it and lose that much on a drop.
                        for chunk in r.iter_raw():
                            fh.write(chunk)
                            done += len(chunk)
                            if progress is not None:
                                progress(done, total)
                    except httpx.TransportError as exc:  # dropped connection, read timeout, ...
                        fh.flush()
                        of = f" of {total}" if total is not None else ""
                        raise DownloadError(
                            f"connection to {_where(url, r)} lost after {done}{of} bytes ({exc}); "
                            f"the partial file {part} is kept: run the same command again to resume"
                        ) from exc
                    fh.flush()
                    os.fsync(fh.fileno())
                return total
        except httpx.HTTPError as exc:  # before any body: refused, DNS, connect timeout, redirects
            raise DownloadError(f"could not fetch {url}: {type(exc).__name__}: {exc}") from exc
    raise DownloadError(f"{url}: the server keeps refusing the byte range; delete {part} and try again")


def download(
    url: str,
    dest: Path,
    client: httpx.Client | None = None,
    progress: Progress | None = None,
    expected_sha256: str | None = None,
    *,
    timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
    force: bool = False,
) -> Path:
    """Download ``url`` to ``dest`` (resuming, checked, atomic) and return ``dest``.

    ``progress(done, total)`` is called after each chunk with bytes on disk so far
    (including a resumed part) and the full size, or None when the server gave none.
    ``timeout`` applies only to the client made here; a passed ``client`` keeps its own.
    ``force`` ignores an existing ``dest`` and any ``.part`` and fetches from scratch.
    Raises :class:`DownloadError` for every failure; the ``.part`` is kept when running
    again can finish it, and deleted when its content is known to be wrong.
    """
    want = expected_sha256.strip().lower() if expected_sha256 is not None else None
    dest = Path(dest)
    part, validator = part_path(dest), _validator_path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with _client_scope(client, timeout) as c:
        if force:
            _unlink(part, validator)
        elif dest.exists() and _already_complete(c, url, dest, want):
            _unlink(part, validator)  # a leftover from an older attempt; dest is current
            return dest
        total = _fetch_into_part(c, url, part, validator, progress)

    size = part.stat().st_size
    if total is not None and size != total:
        if size > total:
            _unlink(part, validator)
            keep = "the partial file was deleted: run again to start over"
        else:
            keep = f"the partial file {part} is kept: run again to resume"
        raise DownloadError(
            f"size mismatch for {url}: received {size} bytes, the server announced {total}; {keep}"
        )
    if want is not None and (actual := sha256_of(part)) != want:
        _unlink(part, validator)
        raise DownloadError(
            f"checksum mismatch for {url}: expected sha256 {want}, got {actual}; the download was deleted"
        )
    if dest.suffix.lower() == ".zip" and not zipfile.is_zipfile(part):
        with part.open("rb") as fh:
            head = fh.read(60)
        _unlink(part, validator)
        raise DownloadError(
            f"not a zip: the server returned something else for {url}, e.g. an HTML error page "
            f"(it starts {head!r}); the download was deleted"
        )
    os.replace(part, dest)
    _unlink(validator)
    return dest


def fetch_bulk(
    cycle: int,
    dest_dir: Path,
    kinds: list[str] | None = None,
    base: str = FEC_BULK_BASE,
    client: httpx.Client | None = None,
    progress: Progress | None = None,
    *,
    timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
    force: bool = False,
) -> list[Path]:
    """Download the cycle's bulk files into ``dest_dir`` under the FEC's own names.

    Files go one after another over one connection pool and the first failure stops
    the run; what finished stays, so running again skips it and resumes the rest.
    """
    urls = bulk_urls(cycle, kinds, base)
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    with _client_scope(client, timeout) as c:
        return [
            download(url, dest_dir / url.rsplit("/", 1)[-1], client=c, progress=progress, force=force)
            for url in urls.values()
        ]
