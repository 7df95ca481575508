"""ingest/quarantine.py: a file that two runs in a row died reading is quarantined, whatever was read before it; a
single random kill condemns nothing; a changed file is read again."""

from __future__ import annotations

from ingest.quarantine import Quarantine

WHY = "the last two ingests died while reading it"


def die_reading(q: Quarantine, *before: str) -> None:
    """A run that parses `before` fine, then dies inside the parse of x.csv (the context is never left)."""
    for name in before:
        with q.reading(name, "v1"):
            pass
    q.reading("x.csv", "v1").__enter__()


def test_two_dead_runs_on_the_same_file_quarantine_it_even_after_other_files(tmp_path):
    die_reading(Quarantine(tmp_path), "a.csv")
    second = Quarantine(tmp_path)
    assert second.blame_dead_run(WHY, strikes_needed=2) == "x.csv"
    assert second.reason("x.csv", "v1") is None  # one death proves nothing
    die_reading(second, "a.csv", "b.csv")  # files before it reset the marker: the strike must survive that
    third = Quarantine(tmp_path)
    assert third.blame_dead_run(WHY, strikes_needed=2) == "x.csv"
    assert third.reason("x.csv", "v1") == WHY
    assert third.reason("x.csv", "v2") is None  # changed: read again


def test_a_run_that_finishes_clears_the_marker(tmp_path):
    die_reading(Quarantine(tmp_path))
    q = Quarantine(tmp_path)
    with q.reading("x.csv", "v1"):
        pass
    q.finish()
    assert Quarantine(tmp_path).blame_dead_run(WHY, strikes_needed=1) is None
