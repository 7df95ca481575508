"""Readings the rules settle after the intent model (gapbot/question.py): the open side set relative to the closed one
is a gap, two labs set side by side a comparison, labs told of before an open vs closed question only context, a
choice offered without a question mark is asked, "the apis" are AI, the open side catching up is a trend and labs
given as examples of the closed side stand for it. Each is checked with a model leaning the other way (or the right
way, where the rules used to decline it), so the rule is seen alone."""

from __future__ import annotations

from datetime import date

import pytest

from gapbot.question import ModelMatcher, parse, read_rules
from tests.unit.factories import leaning_model

TODAY = date(2026, 1, 15)
NAMES = {"DeepSeek V3.2": "deepseek-v3.2", "GPT-5.1": "gpt-5.1", "Kimi K2": "kimi-k2"}
ORGS = {"DeepSeek": "DeepSeek", "OpenAI": "OpenAI", "Anthropic": "Anthropic", "Mistral AI": "Mistral AI",
        "Google": "Google"}


@pytest.fixture(scope="module")
def matcher() -> ModelMatcher:
    return ModelMatcher(NAMES, ORGS)


@pytest.mark.parametrize("text", [
    "in which domains do open weights do best relative to the closed labs' models?",
    "on livebench, where does the strongest open model land relative to the top proprietary one",
])
def test_the_open_side_relative_to_the_closed_one_is_a_gap(matcher: ModelMatcher, text: str) -> None:
    assert parse(text, matcher, classifier=leaning_model("best")).intent == "gap"


@pytest.mark.parametrize("text", [
    "livecodebench numbers: top open vs top proprietary?",
    "what does the leading open model score against the leading closed model on math",
    # the best result by each side, or the open one nearest the leader's score
    "gpqa: highest result by an open weights model versus the best of the proprietary ones?",
    "on livebench math, which open llm got closest to the top closed score last year",
])
def test_the_open_leader_set_against_the_closed_leader_is_a_gap(matcher: ModelMatcher, text: str) -> None:
    assert parse(text, matcher, classifier=leaning_model("best")).intent == "gap"


@pytest.mark.parametrize("text", [
    "got any open model in the top 10 on the arena yet",
    "are there even a single open weights llm among the overall top 3",
    # first place, now or ever
    "aider: is an open model in first place yet?",
    "has an open weights model ever ranked first on the arena?",
    "is any open model honestly number one on livebench right now",
    # the same, put tersely
    "any oss in top 5 overall?",
    "open model in aider top 3 ever?",
    "has any oss model topped livebench",
    "oss ever top the arena?",
    "did any open model lead the arena back in 2023?",
    "has a free model ever been the best at math on livebench?",
    "how many open models are in the lmarena top 10",
    "is open source even in the top 10 on the arena anymore",
    "did open ever clutch the #1 spot on aider",
    "any open model climbed into the lmarena top 10 yet",
    "did an open sorce model ever get to number 1 on livebench",
    "has any free ai model ever been ranked the best in the world?",
])
@pytest.mark.parametrize("leaning", ["best", "gap"])
def test_an_open_model_looked_for_in_the_top_n_is_a_catch_up(matcher: ModelMatcher, text: str, leaning: str) -> None:
    # whether the open side has reached the top N (docs/writers/BRIEF.md), however the model leans
    assert parse(text, matcher, classifier=leaning_model(leaning)).intent == "catch_up"


@pytest.mark.parametrize("text", ["is there any category where open models are #1",
                                  "who's #1 on aider, open or closed?",
                                  "did open models ever lead on any benchmark, even briefly?"])
def test_where_or_who_is_first_stays_a_gap(matcher: ModelMatcher, text: str) -> None:
    assert parse(text, matcher, classifier=leaning_model("gap")).intent == "gap"


def test_the_closed_leader_set_against_a_best_open_answer_is_a_gap(matcher: ModelMatcher) -> None:
    first = parse("which open model leads aider polyglot", matcher, classifier=leaning_model("best"))
    reply = parse("and how does it compare with the strongest proprietary one", matcher,
                  classifier=leaning_model("best")).merged_with(first, matcher)
    assert (first.intent, reply.intent, reply.source) == ("best", "gap", "aider")


@pytest.mark.parametrize("text", [
    "top 3 open models for coding",
    "which open models are in the arena top 5",  # which ones, not whether any is: the leaders listed
    "best open model vs closed ones, top 5 of each",
    "what's the best model for coding, closed or open",
    "which open model is closest to the best closed models for writing? just the one",  # the models, not a score
])
def test_a_leader_asked_for_stays_a_best_question(matcher: ModelMatcher, text: str) -> None:
    assert parse(text, matcher, classifier=leaning_model("best")).intent == "best"


@pytest.mark.parametrize("text", [
    "how does anthropic's lineup stack up against openai's on coding",
    "deepseek versus mistral, overall",
])
def test_two_labs_set_side_by_side_are_compared(matcher: ModelMatcher, text: str) -> None:
    assert parse(text, matcher, classifier=leaning_model("explain")).intent == "compare"


@pytest.mark.parametrize("text", [
    "why does deepseek hold up so well against openai",
    "will deepseek overtake openai next year",
    "what do analysts say about anthropic vs openai",
])
def test_a_cause_view_or_forecast_about_two_labs_stays_an_article_question(matcher: ModelMatcher, text: str) -> None:
    assert parse(text, matcher, classifier=leaning_model("explain")).intent == "explain"


@pytest.mark.parametrize("lean", ["explain", "out_of_scope", "catch_up", "model"])
@pytest.mark.parametrize("text", [
    "how far ahead is anthropic of deepseek these days",
    "did kimi k2 ever come close to gpt-5.1 on the arena",
    "deepseek v3.2 is wild for the price, how close did it get to gpt-5.1 though",
    "was kimi k2 really at gpt-5.1 level or just hype",
    "is mistral or deepseek closer to the closed frontier",
])
def test_one_held_to_the_others_level_is_compared(matcher: ModelMatcher, text: str, lean: str) -> None:
    assert parse(text, matcher, classifier=leaning_model(lean)).intent == "compare"


@pytest.mark.parametrize("text, lean", [
    ("why is deepseek still behind openai", "explain"),  # a cause
    ("will kimi k2 ever come close to gpt-5.1", "explain"),  # a forecast
    ("when did deepseek v3.2 get close to gpt-5.1", "catch_up"),  # a time of catching up
    ("how far behind is deepseek v3.2", "model"),  # one model
])
def test_a_cause_forecast_or_time_of_one_held_to_another_stays(matcher: ModelMatcher, text: str, lean: str) -> None:
    assert parse(text, matcher, classifier=leaning_model(lean)).intent == lean


def test_labs_told_of_before_an_open_vs_closed_question_are_context(matcher: ModelMatcher) -> None:
    text = ("our team pays for openai and anthropic both and the bills hurt. on math, how far behind are the open "
            "models compared with the closed ones?")
    q = parse(text, matcher, classifier=leaning_model("gap"))
    assert q.intent == "gap" and q.models == []


def test_models_named_in_the_question_itself_are_compared(matcher: ModelMatcher) -> None:
    q = parse("is deepseek v3.2 still behind gpt-5.1 on math?", matcher, classifier=leaning_model("gap"))
    assert q.intent == "compare" and q.models == ["deepseek-v3.2", "gpt-5.1"]



@pytest.mark.parametrize("text, intent", [
    # two readings offered to choose from, no question mark, a "lol" after: asked, not an opinion stated
    ("local models finally good enough for sql or still way behind lmao", "gap"),
    ("the arena gap, still narrowing or did it flatten out lol", "trend"),
])
def test_a_choice_offered_without_a_question_mark_is_asked(matcher: ModelMatcher, text: str, intent: str) -> None:
    assert parse(text, matcher, classifier=leaning_model(intent)).intent == intent


def test_a_remark_tagged_is_it_just_me_stays_a_remark(matcher: ModelMatcher) -> None:
    q = parse("kimi is better than all of these or is it just me lol", matcher, classifier=leaning_model("model"))
    assert q.intent == "out_of_scope"


def test_the_apis_are_the_closed_side(matcher: ModelMatcher) -> None:
    text = "moving everything in-house, how much quality do we lose versus the apis"
    assert parse(text, matcher, classifier=leaning_model("gap")).intent == "gap"


@pytest.mark.parametrize("text", [
    "honestly, are the local models catching up at math or not",
    "settle it: whether open weights are really catching up on the arena",
])
def test_the_open_side_catching_up_is_a_trend(matcher: ModelMatcher, text: str) -> None:
    assert parse(text, matcher, classifier=leaning_model("gap")).intent == "trend"


@pytest.mark.parametrize("text", [
    "is 'open source is catching up' just marketing",  # the slogan quoted
    "are open models catching up with the closed ones on math",  # a target caught up with
])
def test_a_quoted_slogan_or_a_target_is_no_trend_by_rule(matcher: ModelMatcher, text: str) -> None:
    assert parse(text, matcher, classifier=leaning_model("gap")).intent == "gap"


@pytest.mark.parametrize("lean", ["explain", "out_of_scope", "catch_up"])
@pytest.mark.parametrize("text", [
    "so have the open weights finally caught up, yes or no",
    "local models basically caught up at this point?",
    "have the free downloadable ones caught up on math or not yet",  # "yet" asks of no level reached
    "honest q: the free models vs the paid ones, still worth paying?",
    "are the paid llms really that much better than free llms for math",
    # what was read or heard is told first; the question asks for no explanation
    "a podcast i like claims the downloadable ones are now level with chatgpt. running a shop, i just need to know: "
    "are the free llms as good as the paid ones these days?",
])
def test_the_sides_said_without_gap_words_are_the_gap(matcher: ModelMatcher, text: str, lean: str) -> None:
    # caught up with no target, or the two sides named by price: how far apart they are
    assert parse(text, matcher, classifier=leaning_model(lean)).intent == "gap"


@pytest.mark.parametrize("text, lean", [
    ("is distillation the reason open models caught up so quickly", "explain"),  # a cause
    ("the 'open source caught up' story, overhyped?", "explain"),  # quoted
    ("have open weights caught up to kimi k2 yet", "catch_up"),  # a target caught up with
    ("are free ones any good for tax filing", "out_of_scope"),  # one side, and no AI word
    ("what counts, for the analysts, as when open weights have caught up", "explain"),  # what counts as caught up
    ("is the lead of the paid models over free models shrinking on math", "trend"),  # a change, not the gap now
])
def test_a_cause_quote_target_or_one_side_is_no_gap_by_rule(matcher: ModelMatcher, text: str, lean: str) -> None:
    assert parse(text, matcher, classifier=leaning_model(lean)).intent == lean


@pytest.mark.parametrize("text", [
    "how far is the best open model from the likes of openai or anthropic on coding",
    "running stuff locally, how much do i lose at math vs apis such as openai and anthropic?",
])
def test_names_given_as_examples_of_the_closed_side_are_the_gap(matcher: ModelMatcher, text: str) -> None:
    q = parse(text, matcher, classifier=leaning_model("compare"))
    assert q.intent == "gap" and q.models == []


def test_a_model_set_against_an_example_is_compared(matcher: ModelMatcher) -> None:
    q = parse("is deepseek v3.2 worse than something like gpt-5.1 for coding", matcher,
              classifier=leaning_model("compare"))
    assert q.intent == "compare"


@pytest.mark.parametrize("reply", ["will it keep shrinking next year?", "is that gonna keep narrowing"])
def test_a_forecast_of_the_trend_just_answered_is_an_article_question(matcher: ModelMatcher, reply: str) -> None:
    previous = parse("is the gap on math shrinking?", matcher, classifier=leaning_model("trend"))
    q = parse(reply, matcher, classifier=leaning_model("trend")).merged_with(previous, matcher)
    assert q.intent == "explain" and q.category == "math"


@pytest.mark.parametrize("text, lean", [
    ("what's semianalysis's take on how far behind open weights are", "gap"),  # an analyst's view asked
    ("what did nist report about the gap between open and closed models", "gap"),
    ("altman says open models are a year behind, is he right?", "gap"),  # a public figure's claim checked
    ("is epoch's claim that open weights trail by three months accurate?", "gap"),
    ("open only looks close because of benchmark contamination, any evidence either way?", "gap"),  # a cause
    ("are open models gonna catch gpt-5.1 before christmas?", "catch_up"),  # a catch-up still to come
])
def test_an_analysts_view_a_public_claim_a_cause_or_forecast_is_told_to_the_model(matcher: ModelMatcher, text: str,
                                                                                  lean: str) -> None:
    # what the intent model is told (it weighs these; session 18 found the correction made after it did worse)
    signals = read_rules(text, matcher)[2]
    assert signals is not None and (signals["articles"] or signals["foretold"] or signals["causal"]), lean


@pytest.mark.parametrize("text, lean", [
    ("a guy at work said open models are miles behind, is he right?", "gap"),  # no public figure: the figures'
    ("how far behind are open models per the arena", "gap"),
    ("has open source caught up to gpt-5.1 yet?", "catch_up"),
    ("did an open model eventually match gpt-5.1?", "catch_up"),  # a catch-up that came
    ("i keep quoting the epoch finding that open trails by a year. has that lag shrunk since?", "trend"),
])
def test_a_figure_asked_beside_a_claim_or_analyst_stays(matcher: ModelMatcher, text: str, lean: str) -> None:
    # read by the shipped model ("eventually" tells it of a forecast; it still reads a catch-up that came)
    assert parse(text, matcher).intent == lean


@pytest.mark.parametrize(("text", "lean"), [
    ("how does gpt-5.1 measure up relative to the top open model on reasoning", "model"),
    ("how much stronger is gpt-5.1 than the best open one at coding", "model"),
    ("is anthropic still better than the best open model or nah", "best"),  # "than any": a catch-up
    ("gpt-5.1 is unreal, is anything open even close", "model"),
    ("openai still the champ vs the open crowd?", "explain"),
])
def test_one_closed_model_or_lab_against_the_open_side_is_told_to_the_model(matcher: ModelMatcher, text: str,
                                                                             lean: str) -> None:
    # the intent model's feature `vs_open_side` (it leans to gap), whatever else the words lean to (`lean`)
    q, _, signals = read_rules(text, matcher)
    assert signals is not None and signals["vs_open_side"] and len(q.models) == 1, lean


@pytest.mark.parametrize(("text", "lean"), [
    ("how does kimi k2 rank against other open models", "model"),  # one open model among the others
    ("is kimi k2 the best open model right now", "best"),  # nothing set against the open side
    ("why is gpt-5.1 so far ahead of the best open model", "explain"),  # a cause asked
    ("gpt-5.1 vs deepseek v3.2, is the open one close", "compare"),  # two models side by side
])
def test_one_model_among_or_beside_the_open_ones_keeps_its_reading(matcher: ModelMatcher, text: str,
                                                                    lean: str) -> None:
    signals = read_rules(text, matcher)[2]
    assert signals is not None and not signals["vs_open_side"]
    assert parse(text, matcher, classifier=leaning_model(lean)).intent == lean


@pytest.mark.parametrize(("text", "lean"), [
    ("what's the newest open model from mistral", "best"),  # a lab's own open model, nothing set against it
    ("does openai keeping its weights closed help it hold a lead over open models", "explain"),  # a cause
])
def test_a_labs_own_open_model_or_a_cause_is_no_gap(matcher: ModelMatcher, text: str, lean: str) -> None:
    signals = read_rules(text, matcher)[2]
    assert signals is not None and not signals["vs_open_side"]
    assert parse(text, matcher, classifier=leaning_model(lean)).intent == lean


@pytest.mark.parametrize("text", ["how has kimi k2's standing moved since it came out",
                                  "has deepseek been improving on the rankings this year"])
def test_one_models_standing_over_time_is_a_model_question(matcher: ModelMatcher, text: str) -> None:
    # no distance between the sides asked, so no trend of the gap, however the model reads it
    assert parse(text, matcher, classifier=leaning_model("trend")).intent == "model"


def test_a_closed_model_held_to_the_open_side_over_time_stays_a_trend(matcher: ModelMatcher) -> None:
    assert parse("is the lead of gpt-5.1 over the open ones shrinking", matcher,
                 classifier=leaning_model("trend")).intent == "trend"


def test_one_named_model_catching_another_is_a_comparison(matcher: ModelMatcher) -> None:
    lean = "catch_up"
    names = ModelMatcher({**NAMES, "Gemini 3 Pro": "gemini-3-pro"}, ORGS)
    assert parse("did kimi k2 ever catch up with gemini 3 pro", names, classifier=leaning_model(lean)).intent == \
        "compare"
    # the open side held to two models, or when one caught the other, stays a catch-up
    assert parse("have open models caught up with gpt-5.1 and gemini 3 pro", names,
                 classifier=leaning_model("catch_up")).intent == "catch_up"
    assert parse("how many months after gpt-5.1 did kimi k2 catch up", names,
                 classifier=leaning_model("catch_up")).intent == "catch_up"


@pytest.mark.parametrize("lean", ["gap", "explain"])
@pytest.mark.parametrize("text", ["coding gap, 2024 versus today?", "how big was it last year compared to now on math",
                                  "compare the math gap in 2024 with today"])
def test_a_past_time_set_against_today_is_a_trend(matcher: ModelMatcher, text: str, lean: str) -> None:
    assert parse(text, matcher, classifier=leaning_model(lean)).intent == "trend"


@pytest.mark.parametrize("lean", ["explain", "best", "out_of_scope"])
@pytest.mark.parametrize("text", ["who's ahead right now, the open source crowd or the big labs?",
                                  "on livebench math who was leading in march, open models or closed ones"])
def test_which_side_leads_with_both_named_is_the_gap(matcher: ModelMatcher, text: str, lean: str) -> None:
    assert parse(text, matcher, classifier=leaning_model(lean)).intent == "gap"


@pytest.mark.parametrize("text", ["would banning open weights be a good idea, what do people argue?",
                                  "is it true the chinese open models just copied openai?"])
def test_the_debate_about_open_weights_is_an_article_question(matcher: ModelMatcher, text: str) -> None:
    assert parse(text, matcher, classifier=leaning_model("out_of_scope")).intent == "explain"


def test_the_open_side_held_to_two_models_is_a_gap(matcher: ModelMatcher) -> None:
    names = ModelMatcher({**NAMES, "Gemini 3 Pro": "gemini-3-pro"}, ORGS)
    q = parse("how far are open models from gpt-5.1 and gemini 3 pro on math", names,
              classifier=leaning_model("gap"))
    assert q.intent == "gap"
    assert parse("how fr behind are open models on math", names, classifier=leaning_model("gap")).intent == "gap"


@pytest.mark.parametrize("lean", ["best", "gap"])
def test_why_is_asks_a_cause(matcher: ModelMatcher, lean: str) -> None:
    assert parse("ngl why are all the best open models chinese now", matcher,
                 classifier=leaning_model(lean)).intent == "explain"
    # a question of its own after the why keeps its reading
    assert parse("why is everyone hyping kimi k2, is it actually that good", matcher,
                 classifier=leaning_model("model")).intent == "model"


def test_a_misspelt_which_still_asks(matcher: ModelMatcher) -> None:
    # "whch is beter" is a question, not an opinion stated ("x is better")
    assert parse("deepseek v3.2 vs kimi k2 whch is beter", matcher, classifier=leaning_model("compare")).intent == \
        "compare"


@pytest.mark.parametrize("text", ["is mistral large 3 still relevant or did it fall off?",
                                  "a guy in my discord says deepseek is dead. is it?"])
@pytest.mark.parametrize("leaning", ["explain", "out_of_scope"])
def test_a_standing_in_the_channels_words_is_a_model_question(matcher: ModelMatcher, text: str, leaning: str) -> None:
    # the lab's or model's standing now (docs/writers/BRIEF.md), however the model leans
    assert parse(text, matcher, classifier=leaning_model(leaning)).intent == "model"


@pytest.mark.parametrize("text", ["why did mistral large 3 fall off", "what happened to deepseek, why is it washed"])
def test_why_a_lab_fell_off_stays_an_article_question(matcher: ModelMatcher, text: str) -> None:
    assert parse(text, matcher, classifier=leaning_model("explain")).intent == "explain"


def test_an_open_model_first_by_a_time_to_come_is_a_forecast(matcher: ModelMatcher) -> None:
    assert parse("could an open model be #1 on the arena by the end of 2027?", matcher,
                 classifier=leaning_model("explain")).intent == "explain"


@pytest.mark.parametrize("text", ["is deepseek still the top open lab or did someone pass them",
                                  "is kimi k2 cooked fr"])
def test_a_lab_still_on_top_or_cooked_is_its_standing(matcher: ModelMatcher, text: str) -> None:
    assert parse(text, matcher, classifier=leaning_model("explain")).intent == "model"


@pytest.mark.parametrize("text, intent", [
    ("lowkey is open source ahead in anything at all lol", "gap"),  # a filler before the question
    ("math gap vs two years ago, better or worse lol", "trend"),  # a choice put to the reader asks
    ("gap on codeing over tiem?", "trend"),  # typos of the words an intent hangs on
    ("wy do closed modles do so much beter at instrucion following", "explain"),
    ("any predicitons on when a opn model matchs gpt-5.1 level?", "explain"),
])
def test_fillers_choices_and_typos_still_read(matcher: ModelMatcher, text: str, intent: str) -> None:
    assert parse(text, matcher, model=False).intent == intent  # the rules' reading, the model's strongest feature


@pytest.mark.parametrize("text", ["wat is ECI exactly", "what does 'proprietary' even mean on these boards",
                                  "explain what elo is", "ok in plain words, what even is livebench?",
                                  "what's this 'GPQA' thing everyone in here quotes?"])
@pytest.mark.parametrize("leaning", ["out_of_scope", "model"])
def test_a_term_of_the_gap_asked_to_be_defined_is_an_article_question(matcher: ModelMatcher, text: str,
                                                                       leaning: str) -> None:
    assert parse(text, matcher, classifier=leaning_model(leaning)).intent == "explain"


def test_a_board_named_in_a_question_about_its_figures_is_no_definition(matcher: ModelMatcher) -> None:
    assert parse("what is the eci score of the best open model?", matcher,
                 classifier=leaning_model("best")).intent == "best"


def test_a_figure_asked_exactly_is_no_definition(matcher: ModelMatcher) -> None:
    assert parse("what's kimi k2's livebench coding score exactly", matcher,
                 classifier=leaning_model("model")).intent == "model"


@pytest.mark.parametrize("text, when", [
    ("how big was the open vs closed gap in mid 2024 compared to where it is now?", ">=2024-06"),
    ("what was the gap on the arena in january 2024 vs february 2025?", "2024-01..2025-02"),
    # the second time farther on and not read as a date: from the first on
    ("how far behind were open models on the arena in mid-2024 vs where they stood in the january 2025 release?",
     ">=2024-06"),
])
@pytest.mark.parametrize("leaning", ["gap", "explain"])
def test_a_past_time_set_against_now_or_another_is_a_trend(matcher: ModelMatcher, text: str, when: str,
                                                           leaning: str) -> None:
    q = parse(text, matcher, TODAY, classifier=leaning_model(leaning))
    assert (q.intent, str(q.when)) == ("trend", when)


def test_the_highest_open_score_against_the_highest_closed_is_a_gap(matcher: ModelMatcher) -> None:
    assert parse("what's the highest open score on frontiermath vs the highest closed one?", matcher,
                 classifier=leaning_model("best")).intent == "gap"


@pytest.mark.parametrize("text", [
    "has a single open weigths model cracked the top 5 on lmarena evr?",
    "did an open model ever get into the livebench top 3",
    "is it true some open model hit #1 on lmarena for a while?",
    "so no open model has reached the top spot on aider yet?",
    "has any open model been ranked above all the closed ones on livebench?",
    "was the open side ever first on the arena during 2024?",
])
@pytest.mark.parametrize("leaning", ["best", "trend", "gap"])
def test_an_open_model_at_the_top_however_put_is_a_catch_up(matcher: ModelMatcher, text: str, leaning: str) -> None:
    assert parse(text, matcher, TODAY, classifier=leaning_model(leaning)).intent == "catch_up"


def test_the_open_share_of_a_top_list_now_against_then_stays_a_trend(matcher: ModelMatcher) -> None:
    assert parse("how many open models are in the arena top 10 now compared with a year ago", matcher, TODAY,
                 classifier=leaning_model("trend")).intent == "trend"


@pytest.mark.parametrize("text, intent", [
    ("who led the arena at the end of 2024, open or closed?", "gap"),
    ("who was on top of livebench last spring, an open model or a closed one?", "gap"),
    ("who leads aider right now, open or closed doesn't matter", "best"),  # the side waved aside
])
def test_which_side_led_is_a_gap_unless_the_side_does_not_matter(matcher: ModelMatcher, text: str,
                                                                 intent: str) -> None:
    assert parse(text, matcher, TODAY, classifier=leaning_model("best")).intent == intent


@pytest.mark.parametrize("text", [
    "when did an open model first go above 60% on swe-bench verified",
    "how many of the top ten on livebench are open weights right now?",
    "has the best open model reached 75 on livebench yet",
])
@pytest.mark.parametrize("leaning", ["best", "gap"])
def test_a_line_or_a_share_of_the_top_reached_is_a_catch_up(matcher: ModelMatcher, text: str, leaning: str) -> None:
    assert parse(text, matcher, TODAY, classifier=leaning_model(leaning)).intent == "catch_up"


@pytest.mark.parametrize("text", [
    "is any open model above the best closed one right now?",
    "aime 2025: has any open-weights model matched the top closed score, or still a few problems short?",
    "anything open actually beat opus yet or are we still coping",
])
@pytest.mark.parametrize("leaning", ["gap", "best", "model"])
def test_one_open_model_above_or_level_with_the_closed_side_is_a_catch_up(matcher: ModelMatcher, text: str,
                                                                         leaning: str) -> None:
    assert parse(text, matcher, TODAY, classifier=leaning_model(leaning)).intent == "catch_up"


@pytest.mark.parametrize("text", [
    "is any open model ahead of every closed one in any category?",  # where open leads: a gap
    "is any open model ahead of the closed ones on math right now, and by how much?",
    "why is an open model above gpt-5.1 on the arena but not on livebench?",
    "in which benchmarks is any open model above the closed ones?",
    "is any open model better than the rest of the open ones at math?",
])
def test_where_or_by_how_much_an_open_model_leads_stays_as_read(matcher: ModelMatcher, text: str) -> None:
    assert parse(text, matcher, TODAY, classifier=leaning_model("gap")).intent != "catch_up"


def test_the_open_count_of_a_top_n_alone_stays_a_catch_up(matcher: ModelMatcher) -> None:
    for text in ("in the top 10 on the arena, how many are open?", "looking at the top 20, how many of them are open"):
        assert parse(text, matcher, TODAY, classifier=leaning_model("catch_up")).intent == "catch_up"


@pytest.mark.parametrize("text", [
    "top 6 on livebench reasoning, and how many of those are open?",
    "list the top 10 on swe-bench verified and tell me how many are open",
])
@pytest.mark.parametrize("leaning", ["catch_up", "best"])
def test_a_top_n_asked_for_then_its_open_ones_counted_is_the_list(matcher: ModelMatcher, text: str,
                                                                  leaning: str) -> None:
    q = parse(text, matcher, TODAY, classifier=leaning_model(leaning))
    assert (q.intent, q.group) == ("best", None)


@pytest.mark.parametrize("text", ["is gpt-5 still mogging every open model on math?",
                                  "does gemini 3 pro still beat everything open on the arena?"])
@pytest.mark.parametrize("leaning", ["catch_up", "model"])
def test_a_closed_model_over_every_open_one_is_a_gap(matcher: ModelMatcher, text: str, leaning: str) -> None:
    assert parse(text, matcher, TODAY, classifier=leaning_model(leaning)).intent == "gap"


@pytest.mark.parametrize("text", ["is kimi k2 the best open model on livebench?",
                                  "is gpt-5.1 still the strongest model for math",
                                  # top of the board said instead of the best
                                  "is deepseek v3.2 top of the open board or is that just hype",
                                  "is kimi k2 still top of the leaderboard?"])
@pytest.mark.parametrize("leaning", ["model", "catch_up"])
def test_a_named_model_asked_about_as_the_best_is_a_best_question(matcher: ModelMatcher, text: str,
                                                                  leaning: str) -> None:
    assert parse(text, matcher, TODAY, classifier=leaning_model(leaning)).intent == "best"


@pytest.mark.parametrize("text", [
    "was kimi k2 ever the top open model on the arena",  # its standing over time
    "is gpt-5.1 ahead of the best open model?",  # set against the best
    "is deepseek v3.2 still a top 5 open model",  # among the best, not the best
])
def test_a_named_model_near_the_best_is_not_asked_which_is_best(matcher: ModelMatcher, text: str) -> None:
    assert parse(text, matcher, TODAY, classifier=leaning_model("model")).intent != "best"


@pytest.mark.parametrize("text, intent", [
    ("When did an open model first take the lead on Aider's old code editing leaderboard, if ever?", "catch_up"),
    ("what's the meta build for nightreign rn, my duo keeps dying to the second boss", "out_of_scope"),  # gamers' meta
    ("okay so a vc said open source will always be a year behind. do the articles agree with that reasoning?",
     "explain"),
])
def test_session_15_readings(text: str, intent: str) -> None:
    q = parse(text)
    assert q.intent == intent
    assert q.category in (None, "coding")  # "that reasoning" is an argument, not the domain


@pytest.mark.parametrize("text", [
    "frontiermath tier 4 — has any open model solved anything at all yet?",
    "did any opensource model beat gpt-4o on the arena yet",
    "did the free models ever actually beat the paid ones at anything? even one category?",
    "Did the open models actually catch up with the closed ones at some point in 2025, even briefly?",
])
def test_whether_any_open_model_reached_a_level_yet_is_a_catch_up(text: str) -> None:
    assert parse(text).intent == "catch_up"


@pytest.mark.parametrize("text, intent", [
    ("will any open model beat gpt-5 this year?", "explain"),  # a forecast
    ("why has no open model matched gpt-5 yet?", "explain"),  # a cause
])
def test_a_forecast_or_a_cause_of_reaching_a_level_is_no_catch_up(text: str, intent: str) -> None:
    assert parse(text).intent == intent


@pytest.mark.parametrize("text, intent", [
    ("my boss says 'just use the free ones, they're as good as ChatGPT now'. is he right?", "gap"),
    ("Which is smarter right now, the stuff I can download or the stuff I pay for?", "gap"),
    ("is the free chinese stuff as good as chatgpt now or still a tier below", "gap"),
    ("is chatgpt plus worth it for a student or should i just stick with the free tier", "out_of_scope"),
])
def test_the_sides_in_outsiders_words_are_the_gap_not_a_decline(text: str, intent: str) -> None:
    assert parse(text).intent == intent


def test_what_a_training_bill_was_reported_as_is_an_article_question() -> None:
    assert parse("how much did it cost deepseek to train v3, like the actual dollar amount").intent == "out_of_scope"
    assert parse("What were DeepSeek's reported training costs for V3 as of December 2024?").intent == "explain"


@pytest.mark.parametrize("text", [
    "was anything open in the top 3 of swe-bench verified in may 2025?",
    "any open model actually crack the top 3 on lmarena yet or nah",
    "When did the first open model break into the arena top 10?",
])
def test_an_open_model_in_the_top_n_said_loosely_is_a_catch_up(text: str) -> None:
    assert parse(text).intent == "catch_up"
    assert parse("what are the top 3 open models on the arena").intent == "best"


@pytest.mark.parametrize("text", [
    "did any open model ever rank first on the aider polyglot leaderboard?",
    "when did an open model first top the aider board",
    "has any open model reached 80% on swe-bench verified?",
    "any open model sitting in the arena top 5 yet or nah",
    # no level spelt out: whether the open side ever got there, the intent model's to read (session 20: dev's writers
    # label such questions catch-ups, "have the free models ever been the best at anything, even briefly?")
    "when did open models catch up?",
    "when did open models catch up in 2024?",
    "has the open side ever been ahead of the closed side, even for like a week",
])
def test_the_open_side_at_a_level_needs_no_named_model(matcher: ModelMatcher, text: str) -> None:
    # A catch-up with no model named is the intent model's to read, wherever the open side is held to the top
    assert parse(text, matcher, classifier=leaning_model("catch_up")).intent == "catch_up"


@pytest.mark.parametrize("text", [
    "has the open side ever taken the w on any livebench category",
    "is there any arena category where an open model holds first place?",
    "will open models ever pass the closed ones",  # a forecast: the articles'
    "is gpt-6 still mogging every open model on math?",  # a closed model over all of them, a gap
])
def test_whether_open_models_lead_anywhere_is_no_catch_up(matcher: ModelMatcher, text: str) -> None:
    assert parse(text, matcher, classifier=leaning_model("catch_up")).intent != "catch_up"


def test_one_of_two_named_models_asked_for_is_a_comparison(matcher: ModelMatcher) -> None:
    best = leaning_model("best")
    assert parse("kimi k2 n deepseek v3.2 both open right, which one pullin more weight on aider", matcher,
                 classifier=best).intent == "compare"
    assert parse("which of the two is ahead on math, gpt-5.1 or deepseek v3.2?", matcher,
                 classifier=best).intent == "compare"
    # three or more named, or a top N asked: a board's leaders among them
    assert parse("kimi k2, deepseek v3.2, gpt-5.1: which one is best at math?", matcher,
                 classifier=best).intent == "best"
    assert parse("which one is the best open model, deepseek or kimi? top 3 please", matcher,
                 classifier=best).intent == "best"


def test_a_question_after_a_jeer_is_asked(matcher: ModelMatcher) -> None:
    # "ratio" opens a jeer, but a clause asking "whose" after it asks something
    q, _, signals = read_rules("ratio check: deepseek vs kimi k2, whose open models go harder", matcher, TODAY)
    assert signals is not None and not q.flagged
    q, _, signals = read_rules("ratio + L + open models still can't touch gpt-5.1", matcher, TODAY)
    assert signals is None and q.flagged


@pytest.mark.parametrize("text, intent", [
    ("wich is best at folowing instrucions in livebench, open or closed?", "gap"),  # which side leads
    ("which one is better at coding, open weights or closed?", "gap"),
    ("which is the best open model or is it all closed", "best"),  # the open side's best, the other side aside
    ("which is the best model for maths at the moment, open or closed, doesnt matter to me", "best"),
])
def test_which_is_best_with_both_sides_offered_asks_which_side_leads(matcher: ModelMatcher, text: str,
                                                                      intent: str) -> None:
    assert parse(text, matcher, TODAY, classifier=leaning_model("best")).intent == intent


@pytest.mark.parametrize("leaning", ["model", "gap"])
def test_whether_something_has_to_do_with_a_lab_falling_behind_asks_a_cause(matcher: ModelMatcher,
                                                                             leaning: str) -> None:
    q = parse("Does the EU AI Act have anything to do with Mistral falling behind the US labs?", matcher, TODAY,
              classifier=leaning_model(leaning))
    assert (q.intent, q.models) == ("explain", ["org:Mistral AI"])
