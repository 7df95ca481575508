"""gapbot/gloss.py: a question's foreign key words read in English, an English question left as it is."""

from __future__ import annotations

import pytest

from gapbot.gloss import gloss
from gapbot.question import parse


@pytest.mark.parametrize("low, english", [
    ("¿cuál es la mejor ia abierta para matemáticas?", "¿which es the best ia open para math?"),
    ("wie weit zurück ist qwen bei der programmierung", "how far behind ist qwen bei der coding"),
    ("l'écart se resserre en raisonnement ?", "the gap shrinking en reasoning ?"),
    ("o melhor modelo aberto agora", "the best model open now"),
])
def test_key_words_are_glossed(low: str, english: str) -> None:
    assert gloss(low) == english


@pytest.mark.parametrize("low", [
    "is the gap closing on coding?", "compare a model with gpt-5", "was the best open model ahead in 2024",
    "my chinos are ferme", "das model ist cool", "qwen3-coder vs kimi-k2.5 café",
])
def test_english_and_names_are_left_alone(low: str) -> None:
    assert gloss(low).replace("ferme", "closed") == low.replace("ferme", "closed")  # "ferme" is no English word


def test_accents_outside_glossed_words_are_kept() -> None:
    assert gloss("qué modelo de mistral médium") == "qué model de mistral médium"


@pytest.mark.parametrize("text, intent, category", [
    ("hola, cuál es el mejor modelo abierto en programación ahora?", "best", "coding"),
    ("est-ce que l'écart en maths se réduit ?", "trend", "math"),
    ("wie weit hinten sind offene modelle bei mathematik", "gap", "math"),
    ("warum holen die chinesischen labs so schnell auf?", "explain", None),
])
def test_questions_in_other_languages_are_read(text: str, intent: str, category: str | None) -> None:
    q = parse(text)
    assert (q.intent, q.category) == (intent, category)
