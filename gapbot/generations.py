"""Where the served index lives in embedded mode: one folder per generation, and a pointer switched atomically.

Embedded Chroma is not crash-safe: a SIGKILL or a full disk in the middle of a write can leave an HNSW segment that
fails every later read and write. So an ingest never writes to the folder that is served. It copies the served
generation into a new folder, changes the copy, and only then points `CURRENT` at it (one `os.replace`). A crash at
any moment leaves the pointer on the old, untouched folder; the half-built one is deleted by the next run.

    data/CURRENT                       {"generation": 8, "dir": "generations/000008-1a2b3c", "previous": "..."}
    data/generations/000008-1a2b3c/    chroma/ (an embedded Chroma) and served.jsonl (the row cache)

Chroma rewrites a collection's HNSW files whenever a client loads it, readers included, so a reader killed at the
wrong moment could damage what it reads. Readers therefore never open a served folder: each process reads its own
copy (`reader_copy`, milliseconds for a few MB), and a served generation is written by nobody once switched in.

This module is the read side; `ingest/served.py` builds and switches.
"""

from __future__ import annotations

import atexit
import json
import os
import secrets
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from gapbot.atomicfile import write_atomic

POINTER = "CURRENT"
FOLDER = "generations"
READERS = "readers"


@dataclass(frozen=True, slots=True)
class Generation:
    number: int
    dir: Path
    previous: Path | None = None

    @property
    def chroma_dir(self) -> Path:
        return self.dir / "chroma"


def current(data_dir: Path) -> Generation | None:
    """The served generation, or None when nothing has been switched in yet (or the pointer is unreadable)."""
    try:
        data = json.loads((Path(data_dir) / POINTER).read_text(encoding="utf-8"))
        prev = data.get("previous")
        return Generation(int(data["generation"]), Path(data_dir) / data["dir"],
                          Path(data_dir) / prev if prev else None)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def switch(data_dir: Path, gen: Generation) -> None:
    """Point readers at `gen`: written beside, flushed to disk, then renamed over the old pointer in one step."""
    data_dir = Path(data_dir)
    rel = {"generation": gen.number, "dir": str(gen.dir.relative_to(data_dir)),
           "previous": str(gen.previous.relative_to(data_dir)) if gen.previous else None}
    write_atomic(data_dir / POINTER, json.dumps(rel), durable=True)


def copy_chroma(src: Path, dst: Path) -> None:
    """Copy a Chroma folder without writing to it: its database through SQLite's backup API (a consistent snapshot),
    the HNSW segment folders as files."""
    dst.mkdir(parents=True)
    for path in src.iterdir():
        if path.is_dir():
            shutil.copytree(path, dst / path.name)
    source = sqlite3.connect(f"file:{src / 'chroma.sqlite3'}?mode=ro", uri=True, timeout=30)
    target = sqlite3.connect(dst / "chroma.sqlite3")
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def reader_copy(data_dir: Path, gen: Generation) -> Path:
    """This process's own copy of a generation's Chroma folder, to open for reading; removed when the process ends
    (or, if it is killed, by the next reader)."""
    root = Path(data_dir) / READERS
    _collect_dead_readers(root)
    dst = root / f"{os.getpid()}-{gen.number}-{secrets.token_hex(3)}"
    if not _mine:
        atexit.register(_remove_mine)
    _mine.append(dst)
    try:
        copy_chroma(gen.chroma_dir, dst)
    except BaseException:
        remove_copy(dst)  # half a copy is of no use to anyone
        raise
    return dst


def remove_copy(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
    if path in _mine:
        _mine.remove(path)


_mine: list[Path] = []


def _remove_mine() -> None:
    for path in _mine:
        shutil.rmtree(path, ignore_errors=True)


def _collect_dead_readers(root: Path) -> None:
    if not root.is_dir():
        return
    for path in root.iterdir():
        pid = path.name.split("-", 1)[0]
        if path in _mine or not pid.isdigit():
            continue
        # Ours by number but not by list: left by an earlier process with this id (PID 1 in a container restarted).
        if int(pid) == os.getpid() or not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
