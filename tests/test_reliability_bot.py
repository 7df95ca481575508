"""Reliability of the real bot (bot.client.GapBot and its cogs) against the fake Discord (tests/fakediscord):
permissions, hostile attachments, a Chroma server that dies and comes back, gateway drops, load, secrets in logs
and messages, and mentions that must never ping.

Every wait is bounded (STEP seconds, or a stated deadline) and every test ends with the fake's leak check (no
asyncio task left behind). Each test prints one line of counts: cases tried, faults injected, answers lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import faulthandler
import json
import logging
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from test_bot_e2e import (
    ARTICLE,
    HEADER,
    NEW_SNAPSHOT,
    STEP,
    URL,
    Env,
    SlowEmbedder,
    build_template,
    give_the_refresh_text_to_embed,
    make_env,
    snapshot_csv,
)

from bot.client import create_bot
from bot.feedback import FeedbackStore
from gapbot.embeddings import HashEmbedder
from gapbot.engine import Engine

from conftest import make_settings
from fakediscord import CommandUnavailable, FakeAttachment, FakeDiscord, InteractionTimeout, build_world, run_bot

pytest_plugins = ("fakediscord.fixtures",)

REPO = Path(__file__).resolve().parents[1]
REFUSED_MOD = "Only members with Manage Server or the Mod role can use this command."
REFUSED_DM = "This command only works in a server."
REFUSED_OWNER = "Only the bot's owner can do that."


@pytest.fixture(autouse=True)
def _watchdog():
    """A hard bound on every test: a hang dumps all tracebacks and ends the run instead of blocking CI."""
    faulthandler.dump_traceback_later(240, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture(scope="session")
def corpus_template(tmp_path_factory):
    """The tiny corpus of test_bot_e2e (two LiveBench snapshots and an article), ingested once per session into an
    embedded Chroma with the hash embedder; each test works on a copy of the data folder."""
    return build_template(tmp_path_factory.mktemp("gapbot-reliability"))


@pytest.fixture
def bot_env(fake_discord: FakeDiscord, discord_world, corpus_template, tmp_path) -> Env:
    """test_bot_e2e's `env` on this module's data."""
    return make_env(fake_discord, discord_world, corpus_template, tmp_path)


def report(capsys, name: str, *, cases: int, faults: int = 0, lost: int = 0, extra: str = "") -> None:
    with capsys.disabled():
        print(f"\n[reliability] {name}: {cases} cases tried / {faults} faults injected / {lost} answers lost"
              + (f"; {extra}" if extra else ""))


def upload_csv(snapshot: str, model: str = "m-upload") -> bytes:
    """A small valid gapbot-csv snapshot (one open and one proprietary model), distinct per `snapshot`."""
    rows = [f"livebench,{URL},{snapshot},LiveBench,overall,{model},{model.upper()},Org,true,71,2025-01-01\n",
            f"livebench,{URL},{snapshot},LiveBench,overall,gpt-5,GPT-5,OpenAI,false,83,2024-11-01\n"]
    return (HEADER + "".join(rows)).encode()


def files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def assert_no_pings(fake: FakeDiscord) -> int:
    """Every message the bot sent (ephemeral and deleted ones included) pings nobody and asked for no pings.
    Returns how many messages were checked."""
    checked = 0
    for m in fake.bot_messages(include_deleted=True):
        sent_something = bool(m.content or m.embeds or m.edits)
        if sent_something:
            am = m.allowed_mentions
            assert am is not None, f"message {m.id} sent without allowed_mentions: {m.content!r}"
            assert am.get("parse") == [] and not am.get("users") and not am.get("roles"), (m.id, am)
            assert not am.get("replied_user"), (m.id, am)
        assert not m.pinged_anyone, (m.id, m.pings, m.content)
        payload = m.to_payload(fake)
        assert not payload["mention_everyone"] and not payload["mentions"], (m.id, payload)
        checked += 1
    return checked


# ======================================================================================== 1. permissions
async def test_moderator_paths_refused_for_members_and_in_dms(bot_env: Env, capsys) -> None:
    env = bot_env
    fake, world = env.fake, env.world
    guild = world.guild
    boss = fake.add_user("bot-owner")  # the bot's owner (GAPBOT_OWNER_IDS), without any server permission
    guild.add_member(boss, roles=[world.member_role])
    lookalike = fake.add_user("mallory")  # a role that only looks like the moderator role
    guild.add_member(lookalike, roles=[world.member_role, guild.add_role("Moderators"), guild.add_role("mod")])
    uploads = env.settings.uploads_dir
    cases = 0

    async with run_bot(env.bot(GAPBOT_OWNER_IDS=str(boss.id)), fake) as bot:
        syncs_at_start = len(fake.sync_calls)
        generation = bot.engine.index().manifest.generation

        # Discord itself hides /refresh and /feedback from members without Manage Server...
        for name in ("refresh", "feedback"):
            with pytest.raises(CommandUnavailable):
                await fake.invoke_slash(name, user=world.alice, channel=world.general)
            cases += 1

        # ...but a server's admins can change that (Integrations settings): the bot must refuse on its own.
        for user in (world.alice, lookalike):
            for name, options in (("refresh", {}), ("feedback", {}),
                                  ("refresh", {"file": FakeAttachment("sneaky.csv", upload_csv("2025-07-01"))})):
                refused = await env.slash(name, options, user=user, check=False)
                assert refused.ephemeral and refused.content == REFUSED_MOD, (user.username, name, refused.text)
                assert refused.callback_type == 4  # refused at once: nothing deferred, no work started
                cases += 1
        assert not uploads.exists() or not any(uploads.iterdir())  # the refused attachment was never saved
        assert bot.engine.index().manifest.generation == generation

        # In DMs there is no server: every moderator command is refused, whoever asks (the owner too).
        for user in (world.alice, env.admin, world.bob, boss):
            for name in ("refresh", "feedback"):
                refused = await env.slash(name, user=user, channel=fake.dm_channel(user), check=False)
                assert refused.ephemeral and refused.content == REFUSED_DM, (user.username, name, refused.text)
                cases += 1

        # The owner-only prefix command: members, moderators, admins and the server owner are all refused,
        # in the server and in DMs; nothing is synced.
        for user in (world.alice, world.bob, env.admin, world.owner):
            denied = await env.mention("sync", user=user)
            assert denied.content == REFUSED_OWNER, (user.username, denied.text)
            dm = await fake.send_dm(user, "sync global", mention_bot=True)
            denied_dm = await fake.wait_for_message(from_bot=True, after=dm, timeout=STEP)
            assert denied_dm.content == REFUSED_OWNER, (user.username, denied_dm.text)
            cases += 2
        # 'sync' without a mention in a DM is a question, not the command
        plain = await fake.send_dm(world.alice, "sync")
        await fake.wait_for_message(from_bot=True, after=plain, timeout=STEP)
        cases += 1
        assert len(fake.sync_calls) == syncs_at_start

        # Allowed: a role named exactly GAPBOT_MOD_ROLE ("Mod"; bob has no Manage Server), Manage Server, and the
        # bot's owner (documented in bot.checks.is_moderator).
        for user in (world.bob, env.admin, boss):
            handle = await fake.invoke_slash("refresh", user=user, channel=world.general, check=user is env.admin)
            await handle.wait_ack(3)
            await fake.wait_for(lambda h=handle: h.original and h.original.embeds
                                and h.original.embeds[0]["title"].startswith("Refresh done"), STEP)
            summary = await env.slash("feedback", user=user, check=user is env.admin)
            assert summary.ephemeral and "answers posted" in summary.text
            cases += 2
        done = await env.mention("sync guild", user=boss)
        assert re.match(r"Synced \d+ commands to this server", done.content), done.content
        assert len(fake.sync_calls) == syncs_at_start + 1
        cases += 1

    # GAPBOT_MOD_ROLE may also be the role's id; a role with another name and that id is then the moderator role.
    staff = guild.add_role("Staff")
    carl = fake.add_user("carl")
    guild.add_member(carl, roles=[world.member_role, staff])
    async with run_bot(env.bot(GAPBOT_MOD_ROLE=str(staff.id)), fake):
        refused = await env.slash("refresh", user=world.bob, check=False)  # "Mod" by name is no longer enough
        assert refused.ephemeral and refused.content.startswith("Only members with Manage Server or the")
        handle = await fake.invoke_slash("refresh", user=carl, channel=world.general, check=False)
        await handle.wait_ack(3)
        await fake.wait_for(lambda: handle.original and handle.original.embeds
                            and handle.original.embeds[0]["title"].startswith("Refresh done"), STEP)
        cases += 2
    assert_no_pings(fake)
    fake.assert_no_violations()
    report(capsys, "permissions", cases=cases)


# ======================================================================================== 2. attachments
def safe_cdn_urls(fake: FakeDiscord, monkeypatch) -> None:
    """The fake serves an attachment at a URL ending in its raw file name, which aiohttp normalises ('../' is
    resolved, a newline is invalid) before the bot could even download it. Real Discord's CDN URL never carries
    the raw name; keep the hostile name in the payload's `filename` (what the bot uses) and give the URL a safe
    tail (the fake looks the bytes up by attachment id)."""
    original = fake._register_attachment

    def register(att, channel_id):
        payload = original(att, channel_id)
        payload["url"] = payload["proxy_url"] = f"{fake.url}/attachments/{channel_id}/{payload['id']}/upload.bin"
        return payload

    monkeypatch.setattr(fake, "_register_attachment", register)


async def refresh_with(env: Env, filename: str, data: bytes, content_type: str = "text/csv"):
    handle = await env.fake.invoke_slash("refresh", {"file": FakeAttachment(filename, data, content_type)},
                                         user=env.admin, channel=env.world.general)
    await handle.wait_ack(3)
    await env.fake.wait_for(lambda: handle.original and handle.original.embeds
                            and not handle.original.content, STEP)
    return handle.original


async def test_refresh_attachments_are_checked_and_confined(bot_env: Env, tmp_path, monkeypatch, capsys) -> None:
    env = bot_env
    fake = env.fake
    safe_cdn_urls(fake, monkeypatch)
    uploads = env.settings.uploads_dir
    before = files_under(tmp_path)
    cases = 0
    async with run_bot(env.bot(), fake) as bot:
        # -- refused, with a reason, and nothing saved ---------------------------------------------------------
        zip_bytes = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 8
        refusals = [
            ("big.csv", b"x" * 30_000, "the limit is 20,000 bytes"),
            ("empty.csv", b"", "the file is empty"),
            ("tool.exe", b"MZ\x90\x00\x03" + bytes(200), "files of type '.exe' are not accepted"),
            ("archive.zip", zip_bytes, "files of type '.zip' are not accepted"),
            ("report.csv.exe", b"MZ\x90\x00", "files of type '.exe' are not accepted"),
            ("README", b"hello", "files of type '(none)' are not accepted"),
            ("archive.csv", zip_bytes, "this is a zip archive, not a text file"),
            ("picture.csv", b"\x89PNG\r\n\x1a\n" + bytes(300), "this is a PNG image, not a text file"),
            ("binary.csv", bytes(range(256)) * 4, "`binary.csv`: "),
            ("utf16.csv", HEADER.encode("utf-16"), "UTF-16"),
            ("../../etc/shadow.exe", b"MZ", "`shadow.exe`: files of type '.exe'"),
        ]
        for name, data, reason in refusals:
            refused = await refresh_with(env, name, data)
            title = refused.embeds[0]["title"]
            assert title == "Upload refused", (name, refused.text)
            assert reason in refused.text and len(refused.text) < 600, (name, refused.text)
            assert str(tmp_path) not in refused.text  # no server paths in Discord
            cases += 1
        assert not uploads.exists() or not list(uploads.iterdir()), list(uploads.iterdir())

        # -- hostile names: sanitised, and the file lands directly in the uploads folder -------------------------
        hostile = [
            ("../../etc/passwd.csv", "passwd.csv"),
            ("..\\x.csv", "x.csv"),
            (f"{tmp_path}/outside/absolute.csv", "absolute.csv"),
            ("C:\\Windows\\System32\\drivers.csv", "drivers.csv"),
            ("....//....//dots.csv", "dots.csv"),
            ("..\uff0f..\uff0ffullwidth.csv", "fullwidth.csv"),  # fullwidth solidus, NFKC -> '/'
            ("nul\x00byte.csv", "nulbyte.csv"),
            ("new\nline.csv", "new_line.csv"),
            (".hidden.csv", "hidden.csv"),  # a dot-file would be skipped by discovery
            ("@everyone <@&1> ping.csv", "everyone_1_ping.csv"),
        ]
        generation = bot.engine.index().manifest.generation
        for i, (name, safe) in enumerate(hostile):
            done = await refresh_with(env, name, upload_csv(f"2025-07-{i + 1:02d}", f"m-{i}"))
            assert done.embeds[0]["title"].startswith("Refresh done: generation"), (name, done.text)
            assert f"`{safe}` saved as a gapbot-csv file" in done.text, (name, done.text)
            assert (uploads / safe).is_file(), (name, sorted(p.name for p in uploads.iterdir()))
            assert str(tmp_path) not in done.text
            generation += 1
            assert bot.engine.index().manifest.generation == generation
            cases += 1
        landed = sorted(p.name for p in uploads.iterdir())
        assert landed == sorted(s for _, s in hostile)  # nothing else, no temporary or hidden leftovers
        new_files = files_under(tmp_path) - before
        outside = [p for p in new_files if uploads not in p.parents and p.suffix == ".csv"]
        assert not outside, outside  # the traversals went nowhere
        assert not any(env.settings.data_dir not in p.parents for p in new_files), new_files

        # -- the same file twice: reported as unchanged, no new records -------------------------------------------
        rows_col = bot.engine.store.rows()
        data = upload_csv("2025-08-01", "dup-model")
        first = await refresh_with(env, "dup.csv", data)
        assert first.embeds[0]["title"].startswith("Refresh done: generation"), first.text
        generation = bot.engine.index().manifest.generation
        records, served = rows_col.count(), len(bot.engine.index().rows)
        for name in ("dup.csv", "dup-again.csv", "../dup.csv"):
            same = await refresh_with(env, name, data)
            assert same.embeds[0]["title"] == "Refresh: nothing changed", (name, same.text)
            assert "`dup.csv`" in same.text and "unchanged" in same.text, same.text
            cases += 1
        assert bot.engine.index().manifest.generation == generation
        assert rows_col.count() == records and len(bot.engine.index().rows) == served
        assert sum(1 for p in uploads.iterdir() if p.read_bytes() == data) == 1

        # -- a byte-for-byte copy of a corpus file adds nothing either (it would double that board's rows) -----------
        corpus_file = Path(env.values["GAPBOT_CORPUS_DIR"]) / "livebench-2025-06-15.csv"
        copy = await refresh_with(env, "my-livebench.csv", corpus_file.read_bytes())
        assert copy.embeds[0]["title"] == "Refresh: nothing changed", copy.text
        assert "livebench-2025-06-15.csv" in copy.text and str(tmp_path) not in copy.text
        assert len(bot.engine.index().rows) == served and not (uploads / "my-livebench.csv").exists()
        cases += 1
    assert_no_pings(fake)
    fake.assert_no_violations()
    report(capsys, "attachments", cases=cases, faults=len(refusals) + len(hostile))


# ======================================================================================== 3. Chroma server down
def start_chroma(path: Path, port: int) -> subprocess.Popen:
    exe = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    return subprocess.Popen([exe, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def wait_port(port: int, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("chroma run exited at start-up") from None
            await asyncio.sleep(0.1)
    raise TimeoutError(f"chroma run did not listen on {port} within {timeout}s")


async def stop_chroma(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGCONT)  # in case a test froze it
        proc.terminate()
    try:
        await asyncio.to_thread(proc.wait, 15)
    except subprocess.TimeoutExpired:
        proc.kill()
        await asyncio.to_thread(proc.wait, 15)


ERROR_DEADLINE = 10.0  # seconds from the question to the user-visible error, Chroma being down


@pytest.fixture
def server_env(chroma_server, fake_discord: FakeDiscord, tmp_path):
    """A world, and a corpus (a snapshot + an article) ingested into the `chroma_server` with the hash embedder."""
    from ingest.pipeline import run_ingest

    world = build_world(fake_discord)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "livebench-2025-06-15.csv").write_text(snapshot_csv("2025-06-15"))
    (corpus / "why-open-models-catch-up.md").write_text(ARTICLE)
    values = {"GAPBOT_CORPUS_DIR": str(corpus), "GAPBOT_DEV_GUILD": str(world.guild.id),
              "CHROMA_HOST": chroma_server["host"], "CHROMA_PORT": str(chroma_server["port"]),
              "GAPBOT_COOLDOWN_RATE": "100", "GAPBOT_COOLDOWN": "10"}
    settings = make_settings(tmp_path / "data", **values)
    report_ = run_ingest(settings, [corpus], feeds=False, embedder=HashEmbedder())
    assert not report_.rejected and len(report_.files_added) == 2, report_
    env_ = Env(fake_discord, world, tmp_path / "data", values, None)
    return env_, chroma_server


def remote_bot(env: Env, interval: float = 0.5):
    engine = Engine(env.settings, embedder=HashEmbedder(), check_interval_s=interval)
    return create_bot(env.settings, engine, FeedbackStore.in_data_dir(env.settings.data_dir))


WHY = "why are open models catching up?"
GAP = "how far behind are open models on coding?"


async def timed_slash(env: Env, name: str, options: dict, deadline: float = ERROR_DEADLINE):
    started = time.monotonic()
    response = await env.slash(name, options, timeout=deadline)
    return response, time.monotonic() - started


def assert_store_error(text: str) -> None:
    """A short, clear sentence: says the store is unreachable; no traceback, no exception dump."""
    assert "Chroma server" in text and ("not reachable" in text or "cannot open" in text), text
    assert "Traceback" not in text and "File \"" not in text and len(text) < 300, text


@pytest.mark.slow
async def test_chroma_server_stopped_and_restarted_under_the_bot(server_env, caplog, capsys) -> None:
    env, server = server_env
    fake = env.fake
    port, path = server["port"], server["path"]
    proc = server["proc"]
    cases = faults = lost = 0
    timings: list[float] = []

    async def works(phase: str) -> None:
        nonlocal cases, lost
        why, _ = await timed_slash(env, "ask", {"question": WHY}, STEP)
        gap, _ = await timed_slash(env, "ask", {"question": GAP}, STEP)
        struct, _ = await timed_slash(env, "gap", {"category": "coding"}, STEP)
        reply = await env.mention(GAP)
        ok = ["Why open models catch up" in why.text, gap.embed and "7 points behind" in gap.embed["title"],
              struct.embed and "7 points behind" in struct.embed["title"],
              reply.embeds and "7 points behind" in reply.embeds[0]["title"]]
        lost += ok.count(False)
        assert all(ok), (phase, why.text, gap.text, struct.text, reply.text)
        cases += 4

    async def fails(phase: str) -> None:
        nonlocal cases
        why, t1 = await timed_slash(env, "ask", {"question": WHY})  # needs the store at once
        await asyncio.sleep(0.6)  # past the engine's cache interval: every question reads the manifest
        gap, t2 = await timed_slash(env, "ask", {"question": GAP})
        struct, t3 = await timed_slash(env, "gap", {"category": "coding"})
        started = time.monotonic()
        reply = await env.mention(GAP)
        t4 = time.monotonic() - started
        for response in (why, gap, struct):
            assert response.ephemeral and not response.embeds, (phase, response.text)
            assert_store_error(response.content)
        assert_store_error(reply.content)
        timings.extend((t1, t2, t3, t4))
        assert max(t1, t2, t3, t4) < ERROR_DEADLINE
        cases += 4

    try:
        async with run_bot(remote_bot(env), fake) as bot:
            await works("before")

            # 1. the server dies under the running bot; questions fail clearly; it comes back on the same port/path
            await stop_chroma(proc)
            faults += 1
            with caplog.at_level(logging.INFO):
                await fails("server stopped")
            assert not [r for r in caplog.records if r.levelno >= logging.ERROR], "store errors are not bugs"
            proc = start_chroma(path, port)
            await wait_port(port, proc)
            await works("after restart")  # the same bot: no restart needed

            # 2. a restart nobody noticed (no question while it was down)
            await stop_chroma(proc)
            proc = start_chroma(path, port)
            await wait_port(port, proc)
            faults += 1
            await asyncio.sleep(0.6)
            await works("after an unnoticed restart")
            assert bot.is_ready()

        # 3. the bot starts while the server is down: it starts anyway, says what is wrong, recovers later
        await stop_chroma(proc)
        faults += 1
        async with run_bot(remote_bot(env), fake):
            await fails("down at start-up")
            proc = start_chroma(path, port)
            await wait_port(port, proc)
            await works("up after start-up")
    finally:
        await stop_chroma(proc)
    assert_no_pings(fake)
    fake.assert_no_violations()
    report(capsys, "chroma stop/restart", cases=cases, faults=faults, lost=lost,
           extra=f"worst time to a store error {max(timings) * 1000:.0f} ms")


@pytest.mark.slow
async def test_frozen_chroma_server_answers_within_a_deadline(server_env, capsys) -> None:
    env, server = server_env
    proc = server["proc"]
    async with run_bot(remote_bot(env), env.fake):
        ok = await env.slash("ask", {"question": WHY})
        assert "Why open models catch up" in ok.text
        proc.send_signal(signal.SIGSTOP)  # the server process hangs: connections open, nothing answers
        response = None
        try:
            handle = await env.fake.invoke_slash("ask", {"question": WHY}, user=env.world.alice,
                                                 channel=env.world.general)
            await handle.wait_ack(3)
            with contextlib.suppress(InteractionTimeout):
                response = await handle.wait_response(ERROR_DEADLINE)
        finally:
            proc.send_signal(signal.SIGCONT)
        if response is None:
            await handle.wait_response(STEP)  # thawed: the stuck question finishes before the bot closes
            pytest.fail(f"no answer within {ERROR_DEADLINE} s while the Chroma server was frozen")
        assert response.ephemeral and "Chroma" in response.content


# ======================================================================================== 4. gateway drops
async def test_gateway_drop_resume_and_answer(bot_env: Env, capsys) -> None:
    env = bot_env
    fake, world = env.fake, env.world
    cases = faults = lost = 0
    async with run_bot(env.bot(), fake) as bot:
        for how in ({"code": 4000}, {"abrupt": True}, {"code": 1011}):
            resumes = fake.resumes
            await fake.drop_gateway(**how)
            faults += 1
            await fake.wait_resumed(STEP, count=resumes + 1)
            answer = await env.slash("ask", {"question": GAP})
            cases += 1
            if not (answer.embed and "7 points behind" in answer.embed["title"]):
                lost += 1
            assert answer.embed["title"].startswith("Coding on LiveBench"), (how, answer.text)

        # events sent while the bot is disconnected are replayed on RESUME and answered
        resumes = fake.resumes
        await fake.drop_gateway(hold=True)
        faults += 1
        await asyncio.sleep(0.2)
        question = await fake.send_message(world.general, world.alice, GAP, mention_bot=True)
        dm = await fake.send_dm(world.bob, "which open model is best at math?")
        fake.release_gateway()
        await fake.wait_resumed(STEP, count=resumes + 1)
        replies = [await fake.wait_for_message(from_bot=True, after=question, channel=world.general, timeout=STEP),
                   await fake.wait_for_message(from_bot=True, after=dm, channel=fake.dm_channel(world.bob),
                                               timeout=STEP)]
        cases += 2
        assert replies[0].embeds[0]["title"].startswith("Coding on LiveBench")
        assert "Math" in replies[1].embeds[0]["title"]
        assert fake.replayed_events >= 2
        assert fake.identifies == 1  # resumed every time, never re-identified
        assert bot.is_ready() and bot.lag.running
    assert_no_pings(fake)
    fake.assert_no_violations()
    report(capsys, "gateway drops", cases=cases, faults=faults, lost=lost,
           extra=f"{fake.resumes} resumes, {fake.replayed_events} events replayed")


# ======================================================================================== 5. load
QUESTIONS = [GAP, "which open model is best overall?", "is the gap on math shrinking?",
             "how does GPT-5 compare to Qwen 3?", WHY, "how far behind are open models on math?",
             "which open model is best at coding?", "when did open models catch up with Claude X?"]


class GatedEmbedder(SlowEmbedder):
    """SlowEmbedder's pure-Python CPU work (holding the GIL in slices, like a real model's tokenizer), for as long
    as the test keeps the gate closed: the refresh is certainly running while the questions are asked."""

    def __init__(self) -> None:
        super().__init__(0.0)
        self.gate = threading.Event()

    def embed_documents(self, texts):
        self.started.set()
        end = time.perf_counter() + 2 * STEP  # bounded even if a test forgets to open the gate
        x = 0
        while not self.gate.is_set() and time.perf_counter() < end:
            x += sum(i * i for i in range(2000))
        return super().embed_documents(texts)


async def test_200_concurrent_questions_during_a_refresh(bot_env: Env, capsys) -> None:
    env = bot_env
    fake, world = env.fake, env.world
    users = [fake.add_user(f"user{i}") for i in range(40)]  # 5 questions each: well within the cooldown
    for u in users:
        world.guild.add_member(u, roles=[world.member_role])
    embedder = GatedEmbedder()
    give_the_refresh_text_to_embed(env)
    async with run_bot(env.bot(embedder=embedder), fake) as bot:
        await asyncio.sleep(0.3)
        try:
            refresh = await fake.invoke_slash("refresh", {"file": FakeAttachment("late.csv",
                                                                                 NEW_SNAPSHOT.encode())},
                                              user=env.admin, channel=world.general)
            await refresh.wait_ack(3)
            await fake.wait_for(embedder.started.is_set, STEP)
            bot.lag.reset()
            loop_start = asyncio.get_running_loop().time()
            started = time.monotonic()
            # One websocket delivers events one after the other; yielding between them keeps the fake (which
            # shares this event loop) from sending all 200 in one loop iteration, which would show as the bot's lag.
            handles = []
            for i in range(200):
                handles.append(await fake.invoke_slash("ask", {"question": QUESTIONS[i % len(QUESTIONS)]},
                                                       user=users[i % len(users)], channel=world.general))
                await asyncio.sleep(0)
            sent_in = time.monotonic() - started
            results = await asyncio.gather(*(h.wait_response(60) for h in handles), return_exceptions=True)
            elapsed = time.monotonic() - started
            during = bot.refresh_lock.locked() and not embedder.finished.is_set()
            worst_lag, samples = bot.lag.worst_lag_ms, bot.lag.samples
            window = sorted(lag for at, lag in bot.lag.history if at >= loop_start)
        finally:
            embedder.gate.set()
        await fake.wait_for(lambda: refresh.original.embeds
                            and refresh.original.embeds[0]["title"].startswith("Refresh done"), STEP)
        after = await env.slash("ask", {"question": "which open model is best overall on the uploaded board?"})
        assert "Llama 5" in after.embed["title"]  # the refresh's data (an upload: named), right after it

    answered = [r for r in results if not isinstance(r, BaseException) and r.embed and r.embed.get("title")
                and not r.ephemeral]
    lost = 200 - len(answered)
    acks = sorted(h.ack_latency for h in handles if h.ack_latency is not None)
    expired = [h for h in handles if h.missed_deadline or h.late_callbacks]
    p50, p95 = statistics.median(acks), acks[int(len(acks) * 0.95) - 1]
    lag_p99 = window[int(len(window) * 0.99) - 1] if window else 0.0
    with capsys.disabled():
        print(f"\n[reliability] load: 200 /ask sent in {sent_in:.1f} s and all answered in {elapsed:.1f} s while a "
              f"/refresh ran (still running at the end: {during}): ack p50 {p50 * 1000:.0f} ms / p95 "
              f"{p95 * 1000:.0f} ms / max {acks[-1] * 1000:.0f} ms; event-loop lag worst {worst_lag:.0f} ms, p99 "
              f"{lag_p99:.0f} ms ({samples} samples; the fake shares the loop); answers lost {lost}; "
              f"10062 violations {len(fake.violations_of('interaction_expired'))}")
    assert during, "the refresh ended before the questions were answered: nothing was tested under it"
    assert len(acks) == 200 and acks[-1] < 3.0 and not expired
    assert lost == 0, [r for r in results if isinstance(r, BaseException)][:3]
    assert worst_lag < 3000, worst_lag  # a loop blocked for 3 s would miss interaction deadlines
    fake.assert_no_violations()
    report(capsys, "load", cases=201, faults=0, lost=lost)


# ======================================================================================== 6. secrets
SECRET_TOKEN = "MTE5OTk5OTk5OTk5OTk5OTk5.GsEcRt.discord-TOKEN-7f3a9c1e5b"
SECRET_KEY = "sk-proj-SECRETKEY-0123456789abcdefABCDEF"
SECRET_LLM = "openai:gpt-4o-mini-secret-deployment"

LAUNCHER = r"""
import os, runpy, sys
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

Route.BASE = os.environ["FAKE_API"]
DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["FAKE_GATEWAY"])

import gapbot.embeddings
import gapbot.retrieval
from gapbot.engine import Engine
from gapbot.errors import StoreUnavailable

gapbot.embeddings.make_embedder = lambda settings: gapbot.embeddings.HashEmbedder()
token, key = os.environ["DISCORD_TOKEN"], os.environ["OPENAI_API_KEY"]

def broken_sources(self):  # an unexpected error whose message holds the secrets
    raise RuntimeError(f"connection to https://api.example.com failed: Authorization: Bot {token}; key={key}")

def broken_retrieve(*args, **kwargs):  # a user-facing error whose message holds the secrets
    raise StoreUnavailable(f"cannot open the Chroma server https://gapbot:{key}@chroma.internal:8000 ({token})")

Engine.sources = broken_sources
gapbot.retrieval.retrieve = broken_retrieve
sys.argv = ["bot"]
runpy.run_module("bot", run_name="__main__", alter_sys=True)
"""


def request_bodies(fake: FakeDiscord) -> str:
    parts = []
    for r in fake.requests:
        parts.append(json.dumps(r.json))
        parts += [f.data.decode("utf-8", "replace") + f.filename for f in r.files]
    return "\n".join(parts)


def assert_clean(text: str, where: str) -> None:
    for secret in (SECRET_TOKEN, SECRET_KEY, SECRET_LLM, "GsEcRt", "SECRETKEY"):
        assert secret not in text, f"{secret!r} leaked in {where}"


async def test_secrets_never_reach_logs_or_messages_in_process(fake_discord_factory, corpus_template, tmp_path, caplog,
                                                               monkeypatch, capsys) -> None:
    fake = await fake_discord_factory(token=SECRET_TOKEN)
    world = build_world(fake)
    shutil.copytree(corpus_template / "data", tmp_path / "data")
    env_ = Env(fake, world, tmp_path / "data", {"GAPBOT_CORPUS_DIR": str(corpus_template / "corpus"),
                                                "GAPBOT_DEV_GUILD": str(world.guild.id), "DISCORD_TOKEN": SECRET_TOKEN,
                                                "GAPBOT_LLM": SECRET_LLM}, None)
    monkeypatch.setenv("OPENAI_API_KEY", SECRET_KEY)
    with caplog.at_level(logging.DEBUG):
        async with run_bot(env_.bot(), fake) as bot:
            answer = await env_.slash("ask", {"question": GAP})  # GAPBOT_LLM set: the polish fails, is logged
            assert answer.embed["title"].startswith("Coding on LiveBench")

            def broken():
                raise RuntimeError("database on fire")

            bot.engine.sources = broken
            failed = await env_.slash("sources")
            assert failed.ephemeral and failed.content.startswith("Something went wrong")
            reply = await env_.mention(GAP)
            assert reply.embeds
    logged = caplog.text  # every record at DEBUG and up, formatted, tracebacks included
    assert "database on fire" in logged and "LLM polish skipped" in logged  # the faults were logged...
    assert_clean(logged, "in-process log records")  # ...without the secrets
    assert_clean("\n".join(m.text for m in fake.messages(include_deleted=True)), "messages")
    assert_clean(request_bodies(fake), "REST request bodies")
    fake.assert_no_violations()
    report(capsys, "secrets (in process)", cases=3, faults=2)


async def test_secrets_never_reach_logs_or_messages_python_m_bot(fake_discord_factory, corpus_template, tmp_path,
                                                                 capsys) -> None:
    fake = await fake_discord_factory(token=SECRET_TOKEN)
    world = build_world(fake)
    shutil.copytree(corpus_template / "data", tmp_path / "data")
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "SYSTEMROOT", "TMPDIR")}
    env.update(PYTHONPATH=str(REPO), HF_HUB_OFFLINE="1", GAPBOT_DEBUG="1", PYTHONUNBUFFERED="1",
               DISCORD_TOKEN=SECRET_TOKEN, OPENAI_API_KEY=SECRET_KEY, GAPBOT_LLM=SECRET_LLM,
               GAPBOT_DATA_DIR=str(tmp_path / "data"), GAPBOT_CORPUS_DIR=str(corpus_template / "corpus"),
               GAPBOT_DEV_GUILD=str(world.guild.id), FAKE_API=fake.api_base, FAKE_GATEWAY=fake.gateway_url,
               GAPBOT_STALE_AFTER_DAYS="36500",  # the 2025 test boards are not "old data" here
               # the launcher's faults are made in the bot's own process: its engine answers there
               # (tests/test_answer_process.py checks the answer process's log)
               GAPBOT_ANSWER_PROCESS="false")
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", LAUNCHER, cwd=tmp_path, env=env,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
                                                limit=2**22)
    out_lines: list[str] = []
    err_lines: list[str] = []

    async def pump(stream: asyncio.StreamReader, sink: list[str]) -> None:
        async for raw in stream:
            sink.append(raw.decode("utf-8", "replace"))

    pumps = [asyncio.create_task(pump(proc.stdout, out_lines)), asyncio.create_task(pump(proc.stderr, err_lines))]

    async def logged(text: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while not any(text in line for line in err_lines):
            if proc.returncode is not None or time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not logged; stderr:\n{''.join(err_lines)[-3000:]}")
            await asyncio.sleep(0.05)

    env_ = Env(fake, world, tmp_path / "data", {"GAPBOT_CORPUS_DIR": str(corpus_template / "corpus")}, None)
    try:
        await logged("ready as")  # on_ready: connected, guilds received, commands synced to the dev guild
        assert fake.commands(world.guild)
        answer = await env_.slash("ask", {"question": GAP})  # GAPBOT_LLM set: the polish fails and is logged
        assert answer.embed["title"].startswith("Coding on LiveBench")
        failed = await env_.slash("sources")  # unexpected error: generic reply, traceback logged
        assert failed.ephemeral and failed.content.startswith("Something went wrong")
        store = await env_.slash("ask", {"question": WHY})  # user-facing store error quoting the secrets
        assert store.ephemeral and "Chroma server" in store.content, store.text
        mention = await env_.mention(WHY)  # the same error through a mention
        assert "Chroma server" in mention.content, mention.text
        await logged("/sources failed")
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)  # how `docker stop` stops it
        try:
            await asyncio.wait_for(proc.wait(), 30)
        except TimeoutError:
            proc.kill()
            await proc.wait()
        await asyncio.gather(*pumps)
    stderr, stdout = "".join(err_lines), "".join(out_lines)
    assert "LLM polish skipped" in stderr and "RuntimeError" in stderr, stderr[-3000:]
    assert "[REDACTED]" in stderr  # the injected secrets were there, and were hidden
    assert_clean(stderr + stdout, "the bot's stderr/stdout")
    assert_clean("\n".join(m.text for m in fake.messages(include_deleted=True)), "messages")
    assert_clean(request_bodies(fake), "REST request bodies")
    assert proc.returncode == 0, (proc.returncode, stderr[-2000:])  # SIGTERM: a clean shutdown
    assert "stopped" in stderr
    closes = [c.close_code for c in fake.gateway_connections if c.closed_by == "client"]
    assert 1000 in closes, fake.gateway_connections  # the gateway was closed cleanly, not dropped
    fake.assert_no_violations()
    report(capsys, "secrets (python -m bot)", cases=5, faults=3,
           extra=f"{len(stderr.splitlines())} log lines checked, {stderr.count('[REDACTED]')} redactions")


# ======================================================================================== 7. mentions
async def test_mentions_in_questions_never_ping(bot_env: Env, monkeypatch, capsys) -> None:
    env = bot_env
    fake, world = env.fake, env.world
    safe_cdn_urls(fake, monkeypatch)
    role, bob = world.mod_role, world.bob
    hostile = [f"@everyone {GAP}", f"@here {WHY}", f"<@&{role.id}> which open model is best at math?",
               f"<@{bob.id}> <@!{bob.id}> is the gap on coding shrinking?",
               f"@everyone @here <@&{role.id}> <@{bob.id}> <@{fake.bot_user.id}> hello",
               f"<@&{role.id}>", "@everyone", f"how does <@{bob.id}> compare to @here?"]
    cases = 0
    async with run_bot(env.bot(), fake):
        for text in hostile:
            await env.slash("ask", {"question": text[:1000]})
            await env.mention(text)
            dm = await fake.send_dm(world.alice, text)
            await fake.wait_for_message(from_bot=True, after=dm, timeout=STEP)
            await env.mention(text, channel=world.thread, user=bob)
            cases += 4
        # a reply (pinging the bot) to one of its answers, a user error that echoes the input, a refusal
        answer = await env.mention(GAP)
        follow = await fake.send_message(world.general, world.alice, f"@everyone <@&{role.id}> and on math?",
                                         reference=answer, reply_ping=True)
        await fake.wait_for_message(from_bot=True, after=follow, timeout=STEP)
        echoed = await env.slash("model", {"name": f"@everyone <@&{role.id}> <@{bob.id}>"})
        assert echoed.ephemeral and "I don't know a model called" in echoed.content
        refused = await env.slash("refresh", user=world.alice, check=False)
        assert refused.ephemeral
        uploaded = await refresh_with(env, f"@everyone <@&{role.id}> <@{bob.id}>.csv", upload_csv("2025-09-09"))
        assert uploaded.embeds[0]["title"].startswith("Refresh done")
        cases += 4
    checked = assert_no_pings(fake)
    # and the text itself is defanged: nothing that looks like a live mention survives in what the bot wrote
    for m in fake.bot_messages(include_deleted=True):
        blob = json.dumps({"content": m.content, "embeds": m.embeds})
        assert "@everyone" not in blob and "@here" not in blob and f"<@&{role.id}>" not in blob, blob
        assert f"<@{bob.id}>" not in blob and f"<@!{bob.id}>" not in blob, blob
    fake.assert_no_violations()
    report(capsys, "mentions", cases=cases, extra=f"{checked} bot messages checked, 0 pings")
