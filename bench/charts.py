"""`python -m bench.charts` (or `make charts`): the README's example charts, regenerated from the shared data.

Ingests the shared LiveBench releases, LMArena boards and Aider leaderboards (with the project's registry) into a
temporary data folder, asks the engine the structured questions below, and writes each chart with the same code the
bot and `gapbot chart` use, into docs/charts/. Prints each chart's headline, size and bytes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench.__main__ import REPO, SHARED

OUT = REPO / "docs" / "charts"
# (file name, kind, category, leaderboard): what the README shows
CHARTS = [
    ("trend-coding-livebench.png", "trend", "coding", "livebench"),
    ("trend-overall-lmarena.png", "trend", "overall", "lmarena"),
    ("frontier-coding-aider.png", "frontier", "coding", "aider"),
]
SOURCES = ["leaderboards/livebench", "leaderboards/lmarena/arena_catalog", "leaderboards/aider"]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.charts", description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=OUT, help=f"where to write the PNGs (default: {OUT})")
    args = p.parse_args(argv)
    missing = [s for s in SOURCES if not (SHARED / s).exists()]
    if missing:
        print(f"bench.charts: the shared data is missing: {', '.join(missing)} (looked in {SHARED})",
              file=sys.stderr)
        return 2
    from gapbot.charts import render
    from gapbot.compose import compose
    from gapbot.engine import Engine
    from gapbot.question import Query
    from gapbot.settings import Settings
    from ingest.pipeline import run_ingest

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gapbot-charts-") as work:
        settings = Settings(_env_file=None, GAPBOT_DATA_DIR=str(Path(work) / "data"),
                            GAPBOT_CORPUS_DIR=str(REPO / "corpus"))
        run_ingest(settings, [SHARED / s for s in SOURCES], feeds=False)
        engine = Engine(settings)
        for name, kind, category, source in CHARTS:
            result = engine.run(Query(text=f"{kind} on {category}", intent=kind, category=category, source=source))
            if not result.ok:
                print(f"{name}: no chart ({compose(result).headline})", file=sys.stderr)
                return 1
            png = render(result)
            (args.out / name).write_bytes(png)
            print(f"{name}: {len(png) / 1024:.0f} KB — {compose(result).headline}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
