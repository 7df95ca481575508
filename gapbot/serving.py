"""Loading what is served: the current generation's rows, as an in-memory index of boards and model names.

Structured questions read rows only: in embedded mode they come from the local row cache (no Chroma import); with a
Chroma server the manifest is checked at most every `check_interval_s` and the rows re-read when the generation
changes.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace

from gapbot import generations, rowcache
from gapbot.models import Manifest, ScoreRow
from gapbot.question import ModelMatcher
from gapbot.registry import Registry, load_registry_keeping_last_good
from gapbot.uploaded import as_uploads, promoted_names

BoardKey = tuple[str, str, str, str]  # source, benchmark, snapshot, category


def family(source: str) -> str:
    """'livebench-curated' -> 'livebench': a curated snapshot belongs to its leaderboard's family."""
    return source.split("-", 1)[0]


@dataclass
class Index:
    manifest: Manifest
    rows: list[ScoreRow]
    boards: dict[BoardKey, list[ScoreRow]]
    matcher: ModelMatcher
    names: dict[str, str]  # model id -> display name
    # Per board, computed once: which categories hold which boards, and each board's models and sides, so that
    # choosing a board costs the boards of one category, not a pass over every row (flat as the data grows).
    by_category: dict[str, list[BoardKey]] = field(default_factory=dict)
    board_models: dict[BoardKey, frozenset[str]] = field(default_factory=dict)
    two_sided: frozenset[BoardKey] = frozenset()

    @classmethod
    def build(cls, manifest: Manifest, rows: list[ScoreRow], registry: Registry) -> Index:
        rows = _fill_first_seen(rows)
        boards: dict[BoardKey, list[ScoreRow]] = defaultdict(list)
        names: dict[str, str] = {}
        aliases: dict[str, str] = {}
        orgs: dict[str, str] = {}
        for m in registry.models.values():
            for a in [m.id, m.name, *m.aliases]:
                aliases.setdefault(a, m.id)
            names.setdefault(m.id, m.name)
        for r in rows:
            boards[(r.source, r.benchmark, r.snapshot, r.category)].append(r)
            names.setdefault(r.model, r.display_name or r.model)
            for a in (r.model, r.source_key, r.display_name):
                if a:
                    aliases.setdefault(a, r.model)
            if r.organization:
                orgs.setdefault(r.organization, r.organization)
        by_category: dict[str, list[BoardKey]] = defaultdict(list)
        for key in boards:
            by_category[key[3]].append(key)
        board_models = {k: frozenset(r.model for r in rs) for k, rs in boards.items()}
        two_sided = frozenset(k for k, rs in boards.items() if any(r.open_weights is True for r in rs)
                              and any(r.open_weights is False for r in rs))
        return cls(manifest, rows, dict(boards), ModelMatcher(aliases, orgs), names, dict(by_category), board_models,
                   two_sided)


def _fill_first_seen(rows: list[ScoreRow]) -> list[ScoreRow]:
    """A row without a first-seen date gets the earliest snapshot of that leaderboard listing the model: when the
    board first listed it, the date time gaps compare when release dates are missing on a side. A model already on
    the leaderboard's first snapshot gets none: that says when the data starts, not when the model came."""
    first: dict[tuple[str, str, str], str] = {}
    start: dict[tuple[str, str], str] = {}
    for r in rows:
        key = (family(r.source), r.benchmark, r.model)
        if r.snapshot and (key not in first or r.snapshot < first[key]):
            first[key] = r.snapshot
        if r.snapshot and (key[:2] not in start or r.snapshot < start[key[:2]]):
            start[key[:2]] = r.snapshot
    out = []
    for r in rows:
        key = (family(r.source), r.benchmark, r.model)
        seen = first.get(key, "")
        out.append(r if r.first_seen or not seen or seen == start[key[:2]] else replace(r, first_seen=seen))
    return out


class Served:
    """The index of what is served, loaded lazily and rebuilt when the served generation changes."""

    def __init__(self, settings, store=None, registry: Registry | None = None, check_interval_s: float = 5.0) -> None:
        self.settings = settings
        self._store = store
        self._registry = registry
        self._index: Index | None = None
        self._loaded_dir = None  # embedded: the generation folder the index was loaded from
        self._checked = 0.0
        self._check_interval = check_interval_s
        self._lock = threading.Lock()

    @property
    def store(self):
        if self._store is None:
            from gapbot.store import Store

            self._store = Store(self.settings)
        return self._store

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            # One bad line must not break every answer: the last good copy is used meanwhile (and the error logged).
            self._registry = load_registry_keeping_last_good(self.settings.registry_path,
                                                             self.settings.registry_keep_path)
        return self._registry

    def invalidate(self) -> None:
        """Forget the loaded rows (after a refresh), so the next question reads the new generation."""
        with self._lock:
            self._index = None
            self._checked = 0.0

    def index(self) -> Index:
        with self._lock:
            now = time.monotonic()
            if self._index is not None:
                if self.settings.chroma_host:
                    if now - self._checked < self._check_interval:
                        return self._index
                elif self._still_served():
                    return self._index
            self._index = self._load(self._index)
            self._checked = now
            return self._index

    def _still_served(self) -> bool:
        """Embedded: whether the generation loaded is the one `CURRENT` names (one small file read), so that an
        ingest run beside the bot (cron, the refresh process) is picked up at the next question, never mixed."""
        gen = generations.current(self.settings.data_dir)
        return gen is not None and gen.dir == self._loaded_dir

    def _load(self, current: Index | None) -> Index:
        remote = bool(self.settings.chroma_host)
        cached = None
        if not remote:
            gen = generations.current(self.settings.data_dir)
            self._loaded_dir = gen.dir if gen is not None else None
            cached = rowcache.read_file(gen.dir) if gen is not None else None
        if cached is not None:
            manifest, rows = cached
            if current is not None and current.manifest.files == manifest.files:
                return current
            return self._build(manifest, rows)
        manifest = self.store.read_manifest()
        if current is not None and current.manifest.generation == manifest.generation:
            return current
        if remote:  # read the local cache only once the generation has changed (another machine may own it)
            cached = rowcache.read_file(self.settings.data_dir)
        # The same files at the same versions, not just the same number: a cache left by another store (an earlier
        # embedded one, another CHROMA_HOST) can share a generation number.
        if cached is not None and cached[0].files == manifest.files:
            return self._build(manifest, cached[1])
        for _ in range(3):
            rows = self.store.load_rows(manifest)
            # Another process may switch and collect the versions being read: then read the new generation.
            latest = self.store.read_manifest()
            expected = sum(f.get("rows", 0) for f in manifest.files.values())
            if latest.generation == manifest.generation and (len(rows) == expected or not expected):
                break
            manifest = latest
        return self._build(manifest, rows)

    def _build(self, manifest: Manifest, rows: list[ScoreRow]) -> Index:
        # Uploads not promoted by a moderator are their own family (gapbot/uploaded.py): read at every load, so a
        # promotion counts from the next load (the bot invalidates the index when it changes one).
        rows = as_uploads(rows, self.settings.uploads_dir, promoted_names(self.settings.data_dir))
        return Index.build(manifest, rows, self.registry)

    def manifest_for_search(self) -> Manifest:
        """The manifest article searches read: the server's current one (another machine may have switched it),
        else the loaded index's."""
        return self.store.read_manifest() if self.settings.chroma_host else self.index().manifest
