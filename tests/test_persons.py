"""The person layer on the real slices: FEC ids grouped into people, checked against the raw files."""

from __future__ import annotations

import duckdb
import pytest
from rawsql import CN_COLUMNS, WEBALL_COLUMNS, raw_bulk

from moneytrail.model import persons as mp
from moneytrail.model.keys import RaceKey


@pytest.fixture(scope="module")
def m(every_cycle_trail):
    return every_cycle_trail.model


def test_kim_runs_under_three_ids_one_per_run(m):
    p = mp.person_of(m, "H4CA34083")
    assert p.cand_ids == ("H0CA34131", "H2CA34079", "H4CA34083")
    assert mp.ids_of(m, "H2CA34079") == p.cand_ids
    assert p.id_for(2020) == "H0CA34131"
    assert p.id_for(2022) == "H2CA34079"
    assert p.id_for(2024) == "H4CA34083"  # only weball24 lists it; cn24 is an early snapshot
    assert p.id_for(2024, RaceKey.parse("CA-34")) == "H4CA34083"
    assert p.races == ("CA-34",)
    # the Georgia David Kim is someone else
    assert mp.person_of(m, "H8GA07151").cand_ids == ("H8GA07151",)
    assert not mp.same_person(m, "H8GA07151", "H0CA34131")


@pytest.mark.parametrize("house,senate", [("H0CA27085", "S4CA00555"), ("H4MO01134", "S4MO00250")])
def test_house_and_senate_ids_of_one_committee_are_one_person(m, house, senate):
    p = mp.person_of(m, senate)
    assert set(p.cand_ids) == {house, senate}
    assert any("identical summary figures in 2024" == k.reason for k in p.links)
    assert {i.office for i in p.ids} == {"H", "S"}


def test_lee_ids_share_her_committee(m):
    p = mp.person_of(m, "H6NV04020")
    assert set(p.cand_ids) == {"H6NV04020", "H8NV03200"}
    assert p.id_for(2020, RaceKey.parse("NV-03")) == "H6NV04020"
    assert p.get("H6NV04020").committees == ("C00655613",)


def test_find_persons_by_name_over_every_loaded_file(m):
    (kim,) = mp.find_persons(m, "David Kim", state="CA")
    assert kim.person_id == "H0CA34131"
    assert {p.person_id for p in mp.find_persons(m, "Kim, David")} >= {"H0CA34131", "H8GA07151"}
    assert [p.person_id for p in mp.find_persons(m, "schiff")] == ["H0CA27085"]
    assert mp.find_persons(m, "Balekian")[0].cand_ids == ("H4CA30230",)  # weball24 only
    assert mp.find_persons(m, "Nobody Atall") == []


def test_unknown_id_has_no_person(m):
    assert mp.person_of(m, "H9ZZ99999") is None
    assert mp.ids_of(m, "h9zz99999") == ("H9ZZ99999",)
    assert mp.id_for(m, "H9ZZ99999", 2024) == "H9ZZ99999"


def test_every_identical_summary_pair_in_the_raw_weball_files_is_one_person(m, fec_dir):
    """Plain SQL over each raw weball file: two ids with one coverage end and the same receipts,
    disbursements and cash, and the same surname, are one committee reporting twice: one person."""
    con = duckdb.connect()
    pairs = set()
    for name in ("weball20.txt", "weball22.txt", "weball24.txt"):
        raw_bulk(con, fec_dir / "bulk-harshavardhan" / name, WEBALL_COLUMNS).create_view("w")
        pairs |= set(con.sql("""
            SELECT a.cand_id, b.cand_id FROM w a JOIN w b
              ON a.cvg_end_dt = b.cvg_end_dt AND a.ttl_receipts = b.ttl_receipts AND a.ttl_disb = b.ttl_disb
             AND a.coh_cop = b.coh_cop AND a.cand_office_st = b.cand_office_st AND a.cand_id < b.cand_id
             AND split_part(a.cand_name, ',', 1) = split_part(b.cand_name, ',', 1)
            WHERE CAST(a.ttl_receipts AS DECIMAL(14,2)) <> 0
        """).fetchall())
    assert len(pairs) > 100
    split = [(a, b) for a, b in pairs if not mp.same_person(m, a, b)]
    assert split == []


def test_ids_sharing_a_principal_committee_in_raw_cn_are_one_person(m, fec_dir):
    con = duckdb.connect()
    pairs = set()
    for path in (fec_dir / "bulk-irworkshop" / "cn20.txt", fec_dir / "bulk-irworkshop" / "cn22.txt",
                 fec_dir / "bulk-2024-early-sandeepk97" / "cn24_early.txt"):
        raw_bulk(con, path, CN_COLUMNS).create_view("c")
        pairs |= set(con.sql("""
            SELECT a.cand_id, b.cand_id FROM c a JOIN c b
              ON a.cand_pcc = b.cand_pcc AND a.cand_id < b.cand_id
             AND split_part(a.cand_name, ',', 1) = split_part(b.cand_name, ',', 1)
             AND split_part(trim(split_part(a.cand_name, ',', 2)), ' ', 1)
               = split_part(trim(split_part(b.cand_name, ',', 2)), ' ', 1)
            WHERE a.cand_pcc <> ''
        """).fetchall())
    assert len(pairs) > 50
    assert [(a, b) for a, b in pairs if not mp.same_person(m, a, b)] == []


def test_same_name_running_for_two_seats_in_one_election_stays_two_people(m, fec_dir):
    """Plain SQL over raw cn: same name, same state and office, one election year, two districts."""
    con = duckdb.connect()
    raw_bulk(con, fec_dir / "bulk-irworkshop" / "cn22.txt", CN_COLUMNS).create_view("c")
    pairs = con.sql("""
        SELECT a.cand_id, b.cand_id FROM c a JOIN c b
          ON a.cand_name = b.cand_name AND a.cand_office_st = b.cand_office_st AND a.cand_office = 'H'
         AND b.cand_office = 'H' AND a.cand_election_yr = b.cand_election_yr
         AND a.cand_office_district <> b.cand_office_district AND a.cand_id < b.cand_id
         AND a.cand_pcc IS DISTINCT FROM b.cand_pcc
    """).fetchall()
    for a, b in pairs:
        assert not mp.same_person(m, a, b) or any("committee" in k.reason or "summary" in k.reason
                                                  for k in mp.person_of(m, a).links), (a, b)


def test_every_link_has_a_reason_and_names_agree(m):
    index = mp.index(m)
    multi = [p for p in index.persons if len(p.ids) > 1]
    assert len(multi) > 300
    for p in multi:
        assert len(p.links) >= len(p.ids) - 1
        assert all(k.reason for k in p.links)
        assert p.person_id == min(p.cand_ids)
    # the index is rebuilt only when a candidate, committee or summary file changes
    assert mp.index(m) is index
