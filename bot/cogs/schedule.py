"""The scheduled refresh (every GAPBOT_REFRESH_EVERY hours, jittered) and the gap alerts after every refresh.

The refresh is the same child-process ingest as /refresh (ingest/refresh_process.py), one at a time (the bot's
refresh lock: a tick that finds a moderator's refresh running is skipped). Feeds are fetched with conditional
requests, so a tick where no publisher changed anything costs one round trip per file and no ingest work.
"""

from __future__ import annotations

import asyncio
import logging
import random

from discord.ext import commands, tasks

from bot.alerts import AlertTracker, post_alerts
from gapbot.errors import GapbotError
from ingest.refresh_process import refresh_in_child
from ingest.report import format_report

log = logging.getLogger(__name__)


class Schedule(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot
        settings = bot.settings
        self.interval_s = max(0.0, settings.refresh_every_h * 3600)
        self.jitter_s = max(0.0, settings.refresh_jitter) * self.interval_s
        self.tracker = AlertTracker(settings.data_dir, settings.alert_threshold)
        self._alerting = asyncio.Lock()
        self.last_report = None
        self.refreshes = 0  # scheduled refreshes completed
        self.alerts_sent = 0
        if self.interval_s:
            self.refresh_loop.change_interval(seconds=self.interval_s)

    async def cog_load(self) -> None:
        if self.interval_s:
            self.refresh_loop.start()
        else:
            log.info("scheduled refresh is off (GAPBOT_REFRESH_EVERY=0)")

    async def cog_unload(self) -> None:
        self.refresh_loop.cancel()

    @tasks.loop(hours=6)
    async def refresh_loop(self) -> None:
        # Moved by a random part of the interval, so that many bots (and restarts) do not hit a publisher at once.
        await asyncio.sleep(random.uniform(0, self.jitter_s))
        await self.refresh_once()

    @refresh_loop.before_loop
    async def _before(self) -> None:
        await self.bot.wait_until_ready()
        await self.check_alerts()  # what changed while the bot was down (or a first baseline)

    @refresh_loop.error
    async def _failed(self, error: BaseException) -> None:  # the loop must outlive one bad tick
        log.error("scheduled refresh failed", exc_info=(type(error), error, error.__traceback__))

    async def refresh_once(self):
        """One refresh, unless one is running; then the alerts. Returns the report, or None when skipped/failed."""
        if self.bot.refresh_lock.locked():
            log.info("scheduled refresh skipped: a refresh is already running")
            return None
        async with self.bot.refresh_lock:
            try:
                report = await refresh_in_child(self.bot.settings, on_switched=self.bot.serve_generation,
                                                **(await self.bot.refresh_embedding()))
            except GapbotError as exc:
                log.warning("scheduled refresh failed: %s (what was served stays served)", exc)
                return None
        self.last_report = report
        self.refreshes += 1
        if report.feeds_failed:
            log.warning("feeds that failed (their last good copies are used): %s",
                        "; ".join(f"{k}: {v}" for k, v in report.feeds_failed.items()))
        log.info("scheduled refresh:\n%s", format_report(report))
        await self.check_alerts()
        return report

    @commands.Cog.listener()
    async def on_gapbot_refreshed(self) -> None:
        """A moderator's /refresh finished."""
        await self.check_alerts()

    async def check_alerts(self) -> int:
        """Compare the served headlines with the generation last checked; post the moves. Returns messages sent."""
        async with self._alerting:
            try:
                idx = await asyncio.to_thread(self.bot.engine.index)
                moves = await asyncio.to_thread(self.tracker.check, idx)
            except GapbotError as exc:
                log.warning("alerts not checked: %s", exc)
                return 0
            if not moves:
                return 0
            sent = await post_alerts(self.bot, moves, idx.manifest.generation)
            self.alerts_sent += sent
            log.info("gap alert (%d moves) sent to %d servers", len(moves), sent)
            return sent


async def setup(bot) -> None:
    await bot.add_cog(Schedule(bot))
