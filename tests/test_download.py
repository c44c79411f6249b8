"""Downloads against a real HTTP server on 127.0.0.1: redirects, ranges, drops, lies."""

from __future__ import annotations

import hashlib
import random
import re
import socket
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from moneytrail.errors import DownloadError
from moneytrail.sources.download import (
    FEC_BULK_BASE,
    bulk_file_name,
    bulk_urls,
    download,
    fetch_bulk,
    part_path,
)
from moneytrail.sources.layouts import LAYOUTS

# --------------------------------------------------------------------------- server


@dataclass
class ServerState:
    """What the test server serves, how it misbehaves, and what it was asked."""

    base: str = ""
    files: dict[str, Path] = field(default_factory=dict)  # URL path -> file on disk
    redirects: dict[str, str] = field(default_factory=dict)  # URL path -> Location
    drop_after: dict[str, int] = field(default_factory=dict)  # first GET dies after K bytes
    stall_after: dict[str, int] = field(default_factory=dict)  # first GET hangs after K bytes
    ignore_range: set[str] = field(default_factory=set)  # always 200, whole file
    no_head: set[str] = field(default_factory=set)  # HEAD -> 405
    bad_total: dict[str, int] = field(default_factory=dict)  # 206 announces this total
    bad_start: set[str] = field(default_factory=set)  # 206 claims a start one byte later
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def serve(self, url_path: str, file: Path) -> str:
        self.files[url_path] = file
        return self.base + url_path

    def gets(self, url_path: str) -> list[dict[str, str]]:
        return [h for m, p, h in self.requests if m == "GET" and p == url_path]

    def methods(self, url_path: str) -> list[str]:
        return [m for m, p, _ in self.requests if p == url_path]


class Handler(BaseHTTPRequestHandler):
    server_version = "TestFEC/1"

    def log_message(self, format: str, *args: object) -> None:  # keep pytest output clean
        pass

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def _serve(self, head: bool) -> None:
        st: ServerState = self.server.state  # type: ignore[attr-defined]
        path = urlsplit(self.path).path
        st.requests.append((self.command, path, {k.lower(): v for k, v in self.headers.items()}))
        if path in st.redirects:
            self.send_response(302)
            self.send_header("Location", st.redirects[path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if head and path in st.no_head:
            self.send_error(405)
            return
        if path not in st.files:
            self.send_error(404)
            return
        body = st.files[path].read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        start = None
        rng, if_range = self.headers.get("Range"), self.headers.get("If-Range")
        if rng and path not in st.ignore_range and if_range in (None, etag):
            m = re.fullmatch(r"bytes=(\d+)-", rng)
            assert m, rng
            start = int(m.group(1))
        if start is not None and start >= len(body):
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{len(body)}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if start is not None:
            chunk = body[start:]
            shown = start + 1 if path in st.bad_start else start
            total = st.bad_total.get(path, len(body))
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {shown}-{len(body) - 1}/{total}")
        else:
            chunk = body
            self.send_response(200)
        self.send_header("Content-Length", str(len(chunk)))
        self.send_header("ETag", etag)
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Type", "text/html" if path.endswith(".html") else "application/zip")
        self.end_headers()
        if head:
            return
        if path in st.drop_after:
            self.wfile.write(chunk[: st.drop_after.pop(path)])
            self.close_connection = True  # the socket closes short of Content-Length
            return
        if path in st.stall_after:
            self.wfile.write(chunk[: st.stall_after.pop(path)])
            st.release.wait(5)  # set at teardown, so the server never outlives the test
            self.close_connection = True
            return
        self.wfile.write(chunk)


@pytest.fixture
def server() -> Iterator[ServerState]:
    state = ServerState()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.state = state  # type: ignore[attr-defined]
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=2)


# --------------------------------------------------------------------------- fixtures

SIZE = 300_000
K = 100_000  # where the dropped / stalled connection gives up


def make_zip(path: Path, seed: int = 7, size: int = SIZE) -> Path:
    """A real zip whose payload does not compress, so its size is about `size`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("itcont.txt", random.Random(seed).randbytes(size))
    return path


@pytest.fixture
def src(tmp_path: Path) -> Path:
    return make_zip(tmp_path / "srv" / "indiv24.zip")


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "out"


# --------------------------------------------------------------------------- URLs


def test_bulk_urls_2024() -> None:
    urls = bulk_urls(2024)
    assert urls["itcont"] == f"{FEC_BULK_BASE}/2024/indiv24.zip"
    assert urls["itpas2"] == f"{FEC_BULK_BASE}/2024/pas224.zip"
    assert urls["cn"] == f"{FEC_BULK_BASE}/2024/cn24.zip"
    assert urls["ie"] == f"{FEC_BULK_BASE}/2024/independent_expenditure_2024.csv"
    assert set(urls) == {k for k, lay in LAYOUTS.items() if lay.table.startswith("bulk_")}  # every FEC bulk kind


def test_bulk_urls_subset_stems_and_base() -> None:
    urls = bulk_urls(2008, ["indiv", "webk", "itcont"], base="http://mirror.example/bulk/")
    assert urls == {
        "itcont": "http://mirror.example/bulk/2008/indiv08.zip",
        "webk": "http://mirror.example/bulk/2008/webk08.zip",
    }
    assert bulk_file_name("ie", 2020) == "independent_expenditure_2020.csv"


def test_bulk_urls_unknown_kind_lists_valid_ones() -> None:
    with pytest.raises(DownloadError, match=r"unknown kind 'indv'.*valid kinds: cn, cm, .*itcont.*ie"):
        bulk_urls(2024, ["itcont", "indv"])


@pytest.mark.parametrize("cycle, message", [(2023, "2024 covers 2023"), (24, "an even year from 1976 to 2100")])
def test_bulk_urls_bad_cycle(cycle: int, message: str) -> None:
    with pytest.raises(DownloadError, match=message):
        bulk_urls(cycle)


# --------------------------------------------------------------------------- download


def test_download_follows_redirect(server: ServerState, src: Path, out: Path) -> None:
    server.serve("/s3/indiv24.zip", src)
    server.redirects["/bulk/2024/indiv24.zip"] = server.base + "/s3/indiv24.zip"
    seen: list[tuple[int, int | None]] = []
    dest = download(
        server.base + "/bulk/2024/indiv24.zip", out / "indiv24.zip", progress=lambda d, t: seen.append((d, t))
    )
    assert dest.read_bytes() == src.read_bytes()
    assert not part_path(dest).exists() and list(out.iterdir()) == [dest]
    assert seen[-1] == (src.stat().st_size, src.stat().st_size)
    assert server.methods("/bulk/2024/indiv24.zip") == ["GET"]  # the 302
    assert server.methods("/s3/indiv24.zip") == ["GET"]
    assert server.gets("/s3/indiv24.zip")[0]["accept-encoding"] == "identity"


def test_redirect_followed_with_callers_client(server: ServerState, src: Path, out: Path) -> None:
    server.serve("/s3/indiv24.zip", src)
    server.redirects["/r"] = server.base + "/s3/indiv24.zip"
    with httpx.Client() as client:  # follow_redirects defaults to False in httpx
        dest = download(server.base + "/r", out / "indiv24.zip", client=client)
        assert not client.is_closed  # a caller's client is left open
    assert dest.read_bytes() == src.read_bytes()


def test_http_404(server: ServerState, out: Path) -> None:
    url = server.base + "/bulk/2024/nope24.zip"
    with pytest.raises(DownloadError, match=r"HTTP 404 .*" + re.escape(url)):
        download(url, out / "nope24.zip")
    assert not (out / "nope24.zip").exists() and not part_path(out / "nope24.zip").exists()


def test_connection_refused(out: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again at once: nothing listens there
    with pytest.raises(DownloadError, match="could not fetch"):
        download(f"http://127.0.0.1:{port}/x.zip", out / "x.zip", timeout=0.5)


def test_resume_after_dropped_connection(server: ServerState, src: Path, out: Path) -> None:
    url = server.serve("/indiv24.zip", src)
    server.drop_after["/indiv24.zip"] = K
    dest = out / "indiv24.zip"
    with pytest.raises(DownloadError, match="run the same command again to resume"):
        download(url, dest)
    assert part_path(dest).stat().st_size == K and not dest.exists()

    seen: list[tuple[int, int | None]] = []
    download(url, dest, progress=lambda d, t: seen.append((d, t)))
    assert dest.read_bytes() == src.read_bytes()
    assert not part_path(dest).exists()
    second = server.gets("/indiv24.zip")[1]
    assert second["range"] == f"bytes={K}-"
    assert second["if-range"].startswith('"')  # the ETag of the first response
    assert seen[0][0] > K and seen[-1] == (src.stat().st_size, src.stat().st_size)


def test_read_timeout_is_resumable(server: ServerState, src: Path, out: Path) -> None:
    url = server.serve("/indiv24.zip", src)
    server.stall_after["/indiv24.zip"] = K
    dest = out / "indiv24.zip"
    with pytest.raises(DownloadError, match=f"lost after {K} of {src.stat().st_size} bytes.*resume"):
        download(url, dest, timeout=0.2)
    assert part_path(dest).stat().st_size == K
    download(url, dest)
    assert dest.read_bytes() == src.read_bytes()


def test_server_ignoring_range_restarts_from_zero(server: ServerState, src: Path, out: Path) -> None:
    url = server.serve("/indiv24.zip", src)
    server.ignore_range.add("/indiv24.zip")
    dest = out / "indiv24.zip"
    out.mkdir()
    part_path(dest).write_bytes(b"\xff" * K)  # garbage: appending to it would corrupt the file
    download(url, dest)
    assert server.gets("/indiv24.zip")[0]["range"] == f"bytes={K}-"
    assert dest.read_bytes() == src.read_bytes()


def test_changed_file_is_not_glued_to_an_old_part(
    server: ServerState, src: Path, out: Path, tmp_path: Path
) -> None:
    url = server.serve("/indiv24.zip", src)
    dest = out / "indiv24.zip"
    out.mkdir()
    old = make_zip(tmp_path / "old.zip", seed=1)
    part_path(dest).write_bytes(old.read_bytes()[:K])
    dest.with_suffix(".zip.part.validator").write_text('"last-weeks-etag"\n')
    download(url, dest)  # If-Range does not match: the server sends the new file whole
    assert dest.read_bytes() == src.read_bytes()
    assert not dest.with_suffix(".zip.part.validator").exists()


def test_part_already_whole(server: ServerState, src: Path, out: Path) -> None:
    url = server.serve("/indiv24.zip", src)
    dest = out / "indiv24.zip"
    out.mkdir()
    part_path(dest).write_bytes(src.read_bytes())  # finished, but never renamed
    download(url, dest)
    assert dest.read_bytes() == src.read_bytes()
    assert len(server.gets("/indiv24.zip")) == 1  # one 416, no second transfer


def test_checksum(server: ServerState, src: Path, out: Path) -> None:
    url = server.serve("/indiv24.zip", src)
    dest = out / "indiv24.zip"
    with pytest.raises(DownloadError, match="checksum mismatch.*expected sha256 0{64}"):
        download(url, dest, expected_sha256="0" * 64)
    assert not part_path(dest).exists() and not dest.exists()
    good = hashlib.sha256(src.read_bytes()).hexdigest().upper()
    assert download(url, dest, expected_sha256=good).read_bytes() == src.read_bytes()


def test_size_mismatch_keeps_part(server: ServerState, src: Path, out: Path) -> None:
    url = server.serve("/indiv24.zip", src)
    server.bad_total["/indiv24.zip"] = SIZE * 2
    dest = out / "indiv24.zip"
    out.mkdir()
    part_path(dest).write_bytes(src.read_bytes()[:K])
    size = src.stat().st_size
    with pytest.raises(
        DownloadError, match=rf"size mismatch for {re.escape(url)}: received {size} .* {SIZE * 2}"
    ):
        download(url, dest)
    assert part_path(dest).stat().st_size == size and not dest.exists()


def test_content_range_start_must_match(server: ServerState, src: Path, out: Path) -> None:
    url = server.serve("/indiv24.zip", src)
    server.bad_start.add("/indiv24.zip")
    dest = out / "indiv24.zip"
    out.mkdir()
    part_path(dest).write_bytes(src.read_bytes()[:K])
    with pytest.raises(DownloadError, match=f"resume at byte {K} but sent bytes from {K + 1}"):
        download(url, dest)
    assert part_path(dest).stat().st_size == K


def test_html_page_is_not_a_zip(server: ServerState, out: Path, tmp_path: Path) -> None:
    page = tmp_path / "srv" / "error.html"
    page.parent.mkdir(parents=True)
    page.write_text("<html><body>Service unavailable</body></html>")
    url = server.serve("/error.html", page)
    with pytest.raises(DownloadError, match="not a zip: the server returned something else.*<html>"):
        download(url, out / "indiv24.zip")
    assert not part_path(out / "indiv24.zip").exists() and not (out / "indiv24.zip").exists()
    # The same bytes under a .csv name are not checked for zipness.
    assert download(url, out / "ie.csv").read_text().startswith("<html>")


def test_skip_when_complete(server: ServerState, src: Path, out: Path) -> None:
    url = server.serve("/indiv24.zip", src)
    dest = out / "indiv24.zip"
    out.mkdir()
    dest.write_bytes(b"x" * src.stat().st_size)  # same size, other bytes: proves nothing was fetched
    part_path(dest).write_bytes(b"stale")
    assert download(url, dest) == dest
    assert dest.read_bytes() == b"x" * src.stat().st_size
    assert server.methods("/indiv24.zip") == ["HEAD"]
    assert not part_path(dest).exists()


def test_refetch_when_size_differs_checksum_fails_or_forced(
    server: ServerState, src: Path, out: Path
) -> None:
    url = server.serve("/indiv24.zip", src)
    dest = out / "indiv24.zip"
    out.mkdir()
    dest.write_bytes(b"short")
    download(url, dest)
    assert dest.read_bytes() == src.read_bytes()
    assert server.methods("/indiv24.zip") == ["HEAD", "GET"]

    dest.write_bytes(b"x" * src.stat().st_size)
    download(url, dest, expected_sha256=hashlib.sha256(src.read_bytes()).hexdigest())
    assert dest.read_bytes() == src.read_bytes()

    dest.write_bytes(b"x" * src.stat().st_size)
    download(url, dest, force=True)
    assert dest.read_bytes() == src.read_bytes()
    assert server.methods("/indiv24.zip")[-1] == "GET"


def test_refetch_when_server_will_not_say_its_size(server: ServerState, src: Path, out: Path) -> None:
    url = server.serve("/indiv24.zip", src)
    server.no_head.add("/indiv24.zip")
    dest = out / "indiv24.zip"
    out.mkdir()
    dest.write_bytes(b"x" * src.stat().st_size)
    download(url, dest)
    assert dest.read_bytes() == src.read_bytes()
    assert server.methods("/indiv24.zip") == ["HEAD", "GET"]


# --------------------------------------------------------------------------- fetch_bulk


def test_fetch_bulk(server: ServerState, src: Path, out: Path, tmp_path: Path) -> None:
    ie = tmp_path / "srv" / "independent_expenditure_2024.csv"
    ie.write_text("cand_id,cand_name\nH0XX00001,DOE\n")
    server.serve("/s3/indiv24.zip", src)
    server.redirects["/bulk/2024/indiv24.zip"] = server.base + "/s3/indiv24.zip"
    server.serve("/bulk/2024/independent_expenditure_2024.csv", ie)
    got = fetch_bulk(2024, out / "2024", kinds=["itcont", "ie"], base=server.base + "/bulk")
    assert got == [out / "2024" / "indiv24.zip", out / "2024" / "independent_expenditure_2024.csv"]
    assert got[0].read_bytes() == src.read_bytes() and got[1].read_bytes() == ie.read_bytes()
    # A second run finds both complete and transfers nothing.
    fetch_bulk(2024, out / "2024", kinds=["itcont", "ie"], base=server.base + "/bulk")
    assert [m for m, _, _ in server.requests].count("GET") == 3  # redirect + zip + csv, once each


def test_fetch_bulk_stops_at_first_failure(server: ServerState, out: Path) -> None:
    with pytest.raises(DownloadError, match="HTTP 404.*cn24.zip"):
        fetch_bulk(2024, out, kinds=["cn", "cm"], base=server.base)
    assert server.gets("/2024/cm24.zip") == []
