"""Electronic filings (`.fec`): the header, the version, and a body DuckDB can split.

A `.fec` file is one record per line: a header (an ``HDR`` record, or in versions 1–2 a
``/* Header`` block of ``key = value`` lines), the cover record, then itemizations.
Versions 1, 2, 3 and 5 separate fields with commas and ``"`` quotes; 6 and later (and
the paper ``P`` versions) with ASCII 28 (FS).

Splitting and typing happen in DuckDB (store/filings.py): it reads the file as lines,
in order, so every record keeps its true line number. This module hands it a file it can
read as is — the original when it is FS-separated UTF-8 with clean line ends, or else a
normalised copy with the **same line numbering** (commas re-split into FS, cp1252 decoded,
stray CR and NUL replaced, F99 text blocks lifted out), with a warning for each repair.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import FileFormatError
from ..lazy import Lazy
from .bulk import SourceFile
from .efile_layouts import raw_fields
from .files import EXCERPT, MAX_FIELD, MAX_LINE, RejectLog, check_member, excerpt, require_regular

np = Lazy("numpy")  # imported when a filing is read

FS = "\x1c"
COMMA_MAJORS = {"1", "2", "3", "5"}
# 1, 2, 3.00, 5.0-5.3, 6.1-8.5 and paper P1-P3.x; anything else (e.g. 180.5) is refused
VERSION_RE = re.compile(r"^(P[1-3](\.\d{1,2})?|[1235](\.\d{1,2})?|[678]\.\d{1,2})$", re.I)
_TEXT_BEGIN = re.compile(r"^\s*\[\s*BEGIN\s*TEXT\s*\]\s*$", re.I)
_TEXT_END = re.compile(r"^\s*\[\s*END\s*TEXT\s*\]\s*$", re.I)
_CHUNK = 1 << 24
MAX_TEXT = 4 << 20  # characters of one F99 text block kept
BOM = b"\xef\xbb\xbf"

_LEGACY_KEYS = {"fec_ver_#": "fec_version", "soft_name": "soft_name", "soft_ver#": "soft_ver",
                "namedelim": "name_delim", "form_name": "form_name", "fec_idnum": "filer_id",
                "control_#": "control_number", "report_id": "report_id", "report_number": "report_number"}


@dataclass
class FecHeader:
    version: str
    fields: dict[str, str]
    header_lines: int  # lines the header occupies (1, or the legacy block)
    legacy: bool = False

    @property
    def comma(self) -> bool:
        return self.version.split(".")[0] in COMMA_MAJORS

    @property
    def name_delim(self) -> str:
        return self.fields.get("name_delim") or "^"

    @property
    def amends_filing_id(self) -> int | None:
        """The filing an amendment names in its header (``FEC-467627`` -> 467627)."""
        m = re.search(r"(\d+)", self.fields.get("report_id") or "")
        return int(m.group(1)) if m else None

    @property
    def amendment_number(self) -> int | None:
        v = (self.fields.get("report_number") or "").strip()
        return int(v) if v.isdigit() else None


@dataclass
class FecBody:
    """What DuckDB reads: a UTF-8 file of FS-separated records, line-aligned with the source."""

    path: Path
    header: FecHeader
    cover_type: str
    texts: list[tuple[int, str]] = field(default_factory=list)  # F99 text blocks: (line, text)
    lifted_lines: int = 0  # lines that carried F99 text or its markers (not records)
    normalised: bool = False
    rejected: int = 0  # records that could not be split (blank in the copy, counted in the reject log)
    digest: str | None = None  # sha256 of the file as read
    lines: int = 0  # lines in the file (in the copy: the same numbering)
    repairs: list[str] = field(default_factory=list)  # why DuckDB cannot read the file as is
    cr_endings: bool = False
    tmp: Path | None = None  # where a copy may be written


def _split(line: str, comma: bool) -> list[str]:
    if FS in line or not comma:
        return line.split(FS)
    return next(csv.reader([line]))


def _strip_quotes(v: str) -> str:
    v = v.strip()
    return v[1:-1].replace('""', '"') if len(v) >= 2 and v[0] == '"' and v[-1] == '"' else v


def _decode(raw: bytes) -> tuple[str, bool]:
    """UTF-8 if it is, else Windows-1252 (latin-1 for its five undefined bytes): (text, was_utf8)."""
    try:
        return raw.decode("utf-8"), True
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="ignore") if _cp1252_ok(raw) else raw.decode("latin-1"), False


def _cp1252_ok(raw: bytes) -> bool:
    try:
        raw.decode("cp1252")
        return True
    except UnicodeDecodeError:
        return False


def parse_header(lines: list[bytes], display: str) -> FecHeader:
    """Read the header from the first lines of a file, or say clearly why it is not a .fec file."""
    if lines and lines[0].startswith(BOM):  # a byte-order mark some editors write: not data
        lines = [lines[0][len(BOM):], *lines[1:]]
    if not lines or not lines[0].strip():
        raise FileFormatError(f"{display}: line 1: empty; not a .fec filing")
    first, _ = _decode(lines[0].rstrip(b"\r\n"))
    if first.lstrip().startswith("/*"):
        fields: dict[str, str] = {}
        version_line = 1
        for i, raw in enumerate(lines[1:], start=2):
            text, _ = _decode(raw.rstrip(b"\r\n"))
            if text.lstrip().startswith("/*"):
                version = fields.get("fec_version", "")
                _check_version(version, display, version_line)
                fields["record_type"] = "HDR"
                return FecHeader(version=version, fields=fields, header_lines=i, legacy=True)
            key, sep, value = text.partition("=")
            name = _LEGACY_KEYS.get(key.strip().lower()) if sep else None
            if name:
                fields[name] = value.strip()
                if name == "fec_version":
                    version_line = i
        raise FileFormatError(f"{display}: the '/* Header' block never ends (no closing '/*' line)")
    try:
        parts = [_strip_quotes(p) for p in _split(first, FS not in first)]
    except csv.Error as exc:
        raise FileFormatError(f"{display}: line 1: cannot split it ({exc}); not a .fec filing") from None
    if parts[0].upper() != "HDR":
        raise FileFormatError(
            f"{display}: line 1: expected an HDR record or a '/* Header' block, found {excerpt(first, 40)!r}; "
            "not a .fec filing"
        )
    electronic = len(parts) > 1 and parts[1].upper() == "FEC"  # paper headers have no "FEC" field
    version = parts[2 if electronic else 1] if len(parts) > (2 if electronic else 1) else ""
    _check_version(version, display, 1)
    names = raw_fields("HDR", version) or ()
    fields = {n: (parts[i] if i < len(parts) else "") for i, n in enumerate(names)}
    return FecHeader(version=version, fields=fields, header_lines=1)


def _check_version(version: str, display: str, line: int) -> None:
    if not VERSION_RE.match(version.strip()):
        raise FileFormatError(
            f"{display}: line {line}: invalid .fec version {version!r} "
            "(known: 1, 2, 3, 5.0-5.3, 6.1-8.5 and paper P1-P3.x)"
        )


def filing_id_from_name(source: SourceFile) -> int | None:
    """FEC filing ids are the file names (1238405.fec); FastFEC's cases keep them in the folder name."""
    name = Path(source.member or source.path.name)
    for candidate in (name.stem, source.path.parent.name if not source.member else ""):
        m = re.fullmatch(r"(?:FEC-)?(\d{1,10})", candidate or "")
        if m:
            return int(m.group(1))
    return None


@dataclass
class Scan:
    """One pass over a filing's bytes: its hash, its lines, and what DuckDB could not take as is."""

    digest: str
    lines: int
    reasons: list[str]
    cr_endings: bool  # lines end in CR alone (no LF anywhere): old Mac files


def scan(path: Path) -> Scan:
    """Hash and inspect a file in one streaming read (no line is held; the longest is measured)."""
    h = hashlib.sha256()
    lf = cr = crlf = nul = 0
    longest = run = 0  # bytes of the longest line, and of the line still open at the chunk end
    tail = b""
    utf8 = codecs.getincrementaldecoder("utf-8")()
    valid = True
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
            size += len(chunk)
            if valid:
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError:
                    valid = False
            ends = np.flatnonzero(np.frombuffer(chunk, dtype=np.uint8) == 10)
            if len(ends):
                longest = max(longest, run + int(ends[0]),
                              int(np.diff(ends).max()) - 1 if len(ends) > 1 else 0)
                run = len(chunk) - int(ends[-1]) - 1
            else:
                run += len(chunk)
            longest = max(longest, run)
            lf += len(ends)
            joined = tail + chunk
            tail = joined[-1:] if joined.endswith(b"\r") else b""
            body = joined[:-1] if tail else joined
            cr += body.count(b"\r")
            crlf += body.count(b"\r\n")
            nul += body.count(b"\x00")
    if tail:
        crlf += 1  # a final CR ends the last line
        cr += 1
    cr_endings = lf == 0 and cr > 0
    reasons = []
    if cr_endings:
        reasons.append("carriage-return line endings")
    elif cr != crlf:
        reasons.append("carriage returns inside lines")
    if nul:
        reasons.append("NUL bytes")
    if not valid:
        reasons.append("not UTF-8")
    if longest > MAX_LINE or cr_endings:
        reasons.append("over-long line")
    lines = (cr if cr_endings else lf) + (1 if size and run else 0)
    return Scan(digest=h.hexdigest(), lines=lines, reasons=reasons, cr_endings=cr_endings)


def _cover_type(lines: list[bytes], header: FecHeader) -> str:
    for raw in lines[header.header_lines:]:
        text, _ = _decode(raw.rstrip(b"\r\n"))
        if text.strip():
            try:
                return _strip_quotes(_split(text, header.comma)[0]).upper()
            except csv.Error:
                return ""
    return ""


def normalise(src: Path, dest: Path, header: FecHeader, display: str, log: RejectLog, part: int = 0,
              cr_endings: bool = False) -> FecBody:
    """Write a line-aligned, FS-separated UTF-8 copy of a filing, noting every repair and reject.

    A line that cannot be split (over :data:`MAX_LINE` bytes, a comma field over the csv
    module's limit) becomes a blank line in the copy and a counted reject in ``log``.
    """
    body = FecBody(path=dest, header=header, cover_type="", normalised=True)
    in_text: tuple[int, list[str], int] | None = None
    line_no = 0
    with open(src, "rb") as fin, open(dest, "w", encoding="utf-8", newline="\n") as fout:
        for line_no, (raw, length) in enumerate(_bounded_lines(fin, b"\r" if cr_endings else b"\n"), start=1):
            if line_no <= header.header_lines:
                fout.write("\n")
                continue
            if length > MAX_LINE:
                log.add(line_no, f"line of {length:,} bytes, over the {MAX_LINE:,}-byte limit; not split",
                        raw=excerpt(raw, EXCERPT), part=part)
                body.rejected += 1
                fout.write("\n")
                continue
            raw = raw[:-1] if raw.endswith(b"\r") else raw
            text, utf8 = _decode(raw)
            if not utf8:
                log.add(line_no, "not UTF-8: decoded as Windows-1252", action="kept", part=part)
            if "\r" in text or "\x00" in text:
                log.add(line_no, "carriage return or NUL inside the line replaced by a space", raw=text,
                        action="kept", part=part)
                text = text.replace("\r", " ").replace("\x00", " ")
            if in_text is not None:
                if _TEXT_END.match(text):
                    body.texts.append((in_text[0], "\n".join(in_text[1])))
                    in_text = None
                elif in_text[2] + len(text) <= MAX_TEXT:
                    in_text[1].append(text)
                    in_text = (in_text[0], in_text[1], in_text[2] + len(text) + 1)
                elif in_text[2] <= MAX_TEXT:
                    log.add(in_text[0], f"F99 text over {MAX_TEXT:,} characters; the rest is not kept",
                            action="kept", part=part)
                    in_text = (in_text[0], in_text[1], MAX_TEXT + 1)
                body.lifted_lines += 1
                fout.write("\n")
                continue
            if _TEXT_BEGIN.match(text):
                in_text = (line_no, [], 0)
                body.lifted_lines += 1
                fout.write("\n")
                continue
            if not text.strip():
                fout.write("\n")
                continue
            try:
                parts = _split(text, header.comma)
                longest = max(map(len, parts))
                if longest > MAX_FIELD:  # our limit, whatever the csv module's (global) one is set to
                    raise csv.Error(f"a field of {longest:,} characters, over the {MAX_FIELD:,} limit")
            except csv.Error as exc:  # the line cannot be split into fields we keep
                log.add(line_no, f"cannot split this line ({exc})", raw=excerpt(text, EXCERPT), part=part)
                body.rejected += 1
                fout.write("\n")
                continue
            if not body.cover_type:
                body.cover_type = _strip_quotes(parts[0]).upper()
            fout.write(FS.join(p.replace(FS, " ").replace("\n", " ").replace("\r", " ") for p in parts) + "\n")
    body.lines = line_no
    if in_text is not None:  # an F99 text block that never closes: keep what there is
        body.texts.append((in_text[0], "\n".join(in_text[1])))
        log.add(in_text[0], "F99 text block has no [ENDTEXT]; kept to the end of the file", action="kept",
                part=part)
    return body


def _bounded_lines(fh, sep: bytes = b"\n") -> Iterator[tuple[bytes, int]]:
    """(line, its length in bytes) split on ``sep`` only; a line over MAX_LINE is cut to its start.

    A lone CR stays inside an LF-ended line, where the caller repairs it. Memory stays at
    one chunk plus MAX_LINE whatever the file holds (a gigabyte without a newline, say).
    """
    tail = b""
    long_len = 0  # > 0 while inside an over-long line: its bytes so far
    while chunk := fh.read(_CHUNK):
        if long_len:
            cut = chunk.find(sep)
            if cut < 0:
                long_len += len(chunk)
                continue
            yield tail, long_len + cut
            tail, long_len = b"", 0
            chunk = chunk[cut + 1:]
        chunk = tail + chunk
        lines = chunk.split(sep)
        tail = lines.pop()
        for line in lines:
            yield (line, len(line)) if len(line) <= MAX_LINE else (line[: EXCERPT * 4], len(line))
        if len(tail) > MAX_LINE:
            long_len, tail = len(tail), tail[: EXCERPT * 4]
    if long_len:
        yield tail, long_len
    elif tail:
        yield (tail, len(tail)) if len(tail) <= MAX_LINE else (tail[: EXCERPT * 4], len(tail))


def _byte_lines(fh) -> Iterator[bytes]:
    for line, _ in _bounded_lines(fh):
        yield line


def extract_member(source: SourceFile, dest: Path) -> Path:
    """Copy one zip member to ``dest``, refusing zip bombs; a clear error for a broken zip."""
    display = source.display_name
    try:
        with zipfile.ZipFile(source.path) as zf:
            info = zf.getinfo(source.member)
            check_member(info, display)
            with zf.open(info) as fin, open(dest, "wb") as fout:
                shutil.copyfileobj(fin, fout, _CHUNK)
    except (zipfile.BadZipFile, OSError, EOFError, zipfile.LargeZipFile, KeyError, zlib.error) as exc:
        raise FileFormatError(f"{display}: cannot read this zip member ({exc})") from exc
    return dest


def inspect_filing(source: SourceFile, tmp: Path, part: int = 0) -> FecBody:
    """Read a filing's header and scan its bytes (hash, lines, what needs repair); a member is extracted to ``tmp``."""
    display = source.display_name
    path = source.path
    if source.member:
        path = extract_member(source, tmp / f"member-{part}.fec")
    else:
        require_regular(path)
    head = _head_lines(path, 64, display)
    header = parse_header(head, display)
    cover = _cover_type(head, header)
    s = scan(path)
    body = FecBody(path=path, header=header, cover_type=cover, digest=s.digest, lines=s.lines,
                   repairs=list(s.reasons), cr_endings=s.cr_endings, tmp=tmp)
    if header.comma or header.legacy:
        body.repairs.append("comma-separated version")
    if cover == "F99" or any(_TEXT_BEGIN.match(_decode(x.rstrip(b"\r\n"))[0]) for x in head):
        body.repairs.append("F99 text block")
    return body


def make_readable(body: FecBody, log: RejectLog, part: int = 0) -> FecBody:
    """The body itself when DuckDB can read it as is, else a normalised copy beside the file's temp copies."""
    if not body.repairs:
        return body
    dest = (body.tmp or Path(tempfile.gettempdir())) / f"normalised-{part}.fec"
    out = normalise(body.path, dest, body.header, str(body.path), log, part, body.cr_endings)
    out.digest = body.digest
    return out


@contextmanager
def open_filing(source: SourceFile, log: RejectLog | None = None) -> Iterator[FecBody]:
    """The body of one filing, ready for DuckDB; temporary copies are removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="moneytrail-fec-") as tmp:
        yield make_readable(inspect_filing(source, Path(tmp)), log if log is not None else RejectLog())


def _head_lines(path: Path, n: int, display: str = "") -> list[bytes]:
    """The first ``n`` lines (split on LF, or on CR in a file without LF), each cut to MAX_LINE.

    A first line over MAX_FIELD bytes is no header: refused before anything holds it.
    """
    with open(path, "rb") as fh:
        data = fh.read(MAX_FIELD + 1)
        complete = len(data) <= MAX_FIELD
        if not complete and b"\n" not in data and b"\r" not in data:
            raise FileFormatError(f"{display or path}: line 1 is over {MAX_FIELD:,} bytes "
                                  "(a .fec header is a few hundred); not a .fec filing")
        if not complete:
            more = fh.read(_CHUNK)
            complete = len(more) < _CHUNK
            data += more
    sep = b"\n" if b"\n" in data or b"\r" not in data else b"\r"
    lines = data.split(sep)
    if not complete:
        lines.pop()  # cut mid-line
    return [x[:MAX_LINE] for x in lines[:n]]


def is_fec_file(path: Path) -> bool:
    """A .fec file by its name, or by a first line that is an FEC header."""
    if path.suffix.lower() == ".fec":
        return True
    try:
        require_regular(path)
        with open(path, "rb") as fh:
            start = fh.read(64)
    except (OSError, FileFormatError):
        return False
    start = start.removeprefix(BOM)
    return start.startswith(b"HDR\x1c") or start.startswith(b"/* Header") or start.startswith(b'"HDR",')


def fec_members(path: Path) -> list[str]:
    """The .fec members of a zip of filings (a day of FEC electronic filings, say)."""
    try:
        with zipfile.ZipFile(path) as zf:
            return sorted(i.filename for i in zf.infolist() if not i.is_dir() and i.filename.lower().endswith(".fec"))
    except (zipfile.BadZipFile, OSError, EOFError):
        return []


def record_line(record_type: str, version: str, values: dict[str, object]) -> str:
    """One FS-separated record with values placed by their layout names (for writing filings)."""
    names = raw_fields(record_type, version)
    if names is None:
        raise FileFormatError(f"no layout for {record_type} in version {version}")
    unknown = set(values) - set(names)
    if unknown:
        raise FileFormatError(f"{record_type} {version} has no field(s) {sorted(unknown)}")
    return FS.join("" if values.get(n) is None else str(values[n]) for n in names)


def write_filing(path: Path, records: list[tuple[str, dict[str, object]]], version: str = "8.3",
                 amends: int | None = None, amendment_number: int | None = None, software: str = "moneytrail") -> Path:
    """Write a v6+ .fec file: the header, then each (record type, values) record."""
    header = {"record_type": "HDR", "ef_type": "FEC", "fec_version": version, "soft_name": software,
              "soft_ver": "1", "report_id": f"FEC-{amends}" if amends else None,
              "report_number": amendment_number}
    lines = [record_line("HDR", version, header)] + [record_line(rt, version, v) for rt, v in records]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Path(path)
