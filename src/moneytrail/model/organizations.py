"""Employer -> organization: the one place where an employer name becomes an organization key.

Minimal on purpose (the donors work owns a fuller normaliser with the same role): upper case,
punctuation dropped, legal suffixes (INC, LLC, CORP, CORPORATION, CO, COMPANY, LTD, LP, LLP, PC,
PLLC) dropped, spaces collapsed; placeholders (retired, not employed, self-employed, information
requested, none, n/a, homemaker, student) and blanks are no organization (None / NULL).
The same rules exist as Python (:func:`organization_of`) and as an Ibis expression
(:func:`organization_expr`) so figures are computed where the data lives.
"""

from __future__ import annotations

import re

import ibis
import ibis.expr.types as ir

PUNCT = r"[^A-Z0-9& ]"
SUFFIXES = r"\b(INCORPORATED|INC|LLC|L L C|CORPORATION|CORP|CO|COMPANY|LTD|LP|LLP|PC|PLLC)\b"
PLACEHOLDER = (r"^(RETIRED|NOT EMPLOYED|UNEMPLOYED|NONE|N A|NA|SELF|SELF EMPLOYED|SELFEMPLOYED|HOMEMAKER|STUDENT|"
               r"INFORMATION REQUESTED( PER BEST EFFORTS)?|REQUESTED|BEST EFFORTS|DISABLED)$")


def organization_of(employer: str | None) -> str | None:
    """The organization key of one employer string (None for placeholders and blanks)."""
    s = re.sub(PUNCT, " ", (employer or "").upper().replace("-", " "))
    s = " ".join(re.sub(SUFFIXES, " ", " ".join(s.split())).split())
    return None if not s or re.match(PLACEHOLDER, s) else s


def organization_expr(employer: ir.StringValue) -> ir.StringValue:
    """:func:`organization_of` as an Ibis expression (runs in DuckDB or Spark)."""
    s = ibis.coalesce(employer.upper(), "").replace("-", " ").re_replace(PUNCT, " ")
    s = s.re_replace(r"\s+", " ").strip().re_replace(SUFFIXES, " ").re_replace(r"\s+", " ").strip()
    return ibis.cases(((s == "") | s.re_search(PLACEHOLDER), ibis.null("string")), else_=s)
