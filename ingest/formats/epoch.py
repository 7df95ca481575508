"""Epoch AI data: open-model-trends CSVs (Open/Closed, release dates) and the Epoch Capabilities Index.

Each model is scored once, at its release: like Aider, a file is cumulative, and the snapshot is its newest date.
"""

from __future__ import annotations

from pathlib import Path

from gapbot.errors import InputFileError
from gapbot.models import ScoreRow
from ingest.formats.base import Context, Parsed, iso_date, parse_score, read_csv, read_text, resolve_model

URL = "https://epoch.ai/data"
# column -> (benchmark, category, highest valid value, factor to the displayed scale)
TREND_COLUMNS = {
    "BBH": ("BIG-Bench Hard", "reasoning", 1.0, 100.0),
    "GPQA": ("GPQA", "reasoning", 1.0, 100.0),
    "MMLU": ("MMLU", "knowledge", 1.0, 100.0),
    "SEAL Coding": ("SEAL Coding (Elo)", "coding", 4000.0, 1.0),
    "SEAL Math": ("SEAL Math", "math", 1.0, 100.0),
    "SEAL Instruction Following": ("SEAL Instruction Following", "instruction following", 1.0, 100.0),
    "LMSys Elo": ("LMSys Arena Elo (Epoch)", "overall", 4000.0, 1.0),
    "GSM1k": ("GSM1k", "math", 1.0, 100.0),
    "GSM8k": ("GSM8k", "math", 1.0, 100.0),
}
ACCESS_OPEN = "open weights"
ACCESS_CLOSED = ("api access", "hosted access")


def kind_of(header: list[str]) -> str | None:
    if "System" in header and "Open/Closed" in header:
        return "epoch-trends"
    if "Model version" in header and "ECI Score" in header:
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
    header, rows = read_csv(path, read_text(path, ctx.max_bytes))
    kind = kind_of(header)
    if kind is None:
        raise InputFileError(str(path), "not an Epoch CSV (expected System + Open/Closed, or Model version + ECI "
                             "Score columns)", line=1)
    out = Parsed(format=kind)
    pending = []
    if kind == "epoch-trends":
        gpqa_only = header[:2] == ["System", "GPQA"]
        for lineno, row in rows:
            for col, (bench, cat, hi, scale) in TREND_COLUMNS.items():
                if col not in row:
                    continue
                v = parse_score(row[col], path, lineno, col, 0, hi)
                if v is not None:
                    name = "GPQA Diamond (Epoch)" if gpqa_only and col == "GPQA" else bench
                    pending.append((row["System"], _open_closed(row["Open/Closed"]), "", iso_date(row["Date"]),
                                    name, cat, round(v * scale, 2)))
    else:
        for lineno, row in rows:
            v = parse_score(row["ECI Score"], path, lineno, "ECI Score", 0, 1000)
            if v is None:
                continue
            pending.append((row["Model version"], _open_closed(row.get("Model accessibility", "")),
                            row.get("Organization", ""), iso_date(row.get("Release date")),
                            "Epoch Capabilities Index", "overall", round(v, 2)))
    if not pending:
        raise InputFileError(str(path), "no scores found")
    snapshot = max(p[3] for p in pending if p[3]) if any(p[3] for p in pending) else ""
    for key, open_src, org_src, date, bench, cat, score in pending:
        model_id, display, org, open_w, release = resolve_model(ctx, key, open_src, org_src, "", date)
        if open_w is None:
            out.unknown_models.add(key)
        out.rows.append(ScoreRow(
            source="epoch", benchmark=bench, snapshot=snapshot, category=cat, model=model_id, display_name=display,
            organization=org, open_weights=open_w, score=score, release_date=date or release, first_seen=date,
            source_key=key, source_url=URL, file=ctx.file_id))
    out.title = f"Epoch AI {path.stem}"
    return out
