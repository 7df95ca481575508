"""gapbot/rowcache.py: what is written is read back unchanged."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from gapbot import rowcache
from gapbot.models import Manifest, ScoreRow
from gapbot.suggest import newest_dates

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


def _strip_fields(folder: Path, keep: list[str]) -> None:
    """Make a store look written by an older version: the newer columns gone, the head saying so."""
    con = sqlite3.connect(folder / rowcache.FILENAME)
    for name in rowcache._FIELDS[len(keep):]:
        con.execute(f"ALTER TABLE rows DROP COLUMN {name}")
    head = json.loads(con.execute("SELECT head FROM meta").fetchone()[0])
    con.execute("UPDATE meta SET head = ?", (json.dumps({**head, "fields": keep}),))
    con.commit()
    con.close()


def test_a_copy_written_before_newer_fields_still_reads(tmp_path: Path) -> None:
    """Fields are appended with defaults: a copy without the interval columns reads, its rows without intervals,
    and an ingest copying its unchanged files' rows copies what it has."""
    old_fields = rowcache._FIELDS[:rowcache._FIELDS.index("file") + 1]
    assert old_fields[-1] == "file"
    r = rows()[0]
    rowcache.write(tmp_path / "old", Manifest(generation=3, files={"f": {"rows": 1}}), [r])
    _strip_fields(tmp_path / "old", old_fields)
    got = rowcache.read_file(tmp_path / "old")
    assert got is not None
    old = replace(r, score_low=None, score_high=None)
    assert got[1] == [old]
    w = rowcache.Writer(tmp_path / "new")
    w.copy_files(tmp_path / "old" / rowcache.FILENAME, {r.file})
    w.finish(Manifest(generation=4, files={"f": {"rows": 1}}))
    assert rowcache.read_file(tmp_path / "new")[1] == [old]


def board_rows() -> list[ScoreRow]:
    """Two files, two snapshots, two categories: boards interleaved in file order."""
    out = []
    for snap in ("2025-01-01", "2025-02-01"):
        for cat in ("coding", "math"):
            out += [replace(row(m, s, ow, snapshot=snap, category=cat), file=f"/c/{snap}.csv")
                    for m, s, ow in (("a", 50.0, True), ("b", 60.0, False), ("c", 55.0, None))]
    return out


def test_a_board_is_read_on_demand_with_its_summary(tmp_path: Path) -> None:
    data = board_rows()
    rowcache.write(tmp_path, Manifest(generation=1, files={"x": {"rows": len(data)}}), data)
    store = rowcache.RowStore.open(tmp_path)
    assert store is not None and store.row_count() == len(data) and store.check() == ""
    summaries = {k: (n, m, o, p) for k, n, m, o, p in store.boards()}
    key = ("test", "Test Bench", "2025-02-01", "math")
    assert summaries[key] == (3, 3, True, True) and len(summaries) == 4
    got = store.board(key)
    assert [r.model for r in got] == ["a", "b", "c"] and all(r.category == "math" for r in got)
    # first seen: the models appear on the leaderboard's first snapshot, so none is filled in (the data's start)
    assert [r.first_seen for r in got] == ["", "", ""]
    assert store.boards_with("a") == {k for k in summaries}
    assert store.board(key) is got  # kept: the second read costs nothing


def test_first_seen_is_filled_for_a_model_listed_later(tmp_path: Path) -> None:
    data = board_rows() + [replace(row("d", 70.0, True, snapshot="2025-02-01"), file="/c/late.csv")]
    rowcache.write(tmp_path, Manifest(generation=1, files={"x": {"rows": len(data)}}), data)
    store = rowcache.RowStore.open(tmp_path)
    late = [r for r in store.board(("test", "Test Bench", "2025-02-01", "coding")) if r.model == "d"]
    assert late[0].first_seen == "2025-02-01"


def test_a_rejected_file_is_dropped_and_unchanged_files_copied(tmp_path: Path) -> None:
    data = board_rows()
    rowcache.write(tmp_path / "g1", Manifest(generation=1, files={"x": {"rows": len(data)}}), data)
    w = rowcache.Writer(tmp_path / "g2")
    w.add([replace(data[0], file="/c/bad.csv")] * 5)
    w.drop_file("/c/bad.csv")  # rejected part-way: nothing of it is served
    w.copy_files(tmp_path / "g1" / rowcache.FILENAME, {"/c/2025-01-01.csv"})
    w.finish(Manifest(generation=2, files={"x": {"rows": 6}}))
    got = rowcache.read_file(tmp_path / "g2")[1]
    assert got == [r for r in data if r.file == "/c/2025-01-01.csv"]


def test_an_unfinished_store_is_not_served(tmp_path: Path) -> None:
    w = rowcache.Writer(tmp_path)
    w.add(rows())
    assert rowcache.read_file(tmp_path) is None  # only `finish` names it
    w.abort()
    assert list(tmp_path.iterdir()) == []


def test_an_incomplete_store_reads_as_none(tmp_path: Path) -> None:
    rowcache.write(tmp_path, manifest(1, 4), rows())  # the manifest serves 4 rows, the store holds 3
    assert rowcache.read_file(tmp_path) is None


def test_rows_as_values_of_any_width_read_back_as_the_rows(tmp_path: Path) -> None:
    """A streaming parser hands rows on as tuples of ScoreRow's first fields (up to `file`; what follows defaults to
    None); chunks of other widths, mixed ones or too short ones, are padded to whole rows."""
    from ingest.formats.base import row_values

    full = [row_values(r) for r in rows()]
    upto_file = [v[:rowcache._FIELDS.index("file") + 1] for v in full]
    w = rowcache.Writer(tmp_path)
    assert w.add_values(full[:1]) == 1  # all 19 fields
    assert w.add_values(upto_file[1:]) == 2  # 15: the interval and cost left to default
    assert w.add_values([full[0][:3] + ("x",) + full[0][4:], upto_file[1][:-1]]) == 2  # mixed, one too short
    assert w.add_values([]) == 0
    w.finish(manifest(1, 5))
    got = rowcache.read_file(tmp_path)[1]
    assert got[:3] == rows() and got[3] == replace(rows()[0], category="x") and got[4] == replace(rows()[1], file="")


def _summary_rows() -> list[ScoreRow]:
    """Corpus files and uploads that share boards (in one family and across the rename), models first listed in
    different files, rows without a snapshot, and an upload whose source is already in the upload family."""
    def r(model: str, ow: bool | None, snap: str, cat: str, file: str, source: str = "test") -> ScoreRow:
        return replace(row(model, 50.0, ow, snapshot=snap, category=cat), source=source, file=file)
    out = []
    for snap in ("2025-01-01", "2025-02-01", "2025-03-01"):
        for cat in ("coding", "math"):
            out += [r(m, ow, snap, cat, "/c/corpus.csv") for m, ow in (("a", True), ("b", False))]
    out += [r("b", False, "2025-02-01", "coding", "/c/extra.csv"), r("c", None, "2025-02-01", "coding",
                                                                     "/c/extra.csv")]  # a board of two files
    out += [replace(r("h", True, "2025-03-01", "coding", "/c/extra.csv"), release_date="2024-11-02"),
            replace(r("h", True, "2025-02-01", "math", "/up/one.csv"), first_seen="2024-12-24"),
            replace(r("i", False, "", "math", "/up/two.csv"), first_seen="2024-10-10")]  # dated rows
    out += [r("d", True, "2025-02-01", "math", "/up/one.csv"), r("a", True, "2025-02-01", "math", "/up/one.csv"),
            r("d", True, "2025-01-01", "math", "/up/two.csv"), r("e", False, "2025-02-01", "math", "/up/two.csv"),
            r("a", True, "2025-02-01", "math", "/up/two.csv"),  # two uploads on one board, a model in both
            r("f", False, "", "coding", "/up/two.csv"), r("g", True, "2025-03-01", "math", "/up/own.csv",
                                                          "upload-test")]
    return out


@pytest.mark.parametrize("renamed", [set(), {"/up/one.csv"}, {"/up/one.csv", "/up/two.csv"},
                                     {"/up/one.csv", "/up/two.csv", "/up/own.csv", "/c/extra.csv"}])
def test_summaries_combined_per_file_equal_those_of_the_rows(tmp_path: Path, renamed: set[str]) -> None:
    """Uploads not promoted are served under another source: the summaries a reader loads are then combined from
    the per-file ones written at ingest, and must be exactly what grouping every row gives."""
    data = _summary_rows()
    files = {f: {"ver": f"v-{f}", "rows": sum(x.file == f for x in data)} for f in {x.file for x in data}}
    rowcache.write(tmp_path, Manifest(generation=1, files=files), data)
    fast, slow = rowcache.RowStore.open(tmp_path), rowcache.RowStore.open(tmp_path)
    assert fast is not None and slow is not None and fast.summarized
    fast.serve_as_uploads(renamed)
    slow.serve_as_uploads(renamed, from_rows=True)
    assert fast.boards() == slow.boards()
    assert fast.first_seen() == slow.first_seen()
    for key, *_ in slow.boards():
        assert fast.board(key) == slow.board(key)
    # covered: a board two files give with a model in both (its rows outnumber its models; one file has no repeats)
    assert any(n > m for _k, n, m, *_ in fast.boards())
    assert sorted(fast.model_dates()) == sorted(slow.model_dates())
    for f in files:
        assert fast.file_boards(f) == slow.file_boards(f)
    names = [(m, d) for m, d, *_ in fast.names()]
    assert newest_dates(names, fast.model_dates(), []) == _newest_dates_of_rows(slow.iter_rows())


def _newest_dates_of_rows(rows) -> dict[str, str]:
    """gapbot.suggest.newest_dates's rule applied row by row (as it was before summaries), without a registry."""
    names: dict[str, str] = {}
    dates: dict[str, str] = {}
    first_snapshot: dict[str, str] = {}
    for r in rows:
        names.setdefault(r.model, r.display_name or r.model)
        known = r.release_date or r.first_seen
        if known:
            dates[r.model] = max(dates.get(r.model, ""), known)
        elif r.snapshot:
            first_snapshot[r.model] = min(first_snapshot.get(r.model, r.snapshot), r.snapshot)
    out: dict[str, str] = {}
    for mid, name in names.items():
        when = dates.get(mid) or first_snapshot.get(mid, "")
        if when >= out.get(name, ""):
            out[name] = when
    return out


def _store_altered_by(path: Path, data: list, sql: str) -> rowcache.RowStore | None:
    """A row store of `data` (each file its own version), changed by `sql` behind its back, then opened."""
    files = {f: {"ver": f"v-{f}", "rows": sum(x.file == f for x in data)} for f in {x.file for x in data}}
    rowcache.write(path, Manifest(generation=1, files=files), data)
    con = sqlite3.connect(path / rowcache.FILENAME)
    con.execute(sql)
    con.commit()
    con.close()
    return rowcache.RowStore.open(path)


def test_summaries_of_another_version_are_not_used(tmp_path: Path) -> None:
    """Per-file summaries are recorded against each file's content version: a store whose record disagrees with its
    manifest is read from its rows, never from summaries of other content."""
    data = _summary_rows()
    store = _store_altered_by(tmp_path, data, "UPDATE summarized SET ver = 'stale' WHERE file = '/up/one.csv'")
    assert store is not None and not store.summarized
    store.serve_as_uploads({"/up/one.csv"})
    assert any(k[0] == "upload-test" for k, *_ in store.boards())
    assert len(store.model_dates()) == len({x.model for x in data})


def test_summaries_of_an_earlier_layout_are_not_used(tmp_path: Path) -> None:
    data = _summary_rows()
    store = _store_altered_by(tmp_path, data, "DROP TABLE file_models")
    assert store is not None and not store.summarized
    store.serve_as_uploads({"/up/one.csv", "/up/two.csv"})
    assert len(store.model_dates()) == len({x.model for x in data})
