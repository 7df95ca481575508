"""Expected figures computed straight from the raw files in ../shared, independently of gapbot's parsers and engine.

Only the registry (project data) is shared with the engine, for sources that have no open/closed flag.
"""

from __future__ import annotations

import ast
import csv
import json
import re
from functools import cache
from pathlib import Path
from statistics import fmean

import yaml

from gapbot.registry import load_registry

from conftest import LEADERBOARDS, REPO

LIVEBENCH = LEADERBOARDS / "livebench"
LABELS = {"Mathematics": "math", "IF": "instruction following"}


@cache
def registry():
    return load_registry(REPO / "corpus" / "registry.yaml")


@cache
def model_info() -> dict:
    return json.loads((LIVEBENCH / "model_info_from_modelLinks_js.json").read_text())


def livebench_open(key: str) -> bool | None:
    flag = model_info().get(key, {}).get("openweight")
    info = registry().lookup(key)
    if info is not None and getattr(info, "override", False) and info.open_weights is not None:
        return info.open_weights
    if isinstance(flag, bool):
        return flag
    return info.open_weights if info else None


@cache
def livebench(date: str) -> dict[str, dict[str, float]]:
    """{category: {model key: score}} for one release, as LiveBench's site averages."""
    table = LIVEBENCH / f"table_{date.replace('-', '_')}.csv"
    cats = json.loads((LIVEBENCH / f"categories_{date.replace('-', '_')}.json").read_text())
    out: dict[str, dict[str, float]] = {}
    with table.open() as fh:
        reader = csv.reader(fh)
        header = next(reader)
        for cells in reader:
            if len(cells) != len(header):
                continue
            row = dict(zip(header, cells, strict=True))
            scores = {}
            for label, tasks in cats.items():
                vals = [float(row[t]) for t in tasks if row.get(t, "").strip()]
                if vals:
                    scores[LABELS.get(label, label.lower())] = fmean(vals)
            if len(scores) == len(cats):
                scores["overall"] = fmean(scores.values())
            for c, v in scores.items():
                out.setdefault(c, {})[row["model"]] = v
    return out


def best(board: dict[str, float], is_open, flag: bool) -> tuple[str, float]:
    items = [(v, k) for k, v in board.items() if is_open(k) is flag]
    v, k = max(items)
    return k, v


def livebench_gap(date: str, category: str) -> tuple[tuple[str, float], tuple[str, float], float]:
    board = livebench(date)[category]
    o = best(board, livebench_open, True)
    c = best(board, livebench_open, False)
    return o, c, round(c[1] - o[1], 2)


@cache
def livebench_first_seen() -> dict[tuple[str, str], str]:
    """(release date, model key) -> the date the release's table first listed the model (LiveBench's git history)."""
    out: dict[tuple[str, str], str] = {}
    with (LIVEBENCH / "derived_model_first_seen_in_git.csv").open() as fh:
        for row in csv.DictReader(fh):
            if row["table_file"].startswith("table_2"):
                key = (row["table_file"][6:16].replace("_", "-"), row["model"])
                seen = row["first_seen_commit_date"][:10]
                out[key] = min(seen, out.get(key, seen))
    return out


def livebench_trend(category: str, grace_days: int = 45) -> dict[str, float]:
    """{point date: gap} as the date discipline defines it: each release counts the models its table listed within
    `grace_days` of the release date; when the newest release kept gaining models later, one more point, dated at
    its newest listing, counts them all."""
    import datetime as dt

    seen = livebench_first_seen()
    out: dict[str, float] = {}
    dates = [d for d in livebench_dates() if livebench(d).get(category)]
    sizes = sorted(len(livebench(d)[category]) for d in dates)
    dates = [d for d in dates if 2 * len(livebench(d)[category]) >= sizes[len(sizes) // 2]]  # partial tables out
    for date in dates:
        limit = (dt.date.fromisoformat(date) + dt.timedelta(days=grace_days)).isoformat()
        board = {k: v for k, v in livebench(date)[category].items() if seen.get((date, k), date) <= limit}
        if (g := _gap(board)) is not None:
            out[date] = g
    newest = dates[-1]
    listed = [seen.get((newest, k), newest) for k in livebench(newest)[category]]
    limit = (dt.date.fromisoformat(newest) + dt.timedelta(days=grace_days)).isoformat()
    if any(d > limit for d in listed) and (g := _gap(livebench(newest)[category])) is not None:
        out[max(listed)] = g
    return out


def _gap(board: dict[str, float]) -> float | None:
    opens = [v for k, v in board.items() if livebench_open(k) is True]
    closed = [v for k, v in board.items() if livebench_open(k) is False]
    return round(max(closed) - max(opens), 2) if opens and closed else None


def livebench_dates() -> list[str]:
    return sorted(p.stem.removeprefix("table_").replace("_", "-") for p in LIVEBENCH.glob("table_*.csv"))


@cache
def aider_polyglot() -> dict[str, float]:
    """{model name: best pass_rate_2} over every run."""
    runs = yaml.safe_load((LEADERBOARDS / "aider" / "polyglot_leaderboard.yml").read_text())
    out: dict[str, float] = {}
    for r in runs:
        info = registry().lookup(r["model"])
        key = info.id if info else r["model"]
        out[key] = max(out.get(key, 0.0), float(r["pass_rate_2"]))
    return out


def registry_open(model_id: str) -> bool | None:
    info = registry().lookup(model_id)
    return info.open_weights if info else None


@cache
def lmarena_licences() -> dict[str, bool | None]:
    out: dict[str, bool | None] = {}
    cat = LEADERBOARDS / "lmarena" / "arena_catalog"
    for item in json.loads(next(cat.glob("scatterplot-data*.json")).read_text()):
        lic = (item.get("license") or "").strip().lower()
        out[item["model_api_name"]] = None if lic in ("", "-", "n/a", "other") else lic not in ("proprietary",
                                                                                             "propretary")
    newest = sorted((LEADERBOARDS / "lmarena" / "hf_space_leaderboard_tables").glob("leaderboard_table_*.csv"))[-1]
    with newest.open() as fh:
        for row in csv.DictReader(fh):
            lic = (row.get("License") or "").strip().lower()
            out.setdefault(row["key"], None if lic in ("", "-", "n/a", "other") else
                           lic not in ("proprietary", "propretary"))
    return out


def lmarena_open(key: str) -> bool | None:
    info = registry().lookup(key)
    if info is not None and getattr(info, "override", False) and info.open_weights is not None:
        return info.open_weights
    flag = lmarena_licences().get(key)
    if flag is not None:
        return flag
    return info.open_weights if info else None


@cache
def lmarena_board(stem_prefix: str, category: str) -> dict[str, float]:
    path = next((LEADERBOARDS / "lmarena" / "arena_catalog").glob(f"{stem_prefix}*.json"))
    data = json.loads(path.read_text())
    return {k: float(v["rating"]) for k, v in data[category].items()}


def lmarena_intervals(stem_prefix: str, category: str) -> dict[str, tuple[float, float, float]]:
    """{model key: (rating, rating_q025, rating_q975)} of one JSON board, for models with an interval."""
    path = next((LEADERBOARDS / "lmarena" / "arena_catalog").glob(f"{stem_prefix}_*.json"))
    return {k: (float(v["rating"]), float(v["rating_q025"]), float(v["rating_q975"]))
            for k, v in json.loads(path.read_text())[category].items()
            if isinstance(v.get("rating_q025"), int | float) and isinstance(v.get("rating_q975"), int | float)}


def arena_hard() -> tuple[str, dict[str, tuple[float, float, float]]]:
    """The Arena-Hard-Auto board of LMArena's HF Space: (its newest date, {model key: (score, q025, q975)})."""
    path = LEADERBOARDS / "lmarena" / "hf_space_leaderboard_tables" / "arena_hard_auto_leaderboard_v0.1.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return max(r["date"] for r in rows), {r["model"]: (float(r["score"]), float(r["rating_q025"]),
                                                       float(r["rating_q975"])) for r in rows}


def swebench_best(file_prefix: str, board: str) -> dict[bool, float]:
    """{open: best resolved %} on one SWE-bench board, counting entries whose models the registry knows (an entry
    of several models is open only if all are); the file's os_model flag is not used."""
    path = next((LEADERBOARDS / "swe-bench").glob(f"{file_prefix}*.json"))
    best: dict[bool, float] = {}
    for b in json.loads(path.read_text())["leaderboards"]:
        if b["name"] != board:
            continue
        for e in b["results"]:
            tags = e.get("tags") or []
            tags = ast.literal_eval(tags) if isinstance(tags, str) else tags
            models = [t.split(":", 1)[1].strip() for t in tags if t.startswith("Model:")]
            flags = [registry_open_key(m) for m in models]
            if not flags or e.get("resolved") is None:
                continue
            flag = False if False in flags else (True if all(f is True for f in flags) else None)
            if flag is not None:
                best[flag] = max(best.get(flag, 0.0), float(e["resolved"]))
    return best


def registry_open_key(key: str) -> bool | None:
    info = registry().lookup(key) or registry().lookup(key.rstrip("/").rsplit("/", 1)[-1])
    return info.open_weights if info else None


EPOCH_HUB_BOARDS = {"GPQA diamond": "GPQA Diamond", "MATH level 5": "MATH Level 5",
                    "OTIS Mock AIME 2024-2025": "OTIS Mock AIME", "FrontierMath-2025-02-28-Private": "FrontierMath"}
EPOCH_HUB_BOARDS = {v: k for k, v in EPOCH_HUB_BOARDS.items()}


def epoch_runs(board: str) -> dict[str, float]:
    """{canonical model id: best score in %} of one Epoch Benchmarking Hub task in the newest runs file."""
    task = EPOCH_HUB_BOARDS[board]
    out: dict[str, float] = {}
    with (LEADERBOARDS / "epoch" / "benchmark-stitching" / "benchmarks_runs.csv").open(encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            if row["task"] == task and row["Best score (across scorers)"]:
                mid = canonical(row["model"])
                out[mid] = max(out.get(mid, 0.0), round(100 * float(row["Best score (across scorers)"]), 2))
    return out


def lmarena_newest_two_sided(category: str) -> str:
    """The newest date of the LMArena JSON boards (lmarena/arena_catalog) of a kind published at least twice (one
    board alone makes no trend), read from the file names: leaderboard-text_2025-12-11_<commit>.json."""
    series: dict[str, list[str]] = {}
    for p in (LEADERBOARDS / "lmarena").rglob("leaderboard-text*.json"):
        if m := re.match(r"(.+)_(20\d\d-\d\d-\d\d)_", p.name):
            series.setdefault(m.group(1), []).append(m.group(2))
    return max(max(d) for d in series.values() if len(d) >= 2)


def canonical(key: str) -> str:
    info = registry().lookup(key)
    return info.id if info else key


def collapse(board: dict[str, float]) -> dict[str, float]:
    """Variants of one model count once, at their best (as the gap definition says)."""
    out: dict[str, float] = {}
    for k, v in board.items():
        c = canonical(k)
        out[c] = max(out.get(c, float("-inf")), v)
    return out


def path_of(p: Path) -> str:
    return p.resolve().as_posix()
