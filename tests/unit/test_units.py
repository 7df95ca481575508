"""Units and uncertainty: Elo gaps read as Elo with the implied share of votes; a gap inside both 95 % intervals is a
statistical tie, said in the headline; percentage boards keep 'points'."""

from __future__ import annotations

from dataclasses import replace

import pytest

from gapbot.gap import quality_gap
from gapbot.phrases import gap_headline, gap_phrase, quality_line
from gapbot.result import GapFigures
from gapbot.units import scale, statistical_tie, unit, win_probability

from .factories import row


@pytest.mark.parametrize("benchmark, expected", [
    ("LMArena Text", "elo"), ("LMArena Elo", "elo"), ("SEAL Coding (Elo)", "elo"), ("LiveBench", "percent"),
    ("Epoch Capabilities Index", "index"), ("SWE-bench Verified", "percent"), (None, "percent"),
    ("WebDev Arena", "elo"), ("Arena-Hard-Auto", "percent"), ("Arena Hard", "percent")])  # Arena-Hard: win rates
def test_scale_from_the_benchmark_name(benchmark, expected) -> None:
    assert scale(benchmark) == expected


def test_win_probability_follows_the_elo_curve() -> None:
    assert win_probability(0) == 0.5
    assert round(win_probability(42), 3) == 0.44  # the field notes' example: a 42-point gap, about 44 % of votes
    assert round(win_probability(400), 4) == round(1 / 11, 4)  # 400 points: 10 to 1


def test_tie_when_the_intervals_overlap() -> None:
    assert statistical_tie(1430, 1442, 1438, 1450) is True
    assert statistical_tie(1400, 1410, 1438, 1450) is False
    assert statistical_tie(None, None, 1438, 1450) is None


def arena(open_score, open_ci, closed_score, closed_ci) -> GapFigures:
    o = replace(row("o", open_score, True), score_low=open_ci[0], score_high=open_ci[1])
    c = replace(row("c", closed_score, False), score_low=closed_ci[0], score_high=closed_ci[1])
    return GapFigures.of(quality_gap([o, c]))


def test_an_elo_gap_inside_the_intervals_is_a_statistical_tie_not_a_lead() -> None:
    g = arena(1436, (1430, 1442), 1441, (1435, 1447))
    assert g.tie is True
    headline = gap_headline("overall", "LMArena Text", g)
    assert "statistical tie" in headline and "5 Elo points" in headline and "behind" not in headline
    line = quality_line(g, "LMArena Text")
    assert "5 Elo points" in line and "about 49 % of head-to-head votes" in line
    assert "95 % intervals overlap (open 1430–1442, proprietary 1435–1447)" in line


def test_an_elo_gap_outside_the_intervals_is_a_lead_in_elo() -> None:
    g = arena(1400, (1395, 1405), 1442, (1437, 1447))
    assert g.tie is False
    assert gap_headline("overall", "LMArena Text", g).startswith("Overall on LMArena Text: the best open model is 42 "
                                                                  "Elo points behind")
    assert "about 44 % of head-to-head votes" in quality_line(g, "LMArena Text")
    assert "outside the 95 % intervals" in quality_line(g, "LMArena Text")


def test_percentage_boards_keep_points_and_no_tie_without_intervals() -> None:
    g = GapFigures.of(quality_gap([row("o", 70, True), row("c", 75, False)]))
    assert g.tie is None and unit("LiveBench") == "points"
    assert quality_line(g, "LiveBench") == "5 points (6.7 % of the proprietary score)"
    assert gap_phrase(-3, "LMArena Text") == "open models lead by 3 Elo points"


def test_trend_points_inside_the_intervals_are_marked_ties() -> None:
    from datetime import date

    from gapbot.compose import compose
    from gapbot.result import ModelEntry, Result, Trend, TrendPoint

    o = ModelEntry("o", "Open", "", True, 1436, score_low=1430, score_high=1442)
    c = ModelEntry("c", "Closed", "", False, 1441, score_low=1435, score_high=1447)
    points = (TrendPoint(date(2025, 3, 1), 30.0, o, c, tie=False), TrendPoint(date(2025, 12, 1), 5.0, o, c, tie=True))
    r = Result(question="q", intent="trend", kind="trend", category="overall", source="lmarena",
               benchmark="LMArena Text", snapshot=date(2025, 12, 1), trend=Trend(points, "shrinking", -25.0, False))
    lines = dict(compose(r).fields)["Gap per snapshot"].splitlines()
    assert lines == ["2025-03-01: 30 (Open 1436 vs Closed 1441)",
                     "2025-12-01: 5 (a statistical tie) (Open 1436 vs Closed 1441)"]
    assert "Elo points" in compose(r).headline
