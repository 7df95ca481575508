"""ingest/formats/livebench.py on a tiny release: table + categories (+ model info, first-seen dates)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gapbot.errors import InputFileError
from ingest.formats import livebench

from .factories import context, write

CATEGORIES = {"Coding": ["LCB_generation", "coding_completion"], "Mathematics": ["AMPS_Hard", "math_comp"]}
TABLE = """model,LCB_generation,coding_completion,AMPS_Hard,math_comp
gpt-4o-2024-05-13,60,50,70,80
deepseek-chat,40,,90,70
mystery-model,30,20,,
"""


def release(folder: Path, table: str = TABLE, categories: dict | None = None, date: str = "2025_06_01") -> Path:
    write(folder / f"categories_{date}.json", json.dumps(categories or CATEGORIES))
    return write(folder / f"table_{date}.csv", table)


def scores(parsed) -> dict[tuple[str, str], float]:
    return {(r.model, r.category): r.score for r in parsed.rows}


def test_category_means_and_overall(tmp_path: Path) -> None:
    parsed = livebench.parse(release(tmp_path), context("lb"))
    assert parsed.format == "livebench" and parsed.row_errors == []
    assert scores(parsed) == {
        ("gpt-4o", "coding"): 55.0, ("gpt-4o", "math"): 75.0, ("gpt-4o", "overall"): 65.0,
        ("deepseek-v3", "coding"): 40.0,  # the blank cell is skipped, not read as 0
        ("deepseek-v3", "math"): 80.0, ("deepseek-v3", "overall"): 60.0,
        ("mystery-model", "coding"): 25.0,  # no math score: no overall either
    }
    r = next(r for r in parsed.rows if r.model == "gpt-4o")
    assert (r.source, r.benchmark, r.snapshot, r.file) == ("livebench", "LiveBench", "2025-06-01", "lb")
    assert (r.display_name, r.organization, r.open_weights, r.release_date) == ("GPT-4o", "OpenAI", False,
                                                                                  "2024-05-13")
    assert r.source_key == "gpt-4o-2024-05-13"
    assert parsed.unknown_models == {"mystery-model"}
    assert parsed.title == "LiveBench release 2025-06-01"


def test_model_info_and_first_seen(tmp_path: Path) -> None:
    write(tmp_path / "model_info.json", json.dumps({
        "mystery-model": {"displayName": "Mystery 1", "organization": "Acme", "openweight": True,
                          "version": "2025-03-04"}}))
    write(tmp_path / "derived_model_first_seen.csv",
          "table_file,model,first_seen_commit_date\n"
          "table_2025_06_01.csv,mystery-model,2025-03-20\n"
          "table_2025_06_01.csv,mystery-model,2025-03-10\n")
    table = release(tmp_path)
    assert {p.name for p in livebench.dependencies(table)} == {"categories_2025_06_01.json", "model_info.json",
                                                               "derived_model_first_seen.csv"}
    parsed = livebench.parse(table, context())
    r = next(r for r in parsed.rows if r.model == "mystery-model")
    assert (r.display_name, r.organization, r.open_weights) == ("Mystery 1", "Acme", True)
    assert r.release_date == "2025-03-04" and r.first_seen == "2025-03-10"  # the earliest first-seen date
    assert parsed.unknown_models == set()


def test_bad_rows_are_skipped_with_file_and_line(tmp_path: Path) -> None:
    table = release(tmp_path, TABLE + "bad-model,x,1,1,1\nshort,1,2\ngpt-4o-2024-05-13,1,1,1,1\n,1,1,1,1\n")
    parsed = livebench.parse(table, context())
    assert len(parsed.row_errors) == 4
    errors = sorted(parsed.row_errors)
    assert errors[0].startswith(f"{table}:5: ") and "LCB_generation" in errors[0]
    assert errors[1].startswith(f"{table}:6: ")  # wrong number of cells
    assert errors[2].startswith(f"{table}:7: ") and "duplicate" in errors[2]
    assert errors[3].startswith(f"{table}:8: ")  # empty model name
    # the good rows are all there, and the first gpt-4o row was kept
    assert scores(parsed)[("gpt-4o", "coding")] == 55.0 and len(parsed.rows) == 7


def test_missing_task_columns_are_noted(tmp_path: Path) -> None:
    cats = {**CATEGORIES, "Coding": ["LCB_generation", "coding_completion", "code_extra"]}
    parsed = livebench.parse(release(tmp_path, categories=cats), context())
    assert any("code_extra" in n for n in parsed.notes)
    assert scores(parsed)[("gpt-4o", "coding")] == 55.0


def test_rejected_without_categories_file(tmp_path: Path) -> None:
    table = write(tmp_path / "table_2025_06_01.csv", TABLE)
    with pytest.raises(InputFileError, match="categories_2025_06_01.json") as exc:
        livebench.parse(table, context())
    assert exc.value.path == str(table)


def test_rejected_when_first_column_is_not_model(tmp_path: Path) -> None:
    table = release(tmp_path, TABLE.replace("model,", "name,", 1))
    with pytest.raises(InputFileError) as exc:
        livebench.parse(table, context())
    assert exc.value.line == 1 and str(exc.value).startswith(f"{table}:1: ")


def test_rejected_categories_json_error_names_its_line(tmp_path: Path) -> None:
    table = release(tmp_path)
    write(tmp_path / "categories_2025_06_01.json", '{\n"Coding": [\n')
    with pytest.raises(InputFileError) as exc:
        livebench.parse(table, context())
    assert exc.value.path.endswith("categories_2025_06_01.json") and exc.value.line == 3


def test_rejected_without_usable_rows(tmp_path: Path) -> None:
    table = release(tmp_path, "model,LCB_generation,coding_completion,AMPS_Hard,math_comp\nbad,x,1,1,1\n")
    with pytest.raises(InputFileError, match="no usable rows"):
        livebench.parse(table, context())


def test_name_patterns() -> None:
    assert livebench.is_table(Path("table_2025_06_01.csv"))
    assert not livebench.is_table(Path("table_2025_06_01.json"))
    assert livebench.is_support(Path("categories_2025_06_01.json"))
    assert livebench.is_support(Path("model_info_2025.json"))
    assert not livebench.is_support(Path("notes.json"))
