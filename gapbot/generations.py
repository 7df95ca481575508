"""Where the served index lives in embedded mode: one folder per generation, and a pointer switched atomically.

Embedded Chroma is not crash-safe: a SIGKILL or a full disk in the middle of a write can leave an HNSW segment that
fails every later read and write. So an ingest never writes to the folder that is served. It copies the served
generation into a new folder, changes the copy, and only then points `CURRENT` at it (one `os.replace`). A crash at
any moment leaves the pointer on the old, untouched folder; the half-built one is deleted by the next run.

    data/CURRENT                       {"generation": 8, "dir": "generations/000008-1a2b3c", "previous": "..."}
    data/generations/000008-1a2b3c/    chroma/ (an embedded Chroma) and served.jsonl (the row cache)

This module is the read side (readers only follow the pointer); `ingest/served.py` builds and switches.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

POINTER = "CURRENT"
FOLDER = "generations"


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
    tmp = data_dir / f".{POINTER}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(rel))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, data_dir / POINTER)
    fsync_dir(data_dir)


def fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable (a power cut must not bring the old pointer back with the new files gone)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
