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
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import FileFormatError
from .bulk import Reject, SourceFile
from .efile_layouts import raw_fields

FS = "\x1c"
COMMA_MAJORS = {"1", "2", "3", "5"}
# 1, 2, 3.00, 5.0-5.3, 6.1-8.5 and paper P1-P3.x; anything else (e.g. 180.5) is refused
VERSION_RE = re.compile(r"^(P[1-3](\.\d{1,2})?|[1235](\.\d{1,2})?|[678]\.\d{1,2})$", re.I)
_TEXT_BEGIN = re.compile(r"^\s*\[\s*BEGIN\s*TEXT\s*\]\s*$", re.I)
_TEXT_END = re.compile(r"^\s*\[\s*END\s*TEXT\s*\]\s*$", re.I)
_CHUNK = 1 << 24

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
    warnings: list[Reject] = field(default_factory=list)
    normalised: bool = False


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
    parts = [_strip_quotes(p) for p in _split(first, FS not in first)]
    if parts[0].upper() != "HDR":
        raise FileFormatError(
            f"{display}: line 1: expected an HDR record or a '/* Header' block, found {first[:40]!r}; "
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


def _needs_normalising(path: Path, header: FecHeader) -> list[str]:
    """Why the file cannot go to DuckDB as is (empty list: it can)."""
    reasons = []
    if header.comma or header.legacy:
        reasons.append("comma-separated version")
    cr = crlf = nul = 0
    tail = b""
    utf8 = codecs.getincrementaldecoder("utf-8")()
    valid = True
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            if valid:
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError:
                    valid = False
            chunk = tail + chunk
            tail = chunk[-1:] if chunk.endswith(b"\r") else b""
            body = chunk[:-1] if tail else chunk
            cr += body.count(b"\r")
            crlf += body.count(b"\r\n")
            nul += body.count(b"\x00")
    if tail:
        crlf += 1  # a final CR ends the last line
        cr += 1
    if cr != crlf:
        reasons.append("carriage returns inside lines")
    if nul:
        reasons.append("NUL bytes")
    if not valid:
        reasons.append("not UTF-8")
    return reasons


def _cover_type(lines: list[bytes], header: FecHeader) -> str:
    for raw in lines[header.header_lines:]:
        text, _ = _decode(raw.rstrip(b"\r\n"))
        if text.strip():
            return _strip_quotes(_split(text, header.comma)[0]).upper()
    return ""


def normalise(src: Path, dest: Path, header: FecHeader, display: str) -> FecBody:
    """Write a line-aligned, FS-separated UTF-8 copy of a filing, noting every repair as a warning."""
    body = FecBody(path=dest, header=header, cover_type="", normalised=True)
    in_text: tuple[int, list[str]] | None = None
    with open(src, "rb") as fin, open(dest, "w", encoding="utf-8", newline="\n") as fout:
        for line_no, raw in enumerate(_byte_lines(fin), start=1):
            if line_no <= header.header_lines:
                fout.write("\n")
                continue
            raw = raw[:-1] if raw.endswith(b"\r") else raw
            text, utf8 = _decode(raw)
            if not utf8:
                body.warnings.append(Reject(line_no, "not UTF-8: decoded as Windows-1252", action="kept"))
            if "\r" in text or "\x00" in text:
                body.warnings.append(Reject(line_no, "carriage return or NUL inside the line replaced by a space",
                                            raw=text, action="kept"))
                text = text.replace("\r", " ").replace("\x00", " ")
            if in_text is not None:
                if _TEXT_END.match(text):
                    body.texts.append((in_text[0], "\n".join(in_text[1])))
                    in_text = None
                else:
                    in_text[1].append(text)
                body.lifted_lines += 1
                fout.write("\n")
                continue
            if _TEXT_BEGIN.match(text):
                in_text = (line_no, [])
                body.lifted_lines += 1
                fout.write("\n")
                continue
            if not text.strip():
                fout.write("\n")
                continue
            try:
                parts = _split(text, header.comma)
            except csv.Error as exc:  # e.g. a NUL the csv module refuses: keep the line whole
                body.warnings.append(Reject(line_no, f"unsplittable line kept as one field ({exc})", raw=text,
                                            action="kept"))
                parts = [text]
            if not body.cover_type:
                body.cover_type = _strip_quotes(parts[0]).upper()
            fout.write(FS.join(p.replace(FS, " ").replace("\n", " ") for p in parts) + "\n")
    if in_text is not None:  # an F99 text block that never closes: keep what there is
        body.texts.append((in_text[0], "\n".join(in_text[1])))
        body.warnings.append(Reject(in_text[0], "F99 text block has no [ENDTEXT]; kept to the end of the file",
                                    action="kept"))
    return body


def _byte_lines(fh) -> Iterator[bytes]:
    """Lines split on LF only (a lone CR stays inside its line, where the caller repairs it)."""
    tail = b""
    while chunk := fh.read(_CHUNK):
        chunk = tail + chunk
        lines = chunk.split(b"\n")
        tail = lines.pop()
        yield from lines
    if tail:
        yield tail


@contextmanager
def open_filing(source: SourceFile) -> Iterator[FecBody]:
    """The body of one filing, ready for DuckDB; temporary copies are removed afterwards."""
    display = source.display_name
    with tempfile.TemporaryDirectory(prefix="moneytrail-fec-") as tmp:
        path = source.path
        if source.member:
            path = Path(tmp) / "member.fec"
            try:
                with zipfile.ZipFile(source.path) as zf, zf.open(source.member) as fin, open(path, "wb") as fout:
                    shutil.copyfileobj(fin, fout, _CHUNK)
            except (zipfile.BadZipFile, OSError, EOFError, zipfile.LargeZipFile) as exc:
                raise FileFormatError(f"{display}: cannot read this zip member ({exc})") from exc
        head = _head_lines(path, 64)
        header = parse_header(head, display)
        cover = _cover_type(head, header)
        reasons = _needs_normalising(path, header)
        if cover == "F99" or any(_TEXT_BEGIN.match(_decode(x.rstrip(b"\r\n"))[0]) for x in head):
            reasons.append("F99 text block")
        if reasons:
            body = normalise(path, Path(tmp) / "normalised.fec", header, display)
        else:
            body = FecBody(path=path, header=header, cover_type=cover)
        yield body


def _head_lines(path: Path, n: int) -> list[bytes]:
    out = []
    with open(path, "rb") as fh:
        for raw in _byte_lines(fh):
            out.append(raw)
            if len(out) >= n:
                break
    return out


def is_fec_file(path: Path) -> bool:
    """A .fec file by its name, or by a first line that is an FEC header."""
    if path.suffix.lower() == ".fec":
        return True
    try:
        with open(path, "rb") as fh:
            start = fh.read(64)
    except OSError:
        return False
    return start.startswith(b"HDR\x1c") or start.startswith(b"/* Header") or start.startswith(b'"HDR",')


def fec_members(path: Path) -> list[str]:
    """The .fec members of a zip of filings (a day of FEC electronic filings, say)."""
    try:
        with zipfile.ZipFile(path) as zf:
            return sorted(i.filename for i in zf.infolist() if not i.is_dir() and i.filename.lower().endswith(".fec"))
    except zipfile.BadZipFile:
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
