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

from ..model.figures import Figure, dollars

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
    return Chart("Outside spending by spender", f"{len(rows)} spender/candidate pairs, {dollars(total, 0)} in all; "
                 f"the largest is {top['spender']} on {top['candidate']} ({dollars(top['amount'], 0)}).",
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


ROUTES = [("direct", "direct gift"), ("earmarked", "earmarked via conduit"), ("ie_support", "IE for"),
          ("ie_oppose", "IE against")]
ROUTE_COLORS = ["#1b6ca8", "#7e22ce", "#15803d", "#b91c1c"]


def network_flow(report: dict) -> Chart | None:
    """The network's committees (left) joined to the candidates (right) by one line per route, its width
    the dollars: Vega-Lite has no Sankey, so this is the same picture as a layered bipartite diagram."""
    label = dict(ROUTES)
    cmte_names = {c["cmte_id"]: c["name"] for c in report["committees"]}
    rows = []
    for c in report["candidates"]:
        who = f"{c['name'] or c['cand_id']} ({c.get('party') or '?'}, {c.get('race') or '?'})"
        for b in c.get("by_committee", []):
            amt = _num(b["amount"])
            if amt and b["figure"] in label:
                rows.append({"committee": cmte_names.get(b["cmte_id"], b["cmte_id"]), "candidate": who,
                             "route": label[b["figure"]], "amount": amt})
    if not rows:
        return None
    left = list(dict.fromkeys(r["committee"] for r in sorted(rows, key=lambda r: -r["amount"])))
    right = list(dict.fromkeys(r["candidate"] for r in sorted(rows, key=lambda r: -r["amount"])))
    n = max(len(left), len(right))
    height = max(120, 34 * n)

    def place(items: list[str]) -> dict[str, float]:  # spread each side over the full height
        step = height / len(items)
        return {x: step * (i + 0.5) for i, x in enumerate(items)}

    ly, ry = place(left), place(right)
    offset = {r: (i - 1.5) * 4 for i, (_, r) in enumerate(ROUTES)}  # parallel routes side by side, not on top
    links = [{**r, "amount": float(r["amount"]),  # the drawing's line width; the table keeps the exact amount
              "y": ly[r["committee"]] + offset[r["route"]], "y2": ry[r["candidate"]] + offset[r["route"]],
              "x": 0, "x2": 1} for r in rows]
    nodes = ([{"x": 0, "y": ly[name], "name": name, "align": "right", "dx": -8} for name in left]
             + [{"x": 1, "y": ry[name], "name": name, "align": "left", "dx": 8} for name in right])
    spec = _base("Where the network's money went: committees to candidates, by route", [], width=180)
    spec.pop("data")
    y_scale = {"domain": [0, height], "reverse": False}
    x_enc = {"field": "x", "type": "quantitative", "axis": None, "scale": {"domain": [0, 1]}}
    y_enc = {"field": "y", "type": "quantitative", "axis": None, "scale": y_scale}
    spec.update({
        "height": height,
        "padding": {"left": 220, "right": 260, "top": 10, "bottom": 10},
        "view": {"stroke": None},
        "layer": [
            {"data": {"values": links}, "mark": {"type": "rule", "opacity": 0.75, "strokeCap": "round"},
             "encoding": {"x": x_enc, "y": y_enc, "x2": {"field": "x2"}, "y2": {"field": "y2"},
                          "color": {"field": "route", "type": "nominal", "title": "Route",
                                    "scale": {"domain": [r for _, r in ROUTES], "range": ROUTE_COLORS},
                                    "legend": {"symbolType": "stroke", "symbolStrokeWidth": 5}},
                          "strokeWidth": {"field": "amount", "type": "quantitative", "title": "Dollars",
                                          "scale": {"range": [1.5, 16]}, "legend": None},
                          "tooltip": [{"field": "committee"}, {"field": "candidate"}, {"field": "route"},
                                      {"field": "amount", "format": "$,.0f"}]}},
            {"data": {"values": nodes}, "mark": {"type": "circle", "size": 60, "color": "#111827"},
             "encoding": {"x": x_enc, "y": y_enc}},
            {"data": {"values": [n for n in nodes if n["align"] == "right"]},
             "mark": {"type": "text", "align": "right", "dx": -10, "fontSize": 12, "limit": 210},
             "encoding": {"x": x_enc, "y": y_enc, "text": {"field": "name"}}},
            {"data": {"values": [n for n in nodes if n["align"] == "left"]},
             "mark": {"type": "text", "align": "left", "dx": 10, "fontSize": 12, "limit": 250},
             "encoding": {"x": x_enc, "y": y_enc, "text": {"field": "name"}}},
        ],
    })
    by_route = {r: sum(x["amount"] for x in rows if x["route"] == r) for _, r in ROUTES}
    said = ", ".join(f"{r} {dollars(v, 0)}" for r, v in by_route.items() if v)
    top = max(rows, key=lambda r: r["amount"])
    summary = (f"{len(left)} committee(s) to {len(right)} candidate(s) along {len(rows)} route(s): {said}. "
               f"The largest: {top['committee']} → {top['candidate']}, {top['route']}, {dollars(top['amount'], 0)}.")
    return Chart("Money flow", summary, spec, rows, ["committee", "candidate", "route", "amount"])


CAREER_MEASURES = [("receipts", "Receipts"), ("cash_on_hand", "Cash on hand (end of cycle)"),
                   ("outside_support", "Outside spending for"), ("outside_oppose", "Outside spending against")]


def _figure(value) -> Figure:
    return value if isinstance(value, Figure) else Figure.from_json(value)


def career_money(career: dict) -> Chart | None:
    """Receipts, cash on hand and outside money of each cycle of a person's career, side by side. A figure
    whose file is not loaded is left out of the drawing and named in the summary and the table (never $0)."""
    rows, plot, gaps, said, unknown = [], [], [], [], {}
    for run in career["cycles"]:
        shown = []
        for key, label in CAREER_MEASURES:
            fig = _figure(run[key])
            rows.append({"cycle": run["cycle"], "FEC id": run["cand_id"], "figure": label, "amount": fig.short()})
            if fig.has_value:
                plot.append({"cycle": str(run["cycle"]), "figure": label, "amount": _plot(fig.amount)})
                shown.append(f"{label.lower()} {fig.short()}")
            else:
                unknown.setdefault((run["cycle"], fig.footnote() or fig.short()), []).append(label.lower())
                gaps.append({"cycle": str(run["cycle"]), "figure": label, "amount": 0.0, "label": fig.short()})
        said.append(f"{run['cycle']} ({run['cand_id']}): " + (", ".join(shown) or "nothing to draw"))
    if not rows:
        return None
    measures = [x for _, x in CAREER_MEASURES]
    spec = _base(f"{career['name']}: receipts, cash on hand and outside spending per cycle", plot)
    x = {"field": "cycle", "type": "ordinal", "title": "Cycle", "axis": {"labelAngle": 0},
         "scale": {"domain": [str(r["cycle"]) for r in career["cycles"]]}}
    offset = {"field": "figure", "type": "nominal", "scale": {"domain": measures}}  # a slot kept for each
    spec.update({"layer": [
        {"mark": {"type": "bar"},
         "encoding": {
             "x": x, "xOffset": offset,
             "y": {"field": "amount", "type": "quantitative", "title": "Dollars"},
             "color": {"field": "figure", "type": "nominal", "title": "Figure",
                       "scale": {"domain": measures, "range": PALETTE[:4]}},
             "tooltip": [{"field": "cycle"}, {"field": "figure"}, {"field": "amount", "format": "$,.2f"}]}},
        # a figure that is not loaded (or not applicable) is written in its slot, never drawn as $0
        {"data": {"values": gaps}, "mark": {"type": "text", "angle": 270, "align": "left", "dx": 4,
                                            "fontSize": 11, "color": "#4b5563"},
         "encoding": {"x": x, "xOffset": offset, "y": {"field": "amount", "type": "quantitative"},
                      "text": {"field": "label"}}},
    ]})
    gaps = "; ".join(f"{' and '.join(labels)} in {cycle} ({why})" for (cycle, why), labels in unknown.items())
    gaps = f"Not drawn: {gaps}." if gaps else ""
    return Chart("Money per cycle", " ".join(["; ".join(said) + ".", gaps]).strip(), spec, rows,
                 ["cycle", "FEC id", "figure", "amount"])


def career_results(career: dict) -> Chart | None:
    """Vote share in each election of a person's career, from the loaded results (model/elections.py marks
    who was elected, advanced or nominated; a counted candidate it does not mark lost that stage)."""
    rows = []
    for run in career["cycles"]:
        for r in run["results"]:
            if r["votes"] is None:
                continue
            rows.append({"election": f"{r['year']} {r['stage']}{' (special)' if r['special'] else ''}",
                         "race": run["race"], "FEC id": r["cand_id"], "votes": f"{r['votes']:,}",
                         "share": f"{r['share']:.2f}%" if r["share"] is not None else "—",
                         "result": r["result"] or ("not elected" if r["stage"] == "general" else "did not advance")})
    if not rows:
        return None
    plot = [{"election": r["election"], "share": float(r["share"].rstrip("%")), "result": r["result"]}
            for r in rows if r["share"] != "—"]
    spec = _base(f"{career['name']}: vote share in each election", plot)
    spec.update({
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "election", "type": "nominal", "title": None, "sort": None},
            "x": {"field": "share", "type": "quantitative", "title": "Vote share (%)", "scale": {"domain": [0, 100]}},
            "color": {"field": "result", "type": "nominal", "title": "Result"},
            "tooltip": [{"field": "election"}, {"field": "share", "format": ".2f"}, {"field": "result"}],
        },
    })
    said = "; ".join(f"{r['election']} ({r['race']}): {r['votes']} votes, {r['share']}, {r['result']}" for r in rows)
    return Chart("Results per election", f"{len(rows)} election(s) — {said}.", spec, rows,
                 ["election", "race", "FEC id", "votes", "share", "result"])


def _entry_type(e: dict) -> str:
    if e["kind"] == "report":
        return "Report"
    if e["kind"] == "ie_notice":
        return f"{e['report_type']}-hour notice" if e.get("report_type") in ("24", "48") else "24/48-hour notice"
    return "Other filing"


REPORT_LABELS = {"receipts": "receipts this period", "disbursements": "disbursements this period",
                 "cash_on_hand_close": "cash on hand at close"}  # model/timeline.py HEADLINE, in short


def _entry_added(e: dict) -> tuple[str, Decimal]:
    """What an entry added, as text, and the dollars its dot is drawn by (receipts of a report, the
    Schedule E dollars of a notice; only within this one filing, never summed across entries)."""
    if e["kind"] == "report":
        figs = {k: _figure(v) for k, v in e["figures"].items()}
        parts = [f"{REPORT_LABELS.get(k, k.replace('_', ' '))} {f.short()}" for k, f in figs.items()]
        rec = figs.get("receipts")
        return "; ".join(parts), rec.amount if rec is not None and rec.has_value else Decimal(0)
    lines, size = [], Decimal(0)
    for x in e["ies"]:
        fig = _figure(x["amount"])
        side = "for" if x["support_oppose"] == "support" else "against" if x["support_oppose"] == "oppose" else "about"
        lines.append(f"{side} {x['candidate_name'] or x['cand_id']} {fig.short()}")
        size += fig.amount if fig.has_value else 0
    return "; ".join(lines), size


def reports_and_notices(entries: list[dict], total: int | None = None) -> Chart | None:
    """A race's reports and 24/48-hour notices on one time axis, one dot per filing (model/timeline.py);
    ``total``: the whole timeline's count when ``entries`` are only its newest."""
    rows, plot = [], []
    for e in entries:
        if not e["filed"]:
            continue
        added, size = _entry_added(e)
        kind = _entry_type(e)
        rows.append({"filed": e["filed"], "type": kind, "filer": e["filer_name"] or e["filer_id"] or "",
                     "filing": e["filing_id"] or "", "version": "current" if e["current"] else
                     f"superseded by {e['superseded_by']}" if e["superseded_by"] else "superseded",
                     "added": added})
        plot.append({"filed": e["filed"], "type": kind, "filer": rows[-1]["filer"], "role": e["role"],
                     "dollars": _plot(size), "version": rows[-1]["version"]})
    if not rows:
        return None
    types = ["Report", "24-hour notice", "48-hour notice", "24/48-hour notice", "Other filing"]
    spec = _base("Reports and 24/48-hour notices of the race's committees and outside spenders, by date filed", plot)
    spec.update({
        "mark": {"type": "circle", "opacity": 0.8, "stroke": "#111827", "strokeWidth": 0.5},
        "encoding": {
            "x": {"field": "filed", "type": "temporal", "title": "Date filed", "axis": {"format": "%b %-d, %Y"}},
            "y": {"field": "type", "type": "nominal", "title": None,
                  "sort": [t for t in types if any(p["type"] == t for p in plot)]},
            "size": {"field": "dollars", "type": "quantitative", "title": "Dollars in the filing",
                     "scale": {"range": [30, 600]}},
            "color": {"field": "role", "type": "nominal", "title": "Filed by"},
            "tooltip": [{"field": "filed", "type": "temporal"}, {"field": "type"}, {"field": "filer"},
                        {"field": "dollars", "format": "$,.0f"}, {"field": "version"}],
        },
    })
    counts = {t: sum(1 for r in rows if r["type"] == t) for t in types}
    said = ", ".join(f"{n} {t.lower()}{'s' if n != 1 else ''}" for t, n in counts.items() if n)
    busiest = max({r["filed"] for r in rows}, key=lambda d: (sum(1 for r in rows if r["filed"] == d), d))
    n_busy = sum(1 for r in rows if r["filed"] == busiest)
    superseded = sum(1 for r in rows if r["version"] != "current")
    first, last = min(r["filed"] for r in rows), max(r["filed"] for r in rows)
    cut = total is not None and total > len(entries)  # only the newest: say nothing of the whole race
    none_loaded = ("" if counts["Report"] else " (none of them a periodic report)" if cut
                   else " (no periodic report loaded)")
    summary = (f"{len(rows)} filing{'s' if len(rows) != 1 else ''} between {first} and {last}: "
               f"{said}{none_loaded}. The busiest day{' among them' if cut else ''} was {busiest} "
               f"({n_busy} filing{'s' if n_busy != 1 else ''}).")
    if superseded:
        summary += f" {superseded} {'was' if superseded == 1 else 'were'} later superseded by an amendment."
    if cut:
        summary = (f"The newest {len(entries):,} of {total:,} entries (what follows is about them, not the whole "
                   "timeline). " + summary)
    return Chart("Reports and notices over time", summary, spec, rows,
                 ["filed", "type", "filer", "filing", "version", "added"])
