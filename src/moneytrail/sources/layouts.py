"""The FEC bulk-file layouts, as data.

Every fact about a bulk file's shape lives here: its kind, how its name looks,
its delimiter, its columns and their types. The reader, the store's DDL, the demo
generator and the docs all read this table, so a new FEC column is a one-line change.

Column types and what happens when a value does not parse:

- ``text``: kept as is (empty -> NULL).
- ``id``: text, trimmed and upper-cased (committee / candidate ids).
- ``amount``: DECIMAL(14,2). Optional ``$`` and thousands commas (in groups of three).
  A value that is not a number with at most two decimals **rejects the row**: a row
  without a usable amount cannot enter a total; so does a blank in a ``required`` column.
- ``key``: BIGINT that must be there to use the row (SUB_ID, an election year). Not digits ->
  the row is rejected.
- ``int``: BIGINT. Unparseable -> NULL, original text kept in ``<col>_raw``, warning.
- ``bool``: BOOLEAN from true/false. Unparseable -> NULL, raw text kept, warning.
- ``date:FMT[;FMT]``: DATE (strptime formats). Unparseable -> NULL, original text kept
  in ``<col>_raw``, warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

AMOUNT_PATTERN = r"^-?([0-9]{1,12}(\.[0-9]{0,2})?|\.[0-9]{1,2})$"
KEY_PATTERN = r"^([0-9]{1,18}|[1-8][0-9]{18})$"  # fits a BIGINT


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "text"

    @property
    def base_type(self) -> str:
        return self.type.split(":", 1)[0]

    @property
    def date_formats(self) -> list[str]:
        return self.type.split(":", 1)[1].split(";") if self.base_type == "date" else []

    @property
    def sql_type(self) -> str:
        return {
            "text": "VARCHAR",
            "id": "VARCHAR",
            "amount": "DECIMAL(14,2)",
            "key": "BIGINT",
            "int": "BIGINT",
            "date": "DATE",
            "bool": "BOOLEAN",
        }[self.base_type]

    @property
    def rejects_row(self) -> bool:
        """Whether a bad value rejects the whole row (else it is kept as raw text)."""
        return self.base_type in ("amount", "key")

    @property
    def keeps_raw(self) -> bool:
        return self.base_type in ("int", "date", "bool")


@dataclass(frozen=True)
class Layout:
    kind: str
    table: str
    title: str
    columns: tuple[Column, ...]
    delimiter: str = "|"
    header: bool = False  # the file starts with a header row
    quoted: bool = False  # values may be double-quoted (CSV)
    row_key: str = "line_no"  # the column that identifies a row within the table
    ignore_columns: tuple[str, ...] = ()  # trailing empty fields the FEC always writes
    stems: tuple[str, ...] = ()  # file-name stems, e.g. "indiv" (zip) and "itcont" (txt)
    cycle_from: str = ""  # a column whose year gives each row's cycle (files spanning cycles)
    required: tuple[str, ...] = ()  # columns a row is rejected without
    zip_stem: str = ""  # stem of the FEC's zip for `fetch`
    description: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def field_count(self) -> int:
        return len(self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def _cols(spec: str) -> tuple[Column, ...]:
    """'cmte_id:id name transaction_dt:date:%m%d%Y' -> Columns."""
    out = []
    for token in spec.split():
        name, _, typ = token.partition(":")
        out.append(Column(name.lower(), typ or "text"))
    return tuple(out)


MMDDYYYY = "date:%m%d%Y"
SLASH_DATE = "date:%m/%d/%Y"

_TRANSACTION = (
    "cmte_id:id amndt_ind rpt_tp transaction_pgi image_num transaction_tp entity_tp name city state "
    "zip_code employer occupation transaction_dt:{d} transaction_amt:amount other_id:id {cand}"
    "tran_id file_num:int memo_cd memo_text sub_id:key"
)

_SUMMARY_CANDIDATE = (
    "cand_id:id cand_name cand_ici pty_cd cand_pty_affiliation ttl_receipts:amount "
    "trans_from_auth:amount ttl_disb:amount trans_to_auth:amount coh_bop:amount coh_cop:amount "
    "cand_contrib:amount cand_loans:amount other_loans:amount cand_loan_repay:amount "
    "other_loan_repay:amount debts_owed_by:amount ttl_indiv_contrib:amount cand_office_st "
    "cand_office_district spec_election prim_election run_election gen_election gen_election_precent "
    "other_pol_cmte_contrib:amount pol_pty_contrib:amount cvg_end_dt:" + SLASH_DATE + " "
    "indiv_refunds:amount cmte_refunds:amount"
)

LAYOUTS: dict[str, Layout] = {
    layout.kind: layout
    for layout in [
        Layout(
            kind="cn",
            table="bulk_cn",
            title="Candidate master",
            stems=("cn",),
            zip_stem="cn",
            columns=_cols(
                "cand_id:id cand_name cand_pty_affiliation cand_election_yr:int cand_office_st "
                "cand_office cand_office_district cand_ici cand_status cand_pcc:id cand_st1 cand_st2 "
                "cand_city cand_st cand_zip"
            ),
        ),
        Layout(
            kind="cm",
            table="bulk_cm",
            title="Committee master",
            stems=("cm",),
            zip_stem="cm",
            columns=_cols(
                "cmte_id:id cmte_nm tres_nm cmte_st1 cmte_st2 cmte_city cmte_st cmte_zip cmte_dsgn "
                "cmte_tp cmte_pty_affiliation cmte_filing_freq org_tp connected_org_nm cand_id:id"
            ),
        ),
        Layout(
            kind="ccl",
            table="bulk_ccl",
            title="Candidate-committee linkage",
            stems=("ccl",),
            zip_stem="ccl",
            columns=_cols(
                "cand_id:id cand_election_yr:int fec_election_yr:int cmte_id:id cmte_tp cmte_dsgn "
                "linkage_id:int"
            ),
        ),
        Layout(
            kind="itcont",
            table="bulk_itcont",
            required=("transaction_amt", "sub_id"),
            title="Contributions by individuals",
            stems=("itcont", "indiv"),
            zip_stem="indiv",
            row_key="sub_id",
            columns=_cols(_TRANSACTION.format(d=MMDDYYYY, cand="")),
        ),
        Layout(
            kind="itpas2",
            table="bulk_itpas2",
            required=("transaction_amt", "sub_id"),
            title="Contributions from committees to candidates and independent expenditures",
            stems=("itpas2", "pas2"),
            zip_stem="pas2",
            row_key="sub_id",
            columns=_cols(_TRANSACTION.format(d=MMDDYYYY, cand="cand_id:id ")),
        ),
        Layout(
            kind="itoth",
            table="bulk_itoth",
            required=("transaction_amt", "sub_id"),
            title="Transactions from one committee to another",
            stems=("itoth", "oth"),
            zip_stem="oth",
            row_key="sub_id",
            columns=_cols(_TRANSACTION.format(d=MMDDYYYY, cand="")),
        ),
        Layout(
            kind="oppexp",
            table="bulk_oppexp",
            required=("transaction_amt", "sub_id"),
            title="Operating expenditures",
            stems=("oppexp",),
            zip_stem="oppexp",
            row_key="sub_id",
            ignore_columns=("trailing_empty",),
            columns=_cols(
                "cmte_id:id amndt_ind rpt_yr:int rpt_tp image_num line_num form_tp_cd sched_tp_cd name "
                f"city state zip_code transaction_dt:{SLASH_DATE} transaction_amt:amount transaction_pgi "
                "purpose category category_desc memo_cd memo_text entity_tp sub_id:key file_num:int "
                "tran_id back_ref_tran_id trailing_empty"
            ),
        ),
        Layout(
            kind="weball",
            table="bulk_weball",
            title="All candidates summary",
            stems=("weball",),
            zip_stem="weball",
            columns=_cols(_SUMMARY_CANDIDATE),
        ),
        Layout(
            kind="webl",
            table="bulk_webl",
            title="House and Senate current campaigns summary",
            stems=("webl",),
            zip_stem="webl",
            columns=_cols(_SUMMARY_CANDIDATE),
        ),
        Layout(
            kind="webk",
            table="bulk_webk",
            title="PAC and party summary",
            stems=("webk",),
            zip_stem="webk",
            columns=_cols(
                "cmte_id:id cmte_nm cmte_tp cmte_dsgn cmte_filing_freq ttl_receipts:amount "
                "trans_from_aff:amount indv_contrib:amount other_pol_cmte_contrib:amount "
                "cand_contrib:amount cand_loans:amount ttl_loans_received:amount ttl_disb:amount "
                "tranf_to_aff:amount indv_refunds:amount other_pol_cmte_refunds:amount "
                "cand_loan_repay:amount loan_repay:amount coh_bop:amount coh_cop:amount "
                "debts_owed_by:amount nonfed_trans_received:amount contrib_to_other_cmte:amount "
                f"ind_exp:amount pty_coord_exp:amount nonfed_share_exp:amount cvg_end_dt:{SLASH_DATE}"
            ),
        ),
        Layout(
            kind="ie",
            table="bulk_ie",
            required=("exp_amo",),
            title="Independent expenditures (24- and 48-hour notices)",
            stems=("independent_expenditure",),
            delimiter=",",
            header=True,
            quoted=True,
            columns=_cols(
                "cand_id:id cand_name spe_id:id spe_nam ele_type can_office_state can_office_dis "
                "can_office cand_pty_aff exp_amo:amount exp_date:date:%d-%b-%y;%m/%d/%Y;%Y-%m-%d "
                "agg_amo:amount sup_opp pur pay file_num:int amndt_ind tran_id image_num "
                "receipt_dat:date:%d-%b-%y;%m/%d/%Y;%Y-%m-%d fec_election_yr:int prev_file_num:int "
                "dissem_dt:date:%d-%b-%y;%m/%d/%Y;%Y-%m-%d"
            ),
        ),
    ]
}

RESULTS_COLUMNS = _cols(
    "year:key state:id office:id district stage special:bool candidate party votes:int total_votes:int "
    "county precinct writein:bool unofficial:bool fec_cand_id:id outcome source_share"
)

# Election results: several formats, one canonical table. Their readers are in sources/results.py;
# files are recognised by name and header (see sources/results.py), not by these stems.
RESULT_FORMATS = {
    "medsl": "MIT Election Data + Science Lab House/Senate returns (1976-2024-house.tab)",
    "openelections": "OpenElections CSV, county or precinct (20201103__ca__general__county.csv)",
    "fec_results": "FEC 'Federal Elections' workbook or its CSV export (federalelections2018.xlsx)",
    "fte_primary": "FiveThirtyEight primary candidates (dem_candidates.csv, rep_candidates.csv)",
    "nbc": "NBC News state-results JSON (one race)",
    "results_csv": "moneytrail's own results CSV (header: " + ",".join(c.name for c in RESULTS_COLUMNS) + ")",
}
for _fmt, _title in RESULT_FORMATS.items():
    LAYOUTS[_fmt] = Layout(kind=_fmt, table="results", title=_title, columns=RESULTS_COLUMNS, cycle_from="year")

# Longest stems first, so "weball" wins over "webl" and "itpas2" over "pas2".
_STEMS = sorted(((s, k) for k, lay in LAYOUTS.items() for s in lay.stems), key=lambda t: -len(t[0]))
_NAME_RE = re.compile(
    r"^(?P<stem>" + "|".join(re.escape(s) for s, _ in _STEMS) + r")_?(?P<year>\d{4}|\d{2})?(?=[_.\-]|$)",
    re.IGNORECASE,
)


def parse_file_name(name: str) -> tuple[str | None, int | None]:
    """Kind and cycle from an FEC file name ('indiv24.zip' -> ('itcont', 2024)).

    Either may be None when the name does not say (e.g. 'itcont.txt' has no cycle).
    """
    base = name.rsplit("/", 1)[-1]
    m = _NAME_RE.match(base)
    if not m:
        return None, None
    stem = m.group("stem").lower()
    kind = dict(_STEMS)[stem]
    year = m.group("year")
    cycle = None
    if year:
        y = int(year)
        if len(year) == 2:
            y += 1900 if y > 50 else 2000
        cycle = y + (y % 2)  # an odd year belongs to the cycle that ends the next year
    return kind, cycle
