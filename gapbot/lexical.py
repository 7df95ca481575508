"""Lexical search over article passages: BM25 (bm25s) on stemmed words without stop words.

Dense retrieval alone misses questions that name a term the passages use verbatim ("NIST", "RAG", "moat",
"distillation", "Llama"): a sentence embedding blurs a rare name into the topic around it. BM25 scores exactly those
terms by how rare they are. The index is built when a generation's passages are first searched (~100 passages: a few
milliseconds; bm25s and PyStemmer import in ~0.15 s and need no torch).
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+(?:[-.'][a-z0-9]+)*")


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    # "open", "up", "behind" carry meaning here; the list has no such words, but keep the question words out.
    return frozenset(STOPWORDS_EN) | {"does", "do", "did", "what", "why", "how", "which", "who", "think", "say",
                                      "says", "said"}


def preload() -> None:
    """Blocking: import the lexical search's libraries now (bm25s brings scipy, tqdm and ~400 modules): a
    long-running process that loads them before it freezes its start-up objects keeps them out of every later
    cyclic collection (bot/client.py)."""
    import bm25s  # noqa: F401

    _stemmer()
    _stopwords()


def terms(text: str) -> list[str]:
    """Stemmed content words of a text, in order ('open-weights' -> 'open', 'weight')."""
    words = [w for token in _WORD.findall(text.lower()) for w in token.replace("'", " ").replace("-", " ").split()]
    stop = _stopwords()
    return _stemmer().stemWords([w for w in words if w not in stop and len(w) > 1])


class Lexical:
    """A BM25 index over passages (each one text: title, section and body)."""

    def __init__(self, texts: list[str]) -> None:
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG

        self.n = len(texts)
        self._bm25 = bm25s.BM25(k1=1.2, b=0.75)
        self.tokens = [terms(t) for t in texts]
        if self.n:
            self._bm25.index([t or ["\x00"] for t in self.tokens], show_progress=False)
        vocab = self._bm25.vocab_dict if self.n else {}
        self._vocab = vocab
        df: dict[str, int] = {}
        for toks in self.tokens:
            for t in set(toks):
                df[t] = df.get(t, 0) + 1
        self.df = df

    def scores(self, query_terms: list[str]):
        """BM25 score of every passage for the query (a NumPy array, 0 where nothing matches)."""
        import numpy as np

        known = [t for t in dict.fromkeys(query_terms) if t in self._vocab]
        if not known or not self.n:
            return np.zeros(self.n, dtype=np.float32)
        return self._bm25.get_scores(known)

    def idf(self, term: str) -> float:
        """How rare a term is among the passages (0 for a term in every one, ~log n for one in none)."""
        import math

        return math.log((self.n + 1) / (self.df.get(term, 0) + 0.5))
