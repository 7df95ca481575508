"""`python -m bench.train_followup [--write]`: train the follow-up model (gapbot/followup_model.py) on the dev split's
follow-ups and measure it against the rules alone (issue #13).

Each follow-up in tests/eval/questions.yaml (a reply with its previous question; held-out questions are never read)
gives one row: the reply's features, the previous question's intent as the parser reads it, the reply's own reading
(parse, read alone) and the reply's words crossed with the previous intent; its label is the follow-up's intent.
The previous and own readings come from the shipped intent model and rules, so run this after bench.train_intent
(and bench.train_tuned) and after any change to the rules.

Measured on writer folds (bench.intent_probe's groups: writers cut into GROUPS groups by a hash of their letters,
each group read by a model trained on the others): the model's intent accuracy against the rules' (Query.merged_with,
which every dev writer's replies were written against, so the rules' figure is in-sample and flatters them).
gapbot.question.follow, which the engine uses, keeps the rules' reading where a reply's form settles it (chatter,
fragments, a model named alone): `--write` fits on all rows and saves gapbot/data/followup_model.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from bench.intent_probe import GROUPS, group_of
from bench.questions import ASKED_ON, build_matcher, load_questions
from bench.train_intent import shipped_weights, writer
from gapbot.followup_model import MODEL_PATH, reply_features
from gapbot.intent_model import load as load_intent_model
from gapbot.question import parse, read_rules

C = 1.0  # chosen on six new writers' replies, trained on the others (session 17: C 1, 3, 10 read 92.0, 91.7, 90.9 %)


@dataclass
class Row:
    item: dict
    feats: list[str]
    rules: str  # the intent the rules read (Query.merged_with)


def rows_of(items: list[dict]) -> list[Row]:
    matcher, classifier = build_matcher(), load_intent_model()
    rows = []
    for it in items:
        previous = parse(it["previous"], matcher, ASKED_ON, classifier=classifier)
        own = parse(it["q"], matcher, ASKED_ON, classifier=classifier)
        _, low, signals = read_rules(it["q"], matcher, ASKED_ON)
        rows.append(Row(it, reply_features(low, signals, previous.intent, f"{own.intent}/{own.reason}"),
                        own.merged_with(previous, matcher).intent))
    return rows


def fit(rows: list[Row]) -> tuple[DictVectorizer, LogisticRegression]:
    vec = DictVectorizer()
    x = vec.fit_transform([dict.fromkeys(r.feats, 1) for r in rows])
    return vec, LogisticRegression(C=C, max_iter=3000).fit(x, [r.item["intent"] for r in rows])


def export(rows: list[Row]) -> dict:
    vec, clf = fit(rows)
    return {"classes": [str(c) for c in clf.classes_], "bias": [round(float(b), 4) for b in clf.intercept_],
            "weights": shipped_weights(vec, clf)}


def writer_folds(rows: list[Row]) -> dict[str, float]:
    """Out-of-fold accuracy of the model, and the rules' accuracy on the same rows."""
    groups = np.array([group_of(writer(r.item)) for r in rows])
    predicted = np.empty(len(rows), dtype=object)
    for k in range(GROUPS):
        train, test = np.where(groups != k)[0], np.where(groups == k)[0]
        if not len(test):
            continue
        vec, clf = fit([rows[i] for i in train])
        predicted[test] = clf.predict(vec.transform([dict.fromkeys(rows[i].feats, 1) for i in test]))
    truth = [r.item["intent"] for r in rows]
    n = len(rows)
    return {"rows": n, "model": sum(p == t for p, t in zip(predicted, truth, strict=True)) / n,
            "rules": sum(r.rules == t for r, t in zip(rows, truth, strict=True)) / n}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.train_followup", description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help=f"fit on all dev follow-ups and save {MODEL_PATH}")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    items = [it for it in load_questions() if it["split"] == "dev" and it.get("previous")]
    rows = rows_of(items)
    print(f"{len(rows)} dev follow-ups read in {time.perf_counter() - started:.0f} s", flush=True)
    measured = writer_folds(rows)
    print(f"writer folds ({GROUPS} groups): follow-up model {100 * measured['model']:.1f} %, rules alone "
          f"{100 * measured['rules']:.1f} % (in-sample: written against these writers' replies)", flush=True)
    if args.write:
        data = export(rows)
        MODEL_PATH.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH} ({len(data['weights'])} features)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
