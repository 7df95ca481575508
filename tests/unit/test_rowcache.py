"""gapbot/rowcache.py: what is written is read back unchanged."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from gapbot import rowcache
from gapbot.models import Manifest, ScoreRow

from .factories import row


def rows() -> list[ScoreRow]:
    full = ScoreRow(source="livebench", benchmark="LiveBench", snapshot="2025-06-01", category="math", model="m1",
                    display_name="Model \"1\" — ünïcode", organization="Org, Inc.", open_weights=True, score=71.234,
                    task="AMPS_Hard", release_date="2025-01-02", first_seen="2025-01-03", source_key="m1-key",
                    source_url="https://x.test", file="/corpus/table_2025_06_01.csv", score_low=70.5,
                    score_high=72.0)
    return [full, row("m2", 60.0, False), row("m3", 1287.5, None)]


def manifest(generation: int, n_rows: int) -> Manifest:
    return Manifest(generation=generation, files={"/corpus/table_2025_06_01.csv": {"hash": "abc", "rows": n_rows}},
                    refreshed_at="2025-06-02T10:00:00+00:00", embedding_model="all-MiniLM-L6-v2")


def test_round_trip(tmp_path: Path) -> None:
    rowcache.write(tmp_path / "data", manifest(7, 3), rows())
    got = rowcache.read(tmp_path / "data")
    assert got is not None
    back_manifest, back_rows = got
    assert back_rows == rows()
    assert back_manifest == manifest(7, 3)


def test_empty_round_trip(tmp_path: Path) -> None:
    rowcache.write(tmp_path, Manifest(generation=1), [])
    assert rowcache.read(tmp_path) == (Manifest(generation=1), [])


def test_overwrite_keeps_only_the_newest(tmp_path: Path) -> None:
    rowcache.write(tmp_path, manifest(1, 3), rows())
    rowcache.write(tmp_path, manifest(2, 1), rows()[:1])
    assert rowcache.read(tmp_path) == (manifest(2, 1), rows()[:1])


def test_missing_or_foreign_cache_reads_as_none(tmp_path: Path) -> None:
    assert rowcache.read(tmp_path) is None
    (tmp_path / rowcache.FILENAME).write_text('{"generation": 1, "fields": ["other"]}\n[1]\n', encoding="utf-8")
    assert rowcache.read(tmp_path) is None
    (tmp_path / rowcache.FILENAME).write_text("not json\n", encoding="utf-8")
    assert rowcache.read(tmp_path) is None


def test_a_copy_written_before_newer_fields_still_reads(tmp_path: Path) -> None:
    """Fields are appended with defaults: a copy without the interval columns reads, its rows without intervals."""
    old_fields = rowcache._FIELDS[:rowcache._FIELDS.index("file") + 1]
    assert old_fields[-1] == "file"
    r = rows()[0]
    line = [getattr(r, name) for name in old_fields]
    head = {"generation": 3, "refreshed_at": "", "embedding_model": "m", "files": {"f": {"rows": 1}},
            "fields": old_fields}
    (tmp_path / rowcache.FILENAME).write_text(json.dumps(head) + "\n" + json.dumps(line) + "\n", encoding="utf-8")
    got = rowcache.read_file(tmp_path)
    assert got is not None
    assert got[1] == [replace(r, score_low=None, score_high=None)]
