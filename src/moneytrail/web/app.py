"""The web app: every page has a JSON twin at the same path + ``.json``, built by the same view.

Layout: web/routes.py is the route table (one declaration per page), web/views.py the views (what a
page shows, asked of Trail), this module the server around them: the page cache, the time budget, the
article checker and the SQL sandbox. No route calls the model.

The store is opened read-only; each request works on its own cursor. Because nothing can write
to the file while it is served, a view's answer, or its refusal (an unknown id), is cached for the
life of the process (``create_app(cache=False)``: computed on every request, for measuring). Every
request has a time budget (web/budget.py): past it, its queries are stopped and it answers 503. No
user SQL unless the app is started with ``allow_sql``, and then in a sandbox of its own
(web/sandbox.py). Answers carry file names, never the server's paths.
"""

from __future__ import annotations

import csv
import inspect
import io
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import asynccontextmanager, contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from fastapi import FastAPI, File, Form, Query, Request, UploadFile
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel

from ..errors import MoneytrailError, NotFound
from ..model import reports as R
from ..trail import Trail
from . import labels, views
from .budget import SECONDS as BUDGET_SECONDS
from .budget import Budget, ViewCache
from .errors import BadRequest, OverBudget
from .routes import PAGES, Page
from .sandbox import SECONDS as SQL_SECONDS
from .sandbox import Sandbox

__all__ = ["BadRequest", "OverBudget", "create_app"]

HERE = Path(__file__).parent
SHUTDOWN_SECONDS = 2  # on SIGTERM, requests in flight get this long before their work is stopped
CHECKERS = 2  # articles checked at once; more are told to come back (each can take seconds of CPU)


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
    """The app over a store. ``cache=False`` computes every page on every request (no page or view
    cache, no sharing of a computation in flight): what a cold server costs, for the benchmarks."""
    db = Path(db)
    R.complete_all()  # the answer models are made on first use; not by several request threads at once
    with Trail(db, read_only=True) as reader:
        reader._ready()  # a stale built model is rebuilt now, before the store is held read-only while served
    root = Trail(db, read_only=True)
    # user SQL runs in a DuckDB process of its own: nothing it does reaches `root`, which serves the pages
    sandbox = Sandbox(db, seconds=sql_seconds) if allow_sql else None
    budget = Budget(budget_seconds)
    cached_views = ViewCache()
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
    templates.env.filters["money"] = views.money
    labels.register(templates)  # figure labels, "how we count", statuses, FEC codes in words (web/labels.py)
    local = threading.local()

    def trail() -> Trail:
        if not hasattr(local, "trail"):
            local.trail = root.cursor()
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

    def ask(view, *args):
        """A view's answer or refusal, computed once (see ViewCache); every time without the cache."""
        if not cache:
            return view(views.Ctx(trail(), ask), *args)
        req = getattr(local, "req", None)
        wait = budget.remaining(req) if req is not None else budget.seconds
        return cached_views.get((view.__name__, *args), lambda: view(views.Ctx(trail(), ask), *args), wait)

    synthetic = root.synthetic

    def render(fmt: str, page: Page, args: tuple, all_refs: bool = False) -> bytes:
        """A page's body: its view's answer as JSON (a longer list of row references cut to its first
        R.REFS_SHOWN, with its total and the URL of its rows, unless ``all_refs``), or its template with
        the answer and charts (the template links to the rows; it never lists the references)."""
        answer = ask(page.view, *args) if page.cached else page.view(views.Ctx(trail(), ask), *args)
        data = dict(answer)  # templates and charts read the JSON mapping (an Answer's), as the JSON twin shows it
        if fmt == "json":
            shown = None if all_refs else R.REFS_SHOWN
            return JSONResponse(R.capped(data, shown, views.rows_url(page.view.__name__, args))).body
        made = [c for c in (page.charts(data) if page.charts else []) if c]
        extra = page.context(*args) if page.context else {}
        return templates.get_template(page.template).render(data=data, synthetic=synthetic, charts=made,
                                                            **{"query": "", **extra}).encode()

    rendered = lru_cache(maxsize=2048)(render) if cache else render  # the store cannot change under a server

    def serve_page(page: Page, fmt: str, params: dict) -> Response:
        all_refs = params.pop("refs", None) == "all"
        args = page.args(**params)
        with bounded(page.doing):
            if fmt == "csv":
                body = page.csv(views.Ctx(trail(), ask), *args)
                buf = io.StringIO()
                if body.columns:
                    w = csv.DictWriter(buf, fieldnames=body.columns, extrasaction="ignore")
                    w.writeheader()
                    w.writerows(body.rows)
                return Response(buf.getvalue(), media_type="text/csv",
                                headers={"content-disposition": f'attachment; filename="{body.filename}"'})
            content = (rendered if page.cached else render)(fmt, page, args, all_refs)
        media = "application/json" if fmt == "json" else "text/html; charset=utf-8"
        return Response(content, media_type=media)

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

    @app.get("/docs", include_in_schema=False)
    def docs():
        return get_swagger_ui_html(openapi_url=app.openapi_url, title="moneytrail API",
                                   swagger_js_url="/static/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/static/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="/static/swagger-ui/favicon-32x32.png")

    # The JSON and CSV twins first: "/race/{key}/{cycle}" would also match ".../2024.json".
    for page in PAGES:
        app.add_api_route(page.json, _endpoint(serve_page, page, "json"), methods=["GET"],
                          response_model=page.answer, responses=_errors(*page.errors),
                          summary=page.summary + " (JSON)", name=page.view.__name__ + "_json")
        if page.csv is not None:
            app.add_api_route(page.path + ".csv", _endpoint(serve_page, page, "csv"), methods=["GET"],
                              response_class=Response, responses={200: {"content": {"text/csv": {}}},
                                                                  **_errors(*page.errors)},
                              summary=page.summary + " (CSV, every row)", name=page.view.__name__ + "_csv")
    for page in PAGES:
        app.add_api_route(page.path, _endpoint(serve_page, page, "html"), methods=["GET"],
                          response_class=HTMLResponse, responses=_errors(*page.errors), summary=page.summary,
                          name=page.view.__name__)

    def run_check(text: str, date: str, upload: UploadFile | None) -> R.Answer[R.CheckReport]:
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

    def check_within_budget(text: str, date: str | None):
        """One article, on a checker thread: at most CHECKERS run at once, whatever the clients do."""
        try:
            with bounded("checking this article"):
                return trail().check(text, date=date)
        finally:
            checking.release()

    def check_page(rep, text: str = "", date: str = "") -> HTMLResponse:
        rep = dict(rep) if rep else None
        segments = views.highlight(rep) if rep else []
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

    @app.post("/check.json", responses=_errors(400, 503), response_model=R.CheckReport,
              summary="Check an article's claims (JSON: form fields text, date, file)")
    def check_post_json(text: str = Form(""), date: str = Form(""), file: Annotated[UploadFile | None, File()] = None,
                        refs: Literal["all"] | None = REFS_QUERY):
        return JSONResponse(R.capped(dict(run_check(text, date, file)), None if refs == "all" else R.REFS_SHOWN))

    @app.get("/sql", responses=PAGE_ERRORS, response_model=views.SqlAnswer,
             summary="Read-only SQL in a sandbox (only when the server was started with --allow-sql)")
    def sql(request: Request, q: str = ""):
        if not allow_sql:
            raise NotFound("SQL is switched off; start the server with --allow-sql")
        return JSONResponse(sandbox.run(q).to_json())

    return app


REFS_QUERY = Query(None, description=f"all: every row reference in the answer (by default a longer list X shows its "
                                     f"first {R.REFS_SHOWN}, X_total, how many, and X_url, the page of every row)")


def _endpoint(serve_page, page: Page, fmt: str):
    """A route function for one page and format whose signature names the page's parameters (FastAPI
    reads it: path parameters as text, query parameters with their types and defaults)."""

    def endpoint(**params):
        return serve_page(page, fmt, params)

    kw = inspect.Parameter.KEYWORD_ONLY
    endpoint.__signature__ = inspect.Signature(
        [inspect.Parameter(name, kw, annotation=str) for name in page.path_params]
        + [inspect.Parameter(name, kw, annotation=t, default=d) for name, (t, d) in page.query.items()]
        + ([inspect.Parameter("refs", kw, annotation=Literal["all"] | None, default=REFS_QUERY)] if fmt == "json"
           else []))
    return endpoint


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
