"""Extractive answers: the sentences of a passage that answer a question, and short quotes cut at sentence ends.

Without an LLM the answer is the source's own words: the one or two sentences of the best passage that hold most of
the question's information (each question word weighted by its rarity among the passages), quoted and attributed.
Linear-time patterns only: passages come from uploaded files.
"""

from __future__ import annotations

import re
from collections.abc import Callable

QUOTE_CHARS = 300
ANSWER_CHARS = QUOTE_CHARS  # the direct answer is quoted too
WHY_BONUS = 0.25
# A sentence ends at . ! ? (and a closing quote or bracket) before a space and an upper-case letter, digit or quote.
# Closing quotes stay with their sentence; a "(" after "?" is not a new sentence ('"Open models?" (2024) found').
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)\]]))\s+(?=[\"“‘]?[A-Z0-9])")
# A list item's marker, and a transcript's [hh:mm:ss] (one space before it at most: linear). Ingest uses both.
BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,3}[.)])\s+")
_HEADING = re.compile(r"(?m)^\s{0,3}#{1,6}\s+")
TIMESTAMP = re.compile(r" ?[\[(]\d{1,2}:\d{2}(?::\d{2})?[\])]")
# Which way a text says the gap is going, and whether a question asks that.
_SHRINK = re.compile(r"\b(catch(ing|es)? up|caught up|clos(e|es|ed|ing) the gap|narrow\w*|shrink\w*|lapping|"
                     r"competitive with|converg\w*|keep(ing)? pace|overtake|parity|(had )?f(e|a)ll(en)? to|"
                     r"down from|vanish\w*|(gap|lead) (is |has been )?(closing|falling))\b", re.I)
_GROW = re.compile(r"\b(widen\w*|grow\w* gap|gap (is )?grow\w*|larger gap|pull(ing)? away|fall(ing)? behind|"
                   r"lag\w*|behind|outperform\w*|beat\w*|persist\w*|remain\w* (ahead|behind)|diverg\w*|"
                   r"(is|are|has been|keeps?) (growing|widening))\b", re.I)
_WHY = re.compile(r"^\W*(why|how come|what (drives|explains|makes|causes))\b|\breasons?\b", re.I)
_CAUSE = re.compile(r"\b(because|due to|driven by|drives?|attributed to|thanks to|allow(s|ing)|lets|"
                    r"enabl\w+|leads? to|led to)\b", re.I)
_DIRECTION = re.compile(r"\b(gap|behind|ahead|lead\w*|lag\w*|catch\w*|caught|clos\w*|grow\w*|widen\w*|shrink\w*|"
                        r"narrow\w*|converg\w*|pull\w* away|persist\w*)\b", re.I)


def stance(text: str) -> str | None:
    """'shrinking', 'growing' or None: which way the text says the gap is going, by the words it uses."""
    s, g = len(_SHRINK.findall(text)), len(_GROW.findall(text))
    if s > g:
        return "shrinking"
    if g > s:
        return "growing"
    return None


def about_direction(question: str) -> bool:
    """Does the question ask where the gap is heading (so both sides of a disagreement belong in the answer)?"""
    return bool(_DIRECTION.search(question))


def asks_why(question: str) -> bool:
    return bool(_WHY.search(question))


def split_sentences(line: str) -> list[str]:
    """One line of prose as its sentences (linear: one regex split)."""
    return [s.strip() for s in _SENTENCE_END.split(line) if s.strip()]


def sentences(text: str) -> list[str]:
    """A passage's sentences in order, without list bullets; each line of a list is one."""
    out = []
    for line in clean(text).split("\n"):
        out += split_sentences(BULLET.sub("", line))
    return out


def clean(text: str) -> str:
    """No markdown headings or transcript timestamps (passages stored before they were dropped at ingest)."""
    return TIMESTAMP.sub("", _HEADING.sub("", text or ""))


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _scores(sents: list[str], weights: dict[str, float], terms: Callable[[str], list[str]], why: bool) -> list[float]:
    """Each sentence's share of the question's (weighted) words; for a 'why' question, a sentence giving a reason
    counts WHY_BONUS more."""
    total = sum(weights.values()) or 1.0
    out = []
    for s in sents:
        if s.rstrip("\"'”’)").endswith("?"):  # a question (a rhetorical one, a heading) answers nothing
            out.append(0.0)
            continue
        have = set(terms(s))
        bonus = WHY_BONUS if why and _CAUSE.search(s) else 0.0
        out.append(sum(w for t, w in weights.items() if t in have) / total + bonus)
    return out


def answer(text: str, weights: dict[str, float], terms: Callable[[str], list[str]], why: bool = False) -> str:
    """The one or two consecutive sentences of a passage that answer best (at most ANSWER_CHARS): the best one, and
    its neighbour when that one holds question words too (the thought kept whole). "" when no sentence holds any:
    a sentence that shares nothing with the question is not offered as its answer."""
    sents = sentences(text)
    if not sents:
        return ""
    scores = _scores(sents, weights, terms, why)
    best = max(range(len(sents)), key=lambda i: (scores[i], -i))
    if scores[best] <= 0:
        return ""
    chosen = [best]
    near = [j for j in (best - 1, best + 1) if 0 <= j < len(sents) and scores[j] > 0]
    if near:
        pair = sorted([best, max(near, key=lambda j: scores[j])])
        if len(" ".join(sents[j] for j in pair)) <= ANSWER_CHARS:
            chosen = pair
    return _cut(" ".join(sents[j] for j in chosen), ANSWER_CHARS)


def quote(text: str, focus: str = "", limit: int = QUOTE_CHARS) -> str:
    """A short quote of a passage: the sentences around `focus` (or from the start), cut at sentence ends, at most
    `limit` characters; one sentence longer than that is cut at a word with an ellipsis."""
    sents = sentences(text)
    if not sents:
        return ""
    start = 0
    if focus:
        first = sentences(focus)[:1]
        start = next((i for i, s in enumerate(sents) if first and s == first[0]), 0)
    lo = hi = start
    size = len(sents[start])
    while True:  # grow forwards first (the point's explanation), then backwards (its set-up)
        if hi + 1 < len(sents) and size + 1 + len(sents[hi + 1]) <= limit:
            hi += 1
            size += 1 + len(sents[hi])
        elif lo > 0 and size + 1 + len(sents[lo - 1]) <= limit:
            lo -= 1
            size += 1 + len(sents[lo])
        else:
            break
    return _cut(" ".join(sents[lo:hi + 1]), limit)
