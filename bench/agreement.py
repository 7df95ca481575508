"""`python -m bench.agreement`: how often a second reader agrees with the evaluation set's labels (issue #13).

tests/eval/second_reader.yaml holds second readers' intent and category for 1,054 dev questions (400 drawn in session
14; batches hj and hk whole, the held-out part of session 18, in session 19), labelled from the brief alone
(docs/writers/BRIEF.md), never from the set's labels or the parser. Their agreement with tests/eval/questions.yaml is
the ceiling a parser's intent accuracy is measured against: a target above it would
ask the parser to agree with one reader more often than two readers agree with each other. Prints intent, decline
and category agreement and lists the disagreements (all dev questions: none is held out).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

from bench.questions import QUESTIONS, load_questions

SECOND_READER = QUESTIONS.with_name("second_reader.yaml")


def load_second_reader(path: Path = SECOND_READER) -> list[dict]:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(items, list):
        raise ValueError(f"{path}: expected a list of labels")
    return items


def compare(second: list[dict], questions: list[dict]) -> dict:
    """Agreement counts of `second` with the labels of `questions` (by id; every id must be a dev question)."""
    by_id = {it["id"]: it for it in questions}
    missing = [s["id"] for s in second if s["id"] not in by_id or by_id[s["id"]]["split"] != "dev"]
    if missing:
        raise ValueError(f"{SECOND_READER}: not dev questions of {QUESTIONS}: {', '.join(missing[:5])}")
    pairs = [(by_id[s["id"]], s) for s in second]
    answered = [(a, b) for a, b in pairs if a["intent"] != "out_of_scope" and b["intent"] != "out_of_scope"]
    return {
        "n": len(pairs),
        "intent": sum(a["intent"] == b["intent"] for a, b in pairs),
        "decline": sum((a["intent"] == "out_of_scope") == (b["intent"] == "out_of_scope") for a, b in pairs),
        # null and "overall" name no domain alike (as bench.questions scores them)
        "category": (sum((a.get("category") or "overall") == (b.get("category") or "overall") for a, b in answered),
                     len(answered)),
        "disagreements": [(a, b["intent"]) for a, b in pairs if a["intent"] != b["intent"]],
    }


def report(result: dict) -> str:
    n, (cat_ok, cat_n) = result["n"], result["category"]
    lines = [f"second reader vs the set's labels, {n} dev questions:",
             f"  intent     {100 * result['intent'] / n:5.1f} %  {result['intent']}/{n}",
             f"  decline    {100 * result['decline'] / n:5.1f} %  {result['decline']}/{n}",
             f"  category   {100 * cat_ok / max(1, cat_n):5.1f} %  {cat_ok}/{cat_n}  (questions both answer)"]
    pairs = Counter((a["intent"], b) for a, b in result["disagreements"])
    if pairs:
        lines.append("  intent disagreements (set -> second reader): "
                     + ", ".join(f"{a} -> {b} ({k})" for (a, b), k in pairs.most_common()))
    lines += [f"    {a['id']} [{a['intent']} -> {b}] {a['q']!r}" + (f"  (after: {a['previous']!r})"
                                                                   if a.get("previous") else "")
              for a, b in result["disagreements"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    if argv:
        print(__doc__.split("\n\n")[0])
        return 2
    print(report(compare(load_second_reader(), load_questions())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
