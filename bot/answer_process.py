"""The answer process (bot/answerer.py has why and the protocol): `python -m bot.answer_process`, started by the bot.

It holds the engine: the served index, the embedding model (for article questions, the intent model and a
refresh's new texts) and composes the words; it never imports discord.py. One thread reads the requests; questions
are answered in order on the main thread; a refresh's texts are embedded on a low-priority thread and a switched
generation is loaded on a thread of its own, so that neither holds up the answers. End of input: it ends.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import pickle
import queue
import signal
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, BinaryIO

from bot.answerer import HEADER, write_frame

log = logging.getLogger("bot.answer_process")
REFRESH_EMBED_BATCH = 1


class Pipe:
    """The protocol's ends. The real stdout is kept for the frames; anything else printed goes to stderr."""

    def __init__(self) -> None:
        self.out: BinaryIO = os.fdopen(os.dup(1), "wb")
        os.dup2(2, 1)
        sys.stdout = sys.stderr
        self.inp: BinaryIO = sys.stdin.buffer
        self.lock = threading.Lock()

    def send(self, obj: Any) -> None:
        with self.lock:
            write_frame(self.out, obj)
            self.out.flush()

    def receive(self) -> Any | None:
        head = self.inp.read(HEADER.size)
        if len(head) < HEADER.size:
            return None
        (size,) = HEADER.unpack(head)
        data = self.inp.read(size)
        return None if len(data) < size else pickle.loads(data)  # noqa: S301 - our own parent, same code


class Answerer:
    def __init__(self, engine, settings) -> None:
        self.engine = engine
        self.settings = settings

    def ask(self, question: str, previous):
        """The words and the query answered: the bot packs the words and keeps the query for follow-ups; the
        result itself stays here (a third of the bytes, and unpickling it was the event loop's work)."""
        from gapbot.compose import compose

        result, query = self.engine.ask(question, previous)
        # Free-text answers may be polished by an LLM (GAPBOT_LLM); slash commands get the composed words as they are.
        return compose(result, self.settings.llm, self.settings.link_host_set), query

    def choose(self, query, intent: str):
        from gapbot.compose import compose

        result = self.engine.choose(query, intent)
        return result, compose(result, link_hosts=self.settings.link_host_set)

    def run(self, query):
        from gapbot.compose import compose

        result = self.engine.run(query)
        return result, compose(result, link_hosts=self.settings.link_host_set)

    def embed(self, texts: list[str]) -> list[list[float]]:
        return self.engine.embed_documents(texts)

    def reload(self) -> int:
        from bot.lag import no_gc_pauses

        with no_gc_pauses():
            self.engine.reload()
        return self.engine.index().manifest.generation


def reply(pipe: Pipe, call_id: int, fn, *args: Any) -> None:
    try:
        value = fn(*args)
    except Exception as exc:  # sent back as the same error (a core error) or as an error to log (anything else)
        if not _is_core_error(exc):
            log.exception("answer process: %s failed", getattr(fn, "__name__", fn))
        pipe.send((call_id, False, (type(exc).__name__, str(exc))))
        return
    pipe.send((call_id, True, value))


def _is_core_error(exc: Exception) -> bool:
    from gapbot.errors import GapbotError

    return isinstance(exc, GapbotError)


def serve(pipe: Pipe, answerer: Answerer, nice: int = 0) -> None:
    """Read requests until end of input; answers on this thread, in order; the rest on their own threads."""
    from bot.background import NICE_STEP, lower_thread_priority

    answers: queue.SimpleQueue = queue.SimpleQueue()
    # a refresh's embedding after the answers, at the priority it had in the bot's process (bot/background.py)
    embedding = ThreadPoolExecutor(max_workers=1, thread_name_prefix="answer-embedding",
                                   initializer=lower_thread_priority, initargs=(max(0, NICE_STEP - nice),))
    loading = ThreadPoolExecutor(max_workers=1, thread_name_prefix="answer-loader")

    def read() -> None:
        try:
            while (msg := pipe.receive()) is not None:
                call_id, op, args = msg
                if op == "embed":
                    embedding.submit(reply, pipe, call_id, answerer.embed, *args)
                elif op == "reload":
                    loading.submit(reply, pipe, call_id, answerer.reload)
                else:
                    answers.put((call_id, op, args))
        finally:
            answers.put(None)

    threading.Thread(target=read, name="answer-reader", daemon=True).start()
    while (item := answers.get()) is not None:
        call_id, op, args = item
        reply(pipe, call_id, getattr(answerer, op), *args)
    embedding.shutdown(wait=False, cancel_futures=True)
    loading.shutdown(wait=False, cancel_futures=True)


def exit_when_orphaned(parent: int, interval_s: float = 1.0) -> threading.Thread:
    """End this process once `parent` (the bot) is gone. The end of input does that when the bot closes or dies,
    but not while the main thread is stuck on a question: a bot killed then would leave us holding ~150 MB and an
    index. Polling, not prctl(PR_SET_PDEATHSIG): that signal fires when the *thread* that started us ends, and the
    bot starts us from a worker thread."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval_s)
        log.warning("the bot (pid %d) is gone: the answer process ends", parent)
        os._exit(0)

    thread = threading.Thread(target=watch, name="answer-orphan-watch", daemon=True)
    thread.start()
    return thread


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bot.answer_process")
    ap.add_argument("--nice", type=int, default=0)
    args = ap.parse_args(argv)
    # Ctrl-C reaches the whole terminal's process group: the bot stops and closes our input, which ends us cleanly
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_when_orphaned(os.getppid())
    if args.nice and hasattr(os, "nice"):
        os.nice(args.nice)
    pipe = Pipe()
    from bot.__main__ import setup_logging
    from gapbot.engine import Engine
    from gapbot.errors import GapbotError
    from gapbot.settings import Settings

    settings = Settings()
    # the bot's log format and redaction (secrets never in a log line), on the stderr it shares with the bot
    setup_logging(settings, logging.DEBUG if os.environ.get("GAPBOT_DEBUG") else logging.INFO)
    engine = Engine(settings)
    # Leave a core to the bot's event loop while the model embeds a refresh, and keep a batch's buffers small: ONNX
    # Runtime keeps the largest batch's buffers, and 35 long texts raised the peak by 210 MB in batches of 8, 48 MB
    # one at a time, in the same time on one thread (5.6 s). Questions are embedded one at a time anyway.
    engine.limit_embedding(max(1, (os.cpu_count() or 2) - 1), REFRESH_EMBED_BATCH)
    generation = None
    try:
        if settings.chroma_host:  # a Chroma server: its client now, not at the first article question (embedded
            engine.connect()      # mode searches the generation's own copy of the passages: no client at all)
    except GapbotError as exc:
        log.warning("vector store not available at start-up: %s", exc)
    try:
        generation, _rows = engine.open()
    except GapbotError as exc:  # nothing served yet: questions say so, as in the bot's own process
        log.warning("index not available at start-up: %s", exc)
    try:
        engine.warm_embedder()
    except GapbotError as exc:
        log.warning("embedding model not available: %s", exc)
    engine.classifier()
    model = None
    try:
        model = engine.embedding_model
    except GapbotError as exc:
        log.warning("embedding model not available: %s", exc)
    # Start-up objects (modules, models, index) live as long as the process: out of the collector's way
    gc.collect()
    gc.freeze()
    pipe.send(("ready", {"generation": generation, "model": model}))
    serve(pipe, Answerer(engine, settings), args.nice)
    return 0


if __name__ == "__main__":
    sys.exit(main())
