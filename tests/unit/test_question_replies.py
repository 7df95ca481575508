"""Replies and follow-ups (issue #13): a reply is a question only when it asks something or mentions the bot; a
follow-up inherits category, source and models and takes its own intent. Also the rules' readings the intent
model is fed for predictions, views, causes and how close the two sides are."""

from __future__ import annotations

import pytest

from gapbot.question import ModelMatcher, Query, asks_something, parse, read_rules

NAMES = {"GPT-5.1": "gpt-5.1", "GPT-4o": "gpt-4o", "DeepSeek V3.2": "deepseek-v3.2", "Qwen3 32B": "qwen3-32b",
         "GLM 4.6": "glm-4.6"}


@pytest.fixture(scope="module")
def matcher() -> ModelMatcher:
    return ModelMatcher(NAMES)


@pytest.fixture
def about_a_model(matcher: ModelMatcher) -> Query:
    q = parse("how good is deepseek v3.2 at coding?", matcher)
    assert (q.intent, q.models) == ("model", ["deepseek-v3.2"])
    return q


@pytest.mark.parametrize("text", ["huh, didn't expect that", "fair enough", "wild stuff honestly",
                                  "i think open source will win eventually"])
def test_a_remark_is_not_answered(matcher: ModelMatcher, text: str) -> None:
    previous = parse("is the gap closing on agentic coding?", matcher)
    assert not asks_something(text)
    assert parse(text, matcher).intent == "out_of_scope"
    assert parse(text, matcher).merged_with(previous).intent == "out_of_scope"


@pytest.mark.parametrize("text", ["saving this, gonna go through it after lunch",
                                  "screenshotting this for the guy in #general who keeps saying it's over",
                                  "@everyone look what the bot said, you owe me a coffee",
                                  "the bot answered it, can we drop the argument now"])
def test_the_answer_kept_or_shown_to_the_others_is_no_question(matcher: ModelMatcher, text: str) -> None:
    previous = parse("is the gap closing on agentic coding?", matcher)
    assert parse(text, matcher).merged_with(previous).intent == "out_of_scope"


def test_what_the_bot_said_checked_again_is_a_question(matcher: ModelMatcher) -> None:
    assert parse("this bot says open models are 6 months behind, is that right?", matcher).intent == "gap"


def test_an_answer_broken_down_by_a_domain_is_asked_again_for_it(matcher: ModelMatcher) -> None:
    previous = parse("how did the gap on livebench change over 2025?", matcher)
    q = parse("break that down for coding only", matcher).merged_with(previous)
    assert (q.intent, q.category, q.source) == ("trend", "coding", "livebench")


@pytest.mark.parametrize("text", ["and on aider specifically", "top 3 closed then", "just the top 4",
                                  "same but for reasoning, top 2", "what about math",
                                  # two models set against each other; a question after "wait"
                                  "ok now glm 4.6 vs kimi k2", "vs gpt-5 then", "wait is that one open"])
def test_a_request_without_a_question_mark_is_a_question(text: str) -> None:
    assert asks_something(text)


@pytest.mark.parametrize("text", ["is it getting better or worse?", "has it been shrinking lately",
                                  "improving or not?"])
def test_a_short_follow_up_takes_its_own_intent_and_the_previous_subject(matcher: ModelMatcher, text: str) -> None:
    previous = parse("how far behind are open models on math?", matcher)
    q = parse(text, matcher).merged_with(previous)
    assert (q.intent, q.category) == ("trend", "math")


def test_catching_up_with_it_means_the_previous_model(matcher: ModelMatcher, about_a_model: Query) -> None:
    q = parse("when did the open ones catch up with it?", matcher).merged_with(about_a_model)
    assert (q.intent, q.models, q.category) == ("catch_up", ["deepseek-v3.2"], "coding")


def test_stacking_it_up_against_another_model_compares_the_two(matcher: ModelMatcher,
                                                               about_a_model: Query) -> None:
    q = parse("how would it stack up against gpt-5.1", matcher).merged_with(about_a_model)
    assert (q.intent, q.models, q.category) == ("compare", ["deepseek-v3.2", "gpt-5.1"], "coding")


def test_and_another_model_asks_the_same_of_that_model(matcher: ModelMatcher, about_a_model: Query) -> None:
    q = parse("and glm 4.6?", matcher).merged_with(about_a_model)
    assert (q.intent, q.models, q.category) == ("model", ["glm-4.6"], "coding")
    q = parse("vs glm 4.6?", matcher).merged_with(about_a_model)
    assert (q.intent, q.models) == ("compare", ["deepseek-v3.2", "glm-4.6"])


def test_and_now_drops_the_previous_date(matcher: ModelMatcher) -> None:
    previous = parse("how far behind were open models on math in march 2025?", matcher)
    assert previous.when is not None
    now = parse("and now?", matcher).merged_with(previous)
    assert (now.intent, now.category, now.when, now.as_of) == ("gap", "math", None, None)
    then = parse("and on coding?", matcher).merged_with(previous)
    assert then.when == previous.when  # a fragment without "now" keeps the date asked about


@pytest.mark.parametrize("text, intent", [
    ("do researchers expect the open labs to overtake the closed ones", "explain"),
    ("will the gap on coding ever close", "explain"),
    ("per the sources, how far back are the open models", "explain"),
    ("what's driving the gap on maths", "explain"),
    ("how do you work out which models count as open", "explain"),
    ("how fast are the open weights closing in on math", "trend"),
    ("open or closed, who's ahead on reasoning right now", "gap"),
    ("does the best open model come close to the best closed one", "gap"),
    ("top 5 models on maths, open or closed", "best"),
    ("which model, open or closed, is strongest at coding", "best"),
])
def test_the_rules_reading_beside_the_words(text: str, intent: str) -> None:
    assert read_rules(text)[0].intent == intent


@pytest.mark.parametrize("text", ["how much vram do i need for qwen3 32b", "how do i quantise glm 4.6 for my laptop",
                                  "is openai hiring engineers", "which phone model has the best camera"])
def test_running_models_jobs_and_other_models_are_declined(matcher: ModelMatcher, text: str) -> None:
    q = parse(text, matcher)
    assert (q.intent, q.reason) == ("out_of_scope", "off-topic")


@pytest.mark.parametrize("text, intent", [
    ("how reliable are the arena scores for this", "explain"),
    ("is the narrowing math gap due to better data", "explain"),
    ("which open model is best at security work", "best"),  # a domain word, not a question of policy
])
def test_trusting_the_figures_is_a_question_for_the_articles(text: str, intent: str) -> None:
    assert read_rules(text)[0].intent == intent


@pytest.mark.parametrize("text, ai", [("is rag overhyped or nah", True), ("is rlhf why closed models lead", True),
                                      ("is the gap store open on sundays", False),
                                      ("how wide is the gap between the platform and the train", False)])
def test_machine_learning_words_put_a_question_in_scope_and_other_gaps_do_not(text: str, ai: bool) -> None:
    q, _, signals = read_rules(text)
    assert signals is not None and signals["ai"] == ai
    assert (q.intent == "out_of_scope") != ai


@pytest.mark.parametrize("text, intent", [
    ("is the codng gap shrinkng", "trend"), ("is teh gap clsoing on math", "trend"),
    ("whats the resaon closed models lead", "explain"), ("wich open model leads at math", "best"),
    ("hw big is teh gap on reasoning", "gap"),
])
def test_typos_of_the_words_an_intent_hangs_on_are_read_as_meant(text: str, intent: str) -> None:
    q, low, signals = read_rules(text)
    assert q.intent == intent and signals is not None and not signals["offtopic"]


def test_any_change_is_a_trend_follow_up_but_spare_change_is_not(matcher: ModelMatcher) -> None:
    previous = parse("how far behind are open models on math?", matcher)
    assert parse("any change over time?", matcher).merged_with(previous).intent == "trend"
    assert parse("got any spare change?", matcher).merged_with(previous).intent == "out_of_scope"


def test_a_reply_made_only_of_follow_up_words_points_back_however_long(matcher: ModelMatcher) -> None:
    previous = parse("how far behind are open models on math?", matcher)
    q = parse("better or worse than a year ago?", matcher)
    assert (q.intent, q.reason) == ("trend", "inherited")
    assert (q.merged_with(previous).intent, q.merged_with(previous).category) == ("trend", "math")
    assert parse("top 10 songs right now", matcher).intent == "out_of_scope"  # a subject of its own


@pytest.mark.parametrize("text, declined", [("top-2 commercial models for programming", False),
                                            ("which ai models are best at maths", False),
                                            ("top 5 programming languages to learn", True),  # no AI word
                                            ("best ai model for cooking recipes", True),  # asks off-topic
                                            # a task for the bot, not a ranking, a side or a gap: the model's call
                                            ("ai models: solve 2x+3=7 for me, show the math", True),
                                            ("give me an ai model's python code for quicksort", True)])
def test_ai_models_in_a_ranked_domain_are_never_declined_for_how_they_are_put(monkeypatch, text: str,
                                                                              declined: bool) -> None:
    from gapbot import intent_model
    from gapbot.intent_model import IntentModel
    from gapbot.question import INTENTS

    # A model that declines everything: only what the question names and asks can overrule it.
    model = IntentModel({"classes": list(INTENTS), "bias": [5.0 if c == "out_of_scope" else 0.0 for c in INTENTS],
                         "weights": {}, "threshold": 0.5})
    monkeypatch.setattr(intent_model, "load", lambda path=None: model)
    assert (parse(text).intent == "out_of_scope") == declined


@pytest.mark.parametrize("previous, reply, want", [
    # a reply that only changes the context asks the previous question again with it
    ("how big is the coding gap on livebench", "and on the arena?", ("gap", "coding", "lmarena", [], None)),
    ("best model for data analysis rn?", "only open ones pls", ("best", "data analysis", None, [], True)),
    ("gap on instruction following?", "what about back in march", ("gap", "instruction following", None, [], None)),
    ("is the overall gap closing on livebench?", "same question for lmarena",
     ("trend", "overall", "lmarena", [], None)),
    ("has the reasoning gap narrowed", "since last summer?", ("trend", "reasoning", None, [], None)),
    ("what's the gap on coding", "how about since 2025?", ("trend", "coding", None, [], None)),  # a span: the trend
    ("how far behind are open models overall", "and according to epoch?", ("gap", "overall", "epoch", [], True)),
])
def test_a_reply_that_only_sets_context_keeps_the_question(previous: str, reply: str, want: tuple) -> None:
    from datetime import date

    first = parse(previous, today=date(2026, 1, 15))
    q = parse(reply, today=date(2026, 1, 15)).merged_with(first)
    assert (q.intent, q.category, q.source, q.models, q.group) == want


def test_and_a_model_after_a_catch_up_or_a_comparison_asks_the_same_of_it() -> None:
    m = ModelMatcher({"o1": "o1", "GPT-4o": "gpt-4o", "Kimi K2": "kimi-k2", "GPT-4.1": "gpt-4.1", "GLM-4.6": "glm-4.6"})
    caught = parse("when did open models catch up with gpt-4o?", m)
    assert (lambda q: (q.intent, q.models))(parse("and o1?", m).merged_with(caught)) == ("catch_up", ["o1"])
    versus = parse("kimi k2 vs gpt-4.1 on reasoning", m)
    q = parse("hmm and in coding?", m).merged_with(versus)
    assert (q.intent, q.models, q.category) == ("compare", ["kimi-k2", "gpt-4.1"], "coding")
    q = parse("and glm 4.6?", m).merged_with(versus)
    assert (q.intent, q.models) == ("compare", ["glm-4.6", "gpt-4.1"])  # the new one against the reference


@pytest.mark.parametrize("previous, reply, want", [
    # its own intent, about the model asked about before
    ("how good is minimax m2", "ok and is it open weights?", ("model", ["minimax-m2"])),
    ("is glm 4.6 open source", "whats its arena rank", ("model", ["glm-4.6"])),
    ("how good is gpt-oss-120b at math", "where does it rank overall", ("model", ["gpt-oss-120b"])),
    ("has any open model matched claude 3.5 sonnet on coding?", "how long did that take",
     ("catch_up", ["claude-3.5-sonnet"])),
    ("what's claude 3.7 sonnet's score on aider polyglot", "and when did open first beat it",
     ("catch_up", ["claude-3.7-sonnet"])),
    ("has any open model matched gpt-4o at coding?", "since when?", ("catch_up", ["gpt-4o"])),
    # the model asked about before against a new one
    ("how good is qwen3 coder on swe-bench verified", "compare it with sonnet 4.5",
     ("compare", ["qwen3-coder", "claude-sonnet-4.5"])),
    ("how good is minimax m2 at agentic coding", "now compare with claude opus 4.5",
     ("compare", ["minimax-m2", "claude-opus-4.5"])),
    ("glm 4.6 vs claude sonnet 4.5 on coding", "what about vs gemini 3 pro", ("compare", ["glm-4.6", "gemini-3-pro"])),
    ("how does kimi k2 compare to gpt-5 on reasoning", "hm what about glm 4.6", ("compare", ["glm-4.6", "gpt-5"])),
    ("glm 4.6 vs claude sonnet 4.5 on coding", "which is open?", ("compare", ["glm-4.6", "claude-sonnet-4.5"])),
    ("glm 4.6 vs claude sonnet 4.5 on coding", "so who wins", ("compare", ["glm-4.6", "claude-sonnet-4.5"])),
    # how big, in another unit or count: the previous question again
    ("are closed models still ahead in data analysis", "by how much?", ("gap", [])),
    ("best models overall, open or closed", "top 20 if you can", ("best", [])),
    ("is the gap on coding shrinking?", "y tho", ("explain", [])),
])
def test_a_follow_up_with_its_own_intent_about_the_previous_subject(previous: str, reply: str, want: tuple) -> None:
    m = ModelMatcher({"MiniMax M2": "minimax-m2", "GLM-4.6": "glm-4.6", "gpt-oss-120b": "gpt-oss-120b",
                      "Claude 3.5 Sonnet": "claude-3.5-sonnet", "Claude 3.7 Sonnet": "claude-3.7-sonnet",
                      "GPT-4o": "gpt-4o", "Qwen3 Coder": "qwen3-coder", "Claude Sonnet 4.5": "claude-sonnet-4.5",
                      "Claude Opus 4.5": "claude-opus-4.5", "Gemini 3 Pro": "gemini-3-pro", "Kimi K2": "kimi-k2",
                      "GPT-5": "gpt-5"})
    q = parse(reply, m).merged_with(parse(previous, m))
    assert (q.intent, q.models) == want


@pytest.mark.parametrize("text", ["really?", "wait really?", "u sure about that? feels off", "see?? i was right",
                                  "<@556677889900112233> see?? i was right", "bro what 💀", "is that right?",
                                  "this is exactly what i needed for my thread, ty",
                                  "yep, lines up with what my team measured", "roughly matches what i expected",
                                  "nah gemini is clearly better than that", "ok i'm convinced, switching to kimi"])
def test_a_reaction_or_doubt_asks_nothing_and_is_declined_as_a_reply(matcher: ModelMatcher, text: str) -> None:
    previous = parse("which closed model is best at creative writing?", matcher)
    assert not asks_something(text)
    q = parse(text, matcher).merged_with(previous)
    assert q.intent == "out_of_scope" and q.reason in ("chatter", "off-topic", "unscoped")


@pytest.mark.parametrize("text", ["really? why", "how come?", "@gapbot is it narrowing though", "source?",
                                  "where's that from", "wait what about math?"])
def test_a_reply_that_asks_after_a_reaction_or_by_name_is_a_question(text: str) -> None:
    assert asks_something(text)


@pytest.mark.parametrize("text", ["source?", "sources for that?", "where's that from", "link pls"])
def test_asking_for_the_source_repeats_the_previous_answer_not_the_articles(matcher: ModelMatcher, text: str) -> None:
    previous = parse("how far behind are open models on coding?", matcher)
    q = parse(text, matcher).merged_with(previous)
    assert (q.intent, q.category) == ("gap", "coding")


@pytest.mark.parametrize("text", ["whats cheaper per million tokens, gpt-5 or claude sonnet 4.5",
                                  "can i use llama 4 commercially or does the license block it",
                                  "why is my vllm server OOMing with deepseek v3 on 8x a100",
                                  "how many parameters does gpt-4 have, like actually",
                                  "h100 rental prices per hour, where's cheapest?",
                                  "is it ethical to train models on pirated books?",
                                  "should AI labs be allowed to scrape reddit"])
def test_using_a_model_oneself_is_flagged_off_topic(text: str) -> None:
    assert read_rules(text)[0].flagged


@pytest.mark.parametrize("text", ["does licensing (llama licence, gemma terms) slow down how fast the open ecosystem "
                                  "catches up", "why is deepseek so cheap to train",
                                  "top 10 models on swe bench verified, any license"])
def test_licences_and_costs_as_part_of_the_gap_are_not_flagged(text: str) -> None:
    assert not read_rules(text)[0].flagged


@pytest.mark.parametrize("text", ["man i miss when the big model drops were monthly", "i see how it works now"])
def test_a_wh_word_inside_a_statement_asks_nothing(text: str) -> None:
    assert not asks_something(text)


@pytest.mark.parametrize("text", ["gapbot what about knowledge", "huh, any idea why it's so small there"])
def test_a_wh_question_after_a_name_or_a_remark_asks(text: str) -> None:
    assert asks_something(text)


@pytest.mark.parametrize("text", ["source?", "proof?", "link pls", "cite", "receipts"])
def test_asking_for_the_source_with_no_previous_answer_is_declined(text: str) -> None:
    alone = parse(text)
    assert alone.intent == "out_of_scope"
    assert parse(text).merged_with(None).reason == "chatter"


@pytest.mark.parametrize("text", ["proof?", "cite", "receipts"])
def test_asking_for_proof_after_an_answer_repeats_it(matcher: ModelMatcher, text: str) -> None:
    previous = parse("how far behind are open models on coding?", matcher)
    q = parse(text, matcher).merged_with(previous)
    assert (q.intent, q.category) == ("gap", "coding")


@pytest.mark.parametrize("text", ["ok now compare deepseek and qwen", "cool, now do reasoning",
                                  "thanks! now compare glm and kimi"])
def test_a_filler_word_before_a_request_still_asks(matcher: ModelMatcher, text: str) -> None:
    previous = parse("how far behind are open models on coding?", matcher)
    assert asks_something(text)
    assert parse(text, matcher).merged_with(previous).intent != "out_of_scope"


@pytest.mark.parametrize("text", ["thanks!", "ok thanks", "cool", "thanks, that helps"])
def test_thanks_alone_still_asks_nothing(text: str) -> None:
    assert not asks_something(text)


@pytest.mark.parametrize("text", ["lovely, thanks", "cheers mate", "awesome, thanks!", "brilliant, much appreciated",
                                  "nice one, cheers", "ok cool thanks", "ta very much", "much obliged",
                                  "thank u kindly", "thank you very much!"])
def test_thanks_put_any_way_is_chatter_the_bot_does_not_answer(text: str) -> None:
    # the bot stays silent on chatter, even when mentioned; a decline would read as a rebuke (bot/cogs/ask.py)
    assert read_rules(text)[0].reason == "chatter"
    assert read_rules(f"{text}, now do reasoning")[0].reason != "chatter"


@pytest.mark.parametrize("text", ["no deepseek? sad", "no glm?? rip", "no qwen? oof 😭", "no open ones? damn",
                                  "not what i wanted tbh 🙄", "not quite what i meant but sure"])
def test_a_lament_or_a_grumble_after_an_answer_is_chatter(matcher: ModelMatcher, text: str) -> None:
    previous = parse("top 4 open models for coding", matcher)
    assert not asks_something(text)
    assert parse(text, matcher).merged_with(previous).intent == "out_of_scope"


@pytest.mark.parametrize("text", ["no deepseek? how does deepseek v3.2 rank then", "no glm? where is glm 4.6",
                                  "no glm 4.6?", "no i meant on aider? thx", "no glm? and on aider",
                                  "not what i asked, how far behind on coding"])
def test_a_missing_name_or_a_correction_followed_by_a_question_asks(text: str) -> None:
    assert asks_something(text)


@pytest.mark.parametrize("text", ["hmm where did u get those numbers", "k but where do these figures come from",
                                  "are you sure? recheck that pls", "can you check that again, seems off",
                                  "wait really? double check your numbers"])
def test_asking_how_the_answer_was_got_or_to_check_it_repeats_the_answer(matcher: ModelMatcher, text: str) -> None:
    previous = parse("how far behind are open models on reasoning?", matcher)
    assert asks_something(text)
    q = parse(text, matcher).merged_with(previous)
    assert (q.intent, q.category) == ("gap", "reasoning")


@pytest.mark.parametrize("text", ["my colleague says open models trail by four months, where does that figure come "
                                  "from?", "a blog said 9 months behind; where did they get that"])
def test_where_a_figure_the_message_tells_comes_from_is_not_the_answer_again(text: str) -> None:
    assert parse(text).reason != "where_from"


@pytest.mark.parametrize("text", ["40 points?? wild", "only 2%? ok then", "6 weeks?! no way",
                                  "bruh what 😭 that ranking is nonsense", "wait what, this makes zero sense lol"])
def test_a_figure_echoed_or_a_reaction_then_a_remark_asks_nothing(matcher: ModelMatcher, text: str) -> None:
    previous = parse("how far behind are open models on coding?", matcher)
    assert not asks_something(text)
    assert parse(text, matcher).merged_with(previous).intent == "out_of_scope"


@pytest.mark.parametrize("text", ["40 points? since when", "wait what is the gap on math", "bro what does that mean",
                                  "bro that one on livebench?"])
def test_a_question_after_an_echo_or_a_reaction_still_asks(text: str) -> None:
    assert asks_something(text)


def test_a_remark_followed_by_a_question_asks() -> None:
    assert asks_something("lowkey crazy that a hedge fund side project got this good. how far behind is it now")
    assert not asks_something("crazy how fast that went")
