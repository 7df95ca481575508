"""The independent check of issue #14 over the shared data (bench/anachronisms.py): no trend point names a model its
board listed more than 45 days after the point's date (LiveBench's listings read straight from its git first-seen
file), and the LMArena trend ends at its newest board. Real parsers and the real engine, no Chroma."""

from __future__ import annotations

from conftest import need_shared


def test_no_trend_point_names_a_model_listed_later_and_lmarena_ends_at_its_newest_board():
    need_shared()
    from bench.anachronisms import check

    f = check()
    assert f.trends >= 20 and f.mentions >= 300  # every leaderboard's every category was asked
    assert f.anachronisms == []
    assert f.lmarena_end and f.lmarena_end == f.lmarena_newest
