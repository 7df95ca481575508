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
    # months, and the "de" before a year
    ("el gap en matemáticas, ¿cómo estaba en octubre del 2025?", "el gap en math, ¿how was it en october 2025?"),
    ("a diferença em outubro de 2025", "the gap em october 2025"),
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
    ("el gap en matemáticas, ¿cómo estaba en octubre del 2025?", "gap", "math"),
])
def test_questions_in_other_languages_are_read(text: str, intent: str, category: str | None) -> None:
    q = parse(text)
    assert (q.intent, q.category) == (intent, category)


@pytest.mark.parametrize("low, english", [
    ("открытые модели сильно отстают?", "open models сильно behind?"),  # a Russian stem, any ending
    ("какой лучший открытый модел", "which best open model"),
    ("开源模型落后多少", " open models  how far behind "),  # Chinese: no spaces between words
    ("open models kitne peeche hain", "open models how much behind hain"),
])
def test_inflected_and_unspaced_words_are_glossed(low: str, english: str) -> None:
    assert gloss(low) == english


@pytest.mark.parametrize("low", [
    "is the kitchen open today", "farkle dice with abhijit", "kabuki and the kyuubi",
])
def test_near_misses_stay_english(low: str) -> None:
    # (Hindi "fark", "abhi", "kab", "kyu" are glossed only as whole words, never inside another word)
    assert gloss(low) == low


@pytest.mark.parametrize("text, intent, category", [
    ("Насколько открытые модели отстают от закрытых в математике?", "gap", "math"),
    ("Какая открытая модель лучшая для программирования?", "best", "coding"),
    ("Сокращается ли разрыв между открытыми и закрытыми моделями?", "trend", None),
    ("开源模型在编程上落后闭源模型多少？", "gap", "coding"),
    ("最好的开源模型是哪个？", "best", None),
    ("开源和闭源模型之间的差距在缩小吗？", "trend", None),
    ("open models coding mein kitne peeche hain?", "gap", "coding"),
    ("¿la diferencia entre modelos abiertos y propietarios se ha reducido desde 2024?", "trend", None),
])
def test_more_languages_are_read(text: str, intent: str, category: str | None) -> None:
    q = parse(text)
    assert (q.intent, q.category) == (intent, category)


@pytest.mark.parametrize("text", ["какая погода сегодня в москве?", "今天天气怎么样？"])
def test_foreign_chatter_is_still_declined(text: str) -> None:
    assert parse(text).intent == "out_of_scope"
