"""Faults: ingests killed with SIGKILL at every stage, a full disk, and a damaged served index.

After each fault a fresh reader (a new process: a long-lived PersistentClient would not see another process's
writes) finds exactly the old index or the new one, complete, in Chroma and in the row cache alike, and the next
ingest succeeds; a damaged index is rebuilt by the next ingest without anyone stepping in.
"""

from __future__ import annotations

import json
import os
import queue
import random
import resource
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from gapbot import generations

from conftest import REPO, make_settings

pytestmark = pytest.mark.slow

FILES, MODELS, CATS = 12, 150, ("coding", "math", "reasoning")
ROWS = FILES * MODELS * len(CATS)
HEADER = "source,source_url,snapshot_date,benchmark,category,model,display_name,organization,open_weights,score\n"
# Prints its progress so that the test can kill it at a chosen stage.
INGEST = textwrap.dedent("""
    import sys
    from pathlib import Path
    from gapbot.embeddings import HashEmbedder
    from gapbot.settings import Settings
    from ingest.pipeline import run_ingest
    s = Settings(_env_file=None, GAPBOT_DATA_DIR=sys.argv[1], GAPBOT_CORPUS_DIR=sys.argv[3])
    def progress(stage, done, total):
        print(f"@{stage}|{done}|{total}", flush=True)
    report = run_ingest(s, [Path(sys.argv[2])], embedder=HashEmbedder(), feeds=False, progress=progress)
    print("notes:", report.notes, flush=True)
    print("done", flush=True)
""")
# Reads what is served, once per line of stdin: each time a new Store, so a new copy of the served generation and a
# new Chroma client, exactly what a fresh process would see (a PersistentClient never sees later writes).
READER = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from gapbot import rowcache
    from gapbot.settings import Settings
    from gapbot.store import Store
    s = Settings(_env_file=None, GAPBOT_DATA_DIR=sys.argv[1])
    for _ in sys.stdin:
        st = Store(s)
        m = st.read_manifest()  # from Chroma
        rows = st.load_rows(m)
        st.close()
        cached = rowcache.read(Path(sys.argv[1]))  # what the structured fast path reads
        files = {f["ver"] for f in m.files.values()}
        print(json.dumps({"gen": m.generation, "versions": sorted({r.benchmark.split()[-1] for r in rows}),
                          "rows": len(rows), "rows_named_by_chroma": all(m.files.get(r.file, {}).get("ver") in files
                                                                         for r in rows),
                          "cached": sorted({r.benchmark.split()[-1] for r in cached[1]}) if cached else None,
                          "cached_gen": cached[0].generation if cached else None,
                          "cached_rows": len(cached[1]) if cached else 0}), flush=True)
""")


def write_corpus(folder: Path, version: str, files: int = FILES, models: int = MODELS, articles: int = 0) -> None:
    folder.mkdir(exist_ok=True)
    rnd = random.Random(version)
    for a in range(articles):  # passages to embed and write to Chroma, beside the rows
        words = " ".join(rnd.choice(["open", "closed", "gap", "model", "weights", "bench"]) for _ in range(400))
        (folder / f"note{a}.md").write_text(f"---\ntitle: Note {a} {version}\ndate: 2025-01-01\n---\n{words}\n")
    for f in range(files):
        lines = [HEADER]
        for m in range(models):
            for cat in CATS:
                lines.append(f"t,,2025-01-01,Bench{f} {version},{cat},model-{m},Model {m},Org,"
                             f"{'true' if m % 2 else 'false'},{rnd.uniform(10, 90):.2f}\n")
        (folder / f"snap{f}.csv").write_text("".join(lines))


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def ingest(data: Path, corpus: Path, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", INGEST, str(data), str(corpus), str(REPO / "corpus")],
                          capture_output=True, text=True, env=env(), timeout=300, **kw)


class Reader:
    """A reader process that answers 'what is served?' each time it is asked."""

    def __init__(self, data: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", READER, str(data)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, env=env())

    def __call__(self) -> dict:
        self.proc.stdin.write("?\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, f"the reader died ({self.proc.wait()})"
        return json.loads(line)

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def served(data: Path) -> dict:
    """What a fresh process finds served."""
    reader = Reader(data)
    try:
        return reader()
    finally:
        reader.close()


def assert_whole(state: dict, allowed: list[str], rows: int = ROWS) -> str:
    """One version served, complete; Chroma's manifest and the row cache are of the same generation."""
    assert state["versions"] in [[v] for v in allowed], state
    assert state["rows"] == rows and state["rows_named_by_chroma"], state
    assert state["cached"] == state["versions"] and state["cached_rows"] == rows, state
    assert state["cached_gen"] == state["gen"], state
    return state["versions"][0]


def kill_at(data: Path, corpus: Path, target: tuple[str, float]) -> bool:
    """Start an ingest and SIGKILL it when `target` is reached: ("time", seconds after start), or (stage, fraction
    of that stage's progress). True when the kill landed before the run ended by itself."""
    proc = subprocess.Popen([sys.executable, "-c", INGEST, str(data), str(corpus), str(REPO / "corpus")],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env())
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    kind, value = target
    deadline = time.monotonic() + (value if kind == "time" else 120)
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.0, min(0.05, deadline - time.monotonic())))
        except queue.Empty:
            continue
        if line is None:
            break
        if kind.startswith("after ") and line.startswith(f"@{kind[6:]}|"):
            time.sleep(value)  # somewhere inside that stage
            break
        if line.startswith(f"@{kind}|"):
            _, done, total = line.strip().split("|")
            if int(done) >= value * int(total):
                break
    landed = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    if not landed:
        assert proc.returncode == 0, f"an ingest that was not killed failed ({proc.returncode})"
    return landed


def targets(rnd: random.Random, n: int, run_s: float) -> list[tuple[str, float]]:
    """Kill points over the whole run (`run_s`: how long an uninterrupted one takes): any moment, parsing, the
    writes, and inside the commit (passages and row cache written, flushed, the switch, the clean-up)."""
    pool = ([("time", rnd.uniform(0.05, 0.9 * run_s)) for _ in range(n * 2 // 5)]
            + [("reading", rnd.random()) for _ in range(n // 6)]
            + [("after cleaning up", rnd.uniform(0.0, 0.1)) for _ in range(n // 5)])
    pool += [("writing", rnd.uniform(0.0, 1.0)) for _ in range(n - len(pool))]
    rnd.shuffle(pool)
    return pool


def test_sigkill_at_every_stage_never_serves_a_mix_and_never_bricks_the_store(tmp_path):
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    files, models, articles = 8, 80, 12  # 1,920 rows and a few dozen passages
    rows = files * models * len(CATS)
    write_corpus(corpus, "v1", files, models, articles)
    assert "done" in ingest(data, corpus).stdout
    write_corpus(corpus, "v2", files, models, articles)
    started = time.monotonic()
    assert "done" in ingest(data, corpus).stdout
    run_s = time.monotonic() - started
    reader = Reader(data)
    try:
        version = assert_whole(reader(), ["v2"], rows)
        rnd = random.Random(20261130)
        kills, runs = 0, 0
        for n, target in enumerate(targets(rnd, 60, run_s), 1):
            # A kill point a run can pass before the signal arrives (a moment late in the run, a short stage on a
            # fast or a loaded machine) is tried again, earlier, on new files: every point is a kill mid-run,
            # however fast the machine is at that moment.
            for _attempt in range(4):
                runs += 1
                new = f"v{runs + 2}"
                write_corpus(corpus, new, files, models, articles)
                landed = kill_at(data, corpus, target)
                version = assert_whole(reader(), [version, new], rows)
                if landed:
                    kills += 1
                    break
                target = (target[0], target[1] / 2)
            if n % 5 == 0:  # the next ingest after a kill succeeds, and serves the newest files
                out = ingest(data, corpus)
                assert out.returncode == 0 and "done" in out.stdout, out.stderr[-2000:]
                version = assert_whole(reader(), [new], rows)
        print(f"[faults] {kills} of 60 kill points landed mid-run ({runs} runs)")
        assert kills >= 58, f"only {kills} kill points landed mid-run; the test proved too little"
        out = ingest(data, corpus)
        assert out.returncode == 0 and "done" in out.stdout, out.stderr[-2000:]
        assert_whole(reader(), [new], rows)
    finally:
        reader.close()
    gen = generations.current(data)
    assert gen is not None and {p.name for p in (data / generations.FOLDER).iterdir()} <= {
        gen.dir.name, gen.previous.name if gen.previous else ""}
    assert not (data / "ingest.pending.json").exists()
    assert not list((data / generations.READERS).iterdir())  # readers' copies go with them


def _limit_file_size(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG, as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_a_full_disk_during_the_writes_keeps_the_old_index_served(tmp_path):
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    write_corpus(corpus, "v1")
    assert "done" in ingest(data, corpus).stdout
    gen = generations.current(data)
    db, rows = gen.chroma_dir / "chroma.sqlite3", gen.dir / "rows.sqlite3"
    assert rows.stat().st_size // 2 > db.stat().st_size + 50_000
    write_corpus(corpus, "v2")
    # Room for the copy of the database, not for the new rows: the writes fail half-way.
    out = ingest(data, corpus, preexec_fn=_limit_file_size(rows.stat().st_size // 2))
    assert out.returncode != 0 and "done" not in out.stdout
    assert_whole(served(data), ["v1"])
    out = ingest(data, corpus)  # space again: the next run succeeds
    assert out.returncode == 0 and "done" in out.stdout, out.stderr[-2000:]
    assert_whole(served(data), ["v2"])


def _truncate_vectors(gen: generations.Generation) -> None:
    victim = max((p for p in gen.chroma_dir.rglob("data_level0.bin")), key=lambda p: p.stat().st_size)
    with open(victim, "r+b") as fh:
        fh.truncate(victim.stat().st_size // 3)


def _corrupt_database(gen: generations.Generation) -> None:
    db = gen.chroma_dir / "chroma.sqlite3"
    data = bytearray(db.read_bytes())
    data[4096:8192] = os.urandom(4096)
    db.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [
    lambda gen: __import__("shutil").rmtree(gen.chroma_dir),
    _truncate_vectors,
    _corrupt_database,
    lambda gen: (gen.dir / "rows.sqlite3").write_text("{}\n"),
], ids=["folder deleted", "hnsw truncated", "sqlite corrupted", "row cache damaged"])
def test_a_damaged_index_is_rebuilt_by_the_next_ingest(tmp_path, damage):
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    write_corpus(corpus, "v1", files=3, models=40)
    assert "done" in ingest(data, corpus).stdout
    damage(generations.current(data))
    out = ingest(data, corpus)  # nothing changed in the corpus: it must not trust what it served
    assert out.returncode == 0 and "done" in out.stdout, out.stderr[-2000:]
    assert "rebuilt from the corpus files" in out.stdout
    state = served(data)
    assert_whole(state, ["v1"], 3 * 40 * len(CATS))
    out = ingest(data, corpus)  # and the rebuilt one is trusted again
    assert "rebuilt" not in out.stdout


def test_engine_row_cache_matches_chroma_after_kills(tmp_path):
    """The structured fast path (row cache) and Chroma agree once a run has completed after a crash."""
    from gapbot.engine import Engine

    corpus, data = tmp_path / "corpus", tmp_path / "data"
    write_corpus(corpus, "v1", files=3, models=20)
    ingest(data, corpus)
    write_corpus(corpus, "v2", files=3, models=20)
    kill_at(data, corpus, ("writing", 0.5))
    ingest(data, corpus)
    engine = Engine(make_settings(data))
    cached = sorted((r.benchmark, r.model, r.category, r.score) for r in engine.index().rows)
    chroma = served(data)
    assert chroma["versions"] == ["v2"] and len(cached) == chroma["rows"]
    assert {b.split()[-1] for b, *_ in cached} == {"v2"}
