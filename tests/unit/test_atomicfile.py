"""write_atomic: a reader sees the old file or the new one, never a mix, even with two writers at once."""

from __future__ import annotations

import threading

import pytest

from gapbot.atomicfile import write_atomic


def test_two_writers_at_once_never_leave_a_mixed_or_half_file(tmp_path) -> None:
    path = tmp_path / "state.json"
    contents = [bytes([65 + n]) * 200_000 for n in range(2)]  # big enough to be written in several chunks
    seen: set[bytes] = set()
    errors: list[BaseException] = []

    def write(data: bytes) -> None:
        try:
            for _ in range(40):
                write_atomic(path, data)
                seen.add(path.read_bytes())
        except BaseException as exc:  # e.g. the other writer renamed a shared temporary file away
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(c,)) for c in contents]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert seen <= set(contents) and path.read_bytes() in contents
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]  # no temporary file left behind


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path) -> None:
    path = tmp_path / "state.json"
    write_atomic(path, "old")
    with pytest.raises(TypeError):
        write_atomic(path, 42)  # type: ignore[arg-type]
    assert path.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["state.json"]
