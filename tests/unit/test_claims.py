"""A claim checked against the figures (gapbot/claims.py): read as what the claim is about, never as an article
question because it reports what people say. Where a claim, a cause, a forecast or an analyst is asked about, the
rules tell the intent model (signals `checked`, `causal`, `foretold`, `articles`, `level_then`), which weighs it."""

from __future__ import annotations

import pytest

from gapbot.claims import checked, closer_than_then
from gapbot.intent_model import IntentModel
from gapbot.question import ModelMatcher, parse, read_rules

NAMES = {"GPT-5.1": "gpt-5.1", "GPT-4o": "gpt-4o", "Claude Opus 4.5": "claude-opus-4.5", "o3": "o3",
         "Gemini 3 Pro": "gemini-3-pro", "DeepSeek V3.2": "deepseek-v3.2", "Kimi K2": "kimi-k2",
         "Qwen3 Max": "qwen3-max"}
ORGS = {"DeepSeek": "DeepSeek", "OpenAI": "OpenAI", "Anthropic": "Anthropic", "Alibaba": "Alibaba"}


@pytest.fixture(scope="module")
def matcher() -> ModelMatcher:
    return ModelMatcher(NAMES, ORGS)


@pytest.mark.parametrize("text, intent", [
    # a gap level claimed, checked
    ("my manager keeps telling everyone open weights are 'basically there' now. how far off, in actual figures?",
     "gap"),
    ("a vendor pitched us that self-hosted models are just as capable as the api ones. what does the data show?",
     "gap"),
    ("colleague insists local models are way worse at math. is that what the leaderboards show?", "gap"),
    ("the brochure says open models are about a year behind, is that even what the figures show?", "gap"),
    # the claim given as someone's reason ("…because they're two years behind"): the gap claimed, not a cause
    ("my lead says we can't ship open models because they're 'two years behind'. is that even true?", "gap"),
    ("so can i tell my students open source is roughly as good now, or would that be wrong?", "gap"),
    # a change over time claimed, checked
    ("a podcast said open models were two years behind back in 2023 and are a quarter behind today. true?", "trend"),
    ("the math gap shrank to almost nothing this year, didn't it?", "trend"),
    ("folks claimed the distance would widen once reasoning models landed. did it?", "trend"),
    # two models told of, checked side by side
    ("deepseek v3.2 or kimi k2 for coding, what do the benchmarks say?", "compare"),
    ("honestly gpt-5.1 and claude opus 4.5 feel identical to me for writing. is that reflected in the scores?",
     "compare"),
    # two models said to have matched, checked: compared; how long after one matched the other: a catch-up
    ("the story at the time was that deepseek v3.2 matched gpt-5.1. is that what the numbers actually showed?",
     "compare"),
    ("people say kimi k2 caught up with gpt-5.1. how long after gpt-5.1 did that happen, going by the data?",
     "catch_up"),
    # two labs in the anecdote, open vs closed asked: the gap
    ("ran deepseek and openai side by side on my sql tasks and it felt even. is that what the boards say, open vs "
     "closed on data analysis?", "gap"),
])
def test_a_checked_claim_is_read_as_what_it_is_about(matcher: ModelMatcher, text: str, intent: str) -> None:
    assert parse(text, matcher).intent == intent


@pytest.mark.parametrize("text", [
    "is the open side nearer to the frontier than it was a year ago on math?",
    "on the arena, are open models further from the top than they were in 2024?",
    "has the coding gap gotten smaller than it was 6 months ago",
])
def test_closer_than_at_a_time_is_a_trend(matcher: ModelMatcher, text: str) -> None:
    assert closer_than_then(text)
    assert parse(text, matcher).intent == "trend"


@pytest.mark.parametrize("text", [
    # where a figure comes from, who is right, what will happen, why: the articles'
    "everyone quotes 'open is a few months behind', where does that figure even come from?",
    "one blog says a year behind, another says weeks. who's right, in numbers?",
    "my friend says closed labs are gonna stay way ahead forever. is that true?",
    "is it true open models need far more tokens to match the closed ones?",
    "people say open models only caught up by distilling gpt outputs. true?",
    "why do the numbers say open models are closer on math than on coding?",
])
def test_an_article_question_about_a_claim_is_not_a_checked_claim(text: str) -> None:
    assert checked(text, None, 0, 0) is None


def test_a_claim_about_catching_a_named_model_is_a_catch_up() -> None:
    assert checked("fair to say open weights hit gpt-4o level sometime in 2024?", None, 1, 1) == "catch_up"
    # no model named: "catching up" is a story, left to the other readers
    assert checked("is 'open models are catching up' real or just twitter talk? true?", None, 0, 0) is None


@pytest.mark.parametrize("text", [
    "how far behind are open models on coding?",
    "what's the best open model for math",
    "compare gpt-5.1 and kimi k2 on reasoning",
    "is the gap shrinking?",
])
def test_a_plain_question_checks_no_claim(text: str) -> None:
    assert checked(text, None, 0, 0) is None
    assert not closer_than_then(text)


def _signals(text: str, matcher: ModelMatcher) -> dict[str, object]:
    """What the rules tell the intent model about `text` (session 18: these readings are its features, no longer
    corrections made after it, which changed far more right readings than wrong ones)."""
    signals = read_rules(text, matcher)[2]
    assert signals is not None
    return signals


def _always(intent: str) -> IntentModel:
    """A model that reads every question as `intent`: what the rules still do after the model is seen alone."""
    classes = ["gap", "best", "trend", "compare", "model", "catch_up", "explain", "out_of_scope"]
    return IntentModel({"classes": classes, "bias": [5.0 if c == intent else 0.0 for c in classes], "weights": {},
                        "threshold": 0.0})


@pytest.mark.parametrize("text", [
    "in mid 2024, how big a lead did the closed labs have on math?",
    "back in march 2025 what kind of margin did proprietary models have at coding",
])
def test_the_lead_at_one_past_date_is_a_gap(matcher: ModelMatcher, text: str) -> None:
    # the intent model's feature (it reads these as gaps: `level_then` leans to gap, away from trend)
    assert _signals(text, matcher)["level_then"]
    assert parse(text, matcher).intent == "gap"


@pytest.mark.parametrize("text", [
    "how big was the gap in 2024 compared to now",
    "how has the lead changed since march 2025",
])
def test_a_date_set_against_another_stays_a_trend(matcher: ModelMatcher, text: str) -> None:
    assert not _signals(text, matcher)["level_then"]  # no lead at one past date told to the model
    assert parse(text, matcher, classifier=_always("trend")).intent == "trend"  # and no rule turns it into a gap


@pytest.mark.parametrize("text", [
    "that 'open models are 4 months behind' stat everyone posts, where did it come from?",
    "the stanford report says the gap is tiny but some blog says 9 months behind. which one is right?",
    "are open models going to stay close or will the gap blow up again?",
    "did qwen 3 change anything for the open side in the long run?",
    "the 'open is a quarter behind' estimate from epoch, accurate or not?",  # an analyst's figure checked
    "according to the stanford ai index, is the open vs closed gap shrinking?",  # an analyst with no board here
])
def test_where_a_figure_is_from_which_is_right_and_forecasts_stay_articles(matcher: ModelMatcher, text: str) -> None:
    signals = _signals(text, matcher)
    assert signals["articles"] or signals["foretold"]


def test_a_friends_claim_settled_by_the_figures_is_not_an_article_question(matcher: ModelMatcher) -> None:
    text = "my cousin swears open models are miles behind at coding, i say they're close. who's right?"
    assert checked(text, None, 0, 0) == "gap"
    assert _signals(text, matcher)["checked"] == "gap"
    assert parse(text, matcher).intent == "gap"


@pytest.mark.parametrize("text, intent", [
    ("an intern claims local models trail the api ones by a generation. is she right?", "gap"),
    ("reality check: open-source is about 3 months behind on coding, yes?", "gap"),
    ("my lead reckons open models are worse at math. do the benchmarks agree?", "gap"),
    ("open models are only a few points off the top of the arena: myth or fact?", "gap"),
    ("twitter says the big labs extended their lead again this year. is that borne out?", "trend"),
    ("a blogger wrote open weights were far off in 2024 and level with closed now. how accurate is that?", "trend"),
    # the claim's verb asked back, or "real or fake": the gap itself claimed is a gap, its moving a trend
    ("my feed is full of posts saying the gap has vanished. has it?", "gap"),
    ("reddit thinks the gap is pretty much over. is it really?", "gap"),
    ("heard the gap keeps closing week after week. legit or cope?", "trend"),
    # (the shipped model reads these two as article questions, 0.58 against 0.41 for a gap and 0.6 against 0.34
    # for a trend, since session 18 dropped the correction that followed the claim over the model)
    ("a speaker claimed 'open weights trail by 2 months, tops'. is that what the data actually shows?", "gap"),
    ("last spring everybody expected the big labs would run away with it. did that pan out?", "trend"),
    ("the open vs closed distance on aider is coming down over time, right?", "trend"),
])
def test_more_ways_of_checking_a_claim(text: str, intent: str) -> None:
    assert checked(text, None, 0, 0) == intent


def test_a_model_called_frontier_class_is_asked_about_not_caught_up() -> None:
    # "class" alone catches nothing: the claim is about the model's standing
    assert checked("a vendor says qwen3 max is 'frontier class'. sanity check that for me?", None, 1, 1) == "model"


@pytest.mark.parametrize("text", [
    # what is still to come, however it is put: the articles argue forecasts, the boards hold none
    "realistically, will the open labs ever sit at the very top of the arena?",
    "open source gonna overtake the frontier by next year or am i dreaming",
    "is it copium to expect open weights to match the closed labs eventually?",
    "a year from now, do we think the distance between open and closed is bigger or smaller?",
    "the open labs'll close the coding gap within the next few months, right?",
    "and is it likely to keep shrinking?",
    "are open models on track to pass the closed ones on math?",
])
def test_a_forecast_is_an_article_question(matcher: ModelMatcher, text: str) -> None:
    assert checked(text, None, 0, 0) is None
    assert _signals(text, matcher)["foretold"]


@pytest.mark.parametrize("text, intent", [
    # a forecast told as context, then a question about now or the past: the question
    ("my boss swears open models will never be good enough for us. how far behind are they on coding today?", "gap"),
    ("she won't pay for subscriptions, so which open model is best for writing?", "best"),
    ("everyone said open would catch up in a year. did open models ever match gpt-4o?", "catch_up"),
])
def test_a_forecast_told_as_context_asks_none(matcher: ModelMatcher, text: str, intent: str) -> None:
    signals = _signals(text, matcher)
    assert not (signals["foretold"] or signals["causal"] or signals["articles"]), intent


@pytest.mark.parametrize("text", [
    # a cause claimed and put to the bot: why the sides stand where they do is the articles' to weigh
    "a guy on reddit says the open labs lag mainly because they lack compute. true?",
    "heard the gap is all down to better rlhf at the big labs. is that legit?",
    "my teammate thinks closed models lead due to private data, not size. fair to say?",
    "people claim the open side keeps up thanks to distilling gpt outputs, is that accurate",
])
def test_a_claimed_cause_is_an_article_question(matcher: ModelMatcher, text: str) -> None:
    assert checked(text, None, 0, 0) is None
    assert _signals(text, matcher)["causal"]


@pytest.mark.parametrize("text, intent", [
    # a claim about a figure stays the boards', even where the asker says why they ask
    ("deepseek v3.2 is as good as gpt-5.1 now, true?", "compare"),
    ("quick sanity check because i'd hate to be wrong: open models are about 3 months behind on coding, right?",
     "gap"),
    ("we must self-host because of data rules. is it true local models trail the api ones by a lot?", "gap"),
])
def test_a_claimed_figure_stays_a_leaderboard_question(matcher: ModelMatcher, text: str, intent: str) -> None:
    signals = _signals(text, matcher)
    assert not (signals["articles"] or signals["foretold"] or signals["causal"])
    assert parse(text, matcher).intent == intent


@pytest.mark.parametrize("text", [
    # a reason told in the story, then a question of its own: the part that asks decides
    "my cto wants to drop our api bill because 'open is basically there now'. before we do, i'd like to sanity-check "
    "it: on coding, how far behind are the open models today?",
    # "not gonna lie" is an idiom, no forecast
    "not gonna lie, my cousin says the free models are as good as the paid ones now. is that true?",
])
def test_context_around_the_asking_part_makes_no_article_question(text: str) -> None:
    from gapbot.claims import causal, foretold
    from gapbot.focus import focus

    low = text.lower()
    assert not causal(low) and not foretold(low, focus(low))


@pytest.mark.parametrize("text", [
    "people say open models trail only because of compute. true?",  # the cause is the claim checked
    "is it true they'll be level with the closed ones by next year?",  # a forecast checked
])
def test_a_cause_or_forecast_checked_stays_an_article_question(text: str) -> None:
    from gapbot.claims import causal, foretold
    from gapbot.focus import focus

    low = text.lower()
    assert causal(low) or foretold(low, focus(low))


@pytest.mark.parametrize("text", [
    # the asker's plans, or their people's, are no forecast: "won't pay", "i'm not going to"
    "our school won't pay for the premium tier, so we use local models. how far behind are they, in real numbers?",
    "i'm not going to get into hosting, i just want one thing: for writing, how far behind are open models really?",
    # a reason of the asker's people is no cause of the gap
    "i'm building a lesson on this because the kids argue about it. is it fair to say open models are a few months "
    "behind?",
])
def test_the_askers_plans_and_reasons_make_no_article_question(matcher: ModelMatcher, text: str) -> None:
    signals = _signals(text, matcher)
    assert not (signals["foretold"] or signals["causal"] or signals["articles"])
