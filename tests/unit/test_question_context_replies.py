"""Replies that change only the context of the previous question keep its intent and subject with that change, however
loosely put: another board of a benchmark ("and the bash-only one?"), the kind of prompt ("just coding prompts"), a
board setting ("style control off?"), the answer split by domain, a hedged date ("like since 2023?"), the answer at
another date ("was that still the case in march"), or a size the asker can run ("under 14b"). Chatter stays chatter."""

from __future__ import annotations

from datetime import date

import pytest

from gapbot.intent_model import IntentModel
from gapbot.question import ModelMatcher, Query, parse
from tests.unit.factories import leaning_model

TODAY = date(2026, 1, 15)
MATCHER = ModelMatcher({"Kimi K2 Thinking": "kimi-k2-thinking", "GLM 4.6": "glm-4.6", "GPT-5": "gpt-5"})


def _follow(previous: str, reply: str, classifier: IntentModel | None = None) -> Query:
    first = parse(previous, MATCHER, TODAY)
    return parse(reply, MATCHER, TODAY, classifier=classifier).merged_with(first)


@pytest.mark.parametrize("previous, reply, want", [
    # another board of the benchmark
    ("which open model leads swe-bench verified", "and the bash-only leaderboard?",
     ("best", "swebench", "agentic coding", True, "SWE-bench bash-only")),
    # the kind of prompt: the domain, the rest kept
    ("has the gap on lmarena narrowed", "but only for coding prompts", ("trend", "lmarena", "coding", None, None)),
    ("how far behind are open models on livebench", "ok specifically for math questions",
     ("gap", "livebench", "math", True, None)),
    # a setting only the arena has
    ("how big is the open vs closed gap on the arena", "and with style control off?",
     ("gap", "lmarena", None, None, None)),
    # a size the asker can run: the same question, its side kept
    ("what's the best open model for coding", "what if i can only run something tiny, under 14b",
     ("best", None, "coding", True, None)),
    ("what's the best open model for reasoning", "ok and if i have to run it locally?",
     ("best", None, "reasoning", True, None)),
])
@pytest.mark.parametrize("leaning", [None, "explain", "out_of_scope"])
def test_a_reply_changing_only_the_context_keeps_the_previous_intent(previous: str, reply: str, want: tuple,
                                                                     leaning: str | None) -> None:
    q = _follow(previous, reply, leaning_model(leaning) if leaning else None)
    assert (q.intent, q.source, q.category, q.group, q.benchmark) == want


@pytest.mark.parametrize("previous, reply, want", [
    # the change first, then only the asker's reason: the change is what is asked
    ("which model is best at creative writing on the arena?",
     "only open ones please, I refuse to pay for my haiku generator", ("best", "lmarena", "creative writing", True)),
    ("Top 10 on LiveBench right now?",
     "filter that to open weights only pls, the ones I could in theory run on the observatory box",
     ("best", "livebench", None, True)),
    ("Is the gap between open and closed models growing?",
     "is that true for data analysis too, or only overall? e-discovery analytics is my whole job",
     ("trend", None, "data analysis", None)),
    ("What was the gap on LiveBench in June 2025?", "break that down by category pls, especially language",
     ("gap", "livebench", "language", None)),
])
def test_a_change_of_context_then_a_reason_is_the_change(previous: str, reply: str, want: tuple) -> None:
    q = _follow(previous, reply)
    assert (q.intent, q.source, q.category, q.group) == want


@pytest.mark.parametrize("reply", [
    "@here look at this, deepseek on top again",  # sets nothing: chatter
    "only open ones, but why is the gap so big?",  # asks something else
])
def test_a_reply_that_sets_nothing_or_asks_on_is_not_a_change_of_context(reply: str) -> None:
    assert not parse(reply, MATCHER, TODAY).context_only


@pytest.mark.parametrize("previous, reply, want", [
    ("how far behind are open models on livebench", "split by category pls", ("gap", "livebench", [])),
    ("how far behind are open models on livebench", "which domains are weakest?", ("gap", "livebench", [])),
    ("how does kimi k2 thinking compare with gpt-5 on livebench", "hm, the exact scores per domain?",
     ("compare", "livebench", ["kimi-k2-thinking", "gpt-5"])),
])
def test_the_answer_broken_down_by_domain_is_the_previous_question(previous: str, reply: str, want: tuple) -> None:
    q = _follow(previous, reply)
    assert (q.intent, q.source, q.models) == want


def test_a_hedged_date_is_the_previous_trend_since_then() -> None:
    q = _follow("is the gap getting smaller on aider", "since when, like since 2023?")
    assert (q.intent, q.source, str(q.when)) == ("trend", "aider", ">=2023-01")


@pytest.mark.parametrize("reply", ["was that still the case back in march", "was that also true a year ago"])
def test_the_answer_checked_at_another_date_is_the_previous_question_then(reply: str) -> None:
    q = _follow("which open model leads livebench?", reply)
    assert (q.intent, q.source, q.group) == ("best", "livebench", True)
    assert q.when is not None


@pytest.mark.parametrize("reply", ["lol ok", "nice, thanks", "ok cool, that was true", "i like it",
                                   "small world huh", "which categories do you like best at the olympics?",
                                   "are you a robot", "ok i run it locally", "i have got something small",
                                   "if i run it locally lol"])
def test_chatter_and_off_topic_replies_stay_declined(reply: str) -> None:
    q = _follow("how far behind are open models on the arena?", reply)
    assert q.intent == "out_of_scope"



@pytest.mark.parametrize("previous, reply, want", [
    # when the gap was at an extreme: the gap over time
    ("how far behind are open models on the arena?", "when was it narrowest?", ("trend", "lmarena", [], None)),
    ("did an open model ever take #1 on livebench", "so when was the gap at its biggest", ("trend", "livebench", [],
                                                                                          None)),
    # so before too: the gap's trend since then; one model's standing over time stays about that model
    ("who's ahead on aider right now, open or closed?", "was it the same back in 2024?",
     ("trend", "aider", [], ">=2024-01")),
    ("how far behind are open models on math", "and was it always like that?", ("trend", None, [], None)),
    ("where does glm 4.6 rank on livebench", "was it always this high?", ("model", "livebench", ["glm-4.6"], None)),
])
@pytest.mark.parametrize("leaning", [None, "gap", "explain"])
def test_a_reply_asking_about_earlier_times_asks_over_time(previous: str, reply: str, want: tuple,
                                                           leaning: str | None) -> None:
    q = _follow(previous, reply, leaning_model(leaning) if leaning else None)
    assert (q.intent, q.source, q.models, str(q.when) if q.when else None) == want


@pytest.mark.parametrize("reply", ["in months or in points? both please", "points or months?"])
def test_a_reply_naming_the_units_is_the_previous_question(reply: str) -> None:
    q = _follow("how far behind are open models on livebench?", reply, leaning_model("out_of_scope"))
    assert (q.intent, q.source) == ("gap", "livebench")


@pytest.mark.parametrize("previous, reply, want", [
    ("has any open model beaten gpt-5 yet on livebench", "ok which one?", ("catch_up", "livebench", ["gpt-5"])),
    ("what does epoch say about the gap?", "does anyone disagree?", ("explain", None, [])),
])
@pytest.mark.parametrize("leaning", [None, "best", "out_of_scope"])
def test_which_one_after_a_catch_up_and_other_views_after_an_article_answer(previous: str, reply: str, want: tuple,
                                                                            leaning: str | None) -> None:
    q = _follow(previous, reply, leaning_model(leaning) if leaning else None)
    assert (q.intent, q.source, q.models) == want


@pytest.mark.parametrize("reply", ["FACTS", "facts fr", "so true", "based", "called it"])
def test_agreement_is_chatter(reply: str) -> None:
    assert _follow("is the gap on the arena shrinking?", reply).intent == "out_of_scope"


@pytest.mark.parametrize("previous, reply", [
    ("who's on top of livebench math", "any open ones in there?"),
    ("best closed model on the arena", "and is there an open model in the top 3?"),
    ("who leads epoch's frontiermath", "any open ones in the top 5?"),
    ("top 10 on the arena right now", "how many of those are open?"),
    ("which open models are in the lmarena top 10?", "were there any in the top 10 back in 2024?"),
    ("what's the best model on lmarena right now?", "is it open?"),
    ("top 3 open models for coding", "are any of them in the overall top 10?"),
])
@pytest.mark.parametrize("leaning", [None, "best"])
def test_open_models_looked_for_in_a_list_just_given_is_a_catch_up(previous: str, reply: str,
                                                                   leaning: str | None) -> None:
    assert _follow(previous, reply, leaning_model(leaning) if leaning else None).intent == "catch_up"


@pytest.mark.parametrize("reply", ["gimme the months number not points", "how about as a time lag"])
def test_the_answer_in_another_unit_is_the_previous_question(reply: str) -> None:
    q = _follow("how far behind are open models on livebench?", reply, leaning_model("out_of_scope"))
    assert (q.intent, q.source) == ("gap", "livebench")


@pytest.mark.parametrize("previous, reply, want", [
    ("who leads on reasoning, open or closed", "por cuánto?", ("gap", "reasoning")),
    ("who leads on math, open or closed", "et en écriture créative ?", ("gap", "creative writing")),
])
def test_a_reply_in_another_language_is_read_glossed(previous: str, reply: str, want: tuple) -> None:
    q = _follow(previous, reply)
    assert (q.intent, q.category) == want


@pytest.mark.parametrize("reply", ["can you DM me this instead", "whats your favorite model personally",
                                   "translate your answer into french pls"])
def test_asking_the_bot_for_itself_is_declined(reply: str) -> None:
    assert _follow("is the gap growing on coding", reply).intent == "out_of_scope"


@pytest.mark.parametrize("previous, reply, want", [
    ("best closed model for math", "is any open model better than it yet", ("catch_up", [])),
    ("top 5 open models on livebench", "is any of those better than gpt-5 though?", ("catch_up", ["gpt-5"])),
    ("how is kimi k2 thinking doing on livebench?", "so it's the best open one rn or not",
     ("model", ["kimi-k2-thinking"])),
])
@pytest.mark.parametrize("leaning", [None, "best", "gap"])
def test_a_level_reached_or_a_place_asked_after_a_list_or_a_model(previous: str, reply: str, want: tuple,
                                                                  leaning: str | None) -> None:
    q = _follow(previous, reply, leaning_model(leaning) if leaning else None)
    assert (q.intent, q.models) == want


@pytest.mark.parametrize("previous, reply, want", [
    ("how far behind are open models on aider", "and what's the biggest it's ever been", ("trend", "aider")),
    ("how far behind are open models on livebench", "same question but for the arena", ("gap", "lmarena")),
])
def test_the_gap_at_its_widest_and_the_same_question_elsewhere(previous: str, reply: str, want: tuple) -> None:
    q = _follow(previous, reply, leaning_model("out_of_scope"))
    assert (q.intent, q.source) == want


@pytest.mark.parametrize("previous, reply, want", [
    ("what's the gap on the arena?", "what was it in mid-2023?", ("gap", "lmarena", "2023-06")),
    ("how far behind are open models on livebench", "what about aider, which is supposedly harder",
     ("gap", "aider", None)),
    ("top 5 open models on livebench", "same list but from a year ago", ("best", "livebench", "2025-01")),
])
@pytest.mark.parametrize("leaning", [None, "explain", "out_of_scope"])
def test_the_previous_question_at_another_time_or_place(previous: str, reply: str, want: tuple,
                                                        leaning: str | None) -> None:
    q = _follow(previous, reply, leaning_model(leaning) if leaning else None)
    assert (q.intent, q.source, str(q.when) if q.when else None) == want


@pytest.mark.parametrize("previous, reply", [
    ("best open model on lmarena?", "any open ones in the overall top 10 at all?"),
])
def test_open_models_in_the_overall_top_n_after_a_list(previous: str, reply: str) -> None:
    assert _follow(previous, reply, leaning_model("best")).intent == "catch_up"


def test_a_sibling_set_against_the_model_just_asked_about_is_a_comparison() -> None:
    names = ModelMatcher({"gpt-oss-120b": "gpt-oss-120b", "gpt-oss-20b": "gpt-oss-20b"})
    first = parse("how is gpt-oss-120b doing?", names, TODAY)
    q = parse("is it better than the 20b one by much?", names, TODAY, classifier=leaning_model("gap")).merged_with(
        first, names)
    assert (q.intent, q.models) == ("compare", ["gpt-oss-120b", "gpt-oss-20b"])


@pytest.mark.parametrize("previous, reply, want", [
    ("how is gpt-oss-120b doing on livebench?", "how does it compare with the smaller one, the 20b?",
     ("compare", ["gpt-oss-120b", "gpt-oss-20b"])),
    ("how does glm 4.6 do on swe-bench verified?", "and the newer one, 4.7?", ("model", ["glm-4.7"])),
])
def test_a_sibling_pointed_to_then_named_is_that_sibling(previous: str, reply: str, want: tuple) -> None:
    names = ModelMatcher({"gpt-oss-120b": "gpt-oss-120b", "gpt-oss-20b": "gpt-oss-20b", "GLM 4.6": "glm-4.6",
                          "GLM 4.7": "glm-4.7"})
    q = parse(reply, names, TODAY, classifier=leaning_model("trend")).merged_with(parse(previous, names, TODAY), names)
    assert (q.intent, q.models) == want


@pytest.mark.parametrize("reply", ["and the newer glm 4.7, did that one close it?",
                                   "and the newer glm 4.7, how does that match up with it?"])
@pytest.mark.parametrize("leaning", ["model", "catch_up"])
def test_the_newer_sibling_of_a_compared_model_takes_its_place(reply: str, leaning: str) -> None:
    names = ModelMatcher({"GLM 4.6": "glm-4.6", "GLM 4.7": "glm-4.7", "GPT-5": "gpt-5"})
    first = parse("is glm 4.6 better than gpt-5 at coding?", names, TODAY)
    q = parse(reply, names, TODAY, classifier=leaning_model(leaning)).merged_with(first, names)
    assert (q.intent, q.models, q.category) == ("compare", ["glm-4.7", "gpt-5"], "coding")


@pytest.mark.parametrize("reply", ["and V3.2 Speciale? the zh team keeps mentioning it",
                                   "and v3.2 speciale? asking for the team"])
@pytest.mark.parametrize("leaning", ["model", None])
def test_a_sibling_asked_then_remarked_on_takes_its_place(reply: str, leaning: str | None) -> None:
    names = ModelMatcher({"DeepSeek V3.2": "deepseek-v3.2", "DeepSeek V3.2 Speciale": "deepseek-v3.2-speciale",
                          "Claude Sonnet 4.5": "claude-sonnet-4.5"})
    first = parse("Is DeepSeek V3.2 better than Claude Sonnet 4.5 on reasoning?", names, TODAY)
    q = parse(reply, names, TODAY, classifier=leaning_model(leaning) if leaning else None).merged_with(first, names)
    assert (q.intent, q.models, q.category) == ("compare", ["deepseek-v3.2-speciale", "claude-sonnet-4.5"],
                                                "reasoning")


@pytest.mark.parametrize("reply", ["how much has it shrunk since then?",
                                   "how much has it shrunk between then and today?",
                                   "and from then to now, in rating points?"])
def test_since_then_after_a_dated_answer_runs_from_that_date_to_today(reply: str) -> None:
    q = _follow("What was the open-closed gap on the arena in early 2024?", reply)
    assert (str(q.when), q.since, q.as_of) == (">=2024-01", date(2024, 1, 1), None)


def test_now_asked_beside_a_since_then_told_is_todays_figure() -> None:
    q = _follow("how big was the open vs closed gap in december 2024?",
                "and now? we opened two more locations since then so i lost track")
    assert q.when is None


@pytest.mark.parametrize("leaning", [None, "best"])
def test_the_open_leader_asked_after_the_closed_one_is_the_gap(leaning: str | None) -> None:
    q = _follow("which proprietary model is best at math?", "how does it compare to the best open one",
                leaning_model(leaning) if leaning else None)
    assert (q.intent, q.category) == ("gap", "math")


@pytest.mark.parametrize("previous, reply, want", [
    ("how does kimi k2 thinking do on livebench?", "is it ahead of glm 4.6 there?", ["kimi-k2-thinking", "glm-4.6"]),
    ("how did glm 4.6 score on the arena?", "better or worse than gpt-5?", ["glm-4.6", "gpt-5"]),
])
@pytest.mark.parametrize("leaning", ["model", "gap"])
def test_a_reply_setting_the_model_above_or_below_another_compares_them(previous: str, reply: str, want: list,
                                                                        leaning: str) -> None:
    q = _follow(previous, reply, leaning_model(leaning))
    assert (q.intent, list(q.models)) == ("compare", want)


@pytest.mark.parametrize("reply", ["and the closed one, how much higher is it?", "the top one, how far ahead?"])
def test_the_margin_of_the_other_side_after_the_best_open_model_is_a_gap(reply: str) -> None:
    assert _follow("which open model is best on aider?", reply, leaning_model("best")).intent == "gap"


def test_when_it_will_happen_after_a_catch_up_is_a_forecast() -> None:
    q = _follow("has any open model beaten gpt-5 on livebench?", "when do you reckon that'll happen?",
                leaning_model("catch_up"))
    assert (q.intent, list(q.models)) == ("explain", ["gpt-5"])


@pytest.mark.parametrize("reply", ["has an open model at least reached 50% there?", "when did the first one pass 40%?"])
def test_a_line_reached_asked_after_a_gap_is_a_catch_up(reply: str) -> None:
    q = _follow("how far behind are open models on swe-bench verified?", reply, leaning_model("explain"))
    assert (q.intent, q.source) == ("catch_up", "swebench")


def test_how_the_model_does_after_whether_it_is_the_best_is_its_standing() -> None:
    q = _follow("is kimi k2 thinking the best open model on livebench?", "and how does it do on the arena?",
                leaning_model("best"))
    assert (q.intent, list(q.models), q.source) == ("model", ["kimi-k2-thinking"], "lmarena")
