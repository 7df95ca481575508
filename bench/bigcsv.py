"""`python -m bench.bigcsv [--rows 1000000]`: one very large gapbot snapshot CSV, ingested and then served.

Issue #12: an uploaded CSV of a million rows must neither be held in memory whole nor block the bot. This writes a
synthetic file in the gapbot snapshot schema (`write_csv`: dated snapshots x 8 categories x N models, scores drawn
at random, open and proprietary models both present) into a temporary folder (never the repository), then measures
as fresh processes:

- the ingest (`gapbot ingest` with the default limits, raised only for a file over them: the snapshot limits
  GAPBOT_MAX_SNAPSHOT_BYTES/_ROWS): wall time, rows per second, the process's peak memory, whether the file was
  accepted;
- a reader that opens the new generation and answers structured questions (gap, best, trend, compare on several
  categories): its time to the first answer (open + first question), its resident memory after answering, and its
  peak;
- the same reader on a small file of the same shape (`--small` rows), for comparison within the run.

Prints the figures and writes bench/results/bigcsv.json. Measured, never asserted.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench.__main__ import REPO, run_measured
from gapbot.settings import Settings

HEADER = ["source", "source_url", "snapshot_date", "benchmark", "category", "model", "display_name", "organization",
          "open_weights", "score", "release_date"]
CATEGORIES = ["overall", "coding", "math", "reasoning", "data analysis", "language", "instruction following",
              "agentic coding"]
QUESTIONS = [f"{form} {c}?" for c in ("coding", "math", "reasoning", "overall")
             for form in ("how far behind is the best open model on", "which open model is best at",
                          "is the gap shrinking on", "top 5 proprietary models in")]
QUESTIONS += ["how does Big Model 3 compare to Big Model 4?", "how good is Big Model 9 at math?"]

# A reader as the bot is one: a fresh process opens what is served, answers, and reports its memory.
PROBE = """
import json, sys, time
from gapbot.engine import Engine
from gapbot.settings import Settings
def status(key):
    for line in open('/proc/self/status'):
        if line.startswith(key):
            return int(line.split()[1]) / 1024
t = time.perf_counter()
engine = Engine(Settings(_env_file=None))
gen, rows = engine.open()
opened = time.perf_counter() - t
times = []
for q in json.loads(sys.argv[1]):
    s = time.perf_counter()
    engine.ask(q)
    times.append((time.perf_counter() - s) * 1000)
print(json.dumps({"rows": rows, "open_s": opened, "rss_mb": status('VmRSS:'), "peak_mb": status('VmHWM:'),
                  "first_ms": times[0], "answer_ms": sorted(times)}))
"""


def write_csv(path: Path, rows: int, models: int = 500, seed: int = 11) -> int:
    """About `rows` rows: as many daily snapshots as it takes, each scoring `models` models in 8 categories.
    Returns the number written."""
    rnd = random.Random(seed)
    per_snapshot = models * len(CATEGORIES)
    snapshots = max(1, rows // per_snapshot)
    start = date(2026, 11, 1) - timedelta(days=snapshots)
    strength = [rnd.uniform(20, 80) for _ in range(models)]
    written = 0
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for s in range(snapshots):
            day = (start + timedelta(days=s)).isoformat()
            for cat in CATEGORIES:
                for m in range(models):
                    score = min(100.0, max(0.0, strength[m] + s * 0.01 + rnd.uniform(-5, 5)))
                    w.writerow(["bigcsv", "https://livebench.ai", day, "BigBench", cat, f"big-model-{m}",
                                f"Big Model {m}", f"Org {m % 40}", "true" if m % 3 == 0 else "false",
                                f"{score:.2f}", ""])
                    written += 1
    return written


def _probe(env: dict) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, json.dumps(QUESTIONS)], capture_output=True, text=True,
                         env=env, timeout=900)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(work: Path, rows: int, env: dict) -> dict:
    corpus, data = work / f"corpus-{rows}", work / f"data-{rows}"
    corpus.mkdir(parents=True)
    path = corpus / f"big_{rows}.csv"
    written = write_csv(path, rows)
    size = path.stat().st_size
    env = {**env, "GAPBOT_DATA_DIR": str(data)}
    defaults = Settings(_env_file=None)
    if written > defaults.max_snapshot_rows or size > defaults.max_snapshot_bytes:  # beyond what is accepted
        env.update(GAPBOT_MAX_SNAPSHOT_ROWS=str(10 * written), GAPBOT_MAX_SNAPSHOT_BYTES=str(10 * size))
    t = time.perf_counter()
    ingest = run_measured([sys.executable, "-m", "gapbot_cli", "ingest", "--no-feeds", "--json", str(corpus)],
                          env, timeout=3600)
    wall = time.perf_counter() - t
    report = json.loads(ingest["stdout"])
    if report["rejected"]:
        raise RuntimeError(f"the file was refused: {report['rejected'][0]['reason']}")
    probe = _probe(env)
    ms = probe["answer_ms"]
    return {"rows": written, "reader_rows": probe["rows"], "file_mb": round(size / 2**20, 1),
            "file_bytes": size, "default_limits": "GAPBOT_MAX_SNAPSHOT_ROWS" not in env,
            "ingest_s": round(ingest["wall_s"], 2), "ingest_peak_mb": round(ingest["rss_mb"]),
            "ingest_wall_s": round(wall, 2), "ingest_run_s": report["seconds"],
            "rows_per_s": round(written / ingest["wall_s"]),
            "first_answer_s": round(probe["open_s"] + probe["first_ms"] / 1000, 2),
            "reader_open_s": round(probe["open_s"], 2), "reader_rss_mb": round(probe["rss_mb"]),
            "reader_peak_mb": round(probe["peak_mb"]), "answer_p50_ms": round(ms[len(ms) // 2], 2),
            "answer_max_ms": round(ms[-1], 2)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.bigcsv", description=__doc__)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--small", type=int, default=4_000, help="rows of the comparison file (0: none)")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "bigcsv.json")
    args = ap.parse_args(argv)
    env = {**os.environ, "PYTHONPATH": str(REPO), "GAPBOT_CORPUS_DIR": str(REPO / "corpus")}
    results = []
    with tempfile.TemporaryDirectory(prefix="gapbot-bigcsv-") as tmp:
        for n in [args.small, args.rows] if args.small else [args.rows]:
            r = measure(Path(tmp), n, env)
            results.append(r)
            print(f"{r['rows']:>9,} rows ({r['file_mb']} MB, "
                  f"{'default limits' if r['default_limits'] else 'limits raised'}): ingest {r['ingest_s']} s "
                  f"({r['rows_per_s']:,} rows/s), peak {r['ingest_peak_mb']} MB; first answer after "
                  f"{r['first_answer_s']} s; reader opens in {r['reader_open_s']} s, {r['reader_rss_mb']} MB after "
                  "answering "
                  f"(peak {r['reader_peak_mb']} MB), answer p50 {r['answer_p50_ms']} ms, max {r['answer_max_ms']} ms",
                  flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                                    "load_average": os.getloadavg(), "results": results}, indent=2))
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
