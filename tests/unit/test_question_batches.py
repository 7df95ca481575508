"""bench.questions reports the held-out split batch by batch (batch e: written in session 8, first run at the final
measurement) and never lists a held-out misread. Inline questions only: the real held-out items are never parsed
here."""

from __future__ import annotations

import json
from pathlib import Path

from bench import questions as bq

FIELDS = {"previous": None, "category": None, "source": None, "benchmark": None, "models": [], "date": None,
          "group": None, "top": None}


def _item(id_: str, split: str, q: str, intent: str, **extra) -> dict:
    return {"id": id_, "split": split, "style": "clean", "q": q, "intent": intent,
            "decline": intent == "out_of_scope", **FIELDS, **extra}


def test_only_the_heldout_split_is_cut_into_batches() -> None:
    dev = [_item("x1", "dev", "x", "gap")]
    assert bq.sections("dev", dev) == [("dev", dev)]
    assert bq.batch(dev[0]) == ""
    new = _item("iz1", "heldout", "z", "gap", batch="iz")
    got = bq.sections("heldout", [new])
    assert [name for name, _ in got] == ["heldout", bq.BATCHES["iz"]]
    assert [[it["id"] for it in chunk] for _, chunk in got] == [["iz1"], ["iz1"]]
    assert bq.batch(new) == "iz"
    # an empty held-out split still has its own line
    assert bq.sections("heldout", []) == [("heldout", [])]


def test_report_prints_each_batch_and_lists_dev_misreads_only(tmp_path: Path, capsys) -> None:
    # every label below is deliberately wrong, so each question is a misread
    items = [_item("dev-wrong", "dev", "tell me a joke", "gap", category="math"),
             _item("held-n-wrong", "heldout", "what's the weather in oslo", "best", batch="ja")]
    path = tmp_path / "questions.yaml"
    path.write_text("".join(f"- {json.dumps(it)}\n" for it in items), encoding="utf-8")
    assert bq.main(["--file", str(path), "--split", "all", "--errors"]) == 0
    out = capsys.readouterr().out
    assert "== dev: 1 questions" in out and "== heldout: 1 questions" in out
    assert f"== {bq.BATCHES['ja']}: 1 questions" in out
    assert "dev-wrong" in out and "-- dev misreads: 1 --" in out
    assert "held-n-wrong" not in out
