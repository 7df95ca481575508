"""The evaluation set: questions in varied wording over the real shared data, each checked against figures
computed independently from the raw files (tests/rawdata.py), not copied from the engine's output."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import rawdata as raw

from gapbot.engine import Engine
from ingest.pipeline import run_ingest

from conftest import LEADERBOARDS, REPO, SEEDS, make_settings, need_shared

pytestmark = pytest.mark.slow
LATEST = "2026-01-08"


@pytest.fixture(scope="module")
def engine(tmp_path_factory, real_embedder):
    need_shared()
    data = tmp_path_factory.mktemp("eval-index")
    settings = make_settings(data)
    paths = [LEADERBOARDS / "livebench", LEADERBOARDS / "aider", LEADERBOARDS / "lmarena", SEEDS]
    report = run_ingest(settings, paths, embedder=real_embedder, feeds=False)
    assert not report.rejected
    return Engine(settings, embedder=real_embedder)


def lb_name(key: str) -> str:
    return raw.model_info().get(key, {}).get("displayName", key)


# -- gap questions: best open vs best proprietary on the newest LiveBench release --------------------------------
GAP_QUESTIONS = [
    ("how far behind is the best open model on coding?", "coding"),
    ("What's the open vs closed gap in math?", "math"),
    ("open weights vs proprietary: reasoning gap", "reasoning"),
    ("How big is the gap overall?", "overall"),
    ("how far behind are open models in data analysis", "data analysis"),
    ("gap between open and closed models for language tasks", "language"),
    ("how far are open models behind on instruction following?", "instruction following"),
    ("how far behind are open models at agentic coding?", "agentic coding"),
    ("are open models behind on programming?", "coding"),
    ("How far do open-source LLMs lag in maths?", "math"),
    ("is there still a gap on logic puzzles between open and closed models?", "reasoning"),
]


@pytest.mark.parametrize("question, category", GAP_QUESTIONS)
def test_gap(engine, question, category):
    ans = engine.answer(question)
    (okey, oscore), (ckey, cscore), points = raw.livebench_gap(LATEST, category)
    assert ans.intent == "gap" and ans.category == category
    assert ans.benchmark == "LiveBench" and ans.snapshot == LATEST
    assert ans.best_open.score == pytest.approx(oscore, abs=1e-3)
    assert ans.best_closed.score == pytest.approx(cscore, abs=1e-3)
    assert ans.best_open.model == raw.canonical(okey) and ans.best_closed.model == raw.canonical(ckey)
    assert ans.gap_points == pytest.approx(points, abs=0.011)
    assert f"{points:.2f}".rstrip("0").rstrip(".") in ans.markdown
    assert "snapshot 2026-01-08" in ans.markdown and "livebench.ai" in ans.markdown
    assert "downloadable weights" in ans.markdown


def test_coding_mentions_agentic_coding(engine):
    ans = engine.answer("how far behind is the best open model on coding?")
    _, _, agentic = raw.livebench_gap(LATEST, "agentic coding")
    from gapbot.compose import gap_phrase

    assert any("Agentic coding" in n and gap_phrase(agentic) in n for n in ans.notes)


def test_gap_months_is_a_number_or_explained(engine):
    ans = engine.answer("how far behind is the best open model on coding?")
    assert ans.gap_months is None or ans.gap_months >= 0
    assert "Time gap" in ans.markdown


def test_gap_on_aider(engine):
    ans = engine.answer("how far behind are open models on Aider?")
    board = raw.aider_polyglot()
    o = max(v for k, v in board.items() if raw.registry_open(k) is True)
    c = max(v for k, v in board.items() if raw.registry_open(k) is False)
    assert ans.source == "aider" and ans.benchmark == "Aider Polyglot" and ans.category == "coding"
    assert ans.best_open.score == pytest.approx(o) and ans.best_closed.score == pytest.approx(c)
    assert ans.gap_points == pytest.approx(round(c - o, 2), abs=0.011)


@pytest.mark.parametrize("question, category, prefix", [
    ("what's the open vs closed gap on LMArena for coding?", "coding", "leaderboard-text-style-control"),
    ("how far behind is the best open model in the chatbot arena?", "full", "leaderboard-text-style-control"),
    ("LMArena math gap between open and proprietary", "math", "leaderboard-text-style-control"),
])
def test_gap_on_lmarena(engine, question, category, prefix):
    ans = engine.answer(question)
    board = raw.collapse(raw.lmarena_board(prefix, category))
    o = max(v for k, v in board.items() if raw.lmarena_open(k) is True)
    c = max(v for k, v in board.items() if raw.lmarena_open(k) is False)
    assert ans.source == "lmarena" and ans.snapshot == "2025-12-17"
    assert ans.best_open.score == pytest.approx(o, abs=0.06) and ans.best_closed.score == pytest.approx(c, abs=0.06)


# -- best ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("question, category, flag, n", [
    ("which open model is best at math?", "math", True, 5),
    ("Which open-weights model is the strongest at coding?", "coding", True, 5),
    ("top 3 proprietary models in reasoning", "reasoning", False, 3),
    ("what are the top 10 open models overall?", "overall", True, 10),
    ("best closed model for data analysis", "data analysis", False, 5),
    ("who leads on language?", "language", None, 5),
])
def test_best(engine, question, category, flag, n):
    ans = engine.answer(question)
    board = raw.collapse(raw.livebench(LATEST)[category])
    pool = [(v, k) for k, v in board.items() if flag is None or raw.livebench_open(raw_key(k)) is flag]
    expected = [round(v, 3) for v, _ in sorted(pool, reverse=True)[:n]]
    assert ans.intent == "best" and ans.category == category
    assert [round(r.score, 3) for r in ans.leaders] == pytest.approx(expected, abs=1e-3)


def raw_key(canonical_id: str) -> str:
    """A LiveBench key for a canonical id (any variant: they share open/closed status)."""
    for k in raw.model_info():
        if raw.canonical(k) == canonical_id:
            return k
    return canonical_id


# -- trend --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("question, category", [
    ("is the gap on coding shrinking?", "coding"),
    ("Is the math gap growing or closing over time?", "math"),
    ("how has the reasoning gap changed?", "reasoning"),
    ("is the overall gap narrowing?", "overall"),
])
def test_trend(engine, question, category):
    ans = engine.answer(question)
    assert ans.intent == "trend" and ans.benchmark == "LiveBench"
    expected = {}
    for date in raw.livebench_dates():
        board = raw.livebench(date).get(category)
        if not board:
            continue
        opens = [v for k, v in board.items() if raw.livebench_open(k) is True]
        closed = [v for k, v in board.items() if raw.livebench_open(k) is False]
        if opens and closed:
            expected[date] = round(max(closed) - max(opens), 2)
    got = {p["snapshot"]: p["gap_points"] for p in ans.trend}
    assert got.keys() == expected.keys()
    for d, v in expected.items():
        assert got[d] == pytest.approx(v, abs=0.011), d
    first, last = expected[min(expected)], expected[max(expected)]
    change = last - first
    want = "flat" if abs(change) < max(1.0, abs(first) * 0.1) else ("shrinking" if change < 0 else "growing")
    assert ans.trend_direction == want


def test_trend_on_aider_is_rebuilt_by_month(engine):
    ans = engine.answer("is the gap shrinking on aider?")
    assert ans.intent == "trend" and ans.source == "aider" and len(ans.trend) >= 3
    assert [p["snapshot"] for p in ans.trend] == sorted(p["snapshot"] for p in ans.trend)


# -- compare / model ----------------------------------------------------------------------------------------------
def test_compare_best_open_and_best_closed_on_math(engine):
    (okey, oscore), (ckey, cscore), _ = raw.livebench_gap(LATEST, "math")
    ans = engine.answer(f"how does {lb_name(okey)} compare to {lb_name(ckey)} on math?")
    assert ans.intent == "compare" and ans.category == "math"
    scores = {m["id"]: m["score"] for m in ans.models}
    assert scores[raw.canonical(okey)] == pytest.approx(oscore, abs=0.01)
    assert scores[raw.canonical(ckey)] == pytest.approx(cscore, abs=0.01)
    assert f"{abs(cscore - oscore):.2f}".rstrip("0").rstrip(".") in ans.headline


@pytest.mark.parametrize("spelling", ["{name}", "{lower}", "{squashed}"])
def test_model_question_forgives_spelling(engine, spelling):
    (okey, oscore), _, _ = raw.livebench_gap(LATEST, "overall")
    name = lb_name(okey)
    text = spelling.format(name=name, lower=name.lower(), squashed=name.lower().replace(" ", ""))
    ans = engine.answer(f"how good is {text}?")
    assert ans.intent == "model"
    assert ans.models[0]["id"] == raw.canonical(okey)
    assert ans.models[0]["score"] == pytest.approx(oscore, abs=0.01)
    assert ans.models[0]["rank"] >= 1


def test_compare_by_organization(engine):
    ans = engine.answer("how does DeepSeek compare to OpenAI on math?")
    assert ans.intent == "compare" and len(ans.models) == 2
    orgs = {m["organization"] for m in ans.models}
    assert orgs == {"DeepSeek", "OpenAI"}


# -- catch-up -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("target", ["GPT-4o", "Claude 3.5 Sonnet", "o1"])
def test_catch_up_is_consistent_with_the_raw_board(engine, target):
    ans = engine.answer(f"when did open models catch up with {target}?")
    assert ans.intent == "catch_up"
    if len(ans.models) == 2:
        t, o = ans.models
        assert o["score"] >= t["score"]
        if ans.source == "livebench":
            board = raw.collapse(raw.livebench(ans.snapshot)[ans.category])
            assert board[t["id"]] == pytest.approx(t["score"], abs=0.01)
            assert board[o["id"]] == pytest.approx(o["score"], abs=0.01)
    else:
        assert "No open model has matched" in ans.headline


# -- explain: retrieval over the seeds ----------------------------------------------------------------------------
@pytest.mark.parametrize("question, expected_file", [
    ("what does the Google engineer memo say about open source eating our lunch?", "003_4f321a7c0f9c0338.txt"),
    ("is data the primary driver of AI capability, distilled from public APIs?", "001_e124c8718747c700.txt"),
    ("why are open models catching up?", None),
    ("what are the barriers that open source models remove for innovation?", "004_b7ed28af8f128177.txt"),
    ("what do experts on the Redpoint podcast think about open source models?", None),
])
def test_explain_cites_the_right_article(engine, question, expected_file):
    ans = engine.answer(question)
    assert ans.intent == "explain"
    assert ans.citations, "no passages"
    files = [c.file for c in ans.citations]
    assert len(set(files)) == len(files) or len(set(files)) >= 3  # diverse, not one article repeated
    if expected_file:
        assert any(f.endswith(expected_file) for f in files), files
    for c in ans.citations:
        assert c.title and c.text
        assert c.title in ans.markdown


# -- out of scope and malformed input ----------------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "what's the weather in Paris?", "", "   ", "🙂🙂🙂", "asdf qwer zxcv", "give me a pancake recipe",
    "x" * 10_000, "@everyone <@123> <@&456> ```rm -rf /```",
])
def test_out_of_scope_and_garbage(engine, question):
    ans = engine.answer(question)
    assert ans.intent == "out_of_scope" and not ans.ok
    assert "how far behind" in ans.markdown  # says what the bot can do
    assert "@everyone" not in ans.markdown and "<@" not in ans.markdown


def test_follow_up_keeps_context(engine):
    first = engine.parse("how far behind is the best open model on coding?")
    follow = engine.answer("and on math?", previous=first)
    assert follow.intent == "gap" and follow.category == "math"
    (_, oscore), _, _ = raw.livebench_gap(LATEST, "math")
    assert follow.best_open.score == pytest.approx(oscore, abs=1e-3)


def test_every_number_in_a_structured_answer_was_computed(engine):
    """The composer states no figure the computation did not produce."""
    from gapbot.llm import numbers

    ans = engine.answer("how far behind is the best open model on math?")
    d = ans.to_dict()
    allowed = set()
    for v in json.dumps(d).replace('"', " ").split():
        allowed |= numbers(v)
    assert numbers(ans.markdown) <= allowed | numbers(ans.question)


# -- the CLI ------------------------------------------------------------------------------------------------------
def test_cli_ask_json_without_torch(engine):
    """`gapbot ask --json` prints the documented keys; a structured question imports neither torch nor
    sentence-transformers (nor chromadb, in embedded mode)."""
    env = {**os.environ, "GAPBOT_DATA_DIR": str(engine.settings.data_dir),
           "GAPBOT_CORPUS_DIR": str(REPO / "corpus")}
    code = ("import sys, json; from gapbot.cli import main; rc = main(['ask', '--json', "
            "'how far behind is the best open model on coding?']); "
            "print(json.dumps({'torch': 'torch' in sys.modules, 'st': 'sentence_transformers' in sys.modules, "
            "'chromadb': 'chromadb' in sys.modules}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120,
                         cwd=engine.settings.data_dir)
    assert out.returncode == 0, out.stderr
    answer_json, modules = out.stdout.rsplit("\n{", 1)[0], json.loads("{" + out.stdout.rsplit("\n{", 1)[1])
    obj = json.loads(answer_json)
    for key in ("question", "intent", "category", "source", "snapshot", "best_open", "best_closed", "gap_points",
                "gap_months", "trend", "answer", "citations"):
        assert key in obj
    assert obj["intent"] == "gap" and obj["category"] == "coding" and obj["snapshot"] == LATEST
    assert set(obj["best_open"]) >= {"model", "score", "organization"}
    assert modules == {"torch": False, "st": False, "chromadb": False}
