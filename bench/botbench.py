"""The bot's figures for `python -m bench`: the real bot, in its own process, against the fake Discord.

`bot_figures(work, env)` copies the data folder the harness built, starts the fake Discord (tests/fakediscord) in
this process, and starts the bot as a subprocess through `python -m bench.botlaunch`: a launcher that
points discord.py at the fake (REST `Route.BASE`, gateway `DiscordWebSocket.DEFAULT_GATEWAY`) and then runs the
bot's own entry point (`bot.__main__.main()`: settings from the environment, logging, `create_bot(...,
warm_embedder=True)`, `bot.start(token)`), with DISCORD_TOKEN = the fake's token and GAPBOT_DEV_GUILD = the fake's
guild, so the slash commands are synced at start-up like in development.

The launcher adds one thing to the bot: a control pipe (stdin commands, stdout `@@botbench {json}` lines) to read
the bot's own `LagMonitor` (bot/lag.py), its embedder state and its peak RSS (getrusage of the bot process
itself). Measured:

* ready_s: wall time from spawning the process to the fake having sent READY (+ GUILD_CREATE) after the bot's
  IDENTIFY (`fake.wait_ready`); on_ready_s: to the bot's `on_ready` (discord.py waits `guild_ready_timeout`,
  2 s, after the last GUILD_CREATE; not shortened here).
* worst_loop_lag_ms: the bot's lag monitor, reset just before a moderator's `/refresh` (with a gapbot-schema CSV
  attached: it saves the upload and ingests the corpus + uploads with the real embedding model) while
  `QUESTIONS` concurrent `/ask` go through the fake, each from its own user (the per-user cooldown would
  otherwise refuse them).
* ack / answer latencies as the fake saw them, refresh_s (dispatch to the final "Refresh done" edit).
* peak_rss_mb: the bot process's peak RSS over the whole run (start, warm-up, refresh, questions), as VmHWM
  (gapbot/procmem.py: getrusage would count this benchmark's own memory, carried across fork and exec);
  peak_rss_after_warm_up_mb / _after_questions_mb: the same at those points; refresh_child_peak_rss_mb: that of
  the process the bot ran `/refresh` in, from the refresh's report.

Everything is bounded: each wait has a timeout, the bot process is stopped (then killed) in all cases.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from bench.botlaunch import MARK
from bench.botlaunch import pct as _pct

REPO = Path(__file__).resolve().parents[1]
QUESTIONS = 200  # issue #12: the worst loop lag with 200 concurrent questions during a refresh
START_TIMEOUT = 90.0  # process spawn -> READY (imports, Chroma, index, command sync)
WARM_TIMEOUT = 90.0  # the embedding model loading in the background after start
QUESTION_TIMEOUT = 90.0
REFRESH_TIMEOUT = 240.0
TOTAL_TIMEOUT = 480.0
UPLOAD_NAME = "bench-upload.csv"
HOW = ("real bot (bot.__main__.main) in a subprocess via `python -m bench.botlaunch`, discord.py pointed at "
       "the fake Discord running in the bench process; ready = spawn -> fake READY; lag = the bot's own LagMonitor "
       "(bot/lag.py) read over a stdin/stdout control pipe, reset just before /refresh; peak RSS = getrusage of "
       "the bot process; questions = concurrent /ask from distinct users, dispatched right after the /refresh ack")

STRUCTURED = [f"{form.format(c)}" for c in ("coding", "math", "reasoning", "overall", "data analysis", "language",
                                              "instruction following")
              for form in ("how far behind is the best open model on {}?", "which open model is best at {}?",
                           "top 3 proprietary models in {}", "is the gap on {} shrinking?")]
RETRIEVAL = ["why are open models catching up?", "does anyone think the gap is growing?",
             "what does the Google memo say about open source?", "is data the main driver of capability?",
             "why do open source models matter for innovation?", "what do experts say about open models?",
             "explain why open weights models lag behind", "what are the risks of open models?"]


def upload_csv() -> bytes:
    """A small snapshot in the project's own schema (README: 'gapbot snapshot'), dated after everything else."""
    header = ("source,source_url,snapshot_date,benchmark,category,model,display_name,organization,open_weights,"
              "score,release_date\n")
    models = [("bench-closed-1", "Bench Closed 1", "BenchLab", "false", 81.0),
              ("bench-closed-2", "Bench Closed 2", "OtherLab", "false", 78.5),
              ("bench-open-1", "Bench Open 1", "OpenLab", "true", 74.2),
              ("bench-open-2", "Bench Open 2", "OpenLab", "true", 69.9)]
    rows = [f"bench,https://example.org/bench,2026-02-01,LiveBench,{cat},{m},{d},{o},{ow},{s - k * 1.5:.1f},"
            f"2026-01-15\n"
            for k, cat in enumerate(("overall", "coding", "math", "reasoning"))
            for m, d, o, ow, s in models]
    return (header + "".join(rows)).encode()


def questions(n: int) -> list[str]:
    pool = [q for pair in zip(STRUCTURED, RETRIEVAL * 4, strict=False) for q in pair] + STRUCTURED[len(RETRIEVAL) * 4:]
    return [pool[i % len(pool)] for i in range(n)]


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


# ------------------------------------------------------------------------------------------------ bench side
def bot_figures(work: Path, env: dict, n: int = QUESTIONS) -> dict:
    """The bot's start-up, memory and responsiveness figures (see the module docstring). Raises on failure."""
    src = Path(env["GAPBOT_DATA_DIR"])
    data = work / "bot-data"  # a copy: the refresh writes to it, the harness's folder stays as it was
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(src, data, ignore=shutil.ignore_patterns("ingest.lock"))
    return asyncio.run(_bounded(work, {**env, "GAPBOT_DATA_DIR": str(data)}, n))


async def _bounded(work: Path, env: dict, n: int) -> dict:
    """`_measure` within TOTAL_TIMEOUT; then no task of ours may be left (any is cancelled and counted)."""
    try:
        out = await asyncio.wait_for(_measure(work, env, n), TOTAL_TIMEOUT)
    finally:
        current = asyncio.current_task()
        leftover = [t for t in asyncio.all_tasks() if t is not current and not t.done()]
        for task in leftover:
            task.cancel()
        await asyncio.gather(*leftover, return_exceptions=True)
    out["leaked_tasks"] = len(leftover)
    return out


def _import_fake():
    tests = str(REPO / "tests")
    if tests not in sys.path:
        sys.path.insert(0, tests)
    import fakediscord

    return fakediscord


class _Channel:
    """The bot process: spawn, read its `@@botbench` lines, send control commands, stop / kill."""

    def __init__(self, proc: asyncio.subprocess.Process, log: Path) -> None:
        self.proc = proc
        self.log = log
        self.events: list[tuple[float, dict]] = []
        self._changed = asyncio.Event()
        self._reader = asyncio.get_running_loop().create_task(self._read(), name="botbench-reader")

    async def _read(self) -> None:
        assert self.proc.stdout is not None
        while line := await self.proc.stdout.readline():
            text = line.decode(errors="replace").strip()
            if text.startswith(MARK):
                with contextlib.suppress(ValueError):
                    self.events.append((time.perf_counter(), json.loads(text[len(MARK):])))
                    self._changed.set()
        self._changed.set()  # EOF: the process is gone

    async def expect(self, event: str, timeout: float, after: int = 0) -> tuple[float, dict]:
        end = time.perf_counter() + timeout
        while True:
            for at, msg in self.events[after:]:
                if msg.get("event") == event:
                    return at, msg
            if self._reader.done():
                raise RuntimeError(f"the bot process ended (rc {self.proc.returncode}) before {event!r}: "
                                   f"{self.tail()}")
            remaining = end - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no {event!r} from the bot within {timeout:.0f} s: {self.tail()}")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)

    async def ask(self, command: str, timeout: float = 10.0) -> dict:
        mark = len(self.events)
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{command}\n".encode())
        await self.proc.stdin.drain()
        return (await self.expect(command, timeout, after=mark))[1]

    def tail(self, chars: int = 1500) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"

    async def close(self, timeout: float = 15.0) -> int | None:
        """Ask the bot to stop (it closes like on Ctrl-C); kill it if it does not end in time."""
        proc = self.proc
        if proc.returncode is None and proc.stdin is not None:
            with contextlib.suppress(Exception):
                proc.stdin.write(b"stop\n")
                await proc.stdin.drain()
                proc.stdin.close()
        try:
            await asyncio.wait_for(proc.wait(), timeout)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            await asyncio.wait_for(proc.wait(), 10)
        with contextlib.suppress(TimeoutError, asyncio.CancelledError):
            await asyncio.wait_for(self._reader, 5)
        return proc.returncode


async def start_bench_guild(askers: int):
    """The fake Discord, started, with one guild: its #general, a moderator and `askers` members. Returns
    (the fakediscord package, the fake, the guild, #general, the moderator, the askers)."""
    fd = _import_fake()
    from fakediscord.models import MANAGE_GUILD

    fake = fd.FakeDiscord()
    guild = fake.add_guild("Bench Guild")
    general = guild.channel_by_name("general")
    mod = fake.add_user("bench-mod")
    guild.add_member(mod, roles=[guild.add_role("Moderator", MANAGE_GUILD)])
    users = [fake.add_user(f"asker-{i}") for i in range(askers)]
    for user in users:
        guild.add_member(user)
    await fake.start()
    return fd, fake, guild, general, mod, users


async def _measure(work: Path, env: dict, n: int) -> dict:
    fd, fake, guild, general, mod, askers = await start_bench_guild(n + 1)
    child_env = {**env, "DISCORD_TOKEN": fake.token, "GAPBOT_DEV_GUILD": str(guild.id), "GAPBOT_OWNER_IDS": "",
                 "GAPBOT_SHARDED": "", "GAPBOT_DEBUG": "", "BOTBENCH_API": fake.api_base,
                 "BOTBENCH_GATEWAY": fake.gateway_url, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1",
                 # the measured /refresh reads the local corpus only, and no scheduled one starts mid-run
                 "GAPBOT_FEEDS": "false", "GAPBOT_REFRESH_EVERY": "0"}
    child_env = {k: v for k, v in child_env.items() if v != ""}
    log_path = work / "bot.log"
    chan: _Channel | None = None
    out: dict[str, Any] = {}
    try:
        with open(log_path, "wb") as log:
            t0 = time.perf_counter()
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bench.botlaunch", env=child_env, cwd=str(work),
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=log)
        chan = _Channel(proc, log_path)
        ready = asyncio.ensure_future(fake.wait_ready(START_TIMEOUT))
        died = asyncio.ensure_future(proc.wait())
        try:
            await asyncio.wait({ready, died}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            died.cancel()
            if not ready.done():
                ready.cancel()
            await asyncio.gather(ready, died, return_exceptions=True)
        if ready.cancelled() or ready.exception() is not None:
            raise RuntimeError(f"the bot did not reach READY (rc {proc.returncode}): {chan.tail()}")
        out["ready_s"] = round(time.perf_counter() - t0, 2)
        at, _ = await chan.expect("on_ready", START_TIMEOUT)
        out["on_ready_s"] = round(at - t0, 2)
        out["commands_synced"] = len(fake.commands(guild))
        status = await chan.ask("status")
        out["rss_at_ready_mb"] = status["rss_mb"]
        while not status["embedder_loaded"] and time.perf_counter() - t0 < START_TIMEOUT + WARM_TIMEOUT:
            await asyncio.sleep(0.2)
            status = await chan.ask("status")
        out["embedder_warm_s"] = round(time.perf_counter() - t0, 2) if status["embedder_loaded"] else None

        # warm-up, as a bot that has been up a while would be: one question of each kind
        for q in (STRUCTURED[0], RETRIEVAL[0]):
            h = await fake.invoke_slash("ask", {"question": q}, user=askers[-1], channel=general)
            await h.wait_response(QUESTION_TIMEOUT, settle=0.0)
        warm = await chan.ask("report")
        out["peak_rss_after_warm_up_mb"] = warm["peak_rss_mb"]
        out["memory_after_warm_up"] = _memory(warm["processes"])

        # for comparison: the same burst of questions with no refresh running
        await chan.ask("reset")
        burst = await asyncio.gather(*(_ask(fake, fd, u, q, general)
                                       for u, q in zip(askers[:n], questions(n), strict=True)))
        report = await chan.ask("report")
        out["peak_rss_after_questions_mb"] = report["peak_rss_mb"]
        out["questions_only"] = {"worst_loop_lag_ms": round(report["worst_lag_ms"], 1),
                                 "loop_cpu_ms": report["loop_cpu_ms"], "process_cpu_ms": report["process_cpu_ms"],
                                 "threads_cpu_ms": report["threads_cpu_ms"],
                                 "worst_lag_loop_cpu_ms": report["worst_lag_cpu_ms"],
                                 "worst_lag_run_queue_ms": report["worst_lag_run_queue_ms"],
                                 "worst_lag_threads_ms": report["worst_lag_threads_ms"],
                                 "loop_lag_p50_ms": report["lag_p50_ms"], "answered": sum(r["ok"] for r in burst),
                                 **_latencies(burst)}
        await asyncio.sleep(0.5)

        await chan.ask("reset")
        out.update(await _refresh_under_load(fake, fd, general, mod, askers[:n], proc.pid))
        sampler = out.pop("sampler")
        report = await chan.ask("report")
        out["worst_loop_lag_ms"] = round(report["worst_lag_ms"], 1)
        # the loop thread's CPU time within that lag: the rest of it the loop was waiting for the CPU or the GIL
        out["worst_lag_loop_cpu_ms"] = report["worst_lag_cpu_ms"]
        # ...its time waiting for a core (other processes ran); the rest: waiting for the GIL (another thread ran)
        out["worst_lag_run_queue_ms"] = report["worst_lag_run_queue_ms"]
        out["worst_lag_threads_ms"] = report["worst_lag_threads_ms"]  # with GAPBOT_LAG_THREADS=1: who ran
        # what ran on the host in the worst lag's window (its 20 ms sleep and the lag), process by process
        end = report["worst_lag_at"]
        out["worst_lag_host_cpu_ms"] = sampler.cpu_in(end - 0.02 - report["worst_lag_ms"] / 1000, end)
        out["loop_lag_p50_ms"] = report["lag_p50_ms"]
        out["loop_lag_over_100ms"] = report["over_100ms"]
        out["loop_lag_samples"] = report["samples"]
        out["loop_lag_top_s_ms"] = report["top"]  # [seconds after the reset (~ the /refresh), lag ms]
        # where to find the window in a system-wide trace (`perf sched record -k CLOCK_MONOTONIC`)
        out["trace"] = {"bench_pid": os.getpid(), "bot_pid": report["pid"], "loop_tid": report["loop_tid"],
                        "window_start": report["window_start"], "worst_lag_at": report["worst_lag_at"]}
        out["peak_rss_mb"] = report["peak_rss_mb"]
        # every process of the bot's, and their sum: the refresh child's peak, at most, comes on top
        out["memory_after_refresh"] = _memory(report["processes"], refresh_child=report["refresh_peak_rss_mb"])
        out["total_peak_rss_after_warm_up_mb"] = out["memory_after_warm_up"]["total_peak_rss_mb"]
        out["total_peak_rss_mb"] = out["memory_after_refresh"]["total_peak_rss_mb"]
        out["answerer_crashes"] = report.get("answerer_crashes")
        out["loop_lags_over_10ms"] = report["lags"]  # [s after the reset, ms]
        # the bot's CPU from the reset to the report (questions and refresh): the loop thread's, the process's
        out["loop_cpu_ms"], out["process_cpu_ms"] = report["loop_cpu_ms"], report["process_cpu_ms"]
        out["threads_cpu_ms"] = report["threads_cpu_ms"]  # each thread's over 5 ms
        out["gc"] = {k: report[k] for k in ("gc_collections", "gc_counts", "gc_frozen", "gc_gen2", "gc_gen2_types",
                                                  "slow_gc", "gc_totals")}
        if report.get("slow_handles"):  # BOTBENCH_HANDLES=1: [s, wall ms, loop CPU ms, callback]
            out["slow_handles"] = report["slow_handles"]
        out["refresh_child_peak_rss_mb"] = report["refresh_peak_rss_mb"]
        out["refresh_texts_embedded"] = report["refresh_texts_embedded"]  # by the bot's model, for the child
        out["violations"] = [str(v) for v in fake.violations][:5]
        out["how"] = HOW
        return out
    finally:
        if chan is not None:
            rc = await chan.close()
            if out:
                out["bot_exit_code"] = rc
                out["bot_log_errors"] = _log_errors(log_path)
        await fake.stop()


class ProcessSampler:
    """Every `interval` seconds (Linux /proc): the resident memory of a process and all its descendants, summed;
    and, to say afterwards what ran in a lag window, the CPU time of each of them, of this process (the fake Discord
    and its clients) and of the whole host (/proc/stat: everything else on the machine is the difference)."""

    def __init__(self, pid: int, interval: float = 0.02, pss_every: int = 5) -> None:
        self.pid, self.interval, self.pss_every = pid, interval, pss_every
        self.peak = 0.0
        self.at_peak: dict[str, float] = {}
        self.peak_pss = 0.0  # the same with proportional shares (libraries counted once in all): every 5th sample
        self.cpu: list[tuple[float, dict[str, int], int]] = []  # (monotonic, {process: CPU ns}, host busy ns)

    async def run(self) -> None:
        n = 0
        while True:
            self.sample()
            if n % self.pss_every == 0:
                self.peak_pss = max(self.peak_pss, sum(_pss_mb(p) or 0.0 for p in _descendants(self.pid)))
            n += 1
            await asyncio.sleep(self.interval)

    def sample(self) -> None:
        each, cpu = {}, {"bench (fake Discord)": _cpu_ns(os.getpid())}
        for pid in _descendants(self.pid):
            name = f"{_cmd(pid)}#{pid}"
            rss = _rss_mb(pid)
            if rss is not None:
                each[name] = rss
            cpu[name] = _cpu_ns(pid)
        self.cpu.append((time.monotonic(), cpu, _host_busy_ns()))
        total = sum(each.values())
        if total > self.peak:
            self.peak, self.at_peak = total, each

    def cpu_in(self, start: float, end: float) -> dict | None:
        """CPU ms of each process within [start, end] (widened to the samples around it), and of the rest of the
        host (to /proc/stat's 10 ms ticks)."""
        before = [c for c in self.cpu if c[0] <= start]
        after = [c for c in self.cpu if c[0] >= end]
        if not before or not after:
            return None
        (t0, a, busy0), (t1, b, busy1) = before[-1], after[0]
        ours = {k: round((v - a.get(k, 0)) / 1e6, 1) for k, v in b.items() if v - a.get(k, 0) > 0}
        return {"span_ms": round((t1 - t0) * 1000, 1), "cores": os.cpu_count(), **ours,
                "rest of the host (±10 ms a core)": round((busy1 - busy0) / 1e6 - sum(ours.values()), 1)}


def _cpu_ns(pid: int) -> int:
    """A process's CPU time so far, every thread's (schedstat: nanoseconds)."""
    total = 0
    with contextlib.suppress(OSError):
        for tid in os.listdir(f"/proc/{pid}/task"):
            with contextlib.suppress(OSError, ValueError, IndexError), open(f"/proc/{pid}/task/{tid}/schedstat") as fh:
                total += int(fh.read().split()[0])
    return total


def _host_busy_ns() -> int:
    """Every CPU's non-idle time since boot (/proc/stat, in clock ticks)."""
    try:
        with open("/proc/stat") as fh:
            ticks = [int(x) for x in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return 0
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)  # idle + iowait
    return (sum(ticks[:8]) - idle) * 10**9 // os.sysconf("SC_CLK_TCK")


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        with contextlib.suppress(OSError, ValueError):
            for tid in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{tid}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
    return out


def _rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return round(int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)
    except (OSError, ValueError, IndexError):
        return None


def _pss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _cmd(pid: int) -> str:
    """The process's module (`-m bot.answer_process`) or program name."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            argv = fh.read().split(b"\0")
    except OSError:
        return "?"
    if b"-m" in argv:
        return argv[argv.index(b"-m") + 1].decode(errors="replace")
    return os.path.basename(argv[0].decode(errors="replace"))


async def _refresh_under_load(fake, fd, channel, mod, users: list, bot_pid: int) -> dict:
    loop = asyncio.get_running_loop()
    memory = ProcessSampler(bot_pid)  # from before the /refresh: a worst lag may come with its first steps
    sampler = loop.create_task(memory.run(), name="botbench-sampler")
    t_refresh = time.monotonic()
    refresh = await fake.invoke_slash("refresh", {"file": fd.FakeAttachment(UPLOAD_NAME, upload_csv(), "text/csv")},
                                      user=mod, channel=channel)
    await refresh.wait_ack(5)
    done_at: list[float] = []

    def refreshed() -> bool:
        msg = refresh.original
        if msg is not None and msg.embeds and msg.embeds[0].get("title", "").startswith(("Refresh", "Upload")):
            if not done_at:
                done_at.append(time.monotonic())
            return True
        return False

    async def watch_refresh() -> None:
        await fake.wait_for(refreshed, REFRESH_TIMEOUT)

    watcher = loop.create_task(watch_refresh(), name="botbench-refresh-watch")

    try:
        results = await asyncio.gather(*(_ask(fake, fd, u, q, channel)
                                         for u, q in zip(users, questions(len(users)), strict=True)))
        await watcher
    finally:
        for task in (watcher, sampler):
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
    refresh_done = done_at[0]
    title = refresh.original.embeds[0].get("title", "")
    during = [r for r in results if r.get("dispatched", refresh_done) < refresh_done]
    answered = sum(r["ok"] for r in results)
    failed = sum(1 for r in results if r["done"] is not None and not r["ok"])
    return {
        "sampler": memory,  # read once the worst lag is known (`_measure`), then dropped
        # the bot's processes together (itself, its answer and refresh processes), sampled every 20 ms from the
        # /refresh to the last answer: the peak of their sum, and each one's share at that moment
        "peak_sum_rss_mb": round(memory.peak, 1), "peak_sum_rss_by_process_mb": memory.at_peak,
        "peak_sum_pss_mb": round(memory.peak_pss, 1),
        "refresh_s": round(refresh_done - t_refresh, 2),
        "refresh_result": title,
        "refresh_ack_ms": _ms(refresh.ack_latency),
        "questions": len(results),
        "questions_during_refresh": len(during),
        "answered_before_refresh_done": sum(1 for r in during if r["done"] is not None and r["done"] < refresh_done),
        "answered": answered,
        "failed": failed,
        "lost": len(results) - answered - failed,
        "errors": [r["error"] for r in results if r["error"]][:3],
        **_latencies(results),
    }


async def _ask(fake, fd, user, question: str, channel) -> dict:
    """One /ask through the fake: {ok, error, ack (s), dispatched, done (monotonic)}."""
    res: dict[str, Any] = {"ok": False, "error": None, "ack": None, "done": None}
    try:
        h = await fake.invoke_slash("ask", {"question": question}, user=user, channel=channel)
        res["dispatched"] = h.dispatched_at
        try:
            r = await h.wait_response(QUESTION_TIMEOUT, settle=0.0)
            res["done"] = time.monotonic()
            res["ok"] = bool(r.embeds) and "Something went wrong" not in r.text
            if not res["ok"]:
                res["error"] = f"error reply: {r.text[:120]}"
        finally:
            res["ack"] = h.ack_latency
    except fd.FakeDiscordError as exc:
        res["error"] = str(exc)[:200]
    return res


RANGED = ("worst_loop_lag_ms", "worst_lag_loop_cpu_ms", "worst_lag_run_queue_ms", "loop_lag_p50_ms", "loop_cpu_ms",
          "process_cpu_ms", "refresh_s",
          "peak_rss_mb",
          "peak_rss_after_warm_up_mb", "refresh_child_peak_rss_mb", "total_peak_rss_after_warm_up_mb",
          "total_peak_rss_mb", "peak_sum_rss_mb", "peak_sum_pss_mb", "ack_max_ms", "answer_p50_ms", "answered")


def ranges(runs: list[dict]) -> dict[str, tuple[float, float]]:
    """min-max over the runs that measured it, of the figures issue #12 asks for as ranges (and of the same burst
    with no refresh, as `questions_only.*`)."""
    flat = [{**r, **{f"questions_only.{k}": v for k, v in r.get("questions_only", {}).items()}} for r in runs]
    keys = [*RANGED, *(f"questions_only.{k}" for k in ("worst_loop_lag_ms", "worst_lag_loop_cpu_ms",
                                                       "worst_lag_run_queue_ms", "loop_cpu_ms", "answered"))]
    out = {}
    for key in keys:
        values = [r[key] for r in flat if isinstance(r.get(key), int | float)]
        if values:
            out[key] = (min(values), max(values))
    return out


def _memory(processes: dict, refresh_child: float | None = None) -> dict:
    """Each long-lived process's memory (MB: now, peak, proportional share) and the sums: of the peaks (with the
    refresh child's, an upper bound: peaks at different moments, libraries counted once per process) and of the
    proportional shares now (libraries counted once in all)."""
    procs = {name: m for name, m in processes.items() if m}
    peaks = [m.get("peak_rss_mb", 0.0) for m in procs.values()] + ([refresh_child] if refresh_child else [])
    return {**procs, **({"refresh": {"peak_rss_mb": refresh_child}} if refresh_child else {}),
            "total_peak_rss_mb": round(sum(peaks), 1),
            "total_pss_now_mb": round(sum(m.get("pss_mb", 0.0) for m in procs.values()), 1)}


def _log_errors(path: Path, most: int = 3) -> list[str]:
    """The first few ERROR entries of the bot's log, each with its traceback (why a question was lost)."""
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return []
    out: list[str] = []
    for i, line in enumerate(lines):
        if " ERROR " in line or line.startswith("ERROR"):
            block = [line]
            for more in lines[i + 1:i + 40]:
                if not more.startswith((" ", "Traceback", "\t")) and not more.split(":")[0].endswith(
                        ("Error", "Exception")):
                    break
                block.append(more)
            out.append("\n".join(block)[-2500:])
            if len(out) == most:
                break
    return out


def _latencies(results: list[dict]) -> dict:
    acks = [r["ack"] for r in results if r["ack"] is not None]
    answer_s = [r["done"] - r["dispatched"] for r in results if r["done"] is not None]
    return {"ack_p50_ms": _ms(_pct(acks, 50)), "ack_max_ms": _ms(max(acks) if acks else None),
            "answer_p50_ms": _ms(_pct(answer_s, 50)), "answer_max_ms": _ms(max(answer_s) if answer_s else None)}
