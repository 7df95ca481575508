"""gapbot/charts.py on inline results: a valid PNG of the designed size, whatever the data's shape (a point where
open models lead, intervals, undated snapshots, names that look like maths)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from PIL import Image

from gapbot import charts
from gapbot.result import Frontier, FrontierStep, GapFigures, ModelEntry, Result, Trend, TrendPoint

SIZE = (round(charts.WIDTH_IN * charts.DPI), round(charts.HEIGHT_IN * charts.DPI))


def entry(name: str, score: float, open_weights: bool, low: float | None = None, high: float | None = None,
          released: date | None = None) -> ModelEntry:
    return ModelEntry(name.lower(), name, "Org", open_weights, score, released, score_low=low, score_high=high)


def point(day: date | None, o: ModelEntry, c: ModelEntry, months: float | None = None) -> TrendPoint:
    return TrendPoint(day, round(c.score - o.score, 2), o, c, months)


def trend_result(points: list[TrendPoint], benchmark: str = "LMArena Text") -> Result:
    return Result(question="q", intent="trend", kind="trend", category="overall", source="lmarena",
                  benchmark=benchmark, snapshot=points[-1].snapshot, source_url="https://lmarena.ai/leaderboard",
                  trend=Trend(tuple(points), "shrinking", points[-1].gap_points - points[0].gap_points, False))


ARENA = [  # LMArena-like: 95 % intervals on every score, and one snapshot where the open model leads
    point(date(2025, 3, 7), entry("DeepSeek-R1", 1362.9, True, 1357.1, 1368.7),
          entry("grok-3-preview", 1411.5, False, 1403.2, 1419.8), 2.0),
    point(date(2025, 5, 24), entry("DeepSeek-V3-0324", 1367.8, True, 1362.8, 1372.8),
          entry("Gemini-2.5-Pro", 1446.0, False, 1440.1, 1451.9), 3.5),
    point(date(2025, 9, 1), entry("GLM-4.6", 1450.0, True, 1444.0, 1456.0),
          entry("Claude $x$ Opus", 1441.0, False, 1436.0, 1446.0), 0.0),  # open leads by 9; '$' is no maths
    point(date(2025, 12, 11), entry("GLM-4.6", 1441.2, True, 1436.4, 1446.0),
          entry("Gemini-3-Pro", 1486.6, False, 1480.4, 1492.8), 3.4),
]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(io.BytesIO(data)) as im:
        im.verify()  # a complete, uncorrupted PNG
    with Image.open(io.BytesIO(data)) as im:
        return im.size


def test_trend_with_an_open_lead_and_intervals_is_a_png_of_the_designed_size() -> None:
    result = trend_result(ARENA)
    assert result.trend.points[2].gap_points < 0 and result.trend.points[0].gap_interval is not None
    data = charts.render_trend(result)
    assert png_size(data) == SIZE == (960, 640)
    assert len(data) < 150_000


def test_trend_draws_the_open_region_and_the_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    """What is drawn, not only that something was: the open-leads band below zero, the interval band, and the
    open-leading point in the open colour."""
    seen = {}
    real_png = charts._png

    def keep(fig, canvas):
        seen["fig"] = fig
        return real_png(fig, canvas)

    monkeypatch.setattr(charts, "_png", keep)
    charts.render_trend(trend_result(ARENA))
    top = seen["fig"].axes[0]
    assert top.get_ylim()[0] < ARENA[2].gap_points < 0  # the open-leading point is inside the view
    from matplotlib.colors import to_hex

    faces = [to_hex(c) for coll in top.collections for c in coll.get_facecolors()]
    assert charts.THEME.open in faces  # the band below zero and the leading point
    texts = [t.get_text() for t in top.texts]
    assert any(t.startswith("open leads: GLM-4.6") for t in texts)  # a lead change is named
    assert any("Gemini-3-Pro" in t for t in texts)  # the newest point is named


def test_trend_without_dates_or_months_still_renders() -> None:
    points = [point(None, entry("A", 50.0, True), entry("B", 60.0, False)),
              point(None, entry("A2", 55.0, True), entry("B2", 58.0, False))]
    assert png_size(charts.render_trend(trend_result(points, "A benchmark with a very long name " * 3))) == SIZE


def test_trend_without_points_is_refused() -> None:
    with pytest.raises(ValueError):
        charts.render_trend(Result(question="q", intent="trend", kind="trend"))


def frontier_result() -> Result:
    def step(day: date, name: str, score: float, open_weights: bool) -> FrontierStep:
        return FrontierStep(day, entry(name, score, open_weights, released=day))

    opens = (step(date(2024, 9, 6), "DeepSeek V2.5", 17.8, True), step(date(2025, 1, 20), "DeepSeek R1", 56.9, True),
             step(date(2025, 9, 29), "DeepSeek-V3.2-Exp (Reasoner)", 74.2, True))
    closeds = (step(date(2024, 6, 20), "Claude 3.5 Sonnet", 45.3, False), step(date(2025, 4, 16), "o3 (high)", 81.3,
                                                                                 False),
               step(date(2025, 8, 7), "gpt-5 (high)", 88.0, False))
    g = GapFigures(opens[-1].model, closeds[-1].model, 13.8, 15.7, 5.5, closeds[1].model, opens[-1].model, 0,
                   "release", open_date=opens[-1].date, closed_date=closeds[1].date)
    return Result(question="q", intent="frontier", kind="frontier", category="coding", source="aider",
                  benchmark="Aider Polyglot", snapshot=date(2025, 10, 3), source_url="https://aider.chat/", gap=g,
                  frontier=Frontier(opens, closeds, 0))


def test_frontier_is_a_png_of_the_designed_size_with_the_newest_records_named(monkeypatch) -> None:
    seen = {}
    real_png = charts._png
    monkeypatch.setattr(charts, "_png", lambda fig, canvas: seen.setdefault("fig", fig) and real_png(fig, canvas))
    data = charts.render_frontier(frontier_result())
    assert png_size(data) == SIZE
    texts = [t.get_text().replace("\n", " ") for t in seen["fig"].axes[0].texts]  # one line or two
    assert "gpt-5 (high)" in texts and "5.5 mo" in texts
    assert any(t.startswith("DeepSeek-V3.2") for t in texts)  # in full, on two lines or cut, where it fits


def test_frontier_without_both_groups_is_refused() -> None:
    r = frontier_result()
    with pytest.raises(ValueError):
        charts.render_frontier(Result(question="q", intent="frontier", kind="frontier",
                                      frontier=Frontier(r.frontier.open, (), 0)))


def drawn(monkeypatch: pytest.MonkeyPatch, render, result: Result):
    """The figure a render drew, kept for inspection."""
    seen = {}
    real_png = charts._png
    monkeypatch.setattr(charts, "_png", lambda fig, canvas: seen.setdefault("fig", fig) and real_png(fig, canvas))
    render(result)
    return seen["fig"]


def overlapping_texts(fig) -> list[tuple[str, str]]:
    """Pairs of texts in the chart's axes whose boxes overlap (the 'gap 5.7gap 5.7' of the old chart)."""
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for ax in fig.axes for t in ax.texts
             if t.get_text() and t.get_visible()]
    return [(a, b) for i, (a, ea) in enumerate(boxes) for b, eb in boxes[i + 1:] if ea.overlaps(eb)]


@pytest.mark.parametrize("seed", range(6))
def test_labels_never_overprint_each_other(monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    """Many snapshots with near-equal gaps, lead changes back and forth, long names: every label that is drawn has
    its own place."""
    import random

    rnd = random.Random(seed)
    points, day = [], date(2024, 1, 1)
    for i in range(rnd.randint(3, 14)):
        o = rnd.uniform(40, 60)
        c = o + rnd.choice([5.7, 5.7, -2.0, 0.4, rnd.uniform(-8, 15)])
        points.append(point(day, entry(f"Open model number {i} with a long name", o, True),
                            entry(f"Closed model {i}", c, False), rnd.choice([None, 0.0, 3.5])))
        day = date.fromordinal(day.toordinal() + rnd.randint(1, 60))
    fig = drawn(monkeypatch, charts.render_trend, trend_result(points, "LiveBench"))
    assert overlapping_texts(fig) == []
    assert len(fig.axes[0].texts) >= 2  # at least the newest point is named, beside the 'open models lead' note


def test_frontier_labels_never_overprint_each_other(monkeypatch: pytest.MonkeyPatch) -> None:
    fig = drawn(monkeypatch, charts.render_frontier, frontier_result())
    assert overlapping_texts(fig) == []


def test_frontier_where_open_models_lead_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    r = frontier_result()
    best_open = replace(r.frontier.open[-1].model, score=90.0)
    opens = (*r.frontier.open[:-1], replace(r.frontier.open[-1], model=best_open))
    g = replace(r.gap, best_open=best_open, points=-2.0, months=0.0)
    fig = drawn(monkeypatch, charts.render_frontier, replace(r, gap=g, frontier=replace(r.frontier, open=opens)))
    assert fig.texts[0].get_text() == "Coding on Aider Polyglot: open ahead by 2 pts"


def test_a_point_whose_interval_spans_zero_is_drawn_as_a_tie(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib.colors import to_hex

    tie = point(date(2025, 12, 20), entry("Open", 1440.0, True, 1432.0, 1448.0),
                entry("Closed", 1444.0, False, 1437.0, 1451.0))  # gap 4, interval about ±10.6
    assert tie.gap_interval[0] < 0 < tie.gap_interval[1]
    fig = drawn(monkeypatch, charts.render_trend, trend_result([*ARENA, tie]))
    top = fig.axes[0]
    markers = next(c for c in top.collections if len(c.get_offsets()) == len(ARENA) + 1)
    assert to_hex(markers.get_facecolors()[-1]) == charts.THEME.muted
    assert any(t.get_text().startswith("tie: Open") for t in top.texts)
