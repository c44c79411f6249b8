"""Independent expenditures, each counted once, from notices, periodic reports and the IE file.

One expenditure can appear many times: on a 24/48-hour notice (F24, or F5 in 24/48-hour
mode), again on every amended notice, again on the spender's next periodic report
(Schedule E of F3X, F57 of a quarterly F5) and its amendments, and in the FEC's IE file
(independent_expenditure_YYYY.csv, which keeps originals and amendments). The rules:

1. **Amended filings leave**: rows of a filing superseded by a later version of the same
   report (model/filings.py) count nowhere. Memo rows (memo code X) count nowhere.
2. **A notice is identified by spender + transaction id**; of the same notice filed again
   (an amended or repeated F24, or the IE file's row for it) the latest filing counts. The
   IE file's rows whose filing is loaded give way to that filing's own rows. A notice
   without a transaction id counts as its own.
3. **A periodic report supersedes the notices it covers**: a notice is superseded when the
   same spender has a current periodic report whose coverage holds the notice's
   dissemination or disbursement date, or whose Schedule E repeats its transaction id.
   Spenders who never file a periodic report keep their notices.
4. Two totals, side by side: **reported so far** = periodic rows + notices not yet covered
   by a periodic report; **periodic reports only** = periodic rows.
5. Support/oppose is the first letter of the code (S / O); anything else is "unknown".
   The itpas2/itoth 24A/24E rows describe the same spending and are never added on top.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import deferred as _
from ..lazy import ibis
from ..store import built
from . import filings as mfilings
from .base import Model
from .build import derived

if TYPE_CHECKING:
    import ibis.expr.types as ir

_COLUMNS = {
    "source": "string", "spender_id": "string", "spender_name": "string", "cand_id": "string",
    "candidate_name": "string", "sup_opp": "string", "amount": "decimal(14,2)", "day": "date",
    "disbursement_day": "date", "tran_id": "string", "filing_id": "int64", "notice": "boolean",
    "received": "date", "load_id": "int32", "line_no": "int64", "row_ref": "string", "purpose": "string",
    "payee": "string", "status": "string",
}


def _shape(t: ir.Table, **cols) -> ir.Table:
    return t.select(**{k: (cols[k] if k in cols else getattr(t, k)).cast(v) for k, v in _COLUMNS.items()})


def _efile_rows(m: Model, cycle: int) -> ir.Table:
    se = mfilings.itemizations(m, "se")
    se = se.filter(se.cycle == cycle)
    notice = (se.form == "F24") | ((se.form == "F5") & se.report_code.isnull())
    status = ibis.cases(
        (~se.current, ibis.literal("superseded by amendment FEC-") + se.superseded_by.cast("string")),
        (se.memo_code.fill_null("") == "X", "memo row"),
        else_="counts",
    )
    name = ibis.coalesce(se.cand_last_name + ibis.literal(", ") + se.cand_first_name, se.cand_last_name)
    return _shape(
        se, source=ibis.literal("efile"), spender_id=ibis.coalesce(se.filing_filer_id, se.filer_id),
        spender_name=se.filer_name, candidate_name=name, sup_opp=se.support_oppose,
        day=ibis.coalesce(se.dissemination_date, se.disbursement_date), disbursement_day=se.disbursement_date,
        notice=notice, received=se.date_signed, payee=se.name, status=status,
    )


def _bulk_rows(m: Model, cycle: int) -> ir.Table:
    t = m.bulk("ie", cycle)
    loaded = m.table("filings").select(loaded_filing=_.filing_id).distinct()
    t = t.left_join(loaded, t.file_num == loaded.loaded_filing)
    status = ibis.cases((t.loaded_filing.notnull(), "in a loaded filing (its own rows count)"), else_="counts")
    return _shape(
        t, source=ibis.literal("ie file"), spender_id=t.spe_id, spender_name=t.spe_nam.strip(),
        candidate_name=t.cand_name, sup_opp=t.sup_opp, amount=t.exp_amo,
        day=ibis.coalesce(t.dissem_dt, t.exp_date), disbursement_day=t.exp_date, filing_id=t.file_num,
        notice=ibis.literal(True), received=t.receipt_dat, purpose=t.pur, payee=t.pay, status=status,
    )


def notices(m: Model, cycle: int) -> ir.Table:
    """Every IE row from filings and the IE file, with ``current`` (counts in "reported so far"),
    ``periodic`` (counts in "periodic reports only") and a ``status`` that says why not."""
    rows = _efile_rows(m, cycle).union(_bulk_rows(m, cycle))
    live = rows.status == "counts"
    matchable = rows.spender_id.notnull() & rows.tran_id.notnull() & (rows.tran_id.strip() != "")
    key = ibis.cases((matchable, rows.spender_id + "|" + rows.tran_id.strip()), else_=rows.row_ref)
    rows = rows.mutate(notice_key=key, live=live)
    # rule 2: the latest filing of a notice counts
    w = ibis.row_number().over(group_by=["notice_key", "live", "notice"],
                               order_by=[ibis.desc("filing_id"), ibis.desc("received"), ibis.desc("load_id"),
                                         ibis.desc("line_no")])
    rows = rows.mutate(latest=w == 0)
    # rule 3: current periodic reports and their Schedule E transaction ids
    f = mfilings.filings(m)
    covers = f.filter(f.current & f.periodic & f.form.isin(["F3X", "F5"]) & f.coverage_through.notnull()).select(
        cov_spender=_.filer_id, cov_from=_.coverage_from, cov_through=_.coverage_through, cov_filing=_.filing_id)
    n = rows.filter(rows.notice & rows.live & rows.latest)
    inside = (n.day.between(covers.cov_from, covers.cov_through)
              | n.disbursement_day.between(covers.cov_from, covers.cov_through))
    covered = n.join(covers, (n.spender_id == covers.cov_spender) & inside).select(
        "row_ref", by_filing=_.cov_filing)
    repeated = rows.filter(~rows.notice & rows.live).select(rep_key=_.notice_key, rep_filing=_.filing_id)
    by_tran = n.join(repeated, n.notice_key == repeated.rep_key).select("row_ref", by_filing=_.rep_filing)
    superseded = covered.union(by_tran).group_by("row_ref").aggregate(by_filing=_.by_filing.max())
    rows = rows.left_join(superseded, "row_ref").drop("row_ref_right")
    status = ibis.cases(
        (~rows.live, rows.status),
        (rows.notice & ~rows.latest, "superseded by a later filing of the same notice"),
        (rows.notice & rows.by_filing.notnull(),
         ibis.literal("covered by periodic report FEC-") + rows.by_filing.cast("string")),
        else_="counts",
    )
    side = rows.sup_opp.strip().upper().substr(0, 1)
    return rows.mutate(
        status=status,
        current=status == "counts",
        periodic=(status == "counts") & ~rows.notice,
        support_oppose=ibis.cases((side == "S", "support"), (side == "O", "oppose"), else_="unknown"),
    ).drop("by_filing", "live", "latest")


def by_spender(m: Model, cycle: int, cand_ids: list[str] | None = None, spender: str | None = None) -> ir.Table:
    """Per (candidate, spender, support/oppose): reported so far and periodic-only, with the rows behind each."""
    n = notices(m, cycle)
    if cand_ids is not None:
        n = n.filter(n.cand_id.isin(cand_ids))
    if spender is not None:
        n = n.filter(n.spender_id == spender)
    return (
        n.group_by(["cand_id", "spender_id", "support_oppose"])
        .aggregate(
            spender_name=_.spender_name.max(),
            candidate_name=_.candidate_name.max(),
            amount=_.amount.sum(where=_.current),
            periodic_amount=_.amount.sum(where=_.periodic),
            notices=(_.current & _.notice).sum(),
            superseded=(~_.current).sum(),
            superseded_amount=_.amount.sum(where=~_.current),
            first_date=_.day.min(),
            last_date=_.day.max(),
            row_refs=_.row_ref.collect(where=_.current),
            periodic_refs=_.row_ref.collect(where=_.periodic),
            superseded_refs=_.row_ref.collect(where=~_.current),
        )
        .rename(spe_id="spender_id")
        .order_by(["cand_id", "support_oppose", ibis.desc("amount")])
    )


def timeline(m: Model, cycle: int, cand_ids: list[str] | None) -> ir.Table:
    """Counted expenditures per day (dissemination, else disbursement), candidate and side (every
    candidate's: ``cand_ids`` None)."""
    n = notices(m, cycle)
    n = n.filter(n.current if cand_ids is None else n.current & n.cand_id.isin(cand_ids))
    return (
        n.group_by(["day", "cand_id", "support_oppose"])
        .aggregate(amount=_.amount.sum(), notices=_.count(), row_refs=_.row_ref.collect())
        .order_by(["day", "cand_id"])
    )


def outside_totals(by_spender_rows: list[dict]) -> dict:
    """Support / oppose / unknown totals of :func:`by_spender` rows: reported so far, and periodic only."""
    out = {"support": 0, "oppose": 0, "unknown": 0}
    periodic = {"support": 0, "oppose": 0, "unknown": 0}
    for r in by_spender_rows:
        out[r["support_oppose"]] += r["amount"] or 0
        periodic[r["support_oppose"]] += r.get("periodic_amount") or 0
    return {**out, "periodic": periodic}


# -- the built model ----------------------------------------------------------------------------

IE_COLUMNS = ("cand_id, spe_id, support_oppose, spender_name, candidate_name, amount, periodic_amount, notices, "
              "superseded, superseded_amount, first_date, last_date, row_refs, periodic_refs, superseded_refs")


@derived("ies", inputs=("ie", "fec"))
def ies_table(m: Model, cycle: int) -> ir.Table:
    """:func:`by_spender` over every candidate and spender of the cycle (a candidate's or a spender's
    rows are a filter)."""
    return by_spender(m, cycle)


def read_by_spender(con, cycle: int, cand_ids: list[str] | None = None, spender: str | None = None) -> list[dict]:
    """:func:`by_spender` from the built model (plain SQL)."""
    where, params = [], []
    if cand_ids is not None:
        where.append("list_contains(?, cand_id)")
        params.append(list(cand_ids))
    if spender is not None:
        where.append("spe_id = ?")
        params.append(spender)
    return built.read(con, "ies", cycle, " AND ".join(where), params, order_by="cand_id, support_oppose, amount DESC",
                      columns=IE_COLUMNS)


@derived("ies_by_day", inputs=("ie", "fec"))
def ies_by_day_table(m: Model, cycle: int) -> ir.Table:
    """:func:`timeline` for every candidate of the cycle (a race's candidates are a filter)."""
    return timeline(m, cycle, None)


def read_by_day(con, cycle: int, cand_ids: list[str]) -> list[dict]:
    """:func:`timeline` from the built model (plain SQL), by day, candidate and side."""
    return built.read(con, "ies_by_day", cycle, "list_contains(?, cand_id)", [list(cand_ids)],
                      order_by="day NULLS LAST, cand_id, support_oppose",
                      columns="day, cand_id, support_oppose, amount, notices, row_refs")
