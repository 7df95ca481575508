"""Arena-Hard-Auto (LMSYS's automatic benchmark of 500 hard Arena prompts, judged by GPT-4-Turbo against
GPT-4-0314), as the LMArena HF Space publishes it: `arena_hard_auto_leaderboard_v0.1.csv`, columns `model, score,
rating_q025, rating_q975, CI, avg_tokens, date`.

`score` is a win rate in percent (GPT-4-0314, the baseline, is 50), so the board's unit is percentage points, not
Elo; `rating_q025`/`rating_q975` are its 95 % interval, kept as LMArena's boards keep theirs (`score_low`,
`score_high`). `CI` only restates them as offsets and `avg_tokens` is answer length: neither is kept. The board is
dated by its `date` column (the newest, should rows differ). Its rows are category "hard prompts" (the domain the
benchmark measures) under the source lmarena.

The file names no licence: open/closed comes from the registry, else the License of LMArena's own tables beside it
(its keys are LMArena's model keys), as for the arena JSON boards.
"""

from __future__ import annotations

import re
from pathlib import Path

from gapbot.errors import InputFileError
from gapbot.models import ScoreRow
from ingest.formats import lmarena
from ingest.formats.base import (
    PERCENT_RANGE,
    Context,
    Parsed,
    check_date,
    iso_date,
    parse_score,
    read_csv,
    read_text,
    resolve_model,
)

BENCHMARK = "Arena-Hard-Auto"
CATEGORY = "hard prompts"
COLUMNS = ("model", "score", "rating_q025", "rating_q975")  # what detection and parsing need
URL = "https://github.com/lmarena/arena-hard-auto"
_VERSION = re.compile(r"_v(\d+(?:\.\d+)*)$")


def detect(header: list[str]) -> bool:
    """Arena-Hard-Auto's columns: a model, its win-rate score and its 95 % bounds, with the CI or avg_tokens column
    that sets it apart from any other table of scores and bounds."""
    cols = {h.strip("\ufeff ") for h in header}
    return set(COLUMNS) <= cols and bool({"CI", "avg_tokens"} & cols)


def dependencies(path: Path) -> list[Path]:
    """LMArena's own tables (the newest, beside it or in a sibling hf_space_leaderboard_tables) and scatterplot,
    which carry the License each model is labelled with."""
    root = path.parent.parent
    return lmarena.licence_files(root, (path.parent, root / "hf_space_leaderboard_tables"))


def version(path: Path) -> str:
    """The version the file name gives ('0.1' of arena_hard_auto_leaderboard_v0.1.csv), or ''."""
    m = _VERSION.search(path.stem)
    return m.group(1) if m else ""


def parse(path: Path, ctx: Context) -> Parsed:
    bad: list[InputFileError] = []
    header, rows = read_csv(path, read_text(path, ctx.max_bytes), bad, ctx.max_rows)
    if not detect(header):
        raise InputFileError(str(path), "not an Arena-Hard-Auto leaderboard (expected model, score, rating_q025, "
                             "rating_q975 and CI or avg_tokens columns)", line=1)
    ver = version(path)
    out = Parsed(format="lmarena-arena-hard", title=f"{BENCHMARK} v{ver}" if ver else BENCHMARK)
    for err in bad:
        out.reject_row(err)
    scored = []
    for lineno, row in rows:
        try:
            scored.append((lineno, *_scores(path, lineno, row)))
        except InputFileError as exc:
            out.reject_row(exc)
    unscored = [s[1] for s in scored if s[2] is None]
    scored = [s for s in scored if s[2] is not None]
    if unscored:
        out.notes.append(f"{len(unscored)} model(s) without a score skipped: {', '.join(unscored[:5])}")
    dates = {s[5] for s in scored if s[5]}
    if not dates:
        raise InputFileError(str(path), "no dated scores found" + (f"; first problem: {out.row_errors[0]}"
                                                                   if out.row_errors else ""),
                             hint="each row needs a model, a score and a YYYY-MM-DD date")
    snapshot = max(dates)
    if len(dates) > 1:
        out.notes.append(f"rows dated {min(dates)} to {snapshot}: the board is dated {snapshot}")
    evidence = lmarena.licence_evidence(dependencies(path), ctx)
    for _lineno, key, score, low, high, _date in scored:
        ev_open, ev_org, ev_name = evidence.get(key, (None, "", ""))
        model_id, display, org, open_w, release = resolve_model(ctx, key, ev_open, ev_org, ev_name, "", out)
        if open_w is None:
            out.unknown_models.add(key)
        out.rows.append(ScoreRow(
            source="lmarena", benchmark=BENCHMARK, snapshot=snapshot, category=CATEGORY, model=model_id,
            display_name=display, organization=org, open_weights=open_w, score=score, release_date=release,
            source_key=key, source_url=URL, file=ctx.file_id, score_low=low, score_high=high))
    out.notes.append("scores are win rates (%) against GPT-4-0314 on 500 hard prompts, judged by GPT-4-Turbo")
    return out


def _scores(path: Path, lineno: int, row: dict[str, str]
            ) -> tuple[str, float | None, float | None, float | None, str]:
    """(model key, score, low, high, date) of one line; a bad cell is an error naming the line."""
    key = row["model"].strip()
    if not key:
        raise InputFileError(str(path), "no model name", line=lineno)
    score = parse_score(row["score"], path, lineno, "score", *PERCENT_RANGE)
    low = parse_score(row["rating_q025"], path, lineno, "rating_q025", *PERCENT_RANGE)
    high = parse_score(row["rating_q975"], path, lineno, "rating_q975", *PERCENT_RANGE)
    raw_date = row.get("date", "").strip()
    date = check_date(iso_date(raw_date), path, lineno, "date")
    if raw_date and not date:
        raise InputFileError(str(path), f"column 'date': {raw_date[:40]!r} is not a YYYY-MM-DD date", line=lineno)
    if score is None or low is None or high is None or not low <= score <= high:
        low = high = None  # an interval is kept only as two numbers around the score, never guessed
    return key, score, low, high, date
