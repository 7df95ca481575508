"""gapbot/doccache.py: the served passages' vectors searched with NumPy, as Chroma would answer; a damaged copy means
'ask Chroma' (None), never a wrong answer."""

from __future__ import annotations

import math

from gapbot import doccache


def unit(*xs: float) -> list[float]:
    n = math.sqrt(sum(x * x for x in xs))
    return [x / n for x in xs]


def test_nearest_first_with_cosine_distances(tmp_path):
    docs = ["north", "east", "north-east"]
    metas = [{"ver": "a", "position": i} for i in range(3)]
    doccache.write(tmp_path, docs, metas, [unit(0, 1), unit(1, 0), unit(1, 1)])
    hits = doccache.search(tmp_path, unit(0.2, 1), k=2)
    assert [h[0] for h in hits] == ["north", "north-east"]
    assert math.isclose(hits[0][2], 1 - sum(a * b for a, b in zip(unit(0, 1), unit(0.2, 1), strict=True)),
                        abs_tol=1e-6)
    assert hits[0][1] == {"ver": "a", "position": 0}


def test_empty_and_damaged_copies(tmp_path):
    doccache.write(tmp_path, [], [], [])
    assert doccache.search(tmp_path, unit(1, 0), 3) == []
    other = tmp_path / "other"
    other.mkdir()
    doccache.write(other, ["x"], [{}], [unit(1, 0)])
    (other / doccache.RECORDS).write_text("not json\n")
    assert doccache.search(other, unit(1, 0), 3) is None  # the reader asks Chroma instead
    assert doccache.search(tmp_path / "missing", unit(1, 0), 3) is None
    doccache.write(other, ["x"], [{}], [unit(1, 0)])
    assert doccache.search(other, unit(1, 0, 0), 3) is None  # another dimension: another model's vectors
