"""Structured slash commands: /gap, /scores, /trend (with a chart), /compare, /model, /sources."""

from __future__ import annotations

import asyncio
import io
import logging
from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import cooldown
from bot.errors import UserError
from gapbot.question import Query

log = logging.getLogger(__name__)

Category = Literal["overall", "coding", "agentic coding", "math", "reasoning", "data analysis", "language",
                   "instruction following"]
Source = Literal["livebench", "aider", "lmarena", "epoch"]
CHART_NAME = "trend.png"


class Scores(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot

    @property
    def engine(self):
        return self.bot.engine

    async def _run(self, interaction: discord.Interaction, query: Query, **send) -> None:
        answer = await asyncio.to_thread(self.engine.run, query)
        answer.question = answer.question or query.text
        await self.bot.send_interaction_answer(interaction, answer, query, **send)

    def _resolve(self, name: str) -> str:
        """Blocking: a model name as typed (or picked from autocomplete) -> its canonical id."""
        name = name.strip()
        idx = self.engine.index()
        for mid, display in idx.names.items():
            if display.lower() == name.lower() or mid.lower() == name.lower():
                return mid
        hits = [m for m in idx.matcher.find(name, limit=1) if not m.startswith("org:")]
        if not hits:
            raise UserError(f"I don't know a model called {name[:80]!r}; pick one from the suggestions.")
        return hits[0]

    async def model_autocomplete(self, interaction: discord.Interaction, current: str
                                 ) -> list[app_commands.Choice[str]]:
        try:
            names = await asyncio.to_thread(self.engine.model_names, current or "", 25)
        except Exception:
            log.exception("autocomplete failed")
            return []
        return [app_commands.Choice(name=n[:100], value=n[:100]) for n in names[:25] if n]

    # -- commands -------------------------------------------------------------------------------------------------
    @app_commands.command(name="gap", description="How far the best open-weights model is behind the best "
                                                  "proprietary one")
    @app_commands.describe(category="what the models are scored on", source="which leaderboard (default: newest)")
    @cooldown()
    async def gap(self, interaction: discord.Interaction, category: Category, source: Source | None = None) -> None:
        await interaction.response.defer(thinking=True)
        await self._run(interaction, Query(text=f"gap on {category}", intent="gap", category=category,
                                           source=source))

    @app_commands.command(name="scores", description="The leading models, open-weights and proprietary marked")
    @app_commands.describe(category="default: overall", source="which leaderboard", top="how many (1-25)")
    @cooldown()
    async def scores(self, interaction: discord.Interaction, category: Category | None = None,
                     source: Source | None = None, top: app_commands.Range[int, 1, 25] = 10) -> None:
        await interaction.response.defer(thinking=True)
        await self._run(interaction, Query(text=f"top {top} on {category or 'overall'}", intent="best",
                                           category=category, source=source, group=None, top=top))

    @app_commands.command(name="trend", description="Is the gap shrinking? Best open vs best proprietary over time, "
                                                    "with a chart")
    @app_commands.describe(category="what the models are scored on", source="which leaderboard")
    @cooldown()
    async def trend(self, interaction: discord.Interaction, category: Category, source: Source | None = None) -> None:
        await interaction.response.defer(thinking=True)
        query = Query(text=f"trend of the gap on {category}", intent="trend", category=category, source=source)
        answer = await asyncio.to_thread(self.engine.run, query)
        files, image = [], None
        if answer.ok and answer.trend:
            from gapbot.charts import render_trend

            try:
                png = await asyncio.to_thread(render_trend, answer)
            except Exception:
                log.exception("trend chart failed")  # the figures still go out, without the picture
            else:
                files, image = [discord.File(io.BytesIO(png), filename=CHART_NAME)], CHART_NAME
        await self.bot.send_interaction_answer(interaction, answer, query, files=files, image=image)

    @app_commands.command(name="compare", description="Compare two models on the newest board that has both")
    @app_commands.describe(model_a="a model", model_b="another model", category="default: overall")
    @app_commands.autocomplete(model_a=model_autocomplete, model_b=model_autocomplete)
    @cooldown()
    async def compare(self, interaction: discord.Interaction, model_a: app_commands.Range[str, 1, 100],
                      model_b: app_commands.Range[str, 1, 100], category: Category | None = None) -> None:
        await interaction.response.defer(thinking=True)

        def resolve() -> list[str]:
            return [self._resolve(model_a), self._resolve(model_b)]

        ids = await asyncio.to_thread(resolve)
        if ids[0] == ids[1]:
            raise UserError("Pick two different models.")
        await self._run(interaction, Query(text=f"compare {model_a} and {model_b}", intent="compare",
                                           category=category, models=ids))

    @app_commands.command(name="model", description="One model's score, rank and open/proprietary status")
    @app_commands.describe(name="the model", category="default: overall")
    @app_commands.autocomplete(name=model_autocomplete)
    @cooldown()
    async def model(self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 100],
                    category: Category | None = None) -> None:
        await interaction.response.defer(thinking=True)
        mid = await asyncio.to_thread(self._resolve, name)
        await self._run(interaction, Query(text=f"how good is {name}", intent="model", category=category,
                                           models=[mid]))

    @app_commands.command(name="sources", description="What the answers are computed from: leaderboards, snapshot "
                                                      "dates, articles")
    @cooldown()
    async def sources(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        answer = await asyncio.to_thread(self.engine.sources)
        await self.bot.send_interaction_answer(interaction, answer, None, feedback=False)


async def setup(bot) -> None:
    await bot.add_cog(Scores(bot))
