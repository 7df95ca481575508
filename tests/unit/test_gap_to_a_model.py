"""A gap question that names one model ("how far behind gpt-5 is the best open model?", "how far is glm-5 from the
top?") is answered against that model, on the newest board that scores it; where none does, the answer says so and
gives the board's own gap (issue #13: the reading named the model while the figures ignored it)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from gapbot.compose import compose
from gapbot.engine import Engine
from gapbot.models import Manifest
from gapbot.question import parse
from gapbot.registry import Registry
from gapbot.serving import Index
from gapbot.settings import Settings

from .factories import row

ASKED_ON = date(2026, 1, 15)


@pytest.fixture
def engine(tmp_path) -> tuple[Engine, Index]:
    rows = [row("claude-x", 90, False, category="reasoning"), row("gpt-5", 80, False, category="reasoning"),
            row("glm-5", 75, True, category="reasoning"), row("qwen-4", 70, True, category="reasoning"),
            # an older board, the only one scoring gpt-4o
            row("gpt-4o", 60, False, category="reasoning", snapshot="2024-06-01"),
            row("llama-3", 55, True, category="reasoning", snapshot="2024-06-01")]
    idx = Index.build(Manifest(), rows, Registry([]))
    eng = Engine(Settings(_env_file=None, GAPBOT_DATA_DIR=tmp_path / "data"))
    eng._served = SimpleNamespace(index=lambda: idx)
    return eng, idx


@pytest.mark.parametrize("text, points, headline", [
    ("how far behind gpt-5 is the best open model on reasoning?", 5,
     "Reasoning on Test Bench: the best open model is 5 points behind gpt-5."),
    ("how far behind the top is qwen-4 on reasoning?", 20,
     "Reasoning on Test Bench: qwen-4 is 20 points behind the best proprietary model."),
    ("how far behind are open models on reasoning?", 15,  # no model named: both sides' best
     "Reasoning on Test Bench: the best open model is 15 points behind."),
])
def test_the_gap_is_measured_to_the_model_named(engine, text: str, points: float, headline: str) -> None:
    eng, idx = engine
    r = eng.run(parse(text, idx.matcher, ASKED_ON, model=False))
    assert (r.kind, r.gap.points, r.snapshot) == ("gap", points, date(2025, 6, 1))
    assert compose(r).headline == headline


def test_an_older_model_is_measured_on_the_newest_board_that_scores_it(engine) -> None:
    eng, idx = engine
    r = eng.run(parse("how far behind gpt-4o is the best open model on reasoning?", idx.matcher, ASKED_ON,
                      model=False))
    assert (r.gap.points, r.gap.best_open.id, r.snapshot) == (5, "llama-3", date(2024, 6, 1))


def test_a_model_no_board_scores_is_said_and_the_boards_own_gap_given(engine) -> None:
    eng, idx = engine
    q = parse("how far behind gpt-5 is the best open model on reasoning?", idx.matcher, ASKED_ON, model=False)
    q.models = ["grok-9"]
    r = eng.run(q)
    assert (r.gap.points, r.gap.anchored, r.unscored) == (15, "", "grok-9")
    assert compose(r).notes[0].startswith("No Reasoning board I have scores grok-9")
