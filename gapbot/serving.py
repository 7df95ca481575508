"""Loading what is served: the current generation's row store, as an index of boards and model names whose rows
are read per board when an answer needs them.

Structured questions read rows only: in embedded mode they come from the generation's row store (no Chroma import);
with a Chroma server the manifest is checked at most every `check_interval_s` and the rows re-read when the
generation changes.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import ClassVar, TypeVar

from gapbot import generations, rowcache
from gapbot.models import Manifest, ScoreRow
from gapbot.question import ModelMatcher, brand_organizations
from gapbot.registry import Registry, load_registry_keeping_last_good
from gapbot.uploaded import not_promoted, promoted_names

BoardKey = tuple[str, str, str, str]  # source, benchmark, snapshot, category
T = TypeVar("T")
family = rowcache.family


class BoardRows(Mapping[BoardKey, list[ScoreRow]]):
    """Every board's key, and a board's rows read from the row store when first asked for (the most recently used
    kept): a reader never holds every row."""

    def __init__(self, store: rowcache.RowStore, keys: list[BoardKey]) -> None:
        self._store = store
        self._keys = dict.fromkeys(keys)

    def __getitem__(self, key: BoardKey) -> list[ScoreRow]:
        if key not in self._keys:
            raise KeyError(key)
        return self._store.board(key)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __iter__(self) -> Iterator[BoardKey]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class BoardModels(Mapping[BoardKey, frozenset[str]]):
    """A board's model ids, read on demand (prefer `Index.boards_with` to test one model against many boards)."""

    def __init__(self, store: rowcache.RowStore, boards: BoardRows) -> None:
        self._store, self._boards = store, boards

    def __getitem__(self, key: BoardKey) -> frozenset[str]:
        if key not in self._boards:
            raise KeyError(key)
        return self._store.models_of(key)

    def __iter__(self) -> Iterator[BoardKey]:
        return iter(self._boards)

    def __len__(self) -> int:
        return len(self._boards)


@dataclass
class Index:
    """What is served, as answers read it: per-board summaries and model names in memory (loaded once), a board's
    rows from the row store on demand. Choosing a board costs the boards of one category, reading it one indexed
    query: flat as the data grows."""

    manifest: Manifest
    store: rowcache.RowStore
    boards: BoardRows
    matcher: ModelMatcher
    names: dict[str, str]  # model id -> display name
    by_category: dict[str, list[BoardKey]] = field(default_factory=dict)
    board_size: dict[BoardKey, int] = field(default_factory=dict)  # distinct models per board
    two_sided: frozenset[BoardKey] = frozenset()
    row_count: int = 0
    sides: dict[BoardKey, tuple[bool, bool]] = field(default_factory=dict)  # scores open / proprietary models
    _with_model: dict[str, frozenset[BoardKey]] = field(default_factory=dict, repr=False)
    _memo: OrderedDict = field(default_factory=OrderedDict, repr=False)
    MEMO_SIZE: ClassVar[int] = 512  # computed answers kept per generation (small: figures, never rows)

    @classmethod
    def open(cls, store: rowcache.RowStore, registry: Registry, manifest: Manifest | None = None) -> Index:
        names: dict[str, str] = {}
        aliases: dict[str, str] = {}
        orgs: dict[str, str] = {}
        for m in registry.models.values():
            for a in [m.id, m.name, *m.aliases]:
                aliases.setdefault(a, m.id)
            names.setdefault(m.id, m.name)
        # What a family name may stand for: every model a board scores, by its registry release date, else the date
        # its rows give (released, else first listed): "mistral large" is Mistral Large 3 even while the registry
        # has no date for it, and "the latest gemini" may be a model only a board names.
        released: dict[str, str] = {}
        listed = store.first_dates()
        makers = {m.id: m.organization for m in registry.models.values() if m.organization}
        for model, display, source_key, org in store.names():
            names.setdefault(model, display or model)
            if org:
                makers.setdefault(model, org)
            for a in (model, source_key, display):
                if a:
                    aliases.setdefault(a, model)
            if org:
                orgs.setdefault(org, org)
            info = registry.models.get(model)
            if info is None and " + " in names[model]:
                continue  # an agent system on a model ("mini-SWE-agent + Llama 4 Maverick"): no family's release
            released[model] = (info.release_date if info is not None else "") or listed.get(model, "")
        summaries = store.boards()
        by_category: dict[str, list[BoardKey]] = defaultdict(list)
        for key, *_ in summaries:
            by_category[key[3]].append(key)
        return cls(manifest or store.manifest, store, BoardRows(store, [k for k, *_ in summaries]),
                   ModelMatcher(aliases, orgs, released, brand_organizations(registry.models.values()), makers),
                   names,
                   dict(by_category),
                   {k: m for k, _n, m, _o, _p in summaries},
                   frozenset(k for k, _n, _m, o, p in summaries if o and p), sum(n for _k, n, *_ in summaries),
                   {k: (o, p) for k, _n, _m, o, p in summaries})

    @classmethod
    def build(cls, manifest: Manifest, rows: list[ScoreRow], registry: Registry) -> Index:
        """An index of rows at hand (a Chroma server's, read back), through an in-memory row store."""
        return cls.open(rowcache.in_memory(manifest, rows), registry)  # no upload is renamed here

    @property
    def board_models(self) -> BoardModels:
        return BoardModels(self.store, self.boards)

    def scores_side(self, key: BoardKey, open_weights: bool) -> bool:
        """Whether the board scores an open (True) or a proprietary (False) model, from its summary."""
        return self.sides[key][0 if open_weights else 1]

    def boards_with(self, model: str) -> frozenset[BoardKey]:
        """The boards scoring this model: one indexed query, remembered."""
        hit = self._with_model.get(model)
        if hit is None:
            hit = self._with_model[model] = frozenset(self.store.boards_with(model))
        return hit

    def memo(self, key: tuple, compute: Callable[[], T]) -> T:
        """A value computed from this generation's rows, kept while the generation is served (it cannot change):
        what walks many boards (a trend over hundreds of snapshots) is paid once, not at every question. Keep
        only small values: the point is not to hold rows."""
        try:
            self._memo.move_to_end(key)
            return self._memo[key]
        except KeyError:
            pass
        value = compute()
        self._memo[key] = value
        while len(self._memo) > self.MEMO_SIZE:
            self._memo.popitem(last=False)
        return value

    @property
    def rows(self) -> list[ScoreRow]:
        """Every served row, read from disk: for tools and tests (answers read boards)."""
        return list(self.store.iter_rows())


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
        self._lock = threading.Condition()
        self._stale = False  # invalidated: load anew, even the same generation (an upload promoted)
        self._loading = False  # a thread is loading a new index (outside the lock)

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
        """Have the next question load what is served anew (after a refresh, or an upload promoted); questions are
        answered from the index loaded before until the new one is ready."""
        with self._lock:
            self._stale = True
            self._checked = 0.0

    def index(self) -> Index:
        """The loaded index, or a new one when the served generation changed. One thread loads it, outside the
        lock: the others keep answering from the index loaded before (a million-row upload's summaries take
        seconds to build, and every question used to wait for them), or wait when there is none yet."""
        with self._lock:
            while True:
                now = time.monotonic()
                current = self._index
                if current is not None and not self._stale and self._fresh(now):
                    return current
                if not self._loading:
                    break
                if current is not None:
                    return current
                self._lock.wait()
            self._loading, stale, self._stale = True, self._stale, False
        try:
            new = self._load(None if stale else current)
        except BaseException:
            with self._lock:
                self._loading, self._stale = False, self._stale or stale
                self._lock.notify_all()
            raise
        with self._lock:
            self._index, self._checked, self._loading = new, now, False
            self._lock.notify_all()
        return new

    def _fresh(self, now: float) -> bool:
        if self.settings.chroma_host:
            return now - self._checked < self._check_interval
        return self._still_served()

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
            cached = rowcache.RowStore.open(gen.dir) if gen is not None else None
        if cached is not None:
            if current is not None and current.manifest.files == cached.manifest.files:
                cached.close()
                return current
            return self._open(cached)
        manifest = self.store.read_manifest()
        if current is not None and current.manifest.generation == manifest.generation:
            return current
        if remote:  # read the local copy only once the generation has changed (another machine may own it)
            cached = rowcache.RowStore.open(self.settings.data_dir)
        # The same files at the same versions, not just the same number: a copy left by another store (an earlier
        # embedded one, another CHROMA_HOST) can share a generation number.
        if cached is not None:
            if cached.manifest.files == manifest.files:
                return self._open(cached, manifest)
            cached.close()
        for attempt in range(3):
            # Streamed from the server into an SQLite row store in memory (~150 bytes a row), never a list of rows.
            built = rowcache.in_memory(manifest, self.store.iter_rows(manifest))
            # Another process may switch and collect the versions being read: then read the new generation.
            latest = self.store.read_manifest()
            expected = sum(f.get("rows", 0) for f in manifest.files.values())
            if attempt == 2 or (latest.generation == manifest.generation
                                and (built.row_count() == expected or not expected)):
                break
            built.close()
            manifest = latest
        return self._open(built)

    def _open(self, store: rowcache.RowStore, manifest: Manifest | None = None) -> Index:
        # Uploads not promoted by a moderator are their own family (gapbot/uploaded.py): read at every load, so a
        # promotion counts from the next load (the bot invalidates the index when it changes one).
        store.serve_as_uploads(not_promoted(store.manifest.files, self.settings.uploads_dir,
                                            promoted_names(self.settings.data_dir)))
        return Index.open(store, self.registry, manifest)

    def manifest_for_search(self) -> Manifest:
        """The manifest article searches read: the server's current one (another machine may have switched it),
        else the loaded index's."""
        return self.store.read_manifest() if self.settings.chroma_host else self.index().manifest
