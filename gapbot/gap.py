"""Gap math: pure functions over score rows. No I/O.

- Quality gap: best proprietary minus best open score in the same snapshot of the same leaderboard.
- Time gap (as Epoch measures it): how long after a proprietary model reached the best open model's score did an
  open model reach it. Like with like: by release dates where both sides have them, else by the dates the board
  first listed the models; never one of each. When no open model has reached the newest proprietary level yet,
  the gap there is censored: at least the time from that model to the date the board's data runs to.
- Trend: the quality gap of each dated snapshot, oldest to newest, counting only models that existed by the
  snapshot's date (a release table keeps gaining models for months), and its direction from a line fitted
  through every point, with the points' spread around it.
Rows whose open/closed status is unknown take no part, and are counted so answers can say so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from gapbot.models import ScoreRow
from gapbot.units import statistical_tie

DAYS_PER_MONTH = 365.25 / 12
# A board dated D may show a model listed up to this many days later (a release is filled in over its first weeks);
# a model listed later did not exist at D and takes no part in D's trend point.
LISTING_GRACE_DAYS = 45
# Trend direction: a fitted change smaller than this share of the mean gap (or 1 point) counts as flat.
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
    date_kind: str = ""  # what `months` compares: "release" dates or "listing" dates (first listed by the board)
    # The newest proprietary level (best_closed's score) not yet reached by an open model: at least this many months
    # from the first proprietary model to reach it (`frontier_first`, dated `frontier_date`) to `data_through`.
    censored_months: float | None = None
    frontier_first: ScoreRow | None = None
    frontier_date: str = ""
    data_through: str = ""  # the date the board's data runs to (its newest listing; at least its snapshot)
    tie: bool | None = None  # the two best scores' 95 % intervals overlap; None where the board gives none
    # "how far behind gpt-5 is the best open model": the side whose "best" is the model asked about instead ("open"
    # or "closed"; "" when both are the board's best)
    anchored: str = ""


@dataclass(frozen=True, slots=True)
class TrendPoint:
    snapshot: str  # the point's date: its board's date, or the date a live board's data runs to
    gap: Gap
    board: str = ""  # the snapshot of the board it was computed from


@dataclass(frozen=True, slots=True)
class CatchUp:
    target: ScoreRow
    first_open: ScoreRow | None  # earliest open model scoring at least the target's score
    open_date: str
    target_date: str
    months: float | None
    date_kind: str = ""  # what both dates are: "release" or "listing" ("" when no kind is on both sides)


def model_date(row: ScoreRow) -> str:
    return row.release_date or row.first_seen


def listed(row: ScoreRow) -> str:
    """When the board first listed the model: its first-seen date, else the snapshot it is on."""
    return row.first_seen or row.snapshot


def data_through(rows: Iterable[ScoreRow]) -> str:
    """The date a board's data runs to: its newest listing, and at least its snapshot date. A model listed only as
    of the board's own date (a curated extract: no git history says when it came) counts by its release date too:
    a LiveBench release table keeps gaining models for months after its date, so a board dated 2026-01-08 that
    scores a model released 2026-04-23 was measured after that. A listing date of its own wins over a release date
    (the registry's can be wrong; the publisher's git history is not)."""
    return max((d for r in rows for d in (r.snapshot, listed(r), r.release_date if listed(r) == r.snapshot else "")
                if d), default="")


def existed_by(rows: Iterable[ScoreRow], when: str, grace_days: int = LISTING_GRACE_DAYS) -> list[ScoreRow]:
    """The rows of models that existed on `when`: listed (and released) no more than `grace_days` after it."""
    try:
        limit = (date.fromisoformat(when[:10]) + timedelta(days=grace_days)).isoformat()
    except ValueError:
        return list(rows)
    return [r for r in rows if listed(r)[:10] <= limit and (not r.release_date or r.release_date[:10] <= limit)]


def _release(row: ScoreRow) -> str:
    return row.release_date


def _listing(row: ScoreRow) -> str:
    return row.first_seen  # a snapshot date alone says nothing of when the model came


DATE_KINDS = (("release", _release), ("listing", _listing))


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


def leaders(rows: Iterable[ScoreRow], open_weights: bool | None = None, n: int = 5, by: str = "score"
            ) -> list[ScoreRow]:
    """Top n models; open_weights=True/False restricts to open/proprietary, None means all known and unknown.
    by="value": the most points per dollar per question first (models the board gives no cost come last)."""
    pool = rows if open_weights is None else (r for r in rows if r.open_weights is open_weights)
    ranked = best_per_model(pool)
    if by == "value":
        ranked = sorted(ranked, key=lambda r: -value(r) if value(r) is not None else float("inf"))
    return ranked[:n]


def value(row: ScoreRow) -> float | None:
    """Points per dollar per question, where the board publishes cost."""
    return row.score / row.cost_per_question if row.cost_per_question else None


def _first_reaching(rows: list[ScoreRow], score: float, date_of=model_date) -> ScoreRow | None:
    """The earliest-dated model scoring at least `score` (undated models only when no dated one qualifies)."""
    reached = [r for r in rows if r.score >= score]
    if not reached:
        return None
    return min(reached, key=lambda r: (date_of(r) or "9999", -r.score))


def _dated_first(rows: list[ScoreRow], score: float, date_of) -> ScoreRow | None:
    """The earliest model scoring at least `score` among those `date_of` gives a date for."""
    return _first_reaching([r for r in rows if date_of(r)], score, date_of)


def _time_gap(open_rows: list[ScoreRow], closed_rows: list[ScoreRow], level: float):
    """(months, kind, closed_first, open_first) for the level `level`, comparing one kind of date on both sides:
    release dates where both sides have a dated model at that level, else listing dates."""
    for kind, date_of in DATE_KINDS:
        open_first = _dated_first(open_rows, level, date_of)
        if open_first is None:
            continue
        if not any(r.score >= level for r in closed_rows):
            return 0.0, kind, None, open_first  # no proprietary model reached it: open models lead
        closed_first = _dated_first(closed_rows, level, date_of)
        if closed_first is None:
            continue
        months = months_between(date_of(closed_first), date_of(open_first))
        return (max(months, 0.0) if months is not None else None), kind, closed_first, open_first
    return None, "", _first_reaching(closed_rows, level), _first_reaching(open_rows, level)


def _censored(closed_rows: list[ScoreRow], level: float, through: str) -> tuple[float | None, ScoreRow | None, str]:
    """No open model at the proprietary level `level` yet: at least the months from the first proprietary model
    there (by release date, else listing date) to the date the board's data runs to."""
    for _kind, date_of in DATE_KINDS:
        first = _dated_first(closed_rows, level, date_of)
        if first is not None:
            months = months_between(date_of(first), through)
            return (max(months, 0.0) if months is not None else None), first, date_of(first)
    return None, None, ""


def quality_gap(rows: Iterable[ScoreRow], anchor: str | None = None) -> Gap:
    """The gap between the best open and the best proprietary model on one board; with `anchor` (a model id the
    board scores), between that model and the other side's best ("how far behind gpt-5 is the best open model")."""
    rows = list(rows)
    open_rows = best_per_model(r for r in rows if r.open_weights is True)
    closed_rows = best_per_model(r for r in rows if r.open_weights is False)
    n_unknown = len({r.model for r in rows if r.open_weights is None})
    best_open = open_rows[0] if open_rows else None
    best_closed = closed_rows[0] if closed_rows else None
    anchored = ""
    if anchor is not None and (own := [r for r in open_rows + closed_rows if r.model == anchor]):
        if own[0].open_weights:
            best_open, anchored = own[0], "open"
        else:
            best_closed, anchored = own[0], "closed"
    points = relative = months = censored = None
    kind = open_date = closed_date = frontier_date = ""
    closed_first = open_first = frontier = None
    through = data_through(rows)
    if best_open and best_closed:
        points = round(best_closed.score - best_open.score, 2)
        relative = round(100 * points / best_closed.score, 1) if best_closed.score else None
        months, kind, closed_first, open_first = _time_gap(open_rows, closed_rows, best_open.score)
        date_of = dict(DATE_KINDS).get(kind, model_date)
        open_date = date_of(open_first) if open_first else ""
        closed_date = date_of(closed_first) if closed_first else ""
        if best_closed.score > best_open.score:
            censored, frontier, frontier_date = _censored(closed_rows, best_closed.score, through)
    tie = (statistical_tie(best_open.score_low, best_open.score_high, best_closed.score_low, best_closed.score_high)
           if best_open and best_closed else None)
    return Gap(best_open, best_closed, points, relative, months, open_date, closed_date, closed_first, open_first,
               len(open_rows), len(closed_rows), n_unknown, kind, censored, frontier, frontier_date, through, tie,
               anchored)


def as_of(rows: Iterable[ScoreRow], when: str) -> list[ScoreRow]:
    """The rows of a cumulative board (one run per model, dated) as it stood on `when`."""
    return [r for r in rows if (r.first_seen or r.release_date or r.snapshot) <= when]


def trend(boards: dict[str, list[ScoreRow]], until: str | None = None) -> list[TrendPoint]:
    """The gap of each dated board, oldest first, counting the models that existed by the board's date; boards
    where either side is missing are left out. A newest board that kept gaining models well after its date (a live
    LiveBench release) gives one more point, dated when its data runs to (at most `until`), so the trend ends at
    the newest data."""
    if until is not None:  # the boards as they stood then: nothing listed after `until`
        boards = {snap: existed_by(rows, until, 0) for snap, rows in boards.items()}
    points = []
    for snap in sorted(boards):
        g = quality_gap(existed_by(boards[snap], snap))
        if g.points is not None:
            points.append(TrendPoint(snap, g, snap))
    if boards:
        newest = max(boards)
        rows = boards[newest]
        through = data_through(rows)
        if through > newest and len(existed_by(rows, newest)) < len(rows):
            g = quality_gap(rows)
            if g.points is not None:
                points.append(TrendPoint(through, g, newest))
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


@dataclass(frozen=True, slots=True)
class Fit:
    """The direction of a trend from all its points: a least-squares line through (date, gap)."""

    direction: str  # shrinking / growing / flat / unclear (moves up and down more than it trends) / unknown
    change: float | None  # the fitted line's change from the first to the last point's date, in points
    slope_per_year: float | None
    slope_se: float | None  # the slope's standard error: the spread of the points around the line
    first_to_last: float | None  # the last gap minus the first, for reference


def fit(points: list[TrendPoint]) -> Fit:
    """Shrinking or growing when the fitted change exceeds max(1 point, 10 % of the mean gap) and the slope is at
    least twice its standard error; flat when the fitted change is smaller than that; unclear when it is larger but
    the points scatter too much around the line to say (e.g. 3.7 -> 10.6 -> 25.0 -> 2.0 -> 5.6)."""
    dated = [(_ordinal(p.snapshot), p.gap.points) for p in points if p.gap.points is not None]
    dated = [(x, y) for x, y in dated if x is not None]
    if len(dated) < 2 or len({x for x, _ in dated}) < 2:
        return Fit("unknown", None, None, None, None)
    xs = [x / 365.25 for x, _ in dated]
    ys = [y for _, y in dated]
    n, mx, my = len(xs), sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    residual = sum((y - (my + slope * (x - mx))) ** 2 for x, y in zip(xs, ys, strict=True))
    se = (residual / (n - 2) / sxx) ** 0.5 if n > 2 else 0.0
    change = round(slope * (xs[-1] - xs[0]), 2)
    threshold = max(1.0, FLAT_SHARE * sum(abs(y) for y in ys) / n)
    if abs(change) < threshold:
        verdict = "flat"
    elif n > 2 and abs(slope) < 2 * se:
        verdict = "unclear"
    else:
        verdict = "shrinking" if change < 0 else "growing"
    return Fit(verdict, change, round(slope, 2), round(se, 2), round(ys[-1] - ys[0], 2))


def _ordinal(snapshot: str) -> int | None:
    try:
        return date.fromisoformat(snapshot[:10]).toordinal()
    except ValueError:
        return None


def direction(points: list[TrendPoint]) -> tuple[str, float | None]:
    """The fitted direction and change (see `fit`)."""
    f = fit(points)
    return f.direction, f.change


def catch_up(rows: list[ScoreRow], target_model: str) -> CatchUp | None:
    """When did an open model first match `target_model`'s score on this board? Like the time gap, one kind of date
    on both sides: release dates where the target and a matching open model have them, else listing dates."""
    target_rows = [r for r in rows if r.model == target_model]
    if not target_rows:
        return None
    target = best_per_model(target_rows)[0]
    open_rows = best_per_model(r for r in rows if r.open_weights is True and r.model != target_model)
    for kind, date_of in DATE_KINDS:
        first = _dated_first(open_rows, target.score, date_of) if date_of(target) else None
        if first is not None:
            return CatchUp(target, first, date_of(first), date_of(target),
                           months_between(date_of(target), date_of(first)), kind)
    first = _first_reaching(open_rows, target.score)  # matched, but no kind of date on both sides
    return CatchUp(target, first, model_date(first) if first else "", model_date(target), None)
