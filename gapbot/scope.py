"""Scope by what the articles can answer (issue #13): a question the intent model would decline, or cannot tell
between an article question and a decline, is answered from the articles when the served passage closest to it in
meaning is similar enough; otherwise it stays as read. The mirror case too: an article question the model is less
than sure of, which no passage comes near, is declined. "is rag overhyped or nah" names nothing the rules know, yet the
articles discuss it; "how far behind is my train" does not come near any passage.

What the articles hold never lets through what a pattern declines: stock prices, weather, jokes, code requests and
opinions stated ("lol this bot is wrong") are `flagged` by the rules and never consulted here, and neither are
chatter nor a message that was only an injection. The similarity is of the question as the intent model reads it
(gapbot.question.meant: text posing as instructions removed), so such text cannot move the decision either. A
"write me a python script about LLM benchmarks" comes close to the passages, which is why the pattern guard, not
the threshold, keeps it out.

Pure functions: the engine passes a `similarity` (question -> the best passage's cosine, None without articles) and
the threshold from its settings (`GAPBOT_SCOPE_THRESHOLD`, calibrated by `python -m bench.scope`). Only a question
consulted here pays for the question's embedding and the passages' vectors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from gapbot.question import Query, asks_something, meant

Similarity = Callable[[str], float | None]

# The declines a model reading may make for want of a subject it knows: the ones the articles may still answer.
# (chatter, empty and injection declines are decided before any model reads the question.)
CONSULTED_REASONS = ("off-topic", "unscoped")


def consulted(q: Query, max_confidence: float = 1.0, follow_up: bool = False) -> bool:
    """Whether the articles decide this question: a decline by the model's reading (not by a pattern) that is less
    sure than `max_confidence` (a decline the model is sure of, "hello gapbot!", "should i take a gap year", stays
    one however close its words come to a passage); an article reading (explain) less sure than that, unless it
    follows up on an answer ("why tho" is about that answer, not about a passage); or a reading unsure between an
    article question and a decline."""
    if q.flagged:
        return False
    if q.intent == "out_of_scope":  # a remark that asks nothing ("big week for open models, stay tuned") never
        return q.reason in CONSULTED_REASONS and q.confidence < max_confidence and asks_something(q.text)
    if q.intent != "explain":
        return False
    if q.unsure:
        return q.alternatives[:1] == ("out_of_scope",)
    return not follow_up and not q.reason and q.confidence < max_confidence


def in_scope(similarity: float | None, threshold: float) -> bool:
    """The articles answer a question whose closest passage is at least `threshold` similar (cosine); without
    articles (None) nothing is answered from them."""
    return similarity is not None and similarity >= threshold


def unanchored(q: Query, follow_up: bool = False) -> bool:
    """An article reading, however sure, whose words carry no sense of capability or standing (gapbot.senses):
    "how tall is the eiffel tower compared to open models" names open models, but asks nothing the articles are
    about, so the articles decide it by a floor (`floor`). Not a follow-up ("why tho" is about the answer)."""
    return (q.intent == "explain" and not q.unsure and not q.reason and not q.flagged and not follow_up
            and not {"capability", "standing"} & set(q.senses))


def decide(q: Query, similarity: float | None, threshold: float) -> Query:
    """A consulted query, settled by the articles: read as an article question where they come close enough (a
    decline so rescued says so: reason "articles"); an article reading the model was less than sure of and that no
    passage comes near is declined (reason "unanswered": "how much does a tesla weigh compared to open models");
    else as read. An unsure reading far from every passage is still asked back: a follow-up such as "really? why"
    is unsure between explain and a decline, and its few words come near no passage, yet it asks about the previous
    answer (declining it cost a right reading in cross-validation). Without articles (None) nothing changes."""
    if in_scope(similarity, threshold):
        if q.intent == "explain" and not q.unsure:
            return q
        return replace(q, intent="explain", reason="articles", unsure=False, alternatives=())
    if similarity is not None and q.intent == "explain" and not q.unsure:
        return replace(q, intent="out_of_scope", reason="unanswered", alternatives=("explain",))
    return q


def floored(q: Query, similarity: float | None, floor: float) -> Query:
    """An unanchored article reading no passage comes as near as `floor` (below the threshold: the words alone
    say nothing of the gap, so only a passage that is far settles it): declined (reason "unanswered"), else as read."""
    if similarity is not None and similarity < floor:
        return replace(q, intent="out_of_scope", reason="unanswered", alternatives=("explain",), confidence=1.0)
    return q


def apply(q: Query, similarity: Similarity, threshold: float, max_confidence: float = 1.0,
          follow_up: bool = False, floor: float = 0.0, reply: bool = False) -> Query:
    """`q` as answered: decided by the articles where consulted (only then is `similarity` called), else as read;
    an unanchored article reading the model is sure of is declined below `floor` (0: never), unless it is a `reply`
    to an answer ("what do the reports say about why" after a gap answer is about that answer, not a passage)."""
    if consulted(q, max_confidence, follow_up):
        return decide(q, similarity(meant(q.text)), threshold)
    if floor > 0 and unanchored(q, follow_up or reply):
        return floored(q, similarity(meant(q.text)), floor)
    return q
