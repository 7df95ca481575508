"""A thread for background work that may run slowly, at a lower CPU priority than the event loop.

A refresh's new texts are embedded here, in the bot's process (the refresh child borrows the loaded model). ONNX
Runtime keeps a core busy for seconds without holding the GIL, so on a two-core host the loop thread waited for a
core, not for the GIL: 60-110 ms of run-queue wait in the worst lags during a `/refresh` with 200 questions. Niced
(Linux: per thread), this thread gets a core when the loop, the question workers and the fake or real gateway's
traffic leave one free; the refresh takes longer under load, the answers and heartbeats do not.

Only work that releases the GIL belongs here: a low-priority thread holding the GIL would keep the loop waiting
while the OS runs other things.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

log = logging.getLogger(__name__)
NICE_STEP = 10  # like the refresh child (ingest/refresh_process.py): about a tenth of a core's share under contention


def lower_thread_priority(step: int = NICE_STEP) -> None:
    """Raise this thread's niceness (Linux schedules threads by their own nice value); elsewhere, nothing."""
    if not sys.platform.startswith("linux") or not hasattr(os, "setpriority"):
        return
    tid = threading.get_native_id()
    with contextlib.suppress(OSError):  # raising one's niceness needs no privilege; a sandbox may still refuse
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + step))


def background_executor() -> ThreadPoolExecutor:
    """One low-priority worker: background work runs one item at a time, never ahead of the answers."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="gapbot-background",
                              initializer=lower_thread_priority)
