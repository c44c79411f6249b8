"""``Trail``: the library API. The CLI, and later the web app, are thin layers over it.

Each answer is a plain dict (JSON-ready) whose figures carry ``row_refs``: references
``table:load_id:line_no`` that :meth:`Trail.rows` turns back into source rows.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path

import httpx
import ibis

from .errors import FileFormatError, IngestError, MoneytrailError, NotFound
from .model import candidates as mc
from .model import contributions as mcontrib
from .model import coverage as mcov
from .model import donors as mdonors
from .model import elections as melections
from .model import filings as mfilings
from .model import ies as mies
from .model import individuals as mindiv
from .model import networks as mnet
from .model import persons as mpersons
from .model import record as mrecord
from .model import registry as mreg
from .model import story as mstory
from .model.base import Model, records
from .model.figures import Figure, Status, money
from .model.keys import RaceKey, check_cycle
from .sources import download
from .sources.bulk import identify_all
from .sources.layouts import LAYOUTS, parse_file_name
from .sources.results import detect_format
from .store.store import DEFAULT_DB, LoadResult, Store

DATA_SUFFIXES = {".txt", ".csv", ".zip", ".tab", ".xlsx", ".json", ".fec"}


def expand_paths(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Files as given; folders expand to the FEC files inside them (recognised by name)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(
                f for f in p.iterdir()
                if f.is_file() and f.suffix.lower() in DATA_SUFFIXES and "header" not in f.name.lower()
                and (f.suffix.lower() == ".fec" or parse_file_name(f.name)[0] or detect_format(f))
            )
            if not found:
                raise MoneytrailError(f"{p}: no FEC or election-results files recognised in this folder")
            out.extend(found)
        else:
            out.append(p)
    return out


def _plain(value):
    """JSON-ready: a Figure as its JSON (amount an exact string), any other Decimal as its exact string
    (never a float: no 10382.720000000205), dates as ISO text."""
    if isinstance(value, Figure):
        return value.to_json()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _cover_figures(filing: dict) -> list[dict]:
    """The filing's headline cover figures as typed figures (a line the form does not carry: not applicable)."""
    from .model.figures import Figure

    out = []
    for field, text in mfilings.COVER_FIGURES:
        v = filing.get(field)
        f = (Figure.known(v, text, refs=[filing["row_ref"]]) if v is not None
             else Figure.not_applicable(text, f"form {filing['form_type']} does not report it"))
        out.append({"field": field, "label": text, **f.to_json()})
    return out


OUTSIDE_DEFINITION = "independent expenditures {side} the candidate, each counted once (model/ies.py)"
COMMITTEE_DEFINITION = "itemized committee money to the candidate's committees, category {cat} (itpas2)"


def outside_figures(src: mcov.Source, rows: list[dict]) -> dict:
    """Support / oppose / unknown outside spending as figures (not loaded without an IE source)."""
    tot = mies.outside_totals(rows)
    out = {}
    for side in ("support", "oppose", "unknown"):
        refs = [x for r in rows if r["support_oppose"] == side for x in r["row_refs"]]
        out[side] = src.figure(tot[side], OUTSIDE_DEFINITION.format(side="for" if side == "support" else
                                                                    "against" if side == "oppose" else "about"),
                               refs)
    out["periodic"] = {side: src.figure(v, "as reported on periodic reports only") for side, v in
                       tot["periodic"].items()}
    return out


def _run_ids(member: dict) -> list[str]:
    """The ids a cycle's run is counted under: the run's own and the person's other ids filed in that race."""
    return [member["cand_id"], *(o["cand_id"] for o in member["other_ids"] if o["in_race"])]


def committee_figures(src: mcov.Source, gifts: list[dict]) -> dict:
    """Per category (contribution always), the itpas2 total as a figure with the file's coverage."""
    totals = mcontrib.category_totals(gifts)
    cats = ["contribution", *sorted(c for c in totals if c != "contribution")]
    return {cat: src.figure(totals.get(cat, 0), COMMITTEE_DEFINITION.format(cat=cat),
                            [x for g in gifts if g["category"] == cat for x in g["row_refs"]]) for cat in cats}


def itemized_against_summary(committee_money: dict, summary: dict, src: mcov.Source) -> dict | None:
    """The itemized committee gifts loaded beside the summary's PAC + party total for the same money:
    "itemized rows loaded: $42,500.00 of $946,153.34 reported, through 2023-03-31"."""
    pac, party = summary["other_pol_cmte_contrib"], summary["pol_pty_contrib"]
    itemized = committee_money["contribution"]
    if not (pac.has_value or party.has_value) or itemized.status is Status.NOT_LOADED:
        return None
    reported = (pac.amount or 0) + (party.amount or 0)
    rep = Figure(money(reported), pac.status, "summary: from PACs and other committees + from party committees",
                 pac.coverage, pac.refs)
    through = src.through.isoformat() if src.through else "no dated rows"
    text = (f"itemized rows loaded: {itemized.text().split(' (')[0]} of {rep.text().split(' (')[0]} reported "
            f"(PACs and parties), through {through}")
    return {"itemized": itemized, "reported": rep, "text": text, "complete": itemized.is_known}


def dollars_per_vote(receipts: Figure | None, votes: int | None) -> Figure | None:
    """Total receipts for the cycle (summary) over votes in one contest, in exact cents."""
    if receipts is None or not votes:
        return None
    if not receipts.has_value:
        return Figure(None, receipts.status, "receipts per vote", receipts.coverage, missing=receipts.missing)
    per = (receipts.amount / votes).quantize(Decimal("0.01"))
    return Figure(per, receipts.status, "total receipts (summary) / votes in this contest", receipts.coverage,
                  receipts.refs)


def network_sources(m: Model, cycle: int) -> dict[str, mcov.Source]:
    """Which files each network figure comes from: direct gifts itpas2, earmarks itcont, IEs the IE sources."""
    ie = mcov.ie_source(m, cycle)
    return {"direct": mcov.source(m, "itpas2", cycle), "earmarked": mcov.source(m, "itcont", cycle),
            "ie_support": ie, "ie_oppose": ie}


NETWORK_DEFINITIONS = {
    "direct": "contributions from the network's committees to the candidate's committees (itpas2)",
    "earmarked": "individual contributions earmarked through the network's conduit, each gift counted once (itcont)",
    "ie_support": "the network's independent expenditures for the candidate, each counted once (model/ies.py)",
    "ie_oppose": "the network's independent expenditures against the candidate, each counted once (model/ies.py)",
}


def _combine(sources: list[mcov.Source], amount, definition: str) -> Figure:
    """A sum of figures from several sources: not loaded if one is, partial if one is, else known."""
    missing = [s for s in sources if s.status is Status.NOT_LOADED]
    if missing:
        return Figure.not_loaded("; ".join(s.missing for s in missing), definition)
    part = [s for s in sources if s.status is Status.PARTIAL]
    src = part[0] if part else sources[0]
    return src.figure(amount, definition)


def network_figures(d: dict, srcs: dict[str, mcov.Source]) -> None:
    """The four network figures of one dict (a candidate, race, committee, role or the totals) as
    Figures: "$0" only when the file that would hold the money is loaded."""
    for f, src in srcs.items():
        if f in d and not isinstance(d[f], Figure):
            d[f] = src.figure(d[f], NETWORK_DEFINITIONS[f], d.get(f"{f}_refs") or ())
    if "received_total" in d and not isinstance(d["received_total"], Figure):
        d["received_total"] = _combine([srcs["direct"], srcs["earmarked"]], d["received_total"],
                                       "direct + earmarked")


def small_dollar_figures(sd: dict, itcont: mcov.Source) -> dict:
    """The small-dollar estimate only where it can be right: itcont loaded for the whole cycle (otherwise
    every unloaded itemized dollar would pass for unitemized), and itemized rows that fit inside the
    summary's individual total; the itemized rows are an amount (``itemized_amount``), not a count."""
    total = sd["summary_indiv"]
    itemized = sd.pop("itemized_rows")
    sd["itemized_amount"] = itcont.figure(itemized, "itemized individual gifts to the candidate's committees")
    sd["summary_indiv"] = (Figure.known(total, "individual contributions, summary (weball/webl)",
                                        refs=[sd["summary_ref"]] if sd["summary_ref"] else ())
                           if total is not None else Figure.not_loaded(mcov.describe_missing("weball", itcont.cycle),
                                                                       "individual contributions, summary"))
    reason = None
    if itcont.status is not Status.KNOWN:
        reason = (f"itemized rows are {itcont.status.value.replace('_', ' ')}"
                  + (f" ({itcont.missing})" if itcont.missing else
                     f" (through {itcont.through})" if itcont.through else "")
                  + ": the unitemized remainder is unknown")
    elif total is None:
        reason = "no summary total to compare"
    elif itemized < 0 or itemized > total:
        reason = (f"itemized rows ({itemized}) do not fit inside the summary total ({total}): refunds or "
                  "timing differences; no estimate")
    if reason:
        sd["unitemized_estimate"] = Figure.not_applicable("summary individual total - itemized rows", reason)
        sd["small_dollar_share"] = Figure.not_applicable("unitemized / summary individual total", reason, unit="share")
    else:
        sd["unitemized_estimate"] = Figure.known(total - itemized, "summary individual total - itemized rows")
        share = (Decimal(total - itemized) / Decimal(total)).quantize(Decimal("0.0001")) if total else None
        sd["small_dollar_share"] = (Figure.known(share, "unitemized / summary individual total", unit="share")
                                    if share is not None else
                                    Figure.not_applicable("unitemized share", "no individual money", unit="share"))
    for k in ("earmarked_rows", "rows_200_or_less"):
        sd[k] = itcont.figure(sd[k], k.replace("_", " "))
    return sd


class Trail:
    """A store plus the model over it."""

    def __init__(self, db: str | os.PathLike = DEFAULT_DB, read_only: bool = False,
                 memory_limit: str | None = None):
        self.store = Store(db, read_only=read_only, memory_limit=memory_limit)
        self.model = Model(self.store.con)

    @classmethod
    def over(cls, store: Store) -> Trail:
        trail = cls.__new__(cls)
        trail.store, trail.model = store, Model(store.con)
        return trail

    def close(self) -> None:
        if self.store is not None:
            self.store.close()

    def __enter__(self) -> Trail:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @classmethod
    def on_spark(cls, parquet_dir: str | os.PathLike, session=None) -> Trail:
        """The same questions answered by Spark over a Parquet export (search stays DuckDB-only)."""
        from .model.engines import spark_model

        trail = cls.__new__(cls)
        trail.store, trail.model = None, spark_model(parquet_dir, session)
        return trail

    @property
    def synthetic(self) -> bool:
        """True for a store built from the demo generator's invented data."""
        meta = self.model.ib.table("meta")
        return bool(records(meta.filter((meta.key == "synthetic") & (meta.value == "true")).select("key")))

    # -- ingest ---------------------------------------------------------------------

    def ingest(
        self,
        paths: Iterable[str | os.PathLike],
        kind: str | None = None,
        cycle: int | None = None,
        replace: bool = False,
        progress: Callable[[Path, int, int, int], None] | None = None,
        force: bool = False,
    ) -> list[LoadResult]:
        """Load files and folders. Every file is tried; when some fail, :class:`IngestError` carries
        every file's outcome (loaded, unchanged or failed) after the rest have loaded."""
        from .export import parquet

        paths = [Path(p) for p in paths]
        results = []
        for folder in [p for p in paths if parquet.is_export(p)]:
            info = parquet.import_into(self.store, folder)
            results.append(LoadResult(load_id=None, path=str(folder), kind="parquet", cycle=None, status="imported",
                                      rows_read=sum(info["tables"].values()),
                                      rows_loaded=sum(info["tables"].values()),
                                      message="; ".join([f"load ids shifted by {info['load_id_offset']}",
                                                         *info["notes"]])))
        paths = [p for p in paths if not parquet.is_export(p)]
        failed = []
        filings: list = []  # .fec filings load together, in batches (store.load_filings)

        def load_filings() -> None:
            loaded = self.store.load_filings(filings, replace=replace, strict=False)
            failed.extend(FileFormatError(r.message) for r in loaded if r.status == "failed")
            results.extend(loaded)
            filings.clear()

        for path in expand_paths(paths):
            try:
                sources = identify_all(path, kind=kind, cycle=cycle)
            except MoneytrailError as exc:
                failed.append(exc)
                results.append(LoadResult(load_id=None, path=str(path), kind=kind or "?", cycle=cycle,
                                          status="failed", message=str(exc)))
                continue
            for source in sources:
                if source.kind == "fec":
                    filings.append(source)
                    continue
                if filings:
                    load_filings()
                cb = (lambda done, total, rows, _p=path: progress(_p, done, total, rows)) if progress else None
                try:
                    results.append(self.store.load(source, replace=replace, progress=cb, force=force))
                except MoneytrailError as exc:
                    failed.append(exc)
                    results.append(LoadResult(load_id=None, path=source.display_name, kind=source.kind,
                                              cycle=source.cycle, status="failed", message=str(exc)))
        if filings:
            load_filings()
        if failed:
            if len(results) == 1:
                raise failed[0]
            done = sum(r.status != "failed" for r in results)
            raise IngestError(f"{len(failed)} of {len(results)} file(s) failed ({done} loaded or unchanged): "
                              + " | ".join(str(e) for e in failed), results)
        return results

    def fetch(
        self,
        cycle: int,
        kinds: list[str] | None = None,
        dest: str | os.PathLike = "fec-bulk",
        base: str = download.FEC_BULK_BASE,
        replace: bool = True,
        force: bool = False,
        progress: Callable[[Path, int, int | None], None] | None = None,
        ingest_progress: Callable[[Path, int, int, int], None] | None = None,
    ) -> list[LoadResult]:
        """Download the cycle's bulk files (resuming, size-checked), then ingest them.

        A newer download of a file already loaded replaces the old rows (the FEC rebuilds
        its bulk files weekly); an unchanged file is a no-op.
        """
        check_cycle(cycle)
        urls = download.bulk_urls(cycle, kinds, base)
        dest = Path(dest) / str(cycle)
        paths = []
        with httpx.Client(follow_redirects=True, timeout=download.DEFAULT_TIMEOUT) as client:
            for url in urls.values():
                target = dest / url.rsplit("/", 1)[-1]
                cb = (lambda done, total, _t=target: progress(_t, done, total)) if progress else None
                paths.append(download.download(url, target, client=client, progress=cb, force=force))
        return self.ingest(paths, cycle=cycle, replace=replace, progress=ingest_progress)

    def fetch_filing(
        self,
        filing_ids: list[int],
        dest: str | os.PathLike = "fec-filings",
        base: str = download.FEC_FILING_BASE,
        force: bool = False,
        progress: Callable[[Path, int, int | None], None] | None = None,
    ) -> list[LoadResult]:
        """Download electronic filings by number (resuming, checked) and ingest them."""
        paths = []
        with httpx.Client(follow_redirects=True, timeout=download.DEFAULT_TIMEOUT) as client:
            for filing_id in filing_ids:
                target = Path(dest) / f"{int(filing_id)}.fec"
                cb = (lambda done, total, _t=target: progress(_t, done, total)) if progress else None
                paths.append(download.download(download.filing_url(filing_id, base), target, client=client,
                                               progress=cb, force=force))
        return self.ingest(paths, kind="fec")

    def load_demo(
        self,
        out_dir: str | os.PathLike = "demo-data",
        cycle: int = 2024,
        seed: int = 7,
        progress: Callable[[Path, int, int, int], None] | None = None,
        rows: int | None = None,
    ) -> list[LoadResult]:
        """Generate the synthetic demo cycle into ``out_dir`` and ingest it (marks the store synthetic).

        ``rows`` scales it (exactly that many itcont rows loaded; see ``generate_cycle``).
        Refuses a store that already holds real data: invented figures must never mix with real ones.
        """
        from .sources.demo import generate_cycle

        real = self.store.con.execute("SELECT count(*) FROM loads WHERE status = 'loaded'").fetchall()[0][0]
        if real and not self.synthetic:
            raise MoneytrailError(
                f"{self.store.path} holds real data; the synthetic demo goes into its own store "
                "(e.g. --db moneytrail-demo.duckdb)"
            )
        generated = generate_cycle(Path(out_dir), cycle=cycle, seed=seed, rows=rows)
        paths = generated[0] if isinstance(generated, tuple) else generated
        self.store.set_meta("synthetic", "true")
        registry = getattr(getattr(generated, "manifest", None), "network_registry", None)
        if registry:
            self.store.set_meta("demo_registry", str(Path(registry).resolve()))
        return self.ingest(paths, replace=True, progress=progress)

    def export_parquet(self, out: str | os.PathLike) -> dict:
        """Write every table as Parquet partitioned by cycle (see export/parquet.py)."""
        from .export import parquet

        return parquet.export(self.store, out)

    def loads(self) -> list[dict]:
        return _plain(self.store.loads().to_pylist())

    def rejects(self, load_id: int | None = None, limit: int = 100, action: str | None = None) -> list[dict]:
        return _plain(self.store.rejects(load_id=load_id, limit=limit, action=action).to_pylist())

    def rows(self, refs: list[str], limit: int = 500) -> dict[str, list[dict]]:
        return {t: _plain(tbl.to_pylist()) for t, tbl in self.model.rows(refs, limit=limit).items()}

    # -- questions ----------------------------------------------------------------------

    def _require(self, kinds: list[str], cycle: int) -> list[str]:
        """Notes naming the files of this cycle that are not loaded (answers are partial without them)."""
        return [
            f"no {k} file loaded for {cycle} ({LAYOUTS[k].title}): figures from it are missing"
            for k in kinds
            if cycle not in self.model.loaded_cycles(k)
        ]

    def race(self, key: str, cycle: int) -> dict:
        """One row per person in the race (the id of this cycle's run, the ids behind it), each figure a
        :class:`Figure`: summary money as reported, outside spending and committee money with their
        coverage, or "not loaded" naming the file that would give them."""
        race = RaceKey.parse(key)
        check_cycle(cycle)
        m = self.model
        cands = mc.race_members(m, race, cycle)
        notes = self._require(["cn", "ccl", "weball", "itpas2", "ie"], cycle)
        if not cands:
            raise NotFound(f"no candidates for {race} in {cycle}", self._race_suggestions(race, cycle))
        in_race = {c["cand_id"]: [c["cand_id"], *(o["cand_id"] for o in c["other_ids"] if o["in_race"])]
                   for c in cands}
        ids = [i for group in in_race.values() for i in group]
        committees = mc.candidate_committees(m, ids, cycle)
        cmte_rows = records(committees)
        gifts = records(mcontrib.by_giver(m, mcontrib.to_candidates(m, ids, cycle), cycle))
        ies = records(mies.by_spender(m, cycle, cand_ids=ids))
        pas2, ie_src = mcov.source(m, "itpas2", cycle), mcov.ie_source(m, cycle)
        for c in cands:
            mine = in_race[c["cand_id"]]
            c["committees"] = [r for r in cmte_rows if r["cand_id"] in mine]
            c["outside"] = outside_figures(ie_src, [r for r in ies if r["cand_id"] in mine])
            c["committee_money"] = committee_figures(pas2, [g for g in gifts if g["to_cand_id"] in mine])
            c["itemized_coverage"] = itemized_against_summary(c["committee_money"], c["summary"], pas2)
            for f, _label in mc.SUMMARY_FIGURES:
                c.pop(f, None)
        contests = [x for y in (cycle - 1, cycle) for x in melections.contests(m, race, y)]
        by_id = {i: c for c in cands for i in in_race[c["cand_id"]]}
        for contest in contests:
            for rc in contest["candidates"]:
                c = by_id.get(rc["cand_id"])
                receipts = c["summary"]["ttl_receipts"] if c else None
                rc["person_cand_id"] = c["cand_id"] if c else None
                rc["receipts"] = receipts
                rc["outside"] = c["outside"] if c else None
                rc["dollars_per_vote"] = dollars_per_vote(receipts, rc["votes"])
        rep = _plain(
            {
                "synthetic": self.synthetic,
                "race": str(race),
                "title": race.title,
                "cycle": cycle,
                "candidates": cands,
                "committee_money": gifts,
                "independent_expenditures": ies,
                "results": contests,
                "donors": self.top_donors(cycle, committees=[r["cmte_id"] for r in cmte_rows]),
                "notes": notes,
                "definitions": _DEFINITIONS,
            }
        )
        rep["story"] = mstory.race_story(rep)
        return rep

    def filing(self, filing_id: int) -> dict:
        """One filing: its cover, its amendment chain (what it amends, what amends it, which counts),
        and per schedule the rows and total amount, with the rows behind each."""
        m = self.model
        f = mfilings.filings(m)
        rows = records(f.filter(f.filing_id == filing_id).drop("cover", "header"))
        if not rows:
            known = [r["filing_id"] for r in records(f.select("filing_id").order_by("filing_id").limit(20))]
            raise NotFound(f"no filing {filing_id} loaded", [str(k) for k in known][:5])
        filing = rows[0]
        extra = records(f.filter(f.filing_id == filing_id).select("cover", "header"))[0]
        chain = mfilings.chain(m, filing_id)
        current = next((c["filing_id"] for c in chain if c["current"]), None)
        return _plain({
            "synthetic": self.synthetic,
            "filing": filing,
            "cover": dict(extra["cover"] or []),
            "header": dict(extra["header"] or []),
            "chain": chain,
            "current_filing_id": current,
            "amends": filing["amends_filing_id"],
            "amended_by": [c["filing_id"] for c in chain if c["filing_id"] > filing_id],
            "schedules": mfilings.schedule_totals(m, filing_id),
            "figures": _cover_figures(filing),
            "cover_lines": mfilings.cover_lines(dict(extra["cover"] or [])),
            "bulk_rows": mfilings.row_tables(m, filing_id),
            "links": mfilings.fec_links(filing["filer_id"], filing_id),
            "definitions": {"amendments": mfilings.__doc__.strip()},
        })

    def filing_rows(self, filing_id: int, table: str, page: int = 1, size: int | None = 50,
                    sort: str | None = None, desc: bool = False) -> dict:
        """One page of a filing's rows in one table (``size=None``: every row), each with its FEC image link."""
        try:
            rows, total, columns = mfilings.rows_page(self.model, filing_id, table, page, size or 0, sort, desc)
        except KeyError:
            raise NotFound(f"no table {table!r} for a filing's rows", sorted(mfilings.BULK_WITH_FILE_NUM)) from None
        except ValueError:
            raise MoneytrailError(f"cannot sort by {sort!r}; sort by one of the columns") from None
        for r in rows:
            if "image_num" in r:
                r["image_url"] = mfilings.image_url(r["image_num"])
        return _plain({"filing_id": filing_id, "table": table, "page": page, "size": size, "sort": sort,
                       "desc": desc, "total_rows": total, "pages": max(1, -(-total // size)) if size else 1,
                       "columns": columns + (["image_url"] if "image_num" in columns else []), "rows": rows,
                       "labels": {c: mfilings.label(c) for c in columns} | {"image_url": "Page image at the FEC"}})

    def results(self, key: str, year: int) -> dict:
        """Every stage of a race in one election year: votes, shares, margin, who advanced, FEC ids."""
        race = RaceKey.parse(key)
        contests = melections.contests(self.model, race, year)
        if not contests:
            r = self.model.ib.table("results")
            seat = r.filter((r.state == race.state) & (r.office == race.office) & (r.district == race.district))
            years = sorted(int(x["year"]) for x in records(seat.select("year").distinct()))
            hint = [f"years with results for {race}: {', '.join(map(str, years))}"] if years else []
            if not records(r.select("year").limit(1)):
                hint = ["no election results are loaded: moneytrail ingest 1976-2024-house.tab"]
            raise NotFound(f"no results for {race} in {year}", hint)
        return _plain({"race": str(race), "title": race.title, "year": year, "contests": contests,
                       "definitions": {"results": melections.__doc__.strip()}})

    def candidate(self, cand_id: str, cycle: int) -> dict:
        """A candidate from any of the person's ids: the run of this cycle, the person's other ids, the
        summary as Figures, committee money and outside spending with their coverage."""
        check_cycle(cycle)
        m = self.model
        cand_id = cand_id.strip().upper()
        c = mc.candidate_member(m, cand_id, cycle)
        if c is None:
            person = mpersons.person_of(m, cand_id)
            hint = ([f"{person.name} ({', '.join(person.cand_ids)}) in cycle(s) {', '.join(map(str, person.cycles))}"]
                    if person else self._id_suggestions("cn", "cand_id", cand_id, cycle))
            raise NotFound(f"no candidate {cand_id} in {cycle}", hint)
        run = c["cand_id"]
        ids = _run_ids(c)
        info = records(mc.candidate_row(m, run, cycle))
        info = info[0] if info else {}
        committees = mc.candidate_committees(m, ids, cycle)
        gifts = records(mcontrib.by_giver(m, mcontrib.to_candidates(m, ids, cycle), cycle))
        ies = records(mies.by_spender(m, cycle, cand_ids=ids))
        pas2 = mcov.source(m, "itpas2", cycle)
        money_figs = committee_figures(pas2, gifts)
        person = mpersons.person_of(m, run)
        return _plain(
            {
                "cand_id": run,
                "asked": cand_id,
                "person_id": c["person_id"],
                "other_ids": c["other_ids"],
                "cycle": cycle,
                "name": c["name"],
                "party": c["party"],
                "race": c["race"],
                "ici": c["ici"],
                "election_yr": c["election_yr"],
                "pcc": c["pcc"],
                "cn_ref": info.get("row_ref"),
                "committees": records(committees),
                "summary": c["summary"],
                "summary_source": {"kind": c["summary_kind"], "cvg_end_dt": c["cvg_end_dt"],
                                   "row_ref": c["summary_ref"]} if c["summary_ref"] else None,
                "committee_money": gifts,
                "committee_money_totals": money_figs,
                "itemized_coverage": itemized_against_summary(money_figs, c["summary"], pas2),
                "independent_expenditures": ies,
                "outside": outside_figures(mcov.ie_source(m, cycle), ies),
                "donors": self.top_donors(cycle, committees=[r["cmte_id"] for r in records(committees)]),
                "person_links": [{"a": k.a, "b": k.b, "reason": k.reason} for k in person.links] if person else [],
                "notes": c["notes"] + self._require(["cn", "weball", "itpas2", "ie"], cycle),
                "definitions": {**_DEFINITIONS, "persons": mpersons.__doc__.strip()},
            }
        )

    def career(self, cand_id: str) -> dict:
        """A person's career in one call, from any of their ids: per loaded cycle the id that ran, the
        office, total receipts (summary, counted once across the person's ids), outside spending for and
        against the run (as on the candidate page) and election results."""
        m = self.model
        cand_id = cand_id.strip().upper()
        person = mpersons.person_of(m, cand_id)
        if person is None:
            raise NotFound(f"no candidate {cand_id} in any loaded candidate or summary file",
                           self._id_suggestions("cn", "cand_id", cand_id, 0))
        runs = []
        for cycle in person.cycles:
            c = mc.candidate_member(m, person.cand_ids[0] if cand_id not in person.cand_ids else cand_id, cycle)
            if c is None:
                continue
            race = RaceKey.parse(c["race"]) if c["race"] else None
            results = []
            if race is not None:
                for year in (cycle - 1, cycle):
                    for contest in melections.contests(m, race, year):
                        for rc in contest["candidates"]:
                            if rc["cand_id"] in person.cand_ids:
                                results.append({"year": year, "stage": contest["stage"],
                                                "special": contest["special"], "votes": rc["votes"],
                                                "share": rc["share"], "result": rc["result"],
                                                "source_kind": contest["source_kind"], "cand_id": rc["cand_id"],
                                                "row_refs": rc["row_refs"]})
            ies = records(mies.by_spender(m, cycle, cand_ids=_run_ids(c)))
            outside = outside_figures(mcov.ie_source(m, cycle), ies)
            runs.append({"cycle": cycle, "cand_id": c["cand_id"], "race": c["race"], "party": c["party"],
                         "receipts": c["summary"]["ttl_receipts"], "disbursements": c["summary"]["ttl_disb"],
                         "cash_on_hand": c["summary"]["coh_cop"], "counted_under": c.get("counted_under"),
                         "outside_support": outside["support"], "outside_oppose": outside["oppose"],
                         "results": results, "notes": c["notes"]})
        return _plain({
            "person_id": person.person_id, "name": person.name, "state": person.state, "asked": cand_id,
            "ids": [i.to_json() for i in person.ids], "races": list(person.races), "cycles": runs,
            "links": [{"a": k.a, "b": k.b, "reason": k.reason} for k in person.links],
            "notes": [f"no summary file (weball/webl) loaded for {c}" for c in person.cycles
                      if c not in m.loaded_cycles("weball") and c not in m.loaded_cycles("webl")],
            "definitions": {"persons": mpersons.__doc__.strip(), "summary": mc.__doc__.strip(),
                            "independent_expenditures": mies.__doc__.strip()},
        })

    def persons(self, name: str, state: str | None = None) -> list[dict]:
        """Persons whose filed name agrees with ``name``, over every loaded cn, weball and webl file."""
        return _plain([p.to_json() for p in mpersons.find_persons(self.model, name, state)])

    def committee(self, cmte_id: str, cycle: int) -> dict:
        check_cycle(cycle)
        m = self.model
        cmte_id = cmte_id.strip().upper()
        cm = records(mc.committee_master(m, cycle).filter(lambda t: t.cmte_id == cmte_id))
        webk = m.bulk("webk", cycle)
        webk = records(
            webk.filter(webk.cmte_id == cmte_id).order_by([webk.cvg_end_dt.desc(), webk.load_id.desc()]).limit(1)
        )
        fl = mfilings.filings(m)
        own_filings = records(fl.filter((fl.filer_id == cmte_id) & (fl.cycle == cycle)).select(
            "filing_id", "form_type", "report_code", "report_type", "coverage_from", "coverage_through",
            "date_signed", "receipts", "disbursements", "cash_on_hand_close", "current", "superseded_by",
            "row_ref").order_by("filing_id"))
        if not cm and not webk and not own_filings:
            raise NotFound(f"no committee {cmte_id} in {cycle}", self._id_suggestions("cm", "cmte_id", cmte_id, cycle))
        info = cm[0] if cm else {}
        summary = webk[0] if webk else {}
        given = records(mcontrib.from_committee(m, cmte_id, cycle))
        ies = records(mies.by_spender(m, cycle, spender=cmte_id))
        return _plain(
            {
                "cmte_id": cmte_id,
                "cycle": cycle,
                "name": info.get("cmte_nm") or summary.get("cmte_nm"),
                "type": info.get("cmte_tp") or summary.get("cmte_tp"),
                "designation": info.get("cmte_dsgn") or summary.get("cmte_dsgn"),
                "party": info.get("cmte_pty_affiliation"),
                "connected_org": info.get("connected_org_nm"),
                "cand_id": info.get("cand_id"),
                "cm_ref": info.get("row_ref"),
                "summary": {k: v for k, v in summary.items() if k not in ("cycle", "load_id", "line_no", "row_ref")
                            and not k.endswith("_raw")},
                "summary_ref": summary.get("row_ref"),
                "summary_figures": {k: Figure.known(v, f"webk {k}", refs=[summary["row_ref"]])
                                    for k, v in summary.items() if isinstance(v, Decimal)},
                "given_to_candidates": given,
                "given_totals": mcontrib.category_totals(given),
                "independent_expenditures": ies,
                "ie_totals": mies.outside_totals(ies),
                "filings": own_filings,
                "notes": self._require(["cm", "webk", "itpas2", "ie"], cycle),
                "definitions": _DEFINITIONS,
            }
        )

    # -- networks ---------------------------------------------------------------------------

    def registry(self, extra: list[str | os.PathLike] | None = None) -> mreg.Registry:
        """The packaged network registry plus the user's YAML files (a later key replaces an earlier one).

        On the synthetic demo store the demo's own (synthetic) network registry is added too.
        """
        extra = list(extra or [])
        meta = self.model.ib.table("meta")
        found = records(meta.filter(meta.key == "demo_registry").select("value"))
        demo = found[0]["value"] if found else None
        if demo and self.synthetic and Path(demo).is_file() and Path(demo) not in map(Path, extra):
            extra.insert(0, demo)
        return mreg.load(extra)

    def networks_list(self, registry: list[str | os.PathLike] | None = None) -> list[dict]:
        reg = self.registry(registry)
        return [{"network": n.key, "name": n.name, "aliases": list(n.aliases), "description": n.description,
                 "registry": n.origin,
                 "committees": [{"cmte_id": m.id, "name": m.name, "roles": list(m.roles), "source": m.source,
                                 "first_cycle": m.first_cycle, "verified": m.verified} for m in n.members]}
                for n in reg.networks.values()]

    def networks_check(self, registry: list[str | os.PathLike] | None = None,
                       cycles: list[int] | None = None) -> dict:
        """Every registry committee id against each loaded cycle's committee master."""
        rows = mnet.check(self.model, self.registry(registry), cycles)
        flagged = [r for r in rows if r["status"] in ("missing", "name differs")]
        notes = [] if self.model.loaded_cycles("cm") else ["no committee master (cm) loaded: nothing to check"]
        return _plain({"synthetic": self.synthetic, "checks": rows, "flagged": len(flagged), "notes": notes})

    def network(self, name: str, cycle: int, registry: list[str | os.PathLike] | None = None) -> dict:
        """Money from or through one network in a cycle: by role, per race, per candidate, by party."""
        check_cycle(cycle)
        rep = mnet.report(self.model, self.registry(registry), name, cycle)
        # the record reads the plain amounts (its own not-loaded rule), so before they become Figures
        record = mrecord.network_record(self.model, rep["candidates"], cycle,
                                        mrecord.missing_files(self.model, cycle)).to_json()
        srcs = network_sources(self.model, cycle)
        for d in [rep["totals"], *rep["by_role"].values(), *rep["committees"], *rep["candidates"], *rep["races"]]:
            network_figures(d, srcs)
        for p in rep["recipients_by_party"].values():
            p["received_total"] = _combine([srcs["direct"], srcs["earmarked"]], p["received_total"],
                                           "direct + earmarked")
        rep["notes"] = self._require(["cm", "cn", "ccl", "itcont", "itpas2", "ie", "webk"], cycle)
        rep["synthetic"] = self.synthetic
        rep["record"] = record
        rep["definitions"] = {"networks": mnet.__doc__.strip(), "earmarks": mnet.earmarks.__doc__.strip(),
                              "record": mrecord.__doc__.strip()}
        return _plain(rep)

    def candidate_networks(self, cand_id: str, cycle: int,
                           registry: list[str | os.PathLike] | None = None) -> dict:
        """Per network: direct, earmarked, IE for and against this candidate; plus small-dollar share and
        the organizations the candidate's donors work for."""
        check_cycle(cycle)
        cand_id = cand_id.strip().upper()
        reg = self.registry(registry)
        m = self.model
        touching = mnet.receipts_touching(m, cand_id, cycle)
        srcs = network_sources(m, cycle)
        nets = mnet.candidate_networks(m, reg, cand_id, cycle)
        for n in nets:
            network_figures(n, srcs)
        return _plain({
            "cand_id": cand_id, "cycle": cycle, "synthetic": self.synthetic,
            "networks": nets,
            "sources": {f: {"status": src.status.value, "files": list(src.files), "through": src.through,
                            "missing": src.missing} for f, src in srcs.items()},
            "small_dollar": small_dollar_figures(
                mindiv.small_dollar(m, cycle, [cand_id], reg.conduits(), touching)[0], srcs["earmarked"]),
            "top_organizations": mindiv.top_organizations(m, cycle, cand_id, reg.conduits(), rows=touching),
            "notes": self._require(["cn", "ccl", "itcont", "itpas2", "ie", "weball"], cycle),
            "definitions": {"networks": mnet.__doc__.strip(), "individuals": mindiv.__doc__.strip()},
        })

    def search(self, text: str, limit: int = 20) -> list[dict]:
        """Candidates and committees whose name or id matches, best first, across loaded cycles."""
        q = text.strip()
        if not q:
            raise MoneytrailError("search for something, e.g. moneytrail search gomez")
        rows = self.store.con.sql(
            """
            WITH hits AS (
              SELECT 'candidate' AS type, cand_id AS id, cand_name AS name, cycle,
                     cand_office_st || CASE WHEN cand_office = 'H' THEN '-' || lpad(cand_office_district, 2, '0')
                                            WHEN cand_office = 'S' THEN '-SEN' ELSE '' END AS detail,
                     cand_pty_affiliation AS party
              FROM bulk_cn
              UNION ALL
              SELECT 'committee', cmte_id, cmte_nm, cycle, cmte_tp || '/' || coalesce(cmte_dsgn, ''),
                     cmte_pty_affiliation
              FROM bulk_cm
            )
            SELECT type, id, any_value(name) AS name, list(DISTINCT cycle ORDER BY cycle) AS cycles,
                   any_value(detail) AS detail, any_value(party) AS party,
                   max(greatest(jaro_winkler_similarity(lower(name), lower($q)),
                                CASE WHEN contains(lower(name), lower($q)) THEN 1 ELSE 0 END,
                                CASE WHEN upper(id) = upper($q) THEN 2 ELSE 0 END)) AS score
            FROM hits
            WHERE contains(lower(name), lower($q)) OR upper(id) LIKE upper($q) || '%'
               OR jaro_winkler_similarity(lower(name), lower($q)) > 0.85
            GROUP BY type, id
            ORDER BY score DESC, type, id
            LIMIT $limit
            """,
            params={"q": q, "limit": limit},
        ).to_arrow_table()
        return _plain(rows.to_pylist())

    def check(self, text: str, date=None) -> dict:
        """Every checkable claim of an article with a verdict, the figures computed, their definitions
        and the rows behind them (see moneytrail.claims)."""
        from .claims.check import check_article

        return _plain(check_article(self.model, text, date))

    # -- donors ---------------------------------------------------------------------------

    def resolve_donors(self, cycle: int | None = None, retrain: bool = False, threshold: float | None = None,
                       backend: str = "duckdb", spark=None) -> dict:
        """Resolve individual contributions into donors (new rows join existing donors; ids stay)."""
        from .model import resolution

        return resolution.resolve(self.store.con, cycle=cycle, retrain=retrain,
                                  threshold=threshold or resolution.THRESHOLD, backend=backend, spark=spark)

    def _donors_ready(self) -> bool:
        try:
            dr = self.model.ib.table("donor_records")
            return bool(records(dr.select("donor_id").limit(1)))
        except Exception:  # an engine or export without donor tables (Spark over an old export)
            return False

    def donor(self, name: str, state: str | None = None, limit: int = 200) -> dict:
        """Donors whose name matches: their contributions across committees, variants, and why merged."""
        if not self._donors_ready():
            raise MoneytrailError("no donors resolved yet: run moneytrail donors resolve")
        m = self.model
        ids = [r["donor_id"] for r in records(mdonors.find(m, name, state))]
        if not ids:
            raise NotFound(f"no donor named {name!r}" + (f" in {state.upper()}" if state else ""), [])
        rows = mdonors.contributions_of(m, ids)
        summaries = {r["donor_id"]: r for r in records(mdonors.summary(rows))}
        cols = ["donor_id", "row_ref", "sub_id", "cycle", "cmte_id", "name", "city", "state", "zip_code",
                "employer", "organization", "occupation", "transaction_dt", "transaction_amt", "transaction_tp",
                "memo_cd"]
        gifts = records(rows.select(*cols).limit(limit * len(ids)))
        out = []
        for i in sorted(ids, key=lambda d: -(summaries.get(d, {}).get("amount") or 0)):
            s = summaries.get(i, {"amount": 0, "gifts": 0})
            out.append({"donor_id": i, **{k: v for k, v in s.items() if k != "donor_id"},
                        "contributions": [g for g in gifts if g["donor_id"] == i][:limit],
                        "why_merged": records(mdonors.links(m, i).limit(50))})
        return _plain({"query": name, "state": state, "donors": out,
                       "definitions": {"donors": mdonors.__doc__.strip()}})

    def _committee_set(self, cycle: int, cand_id: str | None = None, race: str | None = None,
                       committees: list[str] | None = None) -> list[str]:
        if committees is not None:  # an explicit set, even an empty one (a race with no committee rows)
            return [c.strip().upper() for c in committees]
        m = self.model
        if race:
            ids = [c["cand_id"] for c in records(mc.race_candidates(m, RaceKey.parse(race), cycle))]
        else:
            ids = [cand_id.strip().upper()]
        return [r["cmte_id"] for r in records(mc.candidate_committees(m, ids, cycle))]

    def top_donors(self, cycle: int, cand_id: str | None = None, race: str | None = None,
                   committees: list[str] | None = None, limit: int = 10) -> dict:
        """Top resolved donors and organizations for a candidate, a race, or any committee set (a network)."""
        check_cycle(cycle)
        cmtes = self._committee_set(cycle, cand_id, race, committees)
        if not self._donors_ready() or not cmtes:
            return {"committees": cmtes, "donors": [], "organizations": [],
                    "notes": [] if cmtes else ["no committees"]}
        m = self.model
        return _plain({
            "committees": cmtes,
            "donors": records(mdonors.top_donors(m, cmtes, cycle, limit)),
            "organizations": records(mdonors.top_organizations(m, cmtes, cycle, limit)),
            "notes": [],
        })

    def donor_overlap(self, committees_a: list[str], committees_b: list[str], cycle: int | None = None,
                      limit: int = 50) -> dict:
        """Resolved donors who gave to both committee sets (two networks, a PAC and a candidate, ...)."""
        if not self._donors_ready():
            raise MoneytrailError("no donors resolved yet: run moneytrail donors resolve")
        a = [c.strip().upper() for c in committees_a]
        b = [c.strip().upper() for c in committees_b]
        both = mdonors.overlap(self.model, a, b, cycle)
        totals = records(both.aggregate(donors=both.count(), to_a=both.to_a.sum(), to_b=both.to_b.sum()))[0]
        return _plain({"committees_a": a, "committees_b": b, "cycle": cycle, **totals,
                       "top": records(both.limit(limit)), "definitions": {"donors": mdonors.__doc__.strip()}})

    # -- did you mean -----------------------------------------------------------------------

    def _id_suggestions(self, kind: str, col: str, value: str, cycle: int) -> list[str]:
        t = self.model.ib.table(LAYOUTS[kind].table)
        distance = t[col].levenshtein(value)
        near = (
            t.filter((t[col] == value) | (distance <= 2))
            .group_by(col)
            .aggregate(cycles=t.cycle.collect().unique(), distance=distance.min())
            .order_by(["distance", col])
            .limit(5)
        )
        out = []
        for r in records(near):
            if r[col] == value:
                out.append(f"{value} in cycle {', '.join(str(c) for c in sorted(r['cycles']))}")
            else:
                out.append(r[col])
        return out

    def _race_suggestions(self, race: RaceKey, cycle: int) -> list[str]:
        cn = self.model.ib.table("bulk_cn")
        seats = cn.filter((cn.cycle == cycle) & (cn.cand_office == "H") & (cn.cand_office_st == race.state))
        label = seats.cand_office_st + ibis.literal("-") + seats.cand_office_district.lpad(2, "0")
        rows = records(seats.select(r=label).distinct().order_by("r").limit(8))
        cycles = self.model.loaded_cycles("cn")
        out = [r["r"] for r in rows]
        if cycle not in cycles and cycles:
            out.append("cycles loaded: " + ", ".join(map(str, cycles)))
        return out

    # -- watching a race as filings arrive (issue 17) ------------------------------------

    def timeline(self, key: str, cycle: int | None = None) -> dict:
        """Every report and notice of a race's candidates and outside spenders, by date filed, with what each
        added (see model/timeline.py)."""
        from .model import timeline as mt

        race = RaceKey.parse(key)
        cycle = self._watch_cycle(cycle)
        scope = mt.race_scope(self.model, race, cycle)
        if not scope.candidates:
            raise NotFound(f"no candidates for {race} in {cycle}", self._race_suggestions(race, cycle))
        entries = mt.timeline(self.model, scope)
        notes = self._require(["ie"], cycle)
        if not any(e.source == "efile" for e in entries):
            notes.append(f"no .fec filing of {race}'s committees or outside spenders is loaded for {cycle}: reports "
                         f"appear once they are (moneytrail watch {race} --cycle {cycle}, or fetch --filing N)")
        return {
            "synthetic": self.synthetic, "race": str(race), "title": race.title, "cycle": cycle,
            "candidates": [{"cand_id": c.cand_id, "name": c.name} for c in scope.candidates],
            "committees": list(scope.committees),
            "entries": [e.to_json() for e in entries],
            "notes": notes,
            "definitions": {"timeline": mt.__doc__.strip(), "independent_expenditures": mies.__doc__.strip()},
        }

    def _watch_cycle(self, cycle: int | None) -> int:
        """The cycle asked for, else the latest with candidates loaded, else the current one."""
        if cycle is not None:
            check_cycle(cycle)
            return cycle
        loaded = self.model.loaded_cycles("cn") or self.model.loaded_cycles("weball")
        if loaded:
            return max(loaded)
        year = date.today().year
        return year + year % 2

    def watcher(self, race: str | None = None, cycle: int | None = None, committees: list[str] | None = None,
                networks: bool = False, registry: list[str | os.PathLike] | None = None,
                follow_networks: bool = True, **options):
        """A :class:`moneytrail.watch.Watcher` for a race, committees and/or the networks registry (options: dest,
        feed_base, filing_base, post_url, on_alert, clock, client)."""
        from . import watch as w

        parts = []
        if race:
            parts.append(w.race_target(self, race, self._watch_cycle(cycle), registry, networks=follow_networks))
        if committees:
            parts.append(w.committees_target(committees))
        if networks:
            parts.append(w.networks_target(self, registry))
        if not parts:
            raise MoneytrailError("watch what? name a race (moneytrail watch CA-34), --committee C00... or --networks")
        scope = next((t.scope for t in parts if t.scope is not None), None)
        target = w.Target(" + ".join(t.label for t in parts), tuple(sorted({c for t in parts for c in t.committees})),
                          tuple(sorted({f for t in parts for f in t.forms})), scope)
        return w.Watcher(self, target, **options)

    def watch_alerts(self, limit: int = 100) -> list[dict]:
        """The alerts made so far, newest first, with whether their POST went through."""
        from .store.watch import WatchState

        return _plain(WatchState(self.store.con).alerts(limit))


_DEFINITIONS = {
    "results": melections.__doc__.strip(),
    "summary": mc.__doc__.strip(),
    "committee_money": mcontrib.__doc__.strip(),
    "independent_expenditures": mies.__doc__.strip(),
    "donors": mdonors.__doc__.strip(),
}
