"""ingest/formats/epoch.py: open-model-trends CSVs and the Epoch Capabilities Index."""

from __future__ import annotations

from pathlib import Path

import pytest

from gapbot.errors import InputFileError
from ingest.formats import epoch

from .factories import context, write

TRENDS = """System,Date,Open/Closed,MMLU,GPQA
GPT-4o,2024-05-13,Closed,0.887,0.536
Llama 3.1 405B,2024-07-23,Open,0.873,
Unknown Thing,2024-03-01,,0.5,0.25
"""
ECI = """Model version,ECI Score,Model accessibility,Organization,Release date
gpt-4o-2024-05-13,128.5,API access,OpenAI,2024-05-13
deepseek-v3,130.2,Open weights (unrestricted),DeepSeek,2024-12-26
secret-model,,Hosted access (no API),Lab,2025-01-01
"""


def test_trends_rows(tmp_path: Path) -> None:
    parsed = epoch.parse(write(tmp_path / "trends.csv", TRENDS), context("e"))
    assert parsed.format == "epoch-trends" and parsed.title == "Epoch AI trends"
    got = {(r.model, r.benchmark): (r.category, r.score, r.open_weights, r.release_date) for r in parsed.rows}
    assert got == {
        ("gpt-4o", "MMLU"): ("knowledge", 88.7, False, "2024-05-13"),
        ("gpt-4o", "GPQA"): ("reasoning", 53.6, False, "2024-05-13"),
        ("llama-3.1-405b", "MMLU"): ("knowledge", 87.3, True, "2024-07-23"),  # blank GPQA: no row
        ("Unknown Thing", "MMLU"): ("knowledge", 50.0, None, "2024-03-01"),
        ("Unknown Thing", "GPQA"): ("reasoning", 25.0, None, "2024-03-01"),
    }
    assert {(r.source, r.snapshot, r.file) for r in parsed.rows} == {("epoch", "2024-07-23", "e")}
    assert all(r.first_seen == r.release_date for r in parsed.rows)
    assert parsed.unknown_models == {"Unknown Thing"}


def test_gpqa_only_file_is_gpqa_diamond(tmp_path: Path) -> None:
    text = "System,GPQA,Date,Open/Closed\nGPT-4o,0.5,2024-05-13,Closed\n"
    parsed = epoch.parse(write(tmp_path / "gpqa.csv", text), context())
    assert [(r.benchmark, r.score) for r in parsed.rows] == [("GPQA Diamond (Epoch)", 50.0)]


def test_eci_rows(tmp_path: Path) -> None:
    parsed = epoch.parse(write(tmp_path / "epoch_capabilities_index.csv", ECI), context())
    assert parsed.format == "epoch-eci"
    got = {r.model: (r.score, r.open_weights, r.organization, r.release_date) for r in parsed.rows}
    assert got == {"gpt-4o": (128.5, False, "OpenAI", "2024-05-13"),
                   "deepseek-v3": (130.2, True, "DeepSeek", "2024-12-26")}  # a blank score is no row
    assert {(r.benchmark, r.category, r.snapshot) for r in parsed.rows} == {
        ("Epoch Capabilities Index", "overall", "2024-12-26")}


@pytest.mark.parametrize("header, kind", [
    (["System", "Date", "Open/Closed"], "epoch-trends"),
    (["Model version", "ECI Score"], "epoch-eci"),
    (["System", "Date"], None),
])
def test_kind_of(header: list[str], kind: str | None) -> None:
    assert epoch.kind_of(header) == kind


def test_rejected_unknown_columns(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", "System,Date\nA,2024-01-01\n")
    with pytest.raises(InputFileError) as exc:
        epoch.parse(path, context())
    assert exc.value.line == 1 and str(exc.value).startswith(f"{path}:1: not an Epoch CSV")


def test_rejected_without_scores(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", "System,Date,Open/Closed,MMLU\nA,2024-01-01,Open,\n")
    with pytest.raises(InputFileError, match="no scores"):
        epoch.parse(path, context())


def test_non_numeric_score_skips_the_row(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", TRENDS + "B,2024-01-01,Open,high,\n")
    parsed = epoch.parse(path, context())
    assert len(parsed.rows) == 5
    assert [e.startswith(f"{path}:5: ") and "MMLU" in e for e in parsed.row_errors] == [True]
