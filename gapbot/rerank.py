"""Re-ranking fused candidates towards passages that answer the question.

No cross-encoder can be shipped offline here, so this is a measured heuristic (bench/retrieval.py, the dev part of
tests/eval/passages.yaml): the fused rank, plus how much of the question's information the passage covers (each
question word weighted by its rarity among the passages, so 'NIST' counts for more than 'model'), plus a bonus when
the passage holds the rarest *name* the question uses (a capitalised word or an acronym: NIST, RAG, Llama), the
terms a sentence embedding blurs into the topic around them.

Chosen on the dev questions (54): fusion alone gives recall@3 0.907 and MRR 0.859; this step 0.926 and 0.882. A
bonus for the rarest word of any kind scored 0.944 / 0.850 there, but it rewarded a generic verb that few passages
happen to use ('how does distillation *help*…' put a passage about Meta first); a bonus for passages of the kind a
question asks for (a reason for 'why', a direction for 'growing?') lowered both measures, so there is none.
"""

from __future__ import annotations

import re

from gapbot.lexical import terms

COVERAGE = 0.2  # weight of the rarity-weighted share of question words in the passage
RARE = 0.25  # bonus when the passage holds the question's rarest name
# Names: a capitalised word not at the start of the question, or an acronym anywhere.
_CAPITALISED = re.compile(r"(?<=\W)[A-Z][\w-]*")
_ACRONYM = re.compile(r"\b[A-Z]{2,}\w*")


def names(question: str) -> set[str]:
    """The question's names, as index terms: 'Does NIST think Llama…' -> {'nist', 'llama'}."""
    words = _CAPITALISED.findall(question) + _ACRONYM.findall(question)
    return {t for w in words for t in terms(w)}


def rerank(question: str, qterms: list[str], fused: list[tuple[int, float]], pool) -> list[tuple[int, float]]:
    """(passage index, score) best first."""
    if not fused:
        return []
    qset = list(dict.fromkeys(qterms))
    idf = {t: pool.lexical.idf(t) for t in qset}
    total = sum(idf.values()) or 1.0
    named = [t for t in qset if t in names(question)]
    rarest = max(named, key=lambda t: idf[t]) if named else None
    top = fused[0][1] or 1.0
    out = []
    for i, score in fused:
        have = set(pool.lexical.tokens[i])
        s = score / top + COVERAGE * sum(idf[t] for t in qset if t in have) / total
        if rarest is not None and rarest in have:
            s += RARE
        out.append((i, s))
    return sorted(out, key=lambda x: -x[1])
