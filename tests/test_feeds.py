"""Remote feeds in sources.yaml, fetched from a local HTTP server on 127.0.0.1 that serves ../shared (so these tests
allow private addresses: GAPBOT_FEED_ALLOW_PRIVATE; test_feed_safety.py covers the policy itself)."""

from __future__ import annotations

import functools
import http.server
import threading
import time

import pytest

from gapbot.embeddings import HashEmbedder
from gapbot.store import Store
from ingest.pipeline import run_ingest

from conftest import SHARED, make_settings, need_shared


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):
        if self.path.startswith("/slow"):
            time.sleep(3)
        return super().do_GET()


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):  # a client that timed out on purpose is not an error
        pass


@pytest.fixture
def shared_server():
    need_shared()
    handler = functools.partial(_Handler, directory=str(SHARED))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _settings(tmp_path, corpus, **extra):
    """Settings that let feeds reach the local server (127.0.0.1 is refused by default)."""
    return make_settings(tmp_path / "data", GAPBOT_CORPUS_DIR=str(corpus), GAPBOT_FEED_ALLOW_PRIVATE="true",
                         GAPBOT_FEEDS="true", **extra)


def _corpus(tmp_path, feeds_yaml: str):
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    (corpus / "sources.yaml").write_text(feeds_yaml)
    return corpus


def test_feeds_are_fetched_and_ingested(tmp_path, shared_server):
    base = shared_server
    corpus = _corpus(tmp_path, f"""
feeds:
  - url: {base}/leaderboards/aider/polyglot_leaderboard.yml
    format: aider
  - url: {base}/leaderboards/livebench/table_2025_05_30.csv
    format: livebench
    categories_url: {base}/leaderboards/livebench/categories_2025_05_30.json
  - url: {base}/seeds/003_4f321a7c0f9c0338.txt
    format: article
  - url: {base}/does-not-exist.csv
    format: gapbot-csv
  - url: {base}/leaderboards/aider/edit_leaderboard.yml
    format: aider
    enabled: false
""")
    settings = _settings(tmp_path, corpus)
    report = run_ingest(settings, embedder=HashEmbedder())
    kinds = sorted(report.formats.values())
    assert kinds == ["aider", "article", "livebench"]
    assert any("HTTP 404" in why for _, why in report.rejected)
    store = Store(settings)
    rows = store.load_rows(store.read_manifest())
    assert {r.benchmark for r in rows} == {"Aider Polyglot", "LiveBench"}
    origins = {f["origin"] for f in store.read_manifest().files.values()}
    assert f"{base}/seeds/003_4f321a7c0f9c0338.txt" in origins


def test_failing_feed_keeps_last_good_copy(tmp_path, shared_server):
    base = shared_server
    good = f"feeds:\n  - url: {base}/leaderboards/aider/polyglot_leaderboard.yml\n    format: aider\n"
    corpus = _corpus(tmp_path, good)
    settings = _settings(tmp_path, corpus, GAPBOT_FEED_TIMEOUT="1")
    first = run_ingest(settings, embedder=HashEmbedder())
    assert first.files_added
    # The server now times out for this feed: the fetched copy from last time stays served, nothing is removed.
    _corpus(tmp_path, good.replace("/leaderboards/", "/slow/leaderboards/").replace(
        "format: aider", "format: aider\n    name: polyglot_leaderboard.yml"))
    second = run_ingest(settings, embedder=HashEmbedder())
    assert any("could not fetch" in why or "timed out" in why for _, why in second.rejected), second.rejected
    assert not second.files_removed
    store = Store(settings)
    assert any(r.benchmark == "Aider Polyglot" for r in store.load_rows(store.read_manifest()))


def test_oversize_feed_is_refused(tmp_path, shared_server):
    corpus = _corpus(tmp_path, f"feeds:\n  - url: {shared_server}/leaderboards/aider/edit_leaderboard.yml\n"
                               "    format: aider\n")
    settings = _settings(tmp_path, corpus, GAPBOT_FEED_MAX_BYTES="1000")
    report = run_ingest(settings, embedder=HashEmbedder())
    assert any("feed limit" in why for _, why in report.rejected)
    assert not report.files_added


def test_bad_sources_yaml_names_the_line(tmp_path):
    corpus = _corpus(tmp_path, "feeds:\n  - url: http://x\n    format: [oops\n")
    settings = _settings(tmp_path, corpus)
    report = run_ingest(settings, embedder=HashEmbedder())
    assert any("sources.yaml:" in why and "YAML" in why for _, why in report.rejected)


def test_a_feed_on_a_private_host_is_refused_by_default(tmp_path, shared_server):
    """GAPBOT_FEED_ALLOW_PRIVATE is off unless set: the ingest reports the feed and goes on."""
    url = f"{shared_server}/leaderboards/aider/polyglot_leaderboard.yml"
    corpus = _corpus(tmp_path, f"feeds:\n  - url: {url}\n    format: aider\n")
    report = run_ingest(make_settings(tmp_path / "data", GAPBOT_CORPUS_DIR=str(corpus), GAPBOT_FEEDS="true"),
                        embedder=HashEmbedder())
    assert any(where.startswith(url) and "loopback address" in why for where, why in report.rejected), report.rejected
    assert not report.files_added
