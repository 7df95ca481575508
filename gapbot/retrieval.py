"""Article passages for 'explain' questions: relevant, diverse (not five chunks of one article), and showing
both sides where the corpus disagrees on whether the gap is shrinking or growing."""

from __future__ import annotations

import re

from gapbot.models import Manifest, Passage
from gapbot.store import passage_from

CANDIDATES = 24
SHOW = 4
MAX_PER_ARTICLE = 1
_SHRINK = re.compile(r"\b(catch(ing|es)? up|caught up|clos(e|es|ed|ing) the gap|narrow\w*|shrink\w*|lapping|"
                     r"competitive with|converg\w*|keep(ing)? pace|overtake|parity)\b", re.I)
_GROW = re.compile(r"\b(widen\w*|grow\w* gap|gap (is )?grow\w*|larger gap|pull(ing)? away|fall(ing)? behind|"
                   r"lag\w*|behind|outperform\w*|beat\w*|persist\w*|remain\w* (ahead|behind))\b", re.I)


def stance(text: str) -> str | None:
    s, g = len(_SHRINK.findall(text)), len(_GROW.findall(text))
    if s > g:
        return "shrinking"
    if g > s:
        return "growing"
    return None


def diversify(hits: list[Passage], k: int = SHOW) -> list[Passage]:
    """Best first, at most one passage per article, then make room for the other side of a disagreement."""
    chosen: list[Passage] = []
    per_file: dict[str, int] = {}
    for p in hits:
        if per_file.get(p.file, 0) < MAX_PER_ARTICLE:
            chosen.append(p)
            per_file[p.file] = per_file.get(p.file, 0) + 1
        if len(chosen) == k:
            break
    if len(chosen) < k:  # few articles: allow a second passage from the same ones
        chosen += [p for p in hits if p not in chosen][: k - len(chosen)]
    stances = {stance(p.text) for p in chosen}
    for side in ("shrinking", "growing"):
        if side not in stances:
            other = next((p for p in hits if p not in chosen and stance(p.text) == side), None)
            if other is not None and len(chosen) >= 2:
                chosen[-1] = other  # replace the weakest with the missing side
                stances = {stance(p.text) for p in chosen}
    return chosen


def retrieve(store, manifest: Manifest, embedder, question: str, k: int = SHOW) -> list[Passage]:
    """The passages of the served articles nearest to the question, diversified."""
    if not manifest.files or not manifest.embedding_model:
        return []
    vec = embedder.embed_query(question)
    hits = [passage_from(d, m, dist) for d, m, dist in store.query_docs(manifest, vec, CANDIDATES)]
    return diversify(hits, k)
