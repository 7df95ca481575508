"""The shipped corpus/sources.yaml against a local mirror of the publishers (tests/feedmirror.py): a new LiveBench
release found from the publisher's release list, a release growing from 11 to 46 models, conditional requests, and
every way a publisher can fail (500, hang, HTML page, oversize, changed layout) keeping the last good copy."""

from __future__ import annotations

import feedmirror
import pytest

from gapbot.embeddings import HashEmbedder
from gapbot.rowcache import read as read_rows
from ingest import feedsources
from ingest.pipeline import run_ingest

from conftest import REPO, make_settings


def _settings(tmp_path, mirror, **extra):
    return make_settings(tmp_path / "data", **{"GAPBOT_FEEDS": "true", "GAPBOT_FEED_ALLOW_PRIVATE": "true",
                                               "GAPBOT_FEED_BASE_URL": mirror.url, "GAPBOT_FEED_TIMEOUT": "2",
                                               **extra})


def _livebench_boards(settings) -> dict[str, int]:
    """LiveBench snapshot -> models on its overall board, from what is served."""
    _manifest, rows = read_rows(settings.data_dir)
    out: dict[str, set] = {}
    for r in rows:
        if r.source == "livebench" and r.category == "overall":
            out.setdefault(r.snapshot, set()).add(r.model)
    return {k: len(v) for k, v in out.items()}


def _keys(path) -> list[str]:
    return [line.split(",", 1)[0] for line in path.read_text().splitlines()[1:] if line]


def test_the_shipped_sources_list_every_publisher():
    specs = {s.name: s for s in feedsources.load(REPO / "corpus" / "sources.yaml")}
    assert set(specs) >= {"livebench", "aider", "lmarena", "epoch", "epoch-hub", "swe-bench"}
    assert specs["livebench"].index == "src/lib/constants.js"
    assert all(s.base.startswith("https://") for s in specs.values())


def test_a_new_release_is_found_from_the_publishers_list(tmp_path, mirror):
    settings = _settings(tmp_path, mirror)
    first = run_ingest(settings, embedder=HashEmbedder())
    assert not first.feeds_failed, first.feeds_failed
    assert set(_livebench_boards(settings)) >= {"2025-12-23", "2026-01-08"}
    assert "2026-06-25" not in _livebench_boards(settings)
    # SWE-bench's leaderboards.json has no date of its own: it is served under the day it was first fetched.
    _manifest, rows = read_rows(settings.data_dir)
    assert {r.benchmark for r in rows if r.source == "swebench"} >= {"SWE-bench Verified", "SWE-bench Lite"}
    assert {"GPQA Diamond", "FrontierMath"} <= {r.benchmark for r in rows if r.source == "epoch"}  # the Hub's runs
    # LiveBench publishes 2026-06-25: one line in its own release list, nothing changes in sources.yaml.
    feedmirror.set_livebench(mirror.root, with_new_release=True)
    mirror.requests.clear()
    second = run_ingest(settings, embedder=HashEmbedder())
    assert any(f.endswith("public/table_2026_06_25.csv") for f in second.files_added), second.files_added
    assert _livebench_boards(settings)["2026-06-25"] == 46
    assert any(p.endswith("/cost_2026_06_25.csv") and s == 200 for p, s in mirror.requests)
    _manifest, rows = read_rows(settings.data_dir)
    costed = {r.source_key for r in rows if r.snapshot == "2026-06-25" and r.category == "overall"
              and r.cost_per_question}
    table, cost = (set(_keys(feedmirror.LB_LIVE / "public" / f"{k}_2026_06_25.csv")) for k in ("table", "cost"))
    unpriced = {"ox-alpha-max"}  # its cost file row is all zeros: no price recorded, so no cost is claimed
    assert costed == table & cost - unpriced and len(costed) >= 40
    # Nothing new: every file costs one conditional round trip, answered 304, and nothing is re-ingested.
    mirror.requests.clear()
    third = run_ingest(settings, embedder=HashEmbedder())
    assert not third.changed and third.feeds_changed == 0
    statuses = [s for _, s in mirror.requests]
    assert statuses and set(statuses) <= {304, 404}, mirror.requests
    assert all("/cost_" in p for p, s in mirror.requests if s == 404)  # optional: older releases have no cost file
    assert len(statuses) == len({p for p, _ in mirror.requests})
    # Aider changes: a full ingest, where 2025-12-23 (out of the newest-two window now) stays served, unreported.
    board = mirror.root / "aider/aider/website/_data/polyglot_leaderboard.yml"
    board.write_text(board.read_text() + "\n# updated\n")
    fourth = run_ingest(settings, embedder=HashEmbedder())
    assert fourth.changed and not fourth.rejected and not fourth.files_removed, fourth.rejected
    assert set(_livebench_boards(settings)) >= {"2025-12-23", "2026-01-08", "2026-06-25"}


def test_a_release_growing_from_11_to_46_models_is_re_read(tmp_path, mirror):
    feedmirror.set_livebench(mirror.root, with_new_release=True, first_published=True)
    settings = _settings(tmp_path, mirror)
    run_ingest(settings, embedder=HashEmbedder())
    assert _livebench_boards(settings)["2026-06-25"] == 11
    feedmirror.set_livebench(mirror.root, with_new_release=True)
    report = run_ingest(settings, embedder=HashEmbedder())
    assert any(f.endswith("table_2026_06_25.csv") for f in report.files_updated), report.files_updated
    assert _livebench_boards(settings)["2026-06-25"] == 46


@pytest.mark.parametrize(("fault", "feed", "prefix", "why"), [
    ("500", "aider", "/aider/", "HTTP 500"),
    ("hang", "lmarena", "/lmarena/data/leaderboard-text.json", "timed out"),
    ("html", "aider", "/aider/", "text/html"),
    ("big", "aider", "/aider/", "feed limit"),
    ("layout", "livebench", "/livebench/src/lib/constants.js", "release list"),
    ("layout", "epoch", "/epoch/", "no member matching"),
])
def test_a_failing_publisher_keeps_its_last_good_copy(tmp_path, mirror, fault, feed, prefix, why):
    settings = _settings(tmp_path, mirror, GAPBOT_FEED_MAX_BYTES="3000000")
    first = run_ingest(settings, embedder=HashEmbedder())
    assert not first.feeds_failed, first.feeds_failed
    _m, before = read_rows(settings.data_dir)
    if fault == "layout" and feed == "livebench":
        (mirror.root / "livebench/src/lib/constants.js").write_text("export const LATEST = '2026-06-25';\n")
    elif fault == "layout":
        import zipfile

        with zipfile.ZipFile(mirror.root / "epoch/benchmark_data.zip", "w") as zf:
            zf.writestr("runs/gpqa_diamond.csv", "model,score\nx,0.5\n")
    else:
        mirror.faults[prefix] = fault
    report = run_ingest(settings, embedder=HashEmbedder())
    assert set(report.feeds_failed) == {feed}, report.feeds_failed
    assert why in report.feeds_failed[feed] and mirror.url in report.feeds_failed[feed], report.feeds_failed
    assert not report.files_removed
    _m, after = read_rows(settings.data_dir)
    assert sorted(map(repr, after)) == sorted(map(repr, before))  # the last good copies are what is served
    status = {s["name"]: s for s in feedsources.status_lines(settings.data_dir / "feeds",
                                                             feedsources.load(settings.sources_path))}
    assert why in status[feed]["last_error"] and status[feed]["last_success"]


def test_offline_every_feed_fails_and_the_corpus_is_still_served(tmp_path):
    settings = make_settings(tmp_path / "data", GAPBOT_FEEDS="true", GAPBOT_FEED_ALLOW_PRIVATE="true",
                             GAPBOT_FEED_BASE_URL="http://127.0.0.1:9", GAPBOT_FEED_TIMEOUT="1")
    report = run_ingest(settings, embedder=HashEmbedder())
    assert set(report.feeds_failed) == {"livebench", "aider", "lmarena", "epoch", "epoch-hub", "swe-bench"}
    assert report.files_added and read_rows(settings.data_dir)[1]


def test_cli_feeds_only_and_feed_status(tmp_path, mirror, monkeypatch, capsys):
    import gapbot.embeddings
    from gapbot_cli import main

    monkeypatch.setattr(gapbot.embeddings, "make_embedder", lambda settings: HashEmbedder())
    for var, value in {"GAPBOT_DATA_DIR": str(tmp_path / "data"), "GAPBOT_CORPUS_DIR": str(REPO / "corpus"),
                       "GAPBOT_FEED_ALLOW_PRIVATE": "true", "GAPBOT_FEED_BASE_URL": mirror.url}.items():
        monkeypatch.setenv(var, value)
    assert main(["feeds"]) == 0 and "never fetched" in capsys.readouterr().out
    assert main(["ingest", "--feeds-only", "-q"]) == 0  # explicit: fetched even with GAPBOT_FEEDS off
    out = capsys.readouterr().out
    assert "polyglot_leaderboard.yml" in out and "measuring-the-gap.md" not in out  # the feeds alone
    assert main(["feeds"]) == 0
    out = capsys.readouterr().out
    assert "livebench (livebench, LiveBench (livebench.ai)): ok" in out and "releases 2025-12-23, 2026-01-08" in out
    assert '"' in out.split("validators:", 1)[1]  # the ETags kept for the next conditional request
    mirror.faults["/aider/"] = "500"
    assert main(["ingest", "--feeds-only", "-q"]) == 1
    assert "Feeds that failed" in capsys.readouterr().out
    assert main(["feeds"]) == 1
    out = capsys.readouterr().out
    assert "aider (aider, Aider (aider.chat)): FAILING" in out and "HTTP 500" in out


def test_a_host_that_hangs_costs_one_timeout_per_feed(tmp_path, mirror):
    settings = _settings(tmp_path, mirror, GAPBOT_FEED_TIMEOUT="1")
    run_ingest(settings, embedder=HashEmbedder())
    _m, before = read_rows(settings.data_dir)
    mirror.faults["/livebench/"] = "hang"
    mirror.requests.clear()
    report = run_ingest(settings, embedder=HashEmbedder())
    # Seven LiveBench files, one request: the feed gave up after the first timeout (counted, not timed: a loaded
    # machine makes any wall-clock bound either flaky or too loose to mean anything).
    assert len([p for p, _ in mirror.requests if p.startswith("/livebench/")]) == 1
    assert set(report.feeds_failed) == {"livebench"} and "timed out" in report.feeds_failed["livebench"]
    assert sorted(map(repr, read_rows(settings.data_dir)[1])) == sorted(map(repr, before))


def test_cli_refresh_on_a_schedule(tmp_path, mirror, monkeypatch, capsys):
    import time

    import gapbot.embeddings
    import gapbot_cli
    from gapbot_cli import main

    monkeypatch.setattr(gapbot.embeddings, "make_embedder", lambda settings: HashEmbedder())
    for var, value in {"GAPBOT_DATA_DIR": str(tmp_path / "data"), "GAPBOT_CORPUS_DIR": str(REPO / "corpus"),
                       "GAPBOT_FEEDS": "true", "GAPBOT_FEED_ALLOW_PRIVATE": "true",
                       "GAPBOT_FEED_BASE_URL": mirror.url, "GAPBOT_REFRESH_EVERY": "1",
                       "GAPBOT_REFRESH_JITTER": "0"}.items():
        monkeypatch.setenv(var, value)
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if len(sleeps) == 2:  # the wait for the second run: stop there
            raise KeyboardInterrupt

    monkeypatch.setattr(gapbot_cli, "_sleep", sleep)
    started = time.monotonic()
    assert main(["refresh", "--schedule"]) == 130
    took = time.monotonic() - started
    assert "Ingest into" in capsys.readouterr().out
    # No jitter asked; the next run an hour after this one started (less the time the run took, however slow).
    assert sleeps[0] == 0 and 3600 - took - 1 <= sleeps[1] <= 3600


def test_a_dateless_board_keeps_each_new_content_under_the_day_it_was_first_fetched(tmp_path, mirror, monkeypatch):
    """LMArena's JSON names no date: each new content is a new snapshot, the earlier ones stay served."""
    settings = _settings(tmp_path, mirror)
    monkeypatch.setattr(feedsources, "today", lambda: "2025-11-06")
    arena = mirror.root / "lmarena" / "data" / "leaderboard-text.json"
    arena.write_bytes((feedmirror.LEADERBOARDS / "lmarena" / "arena_catalog" /
                       "leaderboard-text_2025-11-06_99f1eadee.json").read_bytes())
    run_ingest(settings, embedder=HashEmbedder())
    monkeypatch.setattr(feedsources, "today", lambda: "2025-12-11")
    assert not run_ingest(settings, embedder=HashEmbedder()).changed  # the same content on a later day: no copy
    arena.write_bytes((feedmirror.LEADERBOARDS / "lmarena" / "arena_catalog" /
                       "leaderboard-text_2025-12-11_ea8297b54.json").read_bytes())
    report = run_ingest(settings, embedder=HashEmbedder())
    assert report.files_added and not report.rejected and not report.files_removed, report.rejected
    _m, rows = read_rows(settings.data_dir)
    assert {r.snapshot for r in rows if r.benchmark == "LMArena Text"} == {"2025-11-06", "2025-12-11"}


def test_the_demo_offline_answers_from_the_corpus_and_says_which_feeds_failed(tmp_path, monkeypatch, capsys):
    import gapbot.embeddings
    from gapbot_cli import main

    monkeypatch.setattr(gapbot.embeddings, "make_embedder", lambda settings: HashEmbedder())
    for var, value in {"GAPBOT_DATA_DIR": str(tmp_path / "data"), "GAPBOT_CORPUS_DIR": str(REPO / "corpus"),
                       "GAPBOT_FEEDS": "true", "GAPBOT_FEED_ALLOW_PRIVATE": "true", "GAPBOT_FEED_TIMEOUT": "1",
                       "GAPBOT_FEED_BASE_URL": "http://127.0.0.1:9"}.items():  # nothing listens there
        monkeypatch.setenv(var, value)
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "Feeds that failed" in out and "swe-bench:" in out
    assert "> How far behind is the best open model on coding?" in out and "points behind" in out
