"""ingest/formats/swebench.py on a small inline leaderboards.json: every board, open/closed from the registry (never
the file's unreliable os_model), tag lists written as a Python repr, several models in one system."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gapbot.errors import InputFileError
from ingest.formats import detect, swebench

from .factories import context, write


def entry(name, resolved, date, models, os_model=None, folder=None):
    e = {"name": name, "resolved": resolved, "date": date, "folder": folder or name.replace(" ", "_"),
         "tags": [f"Model: {m}" for m in models] + ["Org: Someone"]}
    if os_model is not None:
        e["os_model"] = os_model
    return e


BOARDS = {"leaderboards": [
    {"name": "Verified", "results": [
        entry("Agent + GPT-4o", 40.0, "2025-02-01", ["openai/gpt-4o-2024-05-13"], os_model=True),  # flag wrong
        entry("Agent + DeepSeek V3", 38.5, "2025-03-01", ["deepseek-chat"], os_model=False),  # flag wrong
        entry("Mixed", 45.0, "2025-04-01", ["deepseek-v3", "claude-3-5-sonnet-20240620"]),
        entry("All open", 30.0, "2025-04-02", ["deepseek-v3", "llama-3.1-405b-instruct"]),
        entry("Who knows", 20.0, "2025-04-03", ["mystery-model"], os_model=True),
        entry("Not run", None, "2025-04-04", ["gpt-4o"]),
    ]},
    {"name": "bash-only", "results": [
        {**entry("GPT-4o (2024-05-13)", 33.0, "2025-05-01", []),
         "tags": "['Model: gpt-4o-2024-05-13', 'Org: OpenAI']"},
    ]},
    {"name": "Lite", "results": [entry("Agent + Llama", 25.0, "2025-01-10", ["llama-3.1-405b"])]},
    {"name": "Someday", "results": [entry("x", 1.0, "2025-01-10", ["gpt-4o"])]},
]}


def board_file(tmp_path: Path, data=BOARDS, name="leaderboards_2025-06-01_abc1234.json") -> Path:
    return write(tmp_path / name, json.dumps(data))


def test_detected_by_name_and_content(tmp_path: Path) -> None:
    assert detect(board_file(tmp_path)) == ("swebench", "")


def test_every_board_with_the_registrys_status(tmp_path: Path) -> None:
    parsed = swebench.parse(board_file(tmp_path), context())
    rows = {(r.benchmark, r.display_name): r for r in parsed.rows}
    assert {b for b, _ in rows} == {"SWE-bench Verified", "SWE-bench bash-only", "SWE-bench Lite"}
    assert all(r.snapshot == "2025-06-01" and r.category == "agentic coding" for r in parsed.rows)
    gpt = rows[("SWE-bench Verified", "Agent + GPT-4o")]
    assert (gpt.model, gpt.open_weights, gpt.first_seen, gpt.release_date) == ("gpt-4o", False, "2025-02-01",
                                                                             "2024-05-13")
    assert rows[("SWE-bench Verified", "Agent + DeepSeek V3")].open_weights is True
    mixed, all_open = rows[("SWE-bench Verified", "Mixed")], rows[("SWE-bench Verified", "All open")]
    assert (mixed.model, mixed.open_weights) == ("swebench:Mixed", False)  # one proprietary part: proprietary
    assert (all_open.open_weights, all_open.release_date) == (True, "2024-12-26")  # its newest part's release
    assert rows[("SWE-bench Verified", "Who knows")].open_weights is None  # the file's flag is not trusted
    assert "mystery-model" in parsed.unknown_models
    assert ("SWE-bench Verified", "Not run") not in rows
    assert rows[("SWE-bench bash-only", "GPT-4o (2024-05-13)")].model == "gpt-4o"  # a tag list written as a repr
    assert any("Someday" in n for n in parsed.notes)
    assert any("'deepseek-chat' is marked proprietary here" in n for n in parsed.notes)


def test_snapshot_from_the_newest_entry_when_the_name_has_no_date(tmp_path: Path) -> None:
    parsed = swebench.parse(board_file(tmp_path, name="leaderboards.json"), context())
    assert {r.snapshot for r in parsed.rows} == {"2025-05-01"}


def test_a_file_without_boards_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="expected"):
        swebench.parse(board_file(tmp_path, data={"leaderboards": {"x": 1}}), context())
