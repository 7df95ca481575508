"""Small builders for inline test data."""

from __future__ import annotations

from pathlib import Path

from gapbot.intent_model import IntentModel
from gapbot.models import ScoreRow
from gapbot.question import INTENTS
from gapbot.registry import ModelInfo, Registry
from ingest.formats.base import Context


def row(model: str, score: float, open_weights: bool | None, *, release: str = "", first_seen: str = "",
        snapshot: str = "2025-06-01", display: str = "", category: str = "coding") -> ScoreRow:
    """One score row on a test board; the display name defaults to the model id."""
    return ScoreRow(source="test", benchmark="Test Bench", snapshot=snapshot, category=category, model=model,
                    display_name=display or model, organization="", open_weights=open_weights, score=score,
                    release_date=release, first_seen=first_seen)


def tiny_registry() -> Registry:
    """A handful of models, enough for every parser's lookups: one closed, one open, one overriding a source."""
    return Registry([
        ModelInfo(id="gpt-4o", name="GPT-4o", organization="OpenAI", open_weights=False, release_date="2024-05-13",
                  aliases=["gpt-4o-2024-05-13", "chatgpt-4o-latest"]),
        ModelInfo(id="deepseek-v3", name="DeepSeek V3", organization="DeepSeek", open_weights=True,
                  release_date="2024-12-26", aliases=["deepseek-chat", "deepseek-v3-0324"]),
        ModelInfo(id="llama-3.1-405b", name="Llama 3.1 405B", organization="Meta", open_weights=True,
                  release_date="2024-07-23", aliases=["llama-3.1-405b-instruct"]),
        ModelInfo(id="claude-3.5-sonnet", name="Claude 3.5 Sonnet", organization="Anthropic", open_weights=False,
                  release_date="2024-06-20", aliases=["claude-3-5-sonnet-20240620"]),
    ])


def context(file_id: str = "f") -> Context:
    return Context(registry=tiny_registry(), file_id=file_id)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def leaning_model(intent: str) -> IntentModel:
    """An intent model that reads every question as `intent`: for tests where a reply's own words must not matter."""
    return IntentModel({"classes": list(INTENTS), "bias": [5.0 if c == intent else 0.0 for c in INTENTS],
                        "weights": {}, "threshold": 0.5})
