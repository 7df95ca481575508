"""The part of a message that asks: long messages put the question after context ("my advisor says closed models
are miles ahead on proofs and I want to prove him wrong, so what's the best open model for math?"), and read whole,
the context's words (ahead, closed) outvote the question's (best). The rules' intent, read from the focus, is the
feature the intent model weighs beside the whole message's words, so that what is asked weighs more than what is
told (the focus's own words as features were measured twice and left out: no change on writer folds).

Plain Python and regular expressions: it runs on every question, in training (bench.train_intent) and at run time
(gapbot.intent_model) alike.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Sentence ends: ".", "!", "?" (or several) before a space, and a colon or semicolon introducing what follows
# ("quick context: i teach a stats course"). Decimals and versions ("4.5", "v3.1") stay whole: a space must follow;
# so do "no. 1" and "qwen vs. claude".
_SENTENCE_END = re.compile(r"(?<=[.!?…])(?<! no\.)(?<! vs\.)\s+|(?<=[:;])\s+|\s+(?:--|—|–)\s+")
# Clause breaks inside a sentence, where a question may follow a remark ("…, so what's the best one").
_CLAUSE_BREAK = re.compile(r",\s+|\s+(?=(?:so|but|anyway|anyways)\s+(?:what|which|who|how|why|when|where|is|are|"
                           r"does|do|did|has|have|can|could|should|would|will)\b)")
_FILLER = re.compile(r"^((lol|lmao|ok|okay|so|uh|um|ngl|tbh|bruh|yo|hey|well|but|and|anyway|anyways|honestly|"
                     r"basically|like|actually|real quick|quick q(uestion)?|question)[\s,:!.]+)+")
# A clause that asks: a wh-word, an auxiliary put first, or an imperative request.
_ASK_WORDS = (r"what|whats|what's|which|who|whos|who's|whose|when|where|why|how|hows|how's|is|are|was|were|does|do|"
              r"did|can|could|should|would|will|has|have|isn't|aren't|doesn't|didn't|tell|show|list|give|explain|"
              r"rank|compare|name")
_ASKING = re.compile(rf"^({_ASK_WORDS})\b")
_AND_ASKS = re.compile(rf",?\s+and\s+(?=(?:{_ASK_WORDS})\b)")  # "…, and is it close to the closed ones?"
_WH = re.compile(r"\b(what|whats|which|who|whos|whose|why|how|hows|when|where)\b")
# Pointers back at one of several questions ("mostly care about the first part", "the second one matters more"):
# the question they point at is the focus.
_ORDINALS = {"first": 0, "1st": 0, "former": 0, "second": 1, "2nd": 1, "latter": -1, "last": -1}
_POINTER = re.compile(r"\b(?:mostly|mainly|main(?:ly)?|really|only|just|most(?:ly)?|more|primarily|especially)\b"
                      r"[\w\s']{0,30}?\b(?:the )?(first|1st|second|2nd|former|latter|last)\b(?: (?:part|one|bit|"
                      r"half|question|q))?|\b(?:the )?(first|1st|second|2nd|former|latter|last) (?:part|one|bit|half|"
                      r"question|q)\b[\w\s']{0,20}?\b(?:matters|is what|is the (?:main|important)|more important)")
MIN_WORDS = 4  # a message this short has no context to set aside
# Where the asker tells after the question where they came across its subject ("is nemotron any good, saw it on a
# slide at the vet tech conference", "how's minimax m2 doing, heard it flopped"): context, not what is asked
TOLD_AFTER = re.compile(r"(?<=\w),\s+(i )?(saw|heard|noticed|seen|spotted) (it|this|that|them)\b[^?]*$")


def sentences(low: str) -> list[str]:
    """`low` cut into sentences (stripped, empty ones dropped)."""
    return [s.strip() for s in _SENTENCE_END.split(low) if s and s.strip(" .!?…:;,")]


@lru_cache(maxsize=512)  # read twice per question: for the signals (gapbot.question) and the n-grams
def focus(low: str) -> str | None:
    """The question part of a message of several sentences or clauses, lowercased as given; None where it is the
    whole message (one clause, or nothing in it stands out as the question)."""
    if len(low.split()) < MIN_WORDS:
        return None
    parts = sentences(low)
    # sentences with a question mark that ask (not "apparently everything changed?"), else any that ask, else the last
    marked = [s for s in parts if "?" in s]
    asked = [s for s in marked if _asks(s)] or marked or [s for s in parts if _asks(s)] or parts[-1:]
    asked = _pointed(low, asked)
    if not asked:
        return None
    # the first asking sentence's leading remark clauses set aside ("i want to prove him wrong, so what's the best…")
    asked[0] = _trimmed(asked[0])
    asked[-1] = TOLD_AFTER.sub("", asked[-1])
    out = " ".join(asked).strip()
    return out if out and out != low.strip() and len(out.split()) >= 2 else None


def _asks(sentence: str) -> bool:
    body = _FILLER.sub("", sentence)
    return bool(_ASKING.match(body) or _WH.search(body))


def _trimmed(sentence: str) -> str:
    """The sentence from its first clause that asks: the remark before it set aside."""
    clauses = _CLAUSE_BREAK.split(sentence)
    for i, clause in enumerate(clauses):
        if _ASKING.match(_FILLER.sub("", clause.strip())):
            return sentence[sentence.index(clause):] if i else sentence
    return sentence


def _pointed(low: str, asked: list[str]) -> list[str]:
    """Of several questions, the one a pointer names ("mostly care about the first part"); else all of them. A
    question of two parts joined by "and" counts as two ("what's the top open model, and is it close to the closed
    ones?")."""
    m = _POINTER.search(low)
    if not m:
        return asked
    questions = [q for s in asked for q in _AND_ASKS.split(s)]
    questions = [q for q in questions if not _POINTER.search(q)] or questions
    if len(questions) < 2:
        return asked
    return [questions[_ORDINALS[m.group(1) or m.group(2)]]]
