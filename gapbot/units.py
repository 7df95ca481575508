"""What a board's numbers mean: percentage points, Elo-style rating points or index points, and what a gap in them
implies (an Elo gap as the share of head-to-head votes the open model would win; a gap inside the published 95 %
intervals as a statistical tie)."""

from __future__ import annotations

import re
from typing import Literal

Scale = Literal["percent", "elo", "index"]
ELO_NAME = re.compile(r"(?<![a-z])elo(?![a-z])|arena|rating")
# Arena-Hard-Auto is named after the arena but scores win rates in percent (GPT-4-0314, its baseline, is 50)
PERCENT_NAME = re.compile(r"arena[- ]?hard")
INDEX_NAME = re.compile(r"(?<![a-z])index(?![a-z])|(?<![a-z])eci(?![a-z])")
UNIT = {"percent": "points", "elo": "Elo points", "index": "index points"}


def scale(benchmark: str | None) -> Scale:
    """The kind of score a board gives, from its benchmark name (LMArena's boards are Elo-style ratings, its
    Arena-Hard-Auto board win rates in percent)."""
    name = (benchmark or "").lower()
    if PERCENT_NAME.search(name):
        return "percent"
    if ELO_NAME.search(name):
        return "elo"
    if INDEX_NAME.search(name):
        return "index"
    return "percent"


def unit(benchmark: str | None) -> str:
    """'points' (percentage points), 'Elo points' or 'index points'."""
    return UNIT[scale(benchmark)]


def win_probability(gap: float) -> float:
    """The share of head-to-head votes the lower-rated model wins, `gap` rating points behind (the Elo/Bradley-Terry
    model Arena ratings follow: 400 points = 10:1 odds)."""
    return 1 / (1 + 10 ** (gap / 400))


def statistical_tie(open_low: float | None, open_high: float | None, closed_low: float | None,
                    closed_high: float | None) -> bool | None:
    """Whether two scores' 95 % intervals overlap (a gap inside the noise); None when either has no interval."""
    if None in (open_low, open_high, closed_low, closed_high):
        return None
    return open_high >= closed_low and closed_high >= open_low
