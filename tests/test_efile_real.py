"""Every real `.fec` fixture in ../shared: it loads (or fails as its case expects), and parses like the oracles."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest

from moneytrail.errors import FileFormatError
from moneytrail.sources.bulk import SourceFile
from moneytrail.store.filings import raw_records
from moneytrail.trail import Trail

FASTFEC_CASES = ["1527862", "1544132", "1550548", "legacy_header", "slash_form", "too_few_fields", "too_many_fields"]


def _all_fec(fec_dir: Path) -> list[Path]:
    return sorted(p for p in fec_dir.rglob("*.fec") if "invalid_version" not in p.parts)


@pytest.fixture(scope="module")
def efile_trail(tmp_path_factory, fec_dir) -> Trail:
    trail = Trail(tmp_path_factory.mktemp("efile") / "efile.duckdb")
    trail.results_by_path = {str(p): trail.ingest([p], build=False)[0] for p in _all_fec(fec_dir)}
    yield trail
    trail.close()


def test_every_fixture_loads_and_adds_up(efile_trail, fec_dir):
    results = efile_trail.results_by_path
    assert len(results) >= 89  # every .fec in ../shared but the invalid-version case
    for path, r in results.items():
        assert r.status == "loaded", path
        assert r.rows_read == r.rows_loaded + r.rows_rejected, path
    con = efile_trail.store.con
    # every record is in exactly one table: the per-table counts add up to the ledger's
    stored = con.execute(
        "SELECT sum(n) FROM (SELECT count(*) n FROM filings WHERE line_no IS NOT NULL "
        + "".join(f" UNION ALL SELECT count(*) FROM {t} WHERE record_type <> 'F99'"
                  for t in ("filing_sa", "filing_sb", "filing_sc", "filing_sd", "filing_se", "filing_sf",
                            "filing_text", "filing_other"))
        + ")"
    ).fetchall()[0][0]
    assert stored == sum(r.rows_loaded for r in results.values())


def test_invalid_version_is_a_clear_error(fec_dir, tmp_path):
    with Trail(tmp_path / "x.duckdb") as trail, pytest.raises(FileFormatError) as err:
        trail.ingest([fec_dir / "fastfec/cases/invalid_version/src.fec"])
    assert "src.fec" in str(err.value) and "line 1" in str(err.value) and "180.5" in str(err.value)


def _same(expected: str, ours: str | None) -> bool:
    ours = ours or ""
    if expected == ours:
        return True
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", expected) and re.fullmatch(r"\d{8}", ours):
        return date.fromisoformat(expected) == date(int(ours[:4]), int(ours[4:6]), int(ours[6:]))
    try:  # numbers typed by the oracle (e.g. 100 vs 100.00)
        return float(expected) == float(ours)
    except ValueError:
        return False


@pytest.mark.parametrize("case", FASTFEC_CASES)
def test_fastfec_expected_values(fec_dir, case):
    """Each parsed value equals FastFEC's expected CSV, record by record, field by field."""
    folder = fec_dir / "fastfec/cases" / case
    _, records = raw_records(SourceFile(folder / "src.fec", "fec", None))
    checked = 0
    for expected_csv in sorted((folder / "expected").glob("*.csv")):
        if expected_csv.stem == "header":
            continue
        record_type = expected_csv.stem.replace("-", "/")
        ours = [fields for _, rt, fields in records if rt == record_type]
        with open(expected_csv, newline="", encoding="utf-8") as fh:
            expected = list(csv.DictReader(fh))
        assert len(ours) == len(expected), record_type
        for i, (exp, got) in enumerate(zip(expected, ours, strict=True)):
            for name, value in exp.items():
                assert _same(value, got.get(name)), (record_type, i, name, value, got.get(name))
                checked += 1
    assert checked > 0


def test_fastfec_header_values(fec_dir):
    header, _ = raw_records(SourceFile(fec_dir / "fastfec/cases/1550548/src.fec", "fec", None))
    assert header["fec_version"] == "8.3" and header["report_id"] == "FEC-1531171" and header["report_number"] == "1"
    legacy, records = raw_records(SourceFile(fec_dir / "fastfec/cases/legacy_header/src.fec", "fec", None))
    assert legacy["fec_version"] == "2.02" and legacy["name_delim"] == "^" and legacy["form_name"] == "F3XA"
    assert records[0][0] == 18  # the cover follows the 17-line header block: line numbers stay true


def test_oracle_assertions_from_other_parsers(fec_dir):
    """Values the Fech, fec-parse and fecfile suites assert (EXPECTED_ASSERTIONS.md), on our parse."""
    def recs(rel):
        return raw_records(SourceFile(fec_dir / rel, "fec", None))

    h, r = recs("fec-parse/test/data/paper1.fec")
    assert h["fec_version"] == "P3.2" and h["soft_name"] == '"Aurotech/Captricity"' and h["received_date"] == "20161008"
    assert len(r) == 10
    sa = r[1][2]
    assert (sa["contributor_last_name"], sa["contributor_first_name"], sa["contribution_amount"],
            sa["contribution_aggregate"]) == ("TARRICONE", "ANTHONY", "1500.00", "3000.00")
    assert sa["memo_text_description"] == "* EARMARKED CONTRIBUTION: SEE BELOW"
    _, r = recs("fec-parse/test/data/quote-left-open.fec")
    assert r[1][2]["contributor_occupation"] == '~"CO"~ AUTHOR OF ~"DIVINE 9/11 INTERVE'
    _, r = recs("fec-parse/test/data/federal-refunds.fec")
    assert r[0][2]["col_a_total_contributions_refunds"] == "270000.00"
    assert r[0][2]["col_a_federal_refunds"] == "0.00"
    assert len(recs("fec-parse/test/data/trailing-quote.fec")[1]) == 211  # + HDR = the suite's 212
    assert len(recs("fec-parse/test/data/undefined-row-type.fec")[1]) == 10  # + HDR = 11
    h, _ = recs("fec-parse/test/data/843444.fec")
    assert h["received_date"] == "20121031"
    _, r = recs("fec-parse/test/data/character-encoding.fec")
    assert "Zorrilla-Martínez^Pedro L." in [x[2].get("contributor_name") for x in r]
    _, r = recs("fech/spec/data/723604.fec")
    assert r[1][2]["form_type"] == "SA17A" and r[1][2]["contributor_state"] == "SC"
    assert r[1][2]["contribution_date"] == "20110322"
    _, r = recs("fech/spec/data/752356.fec")
    assert sum(1 for x in r if x[1] == "SE") == 3 and r[1][2]["candidate_id_number"] == "P00003608"
    _, r = recs("fech/spec/data/771694.fec")
    assert sum(1 for x in r if x[1].startswith("SA")) == 13
    _, r = recs("fech/spec/data/82094.fec")
    assert sum(1 for x in r if x[1].startswith("SA")) == 17
    _, r = recs("fecfile/test-data/1229017.fec")
    assert r[0][2]["report_code"] == "12P" and r[0][2]["col_a_cash_on_hand_close_of_period"] == "1141844.62"
    assert sum(1 for x in r if x[1].startswith("SA")) == 186 and sum(1 for x in r if x[1].startswith("SB")) == 47
    _, r = recs("fecfile/test-data/1260488.fec")
    assert r[0][2]["city"] == "Denton"
    _, r = recs("fec-parse/test/data/form-99.fec")
    assert r[0][1] == "F99"


def test_fec2csv_sample_record_types(fec_dir):
    _, r = raw_records(SourceFile(fec_dir / "fec2csv/test/sample.fec", "fec", None))
    assert {x[1] for x in r} == {"F3PN", "SA17A", "SA17D", "SA19A", "SA20A", "SB23", "SB28A", "SB29", "SC/12", "SD12",
                                 "TEXT"}
