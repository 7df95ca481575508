"""Declines that name a model or a lab (issue #13): a personal task asked of a model, trivia about one, a provider's
price or plumbing, and a code or writing request about leaderboards are declined; a question about where a model
stands against the other side stays answered however close its words come."""

from __future__ import annotations

import pytest

from gapbot.senses import senses_of


@pytest.mark.parametrize("text", ["what do the letters in deepseek v3.2 exp stand for",
                                  "is there an acronym hidden in the name qwen",
                                  "who's going to the llm paper reading group on friday"])
def test_a_name_or_an_event_is_an_aside(text: str) -> None:
    assert senses_of(text) == ("aside",)


@pytest.mark.parametrize("text", ["does qwen stand a chance against gemini on math",
                                  "what does the deepseek v3.2 tech report say about closing the gap"])
def test_a_chance_or_a_report_on_the_gap_is_no_aside(text: str) -> None:
    assert senses_of(text) != ("aside",)
