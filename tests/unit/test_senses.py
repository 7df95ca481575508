"""What a question's words are about (gapbot.senses, issue #13), and how the parser and the scope gate use it: a
lab's standing is an article question, an attribute or story that says nothing of ability is declined, and a sure
article reading about neither is declined when no passage comes near. Phrasings here are new, not the eval set's."""

from __future__ import annotations

import pytest

from gapbot import intent_model, scope
from gapbot.intent_model import IntentModel
from gapbot.question import INTENTS, ModelMatcher, Query, parse
from gapbot.senses import senses_of

NAMES = {"Gemma 3 27B": "gemma-3-27b", "Qwen3 235B": "qwen3-235b", "Llama 4 Scout": "llama-4-scout"}
ORGS = {"Cohere": "Cohere", "Mistral": "Mistral", "Zhipu": "Zhipu"}


@pytest.mark.parametrize(("text", "expected"), [
    ("has cohere lost momentum, or are people just sleeping on it", ("standing",)),
    ("is gemma still any good these days", ("capability", "standing")),
    ("how big is the vocabulary of the qwen3 tokenizer", ("aside",)),
    ("who replaced the ceo of stability after he resigned", ("aside",)),
    ("does the llama licence slow open labs from catching up", ("capability", "aside")),
    ("does the llama licence hold open models back", ("capability", "aside")),
    ("did the italian ban dent deepseek's adoption", ("standing", "aside")),
    ("how does mistral stack up against cohere nowadays", ("standing",)),
    ("why are people roasting the new gemma release", ("standing",)),
    ("what went wrong with mistral's last big model", ("standing",)),
    ("what is the knowledge cutoff of gemma 3 27b", ("aside",)),
    ("how many tokens per second does llama 4 scout manage", ("aside",)),
    ("when is the next big ml conference and who is hosting it", ("aside",)),
    ("did anyone at the paris summit say open models are behind", ("capability", "aside")),
    # running a model oneself: serving it, sizing its GPUs, its latency, fine-tuning it step by step
    ("how many gpus does gemma 3 27b take at 200 requests per second", ("aside",)),
    ("tgi or vllm, which gives lower latency for llama 4 scout", ("aside",)),
    ("step by step qlora recipe for mistral small on two h100s", ("aside",)),
    ("which open model is best at coding if we serve it ourselves", ("capability", "aside")),
    # the asker's own hardware or host: a consumer card, a laptop's memory, a provider and its price
    ("would two 3090s be enough to load gemma 3 27b", ("aside",)),
    ("does qwen3 235b fit on my mac studio with 192gb", ("aside",)),
    ("what hardware setup do i need for llama 4 scout", ("aside",)),
    ("what provider serves gemma 3 27b for the least money", ("aside",)),
    # near misses: a score measured on hardware words never said, a laptop in a story
    ("is gemma 3 27b better at math than llama 4 scout", ("capability",)),
    ("is the open models' gap bigger on agentic tasks", ("capability",)),
])
def test_senses(text: str, expected: tuple[str, ...]) -> None:
    assert senses_of(text) == expected


def test_an_attribute_or_event_only_in_the_context_is_not_what_is_asked() -> None:
    # the conference is why one asks, not what: the clause that asks is read for an aside
    text = "how did gemma 3 27b compare with qwen3 235b back in 2025? i'm annotating a conference talk"
    assert senses_of(text) == ("aside",)
    assert senses_of(text, asked="how did gemma 3 27b compare with qwen3 235b back in 2025?") == ()
    assert senses_of("i'm at a conference. what's the price of gemma 3 27b per token?",
                     asked="what's the price of gemma 3 27b per token?") == ("aside",)
    assert parse(text, ModelMatcher(NAMES, ORGS), classifier=_leaning("compare")).intent == "compare"


def test_what_one_use_costs_is_an_aside() -> None:
    # a price per image or per page is what using it costs, never a board's figure
    assert senses_of("gpt-4.1 or claude haiku 4.5 for tagging our field photos, which one is cheaper per image?") \
        == ("aside",)
    assert parse("gpt-4.1 or claude haiku 4.5 for tagging photos, which one is cheaper per image?",
                 MATCHER).intent == "out_of_scope"
    assert senses_of("which is cheaper to host on the co-op's own server, llama 3.3 70b or mistral small 3.1?") \
        == ("aside",)
    assert senses_of("why are open models so much cheaper to run than closed ones") == ()  # a cause asked


def _leaning(intent: str) -> IntentModel:
    classes = list(INTENTS)
    return IntentModel({"classes": classes, "bias": [3.0 if c == intent else 0.0 for c in classes],
                        "threshold": 0.5, "weights": {}})


def test_a_measured_reading_is_a_capability_sense_whatever_the_words() -> None:
    assert senses_of("price per token on the coding board", measured=True) == ("capability", "aside")


def _toy(monkeypatch, **weights: dict[str, float]) -> None:
    classes = list(INTENTS)
    model = IntentModel({"classes": classes, "bias": [0.0] * len(classes), "threshold": 0.5,
                         "weights": {f"w:{w}": [by.get(c, 0.0) for c in classes] for w, by in weights.items()}})
    monkeypatch.setattr(intent_model, "load", lambda path=None: model)


MATCHER = ModelMatcher(NAMES, ORGS)


def test_a_labs_standing_the_model_declines_is_an_article_question(monkeypatch) -> None:
    _toy(monkeypatch, sleeping={"out_of_scope": 6.0})
    q = parse("are people sleeping on cohere?", MATCHER)
    assert (q.intent, q.reason, q.confidence) == ("explain", "", 1.0)
    # without a lab or model named, a standing word alone does not make it one ("is vinyl sleeping on a comeback")
    assert parse("are people sleeping on vinyl?", MATCHER).intent == "out_of_scope"


@pytest.mark.parametrize("text", ["what tokenizer does qwen3 235b use, how big is its vocab",
                                  "gemma 3 27b vs llama 4 scout, which has the bigger context window",
                                  "why did the mistral founders leave deepmind"])
def test_an_attribute_or_story_without_ability_is_declined_whatever_the_model_reads(monkeypatch, text) -> None:
    _toy(monkeypatch, bigger={"compare": 6.0}, vocab={"model": 6.0}, leave={"explain": 6.0})
    q = parse(text, MATCHER)
    assert (q.intent, q.reason, q.confidence) == ("out_of_scope", "off-topic", 1.0)


@pytest.mark.parametrize("text", ["what throughput does qwen3 235b get on four h100s with sglang",
                                  "tgi or vllm, which gives lower latency for llama 4 scout",
                                  "median latency of gemma 3 27b via openrouter lately?"])
def test_serving_a_model_is_declined_whatever_the_model_reads(monkeypatch, text) -> None:
    _toy(monkeypatch, throughput={"model": 6.0}, lower={"compare": 6.0}, latency={"model": 6.0})
    q = parse(text, MATCHER)
    assert (q.intent, q.reason, q.confidence) == ("out_of_scope", "off-topic", 1.0)
    assert q.source is None  # "via openrouter": the API it is called through, not a leaderboard


@pytest.mark.parametrize("text", ["is one 5090 enough to run qwen3 235b or do i need more",
                                  "could i load llama 4 scout on a laptop with 64gb of ram",
                                  "what provider hosts gemma 3 27b for less, openrouter or together?",
                                  "gemma 3 27b per token on open router vs together, which costs less"])
def test_running_a_model_on_ones_own_hardware_or_host_is_declined(monkeypatch, text) -> None:
    _toy(monkeypatch, enough={"model": 6.0}, load={"model": 6.0}, cheapest={"model": 6.0}, costs={"compare": 6.0})
    q = parse(text, MATCHER)
    assert (q.intent, q.reason, q.confidence) == ("out_of_scope", "off-topic", 1.0)
    assert q.source is None  # a provider asked about as one, not the openrouter rankings


def test_the_openrouter_rankings_stay_a_leaderboard(monkeypatch) -> None:
    _toy(monkeypatch, gap={"gap": 6.0})
    q = parse("on openrouter, how big is the gap between open and closed models", MATCHER)
    assert (q.intent, q.source) == ("gap", "openrouter")


def test_an_attribute_asked_beside_ability_stays_in_scope(monkeypatch) -> None:
    _toy(monkeypatch, cheaper={"compare": 6.0})
    q = parse("is gemma 3 27b cheaper per token and better at coding than llama 4 scout", MATCHER)
    assert q.intent == "compare"


def _explain(text: str, senses: tuple[str, ...] = ()) -> Query:
    return Query(text=text, intent="explain", confidence=0.99, senses=senses)


def test_a_sure_article_reading_without_a_sense_is_declined_below_the_floor() -> None:
    q = _explain("how many stairs does the statue of liberty have next to open models")
    declined = scope.apply(q, lambda _: 0.2, 0.4, 0.8, floor=0.3)
    assert (declined.intent, declined.reason, declined.alternatives) == ("out_of_scope", "unanswered", ("explain",))
    assert scope.apply(q, lambda _: 0.31, 0.4, 0.8, floor=0.3) is q  # a passage near enough: answered as read
    assert scope.apply(q, lambda _: 0.2, 0.4, 0.8) is q  # floor 0: off


@pytest.mark.parametrize("senses", [("capability",), ("standing",), ("standing", "aside")])
def test_a_sense_of_capability_or_standing_keeps_a_far_article_reading(senses) -> None:
    calls = []
    q = _explain("why did the whole scene turn on that one lab", senses)
    assert scope.apply(q, lambda text: calls.append(text) or 0.05, 0.4, 0.8, floor=0.3) is q and calls == []


@pytest.mark.parametrize(("follow_up", "reply"), [(True, False), (False, True)])
def test_a_reply_to_an_answer_is_never_floored(follow_up, reply) -> None:
    q = _explain("and what do the write-ups say about that")
    assert scope.apply(q, lambda _: 0.05, 0.4, 0.8, follow_up, floor=0.3, reply=reply) is q


def test_two_labs_set_side_by_side_by_standing_are_compared(monkeypatch) -> None:
    _toy(monkeypatch, nowadays={"out_of_scope": 6.0})
    q = parse("zhipu vs mistral nowadays, which lab is more relevant", MATCHER)
    assert (q.intent, q.models) == ("compare", ["org:Zhipu", "org:Mistral"])


def test_a_standing_question_without_a_question_mark_or_wh_word_is_still_one(monkeypatch) -> None:
    _toy(monkeypatch, nowadays={"out_of_scope": 6.0})
    # answered, and as the lab's standing (the writers' brief, session 13), not an article question
    assert parse("lowkey zhipu still relevant nowadays", MATCHER).intent == "model"


@pytest.mark.parametrize("text", ["which chat template does gemma 3 27b expect, my replies come out broken",
                                  "how do i hook up llama 4 scout to my editor as a locally hosted model",
                                  "any idea when the next llama 4 scout update is due to drop?",
                                  "is there a release date for the next qwen3 235b yet"])
def test_setting_a_model_up_or_its_next_release_is_declined_whatever_the_model_reads(monkeypatch, text) -> None:
    _toy(monkeypatch, template={"model": 6.0}, locally={"model": 6.0}, next={"explain": 6.0}, release={"model": 6.0})
    q = parse(text, MATCHER)
    assert (q.intent, q.reason) == ("out_of_scope", "off-topic") and "aside" in q.senses


def test_the_articles_asked_about_by_name_answer_an_aside(monkeypatch) -> None:
    """"what do the articles say about X": theirs to answer (or to say they have nothing), however aside X is."""
    _toy(monkeypatch, articles={"explain": 6.0})
    assert parse("what do the articles say about open models being cheaper per token", MATCHER).intent == "explain"
    assert parse("are open models cheaper per token", MATCHER).intent == "out_of_scope"


@pytest.mark.parametrize("reply", ["what's the context window of gemma 3 27b",
                                   "can i run qwen3 235b on 2x 3090s or am i dreaming"])
def test_an_attribute_or_set_up_the_model_declines_stays_declined_as_a_reply(monkeypatch, reply: str) -> None:
    # The intent model declines it, the rules read a model question: alone it is declined either way; as a reply it
    # must not take the previous answer's subject (a decline "unscoped" would), since its only sense is an aside
    from gapbot.question import follow

    matcher = ModelMatcher(NAMES)
    previous = parse("how good is gemma 3 27b?", matcher)
    monkeypatch.setattr(intent_model, "load", lambda path=None: IntentModel(
        {"classes": list(INTENTS), "bias": [5.0 if c == "out_of_scope" else 0.0 for c in INTENTS], "weights": {},
         "threshold": 0.5}))
    q = parse(reply, matcher)
    assert q.intent == "out_of_scope" and q.reason == "off-topic"
    assert follow(q, previous, matcher, model=False).intent == "out_of_scope"
