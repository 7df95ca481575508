"""The date discipline on hand-made boards: trend points hold only models that existed by their date, a board says
when its data runs to, time gaps compare one kind of date (release with release, else listing with listing), and a
proprietary level no open model has reached gives a censored 'at least' gap."""

from __future__ import annotations

from gapbot.gap import data_through, existed_by, quality_gap, trend

from .factories import row


def test_a_model_listed_more_than_45_days_after_the_board_takes_no_part_in_its_point() -> None:
    board = [row("early-open", 60, True, first_seen="2025-01-10", snapshot="2025-01-08"),
             row("early-closed", 70, False, first_seen="2025-01-08", snapshot="2025-01-08"),
             row("within-grace", 65, True, first_seen="2025-02-22", snapshot="2025-01-08"),  # 45 days: kept
             row("late-closed", 90, False, first_seen="2025-06-17", snapshot="2025-01-08"),  # 160 days: out
             row("late-release", 95, False, release="2025-05-01", snapshot="2025-01-08")]  # released later: out
    kept = {r.model for r in existed_by(board, "2025-01-08")}
    assert kept == {"early-open", "early-closed", "within-grace"}
    points = trend({"2025-01-08": board})
    # the release's point: 70 (early-closed) - 65 (within-grace) = 5; then one more point where its data runs to
    assert [(p.snapshot, p.board, p.gap.points) for p in points] == [
        ("2025-01-08", "2025-01-08", 5.0), ("2025-06-17", "2025-01-08", 30.0)]  # 95 - 65


def test_no_extra_point_when_a_board_was_complete_by_its_date() -> None:
    board = [row("o", 60, True, first_seen="2025-01-10", snapshot="2025-01-08"),
             row("c", 70, False, first_seen="2025-01-20", snapshot="2025-01-08")]
    assert [p.snapshot for p in trend({"2025-01-08": board})] == ["2025-01-08"]


def test_data_through_is_the_newest_listing_and_at_least_the_snapshot() -> None:
    assert data_through([row("a", 1, True, first_seen="2025-03-01", snapshot="2025-01-08"),
                         row("b", 1, True, snapshot="2025-01-08")]) == "2025-03-01"
    assert data_through([row("a", 1, True, first_seen="2024-12-01", snapshot="2025-01-08")]) == "2025-01-08"


def test_time_gap_by_release_dates_when_both_sides_have_them() -> None:
    rows = [row("c1", 80, False, release="2024-01-01", first_seen="2024-06-01"),
            row("o1", 80, True, release="2024-07-01", first_seen="2024-07-15")]
    g = quality_gap(rows)
    assert (g.months, g.date_kind, g.closed_date, g.open_date) == (6.0, "release", "2024-01-01", "2024-07-01")


def test_time_gap_never_mixes_a_release_date_with_a_listing_date() -> None:
    # The open model has no release date: mixing would give 2024-01-01 -> 2025-01-20 = 12.6 months. Like with like:
    # listing dates on both sides, 2024-06-01 -> 2025-01-20 = 233 days = 7.7 months.
    rows = [row("c1", 80, False, release="2024-01-01", first_seen="2024-06-01"),
            row("o1", 80, True, first_seen="2025-01-20")]
    g = quality_gap(rows)
    assert (g.months, g.date_kind, g.closed_date, g.open_date) == (7.7, "listing", "2024-06-01", "2025-01-20")


def test_time_gap_unknown_when_neither_kind_of_date_is_on_both_sides() -> None:
    g = quality_gap([row("c1", 80, False, release="2024-01-01"), row("o1", 80, True, first_seen="2025-01-20")])
    assert g.months is None and g.date_kind == ""


def test_the_newest_proprietary_level_not_yet_reached_is_a_censored_gap() -> None:
    # Best open 70; the best proprietary 90 (released 2025-01-01) is not matched; the data runs to 2025-07-02:
    # at least 182 days = 6.0 months.
    rows = [row("c-old", 72, False, release="2024-01-01"), row("c-new", 90, False, release="2025-01-01"),
            row("o", 70, True, release="2024-09-01", first_seen="2025-07-02")]
    g = quality_gap(rows)
    assert g.points == 20 and g.months == 8.0  # the best open level 70: c-old 2024-01-01 -> o 2024-09-01, 244 days
    assert g.censored_months == 6.0 and g.frontier_first.model == "c-new" and g.data_through == "2025-07-02"


def test_censored_gap_absent_when_open_models_lead() -> None:
    g = quality_gap([row("c", 70, False, release="2025-01-01"), row("o", 75, True, release="2025-02-01")])
    assert g.points == -5 and g.censored_months is None


def test_catch_up_compares_one_kind_of_date() -> None:
    from gapbot.gap import catch_up

    # the open model has no release date: listing against listing (2024-06-01 -> 2025-01-20), not the target's
    # release (2024-01-01) against the open model's listing
    rows = [row("t", 80, False, release="2024-01-01", first_seen="2024-06-01"),
            row("o", 81, True, first_seen="2025-01-20")]
    cu = catch_up(rows, "t")
    assert (cu.first_open.model, cu.date_kind, cu.target_date, cu.open_date, cu.months) == (
        "o", "listing", "2024-06-01", "2025-01-20", 7.7)
    rows[1] = row("o", 81, True, release="2024-09-01", first_seen="2025-01-20")
    cu = catch_up(rows, "t")
    assert (cu.date_kind, cu.months) == ("release", 8.0)
