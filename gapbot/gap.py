"""Gap math: pure functions over score rows. No I/O.

- Quality gap: best proprietary minus best open score in the same snapshot of the same leaderboard.
- Time gap: how long after the proprietary frontier reached the best open model's score did an open model reach
  it, by model release dates, falling back to the date the source first listed the model.
- Trend: the quality gap of each dated snapshot, oldest to newest, and its direction.
Rows whose open/closed status is unknown take no part, and are counted so answers can say so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from gapbot.models import ScoreRow

DAYS_PER_MONTH = 365.25 / 12
# Trend direction: a change smaller than this share of the first gap (or 1 point) counts as flat.
FLAT_SHARE = 0.1


@dataclass(frozen=True, slots=True)
class Gap:
    best_open: ScoreRow | None
    best_closed: ScoreRow | None
    points: float | None  # best_closed - best_open (negative: open models lead)
    relative_pct: float | None  # points as a share of the proprietary score
    months: float | None  # time gap; 0 when open models lead or tie
    open_date: str  # when the first open model reached the best open score
    closed_date: str  # when the first proprietary model reached it
    closed_first: ScoreRow | None  # that proprietary model
    open_first: ScoreRow | None
    n_open: int
    n_closed: int
    n_unknown: int


@dataclass(frozen=True, slots=True)
class TrendPoint:
    snapshot: str
    gap: Gap


@dataclass(frozen=True, slots=True)
class CatchUp:
    target: ScoreRow
    first_open: ScoreRow | None  # earliest open model scoring at least the target's score
    open_date: str
    target_date: str
    months: float | None


def model_date(row: ScoreRow) -> str:
    return row.release_date or row.first_seen


def months_between(earlier: str, later: str) -> float | None:
    if not earlier or not later:
        return None
    try:
        d0, d1 = date.fromisoformat(earlier[:10]), date.fromisoformat(later[:10])
    except ValueError:
        return None
    return round((d1 - d0).days / DAYS_PER_MONTH, 1)


def best_per_model(rows: Iterable[ScoreRow]) -> list[ScoreRow]:
    """One row per model (its best setting or run), highest score first; ties broken by name for stability."""
    best: dict[str, ScoreRow] = {}
    for r in rows:
        cur = best.get(r.model)
        if cur is None or r.score > cur.score or (r.score == cur.score and model_date(r) < model_date(cur)):
            best[r.model] = r
    return sorted(best.values(), key=lambda r: (-r.score, r.display_name.lower(), r.model))


def leaders(rows: Iterable[ScoreRow], open_weights: bool | None = None, n: int = 5) -> list[ScoreRow]:
    """Top n models; open_weights=True/False restricts to open/proprietary, None means all known and unknown."""
    pool = rows if open_weights is None else (r for r in rows if r.open_weights is open_weights)
    return best_per_model(pool)[:n]


def _first_reaching(rows: list[ScoreRow], score: float) -> ScoreRow | None:
    """The earliest-dated model scoring at least `score` (undated models only when no dated one qualifies)."""
    reached = [r for r in rows if r.score >= score]
    if not reached:
        return None
    return min(reached, key=lambda r: (model_date(r) or "9999", -r.score))


def quality_gap(rows: Iterable[ScoreRow]) -> Gap:
    rows = list(rows)
    open_rows = best_per_model(r for r in rows if r.open_weights is True)
    closed_rows = best_per_model(r for r in rows if r.open_weights is False)
    n_unknown = len({r.model for r in rows if r.open_weights is None})
    best_open = open_rows[0] if open_rows else None
    best_closed = closed_rows[0] if closed_rows else None
    points = relative = months = None
    open_date = closed_date = ""
    closed_first = open_first = None
    if best_open and best_closed:
        points = round(best_closed.score - best_open.score, 2)
        relative = round(100 * points / best_closed.score, 1) if best_closed.score else None
        open_first = _first_reaching(open_rows, best_open.score)
        closed_first = _first_reaching(closed_rows, best_open.score)
        open_date = model_date(open_first) if open_first else ""
        if closed_first is None:  # no proprietary model reached the best open score: open models lead
            months = 0.0
        else:
            closed_date = model_date(closed_first)
            months = months_between(closed_date, open_date)
            if months is not None and months < 0:
                months = 0.0  # an open model got there first
    return Gap(best_open, best_closed, points, relative, months, open_date, closed_date, closed_first, open_first,
               len(open_rows), len(closed_rows), n_unknown)


def as_of(rows: Iterable[ScoreRow], when: str) -> list[ScoreRow]:
    """The rows of a cumulative board (one run per model, dated) as it stood on `when`."""
    return [r for r in rows if (r.first_seen or r.release_date or r.snapshot) <= when]


def trend(boards: dict[str, list[ScoreRow]]) -> list[TrendPoint]:
    """The gap of each dated board, oldest first; boards where either side is missing are left out."""
    points = []
    for snap in sorted(boards):
        g = quality_gap(boards[snap])
        if g.points is not None:
            points.append(TrendPoint(snap, g))
    return points


def cumulative_boards(rows: list[ScoreRow], max_points: int = 12) -> dict[str, list[ScoreRow]]:
    """For a cumulative source (one file, many dated runs): the board at the end of evenly spaced months."""
    dates = sorted({r.first_seen or r.release_date for r in rows if r.first_seen or r.release_date})
    if not dates:
        return {}
    months = sorted({d[:7] for d in dates})
    step = max(1, -(-len(months) // max_points))
    chosen = months[::step]
    if chosen[-1] != months[-1]:
        chosen.append(months[-1])
    out = {}
    for m in chosen:
        end = max(d for d in dates if d[:7] == m)
        out[end] = as_of(rows, end)
    return out


def direction(points: list[TrendPoint]) -> tuple[str, float | None]:
    """'shrinking' / 'growing' / 'flat' from the first to the last point, and the change in points."""
    if len(points) < 2:
        return "unknown", None
    first, last = points[0].gap.points, points[-1].gap.points
    change = round(last - first, 2)
    threshold = max(1.0, abs(first) * FLAT_SHARE)
    if abs(change) < threshold:
        return "flat", change
    return ("shrinking" if change < 0 else "growing"), change


def catch_up(rows: list[ScoreRow], target_model: str) -> CatchUp | None:
    """When did an open model first match `target_model`'s score on this board?"""
    target_rows = [r for r in rows if r.model == target_model]
    if not target_rows:
        return None
    target = best_per_model(target_rows)[0]
    open_rows = best_per_model(r for r in rows if r.open_weights is True and r.model != target_model)
    first = _first_reaching(open_rows, target.score)
    open_date = model_date(first) if first else ""
    target_date = model_date(target)
    return CatchUp(target, first, open_date, target_date, months_between(target_date, open_date) if first else None)
