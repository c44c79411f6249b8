"""How right donor resolution is: pairwise and B-cubed scores against known identities.

Scores are over contribution rows (what totals add up): a *pair* is two rows; it is a true pair
when both rows belong to the same real person, a predicted pair when both got the same donor_id.
Pairwise precision = true predicted pairs / predicted pairs; recall = true predicted pairs / true
pairs. B-cubed averages, over rows, the share of the row's donor that is its person (precision) and
of its person that is its donor (recall); it weighs every row once, so one huge wrong cluster cannot
hide behind many small right ones. Hand labels (pairs of rows said to be the same or different
people) give precision and recall over the labelled pairs only.
"""

from __future__ import annotations

import duckdb


def _f1(p: float | None, r: float | None) -> float | None:
    return None if not p or not r else 2 * p * r / (p + r)


def scores_against_truth(con: duckdb.DuckDBPyConnection, truth: str, rows: str = "_donor_rows") -> dict:
    """``truth`` (sub_id, person) against ``rows`` (sub_id, donor_id): pairwise and B-cubed scores."""
    r = con.execute(f"""
        WITH j AS (SELECT t.person, d.donor_id FROM {truth} t JOIN {rows} d USING (sub_id)),
        cell AS (SELECT person, donor_id, count(*) AS n FROM j GROUP BY ALL),
        per AS (SELECT person, sum(n) AS n FROM cell GROUP BY person),
        don AS (SELECT donor_id, sum(n) AS n FROM cell GROUP BY donor_id)
        SELECT
          (SELECT sum(n * (n - 1) / 2) FROM cell) AS tp,
          (SELECT sum(n * (n - 1) / 2) FROM don) AS predicted,
          (SELECT sum(n * (n - 1) / 2) FROM per) AS actual,
          (SELECT sum(c.n * c.n / d.n) / sum(c.n) FROM cell c JOIN don d USING (donor_id)) AS b3_p,
          (SELECT sum(c.n * c.n / p.n) / sum(c.n) FROM cell c JOIN per p USING (person)) AS b3_r,
          (SELECT count(*) FROM j) AS rows, (SELECT count(*) FROM per) AS people,
          (SELECT count(*) FROM don) AS donors
    """).fetchall()[0]
    tp, predicted, actual, b3p, b3r, n, people, donors = r
    p = tp / predicted if predicted else None
    rc = tp / actual if actual else None
    return {"rows": n, "people": people, "donors": donors, "pairwise_precision": p, "pairwise_recall": rc,
            "pairwise_f1": _f1(p, rc), "bcubed_precision": b3p, "bcubed_recall": b3r, "bcubed_f1": _f1(b3p, b3r)}


def scores_against_labels(con: duckdb.DuckDBPyConnection, labels: str, rows: str = "_donor_rows") -> dict:
    """``labels`` (sub_id_a, sub_id_b, same) against ``rows`` (sub_id, donor_id)."""
    tp, fp, fn, tn = con.execute(f"""
        SELECT count(*) FILTER (same AND pred), count(*) FILTER (NOT same AND pred),
               count(*) FILTER (same AND NOT pred), count(*) FILTER (NOT same AND NOT pred)
        FROM (WITH r AS (SELECT sub_id, min(donor_id) AS donor_id FROM {rows} GROUP BY sub_id)  -- a SUB_ID
              SELECT l.same, a.donor_id = b.donor_id AS pred FROM {labels} l  -- can repeat across slices
              JOIN r a ON a.sub_id = l.sub_id_a JOIN r b ON b.sub_id = l.sub_id_b)
    """).fetchall()[0]
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    return {"pairs": tp + fp + fn + tn, "same": tp + fn, "different": fp + tn, "true_positive": tp,
            "false_positive": fp, "false_negative": fn, "precision": p, "recall": r, "f1": _f1(p, r)}
