"""A refresh in its own process, driven by a long-lived parent (the bot) over JSON lines.

Why a process: the embedded (Rust) Chroma client holds the GIL for a whole call — 25 ms for a one-row upsert, 40-85
ms on a 5,000-record collection — and parsing (YAML, CSV) is pure Python; in the bot's process both stall the event
loop. Here they stall nobody. The parent keeps what only it has: the loaded embedding model (the child sends the
texts to embed and gets float32 vectors back) and its readers, which it re-opens when the child says the new
manifest is switched; only then, told to go on, does the child delete the old versions (a reader that re-opened
late never meets a deleted record).

child -> parent (stdout): {"progress": [stage, done, total]}, {"embed": [texts]}, {"switched": generation},
                          {"report": {...}} or {"error": {"kind": "...", "message": "..."}}
parent -> child (stdin):  {"vectors": base64 float32, "dim": n} or {"error": "..."}, then {"go": true}
End of stdin (the parent died) is not an error: the child finishes the refresh on its own.
"""

from __future__ import annotations

import os

if __name__ == "__main__" and hasattr(os, "nice"):
    # Yield the CPU to the parent: on a small host the bot's event loop must not wait behind our imports and parsing.
    os.nice(10)

import argparse
import asyncio
import base64
import json
import logging
import sys
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

from gapbot import errors
from gapbot.errors import GapbotError, RefreshFailed
from ingest.report import report_dict, report_from_dict

log = logging.getLogger(__name__)
EMBED_CHUNK = 32  # texts per round trip: ~50 KB of vectors, encoded in well under a millisecond
LINE_LIMIT = 1 << 26  # a line of 32 article chunks is ~30 KB; a report with many rejected files a few MB at most


# -- both sides -------------------------------------------------------------------------------------------------
def encode_vectors(vectors: list[list[float]]) -> dict[str, Any]:
    import numpy as np

    arr = np.asarray(vectors, dtype=np.float32)
    return {"vectors": base64.b64encode(arr.tobytes()).decode("ascii"), "dim": int(arr.shape[1]) if arr.ndim == 2
            else 0}


def decode_vectors(msg: dict[str, Any]) -> list[list[float]]:
    import numpy as np

    dim = int(msg["dim"])
    if not dim:
        return []
    return np.frombuffer(base64.b64decode(msg["vectors"]), dtype=np.float32).reshape(-1, dim).tolist()


def _error_from(kind: str, message: str) -> GapbotError:
    """The child's error as the same core error here, so each edge translates it as if it had happened here."""
    cls = getattr(errors, kind, None)
    if isinstance(cls, type) and issubclass(cls, GapbotError) and cls is not errors.InputFileError:
        return cls(message)
    return RefreshFailed(message)


def child_env(settings) -> dict[str, str]:
    """The parent's environment, its settings as variables (so the child reads exactly the same ones, whether they
    came from the environment, a .env file or code), and no secrets: an ingest needs none."""
    from gapbot.settings import is_secret_env

    env = {**os.environ, **settings.as_env()}
    return {k: v for k, v in env.items() if not is_secret_env(k)}


# -- parent side ----------------------------------------------------------------------------------------------
Progress = Callable[[str, int, int], None]


async def refresh_in_child(settings, *, model: str, embed: Callable[[list[str]], list[list[float]]],
                           uploaded: bool = False, progress: Progress | None = None,
                           on_switched: Callable[[int], Awaitable[None]] | None = None,
                           executor: Executor | None = None):
    """Run one ingest (the corpus, the uploads and — unless `uploaded` — the feeds) in a child process.

    `embed` is blocking (run in `executor`, default: the loop's); `on_switched(generation)` runs once the new
    manifest is served and before the old versions are deleted. Returns the child's IngestReport; raises its error
    as the same GapbotError. Cancelled (the bot is closing), the child is killed: an ingest killed at any point is
    recovered by the next.
    """
    args = [sys.executable, "-m", "ingest.refresh_process", "--model", model]
    if uploaded:
        args.append("--uploaded")
    from ingest.spawn import spawn

    proc = await spawn(args, env=child_env(settings), limit=LINE_LIMIT)  # started off the loop (ingest/spawn.py)
    try:
        return await asyncio.wait_for(_drive(proc, embed, progress, on_switched, executor),
                                      settings.refresh_timeout_s)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise RefreshFailed(_timed_out(settings)) from None
    finally:
        if proc.returncode is None:
            proc.kill()
        await proc.wait()


def _timed_out(settings) -> str:
    """Stopped for taking too long: the file it was reading, if any, is not retried on its own."""
    from ingest.quarantine import Quarantine

    msg = f"the refresh ran longer than {settings.refresh_timeout_s:g} s (GAPBOT_REFRESH_TIMEOUT) and was stopped"
    blamed = Quarantine(settings.data_dir).blame_dead_run(f"a refresh was stopped after "
                                                          f"{settings.refresh_timeout_s:g} s while reading it")
    if blamed:
        msg += f"; it was reading {Path(blamed).name}, which is quarantined until it changes"
    return msg + ". What was served before stays served."


def limit_memory(megabytes: int) -> None:
    """Refuse this process more heap than `megabytes` (RLIMIT_DATA: heap and private mappings, not the address
    space, which threads and shared libraries inflate): a runaway parse ends in MemoryError, not in the bot's OOM."""
    import resource

    limit = megabytes << 20
    _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard == resource.RLIM_INFINITY or hard > limit:
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


async def _drive(proc, embed, progress, on_switched, executor=None):
    async def reply(msg: dict[str, Any]) -> None:
        try:
            proc.stdin.write(json.dumps(msg).encode() + b"\n")
            await proc.stdin.drain()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the child died: its end of stdout says so, and how

    def embed_encoded(texts: list[str]) -> dict[str, Any]:
        return encode_vectors(embed(texts))

    while line := await proc.stdout.readline():
        try:
            msg = json.loads(line)
        except ValueError:
            log.warning("refresh process: not a protocol line: %.200r", line)
            continue
        if not isinstance(msg, dict):
            continue
        if "progress" in msg:
            if progress is not None:
                progress(*msg["progress"])
        elif "embed" in msg:
            try:
                out = await asyncio.get_running_loop().run_in_executor(executor, embed_encoded, msg["embed"])
            except Exception as exc:
                log.exception("embedding for the refresh failed")
                out = {"error": f"{type(exc).__name__}: {exc}"}
            await reply(out)
        elif "switched" in msg:
            try:
                if on_switched is not None:
                    await on_switched(int(msg["switched"]))
            except Exception:  # the new generation is served all the same; the next question loads it
                log.exception("re-loading after the switch failed")
            await reply({"go": True})
        elif "report" in msg:
            return report_from_dict(msg["report"])
        elif "error" in msg:
            raise _error_from(msg["error"].get("kind", ""), msg["error"].get("message", "the refresh failed"))
    code = await proc.wait()
    raise RefreshFailed(f"the refresh process ended without a report (exit code {code}); see the bot's log")


# -- child side -----------------------------------------------------------------------------------------------
class _Parent:
    """The pipe to the parent. The real stdout is kept for the protocol; anything else printed goes to stderr."""

    def __init__(self) -> None:
        self.out = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
        os.dup2(2, 1)
        sys.stdout = sys.stderr
        self.gone = False

    def send(self, **msg: Any) -> None:
        try:
            self.out.write(json.dumps(msg) + "\n")
            self.out.flush()
        except BrokenPipeError:
            self.gone = True  # the parent died: finish the refresh anyway

    def receive(self) -> dict[str, Any] | None:
        line = "" if self.gone else sys.stdin.readline()
        if not line:
            self.gone = True
            return None
        return json.loads(line)


class ParentEmbedder:
    """Embeds by asking the parent, whose model is already loaded (loading one here would cost ~9 s)."""

    loaded = True

    def __init__(self, name: str, parent: _Parent) -> None:
        self.name = name
        self.parent = parent

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for start in range(0, len(texts), EMBED_CHUNK):
            self.parent.send(embed=texts[start:start + EMBED_CHUNK])
            msg = self.parent.receive()
            if msg is None:
                raise RefreshFailed("the bot went away while the refresh was embedding")
            if "error" in msg:
                raise RefreshFailed(f"the bot could not embed the new texts: {msg['error']}")
            out += decode_vectors(msg)
        return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ingest.refresh_process",
                                 description="One refresh for a parent process (the bot); see the module docstring.")
    ap.add_argument("--model", required=True, help="the embedding model's name, as the parent's embedder gives it")
    ap.add_argument("--uploaded", action="store_true", help="the corpus and uploads only: no feed fetching")
    args = ap.parse_args(argv)
    parent = _Parent()
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s refresh[%(process)d] %(name)s: %(message)s")
    try:
        from gapbot.settings import load_settings
        from ingest.pipeline import default_paths, run_ingest

        settings = load_settings(_env_file=None)
        limit_memory(settings.refresh_max_mb)

        def switched(generation: int) -> None:
            parent.send(switched=generation)
            parent.receive()  # {"go": true}, or None when the parent is gone

        def progress(stage: str, done: int, total: int) -> None:  # the parent's Progress throttles the edits
            parent.send(progress=[stage, done, total])

        paths = default_paths(settings) if args.uploaded else None
        report = run_ingest(settings, paths, embedder=ParentEmbedder(args.model, parent), progress=progress,
                            after_switch=switched)
    except GapbotError as exc:
        parent.send(error={"kind": type(exc).__name__, "message": str(exc)})
        return 1
    except Exception as exc:
        log.exception("the refresh failed")
        parent.send(error={"kind": "RefreshFailed", "message": f"{type(exc).__name__}: {exc}"})
        return 1
    parent.send(report=report_dict(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
