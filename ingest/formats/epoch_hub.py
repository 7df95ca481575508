"""Epoch AI's Benchmarking Hub runs (epoch-research/benchmark-stitching, data/benchmarks_runs.csv): one row per run,
`task, model, Best score (across scorers), started_at, Status`.

Tasks become boards: GPQA Diamond, MATH Level 5, OTIS Mock AIME, FrontierMath (tiers 1-3, private set; the public
set and tier 4 are boards of their own) and SWE-bench Verified as Epoch runs it. Scores (0-1) are shown in percent.
A run's start date is when the board listed the model. A file is cumulative (every run to its date), like Aider's:
trends rebuild it as it stood at the end of each month.

Open/closed, release date and organization: the registry, else Epoch's own `Model accessibility`, `Release date`
and `Organization` in epoch_capabilities_index.csv beside the runs, else `Version release date` in
model_versions.csv. The model id keeps the reasoning setting Epoch appends (`o3-2025-04-16_high`); the registry
reads it as the model, and a model's best setting counts once.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from gapbot.errors import InputFileError
from gapbot.models import ScoreRow
from ingest.formats.base import (
    Context,
    Parsed,
    check_date,
    iso_date,
    parse_score,
    read_csv,
    read_text,
    resolve_model,
)
from ingest.formats.epoch import URL, _open_closed

REQUIRED = ("task", "model", "Best score (across scorers)")
# Epoch's task name -> (board, category). Anything else is reported and left out.
TASKS = {
    "gpqa diamond": ("GPQA Diamond", "reasoning"),
    "math level 5": ("MATH Level 5", "math"),
    "otis mock aime 2024-2025": ("OTIS Mock AIME", "math"),
    "frontiermath-2025-02-28-private": ("FrontierMath", "math"),
    "frontiermath-2025-02-28-public": ("FrontierMath (public set)", "math"),
    "frontiermath-tier-4-2025-07-01-private": ("FrontierMath Tier 4", "math"),
    "frontiermath-tier-4-2025-07-01-public": ("FrontierMath Tier 4 (public set)", "math"),
    "swe-bench verified": ("SWE-bench Verified (Epoch)", "agentic coding"),
}
COMPANIONS = ("epoch_capabilities_index*.csv", "model_versions*.csv")
RUN_DATE = re.compile(r"^(\d{1,2}) ([A-Za-z]+) (\d{4})")


def detect(header: list[str]) -> bool:
    names = {h.strip("\ufeff ") for h in header}
    return all(c in names for c in REQUIRED)


def is_support(path: Path) -> bool:
    """model_versions.csv is read with the runs, never on its own (the capabilities index is also a board)."""
    return path.name.startswith("model_versions") and path.suffix == ".csv"


def dependencies(path: Path) -> list[Path]:
    return [p for pattern in COMPANIONS for p in sorted(path.parent.glob(pattern))]


def parse(path: Path, ctx: Context) -> Parsed:
    bad: list[InputFileError] = []
    header, rows = read_csv(path, read_text(path, ctx.max_bytes), bad, ctx.max_rows)
    if not detect(header):
        raise InputFileError(str(path), "not Epoch Benchmarking Hub runs (expected task, model and 'Best score "
                             "(across scorers)' columns)", line=1)
    info = _companions(path, ctx)
    out = Parsed(format="epoch-runs")
    for err in bad:
        out.reject_row(err)
    pending = []
    unknown_tasks: set[str] = set()
    for lineno, raw in rows:
        row = {k.strip("\ufeff "): v for k, v in raw.items()}
        board = TASKS.get(row["task"].strip().lower())
        if board is None:
            unknown_tasks.add(row["task"])
            continue
        if row.get("Status", "Success") not in ("Success", ""):
            continue
        try:
            score = parse_score(row["Best score (across scorers)"], path, lineno, "Best score", 0.0, 1.0)
            run = check_date(run_date(row.get("started_at", "")), path, lineno, "started_at")
        except InputFileError as exc:
            out.reject_row(exc)
            continue
        if score is not None and row["model"]:
            pending.append((row["model"], board, round(100 * score, 2), run))
    if unknown_tasks:
        out.notes.append(f"tasks not read: {', '.join(sorted(unknown_tasks))}")
    if not pending:
        raise InputFileError(str(path), "no runs with a score")
    snapshot = iso_date(path.stem.removeprefix("benchmarks_runs")) or max((p[3] for p in pending if p[3]),
                                                                           default="")
    resolved: dict[str, tuple] = {}
    for key, (bench, cat), score, run in pending:
        if key not in resolved:
            source_open, org, release = info.get(key) or info.get(key.split("_")[0]) or (None, "", "")
            resolved[key] = resolve_model(ctx, key, source_open, org, "", release, out)
        model_id, display, org, open_w, release = resolved[key]
        if open_w is None:
            out.unknown_models.add(key)
        out.rows.append(ScoreRow(
            source="epoch", benchmark=bench, snapshot=snapshot or run, category=cat, model=model_id,
            display_name=display, organization=org, open_weights=open_w, score=score, release_date=release,
            first_seen=run, source_key=key, source_url=URL, file=ctx.file_id))
    out.title = f"Epoch Benchmarking Hub runs {snapshot}"
    return out


def run_date(text: str) -> str:
    """'17 November 2025 4:28pm' (or an ISO date) -> '2025-11-17'; '' when there is none."""
    m = RUN_DATE.match(text.strip())
    if m:
        try:
            return datetime.strptime(" ".join(m.groups()), "%d %B %Y").date().isoformat()
        except ValueError:
            return ""
    return iso_date(text)


def _companions(path: Path, ctx: Context) -> dict[str, tuple[bool | None, str, str]]:
    """{Epoch model version: (open, organization, release date)} from the files beside the runs."""
    out: dict[str, tuple[bool | None, str, str]] = {}
    for dep in dependencies(path):
        for key, value in _read_companion(dep, dep.stat().st_mtime, ctx.max_bytes).items():
            for k in dict.fromkeys((key, key.split("_")[0])):  # a version's settings share its model's facts
                old = out.get(k, (None, "", ""))
                out[k] = (old[0] if old[0] is not None else value[0], old[1] or value[1], old[2] or value[2])
    return out


@lru_cache(maxsize=8)
def _read_companion(path: Path, mtime: float, max_bytes: int) -> dict[str, tuple[bool | None, str, str]]:
    out = {}
    for row in csv.DictReader(io.StringIO(read_text(path, max_bytes).lstrip("\ufeff"))):
        key = row.get("Model version") or row.get("id") or ""
        if key:
            out[key] = (_open_closed(row.get("Model accessibility") or ""), row.get("Organization") or "",
                        iso_date(row.get("Release date") or row.get("Version release date") or ""))
    return out
