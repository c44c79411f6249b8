"""Employer strings → organizations.

Donors write their employer freely: ``GOOGLE``, ``Google LLC``, ``GOOGLE, INC.``, ``ALPHABET INC``.
One rule turns each into an organization key, written in Ibis so it runs wherever the model runs:

1. Upper case; periods and apostrophes dropped (``U.S.`` → ``US``, ``MACY'S`` → ``MACYS``); ``&`` →
   ``AND``; any other punctuation → a space; spaces collapsed.
2. **Not an organization**: self-employment, retirement, no employer, a request for the information,
   and blanks. These get a *class* (``self-employed``, ``retired``, ``not employed``, ``requested``,
   ``none``) and no organization, so "top organizations" never lists ``RETIRED``.
3. Common abbreviations spelled out (``UNIV`` → ``UNIVERSITY``, ``INTL`` → ``INTERNATIONAL``, ...).
4. A leading ``THE`` and trailing legal forms (``INC``, ``LLC``, ``CORP``, ``CO``, ``LTD``, ``LP``,
   ``PLLC``, ...) removed, repeatedly (``FOO CO INC`` → ``FOO``).
5. Known aliases (:data:`ALIASES`: a subsidiary or brand under its parent, ``GOOGLE`` → ``ALPHABET``)
   applied last. The list is short and curated; an unknown brand stays its own organization.

Rows keep their original employer text beside the key, so every merge can be seen.

**Top organizations** (one rule, :func:`rank_organizations`): gifts grouped by organization,
non-organizations left out, ranked by the amount given (with its sign: refunds subtract), then by
name. Two answers use it over different rows, so they are different figures: a candidate's
``--networks`` answer ranks the counted individual gifts to the candidate, each dollar once
(model/individuals.py: earmarks paired, JFC shares, refunds); ``top-donors`` ranks the resolved
donors' itcont rows to a committee set as filed (model/donors.py), with how many donors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import ibis

if TYPE_CHECKING:
    import ibis.expr.types as ir

# class -> pattern over the cleaned text (step 1); the first that matches wins
NON_ORGANIZATIONS: list[tuple[str, str]] = [
    ("requested", r"^(INFO(RMATION)? )?REQUESTED\b|^INFORMATION REQUESTED|^BEST EFFORTS|^REQUESTED"),
    ("self-employed", r"^SELF( EMPLOYED| EMPLOYMENT| EMPLOYER| OWNED)?$|^SELFEMPLOYED$|^SELF EMPLOYED\b"),
    ("retired", r"^RETIRED\b|^RETIREE$"),
    ("not employed", r"^(NOT|UN|NON) ?EMPLOYED$|^NOT CURRENTLY EMPLOYED$|^HOMEMAKER$|^STUDENT$|^NO EMPLOYER$"),
    ("none", r"^(NONE|NA|N A|NOT APPLICABLE|NULL|UNKNOWN|X)?$"),
]

ABBREVIATIONS: dict[str, str] = {
    "UNIV": "UNIVERSITY", "INTL": "INTERNATIONAL", "INT L": "INTERNATIONAL", "DEPT": "DEPARTMENT",
    "MGMT": "MANAGEMENT", "MGT": "MANAGEMENT", "SVCS": "SERVICES", "SVC": "SERVICE", "SERV": "SERVICES",
    "ASSN": "ASSOCIATION", "ASSOC": "ASSOCIATION", "NATL": "NATIONAL", "HOSP": "HOSPITAL",
    "CTR": "CENTER", "GOVT": "GOVERNMENT", "TECHS": "TECHNOLOGIES", "LABS": "LABORATORIES",
    "SYS": "SYSTEMS", "MFG": "MANUFACTURING", "BROS": "BROTHERS", "AMER": "AMERICA",
}

LEGAL_FORMS = (
    "INC", "INCORPORATED", "LLC", "L L C", "CORP", "CORPORATION", "CO", "COMPANY", "COS", "LTD",
    "LIMITED", "LP", "L P", "LLP", "PLLC", "PC", "P C", "PA", "NA", "PLC", "SA", "AG", "GMBH",
)

# a brand or subsidiary (as normalised by steps 1-4) -> the organization it belongs to
ALIASES: dict[str, str] = {
    "GOOGLE": "ALPHABET", "YOUTUBE": "ALPHABET", "ALPHABET": "ALPHABET",
    "FACEBOOK": "META PLATFORMS", "META": "META PLATFORMS", "INSTAGRAM": "META PLATFORMS",
    "AMAZON COM": "AMAZON", "AMAZON WEB SERVICES": "AMAZON", "AWS": "AMAZON",
    "MICROSOFT": "MICROSOFT", "MSFT": "MICROSOFT",
    "IBM": "INTERNATIONAL BUSINESS MACHINES",
    "JP MORGAN": "JPMORGAN CHASE", "JPMORGAN": "JPMORGAN CHASE", "JP MORGAN CHASE": "JPMORGAN CHASE",
    "JPMORGAN CHASE AND": "JPMORGAN CHASE", "CHASE": "JPMORGAN CHASE",
    "GOLDMAN SACHS AND": "GOLDMAN SACHS", "GOLDMAN SACHS GROUP": "GOLDMAN SACHS",
    "US ARMY": "UNITED STATES ARMY", "US NAVY": "UNITED STATES NAVY", "USAF": "UNITED STATES AIR FORCE",
    "US AIR FORCE": "UNITED STATES AIR FORCE", "US GOVERNMENT": "UNITED STATES GOVERNMENT",
    "FEDERAL GOVERNMENT": "UNITED STATES GOVERNMENT",
}


def clean(employer: ir.StringValue) -> ir.StringValue:
    """Step 1: upper case, punctuation out, spaces collapsed."""
    s = employer.upper().re_replace(r"[.']", "").replace("&", " AND ")
    return s.re_replace(r"[^A-Z0-9 ]", " ").re_replace(r"\s+", " ").strip()


def employer_class(cleaned: ir.StringValue) -> ir.StringValue:
    """``organization`` or the non-organization class of a cleaned employer (step 2)."""
    c = cleaned.fill_null("")
    return ibis.cases(*[(c.re_search(p), cls) for cls, p in NON_ORGANIZATIONS], else_="organization")


def org_key(cleaned: ir.StringValue) -> ir.StringValue:
    """Steps 3 and 4: abbreviations spelled out, leading THE and trailing legal forms removed."""
    s = cleaned
    for short, long in ABBREVIATIONS.items():
        s = s.re_replace(rf"\b{short}\b", long)
    s = s.re_replace(r"^THE ", "")
    forms = "|".join(LEGAL_FORMS)
    s = s.re_replace(rf"( ({forms}))+$", "")
    s = s.re_replace(r" AND$", "")  # "SMITH AND CO" -> "SMITH AND" -> "SMITH"
    return s.strip()


def with_organization(t: ir.Table, column: str = "employer") -> ir.Table:
    """``t`` plus ``employer_class`` and ``organization`` (NULL for non-organizations)."""
    aliases = ibis.memtable(
        {"_alias_from": list(ALIASES), "_alias_to": list(ALIASES.values())},
        schema={"_alias_from": "string", "_alias_to": "string"},
    )
    cleaned = clean(t[column])
    t = t.mutate(employer_class=employer_class(cleaned), _org_key=org_key(cleaned))
    j = t.left_join(aliases, t._org_key == aliases._alias_from)
    org = ibis.cases((j.employer_class == "organization", ibis.coalesce(j._alias_to, j._org_key)), else_=ibis.null())
    return j.mutate(organization=org.nullif("")).drop("_org_key", "_alias_from", "_alias_to")


TOP_ORGANIZATIONS = 10  # how many a candidate's answer lists (and the built model keeps)


def organization_column(t: ir.Table, column: str = "employer") -> ir.Table:
    """``t`` plus ``organization`` (as :func:`with_organization`), the rule run once per distinct employer."""
    names = with_organization(t.select(_employer=t[column]).distinct(), "_employer")
    names = names.select("_employer", _organization=names.organization)
    j = t.left_join(names, t[column] == names._employer)
    return j.mutate(organization=j._organization).drop("_employer", "_organization")


def rank_organizations(groups: ir.Table, partition: list[str]) -> ir.Table:
    """Top organizations (module docstring): ``groups`` (one row per partition and organization, with
    ``amount``) ranked from 0 within each partition, most given first, then by name."""
    w = ibis.row_number().over(group_by=partition or None, order_by=[ibis.desc("amount"), "organization"])
    return groups.mutate(rank=w)


def organization_of(employer: str | None) -> str | None:
    """The organization of one employer string (None for non-organizations), by the same rule."""
    t = with_organization(ibis.memtable({"employer": [employer]}, schema={"employer": "string"}))
    return t.select("organization").to_pyarrow().column(0)[0].as_py()
