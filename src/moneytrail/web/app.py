"""The web app: every page has a JSON twin at the same path + ``.json``, built by the same view.

The store is opened read-only; each request works on its own cursor. Because nothing can write
to the file while it is served, a view's answer, or its refusal (an unknown id), is cached for the
life of the process. Every request has a time budget (web/budget.py): past it, its queries are
stopped and it answers 503. No user SQL unless the app is started with ``allow_sql``, and then in a
sandbox of its own (web/sandbox.py). Answers carry file names, never the server's paths.
"""

from __future__ import annotations

import csv
import io
import os
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import asynccontextmanager, contextmanager
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, File, Form, Query, Request, UploadFile
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel

from ..errors import MoneytrailError, NotFound
from ..model import ies as mies
from ..model.base import records
from ..model.figures import show
from ..model.keys import RaceKey
from ..sources.layouts import LAYOUTS
from ..store.store import Store
from ..trail import Trail, _plain
from . import charts
from .budget import SECONDS as BUDGET_SECONDS
from .budget import Budget, ViewCache
from .errors import BadRequest, OverBudget
from .sandbox import SECONDS as SQL_SECONDS
from .sandbox import Sandbox

__all__ = ["BadRequest", "OverBudget", "create_app"]

HERE = Path(__file__).parent
PAGE_SIZE = 50
SHUTDOWN_SECONDS = 2  # on SIGTERM, requests in flight get this long before their work is stopped
CHECKERS = 2  # articles checked at once; more are told to come back (each can take seconds of CPU)
PATH_KEYS = ("registry", "source_file", "path")  # answer fields that may hold a server path


class ErrorBody(BaseModel):
    error: str
    suggestions: list[str] = []
    status: int


def _errors(*codes: int) -> dict:
    """OpenAPI declarations of the error statuses a route answers (all in :class:`ErrorBody`)."""
    what = {400: "a bad key, cycle, year or query", 404: "no such race, candidate, committee, figure or page",
            503: "over the per-request time budget, busy, or shutting down"}
    return {c: {"model": ErrorBody, "description": what[c]} for c in codes}


PAGE_ERRORS = _errors(400, 404, 503)


def create_app(db: str | Path, allow_sql: bool = False, budget_seconds: float = BUDGET_SECONDS,
               sql_seconds: float = SQL_SECONDS, cache: bool = True) -> FastAPI:
    """``cache=False`` keeps no answer or page (the benchmark's cold case: every request computes its view)."""
    db = Path(db)
    root = Store(db, read_only=True).con
    # user SQL runs in a DuckDB process of its own: nothing it does reaches `root`, which serves the pages
    sandbox = Sandbox(db, seconds=sql_seconds) if allow_sql else None
    budget = Budget(budget_seconds)
    views = ViewCache() if cache else ViewCache(maxsize=0)
    checkers = ThreadPoolExecutor(CHECKERS, thread_name_prefix="moneytrail-check")
    checking = threading.BoundedSemaphore(CHECKERS)

    def stop_work() -> None:
        """Stop whatever is running and refuse new work: a SIGTERM is not held up by a long view."""
        budget.close()
        checkers.shutdown(wait=False, cancel_futures=True)
        if sandbox is not None:
            sandbox.close()

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        stop_work()

    app = FastAPI(
        title="moneytrail",
        description="Follow the money in US federal elections. Every HTML page has a JSON twin at the same path "
        "with .json; every figure carries references to the source rows behind it.",
        version="0.1.0",
        docs_url=None,  # served below from the package's own copy of Swagger UI: the docs work offline
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.stop_work = stop_work
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters["money"] = money
    local = threading.local()

    def trail() -> Trail:
        if not hasattr(local, "trail"):
            local.trail = Trail.over(Store.over(root.cursor(), db))
        return local.trail

    @contextmanager
    def bounded(what: str = "this page") -> Iterator[None]:
        """The body within this request's time budget, on this thread's cursor."""
        with budget.limit(trail().store.con, what=what) as req:
            local.req = req
            try:
                yield
            finally:
                local.req = None

    def view(name: str, *args):
        """A view's answer or refusal, computed once (see ViewCache)."""
        req = getattr(local, "req", None)
        wait = budget.remaining(req) if req is not None else budget.seconds
        return views.get((name, *args), lambda: compute(name, *args), wait)

    def known_candidate(cand_id: str, cycle: int) -> None:
        """One small query before any model work: an id in no candidate table of any cycle is unknown.
        The model's own check (Trail.candidate) compiles and runs several Ibis queries first, which
        under a stream of made-up ids is most of the server's time; this is plain SQL, and so are the
        suggestions (the ids within two edits, as Trail._id_suggestions finds them on any engine)."""
        tables = [LAYOUTS[k].table for k in ("cn", "weball", "webl")]
        sql = " UNION ALL ".join(f"(SELECT 1 FROM {t} WHERE cand_id = $id LIMIT 1)" for t in tables)
        con = trail().store.con
        if con.execute(sql, {"id": cand_id}).fetchall():
            return
        near = con.execute(f"""
            SELECT cand_id FROM {LAYOUTS["cn"].table} WHERE levenshtein(cand_id, $id) <= 2
            GROUP BY cand_id ORDER BY min(levenshtein(cand_id, $id)), cand_id LIMIT 5""", {"id": cand_id}).fetchall()
        raise NotFound(f"no candidate {cand_id} in {cycle}", [r[0] for r in near])

    def compute(name: str, *args):
        t = trail()
        if name == "race":
            key, cycle = args
            rep = t.race(key, cycle)
            race = RaceKey.parse(key)
            ids = [c["cand_id"] for c in rep["candidates"]]
            rep["timeline"] = _plain(records(mies.timeline(t.model, cycle, ids)))
            filed = t.timeline(key, cycle)
            rep["reports_and_notices"] = {"entries": filed["entries"], "notes": filed["notes"]}
            rep["race_path"] = f"{race}/{cycle}"
            return rep
        if name == "candidate":
            known_candidate(*args)
            rep = t.candidate(*args)
            return {**rep, "career": view("career", rep["cand_id"])}
        if name == "committee":
            return t.committee(*args)
        if name == "career":
            return t.career(*args)
        if name == "results":
            return t.results(*args)
        if name == "network":
            return _no_paths(t.network(*args))
        if name == "networks":
            cand_id, cycle = args
            who = view("candidate", cand_id, cycle)["name"]  # an unknown id stops here, cheaply, and is cached
            return _no_paths({**t.candidate_networks(cand_id, cycle), "candidate": who})
        if name == "search":
            return {"query": args[0], "hits": t.search(args[0], limit=50) if args[0] else []}
        if name == "donor":
            return t.donor(args[0], args[1] or None)
        if name == "filing":
            return t.filing(*args)
        if name == "home":
            return {"synthetic": t.synthetic, "loads": [_load_without_path(r) for r in t.loads()]}
        raise NotFound(f"no view {name}")

    synthetic = trail().synthetic
    chart_makers = {
        "race": lambda d: [charts.outside_by_spender(d), charts.spending_over_time(d, d["timeline"]),
                           charts.receipts_by_source(d["candidates"]),
                           *[charts.results_beside_money(x) for x in d["results"]],
                           charts.reports_and_notices(d["reports_and_notices"]["entries"])],
        "candidate": lambda d: [charts.receipts_by_source([d]), charts.career_money(d["career"]),
                                charts.career_results(d["career"])],
        "network": lambda d: [charts.network_flow(d)],
    }

    def rendered(fmt: str, template: str, name: str, *args) -> bytes:
        """A page's body, rendered once: the store cannot change under a running server."""
        data = view(name, *args)
        if fmt == "json":
            return JSONResponse(data).body
        made = [c for c in chart_makers.get(name, lambda d: [])(data) if c]
        query = args[0] if name == "search" else ""
        return templates.get_template(template).render(data=data, synthetic=synthetic, charts=made,
                                                       query=query).encode()

    if cache:
        rendered = lru_cache(maxsize=2048)(rendered)

    def page(fmt: str, template: str, name: str, *args) -> Response:
        media = "application/json" if fmt == "json" else "text/html; charset=utf-8"
        with bounded():
            return Response(rendered(fmt, template, name, *args), media_type=media)

    @app.exception_handler(MoneytrailError)
    async def on_error(request: Request, exc: MoneytrailError):
        status = 404 if isinstance(exc, NotFound) else 503 if isinstance(exc, OverBudget) else 400
        body = {"error": str(exc), "suggestions": getattr(exc, "suggestions", []), "status": status}
        headers = {"retry-after": "5"} if status == 503 else None
        wants_json = request.url.path.endswith((".json", ".csv")) or request.url.path == "/sql"
        if wants_json or "json" in request.headers.get("accept", "").split(",")[0]:
            return JSONResponse(body, status_code=status, headers=headers)
        html = templates.get_template("error.html").render(error=body, synthetic=False)
        return HTMLResponse(html, status_code=status, headers=headers)

    def split(value: str) -> tuple[str, str]:
        return (value[:-5], "json") if value.endswith(".json") else (value, "html")

    def cycle_of(text: str) -> int:
        if not (text.isascii() and text.isdigit()) or len(text) > 4:
            raise BadRequest(f"{text!r} is not a cycle; use an even year such as 2024")
        return int(text)

    @app.get("/docs", include_in_schema=False)
    def docs():
        return get_swagger_ui_html(openapi_url=app.openapi_url, title="moneytrail API",
                                   swagger_js_url="/static/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/static/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="/static/swagger-ui/favicon-32x32.png")

    @app.get("/", responses=_errors(503), response_class=HTMLResponse, summary="Home: what is loaded, and a search box")
    def home():
        return page("html", "home.html", "home")

    @app.get("/index.json", responses=_errors(503), summary="What is loaded")
    def home_json():
        return page("json", "home.html", "home")

    @app.get("/search", responses=_errors(400, 503), response_class=HTMLResponse,
             summary="Search candidates and committees")
    def search(q: str = ""):
        return page("html", "search.html", "search", q.strip())

    @app.get("/search.json", responses=_errors(400, 503), summary="Search candidates and committees (JSON)")
    def search_json(q: str = ""):
        return page("json", "search.html", "search", q.strip())

    @app.get("/donor", responses=PAGE_ERRORS, response_class=HTMLResponse,
             summary="A resolved donor: contributions, variants, why merged")
    def donor(name: str = Query(..., min_length=2), state: str = ""):
        return page("html", "donor.html", "donor", name.strip().upper(), state.strip().upper())

    @app.get("/donor.json", responses=PAGE_ERRORS, summary="A resolved donor (JSON)")
    def donor_json(name: str = Query(..., min_length=2), state: str = ""):
        return page("json", "donor.html", "donor", name.strip().upper(), state.strip().upper())

    @app.get("/race/{key}/{cycle}", responses=PAGE_ERRORS,
             summary="A race: candidates, money, outside spending, results")
    def race(key: str, cycle: str):
        cycle, fmt = split(cycle)
        return page(fmt, "race.html", "race", key.upper(), cycle_of(cycle))

    @app.get("/candidate/{cand_id}/{cycle}", responses=PAGE_ERRORS,
             summary="A candidate: committees, summary, committee money, outside")
    def candidate(cand_id: str, cycle: str):
        cycle, fmt = split(cycle)
        return page(fmt, "candidate.html", "candidate", cand_id.upper(), cycle_of(cycle))

    @app.get("/career/{cand_id}", responses=PAGE_ERRORS,
             summary="A candidate's career from any of their ids: ids, offices, receipts, results")
    def career(cand_id: str):
        cand_id, fmt = split(cand_id)
        return page(fmt, "career.html", "career", cand_id.upper())

    @app.get("/committee/{cmte_id}/{cycle}", responses=PAGE_ERRORS,
             summary="A committee: summary, gifts to candidates, IEs")
    def committee(cmte_id: str, cycle: str):
        cycle, fmt = split(cycle)
        return page(fmt, "committee.html", "committee", cmte_id.upper(), cycle_of(cycle))

    @app.get("/network/{name}/{cycle}", responses=PAGE_ERRORS,
             summary="A network: by committee and role, races, candidates, by party")
    def network(name: str, cycle: str):
        cycle, fmt = split(cycle)
        return page(fmt, "network.html", "network", name.upper(), cycle_of(cycle))

    @app.get("/networks/{cand_id}/{cycle}", responses=PAGE_ERRORS,
             summary="A candidate's money from or through each registry network")
    def candidate_networks(cand_id: str, cycle: str):
        cycle, fmt = split(cycle)
        return page(fmt, "networks.html", "networks", cand_id.upper(), cycle_of(cycle))

    def filing_id_of(text: str) -> int:
        if not (text.isascii() and text.isdigit()) or len(text) > 12:
            raise BadRequest(f"{text!r} is not an FEC filing number (digits, e.g. 1550548)")
        return int(text)

    @app.get("/filing/{filing_id}", responses=PAGE_ERRORS,
             summary="An electronic filing: cover figures, amendment chain, schedules")
    def filing(filing_id: str):
        filing_id, fmt = split(filing_id)
        return page(fmt, "filing.html", "filing", filing_id_of(filing_id))

    @app.get("/filing/{filing_id}/rows/{table}", responses=PAGE_ERRORS,
             summary="A filing's rows in one table: paginated, sortable (.json, .csv for every row)")
    def filing_rows(filing_id: str, table: str, page: int = Query(1, ge=1), sort: str = "", desc: bool = False):
        table, fmt = split(table)
        if table.endswith(".csv"):
            table, fmt = table[:-4], "csv"
        n = filing_id_of(filing_id)
        body = trail().filing_rows(n, table, page=page, size=None if fmt == "csv" else PAGE_SIZE,
                                   sort=sort or None, desc=desc)
        if fmt == "csv":
            buf = io.StringIO()
            w = csv.DictWriter(buf, fieldnames=body["columns"], extrasaction="ignore")
            w.writeheader()
            w.writerows(body["rows"])
            return Response(buf.getvalue(), media_type="text/csv",
                            headers={"content-disposition": f'attachment; filename="filing-{n}-{table}.csv"'})
        if fmt == "json":
            return JSONResponse(body)
        return HTMLResponse(templates.get_template("filing_rows.html").render(data=body, synthetic=synthetic))

    @app.get("/results/{key}/{year}", responses=PAGE_ERRORS, summary="Election results of a race in a year")
    def results(key: str, year: str):
        year, fmt = split(year)
        if not (year.isascii() and year.isdigit()) or len(year) > 4:
            raise BadRequest(f"{year!r} is not a year")
        return page(fmt, "results.html", "results", key.upper(), int(year))

    @app.get("/rows/{view_name}/{a}/{b}", responses=PAGE_ERRORS, summary="The source rows behind one figure of a page")
    def rows(request: Request, view_name: str, a: str, b: str, path: str = Query(...),
             page: int = Query(1, ge=1), sort: str = "", desc: bool = False):
        b, fmt = split(b)
        if b.endswith(".csv"):
            b, fmt = b[:-4], "csv"
        if view_name not in ("race", "candidate", "committee", "results", "network", "networks"):
            raise NotFound(f"no page {view_name!r}")
        if not (b.isascii() and b.isdigit()) or len(b) > 4:
            raise BadRequest(f"{b!r} is not a cycle or year")
        with bounded("the rows behind this figure"):
            data = view(view_name, a.upper(), int(b))
            refs = _resolve(data, path)
            tables = trail().rows(refs, limit=100_000)
        flat = [_no_paths(dict(table=name, **r)) for name, rs in tables.items() for r in rs]
        if sort:
            if flat and sort not in flat[0]:
                raise BadRequest(f"cannot sort by {sort!r}")
            flat.sort(key=lambda r: (r.get(sort) is None, _sort_key(r.get(sort))), reverse=desc)
        if fmt == "csv":
            buf = io.StringIO()
            if flat:
                w = csv.DictWriter(buf, fieldnames=list(flat[0]))
                w.writeheader()
                w.writerows(flat)
            return Response(buf.getvalue(), media_type="text/csv",
                            headers={"content-disposition": f'attachment; filename="{view_name}-{a}-{b}.csv"'})
        pages = max(1, -(-len(flat) // PAGE_SIZE))
        body = {"figure": {"page": f"/{view_name}/{a}/{b}", "path": path}, "total_rows": len(flat),
                "page": page, "pages": pages, "sort": sort, "desc": desc,
                "rows": flat[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]}
        if fmt == "json":
            return JSONResponse(body)
        return HTMLResponse(templates.get_template("rows.html").render(data=body, synthetic=synthetic))

    def run_check(text: str, date: str, upload: UploadFile | None) -> dict:
        from ..claims.text import MAX_INPUT_CHARS

        if upload is not None and upload.filename:
            data = upload.file.read(MAX_INPUT_CHARS * 4 + 1)
            text = data.decode("utf-8", errors="replace")
        if not text.strip():
            raise BadRequest("paste an article or upload a file")
        if len(text) > MAX_INPUT_CHARS:
            raise BadRequest(f"the article is longer than {MAX_INPUT_CHARS:,} characters")
        if not checking.acquire(blocking=False):
            raise OverBudget(f"the checker is busy with {CHECKERS} other articles; try again in a few seconds")
        try:
            job = checkers.submit(check_within_budget, text, date.strip() or None)
        except RuntimeError:  # shutting down
            checking.release()
            raise OverBudget("the server is shutting down") from None
        try:
            return job.result(timeout=budget.seconds + 1)
        except FutureTimeout:  # the job's own budget stops its queries; it still holds its place until done
            raise OverBudget(f"checking this article took longer than the server's {budget.seconds:g}-second "
                             "budget; try a shorter piece") from None
        except (ValueError, OverflowError) as exc:
            raise BadRequest(f"could not read the date {date!r}: {exc}") from exc

    def check_within_budget(text: str, date: str | None) -> dict:
        """One article, on a checker thread: at most CHECKERS run at once, whatever the clients do."""
        try:
            with bounded("checking this article"):
                return trail().check(text, date=date)
        finally:
            checking.release()

    def check_page(rep: dict | None, text: str = "", date: str = "") -> HTMLResponse:
        segments = _highlight(rep) if rep else []
        html = templates.get_template("check.html").render(data=rep, segments=segments, text=text, date=date,
                                                           synthetic=synthetic)
        return HTMLResponse(html)

    @app.get("/check", response_class=HTMLResponse, summary="Check an article: paste or upload it")
    def check_form():
        return check_page(None)

    @app.post("/check", responses=_errors(400, 503), response_class=HTMLResponse,
              summary="Check an article's money and vote claims")
    def check_post(text: str = Form(""), date: str = Form(""), file: Annotated[UploadFile | None, File()] = None):
        return check_page(run_check(text, date, file), text=text, date=date)

    @app.post("/check.json", responses=_errors(400, 503),
              summary="Check an article's claims (JSON: form fields text, date, file)")
    def check_post_json(text: str = Form(""), date: str = Form(""), file: Annotated[UploadFile | None, File()] = None):
        return JSONResponse(run_check(text, date, file))

    @app.get("/sql", responses=PAGE_ERRORS,
             summary="Read-only SQL in a sandbox (only when the server was started with --allow-sql)")
    def sql(request: Request, q: str = ""):
        if not allow_sql:
            raise NotFound("SQL is switched off; start the server with --allow-sql")
        return JSONResponse(sandbox.run(q).to_json())

    return app


def serve(app: FastAPI, host: str, port: int) -> None:
    """Run the app under uvicorn; on SIGTERM or Ctrl-C the work in flight is stopped at once (its
    requests answer 503), then uvicorn's graceful shutdown has little left to wait for."""
    import uvicorn

    class Server(uvicorn.Server):
        def handle_exit(self, sig, frame) -> None:
            app.state.stop_work()
            super().handle_exit(sig, frame)

    config = uvicorn.Config(app, host=host, port=port, log_level="warning",
                            timeout_graceful_shutdown=SHUTDOWN_SECONDS)
    Server(config).run()


def _no_paths(data):
    """The answer with every server path (a registry file, a source file) cut to its file name."""
    if isinstance(data, dict):
        return {k: os.path.basename(v) if k in PATH_KEYS and isinstance(v, str) and os.path.isabs(v)
                else _no_paths(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_no_paths(x) for x in data]
    return data


def _load_without_path(load: dict) -> dict:
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



def money(v) -> str:
    """The one rendering of a figure or amount (model/figures.py ``show``): "not loaded (file)", coverage."""
    return show(v)


def _highlight(rep: dict) -> list[dict]:
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


def _resolve(data: dict, path: str) -> list[str]:
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
