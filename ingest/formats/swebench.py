"""SWE-bench: swebench.com's data/leaderboards.json, {"leaderboards": [{"name", "results": [entry, ...]}]}.

Every board in the file is read: Verified, Lite, Test, Multimodal and bash-only (Verified run by one minimal agent,
the cleanest model-to-model board). An entry is one submission: `resolved` (% of tasks) is its score, `date` the
submission date (kept as the date the board first listed it), `tags` name its model(s) ("Model: <id>").

Open/closed comes from the registry for each named model. The file's own `os_model` flag is not used: it is wrong
both ways (Llama systems marked closed, OpenHands + GPT-5 marked open, multi-model systems marked by their
strongest model); a model the registry does not know stays unknown and is left out, and disagreements are noted.
A system using several models is open only if every one is open. Entries with one model count as that model (a
model's best system counts once, shown by the submission's name); the others are their own system.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from gapbot.errors import InputFileError
from gapbot.models import ScoreRow
from ingest.formats.base import (
    Context,
    Parsed,
    check_date,
    check_rows,
    iso_date,
    parse_score,
    read_json,
    resolve_model,
)

NAME_RE = re.compile(r"^leaderboards.*\.json$")
URL = "https://www.swebench.com"
BOARDS = {"verified": "SWE-bench Verified", "lite": "SWE-bench Lite", "test": "SWE-bench Test",
          "multimodal": "SWE-bench Multimodal", "bash-only": "SWE-bench bash-only"}
MAX_TAGS_TEXT = 4000  # a stringified tag list longer than this is not a tag list


def detect(name: str, head: str) -> bool:
    return bool(NAME_RE.match(name)) and '"leaderboards"' in head


def parse(path: Path, ctx: Context) -> Parsed:
    data = read_json(path, ctx.max_bytes)
    boards = data.get("leaderboards") if isinstance(data, dict) else None
    if not isinstance(boards, list):
        raise InputFileError(str(path), 'expected {"leaderboards": [{"name": ..., "results": [...]}]}')
    entries = [(b, e) for b in boards if isinstance(b, dict) and isinstance(b.get("results"), list)
               for e in b["results"]]
    check_rows(path, len(entries), ctx.max_rows, "submissions")
    snapshot = iso_date(path.stem.removeprefix("leaderboards")) or max(
        (iso_date(e.get("date")) for _, e in entries if isinstance(e, dict)), default="")
    if not snapshot:
        raise InputFileError(str(path), "no date: neither in the file name (leaderboards_YYYY-MM-DD*.json) nor in "
                             "any entry")
    check_date(snapshot, path, None, "snapshot date")
    out = Parsed(format="swebench")
    skipped: set[str] = set()
    for board, entry in entries:
        name = str(board.get("name", ""))
        bench = BOARDS.get(name.lower())
        if bench is None:
            skipped.add(name)
            continue
        try:
            row = _row(path, ctx, out, bench, snapshot, entry)
        except InputFileError as exc:
            out.reject_row(exc)
            continue
        if row is not None:
            out.rows.append(row)
    if skipped:
        out.notes.append(f"boards not read (unknown names): {', '.join(sorted(skipped))}")
    if not out.rows:
        raise InputFileError(str(path), "no usable submissions")
    out.title = f"SWE-bench leaderboards {snapshot}"
    return out


def model_tags(entry: dict) -> list[str]:
    """The 'Model: <id>' tags of an entry; some files store the tag list as its Python repr."""
    tags = entry.get("tags")
    if isinstance(tags, str) and len(tags) <= MAX_TAGS_TEXT and tags.startswith("["):
        try:
            tags = ast.literal_eval(tags)
        except (ValueError, SyntaxError):
            tags = []
    if not isinstance(tags, list):
        return []
    return [t.split(":", 1)[1].strip() for t in tags if isinstance(t, str) and t.startswith("Model:")
            and t.split(":", 1)[1].strip()]


def _known_key(ctx: Context, tag: str) -> str:
    """A model tag as the registry knows it: 'openai/gpt-5-2025-08-07' and 'https://huggingface.co/org/Model' are
    also tried by their last path segment."""
    if ctx.registry.lookup(tag) is None and "/" in tag:
        tail = tag.rstrip("/").rsplit("/", 1)[-1]
        if tail and ctx.registry.lookup(tail) is not None:
            return tail
    return tag


def _row(path: Path, ctx: Context, out: Parsed, bench: str, snapshot: str, entry: object) -> ScoreRow | None:
    if not isinstance(entry, dict) or not entry.get("name"):
        raise InputFileError(str(path), f"{bench}: an entry without a name")
    label = str(entry["name"])
    score = parse_score(str(entry.get("resolved", "")), path, None, f"{bench} {label!r} resolved")
    if score is None:
        return None
    submitted = check_date(iso_date(entry.get("date")), path, None, f"{bench} {label!r} date")
    models = model_tags(entry)
    flag = entry.get("os_model") if isinstance(entry.get("os_model"), bool) else None
    if len(models) == 1:
        key = _known_key(ctx, models[0])
        model_id, _display, org, open_w, release = resolve_model(ctx, key, flag, out=out)
        open_w = info.open_weights if (info := ctx.registry.lookup(key)) else None
    else:
        # no model named (the oldest files), or a system of several: the submission is its own entry
        resolved = [resolve_model(ctx, _known_key(ctx, m), None) for m in models]
        flags = [r[3] for r in resolved]
        open_w = (False if False in flags else True if flags and all(f is True for f in flags) else None)
        dates = [r[4] for r in resolved]
        release = max(dates) if dates and all(dates) else ""
        key = str(entry.get("folder") or label)
        model_id, org = f"swebench:{key}", ""
        if not models:
            model_id, _display, org, open_w, release = resolve_model(ctx, label, None)
            key = label
    if open_w is None:
        out.unknown_models.add(key)
    return ScoreRow(source="swebench", benchmark=bench, snapshot=snapshot, category="agentic coding",
                    model=model_id, display_name=label, organization=org,
                    open_weights=open_w, score=score, release_date=release, first_seen=submitted, source_key=key,
                    source_url=URL, file=ctx.file_id)
