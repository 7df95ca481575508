"""Issue #12: a million-row snapshot CSV is accepted with the default settings, streams with its own limits (named in
every refusal), gets a parse deadline in proportion to its size, and reports its progress while it is read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.bigcsv import write_csv
from gapbot.errors import InputFileError
from gapbot.settings import Settings
from ingest.discover import Item
from ingest.formats import gapbot_csv
from ingest.formats.base import PROGRESS_EVERY
from ingest.pipeline import file_context, parse_deadline, rows_progress

from .factories import tiny_registry


def _settings(**values) -> Settings:
    return Settings(_env_file=None, **values)


def _item(path: Path, fmt: str) -> Item:
    return Item(path=path, format=fmt, file_id=str(path))


def test_a_million_row_snapshot_fits_the_default_limits(tmp_path: Path) -> None:
    """bench.bigcsv's generator, 8,000 rows (one snapshot of 500 models x 8 categories, twice) scaled to a million:
    within the snapshot limits with room to spare, while a file read whole keeps the tight ones."""
    rows = write_csv(tmp_path / "big.csv", 8_000)
    per_row = (tmp_path / "big.csv").stat().st_size / rows
    million_bytes = 1_000_000 * per_row  # ~102 MB
    s = _settings()
    ctx = file_context(s, tiny_registry(), _item(tmp_path / "big.csv", "gapbot-csv"))
    assert ctx.max_rows >= 2 * 1_000_000 and ctx.max_bytes >= 2 * million_bytes
    assert (ctx.bytes_setting, ctx.rows_setting) == ("GAPBOT_MAX_SNAPSHOT_BYTES", "GAPBOT_MAX_SNAPSHOT_ROWS")
    whole = file_context(s, tiny_registry(), _item(tmp_path / "x.json", "swebench"))
    assert (whole.max_bytes, whole.max_rows) == (s.max_file_bytes, s.max_rows_per_file)
    assert whole.max_bytes < million_bytes  # a file read whole is held to far less
    # Its parse deadline grows with it: a 102 MB file gets ~2x GAPBOT_PARSE_TIMEOUT, a small one exactly that.
    os.truncate(tmp_path / "big.csv", int(million_bytes))  # sparse: the size is what counts
    assert parse_deadline(s, tmp_path / "big.csv") == pytest.approx(s.parse_timeout_s * million_bytes / 50_000_000)
    assert parse_deadline(s, tmp_path / "x.json") == s.parse_timeout_s


@pytest.mark.parametrize("limit, words", [
    ({"GAPBOT_MAX_SNAPSHOT_BYTES": 1000}, ["big.csv", "over the 1,000-byte limit", "raise GAPBOT_MAX_SNAPSHOT_BYTES"]),
    ({"GAPBOT_MAX_SNAPSHOT_ROWS": 100}, ["big.csv", "over the 100-row limit", "raise GAPBOT_MAX_SNAPSHOT_ROWS"]),
])
def test_a_snapshot_over_its_limit_is_refused_naming_file_limit_and_setting(tmp_path: Path, limit: dict,
                                                                            words: list[str]) -> None:
    path = tmp_path / "big.csv"
    write_csv(path, 4_000)
    ctx = file_context(_settings(**limit), tiny_registry(), _item(path, "gapbot-csv"), sink=lambda rows: None)
    with pytest.raises(InputFileError) as exc:
        gapbot_csv.parse(path, ctx)
    text = str(exc.value)
    assert all(w in text for w in words), text


def test_a_big_file_reports_how_far_it_has_been_read(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    rows = write_csv(path, 4 * PROGRESS_EVERY)
    seen: list[tuple[int, int]] = []
    ctx = file_context(_settings(), tiny_registry(), _item(path, "gapbot-csv"), sink=lambda r: None,
                       progress=lambda done, total: seen.append((done, total)))
    assert gapbot_csv.parse(path, ctx).total_rows == rows
    size = path.stat().st_size
    assert len(seen) == rows // PROGRESS_EVERY and {t for _, t in seen} == {size}
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and 0 < seen[0][0] < seen[-1][0] <= size


def test_rows_progress_is_for_big_files_and_throttled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest import pipeline

    small, big = tmp_path / "small.csv", tmp_path / "big.csv"
    small.write_bytes(b"x")
    big.write_bytes(b"x" * 100)
    events: list[tuple] = []
    assert rows_progress(lambda *e: events.append(e), small) is None  # "reading files n/N" says enough
    assert rows_progress(None, big) is None
    monkeypatch.setattr(pipeline, "BIG_FILE", 50)
    monkeypatch.setattr(pipeline, "ROWS_PROGRESS_S", 3600.0)  # no second line however slow the machine is
    report = rows_progress(lambda *e: events.append(e), big)
    assert report is not None
    for done in (10, 20, 30):
        report(done, 100)
    assert events == [("reading rows", 10, 100)]  # the next ones came within ROWS_PROGRESS_S
    monkeypatch.setattr(pipeline, "ROWS_PROGRESS_S", 0.0)
    report(40, 100)
    assert events[-1] == ("reading rows", 40, 100)


def test_progress_without_a_terminal_is_an_occasional_line(capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    import gapbot_cli

    monkeypatch.setattr(gapbot_cli, "PROGRESS_LINE_S", 0.0)
    progress = gapbot_cli._progress_lines()
    progress("reading rows", 46_000_000, 102_000_000)
    progress("reading", 3, 12)
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("gapbot ingest: reading rows: 46 of 102 MB (45 %) (")
    assert err[1].startswith("gapbot ingest: reading: 3/12 (25 %) (")
    monkeypatch.setattr(gapbot_cli, "PROGRESS_LINE_S", 3600.0)
    progress("reading", 4, 12)
    progress("cleaning up", 0, 1)
    assert capsys.readouterr().err == ""  # at most one line every PROGRESS_LINE_S, and nothing in a quick run
    now = [0.0]
    progress = gapbot_cli._progress_lines(clock=lambda: now[0])
    now[0] = 1e6  # the run has taken long: a new stage shows at once
    progress("reading", 5, 12)
    progress("writing", 0, 10)
    assert capsys.readouterr().err.startswith("gapbot ingest: reading: 5/12")
    progress("writing", 1, 10)
    progress("reindexing", 0, 1)
    assert capsys.readouterr().err.startswith("gapbot ingest: reindexing: 0/1")
