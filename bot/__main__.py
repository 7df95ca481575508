"""`python -m bot` (and `gapbot run`): start the Discord bot.

Exit codes: 0 stopped normally, 2 configuration error (no DISCORD_TOKEN, invalid token, privileged intent not
enabled), 3 vector store unavailable at start-up.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys

from bot.redaction import REDACTED, RedactingFilter, secret_values
from gapbot.errors import ConfigError, StoreUnavailable

log = logging.getLogger("bot")
__all__ = ["REDACTED", "RedactingFilter", "main", "run", "secret_values", "setup_logging"]


def setup_logging(settings=None, level: int = logging.INFO, stream=None) -> logging.Handler:
    """One stderr handler on the root logger, with the redaction filter on the handler (so records propagated from
    discord.py's loggers are redacted too)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter(secret_values(settings)))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_gapbot", False)]:
        root.removeHandler(old)
    handler._gapbot = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("discord.http").setLevel(logging.WARNING)
    logging.getLogger("discord.gateway").setLevel(logging.WARNING)
    return handler


def limit_malloc_arenas(arenas: int = 2) -> None:
    """glibc gives each thread its own malloc arena, and freed memory stays in them: with worker threads running
    the embedding model, RSS grows by hundreds of MB. Two arenas keep it flat. A no-op where mallopt is missing."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(-8, arenas)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass


def run(settings) -> int:
    """Run the bot until it is stopped. Returns the process exit code."""
    try:
        settings.require("DISCORD_TOKEN")
    except ConfigError as exc:
        print(f"gapbot: cannot start the Discord bot: {exc}. Create a bot at "
              "https://discord.com/developers/applications, copy its token, and set DISCORD_TOKEN.", file=sys.stderr)
        return 2
    setup_logging(settings, logging.DEBUG if os.environ.get("GAPBOT_DEBUG") else logging.INFO)
    limit_malloc_arenas()
    # Worker threads (ingest, answers) run pure-Python stretches; hand the GIL back to the event loop after 1 ms
    # instead of the default 5 ms, so heartbeats and acknowledgements are not kept waiting.
    sys.setswitchinterval(0.001)
    import discord

    from bot.client import create_bot

    token = settings.discord_token.get_secret_value()
    terminated: list[bool] = []

    async def main() -> None:
        # SIGTERM (`docker stop`; Python running as a container's PID 1 would otherwise ignore it and be killed 10 s
        # later) stops the bot like Ctrl-C: the task is cancelled and `async with` closes the gateway cleanly.
        task = asyncio.current_task()

        def on_sigterm() -> None:
            log.info("SIGTERM received: shutting down")
            terminated.append(True)
            task.cancel()

        with contextlib.suppress(NotImplementedError, RuntimeError):  # no signal handlers on this platform/thread
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, on_sigterm)
        async with create_bot(settings, warm_embedder=True) as bot:
            await bot.start(token)

    try:
        asyncio.run(main())
    except asyncio.CancelledError:
        if not terminated:
            raise
        log.info("stopped")
    except discord.LoginFailure:
        log.error("Discord refused the token: check DISCORD_TOKEN (Bot tab → Reset Token)")
        return 2
    except discord.PrivilegedIntentsRequired:
        log.error("enable the Message Content intent for this bot (Developer Portal → Bot → Privileged Gateway "
                  "Intents)")
        return 2
    except StoreUnavailable as exc:
        log.error("%s", exc)
        return 3
    except ConfigError as exc:
        log.error("configuration error: %s", exc)
        return 2
    except KeyboardInterrupt:
        log.info("stopped")
    return 0


def main() -> int:
    from gapbot.settings import load_settings

    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"gapbot: configuration error: {exc}", file=sys.stderr)
        return 2
    return run(settings)


if __name__ == "__main__":
    sys.exit(main())
