"""Dates and benchmarks as people put them (issue #13): a month range with its year said once, a vague period
restated more precisely, "so far", a date a change runs "since", dates that bound nothing asked, and benchmark
names made of ordinary words."""

from __future__ import annotations

from datetime import date

import pytest

from gapbot.benchmarks import find_benchmark
from gapbot.categories import find_category
from gapbot.dates import find_date
from gapbot.gloss import gloss
from gapbot.question import ModelMatcher, parse

ASKED_ON = date(2026, 1, 15)


@pytest.mark.parametrize("text, span", [
    # the year said once, at the end, is both months'
    ("what changed in the math gap over feb-apr 2025", "2025-02..2025-04"),
    ("open vs closed from september to november 2024?", "2024-09..2024-11"),
    ("coding gap during aug–oct 2025", "2025-08..2025-10"),
    ("the gap in mar/apr 2025", "2025-03..2025-04"),
    # months that wrap round the new year: the first is the year before's
    ("how did it move over dec-feb 2025", "2024-12..2025-02"),
    ("between november and january 2026 did it close", "2025-11..2026-01"),
    # each month with its own year stays as written
    ("the gap from oct 2024 - mar 2025", "2024-10..2025-03"),
])
def test_a_month_range_whose_year_is_said_once(text: str, span: str) -> None:
    assert str(find_date(text, ASKED_ON)) == span


@pytest.mark.parametrize("text, span", [
    ("top open model for math in early 2025, more precisely march?", "2025-03"),
    ("how far behind were they around mid 2025 — specifically august", "2025-08"),
    ("gap on reasoning in late 2024 (namely november)", "2024-11"),
    ("how big was it in 2025 on livebench, say q3", "2025-07..2025-09"),
    ("the gap in summer 2025, i.e. july 2025", "2025-07"),
    ("has it closed since early 2025, so february?", ">=2025-02"),
    # another year is no restatement of the period: the period stands
    ("gap in 2024, like the one in march 2025", "2024-01..2024-12"),
    ("the coding gap in 2025 like may i ask", "2025-01..2025-12"),  # "may" here is a verb
])
def test_a_vague_period_restated_more_precisely_is_the_restatement(text: str, span: str) -> None:
    assert str(find_date(text, ASKED_ON)) == span


@pytest.mark.parametrize("text, span", [
    ("how are open models doing in 2025 so far", ">=2025-01"),
    ("best open coder of 2026 to date?", ">=2026-01"),
    ("so far in 2025, is the gap shrinking", ">=2025-01"),
    ("gap since q2 2025 thus far", ">=2025-04"),
    ("how big was the gap in 2025", "2025-01..2025-12"),  # no "so far": the year
])
def test_so_far_and_to_date_run_to_today(text: str, span: str) -> None:
    assert str(find_date(text, ASKED_ON)) == span


@pytest.mark.parametrize("text, span", [
    ("i heard open models peaked around june 2025 and have slipped ever since, true?", ">=2025-06"),
    ("the gap bottomed out in q1 2025 and widened since. right?", ">=2025-01"),
    ("what was the gap in march 2024, and from then on?", ">=2024-03"),
    ("reasoning gap 2024 onwards", ">=2024-01"),
    ("has the coding gap moved since last september", ">=2025-09"),  # a month named relative to today
    ("was the gap wider in 2023 than in 2024?", "2023-01..2024-12"),  # two years compared: both
    ("what was the gap in march 2024", "2024-03"),  # no "since": that month
])
def test_a_date_a_change_runs_since_starts_a_span(text: str, span: str) -> None:
    assert str(find_date(text, ASKED_ON)) == span


@pytest.mark.parametrize("text", [
    # a model's version named by its date
    "has any open model beaten claude 3.5 sonnet, the june 2024 version?",
    "how long until open source matched o1, the december 2024 one",
    # what the asker did, told before the question
    "i was using llama 3 70b through most of 2024. what's the best open model now?",
    "we switched to claude in march 2025. are open models closer now?",
    # the asker's own claim, to be checked against the numbers
    "i think the gap stopped closing in mid 2025. does the data agree?",
    "my guess is open models peaked in q2 2025. is the gap still shrinking?",
    "the doomers have been saying that since 2023. who was right?",
    # a check on the answer, not a bound on it
    "when did open models first catch gpt-4 turbo, and was it after 2024?",
    "first open model to pass o1 on math? did that happen before 2025?",
])
def test_a_date_that_bounds_nothing_asked(text: str) -> None:
    assert find_date(text, ASKED_ON) is None


@pytest.mark.parametrize("text, span", [
    # the same words, where the date is what is asked about
    ("what was the best open model in june 2024?", "2024-06"),
    ("how big was the gap in 2024", "2024-01..2024-12"),
    ("i think i missed it: what was the gap in march 2025?", "2025-03"),
    ("has the gap shrunk since 2024, as people keep saying?", ">=2024-01"),
    ("did open models catch up during 2025?", "2025-01..2025-12"),
])
def test_a_date_asked_about_is_kept(text: str, span: str) -> None:
    assert str(find_date(text, ASKED_ON)) == span


@pytest.mark.parametrize("text", [
    "quick simple question: on lmarena is the gap shrinking",
    "simple as that, how far behind on swe?",  # SWE is a category here, no benchmark named
    "whats the best open model, j'aime bien qwen",
    "i'm a polyglott myself, which model is best at writing",
])
def test_ordinary_words_name_no_benchmark(text: str) -> None:
    found = find_benchmark(text)
    assert found is None, found


@pytest.mark.parametrize("text, name", [
    ("how do open models do on simple qa", "SimpleQA"),
    ("simpleqa: are open models behind", "SimpleQA"),
    ("gap on gpqa diamnod", "GPQA Diamond"),
    ("frontiermaht tier 4 leaders", "FrontierMath Tier 4"),
    ("aime 2025: open vs closed", "AIME"),
])
def test_benchmarks_and_their_typos_still_read(text: str, name: str) -> None:
    assert find_benchmark(text).name == name


@pytest.mark.parametrize("text, category", [
    ("qwen3 oder deepseek, wer ist besser in mathe?", "math"),
    ("welk open model is het beste in wiskunde", "math"),
    ("najlepszy otwarty model do programowanie?", "coding"),
])
def test_domains_said_in_other_languages(text: str, category: str) -> None:
    assert parse(text).category == category


def test_glossing_leaves_english_alone() -> None:
    text = "the math gap, mathematics and matters of maths"
    assert gloss(text) == text


@pytest.mark.parametrize("text, name", [
    ("how do i seal the gap in my window", None),
    ("gemini got the seal of approval from my team, is it the best closed model", None),
    ("how far behind are open models on the seal leaderboard", "SEAL"),
    ("scale's seal math: open vs closed", "SEAL Math"),
    ("seal coding board, who leads", "SEAL Coding"),
    ("on polyglot are open ones close", "Aider Polyglot"),
])
def test_a_name_that_is_an_ordinary_word_in_its_ordinary_sense(text: str, name: str | None) -> None:
    found = find_benchmark(text)
    assert (found.name if found else None) == name


@pytest.mark.parametrize("text, span", [
    ("has the coding gap closed since last wintr", ">=2024-12"),  # a date word a typo away
    ("how did it look in septmber 2025", "2025-09"),
    ("was the math gap bigger last yera", "2025-01..2025-12"),
    ("are open models closer than they were six months ago", ">=2025-07"),
    ("yeah the gap in 2024 was huge", "2024-01..2024-12"),  # "yeah" is no typo of "year"
])
def test_date_words_a_typo_away(text: str, span: str) -> None:
    assert str(find_date(text, ASKED_ON)) == span


@pytest.mark.parametrize("text", [
    "i first tried local models in 2025. how far behind are they overall?",
    "a friend forwarded me a post quoting a march 2025 chart. where does the gap stand today?",
    "the lmarena gap was 5% per some tweet. that was back in 2024 mind you. what is it now?",
    "do you think open models will overtake closed ones in 2026?",
    "are open models going to catch up this year?",
])
def test_a_date_of_the_askers_story_or_a_forecast_bounds_nothing(text: str) -> None:
    assert find_date(text, ASKED_ON) is None


@pytest.mark.parametrize("text, span", [
    # the sentence that asks names the date asked about; the context before it does not
    ("i'm putting together a recap of 2025. what did qwen3 score on livebench when it came out in april 2025?",
     "2025-04"),
    ("has the knowledge gap grown since the spring", ">=2025-03"),  # the latest spring over by the day asked
    # a claim to check that runs from a date: the span to check
    ("a colleague insists the gap hit its low in march 2025 and has widened since. do the numbers agree?",
     ">=2025-03"),
])
def test_the_asking_sentence_and_a_claim_that_runs_since_a_date(text: str, span: str) -> None:
    assert str(find_date(text, ASKED_ON)) == span


@pytest.mark.parametrize("text", [
    "Back in early 2025 we all used deepseek v3. I've switched to qwen since then. Is qwen better at coding?",
    "my manager says open models are where claude was a year ago. is that fair? which open model is best today?",
    "predictions thread: will an open model top the arena in 2026?",
])
def test_the_askers_background_and_predictions_name_no_date(text: str) -> None:
    assert find_date(text, ASKED_ON) is None


@pytest.mark.parametrize("text, category", [
    ("spanish is my native language, but: best open model for coding?", "coding"),
    ("what do the latest analyses conclude about the open/closed lag?", None),  # publications, not the domain
    ("we're still waiting on an open model that beats gpt-5, any close?", None),  # a letter from "writing"
    ("kimi k2 or glm 4.6, which reasons best", "reasoning"),
    ("the new coding-agent releases keep claiming sota. is the open side close on agentic work?", "agentic coding"),
    ("i'm writing about the ai race for a newsletter. how far behind are open models?", None),
    # the sentence that asks names the domain, not the context before it
    ("open models look fine on coding and math. but why are they so far behind on instruction following?",
     "instruction following"),
])
def test_domains_named_and_words_that_only_look_like_them(text: str, category: str | None) -> None:
    assert find_category(text) == category


@pytest.mark.parametrize("before, follow_up, span", [
    ("how big was the coding gap in 2024?", "what about the year prior?", "2023-01..2023-12"),
    ("gap on math in march 2025", "and the month after?", "2025-04"),
    ("how far behind were open models last year", "and the quarter before?", "2024-10..2024-12"),
    ("has the gap shrunk since 2025", "and since the year before?", ">=2024-01"),
    ("how big was the coding gap in 2024?", "and in 2023?", "2023-01..2023-12"),  # its own date wins
])
def test_a_follow_up_moves_the_date_asked_before(before: str, follow_up: str, span: str) -> None:
    q = parse(follow_up, today=ASKED_ON).merged_with(parse(before, today=ASKED_ON))
    assert str(q.when) == span
    assert q.as_of == q.when.last_day()


@pytest.mark.parametrize("text, name", [
    ("epoch published new numbers last week. how far behind are open models on their index?", "ECI"),
    ("what does epoch say about the gap", None),  # Epoch named, no index: the board, no benchmark
    ("on the index of epoch's data hub, who leads", None),
])
def test_epochs_index_by_a_pronoun(text: str, name: str | None) -> None:
    found = find_benchmark(text)
    assert (found.name if found else None) == name


@pytest.mark.parametrize("text, span", [
    # a year in a name bounds nothing
    ("hmmt 2025 results: are open models close to closed ones?", None),
    ("what did the state of ai report 2025 conclude about open weights?", None),
    # a time set against now: from then on
    ("is the coding gap smaller than it was in 2024?", ">=2024-01"),
    ("compared with mid 2025, where is the reasoning gap now", ">=2025-06"),
    ("six months ago vs today, how has the math gap moved", ">=2025-07"),
    # what everyone assumed then is a story, not the date asked
    ("In 2024 most people expected closed labs to run away with it. did they?", None),
    # "a few months back" as a distance, not a time
    ("open models are just a couple of months back on math, why?", None),
    ("a couple of months back, was deepseek ahead on math?", "2025-11"),
    ("what about a year back", "2025-01"),
])
def test_names_comparisons_with_now_and_distances(text: str, span: str | None) -> None:
    got = find_date(text, ASKED_ON)
    assert (str(got) if got else None) == span


@pytest.mark.parametrize("text, today, span", [
    # "since <season>" without "the": since the latest one begun by the day asked
    ("has the math gap narrowed since autumn", date(2026, 1, 15), ">=2025-09"),
    ("any movement on the arena since spring?", date(2026, 1, 15), ">=2025-03"),
    ("open models closing in since summer or nah", date(2025, 8, 1), ">=2025-06"),  # this summer, begun
    ("since winter has anything changed", date(2026, 1, 15), ">=2025-12"),
    # "last quarter" alone is the calendar quarter before this one; "over the last quarter" the rolling 3 months
    ("what was the coding gap last quarter", date(2026, 1, 15), "2025-10..2025-12"),
    ("previous quarter's reasoning gap pls", date(2025, 8, 1), "2025-04..2025-06"),
    ("how did the gap move over the last quarter", date(2026, 1, 15), ">=2025-10"),
    # what the asker's team did then is the story, not the date asked about
    ("we piloted two open models last quarter and they did ok. how far behind are they on math now?",
     date(2026, 1, 15), "None"),
])
def test_a_season_since_and_last_quarter(text: str, today: date, span: str) -> None:
    assert str(find_date(text, today)) == span


@pytest.mark.parametrize("text, span", [
    # a past time set against now or this year: from then on
    ("is the gpa on math smaller then it was in 2024", ">=2024-01"),  # "then" for "than" after a comparative
    ("was open source closer to closed back in summer 2024, or is it closer now?", ">=2024-06"),
    ("so far this year, is the gap wider or narrower than it was across 2025", ">=2025-01"),
    # a period asked about alone stays that period
    ("how did the gap change during 2024", "2024-01..2024-12"),
    ("what was the gap in summer 2024", "2024-06..2024-08"),
    ("back then in 2024 the gap was big", "2024-01..2024-12"),
])
def test_a_past_time_compared_with_now_is_from_then_on(text: str, span: str) -> None:
    assert str(find_date(text, ASKED_ON)) == span


def test_bigger_or_smaller_back_then_after_a_gap_is_its_trend_since() -> None:
    previous = parse("how far is the best open model behind on the arena?", today=ASKED_ON)
    q = parse("was it bigger or smaller in early 2024 tho", today=ASKED_ON).merged_with(previous)
    assert (q.intent, str(q.when), q.source) == ("trend", ">=2024-01", "lmarena")


@pytest.mark.parametrize("text, span", [
    ("has the gap on the arena changed since christmas?", ">=2025-12"),
    ("in the weeks since christmas, how has the gap on maths moved?", ">=2025-12"),
    ("how far behind were the open models on math last christmas", "2025-12"),
    ("was any open model in the arena top 3 around new year 2025", "2025-01"),
    ("how big was the gap on the arena on new year's day 2025", "2025-01"),
    ("is the gap shrinking on livebench since the new year", ">=2026-01"),
    ("around easter last year, which models led the swe-bench verified board?", "2025-04"),
    ("best open model on the arena around christmas 2024?", "2024-12"),
])
def test_a_holiday_asked_about_is_its_month(text: str, span: str) -> None:
    assert str(find_date(text, ASKED_ON)) == span


@pytest.mark.parametrize("text", [
    "my brother-in-law at christmas said claude is magic. is anything open even close?",
    "when will the free ones be as good as the paid ones? my husband says never, i say by christmas.",
    "happy new year nerds, how far behind are open models on coding?",
])
def test_a_holiday_in_a_story_a_greeting_or_a_forecast_is_no_date(text: str) -> None:
    assert find_date(text, ASKED_ON) is None


@pytest.mark.parametrize("text, span", [
    ("how far behind was the best open model on gpqa right when deepseek r1 came out?", "2025-01"),
    ("has the gap on math shrunk since gpt-5 shipped?", ">=2025-08"),
    ("has the gap shrunk sinse deepseek r1 came out?", ">=2025-01"),  # "since" as typed
    # then set against now: from then on; a time alone: that month
    ("is the gap today smaller than when gpt-5 came out?", ">=2025-08"),
    ("how big was the arena gap back when deepseek r1 dropped compared to now", ">=2025-01"),
    ("how big was the gap back when deepseek r1 dropped", "2025-01"),
    ("how far behind was the latest open model right when deepseek r1 came out?", "2025-01"),  # "latest": no "now"
])
def test_a_model_s_release_as_a_moment_is_a_date(text: str, span: str) -> None:
    matcher = ModelMatcher({"DeepSeek R1": "deepseek-r1", "GPT-5": "gpt-5"},
                           released={"deepseek-r1": "2025-01-20", "gpt-5": "2025-08-07"})
    q = parse(text, matcher, ASKED_ON)
    assert (str(q.when), q.models) == (span, [])


@pytest.mark.parametrize("text, span, models", [
    ("is the gap actually shrinking since r1 or are we all coping", ">=2025-01", []),  # the name alone after since
    ("has the gap on reasoning grown since o1?", ">=2024-09", []),
    # a lab named beside its own model told as a moment: the lab is the subject
    ("how has deepseek's standing changed since r1", ">=2025-01", ["org:DeepSeek"]),
    ("how has deepseek's standing on the leaderboards changed since r1 came out?", ">=2025-01", ["org:DeepSeek"]),
])
def test_a_model_alone_after_since_is_a_moment(text: str, span: str, models: list[str]) -> None:
    matcher = ModelMatcher({"DeepSeek R1": "deepseek-r1", "R1": "deepseek-r1", "o1": "o1"}, {"DeepSeek": "DeepSeek"},
                           released={"deepseek-r1": "2025-01-20", "o1": "2024-09-12"}, brands={"deepseek": "DeepSeek"},
                           makers={"deepseek-r1": "DeepSeek"})
    q = parse(text, matcher, ASKED_ON)
    assert (str(q.when), q.models) == (span, models)


def test_a_model_after_since_that_is_not_alone_stays_asked_about() -> None:
    matcher = ModelMatcher({"DeepSeek R1": "deepseek-r1", "R1": "deepseek-r1", "o3": "o3"},
                           released={"deepseek-r1": "2025-01-20", "o3": "2025-04-16"})
    q = parse("has any open model beaten o3 since r1?", matcher, ASKED_ON)  # two names, one dated: left as read
    assert q.models == ["o3", "deepseek-r1"] and q.when is None
    for text in ("is there any open model ranked just before r1?", "what came before r1?"):  # an order, not a time
        q = parse(text, matcher, ASKED_ON)
        assert q.models == ["deepseek-r1"] and q.when is None, text


@pytest.mark.parametrize("text, span", [
    ("is the gap smaller since gemini 3 dropped?", ">=2025-11"),  # its first member, not the newest one read
    ("has the gap moved since the new gemini flash came out", ">=2026-06"),  # no version: the newest, as read
])
def test_a_family_s_release_as_a_moment(text: str, span: str) -> None:
    names = {"Gemini 3 Pro": "gemini-3-pro", "Gemini 3 Flash": "gemini-3-flash", "Gemini 2.5 Flash": "gemini-2.5-flash",
             "Gemini 3.6 Flash": "gemini-3.6-flash"}
    released = {"gemini-3-pro": "2025-11-18", "gemini-3-flash": "2025-12-17", "gemini-2.5-flash": "2025-06-17",
                "gemini-3.6-flash": "2026-06-25"}
    q = parse(text, ModelMatcher(names, released=released), ASKED_ON)
    assert (str(q.when), q.models) == (span, [])


def test_back_when_in_a_story_before_the_question_is_background() -> None:
    matcher = ModelMatcher({"DeepSeek R1": "deepseek-r1"}, {"DeepSeek": "DeepSeek"},
                           released={"deepseek-r1": "2025-01-20"}, brands={"deepseek": "DeepSeek"})
    q = parse("i remember deepseek being huge back when deepseek r1 dropped, we built on it. are they still any good "
              "on the boards", matcher, ASKED_ON)
    assert q.when is None and "deepseek-r1" in q.models


@pytest.mark.parametrize("text, span", [
    ("has the gap on the arena shrunk sinse 2024", ">=2024-01"),  # "since" mistyped: from then on, not that year
    ("did the gap get smaller snce last summer", ">=2025-06"),
])
def test_since_mistyped_still_bounds_from_then_on(text: str, span: str) -> None:
    assert str(parse(text, ModelMatcher({}), ASKED_ON).when) == span


@pytest.mark.parametrize("text, span", [
    ("was the gap bigger in 2024 then now", ">=2024-01"),  # "then" for "than"
    ("the gap was like 250 elo back in 2023, what is it now?", ">=2023-01"),  # the past told, now asked
    ("the gap was huge back in 2023, what's it now?", ">=2023-01"),
    ("the gap in 2024? ok, then now i need sources", "2024-01..2024-12"),  # "then now" that compares nothing
    ("did the math gap shrink since like 2023", ">=2023-01"),
    ("how far behind were they in 2024", "2024-01..2024-12"),  # a past time alone stays that time
])
def test_a_past_time_set_against_now_however_it_is_put(text: str, span: str) -> None:
    assert str(find_date(text, ASKED_ON)) == span


@pytest.mark.parametrize("text, models", [
    # a time only in what is told after the question: when the asker used the model, or when it was in fashion
    ("is the best open model ahead of gpt-4o yet? our help desk piloted gpt-4o last spring", ["gpt-4o"]),
    ("how is mistral doing on the boards? they were everyone's favourite in 2023", ["org:Mistral AI"]),
    ("deepseek r1 vs o1 on math, who won? i remember the headlines from january last year", ["deepseek-r1", "o1"]),
])
def test_a_time_told_after_the_question_is_background(text: str, models: list[str]) -> None:
    matcher = ModelMatcher({"GPT-4o": "gpt-4o", "DeepSeek R1": "deepseek-r1", "o1": "o1"},
                           {"Mistral AI": "Mistral AI"}, brands={"mistral": "Mistral AI"})
    q = parse(text, matcher, ASKED_ON)
    assert (q.when, q.models) == (None, models)


@pytest.mark.parametrize("text, span", [
    # a time still asked for after the question ("i would like the trend since 2024"), or one with nobody telling
    # anything ("… , late 2025"): the time asked about
    ("is the gap smaller than a year now? i would like the trend since 2024 if possible", ">=2024-01"),
    ("has the coding gap moved? we keep arguing about it, so please compare spring 2025 vs now", ">=2025-03"),
    ("best open entry vs best closed entry on swe-bench verified, late 2025", "2025-10..2025-12"),
])
def test_a_time_asked_for_after_the_question_still_counts(text: str, span: str) -> None:
    assert str(parse(text, ModelMatcher({}), ASKED_ON).when) == span


@pytest.mark.parametrize("text", [
    # what the asker's team or company did, told before the question: background
    "Our clinic's team trialed GPT-4.1 for discharge notes last spring and liked it. Has an open model reached "
    "GPT-4.1's level yet?",
    "my company spent a fortune on api credits last year. is deepseek v3.2 as good as gpt-5 now?",
    "Our IT department at the county installed Llama back in 2024. How does the best open model compare today?",
])
def test_what_the_askers_team_did_before_the_question_names_no_date(text: str) -> None:
    assert find_date(text, ASKED_ON) is None
