"""The `.fec` layouts, as data: which record goes to which table, and which field is which.

Two layers, both declarative:

- **Raw field names per record type and version** come from the mapping table that ships
  with the ``fecfile`` package (every form, every version from 1 to 8.5 and the paper
  ``P`` versions; the same table FastFEC compiles in). We read it as data; we do not use
  fecfile's parser.
- **Canonical columns per schedule** are declared here: each canonical column lists the
  raw names it can come from, first present wins, so one ``filing_sa`` column serves
  v3 (``contributor_name`` split on the header's name delimiter), v6 and v8.5 alike.

A source written ``name#k`` means part *k* of a name field split on the name delimiter
(``Last^First Middle^Prefix^Suffix`` in versions 1–5).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from ..errors import MoneytrailError


@dataclass(frozen=True)
class Field:
    name: str
    type: str = "text"  # text | id | amount | date (the bulk layout types)
    sources: tuple[str, ...] = ()

    @property
    def sql_type(self) -> str:
        return {"text": "VARCHAR", "id": "VARCHAR", "amount": "DECIMAL(14,2)", "date": "DATE"}[self.type]


def F(name: str, type: str = "text", *sources: str) -> Field:
    return Field(name, type, sources or (name,))


@dataclass(frozen=True)
class Schedule:
    """One itemization table: which record types go there and their canonical columns."""

    key: str
    table: str
    pattern: str  # regex on the upper-cased record type
    fields: tuple[Field, ...]
    amount: str | None = None  # a row without a usable amount here is rejected
    name_parts: tuple[str, ...] = ()  # org, last, first, middle, prefix, suffix -> a display name
    description: str = ""

    def matches(self, record_type: str) -> bool:
        return re.match(self.pattern, record_type) is not None


_PERSON = ("organization_name", "last_name", "first_name", "middle_name", "prefix", "suffix")


def _person(prefix: str, legacy: str) -> tuple[Field, ...]:
    """Org / last / first / middle / prefix / suffix of a party, from split or single-field layouts."""
    org, last, first, middle, pre, suf = (f"{prefix}_{p}" for p in _PERSON)
    return (
        F("org_name", "text", org),
        F("last_name", "text", last, f"{legacy}#1"),
        F("first_name", "text", first, f"{legacy}#2"),
        F("middle_name", "text", middle),
        F("prefix", "text", pre, f"{legacy}#3"),
        F("suffix", "text", suf, f"{legacy}#4"),
    )


def _address(prefix: str) -> tuple[Field, ...]:
    return (
        F("street_1", "text", f"{prefix}_street_1", f"{prefix}_street1"),
        F("street_2", "text", f"{prefix}_street_2", f"{prefix}_street2"),
        F("city", "text", f"{prefix}_city"),
        F("state", "id", f"{prefix}_state"),
        F("zip", "text", f"{prefix}_zip_code", f"{prefix}_zip"),
    )


_COMMON = (
    F("filer_id", "id", "filer_committee_id_number"),
    F("tran_id", "text", "transaction_id", "transaction_id_number"),
    F("back_ref_tran_id", "text", "back_reference_tran_id_number"),
    F("back_ref_sched", "text", "back_reference_sched_name"),
    F("entity_type", "id", "entity_type"),
)
_MEMO = (F("memo_code", "id", "memo_code"), F("memo_text", "text", "memo_text_description"))
_CONDUIT = (
    F("conduit_name", "text", "conduit_name"),
    F("conduit_city", "text", "conduit_city"),
    F("conduit_state", "id", "conduit_state"),
)

SCHEDULES: dict[str, Schedule] = {
    s.key: s
    for s in (
        Schedule(
            "sa", "filing_sa", r"^(SA(?!3L)|F65$|F56$)",
            _COMMON + _person("contributor", "contributor_name") + _address("contributor") + (
                F("election_code", "text", "election_code"),
                F("date", "date", "contribution_date"),
                F("amount", "amount", "contribution_amount"),
                F("aggregate", "amount", "contribution_aggregate"),
                F("purpose", "text", "contribution_purpose_descrip"),
                F("employer", "text", "contributor_employer"),
                F("occupation", "text", "contributor_occupation"),
                F("donor_cmte_id", "id", "donor_committee_fec_id", "contributor_fec_id"),
                F("donor_cmte_name", "text", "donor_committee_name"),
                F("donor_cand_id", "id", "donor_candidate_fec_id"),
            ) + _CONDUIT + _MEMO,
            amount="amount", name_parts=("org_name", "last_name", "first_name", "middle_name", "suffix"),
            description="Schedule A receipts, plus F65 (48-hour contribution notices) and F56 lines",
        ),
        Schedule(
            "sb", "filing_sb", r"^SB",
            _COMMON + _person("payee", "payee_name") + _address("payee") + (
                F("election_code", "text", "election_code"),
                F("date", "date", "expenditure_date"),
                F("amount", "amount", "expenditure_amount"),
                F("purpose", "text", "expenditure_purpose_descrip"),
                F("category_code", "text", "category_code"),
                F("beneficiary_cmte_id", "id", "beneficiary_committee_fec_id"),
                F("beneficiary_cmte_name", "text", "beneficiary_committee_name"),
                F("beneficiary_cand_id", "id", "beneficiary_candidate_fec_id"),
                F("beneficiary_cand_office", "id", "beneficiary_candidate_office"),
                F("beneficiary_cand_state", "id", "beneficiary_candidate_state"),
                F("beneficiary_cand_district", "text", "beneficiary_candidate_district"),
            ) + _CONDUIT + _MEMO,
            amount="amount", name_parts=("org_name", "last_name", "first_name", "middle_name", "suffix"),
            description="Schedule B disbursements",
        ),
        Schedule(
            "sc", "filing_sc", r"^SC/",
            _COMMON + _person("lender", "lender_name") + _address("lender") + (
                F("receipt_line", "text", "receipt_line_number"),
                F("election_code", "text", "election_code"),
                F("amount", "amount", "loan_amount_original", "loan_amount"),
                F("payment_to_date", "amount", "loan_payment_to_date"),
                F("balance", "amount", "loan_balance"),
                F("incurred_date", "text", "loan_incurred_date_terms", "loan_incurred_date"),
                F("due_date", "text", "loan_due_date_terms", "loan_due_date"),
                F("interest_rate", "text", "loan_interest_rate_terms", "loan_interest_rate"),
                F("secured", "text", "secured"),
                F("lender_cmte_id", "id", "lender_committee_id_number"),
                F("lender_cand_id", "id", "lender_candidate_id_number"),
            ) + _MEMO,
            name_parts=("org_name", "last_name", "first_name", "middle_name", "suffix"),
            description="Schedule C loans (SC/10, SC/13 ...; the SC1/SC2 supplements go to filing_other)",
        ),
        Schedule(
            "sd", "filing_sd", r"^SD",
            _COMMON + _person("creditor", "creditor_name") + _address("creditor") + (
                F("purpose", "text", "purpose_of_debt_or_obligation"),
                F("beginning_balance", "amount", "beginning_balance_this_period"),
                F("incurred", "amount", "incurred_amount_this_period"),
                F("payment", "amount", "payment_amount_this_period"),
                F("balance", "amount", "balance_at_close_this_period"),
            ),
            name_parts=("org_name", "last_name", "first_name", "middle_name", "suffix"),
            description="Schedule D debts and obligations",
        ),
        Schedule(
            "se", "filing_se", r"^(SE|F57)$",
            _COMMON + _person("payee", "payee_name") + _address("payee") + (
                F("election_code", "text", "election_code"),
                F("dissemination_date", "date", "dissemination_date"),
                F("disbursement_date", "date", "disbursement_date"),
                F("amount", "amount", "expenditure_amount"),
                F("calendar_ytd", "amount", "calendar_y_t_d_per_election_office"),
                F("purpose", "text", "expenditure_purpose_descrip"),
                F("category_code", "text", "category_code"),
                F("payee_cmte_id", "id", "payee_cmtte_fec_id_number"),
                F("support_oppose", "id", "support_oppose_code"),
                F("cand_id", "id", "candidate_id_number"),
                F("cand_last_name", "text", "candidate_last_name", "candidate_name#1"),
                F("cand_first_name", "text", "candidate_first_name", "candidate_name#2"),
                F("cand_office", "id", "candidate_office"),
                F("cand_state", "id", "candidate_state"),
                F("cand_district", "text", "candidate_district"),
                F("date_signed", "date", "date_signed"),
            ) + _MEMO,
            amount="amount", name_parts=("org_name", "last_name", "first_name", "middle_name", "suffix"),
            description="Schedule E independent expenditures (F3X, F24 notices) and F57 lines (F5)",
        ),
        Schedule(
            "sf", "filing_sf", r"^SF",
            _COMMON + _person("payee", "payee_name") + _address("payee") + (
                F("date", "date", "expenditure_date"),
                F("amount", "amount", "expenditure_amount"),
                F("aggregate", "amount", "aggregate_general_elec_expended"),
                F("purpose", "text", "expenditure_purpose_descrip"),
                F("category_code", "text", "category_code"),
                F("designating_cmte_id", "id", "designating_committee_id_number"),
                F("designating_cmte_name", "text", "designating_committee_name"),
                F("payee_cmte_id", "id", "payee_committee_id_number"),
                F("cand_id", "id", "payee_candidate_id_number"),
                F("cand_last_name", "text", "payee_candidate_last_name", "payee_candidate_name#1"),
                F("cand_office", "id", "payee_candidate_office"),
                F("cand_state", "id", "payee_candidate_state"),
                F("cand_district", "text", "payee_candidate_district"),
            ) + _MEMO,
            amount="amount", name_parts=("org_name", "last_name", "first_name", "middle_name", "suffix"),
            description="Schedule F coordinated party expenditures",
        ),
        Schedule(
            "text", "filing_text", r"^TEXT$",
            (
                F("filer_id", "id", "filer_committee_id_number"),
                F("tran_id", "text", "transaction_id_number"),
                F("back_ref_tran_id", "text", "back_reference_tran_id_number"),
                F("back_ref_form", "text", "back_reference_sched_form_name", "form_type"),
                F("text", "text", "text"),
            ),
            description="TEXT records (memo text attached to another record), and F99 text",
        ),
    )
}

# The cover (summary) record: canonical figures read from whichever form it is.
# The filer of most forms is a committee (field 2, filer_committee_id_number, a C id even for a person
# filing an F5 or F9). A Form 2 (statement of candidacy) is filed by the candidate: field 2 is the
# candidate id and the name is the candidate's. A person's name in parts becomes "LAST, FIRST".
COVER_FIELDS: tuple[Field, ...] = (
    F("filer_id", "id", "filer_committee_id_number", "candidate_id_number"),
    F("filer_name", "text", "committee_name", "organization_name"),
    F("report_code", "id", "report_code"),
    F("report_type", "id", "report_type"),  # F24: 24 or 48; F5: 24/48-hour code
    F("election_code", "text", "election_code"),
    F("election_date", "date", "election_date", "date_of_election"),
    F("election_state", "id", "election_state", "state_of_election"),
    F("election_district", "text", "election_district"),
    F("coverage_from", "date", "coverage_from_date"),
    F("coverage_through", "date", "coverage_through_date"),
    F("original_amendment_date", "date", "original_amendment_date"),
    F("date_signed", "date", "date_signed"),
    F("receipts", "amount", "col_a_total_receipts"),
    F("disbursements", "amount", "col_a_total_disbursements"),
    F("cash_on_hand_close", "amount", "col_a_cash_on_hand_close_of_period", "col_a_cash_on_hand_close"),
    F("debts_owed_by", "amount", "col_a_debts_by"),
    F("indiv_itemized", "amount", "col_a_individual_contributions_itemized", "col_a_individuals_itemized"),
    F("indiv_unitemized", "amount", "col_a_individual_contributions_unitemized", "col_a_individuals_unitemized"),
    F("indiv_total", "amount", "col_a_total_individual_contributions", "col_a_individual_contribution_total"),
    F("independent_expenditures", "amount", "col_a_independent_expenditures", "total_independent_expenditure"),
)

FILER_PERSON: tuple[Field, Field, Field] = (  # the filer's name when the filer is a person
    F("filer_full_name", "text", "candidate_name"),  # versions 1-5: one field, "Last^First"
    F("filer_last_name", "text", "candidate_last_name", "individual_last_name"),
    F("filer_first_name", "text", "candidate_first_name", "individual_first_name"),
)
CANDIDATE_FORMS = ("F2",)  # filed by the candidate: the filer's name is the candidate's, not the committee's

COVER_PATTERN = r"^F\d"  # the first record after the header: F3XN, F24A, F99, F1N ...
SUMMARY_FORMS = ("F3", "F3X", "F3P")


def schedule_for(record_type: str) -> Schedule | None:
    for s in SCHEDULES.values():
        if s.matches(record_type):
            return s
    return None


_SUFFIXED_FORMS = {"F1", "F1M", "F2", "F3", "F3L", "F3P", "F3X", "F4", "F5", "F6", "F7", "F8", "F9", "F10",
                   "F13", "F24"}


def base_form(form_type: str) -> tuple[str, str | None]:
    """'F3XA' -> ('F3X', 'A'); 'F24N' -> ('F24', 'N'); 'F99' -> ('F99', None): form and N/A/T."""
    if form_type[-1:] in ("N", "A", "T") and form_type[:-1] in _SUFFIXED_FORMS:
        return form_type[:-1], form_type[-1]
    return form_type, None


@cache
def _raw_mappings() -> list[tuple[re.Pattern, list[tuple[re.Pattern, list[str]]]]]:
    spec = find_spec("fecfile")
    if spec is None or not spec.submodule_search_locations:
        raise MoneytrailError("the fecfile package (for its .fec field mappings) is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "mappings.json"
    data = json.loads(path.read_text())
    return [
        (re.compile(form, re.I), [(re.compile(v, re.I), names) for v, names in versions.items()])
        for form, versions in data.items()
    ]


@cache
def raw_fields(record_type: str, version: str) -> tuple[str, ...] | None:
    """The field names of one record type in one version, or None if no layout is known."""
    for form_re, versions in _raw_mappings():
        if form_re.match(record_type):
            for v_re, names in versions:
                if v_re.match(version):
                    return tuple(names)
    return None


def locate(names: tuple[str, ...], f: Field) -> tuple[int, int | None] | None:
    """Where a canonical field sits in a raw layout: (1-based index, name part or None)."""
    for src in f.sources:
        base, _, part = src.partition("#")
        if base in names:
            return names.index(base) + 1, int(part) if part else None
    return None
