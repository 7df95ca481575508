"""LMArena: the HF Space's leaderboard_table_YYYYMMDD.csv (License, Organization; Arena Elo only in 2023 files)
and arena-catalog leaderboard-text*.json ({category: {model: {rating, ...}}}).

License == "Proprietary" means closed; any other license string means downloadable weights.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from gapbot.categories import canonical
from gapbot.errors import InputFileError
from gapbot.models import ScoreRow
from ingest.formats.base import Context, Parsed, iso_date, parse_score, read_csv, read_text, resolve_model

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


@lru_cache(maxsize=16)
def _licenses_from_table(path: Path, mtime: float) -> dict[str, tuple[bool | None, str, str]]:
    _, rows = read_csv(path, read_text(path))
    out = {}
    for _, row in rows:
        key = row.get("key") or row.get("Model") or ""
        out[key] = (license_open(row.get("License", "")), row.get("Organization", ""), row.get("Model", key))
    return out


@lru_cache(maxsize=4)
def _licenses_from_scatter(path: Path, mtime: float) -> dict[str, tuple[bool | None, str, str]]:
    try:
        items = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise InputFileError(str(path), f"JSON error: {exc.msg}", line=exc.lineno) from exc
    return {i["model_api_name"]: (license_open(i.get("license", "")), i.get("organization", ""), i.get("name", ""))
            for i in items if isinstance(i, dict) and i.get("model_api_name")}


def parse_table(path: Path, ctx: Context) -> Parsed:
    m = TABLE_RE.match(path.name)
    snapshot = iso_date(m.group(1)) if m else ""
    header, rows = read_csv(path, read_text(path, ctx.max_bytes))
    if "License" not in header or not ({"key", "Model"} & set(header)):
        raise InputFileError(str(path), "not an LMArena leaderboard table (needs Model/key and License columns)",
                             line=1)
    out = Parsed(format="lmarena-table", title=f"LMArena leaderboard table {snapshot}")
    has_elo = "Arena Elo rating" in header
    for lineno, row in rows:
        key = row.get("key") or row["Model"]
        open_src = license_open(row.get("License", ""))
        model_id, display, org, open_w, release = resolve_model(ctx, key, open_src, row.get("Organization", ""),
                                                                row.get("Model", ""))
        if not has_elo:
            continue
        elo = parse_score(row["Arena Elo rating"], path, lineno, "Arena Elo rating", 0, 4000)
        if elo is None:
            continue
        if open_w is None:
            out.unknown_models.add(key)
        out.rows.append(ScoreRow(
            source="lmarena", benchmark="LMArena Elo", snapshot=snapshot, category="overall", model=model_id,
            display_name=display, organization=org, open_weights=open_w, score=elo, release_date=release,
            source_key=key, source_url=URL, file=ctx.file_id))
    if not has_elo:
        out.notes.append("no ratings in this table (LMArena kept them in separate files from 2024 on); its License "
                         "and Organization columns are used to label models of the arena JSON boards")
    return out


def parse_json(path: Path, ctx: Context) -> Parsed:
    try:
        data = json.loads(read_text(path, ctx.max_bytes))
    except json.JSONDecodeError as exc:
        raise InputFileError(str(path), f"JSON error: {exc.msg}", line=exc.lineno) from exc
    if not isinstance(data, dict) or "full" not in data:
        raise InputFileError(str(path), "not an LMArena leaderboard JSON (expected a 'full' category)")
    snapshot = iso_date(path.stem)
    if not snapshot:
        raise InputFileError(str(path), "no date in the file name", hint="name it leaderboard-text_YYYY-MM-DD.json")
    style = "-style-control" in path.name
    benchmark = "LMArena Text (style control)" if style else "LMArena Text"
    evidence: dict[str, tuple[bool | None, str, str]] = {}
    for dep in dependencies(path):
        loader = _licenses_from_scatter if dep.suffix == ".json" else _licenses_from_table
        for k, v in loader(dep, dep.stat().st_mtime).items():
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
            rating = parse_score(str(rating), path, None, f"{label}/{key}", 0, 4000)
            ev_open, ev_org, ev_name = evidence.get(key, (None, "", ""))
            model_id, display, org, open_w, release = resolve_model(ctx, key, ev_open, ev_org, ev_name)
            if open_w is None:
                out.unknown_models.add(key)
            out.rows.append(ScoreRow(
                source="lmarena", benchmark=benchmark, snapshot=snapshot, category=cat, model=model_id,
                display_name=display, organization=org, open_weights=open_w, score=round(rating, 1),
                release_date=release, source_key=key, source_url=URL, file=ctx.file_id))
    if skipped:
        out.notes.append(f"{len(skipped)} boards not used (language and filter boards): {', '.join(skipped[:6])}…")
    return out
