"""Embeddings for an ingest's new texts: in a worker process while a cold model loads, or with a warm one in place."""

from __future__ import annotations

import json
import subprocess
import sys
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
