"""Bounds on hostile files (issue #11): no regex backtracks super-linearly on file text, YAML aliases and deep or
huge JSON are refused, rows per file are capped, implausible scores and dates are skipped, and the registry's
known open/closed status wins over a source's flag. Parsers are called directly on small files: no model, no Chroma.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable

import pytest

from gapbot.registry import Registry
from ingest.formats import articles
from ingest.formats.base import Context

LIMIT_S = 1.0


def finishes_within(fn: Callable[[], object], seconds: float = LIMIT_S) -> float:
    """Run fn in a forked child and return its wall time; a child still running after 10× the limit is killed.

    A regex stuck in backtracking never returns to the interpreter (signal.alarm could not interrupt it), so the
    work runs in its own process: a regression fails the test instead of hanging CI.
    """
    child = multiprocessing.get_context("fork").Process(target=fn)
    started = time.perf_counter()
    child.start()
    child.join(seconds * 10)
    elapsed = time.perf_counter() - started
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail(f"still running after {elapsed:.1f} s (limit {seconds} s)")
    assert child.exitcode == 0, f"the child failed (exit code {child.exitcode})"
    assert elapsed < seconds, f"took {elapsed:.2f} s (limit {seconds} s)"
    return elapsed


def ctx(registry: Registry | None = None) -> Context:
    return Context(registry or Registry([]), "f")


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
    ("high", "high"),
])
def test_setting_suffixes_strip_as_before(name, expected):
    from gapbot.registry import strip_settings

    assert strip_settings(name) == expected


def test_markup_cleaning_keeps_its_results():
    assert articles._clean_markup("see [[Open models|the open side]] and [[Gap]]") == "see the open side and Gap"
    assert articles._clean_markup("a [link](https://x.org/a_(b)) <a href='x'>tag</a> <b>bold</b>") == (
        "a link) tag bold")
