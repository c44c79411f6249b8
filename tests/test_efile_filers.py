"""Who filed: the filer id and name of every form, committee or not (issue 17, item 3).

Expected values come from the raw cover line, split here without moneytrail's reader.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from moneytrail.sources.efile import write_filing
from moneytrail.trail import Trail

FS = "\x1c"


def _fs_filings(fec_dir: Path) -> list[Path]:
    """The FS-separated (v6+) filings in ../shared: their cover is the first record after the HDR line."""
    out = []
    for p in sorted(fec_dir.rglob("*.fec")):
        with open(p, "rb") as fh:
            if fh.read(4) == b"HDR\x1c" and "invalid_version" not in p.parts:
                out.append(p)
    return out


def _cover_fields(path: Path) -> list[str]:
    lines = path.read_bytes().decode("utf-8", "replace").replace("\r", "").split("\n")
    cover = next(line for line in lines[1:] if line.strip())
    return [v.strip().strip('"').strip() for v in cover.split(FS)]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, fec_dir):
    files = _fs_filings(fec_dir)
    trail = Trail(tmp_path_factory.mktemp("filers") / "f.duckdb")
    results = trail.ingest(files)
    yield trail, dict(zip(files, results, strict=True))
    trail.close()


def test_every_real_filer_id_is_field_two_of_its_cover(loaded):
    trail, results = loaded
    forms = set()
    for path, r in results.items():
        fields = _cover_fields(path)
        row = trail.store.con.execute("SELECT form, filer_id FROM filings WHERE load_id = ?", [r.load_id]).fetchall()
        form, filer_id = row[0]
        forms.add(form)
        assert filer_id == (fields[1].upper() or None), path
    assert {"F2", "F3X", "F24", "F6"} <= forms  # the class: committee filers and a candidate's own Form 2


def test_the_real_form_2_is_filed_by_the_candidate(loaded, fec_dir):
    trail, results = loaded
    path = fec_dir / "fecfile/test-data/20180616/1238373.fec"
    fields = _cover_fields(path)
    assert fields[0] == "F2N"
    filer_id, filer_name = trail.store.con.execute(
        "SELECT filer_id, filer_name FROM filings WHERE load_id = ?", [results[path].load_id]).fetchall()[0]
    assert filer_id == fields[1] and filer_id.startswith("H")
    assert filer_name == f"{fields[2]}, {fields[3]}"  # candidate_last_name, candidate_first_name


def test_form_2_in_a_comma_version_and_a_person_filing_form_5(tmp_path):
    f2 = tmp_path / "990002.fec"
    f2.write_text('"HDR","FEC","3.00","synthetic","1"\n'
                  '"F2N","H0ZZ99001","SYNTHETIC^PAT","1 MAIN ST","","SPRINGFIELD","ZZ","00001","DEM","H","ZZ","01"\n')
    f5 = write_filing(tmp_path / "990005.fec", [("F5N", {
        "form_type": "F5N", "filer_committee_id_number": "C90099005", "entity_type": "IND",
        "individual_last_name": "DOE", "individual_first_name": "SAM", "report_code": "Q3",
        "coverage_from_date": "20240701", "coverage_through_date": "20240930"})])
    with Trail(tmp_path / "s.duckdb") as trail:
        trail.ingest([f2, f5])
        got = dict((fid, (fi, fn)) for fid, fi, fn in trail.store.con.execute(
            "SELECT filing_id, filer_id, filer_name FROM filings").fetchall())
    assert got[990002] == ("H0ZZ99001", "SYNTHETIC^PAT")
    assert got[990005] == ("C90099005", "DOE, SAM")
