"""`gapbot`: the command line, and the composition root that wires the core, the ingest and the bot together
(the core package imports neither). Parses arguments, calls them, prints; core errors become exit codes.

Exit codes: 0 ok, 1 some input files were rejected (with `ingest --ok-if-served`: nothing is served), 2 usage or
configuration error, 3 store unavailable, 4 another ingest is running.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from dataclasses import replace
from pathlib import Path

from gapbot import __version__
from gapbot.errors import ConfigError, GapbotError, RefreshInProgress, StoreUnavailable

# The core's errors, most specific first, as exit codes (documented in the README).
EXIT_CODES = ((ConfigError, 2), (StoreUnavailable, 3), (RefreshInProgress, 4), (GapbotError, 1))
SAMPLE_QUESTIONS = [
    "How far behind is the best open model on coding?",
    "Which open model is best at math?",
    "Is the gap on reasoning shrinking?",
    "Why are open models catching up?",
]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="gapbot", description="How far behind are open-weights models? Answers "
                                "computed from leaderboard data that gapbot ingests itself.")
    p.add_argument("--version", action="version", version=f"gapbot {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    ing = sub.add_parser("ingest", help="ingest corpus files and folders into Chroma (incremental)",
                         description="Ingest articles and leaderboard snapshots. With no PATH: the corpus folder "
                         "(GAPBOT_CORPUS_DIR, default: the project's corpus/), moderators' uploads and the feeds in "
                         "corpus/sources.yaml. Unchanged files are skipped; removed files' records are deleted.")
    ing.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: the corpus)")
    ing.add_argument("--no-feeds", action="store_true", help="do not fetch the remote feeds in sources.yaml")
    ing.add_argument("--feeds-only", action="store_true", help="fetch and ingest the feeds alone (the rest of what "
                     "is served stays as it is)")
    ing.add_argument("--json", action="store_true", help="print the summary as JSON")
    ing.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    ing.add_argument("--ok-if-served", action="store_true", help="exit 0 when something is served after the run, "
                     "even if some files or feeds failed (reported all the same); 1 only when nothing is: for a "
                     "start-up job that must not keep the bot from starting")

    ask = sub.add_parser("ask", help="answer a gap question", description="Answer a question such as "
                         "'how far behind is the best open model on coding?' from the ingested data.")
    ask.add_argument("question", nargs="+", help="the question")
    ask.add_argument("--json", action="store_true", help="print one JSON object")

    chat = sub.add_parser("chat", help="ask questions one after another, follow-ups included (as in a Discord thread)",
                          description="Each line is a question; a reply such as 'and on math?' or 'is it "
                          "shrinking?' follows up on the last question answered, and after 'which of these do you "
                          "mean' a bare number picks that reading. An empty line, 'quit' or Ctrl-D ends. Reads "
                          "standard input, so a conversation can be piped in.")
    chat.add_argument("--json", action="store_true", help="one JSON object per answer, one per line")
    sub.add_parser("sources", help="list what is in the index: leaderboards, snapshot dates, articles")
    chart = sub.add_parser("chart", help="draw a chart to a PNG file (the /trend and /frontier pictures)",
                           description="trend: the gap at each snapshot of one leaderboard; frontier: the best "
                           "open and best proprietary score to date against release date. Prints the answer too.")
    chart.add_argument("kind", choices=("trend", "frontier"))
    chart.add_argument("category", nargs="?", help="e.g. coding, math, reasoning (default: overall)")
    chart.add_argument("--source", help="a leaderboard: livebench, lmarena, aider, epoch, ...")
    chart.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="the PNG to write")
    fd = sub.add_parser("feeds", help="each feed in sources.yaml: last success, last error, size, ETag")
    fd.add_argument("--json", action="store_true", help="print JSON")
    rf = sub.add_parser("refresh", help="ingest the corpus, uploads and feeds; --schedule: again and again",
                        description="One incremental ingest (as /refresh does), or with --schedule one every "
                        "GAPBOT_REFRESH_EVERY hours, jittered: for setups where the ingest runs beside a Chroma "
                        "server and the bots only read. The bot's alerts follow the generations it serves.")
    rf.add_argument("--schedule", action="store_true", help="keep running, one refresh per interval")
    rf.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    demo = sub.add_parser("demo", help="ingest the shipped corpus, then answer a few sample questions")
    demo.add_argument("--no-feeds", action="store_true", help="do not fetch the remote feeds")
    sub.add_parser("run", help="run the Discord bot (needs DISCORD_TOKEN)")
    inv = sub.add_parser("invite", help="print the link that adds the bot to a server, with the permissions it uses",
                         description="The OAuth2 link (scopes bot and applications.commands, and exactly the "
                         "permissions the bot uses). The application id is read from DISCORD_TOKEN unless given.")
    inv.add_argument("--client-id", type=int, help="the application id (Developer Portal → General Information)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if not args.command:
        _parser().print_help()
        return 2
    try:
        from gapbot.settings import load_settings

        settings = load_settings()
        if args.command == "ingest":
            if args.feeds_only and (args.paths or args.no_feeds):
                print("gapbot: --feeds-only takes no paths and no --no-feeds", file=sys.stderr)
                return 2
            feeds = "only" if args.feeds_only else not args.no_feeds
            return _ingest(settings, args.paths, feeds=feeds, as_json=args.json, quiet=args.quiet,
                           ok_if_served=args.ok_if_served)
        if args.command == "ask":
            return _ask(settings, " ".join(args.question), args.json)
        if args.command == "chat":
            return _chat(settings, sys.stdin, args.json)
        if args.command == "sources":
            return _sources(settings)
        if args.command == "chart":
            return _chart(settings, args.kind, args.category, args.source, args.output)
        if args.command == "feeds":
            return _feeds(settings, args.json)
        if args.command == "refresh":
            if args.schedule:
                return _schedule(settings)
            return _ingest(settings, [], feeds=True, as_json=False, quiet=args.quiet)
        if args.command == "demo":
            # A feed that cannot be reached (offline) is reported above, and the demo answers from the rest.
            code = _ingest(settings, [], feeds=not args.no_feeds, as_json=False, quiet=False, ok_if_served=True)
            for q in SAMPLE_QUESTIONS:
                print(f"\n> {q}")
                _ask(settings, q, False)
            return code
        if args.command == "run":
            from bot.__main__ import run

            return run(settings)
        if args.command == "invite":
            from bot.setup import application_id_from_token, invite_url

            token = settings.discord_token.get_secret_value() if settings.discord_token else ""
            client_id = args.client_id or application_id_from_token(token)
            if client_id is None:
                print("gapbot: give --client-id (Developer Portal → General Information → Application ID), or set "
                      "DISCORD_TOKEN", file=sys.stderr)
                return 2
            print(invite_url(client_id))
            return 0
    except GapbotError as exc:
        code = next(c for kind, c in EXIT_CODES if isinstance(exc, kind))
        prefix = "configuration error: " if isinstance(exc, ConfigError) else ""
        print(f"gapbot: {prefix}{exc}", file=sys.stderr)
        return code
    except BrokenPipeError:  # `gapbot ask ... | head`: the reader left, nothing to report
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("gapbot: interrupted; what was served before is unchanged", file=sys.stderr)
        return 130
    return 0


def _progress_bar(quiet: bool):
    if quiet:
        return None
    if not sys.stderr.isatty():
        return _progress_lines()
    from tqdm import tqdm

    bars: dict[str, tqdm] = {}

    def progress(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            for other in bars.values():
                other.close()
            in_bytes = stage == "reading rows"  # a big file read: its bytes, not a count of files
            bar = bars[stage] = tqdm(total=total, desc=f"{stage:<12}", leave=False, file=sys.stderr,
                                     unit="B" if in_bytes else "rec" if stage == "writing" else "it",
                                     unit_scale=in_bytes)
        bar.total = total
        bar.n = done
        bar.refresh()

    progress.close = lambda: [b.close() for b in bars.values()]  # type: ignore[attr-defined]
    return progress


PROGRESS_LINE_S = 5.0  # without a terminal (a log, cron, docker): one progress line at most this often


def _progress_lines(clock=time.monotonic):
    """Progress as plain lines on stderr, one every PROGRESS_LINE_S at most, and at each new stage once the run has
    taken that long: a long ingest (a million-row file) says where it is in a log, where a redrawn bar would be
    noise; a quick one says nothing."""
    started = clock()
    last = [started]
    stages: set[str] = set()

    def progress(stage: str, done: int, total: int) -> None:
        now = clock()
        new_stage = stage not in stages
        stages.add(stage)
        if now - last[0] < PROGRESS_LINE_S and not (new_stage and now - started >= PROGRESS_LINE_S):
            return
        last[0] = now
        print(f"gapbot ingest: {progress_text(stage, done, total)} ({now - started:.0f} s)", file=sys.stderr,
              flush=True)

    progress.close = lambda: None  # type: ignore[attr-defined]
    return progress


def progress_text(stage: str, done: int, total: int) -> str:
    """'reading rows: 46 of 102 MB (45 %)', 'reading: 3/12 (25 %)'."""
    pct = f" ({100 * done // total} %)" if total else ""
    if stage == "reading rows":
        return f"reading rows: {done / 1e6:.0f} of {total / 1e6:.0f} MB{pct}"
    return f"{stage}: {done}/{total}{pct}"


def _ingest(settings, paths: list[Path], feeds: bool | str, as_json: bool, quiet: bool,
            ok_if_served: bool = False) -> int:
    from ingest.pipeline import run_ingest
    from ingest.report import format_report, report_dict

    progress = _progress_bar(quiet or as_json)
    try:
        report = run_ingest(settings, paths or None, feeds=feeds, progress=progress)
    finally:
        if progress is not None:
            progress.close()
    print(json.dumps(report_dict(report), indent=2) if as_json else format_report(report))
    if ok_if_served:  # a generation is served (this run's or an earlier one's): the bot has something to answer
        return 0 if report.generation > 0 else 1
    return 1 if report.rejected else 0


def _feeds(settings, as_json: bool) -> int:
    from ingest import feedsources

    lines = feedsources.status_lines(settings.data_dir / "feeds", feedsources.load(settings.sources_path))
    if as_json:
        print(json.dumps(lines, indent=2))
        return 0
    if not lines:
        print(f"no feeds in {settings.sources_path}")
    for f in lines:
        state = "never fetched" if not (f["last_success"] or f["last_error"]) else \
            ("FAILING" if f["last_error"] else "ok")
        print(f"{f['name']} ({f['format']}, {f['publisher']}): {state}")
        print(f"  last success: {f['last_success'] or '-'}; {f['files']} files, {f['size']:,} bytes"
              + (f"; releases {', '.join(f['releases'])}" if f["releases"] else ""))
        if f["last_error"]:
            print(f"  last error ({f['last_error_at']}): {f['last_error']}")
        if f["etag"]:
            print(f"  validators: {f['etag']}")
    if not settings.feeds_enabled:
        print("(GAPBOT_FEEDS is off: ingests do not fetch them)")
    return 1 if any(f["last_error"] for f in lines) else 0


def _schedule(settings) -> int:
    """Refresh every GAPBOT_REFRESH_EVERY hours (jittered) until stopped; a failed run is reported, never fatal."""
    import random
    import time

    from gapbot.errors import RefreshInProgress as Busy
    from ingest.pipeline import run_ingest
    from ingest.report import format_report

    interval = settings.refresh_every_h * 3600
    if interval <= 0:
        print("gapbot: GAPBOT_REFRESH_EVERY is 0: nothing to schedule", file=sys.stderr)
        return 2
    while True:
        _sleep(random.uniform(0, settings.refresh_jitter * interval))
        started = time.monotonic()
        try:
            print(format_report(run_ingest(settings)), flush=True)
        except Busy as exc:
            print(f"gapbot: skipped: {exc}", file=sys.stderr, flush=True)
        except GapbotError as exc:
            print(f"gapbot: refresh failed: {exc}; what was served stays served", file=sys.stderr, flush=True)
        _sleep(max(0.0, interval - (time.monotonic() - started)))


def _sleep(seconds: float) -> None:
    """The schedule's wait (one place, so a test can end the loop)."""
    import time

    time.sleep(seconds)


def _ask(settings, question: str, as_json: bool) -> int:
    from gapbot.compose import as_json as json_form
    from gapbot.compose import compose
    from gapbot.engine import Engine

    result, _query = Engine(settings).ask(question)
    words = compose(result, settings.llm, settings.link_host_set)
    print(json.dumps(json_form(result, words), indent=2, ensure_ascii=False) if as_json else words.markdown)
    return 0


CHAT_ENDS = ("", "quit", "exit", "q", ":q")


def _chat(settings, lines, as_json: bool) -> int:
    """One engine for the whole conversation (the model and index load once); the last answered question is the
    context of the next line, as the bot keeps it per thread (bot.client.remember: only an answer that went
    through sets it, so "thanks" or a decline between two questions does not lose the subject)."""
    from gapbot.compose import as_json as json_form
    from gapbot.compose import compose
    from gapbot.engine import Engine

    engine = Engine(settings)
    interactive = lines.isatty() and not as_json
    if interactive:
        print("Ask about the gap between open-weights and proprietary models; an empty line or Ctrl-D ends.")
    previous = unsure = None
    while True:
        if interactive:
            print("> ", end="", flush=True)
        line = lines.readline()
        text = line.strip()
        if not line or text.lower() in CHAT_ENDS:
            return 0
        if unsure is not None and text.isdigit() and 1 <= int(text) <= len(unsure[1]):
            query = unsure[0]
            result = engine.choose(query, unsure[1][int(text) - 1])
            query = replace(query, intent=result.intent, unsure=False, alternatives=())
        else:
            result, query = engine.ask(text, previous)
        words = compose(result, settings.llm, settings.link_host_set)
        print(json.dumps(json_form(result, words), ensure_ascii=False) if as_json else words.markdown + "\n",
              flush=True)
        unsure = (query, result.choices) if result.kind == "clarify" and result.choices else None
        if words.ok:
            previous = query


def _sources(settings) -> int:
    from gapbot.compose import compose
    from gapbot.engine import Engine

    print(compose(Engine(settings).sources(), link_hosts=settings.link_host_set).markdown)
    return 0


def _chart(settings, kind: str, category: str | None, source: str | None, output: Path) -> int:
    from gapbot.categories import canonical, find_category
    from gapbot.charts import render
    from gapbot.compose import compose
    from gapbot.engine import Engine
    from gapbot.question import Query

    cat = (canonical(category) or find_category(category)) if category else None  # 'maths', 'code', ...
    if category and cat is None:
        print(f"gapbot: unknown category {category!r}", file=sys.stderr)
        return 2
    query = Query(text=f"{kind} on {cat or 'overall'}", intent=kind, category=cat, source=source)
    result = Engine(settings).run(query)
    words = compose(result, link_hosts=settings.link_host_set)
    if not result.ok:
        print(words.markdown, file=sys.stderr)
        return 1
    from gapbot.atomicfile import write_atomic

    write_atomic(output, render(result))
    print(f"{words.headline}\nchart: {output}")
    return 0
