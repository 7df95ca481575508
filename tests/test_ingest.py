"""Ingest on the real shared data with the real embedding model: counts, metadata, incremental behaviour,
malformed input, and the same ingest against a real Chroma server."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from statistics import fmean

import pytest

from gapbot.embeddings import HashEmbedder
from gapbot.store import Store
from ingest.pipeline import run_ingest

from conftest import LEADERBOARDS, SEEDS, make_settings, need_shared

pytestmark = pytest.mark.slow
LIVEBENCH = LEADERBOARDS / "livebench"


def livebench_expected(table: Path) -> dict[tuple[str, str], float]:
    """Category scores computed straight from the raw CSV, as LiveBench's site averages (blank cells skipped)."""
    date = table.stem.removeprefix("table_")
    cats = json.loads((table.parent / f"categories_{date}.json").read_text())
    out: dict[tuple[str, str], float] = {}
    with table.open() as fh:
        reader = csv.reader(fh)
        header = next(reader)
        seen = set()
        for cells in reader:
            if len(cells) != len(header) or cells[0] in seen:
                continue  # a malformed row is skipped by ingest too
            seen.add(cells[0])
            row = dict(zip(header, cells, strict=True))
            scores = {}
            for label, tasks in cats.items():
                vals = [float(row[t]) for t in tasks if row.get(t, "").strip()]
                if vals:
                    scores[{"Mathematics": "math", "IF": "instruction following"}.get(label, label.lower())] = \
                        fmean(vals)
            if len(scores) == len(cats):
                scores["overall"] = fmean(scores.values())
            for cat, v in scores.items():
                out[(cells[0], cat)] = v
    return out


@pytest.fixture(scope="module")
def shared_index(tmp_path_factory, real_embedder):
    """Every LiveBench release, the Aider and LMArena files and the seeds, with the real model."""
    need_shared()
    data = tmp_path_factory.mktemp("shared-index")
    settings = make_settings(data)
    paths = [LIVEBENCH, LEADERBOARDS / "aider", LEADERBOARDS / "lmarena", SEEDS]
    report = run_ingest(settings, paths, embedder=real_embedder, feeds=False)
    return settings, report, paths


def test_full_ingest_counts_and_formats(shared_index):
    settings, report, _ = shared_index
    assert not report.rejected, report.rejected
    fmts = list(report.formats.values())
    assert fmts.count("livebench") == 11
    assert fmts.count("aider") == 5
    assert fmts.count("lmarena-json") == 8
    assert fmts.count("lmarena-table") == 111
    assert fmts.count("lmarena-arena-hard") == 1  # hf_space_leaderboard_tables/arena_hard_auto_leaderboard_v0.1.csv
    assert fmts.count("article") == 5
    # The one malformed row of the newest LiveBench table is reported with file and line, not fatal.
    assert any("table_2026_01_08.csv:110" in e for e in report.row_errors)
    expected_rows = sum(len(livebench_expected(t)) for t in sorted(LIVEBENCH.glob("table_*.csv")))
    store = Store(settings)
    manifest = store.read_manifest()
    rows = store.load_rows(manifest)
    assert sum(1 for r in rows if r.source == "livebench") == expected_rows
    # Only article passages are embedded: rows never are.
    assert 0 < report.texts_embedded < 100 < len(rows)


def test_rows_are_exactly_queryable(shared_index):
    """The latest LiveBench release's best open and best proprietary model per category, from the served rows (in
    embedded mode, the generation's row cache)."""
    settings, _, _ = shared_index
    table = LIVEBENCH / "table_2026_01_08.csv"
    expected = livebench_expected(table)
    info = json.loads((LIVEBENCH / "model_info_from_modelLinks_js.json").read_text())
    store = Store(settings)
    rows = store.load_rows(store.read_manifest())
    for cat in ("coding", "math", "reasoning", "overall"):
        got = [r for r in rows if r.source == "livebench" and r.snapshot == "2026-01-08" and r.category == cat
               and not r.task]
        assert got, cat
        for flag in (True, False):
            mine = [(v, k) for (k, c), v in expected.items() if c == cat and info.get(k, {}).get("openweight") is flag]
            best_score, best_key = max(mine)
            top = max((r for r in got if r.open_weights is flag), key=lambda r: r.score)
            assert top.source_key == best_key, (cat, flag)
            assert top.score == pytest.approx(best_score, abs=1e-3)
            assert top.organization and top.display_name and top.benchmark == "LiveBench"


def test_articles_are_chunked_with_citation_metadata(shared_index):
    settings, _, _ = shared_index
    store = Store(settings)
    manifest = store.read_manifest()
    got = store.docs(manifest.embedding_model).get(where={"kind": "article"}, include=["metadatas"])["metadatas"]
    files = {m["file"] for m in got}
    assert len(files) == 5
    assert all(m["title"] and m["source"] is not None and "position" in m for m in got)
    assert any(m["title"] == "The future of AI models and open source development" for m in got)


def test_unchanged_reingest_embeds_nothing(shared_index, real_embedder):
    settings, first, paths = shared_index
    report = run_ingest(settings, paths, embedder=real_embedder, feeds=False)
    assert report.texts_embedded == 0
    assert report.records_added == report.records_updated == report.records_removed == 0
    assert report.files_unchanged == first.files_seen
    assert report.generation == first.generation


def test_change_and_delete_touch_only_that_file(tmp_path, real_embedder):
    need_shared()
    corpus = tmp_path / "lb"
    shutil.copytree(LIVEBENCH, corpus)
    settings = make_settings(tmp_path / "data")
    first = run_ingest(settings, [corpus], embedder=real_embedder, feeds=False)
    store = Store(settings)
    before = store.load_rows(store.read_manifest())

    # Change one score of one model in one release.
    table = corpus / "table_2025_05_30.csv"
    lines = table.read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    col = header.index("AMPS_Hard")
    cells[col] = "12.5"
    lines[1] = ",".join(cells)
    table.write_text("\n".join(lines) + "\n")
    second = run_ingest(settings, [corpus], embedder=real_embedder, feeds=False)
    assert [Path(f).name for f in second.files_updated] == ["table_2025_05_30.csv"]
    assert second.files_unchanged == first.files_seen - 1
    # A leaderboard file has no text to embed: nothing is embedded again.
    assert second.texts_embedded == 0 and second.records_updated > 0
    store.reopen()  # follow the switch to the new generation
    rows = store.load_rows(store.read_manifest())
    assert len(rows) == len(before)  # the old version's rows were replaced, not added to
    others = str(table)
    assert sorted(map(repr, (r for r in rows if r.file != others))) == sorted(map(repr, (r for r in before
                                                                                           if r.file != others)))
    assert {repr(r) for r in rows if r.file == others} != {repr(r) for r in before if r.file == others}
    changed = [r for r in rows if r.snapshot == "2025-05-30" and r.category == "math" and
               r.source_key == cells[0]]
    assert changed and changed[0].score == pytest.approx(livebench_expected(table)[(cells[0], "math")], abs=1e-3)

    # Remove a release: its records disappear.
    (corpus / "table_2024_06_24.csv").unlink()
    third = run_ingest(settings, [corpus], embedder=real_embedder, feeds=False)
    assert [Path(f).name for f in third.files_removed] == ["table_2024_06_24.csv"]
    store.reopen()
    rows = store.load_rows(store.read_manifest())
    assert not [r for r in rows if r.snapshot == "2024-06-24"]


def first_model(store: Store) -> str:
    return store.read_manifest().embedding_model


GOOD = ("source,source_url,snapshot_date,benchmark,category,model,display_name,organization,open_weights,score\n"
        "test,https://example.org,2025-01-01,TestBench,coding,open-a,Open A,Lab A,true,70\n"
        "test,https://example.org,2025-01-01,TestBench,coding,closed-b,Closed B,Lab B,false,80\n")


@pytest.mark.parametrize("content, expect", [
    (b"\x50\x4b\x03\x04 zip bytes", "zip archive"),
    (GOOD.encode().replace(b"Open A", b"Open \xff A"), "not valid UTF-8"),
    (b"source,benchmark,snapshot_date\n", "missing column"),
    (GOOD.replace("true,70", "true,seventy").encode(), None),  # a bad row: skipped and named, file kept
])
def test_malformed_input_keeps_previous_version_served(tmp_path, content, expect):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    snap = corpus / "snap.csv"
    snap.write_text(GOOD)
    settings = make_settings(tmp_path / "data")
    emb = HashEmbedder()
    run_ingest(settings, [corpus], embedder=emb, feeds=False)
    store = Store(settings)
    before = sorted((r.model, r.score) for r in store.load_rows(store.read_manifest()))
    snap.write_bytes(content)
    report = run_ingest(settings, [corpus], embedder=emb, feeds=False)
    rows = sorted((r.model, r.score) for r in store.load_rows(store.read_manifest()))
    if expect is None:
        assert report.row_errors and "snap.csv:2" in report.row_errors[0] and "not a number" in report.row_errors[0]
        assert rows == [("closed-b", 80.0)]
    else:
        assert len(report.rejected) == 1 and "snap.csv" in report.rejected[0][1] and expect in report.rejected[0][1]
        assert rows == before  # the old version is still served


def test_yaml_error_names_the_line(tmp_path):
    bad = tmp_path / "polyglot_leaderboard.yml"
    bad.write_text("- model: x\n  pass_rate_2: 50\n  date: 2025-01-01\n- model: [unclosed\n  pass_rate_2: 3\n")
    settings = make_settings(tmp_path / "data")
    report = run_ingest(settings, [bad], embedder=HashEmbedder(), feeds=False)
    assert len(report.rejected) == 1
    assert "polyglot_leaderboard.yml:" in report.rejected[0][1] and "YAML error" in report.rejected[0][1]


def test_unknown_format_given_explicitly_is_an_error(tmp_path):
    odd = tmp_path / "notes.xyz"
    odd.write_text("hello")
    settings = make_settings(tmp_path / "data")
    report = run_ingest(settings, [odd], embedder=HashEmbedder(), feeds=False)
    assert report.rejected and "unknown file type" in report.rejected[0][1]


def test_ingest_against_a_chroma_server(tmp_path, chroma_server, real_embedder):
    need_shared()
    settings = make_settings(tmp_path / "data", CHROMA_HOST=chroma_server["host"],
                             CHROMA_PORT=str(chroma_server["port"]))
    paths = [LEADERBOARDS / "aider", SEEDS]
    first = run_ingest(settings, paths, embedder=real_embedder, feeds=False)
    assert not first.rejected and first.records_added > 0
    assert "Chroma server" in first.where
    again = run_ingest(settings, paths, embedder=real_embedder, feeds=False)
    assert again.texts_embedded == 0 and again.files_unchanged == first.files_seen
    store = Store(settings)
    rows = store.load_rows(store.read_manifest())
    assert {r.benchmark for r in rows} >= {"Aider Polyglot", "Aider Code Editing"}
    polyglot = [r for r in rows if r.benchmark == "Aider Polyglot"]
    assert len(polyglot) == 69
    from gapbot.engine import Engine  # article search reads the server's passages and vectors: hybrid there too

    result, _ = Engine(settings, embedder=real_embedder).ask("Does NIST think the gap is growing?")
    assert "a NIST analysis indicates" in result.citations[0].passage


def test_a_chroma_server_gets_a_big_files_rows_in_chunks(tmp_path, chroma_server):
    """Issue #12: a server's copy of the rows is one compressed record per chunk of 2,000 rows, not a record per
    row; a machine without the local row store reads them back whole, and records written one per row by an
    earlier version still read."""
    from bench.bigcsv import write_csv
    from gapbot import rowcache
    from gapbot.compose import compose
    from gapbot.engine import Engine
    from gapbot.models import ScoreRow
    from gapbot.store import ROW_CHUNK, ROW_VECTOR

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    n = write_csv(corpus / "big.csv", 5_000, models=125)  # 5 snapshots x 8 categories x 125 models
    settings = make_settings(tmp_path / "data", CHROMA_HOST=chroma_server["host"],
                             CHROMA_PORT=str(chroma_server["port"]))
    report = run_ingest(settings, [corpus], embedder=HashEmbedder(), feeds=False)
    assert not report.rejected and report.records_added == n
    store = Store(settings)
    assert store.rows().count() == -(-n // ROW_CHUNK)  # 3 records for 5,000 rows
    manifest = store.read_manifest()
    local = rowcache.read(settings.data_dir)[1]
    assert len(local) == n and store.load_rows(manifest) == local
    # Another machine (no local row store) serves the same answers from the server's chunks.
    (settings.data_dir / rowcache.FILENAME).unlink()
    newest = max(r.snapshot for r in local)
    best = max((r for r in local if r.snapshot == newest and r.category == "math" and r.open_weights),
               key=lambda r: r.score)
    result, _ = Engine(settings, embedder=HashEmbedder()).ask("which open model is best at math?")
    assert best.display_name in compose(result).headline
    # A record per row, as versions before chunks wrote them, reads the same.
    legacy = ScoreRow("old", "B", "2025-01-01", "coding", "m", "M", "O", True, 50.0, file="/old.csv")
    ver = next(iter(manifest.files.values()))["ver"]
    store.rows().upsert(ids=["legacy-0"], embeddings=[ROW_VECTOR], metadatas=[
        {"file": legacy.file, "ver": ver, "source": "old", "benchmark": "B", "snapshot": "2025-01-01",
         "category": "coding", "task": "", "model": "m", "display_name": "M", "organization": "O",
         "open_weights": "true", "score": 50.0, "release_date": "", "first_seen": "", "source_key": "",
         "source_url": ""}])
    assert legacy in store.load_rows(manifest)


def test_a_running_engine_picks_up_an_ingest_run_beside_it(tmp_path):
    """A cron `gapbot ingest` beside the bot: the next question reads the new generation, no restart, no reload."""
    from gapbot.compose import compose
    from gapbot.engine import Engine

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "snap.csv").write_text(GOOD)
    settings = make_settings(tmp_path / "data")
    run_ingest(settings, [corpus], embedder=HashEmbedder(), feeds=False)
    engine = Engine(settings, embedder=HashEmbedder())
    assert "10 points behind" in compose(engine.ask("gap on coding?")[0]).headline
    (corpus / "snap.csv").write_text(GOOD.replace("true,70", "true,77"))
    run_ingest(settings, [corpus], embedder=HashEmbedder(), feeds=False)
    assert "3 points behind" in compose(engine.ask("gap on coding?")[0]).headline
