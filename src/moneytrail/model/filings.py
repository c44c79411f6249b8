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

from typing import TYPE_CHECKING

from ..lazy import ibis
from ..sources.efile_layouts import SCHEDULES, SUMMARY_FORMS
from ..store import built
from .base import Model, records
from .build import derived

if TYPE_CHECKING:
    import ibis.expr.types as ir



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
                          filer_name=ibis._.filer_name, filing_filer_id=ibis._.filer_id)
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
        agg = {"rows": ibis._.count(), "row_refs": ibis._.row_ref.collect()}
        if has_amount:
            agg |= {"amount": ibis._.amount.sum(where=~memo), "memo_rows": memo.sum(),
                    "memo_amount": ibis._.amount.sum(where=memo)}
        for r in records(t.mutate(memo=memo).aggregate(**agg)):
            if r["rows"]:
                out.append({"schedule": key, "table": s.table, "description": s.description, **r})
    other = m.table("filing_other")
    other = other.filter(other.filing_id == filing_id)
    for r in records(other.group_by("record_type").aggregate(rows=ibis._.count(), row_refs=ibis._.row_ref.collect())):
        out.append({"schedule": "other", "table": "filing_other", "description": f"{r['record_type']} records",
                    **r})
    return out


# -- what a filing page shows: headline figures, every cover line labelled, rows, the FEC's copy ---

FEC_DOCQUERY = "https://docquery.fec.gov"
# The filing's headline figures, from the columns every summary form fills (filings table), in reading order.
COVER_FIGURES = [
    ("receipts", "Total receipts this period"),
    ("indiv_total", "Contributions from individuals"),
    ("indiv_itemized", "… of which itemized (over $200, listed on Schedule A)"),
    ("indiv_unitemized", "… of which unitemized (not listed)"),
    ("disbursements", "Total disbursements this period"),
    ("independent_expenditures", "Independent expenditures"),
    ("cash_on_hand_close", "Cash on hand at the close of the period"),
    ("debts_owed_by", "Debts owed by the committee"),
]
COLUMN_WORDS = {"col_a": "this period", "col_b": "cycle (or year) to date"}
WORDS = {"cmte": "committee", "cand": "candidate", "indiv": "individual", "contrib": "contributions",
         "ttl": "total", "coh": "cash on hand", "bop": "beginning of period", "cop": "close of period",
         "pty": "party", "ie": "independent expenditure", "ind": "independent", "exp": "expenditures",
         "id": "ID", "fec": "FEC", "zip": "ZIP", "no": "excluding", "descrip": "description"}
BULK_WITH_FILE_NUM = {  # bulk tables whose rows name the filing they came from (FILE_NUM) and an image
    "bulk_itcont": "individual contributions (bulk file)", "bulk_itpas2": "committee gifts to candidates (bulk file)",
    "bulk_itoth": "committee transactions (bulk file)", "bulk_oppexp": "operating expenditures (bulk file)",
    "bulk_ie": "independent expenditures (bulk file)",
}


def fec_links(filer_id: str | None, filing_id: int) -> dict[str, str]:
    """The FEC's own copies of a filing: the raw .fec, and its page on docquery (with the images)."""
    out = {"fec_file": f"{FEC_DOCQUERY}/dcdev/posted/{filing_id}.fec"}
    if filer_id:
        out["fec_page"] = f"{FEC_DOCQUERY}/cgi-bin/forms/{filer_id}/{filing_id}/"
    return out


def image_url(image_num) -> str | None:
    """The page image of one row (bulk rows carry IMAGE_NUM: 11 or 18 digits)."""
    text = str(image_num or "").strip()
    return f"{FEC_DOCQUERY}/cgi-bin/fecimg/?{text}" if text.isdigit() else None


def label(field: str) -> str:
    """A cover line's name for people: 'col_a_total_receipts' -> 'Total receipts (this period)'."""
    column = next((c for c in COLUMN_WORDS if field.startswith(c + "_")), None)
    rest = field[len(column) + 1:] if column else field
    words = [WORDS.get(w, w) for w in rest.split("_") if w]
    text = " ".join(words)
    text = text[:1].upper() + text[1:]
    return f"{text} ({COLUMN_WORDS[column]})" if column else text


def cover_lines(cover: dict) -> list[dict]:
    """Every line of the cover record, labelled, amounts apart from text (the raw name kept as ``field``)."""
    out = []
    for field, value in cover.items():
        if value in (None, "") or field in ("form_type", "filer_committee_id_number"):
            continue
        out.append({"field": field, "label": label(field), "value": value,
                    "column": next((COLUMN_WORDS[c] for c in COLUMN_WORDS if field.startswith(c + "_")), None)})
    return out


def row_tables(m: Model, filing_id: int) -> list[dict]:
    """The bulk tables holding rows of this filing (matched on FILE_NUM), with their row counts."""
    out = []
    for table, description in BULK_WITH_FILE_NUM.items():
        t = m.ib.table(table)
        n = t.filter(t.file_num == filing_id).count().execute()
        if n:
            out.append({"table": table, "description": description, "rows": int(n)})
    return out


def rows_page(m: Model, filing_id: int, table: str, page: int, size: int, sort: str | None = None,
              desc: bool = False) -> tuple[list[dict], int, list[str]]:
    """One page of a filing's rows in one table, sorted in the database: (rows, total rows, columns)."""
    allowed = {s.table for s in SCHEDULES.values()} | {"filing_other"} | set(BULK_WITH_FILE_NUM)
    if table not in allowed:
        raise KeyError(table)
    t = m.ib.table(table)
    t = t.filter((t.file_num if table in BULK_WITH_FILE_NUM else t.filing_id) == filing_id)
    columns = list(t.columns)
    if sort and sort not in columns:
        raise ValueError(sort)
    keys = [ibis.desc(sort) if desc else ibis.asc(sort)] if sort else []
    total = int(t.count().execute())
    ordered = t.order_by([*keys, "load_id", "line_no"])
    rows = records(ordered.limit(size, offset=(page - 1) * size)) if size else records(ordered)
    return rows, total, columns


# -- the built model ----------------------------------------------------------------------------

FILING_LIST = ("filing_id", "form_type", "report_code", "report_type", "coverage_from", "coverage_through",
               "date_signed", "receipts", "disbursements", "cash_on_hand_close", "current", "superseded_by", "row_ref")


@derived("filings", inputs=("fec",))
def filings_table(m: Model, cycle: int) -> ir.Table:
    """Every loaded filing of the cycle with whether it counts (:func:`filings`), by filer."""
    f = filings(m)
    return f.filter(f.cycle == cycle).select("filer_id", *FILING_LIST)


def read_filings_of(con, filer_id: str, cycle: int) -> list[dict]:
    """A filer's filings of the cycle from the built model (plain SQL)."""
    return built.read(con, "filings", cycle, "filer_id = ?", [filer_id], order_by="filing_id",
                      columns=", ".join(FILING_LIST))
