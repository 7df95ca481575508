"""The intent model: a logistic regression over word and character n-grams of the question and over what the
entity readers found (a category, models, a leaderboard, a benchmark, a date, an off-topic or opinion pattern),
with calibrated probabilities, so that a question nobody phrased that way before is still read by its meaning and
a reading the model is unsure of is asked back, never guessed.

Trained offline (`python -m bench.train_intent`, scikit-learn) on the dev split of tests/eval/questions.yaml and
the hand-written exemplars in tests/eval/exemplars.txt; the weights ship as gapbot/data/intent_model.json and
are applied here in plain Python (no scikit-learn, numpy or torch on the query path: the model loads in a few
milliseconds and reads a question in well under one).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).with_name("data") / "intent_model.json"
_WORD = re.compile(r"[a-z0-9]+(?:[.'\-][a-z0-9]+)*|[?!#]")


@dataclass(frozen=True, slots=True)
class Reading:
    """The model's reading: intents with their probabilities, likeliest first."""

    ranked: tuple[tuple[str, float], ...]

    @property
    def intent(self) -> str:
        return self.ranked[0][0]

    @property
    def confidence(self) -> float:
        return self.ranked[0][1]


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
    def __init__(self, data: dict) -> None:
        self.classes: list[str] = data["classes"]
        self.bias: list[float] = data["bias"]
        # tuples: the cyclic collector stops tracking tuples of floats, and ~7,000 lists walked by every full
        # collection cost the bot's event loop milliseconds each time (bot/lag.py)
        self.weights: dict[str, tuple[float, ...]] = {f: tuple(w) for f, w in data["weights"].items()}
        self.threshold: float = data["threshold"]  # below it, ask back (chosen on cross-validated dev predictions)
        self.temperature: float = data.get("temperature", 1.0)  # calibration of the probabilities

    def read(self, low: str, signals: dict[str, object]) -> Reading:
        scores = list(self.bias)
        for f in set(features(low, signals)):
            w = self.weights.get(f)
            if w is not None:
                for i, x in enumerate(w):
                    scores[i] += x
        top = max(scores)
        exp = [math.exp((s - top) / self.temperature) for s in scores]
        total = sum(exp)
        ranked = sorted(((c, e / total) for c, e in zip(self.classes, exp, strict=True)), key=lambda x: -x[1])
        return Reading(tuple(ranked))


@lru_cache(maxsize=1)
def load(path: Path = MODEL_PATH) -> IntentModel | None:
    """The shipped model, or None where it has not been trained (the rules alone then read intents)."""
    try:
        return IntentModel(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None
