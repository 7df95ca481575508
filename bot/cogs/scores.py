"""Structured slash commands: /gap, /scores, /trend and /frontier (with charts), /compare, /model, /sources."""

from __future__ import annotations

import asyncio
import io
import logging
from dataclasses import replace

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import cooldown
from bot.errors import UserError
from bot.feedstatus import feeds_field
from bot.format import with_discord_times
from gapbot.categories import MENU
from gapbot.compose import SOURCE_NAMES, compose
from gapbot.question import SOURCES, Query

log = logging.getLogger(__name__)

# The choices come from the core's lists, so a category or leaderboard the core knows is never missing here.
CATEGORIES = [app_commands.Choice(name=c, value=c) for c in MENU]
LEADERBOARDS = [app_commands.Choice(name=SOURCE_NAMES.get(s, s), value=s) for s in SOURCES]
CHART_NAMES = {"trend": "trend.png", "frontier": "frontier.png"}
SORTS = [app_commands.Choice(name="score", value="score"), app_commands.Choice(name="value (score per $)",
                                                                              value="value")]


class Scores(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot

    @property
    def engine(self):
        return self.bot.engine

    async def _run(self, interaction: discord.Interaction, query: Query) -> None:
        _result, words = await self.bot.answer_query(query)
        await self.bot.send_interaction_answer(interaction, query.text, words, query)

    def _resolve(self, name: str) -> str:
        """Blocking: a model name as typed (or picked from autocomplete) -> its canonical id."""
        mid = self.engine.resolve_model(name)
        if mid is None:
            raise UserError(f"I don't know a model called {name.strip()[:80]!r}; pick one from the suggestions.")
        return mid

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
    @app_commands.choices(category=CATEGORIES, source=LEADERBOARDS)
    @cooldown()
    async def gap(self, interaction: discord.Interaction, category: str, source: str | None = None) -> None:
        await interaction.response.defer(thinking=True)
        await self._run(interaction, Query(text=f"gap on {category}", intent="gap", category=category,
                                           source=source))

    @app_commands.command(name="scores", description="The leading models, open-weights and proprietary marked")
    @app_commands.describe(category="default: overall", source="which leaderboard", top="how many (1-25)",
                           sort="by score, or by value: points per dollar per question (boards that publish cost)")
    @app_commands.choices(category=CATEGORIES, source=LEADERBOARDS, sort=SORTS)
    @cooldown()
    async def scores(self, interaction: discord.Interaction, category: str | None = None,
                     source: str | None = None, top: app_commands.Range[int, 1, 25] = 10,
                     sort: str = "score") -> None:
        await interaction.response.defer(thinking=True)
        await self._run(interaction, Query(text=f"top {top} on {category or 'overall'}", intent="best",
                                           category=category, source=source, group=None, top=top, sort=sort))

    @app_commands.command(name="trend", description="Is the gap shrinking? Best open vs best proprietary over time, "
                                                    "with a chart")
    @app_commands.describe(category="what the models are scored on", source="which leaderboard")
    @app_commands.choices(category=CATEGORIES, source=LEADERBOARDS)
    @cooldown()
    async def trend(self, interaction: discord.Interaction, category: str, source: str | None = None) -> None:
        await interaction.response.defer(thinking=True)
        await self._charted(interaction, Query(text=f"trend of the gap on {category}", intent="trend",
                                               category=category, source=source))

    @app_commands.command(name="frontier", description="Best open vs best proprietary score by release date: how "
                                                       "many months behind, with a chart")
    @app_commands.describe(category="default: overall", source="which leaderboard (default: newest)")
    @app_commands.choices(category=CATEGORIES, source=LEADERBOARDS)
    @cooldown()
    async def frontier(self, interaction: discord.Interaction, category: str | None = None,
                       source: str | None = None) -> None:
        await interaction.response.defer(thinking=True)
        await self._charted(interaction, Query(text=f"frontier on {category or 'overall'}", intent="frontier",
                                               category=category, source=source))

    async def _charted(self, interaction: discord.Interaction, query: Query) -> None:
        """The answer with its chart attached; the engine and the drawing both run in threads (matplotlib takes
        ~0.3 s), so the event loop keeps its heartbeat."""
        result, words = await self.bot.answer_query(query)
        files, image = [], None
        if result.ok and result.kind in CHART_NAMES:
            from gapbot.charts import render

            try:
                png = await asyncio.to_thread(render, result)
            except Exception:
                log.exception("%s chart failed", result.kind)  # the figures still go out, without the picture
            else:
                image = CHART_NAMES[result.kind]
                files = [discord.File(io.BytesIO(png), filename=image)]
        await self.bot.send_interaction_answer(interaction, query.text, words, query, files=files, image=image)

    @app_commands.command(name="compare", description="Compare two models on the newest board that has both")
    @app_commands.describe(model_a="a model", model_b="another model", category="default: overall")
    @app_commands.choices(category=CATEGORIES)
    @app_commands.autocomplete(model_a=model_autocomplete, model_b=model_autocomplete)
    @cooldown()
    async def compare(self, interaction: discord.Interaction, model_a: app_commands.Range[str, 1, 100],
                      model_b: app_commands.Range[str, 1, 100], category: str | None = None) -> None:
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
    @app_commands.choices(category=CATEGORIES)
    @app_commands.autocomplete(name=model_autocomplete)
    @cooldown()
    async def model(self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 100],
                    category: str | None = None) -> None:
        await interaction.response.defer(thinking=True)
        mid = await asyncio.to_thread(self._resolve, name)
        await self._run(interaction, Query(text=f"how good is {name}", intent="model", category=category,
                                           models=[mid]))

    @app_commands.command(name="sources", description="What the answers are computed from: leaderboards, snapshot "
                                                      "dates, articles")
    @cooldown()
    async def sources(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        hosts = self.bot.settings.link_host_set

        def answer():
            result = self.engine.sources()
            words = with_discord_times(compose(result, link_hosts=hosts), result)
            feeds = feeds_field(self.bot.settings)  # which publishers failed: answers use their last good copies
            return replace(words, fields=(*words.fields, feeds)) if feeds else words

        words = await asyncio.to_thread(answer)
        await self.bot.send_interaction_answer(interaction, "sources", words, None, feedback=False)


async def setup(bot) -> None:
    await bot.add_cog(Scores(bot))
