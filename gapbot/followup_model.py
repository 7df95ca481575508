"""The follow-up model: what a reply to one of the bot's answers asks, read from its words *and* the previous
question's intent, by a logistic regression trained on the dev split's follow-ups (bench.train_followup).

Why a model of its own: the intent model reads a reply's words alone (it never trains on follow-ups, whose label is
what they mean after the previous question), and hand-written rules (Query.merged_with) then carry the previous
question's context over. Those rules were written from the dev writers' replies; new writers phrase replies their
own way ("how long has it held that spot?", "when did that first happen? need the month for a slide") and the rules
missed a fifth of them (session 17: 79 % of six new writers' 374 follow-ups, before any rule was written from them).
A model over the reply's words and signals, the previous intent, the reply's own reading, and each word crossed with
the previous intent ("it" after a best-of is a model question; after a catch-up, "when" asks when it happened)
read 92 % of the same replies alone, trained on the other writers only, and 90.1 % as gapbot.question.follow uses
it (95.1 % against the rules' 93.3 % in writer folds over all dev follow-ups, where the rules had seen every
writer).

The rules still carry the context (domain, board, models, dates) and still decide where the model agrees with
them, and where the reply's form settles it (it asks nothing, or only narrows the question: "6 months?", "qwen 3
specifically", "and on math?"); elsewhere the reply is read again with the model's intent
(gapbot.question.follow). Applied in plain
Python, like the n-gram intent model, from gapbot/data/followup_model.json.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from gapbot.intent_model import Reading, _softmax, features, linear_scores

MODEL_PATH = Path(__file__).with_name("data") / "followup_model.json"
# The reply's own features crossed with the previous intent: words, word pairs, first and last word, and signals
# (character n-grams are left uncrossed: eight times as many features for no gain)
_CROSSED = ("w:", "b:", "first:", "last:", "s:")


def reply_features(low: str, signals: dict[str, object] | None, previous: str, own: str) -> list[str]:
    """A reply's features: its words and signals as the intent model reads them (`signals` None: the rules found
    nothing to classify, chatter or an injection alone), the previous question's intent, the reply's own reading
    ("intent/reason", read alone), and the reply's words crossed with the previous intent."""
    base = features(low, signals) if signals is not None else ["nosignals", *features(low, {})]
    return [*base, f"prev:{previous}", f"own:{own}", *(f"x:{previous}|{f}" for f in base if f.startswith(_CROSSED))]


class FollowUpModel:
    def __init__(self, data: dict) -> None:
        self.classes: list[str] = data["classes"]
        self.bias: list[float] = data["bias"]
        self.weights: dict[str, tuple[float, ...]] = {f: tuple(w) for f, w in data["weights"].items()}
        self.temperature: float = data.get("temperature", 1.0)

    def read(self, feats: Iterable[str]) -> Reading:
        return Reading.of(self.classes, _softmax(linear_scores(self.bias, self.weights, feats), self.temperature))


@lru_cache(maxsize=1)
def load(path: Path = MODEL_PATH) -> FollowUpModel | None:
    """The shipped model, or None where it has not been trained (the rules alone then read follow-ups)."""
    try:
        return FollowUpModel(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None
