"""`python -m bench.cold`: a cold `gapbot ask`, N times, each a fresh process as a user runs it (issue #12).

Wall time and CPU time (user + system) of each process, best / median / worst, and its peak memory, for a structured
question (and with `--article` an article question). On a shared machine the wall time moves with the load (printed
before and after); the CPU time moves much less. `--against DIR` measures another checkout of gapbot (e.g. one made
by `git worktree add /tmp/before <commit>`) on the same data, its runs interleaved with this one's, so both see the
same load: a before/after in one run.

The data: LiveBench and the seed articles, as `make bench` ingests them, into a temporary folder (untimed); or
`--data DIR`, a folder already ingested. Before timing, each checkout's modules are byte-compiled (untimed), as
`pip install` does for an installed package: a checkout run with PYTHONDONTWRITEBYTECODE=1 would otherwise compile
every module in every process, which no user pays. Prints a table; writes bench/results/cold.json. Measured, never
asserted.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.__main__ import CODING_Q, REPO, SHARED

ARTICLE_Q = "why are open models catching up?"
# A child's own wall time, CPU time and peak memory (ru_maxrss of the one child: its high-water mark, counted from
# this small wrapper's memory at the fork, which is far below an answer's).
_WRAPPER = ("import json, resource, subprocess, sys, time; t = time.perf_counter(); "
            "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); w = time.perf_counter() - t; "
            "r = resource.getrusage(resource.RUSAGE_CHILDREN); "
            "print(json.dumps({'rc': p.returncode, 'wall_s': w, 'cpu_s': r.ru_utime + r.ru_stime, "
            "'rss_mb': r.ru_maxrss / 1024, 'stdout': p.stdout[:300], 'stderr': p.stderr[-2000:]}))")


def one_ask(repo: Path, question: str, env: dict) -> dict:
    env = {**env, "PYTHONPATH": str(repo)}
    out = subprocess.run([sys.executable, "-c", _WRAPPER, sys.executable, "-m", "gapbot_cli", "ask", question],
                         capture_output=True, text=True, env=env, cwd=repo, timeout=300)
    res = json.loads(out.stdout)
    if res["rc"] != 0:
        raise RuntimeError(f"gapbot ask failed in {repo}: {res['stderr']}")
    return res


def spread(values: list[float], digits: int = 3) -> dict:
    return {"best": round(min(values), digits), "median": round(statistics.median(values), digits),
            "worst": round(max(values), digits)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.cold", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=10, help="processes per question and checkout (default 10)")
    ap.add_argument("--data", type=Path, help="an ingested data folder (default: ingest LiveBench and the seeds)")
    ap.add_argument("--article", action="store_true", help="an article question too")
    ap.add_argument("--question", help="another question too (e.g. one the intent model is unsure of, which "
                    "consults its embedding head)")
    ap.add_argument("--against", type=Path, metavar="DIR", help="another checkout of gapbot, measured alike")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "cold.json")
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    work = Path(tempfile.mkdtemp(prefix="gapbot-cold-"))
    try:
        results = _run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    print(render(results))
    print(f"\nfigures written to {args.out}")
    return 0


def _run(args, work: Path) -> dict:
    env = {**os.environ, "GAPBOT_CORPUS_DIR": str(REPO / "corpus")}
    data = args.data
    if data is None:
        data = work / "data"
        subprocess.run([sys.executable, "-m", "gapbot_cli", "ingest", "--no-feeds", "-q",
                        str(SHARED / "leaderboards" / "livebench"), str(SHARED / "seeds")],
                       env={**env, "GAPBOT_DATA_DIR": str(data), "PYTHONPATH": str(REPO)}, check=True,
                       capture_output=True, timeout=900)
    env["GAPBOT_DATA_DIR"] = str(data)
    checkouts = {"this checkout": REPO, **({"--against": args.against.resolve()} if args.against else {})}
    questions = {"structured": CODING_Q, **({"article": ARTICLE_Q} if args.article else {}),
                 **({"given": args.question} if args.question else {})}
    load_before = os.getloadavg()
    figures = measure(checkouts, questions, env, args.runs)
    load_after = os.getloadavg()
    return {"machine": {"cores": os.cpu_count(), "python": sys.version.split()[0],
                        "load_average_1min": [round(load_before[0], 2), round(load_after[0], 2)]},
            "checkouts": {name: str(repo) for name, repo in checkouts.items()}, "figures": figures}


def measure(checkouts: dict[str, Path], questions: dict[str, str], env: dict, runs: int) -> dict:
    """{checkout: {kind: figures}} over `runs` cold asks of each question (env names the data folder), the
    checkouts' runs interleaved; each checkout byte-compiled and asked once first, untimed."""
    for repo in checkouts.values():
        for package in ("gapbot", "gapbot_cli"):
            compileall.compile_dir(repo / package, quiet=1)
    got: dict[str, dict[str, list[dict]]] = {name: {kind: [] for kind in questions} for name in checkouts}
    for kind, q in questions.items():
        for repo in checkouts.values():
            one_ask(repo, q, env)  # untimed: the page cache, and any first-use work (a registry cache, a graph)
        for _ in range(runs):
            for name, repo in checkouts.items():
                got[name][kind].append(one_ask(repo, q, env))
    return {name: {kind: {"question": questions[kind], "runs": len(rs),
                          "wall_s": spread([r["wall_s"] for r in rs]), "cpu_s": spread([r["cpu_s"] for r in rs]),
                          "peak_rss_mb": spread([r["rss_mb"] for r in rs], 1)}
                   for kind, rs in by_kind.items()}
            for name, by_kind in got.items()}


def render(r: dict) -> str:
    load = r["machine"]["load_average_1min"]
    lines = [f"cold `gapbot ask`, {r['machine']['cores']} cores, load average {load[0]} before / {load[1]} after",
             f"{'':34} {'wall s best/median/worst':>26} {'CPU s best/median':>18} {'peak MB':>12}"]
    for name, by_kind in r["figures"].items():
        for kind, f in by_kind.items():
            w, c, m = f["wall_s"], f["cpu_s"], f["peak_rss_mb"]
            label = f"{name}, {kind} (n={f['runs']})"
            lines.append(f"{label:34} "
                         f"{w['best']:>8.2f} {w['median']:>8.2f} {w['worst']:>8.2f} "
                         f"{c['best']:>8.2f} {c['median']:>8.2f} {m['best']:>5.0f}–{m['worst']:<5.0f}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
