"""A refresh run in a child process for a long-lived parent (the bot): the parent lends its embedder, re-opens its
embedded store at the switch and only then are old versions deleted; the child's errors come back as the same
core errors; a child that dies is reported and the next refresh cleans up after it."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import tempfile
from pathlib import Path

import pytest
from test_bot_e2e import NEW_SNAPSHOT, build_template

from gapbot import generations, rowcache
from gapbot.compose import compose
from gapbot.embeddings import HashEmbedder
from gapbot.engine import Engine
from gapbot.errors import RefreshFailed, RefreshInProgress
from gapbot.store import Store
from ingest.pipeline import ingest_lock
from ingest.refresh_process import child_env, decode_vectors, encode_vectors, refresh_in_child

from conftest import make_settings

ARTICLE = """---
title: Quokka distillation closes the gap
source: Example Review
url: https://example.org/quokka
date: 2025-09-02
---
Open-weights labs used quokka distillation to copy frontier behaviour cheaply, which is why the open models caught up
so fast this summer according to the analysts quoted here.
"""


@pytest.fixture
def world(tmp_path):
    root = build_template(tmp_path)  # per test: file ids are paths, and these tests change the corpus
    settings = make_settings(root / "data", GAPBOT_CORPUS_DIR=str(root / "corpus"))
    engine = Engine(settings, embedder=HashEmbedder())
    return root, settings, engine


def child_pids() -> list[int]:
    """Our refresh children, from /proc (the test has no handle on the process the parent side started)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmd = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid() and b"ingest.refresh_process" in cmd:
            pids.append(int(entry.name))
    return pids


def stored_versions(settings, folder: Path | None = None) -> set[str]:
    """Every file version with a record in a generation folder (the served one by default): its passages in Chroma
    and the files its row cache holds rows of. Read by a fresh store, as another process would."""
    folder = folder or generations.current(settings.data_dir).dir
    copy = Path(tempfile.mkdtemp()) / "chroma"  # a reader never opens a served folder (Chroma would write to it)
    generations.copy_chroma(folder / "chroma", copy)
    store = Store(settings, path=copy)
    found = {m["ver"] for m in store.docs(HashEmbedder().name).get(include=["metadatas"])["metadatas"]}
    store.close()
    shutil.rmtree(copy.parent)
    manifest, rows = rowcache.read_file(folder)
    found |= {manifest.files[r.file]["ver"] for r in rows}
    return found


def test_vectors_survive_the_pipe_as_float32():
    vecs = [[0.1, -2.5, 3.0], [1e-3, 0.0, 7.25]]
    back = decode_vectors(encode_vectors(vecs))
    assert len(back) == 2 and all(b == pytest.approx(v, rel=1e-6) for b, v in zip(back, vecs, strict=True))
    assert decode_vectors(encode_vectors([])) == []


def test_child_env_carries_settings_not_secrets(world, monkeypatch):
    _, settings, _ = world
    monkeypatch.setenv("DISCORD_TOKEN", "tok-123")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-456")
    env = child_env(settings.copy(chroma_timeout_s=2.5))
    assert env["GAPBOT_DATA_DIR"] == str(settings.data_dir) and env["CHROMA_TIMEOUT"] == "2.5"
    assert "DISCORD_TOKEN" not in env and "OPENAI_API_KEY" not in env
    assert "tok-123" not in env.values() and "sk-456" not in env.values()


async def test_refresh_in_child_switches_then_collects(world):
    root, settings, engine = world
    before = engine.index()
    old_versions = {f["ver"] for f in before.manifest.files.values()}
    assert engine.ask("why are open models catching up?")[0].ok  # the store is open, its vectors in memory
    corpus = root / "corpus"
    (corpus / "quokka.md").write_text(ARTICLE)
    (corpus / "livebench-2025-06-15.csv").write_text(NEW_SNAPSHOT)  # a new version of a served file

    events: list[tuple] = []
    embedded: list[int] = []

    def embed(texts: list[str]) -> list[list[float]]:
        embedded.append(len(texts))
        return engine.embedder.embed_documents(texts)

    async def switched(generation: int) -> None:
        # Served already, the replaced generation not yet collected: a reader still on it never meets a deleted
        # record, and one that re-opens now finds the new generation complete.
        gen = generations.current(settings.data_dir)
        assert gen is not None and gen.number == generation and gen.previous is not None
        assert old_versions <= stored_versions(settings, gen.previous)
        events.append(("switched", generation))
        await asyncio.to_thread(lambda: (engine.store.reopen(), engine.invalidate(), engine.index()))

    report = await refresh_in_child(settings, model=engine.embedder.name, embed=embed, uploaded=True,
                                    progress=lambda *p: events.append(("progress", *p)), on_switched=switched)
    assert report.generation == before.manifest.generation + 1
    assert sorted(report.files_added) == [str(corpus / "quokka.md")] and len(report.files_updated) == 1
    assert report.texts_embedded == sum(embedded) > 0 and max(embedded) <= 32
    assert ("switched", report.generation) in events
    assert {e[1] for e in events if e[0] == "progress"} >= {"reading", "writing"}
    # The old version of the replaced file is gone once the child has finished.
    live = {f["ver"] for f in engine.index().manifest.files.values()}
    assert stored_versions(settings) == live and not (old_versions - live) & stored_versions(settings)
    # This process's engine answers from the new generation, rows and vectors alike.
    assert "Llama 5" in compose(engine.ask("which open model is best overall?")[0]).headline
    why, _ = engine.ask("why did open models catch up so fast with quokka distillation?")
    assert any("quokka" in c.title.lower() for c in why.citations), why.citations


async def test_child_errors_come_back_as_core_errors(world):
    _, settings, engine = world
    with ingest_lock(settings.data_dir), pytest.raises(RefreshInProgress, match="another ingest"):
        await refresh_in_child(settings, model=engine.embedder.name, embed=engine.embedder.embed_documents)


async def test_an_embedding_failure_serves_the_old_generation(world):
    root, settings, engine = world
    gen = engine.index().manifest.generation
    (root / "corpus" / "quokka.md").write_text(ARTICLE)

    def broken(texts):
        raise RuntimeError("model exploded")

    with pytest.raises(RefreshFailed, match="could not embed.*model exploded"):
        await refresh_in_child(settings, model=engine.embedder.name, embed=broken, uploaded=True)
    assert Store(settings).read_manifest().generation == gen


async def test_a_child_killed_after_the_switch_is_cleaned_up_by_the_next(world):
    root, settings, engine = world
    gen = engine.index().manifest.generation
    (root / "corpus" / "livebench-2025-06-15.csv").write_text(NEW_SNAPSHOT)

    async def kill(generation: int) -> None:
        for pid in child_pids():
            os.kill(pid, signal.SIGKILL)

    with pytest.raises(RefreshFailed, match="without a report"):
        await refresh_in_child(settings, model=engine.embedder.name, embed=engine.embedder.embed_documents,
                               uploaded=True, on_switched=kill)
    served = Store(settings).read_manifest()
    assert served.generation == gen + 1  # it had switched
    live = {f["ver"] for f in served.files.values()}
    assert stored_versions(settings) == live  # the served generation holds exactly what it serves
    stray = settings.data_dir / generations.FOLDER / "000099-dead00"  # as a run killed before its switch leaves
    (stray / "chroma").mkdir(parents=True)

    report = await refresh_in_child(settings, model=engine.embedder.name, embed=engine.embedder.embed_documents,
                                    uploaded=True)
    assert not report.changed and any("left by an interrupted ingest" in n for n in report.notes)
    assert not stray.exists() and stored_versions(settings) == live
    current = generations.current(settings.data_dir)
    assert current is not None and {p.name for p in current.dir.parent.iterdir()} <= {current.dir.name,
                                                                                      current.previous.name}


async def test_a_failed_reload_does_not_fail_the_refresh(world, caplog):
    root, settings, engine = world
    (root / "corpus" / "livebench-2025-06-15.csv").write_text(NEW_SNAPSHOT)

    async def broken(generation: int) -> None:
        raise OSError("disk hiccup")

    report = await refresh_in_child(settings, model=engine.embedder.name, embed=engine.embedder.embed_documents,
                                    uploaded=True, on_switched=broken)
    assert report.changed and report.records_removed > 0  # switched and collected all the same
    assert "re-loading after the switch failed" in caplog.text
    best, _ = Engine(settings, embedder=HashEmbedder()).ask("which open model is best overall?")
    assert "Llama 5" in compose(best).headline
