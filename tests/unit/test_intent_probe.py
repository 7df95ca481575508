"""bench.intent_probe's pure parts: which group a writer falls in, and the best fusion weight."""

from __future__ import annotations

import numpy as np

from bench.intent_probe import GROUPS, best_fusion, group_of


def test_every_writer_falls_in_one_group_and_exemplars_in_none() -> None:
    assert group_of("") == -1
    assert {group_of(w) for w in ("a", "tq", "hc", "ub")} <= set(range(GROUPS))
    assert group_of("ub") == 0  # a hash of the letters (crc32), the same in every run: not Python's hash()


def test_the_fusion_follows_the_other_reading_where_the_ngrams_are_unsure() -> None:
    p_ngrams = np.array([[0.55, 0.45], [0.9, 0.1]])  # unsure of the first question, sure of the second
    log_other = np.log(np.array([[0.01, 0.99], [0.6, 0.4]]))
    assert best_fusion(p_ngrams, log_other, np.array([1, 0])) == (1.0, 2.0)  # ties: the largest weight
    # where the n-grams' doubtful reading was right, the other's sure one overrules it at every weight
    assert best_fusion(p_ngrams, log_other, np.array([0, 0]))[0] == 0.5
