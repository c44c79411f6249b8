"""What every figure means, said once: its label, how we count it, its unit; and the words for FEC codes.

Why: the race, candidate, committee and network pages, their JSON twins and the README all explain the
same figures. Written in one table, a figure cannot mean one thing on a page and another in the JSON.
Each figure key is the machine name the JSON uses (``ttl_receipts``, ``ie_support`` ...); pages show
``label`` and ``how`` instead, never the key. The code tables come from the FEC's own lists (see
``shared/spec/fec-formats.md`` §2); a code not in them is shown as the code itself, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..sources.efile_layouts import SCHEDULES
from ..sources.layouts import LAYOUTS
from .filings import COVER_FIGURES


@dataclass(frozen=True)
class Definition:
    """One figure: ``label`` for a heading, ``short`` for a narrow table column, ``how`` for "how we count"."""

    key: str
    label: str
    how: str
    unit: str = "usd"  # "usd", "count", "votes", "share", "points"
    short: str = ""

    @property
    def column(self) -> str:
        return self.short or self.label

    def to_json(self) -> dict:
        return {"label": self.label, "how": self.how, "unit": self.unit}


_CAND_SUMMARY = ("From the candidate's summary row in the FEC's candidate summary files (weball, webl): the row "
                 "with the latest coverage end date of the cycle, as the campaign reported it. ")
_CMTE_SUMMARY = ("From the committee's row in the FEC's PAC and party summary file (webk), the latest coverage "
                 "end date of the cycle, as the committee reported it. ")
_TRANSFERS = " Transfers between a candidate's own committees are in it, so one dollar can be counted twice."
_IE_RULES = ("Independent expenditures from the 24/48-hour notices (the FEC's independent-expenditure file and "
             "loaded .fec notices) and the spender's periodic Schedule E, each expenditure counted once: an "
             "amendment replaces what it amends, a periodic report replaces the notices it covers, memo rows "
             "are left out. Spending about the candidate, never money the candidate received.")
_NETWORK = "the network: the committees the registry (data/networks.yaml) lists for it"


def _d(key: str, label: str, how: str, unit: str = "usd", short: str = "") -> tuple[str, Definition]:
    return key, Definition(key, label, how, unit, short)


FIGURES: dict[str, Definition] = dict([
    # -- candidate summaries (weball / webl) --------------------------------------------
    _d("ttl_receipts", "Total receipts",
       "Every dollar the committee took in during the cycle (contributions, loans, transfers, other receipts), "
       "from the summary page it filed: for a candidate, the summary row with the latest coverage end date in "
       "the candidate summary files (weball, webl); for a PAC or party, its row in the PAC and party summary "
       "file (webk)." + _TRANSFERS, short="receipts"),
    _d("ttl_indiv_contrib", "Individual contributions (itemized + unitemized)",
       _CAND_SUMMARY + "Contributions from individuals, those itemized (over $200) and those not, together.",
       short="individuals"),
    _d("other_pol_cmte_contrib", "From PACs and other committees",
       "Contributions from PACs and other non-party committees, as reported on the summary page "
       "(candidate summary files weball and webl; for a PAC or party, the webk file).", short="PACs"),
    _d("pol_pty_contrib", "From party committees", _CAND_SUMMARY + "Contributions from party committees."),
    _d("cand_contrib", "From the candidate",
       "The candidate's own contributions to the campaign, as reported on the summary page "
       "(candidate summary files weball, webl; the webk file for a PAC or party)."),
    _d("cand_loans", "Loans from the candidate", _CAND_SUMMARY + "Loans the candidate made to the campaign."),
    _d("other_loans", "Other loans", _CAND_SUMMARY + "Loans from anyone but the candidate (banks, others)."),
    _d("cand_loan_repay", "Repayments of the candidate's loans",
       "Loans repaid to the candidate, as reported on the summary page (weball, webl; webk for a PAC or party)."),
    _d("other_loan_repay", "Repayments of other loans", _CAND_SUMMARY + "Repayments of loans from others."),
    _d("trans_from_auth", "Transfers from own committees",
       _CAND_SUMMARY + "Money moved in from the candidate's other authorized committees."),
    _d("trans_to_auth", "Transfers to own committees",
       _CAND_SUMMARY + "Money moved out to the candidate's other authorized committees."),
    _d("ttl_disb", "Total disbursements",
       "Everything the committee paid out during the cycle (spending, transfers, refunds, loan repayments), "
       "from the same summary row as total receipts (weball/webl for a candidate, webk for a PAC or party)."
       + _TRANSFERS, short="disbursed"),
    _d("coh_bop", "Cash on hand at start of period",
       "Cash the committee held when the cycle's first reported period began, from its summary row "
       "(weball/webl for a candidate, webk for a PAC or party)."),
    _d("coh_cop", "Cash on hand at end of period",
       "Cash the committee held at the coverage end date of its latest summary row (weball/webl for a "
       "candidate, webk for a PAC or party): a balance on that date, not a total over the cycle.",
       short="cash on hand"),
    _d("debts_owed_by", "Debts owed by the committee",
       "Debts the committee still owed at the coverage end date of its latest summary row (weball/webl for a "
       "candidate, webk for a PAC or party)."),
    _d("indiv_refunds", "Refunds to individuals", _CAND_SUMMARY + "Contributions the campaign gave back to "
       "individuals."),
    _d("cmte_refunds", "Refunds to committees", _CAND_SUMMARY + "Contributions the campaign gave back to "
       "committees."),
    # -- PAC and party summaries (webk) -------------------------------------------------
    _d("trans_from_aff", "Transfers from affiliated committees",
       _CMTE_SUMMARY + "Money moved in from committees affiliated with it (same sponsor, joint fundraisers)."),
    _d("indv_contrib", "Contributions from individuals", _CMTE_SUMMARY + "Itemized and unitemized together."),
    _d("ttl_loans_received", "Loans received", _CMTE_SUMMARY + "Every loan the committee took."),
    _d("tranf_to_aff", "Transfers to affiliated committees",
       _CMTE_SUMMARY + "Money moved out to committees affiliated with it."),
    _d("indv_refunds", "Refunds to individuals", _CMTE_SUMMARY + "Contributions given back to individuals."),
    _d("other_pol_cmte_refunds", "Refunds to other committees",
       _CMTE_SUMMARY + "Contributions given back to other committees."),
    _d("loan_repay", "Loan repayments", _CMTE_SUMMARY + "Loans the committee repaid."),
    _d("nonfed_trans_received", "Transfers from non-federal accounts",
       _CMTE_SUMMARY + "Money moved in from the committee's non-federal (state-law) accounts."),
    _d("contrib_to_other_cmte", "Contributions to candidates and other committees",
       _CMTE_SUMMARY + "What the committee gave to candidates' committees and other committees.",
       short="to committees"),
    _d("ind_exp", "Independent expenditures (reported)",
       _CMTE_SUMMARY + "Spending for or against candidates that was not coordinated with them, as the "
       "committee totalled it; the itemized notices behind it are counted separately (outside spending).",
       short="IEs"),
    _d("pty_coord_exp", "Coordinated party expenditures",
       _CMTE_SUMMARY + "Spending a party made in coordination with its candidates."),
    _d("nonfed_share_exp", "Non-federal share of shared expenses",
       _CMTE_SUMMARY + "The part of expenses shared with state-law accounts that those accounts paid."),
    # -- outside spending (model/ies.py) ------------------------------------------------
    _d("outside_support", "Outside spending for", _IE_RULES + " This is the spending that supports the candidate.",
       short="outside for"),
    _d("outside_oppose", "Outside spending against",
       _IE_RULES + " This is the spending that opposes the candidate.", short="outside against"),
    _d("outside_unknown", "Outside spending, side not stated",
       _IE_RULES + " These rows carry no support or oppose code."),
    _d("ie_reported", "Reported so far",
       "Per spender: the rows of its current periodic reports plus its 24/48-hour notices that no periodic "
       "report covers yet, each expenditure counted once (amendments resolved, memo rows left out).",
       short="reported so far"),
    _d("ie_periodic", "Periodic reports only",
       "Per spender: only the Schedule E rows of its current periodic reports (amended versions left out); "
       "notices not yet repeated on a periodic report are not in it.", short="periodic reports only"),
    _d("ie_notices", "Notices", "How many 24/48-hour notices of this spender about this candidate count.",
       unit="count", short="notices"),
    _d("ie_superseded", "Superseded", "Rows of this spender that an amendment or a later periodic report "
       "replaced: listed, in no total.", unit="count", short="superseded"),
    # -- committee money (itpas2) -----------------------------------------------------------
    _d("committee_money", "Committee money",
       "Itemized rows of the FEC's committee-to-candidate file (itpas2), the giving committee's side of each "
       "gift, to one of the candidate's committees (or naming the candidate when the recipient committee is "
       "not one of them). By category from the transaction type: contributions (including in-kind), "
       "independent expenditures for or against, communication costs, coordinated party spending; memo rows "
       "in no total. Summed with their sign, so refunds net out.", short="amount"),
    _d("committee_contributions", "Itemized committee contributions",
       "Category contribution of the committee-to-candidate file (itpas2): gifts (and in-kind gifts) from "
       "PACs, parties and other committees to the candidate's committees, summed with their sign; "
       "independent expenditures, coordinated spending and memo rows are not in it."),
    _d("itemized_coverage", "Itemized committee gifts against the summary",
       "The itemized committee contributions loaded (itpas2) beside what the summary reports from PACs and "
       "parties for the same money: the rows reach only as far as the loaded file does."),
    # -- networks (model/networks.py) -----------------------------------------------------
    _d("direct", "Direct gifts",
       f"Contributions from {_NETWORK} (its giving PACs, parties and leadership PACs) to the candidate's "
       "committees: their rows in the committee-to-candidate file (itpas2), category contribution (in-kind "
       "included; memo rows, independent expenditures and coordinated spending left out), summed with their "
       "sign. The giver's side of each gift only.", short="direct"),
    _d("earmarked", "Earmarked gifts",
       "Individuals' gifts to the candidate's committees that passed through one of the network's conduits, "
       "from the individual-contributions file (itcont), each gift counted once (the recipient's row and the "
       "conduit's row paired; refunds subtracted). The donors' money: the network chose only the route.",
       short="earmarked"),
    _d("ie_support", "Independent expenditures for",
       f"Independent expenditures by {_NETWORK}, for the candidate. " + _IE_RULES, short="IE for"),
    _d("ie_oppose", "Independent expenditures against",
       f"Independent expenditures by {_NETWORK}, against the candidate. " + _IE_RULES, short="IE against"),
    _d("received_total", "Received (direct + earmarked)",
       "Direct gifts plus earmarked gifts: both landed in the candidate's accounts. Independent expenditures "
       "are spending about the candidate and are never added to it.", short="received"),
    _d("network_webk_receipts", "Total receipts (committee summary)",
       "The committee's own total receipts from the PAC and party summary file (webk): all its money, not "
       "only what went to these candidates.", short="summary receipts"),
    _d("network_webk_to_committees", "Given to committees (committee summary)",
       "What the committee reported giving to candidates and other committees in the PAC and party summary "
       "file (webk), for the whole cycle and every recipient.", short="summary to committees"),
    _d("network_webk_ies", "Independent expenditures (committee summary)",
       "The committee's independent expenditures as it totalled them in the PAC and party summary file "
       "(webk), for every candidate.", short="summary IEs"),
    # -- small-dollar money (model/individuals.py) ------------------------------------------
    _d("summary_indiv", "Individual contributions reported",
       _CAND_SUMMARY + "Itemized and unitemized contributions from individuals together."),
    _d("itemized_amount", "Itemized individual gifts",
       "The candidate's individual gifts listed row by row in the individual-contributions file (itcont), "
       "each counted once (earmarks paired with the conduit's row, joint-fundraising shares, minus refunds)."),
    _d("unitemized_estimate", "Unitemized (estimate)",
       "Individual contributions reported in the summary minus the itemized gifts loaded. Given only when the "
       "itemized file covers the whole cycle and the itemized gifts fit inside the summary total."),
    _d("small_dollar_share", "Small-dollar share",
       "Unitemized (estimate) divided by the individual contributions reported in the summary: the part of "
       "individuals' money given in amounts too small to be itemized (usually $200 or less in the cycle). "
       "An estimate: the summary and the rows can cover different dates.", unit="share"),
    _d("earmarked_rows", "Earmarked (itemized)",
       "The part of the itemized individual gifts that came through a conduit (itcont)."),
    _d("rows_200_or_less", "Itemized gifts of $200 or less",
       "Itemized individual gifts (itcont) of $200 or less: small money that a conduit or the campaign "
       "itemized anyway."),
    _d("organization_amount", "Given by employees",
       "Itemized individual gifts (itcont) whose donor names this organization as employer: employees' "
       "money, not the organization's. Retired, self-employed and not employed are left out."),
    # -- results (model/elections.py) -------------------------------------------------------
    _d("votes", "Votes",
       "The candidate's votes in this contest, summed over the rows (counties, precincts, party lines) of "
       "the one results file that counts for it (the FEC's certified results first, then MEDSL, "
       "OpenElections, moneytrail's own CSV, NBC, FiveThirtyEight).", unit="votes", short="votes"),
    _d("share", "Share",
       "Votes over the contest total (the results file's own total when it gives one, else the sum of the "
       "candidates' votes).", unit="share", short="share"),
    _d("margin", "Margin",
       "First place minus second place, in votes and in percentage points of the contest total. On a "
       "network's record: the candidate's votes minus the other finalist's (negative for a loser).",
       unit="votes", short="margin"),
    _d("total_votes", "Votes cast", "All votes in the contest, from the results file that counts for it.",
       unit="votes"),
    _d("dollars_per_vote", "Dollars per vote",
       "The candidate's total receipts for the cycle (summary files weball/webl) divided by their votes in "
       "this one contest. Money raised for the whole cycle, so a primary and a general share it.",
       short="$ per vote"),
    _d("result", "Result",
       "What the loaded election results of the race say happened to the candidate in this contest: elected "
       "(won), advanced (through a top-two or top-four primary, or to a runoff), nominee (won a party primary), "
       "or lost; \"no results\" when no results for the race are loaded.", unit="text", short="result"),
    # -- donors (model/donors.py) --------------------------------------------------------------
    _d("donor_amount", "Given",
       "The sum of the donor's itemized individual contributions (itcont) with their sign (refunds are "
       "negative), memo rows left out. A donor is the records that donor resolution linked as one person."),
    _d("donor_gifts", "Gifts", "How many itemized contributions of the donor count (memo rows left out).",
       unit="count"),
    _d("donor_organization", "Given by employees (resolved donors)",
       "What resolved donors who name this organization as employer gave: employees' gifts, not the "
       "company's own."),
    # -- row counts ----------------------------------------------------------------------------
    _d("rows", "Rows", "How many source rows are behind the amount beside it.", unit="count", short="rows"),
])

# the filing page's cover figures: labels from model/filings.py (COVER_FIGURES), how we count here
COVER_HOW = {
    "receipts": "Line 'total receipts' of the filing's cover (summary) page, for the period it covers, as filed.",
    "indiv_total": "Contributions from individuals on the filing's cover page, this period, itemized and not.",
    "indiv_itemized": "Individual contributions over $200, each listed on Schedule A of this filing.",
    "indiv_unitemized": "Individual contributions not listed (usually $200 or less), one line on the cover.",
    "disbursements": "Line 'total disbursements' of the filing's cover page, for the period it covers.",
    "independent_expenditures": "Independent expenditures on the filing's cover page (Schedule E), this period.",
    "cash_on_hand_close": "Cash on hand at the close of the period, from the filing's cover page.",
    "debts_owed_by": "Debts owed by the committee at the close of the period, from the filing's cover page.",
}

FIGURES.update(  # the filing page's cover figures: labels from model/filings.py (COVER_FIGURES), meaning here
    (f"cover_{field}", Definition(f"cover_{field}", text, COVER_HOW[field])) for field, text in COVER_FIGURES)

STATUS = {
    "known": "the loaded files cover the figure's whole period",
    "partial": "the loaded files cover only part of the period (the dates beside it say which)",
    "not_loaded": "the file that would give it is not loaded (named beside it); never shown as $0",
    "not_applicable": "the question does not apply here (the reason is beside it)",
}


def definition(key: str) -> Definition | None:
    return FIGURES.get(key)


def label(key: str) -> str:
    """The figure's label; a key not in the table in words (never with its underscores)."""
    d = FIGURES.get(key)
    return d.label if d else words(key)


def how(key: str) -> str:
    d = FIGURES.get(key)
    return d.how if d else ""


def as_json(keys) -> dict[str, dict]:
    """The ``definitions`` block of a JSON answer for these figure keys (label, how we count, unit)."""
    return {k: FIGURES[k].to_json() for k in keys if k in FIGURES}


# -- FEC codes in words (shared/spec/fec-formats.md §2) --------------------------------------------------

COMMITTEE_TYPES = {
    "C": "communication cost filer", "D": "delegate committee", "E": "electioneering communication filer",
    "H": "House campaign committee", "I": "independent-expenditure filer (a person or group, not a committee)",
    "N": "PAC (nonqualified)", "O": "super PAC (independent-expenditure-only)", "P": "presidential campaign committee",
    "Q": "PAC (qualified)", "S": "Senate campaign committee", "U": "single-candidate independent-expenditure filer",
    "V": "hybrid PAC with a non-contribution account (nonqualified)",
    "W": "hybrid PAC with a non-contribution account (qualified)", "X": "party committee (nonqualified)",
    "Y": "party committee (qualified)", "Z": "national party non-federal account",
}
DESIGNATIONS = {
    "A": "authorized by a candidate", "B": "lobbyist/registrant PAC", "D": "leadership PAC",
    "J": "joint fundraiser", "P": "principal campaign committee", "U": "unauthorized",
}
FILING_FREQUENCY = {"A": "administratively terminated", "D": "debt", "M": "monthly", "Q": "quarterly",
                    "T": "terminated", "W": "waived"}
ORG_TYPES = {"C": "corporation", "L": "labor organization", "M": "membership organization",
             "T": "trade association", "V": "cooperative", "W": "corporation without capital stock",
             "H": "host committee", "I": "inaugural committee"}
PARTIES = {
    "DEM": "Democratic", "REP": "Republican", "IND": "Independent", "LIB": "Libertarian", "GRE": "Green",
    "DFL": "Democratic-Farmer-Labor", "CON": "Constitution", "REF": "Reform", "NNE": "None",
    "NPA": "No Party Affiliation", "NON": "Non-party", "OTH": "Other", "UNK": "Unknown", "W": "Write-in",
}
ICI = {"C": "challenger", "I": "incumbent", "O": "open seat"}
CANDIDATE_STATUS = {"C": "statutory candidate", "F": "statutory candidate for a future election",
                    "N": "not yet a statutory candidate", "P": "statutory candidate in a prior cycle"}
OFFICES = {"H": "House", "S": "Senate", "P": "President"}
SUPPORT_OPPOSE = {"support": "for", "oppose": "against", "unknown": "side not stated", "S": "for", "O": "against"}
AMENDMENT = {"N": "new", "A": "amendment", "T": "termination report"}
ENTITY_TYPES = {"CAN": "candidate", "CCM": "candidate committee", "COM": "committee", "IND": "individual",
                "ORG": "organization", "PAC": "political action committee", "PTY": "party organization"}
ELECTION = {"P": "primary", "G": "general", "O": "other", "C": "convention", "R": "runoff", "S": "special",
            "E": "recount"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November")
REPORT_TYPES = {
    "Q1": "April quarterly", "Q2": "July quarterly", "Q3": "October quarterly", "YE": "year-end",
    "MY": "mid-year", "MYE": "year-end (monthly filer)", "TER": "termination report",
    "12P": "pre-primary", "12G": "pre-general", "12R": "pre-runoff", "12S": "pre-special",
    "12C": "pre-convention", "30G": "post-general", "30P": "post-primary", "30R": "post-runoff",
    "30S": "post-special", "30D": "post-election", "60D": "post-convention", "CA": "comprehensive amendment",
    "ADJ": "comprehensive adjusted amendment", "90D": "post-inaugural", "90S": "post-inaugural supplement",
    "24H": "24-hour notice", "48H": "48-hour notice",
    **{f"M{n}": f"monthly (covering {month})" for n, month in enumerate(_MONTHS, start=2)},
}
CATEGORIES = {  # model/contributions.py categories, as a reader says them
    "contribution": "contribution", "ie_support": "independent expenditure for",
    "ie_oppose": "independent expenditure against", "comm_support": "communication cost for",
    "comm_oppose": "communication cost against", "coordinated": "coordinated party expenditure",
    "memo": "memo row (in no total)",
}
ROLES = {  # a network member's roles (model/registry.py), as a reader says them
    "direct_pac": "gives to candidates", "super_pac": "super PAC", "conduit": "conduit for earmarked gifts",
    "party": "party committee", "leadership_pac": "leadership PAC", "ie_filer": "independent-expenditure filer",
}
MATCH = {  # how a results row got its FEC candidate id (model/matching.py)
    "fec id": "given by the results file", "matched": "name matched to the candidate master",
    "ambiguous": "name fits more than one candidate: not matched", "unmatched": "no candidate of that name",
}
CODES = {"committee_type": COMMITTEE_TYPES, "designation": DESIGNATIONS, "filing_frequency": FILING_FREQUENCY,
         "org_type": ORG_TYPES, "party": PARTIES, "ici": ICI, "candidate_status": CANDIDATE_STATUS,
         "office": OFFICES, "support_oppose": SUPPORT_OPPOSE, "amendment": AMENDMENT, "entity_type": ENTITY_TYPES,
         "report_type": REPORT_TYPES, "category": CATEGORIES, "role": ROLES,
         "match": MATCH}


def code(table: str, value) -> str:
    """A code in words ("DEM" -> "Democratic"); a code the FEC's list lacks stays as filed; blank is ""."""
    if value is None or str(value).strip() == "":
        return ""
    v = str(value).strip()
    words_for = CODES[table]
    return words_for.get(v, words_for.get(v.upper(), v))


def committee_kind(cmte_type, designation) -> str:
    """"O", "U" -> "Super PAC (independent-expenditure-only), unauthorized"; unknown codes as filed."""
    parts = [p for p in (code("committee_type", cmte_type), code("designation", designation)) if p]
    text = ", ".join(parts)
    return text[:1].upper() + text[1:] if text else "type not on file"


# -- source-row columns in words (the rows pages; CSV and JSON keep the names) ---------------------------

COLUMNS = {
    "cand_id": "Candidate ID", "cand_name": "Candidate name", "cand_pty_affiliation": "Party",
    "cand_election_yr": "Candidate's election year", "cand_office_st": "Office state", "cand_office": "Office",
    "cand_office_district": "District", "cand_ici": "Incumbent / challenger / open", "cand_status": "Candidate status",
    "cand_pcc": "Principal campaign committee", "cand_st1": "Street", "cand_st2": "Street (2)", "cand_city": "City",
    "cand_st": "State", "cand_zip": "ZIP code", "cmte_id": "Committee ID", "cmte_nm": "Committee name",
    "tres_nm": "Treasurer", "cmte_st1": "Street", "cmte_st2": "Street (2)", "cmte_city": "City", "cmte_st": "State",
    "cmte_zip": "ZIP code", "cmte_dsgn": "Designation", "cmte_tp": "Committee type",
    "cmte_pty_affiliation": "Party", "cmte_filing_freq": "Filing frequency", "org_tp": "Organization type",
    "connected_org_nm": "Connected organization", "fec_election_yr": "FEC election period",
    "linkage_id": "Linkage number", "amndt_ind": "Amendment", "rpt_tp": "Report type",
    "transaction_pgi": "Election", "image_num": "Page image number", "transaction_tp": "Transaction type",
    "entity_tp": "Entity type", "name": "Name", "city": "City", "state": "State", "zip_code": "ZIP code",
    "employer": "Employer", "occupation": "Occupation", "transaction_dt": "Date", "transaction_amt": "Amount",
    "other_id": "Other committee ID", "tran_id": "Transaction ID", "file_num": "Filing number",
    "memo_cd": "Memo", "memo_text": "Memo text", "sub_id": "FEC row ID", "rpt_yr": "Report year",
    "line_num": "Line number", "form_tp_cd": "Form", "sched_tp_cd": "Schedule", "purpose": "Purpose",
    "category": "Category", "category_desc": "Category description", "back_ref_tran_id": "Parent transaction ID",
    "trailing_empty": "Trailing field", "pty_cd": "Party group", "ttl_receipts": "Total receipts",
    "trans_from_auth": "Transfers from own committees", "ttl_disb": "Total disbursements",
    "trans_to_auth": "Transfers to own committees", "coh_bop": "Cash on hand at start of period",
    "coh_cop": "Cash on hand at end of period", "cand_contrib": "From the candidate",
    "cand_loans": "Loans from the candidate", "other_loans": "Other loans",
    "cand_loan_repay": "Repayments of the candidate's loans", "other_loan_repay": "Repayments of other loans",
    "debts_owed_by": "Debts owed", "ttl_indiv_contrib": "Individual contributions",
    "spec_election": "Special election", "prim_election": "Primary election", "run_election": "Runoff election",
    "gen_election": "General election", "gen_election_precent": "General election share",
    "other_pol_cmte_contrib": "From PACs and other committees", "pol_pty_contrib": "From party committees",
    "cvg_end_dt": "Coverage through", "indiv_refunds": "Refunds to individuals",
    "cmte_refunds": "Refunds to committees", "trans_from_aff": "Transfers from affiliated committees",
    "indv_contrib": "Contributions from individuals", "ttl_loans_received": "Loans received",
    "tranf_to_aff": "Transfers to affiliated committees", "indv_refunds": "Refunds to individuals",
    "other_pol_cmte_refunds": "Refunds to other committees", "loan_repay": "Loan repayments",
    "nonfed_trans_received": "Transfers from non-federal accounts",
    "contrib_to_other_cmte": "Contributions to other committees", "ind_exp": "Independent expenditures",
    "pty_coord_exp": "Coordinated party expenditures", "nonfed_share_exp": "Non-federal share of expenses",
    "spe_id": "Spender ID", "spe_nam": "Spender", "ele_type": "Election", "can_office_state": "Office state",
    "can_office_dis": "District", "can_office": "Office", "cand_pty_aff": "Party", "exp_amo": "Expenditure amount",
    "exp_date": "Expenditure date", "agg_amo": "Aggregate amount", "sup_opp": "For / against", "pur": "Purpose",
    "pay": "Payee", "receipt_dat": "Date received", "prev_file_num": "Previous filing number",
    "dissem_dt": "Date disseminated", "year": "Year", "office": "Office", "district": "District",
    "stage": "Stage", "special": "Special election", "candidate": "Candidate", "party": "Party", "votes": "Votes",
    "total_votes": "Votes cast", "county": "County", "precinct": "Precinct", "writein": "Write-in",
    "unofficial": "Unofficial", "fec_cand_id": "FEC candidate ID", "outcome": "Outcome",
    "source_share": "Share given by the source",
    # moneytrail's own bookkeeping columns on every row
    "table": "Table", "source_file": "Source file", "line_no": "Line in file", "load_id": "Load",
    "cycle": "Cycle", "row_ref": "Row reference", "source_kind": "Results source",
}
WORDS = {"cmte": "committee", "cand": "candidate", "indiv": "individual", "contrib": "contributions",
         "ttl": "total", "coh": "cash on hand", "bop": "start of period", "cop": "end of period", "pty": "party",
         "ie": "independent expenditure", "exp": "expenditure", "id": "ID", "fec": "FEC", "zip": "ZIP",
         "amt": "amount", "dt": "date", "tp": "type", "num": "number", "nm": "name", "yr": "year",
         "cd": "code", "st": "state", "dsgn": "designation", "aff": "affiliated", "auth": "own committees",
         "disb": "disbursements", "raw": "(as filed)", "refs": "rows", "ref": "row"}


def words(name: str) -> str:
    """Any machine name in words: 'exp_amo' -> its column label, else its parts spelled out, no underscores."""
    name = str(name)
    if name in COLUMNS:
        return COLUMNS[name]
    if name.endswith("_raw") and name[:-4] in COLUMNS:
        return f"{COLUMNS[name[:-4]]} (as filed)"
    text = " ".join(WORDS.get(w, w) for w in name.replace(".", "_").split("_") if w)
    return text[:1].upper() + text[1:]


def source_kind(kind) -> str:
    """A results or bulk file kind in words ('results_csv' -> its layout title)."""
    lay = LAYOUTS.get(str(kind or ""))
    return lay.title.split(" (")[0] if lay else words(kind or "")


def table_words(table) -> str:
    """A store table in words: 'bulk_ie' -> the IE file's title, 'filing_sa' -> 'Schedule A receipts'."""
    name = str(table or "")
    lay = next((x for x in LAYOUTS.values() if x.table == name and name.startswith("bulk_")), None)
    if lay:
        return lay.title
    sched = next((x for x in SCHEDULES.values() if x.table == name), None)
    return sched.description.split(" (")[0].split(", plus")[0] if sched else words(name)
