"""The evaluation set: questions in varied wording over the real shared data, each checked against figures
computed independently from the raw files (tests/rawdata.py), not copied from the engine's output."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
import rawdata as raw

from gapbot.compose import compose
from gapbot.engine import Engine
from ingest.pipeline import run_ingest

from conftest import LEADERBOARDS, REPO, SEEDS, make_settings, need_shared

pytestmark = pytest.mark.slow
LATEST = "2026-01-08"
LATEST_DATE = dt.date(2026, 1, 8)


@pytest.fixture(scope="module")
def engine(tmp_path_factory, real_embedder):
    need_shared()
    data = tmp_path_factory.mktemp("eval-index")
    settings = make_settings(data)
    paths = [LEADERBOARDS / "livebench", LEADERBOARDS / "aider", LEADERBOARDS / "lmarena", LEADERBOARDS / "swe-bench",
             LEADERBOARDS / "epoch", SEEDS]
    report = run_ingest(settings, paths, embedder=real_embedder, feeds=False)
    assert not report.rejected
    return Engine(settings, embedder=real_embedder)


def ask(engine, question: str, previous=None):
    """The result and its words, as every edge gets them."""
    result, _query = engine.ask(question, previous)
    return result, compose(result)


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
    ans, words = ask(engine, question)
    (okey, oscore), (ckey, cscore), points = raw.livebench_gap(LATEST, category)
    assert ans.intent == "gap" and ans.category == category
    assert ans.benchmark == "LiveBench" and ans.snapshot == LATEST_DATE
    assert ans.gap.best_open.score == pytest.approx(oscore, abs=1e-3)
    assert ans.gap.best_closed.score == pytest.approx(cscore, abs=1e-3)
    assert ans.gap.best_open.id == raw.canonical(okey) and ans.gap.best_closed.id == raw.canonical(ckey)
    assert ans.gap.points == pytest.approx(points, abs=0.011)
    assert f"{points:.2f}".rstrip("0").rstrip(".") in words.markdown
    assert "snapshot 2026-01-08" in words.markdown and "livebench.ai" in words.markdown
    assert "downloadable weights" in words.markdown


def test_coding_mentions_agentic_coding(engine):
    ans, words = ask(engine, "how far behind is the best open model on coding?")
    _, _, agentic = raw.livebench_gap(LATEST, "agentic coding")
    from gapbot.phrases import gap_phrase

    assert ans.sibling.category == "agentic coding" and ans.sibling.gap.points == pytest.approx(agentic, abs=0.011)
    assert any("Agentic coding" in n and gap_phrase(agentic) in n for n in words.notes)


def test_gap_months_is_a_number_or_explained(engine):
    ans, words = ask(engine, "how far behind is the best open model on coding?")
    assert ans.gap_months is None or ans.gap_months >= 0
    assert "Time gap" in words.markdown


def test_gap_on_aider(engine):
    ans, _ = ask(engine, "how far behind are open models on Aider?")
    board = raw.aider_polyglot()
    o = max(v for k, v in board.items() if raw.registry_open(k) is True)
    c = max(v for k, v in board.items() if raw.registry_open(k) is False)
    assert ans.source == "aider" and ans.benchmark == "Aider Polyglot" and ans.category == "coding"
    assert ans.gap.best_open.score == pytest.approx(o) and ans.gap.best_closed.score == pytest.approx(c)
    assert ans.gap.points == pytest.approx(round(c - o, 2), abs=0.011)


@pytest.mark.parametrize("question, category, prefix", [
    ("what's the open vs closed gap on LMArena for coding?", "coding", "leaderboard-text-style-control"),
    ("how far behind is the best open model in the chatbot arena?", "full", "leaderboard-text-style-control"),
    ("LMArena math gap between open and proprietary", "math", "leaderboard-text-style-control"),
])
def test_gap_on_lmarena(engine, question, category, prefix):
    ans, _ = ask(engine, question)
    board = raw.collapse(raw.lmarena_board(prefix, category))
    o = max(v for k, v in board.items() if raw.lmarena_open(k) is True)
    c = max(v for k, v in board.items() if raw.lmarena_open(k) is False)
    assert ans.source == "lmarena" and ans.snapshot == dt.date(2025, 12, 17)
    assert ans.gap.best_open.score == pytest.approx(o, abs=0.06)
    assert ans.gap.best_closed.score == pytest.approx(c, abs=0.06)


@pytest.mark.parametrize("category, prefix", [("coding", "leaderboard-text-style-control"),
                                              ("math", "leaderboard-text-style-control"),
                                              ("full", "leaderboard-text-style-control")])
def test_lmarena_gap_in_elo_with_the_tie_its_intervals_give(engine, category, prefix):
    """Elo points, the share of votes implied, and a tie exactly when the raw file's 95 % intervals overlap."""
    question = {"full": "how far behind is the best open model on LMArena?"}.get(
        category, f"what's the gap on LMArena for {category}?")
    ans, words = ask(engine, question)
    intervals = raw.lmarena_intervals(prefix, category)
    best = {flag: max((v for k, v in intervals.items() if raw.lmarena_open(k) is flag), key=lambda x: x[0])
            for flag in (True, False)}
    (o, o_low, o_high), (c, c_low, c_high) = best[True], best[False]
    tie = o_high >= c_low and c_high >= o_low
    assert ans.gap.tie is tie
    text = words.markdown
    assert "Elo points" in text and "head-to-head votes" in text
    share = round(100 / (1 + 10 ** ((c - o) / 400)))
    assert f"about {share} % of head-to-head votes" in text
    assert ("statistical tie" in words.headline) is tie


@pytest.mark.parametrize("question, intent", [("how far behind are open models on arena-hard?", "gap"),
                                              ("best open model on arena hard auto", "best")])
def test_arena_hard_is_answered_from_its_own_board(engine, question, intent):
    """Named, Arena-Hard is answered from the Arena-Hard-Auto board (not LMArena's newer hard-prompts board), in
    percentage points, with its date and the old-data warning."""
    ans, words = ask(engine, question)
    day, board = raw.arena_hard()
    best = {flag: max((v for k, v in board.items() if raw.lmarena_open(k) is flag), key=lambda x: x[0])
            for flag in (True, False)}
    assert (ans.intent, ans.source, ans.benchmark, ans.category) == (intent, "lmarena", "Arena-Hard-Auto",
                                                                    "hard prompts")
    assert ans.snapshot.isoformat() == day and ans.stale and words.warning.startswith(f"⚠ Old data: the newest is "
                                                                                    f"from {day}")
    assert (ans.gap.best_open.score, ans.gap.best_open.score_low, ans.gap.best_open.score_high) == best[True]
    assert (ans.gap.best_closed.score, ans.gap.best_closed.score_low, ans.gap.best_closed.score_high) == best[False]
    assert "not in my data" not in words.markdown and "Elo" not in words.headline
    assert words.sources_line.startswith(f"Source: Arena-Hard-Auto, snapshot {day}")


@pytest.mark.parametrize("question, board", [
    ("how far behind are open models on SWE-bench?", "Verified"),
    ("what's the open vs closed gap on swe-bench verified?", "Verified"),
])
def test_gap_on_swebench(engine, question, board):
    """The newest SWE-bench file (2025-12-10), open/closed from the registry, not the file's os_model flag."""
    ans, words = ask(engine, question)
    best = raw.swebench_best("leaderboards_2025-12-10", board)
    assert ans.source == "swebench" and ans.benchmark == f"SWE-bench {board}"
    assert ans.snapshot == dt.date(2025, 12, 10)
    assert ans.gap.best_open.score == pytest.approx(best[True]) and ans.gap.best_closed.score == pytest.approx(
        best[False])
    assert "SWE-bench" in words.sources_line


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
    ans, _ = ask(engine, question)
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
    ans, _ = ask(engine, question)
    assert ans.intent == "trend" and ans.benchmark == "LiveBench"
    expected = raw.livebench_trend(category)
    got = {p.snapshot.isoformat(): p.gap_points for p in ans.trend.points}
    assert got.keys() == expected.keys()
    for d, v in expected.items():
        assert got[d] == pytest.approx(v, abs=0.011), d
    assert ans.trend.direction == expected_direction(expected)
    for p in ans.trend.points:  # numbers as numbers: the chart and the JSON read them as they are
        assert isinstance(p.best_open.score, float) and p.best_closed.score - p.best_open.score == pytest.approx(
            p.gap_points, abs=0.011)


def expected_direction(gaps: dict[str, float]) -> str:
    """Every point counts: a least-squares line through (years, gap); flat when its change over the span is under
    max(1, 10 % of the mean gap), unclear when the slope is under twice its standard error."""
    import statistics

    xs = [dt.date.fromisoformat(d).toordinal() / 365.25 for d in sorted(gaps)]
    ys = [gaps[d] for d in sorted(gaps)]
    slope, intercept = statistics.linear_regression(xs, ys)
    mx = statistics.fmean(xs)
    residual = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True))
    se = (residual / (len(xs) - 2) / sum((x - mx) ** 2 for x in xs)) ** 0.5
    change = slope * (xs[-1] - xs[0])
    if abs(change) < max(1.0, 0.1 * statistics.fmean(abs(y) for y in ys)):
        return "flat"
    if abs(slope) < 2 * se:
        return "unclear"
    return "shrinking" if change < 0 else "growing"


def test_trend_of_lmarena_ends_at_its_newest_board(engine):
    """Not the longest series (the 2023 Elo tables) but the one with the newest boards."""
    ans, words = ask(engine, "is the gap shrinking on lmarena?")
    newest = raw.lmarena_newest_two_sided("overall")
    assert ans.source == "lmarena" and ans.trend.points[-1].snapshot.isoformat() == newest
    assert "2025-12" in words.headline


def test_lmarena_history_continues_the_text_board(engine):
    """The rating history's displayed ratings (from 2024-06-29) and the arena JSON boards are one series."""
    ans, _ = ask(engine, "how has the gap changed on lmarena since 2024?")
    dates = [p.snapshot.isoformat() for p in ans.trend.points]
    assert ans.benchmark == "LMArena Text" and dates[0] >= "2024-06-29" and dates[0] < "2025-03-01"
    assert dates[-1] == raw.lmarena_newest_two_sided("overall")


def test_epoch_hub_runs_answer_from_the_newest_runs(engine):
    """Epoch's Benchmarking Hub: the gap on one of its boards, each side's best run as in the raw CSV."""
    ans, words = ask(engine, "how far behind are open models on math according to Epoch?")
    assert ans.source == "epoch" and ans.benchmark in raw.EPOCH_HUB_BOARDS
    runs = raw.epoch_runs(ans.benchmark)
    assert ans.gap.best_open.score == pytest.approx(runs[ans.gap.best_open.id])
    assert ans.gap.best_closed.score == pytest.approx(runs[ans.gap.best_closed.id])
    assert max(runs.values()) == pytest.approx(max(ans.gap.best_open.score, ans.gap.best_closed.score)) or \
        ans.gap.n_unknown > 0


def test_trend_of_livebench_math_is_not_called_growing_when_it_swings(engine):
    ans, words = ask(engine, "Is the math gap growing or closing over time?")
    assert ans.trend.direction == "unclear" and "not clearly moving" in words.headline


def test_trend_since_a_date_starts_there(engine):
    ans, _ = ask(engine, "how has the coding gap changed since 2025?")
    assert ans.intent == "trend" and ans.trend.points[0].snapshot >= dt.date(2025, 1, 1)


def test_gap_as_of_a_past_date_answers_from_the_board_of_then(engine):
    ans, words = ask(engine, "how far behind were open models on coding on LiveBench in March 2025?")
    assert ans.intent == "gap" and ans.snapshot <= dt.date(2025, 3, 31)
    assert ans.snapshot.isoformat() == max(d for d in raw.livebench_dates() if d <= "2025-03-31")


def test_trend_on_aider_is_rebuilt_by_month(engine):
    ans, words = ask(engine, "is the gap shrinking on aider?")
    assert ans.intent == "trend" and ans.source == "aider" and len(ans.trend.points) >= 3 and ans.trend.rebuilt
    assert [p.snapshot for p in ans.trend.points] == sorted(p.snapshot for p in ans.trend.points)
    assert any("cumulative board" in n for n in words.notes)


# -- compare / model ----------------------------------------------------------------------------------------------
def test_compare_best_open_and_best_closed_on_math(engine):
    (okey, oscore), (ckey, cscore), _ = raw.livebench_gap(LATEST, "math")
    ans, words = ask(engine, f"how does {lb_name(okey)} compare to {lb_name(ckey)} on math?")
    assert ans.intent == "compare" and ans.category == "math"
    scores = {m.id: m.score for m in ans.models}
    assert scores[raw.canonical(okey)] == pytest.approx(oscore, abs=0.01)
    assert scores[raw.canonical(ckey)] == pytest.approx(cscore, abs=0.01)
    assert f"{abs(cscore - oscore):.2f}".rstrip("0").rstrip(".") in words.headline


@pytest.mark.parametrize("spelling", ["{name}", "{lower}", "{squashed}"])
def test_model_question_forgives_spelling(engine, spelling):
    (okey, oscore), _, _ = raw.livebench_gap(LATEST, "overall")
    name = lb_name(okey)
    text = spelling.format(name=name, lower=name.lower(), squashed=name.lower().replace(" ", ""))
    ans, _ = ask(engine, f"how good is {text}?")
    assert ans.intent == "model"
    assert ans.models[0].id == raw.canonical(okey)
    assert ans.models[0].score == pytest.approx(oscore, abs=0.01)
    assert ans.models[0].rank >= 1


def test_a_model_added_to_a_comparison_is_answered_with_all_three(engine):
    (okey, _), (ckey, _), _ = raw.livebench_gap(LATEST, "math")
    pair = {raw.canonical(okey), raw.canonical(ckey)}
    _, previous = engine.ask(f"compare {lb_name(okey)} and {lb_name(ckey)} on math")
    assert previous.intent == "compare" and set(previous.models) == pair
    board = raw.livebench(LATEST)["math"]
    third = next(k for k in sorted(board, key=board.__getitem__, reverse=True) if raw.canonical(k) not in pair
                 and engine.ask(f"how good is {lb_name(k)}")[1].models == [raw.canonical(k)])
    ans, words = ask(engine, f"add {lb_name(third)} to that", previous)
    assert (ans.intent, ans.category) == ("compare", "math")
    assert {m.id for m in ans.models} == pair | {raw.canonical(third)}
    named = sorted(ans.models, key=lambda m: words.headline.index(m.name))
    assert [m.score for m in named] == sorted((m.score for m in ans.models), reverse=True)


def test_compare_by_organization(engine):
    ans, _ = ask(engine, "how does DeepSeek compare to OpenAI on math?")
    assert ans.intent == "compare" and len(ans.models) == 2
    orgs = {m.organization for m in ans.models}
    assert orgs == {"DeepSeek", "OpenAI"}


# -- catch-up -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("target", ["GPT-4o", "Claude 3.5 Sonnet", "o1"])
def test_catch_up_is_consistent_with_the_raw_board(engine, target):
    ans, words = ask(engine, f"when did open models catch up with {target}?")
    assert ans.intent == "catch_up" and ans.kind == "catch_up"
    t, o = ans.catch_up.target, ans.catch_up.first_open
    if o is not None:
        assert o.score >= t.score
        if ans.source == "livebench":
            board = raw.collapse(raw.livebench(ans.snapshot.isoformat())[ans.category])
            assert board[t.id] == pytest.approx(t.score, abs=0.01)
            assert board[o.id] == pytest.approx(o.score, abs=0.01)
    else:
        assert "No open model has matched" in words.headline


# -- explain: retrieval over the seeds ----------------------------------------------------------------------------
@pytest.mark.parametrize("question, expected_file", [
    ("what does the Google engineer memo say about open source eating our lunch?", "003_4f321a7c0f9c0338.txt"),
    ("is data the primary driver of AI capability, distilled from public APIs?", "001_e124c8718747c700.txt"),
    ("why are open models catching up?", None),
    ("what are the barriers that open source models remove for innovation?", "004_b7ed28af8f128177.txt"),
    ("what do experts on the Redpoint podcast think about open source models?", None),
])
def test_explain_cites_the_right_article(engine, question, expected_file):
    ans, words = ask(engine, question)
    assert ans.intent == "explain"
    assert ans.citations, "no passages"
    files = [c.document for c in ans.citations]
    assert len(set(files)) == len(files) or len(set(files)) >= 3  # diverse, not one article repeated
    if expected_file:
        assert any(f.endswith(expected_file) for f in files), files
    for c in ans.citations:
        assert c.title and c.passage
        assert c.title in words.markdown


# -- out of scope and malformed input ----------------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "what's the weather in Paris?", "", "   ", "🙂🙂🙂", "asdf qwer zxcv", "give me a pancake recipe",
    "x" * 10_000, "@everyone <@123> <@&456> ```rm -rf /```",
])
def test_out_of_scope_and_garbage(engine, question):
    ans, words = ask(engine, question)
    assert ans.intent == "out_of_scope" and not ans.ok and not words.ok
    assert "how far behind" in words.markdown  # says what the bot can do
    assert "@everyone" not in words.markdown and "<@" not in words.markdown


def test_follow_up_keeps_context(engine):
    _, first = engine.ask("how far behind is the best open model on coding?")
    follow, _ = ask(engine, "and on math?", previous=first)
    assert follow.intent == "gap" and follow.category == "math"
    (_, oscore), _, _ = raw.livebench_gap(LATEST, "math")
    assert follow.gap.best_open.score == pytest.approx(oscore, abs=1e-3)


def test_every_number_in_a_structured_answer_was_computed(engine):
    """The composer states no figure the result does not hold."""
    from gapbot.llm import numbers

    for question in ("how far behind is the best open model on math?", "is the gap on coding shrinking?",
                     "when did open models catch up with GPT-4o?", "top 3 proprietary models in reasoning"):
        ans, words = ask(engine, question)
        positions = {str(i) for i in range(1, len(ans.leaders) + 1)}  # the leaders' list is numbered
        assert numbers(words.markdown) <= held_numbers(ans) | numbers(ans.question) | positions, question


def held_numbers(value) -> set[str]:
    """Every number a result holds, as the composer may write it (2 or 1 decimals), dates and names included."""
    from dataclasses import fields, is_dataclass

    from gapbot.llm import numbers
    from gapbot.phrases import num

    if is_dataclass(value):
        return set().union(*(held_numbers(getattr(value, f.name)) for f in fields(value)))
    if isinstance(value, list | tuple):
        return set().union(set(), *(held_numbers(v) for v in value))
    if isinstance(value, bool) or value is None:
        return set()
    if isinstance(value, float):
        return numbers(num(value)) | numbers(num(value, 1)) | numbers(f"{value:g}")
    if hasattr(value, "isoformat"):
        return numbers(value.isoformat())
    return numbers(str(value))


# -- the CLI ------------------------------------------------------------------------------------------------------
def test_cli_ask_json_without_torch(engine):
    """`gapbot ask --json` prints the documented keys; a structured question imports neither torch nor
    sentence-transformers (nor chromadb, in embedded mode)."""
    env = {**os.environ, "GAPBOT_DATA_DIR": str(engine.settings.data_dir),
           "GAPBOT_CORPUS_DIR": str(REPO / "corpus")}
    code = ("import sys, json; from gapbot_cli import main; rc = main(['ask', '--json', "
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
    assert isinstance(obj["gap_points"], float) and isinstance(obj["best_open"]["score"], float)
    assert modules == {"torch": False, "st": False, "chromadb": False}


def test_several_domains_are_each_answered_with_their_own_figures(engine):
    ans, words = ask(engine, "gap on reasoning and math")
    assert ans.category == "reasoning" and [m.category for m in ans.more] == ["math"]
    (_, oscore), (_, cscore), _ = raw.livebench_gap(LATEST, "math")
    assert ans.more[0].gap.best_open.score == pytest.approx(oscore, abs=1e-3)
    assert ans.more[0].gap.best_closed.score == pytest.approx(cscore, abs=1e-3)
    assert "Reasoning + Math" in words.reading and dict(words.fields)["Math"].startswith("Math on LiveBench")
    # set against each other: both answered, and ranked by the raw data's own gaps
    ans, words = ask(engine, "is the gap bigger on reasoning than on math?")
    assert ans.category == "reasoning" and [m.category for m in ans.more] == ["math"]
    gaps = {c: cscore - oscore for c in ("reasoning", "math")
            for (_, oscore), (_, cscore), _ in [raw.livebench_gap(LATEST, c)]}
    first = max(gaps, key=lambda c: gaps[c])
    assert dict(words.fields)["Biggest gap"].startswith(first.capitalize() + " (")


def test_a_reply_naming_only_a_leaderboard_keeps_the_domain_and_the_reading_shows_a_range(engine):
    _, first = engine.ask("how big is the coding gap on livebench")
    follow, words = ask(engine, "and on the arena?", previous=first)
    assert (follow.intent, follow.category, follow.source) == ("gap", "coding", "lmarena")
    ans, words = ask(engine, "how far behind were open models on coding in the second half of 2025")
    assert "2025-07 to 2025-12" in words.reading and dt.date(2025, 7, 1) <= ans.snapshot <= dt.date(2025, 12, 31)
