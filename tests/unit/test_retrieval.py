"""Hybrid retrieval's pure parts: BM25 over passages, reciprocal rank fusion, re-ranking, diversity, extraction."""

from __future__ import annotations

import numpy as np

from gapbot import extract, retrieval
from gapbot.lexical import Lexical, terms
from gapbot.models import Passage

TEXTS = [
    ("a", "Open models are catching up quickly, experts say. The time gap has been shrinking."),
    ("b", "Contrary to the popular belief, a NIST analysis indicates the performance gap is growing."),
    ("c", "Retrieval Augmented Generation (RAG) is overhyped. It may not be accurate enough for agents."),
    ("d", "Distillation trains a model on the outputs of a stronger teacher model."),
    ("a", "Open models keep pace because compute is cheap."),
]


def pool(vectors=None) -> retrieval.Pool:
    passages = tuple(Passage(text=t, title="", source="s", date="", file=f, position=i)
                     for i, (f, t) in enumerate(TEXTS))
    vecs = np.eye(len(TEXTS), 8, dtype=np.float32) if vectors is None else vectors
    return retrieval.Pool("k", vecs, passages, Lexical([retrieval.indexed_text(p) for p in passages]))


def test_terms_are_stemmed_content_words():
    assert terms("Does NIST think the gaps are GROWING? open-weights") == ["nist", "gap", "grow", "open", "weight"]


def test_bm25_finds_the_rare_word_dense_search_misses():
    p = pool()
    query = np.zeros(8, dtype=np.float32)
    query[0] = 1.0  # the embedding points at passage 0, the lexical side at the NIST passage
    lexical = retrieval.ranked(p, "what does NIST say?", query, "lexical")
    assert lexical[0][0] == 1 and len(lexical) == 1  # only passages that share a word
    assert retrieval.ranked(p, "what does NIST say?", query, "dense")[0][0] == 0
    assert retrieval.ranked(p, "what does NIST say?", query, "hybrid")[0][0] == 1  # re-ranked: it names NIST
    assert retrieval.ranked(p, "zzz", query, "lexical") == []


def test_names_are_capitalised_words_and_acronyms():
    from gapbot.rerank import names

    assert names("Does NIST think Meta's Llama models are behind?") == {"nist", "meta", "llama"}
    assert names("how does distillation help open models catch up?") == set()  # no name: no bonus for 'help'


def test_reciprocal_rank_fusion_rewards_agreement():
    fused = retrieval.rrf([1, 2, 3], [3, 1])
    assert sorted(fused, key=lambda i: -fused[i]) == [1, 3, 2]
    assert abs(fused[1] - (1 / 61 + 1 / 62)) < 1e-12


def test_diversify_keeps_one_passage_per_article_and_both_sides():
    hits = [Passage(text=t, title="", source="", date="", file=f, position=i) for i, (f, t) in enumerate(TEXTS)]
    order = [hits[0], hits[4], hits[2], hits[3], hits[1]]
    chosen = retrieval.diversify(order, 3, both_sides=False)
    assert [p.position for p in chosen] == [0, 2, 3]  # one passage per article
    chosen = retrieval.diversify(order, 3)
    assert {extract.stance(p.text) for p in chosen} >= {"shrinking", "growing"}


def test_answer_is_the_sentence_that_holds_the_rare_words():
    lex = Lexical([t for _, t in TEXTS])
    weights = {t: lex.idf(t) for t in terms("does NIST think the gap is growing?")}
    text = "Open source keeps improving. " + TEXTS[1][1] + " Unrelated closing words here."
    assert extract.answer(text, weights, terms) == TEXTS[1][1]
    assert extract.answer("Nothing in common here. Nor here.", weights, terms) == ""  # no answer is made up
    assert extract.answer("Is the NIST gap growing? NIST says the gap is growing.", weights, terms) == (
        "NIST says the gap is growing.")  # a question is not its own answer
    why = "Chinese firms dominate open leaderboards. Because they are cheaper, they see rapid uptake. Other words."
    w = {t: 1.0 for t in terms("why are chinese open models popular")}
    assert extract.answer(why, w, terms) == "Chinese firms dominate open leaderboards."
    assert extract.answer(why, w, terms, why=True) == ("Chinese firms dominate open leaderboards. Because they are "
                                                       "cheaper, they see rapid uptake.")  # the reason comes along


def test_quotes_are_short_and_end_at_sentences():
    text = "## Heading\n" + " ".join(f"Sentence {i} [00:0{i % 10}:00] says a thing." for i in range(40))
    q = extract.quote(text, "Sentence 20 says a thing.")
    assert len(q) <= 300 and q.endswith("thing.") and "Sentence 20 says" in q
    assert "#" not in q and "[00:" not in q
    long = extract.quote("word " * 200)
    assert len(long) <= 300 and long.endswith("…")


def test_stance_and_direction():
    assert extract.stance(TEXTS[1][1] + " The trend lines are diverging.") == "growing"
    assert extract.stance(TEXTS[0][1]) == "shrinking"
    assert extract.about_direction("is the gap growing?") and not extract.about_direction("what is RAG?")
