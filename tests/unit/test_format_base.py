"""ingest/formats/base.py helpers and format detection (ingest/discover.py) on tiny files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gapbot.errors import InputFileError
from ingest.discover import detect
from ingest.formats.base import check_bytes, iso_date, parse_score, read_csv, read_text

from .factories import write


@pytest.mark.parametrize("value, expected", [
    ("2025-01-25", "2025-01-25"), ("20250125", "2025-01-25"), ("2025_01_25", "2025-01-25"),
    ("table_2025_01_25.csv", "2025-01-25"), ("2025-01-25T10:00:00Z", "2025-01-25"),
    (dt.date(2024, 2, 29), "2024-02-29"), (None, ""), ("", ""), ("June 2025", ""), ("2025-13-01", ""),
    ("1890-01-01", ""),
])
def test_iso_date(value: object, expected: str) -> None:
    assert iso_date(value) == expected


@pytest.mark.parametrize("value, expected", [("45.5", 45.5), (" 45 ", 45.0), ("45%", 45.0), ("", None), ("-", None),
                                             ("N/A", None), ("0", 0.0), ("100", 100.0)])
def test_parse_score(value: str, expected: float | None) -> None:
    assert parse_score(value, Path("f.csv"), 3, "score") == expected


@pytest.mark.parametrize("value, message", [("abc", "is not a number"), ("nan", "not a finite number"),
                                            ("inf", "not a finite number")])
def test_parse_score_errors_name_the_cell(value: str, message: str) -> None:
    with pytest.raises(InputFileError, match=message) as exc:
        parse_score(value, Path("f.csv"), 3, "score")
    assert str(exc.value).startswith("f.csv:3: column 'score'")


def test_read_csv_counts_comment_and_blank_lines() -> None:
    text = "# comment\na,b\n\n1,2\n# another\n3,4\n"
    header, rows = read_csv(Path("f.csv"), text)
    assert header == ["a", "b"] and rows == [(4, {"a": "1", "b": "2"}), (6, {"a": "3", "b": "4"})]


def test_read_csv_bad_rows_collected_or_raised() -> None:
    text = "a,b\n1,2\n1,2,3\n4,5\n"
    bad: list[InputFileError] = []
    _, rows = read_csv(Path("f.csv"), text, bad)
    assert [n for n, _ in rows] == [2, 4]
    assert [str(e).split(" (")[0] for e in bad] == ["f.csv:3: expected 2 cells as in the header, found 3"]
    with pytest.raises(InputFileError) as exc:
        read_csv(Path("f.csv"), text)
    assert exc.value.line == 3


def test_read_csv_empty() -> None:
    with pytest.raises(InputFileError, match="empty"):
        read_csv(Path("f.csv"), "# nothing\n\n")


def test_read_text_limits_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes("\ufeffa,b\n".encode())
    assert read_text(path) == "a,b\n"  # a UTF-8 BOM is dropped
    with pytest.raises(InputFileError, match="over the 3-byte limit"):
        read_text(path, max_bytes=3)


@pytest.mark.parametrize("data, message", [(b"PK\x03\x04rest", "a zip archive"), (b"\x89PNG....", "a PNG image"),
                                           (b"a\x00b", "NUL bytes"), ("ab".encode("utf-16"), "UTF-16"),
                                           (b"ok\nok\n\xff\n", "not valid UTF-8")])
def test_check_bytes_rejects(data: bytes, message: str) -> None:
    with pytest.raises(InputFileError, match=message):
        check_bytes(Path("f"), data)


def test_check_bytes_partial_allows_a_cut_character() -> None:
    data = "é".encode()[:1]
    check_bytes(Path("f"), b"abc" + data, partial=True)
    with pytest.raises(InputFileError, match="not valid UTF-8"):
        check_bytes(Path("f"), b"abc" + data)


@pytest.mark.parametrize("name, text, fmt", [
    ("table_2025_06_01.csv", "model,a\n", "livebench"),
    ("leaderboard_table_20240601.csv", "key,Model,License\n", "lmarena-table"),
    ("leaderboard-text_20250601.json", "{}", "lmarena-json"),
    ("snap.csv", "# c\nsource,snapshot_date,benchmark,category,model,score\n", "gapbot-csv"),
    ("trends.csv", "System,Date,Open/Closed\n", "epoch"),
    ("eci.csv", "Model version,ECI Score\n", "epoch"),
    ("polyglot_leaderboard.yml", "- model: a\n  pass_rate_2: 1\n", "aider"),
    ("post.md", "# hi\n", "article"),
    ("page.html", "<p>x</p>", "article"),
    ("categories_2025_06_01.json", "{}", None),
    ("other.csv", "x,y\n", None),
    ("other.yml", "a: 1\n", None),
    ("data.parquet", "x", None),
])
def test_detect(tmp_path: Path, name: str, text: str, fmt: str | None) -> None:
    found, why = detect(write(tmp_path / name, text))
    assert found == fmt
    assert (why == "") == (fmt is not None)
