"""The intent model's tuned layers on the real model: NumPy over the ONNX graph's states reads as torch over the
transformer's (what bench.train_tuned trains), and the shipped layers read labelled questions."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bench import train_tuned
from bench.questions import ASKED_ON, QUESTIONS, build_matcher
from gapbot import intent_model
from gapbot.intent_model import TUNED_META, TUNED_WEIGHTS
from gapbot.question import read_rules
from gapbot.tuned_head import TunedHead

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def torch_model():
    return train_tuned.encoder()


def _torch_logits(top, tokenizer, model, texts: list[str]) -> np.ndarray:
    states = train_tuned.layer_states(texts, tokenizer, model)
    return train_tuned.logits(top, states, np.arange(len(texts)))


ASKED = ["how far behind is the best open model on coding?", "is the gap closing or nah",
             "ngl deepseek kinda mogging gpt-5 on math, how big is the lead", "when did open models catch up?",
             "what's the weather like", "gap"]


def test_numpy_over_the_graph_reads_as_torch_over_the_transformer(onnx, torch_model) -> None:
    tokenizer, model = torch_model
    top = train_tuned.make_top(model, 8).eval()  # the untuned top layers and a random linear layer
    arrays = {name: p.detach().numpy() for name, p in top.named_parameters()}
    head = TunedHead({"heads": 12, "eps": model.config.layer_norm_eps, "layers": 2}, arrays)
    got = np.array([head.logits(onnx.query_states(q)) for q in ASKED])
    assert np.abs(got - _torch_logits(top, tokenizer, model, ASKED)).max() < 1e-3


def test_the_shipped_layers_read_labelled_questions(onnx) -> None:
    # Dev questions (trained on) read alone by the shipped layers, over this machine's graph: a broken export (the
    # classes in another order, layers swapped, the wrong states) reads near chance.
    path = intent_model.MODEL_PATH.with_name(TUNED_WEIGHTS)
    meta = json.loads(path.with_name(TUNED_META).read_text())
    head = TunedHead.load(path, meta)
    matcher = build_matcher()
    # each line of the set is a JSON mapping: read as JSON, ~20x faster than the YAML loader on 21,000 lines
    lines = QUESTIONS.read_text(encoding="utf-8").splitlines()
    items = [it for it in (json.loads(line[2:]) for line in lines if line.startswith("- {"))
             if it["split"] == "dev" and not it.get("previous")][::60]
    right = total = 0
    for it in items:
        _, low, signals = read_rules(it["q"], matcher, ASKED_ON)
        if signals is None:
            continue
        scores = head.logits(onnx.query_states(low))
        right += meta["classes"][int(np.argmax(scores))] == it["intent"]
        total += 1
    assert total > 250 and right / total >= 0.93, (right, total)
