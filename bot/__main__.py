"""`python -m bot` (and `gapbot run`): start the Discord bot.

Exit codes: 0 stopped normally, 2 configuration error (no DISCORD_TOKEN, invalid token, privileged intent not
enabled), 3 vector store unavailable at start-up.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sys

from gapbot.errors import ConfigError, StoreUnavailable

log = logging.getLogger("bot")
REDACTED = "[REDACTED]"
_SECRET_ENV = re.compile(r"(TOKEN|SECRET|PASSWORD|API_KEY|APIKEY|_KEY)$|^GAPBOT_LLM$", re.I)


def secret_values(settings=None, environ=None) -> list[str]:
    """The token and every secret-looking environment value (GAPBOT_LLM, *_API_KEY, *_TOKEN, ...)."""
    environ = os.environ if environ is None else environ
    values = set()
    token = getattr(settings, "discord_token", None) if settings is not None else None
    if token is not None:
        values.add(token.get_secret_value() if hasattr(token, "get_secret_value") else str(token))
    llm = getattr(settings, "llm", None) if settings is not None else None
    if llm:
        values.add(str(llm))
    for name, value in environ.items():
        if _SECRET_ENV.search(name) and value:
            values.add(value)
    # Short values would redact ordinary words; longest first so a secret containing another is fully hidden.
    return sorted((v for v in values if len(v) >= 6), key=len, reverse=True)


class RedactingFilter(logging.Filter):
    """Replaces secret values in every record a handler emits: message, arguments, traceback and stack."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def redact(self, text: str) -> str:
        for s in self.secrets:
            if s in text:
                text = text.replace(s, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep the raw parts
            message = f"{record.msg} {record.args}"
        record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
            record.exc_info = None  # formatters use the redacted text
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


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
    import discord

    from bot.client import create_bot

    token = settings.discord_token.get_secret_value()

    async def main() -> None:
        async with create_bot(settings, warm_embedder=True) as bot:
            await bot.start(token)

    try:
        asyncio.run(main())
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
