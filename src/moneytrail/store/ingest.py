"""Ingesting files and folders into the store: what ``moneytrail ingest`` and ``Trail.ingest`` run.

It lives beside the store, below the model, so a load imports neither the model nor ibis:
starting a process to load a folder of filings costs what the loading needs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import FileFormatError, IngestError, MoneytrailError
from ..sources.identify import identify_all
from ..sources.layouts import parse_file_name
from .store import LoadResult, Store

DATA_SUFFIXES = {".txt", ".csv", ".zip", ".tab", ".xlsx", ".json", ".fec"}


def expand_paths(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Files as given; folders expand to the FEC files inside them (recognised by name)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(
                f for f in p.iterdir()
                if f.is_file() and f.suffix.lower() in DATA_SUFFIXES and "header" not in f.name.lower()
                and (f.suffix.lower() == ".fec" or parse_file_name(f.name)[0] or _results_file(f))
            )
            if not found:
                raise MoneytrailError(f"{p}: no FEC or election-results files recognised in this folder")
            out.extend(found)
        else:
            out.append(p)
    return out


def _results_file(path: Path) -> bool:
    from ..sources.results import detect_format  # (pyarrow: imported only for a file that may be results)

    return bool(detect_format(path))


def ingest(
    store: Store,
    paths: Iterable[str | os.PathLike],
    kind: str | None = None,
    cycle: int | None = None,
    replace: bool = False,
    progress: Callable[[Path, int, int, int], None] | None = None,
    force: bool = False,
) -> list[LoadResult]:
    """Load files and folders. Every file is tried; when some fail, :class:`IngestError` carries
    every file's outcome (loaded, unchanged or failed) after the rest have loaded."""
    from . import parquet

    paths = [Path(p) for p in paths]
    results = []
    for folder in [p for p in paths if parquet.is_export(p)]:
        info = parquet.import_into(store, folder)
        results.append(LoadResult(load_id=None, path=str(folder), kind="parquet", cycle=None, status="imported",
                                  rows_read=sum(info["tables"].values()),
                                  rows_loaded=sum(info["tables"].values()),
                                  message="; ".join([f"load ids shifted by {info['load_id_offset']}",
                                                     *info["notes"]])))
    paths = [p for p in paths if not parquet.is_export(p)]
    failed = []
    filings: list = []  # .fec filings load together, in batches (store.load_filings)

    def load_filings() -> None:
        loaded = store.load_filings(filings, replace=replace, strict=False)
        failed.extend(FileFormatError(r.message) for r in loaded if r.status == "failed")
        results.extend(loaded)
        filings.clear()

    for path in expand_paths(paths):
        try:
            sources = identify_all(path, kind=kind, cycle=cycle)
        except MoneytrailError as exc:
            failed.append(exc)
            results.append(LoadResult(load_id=None, path=str(path), kind=kind or "?", cycle=cycle,
                                      status="failed", message=str(exc)))
            continue
        for source in sources:
            if source.kind == "fec":
                filings.append(source)
                continue
            if filings:
                load_filings()
            cb = (lambda done, total, rows, _p=path: progress(_p, done, total, rows)) if progress else None
            try:
                results.append(store.load(source, replace=replace, progress=cb, force=force))
            except MoneytrailError as exc:
                failed.append(exc)
                results.append(LoadResult(load_id=None, path=source.display_name, kind=source.kind,
                                          cycle=source.cycle, status="failed", message=str(exc)))
    if filings:
        load_filings()
    if failed:
        if len(results) == 1:
            raise failed[0]
        done = sum(r.status != "failed" for r in results)
        raise IngestError(f"{len(failed)} of {len(results)} file(s) failed ({done} loaded or unchanged): "
                          + " | ".join(str(e) for e in failed), results)
    return results
