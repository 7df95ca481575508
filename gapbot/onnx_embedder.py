"""Embeddings without torch: the model's ONNX graph (gapbot.onnx_export) in ONNX Runtime, the `tokenizers` library,
and sentence-transformers' mean pooling and normalisation in NumPy.

Loading takes ~0.1 s and ~60 MB (its weights are mapped from their file), against 5-9 s and ~560 MB for
sentence-transformers, so a cold `gapbot ask` on the articles and the bot's memory both shrink; one query is ~8 ms
on two cores. The vectors match sentence-transformers' (cosine >= 0.9999, checked by tests/test_onnx_embedder.py).
The graph is made once per model (a subprocess that imports torch, ~10 s) into GAPBOT_MODEL_CACHE; the embedder's
name carries the graph's hash, so a changed graph, like a changed model, gets new collections and re-embeds everything.
"""

from __future__ import annotations

import fcntl
import json
import re
import subprocess
import sys
import threading
from pathlib import Path

from gapbot.embeddings import QueryCache
from gapbot.errors import ConfigError
from gapbot.onnx_export import FORMAT


def graph_dir(cache: Path, model: str) -> Path:
    return Path(cache) / re.sub(r"[^a-z0-9]+", "-", model.lower().rsplit("/", 1)[-1]).strip("-")


def ensure_graph(cache: Path, model: str) -> dict:
    """The graph's metadata, exporting it first if there is none (one process at a time: a file lock)."""
    folder = graph_dir(cache, model)
    meta = _read_meta(folder)
    if meta is not None:
        return meta
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / f".{folder.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be exporting it right now: wait for it
        if (meta := _read_meta(folder)) is not None:
            return meta
        done = subprocess.run([sys.executable, "-m", "gapbot.onnx_export", model, str(folder)],
                              capture_output=True, text=True, timeout=900)
        if done.returncode != 0 or (meta := _read_meta(folder)) is None:
            raise ConfigError(f"could not make the ONNX graph of {model!r} in {folder}: "
                              f"{(done.stderr or '').strip()[-500:] or f'exit {done.returncode}'}. "
                              "Set GAPBOT_EMBEDDING_RUNTIME=torch to embed with sentence-transformers instead")
    return meta


def has_graph(cache: Path, model: str) -> bool:
    """Whether `model`'s graph was already made (reading a question never waits ~10 s for torch to make it)."""
    return graph_meta(cache, model) is not None


def graph_meta(cache: Path, model: str) -> dict | None:
    """`model`'s graph's metadata where it was already made, else None (nothing is made)."""
    return _read_meta(graph_dir(cache, model))


def _read_meta(folder: Path) -> dict | None:
    try:
        meta = json.loads((folder / "graph.json").read_text())
    except (OSError, ValueError):
        return None
    files = ("graph.onnx", "graph.onnx.data", "tokenizer.json")
    if meta.get("format") != FORMAT or not all((folder / name).is_file() for name in files):
        return None  # made by another version of gapbot, or incomplete: made again
    return meta


class OnnxEmbedder(QueryCache):
    """Implements langchain's Embeddings interface (embed_documents / embed_query), like SentenceTransformerEmbedder."""

    def __init__(self, model: str, cache: Path, batch_size: int = 32, threads: int | None = None,
                 query_cache: int = 512) -> None:
        self.model = model
        self.cache = Path(cache)
        self.batch_size = batch_size
        self.threads = threads
        self._meta: dict | None = None
        self._session = None
        self._tokenizer = None
        self._lock = threading.Lock()
        self._encode_lock = threading.Lock()
        super().__init__(query_cache)

    @property
    def meta(self) -> dict:
        if self._meta is None:
            self._meta = ensure_graph(self.cache, self.model)
        return self._meta

    @property
    def name(self) -> str:
        """What the vectors are named by: the model and the graph that made them."""
        return f"{self.model}+onnx-{self.meta['sha256'][:12]}"

    @property
    def dimension(self) -> int:
        return int(self.meta["dimension"])

    @property
    def loaded(self) -> bool:
        return self._session is not None

    def load(self, light: bool = False) -> None:
        """Open the session. `light`: for a process that embeds a question or two and exits (a cold `gapbot ask`,
        whose first use is a query): one intra-op thread unless given a number, and the weights used as stored
        instead of repacked for faster matrix products. Creating the session then costs ~40 ms of CPU instead of
        ~200 (a second thread pool spun up and ~40 MB of weights repacked, which one short query never pays back);
        warm queries are ~9.5 ms of CPU instead of ~6. The vectors are the same (cosine 1 - 1e-13). Whoever serves
        many questions or documents (the bot, an ingest) loads it first, as it is."""
        with self._lock:
            if self._session is not None:
                return
            import onnxruntime as ort
            from tokenizers import Tokenizer

            folder = graph_dir(self.cache, self.model)
            meta = self.meta
            tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            tokenizer.enable_truncation(max_length=int(meta["max_tokens"]))
            pad = tokenizer.token_to_id("[PAD]")
            tokenizer.enable_padding(pad_id=pad if pad is not None else 0, pad_token="[PAD]")
            options = ort.SessionOptions()
            if self.threads or light:
                options.intra_op_num_threads = self.threads or 1
            if light:
                options.add_session_config_entry("session.disable_prepacking", "1")
            options.log_severity_level = 3  # warnings about unused initializers are not the user's business
            self._session = ort.InferenceSession(str(folder / "graph.onnx"), options,
                                                 providers=["CPUExecutionProvider"])
            self._tokenizer = tokenizer

    def embed_query(self, text: str) -> list[float]:
        if self._session is None:  # a question first: most likely a cold process asking one (see `load`)
            self.load(light=True)
        return super().embed_query(text)

    def cache_key(self, text: str) -> str:
        """The text's token ids: texts with the same tokens have the same vector (MiniLM's tokenizer lowercases, so
        the lowercased question the intent model reads and the question as written that the article search embeds
        share one pass). Not the normalised text: special tokens ("[MASK]") are matched before it lowercases."""
        if self._tokenizer is None:
            return text
        return " ".join(map(str, self._tokenizer.encode(text).ids))

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        self.load()
        # Texts of a similar length together: padding to the longest of a batch costs less.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors: dict[int, list[float]] = {}
        for start in range(0, len(order), self.batch_size):
            idx = order[start:start + self.batch_size]
            # One batch at a time (no gain from more on a couple of cores, only buffers), and the lock let go
            # between batches: a question's embedding waits for one batch of a refresh's texts, not all of them.
            with self._encode_lock:
                batch = self._encode([texts[i] for i in idx])
            for i, vec in zip(idx, batch, strict=True):
                vectors[i] = vec
        return [vectors[i] for i in range(len(texts))]

    def query_states(self, text: str):
        """The question's token states entering the model's top layers, (tokens, hidden), for the intent model's
        tuned layers (gapbot.tuned_head); its embedding, made by the same pass, is kept for embed_query."""
        import numpy as np

        if self._session is None:
            self.load(light=True)
        with self._encode_lock:
            ids, mask = self._tokens([text])
            tokens, states = self._session.run(["token_embeddings", "layer_states"], self._inputs(ids, mask))
        self.remember(text, self._pooled(tokens, mask)[0])
        return np.asarray(states[0], dtype=np.float32)

    def _tokens(self, texts: list[str]):
        import numpy as np

        encoded = self._tokenizer.encode_batch(texts)
        return (np.array([e.ids for e in encoded], dtype=np.int64),
                np.array([e.attention_mask for e in encoded], dtype=np.int64))

    @staticmethod
    def _inputs(ids, mask) -> dict:
        import numpy as np

        return {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}

    def _encode(self, texts: list[str]) -> list[list[float]]:
        ids, mask = self._tokens(texts)
        # only the embeddings: the layer states are computed on the way anyway, but not copied out
        tokens = self._session.run(["token_embeddings"], self._inputs(ids, mask))[0]
        return self._pooled(tokens, mask)

    def _pooled(self, tokens, mask) -> list[list[float]]:
        import numpy as np

        weights = mask[..., None].astype(np.float32)
        pooled = (tokens * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        if self.meta.get("normalize", True):
            pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return pooled.tolist()


_SHARED: dict[tuple[str, str, int], OnnxEmbedder] = {}
_SHARED_LOCK = threading.Lock()


def shared(model: str, cache: Path, batch_size: int = 32) -> OnnxEmbedder:
    """One embedder per model, graph folder and batch size in a process: the article path and the intent model's
    questions (gapbot.intent_model) share one ONNX session, where a second would cost ~50 MB more."""
    key = (model, str(Path(cache)), batch_size)
    with _SHARED_LOCK:
        if key not in _SHARED:
            _SHARED[key] = OnnxEmbedder(model, cache, batch_size)
        return _SHARED[key]

