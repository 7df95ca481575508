"""The bot benchmark's min-max over runs (issue #12: figures as ranges over runs)."""

from __future__ import annotations

from bench.botbench import ranges


def test_ranges_are_min_max_over_the_runs_that_measured_the_figure():
    runs = [{"worst_loop_lag_ms": 31.8, "answered": 200, "questions_only": {"worst_loop_lag_ms": 20.7}},
            {"worst_loop_lag_ms": 24.0, "answered": 200, "questions_only": {"worst_loop_lag_ms": 12.5}},
            {"error": "RuntimeError: the bot did not reach READY"},
            {"worst_loop_lag_ms": None, "answered": 199}]
    out = ranges(runs)
    assert out["worst_loop_lag_ms"] == (24.0, 31.8)
    assert out["answered"] == (199, 200)
    assert out["questions_only.worst_loop_lag_ms"] == (12.5, 20.7)
    assert "refresh_s" not in out  # measured by no run
