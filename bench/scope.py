"""`python -m bench.scope`: calibrate the scope gate (gapbot.scope, issue #13) on the dev questions:
GAPBOT_SCOPE_THRESHOLD (how close the best passage must come), GAPBOT_SCOPE_MAX_CONFIDENCE (how unsure the
model's decline must be for the articles to be consulted at all) and GAPBOT_SCOPE_FLOOR (how far the best passage
must be for a sure article reading whose words carry no sense of capability or standing to be declined).

The index is built as `python -m bench.retrieval` builds it: corpus/articles and ../shared/seeds, ingested with the
real ONNX embedding model into a temporary folder, once per run.

1. Similarity alone: the dev questions of tests/eval/questions.yaml labelled `explain` (the articles should answer
   them) or `out_of_scope`, among those the gate could ever see (not flagged by an off-topic or opinion pattern, not
   chatter, a bare injection or a follow-up fragment), and for each threshold the decline precision and recall and
   the share of article questions answered. Informative: it shows how far the best passage's similarity alone
   separates the two.
   The threshold chosen is the one of the best balanced accuracy (the mean of decline recall and the share of
   article questions answered; ties to the higher threshold, letting fewer off-topic questions through).
2. The confidence cap: every dev question read by the intent model trained without its writer (bench.train_intent's
   leave-one-writer-out folds and model choice: the shipped model was trained on dev, so its own dev readings are
   in-sample and almost never decline an article question; random folds mix a writer's phrasings into both sides
   and overstate what the gate is worth), then the gate applied for each (threshold, cap) pair, both ways: a
   decline less sure than the cap is answered where a passage comes close, an article reading less sure than the cap
   is declined where none does (never a follow-up). At the threshold chosen, the cap with the most right intents
   (ties: the highest, so the articles are consulted as often as they can be without a measured loss).
   Then, at that threshold and cap, the floor with the most right intents (ties: the best decline precision,
   then the lowest: a floor only declines); a question with a
   `previous` is a reply and never floored.
3. The dev questions' full report with that choice, without and with the gate (still leave-one-writer-out).

Held-out questions are never read. Prints only; the shipped defaults live in gapbot/settings.py.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bench.questions import ASKED_ON, build_matcher, evaluate, load_questions, report
from gapbot import scope
from gapbot.question import Query, follow, meant, parse, read_rules
from gapbot.settings import Settings

NEVER_CONSULTED = ("chatter", "empty", "injection", "fragment", "inherited")
GRID = [round(0.20 + 0.01 * k, 2) for k in range(51)]  # thresholds 0.20 … 0.70
FLOORS = (0.0, *(round(0.2 + 0.01 * k, 2) for k in range(21)))  # 0: off; 0.20 … 0.40
CAPS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.99, 1.01)  # 1.01: every decline is consulted


class ArticleIndex:
    """The article passages as the engine serves them, built on first use (one ingest per run, ~10-20 s)."""

    def __init__(self) -> None:
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._search = None
        self.embedder = None
        self.built_in_s: float | None = None
        self.passages = 0

    def similarity(self, text: str) -> float | None:
        if self._search is None:
            self._build()
        return self._search(text)

    def _build(self) -> None:
        from bench.retrieval import ingest
        from gapbot import retrieval
        from gapbot.serving import Served
        from gapbot.store import Store

        t = time.perf_counter()
        self._tmp = tempfile.TemporaryDirectory(prefix="gapbot-scope-")
        settings, embedder = ingest(Path(self._tmp.name) / "data")
        self.embedder = embedder
        store = Store(settings)
        manifest = Served(settings, store).manifest_for_search()
        self.passages = len(retrieval.pool(store, manifest).passages)
        self._search = lambda text: retrieval.best_similarity(store, manifest, embedder, text)
        self.built_in_s = time.perf_counter() - t

    def describe(self) -> str:
        if self.built_in_s is None:
            return "article index: not needed (no question was consulted)"
        return (f"article index: built once for this run from corpus/articles and ../shared/seeds "
                f"({self.passages} passages, {self.built_in_s:.1f} s, counted in the time of the question that "
                "first needed it)")


class ArticleGate:
    """The engine's scope gate (gapbot.scope.apply) over an ArticleIndex, for bench.questions."""

    def __init__(self, threshold: float | None = None, max_confidence: float | None = None,
                 index: ArticleIndex | None = None, floor: float | None = None) -> None:
        shipped = Settings(_env_file=None)
        self.threshold = shipped.scope_threshold if threshold is None else threshold
        self.max_confidence = shipped.scope_max_confidence if max_confidence is None else max_confidence
        self.floor = shipped.scope_floor if floor is None else floor
        self.index = index or ArticleIndex()
        self.consulted = self.rescued = self.floored = 0

    def __call__(self, q: Query, follow_up: bool = False, reply: bool = False) -> Query:
        if scope.consulted(q, self.max_confidence, follow_up):
            self.consulted += 1
            counter = "rescued"
        elif self.floor > 0 and scope.unanchored(q, follow_up or reply):
            counter = "floored"
        else:
            return q
        gated = scope.apply(q, self.index.similarity, self.threshold, self.max_confidence, follow_up, self.floor,
                            reply)
        setattr(self, counter, getattr(self, counter) + (gated is not q))
        return gated

    def describe(self) -> str:
        return (f"scope gate (threshold {self.threshold:g}, consulted below decline confidence "
                f"{self.max_confidence:g}, floor {self.floor:g}): {self.consulted} readings consulted the articles, "
                f"{self.rescued} changed by them; {self.floored} sure article readings without a sense of capability "
                f"declined below the floor; " + self.index.describe())


def population(items: list[dict], matcher) -> list[dict]:
    """Dev questions labelled explain or out_of_scope that the gate could be asked about."""
    out = []
    for it in items:
        if it["split"] != "dev" or it["intent"] not in ("explain", "out_of_scope"):
            continue
        q, _, _ = read_rules(it["q"], matcher, ASKED_ON)
        if not q.flagged and q.reason not in NEVER_CONSULTED:
            out.append(it)
    return out


def curve(sims: list[float], declined: list[bool]) -> list[tuple[float, float, float, float]]:
    """(threshold, decline precision, decline recall, article recall) for each threshold of GRID."""
    rows = []
    for t in GRID:
        said_no = [s < t for s in sims]
        tp = sum(n and d for n, d in zip(said_no, declined, strict=True))
        fp = sum(n and not d for n, d in zip(said_no, declined, strict=True))
        fn = sum(d and not n for n, d in zip(said_no, declined, strict=True))
        kept = sum(not n and not d for n, d in zip(said_no, declined, strict=True))
        rows.append((t, tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0,
                     kept / max(1, declined.count(False))))
    return rows


def similarity_alone(items: list[dict], matcher, index: ArticleIndex) -> float:
    pop = population(items, matcher)
    sims = [index.similarity(meant(it["q"])) for it in pop]
    declined = [it["decline"] for it in pop]
    print(index.describe())
    print(f"\n1. similarity alone, on the {declined.count(False)} explain and {declined.count(True)} out_of_scope dev "
          "questions the gate could see (patterns, chatter, bare injections, follow-up fragments left out):")
    print("   threshold  decline precision  decline recall  article questions answered  balanced")
    rows = curve(sims, declined)
    chosen = choose_threshold(rows)
    for t, p, r, k in rows:
        mark = "   <- chosen" if t == chosen else ""
        print(f"     {t:.2f}        {100 * p:5.1f} %          {100 * r:5.1f} %          {100 * k:5.1f} %"
              f"                {100 * (r + k) / 2:5.1f} %{mark}")
    print(f"   threshold: {chosen:.2f} (the best balanced accuracy; ties to the higher threshold)")
    return chosen


def out_of_fold(items: list[dict], matcher, index: ArticleIndex):
    """Each dev question with its reading (without the gate) by the model trained without its writer
    (bench.train_intent's leave-one-writer-out folds and model choice) and whether that reading follows up on the
    previous answer (the engine never declines a follow-up for want of a passage), and the per-item model function."""
    from bench import train_intent as ti

    exemplars = ti.exemplar_items(ti.load_exemplars())
    dev = [it for it in items if it["split"] == "dev"]
    rows = ti.rows_of([it for it in dev if not it.get("previous")] + exemplars, matcher)
    table = ti.embed_rows(rows)
    folds = ti.writer_folds(rows)
    choice = ti.choose(rows, folds)

    def embed(low: str):
        if low not in table:
            index.similarity(low)  # builds the index, whose embedder is the engine's
            table[low] = index.embedder.embed_query(low)
        return table[low]

    models = ti.fold_models(rows, folds, choice, embed)

    def fold(it: dict):
        return models[folds.of(it)]

    def reading(it: dict) -> tuple[dict, Query, bool]:
        model = fold(it)
        previous = parse(it["previous"], matcher, ASKED_ON, classifier=model) if it.get("previous") else None
        parsed = parse(it["q"], matcher, ASKED_ON, classifier=model)
        q = follow(parsed, previous, matcher, ASKED_ON) if previous is not None else parsed
        return it, q, q is not parsed

    return [reading(it) for it in dev], fold


def grid(readings: list[tuple[dict, Query, bool]], index: ArticleIndex) -> list[tuple[float, float, int, int, int]]:
    """(threshold, cap, intents right, declines right, declines said) for every pair."""
    sims = {meant(q.text): index.similarity(meant(q.text)) for _, q, f in readings if scope.consulted(q, 2.0, f)}
    out = []
    for cap in CAPS:
        for t in GRID:
            right = tp = said = 0
            for it, q, follow_up in readings:
                if scope.consulted(q, cap, follow_up):
                    q = scope.decide(q, sims[meant(q.text)], t)
                right += q.intent == it["intent"]
                said += q.intent == "out_of_scope"
                tp += q.intent == "out_of_scope" and it["decline"]
            out.append((t, cap, right, tp, said))
    return out


def floor_table(readings: list[tuple[dict, Query, bool]], index: ArticleIndex, threshold: float, cap: float
                ) -> list[tuple[float, int, int, int]]:
    """(floor, intents right, declines right, declines said) for each floor of FLOORS, at `threshold` and `cap`:
    the whole gate as the engine applies it, a sure article reading whose words carry no sense of capability or
    standing (gapbot.scope.unanchored) declined below the floor. A reply to an answer is never floored."""
    out = []
    for floor in FLOORS:
        right = tp = said = 0
        for it, q, follow_up in readings:
            reply = bool(it.get("previous"))
            q = scope.apply(q, index.similarity, threshold, cap, follow_up, floor, reply)
            right += q.intent == it["intent"]
            said += q.intent == "out_of_scope"
            tp += q.intent == "out_of_scope" and it["decline"]
        out.append((floor, right, tp, said))
    return out


def choose_floor(table: list[tuple[float, int, int, int]]) -> float:
    """The floor with the most right intents; among ties the best decline precision, then the lowest (0: off). A
    floor only ever declines: where it buys no right answer on writers left out, it is only a risk (on batch e, a
    floor neutral on dev declined answerable questions)."""
    best = max(r[1] for r in table)
    tied = [r for r in table if r[1] == best]
    precision = max(round(r[2] / r[3], 6) if r[3] else 1.0 for r in tied)
    return min(r[0] for r in tied if (round(r[2] / r[3], 6) if r[3] else 1.0) == precision)


def choose_threshold(rows: list[tuple[float, float, float, float]]) -> float:
    """The threshold of the best balanced accuracy (mean of decline recall and article recall); ties to the higher
    one (fewer off-topic questions let through)."""
    return max(rows, key=lambda r: (round((r[2] + r[3]) / 2, 6), r[0]))[0]


def choose_cap(table: list[tuple[float, float, int, int, int]], threshold: float) -> float:
    """At `threshold`, the cap with the most right intents; among ties the highest (the articles consulted as
    often as they can be without a measured loss)."""
    at = [r for r in table if r[0] == threshold]
    best = max(r[2] for r in at)
    return max(r[1] for r in at if r[2] == best)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.scope", description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-cv", action="store_true",
                    help="similarity alone (skips the leave-one-writer-out models: minutes)")
    args = ap.parse_args(argv)
    matcher = build_matcher()
    items = load_questions()
    index = ArticleIndex()
    threshold = similarity_alone(items, matcher, index)
    if args.no_cv:
        return 0
    readings, fold = out_of_fold(items, matcher, index)
    table = grid(readings, index)
    labelled = sum(it["decline"] for it, _, _ in readings)
    print(f"\n2. whole parser + gate, leave-one-writer-out readings of {len(readings)} dev questions; "
          f"without the gate: {max(r[2] for r in table if r[1] == min(CAPS) and r[0] == max(GRID))} intents right")
    print(f"   cap    right at {threshold:.2f}  decline P / R at {threshold:.2f}   (best threshold at this cap: right)")
    for cap in CAPS:
        _, _, right, tp, said = next(r for r in table if r[1] == cap and r[0] == threshold)
        best = max((r for r in table if r[1] == cap), key=lambda r: (r[2], r[0]))
        print(f"   {cap:<5}  {right:>5}         {100 * tp / max(1, said):5.1f} / {100 * tp / max(1, labelled):5.1f} %"
              f"           ({best[0]:.2f}: {best[2]})")
    cap = choose_cap(table, threshold)
    right = next(r[2] for r in table if r[0] == threshold and r[1] == cap)
    shipped = Settings(_env_file=None)
    print(f"   at threshold {threshold:.2f}, cap {cap:g}: {right} intents right (the most at that threshold; ties to "
          f"the highest cap). Shipped: "
          f"GAPBOT_SCOPE_THRESHOLD={shipped.scope_threshold:g}, "
          f"GAPBOT_SCOPE_MAX_CONFIDENCE={shipped.scope_max_confidence:g}")
    floors = floor_table(readings, index, threshold, cap)
    floor = choose_floor(floors)
    print(f"\n   the floor for sure article readings without a sense of capability or standing, at threshold "
          f"{threshold:.2f} and cap {cap:g} (0: off):")
    print("   floor  right  decline P / R")
    for f, right, tp, said in floors:
        mark = "   <- chosen" if f == floor else ""
        print(f"   {f:<5}  {right:>5}  {100 * tp / max(1, said):5.1f} / {100 * tp / max(1, labelled):5.1f} %{mark}")
    print(f"   floor: {floor:g} (the most right intents; ties to the best decline precision, then the lowest). "
          f"Shipped: GAPBOT_SCOPE_FLOOR={shipped.scope_floor:g}")
    dev = [it for it, _, _ in readings]
    print("\n3. dev questions, leave-one-writer-out readings")
    print(report("dev, leave-one-writer-out, WITHOUT the scope gate", evaluate(dev, matcher, fold)))
    gate = ArticleGate(threshold, cap, index, floor)
    print(report(f"dev, leave-one-writer-out, WITH the scope gate (threshold {threshold:g}, cap {cap:g}, "
                 f"floor {floor:g})", evaluate(dev, matcher, fold, gate)))
    print(gate.describe())
    return 0


if __name__ == "__main__":
    sys.exit(main())
