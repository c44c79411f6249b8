"""Fuzz: hypothesis-driven mutations of real files from ../shared (issue 18, item 7).

A short run here (a few dozen cases per format, well under a minute); the long run is
``python benchmarks/fuzz_long.py``. Each case asserts the accounting invariant, or a one-line error.
"""

from __future__ import annotations

import itertools
import os

import pytest
from fuzz_inputs import BULK_FILES, FEC_FILINGS, check_load, mutate, mutations
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moneytrail.trail import Trail

LONG = int(os.environ.get("MONEYTRAIL_FUZZ_EXAMPLES", "0"))  # set by benchmarks/fuzz_long.py
FUZZ = settings(max_examples=LONG or 30, deadline=None, derandomize=not LONG,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def fuzz_trail(tmp_path_factory):
    d = tmp_path_factory.mktemp("fuzz")
    trail = Trail(d / "fuzz.duckdb")
    trail.work = d
    trail.ids = itertools.count(990_000_000)
    yield trail
    trail.close()


@FUZZ
@given(which=st.sampled_from(FEC_FILINGS), edits=mutations())
def test_mutated_filings_add_up_or_fail_in_one_line(fuzz_trail, fec_dir, which, edits):
    data = mutate((fec_dir / which).read_bytes(), edits, b"\x1c" if b"\x1c" in (fec_dir / which).read_bytes()
                  else b",")
    path = fuzz_trail.work / f"{next(fuzz_trail.ids)}.fec"  # a fresh filing id: each case loads anew
    path.write_bytes(data)
    check_load(fuzz_trail, path)


@FUZZ
@given(which=st.sampled_from(BULK_FILES), edits=mutations())
def test_mutated_bulk_files_add_up_or_fail_in_one_line(fuzz_trail, fec_dir, which, edits):
    rel, kind, cycle = which
    data = mutate((fec_dir / rel).read_bytes(), edits, b"|")
    path = fuzz_trail.work / f"{kind}{cycle % 100:02d}.txt"
    path.write_bytes(data)
    check_load(fuzz_trail, path, kind=kind, cycle=cycle, replace=True)
