"""Posting gap alerts: after a refresh, the served headlines are compared with those of the generation last
checked (kept in data/alerts.json, so a restart or an ingest run beside the bot is compared too), and the moves
go out as one message per server, to the alert channel its moderators chose (/config; bot.guild_configs).

Never an alert storm: one message per new generation per server, none for a first ingest or a board seen for the
first time (gapbot.alerts.compare), none for a generation already checked.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import threading
from pathlib import Path
from typing import Any, Protocol

import discord

from bot.format import text_embed
from gapbot import alerts
from gapbot.atomicfile import write_atomic
from gapbot.question import Query

log = logging.getLogger(__name__)
FILENAME = "alerts.json"
CHART = "gap.png"
MAX_LINES = 10  # the moves listed; the rest are counted


class AlertChannels(Protocol):
    """Where each server wants alerts (bot/guild_config.py's GuildConfigStore)."""

    def alert_channels(self) -> dict[int, int]: ...


class AlertTracker:
    """The headlines of the last generation checked, and the check itself (blocking: file I/O and the index)."""

    def __init__(self, data_dir: Path, threshold: float) -> None:
        self.path = Path(data_dir) / FILENAME
        self.threshold = threshold
        self._lock = threading.Lock()

    def check(self, idx) -> list[alerts.GapMove]:
        """The moves since the generation last checked; [] when it is the same one, or when nothing was checked
        before (a first ingest: the headlines are only recorded)."""
        with self._lock:
            generation = idx.manifest.generation
            saved = self._load()
            if saved is not None and saved.get("generation") == generation:
                return []
            heads = alerts.headlines(idx)
            write_atomic(self.path, json.dumps({"generation": generation, "headlines": alerts.to_dicts(heads)}))
            if saved is None or not idx.row_count:
                return []
            return alerts.compare(alerts.from_dicts(saved.get("headlines") or {}), heads, self.threshold)

    def _load(self) -> dict[str, Any] | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            log.warning("%s is unreadable: alerts start again from the current headlines", self.path)
            return None
        return data if isinstance(data, dict) else None


def alert_embeds(moves: list[alerts.GapMove], generation: int) -> list[discord.Embed]:
    lines = [f"• {alerts.move_line(m)}" for m in moves[:MAX_LINES]]
    if len(moves) > MAX_LINES:
        lines.append(f"… and {len(moves) - MAX_LINES} more")
    colour = discord.Colour.green() if moves[0].kind == "open_took_lead" else discord.Colour.orange()
    return text_embed(f"📈 {alerts.title(moves)}", "\n".join(lines), colour=colour,
                      footer=f"gapbot · served generation {generation} · /gap and /trend for the details")[:1]


def chart_for(engine, move: alerts.GapMove) -> bytes | None:
    """Blocking: the trend chart of the first move's board (gapbot/charts.py), or None when it has no series."""
    from gapbot.charts import render_trend

    q = Query(text=f"trend of the gap on {move.after.category}", intent="trend", category=move.after.category,
              source=move.after.source)
    try:
        result = engine.run(q)
        return render_trend(result) if result.ok and result.trend else None
    except Exception:
        log.exception("alert chart failed")  # the alert goes out without it
        return None


async def post_alerts(bot, moves: list[alerts.GapMove], generation: int) -> int:
    """One message per server that set an alert channel; returns how many were sent."""
    targets: AlertChannels | None = getattr(bot, "guild_configs", None)
    channels = targets.alert_channels() if targets is not None else {}
    if not moves or not channels:
        return 0
    embeds = alert_embeds(moves, generation)
    png = await asyncio.to_thread(chart_for, bot.engine, moves[0])
    if png:
        embeds[0].set_image(url=f"attachment://{CHART}")
    sent = 0
    for guild_id, channel_id in channels.items():
        try:
            channel = bot.get_channel(channel_id) or await bot.fetch_channel(channel_id)
            files = [discord.File(io.BytesIO(png), filename=CHART)] if png else []
            await channel.send(embeds=embeds, files=files, allowed_mentions=discord.AllowedMentions.none())
            sent += 1
        except (discord.HTTPException, AttributeError) as exc:  # deleted channel, lost permission: that server only
            log.warning("alert to channel %s of server %s failed: %s", channel_id, guild_id, exc)
    return sent
