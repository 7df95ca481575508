"""LMArena: the HF Space's leaderboard_table_YYYYMMDD.csv (License, Organization; Arena Elo only in 2023 files)
and arena-catalog leaderboard-text*.json ({category: {model: {rating, ...}}}).

License == "Proprietary" means closed; any other license string means downloadable weights.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from gapbot.categories import canonical
from gapbot.errors import InputFileError
from gapbot.models import ScoreRow
from ingest.formats.base import (
    ELO_RANGE,
    Context,
    Parsed,
    check_date,
    check_rows,
    iso_date,
    parse_score,
    read_csv,
    read_json,
    read_text,
    resolve_model,
)

TABLE_RE = re.compile(r"^leaderboard_table_(\d{8})\.csv$")
JSON_RE = re.compile(r"^leaderboard-text(-style-control)?.*\.json$")
SCATTER_GLOB = "scatterplot-data*.json"
URL = "https://lmarena.ai/leaderboard"
# Categories kept from the arena JSON; language-specific and filter boards (english, no_tie, ...) are left out.
JSON_CATEGORIES = ("full", "coding", "math", "if", "hard_6", "creative_writing")
CLOSED_LICENSES = {"proprietary", "propretary"}
UNKNOWN_LICENSES = {"", "-", "n/a", "other", "unknown"}


def license_open(license_text: str) -> bool | None:
    lic = license_text.strip().lower()
    if lic in UNKNOWN_LICENSES:
        return None
    return lic not in CLOSED_LICENSES


def is_table(path: Path) -> bool:
    return bool(TABLE_RE.match(path.name))


def is_json(path: Path) -> bool:
    return bool(JSON_RE.match(path.name))


def is_support(path: Path) -> bool:
    return path.name.startswith("scatterplot-data") and path.suffix == ".json"


def _table_dirs(path: Path) -> list[Path]:
    return [path.parent, path.parent.parent / "hf_space_leaderboard_tables"]


def dependencies(path: Path) -> list[Path]:
    if not is_json(path):
        return []
    deps = sorted(path.parent.glob(SCATTER_GLOB))
    for d in _table_dirs(path):
        if d.is_dir():
            deps += sorted(d.glob("leaderboard_table_*.csv"))[-1:]  # the newest table carries the licenses
    return deps


def licence_files(root: Path, table_dirs: tuple[Path, ...]) -> list[Path]:
    """The files a board without licences of its own is labelled from: the scatterplots in `root`/arena_catalog and
    the newest leaderboard table of the first of `table_dirs` that holds one."""
    deps = sorted((root / "arena_catalog").glob(SCATTER_GLOB)) if (root / "arena_catalog").is_dir() else []
    for folder in dict.fromkeys(table_dirs):
        if folder.is_dir() and (tables := sorted(folder.glob("leaderboard_table_*.csv"))[-1:]):
            return deps + tables
    return deps


def licence_evidence(deps: list[Path], ctx: Context) -> dict[str, tuple[bool | None, str, str]]:
    """(open, organisation, name) by LMArena model key, from the tables and scatterplots in `deps` (the first file
    that names a key wins): the licences a board without its own (the rating history, Arena-Hard-Auto) is read with."""
    evidence: dict[str, tuple[bool | None, str, str]] = {}
    for dep in deps:
        mtime = dep.stat().st_mtime
        found = (_licenses_from_scatter(dep, mtime, ctx.max_bytes) if dep.suffix == ".json"
                 else _licenses_from_table(dep, mtime, ctx.max_bytes, ctx.max_rows))
        for k, v in found.items():
            evidence.setdefault(k, v)
    return evidence


@lru_cache(maxsize=16)
def _licenses_from_table(path: Path, mtime: float, max_bytes: int, max_rows: int
                         ) -> dict[str, tuple[bool | None, str, str]]:
    _, rows = read_csv(path, read_text(path, max_bytes), [], max_rows)  # a bad line only loses its label
    out = {}
    for _, row in rows:
        key = row.get("key") or row.get("Model") or ""
        out[key] = (license_open(row.get("License", "")), row.get("Organization", ""), row.get("Model", key))
    return out


@lru_cache(maxsize=4)
def _licenses_from_scatter(path: Path, mtime: float, max_bytes: int) -> dict[str, tuple[bool | None, str, str]]:
    items = read_json(path, max_bytes)
    if not isinstance(items, list):
        raise InputFileError(str(path), "expected a JSON list of models")
    return {str(i["model_api_name"]): (license_open(str(i.get("license") or "")), str(i.get("organization") or ""),
                                       str(i.get("name") or ""))
            for i in items if isinstance(i, dict) and i.get("model_api_name")}


def parse_table(path: Path, ctx: Context) -> Parsed:
    m = TABLE_RE.match(path.name)
    snapshot = check_date(iso_date(m.group(1)) if m else "", path, None, "snapshot date")
    bad: list[InputFileError] = []
    header, rows = read_csv(path, read_text(path, ctx.max_bytes), bad, ctx.max_rows)
    if "License" not in header or not ({"key", "Model"} & set(header)):
        raise InputFileError(str(path), "not an LMArena leaderboard table (needs Model/key and License columns)",
                             line=1)
    out = Parsed(format="lmarena-table", title=f"LMArena leaderboard table {snapshot}")
    for err in bad:
        out.reject_row(err)
    has_elo = "Arena Elo rating" in header
    for lineno, row in rows:
        if not has_elo:
            break
        try:
            _table_row(path, ctx, out, lineno, row, snapshot)
        except InputFileError as exc:
            out.reject_row(exc)
    if not has_elo:
        out.notes.append("no ratings in this table (LMArena kept them in separate files from 2024 on); its License "
                         "and Organization columns are used to label models of the arena JSON boards")
    return out


def _table_row(path: Path, ctx: Context, out: Parsed, lineno: int, row: dict[str, str], snapshot: str) -> None:
    key = row.get("key") or row.get("Model") or ""
    elo = parse_score(row["Arena Elo rating"], path, lineno, "Arena Elo rating", *ELO_RANGE)
    if elo is None or not key:
        return
    model_id, display, org, open_w, release = resolve_model(ctx, key, license_open(row.get("License", "")),
                                                            row.get("Organization", ""), row.get("Model", ""), "", out)
    if open_w is None:
        out.unknown_models.add(key)
    out.rows.append(ScoreRow(
        source="lmarena", benchmark="LMArena Elo", snapshot=snapshot, category="overall", model=model_id,
        display_name=display, organization=org, open_weights=open_w, score=elo, release_date=release,
        source_key=key, source_url=URL, file=ctx.file_id))


def parse_json(path: Path, ctx: Context) -> Parsed:
    data = read_json(path, ctx.max_bytes)
    if not isinstance(data, dict) or "full" not in data:
        raise InputFileError(str(path), "not an LMArena leaderboard JSON (expected a 'full' category)")
    snapshot = check_date(iso_date(path.stem), path, None, "snapshot date")
    if not snapshot:
        raise InputFileError(str(path), "no date in the file name", hint="name it leaderboard-text_YYYY-MM-DD.json")
    check_rows(path, sum(len(b) for c, b in data.items() if c in JSON_CATEGORIES and isinstance(b, dict)),
               ctx.max_rows)
    style = "-style-control" in path.name
    benchmark = "LMArena Text (style control)" if style else "LMArena Text"
    evidence: dict[str, tuple[bool | None, str, str]] = {}
    for dep in dependencies(path):
        mtime = dep.stat().st_mtime
        found = (_licenses_from_scatter(dep, mtime, ctx.max_bytes) if dep.suffix == ".json"
                 else _licenses_from_table(dep, mtime, ctx.max_bytes, ctx.max_rows))
        for k, v in found.items():
            evidence.setdefault(k, v)
    out = Parsed(format="lmarena-json", title=f"{benchmark} {snapshot}")
    skipped = [c for c in data if c not in JSON_CATEGORIES]
    for label in JSON_CATEGORIES:
        board = data.get(label)
        if not isinstance(board, dict):
            continue
        cat = canonical(label) or label
        for key, vals in board.items():
            rating = vals.get("rating") if isinstance(vals, dict) else None
            if not isinstance(rating, int | float):
                raise InputFileError(str(path), f"{label}/{key}: rating missing or not a number")
            try:
                rating = parse_score(str(rating), path, None, f"{label}/{key}", *ELO_RANGE)
            except InputFileError as exc:
                out.reject_row(exc)
                continue
            ev_open, ev_org, ev_name = evidence.get(key, (None, "", ""))
            model_id, display, org, open_w, release = resolve_model(ctx, key, ev_open, ev_org, ev_name, "", out)
            if open_w is None:
                out.unknown_models.add(key)
            low, high = _interval(vals, rating)
            out.rows.append(ScoreRow(
                source="lmarena", benchmark=benchmark, snapshot=snapshot, category=cat, model=model_id,
                display_name=display, organization=org, open_weights=open_w, score=round(rating, 1),
                release_date=release, source_key=key, source_url=URL, file=ctx.file_id, score_low=low,
                score_high=high))
    if skipped:
        out.notes.append(f"{len(skipped)} boards not used (language and filter boards): {', '.join(skipped[:6])}…")
    return out


def _interval(vals: dict, rating: float) -> tuple[float | None, float | None]:
    """LMArena's 95 % interval (rating_q025, rating_q975), kept only when it is two numbers around the rating."""
    low, high = vals.get("rating_q025"), vals.get("rating_q975")
    if not (isinstance(low, int | float) and isinstance(high, int | float) and low <= rating <= high):
        return None, None
    return round(float(low), 1), round(float(high), 1)
