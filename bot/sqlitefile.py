"""Open the bot's small SQLite files (answers and votes, per-server settings) the one careful way.

A damaged file must not keep the bot from starting: it is moved aside (with its WAL and shared-memory files, so a
stale WAL is never replayed into the new database) and a new one is created. A locked or unreadable file is left
alone and the error raised: the file itself may be fine.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from pathlib import Path

log = logging.getLogger("gapbot.bot")


def open_checked(path: Path, schema: str, *, what: str) -> sqlite3.Connection:
    """A connection to `path` (created if missing) that passed an integrity check, in WAL mode, with `schema`
    applied. `what` names the lost contents in the warning logged when a damaged file is moved aside."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _connect(path, schema)
    except sqlite3.OperationalError:
        raise
    except sqlite3.DatabaseError as exc:
        aside = move_aside(path)
        log.warning("%s is damaged (%s): moved it to %s; %s start afresh", path, exc, aside, what)
        return _connect(path, schema)


def _connect(path: Path, schema: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, check_same_thread=False, timeout=10)
    try:
        # Garbage fails on the first statement; a truncated or torn file only in the integrity check.
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
        if problems != ["ok"]:
            raise sqlite3.DatabaseError("integrity check: " + "; ".join(problems[:3]))
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.executescript(schema)
        conn.commit()
    except BaseException:
        conn.close()
        raise
    return conn


def move_aside(path: Path) -> Path:
    """Rename the file and its -wal/-shm companions to `<name>.corrupt-<timestamp>[-n]`, never over an earlier
    copy."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    for suffix in ("", "-wal", "-shm"):
        src = Path(f"{path}{suffix}")
        if src.exists():
            os.replace(src, f"{aside}{suffix}")
    return aside
