"""The focus finder (gapbot/focus.py): the part of a long message that asks, apart from the context around it."""

from __future__ import annotations

import pytest

from gapbot.focus import focus, sentences
from gapbot.question import read_rules


@pytest.mark.parametrize(("low", "asked"), [
    # the question sentence after a story
    ("we switched our support bot to a local model last spring and the team loves it. my manager still thinks the "
     "apis are way ahead. which open model tops the writing leaderboard today?",
     "which open model tops the writing leaderboard today?"),
    # a story and the question in one sentence, joined by ", so"
    ("my roommate keeps saying open weights are two years behind on coding and i think he's just salty, so who is "
     "the strongest open coder right now?", "so who is the strongest open coder right now?"),
    # context after the question stays out
    ("is the math gap getting smaller? asking because my lab is deciding whether to drop its api budget",
     "is the math gap getting smaller?"),
    # no question mark: the sentence that asks
    ("been lurking here for months. how far ahead are closed models on reasoning these days",
     "how far ahead are closed models on reasoning these days"),
    # a colon introduces the question
    ("background for my thesis: has the distance between open and closed models shrunk since 2024?",
     "has the distance between open and closed models shrunk since 2024?"),
    # where the asker came across the subject, told after the question
    ("is qwen3 max any good at math, saw it on a slide at the trade show", "is qwen3 max any good at math"),
    ("how's kimi k2 doing on the arena, heard it flopped", "how's kimi k2 doing on the arena"),
])
def test_the_question_is_found_apart_from_its_context(low: str, asked: str) -> None:
    assert focus(low) == asked


def test_a_pointer_picks_one_of_two_questions() -> None:
    low = ("my startup can only self-host. which open model leads on agentic coding, and how far is it from the "
           "closed leader? i mainly care about the first part")
    assert focus(low) == "which open model leads on agentic coding"
    assert focus(low.replace("first part", "second one")) == "how far is it from the closed leader?"


@pytest.mark.parametrize("low", [
    "how far behind are open models on coding?",  # one sentence: it is the focus already
    "best open model?",
    "is deepseek v3.2 better than gpt-4o at math",
])
def test_a_single_question_has_no_separate_focus(low: str) -> None:
    assert focus(low) is None


def test_decimals_and_versions_do_not_end_a_sentence() -> None:
    assert sentences("is gpt-4.5 ahead of llama 3.1 by 2.5 points? curious") == [
        "is gpt-4.5 ahead of llama 3.1 by 2.5 points?", "curious"]


@pytest.mark.parametrize(("text", "rule"), [
    ("my brother swears the closed labs are years ahead and open weights will never catch up, so which open model "
     "is strongest at coding right now?", "best"),
    ("our legal team only lets us self-host, and people keep telling me proprietary is far ahead. what is the top "
     "open model for writing?", "best"),
    ("last winter open models looked hopeless at math to me. is that distance shrinking lately?", "trend"),
])
def test_the_rules_feature_reads_the_part_that_asks(text: str, rule: str) -> None:
    # the whole message's context (ahead, behind, catch up) no longer decides the rules' reading the model weighs
    assert read_rules(text)[2]["rule"] == rule
