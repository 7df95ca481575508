"""LiveBench release tables: table_YYYY_MM_DD.csv + categories_YYYY_MM_DD.json (+ model info, first-seen dates,
and the cost file cost_YYYY_MM_DD.csv where the release has one).

Category score = mean of the category's task columns, blank cells skipped, as LiveBench's site averages;
overall = mean of the category scores, for models scored in every category.

Two layouts: the older site's files side by side (livebench.github.io, with a derived model_info*.json), and the
repository serving livebench.ai today (LiveBench/new-livebench): public/table_*.csv, categories_*.json, cost_*.csv,
with the site's model table, open-weight flags included, in src/Table/modelLinks.js; its releases are listed in
src/lib/constants.js (`RELEASES = [...]`), which the feed reads to find a new release.

Cost (new-livebench's README): the cost file holds each model's total cost per task column and the question count
`nq_<task>`; a scope's cost per question is (sum of its tasks' cost) / (sum of their questions), weighted by
question count, not a mean of per-task figures. Cost per solved task divides by the questions answered correctly
(count x score / 100).
"""

from __future__ import annotations

import csv
import io
import json
import re
from functools import lru_cache
from pathlib import Path
from statistics import fmean

from gapbot import yamlload
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
SUPPORT_RE = re.compile(r"^(categories_\d{4}_\d{2}_\d{2}\.json|cost_\d{4}_\d{2}_\d{2}\.csv|model_info.*\.json"
                        r"|derived_model_first_seen.*\.csv|changelog.*\.md|modelLinks\.js)$")
MODEL_INFO_GLOB = "model_info*.json"
FIRST_SEEN_GLOB = "derived_model_first_seen*.csv"
MODEL_LINKS = "modelLinks.js"
RELEASES_RE = re.compile(r"\bRELEASES\s*=\s*\[([^\]]*)\]")
ISO_RE = re.compile(r"""["'](\d{4}-\d{2}-\d{2})["']""")


def is_table(path: Path) -> bool:
    return bool(TABLE_RE.match(path.name))


def is_support(path: Path) -> bool:
    return bool(SUPPORT_RE.match(path.name))


def dependencies(path: Path) -> list[Path]:
    m = TABLE_RE.match(path.name)
    deps = [path.parent / f"categories_{m.group(1)}.json", path.parent / f"cost_{m.group(1)}.csv"] if m else []
    deps += sorted(path.parent.glob(MODEL_INFO_GLOB)) + sorted(path.parent.glob(FIRST_SEEN_GLOB))
    deps += model_links_paths(path)
    return [d for d in deps if d.exists()]


def model_links_paths(table: Path) -> list[Path]:
    """The site's model table: beside the table, or at src/Table/modelLinks.js of the repository whose public/
    holds it."""
    return [p for p in (table.parent / MODEL_LINKS, table.parent.parent / "src" / "Table" / MODEL_LINKS) if p.exists()]


def releases_from_index(text: str, where: str = "src/lib/constants.js") -> list[str]:
    """The release dates listed by new-livebench's src/lib/constants.js (`RELEASES = ["2024-06-24", ...]`),
    oldest first. A file without that list means the publisher changed its layout: an InputFileError says so."""
    m = RELEASES_RE.search(text)
    dates = sorted({iso_date(d) for d in ISO_RE.findall(m.group(1))} - {""}) if m else []
    if not dates:
        raise InputFileError(where, "no RELEASES = [\"YYYY-MM-DD\", ...] list of release dates found",
                             hint="LiveBench may have moved its release list; see the feed in sources.yaml")
    return dates


@lru_cache(maxsize=8)
def _model_info(path: Path, mtime: float, max_bytes: int) -> dict:
    data = read_json(path, max_bytes)
    if not isinstance(data, dict):
        raise InputFileError(str(path), "expected a JSON object of models")
    return data


@lru_cache(maxsize=4)
def _model_links(path: Path, mtime: float, max_bytes: int) -> dict:
    """The site's src/Table/modelLinks.js as {model key: {organization, displayName, openweight, version}}, its
    `variants` flattened to one entry per raw key as the site's getModelInfo does. In this file a listed model
    without `openweight: true` is proprietary (the site's own "open weight only" filter)."""
    data = js_object(read_text(path, max_bytes), str(path))
    out: dict = {}
    for key, entry in data.items():
        if not isinstance(entry, dict):
            continue
        base = {k: v for k, v in entry.items() if k != "variants"}
        base["openweight"] = base.get("openweight") is True
        out[str(key)] = base
        for var in entry.get("variants") or []:
            if isinstance(var, dict) and var.get("rawName"):
                out[str(var["rawName"])] = {**base, **{k: v for k, v in var.items() if k != "rawName"}}
    return out


_JS_TOKEN = re.compile(r"""\s+|//[^\n]*|/\*.*?\*/"""  # space and comments
                       r"""|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'"""  # strings
                       r"""|[A-Za-z_$][\w$]*|-?\d+(?:\.\d+)?|[{}\[\]:,]""", re.S)  # names, numbers, punctuation


def js_object(text: str, where: str) -> dict:
    """The first object literal assigned in a JavaScript module (`export const x = {...};`) as JSON data: keys
    may be bare or quoted, strings in either quotes, trailing commas allowed; anything else (code) is refused."""
    start = text.find("{", text.find("="))
    if start < 0:
        raise InputFileError(where, "no object literal found")
    parts: list[str] = []
    depth = 0
    pos = start
    while pos < len(text):
        m = _JS_TOKEN.match(text, pos)
        if not m:
            raise InputFileError(where, f"unexpected {text[pos:pos + 20]!r}", line=text.count("\n", 0, pos) + 1)
        tok, pos = m.group(), m.end()
        if tok[0].isspace() or tok.startswith(("//", "/*")):
            continue
        if tok[0] in "'\"":
            tok = json.dumps(_js_string(tok))
        elif tok[0].isalpha() or tok[0] in "_$":
            tok = tok if tok in ("true", "false", "null") else json.dumps(tok)
        elif tok in "}]" and parts and parts[-1] == ",":
            parts.pop()  # a trailing comma
        parts.append(tok)
        if tok in ("{", "["):
            depth += 1
        elif tok in ("}", "]"):
            depth -= 1
        if depth == 0:
            break
    data = yamlload.load_json("".join(parts), where)
    if not isinstance(data, dict):
        raise InputFileError(where, "expected an object of models")
    return data


def _js_string(tok: str) -> str:
    body = tok[1:-1]
    if tok[0] == "'":
        body = body.replace('\\"', '"').replace('"', '\\"').replace("\\'", "'")
    return json.loads(f'"{body}"')


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
    for p in model_links_paths(path):
        info.update(_model_links(p, p.stat().st_mtime, ctx.max_bytes))
    for p in sorted(path.parent.glob(MODEL_INFO_GLOB)):
        info.update(_model_info(p, p.stat().st_mtime, ctx.max_bytes))
    cost_path = path.parent / f"cost_{m.group(1)}.csv"
    costs = _costs(cost_path, ctx) if cost_path.exists() else {}
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
                       missing_tasks, costs.get(row.get("model", "")))
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
               first_seen: dict, snapshot: str, seen_models: set, missing_tasks: set,
               cost: dict[str, float] | None = None) -> None:
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
    cat_tasks: dict[str, dict[str, float]] = {}
    for label, tasks in categories.items():
        cat = canonical(label) or label.lower()
        values = {}
        for task in tasks:
            if task not in row:
                missing_tasks.add(task)
                continue
            v = parse_score(row[task], path, lineno, task)
            if v is not None:
                values[task] = v
        if values:
            cat_scores[cat] = fmean(values.values())
            cat_tasks[cat] = values
    if len(cat_scores) == len(categories) and cat_scores:
        cat_scores["overall"] = fmean(cat_scores.values())
        cat_tasks["overall"] = {t: v for vals in list(cat_tasks.values()) for t, v in vals.items()}
    for cat, score in cat_scores.items():
        per_question, per_solved = scoped_cost(cost, cat_tasks[cat]) if cost else (None, None)
        out.rows.append(ScoreRow(
            source="livebench", benchmark="LiveBench", snapshot=snapshot, category=cat, model=model_id,
            display_name=display, organization=org, open_weights=open_w, score=round(score, 3),
            release_date=release, first_seen=seen, source_key=key, source_url="https://livebench.ai",
            file=ctx.file_id, cost_per_question=per_question, cost_per_solved=per_solved))


def scoped_cost(cost: dict[str, float], scores: dict[str, float]) -> tuple[float | None, float | None]:
    """($ per question, $ per solved task) over these tasks, weighted by question count (LiveBench's own way):
    total cost / questions, and total cost / questions answered correctly."""
    total = questions = solved = 0.0
    for task, score in scores.items():
        c, n = cost.get(task), cost.get(f"nq_{task}")
        if c is None or not n:
            continue
        total += c
        questions += n
        solved += n * score / 100.0
    if not questions or not total:  # a model run at no recorded price (all zeros) has no cost to compare
        return None, None
    return round(total / questions, 6), (round(total / solved, 6) if solved else None)


def _costs(path: Path, ctx: Context) -> dict[str, dict[str, float]]:
    """model -> {task: total $, nq_task: questions, ...} from a release's cost file; a bad cell is left out (a
    cost is context for an answer, never its figure)."""
    _header, rows = read_csv(path, read_text(path, ctx.max_bytes), [], ctx.max_rows)
    out: dict[str, dict[str, float]] = {}
    for _lineno, row in rows:
        vals: dict[str, float] = {}
        for k, v in row.items():
            if k == "model":
                continue
            try:
                x = float(v)
            except (TypeError, ValueError):
                continue
            if x >= 0 and x == x and x != float("inf"):
                vals[k] = x
        if row.get("model"):
            out[row["model"]] = vals
    return out


def _resolve(ctx: Context, key: str, mi: dict, out: Parsed):
    info = ctx.registry.lookup(key)
    open_w = open_status(info, key, mi.get("openweight") if isinstance(mi.get("openweight"), bool) else None, out)
    display = str(mi.get("displayName") or (info.name if info else key))
    org = str(mi.get("organization") or (info.organization if info else ""))
    release = (info.release_date if info else "") or iso_date(mi.get("version"))
    return (info.id if info else key), display, org, open_w, release
