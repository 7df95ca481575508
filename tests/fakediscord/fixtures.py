"""pytest fixtures for the fake Discord. Use them from a test module with

    pytest_plugins = ("fakediscord.fixtures",)

(``tests/`` is on ``sys.path`` under pytest because it has a conftest.py and no ``__init__.py``.)

``fake_discord``  a started FakeDiscord with discord.py pointed at it; stopped (and checked for leaked asyncio
                  tasks) at teardown.
``fake_discord_factory``  ``await factory(**FakeDiscord kwargs)`` for fakes with other settings.
``discord_world`` a default world on it: one guild with #general, a thread, @Member / @Mod roles, an owner and
                  two members (alice: Member, bob: Member + Mod), and carol who shares no guild with the bot.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from .helpers import point_discord_at
from .server import FakeDiscord
from .world import World, build_world


async def leaked_tasks(grace: float = 0.5) -> list[asyncio.Task]:
    """Tasks still pending besides the caller's, after giving them ``grace`` seconds to finish."""
    current = asyncio.current_task()
    deadline = asyncio.get_running_loop().time() + grace
    while True:
        pending = [t for t in asyncio.all_tasks() if t is not current and not t.done()]
        if not pending or asyncio.get_running_loop().time() >= deadline:
            return pending
        await asyncio.sleep(0.02)


@pytest.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord()
    await fake.start()
    pointer = point_discord_at(fake)
    try:
        yield fake
    finally:
        pointer.undo()
        await fake.stop()
    leftover = await leaked_tasks()
    assert not leftover, f"leaked asyncio tasks: {leftover}"


@pytest.fixture
async def fake_discord_factory() -> AsyncIterator[Callable[..., Awaitable[FakeDiscord]]]:
    """``fake = await fake_discord_factory(shards=2, heartbeat_interval=0.2, ...)``: started fakes with your
    FakeDiscord parameters, all stopped at teardown. Point discord.py with ``run_bot`` / ``point_discord_at``."""
    fakes: list[FakeDiscord] = []

    async def make(**kwargs: Any) -> FakeDiscord:
        fake = FakeDiscord(**kwargs)
        fakes.append(fake)
        return await fake.start()

    try:
        yield make
    finally:
        for fake in fakes:
            await fake.stop()
    leftover = await leaked_tasks()
    assert not leftover, f"leaked asyncio tasks: {leftover}"


__all__ = ["World", "build_world", "discord_world", "fake_discord", "fake_discord_factory", "leaked_tasks"]


@pytest.fixture
def discord_world(fake_discord: FakeDiscord) -> World:
    return build_world(fake_discord)
