"""`python -m bench.scale [--factors 1 10 50]`: how ingest time, answer latency and memory grow with the data.

A synthetic corpus about N times the shared LiveBench data (`synthesize`): every real release's category rows,
parsed by gapbot's own LiveBench parser, written again in the gapbot snapshot schema as N/2 sets of snapshots (dates
moved back, scores moved a little), each with twice the models (every real model cloned under a new name, its
open/closed status kept), plus the seed articles once. For each factor: a full ingest as a fresh process (wall time,
peak memory), a cold structured question, then answer latency (p50 and p95 over structured questions, warm).
Prints a table; writes bench/results/scale.json. Measured, never asserted.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench.__main__ import REPO, SHARED, pct, run_measured

HEADER = ["source", "source_url", "snapshot_date", "benchmark", "category", "model", "display_name", "organization",
          "open_weights", "score", "release_date"]
QUESTIONS = [f"{form} {c}?" for c in ("coding", "math", "reasoning", "overall", "data analysis", "language")
             for form in ("how far behind is the best open model on", "which open model is best at",
                          "is the gap shrinking on")]


def real_rows() -> list:
    """Every LiveBench release's category rows (no task rows), as gapbot parses them."""
    from gapbot.registry import load_registry
    from ingest.formats import livebench
    from ingest.formats.base import Context

    ctx = Context(load_registry(REPO / "corpus" / "registry.yaml"), "synth")
    rows = []
    for table in sorted((SHARED / "leaderboards" / "livebench").glob("table_*.csv")):
        rows += [r for r in livebench.parse(table, ctx).rows if not r.task]
    return rows


def synthesize(out: Path, factor: int, seed: int = 7) -> int:
    """Write the synthetic corpus; returns its number of rows."""
    rnd = random.Random(seed)
    rows = real_rows()
    out.mkdir(parents=True)
    shutil.copytree(SHARED / "seeds", out / "seeds")
    total = 0
    clones = 2 if factor > 1 else 1  # more models, and more snapshots: about `factor` times the rows
    for copy in range(max(1, factor // clones)):
        by_snapshot: dict[str, list] = {}
        for r in rows:
            by_snapshot.setdefault(r.snapshot, []).append(r)
        for snapshot, snap_rows in by_snapshot.items():
            when = date.fromisoformat(snapshot) - timedelta(days=9 * copy)
            path = out / f"synth_{copy:03d}_{when.isoformat()}.csv"
            with open(path, "w", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(HEADER)
                for clone in range(clones):
                    for r in snap_rows:
                        if r.open_weights is None:
                            continue
                        name = r.display_name if clone == 0 else f"{r.display_name} Clone {clone}"
                        score = min(100.0, max(0.0, r.score + rnd.uniform(-3, 3) * (clone > 0 or copy > 0)))
                        w.writerow(["synthbench", "https://livebench.ai", when.isoformat(), "SynthBench", r.category,
                                    f"{r.model}-c{clone}" if clone else r.model, name, r.organization,
                                    "true" if r.open_weights else "false", f"{score:.2f}", ""])
                        total += 1
    return total


def measure(factor: int, work: Path, env: dict) -> dict:
    corpus, data = work / f"corpus{factor}", work / f"data{factor}"
    rows = synthesize(corpus, factor)
    env = {**env, "GAPBOT_DATA_DIR": str(data), "GAPBOT_MAX_ROWS_PER_FILE": "10000000"}
    ingest = run_measured([sys.executable, "-m", "gapbot_cli", "ingest", "--no-feeds", "--quiet", str(corpus)],
                          env, timeout=3600)
    cold = run_measured([sys.executable, "-m", "gapbot_cli", "ask", QUESTIONS[0]], env)
    from gapbot.engine import Engine
    from gapbot.settings import Settings

    engine = Engine(Settings(_env_file=None, GAPBOT_DATA_DIR=str(data), GAPBOT_CORPUS_DIR=str(REPO / "corpus")))
    for q in QUESTIONS:
        engine.ask(q)  # warm
    times = []
    for _ in range(5):
        for q in QUESTIONS:
            t = time.perf_counter()
            engine.ask(q)
            times.append((time.perf_counter() - t) * 1000)
    return {"factor": factor, "rows": rows, "ingest_s": round(ingest["wall_s"], 2),
            "ingest_peak_mb": round(ingest["rss_mb"]), "cold_structured_s": round(cold["wall_s"], 2),
            "cold_structured_mb": round(cold["rss_mb"]), "answer_p50_ms": round(pct(times, 50), 2),
            "answer_p95_ms": round(pct(times, 95), 2)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__)
    ap.add_argument("--factors", type=int, nargs="+", default=[1, 10])
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "scale.json")
    args = ap.parse_args(argv)
    import os

    env = {**os.environ, "PYTHONPATH": str(REPO), "GAPBOT_CORPUS_DIR": str(REPO / "corpus")}
    results = []
    with tempfile.TemporaryDirectory(prefix="gapbot-scale-") as tmp:
        for factor in args.factors:
            results.append(measure(factor, Path(tmp), env))
            r = results[-1]
            print(f"{r['factor']:>4}x  {r['rows']:>9,} rows  ingest {r['ingest_s']:>7.2f} s  "
                  f"{r['ingest_peak_mb']:>5} MB  cold ask {r['cold_structured_s']:.2f} s {r['cold_structured_mb']} MB  "
                  f"answer p50 {r['answer_p50_ms']} ms p95 {r['answer_p95_ms']} ms", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
