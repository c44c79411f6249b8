"""``Trail``: the library API. The CLI and the web app are thin layers over it.

Each answer is a typed report (model/reports.py) that also reads as its JSON mapping; its figures
carry ``row_refs``: references ``table:load_id:line_no`` that :meth:`Trail.rows` turns back into
source rows.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb

from .encoding import plain as _plain  # trail._plain stays a name other modules may use
from .errors import IngestError, MoneytrailError, NotFound
from .lazy import lazy_module
from .model import definitions as mdefs
from .model.base import Model, records
from .model.figures import Coverage, Figure, Status, money
from .model.keys import RaceKey, check_cycle
from .sources.addresses import FEC_BULK_BASE, FEC_FILING_BASE
from .sources.layouts import LAYOUTS
from .store import built
from .store.store import DEFAULT_DB, LoadResult, Store

# Loading files needs none of these: they are imported when a question first needs them (see lazy.py).
httpx = lazy_module("httpx")
ibis = lazy_module("ibis")
download = lazy_module("moneytrail.sources.download")
store_ingest = lazy_module("moneytrail.store.ingest")  # the readers: only a load needs them
mc = lazy_module("moneytrail.model.candidates")
mcontrib = lazy_module("moneytrail.model.contributions")
mcov = lazy_module("moneytrail.model.coverage")
mdonors = lazy_module("moneytrail.model.donors")
mearmarks = lazy_module("moneytrail.model.earmarks")
melections = lazy_module("moneytrail.model.elections")
mfilings = lazy_module("moneytrail.model.filings")
mies = lazy_module("moneytrail.model.ies")
mindiv = lazy_module("moneytrail.model.individuals")
mnet = lazy_module("moneytrail.model.networks")
nanswers = lazy_module("moneytrail.model.network_answers")
mpersons = lazy_module("moneytrail.model.persons")
mrecord = lazy_module("moneytrail.model.record")
R = lazy_module("moneytrail.model.reports")
mreg = lazy_module("moneytrail.model.registry")
mstory = lazy_module("moneytrail.model.story")


def _say(message: str) -> None:
    """How a Trail says that it is building the model: one line on stderr."""
    print(message, file=sys.stderr)


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


# figure definitions live in model/definitions.py; these names stay for code that imports them
OUTSIDE_DEFINITION = {side: mdefs.label(f"outside_{side}") for side in ("support", "oppose", "unknown")}
COMMITTEE_DEFINITION = mdefs.label("committee_money") + ": {cat}"


def outside_figures(src: mcov.Source, rows: list[dict]) -> dict:
    """Support / oppose / unknown outside spending as figures (not loaded without an IE source)."""
    tot = mies.outside_totals(rows)
    out = {}
    for side in ("support", "oppose", "unknown"):
        refs = [x for r in rows if r["support_oppose"] == side for x in r["row_refs"]]
        out[side] = src.figure(tot[side], OUTSIDE_DEFINITION[side], refs)
    out["periodic"] = {side: src.figure(v, mdefs.label("ie_periodic")) for side, v in
                       tot["periodic"].items()}
    return out


def _run_ids(member: dict) -> list[str]:
    """The ids a cycle's run is counted under: the run's own and the person's other ids filed in that race."""
    return [member["cand_id"], *(o["cand_id"] for o in member["other_ids"] if o["in_race"])]


def committee_figures(src: mcov.Source, gifts: list[dict]) -> dict:
    """Per category (contribution always), the itpas2 total as a figure with the file's coverage."""
    totals = mcontrib.category_totals(gifts)
    cats = ["contribution", *sorted(c for c in totals if c != "contribution")]
    return {cat: src.figure(totals.get(cat, 0), COMMITTEE_DEFINITION.format(cat=mdefs.code("category", cat)),
                            [x for g in gifts if g["category"] == cat for x in g["row_refs"]]) for cat in cats}


def webk_figures(src: mcov.Source, summary: dict) -> dict:
    """A committee's webk row as figures: known, or partial when the webk file is an early snapshot, through
    the row's own coverage end."""
    cov = Coverage(src.files, None, summary.get("cvg_end_dt"), src.coverage.note if src.coverage else None)
    return {k: Figure(money(v), src.status, mdefs.label(k), cov, (summary["row_ref"],))
            for k, v in summary.items() if isinstance(v, Decimal)}


def itemized_against_summary(committee_money: dict, summary: dict, src: mcov.Source) -> dict | None:
    """The itemized committee gifts loaded beside the summary's PAC + party total for the same money:
    "itemized rows loaded: $42,500.00 of $946,153.34 reported, through 2023-03-31"."""
    pac, party = summary["other_pol_cmte_contrib"], summary["pol_pty_contrib"]
    itemized = committee_money["contribution"]
    if not (pac.has_value or party.has_value) or itemized.status is Status.NOT_LOADED:
        return None
    parts = [f for f in (pac, party) if f.has_value]  # a line the summary lacks is not counted as $0
    reported = money(sum(f.amount for f in parts))
    definition = f"{pac.definition} + {party.definition.lower()} (summary)"
    if len(parts) == 2 and parts[0].status is parts[1].status:
        rep = Figure(reported, pac.status, definition, pac.coverage, pac.refs)
    else:
        lacking = party if parts[0] is pac else pac
        cov = next((f.coverage for f in parts if f.status is Status.PARTIAL and f.coverage), None) or Coverage(
            note=f"{parts[0].definition} only: the summary row has no {lacking.definition}")
        rep = Figure.partial(reported, cov, definition, refs=parts[0].refs)
    through = src.through.isoformat() if src.through else "no dated rows"
    text = (f"itemized rows loaded: {itemized.text().split(' (')[0]} of {rep.text().split(' (')[0]} reported "
            f"(PACs and parties), through {through}")
    return {"itemized": itemized, "reported": rep, "text": text, "complete": itemized.is_known}


def dollars_per_vote(receipts: Figure | None, votes: int | None) -> Figure | None:
    """Total receipts for the cycle (summary) over votes in one contest, in exact cents."""
    if receipts is None or not votes:
        return None
    if not receipts.has_value:
        return Figure(None, receipts.status, mdefs.label("dollars_per_vote"), receipts.coverage,
                      missing=receipts.missing)
    per = (receipts.amount / votes).quantize(Decimal("0.01"))
    return Figure(per, receipts.status, mdefs.label("dollars_per_vote"), receipts.coverage,
                  receipts.refs)


def network_sources(m: Model | None, cycle: int, sources: dict[str, mcov.Source] | None = None
                    ) -> dict[str, mcov.Source]:
    """Which files each network figure comes from: direct gifts itpas2, earmarks itcont, IEs the IE sources
    (``sources``: every kind's, read from the built model; else asked of the model ``m``)."""
    if sources is not None:
        return {"direct": sources["itpas2"], "earmarked": sources["itcont"], "ie_support": sources["ie"],
                "ie_oppose": sources["ie"]}
    ie = mcov.ie_source(m, cycle)
    return {"direct": mcov.source(m, "itpas2", cycle), "earmarked": mcov.source(m, "itcont", cycle),
            "ie_support": ie, "ie_oppose": ie}


NETWORK_DEFINITIONS = {f: mdefs.label(f) for f in ("direct", "earmarked", "ie_support", "ie_oppose")}


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
                                       mdefs.label("received_total"))


def small_dollar_figures(sd: dict, itcont: mcov.Source) -> dict:
    """The small-dollar estimate only where it can be right: itcont loaded for the whole cycle (otherwise
    every unloaded itemized dollar would pass for unitemized), and itemized rows that fit inside the
    summary's individual total; the itemized rows are an amount (``itemized_amount``), not a count."""
    total = sd["summary_indiv"]
    itemized = sd.pop("itemized_rows")
    sd["itemized_amount"] = itcont.figure(itemized, mdefs.label("itemized_amount"))
    sd["summary_indiv"] = (Figure.known(total, mdefs.label("summary_indiv"),
                                        refs=[sd["summary_ref"]] if sd["summary_ref"] else ())
                           if total is not None else Figure.not_loaded(mcov.describe_missing("weball", itcont.cycle),
                                                                       mdefs.label("summary_indiv")))
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
        sd["unitemized_estimate"] = Figure.not_applicable(mdefs.label("unitemized_estimate"), reason)
        sd["small_dollar_share"] = Figure.not_applicable(mdefs.label("small_dollar_share"), reason, unit="share")
    else:
        sd["unitemized_estimate"] = Figure.known(total - itemized, mdefs.label("unitemized_estimate"))
        share = (Decimal(total - itemized) / Decimal(total)).quantize(Decimal("0.0001")) if total else None
        sd["small_dollar_share"] = (Figure.known(share, mdefs.label("small_dollar_share"), unit="share")
                                    if share is not None else
                                    Figure.not_applicable(mdefs.label("small_dollar_share"), "no individual money",
                                                          unit="share"))
    for k in ("earmarked_rows", "rows_200_or_less"):
        sd[k] = itcont.figure(sd[k], mdefs.label(k))
    return sd


class Trail:
    """A store plus the model over it.

    Reports read the built model (store/built.py) with plain SQL; the Ibis model is created only
    when something needs it (a build, a question the built model does not hold)."""

    def __init__(self, db: str | os.PathLike = DEFAULT_DB, read_only: bool = False,
                 memory_limit: str | None = None):
        self.store = Store(db, read_only=read_only, memory_limit=memory_limit)
        self._model: Model | None = None
        self._parquet_con = None
        self._memory_limit = memory_limit
        self.on_build: Callable[[str], None] = _say

    @classmethod
    def over(cls, store: Store) -> Trail:
        trail = cls.__new__(cls)
        trail.store, trail._model, trail._parquet_con, trail._memory_limit = store, None, None, None
        trail.on_build = _say
        return trail

    @property
    def model(self) -> Model:
        """The model over the store, made when a question first needs it: loading files never starts Ibis."""
        if self._model is None:
            from .model.base import Model

            self._model = Model(self.store.con)
        return self._model

    @model.setter
    def model(self, value: Model) -> None:
        self._model = value

    @property
    def con(self):
        """The DuckDB connection reports read from: the store, or (Spark) DuckDB over the Parquet export."""
        return self._parquet_con if self._parquet_con is not None else self.store.con

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
        if self._parquet_con is not None:
            self._parquet_con.close()

    def __enter__(self) -> Trail:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @classmethod
    def on_spark(cls, parquet_dir: str | os.PathLike, session=None) -> Trail:
        """The same questions over a Parquet export: the built model's tables are computed by Spark with
        the same definitions (written beside the export, once) and read through DuckDB (search stays
        DuckDB-only); the rest of the model runs on Spark."""
        import duckdb

        from .model import build as mbuild
        from .model.engines import spark_model
        from .store import built

        trail = cls.__new__(cls)
        trail.store, trail._memory_limit, trail.on_build = None, None, _say
        trail._model = spark_model(parquet_dir, session)
        con = duckdb.connect()
        folder = Path(parquet_dir)
        for table_dir in sorted(p for p in folder.iterdir() if p.is_dir() and p.name != "built"):
            files = str(table_dir / "**" / "*.parquet").replace("'", "''")
            con.execute(f"CREATE VIEW {table_dir.name} AS SELECT * FROM read_parquet('{files}', "
                        "hive_partitioning = true, union_by_name = true)")
        # built once per export: the export's manifest is copied beside what was built from it
        manifest, mark = folder / "manifest.json", folder / "built" / "manifest.json"
        missing = [n for n in mbuild.definitions() if not (folder / "built" / n).is_dir()]
        changed = mark.is_file() and mark.read_bytes() != manifest.read_bytes()
        if missing or changed or not mark.is_file():
            why = "the export changed" if changed else f"{', '.join(missing) or 'the model'} not built yet"
            trail.on_build(f"building the model on Spark for {folder}: {why}")
            if (folder / "built").is_dir():
                shutil.rmtree(folder / "built")
            mbuild.build_parquet(trail._model, folder, built.loaded_cycles(con))
            mark.write_bytes(manifest.read_bytes())
        built.attach_parquet(con, folder)
        trail._parquet_con = con
        return trail

    @property
    def synthetic(self) -> bool:
        """True for a store built from the demo generator's invented data."""
        return self._meta().get("synthetic") == "true"

    def _meta(self) -> dict[str, str]:
        """The store's meta rows (plain SQL on a store; through the model on another engine)."""
        if self.store is not None:
            return dict(self.store.con.execute("SELECT key, value FROM meta").fetchall())
        return {r["key"]: r["value"] for r in records(self.model.ib.table("meta").select("key", "value"))}

    # -- the built model ---------------------------------------------------------------

    def build(self, cycles: Iterable[int] | None = None, force: bool = False,
              progress: Callable | None = None) -> list:
        """Materialise what is stale of the built model (every table with ``force``); see model/build.py."""
        from .model import build as mbuild

        return mbuild.build(self.model, cycles, force=force, progress=progress)

    def _ready(self, cycle: int | None = None):
        """The connection to read the built model from, current for ``cycle`` (every cycle: None).

        A stale model is rebuilt first: by this Trail when it can write, else by reopening the store
        writable for the build (a read-only CLI call); when that is not possible, one clear error."""
        if self._parquet_con is not None:
            return self._parquet_con
        from .model import build as mbuild
        from .store import built

        con = self.store.con
        cycles = built.loaded_cycles(con)
        stale = mbuild.stale(con, [c for c in cycles if cycle is None or c == cycle])
        if not stale:
            return con
        why = stale[0].reason
        where = f"for {cycle}" if cycle else "for every loaded cycle"
        if con.execute("SELECT current_setting('access_mode')").fetchall()[0][0] != "read_only":
            self.on_build(f"building the model {where}: {why}")
            self.build()
            return con
        path = self.store.path
        self.store.close()
        try:
            with Trail(path, memory_limit=self._memory_limit) as writer:
                self.on_build(f"building the model {where}: {why}")
                writer.build()
        except MoneytrailError:
            raise MoneytrailError(f"the built model of {path} is not current {where} ({why}) and the store cannot "
                                  f"be opened for writing here: run moneytrail build --db {path}") from None
        finally:
            self.store = Store(path, read_only=True, memory_limit=self._memory_limit)
            self._model = None
        return self.store.con

    # -- ingest ---------------------------------------------------------------------

    def ingest(
        self,
        paths: Iterable[str | os.PathLike],
        kind: str | None = None,
        cycle: int | None = None,
        replace: bool = False,
        progress: Callable[[Path, int, int, int], None] | None = None,
        force: bool = False,
        build: bool = True,
    ) -> list[LoadResult]:
        """Load files and folders (store/ingest.py): every file is tried; when some fail, :class:`IngestError`
        carries every file's outcome after the rest have loaded. Then the built model of the cycles the loads
        touched is refreshed (``build=False``: on the first read instead)."""
        try:
            results = store_ingest.ingest(self.store, paths, kind=kind, cycle=cycle, replace=replace,
                                          progress=progress, force=force)
        except IngestError as exc:
            if build:
                self.build_after(exc.results)
            raise
        if build:
            self.build_after(results)
        return results

    def build_after(self, results: list[LoadResult], progress: Callable | None = None) -> list:
        """Refresh the built model of the cycles these loads touched (a load without a cycle, such as a
        results file or a Parquet import, may touch any)."""
        touched = {r.cycle for r in results if r.status not in ("failed", "unchanged")}
        if not touched:
            return []
        return self.build(None if None in touched else sorted(touched), progress=progress)

    def fetch(
        self,
        cycle: int,
        kinds: list[str] | None = None,
        dest: str | os.PathLike = "fec-bulk",
        base: str = FEC_BULK_BASE,
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
        urls = download.bulk_urls(cycle, kinds, base or download.FEC_BULK_BASE)
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
        base: str = FEC_FILING_BASE,
        force: bool = False,
        progress: Callable[[Path, int, int | None], None] | None = None,
    ) -> list[LoadResult]:
        """Download electronic filings by number (resuming, checked) and ingest them."""
        base = base or download.FEC_FILING_BASE
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
        """Write every table as Parquet partitioned by cycle (see store/parquet.py)."""
        from .store import parquet

        return parquet.export(self.store, out)

    def loads(self) -> list[R.Answer[R.LoadRow]]:
        return R.typed_rows(R.LoadRow, _plain(self.store.loads().to_pylist()))

    def rejects(self, load_id: int | None = None, limit: int = 100,
                action: str | None = None) -> list[R.Answer[R.RejectRow]]:
        return R.typed_rows(R.RejectRow,
                            _plain(self.store.rejects(load_id=load_id, limit=limit, action=action).to_pylist()))

    def rows(self, refs: list[str], limit: int = 500) -> dict[str, list[dict]]:
        return {t: _plain(tbl.to_pylist()) for t, tbl in self.model.rows(refs, limit=limit).items()}

    # -- questions ----------------------------------------------------------------------

    def _require(self, kinds: list[str], cycle: int, loaded: set[str] | None = None) -> list[str]:
        """Notes naming the files of this cycle that are not loaded (answers are partial without them);
        ``loaded``: the kinds loaded for the cycle, when already known (the built model's coverage)."""
        if loaded is None:
            loaded = {r[0] for r in self.con.execute(
                "SELECT DISTINCT kind FROM loads WHERE status = 'loaded' AND cycle = ?", [cycle]).fetchall()}
        return [
            f"no {k} file loaded for {cycle} ({LAYOUTS[k].title}): figures from it are missing"
            for k in kinds
            if k not in loaded
        ]

    def race(self, key: str, cycle: int) -> R.Answer[R.RaceReport]:
        """One row per person in the race (the id of this cycle's run, the ids behind it), each figure a
        :class:`Figure`: summary money as reported, outside spending and committee money with their
        coverage, or "not loaded" naming the file that would give them."""

        race = RaceKey.parse(key)
        check_cycle(cycle)
        con = self._ready(cycle)
        cands = mc.read_members(con, race, cycle)
        notes = self._require(["cn", "ccl", "weball", "itpas2", "ie"], cycle)
        if not cands:
            raise NotFound(f"no candidates for {race} in {cycle}", self._race_suggestions(race, cycle))
        in_race = {c["cand_id"]: [c["cand_id"], *(o["cand_id"] for o in c["other_ids"] if o["in_race"])]
                   for c in cands}
        ids = [i for group in in_race.values() for i in group]
        cmte_rows = mc.read_committees(con, mc.race_group(race), cycle)
        gifts = mcontrib.read_gifts(con, ids, cycle)
        ies = mies.read_by_spender(con, cycle, cand_ids=ids)
        srcs = mcov.read_sources(con, cycle)
        pas2, ie_src = srcs["itpas2"], srcs["ie"]
        for c in cands:
            mine = in_race[c["cand_id"]]
            c["committees"] = [r for r in cmte_rows if r["cand_id"] in mine]
            c["outside"] = outside_figures(ie_src, [r for r in ies if r["cand_id"] in mine])
            c["committee_money"] = committee_figures(pas2, [g for g in gifts if g["to_cand_id"] in mine])
            c["itemized_coverage"] = itemized_against_summary(c["committee_money"], c["summary"], pas2)
            for f, _label in mc.SUMMARY_FIGURES:
                c.pop(f, None)
        contests = melections.read_contests(con, race, cycle, [cycle - 1, cycle])
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
                "definitions": definitions(),
            }
        )
        rep["story"] = mstory.race_story(rep)
        return R.typed(R.RaceReport, rep)

    def filing(self, filing_id: int) -> R.Answer[R.FilingReport]:
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
        return R.typed(R.FilingReport, _plain({
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
            "definitions": {"amendments": mfilings.__doc__.strip(),
                            "figures": mdefs.as_json(f"cover_{f}" for f, _label in mfilings.COVER_FIGURES)},
        }))

    def filing_rows(self, filing_id: int, table: str, page: int = 1, size: int | None = 50,
                    sort: str | None = None, desc: bool = False) -> R.Answer[R.FilingRowsPage]:
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
        return R.typed(R.FilingRowsPage, _plain({
                       "filing_id": filing_id, "table": table, "page": page, "size": size, "sort": sort,
                       "desc": desc, "total_rows": total, "pages": max(1, -(-total // size)) if size else 1,
                       "columns": columns + (["image_url"] if "image_num" in columns else []), "rows": rows,
                       "labels": {c: mfilings.label(c) for c in columns} | {"image_url": "Page image at the FEC"}}))

    def results(self, key: str, year: int) -> R.Answer[R.ResultsReport]:
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
        definitions = {"results": melections.__doc__.strip(),
                       "figures": mdefs.as_json(("votes", "share", "margin", "total_votes", "result"))}
        return R.typed(R.ResultsReport, _plain({"race": str(race), "title": race.title, "year": year,
                                                "contests": contests, "definitions": definitions}))

    def candidate(self, cand_id: str, cycle: int) -> R.Answer[R.CandidateReport]:
        """A candidate from any of the person's ids: the run of this cycle, the person's other ids, the
        summary as Figures, committee money and outside spending with their coverage."""

        check_cycle(cycle)
        cand_id = cand_id.strip().upper()
        con = self._ready(cycle)
        c, cn_ref = mc.read_run(con, cand_id, cycle)
        if c is None:
            person = mpersons.read_person_of(con, cand_id)
            hint = ([f"{person.name} ({', '.join(person.cand_ids)}) in cycle(s) {', '.join(map(str, person.cycles))}"]
                    if person else self._id_suggestions("cn", "cand_id", cand_id))
            raise NotFound(f"no candidate {cand_id} in {cycle}", hint)
        run = c["cand_id"]
        ids = _run_ids(c)
        committees = mc.read_committees(con, f"run:{run}", cycle)
        gifts = mcontrib.read_gifts(con, ids, cycle)
        ies = mies.read_by_spender(con, cycle, cand_ids=ids)
        srcs = mcov.read_sources(con, cycle)
        pas2 = srcs["itpas2"]
        money_figs = committee_figures(pas2, gifts)
        person = mpersons.read_person_of(con, run)
        return R.typed(R.CandidateReport, _plain(
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
                "cn_ref": cn_ref,
                "committees": committees,
                "summary": c["summary"],
                "summary_source": {"kind": c["summary_kind"], "cvg_end_dt": c["cvg_end_dt"],
                                   "row_ref": c["summary_ref"]} if c["summary_ref"] else None,
                "committee_money": gifts,
                "committee_money_totals": money_figs,
                "itemized_coverage": itemized_against_summary(money_figs, c["summary"], pas2),
                "independent_expenditures": ies,
                "outside": outside_figures(srcs["ie"], ies),
                "donors": self.top_donors(cycle, committees=[r["cmte_id"] for r in committees]),
                "person_links": [{"a": k.a, "b": k.b, "reason": k.reason} for k in person.links] if person else [],
                "notes": c["notes"] + self._require(["cn", "weball", "itpas2", "ie"], cycle),
                "definitions": {**definitions(), "persons": mpersons.__doc__.strip()},
            }
        ))

    def career(self, cand_id: str) -> R.Answer[R.CareerReport]:
        """A person's career in one call, from any of their ids: per loaded cycle the id that ran, the
        office, total receipts (summary, counted once across the person's ids), outside spending for and
        against the run (as on the candidate page) and election results."""

        con = self._ready()
        cand_id = cand_id.strip().upper()
        person = mpersons.read_person_of(con, cand_id)
        if person is None:
            raise NotFound(f"no candidate {cand_id} in any loaded candidate or summary file",
                           self._id_suggestions("cn", "cand_id", cand_id))
        runs = []
        for cycle in person.cycles:
            c, _ref = mc.read_run(con, person.cand_ids[0] if cand_id not in person.cand_ids else cand_id, cycle)
            if c is None:
                continue
            race = RaceKey.parse(c["race"]) if c["race"] else None
            results = []
            if race is not None:
                for contest in melections.read_contests(con, race, cycle, [cycle - 1, cycle]):
                    for rc in contest["candidates"]:
                        if rc["cand_id"] in person.cand_ids:
                            results.append({"year": contest["year"], "stage": contest["stage"],
                                            "special": contest["special"], "votes": rc["votes"],
                                            "share": rc["share"], "result": rc["result"],
                                            "source_kind": contest["source_kind"], "cand_id": rc["cand_id"],
                                            "row_refs": rc["row_refs"]})
            ies = mies.read_by_spender(con, cycle, cand_ids=_run_ids(c))
            outside = outside_figures(mcov.read_sources(con, cycle)["ie"], ies)
            runs.append({"cycle": cycle, "cand_id": c["cand_id"], "race": c["race"], "party": c["party"],
                         "receipts": c["summary"]["ttl_receipts"], "disbursements": c["summary"]["ttl_disb"],
                         "cash_on_hand": c["summary"]["coh_cop"], "counted_under": c.get("counted_under"),
                         "outside_support": outside["support"], "outside_oppose": outside["oppose"],
                         "results": results, "notes": c["notes"]})
        summaries = {r[0] for r in con.execute(
            "SELECT DISTINCT cycle FROM loads WHERE status = 'loaded' AND kind IN ('weball', 'webl')").fetchall()}
        return R.typed(R.CareerReport, _plain({
            "person_id": person.person_id, "name": person.name, "state": person.state, "asked": cand_id,
            "ids": [i.to_json() for i in person.ids], "races": list(person.races), "cycles": runs,
            "links": [{"a": k.a, "b": k.b, "reason": k.reason} for k in person.links],
            "notes": [f"no summary file (weball/webl) loaded for {c}" for c in person.cycles if c not in summaries],
            "definitions": {"persons": mpersons.__doc__.strip(), "summary": mc.__doc__.strip(),
                            "figures": mdefs.as_json(mdefs.FIGURES),
                            "independent_expenditures": mies.__doc__.strip()},
        }))

    def persons(self, name: str, state: str | None = None) -> list[R.Answer[R.PersonReport]]:
        """Persons whose filed name agrees with ``name``, over every loaded cn, weball and webl file."""
        return R.typed_rows(R.PersonReport,
                            _plain([p.to_json() for p in mpersons.read_index(self._ready()).find(name, state)]))

    def committee(self, cmte_id: str, cycle: int) -> R.Answer[R.CommitteeReport]:
        from .store import built

        check_cycle(cycle)
        cmte_id = cmte_id.strip().upper()
        con = self._ready(cycle)
        cm = built.read(con, "committee_masters", cycle, "cmte_id = ?", [cmte_id])
        webk = built.read(con, "committee_summaries", cycle, "cmte_id = ?", [cmte_id])
        own_filings = mfilings.read_filings_of(con, cmte_id, cycle)
        if not cm and not webk and not own_filings:
            raise NotFound(f"no committee {cmte_id} in {cycle}", self._id_suggestions("cm", "cmte_id", cmte_id))
        info = cm[0] if cm else {}
        summary = webk[0] if webk else {}
        given = mcontrib.read_given(con, cmte_id, cycle)
        ies = mies.read_by_spender(con, cycle, spender=cmte_id)
        return R.typed(R.CommitteeReport, _plain(
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
                "summary_figures": webk_figures(mcov.read_sources(con, cycle)["webk"], summary),
                "given_to_candidates": given,
                "given_totals": mcontrib.category_totals(given),
                "independent_expenditures": ies,
                "ie_totals": mies.outside_totals(ies),
                "filings": own_filings,
                "notes": self._require(["cm", "webk", "itpas2", "ie"], cycle),
                "definitions": definitions(),
            }
        ))

    # -- networks ---------------------------------------------------------------------------

    def registry(self, extra: list[str | os.PathLike] | None = None) -> mreg.Registry:
        """The packaged network registry plus the user's YAML files (a later key replaces an earlier one).

        On the synthetic demo store the demo's own (synthetic) network registry is added too.
        """
        extra = list(extra or [])
        own = [f for f in mreg.store_files(self._meta()) if Path(f) not in map(Path, extra)]
        return mreg.load(own + extra)

    def networks_list(self, registry: list[str | os.PathLike] | None = None) -> list[R.Answer[R.NetworkListing]]:
        reg = self.registry(registry)
        return R.typed_rows(R.NetworkListing, [
            {"network": n.key, "name": n.name, "aliases": list(n.aliases), "description": n.description,
             "registry": n.origin,
             "committees": [{"cmte_id": m.id, "name": m.name, "roles": list(m.roles), "source": m.source,
                             "first_cycle": m.first_cycle, "verified": m.verified} for m in n.members]}
            for n in reg.networks.values()])

    def networks_check(self, registry: list[str | os.PathLike] | None = None,
                       cycles: list[int] | None = None) -> R.Answer[R.NetworksCheckReport]:
        """Every registry committee id against each loaded cycle's committee master."""
        rows = mnet.check(self.model, self.registry(registry), cycles)
        flagged = [r for r in rows if r["status"] in ("missing", "name differs")]
        notes = [] if self.model.loaded_cycles("cm") else ["no committee master (cm) loaded: nothing to check"]
        return R.typed(R.NetworksCheckReport, _plain({"synthetic": self.synthetic, "checks": rows,
                                                      "flagged": len(flagged), "notes": notes}))

    def _built_networks(self, reg: mreg.Registry, cycle: int, names: tuple[str, ...]
                        ) -> tuple[duckdb.DuckDBPyConnection | None, list[str]]:
        """The connection holding the built network tables that answer for this registry and cycle, or
        None and a note saying why the answer comes from the raw rows instead (slower, same rules).

        A writable store builds what is stale first (for the registry it was built with: the packaged one
        and the demo's); a registry given at query time, or a read-only stale store, takes the live rule."""
        if self.store is None:  # another engine: the rules run there
            return None, []
        con = self.store.con
        fingerprint = nanswers.registry_fingerprint(reg)
        reason = nanswers.built_reason(con, cycle, fingerprint, names)
        if reason is None:
            return con, []
        own = nanswers.registry_fingerprint(mreg.load(mreg.store_files(self._meta())))
        writable = not con.execute("SELECT readonly FROM duckdb_databases() WHERE database_name = "
                                   "current_database()").fetchall()[0][0]
        if fingerprint == own and writable:
            from .model import build as mbuild

            stored = nanswers.built_fingerprint(con, cycle)  # built for another registry: rebuild it all
            mbuild.build(self.model, [cycle], ["coverage", *nanswers.INPUTS], force=stored not in (None, own))
            if nanswers.built_reason(con, cycle, fingerprint, names) is None:
                return con, []
        if fingerprint != own:
            return None, ["network figures for a registry given at query time are computed from the raw rows "
                          "(slower); the built model covers the packaged registry"]
        force = " --force" if nanswers.built_fingerprint(con, cycle) not in (None, own) else ""
        return None, [f"the built model cannot answer ({reason}): figures computed from the raw rows (slower); "
                      f"moneytrail build{force} --db {self.store.path} refreshes it"]

    @staticmethod
    def _loaded_kinds(con, cycle: int) -> set[str]:
        """The kinds of file loaded for the cycle, from the built coverage table."""
        return {r["kind"] for r in built.read(con, "coverage", cycle, "status != 'not_loaded'", columns="kind")}

    def network(self, name: str, cycle: int,
                registry: list[str | os.PathLike] | None = None) -> R.Answer[R.NetworkReport]:
        """Money from or through one network in a cycle: by role, per race, per candidate, by party."""
        check_cycle(cycle)
        reg = self.registry(registry)
        net = reg.get(name)
        con, notes = self._built_networks(reg, cycle, nanswers.NETWORK_TABLES)
        if con is not None:
            rep = nanswers.read_report(con, net, cycle)
            sources = mcov.read_sources(con, cycle)
            loaded = self._loaded_kinds(con, cycle)
            srcs = network_sources(None, cycle, sources)
            # the record reads the plain amounts (its own not-loaded rule), so before they become Figures
            record = mrecord.network_record(None, rep["candidates"], cycle, mrecord.missing_for(loaded, cycle),
                                            nanswers.read_outcomes(con, cycle, [c["cand_id"] for c in
                                                                                rep["candidates"]]),
                                            sources=srcs).to_json()
            notes = self._require(["cm", "cn", "ccl", "itcont", "itpas2", "ie", "webk"], cycle, loaded) + notes
        else:
            rep = mnet.report(self.model, reg, net.key, cycle)
            srcs = network_sources(self.model, cycle)
            record = mrecord.network_record(self.model, rep["candidates"], cycle,
                                            mrecord.missing_files(self.model, cycle), sources=srcs).to_json()
            notes = self._require(["cm", "cn", "ccl", "itcont", "itpas2", "ie", "webk"], cycle) + notes
        for d in [rep["totals"], *rep["by_role"].values(), *rep["committees"], *rep["candidates"], *rep["races"]]:
            network_figures(d, srcs)
        for p in rep["recipients_by_party"].values():
            p["received_total"] = _combine([srcs["direct"], srcs["earmarked"]], p["received_total"],
                                           mdefs.label("received_total"))
        rep["notes"] = notes
        rep["synthetic"] = self.synthetic
        rep["record"] = record
        rep["definitions"] = {"networks": mnet.__doc__.strip(), "earmarks": mearmarks.__doc__.strip(),
                              "record": mrecord.__doc__.strip(), "figures": mdefs.as_json(mdefs.FIGURES)}
        return R.typed(R.NetworkReport, _plain(rep))

    def candidate_networks(self, cand_id: str, cycle: int,
                           registry: list[str | os.PathLike] | None = None) -> R.Answer[R.CandidateNetworksReport]:
        """Per network: direct, earmarked, IE for and against this candidate; plus small-dollar share and
        the organizations the candidate's donors work for."""
        check_cycle(cycle)
        cand_id = cand_id.strip().upper()
        reg = self.registry(registry)
        kinds = ["cn", "ccl", "itcont", "itpas2", "ie", "weball"]
        con, notes = self._built_networks(reg, cycle, nanswers.CANDIDATE_TABLES)
        if con is not None:
            nets, sd, orgs = nanswers.read_candidate(con, reg, cand_id, cycle)
            srcs = network_sources(None, cycle, mcov.read_sources(con, cycle))
            loaded = self._loaded_kinds(con, cycle)
            notes = self._require(kinds, cycle, loaded) + notes
        else:
            m = self.model
            touching = mnet.receipts_touching(m, cand_id, cycle)
            srcs = network_sources(m, cycle)
            nets = mnet.candidate_networks(m, reg, cand_id, cycle)
            sd = mindiv.small_dollar(m, cycle, [cand_id], reg.conduits(), touching)[0]
            orgs = mindiv.top_organizations(m, cycle, cand_id, reg.conduits(), rows=touching)
            notes = self._require(kinds, cycle) + notes
        for n in nets:
            network_figures(n, srcs)
        return R.typed(R.CandidateNetworksReport, _plain({
            "cand_id": cand_id, "cycle": cycle, "synthetic": self.synthetic,
            "networks": nets,
            "sources": {f: {"status": src.status.value, "files": list(src.files), "through": src.through,
                            "missing": src.missing} for f, src in srcs.items()},
            "small_dollar": small_dollar_figures(sd, srcs["earmarked"]),
            "top_organizations": orgs,
            "notes": notes,
            "definitions": {"networks": mnet.__doc__.strip(), "individuals": mindiv.__doc__.strip(),
                            "figures": mdefs.as_json(mdefs.FIGURES)},
        }))

    def search(self, text: str, limit: int = 20) -> list[R.Answer[R.SearchHit]]:
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
        return R.typed_rows(R.SearchHit, _plain(rows.to_pylist()))

    def check(self, text: str, date=None) -> R.Answer[R.CheckReport]:
        """Every checkable claim of an article with a verdict, the figures computed, their definitions
        and the rows behind them (see moneytrail.claims)."""
        from .claims.check import check_article

        return R.typed(R.CheckReport, _plain(check_article(self.model, text, date)))

    # -- donors ---------------------------------------------------------------------------

    def resolve_donors(self, cycle: int | None = None, retrain: bool = False, threshold: float | None = None,
                       backend: str = "duckdb", spark=None) -> dict:
        """Resolve individual contributions into donors (new rows join existing donors; ids stay)."""
        from .model import resolution

        return resolution.resolve(self.store.con, cycle=cycle, retrain=retrain,
                                  threshold=threshold or resolution.THRESHOLD, backend=backend, spark=spark)

    def _donors_ready(self) -> bool:
        try:
            return bool(self.con.execute("SELECT count(*) FROM (SELECT 1 FROM donor_records LIMIT 1)").fetchall()[0][0])
        except Exception:  # an engine or export without donor tables (an old export)
            return False

    def donor(self, name: str, state: str | None = None, limit: int = 200) -> R.Answer[R.DonorReport]:
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
        return R.typed(R.DonorReport, _plain({"query": name, "state": state, "donors": out,
                                              "definitions": {"donors": mdonors.__doc__.strip()}}))

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
                   committees: list[str] | None = None, limit: int = 10) -> R.Answer[R.TopDonorsReport]:
        """Top resolved donors and organizations for a candidate, a race, or any committee set (a network)."""
        check_cycle(cycle)
        cmtes = self._committee_set(cycle, cand_id, race, committees)
        if not self._donors_ready() or not cmtes:
            return R.typed(R.TopDonorsReport, {"committees": cmtes, "donors": [], "organizations": [],
                                               "notes": [] if cmtes else ["no committees"]})
        m = self.model
        return R.typed(R.TopDonorsReport, _plain({
            "committees": cmtes,
            "donors": records(mdonors.top_donors(m, cmtes, cycle, limit)),
            "organizations": records(mdonors.top_organizations(m, cmtes, cycle, limit)),
            "notes": [],
        }))

    def donor_overlap(self, committees_a: list[str], committees_b: list[str], cycle: int | None = None,
                      limit: int = 50) -> R.Answer[R.OverlapReport]:
        """Resolved donors who gave to both committee sets (two networks, a PAC and a candidate, ...)."""
        if not self._donors_ready():
            raise MoneytrailError("no donors resolved yet: run moneytrail donors resolve")
        a = [c.strip().upper() for c in committees_a]
        b = [c.strip().upper() for c in committees_b]
        both = mdonors.overlap(self.model, a, b, cycle)
        totals = records(both.aggregate(donors=both.count(), to_a=both.to_a.sum(), to_b=both.to_b.sum()))[0]
        return R.typed(R.OverlapReport, _plain({"committees_a": a, "committees_b": b, "cycle": cycle, **totals,
                                                "top": records(both.limit(limit)),
                                                "definitions": {"donors": mdonors.__doc__.strip()}}))

    # -- did you mean -----------------------------------------------------------------------

    def _id_suggestions(self, kind: str, col: str, value: str) -> list[str]:
        """Did you mean: the ids of the kind's table within two edits of ``value``, nearest first, at most
        five; the id itself, when it is there in other cycles, as "X in cycle 2022, 2024". The one rule
        for every unknown id (CLI, web, library), in plain SQL: on the store, or on DuckDB over the Parquet
        export that the Spark engine reads."""
        rows = self.con.execute(f"""
            SELECT {col}, list_sort(list_distinct(list(cycle))), min(levenshtein({col}, $v)) AS distance
            FROM {LAYOUTS[kind].table} WHERE levenshtein({col}, $v) <= 2
            GROUP BY {col} ORDER BY distance, {col} LIMIT 5""", {"v": value}).fetchall()
        return [f"{value} in cycle {', '.join(map(str, cycles))}" if found == value else found
                for found, cycles, _distance in rows]

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

    def timeline(self, key: str, cycle: int | None = None, limit: int | None = None, page: int = 1,
                 newest_first: bool = False) -> R.Answer[R.TimelineReport]:
        """Every report and notice of a race's candidates and outside spenders, by date filed, with what each
        added (see model/timeline.py); read from the built model. ``limit``: one page of that many entries
        (``page``, from 1), oldest first or ``newest_first``; ``total_entries`` counts them all."""
        from .model import timeline as mt

        race = RaceKey.parse(key)
        cycle = self._watch_cycle(cycle)
        con = self._ready(cycle)
        scope = mt.read_scope(con, race, cycle)
        if not scope.candidates:
            raise NotFound(f"no candidates for {race} in {cycle}", self._race_suggestions(race, cycle))
        if limit is not None and (limit < 1 or page < 1):
            raise MoneytrailError("a page of the timeline has at least one entry and starts at page 1")
        if limit is None and page != 1:
            raise MoneytrailError("a page of the timeline needs its size: give --limit N with --page")
        got = mt.read_timeline(con, race, cycle, limit, (page - 1) * limit if limit else 0, newest_first)
        if limit is not None and page > 1 and not got.entries:
            pages = max(1, -(-got.total // limit))
            raise NotFound(f"the timeline of {race} in {cycle} has {got.total:,} entries: "
                           f"{pages:,} page(s) of {limit:,}")
        notes = self._require(["ie"], cycle)
        if not got.efile:
            notes.append(f"no .fec filing of {race}'s committees or outside spenders is loaded for {cycle}: reports "
                         f"appear once they are (moneytrail watch {race} --cycle {cycle}, or fetch --filing N)")
        return R.typed(R.TimelineReport, {
            "synthetic": self.synthetic, "race": str(race), "title": race.title, "cycle": cycle,
            "candidates": [{"cand_id": c.cand_id, "name": c.name} for c in scope.candidates],
            "committees": list(scope.committees),
            "entries": [e.to_json() for e in got.entries],
            "total_entries": got.total,
            "notes": notes,
            "definitions": {"timeline": mt.__doc__.strip(), "independent_expenditures": mies.__doc__.strip()},
        })

    def _watch_cycle(self, cycle: int | None) -> int:
        """The cycle asked for, else the latest with candidates loaded, else the current one."""
        if cycle is not None:
            check_cycle(cycle)
            return cycle
        loaded = built.loaded_cycles(self.con, "cn") or built.loaded_cycles(self.con, "weball")
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

    # -- for a server (web/): a cursor per thread, a cheap first look, the race page's notices ---------

    def cursor(self) -> Trail:
        """This store on a cursor of its own: one per server thread (a DuckDB connection is not shared)."""
        return Trail.over(Store.over(self.store.con.cursor(), self.store.path))

    def require_candidate(self, cand_id: str, cycle: int) -> None:
        """One small query before any other work: an id in no candidate table of any cycle is unknown,
        with :meth:`_id_suggestions` (a web server under a stream of made-up ids spends nothing more)."""
        tables = [LAYOUTS[k].table for k in ("cn", "weball", "webl")]
        sql = " UNION ALL ".join(f"(SELECT 1 FROM {t} WHERE cand_id = $id LIMIT 1)" for t in tables)
        if self.con.execute(sql, {"id": cand_id}).fetchall():
            return
        raise NotFound(f"no candidate {cand_id} in {cycle}", self._id_suggestions("cn", "cand_id", cand_id))

    def outside_by_day(self, cycle: int, cand_ids: list[str]) -> list[R.Answer[R.OutsideDay]]:
        """Counted independent expenditures per day, candidate and side (model/ies.py ``timeline``)."""
        return R.typed_rows(R.OutsideDay, _plain(mies.read_by_day(self._ready(cycle), cycle, cand_ids)))


@functools.cache
def definitions() -> dict:
    """How each part of a report is counted: the model modules' own words and every figure's label, how we
    count it and its unit (model/definitions.py); read when first asked, so loading files never imports the model."""
    return {
        "results": melections.__doc__.strip(),
        "summary": mc.__doc__.strip(),
        "committee_money": mcontrib.__doc__.strip(),
        "independent_expenditures": mies.__doc__.strip(),
        "donors": mdonors.__doc__.strip(),
        "figures": mdefs.as_json(mdefs.FIGURES),
    }
