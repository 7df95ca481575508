"""Epoch AI data: open-model-trends CSVs (Open/Closed, release dates) and the Epoch Capabilities Index.

Each model is scored once, at its release: like Aider, a file is cumulative, and the snapshot is its newest date.
"""

from __future__ import annotations

from pathlib import Path

from gapbot.errors import InputFileError
from gapbot.models import ScoreRow
from ingest.formats.base import (
    ELO_RANGE,
    INDEX_RANGE,
    Context,
    Parsed,
    check_date,
    iso_date,
    parse_score,
    read_csv,
    read_text,
    resolve_model,
)

URL = "https://epoch.ai/data"
FRACTION = (0.0, 1.0)
# column -> (benchmark, category, valid (lowest, highest) value in the file, factor to the displayed scale)
TREND_COLUMNS = {
    "BBH": ("BIG-Bench Hard", "reasoning", FRACTION, 100.0),
    "GPQA": ("GPQA", "reasoning", FRACTION, 100.0),
    "MMLU": ("MMLU", "knowledge", FRACTION, 100.0),
    "SEAL Coding": ("SEAL Coding (Elo)", "coding", ELO_RANGE, 1.0),
    "SEAL Math": ("SEAL Math", "math", FRACTION, 100.0),
    "SEAL Instruction Following": ("SEAL Instruction Following", "instruction following", FRACTION, 100.0),
    "LMSys Elo": ("LMSys Arena Elo (Epoch)", "overall", ELO_RANGE, 1.0),
    "GSM1k": ("GSM1k", "math", FRACTION, 100.0),
    "GSM8k": ("GSM8k", "math", FRACTION, 100.0),
}
ACCESS_OPEN = "open weights"
ACCESS_CLOSED = ("api access", "hosted access")


def kind_of(header: list[str]) -> str | None:
    if "System" in header and "Open/Closed" in header:
        return "epoch-trends"
    if "Model version" in header and "ECI Score" in header:
        return "epoch-eci"
    if "Model" in header and "eci" in header:  # benchmark_data.zip's epoch_capabilities_index/eci_scores.csv (2026)
        return "epoch-eci"
    return None


def _open_closed(value: str) -> bool | None:
    v = value.strip().lower()
    if v == "open" or v.startswith(ACCESS_OPEN):
        return True
    if v == "closed" or v.startswith(ACCESS_CLOSED):
        return False
    return None


def parse(path: Path, ctx: Context) -> Parsed:
    bad: list[InputFileError] = []
    header, rows = read_csv(path, read_text(path, ctx.max_bytes), bad, ctx.max_rows)
    kind = kind_of(header)
    if kind is None:
        raise InputFileError(str(path), "not an Epoch CSV (expected System + Open/Closed, Model version + ECI "
                             "Score, or Model + eci columns)", line=1)
    out = Parsed(format=kind)
    for err in bad:
        out.reject_row(err)
    pending = []
    reader = _trend_scores if kind == "epoch-trends" else _eci_scores
    for lineno, row in rows:
        try:
            pending += reader(path, header, lineno, row, out)
        except InputFileError as exc:
            out.reject_row(exc)
    if not pending:
        raise InputFileError(str(path), "no scores found" + (f"; first problem: {out.row_errors[0]}"
                                                             if out.row_errors else ""))
    snapshot = max(p[3] for p in pending if p[3]) if any(p[3] for p in pending) else ""
    for key, open_src, org_src, date, bench, cat, score, *interval in pending:
        low, high = interval or (None, None)
        model_id, display, org, open_w, release = resolve_model(ctx, key, open_src, org_src, "", date, out)
        if open_w is None:
            out.unknown_models.add(key)
        out.rows.append(ScoreRow(
            source="epoch", benchmark=bench, snapshot=snapshot, category=cat, model=model_id, display_name=display,
            organization=org, open_weights=open_w, score=score, release_date=date or release, first_seen=date,
            source_key=key, source_url=URL, file=ctx.file_id, score_low=low, score_high=high))
    out.title = f"Epoch AI {path.stem}"
    return out


def _trend_scores(path: Path, header: list[str], lineno: int, row: dict[str, str], out: Parsed) -> list[tuple]:
    """(model, open, organization, date, benchmark, category, score) for each benchmark column of one line.

    Each cell is a row of its own: a bad cell is skipped and reported, the line's other benchmarks kept."""
    gpqa_only = header[:2] == ["System", "GPQA"]
    date = check_date(iso_date(row.get("Date")), path, lineno, "Date")
    scores = []
    for col, (bench, cat, (lo, hi), scale) in TREND_COLUMNS.items():
        if col not in row:
            continue
        try:
            v = parse_score(row[col], path, lineno, col, lo, hi)
        except InputFileError as exc:
            out.reject_row(exc)
            continue
        if v is not None:
            name = "GPQA Diamond (Epoch)" if gpqa_only and col == "GPQA" else bench
            scores.append((row["System"], _open_closed(row["Open/Closed"]), "", date, name, cat, round(v * scale, 2)))
    return scores


def _eci_scores(path: Path, header: list[str], lineno: int, row: dict[str, str], out: Parsed) -> list[tuple]:
    if "ECI Score" not in row:
        return _eci_scores_2026(path, lineno, row)
    v = parse_score(row["ECI Score"], path, lineno, "ECI Score", *INDEX_RANGE)
    if v is None:
        return []
    date = check_date(iso_date(row.get("Release date")), path, lineno, "Release date")
    return [(row["Model version"], _open_closed(row.get("Model accessibility", "")), row.get("Organization", ""),
             date, "Epoch Capabilities Index", "overall", round(v, 2))]


def _eci_scores_2026(path: Path, lineno: int, row: dict[str, str]) -> list[tuple]:
    """eci_scores.csv (Model, Display name, eci, eci_ci_low, eci_ci_high, date, Organization, Model accessibility,
    ...): one row per model group, with the index's confidence interval."""
    v = parse_score(row["eci"], path, lineno, "eci", *INDEX_RANGE)
    if v is None:
        return []
    low, high = (parse_score(row.get(c) or "", path, lineno, c, *INDEX_RANGE) for c in ("eci_ci_low", "eci_ci_high"))
    date = check_date(iso_date(row.get("date")), path, lineno, "date")
    return [(row["Model"], _open_closed(row.get("Model accessibility", "")), row.get("Organization", ""), date,
             "Epoch Capabilities Index", "overall", round(v, 2), low, high)]
