"""What a fresh `gapbot ask` imports for a structured question (issue #12): the core, the row store and the standard
library, never an embedding runtime, a vector store, a numerical or learning library, a chart or chat library, or
pydantic. A cold answer's time is mostly imports, so a heavy import creeping onto this path is what makes it slow;
this test catches that cause without timing anything (the times are `make bench`'s, in the README)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import LEADERBOARDS, REPO, make_settings, need_shared

HEAVY = ("torch", "sentence_transformers", "transformers", "chromadb", "onnxruntime", "tokenizers", "numpy", "scipy",
         "sklearn", "bm25s", "matplotlib", "discord", "aiohttp", "langchain", "langchain_core", "pydantic",
         "pydantic_settings", "httpx", "requests", "trafilatura", "tqdm",
         "yaml")  # not heavy, but the registry is read from its parsed copy in the data folder, not parsed again
QUESTIONS = ("how far behind is the best open model on coding?", "which open model is best at math?",
             "is the gap on reasoning shrinking?", "top 3 proprietary models in coding",
             "how far behind were open models on coding in 2024?")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """Two LiveBench releases, ingested (rows only: no article, so nothing is embedded)."""
    need_shared()
    from gapbot.embeddings import HashEmbedder
    from ingest.pipeline import run_ingest

    work = tmp_path_factory.mktemp("cold")
    board = work / "livebench"
    board.mkdir()
    for p in (LEADERBOARDS / "livebench").iterdir():
        if "2025_11_25" in p.name or "2026_01_08" in p.name or p.name.startswith(("model_info", "derived")):
            shutil.copy(p, board / p.name)
    settings = make_settings(work / "data")
    report = run_ingest(settings, [board], embedder=HashEmbedder(), feeds=False)
    assert not report.rejected and report.generation == 1
    return settings.data_dir


def test_structured_questions_import_nothing_heavy(data_dir) -> None:
    code = ("import contextlib, io, json, sys; from gapbot_cli import main; out = io.StringIO()\n"
            "with contextlib.redirect_stdout(out):\n"
            "    codes = [main(['ask', q]) for q in sys.argv[1:]] + [main(['sources'])]\n"
            "print(json.dumps({'codes': codes, 'out': out.getvalue(), 'modules': sorted(sys.modules)}))")
    env = {**os.environ, "GAPBOT_DATA_DIR": str(data_dir), "GAPBOT_CORPUS_DIR": str(REPO / "corpus"),
           "PYTHONPATH": str(REPO)}
    run = subprocess.run([sys.executable, "-c", code, *QUESTIONS], capture_output=True, text=True, env=env,
                         timeout=120, cwd=data_dir)
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    assert got["codes"] == [0] * (len(QUESTIONS) + 1)
    # Real answers from the rows (the test would mean nothing on an empty index).
    assert got["out"].count("LiveBench") >= len(QUESTIONS) and "Nothing has been ingested" not in got["out"]
    heavy = sorted({m.split(".")[0] for m in got["modules"]} & set(HEAVY))
    assert heavy == [], f"a structured `gapbot ask` imported {heavy}"


def test_the_cold_start_bench_runs(data_dir, tmp_path) -> None:
    """`python -m bench.cold` on the data above: figures for each run, nothing asserted about their size."""
    out = tmp_path / "cold.json"
    cmd = [sys.executable, "-m", "bench.cold", "--runs", "2", "--data", str(data_dir), "--out", str(out)]
    run = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    figures = json.loads(out.read_text())["figures"]["this checkout"]["structured"]
    assert figures["runs"] == 2 and set(figures) >= {"wall_s", "cpu_s", "peak_rss_mb"}
    assert 0 < figures["cpu_s"]["best"] <= figures["cpu_s"]["median"] and figures["peak_rss_mb"]["best"] > 0
    assert "this checkout, structured (n=2)" in run.stdout
