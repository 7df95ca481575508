"""A local, read-optimised copy of the served rows, so a structured answer needs neither Chroma nor torch.

Written by ingest right after the manifest switch (embedded mode), keyed by generation; readers use it only when
its generation is the one they expect, or, in embedded mode, as the served state itself (it is written after the
switch, so it is never newer than Chroma, and a stale one is a consistent older state, repaired by the next run).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import astuple, fields
from pathlib import Path

from gapbot.models import Manifest, ScoreRow

FILENAME = "served.json"
_FIELDS = [f.name for f in fields(ScoreRow)]


def write(data_dir: Path, manifest: Manifest, rows: list[ScoreRow]) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    payload = {"generation": manifest.generation, "refreshed_at": manifest.refreshed_at,
               "embedding_model": manifest.embedding_model, "files": manifest.files, "fields": _FIELDS,
               "rows": [astuple(r) for r in rows]}
    fd, tmp = tempfile.mkstemp(dir=data_dir, prefix=".served-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(payload, fh, separators=(",", ":"))
    os.replace(tmp, data_dir / FILENAME)


def read(data_dir: Path) -> tuple[Manifest, list[ScoreRow]] | None:
    path = data_dir / FILENAME
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if payload.get("fields") != _FIELDS:
        return None  # written by another version: ignore, Chroma is the source of truth
    manifest = Manifest(generation=payload["generation"], files=payload["files"],
                        refreshed_at=payload.get("refreshed_at", ""),
                        embedding_model=payload.get("embedding_model", ""))
    return manifest, [ScoreRow(*r) for r in payload["rows"]]
