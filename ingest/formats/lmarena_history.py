"""LMArena's rating history (github.com/nakasyou/lmarena-history, output/result.csv): one wide CSV, a row per
leaderboard date (YYYYMMDD in the first, unnamed column), a column per model key, the model's overall text rating on
that date (0.0: not on the board).

The ratings change kind on 2024-06-29: before, the online Elo (not what the site displayed); from then, the
Bradley-Terry rating the site displayed, the same number as the arena JSON boards' text rating. So the two parts are
two boards: "LMArena online Elo" (2023-05 to 2024-06), and "LMArena Text" from 2024-06-29 on, which continues in the
arena JSON boards (2025-03 on): one series to the newest board. Open/closed comes from the registry, else the
License of LMArena's own tables and scatterplot beside it (as for the JSON boards).
"""

from __future__ import annotations

import re
from pathlib import Path

from gapbot.errors import InputFileError
from gapbot.models import ScoreRow
from ingest.formats import lmarena
from ingest.formats.base import (
    ELO_RANGE,
    Context,
    Parsed,
    check_date,
    check_rows,
    iso_date,
    parse_score,
    read_csv,
    read_text,
    resolve_model,
)

DATE_CELL = re.compile(r"^\d{8}$")
DISPLAYED_FROM = "2024-06-29"  # the first date whose ratings are the displayed Bradley-Terry ones


def detect(header: list[str], head: str) -> bool:
    """A first column without a name, many model columns, and rows that start with a YYYYMMDD date."""
    if len(header) < 3 or header[0].strip("\ufeff ") != "":
        return False
    lines = [ln for ln in head.splitlines()[1:3] if ln.strip()]
    return bool(lines) and all(DATE_CELL.match(ln.split(",", 1)[0]) for ln in lines)


def dependencies(path: Path) -> list[Path]:
    """LMArena's own tables and scatterplot, which carry the License each model is labelled with."""
    root = path.parent.parent
    return lmarena.licence_files(root, (root / "hf_space_leaderboard_tables",))


def parse(path: Path, ctx: Context) -> Parsed:
    bad: list[InputFileError] = []
    header, rows = read_csv(path, read_text(path, ctx.max_bytes), bad, ctx.max_rows)
    if len(header) < 3 or header[0].strip("\ufeff ") or not rows or not DATE_CELL.match(rows[0][1][header[0]]):
        raise InputFileError(str(path), "not an LMArena rating history (expected a date column, then model keys)",
                             line=1)
    check_rows(path, len(rows) * (len(header) - 1), ctx.max_rows, "ratings (dates × models)")
    evidence = lmarena.licence_evidence(dependencies(path), ctx)
    out = Parsed(format="lmarena-history", title="LMArena rating history")
    for err in bad:
        out.reject_row(err)
    resolved: dict[str, tuple] = {}
    for lineno, row in rows:
        try:
            snapshot = check_date(iso_date(row[header[0]]), path, lineno, "date")
        except InputFileError as exc:
            out.reject_row(exc)
            continue
        if not snapshot:
            out.reject_row(InputFileError(str(path), f"{row[header[0]]!r} is not a YYYYMMDD date", line=lineno))
            continue
        bench = "LMArena Text" if snapshot >= DISPLAYED_FROM else "LMArena online Elo"
        for key in header[1:]:
            try:
                rating = parse_score(row.get(key, ""), path, lineno, key, 0.0, ELO_RANGE[1])
            except InputFileError as exc:
                out.reject_row(exc)
                continue
            if not rating:  # 0.0: not on the board that day
                continue
            if key not in resolved:
                ev_open, ev_org, ev_name = evidence.get(key, (None, "", ""))
                resolved[key] = resolve_model(ctx, key, ev_open, ev_org, ev_name, "", out)
            model_id, display, org, open_w, release = resolved[key]
            if open_w is None:
                out.unknown_models.add(key)
            out.rows.append(ScoreRow(
                source="lmarena", benchmark=bench, snapshot=snapshot, category="overall", model=model_id,
                display_name=display, organization=org, open_weights=open_w, score=round(rating, 1),
                release_date=release, source_key=key, source_url=lmarena.URL, file=ctx.file_id))
    if not out.rows:
        raise InputFileError(str(path), "no ratings found")
    out.notes.append(f"ratings before {DISPLAYED_FROM} are LMArena's online Elo, a different scale: kept as their "
                     "own board, 'LMArena online Elo'")
    return out
