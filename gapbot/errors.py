"""The core's own errors. Each edge (CLI, bot) translates them into its own form."""

from __future__ import annotations


class GapbotError(Exception):
    """Base class: a problem the user can act on, with a message fit to show them."""


class ConfigError(GapbotError):
    """A setting is missing or invalid (names the variable)."""


class InputFileError(GapbotError):
    """A corpus file could not be read: names the file, the line where known, and what to do."""

    def __init__(self, path: str, reason: str, line: int | None = None, hint: str = "") -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        self.hint = hint
        where = f"{self.path}:{line}" if line else self.path
        msg = f"{where}: {reason}"
        if hint:
            msg += f" ({hint})"
        super().__init__(msg)


class StoreUnavailable(GapbotError):
    """The vector store (a Chroma server) cannot be reached right now."""


class NoData(GapbotError):
    """The index holds nothing that answers the question (e.g. nothing ingested yet)."""


class RefreshInProgress(GapbotError):
    """Another refresh holds the ingest lock."""


class RefreshFailed(GapbotError):
    """A refresh run in its own process failed in a way that is not one of the errors above (it crashed)."""
