"""`python -m bench.train_intent [--write] [--errors]`: train the intent model (gapbot/intent_model.py) and measure it.

Training data: the DEV split of tests/eval/questions.yaml (follow-ups left out: their label is what they mean after
the previous question, which the words alone do not carry) and the hand-written exemplars in
tests/eval/exemplars.txt. Held-out questions are never read here.

Two parts, each chosen by 5-fold cross-validation over dev plus exemplars (the dev training accuracy says nothing):
a logistic regression over n-grams and entity signals (with or without the rules' own intent as a feature), and a
linear head over the question's MiniLM sentence embedding whose log-probabilities are added to the n-grams' with a
weight, only for questions the n-grams alone read with less than a gate's confidence. The probabilities are
calibrated by temperatures fitted on the cross-validated predictions, and the threshold below which the bot asks
back is the lowest one whose confident readings are 97 % right in cross-validation, unless that would ask back
more than 10 % of the questions.

Then the whole parser (gapbot.question.parse: rules, entities, the model, what the entities rule out, follow-ups
merged with their previous question) is measured with each fold's model on the questions that fold left out:
intent, category and decline figures that estimate what unseen questions would score. `--errors` lists its
misreads; `--write` saves the model to gapbot/data/intent_model.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from bench.questions import ASKED_ON, QUESTIONS, build_matcher, evaluate, list_errors, load_questions, report
from gapbot.intent_model import MODEL_PATH, IntentModel, features
from gapbot.question import INTENTS, read_rules
from gapbot.settings import DEFAULT_MODEL, load_settings

EXEMPLARS = QUESTIONS.with_name("exemplars.txt")
TARGET_CONFIDENT_ACCURACY = 0.97
MAX_ASKED_BACK = 0.10
MIN_THRESHOLD = 0.5  # a reading less likely than not is a guess: asked back, however right the rest are
FOLDS = 5
FOLLOW_UP_CONTEXT = "how far behind are open models on coding?"  # the answer an exemplar marked follow-up replies to
NGRAM_VARIANTS = ((False, 10.0), (True, 3.0), (True, 10.0))  # (the rules' intent as a feature, C)
HEAD_C = (10.0, 30.0, 100.0)
HEAD_WEIGHTS = (0.25, 0.5, 0.75, 1.0)
GATES = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.01)  # 1.01: the head reads every question
GATE_TOLERANCE = 0.001


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
    """Every row's embedding (set on the rows), and a text -> vector table for the whole-parser measure."""
    from gapbot.onnx_embedder import OnnxEmbedder

    embedder = OnnxEmbedder(DEFAULT_MODEL, load_settings().model_cache_dir)
    texts = sorted({r.low for r in rows})
    table = dict(zip(texts, embedder.embed_documents(texts), strict=True))
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


def fold_of(item: dict, assigned: dict[str, int]) -> int:
    """A follow-up (never trained on) falls in a fold by its id; every other question where the split put it."""
    return assigned.get(item["id"], zlib.crc32(item["id"].encode()) % FOLDS)


def split_folds(rows: list[Row]) -> dict[str, int]:
    labels = [r.label for r in rows]
    assigned = {}
    for k, (_, test) in enumerate(StratifiedKFold(FOLDS, shuffle=True, random_state=13).split(rows, labels)):
        for i in test:
            assigned[rows[i].item["id"]] = k
    return assigned


def out_of_fold(rows: list[Row], assigned: dict[str, int], fit, logits) -> np.ndarray:
    """Each row's logits from the model trained on the other folds (classes in sorted order, as scikit-learn's)."""
    out = np.zeros((len(rows), len(INTENTS)))
    for k in range(FOLDS):
        train = [r for r in rows if assigned[r.item["id"]] != k]
        test = [i for i, r in enumerate(rows) if assigned[r.item["id"]] == k]
        model = fit(train)
        out[test] = logits(model, [rows[i] for i in test])
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
                gates: tuple[float, ...] = GATES):
    """(accuracy, C, weight, gate, share embedded) of the gated fusion with the lowest gate (the fewest questions
    embedded, each costing milliseconds warm and ONNX Runtime's load cold) among those within GATE_TOLERANCE of
    the best accuracy: a difference of a question is noise."""
    fast = p_ngrams.argmax(axis=1)
    options = []
    for c, z in heads.items():
        for w in HEAD_WEIGHTS:
            fused = fuse(p_ngrams, z, w).argmax(axis=1)
            for gate in gates:
                low = p_ngrams.max(axis=1) < gate
                options.append((float(np.mean(np.where(low, fused, fast) == truth)), c, w, gate, float(low.mean())))
    best = max(o[0] for o in options)
    return min((o for o in options if o[0] >= best - GATE_TOLERANCE), key=lambda o: (o[3], -o[0]))


def ask_back_threshold(probs: np.ndarray, truth: np.ndarray) -> tuple[float, list[tuple[float, float, float]]]:
    """The threshold and a table (threshold, share answered, accuracy of those answered)."""
    top, right = probs.max(axis=1), probs.argmax(axis=1) == truth
    table = []
    for t in [x / 100 for x in range(20, 96, 5)]:
        kept = right[top >= t]
        table.append((t, float(np.mean(top >= t)), float(kept.mean()) if len(kept) else 1.0))
    threshold = next((t for t, _, acc in table if acc >= TARGET_CONFIDENT_ACCURACY and t >= MIN_THRESHOLD),
                     table[-1][0])
    # ... but a bot that asks back too often is no use: never more than MAX_ASKED_BACK of the questions.
    threshold = min(threshold, max(t for t, share, _ in table if share >= 1 - MAX_ASKED_BACK))
    return threshold, table


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


def export(rows: list[Row], choice: Choice) -> dict:
    """The model trained on `rows`, as gapbot.intent_model reads it: weights of features seen in training, rounded."""
    vec, clf = fit_ngrams(rows, choice.with_rule, choice.c)
    weights = {}
    for name, j in vec.vocabulary_.items():
        column = [round(float(v), 3) for v in clf.coef_[:, j]]
        if any(abs(v) >= 0.02 for v in column):  # smaller ones change no reading; they cost load time
            weights[name] = column
    head = fit_head(rows, choice.head_c)
    assert list(head.classes_) == list(clf.classes_)
    return {"classes": [str(c) for c in clf.classes_], "bias": [round(float(b), 4) for b in clf.intercept_],
            "temperature": choice.temperature, "threshold": choice.threshold, "weights": weights,
            "embedding": {"model": DEFAULT_MODEL, "weight": choice.weight, "gate": choice.gate,
                          "temperature": choice.head_temperature,
                          "bias": [round(float(b), 4) for b in head.intercept_],
                          "weights": [[round(float(v), 4) for v in row] for row in head.coef_]}}


def choose(rows: list[Row], assigned: dict[str, int], head: bool = True) -> Choice:
    classes = sorted(INTENTS)
    truth = np.array([classes.index(r.label) for r in rows])
    best = None
    for with_rule, c in NGRAM_VARIANTS:
        z = out_of_fold(rows, assigned, lambda tr, w=with_rule, c=c: fit_ngrams(tr, w, c),
                        lambda m, te, w=with_rule: m[1].decision_function(m[0].transform(featurise(te, w))))
        acc = float(np.mean(z.argmax(axis=1) == truth))
        print(f"  n-grams {'with' if with_rule else 'without'} the rules' intent, C={c:g}: CV {100 * acc:.1f} %")
        if best is None or acc > best[0]:
            best = (acc, with_rule, c, z)
    _, with_rule, c, z_ngrams = best
    temperature = _temperature(z_ngrams, truth)
    p_ngrams = _softmax(z_ngrams, temperature)
    heads = {}
    for hc in HEAD_C:
        heads[hc] = out_of_fold(rows, assigned, lambda tr, hc=hc: fit_head(tr, hc),
                                lambda m, te: m.decision_function(np.stack([r.vector for r in te])))
        print(f"  embedding head alone, C={hc:g}: CV {100 * np.mean(heads[hc].argmax(axis=1) == truth):.1f} %")
    acc, head_c, weight, gate, share = choose_head(p_ngrams, heads, truth, GATES if head else (0.0,))
    print(f"  n-grams + head (weight {weight:g}, C={head_c:g}) below n-gram confidence {gate:g}: CV {100 * acc:.1f} %, "
          f"{100 * share:.0f} % of questions embedded")
    fused = fuse(p_ngrams, heads[head_c], weight)
    embedded = p_ngrams.max(axis=1) < gate
    head_temperature = _temperature(fused[embedded], truth[embedded]) if embedded.any() else 1.0
    probs = np.where(embedded[:, None], _softmax(fused, head_temperature), p_ngrams)
    threshold, table = ask_back_threshold(probs, truth)
    print(f"chosen: n-grams {'with' if with_rule else 'without'} the rules' intent, C={c:g}, temperature "
          f"{temperature:g}; head C={head_c:g}, weight {weight:g}, gate {gate:g}, temperature {head_temperature:g}; "
          f"ask back below {threshold:.2f}")
    for t, answered, right in table:
        print(f"    p >= {t:.2f}: answers {100 * answered:5.1f} %, of which {100 * right:5.1f} % right")
    return Choice(with_rule, c, temperature, head_c, weight, gate, head_temperature, threshold)


def measure_parser(rows: list[Row], assigned: dict[str, int], items: list[dict], choice: Choice, table: dict,
                   matcher, errors: bool) -> None:
    """The whole parser, each question read with the model of the fold that left it out."""
    from gapbot.onnx_embedder import OnnxEmbedder

    live = OnnxEmbedder(DEFAULT_MODEL, load_settings().model_cache_dir)

    def embed(low: str) -> list[float]:
        return table[low] if low in table else live.embed_query(low)

    models = [IntentModel(export([r for r in rows if assigned[r.item["id"]] != k], choice), embed)
              for k in range(FOLDS)]
    result = evaluate(items, matcher, lambda it: models[fold_of(it, assigned)])
    print(report("whole parser, 5-fold CV over dev + exemplars (each question read by a model that never saw it)",
                 result))
    dev = evaluate([it for it in items if it["style"] != "exemplar"], matcher,
                   lambda it: models[fold_of(it, assigned)])
    print(report("... of which the dev questions (all fields labelled)", dev))
    if errors:
        print(list_errors(result, "misreads in cross-validation"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.train_intent", description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help=f"save the chosen model to {MODEL_PATH}")
    ap.add_argument("--errors", action="store_true", help="list the questions cross-validation misreads")
    ap.add_argument("--no-head", action="store_true", help="never consult the embedding head (to measure its worth)")
    args = ap.parse_args(argv)
    matcher = build_matcher()
    dev = [it for it in load_questions() if it["split"] == "dev"]
    exemplars = exemplar_items(load_exemplars())
    rows = rows_of([it for it in dev if not it.get("previous")] + exemplars, matcher)  # exemplars' follow-ups too
    print(f"training rows: {sum(r.item['style'] != 'exemplar' for r in rows)} dev (no follow-ups), "
          f"{sum(r.item['style'] == 'exemplar' for r in rows)} exemplars; by label: "
          f"{dict(Counter(r.label for r in rows).most_common())}")
    table = embed_rows(rows)
    assigned = split_folds(rows)
    choice = choose(rows, assigned, head=not args.no_head)
    measure_parser(rows, assigned, dev + exemplars, choice, table, matcher, args.errors)
    if args.write:
        MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
        MODEL_PATH.write_text(json.dumps(export(rows, choice), separators=(",", ":"), sort_keys=True) + "\n",
                              encoding="utf-8")
        print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
