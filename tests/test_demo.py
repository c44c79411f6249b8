"""The synthetic cycle: every file loads, the row arithmetic is exact, and the demo stories are there."""

from __future__ import annotations

import pytest

from moneytrail.sources.demo import (
    DEFAULT_ITCONT_ROWS,
    HEADLINE_RACE,
    KINDS,
    MALFORMED,
    generate_cycle,
    write_itcont,
)
from moneytrail.sources.identify import identify
from moneytrail.sources.layouts import LAYOUTS
from moneytrail.store.store import Store


@pytest.fixture(scope="module", params=[None, 5_000, 50_000], ids=["default", "rows5000", "rows50000"])
def demo(request, tmp_path_factory):
    """The default cycle, and two scaled ones (``rows=N``): every invariant below holds for each."""
    root = tmp_path_factory.mktemp("demo")
    paths = generate_cycle(root / "files", cycle=2024, seed=7, rows=request.param)
    paths.rows_asked = request.param
    store = Store(root / "x.duckdb")
    results = {identify(p).kind: store.load(identify(p)) for p in paths}
    yield paths, results, store
    store.close()


def test_files_are_named_and_identified_like_the_fecs(demo):
    paths, _results, _store = demo
    assert [p.name for p in paths] == [
        "cn24.txt", "cm24.txt", "ccl24.txt", "itcont24.txt", "itpas224.txt", "itoth24.txt", "oppexp24.txt",
        "weball24.txt", "webl24.txt", "webk24.txt", "independent_expenditure_2024.csv", "demo_results_2024.csv",
    ]
    for p in paths:
        src = identify(p)
        assert src.cycle == (None if src.kind == "results_csv" else 2024)  # results take the year from each row
        assert src.kind in KINDS
    readme = (paths[0].parent / "README.txt").read_text()
    assert "SYNTHETIC" in readme and "seed=7" in readme and "INVENTED election results" in readme


def test_rows_read_equal_loaded_plus_rejected_and_match_the_manifest(demo):
    paths, results, _store = demo
    manifest = paths.manifest
    assert set(results) == set(KINDS)
    for kind, r in results.items():
        expected = manifest.expected(kind)
        assert r.status == "loaded", (kind, r.message)
        assert r.rows_read == r.rows_loaded + r.rows_rejected, kind
        assert r.rows_read == expected.lines, kind
        assert r.rows_rejected == expected.rejected == MALFORMED.get(kind, {}).get("rejected", 0), kind
        assert r.rows_warned == expected.warned, kind
        assert r.rows_loaded == expected.loaded, kind
    if paths.rows_asked is None:
        assert 20_000 <= results["itcont"].rows_read <= 50_000
    else:  # exactly N loaded; the malformed lines are rejected on top
        assert results["itcont"].rows_loaded == paths.rows_asked
        assert results["itcont"].rows_read == paths.rows_asked + MALFORMED["itcont"]["rejected"]


def test_pipe_files_have_the_layout_field_counts(demo):
    paths, _results, _store = demo
    for p in paths:
        layout = identify(p).layout
        if layout.header or layout.table == "results":  # CSV files: header and quoted fields
            continue
        bad = 0
        with open(p, "rb") as fh:
            for line in fh:
                assert line.endswith(b"\n") and not line.endswith(b"\r\n")
                if line.count(b"|") + 1 != layout.field_count:
                    bad += 1
        # only the malformed lines counted as wrong-field-count rejects (blank line included)
        assert bad == {"itcont": 2, "oppexp": 1}.get(layout.kind, 0), p.name


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    a = generate_cycle(tmp_path / "a", seed=11, rows=3_000)
    b = generate_cycle(tmp_path / "b", seed=11, rows=3_000)
    c = generate_cycle(tmp_path / "c", seed=12, rows=3_000)
    for pa_, pb in zip(a, b, strict=True):
        assert pa_.read_bytes() == pb.read_bytes(), pa_.name
    assert a[3].read_bytes() != c[3].read_bytes()


def test_ids_are_synthetic(demo):
    _paths, _results, store = demo
    con = store.con
    assert con.execute("SELECT count(*) FROM bulk_cm WHERE cmte_id NOT SIMILAR TO 'C8[0-9]{7}'").fetchone()[0] == 0
    ids = [r[0] for r in con.execute("SELECT cand_id FROM bulk_cn").fetchall()]
    assert ids and all(i[-5] == "9" and len(i) == 9 for i in ids)
    subs = con.execute("SELECT min(sub_id), max(sub_id), count(*), count(DISTINCT sub_id) FROM bulk_itcont")
    lo, hi, n, distinct = subs.fetchone()
    assert str(lo).startswith("4") and len(str(lo)) == len(str(hi)) == 19 and n == distinct


def test_super_pac_supports_and_opposes_in_the_headline_race(demo):
    paths, _results, store = demo
    m = paths.manifest
    race = m.candidate_ids[HEADLINE_RACE]
    sides = store.con.execute(
        "SELECT DISTINCT sup_opp FROM bulk_ie WHERE spe_id = ? AND cand_id IN (SELECT unnest(?))",
        [m.super_pac_id, race],
    ).fetchall()
    assert {s[0] for s in sides} == {"S", "O"}
    dates = store.con.execute("SELECT min(dissem_dt), max(dissem_dt) FROM bulk_ie").fetchone()
    assert str(dates[0]) >= "2024-09-01" and str(dates[1]) <= "2024-11-05"


def test_amended_notices_repeat_spender_and_transaction(demo):
    paths, _results, store = demo
    con = store.con
    twice = con.execute(
        "SELECT spe_id, tran_id, count(*), count(DISTINCT amndt_ind), count(DISTINCT file_num) FROM bulk_ie "
        "GROUP BY ALL HAVING count(*) > 1"
    ).fetchall()
    assert twice and all(r[3] == 2 and r[4] == r[2] for r in twice)
    assert any(r[0] == paths.manifest.super_pac_id for r in twice)
    # the naive sum double counts; the latest version per notice is what webk's IND_EXP reports
    naive, current, ind_exp = con.execute(
        """
        WITH v AS (SELECT *, row_number() OVER (PARTITION BY spe_id, tran_id
                                               ORDER BY receipt_dat DESC, file_num DESC) AS rn
                   FROM bulk_ie WHERE spe_id = ?)
        SELECT sum(exp_amo), sum(exp_amo) FILTER (WHERE rn = 1),
               (SELECT ind_exp FROM bulk_webk WHERE cmte_id = ?) FROM v
        """,
        [paths.manifest.super_pac_id] * 2,
    ).fetchone()
    assert naive > current == ind_exp


def test_summaries_close_and_cover_itemized_money(demo):
    _paths, _results, store = demo
    con = store.con
    for table in ("bulk_weball", "bulk_webl", "bulk_webk"):
        bad = con.execute(f"SELECT count(*) FROM {table} WHERE coh_bop + ttl_receipts - ttl_disb <> coh_cop")
        assert bad.fetchone()[0] == 0, table
        assert con.execute(f"SELECT min(cvg_end_dt), max(cvg_end_dt) FROM {table}").fetchone() == (
            con.execute("SELECT DATE '2024-12-31', DATE '2024-12-31'").fetchone()
        )
    # every candidate in weball; individual receipts at least what is itemized for their committees
    assert con.execute("SELECT count(*) FROM bulk_cn WHERE cand_election_yr = 2024").fetchone()[0] == (
        con.execute("SELECT count(*) FROM bulk_weball").fetchone()[0]
    )
    short = con.execute(
        """
        WITH item AS (
          SELECT l.cand_id, sum(i.transaction_amt) AS amt FROM bulk_itcont i
          JOIN bulk_ccl l ON l.cmte_id = i.cmte_id AND l.cmte_dsgn IN ('P', 'A')
          WHERE i.transaction_tp IN ('15', '15E') GROUP BY 1)
        SELECT count(*) FROM bulk_weball w JOIN item USING (cand_id) WHERE w.ttl_indiv_contrib < item.amt
        """
    ).fetchone()[0]
    assert short == 0


def test_earmarks_conduits_and_committee_quirks(demo):
    paths, _results, store = demo
    con = store.con
    conduits = list(paths.manifest.conduit_ids)
    # recipient side names the conduit; conduit side names the recipient
    q = "SELECT count(*) FROM bulk_itcont WHERE transaction_tp = ? AND other_id IN (SELECT unnest(?))"
    assert con.execute(q, ["15E", conduits]).fetchone()[0] > 100
    side = con.execute(
        "SELECT count(*) FROM bulk_itcont WHERE transaction_tp = '24T' AND cmte_id NOT IN (SELECT unnest(?))",
        [conduits],
    ).fetchone()[0]
    assert side == 0
    assert con.execute("SELECT count(*) FROM bulk_itcont WHERE transaction_tp = '22Y' AND transaction_amt < 0"
                       ).fetchone()[0] > 0
    assert con.execute("SELECT count(DISTINCT amndt_ind) FROM bulk_itcont").fetchone()[0] == 3
    types = {r[0] for r in con.execute("SELECT DISTINCT transaction_tp FROM bulk_itpas2").fetchall()}
    assert {"24K", "24Z", "24C", "24E", "24A"} <= types
    assert con.execute("SELECT count(*) FROM bulk_itpas2 WHERE cand_id IS NULL").fetchone()[0] == 1
    old = con.execute(
        "SELECT count(*) FROM bulk_itpas2 p JOIN bulk_cn c USING (cand_id) WHERE c.cand_status = 'P'"
    ).fetchone()[0]
    assert old == 1
    oth = {r[0] for r in con.execute("SELECT DISTINCT transaction_tp FROM bulk_itoth").fetchall()}
    assert {"24K", "18K", "18G", "15J"} <= oth
    # every itpas2 row is also in itoth, under the same SUB_ID
    assert con.execute("SELECT count(*) FROM bulk_itpas2 WHERE sub_id NOT IN (SELECT sub_id FROM bulk_itoth)"
                       ).fetchone()[0] == 0
    memo_share = con.execute("SELECT avg((coalesce(memo_cd, '') = 'X')::INT) FROM bulk_oppexp").fetchone()[0]
    assert 0.2 < memo_share < 0.4
    orphans = con.execute(
        "SELECT count(*) FROM bulk_oppexp m WHERE memo_cd = 'X' AND back_ref_tran_id NOT IN "
        "(SELECT tran_id FROM bulk_oppexp WHERE cmte_id = m.cmte_id)"
    ).fetchone()[0]
    assert orphans == 0


def test_write_itcont_scales_and_can_be_clean(tmp_path):
    path = tmp_path / "itcont24.txt"
    n = write_itcont(path, rows=60_000, seed=3, malformed=False)
    assert abs(n - 60_000) <= 5
    with Store(tmp_path / "y.duckdb") as store:
        r = store.load(identify(path))
    assert r.rows_read == n and r.rows_rejected == 0 and r.rows_warned == 0
    assert len(LAYOUTS["itcont"].columns) == 21


def test_synthetic_results_have_the_designed_winners(demo):
    """Every House and Senate race has a general whose top vote-getter is the manifest's winner (NY-17: an upset)."""
    import duckdb

    paths, results, _store = demo
    path = next(p for p in paths if p.name == "demo_results_2024.csv")
    assert results["results_csv"].rows_loaded == paths.manifest.expected("results_csv").lines
    top = dict(duckdb.sql(
        f"SELECT state || '-' || CASE WHEN office = 'S' THEN 'SEN' ELSE lpad(district::VARCHAR, 2, '0') END, "
        f"arg_max(fec_cand_id, votes) FROM read_csv('{path}', header=true) WHERE stage = 'general' GROUP BY ALL"
    ).fetchall())
    outcomes = paths.manifest.outcomes
    assert top == {race: o.winner for race, o in outcomes.items()}
    assert outcomes["NY-17"].winner != paths.manifest.candidate_ids["NY-17"][0]  # the incumbent loses
    assert outcomes["CA-34"].winner == paths.manifest.candidate_ids["CA-34"][0]
    assert set(top) == {r for r in paths.manifest.candidate_ids if r != "PRES"}


def test_a_scaled_cycle_grows_committee_and_network_rows(tmp_path):
    """Beyond the default size, PAC gifts, the network's earmarks, gifts and notices grow with N."""
    small = generate_cycle(tmp_path / "small", rows=DEFAULT_ITCONT_ROWS).manifest
    big = generate_cycle(tmp_path / "big", rows=DEFAULT_ITCONT_ROWS + 60_000).manifest
    # 60,000 more rows: 120 PAC gifts + 12 network gifts, each in itpas2 (and twice in itoth: 24K and 18K);
    # 30 notices, 6 of them amended once, each with its 24E/24A
    assert big.expected("itpas2").lines - small.expected("itpas2").lines == 120 + 12 + 30
    assert big.expected("itoth").lines - small.expected("itoth").lines == 2 * (120 + 12) + 30
    assert big.expected("ie").lines - small.expected("ie").lines == 30 + 6
    registry = big.network_registry.read_text()
    assert "SYNTHETIC" in registry and big.network_ids[0] in registry


def test_too_few_rows_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="at least 1,000 itcont rows"):
        generate_cycle(tmp_path / "x", rows=999)


def test_cli_demo_rows_loads_exactly_n(tmp_path):
    """``moneytrail demo --rows N --out DIR --db FILE``: the ledger says N itcont rows loaded, every file adds up."""
    import duckdb
    from typer.testing import CliRunner

    from moneytrail.cli import app

    db = tmp_path / "d.duckdb"
    r = CliRunner().invoke(app, ["demo", "--rows", "5000", "--out", str(tmp_path / "files"), "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert "SYNTHETIC" in r.output and (tmp_path / "files" / "itcont24.txt").is_file()
    with duckdb.connect(str(db), read_only=True) as con:
        loads = con.execute("SELECT kind, rows_read, rows_loaded, rows_rejected FROM loads WHERE status = 'loaded'"
                            ).fetchall()
        assert con.execute("SELECT count(*) FROM bulk_itcont").fetchone()[0] == 5_000
    assert {k: (read, loaded) for k, read, loaded, _ in loads}["itcont"] == (5_003, 5_000)
    assert all(read == loaded + rejected for _, read, loaded, rejected in loads) and len(loads) == len(KINDS)
    bad = CliRunner().invoke(app, ["demo", "--rows", "999", "--db", str(tmp_path / "e.duckdb")])
    assert bad.exit_code == 2 and "1000" in bad.output and "Traceback" not in bad.output
