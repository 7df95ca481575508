"""The frontier: the best score reached so far by open-weights models and by proprietary models, against release
date — Epoch AI's view of the time gap (two step lines; the horizontal distance between them is the lag). Pure:
score rows in, records out.

A model's date is its release date, else the date the source first listed it (gapbot.gap.model_date). Models
without either cannot be placed in time and are counted, not guessed. Variants of one model count once, at their
best (gapbot.gap.best_per_model), as everywhere else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from gapbot.gap import best_per_model, model_date
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
    undated: int  # models of either group left out: no release or first-listed date


def records(rows: Iterable[ScoreRow]) -> list[Step]:
    """The models that raised the best score to date, in date order (cumulative max over release dates). On one
    date the best model there counts; a model that only equals the record sets none."""
    dated = sorted((r for r in best_per_model(rows) if model_date(r)),
                   key=lambda r: (model_date(r)[:10], -r.score, r.model))
    steps: list[Step] = []
    for r in dated:
        if not steps or r.score > steps[-1].row.score:
            steps.append(Step(model_date(r)[:10], r))
    return steps


def frontiers(rows: Iterable[ScoreRow]) -> Frontiers:
    """Both groups' frontiers on one board; rows whose open/closed status is unknown take no part."""
    rows = list(rows)
    open_rows = [r for r in rows if r.open_weights is True]
    closed_rows = [r for r in rows if r.open_weights is False]
    undated = len({r.model for r in open_rows + closed_rows if not model_date(r)})
    return Frontiers(records(open_rows), records(closed_rows), undated)
