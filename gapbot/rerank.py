"""Re-ranking fused candidates towards passages that answer the question.

No cross-encoder can be shipped offline here, so this is a measured heuristic (bench/retrieval.py, the dev part of
tests/eval/passages.yaml): the fused rank, plus how much of the question's information the passage covers (each
question word weighted by its rarity among the passages, so 'NIST' counts for more than 'model'), plus a bonus when
the passage holds the question's rarest word and few passages do. Weights were chosen on the dev questions: on them
coverage 0.3 and rare 0.25 lift recall@3 from 0.926 (fusion alone) to 0.963; a bonus for passages of the kind a
question asks for (a reason for 'why', a direction for 'growing?') lowered recall@3 and MRR, so there is none.
"""

from __future__ import annotations

COVERAGE = 0.3  # weight of the rarity-weighted share of question words in the passage
RARE = 0.25  # bonus when the passage holds the question's rarest word


def rerank(question: str, qterms: list[str], fused: list[tuple[int, float]], pool) -> list[tuple[int, float]]:
    """(passage index, score) best first."""
    if not fused:
        return []
    qset = list(dict.fromkeys(qterms))
    idf = {t: pool.lexical.idf(t) for t in qset}
    total = sum(idf.values()) or 1.0
    rarest = max(qset, key=lambda t: idf[t]) if qset else None
    top = fused[0][1] or 1.0
    out = []
    for i, score in fused:
        have = set(pool.lexical.tokens[i])
        s = score / top
        s += COVERAGE * sum(idf[t] for t in qset if t in have) / total
        if rarest is not None and rarest in have and pool.lexical.df.get(rarest, 0) <= 3:
            s += RARE
        out.append((i, s))
    return sorted(out, key=lambda x: -x[1])
