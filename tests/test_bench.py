"""Smoke test: the benchmark harness runs end to end on a sliver of the real data and writes its figures.
(Speed is reported by `make bench`, never asserted here.)"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import REPO, need_shared

pytestmark = pytest.mark.slow


def test_bench_runs_on_tiny_data(tmp_path):
    need_shared()
    out = tmp_path / "bench.json"
    proc = subprocess.run([sys.executable, "-m", "bench", "--tiny", "--questions", "40", "--out", str(out)],
                          cwd=REPO, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    figures = json.loads(out.read_text())
    for key in ("ingest_full", "ingest_unchanged", "ingest_one_changed_file", "raw_encode", "cold_ask_structured",
                "cold_ask_retrieval", "warm_latency", "baseline", "bot"):
        assert key in figures, key
    assert figures["ingest_unchanged"]["texts_embedded"] == 0
    assert figures["ingest_unchanged"]["records_written"] == 0
    assert "gapbot" in proc.stdout and "LangChain baseline" in proc.stdout


def test_bench_bot_only_repeats_the_bot_measurement(tmp_path):
    need_shared()
    out = tmp_path / "bot.json"
    proc = subprocess.run([sys.executable, "-m", "bench", "--tiny", "--bot-only", "--runs", "2", "--out", str(out)],
                          cwd=REPO, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    figures = json.loads(out.read_text())
    runs = figures["bot_runs"]
    assert len(runs) == 2 and all("error" not in r for r in runs), [r.get("error") for r in runs]
    for run in runs:  # every question answered, in both bursts, and nothing the fake Discord refused
        assert run["answered"] == run["questions"] == 20 and run["questions_only"]["answered"] == 20
        assert run["violations"] == [] and run["bot_log_errors"] == []
        # each of the bot's processes and their sum, honestly: the answer process is counted with the bot
        assert set(run["memory_after_warm_up"]) >= {"bot", "answers", "total_peak_rss_mb"}
        assert run["peak_sum_rss_mb"] >= max(run["peak_sum_rss_by_process_mb"].values()) > 0
        assert run["answerer_crashes"] == 0
    low, high = figures["bot_ranges"]["worst_loop_lag_ms"]
    assert low == min(r["worst_loop_lag_ms"] for r in runs) and high == max(r["worst_loop_lag_ms"] for r in runs)
    assert "run 2:" in proc.stdout and "worst_loop_lag_ms:" in proc.stdout
