"""The project's own snapshot schema (documented in the README): one CSV row per model and category.

    source,source_url,snapshot_date,benchmark,category,model,display_name,organization,open_weights,score,release_date

Required: source, snapshot_date, benchmark, category, model, score. Optional: task, and score_low/score_high
(the score's 95 % interval, both or neither). Lines starting with '#' are comments.
"""

from __future__ import annotations

from pathlib import Path

from gapbot.categories import canonical
from gapbot.errors import InputFileError
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
    header, rows = iter_csv(path, ctx, bad)
    memo = _Memo(path)
    memo.intervals = "score_low" in header or "score_high" in header
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        rows.close()
        raise InputFileError(str(path), f"missing column(s): {', '.join(missing)}", line=1,
                             hint="the header must have " + ",".join(REQUIRED))
    out = Parsed(format="gapbot-csv", title=f"snapshot {path.stem}", sink=ctx.sink)
    # Hashes of the rows' keys, not the keys: 8 bytes of hash a row instead of a tuple of strings (a million-row
    # file's duplicates are found in tens of MB). Python's 64-bit string hash: a false duplicate is a ~1e-8 chance.
    seen: set[int] = set()
    for lineno, row in rows:
        while bad:
            out.reject_row(bad.pop(0))
        try:
            _row(path, ctx, out, lineno, row, seen, memo)
        except InputFileError as exc:
            out.reject_row(exc)
    for err in bad:
        out.reject_row(err)
    if not out.total_rows:
        raise InputFileError(str(path), "no usable rows" + (f"; first problem: {out.row_errors[0]}"
                                                            if out.row_errors else ""))
    return out


class _Memo:
    """What a file repeats, checked once per distinct value: a million-row file has a few hundred dates, a handful
    of categories and benchmarks, and its models over and over. Only values that passed are kept (a bad one is
    refused again at every line, naming it); each table is bounded, so a file of ever-new values stays flat."""

    LIMIT = 10_000

    def __init__(self, path: Path) -> None:
        self.path = path
        self.snapshots: dict[str, str] = {}
        self.releases: dict[str, str] = {}
        self.categories: dict[str, str] = {}
        self.ranges: dict[str, tuple[float, float]] = {}
        self.models: dict[tuple, tuple] = {}  # a model's registry look-up
        self.intervals = False  # the file gives score intervals: every row carries the two fields (one width)

    def _keep(self, table: dict, key, value):
        if len(table) >= self.LIMIT:
            table.clear()
        table[key] = value
        return value

    def snapshot(self, text: str, line: int) -> str:
        if (hit := self.snapshots.get(text)) is not None:
            return hit
        snapshot = iso_date(text)
        if not snapshot or len(text) > 10:
            raise InputFileError(str(self.path), f"snapshot_date {text!r} is not YYYY-MM-DD", line=line)
        return self._keep(self.snapshots, text, check_date(snapshot, self.path, line, "snapshot_date"))

    def release(self, text: str, line: int) -> str:
        if (hit := self.releases.get(text)) is not None:
            return hit
        return self._keep(self.releases, text, check_date(iso_date(text), self.path, line, "release_date"))

    def category(self, text: str, line: int) -> str:
        if (hit := self.categories.get(text)) is not None:
            return hit
        category = canonical(text)
        if category is None:
            raise InputFileError(str(self.path), f"unknown category {text!r}", line=line,
                                 hint="use overall, coding, agentic coding, math, reasoning, data analysis, "
                                      "language, instruction following or knowledge")
        return self._keep(self.categories, text, category)

    def scale(self, benchmark: str) -> tuple[float, float]:
        if (hit := self.ranges.get(benchmark)) is not None:
            return hit
        return self._keep(self.ranges, benchmark, score_range(benchmark))

    def model(self, ctx: Context, out: Parsed, args: tuple) -> tuple:
        if (hit := self.models.get(args)) is not None:
            return hit
        return self._keep(self.models, args, resolve_model(ctx, *args, out))


def _row(path: Path, ctx: Context, out: Parsed, lineno: int, row: dict[str, str], seen: set[int],
         memo: _Memo) -> None:
    """One snapshot row; raises InputFileError naming the line, and the caller skips the row."""
    for col in REQUIRED:
        if not row[col]:
            raise InputFileError(str(path), f"column {col!r} is empty", line=lineno)
    snapshot = memo.snapshot(row["snapshot_date"], lineno)
    release_src = memo.release(row.get("release_date", ""), lineno)
    category = memo.category(row["category"], lineno)
    score = parse_score(row["score"], path, lineno, "score", *memo.scale(row["benchmark"]))
    if score is None:
        raise InputFileError(str(path), "score is empty", line=lineno)
    low, high = _interval(path, lineno, row, score, memo.scale(row["benchmark"]))
    ow_text = row.get("open_weights", "").lower()
    if ow_text and ow_text not in TRUE and ow_text not in FALSE:
        raise InputFileError(str(path), f"open_weights {row['open_weights']!r} must be true, false or empty",
                             line=lineno)
    open_src = True if ow_text in TRUE else False if ow_text in FALSE else None
    key = hash((row["source"], row["benchmark"], snapshot, category, row["model"].lower(), row.get("task", "")))
    if key in seen:
        raise InputFileError(str(path), f"duplicate row for model {row['model']!r} in {category}", line=lineno)
    seen.add(key)
    model_id, display, org, open_w, release = memo.model(
        ctx, out, (row["model"], open_src, row.get("organization", ""), row.get("display_name", ""), release_src))
    if open_w is None:
        out.unknown_models.add(row["model"])
    # ScoreRow's fields in order (source, benchmark, snapshot, category, model, display_name, organization,
    # open_weights, score, task, release_date, first_seen, source_key, source_url, file, score_low, score_high):
    # a tuple, not an object, on its way to the row store; the interval only where the file has one (the fields
    # left out default to None).
    values = (row["source"], row["benchmark"], snapshot, category, model_id, display, org, open_w, score,
              row.get("task", ""), release_src or release, "", row["model"], row.get("source_url", ""), ctx.file_id)
    out.add_values((*values, low, high) if memo.intervals else values)


def _interval(path: Path, lineno: int, row: dict[str, str], score: float, scale: tuple[float, float]
              ) -> tuple[float | None, float | None]:
    """The optional 95 % interval of the score (score_low, score_high): both or neither, around the score."""
    low_text, high_text = row.get("score_low", ""), row.get("score_high", "")
    if not low_text and not high_text:
        return None, None
    low = parse_score(low_text, path, lineno, "score_low", *scale)
    high = parse_score(high_text, path, lineno, "score_high", *scale)
    if low is None or high is None or not low <= score <= high:
        raise InputFileError(str(path), "score_low and score_high must both be given, around the score",
                             line=lineno)
    return low, high
