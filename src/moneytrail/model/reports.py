"""Typed answers: one pydantic model per question :class:`moneytrail.trail.Trail` answers.

Why: a hand-built dict can drift (a key renamed on one path, a float where cents were) without
anyone noticing until a page shows it. Each answer is validated against its model when it is made,
so a wrong shape fails loudly at the source, and the same models document every JSON route in
``/openapi.json``.

One JSON encoding: money and other exact decimals are ``Decimal`` in Python and their exact text in
JSON (``"1234.50"``, never a float); dates are ISO text; a figure is :class:`FigureJSON` (the JSON of
``model.figures.Figure``). ``report.to_json()`` is ``model_dump(mode="json", exclude_unset=True)``:
exactly the keys the answer was built with, so it equals the answer's JSON as it was before it was
typed (tests/test_reports.py checks that on the demo and real stores).

The bridge (:class:`Answer`): Trail returns a typed report that also reads as its JSON mapping
(``rep["candidates"][0]["name"]`` and ``rep.candidates[0].name`` are the same answer), so callers
written against dicts, ``json.dumps`` and equality keep working; new code reads attributes. The
mapping is the report's JSON, made once: change the report, not the mapping.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    Strict,
    TypeAdapter,
    WithJsonSchema,
    model_validator,
)

from .figures import Status

EXACT_PATTERN = r"^-?\d+(\.\d+)?$"


def _exact(value):
    """An amount arrives as its exact text (or a Decimal): a float would carry binary artefacts, and an
    int here means the answer was not encoded the one way (``Trail``'s JSON encoding)."""
    if not isinstance(value, str | Decimal):
        raise ValueError(f"an amount must be exact decimal text, not {type(value).__name__} {value!r}")
    return value


Money = Annotated[
    Decimal,
    BeforeValidator(_exact),
    PlainSerializer(lambda d: format(d, "f"), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": EXACT_PATTERN,
                    "description": "an exact decimal as text (dollars with their cents), never a float"}),
]
"""An exact decimal: ``Decimal`` in Python, its exact text in JSON."""

# A few totals are the integer 0 when there is nothing to add (model/ies.py, model/contributions.py).
MoneyOrZero = Annotated[int, Strict()] | Money

Unit = Literal["usd", "count", "votes", "share", "percent"]
Refs = list[str]  # row references, table:load_id:line_no (Trail.rows turns them into rows)
# definitions: what each figure family counts, in the model's words, and under "figures" every figure's
# label, how we count it and its unit (model/definitions.py)
Texts = dict[str, str | dict[str, dict[str, str]]]


# -- how many row references an answer's JSON shows ---------------------------------------------------

REFS_SHOWN = 20
"""An answer's JSON, as the web and the command line print it, shows at most this many references per
list (a figure can stand on thousands of rows); :func:`capped` is the rule."""


def is_refs(key) -> bool:
    """A list of row references is named ``row_refs`` or ``<something>_refs`` (``summary_ref`` is one)."""
    return isinstance(key, str) and key.endswith("_refs")


def capped(data, shown: int | None = REFS_SHOWN, link: Callable[[str], str] | None = None):
    """The one rule for the row references an answer's JSON shows, applied where the answer leaves the
    library (the web's ``.json``, the command line's ``--json``), never before: figures, the claim
    checker's evidence, ``/rows`` and ``Trail.rows`` keep every reference.

    A list ``X`` of references (:func:`is_refs`) longer than ``shown`` keeps its first ``shown`` and is
    followed by ``X_total``, how many there are, and, when ``link`` is given (the web), ``X_url``:
    ``link(path)``, the page listing every row behind it (the path as ``/rows`` reads it,
    ``candidates.0.earmarked_refs``). A list not cut is left as it is, so a reader's count of a figure's
    rows is ``X_total`` when present, else ``len(X)``; an answer with no long list prints as before.
    ``shown=None``: nothing is cut. ``data`` (the answer's JSON mapping) is not changed: the parts that
    change are new, the rest is shared.
    """
    if shown is None:
        return data

    # A page's answer holds up to hundreds of thousands of values (a race's 6,000 reports and notices): the
    # walk passes over plain values, builds a path only for a cut list, and copies only what changes.
    def path(at, key: str) -> list[str]:
        parts = [key]
        while at is not None:
            at, k = at
            parts.append(k)
        return parts[::-1]

    def in_dict(node: dict, at) -> dict:
        out = None  # the copy, made at the first change
        for i, (k, v) in enumerate(node.items()):
            if type(v) in _PLAIN:
                new = v
            elif isinstance(v, list) and is_refs(k) and len(v) > shown:
                out = out if out is not None else dict(list(node.items())[:i])
                out[k] = v[:shown]
                out[f"{k}_total"] = len(v)
                parts = path(at, k)
                if link is not None and not any("." in p for p in parts):  # a dotted key has no path
                    out[f"{k}_url"] = link(".".join(parts))
                continue
            elif isinstance(v, dict):
                new = in_dict(v, (at, k))
            else:
                new = in_list(v, (at, k)) if isinstance(v, list) else v
            if new is not v and out is None:
                out = dict(list(node.items())[:i])
            if out is not None:
                out[k] = new
        return node if out is None else out

    def in_list(node: list, at) -> list:
        out = None
        for i, v in enumerate(node):
            if type(v) in _PLAIN:
                new = v
            elif isinstance(v, dict):
                new = in_dict(v, (at, str(i)))
            else:
                new = in_list(v, (at, str(i))) if isinstance(v, list) else v
            if new is not v and out is None:
                out = node[:i]
            if out is not None:
                out.append(new)
        return node if out is None else out

    if isinstance(data, dict):
        return in_dict(data, None)
    return in_list(data, None) if isinstance(data, list) else data


_PLAIN = frozenset({str, int, float, bool, type(None)})


class _RefCounts(type(BaseModel)):
    """Every model field ``X`` holding references (:func:`is_refs`) gets two optional neighbours that
    :func:`capped` fills in the printed JSON when it cuts ``X``: ``X_total`` and ``X_url``. Declared here, once, so the
    JSON schema (``/openapi.json``) documents them and a capped answer validates as its model."""

    def __new__(mcs, name, bases, namespace, **kwargs):
        notes = namespace.get("__annotations__", {})
        more: dict[str, Any] = {}
        for field in notes:
            if is_refs(field):
                more[f"{field}_total"] = Annotated[int | None, Field(description=(
                    f"set when {field} was cut to its first {REFS_SHOWN}: how many row references there are "
                    f"(otherwise len({field}); every one with ?refs=all on the web, --all-refs on the command line)"))]
                more[f"{field}_url"] = Annotated[str | None, Field(description=(
                    f"set on the web when {field} was cut: the page listing every source row behind it"))]
        for key, kind in more.items():
            if key not in notes:
                notes[key] = kind
                namespace[key] = None
        return super().__new__(mcs, name, bases, namespace, **kwargs)


class Shape(BaseModel, metaclass=_RefCounts):
    """A part of an answer whose keys are all known: an unknown key is a wrong shape."""

    # defer_build (here and on Row): a model's validator is made when an answer of it is first validated
    # (:func:`complete`), so a cold command pays for the answers it gives, not for all eighty models
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Row(BaseModel, metaclass=_RefCounts):
    """A row whose columns are a source table's (they follow the file's layout): the named ones are
    checked, any other column passes through as it was."""

    model_config = ConfigDict(extra="allow", defer_build=True)


# -- the figure ------------------------------------------------------------------------------


class Coverage(Shape):
    files: list[str]
    start: dt.date | None
    through: dt.date | None
    note: str | None


def _no_amount_without_data(figure):
    """A figure whose file is not loaded has no amount: "unknown" is never a number."""
    if figure.amount is not None and figure.status is Status.NOT_LOADED:
        raise ValueError(f"a not_loaded figure has no amount (got {figure.amount})")
    return figure


class FigureJSON(Shape):
    """A figure: an exact amount with its status, definition, coverage, missing file and rows."""

    amount: Money | None
    status: Status
    unit: Unit = "usd"
    definition: str = ""
    coverage: Coverage | None = None
    missing: str | None = None
    row_refs: Refs = []

    _checked = model_validator(mode="after")(_no_amount_without_data)


class CoverFigure(Shape):
    """A filing's headline cover figure: the cover field and its plain label, then the figure (keys in
    the order the answer writes them: a subclass of FigureJSON would put them last)."""

    field: str
    label: str
    amount: Money | None
    status: Status
    unit: Unit = "usd"
    definition: str = ""
    coverage: Coverage | None = None
    missing: str | None = None
    row_refs: Refs = []

    _checked = model_validator(mode="after")(_no_amount_without_data)


class CheckedFigure(Shape):
    """A figure the claim checker computed, with how it compares to the claim (keys in the order the
    checker writes them)."""

    amount: Money | None
    status: Status
    unit: Unit = "usd"
    definition: str = ""
    coverage: Coverage | None = None
    missing: str | None = None
    detail: Any = None
    verdict: str | None = None
    value: Any = None
    row_refs: Refs = []

    _checked = model_validator(mode="after")(_no_amount_without_data)


# -- shared rows -------------------------------------------------------------------------------


class SummaryFigures(Shape):
    """A candidate's summary money (weball/webl) as figures: counted once across the person's ids."""

    ttl_receipts: FigureJSON
    ttl_indiv_contrib: FigureJSON
    other_pol_cmte_contrib: FigureJSON
    pol_pty_contrib: FigureJSON
    cand_contrib: FigureJSON
    cand_loans: FigureJSON
    trans_from_auth: FigureJSON
    ttl_disb: FigureJSON
    coh_cop: FigureJSON
    debts_owed_by: FigureJSON
    indiv_refunds: FigureJSON


class OtherId(Shape):
    """Another FEC id of the same person."""

    cand_id: str
    name: str | None
    office: str | None
    races: list[str]
    cycles: list[int]
    election_years: list[int]
    committees: list[str]
    in_race: bool | None = None
    summary: SummaryFigures | None = None
    identical: bool | None = None


class CommitteeLink(Shape):
    cand_id: str
    cmte_id: str
    designation: str | None
    basis: str | None


class PeriodicOutside(Shape):
    support: FigureJSON
    oppose: FigureJSON
    unknown: FigureJSON


class Outside(Shape):
    """Outside spending for, against and about a candidate, each IE counted once."""

    support: FigureJSON
    oppose: FigureJSON
    unknown: FigureJSON
    periodic: PeriodicOutside


class ItemizedCoverage(Shape):
    itemized: FigureJSON
    reported: FigureJSON
    text: str
    complete: bool


class CommitteeGift(Shape):
    """Committee money to a candidate's committees, per giver and category (itpas2)."""

    to_cand_id: str
    cmte_id: str
    giver_name: str | None
    giver_type: str | None
    category: str
    amount: Money
    rows: int
    first_date: dt.date | None
    last_date: dt.date | None
    quirks: list[str]
    row_refs: Refs


class IERow(Shape):
    """Independent expenditures of one spender for or against one candidate, each counted once."""

    cand_id: str | None
    spe_id: str | None
    support_oppose: str
    spender_name: str | None
    candidate_name: str | None
    amount: Money | None
    periodic_amount: Money | None
    notices: int
    superseded: int
    superseded_amount: Money | None
    first_date: dt.date | None
    last_date: dt.date | None
    row_refs: Refs | None
    periodic_refs: Refs | None
    superseded_refs: Refs | None


class PersonLink(Shape):
    a: str
    b: str
    reason: str


class Margin(Shape):
    votes: int | None
    points: float | None


class Match(Row):
    status: str
    reason: str | None = None


class ContestCandidate(Shape):
    """One candidate's line in a contest: votes, share, rank, the FEC id it was matched to."""

    stage: str
    special: bool
    source_kind: str
    candidate: str | None
    party_key: str | None
    source_file: str | None
    party: str | None
    votes: int | None
    fec_cand_id: str | None
    outcome: str | None
    writein: bool | None
    unofficial: bool | None
    source_share: str | None  # as the source printed it ("57% of party vote"), never used as a share
    row_refs: Refs
    rank: int | None
    share: float | None
    cand_id: str | None
    match: Match | None
    result: str | None
    # set on a race page: the person's run, their money and outside spending beside the votes
    person_cand_id: str | None = None
    receipts: FigureJSON | None = None
    outside: Outside | None = None
    dollars_per_vote: FigureJSON | None = None


class Contest(Shape):
    """One stage of one election (primary, general, runoff): who ran, votes, margin, who advanced."""

    year: int
    stage: str
    special: bool
    source_kind: str
    source_files: list[str]
    load_ids: list[int]
    total_votes: int | None
    rule: str | None
    rule_text: str | None
    margin: Margin | None
    candidates: list[ContestCandidate]
    other_sources: list[Any]
    notes: list[str]
    district_note: str | None


class StoryPiece(Shape):
    text: str
    path: str | None


class DonorRow(Row):
    """A resolved donor (or organization) with the rows behind the total."""

    amount: Money | None = None
    row_refs: Refs = []


class TopDonorsReport(Shape):
    """The top resolved donors and organizations of a committee set (a candidate, a race, a network)."""

    committees: list[str]
    donors: list[DonorRow]
    organizations: list[DonorRow]
    notes: list[str]


# -- the race -----------------------------------------------------------------------------------


class RaceCandidate(Shape):
    """One person in the race: this cycle's run, the ids behind it, their money as figures."""

    cand_id: str
    name: str | None
    party: str | None
    ici: str | None
    status: str | None
    election_yr: int | None
    pcc: str | None
    cn_ref: str | None
    state: str | None
    district: str | None
    cvg_end_dt: dt.date | None
    summary_kind: str | None
    summary_ref: str | None
    person_id: str
    notes: list[str]
    summary: SummaryFigures
    other_ids: list[OtherId]
    counted_under: str | None = None
    committees: list[CommitteeLink]
    outside: Outside
    committee_money: dict[str, FigureJSON]
    itemized_coverage: ItemizedCoverage | None


class RaceReport(Shape):
    """A race in a cycle: its candidates' money, committee money, outside spending, results, story."""

    synthetic: bool
    race: str
    title: str
    cycle: int
    candidates: list[RaceCandidate]
    committee_money: list[CommitteeGift]
    independent_expenditures: list[IERow]
    results: list[Contest]
    donors: TopDonorsReport
    notes: list[str]
    definitions: Texts
    story: list[list[StoryPiece]]


# -- the candidate, their career -------------------------------------------------------------------


class SummarySource(Shape):
    kind: str | None
    cvg_end_dt: dt.date | None
    row_ref: str


class CandidateReport(Shape):
    """A candidate's run in a cycle, from any of the person's ids."""

    cand_id: str
    asked: str
    person_id: str
    other_ids: list[OtherId]
    cycle: int
    name: str | None
    party: str | None
    race: str | None
    ici: str | None
    election_yr: int | None
    pcc: str | None
    cn_ref: str | None
    committees: list[CommitteeLink]
    summary: SummaryFigures
    summary_source: SummarySource | None
    committee_money: list[CommitteeGift]
    committee_money_totals: dict[str, FigureJSON]
    itemized_coverage: ItemizedCoverage | None
    independent_expenditures: list[IERow]
    outside: Outside
    donors: TopDonorsReport
    person_links: list[PersonLink]
    notes: list[str]
    definitions: Texts


class PersonId(Shape):
    cand_id: str
    name: str | None
    office: str | None
    races: list[str]
    cycles: list[int]
    election_years: list[int]
    committees: list[str]


class CareerResult(Shape):
    year: int
    stage: str
    special: bool
    votes: int | None
    share: float | None
    result: str | None
    source_kind: str
    cand_id: str
    row_refs: Refs


class CareerCycle(Shape):
    """One cycle of a career: the id that ran, the race, money (counted once) and results."""

    cycle: int
    cand_id: str
    race: str | None
    party: str | None
    receipts: FigureJSON
    disbursements: FigureJSON
    cash_on_hand: FigureJSON
    counted_under: str | None
    outside_support: FigureJSON
    outside_oppose: FigureJSON
    results: list[CareerResult]
    notes: list[str]


class CareerReport(Shape):
    """A person's career from any of their ids: every cycle's run, receipts and results."""

    person_id: str
    name: str | None
    state: str | None
    asked: str
    ids: list[PersonId]
    races: list[str]
    cycles: list[CareerCycle]
    links: list[PersonLink]
    notes: list[str]
    definitions: Texts


class PersonReport(Shape):
    """A person whose filed name agrees with a search (Trail.persons)."""

    person_id: str
    name: str | None
    state: str | None
    ids: list[PersonId]
    races: list[str]
    cycles: list[int]
    links: list[PersonLink]


# -- committees ----------------------------------------------------------------------------------


class CommitteeGiven(Shape):
    cand_id: str | None
    other_id: str | None
    category: str
    recipient_name: str | None
    amount: Money
    rows: int
    row_refs: Refs


class IETotals(Shape):
    support: MoneyOrZero
    oppose: MoneyOrZero
    unknown: MoneyOrZero
    periodic: dict[str, MoneyOrZero]


class CommitteeFiling(Shape):
    filing_id: int
    form_type: str | None
    report_code: str | None
    report_type: str | None
    coverage_from: dt.date | None
    coverage_through: dt.date | None
    date_signed: dt.date | None
    receipts: Money | None
    disbursements: Money | None
    cash_on_hand_close: Money | None
    current: bool
    superseded_by: int | None
    row_ref: str


class CommitteeReport(Shape):
    """A committee in a cycle: its summary (webk), gifts to candidates, IEs, its own filings."""

    cmte_id: str
    cycle: int
    name: str | None
    type: str | None
    designation: str | None
    party: str | None
    connected_org: str | None
    cand_id: str | None
    cm_ref: str | None
    summary: Row
    summary_ref: str | None
    summary_figures: dict[str, FigureJSON]
    given_to_candidates: list[CommitteeGiven]
    given_totals: dict[str, MoneyOrZero]
    independent_expenditures: list[IERow]
    ie_totals: IETotals
    filings: list[CommitteeFiling]
    notes: list[str]
    definitions: Texts


# -- networks ----------------------------------------------------------------------------------------


class NetworkFigures(Shape):
    """The four network figures, never silently summed."""

    direct: FigureJSON
    earmarked: FigureJSON
    ie_support: FigureJSON
    ie_oppose: FigureJSON


class ByCommittee(Shape):
    cmte_id: str
    figure: str
    amount: Money
    rows: int
    row_refs: Refs = []
    both_sides: int | None = None
    conduit_only: int | None = None
    refunds: int | None = None


class NetworkCommittee(Shape):
    cmte_id: str
    name: str | None
    roles: list[str]
    direct: FigureJSON
    earmarked: FigureJSON
    ie_support: FigureJSON
    ie_oppose: FigureJSON
    summary: Row | None = None
    summary_ref: str | None = None


class NetworkRace(Shape):
    race: str | None
    direct: FigureJSON
    earmarked: FigureJSON
    ie_support: FigureJSON
    ie_oppose: FigureJSON
    received_total: FigureJSON
    supported: list[str]
    opposed: list[str]


class NetworkCandidate(Shape):
    cand_id: str
    direct: FigureJSON
    earmarked: FigureJSON
    ie_support: FigureJSON
    ie_oppose: FigureJSON
    direct_refs: Refs
    earmarked_refs: Refs
    ie_support_refs: Refs
    ie_oppose_refs: Refs
    by_committee: list[ByCommittee]
    received_total: FigureJSON
    name: str | None = None
    party: str | None = None
    race: str | None = None


class PartyRecipients(Shape):
    candidates: int
    received_total: FigureJSON
    cand_ids: list[str]


class RecordMoney(Shape):
    received: FigureJSON
    ie_support: FigureJSON
    ie_oppose: FigureJSON


class RecordCandidate(Shape):
    """A candidate the network backed or opposed, and how their latest general election went."""

    cand_id: str
    name: str | None
    party: str | None
    race: str | None
    sides: list[str]
    money: RecordMoney
    result: str | None
    stage: str | None = None
    votes: int | None = None
    share: float | None = None
    margin: Margin | None = None
    against: str | None = None
    missing: str | None = None
    result_refs: Refs = []


class NetworkRecord(Shape):
    year: int
    tally: str
    candidates: list[RecordCandidate]
    missing: dict[str, str]
    definition: str


class NetworkReport(Shape):
    """Money from or through one network in a cycle: by role, committee, race, candidate and party."""

    network: str
    name: str
    description: str | None
    aliases: list[str]
    cycle: int
    registry: str | None
    committees: list[NetworkCommittee]
    by_role: dict[str, NetworkFigures]
    totals: NetworkFigures
    recipients_by_party: dict[str, PartyRecipients]
    races: list[NetworkRace]
    candidates: list[NetworkCandidate]
    earmarked_to_other_committees: list[Row]
    notes: list[str]
    synthetic: bool
    record: NetworkRecord
    definitions: Texts


class RegistryMember(Shape):
    cmte_id: str
    name: str | None
    roles: list[str]
    source: str | None
    first_cycle: int | None
    verified: bool


class NetworkListing(Shape):
    """One network of the registry (Trail.networks_list)."""

    network: str
    name: str
    aliases: list[str]
    description: str | None
    registry: str | None
    committees: list[RegistryMember]


class RegistryCheck(Shape):
    network: str
    cmte_id: str
    registry_name: str | None
    roles: list[str]
    cycle: int
    status: str
    cm_name: str | None
    cm_type: str | None
    cm_designation: str | None
    cm_ref: str | None
    verified: bool
    source: str | None


class NetworksCheckReport(Shape):
    """Every registry committee id against each loaded cycle's committee master."""

    synthetic: bool
    checks: list[RegistryCheck]
    flagged: int
    notes: list[str]


class NetworkShare(Shape):
    network: str
    name: str
    direct: FigureJSON
    earmarked: FigureJSON
    ie_support: FigureJSON
    ie_oppose: FigureJSON
    direct_refs: Refs
    earmarked_refs: Refs
    ie_support_refs: Refs
    ie_oppose_refs: Refs
    by_committee: list[ByCommittee]
    received_total: FigureJSON


class SourceState(Shape):
    status: Status
    files: list[str]
    through: dt.date | None
    missing: str | None


class SmallDollar(Shape):
    cand_id: str
    summary_indiv: FigureJSON
    summary_ref: str | None
    summary_through: dt.date | None
    gifts: int | None
    earmarked_rows: FigureJSON
    rows_200_or_less: FigureJSON
    unitemized_estimate: FigureJSON
    small_dollar_share: FigureJSON
    itemized_amount: FigureJSON


class TopOrganization(Shape):
    organization: str
    amount: Money
    gifts: int
    employers: list[str]
    row_refs: Refs


class CandidateNetworksReport(Shape):
    """Per registry network: a candidate's money from or through it; small dollars; donors' employers."""

    cand_id: str
    cycle: int
    synthetic: bool
    networks: list[NetworkShare]
    sources: dict[str, SourceState]
    small_dollar: SmallDollar
    top_organizations: list[TopOrganization]
    notes: list[str]
    definitions: Texts


# -- filings ---------------------------------------------------------------------------------------


class FilingRow(Shape):
    """A filing's cover row as the model reads it (model/filings.py ``filings``)."""

    filing_id: int
    load_id: int
    cycle: int | None
    line_no: int
    form_type: str | None
    form: str | None
    amendment_ind: str | None
    amends_filing_id: int | None
    amendment_number: int | None
    version: str | None
    software: str | None
    received_date: dt.date | None
    source: str | None
    filer_id: str | None
    filer_name: str | None
    report_code: str | None
    report_type: str | None
    election_code: str | None
    election_date: dt.date | None
    election_state: str | None
    election_district: str | None
    coverage_from: dt.date | None
    coverage_through: dt.date | None
    original_amendment_date: dt.date | None
    date_signed: dt.date | None
    receipts: Money | None
    disbursements: Money | None
    cash_on_hand_close: Money | None
    debts_owed_by: Money | None
    indiv_itemized: Money | None
    indiv_unitemized: Money | None
    indiv_total: Money | None
    independent_expenditures: Money | None
    row_ref: str
    own_key: str | None
    periodic: bool | None
    report_key: str | None
    current: bool
    superseded_by: int | None


class ChainLink(Shape):
    filing_id: int
    form_type: str | None
    amendment_ind: str | None
    amends_filing_id: int | None
    amendment_number: int | None
    coverage_from: dt.date | None
    coverage_through: dt.date | None
    date_signed: dt.date | None
    current: bool
    superseded_by: int | None
    row_ref: str


class ScheduleTotal(Shape):
    schedule: str
    table: str
    description: str
    record_type: str | None = None
    rows: int
    row_refs: Refs
    amount: Money | None = None
    memo_rows: int | None = None
    memo_amount: Money | None = None


class CoverLine(Shape):
    field: str
    label: str
    value: str | None
    column: str | None


class FilingLinks(Shape):
    fec_file: str
    fec_page: str


class BulkRowsOfFiling(Shape):
    """A bulk table holding rows of this filing (matched on FILE_NUM), and how many."""

    table: str
    description: str
    rows: int


class FilingReport(Shape):
    """One electronic filing: cover, amendment chain, schedules, headline figures, FEC links."""

    synthetic: bool
    filing: FilingRow
    cover: dict[str, Any]
    header: dict[str, Any]
    chain: list[ChainLink]
    current_filing_id: int | None
    amends: int | None
    amended_by: list[int]
    schedules: list[ScheduleTotal]
    figures: list[CoverFigure]
    cover_lines: list[CoverLine]
    bulk_rows: list[BulkRowsOfFiling]
    links: FilingLinks
    definitions: Texts


class FilingRowsPage(Shape):
    """One page of a filing's rows in one table (size None: every row)."""

    filing_id: int
    table: str
    page: int
    size: int | None
    sort: str | None
    desc: bool
    total_rows: int
    pages: int
    columns: list[str]
    rows: list[Row]
    labels: dict[str, str]


# -- results, search, donors ---------------------------------------------------------------------------


class ResultsReport(Shape):
    """Every stage of a race in one election year."""

    race: str
    title: str
    year: int
    contests: list[Contest]
    definitions: Texts


class SearchHit(Shape):
    type: Literal["candidate", "committee"]
    id: str
    name: str | None
    cycles: list[int]
    detail: str | None
    party: str | None
    score: float


class DonorLink(Row):
    name_l: str | None = None
    name_r: str | None = None


class Donor(Row):
    """A resolved donor: counted total, contributions, name variants, why the records were merged."""

    donor_id: int
    amount: MoneyOrZero | None
    gifts: int
    contributions: list[Row]
    why_merged: list[DonorLink]


class DonorReport(Shape):
    query: str
    state: str | None
    donors: list[Donor]
    definitions: Texts


class OverlapDonor(Row):
    donor_id: int
    to_a: Money | None
    to_b: Money | None
    row_refs: Refs


class OverlapReport(Shape):
    """Resolved donors who gave to both committee sets."""

    committees_a: list[str]
    committees_b: list[str]
    cycle: int | None
    donors: int
    to_a: Money | None
    to_b: Money | None
    top: list[OverlapDonor]
    definitions: Texts


# -- the claim checker ----------------------------------------------------------------------------------


class Claim(Shape):
    """One claim found in an article: where it is, its stated value, period, who it is about."""

    id: str
    sentence: int
    start: int
    end: int
    hl_start: int
    hl_end: int
    quote: str
    kind: str
    metric: str | None
    value: dict[str, Any] | None = None
    period: dict[str, Any] | None = None
    people: list[Any] = []
    orgs: list[Any] = []
    race: str | None = None
    party: str | None = None
    stage: str | None = None
    not_fec: Any = None
    context: list[Any] = []
    race_hint: str | None = None
    subject: str | None = None
    metric_text: str | None = None


class CheckedClaim(Claim):
    """A claim with its verdict: consistent, inconsistent (every plausible definition known and
    outside the stated range) or cannot check (the reason names the missing or partial file)."""

    verdict: Literal["consistent", "inconsistent", "cannot check"]
    code: str | None = None
    reason: str | None = None
    figures: list[CheckedFigure] = []


class Skipped(Shape):
    sentence: int
    value: str
    why: str


class CheckReport(Shape):
    """Every checkable claim of an article, its verdict, the figures computed and why."""

    date: dt.date | None
    date_basis: str | None
    date_note: str | None
    race: str | None
    claims: list[Claim]
    skipped: list[Skipped]
    notes: list[str]
    dropped_lines: int
    text: str
    summary: dict[str, int]
    results: list[CheckedClaim]
    rules: str
    evaluators: list[str]


# -- the timeline --------------------------------------------------------------------------------------


class TimelineIE(Shape):
    cand_id: str | None
    candidate_name: str | None
    support_oppose: str
    amount: FigureJSON
    first_day: dt.date | None
    last_day: dt.date | None
    standing: list[str]


class TimelineEntry(Shape):
    """One report or notice, by the date it was filed, with what it added."""

    filed: dt.date | None
    kind: str
    filing_id: int | None
    source: str
    form_type: str | None
    filer_id: str | None
    filer_name: str | None
    role: str | None
    coverage_from: dt.date | None
    coverage_through: dt.date | None
    report_code: str | None
    report_type: str | None
    amends: int | None
    current: bool | None
    superseded_by: int | None
    figures: dict[str, FigureJSON]
    ies: list[TimelineIE]
    row_refs: Refs


class TimelineCandidate(Shape):
    cand_id: str
    name: str | None


class TimelineReport(Shape):
    """Every report and notice of a race's candidates and outside spenders, by date filed."""

    synthetic: bool
    race: str
    title: str
    cycle: int
    candidates: list[TimelineCandidate]
    committees: list[str]
    entries: list[TimelineEntry]
    total_entries: int  # the whole timeline's; ``entries`` may be one page of it
    notes: list[str]
    definitions: Texts


class OutsideDay(Shape):
    """Counted independent expenditures of one day for or against one candidate."""

    day: dt.date | None
    cand_id: str | None
    support_oppose: str
    amount: Money | None
    notices: int
    row_refs: Refs


# -- the ledger -----------------------------------------------------------------------------------------


class LoadRow(Shape):
    """One file load in the ledger: rows read = rows loaded + rows rejected."""

    load_id: int
    kind: str
    cycle: int | None
    file_name: str | None
    rows_read: int | None
    rows_loaded: int | None
    rows_rejected: int | None
    rows_warned: int | None
    rows_already_loaded: int | None
    status: str
    started: str | None
    finished: str | None
    sha256: str | None
    path: str | None = None  # not on the web: a server path (web/views.py drops it)
    message: str | None


class RejectRow(Shape):
    """A line not loaded (or loaded with a repair), and why."""

    load_id: int
    file: str | None
    line_no: int | None
    action: str
    reason: str
    column_name: str | None
    value: str | None
    raw_line: str | None


# -- the bridge ---------------------------------------------------------------------------------------------

R = TypeVar("R", bound=BaseModel)


class Answer(dict, Generic[R]):
    """A typed report that also reads as its JSON mapping (see the module docstring).

    ``answer.report`` is the validated model; any other attribute is the report's
    (``answer.candidates[0].summary.ttl_receipts.amount`` is a Decimal); ``answer["candidates"]``
    is the JSON. Read-only by convention: a view that adds to an answer builds a new report.
    """

    __slots__ = ("report",)

    def __init__(self, report: R):
        super().__init__(to_json(report))
        self.report = report

    def __getattr__(self, name: str):
        if name == "report" or name.startswith("__"):  # not set yet (a copy being made); copy/pickle hooks
            raise AttributeError(name)                     # are the mapping's, not the model's
        return getattr(self.report, name)

    def to_json(self) -> dict:
        return dict(self)


def to_json(report: BaseModel) -> dict:
    """The one JSON encoding of a typed answer: exactly the keys it was built with, cents exact."""
    return report.model_dump(mode="json", exclude_unset=True)


_BUILDING = threading.RLock()


def complete(model: type[R]) -> type[R]:
    """``model`` with its validator made. The models are made on first use (``defer_build``, see
    :class:`Shape`), and pydantic's ``model_rebuild`` is not thread-safe: a first use waits for another
    thread's. A server makes them all before it serves (:func:`complete_all`)."""
    if not model.__pydantic_complete__:
        with _BUILDING:
            model.model_rebuild()  # nothing to do when another thread completed it meanwhile
    return model


def complete_all() -> int:
    """Make every answer model now (those of other modules built on these too), before several threads
    answer; how many were made."""
    todo, made = [Shape, Row], 0
    while todo:
        model = todo.pop()
        todo += model.__subclasses__()
        if not model.__pydantic_complete__:
            complete(model)
            made += 1
    return made


def typed(model: type[R], data) -> Answer[R]:
    """``data`` (an answer as JSON-ready dict) validated as ``model``: a wrong shape raises here."""
    return Answer(complete(model).model_validate(dict(data)))


def extend(model: type[R], answer: Answer, **more) -> Answer[R]:
    """``answer`` with more fields, as ``model`` (a subclass of its report): the answer's parts are taken
    as already typed (pydantic does not validate a model instance again), only ``more`` is validated."""
    base = answer.report
    return Answer(complete(model).model_validate({**{k: getattr(base, k) for k in base.model_fields_set}, **more}))


_ADAPTERS: dict[type, TypeAdapter] = {}


def typed_rows(model: type[R], rows) -> list[Answer[R]]:
    """A list answer (search hits, loads, rejects, ...): each row typed and readable as its mapping."""
    adapter = _ADAPTERS.get(model)
    if adapter is None:
        with _BUILDING:
            adapter = _ADAPTERS[model] = TypeAdapter(list[complete(model)])
    return [Answer(r) for r in adapter.validate_python([dict(r) for r in rows])]
