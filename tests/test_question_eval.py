"""tests/eval/questions.yaml (issue #13's evaluation set) is well-formed, and bench.questions runs on it.
Accuracy is measured by `make questions`, never asserted here."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from bench import questions as bq
from bench.agreement import compare, load_second_reader
from gapbot.categories import CATEGORIES
from gapbot.question import INTENTS
from gapbot.registry import load_registry

REQUIRED = ("id", "split", "style", "q", "previous", "intent", "decline", "category", "source", "benchmark", "models",
            "date", "group", "top")
SOURCES = {"livebench", "aider", "lmarena", "epoch", "swebench"}
DATE = re.compile(r"^(>=|<=)?\d{4}-(0[1-9]|1[0-2])(\.\.\d{4}-(0[1-9]|1[0-2]))?$")


@pytest.fixture(scope="module")
def items() -> list[dict]:
    return bq.load_questions()


def test_size_and_required_fields(items: list[dict]) -> None:
    assert len(items) >= 400
    for it in items:
        missing = [f for f in REQUIRED if f not in it]
        assert not missing, (it.get("id"), missing)
    ids = [it["id"] for it in items]
    assert len(set(ids)) == len(ids), "duplicate ids"
    assert all(re.fullmatch(r"[a-z]{1,2}\d{3}", i) for i in ids), "unknown id prefix"
    texts = Counter((it["q"].strip().lower(), (it["previous"] or "").lower()) for it in items)
    assert not [t for t, n in texts.items() if n > 1], "duplicate questions"


def test_text_is_whole_unicode(items: list[dict]) -> None:
    """An emoji written as a JSON surrogate pair ("\\ud83d\\ude02") loads in PyYAML as two broken halves: the parser
    would be measured on text nobody can type. Such characters are stored as UTF-8."""
    for it in items:
        text = it["q"] + (it["previous"] or "")
        assert not any(0xD800 <= ord(c) <= 0xDFFF for c in text), it["id"]


def test_labels_are_valid(items: list[dict]) -> None:
    registry = load_registry(bq.REGISTRY)
    orgs = {m.organization for m in registry.models.values()}
    for it in items:
        where = (it["id"], it["q"])
        assert isinstance(it["q"], str) and it["q"].strip(), where
        assert it["previous"] is None or (isinstance(it["previous"], str) and it["previous"].strip()), where
        assert it["split"] in bq.SPLITS, where
        assert it["intent"] in INTENTS, where
        assert it["decline"] is (it["intent"] == "out_of_scope"), where
        assert it["category"] is None or it["category"] in CATEGORIES, where
        assert it["source"] is None or it["source"] in SOURCES, where
        assert it["benchmark"] is None or (isinstance(it["benchmark"], str) and it["benchmark"]), where
        assert isinstance(it["models"], list), where
        for m in it["models"]:
            if m.startswith("org:"):
                assert m[4:] in orgs, (where, m)
            else:
                assert m in registry.models, (where, m)
        assert it["date"] is None or DATE.match(it["date"]), where
        assert it["group"] in (None, True, False), where
        assert it["top"] is None or (isinstance(it["top"], int) and 1 <= it["top"] <= 25), where
        if it["decline"]:  # a declined question has nothing else to read
            assert (it["category"], it["source"], it["models"], it["group"], it["top"]) == (None, None, [], None, None)


def test_split_and_coverage(items: list[dict]) -> None:
    assert sum(it["decline"] for it in items) >= 80
    assert sum(1 for it in items if it["previous"]) >= 30
    dev = [it for it in items if it["split"] == "dev"]
    for field in ("style", "intent"):  # the parser is tuned on every style and intent
        assert {it[field] for it in dev} == {it[field] for it in items}, field


def test_heldout_is_batches_iz_and_ja_alone(items: list[dict]) -> None:
    """Batches a to f, n, o and ha to io were each measured once and are dev since (hx, hy, id, ie, vj, vk, ip, iq
    and ir to iy trained on from the start); batches iz and ja (iz001..., ja001...) are the held-out part, whole, and
    must cover together every style and intent, with enough declines and follow-ups for their figures."""
    for it in items:
        held_batch = it["id"][:2] if it["id"][:2] in ("iz", "ja") and it["id"][2:].isdigit() else None
        assert (held_batch is not None) == (it["split"] == "heldout"), it["id"]
        assert it.get("batch") == held_batch, it["id"]
    held = [it for it in items if it["split"] == "heldout"]
    assert len(held) >= 350
    for field in ("style", "intent"):
        assert {it[field] for it in held} == {it[field] for it in items}, field
    assert sum(it["decline"] for it in held) >= 60
    assert sum(1 for it in held if it["previous"]) >= 25


def test_benchmark_runs_on_a_few_questions(items: list[dict], capsys) -> None:
    matcher = bq.build_matcher()
    # a plain question, a follow-up and a decline, from dev only: nothing runs the parser on the held-out part
    # before the final measurement
    part = [it for it in items if it["split"] == "dev"]
    few = [next(it for it in part if not it["previous"] and not it["decline"]),
            next(it for it in part if it["previous"]), next(it for it in part if it["decline"])]
    result = bq.evaluate(few, matcher)
    text = bq.report("smoke", result, targets=True)
    assert result["n"] == len(few) and "intent" in text and "decline recall" in text
    # a question asked back is neither right nor wrong: intent over the answered questions is reported beside it
    assert "intent, answered" in text and "asked back" in text and len(result["unsure"]) == 3
    for field in ("benchmark", "date"):  # reported whether or not the parser produces them
        assert field in text
    assert bq.main(["--split", "dev", "--limit", "5"]) == 0
    assert "== dev: 5 questions" in capsys.readouterr().out


def test_no_training_exemplar_copies_an_evaluation_question(items: list[dict]) -> None:
    # A copy would score the model on what it was trained on (the held-out figures most of all).
    from bench.train_intent import load_exemplars

    def key(text: str) -> str:
        return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()

    asked = {key(it["q"]) for it in items}
    copies = sum(key(text) in asked for _, text, _ in load_exemplars())
    assert copies == 0, f"{copies} exemplars copy an evaluation question (not named here: some may be held out)"


def test_a_reading_less_likely_than_not_is_always_asked_back() -> None:
    # However right the confident readings are in cross-validation, the bot never answers on a coin toss.
    import numpy as np

    from bench.train_intent import MIN_THRESHOLD, ask_back_threshold

    probs = np.array([[0.9, 0.1], [0.45, 0.55], [0.3, 0.7], [0.95, 0.05]])
    threshold, _ = ask_back_threshold(probs, np.array([0, 1, 1, 0]))  # every reading right
    assert threshold >= MIN_THRESHOLD == 0.5


def test_the_ask_back_threshold_weighs_answers_against_asking_and_is_capped() -> None:
    from bench.train_intent import MAX_ASKED_BACK, MIN_THRESHOLD, pick_threshold

    # (threshold, answered right, answered wrong, asked back, asked back offering the right reading), 1,000 questions
    table = [(0.5, 960, 40, 0, 0), (0.6, 955, 25, 20, 18), (0.7, 950, 10, 40, 35), (0.8, 930, 5, 65, 60)]
    assert MAX_ASKED_BACK <= 0.05
    assert pick_threshold(table) == 0.7  # 0.5 scores 920, 0.6 938, 0.7 955; 0.8 (975) asks back 6.5 %: too often
    assert pick_threshold([*table[:3], (0.8, 945, 5, 50, 50)]) == 0.8  # 5 % asked back is allowed
    # asking back what would have been answered right is never worth it: the lowest threshold stays
    assert pick_threshold([(0.5, 990, 10, 0, 0), (0.6, 980, 10, 10, 10)]) == MIN_THRESHOLD


def test_writer_folds_hold_out_one_writer_and_always_train_on_the_exemplars() -> None:
    from bench.train_intent import Row, writer_folds

    def row(id_: str, style: str = "clean") -> Row:
        return Row("gap", "gap?", {}, "gap", {"id": id_, "style": style})

    rows = [row("q001"), row("h002"), row("c003"), row("ex001", "exemplar")]
    folds = writer_folds(rows)
    assert folds.names == ["c", "h", "q"]
    held = folds.names.index("h")
    assert [r.item["id"] for r in folds.train(rows, held)] == ["q001", "c003", "ex001"]
    assert folds.of({"id": "h250", "style": "followup"}) == held and folds.of(rows[3].item) == -1


def test_folds_fitted_in_worker_processes_read_as_the_serial_ones(monkeypatch) -> None:
    # `--jobs` only divides the wall time: each row's out-of-fold logits are the same, in the same order
    import numpy as np

    from bench import train_intent as ti

    texts = {"gap": ["how far behind are open models", "open vs closed gap on math", "how big is the gap"],
             "best": ["best open model for coding", "top 5 models on livebench", "which model leads the arena"],
             "trend": ["is the gap shrinking", "has it narrowed since 2024", "is it closing over time"]}
    rows = [ti.Row(label, text, {}, label, {"id": f"{w}{n:03d}", "style": "clean"})
            for label, items in texts.items() for n, text in enumerate(items) for w in ("q", "h")]
    folds = ti.writer_folds(rows)
    monkeypatch.setattr(ti, "INTENTS", tuple(texts))  # three classes here, eight in the set

    def read(jobs: int) -> np.ndarray:
        return ti.out_of_fold(rows, folds, lambda tr: ti.fit_ngrams(tr, True, 1.0),
                              lambda m, te: m[1].decision_function(m[0].transform(ti.featurise(te, True))), jobs)

    serial = read(1)
    assert np.allclose(read(2), serial) and serial.any()


def test_the_second_reader_labels_dev_questions_only(items: list[dict]) -> None:
    second = load_second_reader()
    assert len(second) == 1054 and len({s["id"] for s in second}) == 1054  # 400 drawn, then hj and hk whole
    assert all(s["intent"] in INTENTS and s["category"] in (None, *CATEGORIES) for s in second)
    assert compare(second, items)["n"] == 1054  # every id a dev question (compare refuses any other)
