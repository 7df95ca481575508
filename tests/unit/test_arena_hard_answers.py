"""A question naming Arena-Hard is answered from the Arena-Hard-Auto board (ingest/formats/arena_hard.py), named
with its date, in percentage points, and said to be old; a question about hard prompts that names no benchmark
keeps to the newest board of the category (LMArena's own hard-prompts board)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from gapbot.compose import compose
from gapbot.engine import Engine
from gapbot.models import Manifest
from gapbot.question import parse
from gapbot.serving import Index
from gapbot.settings import Settings
from ingest.formats import arena_hard, lmarena

from .factories import context, tiny_registry, write

ASKED_ON = date(2026, 1, 15)
ARENA_HARD = """model,score,rating_q025,rating_q975,CI,avg_tokens,date
gpt-4o-2024-05-13,79.21,77.42,80.71,"(1.8, 1.5)",696.0,2024-07-31
claude-3-5-sonnet-20240620,79.35,77.25,80.62,"(2.1, 1.3)",567.0,2024-07-31
llama-3.1-405b-instruct,64.09,62.28,66.25,"(1.8, 2.2)",633.0,2024-07-31
mystery-7b,50.0,48.0,52.0,"(2.0, 2.0)",600.0,2024-07-31
"""
# LMArena's own boards, newer: the hard-prompts category's newest board when no benchmark is named
ARENA_TEXT = {"full": {"gpt-4o-2024-05-13": {"rating": 1300.0}, "deepseek-v3": {"rating": 1310.0}},
              "hard_6": {"gpt-4o-2024-05-13": {"rating": 1320.0, "rating_q025": 1315.0, "rating_q975": 1325.0},
                         "deepseek-v3": {"rating": 1290.0, "rating_q025": 1285.0, "rating_q975": 1295.0}}}


@pytest.fixture
def engine(tmp_path: Path) -> tuple[Engine, Index]:
    tables = tmp_path / "tables"
    tables.mkdir()
    arena = tmp_path / "arena"
    arena.mkdir()
    rows = arena_hard.parse(write(tables / "arena_hard_auto_leaderboard_v0.1.csv", ARENA_HARD), context("ah")).rows
    rows += lmarena.parse_json(write(arena / "leaderboard-text_2025-12-11.json", json.dumps(ARENA_TEXT)),
                               context("lj")).rows
    idx = Index.build(Manifest(), rows, tiny_registry())
    eng = Engine(Settings(_env_file=None, GAPBOT_DATA_DIR=tmp_path / "data"), today=lambda: ASKED_ON)
    eng._served = SimpleNamespace(index=lambda: idx)
    return eng, idx


@pytest.mark.parametrize("text, intent", [
    ("open vs closed gap on arena-hard?", "gap"),
    ("how far behind are open models on arena-hard?", "gap"),
    ("best open model on arena hard auto", "best"),
])
def test_a_question_naming_arena_hard_is_answered_from_its_board(engine, text: str, intent: str) -> None:
    eng, idx = engine
    q = parse(text, idx.matcher, ASKED_ON, model=False)
    assert (q.intent, q.benchmark, q.category) == (intent, "Arena-Hard-Auto", "hard prompts")
    r = eng.run(q)
    assert r.refusal is None
    assert (r.source, r.benchmark, r.category, r.snapshot) == ("lmarena", "Arena-Hard-Auto", "hard prompts",
                                                               date(2024, 7, 31))
    assert (r.gap.best_open.id, r.gap.best_closed.id) == ("llama-3.1-405b", "claude-3.5-sonnet")
    assert r.gap.points == pytest.approx(15.26)
    if intent == "best":
        assert [m.id for m in r.leaders] == ["llama-3.1-405b"]  # mystery-7b's status is unknown: left out
    words = compose(r)
    # the board and its date named, no "not in my data", and a win-rate board read in points, never Elo
    figures = " ".join(v for _, v in words.fields)
    assert "Arena-Hard-Auto" in words.headline and "Elo" not in words.headline + figures
    assert "15.26 points" in figures and "head-to-head votes" not in figures
    assert words.reading.endswith("Arena-Hard-Auto 2024-07-31") and "not in my data" not in words.markdown
    assert words.sources_line.startswith("Source: Arena-Hard-Auto, snapshot 2024-07-31")
    # 2024-07-31 is long before the question: the usual staleness warning comes first
    assert r.stale and words.warning == "⚠ Old data: the newest is from 2024-07-31, 533 days ago."
    assert words.markdown.startswith(f"**{words.warning}**")
    # a hard-prompts question naming no benchmark keeps to the category's newest board
    plain = eng.run(parse("how far behind are open models on hard prompts?", idx.matcher, ASKED_ON, model=False))
    assert (plain.benchmark, plain.snapshot, plain.gap.points) == ("LMArena Text", date(2025, 12, 11), 30.0)
    assert not plain.stale and "Arena-Hard-Auto (2024-07-31)" in compose(plain).markdown  # an "also" line
