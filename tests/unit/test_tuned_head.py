"""MiniLM's top layers tuned for intent (gapbot/tuned_head.py) and how the intent model fuses their reading: NumPy
BERT layers on inline weights, the digest check, the gate, the fallbacks where no states can be had."""

from __future__ import annotations

import hashlib
import json
import math

import numpy as np
import pytest

from gapbot import intent_model, tuned_head
from gapbot.errors import ConfigError
from gapbot.intent_model import TUNED_META, TUNED_WEIGHTS, IntentModel
from gapbot.question import INTENTS
from gapbot.tuned_head import TunedHead

WIDTH, HEADS, INNER = 8, 2, 16


def _arrays(seed: int = 0, layers: int = 1) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    shapes = {"attention.self.query": (WIDTH, WIDTH), "attention.self.key": (WIDTH, WIDTH),
              "attention.self.value": (WIDTH, WIDTH), "attention.output.dense": (WIDTH, WIDTH),
              "attention.output.LayerNorm": (WIDTH,), "intermediate.dense": (INNER, WIDTH),
              "output.dense": (WIDTH, INNER), "output.LayerNorm": (WIDTH,)}
    out = {}
    for i in range(layers):
        for part, shape in shapes.items():
            out[f"layers.{i}.{part}.weight"] = (1.0 + 0.1 * rng.normal(size=shape) if len(shape) == 1
                                                else 0.3 * rng.normal(size=shape)).astype(np.float32)
            out[f"layers.{i}.{part}.bias"] = (0.1 * rng.normal(size=shape[0])).astype(np.float32)
    out["out.weight"] = rng.normal(size=(3, WIDTH)).astype(np.float32)
    out["out.bias"] = np.zeros(3, np.float32)
    return out


def _meta(layers: int = 1, **extra) -> dict:
    return {"heads": HEADS, "eps": 1e-12, "layers": layers, **extra}


def _reference(arrays: dict[str, np.ndarray], h: np.ndarray) -> list[float]:
    """One BERT layer and mean pooling, written the textbook way (a loop over heads, math.erf) to check the
    vectorised one against."""
    def w(part: str) -> tuple[np.ndarray, np.ndarray]:
        return arrays[f"layers.0.{part}.weight"].astype(np.float64), arrays[f"layers.0.{part}.bias"]

    def norm(part: str, x: np.ndarray) -> np.ndarray:
        g, b = w(part)
        return (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + 1e-12) * g + b

    def lin(part: str, x: np.ndarray) -> np.ndarray:
        m, b = w(part)
        return x @ m.T + b

    q, k, v = (lin(f"attention.self.{n}", h) for n in ("query", "key", "value"))
    size = WIDTH // HEADS
    context = np.zeros_like(h)
    for head in range(HEADS):
        cols = slice(head * size, (head + 1) * size)
        s = q[:, cols] @ k[:, cols].T / math.sqrt(size)
        p = np.exp(s - s.max(1, keepdims=True))
        context[:, cols] = (p / p.sum(1, keepdims=True)) @ v[:, cols]
    h = norm("attention.output.LayerNorm", lin("attention.output.dense", context) + h)
    inner = lin("intermediate.dense", h)
    inner = np.vectorize(lambda x: 0.5 * x * (1 + math.erf(x / math.sqrt(2))))(inner)
    h = norm("output.LayerNorm", lin("output.dense", inner) + h)
    return (arrays["out.weight"] @ h.mean(0) + arrays["out.bias"]).tolist()


def test_gelu_is_bert_s_exact_one() -> None:
    x = np.linspace(-6, 6, 241)
    exact = np.array([0.5 * v * (1 + math.erf(v / math.sqrt(2))) for v in x])
    assert np.abs(tuned_head._gelu(x) - exact).max() < 1e-6


def test_a_layer_matches_the_textbook_reading() -> None:
    arrays = _arrays()
    states = np.random.default_rng(1).normal(size=(5, WIDTH)).astype(np.float32)
    got = TunedHead(_meta(), arrays).logits(states)
    assert got == pytest.approx(_reference(arrays, states.astype(np.float64)), abs=1e-4)


def test_layers_apply_in_order_and_a_question_of_one_token_reads() -> None:
    arrays = _arrays(layers=2)
    two = TunedHead(_meta(layers=2), arrays)
    assert len(two.layers) == 2 and len(two.logits(np.ones((1, WIDTH)))) == 3
    swapped = {k.replace("layers.0", "layers.X").replace("layers.1", "layers.0").replace("layers.X", "layers.1"): v
               for k, v in arrays.items()}
    states = np.random.default_rng(2).normal(size=(4, WIDTH))
    assert two.logits(states) != pytest.approx(TunedHead(_meta(layers=2), swapped).logits(states))


def test_half_precision_weights_are_widened(tmp_path) -> None:
    arrays = _arrays()
    path = tmp_path / TUNED_WEIGHTS
    np.savez_compressed(path, **{k: v.astype(np.float16) for k, v in arrays.items()})
    head = TunedHead.load(path, _meta(sha256=hashlib.sha256(path.read_bytes()).hexdigest()))
    assert head.out[0].dtype == np.float32
    states = np.random.default_rng(3).normal(size=(6, WIDTH))
    assert head.logits(states) == pytest.approx(TunedHead(_meta(), arrays).logits(states), abs=0.05)


def test_weights_of_another_training_run_are_refused(tmp_path) -> None:
    path = tmp_path / TUNED_WEIGHTS
    np.savez_compressed(path, **_arrays())
    with pytest.raises(ConfigError, match="bench.train_tuned --write"):
        TunedHead.load(path, _meta(sha256="0" * 64))


# -- the intent model with tuned layers ------------------------------------------------------------------------------

def _w(**by_intent: float) -> list[float]:
    return [by_intent.get(c, 0.0) for c in INTENTS]


class _Head:
    """Stands in for the tuned layers: says trend, whatever the states."""

    def logits(self, states) -> list[float]:
        return [4.0 if c == "trend" else 0.0 for c in INTENTS]


def _tuned(monkeypatch, calls: list[str], states: object = "states", gate: float = 0.9,
           classes: list[str] | None = None, head: dict | None = None) -> IntentModel:
    """A toy model whose n-grams waver between gap and trend on "gap", sure of gap on "far"."""
    monkeypatch.setattr(intent_model, "_tuned_head", lambda path: _Head())
    data = {"classes": list(INTENTS), "bias": [0.0] * len(INTENTS), "threshold": 0.5,
            "weights": {"w:gap": _w(gap=2.0, trend=1.8), "w:far": _w(gap=9.0)}}
    if head:
        data["embedding"] = head
    tuned = {"classes": classes or list(INTENTS), "model": "toy", "layer": 4, "weight": 1.0, "gate": gate,
             "temperature": 1.0}
    model = IntentModel(data, tuned=tuned)

    def read_states(low: str):
        calls.append(low)
        return states

    return model.with_embed(lambda low: calls.append(f"embed:{low}") or [0.0, 0.0], read_states)


def test_a_sure_n_gram_reading_never_reads_the_states(monkeypatch) -> None:
    calls: list[str] = []
    reading = _tuned(monkeypatch, calls).read("how far", {})
    assert reading.intent == "gap" and not reading.embedded and calls == []


def test_an_unsure_n_gram_reading_is_settled_by_the_tuned_layers(monkeypatch) -> None:
    calls: list[str] = []
    reading = _tuned(monkeypatch, calls).read("gap", {})
    assert calls == ["gap"] and reading.embedded and reading.intent == "trend"
    p = dict(IntentModel({"classes": list(INTENTS), "bias": [0.0] * 8, "threshold": 0.5,
                          "weights": {"w:gap": _w(gap=2.0, trend=1.8)}}).read("gap", {}).ranked)
    odds = (p["trend"] * math.exp(4.0)) / p["gap"]  # the n-grams' odds times the tuned layers' (weight 1)
    assert dict(reading.ranked)["trend"] / dict(reading.ranked)["gap"] == pytest.approx(odds)


def test_the_tuned_layers_gate_replaces_the_linear_head_s(monkeypatch) -> None:
    # The linear head would be consulted below 0.99; the tuned layers' own gate (0.3) says the n-grams are sure.
    calls: list[str] = []
    head = {"model": "toy", "weight": 1.0, "gate": 0.99, "temperature": 1.0, "bias": [0.0] * 8,
            "weights": [[0.0, 0.0]] * 8}
    reading = _tuned(monkeypatch, calls, gate=0.3, head=head).read("gap", {})
    assert calls == [] and not reading.embedded and reading.intent == "gap"


def test_without_states_the_linear_head_or_the_n_grams_read(monkeypatch) -> None:
    calls: list[str] = []
    assert not _tuned(monkeypatch, calls, states=None).read("gap", {}).embedded and calls == ["gap"]
    calls.clear()
    head = {"model": "toy", "weight": 1.0, "gate": 0.99, "temperature": 1.0, "bias": [0.0] * 8,
            "weights": [[4.0, 0.0] if c == "best" else [0.0, 0.0] for c in INTENTS]}
    reading = _tuned(monkeypatch, calls, states=None, head=head).read("gap", {})
    assert calls == ["gap", "embed:gap"] and reading.embedded


def test_tuned_layers_of_other_classes_are_not_used(monkeypatch) -> None:
    calls: list[str] = []
    model = _tuned(monkeypatch, calls, classes=sorted(INTENTS)[::-1])
    assert model.tuned is None and not model.read("gap", {}).embedded and calls == []


def test_states_come_only_from_a_graph_that_outputs_the_tuned_layer_s(tmp_path, monkeypatch) -> None:
    from gapbot import onnx_embedder

    states = intent_model.graph_states("all-MiniLM-L6-v2", tmp_path, 8, 4)
    assert states("how far behind") is None  # no graph made: reading a question never makes one
    read: list[str] = []

    class Session:
        def query_states(self, low: str):
            read.append(low)
            return "states"

    monkeypatch.setattr(onnx_embedder, "shared", lambda model, cache, batch: Session())
    monkeypatch.setattr(onnx_embedder, "graph_meta", lambda cache, model: {"states_layer": 3})
    assert states("how far behind") is None and read == []  # a graph of another cut
    monkeypatch.setattr(onnx_embedder, "graph_meta", lambda cache, model: {"states_layer": 4})
    assert states("how far behind") == "states" and read == ["how far behind"]


def test_the_shipped_tuned_layers_match_their_metadata_and_the_n_grams() -> None:
    model = intent_model.load()
    assert model is not None and model.tuned is not None
    assert model.tuned["classes"] == model.classes and model.tuned["model"] == model.head["model"]
    path = intent_model.MODEL_PATH.with_name(TUNED_WEIGHTS)
    meta = json.loads(path.with_name(TUNED_META).read_text())
    assert hashlib.sha256(path.read_bytes()).hexdigest() == meta["sha256"]
    assert 0 < meta["gate"] <= 1.01 and meta["weight"] > 0 and meta["layer"] + meta["layers"] == 6


def test_an_engine_s_warm_up_loads_the_tuned_layers(tmp_path, monkeypatch) -> None:
    from gapbot.engine import Engine
    from gapbot.settings import Settings

    loaded: list[object] = []
    monkeypatch.setattr(intent_model, "_tuned_head", lambda path: loaded.append(path))
    engine = Engine(Settings(_env_file=None, GAPBOT_DATA_DIR=tmp_path / "data", GAPBOT_MODEL_CACHE=tmp_path / "m"))
    monkeypatch.setattr(type(engine), "embedder", property(lambda self: None))
    engine.warm_embedder()
    assert loaded == [intent_model.MODEL_PATH.with_name(TUNED_WEIGHTS)]
