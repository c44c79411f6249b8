"""Read one FEC bulk file as a stream of validated Arrow batches.

The reader knows formats, not questions. It yields text batches in the shape of a
:class:`~moneytrail.sources.layouts.Layout` plus a ``line_no`` column, and keeps a
record of every line it could not pass on (a reject) or passed on with a repair
(a warning). It checks its own arithmetic: the lines in the file must equal the rows
it yielded plus the rows it rejected, or it raises.

Parsing is pyarrow's streaming CSV reader (quoting off for the pipe files), run
serially so that every bad line comes back with its line number.
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import FileFormatError
from ..lazy import Lazy
from .files import (  # noqa: F401 (Reject: re-exported)
    EXCERPT,
    MAX_LINE,
    Reject,
    RejectLog,
    check_member,
    excerpt,
    require_regular,
)
from .layouts import AMOUNT_PATTERN, KEY_PATTERN, LAYOUTS, RESULT_FORMATS, Layout, parse_file_name

# imported when a file is read (a report that reads the store needs none of them)
np, pa, pc, pa_csv = Lazy("numpy"), Lazy("pyarrow"), Lazy("pyarrow.compute"), Lazy("pyarrow.csv")

BLOCK_SIZE = 4 << 20
OVERLONG = b"moneytrail:over-long-line"  # what the parser sees in place of a line over MAX_LINE (then rejected)


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


def make_reader(source: SourceFile):
    """The reader for a source: streaming for FEC bulk files, whole-file for results formats."""
    if source.kind in RESULT_FORMATS:
        from .results import ResultsReader

        return ResultsReader(source)
    return BulkReader(source)


def identify(path: str | os.PathLike, kind: str | None = None, cycle: int | None = None) -> SourceFile:
    """Work out kind, cycle and zip member for a bulk file, or say clearly why not."""
    path = Path(path)
    if not path.exists():
        raise FileFormatError(f"{path}: no such file")
    require_regular(path)
    if "header" in path.name.lower():
        raise FileFormatError(
            f"{path.name} looks like a column-header file, not data; moneytrail knows the columns already"
        )
    from .results import detect_format

    result_format = kind if kind in RESULT_FORMATS else (None if kind else detect_format(path))
    if result_format:
        return SourceFile(path=path, kind=result_format, cycle=None)
    name_kind, name_cycle = parse_file_name(path.name)
    member = None
    if zipfile.is_zipfile(path):
        member, member_kind, member_cycle = _pick_member(path, kind or name_kind)
        name_kind = name_kind or member_kind
        name_cycle = name_cycle or member_cycle
    elif path.suffix.lower() == ".zip":
        raise FileFormatError(f"{path}: not a readable zip file (truncated or corrupt?)")
    kind = kind or name_kind
    if kind is None:
        raise FileFormatError(
            f"{path.name}: cannot tell which file this is from its name or first line; pass --kind "
            f"(one of: {', '.join(LAYOUTS)})"
        )
    if kind not in LAYOUTS:
        raise FileFormatError(f"unknown kind {kind!r}; expected one of: {', '.join(LAYOUTS)}")
    cycle = cycle or name_cycle
    if cycle is None:
        raise FileFormatError(f"{path.name}: the name does not say which cycle it is; pass --cycle YYYY")
    if cycle % 2 or not 1976 <= cycle <= 2100:
        raise FileFormatError(f"{cycle} is not an election cycle (an even year, e.g. 2024)")
    return SourceFile(path=path, kind=kind, cycle=cycle, member=member)


def identify_all(path: str | os.PathLike, kind: str | None = None, cycle: int | None = None) -> list[SourceFile]:
    """Like :func:`identify`, but a workbook gives one source per results sheet, a zip of filings one per filing."""
    from .efile import fec_members, is_fec_file

    p = Path(path)
    if p.exists() or p.is_symlink():
        require_regular(p)
    if kind == "fec" or (kind is None and p.is_file()):
        if zipfile.is_zipfile(p):
            members = fec_members(p)
            if members:
                return [SourceFile(path=p, kind="fec", cycle=None, member=m) for m in members]
        elif is_fec_file(p):
            return [SourceFile(path=p, kind="fec", cycle=None)]
        if kind == "fec":
            raise FileFormatError(f"{p}: not a .fec filing (nor a zip of them)")
    source = identify(path, kind=kind, cycle=cycle)
    if source.kind == "fec_results" and source.path.suffix.lower() == ".xlsx":
        from .results import workbook_sheets

        sheets = workbook_sheets(source.path)
        if not sheets:
            raise FileFormatError(f"{source.path.name}: no 'US House/Senate Results by State' sheet")
        return [SourceFile(path=source.path, kind=source.kind, cycle=None, member=s) for s in sheets]
    return [source]


def _pick_member(path: Path, kind: str | None) -> tuple[str, str | None, int | None]:
    try:
        with zipfile.ZipFile(path) as zf:
            names = [i.filename for i in zf.infolist() if not i.is_dir()]
    except zipfile.BadZipFile as exc:
        raise FileFormatError(f"{path}: not a readable zip file ({exc})") from exc
    # by_date/ members repeat the rows of the top-level file: reading them too counts twice.
    top = [n for n in names if "/" not in n and "header" not in n.lower()]
    candidates = []
    for n in top:
        k, c = parse_file_name(n)
        if kind is None or k == kind or (k is None and len(top) == 1):
            candidates.append((n, k, c))
    if len(candidates) != 1:
        raise FileFormatError(
            f"{path}: expected one data file in the zip for kind {kind or '?'}, found "
            f"{[c[0] for c in candidates] or names}"
        )
    return candidates[0]


class _SourceStream(io.RawIOBase):
    """What the parser reads: the file's bytes, counted, with non-UTF-8 lines re-encoded.

    It counts bytes and newlines of the original file (for progress and the row check)
    and hands the parser whole lines only. A line that is not valid UTF-8 is decoded as
    cp1252 (latin-1 for its five unused bytes) and passed on as UTF-8; a carriage return
    inside a line becomes a space. Each repair is noted by line number, as a warning.
    """

    def __init__(self, raw, on_bytes: Callable[[int], None] | None, outer=None, chunk: int = BLOCK_SIZE,
                 quoted: bool = False, log: RejectLog | None = None):
        self._raw = raw
        self._log = log if log is not None else RejectLog()
        self.overlong: dict[int, tuple[int, bytes]] = {}  # line -> (bytes, excerpt), until the parser meets it
        self._long_len = 0  # > 0 while skipping the rest of an over-long line
        self._long_head = b""
        self._quoted = quoted
        self._on_bytes = on_bytes
        self._outer = outer  # the file whose position shows progress (the zip, if any)
        self._chunk = chunk
        self._pending = b""
        self._offset = 0
        self._carry = b""
        self._eof = False
        self._lines_done = 0  # complete lines of the file handed on so far (blank ones included)
        self._parser_lines = 0  # lines the parser has been given (blank lines are not given it)
        self._run: list[int] | None = None  # blank lines being passed: [first file line, count, parser lines before]
        self._gap_at: list[int] = []  # closed runs: parser lines before each run ...
        self._gap_len: list[int] = []  # ... and its length
        self._gap_base = 0  # blank lines of runs no line still to be numbered comes before
        self.newlines = 0
        self.last_byte = b""
        self.nbytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        while self._offset >= len(self._pending) and not (self._eof and not self._carry):
            self._fill()
        n = min(len(b), len(self._pending) - self._offset)
        b[:n] = self._pending[self._offset : self._offset + n]
        self._offset += n
        return n

    def _fill(self) -> None:
        data = self._raw.read(self._chunk)
        if data:
            self.newlines += data.count(b"\n")
            self.last_byte = data[-1:]
            self.nbytes += len(data)
            if self._on_bytes:
                self._on_bytes(self._outer.tell() if self._outer else self.nbytes)
        else:
            self._eof = True
        head = b""
        if self._long_len:  # the rest of an over-long line: skipped, not held
            end = data.find(b"\n")
            if end < 0 and not self._eof:
                self._long_len += len(data)
                self._pending, self._offset = b"", 0
                return
            self._mark_long(self._lines_done + 1, self._long_len + (len(data) if end < 0 else end), self._long_head)
            self._long_len = 0
            if end < 0:  # the file ends inside it
                self._close_run()
                self._pending, self._offset = OVERLONG, 0
                return
            head, data = OVERLONG + b"\n", data[end + 1:]
            self._close_run()
            self._lines_done += 1
            self._parser_lines += 1
        buf = self._carry + data
        if self._eof:
            complete, self._carry = buf, b""
        else:
            cut = buf.rfind(b"\n") + 1
            complete, self._carry = buf[:cut], buf[cut:]
            if len(self._carry) > MAX_LINE:  # a line longer than any record: keep its start only
                self._long_head, self._long_len, self._carry = self._carry[: EXCERPT * 4], len(self._carry), b""
        self._pending, self._offset = head + self._recode(complete), 0

    def _mark_long(self, line_no: int, length: int, head: bytes) -> None:
        self.overlong[line_no] = (length, head)

    def _recode(self, data: bytes) -> bytes:
        ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
        starts = np.concatenate(([0], ends + 1))[: len(ends) + (0 if data.endswith(b"\n") or not data else 1)]
        stops = np.concatenate((ends, [len(data)]))[: len(starts)]
        if len(starts) and int((stops - starts).max()) > MAX_LINE:  # whole over-long lines in this block
            lines = data.split(b"\n")
            for i, line in enumerate(lines):
                if len(line) > MAX_LINE:
                    self._mark_long(self._lines_done + i + 1, len(line), line[: EXCERPT * 4])
                    lines[i] = OVERLONG
            data = b"\n".join(lines)
        if b"\r" in data:
            # CRLF endings are just endings; a carriage return inside a line would end a row
            # for the parser, so it becomes a space (noted).
            lines = data.split(b"\n")
            tail_had_cr = lines[-1] != b""  # only at the end of the file: a last line without a newline
            for i, line in enumerate(lines):
                if b"\r" in line:
                    line = line[:-1] if line.endswith(b"\r") else line
                    if b"\r" in line:
                        line = line.replace(b"\r", b" ")
                        self._log.add(self._lines_done + i + 1, "carriage return inside the line", action="kept")
                    lines[i] = line
            data = b"\n".join(lines)
            if tail_had_cr and lines[-1] == b"":
                data += b"\n"  # a last line that was only a CR is still a (blank) line for the parser
        if b"\x00" in data:  # a NUL is never data in these text files: a space, noted
            lines = data.split(b"\n")
            for i, line in enumerate(lines):
                if b"\x00" in line:
                    lines[i] = line.replace(b"\x00", b" ")
                    self._log.add(self._lines_done + i + 1, "NUL byte replaced by a space", action="kept")
            data = b"\n".join(lines)
        if self._quoted and b'"' in data:
            # an unbalanced quote would swallow the lines after it: its quotes go (noted), so the
            # line is parsed, and rejected if its fields no longer add up
            lines = data.split(b"\n")
            for i, line in enumerate(lines):
                if line.count(b'"') % 2:
                    lines[i] = line.replace(b'"', b"")
                    self._log.add(self._lines_done + i + 1, "unbalanced quote removed", action="kept")
            data = b"\n".join(lines)
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            lines = data.split(b"\n")
            for i, line in enumerate(lines):
                try:
                    line.decode("utf-8")
                except UnicodeDecodeError:
                    try:
                        text = line.decode("cp1252")
                    except UnicodeDecodeError:
                        text = line.decode("latin-1")
                    self._log.add(self._lines_done + i + 1, "not UTF-8: decoded as cp1252", action="kept")
                    lines[i] = text.encode("utf-8")
            data = b"\n".join(lines)
        n = data.count(b"\n")
        data = self._drop_blank(data)
        self._lines_done += n
        if self._eof:
            self._close_run()
        return data

    def _drop_blank(self, data: bytes) -> bytes:
        """Blank lines never reach the parser (a Python callback each cost seconds per million): they are
        counted here in runs, rejected one row per line in the store, and numbered around."""
        if not (data.startswith(b"\n") or b"\n\n" in data):
            if data:
                self._close_run()
            self._parser_lines += data.count(b"\n")
            return data
        lines = data.split(b"\n")
        tail = lines.pop()  # b"" after a final newline, else a last line without one
        kept: list[bytes] = []
        for i, line in enumerate(lines):
            if line:
                self._close_run()
                kept.append(line)
                self._parser_lines += 1
            elif self._run is None:
                self._run = [self._lines_done + i + 1, 1, self._parser_lines]
            else:
                self._run[1] += 1
        if tail:
            self._close_run()
        return (b"\n".join(kept) + b"\n" if kept else b"") + tail

    def _close_run(self) -> None:
        if self._run is None:
            return
        first, count, before = self._run
        self._log.add(first, "blank line", lines=count)
        self._gap_at.append(before)
        self._gap_len.append(count)
        self._run = None

    def file_line(self, parser_line: np.ndarray | int) -> np.ndarray | int:
        """The file's line number of a line the parser numbered (blank lines it never saw put back)."""
        at = np.asarray(self._gap_at, dtype=np.int64)
        cum = np.concatenate(([0], np.cumsum(np.asarray(self._gap_len, dtype=np.int64))))
        # runs that come before the line: those with fewer parser lines before them than the line's number
        return parser_line + self._gap_base + cum[np.searchsorted(at, parser_line, side="left")]

    def forget_before(self, parser_line: int) -> None:
        """No line before ``parser_line`` will be numbered again: fold the runs before it into the base."""
        k = int(np.searchsorted(np.asarray(self._gap_at, dtype=np.int64), parser_line, side="left"))
        if k:
            self._gap_base += sum(self._gap_len[:k])
            del self._gap_at[:k], self._gap_len[:k]


def _validate(values: pa.Array, base_type: str) -> tuple[pa.Array, np.ndarray]:
    """Check an amount or key column; return it normalised, and a mask of bad values.

    The plain form (``-1234.5``) passes with one regex pass; only a batch holding
    something else pays for trimming and dropping ``$`` and thousands commas.
    """
    pattern = AMOUNT_PATTERN if base_type == "amount" else KEY_PATTERN
    plain = pc.match_substring_regex(values, pattern)
    ok = pc.or_kleene(pc.is_null(values), plain).fill_null(True)
    if pc.all(ok).as_py():
        return values, np.zeros(len(values), dtype=bool)
    norm = pc.utf8_trim_whitespace(values)
    if base_type == "amount":
        norm = pc.replace_substring(norm, "$", "")
        grouped = pc.match_substring_regex(norm, r"^-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?$").fill_null(False)
        norm = pc.if_else(grouped, pc.replace_substring(norm, ",", ""), norm)  # '12,00' stays bad
    ok = pc.or_kleene(pc.or_kleene(pc.is_null(norm), pc.equal(norm, "")), pc.match_substring_regex(norm, pattern))
    ok = np.asarray(ok.fill_null(True))
    return pc.if_else(plain.fill_null(True), values, norm), ~ok


@dataclass
class BulkReader:
    """Streams one bulk file; after iteration, ``rejects`` and the counts are final."""

    source: SourceFile
    on_bytes: Callable[[int], None] | None = None
    rejects: RejectLog = field(default_factory=RejectLog)
    rows_yielded: int = 0
    _bad_lines: list[int] = field(default_factory=list)  # rejected by the parser, not yet numbered past
    _bad_done: int = 0  # parser rejects already numbered past
    _arrow_rows: int = 0
    _header_lines: int = 0
    _counter: _SourceStream | None = None

    @property
    def layout(self) -> Layout:
        return self.source.layout

    @property
    def rows_rejected(self) -> int:
        return self.rejects.rejected

    @property
    def rows_read(self) -> int:
        return self.rows_yielded + self.rows_rejected

    @property
    def lines_loaded(self) -> int:
        return self.rows_yielded

    def schema(self) -> pa.Schema:
        return pa.schema(
            [(n, pa.string()) for n in self.layout.names if n not in self.layout.ignore_columns]
            + [("line_no", pa.int64())]
        )

    def batches(self) -> Iterator[pa.RecordBatch]:
        layout = self.layout
        with open(self.source.path, "rb") as outer:
            if self.source.member:
                try:
                    zf = zipfile.ZipFile(outer)
                    info = zf.getinfo(self.source.member)
                    check_member(info, self.source.display_name)
                    inner = zf.open(info)
                except (zipfile.BadZipFile, OSError, KeyError) as exc:
                    raise FileFormatError(f"{self.source.display_name}: cannot open ({exc})") from exc
                counter = _SourceStream(inner, self.on_bytes, outer=outer, quoted=layout.quoted, log=self.rejects)
            else:
                counter = _SourceStream(outer, self.on_bytes, quoted=layout.quoted, log=self.rejects)
            self._counter = counter
            try:
                stream = io.BufferedReader(counter, buffer_size=BLOCK_SIZE)
                if not stream.peek(1):  # an empty file: nothing read, nothing loaded, nothing rejected
                    self._check_accounting()
                    return
                header_lines = self._check_header(stream) if layout.header else 0
                self._header_lines = header_lines
                reader = pa_csv.open_csv(
                    stream,
                    read_options=pa_csv.ReadOptions(
                        column_names=layout.names,
                        skip_rows=header_lines,
                        use_threads=False,  # serial parsing is what gives bad lines their numbers
                        block_size=BLOCK_SIZE,
                    ),
                    parse_options=pa_csv.ParseOptions(
                        delimiter=layout.delimiter,
                        quote_char='"' if layout.quoted else False,
                        double_quote=layout.quoted,
                        escape_char=False,
                        newlines_in_values=False,
                        ignore_empty_lines=False,
                        invalid_row_handler=self._on_invalid_row,
                    ),
                    convert_options=pa_csv.ConvertOptions(
                        column_types={n: pa.string() for n in layout.names},  # the stream is UTF-8 by now
                        null_values=[""],  # an empty field is NULL from the start: no per-row test later
                        strings_can_be_null=True,
                        quoted_strings_can_be_null=True,
                    ),
                )
                for batch in reader:
                    out = self._clean(batch)
                    if out is not None and out.num_rows:
                        yield out
            except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
                raise FileFormatError(
                    f"{self.source.display_name}: the file ends early or is corrupt ({exc})"
                ) from exc
            except pa.ArrowInvalid as exc:
                raise FileFormatError(f"{self.source.display_name}: cannot parse ({exc})") from exc
        self._check_accounting()

    # -- steps -------------------------------------------------------------------------

    def _check_header(self, stream: io.BufferedReader) -> int:
        first = stream.peek(1 << 16).split(b"\n", 1)[0]
        text = first.decode("utf-8", "replace").lstrip("\ufeff").strip()
        got = [h.strip().strip('"').strip().lower() for h in text.split(self.layout.delimiter)]
        if got != self.layout.names:
            raise FileFormatError(
                f"{self.source.display_name}: header does not match the {self.layout.kind} layout; "
                f"expected {self.layout.names}, found {got}"
            )
        return 1

    def _on_invalid_row(self, err) -> str:
        self._bad_lines.append(err.number)
        line_no = int(self._counter.file_line(err.number))
        text = err.text or ""
        long = self._counter.overlong.pop(line_no, None) if text == OVERLONG.decode() else None
        if long:
            self.rejects.add(line_no, f"line of {long[0]:,} bytes, over the {MAX_LINE:,}-byte limit; not split",
                             raw=excerpt(long[1], EXCERPT))
            return "skip"
        reason = (
            "blank line"
            if text.strip() == ""
            else f"wrong field count: expected {err.expected_columns}, found {err.actual_columns}"
        )
        self.rejects.add(line_no, reason, raw=text or None)
        return "skip"

    def _line_numbers(self, first_ordinal: int, n: int) -> np.ndarray:
        """File line numbers of the next n good rows: the k-th line not rejected.

        Only the parser's rejects not yet passed are held, so a file of millions of bad lines
        costs no memory here."""
        ordinals = np.arange(first_ordinal, first_ordinal + n, dtype=np.int64)
        h, done = self._header_lines, self._bad_done
        bad = np.asarray(self._bad_lines, dtype=np.int64)
        # good data lines before the i-th bad line (1-based i, counting those already passed): bad_i - i - h
        good_before = bad - (done + np.arange(1, len(bad) + 1, dtype=np.int64)) - h
        lines = ordinals + h + done + np.searchsorted(good_before, ordinals, side="left")
        if n:
            passed = int(np.searchsorted(bad, lines[-1], side="right"))
            self._bad_done += passed
            del self._bad_lines[:passed]
            out = self._counter.file_line(lines)
            self._counter.forget_before(int(lines[-1]))
            return out
        return lines

    def _clean(self, batch: pa.RecordBatch) -> pa.RecordBatch | None:
        layout = self.layout
        lines = self._line_numbers(self._arrow_rows + 1, batch.num_rows)
        self._arrow_rows += batch.num_rows
        cols = {name: batch.column(i) for i, name in enumerate(layout.names)}
        keep = np.ones(batch.num_rows, dtype=bool)
        reasons: dict[int, str] = {}

        # A blank line parses as a row of empty fields; a real row has a committee or candidate id first.
        first_empty = np.asarray(pc.is_null(cols[layout.names[0]]))
        blank = np.zeros(batch.num_rows, dtype=bool)
        if first_empty.any():
            idx = np.flatnonzero(first_empty)
            sub = batch.take(pa.array(idx))
            total = np.zeros(len(idx), dtype=np.int64)
            for arr in sub.columns:
                total += np.asarray(pc.utf8_length(arr).fill_null(0))
            blank[idx[total == 0]] = True
        for i in np.flatnonzero(blank):
            reasons[i] = "blank line"
        keep &= ~blank

        text = {name: cols[name] for name in layout.names if name not in layout.ignore_columns}
        for col in layout.columns:
            if not col.rejects_row:
                continue
            values, bad = _validate(text[col.name], col.base_type)
            if col.name in layout.required:  # a money row without its amount cannot enter a total
                missing = np.asarray(pc.is_null(values)) & keep & ~bad
                for i in np.flatnonzero(missing):
                    reasons.setdefault(i, f"missing {col.name}")
                keep &= ~missing
            bad &= keep
            for i in np.flatnonzero(bad):
                reasons.setdefault(i, f"bad {col.base_type} in {col.name}: {text[col.name][i].as_py()!r}")
            keep &= ~bad
            text[col.name] = values

        if reasons:
            raw_lines = pc.binary_join_element_wise(
                *[cols[n] for n in layout.names], layout.delimiter,
                null_handling="replace", null_replacement="",
            )
            for i, reason in sorted(reasons.items()):
                self.rejects.add(int(lines[i]), reason, raw=raw_lines[i].as_py())
        arrays = [text[n] for n in text] + [pa.array(lines, pa.int64())]
        out = pa.RecordBatch.from_arrays(arrays, schema=self.schema())
        if reasons:
            out = out.filter(pa.array(keep))
        self.rows_yielded += out.num_rows
        return out

    def _check_accounting(self) -> None:
        c = self._counter
        lines = c.newlines + (1 if c.nbytes and c.last_byte != b"\n" else 0) - self._header_lines
        if lines != self.rows_read:
            raise FileFormatError(
                f"{self.source.display_name}: row accounting failed: the file has {lines} lines but "
                f"the reader saw {self.rows_read} ({self.rows_yielded} good + {self.rows_rejected} rejected). "
                "Stray carriage returns or embedded newlines can cause this."
            )
