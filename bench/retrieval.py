"""`python -m bench.retrieval` (or `make bench-retrieval`): how well article questions find the passages that
answer them (issue #15), by each method, on tests/eval/passages.yaml; and how long an article answer takes.

It ingests corpus/articles and ../shared/seeds into a temporary data folder with the real ONNX embedding model, then
for every labelled question ranks the passages by `dense` (embedding cosine), `lexical` (BM25), `fused` (reciprocal
rank fusion of the two) and `hybrid` (fused, then re-ranked), and prints recall@3 (a passage that answers it is in
the top 3) and MRR (1 / the rank of the first one, 0 past 30), for the dev and held-out splits; `served` is what the
engine cites (hybrid, then one passage per article and both sides of a disagreement). Then: warm p50/p95 of a whole
article answer (question embedding, hybrid search, re-ranking, extraction, composing) and a cold `gapbot ask` (a
fresh process: wall time and peak memory). Measured and printed, never asserted. `--errors` lists dev misses only:
held-out misses are never shown, so nobody tunes on them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
QUESTIONS = REPO / "tests" / "eval" / "passages.yaml"
OUT = REPO / "bench" / "results" / "retrieval.json"
SPLITS = ("dev", "heldout")
TARGET_RECALL = 0.9
TARGET_P50_MS = 25.0
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def normalise(text: str) -> str:
    return " ".join(text.translate(_QUOTES).split())


def answers(passage_text: str, labels: list[str]) -> bool:
    text = normalise(passage_text)
    return any(normalise(label) in text for label in labels)


def load(path: Path = QUESTIONS) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def first_hit(texts: list[str], labels: list[str]) -> int | None:
    """1-based rank of the first passage that answers, or None."""
    return next((r for r, t in enumerate(texts, 1) if answers(t, labels)), None)


def score(ranks: list[int | None], k: int = 3) -> dict:
    n = len(ranks) or 1
    return {"recall@3": round(sum(1 for r in ranks if r is not None and r <= k) / n, 3),
            "mrr": round(sum(1 / r for r in ranks if r is not None) / n, 3), "n": len(ranks)}


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def ingest(data: Path):
    from gapbot.embeddings import make_embedder
    from gapbot.settings import Settings
    from ingest.pipeline import run_ingest

    settings = Settings(_env_file=None, GAPBOT_DATA_DIR=str(data), GAPBOT_CORPUS_DIR=str(REPO / "corpus"))
    embedder = make_embedder(settings)
    report = run_ingest(settings, [REPO / "corpus" / "articles", SEEDS], embedder=embedder, feeds=False)
    if report.rejected:
        raise SystemExit(f"ingest rejected files: {report.rejected}")
    return settings, embedder


def evaluate(settings, embedder, items: list[dict]) -> tuple[dict, list[str]]:
    from gapbot import retrieval
    from gapbot.serving import Served
    from gapbot.store import Store

    store = Store(settings)
    manifest = Served(settings, store).manifest_for_search()
    pool = retrieval.pool(store, manifest)
    missing = [a for it in items for a in it["answers"] if not any(answers(p.text, [a]) for p in pool.passages)]
    if missing:
        raise SystemExit(f"labels found in no passage (fix tests/eval/passages.yaml): {missing}")
    ranks: dict[tuple[str, str], list[int | None]] = {}
    errors = []
    for it in items:
        vector = embedder.embed_query(it["q"])
        for method in (*retrieval.METHODS, "served"):
            if method == "served":
                texts = [p.text for p in retrieval.retrieve(store, manifest, embedder, it["q"])]
            else:
                texts = [pool.passages[i].text for i, _ in retrieval.ranked(pool, it["q"], vector, method)]
            r = first_hit(texts, it["answers"])
            ranks.setdefault((it["split"], method), []).append(r)
            if it["split"] == "dev" and method == "hybrid" and (r is None or r > 3):
                top = " | ".join(t[:70] for t in texts[:3])
                errors.append(f"rank {r}: {it['q']}\n    want {it['answers'][0]!r}\n    got  {top}")
    table = {split: {m: score(ranks[(split, m)]) for m in (*retrieval.METHODS, "served")} for split in SPLITS}
    return table, errors


def warm_latency(settings, embedder, items: list[dict]) -> dict:
    """Warm timings over the questions the engine answers from articles: the whole answer (question embedding,
    hybrid search, re-ranking, extraction and the words), and the retrieval step alone."""
    from gapbot import retrieval
    from gapbot.compose import compose
    from gapbot.engine import Engine
    from gapbot.serving import Served
    from gapbot.store import Store

    engine = Engine(settings, embedder=embedder)
    qs = [it["q"] for it in items]
    for q in qs[:3]:
        compose(engine.ask(q)[0])  # loads the model, the passages and the BM25 index once
    explain = [q for q in qs if engine.ask(q)[0].intent == "explain"]
    answer_ms, retrieve_ms = [], []
    store = Store(settings)
    manifest = Served(settings, store).manifest_for_search()
    embed_ms = []
    forget = getattr(getattr(embedder, "_queries", None), "clear", lambda: None)  # time the embedding every time
    for _ in range(3):
        for q in explain:
            forget()
            t = time.perf_counter()
            compose(engine.ask(q)[0])
            answer_ms.append((time.perf_counter() - t) * 1000)
            forget()
            t = time.perf_counter()
            embedder.embed_query(q)
            embed_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()  # the question's vector is cached now: search, re-rank and extract only
            retrieval.retrieve(store, manifest, embedder, q)
            retrieve_ms.append((time.perf_counter() - t) * 1000)
    return {"questions": len(explain), "n": len(answer_ms), "p50_ms": round(pct(answer_ms, 50), 2),
            "p95_ms": round(pct(answer_ms, 95), 2), "embed_p50_ms": round(pct(embed_ms, 50), 2),
            "search_p50_ms": round(pct(retrieve_ms, 50), 2), "search_p95_ms": round(pct(retrieve_ms, 95), 2)}


_WRAPPER = ("import json, resource, subprocess, sys, time; t = time.perf_counter(); "
            "subprocess.run(sys.argv[1:], check=True, capture_output=True); w = time.perf_counter() - t; "
            "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
            "print(json.dumps({'wall_s': w, 'cpu_s': u.ru_utime + u.ru_stime, 'rss_mb': u.ru_maxrss / 1024}))")


def cold(data: Path, question: str, runs: int = 3) -> dict:
    """A fresh `gapbot ask` process (through a one-child wrapper, so only its own figures count): wall time, CPU
    time (the machine is shared: wall time varies with the load, CPU time much less) and peak memory."""
    import subprocess

    env = {**os.environ, "GAPBOT_DATA_DIR": str(data), "GAPBOT_CORPUS_DIR": str(REPO / "corpus"),
           "PYTHONPATH": str(REPO)}
    got = [json.loads(subprocess.run([sys.executable, "-c", _WRAPPER, sys.executable, "-m", "gapbot_cli", "ask",
                                      question], env=env, check=True, capture_output=True, text=True,
                                     timeout=300).stdout) for _ in range(runs)]
    return {"wall_s": round(min(g["wall_s"] for g in got), 2), "cpu_s": round(min(g["cpu_s"] for g in got), 2),
            "peak_rss_mb": round(max(g["rss_mb"] for g in got)), "runs": [round(g["wall_s"], 2) for g in got]}


def render(r: dict) -> str:
    lines = ["retrieval (tests/eval/passages.yaml)          recall@3     MRR"]
    for split in SPLITS:
        for method, s in r["quality"][split].items():
            lines.append(f"  {split:8} {method:8} (n={s['n']:2})              {s['recall@3']:.3f}    {s['mrr']:.3f}")
    w = r.get("warm")
    if w:
        lines.append(f"warm article answer ({w['questions']} questions x 3): p50 {w['p50_ms']} ms, p95 "
                     f"{w['p95_ms']} ms (target p50 <= {TARGET_P50_MS:g} ms)\n  of which the question's embedding: "
                     f"p50 {w['embed_p50_ms']} ms; hybrid search, re-ranking and extraction: p50 "
                     f"{w['search_p50_ms']} ms, p95 {w['search_p95_ms']} ms")
    c = r.get("cold")
    if c:
        lines.append(f"cold `gapbot ask` article question: {c['wall_s']} s wall (runs {c['runs']}), "
                     f"{c['cpu_s']} s CPU, peak {c['peak_rss_mb']} MB")
    lines.append(f"target: hybrid recall@3 >= {TARGET_RECALL}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.retrieval", description=__doc__)
    ap.add_argument("--errors", action="store_true", help="list the dev questions hybrid misses (never held-out)")
    ap.add_argument("--no-timing", action="store_true", help="quality only")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    items = load()
    with tempfile.TemporaryDirectory(prefix="gapbot-retrieval-") as tmp:
        data = Path(tmp) / "data"
        settings, embedder = ingest(data)
        quality, errors = evaluate(settings, embedder, items)
        result: dict = {"quality": quality}
        if not args.no_timing:
            result["warm"] = warm_latency(settings, embedder, items)
            result["cold"] = cold(data, items[0]["q"])
    print(render(result))
    if args.errors:
        print("\n".join(["", f"dev questions hybrid misses ({len(errors)}):", *errors]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
