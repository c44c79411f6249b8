"""Vega-Lite charts from report dicts, rendered to SVG on the server (vl-convert): nothing is
loaded from a CDN, and the page works without JavaScript. Each chart comes with a text summary
and its data, for readers who cannot see it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

import vl_convert

PALETTE = ["#1b6ca8", "#c2410c", "#15803d", "#7e22ce", "#b91c1c", "#0f766e", "#a16207", "#4338ca"]


@dataclass
class Chart:
    title: str
    summary: str  # the text alternative
    spec: dict
    rows: list[dict] = field(default_factory=list)  # the data, shown as a table under the chart
    columns: list[str] = field(default_factory=list)

    @property
    def svg(self) -> str:
        return _render(json.dumps(self.spec, sort_keys=True))


@lru_cache(maxsize=512)
def _render(spec_json: str) -> str:
    svg = vl_convert.vegalite_to_svg(json.loads(spec_json))
    title = json.loads(spec_json).get("description", "chart")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{_attr(title)}" ', 1)


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def _base(description: str, values: list[dict], width: int = 560) -> dict:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": description,
        "width": width,
        "data": {"values": values},
        "config": {"font": "sans-serif", "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 320},
                   "legend": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 320, "orient": "bottom",
                              "columns": 2},
                   "range": {"category": PALETTE}},
    }


def _num(value) -> Decimal | None:
    """An exact amount from a report value: a figure's amount when it has one, an exact string, a number."""
    if isinstance(value, dict):
        return Decimal(value["amount"]) if value.get("amount") is not None and value.get("status") in (
            "known", "partial") else None
    if value is None or value == "":
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _plot(value: Decimal | None) -> float:
    """Chart data only: Vega-Lite needs numbers (a cent amount's float has the same shortest text)."""
    return float(value) if value is not None else 0.0


def _side_label(name: str, side: str) -> str:
    return f"{name} — {'for' if side == 'support' else 'against' if side == 'oppose' else side}"


def outside_by_spender(report: dict) -> Chart | None:
    names = {c["cand_id"]: c["name"] for c in report["candidates"]}
    rows = [
        {"candidate": _side_label(names.get(r["cand_id"], r["cand_id"]), r["support_oppose"]),
         "spender": r["spender_name"] or r["spe_id"], "amount": _plot(_num(r["amount"]))}
        for r in report["independent_expenditures"] if _num(r["amount"])
    ]
    if not rows:
        return None
    total = sum(_num(r["amount"]) or 0 for r in report["independent_expenditures"])
    spec = _base("Outside spending for and against each candidate, by spender", rows)
    spec.update({
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "candidate", "type": "nominal", "title": None, "sort": "-x"},
            "x": {"field": "amount", "type": "quantitative", "title": "Dollars", "stack": "zero"},
            "color": {"field": "spender", "type": "nominal", "title": "Spender"},
            "tooltip": [{"field": "spender"}, {"field": "amount", "format": "$,.0f"}],
        },
    })
    top = max(rows, key=lambda r: r["amount"])
    return Chart("Outside spending by spender", f"{len(rows)} spender/candidate pairs, ${total:,.0f} in all; "
                 f"the largest is {top['spender']} on {top['candidate']} (${top['amount']:,.0f}).",
                 spec, rows, ["candidate", "spender", "amount"])


def spending_over_time(report: dict, timeline: list[dict]) -> Chart | None:
    names = {c["cand_id"]: c["name"] for c in report["candidates"]}
    rows = [{"day": r["day"], "series": _side_label(names.get(r["cand_id"], r["cand_id"]), r["support_oppose"]),
             "amount": _plot(_num(r["amount"]))} for r in timeline if r["day"]]
    if not rows:
        return None
    spec = _base("Independent expenditures by day (24/48-hour notices, latest versions)", rows)
    spec.update({
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "day", "type": "temporal", "title": "Dissemination date"},
            "y": {"field": "amount", "type": "quantitative", "title": "Dollars", "stack": "zero"},
            "color": {"field": "series", "type": "nominal", "title": "Candidate — side"},
        },
    })
    first, last = min(r["day"] for r in rows), max(r["day"] for r in rows)
    return Chart("Outside spending over time", f"{len(rows)} days with notices between {first} and {last}.",
                 spec, rows, ["day", "series", "amount"])


SOURCES = [
    ("ttl_indiv_contrib", "Individuals"),
    ("other_pol_cmte_contrib", "PACs and other committees"),
    ("pol_pty_contrib", "Party committees"),
    ("cand_contrib", "Candidate (gifts)"),
    ("cand_loans", "Candidate (loans)"),
]


def receipts_by_source(candidates: list[dict]) -> Chart | None:
    rows = []
    for c in candidates:
        s = c.get("summary") or {}
        total = _num(s.get("ttl_receipts"))
        if not total:
            continue
        named = Decimal(0)
        for key, label in SOURCES:
            part = _num(s.get(key))
            if part:
                rows.append({"candidate": c["name"], "source": label, "amount": _plot(part)})
                named += part
        other = total - named
        if abs(other) >= 1:
            rows.append({"candidate": c["name"], "source": "Other (transfers, refunds, interest…)",
                         "amount": _plot(other)})
    if not rows:
        return None
    spec = _base("Receipts by source as reported on the summary files", rows)
    spec.update({
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "candidate", "type": "nominal", "title": None, "sort": "-x"},
            "x": {"field": "amount", "type": "quantitative", "title": "Dollars", "stack": "zero"},
            "color": {"field": "source", "type": "nominal", "title": "Source"},
        },
    })
    return Chart("Receipts by source", f"Receipts of {len({r['candidate'] for r in rows})} candidates split by "
                 "source (individuals, PACs, parties, the candidate, other).", spec, rows,
                 ["candidate", "source", "amount"])


def results_beside_money(contest: dict) -> Chart | None:
    rows = [{"candidate": r["candidate"], "share": r["share"] or 0, "receipts": _plot(_num(r.get("receipts")))}
            for r in contest["candidates"] if r["share"] is not None]
    if not rows:
        return None
    spec = _base(f"{contest['year']} {contest['stage']}: vote share beside receipts", rows, width=260)
    spec.pop("width")
    spec["hconcat"] = [
        {"width": 260, "mark": "bar", "encoding": {
            "y": {"field": "candidate", "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": "share", "type": "quantitative", "title": "Vote share (%)"}}},
        {"width": 260, "mark": {"type": "bar", "color": PALETTE[1]}, "encoding": {
            "y": {"field": "candidate", "type": "nominal", "sort": {"field": "share", "order": "descending"},
                  "title": None},
            "x": {"field": "receipts", "type": "quantitative", "title": "Receipts ($)"}}},
    ]
    lead = max(rows, key=lambda r: r["share"])
    return Chart(f"{contest['year']} {contest['stage']}: votes and money",
                 f"{lead['candidate']} led with {lead['share']:.1f}% of the vote; receipts shown beside each share.",
                 spec, rows, ["candidate", "share", "receipts"])
