"""Questions answered in a process of their own (bot/answerer.py, bot/answer_process.py): the same answers as in
the bot's own process, a crash or a hang of that process survived (the question it was on gets an error reply,
the others are answered, nothing waits forever), and a /refresh's new generation reaching it. The real bot against
the fake Discord, on the tiny data folder of tests/test_bot_e2e.py; the child uses the real ONNX embedding model."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
from test_bot_e2e import (  # noqa: F401 - template: the session's data folder fixture
    NEW_SNAPSHOT,
    STEP,
    Env,
    give_the_refresh_text_to_embed,
    make_env,
    refresh_with,
    template,
)

from bot.answerer import AnswerProcess, AnswerProcessError, answer_env
from bot.client import create_bot
from bot.feedback import FeedbackStore
from gapbot.compose import compose
from gapbot.engine import Engine

from fakediscord import FakeDiscord, World, run_bot

pytest_plugins = ("fakediscord.fixtures",)

QUESTIONS = ["How far behind is the best open model on coding?", "and on math?", "is it shrinking?",
             "which open model is best overall?", "top 3 proprietary models", "how does Qwen 3 compare to GPT-5?",
             "what's the weather like?"]
# (no article question: the tiny data folder's passages were embedded by the hash embedder, the child has the real
# model, whose vectors do not fit them; tests/test_explain_e2e.py covers article answers)


@pytest.fixture
def env(fake_discord: FakeDiscord, discord_world: World, template, tmp_path) -> Env:  # noqa: F811
    return make_env(fake_discord, discord_world, template, tmp_path)


def process_bot(env: Env):
    """A bot that builds its own engine, as `python -m bot` does: its questions go to an answer process."""
    settings = env.settings
    return create_bot(settings, feedback=FeedbackStore.in_data_dir(settings.data_dir))


async def wait_until(check, timeout: float = STEP) -> None:
    async with asyncio.timeout(timeout):
        while not check():
            await asyncio.sleep(0.02)


async def test_answers_are_the_same_as_in_the_bots_own_process(env: Env) -> None:
    settings = env.settings
    engine = Engine(settings)
    child = AnswerProcess(answer_env(settings))
    try:
        await child.start()
        assert child.proc is not None and child.embedding_model == engine.embedding_model
        previous = None
        for question in QUESTIONS:
            result, query = engine.ask(question, previous)
            here = (compose(result, settings.llm, settings.link_host_set), query)
            there = await child.ask(question, previous)
            assert there == here, question
            previous = query
        assert await child.run(query) == (engine.run(query), compose(engine.run(query),
                                                                      link_hosts=settings.link_host_set))
        texts = ["open models catch up", "a second text"]
        assert np.allclose(await child.embed(texts), engine.embed_documents(texts), atol=1e-6)
    finally:
        await child.close()
    assert child.proc is None or child.proc.returncode is not None


async def test_a_crash_fails_the_question_it_was_on_and_the_others_are_answered(env: Env) -> None:
    fake, world = env.fake, env.world
    async with run_bot(process_bot(env), fake) as bot:
        answerer = bot.answerer
        assert answerer is not None
        first = await env.slash("ask", {"question": "which open model is best overall?"})
        assert "Qwen 3" in first.embed["title"]
        pid = answerer.proc.pid
        os.kill(pid, signal.SIGSTOP)  # holds both questions below, sent and unanswered, until it is killed
        try:
            doomed = await fake.invoke_slash("ask", {"question": "how far behind are open models on coding?"},
                                             user=world.alice, channel=world.general)
            await wait_until(lambda: answerer.in_flight == 1)
            spared = await fake.invoke_slash("ask", {"question": "how far behind are open models on math?"},
                                             user=world.bob, channel=world.general)
            await wait_until(lambda: answerer.in_flight == 2)
        finally:
            os.kill(pid, signal.SIGKILL)
        failed = await doomed.wait_response(STEP)
        assert "stopped while answering" in failed.text and not failed.embeds, failed.text
        answered = await spared.wait_response(STEP)
        assert answered.embed["title"].startswith("Math on LiveBench"), answered.text
        assert answerer.crashes == 1 and answerer.proc is not None and answerer.proc.pid != pid
        again = await env.slash("ask", {"question": "how far behind are open models on coding?"}, user=world.alice)
        assert again.embed["title"].startswith("Coding on LiveBench")
    fake.assert_no_violations()


async def test_a_hung_answer_process_is_killed_and_replaced(env: Env) -> None:
    child = AnswerProcess(answer_env(env.settings), answer_timeout_s=1.0)
    try:
        await child.start()
        stuck = child.proc.pid
        os.kill(stuck, signal.SIGSTOP)
        with pytest.raises(AnswerProcessError):
            await child.ask("which open model is best overall?", None)
        words, _query = await child.ask("which open model is best overall?", None)
        assert "Qwen 3" in words.headline and child.proc.pid != stuck and child.crashes == 1
    finally:
        await child.close()


async def test_a_refresh_batch_stuck_in_the_answer_process_fails_and_a_new_one_embeds(env: Env) -> None:
    child = AnswerProcess(answer_env(env.settings), answer_timeout_s=0.5, embed_timeout_s=1.0)
    try:
        await child.start()
        stuck = child.proc.pid
        os.kill(stuck, signal.SIGSTOP)
        with pytest.raises(AnswerProcessError, match="embedding the refresh's texts took over 1 s"):
            # (bounded: without the embed timeout this call would wait forever)
            await asyncio.wait_for(child.embed(["open models trail on coding"]), 60)
        vectors = await child.embed(["open models trail on coding"])
        assert len(vectors) == 1 and len(vectors[0]) == 384
        assert child.proc.pid != stuck and child.crashes == 1
    finally:
        await child.close()


async def test_a_refresh_reaches_the_answer_process(env: Env) -> None:
    give_the_refresh_text_to_embed(env)  # embedded by the answer process's model, for the refresh process
    async with run_bot(process_bot(env), env.fake) as bot:
        await bot.answerer.start()
        before = bot.answerer.generation
        done = await refresh_with(env, "new-snapshot.csv", NEW_SNAPSHOT.encode())
        assert done.embeds[0]["title"].startswith("Refresh done: generation"), done.text
        assert bot.answerer.generation == bot.engine.index().manifest.generation != before
        after = await env.slash("ask", {"question": "which open model is best overall on the uploaded board?"})
        assert "Llama 5" in after.embed["title"]
    env.fake.assert_no_violations()



async def test_an_answer_process_that_cannot_start_fails_the_questions_and_is_tried_again(env: Env) -> None:
    # a setting the child cannot read: it ends at start-up (the bot's own process would not have started either)
    child = AnswerProcess({**answer_env(env.settings), "GAPBOT_COOLDOWN_RATE": "many"})
    try:
        for _ in range(2):  # each question tries a new one; none waits for a child that will never answer
            with pytest.raises(AnswerProcessError, match="ended at start"):
                await child.ask("which open model is best overall?", None)
        assert child.starts == 2 and child.proc is None
    finally:
        await child.close()


_ORPHAN_CHILD = ("import os, time; from bot.answer_process import exit_when_orphaned; "
                 "exit_when_orphaned(os.getppid(), 0.05); print('ready', flush=True); time.sleep(120)")
_ORPHAN_PARENT = ("import subprocess, sys, time; c = subprocess.Popen([sys.executable, '-c', sys.argv[1]], "
                  "stdout=subprocess.PIPE, text=True); c.stdout.readline(); print(c.pid, flush=True); time.sleep(120)")


def _gone(pid: int) -> bool:
    """Exited: no such process, or a zombie nobody has reaped yet (a container's init may never reap it)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_the_answer_process_ends_when_the_bot_is_killed() -> None:
    # The end of its input ends it too, but not while a question holds its main thread: the bot SIGKILLed then
    # must not leave it behind.
    parent = subprocess.Popen([sys.executable, "-c", _ORPHAN_PARENT, _ORPHAN_CHILD], stdout=subprocess.PIPE,
                              text=True)
    child = int(parent.stdout.readline())
    try:
        time.sleep(0.3)
        assert not _gone(child), "the watch must not end it while the bot lives"
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 20
        while not _gone(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _gone(child), "the answer process outlived the bot"
    finally:
        if not _gone(child):
            os.kill(child, signal.SIGKILL)
        parent.stdout.close()
