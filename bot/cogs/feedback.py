"""Feedback: the 👍/👎 buttons under answers (`bot.views.FeedbackView`, registered as a persistent view by the bot's
`setup_hook`) and `/feedback`, a summary of the votes for moderators."""

from __future__ import annotations

import asyncio

import discord
from discord import app_commands
from discord.ext import commands
from discord.utils import escape_markdown

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
        s = await asyncio.to_thread(self.bot.feedback.summary, 5, interaction.guild_id)
        lines = [f"{s['answers']} answers posted in this server; {s['up']} 👍 and {s['down']} 👎."]
        worst = "\n".join(f"• {escape_markdown(truncate(q, 150))} ({d} 👎, {u} 👍) · {_link(g, c, m)}"
                          for q, d, u, g, c, m in s["worst"])
        fields = [("Most down-voted answers", worst)] if worst else []
        await interaction.edit_original_response(embeds=text_embed("Answer feedback", "\n".join(lines),
                                                                   fields=fields))
        interaction.extras["answered"] = True


def _link(guild_id: int | None, channel_id: int | None, message_id: int) -> str:
    """A jump link to the rated answer (Discord's own message URL form)."""
    if channel_id is None:
        return "answer no longer known"
    return f"[the answer](https://discord.com/channels/{guild_id or '@me'}/{channel_id}/{message_id})"


async def setup(bot) -> None:
    await bot.add_cog(Feedback(bot))
