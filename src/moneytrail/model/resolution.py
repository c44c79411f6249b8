"""Donor resolution: which contribution rows come from the same person, as a stable ``donor_id``.

How (each step once, here):

1. **Records.** Rows of :func:`individuals.individual_contributions` are reduced to *records*: the
   distinct (parsed name, city, state, ZIP5, employer organization, occupation). A donor who gives
   40 times from one address is one record; ``record_key`` is the md5 of those normalised fields, so
   a row finds its record again by recomputing the key (no row-level mapping is stored).
2. **Model.** A splink (Fellegi-Sunter) model compares records on name parts (exact, nickname group,
   typo, initial), middle initial, suffix, place (ZIP5 / city / ZIP3 / state, as one comparison so one
   shared address is not counted three times), employer and occupation, with term-frequency
   adjustment on names (two ``SMITH, JOHN`` agree on less than two ``ZYLSTRA, OONA``). u-probabilities
   are measured on the data (splink's sampling, a function of the record keys); m-probabilities start from stated priors
   (:data:`M_PRIORS`: how one person's records vary), names stay fixed there, and EM refines place,
   employer and occupation when the data is large enough. Saved in ``donor_runs.model_json``; later
   runs reuse it unless asked to retrain.
3. **Pairs.** Only pairs that share a blocking key are scored (:data:`BLOCKING`): surname + ZIP5,
   surname + first name + state, first name + ZIP5 + employer (surname typos), surname + first initial +
   employer (nicknames and initials after a move). After the first run, only pairs with at least one
   *new* record are scored: old records never re-link among themselves.
4. **Clusters.** Pairs whose match probability (posterior, same person) is at or above
   :data:`THRESHOLD` and whose names are compatible (first name and surname each equal, a nickname, a
   typo or an initial: relatives and colleagues share an address and an employer, so those alone
   never link two names) are edges; connected components over those edges plus the existing donors'
   memberships give the clusters.
5. **Stable ids.** A cluster holding no existing donor gets a new id; one existing donor keeps its
   id and absorbs the new records; when new evidence joins two or more existing donors, the
   **smallest (oldest) id survives**, the others are recorded in ``donor_merges`` and redirect to it.
   Existing records never leave their donor, so ids never reshuffle.

Every step is deterministic, so the same store gives the same donors and ids run after run (a rerun
after a crash reproduces a clean run): records enter training and scoring ordered by ``record_key``,
the training sample is drawn with a fixed seed from that order, splink's u-sample is a function of
the record keys, the trained probabilities are rounded past the noise of parallel float sums, and
new ids are handed out in the order of each cluster's smallest record key.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import TYPE_CHECKING

import duckdb

from ..lazy import ibis, pa
from .base import Model
from .individuals import individual_contributions
from .names import parse
from .organizations import clean, with_organization

if TYPE_CHECKING:
    import ibis.expr.types as ir

THRESHOLD = 0.9  # posterior P(same person); the sweep behind it is in benchmarks/RESULTS.md
TRAIN_SAMPLE = 300_000
RECORD_COLUMNS = [
    "record_key", "name", "last_name", "first_name", "middle_initial", "suffix", "city", "state", "zip5",
    "employer_key", "occupation",
]
BLOCKING = [
    ("last_name", "zip5"),
    ("last_name", "first_name", "state"),
    ("first_name", "zip5", "employer_key"),
    ("last_name", "first_initial", "employer_key"),
]


def records(rows: ir.Table) -> ir.Table:
    """Rows of the individual-contributions relation → their record fields and ``record_key``."""
    t = parse(rows)
    t = with_organization(t, "employer")
    employer_key = ibis.coalesce(
        t.organization, ibis.cases((t.employer_class == "none", ibis.null("string")), else_=t.employer_class.upper())
    )
    zip5 = t.zip_code.re_replace(r"[^0-9]", "").substr(0, 5)
    t = t.mutate(
        city=clean(t.city).nullif(""),
        state=t.state.upper().strip().nullif(""),
        zip5=ibis.cases((zip5.length() == 5, zip5), else_=ibis.null("string")),
        employer_key=employer_key,
        occupation=clean(t.occupation).nullif(""),
    )
    parts = [t[c].fill_null("") for c in
             ("last_name", "first_name", "middle_initial", "suffix", "city", "state", "zip5", "employer_key",
              "occupation")]
    key = ibis.literal("|").join(parts).hexdigest("md5")
    return t.mutate(record_key=key)


def distinct_records(rows: ir.Table) -> ir.Table:
    """One row per record (the name as first written, for display) and its nickname keys."""
    r = records(rows)
    return r.group_by("record_key").aggregate(
        name=r.name.min(), last_name=r.last_name.first(), first_name=r.first_name.first(),
        middle_initial=r.middle_initial.first(), suffix=r.suffix.first(), first_initial=r.first_initial.first(),
        nick_keys=r.nick_keys.first(), city=r.city.first(), state=r.state.first(), zip5=r.zip5.first(),
        employer_key=r.employer_key.first(), occupation=r.occupation.first(),
    )


# -- the splink model ---------------------------------------------------------------------


# m-probabilities set beforehand, per comparison, one per non-null level in the order of settings():
# P(this level | the two records are the same person). They describe how one person's own records
# vary (how often a donor writes a nickname, drops the middle initial, moves, changes job), which is a
# property of how people fill in forms rather than of one file, so they are the same on 5,000 rows and
# on 10 million. Names are *fixed* here: EM on small or payroll-heavy real data learns the wrong
# "match" class (coworkers: same office ZIP and employer, different names), and names are exactly what
# tells coworkers and spouses apart. Place, employer and occupation start here and are refined by EM
# when the data is large enough (TRAIN_EM_MIN_PAIRS). u-probabilities are always measured on the data.
M_PRIORS: dict[str, list[float]] = {
    # exact, Jaro-Winkler >= 0.92 (typo), else (a changed surname: real, but rarer than two relatives
    # or two colleagues with the same first name at one address, so it counts strongly against)
    "last_name": [0.955, 0.04, 0.005],
    # exact, nickname, typo, initial only, else (a wholly different first name: mostly a spouse or a
    # relative at the same address, rarely one person switching to a middle name)
    "first_name": [0.815, 0.08, 0.04, 0.06, 0.005],
    "middle_initial": [0.92, 0.08],  # same, different (when both are written)
    "suffix": [0.60, 0.38, 0.02],  # same, one side blank, different (JR vs SR: two people)
    "place": [0.80, 0.06, 0.03, 0.04, 0.07],  # same ZIP5, same city+state, same ZIP3, same state, else
    "employer_key": [0.60, 0.05, 0.35],  # same organization or class, similar, else (job change)
    "occupation": [0.55, 0.05, 0.40],
}
FIXED_M = ("last_name", "first_name", "middle_initial", "suffix")
PROBABILITY_DIGITS = 10  # of a trained m- or u-probability (see _rounded)
TRAIN_EM_MIN_PAIRS = 50_000  # fewer (last name, first name) pairs than this: EM is not run, priors stand


def settings() -> dict:
    """The splink settings: comparisons (with prior m-probabilities) and blocking rules."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    def with_priors(name: str, levels: list) -> cl.CustomComparison:
        priors = iter(M_PRIORS[name])
        for lvl in levels[1:]:  # levels[0] is the null level
            lvl.configure(m_probability=next(priors), fix_m_probability=name in FIXED_M)
        return cl.CustomComparison(comparison_levels=levels, output_column_name=name)

    def levels(col: str, jw: float, tf: bool = False) -> cl.CustomComparison:
        return with_priors(col, [
            cll.NullLevel(col),
            cll.ExactMatchLevel(col, term_frequency_adjustments=tf),
            cll.JaroWinklerLevel(col, jw),
            cll.ElseLevel(),
        ])

    first = with_priors("first_name", [
        cll.NullLevel("first_name"),
        cll.ExactMatchLevel("first_name", term_frequency_adjustments=True),
        cll.ArrayIntersectLevel("nick_keys", 1).configure(label_for_charts="nickname"),
        cll.JaroWinklerLevel("first_name", 0.9),
        cll.CustomLevel(
            "(length(first_name_l) = 1 OR length(first_name_r) = 1) AND first_initial_l = first_initial_r",
            "initial",
        ),
        cll.ElseLevel(),
    ])
    middle = with_priors("middle_initial", [
        cll.NullLevel("middle_initial"), cll.ExactMatchLevel("middle_initial"), cll.ElseLevel(),
    ])
    suffix = with_priors("suffix", [
        cll.CustomLevel("suffix_l IS NULL AND suffix_r IS NULL", "both blank").configure(is_null_level=True),
        cll.ExactMatchLevel("suffix"),
        cll.CustomLevel("suffix_l IS NULL OR suffix_r IS NULL", "one blank"),
        cll.ElseLevel(),
    ])
    # ZIP, city and state as ONE comparison: they are not independent evidence (same ZIP5 nearly
    # always means same city and state), and counting them three times made one shared office
    # address outweigh two different first names.
    place = with_priors("place", [
        cll.CustomLevel("(zip5_l IS NULL OR zip5_r IS NULL) AND (city_l IS NULL OR city_r IS NULL "
                        "OR state_l IS NULL OR state_r IS NULL)", "unknown").configure(is_null_level=True),
        cll.CustomLevel("zip5_l = zip5_r", "same ZIP5"),
        cll.CustomLevel("city_l = city_r AND state_l = state_r", "same city"),
        cll.CustomLevel("substr(zip5_l, 1, 3) = substr(zip5_r, 1, 3)", "same ZIP3"),
        cll.CustomLevel("state_l = state_r", "same state"),
        cll.ElseLevel(),
    ])
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_key",
        comparisons=[
            levels("last_name", 0.92, tf=True), first, middle, suffix, place,
            # term frequencies: agreeing on RETIRED or ATTORNEY says less than on a small firm
            levels("employer_key", 0.9, tf=True), levels("occupation", 0.9, tf=True),
        ],
        blocking_rules_to_generate_predictions=[block_on(*cols) for cols in BLOCKING],
        additional_columns_to_retain=["is_new"],
    )


def _db_api(backend: str, spark=None, memory_limit: str | None = None):
    """splink's engine. On DuckDB, a connection of its own capped at ``memory_limit`` (the store's
    limit, so one setting caps both): DuckDB spills to a temporary directory beyond it."""
    if backend == "spark":
        from splink import SparkAPI

        return SparkAPI(spark_session=spark)
    import tempfile

    from splink import DuckDBAPI

    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.execute("SET preserve_insertion_order = false")
    if memory_limit:
        con.execute("SET memory_limit = ?", [memory_limit])
        con.execute("SET temp_directory = ?", [tempfile.gettempdir() + "/moneytrail-splink"])
    return DuckDBAPI(connection=con)


def _register(db_api, backend: str, table: pa.Table, name: str, spark=None):
    if backend == "spark":
        return db_api.register(spark.createDataFrame(table.to_pandas()), table_name=name)
    return db_api.register(table, table_name=name)


def train(recs: pa.Table, backend: str = "duckdb", spark=None, seed: int = 1, memory_limit: str | None = None) -> dict:
    """Fit the model to (a sample of) records, unsupervised; return it as a splink settings dict.

    u-probabilities by random sampling (how often two *random* records agree: measurable on any
    size); the prior probability of a match by counting near-certain pairs (same surname, first name
    and ZIP5); m-probabilities start at :data:`M_PRIORS`, and EM refines place, employer and occupation
    on pairs sharing surname and first name when there are at least :data:`TRAIN_EM_MIN_PAIRS` of them
    (names stay fixed). On a few thousand records EM has too little to go on and the priors stand.
    """
    from splink import Linker, block_on

    if recs.num_rows > TRAIN_SAMPLE:
        import numpy as np

        idx = np.random.default_rng(seed).choice(recs.num_rows, TRAIN_SAMPLE, replace=False)
        recs = recs.take(pa.array(np.sort(idx)))
    db_api = _db_api(backend, spark, memory_limit)
    linker = Linker(_register(db_api, backend, recs, "donor_train", spark), settings(), log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("last_name", "first_name", "zip5")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    em_pairs = _name_pairs(recs)
    if em_pairs >= TRAIN_EM_MIN_PAIRS:
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("last_name", "first_name"), estimate_without_term_frequencies=True
        )
    model = _rounded(linker.misc.save_model_to_json())
    model["moneytrail_training"] = {"records": recs.num_rows, "em_pairs": em_pairs,
                                    "em": em_pairs >= TRAIN_EM_MIN_PAIRS}
    return model


def _rounded(model: dict, digits: int = PROBABILITY_DIGITS) -> dict:
    """The trained probabilities to ``digits`` significant digits: EM sums floats in parallel, in no fixed
    order, so its last bits differ from run to run; rounded, the same records give the same model."""
    def r(x):
        return float(f"{x:.{digits}g}") if isinstance(x, float) else x

    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            for key in ("m_probability", "u_probability"):
                if key in level:
                    level[key] = r(level[key])
    model["probability_two_random_records_match"] = r(model.get("probability_two_random_records_match"))
    return model


def _name_pairs(recs: pa.Table) -> int:
    """How many record pairs share surname and first name (the EM training block)."""
    con = duckdb.connect()
    con.register("r", recs.select(["last_name", "first_name"]))
    sql = ("SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM (SELECT count(*) AS n FROM r "
           "WHERE last_name IS NOT NULL AND first_name IS NOT NULL GROUP BY last_name, first_name)")
    return int(con.execute(sql).fetchall()[0][0])


def predict(recs: pa.Table, model: dict, threshold: float, backend: str = "duckdb", spark=None,
            memory_limit: str | None = None) -> pa.Table:
    """Scored pairs (at or above ``threshold``) that involve at least one new record."""
    from splink import Linker

    model = {k: v for k, v in model.items() if k != "moneytrail_training"}
    model["blocking_rules_to_generate_predictions"] = [
        {"blocking_rule": " AND ".join(f"l.{c} = r.{c}" for c in cols) + " AND (l.is_new OR r.is_new)",
         "sql_dialect": "duckdb" if backend == "duckdb" else "spark"}
        for cols in BLOCKING
    ]
    model["retain_intermediate_calculation_columns"] = True  # the gamma_* columns say why
    model["retain_matching_columns"] = True  # gamma_* (the level of each comparison) for the name gate
    db_api = _db_api(backend, spark, memory_limit)
    linker = Linker(_register(db_api, backend, recs, "donor_records_in", spark), model, log_level=logging.WARNING)
    df = linker.inference.predict(threshold_match_probability=threshold)
    cols = [c["output_column_name"] for c in model["comparisons"]]
    # per field, the match weight it contributed: positive agrees, negative disagrees, 0 blank
    gammas = ", ".join(f"'{c}=' || CAST(round(mw_{c}, 1) AS VARCHAR)" for c in cols)
    sql = (f"SELECT record_key_l, record_key_r, match_probability, match_weight, "
           f"concat_ws(' ', {gammas}) AS agreements FROM {df.physical_name} "
           # names must be compatible: a wholly different first name or surname (the comparisons'
           # "else" level, gamma 0) is never linked, however much address and employer agree
           f"WHERE gamma_first_name <> 0 AND gamma_last_name <> 0")
    if backend == "spark":
        return pa.Table.from_pandas(spark.sql(sql).toPandas(), preserve_index=False)
    return db_api._con.sql(sql).to_arrow_table()


# -- one run --------------------------------------------------------------------------------


def resolve(con: duckdb.DuckDBPyConnection, cycle: int | None = None, retrain: bool = False,
            threshold: float = THRESHOLD, backend: str = "duckdb", spark=None) -> dict:
    """Resolve every individual contribution in the store (or one cycle) into donors; see the module doc."""
    m = Model(con)
    started = datetime.now()
    con.execute("DROP TABLE IF EXISTS _donor_recs")
    expr = distinct_records(individual_contributions(m, cycle))
    m.ib.create_table("_donor_recs", expr, temp=True)
    con.execute("ALTER TABLE _donor_recs ADD COLUMN is_new BOOLEAN")
    con.execute("UPDATE _donor_recs SET is_new = record_key NOT IN (SELECT record_key FROM donor_records)")
    new = con.execute("SELECT count(*) FROM _donor_recs WHERE is_new").fetchall()[0][0]
    run_id = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM donor_runs").fetchall()[0][0]
    prior = con.execute("SELECT model_json FROM donor_runs WHERE model_json IS NOT NULL "
                        "ORDER BY run_id DESC LIMIT 1").fetchall()
    summary = dict(run_id=run_id, records_new=new, donors_new=0, merges=0, trained=False, threshold=threshold)
    if not new:
        con.execute("DROP TABLE _donor_recs")
        summary.update(records_total=con.execute("SELECT count(*) FROM donor_records").fetchall()[0][0],
                       message="no new donor records; nothing to do")
        return summary
    recs = con.sql("SELECT * FROM _donor_recs ORDER BY record_key").to_arrow_table()  # the order is the seed's input
    memory_limit = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    if prior and not retrain:
        model = json.loads(prior[0][0])
    else:
        model = train(recs, backend, spark, memory_limit=memory_limit)
        summary["trained"] = True
    pairs = predict(recs, model, threshold, backend, spark, memory_limit=memory_limit)

    con.begin()
    try:
        con.register("_donor_pairs", pairs)
        _assign_ids(con, run_id)
        con.execute("INSERT INTO donor_links SELECT record_key_l, record_key_r, match_probability, match_weight, "
                    "agreements, ? FROM _donor_pairs", [run_id])
        stats = con.execute(
            "SELECT (SELECT count(*) FROM donor_records), "
            "(SELECT count(DISTINCT donor_id) FROM donor_records WHERE run_id = $r AND donor_id NOT IN "
            "  (SELECT donor_id FROM donor_records WHERE run_id <> $r)), "
            "(SELECT count(*) FROM donor_merges WHERE run_id = $r)", {"r": run_id}
        ).fetchall()[0]
        summary.update(records_total=stats[0], donors_new=stats[1], merges=stats[2])
        con.execute(
            "INSERT INTO donor_runs VALUES (?, ?, now(), ?, ?, ?, ?, ?, ?, ?, ?)",
            [run_id, started, backend, stats[0], new, stats[1], stats[2], threshold, summary["trained"],
             json.dumps(model)],
        )
        con.commit()
    except BaseException:
        con.rollback()
        raise
    finally:
        con.unregister("_donor_pairs")
        con.execute("DROP TABLE IF EXISTS _donor_recs")
        con.execute("DROP TABLE IF EXISTS _donor_cc")
    summary["pairs"] = pairs.num_rows
    summary["seconds"] = round((datetime.now() - started).total_seconds(), 1)
    return summary


def _assign_ids(con: duckdb.DuckDBPyConnection, run_id: int) -> None:
    """Connected components over new edges + existing memberships, then the stable-id rule."""
    # the existing donors a new edge touches, and every record they hold
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _donor_touched AS
        SELECT DISTINCT d.donor_id FROM _donor_pairs p
        JOIN donor_records d ON d.record_key IN (p.record_key_l, p.record_key_r)""")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _donor_edges AS
        SELECT record_key_l AS a, record_key_r AS b FROM _donor_pairs
        UNION ALL
        SELECT d.record_key, first(d.record_key) OVER (PARTITION BY d.donor_id ORDER BY d.record_key)
        FROM donor_records d JOIN _donor_touched USING (donor_id)""")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _donor_cc AS
        SELECT record_key AS node, record_key AS comp FROM _donor_recs WHERE is_new
        UNION
        SELECT d.record_key, d.record_key FROM donor_records d JOIN _donor_touched USING (donor_id)""")
    # label propagation: each node takes the smallest label among its neighbours until stable
    while True:
        changed = con.execute("""
            WITH nb AS (
              SELECT e.a AS node, c.comp FROM _donor_edges e JOIN _donor_cc c ON c.node = e.b
              UNION ALL
              SELECT e.b, c.comp FROM _donor_edges e JOIN _donor_cc c ON c.node = e.a
            ), best AS (SELECT node, min(comp) AS comp FROM nb GROUP BY node)
            UPDATE _donor_cc SET comp = best.comp FROM best
            WHERE _donor_cc.node = best.node AND best.comp < _donor_cc.comp""").fetchall()[0][0]
        if not changed:
            break
    # each component: its surviving id (oldest existing), or a new one
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _donor_comp AS
        SELECT c.comp, min(d.donor_id) AS keep, list(DISTINCT d.donor_id) FILTER (d.donor_id IS NOT NULL) AS had
        FROM _donor_cc c LEFT JOIN donor_records d ON d.record_key = c.node GROUP BY c.comp""")
    # new ids in the order of each cluster's smallest record key (its label), not in the order a
    # parallel UPDATE happens to meet the rows: the same store always gives the same ids
    fresh = con.execute("SELECT count(*) FROM _donor_comp WHERE keep IS NULL").fetchall()[0][0]
    con.execute("CREATE OR REPLACE TEMP TABLE _donor_new_ids AS SELECT nextval('donor_id_seq') AS id FROM range(?)",
                [fresh])
    con.execute("""
        UPDATE _donor_comp SET keep = n.id FROM (
          SELECT c.comp, i.id
          FROM (SELECT comp, row_number() OVER (ORDER BY comp) AS k FROM _donor_comp WHERE keep IS NULL) c
          JOIN (SELECT id, row_number() OVER (ORDER BY id) AS k FROM _donor_new_ids) i USING (k)) n
        WHERE _donor_comp.comp = n.comp""")
    con.execute("""
        INSERT INTO donor_merges
        SELECT DISTINCT old, keep, ? FROM (SELECT keep, unnest(had) AS old FROM _donor_comp) WHERE old <> keep""",
                [run_id])
    con.execute("""
        UPDATE donor_records SET donor_id = m.donor_id FROM donor_merges m
        WHERE m.run_id = ? AND donor_records.donor_id = m.old_donor_id""", [run_id])
    cols = ", ".join(f"r.{c}" for c in RECORD_COLUMNS[1:])
    con.execute(f"""
        INSERT INTO donor_records (record_key, donor_id, run_id, {", ".join(RECORD_COLUMNS[1:])})
        SELECT r.record_key, p.keep, ?, {cols}
        FROM _donor_recs r JOIN _donor_cc c ON c.node = r.record_key JOIN _donor_comp p USING (comp)
        WHERE r.is_new""", [run_id])
    for t in ("_donor_touched", "_donor_edges", "_donor_comp", "_donor_new_ids"):
        con.execute(f"DROP TABLE IF EXISTS {t}")
