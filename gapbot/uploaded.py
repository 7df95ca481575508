"""Moderators' uploads are their own source family until a moderator promotes them.

An uploaded board (a file in `data/uploads/`) answers when it is named (the "Uploaded" leaderboard: `/gap
source:Uploaded`, "… on the uploaded board") and never takes a public leaderboard's place in a default answer: its
rows are served under the source `upload-<their source>`, family `upload`, which board selection leaves out unless
asked (gapbot.boards.candidates). A promoted upload is served under its own source, like a corpus file.

Which uploads are promoted is kept with their provenance in `data/uploads.json` (written by the bot, see
bot/uploads.py); the core reads only the names promoted, when it loads what is served.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from gapbot.models import ScoreRow

FAMILY = "upload"
LEDGER = "uploads.json"  # under the data folder


def ledger_path(data_dir: Path) -> Path:
    return Path(data_dir) / LEDGER


def promoted_names(data_dir: Path) -> frozenset[str]:
    """The file names of the promoted uploads (none when the ledger is missing or unreadable)."""
    try:
        data = json.loads(ledger_path(data_dir).read_text(encoding="utf-8"))
        return frozenset(name for name, rec in data.get("uploads", {}).items() if rec.get("promoted"))
    except (OSError, ValueError, AttributeError):
        return frozenset()


def as_uploads(rows: list[ScoreRow], uploads_dir: Path, promoted: frozenset[str]) -> list[ScoreRow]:
    """Rows read from an upload that is not promoted, moved to the upload family (their source kept after the
    prefix, so two uploads stay two leaderboards); every other row as it is."""
    prefix = Path(uploads_dir).resolve().as_posix().rstrip("/") + "/"
    out = rows
    for i, r in enumerate(rows):
        if r.file.startswith(prefix) and r.file[len(prefix):] not in promoted and family_of(r.source) != FAMILY:
            if out is rows:
                out = list(rows)
            out[i] = replace(r, source=f"{FAMILY}-{r.source}")
    return out


def not_promoted(file_ids: Iterable[str], uploads_dir: Path, promoted: frozenset[str]) -> set[str]:
    """The served files that are uploads not promoted: their rows are served in the upload family (what
    `as_uploads` does to rows at hand, for a row store that reads them from disk: gapbot/rowcache.py)."""
    prefix = Path(uploads_dir).resolve().as_posix().rstrip("/") + "/"
    return {f for f in file_ids if f.startswith(prefix) and f[len(prefix):] not in promoted}


def family_of(source: str) -> str:
    return source.split("-", 1)[0]
