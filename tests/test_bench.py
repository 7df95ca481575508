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
