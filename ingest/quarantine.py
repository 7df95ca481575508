"""Files that tripped a limit while being read, kept out of every later ingest until their content changes.

A file that made the parser run out of time or memory would do it again at every refresh (and an upload stays in
data/uploads/), so it is never retried on its own: its version is recorded here with the reason, and the ingest
rejects it by name until the file is replaced or removed. While a file is parsed, `data/ingest.reading` names it,
so that when the process itself is stopped (the bot's time or memory limit on its refresh process) the parent can
tell which file it was; a file found there after two runs in a row that died is quarantined the same way.
"""

from __future__ import annotations

import contextlib
import json
import logging
import signal
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from gapbot.atomicfile import write_atomic

log = logging.getLogger(__name__)
FILENAME = "quarantine.json"
MARKER = "ingest.reading"


class ParseTimeout(Exception):
    """Raised inside a parse that ran past its deadline."""


class Quarantine:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / FILENAME
        self.marker = self.data_dir / MARKER
        self._dead = self._marked()  # what a run that died left: the file it was reading, and how often

    def entries(self) -> dict[str, dict]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def reason(self, file_id: str, version: str) -> str | None:
        """Why this version of this file is quarantined, or None (a changed file is tried again)."""
        entry = self.entries().get(file_id)
        return entry["reason"] if entry and entry.get("ver") == version else None

    def add(self, file_id: str, version: str, reason: str) -> None:
        entries = self.entries()
        entries[file_id] = {"ver": version, "reason": reason, "at": datetime.now(UTC).isoformat(timespec="seconds")}
        _write_json(self.path, entries)
        log.warning("quarantined %s: %s", file_id, reason)

    def release(self, file_id: str) -> None:
        entries = self.entries()
        if entries.pop(file_id, None) is not None:
            _write_json(self.path, entries)

    @contextlib.contextmanager
    def reading(self, file_id: str, version: str) -> Iterator[None]:
        """Name the file being parsed (for whoever finds this process dead), for the length of the parse."""
        dead = self._dead  # not the marker now: the files parsed before this one have reset it
        strikes = dead.get("strikes", 0) if (dead.get("file"), dead.get("ver")) == (file_id, version) else 0
        _write_json(self.marker, {"file": file_id, "ver": version, "strikes": strikes + 1})
        yield
        _write_json(self.marker, {})

    def finish(self) -> None:
        self.marker.unlink(missing_ok=True)

    def blame_dead_run(self, why: str, strikes_needed: int = 1) -> str | None:
        """The file a dead run was reading, quarantined when it has been that file `strikes_needed` times in a row
        (a run killed at random should not condemn the file it happened to be reading). Returns its id."""
        marked = self._marked() or self._dead
        if not marked.get("file"):
            return None
        if marked.get("strikes", 1) >= strikes_needed:
            self.add(marked["file"], marked["ver"], why)
            self.finish()
            self._dead = {}
        return marked["file"]

    def _marked(self) -> dict:
        try:
            data = json.loads(self.marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise ParseTimeout in this block after `seconds` (main thread only: elsewhere, no deadline). It interrupts
    Python code; C code (a regex) finishes its call first, which is why no regex here backtracks."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    running = True

    def expire(signum, frame):
        if running:  # not once the block has ended (the timer may fire between its end and the cancel below)
            raise ParseTimeout(f"reading it took more than {seconds:g} s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
        running = False
    finally:
        running = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _write_json(path: Path, data: dict) -> None:
    write_atomic(path, json.dumps(data))
