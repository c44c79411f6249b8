"""Independent expected values: the raw FEC files read by DuckDB's CSV reader, never by moneytrail."""

from __future__ import annotations


def raw_bulk(con, path, columns: list[str]):
    """A raw FEC bulk file through DuckDB's CSV reader (pipe, no header, no quoting): an independent view
    of the file for expected values. ``columns`` names the file's columns in order."""
    cols = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in columns) + "}"
    return con.sql(f"SELECT * FROM read_csv('{path}', delim='|', header=false, quote='', escape='', "
                   f"columns={cols}, auto_detect=false)")


WEBALL_COLUMNS = (
    "cand_id cand_name cand_ici pty_cd cand_pty_affiliation ttl_receipts trans_from_auth ttl_disb trans_to_auth "
    "coh_bop coh_cop cand_contrib cand_loans other_loans cand_loan_repay other_loan_repay debts_owed_by "
    "ttl_indiv_contrib cand_office_st cand_office_district spec_election prim_election run_election gen_election "
    "gen_election_precent other_pol_cmte_contrib pol_pty_contrib cvg_end_dt indiv_refunds cmte_refunds"
).split()
CN_COLUMNS = (
    "cand_id cand_name cand_pty_affiliation cand_election_yr cand_office_st cand_office cand_office_district "
    "cand_ici cand_status cand_pcc cand_st1 cand_st2 cand_city cand_st cand_zip"
).split()


def amount(value):
    """The exact amount of a report value: a figure's JSON (its ``amount``), an exact string, a number.
    ``None`` for a figure without one (not loaded, not applicable)."""
    from decimal import Decimal

    if isinstance(value, dict):
        value = value.get("amount")
    if value is None:
        return None
    return Decimal(str(value))
