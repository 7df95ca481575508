"""gapbot.serving.Served: a new index is loaded by one thread, outside the lock, while the others answer from the
index loaded before (issue #12: a million-row generation's summaries take seconds, and every question waited)."""

from __future__ import annotations

import threading
import types

import pytest

from gapbot.serving import Served


class Gated(Served):
    """`_load` blocks until released; `fresh` says whether the loaded index is still the served one."""

    def __init__(self) -> None:
        super().__init__(types.SimpleNamespace(chroma_host=None))
        self.fresh = True
        self.started, self.release = threading.Event(), threading.Event()
        self.loads: list[object] = []
        self.fail = False

    def _fresh(self, now: float) -> bool:
        return self.fresh

    def _load(self, current):
        self.loads.append(current)
        self.started.set()
        assert self.release.wait(5)
        if self.fail:
            raise OSError("the new generation could not be read")
        return f"index {len(self.loads)}"


def _in_thread(served: Served) -> tuple[threading.Thread, list]:
    got: list = []
    thread = threading.Thread(target=lambda: got.append(served.index()), daemon=True)
    thread.start()
    return thread, got


def test_questions_answer_from_the_old_index_while_one_thread_loads_the_new() -> None:
    served = Gated()
    served.release.set()
    assert served.index() == "index 1" and served.loads == [None]
    served.release.clear()
    served.started.clear()
    served.fresh = False  # another generation was switched in
    loader, got = _in_thread(served)
    assert served.started.wait(5)
    asker, answered = _in_thread(served)
    asker.join(30)  # returns at once when right; a wrong one waits behind the load until the release below
    served.release.set()
    assert answered == ["index 1"]  # answered at once from the old index, not blocked behind the load
    loader.join(5)
    assert got == ["index 2"] and served.loads == [None, "index 1"]  # the old one handed over for reuse
    served.fresh = True
    assert served.index() == "index 2"


def test_invalidate_loads_anew_and_a_first_load_is_waited_for() -> None:
    served = Gated()
    first, got = _in_thread(served)
    assert served.started.wait(5)
    second, got2 = _in_thread(served)  # nothing loaded yet: it waits for the first load
    served.release.set()
    first.join(5)
    second.join(5)
    assert got == got2 == ["index 1"] and served.loads == [None]
    served.invalidate()  # e.g. an upload promoted: same generation, a new index
    assert served.index() == "index 2" and served.loads == [None, None]


def test_a_failed_load_is_retried_by_the_next_question() -> None:
    served = Gated()
    served.release.set()
    served.index()
    served.invalidate()
    served.fail = True
    with pytest.raises(OSError):
        served.index()
    served.fail = False
    assert served.index() == "index 3" and served.loads == [None, None, None]  # still stale: loaded anew
