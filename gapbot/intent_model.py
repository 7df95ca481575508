"""The intent model: a logistic regression over word and character n-grams of the question and over what the
entity readers found (a category, models, a leaderboard, a benchmark, a date, an off-topic or opinion pattern),
with calibrated probabilities, so that a question nobody phrased that way before is still read by its meaning and
a reading the model is unsure of is asked back, never guessed.

Words alone miss meaning ("is rag overhyped or nah", "is the housing gap closing"), so a second reading is added
to the n-gram model's log-probabilities: all-MiniLM-L6-v2's top two layers, fine-tuned for intent
(bench.train_tuned), applied in NumPy (gapbot.tuned_head) to the token states the ONNX graph gives on its way to the
question's embedding (gapbot.onnx_embedder), with their own weight, gate and temperature (intent_tuned.json).
Where they were not shipped, or the graph cannot give those states, a small linear head over the sentence
embedding reads instead. The tuned reading costs a cold process ~0.17 s and ~120 MB more (NumPy, ONNX Runtime,
the graph and the layers: a parse in 0.38 s at a 170 MB peak instead of 0.2 s at 47 MB), so it is consulted only
when the n-gram model alone is less sure than a gate chosen by cross-validation: most questions are read by the
n-grams alone, in plain Python.

Trained offline (`python -m bench.train_intent`, scikit-learn) on the dev split of tests/eval/questions.yaml and
the hand-written exemplars in tests/eval/exemplars.txt; the weights ship as gapbot/data/intent_model.json and
are applied here in plain Python (no scikit-learn, numpy or torch on the query path of a clear question: the model
loads in a few milliseconds and reads a question in well under one).
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

Embed = Callable[[str], Sequence[float] | None]
States = Callable[[str], object | None]  # question -> its token states entering the tuned layers (a NumPy array)

MODEL_PATH = Path(__file__).with_name("data") / "intent_model.json"
TUNED_WEIGHTS = "intent_tuned.npz"  # MiniLM's top layers tuned for intent (bench.train_tuned; gapbot.tuned_head)
TUNED_META = "intent_tuned.json"  # what they read and how they are fused with the n-grams
_WORD = re.compile(r"[a-z0-9]+(?:[.'\-][a-z0-9]+)*|[?!#]")


@dataclass(frozen=True, slots=True)
class Reading:
    """The model's reading: intents with their probabilities, likeliest first."""

    ranked: tuple[tuple[str, float], ...]
    embedded: bool = False  # the embedding head was consulted (the n-grams alone were below the gate)

    @property
    def intent(self) -> str:
        return self.ranked[0][0]

    @property
    def confidence(self) -> float:
        return self.ranked[0][1]

    @classmethod
    def of(cls, classes: Sequence[str], probs: Sequence[float], embedded: bool = False) -> Reading:
        return cls(tuple(sorted(zip(classes, probs, strict=True), key=lambda x: -x[1])), embedded)


def linear_scores(bias: Sequence[float], weights: dict[str, Sequence[float]], feats: Iterable[str]) -> list[float]:
    """A linear model's logits: the bias plus the weights of the features present (each counted once)."""
    scores = list(bias)
    for f in set(feats):
        w = weights.get(f)
        if w is not None:
            for i, x in enumerate(w):
                scores[i] += x
    return scores


def features(low: str, signals: dict[str, object]) -> list[str]:
    """The features of one question (lowercased, injections already removed). `signals` are what the rules and
    entity readers found, e.g. {"category": True, "models": 2, "rule": "gap"}: one feature each."""
    words = _WORD.findall(low)
    out = [f"w:{w}" for w in words]
    out += [f"b:{a}_{b}" for a, b in zip(words, words[1:], strict=False)]
    if words:
        out.append(f"first:{words[0]}")
        out.append(f"last:{words[-1]}")
    out.append(f"len:{min(len(words), 12) // 3}")
    for w in set(words):
        padded = f" {w} "
        for n in (3, 4, 5):
            out += [f"c:{padded[i:i + n]}" for i in range(len(padded) - n + 1)]
    out += [f"s:{k}={v}" for k, v in signals.items() if v not in (None, False, 0, "")]
    return out


class IntentModel:
    def __init__(self, data: dict, embed: Embed | None = None, tuned: dict | None = None,
                 tuned_path: Path | None = None) -> None:
        self.classes: list[str] = data["classes"]
        self.bias: list[float] = data["bias"]
        # tuples: the cyclic collector stops tracking tuples of floats, and ~7,000 lists walked by every full
        # collection cost the bot's event loop milliseconds each time (bot/lag.py)
        self.weights: dict[str, tuple[float, ...]] = {f: tuple(w) for f, w in data["weights"].items()}
        self.threshold: float = data["threshold"]  # below it, ask back (chosen on cross-validated dev predictions)
        self.temperature: float = data.get("temperature", 1.0)  # calibration of the probabilities
        # The embedding head: {"model", "weights" (a row per class), "bias", "weight" (of its log-probabilities beside
        # the n-grams'), "gate" (consulted below this n-gram confidence), "temperature" (of the fused reading)}.
        head = data.get("embedding")
        self.head: dict | None = head and {**head, "bias": tuple(head["bias"]),
                                           "weights": tuple(tuple(row) for row in head["weights"])}
        self._embed = embed  # question -> its vector (None: the ONNX graph of the head's model, where there is one)
        # MiniLM's top layers tuned for intent (bench.train_tuned): where shipped, they replace the linear head, with
        # their own weight, gate and temperature (intent_tuned.json); their weights are read on first use
        self.tuned: dict | None = tuned if tuned and tuned.get("classes") == self.classes else None
        self._tuned_path = tuned_path
        self._states: States | None = None  # question -> its states (None: the ONNX graph of the tuned model)

    def read(self, low: str, signals: dict[str, object]) -> Reading:
        scores = self.scores(low, signals)
        probs = _softmax(scores, self.temperature)
        if self.tuned is not None and (reading := self._tuned_reading(low, probs)) is not None:
            return reading
        head = self.head
        if head is None or max(probs) >= head["gate"]:
            return self._ranked(probs)
        vector = self.embedding(low)
        if vector is None:  # no graph on this machine: the n-grams alone
            return self._ranked(probs)
        fused = [math.log(max(p, 1e-12)) + head["weight"] * lq
                 for p, lq in zip(probs, _log_softmax(self.head_scores(vector)), strict=True)]
        return self._ranked(_softmax(fused, head["temperature"]), embedded=True)

    def scores(self, low: str, signals: dict[str, object]) -> list[float]:
        """The n-gram model's logits, one per class."""
        return linear_scores(self.bias, self.weights, features(low, signals))

    def _tuned_reading(self, low: str, probs: list[float]) -> Reading | None:
        """The n-grams fused with the tuned layers' reading where they are unsure; None where the states cannot be
        had (no graph on this machine, or one of another model): the linear head, or the n-grams, read instead."""
        tuned = self.tuned
        if max(probs) >= tuned["gate"]:
            return self._ranked(probs)
        scores = self.tuned_scores(low)
        if scores is None:
            return None
        fused = [math.log(max(p, 1e-12)) + tuned["weight"] * lq
                 for p, lq in zip(probs, _log_softmax(scores), strict=True)]
        return self._ranked(_softmax(fused, tuned["temperature"]), embedded=True)

    def tuned_scores(self, low: str) -> list[float] | None:
        """The tuned layers' logits, one per class (None: no states to read)."""
        states = (self._states or _default_states(self.tuned["model"], self.tuned["layer"]))(low)
        if states is None:
            return None
        return _tuned_head(self._tuned_path).logits(states)

    def warm(self) -> None:
        """Load the tuned layers now (~45 ms, NumPy and ~14 MB) rather than at the first question the n-grams are
        unsure of; a digest that does not match raises here, at start-up."""
        if self.tuned is not None and self._tuned_path is not None:
            _tuned_head(self._tuned_path)

    def head_scores(self, vector: Sequence[float]) -> list[float]:
        """The embedding head's logits, one per class."""
        return [b + sum(w * x for w, x in zip(row, vector, strict=True))
                for b, row in zip(self.head["bias"], self.head["weights"], strict=True)]

    def embedding(self, low: str) -> Sequence[float] | None:
        return (self._embed or _default_embed(self.head["model"]))(low)

    def with_embed(self, embed: Embed, states: States | None = None) -> IntentModel:
        """The same model, embedding questions with `embed` and reading their states with `states` (an Engine's:
        its settings' model cache)."""
        other = copy.copy(self)
        other._embed = embed
        other._states = states
        return other

    def _ranked(self, probs: list[float], embedded: bool = False) -> Reading:
        return Reading.of(self.classes, probs, embedded)


def _softmax(scores: Sequence[float], temperature: float = 1.0) -> list[float]:
    top = max(scores)
    exp = [math.exp((s - top) / temperature) for s in scores]
    total = sum(exp)
    return [e / total for e in exp]


def _log_softmax(scores: Sequence[float]) -> list[float]:
    top = max(scores)
    log_total = top + math.log(sum(math.exp(s - top) for s in scores))
    return [s - log_total for s in scores]


def graph_embed(model: str, cache: Path, batch_size: int) -> Embed:
    """Questions embedded by `model`'s ONNX graph in `cache`, once it is made (by ingest, an article question, the
    bot's warm-up or `docker build`): until then None, and the n-grams read alone. Making it needs torch and ~10 s,
    which no question should wait for; it is looked for again at each question until found, so a graph made while
    the process runs is used from then on."""
    return _from_graph(model, cache, batch_size, "embed_query", layer=None)


def graph_states(model: str, cache: Path, batch_size: int, layer: int) -> States:
    """Questions' token states entering layer `layer`, from `model`'s ONNX graph in `cache` once it is made (as
    graph_embed), and only where that graph outputs that layer's: until then None."""
    return _from_graph(model, cache, batch_size, "query_states", layer)


def _from_graph(model: str, cache: Path, batch_size: int, method: str, layer: int | None) -> Callable[[str], object]:
    """A question read by `method` of the shared embedder of `model`'s graph, once that graph is made (and, given a
    `layer`, outputs that layer's states); None until then."""
    found: list[Callable[[str], object]] = []

    def read(low: str):
        if not found:
            from gapbot import onnx_embedder

            if layer is None:
                if not onnx_embedder.has_graph(cache, model):
                    return None
            elif (onnx_embedder.graph_meta(cache, model) or {}).get("states_layer") != layer:
                return None
            # the article path's embedder where it is the same model: one ONNX session in the process, not two
            found.append(getattr(onnx_embedder.shared(model, cache, batch_size), method))
        return found[0](low)

    return read


@lru_cache(maxsize=2)
def _tuned_head(path: Path):
    """The tuned layers in `path`, loaded once per process (NumPy is imported only here, for a question the n-grams
    are unsure of)."""
    from gapbot.tuned_head import TunedHead

    return TunedHead.load(path, json.loads(path.with_name(TUNED_META).read_text(encoding="utf-8")))


@lru_cache(maxsize=2)
def _default_states(model: str, layer: int) -> States:
    """The tuned layers' states where the caller gave none: the environment's settings (an Engine gives its own)."""
    settings = _environment()
    if settings is None:
        return lambda low: None
    return graph_states(model, settings.model_cache_dir, settings.embedding_batch, layer)


@lru_cache(maxsize=2)
def _default_embed(model: str) -> Embed:
    """The head's embedder where the caller gave none: the environment's settings (an Engine gives its own)."""
    settings = _environment()
    if settings is None:
        return lambda low: None
    return graph_embed(model, settings.model_cache_dir, settings.embedding_batch)


def _environment():
    """The environment's settings, or None where they are incomplete (a question is then read without the graph)."""
    from gapbot.errors import ConfigError
    from gapbot.settings import load_settings

    try:
        return load_settings()
    except ConfigError:
        return None


@lru_cache(maxsize=1)
def load(path: Path = MODEL_PATH) -> IntentModel | None:
    """The shipped model, or None where it has not been trained (the rules alone then read intents)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    try:
        tuned = json.loads(path.with_name(TUNED_META).read_text(encoding="utf-8"))
    except FileNotFoundError:
        tuned = None  # none trained: the linear head reads where the n-grams are unsure
    return IntentModel(data, tuned=tuned, tuned_path=path.with_name(TUNED_WEIGHTS))
