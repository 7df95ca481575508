"""`python -m bench` (or `make bench`): gapbot vs the textbook LangChain pipeline, on the real shared data.

Prints a table and writes the same figures to bench/results/bench.json. `--tiny` runs on a sliver of the data (the
test suite's smoke test). Timings are measured, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CODING_Q = "how far behind is the best open model on coding?"


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def summary(ms: list[float]) -> dict:
    return {"n": len(ms), "p50_ms": round(pct(ms, 50), 2), "p95_ms": round(pct(ms, 95), 2),
            "max_ms": round(max(ms), 2)}


def run_measured(cmd: list[str], env: dict, cwd: Path | None = None, timeout: int = 900) -> dict:
    """Wall time and peak RSS of a fresh process (the child's own peak, via a one-child wrapper)."""
    wrapper = ("import json, resource, subprocess, sys, time; t = time.perf_counter(); "
               "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
               "print(json.dumps({'rc': p.returncode, 'wall_s': time.perf_counter() - t, 'stdout': p.stdout, "
               "'stderr': p.stderr[-2000:], "
               "'rss_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))")
    out = subprocess.run([sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True, env=env, cwd=cwd,
                         timeout=timeout)
    res = json.loads(out.stdout)
    if res["rc"] != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])}… failed: {res['stderr']}")
    return res


def questions(n: int, names: list[str]) -> list[tuple[str, str]]:
    """(kind, question): structured and retrieval questions in varied wording."""
    cats = ["coding", "math", "reasoning", "overall", "data analysis", "language", "instruction following",
            "agentic coding"]
    structured = []
    for c in cats:
        structured += [f"how far behind is the best open model on {c}?", f"which open model is best at {c}?",
                       f"top 3 proprietary models in {c}", f"is the gap on {c} shrinking?",
                       f"what's the open vs closed gap in {c}?"]
    for a, b in zip(names, names[1:], strict=False):
        structured += [f"how does {a} compare to {b}?", f"how good is {a}?"]
    retrieval = ["why are open models catching up?", "does anyone think the gap is growing?",
                 "what does the Google memo say about open source?", "is data the main driver of capability?",
                 "why do open source models matter for innovation?", "what do experts say about open models?",
                 "explain why open weights models lag behind", "what are the risks of open models?"]
    rnd = random.Random(7)
    out = [("structured", q) for q in structured] + [("retrieval", q) for q in retrieval]
    while len(out) < n:
        out.append(rnd.choice([("structured", rnd.choice(structured)), ("retrieval", rnd.choice(retrieval))]))
    rnd.shuffle(out)
    return out[:max(n, len(out))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    ap.add_argument("--tiny", action="store_true", help="a sliver of the data: a smoke run")
    ap.add_argument("--questions", type=int, default=240)
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "bench.json")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--no-bot", action="store_true")
    ap.add_argument("--bot-only", action="store_true",
                    help="only the bot's figures (after an untimed ingest of the data they need)")
    ap.add_argument("--runs", type=int, default=1, metavar="N",
                    help="measure the bot N times (a fresh bot process each time) and print each run and min-max")
    args = ap.parse_args(argv)
    if not SHARED.is_dir():
        print(f"bench: the shared data is not at {SHARED}", file=sys.stderr)
        return 2
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    work = Path(tempfile.mkdtemp(prefix="gapbot-bench-"))
    try:
        results = _run_bot_only(args, work) if args.bot_only else _run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    print(render_bot_only(results) if args.bot_only else render(results))
    print(f"\nfigures written to {args.out}")
    return 0


def _inputs(work: Path, tiny: bool) -> tuple[Path, Path]:
    lb, seeds = SHARED / "leaderboards" / "livebench", SHARED / "seeds"
    if not tiny:
        return lb, seeds
    small_lb, small_seeds = work / "lb", work / "seeds"
    small_lb.mkdir()
    small_seeds.mkdir()
    for p in lb.iterdir():
        if "2025_11_25" in p.name or "2025_12_23" in p.name or p.name.startswith(("model_info", "derived")):
            shutil.copy(p, small_lb / p.name)
    shutil.copy(next(iter(sorted(seeds.iterdir()))), small_seeds)
    return small_lb, small_seeds


def _run(args, work: Path) -> dict:
    from gapbot.embeddings import resolve_model_path

    results: dict = {"machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]}, "tiny": args.tiny}
    lb, seeds = _inputs(work, args.tiny)
    env = {**os.environ, "GAPBOT_DATA_DIR": str(work / "data"), "GAPBOT_CORPUS_DIR": str(REPO / "corpus"),
           "PYTHONPATH": str(REPO)}
    cli = [sys.executable, "-m", "gapbot_cli"]

    # Untimed: read the libraries once, so that whichever side runs first does not pay for a cold page cache
    # (importing sentence-transformers takes ~11.6 s cold against ~6-8 s warm on the 2-core machine).
    subprocess.run([sys.executable, "-c", "import sentence_transformers, chromadb"], env=env, capture_output=True,
                   check=False, timeout=300)

    # -- ingest: full, unchanged, one changed file (fresh processes, like a cron job or /refresh) ---------------
    full = run_measured([*cli, "ingest", "--no-feeds", "-q", "--json", str(lb), str(seeds)], env)
    rep = json.loads(full["stdout"])
    records = rep["records_added"]
    results["ingest_full"] = {"wall_s": round(full["wall_s"], 2), "in_process_s": rep["seconds"],
                              "records": records, "texts_embedded": rep["texts_embedded"],
                              "records_per_s": round(records / full["wall_s"], 1), "peak_rss_mb": round(full["rss_mb"])}
    again = run_measured([*cli, "ingest", "--no-feeds", "-q", "--json", str(lb), str(seeds)], env)
    rep2 = json.loads(again["stdout"])
    results["ingest_unchanged"] = {"wall_s": round(again["wall_s"], 2), "in_process_s": rep2["seconds"],
                                   "texts_embedded": rep2["texts_embedded"],
                                   "records_written": rep2["records_added"] + rep2["records_updated"]}
    changed_dir = work / "lb-changed"
    shutil.copytree(lb, changed_dir)
    env_changed = {**env, "GAPBOT_DATA_DIR": str(work / "data-changed")}
    run_measured([*cli, "ingest", "--no-feeds", "-q", "--json", str(changed_dir), str(seeds)], env_changed)
    _change_one_score(sorted(changed_dir.glob("table_*.csv"))[-1])
    one = run_measured([*cli, "ingest", "--no-feeds", "-q", "--json", str(changed_dir), str(seeds)], env_changed)
    rep3 = json.loads(one["stdout"])
    results["ingest_one_changed_file"] = {"wall_s": round(one["wall_s"], 2), "in_process_s": rep3["seconds"],
                                          "files_updated": len(rep3["files_updated"]),
                                          "texts_embedded": rep3["texts_embedded"]}

    # -- the physical limit: raw SentenceTransformer.encode on the texts gapbot embedded ------------------------
    from sentence_transformers import SentenceTransformer

    from gapbot.settings import Settings
    from gapbot.store import Store

    settings = Settings(_env_file=None, GAPBOT_DATA_DIR=str(work / "data"), GAPBOT_CORPUS_DIR=str(REPO / "corpus"))
    store = Store(settings)
    manifest = store.read_manifest()
    texts = store.docs(manifest.embedding_model).get(include=["documents"])["documents"]
    model = SentenceTransformer(resolve_model_path("all-MiniLM-L6-v2"), device="cpu")
    model.encode(["warm up"])
    t = time.perf_counter()
    model.encode(texts, batch_size=32)
    raw_s = time.perf_counter() - t
    results["raw_encode"] = {"texts": len(texts), "seconds": round(raw_s, 2),
                             "texts_per_s": round(len(texts) / raw_s, 1), "batch_size": 32}
    results["ingest_full"]["ratio_records_per_s_to_raw_texts_per_s"] = round(
        results["ingest_full"]["records_per_s"] / results["raw_encode"]["texts_per_s"], 2)

    # -- cold start: fresh `gapbot ask`s, byte-compiled as installed (bench.cold); the median of 5 and the best --
    from bench.cold import ARTICLE_Q, measure

    cold = measure({"gapbot": REPO}, {"structured": CODING_Q, "retrieval": ARTICLE_Q}, env, 5)["gapbot"]
    for kind, f in cold.items():
        results[f"cold_ask_{kind}"] = {"wall_s": round(f["wall_s"]["median"], 2),
                                       "best_wall_s": round(f["wall_s"]["best"], 2),
                                       "cpu_s": round(f["cpu_s"]["median"], 2),
                                       "peak_rss_mb": round(f["peak_rss_mb"]["worst"])}

    # -- warm latency, same process as the baseline ------------------------------------------------------------
    from gapbot.compose import compose
    from gapbot.embeddings import SentenceTransformerEmbedder
    from gapbot.engine import Engine

    engine = Engine(settings, embedder=SentenceTransformerEmbedder())

    def answer(question: str):
        result, _query = engine.ask(question)
        compose(result)  # the words are part of an answer's cost
        return result

    names = engine.model_names()[:30:3]
    qs = questions(args.questions if not args.tiny else 40, names)
    answer(CODING_Q)
    answer("why are open models catching up?")  # loads the model once
    lat: dict[str, list[float]] = {"structured": [], "retrieval": []}
    by_intent: dict[str, list[float]] = {}
    for kind, q in qs:
        t = time.perf_counter()
        ans = answer(q)
        ms = (time.perf_counter() - t) * 1000
        lat[kind].append(ms)
        by_intent.setdefault(ans.intent, []).append(ms)
    results["warm_latency"] = {k: summary(v) for k, v in lat.items() if v}
    results["warm_latency_by_intent"] = {k: summary(v) for k, v in sorted(by_intent.items())}

    if not args.no_baseline:
        results["baseline"] = _baseline(work, lb, seeds, qs, resolve_model_path("all-MiniLM-L6-v2"))
    if not args.no_bot:
        _bot_runs(results, args, work, env)
    return results


def _bot_runs(results: dict, args, work: Path, env: dict) -> None:
    """`results["bot"]`: the first run's figures; with --runs N, every run in `bot_runs` and min-max in
    `bot_ranges` (issue #12: figures as ranges over runs)."""
    from bench.botbench import bot_figures, ranges

    runs = []
    for i in range(max(1, args.runs)):
        try:
            runs.append(bot_figures(work, env, 20 if args.tiny else 200))
        except Exception as exc:  # report, don't hide: the table says why the bot figures are missing
            runs.append({"error": f"{type(exc).__name__}: {exc}"})
        if args.runs > 1:
            print(f"bot run {i + 1}/{args.runs}: {_bot_line(runs[-1])}", flush=True)
    results["bot"] = runs[0]
    if len(runs) > 1:
        results["bot_runs"] = runs
        results["bot_ranges"] = ranges(runs)


def _load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def _run_bot_only(args, work: Path) -> dict:
    """The data the bot serves (an untimed full ingest), then only the bot's figures."""
    lb, seeds = _inputs(work, args.tiny)
    env = {**os.environ, "GAPBOT_DATA_DIR": str(work / "data"), "GAPBOT_CORPUS_DIR": str(REPO / "corpus"),
           "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-m", "gapbot_cli", "ingest", "--no-feeds", "-q", str(lb), str(seeds)],
                   env=env, check=True, capture_output=True, timeout=900)
    results: dict = {"machine": {"cores": os.cpu_count(), "python": sys.version.split()[0],
                                 "load_average_before": _load_average()}, "tiny": args.tiny}
    _bot_runs(results, args, work, env)
    results["machine"]["load_average_after"] = _load_average()
    return results


def _bot_line(bot: dict) -> str:
    if "error" in bot:
        return f"not measured: {bot['error']}"
    q = bot.get("questions_only", {})
    threads = f", threads {bot['worst_lag_threads_ms']}" if bot.get("worst_lag_threads_ms") else ""
    threads += f", on the host {bot['worst_lag_host_cpu_ms']}" if bot.get("worst_lag_host_cpu_ms") else ""
    return (f"refresh: worst lag {bot['worst_loop_lag_ms']} ms (loop CPU {bot['worst_lag_loop_cpu_ms']} ms, "
            f"run queue {bot.get('worst_lag_run_queue_ms')} ms{threads}), top {bot['loop_lag_top_s_ms']}, "
            f"loop CPU in all {bot.get('loop_cpu_ms')} ms, "
            f"memory (peak MB, all processes) after warm-up {bot.get('total_peak_rss_after_warm_up_mb')}, "
            f"with the refresh {bot.get('total_peak_rss_mb')} (sampled peak of the sum {bot.get('peak_sum_rss_mb')}, "
            f"proportional {bot.get('peak_sum_pss_mb')}), "
            f"answered {bot['answered']}/{bot['questions']}; questions only: worst lag {q.get('worst_loop_lag_ms')} "
            f"ms (loop CPU {q.get('worst_lag_loop_cpu_ms')} ms, run queue {q.get('worst_lag_run_queue_ms')} ms; "
            f"loop CPU in all {q.get('loop_cpu_ms')} ms); "
            f"load {_load_average()}")


def render_bot_only(r: dict) -> str:
    lines = [f"bot figures, {len(r.get('bot_runs', [r['bot']]))} run(s); machine {r['machine']}"]
    lines += [f"  run {i}: {_bot_line(b)}" for i, b in enumerate(r.get("bot_runs", [r["bot"]]), 1)]
    for key, (lo, hi) in r.get("bot_ranges", {}).items():
        lines.append(f"  {key}: {lo}–{hi}")
    return "\n".join(lines)


def _change_one_score(table: Path) -> None:
    """A realistic update: one model's score in one task moves by half a point."""
    lines = table.read_text().splitlines()
    cells = lines[1].split(",")
    i = next(i for i, c in enumerate(cells[1:], 1) if c.strip())
    cells[i] = f"{float(cells[i]) + 0.5:g}"
    lines[1] = ",".join(cells)
    table.write_text("\n".join(lines) + "\n")


def _baseline(work: Path, lb: Path, seeds: Path, qs, model_path: str) -> dict:
    from bench.baseline import Baseline, article_chunks, row_sentences

    texts = row_sentences(lb) + article_chunks(seeds)
    # Its full ingest as a fresh process, measured like gapbot's: imports and model load included.
    fresh = run_measured([sys.executable, "-m", "bench.baseline", str(lb), str(seeds), model_path,
                          str(work / "baseline-fresh")], {**os.environ, "PYTHONPATH": str(REPO)}, cwd=REPO)
    base = Baseline(model_path, work / "baseline-chroma")
    full_s = base.build(texts)  # in this process, where torch and the model's libraries are imported already
    rebuild_s = base.build(texts)
    base.search(CODING_Q)
    ms = []
    for _, q in qs:
        t = time.perf_counter()
        base.search(q)
        ms.append((time.perf_counter() - t) * 1000)
    top = [d.metadata.get("source", "") for d in base.search(CODING_Q)]
    folder = str(work / "baseline-chroma")
    cold_code = ("from langchain_chroma import Chroma; from langchain_huggingface import HuggingFaceEmbeddings; "
                 f"e = HuggingFaceEmbeddings(model_name={model_path!r}); "
                 f"s = Chroma(collection_name='baseline', embedding_function=e, persist_directory={folder!r}); "
                 f"print(s.similarity_search({CODING_Q!r}, k=4)[0].page_content[:80])")
    cold = run_measured([sys.executable, "-c", cold_code], {**os.environ, "PYTHONPATH": str(REPO)})
    return {"texts": len(texts), "ingest_full_s": round(fresh["wall_s"], 2),
            "ingest_full_peak_rss_mb": round(fresh["rss_mb"]), "ingest_full_in_warm_process_s": round(full_s, 2),
            "refresh_full_rebuild_s": round(rebuild_s, 2),
            "records_per_s": round(len(texts) / fresh["wall_s"], 1), "similarity_search": summary(ms),
            "cold_first_answer_s": round(cold["wall_s"], 2), "cold_peak_rss_mb": round(cold["rss_mb"]),
            "top4_sources_for_coding_question": top,
            "top4_are_all_articles": all(not s.startswith("table_") for s in top)}


def _ratio(theirs: float | None, ours: float) -> str | None:
    return f"{theirs / ours:.1f}x faster" if theirs and ours else None


def render(r: dict) -> str:
    b = r.get("baseline", {})
    rows = [("full ingest (s, fresh process)", r["ingest_full"]["wall_s"], b.get("ingest_full_s")),
            ("  records", r["ingest_full"]["records"], b.get("texts")),
            ("  texts embedded", r["ingest_full"]["texts_embedded"], b.get("texts")),
            ("  records/s", r["ingest_full"]["records_per_s"], b.get("records_per_s")),
            ("  raw encode texts/s (physical limit)", r["raw_encode"]["texts_per_s"], None),
            ("  peak RSS (MB)", r["ingest_full"]["peak_rss_mb"], b.get("ingest_full_peak_rss_mb")),
            ("  ratio to the baseline", _ratio(b.get("ingest_full_s"), r["ingest_full"]["wall_s"]), None),
            ("  baseline in an already warm process (s)", None, b.get("ingest_full_in_warm_process_s")),
            ("re-ingest unchanged (s)", r["ingest_unchanged"]["wall_s"], b.get("refresh_full_rebuild_s")),
            ("  texts embedded", r["ingest_unchanged"]["texts_embedded"], b.get("texts")),
            ("re-ingest one changed file (s)", r["ingest_one_changed_file"]["wall_s"], b.get("refresh_full_rebuild_s")),
            ("cold ask, structured (s, median of 5)", r["cold_ask_structured"]["wall_s"], b.get("cold_first_answer_s")),
            ("  best of 5 (s)", r["cold_ask_structured"].get("best_wall_s"), None),
            ("  peak RSS (MB)", r["cold_ask_structured"]["peak_rss_mb"], b.get("cold_peak_rss_mb")),
            ("cold ask, retrieval (s, median of 5)", r["cold_ask_retrieval"]["wall_s"], b.get("cold_first_answer_s")),
            ("  best of 5 (s)", r["cold_ask_retrieval"].get("best_wall_s"), None),
            ("  peak RSS (MB)", r["cold_ask_retrieval"]["peak_rss_mb"], b.get("cold_peak_rss_mb"))]
    for kind, s in r["warm_latency"].items():
        base = b.get("similarity_search", {})
        rows.append((f"warm {kind} answer p50/p95/max (ms)", f"{s['p50_ms']}/{s['p95_ms']}/{s['max_ms']}",
                     f"{base.get('p50_ms')}/{base.get('p95_ms')}/{base.get('max_ms')}" if base else None))
    bot = r.get("bot", {})
    for key, label_ in (("ready_s", "bot start → ready (s)"), ("peak_rss_mb", "bot peak RSS (MB)"),
                        ("refresh_child_peak_rss_mb", "  its /refresh process: peak RSS (MB)"),
                        ("worst_loop_lag_ms", "worst event-loop lag during refresh (ms)")):
        if key in bot:
            rows.append((label_, bot[key], None))
    if "answered" in bot:
        rows += [("  /refresh with an upload (s)", bot["refresh_s"], None),
                 ("  /ask during it: asked/answered/lost", f"{bot['questions_during_refresh']}/{bot['answered']}/"
                                                           f"{bot['lost']}", None),
                 ("  /ask ack p50/max (ms)", f"{bot['ack_p50_ms']}/{bot['ack_max_ms']}", None)]
    if "error" in bot:
        rows.append(("bot figures", f"not measured: {bot['error']}", None))
    width = max(len(x[0]) for x in rows) + 2
    lines = [f"{'':<{width}}{'gapbot':>22}{'LangChain baseline':>22}", "-" * (width + 44)]
    for name, ours, theirs in rows:
        ours, theirs = ("" if x is None else str(x) for x in (ours, theirs))
        lines.append(f"{name:<{width}}{ours:>22}{theirs:>22}")
    if b:
        lines.append(f"\nbaseline top-4 for {CODING_Q!r}: {b['top4_sources_for_coding_question']}"
                     f" (all article chunks: {b['top4_are_all_articles']})")
    lines.append("warm latency by intent: " + ", ".join(f"{k} p50 {v['p50_ms']} ms"
                                                       for k, v in r["warm_latency_by_intent"].items()))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
