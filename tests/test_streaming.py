"""A big snapshot CSV is streamed: neither the ingest nor a reader holds its rows whole (issue #12).

Each side runs as a fresh process on a generated file of 200,000 rows (20 MB of CSV; held as Python objects the rows
alone would take several hundred MB) and on one of 2,000 rows of the same shape; the test asserts that the big
file costs each process far less than its rows would. Margins are generous (the machine is shared): it fails on a
regression to whole-file reading, not on noise.
"""

from __future__ import annotations

import os

import pytest

from bench.bigcsv import measure, write_csv
from gapbot import rowcache
from gapbot.embeddings import HashEmbedder
from ingest.pipeline import run_ingest

from conftest import REPO, make_settings

pytestmark = pytest.mark.slow
BIG, SMALL = 200_000, 2_000
# 200,000 ScoreRows are ~300 MB in CPython; the dedup hashes of a streaming parse ~15 MB, the reader's board cache
# at most 50,000 rows.
MAX_GROWTH_MB = 80


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    work = tmp_path_factory.mktemp("bigcsv")
    env = {**os.environ, "PYTHONPATH": str(REPO), "GAPBOT_CORPUS_DIR": str(REPO / "corpus"),
           "GAPBOT_FEEDS": "false"}
    return measure(work, SMALL, env), measure(work, BIG, env)


def test_ingesting_a_big_csv_does_not_hold_its_rows(figures):
    small, big = figures
    assert big["rows"] >= 190_000
    growth = big["ingest_peak_mb"] - small["ingest_peak_mb"]
    assert growth < MAX_GROWTH_MB, f"ingest peak {small['ingest_peak_mb']} -> {big['ingest_peak_mb']} MB"


def test_a_reader_of_a_big_generation_loads_boards_not_rows(figures):
    small, big = figures
    assert big["reader_rows"] == big["rows"]  # every row is served
    growth = big["reader_peak_mb"] - small["reader_peak_mb"]
    assert growth < MAX_GROWTH_MB, f"reader peak {small['reader_peak_mb']} -> {big['reader_peak_mb']} MB"


def test_a_file_refused_part_way_leaves_none_of_its_rows(tmp_path):
    """Rows stream into the new row store as they are parsed: a file refused at its row limit, after several chunks
    went in, must take them all back, and the other files' rows are served."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    small = write_csv(corpus / "small.csv", 16, models=2)  # 1 snapshot x 8 categories x 2 models
    write_csv(corpus / "big.csv", 8_000, models=1_000)  # 8,000 rows: over the limit after two chunks of 2,000
    settings = make_settings(tmp_path / "data", GAPBOT_MAX_SNAPSHOT_ROWS="5000", GAPBOT_FEEDS="false")
    report = run_ingest(settings, [corpus], embedder=HashEmbedder(), feeds=False)
    assert [f for f, _ in report.rejected] == [str(corpus / "big.csv")]
    assert "5,000-row limit" in report.rejected[0][1] and "GAPBOT_MAX_SNAPSHOT_ROWS" in report.rejected[0][1]
    manifest, rows = rowcache.read(settings.data_dir)
    assert len(rows) == small and {r.file for r in rows} == {str((corpus / "small.csv").resolve())}
