"""ingest/formats/gapbot_csv.py: the project's own snapshot schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from gapbot.errors import InputFileError
from ingest.formats import gapbot_csv

from .factories import context, write

HEADER = "source,source_url,snapshot_date,benchmark,category,model,display_name,organization,open_weights,score," \
         "release_date\n"
GOOD = (
    "# curated by hand\n"
    "cur,https://x.test,2025-06-01,Bench,coding,glm-5,GLM 5,Z.AI,true,79.65,2025-05-01\n"
    "cur,https://x.test,2025-06-01,Bench,Coding,gpt-4o-2024-05-13,,,,70.5,\n"
    "cur,,2025-06-01,Bench,Mathematics,mystery,,,,55,\n"
)


def parse(tmp_path: Path, text: str):
    path = write(tmp_path / "snap.csv", text)
    return path, gapbot_csv.parse(path, context("s"))


def test_rows(tmp_path: Path) -> None:
    _, parsed = parse(tmp_path, HEADER + GOOD)
    assert parsed.format == "gapbot-csv" and parsed.title == "snapshot snap" and parsed.row_errors == []
    got = {r.model: (r.category, r.display_name, r.organization, r.open_weights, r.score, r.release_date)
           for r in parsed.rows}
    assert got == {
        "glm-5": ("coding", "GLM 5", "Z.AI", True, 79.65, "2025-05-01"),
        # case and source labels ("Mathematics") become canonical categories; the registry fills what the row lacks
        "gpt-4o": ("coding", "GPT-4o", "OpenAI", False, 70.5, "2024-05-13"),
        "mystery": ("math", "mystery", "", None, 55.0, ""),
    }
    assert {(r.source, r.benchmark, r.snapshot, r.file) for r in parsed.rows} == {("cur", "Bench", "2025-06-01", "s")}
    assert parsed.unknown_models == {"mystery"}


@pytest.mark.parametrize("line, words", [
    ("cur,,2025-06-01,Bench,coding,a,,,,abc,", ["'score'", "not a number"]),
    ("cur,,2025-06-01,Bench,cooking,a,,,,50,", ["unknown category", "cooking"]),
    ("cur,,2025-06-01,Bench,coding,a,,,,,", ["'score'", "empty"]),
    ("cur,,June 2025,Bench,coding,a,,,,50,", ["snapshot_date"]),
    ("cur,,2025-06-01,Bench,coding,a,,,maybe,50,", ["open_weights", "maybe"]),
    ("cur,,2025-06-01,Bench,coding,glm-5,,,,50,", ["duplicate", "glm-5"]),
    ("cur,,2025-06-01,Bench,coding,a,50", ["expected 11 cells", "found 7"]),
    (",,2025-06-01,Bench,coding,a,,,,50,", ["'source'", "empty"]),
])
def test_bad_row_is_skipped_and_named(tmp_path: Path, line: str, words: list[str]) -> None:
    path, parsed = parse(tmp_path, HEADER + GOOD + line + "\n")
    assert len(parsed.rows) == 3
    [err] = parsed.row_errors
    assert err.startswith(f"{path}:6: ")  # comment lines count: the header is line 1
    assert all(w in err for w in words), err


@pytest.mark.parametrize("value, expected", [("yes", True), ("open", True), ("1", True), ("No", False),
                                             ("proprietary", False), ("0", False), ("", None)])
def test_open_weights_values(tmp_path: Path, value: str, expected: bool | None) -> None:
    _, parsed = parse(tmp_path, HEADER + f"cur,,2025-06-01,Bench,coding,mystery,,,{value},50,\n")
    assert parsed.rows[0].open_weights is expected


def test_task_column(tmp_path: Path) -> None:
    text = ("source,snapshot_date,benchmark,category,model,score,task\n"
            "cur,2025-06-01,Bench,coding,a,50,t1\ncur,2025-06-01,Bench,coding,a,60,t2\n")
    _, parsed = parse(tmp_path, text)
    assert [(r.task, r.score) for r in parsed.rows] == [("t1", 50.0), ("t2", 60.0)]


def test_interval_columns(tmp_path: Path) -> None:
    text = ("source,snapshot_date,benchmark,category,model,score,score_low,score_high\n"
            "cur,2025-06-01,Arena,coding,a,1400,1390.5,1410\ncur,2025-06-01,Arena,coding,b,1300,,\n"
            "cur,2025-06-01,Arena,coding,c,1300,1310,1320\ncur,2025-06-01,Arena,coding,d,1300,1290,\n")
    path, parsed = parse(tmp_path, text)
    assert [(r.model, r.score_low, r.score_high) for r in parsed.rows] == [("a", 1390.5, 1410.0), ("b", None, None)]
    assert [e.split(": ", 1)[0] for e in parsed.row_errors] == [f"{path}:4", f"{path}:5"]
    assert all("around the score" in e for e in parsed.row_errors)


def test_rejected_missing_columns(tmp_path: Path) -> None:
    path = write(tmp_path / "snap.csv", "source,snapshot_date,benchmark,model\ncur,2025-06-01,B,a\n")
    with pytest.raises(InputFileError) as exc:
        gapbot_csv.parse(path, context())
    assert exc.value.line == 1 and "category" in exc.value.reason and "score" in exc.value.reason


def test_rejected_without_usable_rows_names_the_first_problem(tmp_path: Path) -> None:
    path = write(tmp_path / "snap.csv", HEADER + "cur,,2025-06-01,Bench,coding,a,,,,abc,\n")
    with pytest.raises(InputFileError, match=rf"no usable rows; first problem: {path}:2: ") as exc:
        gapbot_csv.parse(path, context())
    assert exc.value.path == str(path)


def test_rejected_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path / "snap.csv", "# only a comment\n\n")
    with pytest.raises(InputFileError, match="empty"):
        gapbot_csv.parse(path, context())


def test_looks_like() -> None:
    assert gapbot_csv.looks_like(HEADER.strip().split(","))
    assert not gapbot_csv.looks_like(["System", "Date", "Open/Closed"])


def test_streamed_rows_are_the_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Streaming hands rows on as tuples of ScoreRow's fields (no object a row): in field order, every field."""
    from gapbot.models import ScoreRow
    from ingest.formats import base

    text = ("source,source_url,snapshot_date,benchmark,category,model,display_name,organization,open_weights,score,"
            "release_date,task,score_low,score_high\n"
            "cur,https://x.test,2025-06-01,Arena,coding,glm-5,GLM 5,Z.AI,true,1400,2025-05-01,t1,1390,1410\n"
            "cur,,2025-06-01,Arena,Mathematics,gpt-4o-2024-05-13,,,,1300,,,,\n"
            "cur,,2025-06-02,Arena,math,mystery,,,false,1200,,t2,,\n")
    path = write(tmp_path / "snap.csv", text)
    whole = gapbot_csv.parse(path, context("s"))
    monkeypatch.setattr(base, "SINK_CHUNK", 2)  # two chunks: one handed on while parsing, one by flush()
    chunks: list[list[tuple]] = []
    streamed = gapbot_csv.parse(path, base.Context(context("s").registry, "s", sink=chunks.append))
    assert len(chunks) == 1 and streamed.total_rows == 3
    streamed.flush()
    assert [len(c) for c in chunks] == [2, 1] and streamed.rows == []
    assert [ScoreRow(*v) for c in chunks for v in c] == whole.rows
    assert {len(v) for c in chunks for v in c} == {17}  # up to the interval: the cost fields are left to default


def test_a_bad_value_repeated_is_refused_at_each_line(tmp_path: Path) -> None:
    """Values are checked once per distinct value; a refused one is not remembered as good."""
    path, parsed = parse(tmp_path, HEADER + "cur,,2025-13-01,Bench,coding,a,,,,50,\n"
                         "cur,,2025-13-01,Bench,coding,b,,,,50,\ncur,,2025-06-01,Bench,cooking,c,,,,50,\n"
                         "cur,,2025-06-01,Bench,cooking,d,,,,50,\ncur,,2025-06-01,Bench,coding,e,,,,50,\n")
    assert [r.model for r in parsed.rows] == ["e"]
    assert [e.split(": ", 1)[0] for e in parsed.row_errors] == [f"{path}:{n}" for n in (2, 3, 4, 5)]
