"""Pointing discord.py at the fake, and running a bot against it for the length of a test."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import yarl

from .server import FakeDiscord


class point_discord_at:  # noqa: N801 - used like a function / context manager
    """Point discord.py's REST base (``Route.BASE``) and default gateway (``DiscordWebSocket.DEFAULT_GATEWAY``,
    which a plain ``Client`` connects to without asking ``/gateway``) at ``fake``. Applied at once; undo with
    ``.undo()`` or by using it as a context manager. Nested uses restore in order."""

    def __init__(self, fake: FakeDiscord) -> None:
        from discord.gateway import DiscordWebSocket
        from discord.http import Route

        self._saved = (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
        Route.BASE = fake.api_base
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
        self._done = False

    def undo(self) -> None:
        if self._done:
            return
        from discord.gateway import DiscordWebSocket
        from discord.http import Route

        Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = self._saved
        self._done = True

    def __enter__(self) -> point_discord_at:
        return self

    def __exit__(self, *exc: object) -> None:
        self.undo()


def fast_ready(bot: Any, seconds: float = 0.05) -> None:
    """Test speed-ups that change no protocol behaviour: discord.py waits ``guild_ready_timeout`` (2 s) after the
    last GUILD_CREATE before ``on_ready`` (shortened to ``seconds``), and its default ``before_identify_hook`` sleeps
    5 s before every non-first IDENTIFY (each extra shard, each re-IDENTIFY after INVALID_SESSION; made instant)."""
    bot._connection.guild_ready_timeout = min(bot._connection.guild_ready_timeout, seconds)

    async def no_identify_delay(shard_id: int | None, *, initial: bool = False) -> None:
        return None

    bot.before_identify_hook = no_identify_delay


def stop_views(bot: Any) -> int:
    """Stop every view/modal the bot is still listening to. ``bot.close()`` leaves their timeout tasks running
    (until the view times out), which would outlive the test; returns how many were stopped."""
    store = getattr(bot._connection, "_view_store", None)
    if store is None:
        return 0
    views = {id(v): v for v in store._synced_message_views.values()}
    views.update({id(v): v for v in store._modals.values()})
    for items in store._views.values():
        for item in items.values():
            if item.view is not None:
                views[id(item.view)] = item.view
    for view in views.values():
        view.stop()
    return len(views)


@contextlib.asynccontextmanager
async def run_bot(bot: Any, fake: FakeDiscord, *, ready_timeout: float = 10.0, fast: bool = True,
                  close_timeout: float = 5.0) -> AsyncIterator[Any]:
    """Log ``bot`` in against ``fake``, connect it, wait for ``on_ready``; on exit close the bot and wait for its
    connect task to end, and stop the bot's views (see :func:`stop_views`). Errors from login/connect surface here
    instead of hanging. ``fast`` applies :func:`fast_ready`."""
    with point_discord_at(fake):
        if fast:
            fast_ready(bot)
        task: asyncio.Task | None = None
        try:
            await bot.login(fake.token)
            task = asyncio.get_running_loop().create_task(bot.connect(reconnect=True),
                                                          name="fakediscord-bot-connect")
            ready = asyncio.ensure_future(bot.wait_until_ready())
            done, _ = await asyncio.wait({task, ready}, timeout=ready_timeout, return_when=asyncio.FIRST_COMPLETED)
            if ready not in done:
                ready.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await ready
                if task in done:
                    task.result()  # raises what connect raised
                    raise RuntimeError("bot.connect() returned before the bot was ready")
                raise TimeoutError(f"bot not ready within {ready_timeout}s")
            yield bot
        finally:
            await bot.close()
            stop_views(bot)
            if task is not None:
                try:
                    await asyncio.wait_for(task, close_timeout)
                except TimeoutError:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError, Exception):
                        await task
