"""A local, read-optimised copy of the served rows, so a structured answer needs neither Chroma nor torch.

Written by ingest right after the manifest switch (embedded mode), keyed by generation; readers use it only when
its generation is the one they expect, or, in embedded mode, as the served state itself (it is written after the
switch, so it is never newer than Chroma, and a stale one is a consistent older state, repaired by the next run).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import fields
from pathlib import Path

from gapbot.models import Manifest, ScoreRow

FILENAME = "served.jsonl"
_FIELDS = [f.name for f in fields(ScoreRow)]


def write(data_dir: Path, manifest: Manifest, rows: list[ScoreRow]) -> None:
    """JSON lines, one row each: many small encode calls let other threads run (one big json.dumps of 20k rows
    holds the GIL for ~60 ms, a visible stall for the bot's event loop)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    head = {"generation": manifest.generation, "refreshed_at": manifest.refreshed_at,
            "embedding_model": manifest.embedding_model, "files": manifest.files, "fields": _FIELDS}
    fd, tmp = tempfile.mkstemp(dir=data_dir, prefix=".served-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(head) + "\n")
        for r in rows:
            # not dataclasses.astuple: it deep-copies every value (0.3 s for the full data, against 0.05 s)
            fh.write(json.dumps([getattr(r, name) for name in _FIELDS], separators=(",", ":")) + "\n")
    os.replace(tmp, data_dir / FILENAME)


def read(data_dir: Path) -> tuple[Manifest, list[ScoreRow]] | None:
    path = data_dir / FILENAME
    try:
        # One read, then parse: iterating the file would release and retake the GIL at every buffer refill, and a
        # thread doing that starves the others (the bot's event loop) of the GIL for the whole parse: 30-60 ms.
        first, _, rest = path.read_text(encoding="utf-8").partition("\n")
        head = json.loads(first)
        if not isinstance(head, dict) or head.get("fields") != _FIELDS:
            return None  # written by another version: ignore, Chroma is the source of truth
        rows = [ScoreRow(*json.loads(line)) for line in rest.split("\n") if line.strip()]
    except (OSError, ValueError, TypeError):
        return None
    manifest = Manifest(generation=head["generation"], files=head["files"], refreshed_at=head.get("refreshed_at", ""),
                        embedding_model=head.get("embedding_model", ""))
    return manifest, rows
