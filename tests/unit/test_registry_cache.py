"""The registry's parsed form, kept in the data folder (gapbot/registry.py): a cold `ask` reads it instead of
parsing the YAML, only while it was made from the very bytes of the file. And the shortcut the matcher takes to
make both keys of a name."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gapbot import registry as reg
from gapbot import yamlload
from gapbot.registry import load_registry, load_registry_keeping_last_good, normalize, squash

GOOD = """models:
  - id: open-a
    name: Open A
    open_weights: true
    aliases: [open-a-instruct, "Open A (2025)"]
  - id: closed-b
    name: Closed B
    open_weights: false
    release_date: 2025-03-01
  - id: open-a
    name: Open A again
"""


def no_yaml(monkeypatch) -> None:
    def refuse(*_a, **_k):
        raise AssertionError("the YAML was parsed")

    monkeypatch.setattr(yamlload, "load_yaml", refuse)


def snapshot(r: reg.Registry) -> tuple:
    return r.digest, [asdict(m) for m in r.models.values()], r.lookup("open a instruct").name, r.problems


def test_the_cache_gives_the_same_registry_without_parsing(tmp_path, monkeypatch) -> None:
    path, cache = tmp_path / "registry.yaml", tmp_path / "data" / "registry.parsed.json"
    path.write_text(GOOD)
    parsed = load_registry(path, cache)
    assert cache.exists() and parsed.lookup("Open A (2025)").name == "Open A"  # the first entry's aliases win
    no_yaml(monkeypatch)
    assert snapshot(load_registry(path, cache)) == snapshot(parsed)


def test_a_changed_file_is_parsed_again(tmp_path, monkeypatch) -> None:
    path, cache = tmp_path / "registry.yaml", tmp_path / "registry.parsed.json"
    path.write_text(GOOD)
    load_registry(path, cache)
    path.write_text(GOOD.replace("Closed B", "Closed Bee"))
    assert load_registry(path, cache).models["closed-b"].name == "Closed Bee"
    no_yaml(monkeypatch)
    assert load_registry(path, cache).models["closed-b"].name == "Closed Bee"  # and the cache follows


@pytest.mark.parametrize("damage", ["{not json", json.dumps({"digest": "x", "models": []}), "[]",
                                    json.dumps({"digest": "DIGEST", "models": [{"id": "a", "colour": "red"}]})])
def test_a_damaged_or_foreign_cache_is_ignored(tmp_path, damage) -> None:
    path, cache = tmp_path / "registry.yaml", tmp_path / "registry.parsed.json"
    path.write_text(GOOD)
    cache.write_text(damage.replace("DIGEST", hashlib.sha256(GOOD.encode()).hexdigest()))
    assert set(load_registry(path, cache).models) == {"open-a", "closed-b"}


def test_a_registry_with_a_bad_entry_is_never_cached(tmp_path) -> None:
    path, cache = tmp_path / "registry.yaml", tmp_path / "registry.parsed.json"
    path.write_text(GOOD + "  - name: no id\n")
    assert len(load_registry(path, cache).problems) == 1 and not cache.exists()
    assert len(load_registry(path, cache).problems) == 1  # reported again at every load


def test_the_served_registry_is_cached_beside_the_last_good_copy(tmp_path, monkeypatch) -> None:
    path, keep = tmp_path / "registry.yaml", tmp_path / "data" / "registry.last-good.yaml"
    path.write_text(GOOD)
    first = load_registry_keeping_last_good(path, keep)
    assert keep.read_text() == GOOD and (keep.parent / "registry.parsed.json").exists()
    no_yaml(monkeypatch)
    assert snapshot(load_registry_keeping_last_good(path, keep)) == snapshot(first)


def test_a_read_only_data_folder_still_answers(tmp_path, monkeypatch) -> None:
    path = tmp_path / "registry.yaml"
    path.write_text(GOOD)

    def refuse(*_a, **_k):
        raise PermissionError("read-only")

    monkeypatch.setattr(reg, "write_atomic", refuse)
    assert set(load_registry(path, tmp_path / "registry.parsed.json").models) == {"open-a", "closed-b"}


@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("+-. _()/İß"), max_size=30))
def test_squash_is_the_normalized_name_without_hyphens(name) -> None:
    """ModelMatcher and the registry make a name's squashed key from its normalized one (one regex, not two)."""
    assert squash(name) == normalize(name).replace("-", "")


def test_a_copy_made_by_other_parsing_code_is_parsed_again(tmp_path, monkeypatch) -> None:
    """An upgrade whose registry code reads the same file differently never serves the older version's copy."""
    path, cache = tmp_path / "registry.yaml", tmp_path / "registry.parsed.json"
    path.write_text(GOOD)
    load_registry(path, cache)
    doc = json.loads(cache.read_text())
    for m in doc["models"]:
        if m["id"] == "closed-b":
            m["name"] = "Closed B as an older gapbot read it"
    cache.write_text(json.dumps(doc))
    assert load_registry(path, cache).models["closed-b"].name == "Closed B as an older gapbot read it"  # same code
    monkeypatch.setattr(reg, "_parser_digest", lambda: "another version")
    assert load_registry(path, cache).models["closed-b"].name == "Closed B"
