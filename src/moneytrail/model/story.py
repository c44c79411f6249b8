"""The race in plain words: who raised what, who outside groups spent for and against, who won and by how much.

Why: a reader should get the story before the tables. Each sentence is built from the race report's own
figures (never recomputed here), each number carries the report path of its rows so a page can link it,
and a figure that is not loaded says so and names its file instead of reading as "$0".
"""

from __future__ import annotations

from dataclasses import dataclass

from .figures import Figure, Status

TOP = 3  # fundraisers named in the first sentence


@dataclass(frozen=True)
class Piece:
    """A run of sentence text; ``path`` (a report path such as ``candidates.0.summary_ref``) when it is a
    number whose rows can be listed."""

    text: str
    path: str | None = None

    def to_json(self) -> dict:
        return {"text": self.text, "path": self.path}


def _fig(value) -> Figure | None:
    if isinstance(value, Figure):
        return value
    if isinstance(value, dict) and "status" in value:
        return Figure.from_json(value)
    return None


def _who(c: dict) -> str:
    return f"{c['name']}{' (' + c['party'] + ')' if c.get('party') else ''}"


def _money_sentence(cands: list[dict]) -> list[Piece]:
    figs = [(i, c, _fig(c["summary"]["ttl_receipts"])) for i, c in enumerate(cands)]
    shown = sorted((x for x in figs if x[2] is not None and x[2].has_value), key=lambda x: -x[2].amount)
    unloaded = [x for x in figs if x[2] is None or x[2].status is Status.NOT_LOADED]
    out: list[Piece] = []
    if shown:
        out.append(Piece("Money raised: "))
        for n, (i, c, f) in enumerate(shown[:TOP]):
            out += [Piece(("; " if n else "") + f"{_who(c)} raised "),
                    Piece(f.short(), f"candidates.{i}.summary_ref" if c.get("summary_ref") else None)]
        rest = len(shown) - TOP
        out.append(Piece(f"; {rest} other candidate{'s' if rest > 1 else ''} raised less." if rest > 0 else "."))
    if unloaded:
        why = next((f.missing for _, _, f in unloaded if f is not None and f.missing), None)
        out.append(Piece(f" Receipts for {len(unloaded)} candidate{'s' if len(unloaded) > 1 else ''} are not "
                         f"loaded{' (' + why + ')' if why else ''}." if shown else
                         f"Money raised: not loaded{' (' + why + ')' if why else ''}."))
    return out


def _outside_sentence(cands: list[dict]) -> list[Piece]:
    out: list[Piece] = []
    notes: list[str] = []
    missing = None
    for i, c in enumerate(cands):
        for side, word in (("support", "for"), ("oppose", "against")):
            f = _fig((c.get("outside") or {}).get(side))
            if f is None:
                continue
            if f.status is Status.NOT_LOADED:
                missing = f.missing or "the independent expenditures file"
            elif f.has_value and f.amount:
                note = f.footnote()
                if note and note not in notes:
                    notes.append(note)
                out += [Piece(f"{'; ' if out else 'Outside groups spent '}"),
                        Piece(f.short(), f"candidates.{i}.outside.{side}.row_refs" if f.refs else None),
                        Piece(f" {word} {c['name']}")]
    if out:
        return [*out, Piece(f" ({'; '.join(notes)})." if notes else ".")]
    if missing:
        return [Piece(f"Outside spending: not loaded ({missing}).")]
    return [Piece("No independent expenditures for or against these candidates in the loaded files.")]


def _result_sentence(contests: list[dict]) -> list[Piece]:
    if not contests:
        return [Piece("Results: no election results loaded for this race.")]
    ci = max(range(len(contests)), key=lambda k: (contests[k]["stage"] == "general", contests[k]["year"], k))
    contest = contests[ci]
    rows = contest["candidates"]
    order = sorted((j for j in range(len(rows)) if rows[j].get("votes") is not None),
                   key=lambda j: -rows[j]["votes"])
    winners = [j for j in range(len(rows)) if rows[j].get("result") == "elected"]
    if not winners or not order:
        return [Piece(f"Results: the {contest['year']} {contest['stage']} has no winner in the loaded results.")]
    w = winners[0]
    r = rows[w]
    out = [Piece(f"{r['candidate']} won the {contest['year']} {contest['stage']} with "),
           Piece(f"{r['votes']:,} votes", f"results.{ci}.candidates.{w}.row_refs" if r.get("row_refs") else None)]
    if r.get("share") is not None:
        out.append(Piece(f" ({r['share']:.2f}%)"))
    margin = contest.get("margin")
    second = next((j for j in order if j != w), None)
    if margin and second is not None:
        out += [Piece(f", {margin['votes']:,} votes ({margin['points']} points) ahead of {rows[second]['candidate']}")]
    dpv = _fig(r.get("dollars_per_vote"))
    if dpv is not None and dpv.has_value:
        out.append(Piece(f"; their campaign raised {dpv.text()} per vote"))
    return [*out, Piece(".")]


def race_story(report: dict) -> list[list[dict]]:
    """The race report (``Trail.race``, JSON-ready) as sentences of pieces: money, outside money, result."""
    cands = report["candidates"]
    return [[p.to_json() for p in s] for s in
            (_money_sentence(cands), _outside_sentence(cands), _result_sentence(report.get("results") or []))
            if s]
