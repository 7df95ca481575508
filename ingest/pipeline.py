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
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path
from typing import Literal

from gapbot.errors import ConfigError, InputFileError, RefreshInProgress
from gapbot.models import Manifest, ScoreRow
from gapbot.procmem import peak_rss_mb
from gapbot.registry import Registry, load_registry_keeping_last_good
from gapbot.store import CHUNK_BATCH, ROW_CHUNK, ROW_VECTOR, Store, row_chunk_metadata
from ingest import feedsources
from ingest.discover import Discovery, Item, content_version, discover, file_id
from ingest.embedding import Embedding
from ingest.formats import BY_NAME
from ingest.formats import parse as parse_file
from ingest.formats.articles import VERSION as ARTICLE_PARSER
from ingest.formats.base import Context, Parsed, RowValues, row_values
from ingest.quarantine import ParseTimeout, Quarantine, deadline
from ingest.served import Generations, ServerManifest, open_served

log = logging.getLogger(__name__)
# Part of every file's content version: bump it when parsers read more from the same bytes, so files are re-parsed.
# 2: score intervals (LMArena rating_q025/q975, score_low/score_high in gapbot snapshots).
PARSER_VERSION = "2"
Progress = Callable[[str, int, int], None]  # (stage, done, total)
_SNAPSHOT = itemgetter([f.name for f in fields(ScoreRow)].index("snapshot"))


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
    docs_skipped: int = 0  # README, LICENSE, CHANGELOG... in the data folders: not data, not listed one by one
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
    feeds_failed: dict[str, str] = field(default_factory=dict)  # feed name -> why (its last good copy was used)
    feeds_changed: int = 0  # feed files whose content changed

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


def _text_hash(model: str, text: str) -> str:
    return hashlib.sha1(f"{model}\n{text}".encode()).hexdigest()


def _under(fid: str, roots: list[str]) -> bool:
    return any(fid == r or (r.endswith("/") and fid.startswith(r)) for r in roots)


class _RowStoreFailed(Exception):
    """Writing rows to the new row store failed (a full disk): the run fails, the file is not to blame."""


class _FileRows:
    """One file's rows on their way to the new generation's row store, a chunk at a time as the parser makes them
    (never a list of a whole file's rows); with a Chroma server, their records for it too."""

    def __init__(self, served: Generations | ServerManifest, batch: _Batch, item: Item, version: str) -> None:
        self.writer = served.rows
        self.records = batch.rows if served.remote else None
        self.marker = len(batch.rows)
        self.prefix = f"{hashlib.sha1(item.file_id.encode()).hexdigest()[:10]}:{version}:r"
        self.version, self.file_id = version, item.file_id
        self.count = 0
        self.parts = 0  # chunk records made for a Chroma server
        self.snapshots: set[str] = set()

    def __call__(self, values: list[RowValues]) -> None:
        """A chunk of rows as ScoreRow's field values in order (base.row_values)."""
        assert self.writer is not None
        try:
            self.writer.add_values(values)
        except Exception as exc:
            raise _RowStoreFailed(str(exc)) from exc
        if self.records is not None:  # a Chroma server's copy: one compressed record per chunk (gapbot/store.py)
            for start in range(0, len(values), ROW_CHUNK):
                part = values[start:start + ROW_CHUNK]
                self.records.append((f"{self.prefix}c{self.parts}",
                                     row_chunk_metadata(self.file_id, self.version, self.parts, part)))
                self.parts += 1
        self.count += len(values)
        self.snapshots.update(map(_SNAPSHOT, values))

    def drop(self) -> None:
        """The file was rejected part-way: forget what it gave."""
        assert self.writer is not None
        if self.count:
            try:
                self.writer.drop_file(self.file_id)
            except Exception as exc:
                raise _RowStoreFailed(str(exc)) from exc
        if self.records is not None:
            del self.records[self.marker:]


class _Batch:
    """Article passages of the changed files, waiting to be embedded and written (and, with a Chroma server, the
    rows' records). Only passages are embedded: rows are read by exact metadata (a board is chosen by its category,
    source and date, never by similarity), and stream into the row store as files are parsed."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.rows: list[tuple[str, dict]] = []  # (id, metadata): a Chroma server's row records
        self.docs: list[tuple[str, dict, str, str]] = []  # article chunks: (id, metadata, document, text hash)

    def add_passages(self, item: Item, version: str, parsed: Parsed) -> None:
        fkey = hashlib.sha1(item.file_id.encode()).hexdigest()[:10]
        base = {"file": item.file_id, "ver": version}
        for p in parsed.passages:
            th = _text_hash(self.model, p.text)
            self.docs.append((f"{fkey}:{version}:a{p.position}", {**base, "kind": "article", "text_hash": th,
                              "title": p.title, "source": p.source, "date": p.date, "author": p.author,
                              "position": p.position, "section": p.section, "based_on": p.based_on}, p.text, th))


def run_ingest(settings, paths: list[Path] | None = None, *, store: Store | None = None, embedder=None,
               feeds: bool | Literal["only"] = True, progress: Progress | None = None,
               registry: Registry | None = None, after_switch: Callable[[int], None] | None = None) -> IngestReport:
    """Ingest paths (default: the corpus folder, moderators' uploads and the feeds) into the store.

    `feeds`: fetch the feeds of sources.yaml too (when GAPBOT_FEEDS is on and no paths are given); "only": the feeds
    alone, what else is served stays as it is.

    `after_switch(generation)` runs once the new generation is served, before what it replaced is deleted: a reader
    in another process re-opens there (ingest/refresh_process.py). `store`: a Chroma server's store (tests).
    """
    from gapbot.embeddings import make_embedder

    if registry is None and not settings.registry_path.exists():
        # Without it every model's open/closed status would silently be unknown: refuse, saying where it looked.
        raise ConfigError(f"no model registry at {settings.registry_path}: set GAPBOT_REGISTRY to the registry.yaml "
                          "to use (or GAPBOT_CORPUS_DIR to a corpus folder that has one)")
    started = time.perf_counter()
    report = IngestReport()
    embedder = embedder or make_embedder(settings)
    embedding = Embedding(embedder, progress)
    with ingest_lock(settings.data_dir), contextlib.closing(embedding):
        served = open_served(settings, store)
        report.where = served.where
        quarantine = Quarantine(settings.data_dir)
        if blamed := quarantine.blame_dead_run("the last two ingests died while reading it", strikes_needed=2):
            report.notes.append(f"the previous ingest stopped while reading {blamed}")
        current = served.current()
        # A run killed before its switch left records that no manifest names: invisible, and deleted now.
        report.records_removed = served.recover(current)
        try:
            _run(settings, paths, served, current, embedding, report, progress, registry, feeds, after_switch,
                 quarantine)
            quarantine.finish()
        except BaseException:
            served.abort()
            raise
        report.notes = served.notes + report.notes
        report.rejected = list(dict.fromkeys(report.rejected))  # a rebuild after a damaged copy plans twice
    report.seconds = round(time.perf_counter() - started, 2)
    report.peak_rss_mb = peak_rss_mb()
    return report


def _run(settings, paths, served: Generations | ServerManifest, current: Manifest, embedding: Embedding,
         report: IngestReport, progress: Progress | None, registry: Registry | None, feeds: bool | str,
         after_switch, quarantine: Quarantine) -> None:
    if registry is None:
        registry = load_registry_keeping_last_good(settings.registry_path, settings.registry_keep_path)
        registry_digest = registry.digest
        report.row_errors += registry.problems
        if registry.fallback:
            report.rejected.append((str(settings.registry_path), registry.fallback))
    else:
        registry_digest = (hashlib.sha256(settings.registry_path.read_bytes()).hexdigest()
                           if settings.registry_path.exists() else "none")
    disc = Discovery() if feeds == "only" else discover(list(paths) if paths else default_paths(settings))
    if feeds == "only" or (feeds and settings.feeds_enabled and not paths):
        _add_feeds(settings, disc, report)
    report.skipped = disc.skipped
    report.docs_skipped = len(disc.docs)
    report.rejected += [(e.path, str(e)) for e in disc.errors]
    report.files_seen = len(disc.items)
    model = embedding.embedder.name
    salts = {fmt: f"{PARSER_VERSION}|{model}|{registry_digest if fmt != 'article' else 'a' + ARTICLE_PARSER}"
             for fmt in {i.format for i in disc.items}}
    # A different embedding model means different collections: start the served set from scratch.
    base = current if current.embedding_model in ("", model) else Manifest(generation=current.generation)
    plan = _plan(disc, base.files, salts, report, quarantine)
    if not (plan or _removable(base.files, disc) or current.embedding_model not in ("", model)):
        _unchanged(served, current, report)
        return
    _warm_for(embedding, plan)
    begun = served.begin(base, model)
    if begun is not base:  # the copy of the served index was damaged: every file is new to the rebuilt one
        base = begun
        plan = _plan(disc, base.files, salts, report, quarantine)
        _warm_for(embedding, plan)
    new = Manifest(generation=current.generation + 1, files=dict(base.files), embedding_model=model)
    batch = _Batch(model)
    for n, (item, version, prev) in enumerate(plan, 1):
        if progress:
            progress("reading", n, len(plan))
        with quarantine.reading(item.file_id, version):
            _parse_into(item, version, prev, registry, settings, served, batch, new, report, quarantine,
                        rows_progress(progress, item.path))
    _remove_gone(new, disc, report)
    if not report.changed and current.embedding_model in ("", model):  # every changed file was rejected
        served.abort()
        _unchanged(served, current, report)
        return
    live = {f["ver"] for f in new.files.values()}
    stale = {f["ver"] for f in base.files.values()} - live
    written = {f["ver"] for fid, f in new.files.items() if base.files.get(fid) != f}
    served.before_write(model, written, stale, current.embedding_model)
    # The texts' vectors are reused from the replaced versions, so those are deleted only after.
    _write(served.store, embedding, batch, report, progress, rows=served.remote)
    report.records_removed += served.after_write(model, stale, base)
    new.refreshed_at = datetime.now(UTC).isoformat(timespec="seconds")
    served.copy_unchanged({fid for fid, f in new.files.items() if base.files.get(fid, {}).get("ver") == f["ver"]})
    if progress:
        progress("cleaning up", 0, 1)
    report.records_removed += served.commit(new, after_switch, stale, current.embedding_model)
    report.generation = new.generation


def file_context(settings, registry: Registry, item: Item, sink=None, progress=None) -> Context:
    """What a parser is given: the limits of its kind of file (a streaming format's are the snapshot ones, the
    settings named in its refusals), the ingest's row sink and progress."""
    if BY_NAME[item.format].streams:
        return Context(registry, item.file_id, settings.max_snapshot_bytes, settings.max_snapshot_rows, sink=sink,
                       progress=progress, bytes_setting="GAPBOT_MAX_SNAPSHOT_BYTES",
                       rows_setting="GAPBOT_MAX_SNAPSHOT_ROWS")
    return Context(registry, item.file_id, settings.max_file_bytes, settings.max_rows_per_file, sink=sink,
                   progress=progress)


def parse_deadline(settings, path: Path) -> float:
    """GAPBOT_PARSE_TIMEOUT for a file up to GAPBOT_MAX_FILE_BYTES, in proportion above that: a 107 MB snapshot
    CSV (a million rows, ~20 s to parse on a loaded 2-core machine) gets 2.1 times as long."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return settings.parse_timeout_s * max(1.0, size / max(1, settings.max_file_bytes))


BIG_FILE = 8_000_000  # bytes: a file this big reports its own progress while it is read (~1 s of parsing and more)
ROWS_PROGRESS_S = 0.5  # at most one such report every this many seconds


def rows_progress(progress: Progress | None, path: Path) -> Callable[[int, int], None] | None:
    """For a big file: ("reading rows", bytes read, file size), throttled. A million-row upload takes tens of
    seconds, and "reading files 1/1" would say nothing all that time."""
    try:
        if progress is None or path.stat().st_size < BIG_FILE:
            return None
    except OSError:
        return None
    last = [float("-inf")]  # the first report always goes out (time.monotonic() may start near 0)

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= ROWS_PROGRESS_S:
            last[0] = now
            progress("reading rows", done, total)

    return report


def _warm_for(embedding: Embedding, plan: list[tuple[Item, str, dict | None]]) -> None:
    """Passages to embed: have the model loading while rows are parsed and written. Rows need no model, so a
    changed CSV alone (a big upload) never loads it: neither its memory nor a core's worth of start-up."""
    if any(item.format == "article" for item, _, _ in plan):
        embedding.warm()


def _plan(disc: Discovery, served: dict[str, dict], salts: dict[str, str], report: IngestReport,
          quarantine: Quarantine) -> list[tuple[Item, str, dict | None]]:
    """The files whose content version differs from the served one (each file hashed, none parsed)."""
    report.files_unchanged = report.records_unchanged = 0
    report.unknown_models = {}
    plan = []
    for item in disc.items:
        report.formats[item.file_id] = item.format
        try:
            version = content_version(item, salts[item.format])
        except OSError as exc:
            report.rejected.append((str(item.path), f"{item.path}: cannot read: {exc}"))
            continue
        prev = served.get(item.file_id)
        if why := quarantine.reason(item.file_id, version):
            report.rejected.append((str(item.path), f"{item.path}: quarantined, not read again until it changes "
                                                     f"({why}); replace or remove the file"))
        elif prev and prev["ver"] == version:
            report.files_unchanged += 1
            report.records_unchanged += prev.get("records", 0)
            _note_unknown(report, item.file_id, prev.get("unknown", []))
        else:
            plan.append((item, version, prev))
    return plan


def _parse_into(item: Item, version: str, prev: dict | None, registry: Registry, settings,
                served: Generations | ServerManifest, batch: _Batch, new: Manifest, report: IngestReport,
                quarantine: Quarantine, file_progress: Callable[[int, int], None] | None = None) -> None:
    rows = _FileRows(served, batch, item, version)
    try:
        try:
            with deadline(parse_deadline(settings, item.path)):
                parsed = parse_file(item, file_context(settings, registry, item, rows, file_progress))
                parsed.flush()  # what a streaming parser kept last
                if parsed.rows:  # a whole-file parser's rows
                    rows(list(map(row_values, parsed.rows)))
                    parsed.rows = []
        except BaseException:
            rows.drop()
            raise
    except _RowStoreFailed as exc:
        raise exc.__cause__ or exc from None
    except (ParseTimeout, MemoryError, RecursionError) as exc:
        # It would do the same at every refresh: keep it out until it changes.
        why = str(exc) if isinstance(exc, ParseTimeout) else f"reading it ran out of {_resource(exc)}"
        quarantine.add(item.file_id, version, why)
        report.rejected.append((str(item.path), f"{item.path}: {why}; quarantined until it changes"))
        return
    except InputFileError as exc:
        report.rejected.append((str(item.path), str(exc)))
        return
    except Exception as exc:  # a parser bug must not take the whole refresh down
        log.exception("parser failed on %s", item.path)
        report.rejected.append((str(item.path), f"{item.path}: could not be read ({type(exc).__name__}: {exc})"))
        return
    batch.add_passages(item, version, parsed)
    count = rows.count + len(parsed.passages)
    (report.files_updated if prev else report.files_added).append(item.file_id)
    if prev:
        report.records_updated += count
    else:
        report.records_added += count
    report.row_errors += parsed.row_errors
    report.notes += [f"{item.path.name}: {note}" for note in parsed.notes]
    unknown = sorted(parsed.unknown_models)
    _note_unknown(report, item.file_id, unknown)
    new.files[item.file_id] = {"ver": version, "format": item.format, "records": count, "rows": rows.count,
                               "title": parsed.title, "origin": item.origin, "unknown": unknown,
                               "snapshots": sorted(rows.snapshots), "name": item.path.name}


def _resource(exc: BaseException) -> str:
    return "memory" if isinstance(exc, MemoryError) else "stack (nesting too deep)"


def _removable(served: dict[str, dict], disc: Discovery) -> bool:
    """Whether a served file under this run's folders is gone (its records are to be deleted)."""
    seen = {i.file_id for i in disc.items}
    return any(fid not in seen and _under(fid, disc.roots) and not Path(fid).exists() for fid in served)


def _remove_gone(new: Manifest, disc: Discovery, report: IngestReport) -> None:
    """Files that were served from the folders of this run but are gone now."""
    seen = {i.file_id for i in disc.items}
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


def _unchanged(served: Generations | ServerManifest, current: Manifest, report: IngestReport) -> None:
    report.generation = current.generation
    served.unchanged(current)


def _note_unknown(report: IngestReport, fid: str, models: list[str]) -> None:
    for m in models:
        report.unknown_models.setdefault(m, []).append(fid)


def _add_feeds(settings, disc: Discovery, report: IngestReport) -> None:
    """Fetch the feeds (a failing one keeps its last good copy and is reported) and add their files."""
    try:
        specs = feedsources.load(settings.sources_path)
    except InputFileError as exc:
        disc.errors.append(exc)
        return
    if not specs:
        return
    folder = settings.data_dir / "feeds"
    run = feedsources.refresh(specs, folder, settings.feed_timeout_s, settings.feed_max_bytes,
                              allow_private=settings.feed_allow_private,
                              overrides=feedsources.parse_base_overrides(settings.feed_base_url,
                                                                         settings.feed_base_urls))
    report.feeds_failed = dict(run.failed)
    report.feeds_changed = len(run.changed)
    disc.errors += run.errors
    disc.roots.append(file_id(folder) + "/")
    fetched = discover([p for p, _ in run.files])
    origins = {file_id(p): url for p, url in run.files}
    for item in fetched.items:
        item.origin = origins.get(item.file_id, "")
        disc.items.append(item)
    disc.errors += fetched.errors


def _write(store: Store, embedding: Embedding, batch: _Batch, report: IngestReport,
           progress: Progress | None, rows: bool) -> None:
    """Embed the texts not stored yet (once each) and write them, and with `rows` (a Chroma server; embedded, rows
    live in the generation's row cache) the rows, under the new versions.

    Rows need no embedding, so while the model embeds (in a thread, or a worker process for sentence-transformers),
    the rows are written here: on two cores the two halves run side by side.
    """
    texts = batch.docs
    row_recs = batch.rows if rows else []
    if not texts and not row_recs:
        return
    model = batch.model
    wanted = list(dict.fromkeys(th for *_, th in texts))
    vectors = store.embeddings_by_text_hash(model, wanted)
    report.texts_reused = len(vectors)
    todo = list(dict((th, text) for _, _, text, th in texts if th not in vectors).items())
    report.texts_embedded = len(todo)
    total = len(texts) + len(row_recs)
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("writing", done, total)

    embedding.submit(todo)
    if row_recs:
        store.add(store.rows(), [r[0] for r in row_recs], [ROW_VECTOR] * len(row_recs), [r[1] for r in row_recs],
                  progress=tick, batch=CHUNK_BATCH)
    vectors.update(embedding.result())
    recs = batch.docs
    store.add(store.docs(model), [d[0] for d in recs], [vectors[d[3]] for d in recs], [d[1] for d in recs],
              [d[2] for d in recs], progress=tick)
