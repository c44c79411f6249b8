"""Views: what each page shows, shaped from Trail's answers for its template and its JSON twin.

A view asks the request's :class:`~moneytrail.trail.Trail` (never the model or the store) and returns
a typed page (an :class:`~moneytrail.model.reports.Answer`): the template reads it as a mapping, the
JSON twin is its JSON. A page that builds on another (the candidate page shows the career) reads it
through ``ctx.ask``, which goes through the server's view cache. Answers carry file names, never the
server's paths.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel

from ..errors import NotFound
from ..model import reports as R
from ..model.figures import show
from ..trail import Trail
from . import charts
from .errors import BadRequest

PAGE_SIZE = 50
RACE_TIMELINE = 50  # the race page shows the newest entries of its timeline; /timeline/<race>/<cycle> has them all
PATH_KEYS = ("registry", "source_file", "path", "source")  # answer fields that may hold a server path


@dataclass
class Ctx:
    """What a view works with: this request's Trail and the other views' answers (cached)."""

    trail: Trail
    ask: Callable[..., Any]  # ask(view, *args): another view's answer, through the view cache


# -- the pages' typed answers (a report plus what the page adds) ------------------------------------


class Notices(R.Shape):
    """The newest entries of the race's timeline (``total`` in all; every one at ``all_path``)."""

    entries: list[R.TimelineEntry]
    total: int
    all_path: str
    notes: list[str]


class TimelinePage(R.TimelineReport):
    """One page of a race's timeline, newest first."""

    page: int
    pages: int
    size: int
    race_path: str


class RacePage(R.RaceReport):
    """The race report, the outside spending per day (notices) and the race's reports and notices."""

    timeline: list[R.OutsideDay]
    reports_and_notices: Notices
    race_path: str


class CandidatePage(R.CandidateReport):
    """The candidate's run in a cycle and the person's career beside it."""

    career: R.CareerReport


class NetworksPage(R.CandidateNetworksReport):
    candidate: str | None


class SearchPage(R.Shape):
    query: str
    hits: list[R.SearchHit]


class HomeLoad(R.LoadRow):
    """A ledger row as the web shows it: the file name, never where the file sat on the loading machine."""

    path: None = None  # a server path here is a wrong shape

class HomePage(R.Shape):
    synthetic: bool
    loads: list[HomeLoad]


class FigureAt(R.Shape):
    page: str
    path: str


class RowsPage(R.Shape):
    """One page of the source rows behind one figure of a page."""

    figure: FigureAt
    total_rows: int
    page: int
    pages: int
    sort: str
    desc: bool
    rows: list[R.Row]


class SqlAnswer(R.Shape):
    """A read-only query's answer from the sandbox (web/sandbox.py)."""

    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool
    message: str
    limits: dict[str, Any]


@dataclass(frozen=True)
class CsvBody:
    filename: str
    columns: list[str]
    rows: list[dict]


def page(model: type[BaseModel], data: dict) -> R.Answer:
    return R.typed(model, data)


# -- the views -----------------------------------------------------------------------------------------


def home(ctx: Ctx) -> R.Answer[HomePage]:
    t = ctx.trail
    return page(HomePage, {"synthetic": t.synthetic, "loads": [_load_without_path(r) for r in t.loads()]})


def search(ctx: Ctx, q: str) -> R.Answer[SearchPage]:
    return page(SearchPage, {"query": q, "hits": ctx.trail.search(q, limit=50) if q else []})


def donor(ctx: Ctx, name: str, state: str) -> R.Answer[R.DonorReport]:
    return ctx.trail.donor(name, state or None)


def race(ctx: Ctx, key: str, cycle: int) -> R.Answer[RacePage]:
    t = ctx.trail
    rep = t.race(key, cycle)
    filed = t.timeline(key, cycle, limit=RACE_TIMELINE, newest_first=True)
    return R.extend(RacePage, rep, timeline=t.outside_by_day(cycle, [c.cand_id for c in rep.candidates]),
                    reports_and_notices={"entries": filed["entries"], "total": filed["total_entries"],
                                         "all_path": f"/timeline/{rep.race}/{cycle}", "notes": filed["notes"]},
                    race_path=f"{rep.race}/{cycle}")


def timeline(ctx: Ctx, key: str, cycle: int, number: int) -> R.Answer[TimelinePage]:
    rep = ctx.trail.timeline(key, cycle, limit=PAGE_SIZE, page=number, newest_first=True)  # past the end: NotFound
    pages = max(1, -(-rep["total_entries"] // PAGE_SIZE))
    return R.extend(TimelinePage, rep, page=number, pages=pages, size=PAGE_SIZE, race_path=f"{rep['race']}/{cycle}")


def candidate(ctx: Ctx, cand_id: str, cycle: int) -> R.Answer[CandidatePage]:
    ctx.trail.require_candidate(cand_id, cycle)
    rep = ctx.trail.candidate(cand_id, cycle)
    return R.extend(CandidatePage, rep, career=ctx.ask(career, rep.cand_id).report)


def career(ctx: Ctx, cand_id: str) -> R.Answer[R.CareerReport]:
    return ctx.trail.career(cand_id)


def committee(ctx: Ctx, cmte_id: str, cycle: int) -> R.Answer[R.CommitteeReport]:
    return ctx.trail.committee(cmte_id, cycle)


def results(ctx: Ctx, key: str, year: int) -> R.Answer[R.ResultsReport]:
    return ctx.trail.results(key, year)


def network(ctx: Ctx, name: str, cycle: int) -> R.Answer[R.NetworkReport]:
    return page(R.NetworkReport, _no_paths(ctx.trail.network(name, cycle)))


def networks(ctx: Ctx, cand_id: str, cycle: int) -> R.Answer[NetworksPage]:
    who = ctx.ask(candidate, cand_id, cycle)["name"]  # an unknown id stops here, cheaply, and is cached
    return page(NetworksPage, _no_paths({**ctx.trail.candidate_networks(cand_id, cycle), "candidate": who}))


def filing(ctx: Ctx, filing_id: int) -> R.Answer[R.FilingReport]:
    return page(R.FilingReport, _no_paths(ctx.trail.filing(filing_id)))  # the cover row names its source file


def filing_rows(ctx: Ctx, filing_id: int, table: str, number: int, sort: str,
                desc: bool) -> R.Answer[R.FilingRowsPage]:
    return ctx.trail.filing_rows(filing_id, table, page=number, size=PAGE_SIZE, sort=sort or None, desc=desc)


def filing_rows_csv(ctx: Ctx, filing_id: int, table: str, number: int, sort: str, desc: bool) -> CsvBody:
    body = ctx.trail.filing_rows(filing_id, table, page=number, size=None, sort=sort or None, desc=desc)
    return CsvBody(f"filing-{filing_id}-{table}.csv", body["columns"], body["rows"])


# the pages whose figures link to their rows (/rows/<page>/<a>/<b>?path=...)
FIGURE_PAGES: dict[str, Callable] = {"race": race, "candidate": candidate, "committee": committee,
                                     "results": results, "network": network, "networks": networks}


def rows_url(view_name: str, args: tuple) -> Callable[[str], str] | None:
    """For a page whose figures link to their rows, ``path -> /rows/<page>/<a>/<b>?path=...`` (the JSON's
    ``X_url``, see model/reports.py ``capped``); None for any other page."""
    if view_name not in FIGURE_PAGES:
        return None
    a, b = quote(str(args[0]), safe=""), args[1]
    return lambda path: f"/rows/{view_name}/{a}/{b}?path={quote(path, safe='')}"


def figure_rows(ctx: Ctx, view_name: str, a: str, b: int, path: str, sort: str, desc: bool) -> list[dict]:
    """Every source row behind one figure of a page, each with its table, sorted as asked."""
    data = ctx.ask(FIGURE_PAGES[view_name], a, b)
    tables = ctx.trail.rows(_resolve(data, path), limit=100_000)
    flat = [_no_paths(dict(table=name, **r)) for name, rs in tables.items() for r in rs]
    if sort:
        if flat and sort not in flat[0]:
            raise BadRequest(f"cannot sort by {sort!r}")
        flat.sort(key=lambda r: (r.get(sort) is None, _sort_key(r.get(sort))), reverse=desc)
    return flat


def rows(ctx: Ctx, view_name: str, a: str, b: int, path: str, number: int, sort: str,
         desc: bool) -> R.Answer[RowsPage]:
    flat = figure_rows(ctx, view_name, a, b, path, sort, desc)
    return page(RowsPage, {"figure": {"page": f"/{view_name}/{a}/{b}", "path": path}, "total_rows": len(flat),
                           "page": number, "pages": max(1, -(-len(flat) // PAGE_SIZE)), "sort": sort, "desc": desc,
                           "rows": flat[(number - 1) * PAGE_SIZE: number * PAGE_SIZE]})


def rows_csv(ctx: Ctx, view_name: str, a: str, b: int, path: str, number: int, sort: str, desc: bool) -> CsvBody:
    flat = figure_rows(ctx, view_name, a, b, path, sort, desc)
    columns = list(dict.fromkeys(k for r in flat for k in r))  # rows of several tables: every column once
    return CsvBody(f"{view_name}-{a}-{b}.csv", columns, flat)


# -- charts: drawn from a page's answer ----------------------------------------------------------------


def race_charts(d) -> list:
    return [charts.outside_by_spender(d), charts.spending_over_time(d, d["timeline"]),
            charts.receipts_by_source(d["candidates"]), *[charts.results_beside_money(x) for x in d["results"]],
            charts.reports_and_notices(d["reports_and_notices"]["entries"], d["reports_and_notices"]["total"])]


def candidate_charts(d) -> list:
    return [charts.receipts_by_source([d]), charts.career_money(d["career"]), charts.career_results(d["career"])]


def network_charts(d) -> list:
    return [charts.network_flow(d)]


# -- helpers ----------------------------------------------------------------------------------------------


def money(v) -> str:
    """The one rendering of a figure or amount (model/figures.py ``show``): "not loaded (file)", coverage."""
    return show(v)


def highlight(rep) -> list[dict]:
    """The article text cut into plain pieces and claim pieces (the stated value), for the template
    to escape piece by piece: no article text is ever marked safe."""
    text = rep["text"]
    pieces, pos = [], 0
    for r in sorted(rep["results"], key=lambda r: r["hl_start"]):
        a, b = r["hl_start"], r["hl_end"]
        if a < pos or b > len(text):
            continue
        pieces.append({"text": text[pos:a], "claim": None})
        pieces.append({"text": text[a:b], "claim": r["id"], "verdict": r["verdict"]})
        pos = b
    pieces.append({"text": text[pos:], "claim": None})
    return pieces


def _no_paths(data):
    """The answer with every server path (a registry file, a source file) cut to its file name."""
    if isinstance(data, dict):
        return {k: os.path.basename(v) if k in PATH_KEYS and isinstance(v, str) and os.path.isabs(v)
                else _no_paths(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_no_paths(x) for x in data]
    return data


def _load_without_path(load) -> dict:
    """A ledger row for the web: its file name, not where the file sat on the loading machine."""
    path = load.get("path") or ""
    out = {k: v for k, v in load.items() if k != "path"}
    if path and isinstance(out.get("message"), str):
        out["message"] = out["message"].replace(path, os.path.basename(path))
    return out


def _sort_key(value):
    """Exact amounts arrive as strings ("1000.00"): sort them as numbers, other text as text."""
    if isinstance(value, str):
        try:
            return (0, Decimal(value), "")
        except ArithmeticError:
            return (1, Decimal(0), value)
    return (0, value, "") if value is not None else (1, Decimal(0), "")


def _resolve(data, path: str) -> list[str]:
    """'committee_money.3.row_refs' -> that list of row references in the view's answer."""
    node = data
    for part in path.split("."):
        try:
            node = node[int(part)] if isinstance(node, list) else node[part]
        except (KeyError, IndexError, ValueError, TypeError):
            raise NotFound(f"no figure {path!r} on this page") from None
    if isinstance(node, str):
        node = [node]
    if not isinstance(node, list) or not all(isinstance(x, str) for x in node):
        raise NotFound(f"{path!r} is not a list of row references")
    return node
