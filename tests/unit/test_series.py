"""Choosing the trend series and honouring dates in the question, on small inline boards."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from gapbot import intents
from gapbot.boards import candidates, trend_series
from gapbot.models import Manifest
from gapbot.question import Query
from gapbot.registry import Registry
from gapbot.serving import Index

from .factories import row


def board(bench: str, snapshot: str, closed: float, open_: float, source: str = "arena") -> list:
    return [replace(r, source=source, benchmark=bench) for r in
            (row(f"c-{snapshot}", closed, False, snapshot=snapshot, category="overall"),
             row(f"o-{snapshot}", open_, True, snapshot=snapshot, category="overall"))]


def index() -> Index:
    rows = []
    # an old series with many boards (2023) and a newer one with fewer (2025): like LMArena's Elo tables and its
    # JSON boards
    for i, month in enumerate(("2023-06-01", "2023-08-01", "2023-10-01", "2023-12-01")):
        rows += board("Arena Elo", month, 1200, 1050 + 10 * i)
    for i, month in enumerate(("2025-03-01", "2025-07-01", "2025-12-01")):
        rows += board("Arena Text", month, 1450, 1400 + 5 * i)
    rows += board("Arena Style", "2025-12-20", 1460, 1420)  # newest, but one board makes no trend
    return Index.build(Manifest(), rows, Registry([]))


def trend(idx: Index, **dates) -> object:
    q = Query(text="is the gap shrinking?", intent="trend", category="overall", source="arena", **dates)
    return intents.trend(q, intents.Context(idx, lambda _q: []))


def test_the_series_with_the_newest_data_wins_over_the_longest() -> None:
    r = trend(index())
    assert r.benchmark == "Arena Text" and r.snapshot == date(2025, 12, 1) and len(r.trend.points) == 3


def test_a_start_date_picks_the_series_that_reaches_back_to_it() -> None:
    r = trend(index(), since=date(2023, 1, 1), as_of=date(2023, 12, 31))
    assert r.benchmark == "Arena Elo" and [p.snapshot.isoformat() for p in r.trend.points] == [
        "2023-06-01", "2023-08-01", "2023-10-01", "2023-12-01"]


def test_as_of_keeps_boards_up_to_that_date() -> None:
    idx = index()
    r = trend(idx, as_of=date(2025, 8, 1))
    assert r.benchmark == "Arena Text" and r.snapshot == date(2025, 7, 1) and len(r.trend.points) == 2
    assert [k[2] for k in candidates(idx, "overall", "arena", as_of=date(2023, 9, 1))] == ["2023-08-01", "2023-06-01"]


def test_a_span_with_no_board_is_refused_not_answered_from_elsewhere() -> None:
    r = trend(index(), since=date(2019, 1, 1), as_of=date(2019, 12, 31))
    assert r.kind == "refusal" and r.refusal.reason == "no_board"
    assert trend_series(index(), [], date(2019, 1, 1)) is None


def test_a_gap_as_of_a_date_leaves_out_models_listed_later() -> None:
    rows = board("Arena Text", "2025-03-01", 1450, 1400) + [
        replace(row("late", 1480, False, snapshot="2025-03-01", first_seen="2025-09-01", category="overall"),
                source="arena", benchmark="Arena Text")]
    idx = Index.build(Manifest(), rows, Registry([]))
    ctx = intents.Context(idx, lambda _q: [])
    now = intents.gap_answer(Query(text="gap", intent="gap", category="overall", source="arena"), ctx)
    then = intents.gap_answer(Query(text="gap", intent="gap", category="overall", source="arena",
                                    as_of=date(2025, 6, 1)), ctx)
    assert now.gap.best_closed.id == "late" and now.data_through == date(2025, 9, 1)
    assert then.gap.best_closed.id == "c-2025-03-01" and then.data_through is None
