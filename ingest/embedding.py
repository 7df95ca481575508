"""Embeddings for an ingest's new texts: in a worker process while a cold model loads, or with a warm one in place."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import threading
from collections.abc import Callable

from gapbot.errors import ConfigError

Progress = Callable[[str, int, int], None]  # (stage, done, total)


class Embedding:
    """Embeddings for (text hash, text) pairs. With a cold model, a worker process loads it from the first changed
    file on (`warm`), while this process parses and writes rows; with a warm one (the bot), in this process."""

    def __init__(self, embedder, progress: Progress | None) -> None:
        self.embedder, self.progress = embedder, progress
        self.todo: list[tuple[str, str]] = []
        self._proc: subprocess.Popen | None = None
        self._thread: threading.Thread | None = None
        self._done: list[list[float]] | BaseException | None = None

    def warm(self) -> None:
        from gapbot.embeddings import SentenceTransformerEmbedder

        if _runs_locally(self.embedder) and not self.embedder.loaded and self._thread is None:
            # The libraries are imported here, in this thread: a first import of a package from two threads at once
            # can fail ("partially initialized module 'numpy'"), and this one is about to import chromadb.
            import numpy  # noqa: F401
            import onnxruntime  # noqa: F401
            import tokenizers  # noqa: F401

            # Loading (or, the first time, making the graph) while this thread parses and writes.
            self._thread = threading.Thread(target=self._load, name="gapbot-embed-load", daemon=True)
            self._thread.start()
            return
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
        elif todo and _runs_locally(self.embedder):
            # ONNX Runtime lets go of the GIL while it computes: embed beside the row writes, on the other core.
            if self._thread is not None:
                self._thread.join()  # the loading started by warm()
            self._thread = threading.Thread(target=self._embed_all, name="gapbot-embed", daemon=True)
            self._thread.start()

    def _load(self) -> None:
        with contextlib.suppress(Exception):  # a failure to load is raised where the vectors are needed
            self.embedder.load()

    def _embed_all(self) -> None:
        try:
            self._done = self.embedder.embed_documents([t for _, t in self.todo])
        except BaseException as exc:  # raised in result(), in the caller's thread
            self._done = exc

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
        elif self._thread is not None:
            self._thread.join()
            if isinstance(self._done, BaseException):
                raise self._done
            vecs = self._done or []
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
        if self._thread is not None:
            # A model still loading (warm() ran, then nothing needed embedding: every file rejected) must finish:
            # leaving its native threads running at exit aborts the process ("terminate called…", exit 134).
            self._thread.join()
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.kill()  # unused, or an error happened: don't leave the worker behind
            self._proc.wait()
            for pipe in (self._proc.stdin, self._proc.stdout):
                if pipe and not pipe.closed:
                    pipe.close()


def _runs_locally(embedder) -> bool:
    """An embedder computing in this process without holding the GIL (not one that asks another process)."""
    from gapbot.onnx_embedder import OnnxEmbedder

    return isinstance(embedder, OnnxEmbedder)
