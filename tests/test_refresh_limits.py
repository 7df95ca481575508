"""The bot's refresh process is bounded: a file that hangs the parser or eats memory is stopped, named, quarantined
and never retried on its own, while what was served stays served and the next refresh runs normally."""

from __future__ import annotations

import textwrap

import pytest
from test_refresh_process import child_pids, world  # noqa: F401 - the fixture

from gapbot.errors import RefreshFailed
from gapbot.store import Store
from ingest.quarantine import Quarantine
from ingest.refresh_process import refresh_in_child

from conftest import REPO

pytestmark = pytest.mark.slow

# Loaded by the refresh process at start-up (sitecustomize): the gapbot snapshot parser misbehaves on files named
# a HangBench board, in the way GAPBOT_TEST_MISBEHAVE says. Nothing else changes.
HOOK = textwrap.dedent("""
    import os, signal, time
    import ingest.formats.gapbot_csv as snapshot
    _parse = snapshot.parse
    def parse(path, ctx, *args, **kwargs):
        if "HangBench" in path.read_text():
            how = os.environ.get("GAPBOT_TEST_MISBEHAVE")
            if how == "loop":  # pure Python: the per-file deadline interrupts it
                while True:
                    pass
            if how == "stuck":  # as if in C code that never returns: only the time limit on the process helps
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
                time.sleep(3600)
            if how == "memory":
                hoard = [bytearray(1 << 20) for _ in range(100_000)]
        return _parse(path, ctx, *args, **kwargs)
    snapshot.parse = parse
""")
HANG = ("source,snapshot_date,benchmark,category,model,score\n"
        "t,2025-01-01,HangBench,coding,model-a,50\n")


@pytest.fixture
def misbehaving(tmp_path, monkeypatch):
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(HOOK)
    monkeypatch.setenv("PYTHONPATH", f"{hook}:{REPO}")

    def misbehave(how: str) -> None:
        monkeypatch.setenv("GAPBOT_TEST_MISBEHAVE", how)
    return misbehave


def plant_hang(served, misbehave, how: str):
    """The served world (root, settings, engine) with a HangBench snapshot added to its corpus, which the parser
    will read as `how` says; also the generation served before it."""
    root, settings, engine = served
    gen = engine.index().manifest.generation
    hang = root / "corpus" / "hang.csv"
    hang.write_text(HANG)
    misbehave(how)
    return settings, engine, gen, hang


async def refresh(settings, engine, **limits):
    return await refresh_in_child(settings.copy(**limits), model=engine.embedder.name,
                                  embed=engine.embedder.embed_documents, uploaded=True)


async def assert_quarantined_then_skipped(settings, engine, hang, served_before):
    assert Store(settings).read_manifest().generation == served_before  # nothing half-done became visible
    assert Quarantine(settings.data_dir).reason(str(hang), _version_of(settings, hang)) is not None
    # The next refresh does not read it again, says why, and completes.
    report = await refresh(settings, engine)
    reasons = [why for f, why in report.rejected if f == str(hang)]
    assert reasons and "quarantined" in reasons[0] and "replace or remove the file" in reasons[0]
    # Changed, it is read again.
    hang.write_text(HANG.replace("50", "51").replace("HangBench", "FixedBench"))
    report = await refresh(settings, engine)
    assert str(hang) in report.files_added and not report.rejected


def _version_of(settings, path) -> str:
    entries = Quarantine(settings.data_dir).entries()
    return entries.get(str(path), {}).get("ver", "")


async def test_a_parse_past_its_deadline_is_quarantined(world, misbehaving):  # noqa: F811
    settings, engine, gen, hang = plant_hang(world, misbehaving, "loop")
    report = await refresh(settings, engine, parse_timeout_s=1.0)
    assert [f for f, _ in report.rejected] == [str(hang)] and "more than 1 s" in report.rejected[0][1]
    # The rest of the refresh went ahead: nothing else changed, so nothing was switched.
    assert report.generation == gen
    await assert_quarantined_then_skipped(settings, engine, hang, gen)


async def test_a_refresh_past_its_time_limit_is_stopped_and_the_file_quarantined(world, misbehaving):  # noqa: F811
    settings, engine, gen, hang = plant_hang(world, misbehaving, "stuck")
    # The limit must leave the child time to start and reach the file (imports, plan, the files before it): on a
    # loaded 2-core machine that took more than 8 s, and the limit then named another file. The test lasts this long.
    with pytest.raises(RefreshFailed, match=r"longer than 25 s.*reading hang\.csv, which is quarantined"):
        await refresh(settings, engine, refresh_timeout_s=25.0)
    assert not child_pids()
    await assert_quarantined_then_skipped(settings, engine, hang, gen)


async def test_a_file_that_eats_memory_is_stopped_by_the_limit_and_quarantined(world, misbehaving):  # noqa: F811
    settings, engine, gen, hang = plant_hang(world, misbehaving, "memory")
    report = await refresh(settings, engine, refresh_max_mb=600)
    assert [f for f, _ in report.rejected] == [str(hang)] and "ran out of memory" in report.rejected[0][1]
    await assert_quarantined_then_skipped(settings, engine, hang, gen)
