"""FollowTheMoney export: every line a valid entity, links and payments pointing at exported entities."""

from __future__ import annotations

import json

from followthemoney import model

from moneytrail.export import ftm
from moneytrail.trail import Trail


def test_ftm_export_is_valid_and_complete(demo_db, tmp_path):
    out = tmp_path / "demo.ftm.jsonl"
    with Trail(demo_db, read_only=True) as trail:
        counts = ftm.export(trail.store, out, individuals=True)
        n_itcont = trail.store.con.execute("SELECT count(*) FROM bulk_itcont").fetchall()[0][0]
        n_cn = trail.store.con.execute("SELECT count(DISTINCT cand_id) FROM bulk_cn").fetchall()[0][0]
        n_pas2 = trail.store.con.execute("SELECT count(*) FROM bulk_itpas2").fetchall()[0][0]
    assert counts["Person"] > n_cn and counts["Organization"] > 0 and counts["UnknownLink"] > 0
    ids, refs, payments = set(), set(), []
    for line in out.read_text().splitlines():
        data = json.loads(line)
        proxy = model.get_proxy(data, cleaned=False)  # validates schema and property values
        for prop in proxy.schema.required:
            assert proxy.get(prop), (proxy.schema.name, prop)
        ids.add(proxy.id)
        for prop in ("payer", "beneficiary", "subject", "object"):
            refs.update(proxy.get(prop, quiet=True))
        if proxy.schema.name == "Payment":
            payments.append(proxy)
    assert len(payments) >= n_pas2 + n_itcont  # every itpas2 and itcont row, plus the current IE notices
    assert len([e for e in ids if e.startswith("fec-cand-")]) == n_cn
    contributors = [e for e in ids if e.startswith("fec-contributor-")]
    assert 0 < len(contributors) < n_itcont
    missing = refs - ids
    assert len(missing) <= len(refs) * 0.2, "most payers and beneficiaries are exported entities"
    ie = [p for p in payments if p.first("recordId").startswith("bulk_ie:")]
    assert ie and all(p.first("currency") == "USD" and "independent expenditure" in p.first("purpose") for p in ie)
