"""Durable bot state in one SQLite file under the data folder: the answers the bot posted, 👍/👎 votes on them, and
the question context of each answer and thread (so follow-ups work across restarts).

All methods block (disk I/O): call them with `asyncio.to_thread` from the event loop. One connection guarded by a
lock; WAL mode so a reader never waits for a writer.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections import OrderedDict
from dataclasses import asdict, dataclass, fields
from datetime import date
from pathlib import Path

from gapbot.dates import DateSpan
from gapbot.question import Query

from .sqlitefile import open_checked

SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    message_id INTEGER PRIMARY KEY,
    channel_id INTEGER,
    guild_id INTEGER,
    user_id INTEGER,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    query TEXT,
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS votes (
    message_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    PRIMARY KEY (message_id, user_id)
);
CREATE TABLE IF NOT EXISTS contexts (
    key TEXT PRIMARY KEY,
    query TEXT NOT NULL,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS contexts_age ON contexts (updated_at);
"""
_QUERY_FIELDS = {f.name for f in fields(Query)}
_TUPLE_FIELDS = {f.name for f in fields(Query) if isinstance(f.default, tuple)}
log = logging.getLogger(__name__)


def query_to_json(q: Query) -> str:
    """A query as JSON: dates as ISO text, a DateSpan as its two (year, month) ends."""
    return json.dumps(asdict(q), ensure_ascii=False, default=_encode)


def _encode(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot store a {type(value).__name__} in a query")


def _tuples(value: object) -> object:
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def query_from_json(text: str | None) -> Query | None:
    if not text:
        return None
    try:
        return _query_from_data(json.loads(text))
    except (ValueError, TypeError, AttributeError, KeyError):
        return None


def _query_from_data(raw: dict) -> Query:
    data = {k: v for k, v in raw.items() if k in _QUERY_FIELDS}
    for key in ("as_of", "since"):
        if data.get(key):
            data[key] = date.fromisoformat(data[key])
    if data.get("when"):
        data["when"] = DateSpan(*(tuple(data["when"][end]) if data["when"].get(end) else None
                                  for end in ("start", "end")))
    for key in _TUPLE_FIELDS & set(data):  # JSON has lists only; the query's tuples compare unequal to them
        data[key] = _tuples(data[key])
    if data.get("leader_of"):  # "how does it do on math": the best-of whose leader "it" is, a query itself
        data["leader_of"] = _query_from_data(data["leader_of"])
    return Query(**data)


@dataclass(slots=True)
class StoredAnswer:
    message_id: int
    question: str
    answer: str
    query: Query | None


@dataclass(slots=True)
class VoteResult:
    vote: int
    changed: bool  # False when the user clicked the same vote again
    up: int
    down: int
    found: bool  # False when the message is not an answer the bot knows


class FeedbackStore:
    def __init__(self, path: Path, max_contexts: int = 20_000) -> None:
        self.path = Path(path)
        self.max_contexts = max_contexts
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._writes = 0

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> FeedbackStore:
        return cls(Path(data_dir) / "bot.sqlite3")

    def open(self) -> FeedbackStore:
        """Open (or create) the database. A damaged file is moved aside and a new one created: votes and contexts
        are worth keeping, not worth a bot that cannot start."""
        with self._lock:
            if self._conn is None:
                self._conn = open_checked(self.path, SCHEMA, what="votes and follow-up contexts")
        return self

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            self.open()
        assert self._conn is not None
        return self._conn

    # -- answers ----------------------------------------------------------------------------------------------
    def record_answer(self, message_id: int, question: str, answer: str, query: Query | None = None, *,
                      channel_id: int | None = None, guild_id: int | None = None, user_id: int | None = None) -> None:
        db = self._db()
        with self._lock, db:
            db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (message_id, channel_id, guild_id, user_id, question, answer,
                        query_to_json(query) if query else None, time.time()))

    def get_answer(self, message_id: int) -> StoredAnswer | None:
        db = self._db()
        with self._lock:
            row = db.execute("SELECT message_id, question, answer, query FROM answers WHERE message_id = ?",
                             (message_id,)).fetchone()
        if row is None:
            return None
        return StoredAnswer(row[0], row[1], row[2], query_from_json(row[3]))

    # -- votes ------------------------------------------------------------------------------------------------
    def vote(self, message_id: int, user_id: int, vote: int) -> VoteResult:
        """One vote per user per message; voting again replaces it. The answer is looked up by message id."""
        if vote not in (-1, 1):
            raise ValueError("vote must be 1 or -1")
        db = self._db()
        now = time.time()
        with self._lock, db:
            ans = db.execute("SELECT question, answer FROM answers WHERE message_id = ?", (message_id,)).fetchone()
            if ans is None:
                return VoteResult(vote, False, 0, 0, found=False)
            old = db.execute("SELECT vote FROM votes WHERE message_id = ? AND user_id = ?",
                             (message_id, user_id)).fetchone()
            db.execute("INSERT INTO votes VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id, user_id) DO UPDATE "
                       "SET vote = excluded.vote, updated_at = excluded.updated_at",
                       (message_id, user_id, vote, ans[0], ans[1], now, now))
            up, down = db.execute("SELECT COALESCE(SUM(vote = 1), 0), COALESCE(SUM(vote = -1), 0) FROM votes "
                                  "WHERE message_id = ?", (message_id,)).fetchone()
        return VoteResult(vote, old is None or old[0] != vote, int(up), int(down), found=True)

    def votes(self, message_id: int | None = None) -> list[dict]:
        db = self._db()
        sql = "SELECT message_id, user_id, vote, question, answer, created_at, updated_at FROM votes"
        args: tuple = ()
        if message_id is not None:
            sql += " WHERE message_id = ?"
            args = (message_id,)
        with self._lock:
            rows = db.execute(sql + " ORDER BY updated_at", args).fetchall()
        keys = ("message_id", "user_id", "vote", "question", "answer", "created_at", "updated_at")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def summary(self, limit: int = 5, guild_id: int | None = None) -> dict:
        """Totals and the most down-voted answers (question, 👎, 👍, guild, channel and message ids, for a link to
        the answer), for moderators: of one server when `guild_id` is given, else of all."""
        db = self._db()
        where, args = ("WHERE a.guild_id = ?", (guild_id,)) if guild_id is not None else ("", ())
        with self._lock:
            answers = db.execute(f"SELECT COUNT(*) FROM answers a {where}", args).fetchone()[0]
            up, down = db.execute("SELECT COALESCE(SUM(v.vote = 1), 0), COALESCE(SUM(v.vote = -1), 0) FROM votes v "
                                  f"LEFT JOIN answers a USING (message_id) {where}", args).fetchone()
            worst = db.execute("SELECT v.question, SUM(v.vote = -1) AS d, SUM(v.vote = 1) AS u, a.guild_id, "
                               "a.channel_id, v.message_id FROM votes v LEFT JOIN answers a USING (message_id) "
                               f"{where} GROUP BY v.message_id HAVING d > 0 ORDER BY d DESC, u ASC LIMIT ?",
                               (*args, limit)).fetchall()
        return {"answers": int(answers), "up": int(up), "down": int(down),
                "worst": [(q, int(d), int(u), g, c, m) for q, d, u, g, c, m in worst]}

    # -- follow-up context --------------------------------------------------------------------------------------
    def put_context(self, key: str, query: Query) -> None:
        db = self._db()
        with self._lock, db:
            db.execute("INSERT OR REPLACE INTO contexts VALUES (?, ?, ?)", (key, query_to_json(query), time.time()))
            self._writes += 1
            if self._writes % 500 == 0:
                db.execute("DELETE FROM contexts WHERE key NOT IN (SELECT key FROM contexts ORDER BY updated_at DESC "
                           "LIMIT ?)", (self.max_contexts,))

    def get_context(self, key: str) -> Query | None:
        db = self._db()
        with self._lock:
            row = db.execute("SELECT query FROM contexts WHERE key = ?", (key,)).fetchone()
        return query_from_json(row[0]) if row else None


class ContextMemory:
    """The previous Query per bot message and per thread/DM: a bounded LRU in memory, backed by the SQLite store.

    `get`/`put` touch only memory (safe on the event loop); `load`/`save` also go to disk (call in a thread).
    """

    def __init__(self, store: FeedbackStore | None, capacity: int = 2048) -> None:
        self.store = store
        self.capacity = capacity
        self._lru: OrderedDict[str, Query] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def message_key(message_id: int) -> str:
        return f"m:{message_id}"

    @staticmethod
    def channel_key(channel_id: int) -> str:
        return f"c:{channel_id}"

    @staticmethod
    def clarify_key(message_id: int) -> str:
        """A question asked back with buttons, kept for the click (not a context a reply follows up on)."""
        return f"k:{message_id}"

    def get(self, key: str) -> Query | None:
        with self._lock:
            q = self._lru.get(key)
            if q is not None:
                self._lru.move_to_end(key)
            return q

    def put(self, key: str, query: Query) -> None:
        with self._lock:
            self._lru[key] = query
            self._lru.move_to_end(key)
            while len(self._lru) > self.capacity:
                self._lru.popitem(last=False)

    def load(self, key: str) -> Query | None:
        q = self.get(key)
        if q is None and self.store is not None:
            q = self.store.get_context(key)
            if q is not None:
                self.put(key, q)
        return q

    def save(self, key: str, query: Query) -> None:
        self.put(key, query)
        if self.store is not None:
            self.store.put_context(key, query)

    def __len__(self) -> int:
        return len(self._lru)
