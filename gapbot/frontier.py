"""The frontier: the best score reached so far by open-weights models and by proprietary models, against release
date — Epoch AI's view of the time gap (two step lines; the horizontal distance between them is the lag). Pure:
score rows in, records out.

A model's date is its release date, else the date the source first listed it (gapbot.gap.model_date); or, where the
board's time gap compares listing dates (gapbot.gap: one kind of date on both sides), the date the board first
listed it, so the chart's steps and its time-gap arrow use the same dates. Models without a date cannot be placed in
time and are counted, not guessed. Variants of one model count once, at their best (gapbot.gap.best_per_model).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from gapbot.gap import best_per_model, listed, model_date
from gapbot.models import ScoreRow


@dataclass(frozen=True, slots=True)
class Step:
    """A model that set a new best for its group: from `date` on, the group's frontier is its score."""

    date: str  # ISO
    row: ScoreRow


@dataclass(frozen=True, slots=True)
class Frontiers:
    open: list[Step]  # oldest first; scores strictly increase
    closed: list[Step]
    undated: int  # models of either group left out: no date of the kind used
    date_kind: str  # "release" (release date, else first listed) or "listing" (first listed by the board)


DATES: dict[str, Callable[[ScoreRow], str]] = {"release": model_date, "listing": listed}


def records(rows: Iterable[ScoreRow], date_of: Callable[[ScoreRow], str] = model_date) -> list[Step]:
    """The models that raised the best score to date, in date order (cumulative max over their dates). On one
    date the best model there counts; a model that only equals the record sets none."""
    dated = sorted((r for r in best_per_model(rows) if date_of(r)),
                   key=lambda r: (date_of(r)[:10], -r.score, r.model))
    steps: list[Step] = []
    for r in dated:
        if not steps or r.score > steps[-1].row.score:
            steps.append(Step(date_of(r)[:10], r))
    return steps


def frontiers(rows: Iterable[ScoreRow], date_kind: str = "release") -> Frontiers:
    """Both groups' frontiers on one board; rows whose open/closed status is unknown take no part."""
    date_of = DATES[date_kind]
    rows = list(rows)
    open_rows = [r for r in rows if r.open_weights is True]
    closed_rows = [r for r in rows if r.open_weights is False]
    undated = len({r.model for r in open_rows + closed_rows if not date_of(r)})
    return Frontiers(records(open_rows, date_of), records(closed_rows, date_of), undated, date_kind)
