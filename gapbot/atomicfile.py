"""Files replaced whole or not at all: written beside, then renamed over the old one in one step."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: str | bytes, durable: bool = False) -> None:
    """Replace `path` with `data`; a reader (or a crash) sees the old file or the new one, never half of it.
    `durable`: flushed to disk before the rename, and the rename itself too (a power cut keeps what was switched)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A temporary name of its own: two processes writing the same file at once must not write into one temporary
    # file (one would rename the other's half-written bytes into place).
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with open(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if durable:
        fsync_dir(path.parent)


def fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable (a power cut must not bring the old pointer back with the new files gone)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
