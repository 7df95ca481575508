"""Chroma access: one client (embedded or a `chroma run` server), three collections, an atomic manifest.

Collections:
- `<prefix>_rows` (server mode): a file's rows in chunks, one record per ROW_CHUNK rows (compressed, in its
  metadata; earlier versions wrote one record per row), with a fixed vector: how a machine without the local row
  store gets the rows, which are then read by board from that store, never by similarity. In embedded mode the rows are
  kept in the generation's row cache instead (gapbot/rowcache.py): a full ingest no longer spends 2-3 s writing
  5,500 records that only that cache was ever read from.
- `<prefix>_docs_<model>`: article chunks, embedded (the model's name is part of it: its dimension depends on it).
- `<prefix>_meta`: the manifest (file id -> content version). Records of a version the manifest does not name
  are invisible to readers.

Embedded mode: the served Chroma folder is the current generation's (gapbot/generations.py); it is never written
after its switch, and an ingest writes a copy of it (`Store(settings, path=...)`). Server mode: one set of
collections; switching the manifest is a single-record upsert, so a reader sees the old index or the new one, never
a mix, and the server outlives a killed writer.

Chroma's default embedding function is never used: every add and query passes its own vectors.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
import sqlite3
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

from gapbot import doccache, generations, rowcache
from gapbot.errors import StoreUnavailable
from gapbot.models import Manifest, Passage, ScoreRow

log = logging.getLogger(__name__)
MANIFEST_ID = "manifest"
# The embedded (Rust) client holds the GIL for a whole call: 20-25 ms plus ~0.3 ms per record. Writers are an ingest
# process or the bot's refresh child (ingest/refresh_process.py), never the bot itself, so fewer, larger calls are
# free to take: 5,515 rows in 1.7-1.8 s at 2,048 a call against 1.8-2.4 s at 512 (Chroma's maximum is 5,461).
BATCH = 2048
ROW_VECTOR = [1.0]
_OPEN_TO_META = {True: "true", False: "false", None: "unknown"}
_META_TO_OPEN = {v: k for k, v in _OPEN_TO_META.items()}


def model_slug(model: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", model.lower().rsplit("/", 1)[-1]).strip("-")[:40] or "model"


def docs_name(prefix: str, model: str) -> str:
    """The article passages' collection: the model is part of its name, since their dimension depends on it."""
    return f"{prefix}_docs_{model_slug(model)}"


OPTIONAL_FLOATS = ("score_low", "score_high", "cost_per_question", "cost_per_solved")
_ROW_FIELDS = tuple(f.name for f in fields(ScoreRow))


# A Chroma server's rows travel in chunks: one record per chunk of a file's rows (ROW_CHUNK rows as compressed JSON in
# its metadata), never one record per row. A million-row upload is ~500 records and ~15 MB, where records per row
# were a million metadata dicts held in memory (over a gigabyte) and minutes of upserts; rows are read by board from
# the row store (gapbot/rowcache.py), and these records are how another machine gets them.
ROW_CHUNK = 2000
CHUNK_BATCH = 32  # chunk records per upsert (~1 MB of request), far fewer than BATCH row records


def row_chunk_metadata(file: str, version: str, part: int, values: list[tuple]) -> dict[str, Any]:
    """One chunk of a file's rows (tuples of ScoreRow's first fields, as a parser hands them on) as a record's
    metadata: zlib-compressed JSON, base64 (metadata holds strings)."""
    data = base64.b64encode(zlib.compress(json.dumps(values, separators=(",", ":")).encode(), 6)).decode()
    # The values' field names travel with them: a server keeps records across upgrades, and a later ScoreRow with
    # its fields in another order must not read one field's value as another's.
    names = ",".join(_ROW_FIELDS[:max(map(len, values), default=0)])
    return {"file": file, "ver": version, "kind": "rows", "part": part, "n": len(values), "fields": names,
            "data": data}


def rows_from_chunk(m: dict[str, Any]) -> list[ScoreRow]:
    values = json.loads(zlib.decompress(base64.b64decode(m["data"])))
    names = m["fields"].split(",")
    return [ScoreRow(**dict(zip(names, v, strict=False))) for v in values]


def row_from_metadata(m: dict[str, Any]) -> ScoreRow:
    """A row record as versions before chunks wrote them (one per row), still read while such a version is
    served."""
    return ScoreRow(
        source=m["source"], benchmark=m["benchmark"], snapshot=m["snapshot"], category=m["category"],
        model=m["model"], display_name=m.get("display_name", ""), organization=m.get("organization", ""),
        open_weights=_META_TO_OPEN.get(m.get("open_weights", "unknown")), score=float(m["score"]),
        task=m.get("task", ""), release_date=m.get("release_date", ""), first_seen=m.get("first_seen", ""),
        source_key=m.get("source_key", ""), source_url=m.get("source_url", ""), file=m.get("file", ""),
        **{k: m.get(k) for k in OPTIONAL_FLOATS})


class Store:
    def __init__(self, settings, write_batch: int = BATCH, path: Path | None = None) -> None:
        """`path`: an embedded Chroma folder to open (and create) for writing; by default, the served generation's."""
        self.settings = settings
        self.write_batch = write_batch
        self.path = path
        self._opened: Path | None = None
        self._generation: Path | None = None  # the served folder that `_opened` is a copy of
        self._copies: list[Path] = []  # this reader's own copies of served folders, oldest first
        self._systems: dict[Path, Any] = {}  # the Chroma systems of copies let go of, stopped when they are removed
        self._client = None
        self._collections: dict[str, Any] = {}
        self._lock = threading.Lock()

    # -- connection -------------------------------------------------------------------------------------------
    @property
    def remote(self) -> bool:
        return bool(self.settings.chroma_host)

    @property
    def where(self) -> str:
        if self.remote:
            return f"Chroma server {self.settings.chroma_host}:{self.settings.chroma_port}"
        return f"embedded Chroma in {self._opened or self.path or self.settings.data_dir}"

    @property
    def served(self) -> bool:
        """Whether there is anything to read: a server, a folder given to write, or a switched-in generation."""
        return self.remote or self.path is not None or generations.current(self.settings.data_dir) is not None

    def _embedded_path(self) -> Path:
        if self.path is not None:
            self.path.mkdir(parents=True, exist_ok=True)
            return self.path
        gen = generations.current(self.settings.data_dir)
        if gen is None:
            raise StoreUnavailable(f"nothing has been ingested into {self.settings.data_dir} yet: run `gapbot ingest`")
        if not (gen.chroma_dir / "chroma.sqlite3").is_file():
            # Never let Chroma create an empty store here: that would hide a deleted index as "nothing ingested".
            raise StoreUnavailable(f"the served index {gen.chroma_dir} is missing: run `gapbot ingest` to rebuild it")
        self._generation = gen.chroma_dir
        try:
            self._copies.append(generations.reader_copy(self.settings.data_dir, gen))
            return self._copies[-1]
        except (OSError, sqlite3.Error) as exc:
            raise StoreUnavailable(f"cannot read the served index {gen.chroma_dir}: {exc}") from exc

    def client(self):
        with self._lock:
            if self._client is None:
                import chromadb
                from chromadb.config import Settings as ChromaSettings

                chroma_settings = ChromaSettings(anonymized_telemetry=False)
                try:
                    if self.remote:
                        # The client makes a call while it is built, with no timeout: probe first.
                        _probe(self.settings.chroma_host, self.settings.chroma_port, self.settings.chroma_timeout_s)
                        self._client = chromadb.HttpClient(host=self.settings.chroma_host,
                                                           port=self.settings.chroma_port, settings=chroma_settings)
                        _set_request_timeout(self._client, self.settings.chroma_timeout_s)
                    else:
                        self._opened = self._embedded_path()
                        self._client = chromadb.PersistentClient(path=str(self._opened), settings=chroma_settings)
                except StoreUnavailable:
                    raise
                except Exception as exc:
                    raise StoreUnavailable(f"cannot open the {self.where}: {exc}") from exc
            return self._client

    def reset_connection(self) -> None:
        """Forget the client so the next call reconnects (after a Chroma server restart)."""
        with self._lock:
            self._client = None
            self._collections.clear()

    def reopen(self) -> None:
        """Follow a switch made by another process: the next call opens the generation served now. (An embedded
        client also keeps its vector indexes in memory and never re-reads them.) chromadb shares one client per
        path within a process; forgetting ours lets calls already under way finish on the old one, which is freed
        when the last of them lets go of it. A server client sees every write already: it is kept."""
        if self.remote:
            return
        self.close()

    def close(self) -> None:
        """Let go of the embedded client (a writer, before its folder is switched in or deleted)."""
        with self._lock:
            system = None
            if self._client is not None and not self.remote:
                from chromadb.api.shared_system_client import SharedSystemClient

                ident = getattr(self._client, "_identifier", None)
                system = SharedSystemClient._identifier_to_system.pop(ident, None)
                SharedSystemClient._identifier_to_refcount.pop(ident, None)
            if system is not None and self.path is not None:
                _stop(system)  # a writer's calls are over: its files and handles go now
            elif system is not None and self._opened is not None:
                self._systems[self._opened] = system  # stopped with its copy, once no call can be using it
            self._client = None
            self._opened = self._generation = None
            self._collections.clear()
            # Calls under way may still read the copy just let go of; the ones before it are free to go.
            while len(self._copies) > 1:
                old = self._copies.pop(0)
                if (system := self._systems.pop(old, None)) is not None:
                    _stop(system)
                generations.remove_copy(old)

    def _follow(self) -> None:
        """A reader of the served generation follows a switch made by another process (one small file read)."""
        if self.remote or self.path is not None or self._opened is None:
            return
        gen = generations.current(self.settings.data_dir)
        if gen is None or gen.chroma_dir != self._generation:
            self.close()

    def _collection(self, name: str, cosine: bool = True):
        self._follow()
        if (col := self._collections.get(name)) is not None:
            return col
        try:
            col = self.client().get_or_create_collection(
                name, embedding_function=None, metadata={"hnsw:space": "cosine"} if cosine else None)
        except StoreUnavailable:
            raise
        except Exception as exc:
            raise StoreUnavailable(f"the {self.where} did not answer: {exc}") from exc
        self._collections[name] = col
        return col

    def rows(self, model: str | None = None):
        """One record per leaderboard row. Rows are read by exact metadata, never by similarity, so they carry a
        fixed vector and no embedding model."""
        return self._collection(f"{self.settings.collection_prefix}_rows", cosine=False)

    def docs(self, model: str):
        """Article chunks only, so a question's search needs no metadata filter (filters cost tens of ms)."""
        return self._collection(docs_name(self.settings.collection_prefix, model))

    def meta(self):
        return self._collection(f"{self.settings.collection_prefix}_meta", cosine=False)

    def _call(self, what: str, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            if _is_connection_error(exc):
                self.reset_connection()
                raise StoreUnavailable(f"the {self.where} is not reachable ({what}): {exc}") from exc
            raise

    # -- manifest ---------------------------------------------------------------------------------------------
    def read_manifest(self) -> Manifest:
        if not self.served:
            return Manifest()
        got = self._call("reading the manifest", self.meta().get, ids=[MANIFEST_ID], include=["documents"])
        if not got["ids"]:
            return Manifest()
        data = json.loads(got["documents"][0])
        return Manifest(generation=data.get("generation", 0), files=data.get("files", {}),
                        refreshed_at=data.get("refreshed_at", ""), embedding_model=data.get("embedding_model", ""))

    def write_manifest(self, manifest: Manifest) -> None:
        doc = json.dumps({"generation": manifest.generation, "files": manifest.files,
                          "refreshed_at": manifest.refreshed_at, "embedding_model": manifest.embedding_model})
        # The single write that makes a refresh visible.
        self._call("switching the manifest", self.meta().upsert, ids=[MANIFEST_ID], documents=[doc],
                   embeddings=[[0.0]], metadatas=[{"generation": manifest.generation}])

    # -- writes -----------------------------------------------------------------------------------------------
    def add(self, collection, ids: list[str], embeddings: list, metadatas: list[dict],
            documents: list[str] | None = None, progress=None, batch: int | None = None) -> None:
        step = batch or self.write_batch
        for start in range(0, len(ids), step):
            end = start + step
            kwargs = {"documents": documents[start:end]} if documents is not None else {}
            self._call("writing", collection.upsert, ids=ids[start:end], embeddings=embeddings[start:end],
                       metadatas=metadatas[start:end], **kwargs)
            time.sleep(0)  # let other threads (the bot's event loop) run between batches
            if progress is not None:
                progress(len(ids[start:end]))

    def embeddings_by_text_hash(self, model: str, hashes: Iterable[str]) -> dict[str, list[float]]:
        """Vectors already stored for these texts (any version), so unchanged texts are never embedded again."""
        hashes = list(dict.fromkeys(hashes))
        found: dict[str, list[float]] = {}
        for col in (self.docs(model),):
            todo = [h for h in hashes if h not in found]
            for start in range(0, len(todo), 500):
                got = self._call("reading embeddings", col.get,
                                 where={"text_hash": {"$in": todo[start:start + 500]}},
                                 include=["embeddings", "metadatas"])
                for emb, meta in zip(got["embeddings"], got["metadatas"], strict=True):
                    found.setdefault(meta["text_hash"], list(map(float, emb)))
        return found

    def delete_versions(self, model: str, versions: Iterable[str]) -> int:
        """Delete every record of these file versions (replaced, removed, or left by a killed run)."""
        versions = sorted(set(versions))
        if not versions or not model:
            return 0
        deleted = 0
        for col in (self.rows(), self.docs(model)) if self.remote else (self.docs(model),):
            for start in range(0, len(versions), 200):
                got = self._call("collecting garbage", col.get, where={"ver": {"$in": versions[start:start + 200]}},
                                 include=[])
                ids = got["ids"]
                for i in range(0, len(ids), self.write_batch):
                    self._call("collecting garbage", col.delete, ids=ids[i:i + self.write_batch])
                    time.sleep(0)
                deleted += len(ids)
        return deleted

    # -- reads ------------------------------------------------------------------------------------------------
    def load_rows(self, manifest: Manifest, page: int = 1000) -> list[ScoreRow]:
        """Every served row, in a list (tools and tests; `iter_rows` streams them)."""
        return list(self.iter_rows(manifest, page))

    def iter_rows(self, manifest: Manifest, page: int = 1000) -> Iterator[ScoreRow]:
        """Every served row: in embedded mode the served generation's row cache (where they are kept), from a
        server a page of records at a time (one big read would hold the GIL for half a second): chunk records
        (`row_chunk_metadata`), or one record per row as earlier versions wrote them."""
        live = {f["ver"] for f in manifest.files.values()}
        if not live or not manifest.embedding_model:
            return
        if not self.remote:
            gen = generations.current(self.settings.data_dir)
            cached = rowcache.read_file(gen.dir) if gen is not None else None
            if cached is None:
                raise StoreUnavailable(f"the served rows in {gen.dir if gen else self.settings.data_dir} are missing "
                                       "or damaged: run `gapbot ingest` to rebuild them")
            yield from cached[1]
            return
        col = self.rows()
        offset = 0
        while True:
            got = self._call("reading rows", col.get, include=["metadatas"], limit=page, offset=offset)
            for m in got["metadatas"]:
                if m.get("ver") in live:
                    yield from (rows_from_chunk(m) if m.get("kind") == "rows" else (row_from_metadata(m),))
            if len(got["ids"]) < page:
                return
            offset += page
            time.sleep(0)

    def query_docs(self, manifest: Manifest, vector: list[float], k: int) -> list[tuple[str, dict, float]]:
        """Nearest article chunks of the served versions.

        No `where` filter: records of other versions exist only while a refresh runs, so over-fetching and
        filtering here is far cheaper than Chroma's metadata filter.
        """
        live = {f["ver"] for f in manifest.files.values()}
        if not live:
            return []
        if not self.remote and self.path is None:
            # The served generation's own copy of its passages: no chromadb import on a cold article question.
            gen = generations.current(self.settings.data_dir)
            if gen is not None and (hits := doccache.search(gen.dir, vector, k * 2)) is not None:
                return [h for h in hits if h[1].get("ver") in live][:k]
        got = self._call("searching", self.docs(manifest.embedding_model).query, query_embeddings=[vector],
                         n_results=k * 2, include=["documents", "metadatas", "distances"])
        hits = [h for h in zip(got["documents"][0], got["metadatas"][0], got["distances"][0], strict=True)
                if h[1].get("ver") in live]
        return hits[:k]

    def passages(self, manifest: Manifest) -> tuple[str, Any, list[tuple[str, dict]]]:
        """Every served article passage and its vector: (a key naming this set, vectors, [(document, metadata)]).

        Embedded mode reads the served generation's own copy (no chromadb import on a cold article question); a
        Chroma server, or a missing copy, is read through Chroma. Hybrid search scores every passage, lexically and
        by vector, so it needs them all (a few hundred; tens of thousands at 50x the data)."""
        import numpy as np

        live = {f["ver"] for f in manifest.files.values()}
        if not live:
            return "", np.zeros((0, 0), np.float32), []
        versions = hashlib.sha1("|".join(sorted(live)).encode()).hexdigest()[:12]
        if not self.remote and self.path is None:
            gen = generations.current(self.settings.data_dir)
            if gen is not None and (cached := doccache.load(gen.dir)) is not None:
                vectors, records = cached
                keep = [i for i, (_, meta) in enumerate(records) if meta.get("ver") in live]
                if len(keep) < len(records):
                    vectors, records = vectors[keep], [records[i] for i in keep]
                return f"{gen.dir}|{versions}", vectors, records
        got = self._call("reading the passages", self.docs(manifest.embedding_model).get,
                         include=["documents", "metadatas", "embeddings"])
        keep = [i for i, meta in enumerate(got["metadatas"]) if meta.get("ver") in live]
        vectors = np.asarray([got["embeddings"][i] for i in keep], dtype=np.float32)
        return (f"{self.where}|{manifest.generation}|{versions}", vectors,
                [(got["documents"][i], got["metadatas"][i]) for i in keep])

    def drop_collections_but(self, keep: set[str]) -> None:
        """Delete this store's other collections (what older versions kept, e.g. board summaries): in a copy."""
        for name in [c.name if hasattr(c, "name") else str(c) for c in self.client().list_collections()]:
            if name.startswith(f"{self.settings.collection_prefix}_") and name not in keep:
                self.client().delete_collection(name)
                self._collections.pop(name, None)


def _stop(system) -> None:
    """Stop a Chroma system let go of: its open files and threads would otherwise stay until a full collection (or
    for good), one set per refresh in a long-lived bot."""
    try:
        system.stop()
    except Exception as exc:  # never fail a reload over it
        log.warning("could not stop an old Chroma client: %s", exc)


def passage_from(doc: str, meta: dict, distance: float) -> Passage:
    return Passage(text=doc, title=meta.get("title", ""), source=meta.get("source", ""), date=meta.get("date", ""),
                   file=meta.get("file", ""), position=int(meta.get("position", 0)), author=meta.get("author", ""),
                   score=1.0 - float(distance), section=meta.get("section", ""), based_on=meta.get("based_on", ""))


def _probe(host: str, port: int, seconds: float) -> None:
    """Fail fast (StoreUnavailable via the caller) when the server does not answer its heartbeat in time."""
    import urllib.error
    import urllib.request

    url = f"http://{host}:{port}/api/v2/heartbeat"
    try:
        with urllib.request.urlopen(url, timeout=seconds) as resp:
            resp.read(256)
    except urllib.error.HTTPError:
        return  # it answered: an older or newer API path is not our concern here
    except (OSError, TimeoutError) as exc:
        raise ConnectionError(f"no answer from {host}:{port} within {seconds:g} s ({exc})") from exc


def _set_request_timeout(client, seconds: float) -> None:
    """chromadb's HttpClient builds its httpx session with timeout=None, and offers no setting for it: a frozen
    server would hang every question. Set one on the session it made (checked by the reliability tests)."""
    session = getattr(getattr(client, "_server", None), "_session", None)
    if session is None:
        log.warning("could not set a request timeout on the Chroma client (its internals changed)")
        return
    import httpx

    session.timeout = httpx.Timeout(seconds, connect=min(seconds, 3.0))


def _is_connection_error(exc: Exception) -> bool:
    text = f"{type(exc).__name__}: {exc}".lower()
    return any(s in text for s in ("connect", "connection", "timed out", "timeout", "refused", "unreachable",
                                   "could not connect", "remote end closed", "502", "503"))
