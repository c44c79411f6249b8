"""What is this file? Kind, cycle and zip member of a path, and the reader for it.

The one place that knows every reader (bulk, .fec filings, election results); the readers know only
their own format and never import each other. A moneytrail Parquet export (a folder with a manifest)
is recognised here too.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from ..errors import FileFormatError
from ..reference import cycles
from .bulk import BulkReader
from .efile import fec_members, is_fec_file
from .files import SourceFile, require_regular
from .layouts import LAYOUTS, RESULT_FORMATS, parse_file_name
from .results import ResultsReader, detect_format, workbook_sheets

MANIFEST = "manifest.json"  # what makes a folder a moneytrail Parquet export (store/parquet.py writes it)


def is_export(path: Path) -> bool:
    return path.is_dir() and (path / MANIFEST).is_file()


def make_reader(source: SourceFile):
    """The reader for a source: streaming for FEC bulk files, whole-file for results formats."""
    if source.kind in RESULT_FORMATS:
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
    if not cycles.is_cycle(cycle):
        raise FileFormatError(cycles.why_not_a_cycle(cycle))
    return SourceFile(path=path, kind=kind, cycle=cycle, member=member)


def identify_all(path: str | os.PathLike, kind: str | None = None, cycle: int | None = None) -> list[SourceFile]:
    """Like :func:`identify`, but a workbook gives one source per results sheet, a zip of filings one per filing."""
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
