"""Gap alerts between two generations (gapbot.alerts) and cost beside quality (LiveBench's cost file)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from gapbot import alerts, gap
from gapbot.models import Manifest
from gapbot.phrases import cost_clause, gap_headline
from gapbot.registry import Registry
from gapbot.result import GapFigures
from gapbot.serving import Index
from ingest.formats import livebench
from tests.unit.factories import context, row, write


def index(*rows, generation: int = 1) -> Index:
    return Index.build(Manifest(generation=generation), list(rows), Registry([]))


def board(open_score: float, closed_score: float, snapshot: str = "2025-06-01", category: str = "coding"):
    return [row("open-a", open_score, True, snapshot=snapshot, category=category),
            row("closed-b", closed_score, False, snapshot=snapshot, category=category)]


def test_headlines_take_the_newest_two_sided_board_of_each_category():
    heads = alerts.headlines(index(*board(70, 80, "2025-01-01"), *board(75, 78, "2025-06-01"),
                                   *board(60, 61, "2025-06-01", "math")))
    assert heads[("test", "Test Bench", "coding")].gap == 3 and heads[("test", "Test Bench", "coding")].snapshot \
        == "2025-06-01"
    assert heads[("test", "Test Bench", "math")].gap == 1


def test_headlines_read_the_rows_of_the_boards_they_report_only():
    """Which board is a headline's is chosen from the boards' summaries: after a million-row upload, reading every
    board's rows took ~20 s, and questions waited behind it. At one date the fuller board wins (a release over an
    extract of the same leaderboard)."""
    extract = [replace(r, source="test-extract") for r in board(50, 51, "2025-06-01")]
    idx = index(*board(70, 80, "2025-01-01"), *board(75, 78, "2025-06-01"), row("open-c", 10, True), *extract,
                *board(60, 61, "2025-06-01", "math"))
    read = []
    real = idx.store.board
    idx.store.board = lambda key: read.append(key) or real(key)
    heads = alerts.headlines(idx)
    assert sorted(read) == [("test", "Test Bench", "2025-06-01", "coding"), ("test", "Test Bench", "2025-06-01",
                                                                              "math")]
    assert heads[("test", "Test Bench", "coding")].gap == 3


@pytest.mark.parametrize(("before", "after", "kinds"), [
    ((75, 78), (79, 78), ["open_took_lead"]),
    ((79, 78), (75, 78), ["open_lost_lead"]),
    ((70, 80), (75, 78), ["narrowed"]),  # 10 -> 3: moved by 7 > 2
    ((75, 78), (74, 78), []),  # 3 -> 4: under the threshold
    ((75, 78), (71, 78), ["widened"]),
])
def test_moves_are_lead_changes_or_changes_over_the_threshold(before, after, kinds):
    b = alerts.headlines(index(*board(*before)))
    a = alerts.headlines(index(*board(*after, snapshot="2025-07-01")))
    assert [m.kind for m in alerts.compare(b, a, 2.0)] == kinds


def test_a_board_seen_for_the_first_time_is_no_alert_and_headlines_survive_a_round_trip():
    a = alerts.headlines(index(*board(79, 78)))
    assert alerts.compare({}, a, 2.0) == []
    assert alerts.from_dicts(alerts.to_dicts(a)) == a


def test_rating_boards_need_five_times_the_move():
    assert alerts.threshold_for("LMArena Text", 2.0) == 10.0 and alerts.threshold_for("LiveBench", 2.0) == 2.0


def test_gap_headline_says_the_cost_beside_the_points():
    o, c = board(76, 79.97)
    g = GapFigures.of(gap.quality_gap([replace(o, cost_per_question=0.25), replace(c, cost_per_question=1.0)]))
    assert gap_headline("coding", "LiveBench", g).startswith(
        "Coding on LiveBench: the best open model is 3.97 points behind at 4× lower cost per question")
    assert cost_clause(GapFigures.of(gap.quality_gap([o, c]))) == ""  # no cost published: nothing said


def test_value_order_puts_points_per_dollar_first():
    cheap = replace(row("cheap", 70, True), cost_per_question=0.01)
    dear = replace(row("dear", 80, False), cost_per_question=1.0)
    free = row("unpriced", 90, True)
    assert [r.model for r in gap.leaders([cheap, dear, free], n=3, by="value")] == ["cheap", "dear", "unpriced"]


def test_livebench_cost_is_weighted_by_question_count(tmp_path: Path):
    write(tmp_path / "categories_2026_06_25.json", '{"Coding": ["a", "b"], "Math": ["c"]}')
    write(tmp_path / "table_2026_06_25.csv", "model,a,b,c\nm1,50,100,100\n")
    # $ per task column and questions: coding (2 + 1) / (10 + 40) = 0.06; solved (5 + 40) -> 3 / 45
    write(tmp_path / "cost_2026_06_25.csv", "model,a,b,c,nq_a,nq_b,nq_c\nm1,2,1,5,10,40,50\n")
    rows = {r.category: r for r in livebench.parse(tmp_path / "table_2026_06_25.csv", context()).rows}
    assert rows["coding"].cost_per_question == pytest.approx(0.06)
    assert rows["coding"].cost_per_solved == pytest.approx(3 / 45, abs=1e-6)
    assert rows["overall"].cost_per_question == pytest.approx(8 / 100)


def test_model_links_js_gives_open_weight_flags_and_variants(tmp_path: Path):
    write(tmp_path / "modelLinks.js", """export const modelLinks = {
    "open-one": { url: "https://x", organization: "Org", displayName: "Open One", openweight: true },
    'closed-one': {
        organization: "Lab", displayName: 'Closed "One"', // a comment
        variants: [ { rawName: "closed-one-high", displayName: "Closed One High" }, ],
    },
};
""")
    data = livebench.js_object((tmp_path / "modelLinks.js").read_text(), "modelLinks.js")
    assert data["open-one"]["openweight"] is True and data["closed-one"]["displayName"] == 'Closed "One"'
    info = livebench._model_links(tmp_path / "modelLinks.js", 0.0, 10**6)
    assert info["closed-one-high"]["openweight"] is False and info["closed-one-high"]["organization"] == "Lab"


def test_release_index_reads_the_publishers_list_or_fails_loudly():
    assert livebench.releases_from_index('export const RELEASES = [\n "2025-12-23", "2026-06-25",\n];') == [
        "2025-12-23", "2026-06-25"]
    with pytest.raises(Exception, match="RELEASES"):
        livebench.releases_from_index("export const LATEST = '2026-06-25';")
