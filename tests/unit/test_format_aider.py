"""ingest/formats/aider.py on a tiny cumulative leaderboard."""

from __future__ import annotations

from pathlib import Path

import pytest

from gapbot.errors import InputFileError
from ingest.formats import aider

from .factories import context, write

BOARD = """- dirname: 2024-06-01-run
  model: gpt-4o-2024-05-13
  date: 2024-06-01
  pass_rate_1: 20.0
  pass_rate_2: 45.3
  command: aider --model gpt-4o
- model: DeepSeek V3
  date: 2025-01-02
  pass_rate_2: 48.4
  test_cases: 200
  total_tests: 225
- model: Sonnet new
  date: 2024-10-22
  pass_rate_2: 51.6
  command: aider --model claude-3-5-sonnet-20240620
- model: Some Unknown (high)
  date: 2025-02-01
  pass_rate_2: 30.0
  released: 2025-01-15
- model: undated run
  pass_rate_2: 10.0
- model: no score
  date: 2025-01-05
"""


def test_runs_become_dated_rows(tmp_path: Path) -> None:
    path = write(tmp_path / "polyglot_leaderboard.yml", BOARD)
    parsed = aider.parse(path, context("ai"))
    assert parsed.format == "aider" and parsed.title == "Aider Polyglot leaderboard"
    got = {r.source_key: (r.model, r.score, r.open_weights, r.first_seen, r.release_date) for r in parsed.rows}
    assert got == {
        "gpt-4o-2024-05-13": ("gpt-4o", 45.3, False, "2024-06-01", "2024-05-13"),
        "DeepSeek V3": ("deepseek-v3", 48.4, True, "2025-01-02", "2024-12-26"),
        # not in the registry by name: the API model of the command line is the key
        "Sonnet new": ("claude-3.5-sonnet", 51.6, False, "2024-10-22", "2024-06-20"),
        "Some Unknown (high)": ("Some Unknown (high)", 30.0, None, "2025-02-01", "2025-01-15"),
    }
    assert {r.snapshot for r in parsed.rows} == {"2025-02-01"}  # the newest run date
    assert {(r.source, r.benchmark, r.category, r.file) for r in parsed.rows} == {
        ("aider", "Aider Polyglot", "coding", "ai")}
    assert next(r for r in parsed.rows if r.source_key == "Sonnet new").display_name == "Sonnet new"
    assert parsed.unknown_models == {"Some Unknown (high)"}
    notes = " | ".join(parsed.notes)
    assert "entry #5 (undated run) skipped" in notes and "entry #6 (no score) skipped" in notes
    assert "ran 200 of 225 cases" in notes


def test_refactoring_board_uses_pass_rate_1(tmp_path: Path) -> None:
    path = write(tmp_path / "refactor_leaderboard.yml",
                 "- model: gpt-4o\n  date: 2024-06-01\n  pass_rate_1: 62.9\n")
    parsed = aider.parse(path, context())
    assert [(r.model, r.score, r.benchmark) for r in parsed.rows] == [("gpt-4o", 62.9, "Aider Refactoring")]


def test_unknown_board_name_is_titled(tmp_path: Path) -> None:
    path = write(tmp_path / "my_new_board.yaml", "- model: gpt-4o\n  date: 2024-06-01\n  pass_rate_2: 40\n")
    assert aider.parse(path, context()).rows[0].benchmark == "Aider My New Board"


def test_rejected_yaml_error_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path / "polyglot_leaderboard.yml", "- model: a\n  date: 2024-06-01\n   pass_rate_2: [1\n")
    with pytest.raises(InputFileError) as exc:
        aider.parse(path, context())
    assert exc.value.line is not None and str(exc.value).startswith(f"{path}:{exc.value.line}: YAML error")


@pytest.mark.parametrize("text", ["models:\n  - a\n", "- model: a\n  date: 2024-06-01\n  score: 3\n", "[]\n"])
def test_rejected_not_an_aider_board(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "polyglot_leaderboard.yml", text)
    with pytest.raises(InputFileError, match="not an Aider leaderboard"):
        aider.parse(path, context())


def test_rejected_without_usable_runs(tmp_path: Path) -> None:
    text = "- model: a\n  pass_rate_2: 40\n- model: b\n  date: 2024-01-01\n  pass_rate_2: ''\n"
    path = write(tmp_path / "polyglot_leaderboard.yml", text)
    with pytest.raises(InputFileError, match="no usable runs"):
        aider.parse(path, context())


def test_rejected_entry_not_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path / "polyglot_leaderboard.yml", "- model: a\n  date: 2024-06-01\n  pass_rate_2: 40\n- oops\n")
    with pytest.raises(InputFileError, match="entry #2 is not a mapping"):
        aider.parse(path, context())
