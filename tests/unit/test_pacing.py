"""bot/pacing.py: a burst of callers goes through a few per event-loop iteration, in order, none lost."""

from __future__ import annotations

import asyncio

from bot.pacing import Pacer


async def _burst(pacer: Pacer, n: int) -> tuple[list[int], list[int]]:
    """Start n callers at once; returns the order they went through and how many went through per iteration."""
    order: list[int] = []
    per_iteration: list[int] = []
    done = asyncio.Event()

    def tick() -> None:  # counts callers let through since the previous iteration, once per iteration
        per_iteration.append(len(order) - sum(per_iteration))
        if not done.is_set():
            asyncio.get_running_loop().call_soon(tick)

    async def caller(i: int) -> None:
        await pacer()
        order.append(i)

    asyncio.get_running_loop().call_soon(tick)
    await asyncio.gather(*(caller(i) for i in range(n)))
    done.set()
    return order, per_iteration


def test_a_burst_is_spread_over_iterations_in_order() -> None:
    order, per_iteration = asyncio.run(_burst(Pacer(per_tick=2), 20))
    assert order == list(range(20))  # first come, first served; nobody lost
    assert max(per_iteration) <= 4  # 2 a tick (a tick's releases and new arrivals may share an iteration)
    assert sum(1 for n in per_iteration if n) >= 5  # spread over many iterations, not one


def test_a_cancelled_caller_gives_up_its_place() -> None:
    async def main() -> list[str]:
        pacer = Pacer(per_tick=1)
        got: list[str] = []

        async def caller(name: str) -> None:
            await pacer()
            got.append(name)

        tasks = [asyncio.create_task(caller(n)) for n in "abc"]
        await asyncio.sleep(0)
        tasks[1].cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return got

    assert asyncio.run(main()) == ["a", "c"]


def test_a_lone_caller_is_not_delayed() -> None:
    """Below the per-iteration budget a caller goes straight through: not even one loop iteration passes."""
    async def main() -> list[bool]:
        pacer = Pacer(per_tick=2)
        ran = []
        for _ in range(3):  # each call in a fresh iteration, as separate interactions arrive
            other = asyncio.Event()
            asyncio.get_running_loop().call_soon(other.set)  # runs in the next iteration
            await pacer()
            ran.append(other.is_set())  # False: pacer() returned without giving the loop an iteration
            await asyncio.sleep(0)
        return ran

    assert asyncio.run(main()) == [False, False, False]
