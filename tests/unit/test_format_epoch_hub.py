"""ingest/formats/epoch_hub.py on inline runs: tasks become boards, scores in percent, the run date as listing
date, open/closed from the capabilities index beside the runs (the registry first)."""

from __future__ import annotations

from pathlib import Path

from ingest.formats import detect, epoch_hub

from .factories import context, write

RUNS = ("\ufeffid,task,model,Best score (across scorers),Scores,started_at,Status\n"
        "a,GPQA diamond,gpt-4o-2024-05-13,0.500,choice:0.5±0.02,17 November 2025 4:28pm,Success\n"
        "b,GPQA diamond,open-thing_high,0.450,choice:0.45±0.02,3 March 2025 9:00am,Success\n"
        "c,GPQA diamond,open-thing_low,0.300,,2 March 2025 9:00am,Success\n"
        "d,MATH level 5,mystery,0.9,,,Success\n"
        "e,Some new task,gpt-4o,0.1,,1 May 2025 1:00pm,Success\n"
        "f,FrontierMath-2025-02-28-Private,gpt-4o,2.0,,1 May 2025 1:00pm,Success\n")
ECI = ("Model version,ECI Score,Release date,Organization,Model accessibility\n"
       "open-thing_high,120,2025-02-20,Open Lab,Open weights (unrestricted)\n")


def files(tmp_path: Path) -> Path:
    write(tmp_path / "epoch_capabilities_index.csv", ECI)
    write(tmp_path / "model_versions.csv", "id,Model,Version release date\nmystery,Mystery,2025-01-05\n")
    return write(tmp_path / "benchmarks_runs_2025-11-21_abc.csv", RUNS)


def test_detected_and_companions(tmp_path: Path) -> None:
    path = files(tmp_path)
    assert detect(path) == ("epoch-runs", "")
    assert detect(tmp_path / "model_versions.csv")[0] is None  # read with the runs
    assert {p.name for p in epoch_hub.dependencies(path)} == {"epoch_capabilities_index.csv", "model_versions.csv"}


def test_runs_become_rows(tmp_path: Path) -> None:
    parsed = epoch_hub.parse(files(tmp_path), context())
    rows = {(r.benchmark, r.source_key): r for r in parsed.rows}
    gpt = rows[("GPQA Diamond", "gpt-4o-2024-05-13")]
    assert (gpt.model, gpt.open_weights, gpt.score, gpt.first_seen, gpt.snapshot, gpt.category) == (
        "gpt-4o", False, 50.0, "2025-11-17", "2025-11-21", "reasoning")
    high = rows[("GPQA Diamond", "open-thing_high")]
    assert (high.open_weights, high.organization, high.release_date, high.first_seen) == (
        True, "Open Lab", "2025-02-20", "2025-03-03")
    low = rows[("GPQA Diamond", "open-thing_low")]
    assert low.open_weights is True  # the setting suffix is the same model: found by its base id
    mystery = rows[("MATH Level 5", "mystery")]
    assert (mystery.open_weights, mystery.release_date, mystery.first_seen) == (None, "2025-01-05", "")
    assert "mystery" in parsed.unknown_models
    assert any("Some new task" in n for n in parsed.notes)
    assert any("Best score" in e for e in parsed.row_errors)  # 2.0 is not a 0-1 score


def test_run_dates() -> None:
    assert epoch_hub.run_date("17 November 2025 4:28pm") == "2025-11-17"
    assert epoch_hub.run_date("2025-01-26") == "2025-01-26"
    assert epoch_hub.run_date("") == ""
