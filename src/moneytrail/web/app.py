"""The web app: every page has a JSON twin at the same path + ``.json``, built by the same view.

The store is opened read-only; each request works on its own cursor. Because nothing can write
to the file while it is served, a view's answer is cached for the life of the process.
No user SQL unless the app is started with ``allow_sql``, and then read-only, time-limited.
"""

from __future__ import annotations

import csv
import io
import re
import threading
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Annotated

import duckdb
from fastapi import FastAPI, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from ..errors import MoneytrailError, NotFound
from ..model import ies as mies
from ..model.base import records
from ..model.figures import show
from ..model.keys import RaceKey
from ..store.store import Store
from ..trail import Trail, _plain
from . import charts

HERE = Path(__file__).parent
PAGE_SIZE = 50
READ_ONLY_SQL = re.compile(r"^\s*(SELECT|WITH|FROM|DESCRIBE|SHOW|EXPLAIN|SUMMARIZE|VALUES)\b", re.IGNORECASE)
SQL_SECONDS = 5


class BadRequest(MoneytrailError):
    pass


def create_app(db: str | Path, allow_sql: bool = False) -> FastAPI:
    db = Path(db)
    root = Store(db, read_only=True).con
    if allow_sql:  # user SQL may read the store and nothing else: no files (and one query, see /sql)
        root.execute("SET enable_external_access = false")
    app = FastAPI(
        title="moneytrail",
        description="Follow the money in US federal elections. Every HTML page has a JSON twin at the same path "
        "with .json; every figure carries references to the source rows behind it.",
        version="0.1.0",
    )
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters["money"] = money
    local = threading.local()

    def trail() -> Trail:
        if not hasattr(local, "trail"):
            local.trail = Trail.over(Store.over(root.cursor(), db))
        return local.trail

    @lru_cache(maxsize=1024)
    def view(name: str, *args):
        t = trail()
        if name == "race":
            key, cycle = args
            rep = t.race(key, cycle)
            race = RaceKey.parse(key)
            ids = [c["cand_id"] for c in rep["candidates"]]
            rep["timeline"] = _plain(records(mies.timeline(t.model, cycle, ids)))
            rep["race_path"] = f"{race}/{cycle}"
            return rep
        if name == "candidate":
            return t.candidate(*args)
        if name == "committee":
            return t.committee(*args)
        if name == "career":
            return t.career(*args)
        if name == "results":
            return t.results(*args)
        if name == "network":
            return t.network(*args)
        if name == "networks":
            cand_id, cycle = args
            return {**t.candidate_networks(cand_id, cycle), "candidate": t.candidate(cand_id, cycle)["name"]}
        if name == "search":
            return {"query": args[0], "hits": t.search(args[0], limit=50) if args[0] else []}
        if name == "donor":
            return t.donor(args[0], args[1] or None)
        if name == "home":
            return {"synthetic": t.synthetic, "loads": t.loads()}
        raise NotFound(f"no view {name}")

    synthetic = trail().synthetic
    chart_makers = {
        "race": lambda d: [charts.outside_by_spender(d), charts.spending_over_time(d, d["timeline"]),
                           charts.receipts_by_source(d["candidates"]),
                           *[charts.results_beside_money(x) for x in d["results"]]],
        "candidate": lambda d: [charts.receipts_by_source([d])],
    }

    @lru_cache(maxsize=2048)
    def rendered(fmt: str, template: str, name: str, *args) -> bytes:
        """A page's body, rendered once: the store cannot change under a running server."""
        data = view(name, *args)
        if fmt == "json":
            return JSONResponse(data).body
        made = [c for c in chart_makers.get(name, lambda d: [])(data) if c]
        query = args[0] if name == "search" else ""
        return templates.get_template(template).render(data=data, synthetic=synthetic, charts=made,
                                                       query=query).encode()

    def page(fmt: str, template: str, name: str, *args) -> Response:
        media = "application/json" if fmt == "json" else "text/html; charset=utf-8"
        return Response(rendered(fmt, template, name, *args), media_type=media)

    @app.exception_handler(MoneytrailError)
    async def on_error(request: Request, exc: MoneytrailError):
        status = 404 if isinstance(exc, NotFound) else 400
        body = {"error": str(exc), "suggestions": getattr(exc, "suggestions", []), "status": status}
        wants_json = request.url.path.endswith((".json", ".csv")) or request.url.path == "/sql"
        if wants_json or "json" in request.headers.get("accept", "").split(",")[0]:
            return JSONResponse(body, status_code=status)
        html = templates.get_template("error.html").render(error=body, synthetic=False)
        return HTMLResponse(html, status_code=status)

    def split(value: str) -> tuple[str, str]:
        return (value[:-5], "json") if value.endswith(".json") else (value, "html")

    def cycle_of(text: str) -> int:
        if not (text.isascii() and text.isdigit()) or len(text) > 4:
            raise BadRequest(f"{text!r} is not a cycle; use an even year such as 2024")
        return int(text)

    @app.get("/", response_class=HTMLResponse, summary="Home: what is loaded, and a search box")
    def home():
        return page("html", "home.html", "home")

    @app.get("/index.json", summary="What is loaded")
    def home_json():
        return page("json", "home.html", "home")

    @app.get("/search", response_class=HTMLResponse, summary="Search candidates and committees")
    def search(q: str = ""):
        return page("html", "search.html", "search", q.strip())

    @app.get("/search.json", summary="Search candidates and committees (JSON)")
    def search_json(q: str = ""):
        return page("json", "search.html", "search", q.strip())

    @app.get("/donor", response_class=HTMLResponse, summary="A resolved donor: contributions, variants, why merged")
    def donor(name: str = Query(..., min_length=2), state: str = ""):
        return page("html", "donor.html", "donor", name.strip().upper(), state.strip().upper())

    @app.get("/donor.json", summary="A resolved donor (JSON)")
    def donor_json(name: str = Query(..., min_length=2), state: str = ""):
        return page("json", "donor.html", "donor", name.strip().upper(), state.strip().upper())

    @app.get("/race/{key}/{cycle}", summary="A race: candidates, money, outside spending, results")
    def race(key: str, cycle: str):
        cycle, fmt = split(cycle)
        return page(fmt, "race.html", "race", key.upper(), cycle_of(cycle))

    @app.get("/candidate/{cand_id}/{cycle}", summary="A candidate: committees, summary, committee money, outside")
    def candidate(cand_id: str, cycle: str):
        cycle, fmt = split(cycle)
        return page(fmt, "candidate.html", "candidate", cand_id.upper(), cycle_of(cycle))

    @app.get("/career/{cand_id}", summary="A candidate's career from any of their ids: ids, offices, receipts, results")
    def career(cand_id: str):
        cand_id, fmt = split(cand_id)
        return page(fmt, "career.html", "career", cand_id.upper())

    @app.get("/committee/{cmte_id}/{cycle}", summary="A committee: summary, gifts to candidates, IEs")
    def committee(cmte_id: str, cycle: str):
        cycle, fmt = split(cycle)
        return page(fmt, "committee.html", "committee", cmte_id.upper(), cycle_of(cycle))

    @app.get("/network/{name}/{cycle}", summary="A network: by committee and role, races, candidates, by party")
    def network(name: str, cycle: str):
        cycle, fmt = split(cycle)
        return page(fmt, "network.html", "network", name.upper(), cycle_of(cycle))

    @app.get("/networks/{cand_id}/{cycle}", summary="A candidate's money from or through each registry network")
    def candidate_networks(cand_id: str, cycle: str):
        cycle, fmt = split(cycle)
        return page(fmt, "networks.html", "networks", cand_id.upper(), cycle_of(cycle))

    @app.get("/results/{key}/{year}", summary="Election results of a race in a year")
    def results(key: str, year: str):
        year, fmt = split(year)
        if not (year.isascii() and year.isdigit()) or len(year) > 4:
            raise BadRequest(f"{year!r} is not a year")
        return page(fmt, "results.html", "results", key.upper(), int(year))

    @app.get("/rows/{view_name}/{a}/{b}", summary="The source rows behind one figure of a page")
    def rows(request: Request, view_name: str, a: str, b: str, path: str = Query(...),
             page: int = Query(1, ge=1), sort: str = "", desc: bool = False):
        b, fmt = split(b)
        if b.endswith(".csv"):
            b, fmt = b[:-4], "csv"
        if view_name not in ("race", "candidate", "committee", "results", "network", "networks"):
            raise NotFound(f"no page {view_name!r}")
        if not (b.isascii() and b.isdigit()) or len(b) > 4:
            raise BadRequest(f"{b!r} is not a cycle or year")
        data = view(view_name, a.upper(), int(b))
        refs = _resolve(data, path)
        t = trail()
        tables = t.rows(refs, limit=100_000)
        flat = [dict(table=name, **r) for name, rs in tables.items() for r in rs]
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
        try:
            return trail().check(text, date=date.strip() or None)
        except (ValueError, OverflowError) as exc:
            raise BadRequest(f"could not read the date {date!r}: {exc}") from exc

    def check_page(rep: dict | None, text: str = "", date: str = "") -> HTMLResponse:
        segments = _highlight(rep) if rep else []
        html = templates.get_template("check.html").render(data=rep, segments=segments, text=text, date=date,
                                                           synthetic=synthetic)
        return HTMLResponse(html)

    @app.get("/check", response_class=HTMLResponse, summary="Check an article: paste or upload it")
    def check_form():
        return check_page(None)

    @app.post("/check", response_class=HTMLResponse, summary="Check an article's money and vote claims")
    def check_post(text: str = Form(""), date: str = Form(""), file: Annotated[UploadFile | None, File()] = None):
        return check_page(run_check(text, date, file), text=text, date=date)

    @app.post("/check.json", summary="Check an article's claims (JSON: form fields text, date, file)")
    def check_post_json(text: str = Form(""), date: str = Form(""), file: Annotated[UploadFile | None, File()] = None):
        return JSONResponse(run_check(text, date, file))

    @app.get("/sql", summary="Read-only SQL (only when the server was started with --allow-sql)")
    def sql(request: Request, q: str = ""):
        if not allow_sql:
            raise NotFound("SQL is switched off; start the server with --allow-sql")
        if not READ_ONLY_SQL.match(q) or ";" in q.strip().rstrip(";"):
            raise BadRequest("one read-only query only (SELECT, WITH, FROM, DESCRIBE, SHOW, EXPLAIN, SUMMARIZE)")
        con = root.cursor()
        timer = threading.Timer(SQL_SECONDS, con.interrupt)
        timer.start()
        try:
            cur = con.execute(q)
            cols = [d[0] for d in cur.description or []]
            out = [{c: _json_safe(v) for c, v in zip(cols, r, strict=False)} for r in cur.fetchmany(1000)]
        except duckdb.Error as exc:
            raise BadRequest(f"query failed: {exc}") from exc
        finally:
            timer.cancel()
            con.close()
        return JSONResponse({"columns": cols, "rows": out})

    return app


def _sort_key(value):
    """Exact amounts arrive as strings ("1000.00"): sort them as numbers, other text as text."""
    if isinstance(value, str):
        try:
            return (0, Decimal(value), "")
        except ArithmeticError:
            return (1, Decimal(0), value)
    return (0, value, "") if value is not None else (1, Decimal(0), "")


def _json_safe(v):
    """Any DuckDB value as something JSON can carry (NaN and infinities as strings, bytes as hex)."""
    if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
        return str(v)
    if isinstance(v, bytes | bytearray | memoryview):
        return bytes(v).hex()
    if isinstance(v, list | tuple):
        return [_json_safe(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _json_safe(x) for k, x in v.items()}
    if v is None or isinstance(v, bool | int | float | str):
        return v
    return str(v)


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
