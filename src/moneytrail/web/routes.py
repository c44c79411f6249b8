"""The route table: one declaration per page, read by web/app.py to register its routes.

A page is a path, a view (web/views.py), a template, and the typed answer of its JSON twin, served
at the same path plus ``.json`` (``/race/CA-34/2024.json``) from the same view. Parameters arrive as
text and become the view's arguments here, where a bad one is a 400 (or a 404 for a page that does
not exist) before any work. The article checker (a form) and the SQL sandbox are not pages: app.py
declares them itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import Query
from pydantic import BaseModel

from ..errors import NotFound
from ..model import reports as R
from . import views
from .errors import BadRequest


def cycle_of(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 4:
        raise BadRequest(f"{text!r} is not a cycle; use an even year such as 2024")
    return int(text)


def year_of(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 4:
        raise BadRequest(f"{text!r} is not a year")
    return int(text)


def filing_id_of(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 12:
        raise BadRequest(f"{text!r} is not an FEC filing number (digits, e.g. 1550548)")
    return int(text)


def _figure_page(view_name: str, b: str) -> int:
    if view_name not in views.FIGURE_PAGES:
        raise NotFound(f"no page {view_name!r}")
    if not (b.isascii() and b.isdigit()) or len(b) > 4:
        raise BadRequest(f"{b!r} is not a cycle or year")
    return int(b)


@dataclass(frozen=True, eq=False)
class Page:
    """One page: ``path`` serves HTML from ``template``; ``path + ".json"`` (or ``json_path``) serves
    ``answer``, the view's typed answer, as JSON; ``csv`` (optional) a view of every row as CSV."""

    path: str
    view: Callable
    template: str
    summary: str
    answer: type[BaseModel]
    args: Callable[..., tuple] = lambda: ()  # the request's parameters -> the view's arguments
    query: Mapping[str, tuple[type, Any]] = field(default_factory=dict)  # name -> (type, default or Query)
    json_path: str | None = None
    csv: Callable | None = None
    cached: bool = True  # one answer per arguments for the life of the server (the store cannot change)
    errors: tuple[int, ...] = (400, 404, 503)
    doing: str = "this page"  # what the time budget's 503 says was stopped
    charts: Callable[[Any], list] | None = None
    context: Callable[..., dict] | None = None  # extra template names from the view's arguments

    @property
    def json(self) -> str:
        return self.json_path or self.path + ".json"

    @property
    def path_params(self) -> list[str]:
        return re.findall(r"{(\w+)}", self.path)


_ROWS_QUERY = {"page": (int, Query(1, ge=1)), "sort": (str, ""), "desc": (bool, False)}

PAGES: tuple[Page, ...] = (
    Page("/", views.home, "home.html", "Home: what is loaded, and a search box", views.HomePage,
         json_path="/index.json", errors=(503,)),
    Page("/search", views.search, "search.html", "Search candidates and committees", views.SearchPage,
         args=lambda q: (q.strip(),), query={"q": (str, "")}, errors=(400, 503), context=lambda q: {"query": q}),
    Page("/donor", views.donor, "donor.html", "A resolved donor: contributions, variants, why merged", R.DonorReport,
         args=lambda name, state: (name.strip().upper(), state.strip().upper()),
         query={"name": (str, Query(..., min_length=2)), "state": (str, "")}),
    Page("/race/{key}/{cycle}", views.race, "race.html", "A race: candidates, money, outside spending, results",
         views.RacePage, args=lambda key, cycle: (key.upper(), cycle_of(cycle)), charts=views.race_charts),
    Page("/timeline/{key}/{cycle}", views.timeline, "timeline.html",
         "A race's reports and IE notices by date filed, newest first, a page at a time", views.TimelinePage,
         args=lambda key, cycle, page: (key.upper(), cycle_of(cycle), page), query={"page": (int, Query(1, ge=1))},
         cached=False, doing="this page of the timeline"),
    Page("/candidate/{cand_id}/{cycle}", views.candidate, "candidate.html",
         "A candidate: committees, summary, committee money, outside", views.CandidatePage,
         args=lambda cand_id, cycle: (cand_id.upper(), cycle_of(cycle)), charts=views.candidate_charts),
    Page("/career/{cand_id}", views.career, "career.html",
         "A candidate's career from any of their ids: ids, offices, receipts, results", R.CareerReport,
         args=lambda cand_id: (cand_id.upper(),)),
    Page("/committee/{cmte_id}/{cycle}", views.committee, "committee.html",
         "A committee: summary, gifts to candidates, IEs", R.CommitteeReport,
         args=lambda cmte_id, cycle: (cmte_id.upper(), cycle_of(cycle))),
    Page("/network/{name}/{cycle}", views.network, "network.html",
         "A network: by committee and role, races, candidates, by party", R.NetworkReport,
         args=lambda name, cycle: (name.upper(), cycle_of(cycle)), charts=views.network_charts),
    Page("/networks/{cand_id}/{cycle}", views.networks, "networks.html",
         "A candidate's money from or through each registry network", views.NetworksPage,
         args=lambda cand_id, cycle: (cand_id.upper(), cycle_of(cycle))),
    Page("/filing/{filing_id}", views.filing, "filing.html",
         "An electronic filing: cover figures, amendment chain, schedules", R.FilingReport,
         args=lambda filing_id: (filing_id_of(filing_id),)),
    Page("/filing/{filing_id}/rows/{table}", views.filing_rows, "filing_rows.html",
         "A filing's rows in one table: paginated, sortable (.json, .csv for every row)", R.FilingRowsPage,
         args=lambda filing_id, table, page, sort, desc: (filing_id_of(filing_id), table, page, sort, desc),
         query=_ROWS_QUERY, csv=views.filing_rows_csv, cached=False, doing="this filing's rows"),
    Page("/results/{key}/{year}", views.results, "results.html", "Election results of a race in a year",
         R.ResultsReport, args=lambda key, year: (key.upper(), year_of(year))),
    Page("/rows/{view_name}/{a}/{b}", views.rows, "rows.html", "The source rows behind one figure of a page",
         views.RowsPage,
         args=lambda view_name, a, b, path, page, sort, desc: (view_name, a.upper(), _figure_page(view_name, b),
                                                               path, page, sort, desc),
         query={"path": (str, Query(...)), **_ROWS_QUERY}, csv=views.rows_csv, cached=False,
         doing="the rows behind this figure"),
)
