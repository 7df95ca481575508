"""Deterministic wording of computed figures. Every number printed here comes from the computation."""

from __future__ import annotations

from gapbot.categories import label
from gapbot.gap import Gap
from gapbot.models import ScoreRow

OPEN_MEANS = "open = downloadable weights (any licence); proprietary = API or hosted only"


_DEFANG = [("@everyone", "@\u200beveryone"), ("@here", "@\u200bhere"), ("<@", "<\u200b@"), ("<#", "<\u200b#")]
_INVISIBLE = dict.fromkeys([0, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def defang(text: str) -> str:
    """Text from files (passages, titles, model names) can carry mentions or bidi tricks: make them inert."""
    text = text.translate(_INVISIBLE)
    for bad, safe in _DEFANG:
        text = text.replace(bad, safe)
    return text


def num(x: float | None, digits: int = 2) -> str:
    if x is None:
        return "n/a"
    text = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def gap_phrase(points: float | None) -> str:
    """'a gap of 3.97 points', 'open models lead by 3.33 points', 'level'."""
    if points is None:
        return "no gap measurable"
    if points < 0:
        return f"open models lead by {num(-points)} points"
    if points == 0:
        return "level"
    return f"a gap of {num(points)} points"


def who(row: ScoreRow | None, with_score: bool = True) -> str:
    if row is None:
        return "none"
    org = f" ({row.organization})" if row.organization else ""
    score = f" — {num(row.score)}" if with_score else ""
    return f"**{row.display_name}**{org}{score}"


def months_text(m: float | None) -> str:
    if m is None:
        return "unknown (no release dates for these models)"
    if m == 0:
        return "none: an open model got there as early as any proprietary one"
    return f"about {num(m, 1)} months"


def board_name(benchmark: str, snapshot: str, category: str) -> str:
    return f"{benchmark} · {label(category)} · snapshot {snapshot}"


def gap_headline(category: str, benchmark: str, g: Gap) -> str:
    if g.points is None:
        return f"{label(category)} on {benchmark}: not enough open and proprietary models to compare."
    if g.points < 0:
        return (f"{label(category)} on {benchmark}: the best open model leads by {num(-g.points)} points.")
    if g.points == 0:
        return f"{label(category)} on {benchmark}: open and proprietary models are level."
    return (f"{label(category)} on {benchmark}: the best open model is {num(g.points)} points behind"
            + (f", {months_text(g.months)}." if g.months else "."))


def gap_fields(g: Gap) -> list[tuple[str, str]]:
    fields = [("Best open-weights", who(g.best_open)), ("Best proprietary", who(g.best_closed))]
    if g.points is not None:
        rel = f" ({num(g.relative_pct, 1)} % of the proprietary score)" if g.relative_pct is not None else ""
        fields.append(("Quality gap", f"{num(g.points)} points{rel}"))
        fields.append(("Time gap", time_gap_line(g)))
    return fields


def dated(row: ScoreRow) -> str:
    """'released 2025-05-22' or 'first listed 2026-01-08': says which kind of date the time gap used."""
    if row.release_date:
        return f"released {row.release_date}"
    if row.first_seen:
        return f"first listed {row.first_seen}"
    return "date unknown"


def time_gap_line(g: Gap) -> str:
    if g.months is None:
        return months_text(None)
    if g.closed_first is None:
        return "none: no proprietary model on this board reached the best open score"
    text = (f"{months_text(g.months)} — {g.closed_first.display_name} ({dated(g.closed_first)}) reached "
            f"{num(g.best_open.score)} or more")
    if g.open_first is not None:
        text += f"; the first open model to do so was {g.open_first.display_name} ({dated(g.open_first)})"
    return text


def unknown_note(g: Gap) -> str | None:
    if g.n_unknown:
        return (f"{g.n_unknown} model(s) on this board have unknown open/closed status and were left out.")
    return None


def row_line(i: int, r: ScoreRow) -> str:
    flag = {True: "open", False: "proprietary", None: "unknown"}[r.open_weights]
    org = f" ({r.organization})" if r.organization else ""
    return f"{i}. {r.display_name}{org} — {num(r.score)} · {flag}"


def source_line(benchmark: str, snapshot: str, url: str) -> str:
    link = f" <{url}>" if url else ""
    return f"Source: {benchmark}, snapshot {snapshot}{link}. {OPEN_MEANS}."
