"""The project's own snapshot schema (documented in the README): one CSV row per model and category.

    source,source_url,snapshot_date,benchmark,category,model,display_name,organization,open_weights,score,release_date

Required: source, snapshot_date, benchmark, category, model, score. Optional: task, and score_low/score_high
(the score's 95 % interval, both or neither). Lines starting with '#' are comments.
"""

from __future__ import annotations

from pathlib import Path

from gapbot.categories import canonical
from gapbot.errors import InputFileError
from gapbot.models import ScoreRow
from ingest.formats.base import (
    Context,
    Parsed,
    check_date,
    iso_date,
    iter_csv,
    parse_score,
    resolve_model,
    score_range,
)

REQUIRED = ("source", "snapshot_date", "benchmark", "category", "model", "score")
OPTIONAL = ("source_url", "display_name", "organization", "open_weights", "release_date", "task", "score_low",
            "score_high")
TRUE = {"true", "yes", "open", "1", "y"}
FALSE = {"false", "no", "closed", "proprietary", "0", "n"}


def looks_like(header: list[str]) -> bool:
    return "snapshot_date" in header and "benchmark" in header


def parse(path: Path, ctx: Context) -> Parsed:
    """Row by row: the file is read a line at a time and, given the ingest's sink (`ctx.sink`), its rows are handed
    on in chunks, so an upload of a million rows is never held in memory whole."""
    bad: list[InputFileError] = []
    header, rows = iter_csv(path, ctx.max_bytes, bad, ctx.max_rows)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        rows.close()
        raise InputFileError(str(path), f"missing column(s): {', '.join(missing)}", line=1,
                             hint="the header must have " + ",".join(REQUIRED))
    out = Parsed(format="gapbot-csv", title=f"snapshot {path.stem}", sink=ctx.sink)
    # Hashes of the rows' keys, not the keys: 8 bytes of hash a row instead of a tuple of strings (a million-row
    # file's duplicates are found in tens of MB). Python's 64-bit string hash: a false duplicate is a ~1e-8 chance.
    seen: set[int] = set()
    resolved: dict[tuple, tuple] = {}  # a model's registry look-up, once per file (a file repeats its models)
    for lineno, row in rows:
        while bad:
            out.reject_row(bad.pop(0))
        try:
            _row(path, ctx, out, lineno, row, seen, resolved)
        except InputFileError as exc:
            out.reject_row(exc)
    for err in bad:
        out.reject_row(err)
    if not out.total_rows:
        raise InputFileError(str(path), "no usable rows" + (f"; first problem: {out.row_errors[0]}"
                                                            if out.row_errors else ""))
    return out


def _row(path: Path, ctx: Context, out: Parsed, lineno: int, row: dict[str, str], seen: set[int],
         resolved: dict[tuple, tuple]) -> None:
    """One snapshot row; raises InputFileError naming the line, and the caller skips the row."""
    for col in REQUIRED:
        if not row[col]:
            raise InputFileError(str(path), f"column {col!r} is empty", line=lineno)
    snapshot = iso_date(row["snapshot_date"])
    if not snapshot or len(row["snapshot_date"]) > 10:
        raise InputFileError(str(path), f"snapshot_date {row['snapshot_date']!r} is not YYYY-MM-DD", line=lineno)
    check_date(snapshot, path, lineno, "snapshot_date")
    release_src = check_date(iso_date(row.get("release_date", "")), path, lineno, "release_date")
    category = canonical(row["category"])
    if category is None:
        raise InputFileError(str(path), f"unknown category {row['category']!r}", line=lineno,
                             hint="use overall, coding, agentic coding, math, reasoning, data analysis, "
                                  "language, instruction following or knowledge")
    score = parse_score(row["score"], path, lineno, "score", *score_range(row["benchmark"]))
    if score is None:
        raise InputFileError(str(path), "score is empty", line=lineno)
    low, high = _interval(path, lineno, row, score)
    ow_text = row.get("open_weights", "").lower()
    if ow_text and ow_text not in TRUE | FALSE:
        raise InputFileError(str(path), f"open_weights {row['open_weights']!r} must be true, false or empty",
                             line=lineno)
    open_src = True if ow_text in TRUE else False if ow_text in FALSE else None
    key = hash((row["source"], row["benchmark"], snapshot, category, row["model"].lower(), row.get("task", "")))
    if key in seen:
        raise InputFileError(str(path), f"duplicate row for model {row['model']!r} in {category}", line=lineno)
    seen.add(key)
    args = (row["model"], open_src, row.get("organization", ""), row.get("display_name", ""), release_src)
    if (hit := resolved.get(args)) is None:
        if len(resolved) >= 10_000:  # a file of ever-new models: stay bounded
            resolved.clear()
        hit = resolved[args] = resolve_model(ctx, *args, out)
    model_id, display, org, open_w, release = hit
    if open_w is None:
        out.unknown_models.add(row["model"])
    out.add_row(ScoreRow(
        source=row["source"], benchmark=row["benchmark"], snapshot=snapshot, category=category, model=model_id,
        display_name=display, organization=org, open_weights=open_w, score=score, task=row.get("task", ""),
        release_date=release_src or release, source_key=row["model"],
        source_url=row.get("source_url", ""), file=ctx.file_id, score_low=low, score_high=high))


def _interval(path: Path, lineno: int, row: dict[str, str], score: float) -> tuple[float | None, float | None]:
    """The optional 95 % interval of the score (score_low, score_high): both or neither, around the score."""
    low_text, high_text = row.get("score_low", ""), row.get("score_high", "")
    if not low_text and not high_text:
        return None, None
    scale = score_range(row["benchmark"])
    low = parse_score(low_text, path, lineno, "score_low", *scale)
    high = parse_score(high_text, path, lineno, "score_high", *scale)
    if low is None or high is None or not low <= score <= high:
        raise InputFileError(str(path), "score_low and score_high must both be given, around the score",
                             line=lineno)
    return low, high
