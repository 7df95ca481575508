"""ingest/formats/lmarena_history.py on an inline wide CSV: a board per date, 0.0 = not on the board, the online-Elo
part kept apart from the displayed ratings, which continue the 'LMArena Text' boards."""

from __future__ import annotations

from pathlib import Path

from ingest.formats import detect, lmarena_history

from .factories import context, write

HISTORY = (",gpt-4o-2024-05-13,deepseek-v3,mystery\n"
           "20240626,1150.2,0.0,1000\n"
           "20240629,1287.4,0.0,0.0\n"
           "20250227,1285.0,1318.2,0.0\n")


def history(tmp_path: Path) -> Path:
    folder = tmp_path / "lmarena" / "nakasyou_elo_history"
    folder.mkdir(parents=True)
    tables = tmp_path / "lmarena" / "hf_space_leaderboard_tables"
    tables.mkdir()
    write(tables / "leaderboard_table_20250511.csv",
          "key,Model,License,Organization\nmystery,Mystery,Apache 2.0,Acme\n")
    return write(folder / "result.csv", HISTORY)


def test_detected_with_its_license_tables(tmp_path: Path) -> None:
    path = history(tmp_path)
    assert detect(path) == ("lmarena-history", "")
    assert [p.name for p in lmarena_history.dependencies(path)] == ["leaderboard_table_20250511.csv"]


def test_a_board_per_date_in_two_scales(tmp_path: Path) -> None:
    parsed = lmarena_history.parse(history(tmp_path), context())
    got = sorted((r.snapshot, r.benchmark, r.model, r.score, r.open_weights) for r in parsed.rows)
    assert got == [
        ("2024-06-26", "LMArena online Elo", "gpt-4o", 1150.2, False),
        ("2024-06-26", "LMArena online Elo", "mystery", 1000.0, True),  # the License of LMArena's own table
        ("2024-06-29", "LMArena Text", "gpt-4o", 1287.4, False),
        ("2025-02-27", "LMArena Text", "deepseek-v3", 1318.2, True),
        ("2025-02-27", "LMArena Text", "gpt-4o", 1285.0, False),
    ]
    assert all(r.category == "overall" and r.source == "lmarena" for r in parsed.rows)
    assert any("online Elo" in n for n in parsed.notes)
