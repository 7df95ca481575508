"""Answers from a process of their own: the engine (index, embedding model, intent model) lives in a child process
(`python -m bot.answer_process`); the bot's process does the Discord I/O and packs the words into embeds.

Why a process: answering is mostly Python holding the GIL. In the bot's process every socket write or `select` of the
event loop gave the GIL away, and taking it back meant waiting for the answer thread to hand it over (CPython's
switch interval), once per system call: with 200 questions queued during a `/refresh` the loop's worst lag was
15-60 ms of which most was neither its own CPU nor waiting for a core. A child holds its own GIL, and runs at a lower
CPU priority (it cannot keep the loop waiting for a lock in return), so the loop only competes for the cores.

Both sides speak length-prefixed pickles over the child's stdin/stdout (our own child, same code: results are the
core's typed data, `Result`, `Words`, `Query`). Requests carry an id; the child answers questions one at a time in
the order sent, and embeds a refresh's texts (for the refresh process) and loads a switched generation on threads of
its own, so neither holds up the answers.

A crash or a kill of the child fails the question it was answering (the oldest one sent: the error reply says so),
sends the ones it had not started to a new child, and the bot goes on. A child that does not answer within
`ANSWER_TIMEOUT_S` is killed the same way; so is one that embeds a refresh's batch for `EMBED_TIMEOUT_S` (the batch
fails, so the refresh reports an error instead of waiting forever).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import pickle
import struct
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gapbot.errors import GapbotError
from ingest.spawn import Child, spawn

log = logging.getLogger(__name__)
HEADER = struct.Struct(">I")  # a frame: its length, then a pickle
START_TIMEOUT_S = 120.0  # imports, the served index, the embedding and intent models
ANSWER_TIMEOUT_S = 60.0  # the oldest question sent, unanswered this long: the child is stuck, kill it
# One batch of a refresh's texts (the refresh embeds a batch at a time: seconds) not back in this long: stuck.
EMBED_TIMEOUT_S = 300.0
ANSWER_OPS = ("ask", "choose", "run")  # answered in order, one at a time: the oldest sent is the one in progress
# Below the event loop's priority: an answer waits for a core rather than the loop (like the refresh process, which
# runs at +10). Unlike a niced thread of the bot's own process, a niced process holds no lock the loop needs.
NICE = 5


class AnswerProcessError(GapbotError):
    """The answer process died or hung while answering this question (or could not start)."""


@dataclass
class _Call:
    op: str
    args: tuple
    future: asyncio.Future
    sent_to: int = 0  # which child (its start count) was sent it; 0: not sent yet
    sent_at: float = field(default=0.0)


def write_frame(out, obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(HEADER.pack(len(data)) + data)


class AnswerProcess:
    """The bot's side: start the child, send it calls, match the replies, survive its death."""

    def __init__(self, env: dict[str, str], *, nice: int = NICE, start_timeout_s: float = START_TIMEOUT_S,
                 answer_timeout_s: float = ANSWER_TIMEOUT_S, embed_timeout_s: float = EMBED_TIMEOUT_S) -> None:
        self.env = env
        self.embed_timeout_s = embed_timeout_s
        self.nice = nice
        self.start_timeout_s = start_timeout_s
        self.answer_timeout_s = answer_timeout_s
        self.proc: Child | None = None
        self.starts = 0  # children started; each call remembers which one it was sent to
        self.crashes = 0
        self.generation: int | None = None  # the generation the child loaded last (its `ready` or `reload`)
        self.embedding_model: str | None = None  # the name its vectors are stored under (the refresh needs it)
        self._calls: dict[int, _Call] = {}  # in the order sent
        self._ids = 0
        self._ready = False
        self._starting: asyncio.Task | None = None
        self._reader: asyncio.Task | None = None
        self._closed = False
        self._answered_at = 0.0  # when the child last sent an answer back: the next one in order began then

    # -- the calls the bot makes ---------------------------------------------------------------------------------
    async def ask(self, question: str, previous):
        return await self.call("ask", question, previous)

    async def choose(self, query, intent: str):
        return await self.call("choose", query, intent)

    async def run(self, query):
        return await self.call("run", query)

    async def embed(self, texts: list[str]) -> list[list[float]]:
        return await self.call("embed", texts)

    async def reload(self) -> int | None:
        """A refresh switched the served generation: the child loads it (on a thread of its own: the answers go on
        from the previous one meanwhile)."""
        self.generation = await self.call("reload")
        return self.generation

    def embedder_for(self, loop: asyncio.AbstractEventLoop) -> Callable[[list[str]], list[list[float]]]:
        """A blocking `embed` for the refresh process's driver (run in an executor thread)."""
        def embed(texts: list[str]) -> list[list[float]]:
            return asyncio.run_coroutine_threadsafe(self.embed(texts), loop).result()

        return embed

    async def call(self, op: str, *args: Any) -> Any:
        if self._closed:
            raise AnswerProcessError("the bot is closing")
        self._ids += 1
        call_id = self._ids
        future = asyncio.get_running_loop().create_future()
        self._calls[call_id] = _Call(op, args, future)
        self._ensure_started()
        if self._ready:
            self._send(call_id)
        try:
            while True:
                try:
                    return await asyncio.wait_for(asyncio.shield(future), self.answer_timeout_s)
                except TimeoutError:
                    self._kill_if_stuck()
                    self._ensure_started()  # none running nor starting (a start failed): try again
        finally:
            self._calls.pop(call_id, None)

    # -- the child -----------------------------------------------------------------------------------------------
    def _ensure_started(self) -> None:
        if self.proc is None and (self._starting is None or self._starting.done()) and not self._closed:
            self._starting = asyncio.get_running_loop().create_task(self._start(), name="gapbot-answerer-start")

    async def start(self) -> None:
        """Start the child and wait until it is ready (the bot's start-up: the first question is not delayed)."""
        self._ensure_started()
        if self._starting is not None:
            await asyncio.shield(self._starting)

    async def _start(self) -> None:
        self.starts += 1
        started = time.perf_counter()
        try:
            proc = await spawn([sys.executable, "-m", "bot.answer_process", "--nice", str(self.nice)], env=self.env)
        except OSError as exc:
            log.error("the answer process could not be started: %s", exc)
            self._fail_all(AnswerProcessError("the answering process could not be started"))
            return
        self.proc, self._ready = proc, False
        try:
            kind, value = await asyncio.wait_for(_read_frame(proc.stdout), self.start_timeout_s)
            if kind != "ready":
                raise AnswerProcessError(f"the answer process sent {kind!r} instead of ready")
        except Exception as exc:  # ended, too slow, or wrote something else: a failed start, whatever it was
            proc.kill()
            code = await proc.wait()
            self.proc = None
            why = "did not start in time" if isinstance(exc, TimeoutError) else f"ended at start (exit code {code})"
            log.error("the answer process %s; see the log above", why)
            self._fail_all(AnswerProcessError(f"the answering process {why}"))
            return
        self.generation, self.embedding_model = value.get("generation"), value.get("model")
        self._ready = True
        log.info("answer process %d ready in %.1f s (generation %s)", proc.pid, time.perf_counter() - started, value)
        self._reader = asyncio.get_running_loop().create_task(self._read(proc), name="gapbot-answerer-reader")
        for call_id in list(self._calls):  # asked while it started, or not started by a child that died
            self._send(call_id)

    def _send(self, call_id: int) -> None:
        call = self._calls.get(call_id)
        proc = self.proc
        if call is None or call.sent_to or proc is None or proc.stdin is None:
            return
        try:
            write_frame(proc.stdin, (call_id, call.op, call.args))
        except (BrokenPipeError, ConnectionResetError, RuntimeError):
            return  # the child died: the reader's end of file resends it to the next
        call.sent_to, call.sent_at = self.starts, time.monotonic()

    async def _read(self, proc: Child) -> None:
        try:
            while True:
                call_id, ok, value = await _read_frame(proc.stdout)
                call = self._calls.get(call_id)
                if call is None or call.future.done():
                    continue  # given up on (timed out and failed, or the bot is closing)
                if call.op in ANSWER_OPS:
                    self._answered_at = time.monotonic()
                if ok:
                    call.future.set_result(value)
                else:
                    call.future.set_exception(_error(*value))
        except (asyncio.IncompleteReadError, OSError, pickle.UnpicklingError):
            pass
        if proc is self.proc:
            await self._died(proc)

    async def _died(self, proc: Child) -> None:
        """The child ended: fail the question it was on, hand the others to a new child."""
        self._ready = False  # calls made meanwhile wait for the next child
        if not self._closed:  # its output ended: dying or broken (closing, it ends on its own: `close` waits)
            proc.kill()
        code = await proc.wait()
        self.proc, self._ready = None, False
        if self._closed:
            return
        self.crashes += 1
        mine = [(cid, c) for cid, c in self._calls.items() if c.sent_to == self.starts and not c.future.done()]
        culprit = next(((cid, c) for cid, c in mine if c.op in ANSWER_OPS), None)
        log.error("the answer process %d ended (exit code %s) while %d calls were under way; %s", proc.pid, code,
                  len(mine), "restarting it" if culprit is None else
                  f"the {culprit[1].op} it was answering gets an error reply, the others go to a new one")
        if culprit is not None:
            culprit[1].future.set_exception(AnswerProcessError("the answering process stopped while answering this"))
        for _, call in mine:
            call.sent_to = 0
        if any(not c.future.done() for c in self._calls.values()):
            self._ensure_started()

    def _kill_if_stuck(self) -> None:
        """Kill the child if the question it is on (the oldest sent: it answers in order) has been on it for
        `answer_timeout_s` (since it was sent, or since the answer before it came back): a busy child is not stuck."""
        proc = self.proc
        if proc is None or proc.returncode is not None or not self._ready:
            return
        on = next((c for c in self._calls.values() if c.sent_to == self.starts and c.op in ANSWER_OPS
                   and not c.future.done()), None)
        if on is not None and time.monotonic() - max(on.sent_at, self._answered_at) >= self.answer_timeout_s:
            log.error("the answer process %d has been on one %s for %.0f s: killing it", proc.pid, on.op,
                      self.answer_timeout_s)
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            return
        # Embedding runs beside the answers, so a stuck batch holds no question up; but the refresh waits on it.
        # Failed here (not resent to the next child, which might stick on the same texts), then the child killed.
        embeds = [c for c in self._calls.values() if c.sent_to == self.starts and c.op == "embed"
                  and not c.future.done() and time.monotonic() - c.sent_at >= self.embed_timeout_s]
        if embeds:
            log.error("the answer process %d has been embedding a refresh's batch for %.0f s: killing it", proc.pid,
                      self.embed_timeout_s)
            for call in embeds:
                call.future.set_exception(AnswerProcessError(
                    f"embedding the refresh's texts took over {self.embed_timeout_s:.0f} s"))
            with contextlib.suppress(ProcessLookupError):
                proc.kill()

    def _fail_all(self, exc: Exception) -> None:
        for call in self._calls.values():
            if not call.future.done():
                call.future.set_exception(exc)

    @property
    def in_flight(self) -> int:
        """Calls sent to the child and not answered yet."""
        return sum(1 for c in self._calls.values() if c.sent_to == self.starts and not c.future.done())

    def memory(self) -> dict[str, float] | None:
        """The child's memory (MB): now, its peak and its proportional share (diagnostics and the benchmark)."""
        from gapbot.procmem import process_memory_mb

        return process_memory_mb(self.proc.pid) if self.proc is not None else None

    async def close(self) -> None:
        self._closed = True
        self._fail_all(AnswerProcessError("the bot is closing"))
        if self._starting is not None and not self._starting.done():
            self._starting.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._starting
        proc = self.proc
        if proc is not None:
            with contextlib.suppress(Exception):
                proc.stdin.close()  # end of input: the child ends
            try:
                await asyncio.wait_for(proc.wait(), 5)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                await proc.wait()
        if self._reader is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(self._reader, 5)


async def _read_frame(stream: asyncio.StreamReader) -> Any:
    (size,) = HEADER.unpack(await stream.readexactly(HEADER.size))
    return pickle.loads(await stream.readexactly(size))  # noqa: S301 - our own child, same code


def _error(kind: str, message: str) -> Exception:
    """The child's error as the same core error here, so each edge translates it as if it had happened here."""
    from gapbot import errors

    cls = getattr(errors, kind, None)
    if isinstance(cls, type) and issubclass(cls, GapbotError):
        with contextlib.suppress(Exception):
            return cls(message)
    return AnswerProcessError(message) if kind == "AnswerProcessError" else RuntimeError(f"{kind}: {message}")


def answer_env(settings) -> dict[str, str]:
    """The child's environment: the bot's, its settings as variables (so the child reads exactly the same ones,
    whether they came from the environment, a .env file or code), two malloc arenas (as the bot: threads running
    the models would each keep one). Not the Discord token, which answering never needs; the other secrets stay (an
    LLM's key, for GAPBOT_LLM's polish), and the child's log hides them as the bot's does."""
    env = {**os.environ, **settings.as_env(), "MALLOC_ARENA_MAX": "2", "PYTHONUNBUFFERED": "1",
           "PYTHONPATH": os.pathsep.join(p for p in (_repo(), os.environ.get("PYTHONPATH", "")) if p)}
    env.pop("DISCORD_TOKEN", None)
    return env


def _repo() -> str:
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
