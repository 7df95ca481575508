"""`python -m bench.bigupload [--rows 1000000]`: a moderator's million-row upload, through the real bot.

Issue #12: an uploaded CSV of a million rows must neither be held in memory whole nor block the bot. This starts the
real bot (bench/botbench.py's harness: `python -m bench.botlaunch` against the fake Discord, the default settings)
on a data folder holding the shipped corpus, attaches bench/bigcsv.py's synthetic snapshot gzipped (`.csv.gz`: a
million rows are ~107 MB of text, ~10 MB gzipped, within Discord's attachment limits) to `/refresh`, and while the
refresh runs sends one `/ask` every `--every` seconds from a new user. Measured, never asserted:

- the refresh: wall time (dispatch to the final "Refresh done"), its progress edits (how many, the last one that
  gave MB read), its result, the refresh process's own peak memory (the report it sends back);
- the bot process: peak memory (VmHWM) before and after, the worst event-loop lag during the refresh (its own
  LagMonitor);
- the questions: how many were answered while the refresh was running, their answer times;
- the bot's load of the new generation after the switch (its log), and the first answer from the uploaded board
  after the refresh ("…on the uploaded board").

Prints the figures and writes bench/results/bigupload.json (temporary folders only; nothing in the repository).
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.bigcsv import write_csv
from bench.botbench import (
    QUESTION_TIMEOUT,
    START_TIMEOUT,
    STRUCTURED,
    _ask,
    _Channel,
    _latencies,
    start_bench_guild,
)

REPO = Path(__file__).resolve().parents[1]
REFRESH_TIMEOUT = 900.0
UPLOADED_QUESTION = "which open model is best at coding on the uploaded board?"


def prepare(work: Path, rows: int) -> tuple[dict, bytes]:
    """A data folder with the shipped corpus ingested (what a bot serves before the upload), and the upload."""
    data = work / "data"
    env = {**os.environ, "PYTHONPATH": str(REPO), "GAPBOT_DATA_DIR": str(data), "GAPBOT_FEEDS": "false",
           "GAPBOT_CORPUS_DIR": str(REPO / "corpus")}
    subprocess.run([sys.executable, "-m", "gapbot_cli", "ingest", "--no-feeds", "--quiet"], env=env, check=True,
                   timeout=900, stdout=subprocess.DEVNULL)
    csv_path = work / "big.csv"
    write_csv(csv_path, rows)
    packed = gzip.compress(csv_path.read_bytes(), 6)
    csv_path.unlink()
    return env, packed


async def measure(work: Path, env: dict, packed: bytes, every: float) -> dict[str, Any]:
    fd, fake, guild, general, mod, askers = await start_bench_guild(2000)
    child_env = {**env, "DISCORD_TOKEN": fake.token, "GAPBOT_DEV_GUILD": str(guild.id), "GAPBOT_OWNER_IDS": "",
                 "BOTBENCH_API": fake.api_base, "BOTBENCH_GATEWAY": fake.gateway_url, "PYTHONUNBUFFERED": "1",
                 "GAPBOT_REFRESH_EVERY": "0"}
    chan: _Channel | None = None
    out: dict[str, Any] = {"upload_bytes": len(packed)}
    try:
        with open(work / "bot.log", "wb") as log:
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bench.botlaunch", env=child_env, cwd=str(work),
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=log)
        chan = _Channel(proc, work / "bot.log")
        await fake.wait_ready(START_TIMEOUT)
        await chan.expect("on_ready", START_TIMEOUT)
        h = await fake.invoke_slash("ask", {"question": STRUCTURED[0]}, user=askers[-1], channel=general)
        await h.wait_response(QUESTION_TIMEOUT, settle=0.0)
        out["bot_peak_rss_before_mb"] = (await chan.ask("report"))["peak_rss_mb"]
        await chan.ask("reset")
        out.update(await _upload_while_asking(fake, fd, general, mod, askers, packed, every))
        report = await chan.ask("report")
        out["bot_peak_rss_after_mb"] = report["peak_rss_mb"]
        out["refresh_child_peak_rss_mb"] = report["refresh_peak_rss_mb"]
        out["worst_loop_lag_ms"] = round(report["worst_lag_ms"], 1)
        out["worst_lag_loop_cpu_ms"] = report["worst_lag_cpu_ms"]
        out["loop_lag_p50_ms"] = report["lag_p50_ms"]
        t = time.monotonic()
        first = await fake.invoke_slash("ask", {"question": UPLOADED_QUESTION}, user=askers[-2], channel=general)
        got = await first.wait_response(QUESTION_TIMEOUT, settle=0.0)
        out["first_uploaded_answer_ms"] = round((time.monotonic() - t) * 1000, 1)
        out["first_uploaded_answer"] = (got.embeds[0].get("title", "") if got.embeds else got.text)[:160]
        out["violations"] = [str(v) for v in fake.violations][:5]
        loaded = re.findall(r"serving generation \d+ \(loaded in ([\d.]+) s\)", chan.tail(200_000))
        out["new_generation_loaded_s"] = float(loaded[-1]) if loaded else None  # the bot's reload after the switch
        return out
    finally:
        if chan is not None:
            await chan.close()
        await fake.stop()


async def _upload_while_asking(fake, fd, channel, mod, askers: list, packed: bytes, every: float) -> dict:
    t0 = time.monotonic()
    refresh = await fake.invoke_slash("refresh", {"file": fd.FakeAttachment("big-upload.csv.gz", packed,
                                                                             "application/gzip")},
                                      user=mod, channel=channel)
    await refresh.wait_ack(5)

    def done() -> bool:
        msg = refresh.original
        return bool(msg is not None and msg.embeds
                    and msg.embeds[0].get("title", "").startswith(("Refresh", "Upload")))

    asks: list[asyncio.Task] = []
    i = 0
    while not done() and time.monotonic() - t0 < REFRESH_TIMEOUT:
        q = STRUCTURED[i % len(STRUCTURED)]
        asks.append(asyncio.ensure_future(_ask(fake, fd, askers[i % (len(askers) - 2)], q, channel)))
        i += 1
        await asyncio.sleep(every)
    finished = time.monotonic()
    results = await asyncio.gather(*asks)
    edits = [e.get("content") or "" for e in refresh.original.edits] if refresh.original else []
    progress = [e for e in edits if "⏳" in e]
    return {"refresh_s": round(finished - t0, 1),
            "refresh_result": refresh.original.embeds[0].get("title", "") if done() else "(timed out)",
            "refresh_note": (refresh.original.embeds[0].get("description", "") or "")[:300] if done() else "",
            "progress_edits": len(progress), "progress_with_mb": sum("MB" in e for e in progress),
            "last_progress": progress[-1] if progress else "",
            "questions_during_refresh": len(results),
            "answered_during_refresh": sum(1 for r in results if r["ok"] and r["done"] is not None
                                           and r["done"] < finished),
            "answered": sum(r["ok"] for r in results), **_latencies(results)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.bigupload", description=__doc__)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--every", type=float, default=0.5, help="seconds between two questions during the refresh")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "bigupload.json")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="gapbot-bigupload-") as tmp:
        work = Path(tmp)
        env, packed = prepare(work, args.rows)
        out = {"rows": args.rows, **asyncio.run(measure(work, env, packed, args.every))}
    out["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    out["load_average"] = os.getloadavg()
    print(json.dumps(out, indent=2, ensure_ascii=False))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
