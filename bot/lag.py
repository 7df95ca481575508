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


class LagMonitor:
    def __init__(self, interval_s: float = 0.02, warn_ms: float = 500.0) -> None:
        self.interval = interval_s
        self.warn_ms = warn_ms
        self.worst_lag_ms = 0.0
        self.last_lag_ms = 0.0
        # The loop thread's own CPU time within the worst lag: far below the lag, the loop was not running (another
        # thread held the GIL, or the OS gave the CPU to another process), not busy with its own callbacks.
        self.worst_lag_cpu_ms = 0.0
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
        self.samples = 0

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            start, cpu = loop.time(), time.thread_time()
            await asyncio.sleep(self.interval)
            lag = max(0.0, (loop.time() - start - self.interval) * 1000)
            self.last_lag_ms = lag
            self.history.append((loop.time(), lag))
            self.samples += 1
            if lag > self.worst_lag_ms:
                self.worst_lag_ms = lag
                self.worst_lag_cpu_ms = (time.thread_time() - cpu) * 1000
            if lag > self.warn_ms:
                log.warning("event loop blocked for %.0f ms", lag)

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
