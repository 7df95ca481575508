"""corpus/registry.yaml covers the models gapbot meets: every Aider run, every LiveBench model without an open/closed
flag, every model in the shipped snapshots, and common user spellings of the frontier models."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml

from gapbot.registry import load_registry

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
LEADERBOARDS = SHARED / "leaderboards"
REGISTRY = REPO / "corpus" / "registry.yaml"
SNAPSHOTS = REPO / "corpus" / "snapshots"


@pytest.fixture(scope="module")
def registry():
    reg = load_registry(REGISTRY)
    assert len(reg) > 0, f"{REGISTRY} is missing or empty"
    return reg


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared leaderboard data not found at {path} (expected beside the repository, in ../shared)")
    return path


def test_registry_entries_are_well_formed(registry):
    ids = list(registry.models)
    assert all(i == i.lower() and " " not in i for i in ids), "ids are lowercase, without spaces"
    for info in registry.models.values():
        assert registry.lookup(info.id) is info, f"{info.id} does not resolve to itself"
        for alias in info.aliases:
            assert registry.lookup(alias) is info, f"alias {alias!r} of {info.id} resolves elsewhere"
        assert info.open_weights is not None, f"{info.id} has no open_weights"
        if info.release_date:
            assert len(info.release_date) == 10 and info.release_date[4] == "-", (info.id, info.release_date)


def test_every_aider_model_resolves_with_open_weights(registry):
    files = sorted(_need(LEADERBOARDS / "aider").glob("*.yml"))
    assert files, "no Aider leaderboard files"
    missing, unknown = set(), set()
    for path in files:
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            name = str(entry["model"])
            info = registry.lookup(name)
            if info is None:
                missing.add(f"{path.name}: {name}")
            elif info.open_weights is None:
                unknown.add(f"{path.name}: {name} -> {info.id}")
    assert not missing, f"Aider models not in the registry: {sorted(missing)}"
    assert not unknown, f"Aider models without open_weights: {sorted(unknown)}"


def test_mid_2024_livebench_models_have_open_flag(registry):
    livebench = _need(LEADERBOARDS / "livebench")
    info_path = _need(livebench / "model_info_from_modelLinks_js.json")
    model_info = json.loads(info_path.read_text(encoding="utf-8"))
    unresolved = []
    for table in ("table_2024_06_24.csv", "table_2024_07_26.csv"):
        with _need(livebench / table).open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                key = row["model"]
                if isinstance(model_info.get(key, {}).get("openweight"), bool):
                    continue
                info = registry.lookup(key)
                if info is None or info.open_weights is None:
                    unresolved.append(f"{table}: {key}")
    assert not unresolved, f"LiveBench models with no open/closed flag anywhere: {unresolved}"


def test_livebench_models_with_null_flag_resolve(registry):
    info_path = _need(LEADERBOARDS / "livebench" / "model_info_from_modelLinks_js.json")
    model_info = json.loads(info_path.read_text(encoding="utf-8"))
    nulls = [k for k, v in model_info.items() if not isinstance(v.get("openweight"), bool)]
    bad = [k for k in nulls if registry.lookup(k) is None or registry.lookup(k).open_weights is None]
    assert not bad, f"LiveBench modelLinks entries with openweight null and no registry entry: {bad}"


def _snapshot_rows():
    for path in sorted(SNAPSHOTS.glob("*.csv")):
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
        for row in csv.DictReader(lines):
            yield path.name, row


def test_every_snapshot_model_resolves(registry):
    rows = list(_snapshot_rows())
    assert rows, f"no snapshot rows in {SNAPSHOTS}"
    problems = []
    for name, row in rows:
        info = registry.lookup(row["model"])
        if info is None:
            problems.append(f"{name}: {row['model']} not in the registry")
            continue
        if info.open_weights is None:
            problems.append(f"{name}: {row['model']} has no open_weights")
        elif row["open_weights"] and (row["open_weights"] == "true") != info.open_weights:
            problems.append(f"{name}: {row['model']} open_weights {row['open_weights']} disagrees with the registry")
    assert not problems, problems


@pytest.mark.parametrize(("spelling", "expected"), [
    ("gpt5.1", "gpt-5.1"),
    ("GPT 5.1", "gpt-5.1"),
    ("deepseek v3.2", "deepseek-v3.2"),
    ("DeepSeek-V3.2-Exp (Chat)", "deepseek-v3.2-exp"),
    ("deepseek r1", "deepseek-r1"),
    ("claude sonnet 4.5", "claude-sonnet-4.5"),
    ("claude-sonnet-4-5-20250929-thinking-64k", "claude-sonnet-4.5"),
    ("qwen3 coder", "qwen3-coder-480b-a35b"),
    ("llama 3.1 405b", "llama-3.1-405b"),
    ("gpt-oss-120b (high)", "gpt-oss-120b"),
    ("kimi k2", "kimi-k2"),
    ("o3 (high)", "o3"),
])
def test_user_spellings(registry, spelling, expected):
    info = registry.lookup(spelling)
    assert info is not None, f"{spelling!r} does not resolve"
    assert info.id == expected


def test_known_mislabels_are_overridden(registry):
    """API-only Qwen models that sources list as open, and published weights that LiveBench does not flag."""
    for key, open_weights in [("qwen3-max-2025-09-23", False), ("qwen3-max-preview", False),
                              ("command-a-03-2025", True), ("mistral-small-2501", True)]:
        info = registry.lookup(key)
        assert info is not None and info.override and info.open_weights is open_weights, key
