"""What is served, and how a run replaces it: the one owner of the switch, the row cache, recovery and clean-up.

Two ways, one interface (`open_served`):
- **Embedded Chroma** (`Generations`): a run copies the served generation's folder, changes the copy, writes the
  copy's row cache, and switches the `CURRENT` pointer (gapbot/generations.py). Embedded Chroma can be left unreadable
  by a SIGKILL or a full disk during a write; here only an unserved copy can be. What is served is checked at every
  start (folder, row cache, database) and the copy is opened and searched before any work is done on it: a damaged
  index is rebuilt from the corpus files, which are the source of truth, without anyone having to step in.
- **A Chroma server** (`ServerManifest`): one set of collections; a run writes its records under new versions, then
  upserts the manifest record (the switch), then deletes the replaced versions. The server outlives a killed writer;
  a journal lists the versions a run writes and deletes, and the next run collects whichever of them is not served.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from gapbot import doccache, generations, rowcache
from gapbot.atomicfile import fsync_dir, write_atomic
from gapbot.generations import Generation
from gapbot.models import Manifest
from gapbot.store import Store, docs_name

log = logging.getLogger(__name__)
AfterSwitch = Callable[[int], None]


def open_served(settings, store: Store | None = None) -> Generations | ServerManifest:
    if settings.chroma_host:
        return ServerManifest(settings, store or Store(settings))
    return Generations(settings)


class Generations:
    """Embedded mode: build the next generation in a copy, switch a pointer, keep the previous one for readers."""

    remote = False

    def __init__(self, settings) -> None:
        self.settings = settings
        self.data_dir = Path(settings.data_dir)
        self.served = generations.current(self.data_dir)
        self.notes: list[str] = []
        self.store: Store | None = None  # the new generation's, once `begin` has made it
        self.rows: rowcache.Writer | None = None  # the new generation's row store, rows streamed in as parsed
        self._dir: Path | None = None
        self._base: Manifest | None = None

    @property
    def where(self) -> str:
        return f"embedded Chroma in {self.data_dir}"

    def current(self) -> Manifest:
        """What is served, checked without opening Chroma; an empty manifest (numbering kept) when it is damaged,
        so that everything is rebuilt."""
        if removed := self.collect():  # folders of runs killed before or after their switch
            self.notes.append(f"removed {removed} generation folder(s) left by an interrupted ingest")
        if self.served is None:
            return Manifest()
        problem = self._check(self.served)
        if problem:
            self._damaged(problem)
            return Manifest(generation=self.served.number)
        assert self._base is not None
        return self._base

    def recover(self, current: Manifest) -> int:
        """Nothing to do: folders of killed runs were collected by `current`."""
        return 0

    def unchanged(self, current: Manifest) -> None:
        """Nothing to do: the served generation was checked by `current`."""

    def before_write(self, model: str, written: set[str], stale: set[str], old_model: str) -> None:
        """Nothing to journal: the writes go to an unserved copy."""

    def after_write(self, model: str, stale: set[str], base: Manifest) -> int:
        """Delete the replaced versions in the copy (no reader sees it yet); their rows go with the old row cache."""
        assert self.store is not None
        removed = self.store.delete_versions(model, stale)
        return removed + sum(f.get("rows", 0) for f in base.files.values() if f["ver"] in stale)

    def _check(self, gen: Generation) -> str:
        cached = rowcache.RowStore.open(gen.dir)
        if cached is None:
            return f"its row store in {gen.dir} is missing, incomplete or of an earlier version"
        try:
            if problem := cached.check():
                return f"its row store in {gen.dir} is damaged ({problem})"
            self._base = cached.manifest
        finally:
            cached.close()
        docs = docs_name(self.settings.collection_prefix, self._base.embedding_model)
        return stamp_problem(gen.dir) or database_problem(gen.chroma_dir, docs, expected_passages(self._base))

    def _damaged(self, problem: str) -> None:
        msg = f"the served index was damaged ({problem}): rebuilt from the corpus files"
        log.warning(msg)
        self.notes.append(msg)
        self._base = None

    def begin(self, current: Manifest, model: str) -> Manifest:
        """A writable copy of the served generation (or an empty one); returns what the copy holds, which is empty
        when the copy turned out damaged: the caller then treats every file as new."""
        number = max(current.generation, self.served.number if self.served else 0) + 1
        self._dir = self.data_dir / generations.FOLDER / f"{number:06d}-{secrets.token_hex(3)}"
        self._dir.mkdir(parents=True)
        base = current if current.files and current.embedding_model == model and self.served else None
        if base is not None:
            assert self.served is not None
            generations.copy_chroma(self.served.chroma_dir, self._dir / "chroma")
        self.store = Store(self.settings, path=self._dir / "chroma")
        self.rows = rowcache.Writer(self._dir)
        if base is None:
            return Manifest(generation=current.generation)
        if problem := self._open_problem(base):
            self._damaged(problem)
            self.store.close()
            shutil.rmtree(self._dir / "chroma")
            self.store = Store(self.settings, path=self._dir / "chroma")
            return Manifest(generation=current.generation)
        # Rows and board summaries were kept in Chroma by older versions: not any more in embedded mode.
        prefix = self.settings.collection_prefix
        self.store.drop_collections_but({f"{prefix}_meta", docs_name(prefix, model)})
        return base

    def _open_problem(self, base: Manifest) -> str:
        """Open the copy with Chroma and search its passages: the HNSW files are only read then."""
        assert self.store is not None
        try:
            col = self.store.docs(base.embedding_model)
            stored = col.count()
            if stored:
                col.query(query_embeddings=[_probe_vector(col)], n_results=1, include=[])
        except Exception as exc:  # any failure to read it back is damage: rebuild rather than fail every refresh
            return f"{type(exc).__name__}: {str(exc)[:200]}"
        expected = expected_passages(base)
        if expected is not None and stored != expected:
            return f"{stored} stored passages where {expected} are served"
        return ""

    def copy_unchanged(self, file_ids: set[str]) -> None:
        """The unchanged files' rows, copied from the served row store into the new one (in SQL)."""
        assert self.rows is not None
        if file_ids and self.served is not None and self._base is not None:
            self.rows.copy_files(self.served.dir / rowcache.FILENAME, file_ids)

    def commit(self, manifest: Manifest, after_switch: AfterSwitch | None, stale: set[str], old_model: str) -> int:
        """Make the new generation durable, then switch readers to it, then delete what no reader needs (the
        replaced versions went with the old folder: nothing more to delete by version)."""
        assert self.store is not None and self._dir is not None
        self.store.write_manifest(manifest)
        self._write_passages(manifest)
        self.store.close()  # Chroma's files are complete once its client lets go
        assert self.rows is not None
        self.rows.finish(manifest)
        self.rows = None
        write_stamp(self._dir)
        sync_tree(self._dir)
        fsync_dir(self._dir.parent)  # the new folder's own entry, before a pointer names it
        gen = Generation(manifest.generation, self._dir, self.served.dir if self.served else None)
        generations.switch(self.data_dir, gen)
        # Served from here on: nothing below may delete it (abort() after a failed after_switch would have).
        self.served, self._dir = gen, None
        if after_switch is not None:
            after_switch(manifest.generation)
        self.collect()
        return 0

    def _write_passages(self, manifest: Manifest) -> None:
        """The served article passages and vectors, read back from the new Chroma (gapbot/doccache.py)."""
        assert self.store is not None and self._dir is not None
        live = {f["ver"] for f in manifest.files.values()}
        got = self.store.docs(manifest.embedding_model).get(include=["documents", "metadatas", "embeddings"])
        keep = [i for i, meta in enumerate(got["metadatas"]) if meta.get("ver") in live]
        doccache.write(self._dir, [got["documents"][i] for i in keep], [got["metadatas"][i] for i in keep],
                       [got["embeddings"][i] for i in keep])

    def abort(self) -> None:
        if self.store is not None:
            self.store.close()
        if self.rows is not None:
            self.rows.abort()
            self.rows = None
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def collect(self) -> int:
        """Delete every generation folder but the served one and the one before it (a reader that followed the
        pointer just before a switch may still be opening it), and what older versions of gapbot kept."""
        if self.served is None and (self.data_dir / generations.POINTER).exists():
            log.warning("%s could not be read: no generation folder is deleted", self.data_dir / generations.POINTER)
            return 0
        keep = {p.resolve() for p in (self.served.dir, self.served.previous) if p} if self.served else set()
        removed = 0
        folder = self.data_dir / generations.FOLDER
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            if path.resolve() not in keep and path != self._dir:
                shutil.rmtree(path, ignore_errors=True)
                removed += 1
        if self.served is not None:
            for legacy in ("chroma", rowcache.FILENAME, rowcache.LEGACY, "ingest.pending.json"):
                path = self.data_dir / legacy
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                elif path.exists():
                    path.unlink()
        return removed


class ServerManifest:
    """A Chroma server: records under new versions, one manifest upsert, then the replaced versions deleted."""

    remote = True

    def __init__(self, settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self.notes: list[str] = []
        self.journal = Journal(Path(settings.data_dir))
        self.rows: rowcache.Writer | None = None
        self._current: Manifest | None = None

    @property
    def where(self) -> str:
        return self.store.where

    def current(self) -> Manifest:
        self._current = self.store.read_manifest()
        return self._current

    def recover(self, current: Manifest) -> int:
        for tmp in Path(self.settings.data_dir).glob(".rows-*.sqlite3"):  # a killed run's unfinished row store
            tmp.unlink(missing_ok=True)
        return self.journal.recover(self.store, current)

    def begin(self, current: Manifest, model: str) -> Manifest:
        self.rows = rowcache.Writer(Path(self.settings.data_dir))
        return current if current.embedding_model in ("", model) else Manifest(generation=current.generation)

    def unchanged(self, current: Manifest) -> None:
        """Nothing changed: make sure the local row cache is this generation's (another machine may have switched)."""
        if current.generation:
            cached = rowcache.RowStore.open(Path(self.settings.data_dir))
            if cached is not None:
                cached.close()
            if cached is None or cached.manifest.files != current.files:
                rowcache.write(Path(self.settings.data_dir), current, self.store.iter_rows(current))

    def before_write(self, model: str, written: set[str], stale: set[str], old_model: str) -> None:
        """Journal what this run writes and what it will delete, for the run after a kill."""
        self.journal.write(model, written | (stale if old_model == model else set()))

    def after_write(self, model: str, stale: set[str], base: Manifest) -> int:
        """Nothing yet: the replaced versions are served until the switch."""
        return 0

    def copy_unchanged(self, file_ids: set[str]) -> None:
        """The unchanged files' rows: from the local row store when it is the served generation's, else read back
        from the server, a page of records at a time."""
        assert self.rows is not None
        if not file_ids or self._current is None:
            return
        cached = rowcache.RowStore.open(Path(self.settings.data_dir))
        if cached is not None:
            cached.close()
            if cached.manifest.files == self._current.files:
                self.rows.copy_files(Path(self.settings.data_dir) / rowcache.FILENAME, file_ids)
                return
        self.rows.add(r for r in self.store.iter_rows(self._current) if r.file in file_ids)

    def commit(self, manifest: Manifest, after_switch: AfterSwitch | None, stale: set[str], old_model: str) -> int:
        self.store.write_manifest(manifest)  # the switch: from here on readers see the new index
        assert self.rows is not None
        self.rows.finish(manifest)
        self.rows = None
        if after_switch is not None:
            after_switch(manifest.generation)
        removed = self.store.delete_versions(old_model, stale)
        self.journal.clear()
        return removed

    def abort(self) -> None:
        """Records written so far stay invisible (no manifest names them); the journal has the next run delete them."""
        if self.rows is not None:
            self.rows.abort()
            self.rows = None


class Journal:
    """The versions a run writes and those it will delete (server mode): a run killed before its switch left the
    first unserved, one killed after it the second; the next run deletes whichever of them is not served then."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "ingest.pending.json"

    def write(self, model: str, versions: set[str]) -> None:
        write_atomic(self.path, json.dumps({"model": model, "versions": sorted(versions)}))

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)

    def recover(self, store: Store, current: Manifest) -> int:
        try:
            data = json.loads(self.path.read_text())
        except FileNotFoundError:
            return 0
        except ValueError:
            log.warning("unreadable %s: ignored", self.path)
            self.clear()
            return 0
        live = {f["ver"] for f in current.files.values()} if data.get("model") == current.embedding_model else set()
        removed = store.delete_versions(data.get("model", ""), set(data.get("versions", [])) - live)
        self.clear()
        return removed


STAMP = "stamp.json"


def _vector_files(gen_dir: Path) -> dict[str, list[int]]:
    """Size and modification time of each HNSW file: readers never write them (only SQLite's own bookkeeping)."""
    chroma = gen_dir / "chroma"
    return {str(p.relative_to(chroma)): [p.stat().st_size, p.stat().st_mtime_ns]
            for p in sorted(chroma.rglob("*")) if p.is_file() and not p.name.startswith("chroma.sqlite3")}


def write_stamp(gen_dir: Path) -> None:
    (gen_dir / STAMP).write_text(json.dumps(_vector_files(gen_dir)))


def stamp_problem(gen_dir: Path) -> str:
    """'' when the vector files are as the run that built this generation left them."""
    try:
        stamp = json.loads((gen_dir / STAMP).read_text())
    except (OSError, ValueError):
        return f"{gen_dir / STAMP} is missing or unreadable"
    now = _vector_files(gen_dir)
    for name, was in stamp.items():
        if now.get(name) != was:
            return f"{gen_dir / 'chroma' / name} was changed or removed after it was served"
    return ""


def expected_passages(manifest: Manifest) -> int | None:
    """How many article passages the manifest serves (each file's records less its rows)."""
    if any("rows" not in f or "records" not in f for f in manifest.files.values()):
        return None
    return sum(int(f["records"]) - int(f["rows"]) for f in manifest.files.values())


def database_problem(chroma_dir: Path, collection: str, expected: int | None) -> str:
    """A served Chroma folder checked with SQLite alone (no chromadb import: an unchanged re-run stays fast): the
    database is intact and holds as many passages as are served. '' when it is fine."""
    db = chroma_dir / "chroma.sqlite3"
    if not db.is_file():
        return f"{db} is missing"
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
        try:
            if (ok := con.execute("PRAGMA quick_check").fetchone()[0]) != "ok":
                return f"{db}: {ok}"
            stored = con.execute(
                "SELECT count(*) FROM embeddings e JOIN segments s ON e.segment_id = s.id "
                "JOIN collections c ON s.collection = c.id WHERE c.name = ? AND s.scope = 'METADATA'",
                (collection,)).fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error as exc:
        return f"{db}: {exc}"
    if expected is not None and stored != expected:
        return f"{stored} stored passages where {expected} are served"
    return ""


def sync_tree(folder: Path) -> None:
    """fsync every file and folder under `folder`: the switch must never point at data still in the page cache."""
    for root, _dirs, files in os.walk(folder):
        for name in files:
            fd = os.open(os.path.join(root, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fsync_dir(Path(root))


def _probe_vector(col) -> list[float]:
    got = col.get(limit=1, include=["embeddings"])
    return [float(x) for x in got["embeddings"][0]]
