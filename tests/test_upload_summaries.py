"""A generation with uploads not promoted loads from the per-file summaries written at ingest (gapbot/rowcache.py),
not by grouping every row again: the answers must be exactly those computed from the rows."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bench.bigcsv import HEADER, QUESTIONS, write_csv
from gapbot import rowcache
from gapbot.embeddings import HashEmbedder
from gapbot.engine import Engine
from gapbot.uploaded import ledger_path
from ingest.pipeline import run_ingest

from conftest import make_settings

ASKED = QUESTIONS + ["which open model is best at coding on the uploaded board?",
                     "how far behind is the best open model on math on the uploaded board?",
                     "is the gap shrinking on coding on the uploaded board?",
                     "how does Big Model 3 compare to Late Model on the uploaded board?"]


def _late_upload(path: Path) -> None:
    """A second upload on the first upload's boards: boards given by two files, and a model they first list."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for day in ("2026-10-30", "2026-10-31"):
            for cat, score in (("coding", 91.0), ("math", 12.5)):
                w.writerow(["bigcsv", "https://livebench.ai", day, "BigBench", cat, "late-model", "Late Model",
                            "Org 1", "true", f"{score:.2f}", ""])
                w.writerow(["bigcsv", "https://livebench.ai", day, "BigBench", cat, "big-model-3", "Big Model 3",
                            "Org 3", "true", "55.00", ""])


@pytest.fixture
def served(tmp_path):
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    corpus.mkdir()
    write_csv(corpus / "board.csv", 4_000, models=50, seed=3)  # the same source as the uploads, renamed apart
    settings = make_settings(data, GAPBOT_CORPUS_DIR=str(corpus), GAPBOT_FEEDS="false")
    settings.uploads_dir.mkdir(parents=True)
    write_csv(settings.uploads_dir / "first.csv", 2_000, models=25, seed=5)
    _late_upload(settings.uploads_dir / "late.csv")
    write_csv(settings.uploads_dir / "promoted.csv", 400, models=10, seed=7)
    ledger_path(data).write_text('{"uploads": {"promoted.csv": {"promoted": true}}}', encoding="utf-8")
    report = run_ingest(settings, embedder=HashEmbedder(), feeds=False)
    assert not report.rejected
    return settings


def _answers(settings) -> tuple[list, tuple]:
    """The answers to ASKED, and what the loaded index says of every board (what choosing one reads)."""
    engine = Engine(settings, embedder=HashEmbedder())
    idx = engine.index()
    summaries = (list(idx.boards), idx.by_category, idx.board_size, idx.sides, idx.two_sided, idx.row_count,
                 idx.store.first_seen())
    return [engine.ask(q)[0] for q in ASKED], summaries


def test_answers_from_per_file_summaries_equal_answers_from_rows(served, monkeypatch):
    engine = Engine(served, embedder=HashEmbedder())
    engine.open()
    store = engine.index().store
    assert store.summarized  # the fast path is the one taken
    assert any(k[0] == "upload-bigcsv" for k in engine.index().boards)  # uploads served apart
    from_summaries = _answers(served)
    monkeypatch.setattr(rowcache, "_summaries_match", lambda con, manifest: False)  # as a store without them
    assert not Engine(served, embedder=HashEmbedder()).index().store.summarized
    from_rows = _answers(served)
    assert from_summaries[1] == from_rows[1]
    assert from_summaries[0] == from_rows[0]
    assert any("Late Model" in repr(a) for a in from_rows[0])  # the second upload's model is answered about
