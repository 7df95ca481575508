"""The ingest summary: one serializer both ways, one set of words for the terminal and the bot."""

from __future__ import annotations

from pathlib import Path

from ingest.pipeline import IngestReport
from ingest.report import format_report, report_dict, report_from_dict, summarize


def report(root: Path) -> IngestReport:
    return IngestReport(files_seen=3, files_added=[f"{root}/corpus/a.csv"], files_unchanged=1,
                        rejected=[(f"{root}/uploads/bad.csv", f"{root}/uploads/bad.csv:1: the file is empty")],
                        row_errors=[f"{root}/uploads/rows.csv:{n}: score 'x' is not a number" for n in (2, 4, 5)],
                        formats={f"{root}/corpus/a.csv": "gapbot-csv"}, records_added=12, generation=4,
                        unknown_models={"mystery-1": [f"{root}/corpus/a.csv"]}, where="embedded Chroma in data")


def test_the_serializer_round_trips(tmp_path):
    r = report(tmp_path)
    assert report_from_dict(report_dict(r)) == r


def test_row_errors_are_in_the_summary_not_only_the_log(tmp_path):
    s = summarize(report(tmp_path), [tmp_path / "uploads", tmp_path / "corpus"])
    assert s.title == "generation 4 (1 file rejected) (3 rows skipped)"
    sections = dict(s.sections)
    assert sections["Rows skipped (3)"] == ("rows.csv:2: score 'x' is not a number",
                                            "rows.csv:4: score 'x' is not a number",
                                            "rows.csv:5: score 'x' is not a number")
    assert sections["Rejected (what they served before stays served)"] == ("bad.csv:1: the file is empty",)
    assert sections["Added"] == ("a.csv  [gapbot-csv]",)
    assert not any(str(tmp_path) in item for _, items in s.sections for item in items)


def test_nothing_changed_has_no_empty_sections(tmp_path):
    s = summarize(IngestReport(files_seen=2, files_unchanged=2, generation=3))
    assert s.title == "nothing changed" and s.sections == ()


def test_terminal_text_is_packed_from_the_same_words(tmp_path):
    text = format_report(report(tmp_path), [tmp_path])
    assert text.startswith("Ingest into embedded Chroma in data: generation 4")
    assert "  Rows skipped (3):\n    uploads/rows.csv:2: score 'x' is not a number" in text
