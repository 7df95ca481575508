"""Replies that change the previous question rather than ask their own (issue #13): adding a model to it, swapping its
model for a variant, another domain or board "for it", a count for its list, the other side, when after a catch-up.
Each inherits the previous question's context and takes the right intent whatever the intent model makes of its few
words. Replies that ask for writing (a tweet, a thread, a summary) or only remark are declined."""

from __future__ import annotations

from datetime import date

import pytest

from gapbot.question import ModelMatcher, Query, asks_something, parse
from tests.unit.factories import leaning_model

TODAY = date(2026, 1, 15)
MATCHER = ModelMatcher(
    {"GLM 4.6": "glm-4.6", "GPT-5": "gpt-5", "GPT-5 mini": "gpt-5-mini", "Gemini 2.5 Pro": "gemini-2.5-pro",
     "Gemini 2.5 Flash": "gemini-2.5-flash", "o3": "o3", "Kimi K2": "kimi-k2", "Kimi K2 Thinking": "kimi-k2-thinking",
     "Qwen3 235B": "qwen3-235b", "DeepSeek R1": "deepseek-r1", "DeepSeek R1 0528": "deepseek-r1-0528",
     "gpt-oss-120b": "gpt-oss-120b", "gpt-oss-20b": "gpt-oss-20b", "Llama 4 Maverick": "llama-4-maverick",
     "Llama 4 Scout": "llama-4-scout"})


def _follow(previous: str, reply: str, leaning: str | None = None) -> Query:
    first = parse(previous, MATCHER, TODAY)
    classifier = leaning_model(leaning) if leaning else None
    return parse(reply, MATCHER, TODAY, classifier=classifier).merged_with(first, MATCHER)


LEANINGS = [None, "explain", "out_of_scope", "best"]


@pytest.mark.parametrize("previous, reply, models, category", [
    ("glm 4.6 vs gpt-5 on coding", "toss gemini 2.5 pro into the mix", ["glm-4.6", "gpt-5", "gemini-2.5-pro"],
     "coding"),
    ("compare o3 and kimi k2 on reasoning", "can you include glm 4.6 as well", ["o3", "kimi-k2", "glm-4.6"],
     "reasoning"),
    ("how strong is qwen3 235b at math", "stick gpt-5 next to it", ["qwen3-235b", "gpt-5"], "math"),
    ("how good is deepseek r1 at math", "ok add o3 and gpt-5 to the comparison", ["deepseek-r1", "o3", "gpt-5"],
     "math"),
    # "vs X" after a lead-in word compares the model asked about before with X
    ("how does glm 4.6 do on coding", "ok vs gpt-5 then?", ["glm-4.6", "gpt-5"], "coding"),
    ("how strong is kimi k2 at math", "so against o3?", ["kimi-k2", "o3"], "math"),
])
@pytest.mark.parametrize("leaning", LEANINGS)
def test_a_model_added_makes_a_comparison_with_the_previous_models(previous: str, reply: str, models: list[str],
                                                                    category: str, leaning: str | None) -> None:
    q = _follow(previous, reply, leaning)
    assert (q.intent, q.models, q.category) == ("compare", models, category)


def test_a_model_added_that_was_already_compared_adds_nothing() -> None:
    q = _follow("glm 4.6 vs gpt-5 on coding", "add gpt-5")
    assert q.models != ["glm-4.6", "gpt-5", "gpt-5"]


@pytest.mark.parametrize("previous, reply, want", [
    ("glm 4.6 vs gpt-5 on coding", "kk now math", ("compare", None, "math", ["glm-4.6", "gpt-5"], None)),
    ("glm 4.6 vs gpt-5 on coding", "does lmarena agree?", ("compare", "lmarena", "coding", ["glm-4.6", "gpt-5"], None)),
    ("glm 4.6 vs gpt-5 on coding", "same picture on aider?",
     ("compare", "aider", "coding", ["glm-4.6", "gpt-5"], None)),
    ("how far behind are models on math", "sorry, i meant on aider", ("gap", "aider", "math", [], None)),
    ("best open model for reasoning on livebench", "nice, now the closed side",
     ("best", "livebench", "reasoning", [], False)),
    ("which proprietary model leads data analysis", "alright, and the open side",
     ("best", None, "data analysis", [], True)),
])
@pytest.mark.parametrize("leaning", LEANINGS)
def test_an_acknowledged_change_of_domain_board_or_side_asks_the_previous_question_again(
        previous: str, reply: str, want: tuple, leaning: str | None) -> None:
    q = _follow(previous, reply, leaning)
    assert (q.intent, q.source, q.category, q.models, q.group) == want


@pytest.mark.parametrize("previous, reply, top, group", [
    ("best open models for math", "make it 3", 3, True),
    ("which closed models lead coding", "ok give me 8", 8, False),
    ("what are the strongest open models on reasoning", "list seven", 7, True),
    ("top proprietary models for data analysis", "just show 2", 2, False),
])
def test_a_count_asked_of_the_previous_list_is_its_top(previous: str, reply: str, top: int,
                                                       group: bool | None) -> None:
    q = _follow(previous, reply)
    assert (q.intent, q.top, q.group) == ("best", top, group)
    assert q.category == parse(previous, MATCHER, TODAY).category


@pytest.mark.parametrize("reply", ["what about vs gpt-5 instead of gemini 2.5 pro", "and gpt-5 rather than gemini?"])
def test_a_model_put_in_the_place_of_the_one_asked_about_takes_its_place(reply: str) -> None:
    q = _follow("how far behind gemini 2.5 pro are open models on coding?", reply)
    assert (q.intent, q.models, q.category) == ("gap", ["gpt-5"], "coding")


def test_a_count_of_months_is_no_top() -> None:
    q = parse("show me 6 months ago", MATCHER, TODAY)
    assert not q.top_given


@pytest.mark.parametrize("previous, reply, want", [
    ("how good is gpt-oss-120b at coding", "what about the 20b", ("model", ["gpt-oss-20b"], "coding")),
    ("how strong is kimi k2 on math", "and its thinking variant?", ("model", ["kimi-k2-thinking"], "math")),
    ("how does llama 4 scout do on reasoning", "how about maverick then", ("model", ["llama-4-maverick"], "reasoning")),
    ("how good is gpt-5 at coding", "what about the mini model", ("model", ["gpt-5-mini"], "coding")),
    ("how good is deepseek r1 at math", "and the 0528 checkpoint?", ("model", ["deepseek-r1-0528"], "math")),
    ("when did open models catch up with gemini 2.5 pro", "and with flash?",
     ("catch_up", ["gemini-2.5-flash"], None)),
])
@pytest.mark.parametrize("leaning", LEANINGS)
def test_a_variant_named_by_its_own_words_replaces_the_previous_model(previous: str, reply: str, want: tuple,
                                                                       leaning: str | None) -> None:
    q = _follow(previous, reply, leaning)
    assert (q.intent, q.models, q.category) == want


def test_a_word_that_names_no_variant_is_context_not_a_model() -> None:
    q = _follow("how good is gpt-5 at coding", "what about the arena")
    assert (q.intent, q.models, q.source) == ("model", ["gpt-5"], "lmarena")


def test_without_a_matcher_no_variant_is_guessed() -> None:
    first = parse("how good is gpt-oss-120b at coding", MATCHER, TODAY)
    q = parse("what about the 20b", MATCHER, TODAY).merged_with(first)
    assert q.models != ["gpt-oss-20b"]


@pytest.mark.parametrize("previous, reply, want", [
    ("how good is glm 4.6 at reasoning", "and its math scores?", ("model", ["glm-4.6"], "math", None)),
    ("how strong is kimi k2 on coding", "what about when it does data analysis",
     ("model", ["kimi-k2"], "data analysis", None)),
    ("glm 4.6 vs gpt-5 on coding", "and their math numbers", ("compare", ["glm-4.6", "gpt-5"], "math", None)),
    ("how does gpt-5 do on coding", "is that one #1 there?", ("model", ["gpt-5"], "coding", None)),
    ("how does glm 4.6 do on aider", "where's it on livebench", ("model", ["glm-4.6"], None, "livebench")),
    ("how strong is qwen3 235b on math", "is it still on top?", ("model", ["qwen3-235b"], "math", None)),
])
@pytest.mark.parametrize("leaning", LEANINGS)
def test_the_previous_models_standing_elsewhere_stays_about_it(previous: str, reply: str, want: tuple,
                                                              leaning: str | None) -> None:
    q = _follow(previous, reply, leaning)
    assert (q.intent, q.models, q.category, q.source) == want


@pytest.mark.parametrize("reply", ["who got there first?", "how soon was that", "how long after o3 launched was that",
                                   "and which model was the first"])
@pytest.mark.parametrize("leaning", LEANINGS)
def test_when_or_which_first_after_a_catch_up_is_that_catch_up(reply: str, leaning: str | None) -> None:
    q = _follow("when did open models match o3 on math", reply, leaning)
    assert (q.intent, q.models, q.category, q.when) == ("catch_up", ["o3"], "math", None)


def test_a_trend_after_a_catch_up_stays_a_trend() -> None:
    q = _follow("when did open models match o3 on math", "has the gap been shrinking since then?")
    assert q.intent == "trend"


@pytest.mark.parametrize("reply", ["write a tweet about that", "could you make that into a linkedin post",
                                   "summarise it as a limerick for my team", "turn this into a few slides",
                                   "draft me a thread on it pls"])
def test_a_writing_task_is_declined_after_an_answer_and_alone(reply: str) -> None:
    assert _follow("how far behind are open models on knowledge?", reply).intent == "out_of_scope"
    assert parse(reply, MATCHER, TODAY).intent == "out_of_scope"


@pytest.mark.parametrize("text, intent", [
    ("which open model is best when it has to write code", "best"),
    ("what's the best open model to write marketing posts", "best"),
])
def test_what_a_model_writes_is_no_writing_task(text: str, intent: str) -> None:
    # the writing-task pattern leaves it alone: what it asks is the intent model's call (the shipped model, retrained
    # on more writers, declines "to write marketing posts" as a task, where an earlier one read it as a best-of)
    assert not parse(text, MATCHER, TODAY).flagged
    assert parse(text, MATCHER, TODAY, classifier=leaning_model(intent)).intent == intent


@pytest.mark.parametrize("reply", ["wild how close they got", "insane that it only took a year",
                                   "honestly amazing to see", "why is no one talking about this",
                                   "so why is everyone sleeping on this 💀"])
def test_a_remark_on_the_answer_is_not_answered(reply: str) -> None:
    assert not asks_something(reply)
    assert _follow("when did open models match o3 on math", reply).intent == "out_of_scope"
    assert parse(reply, MATCHER, TODAY).intent == "out_of_scope"


def test_a_remark_with_a_tag_asks() -> None:
    assert asks_something("wild how fast the coding gap closed, or am i wrong")


# Labs beside their models, as the engine's matcher knows them: a lab named alone ("qwen", "deepseek") is org:<lab>
LABS = ModelMatcher(
    {"Qwen3 235B": "qwen3-235b", "GPT-5": "gpt-5", "GPT-5 mini": "gpt-5-mini", "DeepSeek R1": "deepseek-r1",
     "Claude Sonnet 4.5": "claude-sonnet-4.5", "Claude Opus 4.1": "claude-opus-4.1", "GLM 4.6": "glm-4.6",
     "Kimi K2": "kimi-k2", "o3": "o3"},
    {o: o for o in ("Alibaba", "OpenAI", "DeepSeek", "Anthropic", "Zhipu AI", "Moonshot AI")},
    brands={"qwen": "Alibaba", "gpt": "OpenAI", "claude": "Anthropic", "glm": "Zhipu AI", "kimi": "Moonshot AI"},
    makers={"qwen3-235b": "Alibaba", "gpt-5": "OpenAI", "gpt-5-mini": "OpenAI", "o3": "OpenAI",
            "deepseek-r1": "DeepSeek", "claude-sonnet-4.5": "Anthropic", "claude-opus-4.1": "Anthropic",
            "glm-4.6": "Zhipu AI", "kimi-k2": "Moonshot AI"})


def _after(previous: str, reply: str, leaning: str | None = None) -> Query:
    first = parse(previous, LABS, TODAY)
    classifier = leaning_model(leaning) if leaning else None
    return parse(reply, LABS, TODAY, classifier=classifier).merged_with(first, LABS)


@pytest.mark.parametrize("previous, reply, want", [
    # a lab named after a question about its model is that model, not the lab's models
    ("qwen3 235b vs gpt-5 on math", "what does qwen get on coding by itself", ("model", ["qwen3-235b"], "coding")),
    ("compare deepseek r1 and claude sonnet 4.5 on reasoning", "deepseek alone, how does it do?",
     ("model", ["deepseek-r1"], "reasoning")),
    ("kimi k2 vs o3 on math", "only kimi's numbers pls", ("model", ["kimi-k2"], "math")),
    # one of the two compared, by its name, on its own
    ("glm 4.6 vs claude sonnet 4.5 on coding", "glm 4.6 on its own?", ("model", ["glm-4.6"], "coding")),
])
@pytest.mark.parametrize("leaning", LEANINGS)
def test_a_lab_or_model_of_a_comparison_asked_about_alone_is_that_model(
        previous: str, reply: str, want: tuple, leaning: str | None) -> None:
    q = _after(previous, reply, leaning)
    assert (q.intent, q.models, q.category) == want


@pytest.mark.parametrize("previous, reply, intent, models", [
    ("compare deepseek r1 and gpt-5 on math", "what's deepseek's best model for math", "best", ["org:DeepSeek"]),
    ("kimi k2 vs o3 on math", "why is moonshot so good at this", "explain", ["org:Moonshot AI"]),
])
def test_a_lab_asked_for_its_best_or_about_itself_stays_the_lab(previous: str, reply: str, intent: str,
                                                                models: list[str]) -> None:
    q = _after(previous, reply)
    assert (q.intent, q.models) == (intent, models)


@pytest.mark.parametrize("previous, reply, models", [
    ("glm 4.6 vs claude sonnet 4.5 on coding", "switch sonnet out for gpt-5", ["glm-4.6", "gpt-5"]),  # a word of it
    ("deepseek r1 vs claude opus 4.1 on reasoning", "use claude sonnet 4.5 instead",  # the new one's stablemate
     ["deepseek-r1", "claude-sonnet-4.5"]),
    ("compare qwen3 235b and gpt-5 on math", "what about gpt-5 mini rather than gpt-5", ["qwen3-235b", "gpt-5-mini"]),
    ("kimi k2 vs o3 on math", "put glm 4.6 in place of kimi", ["glm-4.6", "o3"]),  # by its lab
])
@pytest.mark.parametrize("leaning", LEANINGS)
def test_a_model_swapped_in_a_comparison_replaces_the_one_it_names(previous: str, reply: str, models: list[str],
                                                                   leaning: str | None) -> None:
    q = _after(previous, reply, leaning)
    assert (q.intent, q.models, q.category) == ("compare", models, parse(previous, LABS, TODAY).category)


@pytest.mark.parametrize("previous, reply, group, category, source", [
    ("top 5 models on livebench", "only the self-hostable ones now", True, None, "livebench"),
    ("best open model for coding", "ok and the proprietary king?", False, "coding", None),
    ("which closed model leads math", "now open stuff only, we run it on prem", True, "math", None),
])
@pytest.mark.parametrize("leaning", LEANINGS)
def test_a_side_asked_for_after_the_leaders_is_that_sides_leaders(previous: str, reply: str, group: bool,
                                                                  category: str | None, source: str | None,
                                                                  leaning: str | None) -> None:
    q = _after(previous, reply, leaning)
    assert (q.intent, q.group, q.category, q.source) == ("best", group, category, source)


def test_the_other_side_reaching_the_leader_is_no_list_of_leaders() -> None:
    assert _after("best open model for math", "has any of them caught the closed leader yet").intent != "best"


@pytest.mark.parametrize("previous, reply", [
    ("is the coding gap narrowing", "fine, how wide is it today"),
    ("has the gap on coding shrunk since 2024", "and the current figure?"),
])
@pytest.mark.parametrize("leaning", LEANINGS)
def test_the_size_now_after_a_trend_is_the_gap_today(previous: str, reply: str, leaning: str | None) -> None:
    q = _after(previous, reply, leaning)
    assert (q.intent, q.category, q.when) == ("gap", "coding", None)


@pytest.mark.parametrize("previous, reply, intent", [
    ("is the gap on reasoning closing", "how come it's narrowing that quickly", "explain"),
    ("is the gap on reasoning closing", "any clue why?", "explain"),
    ("how big is the gap on reasoning", "which direction is it moving?", "trend"),
    ("how big is the gap on reasoning", "which way's it heading", "trend"),
])
@pytest.mark.parametrize("leaning", LEANINGS)
def test_a_cause_or_a_direction_asked_of_the_previous_gap(previous: str, reply: str, intent: str,
                                                         leaning: str | None) -> None:
    q = _after(previous, reply, leaning)
    assert (q.intent, q.category) == (intent, "reasoning")


@pytest.mark.parametrize("leaning", LEANINGS)
def test_the_same_question_at_another_date(leaning: str | None) -> None:
    q = _after("how far behind are open models on coding", "same q for last spring", leaning)
    assert (q.intent, q.category) == ("gap", "coding") and q.when is not None


@pytest.mark.parametrize("previous, reply, want", [
    # which of the two compared, at a date or on a board: the same comparison
    ("kimi k2 vs o3 on math", "who was leading at the start of 2025?", ("compare", ["kimi-k2", "o3"])),
    ("compare glm 4.6 and gpt-5 on coding", "so who won on the arena", ("compare", ["glm-4.6", "gpt-5"])),
    # a variant swapped in: the one compared model that has it
    ("compare gpt-5 and deepseek r1 on reasoning", "switch to the mini one",
     ("compare", ["gpt-5-mini", "deepseek-r1"])),
    # whether the other side got to the model asked about: a catch-up of it
    ("how good is claude sonnet 4.5 at coding", "has an open one gotten there yet?",
     ("catch_up", ["claude-sonnet-4.5"])),
])
@pytest.mark.parametrize("leaning", LEANINGS)
def test_a_reply_about_the_models_asked_about_before(previous: str, reply: str, want: tuple,
                                                     leaning: str | None) -> None:
    q = _after(previous, reply, leaning)
    assert (q.intent, q.models) == want


@pytest.mark.parametrize("leaning", LEANINGS)
def test_the_other_side_too_is_both_sides(leaning: str | None) -> None:
    q = _after("best closed models on livebench", "what if the open ones are included as well?", leaning)
    assert (q.intent, q.group, q.source) == ("best", None, "livebench")


@pytest.mark.parametrize("leaning", LEANINGS)
def test_zooming_out_asks_the_same_question_wider(leaning: str | None) -> None:
    q = _after("how far behind are open models on math", "ok zoom out, and overall?", leaning)
    assert (q.intent, q.category) == ("gap", "overall")


@pytest.mark.parametrize("previous, reply, want", [
    # a follow-up's first words in another language: the previous question again, on that domain or at that date
    ("is the gap on coding narrowing?", "und bei mathe?", ("trend", "math", [])),
    ("kimi k2 vs o3 on coding", "e no raciocínio?", ("compare", "reasoning", ["kimi-k2", "o3"])),
    ("is the math gap shrinking", "y en la programación?", ("trend", "coding", [])),
    ("how far behind are open models on math?", "oui, et sur le raisonnement ?", ("gap", "reasoning", [])),
])
@pytest.mark.parametrize("leaning", LEANINGS)
def test_a_fragment_in_another_language_follows_up(previous: str, reply: str, want: tuple,
                                                   leaning: str | None) -> None:
    q = _after(previous, reply, leaning)
    assert (q.intent, q.category, q.models) == want


def test_a_year_ago_in_german_is_the_gap_then() -> None:
    q = _after("how far behind are open models on math?", "ja, und wie war es vor einem jahr?")
    assert (q.intent, q.category) == ("gap", "math") and q.when is not None and q.when.end is not None


@pytest.mark.parametrize("previous, reply, source, benchmark", [
    # a benchmark no one board runs: the boards that run it, not the previous board
    ("how far behind is open on livebench's math", "and on gpqa diamond?", None, "GPQA Diamond"),
    ("when did open models catch gpt-5 on the arena", "what about mmlu-pro", None, "MMLU-Pro"),
    # one that a board alone runs: that board
    ("best open model on livebench", "and on swe-bench verified?", "swebench", "SWE-bench Verified"),
])
def test_a_benchmark_named_in_a_follow_up_picks_its_own_boards(previous: str, reply: str, source: str | None,
                                                               benchmark: str) -> None:
    q = _after(previous, reply)
    assert (q.source, q.benchmark) == (source, benchmark)


LAB_MAKERS = ModelMatcher(
    {"GLM 4.6": "glm-4.6", "GPT-5": "gpt-5", "Qwen3 235B": "qwen3-235b", "o3": "o3", "DeepSeek R1": "deepseek-r1"},
    {"Zhipu AI": "Zhipu AI", "OpenAI": "OpenAI", "Alibaba": "Alibaba", "DeepSeek": "DeepSeek"}, {},
    {"glm": "Zhipu AI", "qwen": "Alibaba", "deepseek": "DeepSeek"},
    {"glm-4.6": "Zhipu AI", "gpt-5": "OpenAI", "qwen3-235b": "Alibaba", "o3": "OpenAI", "deepseek-r1": "DeepSeek"})


@pytest.mark.parametrize("previous, reply, intent, models", [
    ("deepseek r1 vs qwen3 235b on math", "forget qwen, how does r1 do by itself?", "model", ["deepseek-r1"]),
    ("glm 4.6 vs o3 vs gpt-5 on coding", "drop o3 and show the other two", "compare", ["glm-4.6", "gpt-5"]),
    ("glm 4.6 vs o3 on coding", "ditch o3 and put qwen3 235b in", "compare", ["glm-4.6", "qwen3-235b"]),
    # near misses: nothing of the comparison taken out
    ("glm 4.6 vs o3 on coding", "how does it do without thinking?", "compare", ["glm-4.6", "o3"]),
    ("glm 4.6 vs o3 on coding", "forget it", "out_of_scope", ["glm-4.6", "o3"]),
])
def test_a_model_taken_out_of_a_comparison_leaves_the_rest(previous: str, reply: str, intent: str,
                                                           models: list[str]) -> None:
    q = parse(reply, LAB_MAKERS, TODAY).merged_with(parse(previous, LAB_MAKERS, TODAY), LAB_MAKERS)
    assert q.intent == intent
    assert q.intent == "out_of_scope" or (q.models, q.category) == (models, previous.split()[-1])


@pytest.mark.parametrize("previous, reply, want", [
    ("which closed model is strongest at math", "by how much over the top open one?", ("gap", "math", None)),
    ("best open model for coding", "and how many points behind the closed leader is it", ("gap", "coding", None)),
    # near misses: the leaders' own figures, or the other side's leaders
    ("best open model for coding", "how many points does it get", ("best", "coding", True)),
    ("best open model for coding", "what about the closed ones?", ("best", "coding", False)),
])
def test_a_leaders_margin_over_the_other_side_is_the_gap(previous: str, reply: str, want: tuple) -> None:
    q = _follow(previous, reply)
    assert (q.intent, q.category, q.group) == want


@pytest.mark.parametrize("reply, models", [
    ("why is the openai one so far ahead?", ["glm-4.6", "gpt-5"]),
    ("how come the zhipu model trails that much", ["glm-4.6", "gpt-5"]),
    # near miss: a lab asked about in general, not as one of the two compared
    ("why is openai so far ahead in general", ["org:OpenAI"]),
])
def test_why_the_lab_one_of_a_comparison_leads_is_about_the_comparison(reply: str, models: list[str]) -> None:
    q = parse(reply, LAB_MAKERS, TODAY).merged_with(parse("glm 4.6 vs gpt-5 on coding", LAB_MAKERS, TODAY), LAB_MAKERS)
    assert (q.intent, q.models) == ("explain", models)


@pytest.mark.parametrize("previous, reply, want", [
    ("which open model leads on math?", "does it beat o3 though", ("catch_up", ["o3"], "math")),
    ("best open weights model for coding", "is that one as good as gpt-5?", ("catch_up", ["gpt-5"], "coding")),
    ("top open model on reasoning", "so how far behind gemini 2.5 pro is it", ("gap", ["gemini-2.5-pro"], "reasoning")),
    ("which open model is strongest at math", "and its numbers vs gpt-5 mini?", ("gap", ["gpt-5-mini"], "math")),
])
@pytest.mark.parametrize("leaning", [None, "explain", "out_of_scope"])
def test_the_open_leader_held_against_a_model_is_a_catch_up_or_a_gap(previous: str, reply: str, want: tuple,
                                                                     leaning: str | None) -> None:
    q = _follow(previous, reply, leaning)
    assert (q.intent, q.models, q.category) == want


@pytest.mark.parametrize("previous, reply, intent", [
    ("which open model leads on math?", "and o3?", "model"),  # names no leader: that model, in that domain
    ("which open model leads on math?", "why is it behind o3", "explain"),
    ("which closed model leads on math?", "is it better than glm 4.6?", "model"),  # no open leader to hold up
])
def test_a_model_after_a_best_answer_without_the_open_leader_held_to_it_stays(previous: str, reply: str,
                                                                             intent: str) -> None:
    assert _follow(previous, reply).intent == intent


def test_a_labs_best_held_against_a_model_is_no_catch_up() -> None:
    matcher = ModelMatcher({"GPT-5": "gpt-5"}, {"DeepSeek": "DeepSeek"})
    first = parse("what's the strongest open model from deepseek", matcher, TODAY)
    assert first.models == ["org:DeepSeek"]
    assert parse("is it better than gpt-5?", matcher, TODAY).merged_with(first, matcher).intent != "catch_up"


@pytest.mark.parametrize("previous, reply, want", [
    ("how does llama 4 scout do against gpt-5 on reasoning", "what about maverick", ["llama-4-maverick", "gpt-5"]),
    ("kimi k2 vs o3 on math", "ok and the thinking one?", ["kimi-k2-thinking", "o3"]),
    ("is gpt-oss-120b better than o3 at coding", "and the 20b?", ["gpt-oss-20b", "o3"]),
    ("deepseek r1 vs gemini 2.5 pro, which is better at math", "and its 0528 update then?", ["deepseek-r1-0528",
                                                                                     "gemini-2.5-pro"]),
    ("qwen3 235b vs gemini 2.5 pro on reasoning", "what about flash", ["qwen3-235b", "gemini-2.5-flash"]),
])
@pytest.mark.parametrize("leaning", LEANINGS)
def test_a_variant_of_one_compared_model_takes_its_place(previous: str, reply: str, want: list[str],
                                                         leaning: str | None) -> None:
    q = _follow(previous, reply, leaning)
    assert (q.intent, q.models) == ("compare", want)


@pytest.mark.parametrize("leaning", LEANINGS)
def test_a_bare_variant_after_and_replaces_the_model_asked_about(leaning: str | None) -> None:
    q = _follow("where does llama 4 maverick rank on reasoning", "and scout?", leaning)
    assert (q.intent, q.models, q.category) == ("model", ["llama-4-scout"], "reasoning")


@pytest.mark.parametrize("reply", ["scout?", "lmao scout?"])
@pytest.mark.parametrize("leaning", LEANINGS)
def test_a_variant_asked_alone_replaces_the_model_asked_about(reply: str, leaning: str | None) -> None:
    q = _follow("how is llama 4 maverick on reasoning", reply, leaning)
    assert (q.intent, q.models, q.category) == ("model", ["llama-4-scout"], "reasoning")


@pytest.mark.parametrize("previous, reply", [
    ("kimi k2 vs o3 on math", "and on coding?"),  # a domain, not a variant
    ("kimi k2 vs o3 on math", "why is the thinking one so far ahead"),
    ("glm 4.6 vs gpt-5 on coding", "and gpt-5 mini, is it close to the best open one?"),
])
def test_a_reply_that_names_no_variant_or_asks_its_own_keeps_the_comparison_models(previous: str,
                                                                                   reply: str) -> None:
    q = _follow(previous, reply)
    assert "kimi-k2-thinking" not in q.models and q.models != ["glm-4.6", "gpt-5-mini"]


@pytest.mark.parametrize("reply, want", [
    ("kimi k2 thinking specifically", ["kimi-k2-thinking"]),
    ("just gpt-oss-20b", ["gpt-oss-20b"]),
])
@pytest.mark.parametrize("leaning", LEANINGS)
def test_a_reply_that_only_narrows_to_a_model_is_asked(reply: str, want: list[str], leaning: str | None) -> None:
    # it asks nothing in words, but the model it names narrows the previous question: never read as chatter
    assert asks_something(reply, MATCHER)
    q = _follow("how do the open models do on livebench", reply, leaning)
    assert q.intent != "out_of_scope" and (q.models, q.source) == (want, "livebench")
    if leaning is None:
        assert q.intent == "model"


def test_without_the_models_a_name_alone_is_not_a_question() -> None:
    # the bot's own check has no index: it lets the engine, which has, decide for such a short reply
    assert not asks_something("kimi k2 thinking specifically")


@pytest.mark.parametrize("reply", ["months?", "win rate wise?", "and what's that in months? people keep saying 3",
                                   "in months pls, elo means nothing to me", "in points then",
                                   "in months pls not points, my brain only does time to expiry",
                                   "in months if you can. elo means nothing to my audience"])
@pytest.mark.parametrize("leaning", LEANINGS)
def test_a_unit_alone_asks_the_previous_answer_in_it(reply: str, leaning: str | None) -> None:
    q = _follow("how far behind are open models on the arena", reply, leaning)
    assert (q.intent, q.source) == ("gap", "lmarena")


@pytest.mark.parametrize("reply", ["3 months?? lol", "months of waiting for this"])
def test_a_figure_echoed_or_a_remark_about_months_is_not_a_unit_asked(reply: str) -> None:
    assert _follow("how far behind are open models on the arena", reply).intent == "out_of_scope"


@pytest.mark.parametrize("reply", ["says who", "what does the podcast guy say exactly",
                                   "do your sources tie that to export controls at all?",
                                   "does anyone commit to an actual year, or is it all hedged?",
                                   "what do you mean 'statistical tie'?"])
@pytest.mark.parametrize("leaning", [None, "out_of_scope"])
def test_what_the_sources_say_after_an_answer_is_an_article_question(reply: str, leaning: str | None) -> None:
    assert _follow("is the gap on coding closing", reply, leaning).intent == "explain"


@pytest.mark.parametrize("reply", ["unrelated but what do analysts say about nvda earnings?",
                                   "gonna read the report tonight", "what do you think the critics get wrong?"])
def test_other_talk_of_sources_after_an_answer_is_still_declined(reply: str) -> None:
    assert _follow("is the gap on coding closing", reply, "out_of_scope").intent == "out_of_scope"


@pytest.mark.parametrize("leaning", LEANINGS)
def test_vs_a_bare_sibling_compares_the_model_with_it(leaning: str | None) -> None:
    q = _follow("how does gpt-oss-120b rank on livebench?", "vs the 20b?", leaning)
    assert (q.intent, q.models) == ("compare", ["gpt-oss-120b", "gpt-oss-20b"])


@pytest.mark.parametrize("reply", ["how does it do on math", "how does that one do on math tho",
                                   "whats its math score specifically", "and where is it on aider?"])
@pytest.mark.parametrize("leaning", LEANINGS)
def test_it_after_a_best_of_is_the_leader_that_answer_named(reply: str, leaning: str | None) -> None:
    q = _follow("which open model is best at reasoning?", reply, leaning)
    assert (q.intent, q.models, q.group) == ("model", [], None)
    assert q.leader_of is not None and (q.leader_of.intent, q.leader_of.category) == ("best", "reasoning")


@pytest.mark.parametrize("reply", ["and how does that one do against the best closed one?",
                                   "how does it compare to gpt-5"])
def test_it_held_against_another_is_not_its_own_standing(reply: str) -> None:
    assert _follow("which open model is best at reasoning?", reply).leader_of is None


@pytest.mark.parametrize("reply", ["swe-bench verified specifically. not lite, not the multimodal one",
                                   "open only. and if it's gpt-oss I'm going to need you to defend that",
                                   "on math, I mean. overall is a lost cause", "make it 10. three is a podium",
                                   "on livebench only pls, arena is vibes"])
def test_a_reply_that_narrows_the_question_with_a_remark_after_it_asks(reply: str) -> None:
    assert asks_something(reply, MATCHER)


@pytest.mark.parametrize("reply", ["only 2 points?? lol", "not bad honestly", "6 months?", "wow ok"])
def test_a_reaction_that_names_nothing_to_narrow_to_still_asks_nothing(reply: str) -> None:
    assert not asks_something(reply, MATCHER)


@pytest.mark.parametrize("reply, want", [
    ("and the flash one? that's what the office suite has baked in", "gemini-3-flash"),
    ("and the thinking one? my brother swears by it", "kimi-k2-thinking"),
])
def test_a_sibling_asked_before_a_remark_is_that_sibling(reply: str, want: str) -> None:
    matcher = ModelMatcher({"Gemini 3 Pro": "gemini-3-pro", "Gemini 3 Flash": "gemini-3-flash", "Kimi K2": "kimi-k2",
                            "Kimi K2 Thinking": "kimi-k2-thinking"})
    previous = "how does gemini 3 pro rank on math?" if "flash" in reply else "how does kimi k2 do on livebench?"
    q = parse(reply, matcher, TODAY).merged_with(parse(previous, matcher, TODAY), matcher)
    assert (q.intent, q.models) == ("model", [want])


@pytest.mark.parametrize("reply, previous, want", [
    ("and its thinking sibling? the one everyone in #ops-chat raves about", "How does Kimi K2 do on LiveBench?",
     ("model", ["kimi-k2-thinking"])),
    ("and the exp version before it?", "How did DeepSeek V3.2 do on Aider Polyglot?",
     ("model", ["deepseek-v3.2-exp"])),
    ("and scout? the little brother", "how's llama 4 maverick doing on the arena", ("model", ["llama-4-scout"])),
    ("what about 5.2? that's the one corporate bought us", "How far behind GPT-5 are open models on math?",
     ("gap", ["gpt-5.2"])),
])
def test_a_sibling_named_by_what_sets_it_apart(reply: str, previous: str, want: tuple) -> None:
    matcher = ModelMatcher({"Kimi K2": "kimi-k2", "Kimi K2 Thinking": "kimi-k2-thinking",
                            "DeepSeek V3.2": "deepseek-v3.2", "DeepSeek V3.2 Exp": "deepseek-v3.2-exp",
                            "Llama 4 Maverick": "llama-4-maverick", "Llama 4 Scout": "llama-4-scout",
                            "GPT-5": "gpt-5", "GPT-5.2": "gpt-5.2"})
    q = parse(reply, matcher, TODAY).merged_with(parse(previous, matcher, TODAY), matcher)
    assert (q.intent, q.models) == want


def test_a_channel_names_no_domain_or_board() -> None:
    q = parse("posted in #arena-talk and #coding-help: is the gap closing?", MATCHER, TODAY)
    assert (q.category, q.source) == (None, None)


def test_a_question_put_indirectly_after_a_story_is_asked() -> None:
    # "my question is whether …" asks, though no question mark follows: the story's "lol" is no opinion left alone
    text = ("we bid a hospital job, 18 months, lots of low voltage. GC wants everything in Procore and someone in the "
            "office is playing with AI to draft RFIs. none of that is my question lol. my question is whether the gap "
            "between open and closed models has been getting smaller over the past year or if that's just marketing")
    assert parse(text, MATCHER, TODAY).intent == "trend"
    assert asks_something("i wonder whether open models ever led on math lol", MATCHER)


@pytest.mark.parametrize("leaning", LEANINGS + ["gap"])
def test_a_trade_asked_is_declined_whatever_the_gap_around_it(leaning: str | None) -> None:
    classifier = leaning_model(leaning) if leaning else None
    q = parse("If the open models catch up with the closed ones, is NVDA a buy or a sell?", MATCHER, TODAY,
              classifier=classifier)
    assert q.intent == "out_of_scope"


def test_stuck_in_a_hold_is_no_trade() -> None:
    q = _follow("How big is the open-closed gap on the arena?", "is that shrinking or are we stuck in a hold")
    assert (q.intent, q.reason) == ("trend", "")


@pytest.mark.parametrize("text", [
    "kimi k2 thinking got real close to gpt 5 on livebench, has any open model actually gone past it there tho",
    "has any open model gotten past 70% on swe-bench verified yet",
])
@pytest.mark.parametrize("leaning", ["compare", "gap"])
def test_any_open_model_gone_past_a_level_is_a_catch_up(text: str, leaning: str) -> None:
    assert parse(text, MATCHER, TODAY, classifier=leaning_model(leaning)).intent == "catch_up"


@pytest.mark.parametrize("reply, answered", [
    ("is it anywhere near the #1 there? I'm the shelter's bio writer so I have opinions", True),
    ("is it shrinking? my boss keeps asking lol", True),
    # a pick, a task or a trade asked after the question stays declined
    ("which one should I use? we run a clinic", False),
    ("can you write me a poem about it? my kid loves poems", False),
])
def test_a_reply_read_without_the_remark_told_after_its_question(reply: str, answered: bool) -> None:
    from gapbot.question import follow

    previous = parse("which open model leads creative writing on the arena?", MATCHER, TODAY)
    q = follow(parse(reply, MATCHER, TODAY), previous, MATCHER, TODAY)
    assert (q.intent != "out_of_scope") == answered


@pytest.mark.parametrize("text, declined", [
    ("we had a 14 hour outage last week from a feeder fault, so I read about AI in the truck. someone said open models "
     "are even with the closed ones now. how far behind are they really?", False),
    ("How long will the current ChatGPT outage last? Nothing loads for me since this morning.", True),
    ("grok 4 api vs gemini 2.5 pro api, which one has fewer outages and better rate limits", True),
])
def test_a_power_outage_told_is_no_service_outage_asked(text: str, declined: bool) -> None:
    q = parse(text, MATCHER, TODAY)
    assert (q.intent == "out_of_scope") == declined


def test_a_reply_off_topic_without_its_remark_stays_declined() -> None:
    from gapbot.question import follow

    previous = parse("how far behind are open models on coding", MATCHER, TODAY)
    reply = "ok and what's the price difference? trying to convince my team lead to switch"
    assert follow(parse(reply, MATCHER, TODAY), previous, MATCHER, TODAY).intent == "out_of_scope"


@pytest.mark.parametrize("text, leaning, want", [
    ("hmm what does the 'language' category even test? connections sounds like the puzzle our front desk does, "
     "the one with the sixteen words and the four groups", "gap", "explain"),
    ("what does the IF category actually test?", "gap", "explain"),
    ("what does the best open model score on the coding category?", "best", "best"),  # a score, not a definition
])
def test_a_category_asked_to_be_defined_is_an_article_question(text: str, leaning: str, want: str) -> None:
    assert parse(text, MATCHER, TODAY, classifier=leaning_model(leaning)).intent == want


def test_a_sibling_pointed_to_as_its_little_brother_then_named() -> None:
    q = _follow("how is gpt-oss-120b doing on math?", "and its little brother, the 20b one?")
    assert (q.intent, q.models) == ("model", ["gpt-oss-20b"])


@pytest.mark.parametrize("reply, previous, want", [
    ("and its little brother, the 20b one my extern runs on her laptop?", "how is gpt-oss-120b doing on math?",
     ["gpt-oss-20b"]),
    ("and the thinking one everyone raves about?", "How does Kimi K2 do on LiveBench?", ["kimi-k2-thinking"]),
])
def test_a_sibling_named_then_told_about(reply: str, previous: str, want: list[str]) -> None:
    assert _follow(previous, reply).models == want
    # "the one my boss uses" names no sibling
    assert "gpt-oss-20b" not in _follow("how is gpt-oss-120b doing on math?", "what about the one my boss uses").models


@pytest.mark.parametrize("previous, reply, models", [
    ("compare qwen3 235b and gpt-5 on coding", "did qwen3 235b actually beat it, or was it a tie",
     ["qwen3-235b", "gpt-5"]),
    ("kimi k2 vs o3 on math?", "so has kimi k2 caught up with it yet", ["kimi-k2", "o3"]),
    ("how far apart are glm 4.6 and gemini 2.5 pro on reasoning", "surely gemini 2.5 pro is ahead of it?",
     ["gemini-2.5-pro", "glm-4.6"]),
])
@pytest.mark.parametrize("leaning", LEANINGS)
def test_one_of_two_just_compared_held_to_it_is_the_pair_again(previous: str, reply: str, models: list[str],
                                                                 leaning: str | None) -> None:
    q = _follow(previous, reply, leaning)
    assert (q.intent, q.models) == ("compare", models)
    assert _follow(previous, "why did kimi k2 beat it?" if "kimi" in previous else "why is it ahead?",
                   leaning).intent != "compare"


@pytest.mark.parametrize("reply, top", [("stretch it to 10", 10), ("bump that up to 8", 8), ("stretch that to 6", 6)])
@pytest.mark.parametrize("leaning", [None, "out_of_scope"])
def test_a_list_stretched_to_a_count_is_the_same_list(reply: str, top: int, leaning: str | None) -> None:
    q = _follow("top 3 open models on livebench coding", reply, leaning)
    assert (q.intent, q.top, q.group, q.category) == ("best", top, True, "coding")


@pytest.mark.parametrize("lead", ["lovely", "brilliant!", "cheers,", "awesome"])
@pytest.mark.parametrize("leaning", LEANINGS)
def test_a_new_domain_after_a_thanks_is_the_list_again(lead: str, leaning: str | None) -> None:
    q = _follow("top 3 open models on math?", f"{lead} now do reasoning please, it's for a training slide", leaning)
    assert (q.intent, q.category, q.group) == ("best", "reasoning", True)


@pytest.mark.parametrize("leaning", [None, "best", "explain", "out_of_scope"])
def test_two_models_offered_as_the_choice_before_a_told_sentence_are_compared(leaning: str | None) -> None:
    text = ("Kimi K2 or Qwen3 235B — which is the stronger open model? Two of my colleagues have been arguing about it "
            "since the Christmas do.")
    q = parse(text, MATCHER, TODAY, classifier=leaning_model(leaning) if leaning else None)
    assert q.models == ["kimi-k2", "qwen3-235b"]
    assert leaning or q.intent == "compare"  # the shipped model's reading, given both models
    # labs told of as what happens, with "or" between them, stay context
    told = ("every few months someone says the gap is closed, then openai or google drops something and it reopens. "
            "over the last two years, has the gap gotten smaller overall, or is it the same pattern?")
    assert parse(told, MATCHER, TODAY).models == []


@pytest.mark.parametrize("asked, want", [("which is the stronger open model?", "compare"),
                                         ("which one of them is better on coding?", "compare"),
                                         # a superlative ranks the whole board, the two told are only context
                                         ("which is the best open model?", "best")])
def test_two_models_told_apart_then_weighed_by_a_comparative_are_compared(asked: str, want: str) -> None:
    q = parse(f"my friend uses kimi k2 and my boss swears by qwen3 235b. {asked}", MATCHER, TODAY)
    assert q.intent == want
    assert want != "compare" or q.models == ["kimi-k2", "qwen3-235b"]


@pytest.mark.parametrize("text, want", [
    ("the brochure says open models are about a year behind, is that even what the figures show?", "gap"),
    ("my uncle reckons the gap has been shrinking all year. what do the numbers say?", "trend"),
    # someone from the asker's own life asked to be right or wrong: the figures settle it
    ("a guy at work said open models are miles behind, is he right?", "gap"),
    ("my uncle says the gap is shrinking fast, is he right?", "trend"),
    ("a guy at work said open models are miles behind because of chips, is he right?", "explain"),  # a cause
    # a published figure checked stays the articles' (how the analyst measured it)
    ("is it true Epoch found open models are only about 3 months behind? is that what the numbers show?", "explain"),
    # and so does a cause asked
    ("my uncle reckons the gap has been shrinking all year. why, if that's what the numbers say?", "explain"),
])
def test_a_claim_put_to_the_figures_is_what_it_is_about_whatever_the_model_reads(text: str, want: str) -> None:
    assert parse(text, MATCHER, TODAY, classifier=leaning_model("explain")).intent == want
