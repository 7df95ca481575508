"""Spreading a burst of interactions over event-loop iterations, so timers and I/O run between them.

asyncio runs every callback that is ready when an iteration starts before it looks at timers again. When 200
`/ask` arrive together, discord.py starts 200 handler tasks at once, and the first step of each (parsing the
command's options, building the defer request, later the answer's request) ran in one iteration: the loop, the
gateway heartbeat with it, stalled for the sum of them (85-250 ms on a 2-core machine). A `Pacer` lets a few
callers through per iteration and parks the rest on futures released one iteration at a time; each caller waits
at most (its place in the queue / per_tick) iterations, well within Discord's 3-second deadline.
"""

from __future__ import annotations

import asyncio
import collections


class Pacer:
    def __init__(self, per_tick: int = 2) -> None:
        self.per_tick = per_tick
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()
        self._passed = 0  # callers let through in the current iteration
        self._ticking = False

    async def __call__(self) -> None:
        """Return now when fewer than `per_tick` callers went through in this iteration, else in a later one."""
        loop = asyncio.get_running_loop()
        if not self._waiters and self._passed < self.per_tick:
            self._passed += 1
            self._schedule(loop)
            return
        fut: asyncio.Future[None] = loop.create_future()
        self._waiters.append(fut)
        self._schedule(loop)
        await fut

    def _schedule(self, loop: asyncio.AbstractEventLoop) -> None:
        if not self._ticking:
            self._ticking = True
            loop.call_soon(self._tick, loop)  # runs in the next iteration: callbacks added now wait for it

    def _tick(self, loop: asyncio.AbstractEventLoop) -> None:
        """A new iteration: release the next few waiters (their tasks run in the iteration after this one)."""
        self._ticking = False
        self._passed = 0
        while self._waiters and self._passed < self.per_tick:
            fut = self._waiters.popleft()
            if not fut.done():  # a cancelled caller gives up its place
                fut.set_result(None)
                self._passed += 1
        if self._waiters or self._passed:
            self._schedule(loop)
