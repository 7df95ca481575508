"""Bounds on hostile files (issue #11): no regex backtracks super-linearly on file text, YAML aliases and deep or
huge JSON are refused, rows per file are capped, implausible scores and dates are skipped, and the registry's
known open/closed status wins over a source's flag. Parsers are called directly on small files: no model, no Chroma.
"""

from __future__ import annotations

import json
import multiprocessing
import resource
import time
from collections.abc import Callable
from pathlib import Path

import cloudpickle
import pytest

from gapbot.errors import InputFileError
from gapbot.registry import ModelInfo, Registry
from ingest.formats import aider, articles, epoch, gapbot_csv, livebench, lmarena
from ingest.formats.base import Context

LIMIT_S = 1.0
MEMORY_LIMIT = 1_500_000_000  # address space for a child running hostile input: a blow-up fails, not the machine


def _run_limited(pickled: bytes, conn) -> None:
    """In a clean child: cap the address space, run the pickled callable, send back its wall time."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    fn = cloudpickle.loads(pickled)
    started = time.perf_counter()
    fn()
    conn.send(time.perf_counter() - started)


def finishes_within(fn: Callable[[], object], seconds: float = LIMIT_S) -> float:
    """Run fn in a child process and return its wall time; a child still running after 10× the limit is killed.

    A regex stuck in backtracking never returns to the interpreter (signal.alarm could not interrupt it), so the
    work runs in its own process, with its memory capped: a regression fails the test instead of hanging CI.
    The child comes from a fork server (a clean, single-threaded process): a plain fork of this one would inherit
    locks held by its other threads (a loaded model's, Chroma's) and could block forever on its first malloc.
    An exception in fn (a failed assertion) makes the child exit non-zero.
    """
    receive, send = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(target=_run_limited, args=(cloudpickle.dumps(fn), send))
    child.start()
    send.close()
    deadline = time.monotonic() + START_ALLOWANCE_S + seconds * 10
    while child.is_alive() and not receive.poll(0.05) and time.monotonic() < deadline:
        pass
    elapsed = receive.recv() if receive.poll() else None
    child.join(max(0.0, deadline - time.monotonic()))
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail(f"still running after {seconds * 10:g} s (limit {seconds} s)")
    assert child.exitcode == 0 and elapsed is not None, f"the child failed (exit code {child.exitcode})"
    assert elapsed < seconds, f"took {elapsed:.2f} s (limit {seconds} s)"
    return elapsed


_CONTEXT = multiprocessing.get_context("forkserver")
START_ALLOWANCE_S = 30.0  # the child's imports, on a busy machine: not counted in the limit


def ctx(registry: Registry | None = None, **limits: int) -> Context:
    return Context(registry or Registry([]), "f", **limits)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def refused(fn: Callable[[], object], *words: str) -> InputFileError:
    """fn raises an InputFileError whose message holds every word (file names, line numbers, reasons)."""
    with pytest.raises(InputFileError) as exc:
        fn()
    for word in words:
        assert word in str(exc.value), (word, str(exc.value))
    return exc.value


# --- (a) regexes on file text ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [
    "m" + "-high-1k" * 40 + "-x",  # each "-high-1k" is one setting piece or two: 2**40 ways to fail
    "m" + "-thinking-1k" * 40 + "-x",
    "(" * 200_000 + "m",  # each '(' scanned to the end for a ')'
])
def test_hostile_model_names_resolve_in_linear_time(name):
    finishes_within(lambda: Registry([]).lookup(name))


@pytest.mark.parametrize("text", [
    "[[a" * 400_000,  # wiki link never closed: each '[[' scanned to the end
    "[a](" * 300_000,  # markdown link never closed
    "[[a|" + " " * 1_000_000,  # label whitespace backtracked against the rest
    "<a " * 400_000,  # inline tag never closed
])
def test_hostile_markup_is_cleaned_in_linear_time(text):
    finishes_within(lambda: articles._clean_markup(text))


@pytest.mark.parametrize("text", [
    "---\n" + "\n" * 1_000_000 + "x",  # unclosed front matter: the opening fence took 1..n blank lines
    "---\r\n" + "\r\n" * 500_000,
    "---\n" + "\n---  x" * 200_000,
])
def test_hostile_front_matter_is_matched_in_linear_time(text):
    finishes_within(lambda: articles._FRONT.match(text))


def test_hostile_markdown_file_parses_quickly(tmp_path):
    """The 4.8 MB '[[a' file of the issue, through the whole article parser (markup and chunking)."""
    path = tmp_path / "links.md"
    path.write_text("[[a" * 1_600_000)
    finishes_within(lambda: articles.parse(path, ctx()), seconds=5.0)


@pytest.mark.parametrize(("name", "expected"), [
    ("claude-sonnet-4-5-20250929-thinking-64k", "claude-sonnet-4-5-20250929"),
    ("gpt-5-high-effort", "gpt-5"),
    ("o3-pro-high", "o3-pro"),
    ("model-64k-thinking", "model"),
    ("deepseek-r1-non-reasoning-high-32k", "deepseek-r1"),
    ("gemini-2-5-pro-max-thinking", "gemini-2-5-pro-max"),
    ("qwen3-max-preview", "qwen3-max-preview"),
    ("claude-5-opus-thinking-max-effort", "claude-5-opus"),  # "max effort" is a setting; "-max" alone a model
    ("gpt-5-1-codex-max", "gpt-5-1-codex-max"),
    ("high", "high"),
])
def test_setting_suffixes_strip_as_before(name, expected):
    from gapbot.registry import strip_settings

    assert strip_settings(name) == expected


def test_markup_cleaning_keeps_its_results():
    assert articles._clean_markup("see [[Open models|the open side]] and [[Gap]]") == "see the open side and Gap"
    assert articles._clean_markup("a [link](https://x.org/a_(b)) <a href='x'>tag</a> <b>bold</b>") == (
        "a link) tag bold")


# --- (b) YAML aliases, JSON depth, rows per file, bytes of companion files -------------------------------------

def billion_laughs(levels: int = 9) -> str:
    """A few hundred bytes whose value is 9**levels strings once its aliases are expanded (str() of it: GBs)."""
    lines = ["  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"  l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_aider_yaml_with_aliases_is_refused_with_file_and_line(tmp_path):
    text = "- pass_rate_2: 50\n  date: 2025-01-01\n" + billion_laughs() + f"  model: *l{8}\n"
    path = write(tmp_path / "polyglot_leaderboard.yml", text)
    assert len(text) < 700

    def check() -> None:
        err = refused(lambda: aider.parse(path, ctx()), "polyglot_leaderboard.yml:", "alias")
        assert err.line == 4  # the first alias, in l1

    finishes_within(check)


def test_article_front_matter_with_aliases_is_refused(tmp_path):
    path = write(tmp_path / "post.md", "---\ntitle: x\nbomb:\n" + billion_laughs() + "author: *l8\n---\nText.\n")
    finishes_within(lambda: refused(lambda: articles.parse(path, ctx()), "post.md:5:", "alias"))


def test_registry_and_sources_yaml_with_aliases_are_refused(tmp_path):
    from gapbot.registry import load_registry
    from ingest.feedsources import load as load_feeds

    reg = write(tmp_path / "registry.yaml", "x:\n" + billion_laughs() + "models:\n  - id: a\n    aliases: *l8\n")
    finishes_within(lambda: refused(lambda: load_registry(reg), "registry.yaml:", "alias"))
    feeds = write(tmp_path / "sources.yaml", "x:\n" + billion_laughs() + "feeds: *l8\n")
    finishes_within(lambda: refused(lambda: load_feeds(feeds), "sources.yaml:", "alias"))


def test_yaml_without_aliases_still_loads(tmp_path):
    path = write(tmp_path / "polyglot_leaderboard.yml",
                 "- model: gpt-4o\n  pass_rate_2: 50.5\n  date: 2025-01-01\n  command: aider --model x # a * b\n")
    assert [r.score for r in aider.parse(path, ctx()).rows] == [50.5]


def arena_file(tmp_path: Path, text: str, name: str = "leaderboard-text_20250601.json") -> Path:
    return write(tmp_path / "arena" / name, text)


@pytest.mark.parametrize("depth", [50, 100_000])
def test_deep_json_is_refused_with_file_and_reason(tmp_path, depth):
    path = arena_file(tmp_path, '{"full": {"a": ' + "[" * depth + "]" * depth + "}}")
    finishes_within(lambda: refused(lambda: lmarena.parse_json(path, ctx()), "leaderboard-text_20250601.json",
                                    "nested more than"))


def test_deep_or_odd_companion_json_is_refused_naming_it(tmp_path):
    table = write(tmp_path / "table_2025_06_01.csv", "model,t1\nm,50\n")
    write(tmp_path / "categories_2025_06_01.json", '{"Coding": ' + "[" * 5000 + "]" * 5000 + "}")
    refused(lambda: livebench.parse(table, ctx()), "categories_2025_06_01.json", "nested more than")
    write(tmp_path / "categories_2025_06_01.json", '{"Coding": [' + "1" * 5000 + "]}")  # an int of 5,000 digits
    refused(lambda: livebench.parse(table, ctx()), "categories_2025_06_01.json", "JSON error")


def test_companion_files_obey_the_byte_limit(tmp_path):
    table = write(tmp_path / "table_2025_06_01.csv", "model,t1\nm,50\n")
    write(tmp_path / "categories_2025_06_01.json", '{"Coding": ["t1"]}')
    write(tmp_path / "model_info.json", json.dumps({f"m{i}": {"openweight": True} for i in range(200)}))
    refused(lambda: livebench.parse(table, ctx(max_bytes=1000)), "model_info.json", "over the 1,000-byte limit")


SNAP_HEADER = "source,snapshot_date,benchmark,category,model,open_weights,score,release_date\n"


def snapshot(tmp_path: Path, *rows: str, name: str = "snap.csv") -> Path:
    return write(tmp_path / name, SNAP_HEADER + "".join(r + "\n" for r in rows))


def test_rows_per_file_limit_rejects_the_file_naming_it(tmp_path):
    path = snapshot(tmp_path, *(f"s,2025-01-01,B,coding,m{i},true,{i},"for i in range(11)))
    refused(lambda: gapbot_csv.parse(path, ctx(max_rows=10)), "snap.csv", "11 rows", "10-row limit",
            "GAPBOT_MAX_ROWS_PER_FILE")
    assert len(gapbot_csv.parse(path, ctx(max_rows=11)).rows) == 11


def test_rows_per_file_limit_in_every_format(tmp_path):
    runs = "".join(f"- model: m{i}\n  pass_rate_2: 5\n  date: 2025-01-01\n" for i in range(3))
    refused(lambda: aider.parse(write(tmp_path / "a.yml", runs), ctx(max_rows=2)), "a.yml", "2-row limit")
    board = {"full": {f"m{i}": {"rating": 1000 + i} for i in range(3)}}
    arena = arena_file(tmp_path, json.dumps(board))
    refused(lambda: lmarena.parse_json(arena, ctx(max_rows=2)), "leaderboard-text_20250601.json", "2-row limit")
    table = write(tmp_path / "lb" / "table_2025_06_01.csv", "model,t1,t2\nm1,50,60\nm2,40,30\n")
    write(tmp_path / "lb" / "categories_2025_06_01.json", '{"Coding": ["t1"], "Math": ["t2"]}')
    refused(lambda: livebench.parse(table, ctx(max_rows=5)), "table_2025_06_01.csv", "6 score rows")
    trends = write(tmp_path / "t.csv", "System,Date,Open/Closed,MMLU\n" + "A,2024-01-01,Open,0.5\n" * 3)
    refused(lambda: epoch.parse(trends, ctx(max_rows=2)), "t.csv", "2-row limit")


def test_max_rows_per_file_is_a_setting(monkeypatch):
    from gapbot.settings import load_settings

    assert load_settings().max_rows_per_file == 200_000
    monkeypatch.setenv("GAPBOT_MAX_ROWS_PER_FILE", "500")
    assert load_settings().max_rows_per_file == 500
    assert Context(Registry([]), "f").max_rows == 200_000


# --- (c) one table of formats ----------------------------------------------------------------------------------

def test_discovery_uploads_and_feeds_read_one_format_table():
    from bot import uploads
    from ingest import discover, feeds, formats

    names = {f.name for f in formats.FORMATS}
    assert names == {"livebench", "lmarena-table", "lmarena-json", "lmarena-history", "lmarena-arena-hard",
                     "epoch-runs", "swebench", "article", "gapbot-csv", "epoch", "aider"}
    assert tuple(uploads.ALLOWED_SUFFIXES) == formats.SUFFIXES
    assert set(formats.SUFFIXES) == discover.TEXT_SUFFIXES
    assert feeds.FORMATS == formats.FAMILIES == {"livebench", "lmarena", "swe-bench", "article", "gapbot-csv", "epoch",
                                                 "aider"}


def test_a_new_format_is_one_entry(tmp_path, monkeypatch):
    """Registering a format makes discovery detect it, uploads accept its suffix and parse() read it."""
    from ingest import formats
    from ingest.discover import Item, detect
    from ingest.formats.base import Parsed

    new = formats.Format("swe-bench", "swe-bench", (".jsonl",), lambda p: p.name.startswith("swe"),
                         lambda item, ctx: Parsed(format="swe-bench", title=item.path.read_text()))
    monkeypatch.setattr(formats, "FORMATS", (*formats.FORMATS, new))
    monkeypatch.setattr(formats, "BY_NAME", {**formats.BY_NAME, "swe-bench": new})
    monkeypatch.setattr(formats, "SUFFIXES", (*formats.SUFFIXES, ".jsonl"))
    path = write(tmp_path / "swe.jsonl", "hello")
    assert detect(path) == ("swe-bench", "")
    assert formats.parse(Item(path, "f", "swe-bench"), ctx()).title == "hello"


def test_parse_dispatches_every_format_and_refuses_unknown_ones(tmp_path):
    from ingest import formats
    from ingest.discover import Item, detect

    files = {
        "snap.csv": SNAP_HEADER + "s,2025-01-01,B,coding,m,true,5,\n",
        "trends.csv": "System,Date,Open/Closed,MMLU\nA,2024-01-01,Open,0.5\n",
        "polyglot_leaderboard.yml": "- model: m\n  pass_rate_2: 5\n  date: 2025-01-01\n",
        "post.md": "---\ntitle: T\n---\nSome text.\n",
        "leaderboard-text_20250601.json": json.dumps({"full": {"m": {"rating": 1000}}}),
    }
    for name, text in files.items():
        path = write(tmp_path / name, text)
        fmt, why = detect(path)
        parsed = formats.parse(Item(path, "f", fmt), ctx())
        assert parsed.rows or parsed.passages, name
    refused(lambda: formats.parse(Item(tmp_path / "x.bin", "f", "nope"), ctx()), "x.bin", "no parser")
    # a format's parser may not exceed the row limit either: the table checks what came back
    refused(lambda: formats.parse(Item(tmp_path / "snap.csv", "f", "gapbot-csv"), ctx(max_rows=0)), "snap.csv",
            "limit")


def test_unrecognised_files_say_what_was_expected(tmp_path):
    from ingest.discover import detect

    assert "CSV columns not recognised" in detect(write(tmp_path / "x.csv", "a,b\n1,2\n"))[1]
    assert "YAML content not recognised" in detect(write(tmp_path / "x.yml", "a: 1\n"))[1]
    assert "LMArena" in detect(write(tmp_path / "x.json", "{}"))[1]
    assert "unknown file type" in detect(write(tmp_path / "x.xyz", "hi"))[1]


# --- (d) plausible scores and dates; the registry's known open/closed status wins ----------------------------------

REGISTRY = Registry([
    ModelInfo(id="gpt-5", name="GPT-5", organization="OpenAI", open_weights=False, release_date="2025-08-07"),
    ModelInfo(id="glm-5", name="GLM 5", organization="Z.AI", open_weights=True),
    ModelInfo(id="qwen3-max", name="Qwen3 Max", open_weights=False, override=True),
])


def test_the_2100_snapshot_that_crowned_gpt5_open_is_skipped(tmp_path):
    """The issue's 2-row CSV: GPT-5 marked open, dated 2100-12-31."""
    path = snapshot(tmp_path, "evil,2100-12-31,LiveBench,coding,gpt-5,true,99.9,",
                    "evil,2025-06-01,LiveBench,coding,glm-5,true,10,")
    parsed = gapbot_csv.parse(path, ctx(REGISTRY))
    assert [r.model for r in parsed.rows] == ["glm-5"]
    assert parsed.row_errors == [f"{path}:2: snapshot_date 2100-12-31 is in the future (dates more than 7 days "
                                 "ahead are refused)"]


def test_future_release_date_is_a_row_error(tmp_path):
    path = snapshot(tmp_path, "s,2025-06-01,LiveBench,coding,glm-5,true,10,2099-01-01",
                    "s,2025-06-01,LiveBench,math,glm-5,true,10,2025-01-01")
    parsed = gapbot_csv.parse(path, ctx(REGISTRY))
    assert len(parsed.rows) == 1 and parsed.rows[0].release_date == "2025-01-01"
    assert len(parsed.row_errors) == 1 and ":2: release_date 2099-01-01 is in the future" in parsed.row_errors[0]


def test_a_snapshot_dated_a_few_days_ahead_is_accepted(tmp_path):
    from datetime import UTC, datetime, timedelta

    soon = (datetime.now(UTC).date() + timedelta(days=3)).isoformat()
    assert len(gapbot_csv.parse(snapshot(tmp_path, f"s,{soon},LiveBench,coding,glm-5,,10,"), ctx(REGISTRY)).rows) == 1


@pytest.mark.parametrize("score", ["101", "1e3", "3999", "-1"])
def test_percent_board_refuses_out_of_range_scores(tmp_path, score):
    path = snapshot(tmp_path, f"s,2025-06-01,LiveBench,coding,glm-5,,{score},",
                    "s,2025-06-01,LiveBench,math,glm-5,,50,")
    parsed = gapbot_csv.parse(path, ctx(REGISTRY))
    assert [r.category for r in parsed.rows] == ["math"]
    assert len(parsed.row_errors) == 1 and ":2:" in parsed.row_errors[0] and "outside 0–100" in parsed.row_errors[0]


def test_elo_boards_take_ratings_in_a_sane_range(tmp_path):
    path = snapshot(tmp_path, "s,2025-06-01,LMArena Text,overall,glm-5,,1412.5,",
                    "s,2025-06-01,LMArena Text,coding,glm-5,,99999,")
    parsed = gapbot_csv.parse(path, ctx(REGISTRY))
    assert [r.score for r in parsed.rows] == [1412.5]
    assert "outside 100–3000" in parsed.row_errors[0]


def test_arena_json_skips_an_implausible_rating_and_refuses_a_future_file(tmp_path):
    board = {"full": {"gpt-5": {"rating": 1450}, "glm-5": {"rating": 40000}}}
    parsed = lmarena.parse_json(arena_file(tmp_path, json.dumps(board)), ctx(REGISTRY))
    assert [r.model for r in parsed.rows] == ["gpt-5"] and "full/glm-5" in parsed.row_errors[0]
    future = arena_file(tmp_path, json.dumps(board), "leaderboard-text_21000101.json")
    refused(lambda: lmarena.parse_json(future, ctx(REGISTRY)), "leaderboard-text_21000101.json", "in the future")


def test_aider_run_from_the_future_is_skipped(tmp_path):
    runs = ("- model: gpt-5\n  pass_rate_2: 88\n  date: 2100-01-01\n"
            "- model: glm-5\n  pass_rate_2: 50\n  date: 2025-01-01\n"
            "- model: glm-5\n  pass_rate_2: 500\n  date: 2025-01-02\n")
    parsed = aider.parse(write(tmp_path / "polyglot_leaderboard.yml", runs), ctx(REGISTRY))
    assert [(r.model, r.score) for r in parsed.rows] == [("glm-5", 50.0)]
    assert len(parsed.row_errors) == 2
    assert "entry #1 (gpt-5): date 2100-01-01 is in the future" in parsed.row_errors[0]
    assert "outside 0–100" in parsed.row_errors[1]


def test_epoch_implausible_cell_is_skipped_and_the_line_kept(tmp_path):
    path = write(tmp_path / "t.csv", "System,Date,Open/Closed,MMLU,LMSys Elo\nA,2024-01-01,Open,0.5,0\n"
                                     "B,2099-01-01,Open,0.6,1200\n")
    parsed = epoch.parse(path, ctx())
    assert [(r.model, r.benchmark) for r in parsed.rows] == [("A", "MMLU")]
    assert [e.split(": ", 1)[0] for e in parsed.row_errors] == [f"{path}:2", f"{path}:3"]


def test_registry_status_wins_over_a_source_flag_and_is_noted(tmp_path):
    path = snapshot(tmp_path, "s,2025-06-01,LiveBench,coding,gpt-5,true,90,",
                    "s,2025-06-01,LiveBench,coding,glm-5,false,70,",
                    "s,2025-06-01,LiveBench,coding,qwen3-max,true,80,",  # a known mislabel: `override`, no note
                    "s,2025-06-01,LiveBench,coding,mystery,true,60,")  # unknown to the registry: the source says
    parsed = gapbot_csv.parse(path, ctx(REGISTRY))
    assert {r.model: r.open_weights for r in parsed.rows} == {"gpt-5": False, "glm-5": True, "qwen3-max": False,
                                                              "mystery": True}
    assert len(parsed.notes) == 2
    assert "'gpt-5' is marked open here but proprietary in the registry" in parsed.notes[0]
    assert "'glm-5' is marked proprietary here but open in the registry" in parsed.notes[1]


def test_livebench_and_arena_flags_yield_to_the_registry(tmp_path):
    table = write(tmp_path / "table_2025_06_01.csv", "model,t1\ngpt-5,80\nglm-5,60\n")
    write(tmp_path / "categories_2025_06_01.json", '{"Coding": ["t1"]}')
    write(tmp_path / "model_info.json", json.dumps({"gpt-5": {"openweight": True}, "glm-5": {"openweight": True}}))
    parsed = livebench.parse(table, ctx(REGISTRY))
    assert {r.model: r.open_weights for r in parsed.rows} == {"gpt-5": False, "glm-5": True}
    assert len(parsed.notes) == 1 and "'gpt-5'" in parsed.notes[0]
    arena = arena_file(tmp_path, json.dumps({"full": {"gpt-5": {"rating": 1400}}}))
    write(arena.parent / "scatterplot-data.json", json.dumps([{"model_api_name": "gpt-5", "license": "MIT"}]))
    parsed = lmarena.parse_json(arena, ctx(REGISTRY))
    assert parsed.rows[0].open_weights is False and "'gpt-5' is marked open here" in parsed.notes[0]
