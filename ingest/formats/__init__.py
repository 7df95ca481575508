"""Every format gapbot reads, registered once: its name, how it is recognised, its file suffixes, its companion
files and its parser. Discovery (ingest/discover.py), moderators' uploads (bot/uploads.py), feeds (ingest/feeds.py)
and the ingest pipeline all read this table; a new leaderboard format is one module and one entry here.

`parse(item, ctx)` parses a discovered file with its format's parser and applies the per-file row limit.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Protocol

from gapbot.errors import InputFileError
from ingest.formats import (
    aider,
    arena_hard,
    articles,
    epoch,
    epoch_hub,
    gapbot_csv,
    livebench,
    lmarena,
    lmarena_history,
    swebench,
)
from ingest.formats.base import Context, Parsed, check_bytes, check_rows

HEAD_BYTES = 16384  # what detection reads of a file: a CSV header, the first entries of a YAML board


class Probe:
    """A file being recognised: its name, and (read once, on demand) the start of its text.

    Reading the start raises the InputFileError a full read would for a binary or non-UTF-8 file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name
        self.suffix = path.suffix.lower()

    @cached_property
    def head(self) -> str:
        with self.path.open("rb") as fh:
            data = fh.read(HEAD_BYTES)
        check_bytes(self.path, data, partial=True)
        return data.decode("utf-8", "replace")

    @cached_property
    def csv_header(self) -> list[str]:
        first = next((ln for ln in self.head.splitlines() if ln.strip() and not ln.startswith("#")), "")
        return [h.strip() for h in next(csv.reader([first]), [])]


class Source(Protocol):
    """What a parser needs of a discovered file (ingest.discover.Item)."""

    path: Path
    format: str
    origin: str


def _no_dependencies(path: Path) -> list[Path]:
    return []


def _never(path: Path) -> bool:
    return False


@dataclass(frozen=True, slots=True)
class Format:
    name: str  # what discovery reports and Item.format holds
    family: str  # the name a feed in sources.yaml gives (`format: lmarena` covers both LMArena files)
    suffixes: tuple[str, ...]
    detect: Callable[[Probe], bool]
    parse: Callable[[Source, Context], Parsed]
    dependencies: Callable[[Path], list[Path]] = _no_dependencies  # companions whose bytes its records depend on
    companion: Callable[[Path], bool] = _never  # a file read with this format's files, not ingested on its own
    describe: str = ""  # what detection expects, for "not recognised" messages
    # Read a line at a time, rows handed on as they come (never whole): held to the snapshot limits
    # (GAPBOT_MAX_SNAPSHOT_BYTES/_ROWS), not those of a file read whole.
    streams: bool = False


# In detection order: names first, then content; the first format that recognises a file reads it.
FORMATS: tuple[Format, ...] = (
    Format("livebench", "livebench", (".csv",), lambda p: livebench.is_table(p.path),
           lambda item, ctx: livebench.parse(item.path, ctx), livebench.dependencies, livebench.is_support,
           "a LiveBench table_YYYY_MM_DD.csv"),
    Format("lmarena-table", "lmarena", (".csv",), lambda p: lmarena.is_table(p.path),
           lambda item, ctx: lmarena.parse_table(item.path, ctx), describe="an LMArena leaderboard_table_YYYYMMDD.csv"),
    Format("lmarena-json", "lmarena", (".json",), lambda p: lmarena.is_json(p.path),
           lambda item, ctx: lmarena.parse_json(item.path, ctx), lmarena.dependencies, lmarena.is_support,
           "an LMArena leaderboard-text*.json"),
    Format("lmarena-history", "lmarena", (".csv",), lambda p: lmarena_history.detect(p.csv_header, p.head),
           lambda item, ctx: lmarena_history.parse(item.path, ctx), lmarena_history.dependencies,
           describe="LMArena's rating history (a date column, then a column per model)"),
    Format("lmarena-arena-hard", "lmarena", (".csv",), lambda p: arena_hard.detect(p.csv_header),
           lambda item, ctx: arena_hard.parse(item.path, ctx), arena_hard.dependencies,
           describe="an Arena-Hard-Auto leaderboard (model, score, rating_q025, rating_q975, CI)"),
    Format("epoch-runs", "epoch", (".csv",), lambda p: epoch_hub.detect(p.csv_header),
           lambda item, ctx: epoch_hub.parse(item.path, ctx), epoch_hub.dependencies, epoch_hub.is_support,
           describe="Epoch's Benchmarking Hub runs (task, model, Best score (across scorers))"),
    Format("swebench", "swe-bench", (".json",), lambda p: swebench.detect(p.name, p.head),
           lambda item, ctx: swebench.parse(item.path, ctx), describe="a SWE-bench leaderboards*.json"),
    Format("article", "article", tuple(articles.SUFFIXES), lambda p: p.suffix in articles.SUFFIXES,
           lambda item, ctx: articles.parse(item.path, ctx, source_url=item.origin),
           describe="an article (.md, .txt, .html)"),
    Format("gapbot-csv", "gapbot-csv", (".csv",), lambda p: p.suffix == ".csv" and gapbot_csv.looks_like(p.csv_header),
           lambda item, ctx: gapbot_csv.parse(item.path, ctx), describe="the gapbot snapshot schema", streams=True),
    Format("epoch", "epoch", (".csv",), lambda p: p.suffix == ".csv" and epoch.kind_of(p.csv_header) is not None,
           lambda item, ctx: epoch.parse(item.path, ctx), describe="an Epoch AI CSV"),
    Format("aider", "aider", (".yml", ".yaml"), lambda p: p.suffix in (".yml", ".yaml") and "pass_rate_" in p.head,
           lambda item, ctx: aider.parse(item.path, ctx), describe="an Aider leaderboard"),
)
BY_NAME: dict[str, Format] = {f.name: f for f in FORMATS}
SUFFIXES: tuple[str, ...] = tuple(dict.fromkeys(s for f in FORMATS for s in f.suffixes))
FAMILIES: frozenset[str] = frozenset(f.family for f in FORMATS)
# Kept word for word: people (and tests) know these messages.
_NOT_RECOGNISED = {
    ".csv": "CSV columns not recognised (expected the gapbot snapshot schema or a known leaderboard)",
    ".yml": "YAML content not recognised (expected an Aider leaderboard)",
    ".yaml": "YAML content not recognised (expected an Aider leaderboard)",
}


def detect(path: Path) -> tuple[str | None, str]:
    """(format name, "") or (None, why not). A binary or non-UTF-8 file whose content must be read raises
    InputFileError."""
    probe = Probe(path)
    if any(f.companion(path) for f in FORMATS):
        return None, "used by the leaderboard files beside it"
    for fmt in FORMATS:
        if probe.suffix in fmt.suffixes and fmt.detect(probe):
            return fmt.name, ""
    if probe.suffix in _NOT_RECOGNISED:
        return None, _NOT_RECOGNISED[probe.suffix]
    if probe.suffix in SUFFIXES:
        expected = ", ".join(f.describe for f in FORMATS if probe.suffix in f.suffixes)
        return None, f"{probe.suffix} file not recognised (expected {expected})"
    return None, f"unknown file type {probe.suffix or '(none)'!r}"


def dependencies(path: Path, format_name: str) -> list[Path]:
    fmt = BY_NAME.get(format_name)
    return fmt.dependencies(path) if fmt else []


def parse(item: Source, ctx: Context) -> Parsed:
    """Parse one discovered file (item.format names its format) within the context's limits."""
    fmt = BY_NAME.get(item.format)
    if fmt is None:
        raise InputFileError(str(item.path), f"no parser for format {item.format!r}")
    parsed = fmt.parse(item, ctx)
    # Parsers refuse an oversize file before building its rows; this holds for any format added later.
    check_rows(item.path, parsed.total_rows + len(parsed.passages), ctx.max_rows, "rows and passages",
               ctx.rows_setting)
    return parsed
