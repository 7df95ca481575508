"""gapbot/gap.py on hand-made boards; every expected figure is worked out by hand in the comments."""

from __future__ import annotations

import pytest

from gapbot.gap import (
    DAYS_PER_MONTH,
    as_of,
    best_per_model,
    catch_up,
    cumulative_boards,
    data_through,
    direction,
    leaders,
    model_date,
    months_between,
    quality_gap,
    trend,
)

from .factories import row


def test_days_per_month_is_a_mean_month() -> None:
    assert DAYS_PER_MONTH == 30.4375


# -- months_between / model_date -----------------------------------------------------------------------------------
@pytest.mark.parametrize("earlier, later, months", [
    ("2025-01-01", "2025-04-01", 3.0),  # 90 days / 30.4375 = 2.96
    ("2024-03-01", "2024-09-01", 6.0),  # 184 days = 6.05
    ("2024-01-01", "2025-01-01", 12.0),  # 366 days (leap year) = 12.02
    ("2024-05-01", "2024-01-01", -4.0),  # 121 days back: negative, callers clamp
    ("2024-01-01T10:00:00", "2024-01-31", 1.0),  # only the date part counts: 30 days = 0.99
    ("2024-06-01", "2024-06-01", 0.0),
])
def test_months_between(earlier: str, later: str, months: float) -> None:
    assert months_between(earlier, later) == months


@pytest.mark.parametrize("earlier, later", [("", "2024-01-01"), ("2024-01-01", ""), ("2024-13-01", "2024-01-01"),
                                            ("last year", "2024-01-01")])
def test_months_between_unknown(earlier: str, later: str) -> None:
    assert months_between(earlier, later) is None


def test_model_date_prefers_release_over_first_seen() -> None:
    assert model_date(row("a", 1, True, release="2024-01-01", first_seen="2024-12-01")) == "2024-01-01"
    assert model_date(row("a", 1, True, first_seen="2024-12-01")) == "2024-12-01"
    assert model_date(row("a", 1, True)) == ""


# -- best_per_model / leaders --------------------------------------------------------------------------------------
def test_best_per_model_keeps_each_models_best_variant() -> None:
    rows = [row("x", 60, True), row("x", 72, True), row("y", 65, True), row("x", 70, True)]
    best = best_per_model(rows)
    assert [(r.model, r.score) for r in best] == [("x", 72), ("y", 65)]


def test_best_per_model_tie_keeps_the_earlier_dated_row() -> None:
    late = row("x", 70, True, release="2025-02-01", display="X late")
    early = row("x", 70, True, release="2024-02-01", display="X early")
    assert best_per_model([late, early]) == [early]
    assert best_per_model([early, late]) == [early]


def test_best_per_model_orders_by_score_then_name() -> None:
    rows = [row("b", 50, True, display="beta"), row("a", 50, True, display="Alpha"), row("c", 90, False)]
    assert [r.model for r in best_per_model(rows)] == ["c", "a", "b"]


def test_leaders_filters_by_group_and_counts() -> None:
    rows = [row("o1", 80, True), row("o2", 70, True), row("o3", 60, True), row("c1", 90, False),
            row("c2", 85, False), row("u", 95, None), row("o1", 50, True)]
    assert [r.model for r in leaders(rows, True, n=2)] == ["o1", "o2"]
    assert [r.model for r in leaders(rows, False)] == ["c1", "c2"]
    # None: everyone, unknown status included
    assert [r.model for r in leaders(rows, None, n=3)] == ["u", "c1", "c2"]
    assert [r.model for r in leaders(rows, None)] == ["u", "c1", "c2", "o1", "o2"]


# -- quality_gap ---------------------------------------------------------------------------------------------------
def test_quality_gap_best_open_vs_best_closed() -> None:
    rows = [
        row("a", 80, False, release="2025-01-01"),
        row("b", 70, False, release="2024-06-01"),
        row("x", 72, True, release="2025-04-01"),
        row("x", 65, True, release="2025-04-01"),  # a second setting of x: counted once
        row("y", 60, True, release="2024-01-01"),
        row("u", 90, None), row("u", 85, None),  # unknown status: left out, counted once
    ]
    g = quality_gap(rows)
    assert g.best_open.model == "x" and g.best_closed.model == "a"
    assert g.points == 8.0  # 80 - 72
    assert g.relative_pct == 10.0  # 8 / 80
    # S = 72: the first proprietary model at >= 72 is a (2025-01-01), the first open one x (2025-04-01): 90 days
    assert g.closed_first.model == "a" and g.open_first.model == "x"
    assert (g.closed_date, g.open_date) == ("2025-01-01", "2025-04-01")
    assert g.months == 3.0
    assert (g.n_open, g.n_closed, g.n_unknown) == (2, 2, 1)


def test_quality_gap_to_a_model_asked_about_puts_it_in_its_sides_place() -> None:
    rows = [row("a", 80, False, release="2025-01-01"), row("b", 74, False, release="2024-06-01"),
            row("x", 72, True, release="2025-04-01"), row("y", 60, True, release="2024-01-01")]
    to_b = quality_gap(rows, anchor="b")  # "how far behind b is the best open model"
    assert (to_b.best_open.model, to_b.best_closed.model, to_b.points, to_b.anchored) == ("x", "b", 2.0, "closed")
    from_y = quality_gap(rows, anchor="y")  # "how far is y from the top"
    assert (from_y.best_open.model, from_y.best_closed.model, from_y.points, from_y.anchored) == ("y", "a", 20.0,
                                                                                                  "open")
    # a model the board does not score: the board's own gap, unanchored
    assert (quality_gap(rows, anchor="zz").points, quality_gap(rows, anchor="zz").anchored) == (8.0, "")


def test_quality_gap_time_gap_uses_the_first_closed_model_to_reach_the_score() -> None:
    rows = [
        row("a", 90, False, release="2025-01-01"),
        row("b", 78, False, release="2024-01-01"),  # not the best, but the first to reach 76
        row("x", 76, True, release="2024-07-01"),
        row("z", 76, True, release="2024-05-01"),  # same best open score, earlier
    ]
    g = quality_gap(rows)
    assert g.points == 14.0
    assert g.relative_pct == 15.6  # 14 / 90 = 15.56
    assert g.closed_first.model == "b" and g.open_first.model == "z"
    assert g.months == 4.0  # 2024-01-01 -> 2024-05-01: 121 days


def test_quality_gap_falls_back_to_first_seen() -> None:
    rows = [row("a", 80, False, first_seen="2024-03-01"), row("x", 75, True, first_seen="2024-09-01")]
    g = quality_gap(rows)
    assert (g.closed_date, g.open_date, g.months) == ("2024-03-01", "2024-09-01", 6.0)


def test_quality_gap_release_date_wins_over_first_seen() -> None:
    rows = [row("a", 80, False, release="2024-03-01", first_seen="2024-08-01"),
            row("x", 75, True, release="2024-09-01", first_seen="2024-09-15")]
    assert quality_gap(rows).months == 6.0


def test_quality_gap_zero_months_when_open_got_there_first() -> None:
    rows = [row("a", 80, False, release="2024-06-01"), row("b", 76, False, release="2024-09-01"),
            row("x", 75, True, release="2024-01-01")]
    g = quality_gap(rows)
    assert g.points == 5.0
    assert g.closed_first.model == "a" and g.closed_date == "2024-06-01"
    assert g.months == 0.0


def test_quality_gap_negative_when_open_leads() -> None:
    rows = [row("a", 80, False, release="2024-06-01"), row("x", 84, True, release="2025-01-01")]
    g = quality_gap(rows)
    assert g.points == -4.0
    assert g.relative_pct == -5.0
    # no proprietary model ever reached 84: open models lead, no time gap
    assert g.closed_first is None and g.closed_date == ""
    assert g.months == 0.0
    assert g.open_date == "2025-01-01"


def test_quality_gap_months_unknown_without_dates() -> None:
    g = quality_gap([row("a", 80, False), row("x", 70, True)])
    assert g.points == 10.0
    assert g.months is None


def test_quality_gap_rounds_points_to_hundredths() -> None:
    g = quality_gap([row("a", 80.123, False), row("x", 70.001, True)])
    assert g.points == 10.12


@pytest.mark.parametrize("rows, n_open, n_closed, n_unknown", [
    ([row("x", 70, True), row("y", 60, True)], 2, 0, 0),
    ([row("a", 70, False)], 0, 1, 0),
    ([row("u", 70, None), row("v", 60, None), row("u", 50, None)], 0, 0, 2),
    ([], 0, 0, 0),
])
def test_quality_gap_none_when_a_side_is_missing(rows, n_open: int, n_closed: int, n_unknown: int) -> None:
    g = quality_gap(rows)
    assert g.points is None and g.relative_pct is None and g.months is None
    assert g.closed_first is None and g.open_first is None
    assert (g.n_open, g.n_closed, g.n_unknown) == (n_open, n_closed, n_unknown)
    assert (g.best_open is None) == (n_open == 0) and (g.best_closed is None) == (n_closed == 0)


# -- trend / direction ---------------------------------------------------------------------------------------------
def board(closed: float, open_: float, snapshot: str) -> list:
    return [row("a", closed, False, snapshot=snapshot), row("x", open_, True, snapshot=snapshot)]


def test_trend_is_oldest_first_and_skips_one_sided_boards() -> None:
    boards = {
        "2025-03-01": board(80, 70, "2025-03-01"),
        "2025-01-01": board(80, 60, "2025-01-01"),
        "2025-02-01": [row("a", 80, False)],  # no open model: left out
    }
    points = trend(boards)
    assert [(p.snapshot, p.gap.points) for p in points] == [("2025-01-01", 20.0), ("2025-03-01", 10.0)]


def points_for(*gaps: float) -> list:
    return trend({f"2025-{i + 1:02d}-01": board(100, 100 - g, "") for i, g in enumerate(gaps)})


@pytest.mark.parametrize("gaps, expected", [
    ((20, 17), ("shrinking", -3.0)),  # threshold max(1, 2.0) = 2
    ((20, 18.5), ("flat", -1.5)),
    # every point counts: a line through 20, 25, 22.5 (Jan, Feb, Mar) rises 2.62, but the middle point is as far off
    # it as the rise itself (slope 16 a year, standard error 25): no clear trend
    ((20, 25, 22.5), ("unclear", 2.62)),
    ((20, 15, 10, 5), ("shrinking", -15.09)),  # a line by month; months differ in days, so the fit is near -15
    ((3.74, 10.56, 24.98, 2.01, 5.64), ("unclear", -2.11)),  # LiveBench math before the date discipline: volatile
    ((5, 5.2, 4.9, 5.1), ("flat", 0.01)),
    ((5, 5.9), ("flat", 0.9)),  # threshold 1 point when 10 % of the gap is smaller
    ((5, 6.2), ("growing", 1.2)),
    ((5, 3.5), ("shrinking", -1.5)),
    ((30, 27.5), ("flat", -2.5)),  # 10 % of 30 = 3
    ((-20, -17), ("growing", 3.0)),  # the signed gap grows as open models' lead narrows; |first| sets the threshold
])
def test_direction(gaps: tuple[float, ...], expected: tuple[str, float]) -> None:
    assert direction(points_for(*gaps)) == expected


def test_direction_unknown_with_fewer_than_two_points() -> None:
    assert direction(points_for(10)) == ("unknown", None)
    assert direction([]) == ("unknown", None)


# -- cumulative boards ---------------------------------------------------------------------------------------------
def runs() -> list:
    return [row("a", 80, False, first_seen="2024-01-10"), row("x", 60, True, first_seen="2024-01-25"),
            row("b", 85, False, first_seen="2024-02-05"), row("y", 82, True, first_seen="2024-04-20")]


def test_cumulative_boards_month_ends() -> None:
    boards = cumulative_boards(runs())
    assert list(boards) == ["2024-01-25", "2024-02-05", "2024-04-20"]
    assert [r.model for r in boards["2024-01-25"]] == ["a", "x"]
    assert [r.model for r in boards["2024-02-05"]] == ["a", "x", "b"]
    assert [r.model for r in boards["2024-04-20"]] == ["a", "x", "b", "y"]
    assert [p.gap.points for p in trend(boards)] == [20.0, 25.0, 3.0]


def test_cumulative_boards_thins_months_and_keeps_the_last() -> None:
    rows = [*runs(), row("c", 90, False, first_seen="2024-03-15")]  # months 01, 02, 03, 04
    boards = cumulative_boards(rows, max_points=2)
    # step = ceil(4 / 2) = 2: January and March, then April appended as the newest month
    assert list(boards) == ["2024-01-25", "2024-03-15", "2024-04-20"]


def test_cumulative_boards_release_date_when_never_seen() -> None:
    rows = [row("a", 80, False, release="2024-05-02"), row("x", 70, True, release="2024-05-30")]
    assert list(cumulative_boards(rows)) == ["2024-05-30"]


def test_cumulative_boards_empty_without_dates() -> None:
    assert cumulative_boards([row("a", 80, False), row("x", 70, True)]) == {}
    assert cumulative_boards([]) == {}


def test_as_of_falls_back_to_snapshot() -> None:
    rows = [row("a", 80, False, first_seen="2024-02-01"), row("x", 70, True, snapshot="2024-01-01"),
            row("y", 75, True, release="2024-03-01")]
    assert [r.model for r in as_of(rows, "2024-02-01")] == ["a", "x"]
    assert [r.model for r in as_of(rows, "2023-12-31")] == []


# -- catch_up ------------------------------------------------------------------------------------------------------
def catch_up_board() -> list:
    return [
        row("gpt-4o", 80, False, release="2024-05-13"),
        row("gpt-4o", 77, False, release="2024-05-13"),
        row("a", 78, True, release="2024-06-01"),  # below the target
        row("c", 85, True, release="2025-01-20"),  # higher, but later
        row("b", 81, True, release="2024-12-26"),  # the first open model at >= 80
        row("d", 99, None, release="2024-05-20"),  # unknown status: not an open model
    ]


def test_catch_up_first_open_model_at_the_targets_best() -> None:
    c = catch_up(catch_up_board(), "gpt-4o")
    assert c.target.score == 80
    assert c.first_open.model == "b"
    assert (c.target_date, c.open_date) == ("2024-05-13", "2024-12-26")
    assert c.months == 7.5  # 227 days


def test_catch_up_not_yet() -> None:
    rows = [r for r in catch_up_board() if r.model not in ("b", "c")]
    c = catch_up(rows, "gpt-4o")
    assert c.first_open is None and c.open_date == "" and c.months is None


def test_catch_up_unknown_target() -> None:
    assert catch_up(catch_up_board(), "claude-3-opus") is None


def test_catch_up_an_open_target_is_not_its_own_match() -> None:
    rows = [row("x", 80, True, release="2024-01-01"), row("y", 80, True, release="2024-03-01")]
    c = catch_up(rows, "x")
    assert c.first_open.model == "y" and c.months == 2.0  # 60 days = 1.97


def test_a_board_runs_to_the_release_of_a_model_listed_only_as_of_its_date():
    """A release table keeps gaining models after its date: a model the board lists only as of its own date (no
    listing history) but released later dates the board's data to that release; a listing date of its own wins
    over a release date (the registry's can be wrong)."""
    later = [row("a", 80, True, snapshot="2026-01-08", release="2025-12-01"),
             row("b", 90, False, snapshot="2026-01-08", release="2026-04-23")]
    assert data_through(later) == "2026-04-23"
    listed = [row("a", 80, True, snapshot="2024-08-31", release="2024-12-18", first_seen="2024-10-16")]
    assert data_through(listed) == "2024-10-16"
    assert data_through([row("a", 80, True, snapshot="2025-06-01", release="2025-01-01")]) == "2025-06-01"
