"""Article passages for 'explain' questions: found by meaning and by the words they share with the question,
re-ranked towards passages that answer it, diverse (not five chunks of one article), and showing both sides where
the corpus disagrees on whether the gap is shrinking or growing.

Hybrid search: the embedding ranks every passage by cosine similarity, BM25 (gapbot.lexical) ranks them by the
question's words, and reciprocal rank fusion merges the two rankings (no score scales to calibrate). A re-ranking
step (gapbot.rerank, a measured heuristic: no cross-encoder can be shipped offline) then prefers passages that
cover the question's rarest words and answer its kind of question. `python -m bench.retrieval` measures each stage.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace

from gapbot import extract, rerank
from gapbot.extract import about_direction, stance  # noqa: F401 (stance: part of this module's surface)
from gapbot.lexical import Lexical, terms
from gapbot.models import Manifest, Passage
from gapbot.store import passage_from

CANDIDATES = 30  # from each ranking, into the fusion
RERANKED = 24  # fused candidates the re-ranker orders
RRF_K = 60  # reciprocal rank fusion's constant (Cormack et al. 2009): rank r counts 1 / (RRF_K + r)
SHOW = 3
MAX_PER_ARTICLE = 1
METHODS = ("dense", "lexical", "hybrid", "fused")  # fused: hybrid without the re-ranking step
@dataclass(frozen=True, slots=True)
class Pool:
    """One served set of passages, ready to search: built once per generation, then only read."""

    key: str
    vectors: object  # NumPy (n, d), normalised
    passages: tuple[Passage, ...]
    lexical: Lexical


_URL_WORDS = re.compile(r"[/\-_.?=&#]+")
_cached: Pool | None = None
_lock = threading.Lock()


def indexed_text(p: Passage) -> str:
    """What BM25 reads of a passage: its title, section heading and the words of its URL name its subject too
    ('…/google-we-have-no-moat-and-neither')."""
    source = p.source.split("://", 1)[1] if "://" in p.source else p.source
    return f"{p.title}\n{p.section}\n{_URL_WORDS.sub(' ', source)}\n{p.text}"


def pool(store, manifest: Manifest) -> Pool:
    """The served passages with their vectors and BM25 index, cached for the generation being served."""
    global _cached
    key, vectors, records = store.passages(manifest)
    with _lock:
        if _cached is not None and _cached.key == key and key:
            return _cached
    passages = tuple(passage_from(doc, meta, 1.0) for doc, meta in records)
    built = Pool(key, vectors, passages, Lexical([indexed_text(p) for p in passages]))
    with _lock:
        _cached = built
    return built


def _top(scores, n: int, positive: bool = False) -> list[int]:
    import numpy as np

    order = np.argsort(-scores, kind="stable")[:n]
    return [int(i) for i in order if not positive or scores[i] > 0]


def rrf(*rankings: list[int]) -> dict[int, float]:
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, i in enumerate(ranking, 1):
            fused[i] = fused.get(i, 0.0) + 1.0 / (RRF_K + rank)
    return fused


def ranked(p: Pool, question: str, vector, method: str = "hybrid") -> list[tuple[int, float]]:
    """Passage indexes of the pool, best first, with their scores, by one method (see METHODS)."""
    import numpy as np

    if not p.passages:
        return []
    qterms = terms(question)
    if method == "lexical":
        scores = p.lexical.scores(qterms)
        return [(i, float(scores[i])) for i in _top(scores, CANDIDATES, positive=True)]
    similarity = p.vectors @ np.asarray(vector, dtype=np.float32)
    dense = _top(similarity, CANDIDATES)
    if method == "dense":
        return [(i, float(similarity[i])) for i in dense]
    fused = rrf(dense, _top(p.lexical.scores(qterms), CANDIDATES, positive=True))
    order = sorted(fused, key=lambda i: -fused[i])[:RERANKED]
    if method == "fused":
        return [(i, fused[i]) for i in order]
    return rerank.rerank(question, qterms, [(i, fused[i]) for i in order], p)


def diversify(hits: list[Passage], k: int = SHOW, both_sides: bool = True) -> list[Passage]:
    """Best first, at most one passage per article, then (`both_sides`) make room for the other side of a
    disagreement."""
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
    for side in ("shrinking", "growing") if both_sides else ():
        if side not in stances:
            files = {c.file for c in chosen[:-1]}  # the other side, from another article where there is one
            sided = [p for p in hits if p not in chosen and stance(p.text) == side]
            other = next((p for p in sided if p.file not in files), sided[0] if sided else None)
            if other is not None and len(chosen) >= 2:
                chosen[-1] = other  # replace the weakest with the missing side
                stances = {stance(p.text) for p in chosen}
    return chosen


def best_similarity(store, manifest: Manifest, embedder, question: str) -> float | None:
    """The cosine similarity of the served passage closest in meaning to the question; None where no article is
    served (gapbot.scope decides by it whether the articles answer a question the intent model would decline)."""
    import numpy as np

    if not manifest.files or not manifest.embedding_model:
        return None
    p = pool(store, manifest)
    if not p.passages:
        return None
    return float(np.max(p.vectors @ np.asarray(embedder.embed_query(question), dtype=np.float32)))


def retrieve(store, manifest: Manifest, embedder, question: str, k: int = SHOW) -> list[Passage]:
    """The passages of the served articles that best answer the question, diversified."""
    if not manifest.files or not manifest.embedding_model:
        return []
    p = pool(store, manifest)
    if not p.passages:
        return []
    hits = [replace(p.passages[i], score=score) for i, score in ranked(p, question, embedder.embed_query(question))]
    chosen = diversify(hits, k, both_sides=about_direction(question))
    weights = {t: p.lexical.idf(t) for t in dict.fromkeys(terms(question))}
    why = extract.asks_why(question)
    return [replace(c, focus=extract.answer(c.text, weights, terms, why)) for c in chosen]
