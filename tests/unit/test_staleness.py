"""How old an answer's data is: every answer on dated data says it in its footer; past the configured age the
answer says so first (GAPBOT_STALE_AFTER_DAYS, default 90)."""

from __future__ import annotations

from datetime import date

from gapbot.compose import compose
from gapbot.engine import freshness
from gapbot.result import GapFigures, ModelEntry, Refusal, Result
from gapbot.settings import Settings

OPEN = ModelEntry("o", "Open One", "", True, 70.0)
CLOSED = ModelEntry("c", "Closed One", "", False, 75.0)


def gap_result(**extra) -> Result:
    return Result(question="q", intent="gap", kind="gap", category="coding", source="livebench",
                  benchmark="LiveBench", snapshot=date(2026, 1, 8), source_url="https://livebench.ai",
                  gap=GapFigures(OPEN, CLOSED, 5.0, 6.7, None, None, None, 0), **extra)


def test_the_default_limit_is_90_days_and_configurable() -> None:
    assert Settings(_env_file=None).stale_after_days == 90
    assert Settings(_env_file=None, GAPBOT_STALE_AFTER_DAYS="30").stale_after_days == 30


def test_age_counts_from_the_date_the_data_runs_to() -> None:
    r = freshness(gap_result(data_through=date(2026, 6, 30)), date(2026, 7, 10), 90)
    assert (r.data_date, r.age_days, r.stale) == (date(2026, 6, 30), 10, False)
    r = freshness(gap_result(), date(2026, 7, 10), 90)  # no later data: the snapshot date
    assert (r.data_date, r.age_days, r.stale) == (date(2026, 1, 8), 183, True)


def test_fresh_answers_give_the_age_in_the_footer_only() -> None:
    w = compose(freshness(gap_result(data_through=date(2026, 6, 30)), date(2026, 7, 10), 90))
    assert w.warning == "" and w.footer.endswith("newest data 2026-06-30, 10 days old")
    assert not w.markdown.startswith("**⚠")


def test_stale_answers_say_so_first() -> None:
    w = compose(freshness(gap_result(), date(2026, 7, 10), 90))
    assert w.warning == "⚠ Old data: the newest is from 2026-01-08, 183 days ago."
    assert w.markdown.startswith(f"**{w.warning}**\n\n")
    assert "newest data 2026-01-08, 183 days old" in w.footer


def test_answers_without_data_have_no_age() -> None:
    r = Result(question="q", intent="gap", kind="refusal", refusal=Refusal("no_board", category="coding"))
    assert freshness(r, date(2026, 7, 10), 90) == r
    assert "newest data" not in compose(r).footer


def test_questions_about_the_past_give_the_age_without_the_warning() -> None:
    r = freshness(gap_result(), date(2026, 7, 10), 90, about_the_past=True)
    assert (r.age_days, r.stale) == (183, False)
    w = compose(r)
    assert w.warning == "" and "183 days old" in w.footer
