"""Aider leaderboards (YAML, one entry per benchmark run). `pass_rate_2` is the headline score (the refactoring
board, with one try only, has `pass_rate_1`).

A file is cumulative: each run has its own date. The snapshot is the file's newest run date; each row keeps its
run date as `first_seen`, so the engine can rebuild the board as it stood at any date.
"""

from __future__ import annotations

import re
from pathlib import Path

from gapbot import yamlload
from gapbot.errors import InputFileError
from gapbot.models import ScoreRow
from ingest.formats.base import (
    Context,
    Parsed,
    check_date,
    check_rows,
    iso_date,
    parse_score,
    read_text,
    resolve_model,
)

BENCHMARKS = {
    "polyglot_leaderboard": "Aider Polyglot",
    "edit_leaderboard": "Aider Code Editing",
    "refactor_leaderboard": "Aider Refactoring",
    "qwen3_leaderboard": "Aider Polyglot (Qwen3 runs)",
    "o1_polyglot_leaderboard": "Aider Polyglot (o1 runs)",
}
_MODEL_FLAG = re.compile(r"--model\s+(\S+)")


def looks_like(data: object) -> bool:
    return isinstance(data, list) and bool(data) and isinstance(data[0], dict) and (
        "pass_rate_2" in data[0] or "pass_rate_1" in data[0])


def load_yaml(path: Path, text: str) -> object:
    return yamlload.load_yaml(text, str(path))


def parse(path: Path, ctx: Context, data: object | None = None) -> Parsed:
    if data is None:
        data = load_yaml(path, read_text(path, ctx.max_bytes))
    if not looks_like(data):
        raise InputFileError(str(path), "not an Aider leaderboard (expected a list of runs with pass_rate_2)")
    check_rows(path, len(data), ctx.max_rows, "runs")
    # The refactoring board gives one try only: its headline is pass_rate_1.
    metric = "pass_rate_2" if any(isinstance(e, dict) and "pass_rate_2" in e for e in data) else "pass_rate_1"
    benchmark = BENCHMARKS.get(path.stem, "Aider " + path.stem.replace("_", " ").title())
    out = Parsed(format="aider", title=f"{benchmark} leaderboard")
    runs = []
    for i, entry in enumerate(data):
        where = f"entry #{i + 1}"
        if not isinstance(entry, dict):
            raise InputFileError(str(path), f"{where} is not a mapping")
        name = str(entry.get("model") or "").strip()[:200]
        date = iso_date(entry.get("date"))
        if not name or not date:
            out.notes.append(f"{where} ({name or 'no model'}) skipped: no model name or date")
            continue
        try:
            check_date(date, path, None, f"{where} ({name}): date")
            check_date(iso_date(entry.get("released")), path, None, f"{where} ({name}): release date")
            score = parse_score(str(entry.get(metric, "")), path, None, f"{metric} of {where} ({name})")
        except InputFileError as exc:
            out.reject_row(exc)
            continue
        if score is None:
            out.notes.append(f"{where} ({name}) skipped: no {metric}")
            continue
        if entry.get("test_cases") and entry.get("total_tests") and entry["test_cases"] != entry["total_tests"]:
            out.notes.append(f"{where} ({name}): ran {entry['test_cases']} of {entry['total_tests']} cases")
        runs.append((name, date, score, entry))
    if not runs:
        raise InputFileError(str(path), f"no usable runs (each needs model, date and {metric})")
    snapshot = max(d for _, d, _, _ in runs)
    for name, date, score, entry in runs:
        # The display name usually matches the registry; the API model in `command` is the fallback key.
        flag = _MODEL_FLAG.search(str(entry.get("command") or ""))
        key = name
        if not ctx.registry.lookup(name) and flag and ctx.registry.lookup(flag.group(1)):
            key = flag.group(1)
        model_id, display, org, open_w, release = resolve_model(
            ctx, key, None, source_display=name, source_release=iso_date(entry.get("released")))
        if open_w is None:
            out.unknown_models.add(name)
        out.rows.append(ScoreRow(
            source="aider", benchmark=benchmark, snapshot=snapshot, category="coding", model=model_id,
            display_name=display, organization=org, open_weights=open_w, score=score, release_date=release,
            first_seen=date, source_key=name, source_url="https://aider.chat/docs/leaderboards/", file=ctx.file_id))
    return out
