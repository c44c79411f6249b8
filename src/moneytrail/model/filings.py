"""Electronic filings: which version of each report counts, and what a filing holds.

Amendment rule (FEC: an amendment re-files the whole report and replaces every earlier
version):

- A **report** is identified by the filer, the form (F3, F3X, F3P, F5 ...), the report code
  and the coverage dates; an amendment also names its original in the header
  (``report_id`` = ``FEC-<original>``) and joins the original's report even if it changed
  the dates. Notices (F24, F6) and other forms without a period are their own report,
  joined by the same header link.
- Within a report the **latest filing** (highest FEC filing number) is current. Rows of
  superseded filings stay queryable but leave every total.
- Same-period reports filed as "new" twice are treated the same way (the later one counts).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
from ibis import _

from ..sources.efile_layouts import SCHEDULES, SUMMARY_FORMS
from .base import Model, records


def filings(m: Model) -> ir.Table:
    """Every loaded filing with ``report_key``, ``current`` and the filing that supersedes it."""
    f = m.table("filings")
    periodic = f.form.isin(list(SUMMARY_FORMS)) | ((f.form == "F5") & f.report_code.notnull())
    period_key = ibis.cases(
        (periodic & f.coverage_through.notnull(),
         ibis.literal("P|") + f.filer_id.fill_null("") + "|" + f.form + "|" + f.report_code.fill_null("")
         + "|" + f.coverage_from.cast("string").fill_null("") + "|" + f.coverage_through.cast("string")),
        else_=ibis.literal("F|") + f.filing_id.cast("string"),
    )
    f = f.mutate(own_key=period_key, periodic=periodic)
    roots = f.select(root_id=f.filing_id, root_key=f.own_key)
    j = f.left_join(roots, f.amends_filing_id == roots.root_id)
    j = j.mutate(report_key=ibis.coalesce(j.root_key, j.own_key)).drop("root_id", "root_key")
    w = ibis.window(group_by="report_key")
    latest = j.filing_id.max().over(w)
    return j.mutate(current=j.filing_id == latest, superseded_by=ibis.cases((j.filing_id != latest, latest),
                                                                            else_=ibis.null("int64")))


def itemizations(m: Model, schedule: str) -> ir.Table:
    """One schedule's rows with their filing's form, filer and whether that filing is current."""
    rows = m.table(SCHEDULES[schedule].table)
    f = filings(m).select("filing_id", "load_id", "form", "form_type", "current", "superseded_by", "periodic",
                          "coverage_from", "coverage_through", "report_code", "report_type",
                          filer_name=_.filer_name, filing_filer_id=_.filer_id)
    return rows.join(f, ["filing_id", "load_id"])


def chain(m: Model, filing_id: int) -> list[dict]:
    """Every version of the report a filing belongs to, oldest first, with the one that counts."""
    f = filings(m)
    key = f.filter(f.filing_id == filing_id).select("report_key").distinct()
    versions = f.join(key, "report_key").order_by("filing_id")
    return records(versions.select("filing_id", "form_type", "amendment_ind", "amends_filing_id",
                                   "amendment_number", "coverage_from", "coverage_through", "date_signed",
                                   "current", "superseded_by", "row_ref"))


def schedule_totals(m: Model, filing_id: int) -> list[dict]:
    """Per schedule of one filing: rows, the total amount (memo rows apart), and the row references."""
    out = []
    for key, s in SCHEDULES.items():
        t = m.table(s.table)
        t = t.filter(t.filing_id == filing_id)
        has_amount = "amount" in t.columns
        memo = (t.memo_code.fill_null("") == "X") if "memo_code" in t.columns else ibis.literal(False)
        agg = {"rows": _.count(), "row_refs": _.row_ref.collect()}
        if has_amount:
            agg |= {"amount": _.amount.sum(where=~memo), "memo_rows": memo.sum(),
                    "memo_amount": _.amount.sum(where=memo)}
        for r in records(t.mutate(memo=memo).aggregate(**agg)):
            if r["rows"]:
                out.append({"schedule": key, "table": s.table, "description": s.description, **r})
    other = m.table("filing_other")
    other = other.filter(other.filing_id == filing_id)
    for r in records(other.group_by("record_type").aggregate(rows=_.count(), row_refs=_.row_ref.collect())):
        out.append({"schedule": "other", "table": "filing_other", "description": f"{r['record_type']} records",
                    **r})
    return out
