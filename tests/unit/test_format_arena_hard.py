"""ingest/formats/arena_hard.py: the Arena-Hard-Auto board of LMArena's HF Space (model, score, rating_q025,
rating_q975, CI, avg_tokens, date), on inline samples and on the real file of ../shared when it is there."""

from __future__ import annotations

from pathlib import Path

import pytest

from gapbot.errors import InputFileError
from gapbot.registry import load_registry
from ingest.formats import arena_hard, detect
from ingest.formats.base import Context

from .factories import context, write

REPO = Path(__file__).resolve().parents[2]
REAL = REPO.parent / "shared" / "leaderboards" / "lmarena" / "hf_space_leaderboard_tables" / \
    "arena_hard_auto_leaderboard_v0.1.csv"
NAME = "arena_hard_auto_leaderboard_v0.1.csv"
SAMPLE = """model,score,rating_q025,rating_q975,CI,avg_tokens,date
gpt-4o-2024-05-13,79.21,77.42,80.71,"(1.8, 1.5)",696.0,2024-07-31
llama-3.1-405b-instruct,64.09,62.28,66.25,"(1.8, 2.2)",633.0,2024-07-31
mystery-7b,12.5,11.0,14.0,"(1.5, 1.5)",400.0,2024-07-31
"""


def board(tmp_path: Path, text: str = SAMPLE, name: str = NAME) -> Path:
    folder = tmp_path / "tables"  # no LMArena table beside it unless a test writes one
    folder.mkdir(exist_ok=True)
    return write(folder / name, text)


def test_rows_carry_the_board_its_date_and_interval(tmp_path: Path) -> None:
    parsed = arena_hard.parse(board(tmp_path), context("ah"))
    assert parsed.format == "lmarena-arena-hard" and parsed.title == "Arena-Hard-Auto v0.1"
    got = {r.source_key: (r.model, r.open_weights, r.score, r.score_low, r.score_high) for r in parsed.rows}
    assert got == {
        "gpt-4o-2024-05-13": ("gpt-4o", False, 79.21, 77.42, 80.71),
        "llama-3.1-405b-instruct": ("llama-3.1-405b", True, 64.09, 62.28, 66.25),
        "mystery-7b": ("mystery-7b", None, 12.5, 11.0, 14.0),  # unknown: kept, left out of open-vs-closed
    }
    assert {(r.source, r.benchmark, r.category, r.snapshot, r.file, r.first_seen) for r in parsed.rows} == {
        ("lmarena", "Arena-Hard-Auto", "hard prompts", "2024-07-31", "ah", "")}
    assert parsed.unknown_models == {"mystery-7b"} and parsed.row_errors == []
    assert next(r for r in parsed.rows if r.model == "gpt-4o").release_date == "2024-05-13"  # from the registry


def test_detected_by_its_columns_and_labelled_by_lmarenas_own_table(tmp_path: Path) -> None:
    path = board(tmp_path)
    assert detect(path) == ("lmarena-arena-hard", "")
    table = write(path.parent / "leaderboard_table_20250511.csv",
                  "key,Model,License,Organization\nmystery-7b,Mystery 7B,Apache 2.0,Acme\n"
                  "gpt-4o-2024-05-13,GPT-4o,Apache 2.0,OpenAI\n")
    assert detect(table) == ("lmarena-table", "")  # the tables stay LMArena tables
    assert arena_hard.dependencies(path) == [table]
    parsed = arena_hard.parse(path, context())
    mystery = next(r for r in parsed.rows if r.source_key == "mystery-7b")
    assert (mystery.open_weights, mystery.organization, mystery.display_name) == (True, "Acme", "Mystery 7B")
    assert parsed.unknown_models == set()
    # the registry wins over the table, and says so
    assert next(r for r in parsed.rows if r.model == "gpt-4o").open_weights is False
    assert any("'gpt-4o-2024-05-13' is marked open here" in n for n in parsed.notes)


def test_an_interval_not_around_the_score_is_left_out(tmp_path: Path) -> None:
    text = ("model,score,rating_q025,rating_q975,CI,avg_tokens,date\n"
            "gpt-4o-2024-05-13,79.21,80.0,82.0,x,1,2024-07-31\n"
            "llama-3.1-405b-instruct,64.09,,,x,1,2024-07-31\n")
    parsed = arena_hard.parse(board(tmp_path, text), context())
    assert {(r.model, r.score_low, r.score_high) for r in parsed.rows} == {
        ("gpt-4o", None, None), ("llama-3.1-405b", None, None)}


@pytest.mark.parametrize("line, message", [
    ("bad-model,12.0,11.0\n", "expected 7 cells as in the header, found 3"),
    ('bad-model,high,11.0,13.0,"(1, 1)",400.0,2024-07-31\n', "column 'score': 'high' is not a number"),
    ('bad-model,120,11.0,130.0,"(1, 1)",400.0,2024-07-31\n', "column 'score': 120 is outside 0–100"),
    ('bad-model,12.0,11.0,13.0,"(1, 1)",400.0,last july\n', "column 'date': 'last july' is not a YYYY-MM-DD date"),
    ('bad-model,12.0,11.0,13.0,"(1, 1)",400.0,2099-01-01\n', "date 2099-01-01 is in the future"),
])
def test_a_malformed_line_is_skipped_and_named_with_its_file_and_line(tmp_path: Path, line: str,
                                                                       message: str) -> None:
    path = board(tmp_path, SAMPLE + line)
    parsed = arena_hard.parse(path, context())
    assert len(parsed.rows) == 3 and "bad-model" not in {r.source_key for r in parsed.rows}
    assert len(parsed.row_errors) == 1
    assert parsed.row_errors[0].startswith(f"{path}:5: ") and message in parsed.row_errors[0], parsed.row_errors


def test_rows_of_several_dates_date_the_board_by_the_newest(tmp_path: Path) -> None:
    text = SAMPLE.replace("80.71,\"(1.8, 1.5)\",696.0,2024-07-31", "80.71,\"(1.8, 1.5)\",696.0,2024-06-20")
    parsed = arena_hard.parse(board(tmp_path, text), context())
    assert {r.snapshot for r in parsed.rows} == {"2024-07-31"}
    assert any("rows dated 2024-06-20 to 2024-07-31" in n for n in parsed.notes)


@pytest.mark.parametrize("text, message, line", [
    ("model,score,CI\ngpt-4o-2024-05-13,79.21,x\n", "not an Arena-Hard-Auto leaderboard", 1),
    ("model,score,rating_q025,rating_q975,CI\ngpt-4o-2024-05-13,79.21,77.42,80.71,x\n", "no dated scores found",
     None),
])
def test_a_file_that_is_not_the_board_is_refused(tmp_path: Path, text: str, message: str, line: int | None) -> None:
    with pytest.raises(InputFileError, match=message) as exc:
        arena_hard.parse(board(tmp_path, text), context())
    assert exc.value.line == line and str(exc.value).startswith(str(tmp_path / "tables" / NAME))


def test_only_its_own_columns_are_detected(tmp_path: Path) -> None:
    assert not arena_hard.detect(["model", "score", "rating_q025", "rating_q975"])  # nothing sets it apart
    assert arena_hard.detect(["model", "score", "rating_q025", "rating_q975", "CI", "avg_tokens", "date"])
    assert detect(write(tmp_path / "x.csv", "model,score\nm,1\n"))[0] is None


@pytest.mark.skipif(not REAL.is_file(), reason=f"shared data not found at {REAL}")
def test_the_real_file() -> None:
    registry = load_registry(REPO / "corpus" / "registry.yaml")
    parsed = arena_hard.parse(REAL, Context(registry=registry, file_id="real"))
    assert detect(REAL) == ("lmarena-arena-hard", "")
    assert len(parsed.rows) == 60 and parsed.row_errors == [] and parsed.unknown_models == set()
    assert {(r.source, r.benchmark, r.category, r.snapshot) for r in parsed.rows} == {
        ("lmarena", "Arena-Hard-Auto", "hard prompts", "2024-07-31")}
    assert all(r.score_low <= r.score <= r.score_high for r in parsed.rows)
    best = {flag: max((r for r in parsed.rows if r.open_weights is flag), key=lambda r: r.score)
            for flag in (True, False)}
    assert (best[True].source_key, best[True].score) == ("athene-70b-0725", 76.83)
    assert (best[False].source_key, best[False].score, best[False].score_low, best[False].score_high) == (
        "gpt-4-turbo-2024-04-09", 82.63, 80.75, 84.6)
    # the License of LMArena's own table labels what the registry lacks (yi-large-preview is not in it)
    assert next(r for r in parsed.rows if r.source_key == "yi-large-preview").open_weights is False
    assert {p.name for p in arena_hard.dependencies(REAL)} >= {"leaderboard_table_20250511.csv"}
