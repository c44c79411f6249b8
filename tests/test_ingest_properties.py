"""Property: whatever the lines, every line is either loaded or rejected, exactly once, at its own number."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moneytrail.errors import FileFormatError
from moneytrail.sources.identify import identify
from moneytrail.store.store import Store

GOOD = "H4CA90001|CANDIDATE, SYNTHETIC|DEM|2024|CA|H|34|C|C|C80000001|1 MAIN ST||LOS ANGELES|CA|90017"
counter = itertools.count()

field = st.one_of(
    st.text(alphabet=st.characters(blacklist_characters="|\n", min_codepoint=32, max_codepoint=0x24F), max_size=8),
    st.sampled_from(["", "2024", "abc", "H4CA90002", "01/01/2024", "-5"]),
)
line = st.one_of(
    st.just(GOOD.encode()),
    st.lists(field, min_size=0, max_size=20).map(lambda f: "|".join(f).encode()),  # any field count, blank too
    st.binary(max_size=40).map(lambda b: b.replace(b"\n", b" ")),  # any bytes: cp1252, CR, NUL
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(line, min_size=1, max_size=30), final_newline=st.booleans())
def test_every_line_is_loaded_or_rejected_once(tmp_path, lines, final_newline):
    n = next(counter)
    path = tmp_path / f"cn24_{n}.txt"
    body = b"\n".join(lines) + (b"\n" if final_newline else b"")
    path.write_bytes(body)
    # what counts as a line: every newline ends one, and text after the last newline is one more
    lines = body.split(b"\n")
    if body.endswith(b"\n") or not body:
        lines = lines[:-1]
    with Store(tmp_path / f"p{n}.duckdb") as store:
        try:
            result = store.load(identify(path))
        except FileFormatError as exc:  # a file of nothing but rejects is an error, and loads nothing
            assert "rows were rejected" in str(exc)
            assert store.con.execute("SELECT count(*) FROM bulk_cn").fetchall()[0][0] == 0
            assert store.con.execute("SELECT status FROM loads").fetchall() == [("failed",)]
            return
        total = len(lines)
        assert result.rows_read == total == result.rows_loaded + result.rows_rejected
        loaded = [r[0] for r in store.con.execute("SELECT line_no FROM bulk_cn").fetchall()]
        rejected = [
            r[0] for r in store.con.execute("SELECT line_no FROM rejects WHERE action = 'rejected'").fetchall()
        ]
        assert sorted(loaded + rejected) == list(range(1, total + 1))
        for (line_no,) in store.con.execute("SELECT line_no FROM bulk_cn WHERE cand_id = 'H4CA90001'").fetchall():
            assert lines[line_no - 1] == GOOD.encode()
