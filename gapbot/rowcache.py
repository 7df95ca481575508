"""A local, read-optimised copy of the served rows, so a structured answer needs neither Chroma nor torch.

Embedded mode: each generation folder holds its own copy, written before the pointer switch (gapbot/generations.py),
so it is exactly what that generation's Chroma serves. Server mode: one copy in the data folder, written after the
switch and keyed by generation; readers use it only when its generation is the one the server serves.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import fields
from pathlib import Path

from gapbot import generations
from gapbot.models import Manifest, ScoreRow

FILENAME = "served.jsonl"
_FIELDS = [f.name for f in fields(ScoreRow)]


def write(folder: Path, manifest: Manifest, rows: list[ScoreRow]) -> None:
    """JSON lines, one row each: many small encode calls let other threads run (one big json.dumps of 20k rows
    holds the GIL for ~60 ms, a visible stall for the bot's event loop). Flushed to disk before the rename: a
    generation is switched in only once its files are durable."""
    data_dir = Path(folder)
    data_dir.mkdir(parents=True, exist_ok=True)
    head = {"generation": manifest.generation, "refreshed_at": manifest.refreshed_at,
            "embedding_model": manifest.embedding_model, "files": manifest.files, "fields": _FIELDS}
    fd, tmp = tempfile.mkstemp(dir=data_dir, prefix=".served-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(head) + "\n")
        for r in rows:
            # not dataclasses.astuple: it deep-copies every value (0.3 s for the full data, against 0.05 s)
            fh.write(json.dumps([getattr(r, name) for name in _FIELDS], separators=(",", ":")) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, data_dir / FILENAME)


def read(data_dir: Path) -> tuple[Manifest, list[ScoreRow]] | None:
    """The served rows: the current generation's copy when one is switched in, else the data folder's own (server
    mode). None when there is none, or it is unreadable or incomplete (a reader then goes to Chroma)."""
    gen = generations.current(Path(data_dir))
    return read_file(gen.dir if gen is not None else Path(data_dir))


def read_file(folder: Path) -> tuple[Manifest, list[ScoreRow]] | None:
    """The copy in this folder, checked: every served file's row count must add up (a truncated copy is refused)."""
    path = Path(folder) / FILENAME
    try:
        # One read, then parse: iterating the file would release and retake the GIL at every buffer refill, and a
        # thread doing that starves the others (the bot's event loop) of the GIL for the whole parse: 30-60 ms.
        first, _, rest = path.read_text(encoding="utf-8").partition("\n")
        head = json.loads(first)
        written = head.get("fields") if isinstance(head, dict) else None
        # Fields are only ever appended (with defaults), so a copy written by an older version still reads: its
        # rows simply lack the newer fields. Any other layout is refused.
        if not isinstance(written, list) or not written or written != _FIELDS[:len(written)]:
            return None
        rows = [ScoreRow(*json.loads(line)) for line in rest.split("\n") if line.strip()]
    except (OSError, ValueError, TypeError):
        return None
    manifest = Manifest(generation=head["generation"], files=head["files"], refreshed_at=head.get("refreshed_at", ""),
                        embedding_model=head.get("embedding_model", ""))
    expected = expected_rows(manifest)
    if expected is not None and len(rows) != expected:
        return None
    return manifest, rows


def expected_rows(manifest: Manifest) -> int | None:
    """How many rows the manifest serves; None for a manifest written before files recorded their row counts."""
    if any("rows" not in f for f in manifest.files.values()):
        return None
    return sum(int(f["rows"]) for f in manifest.files.values())
