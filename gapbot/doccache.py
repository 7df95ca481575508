"""The served article passages and their vectors, beside the row cache in each generation folder (embedded mode).

An article question needs a nearest-neighbour search over a few hundred (at 50x the data, tens of thousands of)
normalised vectors: a NumPy dot product does it in well under a millisecond, where importing chromadb and opening the
store costs ~0.5 s and ~60 MB on a cold `gapbot ask`. Chroma stays the store of record; this copy is written from it
just before a generation is switched in, and a reader that finds it missing or unreadable asks Chroma instead.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

VECTORS = "passages.npy"
RECORDS = "passages.jsonl"
_loaded: dict[Path, tuple[Any, list[tuple[str, dict]]]] = {}
_lock = threading.Lock()


def write(folder: Path, documents: list[str], metadatas: list[dict], vectors: list[list[float]]) -> None:
    import numpy as np

    folder = Path(folder)
    arr = np.asarray(vectors, dtype=np.float32).reshape(len(documents), -1) if documents else np.zeros((0, 0),
                                                                                                      np.float32)
    with open(folder / VECTORS, "wb") as fh:
        np.save(fh, arr)
        fh.flush()
        os.fsync(fh.fileno())
    with open(folder / RECORDS, "w", encoding="utf-8") as fh:
        for doc, meta in zip(documents, metadatas, strict=True):
            fh.write(json.dumps([doc, meta], separators=(",", ":")) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def load(folder: Path) -> tuple[Any, list[tuple[str, dict]]] | None:
    """(vectors, [(document, metadata)]) of a generation folder, read once per process; None if absent or damaged."""
    folder = Path(folder)
    with _lock:
        if folder in _loaded:
            return _loaded[folder]
    try:
        import numpy as np

        vectors = np.load(folder / VECTORS, allow_pickle=False)
        records = [tuple(json.loads(line)) for line in (folder / RECORDS).read_text(encoding="utf-8").splitlines()]
    except (OSError, ValueError):
        return None
    if len(records) != len(vectors):
        return None
    with _lock:
        _loaded.clear()  # one generation at a time: the previous one is not read again
        _loaded[folder] = (vectors, records)
    return vectors, records


def search(folder: Path, vector: list[float], k: int) -> list[tuple[str, dict, float]] | None:
    """The k nearest passages as (document, metadata, cosine distance), like Chroma's answer; None: ask Chroma."""
    cached = load(folder)
    if cached is None:
        return None
    import numpy as np

    vectors, records = cached
    if not records:
        return []
    query = np.asarray(vector, dtype=np.float32)
    if vectors.shape[1] != query.shape[0]:
        return None
    similarity = vectors @ query
    top = np.argsort(-similarity)[:k]
    return [(records[i][0], records[i][1], float(1.0 - similarity[i])) for i in top]
