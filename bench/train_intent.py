"""`python -m bench.train_intent [--write] [--errors] [--cv writer|random]`: train the intent model
(gapbot/intent_model.py) and measure it.

Training data: the DEV split of tests/eval/questions.yaml (follow-ups left out: their label is what they mean after
the previous question, which the words alone do not carry) and the hand-written exemplars in
tests/eval/exemplars.txt. Held-out questions are never read here.

**Leave one writer out.** Dev is made of batches, each written by one writer (the id's letters: q, h, c, t, u).
Random folds mix a writer's phrasings into both sides and overstate what a new writer's questions score (session 6:
99.5 % in random folds, 94.5 % on a fresh batch), so every choice is made on writer folds: each batch is read by a
model trained on the exemplars and the other batches (the exemplars always train, never test). `--cv random` chooses
on 5 random folds instead (the old measure, printed anyway beside the writer figures).

Two parts: a logistic regression over n-grams and entity signals (with or without the rules' own intent as a
feature), and a linear head over the question's MiniLM sentence embedding whose log-probabilities are added to the
n-grams' with a weight, only for questions the n-grams alone read with less than a gate's confidence. Their
probabilities are calibrated by temperatures fitted on the out-of-fold predictions.

Then the whole parser (gapbot.question.parse: rules, entities, the model, what the entities rule out, follow-ups
merged with their previous question) reads each dev question with the model of the fold that left its writer out:
per-writer and pooled intent, category and decline figures (follow-ups are read through gapbot.question.follow with
the shipped follow-up model, trained on every dev writer: their figures here are in-sample; bench.train_followup
measures that model on writer folds). The ask-back threshold is chosen on those readings
(see ASK_COST). `--errors` lists the misreads; `--write` saves the model, trained on all of dev and the exemplars,
to gapbot/data/intent_model.json.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from bench.questions import ASKED_ON, QUESTIONS, build_matcher, evaluate, list_errors, load_questions, report
from gapbot.intent_model import MODEL_PATH, IntentModel, features
from gapbot.question import INTENTS, read_rules
from gapbot.settings import DEFAULT_MODEL, load_settings

EXEMPLARS = QUESTIONS.with_name("exemplars.txt")
MIN_THRESHOLD = 0.5  # a reading less likely than not is a guess: asked back, however right the rest are
# Asking back, scored on the readings of questions by a model that never saw their writer: a right answer is worth
# 1 and a wrong one -1; a question asked back is worth 1 - ASK_COST when the right reading is among those offered
# (one click more than a right answer), -ASK_COST when it is not. The threshold is the one that scores best, never
# below MIN_THRESHOLD, among those asking back at most MAX_ASKED_BACK of the questions (a bot that keeps asking is
# no use); between equals the lowest (fewer questions asked).
ASK_COST = 0.5
MAX_ASKED_BACK = 0.05
THRESHOLDS = tuple(x / 100 for x in range(50, 96, 5))
FOLDS = 5  # random folds (--cv random, and the figure printed beside the writer folds')
FOLLOW_UP_CONTEXT = "how far behind are open models on coding?"  # the answer an exemplar marked follow-up replies to
NGRAM_VARIANTS = ((False, 10.0), (True, 3.0), (True, 10.0))  # (the rules' intent as a feature, C)
HEAD_C = (10.0, 30.0, 100.0)
# `--fast`: only the n-gram variant that the full runs of sessions 9, 10 and 11 all chose (writer folds of each
# variant cost about ten minutes on ~12,000 questions here); the head's C, weight and gate, the temperatures and the
# threshold are still chosen
FAST_NGRAM_VARIANTS = ((True, 3.0),)
HEAD_WEIGHTS = (0.25, 0.5, 0.75, 1.0)
GATES = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.01)  # 1.01: the head reads every question
GATE_TOLERANCE = 0.0025  # ~4 of the ~1,550 questions writer folds read: a few questions' difference is noise
EMBEDDINGS = "intent-embeddings.npz"  # vectors of the training questions, kept between runs in the model cache


@dataclass
class Row:
    """One question the model is trained on: its label, what the parser reads (lowercased text, signals, the rules'
    intent), its embedding, and the item it came from (for the whole-parser measure)."""

    label: str
    low: str
    signals: dict
    rule: str
    item: dict
    vector: np.ndarray | None = None


def load_exemplars(path: Path = EXEMPLARS) -> list[tuple[str, str, bool]]:
    """(intent, question, whether it is a follow-up) for each exemplar."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            intent, text, *rest = (part.strip() for part in line.split("|"))
            if intent not in INTENTS or rest not in ([], ["follow-up"]):
                raise ValueError(f"{path}: unknown intent or marker in {line!r}")
            out.append((intent, text, bool(rest)))
    return out


def exemplar_items(exemplars: list[tuple[str, str, bool]]) -> list[dict]:
    """Exemplars as evaluation items: labelled for intent (and so decline) only; a follow-up is read after
    FOLLOW_UP_CONTEXT (the model still trains on its words and label)."""
    return [{"id": f"ex{i:03d}", "q": text, "intent": label, "decline": label == "out_of_scope", "style": "exemplar",
             "previous": FOLLOW_UP_CONTEXT if follow_up else None}
            for i, (label, text, follow_up) in enumerate(exemplars)]


def rows_of(items: list[dict], matcher) -> list[Row]:
    """The classifiable questions among `items` (not fragments, chatter or follow-ups that inherit their intent)."""
    out = []
    for it in items:
        q, low, signals = read_rules(it["q"], matcher, ASKED_ON)
        if signals is not None and q.reason not in ("fragment", "inherited"):
            out.append(Row(it["intent"], low, signals, q.intent, it))
    return out


def embed_rows(rows: list[Row]) -> dict[str, list[float]]:
    """Every row's embedding (set on the rows), and a text -> vector table for the whole-parser measure. Vectors are
    kept between runs in the model cache (EMBEDDINGS, by model name): only new texts are embedded."""
    from gapbot.onnx_embedder import OnnxEmbedder

    settings = load_settings()
    path = settings.model_cache_dir / EMBEDDINGS
    table: dict[str, list[float]] = {}
    if path.is_file():
        with np.load(path) as kept:
            if str(kept["model"]) == DEFAULT_MODEL:
                table = dict(zip((str(t) for t in kept["texts"]), kept["vectors"].tolist(), strict=True))
    missing = sorted({r.low for r in rows} - table.keys())
    if missing:
        embedder = OnnxEmbedder(DEFAULT_MODEL, settings.model_cache_dir)
        table.update(zip(missing, embedder.embed_documents(missing), strict=True))
        path.parent.mkdir(parents=True, exist_ok=True)
        texts = sorted(table)
        np.savez(path, model=DEFAULT_MODEL, texts=np.array(texts), vectors=np.array([table[t] for t in texts]))
    for r in rows:
        r.vector = np.asarray(table[r.low])
    return table


def featurise(rows: list[Row], with_rule: bool) -> list[dict[str, int]]:
    out = []
    for r in rows:
        s = r.signals if with_rule else {k: v for k, v in r.signals.items() if k != "rule"}
        out.append(dict.fromkeys(features(r.low, s), 1))
    return out


def fit_ngrams(rows: list[Row], with_rule: bool, c: float):
    vec = DictVectorizer()
    x = vec.fit_transform(featurise(rows, with_rule))
    return vec, LogisticRegression(C=c, max_iter=3000).fit(x, [r.label for r in rows])


def fit_head(rows: list[Row], c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=3000).fit(np.stack([r.vector for r in rows]), [r.label for r in rows])


def writer(item: dict) -> str:
    """Who wrote a dev question: its id's letters (q, h, c, t, u: one batch, one writer); "" for an exemplar."""
    return "" if item["style"] == "exemplar" else re.match(r"[a-z]+", item["id"]).group()


@dataclass
class Folds:
    """Which fold reads each question: the model of fold k is trained on the rows of every other fold, and on rows
    of no fold (-1: the exemplars, in writer folds), which it never reads."""

    kind: str  # "writer": one fold per writer; "random": FOLDS stratified folds
    names: list[str]
    assigned: dict[str, int]  # random folds: each training row's fold

    def of(self, item: dict) -> int:
        if self.kind == "writer":
            return self.names.index(writer(item)) if writer(item) in self.names else -1
        # a follow-up (never trained on) falls in a fold by its id; every other question where the split put it
        return self.assigned.get(item["id"], zlib.crc32(item["id"].encode()) % len(self.names))

    def train(self, rows: list[Row], k: int) -> list[Row]:
        return [r for r in rows if self.of(r.item) != k]


def writer_folds(rows: list[Row]) -> Folds:
    return Folds("writer", sorted({writer(r.item) for r in rows} - {""}), {})


def random_folds(rows: list[Row]) -> Folds:
    labels = [r.label for r in rows]
    assigned = {}
    for k, (_, test) in enumerate(StratifiedKFold(FOLDS, shuffle=True, random_state=13).split(rows, labels)):
        for i in test:
            assigned[rows[i].item["id"]] = k
    return Folds("random", [f"fold {k + 1}" for k in range(FOLDS)], assigned)


def split_folds(rows: list[Row]) -> dict[str, int]:
    """Random folds, as a row id -> fold table (bench.scope)."""
    return random_folds(rows).assigned


def fold_of(item: dict, assigned: dict[str, int]) -> int:
    return Folds("random", [""] * FOLDS, assigned).of(item)


def _folds(folds: Folds | dict[str, int]) -> Folds:
    return folds if isinstance(folds, Folds) else Folds("random", [f"fold {k + 1}" for k in range(FOLDS)], folds)


def out_of_fold(rows: list[Row], folds: Folds, fit, logits, jobs: int = 1) -> np.ndarray:
    """Each row's logits from the model trained without its fold (classes in sorted order, as scikit-learn's);
    zeros for rows no fold reads. Folds are fitted `jobs` at a time (`--jobs`), in worker processes (joblib, which
    scikit-learn ships), each returning only its test rows' logits: each fold's fit is independent, so cores divide
    the wall time."""
    out = np.zeros((len(rows), len(INTENTS)))
    tests = [[i for i, r in enumerate(rows) if folds.of(r.item) == k] for k in range(len(folds.names))]

    def one(k: int) -> np.ndarray:
        return logits(fit(folds.train(rows, k)), [rows[i] for i in tests[k]])

    if jobs > 1:
        results = Parallel(n_jobs=jobs)(delayed(one)(k) for k in range(len(folds.names)))
    else:
        results = [one(k) for k in range(len(folds.names))]
    for test, z in zip(tests, results, strict=True):
        out[test] = z
    return out


def _softmax(z: np.ndarray, t: float = 1.0) -> np.ndarray:
    e = np.exp((z - z.max(axis=-1, keepdims=True)) / t)
    return e / e.sum(axis=-1, keepdims=True)


def _temperature(z: np.ndarray, truth: np.ndarray) -> float:
    """The temperature minimising the negative log-likelihood of the true classes."""
    def nll(t: float) -> float:
        return -float(np.log(np.maximum(_softmax(z, t)[np.arange(len(truth)), truth], 1e-12)).sum())
    return min((0.25 * k for k in range(1, 17)), key=nll)


def fuse(p_ngrams: np.ndarray, z_head: np.ndarray, weight: float) -> np.ndarray:
    """As gapbot.intent_model does: the n-grams' log-probabilities plus `weight` times the head's."""
    log_head = z_head - z_head.max(axis=1, keepdims=True)
    log_head -= np.log(np.exp(log_head).sum(axis=1, keepdims=True))
    return np.log(np.maximum(p_ngrams, 1e-12)) + weight * log_head


def choose_head(p_ngrams: np.ndarray, heads: dict[float, np.ndarray], truth: np.ndarray,
                gates: tuple[float, ...] = GATES, weights: tuple[float, ...] = HEAD_WEIGHTS):
    """(accuracy, C, weight, gate, share embedded) of the gated fusion with the lowest gate (the fewest questions
    embedded, each costing milliseconds warm and, cold, ~0.2 s and ~100 MB for NumPy, ONNX Runtime and the graph)
    among those within GATE_TOLERANCE of the best accuracy: a difference of a few questions is noise."""
    fast = p_ngrams.argmax(axis=1)
    options = []
    for c, z in heads.items():
        for w in weights:
            fused = fuse(p_ngrams, z, w).argmax(axis=1)
            for gate in gates:
                low = p_ngrams.max(axis=1) < gate
                options.append((float(np.mean(np.where(low, fused, fast) == truth)), c, w, gate, float(low.mean())))
    best = max(o[0] for o in options)
    by_gate = {g: max((o for o in options if o[3] == g), key=lambda o: o[0]) for g in gates}
    print("  best fusion by gate: " + ", ".join(f"{g:g}: {100 * o[0]:.1f} % ({100 * o[4]:.0f} % embedded)"
                                                for g, o in by_gate.items()))
    return min((o for o in options if o[0] >= best - GATE_TOLERANCE), key=lambda o: (o[3], -o[0]))


def ask_back_score(right: int, wrong: int, asked: int, offered: int) -> float:
    """What answering and asking back are worth (see ASK_COST)."""
    return right - wrong + (1 - ASK_COST) * offered - ASK_COST * (asked - offered)


def pick_threshold(table: list[tuple[float, int, int, int, int]]) -> float:
    """From (threshold, right, wrong, asked, right reading offered) rows: the best score asking back at most
    MAX_ASKED_BACK of the questions, never below MIN_THRESHOLD; between equals the lowest threshold."""
    allowed = [row for row in table if row[0] >= MIN_THRESHOLD and row[3] <= MAX_ASKED_BACK * sum(row[1:4])]
    if not allowed:
        return MIN_THRESHOLD
    return max(allowed, key=lambda row: (ask_back_score(*row[1:]), -row[0]))[0]


def ask_back_threshold(probs: np.ndarray, truth: np.ndarray) -> tuple[float, list[tuple[float, int, int, int, int]]]:
    """The threshold (pick_threshold) on the model's own out-of-fold probabilities, and its table; the right reading
    counts as offered when it is among the likeliest three (the whole parser's readings refine it: see main)."""
    top, right = probs.max(axis=1), probs.argmax(axis=1) == truth
    offered = (np.argsort(-probs, axis=1)[:, :3] == truth[:, None]).any(axis=1)
    table = []
    for t in THRESHOLDS:
        ask = top < t
        table.append((t, int((right & ~ask).sum()), int((~right & ~ask).sum()), int(ask.sum()),
                      int((offered & ask).sum())))
    return pick_threshold(table), table


@dataclass
class Choice:
    with_rule: bool
    c: float
    temperature: float
    head_c: float
    weight: float
    gate: float
    head_temperature: float
    threshold: float


MIN_WEIGHT = 0.02  # a feature whose weights are all smaller changes no reading; it costs load time


def shipped_weights(vec: DictVectorizer, clf: LogisticRegression) -> dict[str, list[float]]:
    """A fitted linear model's weights by feature, rounded, as gapbot's models read them (gapbot.intent_model
    .linear_scores), without the features too small to matter."""
    weights = {}
    for name, j in vec.vocabulary_.items():
        column = [round(float(v), 3) for v in clf.coef_[:, j]]
        if any(abs(v) >= MIN_WEIGHT for v in column):
            weights[name] = column
    return weights


def export(rows: list[Row], choice: Choice) -> dict:
    """The model trained on `rows`, as gapbot.intent_model reads it: weights of features seen in training, rounded."""
    vec, clf = fit_ngrams(rows, choice.with_rule, choice.c)
    weights = shipped_weights(vec, clf)
    head = fit_head(rows, choice.head_c)
    assert list(head.classes_) == list(clf.classes_)
    return {"classes": [str(c) for c in clf.classes_], "bias": [round(float(b), 4) for b in clf.intercept_],
            "temperature": choice.temperature, "threshold": choice.threshold, "weights": weights,
            "embedding": {"model": DEFAULT_MODEL, "weight": choice.weight, "gate": choice.gate,
                          "temperature": choice.head_temperature,
                          "bias": [round(float(b), 4) for b in head.intercept_],
                          "weights": [[round(float(v), 4) for v in row] for row in head.coef_]}}


def choose(rows: list[Row], folds: Folds | dict[str, int], head: bool = True,
           variants: tuple[tuple[bool, float], ...] = NGRAM_VARIANTS, head_cs: tuple[float, ...] = HEAD_C,
           jobs: int = 1) -> Choice:
    """Variant, head, gate and temperatures by the out-of-fold predictions of `folds` (a random-fold table from
    split_folds is taken too), and a first ask-back threshold on the model's own probabilities."""
    folds = _folds(folds)
    classes = sorted(INTENTS)
    read = np.array([folds.of(r.item) >= 0 for r in rows])  # rows some fold reads (writer folds: not exemplars)
    truth = np.array([classes.index(r.label) for r in rows])[read]
    best = None
    for with_rule, c in variants:
        z = out_of_fold(rows, folds, lambda tr, w=with_rule, c=c: fit_ngrams(tr, w, c),
                        lambda m, te, w=with_rule: m[1].decision_function(m[0].transform(featurise(te, w))),
                        jobs)[read]
        acc = float(np.mean(z.argmax(axis=1) == truth))
        print(f"  n-grams {'with' if with_rule else 'without'} the rules' intent, C={c:g}: {folds.kind} folds "
              f"{100 * acc:.1f} %")
        if best is None or acc > best[0]:
            best = (acc, with_rule, c, z)
    _, with_rule, c, z_ngrams = best
    temperature = _temperature(z_ngrams, truth)
    p_ngrams = _softmax(z_ngrams, temperature)
    heads = {}
    for hc in head_cs:
        heads[hc] = out_of_fold(rows, folds, lambda tr, hc=hc: fit_head(tr, hc),
                                lambda m, te: m.decision_function(np.stack([r.vector for r in te])), jobs)[read]
        print(f"  embedding head alone, C={hc:g}: {folds.kind} folds "
              f"{100 * np.mean(heads[hc].argmax(axis=1) == truth):.1f} %")
    acc, head_c, weight, gate, share = choose_head(p_ngrams, heads, truth, GATES if head else (0.0,))
    print(f"  n-grams + head (weight {weight:g}, C={head_c:g}) below n-gram confidence {gate:g}: {folds.kind} folds "
          f"{100 * acc:.1f} %, {100 * share:.0f} % of questions embedded")
    fused = fuse(p_ngrams, heads[head_c], weight)
    embedded = p_ngrams.max(axis=1) < gate
    head_temperature = _temperature(fused[embedded], truth[embedded]) if embedded.any() else 1.0
    probs = np.where(embedded[:, None], _softmax(fused, head_temperature), p_ngrams)
    threshold, _ = ask_back_threshold(probs, truth)
    print(f"chosen: n-grams {'with' if with_rule else 'without'} the rules' intent, C={c:g}, temperature "
          f"{temperature:g}; head C={head_c:g}, weight {weight:g}, gate {gate:g}, temperature {head_temperature:g}")
    return Choice(with_rule, c, temperature, head_c, weight, gate, head_temperature, threshold)


def fold_models(rows: list[Row], folds: Folds, choice: Choice, embed) -> list[IntentModel]:
    """Each fold's model, trained without its fold's rows."""
    return [IntentModel(export(folds.train(rows, k), choice), embed) for k in range(len(folds.names))]


def _embedder(table: dict[str, list[float]]):
    from gapbot.onnx_embedder import OnnxEmbedder

    live = OnnxEmbedder(DEFAULT_MODEL, load_settings().model_cache_dir)

    def embed(low: str) -> list[float]:
        return table[low] if low in table else live.embed_query(low)

    return embed


def _tally(result: dict) -> tuple[int, int, int, int]:
    """(answered right, answered wrong, asked back, asked back with the right reading offered)."""
    asked, likeliest_right, offered = result["unsure"]
    right = result["fields"]["intent"][0] - likeliest_right
    return right, result["n"] - asked - right, asked, offered


def summary(name: str, result: dict) -> str:
    """One line: intent as the issue counts it (an asked-back question by its likeliest reading), intent over the
    questions answered, asked back, category, decline precision / recall."""
    (ok, n), (cat_ok, cat_n) = result["fields"]["intent"], result["fields"]["category"]
    right, wrong, asked, offered = _tally(result)
    tp, fp, fn = result["decline"]
    return (f"  {name:<8} {n:>5}  intent {100 * ok / n:5.1f} %  answered {right + wrong:>4}: {right:>4} right "
            f"({100 * right / max(1, right + wrong):5.1f} %), {wrong:>3} wrong  asked back {asked:>3} "
            f"({offered} offering the right reading)  category {100 * cat_ok / max(1, cat_n):5.1f} %  "
            f"decline P/R {100 * tp / max(1, tp + fp):5.1f} / {100 * tp / max(1, tp + fn):5.1f} %")


def measure_writers(rows: list[Row], folds: Folds, items: list[dict], choice: Choice, embed, matcher,
                    errors: bool) -> float:
    """The whole parser on each writer's dev questions, read by the model trained without that writer; the ask-back
    threshold chosen on those readings (pick_threshold), which it returns."""
    models = fold_models(rows, folds, choice, embed)

    def model_for(it: dict) -> IntentModel:
        return models[folds.of(it)]

    table = []
    for t in THRESHOLDS:
        for m in models:
            m.threshold = t
        table.append((t, *_tally(evaluate(items, matcher, model_for))))
    threshold = pick_threshold(table)
    print(f"ask-back threshold on the leave-one-writer-out readings (answer right +1, wrong -1, asked back "
          f"{1 - ASK_COST:g} with the right reading offered, else -{ASK_COST:g}; at most {100 * MAX_ASKED_BACK:g} % "
          f"asked): {threshold:.2f}")
    print("    threshold  right  wrong  asked  offered  score")
    for t, right, wrong, asked, offered in table:
        mark = "   <- chosen" if t == threshold else ""
        print(f"      {t:.2f}    {right:>5}  {wrong:>5}  {asked:>5}  {offered:>7}  "
              f"{ask_back_score(right, wrong, asked, offered):6.1f}{mark}")
    for m in models:
        m.threshold = threshold
    print("== whole parser, leave one writer out (each writer's dev questions read by a model trained on the "
          "exemplars and the other writers) ==")
    for k, name in enumerate(folds.names):
        print(summary(name, evaluate([it for it in items if folds.of(it) == k], matcher, model_for)))
    pooled = evaluate(items, matcher, model_for)
    print(summary("pooled", pooled))
    print(report("leave one writer out, pooled", pooled))
    if errors:
        print(list_errors(pooled, "misreads, leave one writer out"))
    return threshold


def measure_random(rows: list[Row], folds: Folds, items: list[dict], choice: Choice, embed, matcher,
                   errors: bool) -> None:
    """The whole parser, each question (dev and exemplars) read by the model of the random fold that left it out."""
    models = fold_models(rows, folds, choice, embed)
    result = evaluate(items, matcher, lambda it: models[folds.of(it)])
    dev = evaluate([it for it in items if it["style"] != "exemplar"], matcher, lambda it: models[folds.of(it)])
    print("== whole parser, 5 random folds over dev + exemplars (optimistic: a writer's phrasings on both sides) ==")
    print(summary("all", result))
    print(summary("dev", dev))
    if errors:
        print(list_errors(result, "misreads in random folds"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.train_intent", description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help=f"save the chosen model to {MODEL_PATH}")
    ap.add_argument("--errors", action="store_true", help="list the questions misread")
    ap.add_argument("--no-head", action="store_true", help="never consult the embedding head (to measure its worth)")
    ap.add_argument("--cv", choices=("writer", "random"), default="writer",
                    help="choose the model on writer folds (default) or random ones")
    ap.add_argument("--no-random", action="store_true", help="skip the random-fold measure (faster)")
    ap.add_argument("--jobs", type=int, default=1, help="folds fitted at once, in worker processes (default 1)")
    ap.add_argument("--fast", action="store_true",
                    help="fit only the n-gram variant that the full runs of sessions 9-11 all chose (the rules' "
                         "intent, C=3); the head, gate, temperatures and threshold are still chosen")
    args = ap.parse_args(argv)
    matcher = build_matcher()
    dev = [it for it in load_questions() if it["split"] == "dev"]
    exemplars = exemplar_items(load_exemplars())
    rows = rows_of([it for it in dev if not it.get("previous")] + exemplars, matcher)  # exemplars' follow-ups too
    print(f"training rows: {sum(r.item['style'] != 'exemplar' for r in rows)} dev (no follow-ups), "
          f"{sum(r.item['style'] == 'exemplar' for r in rows)} exemplars; by label: "
          f"{dict(Counter(r.label for r in rows).most_common())}; by writer: "
          f"{dict(sorted(Counter(writer(it) for it in dev).items()))}")
    embed = _embedder(embed_rows(rows))
    writers, randoms = writer_folds(rows), random_folds(rows)
    choice = choose(rows, writers if args.cv == "writer" else randoms, head=not args.no_head, jobs=max(1, args.jobs),
                    **({"variants": FAST_NGRAM_VARIANTS} if args.fast else {}))
    choice.threshold = measure_writers(rows, writers, dev, choice, embed, matcher, args.errors)
    if not args.no_random:
        measure_random(rows, randoms, dev + exemplars, choice, embed, matcher, args.errors and args.cv == "random")
    if args.write:
        MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
        MODEL_PATH.write_text(json.dumps(export(rows, choice), separators=(",", ":"), sort_keys=True) + "\n",
                              encoding="utf-8")
        print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
