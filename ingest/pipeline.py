"""The ingest job: discover -> parse what changed -> embed what is new -> write -> switch manifest -> collect garbage.

Safe to re-run: a file's records carry its content version, so an unchanged file is neither parsed nor embedded;
a changed file gets new records, made visible together by one manifest switch; records of old versions and removed
files are deleted after the switch. A file that cannot be read is rejected with file, line and reason, and its
previous version, if any, stays served.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from gapbot import rowcache
from gapbot.errors import ConfigError, InputFileError, RefreshInProgress
from gapbot.models import Manifest
from gapbot.procmem import peak_rss_mb
from gapbot.registry import Registry, load_registry
from gapbot.store import ROW_VECTOR, Store, row_metadata
from ingest import feeds as feedmod
from ingest.discover import Discovery, Item, content_version, discover, file_id
from ingest.formats import aider, articles, epoch, gapbot_csv, livebench, lmarena
from ingest.formats.base import Context, Parsed
from ingest.summaries import group_rows, summary_text

log = logging.getLogger(__name__)
PARSER_VERSION = "1"
Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class IngestReport:
    files_seen: int = 0
    files_added: list[str] = field(default_factory=list)
    files_updated: list[str] = field(default_factory=list)
    files_removed: list[str] = field(default_factory=list)
    files_unchanged: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    row_errors: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    formats: dict[str, str] = field(default_factory=dict)  # file -> detected format
    records_added: int = 0
    records_updated: int = 0
    records_removed: int = 0
    records_unchanged: int = 0
    texts_embedded: int = 0
    texts_reused: int = 0
    unknown_models: dict[str, list[str]] = field(default_factory=dict)  # model -> files
    notes: list[str] = field(default_factory=list)
    generation: int = 0
    seconds: float = 0.0
    peak_rss_mb: float = 0.0  # this process's peak memory by the end of the run
    where: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.files_added or self.files_updated or self.files_removed)


@contextlib.contextmanager
def ingest_lock(data_dir: Path) -> Iterator[None]:
    """One ingest at a time per data folder (the bot's /refresh and the CLI share it)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / "ingest.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RefreshInProgress("another ingest is running on this data folder; try again when it ends") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def default_paths(settings) -> list[Path]:
    paths = [settings.corpus_dir]
    if settings.uploads_dir.exists():
        paths.append(settings.uploads_dir)
    return paths


PARSERS = {
    "livebench": lambda item, ctx: livebench.parse(item.path, ctx),
    "aider": lambda item, ctx: aider.parse(item.path, ctx),
    "lmarena-table": lambda item, ctx: lmarena.parse_table(item.path, ctx),
    "lmarena-json": lambda item, ctx: lmarena.parse_json(item.path, ctx),
    "epoch": lambda item, ctx: epoch.parse(item.path, ctx),
    "gapbot-csv": lambda item, ctx: gapbot_csv.parse(item.path, ctx),
    "article": lambda item, ctx: articles.parse(item.path, ctx, source_url=item.origin),
}


def _parse(item: Item, ctx: Context) -> Parsed:
    parser = PARSERS.get(item.format)
    if parser is None:
        raise InputFileError(str(item.path), f"no parser for format {item.format!r}")
    return parser(item, ctx)


def _text_hash(model: str, text: str) -> str:
    return hashlib.sha1(f"{model}\n{text}".encode()).hexdigest()


def _under(fid: str, roots: list[str]) -> bool:
    return any(fid == r or (r.endswith("/") and fid.startswith(r)) for r in roots)


class _Batch:
    """Records of the changed files, waiting to be embedded and written."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.rows: list[tuple[str, dict, str]] = []  # (id, metadata, text hash of its board summary)
        self.parsed_rows: list = []  # the ScoreRows themselves, for the local row cache
        self.docs: list[tuple[str, dict, str, str]] = []  # article chunks: (id, metadata, document, text hash)
        self.boards: list[tuple[str, dict, str, str]] = []  # board summaries, same shape

    def add_file(self, item: Item, version: str, parsed: Parsed) -> int:
        fkey = hashlib.sha1(item.file_id.encode()).hexdigest()[:10]
        base = {"file": item.file_id, "ver": version}
        for j, (key, rows) in enumerate(sorted(group_rows(parsed.rows).items())):
            text = summary_text(key, rows)
            th = _text_hash(self.model, text)
            source, benchmark, snapshot, category = key
            self.boards.append((f"{fkey}:{version}:s{j}", {**base, "kind": "summary", "text_hash": th,
                              "source": source, "benchmark": benchmark, "snapshot": snapshot,
                              "category": category, "title": f"{benchmark} {snapshot} {category}",
                              "date": snapshot, "position": j}, text, th))
            self.parsed_rows += rows
            for i, r in enumerate(rows):
                self.rows.append((f"{fkey}:{version}:r{j}.{i}", row_metadata(r, version), th))
        for p in parsed.passages:
            th = _text_hash(self.model, p.text)
            self.docs.append((f"{fkey}:{version}:a{p.position}", {**base, "kind": "article", "text_hash": th,
                              "title": p.title, "source": p.source, "date": p.date, "author": p.author,
                              "position": p.position}, p.text, th))
        return len(parsed.rows) + len(parsed.passages)


def run_ingest(settings, paths: list[Path] | None = None, *, store: Store | None = None, embedder=None,
               feeds: bool = True, progress: Progress | None = None, registry: Registry | None = None,
               after_switch: Callable[[int], None] | None = None) -> IngestReport:
    """Ingest paths (default: the corpus folder, moderators' uploads and the feeds) into the store.

    `after_switch(generation)` runs once the new manifest and row cache are served, before old versions are
    deleted: a reader in another process re-opens there (ingest/refresh_process.py).
    """
    from gapbot.embeddings import make_embedder

    started = time.perf_counter()
    report = IngestReport()
    store = store or Store(settings)
    embedder = embedder or make_embedder(settings)
    report.where = store.where
    embedding = _Embedding(embedder, progress)
    with ingest_lock(settings.data_dir), contextlib.closing(embedding):
        pending = _Pending(settings.data_dir)
        current = _served_manifest(settings, store, pending)
        if current is None:
            # No local mirror of what is served (a first run, a Chroma server, a crash): reading the manifest
            # imports and opens Chroma (~1 s), and there is likely work ahead: have the model loading meanwhile.
            embedding.warm()
        registry = registry if registry is not None else load_registry(settings.registry_path)
        registry_digest = (hashlib.sha256(settings.registry_path.read_bytes()).hexdigest()
                           if settings.registry_path.exists() else "none")
        disc = discover(list(paths) if paths else default_paths(settings))
        if feeds and not paths:
            _add_feeds(settings, disc)
        report.skipped = disc.skipped
        report.rejected += [(e.path, str(e)) for e in disc.errors]
        model = embedder.name
        if current is None:
            current = store.read_manifest()
            # A run killed before its switch left records that no manifest names: invisible, and deleted now.
            report.records_removed = pending.recover(store, current)
        # A different embedding model means different collections: start the served set from scratch.
        old_files = current.files if current.embedding_model in ("", model) else {}
        new = Manifest(generation=current.generation + 1, files=dict(old_files), embedding_model=model)
        batch = _Batch(model)
        seen: set[str] = set()
        report.files_seen = len(disc.items)
        for n, item in enumerate(disc.items, 1):
            if progress:
                progress("reading", n, len(disc.items))
            seen.add(item.file_id)
            report.formats[item.file_id] = item.format
            salt = f"{PARSER_VERSION}|{model}|{registry_digest if item.format != 'article' else ''}"
            try:
                version = content_version(item, salt)
            except OSError as exc:
                report.rejected.append((str(item.path), f"{item.path}: cannot read: {exc}"))
                continue
            prev = old_files.get(item.file_id)
            if prev and prev["ver"] == version:
                report.files_unchanged += 1
                report.records_unchanged += prev.get("records", 0)
                _note_unknown(report, item.file_id, prev.get("unknown", []))
                continue
            embedding.warm()  # something changed: have the model loading while we parse and write
            try:
                parsed = _parse(item, Context(registry, item.file_id, settings.max_file_bytes))
            except InputFileError as exc:
                report.rejected.append((str(item.path), str(exc)))
                continue
            except Exception as exc:  # a parser bug must not take the whole refresh down
                log.exception("parser failed on %s", item.path)
                report.rejected.append((str(item.path), f"{item.path}: could not be read ({type(exc).__name__}: "
                                        f"{exc})"))
                continue
            count = batch.add_file(item, version, parsed)
            (report.files_updated if prev else report.files_added).append(item.file_id)
            if prev:
                report.records_updated += count
            else:
                report.records_added += count
            report.row_errors += parsed.row_errors
            report.notes += [f"{item.path.name}: {note}" for note in parsed.notes]
            unknown = sorted(parsed.unknown_models)
            _note_unknown(report, item.file_id, unknown)
            new.files[item.file_id] = {"ver": version, "format": item.format, "records": count,
                                       "rows": len(parsed.rows),
                                       "title": parsed.title, "origin": item.origin, "unknown": unknown,
                                       "snapshots": sorted({r.snapshot for r in parsed.rows}),
                                       "name": item.path.name}
        # Files that were served from the folders of this run but are gone now.
        skipped = dict(disc.skipped)
        rejected_now = {file_id(Path(f)) for f, _ in report.rejected if Path(f).exists()}
        for fid in list(new.files):
            if fid in seen or not _under(fid, disc.roots) or fid in rejected_now:
                continue
            if Path(fid).exists():
                # Still there but no longer readable as before: keep serving the old version, and say so.
                why = next((w for f, w in skipped.items() if file_id(Path(f)) == fid), "no longer recognised")
                report.rejected.append((fid, f"{fid}: {why}; its previous version stays served"))
                continue
            report.files_removed.append(fid)
            del new.files[fid]
        live = {f["ver"] for f in new.files.values()}
        stale = {f["ver"] for f in current.files.values()} - live
        written = {f["ver"] for fid, f in new.files.items() if old_files.get(fid) != f}
        # Journaled: what this run writes and what it will delete. Killed before the switch, the next run deletes
        # the first (not served); killed after it, the second (no longer served) — whichever is not live then.
        if written or (stale and current.embedding_model == model):
            pending.write(model, written | (stale if current.embedding_model == model else set()))
        _write(store, embedding, batch, report, progress)
        if report.changed or current.embedding_model != model:
            new.refreshed_at = datetime.now(UTC).isoformat(timespec="seconds")
            store.write_manifest(new)  # the switch: from here on readers see the new index
            report.generation = new.generation
            if progress:
                progress("cleaning up", 0, 1)
            _update_row_cache(settings, store, current, new, batch)
            if after_switch is not None:
                after_switch(new.generation)
            report.records_removed += store.delete_versions(current.embedding_model, stale)
        else:
            report.generation = current.generation
            cached = rowcache.read(settings.data_dir)
            if current.generation and (cached is None or cached[0].generation != current.generation):
                rowcache.write(settings.data_dir, current, store.load_rows(current))
        pending.clear()
    report.seconds = round(time.perf_counter() - started, 2)
    report.peak_rss_mb = peak_rss_mb()
    return report


def _update_row_cache(settings, store: Store, old: Manifest, new: Manifest, batch: _Batch) -> None:
    """Rows of unchanged files from the previous cache plus the new rows; from Chroma when there is no cache."""
    changed = {fid for fid, f in new.files.items() if old.files.get(fid, {}).get("ver") != f["ver"]}
    if changed == set(new.files):  # every served file was just parsed (a first ingest): nothing to read back
        rowcache.write(settings.data_dir, new, batch.parsed_rows)
        return
    cached = rowcache.read(settings.data_dir)
    if cached is not None and cached[0].generation == old.generation and old.embedding_model == new.embedding_model:
        rows = [r for r in cached[1] if r.file in new.files and r.file not in changed] + batch.parsed_rows
    else:
        rows = store.load_rows(new)
    rowcache.write(settings.data_dir, new, rows)


def _served_manifest(settings, store: Store, pending: _Pending) -> Manifest | None:
    """In embedded mode, the manifest mirrored in the row cache, so an unchanged corpus needs no Chroma at all.

    The mirror is written after the switch and the journal is cleared after the mirror, so with no journal
    left the mirror is exactly what Chroma serves.
    """
    if store.remote or pending.path.exists():
        return None
    cached = rowcache.read(settings.data_dir)
    return cached[0] if cached is not None else None


class _Pending:
    """A journal of the versions a run is writing, so a run killed before its switch can be cleaned up exactly."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "ingest.pending.json"

    def write(self, model: str, versions: set[str]) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"model": model, "versions": sorted(versions)}))
        os.replace(tmp, self.path)

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


def _note_unknown(report: IngestReport, fid: str, models: list[str]) -> None:
    for m in models:
        report.unknown_models.setdefault(m, []).append(fid)


def _add_feeds(settings, disc: Discovery) -> None:
    try:
        feed_list = feedmod.load_feeds(settings.sources_path)
    except InputFileError as exc:
        disc.errors.append(exc)
        return
    if not feed_list:
        return
    folder = settings.data_dir / "feeds"
    files, errors = feedmod.fetch_all(feed_list, folder, settings.feed_timeout_s, settings.feed_max_bytes)
    disc.errors += errors
    disc.roots.append(file_id(folder) + "/")
    fetched = discover([p for p, _ in files])
    origins = {file_id(p): url for p, url in files}
    for item in fetched.items:
        item.origin = origins.get(item.file_id, "")
        disc.items.append(item)
    disc.errors += fetched.errors


def _write(store: Store, embedding: _Embedding, batch: _Batch, report: IngestReport,
           progress: Progress | None) -> None:
    """Embed the texts not stored yet (once each) and write everything under the new versions.

    Rows need no embedding, so while a cold model loads and embeds in a worker process, the rows are written
    here: on two cores the two halves of a full ingest run side by side.
    """
    texts = batch.docs + batch.boards
    if not texts and not batch.rows:
        return
    model = batch.model
    wanted = list(dict.fromkeys(th for *_, th in texts))
    vectors = store.embeddings_by_text_hash(model, wanted)
    report.texts_reused = len(vectors)
    todo = list(dict((th, text) for _, _, text, th in texts if th not in vectors).items())
    report.texts_embedded = len(todo)
    total = len(texts) + len(batch.rows)
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("writing", done, total)

    embedding.submit(todo)
    store.add(store.rows(), [r[0] for r in batch.rows], [ROW_VECTOR] * len(batch.rows),
              [r[1] for r in batch.rows], progress=tick)
    vectors.update(embedding.result())
    for col, recs in ((store.docs(model), batch.docs), (store.boards(model), batch.boards)):
        store.add(col, [d[0] for d in recs], [vectors[d[3]] for d in recs], [d[1] for d in recs],
                  [d[2] for d in recs], progress=tick)


class _Embedding:
    """Embeddings for (text hash, text) pairs. With a cold model, a worker process loads it from the first changed
    file on (`warm`), while this process parses and writes rows; with a warm one (the bot), in this process."""

    def __init__(self, embedder, progress: Progress | None) -> None:
        self.embedder, self.progress = embedder, progress
        self.todo: list[tuple[str, str]] = []
        self._proc: subprocess.Popen | None = None

    def warm(self) -> None:
        from gapbot.embeddings import SentenceTransformerEmbedder

        cold = isinstance(self.embedder, SentenceTransformerEmbedder) and not self.embedder.loaded
        if cold and self._proc is None:
            self._proc = subprocess.Popen([sys.executable, "-m", "gapbot.embed_worker", self.embedder.name,
                                           str(self.embedder.batch_size)], stdin=subprocess.PIPE,
                                          stdout=subprocess.PIPE, text=True)

    def submit(self, todo: list[tuple[str, str]]) -> None:
        self.todo = todo
        if self._proc is not None:
            if todo:
                self._proc.stdin.write(json.dumps({"texts": [t for _, t in todo]}))
            self._proc.stdin.close()  # empty: nothing to embed, the worker exits

    def result(self) -> dict[str, list[float]]:
        hashes = [th for th, _ in self.todo]
        if not self.todo:
            return {}
        if self._proc is not None:
            out = json.loads(self._proc.stdout.read() or "{}")
            self._proc.wait()
            if "vectors" not in out:
                raise ConfigError(f"the embedding worker failed: {out.get('error', f'exit {self._proc.returncode}')}")
            vecs = out["vectors"]
        else:
            vecs = []
            for start in range(0, len(self.todo), 256):
                vecs += self.embedder.embed_documents([t for _, t in self.todo[start:start + 256]])
                if self.progress:
                    self.progress("embedding", len(vecs), len(self.todo))
        if self.progress:
            self.progress("embedding", len(self.todo), len(self.todo))
        return dict(zip(hashes, vecs, strict=True))

    def close(self) -> None:
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.kill()  # unused, or an error happened: don't leave the worker behind
            self._proc.wait()
            for pipe in (self._proc.stdin, self._proc.stdout):
                if pipe and not pipe.closed:
                    pipe.close()
