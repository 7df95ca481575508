"""Secrets (the Discord token, LLM keys, any *_TOKEN / *_API_KEY value) kept out of logs and out of what the bot
sends: a logging filter for every handler, and `redact()` for user-facing error text."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable

from gapbot.settings import is_secret_env

REDACTED = "[REDACTED]"


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
        if is_secret_env(name) and value:
            values.add(value)
    # Short values would redact ordinary words; longest first so a secret containing another is fully hidden.
    return sorted((v for v in values if len(v) >= 6), key=len, reverse=True)


def redact(text: str, secrets: Iterable[str]) -> str:
    for s in secrets:
        if s and s in text:
            text = text.replace(s, REDACTED)
    return text


class RedactingFilter(logging.Filter):
    """Replaces secret values in every record a handler emits: message, arguments, traceback and stack."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def redact(self, text: str) -> str:
        return redact(text, self.secrets)

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
