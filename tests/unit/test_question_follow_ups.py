"""Follow-ups that only change the context, or whose subject is the previous answer's model (issue #13): a reply
naming only a leaderboard, domain, date or model asks the previous question again with it, whatever the intent
model makes of the fragment; "how does it rank", "is that one any good" ask about the model asked about before (a
comparison stays one). Replies that ask their own thing keep their own intent."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from gapbot.intent_model import IntentModel
from gapbot.question import ModelMatcher, Query, parse, read_rules
from tests.unit.factories import leaning_model

TODAY = date(2026, 1, 15)
MATCHER = ModelMatcher({"Kimi K2 Thinking": "kimi-k2-thinking", "Qwen3 235B": "qwen3-235b", "GLM 4.6": "glm-4.6",
                        "GPT-5": "gpt-5", "Gemini 3 Pro": "gemini-3-pro"}, {"Mistral AI": "Mistral AI"})


def _follow(previous: str, reply: str, classifier: IntentModel | None = None) -> Query:
    first = parse(previous, MATCHER, TODAY)
    return parse(reply, MATCHER, TODAY, classifier=classifier).merged_with(first)


@pytest.mark.parametrize("previous, reply, want", [
    ("what's the gap in months per livebench", "what about aider then", ("gap", "aider", None, [])),
    ("is the coding gap closing?", "and for math?", ("trend", None, "math", [])),
    ("what's the best open model for math", "and on lmarena?", ("best", "lmarena", "math", [])),
    ("how strong is qwen3 235b on reasoning", "what about on livebench?",
     ("model", "livebench", "reasoning", ["qwen3-235b"])),
    # "look" asks nothing of its own: the same question at another date
    ("how far behind are open models on agentic coding", "and how did it look last summer",
     ("gap", None, "agentic coding", [])),
    ("top open models at data analysis", "as of march 2025?", ("best", None, "data analysis", [])),
    ("best open model for math on livebench", "same thing but on aider", ("best", "aider", "math", [])),
    ("best open model for math", "and on the arena's coding board?", ("best", "lmarena", "coding", [])),
])
@pytest.mark.parametrize("leaning", [None, "explain", "out_of_scope"])
def test_a_reply_naming_only_context_inherits_the_intent_whatever_the_model_reads(
        previous: str, reply: str, want: tuple, leaning: str | None) -> None:
    q = _follow(previous, reply, leaning_model(leaning) if leaning else None)
    assert (q.intent, q.source, q.category, q.models) == want


def test_the_gap_at_the_moment_is_now_not_another_gap() -> None:
    q = _follow("has the math gap narrowed since 2024?", "and how big is the gap at the moment")
    assert (q.intent, q.category, q.when) == ("gap", "math", None)


@pytest.mark.parametrize("text, intent", [
    ("how far behind are open weights on reasoning according to livebench", "gap"),
    ("according to the leaderboards, how far behind is open source", "gap"),
    ("which open model leads coding according to the aider board", "best"),
    ("according to the articles, why is open source behind", "explain"),
    ("according to analysts, will open models ever catch up", "explain"),
])
def test_according_to_a_leaderboard_names_the_figures_not_a_view(text: str, intent: str) -> None:
    q, _low, signals = read_rules(text)
    assert q.intent == intent
    assert signals is not None and signals["view"] == (intent == "explain")


@pytest.mark.parametrize("previous, reply, want", [
    ("is kimi k2 thinking decent at reasoning", "how is it doing on livebench",
     ("model", ["kimi-k2-thinking"], "livebench")),
    ("how strong is qwen3 235b", "and how does that one fare on aider?", ("model", ["qwen3-235b"], "aider")),
    ("tell me about glm 4.6", "how does this model rank in math?", ("model", ["glm-4.6"], None)),
    ("tell me about glm 4.6", "is it actually any good?", ("model", ["glm-4.6"], None)),
    # a comparison stays one, about the same two
    ("glm 4.6 vs gpt-5 on coding", "how do they rank on lmarena", ("compare", ["glm-4.6", "gpt-5"], "lmarena")),
    ("glm 4.6 vs gpt-5 on coding", "and how do they do on math?", ("compare", ["glm-4.6", "gpt-5"], None)),
    ("glm 4.6 vs gpt-5 on coding", "whos winning on lmarena", ("compare", ["glm-4.6", "gpt-5"], "lmarena")),
    ("glm 4.6 vs gpt-5 on coding", "who is stronger at reasoning then", ("compare", ["glm-4.6", "gpt-5"], None)),
])
@pytest.mark.parametrize("leaning", [None, "gap", "best"])
def test_a_question_about_it_keeps_the_previous_model(previous: str, reply: str, want: tuple,
                                                       leaning: str | None) -> None:
    q = _follow(previous, reply, leaning_model(leaning) if leaning else None)
    assert (q.intent, q.models, q.source) == want


@pytest.mark.parametrize("previous, reply, source", [
    ("how far behind are open models in coding", "when did they first get this close?", None),
    ("what's the gap on lmarena right now", "how long did it take to get that small?", "lmarena"),
])
def test_when_the_gap_first_got_so_small_is_a_catch_up_without_a_model(previous: str, reply: str,
                                                                         source: str | None) -> None:
    q = _follow(previous, reply)
    assert (q.intent, q.models, q.source) == ("catch_up", [], source)


@pytest.mark.parametrize("previous, reply, intent, models", [
    ("how far behind are open models in coding", "is it shrinking?", "trend", []),
    ("how far behind are open models in coding", "how long has it been shrinking?", "trend", []),
    ("how far behind are open models in coding", "how long will it take them to catch up?", "explain", []),
    ("how far behind are open models in coding", "thanks", "out_of_scope", []),
    ("how good is glm 4.6", "why is it so good?", "explain", ["glm-4.6"]),
    ("how good is glm 4.6", "why does it score so well?", "explain", ["glm-4.6"]),  # "it": the model
    ("how is mistral doing these days?", "why did they fall off tho", "explain", ["org:Mistral AI"]),
    ("how does gemini 3 pro do on livebench?", "and how far back from it is the best open model?", "gap",
     ["gemini-3-pro"]),
    ("how good is glm 4.6", "who's the best open model then?", "best", []),
    ("tell me about glm 4.6", "cool, thanks", "out_of_scope", []),
])
def test_a_reply_that_asks_its_own_thing_keeps_its_own_intent(previous: str, reply: str, intent: str,
                                                               models: list[str]) -> None:
    q = _follow(previous, reply)
    assert (q.intent, q.models) == (intent, models)


@pytest.mark.parametrize("reply", ["has it been this way for long, or is that recent", "was it always like that?",
                                   "is that a recent thing", "how long has it been like this",
                                   "did that only start recently"])
def test_how_long_the_gap_has_held_is_its_trend(reply: str) -> None:
    q = _follow("how far behind are open models on math", reply)
    assert (q.intent, q.category) == ("trend", "math")


@pytest.mark.parametrize("reply, intent", [("how long will it take them to catch up?", "explain"),
                                           ("best open model for math?", "best")])
def test_how_long_to_come_or_a_question_of_its_own_is_not_the_trend(reply: str, intent: str) -> None:
    assert _follow("how far behind are open models on math", reply).intent == intent


@pytest.mark.parametrize("reply", ["is it gonna carry on into 2027", "will that continue through 2026?",
                                   "is that going to last"])
def test_whether_a_trend_goes_on_is_a_forecast_with_no_data_date(reply: str) -> None:
    # a period not yet over is no date the data can be from (gapbot.dates.find_date), as for any forecast
    q = _follow("is the math gap shrinking", reply)
    assert (q.intent, q.category, q.when) == ("explain", "math", None)


def test_whether_a_trend_went_on_through_a_past_year_is_its_trend_then() -> None:
    q = _follow("is the math gap shrinking", "did it keep going through 2025?")
    assert (q.intent, q.category, str(q.when)) == ("trend", "math", "2025-01..2025-12")


@pytest.mark.parametrize("previous, reply, want", [
    ("how far behind are open models on math on lmarena", "is that one narrowing as well or only the overall one",
     ("trend", "math")),
    ("is the coding gap shrinking", "how come it's so much wider there than in general chat?", ("explain", "coding")),
    ("is the coding gap shrinking", "why is it wider there compared to math", ("explain", "coding")),
    # near misses: the domain asked about is the reply's own
    ("is the coding gap shrinking", "and on math?", ("trend", "math")),
    ("is the coding gap shrinking", "is it wider on math than it was", ("trend", "math")),
])
def test_a_domain_a_follow_up_only_sets_its_subject_against_is_not_its_subject(previous: str, reply: str,
                                                                              want: tuple) -> None:
    q = _follow(previous, reply)
    assert (q.intent, q.category) == want


def test_a_reply_with_its_own_intent_is_not_asked_back_as_the_previous_was() -> None:
    first = replace(parse("how far behind are open models on math", MATCHER, TODAY), unsure=True,
                    alternatives=("best", "explain"), confidence=0.4)
    own = parse("was it always like this?", MATCHER, TODAY).merged_with(first)
    assert (own.intent, own.category, own.unsure, own.alternatives) == ("trend", "math", False, ())
    # a fragment is the previous question again, unsure as it was
    again = parse("and on aider?", MATCHER, TODAY).merged_with(first)
    assert (again.intent, again.unsure) == ("gap", True)


@pytest.mark.parametrize("leaning", [None, "explain", "out_of_scope"])
def test_when_a_catch_up_happened_is_a_catch_up(leaning: str | None) -> None:
    q = _follow("have open models caught up with gpt-5 yet", "ok when did that actually happen?",
                leaning_model(leaning) if leaning else None)
    assert (q.intent, q.models) == ("catch_up", ["gpt-5"])


@pytest.mark.parametrize("leaning", [None, "explain", "model"])
def test_the_best_ones_distance_to_the_top_is_the_gap(leaning: str | None) -> None:
    q = _follow("which open model is best at coding", "how far off the #1 spot is that one",
                leaning_model(leaning) if leaning else None)
    assert (q.intent, q.models, q.category, q.group) == ("gap", [], "coding", None)


def test_an_elliptical_request_after_an_answer_is_answered() -> None:
    q = _follow("which open model is best at coding", "and best overall regardless of license")
    assert (q.intent, q.category) == ("best", "overall")


@pytest.mark.parametrize("reply", ["sorry, not a numbers person, can you put that in months instead?",
                                   "could you express it in percent"])
@pytest.mark.parametrize("leaning", [None, "explain", "out_of_scope"])
def test_the_previous_answer_in_another_unit_is_the_previous_question(reply: str, leaning: str | None) -> None:
    q = _follow("how far behind are open models on math", reply, leaning_model(leaning) if leaning else None)
    assert (q.intent, q.category) == ("gap", "math")


def test_the_source_of_that_number_is_the_previous_answer_again() -> None:
    q = _follow("how far behind are open models on math",
                "for a school report i need to cite this: what is the source and date of that figure? thank you so "
                "much in advance, really appreciate the bot")
    assert (q.intent, q.category) == ("gap", "math")


@pytest.mark.parametrize("leaning", [None, "explain", "compare"])
def test_the_gap_set_against_a_time_before_is_its_trend(leaning: str | None) -> None:
    q = _follow("how far behind are open models on math", "and how does that stack up against last spring?",
                leaning_model(leaning) if leaning else None)
    assert (q.intent, q.category) == ("trend", "math")


@pytest.mark.parametrize("previous, reply, benchmark", [
    ("how far behind are open models on gpqa", "and just diamond?", "GPQA Diamond"),
    ("what's the open vs closed gap on frontiermath", "tier 4 only?", "FrontierMath Tier 4"),
    ("how far behind are open models on swe-bench", "y el verified?", "SWE-bench Verified"),
])
@pytest.mark.parametrize("leaning", [None, "explain", "out_of_scope"])
def test_a_part_of_the_previous_benchmark_named_alone_is_the_same_question(previous: str, reply: str,
                                                                          benchmark: str, leaning: str | None) -> None:
    q = _follow(previous, reply, leaning_model(leaning) if leaning else None)
    assert (q.intent, q.benchmark) == ("gap", benchmark)


@pytest.mark.parametrize("reply", ["so who's ahead?", "quien lidera?"])
def test_who_leads_after_a_gap_is_the_gap(reply: str) -> None:
    q = _follow("what's the gap in data analysis", reply, leaning_model("out_of_scope"))
    assert (q.intent, q.category) == ("gap", "data analysis")


def test_the_same_distance_to_another_model_and_the_other_side_coming_near() -> None:
    closed = ModelMatcher({"GPT-5": "gpt-5", "Gemini 3 Pro": "gemini-3-pro"})
    first = parse("how far are open models behind gpt-5 on coding", closed, TODAY)
    q = parse("and from gemini 3 pro?", closed, TODAY).merged_with(first)
    assert (q.intent, q.models, q.category) == ("gap", ["gemini-3-pro"], "coding")
    q = _follow("which closed model is best at math", "are any open ones close?")
    assert (q.intent, q.group, q.category) == ("gap", None, "math")
    q = _follow("how strong is glm 4.6 at reasoning", "how far is that from gpt-5?")
    assert (q.intent, q.models) == ("compare", ["glm-4.6", "gpt-5"])


def test_a_model_named_as_a_moment_before_is_a_date() -> None:
    dated = ModelMatcher({"DeepSeek R1": "deepseek-r1"}, released={"deepseek-r1": "2025-01-20"})
    q = parse("was it wider before deepseek r1 came out?", dated, TODAY).merged_with(
        parse("how far behind are open models on lmarena", dated, TODAY))
    assert (q.intent, q.models, str(q.when)) == ("trend", [], "2024-12")


@pytest.mark.parametrize("reply", ["hold on, is that one even open weights?", "is it actually closed?"])
def test_which_side_the_previous_model_is_on_is_about_that_model(reply: str) -> None:
    q = _follow("how does qwen3 235b do on livebench", reply, leaning_model("explain"))
    assert (q.intent, q.models) == ("model", ["qwen3-235b"])


def test_the_channels_housekeeping_is_declined() -> None:
    assert _follow("what's the gap in months", "could a mod pin this").intent == "out_of_scope"


@pytest.mark.parametrize("reply, category", [("and on the reasoning part of it?", "reasoning"),
                                             ("sorry, i meant math, not overall", "math")])
def test_a_part_of_the_board_or_a_correction_only_sets_context(reply: str, category: str) -> None:
    q = _follow("what's the best open model on livebench", reply, leaning_model("out_of_scope"))
    assert (q.intent, q.category) == ("best", category)


def test_against_another_model_instead_swaps_the_second_one() -> None:
    q = _follow("how does glm 4.6 compare to gpt-5 on math", "and what about against kimi k2 thinking instead?")
    assert (q.intent, q.models) == ("compare", ["glm-4.6", "kimi-k2-thinking"])


def test_a_unit_named_against_another_is_the_previous_question() -> None:
    q = _follow("what's the open vs closed gap on livebench", "ok but in points, not months")
    assert (q.intent, q.source) == ("gap", "livebench")


@pytest.mark.parametrize("reply", ["reckon it closes completely by the end of the year?",
                                   "any predictions for when it closes?"])
def test_whether_the_gap_closes_later_is_a_forecast(reply: str) -> None:
    assert _follow("how many months behind are open models", reply).intent == "explain"


def test_replies_after_a_catch_up_a_top_list_and_a_trend() -> None:
    q = _follow("has an open model ever been #1 on lmarena?", "ok what about top 5?")
    assert (q.intent, q.top) == ("catch_up", 5)
    q = _follow("top 10 models on livebench", "are any open ones on the list?", leaning_model("best"))
    assert q.intent == "catch_up"
    q = _follow("is the coding gap shrinking?", "so what was it back in march 2025")
    assert (q.intent, q.category) == ("gap", "coding")
    q = _follow("is open ahead anywhere?", "and were they ever ahead on math?")
    assert (q.intent, q.category) == ("catch_up", "math")
    assert _follow("how good is glm 4.6 at coding", "cool, could i run it on 4x3090?").intent == "out_of_scope"


def test_more_replies_read_in_context() -> None:
    q = _follow("which open model is best on livebench", "ok and second and third?", leaning_model("explain"))
    assert (q.intent, q.top) == ("best", 3)
    assert _follow("how far behind are open models on math?", "did they ever catch the top closed one there?",
                   leaning_model("best")).intent == "catch_up"
    assert _follow("is the math gap closing?", "since when has it been under 5 points?").intent == "catch_up"
    assert _follow("how big is the gap on lmarena?", "can you explain that like i'm five",
                   leaning_model("explain")).intent == "gap"
    q = _follow("which open model is best at math", "how far off gpt-5 is it", leaning_model("model"))
    assert (q.intent, q.models) == ("gap", ["gpt-5"])
    q = _follow("glm 4.6 vs gpt-5 on math", "what about glm 4.6 on coding, how does it do there")
    assert (q.intent, q.models, q.category) == ("model", ["glm-4.6"], "coding")


def test_replies_for_its_best_result_another_measure_and_the_gap_today() -> None:
    q = _follow("how does glm 4.6 do these days", "what's its strongest category?", leaning_model("best"))
    assert (q.intent, q.models) == ("model", ["glm-4.6"])
    q = _follow("how is glm 4.6 ranked", "in coding terms i mean", leaning_model("out_of_scope"))
    assert (q.intent, q.models, q.category) == ("model", ["glm-4.6"], "coding")
    q = _follow("how far behind were open models in spring 2024", "and the gap today?", leaning_model("trend"))
    assert (q.intent, q.when) == ("gap", None)


@pytest.mark.parametrize("previous, reply, want", [
    # another benchmark: its own domain (none for HLE), not the previous one's (9 of 10 dev replies so labelled)
    ("how far behind are open models on GPQA Diamond?", "and on HLE?", (None, "Humanity's Last Exam")),
    ("what's the gap on MMLU?", "what about FrontierMath", ("math", "FrontierMath")),
    # the same benchmark, or none named: the previous domain stays
    ("how far behind are open models on GPQA Diamond?", "and a year ago?", ("reasoning", "GPQA Diamond")),
    # a benchmark named only as what the previous one is set against: the previous subject, benchmark and all
    ("how far behind are open models on GPQA Diamond", "why is it so much bigger than on MMLU?",
     ("reasoning", "GPQA Diamond")),
])
def test_a_reply_naming_another_benchmark_asks_about_its_domain(previous: str, reply: str, want: tuple) -> None:
    q = _follow(previous, reply)
    assert (q.category, q.benchmark) == want


@pytest.mark.parametrize("previous, reply, category", [
    # a short reply with the reason it is asked told after it: a follow-up, however long the reason
    ("who leads on data analysis, open or closed?", "by how many points though, i need a real number for the quarterly "
     "review", "data analysis"),
    ("is the gap on math shrinking?", "how big is the gap right now, we have to decide on the budget by friday",
     "math"),
])
def test_a_short_reply_followed_by_its_reason_keeps_the_previous_context(previous: str, reply: str,
                                                                        category: str) -> None:
    q = _follow(previous, reply)
    assert (q.intent, q.category) == ("gap", category)


def test_a_long_question_of_its_own_is_still_not_a_follow_up() -> None:
    q = _follow("is the gap on math shrinking?", "how far behind are open models on creative writing in the "
                "latest livebench release, asking for the newsletter")
    assert (q.intent, q.category) == ("gap", "creative writing")
