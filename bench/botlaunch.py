"""The bot's side of the bot benchmark (bench/botbench.py): `python -m bench.botlaunch` points discord.py at the fake
Discord, adds a control pipe to the bot its own entry point builds (stdin commands; stdout `@@botbench {json}` lines
with the lag monitor's figures, the embedder's state and the peak memory), then runs that entry point."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from typing import Any

from gapbot.procmem import peak_rss_mb

MARK = "@@botbench "


def pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def _emit(event: str, **fields: Any) -> None:
    sys.stdout.write(MARK + json.dumps({"event": event, **fields}) + "\n")
    sys.stdout.flush()


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm") as fh:
            return round(int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)
    except (OSError, ValueError, IndexError):
        return 0.0


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
    try:
        while line := await reader.readline():
            cmd = line.decode(errors="replace").strip()
            if cmd == "status":
                embedder = getattr(bot.engine, "embedder", None)
                _emit(cmd, embedder_loaded=bool(getattr(embedder, "loaded", True)), rss_mb=_rss_mb(),
                      ready=bot.is_ready())
            elif cmd == "reset":
                bot.lag.reset()
                window_start = loop.time()
                _emit(cmd)
            elif cmd == "report":
                window = [(at, lag) for at, lag in list(bot.lag.history) if at >= window_start]
                lags = [lag for _, lag in window]
                top = sorted(window, key=lambda x: -x[1])[:3]
                p50 = pct(lags, 50)
                _emit(cmd, worst_lag_ms=bot.lag.worst_lag_ms, worst_lag_cpu_ms=round(bot.lag.worst_lag_cpu_ms, 1),
                      samples=bot.lag.samples,
                      lag_p50_ms=None if p50 is None else round(p50, 1),
                      over_100ms=sum(lag > 100 for lag in lags), peak_rss_mb=peak_rss_mb(), rss_mb=_rss_mb(),
                      refresh_peak_rss_mb=getattr(getattr(bot.get_cog("Admin"), "last_report", None),
                                                  "peak_rss_mb", None),
                      top=[[round(at - window_start, 2), round(lag, 1)] for at, lag in top])
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
    return entry.main()


if __name__ == "__main__":
    sys.exit(launch())
