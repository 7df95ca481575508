"""Per-server settings, kept in SQLite under the data folder (`data/guilds.sqlite3`) and changed with `/config`.

What a server's moderators choose, each falling back to the operator's settings when unset:

- `channels`: where the bot answers mentions (empty: everywhere it can read). DMs, slash commands and replies in
  threads under a chosen channel are always answered.
- `mod_role_id`: a role whose members may run the moderator commands (besides Manage Server and GAPBOT_MOD_ROLE).
- `cooldown_s`: seconds of the per-user rate limit (GAPBOT_COOLDOWN when unset).
- `alert_channel_id`: where leaderboard alerts are posted (None: no alerts in this server).

API (other modules use only this):

    store = GuildConfigStore.in_data_dir(settings.data_dir).open()   # blocking: call in a thread
    cfg = store.get(guild_id)          # a GuildConfig; from memory after the first read (safe on the event loop)
    store.set(guild_id, cooldown_s=5)  # blocking (a write); returns the new GuildConfig
    store.alert_channel_id(guild_id)   # int | None
    store.alert_channels()             # {guild_id: channel_id} of every server that wants alerts

The bot owns one store (`bot.guild_configs`). Reads are served from an in-memory copy that every write updates, so
checking a message's channel costs no disk access; only one process (the bot) writes the file.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from .sqlitefile import open_checked

log = logging.getLogger(__name__)
SCHEMA = """
CREATE TABLE IF NOT EXISTS guild_config (
    guild_id INTEGER PRIMARY KEY,
    channels TEXT NOT NULL DEFAULT '[]',
    mod_role_id INTEGER,
    cooldown_s REAL,
    alert_channel_id INTEGER,
    updated_at REAL NOT NULL,
    updated_by INTEGER
);
"""
FIELDS = ("channels", "mod_role_id", "cooldown_s", "alert_channel_id")
MAX_CHANNELS = 50  # a server rarely wants the bot in more; the list is checked on every mention


@dataclass(frozen=True, slots=True)
class GuildConfig:
    guild_id: int
    channels: frozenset[int] = field(default_factory=frozenset)  # empty: answer mentions in every channel
    mod_role_id: int | None = None
    cooldown_s: float | None = None  # None: the operator's GAPBOT_COOLDOWN
    alert_channel_id: int | None = None

    def answers_in(self, channel_id: int | None, parent_id: int | None = None) -> bool:
        """Whether mentions in this channel (or a thread whose parent is `parent_id`) are answered."""
        if not self.channels:
            return True
        return channel_id in self.channels or (parent_id is not None and parent_id in self.channels)


class GuildConfigStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._cache: dict[int, GuildConfig] = {}

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> GuildConfigStore:
        return cls(Path(data_dir) / "guilds.sqlite3")

    # -- life cycle (blocking) --------------------------------------------------------------------------------------
    def open(self) -> GuildConfigStore:
        """Open (or create) the file and read every server's settings into memory. A damaged file is moved aside
        (`guilds.sqlite3.corrupt-<timestamp>`) and a new one started: servers then use the defaults."""
        with self._lock:
            if self._conn is not None:
                return self
            self._conn = open_checked(self.path, SCHEMA, what="servers' settings (they use the defaults)")
            rows = self._conn.execute(f"SELECT guild_id, {', '.join(FIELDS)} FROM guild_config").fetchall()
            self._cache = {row[0]: _from_row(row) for row in rows}
        return self

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # -- reads (memory) ----------------------------------------------------------------------------------------------
    def get(self, guild_id: int | None) -> GuildConfig:
        """This server's settings (defaults for a server that never ran /config, or for DMs: guild_id None)."""
        if guild_id is None:
            return GuildConfig(0)
        with self._lock:
            return self._cache.get(guild_id) or GuildConfig(guild_id)

    def alert_channel_id(self, guild_id: int) -> int | None:
        return self.get(guild_id).alert_channel_id

    def alert_channels(self) -> dict[int, int]:
        """{guild id: alert channel id} for every server with an alert channel."""
        with self._lock:
            return {g: c.alert_channel_id for g, c in self._cache.items() if c.alert_channel_id is not None}

    # -- writes (blocking) --------------------------------------------------------------------------------------------
    def set(self, guild_id: int, *, by: int | None = None, **changes) -> GuildConfig:
        """Change some of FIELDS (None unsets a value; `channels` is a set of ids) and return the new settings."""
        unknown = set(changes) - set(FIELDS)
        if unknown:
            raise TypeError(f"unknown guild setting(s): {', '.join(sorted(unknown))}")
        if "channels" in changes:
            channels = frozenset(int(c) for c in changes["channels"] or ())
            if len(channels) > MAX_CHANNELS:
                raise ValueError(f"at most {MAX_CHANNELS} channels")
            changes["channels"] = channels
        if changes.get("cooldown_s") is not None and changes["cooldown_s"] < 0:
            raise ValueError("the cooldown cannot be negative")
        new = replace(self.get(guild_id), **changes)
        if self._conn is None:
            self.open()
        assert self._conn is not None
        with self._lock, self._conn:
            self._conn.execute(
                "INSERT INTO guild_config (guild_id, channels, mod_role_id, cooldown_s, alert_channel_id, updated_at, "
                "updated_by) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET channels = "
                "excluded.channels, mod_role_id = excluded.mod_role_id, cooldown_s = excluded.cooldown_s, "
                "alert_channel_id = excluded.alert_channel_id, updated_at = excluded.updated_at, updated_by = "
                "excluded.updated_by",
                (guild_id, json.dumps(sorted(new.channels)), new.mod_role_id, new.cooldown_s, new.alert_channel_id,
                 time.time(), by))
            self._cache[guild_id] = new
        return new


def _from_row(row: tuple) -> GuildConfig:
    guild_id, channels, mod_role_id, cooldown_s, alert_channel_id = row
    try:
        ids = frozenset(int(c) for c in json.loads(channels or "[]"))
    except (ValueError, TypeError):
        ids = frozenset()
    return GuildConfig(guild_id, ids, mod_role_id, cooldown_s, alert_channel_id)
