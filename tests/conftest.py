"""Shared fixtures. Real FEC data lives in ../shared beside the repo; tests that need it skip without it."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from moneytrail.trail import Trail

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FEC = SHARED / "data" / "fec"


# The longest test files (Spark, fuzzing, real-data sweeps), started first: with one process per core
# (./run test: pytest-xdist, a file per process) the run ends when its longest file does, so those
# go first and the short ones fill in beside them.
LONGEST_FIRST = ("test_engines.py", "test_fuzz.py", "test_elections.py", "test_efile_filers.py", "test_watch.py",
                 "test_built_reports.py", "test_figures.py", "test_claims_corpus.py", "test_efile_real.py")


def pytest_collection_modifyitems(items):
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: the rest keep their order


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


def copy_store(src: Path, dst: Path) -> Path:
    """A copy of a closed (checkpointed) store file: how a test that writes gets a store without rebuilding one."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    return dst


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """The synthetic demo cycle, generated and ingested once per test session. Open it read-only;
    a test that writes takes ``demo_copy``."""
    d = tmp_path_factory.mktemp("demo")
    with Trail(d / "demo.duckdb") as trail:
        trail.load_demo(d / "files")
    return d / "demo.duckdb"


@pytest.fixture
def demo_copy(demo_db, tmp_path) -> Path:
    """This test's own copy of the demo store, to write into (its files and registry stay where demo_db's are)."""
    return copy_store(demo_db, tmp_path / "demo-copy" / "demo.duckdb")


@pytest.fixture(scope="session")
def demo_app(demo_db):
    """One web app over the demo store for the whole session: a view computed by one test is not computed
    again by the next (the store is read-only while served, so the answers are the same). Tests that need
    their own limits or a fresh cache build their own app; never serve this one with uvicorn, whose
    shutdown stops the app's work."""
    from moneytrail.web.app import create_app

    return create_app(demo_db)


@pytest.fixture(scope="session")
def demo_client(demo_app):
    from fastapi.testclient import TestClient

    return TestClient(demo_app)


@pytest.fixture(scope="session")
def fl21_db(tmp_path_factory, fec_dir) -> tuple[Path, Path]:
    """FL-21 in 2022 from the real bulk files, plus a real amended F3 of a candidate's committee; built once
    and closed (open it read-only). Returns (store, filing).

    The filing is FastFEC's ``slash_form`` case (an F3A of C00772335 amending FEC-1542500); its own FEC
    number is not recorded there, so it is loaded under the local number 9100001.
    """
    d = tmp_path_factory.mktemp("fl21")
    filing = d / "9100001.fec"
    shutil.copy(fec_dir / "fastfec/cases/slash_form/src.fec", filing)
    with Trail(d / "fl21.duckdb") as trail:
        trail.ingest([fec_dir / "bulk-irworkshop/cn22.txt", fec_dir / "bulk-irworkshop/cm22.txt",
                      fec_dir / "bulk-harshavardhan/ccl22.txt", fec_dir / "bulk-harshavardhan/weball22.txt", filing])
    return d / "fl21.duckdb", filing


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _on_loopback(app) -> Iterator[str]:
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@pytest.fixture(scope="session")
def loopback():
    """Serve an app with uvicorn in a thread on a free loopback port: ``with loopback(app) as base_url``."""
    return _on_loopback


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

