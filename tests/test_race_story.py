"""The race page's plain-language summary (issue 16, item 1): numbers from the figures, each linked to its
rows, "not loaded" never read as $0; negative money with its sign before the dollar sign."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest
from rawsql import WEBALL_COLUMNS, raw_bulk

from moneytrail.model.figures import Figure, show


def text(sentence):
    return "".join(p["text"] for p in sentence)


def test_negative_money_puts_the_sign_before_the_dollar():
    assert show(Decimal("-4203.05")) == "-$4,203.05"
    assert Figure.known("-4203.05").text() == "-$4,203.05" and "$-" not in show(-12)


def test_demo_story_links_every_number_to_rows(demo_client):
    client = demo_client
    rep = client.get("/race/CA-34/2024.json").json()
    money, outside, result = rep["story"]
    linked = [p for s in rep["story"] for p in s if p["path"]]
    assert linked and all(p["text"][0] in "$0123456789" for p in linked)
    for p in linked:
        rows = client.get("/rows/race/CA-34/2024.json", params={"path": p["path"]})
        assert rows.status_code == 200, p
    top = max(rep["candidates"], key=lambda c: Decimal(c["summary"]["ttl_receipts"]["amount"] or 0))
    assert top["name"] in text(money) and show(top["summary"]["ttl_receipts"]).split(" (")[0] in text(money)
    assert "Outside groups spent" in text(outside)
    winner = next(r for c in rep["results"] if c["stage"] == "general" for r in c["candidates"]
                  if r["result"] == "elected")
    assert text(result).startswith(f"{winner['candidate']} won") and f"{winner['votes']:,} votes" in text(result)
    page = client.get("/race/CA-34/2024").text
    assert "The race in brief" in page and page.count('href="/rows/race/CA-34/2024?path=') > len(linked)


@pytest.mark.parametrize("race,cycle,cand_id,weball", [
    ("NV-03", 2020, "H6NV04020", "weball20.txt"),
    ("OH-04", 2022, "H2OH04164", "weball22.txt"),
    ("AZ-04", 2024, "H6AZ09010", "weball24.txt"),
    ("CA-34", 2024, "H4CA34083", "weball24.txt"),
])
def test_real_story_amounts_match_the_raw_file_and_say_not_loaded(every_cycle_trail, fec_dir, race, cycle,
                                                                  cand_id, weball):
    """Receipts in the summary sentence equal the weball row (plain SQL); no IE file is loaded here,
    so outside money reads "not loaded", never $0."""
    con = duckdb.connect()
    raw = raw_bulk(con, fec_dir / "bulk-harshavardhan" / weball, WEBALL_COLUMNS)
    (receipts,) = raw.filter(f"cand_id = '{cand_id}'").select("ttl_receipts").limit(1).fetchall()[0]
    rep = every_cycle_trail.race(race, cycle)
    money, outside, _ = rep["story"]
    assert show(Decimal(receipts)) in text(money) or "other candidate" in text(money)
    assert "not loaded" in text(outside) and "$0" not in text(outside)
    for s in rep["story"]:
        assert "$-" not in text(s)
