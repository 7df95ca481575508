"""The bot's health, for a container's HEALTHCHECK: the running bot writes a heartbeat file every INTERVAL seconds
(`<data>/health/bot.json`: when, whether the gateway is ready, its latency, the generation served), and

    python -m bot.health        # exit 0: a fresh heartbeat from a ready bot; 1: stale, missing or not ready

reads it. A file, not a port: the bot serves no HTTP, and a hung event loop stops writing it, which is exactly what
a health check should catch.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import os
import sys
import time
from pathlib import Path

from gapbot.atomicfile import write_atomic

log = logging.getLogger(__name__)
INTERVAL = 30.0
STALE_AFTER = 3 * INTERVAL  # missed beats before the bot counts as unhealthy


def heartbeat_path(data_dir: Path) -> Path:
    return Path(data_dir) / "health" / "bot.json"


def beat(bot) -> dict:
    """Blocking: write one heartbeat (call in a thread)."""
    latency = bot.latency if math.isfinite(bot.latency) else None
    try:
        generation = bot.engine.index().manifest.generation
    except Exception:  # no index yet: still alive, and the check only looks at readiness
        generation = None
    state = {"at": time.time(), "ready": bot.is_ready() and not bot.is_closed(), "latency_s": latency,
             "guilds": len(bot.guilds), "generation": generation, "pid": os.getpid()}
    path = heartbeat_path(bot.settings.data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(state))
    return state


def mark_stopped(data_dir: Path) -> None:
    """Blocking: the last heartbeat says the bot stopped."""
    path = heartbeat_path(data_dir)
    write_atomic(path, json.dumps({"at": time.time(), "ready": False, "stopped": True, "pid": os.getpid()}))


async def heartbeat_loop(bot, interval: float = INTERVAL) -> None:
    """Runs for the bot's life (a background task of the bot)."""
    while True:
        try:
            await asyncio.to_thread(beat, bot)
        except OSError as exc:
            log.warning("could not write the heartbeat: %s", exc)
        await asyncio.sleep(interval)


def check(data_dir: Path, now: float | None = None) -> tuple[bool, str]:
    """(healthy, why) from the heartbeat file."""
    try:
        state = json.loads(heartbeat_path(data_dir).read_text())
    except (OSError, ValueError) as exc:
        return False, f"no heartbeat: {exc}"
    age = (now if now is not None else time.time()) - float(state.get("at", 0))
    if age > STALE_AFTER:
        return False, f"heartbeat {age:.0f} s old"
    if state.get("stopped"):
        return False, "stopped"
    if not state.get("ready"):
        return False, "not connected to Discord"
    return True, f"ready, heartbeat {age:.0f} s old, generation {state.get('generation')}"


def main() -> int:
    from gapbot.settings import load_settings

    ok, why = check(load_settings().data_dir)
    print(why)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
