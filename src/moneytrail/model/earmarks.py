"""Individual money, each dollar once: earmarks seen from both sides, conduits, JFC shares, refunds.

An earmarked gift is one donor's money sent to a recipient *through* a conduit (ActBlue, WinRed,
AIPAC PAC). The bulk files can show it twice: the recipient's row (type 15E, ``OTHER_ID`` = the
conduit) and the conduit's pass-through row (24T/24I, or 15E at WinRed; ``CMTE_ID`` = the conduit,
``OTHER_ID`` = the recipient). The rules (also in the README, "Counting rules"):

- **Orientation** comes from the filer, never from the type alone: a row filed by a conduit (a
  committee the registry lists as a conduit, or any filer of 24T/24I rows in the cycle) is the
  conduit side; a 15E/30E/31E/32E row filed by anyone else is the recipient side.
- **Pairing**: a recipient row and a conduit row are the same gift when conduit, recipient,
  donor name (upper-cased, punctuation dropped) and signed amount agree; within such a group
  they pair in date order, one to one. A pair is counted once, from the recipient's row, and
  carries both rows. An unpaired conduit row counts on its own (the recipient did not itemize
  it: gifts of $200 or less). An unpaired recipient row counts on its own.
- **Refunds** to individuals (22Y and the party-account 4xY codes) count as minus their absolute
  value (the files carry both signs). A refund whose ``OTHER_ID`` is a conduit, or whose memo says
  earmarked, is an earmark refund and pairs with the conduit's negative row like a gift.
- **JFCs**: the participant's share of a joint-fundraising gift is its 15J/10J/11J memo row in
  itoth; that is what counts for the participant. The JFC's own receipt of the whole gift (its 15
  in itcont) and the 18G transfer that carries the money are listed, never added: adding either
  to the 15J rows counts the donor twice.
- **Listed, not counted**: the conduit's 15I/15T intake rows (its own 24T/24I out rows describe
  the same money), a conduit's own refund rows for earmarked gifts (the recipient's refund or the
  conduit's negative pass-through row carries them), the recipient's earmark memo rows (memo X
  with earmark text, or a memo row of a committee), rows of other types. 15C (the candidate's
  own money) is kind ``candidate``.

The input is one relation of receipt rows with :data:`RECEIPT_COLUMNS`; :func:`receipt_rows` builds
it from the bulk files, and e-filed Schedule A rows can be unioned in with the same columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import ibis
from .base import Model
from .candidates import committee_master

if TYPE_CHECKING:
    import ibis.expr.types as ir

INDIVIDUAL_TYPES = ("15", "10", "11", "30", "31", "32")
EARMARK_RECEIPT_TYPES = ("15E", "30E", "31E", "32E")
CONDUIT_OUT_TYPES = ("24T", "24I")
CONDUIT_IN_TYPES = ("15I", "15T")
JFC_MEMO_TYPES = ("15J", "10J", "11J", "30J", "31J", "32J")
REFUND_TYPES = ("22Y", "40Y", "41Y", "42Y")
EARMARK_TEXT = r"EARMARK|EARMK|ERMK"
COUNTED_KINDS = ("direct", "earmarked", "refund", "jfc_share", "candidate")
INDIVIDUAL_KINDS = ("direct", "earmarked", "refund", "jfc_share")

RECEIPT_COLUMNS = {
    "filer_id": "string",  # the committee whose report carries the row
    "transaction_tp": "string",  # FEC transaction type (15, 15E, 24T, 15J, 22Y ...), upper case
    "entity_tp": "string",  # IND, ORG, PAC, ...
    "name": "string",  # contributor name as filed
    "zip5": "string",
    "employer": "string",
    "occupation": "string",
    "transaction_dt": "date",
    "amount": "decimal(14, 2)",  # as filed, with its sign
    "other_id": "string",  # the other committee: conduit, recipient or JFC
    "memo_cd": "string",  # 'X' or ''
    "memo_text": "string",
    "row_ref": "string",  # provenance: table:load_id:line_no
    "source": "string",  # itcont, itoth (later: efile)
}


def _shape(t: ir.Table, source: str) -> ir.Table:
    return t.select(
        filer_id=t.cmte_id,
        transaction_tp=ibis.coalesce(t.transaction_tp.strip().upper(), ""),
        entity_tp=t.entity_tp,
        name=t.name,
        zip5=t.zip_code.substr(0, 5),
        employer=t.employer,
        occupation=t.occupation,
        transaction_dt=t.transaction_dt,
        amount=t.transaction_amt,
        other_id=t.other_id,
        memo_cd=ibis.coalesce(t.memo_cd.strip().upper(), ""),
        memo_text=t.memo_text,
        row_ref=t.row_ref,
        source=ibis.literal(source),
    )


def receipt_rows(m: Model, cycle: int) -> ir.Table:
    """The cycle's individual-money rows in :data:`RECEIPT_COLUMNS`: all of itcont, plus itoth's JFC memo rows."""
    oth = m.bulk("itoth", cycle)
    oth = oth.filter(oth.transaction_tp.strip().upper().isin(JFC_MEMO_TYPES))
    return _shape(m.bulk("itcont", cycle), "itcont").union(_shape(oth, "itoth"))


def classify(m: Model, rows: ir.Table, cycle: int, conduits: list[str]) -> ir.Table:
    """Each receipt row with ``kind``, ``recipient_id``, ``conduit_id``, ``jfc_id`` and ``signed``."""
    auto = rows.filter(rows.transaction_tp.isin(CONDUIT_OUT_TYPES)).select("filer_id").distinct()
    is_conduit = rows.filer_id.isin(list(conduits) or [""]) | rows.filer_id.isin(auto.filer_id)
    cm = committee_master(m, cycle)
    jfcs = cm.filter(cm.cmte_dsgn == "J").select("cmte_id")
    is_jfc = rows.filer_id.isin(jfcs.cmte_id)
    tp = rows.transaction_tp
    text = ibis.coalesce(rows.memo_text.upper(), "")
    earmark_text = text.re_search(EARMARK_TEXT)
    to_conduit = rows.other_id.isin(list(conduits) or [""]) | rows.other_id.isin(auto.filer_id)
    kind = ibis.cases(
        (is_conduit & (tp.isin(CONDUIT_OUT_TYPES) | tp.isin(EARMARK_RECEIPT_TYPES)) & rows.other_id.notnull()
         & (rows.other_id != rows.filer_id), "conduit_passthrough"),
        (is_conduit & tp.isin(CONDUIT_IN_TYPES), "conduit_intake"),
        (is_conduit & tp.isin(REFUND_TYPES) & earmark_text, "conduit_refund"),
        ((rows.source == "itoth") & tp.isin(JFC_MEMO_TYPES), "jfc_share"),
        (is_jfc & tp.isin(INDIVIDUAL_TYPES), "jfc_gross"),
        ((rows.memo_cd == "X") & earmark_text
         & (~tp.isin(EARMARK_RECEIPT_TYPES) | (ibis.coalesce(rows.entity_tp, "IND") != "IND")), "earmark_memo"),
        (tp.isin(EARMARK_RECEIPT_TYPES), "earmarked"),
        (tp.isin(REFUND_TYPES), "refund"),
        (tp.isin(INDIVIDUAL_TYPES), "direct"),
        (tp == "15C", "candidate"),
        else_="other",
    )
    r = rows.mutate(kind=kind, _to_conduit=to_conduit, _earmark_text=earmark_text)
    passthrough = r.kind == "conduit_passthrough"
    earmark_refund = (r.kind == "refund") & (r._to_conduit | r._earmark_text) & r.other_id.notnull()
    return r.mutate(
        recipient_id=ibis.cases((passthrough, r.other_id), else_=r.filer_id),
        conduit_id=ibis.cases(
            (passthrough, r.filer_id),
            ((r.kind == "earmarked") | earmark_refund, r.other_id),
            else_=ibis.null("string"),
        ),
        jfc_id=ibis.cases((r.kind == "jfc_share", r.other_id), else_=ibis.null("string")),
        signed=ibis.cases((r.kind == "refund", -r.amount.abs()), else_=r.amount),
    ).drop("_to_conduit", "_earmark_text")


def _donor_key(name: ir.StringValue) -> ir.StringValue:
    return ibis.coalesce(name.upper(), "").re_replace(r"[^A-Z0-9, ]", "").re_replace(r"\s+", " ").strip()


GIFT_COLUMNS = ["recipient_id", "conduit_id", "jfc_id", "donor_name", "zip5", "employer", "occupation",
                "transaction_dt", "amount", "kind", "basis", "counted", "row_refs"]


def gifts(m: Model, cycle: int, conduits: list[str], rows: ir.Table | None = None) -> ir.Table:
    """One row per gift, each dollar once (module rules), with every source row behind it in ``row_refs``.

    ``kind``: direct, earmarked, refund, jfc_share, candidate (counted); conduit_intake, conduit_refund,
    jfc_gross, earmark_memo, other (``counted`` false: listed so nothing disappears). ``basis`` says which
    rows the gift was seen in. Pass ``rows`` (RECEIPT_COLUMNS) to use another set of receipt rows.
    """
    c = classify(m, receipt_rows(m, cycle) if rows is None else rows, cycle, conduits)
    c = c.mutate(donor_key=_donor_key(c.name))
    keys = ["conduit_id", "recipient_id", "donor_key", "signed"]
    w = ibis.row_number().over(group_by=keys, order_by=["transaction_dt", "row_ref"])
    side_r = c.filter(c.conduit_id.notnull() & (c.kind != "conduit_passthrough")).mutate(seq=w)
    side_c = c.filter(c.kind == "conduit_passthrough").mutate(seq=w)
    fields = ["name", "zip5", "employer", "occupation", "transaction_dt", "kind", "row_ref"]
    rr = side_r.select(**{f"k_{k}": side_r[k] for k in [*keys, "seq"]}, **{f"r_{f}": side_r[f] for f in fields})
    cc = side_c.select(**{f"j_{k}": side_c[k] for k in [*keys, "seq"]}, **{f"c_{f}": side_c[f] for f in fields})
    j = rr.outer_join(cc, [rr[f"k_{k}"] == cc[f"j_{k}"] for k in [*keys, "seq"]])
    both, r_only = j.r_row_ref.notnull() & j.c_row_ref.notnull(), j.c_row_ref.isnull()
    paired = j.select(
        recipient_id=ibis.coalesce(j.k_recipient_id, j.j_recipient_id),
        conduit_id=ibis.coalesce(j.k_conduit_id, j.j_conduit_id),
        jfc_id=ibis.null("string"),
        donor_name=ibis.coalesce(j.r_name, j.c_name),
        zip5=ibis.coalesce(j.r_zip5, j.c_zip5),
        employer=ibis.coalesce(j.r_employer, j.c_employer),
        occupation=ibis.coalesce(j.r_occupation, j.c_occupation),
        transaction_dt=ibis.coalesce(j.r_transaction_dt, j.c_transaction_dt),
        amount=ibis.coalesce(j.k_signed, j.j_signed),
        kind=ibis.cases((j.r_kind == "refund", "refund"), (j.c_row_ref.notnull() & j.r_kind.isnull()
                        & (ibis.coalesce(j.j_signed, 0) < 0), "refund"), else_="earmarked"),
        basis=ibis.cases((both, "both sides"), (r_only, "recipient row"), else_="conduit row only"),
        counted=ibis.literal(True),
        row_refs=ibis.cases(
            (both, ibis.array([j.r_row_ref, j.c_row_ref])),
            (r_only, ibis.array([j.r_row_ref])),
            else_=ibis.array([j.c_row_ref]),
        ),
    )
    rest = c.filter(c.conduit_id.isnull())
    single = rest.select(
        "recipient_id",
        conduit_id=rest.conduit_id,
        jfc_id=rest.jfc_id,
        donor_name=rest.name,
        zip5=rest.zip5,
        employer=rest.employer,
        occupation=rest.occupation,
        transaction_dt=rest.transaction_dt,
        amount=rest.signed,
        kind=rest.kind,
        basis=ibis.cases((rest.source == "itoth", "itoth JFC memo row"), else_="recipient row"),
        counted=rest.kind.isin(COUNTED_KINDS),
        row_refs=ibis.array([rest.row_ref]),
    )
    return paired.union(single)
