"""Shared fixtures. Real FEC data lives in ../shared beside the repo; tests that need it skip without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from moneytrail.trail import Trail

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FEC = SHARED / "data" / "fec"


@pytest.fixture(autouse=True, scope="session")
def wide_terminal():
    """rich wraps at the terminal width; a wide one keeps names whole in CLI output under test."""
    from moneytrail import cli

    cli.console.width = 250


@pytest.fixture(scope="session")
def fec_dir() -> Path:
    if not FEC.is_dir():
        pytest.skip(f"real FEC slices not found at {FEC} (../shared sits beside the repo in CI)")
    return FEC


@pytest.fixture(scope="session")
def real_trail(tmp_path_factory, fec_dir) -> Trail:
    """A store with the real 2022 and 2024 slices loaded (one copy of each cycle's files)."""
    db = tmp_path_factory.mktemp("real") / "real.duckdb"
    trail = Trail(db)
    trail.ingest([
        fec_dir / "bulk-2024-early-sandeepk97",
        fec_dir / "bulk-harshavardhan" / "weball24.txt",
        fec_dir / "bulk-harshavardhan" / "weball22.txt",
        fec_dir / "bulk-harshavardhan" / "webk22.txt",
        fec_dir / "bulk-harshavardhan" / "ccl22.txt",
        fec_dir / "bulk-irworkshop" / "cm22.txt",
        fec_dir / "bulk-irworkshop" / "cn22.txt",
    ])
    yield trail
    trail.close()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """The synthetic demo cycle, generated and ingested once per test session."""
    d = tmp_path_factory.mktemp("demo")
    with Trail(d / "demo.duckdb") as trail:
        trail.load_demo(d / "files")
    return d / "demo.duckdb"


@pytest.fixture(scope="session")
def every_cycle_trail(tmp_path_factory, fec_dir) -> Trail:
    """Every cycle's candidate, committee, linkage and summary files (2020 full weball, 2022, 2024)."""
    db = tmp_path_factory.mktemp("every") / "every.duckdb"
    trail = Trail(db)
    h = fec_dir / "bulk-harshavardhan"
    trail.ingest([
        fec_dir / "bulk-irworkshop",
        h / "weball20.txt", h / "weball22.txt", h / "weball24.txt", h / "ccl22.txt", h / "webk22.txt",
        fec_dir / "bulk-2024-early-sandeepk97",
    ])
    yield trail
    trail.close()

