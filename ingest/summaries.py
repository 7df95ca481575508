"""One text per snapshot and category: what gets embedded for a leaderboard, so a board can be found by meaning.

Rows themselves are not embedded (thousands of near-identical sentences); each row carries its board's vector.
"""

from __future__ import annotations

from collections import defaultdict

from gapbot.categories import label
from gapbot.gap import leaders, quality_gap
from gapbot.models import ScoreRow

GroupKey = tuple[str, str, str, str]  # source, benchmark, snapshot, category


def group_rows(rows: list[ScoreRow]) -> dict[GroupKey, list[ScoreRow]]:
    groups: dict[GroupKey, list[ScoreRow]] = defaultdict(list)
    for r in rows:
        groups[(r.source, r.benchmark, r.snapshot, r.category)].append(r)
    return dict(groups)


def _fmt(r: ScoreRow) -> str:
    org = f" ({r.organization})" if r.organization else ""
    return f"{r.display_name}{org} {r.score:g}"


def summary_text(key: GroupKey, rows: list[ScoreRow]) -> str:
    """Short on purpose (~50 tokens): embedding time grows with length, and this only has to find the board."""
    source, benchmark, snapshot, category = key
    g = quality_gap(rows)
    parts = [f"{benchmark} ({source}) {snapshot}, {label(category)}: {len({r.model for r in rows})} models."]
    if g.best_open:
        parts.append(f"Best open-weights: {_fmt(g.best_open)}.")
    if g.best_closed:
        parts.append(f"Best proprietary: {_fmt(g.best_closed)}.")
    if g.points is not None:
        parts.append(f"Gap {g.points:g} points.")
    else:
        parts.append("Leaders: " + ", ".join(_fmt(r) for r in leaders(rows, None, 3)) + ".")
    return " ".join(parts)
