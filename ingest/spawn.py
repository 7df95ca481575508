"""A child process for an event loop, started on a thread of its own rather than on the loop.

`asyncio.create_subprocess_exec` starts the child on the loop's thread, and CPython starts children with vfork: the
calling thread is suspended until the child has run its pre-exec work and exec'd. On a busy 2-core host that waited
for the child to be given a core: 15-67 ms of a bot's worst event-loop lag during a `/refresh` (the refresh process
being started), seen in kernel scheduler traces as the loop thread asleep in vfork. Here `subprocess.Popen` runs on
a short-lived thread and a second one waits for the exit; the loop only reads and writes the pipes.

`Child` has what the bot's drivers use of `asyncio.subprocess.Process`: stdin (a StreamWriter), stdout (a
StreamReader), pid, returncode, kill() and wait().
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import threading
from collections.abc import Sequence

_LIMIT = 2**16  # asyncio's own default for a StreamReader


class Child:
    def __init__(self, popen: subprocess.Popen, stdin: asyncio.StreamWriter, stdout: asyncio.StreamReader,
                 exited: asyncio.Future) -> None:
        self.popen = popen
        self.stdin = stdin
        self.stdout = stdout
        self._exited = exited

    @property
    def pid(self) -> int:
        return self.popen.pid

    @property
    def returncode(self) -> int | None:
        return self._exited.result() if self._exited.done() else None

    def kill(self) -> None:
        if not self._exited.done():
            with contextlib.suppress(ProcessLookupError, OSError):
                self.popen.kill()

    async def wait(self) -> int:
        return await asyncio.shield(self._exited)


async def spawn(args: Sequence[str], *, env: dict[str, str] | None = None, limit: int = _LIMIT) -> Child:
    """Start `args` with piped stdin and stdout (stderr: this process's), off the loop's thread."""
    loop = asyncio.get_running_loop()
    started: asyncio.Future = loop.create_future()
    exited: asyncio.Future = loop.create_future()

    def settle(future: asyncio.Future, value=None, error: BaseException | None = None) -> None:
        if not future.done():
            future.set_exception(error) if error is not None else future.set_result(value)

    def run() -> None:
        try:
            popen = subprocess.Popen(list(args), stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        except BaseException as exc:  # noqa: BLE001 - handed to the loop, raised there
            loop.call_soon_threadsafe(settle, started, None, exc)
            return
        loop.call_soon_threadsafe(settle, started, popen)
        code = popen.wait()  # this thread waits for the exit: no child watcher, no thread of the loop's pool
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody is waiting any more
            loop.call_soon_threadsafe(settle, exited, code)

    threading.Thread(target=run, name=f"spawn-{args[2] if len(args) > 2 else args[0]}", daemon=True).start()
    popen = await started
    try:
        reader = asyncio.StreamReader(limit=limit, loop=loop)
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader, loop=loop), popen.stdout)
        transport, protocol = await loop.connect_write_pipe(lambda: asyncio.streams.FlowControlMixin(loop=loop),
                                                            popen.stdin)
        writer = asyncio.StreamWriter(transport, protocol, None, loop)
    except BaseException:
        popen.kill()
        raise
    return Child(popen, writer, reader, exited)
