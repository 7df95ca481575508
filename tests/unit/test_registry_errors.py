"""A registry with an error: one bad entry is skipped and named by line; a file that cannot be read at all leaves the
last good copy in use; users see paths relative to the project, never the server's layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from gapbot.errors import InputFileError
from gapbot.registry import display_path, load_registry, load_registry_keeping_last_good

GOOD = """models:
  - id: open-a
    name: Open A
    open_weights: true
  - id: closed-b
    name: Closed B
    open_weights: false
"""


def write(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir(exist_ok=True)
    path = folder / "registry.yaml"
    path.write_text(text)
    return path


def test_a_bad_entry_is_skipped_and_named_by_line(tmp_path):
    bad = "  - name: no id here\n    open_weights: true\n  - id: odd\n    open_weights: maybe\n"
    path = write(tmp_path, GOOD + bad)
    registry = load_registry(path)
    assert set(registry.models) == {"open-a", "closed-b"}
    assert registry.problems == [
        "corpus/registry.yaml:8: this model entry has no 'id'; the entry is skipped",
        "corpus/registry.yaml:10: model 'odd': open_weights must be true, false or empty; the entry is skipped",
    ]


def test_an_unreadable_file_names_the_line_without_the_hosts_path(tmp_path):
    path = write(tmp_path, GOOD + "  - id: [unclosed\n")
    with pytest.raises(InputFileError) as err:
        load_registry(path)
    assert str(err.value).startswith("corpus/registry.yaml:9: YAML error")
    assert str(tmp_path) not in str(err.value)


def test_the_last_good_copy_stays_in_use_while_the_file_is_broken(tmp_path):
    path = write(tmp_path, GOOD)
    keep = tmp_path / "data" / "registry.last-good.yaml"
    assert set(load_registry_keeping_last_good(path, keep).models) == {"open-a", "closed-b"}
    assert keep.read_text() == GOOD

    path.write_text("models: {not: [a list\n")
    registry = load_registry_keeping_last_good(path, keep)
    assert set(registry.models) == {"open-a", "closed-b"} and registry.lookup("Open A").open_weights is True
    assert registry.fallback.startswith("corpus/registry.yaml:") and "last good copy" in registry.fallback
    assert keep.read_text() == GOOD  # a broken file never replaces the good copy

    path.write_text(GOOD.replace("Closed B", "Closed Bee"))  # fixed: read again, and kept
    assert load_registry_keeping_last_good(path, keep).lookup("Closed Bee") is not None
    assert "Closed Bee" in keep.read_text()


def test_without_a_last_good_copy_the_error_is_raised(tmp_path):
    path = write(tmp_path, "models: 3\n")
    with pytest.raises(InputFileError, match="corpus/registry.yaml: expected a top-level 'models:' list"):
        load_registry_keeping_last_good(path, tmp_path / "data" / "registry.last-good.yaml")


def test_a_registry_with_a_bad_entry_is_not_kept_as_last_good(tmp_path):
    path = write(tmp_path, GOOD + "  - name: no id\n")
    keep = tmp_path / "keep.yaml"
    registry = load_registry_keeping_last_good(path, keep)
    assert len(registry.models) == 2 and registry.problems and not keep.exists()


def test_display_path_is_relative_to_the_project():
    project = Path(__file__).resolve().parents[2]
    assert display_path(project / "corpus" / "registry.yaml") == "corpus/registry.yaml"
