"""gapbot/frontier.py on hand-made boards: which models set a new best for their group, and when."""

from __future__ import annotations

from gapbot.frontier import frontiers, records

from .factories import row


def test_records_are_the_cumulative_max_over_release_dates() -> None:
    board = [
        row("a", 50, True, release="2024-01-10"),
        row("b", 45, True, release="2024-03-01"),  # below the record: no step
        row("c", 60, True, release="2024-05-01"),
        row("d", 60, True, release="2024-06-01"),  # equals the record: no step
        row("e", 70, True, first_seen="2024-09-15"),  # no release date: the date the source first listed it
    ]
    assert [(s.date, s.row.model, s.row.score) for s in records(board)] == [
        ("2024-01-10", "a", 50), ("2024-05-01", "c", 60), ("2024-09-15", "e", 70)]


def test_same_date_counts_the_best_model_once_and_variants_at_their_best() -> None:
    board = [
        row("a", 50, False, release="2024-01-01"),
        row("b", 55, False, release="2024-01-01"),  # same day, higher: b is the step, a is not
        row("c", 52, False, release="2024-02-01"),
        row("c", 58, False, release="2024-02-01"),  # c's better setting counts
    ]
    assert [(s.row.model, s.row.score) for s in records(board)] == [("b", 55), ("c", 58)]


def test_frontiers_split_groups_and_count_the_undated() -> None:
    board = [
        row("o1", 40, True, release="2024-01-01"), row("o2", 65, True, release="2025-01-01"),
        row("p1", 60, False, release="2024-02-01"), row("p2", 70, False, release="2024-11-01"),
        row("p3", 99, False),  # no date at all: left out and counted
        row("u", 99, None, release="2024-01-01"),  # open/closed unknown: takes no part
    ]
    f = frontiers(board)
    assert [s.row.model for s in f.open] == ["o1", "o2"]
    assert [s.row.model for s in f.closed] == ["p1", "p2"]
    assert f.undated == 1


def test_empty_board() -> None:
    f = frontiers([])
    assert (f.open, f.closed, f.undated, f.date_kind) == ([], [], 0, "release")


def test_listing_dates_where_the_time_gap_compares_them() -> None:
    """Dated by when the board first listed each model (its snapshot where it has no first-seen date)."""
    board = [row("a", 50, True, release="2024-01-01", first_seen="2024-03-01"),
             row("b", 60, True, release="2024-06-01", first_seen="2024-02-01"),
             row("c", 55, True, release="2024-02-01", snapshot="2024-04-15")]
    f = frontiers(board, "listing")
    assert f.date_kind == "listing"
    assert [(s.date, s.row.model) for s in f.open] == [("2024-02-01", "b")]  # b was listed first, and best
    assert [(s.date, s.row.model) for s in records(board)] == [("2024-01-01", "a"), ("2024-02-01", "c"),
                                                               ("2024-06-01", "b")]
