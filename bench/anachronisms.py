"""An independent check of the date discipline over the shared leaderboards (no Chroma, no embeddings).

Parses every leaderboard file under ../shared/leaderboards with the real parsers and the project's registry, asks the
engine's trend handler for every category of every leaderboard, and checks each trend point against the boards' own
listing dates, read straight from LiveBench's derived first-seen file (not from the rows under test):

- no point names a model the board listed more than 45 days after the point's date;
- the LMArena trend ends at the newest LMArena board (of a series with two boards or more, on the overall
  category: one board alone makes no trend).

    PYTHONPATH=. python -m bench.anachronisms [--json]     # exit 1 when a rule is broken
"""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from gapbot import intents
from gapbot.models import Manifest
from gapbot.question import Query
from gapbot.registry import load_registry
from gapbot.serving import Index, family
from gapbot.settings import PROJECT
from ingest.discover import discover
from ingest.formats import parse
from ingest.formats.base import Context

LEADERBOARDS = PROJECT.parent / "shared" / "leaderboards"
GRACE = timedelta(days=45)


@dataclass
class Findings:
    trends: int = 0
    mentions: int = 0
    anachronisms: list[str] = field(default_factory=list)
    lmarena_end: str = ""
    lmarena_newest: str = ""
    files_parsed: int = 0
    files_skipped: int = 0


@lru_cache(maxsize=1)
def build_index(root: Path = LEADERBOARDS) -> tuple[Index, int, int]:
    registry = load_registry(PROJECT / "corpus" / "registry.yaml")
    disc = discover([root])
    rows = []
    for item in disc.items:
        try:
            rows += parse(item, Context(registry, item.file_id)).rows
        except Exception:  # a rejected file takes no part, as in ingest
            continue
    return Index.build(Manifest(), rows, registry), len(disc.items), len(disc.skipped)


def livebench_listed(root: Path = LEADERBOARDS) -> dict[tuple[str, str], date]:
    """(release date, LiveBench model key) -> the date the release's table first listed it (git history)."""
    out: dict[tuple[str, str], date] = {}
    with (root / "livebench" / "derived_model_first_seen_in_git.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            name = row["table_file"]
            if not name.startswith("table_2"):
                continue
            release = name[6:16].replace("_", "-")
            seen = date.fromisoformat(row["first_seen_commit_date"][:10])
            key = (release, row["model"])
            out[key] = min(seen, out.get(key, seen))
    return out


def check(root: Path = LEADERBOARDS) -> Findings:
    idx, parsed, skipped = build_index(root)
    listed = livebench_listed(root)
    keys_of: dict[tuple[str, str], set[str]] = {}  # (release, model id) -> its source keys (variants)
    for r in idx.rows:
        if r.source == "livebench":
            keys_of.setdefault((r.snapshot, r.model), set()).add(r.source_key)
    f = Findings(files_parsed=parsed, files_skipped=skipped)
    for source in sorted({family(k[0]) for k in idx.boards}):
        for category in sorted({k[3] for k in idx.boards if family(k[0]) == source}):
            result = intents.trend(Query(text="trend", intent="trend", category=category, source=source),
                                   intents.Context(idx, lambda _q: []))
            if result.trend is None:
                continue
            f.trends += 1
            for p in result.trend.points:
                for m in (p.best_open, p.best_closed):
                    f.mentions += 1
                    when = _listed(source, p.snapshot, m, listed, keys_of)
                    if when is not None and when > p.snapshot + GRACE:
                        f.anachronisms.append(f"{source} {category} {p.snapshot}: {m.name} listed {when}")
            if source == "lmarena" and category == "overall":
                f.lmarena_end = str(result.trend.points[-1].snapshot)
    # The newest board of an LMArena series that can make a trend (two boards or more) on the overall category.
    series: dict[str, list[str]] = {}
    for k in idx.boards:
        if family(k[0]) == "lmarena" and k[3] == "overall" and k in idx.two_sided:
            series.setdefault(k[1], []).append(k[2])
    f.lmarena_newest = max((max(d) for d in series.values() if len(set(d)) >= 2), default="")
    return f


def _listed(source: str, point: date, m, listed: dict, keys_of: dict) -> date | None:
    """When the board listed the model: LiveBench from its git history (the first of its variants to be listed),
    else the model's own listing date."""
    if source == "livebench":
        seen = [listed[(point.isoformat(), k)] for k in keys_of.get((point.isoformat(), m.id), ())
                if (point.isoformat(), k) in listed]
        if seen:
            return min(seen)
    return m.first_seen


def main(argv: list[str]) -> int:
    f = check()
    ok = not f.anachronisms and f.lmarena_end == f.lmarena_newest
    if "--json" in argv:
        print(json.dumps(f.__dict__, indent=1))
    else:
        print(f"{f.trends} trends, {f.mentions} model mentions, {len(f.anachronisms)} anachronisms "
              f"(listed > 45 days after the point's date); LMArena overall trend ends {f.lmarena_end}, newest "
              f"LMArena board {f.lmarena_newest}; {f.files_parsed} files parsed, {f.files_skipped} skipped")
        for a in f.anachronisms[:40]:
            print("  ", a)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
