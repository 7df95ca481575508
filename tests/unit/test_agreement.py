"""bench.agreement: a second reader's labels compared with the set's (issue #13)."""

from __future__ import annotations

import pytest

from bench.agreement import compare, report


def _q(id_: str, intent: str, category: str | None = None, split: str = "dev") -> dict:
    return {"id": id_, "split": split, "q": f"question {id_}", "previous": None, "intent": intent,
            "category": category}


def test_agreement_counts_intent_decline_and_the_categories_both_answer() -> None:
    questions = [_q("a1", "gap", "math"), _q("a2", "best", None), _q("a3", "out_of_scope"), _q("a4", "trend")]
    second = [{"id": "a1", "intent": "gap", "category": "math"}, {"id": "a2", "intent": "best", "category": "overall"},
              {"id": "a3", "intent": "explain", "category": None}, {"id": "a4", "intent": "gap", "category": "coding"}]
    got = compare(second, questions)
    assert (got["n"], got["intent"], got["decline"], got["category"]) == (4, 2, 3, (2, 3))  # null = overall
    assert [(a["id"], b) for a, b in got["disagreements"]] == [("a3", "explain"), ("a4", "gap")]
    assert "out_of_scope -> explain (1)" in report(got)


def test_a_label_of_a_question_not_in_dev_is_refused() -> None:
    with pytest.raises(ValueError, match="not dev questions"):
        compare([{"id": "h1", "intent": "gap", "category": None}], [_q("h1", "gap", split="heldout")])

