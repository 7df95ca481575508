"""`python -m bench.train_intent [--write]`: train the intent model (gapbot/intent_model.py) and measure it.

Training data: the DEV split of tests/eval/questions.yaml (follow-ups left out: their label is what they mean after
the previous question, which the words alone do not carry) and the hand-written exemplars in
tests/eval/exemplars.txt. Held-out questions are never read here.

Variants compared (printed): the rules alone, and logistic regressions over n-grams and entity signals with and
without the rules' own intent as a feature. Two honest measures, because the rules were tuned on dev: accuracy on
the exemplars (which neither the rules nor a dev-trained model saw) and 5-fold cross-validation over dev plus
exemplars. The variant and regularisation with the best cross-validated accuracy are kept; the probabilities are
calibrated by one temperature fitted on the cross-validated predictions, and the threshold below which the bot
asks back is the lowest one whose confident readings are 97 % right in cross-validation, unless that would ask
back more than 10 % of the questions. `--write` saves the model to gapbot/data/intent_model.json.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from bench.questions import ASKED_ON, QUESTIONS, build_matcher, load_questions
from gapbot.intent_model import MODEL_PATH, features
from gapbot.question import INTENTS, read_rules

EXEMPLARS = QUESTIONS.with_name("exemplars.txt")
TARGET_CONFIDENT_ACCURACY = 0.97
MAX_ASKED_BACK = 0.10


def load_exemplars(path: Path = EXEMPLARS) -> list[tuple[str, str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            intent, _, text = line.partition("|")
            if intent.strip() not in INTENTS:
                raise ValueError(f"{path}: unknown intent in {line!r}")
            out.append((intent.strip(), text.strip()))
    return out


def examples(pairs: list[tuple[str, str]], matcher) -> list[tuple[str, str, dict, str]]:
    """(label, lowercased text, signals, the rules' intent) for each classifiable question."""
    out = []
    for label, text in pairs:
        q, low, signals = read_rules(text, matcher, ASKED_ON)
        if signals is not None and q.reason not in ("fragment", "inherited"):
            out.append((label, low, signals, q.intent))
    return out


def featurise(rows, with_rule: bool) -> list[dict[str, int]]:
    out = []
    for _, low, signals, _ in rows:
        s = dict(signals) if with_rule else {k: v for k, v in signals.items() if k != "rule"}
        out.append(dict.fromkeys(features(low, s), 1))
    return out


def fit(rows, with_rule: bool, c: float):
    vec = DictVectorizer()
    x = vec.fit_transform(featurise(rows, with_rule))
    clf = LogisticRegression(C=c, max_iter=3000)
    clf.fit(x, [r[0] for r in rows])
    return vec, clf


def accuracy(vec, clf, rows, with_rule: bool) -> float:
    pred = clf.predict(vec.transform(featurise(rows, with_rule)))
    return float(np.mean([p == r[0] for p, r in zip(pred, rows, strict=True)]))


def cross_val(rows, with_rule: bool, c: float, folds: int = 5) -> tuple[float, list[tuple[str, np.ndarray, list]]]:
    """Accuracy over folds, and each row's out-of-fold (label, log-probabilities, classes)."""
    labels = [r[0] for r in rows]
    out: list = [None] * len(rows)
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=13).split(rows, labels):
        vec, clf = fit([rows[i] for i in train], with_rule, c)
        logits = clf.decision_function(vec.transform(featurise([rows[i] for i in test], with_rule)))
        for i, z in zip(test, logits, strict=True):
            out[i] = (labels[i], z, list(clf.classes_))
    acc = float(np.mean([cls[int(np.argmax(z))] == lab for lab, z, cls in out]))
    return acc, out


def _probs(z: np.ndarray, t: float) -> np.ndarray:
    e = np.exp((z - z.max()) / t)
    return e / e.sum()


def calibrate(oof) -> tuple[float, float, list[tuple[float, float, float]]]:
    """Temperature minimising the negative log-likelihood of the out-of-fold predictions, the threshold, and a
    table (threshold, share answered, accuracy of those answered)."""
    def nll(t: float) -> float:
        return -sum(math.log(max(1e-12, _probs(z, t)[cls.index(lab)])) for lab, z, cls in oof)

    temperature = min((0.25 * k for k in range(1, 17)), key=nll)
    scored = [(float(_probs(z, temperature).max()), cls[int(np.argmax(z))] == lab) for lab, z, cls in oof]
    table = []
    for t in [x / 100 for x in range(20, 96, 5)]:
        kept = [ok for p, ok in scored if p >= t]
        table.append((t, len(kept) / len(scored), float(np.mean(kept)) if kept else 1.0))
    threshold = next((t for t, _, acc in table if acc >= TARGET_CONFIDENT_ACCURACY), table[-1][0])
    # ... but a bot that asks back too often is no use: never more than MAX_ASKED_BACK of the questions.
    threshold = min(threshold, max(t for t, share, _ in table if share >= 1 - MAX_ASKED_BACK))
    return temperature, threshold, table


def export(vec, clf, temperature: float, threshold: float, path: Path) -> None:
    """Weights of features seen in training, rounded: applied in plain Python by gapbot.intent_model."""
    coef = clf.coef_
    weights = {}
    for name, j in vec.vocabulary_.items():
        column = [round(float(v), 3) for v in coef[:, j]]
        if any(abs(v) >= 0.02 for v in column):  # smaller ones change no reading; they cost load time
            weights[name] = column
    data = {"classes": [str(c) for c in clf.classes_], "bias": [round(float(b), 4) for b in clf.intercept_],
            "temperature": temperature, "threshold": threshold, "weights": weights}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.train_intent", description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help=f"save the chosen model to {MODEL_PATH}")
    args = ap.parse_args(argv)
    matcher = build_matcher()
    dev = [(it["intent"], it["q"]) for it in load_questions() if it["split"] == "dev" and not it.get("previous")]
    dev_rows, ex_rows = examples(dev, matcher), examples(load_exemplars(), matcher)
    both = dev_rows + ex_rows
    print(f"training rows: {len(dev_rows)} dev (no follow-ups), {len(ex_rows)} exemplars")
    rules_ex = float(np.mean([r[3] == r[0] for r in ex_rows]))
    print(f"  rules alone: {100 * rules_ex:.1f} % on the exemplars (the rules were tuned on dev, not on these)")
    best = None
    for with_rule, c in ((False, 10.0), (True, 3.0), (True, 10.0)):
        vec, clf = fit(dev_rows, with_rule, c)
        on_ex = accuracy(vec, clf, ex_rows, with_rule)
        cv, oof = cross_val(both, with_rule, c)
        print(f"  model {'with' if with_rule else 'without'} the rules' intent, C={c:g}: trained on dev -> "
              f"{100 * on_ex:.1f} % on the exemplars; 5-fold CV over both {100 * cv:.1f} %")
        if best is None or cv > best[0]:
            best = (cv, with_rule, c, oof)
    cv, with_rule, c, oof = best
    temperature, threshold, table = calibrate(oof)
    print(f"chosen: {'with' if with_rule else 'without'} the rules' intent, C={c:g} (CV {100 * cv:.1f} %); "
          f"temperature {temperature:g}; ask back below {threshold:.2f}")
    for t, share, acc in table:
        print(f"    p >= {t:.2f}: answers {100 * share:5.1f} %, of which {100 * acc:5.1f} % right")
    if args.write:
        vec, clf = fit(both, with_rule, c)
        export(vec, clf, temperature, threshold, MODEL_PATH)
        print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
