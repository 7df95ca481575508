"""An event-loop lag monitor: sleeps 100 ms at a time and records how late it wakes up.

A blocked loop (CPU work or blocking I/O on it) shows up as lag; the bot must keep it well under the gateway
heartbeat and the 3-second interaction deadline. Tests and benchmarks read `worst_lag_ms`.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import gc
import logging
import os
import threading
import time
from collections.abc import Iterator

log = logging.getLogger(__name__)


@contextlib.contextmanager
def no_gc_pauses() -> Iterator[None]:
    """No automatic cyclic-GC runs inside (a full collection walks every tracked object while holding the GIL:
    80-230 ms with an index and an embedding model loaded, and a refresh allocates enough to trigger several).

    Afterwards only the young generations are collected (milliseconds); older cyclic garbage is left to the next
    ordinary collection, so nothing is pinned for good. Start-up objects are frozen once by the bot.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.collect(1)
        if was_enabled:
            gc.enable()


def _open_schedstat() -> int | None:
    """This thread's schedstat (Linux), opened once: re-read with pread it costs a few microseconds."""
    try:
        return os.open("/proc/thread-self/schedstat", os.O_RDONLY)
    except (OSError, AttributeError):
        return None


def _run_queue_ns(fd: int | None) -> int | None:
    """The thread's time spent runnable but not running (schedstat field 2), or None where unavailable."""
    if fd is None:
        return None
    try:
        return int(os.pread(fd, 128, 0).split()[1])
    except (OSError, ValueError, IndexError):
        return None


def _threads_cpu_ns() -> dict[int, int]:
    """Every thread's CPU time (schedstat field 1), by native thread id (diagnostics only)."""
    out = {}
    for tid in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{tid}/schedstat", "rb") as fh:
                out[int(tid)] = int(fh.read().split()[0])
        except (OSError, ValueError, IndexError):
            pass
    return out


def _thread_name(tid: int) -> str:
    for t in threading.enumerate():
        if t.native_id == tid:
            return t.name
    try:
        with open(f"/proc/self/task/{tid}/comm") as fh:
            return fh.read().strip()
    except OSError:
        return str(tid)


class LagMonitor:
    def __init__(self, interval_s: float = 0.02, warn_ms: float = 500.0) -> None:
        self.interval = interval_s
        self.warn_ms = warn_ms
        self.worst_lag_ms = 0.0
        self.last_lag_ms = 0.0
        # The loop thread's own CPU time within the worst lag: far below the lag, the loop was not running (another
        # thread held the GIL, or the OS gave the CPU to another process), not busy with its own callbacks.
        self.worst_lag_cpu_ms = 0.0
        # ...and its time runnable but waiting for a core (the OS ran other processes): the rest of the lag, neither
        # CPU nor run-queue wait, the loop thread slept waiting for the GIL held by another thread of this process.
        self.worst_lag_run_queue_ms: float | None = None
        # GAPBOT_LAG_THREADS=1 (diagnostics): each thread's CPU within the worst lag, by name
        self.trace_threads = bool(os.environ.get("GAPBOT_LAG_THREADS"))
        self.worst_lag_threads_ms: dict[str, float] = {}
        self.worst_lag_at = 0.0  # loop time (time.monotonic) at the end of the worst lag: to find it in a trace
        self.samples = 0
        self.history: collections.deque[tuple[float, float]] = collections.deque(maxlen=600)  # (loop time, lag ms)
        self._task: asyncio.Task | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        if not self.running:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="gapbot-lag-monitor")

    def reset(self) -> None:
        """Start a new measurement window (e.g. just before a refresh)."""
        self.worst_lag_ms = 0.0
        self.worst_lag_cpu_ms = 0.0
        self.worst_lag_run_queue_ms = None
        self.worst_lag_threads_ms = {}
        self.worst_lag_at = 0.0
        self.samples = 0

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        schedstat = _open_schedstat()  # the loop thread's: opened here, on it
        try:
            await self._sample(loop, schedstat)
        finally:
            if schedstat is not None:
                os.close(schedstat)

    async def _sample(self, loop: asyncio.AbstractEventLoop, schedstat: int | None) -> None:
        while True:
            threads = _threads_cpu_ns() if self.trace_threads else None
            start, cpu, queued = loop.time(), time.thread_time(), _run_queue_ns(schedstat)
            await asyncio.sleep(self.interval)
            lag = max(0.0, (loop.time() - start - self.interval) * 1000)
            self.last_lag_ms = lag
            self.history.append((loop.time(), lag))
            self.samples += 1
            if lag > self.worst_lag_ms:
                self.worst_lag_ms = lag
                self.worst_lag_at = loop.time()
                self.worst_lag_cpu_ms = (time.thread_time() - cpu) * 1000
                now_queued = _run_queue_ns(schedstat)
                self.worst_lag_run_queue_ms = (None if queued is None or now_queued is None
                                               else (now_queued - queued) / 1e6)
                if threads is not None:
                    after = _threads_cpu_ns()
                    self.worst_lag_threads_ms = {
                        f"{_thread_name(tid)}#{tid}": round((after[tid] - ns) / 1e6, 1)
                        for tid, ns in threads.items() if tid in after and after[tid] - ns > 500_000}
            if lag > self.warn_ms:
                log.warning("event loop blocked for %.0f ms", lag)

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
