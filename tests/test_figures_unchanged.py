"""Every figure of every answer stays what it was: a few dozen questions (every intent, follow-ups, the slash
commands' structured queries, the sources listing) over the shipped corpus plus every LiveBench release, compared
with tests/figures_expected.json, which was recorded before the engine was split (git history has the commit).

Figures are the computed values (gap points and months, scores, model ids, snapshot, benchmark, trend points,
leaders, catch-up dates, cited files) and every number the composed answer states. Wording may change; figures
may not. To re-record after an intended change: GAPBOT_RECORD_FIGURES=1 pytest tests/test_figures_unchanged.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest

from gapbot.compose import as_json, compose
from gapbot.engine import Engine
from gapbot.llm import numbers
from gapbot.question import Query
from ingest.pipeline import run_ingest

from conftest import LEADERBOARDS, REPO, make_settings, need_shared

pytestmark = pytest.mark.slow
EXPECTED = Path(__file__).with_name("figures_expected.json")
TODAY = dt.date(2026, 11, 30)  # answers say how old their data is: counted from a fixed day, so figures stay put
REFRESHED_AT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[^\s)]*")  # the ingest's clock, not a figure

QUESTIONS = [
    # gap
    "how far behind is the best open model on coding?",
    "What's the open vs closed gap in math?",
    "How big is the gap overall?",
    "how far behind are open models on reasoning?",
    "how far behind are open models in data analysis",
    "how far are open models behind on instruction following?",
    "how far behind are open models at agentic coding?",
    "how far behind is the best open model on LMArena?",
    "what's the gap in language on livebench?",
    "how far behind are open models on creative writing?",
    "how far behind are open models on knowledge?",
    "how far behind are open models on Aider?",
    # best
    "which open model is best at math?",
    "top 3 proprietary models in reasoning",
    "what are the top 10 open models overall?",
    "who leads on language?",
    "best closed model for data analysis",
    "which open model is best on lmarena?",
    # trend
    "is the gap on coding shrinking?",
    "Is the math gap growing or closing over time?",
    "is the overall gap narrowing?",
    "how has the reasoning gap changed on livebench?",
    "is the gap shrinking on lmarena?",
    # compare
    "how does DeepSeek V3.2 compare to GPT-5.1 on math?",
    "how does DeepSeek compare to OpenAI on math?",
    "GLM 5.2 vs GPT-5.2 Codex on coding",
    # model
    "how good is Qwen3 Coder?",
    "how good is GLM 5.2?",
    "tell me about gpt-4o on math",
    "how good is Kimi K2 on lmarena?",
    # catch-up
    "when did open models catch up with GPT-4o?",
    "when did open models catch up with Claude 3.5 Sonnet?",
    "when did open models match o1?",
    "when did open models catch up with GPT-5.2?",
    # explain
    "why are open models catching up?",
    "does NIST think the gap is growing?",
    "what does open weights mean?",
    "is the gap between open and closed models shrinking or growing, and why?",
    # out of scope
    "what's the weather in Paris?",
    "",
    "@everyone <@123> ```rm -rf /```",
]

FOLLOW_UPS = [
    ("how far behind is the best open model on coding?", "and on math?"),
    ("which open model is best at math?", "what about reasoning?"),
    ("is the gap on coding shrinking?", "and on lmarena?"),
    ("how does DeepSeek V3.2 compare to GPT-5.1 on math?", "and on coding?"),
    ("how good is GLM 5.2?", "on instruction following?"),
]

# What the slash commands send: queries built from their options, not parsed from text.
QUERIES = [
    Query(text="gap on coding", intent="gap", category="coding", source="livebench"),
    Query(text="gap on math", intent="gap", category="math", source="lmarena"),
    Query(text="top 10 on overall", intent="best", category=None, source=None, group=None, top=10),
    Query(text="top 25 on math", intent="best", category="math", source="lmarena", group=None, top=25),
    Query(text="trend of the gap on reasoning", intent="trend", category="reasoning", source=None),
    Query(text="compare", intent="compare", category="coding", models=["glm-5.2", "gpt-5.2-codex"]),
    Query(text="how good is", intent="model", category=None, models=["deepseek-v3.2"]),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory, real_embedder):
    need_shared()
    settings = make_settings(tmp_path_factory.mktemp("figures"))
    report = run_ingest(settings, [REPO / "corpus", LEADERBOARDS / "livebench"], embedder=real_embedder,
                        feeds=False)
    assert not report.rejected
    return Engine(settings, embedder=real_embedder, today=lambda: TODAY)


def _norm(value):
    """Numbers as rounded floats, dates and other scalars as strings: the same figure compares equal whether it
    was produced as '46.5', 46.5 or 46.50, as a date or as an ISO string."""
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_norm(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return round(float(value), 4)
    try:
        return round(float(value), 4)
    except (TypeError, ValueError):
        return str(value)


def _model(m: dict | None) -> dict | None:
    if m is None:
        return None
    keys = ("id", "score", "open_weights", "release_date", "rank", "status", "date", "organization")
    return {k: m[k] for k in keys if k in m}


def figures(result) -> dict:
    """The figures of one answer, from its JSON form (the public `ask --json` shape) and its text."""
    d = as_json(result, compose(result))
    return _norm({
        "ok": result.ok,
        "intent": d["intent"],
        "category": d["category"],
        "source": d["source"],
        "benchmark": d["benchmark"],
        "snapshot": d["snapshot"],
        "source_url": d["source_url"],
        "best_open": _model(d["best_open"]),
        "best_closed": _model(d["best_closed"]),
        "gap_points": d["gap_points"],
        "gap_relative_pct": d["gap_relative_pct"],
        "gap_months": d["gap_months"],
        "trend": [{k: p[k] for k in ("snapshot", "gap_points", "best_open", "best_closed", "best_open_model",
                                     "best_closed_model")} for p in d["trend"]],
        "trend_direction": d["trend_direction"],
        "leaders": [_model(m) for m in d["leaders"]],
        "models": [_model(m) for m in d["models"]],
        "citations": [Path(c.document).name for c in result.citations],
        "numbers": sorted(numbers(REFRESHED_AT.sub("", d["answer"]))),
    })


def answer(engine, question: str, previous=None):
    return engine.ask(question, previous)[0]


def parse(engine, question: str):
    return engine.ask(question)[1]


def run_query(engine, query: Query):
    return engine.run(query)


def sources(engine):
    return engine.sources()


def all_figures(engine) -> dict:
    out: dict[str, dict] = {}
    for q in QUESTIONS:
        out[f"ask: {q}"] = figures(answer(engine, q))
    for first, then in FOLLOW_UPS:
        out[f"follow-up: {first} -> {then}"] = figures(answer(engine, then, parse(engine, first)))
    for query in QUERIES:
        key = f"query: {query.intent} {query.category} {query.source} {query.models} {query.top}"
        out[key] = figures(run_query(engine, query))
    out["sources"] = figures(sources(engine))
    return out


def test_every_figure_is_unchanged(engine):
    got = all_figures(engine)
    if os.environ.get("GAPBOT_RECORD_FIGURES"):
        EXPECTED.write_text(json.dumps(got, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
        pytest.skip("recorded")
    expected = json.loads(EXPECTED.read_text())
    assert got.keys() == expected.keys()
    for key in expected:
        assert got[key] == expected[key], key


def test_the_questions_cover_every_intent(engine):
    intents = {answer(engine, q).intent for q in QUESTIONS}
    assert intents >= {"gap", "best", "trend", "compare", "model", "catch_up", "explain", "out_of_scope"}
