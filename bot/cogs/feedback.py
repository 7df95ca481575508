"""Feedback: the 👍/👎 buttons under answers (`bot.views.FeedbackView`, registered as a persistent view by the bot's
`setup_hook`) and `/feedback`, a summary of the votes for moderators."""

from __future__ import annotations

import asyncio

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import cooldown, moderator_only
from bot.format import text_embed, truncate


class Feedback(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot

    @app_commands.command(name="feedback", description="How people rated the answers (moderators)")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @cooldown()
    @moderator_only()
    async def feedback(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True, ephemeral=True)
        s = await asyncio.to_thread(self.bot.feedback.summary)
        lines = [f"{s['answers']} answers posted; {s['up']} 👍 and {s['down']} 👎."]
        worst = "\n".join(f"• {truncate(q, 150)} ({d} 👎, {u} 👍)" for q, d, u in s["worst"])
        fields = [("Most down-voted questions", worst)] if worst else []
        await interaction.edit_original_response(embeds=text_embed("Answer feedback", "\n".join(lines),
                                                                   fields=fields))
        interaction.extras["answered"] = True


async def setup(bot) -> None:
    await bot.add_cog(Feedback(bot))
