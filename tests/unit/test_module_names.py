"""A module-level name bound twice: the second binding silently replaces the first for every use above
it too (session 31 bound `_RELATIVE` and `_SET_AGAINST` a second time in gapbot/question.py, and a hundred dev
questions were misread before the evaluation showed it). Ruff's F811 only sees redefinitions of unused names."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted(p for d in ("gapbot", "bot", "ingest") for p in (ROOT / d).rglob("*.py"))


def _bound_at_top(tree: ast.Module) -> list[str]:
    names = []
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names += [t.id for t in targets if isinstance(t, ast.Name)]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_level_name_is_bound_twice(path: Path) -> None:
    twice = [n for n, k in Counter(_bound_at_top(ast.parse(path.read_text(encoding="utf-8")))).items() if k > 1]
    assert not twice, f"{path.name} binds {twice} more than once at module level"
