"""ingest/formats/lmarena.py: the HF Space's leaderboard tables and the arena JSON boards."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gapbot.errors import InputFileError
from ingest.formats import lmarena

from .factories import context, write

TABLE = """key,Model,Arena Elo rating,MT-bench (score),License,Organization
gpt-4o-2024-05-13,GPT-4o,1287,9.3,Proprietary,OpenAI
deepseek-v2,DeepSeek V2,1204,-,DeepSeek License,DeepSeek
mystery,Mystery,1100,-,Other,Acme
unrated,Unrated,-,-,Apache 2.0,Someone
"""


@pytest.mark.parametrize("text, expected", [("Proprietary", False), ("propretary", False), ("Apache 2.0", True),
                                            ("Llama 3.1 Community", True), ("Other", None), ("", None),
                                            ("-", None)])
def test_license_open(text: str, expected: bool | None) -> None:
    assert lmarena.license_open(text) is expected


def test_table_rows(tmp_path: Path) -> None:
    path = write(tmp_path / "leaderboard_table_20240601.csv", TABLE)
    parsed = lmarena.parse_table(path, context("t"))
    assert parsed.format == "lmarena-table"
    got = {r.source_key: (r.model, r.display_name, r.organization, r.open_weights, r.score) for r in parsed.rows}
    assert got == {
        "gpt-4o-2024-05-13": ("gpt-4o", "GPT-4o", "OpenAI", False, 1287.0),
        "deepseek-v2": ("deepseek-v2", "DeepSeek V2", "DeepSeek", True, 1204.0),
        "mystery": ("mystery", "Mystery", "Acme", None, 1100.0),
    }
    assert {(r.snapshot, r.benchmark, r.category, r.file) for r in parsed.rows} == {
        ("2024-06-01", "LMArena Elo", "overall", "t")}
    assert parsed.unknown_models == {"mystery"}


def test_table_without_ratings_only_labels(tmp_path: Path) -> None:
    text = "key,Model,License,Organization\ngpt-4o-2024-05-13,GPT-4o,Proprietary,OpenAI\n"
    parsed = lmarena.parse_table(write(tmp_path / "leaderboard_table_20250101.csv", text), context())
    assert parsed.rows == [] and any("License" in n for n in parsed.notes)


def test_table_rejected_without_license_column(tmp_path: Path) -> None:
    path = write(tmp_path / "leaderboard_table_20240601.csv", "key,Model,Arena Elo rating\na,A,1000\n")
    with pytest.raises(InputFileError) as exc:
        lmarena.parse_table(path, context())
    assert exc.value.line == 1


def test_table_bad_cell_count_skips_the_row(tmp_path: Path) -> None:
    path = write(tmp_path / "leaderboard_table_20240601.csv", TABLE + "x,X,1000\n")
    parsed = lmarena.parse_table(path, context())
    assert len(parsed.rows) == 3
    assert [e.startswith(f"{path}:6: ") for e in parsed.row_errors] == [True]


def arena(tmp_path: Path, data: dict, name: str = "leaderboard-text_20250601.json") -> Path:
    folder = tmp_path / "arena"  # its parent holds no hf_space_leaderboard_tables folder
    folder.mkdir(exist_ok=True)
    return write(folder / name, json.dumps(data))


BOARDS = {
    "full": {"gpt-4o-2024-05-13": {"rating": 1285.44}, "deepseek-v3": {"rating": 1300.06},
             "mystery": {"rating": 1100}},
    "coding": {"gpt-4o-2024-05-13": {"rating": 1290.0}, "deepseek-v3": {"rating": 1310.0}},
    "english": {"gpt-4o-2024-05-13": {"rating": 1.0}},
}


def test_json_boards(tmp_path: Path) -> None:
    path = arena(tmp_path, BOARDS)
    parsed = lmarena.parse_json(path, context("j"))
    assert parsed.format == "lmarena-json" and parsed.title == "LMArena Text 2025-06-01"
    got = {(r.model, r.category): (r.score, r.open_weights) for r in parsed.rows}
    assert got == {
        ("gpt-4o", "overall"): (1285.4, False), ("deepseek-v3", "overall"): (1300.1, True),
        ("mystery", "overall"): (1100.0, None),
        ("gpt-4o", "coding"): (1290.0, False), ("deepseek-v3", "coding"): (1310.0, True),
    }
    assert {(r.source, r.benchmark, r.snapshot, r.file) for r in parsed.rows} == {
        ("lmarena", "LMArena Text", "2025-06-01", "j")}
    assert parsed.unknown_models == {"mystery"}
    assert any("english" in n for n in parsed.notes)  # language boards are left out, and said so


def test_json_keeps_the_95_percent_interval(tmp_path: Path) -> None:
    """rating_q025/q975 become score_low/score_high; a missing or inconsistent interval is left out, not guessed."""
    boards = {"full": {"gpt-4o-2024-05-13": {"rating": 1285.44, "rating_q025": 1280.02, "rating_q975": 1290.97},
                       "deepseek-v3": {"rating": 1300.06},
                       "mystery": {"rating": 1100, "rating_q025": 1101, "rating_q975": 1090}}}
    parsed = lmarena.parse_json(arena(tmp_path, boards), context())
    got = {r.model: (r.score_low, r.score_high) for r in parsed.rows}
    assert got == {"gpt-4o": (1280.0, 1291.0), "deepseek-v3": (None, None), "mystery": (None, None)}


def test_json_labels_from_scatterplot_and_table(tmp_path: Path) -> None:
    path = arena(tmp_path, BOARDS, "leaderboard-text-style-control_20250601.json")
    write(path.parent / "scatterplot-data.json", json.dumps(
        [{"model_api_name": "mystery", "license": "Apache 2.0", "organization": "Acme", "name": "Mystery 2"}]))
    tables = tmp_path / "hf_space_leaderboard_tables"
    tables.mkdir()
    write(tables / "leaderboard_table_20240601.csv", TABLE)
    assert {p.name for p in lmarena.dependencies(path)} == {"scatterplot-data.json", "leaderboard_table_20240601.csv"}
    parsed = lmarena.parse_json(path, context())
    mystery = next(r for r in parsed.rows if r.model == "mystery")
    assert (mystery.open_weights, mystery.organization, mystery.display_name) == (True, "Acme", "Mystery 2")
    assert parsed.unknown_models == set()
    assert {r.benchmark for r in parsed.rows} == {"LMArena Text (style control)"}


@pytest.mark.parametrize("data, name, message", [
    ({"coding": {}}, "leaderboard-text_20250601.json", "expected a 'full' category"),
    (BOARDS, "leaderboard-text.json", "no date in the file name"),
    ({"full": {"a": {"rating": "high"}}}, "leaderboard-text_20250601.json", "full/a: rating missing"),
])
def test_json_rejected(tmp_path: Path, data: dict, name: str, message: str) -> None:
    with pytest.raises(InputFileError, match=message):
        lmarena.parse_json(arena(tmp_path, data, name), context())


def test_json_syntax_error_names_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "arena"
    folder.mkdir()
    path = write(folder / "leaderboard-text_20250601.json", '{\n  "full": {\n    "a": {"rating": 1000,}\n')
    with pytest.raises(InputFileError) as exc:
        lmarena.parse_json(path, context())
    assert exc.value.line == 3 and "JSON error" in str(exc.value)


def test_name_patterns() -> None:
    assert lmarena.is_table(Path("leaderboard_table_20240601.csv"))
    assert lmarena.is_json(Path("leaderboard-text-style-control_20250601.json"))
    assert not lmarena.is_json(Path("leaderboard-vision_20250601.json"))
    assert lmarena.is_support(Path("scatterplot-data.json"))
