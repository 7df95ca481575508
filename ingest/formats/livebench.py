"""LiveBench release tables: table_YYYY_MM_DD.csv + categories_YYYY_MM_DD.json (+ model info, first-seen dates).

Category score = mean of the category's task columns, blank cells skipped, as LiveBench's site averages;
overall = mean of the category scores, for models scored in every category.
"""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from pathlib import Path
from statistics import fmean

from gapbot.categories import canonical
from gapbot.errors import InputFileError
from gapbot.models import ScoreRow
from ingest.formats.base import (
    Context,
    Parsed,
    check_date,
    check_rows,
    iso_date,
    open_status,
    parse_score,
    read_csv,
    read_json,
    read_text,
)

TABLE_RE = re.compile(r"^table_(\d{4}_\d{2}_\d{2})\.csv$")
SUPPORT_RE = re.compile(r"^(categories_\d{4}_\d{2}_\d{2}\.json|model_info.*\.json|derived_model_first_seen.*\.csv"
                        r"|changelog.*\.md)$")
MODEL_INFO_GLOB = "model_info*.json"
FIRST_SEEN_GLOB = "derived_model_first_seen*.csv"


def is_table(path: Path) -> bool:
    return bool(TABLE_RE.match(path.name))


def is_support(path: Path) -> bool:
    return bool(SUPPORT_RE.match(path.name))


def dependencies(path: Path) -> list[Path]:
    m = TABLE_RE.match(path.name)
    deps = [path.parent / f"categories_{m.group(1)}.json"] if m else []
    deps += sorted(path.parent.glob(MODEL_INFO_GLOB)) + sorted(path.parent.glob(FIRST_SEEN_GLOB))
    return [d for d in deps if d.exists()]


@lru_cache(maxsize=8)
def _model_info(path: Path, mtime: float, max_bytes: int) -> dict:
    data = read_json(path, max_bytes)
    if not isinstance(data, dict):
        raise InputFileError(str(path), "expected a JSON object of models")
    return data


@lru_cache(maxsize=8)
def _first_seen(path: Path, mtime: float, max_bytes: int) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for row in csv.DictReader(io.StringIO(read_text(path, max_bytes))):
        key = (row.get("table_file") or "", row.get("model") or "")
        date = iso_date(row.get("first_seen_commit_date") or "")
        if date and (key not in out or date < out[key]):
            out[key] = date
    return out


def parse(path: Path, ctx: Context) -> Parsed:
    m = TABLE_RE.match(path.name)
    if not m:
        raise InputFileError(str(path), "not a LiveBench table (expected table_YYYY_MM_DD.csv)")
    snapshot = check_date(iso_date(m.group(1)), path, None, "release date")
    cats_path = path.parent / f"categories_{m.group(1)}.json"
    if not cats_path.exists():
        raise InputFileError(str(path), f"no {cats_path.name} beside it",
                             hint="LiveBench tables need the categories file of the same release date")
    categories = _categories(cats_path, ctx)
    info: dict = {}
    for p in sorted(path.parent.glob(MODEL_INFO_GLOB)):
        info.update(_model_info(p, p.stat().st_mtime, ctx.max_bytes))
    first_seen: dict = {}
    for p in sorted(path.parent.glob(FIRST_SEEN_GLOB)):
        first_seen.update(_first_seen(p, p.stat().st_mtime, ctx.max_bytes))

    bad: list[InputFileError] = []
    header, rows = read_csv(path, read_text(path, ctx.max_bytes), bad, ctx.max_rows)
    if not header or header[0] != "model":
        raise InputFileError(str(path), "the first column must be 'model'", line=1)
    # Each model gives a row per category and one overall: refuse before building them.
    check_rows(path, len(rows) * (len(categories) + 1), ctx.max_rows, "score rows (models × categories)")
    out = Parsed(format="livebench")
    for err in bad:
        out.reject_row(err)
    missing_tasks: set[str] = set()
    seen_models: set[str] = set()
    for lineno, row in rows:
        try:
            _parse_row(path, ctx, out, lineno, row, categories, info, first_seen, snapshot, seen_models,
                       missing_tasks)
        except InputFileError as exc:
            out.reject_row(exc)
    if missing_tasks:
        out.notes.append(f"task columns listed in {cats_path.name} but absent from the table: "
                         + ", ".join(sorted(missing_tasks)))
    if not out.rows:
        raise InputFileError(str(path), "no usable rows")
    out.title = f"LiveBench release {snapshot}"
    return out


def _categories(path: Path, ctx: Context) -> dict[str, list[str]]:
    """{category label: [task column, ...]}, checked: the parser iterates over it for every row."""
    data = read_json(path, ctx.max_bytes)
    if not isinstance(data, dict) or not all(isinstance(t, list) and all(isinstance(x, str) for x in t)
                                             for t in data.values()):
        raise InputFileError(str(path), "expected a JSON object of category: [task column, ...]")
    return data


def _parse_row(path: Path, ctx: Context, out: Parsed, lineno: int, row: dict, categories: dict, info: dict,
               first_seen: dict, snapshot: str, seen_models: set, missing_tasks: set) -> None:
    """One model's category scores; rows are appended only once the whole line has been read."""
    key = row["model"]
    if not key:
        raise InputFileError(str(path), "empty model name", line=lineno)
    if key in seen_models:
        raise InputFileError(str(path), f"duplicate model {key!r} (the first row was kept)", line=lineno)
    seen_models.add(key)
    mi = info.get(key)
    model_id, display, org, open_w, release = _resolve(ctx, key, mi if isinstance(mi, dict) else {}, out)
    check_date(release, path, lineno, f"release date of {key!r}")
    if open_w is None:
        out.unknown_models.add(key)
    seen = first_seen.get((path.name, key), "")
    cat_scores: dict[str, float] = {}
    for label, tasks in categories.items():
        cat = canonical(label) or label.lower()
        values = []
        for task in tasks:
            if task not in row:
                missing_tasks.add(task)
                continue
            v = parse_score(row[task], path, lineno, task)
            if v is not None:
                values.append(v)
        if values:
            cat_scores[cat] = fmean(values)
    if len(cat_scores) == len(categories) and cat_scores:
        cat_scores["overall"] = fmean(cat_scores.values())
    for cat, score in cat_scores.items():
        out.rows.append(ScoreRow(
            source="livebench", benchmark="LiveBench", snapshot=snapshot, category=cat, model=model_id,
            display_name=display, organization=org, open_weights=open_w, score=round(score, 3),
            release_date=release, first_seen=seen, source_key=key, source_url="https://livebench.ai",
            file=ctx.file_id))


def _resolve(ctx: Context, key: str, mi: dict, out: Parsed):
    info = ctx.registry.lookup(key)
    open_w = open_status(info, key, mi.get("openweight") if isinstance(mi.get("openweight"), bool) else None, out)
    display = str(mi.get("displayName") or (info.name if info else key))
    org = str(mi.get("organization") or (info.organization if info else ""))
    release = (info.release_date if info else "") or iso_date(mi.get("version"))
    return (info.id if info else key), display, org, open_w, release
