"""The bot's side of the bot benchmark (bench/botbench.py): `python -m bench.botlaunch` points discord.py at the fake
Discord, adds a control pipe to the bot its own entry point builds (stdin commands; stdout `@@botbench {json}` lines
with the lag monitor's figures, the embedder's state and the peak memory), then runs that entry point."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import os
import signal
import sys
import threading
import time
from typing import Any

from bot.lag import _thread_name, _threads_cpu_ns
from gapbot.procmem import peak_rss_mb, process_memory_mb

MARK = "@@botbench "


def pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 1)


def _emit(event: str, **fields: Any) -> None:
    sys.stdout.write(MARK + json.dumps({"event": event, **fields}) + "\n")
    sys.stdout.flush()


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm") as fh:
            return round(int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)
    except (OSError, ValueError, IndexError):
        return 0.0


PROFILE: list = []  # BOTBENCH_PROFILE=PREFIX: the loop thread's cProfile, reset to report, in PREFIX.N.txt
REPORTS = [0]
SLOW_GC: list[tuple] = []  # (loop time, ms, CPU ms, generation, thread, collected)
GC_TOTALS: dict[int, list] = {}  # generation: [collections, ms, longest ms]
SLOW_HANDLES: list[tuple] = []  # (loop time, wall ms, loop CPU ms, run-queue ms, gc ms, what)


def _trace_handles() -> None:
    """BOTBENCH_HANDLES=1 (diagnostics): every loop callback that ran over 2 ms of wall time, with its CPU time,
    its time waiting for a core, and the time the cyclic GC ran within it."""
    import asyncio.events as events
    import gc
    import threading
    import time

    run = events.Handle._run
    loop_thread = threading.get_ident()
    fd = os.open("/proc/thread-self/schedstat", os.O_RDONLY)
    gc_ms = [0.0, 0.0]  # total, started at
    gc_cpu: dict[int, float] = {}

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            gc_ms[1] = time.perf_counter()
            gc_cpu[threading.get_ident()] = time.thread_time()
            return
        took = (time.perf_counter() - gc_ms[1]) * 1000
        cpu = (time.thread_time() - gc_cpu.pop(threading.get_ident(), time.thread_time())) * 1000
        if threading.get_ident() == loop_thread:
            gc_ms[0] += took
        gen = info["generation"]
        GC_TOTALS[gen] = [GC_TOTALS.get(gen, [0, 0.0, 0.0])[0] + 1, GC_TOTALS.get(gen, [0, 0.0, 0.0])[1] + took,
                          max(GC_TOTALS.get(gen, [0, 0.0, 0.0])[2], took)]
        if took > 1:
            SLOW_GC.append((time.monotonic(), took, cpu, gen, threading.current_thread().name, info["collected"]))

    gc.callbacks.append(on_gc)

    def queued() -> float:
        return int(os.pread(fd, 128, 0).split()[1]) / 1e6

    def timed(self) -> None:
        t, c, q, g = time.perf_counter(), time.thread_time(), queued(), gc_ms[0]
        run(self)
        wall = (time.perf_counter() - t) * 1000
        if wall > 2:
            cb = getattr(self, "_callback", None)
            task = getattr(cb, "__self__", None)
            # names only: a repr() of a library's object can have side effects
            what = (task.get_coro().__qualname__ if isinstance(task, asyncio.Task)
                    else getattr(cb, "__qualname__", type(cb).__name__))
            SLOW_HANDLES.append((time.monotonic(), wall, (time.thread_time() - c) * 1000, queued() - q,
                                 gc_ms[0] - g, what[:100]))

    events.Handle._run = timed


def _types(objects: list) -> list[tuple[str, int]]:
    import collections

    kinds = collections.Counter(f"{type(o).__module__}.{type(o).__qualname__}" for o in objects).most_common(25)
    lists = collections.Counter(f"list[{min(len(o), 1000) // 10 * 10}] of {type(o[0]).__name__ if o else '-'}"
                                for o in objects if type(o) is list).most_common(8)
    funcs = collections.Counter(getattr(o, "__module__", "?") for o in objects
                                if type(o).__name__ == "function").most_common(8)
    return kinds + lists + funcs


def _instrument(bot: Any) -> None:
    """Add the control pipe and an on_ready notice to the bot the entry point built; nothing else changes."""
    original_hook = bot.setup_hook
    tasks: set[asyncio.Task] = set()

    async def setup_hook() -> None:
        task = asyncio.get_running_loop().create_task(_control(bot), name="botbench-control")
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        await original_hook()

    async def on_ready() -> None:
        _emit("on_ready")

    bot.setup_hook = setup_hook
    bot.add_listener(on_ready, "on_ready")


async def _control(bot: Any) -> None:
    """stdin commands: status, reset (a new lag window), report, stop. End of input stops the bot too. Stopping
    is the bot's own Ctrl-C path: SIGINT -> asyncio.run cancels the entry point, which closes the bot once."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    transport, _ = await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    window_start = loop.time()
    gc_at_reset = [g["collections"] for g in gc.get_stats()]
    cpu_at_reset = time.thread_time(), time.process_time()
    threads_at_reset = _threads_cpu_ns()
    try:
        while line := await reader.readline():
            cmd = line.decode(errors="replace").strip()
            if cmd == "status":
                answerer = getattr(bot, "answerer", None)
                if answerer is not None:  # the models are loaded there, once it says it is ready
                    loaded = answerer.embedding_model is not None and answerer.proc is not None
                else:
                    loaded = bool(getattr(getattr(bot.engine, "embedder", None), "loaded", True))
                _emit(cmd, embedder_loaded=loaded, rss_mb=_rss_mb(), ready=bot.is_ready())
            elif cmd == "reset":
                if os.environ.get("BOTBENCH_PROFILE"):  # diagnostics: the loop thread's functions, to the log
                    import cProfile

                    PROFILE[:] = [cProfile.Profile()]
                    PROFILE[0].enable()
                bot.lag.reset()
                SLOW_HANDLES.clear()
                SLOW_GC.clear()
                GC_TOTALS.clear()
                gc_at_reset = [g["collections"] for g in gc.get_stats()]
                window_start = loop.time()
                _emit(cmd)
            elif cmd == "report":
                if PROFILE:
                    import pstats

                    PROFILE[0].disable()
                    REPORTS[0] += 1
                    with open(f"{os.environ['BOTBENCH_PROFILE']}.{REPORTS[0]}.txt", "w") as fh:
                        pstats.Stats(PROFILE.pop(), stream=fh).sort_stats("tottime").print_stats(60)
                window = [(at, lag) for at, lag in list(bot.lag.history) if at >= window_start]
                lags = [lag for _, lag in window]
                top = sorted(window, key=lambda x: -x[1])[:3]
                p50 = pct(lags, 50)
                _emit(cmd, worst_lag_ms=bot.lag.worst_lag_ms, worst_lag_cpu_ms=round(bot.lag.worst_lag_cpu_ms, 1),
                      worst_lag_run_queue_ms=_round(getattr(bot.lag, "worst_lag_run_queue_ms", None)),
                      worst_lag_threads_ms=getattr(bot.lag, "worst_lag_threads_ms", {}),
                      samples=bot.lag.samples, pid=os.getpid(), loop_tid=threading.get_native_id(),
                      # monotonic clock: to find the window in a system-wide trace (perf sched record -k mono)
                      window_start=window_start, worst_lag_at=bot.lag.worst_lag_at,
                      lag_p50_ms=None if p50 is None else round(p50, 1),
                      over_100ms=sum(lag > 100 for lag in lags), peak_rss_mb=peak_rss_mb(), rss_mb=_rss_mb(),
                      # each of the bot's long-lived processes: now, peak (VmHWM), proportional share (Pss)
                      processes={"bot": process_memory_mb(),
                                 **({"answers": bot.answerer.memory()} if getattr(bot, "answerer", None) else {})},
                      answerer_crashes=getattr(getattr(bot, "answerer", None), "crashes", None),
                      refresh_texts_embedded=getattr(getattr(bot.get_cog("Admin"), "last_report", None),
                                                     "texts_embedded", None),
                      refresh_peak_rss_mb=getattr(getattr(bot.get_cog("Admin"), "last_report", None),
                                                  "peak_rss_mb", None),
                      top=[[round(at - window_start, 2), round(lag, 1)] for at, lag in top],
                      slow_handles=[[round(at - window_start, 2), *(round(x, 1) for x in ms), what]
                                    for at, *ms, what in sorted(SLOW_HANDLES, key=lambda x: -x[1])[:25]],
                      loop_cpu_ms=round((time.thread_time() - cpu_at_reset[0]) * 1000),
                      process_cpu_ms=round((time.process_time() - cpu_at_reset[1]) * 1000),
                      threads_cpu_ms={f"{_thread_name(tid)}#{tid}": round((ns - threads_at_reset.get(tid, 0)) / 1e6)
                                      for tid, ns in _threads_cpu_ns().items()
                                      if ns - threads_at_reset.get(tid, 0) > 5_000_000},
                      gc_collections=[g["collections"] - was for g, was in zip(gc.get_stats(), gc_at_reset,
                                                                              strict=True)],
                      gc_counts=list(gc.get_count()),
                      gc_frozen=gc.get_freeze_count() if os.environ.get("BOTBENCH_HANDLES") else None,  # walks them all
                      slow_gc=[[round(at - window_start, 2), round(ms, 1), round(cpu, 1), *rest]
                               for at, ms, cpu, *rest in SLOW_GC],
                      gc_totals={g: [n, round(ms, 1), round(top, 1)] for g, (n, ms, top) in GC_TOTALS.items()},
                      gc_gen2=len(gc.get_objects(2)) if os.environ.get("BOTBENCH_HANDLES") else None,
                      gc_gen2_types=_types(gc.get_objects(2)) if os.environ.get("BOTBENCH_HANDLES") else None,
                      lags=[[round(at - window_start, 4), round(lag, 1)] for at, lag in window if lag > 10])
            elif cmd == "stop":
                break
    finally:
        transport.close()
    signal.raise_signal(signal.SIGINT)


def launch() -> int:
    """The bot process: discord.py pointed at the fake, then the bot's own entry point."""
    with contextlib.suppress(Exception):  # Linux: end with the bench even if it dies without closing our stdin
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    import discord.gateway
    import discord.http
    import yarl

    discord.http.Route.BASE = os.environ["BOTBENCH_API"]
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["BOTBENCH_GATEWAY"])

    import bot.__main__ as entry
    import bot.client

    real_create_bot = bot.client.create_bot

    def create_bot(*args: Any, **kwargs: Any) -> Any:
        made = real_create_bot(*args, **kwargs)
        _instrument(made)
        return made

    bot.client.create_bot = create_bot  # bot.__main__.run imports it at call time
    if os.environ.get("BOTBENCH_HANDLES"):
        _trace_handles()
    return entry.main()


if __name__ == "__main__":
    sys.exit(launch())
